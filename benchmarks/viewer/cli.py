"""``o1coder view``: draw the search trees of a ``trees.jsonl`` as one offline HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``view`` subcommand."""
    parser = subparsers.add_parser(
        "view",
        help="write a self-contained HTML page that draws MCTS search trees",
        description="Read a trees.jsonl written by `o1coder mcts` and write one HTML page "
        "(inline CSS and JavaScript, no network needed to open it) that draws each task's "
        "search tree: step text, kind, visits N, value V/N, terminal test results, the best "
        "path highlighted, collapsible nodes, and a task selector when the file has several "
        "tasks.",
        epilog="example: o1coder mcts --limit 3 --out trees.jsonl && "
        "o1coder view trees.jsonl --out tree.html",
    )
    parser.add_argument("trees", help="trees.jsonl from `o1coder mcts`")
    parser.add_argument("--out", default=None,
                        help="HTML file to write (default: the tree file with .html)")
    parser.add_argument("--task", default=None, metavar="TASK_ID",
                        help="draw only this task's tree")
    parser.add_argument("--title", default=None, help="page title")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from benchmarks.viewer.html import write_html

    out = args.out or str(Path(args.trees).with_suffix(".html"))
    try:
        path = write_html(args.trees, out, task=args.task, title=args.title)
    except (FileNotFoundError, ValueError) as exc:
        print(f"o1coder view: {exc}", file=sys.stderr)
        return 2
    size_kb = path.stat().st_size / 1024
    print(f"view: wrote {path} ({size_kb:.0f} KiB); open it in a browser", file=sys.stderr)
    return 0
