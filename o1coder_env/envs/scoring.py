"""Scoring a program at the code step: which tests, one sandbox call, reward and safe info.

The env's terminal step goes through :func:`score_program`: the reward tests of every source
(``public``, ``hidden``, ``tcg``) and, for evaluation, the hidden tests are concatenated into ONE
batch and sent to the sandbox in ONE call; the per-test results are sliced back per source.
Hidden tests that are also a reward source run once.

What leaves this module for ``info`` is safe for an agent to see: per-test statuses (and, for
non-hidden sources, the sandbox's short message), never a test's input or expected output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from o1coder_env.rewards import OutcomeConfig, mix_outcomes, outcome_reward
from o1coder_env.tasks.model import Task, TaskStyle, TestCase

__all__ = [
    "TEST_SOURCES",
    "Score",
    "TestPlan",
    "parse_reward_tests",
    "score_program",
]

#: Where reward tests may come from.
TEST_SOURCES = ("public", "hidden", "tcg")


class _Runs(Protocol):
    def run(self, program: str, tests: Sequence[TestCase], *, entry_point: str | None = None,
            setup_code: str = "", limits: Any = None) -> Any: ...


def parse_reward_tests(spec: str | Mapping[str, float]) -> dict[str, float]:
    """Normalize the ``reward_tests`` argument to ``{source: weight}``.

    Args:
        spec: A source name (``"public"``, ``"hidden"``, ``"tcg"``) or a mapping of source names
            to non-negative weights (e.g. ``{"public": 0.5, "tcg": 0.5}``).

    Raises:
        ValueError: For unknown sources, negative weights or all-zero weights.
    """
    weights = {spec: 1.0} if isinstance(spec, str) else dict(spec)
    if not weights:
        raise ValueError("reward_tests needs at least one test source")
    for name, weight in weights.items():
        if name not in TEST_SOURCES:
            raise ValueError(f"unknown reward test source {name!r}; use one of {TEST_SOURCES}")
        if not isinstance(weight, (int, float)) or weight < 0:
            raise ValueError(
                f"reward_tests weight of {name!r} must be a number >= 0, got {weight!r}"
            )
    if sum(weights.values()) <= 0:
        raise ValueError(f"reward_tests weights must not all be zero, got {weights}")
    return {k: float(v) for k, v in weights.items() if v > 0}


@dataclass(frozen=True)
class TestPlan:
    """The tests of one task's terminal batch, in batch order.

    Attributes:
        task: The task.
        reward: ``(source, tests)`` per reward source, in :data:`TEST_SOURCES` order.
        weights: Weight per reward source.
        hidden: Hidden tests to report in ``info`` (``None``: do not run them).
    """

    __test__ = False

    task: Task
    reward: tuple[tuple[str, tuple[TestCase, ...]], ...]
    weights: Mapping[str, float]
    hidden: tuple[TestCase, ...] | None

    def batch(self) -> tuple[list[TestCase], dict[str, slice]]:
        """The concatenated test batch and the slice of each source in it (``"hidden"`` too)."""
        tests: list[TestCase] = []
        where: dict[str, slice] = {}
        for source, source_tests in self.reward:
            where[source] = slice(len(tests), len(tests) + len(source_tests))
            tests.extend(source_tests)
        if self.hidden is not None and "hidden" not in where:
            where["hidden"] = slice(len(tests), len(tests) + len(self.hidden))
            tests.extend(self.hidden)
        return tests, where


@dataclass(frozen=True)
class Score:
    """The result of scoring one program.

    Attributes:
        outcome: The outcome reward R (weighted over reward sources).
        compiled: Whether the program compiled.
        status: One word for the run (``passed``, ``compile_error``, first failure...).
        per_source: ``{source: {"passed", "total", "reward"}}`` for each reward source.
        tests: Per-test records of the reward sources (``source``, ``index``, ``status``,
            ``error_type`` and, except for hidden tests, ``message``).
        hidden: Per-hidden-test ``{"index", "status"}`` records, or ``None`` when not run.
    """

    outcome: float
    compiled: bool
    status: str
    per_source: Mapping[str, Mapping[str, float]]
    tests: tuple[Mapping[str, Any], ...]
    hidden: tuple[Mapping[str, Any], ...] | None

    def info(self) -> dict[str, Any]:
        """The ``info`` entries of a terminal step (deterministic: no timings, no cache flags)."""
        out: dict[str, Any] = {
            "outcome": self.outcome,
            "compiled": self.compiled,
            "status": self.status,
            "reward_sources": {k: dict(v) for k, v in self.per_source.items()},
            "tests": [dict(t) for t in self.tests],
        }
        if self.hidden is not None:
            out["hidden"] = [dict(t) for t in self.hidden]
            out["hidden_passed"] = sum(t["status"] == "passed" for t in self.hidden)
            out["hidden_total"] = len(self.hidden)
        return out


def score_program(
    sandbox: _Runs,
    plan: TestPlan,
    program: str | None,
    *,
    outcome: OutcomeConfig,
    limits: Any = None,
) -> Score:
    """Run ``program`` on the plan's batch in one sandbox call and compute the outcome reward.

    Args:
        sandbox: Anything with the :class:`~o1coder_env.sandbox.Sandbox` ``run`` signature.
        plan: The tests.
        program: The program, or ``None`` when the episode ended without one (no sandbox call;
            the outcome is the non-compiling minimum and no hidden verdicts exist).
        outcome: The outcome reward settings.
        limits: Sandbox limits (``None``: the sandbox's own).
    """
    task = plan.task
    if program is None:
        return Score(outcome=outcome.min_reward, compiled=False, status="no_program",
                     per_source={
                         source: {"passed": 0, "total": len(tests),
                                  "reward": outcome.min_reward}
                         for source, tests in plan.reward
                     }, tests=(), hidden=None)
    batch, where = plan.batch()
    report = sandbox.run(
        program,
        batch,
        entry_point=task.entry_point if task.style is TaskStyle.CALL else None,
        setup_code=task.setup_code,
        limits=limits,
    )
    results = report.results
    if len(results) != len(batch):
        raise RuntimeError(f"the sandbox returned {len(results)} results for {len(batch)} tests")
    compiled = bool(report.compiled)
    rewards: dict[str, float] = {}
    per_source: dict[str, dict[str, float]] = {}
    tests: list[dict[str, Any]] = []
    for source, source_tests in plan.reward:
        chunk = results[where[source]]
        passed = sum(r.passed for r in chunk)
        rewards[source] = outcome_reward(passed, len(source_tests), compiled=compiled,
                                         config=outcome)
        per_source[source] = {"passed": passed, "total": len(source_tests),
                              "reward": rewards[source]}
        for i, r in enumerate(chunk):
            record: dict[str, Any] = {"source": source, "index": i, "status": r.status.value,
                                      "error_type": r.error_type}
            if source != "hidden":
                record["message"] = r.message
            tests.append(record)
    hidden = None
    if plan.hidden is not None:
        hidden = tuple({"index": i, "status": r.status.value}
                       for i, r in enumerate(results[where["hidden"]]))
    return Score(
        outcome=mix_outcomes(rewards, plan.weights),
        compiled=compiled,
        status=str(report.status),
        per_source=per_source,
        tests=tuple(tests),
        hidden=hidden,
    )
