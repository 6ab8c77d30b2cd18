"""Builders that turn a problem written in Python into a :class:`~o1coder_env.tasks.Task`.

Problems of the built-in suite are written as Python (so that large inputs can be built with
code and reference solutions stay readable) through :func:`call_problem` and
:func:`stdio_problem`. Expected values are literals checked by the suite's self-consistency test.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from o1coder_env.tasks.model import ReasoningSteps, Task, TaskStyle, TestCase

__all__ = ["call_problem", "stdio_problem"]

_SPLITS = ("train", "test")
_DIFFICULTIES = ("easy", "medium", "hard")


def _check_common(slug: str, difficulty: str, split: str, tags: Sequence[str]) -> None:
    if not slug or not slug.replace("_", "").isalnum() or slug != slug.lower():
        raise ValueError(f"builtin slug {slug!r} must be lower_snake_case")
    if difficulty not in _DIFFICULTIES:
        raise ValueError(f"builtin/{slug}: difficulty must be one of {_DIFFICULTIES}")
    if split not in _SPLITS:
        raise ValueError(f"builtin/{slug}: split must be one of {_SPLITS}")
    if not tags:
        raise ValueError(f"builtin/{slug}: needs at least one tag")


def _steps(outline: str, refinements: Sequence[str]) -> ReasoningSteps:
    return ReasoningSteps(outline.strip("\n"), tuple(r.strip("\n") for r in refinements))


def call_problem(
    slug: str,
    *,
    statement: str,
    signature: str,
    reference: str,
    outline: str,
    refinements: Sequence[str],
    public: Sequence[tuple[tuple[Any, ...], Any]],
    hidden: Sequence[tuple[tuple[Any, ...], Any]],
    difficulty: str,
    tags: Sequence[str],
    split: str,
    timeout_s: float | None = None,
) -> Task:
    """Build a function-call task.

    Args:
        slug: lower_snake_case name; the task id is ``builtin/<slug>``.
        statement: The problem statement (no solution hints).
        signature: The ``def`` line, e.g. ``"def rle(s: str) -> str:"``; its name is the
            entry point.
        reference: A complete reference solution defining the entry point.
        outline: Reference action 1 (pseudocode outline).
        refinements: Reference action-2 steps (at least one).
        public: ``(args, expected)`` pairs shown to agents (at least 3).
        hidden: ``(args, expected)`` pairs used for evaluation (at least 8).
        difficulty: ``easy``, ``medium`` or ``hard``.
        tags: Topic tags.
        split: ``train`` or ``test``.
        timeout_s: Per-test time limit, when the default is not right.
    """
    _check_common(slug, difficulty, split, tags)
    entry_point = signature.split("def ", 1)[1].split("(", 1)[0].strip()
    extra = {"timeout_s": timeout_s} if timeout_s else {}
    return Task(
        task_id=f"builtin/{slug}",
        problem=statement.strip("\n"),
        style=TaskStyle.CALL,
        entry_point=entry_point,
        signature=signature,
        prompt=f"{signature}\n    ...\n",
        public_tests=tuple(TestCase.call_case(a, e, **extra) for a, e in public),
        hidden_tests=tuple(TestCase.call_case(a, e, **extra) for a, e in hidden),
        reference_solution=reference.strip("\n") + "\n",
        reference_steps=_steps(outline, refinements),
        source="builtin",
        split=split,
        difficulty=difficulty,
        tags=tuple(tags),
    )


def stdio_problem(
    slug: str,
    *,
    statement: str,
    reference: str,
    outline: str,
    refinements: Sequence[str],
    public: Sequence[tuple[str, str]],
    hidden: Sequence[tuple[str, str]],
    difficulty: str,
    tags: Sequence[str],
    split: str,
    timeout_s: float | None = None,
) -> Task:
    """Build a standard input/output task (see :func:`call_problem` for the arguments).

    ``public`` and ``hidden`` are ``(stdin, expected_stdout)`` pairs.
    """
    _check_common(slug, difficulty, split, tags)
    extra = {"timeout_s": timeout_s} if timeout_s else {}
    return Task(
        task_id=f"builtin/{slug}",
        problem=statement.strip("\n"),
        style=TaskStyle.STDIO,
        prompt="# Read from standard input, write to standard output.\n",
        public_tests=tuple(TestCase.stdio_case(i, o, **extra) for i, o in public),
        hidden_tests=tuple(TestCase.stdio_case(i, o, **extra) for i, o in hidden),
        reference_solution=reference.strip("\n") + "\n",
        reference_steps=_steps(outline, refinements),
        source="builtin",
        split=split,
        difficulty=difficulty,
        tags=tuple(tags),
    )
