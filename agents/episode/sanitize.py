"""What an agent may see: the public copy of a task, sanitized observations, test summaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from o1coder_env.tasks.model import Task

__all__ = ["pass_fraction", "public_task", "sanitize", "summarize_tests"]

# Keys of observations/infos that an agent must never receive.
_PRIVATE_KEYS = ("hidden", "reference", "solution")


def public_task(task: Task) -> Task:
    """A copy of ``task`` with everything an agent must not see removed.

    Hidden tests, the reference solution, the reference reasoning steps and the metadata (which
    loaders may fill with anything) are dropped; the problem and public tests stay.
    """
    return task.public_copy()


def sanitize(value: Any) -> Any:
    """Remove hidden-test results and reference data from an observation or info dict."""
    if isinstance(value, Mapping):
        return {
            k: sanitize(v) for k, v in value.items()
            if not any(p in str(k).lower() for p in _PRIVATE_KEYS)
        }
    return value


def summarize_tests(results: Any) -> dict[str, Any] | None:
    """Normalize test results (an ExecReport, its dict, or a list of results) to a dict.

    Returns:
        ``{"passed", "passed_tests", "total_tests", "status", "results"}`` or ``None`` when
        there are none.
    """
    if results is None:
        return None
    if hasattr(results, "to_dict"):
        return results.to_dict(timings=False)
    if isinstance(results, Mapping):
        out = dict(results)
        if "passed_tests" not in out and isinstance(out.get("results"), list):
            out.update(_count(out["results"]))
        return out
    if isinstance(results, (list, tuple)):
        items = [r.to_dict(timings=False) if hasattr(r, "to_dict") else r for r in results]
        return {"results": items, **_count(items)}
    raise TypeError(f"cannot summarize test results of type {type(results).__name__}")


def _count(items: Sequence[Any]) -> dict[str, Any]:
    def ok(r: Any) -> bool:
        if isinstance(r, Mapping):
            return bool(r.get("passed", r.get("status") == "passed"))
        return bool(getattr(r, "passed", False))

    passed = sum(ok(r) for r in items)
    return {"passed_tests": passed, "total_tests": len(items),
            "passed": bool(items) and passed == len(items)}


def pass_fraction(summary: Mapping[str, Any] | None) -> float:
    """Passed / total of a :func:`summarize_tests` dict (0.0 for none)."""
    if not summary:
        return 0.0
    total = int(summary.get("total_tests", 0) or 0)
    return int(summary.get("passed_tests", 0) or 0) / total if total else 0.0
