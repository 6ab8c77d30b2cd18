"""The trusted judge: runs assert-style test code outside the box, calling into it by proxy.

A HumanEval ``check(candidate)`` or an MBPP ``assert f(x) == v`` holds expected values in its
code, so the code must not run where the program does. The judge runs it here, in the parent, in
a namespace where every name the test code does not define itself (and that is not a builtin or a
standard-library module) is a :class:`ProgramRef`: a handle on the program's global of that name.
Calling a handle sends only the call's encoded arguments to the box, where the program's function
runs; the box answers with the encoded return value, which is decoded here into plain data (no
object whose methods the program wrote), or with a new handle when the value is not plain data
(MBPP's ``Pair(5, 24)``). A handle compares by identity only, so a program cannot make a
comparison true by what it returns. The verdict is what the test code does with those values:
it runs to the end (passed), raises ``AssertionError`` (failed) or raises anything else (error).

The test code is trusted. The values the program returns are not: they are bounded by the codec
(100 levels, 2,000,000 nodes, 64 MiB per frame) and are plain data. A test whose own loop length
depends on a returned value runs as long as the value says (no benchmark's test does that).

Test code that draws random inputs (HumanEval/38, /50, /53 use ``random`` unseeded) gets a
``random`` module of its own, seeded from the test's code: the same test draws the same inputs
on every run, so a verdict is reproducible, and judging never moves the global ``random`` state
of the process it runs in (a trainer's seeded stream).
"""

from __future__ import annotations

import builtins
import hashlib
import importlib
import random
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import Any

from o1coder_env.sandbox import _codec
from o1coder_env.sandbox.call_plan import CallPlan, answered_key, call_key, plan_calls
from o1coder_env.sandbox.rehearsal import clear_rehearsals, rehearsed_plan

__all__ = ["JudgeVerdict", "ProgramRef", "Stopped", "clear_test_caches", "judge_answered_test",
           "judge_assert_test"]

#: Standard-library modules the judge will import for test code that uses one without importing
#: it (MBPP's ``sys.getsizeof``, ``math.isclose``: the original asserts ran after the program's
#: own imports). Modules with side effects on import are left out.
_IMPORTABLE = frozenset(sys.stdlib_module_names) - {"antigravity", "this", "__future__"}


class Stopped(BaseException):
    """The box stopped mid-test (timeout, crash, output limit): the test code must not go on.

    A ``BaseException`` so that test code catching ``Exception`` does not swallow it.
    """


class ProgramError(Exception):
    """A call into the program raised an exception of a type that is not a builtin."""


@dataclass(frozen=True)
class JudgeVerdict:
    """What the test code did.

    Attributes:
        status: ``"pass"``, ``"fail"``, ``"error"`` or ``"stopped"`` (the box stopped mid-test).
        etype: The exception type name, for ``fail``/``error``.
        msg: The exception message.
    """

    status: str
    etype: str = ""
    msg: str = ""


#: ``call(handle, args, kwargs) -> reply``: one round trip to the box (see ``Sandbox``).
CallFn = Callable[[list[Any], Any, Any], dict[str, Any]]


class ProgramRef:
    """A handle on an object that lives in the program's box (a function, a class, an instance).

    Calling it runs the call in the box. It has no other behaviour: equality is identity,
    attributes and iteration are refused, so test code can only pass it around or call it.
    """

    __slots__ = ("_call", "_handle", "_name")

    def __init__(self, call: CallFn, handle: list[Any], name: str) -> None:
        self._call = call
        self._handle = handle
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the object in the box; its return value decoded (or a handle)."""
        return self._call(self._handle, args, kwargs)

    def __repr__(self) -> str:
        return f"<program object {self._name}>"


def private_random(code: str, call: str = "") -> types.ModuleType:
    """A ``random`` module for one run of a test's code, seeded from that code.

    Its module-level functions (``randint``, ``choice``, ``seed``...) draw from a generator of
    its own; everything else (``Random``, ``SystemRandom``...) is the real module's.

    Args:
        code: The test code.
        call: The expression run after it.

    Returns:
        A fresh module: each run of the same test starts from the same state.
    """
    digest = hashlib.sha256(f"{code}\0{call}".encode("utf-8", "surrogatepass")).digest()
    generator = random.Random(int.from_bytes(digest[:8], "big"))
    shared = random._inst  # the module functions' generator
    module = types.ModuleType("random", random.__doc__)
    for name, value in vars(random).items():
        if getattr(value, "__self__", None) is shared:
            value = getattr(generator, name)
        module.__dict__.setdefault(name, value)
    module._inst = generator  # type: ignore[attr-defined]
    return module


def _builtins_importing(own: Callable[[str], types.ModuleType | None]) -> dict[str, Any]:
    """The builtins, with an ``__import__`` that gives ``own(name)`` where it is a module."""
    real_import = builtins.__import__

    def import_(name: str, globals: Any = None, locals: Any = None,
                fromlist: Any = (), level: int = 0) -> Any:
        module = own(name) if level == 0 else None
        if module is not None:
            return module
        return real_import(name, globals, locals, fromlist, level)

    namespace = dict(builtins.__dict__)
    namespace["__import__"] = import_
    return namespace


class _TestGlobals(dict):
    """Test code's globals: unknown names become handles on the program's globals."""

    def __init__(self, call: CallFn, code: str = "", call_expr: str = "") -> None:
        super().__init__(__builtins__=_builtins_importing(self._own), __name__="__test__")
        self._call = call
        self._source = (code, call_expr)
        self._random: types.ModuleType | None = None

    def _own(self, name: str) -> types.ModuleType | None:
        """The test's own module of that name (``random``, made when first asked), or None."""
        if name != "random":
            return None
        if self._random is None:  # most tests never draw: no generator for them
            self._random = private_random(*self._source)
        return self._random

    def __missing__(self, name: str) -> Any:
        if name in builtins.__dict__:
            raise KeyError(name)  # the interpreter then looks in the builtins
        own = self._own(name)
        if own is not None:
            self[name] = own
            return own
        if name in _IMPORTABLE:
            try:
                value: Any = importlib.import_module(name)
            except ImportError:
                value = None
            if value is not None:
                self[name] = value
                return value
        ref = ProgramRef(self._call, ["g", name], name)
        self[name] = ref
        return ref


class _Conversation:
    """Encodes calls for the box and decodes its answers.

    With a plan (:mod:`o1coder_env.sandbox.call_plan`) the planned calls are sent in one
    ``batch`` message before the test code runs; the box streams one answer per call, and each
    is read when the test code makes the matching call. A call that does not match the next
    planned one first waits for the planned answers still due, then goes live.
    """

    def __init__(self, roundtrip: Callable[[dict[str, Any]], dict[str, Any]],
                 plan: CallPlan | None = None,
                 send: Callable[[dict[str, Any]], None] | None = None,
                 receive: Callable[[], dict[str, Any]] | None = None) -> None:
        self.roundtrip = roundtrip
        self.stopped = False
        # Planned calls need both halves of the round trip; without them every call is live.
        self.call_plan = plan if plan is not None and send is not None and receive is not None \
            else CallPlan()
        self.plan = self.call_plan.calls
        self.send = send
        self.receive = receive
        self.next = 0  # index of the next planned call
        self.answers: list[dict[str, Any]] = []  # the box's replies to the planned calls made
        self.due = 0  # planned answers the box still owes
        self.memo: dict[str, dict[str, Any]] | None = None  # see judge_answered_test

    def start(self) -> None:
        """Send the planned calls, if any."""
        if self.plan and self.send is not None:
            self.send({"t": "batch", "calls": self.call_plan.messages()})
            self.due = len(self.plan)

    def settle(self) -> None:
        """Read (and drop) the planned answers still due: the box is then free for live calls."""
        while self.due and self.receive is not None:
            self.due -= 1
            if self.receive().get("t") != "ret":
                self.stopped = True
                self.due = 0

    def call(self, handle: list[Any], args: Any, kwargs: Any) -> Any:
        if self.stopped:
            raise Stopped
        try:
            a = _codec.encode_strict(list(args), _handle_of)
            kw = _codec.encode_strict(dict(kwargs), _handle_of)
        except _codec.Unserializable as exc:
            raise TypeError(f"cannot pass this argument to the program: {exc}") from None
        key = call_key(handle, a, kw) if self.plan else ""
        if self.due and self.receive is not None and \
                answered_key(self.plan[self.next], self.answers) == key:
            self.due -= 1
            self.next += 1
            reply = self.receive()
            self.answers.append(reply)
            if self.memo is not None:
                self.memo.setdefault(key, reply)
        elif self.memo is not None and key in self.memo:
            reply = self.memo[key]  # a failing assert's message repeating an earlier call
        else:
            self.settle()
            if self.stopped:
                raise Stopped
            reply = self.roundtrip({"t": "call", "f": handle, "a": a, "kw": kw})
        kind = reply.get("t")
        if kind != "ret":
            self.stopped = True
            self.due = 0  # a box that stopped answers nothing more
            raise Stopped
        r = reply.get("r")
        if r == "value":
            try:
                return _codec.decode_strict(reply.get("v"))
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                raise ProgramError(f"the program returned malformed data: {exc}") from None
        if r == "ref":
            h = reply.get("h")
            if not (type(h) is list and len(h) == 2 and h[0] == "o" and type(h[1]) is int):
                raise ProgramError("the program returned a malformed handle")
            return ProgramRef(self.call, h, f"of type {str(reply.get('type', '?'))[:100]}")
        if r == "raise":
            raise _rebuild_exception(str(reply.get("etype", "")), str(reply.get("msg", "")))
        raise ProgramError(f"unexpected reply {r!r} from the box")


def _rebuild_exception(etype: str, msg: str) -> Exception:
    """The program's exception as the judge sees it: a builtin type by name, else ProgramError.

    Never a ``BaseException`` outside ``Exception`` (a program's ``SystemExit`` must not stop
    the judge), never a class the program defined.
    """
    cls = builtins.__dict__.get(etype)
    if isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == "builtins":
        try:
            return cls(msg)
        except Exception:  # a builtin whose constructor wants other arguments
            pass
    return ProgramError(f"{etype}: {msg}")


def _handle_of(value: Any) -> Any:
    """How a program object passed back as an argument is sent: its handle (else not at all)."""
    return value._handle if type(value) is ProgramRef else None


@lru_cache(maxsize=1024)
def _compiled(source: str, filename: str, mode: str) -> CodeType:
    """Compile trusted test code once: RL runs judge the same task's tests for many samples."""
    return compile(source, filename, mode, dont_inherit=True)


def clear_test_caches() -> None:
    """Forget what the judge keeps per test: compiled test code, call plans, rehearsals.

    They are kept because a trainer judges each task's tests for many samples and pays their
    planning once. A benchmark that wants every pass to pay it, as a first pass does, calls
    this between passes.
    """
    _compiled.cache_clear()
    plan_calls.cache_clear()
    clear_rehearsals()


def judge_assert_test(code: str, call: str,
                      roundtrip: Callable[[dict[str, Any]], dict[str, Any]], *,
                      send: Callable[[dict[str, Any]], None] | None = None,
                      receive: Callable[[], dict[str, Any]] | None = None) -> JudgeVerdict:
    """Run one assert test's code here, calling the program through ``roundtrip``.

    Args:
        code: The test code (assert statements, or HumanEval's ``def check(candidate)``).
        call: An expression evaluated after ``code`` (HumanEval: ``check(<entry_point>)``).
        roundtrip: Sends one call request to the box and returns its reply (``{"t": "ret"}``
            with a value, a handle or an exception; anything else means the box stopped).
        send: With ``receive``: the two halves of ``roundtrip``. When both are given, the calls
            the test will make first are sent at once as a ``batch`` and their answers read as
            the test reaches them: those the static planner is sure of
            (:func:`~o1coder_env.sandbox.call_plan.plan_calls`), else those a rehearsal of the
            code found (:func:`~o1coder_env.sandbox.rehearsal.rehearsed_plan`), which the
            judge checks call by call.
        receive: Reads the box's next answer (see ``send``).

    Returns:
        The verdict of the test code.
    """
    # A plan needs both halves of the round trip (see _Conversation); without them, no rehearsal.
    plan = rehearsed_plan(code, call, _TestGlobals, _handle_of) \
        if send is not None and receive is not None else None
    return _run_test_code(code, call, _Conversation(roundtrip, plan, send, receive))


def judge_answered_test(code: str, call: str, answers: list[Any]) -> JudgeVerdict:
    """Run one assert test's code here against answers the box already gave, in order.

    For a test whose :func:`~o1coder_env.sandbox.call_plan.plan_calls` plan is complete: the box
    ran the planned calls by itself and ``answers`` holds its replies (fewer than planned when
    it stopped). The test code then runs as if each call had been made live: it fails at the
    first wrong answer as it would have, and where it needs an answer the box never gave, the
    verdict is ``"stopped"``. A failing assert's message that repeats an earlier call (HumanEval's
    ``..., str(candidate(x))``) gets that call's answer: only the message can differ from a live
    run, never the verdict.

    Args:
        code: The test code.
        call: The expression run after it.
        answers: The box's replies (``{"t": "ret", ...}``), one per planned call made.

    Returns:
        The verdict of the test code.
    """
    queue = iter(answers)

    def receive() -> dict[str, Any]:
        return next(queue, {"t": "stopped"})

    def nothing_live(_msg: dict[str, Any]) -> dict[str, Any]:
        return {"t": "stopped"}  # a complete plan leaves no call to make live

    conversation = _Conversation(nothing_live, plan_calls(code, call), lambda _msg: None, receive)
    conversation.memo = {}
    return _run_test_code(code, call, conversation)


def _run_test_code(code: str, call: str, conversation: _Conversation) -> JudgeVerdict:
    ns = _TestGlobals(conversation.call, code, call)
    try:
        conversation.start()
        exec(_compiled(code, "<test>", "exec"), ns)
        if call:
            eval(_compiled(call, "<test-call>", "eval"), ns)
    except Stopped:
        return JudgeVerdict("stopped")
    except AssertionError as exc:
        return JudgeVerdict("fail", "AssertionError", _describe(exc))
    except Exception as exc:
        return JudgeVerdict("error", type(exc).__name__, _describe(exc))
    if conversation.stopped:  # test code that swallowed the stop did not finish honestly
        return JudgeVerdict("stopped")
    return JudgeVerdict("pass")


def _describe(exc: BaseException) -> str:
    try:
        return str(exc)[:1000]
    except Exception:
        return "(unprintable exception)"
