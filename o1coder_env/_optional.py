"""Lazy imports of optional dependencies with errors that name the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtraError(ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


def require(module: str, extra: str, purpose: str = "") -> ModuleType:
    """Import ``module`` or raise an error naming the ``o1coder`` extra that installs it.

    Args:
        module: Dotted module name, e.g. ``"transformers"``.
        extra: The extra of the ``o1coder`` distribution that provides it, e.g. ``"llm"``.
        purpose: What the caller needs it for, shown in the error message.

    Returns:
        The imported module.

    Raises:
        MissingExtraError: If the module cannot be imported.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        what = f" for {purpose}" if purpose else ""
        raise MissingExtraError(
            f"{module!r} is needed{what} but is not installed: "
            f"run `pip install 'o1coder[{extra}]'` (original error: {exc})"
        ) from exc
