r"""The execution sandbox: run untrusted programs against tests, judge in the parent process.

Quick use::

    from o1coder_env.sandbox import Sandbox
    from o1coder_env.tasks import TestCase

    with Sandbox(backend="process") as sb:
        report = sb.run("def add(a, b):\n    return a + b\n",
                        [TestCase.call_case((1, 2), 3)], entry_point="add")
        assert report.all_passed

See ``docs/sandbox.md`` for backends, limits, comparison rules and the threat model.
"""

from o1coder_env.sandbox.backends import BACKENDS, BackendUnavailable, bwrap_available
from o1coder_env.sandbox.docker_backend import docker_available
from o1coder_env.sandbox.report import ExecReport, Limits, Status, TestResult
from o1coder_env.sandbox.sandbox import (
    Job,
    Sandbox,
    SandboxDeadline,
    SandboxError,
    get_default_sandbox,
    resolve_sandbox,
    shared_sandbox,
)

__all__ = [
    "BACKENDS",
    "BackendUnavailable",
    "ExecReport",
    "Job",
    "Limits",
    "Sandbox",
    "SandboxDeadline",
    "SandboxError",
    "Status",
    "TestResult",
    "bwrap_available",
    "docker_available",
    "get_default_sandbox",
    "resolve_sandbox",
    "shared_sandbox",
]
