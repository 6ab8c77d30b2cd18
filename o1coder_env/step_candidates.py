r"""Candidate next steps without a model: the reference step plus plausible wrong ones.

The ``O1Coder-Choice-v0`` env and the ``candidates`` step generator need, at each point of a
trace, a small set of next steps among which exactly one is *the reference step*. This module
makes them from the tasks' own data, deterministically.

What counts as correct (the *label* of a candidate): a candidate is correct when it is the
reference trace's step at the current index, ``reference_trace(task)[len(steps)]`` (or the
reference code step once the trace is at or past the reference code's index). Everything else is
labelled wrong. So picking the labelled step at every choice walks the reference trace and ends
with the reference program (full reward); a mutant code step earns less (unless it happens to be
an equivalent mutant: the label says "not the reference step", not "fails the tests").

Wrong candidates, by position:

* at a reasoning position (outline or refinement): reasoning steps of *other* tasks at the same
  kind of position (outlines for the outline, refinements for a refinement), interleaved with
  premature *mutant* code steps (``"```python\n<mutant>\n```"``), which end the episode with a
  buggy program. The premature *reference* code step is never offered: it is correct code, and
  offering it unlabelled would make the labels lie, labelled it would let the policy skip the
  reasoning for free.
* at the code position: mutant code steps first, then other tasks' reference programs, then
  other tasks' reasoning steps (which do not end the episode).
* when those pools run dry: this task's own other reasoning steps (repeating an earlier step or
  jumping to a later refinement).

If even then fewer than ``k`` distinct candidates exist, :meth:`CandidateProposer.propose`
raises ``ValueError`` naming the task and how many it could make.

For a task the proposer must not read (a task being evaluated),
:meth:`CandidateProposer.propose_from_pool` offers steps of the pool's tasks only: nothing of the
task, not even its id, is used, so none of the candidates is labelled.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from o1coder_env.mutation import generate_mutants
from o1coder_env.tasks.model import Task

__all__ = ["CandidateProposer", "candidate_pool_tasks", "code_step", "reference_trace"]


def code_step(program: str) -> str:
    """Wrap a program as a code step: a fenced ```python block."""
    return f"```python\n{program.strip(chr(10))}\n```"


def candidate_pool_tasks(source: str, *, split: str | None, path: str | None = None,
                         exclude: Sequence[str] = ()) -> list[Task]:
    """The tasks whose steps a proposer offers as wrong candidates: one split of a source.

    The split's tasks with a reference solution, without the ``exclude`` ids (the evaluated
    tasks: a pool made of them would show other evaluated tasks' reference steps). A source
    without that split gives an empty pool (the candidates are then each task's own mutants
    and other steps). The bench's Choice env (``benchmarks.runner.choice_pool``) and
    ``o1coder serve --env O1Coder-Choice-v0 --env-kwargs '{"proposer": {"split": "train"}}'``
    build their pools with it.

    Raises:
        TaskDataError: For broken task data (not an empty pool).
    """
    from o1coder_env.tasks import TaskDataError, load_tasks

    try:
        tasks = load_tasks(source, split=split, path=path)
    except TaskDataError:
        raise  # broken data is an error, not an empty pool
    except ValueError:  # the source has no such split (HumanEval has no train split)
        tasks = []
    skip = set(exclude)
    return [t for t in tasks if t.task_id not in skip and t.reference_solution]


def reference_trace(task: Task) -> list[str]:
    """The task's reference trace: ``[outline, *refinements, code step of the reference]``.

    Tasks without reference reasoning steps (HumanEval, MBPP) give ``[code step]`` alone.

    Raises:
        ValueError: If the task has no reference solution.
    """
    if not task.reference_solution or not task.reference_solution.strip():
        raise ValueError(f"task {task.task_id!r} has no reference_solution, so it has no "
                         "reference trace")
    steps = task.reference_steps.as_list() if task.reference_steps is not None else []
    return [*steps, code_step(task.reference_solution)]


class CandidateProposer:
    """Proposes ``k`` candidate next steps for a task's trace (see the module doc for labels).

    Args:
        tasks: The tasks whose steps form the pool of wrong reasoning steps (and which are
            prepared up front). A task passed to :meth:`propose` that is not among them is
            prepared on first use.
        mutants_per_task: How many mutants of each reference program to keep as wrong code
            steps (chosen spread over the mutation operators, seed 0).

    Raises:
        ValueError: If ``mutants_per_task`` is negative or two tasks share an id.
    """

    def __init__(self, tasks: Sequence[Task], *, mutants_per_task: int = 8) -> None:
        if mutants_per_task < 0:
            raise ValueError(f"mutants_per_task must be >= 0, got {mutants_per_task}")
        self.mutants_per_task = mutants_per_task
        self._traces: dict[str, tuple[str, ...]] = {}
        # Mutants are made on first use of a task (mutating is the costly part of a proposer).
        self._mutant_steps: dict[str, tuple[str, ...]] = {}
        ids = [t.task_id for t in tasks]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"duplicate task ids given to CandidateProposer: {dup}")
        # Other tasks' steps, grouped by kind, in task-id order (so pools never depend on the
        # order tasks were passed in).
        self._outlines: list[tuple[str, str]] = []
        self._refinements: list[tuple[str, str]] = []
        self._programs: list[tuple[str, str]] = []
        #: The pool's reference traces, in task-id order (for :meth:`propose_from_pool`).
        self._pool_traces: list[tuple[str, ...]] = []
        for task in sorted(tasks, key=lambda t: t.task_id):
            if not task.reference_solution:
                continue
            trace = self._trace(task)
            self._pool_traces.append(trace)
            reasoning = trace[:-1]
            if reasoning:
                self._outlines.append((task.task_id, reasoning[0]))
                self._refinements.extend((task.task_id, s) for s in reasoning[1:])
            self._programs.append((task.task_id, trace[-1]))

    def _trace(self, task: Task) -> tuple[str, ...]:
        trace = self._traces.get(task.task_id)
        if trace is None:
            trace = self._traces[task.task_id] = tuple(reference_trace(task))
        return trace

    def mutant_steps(self, task: Task) -> tuple[str, ...]:
        """The task's wrong code steps: mutants of its reference program, as code steps."""
        steps = self._mutant_steps.get(task.task_id)
        if steps is None:
            mutants = generate_mutants(task.reference_solution or "",
                                       max_mutants=self.mutants_per_task, seed=0)
            steps = self._mutant_steps[task.task_id] = tuple(code_step(m.code) for m in mutants)
        return steps

    def reference_step(self, task: Task, steps: Sequence[str]) -> str:
        """The correct next step.

        It is the reference trace's step at ``len(steps)``, or its code step when the trace is
        already that long.
        """
        trace = self._trace(task)
        return trace[min(len(steps), len(trace) - 1)]

    def is_reference_prefix(self, task: Task, steps: Sequence[str]) -> bool:
        """Whether ``steps`` are the first ``len(steps)`` steps of the reference trace."""
        trace = self._trace(task)
        return len(steps) <= len(trace) and list(trace[: len(steps)]) == list(steps)

    def propose_with_labels(
        self, task: Task, steps: Sequence[str], k: int, rng: np.random.Generator
    ) -> list[tuple[str, bool]]:
        """Like :meth:`propose`, with each candidate's label (True: the reference step)."""
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        trace = self._trace(task)
        index = min(len(steps), len(trace) - 1)
        correct = trace[index]
        at_code = index == len(trace) - 1
        others = task.task_id
        outlines = [s for tid, s in self._outlines if tid != others]
        refinements = [s for tid, s in self._refinements if tid != others]
        programs = [s for tid, s in self._programs if tid != others]
        same_kind = outlines if index == 0 else refinements
        other_kind = refinements if index == 0 else outlines
        own = [s for i, s in enumerate(trace[:-1]) if i != index]

        picked: list[str] = []
        seen = {correct}

        def take(pool: Sequence[str], limit: int) -> None:
            _take_distinct(pool, limit, rng, picked, seen)

        need = k - 1
        if at_code:
            take(self.mutant_steps(task), need)
            take(programs, need)
            take(same_kind + other_kind, need)
        else:
            # Half reasoning steps of other tasks, half premature buggy code, then top up.
            take(same_kind, need - need // 2)
            take(self.mutant_steps(task), need)
            take(same_kind, need)
            take(other_kind, need)
        take(own, need)
        if len(picked) < need:
            raise ValueError(
                f"task {task.task_id!r}: only {len(picked) + 1} distinct candidates exist at "
                f"step {index + 1}, {k} were asked for (give the proposer more tasks or mutants)"
            )
        labelled = [(correct, True)] + [(s, False) for s in picked]
        order = rng.permutation(len(labelled))
        return [labelled[i] for i in order]

    def propose(
        self, task: Task, steps: Sequence[str], k: int, rng: np.random.Generator
    ) -> list[str]:
        """Return ``k`` distinct candidate next steps, shuffled with ``rng``.

        Exactly one of them is the reference step (:meth:`reference_step`); the rest are wrong
        ones (see the module doc). Deterministic for a given ``rng`` state.

        Args:
            task: The task being solved.
            steps: The steps taken so far.
            k: How many candidates (>= 1).
            rng: The source of randomness (e.g. the env's ``np_random``).

        Raises:
            ValueError: If ``k < 1``, the task has no reference solution, or fewer than ``k``
                distinct candidates can be made.
        """
        return [text for text, _ in self.propose_with_labels(task, steps, k, rng)]

    def propose_from_pool(
        self, steps: Sequence[str], k: int, rng: np.random.Generator
    ) -> list[str]:
        """Up to ``k`` distinct next steps drawn from the pool's tasks only.

        For a task whose reference must stay unread (an evaluated task): no task is passed, so
        no candidate can be its reference step or a mutant of its reference. The candidates, in
        this order of preference: the next steps of the pool traces that ``steps`` follow
        (at most half, rounded up; at the first step every pool trace's first step), then pool
        programs as code steps, then pool reasoning steps of the position's kind (outlines first,
        refinements later), then of the other kind. Shuffled with ``rng``.

        Args:
            steps: The steps taken so far.
            k: How many candidates at most (>= 1).
            rng: The source of randomness.

        Returns:
            ``min(k, available)`` distinct steps (fewer than ``k`` only when the pool is small).

        Raises:
            ValueError: If ``k < 1`` or the pool holds no task with a reference solution.
        """
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        if not self._pool_traces:
            raise ValueError("the proposer's pool has no task with a reference solution, so it "
                             "has no step to offer for an unseen task")
        index = len(steps)
        prefix = tuple(steps)
        followers = [trace[index] for trace in self._pool_traces
                     if len(trace) > index and trace[:index] == prefix]
        outlines = [s for _, s in self._outlines]
        refinements = [s for _, s in self._refinements]
        programs = [s for _, s in self._programs]
        same_kind = outlines if index == 0 else refinements
        other_kind = refinements if index == 0 else outlines
        picked: list[str] = []
        seen: set[str] = set()

        def take(pool: Sequence[str], limit: int) -> None:
            _take_distinct(pool, limit, rng, picked, seen)

        take(followers, k - k // 2)
        for pool in (programs, same_kind, other_kind):
            take(pool, k)
        order = rng.permutation(len(picked))
        return [picked[i] for i in order]

    @staticmethod
    def correct_index(candidates: Sequence[tuple[str, bool]]) -> int:
        """Index of the reference step in a :meth:`propose_with_labels` result."""
        for i, (_, label) in enumerate(candidates):
            if label:
                return i
        raise ValueError("no candidate is labelled as the reference step")


def _take_distinct(pool: Sequence[str], limit: int, rng: np.random.Generator,
                   picked: list[str], seen: set[str]) -> None:
    """Append unseen steps of ``pool``, in random order, until ``picked`` holds ``limit``.

    ``seen`` and ``picked`` are updated in place.
    """
    for j in rng.permutation(len(pool)) if pool else ():
        if len(picked) >= limit:
            return
        if pool[j] not in seen:
            seen.add(pool[j])
            picked.append(pool[j])
