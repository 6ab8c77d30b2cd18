"""An OpenEnv server of the o1coder envs (``o1coder serve``), built on ``openenv-core``.

``create_server_app(env_id, env_kwargs, max_sessions=N, idle_timeout_s=T)`` returns a FastAPI
app (openenv's, ``openenv.core.env_server.http_server``) serving one env per WebSocket session:

* ``GET /health`` answers 200; ``GET /o1coder/spec`` describes the env (id, spaces, step limit,
  reward settings, message types) for :class:`o1coder_env.remote.RemoteEnv`;
* ``/ws``: OpenEnv's ``{"type": "reset", "data": {"seed": S, "task_id": ID}}`` and
  ``{"type": "step", "data": {"text": STEP}}`` (``{"index": K}`` for ``O1Coder-Choice-v0``)
  answer ``{"type": "observation", "data": {"observation": {...}, "reward": R, "done": D}}``,
  where ``observation`` holds the env's ``observation``, its ``info``, ``terminated``,
  ``truncated`` and ``task_id``; ``{"type": "state"}`` and ``{"type": "close"}`` work as in
  OpenEnv;
* o1coder's own messages on the same socket, for tree search and trainers:

  - ``{"type": "get_state"}`` snapshots the episode and answers ``{"type": "state_handle",
    "data": {"handle": H, ...}}``. The snapshot stays on the server; ``H`` is an opaque
    string, so a client can neither read a snapshot nor forge one;
  - ``{"type": "set_state", "data": {"handle": H}}`` restores it (``state_restored``);
  - ``{"type": "drop_state", "data": {"handles": [H, ...]}}`` frees snapshots
    (``states_dropped``);
  - ``{"type": "set_training_progress", "data": {"t": T}}`` sets the progress t that the
    alpha(t) schedule of phi reads (``training_progress``, with the alpha now in force);
  - ``{"type": "get_task"}`` answers ``{"type": "task", "data": {"task": T}}``: the running
    episode's task as an agent may see it (:meth:`~o1coder_env.tasks.Task.public_copy`: the
    problem, prompt, public tests and setup code; no hidden test, reference or metadata), so
    an agent played over the wire gets what ``Task.agent_view()`` gives it locally;
  - ``{"type": "set_report_hidden", "data": {"report_hidden": false}}`` stops this session
    from running hidden tests and reporting their verdicts (``report_hidden``), so a search
    simulator can use an evaluation server. It only turns reports off (or back on, where the
    server reports them): a training server never starts reporting hidden verdicts.

  A session keeps at most ``max_snapshots`` snapshots (one more is refused with
  ``SNAPSHOT_LIMIT``); a handle the session does not hold (dropped, made by another session,
  or made before a reconnect) is refused with ``UNKNOWN_HANDLE``;
* a malformed message or a bad action answers ``{"type": "error", "data": {"message": ...,
  "code": ...}}`` and the session stays open;
* sessions are isolated (their own env; the process-wide sandbox and the PRM are shared),
  bounded (``max_sessions``; one more is answered with a ``CAPACITY_REACHED`` error and
  closed) and reaped after ``idle_timeout_s`` without a message (the next message on a reaped
  session is an error saying so).

What a response carries is the env's own observation and ``info``, which by the env's contract
never hold hidden tests' inputs or expected outputs, reference solutions or reference steps
(hidden tests appear as index and status only, with ``hidden_passed``/``hidden_total``, and
only with ``report_hidden=True``: what a benchmark judges an episode by), the public copy of
the task, and the snapshot handles above.

openenv's ``/ws`` endpoint answers only its own message types, so this module serves ``/ws``
with its own endpoint on openenv's session machinery (session creation, capacity, idle reaper,
per-session executors). The stateless HTTP ``POST /reset`` and ``POST /step`` of openenv make
a fresh env per request and are of no use for episodes of several steps: use the WebSocket.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import gymnasium as gym

from o1coder_env._optional import require
from o1coder_env.integrations.wire import space_to_json, to_jsonable

_openenv = require("openenv.core.env_server", "serve", "the o1coder OpenEnv server")
_types = require("openenv.core.env_server.types", "serve", "the o1coder OpenEnv server")
_http = require("openenv.core.env_server.http_server", "serve", "the o1coder OpenEnv server")
_errors = require("openenv.core.env_server.exceptions", "serve", "the o1coder OpenEnv server")
_serialization = require("openenv.core.env_server.serialization", "serve",
                         "the o1coder OpenEnv server")
_fastapi = require("fastapi", "serve", "the o1coder OpenEnv server")
_pydantic = require("pydantic", "serve", "the o1coder OpenEnv server")
_routing = require("starlette.routing", "serve", "the o1coder OpenEnv server")

Action = _types.Action
Observation = _types.Observation
State = _types.State
Environment = _openenv.Environment
# Module-level names: FastAPI resolves the endpoint's annotations in this module.
if TYPE_CHECKING:
    from fastapi import WebSocket
else:
    WebSocket = _fastapi.WebSocket
WebSocketDisconnect = _fastapi.WebSocketDisconnect

__all__ = [
    "DEFAULT_MAX_SNAPSHOTS",
    "MESSAGE_TYPES",
    "O1CoderAction",
    "O1CoderObservation",
    "O1CoderOpenEnv",
    "SessionRequestError",
    "create_server_app",
]

#: Keys of a reset message's ``data`` the env understands.
RESET_FIELDS = ("seed", "task_id", "episode_id")

#: Snapshots one session may hold at once (``o1coder serve --max-snapshots``).
DEFAULT_MAX_SNAPSHOTS = 1024

#: o1coder's messages next to OpenEnv's, and the type of their answer.
EXTENSION_ANSWERS = {
    "get_state": "state_handle",
    "set_state": "state_restored",
    "drop_state": "states_dropped",
    "set_training_progress": "training_progress",
    "get_task": "task",
    "set_report_hidden": "report_hidden",
}

#: Every message type ``/ws`` answers.
MESSAGE_TYPES = ("reset", "step", "state", "close", *EXTENSION_ANSWERS)

#: Task fields ``get_task`` never sends (``Task.public_copy`` empties them).
_PRIVATE_TASK_FIELDS = ("hidden_tests", "reference_solution", "reference_steps", "metadata")

#: Error codes of the snapshot messages (next to openenv's ``WSErrorCode`` values).
UNKNOWN_HANDLE = "UNKNOWN_HANDLE"
SNAPSHOT_LIMIT = "SNAPSHOT_LIMIT"
VALIDATION_ERROR = "VALIDATION_ERROR"


class SessionRequestError(Exception):
    """A request the session refuses, with the error code it answers.

    Attributes:
        code: ``UNKNOWN_HANDLE``, ``SNAPSHOT_LIMIT`` or ``VALIDATION_ERROR``.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


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


class _ExtensionMessage(_types.BaseMessage):  # type: ignore[name-defined]
    """An o1coder message: its type and a JSON object of data (no other keys)."""

    type: str
    data: dict[str, Any] = {}  # noqa: RUF012 (pydantic copies field defaults)


class O1CoderOpenEnv(Environment):  # type: ignore[misc, valid-type]
    """One o1coder Gymnasium env behind OpenEnv's ``Environment`` interface.

    Besides OpenEnv's ``reset``/``step``/``state`` it keeps the session's snapshots
    (:meth:`save_state`, :meth:`restore_state`, :meth:`drop_states`): the env's states stay
    here, the client gets opaque handles.

    Args:
        env_id: The Gymnasium id.
        env_kwargs: Keyword arguments of ``gymnasium.make``.
        idle_timeout_s: Shown in the error of a session used after it was reaped.
        max_snapshots: The most snapshots the session holds at once.
    """

    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self, env_id: str, env_kwargs: Mapping[str, Any],
                 idle_timeout_s: float | None = None,
                 max_snapshots: int = DEFAULT_MAX_SNAPSHOTS) -> None:
        super().__init__()
        self._env: Any = cast(Any, gym.make(env_id, **dict(env_kwargs)))
        self._text_actions = not isinstance(self._env.action_space, gym.spaces.Discrete)
        self._idle_timeout_s = idle_timeout_s
        self._episode_id: str | None = None
        self._steps = 0
        self._episode_running = False
        self._closed = False
        self._lock = threading.Lock()
        self.max_snapshots = max_snapshots
        # Handles are "<session tag>-<n>": the tag tells a handle of another session (or of
        # this client's previous connection) from one this session dropped.
        self._snapshot_tag = secrets.token_hex(6)
        self._snapshots_made = 0
        self._snapshots: dict[str, tuple[Any, int, bool]] = {}
        # What the server was configured with: a session may turn hidden reports off, and
        # back on only where the server reports them.
        self._served_report_hidden = bool(self._env.unwrapped.report_hidden)

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

    # --- o1coder's messages ----------------------------------------------------------------

    def handle(self, kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """Answer one of o1coder's messages (``get_state``, ``set_state``...): its data.

        Raises:
            SessionRequestError: For malformed data, an unknown handle or a full store.
        """
        if kind == "get_state":
            _only_keys(kind, data, ())
            return self.save_state()
        if kind == "set_state":
            _only_keys(kind, data, ("handle",), required=True)
            return self.restore_state(data["handle"])
        if kind == "drop_state":
            _only_keys(kind, data, ("handles",), required=True)
            handles = data["handles"]
            if not isinstance(handles, list) or not all(isinstance(h, str) for h in handles):
                raise SessionRequestError(
                    f"drop_state data is {{\"handles\": [H, ...]}} (strings from get_state), "
                    f"got {handles!r:.200}", VALIDATION_ERROR)
            return self.drop_states(handles)
        if kind == "set_training_progress":
            _only_keys(kind, data, ("t",), required=True)
            return self.set_training_progress(data["t"])
        if kind == "get_task":
            _only_keys(kind, data, ())
            return self.public_task()
        if kind == "set_report_hidden":
            _only_keys(kind, data, ("report_hidden",), required=True)
            return self.set_report_hidden(data["report_hidden"])
        raise SessionRequestError(f"unknown o1coder message type {kind!r}", VALIDATION_ERROR)

    def save_state(self) -> dict[str, Any]:
        """Snapshot the episode; the snapshot stays here and its handle is returned.

        Raises:
            SessionRequestError: ``SNAPSHOT_LIMIT`` when the session holds ``max_snapshots``.
            RuntimeError: Before the first reset, or on a closed session.
        """
        with self._lock:
            self._check_open()
            base = self._env.unwrapped
            if base.task is None:
                raise RuntimeError("no episode to snapshot: send a reset message first")
            if len(self._snapshots) >= self.max_snapshots:
                raise SessionRequestError(
                    f"this session holds {len(self._snapshots)} snapshots, the server's limit "
                    "(o1coder serve --max-snapshots); free the ones you no longer need with "
                    "{\"type\": \"drop_state\", \"data\": {\"handles\": [...]}} "
                    "(RemoteEnv.drop_state) or start a new session", SNAPSHOT_LIMIT)
            self._snapshots_made += 1
            handle = f"{self._snapshot_tag}-{self._snapshots_made}"
            self._snapshots[handle] = (base.get_state(), self._steps, self._episode_running)
            return self._describe(handle)

    def restore_state(self, handle: Any) -> dict[str, Any]:
        """Restore the snapshot named by ``handle`` (kept: it can be restored again).

        Raises:
            SessionRequestError: ``UNKNOWN_HANDLE`` for a handle this session does not hold.
        """
        if not isinstance(handle, str):
            raise SessionRequestError(
                f"set_state data is {{\"handle\": H}}, H a string from get_state; got "
                f"{handle!r:.200}", VALIDATION_ERROR)
        with self._lock:
            self._check_open()
            saved = self._snapshots.get(handle)
            if saved is None:
                raise SessionRequestError(self._unknown(handle), UNKNOWN_HANDLE)
            state, steps, running = saved
            self._env.unwrapped.set_state(state)
            _sync_time_limit(self._env, len(state.steps))
            self._steps, self._episode_running = steps, running
            return self._describe(handle)

    def drop_states(self, handles: Sequence[str]) -> dict[str, Any]:
        """Free snapshots; handles this session does not hold are listed as ``unknown``."""
        with self._lock:
            self._check_open()
            dropped = [h for h in handles if self._snapshots.pop(h, None) is not None]
            unknown = [h for h in handles if h not in dropped]
            return {"dropped": dropped, "unknown": unknown, "snapshots": len(self._snapshots),
                    "max_snapshots": self.max_snapshots}

    def set_training_progress(self, t: Any) -> dict[str, Any]:
        """Set the training progress t of the alpha(t) schedule; returns t and alpha."""
        if (not isinstance(t, (int, float)) or isinstance(t, bool) or not math.isfinite(t)
                or t < 0):
            raise SessionRequestError(
                f"set_training_progress data is {{\"t\": T}}, T a finite number >= 0; got "
                f"{t!r:.200}", VALIDATION_ERROR)
        with self._lock:
            self._check_open()
            base = self._env.unwrapped
            base.set_training_progress(float(t))
            return {"t": base.training_progress, "alpha": base.alpha}

    def public_task(self) -> dict[str, Any]:
        """The running episode's task as an agent may see it (``Task.public_copy``).

        Raises:
            RuntimeError: Before the first reset, or on a closed session.
        """
        with self._lock:
            self._check_open()
            task = self._env.unwrapped.task
            if task is None:
                raise RuntimeError("no episode: send a reset message first")
            public = task.public_copy().to_dict()
            # The emptied fields are left out: nothing named after them crosses the wire.
            for key in _PRIVATE_TASK_FIELDS:
                public.pop(key, None)
            return {"task": to_jsonable(public)}

    def set_report_hidden(self, value: Any) -> dict[str, Any]:
        """Turn this session's hidden-test runs and verdicts off (or back on where served).

        Raises:
            SessionRequestError: ``VALIDATION_ERROR`` for a non-bool, or for ``True`` on a
                server that does not report hidden verdicts.
        """
        if not isinstance(value, bool):
            raise SessionRequestError(
                f"set_report_hidden data is {{\"report_hidden\": false}}, got {value!r:.200}",
                VALIDATION_ERROR)
        if value and not self._served_report_hidden:
            raise SessionRequestError(
                "this server does not report hidden-test verdicts (report_hidden is false in "
                "its --env-kwargs, or it serves a training env); a session cannot turn them on",
                VALIDATION_ERROR)
        with self._lock:
            self._check_open()
            base = self._env.unwrapped
            if bool(base.report_hidden) != value:
                base.report_hidden = value
                base._plans.clear()  # the cached test plans hold the hidden tests (or not)
            return {"report_hidden": bool(base.report_hidden)}

    def _describe(self, handle: str) -> dict[str, Any]:
        state = self._snapshots[handle][0]
        return {"handle": handle, "task_id": state.task_id, "step_index": len(state.steps),
                "done": bool(state.done), "snapshots": len(self._snapshots),
                "max_snapshots": self.max_snapshots}

    def _unknown(self, handle: str) -> str:
        tag, _, number = handle.rpartition("-")
        if tag == self._snapshot_tag and number.isdigit() and 0 < int(number) <= \
                self._snapshots_made:
            return (f"state handle {handle!r} was dropped (drop_state); take a new snapshot "
                    "with get_state")
        return (f"unknown state handle {handle!r}: this session made no such snapshot. A "
                "snapshot lives only in the session that made it: after a reconnect (or a "
                "server restart) take new ones with get_state")

    def close(self) -> None:
        """Close the env (the session ended or was reaped) and free its snapshots."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._snapshots.clear()
                self._env.close()

    def _observation(self, obs: Any, reward: float, terminated: bool, truncated: bool,
                     info: Mapping[str, Any]) -> O1CoderObservation:
        return O1CoderObservation(
            observation=to_jsonable(obs), info=to_jsonable(info), terminated=terminated,
            truncated=truncated, task_id=info.get("task_id"), reward=reward,
            done=terminated or truncated)


def _only_keys(kind: str, data: Mapping[str, Any], keys: tuple[str, ...], *,
               required: bool = False) -> None:
    """Refuse data keys other than ``keys`` (and missing ones when ``required``)."""
    extra = sorted(set(data) - set(keys))
    missing = [k for k in keys if k not in data] if required else []
    if extra or missing:
        shape = "no data" if not keys else "{" + ", ".join(f'"{k}": ...' for k in keys) + "}"
        problem = (f"unknown field(s) {extra}" if extra else f"missing field(s) {missing}")
        raise SessionRequestError(f"{kind} takes {shape}: {problem}", VALIDATION_ERROR)


def _sync_time_limit(env: Any, elapsed: int) -> None:
    """Set ``gym.make``'s ``TimeLimit`` wrappers to ``elapsed`` steps after a restore.

    ``TimeLimit`` counts steps since the last reset; after ``set_state`` that count must be
    the restored trace's length, or a session that searched for a while would be truncated
    by the safety net (``max_steps + 1``) although its trace is short.
    """
    while isinstance(env, gym.Wrapper):
        if isinstance(env, gym.wrappers.TimeLimit):
            cast(Any, env)._elapsed_steps = elapsed
        env = env.env


def _check_task(base: Any, task_id: str | None) -> None:
    """Refuse an unknown task before ``reset``.

    A first reset that raises inside Gymnasium's passive env checker (1.4) breaks that env's
    next step, so the env must not see the bad id.
    """
    if task_id is not None and task_id not in base._by_id:
        raise ValueError(f"task_id {task_id!r} is not among this env's {len(base.tasks)} tasks")


def _error(message: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"type": "error", "data": {"message": message, "code": code, **extra}}


class _SessionServer(_http.HTTPEnvServer):  # type: ignore[name-defined]
    """openenv's server with its own ``/ws`` endpoint.

    The endpoint answers OpenEnv's messages as openenv does and o1coder's
    (:data:`EXTENSION_ANSWERS`) too; sessions, limits and the idle reaper are openenv's.
    """

    def register_routes(self, app: Any, mode: Any = "simulation") -> None:
        """Register openenv's routes, then serve ``/ws`` with :meth:`websocket_session`."""
        super().register_routes(app, mode)
        app.router.routes[:] = [
            r for r in app.router.routes
            if not (isinstance(r, _routing.WebSocketRoute) and r.path == "/ws")]
        app.add_api_websocket_route("/ws", self.websocket_session)

    async def websocket_session(self, websocket: WebSocket) -> None:
        """One session: its own env, messages answered in order until close or disconnect."""
        await websocket.accept()
        session_id: str | None = None
        try:
            session_id, env = await self._create_session()
            while True:
                raw = await websocket.receive_text()
                answer = await self._answer(session_id, env, raw)
                if answer is None:
                    break
                await websocket.send_text(json.dumps(answer))
        except WebSocketDisconnect:
            pass
        except _errors.SessionCapacityError as exc:
            await websocket.send_text(json.dumps(_error(
                str(exc), "CAPACITY_REACHED", active_sessions=exc.active_sessions,
                max_sessions=exc.max_sessions)))
        except _errors.EnvironmentFactoryError as exc:
            await websocket.send_text(json.dumps(_error(
                str(exc), "FACTORY_ERROR", factory_name=exc.factory_name)))
        except Exception as exc:  # the session is over; tell the client why
            with contextlib.suppress(Exception):  # the socket may be gone as well
                await websocket.send_text(json.dumps(_error(str(exc), "SESSION_ERROR")))
        finally:
            if session_id:
                await self._destroy_session(session_id)
            with contextlib.suppress(RuntimeError):  # already closed
                await websocket.close()

    async def _answer(self, session_id: str, env: Any, raw: str) -> dict[str, Any] | None:
        """The answer to one message (``None``: close the session)."""
        try:
            message = json.loads(raw)
        except json.JSONDecodeError as exc:
            return _error(f"Invalid JSON: {exc}", "INVALID_JSON")
        if not isinstance(message, dict):
            return _error("a message is a JSON object {\"type\": ..., \"data\": {...}}",
                          VALIDATION_ERROR)
        kind = message.get("type", "")
        try:
            if kind == "reset":
                reset = _types.WSResetMessage(**message)
                obs = await self._run_in_session_executor(session_id, env.reset, **reset.data)
                self._update_session_activity(session_id)
                return {"type": "observation",
                        "data": _serialization.serialize_observation(obs)}
            if kind == "step":
                step = _types.WSStepMessage(**message)
                action = _serialization.deserialize_action(step.data, self.action_cls)
                obs = await self._run_in_session_executor(session_id, env.step, action)
                self._update_session_activity(session_id, increment_step=True)
                return {"type": "observation",
                        "data": _serialization.serialize_observation(obs)}
            if kind == "state":
                _types.WSStateMessage(**message)
                return {"type": "state", "data": env.state.model_dump()}
            if kind == "close":
                _types.WSCloseMessage(**message)
                return None
            if kind in EXTENSION_ANSWERS:
                ext = _ExtensionMessage(**message)
                data = await self._run_in_session_executor(session_id, env.handle, kind,
                                                           ext.data)
                self._update_session_activity(session_id)
                return {"type": EXTENSION_ANSWERS[kind], "data": data}
            return _error(f"Unknown message type: {kind}; known: {list(MESSAGE_TYPES)}",
                          "UNKNOWN_TYPE")
        except _pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False, include_input=False)
            return _error("Invalid message", VALIDATION_ERROR, errors=to_jsonable(errors))
        except SessionRequestError as exc:
            return _error(str(exc), exc.code)
        except Exception as exc:  # the env refused (bad action, closed session): say why
            return _error(str(exc), "EXECUTION_ERROR")


class _SharedProposer:
    """A Choice env's candidate proposer shared by every session, one call at a time.

    ``gym.make`` deep-copies its keyword arguments; this keeps one proposer (and its cache of
    mutants) for the whole server.
    """

    def __init__(self, proposer: Any, label: dict[str, Any]) -> None:
        self.proposer = proposer
        self.label = label
        self._lock = threading.Lock()

    def propose(self, task: Any, steps: Sequence[str], k: int, rng: Any) -> Sequence[str]:
        """The wrapped proposer's ``k`` candidates."""
        with self._lock:
            return cast(Sequence[str], self.proposer.propose(task, steps, k, rng))

    def reference_step(self, task: Any, steps: Sequence[str]) -> str:
        """The wrapped proposer's reference step (``oracle_action``)."""
        with self._lock:
            return cast(str, self.proposer.reference_step(task, steps))

    def __deepcopy__(self, memo: dict[int, Any]) -> _SharedProposer:
        return self  # one proposer for the whole server


def _pool_proposer(spec: Any, env_kwargs: Mapping[str, Any],
                   served: Sequence[str]) -> _SharedProposer:
    """The Choice env's proposer for ``"proposer": {"split": ...}`` in ``--env-kwargs``.

    ``{"split": S}`` (optional ``"source"``, ``"path"``: default the env's own, and
    ``"mutants_per_task"``) offers as wrong candidates the steps of split S's tasks, less the
    served ones: what ``o1coder bench`` gives its local Choice env (the train split).
    """
    from o1coder_env.step_candidates import CandidateProposer, candidate_pool_tasks

    known = {"split", "source", "path", "mutants_per_task"}
    if not isinstance(spec, Mapping) or "split" not in spec or set(spec) - known:
        raise ValueError(f"proposer in --env-kwargs is {{\"split\": S}} with optional "
                         f"\"source\", \"path\", \"mutants_per_task\"; got {spec!r}")
    source = spec.get("source", env_kwargs.get("source", "builtin"))
    path = spec.get("path", env_kwargs.get("path"))
    pool = candidate_pool_tasks(source, split=spec["split"], path=path, exclude=served)
    proposer = CandidateProposer(pool, mutants_per_task=int(spec.get("mutants_per_task", 8)))
    return _SharedProposer(proposer, {"source": source, "split": spec["split"],
                                      "path": path, "tasks": len(pool)})


class _SerializedPRM:
    """A PRM shared by every session, called by one session at a time.

    Sessions step in their own threads; a model PRM is not thread-safe in general, and one
    call at a time costs a cheap PRM nothing.
    """

    def __init__(self, prm: Callable[..., Any], label: str) -> None:
        self.prm = prm
        self.label = label
        self._lock = threading.Lock()

    def __call__(self, problem: str, steps: Sequence[str]) -> Sequence[float]:
        """The wrapped PRM's scores of ``steps``."""
        with self._lock:
            return cast(Sequence[float], self.prm(problem, steps))

    def __deepcopy__(self, memo: dict[int, Any]) -> _SerializedPRM:
        return self  # one model for the whole server

    def __repr__(self) -> str:
        return self.label


def _builtin_prm(spec: str) -> Callable[..., Any] | None:
    """The PRMs ``o1coder_env`` builds by name itself: ``none`` and ``constant:V``."""
    if spec == "none":
        return None
    if spec.startswith("constant:"):
        from o1coder_env.rewards import ConstantPRM

        try:
            return ConstantPRM(float(spec.partition(":")[2]))
        except ValueError as exc:
            raise ValueError(f"PRM spec {spec!r}: {exc}") from None
    raise ValueError(f"PRM spec {spec!r} names a PRM the env package cannot build (it knows "
                     "'none' and 'constant:V'); o1coder serve also loads 'heuristic' and saved "
                     "PRM folders, and create_server_app(prm_loader=...) takes a loader")


def _reward_spec(base: Any, prm_label: str | None, alpha: Any) -> dict[str, Any]:
    """The env's reward settings, as ``/o1coder/spec`` reports them."""
    return {
        "reward_tests": dict(base.reward_weights),
        "reward_mode": base.outcome_config.mode,
        "report_hidden": bool(base.report_hidden),
        "prm": prm_label,
        "prm_mode": base.prm_mode,
        "alpha": alpha if isinstance(alpha, (str, int, float)) else repr(alpha),
        "gamma": base.gamma,
    }


def create_server_app(env_id: str = "O1Coder-v1", env_kwargs: Mapping[str, Any] | None = None,
                      *, max_sessions: int = 64, idle_timeout_s: float | None = 300.0,
                      max_snapshots: int = DEFAULT_MAX_SNAPSHOTS,
                      prm_loader: Callable[[str], Any] | None = None) -> Any:
    """The FastAPI app of ``o1coder serve`` (serve it with uvicorn).

    The env's tasks are loaded once here (a bad ``env_kwargs`` fails now, not per session) and
    handed to every session's env. So is the PRM: one for the server, called by one session at
    a time.

    Args:
        env_id: A registered o1coder env id.
        env_kwargs: JSON-able keyword arguments of the env (``source``, ``split``,
            ``reward_tests``, ``sandbox``, ``max_steps``, ``prm``, ``prm_mode``, ``alpha``,
            ``gamma``...). ``prm`` may be a callable or a name: ``"none"``, ``"constant:V"``,
            or whatever ``prm_loader`` loads. ``alpha`` is a schedule spec (``0.5``,
            ``"paper"``, ``"linear:1,0.1,100"``...); clients move t with
            ``set_training_progress``. The Choice env's ``proposer`` may be
            ``{"split": "train"}``: its wrong candidates are then that split's steps (less
            the served tasks), as in ``o1coder bench``'s local Choice env.
        max_sessions: The most concurrent WebSocket sessions.
        idle_timeout_s: Seconds without a message after which a session is closed (``None``:
            never). openenv checks every ``max(timeout / 4, 5)`` seconds.
        max_snapshots: The most ``get_state`` snapshots one session holds at once.
        prm_loader: Builds a PRM from the name given as ``env_kwargs["prm"]`` (``o1coder
            serve`` passes ``agents.training.rewards.load_prm``: ``heuristic``, saved PRM
            folders...). Without it only ``none`` and ``constant:V`` are known.

    Returns:
        The FastAPI app.

    Raises:
        ValueError: For an unknown env id, a bad limit, an unknown PRM name or env kwargs the
            env rejects.
    """
    import o1coder_env  # noqa: F401  (registers the env ids)

    if env_id not in gym.registry or not env_id.startswith("O1Coder"):
        raise ValueError(f"unknown env id {env_id!r}; known: "
                         f"{sorted(k for k in gym.registry if k.startswith('O1Coder'))}")
    if not isinstance(max_sessions, int) or max_sessions < 1:
        raise ValueError(f"max_sessions must be an int >= 1, got {max_sessions!r}")
    if idle_timeout_s is not None and idle_timeout_s <= 0:
        raise ValueError(f"idle_timeout_s must be > 0 or None, got {idle_timeout_s!r}")
    if not isinstance(max_snapshots, int) or isinstance(max_snapshots, bool) or max_snapshots < 1:
        raise ValueError(f"max_snapshots must be an int >= 1, got {max_snapshots!r}")
    kwargs = dict(env_kwargs or {})
    prm = kwargs.get("prm")
    prm_label: str | None = None
    if isinstance(prm, str):
        prm_label = prm
        prm = (prm_loader or _builtin_prm)(prm) if prm != "none" else None
    elif prm is not None:
        prm_label = repr(prm)
    if prm is not None:
        if not callable(prm):
            raise ValueError(f"prm must be a PRM name or a callable, got {prm!r}")
        kwargs["prm"] = _SerializedPRM(prm, prm_label or repr(prm))
    else:
        kwargs.pop("prm", None)
        prm_label = None
    proposer_spec = kwargs.pop("proposer", None)
    if proposer_spec is not None and not isinstance(proposer_spec, Mapping):
        kwargs["proposer"] = proposer_spec  # an object (create_server_app called from code)
        proposer_spec = None
    probe: Any = cast(Any, gym.make(env_id, **kwargs))
    served_ids = [t.task_id for t in probe.unwrapped.tasks]
    proposer_label: dict[str, Any] | None = None
    if proposer_spec is not None:
        if not hasattr(probe.unwrapped, "candidates"):
            probe.close()
            raise ValueError(f"proposer is an argument of the Choice env, not of {env_id}")
        shared = _pool_proposer(proposer_spec, kwargs, served_ids)
        kwargs["proposer"], proposer_label = shared, shared.label
    spec = {
        "env_id": env_id,
        "observation_space": space_to_json(probe.observation_space),
        "action_space": space_to_json(probe.action_space),
        "max_steps": getattr(probe.unwrapped, "max_steps", None),
        "task_ids": served_ids,
        "max_sessions": max_sessions,
        "idle_timeout_s": idle_timeout_s,
        "max_snapshots": max_snapshots,
        "reward": _reward_spec(probe.unwrapped, prm_label, kwargs.get("alpha", "paper")),
        "messages": list(MESSAGE_TYPES),
    }
    if proposer_label is not None:
        spec["proposer"] = proposer_label
    # Every session plays the probe's (already filtered) task list: loaded once.
    session_kwargs = {k: v for k, v in kwargs.items()
                      if k not in ("source", "split", "path", "task_ids")}
    session_kwargs["tasks"] = list(probe.unwrapped.tasks)
    probe.close()
    factory = functools.partial(O1CoderOpenEnv, env_id, session_kwargs, idle_timeout_s,
                                max_snapshots)
    config = _types.ConcurrencyConfig(max_concurrent_envs=max_sessions,
                                      session_timeout=idle_timeout_s)
    app = _build_app(factory, config)

    @app.get("/o1coder/spec")
    def o1coder_spec() -> dict[str, Any]:
        """The served env: id, spaces, step limit, task ids, reward settings and limits."""
        return spec

    return app


def _build_app(factory: Callable[[], Any], config: Any) -> Any:
    """A FastAPI app with openenv's routes served by :class:`_SessionServer`.

    What openenv's ``create_fastapi_app`` does, with our server class in place of its
    ``HTTPEnvServer``.
    """
    app = _fastapi.FastAPI(
        title="o1coder OpenEnv server",
        description="o1coder envs over OpenEnv's WebSocket protocol (/ws); see "
                    "docs/integrations.md of o1coder.",
        docs_url="/docs", redoc_url="/redoc", openapi_url="/openapi.json")
    server = _SessionServer(factory, O1CoderAction, O1CoderObservation,
                            concurrency_config=config)
    server.register_routes(app)
    return app
