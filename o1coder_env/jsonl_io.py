"""Reading and writing JSON-lines files: the one reader every layer uses.

Every error names the file and the line, so a bad row in a 10,000-line file is found at once.
Blank lines are skipped; ``.gz`` files are read transparently.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["JsonlError", "iter_jsonl", "read_jsonl", "write_jsonl"]


class JsonlError(ValueError):
    """A line that is not a JSON object; ``path`` and ``line`` say where."""

    def __init__(self, message: str, *, path: str, line: int) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.reason = message


def iter_jsonl(path: str | Path, *, what: str = "JSONL") -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for every non-blank line of a JSONL file.

    Args:
        path: The file (``.gz`` is decompressed).
        what: What the file holds, for the not-found message (e.g. ``"tree"``).

    Raises:
        FileNotFoundError: If the file does not exist (the message names it).
        JsonlError: For a line that is not valid JSON or not a JSON object.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{what} file not found: {path}")
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                raise JsonlError(f"not valid JSON ({exc.msg})", path=str(path),
                                 line=number) from None
            if not isinstance(row, dict):
                raise JsonlError(f"expected a JSON object, got {type(row).__name__}",
                                 path=str(path), line=number)
            yield number, row


def read_jsonl(path: str | Path, *, what: str = "JSONL") -> list[dict[str, Any]]:
    """All objects of a JSONL file, in order (see :func:`iter_jsonl` for the errors)."""
    return [row for _, row in iter_jsonl(path, what=what)]


def write_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """Write records as JSON lines (atomically: a temporary file renamed into place).

    Returns:
        The number of records written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n
