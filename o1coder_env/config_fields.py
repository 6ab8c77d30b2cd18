"""Config dataclasses whose fields carry their own help text (the CLIs build flags from it).

One helper for every run config (training, TCG training, PPO, self-play, PRM)::

    @dataclass
    class RunConfig:
        steps: int = help_field("Optimizer steps (> 0).", 50)

    config_help(RunConfig)  # {"steps": "Optimizer steps (> 0)."}
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from dataclasses import field as _field
from typing import Any

__all__ = ["config_help", "help_field"]


def help_field(text: str, default: Any = MISSING, **kwargs: Any) -> Any:
    """A dataclass field with help text in ``metadata["help"]``.

    Args:
        text: The help text (shown by ``--help`` and :func:`config_help`).
        default: The default value; omitted for a required field.
        **kwargs: Passed to :func:`dataclasses.field` (e.g. ``default_factory``).
    """
    if default is MISSING:
        return _field(metadata={"help": text}, **kwargs)
    return _field(default=default, metadata={"help": text}, **kwargs)


def config_help(cls: type) -> dict[str, str]:
    """``{field name: help text}`` of a config dataclass (for docs and the CLI)."""
    return {f.name: str(f.metadata.get("help", "")) for f in fields(cls)}
