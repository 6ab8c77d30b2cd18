"""PRM pieces without a neural model: heuristic PRM, AUC, pair accuracy, reranking, objectives,
config validation, and the plug-ins (env ``prm=``, MCTS leaf values)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from agents.mcts import Evaluation, MCTSConfig, search
from agents.prm import HeuristicPRM, ProcessRewardModel, load_prm
from agents.prm.encoder import fit_pair
from agents.prm.evaluate import evaluate_prm, pair_accuracy, rerank_gain, step_auc
from o1coder_env.stats import bootstrap_ci, roc_auc

PROBLEM = "Add two numbers. Implement `def add(a, b):`."
OUTLINE = "function add(a, b) -> number:\n    total <- a plus b\n    return total"
FOREIGN = "function trending_tags(posts, k) -> list:\n    count tags\n    return top k"
GOOD = "```python\ndef add(a, b):\n    total = a + b\n    return total\n```"
BAD = "```python\ndef add(a, b):\n    total = a - b\n    return total\n```"
BROKEN = "```python\ndef add(a, b)\n    return a +\n```"


def _records() -> list[dict]:
    def expand(steps, k, rng: np.random.Generator):
        if not steps:
            return [OUTLINE, FOREIGN]
        return [GOOD, BAD, BROKEN] if steps[0] == OUTLINE else [BAD, BROKEN]

    def evaluate(steps):
        return Evaluation(1.0 if steps[-1] == GOOD else 0.0, {})

    result = search(expand, evaluate, MCTSConfig(rollouts=12, k=3, seed=0))
    record = {"task_id": "toy/add", "problem": PROBLEM, "mode": "pseudocode",
              "tree": result.tree.to_dict()}
    return [json.loads(json.dumps(record))]


def test_heuristic_prm_follows_its_rules() -> None:
    prm = HeuristicPRM()
    assert isinstance(prm, ProcessRewardModel)
    good, broken = prm(PROBLEM, [OUTLINE, GOOD]), prm(PROBLEM, [OUTLINE, BROKEN])
    assert len(good) == 2 and all(0.0 <= s <= 1.0 for s in good + broken)
    assert good[0] == broken[0]  # causal: step 1 does not see step 2
    assert good[1] > 0.8 and broken[1] == 0.05  # parses, defines add, uses the plan's names
    assert prm(PROBLEM, [OUTLINE])[0] > prm(PROBLEM, [FOREIGN])[0]  # another task's step
    no_return = "```python\ndef add(a, b):\n    total = a + b\n    return None\n```"
    assert prm(PROBLEM, [OUTLINE, no_return])[1] < good[1]
    assert prm(PROBLEM, []) == [] and prm(PROBLEM, [""]) == [0.0]
    with pytest.raises(TypeError, match="sequence of strings"):
        prm(PROBLEM, "one string")
    with pytest.raises(TypeError, match="step 1"):
        prm(PROBLEM, [3])


def test_roc_auc_matches_hand_computed_values() -> None:
    assert roc_auc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1]) == 1.0
    assert roc_auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]) == 0.0
    assert roc_auc([1, 0, 1, 0], [0.9, 0.1, 0.5, 0.5]) == 0.875  # a tie counts half
    assert roc_auc([1, 0], [0.3, 0.3]) == 0.5
    assert np.isnan(roc_auc([1, 1], [0.1, 0.2]))
    rng = np.random.default_rng(0)
    y, s = rng.random(400) < 0.4, rng.random(400)
    brute = np.mean([(a > b) + 0.5 * (a == b) for a in s[y] for b in s[~y]])
    assert roc_auc(y, s) == pytest.approx(brute)
    with pytest.raises(ValueError, match="same length"):
        roc_auc([1, 0], [0.5])


def test_evaluation_of_the_heuristic_on_a_toy_tree() -> None:
    records = _records()
    prm = HeuristicPRM()
    aucs = step_auc(prm, records)
    assert aucs["steps"] >= 4 and aucs["code_steps"] >= 2
    assert aucs["auc_code"] > 0.5  # the broken program scores lowest
    pairs = pair_accuracy(prm, records)
    assert pairs["pairs"] >= 2 and 0.0 <= pairs["pair_accuracy"] <= 1.0
    rerank = rerank_gain(prm, records, n=2, groups=10, seed=0)
    assert rerank["tasks"] == 1 and rerank["draws"] == 10
    assert rerank["pass_oracle"] >= rerank["pass_prm"] >= 0.0
    assert rerank["gain"] == pytest.approx(rerank["pass_prm"] - rerank["pass_logprob"])
    # A PRM that knows the answer always picks the passing trace when one is drawn.
    oracle = lambda problem, steps: [1.0 if steps[-1] == GOOD else 0.0] * len(steps)  # noqa: E731
    perfect = rerank_gain(oracle, records, n=2, groups=10, seed=0)
    assert perfect["pass_prm"] == perfect["pass_oracle"]
    report = evaluate_prm(prm, records, n=2, groups=3, bootstrap=50)
    assert {"auc", "auc_code", "auc_plan", "auc_code_pass", "pair_accuracy", "rerank"} <= set(
        report)
    # One task: every task resample is the whole data, so the interval is the point value.
    for name in ("auc", "auc_code", "pair_accuracy"):
        assert report[f"{name}_ci"] == pytest.approx([report[name]] * 2), name
    assert "auc_ci" not in evaluate_prm(prm, records, n=2, groups=3, bootstrap=0)
    # auc_code_pass labels by "passed every test": the broken and the wrong program are
    # negatives, the right one positive, and the heuristic ranks the broken one lowest.
    assert 0.5 <= report["auc_code_pass"] <= 1.0


def test_paired_comparison_with_a_baseline_prm() -> None:
    # Three copies of the toy tree under other task ids: the bootstrap has tasks to resample.
    records = [{**r, "task_id": f"toy/add{i}"} for i in range(3) for r in _records()]
    heuristic = HeuristicPRM()

    def knows(problem, steps):  # scores a step by whether it leads to the right program
        return [0.9 if s in (OUTLINE, GOOD) else 0.1 for s in steps]

    report = evaluate_prm(knows, records, n=2, groups=3, bootstrap=200, baseline=heuristic)
    alone = evaluate_prm(heuristic, records, n=2, groups=3, bootstrap=0)
    for name in ("auc", "auc_code", "auc_plan", "pair_accuracy"):
        assert report[f"{name}_baseline"] == pytest.approx(alone[name]), name
        assert report[f"{name}_diff"] == pytest.approx(report[name] - alone[name]), name
        low, high = report[f"{name}_diff_ci"]
        assert low <= report[f"{name}_diff"] + 1e-9 and report[f"{name}_diff"] - 1e-9 <= high
    # The heuristic cannot tell the mutant ``a - b`` from ``a + b``; this PRM can.
    assert report["auc_code"] == 1.0 and report["auc_code_diff"] > 0
    # Against itself every difference is exactly zero, in every resample.
    same = evaluate_prm(heuristic, records, n=2, groups=3, bootstrap=50, baseline=heuristic)
    assert same["auc_diff"] == 0.0 and same["auc_diff_ci"] == [0.0, 0.0]
    assert same["pair_accuracy_diff_ci"] == [0.0, 0.0]
    assert "auc_diff" not in alone


def test_bootstrap_ci_resamples_whole_groups() -> None:
    # Two groups: "a" items are all 1, "b" items all 0; a resample holds 0, 1 or 2 copies of a.
    groups = ["a"] * 3 + ["b"] * 5
    values = np.array([1.0] * 3 + [0.0] * 5)
    low, high = bootstrap_ci(groups, lambda ix: float(values[ix].mean()), resamples=400, seed=0)
    assert low == 0.0 and high == 1.0  # whole groups move together: means are 0, 3/8 or 1
    again = bootstrap_ci(groups, lambda ix: float(values[ix].mean()), resamples=400, seed=0)
    assert again == [low, high]
    # Many small groups around 0.5: a narrow interval that holds the mean.
    rng = np.random.default_rng(1)
    x = rng.random(2000)
    lo, hi = bootstrap_ci(list(range(2000)), lambda ix: float(x[ix].mean()), seed=0)
    assert lo < x.mean() < hi and hi - lo < 0.05
    assert np.isnan(bootstrap_ci([], lambda ix: 0.0)).all()
    assert np.isnan(bootstrap_ci(["a"], lambda ix: float("nan"), resamples=5)).all()
    with pytest.raises(ValueError, match="resamples"):
        bootstrap_ci(groups, lambda ix: 0.0, resamples=0)
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci(groups, lambda ix: 0.0, level=1.0)


def test_fit_pair_keeps_the_step_first_and_both_of_its_ends() -> None:
    context, step = list(range(100)), list(range(1000, 1300))
    c, s = fit_pair(context, step, 128)
    assert len(c) + len(s) + 3 == 128
    assert len(c) == 128 // 4  # the context keeps its reserve
    assert c[:10] == context[:10] and c[-21:] == context[-21:]  # problem start, latest steps
    assert s[:31] == step[:31] and s[-62:] == step[-62:]  # a third head, two thirds tail
    # A short context leaves the rest to the step; a short step leaves it to the context.
    c, s = fit_pair(context[:10], step, 128)
    assert c == context[:10] and len(s) == 115 and s[-1] == step[-1]
    c, s = fit_pair(context, step[:20], 128)
    assert s == step[:20] and c == context  # fits: nothing cut
    c, s = fit_pair(context * 3, step[:20], 128)
    assert s == step[:20] and len(c) == 105 and c[0] == 0 and c[-1] == 99


def test_objectives_and_config_validation() -> None:
    torch = pytest.importorskip("torch")
    from agents.prm.objectives import pairwise_bt_loss, pointwise_bce_loss
    from agents.prm.train import PRMTrainConfig

    z = torch.tensor([0.0, 2.0])
    assert float(pointwise_bce_loss(z, torch.tensor([0.5, 1.0]))) == pytest.approx(
        (np.log(2) + np.log1p(np.exp(-2.0))) / 2, rel=1e-5)
    assert float(pairwise_bt_loss(torch.tensor([1.0]), torch.tensor([1.0]))) == pytest.approx(
        np.log(2), rel=1e-5)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        pointwise_bce_loss(z, torch.tensor([0.5, 1.5]))
    with pytest.raises(ValueError, match="shape"):
        pairwise_bt_loss(z, torch.tensor([1.0]))
    cfg = PRMTrainConfig(kind="generative")
    assert (cfg.model, cfg.lr, cfg.batch_size) == ("smollm2-135m", 1e-4, 4)
    for bad, match in [({"kind": "tree"}, "kind"), ({"objective": "listwise"}, "objective"),
                       ({"epochs": 0}, "epochs"), ({"max_steps": 0}, "max_steps"),
                       ({"lr": -1.0}, "lr"), ({"margin": -0.1}, "margin")]:
        with pytest.raises(ValueError, match=match):
            PRMTrainConfig(**bad)


def test_load_prm_names_what_is_wrong(tmp_path) -> None:
    assert isinstance(load_prm("heuristic"), HeuristicPRM)
    with pytest.raises(FileNotFoundError, match="not a PRM checkpoint"):
        load_prm(tmp_path)
    (tmp_path / "prm_config.json").write_text('{"kind": "oracle"}')
    with pytest.raises(ValueError, match="unknown PRM kind 'oracle'"):
        load_prm(tmp_path)


def test_cli_eval_with_the_heuristic(tmp_path, capsys) -> None:
    from o1coder_cli.main import main

    data = tmp_path / "trees.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _records()))
    out = tmp_path / "report.json"
    assert main(["prm", "eval", "--model", "heuristic", "--data", str(data), "--n", "2",
                 "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["steps"] >= 4 and "rerank" in report
    assert json.loads(capsys.readouterr().out)["auc"] == report["auc"]
    assert "baseline" not in report  # the heuristic is not compared with itself
    assert main(["prm", "eval", "--model", str(tmp_path), "--data", str(data)]) == 2


def test_heuristic_prm_plugs_into_the_env_and_mcts_leaf_values() -> None:
    import gymnasium as gym
    from _env_fixtures import tiny_tasks

    import o1coder_env  # noqa: F401  (registers the envs)
    from agents.generators.candidates_backend import CandidateGenerator
    from agents.mcts.agent import EnvSearch
    from o1coder_env.protocol.prompts import task_problem_text
    from o1coder_env.step_candidates import reference_trace

    prm = HeuristicPRM()
    tasks = tiny_tasks()
    env = gym.make("O1Coder-v0", tasks=tasks, prm=prm, prm_mode="step", sandbox="process")
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    task = env.unwrapped.task
    trace = reference_trace(task)
    info: dict = {}
    for step in trace:
        info = env.step(step)[-1]
    problem = task_problem_text(task)
    assert info["process_rewards"] == pytest.approx(prm(problem, trace))
    env.close()

    sim = gym.make("O1Coder-v0", tasks=tasks, report_hidden=False, sandbox="process")
    sim.reset(seed=0, options={"task_id": "tiny/add_pair"})
    search_ = EnvSearch(sim.unwrapped, CandidateGenerator(tasks, seed=0), problem=problem,
                        task_id="tiny/add_pair", prm=prm,
                        config=MCTSConfig(rollouts=6, leaf_evaluation="value", seed=0))
    result = search_.run()
    assert result.stats["leaf_values"] > 0
    for node in result.tree:
        if node.leaf_value is not None:
            steps = list(result.tree.steps(node))
            assert node.leaf_value == pytest.approx(prm(problem, steps)[-1])
    sim.close()


def test_auc_task_averages_each_tasks_own_auc() -> None:
    from agents.prm.evaluate import step_auc

    # Two tasks; the PRM ranks each task's steps perfectly, but task b's scores all sit below
    # task a's: the pooled AUC suffers, the per-task AUC does not.
    def record(task_id: str, values: list[float]) -> dict:
        nodes = [{"id": 0, "parent": None, "step": "", "kind": "root", "depth": 0, "visits": 4,
                  "value_sum": 2.0, "children": list(range(1, len(values) + 1))}]
        nodes += [{"id": i + 1, "parent": 0, "step": f"{task_id} step {v}", "kind": "outline",
                   "depth": 1, "visits": 1, "value_sum": v, "children": []}
                  for i, v in enumerate(values)]
        return {"task_id": task_id, "problem": task_id, "tree": {"root_steps": [], "nodes": nodes}}

    records = [record("a", [0.0, 1.0, 0.0]), record("b", [1.0, 0.0, 0.0])]
    offset = {"a": 0.5, "b": 0.0}

    def ranker(problem, steps):
        v = float(steps[-1].split()[-1])
        return [offset[problem] + 0.4 * v] * len(steps)

    report = step_auc(ranker, records, bootstrap=100, baseline=HeuristicPRM())
    assert report["auc_task"] == 1.0 and report["auc"] < 1.0
    assert report["auc_task_ci"] == [1.0, 1.0]
    assert report["auc_task_diff"] == pytest.approx(1.0 - report["auc_task_baseline"])
