"""MCTS on the built-in suite with the `candidates` generator; `o1coder mcts` and export."""

from __future__ import annotations

import json
import time

import pytest
from _agent_fixtures import process_sandbox

from agents.mcts import MCTSConfig
from o1coder_env.tasks import load_tasks

# slow: building the candidates generator takes ~30 s and the searches run real programs.
pytestmark = pytest.mark.slow


def _candidates():
    from agents.generators import make_generator

    return make_generator("candidates", tasks=load_tasks("builtin"), seed=0)


@pytest.mark.slow
def test_mcts_solves_95_percent_of_builtin_test_tasks_within_32_rollouts(tmp_path):
    from agents.mcts.synthesize import synthesize

    tasks = load_tasks("builtin", split="test")
    config = MCTSConfig(rollouts=32, stop_when_solved=True, seed=0)
    start = time.perf_counter()
    summary = synthesize(tasks, _candidates(), config, out=tmp_path / "t.jsonl",
                         progress=False, sandbox=process_sandbox())
    wall = time.perf_counter() - start
    records = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    rate = summary["solved"] / len(tasks)
    print(f"solved {summary['solved']}/{len(tasks)} = {rate:.1%} in {wall:.1f}s; rollouts "
          f"used: {sorted(r['rollouts'] for r in records)}")
    assert rate >= 0.95
    # The solving trace is the search's best trace, and it scored 1.0 on public tests.
    assert all(r["best_reward"] == 1.0 for r in records if r["solved"])


def test_cli_synthesis_is_resumable_and_exports(tmp_path):
    from o1coder_cli.main import main

    out = tmp_path / "trees.jsonl"
    ids = [t.task_id for t in load_tasks("builtin", split="train", limit=2)]
    argv = ["mcts", "--source", "builtin", "--split", "train", "--generator", "candidates",
            "--rollouts", "6", "--out", str(out), "--no-progress", "--backend", "process",
            "--tasks", *ids]
    assert main(argv[:-1]) == 0  # the first task only
    assert [json.loads(x)["task_id"] for x in out.read_text().splitlines()] == ids[:1]
    # A torn last line (an interrupted write) is dropped, and the finished task is skipped.
    with open(out, "a") as handle:
        handle.write('{"task_id": "torn')
    assert main(argv) == 0
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["task_id"] for r in records] == ids
    for record in records:
        nodes = record["tree"]["nodes"]
        assert record["rollouts"] <= 6 and nodes[0]["visits"] == record["rollouts"]
        for node in nodes[1:]:
            assert {"id", "parent", "step", "kind", "visits", "value", "reward"} <= set(node)
            assert 0.0 <= node["value"] <= 1.0
        assert "hidden" not in json.dumps(record)
    for kind in ("sft", "prm", "prm-pairs", "dpo"):
        target = tmp_path / f"{kind}.jsonl"
        assert main(["mcts", "export", "--trees", str(out), "--kind", kind,
                     "--out", str(target)]) == 0
        rows = [json.loads(x) for x in target.read_text().splitlines()]
        assert rows, kind
    sft = [json.loads(x) for x in (tmp_path / "sft.jsonl").read_text().splitlines()]
    assert all(r["completion"][0]["role"] == "assistant" for r in sft)


def test_env_search_caches_code_results():
    import gymnasium as gym

    from agents.base import public_task
    from agents.mcts.agent import EnvSearch
    from o1coder_env.protocol.prompts import task_problem_text

    task = load_tasks("builtin", split="test")[0]
    env = gym.make("O1Coder-v0", tasks=[public_task(task)], report_hidden=False,
                   sandbox=process_sandbox())
    env.reset(seed=0, options={"task_id": task.task_id})
    search = EnvSearch(env.unwrapped, _candidates(), problem=task_problem_text(task),
                       task_id=task.task_id, config=MCTSConfig(rollouts=12, seed=0))
    result = search.run()
    terminals = [n for n in result.tree if n.terminal and n.reward is not None]
    assert result.stats["evaluations"] == len(terminals)
    # Re-evaluating a known program hits the cache instead of the sandbox.
    best = result.tree[result.best_node]
    before = search.cache_hits
    again = search.evaluate(result.tree.steps(best))
    assert search.cache_hits == before + 1 and again.value == best.reward
    env.close()


def test_train_trees_never_show_test_tasks_steps(tmp_path):
    from agents.mcts.synthesize import candidate_pool
    from o1coder_cli.main import main
    from o1coder_env.step_candidates import reference_trace

    train = load_tasks("builtin", split="train")
    test_steps = {s.strip() for t in load_tasks("builtin", split="test")
                  for s in reference_trace(t)}
    pool = candidate_pool("split", "builtin", split="train", path=None, selected=[])
    assert {t.task_id for t in pool} == {t.task_id for t in train}
    assert candidate_pool("selected", "builtin", split="train", path=None,
                          selected=train[:3]) == train[:3]
    assert len(candidate_pool("source", "builtin", split="train", path=None,
                              selected=[])) > len(train)
    with pytest.raises(ValueError, match="pool"):
        candidate_pool("everything", "builtin", split=None, path=None, selected=[])
    # Two train tasks searched with the default pool: no node is a test task's step. With
    # --pool source some are (other tasks' outlines and programs are the wrong candidates).
    ids = [t.task_id for t in train[:2]]
    seen = {}
    for pool_name in ("split", "source"):
        out = tmp_path / f"{pool_name}.jsonl"
        assert main(["mcts", "--source", "builtin", "--split", "train", "--rollouts", "15",
                     "--pool", pool_name, "--recovery", "0.5", "--out", str(out),
                     "--no-progress", "--backend", "process", "--tasks", *ids]) == 0
        records = [json.loads(x) for x in out.read_text().splitlines()]
        assert {r["generator"] for r in records} == {"candidates:recovery=0.5"}
        seen[pool_name] = {n["step"].strip() for r in records for n in r["tree"]["nodes"]}
    assert not seen["split"] & test_steps
    assert seen["source"] & test_steps
    assert main(["mcts", "--generator", "hf", "--recovery", "0.5", "--out",
                 str(tmp_path / "x.jsonl")]) == 2


class _CodeFirst:
    """A step generator that writes a plan and the program in every step, as SmolLM2 does."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.calls: list[tuple[str, ...]] = []

    def generate(self, prompts, n=1, sampling=None):
        from agents.generators.base import Generation

        self.calls.append(prompts[0].steps)
        return [[Generation(text=f"Plan {i}: add the numbers.\n```python\n{self.code}\n```",
                            prompt_tokens=1, completion_tokens=9, logprob=-1.0 - i,
                            finish_reason="stop") for i in range(n)] for _ in prompts]


def test_plan_steps_cut_the_first_steps_before_their_code():
    """``plan_steps=1``: the root's children are plans (fence cut off, not terminal); the
    program comes one step later. Off, the same generator ends every trace at step 1."""
    import gymnasium as gym

    from agents.base import public_task
    from agents.mcts.agent import EnvSearch, plan_part, tree_record
    from o1coder_env.protocol.prompts import task_problem_text

    assert plan_part("Plan.\n```python\nx = 1\n```") == "Plan."
    assert plan_part("```python\nx = 1\n```") == "" and plan_part("No code.") == "No code."
    task = load_tasks("builtin", split="test")[0]
    env = gym.make("O1Coder-v0", tasks=[public_task(task)], report_hidden=False,
                   sandbox=process_sandbox())
    shapes = {}
    for plan_steps in (0, 1):
        env.reset(seed=0, options={"task_id": task.task_id})
        generator = _CodeFirst(task.reference_solution)
        search = EnvSearch(env.unwrapped, generator, problem=task_problem_text(task),
                           task_id=task.task_id,
                           config=MCTSConfig(rollouts=4, k=2, max_depth=3, seed=0,
                                             plan_steps=plan_steps))
        result = search.run()
        root_kids = [n for n in result.tree if n.parent == result.tree.root.id]
        shapes[plan_steps] = (root_kids, result)
        best = result.tree[result.best_node]
        assert best.reward == 1.0  # the reference solves its own task either way
    off_kids, off = shapes[0]
    assert all(n.terminal and "```python" in n.step for n in off_kids)
    assert max(n.depth for n in off.tree) == 1
    on_kids, on = shapes[1]
    assert [n.step for n in on_kids] == ["Plan 0: add the numbers.", "Plan 1: add the numbers."]
    assert not any(n.terminal or "```" in n.step for n in on_kids)
    # The programs are their children: the search expanded below the root, and the best
    # trace is plan then code.
    assert max(n.depth for n in on.tree) == 2
    best_steps = on.tree.steps(on.tree[on.best_node])
    assert len(best_steps) == 2 and "```" not in best_steps[0] and "```python" in best_steps[1]
    # The tree record keeps the setting, so exported data says how its steps were made.
    record = tree_record(task.task_id, "", on, mode="pseudocode", generator="scripted",
                         reward_tests="public", wall_s=0.0)
    assert record["config"]["plan_steps"] == 1
    # Direct mode is one step, the program: plan_steps does not apply there.
    env.reset(seed=0, options={"task_id": task.task_id})
    direct = EnvSearch(env.unwrapped, _CodeFirst(task.reference_solution),
                       problem=task_problem_text(task), task_id=task.task_id, mode="direct",
                       config=MCTSConfig(rollouts=2, k=2, max_depth=3, plan_steps=2))
    assert (direct.config.max_depth, direct.config.plan_steps) == (1, 0)
    assert direct.run().best_reward == 1.0
    env.close()


def test_cli_prm_sets_the_priors_and_bad_uses_are_refused(tmp_path, capsys):
    from agents.prm import load_prm
    from agents.prm.base import StepExample
    from o1coder_cli.main import main

    out = tmp_path / "trees.jsonl"
    [task] = load_tasks("builtin", split="train", limit=1)
    argv = ["mcts", "--source", "builtin", "--split", "train", "--generator", "candidates",
            "--rollouts", "4", "--k", "3", "--out", str(out), "--no-progress", "--backend",
            "process", "--tasks", task.task_id, "--plan-steps", "1", "--prm", "heuristic"]
    assert main(argv) == 0
    record = json.loads(out.read_text())
    assert record["config"]["selection"] == "puct" and record["config"]["plan_steps"] == 1
    nodes = record["tree"]["nodes"]
    kids = [n for n in nodes if n["parent"] == 0]
    assert kids and not any("```" in n["step"] for n in kids)
    # The root's children carry the heuristic PRM's scores, normalized, as their priors.
    scores = load_prm("heuristic").score_examples(
        [StepExample(record["problem"], (), n["step"]) for n in kids])
    assert record["stats"]["merged"] == 0  # (a merged duplicate would share the mass)
    assert [n["prior"] for n in kids] == pytest.approx([s / sum(scores) for s in scores],
                                                       rel=1e-4)
    for bad, message in ((["--prm", str(tmp_path / "nope")], "nope"),
                         (["--prm", "heuristic", "--workers", "2"], "drop --remote"),
                         (["--plan-steps", "5"], "plan_steps")):
        assert main(argv[:-4] + bad + ["--out", str(tmp_path / "x.jsonl")]) == 2
        assert message in capsys.readouterr().err
