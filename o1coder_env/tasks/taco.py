"""The ``taco`` and ``apps`` sources: competitive-programming problems with I/O tests.

TACO (BAAI/TACO, Li et al. 2023) and APPS (codeparrot/apps, Hendrycks et al. 2021) share one row
format, read here online through Hugging Face ``datasets`` (``pip install 'o1coder[train]'``) or
offline from a local ``.jsonl`` / ``.json`` file (``path``) with the same fields:

- ``question`` (str): the statement -> ``Task.problem``;
- ``solutions`` (JSON string, or list, of Python programs): the first -> ``reference_solution``;
- ``input_output`` (JSON string, or object): ``{"inputs": [...], "outputs": [...]}`` plus an
  optional ``"fn_name"``;
- ``starter_code`` (str, optional) -> ``Task.prompt``; ``difficulty`` (str, optional);
  ``tags``/``skill_types`` (TACO; list or its string form, optional); ``url``, ``source``...
  kept in ``metadata``;
- ids: ``task_id``, else APPS's ``problem_id``, else the row's position (0-based) ->
  ``"<source>/<split>/<id>"``; ``split``: the row's ``split`` field, else the requested split,
  else ``"test"``.

Without ``fn_name`` the task is **stdio**: each input is the program's stdin and each output its
expected stdout (a list of lines is joined with newlines). With ``fn_name`` it is **call-style**:
each input is the argument list and each output the return value. APPS/TACO wrap each return
value in a one-element list (``"outputs": [[3], [5]]``); o1coder unwraps them when EVERY output
of the row is a one-element list, and otherwise takes outputs as they are. LeetCode-style rows
whose starter code is ``class Solution`` get a ``setup_code`` that defines the entry point as a
module-level function calling ``Solution().<fn_name>`` (only if the program does not define one).

Tests: hidden = all tests; public = the first ones, up to 3 and at most half of them (at least
one). Rows with no tests at all (some APPS train rows have an empty ``input_output``) are skipped
with a warning; a malformed row raises :class:`TaskDataError` naming file, line and field.

Difficulty: TACO ``EASY``/``MEDIUM``/``MEDIUM_HARD``/``HARD``/``VERY_HARD`` and APPS
``introductory``/``interview``/``competition`` map to easy/medium/hard (``MEDIUM_HARD`` and above
are hard; ``UNKNOWN_DIFFICULTY`` is None); the original is kept as ``metadata["raw_difficulty"]``.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from o1coder_env.tasks.errors import TaskDataError
from o1coder_env.tasks.jsonl import read_json_rows
from o1coder_env.tasks.model import Task, TaskStyle, TestCase, encode_value

__all__ = [
    "DIFFICULTY_MAP",
    "HF_DATASETS",
    "load_apps",
    "load_taco",
    "task_from_row",
]

#: Hugging Face dataset per source.
HF_DATASETS: dict[str, str] = {"taco": "BAAI/TACO", "apps": "codeparrot/apps"}
_SPLITS = ("train", "test")

#: Source difficulty labels -> o1coder's easy/medium/hard (None: unknown).
DIFFICULTY_MAP: dict[str, str | None] = {
    "EASY": "easy",
    "MEDIUM": "medium",
    "MEDIUM_HARD": "hard",
    "HARD": "hard",
    "VERY_HARD": "hard",
    "UNKNOWN_DIFFICULTY": None,
    "introductory": "easy",
    "interview": "medium",
    "competition": "hard",
}

_MAX_PUBLIC = 3


def _json_field(row: Mapping[str, Any], field: str, *, path: str, line: int) -> Any:
    """A field that holds JSON, either as a JSON string or already decoded."""
    value = row.get(field)
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise TaskDataError(f"invalid JSON in the string: {exc.msg} (column {exc.colno})",
                                path=path, line=line, field=field) from None
    return value


def _string_list(row: Mapping[str, Any], field: str, *, path: str, line: int) -> list[str]:
    """A list of strings given as a list, a JSON string or a Python repr string (TACO tags)."""
    value = row.get(field)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            try:
                value = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                raise TaskDataError(f"expected a list of strings, got {value!r:.60}",
                                    path=path, line=line, field=field) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TaskDataError(f"expected a list of strings, got {value!r:.60}",
                            path=path, line=line, field=field)
    return value


def _text(value: Any, *, path: str, line: int, field: str) -> str:
    """Stdin / stdout: a string, or a list of lines joined with newlines."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value) + ("\n" if value and not value[-1].endswith("\n") else "")
    raise TaskDataError(f"expected a string or a list of lines, got {value!r:.60}",
                        path=path, line=line, field=field)


def _tests(io: Any, *, path: str, line: int) -> tuple[str | None, list[TestCase]]:
    field = "input_output"
    if not isinstance(io, dict):
        raise TaskDataError(f"expected an object with inputs/outputs, got {io!r:.60}",
                            path=path, line=line, field=field)
    inputs, outputs = io.get("inputs"), io.get("outputs")
    for name, value in (("inputs", inputs), ("outputs", outputs)):
        if not isinstance(value, list):
            raise TaskDataError(f"expected a list, got {value!r:.60}", path=path, line=line,
                                field=f"{field}.{name}")
    assert isinstance(inputs, list) and isinstance(outputs, list)
    if len(inputs) != len(outputs):
        raise TaskDataError(f"{len(inputs)} inputs but {len(outputs)} outputs", path=path,
                            line=line, field=field)
    fn_name = io.get("fn_name")
    if fn_name is not None and (not isinstance(fn_name, str)
                                or not re.fullmatch(r"[A-Za-z_]\w*", fn_name)):
        raise TaskDataError(f"expected a function name, got {fn_name!r:.60}", path=path,
                            line=line, field=f"{field}.fn_name")
    if not fn_name:
        return None, [
            TestCase.stdio_case(
                _text(i, path=path, line=line, field=f"{field}.inputs[{k}]"),
                _text(o, path=path, line=line, field=f"{field}.outputs[{k}]"),
            )
            for k, (i, o) in enumerate(zip(inputs, outputs, strict=True))
        ]
    wrapped = bool(outputs) and all(isinstance(o, list) and len(o) == 1 for o in outputs)
    tests = []
    for k, (args, out) in enumerate(zip(inputs, outputs, strict=True)):
        if not isinstance(args, list):
            raise TaskDataError(f"a call-style input must be the argument list, got {args!r:.60}",
                                path=path, line=line, field=f"{field}.inputs[{k}]")
        expected = out[0] if wrapped else out
        try:
            encode_value(expected)
        except TypeError as exc:
            raise TaskDataError(str(exc), path=path, line=line,
                                field=f"{field}.outputs[{k}]") from None
        tests.append(TestCase.call_case(args, expected))
    return fn_name, tests


def _solution_shim(starter_code: str, fn_name: str) -> str:
    """Setup code for LeetCode-style rows: a module-level ``fn_name`` calling the method."""
    if not re.search(r"^class\s+Solution\b", starter_code, flags=re.MULTILINE):
        return ""
    return (
        f"if {fn_name!r} not in globals() and 'Solution' in globals():\n"
        f"    def {fn_name}(*args):\n"
        f"        return Solution().{fn_name}(*args)\n"
    )


def _signature(starter_code: str, fn_name: str) -> str | None:
    match = re.search(rf"^\s*def\s+{re.escape(fn_name)}\s*\(.*?\)\s*(->[^:]*)?:", starter_code,
                      flags=re.MULTILINE | re.DOTALL)
    return " ".join(match.group(0).split()) if match else None


def task_from_row(row: Mapping[str, Any], *, source: str, path: str, line: int,
                  index: int, split: str | None) -> Task | None:
    """Build the :class:`Task` of one TACO/APPS row; ``None`` for a row without tests.

    Args:
        row: The row.
        source: ``"taco"`` or ``"apps"`` (id prefix and ``Task.source``).
        path: File or dataset name, for error messages.
        line: Line number, for error messages.
        index: 0-based position of the row, the id when the row carries none.
        split: The requested split, used when the row has no ``split`` field.

    Raises:
        TaskDataError: For a malformed row, naming file, line and field.
    """
    question = row.get("question")
    if not isinstance(question, str) or not question.strip():
        raise TaskDataError(f"expected a non-empty problem statement, got {question!r:.60}",
                            path=path, line=line, field="question")
    io = _json_field(row, "input_output", path=path, line=line)
    if io is None or io == {}:
        return None
    fn_name, tests = _tests(io, path=path, line=line)
    if not tests:
        return None
    solutions = _json_field(row, "solutions", path=path, line=line) or []
    if not isinstance(solutions, list) or not all(isinstance(s, str) for s in solutions):
        raise TaskDataError(f"expected a list of programs, got {solutions!r:.60}", path=path,
                            line=line, field="solutions")
    starter = row.get("starter_code") or ""
    if not isinstance(starter, str):
        raise TaskDataError(f"expected str, got {type(starter).__name__}", path=path, line=line,
                            field="starter_code")
    raw_difficulty = row.get("difficulty")
    if raw_difficulty in (None, ""):
        difficulty = None
    elif isinstance(raw_difficulty, str) and raw_difficulty in DIFFICULTY_MAP:
        difficulty = DIFFICULTY_MAP[raw_difficulty]
    else:
        raise TaskDataError(f"unknown difficulty {raw_difficulty!r}; known: "
                            f"{', '.join(DIFFICULTY_MAP)}", path=path, line=line,
                            field="difficulty")
    row_split = row.get("split")
    if row_split is not None and not isinstance(row_split, str):
        raise TaskDataError(f"expected str, got {type(row_split).__name__}", path=path,
                            line=line, field="split")
    task_split = row_split or split or "test"
    ident = row.get("task_id", row.get("problem_id", index))
    if isinstance(ident, bool) or not isinstance(ident, (int, str)) or str(ident).strip() == "":
        raise TaskDataError(f"expected an int or non-empty str id, got {ident!r:.60}",
                            path=path, line=line,
                            field="task_id" if "task_id" in row else "problem_id")
    n_public = max(1, min(_MAX_PUBLIC, len(tests) // 2))
    metadata: dict[str, Any] = {"raw_difficulty": raw_difficulty, "n_solutions": len(solutions)}
    for key in ("url", "source", "name", "time_limit", "memory_limit"):
        if isinstance(row.get(key), (str, int, float)):
            metadata[key] = row[key]
    skills = _string_list(row, "skill_types", path=path, line=line)
    if skills:
        metadata["skill_types"] = skills
    return Task(
        task_id=f"{source}/{task_split}/{ident}",
        problem=question.strip(),
        style=TaskStyle.CALL if fn_name else TaskStyle.STDIO,
        entry_point=fn_name,
        signature=_signature(starter, fn_name) if fn_name else None,
        prompt=starter,
        public_tests=tuple(tests[:n_public]),
        hidden_tests=tuple(tests),
        reference_solution=solutions[0] if solutions else None,
        setup_code=_solution_shim(starter, fn_name) if fn_name else "",
        source=source,
        split=task_split,
        difficulty=difficulty,
        tags=tuple(_string_list(row, "tags", path=path, line=line)),
        metadata=metadata,
    )


def _rows_from_hf(source: str, split: str | None) -> Iterable[tuple[int, Mapping[str, Any]]]:
    from o1coder_env._optional import require

    datasets = require("datasets", "train", f"loading {source} from Hugging Face")
    name = HF_DATASETS[source]
    for split_name in [split] if split else list(_SPLITS):
        try:
            data = datasets.load_dataset(name, split=split_name)
        except Exception as exc:  # the hub, a script-based dataset, a missing cache...
            raise RuntimeError(
                f"could not load {name} split {split_name!r} from Hugging Face ({exc}); "
                f"download the rows as JSON Lines and pass --path FILE instead"
            ) from exc
        for number, row in enumerate(data, start=1):
            yield number, {"split": split_name, **row}


def _load(source: str, path: str | None, split: str | None) -> list[Task]:
    if path:
        origin = str(path)
        rows: Iterable[tuple[int, Mapping[str, Any]]] = read_json_rows(Path(path))
    else:
        if split is not None and split not in _SPLITS:
            raise ValueError(f"unknown {source} split {split!r}; known: {', '.join(_SPLITS)}")
        origin = HF_DATASETS[source]
        rows = _rows_from_hf(source, split)
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    skipped = 0
    for index, (line, row) in enumerate(rows):
        task = task_from_row(row, source=source, path=origin, line=line,
                             index=index if path else line - 1, split=split)
        if task is None:
            skipped += 1
            continue
        if task.task_id in seen:
            raise TaskDataError(f"duplicate task id {task.task_id!r} (first on line "
                                f"{seen[task.task_id]})", path=origin, line=line,
                                field="task_id")
        seen[task.task_id] = line
        if split is None or task.split == split:
            tasks.append(task)
    if skipped:
        warnings.warn(f"{origin}: skipped {skipped} row(s) without tests (empty input_output)",
                      stacklevel=3)
    return tasks


def load_taco(path: str | None = None, split: str | None = None) -> list[Task]:
    """Load TACO (see the module docstring for the row format and the conversion).

    Args:
        path: A local ``.jsonl``/``.json`` file in TACO's row format; ``None`` loads
            ``BAAI/TACO`` from Hugging Face (network).
        split: ``train`` or ``test``; ``None`` keeps all.

    Raises:
        TaskDataError: For a malformed row, naming file, line and field.
        MissingExtraError: Online without ``datasets`` installed.
    """
    return _load("taco", path, split)


def load_apps(path: str | None = None, split: str | None = None) -> list[Task]:
    """Load APPS (same row format as TACO; ids come from ``problem_id``).

    Args:
        path: A local ``.jsonl``/``.json`` file in APPS's row format; ``None`` loads
            ``codeparrot/apps`` from Hugging Face (network).
        split: ``train`` or ``test``; ``None`` keeps all.

    Raises:
        TaskDataError: For a malformed row, naming file, line and field.
        MissingExtraError: Online without ``datasets`` installed.
    """
    return _load("apps", path, split)
