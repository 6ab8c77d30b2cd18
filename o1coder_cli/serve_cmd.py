"""``o1coder serve``: serve an o1coder env over OpenEnv's WebSocket protocol (extra ``serve``).

One env per WebSocket session on ``/ws``; ``GET /health`` for liveness; ``GET /o1coder/spec``
describes the env for :class:`o1coder_env.remote.RemoteEnv`. Sessions can snapshot and restore
their episode on the server (``get_state``/``set_state``, for tree search) and set the training
progress of the alpha(t) schedule. A PRM named in ``--env-kwargs`` (``"prm": "heuristic"``, a
saved PRM folder, ``"constant:V"``) is loaded once and shared by all sessions. See
docs/integrations.md.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from typing import Any

__all__ = ["add_parser", "parse_env_kwargs"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` subcommand."""
    p = subparsers.add_parser(
        "serve", help="serve an env over OpenEnv's WebSocket protocol (needs o1coder[serve])",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--env", default="O1Coder-v1",
                   help="env id (default: O1Coder-v1, the training flavour; O1Coder-v0 plays "
                        "the test split and reports hidden-test verdicts)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--max-sessions", type=int, default=64,
                   help="most concurrent sessions; one more is refused (default: 64)")
    p.add_argument("--idle-timeout", type=float, default=300.0,
                   help="seconds without a message before a session is closed; 0: never "
                        "(default: 300)")
    p.add_argument("--max-snapshots", type=int, default=None,
                   help="most get_state snapshots (tree search) one session holds at once; "
                        "one more is refused (default: 1024)")
    p.add_argument("--env-kwargs", default="{}",
                   help='the env\'s keyword arguments as a JSON object, e.g. '
                        '\'{"source": "mbpp", "split": "test", "reward_tests": "public"}\'; '
                        'phi with a PRM: \'{"prm": "heuristic", "alpha": "paper", '
                        '"prm_mode": "terminal"}\' ("prm": heuristic, constant:V or a saved '
                        'PRM folder)')
    p.add_argument("--log-level", default="warning", help="uvicorn log level (default: warning)")
    p.set_defaults(func=_main)


def parse_env_kwargs(text: str) -> dict[str, Any]:
    """The ``--env-kwargs`` JSON object.

    Raises:
        ValueError: For text that is not a JSON object.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"--env-kwargs is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError(f"--env-kwargs must be a JSON object, got {type(value).__name__}")
    return value


def _main(args: argparse.Namespace) -> int:
    try:
        env_kwargs = parse_env_kwargs(args.env_kwargs)
        from agents.training.rewards import load_prm
        from o1coder_env.integrations.openenv_server import create_server_app

        limits = {} if args.max_snapshots is None else {"max_snapshots": args.max_snapshots}
        app = create_server_app(args.env, env_kwargs, max_sessions=args.max_sessions,
                                idle_timeout_s=args.idle_timeout or None, prm_loader=load_prm,
                                **limits)
    except (ValueError, TypeError, ImportError, FileNotFoundError) as exc:
        print(f"o1coder serve: {exc}", file=sys.stderr)
        return 2
    from o1coder_env._optional import require

    uvicorn = require("uvicorn", "serve", "o1coder serve")
    print(f"o1coder serve: {args.env} on ws://{args.host}:{args.port}/ws "
          f"(max {args.max_sessions} sessions)", file=sys.stderr, flush=True)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it to the handler that was there
    # before. Python's default handler ends the process without its exit hooks, which close the
    # sandboxes and remove their folders from the temp dir; exiting by SystemExit runs them.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    # Lenient keepalive: a client busy generating (or a loaded machine) answers pings late;
    # sessions that are really gone end by --idle-timeout.
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                ws_max_size=16 * 1024 * 1024, ws_ping_interval=30.0, ws_ping_timeout=300.0)
    return 0


def _exit_on_sigterm(signum: int, _frame: Any) -> None:
    """SIGTERM (after uvicorn's graceful shutdown): exit through SystemExit, running exit hooks."""
    raise SystemExit(128 + signum)
