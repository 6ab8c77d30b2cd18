"""The ``mbpp`` source: Mostly Basic Python Problems (Austin et al. 2021).

Offline from a local file (``path``: ``mbpp.jsonl``, or the sanitized ``sanitized-mbpp.json``),
online from Hugging Face ``datasets`` (``google-research-datasets/mbpp``, configs ``full`` and
``sanitized``; ``pip install 'o1coder[train]'``). Choose the online config with
``load_mbpp(None, split, config="sanitized")`` or ``path="hf:sanitized"`` (CLI:
``--path hf:sanitized``).

Standard splits by task id: ``prompt`` 1-10, ``test`` 11-510, ``validation`` 511-600, ``train``
601-974. Each row becomes one call-style :class:`Task`:

- ``task_id`` ``"mbpp/<id>"``; ``split`` from the id; source ``"mbpp"``;
- ``entry_point``: the function the asserts call that the reference code defines;
- ``problem``: the row's ``text``, then a line ``Your code should pass this test:`` and the
  first assert, as in the MBPP paper's prompt: the text alone does not say the function's name
  or its argument order;
- ``reference_solution``: ``code`` with CRLF turned into LF (and leading tabs expanded when the
  code mixes them with spaces in a way Python 3 rejects);
- ``setup_code``: ``test_setup_code`` (sanitized: ``test_imports``); it may use names the
  program defines, so it runs after the program;
- public tests: the first assert of ``test_list``; hidden tests: all of ``test_list`` followed by
  ``challenge_test_list``. Plain asserts become call tests; the rest stay assert tests verbatim
  (see :mod:`o1coder_env.tasks.asserts`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from o1coder_env.tasks.asserts import assert_to_test, called_functions
from o1coder_env.tasks.errors import TaskDataError
from o1coder_env.tasks.jsonl import read_json_rows
from o1coder_env.tasks.model import Task, TaskStyle

__all__ = [
    "CONFIGS",
    "HF_DATASET",
    "SPLIT_RANGES",
    "MissingSplitError",
    "load_mbpp",
    "normalize_code",
    "split_of",
    "task_from_row",
]

HF_DATASET = "google-research-datasets/mbpp"
CONFIGS: tuple[str, ...] = ("full", "sanitized")

#: Standard MBPP splits: name -> inclusive task-id range.
SPLIT_RANGES: dict[str, tuple[int, int]] = {
    "prompt": (1, 10),
    "test": (11, 510),
    "validation": (511, 600),
    "train": (601, 974),
}


class MissingSplitError(ValueError):
    """The requested split has no task in the data given (the local copy lacks ``test``)."""


def split_of(task_id: int) -> str:
    """The standard split of an MBPP task id.

    Raises:
        ValueError: For an id outside 1-974.
    """
    for name, (low, high) in SPLIT_RANGES.items():
        if low <= task_id <= high:
            return name
    raise ValueError(f"MBPP task id {task_id} is outside the known range 1-974")


_LEADING_WS = re.compile(r"^[ \t]+", re.MULTILINE)


def normalize_code(code: str) -> str:
    """CRLF/CR to LF; leading tabs expanded only when Python 3 rejects the mix of tabs/spaces.

    Python 2 allowed mixing tabs and spaces; expanding tabs to 8 columns is the rule Python 2
    used, so the block structure is unchanged. Code that compiles as is keeps its tabs.
    """
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    try:
        with warnings.catch_warnings():  # old rows have "\d" in plain strings: not our concern
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)  # Python < 3.12 uses this one
            compile(code, "<mbpp>", "exec")
    except TabError:
        return _LEADING_WS.sub(lambda m: m.group(0).expandtabs(8), code)
    except SyntaxError:
        pass  # kept as is: the reference check in the tests would show it
    return code


def _entry_point(asserts: Iterable[str], code: str, *, path: str, line: int) -> str:
    defined = set(re.findall(r"^def\s+([A-Za-z_]\w*)\s*\(", code, flags=re.MULTILINE))
    first_called: str | None = None
    for source in asserts:
        names = called_functions(source)
        for name in names:
            if name in defined:
                return name
        if first_called is None and names:
            first_called = names[0]
    if first_called is None:
        raise TaskDataError("no function call found in the asserts to take the entry point from",
                            path=path, line=line, field="test_list")
    return first_called


def _signature(code: str, entry_point: str) -> str | None:
    match = re.search(rf"^def\s+{re.escape(entry_point)}\s*\(.*?\)\s*(->[^:]*)?:", code,
                      flags=re.MULTILINE | re.DOTALL)
    return " ".join(match.group(0).split()) if match else None


def _str_list(row: Mapping[str, Any], field: str, *, path: str, line: int,
              required: bool) -> list[str]:
    if field not in row or row[field] is None:
        if required:
            raise TaskDataError("missing required field", path=path, line=line, field=field)
        return []
    value = row[field]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TaskDataError(f"expected a list of assert strings, got {value!r:.60}",
                            path=path, line=line, field=field)
    return [v.replace("\r\n", "\n").strip() for v in value if v.strip()]


def task_from_row(row: Mapping[str, Any], *, path: str, line: int) -> Task:
    """Build the :class:`Task` of one MBPP row (full or sanitized format).

    Raises:
        TaskDataError: For a missing or mistyped field, naming file, line and field.
    """
    task_id = row.get("task_id")
    if isinstance(task_id, bool) or not isinstance(task_id, int):
        raise TaskDataError(f"expected an integer task id, got {task_id!r:.60}",
                            path=path, line=line, field="task_id")
    try:
        split = split_of(task_id)
    except ValueError as exc:
        raise TaskDataError(str(exc), path=path, line=line, field="task_id") from None
    text_field = "text" if "text" in row else "prompt"  # sanitized rows call it "prompt"
    text = row.get(text_field)
    if not isinstance(text, str) or not text.strip():
        raise TaskDataError(f"expected a non-empty problem statement, got {text!r:.60}",
                            path=path, line=line, field=text_field)
    code = row.get("code")
    if not isinstance(code, str) or not code.strip():
        raise TaskDataError(f"expected the reference code as a non-empty str, got {code!r:.60}",
                            path=path, line=line, field="code")
    code = normalize_code(code)
    tests = _str_list(row, "test_list", path=path, line=line, required=True)
    if not tests:
        raise TaskDataError("needs at least one assert", path=path, line=line, field="test_list")
    challenge = _str_list(row, "challenge_test_list", path=path, line=line, required=False)
    setup = row.get("test_setup_code", "")
    if setup is None:
        setup = ""
    if not isinstance(setup, str):
        raise TaskDataError(f"expected str, got {type(setup).__name__}", path=path, line=line,
                            field="test_setup_code")
    imports = _str_list(row, "test_imports", path=path, line=line, required=False)
    setup = "\n".join([*imports, normalize_code(setup)]).strip()
    entry_point = _entry_point([*tests, *challenge], code, path=path, line=line)
    hidden = [assert_to_test(t, func_names={entry_point}) for t in (*tests, *challenge)]
    problem = f"{text.strip()}\nYour code should pass this test:\n{tests[0]}"
    return Task(
        task_id=f"mbpp/{task_id}",
        problem=problem,
        style=TaskStyle.CALL,
        entry_point=entry_point,
        signature=_signature(code, entry_point),
        public_tests=(hidden[0],),
        hidden_tests=tuple(hidden),
        reference_solution=code,
        setup_code=setup,
        source="mbpp",
        split=split,
        metadata={"mbpp_task_id": task_id, "n_challenge_tests": len(challenge),
                  "format": "sanitized" if text_field == "prompt" else "full"},
    )


def _check_split(split: str | None) -> None:
    if split is not None and split not in SPLIT_RANGES:
        raise ValueError(f"unknown MBPP split {split!r}; known: {', '.join(SPLIT_RANGES)}")


def _rows_from_hf(config: str, split: str | None) -> Iterable[tuple[int, Mapping[str, Any]]]:
    from o1coder_env._optional import require

    datasets = require("datasets", "train", "loading MBPP from Hugging Face")
    splits = [split] if split else list(SPLIT_RANGES)
    number = 0
    for name in splits:
        for row in datasets.load_dataset(HF_DATASET, config, split=name):
            number += 1
            yield number, row


def load_mbpp(path: str | None = None, split: str | None = None, *,
              config: str = "full") -> list[Task]:
    """Load MBPP.

    Args:
        path: A local ``mbpp.jsonl`` (or ``.json`` array, e.g. ``sanitized-mbpp.json``); ``None``
            or ``"hf"``/``"hf:full"``/``"hf:sanitized"`` loads from Hugging Face (network).
        split: ``prompt``, ``test``, ``validation`` or ``train`` (by task id); ``None`` keeps all.
        config: The Hugging Face config, ``full`` or ``sanitized`` (``path="hf:<config>"`` wins).

    Returns:
        The tasks ordered by task id.

    Raises:
        ValueError: For an unknown split or config.
        MissingSplitError: When the split has no task in the data (the shared local copy has no
            ``test`` split: ids 11-510 are only in the online data set).
        TaskDataError: For a malformed row (names file, line and field) or a duplicate id.
        MissingExtraError: When loading online without ``datasets`` installed.
    """
    _check_split(split)
    online = path is None or path == "hf" or path.startswith("hf:")
    if online and path and path.startswith("hf:"):
        config = path[3:]
    if config not in CONFIGS:
        raise ValueError(f"unknown MBPP config {config!r}; known: {', '.join(CONFIGS)}")
    if online:
        origin = f"{HF_DATASET}[{config}]"
        rows: Iterable[tuple[int, Mapping[str, Any]]] = _rows_from_hf(config, split)
    else:
        assert path is not None
        origin = str(path)
        if not Path(path).is_file():
            raise FileNotFoundError(f"MBPP file not found: {path}")
        rows = read_json_rows(path)
    tasks: dict[str, Task] = {}
    lines: dict[str, int] = {}
    for line, row in rows:
        task = task_from_row(row, path=origin, line=line)
        if task.task_id in tasks:
            raise TaskDataError(f"duplicate task id {task.task_id!r} (first on line "
                                f"{lines[task.task_id]})", path=origin, line=line,
                                field="task_id")
        tasks[task.task_id] = task
        lines[task.task_id] = line
    ordered = sorted(tasks.values(), key=lambda t: int(t.metadata["mbpp_task_id"]))
    if split is None:
        return ordered
    selected = [t for t in ordered if t.split == split]
    if not selected:
        low, high = SPLIT_RANGES[split]
        raise MissingSplitError(
            f"the MBPP data in {origin} has no task of the {split!r} split (task ids "
            f"{low}-{high}); it has {', '.join(sorted({t.split for t in ordered})) or 'none'}. "
            "The shared local copy lacks the test split: load it online (no --path) instead."
        )
    return selected
