"""Errors raised while loading or validating tasks."""

from __future__ import annotations


class TaskDataError(ValueError):
    """A data row is malformed; the message names the file, the line and the field.

    Attributes:
        path: The file (or source name) the row came from.
        line: 1-based line (or row) number, when known.
        field: The offending field, when known.
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class UnknownSourceError(KeyError):
    """A task source name is not registered; the message lists the known ones."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable.
        return str(self.args[0]) if self.args else ""


class UnknownTaskError(KeyError):
    """A task id is not in the loaded task set."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
