"""The task record and its test cases: the data every other part of o1coder reads.

A :class:`Task` is one programming problem. Its tests are *data* (inputs and expected outputs),
so that the sandbox can decide pass/fail in the parent process without ever showing the expected
answers to the program under test. Tests that cannot be expressed as data (assert code from an
outside benchmark) are kept verbatim as :attr:`TestKind.ASSERT` tests, run by the sandbox's
trusted judge outside the box, and flagged as weaker.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

__all__ = [
    "EQUALITY_RULES",
    "ReasoningSteps",
    "Task",
    "TaskStyle",
    "TestCase",
    "TestKind",
]


class TaskStyle(str, enum.Enum):
    """How a task's program is called.

    ``CALL``: the program defines a function (the task's ``entry_point``) that tests call with
    arguments and whose return value is compared. ``STDIO``: the program reads standard input and
    writes standard output.
    """

    CALL = "call"
    STDIO = "stdio"


class TestKind(str, enum.Enum):
    """The three kinds of test case.

    ``CALL``: ``entry_point(*args)`` must return ``expected``.
    ``STDIO``: the program fed ``stdin`` must print ``expected`` (a string).
    ``ASSERT``: ``code`` (assert statements or a HumanEval ``check(candidate)``) must run without
    raising. The sandbox's trusted judge runs it outside the box, calling the program's functions
    by proxy; weaker than data tests only in that its verdict is whatever the code checks.
    """

    __test__ = False  # not a pytest test class

    CALL = "call"
    STDIO = "stdio"
    ASSERT = "assert"


#: Rules for comparing a call test's return value (see :attr:`TestCase.equality`).
EQUALITY_RULES = ("strict", "python")


@dataclass(frozen=True)
class TestCase:
    """One test: data in, data out (or assert code for the weaker kind).

    Attributes:
        kind: Which kind of test this is.
        args: Positional arguments for a ``CALL`` test (plain Python data).
        stdin: Standard input for a ``STDIO`` test.
        expected: The expected return value (``CALL``) or standard output (``STDIO``).
        code: Test code for an ``ASSERT`` test; it may refer to the entry point by name or, for
            HumanEval, define ``check(candidate)`` (see ``call``).
        call: For ``ASSERT`` tests, an optional expression that runs the check after ``code``
            (HumanEval: ``"check(candidate)"``).
        timeout_s: Per-test time limit in seconds; ``None`` takes the sandbox default.
        origin: The assert string this test was converted from, when it came from one.
        equality: How a ``CALL`` test's return value is compared: ``"strict"`` (default: exact
            types, floats within 1e-9) or ``"python"`` (Python's ``==``, for tests converted
            from ``assert f(x) == v``, where ``7 == 7.0`` held). See ``docs/sandbox.md``.
    """

    __test__ = False  # not a pytest test class

    kind: TestKind
    args: tuple[Any, ...] = ()
    stdin: str = ""
    expected: Any = None
    code: str = ""
    call: str = ""
    timeout_s: float | None = None
    origin: str = ""
    equality: str = "strict"

    def __post_init__(self) -> None:
        kind = TestKind(self.kind)
        object.__setattr__(self, "kind", kind)
        if not isinstance(self.args, tuple):
            object.__setattr__(self, "args", tuple(self.args))
        if kind is TestKind.STDIO and not isinstance(self.expected, str):
            raise TypeError(f"a stdio test needs a string 'expected', got {type(self.expected)}")
        if kind is TestKind.ASSERT and not self.code.strip():
            raise ValueError("an assert test needs non-empty 'code'")
        if self.equality not in EQUALITY_RULES:
            raise ValueError(f"equality must be one of {EQUALITY_RULES}, got {self.equality!r}")
        if self.equality != "strict" and kind is not TestKind.CALL:
            raise ValueError(f"equality={self.equality!r} applies to call tests only, "
                             f"not {kind.value} tests")

    @classmethod
    def call_case(cls, args: Iterable[Any], expected: Any, **extra: Any) -> TestCase:
        """Build a function-call test ``f(*args) == expected``."""
        return cls(kind=TestKind.CALL, args=tuple(args), expected=expected, **extra)

    @classmethod
    def stdio_case(cls, stdin: str, expected: str, **extra: Any) -> TestCase:
        """Build a standard input/output test."""
        return cls(kind=TestKind.STDIO, stdin=stdin, expected=expected, **extra)

    @classmethod
    def assert_case(cls, code: str, call: str = "", **extra: Any) -> TestCase:
        """Build an assert-code test (kept verbatim from an outside benchmark)."""
        return cls(kind=TestKind.ASSERT, code=code, call=call, **extra)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (tuples become lists; see :func:`encode_value`)."""
        out: dict[str, Any] = {"kind": self.kind.value}
        if self.kind is TestKind.CALL:
            out["args"] = [encode_value(a) for a in self.args]
            out["expected"] = encode_value(self.expected)
        elif self.kind is TestKind.STDIO:
            out["stdin"] = self.stdin
            out["expected"] = self.expected
        else:
            out["code"] = self.code
            if self.call:
                out["call"] = self.call
        if self.timeout_s is not None:
            out["timeout_s"] = self.timeout_s
        if self.origin:
            out["origin"] = self.origin
        if self.equality != "strict":  # omitted when default, so older files read the same
            out["equality"] = self.equality
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TestCase:
        """Inverse of :meth:`to_dict`."""
        kind = TestKind(data["kind"])
        common = {"timeout_s": data.get("timeout_s"), "origin": data.get("origin", "")}
        if kind is TestKind.CALL:
            return cls.call_case(
                [decode_value(a) for a in data.get("args", [])],
                decode_value(data.get("expected")),
                equality=data.get("equality", "strict"),
                **common,
            )
        if kind is TestKind.STDIO:
            return cls.stdio_case(data.get("stdin", ""), data["expected"], **common)
        return cls.assert_case(data["code"], data.get("call", ""), **common)

    def fingerprint(self) -> str:
        """A stable hash of the test's content (used by result caches)."""
        blob = json.dumps(self.to_dict(), sort_keys=True, default=repr)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ReasoningSteps:
    """Reference reasoning in the paper's protocol: an outline, then refinements.

    Attributes:
        outline: Action 1, the structure of the solution in pseudocode.
        refinements: Action 2, one or more refinements that add detail.
    """

    outline: str
    refinements: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.refinements, tuple):
            object.__setattr__(self, "refinements", tuple(self.refinements))

    def as_list(self) -> list[str]:
        """The steps in order: outline first, then each refinement."""
        return [self.outline, *self.refinements]


@dataclass(frozen=True)
class Task:
    """One programming problem.

    Attributes:
        task_id: Unique id, prefixed by its source (``"builtin/..."``, ``"HumanEval/0"``,
            ``"mbpp/601"``).
        problem: The problem statement in natural language.
        style: ``call`` (implement ``entry_point``) or ``stdio`` (read stdin, print stdout).
        entry_point: Function name for call-style tasks.
        signature: The function's signature line (``def f(xs: list[int]) -> int:``), if known.
        prompt: Starter code or prompt text. For HumanEval this is the function header and
            docstring that a completion is appended to.
        public_tests: Tests an agent may see and run.
        hidden_tests: Tests used for evaluation only; never shown to an agent.
        reference_solution: A complete program that passes all tests, if known.
        reference_steps: Reference reasoning (outline + refinements), if known.
        setup_code: Code run before each test (MBPP's ``test_setup_code``), usually empty.
        source: The loader that produced the task (``builtin``, ``humaneval``...).
        split: The split the task belongs to (``train``, ``test``, ``validation``, ``prompt``).
        difficulty: ``easy``, ``medium``, ``hard`` or ``None``.
        tags: Topic tags.
        metadata: Anything else a loader keeps (JSON-ready).
    """

    task_id: str
    problem: str
    style: TaskStyle = TaskStyle.CALL
    entry_point: str | None = None
    signature: str | None = None
    prompt: str = ""
    public_tests: tuple[TestCase, ...] = ()
    hidden_tests: tuple[TestCase, ...] = ()
    reference_solution: str | None = None
    reference_steps: ReasoningSteps | None = None
    setup_code: str = ""
    source: str = ""
    split: str = ""
    difficulty: str | None = None
    tags: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "style", TaskStyle(self.style))
        for name in ("public_tests", "hidden_tests", "tags"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        if not self.task_id:
            raise ValueError("a task needs a non-empty task_id")
        if self.style is TaskStyle.CALL and not self.entry_point:
            raise ValueError(f"call-style task {self.task_id!r} needs an entry_point")

    @property
    def all_tests(self) -> tuple[TestCase, ...]:
        """Public tests followed by hidden tests."""
        return self.public_tests + self.hidden_tests

    def tests(self, which: str) -> tuple[TestCase, ...]:
        """Return the tests of one set: ``"public"``, ``"hidden"`` or ``"all"``."""
        if which == "public":
            return self.public_tests
        if which == "hidden":
            return self.hidden_tests
        if which == "all":
            return self.all_tests
        raise ValueError(f"unknown test set {which!r}; expected 'public', 'hidden' or 'all'")

    def agent_view(self) -> dict[str, Any]:
        """What a fair agent may see: the problem, the prompt and the public tests only."""
        return {
            "task_id": self.task_id,
            "problem": self.problem,
            "style": self.style.value,
            "entry_point": self.entry_point,
            "signature": self.signature,
            "prompt": self.prompt,
            "public_tests": [t.to_dict() for t in self.public_tests],
        }

    def public_copy(self) -> Task:
        """A copy with everything an agent must not see removed.

        Hidden tests, the reference solution, the reference reasoning steps and the metadata
        (which loaders may fill with anything) are dropped; the problem, the prompt, the
        public tests and the setup code (which every program runs with) stay. What
        ``o1coder serve`` sends a client as the episode's task (``get_task``).
        """
        return self.with_changes(hidden_tests=(), reference_solution=None,
                                 reference_steps=None, metadata={})

    def with_changes(self, **changes: Any) -> Task:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict in the documented ``jsonl`` schema."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("public_tests", "hidden_tests"):
                value = [t.to_dict() for t in value]
            elif f.name == "reference_steps":
                value = (
                    None if value is None
                    else {"outline": value.outline, "refinements": list(value.refinements)}
                )
            elif f.name == "style":
                value = value.value
            elif f.name == "tags":
                value = list(value)
            elif f.name == "metadata":
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Task:
        """Inverse of :meth:`to_dict` (no validation beyond the dataclass's own)."""
        kwargs = dict(data)
        kwargs["public_tests"] = tuple(TestCase.from_dict(t) for t in data.get("public_tests", ()))
        kwargs["hidden_tests"] = tuple(TestCase.from_dict(t) for t in data.get("hidden_tests", ()))
        steps = data.get("reference_steps")
        kwargs["reference_steps"] = (
            None if steps is None
            else ReasoningSteps(steps["outline"], tuple(steps.get("refinements", ())))
        )
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in kwargs.items() if k in known})


# --- JSON encoding of plain Python values --------------------------------------------------------
# JSON has no tuples, sets, bytes or non-string keys, but test values need them (a function that
# must return a tuple is wrong if it returns a list). Such values are wrapped in a one-key object
# {"__tuple__": [...]}, {"__set__": [...]}, {"__dict__": [[k, v], ...]}, {"__bytes__": "hex"},
# {"__float__": "nan" | "inf" | "-inf"}, {"__complex__": [re, im]}... The codec is the sandbox's
# (o1coder_env/sandbox/_codec.py: standard library only, so the box loads it by path); it is
# imported when first used because the sandbox package imports this module.


def encode_value(value: Any) -> Any:
    """Encode a plain Python value as JSON-ready data, keeping tuples, sets and dict keys.

    The canonical form of the one value codec (``encode_strict(value, canonical=True)``): only
    values of exactly the plain types are data.

    Raises:
        TypeError: For values that are not plain data (objects, functions, subclasses...).
    """
    from o1coder_env.sandbox import _codec

    try:
        return _codec.encode_strict(value, canonical=True)
    except _codec.Unserializable as exc:
        raise TypeError(f"cannot encode as test data: {exc}") from None


def decode_value(data: Any) -> Any:
    """Inverse of :func:`encode_value` (reads every form the codec writes).

    Raises:
        ValueError: For malformed tagged data.
    """
    from o1coder_env.sandbox import _codec

    return _codec.decode_strict(data)
