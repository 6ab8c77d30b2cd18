"""Entry point of the ``o1coder`` command.

Subcommands live next to the code they drive and are listed here as ``"module:add_parser"``
strings. ``add_parser(subparsers)`` adds the subcommand and sets ``func`` on its parser; heavy
imports (torch, transformers...) stay inside the command functions so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "o1coder_cli.tasks_cmd:add_parser",
    "o1coder_cli.exec_cmd:add_parser",
    "o1coder_cli.serve_cmd:add_parser",
    "agents.generators.cli:add_parser",
    "agents.mcts.cli:add_parser",
    "agents.prm.cli:add_parser",
    "agents.training.cli:add_parser",
    "agents.rl.cli:add_parser",
    "agents.selfplay.cli:add_parser",
    "agents.tcg.cli:add_parser",
    "benchmarks.cli:add_parser",
    "benchmarks.perf.cli:add_parser",
    "benchmarks.viewer.cli:add_parser",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="o1coder",
        description="o1coder: a Gymnasium environment and agent suite for RL on LLM code "
        "reasoning (O1-Coder).",
    )
    from o1coder_env import __version__

    parser.add_argument("--version", action="version", version=f"o1coder {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for spec in COMMANDS:
        module_name, _, attr = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # A command whose module is not part of this install is left out, not fatal.
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        getattr(module, attr)(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "pass_through", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    # A subcommand with pass_through set takes flags its parser does not list (e.g. `train grpo`
    # passes TRL config fields on to TRL's own parser).
    args.extra_args = extra
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 0
    try:
        code = func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
