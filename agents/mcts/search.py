"""Generic MCTS over reasoning steps, with the model and the tests injected as callables.

Like DeepMind's mctx, the search knows nothing about LLMs, envs or sandboxes: it is given

- ``expand(steps, k, rng) -> proposals``: sample ``k`` candidate next steps for a trace in ONE
  batched call (duplicates allowed: identical siblings are merged);
- ``is_terminal(steps) -> bool``: whether a trace has ended (the O1-Coder test: its last step
  holds a fenced python block);
- ``evaluate(steps) -> value``: the terminal value in ``[0, 1]`` (pass fraction on public or
  TCG tests; never hidden tests);
- optionally ``leaf_value(steps) -> value``: a value estimate of a non-terminal trace (a PRM).

One rollout (the paper's "rollout", the authors' default 15 per problem) walks from the root:
at an expanded node it selects a child by UCT (``Q/N + c*sqrt(ln N_parent / N)``, unvisited
children first) or PUCT (``Q/N + c*P*sqrt(N_parent)/(1+N)``, priors from the generator's
log-probabilities); at an unexpanded node it samples ``k`` children and goes on into one of
them; it stops at a terminal node, whose value is backed up along the path (``N += 1``,
``V += value``), so every node's value ``v = V / N`` lies in ``[0, 1]``. With
``leaf_evaluation="value"`` the walk stops at the first new leaf instead and backs up
``leaf_value`` there (AlphaZero style); with ``"mixed"`` it scores that first new leaf with
``leaf_value``, walks on to a terminal node as usual and backs up
``(1 - leaf_mix) * outcome + leaf_mix * leaf_value`` (AlphaGo's mix of a value network and a
rollout).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from agents.mcts.tree import Node, Tree
from o1coder_env.protocol.steps import classify_step, is_code_step

__all__ = [
    "Evaluation",
    "MCTSConfig",
    "Proposal",
    "SearchResult",
    "default_is_terminal",
    "priors_from_logprobs",
    "search",
]

_SELECTIONS = ("uct", "puct")
_LEAF_EVALUATIONS = ("rollout", "value", "mixed")


@dataclass(frozen=True)
class MCTSConfig:
    """Settings of one search.

    Defaults are the O1-Coder authors' (15 rollouts, depth 5, 3 children per expansion,
    c = 2.0, temperature 0.8, top_p 0.95, top_k 40).

    Attributes:
        rollouts: Root-to-leaf walks per search.
        max_depth: Most steps in a trace (root steps included); a trace that reaches it without
            a code step ends with value 0.
        k: Children sampled per expansion, in one batched generator call.
        c: Exploration constant of UCT/PUCT.
        temperature: Sampling temperature of the expansion generator.
        top_p: Nucleus sampling threshold of the expansion generator.
        top_k: Top-k sampling limit of the expansion generator (0 = off).
        max_new_tokens: Longest step the expansion generator may write.
        selection: ``"uct"`` (the paper's) or ``"puct"`` (priors from log-probabilities).
        leaf_evaluation: ``"rollout"`` (walk on to a terminal node, the paper's), ``"value"``
            (stop at a new non-terminal leaf and back up the injected ``leaf_value``, a PRM) or
            ``"mixed"`` (score the walk's first new leaf with ``leaf_value``, walk on to a
            terminal node, back up ``(1 - leaf_mix) * outcome + leaf_mix * leaf_value``).
        leaf_mix: Weight of the leaf value in ``"mixed"`` (AlphaGo's lambda), in ``[0, 1]``.
        plan_steps: The first ``plan_steps`` steps of a trace (root steps included) are plans:
            the step generator cuts a proposed step before its first code fence, so a program
            comes at step ``plan_steps + 1`` at the earliest and the tree branches on plans
            first (0: off, the paper's rule: any step may hold the program). Read by the step
            generator (:class:`agents.mcts.agent.EnvSearch`), not by the search itself.
        stop_when_solved: Stop as soon as a terminal node scores 1.0 (saves budget when the
            best trace is all that is wanted; keep False to synthesize whole trees).
        seed: Seed of the search's random generator (tie-breaks and expansion sampling).
    """

    rollouts: int = 15
    max_depth: int = 5
    k: int = 3
    c: float = 2.0
    temperature: float = 0.8
    top_p: float = 0.95
    top_k: int = 40
    max_new_tokens: int = 256
    selection: str = "uct"
    leaf_evaluation: str = "rollout"
    leaf_mix: float = 0.5
    plan_steps: int = 0
    stop_when_solved: bool = False
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("rollouts", "max_depth", "k", "max_new_tokens"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"MCTSConfig.{name} must be an integer >= 1, got {value!r}")
        if not self.c >= 0:
            raise ValueError(f"MCTSConfig.c must be >= 0, got {self.c!r}")
        if not self.temperature >= 0:
            raise ValueError(f"MCTSConfig.temperature must be >= 0, got {self.temperature!r}")
        if not 0 < self.top_p <= 1:
            raise ValueError(f"MCTSConfig.top_p must be in (0, 1], got {self.top_p!r}")
        if not isinstance(self.top_k, int) or self.top_k < 0:
            raise ValueError(f"MCTSConfig.top_k must be an integer >= 0, got {self.top_k!r}")
        if self.selection not in _SELECTIONS:
            raise ValueError(f"MCTSConfig.selection must be one of {_SELECTIONS}, "
                             f"got {self.selection!r}")
        if self.leaf_evaluation not in _LEAF_EVALUATIONS:
            raise ValueError(f"MCTSConfig.leaf_evaluation must be one of {_LEAF_EVALUATIONS}, "
                             f"got {self.leaf_evaluation!r}")
        if not 0.0 <= self.leaf_mix <= 1.0:
            raise ValueError(f"MCTSConfig.leaf_mix must be in [0, 1], got {self.leaf_mix!r}")
        if not isinstance(self.plan_steps, int) or isinstance(self.plan_steps, bool) or not (
                0 <= self.plan_steps < self.max_depth):
            raise ValueError(f"MCTSConfig.plan_steps must be an integer in [0, max_depth), got "
                             f"{self.plan_steps!r} (max_depth {self.max_depth})")

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready dict."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Proposal:
    """One sampled candidate next step.

    Attributes:
        step: The step's text.
        logprob: Total log-probability of the step under the generator, if known.
        tokens: Number of tokens of the step (to length-normalize ``logprob``), if known.
        prior: An explicit prior (overrides the one derived from log-probabilities).
    """

    step: str
    logprob: float | None = None
    tokens: int | None = None
    prior: float | None = None


@dataclass(frozen=True)
class Evaluation:
    """The value of a trace and what produced it.

    Attributes:
        value: In ``[0, 1]`` (values outside are clipped by the search).
        details: JSON-ready details (test results of the search's own tests), stored on the node.
    """

    value: float
    details: Mapping[str, Any] = field(default_factory=dict)


ExpandFn = Callable[[tuple[str, ...], int, np.random.Generator], Sequence[Proposal | str]]
EvaluateFn = Callable[[tuple[str, ...]], "Evaluation | float"]
LeafValueFn = Callable[[tuple[str, ...]], float]
IsTerminalFn = Callable[[tuple[str, ...]], bool]


def default_is_terminal(steps: tuple[str, ...]) -> bool:
    """The paper's rule: a trace ends when its last step holds a fenced python block."""
    return bool(steps) and is_code_step(steps[-1])


def priors_from_logprobs(proposals: Sequence[Proposal]) -> list[float]:
    """Sibling priors: softmax of length-normalized log-probabilities, uniform when unknown.

    An explicit ``Proposal.prior`` wins for every proposal when all have one (renormalized).
    """
    n = len(proposals)
    if n == 0:
        return []
    if all(p.prior is not None for p in proposals):
        raw = [max(float(p.prior or 0.0), 0.0) for p in proposals]
        total = sum(raw)
        return [r / total for r in raw] if total > 0 else [1.0 / n] * n
    if all(p.logprob is not None for p in proposals):
        # Per-token log-probabilities: a long step is not a worse step for being long.
        scores = np.array(
            [float(p.logprob or 0.0) / max(p.tokens or 1, 1) for p in proposals], dtype=float
        )
        scores -= scores.max()
        weights = np.exp(scores)
        return list(weights / weights.sum())
    return [1.0 / n] * n


@dataclass(frozen=True)
class SearchResult:
    """What a search returns: the best trace and the whole tree.

    Attributes:
        best_steps: The trace of the best terminal node (highest reward, ties by path value),
            the root steps included; empty when no terminal node was reached.
        best_reward: That node's terminal value, ``None`` when there is none.
        best_node: That node's id, ``None`` when there is none.
        solved: True when the best reward is 1.0 (every search test passed).
        rollouts: Rollouts actually run (fewer than asked with ``stop_when_solved``).
        tree: The whole search tree.
        config: The settings used.
        stats: Counters: ``expansions``, ``proposals``, ``evaluations``, ``leaf_values``,
            ``merged`` (duplicate siblings merged), ``wall_s``.
    """

    best_steps: tuple[str, ...]
    best_reward: float | None
    best_node: int | None
    solved: bool
    rollouts: int
    tree: Tree
    config: MCTSConfig
    stats: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the tree's every node."""
        return {
            "best_steps": list(self.best_steps),
            "best_reward": self.best_reward,
            "best_node": self.best_node,
            "solved": self.solved,
            "rollouts": self.rollouts,
            "config": self.config.to_dict(),
            "stats": dict(self.stats),
            "tree": self.tree.to_dict(),
        }


def _clip01(value: float) -> float:
    if not math.isfinite(value):
        return 0.0
    return min(1.0, max(0.0, float(value)))


class _Search:
    """One search's state; :func:`search` is the public entry point."""

    def __init__(
        self,
        expand: ExpandFn,
        evaluate: EvaluateFn,
        config: MCTSConfig,
        is_terminal: IsTerminalFn,
        leaf_value: LeafValueFn | None,
        root_steps: Sequence[str],
        classify: Callable[[str, int], str],
    ) -> None:
        if config.leaf_evaluation != "rollout" and leaf_value is None:
            raise ValueError(f"leaf_evaluation={config.leaf_evaluation!r} needs a leaf_value "
                             "callable (a PRM)")
        self.expand_fn = expand
        self.evaluate_fn = evaluate
        self.config = config
        self.is_terminal = is_terminal
        self.leaf_value_fn = leaf_value
        self.classify = classify
        self.rng = np.random.default_rng(config.seed)
        self.tree = Tree(root_steps)
        self.stats: dict[str, float] = {
            "expansions": 0, "proposals": 0, "evaluations": 0, "leaf_values": 0, "merged": 0,
        }
        root = self.tree.root
        if root_steps and is_terminal(tuple(root_steps)):
            root.terminal = True

    # --- selection -----------------------------------------------------------------------
    def _select_child(self, node: Node) -> Node:
        children = self.tree.children(node)
        cfg = self.config
        scores = np.empty(len(children))
        for i, child in enumerate(children):
            if cfg.selection == "uct":
                if child.visits == 0:
                    # Unvisited first (as the authors' code), the likelier sample first among them.
                    scores[i] = 1e9 + child.prior
                    continue
                explore = cfg.c * math.sqrt(math.log(max(node.visits, 1)) / child.visits)
                scores[i] = child.value + explore
            else:
                q = child.value if child.visits else 0.0
                scores[i] = q + cfg.c * child.prior * math.sqrt(max(node.visits, 1)) / (
                    1 + child.visits
                )
        best = np.flatnonzero(scores >= scores.max() - 1e-12)
        return children[int(best[0] if len(best) == 1 else self.rng.choice(best))]

    # --- expansion and evaluation ---------------------------------------------------------
    def _expand(self, node: Node) -> None:
        steps = self.tree.steps(node)
        raw = list(self.expand_fn(steps, self.config.k, self.rng))
        proposals = [p if isinstance(p, Proposal) else Proposal(step=str(p)) for p in raw]
        proposals = [p for p in proposals if p.step.strip()]
        self.stats["expansions"] += 1
        self.stats["proposals"] += len(proposals)
        node.expanded = True
        for proposal, prior in zip(proposals, priors_from_logprobs(proposals), strict=True):
            kind = self.classify(proposal.step, len(steps))
            child, new = self.tree.add_child(
                node,
                proposal.step,
                str(getattr(kind, "value", kind)),  # StepKind enums are stored by value
                prior=float(prior),
                logprob=proposal.logprob,
            )
            if not new:
                self.stats["merged"] += 1
                continue
            child_steps = (*steps, proposal.step)
            if self.is_terminal(child_steps) or child.depth + len(self.tree.root_steps) >= (
                self.config.max_depth
            ):
                child.terminal = True
        if not node.children:
            # The generator gave nothing usable: a dead end scores 0.
            node.terminal = True
            node.reward = 0.0
            node.details = {"dead_end": True}

    def _terminal_value(self, node: Node) -> float:
        if node.reward is None:
            steps = self.tree.steps(node)
            if not self.is_terminal(steps):
                # Cut at the depth limit without a code step: nothing to run, value 0.
                node.reward = 0.0
                node.details = {"truncated": True}
            else:
                result = self.evaluate_fn(steps)
                self.stats["evaluations"] += 1
                if isinstance(result, Evaluation):
                    node.reward = _clip01(result.value)
                    node.details = dict(result.details)
                else:
                    node.reward = _clip01(float(result))
        return float(node.reward)

    def _leaf_value(self, node: Node) -> float:
        if node.leaf_value is None:
            assert self.leaf_value_fn is not None
            node.leaf_value = _clip01(float(self.leaf_value_fn(self.tree.steps(node))))
            self.stats["leaf_values"] += 1
        return node.leaf_value

    # --- one rollout ---------------------------------------------------------------------
    def rollout(self) -> float:
        node = self.tree.root
        path = [node]
        estimate: float | None = None  # "mixed": the leaf value of the walk's first new leaf
        while True:
            if node.terminal:
                value = self._terminal_value(node)
                break
            if not node.expanded:
                if (self.config.leaf_evaluation == "value" and node is not self.tree.root):
                    value = self._leaf_value(node)
                    self._expand(node)
                    break
                if (self.config.leaf_evaluation == "mixed" and node is not self.tree.root
                        and estimate is None):
                    estimate = self._leaf_value(node)
                self._expand(node)
                if node.terminal:  # dead end
                    value = float(node.reward or 0.0)
                    break
            node = self._select_child(node)
            path.append(node)
        if estimate is not None:
            mix = self.config.leaf_mix
            value = (1.0 - mix) * value + mix * estimate
        for visited in path:
            visited.visits += 1
            visited.value_sum += value
        return value

    def run(self) -> SearchResult:
        start = time.perf_counter()
        done = 0
        for _ in range(self.config.rollouts):
            self.rollout()
            done += 1
            if self.config.stop_when_solved:
                best = self.tree.best_terminal()
                if best is not None and (best.reward or 0.0) >= 1.0:
                    break
            if self.tree.root.terminal:
                break
        self.stats["wall_s"] = time.perf_counter() - start
        best = self.tree.best_terminal()
        return SearchResult(
            best_steps=self.tree.steps(best) if best is not None else (),
            best_reward=None if best is None else best.reward,
            best_node=None if best is None else best.id,
            solved=best is not None and (best.reward or 0.0) >= 1.0,
            rollouts=done,
            tree=self.tree,
            config=self.config,
            stats=dict(self.stats),
        )


def search(
    expand: ExpandFn,
    evaluate: EvaluateFn,
    config: MCTSConfig | None = None,
    *,
    is_terminal: IsTerminalFn = default_is_terminal,
    leaf_value: LeafValueFn | None = None,
    root_steps: Sequence[str] = (),
    classify: Callable[[str, int], Any] = classify_step,
) -> SearchResult:
    """Run MCTS and return the best trace and the whole tree.

    Args:
        expand: ``(steps, k, rng) -> proposals`` (``Proposal`` or plain strings), one batched
            generator call for ``k`` samples.
        evaluate: ``steps -> Evaluation | float``, the value in ``[0, 1]`` of a terminal trace.
        config: Search settings (defaults: the paper's).
        is_terminal: ``steps -> bool``; default: the last step holds a python block.
        leaf_value: ``steps -> float`` in ``[0, 1]`` for non-terminal leaves (a PRM), used when
            ``config.leaf_evaluation == "value"``.
        root_steps: Steps already taken; the search continues from them.
        classify: ``(step, index) -> kind`` stored on each node (default: the step protocol's).

    Returns:
        A frozen :class:`SearchResult`.
    """
    return _Search(
        expand, evaluate, config or MCTSConfig(), is_terminal, leaf_value, root_steps, classify
    ).run()
