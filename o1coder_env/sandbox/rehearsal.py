"""Plans for test code the static planner cannot read: run it once against stand-in answers.

:mod:`o1coder_env.sandbox.call_plan` plans the calls of straight-line asserts with literal
arguments. Loops (``for x in range(2, 8): assert candidate(x, x + 1) == str(x)``), arguments
the test computes (``lst = list(range(-99, 100, 2))``) and random inputs (HumanEval/53 draws 100
pairs from its seeded ``random``) stop it, and the judge then makes every later call as its own
round trip to the box: 100 round trips for HumanEval/53.

A *rehearsal* runs the trusted test code here, before the real run, with every call into the
program recorded and answered by a :class:`Pending` stand-in instead of the box. The stand-in
lets the code go on only while nothing it does depends on an answer: arithmetic, comparison,
indexing, ``is``, ``type()``, ``id()``, ``callable()`` and the pure functions of ``math`` and
``cmath`` give another stand-in, and anything that would turn it into a concrete value or a
decision (truth, length, iteration, hashing, ``str``, ``float``, attributes, ``isinstance``)
ends the rehearsal there. An answer passed back to the program as it came (or a ``copy`` of it:
HumanEval/38's ``candidate(encode_cyclic(s))``, /32's ``poly(coeffs, candidate(coeffs))``) is
planned as a reference to that answer, ``{"__ref__": ["a", k]}``: the box passes its own k-th
answer, decoded afresh as the live judge would send it, and the judge checks that the call it
makes carries exactly that answer. Anything computed from an answer and passed to the program
ends the rehearsal. ``assert`` statements are rehearsed as their bare test expression, so a
stand-in is never asked whether the assert holds; a ``try`` or ``with`` statement ends the
rehearsal when reached (it could catch an exception that a real answer raises and a stand-in
does not). The calls recorded up to that point are the ones the real run makes, in that order,
as long as it passes: the same code with the same seeded ``random`` (the judge seeds it from
the test's code) and the same arguments.

The plan is a guess, not a promise. It is never *complete*: the judge still runs the test code
live, checks every call against the plan and goes on one call at a time at the first call that
differs (:class:`o1coder_env.sandbox.judge._Conversation`). A guess can still go wrong where the
test inspects an answer in a way no object can refuse (``sys.getsizeof(answer)`` deciding a
branch); the box then ran calls for nothing, whose time counts against the test's limit, and
the verdict is otherwise the live one. Two rehearsals are run and only the calls both made in
the same order are kept, so a test that draws from an unseeded source (``time``,
``random.Random()``) plans nothing past its first such draw.
"""

from __future__ import annotations

import ast
import cmath
import math
import types
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NoReturn

from o1coder_env.sandbox import _codec
from o1coder_env.sandbox.call_plan import CallPlan, PlannedCall, call_key, plan_calls

__all__ = ["Pending", "clear_rehearsals", "rehearsed_plan"]

#: At most this many calls are planned ahead: the box runs them back to back, wanted or not.
MAX_CALLS = 1000
#: And at most this many bytes of encoded arguments (the batch is one message to the box, and
#: the plans of the last :data:`CACHED` tests are kept: at most 64 MiB in all).
MAX_BYTES = 256 << 10
#: Plans kept, one per test code (a training run judges the same tests over and over).
CACHED = 256

#: ``call(handle, args, kwargs) -> answer``: what a program handle does when test code calls it.
RecordFn = Callable[[list[Any], Any, Any], Any]
#: ``namespace(record, code, call) -> globals`` for one run of the test code.
NamespaceFn = Callable[[RecordFn, str, str], dict[str, Any]]


class _Diverged(BaseException):
    """The rehearsal cannot go on without a real answer (or reached its bounds).

    A ``BaseException`` so that test code catching ``Exception`` does not swallow it.
    """


def _diverge(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise _Diverged


def _derived(_self: Pending, *_args: Any) -> Pending:
    return Pending()


def _itself(self: Pending, *_args: Any) -> Pending:
    return self


class Pending:
    """The answer of a call that has not been made: only operations that decide nothing work.

    Arithmetic, comparisons, indexing and ``abs``/``round`` give a new stand-in, one computed
    from an answer; everything that would decide something from the answer (truth, length,
    iteration, membership, hashing, conversion to ``str``/``int``/``float``, attribute access,
    ``isinstance``) ends the rehearsal. A ``copy`` or ``deepcopy`` of a stand-in is that same
    stand-in: passed to the program, either is the answer's value again.

    Attributes:
        _answer: The index of the recorded call this is the answer of, or -1 for a value
            computed from an answer (which cannot be passed to the program).
    """

    __slots__ = ("_answer",)
    _answer: int

    def __init__(self, answer: int = -1) -> None:
        object.__setattr__(self, "_answer", answer)

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _derived  # type: ignore[assignment]
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _derived
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _derived
    __pow__ = __rpow__ = __matmul__ = __rmatmul__ = __divmod__ = __rdivmod__ = _derived
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _derived
    __lshift__ = __rlshift__ = __rshift__ = __rrshift__ = _derived
    __neg__ = __pos__ = __abs__ = __invert__ = __round__ = __getitem__ = _derived
    __copy__ = __deepcopy__ = _itself
    __bool__ = __len__ = __iter__ = __contains__ = __hash__ = _diverge
    __index__ = __int__ = __float__ = __complex__ = __str__ = __repr__ = __format__ = _diverge
    __bytes__ = __reduce__ = __reduce_ex__ = __call__ = __setitem__ = __delitem__ = _diverge
    __getattr__ = __setattr__ = _diverge

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # isinstance() asks for it: the answer's type is unknown
        raise _Diverged


#: Names the rewritten test code calls (put in its globals; dunder names no test defines).
_IS = "__o1coder_is__"
_INSPECT = "__o1coder_inspect__"
_PLAIN = "__o1coder_plain__"
_STOP = "__o1coder_stop__"
_CALL = "__o1coder_call__"
#: Builtins that look at an object without asking it anything: a stand-in cannot refuse them.
_INSPECTING = frozenset({"type", "id", "callable"})
#: Builtins that read the frame they are called from: a call through :func:`_call` would give
#: them its own frame, so they are called as written.
_FRAME_READING = frozenset({"super", "locals", "vars", "globals", "dir", "eval", "exec",
                            "breakpoint"})
#: Modules whose functions depend on their arguments only and change nothing: applied to a
#: stand-in, they give a stand-in (``math.fabs(poly(xs, x)) < 1e-4``).
_PURE_MODULES = (math, cmath)


def _is(left: Any, right: Any, negate: bool) -> Any:
    """``left is right`` (``is not`` with ``negate``): undecided when either is a stand-in."""
    if type(left) is Pending or type(right) is Pending:
        return Pending()
    return (left is not right) if negate else (left is right)


def _inspect(function: Any, *args: Any) -> Any:
    """``function(*args)`` (``type``, ``id``, ``callable``): undecided on a stand-in."""
    if any(type(a) is Pending for a in args):
        return Pending()
    return function(*args)


def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``; a stand-in when a pure function is given a stand-in."""
    # Every call of the rehearsed code comes here (HumanEval/38 makes ~2,000 per rehearsal):
    # the common case, no stand-in among the arguments, is checked first and in C.
    if (Pending in map(type, args) or (kwargs and Pending in map(type, kwargs.values()))) and \
            type(function) is types.BuiltinFunctionType and \
            getattr(function, "__self__", None) in _PURE_MODULES:
        return Pending()
    return function(*args, **kwargs)


def _plain(value: Any) -> Any:
    """``value`` itself, unless it is a stand-in: then the rehearsal ends."""
    if type(value) is Pending:
        raise _Diverged
    return value


class _Rehearsable(ast.NodeTransformer):
    """The test code as it is rehearsed.

    ``assert test, msg`` becomes ``test``: the calls are made, nothing is decided from them.
    What a stand-in cannot refuse by itself gives a stand-in instead: ``is``/``is not`` with a
    stand-in on either side, and ``type()``, ``id()``, ``callable()`` of one (a decision taken
    from that stand-in then ends the rehearsal, as any other). A ``try`` or ``with`` statement
    ends it when reached: it may catch an exception that a real answer raises and a stand-in
    does not.
    """

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if not any(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
            return node
        if len(node.ops) == 1:
            negate = ast.Constant(isinstance(node.ops[0], ast.IsNot))
            return ast.copy_location(
                ast.Call(ast.Name(_IS, ast.Load()), [node.left, node.comparators[0], negate],
                         []), node)
        node.left = _guarded(node.left)  # a chain with ``is``: no stand-in anywhere in it
        node.comparators = [_guarded(c) for c in node.comparators]
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in _INSPECTING and \
                not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args):
            return ast.copy_location(
                ast.Call(ast.Name(_INSPECT, ast.Load()), [node.func, *node.args], []), node)
        if isinstance(node.func, ast.Name) and node.func.id in _FRAME_READING:
            return node
        return ast.copy_location(
            ast.Call(ast.Name(_CALL, ast.Load()), [node.func, *node.args], node.keywords), node)

    def visit_Assert(self, node: ast.Assert) -> ast.AST:
        return ast.copy_location(ast.Expr(self.visit(node.test)), node)

    def _stop_first(self, node: ast.stmt) -> list[ast.stmt]:
        self.generic_visit(node)
        stop = ast.Expr(ast.Call(ast.Name(_STOP, ast.Load()), [], []))
        return [ast.copy_location(stop, node), node]

    visit_Try = visit_With = visit_AsyncWith = _stop_first
    if hasattr(ast, "TryStar"):  # Python 3.11+
        visit_TryStar = _stop_first


def _guarded(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Starred):
        return node
    return ast.copy_location(ast.Call(ast.Name(_PLAIN, ast.Load()), [node], []), node)


def _recording(calls: list[PlannedCall], budget: list[int],
               handle_of: Callable[[Any], Any]) -> RecordFn:
    """A program handle's call function that records each call and answers :class:`Pending`."""

    def record(handle: list[Any], args: Any, kwargs: Any) -> Pending:
        if len(calls) >= MAX_CALLS:
            raise _Diverged
        refers = False

        def reference(value: Any) -> Any:
            nonlocal refers
            if type(value) is Pending:
                if value._answer < 0:
                    raise _Diverged  # computed from an answer: its value is unknown here
                refers = True
                return ["a", value._answer]
            return handle_of(value)

        try:
            a = _codec.encode_strict(list(args), reference)
            kw = _codec.encode_strict(dict(kwargs), reference)
        except (_codec.Unserializable, RecursionError):  # a stand-in (or an object) inside
            raise _Diverged from None
        key = call_key(handle, a, kw)
        budget[0] -= len(key)
        if budget[0] < 0:
            raise _Diverged
        calls.append(PlannedCall((str(handle[0]), str(handle[1])), a, kw, key, refers))
        return Pending(len(calls) - 1)

    return record


def _rehearse(code: str, call: str, namespace: NamespaceFn,
              handle_of: Callable[[Any], Any]) -> list[PlannedCall]:
    """The calls one rehearsal of the test records before it diverges or ends."""
    try:
        tree = _Rehearsable().visit(ast.parse(code))
        body = compile(ast.fix_missing_locations(tree), "<rehearsal>", "exec", dont_inherit=True)
        expression = compile(call, "<rehearsal-call>", "eval", dont_inherit=True) \
            if call.strip() else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    calls: list[PlannedCall] = []
    ns = namespace(_recording(calls, [MAX_BYTES], handle_of), code, call)
    ns.update({_IS: _is, _INSPECT: _inspect, _PLAIN: _plain, _STOP: _diverge, _CALL: _call})
    try:
        exec(body, ns)
        if expression is not None:
            eval(expression, ns)
    except KeyboardInterrupt:
        raise
    except BaseException:  # any stop ends the rehearsal; the calls so far stand
        pass
    return calls


@lru_cache(maxsize=CACHED)
def _cached(code: str, call: str, namespace: NamespaceFn,
            handle_of: Callable[[Any], Any]) -> CallPlan:
    static = plan_calls(code, call)
    if static.complete:
        return static
    first = _rehearse(code, call, namespace, handle_of)
    second = _rehearse(code, call, namespace, handle_of)
    agreed: list[PlannedCall] = []
    for one, other in zip(first, second, strict=False):
        if one.key != other.key:
            break
        agreed.append(one)
    if len(agreed) <= len(static.calls) or \
            [c.key for c in agreed[:len(static.calls)]] != [c.key for c in static.calls]:
        return static  # the rehearsal found nothing more (or disagrees with the static plan)
    return CallPlan(tuple(agreed), complete=False)


def clear_rehearsals() -> None:
    """Forget every rehearsal kept (see :func:`rehearsed_plan`)."""
    _cached.cache_clear()


def rehearsed_plan(code: str, call: str, namespace: NamespaceFn,
                   handle_of: Callable[[Any], Any]) -> CallPlan:
    """The static plan when it is complete; else the calls two rehearsals agree on, if longer.

    Args:
        code: The test code.
        call: The expression run after it (``check(<entry_point>)``), or ``""``.
        namespace: Builds the globals the test code runs in, given the function its program
            handles call, the code and the call (the judge's own test namespace, with the
            ``random`` it seeds from the code). Must be the same object on every call for the
            result to be cached.
        handle_of: The handle of a program object passed as an argument (as the judge
            encodes it), or None for a value that is not one.

    Returns:
        A plan: complete only when the static planner read the whole test; otherwise a
        guess that the judge checks call by call.
    """
    return _cached(code, call, namespace, handle_of)
