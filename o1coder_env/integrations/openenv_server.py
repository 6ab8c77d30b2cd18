"""An OpenEnv server of the o1coder envs (``o1coder serve``), built on ``openenv-core``.

``create_server_app(env_id, env_kwargs, max_sessions=N, idle_timeout_s=T)`` returns openenv's
FastAPI app (``openenv.core.env_server.http_server.create_app``) serving one env per WebSocket
session:

* ``GET /health`` answers 200; ``GET /o1coder/spec`` describes the env (id, spaces, step limit)
  for :class:`o1coder_env.remote.RemoteEnv`;
* ``/ws``: ``{"type": "reset", "data": {"seed": S, "task_id": ID}}`` and
  ``{"type": "step", "data": {"text": STEP}}`` (``{"index": K}`` for ``O1Coder-Choice-v0``)
  answer ``{"type": "observation", "data": {"observation": {...}, "reward": R, "done": D}}``,
  where ``observation`` holds the env's ``observation``, its ``info``, ``terminated``,
  ``truncated`` and ``task_id``; a malformed message or a bad action answers
  ``{"type": "error", "data": {"message": ..., "code": ...}}`` and the session stays open;
* sessions are isolated (their own env; the process-wide sandbox is shared), bounded
  (``max_sessions``; one more is answered with a ``CAPACITY_REACHED`` error and closed) and
  reaped after ``idle_timeout_s`` without a message (the next message on a reaped session is an
  error saying so).

What a response carries is the env's own observation and ``info``, which by the env's contract
never hold hidden tests' inputs or expected outputs, reference solutions or reference steps
(hidden tests appear as index and status only, and only with ``report_hidden=True``).

The stateless HTTP ``POST /reset`` and ``POST /step`` of openenv make a fresh env per request
and are of no use for episodes of several steps: use the WebSocket.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from typing import Any, cast

import gymnasium as gym

from o1coder_env._optional import require
from o1coder_env.integrations.wire import space_to_json, to_jsonable

_openenv = require("openenv.core.env_server", "serve", "the o1coder OpenEnv server")
_types = require("openenv.core.env_server.types", "serve", "the o1coder OpenEnv server")
_http = require("openenv.core.env_server.http_server", "serve", "the o1coder OpenEnv server")

Action = _types.Action
Observation = _types.Observation
State = _types.State
Environment = _openenv.Environment

__all__ = ["O1CoderAction", "O1CoderObservation", "O1CoderOpenEnv", "create_server_app"]

#: Keys of a reset message's ``data`` the env understands.
RESET_FIELDS = ("seed", "task_id", "episode_id")


class O1CoderAction(Action):  # type: ignore[misc, valid-type]
    """One step: the step's ``text`` (text envs) or a candidate ``index`` (Choice env)."""

    text: str | None = None
    index: int | None = None


class O1CoderObservation(Observation):  # type: ignore[misc, valid-type]
    """What a reset or step returns; ``reward`` and ``done`` travel next to it."""

    observation: Any = None
    info: dict[str, Any] = {}  # noqa: RUF012 (pydantic copies field defaults)
    terminated: bool = False
    truncated: bool = False
    task_id: str | None = None


class O1CoderOpenEnv(Environment):  # type: ignore[misc, valid-type]
    """One o1coder Gymnasium env behind OpenEnv's ``Environment`` interface.

    Args:
        env_id: The Gymnasium id.
        env_kwargs: Keyword arguments of ``gymnasium.make``.
        idle_timeout_s: Shown in the error of a session used after it was reaped.
    """

    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self, env_id: str, env_kwargs: Mapping[str, Any],
                 idle_timeout_s: float | None = None) -> None:
        super().__init__()
        self._env: Any = cast(Any, gym.make(env_id, **dict(env_kwargs)))
        self._text_actions = not isinstance(self._env.action_space, gym.spaces.Discrete)
        self._idle_timeout_s = idle_timeout_s
        self._episode_id: str | None = None
        self._steps = 0
        self._episode_running = False
        self._closed = False
        self._lock = threading.Lock()

    def _check_open(self) -> None:
        if self._closed:
            after = (f" after {self._idle_timeout_s:g} s without a message"
                     if self._idle_timeout_s else "")
            raise RuntimeError(f"this session was closed{after}; open a new WebSocket "
                               "connection to play again")

    def reset(self, seed: int | None = None, episode_id: str | None = None,
              task_id: str | None = None, **kwargs: Any) -> O1CoderObservation:
        """Start an episode (on ``task_id`` when given; ``seed`` seeds the task draw)."""
        if kwargs:
            raise ValueError(f"unknown reset field(s) {sorted(kwargs)}; known: "
                             f"{list(RESET_FIELDS)}")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)
                                 or seed < 0):
            raise ValueError(f"seed must be an int >= 0, got {seed!r}")
        if task_id is not None and not isinstance(task_id, str):
            raise ValueError(f"task_id must be a string, got {task_id!r}")
        with self._lock:
            self._check_open()
            _check_task(self._env.unwrapped, task_id)
            options = {"task_id": task_id} if task_id is not None else None
            obs, info = self._env.reset(seed=seed, options=options)
            self._episode_id = episode_id
            self._steps = 0
            self._episode_running = True
            return self._observation(obs, 0.0, False, False, info)

    def step(self, action: Any, timeout_s: float | None = None,
             **kwargs: Any) -> O1CoderObservation:
        """Take one step of the running episode."""
        with self._lock:
            self._check_open()
            if not self._episode_running:
                raise RuntimeError("no running episode: send a reset message first")
            if self._text_actions:
                if action.text is None or action.index is not None:
                    raise ValueError("this env's step data is {\"text\": STEP}")
                value: Any = action.text
            else:
                if action.index is None or action.text is not None:
                    raise ValueError("this env's step data is {\"index\": K} (a candidate)")
                if not self._env.action_space.contains(action.index):
                    raise ValueError(f"index {action.index} is outside "
                                     f"{self._env.action_space}")
                value = action.index
            obs, reward, terminated, truncated, info = self._env.step(value)
            self._steps += 1
            self._episode_running = not (terminated or truncated)
            return self._observation(obs, float(reward), bool(terminated), bool(truncated), info)

    @property
    def state(self) -> Any:
        """OpenEnv's state: the episode id, the step count and the task."""
        task = getattr(self._env.unwrapped, "task", None)
        return State(episode_id=self._episode_id, step_count=self._steps,
                     task_id=getattr(task, "task_id", None))

    def close(self) -> None:
        """Close the env (the session ended or was reaped)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._env.close()

    def _observation(self, obs: Any, reward: float, terminated: bool, truncated: bool,
                     info: Mapping[str, Any]) -> O1CoderObservation:
        return O1CoderObservation(
            observation=to_jsonable(obs), info=to_jsonable(info), terminated=terminated,
            truncated=truncated, task_id=info.get("task_id"), reward=reward,
            done=terminated or truncated)


def _check_task(base: Any, task_id: str | None) -> None:
    """Refuse an unknown task before ``reset``.

    A first reset that raises inside Gymnasium's passive env checker (1.4) breaks that env's
    next step, so the env must not see the bad id.
    """
    if task_id is not None and task_id not in base._by_id:
        raise ValueError(f"task_id {task_id!r} is not among this env's {len(base.tasks)} tasks")


def create_server_app(env_id: str = "O1Coder-v1", env_kwargs: Mapping[str, Any] | None = None,
                      *, max_sessions: int = 64, idle_timeout_s: float | None = 300.0) -> Any:
    """The FastAPI app of ``o1coder serve`` (serve it with uvicorn).

    The env's tasks are loaded once here (a bad ``env_kwargs`` fails now, not per session) and
    handed to every session's env.

    Args:
        env_id: A registered o1coder env id.
        env_kwargs: JSON-able keyword arguments of the env (``source``, ``split``,
            ``reward_tests``, ``sandbox``, ``max_steps``...).
        max_sessions: The most concurrent WebSocket sessions.
        idle_timeout_s: Seconds without a message after which a session is closed (``None``:
            never). openenv checks every ``max(timeout / 4, 5)`` seconds.

    Returns:
        The FastAPI app.

    Raises:
        ValueError: For an unknown env id, a bad limit or env kwargs the env rejects.
    """
    import o1coder_env  # noqa: F401  (registers the env ids)

    if env_id not in gym.registry or not env_id.startswith("O1Coder"):
        raise ValueError(f"unknown env id {env_id!r}; known: "
                         f"{sorted(k for k in gym.registry if k.startswith('O1Coder'))}")
    if not isinstance(max_sessions, int) or max_sessions < 1:
        raise ValueError(f"max_sessions must be an int >= 1, got {max_sessions!r}")
    if idle_timeout_s is not None and idle_timeout_s <= 0:
        raise ValueError(f"idle_timeout_s must be > 0 or None, got {idle_timeout_s!r}")
    kwargs = dict(env_kwargs or {})
    probe: Any = cast(Any, gym.make(env_id, **kwargs))
    spec = {
        "env_id": env_id,
        "observation_space": space_to_json(probe.observation_space),
        "action_space": space_to_json(probe.action_space),
        "max_steps": getattr(probe.unwrapped, "max_steps", None),
        "task_ids": [t.task_id for t in probe.unwrapped.tasks],
        "max_sessions": max_sessions,
        "idle_timeout_s": idle_timeout_s,
    }
    # Every session plays the probe's (already filtered) task list: loaded once.
    session_kwargs = {k: v for k, v in kwargs.items()
                      if k not in ("source", "split", "path", "task_ids")}
    session_kwargs["tasks"] = list(probe.unwrapped.tasks)
    probe.close()
    factory = functools.partial(O1CoderOpenEnv, env_id, session_kwargs, idle_timeout_s)
    config = _types.ConcurrencyConfig(max_concurrent_envs=max_sessions,
                                      session_timeout=idle_timeout_s)
    app = _http.create_fastapi_app(factory, O1CoderAction, O1CoderObservation,
                                   concurrency_config=config)

    @app.get("/o1coder/spec")
    def o1coder_spec() -> dict[str, Any]:
        """The served env: id, spaces, step limit, task ids and session limits."""
        return spec

    return app
