"""``o1coder tasks list|show``: inspect the tasks of any source from the shell.

``list --json`` prints one JSON object per task and nothing else on standard output (warnings and
errors go to standard error), so it can be piped into ``jq`` or ``wc -l``. ``show`` hides the
hidden tests and the reference solution unless ``--reveal`` is given. Errors print one message on
standard error and exit with code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from o1coder_env.tasks.model import Task

__all__ = ["add_parser", "infer_source", "summary"]

#: Task-id prefixes that name their source, for ``show`` without ``--source``.
_ID_PREFIXES: tuple[tuple[str, str], ...] = (
    ("HumanEval/", "humaneval"),
    ("mbpp/", "mbpp"),
    ("taco/", "taco"),
    ("apps/", "apps"),
    ("builtin/", "builtin"),
    ("procedural/", "procedural"),
)


def infer_source(task_id: str) -> str:
    """The source a task id belongs to by its prefix (``builtin`` when none matches)."""
    for prefix, source in _ID_PREFIXES:
        if task_id.startswith(prefix):
            return source
    return "builtin"


#: Metadata keys a ``tasks list --json`` row carries when the task has them (the procedural
#: source's family and level).
SUMMARY_METADATA = ("family", "level")


def summary(task: Task) -> dict[str, Any]:
    """The one-line JSON record ``tasks list --json`` prints for a task."""
    extra = {key: task.metadata[key] for key in SUMMARY_METADATA if key in task.metadata}
    return {
        "task_id": task.task_id,
        "source": task.source,
        "split": task.split,
        "style": task.style.value,
        "entry_point": task.entry_point,
        "difficulty": task.difficulty,
        "tags": list(task.tags),
        "n_public": len(task.public_tests),
        "n_hidden": len(task.hidden_tests),
        "has_reference": task.reference_solution is not None,
        "has_steps": task.reference_steps is not None,
        **extra,
    }


def _add_source_args(parser: argparse.ArgumentParser, *, default_source: str | None) -> None:
    parser.add_argument("--source", default=default_source,
                        help="task source: builtin, humaneval, mbpp, taco, apps, jsonl, procedural "
                             f"(default: {default_source or 'inferred from the task id'})")
    parser.add_argument("--path", default=None,
                        help="local data file for the source (jsonl: required; mbpp/taco/apps: "
                             "offline copy; humaneval: HumanEval.jsonl[.gz]); for procedural, "
                             "the spec, e.g. 'families=arith,digits;levels=1-2;count=20'")
    parser.add_argument("--split", default=None,
                        help="keep only this split (train, test, validation, prompt...)")


def add_parser(subparsers: Any) -> None:
    """Add the ``tasks`` subcommand (with ``list`` and ``show``) to the ``o1coder`` CLI."""
    parser = subparsers.add_parser(
        "tasks", help="list or show the tasks of a source",
        description="List or show the tasks of a source (builtin, humaneval, mbpp, taco, apps, "
                    "jsonl).",
    )
    actions = parser.add_subparsers(dest="tasks_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _help(parser))

    lister = actions.add_parser("list", help="list tasks, one per line",
                                description="List the tasks of a source.")
    _add_source_args(lister, default_source="builtin")
    lister.add_argument("--limit", type=int, default=None, help="show at most N tasks")
    lister.add_argument("--json", action="store_true",
                        help="print one JSON object per task (task_id, source, split, style, "
                             "entry_point, difficulty, n_public, n_hidden...) and nothing else")
    lister.set_defaults(func=_run_list)

    shower = actions.add_parser("show", help="show one task",
                                description="Show one task: statement, prompt and public tests; "
                                            "hidden tests and reference only with --reveal.")
    shower.add_argument("task_id", help='the task id, e.g. "HumanEval/0" or "mbpp/601" '
                        '(with --source mbpp: "601")')
    _add_source_args(shower, default_source=None)
    shower.add_argument("--json", action="store_true", help="print the task as one JSON object")
    shower.add_argument("--reveal", action="store_true",
                        help="also show hidden tests, the reference solution and reference steps")
    shower.set_defaults(func=_run_show)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _fail(message: str) -> int:
    print(f"o1coder tasks: error: {message}", file=sys.stderr)
    return 2


def _errors() -> tuple[type[BaseException], ...]:
    from o1coder_env._optional import MissingExtraError
    from o1coder_env.tasks.errors import TaskDataError, UnknownSourceError, UnknownTaskError

    # ImportError: a source whose module (or optional dependency) is not installed.
    return (UnknownSourceError, UnknownTaskError, TaskDataError, MissingExtraError, ImportError,
            FileNotFoundError, ValueError, RuntimeError)


def _load(source: str, **kwargs: Any) -> list[Task]:
    """``load_tasks`` with its warnings printed as one plain line each on standard error."""
    from o1coder_env.tasks.registry import load_tasks

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return load_tasks(source, **kwargs)
        finally:
            for warning in caught:
                print(f"o1coder tasks: warning: {warning.message}", file=sys.stderr)


def _write(emit: Callable[[], None]) -> int:
    """Run an output function; a reader that leaves early (``| head``) is not an error."""
    try:
        emit()
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=repr)


def _run_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        return _fail(f"--limit must be >= 0, got {args.limit}")
    try:
        tasks = _load(args.source, split=args.split, path=args.path, limit=args.limit)
    except _errors() as exc:
        return _fail(str(exc))
    if args.json:
        return _write(lambda: _print_lines(tasks))
    return _write(lambda: _print_table(tasks))


def _print_lines(tasks: list[Task]) -> None:
    for task in tasks:
        print(_dumps(summary(task)))


def _print_table(tasks: list[Task]) -> None:
    headers = ("task_id", "split", "style", "entry_point", "difficulty", "public", "hidden",
               "problem")
    rows = []
    for task in tasks:
        first_line = task.problem.strip().splitlines()[0] if task.problem.strip() else ""
        rows.append((task.task_id, task.split, task.style.value, task.entry_point or "-",
                     task.difficulty or "-", str(len(task.public_tests)),
                     str(len(task.hidden_tests)),
                     first_line if len(first_line) <= 50 else first_line[:47] + "..."))
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print(f"{len(tasks)} task(s)")


def _run_show(args: argparse.Namespace) -> int:
    if args.source is None and args.task_id.isdigit():
        # A bare number names a task only within a numbered source (MBPP's 11 is mbpp/11).
        return _fail(f"task id {args.task_id!r} is a bare number: give its source, e.g. "
                     f"--source mbpp (or write mbpp/{int(args.task_id)}), or --source humaneval "
                     f"(HumanEval/{int(args.task_id)})")
    source = args.source or infer_source(args.task_id)
    try:
        task = _load(source, split=args.split, path=args.path, task_ids=[args.task_id])[0]
    except _errors() as exc:
        return _fail(str(exc))
    if args.json:
        if args.reveal:
            data = task.to_dict()
        else:
            data = {**task.agent_view(), "source": task.source, "split": task.split,
                    "difficulty": task.difficulty, "tags": list(task.tags),
                    "setup_code": task.setup_code, "n_hidden": len(task.hidden_tests)}
        return _write(lambda: print(_dumps(data)))
    return _write(lambda: _print_task(task, reveal=args.reveal))


def _print_task(task: Task, *, reveal: bool) -> None:
    print(f"task_id:     {task.task_id}")
    print(f"source:      {task.source}   split: {task.split or '-'}   "
          f"difficulty: {task.difficulty or '-'}")
    print(f"style:       {task.style.value}"
          + (f"   entry_point: {task.entry_point}" if task.entry_point else ""))
    if task.signature:
        print(f"signature:   {task.signature}")
    if task.tags:
        print(f"tags:        {', '.join(task.tags)}")
    print("\n--- problem ---")
    print(task.problem.rstrip())
    if task.prompt.strip():
        print("\n--- prompt ---")
        print(task.prompt.rstrip())
    _print_tests("public tests", task.public_tests)
    if not reveal:
        print(f"\n({len(task.hidden_tests)} hidden test(s) and the reference solution are not "
              "shown; pass --reveal to see them)")
        return
    _print_tests("hidden tests", task.hidden_tests)
    if task.setup_code.strip():
        print("\n--- setup code ---")
        print(task.setup_code.rstrip())
    if task.reference_steps is not None:
        for i, step in enumerate(task.reference_steps.as_list()):
            print(f"\n--- reference step {i + 1} ({'outline' if i == 0 else 'refinement'}) ---")
            print(step.rstrip())
    if task.reference_solution is not None:
        print("\n--- reference solution ---")
        print(task.reference_solution.rstrip())


def _print_tests(title: str, tests: Any) -> None:
    print(f"\n--- {title} ({len(tests)}) ---")
    for test in tests:
        print(_dumps(test.to_dict()))
