r"""TRL reward functions that wrap the env's scoring: sandbox outcome, PRM, phi, alpha(t).

:class:`SandboxReward` follows TRL's reward-function contract
``f(completions, **kwargs) -> list[float | None]``: TRL passes every dataset column as a keyword
list, and the column ``task_id`` (name configurable) says which task's tests judge each
completion. For each completion:

1. the program is what :func:`~o1coder_env.protocol.steps.program_from_completion` makes of the
   completion under ``program_rule``: ``"last-fence"`` (default: the last python fence, else the
   last fence, else the whole text), the rule ``O1Coder-Direct-v0``/``-v1`` apply to their
   action, or ``"entry-point"`` (the last fence that defines the task's entry point, else as
   ``"last-fence"``), the rule of ``O1Coder-Direct-v2``: the same completion earns the same
   outcome in training and in evaluation with the same rule (``tests/test_reward_parity.py``
   proves it on a corpus, for both rules);
2. the program runs once in the sandbox on the task's reward tests (``public`` or ``hidden``),
   through the env's own :func:`~o1coder_env.envs.scoring.score_program`, so the outcome R is
   exactly what the Direct env with that rule pays;
3. with a PRM, the completion is split into steps (``### Step n`` headers; a direct answer is one
   step), the PRM scores them, and the reward is
   :math:`\phi(R, r_{1..m}) = \alpha(t) R + (1-\alpha(t)) \frac1m \sum_j \gamma^j r_j`;
   without a PRM it is R.

Programs of one call run concurrently on the sandbox's workers. A call never waits longer than
``max_wait_s`` (default: per-test timeout times the largest test count, plus 10 s); programs not
judged by then get the failing reward and are counted in :attr:`SandboxReward.stats`. With a
:class:`~o1coder_env.sandbox.Sandbox`, such a program's worker is replaced at the deadline (the
sandbox's ``wait_s``), so nothing it started still holds a worker when the next call begins.

A failure of the sandbox itself (a :class:`~o1coder_env.sandbox.SandboxError`: a worker that could
not start or died, a closed pool) is no verdict on the program: the program is retried once, and
if the sandbox fails again its reward is ``None``, which TRL drops from the loss, and it is
counted in ``stats["infra_errors"]``.

alpha(t) follows training progress: :class:`TrainingProgressCallback` sets ``t`` to the trainer's
optimizer step at the start of every step (also through TRL's ``trainer_state`` keyword, when
TRL passes it).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from o1coder_env.envs.scoring import TestPlan, score_program
from o1coder_env.protocol.prompts import task_problem_text
from o1coder_env.protocol.steps import check_program_rule, program_from_completion
from o1coder_env.rewards import (
    OutcomeConfig,
    PRMCallable,
    checked_scores,
    make_alpha_schedule,
    phi,
)
from o1coder_env.tasks.model import Task, TaskStyle

__all__ = [
    "SandboxReward",
    "TrainingProgressCallback",
    "completion_text",
    "load_prm",
    "split_steps",
]

_STEP_HEADER_RE = re.compile(r"^\s*#{2,4}\s*Step\s+\d+\s*:?\s*$", re.MULTILINE | re.IGNORECASE)


def completion_text(completion: Any) -> str:
    """The text of a completion: a plain string, or the assistant messages of a conversation.

    Raises:
        TypeError: For anything else.
    """
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Sequence):
        parts = []
        for message in completion:
            if not isinstance(message, Mapping) or "content" not in message:
                raise TypeError(f"a conversational completion must be a list of messages with "
                                f"'content', got {message!r}")
            if message.get("role", "assistant") == "assistant":
                parts.append(str(message["content"] or ""))
        return "\n".join(parts)
    raise TypeError(f"a completion must be a string or a list of messages, got "
                    f"{type(completion).__name__}")


def split_steps(text: str) -> list[str]:
    """Split a completion into reasoning steps at ``### Step n`` header lines.

    A completion without headers is one step (a direct answer). Empty pieces are dropped.
    """
    pieces = [p.strip() for p in _STEP_HEADER_RE.split(text)]
    steps = [p for p in pieces if p]
    return steps or [text.strip()]


def load_prm(spec: str | None) -> PRMCallable | None:
    """Build a PRM from a short spec.

    Args:
        spec: ``None``/``"none"`` (no PRM), ``"heuristic"`` (:class:`agents.prm.heuristic.
            HeuristicPRM`), ``"constant:V"`` (every step scores V) or a folder of a saved PRM
            (loaded with ``agents.prm.load_prm``).

    Raises:
        ValueError: For a spec that names nothing loadable.
    """
    if spec is None or spec == "none":
        return None
    if spec == "heuristic":
        from agents.prm.heuristic import HeuristicPRM

        return HeuristicPRM()
    if spec.startswith("constant:"):
        from o1coder_env.rewards import ConstantPRM

        try:
            return ConstantPRM(float(spec.partition(":")[2]))
        except ValueError as exc:
            raise ValueError(f"PRM spec {spec!r}: {exc}") from None
    import importlib
    from pathlib import Path

    if Path(spec).is_dir():
        prm_pkg = importlib.import_module("agents.prm")
        loader = getattr(prm_pkg, "load_prm", None)
        if loader is None:
            raise ValueError(f"PRM spec {spec!r}: agents.prm has no load_prm to read a saved PRM")
        return loader(spec)
    raise ValueError(f"unknown PRM spec {spec!r}; use none, heuristic, constant:V or a saved "
                     "PRM folder")


class SandboxReward:
    """The env's outcome reward (plus PRM via phi) as a TRL reward function.

    Args:
        tasks: The tasks completions may refer to (by ``task_id``).
        reward_tests: ``"public"`` or ``"hidden"``: the tests that pay the outcome.
        outcome: How test counts become R (default: pass fraction).
        prm: Optional process reward model ``(problem, steps) -> scores``.
        alpha: alpha(t) schedule spec (see :func:`o1coder_env.rewards.make_alpha_schedule`).
        gamma: Discount of later process rewards.
        sandbox: A :class:`~o1coder_env.sandbox.Sandbox`, a backend name, or ``None`` for the
            process-wide default sandbox.
        limits: Sandbox limits (default: the sandbox's, with ``timeout_s`` when given).
        timeout_s: Per-test time limit, used when ``limits`` is not given.
        max_wait_s: Longest wait of one call for the sandbox (default from the limits).
        task_id_column: The dataset column naming each completion's task.
        name: The name TRL logs the reward under.
        program_rule: Which text of a completion is the program (``"last-fence"``, the rule of
            ``O1Coder-Direct-v0``/``-v1``, or ``"entry-point"``, that of ``O1Coder-Direct-v2``);
            evaluate with the env of the same rule.

    Raises:
        ValueError: For an empty task list, duplicate ids, a task without reward tests or an
            unknown ``program_rule``.
    """

    def __init__(
        self,
        tasks: Sequence[Task],
        *,
        reward_tests: str = "public",
        outcome: OutcomeConfig | None = None,
        prm: PRMCallable | None = None,
        alpha: float | str | Callable[[float], float] = "paper",
        gamma: float = 0.9,
        sandbox: Any = None,
        limits: Any = None,
        timeout_s: float | None = None,
        max_wait_s: float | None = None,
        task_id_column: str = "task_id",
        name: str = "sandbox_reward",
        program_rule: str = "last-fence",
    ) -> None:
        self.program_rule = check_program_rule(program_rule)
        if reward_tests not in ("public", "hidden"):
            raise ValueError(f"reward_tests must be 'public' or 'hidden', got {reward_tests!r}")
        self.tasks = {t.task_id: t for t in tasks}
        if not self.tasks:
            raise ValueError("SandboxReward needs at least one task")
        if len(self.tasks) != len(tasks):
            raise ValueError("SandboxReward got tasks with duplicate task ids")
        empty = [t.task_id for t in tasks if not t.tests(reward_tests)]
        if empty:
            raise ValueError(f"{len(empty)} task(s) have no {reward_tests} tests: {empty[:5]}")
        self.reward_tests = reward_tests
        self.outcome = outcome or OutcomeConfig()
        if prm is not None and not callable(prm):
            raise TypeError(f"prm must be callable (problem, steps) -> scores, got {prm!r}")
        self.prm = prm
        self.alpha_schedule = make_alpha_schedule(alpha)
        if not 0.0 <= gamma <= 1.0:
            raise ValueError(f"gamma must be in [0, 1], got {gamma!r}")
        self.gamma = float(gamma)
        self._sandbox = sandbox
        if limits is None and timeout_s is not None:
            from o1coder_env.sandbox import Limits

            limits = Limits(timeout_s=timeout_s)
        self.limits = limits
        if max_wait_s is not None and max_wait_s <= 0:
            raise ValueError(f"max_wait_s must be > 0, got {max_wait_s!r}")
        self._max_wait_s = max_wait_s
        self.task_id_column = task_id_column
        # TRL logs each reward function under its __name__.
        self.__name__ = name
        self.training_progress = 0.0
        self._plans = {
            tid: TestPlan(task=t, reward=((reward_tests, tuple(t.tests(reward_tests))),),
                          weights={reward_tests: 1.0}, hidden=None)
            for tid, t in self.tasks.items()
        }
        self._lock = threading.Lock()
        self.stats: dict[str, int] = {"calls": 0, "completions": 0,
                                      "timed_out": 0, "all_passed": 0, "infra_errors": 0}
        self.last_outcomes: list[float | None] = []
        #: Seconds spent inside calls (judging and PRM scoring), summed over calls.
        self.wall_s = 0.0
        self.last_process: list[float | None] = []

    def _entry_point(self, task_id: str) -> str | None:
        """The function a task's tests call (``None`` for stdin/stdout), as the env reads it."""
        task = self.tasks[task_id]
        return task.entry_point if task.style is TaskStyle.CALL else None

    # --- progress ------------------------------------------------------------------------------

    def set_training_progress(self, t: float) -> None:
        """Set the progress t (an optimizer step count) that alpha(t) reads."""
        if not isinstance(t, (int, float)) or t < 0:
            raise ValueError(f"training progress must be a number >= 0, got {t!r}")
        self.training_progress = float(t)

    @property
    def alpha(self) -> float:
        """Alpha at the current training progress."""
        return float(self.alpha_schedule(self.training_progress))

    # --- sandbox -------------------------------------------------------------------------------

    @property
    def sandbox(self) -> Any:
        """The sandbox that judges programs (made on first use)."""
        from o1coder_env.sandbox import resolve_sandbox

        self._sandbox = resolve_sandbox(self._sandbox)
        return self._sandbox

    @property
    def max_wait_s(self) -> float:
        """The longest one call waits for the sandbox."""
        if self._max_wait_s is not None:
            return self._max_wait_s
        timeout = getattr(self.limits or getattr(self.sandbox, "limits", None), "timeout_s", 3.0)
        most_tests = max(len(p.reward[0][1]) for p in self._plans.values())
        return float(timeout) * most_tests + 10.0

    def _judge(self, program: str, task_id: str, deadline: float) -> float | None:
        """The outcome of one program; ``None`` when the sandbox itself failed twice."""
        from o1coder_env.sandbox import SandboxDeadline, SandboxError

        sandbox = _Bounded(self.sandbox, deadline) if _takes_wait(self.sandbox) else self.sandbox
        for _attempt in range(2):
            try:
                return float(score_program(sandbox, self._plans[task_id], program,
                                           outcome=self.outcome, limits=self.limits).outcome)
            except SandboxDeadline:
                # Not judged in time: the failing reward (and the count), as for a late program.
                with self._lock:
                    self.stats["timed_out"] += 1
                return self.outcome.min_reward
            except SandboxError:
                # The infrastructure failed, not the program: never pay (or cache) a verdict.
                continue
        with self._lock:
            self.stats["infra_errors"] += 1
        return None

    def _outcomes(self, programs: Sequence[str], task_ids: Sequence[str]) -> list[float | None]:
        # Programs not judged within max_wait_s keep the failing reward.
        out: list[float | None] = [self.outcome.min_reward] * len(programs)
        if not programs:
            return out
        workers = max(1, int(getattr(self.sandbox, "n_workers", 1)))
        pool = ThreadPoolExecutor(max_workers=min(workers, len(programs)),
                                  thread_name_prefix="o1coder-reward")
        deadline = time.monotonic() + self.max_wait_s
        try:
            futures = {pool.submit(self._judge, program, task_id, deadline): i
                       for i, (program, task_id) in enumerate(zip(programs, task_ids,
                                                                  strict=True))}
            # A Sandbox gives up by the deadline itself (replacing the worker takes a moment);
            # the grace only matters for other sandbox objects, which cannot be interrupted.
            grace = _REPLACE_GRACE_S if _takes_wait(self.sandbox) else 0.0
            done, not_done = wait(futures, timeout=self.max_wait_s + grace)
            for future in done:
                out[futures[future]] = future.result()
            with self._lock:
                self.stats["timed_out"] += len(not_done)
        finally:
            # Never wait here beyond the bound: what is left is not a Sandbox's run.
            pool.shutdown(wait=False, cancel_futures=True)
        return out

    # --- the reward function -------------------------------------------------------------------

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        """Score completions; ``kwargs[task_id_column]`` names each completion's task.

        Returns:
            One float per completion, or ``None`` where the sandbox itself failed twice (TRL
            leaves ``None`` rewards out of the loss).

        Raises:
            KeyError: If the task-id column is missing or names an unknown task.
        """
        state = kwargs.get("trainer_state")
        if state is not None and getattr(state, "global_step", None) is not None:
            self.set_training_progress(float(state.global_step))
        if self.task_id_column not in kwargs:
            raise KeyError(f"the reward needs the dataset column {self.task_id_column!r} "
                           f"(got columns {sorted(kwargs)})")
        task_ids = [str(t) for t in kwargs[self.task_id_column]]
        if len(task_ids) != len(completions):
            raise ValueError(f"{len(completions)} completions but {len(task_ids)} task ids")
        unknown = sorted({t for t in task_ids if t not in self.tasks})
        if unknown:
            raise KeyError(f"unknown task id(s) {unknown[:5]} (the reward knows "
                           f"{len(self.tasks)} tasks)")
        begin = time.perf_counter()
        texts = [completion_text(c) for c in completions]
        programs = [program_from_completion(t, entry_point=self._entry_point(task_id),
                                            rule=self.program_rule)
                    for t, task_id in zip(texts, task_ids, strict=True)]
        outcomes = self._outcomes(programs, task_ids)
        alpha = self.alpha
        rewards: list[float | None] = []
        process_terms: list[float | None] = []
        for text, outcome, task_id in zip(texts, outcomes, task_ids, strict=True):
            if outcome is None:
                rewards.append(None)
                process_terms.append(None)
                continue
            if self.prm is None:
                rewards.append(outcome)
                process_terms.append(None)
                continue
            steps = split_steps(text)
            problem = task_problem_text(self.tasks[task_id])
            scores = checked_scores(self.prm(problem, steps), len(steps))
            rewards.append(phi(outcome, scores, alpha=alpha, gamma=self.gamma))
            process_terms.append(sum(scores) / len(scores))
        with self._lock:
            self.stats["calls"] += 1
            self.stats["completions"] += len(texts)
            self.stats["all_passed"] += sum(o is not None and o >= self.outcome.max_reward
                                            for o in outcomes)
            self.last_outcomes = list(outcomes)
            self.last_process = process_terms
            self.wall_s += time.perf_counter() - begin
        return rewards


def TrainingProgressCallback(rewards: Sequence[Any]) -> Any:
    """A ``transformers.TrainerCallback`` that sets every reward's t to the optimizer step.

    Made by a factory so that importing this module needs no transformers.

    Args:
        rewards: Objects with ``set_training_progress(t)`` (e.g. :class:`SandboxReward`).
    """
    from transformers import TrainerCallback

    targets = [r for r in rewards if hasattr(r, "set_training_progress")]

    class _Progress(TrainerCallback):
        def on_step_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            for reward in targets:
                reward.set_training_progress(float(state.global_step))

    return _Progress()


#: How long past ``max_wait_s`` a call waits for a Sandbox to replace a late program's worker.
_REPLACE_GRACE_S = 5.0


def _takes_wait(sandbox: Any) -> bool:
    """Whether ``sandbox.run`` accepts ``wait_s`` (a :class:`~o1coder_env.sandbox.Sandbox`)."""
    import inspect

    try:
        return "wait_s" in inspect.signature(sandbox.run).parameters
    except (TypeError, ValueError, AttributeError):
        return False


class _Bounded:
    """A sandbox whose every run ends by ``deadline`` (passed on as the run's ``wait_s``)."""

    def __init__(self, sandbox: Any, deadline: float) -> None:
        self.sandbox = sandbox
        self.deadline = deadline

    def run(self, *args: Any, **kwargs: Any) -> Any:
        from o1coder_env.sandbox import SandboxDeadline

        left = self.deadline - time.monotonic()
        if left <= 0:
            raise SandboxDeadline("the reward call's max_wait_s passed before this run began")
        return self.sandbox.run(*args, wait_s=left, **kwargs)
