"""Reference oracle: the label ceiling of candidates trees, not a model.

On trees searched with the ``candidates`` generator every step is either a step of the task's
own reference trace (its outline, refinements and reference program) or a wrong step (another
task's step, a mutant of the program). :class:`ReferenceOraclePRM` knows each task's reference
trace and scores 1 for its steps and 0 for any other: it tells right from wrong steps as well as
anything can. Evaluated like a PRM (``o1coder prm eval --model reference-oracle``) its AUC is
how well the trees' value labels (``V/N >= 0.5``) can be predicted at all, so it measures the
*labels*: search settings whose oracle AUC is near 0.5 give trees no PRM can learn from, and
the settings of a PRM's training trees are best chosen by this ceiling on *validation* trees.

It reads the tasks' reference solutions, so it is a diagnostic for data, never an agent's tool.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from agents.prm.base import BasePRM, StepExample
from o1coder_env.tasks import Task

__all__ = ["ORACLE_NAME", "ReferenceOraclePRM"]

#: ``load_prm`` name of the oracle (``reference-oracle`` or ``reference-oracle:SOURCE``).
ORACLE_NAME = "reference-oracle"


class ReferenceOraclePRM(BasePRM):
    """Scores 1 for a step of the task's own reference trace, else 0.

    Args:
        tasks: Tasks with reference solutions; a problem is matched to its task by the text
            the search showed the model (:func:`~o1coder_env.protocol.prompts.task_problem_text`).

    Raises:
        ValueError: If no task has a reference solution.
    """

    kind = "reference-oracle"

    def __init__(self, tasks: Iterable[Task]) -> None:
        from o1coder_env.protocol.prompts import task_problem_text
        from o1coder_env.step_candidates import reference_trace

        self._steps: dict[str, set[str]] = {}
        for task in tasks:
            if task.reference_solution and task.reference_solution.strip():
                self._steps[task_problem_text(task)] = {s.strip() for s in reference_trace(task)}
        if not self._steps:
            raise ValueError("the reference oracle needs tasks with reference solutions; "
                             "none of the tasks given has one")

    def knows(self, problem: str) -> bool:
        """Whether ``problem`` is the text of one of the oracle's tasks."""
        return problem in self._steps

    def score_examples(self, examples: Sequence[StepExample]) -> list[float]:
        """1.0 for the task's own reference steps, 0.0 for any other step.

        Raises:
            ValueError: If a problem is none of the oracle's tasks (say which).
        """
        scores = []
        for ex in examples:
            steps = self._steps.get(ex.problem)
            if steps is None:
                raise ValueError("the reference oracle does not know the problem "
                                 f"{ex.problem[:60]!r}...: load it with the task source the "
                                 "trees were searched on (reference-oracle:SOURCE)")
            scores.append(1.0 if ex.step.strip() in steps else 0.0)
        return scores

    @classmethod
    def from_source(cls, source: str = "builtin") -> ReferenceOraclePRM:
        """The oracle of every task of a task source (``builtin``, a JSONL file, ...).

        Raises:
            ValueError: If the source is unknown or none of its tasks has a reference.
        """
        from o1coder_env.tasks import UnknownSourceError, load_tasks

        try:
            tasks = load_tasks(source)
        except UnknownSourceError as exc:
            raise ValueError(f"reference-oracle: {exc.args[0] if exc.args else exc}") from exc
        return cls(tasks)
