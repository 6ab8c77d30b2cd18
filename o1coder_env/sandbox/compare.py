r"""Judging in the parent: type-strict equality of return values and the stdout whitespace rule.

Rules (documented in ``docs/sandbox.md``):

- Types must match exactly: ``bool`` is not ``int``; ``tuple`` is not ``list``; ``set`` is not
  ``frozenset``; ``bytes`` is not ``bytearray``; ``dict`` keys and values compare recursively.
- Floats: an expected ``float`` accepts an actual ``float`` or ``int`` within
  ``rel_tol=1e-9, abs_tol=1e-9`` (:func:`math.isclose`). An expected ``int`` needs an ``int``.
  NaN equals NaN (a function that must return NaN passes by returning NaN); ``inf`` equals only
  ``inf`` of the same sign. Complex numbers compare both parts the same way.
- Sets and dict keys compare exactly (by a canonical type-tagged key, no tolerance).
- Tests converted from a benchmark's ``assert f(x) == v`` (``TestCase.equality == "python"``)
  are judged by Python's own ``==`` on the decoded plain values instead, which is what the
  original assert checked: ``7 == 7.0`` and ``Counter(a=1) == {"a": 1}`` hold, ``[1] == (1,)``
  does not, and NaN is not equal to NaN. Both sides are plain data rebuilt in the parent, so no
  code of the program runs during the comparison.
- stdout: both sides are normalised by stripping trailing whitespace on every line and dropping
  trailing blank lines (and ``\\r\\n`` counts as ``\\n``); leading whitespace and blank lines
  inside the output matter.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["ABS_TOL", "REL_TOL", "normalize_stdout", "python_equal", "stdout_equal",
           "strict_equal", "values_equal"]

#: Float tolerance for an expected float.
REL_TOL = 1e-9
ABS_TOL = 1e-9


def _float_close(expected: float, actual: float) -> bool:
    if math.isnan(expected):
        return math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return expected == actual
    return math.isclose(expected, actual, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _canon(value: Any) -> Any:
    """A hashable, type-tagged key: equal keys mean exactly equal plain values."""
    t = type(value)
    if t in (list, tuple):
        return (t.__name__, tuple(_canon(v) for v in value))
    if t in (set, frozenset):
        return (t.__name__, frozenset(_canon(v) for v in value))
    if t is dict:
        return ("dict", frozenset((_canon(k), _canon(v)) for k, v in value.items()))
    if t is float and math.isnan(value):
        return ("float", "nan")
    return (t.__name__, value)


def python_equal(expected: Any, actual: Any) -> bool:
    """Python's ``==`` on plain values (for tests converted from ``assert f(x) == v``).

    Never raises: a comparison that fails (e.g. too deep) counts as not equal.
    """
    try:
        return bool(expected == actual)
    except (RecursionError, TypeError, ValueError):
        return False


def values_equal(expected: Any, actual: Any, equality: str = "strict") -> bool:
    """Compare a returned value by the test's rule: ``"strict"`` or ``"python"``."""
    if equality == "python":
        return python_equal(expected, actual)
    if equality == "strict":
        return strict_equal(expected, actual)
    raise ValueError(f"unknown equality rule {equality!r} (expected 'strict' or 'python')")


def strict_equal(expected: Any, actual: Any) -> bool:
    """Type-strict structural equality with float tolerance (see the module docstring)."""
    te, ta = type(expected), type(actual)
    if te is float:
        if ta is float:
            return _float_close(expected, actual)
        if ta is int:
            return _float_close(expected, float(actual))
        return False
    if te is not ta:
        return False
    if te is complex:
        return _float_close(expected.real, actual.real) and _float_close(expected.imag,
                                                                          actual.imag)
    if te in (list, tuple):
        return len(expected) == len(actual) and all(
            strict_equal(e, a) for e, a in zip(expected, actual, strict=False))
    if te is dict:
        if len(expected) != len(actual):
            return False
        by_key = {_canon(k): v for k, v in actual.items()}
        for k, v in expected.items():
            key = _canon(k)
            if key not in by_key or not strict_equal(v, by_key[key]):
                return False
        return True
    if te in (set, frozenset):
        return _canon(expected) == _canon(actual)
    return bool(expected == actual)


def normalize_stdout(text: str) -> str:
    r"""Strip trailing whitespace per line and trailing blank lines; ``\\r\\n`` -> ``\\n``."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def stdout_equal(expected: str, actual: str) -> bool:
    """True when the outputs are equal under :func:`normalize_stdout`."""
    return normalize_stdout(expected) == normalize_stdout(actual)
