"""The Test Case Generator interface, shared helpers, and a per-task cache.

Every generator answers one question: *given a task (and optionally a program whose behaviour
defines the truth), which test cases should a solution pass?* The answer is a list of
:class:`~o1coder_env.tasks.TestCase` data records, so the rest of o1coder (sandbox, rewards, env)
uses generated tests exactly like a task's own tests.
"""

from __future__ import annotations

import ast
import json
import threading
from typing import Protocol, runtime_checkable

from o1coder_env.tasks.model import Task, TaskStyle, TestCase, TestKind, encode_value

__all__ = [
    "CachingTCG",
    "FixedTCG",
    "TestCaseGenerator",
    "call_from_assert",
    "check_n",
    "input_key",
    "reference_code",
    "seed_inputs",
]


@runtime_checkable
class TestCaseGenerator(Protocol):
    """Anything with ``generate(task, code=None, n=10) -> list[TestCase]``.

    ``code`` is the program whose behaviour defines the expected outputs (default: the task's
    reference solution). Implementations return at most ``n`` tests, never the task's hidden tests.
    """

    def generate(self, task: Task, code: str | None = None, n: int = 10) -> list[TestCase]:
        """Return up to ``n`` test cases for ``task``."""
        ...


def reference_code(task: Task, code: str | None) -> str:
    """The program that defines the truth: ``code`` when given, else the task's reference.

    Raises:
        ValueError: If neither exists (a generator that needs outputs cannot work then).
    """
    if code is not None:
        if not code.strip():
            raise ValueError(f"{task.task_id}: the code given to compute expected outputs is empty")
        return code
    if not task.reference_solution:
        raise ValueError(
            f"{task.task_id}: no reference_solution and no code given; reference-based test "
            "generation needs a program to compute expected outputs"
        )
    return task.reference_solution


def input_key(test: TestCase) -> str:
    """A hashable key of a test's *input* only (args or stdin), for de-duplication."""
    if test.kind is TestKind.CALL:
        return "call:" + json.dumps(encode_value(test.args), sort_keys=True)
    if test.kind is TestKind.STDIO:
        return "stdio:" + test.stdin
    return "assert:" + test.code + "\n" + test.call


def call_from_assert(code: str, entry_point: str) -> TestCase | None:
    """Turn ``assert f(1, 2) == 3`` (MBPP style) into a call test, when it is plain data.

    Also accepts ``assert 3 == f(1, 2)`` and ``assert f(x)`` / ``assert not f(x)`` (expected
    ``True``/``False``). Returns ``None`` for anything whose arguments or expected value are not
    literals (those stay assert tests).
    """
    try:
        tree = ast.parse(code.strip())
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assert):
        return None
    test = tree.body[0].test

    def as_call(node: ast.AST) -> ast.Call | None:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == entry_point
            and not node.keywords
            and not any(isinstance(a, ast.Starred) for a in node.args)
        ):
            return node
        return None

    call: ast.Call | None
    expected_node: ast.AST | None
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        left, right = test.left, test.comparators[0]
        call, expected_node = (as_call(left), right) if as_call(left) else (as_call(right), left)
        if call is None:
            return None
        try:
            expected = ast.literal_eval(expected_node)
        except (ValueError, SyntaxError, TypeError):
            return None
    elif as_call(test) is not None:
        call, expected = as_call(test), True
    elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and as_call(test.operand):
        call, expected = as_call(test.operand), False
    else:
        return None
    assert call is not None
    try:
        args = tuple(ast.literal_eval(a) for a in call.args)
    except (ValueError, SyntaxError, TypeError):
        return None
    return TestCase.call_case(args, expected, origin=code.strip())


def seed_inputs(task: Task, which: str = "public") -> list[TestCase]:
    """The task's tests whose inputs seed generation, as data tests (asserts converted).

    Args:
        task: The task.
        which: ``"public"`` (default: the fair choice, hidden tests stay unseen), ``"hidden"`` or
            ``"all"``.

    Returns:
        ``CALL`` tests for call-style tasks, ``STDIO`` tests for stdio tasks; assert tests that
        cannot be read as data are skipped.
    """
    out: list[TestCase] = []
    for test in task.tests(which):
        if test.kind is TestKind.ASSERT and task.style is TaskStyle.CALL and task.entry_point:
            converted = call_from_assert(test.code, task.entry_point)
            if converted is not None:
                out.append(converted)
        elif (test.kind is TestKind.CALL and task.style is TaskStyle.CALL) or (
            test.kind is TestKind.STDIO and task.style is TaskStyle.STDIO
        ):
            out.append(test)
    return out


class CachingTCG:
    """Wrap a generator so that each (task, code, n) is generated once (thread-safe).

    The env's ``tcg`` reward source uses this so that every episode of a task is scored against
    the same generated tests.

    Args:
        generator: The generator to wrap.
        max_entries: Oldest entries are dropped past this many.
    """

    def __init__(self, generator: TestCaseGenerator, max_entries: int = 4096) -> None:
        if max_entries <= 0:
            raise ValueError(f"max_entries must be > 0, got {max_entries}")
        self.generator = generator
        self.max_entries = max_entries
        self._cache: dict[tuple[str, str, int], list[TestCase]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def generate(self, task: Task, code: str | None = None, n: int = 10) -> list[TestCase]:
        """Return the cached tests for this task, generating them on first use."""
        key = (task.task_id, code if code is not None else "", n)
        with self._lock:
            if key in self._cache:
                self.hits += 1
                return list(self._cache[key])
        tests = self.generator.generate(task, code=code, n=n)
        with self._lock:
            self.misses += 1
            if len(self._cache) >= self.max_entries:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = list(tests)
        return list(tests)


class FixedTCG:
    """A generator that returns tests generated elsewhere, for one task id.

    An agent's simulator holds a public copy of its task (no reference solution), so it cannot
    run a reference-based generator itself. Trusted code (the episode driver) generates the
    tests from the real task and hands them to the simulator's env through this class: the env
    scores with ``reward_tests="tcg"`` as usual, and the reference never reaches the agent.

    Args:
        task_id: The task these tests belong to.
        tests: The generated tests.
    """

    def __init__(self, task_id: str, tests: tuple[TestCase, ...] | list[TestCase]) -> None:
        if not tests:
            raise ValueError(f"FixedTCG for {task_id!r} needs at least one test")
        self.task_id = task_id
        self.tests = tuple(tests)

    def generate(self, task: Task, code: str | None = None, n: int = 10) -> list[TestCase]:
        """The fixed tests (at most ``n``) of this generator's task.

        Raises:
            ValueError: For another task, or when ``code`` is given (the tests are fixed).
        """
        check_n(n)
        if task.task_id != self.task_id:
            raise ValueError(f"FixedTCG holds tests of {self.task_id!r}, not {task.task_id!r}")
        if code is not None:
            raise ValueError("FixedTCG returns fixed tests; it cannot compute outputs of code")
        return list(self.tests[:n])


def check_n(n: int) -> None:
    """Reject a bad test count with a message naming it."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")

