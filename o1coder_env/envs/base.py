"""Episode logic shared by the o1coder envs: tasks, steps, terminal scoring, rewards, state.

Subclasses choose the spaces and how an action becomes a step's text
(:class:`~o1coder_env.envs.reasoning.O1CoderEnv`: the text itself;
:class:`~o1coder_env.envs.choice.O1CoderChoiceEnv`: the chosen candidate) and which steps are
code steps. Everything else (reward math in :mod:`o1coder_env.rewards`, the terminal sandbox
call in :mod:`o1coder_env.envs.scoring`) is here once, so the three envs pay rewards the same way.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

import gymnasium as gym

from o1coder_env.envs.scoring import Score, TestPlan, parse_reward_tests, score_program
from o1coder_env.protocol.prompts import task_problem_text
from o1coder_env.protocol.steps import StepKind, check_program_rule, classify_step, extract_code
from o1coder_env.rewards import (
    OutcomeConfig,
    PRMCallable,
    last_step_score,
    make_alpha_schedule,
    phi,
    step_process_reward,
)
from o1coder_env.tasks.model import Task, TaskStyle, TestCase
from o1coder_env.tasks.registry import load_tasks

__all__ = ["EVALUATION_SPLIT", "PRM_MODES", "EnvState", "O1CoderBaseEnv"]

ObsT = TypeVar("ObsT")
ActT = TypeVar("ActT")

#: How process rewards are paid: folded into the terminal reward, or per step.
PRM_MODES = ("terminal", "step")

#: The split held out for evaluation: a training env (``evaluation=False``) never plays it.
EVALUATION_SPLIT = "test"

#: ``split`` was not passed: the default depends on ``evaluation`` (see ``_episode_policy``).
_UNSET: Any = object()


def _episode_policy(
    evaluation: bool | None, split: Any, report_hidden: bool | None
) -> tuple[str | None, bool]:
    """The split to load and whether hidden verdicts are reported, from the env's mode.

    ``evaluation=None`` is the ``-v0`` behaviour (test split, hidden verdicts in ``info``);
    ``False`` (``-v1``'s default) trains: the ``train`` split, no hidden tests run, and the
    evaluation split refused; ``True`` evaluates: the ``test`` split, hidden verdicts reported.
    """
    if evaluation is None:
        return (EVALUATION_SPLIT if split is _UNSET else split,
                True if report_hidden is None else bool(report_hidden))
    if not isinstance(evaluation, bool):
        raise TypeError(f"evaluation must be True, False or None, got {evaluation!r}")
    if evaluation:
        return (EVALUATION_SPLIT if split is _UNSET else split,
                True if report_hidden is None else bool(report_hidden))
    if split == EVALUATION_SPLIT:
        raise ValueError(
            f"split={EVALUATION_SPLIT!r} is held out for evaluation and a training env "
            "(evaluation=False, the -v1 default) never plays it; pass evaluation=True to "
            "evaluate, or train on another split"
        )
    return ("train" if split is _UNSET else split,
            False if report_hidden is None else bool(report_hidden))


@dataclass(frozen=True)
class EnvState:
    """A cheap snapshot of an episode, for tree search (``get_state`` / ``set_state``).

    Attributes:
        task_id: The episode's task.
        steps: The steps taken so far.
        process_rewards: The PRM score of each step (empty without a PRM).
        done: Whether the episode has ended.
        rng_state: The env's ``np_random`` bit-generator state (so later random choices, such as
            the Choice env's candidate shuffles, repeat after a restore). Do not mutate.
        extra: Subclass data (the Choice env's current candidates).
    """

    task_id: str
    steps: tuple[str, ...]
    process_rewards: tuple[float, ...]
    done: bool
    rng_state: Mapping[str, Any]
    extra: Mapping[str, Any] = field(default_factory=dict)


class O1CoderBaseEnv(gym.Env[ObsT, ActT], Generic[ObsT, ActT]):
    """Shared episode logic; see :class:`~o1coder_env.envs.reasoning.O1CoderEnv` for the docs.

    Subclasses implement :meth:`_observation`, set ``observation_space``/``action_space`` and
    may override :meth:`_step_kind` and :meth:`_program_of`.
    """

    # Gymnasium declares `metadata` as an instance attribute; a class constant is what it reads.
    metadata: ClassVar[dict[str, Any]] = {  # type: ignore[misc]
        "render_modes": ["ansi", "human"], "render_fps": 4}

    def __init__(
        self,
        *,
        source: str = "builtin",
        split: str | None = _UNSET,
        evaluation: bool | None = None,
        path: str | None = None,
        task_ids: Sequence[str] | None = None,
        task_filter: Callable[[Task], bool] | None = None,
        tasks: Sequence[Task] | None = None,
        max_steps: int = 8,
        reward_tests: str | Mapping[str, float] = "public",
        reward_mode: str = "fraction",
        tau_pass: float = 1.0,
        tau_fail: float = 0.0,
        compile_weight: float = 0.0,
        compile_penalty: float = 0.0,
        prm: PRMCallable | None = None,
        prm_mode: str = "terminal",
        alpha: float | str | Callable[[float], float] = "paper",
        gamma: float = 0.9,
        report_hidden: bool | None = None,
        tcg: Any = None,
        tcg_tests: int = 10,
        sandbox: Any = None,
        limits: Any = None,
        render_mode: str | None = None,
        program_rule: str = "last-fence",
    ) -> None:
        split, report_hidden = _episode_policy(evaluation, split, report_hidden)
        #: Which fenced block of a code step is the program (``protocol.steps.PROGRAM_RULES``).
        self.program_rule = check_program_rule(program_rule)
        self.evaluation = evaluation
        if tasks is not None:
            if source != "builtin" or path is not None:
                raise ValueError("pass either tasks= or source=/path=, not both")
            loaded = list(tasks)
            if task_ids is not None:
                by_id = {t.task_id: t for t in loaded}
                missing = [i for i in task_ids if i not in by_id]
                if missing:
                    raise ValueError(f"task_ids not among the given tasks: {missing[:10]}")
                loaded = [by_id[i] for i in task_ids]
            if task_filter is not None:
                loaded = [t for t in loaded if task_filter(t)]
        else:
            try:
                loaded = load_tasks(source, split=split, path=path, task_ids=task_ids,
                                    filter=task_filter)
            except ValueError as error:
                if evaluation is False:
                    raise ValueError(
                        f"a training env (evaluation=False, the -v1 default) loads split "
                        f"{split!r} of source {source!r}, which failed: {error}. Evaluate on "
                        "this source with evaluation=True, or name a split to train on"
                    ) from error
                raise
        if evaluation is False:
            # split=None or given tasks may still hold evaluation tasks: never train on them.
            held_out = [t.task_id for t in loaded if t.split == EVALUATION_SPLIT]
            if held_out and len(held_out) == len(loaded):
                raise ValueError(
                    f"every task is in the {EVALUATION_SPLIT!r} split, which a training env "
                    f"(evaluation=False, the -v1 default) never plays: {held_out[:5]}...; "
                    "pass evaluation=True to evaluate on them"
                )
            if held_out:
                warnings.warn(
                    f"dropping {len(held_out)} task(s) of the {EVALUATION_SPLIT!r} split from "
                    "a training env (evaluation=False); pass evaluation=True to play them",
                    UserWarning,
                    stacklevel=2,
                )
                loaded = [t for t in loaded if t.split != EVALUATION_SPLIT]
        if not loaded:
            raise ValueError(f"no tasks to play: source={source!r} split={split!r} path={path!r}"
                             " (with the given task_ids/task_filter)")
        for task in loaded:
            if not isinstance(task, Task):
                raise TypeError(f"tasks must be Task records, got {type(task).__name__}")
        self.tasks: tuple[Task, ...] = tuple(loaded)
        self._by_id = {t.task_id: t for t in self.tasks}
        if len(self._by_id) != len(self.tasks):
            raise ValueError("the env's tasks have duplicate task ids")
        if not isinstance(max_steps, int) or max_steps < 1:
            raise ValueError(f"max_steps must be an int >= 1, got {max_steps!r}")
        self.max_steps = max_steps
        self.reward_weights = parse_reward_tests(reward_tests)
        # A task without tests of a reward source cannot be judged on it. Skipping such tasks
        # (with one warning) rather than raising lets the headline data sets work with the
        # defaults: 3 HumanEval tasks ship no public tests.
        used = [name for name in ("public", "hidden") if name in self.reward_weights]
        skipped = [t.task_id for t in self.tasks if any(not t.tests(name) for name in used)]
        if skipped:
            if len(skipped) == len(self.tasks):
                raise ValueError(
                    f"no tasks to play: every task of source={source!r} split={split!r} "
                    f"path={path!r} lacks {'/'.join(used)} tests for reward_tests; use another "
                    "reward_tests (e.g. 'hidden' or 'tcg') or another source/split"
                )
            warnings.warn(
                f"skipping {len(skipped)} task(s) without {'/'.join(used)} tests for "
                f"reward_tests: {skipped}; to keep them judge by other tests, e.g. "
                "reward_tests='tcg' or 'hidden'",
                UserWarning,
                stacklevel=2,
            )
            gone = set(skipped)
            self.tasks = tuple(t for t in self.tasks if t.task_id not in gone)
            self._by_id = {t.task_id: t for t in self.tasks}
        self.outcome_config = OutcomeConfig(mode=reward_mode, tau_pass=tau_pass,
                                            tau_fail=tau_fail, compile_weight=compile_weight,
                                            compile_penalty=compile_penalty)
        if prm is not None and not callable(prm):
            raise TypeError(f"prm must be a callable (problem, steps) -> scores, got {prm!r}")
        if prm_mode not in PRM_MODES:
            raise ValueError(f"prm_mode must be one of {PRM_MODES}, got {prm_mode!r}")
        self.prm = prm
        self.prm_mode = prm_mode
        self.alpha_schedule = make_alpha_schedule(alpha)
        if not 0.0 <= gamma <= 1.0:
            raise ValueError(f"gamma must be in [0, 1], got {gamma!r}")
        self.gamma = float(gamma)
        self.training_progress = 0.0
        self.report_hidden = bool(report_hidden)
        if tcg is not None and not callable(getattr(tcg, "generate", None)):
            raise TypeError(f"tcg needs a generate(task, code=None, n=...) method, got {tcg!r}")
        if tcg_tests < 1:
            raise ValueError(f"tcg_tests must be >= 1, got {tcg_tests}")
        self._tcg = tcg
        self.tcg_tests = tcg_tests
        self._tcg_cache: dict[str, tuple[TestCase, ...]] = {}
        self._plans: dict[str, TestPlan] = {}
        self._sandbox = sandbox
        self.limits = limits
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None,"
                             f" got {render_mode!r}")
        self.render_mode = render_mode
        # Episode state.
        self.task: Task | None = None
        self._problem = ""
        self._steps: list[str] = []
        self._process: list[float] = []
        self._done = True
        self._last: dict[str, Any] = {}

    # --- configuration a trainer touches -------------------------------------------------------

    def set_training_progress(self, t: float) -> None:
        """Set the training progress t that the alpha(t) schedule reads (>= 0).

        Through a vector env: ``envs.call("set_training_progress", t)``.
        """
        if not isinstance(t, (int, float)) or t < 0:
            raise ValueError(f"training progress must be a number >= 0, got {t!r}")
        self.training_progress = float(t)

    @property
    def alpha(self) -> float:
        """The schedule's alpha at the current training progress."""
        return float(self.alpha_schedule(self.training_progress))

    @property
    def sandbox(self) -> Any:
        """The sandbox that runs code steps.

        ``sandbox=None`` (default) uses the process-wide :func:`~o1coder_env.sandbox.
        get_default_sandbox`; a backend name (``"process"``, ``"bwrap"``, ``"auto"``...) uses a
        process-wide sandbox of that backend (picklable, so it works in async vector envs); a
        :class:`~o1coder_env.sandbox.Sandbox` object is used as is.
        """
        from o1coder_env.sandbox import resolve_sandbox

        self._sandbox = resolve_sandbox(self._sandbox)
        return self._sandbox

    # --- tests ---------------------------------------------------------------------------------

    def tcg_tests_for(self, task: Task) -> tuple[TestCase, ...]:
        """The generated tests this env scores ``task`` with under ``reward_tests="tcg"``.

        Made once per task (the env's ``tcg``, default a :class:`~o1coder_env.tcg.FuzzingTCG`
        run on the task's reference) and cached, so every episode of a task, and every
        simulator handed these tests, is judged on the same ones.

        Raises:
            ValueError: When the generator needs a reference the task lacks.
            RuntimeError: When the generator made no test.
        """
        cached = self._tcg_cache.get(task.task_id)
        if cached is None:
            if self._tcg is None:
                from o1coder_env.tcg.fuzzing import FuzzingTCG

                self._tcg = FuzzingTCG(sandbox=self.sandbox)
            cached = tuple(self._tcg.generate(task, n=self.tcg_tests))
            if not cached:
                raise RuntimeError(f"the test-case generator made no tests for {task.task_id!r}")
            self._tcg_cache[task.task_id] = cached
        return cached

    def _plan_for(self, task: Task) -> TestPlan:
        plan = self._plans.get(task.task_id)
        if plan is None:
            reward: list[tuple[str, tuple[TestCase, ...]]] = []
            for source_name in ("public", "hidden", "tcg"):
                if source_name in self.reward_weights:
                    tests = (self.tcg_tests_for(task) if source_name == "tcg"
                             else task.tests(source_name))
                    reward.append((source_name, tuple(tests)))
            plan = TestPlan(task=task, reward=tuple(reward), weights=dict(self.reward_weights),
                            hidden=task.hidden_tests if self.report_hidden else None)
            self._plans[task.task_id] = plan
        return plan

    # --- hooks for subclasses ------------------------------------------------------------------

    def _step_kind(self, text: str, index: int) -> StepKind:
        """The kind of the ``index``-th step (a fenced python block makes it the code step)."""
        return classify_step(text, index)

    def _program_of(self, text: str) -> str | None:
        """The program of a code step (it holds a python block), by the env's program rule."""
        return extract_code(text, fallback_any_fence=False, entry_point=self._entry_point(),
                            rule=self.program_rule)

    def _entry_point(self) -> str | None:
        """The function the current task's tests call (``None`` for a stdin/stdout task)."""
        task = self.task
        if task is None or task.style is not TaskStyle.CALL:
            return None
        return task.entry_point

    def program_of(self, text: str) -> str | None:
        """The program this env would run for ``text`` as the current task's code step.

        The env's program rule (``program_rule``) applied to ``text`` with the current task's
        entry point: what the sandbox runs when ``text`` ends the episode. ``None`` when ``text``
        holds no program (for the step envs: no python block).

        Raises:
            RuntimeError: Before ``reset()``.
        """
        if self.task is None:
            raise RuntimeError("call reset() before program_of()")
        return self._program_of(text)

    def _observation(self) -> ObsT:
        raise NotImplementedError

    def _on_reset(self) -> None:
        """Called after a reset chose the task (the Choice env proposes candidates here)."""

    def _after_step(self, done: bool) -> None:
        """Called after each step (the Choice env proposes the next candidates here)."""

    def _extra_state(self) -> dict[str, Any]:
        return {}

    def _restore_extra(self, extra: Mapping[str, Any]) -> None:
        """Restore what :meth:`_extra_state` saved."""

    def _extra_info(self) -> dict[str, Any]:
        return {}

    # --- the Gymnasium API ---------------------------------------------------------------------

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[ObsT, dict[str, Any]]:
        """Start an episode on a task drawn with ``np_random`` or named in ``options``.

        Args:
            seed: Seeds ``np_random`` (task draws, candidate shuffles).
            options: ``{"task_id": "..."}`` plays that task (no random draw).
        """
        super().reset(seed=seed)
        options = dict(options or {})
        task_id = options.pop("task_id", None)
        if options:
            raise ValueError(f"unknown reset option(s) {sorted(options)}; known: ['task_id']")
        if task_id is not None:
            if task_id not in self._by_id:
                raise ValueError(f"task_id {task_id!r} is not among this env's "
                                 f"{len(self.tasks)} tasks")
            task = self._by_id[task_id]
        else:
            task = self.tasks[int(self.np_random.integers(len(self.tasks)))]
        self.task = task
        self._problem = task_problem_text(task)
        self._plan_for(task)  # generate TCG tests now, so the code step is one sandbox call
        self._steps = []
        self._process = []
        self._done = False
        self._last = {}
        self._on_reset()
        info = self._info("none")
        info["problem"] = self._problem
        if self.render_mode == "human":
            self.render()
        return self._observation(), info

    def _take_step(self, text: str) -> tuple[float, bool, bool, dict[str, Any]]:
        """Append one step and compute its reward (the heart of every env's ``step``)."""
        if self.task is None:
            raise RuntimeError("call reset() before step()")
        if self._done:
            raise RuntimeError("the episode has ended; call reset() before step()")
        kind = self._step_kind(text, len(self._steps))
        self._steps.append(text)
        alpha = self.alpha
        reward = 0.0
        extra: dict[str, Any] = {}
        if self.prm is not None:
            score = last_step_score(self.prm, self._problem, self._steps)
            self._process.append(score)
            extra["process_reward"] = score
            if self.prm_mode == "step":
                reward += step_process_reward(self._process, alpha=alpha, gamma=self.gamma)
        terminated = kind is StepKind.CODE
        truncated = not terminated and len(self._steps) >= self.max_steps
        if terminated or truncated:
            final, final_info = self._finish(self._program_of(text) if terminated else None,
                                             alpha)
            reward += final
            extra.update(final_info)
        self._after_step(self._done)
        info = self._info(kind.value)
        info.update(extra)
        self._last = {"reward": reward, **extra}
        if self.render_mode == "human":
            self.render()
        return float(reward), terminated, truncated, info

    def _finish(self, program: str | None, alpha: float) -> tuple[float, dict[str, Any]]:
        """End the episode: score ``program`` (``None``: no program).

        Returns the terminal payment (phi, or alpha * R in ``step`` mode) and the terminal
        ``info`` entries.
        """
        self._done = True
        result = self._score(program)
        if self.prm is not None and self.prm_mode == "step":
            reward = alpha * result.outcome
        else:
            reward = phi(result.outcome, self._process, alpha=alpha, gamma=self.gamma)
        extra = result.info()
        if self.prm is not None:
            extra["alpha"] = alpha
            extra["process_rewards"] = list(self._process)
        return float(reward), extra

    def end_episode(self) -> tuple[float, dict[str, Any]]:
        """End the running episode now, without a program, exactly as truncation does.

        For drivers whose episodes can stop before ``max_steps`` without a code step (a
        tool-calling trainer's rollout that never submitted code): the reward is the one a
        truncated episode pays (R of a program that does not compile, folded into phi with the
        steps' process rewards), computed by the same code as :meth:`step`'s truncation.

        Returns:
            ``(reward, info)``: the terminal payment and the terminal ``info`` (as ``step``).

        Raises:
            RuntimeError: Before ``reset()`` or after the episode has ended.
        """
        if self.task is None:
            raise RuntimeError("call reset() before end_episode()")
        if self._done:
            raise RuntimeError("the episode has already ended")
        reward, extra = self._finish(None, self.alpha)
        self._after_step(True)
        info = self._info("none")
        info.update(extra)
        self._last = {"reward": reward, **extra}
        return reward, info

    def _score(self, program: str | None) -> Score:
        assert self.task is not None
        return score_program(self.sandbox, self._plan_for(self.task), program,
                             outcome=self.outcome_config, limits=self.limits)

    def _info(self, kind: str) -> dict[str, Any]:
        assert self.task is not None
        info: dict[str, Any] = {
            "task_id": self.task.task_id,
            "step_index": len(self._steps),
            "step_kind": kind,
            "steps": list(self._steps),
        }
        info.update(self._extra_info())
        return info

    # --- tree search ---------------------------------------------------------------------------

    def get_state(self) -> EnvState:
        """A frozen snapshot of the episode (cheap: the trace, the task id and counters)."""
        if self.task is None:
            raise RuntimeError("call reset() before get_state()")
        return EnvState(
            task_id=self.task.task_id,
            steps=tuple(self._steps),
            process_rewards=tuple(self._process),
            done=self._done,
            rng_state=self.np_random.bit_generator.state,
            extra=self._extra_state(),
        )

    def set_state(self, state: EnvState) -> None:
        """Restore a snapshot from :meth:`get_state` (of this env or one with the same tasks)."""
        if not isinstance(state, EnvState):
            raise TypeError(f"set_state needs an EnvState, got {type(state).__name__}")
        task = self._by_id.get(state.task_id)
        if task is None:
            raise ValueError(f"state's task {state.task_id!r} is not among this env's tasks")
        if len(state.steps) > self.max_steps:
            raise ValueError(f"state has {len(state.steps)} steps, max_steps is {self.max_steps}")
        self.task = task
        self._problem = task_problem_text(task)
        self._steps = list(state.steps)
        self._process = list(state.process_rewards)
        self._done = state.done
        self._last = {}
        self.np_random.bit_generator.state = dict(state.rng_state)
        self._restore_extra(state.extra)

    # --- rendering -----------------------------------------------------------------------------

    def _render_text(self) -> str:
        if self.task is None:
            return "(no episode: call reset())\n"
        lines = [f"=== {self.task.task_id}  step {len(self._steps)}/{self.max_steps}", "",
                 self._problem, ""]
        for i, step in enumerate(self._steps, start=1):
            lines += [f"### Step {i}", step, ""]
        if self._last:
            summary = f"reward={self._last['reward']:.4f}"
            if "status" in self._last:
                summary += (f"  status={self._last['status']}  outcome="
                            f"{self._last['outcome']:.4f}")
            if "hidden_total" in self._last:
                summary += f"  hidden={self._last['hidden_passed']}/{self._last['hidden_total']}"
            lines.append(summary)
        return "\n".join(lines) + "\n"

    def render(self) -> str | None:
        """``ansi``: return the problem and trace as text; ``human``: print it."""
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; pass render_mode='ansi' "
                            "or 'human' to gym.make")
            return None
        text = self._render_text()
        if self.render_mode == "ansi":
            return text
        print(text, end="")
        return None
