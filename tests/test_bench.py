"""The bench: metrics against brute force, a real small run, resume, config errors."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import pytest

from benchmarks.runner import BenchConfig, load_done, plan_units, run_bench
from o1coder_env.stats import mean_interval, pass_at_k, wilson_interval


@pytest.mark.parametrize("n,c,k", [(1, 0, 1), (1, 1, 1), (5, 2, 1), (5, 2, 3), (10, 3, 5),
                                   (10, 9, 2), (20, 0, 10), (7, 7, 7)])
def test_pass_at_k_matches_the_combinatorial_definition(n: int, c: int, k: int) -> None:
    expected = 1 - math.comb(n - c, k) / math.comb(n, k)
    assert pass_at_k(n, c, k) == pytest.approx(expected)


def test_pass_at_k_rejects_inconsistent_counts() -> None:
    with pytest.raises(ValueError, match="0 <= c <= n"):
        pass_at_k(3, 4, 1)
    with pytest.raises(ValueError, match="1 <= k <= n"):
        pass_at_k(3, 1, 4)


def test_intervals_contain_the_estimate_and_shrink_with_n() -> None:
    small, large = wilson_interval(3, 10), wilson_interval(300, 1000)
    assert small.low < 0.3 < small.high and large.low < 0.3 < large.high
    assert (large.high - large.low) < (small.high - small.low)
    assert wilson_interval(0, 5).low == 0.0
    m = mean_interval([1.0, 2.0, 3.0])
    assert m.value == 2.0 and m.low < 2.0 < m.high


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="unknown bench agent"):
        BenchConfig(agents=["nope"])
    with pytest.raises(ValueError, match="budget"):
        BenchConfig(budget="huge")
    with pytest.raises(ValueError, match="workers"):
        BenchConfig(workers=0)


def test_llm_agents_run_on_the_llm_subset_only() -> None:
    config = BenchConfig(agents=["random", "pseudo-greedy"], limit=5, llm_limit=2, seeds=[0, 1])
    units = plan_units(config)
    by_agent = {a: {u.task_id for u in units if u.label == a} for a in ("random", "pseudo-greedy")}
    assert len(by_agent["random"]) == 5 and len(by_agent["pseudo-greedy"]) == 2
    assert len(units) == (5 + 2) * 2


def test_small_offline_run_writes_files_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    config = BenchConfig(agents=["random", "mcts-candidates"], limit=3, out=str(out),
                         aspr_k=2)
    results = run_bench(config, progress=False)
    for name in ("results.json", "leaderboard.md", "plot.png", "episodes.jsonl"):
        assert (out / name).stat().st_size > 0
    assert {e["agent"] for e in results["episodes"]} == {"random", "mcts-candidates"}
    assert all(e["error"] is None for e in results["episodes"]), results["episodes"]
    summary = results["summary"]
    assert summary["random"]["tasks"] == summary["mcts-candidates"]["tasks"] == 3
    board = (out / "leaderboard.md").read_text()
    # random picks among the env's K (reference step included): oracle-fed. mcts-candidates
    # searches train-split steps only: model-free, in a table of its own.
    assert board.index("Oracle-fed agents") < board.index("| random |") \
        < board.index("Model-free agents") < board.index("| mcts-candidates |")
    # Rerun: nothing is run again, and the episodes are identical (deterministic seeds).
    seen: list[dict] = []
    again = run_bench(config, progress=False, on_episode=seen.append)
    assert seen == []
    assert json.dumps(again["episodes"], sort_keys=True, default=str) == json.dumps(
        results["episodes"], sort_keys=True, default=str)


def test_torn_last_line_is_ignored_on_resume(tmp_path: Path) -> None:
    path = tmp_path / "episodes.jsonl"
    path.write_text('{"agent": "a", "task_id": "t", "seed": 0}\n{"agent": "b", "ta')
    done = load_done(path)
    assert list(done) == ["a\tt\t0"]


def test_a_different_config_in_the_same_out_dir_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    run_bench(BenchConfig(agents=["random"], limit=1, out=str(out)), progress=False)
    with pytest.raises(ValueError, match="different bench configuration"):
        run_bench(BenchConfig(agents=["random"], limit=1, out=str(out), max_steps=3),
                  progress=False)


def test_cli_help_and_bad_agent(capsys: pytest.CaptureFixture[str]) -> None:
    from o1coder_cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--help"])
    assert exit_info.value.code == 0
    assert "--agents" in capsys.readouterr().out
    assert main(["bench", "--agents", "nope"]) == 2
    assert "unknown bench agent" in capsys.readouterr().err


def test_bench_env_allows_more_than_the_registered_steps() -> None:
    # max_steps above the registered 8 must not be cut by gymnasium's TimeLimit.
    from benchmarks.agents import PSEUDOCODE_ENV
    from benchmarks.runner import _env

    env = _env(BenchConfig(agents=["random"], limit=1, max_steps=10), PSEUDOCODE_ENV)
    env.reset(seed=0)
    truncated = terminated = False
    for _ in range(9):
        _, _, terminated, truncated, _ = env.step("Step: think more.")
        assert not (terminated or truncated)
    assert env.unwrapped.max_steps == 10
    assert env.spec.max_episode_steps >= 11


def test_limit_without_llm_limit_applies_to_the_llm_agents_too() -> None:
    agents = ("random", "pseudo-greedy")
    for config, llm_tasks in ((BenchConfig(agents=list(agents), limit=3), 3),
                              (BenchConfig(agents=list(agents)), 2),
                              (BenchConfig(agents=list(agents), limit=3, llm_limit=1), 1),
                              (BenchConfig(agents=list(agents), limit=3, llm_limit=0), 3)):
        units = plan_units(config)
        assert len({u.task_id for u in units if u.label == "pseudo-greedy"}) == llm_tasks


def test_reward_tests_tcg_scores_the_simulator_on_trusted_generated_tests() -> None:
    # The simulator holds a public copy of the task (no reference): the TCG tests must come from
    # the real task, generated by the evaluation env (trusted code), and reach the simulator.
    import gymnasium as gym

    import o1coder_env  # noqa: F401
    from agents.base import run_episode
    from agents.baselines import BaseAgent
    from o1coder_env.envs import step_limits
    from o1coder_env.tasks import load_tasks

    tasks = load_tasks("builtin", split="test", limit=1)
    env = gym.make("O1Coder-v1", evaluation=True, tasks=tasks, **step_limits(4))
    seen: dict[str, object] = {}

    class Probe(BaseAgent):
        name = "probe"

        def act(self, observation: object, info: dict) -> str:
            assert self.tools is not None
            sim = self.tools.simulator()
            inner = sim.env.unwrapped
            seen["reference"] = inner.task.reference_solution
            seen["plan"] = dict(inner._plan_for(inner.task).reward)
            return "```python\ndef nothing():\n    return None\n```"

    record = run_episode(Probe(), env, tasks[0].task_id, seed=0, reward_tests="tcg")
    assert record.error is None, record.error
    assert seen["reference"] is None
    trusted = env.unwrapped.tcg_tests_for(tasks[0])
    assert trusted and seen["plan"] == {"tcg": trusted}
    from o1coder_env.tcg import FixedTCG

    with pytest.raises(ValueError, match="holds tests of"):
        FixedTCG("other/task", trusted).generate(tasks[0])

    config = BenchConfig(agents=["mcts-candidates"], limit=1, reward_tests="tcg", aspr_k=0,
                         out="unused")
    from benchmarks.runner import EpisodeUnit, run_unit

    row = run_unit(config, EpisodeUnit("mcts-candidates", tasks[0].task_id, 0))
    assert row["error"] is None, row["error"]


def test_choice_env_candidates_never_show_other_test_tasks_steps() -> None:
    # The Choice env's wrong candidates come from the train split (as in self-play): another
    # evaluated task's reference steps must never be offered.
    from benchmarks.agents import CHOICE_ENV
    from benchmarks.runner import _env, _tasks
    from o1coder_env.step_candidates import reference_trace
    from o1coder_env.tasks import load_tasks

    config = BenchConfig(agents=["random"], out="unused")
    tasks = _tasks(config)
    env = _env(config, CHOICE_ENV)
    train_steps = {s for t in load_tasks("builtin", split="train") for s in reference_trace(t)}
    offered_from_train = 0
    for task in tasks:
        others = {s for t in tasks if t.task_id != task.task_id for s in reference_trace(t)}
        for seed in (0, 1):
            _, info = env.reset(seed=seed, options={"task_id": task.task_id})
            done = False
            while not done:
                leaked = set(info["candidates"]) & others
                assert not leaked, f"{task.task_id}: other test tasks' steps offered: {leaked}"
                offered_from_train += len(set(info["candidates"]) & train_steps)
                action = env.unwrapped.oracle_action()
                _, _, terminated, truncated, info = env.step(action)
                done = terminated or truncated
    assert offered_from_train > 0


def test_mcts_candidates_never_proposes_the_evaluated_tasks_reference(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue #23: the bench's candidates generator proposed the evaluated task's reference step
    # plus mutants of its reference. Every step it offers while a test task is evaluated must
    # come from elsewhere (the train split): never that task's reference steps or code, never a
    # mutant of it.
    from benchmarks.runner import EpisodeUnit, _generator, _tasks, run_unit
    from o1coder_env.step_candidates import CandidateProposer, reference_trace
    from o1coder_env.tasks import load_tasks

    config = BenchConfig(agents=["mcts-candidates"], limit=4, aspr_k=0, out="unused")
    spec = config.specs()[0]
    generator = _generator(config, spec, 0)  # the cached one run_unit uses
    offered: dict[str, set[str]] = {}
    real_generate = generator.generate

    def recording(prompts: list, n: int = 1, sampling: object = None) -> list:
        rows = real_generate(prompts, n, sampling)
        for prompt, row in zip(prompts, rows, strict=True):
            offered.setdefault(prompt.task_id, set()).update(g.text for g in row)
        return rows

    monkeypatch.setattr(generator, "generate", recording)
    tasks = _tasks(config)
    for task in tasks:
        row = run_unit(config, EpisodeUnit("mcts-candidates", task.task_id, 0))
        assert row["error"] is None, row["error"]
    assert set(offered) == {t.task_id for t in tasks}
    train_steps = {s for t in load_tasks("builtin", split="train") for s in reference_trace(t)}
    for task in tasks:
        trace = reference_trace(task)
        mutants = set(CandidateProposer([task]).mutant_steps(task))
        assert mutants, task.task_id
        code = (task.reference_solution or "").strip()
        for text in offered[task.task_id]:
            assert text not in trace and text not in mutants, (task.task_id, text[:80])
            assert code not in text, (task.task_id, text[:80])
            assert not any(step in text for step in trace[:-1]), (task.task_id, text[:80])
            assert text in train_steps, (task.task_id, text[:80])
    assert spec.kind == "model-free"  # so it is not ranked among the oracle-fed agents


def test_a_candidates_agent_without_a_train_pool_is_refused_up_front(tmp_path: Path) -> None:
    # Evaluating every split leaves no train task to draw from: a clear error, before any episode.
    config = BenchConfig(agents=["mcts-candidates"], split=None, out=str(tmp_path / "b"))
    with pytest.raises(ValueError, match=r"mcts-candidates.*leave the agent out"):
        run_bench(config, progress=False)
    assert not (tmp_path / "b" / "episodes.jsonl").exists()


def test_suites_run_after_the_main_set_with_their_own_agents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import runner
    from benchmarks.runner import SUITES, Suite

    monkeypatch.setitem(SUITES, "proc-smoke", Suite(
        "proc-smoke", "procedural", "families=arith;levels=1-2;count=1", "test", None,
        ("mcts-candidates",), "two procedural tasks"))
    out = tmp_path / "bench"
    config = BenchConfig(agents=["random"], limit=2, out=str(out), aspr_k=0,
                         suites=["proc-smoke"])
    results = run_bench(config, progress=False)
    assert set(results["summary"]) == {"random"}
    suite = results["suites"]["proc-smoke"]
    assert set(suite["summary"]) == {"mcts-candidates"}
    assert {e["task_id"] for e in suite["episodes"]} == {
        "procedural/arith/L1/test/0", "procedural/arith/L2/test/0"}
    assert all(e["error"] is None for e in suite["episodes"]), suite["episodes"]
    assert (out / "suites" / "proc-smoke" / "results.json").is_file()
    board = (out / "leaderboard.md").read_text()
    assert "# Suite `proc-smoke`: two procedural tasks" in board
    assert board.index("random") < board.index("# Suite") < board.rindex("mcts-candidates")
    with pytest.raises(ValueError, match="unknown suite"):
        BenchConfig(suites=["nope"])
    assert runner.suite_config(config, "proc-smoke").llm_limit == 0


def test_bare_bench_adds_the_default_suites_and_a_selection_does_not() -> None:
    import argparse

    from benchmarks.cli import add_parser, config_from_args
    from benchmarks.runner import DEFAULT_SUITES, SUITES
    from o1coder_env.tasks import load_tasks

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    assert config_from_args(parser.parse_args(["bench"])).suites == list(DEFAULT_SUITES)
    assert "procedural-l1-3" in DEFAULT_SUITES
    assert config_from_args(parser.parse_args(["bench", "--agents", "random"])).suites == []
    assert config_from_args(parser.parse_args(["bench", "--suites", "none"])).suites == []
    suite = SUITES["procedural-l1-3"]
    tasks = load_tasks(suite.source, split=suite.split, path=suite.path, limit=suite.limit)
    assert sorted({t.metadata["level"] for t in tasks}) == [1, 2, 3] and len(tasks) == 6
    assert {"vanilla-greedy", "pseudo-greedy"} <= set(suite.agents)


def _gymnasium_notes(caught: list[warnings.WarningMessage]) -> list[str]:
    """Gymnasium's "out of date" / deprecation notes among caught warnings."""
    return [str(w.message) for w in caught
            if "out of date" in str(w.message) or "is deprecated" in str(w.message)
            or (issubclass(w.category, DeprecationWarning) and "gymnasium" in w.filename)]


def test_bench_and_agents_make_the_newest_env_ids_without_gymnasium_notes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue #23: the bench and the agents made the -v0 ids, so Gymnasium printed its "out of
    # date" note. They make the newest version of each env; old ids still work for users.
    import gymnasium as gym

    import o1coder_env  # noqa: F401
    from agents.base import DIRECT_ENV_ID, PSEUDOCODE_ENV_ID
    from agents.generators import make_generator
    from agents.mcts.search import MCTSConfig
    from agents.mcts.synthesize import search_one
    from agents.rl.config import CHOICE_ENV_ID
    from agents.rl.train import make_choice_env
    from benchmarks import runner
    from o1coder_env.tasks import load_tasks

    def newest(env_id: str) -> bool:
        name, version = env_id.rsplit("-v", 1)
        return all(int(s.version or 0) <= int(version) for s in gym.registry.values()
                   if s.name == name.split("/")[-1] and s.namespace is None)

    monkeypatch.setattr(runner, "_CACHE", {})  # every env of the run is made in this test
    tasks = load_tasks("builtin", split="test", limit=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        config = BenchConfig(agents=["random", "mcts-candidates"], limit=1, aspr_k=0,
                             seeds=[0], out=str(tmp_path / "bench"))
        results = run_bench(config, progress=False)
        runner._env(config, DIRECT_ENV_ID)  # the direct agents' env (they need an LLM to run)
        made = [v for k, v in runner._CACHE.items() if k[0] == "env"]
        env = make_choice_env(split="test", k=3, report_hidden=False)
        env.close()
        pool = load_tasks("builtin", split="train", limit=4)
        generator = make_generator("candidates", tasks=[*pool, *tasks], seed=0)
        for mode, depth in (("pseudocode", 2), ("direct", 1)):
            search_one(tasks[0], generator, MCTSConfig(rollouts=2, k=2, max_depth=depth, seed=0),
                       mode=mode)
    assert not _gymnasium_notes(caught), _gymnasium_notes(caught)
    assert {e["agent"] for e in results["episodes"]} == {"random", "mcts-candidates"}
    made_ids = {env.spec.id for env in made}
    assert made_ids == {PSEUDOCODE_ENV_ID, DIRECT_ENV_ID, CHOICE_ENV_ID}
    assert all(newest(i) for i in made_ids)
    assert all(env.unwrapped.evaluation is True for env in made)
    # The check can fail: an old id still works, with Gymnasium's note.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = gym.make("O1Coder-Direct-v0", tasks=tasks)
        old.close()
    assert any("out of date" in note for note in _gymnasium_notes(caught))
