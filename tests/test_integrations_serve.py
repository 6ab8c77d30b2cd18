"""``o1coder serve`` on loopback with real WebSocket clients: the protocol, isolation of 64
concurrent sessions, limits, idle timeout, no leaks, and a server killed and restarted."""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.request
from functools import partial

import pytest

pytest.importorskip("openenv.core.env_server")
websockets_sync = pytest.importorskip("websockets.sync.client")

from _serve_fixtures import Server as _Server  # noqa: E402

from o1coder_env.remote import RemoteEnv, RemoteEnvError  # noqa: E402
from o1coder_env.tasks.registry import load_tasks  # noqa: E402

pytestmark = pytest.mark.slow

ENV_KWARGS = {"sandbox": "process", "split": "train", "max_steps": 3}
Server = partial(_Server, env_kwargs=ENV_KWARGS)


@pytest.fixture(scope="module")
def server():
    srv = Server("--env", "O1Coder-v0", "--max-sessions", "64", "--idle-timeout", "0").start()
    yield srv
    srv.stop()


def _raw(url: str):
    return websockets_sync.connect(url.replace("http", "ws") + "/ws", open_timeout=30)


def _ask(conn, message) -> dict:
    conn.send(message if isinstance(message, str) else json.dumps(message))
    return json.loads(conn.recv(timeout=120))


def test_health_spec_and_malformed_messages_keep_the_session(server):
    with urllib.request.urlopen(server.url + "/health", timeout=10) as r:
        assert r.status == 200
    with urllib.request.urlopen(server.url + "/o1coder/spec", timeout=10) as r:
        spec = json.loads(r.read())
    assert spec["env_id"] == "O1Coder-v0" and spec["max_steps"] == 3
    with _raw(server.url) as conn:
        assert _ask(conn, "not json")["data"]["code"] == "INVALID_JSON"
        assert _ask(conn, {"type": "bogus"})["data"]["code"] == "UNKNOWN_TYPE"
        answer = _ask(conn, {"type": "step", "data": {"text": "x"}})
        assert answer["type"] == "error" and "reset" in answer["data"]["message"]
        answer = _ask(conn, {"type": "reset", "data": {"colour": "red"}})
        assert answer["type"] == "error" and "colour" in answer["data"]["message"]
        answer = _ask(conn, {"type": "reset", "data": {"task_id": "no/such"}})
        assert answer["type"] == "error" and "no/such" in answer["data"]["message"]
        answer = _ask(conn, {"type": "reset", "data": {"seed": 3}})
        assert answer["type"] == "observation" and answer["data"]["done"] is False
        answer = _ask(conn, {"type": "step", "data": {"text": 5}})
        assert answer["type"] == "error"
        answer = _ask(conn, {"type": "step", "data": {"code": "x"}})
        assert answer["type"] == "error"
        answer = _ask(conn, {"type": "step", "data": {"text": "an outline"}})
        assert answer["type"] == "observation"
        body = answer["data"]["observation"]
        assert body["observation"]["step_index"] == 1 and answer["data"]["reward"] == 0.0


def test_responses_never_carry_hidden_tests_or_references(server):
    tasks = load_tasks("builtin", split="train")[:6]
    secrets: list[str] = []
    # What an agent may see anyway (get_task sends it): a hidden test's input or value that
    # also appears there (a public test with the same input) is no secret.
    public = "\n".join(json.dumps(t.public_copy().to_dict()) for t in tasks)
    for task in tasks:
        secrets.append(task.reference_solution.strip())
        secrets += [s.strip() for s in task.reference_steps.as_list() if len(s.strip()) > 20]
        for test in task.hidden_tests:
            data = test.to_dict()
            for key in ("args", "expected", "stdin"):
                text = json.dumps(data.get(key))
                if data.get(key) not in (None, "", []) and len(text) >= 8 and \
                        text not in public:
                    secrets.append(text)
    raw: list[str] = []
    with _raw(server.url) as conn:
        for task in tasks:
            for message in ({"type": "reset", "data": {"task_id": task.task_id}},
                            {"type": "get_task"},  # the public task, for a remote bench
                            {"type": "step", "data": {"text": "loop over the input"}},
                            {"type": "step", "data": {"text": "```python\nimport sys\n"
                                                      "print(1)\n```"}}):
                conn.send(json.dumps(message))
                raw.append(conn.recv(timeout=120))
                expect = "task" if message["type"] == "get_task" else "observation"
                assert json.loads(raw[-1])["type"] == expect, raw[-1]
    answers = [json.loads(r) for r in raw]
    shown = [a["data"]["task"] for a in answers if a["type"] == "task"]
    # What get_task sends is the agent's view: problem, prompt and public tests, no more.
    assert [t["task_id"] for t in shown] == [t.task_id for t in tasks]
    for view, task in zip(shown, tasks, strict=True):
        assert view["problem"] == task.problem
        assert len(view["public_tests"]) == len(task.public_tests) > 0
        assert not {"hidden_tests", "reference_solution", "reference_steps",
                    "metadata"} & set(view)
    done = [a["data"] for a in answers if a["type"] == "observation" and a["data"]["done"]]
    assert len(done) == len(tasks) and all("hidden_total" in d["observation"]["info"]
                                           for d in done)
    blob = "\n".join(raw)
    leaked = [s for s in secrets if s in blob]
    assert not leaked, leaked[:3]
    assert "reference" not in blob


def test_a_session_turns_hidden_reports_off_and_on(server):
    """An evaluation server's session can stop running hidden tests (a search simulator)."""
    task = load_tasks("builtin", split="train")[0]
    code = f"```python\n{task.reference_solution}```"
    env = RemoteEnv(server.url)
    try:
        assert env.report_hidden is True  # O1Coder-v0 reports hidden verdicts
        finals = {}
        for report in (True, False, True):
            env.set_report_hidden(report)
            assert env.report_hidden is report
            env.reset(seed=0, options={"task_id": task.task_id})
            assert env.public_task() == task.public_copy()
            *_, info = env.step(code)
            finals[report] = info
            assert ("hidden" in info) is report and ("hidden_total" in info) is report
        assert finals[True]["hidden_passed"] == finals[True]["hidden_total"] == \
            len(task.hidden_tests)
        assert [h["status"] for h in finals[True]["hidden"]] == ["passed"] * len(
            task.hidden_tests)
        assert finals[False]["tests"] == finals[True]["tests"]  # the reward tests are unchanged
        # The setting outlives a reconnect (a new session).
        env.set_report_hidden(False)
        env.close()
        env.reset(seed=0, options={"task_id": task.task_id})
        *_, info = env.step(code)
        assert "hidden" not in info
        with _raw(server.url) as conn:
            answer = _ask(conn, {"type": "set_report_hidden", "data": {"report_hidden": "no"}})
            assert answer["data"]["code"] == "VALIDATION_ERROR"
            answer = _ask(conn, {"type": "get_task"})
            assert answer["type"] == "error" and "reset" in answer["data"]["message"]
    finally:
        env.close()


def test_64_concurrent_sessions_keep_their_episodes_apart(server):
    # Sessions share 16 cheap tasks (fewest tests): the sandbox's cache answers repeated
    # programs, so the test measures the server, not 64 cold sandbox runs on 2 cores.
    tasks = sorted(load_tasks("builtin", split="train"), key=lambda t: len(t.all_tests))[:16]
    n_sessions, started = 64, time.monotonic()
    errors: list[str] = []
    results: dict[tuple[int, int], tuple[str, float, bool]] = {}
    lock = threading.Lock()

    def play(s: int) -> None:
        task = tasks[s % len(tasks)]
        env = RemoteEnv(server.url, timeout_s=240)
        try:
            for e in range(3):
                marker = f"session {s} episode {e}"
                obs, info = env.reset(options={"task_id": task.task_id})
                assert info["task_id"] == task.task_id and obs["trace"] == ""
                obs, r, term, trunc, info = env.step(f"outline of {marker}")
                if e > 0:  # truncated: three reasoning steps, no program
                    env.step(f"refine {marker}")
                    obs, r, term, trunc, info = env.step(f"refine again {marker}")
                    assert trunc and not term
                else:  # one program per session: the reference or a wrong one, by parity
                    program = (task.reference_solution if s % 2 == 0
                               else "raise RuntimeError('wrong on purpose')\n")
                    obs, r, term, trunc, info = env.step(f"```python\n{program}```")
                    assert term and not trunc
                trace = obs["trace"]
                assert marker in trace and trace.count("session ") == trace.count(marker)
                with lock:
                    results[(s, e)] = (info["task_id"], r, term)
        except Exception as exc:  # reported below with the session number
            with lock:
                errors.append(f"session {s}: {type(exc).__name__}: {exc}")
        finally:
            env.close()

    threads = [threading.Thread(target=play, args=(s,)) for s in range(n_sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:5]
    assert len(results) == n_sessions * 3
    for (s, e), (task_id, reward, _) in results.items():
        assert task_id == tasks[s % len(tasks)].task_id
        assert reward == (1.0 if e == 0 and s % 2 == 0 else 0.0), (s, e, reward)
    assert time.monotonic() - started < 300


def test_limits_idle_timeout_and_a_killed_then_restarted_server():
    srv = Server("--max-sessions", "2", "--idle-timeout", "2").start()
    try:
        a, b = RemoteEnv(srv.url), RemoteEnv(srv.url)
        a.reset(seed=0)
        b.reset(seed=1)
        c = RemoteEnv(srv.url)
        with pytest.raises(RemoteEnvError, match="CAPACITY_REACHED") as refused:
            c.reset(seed=2)
        assert refused.value.code == "CAPACITY_REACHED"
        b.close()  # the slot comes back
        deadline = time.monotonic() + 10
        while True:
            try:
                c.reset(seed=2)
                break
            except RemoteEnvError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        # Idle sessions are closed by the server (checked every 5 s at the least).
        time.sleep(9)
        with pytest.raises(RemoteEnvError, match="closed after 2 s"):
            a.step("an outline")
        # Their slots are free again: two fresh sessions fit.
        d, e = RemoteEnv(srv.url), RemoteEnv(srv.url)
        d.reset(seed=3)
        e.reset(seed=4)
        d.close()
        e.close()
        a.close()
        c.close()
        live = RemoteEnv(srv.url)
        live.reset(seed=5)
        srv.kill()
        with pytest.raises(RemoteEnvError, match="lost") as lost:
            live.step("an outline")
        assert lost.value.code == "CONNECTION_LOST"
        with pytest.raises(RemoteEnvError):
            live.reset(seed=5)  # nobody listens
        restarted = Server("--max-sessions", "2", port=srv.port).start()
        try:
            obs, info = live.reset(seed=5)  # the same client reconnects
            assert obs["step_index"] == 0 and info["task_id"]
            live.close()
        finally:
            restarted.stop()
    finally:
        srv.kill()  # a no-op when the test got that far: the server was killed above


def test_a_server_stopped_by_sigterm_removes_its_sandbox_folders(tmp_path, monkeypatch):
    """SIGTERM (docker stop, systemd): the server shuts down and its sandboxes' folders go."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    srv = _Server("--env", "O1Coder-Direct-v2", "--idle-timeout", "0",
                  env_kwargs={"sandbox": "process", "split": "train"}).start()
    try:
        env = RemoteEnv(srv.url)
        env.reset(seed=0)
        env.step("```python\nprint(1)\n```")  # judged: the server's sandbox is up now
        env.close()
        made = [p.name for p in tmp_path.iterdir() if p.name.startswith("o1coder-sandbox-")
                and p.name != "o1coder-sandbox-uids"]
        assert made, "the judged step made no sandbox folder"
        assert srv.proc is not None
        srv.proc.send_signal(signal.SIGTERM)
        assert srv.proc.wait(timeout=60) == 128 + signal.SIGTERM
        assert not [name for name in made if (tmp_path / name).exists()]
    finally:
        srv.kill()
