"""The generic MCTS core on synthetic trees whose best path is known (no env, no model)."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from agents.mcts import Evaluation, MCTSConfig, Proposal, Tree, search
from agents.mcts.search import priors_from_logprobs

ACTIONS = ("a", "b", "c")
TARGET = ("c", "a", "b", "c")  # the only trace worth 1.0


def _is_terminal(steps: tuple[str, ...]) -> bool:
    return len(steps) == len(TARGET)


def _expand_all_shuffled(steps: tuple[str, ...], k: int, rng: np.random.Generator) -> list[str]:
    # Every action, in an order drawn from the search's rng (like the candidates generator).
    return [ACTIONS[i] for i in rng.permutation(len(ACTIONS))][:k]


def _reward(steps: tuple[str, ...]) -> Evaluation:
    # Informative but imperfect: the share of positions right, squared; only TARGET scores 1.
    matches = sum(s == t for s, t in zip(steps, TARGET, strict=True))
    return Evaluation(value=(matches / len(TARGET)) ** 2, details={"matches": matches})


def _run(rollouts: int, seed: int, **overrides) -> object:
    config = MCTSConfig(rollouts=rollouts, max_depth=10, k=3, seed=seed, **overrides)
    return search(_expand_all_shuffled, _reward, config, is_terminal=_is_terminal,
                  classify=lambda step, index: "step")


def test_finds_known_best_path_within_stated_budget():
    # Budget: 48 rollouts of a 3-ary depth-4 tree (81 leaves; exhaustive search needs 81) for
    # every one of 50 seeds, with the paper's c = 2.0 (measured: 2 to 46 rollouts, median 25).
    needed = [_run(48, seed, stop_when_solved=True) for seed in range(50)]
    assert all(r.best_steps == TARGET for r in needed), [r.rollouts for r in needed]
    assert np.median([r.rollouts for r in needed]) <= 30


def test_more_rollouts_never_worse_on_average_over_seeds():
    budgets = (1, 2, 4, 8, 16, 32)
    means = [np.mean([_run(r, s).best_reward for s in range(30)]) for r in budgets]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(means)), means
    assert means[-1] > means[0]


def test_statistics_are_consistent():
    result = _run(48, seed=3)
    tree = result.tree
    assert tree.root.visits == result.rollouts == 48
    for node in tree:
        assert 0.0 <= node.value <= 1.0
        children = tree.children(node)
        if children and not node.terminal:
            # Each rollout through an expanded node continues into exactly one child.
            assert sum(c.visits for c in children) == node.visits
    assert result.best_reward == 1.0 and result.solved


def test_identical_siblings_are_merged():
    def expand_dupes(steps, k, rng):
        return ["x", "x  \n", "y", "```python\nprint(1)\n```"][:k] if not steps else []

    result = search(expand_dupes, lambda steps: 1.0,
                    MCTSConfig(rollouts=4, k=4, seed=0))
    root_children = result.tree.children(result.tree.root)
    assert [c.step.strip() for c in root_children] == ["x", "y", "```python\nprint(1)\n```"]
    assert root_children[0].count == 2
    assert result.stats["merged"] == 1
    # "x" and "y" lead nowhere (no children): dead ends score 0; the code step scores 1.
    assert result.best_steps == ("```python\nprint(1)\n```",)
    assert root_children[2].kind == "code" and root_children[0].kind == "outline"


def test_depth_limit_ends_a_trace_with_value_zero():
    result = search(lambda steps, k, rng: [f"thought {len(steps)}"], lambda s: 1.0,
                    MCTSConfig(rollouts=3, max_depth=2, k=1))
    leaf = result.tree[2]
    assert leaf.terminal and leaf.reward == 0.0 and leaf.details == {"truncated": True}
    assert result.best_reward == 0.0 and not result.solved


def test_puct_follows_priors_from_logprobs():
    def expand(steps, k, rng):
        if steps:
            return []
        return [Proposal("```python\nbad\n```", logprob=-9.0, tokens=3),
                Proposal("```python\ngood\n```", logprob=-0.3, tokens=3)]

    result = search(expand, lambda s: 1.0 if "good" in s[-1] else 0.0,
                    MCTSConfig(rollouts=1, k=2, selection="puct"))
    # One rollout: PUCT goes to the likelier child first.
    assert result.tree[2].visits == 1 and result.tree[1].visits == 0
    assert result.tree[2].prior > 0.9


def test_priors_from_logprobs_normalize():
    assert priors_from_logprobs([Proposal("a"), Proposal("b")]) == [0.5, 0.5]
    p = priors_from_logprobs([Proposal("a", logprob=-1.0), Proposal("b", logprob=-2.0)])
    assert abs(sum(p) - 1.0) < 1e-9 and p[0] > p[1]
    assert priors_from_logprobs([Proposal("a", prior=3.0), Proposal("b", prior=1.0)]) == [
        0.75, 0.25]


def test_value_leaf_evaluation_uses_the_prm():
    calls = []

    def prm(steps):
        calls.append(steps)
        return 0.25

    result = search(_expand_all_shuffled, _reward,
                    MCTSConfig(rollouts=5, max_depth=10, leaf_evaluation="value", seed=1),
                    is_terminal=_is_terminal, leaf_value=prm)
    assert calls, "the PRM was never asked"
    assert any(n.leaf_value == 0.25 for n in result.tree)
    with pytest.raises(ValueError, match="leaf_value"):
        search(_expand_all_shuffled, _reward, MCTSConfig(leaf_evaluation="value"))


def test_mixed_leaf_evaluation_blends_the_prm_with_the_rollout_outcome():
    # One rollout, k=1: the walk is root -> a -> ... -> terminal; its first new leaf (depth 1)
    # is scored by the PRM, the terminal by the tests, and the mix is backed up.
    def expand_one(steps, k, rng):
        return [TARGET[len(steps)]]

    for mix in (0.0, 0.3, 1.0):
        result = search(expand_one, _reward,
                        MCTSConfig(rollouts=1, max_depth=10, k=1, leaf_evaluation="mixed",
                                   leaf_mix=mix),
                        is_terminal=_is_terminal, leaf_value=lambda steps: 0.2)
        root = result.tree.root
        # TARGET scores 1.0 on the tests; the PRM said 0.2.
        assert root.value == pytest.approx((1 - mix) * 1.0 + mix * 0.2)
        assert result.best_reward == 1.0  # terminal rewards stay pure outcomes
    with pytest.raises(ValueError, match="leaf_mix"):
        MCTSConfig(leaf_mix=1.5)
    with pytest.raises(ValueError, match="leaf_value"):
        search(expand_one, _reward, MCTSConfig(leaf_evaluation="mixed"))


def test_stop_when_solved_saves_rollouts():
    full = _run(60, seed=0)
    early = _run(60, seed=0, stop_when_solved=True)
    assert early.solved and early.rollouts < full.rollouts
    assert early.best_steps == TARGET


def test_same_seed_same_tree_and_json_round_trip():
    a, b = _run(20, seed=7), _run(20, seed=7)
    assert a.tree.to_dict() == b.tree.to_dict()
    record = json.loads(json.dumps(a.to_dict()))
    tree = Tree.from_dict(record["tree"])
    assert tree.to_dict() == a.tree.to_dict()
    assert tree.steps(tree[a.best_node]) == a.best_steps


def test_tree_from_dict_rejects_bad_records():
    with pytest.raises(ValueError, match="nodes"):
        Tree.from_dict({})
    bad = Tree().to_dict()
    bad["nodes"][0]["children"] = [5]
    with pytest.raises(ValueError, match="child id"):
        Tree.from_dict(bad)


@pytest.mark.parametrize(
    ("field", "value"),
    [("rollouts", 0), ("k", -1), ("c", -0.1), ("top_p", 0.0), ("selection", "ucb"),
     ("leaf_evaluation", "prm"), ("max_depth", 1.5), ("plan_steps", -1), ("plan_steps", 5),
     ("plan_steps", True)],
)
def test_config_rejects_bad_values(field, value):
    with pytest.raises(ValueError, match=field):
        MCTSConfig(**{field: value})
