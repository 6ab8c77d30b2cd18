"""The calls an assert test will make on the program, in order, read from its code beforehand.

The trusted judge (:mod:`o1coder_env.sandbox.judge`) runs test code in the parent and sends each
call on the program to the box. Most benchmark tests are straight lines of asserts whose calls
have literal arguments (``assert candidate([1, 2]) == 3``; ``assert f("ab") == "ba"``). For those
the judge can send every call at once, before the test code runs: the box then runs them back to
back and streams one answer per call, and the judge reads each answer when the test code reaches
that call. This removes a round trip per call, and the box sees nothing more than before: only
arguments, which it would have seen anyway, never what the test expects back.

The plan is the longest *prefix* of the test's calls whose order is certain: it stops at the
first statement or expression it cannot order (a loop, a branch, a ``try``, short-circuiting
``and``/``or``, a comprehension, a call to a helper the test defines, an argument that is not a
literal). The judge checks each live call against the plan; if the test code asks for anything
else, it waits for the planned answers still due and goes on one call at a time, so a plan that
is too short or wrong costs speed, never a verdict.
"""

from __future__ import annotations

import ast
import builtins
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from o1coder_env.sandbox import _codec

__all__ = ["CallPlan", "PlannedCall", "answered_key", "call_key", "plan_calls"]

#: Standard-library modules: ``math.isclose(...)`` in an assert is trusted code, not the program.
_MODULES = frozenset(sys.stdlib_module_names)


@dataclass(frozen=True)
class PlannedCall:
    """One call the test will make: the program object's handle and the encoded arguments.

    Attributes:
        handle: ``["g", name]``: the program's global of that name.
        args: The positional arguments, encoded as the judge encodes them for the box.
        kwargs: The keyword arguments, encoded likewise.
        key: ``handle``, ``args`` and ``kwargs`` as one JSON string: a live call matches the plan
            only if its own key is this exact string (``1`` and ``1.0`` differ).
        refers: Whether an argument is an earlier planned call's answer, ``{"__ref__": ["a",
            k]}`` (a rehearsal's plan only): the box passes its own k-th answer, and a live
            call matches only if it carries exactly that answer (:func:`answered_key`).
    """

    handle: tuple[str, str]
    args: Any
    kwargs: Any
    key: str
    refers: bool = False


@dataclass(frozen=True)
class CallPlan:
    """The planned calls of one test, and whether they are all the calls it can make.

    Attributes:
        calls: The calls, in the order the test makes them.
        complete: True when the whole test was read: it makes exactly these calls, in this
            order, until it passes or stops at a failing one, and never another (so the box can
            run them without the judge listening, and the judge check the answers afterwards).
            The one exception: a failing assert's message may repeat a call the test already
            made, and is given that call's answer.
    """

    calls: tuple[PlannedCall, ...] = ()
    complete: bool = False

    def messages(self) -> list[dict[str, Any]]:
        """The calls as the box receives them."""
        return [{"f": list(c.handle), "a": c.args, "kw": c.kwargs} for c in self.calls]


class _Unplannable(Exception):
    """The calls from here on cannot be put in order before the test runs."""


def call_key(handle: Any, args: Any, kwargs: Any) -> str:
    """The string a live call and a planned call are matched by."""
    # ``args`` and ``kwargs`` are the codec's output: no raw NaN or infinity reaches here.
    return _codec.dump_compact([list(handle), args, kwargs])


class _Unanswered(Exception):
    """A reference to an answer that is not a value (a raise, a handle) or not in yet."""


def answered_key(planned: PlannedCall, answers: list[dict[str, Any]]) -> str | None:
    """The key of ``planned`` with each reference to an earlier answer replaced by its value.

    Args:
        planned: A planned call.
        answers: The box's replies to the planned calls so far, in plan order.

    Returns:
        The key a live call must have to be this planned call; None when an answer it refers
        to is not a value (the live call then carries something else: it never matches).
    """
    if not planned.refers:
        return planned.key
    try:
        args = _answered(planned.args, answers)
        kwargs = _answered(planned.kwargs, answers)
    except _Unanswered:
        return None
    return call_key(planned.handle, args, kwargs)


def _answered(data: Any, answers: list[dict[str, Any]]) -> Any:
    # ``data`` is the plan's own encoding (trusted, bounded by the codec); an answer's value is
    # put in as it came, never walked.
    if type(data) is list:
        return [_answered(item, answers) for item in data]
    if type(data) is dict:
        if len(data) == 1 and "__ref__" in data:
            handle = data["__ref__"]
            if type(handle) is list and len(handle) == 2 and handle[0] == "a" and \
                    type(handle[1]) is int and 0 <= handle[1] < len(answers):
                reply = answers[handle[1]]
                if reply.get("r") == "value" and "v" in reply:
                    return reply["v"]
            raise _Unanswered
        return {key: _answered(value, answers) for key, value in data.items()}
    return data


@lru_cache(maxsize=1024)
def plan_calls(code: str, call: str) -> CallPlan:
    """The calls an assert test makes on the program, in order, as far as that order is certain.

    Args:
        code: The test code (module-level asserts, or HumanEval's ``def check(candidate)``).
        call: The expression run after it (``check(<entry_point>)``), or ``""``.

    Returns:
        The plan; no calls when the first call cannot be planned (the judge then makes every
        call live, as it always could).
    """
    try:
        module = ast.parse(code)
        call_node = ast.parse(call, mode="eval").body if call.strip() else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return CallPlan()
    defined = _bound_names(module.body)
    out: list[PlannedCall] = []
    try:
        if call_node is None:
            _Planner(program=lambda name: name not in defined and _free(name), out=out,
                     shadowed=defined).statements(module.body)
            return CallPlan(tuple(out), complete=True)
        # ``check(entry)``: the module body only defines things; plan the function's body with
        # its parameters bound to the program globals passed in.
        if not (isinstance(call_node, ast.Call) and isinstance(call_node.func, ast.Name)
                and not call_node.keywords):
            return CallPlan()
        function = _only_function(module.body, call_node.func.id)
        if function is None:
            return CallPlan()
        params = [a.arg for a in function.args.args]
        if function.args.vararg or function.args.kwarg or function.args.kwonlyargs or \
                function.args.posonlyargs or function.args.defaults or \
                len(params) != len(call_node.args):
            return CallPlan()
        bound: dict[str, str] = {}
        for param, arg in zip(params, call_node.args, strict=True):
            if not (isinstance(arg, ast.Name) and arg.id not in defined and _free(arg.id)):
                return CallPlan()
            bound[param] = arg.id
        local = _bound_names(function.body)
        if set(bound) & local:
            return CallPlan()  # the test rebinds a parameter: its calls may miss the program
        local |= set(params)
        shadowed = (defined | local) - set(bound)
        # Free names in the body are the program's globals too (HumanEval/33 calls
        # ``sort_third`` by name beside ``candidate``).
        _Planner(program=lambda name: name in bound or (name not in shadowed and _free(name)),
                 out=out, alias=bound, shadowed=shadowed).statements(function.body)
        return CallPlan(tuple(out), complete=True)
    except _Unplannable:
        pass
    except RecursionError:  # a pathological expression: plan what was found so far
        pass
    return CallPlan(tuple(out))


def _free(name: str) -> bool:
    """A name the judge resolves to the program (not a builtin, not a stdlib module)."""
    return name not in builtins.__dict__ and name not in _MODULES


def _only_function(body: list[ast.stmt], name: str) -> ast.FunctionDef | None:
    found = [s for s in body if isinstance(s, ast.FunctionDef) and s.name == name]
    if len(found) != 1 or found[0].decorator_list:
        return None
    # Anything else at module level must be plain definitions run before the call.
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.Import, ast.ImportFrom, ast.Pass, ast.Expr)):
            if isinstance(stmt, ast.Expr) and not isinstance(stmt.value, ast.Constant):
                return None
            if isinstance(stmt, ast.FunctionDef) and stmt.decorator_list:
                return None
            continue
        if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets) \
                and _is_literal(stmt.value):
            continue
        return None
    return found[0]


def _bound_names(body: list[ast.stmt]) -> set[str]:
    """Every name a block binds anywhere (assignments, defs, imports, loop targets...).

    A plain ``import <stdlib module>`` is left out: the name is that module either way.
    """
    names: set[str] = set()
    # Every node below ``body``, in any order (a set is built): an explicit stack over the
    # nodes' fields, ~3x faster than ast.walk, which a sandbox pays once per new test.
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                names.add(node.id)  # type: ignore[attr-defined]
            continue  # a Name has no child but its context
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            names.add(node.name)  # type: ignore[attr-defined]
        elif kind in (ast.Import, ast.ImportFrom):
            for alias in node.names:  # type: ignore[attr-defined]
                name = (alias.asname or alias.name).split(".")[0]
                if kind is ast.Import and alias.asname is None and name in _MODULES:
                    continue  # ``import math`` binds the module: still trusted, not shadowed
                names.add(name)
        elif kind is ast.arg:
            names.add(node.arg)  # type: ignore[attr-defined]
        elif kind in (ast.Global, ast.Nonlocal):
            names.update(node.names)  # type: ignore[attr-defined]
        elif kind in (ast.ExceptHandler, ast.MatchAs, ast.MatchStar):
            if node.name:  # type: ignore[attr-defined]
                names.add(node.name)  # type: ignore[attr-defined]
        elif kind is ast.MatchMapping and node.rest:  # type: ignore[attr-defined]
            names.add(node.rest)  # type: ignore[attr-defined]
        for field in node._fields:
            value = getattr(node, field, None)
            if type(value) is list:
                stack.extend(v for v in value if isinstance(v, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)
    return names


#: Bounds on the constant arithmetic the planner folds (the test code computes the same values
#: anyway; these only keep a pathological test from costing the planner much).
_MAX_BITS = 4096
_MAX_LEN = 100_000


def _literal(node: ast.expr) -> Any:
    """A literal's value, folding the constant arithmetic tests write in call arguments.

    ``'ab' + 'cd'``, ``[1] + [2]`` (HumanEval/16), ``3 * 19``, ``0**0`` (HumanEval/25, /90),
    ``'a' * 3``: the values Python computes when the test runs, within small size bounds.

    Raises:
        ValueError: Anything else.
    """
    if isinstance(node, ast.BinOp):
        return _fold(node.op, _literal(node.left), _literal(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _literal(node.operand)
        if type(value) in (int, float):
            return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, (ast.List, ast.Tuple)) and not any(
            isinstance(e, ast.Starred) for e in node.elts):
        items = [_literal(e) for e in node.elts]  # ``[1, 0**0]`` (HumanEval/90)
        return items if isinstance(node, ast.List) else tuple(items)
    return ast.literal_eval(node)


def _fold(op: ast.operator, left: Any, right: Any) -> Any:
    numbers = (int, float)
    if type(left) in numbers and type(right) in numbers:
        if isinstance(op, ast.Pow):
            if type(right) is int and 0 <= right <= _MAX_BITS and \
                    (type(left) is float or abs(left).bit_length() * right <= _MAX_BITS):
                return left ** right
        elif isinstance(op, (ast.Add, ast.Sub, ast.Mult)):
            if type(left) is float or type(right) is float or \
                    left.bit_length() + right.bit_length() <= _MAX_BITS:
                return {ast.Add: lambda: left + right, ast.Sub: lambda: left - right,
                        ast.Mult: lambda: left * right}[type(op)]()
        elif isinstance(op, (ast.Div, ast.FloorDiv, ast.Mod)) and right != 0:
            return {ast.Div: lambda: left / right, ast.FloorDiv: lambda: left // right,
                    ast.Mod: lambda: left % right}[type(op)]()
        raise ValueError("not folded")
    sequences = (str, bytes, list, tuple)
    if isinstance(op, ast.Add) and type(left) is type(right) and type(left) in sequences \
            and len(left) + len(right) <= _MAX_LEN:
        return left + right
    if isinstance(op, ast.Mult):
        seq, times = (left, right) if type(right) is int else (right, left)
        if type(seq) in sequences and type(times) is int and len(seq) * max(times, 0) <= _MAX_LEN:
            return seq * times
    raise ValueError("not folded")


def _is_literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


class _Planner:
    """Walks statements and expressions in evaluation order, collecting the program's calls."""

    def __init__(self, program: Any, out: list[PlannedCall], alias: dict[str, str] | None = None,
                 shadowed: set[str] | None = None) -> None:
        self.program = program  # name -> bool: does this name stand for the program's object
        self.out = out
        self.alias = alias or {}
        self.shadowed = shadowed or set()

    # --- statements ---------------------------------------------------------------------------
    def statements(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self.statement(stmt)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assert):
            self.expr(stmt.test)
            if stmt.msg is not None and self.touches_program(stmt.msg):
                # The message runs only when the assert fails, which ends the test. HumanEval
                # repeats the assert's own call there (``..., str(candidate(x))``): such a call
                # gets the answer the same call already had. Any other call ends the plan.
                again: list[PlannedCall] = []
                _Planner(self.program, again, self.alias, self.shadowed).expr(stmt.msg)
                if not {c.key for c in again} <= {c.key for c in self.out}:
                    raise _Unplannable
        elif isinstance(stmt, ast.Expr) or (isinstance(stmt, ast.Assign) and all(
                isinstance(target, ast.Name) for target in stmt.targets)):
            self.expr(stmt.value)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass)):
            return
        elif isinstance(stmt, ast.FunctionDef) and not stmt.decorator_list and \
                not stmt.args.defaults and not any(stmt.args.kw_defaults):
            return  # a definition runs nothing of the program
        else:
            raise _Unplannable

    # --- expressions --------------------------------------------------------------------------
    def touches_program(self, node: ast.AST) -> bool:
        """Could evaluating ``node`` call into the program (directly or through a helper)?"""
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and self.program(sub.id):
                return True
            if isinstance(sub, ast.Call) and not self.trusted_callee(sub.func):
                return True
        return False

    def trusted_callee(self, func: ast.expr) -> bool:
        """A builtin or a standard-library module's attribute, not shadowed by the test."""
        while isinstance(func, ast.Attribute):
            func = func.value
            if isinstance(func, ast.Name):
                return func.id in _MODULES and func.id not in self.shadowed \
                    and not self.program(func.id)
        if isinstance(func, ast.Name):
            return func.id in builtins.__dict__ and func.id not in self.shadowed \
                and not self.program(func.id)
        return False

    def expr(self, node: ast.expr) -> None:
        if not self.touches_program(node):
            return
        if isinstance(node, ast.Call):
            self.call(node)
        elif isinstance(node, ast.Compare):
            self.expr(node.left)
            self.expr(node.comparators[0])
            # A chain stops at its first false link: later operands may never run.
            if any(self.touches_program(c) for c in node.comparators[1:]):
                raise _Unplannable
        elif isinstance(node, ast.BinOp):
            self.expr(node.left)
            self.expr(node.right)
        elif isinstance(node, ast.UnaryOp):
            self.expr(node.operand)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for elt in node.elts:
                self.expr(elt)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    raise _Unplannable
                self.expr(key)
                self.expr(value)
        elif isinstance(node, ast.Subscript):
            self.expr(node.value)
            self.expr(node.slice)
        elif isinstance(node, ast.Attribute):
            self.expr(node.value)
        elif isinstance(node, ast.Slice):
            for part in (node.lower, node.upper, node.step):
                if part is not None:
                    self.expr(part)
        else:  # names passed around, short-circuits, comprehensions, lambdas, f-strings...
            raise _Unplannable

    def call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and self.program(func.id):
            self.out.append(self.planned(func.id, node))
            return
        if not self.trusted_callee(func):
            raise _Unplannable
        if isinstance(func, ast.Attribute):
            self.expr(func)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise _Unplannable
            self.expr(arg)
        for keyword in node.keywords:
            if keyword.arg is None:
                raise _Unplannable
            self.expr(keyword.value)

    def planned(self, name: str, node: ast.Call) -> PlannedCall:
        if any(isinstance(a, ast.Starred) for a in node.args) or \
                any(k.arg is None for k in node.keywords):
            raise _Unplannable
        try:
            args = [_literal(a) for a in node.args]
            kwargs = {k.arg: _literal(k.value) for k in node.keywords}
            encoded_args = _codec.encode_strict(args)
            encoded_kwargs = _codec.encode_strict(kwargs)
        except (ValueError, TypeError, SyntaxError, ArithmeticError, MemoryError,
                RecursionError):
            raise _Unplannable from None  # not a literal, or not plain data
        handle = ("g", self.alias.get(name, name))
        return PlannedCall(handle, encoded_args, encoded_kwargs,
                           call_key(handle, encoded_args, encoded_kwargs))
