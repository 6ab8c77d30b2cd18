r"""The o1coder env as a TRL ``environment_factory``: a rollout drives one episode by tool calls.

TRL's ``GRPOTrainer(..., environment_factory=O1CoderTRLEnv.factory(**env_kwargs))`` makes a pool
of :class:`O1CoderTRLEnv` instances and, for each rollout:

1. calls ``reset(**row)`` with the dataset row's columns; the returned text (the problem and how
   to use the tools) is appended to the row's last user message. With a ``task_id`` column the
   episode plays that task; without one (or without a dataset) the env draws a task itself from
   its source (``source=``/``split=``/``tasks=`` in ``env_kwargs``);
2. exposes every public method other than ``reset`` and ``get_reward`` as a tool (TRL reads the
   type hints and the ``Args:`` docstrings): the paper's three actions,
   ``outline(plan)`` (action 1), ``refine(step)`` (action 2, repeatable) and
   ``submit_code(code)`` (action 3, the code step; it ends the episode and answers with the
   public tests' feedback);
3. calls ``get_reward()`` once the rollout is over: the env's own return for the episode.

The reward goes through the env's code and nothing else: each tool call is one
``env.step`` of a Gymnasium env made with ``gymnasium.make(env_id, **env_kwargs)``
(``O1Coder-v1`` by default: the training flavour, train split, no hidden tests run), so the
outcome R, the PRM scores and their aggregation
phi = alpha(t) R + (1 - alpha(t)) mean_j gamma^j r_j are exactly what the env pays for the same
steps. A rollout that never submits code ends the episode with
:meth:`~o1coder_env.envs.base.O1CoderBaseEnv.end_episode`, the env's truncation payment.

alpha(t) follows training when the factory's ``set_training_progress(t)`` is called, e.g. by
``agents.training.rewards.TrainingProgressCallback([factory])`` in the trainer's callbacks.

This module does not import TRL: it only has to look like what TRL calls.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, cast

import gymnasium as gym

from o1coder_env.envs.direct import O1CoderDirectEnv
from o1coder_env.protocol.prompts import task_problem_text
from o1coder_env.protocol.steps import is_code_step, program_from_completion

__all__ = ["TOOL_INSTRUCTIONS", "O1CoderDirectTRLEnv", "O1CoderTRLEnv", "TRLEnvFactory",
           "dataset_rows"]

#: What :meth:`O1CoderTRLEnv.reset` appends after the problem (the protocol, in tool terms).
TOOL_INSTRUCTIONS = (
    "Solve it in steps with the tools: first `outline` the solution in pseudocode, then "
    "`refine` the pseudocode as often as needed, then `submit_code` with the complete Python "
    "program. Submitting code ends the episode and shows you the public tests' results."
)


class TRLEnvFactory:
    """A zero-argument callable making :class:`O1CoderTRLEnv` instances (TRL's contract).

    Every instance gets its own seed (``seed + index``), so pooled instances draw different tasks
    when no dataset names them. The factory holds the training progress t that alpha(t) reads
    in every env it made.

    Args:
        env_id: The Gymnasium id of the env behind each instance.
        seed: Seed of the first instance's task draws (``None``: unseeded).
        task_id_column: The dataset column naming a row's task.
        instructions: Text appended after the problem at reset (``None``: the problem only).
        env_kwargs: Keyword arguments of ``gymnasium.make(env_id, ...)``.
    """

    def __init__(self, *, env_id: str = "O1Coder-v1", seed: int | None = 0,
                 task_id_column: str = "task_id", instructions: str | None = TOOL_INSTRUCTIONS,
                 curriculum: Any = None, **env_kwargs: Any) -> None:
        import o1coder_env  # noqa: F401  (registers the env ids)

        if env_id not in gym.registry:
            raise ValueError(f"unknown env id {env_id!r}; o1coder's text envs are "
                             "'O1Coder-v1' and 'O1Coder-Direct-v2' (or their earlier versions)")
        if env_id.startswith("O1Coder-Choice"):
            raise ValueError(f"{env_id} takes candidate indices, not text: use "
                             "'O1Coder-v1' or 'O1Coder-Direct-v2' with TRL")
        self.env_id = env_id
        # Every version of the Direct env takes the program in one step: one tool only.
        self.direct = str(gym.spec(env_id).entry_point).endswith(":O1CoderDirectEnv")
        self.seed = seed
        self.task_id_column = task_id_column
        self.instructions = instructions
        self.env_kwargs = dict(env_kwargs)
        self.curriculum = curriculum
        self.training_progress = 0.0
        self.made: list[O1CoderTRLEnv] = []
        self._lock = threading.Lock()

    def __call__(self) -> O1CoderTRLEnv:
        """A new env instance (TRL calls this once per pooled rollout slot)."""
        with self._lock:
            index = len(self.made)
            seed = None if self.seed is None else self.seed + index
            cls = O1CoderDirectTRLEnv if self.direct else O1CoderTRLEnv
            env = cls(self, seed=seed)
            self.made.append(env)
        return env

    def set_training_progress(self, t: float) -> None:
        """Set the training progress t of every env this factory made (and will make).

        Raises:
            ValueError: For a negative or non-numeric ``t``.
        """
        if not isinstance(t, (int, float)) or t < 0:
            raise ValueError(f"training progress must be a number >= 0, got {t!r}")
        self.training_progress = float(t)
        for env in self.made:
            env._base.set_training_progress(self.training_progress)


class O1CoderTRLEnv:
    """One o1coder episode per TRL rollout; the tools are the paper's three actions.

    Build instances with :meth:`factory`; TRL calls :meth:`reset`, the tools and
    :meth:`get_reward`. See the module docstring for the protocol.

    Args:
        owner: The :class:`TRLEnvFactory` that holds the configuration.
        seed: Seed of this instance's task draws.
    """

    def __init__(self, owner: TRLEnvFactory, *, seed: int | None = None) -> None:
        self._owner = owner
        self._env: Any = cast(Any, gym.make(owner.env_id, **owner.env_kwargs))
        if owner.curriculum is not None:
            # Draws without a dataset row follow the level the policy is learning.
            from o1coder_env.envs.curriculum import LevelCurriculum

            self._env = LevelCurriculum(self._env, owner.curriculum)
        self._base: Any = self._env.unwrapped
        self._base.set_training_progress(owner.training_progress)
        self._direct = isinstance(self._base, O1CoderDirectEnv)
        self._seed = seed
        self._return = 0.0
        self._done = True
        self._started = False
        self._info: dict[str, Any] = {}

    @classmethod
    def factory(cls, *, env_id: str = "O1Coder-v1", seed: int | None = 0,
                task_id_column: str = "task_id", instructions: str | None = TOOL_INSTRUCTIONS,
                curriculum: Any = None, **env_kwargs: Any) -> TRLEnvFactory:
        """The ``environment_factory`` for TRL's ``GRPOTrainer``.

        Args:
            env_id: ``"O1Coder-v1"`` (outline, refine, code; ``-v0`` plays the test split) or
                ``"O1Coder-Direct-v2"`` (code only; the program is the block that defines the
                entry point; ``-v1``: the last block).
            seed: Seed of the first instance's task draws (instance i uses ``seed + i``).
            task_id_column: The dataset column naming a row's task.
            instructions: Text appended after the problem at reset (``None``: nothing).
            curriculum: A :class:`~o1coder_env.envs.curriculum.CurriculumConfig`: wrap each
                instance's env in a :class:`~o1coder_env.envs.curriculum.LevelCurriculum`, so
                resets without a ``task_id`` draw from the current level (tasks with levels:
                ``source="procedural"``). Each pooled instance keeps its own level.
            **env_kwargs: Keyword arguments of the env (``source``, ``split``, ``tasks``,
                ``reward_tests``, ``prm``, ``alpha``, ``gamma``, ``sandbox``...).

        Returns:
            A :class:`TRLEnvFactory` (call it with no arguments for an instance).
        """
        return TRLEnvFactory(env_id=env_id, seed=seed, task_id_column=task_id_column,
                             instructions=instructions, curriculum=curriculum, **env_kwargs)

    # --- what TRL calls ------------------------------------------------------------------------

    def reset(self, **row: Any) -> str:
        """Start an episode on the row's task (or a drawn one); return the problem text.

        Args:
            **row: The dataset row's columns; ``task_id`` (the factory's ``task_id_column``)
                names the task, every other column is ignored.

        Returns:
            The problem statement and what to implement, followed by the tool instructions.

        Raises:
            ValueError: If the row names a task the env does not have.
        """
        task_id = row.get(self._owner.task_id_column)
        if task_id is not None and str(task_id) not in self._base._by_id:
            # Checked here: a first reset raising inside Gymnasium's env checker breaks the env.
            raise ValueError(f"task_id {task_id!r} is not among this env's "
                             f"{len(self._base.tasks)} tasks")
        options = {"task_id": str(task_id)} if task_id is not None else None
        seed = None
        if not self._started:
            seed, self._started = self._seed, True
        self._env.reset(seed=seed, options=options)
        self._return = 0.0
        self._done = False
        self._info = {}
        task = self._base.task
        text = task_problem_text(task)
        if self._owner.instructions:
            text += "\n\n" + (self._owner.instructions if not self._direct else
                              "Call `submit_code` with the complete Python program; it ends "
                              "the episode and shows you the public tests' results.")
        return text

    def outline(self, plan: str) -> str:
        """Write the outline: the structure of the solution in pseudocode, no Python yet.

        Args:
            plan: The main function(s) with their inputs and outputs and the main stages of the
                algorithm, in pseudocode.

        Returns:
            A confirmation naming the next possible steps.
        """
        self._check_reasoning(plan, first=True)
        return self._reason(plan, "outline")

    def refine(self, step: str) -> str:
        """Refine the pseudocode so far: add detail (loops, conditions, edge cases, data).

        Args:
            step: The refined part of the pseudocode.

        Returns:
            A confirmation naming the next possible steps.
        """
        self._check_reasoning(step, first=False)
        return self._reason(step, "refinement")

    def submit_code(self, code: str) -> str:
        """Submit the final Python program; this ends the episode and runs the public tests.

        Args:
            code: The complete Python program (a ```python block or bare code).

        Returns:
            The public tests' results: how many passed and, per test, its status and message.
        """
        self._check_running()
        if not isinstance(code, str):
            raise TypeError(f"code must be a string, got {type(code).__name__}")
        # (The docstring above is the tool description models read; it stays as in -v1 so the
        # rule does not change prompts.) The env's own rule and the task's entry point:
        # O1Coder-Direct-v2 (or any env made
        # with program_rule="entry-point") runs the block that defines the function.
        program = program_from_completion(code, entry_point=self._base._entry_point(),
                                          rule=self._base.program_rule)
        step = program if self._direct else f"```python\n{program.rstrip()}\n```"
        self._step(step)
        if not self._done:  # only a Direct env could get here, and it always terminates
            raise RuntimeError("the env did not end the episode at the code step")
        return self._public_feedback(program)

    def get_reward(self) -> float:
        """The env's return for this episode (phi with a PRM); ends an unfinished episode.

        A rollout that never submitted code ends it now as a truncated episode does.
        """
        if not self._started:
            raise RuntimeError("get_reward() before reset()")
        if not self._done:
            reward, self._info = self._base.end_episode()
            self._return += reward
            self._done = True
        return float(self._return)

    # --- helpers (private: TRL turns every public method into a tool) --------------------------

    @property
    def episode_info(self) -> dict[str, Any]:
        """The last step's ``info`` (the terminal one once the episode is over)."""
        return dict(self._info)

    @property
    def steps(self) -> list[str]:
        """The steps of the running episode, as the env recorded them."""
        return list(self._info.get("steps", []))

    def _check_running(self) -> None:
        if not self._started:
            raise RuntimeError("the episode has not started (reset() was not called)")
        if self._done:
            raise RuntimeError("the episode has ended: the code was submitted (or the step "
                               "budget was used up); no further tool calls count")

    def _check_reasoning(self, text: str, *, first: bool) -> None:
        self._check_running()
        if self._direct:
            raise ValueError("this env takes the program in one step: call submit_code")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("a reasoning step needs non-empty text")
        if is_code_step(text):
            raise ValueError("a reasoning step must not contain a ```python block; send the "
                             "program with submit_code")
        taken = len(self._base._steps)
        if first and taken:
            raise ValueError("the outline is already written; call refine or submit_code")
        if not first and not taken:
            raise ValueError("write the outline first (call outline)")
        if taken >= self._base.max_steps - 1:
            raise ValueError(f"only the code step is left (at most {self._base.max_steps} "
                             "steps): call submit_code")

    def _reason(self, text: str, what: str) -> str:
        self._step(text)
        left = self._base.max_steps - len(self._base._steps)
        return (f"{what.capitalize()} recorded as step {len(self._base._steps)}; "
                f"{left - 1} more reasoning step(s) possible before submit_code.")

    def _step(self, text: str) -> None:
        _, reward, terminated, truncated, info = self._env.step(text)
        self._return += float(reward)
        self._info = dict(info)
        self._done = bool(terminated or truncated)

    def _public_feedback(self, program: str) -> str:
        task = self._base.task
        records = [t for t in self._info.get("tests", []) if t.get("source") == "public"]
        if not records and task.public_tests:
            # Public tests are not a reward source here: run them for the feedback only.
            report = self._base.sandbox.run(program, task.public_tests,
                                            entry_point=task.entry_point,
                                            setup_code=task.setup_code)
            records = [{"index": i, "status": r.status.value, "message": r.message}
                       for i, r in enumerate(report.results)]
        if not records:
            return "Code submitted. This task has no public tests to report on."
        passed = sum(r.get("status") == "passed" for r in records)
        lines = [f"Code submitted. Public tests: {passed}/{len(records)} passed."]
        for r in records:
            message = str(r.get("message") or "").strip()
            lines.append(f"- test {r['index']}: {r['status']}" + (f": {message}" if message
                                                                   and r["status"] != "passed"
                                                                   else ""))
        return "\n".join(lines)


class O1CoderDirectTRLEnv(O1CoderTRLEnv):
    """The ``O1Coder-Direct-v0`` flavour: one tool, ``submit_code`` (the vanilla baseline).

    ``O1CoderTRLEnv.factory(env_id="O1Coder-Direct-v0", ...)`` makes these; TRL logs their
    reward under this class's name.
    """

    # No reasoning steps in this env: hide the tools (TRL lists functions only).
    outline = None  # type: ignore[assignment]
    refine = None  # type: ignore[assignment]


def dataset_rows(env_kwargs: Mapping[str, Any] | None = None, *,
                 instruction: str = "Solve the programming problem below.",
                 task_id_column: str = "task_id") -> list[dict[str, Any]]:
    """One TRL training row per task of the env's task list (``Dataset.from_list`` them).

    Each row is ``{"prompt": [{"role": "user", "content": instruction}], task_id_column: id}``:
    :meth:`O1CoderTRLEnv.reset` appends the problem to the user message.

    Args:
        env_kwargs: The task selection of the env (``source``, ``split``, ``path``,
            ``task_ids``, ``tasks``); other keys are ignored.
        instruction: The user message the problem is appended to.
        task_id_column: Name of the task-id column.

    Returns:
        The rows, in the env's task order.
    """
    from o1coder_env.tasks.registry import load_tasks

    kwargs = dict(env_kwargs or {})
    if kwargs.get("tasks") is not None:
        tasks = list(kwargs["tasks"])
        ids = kwargs.get("task_ids")
        if ids is not None:
            wanted = set(ids)
            tasks = [t for t in tasks if t.task_id in wanted]
    else:
        tasks = load_tasks(kwargs.get("source", "builtin"), split=kwargs.get("split", "train"),
                           path=kwargs.get("path"), task_ids=kwargs.get("task_ids"))
    return [{"prompt": [{"role": "user", "content": instruction}], task_id_column: t.task_id}
            for t in tasks]
