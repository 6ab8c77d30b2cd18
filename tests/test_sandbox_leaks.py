"""Consecutive runs leak no fds, processes or directories; the sandbox removes only its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.perf.sandbox_bench import judge_cost, leak_check, tree_cpu_s, tree_reaped_faults
from o1coder_env.sandbox import Sandbox, bwrap_available
from o1coder_env.tasks import TestCase

BACKENDS = ["process"] + (["bwrap"] if not bwrap_available() else [])


@pytest.mark.parametrize("backend", BACKENDS)
def test_150_runs_leak_nothing(backend):
    lk = leak_check(backend, 150)
    assert lk["fds_after"] <= lk["fds_before"]
    assert lk["procs_after"] <= lk["procs_before"]
    assert lk["dirs_after"] == lk["dirs_before"] == 0
    assert lk["worker_restarts"] == 0


def test_close_removes_only_what_it_created(tmp_path):
    canary = tmp_path / "canary.txt"
    canary.write_text("keep me")
    sb = Sandbox(backend="process", workers=1, work_root=str(tmp_path))
    root = sb._root
    report = sb.run("def f():\n    open('made_by_program', 'w').write('x')\n    return 1\n",
                    [TestCase.call_case((), 1)], entry_point="f")
    assert report.all_passed
    sb.close()
    assert not os.path.exists(root)
    assert canary.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["canary.txt"]


def test_default_sandbox_is_shared():
    from o1coder_env.sandbox import get_default_sandbox

    assert get_default_sandbox() is get_default_sandbox()


@pytest.mark.parametrize("backend", BACKENDS)
def test_judge_cost_checks_the_same_programs_both_ways(backend):
    # The bench's judge part: check(candidate) through the judge vs the converted call tests
    # in the box, same canonical solutions; both must pass all and the calls must be counted.
    j = judge_cost(backend, workers=2, repeats=1, passes=1, limit=12)
    assert j["samples"] == 12
    assert j["judged_passed"] == j["in_box_passed"] == 12
    assert j["judged_calls_per_sample"] >= 1 and j["call_tests_per_sample"] >= 1
    assert j["judged_per_s"] > 0 and j["in_box_per_s"] > 0


def test_judge_cost_like_for_like_makes_the_same_calls_both_ways():
    # The like-for-like figure keeps only tasks whose check() makes exactly the call tests'
    # calls: equal work both ways, so any difference is the judge's.
    j = judge_cost("process", workers=2, repeats=1, passes=1, limit=12, same_calls=True)
    assert j["samples"] == 12
    assert j["judged_passed"] == j["in_box_passed"] == 12
    assert j["judged_calls_per_sample"] == j["call_tests_per_sample"] >= 1


def test_tree_cpu_counts_live_and_reaped_descendants():
    """The bench's CPU accounting sees a worker's reaped children and its live ones."""
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
    # A parent that burns in a child it reaps, then waits on a live child that burnt too.
    script = ("import subprocess, sys, time\n"
              f"subprocess.run([sys.executable, '-c', {burn!r}])\n"
              f"live = subprocess.Popen([sys.executable, '-c', {burn!r} + 'time.sleep(30)'])\n"
              "time.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            own, reaped = tree_cpu_s([proc.pid])
            if own >= 0.3 and reaped >= 0.3:
                break
            time.sleep(0.1)
        assert reaped >= 0.3  # the reaped child's burn, through the parent's cutime
        assert own >= 0.3  # the live child's burn
        assert tree_cpu_s([2 ** 22 + 7]) == (0.0, 0.0)  # a pid that cannot exist
    finally:
        for child in _descendants(proc.pid):
            os.kill(child, 9)
        proc.kill()
        proc.wait()


def test_tree_reaped_faults_counts_the_reaped_childrens_page_faults():
    # A child that writes 32 MiB of fresh memory faults once per page (8192), then is reaped.
    touch = "b = bytearray(32 << 20)\nfor i in range(0, len(b), 4096):\n    b[i] = 1\n"
    script = ("import subprocess, sys, time\n"
              f"subprocess.run([sys.executable, '-c', {touch!r}])\n"
              "print('reaped', flush=True)\n"
              "time.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "reaped"
        assert tree_reaped_faults([proc.pid]) >= 8192
        assert tree_reaped_faults([2 ** 22 + 7]) == 0  # a pid that cannot exist
    finally:
        proc.kill()
        proc.wait()


def _descendants(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = [int(c) for c in fh.read().split()]
    except OSError:
        return []
    return [k for kid in kids for k in (kid, *_descendants(kid))]


def _run_python(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter that imports this checkout."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})


def test_an_open_sandbox_removes_its_folder_at_exit_but_not_in_a_forked_child(tmp_path):
    """The exit hook: a sandbox never closed removes its folder when its process exits; a forked
    child exiting normally (its exit hooks run) leaves the parent's sandbox working."""
    script = (
        "import os, sys\n"
        "from o1coder_env.sandbox import Sandbox\n"
        f"sb = Sandbox(backend='process', workers=1, work_root={str(tmp_path)!r})\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    sys.exit(0)\n"
        "os.waitpid(pid, 0)\n"
        "assert os.path.isdir(sb._root), 'the child removed the parent sandbox folder'\n"
        "assert sb.run('print(1)\\n', []).status == 'no_tests'  # its worker still serves\n"
        "print(sb._root, flush=True)\n"
    )
    done = _run_python(script)
    assert done.returncode == 0, done.stderr[-2000:]
    folder = done.stdout.strip()
    assert folder.startswith(str(tmp_path)) and not os.path.exists(folder)


def test_a_killed_owner_leaves_no_folder(tmp_path):
    """SIGKILL runs no exit hook (a Ray worker stopped by its raylet, ``os._exit``): the
    sandbox's janitor, in its own session, removes the folder once the owner is gone."""
    script = (
        "import os, signal\n"
        "from o1coder_env.sandbox import Sandbox\n"
        f"sb = Sandbox(backend='process', workers=1, work_root={str(tmp_path)!r})\n"
        "assert sb.run('print(1)\\n', []).status == 'no_tests'\n"
        "print(sb._root, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = _run_python(script)
    assert done.returncode == -9, done.stderr[-2000:]
    folder = done.stdout.strip()
    assert folder.startswith(str(tmp_path))
    deadline = time.monotonic() + 30
    while os.path.exists(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(folder)


def _janitors_of(folder: str) -> list[int]:
    """Pids of the janitor shells (``sh -c SCRIPT FOLDER``) of ``folder``."""
    from o1coder_env.sandbox.sandbox import _JANITOR_SCRIPT

    argv = b"\0".join([b"/bin/sh", b"-c", _JANITOR_SCRIPT.encode(), folder.encode()]) + b"\0"
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes() == argv:
                found.append(int(pid))
        except OSError:
            continue
    return found


def test_close_stops_the_janitor_before_it_removes_anything(tmp_path):
    sb = Sandbox(backend="process", workers=1, work_root=str(tmp_path))
    folder = sb._root
    janitors = _janitors_of(folder)
    assert janitors and os.path.isdir(folder)
    # Not a child of this process (Ray kills a worker's children), in a session of its own.
    assert all(os.getsid(pid) != os.getsid(0) for pid in janitors)
    assert all(int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1])
               != os.getpid() for p in janitors)
    sb.close()
    assert not os.path.exists(folder)
    # The name may be handed out again: the janitor must exit without removing the new folder.
    os.mkdir(folder)
    deadline = time.monotonic() + 10
    while _janitors_of(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _janitors_of(folder) == [] and os.path.isdir(folder)
    os.rmdir(folder)
