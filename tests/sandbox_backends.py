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
