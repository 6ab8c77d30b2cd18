"""``o1coder exec``: run HumanEval-style samples through the sandbox, one result row per sample.

Input rows (JSONL) have ``task_id`` (MBPP and HumanEval also take the number of the original
data: ``11`` and ``"11"`` name ``mbpp/11``) and either ``completion`` (appended to the task's
prompt, the HumanEval convention) or ``solution`` (a whole program). Every test of the task runs
(public and hidden). Output rows have ``task_id``, ``passed`` (every test passed), ``passed_tests``,
``total_tests``, ``status``, ``compiled`` and per-test ``results``; the sample's own extra fields
are kept. A pass@1 summary goes to standard error; bad input exits with code 2 and one message
that names the file and line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import Any

__all__ = ["add_parser", "read_samples", "run_exec"]


class SampleError(ValueError):
    """A malformed samples file; the message names the file and line."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``exec`` subcommand."""
    p = subparsers.add_parser(
        "exec", help="run samples (completions or whole programs) against a source's tests",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--source", required=True, help="task source (builtin, humaneval, mbpp, ...)")
    p.add_argument("--path", default=None, help="data file/dir for the source, if it needs one")
    p.add_argument("--split", default=None, help="split of the source (default: all)")
    p.add_argument("--samples", required=True, help="input JSONL: task_id + completion|solution")
    p.add_argument("--out", required=True, help="output JSONL, one result row per sample")
    p.add_argument("--backend", default="auto", help="sandbox backend: auto, process, bwrap, "
                   "docker (default: auto = bwrap when installed, else process)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: cores)")
    p.add_argument("--timeout", type=float, default=None,
                   help="per-test wall-clock limit in seconds (default: 3)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=_main)


def read_samples(path: str) -> list[dict[str, Any]]:
    """Read and validate the samples file.

    Raises:
        SampleError: For unreadable JSON, a row that is not an object, a missing ``task_id`` or
            a row with neither (or both) ``completion`` and ``solution``.
    """
    from o1coder_env.jsonl_io import JsonlError, iter_jsonl

    rows = []
    try:
        for lineno, row in iter_jsonl(path, what="samples"):
            ident = row.get("task_id")
            if isinstance(ident, bool) or not isinstance(ident, (str, int)):
                raise SampleError(f"{path}:{lineno}: missing 'task_id' (a string, or the "
                                  "number of the original data for MBPP/HumanEval)")
            has_c, has_s = "completion" in row, "solution" in row
            if has_c == has_s:
                raise SampleError(f"{path}:{lineno}: give exactly one of 'completion' or "
                                  "'solution'")
            field = "completion" if has_c else "solution"
            if not isinstance(row[field], str):
                raise SampleError(f"{path}:{lineno}: '{field}' must be a string")
            row["_line"] = lineno
            rows.append(row)
    except JsonlError as exc:
        raise SampleError(str(exc)) from None
    except OSError as exc:
        raise SampleError(f"{path}: cannot read the samples file: {exc}") from exc
    return rows


def run_exec(args: argparse.Namespace) -> dict[str, Any]:
    """Run the samples; write the output file; return the summary."""
    from o1coder_env.sandbox import Job, Limits, Sandbox
    from o1coder_env.tasks import canonical_task_id, load_tasks, task_id_hint
    from o1coder_env.tasks.errors import UnknownTaskError
    from o1coder_env.tasks.registry import ID_LOOKUPS

    samples = read_samples(args.samples)
    if args.source in ID_LOOKUPS:
        # A generating source (procedural) makes the named tasks from their ids; a malformed id
        # is reported below with its line, like an unknown one.
        loaded: list[Any] = []
        for task_id in dict.fromkeys(str(row["task_id"]) for row in samples):
            with contextlib.suppress(UnknownTaskError):
                loaded += load_tasks(args.source, split=args.split, path=args.path,
                                     task_ids=[task_id])
    else:
        loaded = load_tasks(args.source, split=args.split, path=args.path)
    tasks = {t.task_id: t for t in loaded}
    jobs = []
    for row in samples:
        # MBPP's own data writes task_id 11 where o1coder says mbpp/11: both name the task.
        task = tasks.get(canonical_task_id(args.source, row["task_id"]))
        if task is None:
            raise SampleError(f"{args.samples}:{row['_line']}: unknown task_id "
                              f"{row['task_id']!r} for source {args.source!r}; "
                              f"{task_id_hint(args.source, loaded)}")
        program = task.prompt + row["completion"] if "completion" in row else row["solution"]
        jobs.append(Job(program, task.all_tests, entry_point=task.entry_point,
                        setup_code=task.setup_code))
    limits = Limits(timeout_s=args.timeout) if args.timeout else Limits()
    progress = None
    if not args.no_progress:
        try:
            from tqdm import tqdm

            progress = tqdm(total=len(jobs), desc="exec", unit="sample", file=sys.stderr)
        except ImportError:
            progress = None
    passed = 0
    with Sandbox(backend=args.backend, workers=args.workers, limits=limits) as sb, \
            open(args.out, "w", encoding="utf-8") as out:
        chunk = max(1, sb.n_workers * 8)
        for start in range(0, len(jobs), chunk):
            reports = sb.run_batch(jobs[start:start + chunk])
            for row, report in zip(samples[start:start + chunk], reports, strict=True):
                record = {k: v for k, v in row.items() if k not in ("_line",)}
                record.update(report.to_dict())
                passed += report.all_passed
                out.write(json.dumps(record) + "\n")
            if progress is not None:
                progress.update(len(reports))
        backend = sb.backend
    if progress is not None:
        progress.close()
    n = len(jobs)
    return {"samples": n, "passed": passed, "pass@1": passed / n if n else 0.0,
            "backend": backend}


def _main(args: argparse.Namespace) -> int:
    from o1coder_env.sandbox import BackendUnavailable

    try:
        summary = run_exec(args)
    except (SampleError, BackendUnavailable, FileNotFoundError, ValueError) as exc:
        print(f"o1coder exec: error: {exc}", file=sys.stderr)
        return 2
    print(f"pass@1 = {summary['pass@1']:.4f} ({summary['passed']}/{summary['samples']} samples "
          f"passed, backend {summary['backend']})", file=sys.stderr)
    return 0
