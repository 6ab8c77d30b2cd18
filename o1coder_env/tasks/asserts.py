"""Turn assert-style tests from outside benchmarks into data tests where that is safe.

Benchmarks such as MBPP and HumanEval state their tests as assert statements. o1coder converts
every assert of a plain, pure-data form into a :attr:`TestKind.CALL` test (arguments in,
expected value out, compared in the parent process: one verdict per assert, under an explicit
equality rule). Everything else stays an :attr:`TestKind.ASSERT` test, verbatim, which the
sandbox's trusted judge runs outside the box (see ``docs/sandbox.md``).

Converted forms (``f`` is the function under test, every argument and the expected value must be
pure literals accepted by :func:`ast.literal_eval`; an optional assert message is ignored):

=====================================  =====================================
assert                                 call test
=====================================  =====================================
``assert f(a, b) == v``                ``f(a, b)`` must equal ``v``
``assert v == f(a, b)``                ``f(a, b)`` must equal ``v``
``assert f(a) is True/False/None``     ``f(a)`` must equal ``True``/``False``/``None``
``assert f(a)``                        ``f(a)`` must equal ``True``
``assert not f(a)``                    ``f(a)`` must equal ``False``
=====================================  =====================================

Tests converted from ``==`` asserts are judged with Python's ``==`` (``equality="python"``), as
the original assert was: ``7 == 7.0`` and ``Counter(...) == {...}`` hold. The ``is`` forms and
the last two keep the strict rule; the last two are stricter than the original (a truthy ``[1]``
passed ``assert f(a)`` but does not equal ``True``); the benchmarks use them for predicates
returning booleans. Anything else (names, calls such as ``set()`` or ``float('inf')``, keyword
arguments, ``math.isclose``, ``abs(...) < tol``, chained comparisons, several calls) is not
converted. The original assert string is kept in the converted test's ``origin``.
"""

from __future__ import annotations

import ast
import builtins
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from o1coder_env.tasks.model import TestCase, encode_value

__all__ = [
    "CallAssert",
    "assert_to_test",
    "called_functions",
    "function_asserts",
    "parse_call_assert",
]

_BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class CallAssert:
    """A plain assert, parsed.

    Attributes:
        func: Name of the function the assert calls.
        args: The literal positional arguments.
        expected: The value the call must return.
        origin: The assert source it came from.
        equality: ``"python"`` for ``==`` asserts, ``"strict"`` for the ``is``/truth forms.
    """

    func: str
    args: tuple[Any, ...]
    expected: Any
    origin: str
    equality: str = "strict"

    def to_test(self) -> TestCase:
        """The equivalent :attr:`TestKind.CALL` test (``origin`` keeps the assert string)."""
        return TestCase.call_case(self.args, self.expected, origin=self.origin,
                                  equality=self.equality)


class _NotLiteral(Exception):
    """An expression is not pure literal data."""


def _literal(node: ast.expr) -> Any:
    # literal_eval accepts ``set()``; we keep every call out of test data, as documented.
    if any(isinstance(sub, ast.Call) for sub in ast.walk(node)):
        raise _NotLiteral
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as exc:
        raise _NotLiteral from exc
    try:
        encode_value(value)  # only values the jsonl schema can carry (no Ellipsis...)
    except TypeError as exc:
        raise _NotLiteral from exc
    return value


def _parse_call(node: ast.expr) -> tuple[str, tuple[Any, ...]] | None:
    """``f(<literals>)`` -> (name, args); anything else -> None."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name) or node.keywords:
        return None
    if any(isinstance(a, ast.Starred) for a in node.args):
        return None
    try:
        return node.func.id, tuple(_literal(a) for a in node.args)
    except _NotLiteral:
        return None


def _parse(source: str) -> ast.Module:
    """``ast.parse`` without the invalid-escape warnings that benchmark strings trigger."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)  # Python < 3.12 uses this one
        return ast.parse(source)


def _single_assert(source: str) -> ast.Assert | None:
    try:
        module = _parse(source.strip())
    except SyntaxError:
        return None
    if len(module.body) != 1 or not isinstance(module.body[0], ast.Assert):
        return None
    return module.body[0]


def parse_call_assert(
    source: str, *, func_names: Collection[str] | None = None
) -> CallAssert | None:
    """Parse one assert statement of a plain form (see the module docstring).

    Args:
        source: One assert statement, e.g. ``"assert add(1, 2) == 3"``.
        func_names: If given, the called function must be one of these names (e.g. the entry
            point, or ``{"candidate"}`` inside HumanEval's ``check``).

    Returns:
        The parsed assert, or ``None`` when it is not of a convertible form.
    """
    node = _single_assert(source)
    if node is None:
        return None
    parsed = _match(node.test)
    if parsed is None:
        return None
    (func, args), expected = parsed
    if func_names is not None and func not in func_names:
        return None
    equality = "python" if isinstance(node.test, ast.Compare) and isinstance(
        node.test.ops[0], ast.Eq) else "strict"
    return CallAssert(func=func, args=args, expected=expected, origin=source.strip(),
                      equality=equality)


def _match(test: ast.expr) -> tuple[tuple[str, tuple[Any, ...]], Any] | None:
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if isinstance(op, ast.Eq):
            for call_side, value_side in ((left, right), (right, left)):
                call = _parse_call(call_side)
                if call is None:
                    continue
                try:
                    return call, _literal(value_side)
                except _NotLiteral:
                    return None
            return None
        if isinstance(op, ast.Is) and isinstance(right, ast.Constant) and (
            right.value is None or isinstance(right.value, bool)
        ):
            call = _parse_call(left)
            return None if call is None else (call, right.value)
        return None
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        call = _parse_call(test.operand)
        return None if call is None else (call, False)
    call = _parse_call(test)
    return None if call is None else (call, True)


def assert_to_test(
    source: str, *, func_names: Collection[str] | None = None
) -> TestCase:
    """Convert one assert string into a test: a call test when plain, else an assert test.

    Args:
        source: One assert statement.
        func_names: Function names a call test may call (see :func:`parse_call_assert`).

    Returns:
        ``TestCase.call_case(args, expected, origin=source)`` for plain asserts, otherwise
        ``TestCase.assert_case(code=source)`` with the statement kept verbatim.

    Raises:
        ValueError: If ``source`` is empty.
    """
    if not source.strip():
        raise ValueError("an assert test needs non-empty code")
    parsed = parse_call_assert(source, func_names=func_names)
    if parsed is not None:
        return parsed.to_test()
    return TestCase.assert_case(code=source.strip())


def called_functions(source: str) -> list[str]:
    """Names of the plain functions called in ``source``, outermost first, builtins last.

    Used to find a benchmark's entry point from its asserts (``assert set(f(x)) == ...`` calls
    ``set`` and ``f``: ``f`` is listed first because ``set`` is a builtin).

    Returns:
        Distinct names in order of appearance; ``[]`` when ``source`` does not parse.
    """
    try:
        tree = _parse(source.strip())
    except SyntaxError:
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id not in names):
            names.append(node.func.id)
    return sorted(names, key=lambda n: n in _BUILTIN_NAMES)  # stable: keeps order otherwise


def function_asserts(code: str, function: str = "check") -> list[str]:
    """The assert statements directly in the body of ``def <function>(...)`` in ``code``.

    Only top-level statements of the body are returned (asserts inside loops or branches depend
    on state and are left to the verbatim test), each as its exact source text.

    Returns:
        The assert sources in order; ``[]`` when the code does not parse or has no such function.
    """
    try:
        tree = _parse(code)
    except SyntaxError:
        return []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            out = []
            for stmt in node.body:
                if isinstance(stmt, ast.Assert):
                    segment = ast.get_source_segment(code, stmt)
                    if segment:
                        out.append(segment)
            return out
    return []
