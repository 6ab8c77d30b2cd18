"""MCTS wired to an env simulator and a step generator; the MCTS agent; tree records.

:class:`EnvSearch` supplies the generic search (:func:`agents.mcts.search.search`) with

- ``expand``: ONE batched generator call for ``k`` samples of the next step (prompts from
  :mod:`o1coder_env.protocol.prompts`, the text cut to one step by ``clean_step``);
- ``evaluate``: the code step run in the simulator, whose tests are public (or TCG) ones and
  which never reports hidden tests (``report_hidden=False``); value = pass fraction, results
  cached by the hash of the extracted code, so identical programs run once;
- ``leaf_value``: the PRM's score of the last step, when a PRM is given.

The simulator moves between nodes with ``get_state``/``set_state``: a node's env state is kept
once reached, so a step is never replayed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from agents.base import MODES, BaseAgent, summarize_tests
from agents.mcts.search import Evaluation, MCTSConfig, Proposal, SearchResult, search
from o1coder_env.protocol.prompts import (
    PROMPT_VERSION,
    STEP_STOP,
    build_step_messages,
    clean_step,
)
from o1coder_env.protocol.steps import extract_code

__all__ = ["EnvSearch", "MCTSAgent", "plan_part", "tree_record"]


def _compact_tests(summary: dict[str, Any] | None) -> dict[str, Any]:
    """Test results small enough to keep on every node (no outputs, short messages)."""
    if not summary:
        return {}
    return {
        "status": summary.get("status"),
        "passed_tests": summary.get("passed_tests"),
        "total_tests": summary.get("total_tests"),
        "results": [
            {"status": r.get("status"), "error_type": r.get("error_type", ""),
             "message": str(r.get("message", ""))[:200]}
            for r in summary.get("results", []) if isinstance(r, dict)
        ],
    }


def plan_part(step: str) -> str:
    """A step cut before its first code fence (``MCTSConfig.plan_steps``).

    What is left is the step's plan; a step that starts with its code leaves nothing, and the
    search drops empty proposals (an expansion with none left is a dead end, value 0).
    """
    fence = step.find("```")
    return step if fence == -1 else step[:fence].rstrip()


class EnvSearch:
    """The callables of one search over a simulator.

    Args:
        simulator: An object with ``step(action)``, ``get_state()``, ``set_state(state)``,
            positioned at the start of the task (an :class:`agents.base.Simulator`, or an env's
            unwrapped instance after ``reset``).
        generator: A step generator (``generate(prompts, n=, sampling=)``).
        problem: The problem text as the policy reads it.
        task_id: The task's id (the ``candidates`` generator needs it).
        config: Search settings; in ``direct`` mode ``max_depth`` is forced to 1 and
            ``plan_steps`` to 0.
        mode: ``"pseudocode"`` or ``"direct"``.
        prm: Optional ``(problem, steps) -> per-step scores`` used as the value of non-terminal
            leaves when ``config.leaf_evaluation`` is ``"value"`` or ``"mixed"``.
        prm_prior: Use the PRM's score of each proposed step as its PUCT prior (with
            ``config.selection == "puct"``) instead of the generator's log-probabilities.
    """

    def __init__(
        self,
        simulator: Any,
        generator: Any,
        *,
        problem: str,
        task_id: str,
        config: MCTSConfig,
        mode: str = "pseudocode",
        prm: Callable[[str, Sequence[str]], Sequence[float]] | None = None,
        prm_prior: bool = False,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
        if prm_prior and prm is None:
            raise ValueError("prm_prior=True needs a prm")
        self.sim = simulator
        self.generator = generator
        self.problem = problem
        self.task_id = task_id
        self.mode = mode
        # One step, the program: plans have no place in direct mode.
        self.config = (replace(config, max_depth=1, plan_steps=0) if mode == "direct"
                       else config)
        self.prm = prm
        self.prm_prior = prm_prior
        self._states: dict[tuple[str, ...], Any] = {(): simulator.get_state()}
        self._code_cache: dict[str, Evaluation] = {}
        self.cache_hits = 0

    # --- callables for the search ---------------------------------------------------------
    def expand(self, steps: tuple[str, ...], k: int, rng: np.random.Generator) -> list[Proposal]:
        """Sample ``k`` next steps in one generator call."""
        from agents.generators import Prompt, Sampling

        prompt_mode = "direct" if self.mode == "direct" and not steps else "pseudocode"
        prompt = Prompt(
            messages=build_step_messages(self.problem, list(steps), mode=prompt_mode),
            task_id=self.task_id, steps=tuple(steps), mode=prompt_mode,
        )
        cfg = self.config
        sampling = Sampling(
            temperature=cfg.temperature, top_p=cfg.top_p, top_k=cfg.top_k,
            max_new_tokens=cfg.max_new_tokens, stop=() if self.mode == "direct" else STEP_STOP,
            seed=int(rng.integers(2**31 - 1)),
        )
        [group] = self.generator.generate([prompt], n=k, sampling=sampling)
        planning = len(steps) < cfg.plan_steps  # 0 in direct mode (see __init__)
        proposals = [
            Proposal(step=plan_part(clean_step(g.text)) if planning else clean_step(g.text),
                     logprob=g.logprob, tokens=g.completion_tokens)
            for g in group
        ]
        if self.prm_prior and self.prm is not None:
            priors = self._prm_step_scores(steps, [p.step for p in proposals])
            proposals = [replace(p, prior=prior) for p, prior in zip(proposals, priors,
                                                                     strict=True)]
        return proposals

    def _prm_step_scores(self, steps: tuple[str, ...], candidates: list[str]) -> list[float]:
        """The PRM's score of each candidate next step after ``steps`` (one batch if it can)."""
        assert self.prm is not None
        batch = getattr(self.prm, "score_examples", None)
        if callable(batch):
            from agents.prm.base import StepExample

            examples = [StepExample(self.problem, tuple(steps), c) for c in candidates]
            return [float(x) for x in batch(examples)]
        return [float(self.prm(self.problem, [*steps, c])[-1]) for c in candidates]

    def evaluate(self, steps: tuple[str, ...]) -> Evaluation:
        """Run the trace's code on the simulator's tests; cached by the code's hash."""
        code = extract_code(steps[-1]) or ""
        key = hashlib.sha256(code.encode()).hexdigest()
        cached = self._code_cache.get(key)
        if cached is not None:
            self.cache_hits += 1
            return cached
        reward, info = self._step_to(steps)
        tests = summarize_tests(info.get("tests"))
        if tests and tests.get("total_tests"):
            value = float(tests.get("passed_tests", 0)) / float(tests["total_tests"])
        else:
            value = min(1.0, max(0.0, reward))
        evaluation = Evaluation(value=value, details=_compact_tests(tests))
        self._code_cache[key] = evaluation
        return evaluation

    def leaf_value(self, steps: tuple[str, ...]) -> float:
        """The PRM's score of the last step (the value of a non-terminal leaf)."""
        if self.prm is None:
            raise RuntimeError("no PRM was given for leaf values")
        scores = list(self.prm(self.problem, list(steps)))
        return float(scores[-1]) if scores else 0.0

    def run(self, *, root_steps: Sequence[str] = ()) -> SearchResult:
        """Run the search from ``root_steps`` (default: the start of the task)."""
        wants_leaf = self.config.leaf_evaluation != "rollout"
        return search(
            self.expand, self.evaluate, self.config,
            leaf_value=self.leaf_value if self.prm is not None and wants_leaf else None,
            root_steps=root_steps,
        )

    # --- moving the simulator ---------------------------------------------------------------
    def _step_to(self, steps: tuple[str, ...]) -> tuple[float, dict[str, Any]]:
        """Take the last step of ``steps`` from the nearest known state; return reward, info.

        The simulator is set to the longest prefix whose state is known, the missing steps are
        replayed (their states kept), then the last step is taken.
        """
        depth = len(steps) - 1
        while steps[:depth] not in self._states:
            depth -= 1
        self.sim.set_state(self._states[steps[:depth]])
        reward, info = 0.0, {}
        for i in range(depth, len(steps)):
            _, reward, terminated, truncated, info = self.sim.step(steps[i])
            if i < len(steps) - 1:
                if terminated or truncated:
                    return 0.0, dict(info)
                self._states[steps[: i + 1]] = self.sim.get_state()
        return float(reward), dict(info)


def tree_record(
    task_id: str,
    problem: str,
    result: SearchResult,
    *,
    mode: str,
    generator: str,
    reward_tests: str,
    wall_s: float,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One line of ``trees.jsonl``: the task, the settings, the best trace and every node."""
    return {
        "task_id": task_id,
        "problem": problem,
        "mode": mode,
        "prompt_version": PROMPT_VERSION,
        "generator": generator,
        "reward_tests": reward_tests,
        "config": result.config.to_dict(),
        "best_steps": list(result.best_steps),
        "best_reward": result.best_reward,
        "solved": result.solved,
        "rollouts": result.rollouts,
        "n_nodes": len(result.tree),
        "stats": dict(result.stats),
        "wall_s": wall_s,
        **(extra or {}),
        "tree": result.tree.to_dict(),
    }


class MCTSAgent(BaseAgent):
    """Searches with MCTS in its simulator on the first action, then replays the best trace.

    The search uses the agent's tools only: the counted generator, the public-test simulator
    and the optional PRM. With ``stop_when_solved`` (default) it stops as soon as a trace passes
    every public test.

    Args:
        mode: ``"pseudocode"`` or ``"direct"``.
        rollouts, max_depth, k, c, temperature, top_p, top_k, max_new_tokens, selection,
        leaf_evaluation, plan_steps: See :class:`MCTSConfig`.
        stop_when_solved: Stop searching once every public test passes.
        prm_prior: With a PRM in the tools, its step scores are the PUCT priors (use with
            ``selection="puct"``).
    """

    name = "mcts"

    def __init__(self, *, mode: str = "pseudocode", rollouts: int = 15, max_depth: int = 5,
                 k: int = 3, c: float = 2.0, temperature: float = 0.8, top_p: float = 0.95,
                 top_k: int = 40, max_new_tokens: int = 256, selection: str = "uct",
                 leaf_evaluation: str = "rollout", stop_when_solved: bool = True,
                 prm_prior: bool = False, plan_steps: int = 0) -> None:
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"unknown agent mode {mode!r}; expected one of {MODES}")
        self.mode = mode
        # Validated now, so a bad setting fails before any episode runs.
        self.config = MCTSConfig(
            rollouts=rollouts, max_depth=max_depth, k=k, c=c, temperature=temperature,
            top_p=top_p, top_k=top_k, max_new_tokens=max_new_tokens, selection=selection,
            leaf_evaluation=leaf_evaluation, stop_when_solved=stop_when_solved,
            plan_steps=plan_steps,
        )
        self.prm_prior = prm_prior
        self.plan: list[str] = []
        self.result: SearchResult | None = None

    def on_reset(self) -> None:
        """Forget the previous task's search."""
        self.plan, self.result = [], None

    def _search(self) -> None:
        tools = self.tools
        assert tools is not None
        if tools.generator is None:
            raise RuntimeError("the MCTS agent needs a step generator")
        config = replace(self.config, seed=int(tools.rng.integers(2**31 - 1)),
                         max_depth=min(self.config.max_depth, tools.max_steps or 64))
        sim = tools.simulator()
        try:
            self.result = EnvSearch(
                sim, tools.generator, problem=tools.problem, task_id=tools.task_id,
                config=config, mode=tools.mode, prm=tools.prm,
                prm_prior=self.prm_prior and tools.prm is not None,
            ).run()
        finally:
            sim.close()
        self.plan = list(self.result.best_steps)

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        """Search on the first call, then return the best trace's steps one by one."""
        if self.result is None:
            self._search()
        index = len(self.steps)
        if index < len(self.plan):
            return self.plan[index]
        # No terminal trace was found (or it ran out): continue greedily.
        return self.sample_steps(self.steps, n=1, temperature=0.0)[0].text


def timed_search(env_search: EnvSearch) -> tuple[SearchResult, float]:
    """Run a search and measure its wall time."""
    start = time.perf_counter()
    result = env_search.run()
    return result, time.perf_counter() - start
