"""The ``candidates`` backend: next steps from the tasks' reference data, no model.

    gen = CandidateGenerator(tasks, seed=0)
    prompt = Prompt(build_step_messages(problem, steps), task_id=task.task_id, steps=steps)
    [[g1, g2, g3]] = gen.generate([prompt], n=3)

Each prompt must be a :class:`~agents.generators.base.Prompt` naming its ``task_id`` and the
``steps`` so far (the messages are not read). The generator asks
:class:`o1coder_env.step_candidates.CandidateProposer` for ``max(n, k)`` candidates (the reference
next step plus wrong ones: mutant code, other tasks' steps) and returns the first ``n`` of that
shuffled set, so the ``n`` samples are distinct. When fewer candidates exist, it returns as many
distinct ones as there are and repeats them (in the same order) to make ``n``.

Randomness: with ``Sampling.seed`` set, the draw for a prompt depends only on
``(seed of the generator, Sampling.seed, task_id, steps)``, so it does not depend on the batch or
on earlier calls. With ``Sampling.seed=None`` draws come from the generator's own
``numpy.random.Generator`` (seeded by ``seed``), so a fresh generator repeats its sequence of
calls exactly. Greedy sampling (temperature 0) ignores ``Sampling.seed``, as greedy decoding of a
model does: the draw then depends only on ``(seed of the generator, task_id, steps)``. Otherwise
temperature, top-p and top-k are ignored.

``logprob`` is the uniform prior ``log(1 / number of candidates)``; token counts use a whitespace
tokenizer (``len(text.split())``).

Error propagation (``recovery``): by default the reference next step is among the candidates at
every point, also after the trace has left the reference path (another task's outline, say). A
search then finds the right program as easily after a wrong outline as after the right one, so
the values ``V/N`` of reasoning steps say nothing about those steps (measured on the built-in
test split: whether a pseudocode step is the task's own predicts ``V/N >= 0.5`` with AUC 0.50).
With ``recovery=p < 1``, once the steps so far are not a prefix of the reference trace the
reference step is offered only with probability ``p`` (drawn from the prompt's generator, so
still reproducible); otherwise all candidates are wrong ones. That models a language model that
follows its own wrong plan, and gives process reward models labels worth learning from.

Unseen tasks (``unknown_tasks="pool"``): everything above reads the prompt's task, its reference
step and the mutants of its reference: fed the answer's neighbourhood. To evaluate on a task
without that help, build the generator on other tasks (the bench uses the train split minus the
evaluated tasks, :func:`benchmarks.runner.choice_pool`) with ``unknown_tasks="pool"``: a prompt
whose ``task_id`` is not among them gets steps of those tasks only
(:meth:`~o1coder_env.step_candidates.CandidateProposer.propose_from_pool`: the next steps of
the pool traces its steps follow, pool programs, pool reasoning steps), never anything of its own
task, which the generator does not hold. The default ``"error"`` refuses such a prompt.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import numpy as np

from agents.generators.base import (
    BudgetMeter,
    Generation,
    GeneratorBudget,
    Prompt,
    PromptLike,
    Sampling,
    as_prompt,
    check_n,
    truncate_at_stop,
)
from o1coder_env.step_candidates import CandidateProposer
from o1coder_env.tasks.model import Task

__all__ = ["UNKNOWN_TASKS", "CandidateGenerator"]

#: What :class:`CandidateGenerator` does with a prompt for a task it was not built with.
UNKNOWN_TASKS = ("error", "pool")


def _whitespace_tokens(text: str) -> int:
    return len(text.split())


class CandidateGenerator:
    """Model-free step generator over known tasks.

    Args:
        tasks: The tasks prompts may refer to (by ``Prompt.task_id``); they also form the pool of
            other tasks' steps.
        seed: Seed of the generator's own randomness.
        k: Candidates proposed per prompt (at least ``n`` are always proposed).
        mutants_per_task: Mutants of each reference program kept as wrong code steps.
        recovery: Probability that the reference next step is offered once the trace has left
            the reference path (1.0: always, the behaviour before this option; see the module
            doc).
        unknown_tasks: What a prompt whose ``task_id`` is not among ``tasks`` gets:
            ``"error"`` (a ``ValueError``) or ``"pool"`` (steps of ``tasks`` only, see the
            module doc).

    Raises:
        ValueError: If ``k`` < 1, there are no tasks, ``recovery`` is not in ``[0, 1]`` or
            ``unknown_tasks`` is not one of :data:`UNKNOWN_TASKS`.
    """

    backend = "candidates"

    def __init__(self, tasks: Sequence[Task], *, seed: int = 0, k: int = 4,
                 mutants_per_task: int = 8, recovery: float = 1.0,
                 unknown_tasks: str = "error") -> None:
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        if not 0.0 <= recovery <= 1.0:
            raise ValueError(f"recovery must lie in [0, 1], got {recovery!r}")
        if unknown_tasks not in UNKNOWN_TASKS:
            raise ValueError(f"unknown_tasks must be one of {UNKNOWN_TASKS}, got "
                             f"{unknown_tasks!r}")
        if not tasks:
            raise ValueError("the candidates backend needs at least one task")
        self.seed = seed
        self.unknown_tasks = unknown_tasks
        self.k = k
        self.recovery = float(recovery)
        self.proposer = CandidateProposer(tasks, mutants_per_task=mutants_per_task)
        self._tasks = {t.task_id: t for t in tasks}
        self._rng = np.random.default_rng(seed)
        self._meter = BudgetMeter()

    @property
    def budget(self) -> GeneratorBudget:
        """Spend so far (calls, whitespace-token counts, wall time)."""
        return self._meter.budget

    def reset_budget(self) -> None:
        """Set the budget counters back to zero."""
        self._meter.reset()

    def _rng_for(self, prompt: Prompt, sampling: Sampling) -> np.random.Generator:
        key = "\x00".join([str(prompt.task_id), *prompt.steps]).encode()
        digest = int.from_bytes(hashlib.sha256(key).digest()[:8], "little")
        if sampling.greedy:
            return np.random.default_rng([self.seed, digest])
        if sampling.seed is None:
            return self._rng
        return np.random.default_rng([self.seed, sampling.seed, digest])

    def generate(self, prompts: Sequence[PromptLike], n: int = 1,
                 sampling: Sampling | None = None) -> list[list[Generation]]:
        """Return ``n`` distinct candidate steps per prompt (see the module doc).

        Raises:
            ValueError: If a prompt is not a Prompt with a known ``task_id``.
        """
        check_n(n)
        sampling = sampling or Sampling()
        with self._meter.timed() as results:
            for raw in prompts:
                prompt = as_prompt(raw)
                pool_only = self.unknown_tasks == "pool"
                if not isinstance(prompt, Prompt) or (prompt.task_id is None and not pool_only):
                    raise ValueError("the candidates backend needs Prompt(messages, task_id=..., "
                                     "steps=...) prompts; got one without a task_id")
                task = self._tasks.get(prompt.task_id) if prompt.task_id is not None else None
                rng = self._rng_for(prompt, sampling)
                if task is not None:
                    texts = self._propose(task, prompt.steps, max(n, self.k), rng)
                elif pool_only:
                    texts = self.proposer.propose_from_pool(prompt.steps, max(n, self.k), rng)
                else:
                    raise ValueError(f"unknown task_id {prompt.task_id!r}: the candidates "
                                     "backend only knows the tasks it was built with (build it "
                                     "with unknown_tasks='pool' to offer their steps instead)")
                prior = math.log(1.0 / len(texts))
                prompt_tokens = sum(_whitespace_tokens(m["content"]) for m in prompt.messages)
                row = []
                for i in range(n):
                    text, _ = truncate_at_stop(texts[i % len(texts)], sampling.stop)
                    row.append(Generation(text, prompt_tokens, _whitespace_tokens(text), prior,
                                          "stop"))
                results.append(row)
        return results

    def _propose(self, task: Task, steps: Sequence[str], k: int,
                 rng: np.random.Generator) -> list[str]:
        # The draw is made only off the reference path, so recovery=1.0 consumes no randomness
        # and gives exactly the candidates of the generator before this option existed.
        derailed = (self.recovery < 1.0 and not self.proposer.is_reference_prefix(task, steps)
                    and rng.random() >= self.recovery)
        # Ask for k; if the pools are too small, ask for fewer until it works (k = 1 always does).
        while True:
            try:
                if not derailed:
                    return self.proposer.propose(task, steps, k, rng)
                # One more than k, then the reference step is dropped: k wrong candidates.
                labelled = self.proposer.propose_with_labels(task, steps, k + 1, rng)
                return [text for text, correct in labelled if not correct]
            except ValueError:
                if k > 1:
                    k -= 1
                elif derailed:
                    derailed = False  # not even one wrong step exists: offer the reference
                else:
                    raise
