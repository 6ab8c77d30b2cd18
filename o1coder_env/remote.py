"""A Gymnasium env played on an ``o1coder serve`` server (OpenEnv's WebSocket protocol).

``RemoteEnv("http://host:8000")`` asks the server what it serves (``GET /o1coder/spec``: the
env id and its spaces), then opens one WebSocket session on ``/ws`` and drives it with
``reset``/``step`` messages. It is a plain :class:`gymnasium.Env`: the same spaces, rewards,
``terminated``/``truncated`` and ``info`` as the served env, so code written for the local env
(SB3, the bench's episode loop) runs on it unchanged.

Tree search works as on a local env: :meth:`RemoteEnv.get_state` snapshots the episode on the
server and returns a :class:`RemoteState` (an opaque handle, never the state itself: the server
keeps it, so a client can neither read hidden data from it nor forge one), and
:meth:`RemoteEnv.set_state` restores it. ``RemoteEnv`` is its own ``unwrapped``, so the MCTS
agents' simulators (``env.unwrapped.get_state()``) run on it unchanged.
:meth:`RemoteEnv.set_training_progress` moves the t that the served env's alpha(t) reads.

A benchmark plays a remote env as a local one, with two differences that keep the hidden data
on the server: a ``RemoteEnv`` has no ``task`` (``env.unwrapped.task`` is the whole task, hidden
tests and reference included); :meth:`RemoteEnv.public_task` gives the episode's task as an
agent may see it. The hidden-test verdict of an episode arrives as it does locally, in the
final step's ``info`` (``hidden``: index and status per hidden test, ``hidden_passed``,
``hidden_total``), from a server that reports them (``report_hidden``: an evaluation env).
:meth:`RemoteEnv.set_report_hidden` turns them off for one session (a search simulator).

Failures are loud: an error answer raises :class:`RemoteEnvError` with the server's message and
code; a lost connection (server stopped, network) raises :class:`RemoteEnvError` saying the
episode is gone. The next ``reset()`` reconnects, so a restarted server is used again without
a new ``RemoteEnv`` (snapshots of the lost session are gone with it).

Needs the ``websockets`` package (extra ``serve``).
"""

from __future__ import annotations

import contextlib
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import gymnasium as gym

from o1coder_env._optional import require
from o1coder_env.integrations.wire import obs_from_json, space_from_json
from o1coder_env.tasks.model import Task

__all__ = ["RemoteEnv", "RemoteEnvError", "RemoteState"]


class RemoteEnvError(RuntimeError):
    """The server answered with an error, or the connection to it is lost.

    Attributes:
        code: The server's error code (``CAPACITY_REACHED``, ``EXECUTION_ERROR``...) or
            ``"CONNECTION_LOST"`` / ``"UNREACHABLE"``.
    """

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RemoteState:
    """A snapshot made by :meth:`RemoteEnv.get_state`: a handle to a state kept on the server.

    Attributes:
        handle: The server's opaque handle.
        task_id: The episode's task.
        step_index: Steps taken at the snapshot.
        done: Whether the episode had ended.
        session: The client session it belongs to (a snapshot dies with its session).
    """

    handle: str
    task_id: str | None
    step_index: int
    done: bool
    session: str


def _urls(url: str) -> tuple[str, str]:
    """``(http base, ws url)`` of a server given as ``http(s)://`` or ``ws(s)://`` address."""
    base = url.rstrip("/")
    if base.endswith("/ws"):
        base = base[:-3]
    if base.startswith("ws://"):
        base = "http://" + base[5:]
    elif base.startswith("wss://"):
        base = "https://" + base[6:]
    elif not base.startswith(("http://", "https://")):
        raise ValueError(f"server url must start with http://, https://, ws:// or wss://, "
                         f"got {url!r}")
    ws = "ws" + base[4:] if base.startswith("http") else base
    return base, ws + "/ws"


class RemoteEnv(gym.Env[Any, Any]):
    """An o1coder env that lives on a server.

    Args:
        url: The server, e.g. ``"http://127.0.0.1:8000"`` (``ws://...`` works too).
        timeout_s: Longest wait for one answer (a code step runs the tests: allow for it).
        connect_timeout_s: Longest wait to reach the server.

    Raises:
        RemoteEnvError: When the server cannot be reached or does not describe an env.
    """

    metadata: dict[str, Any] = {"render_modes": []}  # noqa: RUF012 (Gymnasium's API)

    def __init__(self, url: str, *, timeout_s: float = 120.0,
                 connect_timeout_s: float = 10.0) -> None:
        self._ws_module = require("websockets.sync.client", "serve", "RemoteEnv")
        self._exceptions = require("websockets.exceptions", "serve", "RemoteEnv")
        self.url, self.ws_url = _urls(url)
        self.timeout_s = float(timeout_s)
        self.connect_timeout_s = float(connect_timeout_s)
        try:
            with urllib.request.urlopen(self.url + "/o1coder/spec",
                                        timeout=self.connect_timeout_s) as response:
                spec = json.loads(response.read())
        except (urllib.error.URLError, OSError, json.JSONDecodeError) as exc:
            raise RemoteEnvError(f"no o1coder server at {self.url}: {exc}",
                                 "UNREACHABLE") from exc
        self.spec_data: dict[str, Any] = spec
        self.env_id: str = spec["env_id"]
        self.observation_space = space_from_json(spec["observation_space"])
        self.action_space = space_from_json(spec["action_space"])
        self.max_steps: int | None = spec.get("max_steps")
        self.task_ids: list[str] = list(spec.get("task_ids", []))
        self._text_actions = not isinstance(self.action_space, gym.spaces.Discrete)
        self.reward_config: dict[str, Any] = dict(spec.get("reward") or {})
        self.max_snapshots: int | None = spec.get("max_snapshots")
        self._conn: Any = None
        self._stack: contextlib.ExitStack[Any] | None = None
        self._client_tag = secrets.token_hex(4)
        self._connections = 0
        self.task_id: str | None = None
        #: The training progress t last set, and the alpha(t) the server reported for it.
        self.training_progress: float | None = None
        self.alpha: float | None = None
        #: Whether the server reports hidden-test verdicts in a final ``info`` (this session's
        #: setting: :meth:`set_report_hidden`).
        self.report_hidden: bool = bool(self.reward_config.get("report_hidden"))
        self._report_hidden_set = False

    # --- connection ----------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self._conn is None:
            stack = contextlib.ExitStack()
            try:
                # No client keepalive pings: each request has its own timeout, and a client
                # busy generating for minutes must not be dropped for a late pong.
                self._conn = stack.enter_context(self._ws_module.connect(
                    self.ws_url, open_timeout=self.connect_timeout_s, close_timeout=2,
                    max_size=None, ping_interval=None))
                self._stack = stack
                self._connections += 1
            except (OSError, self._exceptions.WebSocketException, TimeoutError) as exc:
                raise RemoteEnvError(f"cannot open a session on {self.ws_url}: {exc}",
                                     "UNREACHABLE") from exc
            if self.training_progress is not None:
                # A new session starts at t = 0: carry the progress over (after a reconnect).
                self.set_training_progress(self.training_progress)
            if self._report_hidden_set:
                # So does the hidden-report setting: a simulator must not see them after a
                # reconnect either.
                self.set_report_hidden(self.report_hidden)
        return self._conn

    def _drop(self) -> None:
        stack, self._conn, self._stack = self._stack, None, None
        if stack is not None:
            with contextlib.suppress(Exception):  # already broken: nothing to save
                stack.close()

    @property
    def _session(self) -> str:
        """This client's current session (changes with every new connection)."""
        return f"{self._client_tag}/{self._connections}"

    def _request(self, message: dict[str, Any], expect: str = "observation") -> dict[str, Any]:
        conn = self._connect()
        try:
            try:
                conn.send(json.dumps(message))
            except self._exceptions.ConnectionClosed:
                # The server may have answered and closed before our message (a refused
                # session): its answer is still buffered; read it instead of failing blindly.
                raw = conn.recv(timeout=1.0)
            else:
                raw = conn.recv(timeout=self.timeout_s)
        except TimeoutError as exc:
            self._drop()
            raise RemoteEnvError(f"no answer from {self.ws_url} within {self.timeout_s:g} s; "
                                 "the session is dropped, call reset() to start again",
                                 "TIMEOUT") from exc
        except (OSError, self._exceptions.WebSocketException) as exc:
            self._drop()
            raise RemoteEnvError(f"connection to the o1coder server at {self.ws_url} lost "
                                 f"({type(exc).__name__}: {exc}); the episode is gone, call "
                                 "reset() to reconnect", "CONNECTION_LOST") from exc
        answer = json.loads(raw)
        if answer.get("type") == "error":
            data = answer.get("data", {})
            code = str(data.get("code", ""))
            if code in ("CAPACITY_REACHED", "FACTORY_ERROR", "SESSION_ERROR"):
                self._drop()  # the server closes these sessions
            raise RemoteEnvError(f"server error {code}: {data.get('message', data)}", code)
        if answer.get("type") != expect:
            raise RemoteEnvError(f"unexpected answer type {answer.get('type')!r} (expected "
                                 f"{expect!r})", "PROTOCOL")
        return dict(answer["data"])

    def _unpack(self, data: dict[str, Any]) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        body = data["observation"]
        obs = obs_from_json(self.observation_space, body["observation"])
        info = dict(body.get("info") or {})
        self.task_id = body.get("task_id")
        return (obs, float(data.get("reward") or 0.0), bool(body.get("terminated")),
                bool(body.get("truncated")), info)

    # --- the Gymnasium API ---------------------------------------------------------------------

    def reset(self, *, seed: int | None = None,
              options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        """Start an episode on the server (``options={"task_id": ...}`` names the task)."""
        super().reset(seed=seed)
        options = dict(options or {})
        data: dict[str, Any] = {}
        if seed is not None:
            data["seed"] = int(seed)
        if "task_id" in options:
            data["task_id"] = options.pop("task_id")
        if options:
            raise ValueError(f"unknown reset option(s) {sorted(options)}; known: ['task_id']")
        obs, _, _, _, info = self._unpack(self._request({"type": "reset", "data": data}))
        return obs, info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        """Take one step on the server: a step's text, or a candidate index (Choice env)."""
        if self._text_actions:
            if not isinstance(action, str):
                raise TypeError(f"{self.env_id} actions are str, got {type(action).__name__}")
            data: dict[str, Any] = {"text": action}
        else:
            data = {"index": int(action)}
        return self._unpack(self._request({"type": "step", "data": data}))

    # --- snapshots and training progress -----------------------------------------------------

    def get_state(self) -> RemoteState:
        """Snapshot the episode on the server (like a local env's ``unwrapped.get_state()``).

        The server keeps the state and answers a handle; a session holds at most
        ``max_snapshots`` of them (free some with :meth:`drop_state`).

        Raises:
            RemoteEnvError: ``SNAPSHOT_LIMIT`` when the session's snapshots are full; an error
                before the first ``reset()``.
        """
        if self._conn is None:
            raise RemoteEnvError("no session: call reset() before get_state()", "NO_SESSION")
        data = self._request({"type": "get_state"}, expect="state_handle")
        return RemoteState(handle=str(data["handle"]), task_id=data.get("task_id"),
                           step_index=int(data.get("step_index", 0)),
                           done=bool(data.get("done")), session=self._session)

    def set_state(self, state: RemoteState) -> None:
        """Restore a snapshot from :meth:`get_state` of this session.

        Raises:
            TypeError: For anything but a :class:`RemoteState`.
            RemoteEnvError: ``UNKNOWN_HANDLE`` for a snapshot of an ended session (the
                connection was lost or closed since) or one dropped with :meth:`drop_state`.
        """
        if not isinstance(state, RemoteState):
            raise TypeError(f"set_state needs a RemoteState from this env's get_state(), got "
                            f"{type(state).__name__}")
        if self._conn is None or state.session != self._session:
            raise RemoteEnvError(
                f"snapshot {state.handle!r} belongs to a session that has ended (the "
                "connection was closed or lost since it was taken); snapshots live only as "
                "long as their session: reset() and take new ones", "UNKNOWN_HANDLE")
        data = self._request({"type": "set_state", "data": {"handle": state.handle}},
                             expect="state_restored")
        self.task_id = data.get("task_id")

    def drop_state(self, *states: RemoteState) -> int:
        """Free snapshots on the server; returns how many it held (and dropped).

        Snapshots of an ended session are skipped: the server freed them with the session.
        """
        handles = [s.handle for s in states
                   if isinstance(s, RemoteState) and s.session == self._session]
        if self._conn is None or not handles:
            return 0
        data = self._request({"type": "drop_state", "data": {"handles": handles}},
                             expect="states_dropped")
        return len(data.get("dropped", []))

    def set_training_progress(self, t: float) -> None:
        """Set the training progress t that the served env's alpha(t) schedule reads (>= 0).

        Like the local env's ``set_training_progress``: it holds for this session's next
        steps. ``alpha`` then holds the alpha the server reports. Opens the session if needed.
        """
        data = self._request({"type": "set_training_progress", "data": {"t": float(t)}},
                             expect="training_progress")
        self.training_progress = float(data["t"])
        self.alpha = float(data["alpha"])

    def public_task(self) -> Task:
        """The running episode's task as an agent may see it (``Task.public_copy()``).

        The problem, prompt, public tests and setup code; no hidden test, reference solution,
        reference steps or metadata (the server never sends them).

        Raises:
            RemoteEnvError: Before the first ``reset()``, or from a server without
                ``get_task`` (an older ``o1coder serve``).
        """
        if self._conn is None:
            raise RemoteEnvError("no session: call reset() before public_task()", "NO_SESSION")
        if "get_task" not in self.spec_data.get("messages", ()):
            raise RemoteEnvError(f"the server at {self.url} does not hand out the episode's "
                                 "public task (no get_task message): update o1coder there",
                                 "PROTOCOL")
        data = self._request({"type": "get_task"}, expect="task")
        return Task.from_dict(data["task"])

    def set_report_hidden(self, report: bool) -> None:
        """Run (or not) hidden tests and report their verdicts in this session's final infos.

        ``False`` turns them off (a search simulator on an evaluation server); ``True`` turns
        them back on, on a server that reports them. The setting outlives reconnects. Opens
        the session if needed.

        Raises:
            RemoteEnvError: ``VALIDATION_ERROR`` for ``True`` on a server that does not report
                hidden verdicts.
        """
        data = self._request({"type": "set_report_hidden",
                              "data": {"report_hidden": bool(report)}}, expect="report_hidden")
        self.report_hidden = bool(data["report_hidden"])
        self._report_hidden_set = True

    def close(self) -> None:
        """End the session (the server frees its slot and its snapshots)."""
        if self._conn is not None:
            with contextlib.suppress(Exception):  # closing anyway
                self._conn.send(json.dumps({"type": "close"}))
                # Let the server close first (it closes after a close message): closing
                # under it makes it log a disconnect error for every session.
                self._conn.recv(timeout=2.0)
            self._drop()
