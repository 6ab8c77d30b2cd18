"""Shared by sandbox tests: the backends to run on, and a report's statuses.

``pytest.mark.parametrize("backend", ALL_BACKENDS)`` or a fixture with ``params=ALL_BACKENDS``:
process always, bwrap where bubblewrap works, docker where an engine answers (marked ``docker``);
each absent one is skipped with its reason.
"""

from __future__ import annotations

import collections

import pytest

from o1coder_env.sandbox import bwrap_available
from o1coder_env.sandbox.docker_backend import docker_available

_UNAVAILABLE = {"process": "", "bwrap": bwrap_available(), "docker": docker_available()}
ALL_BACKENDS = [
    pytest.param(name, marks=[pytest.mark.skipif(bool(why), reason=f"{name}: {why}")]
                 + ([pytest.mark.docker] if name == "docker" else []))
    for name, why in _UNAVAILABLE.items()
]


def count_judge_messages(monkeypatch) -> collections.Counter:
    """Count the judge's messages to the sandbox workers by type (``"call"``, ``"batch"``...)."""
    from o1coder_env.sandbox import sandbox as sandbox_module

    counter: collections.Counter = collections.Counter()
    original = sandbox_module._Worker.send

    def counting(self, obj):
        counter[obj.get("t")] += 1
        return original(self, obj)

    monkeypatch.setattr(sandbox_module._Worker, "send", counting)
    return counter


def statuses(report) -> list[str]:
    """Each test's status in a sandbox report, in order (``["passed", "failed", ...]``)."""
    return [r.status.value for r in report.results]


def proc_status(pid: int, field: str) -> str:
    """One field of ``/proc/PID/status`` (``""`` when the process has none)."""
    from pathlib import Path

    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def _children(pid: int) -> list[int]:
    from pathlib import Path

    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def zygote_children(box) -> list[tuple[int, str]]:
    """Host pid and state (``S``, ``R``, ``Z``...) of every child of each worker's zygote.

    The zygote's pid the worker reports is its pid in the worker's pid namespace (bwrap and
    docker have their own); it is found among the worker's descendants by ``NSpid``.
    """
    found = []
    for worker in box._workers:
        if box.backend == "docker":
            from o1coder_env.sandbox.docker_backend import shared_client

            root = int(shared_client().api.inspect_container(
                worker.proc.container_id)["State"]["Pid"])
        else:
            root = worker.proc.pid
        todo = _children(root) + ([root] if box.backend == "docker" else [])
        while todo:
            pid = todo.pop()
            try:
                if int(proc_status(pid, "NSpid").split()[-1]) == worker.zygote_pid:
                    found += [(kid, proc_status(kid, "State")[:1]) for kid in _children(pid)]
                    break
            except (OSError, ValueError, IndexError):
                continue
            todo += _children(pid)
    return found
