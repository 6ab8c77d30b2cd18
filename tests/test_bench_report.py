"""The leaderboard: agent kinds in separate tables, rows ranked only on the same tasks and seeds."""

from __future__ import annotations

from pathlib import Path

from benchmarks.agents import BENCH_AGENTS, KINDS
from benchmarks.report import format_leaderboard, leaderboard_groups, plot_results, summarize


def _episode(agent: str, task: str, seed: int, success: bool, tokens: int = 0) -> dict:
    return {"agent": agent, "task_id": task, "seed": seed, "success": success,
            "hidden": {"passed_tests": int(success), "total_tests": 1}, "aspr": None,
            "error": None, "budget": {"env_steps": 3, "tokens": tokens, "sandbox_runs": 1,
                                      "generated_steps": 3, "wall_s": 0.1}}


def _results() -> dict:
    five = [f"t/{i}" for i in range(5)]
    plan = {
        # label: (tasks, successes among them, tokens)
        "random": (five, 1, 0),
        "mcts-candidates": (five, 5, 0),
        "pseudo-greedy": (five[:2], 2, 100),  # 2 tasks, all solved
        "vanilla-greedy": (five[:2], 0, 80),
        "best-of-n": (five, 3, 300),           # 5 tasks: another task set
    }
    episodes = [_episode(label, task, 0, i < solved, tokens)
                for label, (tasks, solved, tokens) in plan.items()
                for i, task in enumerate(tasks)]
    labels = list(plan)
    return {
        "config": {"source": "builtin", "split": "test", "seeds": [0], "generator": "hf",
                   "model": "smollm2-135m", "budget": "default", "max_steps": 4},
        "agents": [BENCH_AGENTS[label].to_dict() for label in labels],
        "machine": {"cpus": 2}, "wall_s": 1.0, "choice_pool": {"split": "train", "tasks": 9},
        "summary": summarize(episodes, labels), "episodes": episodes,
    }


def test_kinds_get_separate_tables_and_only_like_rows_are_ranked_together() -> None:
    results = _results()
    groups = leaderboard_groups(results)
    by_labels = [(g["kind"], g["tasks"], [label for label, _ in g["rows"]]) for g in groups]
    assert by_labels == [
        ("oracle-fed", 5, ["random"]),
        ("model-free", 5, ["mcts-candidates"]),
        ("model", 5, ["best-of-n"]),
        ("model", 2, ["pseudo-greedy", "vanilla-greedy"]),
    ]
    board = format_leaderboard(results)
    oracle_at, free_at = board.index(KINDS["oracle-fed"]), board.index(KINDS["model-free"])
    model_at = board.index(KINDS["model"])
    assert oracle_at < board.index("| 1 | random |") < free_at \
        < board.index("| 1 | mcts-candidates |") < model_at
    # pseudo-greedy (1.00 on 2 tasks) is never ranked above best-of-n (0.60 on 5 tasks).
    assert "| 1 | best-of-n |" in board and "| 1 | pseudo-greedy |" in board
    assert board.count("| 1 |") == 4
    # The legend says what each agent sees; the footnote names the Choice env's pool.
    assert "`random`: K candidates from the env" in board
    assert "`pseudo-greedy`: problem only" in board
    assert "`train` split (9 tasks)" in board


def test_different_seeds_are_not_ranked_together() -> None:
    results = _results()
    extra = [_episode("sample", f"t/{i}", seed, True, 50) for i in range(2) for seed in (0, 1)]
    results["episodes"] += extra
    results["agents"].append(BENCH_AGENTS["sample"].to_dict())
    results["summary"] = summarize(results["episodes"], [a["label"] for a in results["agents"]])
    groups = [(g["tasks"], g["seeds"], [lab for lab, _ in g["rows"]]) for g in
              leaderboard_groups(results) if g["kind"] == "model"]
    assert (2, [0, 1], ["sample"]) in groups and (2, [0], ["pseudo-greedy", "vanilla-greedy"]) \
        in groups


def test_plot_has_a_panel_row_per_kind(tmp_path: Path) -> None:
    from PIL import Image

    one_kind = _results()
    one_kind["agents"] = [a for a in one_kind["agents"] if a["kind"] == "model"]
    one_kind["summary"] = {k: v for k, v in one_kind["summary"].items()
                           if k in {a["label"] for a in one_kind["agents"]}}
    small = plot_results(one_kind, tmp_path / "one.png")
    both = plot_results(_results(), tmp_path / "both.png")
    assert Image.open(both).height > 1.8 * Image.open(small).height
