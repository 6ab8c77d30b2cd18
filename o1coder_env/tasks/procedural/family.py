"""What a procedural task family is, and how one level's draft becomes a :class:`Task`.

A family is a name, a style and five :class:`Level` records. A level is *data plus small
functions*: statement phrasings, entry-point names, a reference solution, reference reasoning
steps (all :class:`string.Template` text with ``$name``-style holes, so code braces need no
escaping), a function that draws the level's constants and a function that draws one test input.

:func:`build_task` turns ``(family, level, split, n)`` into a task, drawing everything from
``random.Random(SPLIT_BASE[split] + n)``: the same arguments give the same task on every machine
and in every process, whatever was generated before.

Expected outputs are computed by running the reference *in this process*: the reference is code
written here (trusted, like the built-in suite's literals, which were also computed from its
references), and running it in-process keeps loading 100 tasks in tens of milliseconds. The
sandbox still has the last word: ``tests/test_procedural_sandbox.py`` and
``benchmarks/perf/procedural_check.py`` run every sampled reference against its tests in the real
sandbox, so a reference whose in-process output differs from its sandboxed output fails there.

Splits never share a statement or a drawn test input: both are assigned to a split by a hash of
their text (:func:`split_bucket`), and a draw that lands in the other split's half is drawn again.
Fixed edge-case inputs (an empty list, a single element), listed per level in ``edges``, are the
one exception: they are the same few values in both splits by design.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from string import Template
from typing import Any

from o1coder_env.tasks.model import ReasoningSteps, Task, TaskStyle, TestCase, encode_value

__all__ = [
    "LEVELS",
    "SPLITS",
    "SPLIT_BASE",
    "STREAM_SIZE",
    "Draft",
    "Family",
    "Level",
    "build_task",
    "draft_task",
    "split_bucket",
]

#: The difficulty levels every family has.
LEVELS = (1, 2, 3, 4, 5)
#: The splits, and where each one's seeds start: item ``n`` of a split is made from
#: ``Random(SPLIT_BASE[split] + n)`` with ``0 <= n < STREAM_SIZE``, so the seed ranges are disjoint.
SPLITS = ("train", "test")
STREAM_SIZE = 1_000_000_000
SPLIT_BASE = {"test": 0, "train": STREAM_SIZE}

#: How many public tests a statement shows and how many random hidden tests a task has.
N_PUBLIC = 3
N_HIDDEN = 8
#: Draws before giving up on finding a value in the right split's half (never reached in
#: practice: each level has far more than 2 distinct statements and inputs).
_MAX_DRAWS = 200

Params = dict[str, Any]


def split_bucket(text: str) -> str:
    """The split a statement or test input belongs to: a hash of its text, half each."""
    return SPLITS[hashlib.sha256(text.encode("utf-8")).digest()[0] & 1]


@dataclass(frozen=True)
class Level:
    """One difficulty level of a family.

    Attributes:
        summary: One line for the docs table (what the level asks).
        phrasings: Statement templates (``$name`` and the drawn constants fill the holes); one is
            drawn per task, so a statement cannot be memorised as one fixed text.
        names: Entry-point names, one drawn per task (call style only).
        signature: ``def`` line template (call style); ``stdio`` levels leave it empty.
        reference: The reference solution template. Call style: a function named ``$name``.
            Stdio style: a function ``solve(data: str) -> str`` (the program wraps it).
        outline: Reference action 1 (pseudocode) template.
        refinements: Reference action-2 templates (at least one).
        params: Draws the level's constants from the task's random generator.
        draw: Draws one test input: a tuple of arguments (call) or a stdin string (stdio).
        edges: Fixed edge-case inputs for the hidden tests (may depend on the constants).
        timeout_s: Per-test limit when the level's large tests need a bound other than the
            sandbox default (the level-5 "no brute force" tests).
        large: Draws one large input (level 5): it is the hidden test that a brute-force
            solution fails by its time limit.
    """

    summary: str
    phrasings: tuple[str, ...]
    reference: str
    outline: str
    refinements: tuple[str, ...]
    draw: Callable[[random.Random, Params], Any]
    names: tuple[str, ...] = ("solve",)
    signature: str = ""
    params: Callable[[random.Random], Params] = field(default=lambda rng: {})
    edges: Callable[[Params], Sequence[Any]] = field(default=lambda p: ())
    timeout_s: float | None = None
    large: Callable[[random.Random, Params], Any] | None = None


@dataclass(frozen=True)
class Family:
    """A task family: a name, a style, a topic and five levels.

    Attributes:
        name: lower_snake_case; part of every task id.
        style: ``call`` or ``stdio``.
        topic: One line for the docs table.
        levels: Level 1 to 5, in order.
        tags: Topic tags copied onto each task.
    """

    name: str
    style: TaskStyle
    topic: str
    levels: tuple[Level, Level, Level, Level, Level]
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.levels) != len(LEVELS):
            raise ValueError(f"family {self.name!r} needs {len(LEVELS)} levels")
        for number, level in enumerate(self.levels, start=1):
            if not level.phrasings or not level.refinements:
                raise ValueError(f"family {self.name!r} level {number} needs phrasings and "
                                 "refinements")
            if self.style is TaskStyle.CALL and not level.signature:
                raise ValueError(f"call family {self.name!r} level {number} needs a signature")

    def level(self, number: int) -> Level:
        """Level ``number`` (1-5)."""
        return self.levels[number - 1]


@dataclass(frozen=True)
class Draft:
    """A task before its expected outputs are computed (what the split checks look at).

    Attributes:
        statement: The statement without the examples.
        entry_point: The function name (call style) or ``None``.
        signature: The ``def`` line (call style) or ``None``.
        reference: The complete reference program.
        solve_source: The code whose function computes expected outputs (call: the reference;
            stdio: the ``solve`` function).
        steps: Reference reasoning.
        public: Public test inputs.
        hidden: Random hidden test inputs (split-partitioned).
        edges: Fixed edge-case inputs (hidden; the same in both splits).
        large: Large hidden inputs (level 5).
        timeout_s: Per-test limit, if the level sets one.
    """

    statement: str
    entry_point: str | None
    signature: str | None
    reference: str
    solve_source: str
    steps: ReasoningSteps
    public: tuple[Any, ...]
    hidden: tuple[Any, ...]
    edges: tuple[Any, ...]
    large: tuple[Any, ...]
    timeout_s: float | None


#: Opening sentences of stdio statements (drawn per task): stdio levels have no entry-point name
#: to vary, and a level needs several distinct statements in each split.
STDIO_OPENINGS = (
    "Write a complete program.",
    "Write a program that reads standard input and writes standard output.",
    "Your program is run once per test case.",
    "Write a script; its output is compared line by line with the expected output.",
    "Solve this with a program that reads all of its input from stdin.",
    "Write a short program.",
)

#: Closing sentences of call-style statements (drawn per task, for the same reason).
CALL_CLOSINGS = (
    "",
    " Return the result; do not print it.",
    " Do not modify the arguments.",
    " The function must not read input or print anything.",
)

_STDIO_MAIN = "\n\nimport sys\n\nsys.stdout.write(solve(sys.stdin.read()))\n"


def _input_key(value: Any) -> str:
    """Canonical text of a test input (for split buckets and de-duplication)."""
    if isinstance(value, str):
        return "stdin:" + value
    return "args:" + json.dumps(encode_value(value), sort_keys=True)


def _fill(template: str, params: Params) -> str:
    return Template(template).substitute(params).strip("\n")


def draft_task(family: Family, level: int, split: str, n: int) -> Draft:
    """Draw item ``n`` of ``split`` for ``family`` at ``level`` (everything but the outputs)."""
    spec = family.level(level)
    rng = random.Random(SPLIT_BASE[split] + n)
    for _ in range(_MAX_DRAWS):
        params = dict(spec.params(rng))
        name = rng.choice(spec.names)
        params["name"] = name
        statement = _fill(rng.choice(spec.phrasings), params)
        if family.style is TaskStyle.STDIO:
            statement = f"{rng.choice(STDIO_OPENINGS)} {statement}"
        elif level >= 2:  # level 1 stays one plain sentence (SmolLM2 is easily distracted)
            statement += rng.choice(CALL_CLOSINGS)
        if split_bucket(f"{family.name}\n{statement}") == split:
            break
    else:  # pragma: no cover - guarded by the family tests
        raise RuntimeError(f"{family.name} L{level}: no statement of split {split!r} found")
    seen: set[str] = set()

    def fresh(count: int) -> tuple[Any, ...]:
        values: list[Any] = []
        for _ in range(_MAX_DRAWS * count):
            if len(values) == count:
                break
            value = spec.draw(rng, params)
            key = _input_key(value)
            if key in seen or split_bucket(key) != split:
                continue
            seen.add(key)
            values.append(value)
        return tuple(values)

    edges = []
    for value in spec.edges(params):
        key = _input_key(value)
        if key not in seen:
            seen.add(key)
            edges.append(value)
    public = fresh(N_PUBLIC)
    hidden = fresh(N_HIDDEN)
    large = (spec.large(rng, params),) if spec.large is not None else ()
    solve_source = _fill(spec.reference, params) + "\n"
    call = family.style is TaskStyle.CALL
    reference = solve_source if call else solve_source.rstrip("\n") + _STDIO_MAIN
    steps = ReasoningSteps(_fill(spec.outline, params),
                           tuple(_fill(r, params) for r in spec.refinements))
    return Draft(
        statement=statement,
        entry_point=name if call else None,
        signature=_fill(spec.signature, params) if call else None,
        reference=reference,
        solve_source=solve_source,
        steps=steps,
        public=public,
        hidden=hidden,
        edges=tuple(edges),
        large=large,
        timeout_s=spec.timeout_s,
    )


def _copy(value: Any) -> Any:
    """A copy of a test input deep enough that a reference cannot change the stored one.

    (``copy.deepcopy`` costs ~10 ms on a 20000-element list; inputs are plain data.)
    """
    if isinstance(value, list):
        return [_copy(v) for v in value] if value and isinstance(value[0], list) else list(value)
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


def _solver(draft: Draft) -> Callable[..., Any]:
    namespace: dict[str, Any] = {"__name__": "procedural_reference"}
    exec(compile(draft.solve_source, "<procedural reference>", "exec"), namespace)
    return namespace[draft.entry_point or "solve"]


def _show_call(entry_point: str, args: tuple[Any, ...], expected: Any) -> str:
    shown = ", ".join(repr(a) for a in args)
    return f"    {entry_point}({shown}) returns {expected!r}"


def _show_stdio(stdin: str, expected: str) -> str:
    return (f"Input:\n```\n{stdin.rstrip(chr(10))}\n```\nOutput:\n```\n"
            f"{expected.rstrip(chr(10))}\n```")


def build_task(family: Family, level: int, split: str, n: int) -> Task:
    """Make item ``n`` of ``split`` for ``family`` at ``level`` as a complete task."""
    draft = draft_task(family, level, split, n)
    solve = _solver(draft)
    extra = {"timeout_s": draft.timeout_s} if draft.timeout_s else {}
    call = family.style is TaskStyle.CALL

    def case(value: Any) -> TestCase:
        if call:
            expected = solve(*_copy(value))
            return TestCase.call_case(value, expected, **extra)
        return TestCase.stdio_case(value, solve(value), **extra)

    public = tuple(case(v) for v in draft.public)
    hidden = tuple(case(v) for v in draft.edges + draft.hidden + draft.large)
    if call:
        assert draft.entry_point is not None
        examples = "\n".join(_show_call(draft.entry_point, t.args, t.expected) for t in public)
        problem = f"{draft.statement}\n\nExamples:\n{examples}"
    else:
        examples = "\n\n".join(_show_stdio(t.stdin, t.expected) for t in public)
        problem = f"{draft.statement}\n\nExamples:\n\n{examples}"
    return Task(
        task_id=f"procedural/{family.name}/L{level}/{split}/{n}",
        problem=problem,
        style=family.style,
        entry_point=draft.entry_point,
        signature=draft.signature,
        prompt=(f"{draft.signature}\n    ...\n" if call
                else "# Read from standard input, write to standard output.\n"),
        public_tests=public,
        hidden_tests=hidden,
        reference_solution=draft.reference,
        reference_steps=draft.steps,
        source="procedural",
        split=split,
        difficulty=("easy", "easy", "medium", "medium", "hard")[level - 1],
        tags=(*family.tags, f"level{level}"),
        metadata={"family": family.name, "level": level, "n": n},
    )
