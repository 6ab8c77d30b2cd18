"""How good are a task's tests? Validity, mutation score, distinct inputs, line coverage.

- **Validity**: the share of the tests that the reference solution passes (the paper reports
  80.8% after SFT and 89.2% after DPO for its 1.3B TCG on TACO). A test the reference fails is a
  wrong test.
- **Mutation score**: the share of mutants of the reference (:func:`o1coder_env.mutation.
  generate_mutants`) that fail at least one test. Only *valid* tests count here, since a wrong
  test "kills" every program, correct or not. The same mutants are scored against the task's own
  hidden tests, so the two numbers compare directly. Equivalent mutants (same behaviour as the
  reference) cannot be killed and cap both scores below 1.
- **Distinct inputs**: how many different inputs the tests have.
- **Line coverage**: the share of the reference's statements the test inputs execute
  (:func:`o1coder_env.tcg.oracle.line_coverage`), for the generated and the hidden tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from o1coder_env.tasks.model import Task, TestCase, TestKind
from o1coder_env.tcg.base import input_key, reference_code
from o1coder_env.tcg.oracle import default_sandbox, line_coverage

__all__ = [
    "MutationScore",
    "TestQuality",
    "distinct_inputs",
    "evaluate_tests",
    "kill_matrix",
    "mutant_timeout",
    "mutation_score",
    "summarize",
    "validity",
]


@dataclass(frozen=True)
class MutationScore:
    """Mutants killed by a test set.

    Attributes:
        killed: Mutants that failed at least one test.
        total: Mutants run.
    """

    killed: int
    total: int

    @property
    def score(self) -> float | None:
        """The share killed (killed / total), ``None`` when there were no mutants."""
        return self.killed / self.total if self.total else None


@dataclass(frozen=True)
class TestQuality:
    """Quality figures of one task's generated tests (``hidden_*``: the task's own tests).

    Attributes:
        task_id: The task.
        n_tests: Generated tests evaluated.
        n_valid: Of those, tests the reference passes.
        validity: n_valid / n_tests (``None`` without tests).
        mutants: Mutants of the reference that were run.
        killed: Mutants killed by the valid generated tests.
        mutation_score: killed / mutants.
        hidden_killed: Mutants killed by the task's hidden tests.
        hidden_mutation_score: hidden_killed / mutants.
        distinct_inputs: Distinct inputs among the generated tests.
        coverage: Line coverage of the reference by the generated inputs.
        hidden_coverage: Line coverage of the reference by the hidden tests' inputs.
    """

    __test__ = False

    task_id: str
    n_tests: int
    n_valid: int
    validity: float | None
    mutants: int
    killed: int
    mutation_score: float | None
    hidden_killed: int | None
    hidden_mutation_score: float | None
    distinct_inputs: int
    coverage: float | None
    hidden_coverage: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def _sb(sandbox: Any) -> Any:
    return sandbox if sandbox is not None else default_sandbox()


def _reference_run(task: Task, code: str, tests: Sequence[TestCase],
                   sandbox: Any) -> tuple[list[bool], list[float]]:
    """Pass flags and durations of the reference on ``tests``."""
    if not tests:
        return [], []
    report = _sb(sandbox).run(code, list(tests), entry_point=task.entry_point,
                              setup_code=task.setup_code)
    return [r.passed for r in report.results], [r.duration_s for r in report.results]


def validity(task: Task, tests: Sequence[TestCase], *, code: str | None = None,
             sandbox: Any = None) -> float | None:
    """Share of ``tests`` the reference passes (``None`` for no tests)."""
    flags, _ = _reference_run(task, reference_code(task, code), tests, sandbox)
    return sum(flags) / len(flags) if flags else None


def distinct_inputs(tests: Sequence[TestCase]) -> int:
    """Number of different inputs (args / stdin / assert code) among ``tests``."""
    return len({input_key(t) for t in tests})


def mutation_score(task: Task, tests: Sequence[TestCase], mutants: Sequence[str], *,
                   sandbox: Any = None, timeout_s: float | None = None) -> MutationScore:
    """How many of the ``mutants`` (whole programs) fail at least one of ``tests``.

    Mutants run in two stages so that a mutant that loops forever costs one timeout, not one per
    test: first against the first test alone, then the survivors against the rest. A timeout
    counts as a kill (the usual rule in mutation testing).

    Args:
        task: The task (entry point, setup code).
        tests: The test set to score.
        mutants: Mutant programs.
        sandbox: Sandbox to run in; default: the shared one.
        timeout_s: Per-test time limit for mutants, replacing the tests' own (see
            :func:`evaluate_tests`, which derives it from the reference's run time).
    """
    if not mutants:
        return MutationScore(0, 0)
    if not tests:
        return MutationScore(0, len(mutants))
    from o1coder_env.sandbox import Job

    tests = list(tests)
    if timeout_s is not None:
        tests = [replace(t, timeout_s=timeout_s) for t in tests]
    alive = list(mutants)
    for stage in (tests[:1], tests[1:]):
        if not stage or not alive:
            continue
        jobs = [Job(m, stage, entry_point=task.entry_point, setup_code=task.setup_code)
                for m in alive]
        reports = _sb(sandbox).run_batch(jobs)
        alive = [m for m, r in zip(alive, reports, strict=True) if r.all_passed]
    return MutationScore(len(mutants) - len(alive), len(mutants))


def kill_matrix(task: Task, tests: Sequence[TestCase], mutants: Sequence[str], *,
                sandbox: Any = None, timeout_s: float | None = None,
                chunk: int = 8) -> list[frozenset[int]]:
    """Which mutants each test kills: ``result[i]`` holds the indices of the mutants failing test i.

    Mutants run against the tests in chunks of ``chunk``; a mutant that times out on a chunk
    is not run on later chunks (it is killed already, and a looping mutant would otherwise cost a
    timeout per test), so its later kills are unknown, not absent. Every other mutant runs on
    every test.

    Args:
        task: The task (entry point, setup code).
        tests: The tests (with expected outputs).
        mutants: Mutant programs.
        sandbox: Sandbox to run in; default: the shared one.
        timeout_s: Per-test time limit for mutants, replacing the tests' own.
        chunk: Tests per sandbox job.

    Raises:
        ValueError: If ``chunk < 1``.
    """
    if chunk < 1:
        raise ValueError(f"chunk must be >= 1, got {chunk}")
    from o1coder_env.sandbox import Job, Status

    tests = list(tests)
    if timeout_s is not None:
        tests = [replace(t, timeout_s=timeout_s) for t in tests]
    kills: list[set[int]] = [set() for _ in tests]
    running = list(range(len(mutants)))
    for start in range(0, len(tests), chunk):
        if not running:
            break
        part = tests[start:start + chunk]
        jobs = [Job(mutants[m], part, entry_point=task.entry_point, setup_code=task.setup_code)
                for m in running]
        still = []
        for m, report in zip(running, _sb(sandbox).run_batch(jobs), strict=True):
            for offset, result in enumerate(report.results):
                if not result.passed:
                    kills[start + offset].add(m)
            if not any(r.status is Status.TIMEOUT for r in report.results):
                still.append(m)
        running = still
    return [frozenset(k) for k in kills]


def mutant_timeout(durations: Sequence[float], floor: float = 0.5) -> float:
    """A mutant may take 3x the reference's slowest test plus slack before it counts as killed."""
    return max(floor, 3.0 * max(durations, default=0.0) + floor)


def _mutants(code: str, max_mutants: int, seed: int,
             fold: tuple[int, int] | None = None) -> list[str]:
    from o1coder_env.mutation import generate_mutants

    return [m.code for m in generate_mutants(code, max_mutants=max_mutants, seed=seed,
                                             fold=fold)]


def evaluate_tests(
    task: Task,
    tests: Sequence[TestCase],
    *,
    code: str | None = None,
    sandbox: Any = None,
    max_mutants: int = 20,
    seed: int = 0,
    coverage: bool = True,
    compare_hidden: bool = True,
    mutant_fold: tuple[int, int] | None = None,
) -> TestQuality:
    """Compute every quality figure of ``tests`` for one task.

    Args:
        task: The task (its reference solution defines the truth unless ``code`` is given).
        tests: The tests to judge (usually generated ones).
        code: The program defining the truth (default: the reference solution).
        sandbox: Sandbox to run in; default: the shared one.
        max_mutants: Mutants of the reference to score against (fewer when fewer exist).
        seed: Seed of mutant selection.
        coverage: Also measure line coverage (one traced run per test set).
        compare_hidden: Also score the task's hidden tests on the same mutants.
        mutant_fold: ``(index, folds)``: score only that fold of the mutants
            (:func:`o1coder_env.mutation.mutant_fold`), e.g. the fold a mutation-guided
            generator did *not* see, for a held-out mutation score.

    Returns:
        A :class:`TestQuality` record.
    """
    program = reference_code(task, code)
    tests = list(tests)
    flags, durations = _reference_run(task, program, tests, sandbox)
    valid = [t for t, ok in zip(tests, flags, strict=True) if ok]
    valid_durations = [d for d, ok in zip(durations, flags, strict=True) if ok]
    mutants = _mutants(program, max_mutants, seed, mutant_fold)
    mine = mutation_score(task, valid, mutants, sandbox=sandbox,
                          timeout_s=mutant_timeout(valid_durations))
    hidden: MutationScore | None = None
    if compare_hidden and task.hidden_tests:
        _, hidden_durations = _reference_run(task, program, task.hidden_tests, sandbox)
        hidden = mutation_score(task, task.hidden_tests, mutants, sandbox=sandbox,
                                timeout_s=mutant_timeout(hidden_durations))
    cov = hidden_cov = None
    if coverage:
        data_kind = TestKind.CALL if task.style.value == "call" else TestKind.STDIO
        cov = line_coverage(task, [t for t in tests if t.kind is data_kind], program,
                            sandbox=sandbox) if tests else None
        if compare_hidden and task.hidden_tests:
            hidden_data = [t for t in task.hidden_tests if t.kind is data_kind]
            hidden_cov = (line_coverage(task, hidden_data, program, sandbox=sandbox)
                          if hidden_data else None)
    return TestQuality(
        task_id=task.task_id,
        n_tests=len(tests),
        n_valid=len(valid),
        validity=len(valid) / len(tests) if tests else None,
        mutants=mine.total,
        killed=mine.killed,
        mutation_score=mine.score,
        hidden_killed=hidden.killed if hidden else None,
        hidden_mutation_score=hidden.score if hidden else None,
        distinct_inputs=distinct_inputs(tests),
        coverage=cov,
        hidden_coverage=hidden_cov,
    )


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def summarize(rows: Sequence[TestQuality]) -> dict[str, Any]:
    """Suite-level figures: pooled validity and mutation scores, mean coverage and inputs.

    Pooled ("micro") scores divide total killed by total mutants over all tasks, so tasks with
    more mutants weigh more; ``*_macro`` are plain means over tasks.
    """
    mutants = sum(r.mutants for r in rows)
    with_hidden = [r for r in rows if r.hidden_killed is not None]
    hidden_mutants = sum(r.mutants for r in with_hidden)
    n_tests = sum(r.n_tests for r in rows)
    return {
        "tasks": len(rows),
        "tests": n_tests,
        "validity": sum(r.n_valid for r in rows) / n_tests if n_tests else None,
        "mutants": mutants,
        "mutation_score": sum(r.killed for r in rows) / mutants if mutants else None,
        "hidden_mutation_score": (sum(r.hidden_killed or 0 for r in with_hidden) / hidden_mutants
                                  if hidden_mutants else None),
        "generated_mutation_score_same_tasks": (
            sum(r.killed for r in with_hidden) / hidden_mutants if hidden_mutants else None
        ),
        "mutation_score_macro": _mean([r.mutation_score for r in rows]),
        "hidden_mutation_score_macro": _mean([r.hidden_mutation_score for r in rows]),
        "distinct_inputs_mean": _mean([float(r.distinct_inputs) for r in rows]),
        "coverage_mean": _mean([r.coverage for r in rows]),
        "hidden_coverage_mean": _mean([r.hidden_coverage for r in rows]),
    }
