"""``o1coder perf`` / ``python -m benchmarks.perf``: run the performance scripts."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

from benchmarks.perf.registry import DEFAULT_SCRIPTS, PERF_SCRIPTS

__all__ = ["add_parser", "main", "run_scripts"]


def run_scripts(names: list[str], extra: list[str]) -> int:
    """Run the named scripts in turn; returns the worst exit code."""
    unknown = [n for n in names if n not in PERF_SCRIPTS]
    if unknown:
        print(f"unknown perf script(s) {unknown}; known: {', '.join(PERF_SCRIPTS)}",
              file=sys.stderr)
        return 2
    worst = 0
    for name in names:
        module_name, what = PERF_SCRIPTS[name]
        print(f"\n=== {name}: {what} ===", flush=True)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            print(f"skipped: {exc}", flush=True)
            continue
        worst = max(worst, int(module.main(list(extra)) or 0))
    return worst


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    listing = "; ".join(f"{k}: {v[1]}" for k, v in PERF_SCRIPTS.items())
    parser.add_argument("scripts", nargs="*", metavar="NAME",
                        help=f"scripts to run (default: {' '.join(DEFAULT_SCRIPTS)}). {listing}")
    parser.add_argument("--list", action="store_true", help="list the scripts and exit")


def _run(args: argparse.Namespace, extra: list[str] | None = None) -> int:
    if args.list:
        for name, (module, what) in PERF_SCRIPTS.items():
            print(f"{name:14s} python -m {module:40s} {what}")
        return 0
    return run_scripts(list(args.scripts) or list(DEFAULT_SCRIPTS), extra or [])


def add_parser(subparsers: Any) -> None:
    """Add the ``perf`` subcommand (script options: run a script's module for its own flags)."""
    p = subparsers.add_parser("perf", help="run the performance benchmarks",
                              description="Run performance scripts; each prints its figure and "
                              "its ratio to the anchor measured in the same run. For a script's "
                              "own options run its module, e.g. `python -m "
                              "benchmarks.perf.sandbox_bench --help`.")
    _add_arguments(p)
    p.set_defaults(func=_run)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m benchmarks.perf``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.perf",
                                     description="Run the o1coder performance benchmarks.")
    _add_arguments(parser)
    args = parser.parse_args(argv)
    return _run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
