"""The docker backend: core behaviours, the container's lock-down, worker replacement, red team.

Needs an engine with the ``o1coder-sandbox:latest`` image (``scripts/docker-setup.sh``) at
``$DOCKER_HOST`` or ``unix:///run/o1coder-docker.sock``; every engine test skips with the reason
otherwise. The "cannot start" tests, which run everywhere, are in
``test_sandbox_docker_unavailable.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from o1coder_env.sandbox import BackendUnavailable, Job, Sandbox, Status, docker_available
from o1coder_env.tasks import TestCase
from tests.redteam.attacks import ATTACKS, Attack
from tests.redteam.test_redteam import (  # noqa: F401 - env is a fixture used below
    LIMITS,
    _uid_processes,
    env,
    run_attack_and_check,
)

# Core behaviours, re-collected here so they run against the docker fixture ``sb`` below.
from tests.test_sandbox_core import (  # noqa: F401
    test_assert_tests_are_weak,
    test_call_tests_judged_in_parent,
    test_compile_error,
    test_crash_and_timeout_resume_in_fresh_fork,
    test_exceptions_and_memory,
    test_missing_entry_point,
    test_per_test_output_is_attributed,
    test_python_equality_for_converted_asserts,
    test_stdio_script_may_sys_exit_zero,
    test_stdio_tests_and_whitespace_rule,
)

ENGINE_MISSING = docker_available()
pytestmark = [
    pytest.mark.docker,
    pytest.mark.skipif(bool(ENGINE_MISSING),
                       reason=f"docker backend unavailable: {ENGINE_MISSING}"),
]


def _client():
    from o1coder_env.sandbox.docker_backend import shared_client

    return shared_client()


def _our_containers() -> list[dict]:
    return _client().api.containers(all=True, filters={
        "label": ["o1coder.sandbox=worker", f"o1coder.parent_pid={os.getpid()}"]})


@pytest.fixture(scope="module")
def sb():
    with Sandbox(backend="docker", workers=2) as box:
        yield box


# --- the box -------------------------------------------------------------------------------------
def test_container_is_locked_down(sb):
    api = _client().api
    for worker in sb._workers:
        info = api.inspect_container(worker.proc.container_id)
        host = info["HostConfig"]
        assert host["NetworkMode"] == "none"
        assert host["ReadonlyRootfs"] is True
        assert host["CapDrop"] == ["ALL"] and not host.get("CapAdd")
        assert "no-new-privileges" in host["SecurityOpt"]
        assert host["Memory"] > 0 and host["MemorySwap"] == host["Memory"]
        assert host["PidsLimit"] == sb.limits.max_processes + 16
        assert set(host["Tmpfs"]) == {"/work", "/tmp"}
        assert not host["Privileged"]
        user = info["Config"]["User"]
        assert user and not user.startswith("0:") and user != "0"
    assert sb.features["seccomp"] is True


def test_program_sees_no_host_no_network_no_root(sb):
    prog = ("import os, socket\n"
            "def probe(x):\n"
            "    out = {'uid': os.getuid(), 'cwd': os.getcwd(),\n"
            "           'repo': os.path.exists(" + repr(str(Path(__file__).resolve())) + ")}\n"
            "    try:\n        open('/etc/planted', 'w')\n        out['root_rw'] = True\n"
            "    except OSError:\n        out['root_rw'] = False\n"
            "    try:\n        socket.socket()\n        out['socket'] = True\n"
            "    except OSError:\n        out['socket'] = False\n"
            "    return out\n")
    report = sb.run(prog, [TestCase.call_case((0,), {})], entry_point="probe")
    message = report.results[0].message
    assert report.results[0].status is Status.FAILED, report.to_dict()
    assert "'repo': False" in message and "'root_rw': False" in message
    assert "'socket': False" in message and "'uid': 0," not in message
    assert "'cwd': '/work/run-" in message


def test_program_cannot_signal_its_worker_away(sb):
    # The worker is PID 1 of its container (signals from inside without a handler are dropped),
    # and landlock's signal scope refuses any signal to a process outside the run.
    prog = "import os, signal\ndef f(x):\n    os.kill(1, signal.SIGKILL)\n    return x\n"
    restarts = sb.stats["worker_restarts"]
    report = sb.run(prog, [TestCase.call_case((1,), 2)], entry_point="f")
    if sb.features.get("signal_scope"):
        assert report.results[0].status is Status.ERROR
        assert report.results[0].error_type == "PermissionError"
    else:
        assert report.results[0].status is Status.FAILED
    assert sb.stats["worker_restarts"] == restarts
    assert all(w.alive() for w in sb._workers)


def test_dead_worker_is_replaced(sb):
    victim = sb._workers[0]
    _client().api.remove_container(victim.proc.container_id, force=True)
    victim.proc.wait(timeout=20)
    assert not victim.alive()
    restarts = sb.stats["worker_restarts"]
    # Two jobs at once use both workers: the dead one is replaced before it is given a job.
    jobs = [Job("def f(x):\n    return x\n", [TestCase.call_case((i,), i)], entry_point="f")
            for i in range(2)]
    assert all(r.all_passed for r in sb.run_batch(jobs))
    assert sb.stats["worker_restarts"] == restarts + 1
    assert all(w.alive() for w in sb._workers)
    ok = sb.run("def g(x):\n    return x * 2\n", [TestCase.call_case((21,), 42)],
                entry_point="g")
    assert ok.all_passed


def test_close_removes_containers_and_parent_death_too():
    with Sandbox(backend="docker", workers=1) as box:
        assert box.run("def f():\n    return 1\n", [TestCase.call_case((), 1)],
                       entry_point="f").all_passed
        assert len(_our_containers()) >= 1
    # Closed: this sandbox's container is gone (the module's `sb` may still hold its own).
    ids = {c["Id"] for c in _our_containers()}
    assert box._workers[0].proc.container_id not in ids
    # A parent killed with SIGKILL: its workers see EOF, exit, and auto-remove.
    code = ("import sys, time\n"
            "from o1coder_env.sandbox import Sandbox\n"
            "sb = Sandbox(backend='docker', workers=1)\n"
            "print(sb._workers[0].proc.container_id, flush=True)\n"
            "time.sleep(60)\n")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             env={**os.environ})
    try:
        assert child.stdout is not None
        cid = child.stdout.readline().strip()
        assert cid
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 20
    api = _client().api
    while time.monotonic() < deadline:
        if not api.containers(all=True, filters={"id": cid}):
            break
        time.sleep(0.25)
    assert not api.containers(all=True, filters={"id": cid}), "orphaned worker container"


def test_missing_image_says_run_setup(monkeypatch):
    monkeypatch.setenv("O1CODER_DOCKER_IMAGE", "o1coder-sandbox:no-such-tag")
    with pytest.raises(BackendUnavailable, match=r"docker-setup\.sh"):
        Sandbox(backend="docker", workers=1)


# --- red team --------------------------------------------------------------------------------
@pytest.fixture(scope="module", params=[False, True], ids=["on-demand", "ahead"])
def red_sb(request, env):  # noqa: F811 - env is the red team's fixture
    with Sandbox(backend="docker", workers=2, limits=LIMITS, cache_size=0,
                 work_root=str(env["sandbox_parent"]), fork_ahead=request.param) as box:
        yield box


def _stray_processes(box: Sandbox) -> list[str]:
    """Processes of the workers' uids other than the workers (their containers' PID 1), their
    zygotes (the worker's child that forks the runs, known by its in-container pid) and the
    child each zygote forked for the next run, which waits outside any run directory."""
    api = _client().api
    uids = {w.lease.uid for w in box._workers if w.lease is not None}
    expected = set()
    for w in box._workers:
        host_pid = str(api.inspect_container(w.proc.container_id)["State"]["Pid"])
        expected.add(host_pid)
        zygotes = [c for c in _children(host_pid) if _namespace_pid(c) == w.zygote_pid]
        expected.update(zygotes)
        for zygote in zygotes:
            expected.update(c for c in _children(zygote) if not _in_a_run_dir(c))
    return sorted(set(_uid_processes(uids)) - expected)


def _in_a_run_dir(pid: str) -> bool:
    """Whether ``pid`` works in a run's directory (a run's process, not the next one's child)."""
    try:
        return "/run-" in os.readlink(f"/proc/{pid}/cwd")
    except FileNotFoundError:
        return False  # gone since it was listed
    except OSError:
        return True  # unreadable: count it as a run's (a stray), to be safe


def _children(pid: str) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _namespace_pid(pid: str) -> int:
    """``pid``'s number in its innermost pid namespace (the last field of ``NSpid``)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return int(line.split()[-1])
    except (OSError, ValueError):
        pass
    return -1


@pytest.mark.slow
@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_earns_nothing_in_docker(red_sb, env, attack: Attack):  # noqa: F811
    run_attack_and_check(red_sb, env, attack)
    assert _stray_processes(red_sb) == []
    follow_up = red_sb.run("def g(x):\n    return x * 2\n", [TestCase.call_case((21,), 42)],
                           entry_point="g")
    assert follow_up.all_passed, follow_up.to_dict()
    assert all(w.alive() for w in red_sb._workers)


def test_daemon_never_wrote_in_docker(env):  # noqa: F811
    assert not (env["outside"] / "daemon_was_here").exists()
