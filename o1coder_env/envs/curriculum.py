"""A curriculum over task levels: play the level the agent is learning, move it by success.

:class:`LevelCurriculum` wraps any o1coder env whose tasks carry ``metadata["level"]`` (the
``procedural`` source's tasks do). Each reset draws a task of the *current* level; each finished
episode (terminated or truncated) counts as a success when its terminal ``outcome`` is at least
``success_outcome``. After ``window`` episodes at a level, the success rate over them decides:

- rate ``>= raise_at`` (default 0.8): move up one level (up to ``max_level``);
- rate ``<= lower_at`` (default 0.2): move down one level (down to ``min_level``);
- otherwise stay, and the window slides (the oldest episode drops out).

Every move clears the window, so the next decision looks only at episodes of the new level.
The state (level, window, counters and the wrapper's random generator) is in ``info["curriculum"]``
and is saved and restored with the episode by :meth:`LevelCurriculum.get_state` /
:meth:`LevelCurriculum.set_state`.

Example::

    import gymnasium as gym
    import o1coder_env
    from o1coder_env.envs.curriculum import CurriculumConfig, LevelCurriculum

    env = gym.make("O1Coder-Direct-v2", source="procedural", split="train",
                   path="levels=1-5;count=40")
    env = LevelCurriculum(env, CurriculumConfig(window=16))
    obs, info = env.reset(seed=0)
    info["curriculum"]  # {"level": 1, "success_rate": None, "window": [], ...}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import gymnasium as gym
import numpy as np

from o1coder_env.tasks.model import Task

__all__ = ["CurriculumConfig", "CurriculumEnvState", "CurriculumState", "LevelCurriculum",
           "task_level"]


def task_level(task: Task) -> int:
    """A task's level from ``metadata["level"]`` (raises naming the task when it has none)."""
    level = task.metadata.get("level")
    if not isinstance(level, int) or isinstance(level, bool):
        raise ValueError(f"task {task.task_id!r} has no integer metadata['level'] (the curriculum "
                         "needs leveled tasks, e.g. source='procedural')")
    return level


@dataclass(frozen=True)
class CurriculumConfig:
    """When the curriculum moves.

    Attributes:
        start_level: The level of the first episodes.
        min_level: The lowest level it may go down to.
        max_level: The highest level it may go up to.
        window: Episodes at one level before a decision (and the size of the sliding window).
        raise_at: Move up when the window's success rate is at least this.
        lower_at: Move down when the window's success rate is at most this.
        success_outcome: An episode succeeds when its terminal ``info["outcome"]`` is at least
            this (1.0: every reward test passed).
    """

    start_level: int = 1
    min_level: int = 1
    max_level: int = 5
    window: int = 20
    raise_at: float = 0.8
    lower_at: float = 0.2
    success_outcome: float = 1.0

    def __post_init__(self) -> None:
        if not 1 <= self.min_level <= self.max_level:
            raise ValueError(f"need 1 <= min_level <= max_level, got min_level="
                             f"{self.min_level}, max_level={self.max_level}")
        if not self.min_level <= self.start_level <= self.max_level:
            raise ValueError(f"start_level must be within [{self.min_level}, {self.max_level}], "
                             f"got {self.start_level}")
        if not isinstance(self.window, int) or self.window < 1:
            raise ValueError(f"window must be an int >= 1, got {self.window!r}")
        if not 0.0 <= self.lower_at < self.raise_at <= 1.0:
            raise ValueError(f"need 0 <= lower_at < raise_at <= 1, got lower_at={self.lower_at}, "
                             f"raise_at={self.raise_at}")


@dataclass(frozen=True)
class CurriculumState:
    """The curriculum's own state (JSON-ready apart from the generator state dict).

    Attributes:
        level: The current level.
        window: Success flags of the recent episodes at this level (oldest first).
        episodes: Finished episodes so far.
        moves: Level changes so far.
        rng_state: The wrapper's task-drawing generator state.
    """

    level: int
    window: tuple[bool, ...]
    episodes: int
    moves: int
    rng_state: Mapping[str, Any]


@dataclass(frozen=True)
class CurriculumEnvState:
    """What :meth:`LevelCurriculum.get_state` returns: the episode's and the curriculum's."""

    env: Any
    curriculum: CurriculumState


class LevelCurriculum(gym.Wrapper):
    """Chooses each episode's task level from recent success (see the module docstring).

    Args:
        env: An o1coder env (or a wrapper of one) whose tasks carry levels.
        config: Thresholds and window.
        level_of: How to read a task's level (default: ``metadata["level"]``).

    Raises:
        ValueError: If a level in ``[min_level, max_level]`` has no task, naming it.
    """

    def __init__(self, env: gym.Env, config: CurriculumConfig | None = None, *,
                 level_of: Callable[[Task], int] = task_level) -> None:
        super().__init__(env)
        self.config = config or CurriculumConfig()
        tasks: tuple[Task, ...] = env.unwrapped.tasks  # type: ignore[attr-defined]
        self._pools: dict[int, list[str]] = {}
        for task in tasks:
            self._pools.setdefault(level_of(task), []).append(task.task_id)
        wanted = range(self.config.min_level, self.config.max_level + 1)
        missing = [level for level in wanted if level not in self._pools]
        if missing:
            raise ValueError(f"the env has no task of level(s) {missing}; load them (e.g. "
                             f"path='levels={self.config.min_level}-{self.config.max_level}') "
                             "or narrow min_level/max_level")
        self.level = self.config.start_level
        self._window: list[bool] = []
        self.episodes = 0
        self.moves = 0
        self._rng = np.random.default_rng()

    # --- state ---------------------------------------------------------------------------------

    def curriculum_state(self) -> CurriculumState:
        """The curriculum's state alone (for checkpoints between episodes)."""
        return CurriculumState(level=self.level, window=tuple(self._window),
                               episodes=self.episodes, moves=self.moves,
                               rng_state=self._rng.bit_generator.state)

    def load_curriculum_state(self, state: CurriculumState) -> None:
        """Restore what :meth:`curriculum_state` returned."""
        if not isinstance(state, CurriculumState):
            raise TypeError(f"need a CurriculumState, got {type(state).__name__}")
        if not self.config.min_level <= state.level <= self.config.max_level:
            raise ValueError(f"state level {state.level} is outside [{self.config.min_level}, "
                             f"{self.config.max_level}]")
        self.level = state.level
        self._window = list(state.window)[-self.config.window:]
        self.episodes = state.episodes
        self.moves = state.moves
        self._rng.bit_generator.state = dict(state.rng_state)

    def get_state(self) -> CurriculumEnvState:
        """The wrapped env's episode snapshot together with the curriculum's state."""
        return CurriculumEnvState(env=self.env.unwrapped.get_state(),  # type: ignore[attr-defined]
                                  curriculum=self.curriculum_state())

    def set_state(self, state: CurriculumEnvState) -> None:
        """Restore a snapshot from :meth:`get_state`."""
        if not isinstance(state, CurriculumEnvState):
            raise TypeError(f"set_state needs a CurriculumEnvState, got {type(state).__name__}")
        self.env.unwrapped.set_state(state.env)  # type: ignore[attr-defined]
        self.load_curriculum_state(state.curriculum)

    def _info(self, moved: int = 0) -> dict[str, Any]:
        rate = sum(self._window) / len(self._window) if self._window else None
        return {"level": self.level, "success_rate": rate, "window": list(self._window),
                "episodes": self.episodes, "moves": self.moves, "moved": moved}

    # --- the Gymnasium API ---------------------------------------------------------------------

    def reset(self, *, seed: int | None = None,
              options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        """Start an episode on a task of the current level (``options["task_id"]`` overrides)."""
        if seed is not None:
            self._rng = np.random.default_rng(seed)
        options = dict(options or {})
        if "task_id" not in options:
            pool = self._pools[self.level]
            options["task_id"] = pool[int(self._rng.integers(len(pool)))]
        obs, info = self.env.reset(seed=seed, options=options)
        info["curriculum"] = self._info()
        return obs, info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        """Step the env; a finished episode updates the window and maybe the level."""
        obs, reward, terminated, truncated, info = self.env.step(action)
        moved = 0
        if terminated or truncated:
            moved = self._record(float(info.get("outcome", 0.0)) >= self.config.success_outcome)
        info["curriculum"] = self._info(moved)
        return obs, float(reward), terminated, truncated, info

    def record(self, success: bool) -> int:
        """Count one finished episode by hand (for drivers that judge outside ``step``).

        Returns:
            +1 if the level went up, -1 if down, 0 otherwise.
        """
        return self._record(bool(success))

    def _record(self, success: bool) -> int:
        self.episodes += 1
        self._window.append(success)
        if len(self._window) > self.config.window:
            self._window.pop(0)
        if len(self._window) < self.config.window:
            return 0
        rate = sum(self._window) / len(self._window)
        move = 0
        if rate >= self.config.raise_at and self.level < self.config.max_level:
            move = 1
        elif rate <= self.config.lower_at and self.level > self.config.min_level:
            move = -1
        if move:
            self.level += move
            self.moves += 1
            self._window = []
        return move
