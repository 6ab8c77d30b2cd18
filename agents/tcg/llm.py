"""LLM-based test generation: the paper's prompt template, robust parsing, validation.

The template (our wording of the paper's, section 3.1) has an instruction, the problem, one
reference solution as the *code part*, and a *test part* asking for 3 input/output cases in a
fixed format. :func:`format_tests` renders true tests in exactly that format, so SFT targets and
the parser agree (see :mod:`agents.tcg.training`).

:func:`parse_tests` accepts what models actually write:

- ``assert f(1, 2) == 3`` (also ``assert 3 == f(1, 2)``, ``assert f(x)``, ``assert not f(x)``);
- ``Input: f(1, 2)`` / ``Input: 1, 2`` followed by ``Output: 3`` (also ``Expected output:``,
  numbered ``1. Input: ...``, values in backticks or fenced blocks);
- JSON objects ``{"input": ..., "output": ...}`` one per line;
- for stdio tasks, ``Input:`` and ``Output:`` followed by fenced blocks or the following lines.

Every parsed test is then checked against the reference (when one exists) in the sandbox: tests
it passes are returned, the others are kept in an :class:`LLMTCGReport` with the reason.

A small model's wrong tests are mostly slips in an expected value it works out in its head.
:class:`LLMTCG` can sample the same prompt several times (``votes``) and keep, for every input,
the expected value most completions wrote, and only when at least ``min_agreement`` of them
wrote it (:func:`vote_tests`; the self-consistency of Wang et al. 2022 applied to each test).
The vote uses no reference, so it also works where none exists. Measured on SmolLM2
(docs/tcg.md): its slips are mostly systematic, so a majority of 5 gains nothing, but tests all
5 samples wrote are right more often (0.823 against one sample's 0.775), at the cost of fewer
tests.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.generators import Prompt
from o1coder_env.tasks.model import Task, TaskStyle, TestCase, TestKind
from o1coder_env.tcg.base import call_from_assert, check_n, input_key
from o1coder_env.tcg.oracle import default_sandbox

__all__ = [
    "LLMTCG",
    "TCG_PROMPT_VERSION",
    "LLMTCGReport",
    "build_tcg_messages",
    "build_tcg_prompt",
    "format_tests",
    "parse_tests",
    "vote_tests",
]

#: Bump when the template's wording changes (trained TCG checkpoints depend on it).
TCG_PROMPT_VERSION = "tcg-v1"

CASES_PER_PROMPT = 3

_SYSTEM = (
    "You write test cases for programming problems. A test case gives an input and the exact "
    "output that a correct program produces for it."
)

_CALL_FORMAT = (
    "Write {k} test cases for the function `{entry}` as Python assert statements, one per line, "
    "each of the form `assert {entry}(<arguments>) == <expected result>` with literal values "
    "only. Compute each expected result carefully from the code above. Output only the asserts."
)

_STDIO_FORMAT = (
    "Write {k} test cases for the program above. For each, write `Input:` followed by the exact "
    "standard input in a ``` block, then `Output:` followed by the exact standard output in a "
    "``` block. Compute each output carefully from the code above. Output only the test cases."
)


def _user_text(task: Task, code: str | None, k: int) -> str:
    parts = ["### Problem", task.problem.strip()]
    if code:
        parts += ["", "### Code", "```python", code.strip(), "```"]
    parts += ["", "### Tests"]
    if task.style is TaskStyle.CALL:
        parts.append(_CALL_FORMAT.format(k=k, entry=task.entry_point))
    else:
        parts.append(_STDIO_FORMAT.format(k=k))
    return "\n".join(parts)


def build_tcg_messages(task: Task, code: str | None = None,
                       k: int = CASES_PER_PROMPT) -> list[dict[str, str]]:
    """Chat messages of the TCG template (system + user)."""
    return [{"role": "system", "content": _SYSTEM},
            {"role": "user", "content": _user_text(task, code, k)}]


def build_tcg_prompt(task: Task, code: str | None = None, k: int = CASES_PER_PROMPT) -> str:
    """The TCG template as one plain text prompt (for base models), ending where tests start."""
    return f"{_SYSTEM}\n\n{_user_text(task, code, k)}\n"


def format_tests(task: Task, tests: Sequence[TestCase]) -> str:
    """Render tests in the template's answer format (the SFT target; parsed by parse_tests)."""
    lines: list[str] = []
    for t in tests:
        if t.kind is TestKind.CALL:
            args = ", ".join(repr(a) for a in t.args)
            lines.append(f"assert {task.entry_point}({args}) == {t.expected!r}")
        elif t.kind is TestKind.STDIO:
            lines += ["Input:", "```", t.stdin.rstrip("\n"), "```", "Output:", "```",
                      t.expected.rstrip("\n"), "```", ""]
        else:
            lines.append(t.code.strip())
    return "\n".join(lines).rstrip() + "\n"


# --- parsing --------------------------------------------------------------------------------------

def _literal(text: str) -> Any:
    """``ast.literal_eval`` that also reads ``inf``/``nan``/``true``/``false``/``null``."""
    text = text.strip().strip("`").strip()
    names = {"true": True, "false": False, "null": None, "None": None, "inf": math.inf,
             "nan": math.nan}
    if text in names:
        return names[text]
    return ast.literal_eval(text)


def _args_from_input(text: str, entry: str | None) -> tuple[Any, ...]:
    """Read call arguments from ``f(1, 2)``, ``1, 2``, ``(1, 2)``, ``x = 1, y = 2``..."""
    text = text.strip().strip("`").strip().rstrip(",")
    if entry and text.startswith(entry + "(") and text.endswith(")"):
        text = text[len(entry) + 1:-1]
    tree = ast.parse(f"_f({text})", mode="eval")
    call = tree.body
    assert isinstance(call, ast.Call)
    args = [ast.literal_eval(a) for a in call.args]
    args += [ast.literal_eval(k.value) for k in call.keywords]  # "x=1, y=2": keyword order
    return tuple(args)


_FENCE = re.compile(r"```[a-zA-Z]*\n(.*?)```", re.S)
_IO_LINE = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?:[-*]\s*)?\**(input|inputs|expected output|output|expected)\**\s*[:=]"
    r"\s*(.*)$",
    re.I,
)


@dataclass(frozen=True)
class ParsedTests:
    """What :func:`parse_tests` found in one completion.

    Attributes:
        tests: Tests read as data (or assert code).
        errors: Chunks that looked like tests but could not be read, with the reason.
    """

    tests: tuple[TestCase, ...]
    errors: tuple[str, ...] = ()


def _parse_asserts(text: str, task: Task) -> tuple[list[TestCase], list[str]]:
    tests: list[TestCase] = []
    errors: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("assert "):
            continue
        converted = call_from_assert(stripped, task.entry_point or "")
        if converted is not None:
            tests.append(converted)
            continue
        try:
            ast.parse(stripped)
        except SyntaxError as exc:
            errors.append(f"unparsable assert {stripped[:120]!r}: {exc.msg}")
            continue
        if task.entry_point and re.search(rf"\b{re.escape(task.entry_point)}\s*\(", stripped):
            tests.append(TestCase.assert_case(stripped))  # not plain data: kept as assert code
        else:
            errors.append(f"assert does not call {task.entry_point!r}: {stripped[:120]!r}")
    return tests, errors


def _parse_json_lines(text: str, task: Task) -> tuple[list[TestCase], list[str]]:
    tests: list[TestCase] = []
    errors: list[str] = []
    for line in text.splitlines():
        s = line.strip().rstrip(",")
        if not (s.startswith("{") and s.endswith("}") and '"input' in s):
            continue
        try:
            obj = json.loads(s)
            inp, out = obj.get("input", obj.get("inputs")), obj.get("output", obj.get("expected"))
            if task.style is TaskStyle.STDIO:
                tests.append(TestCase.stdio_case(str(inp), str(out)))
            else:
                args = tuple(inp) if isinstance(inp, list) else (inp,)
                tests.append(TestCase.call_case(args, out))
        except (ValueError, AttributeError) as exc:
            errors.append(f"bad JSON test {s[:120]!r}: {exc}")
    return tests, errors


def _io_blocks(text: str) -> list[tuple[str, str]]:
    """Pairs of (input text, output text) from ``Input:``/``Output:`` sections."""
    pairs: list[tuple[str, str]] = []
    lines = text.splitlines()
    i = 0
    pending: str | None = None

    def section(start: int, inline: str) -> tuple[str, int]:
        """The value of a section: inline text, a fenced block, or the following plain lines."""
        if inline.strip() and not inline.strip().startswith("```"):
            return inline.strip(), start + 1
        j = start + 1
        fenced_inline = inline.strip().startswith("```")
        if fenced_inline or (j < len(lines) and lines[j].strip().startswith("```")):
            if not fenced_inline:
                j += 1
            body: list[str] = []
            while j < len(lines) and not lines[j].strip().startswith("```"):
                body.append(lines[j])
                j += 1
            return "\n".join(body), j + 1
        body = []
        while j < len(lines) and lines[j].strip() and not _IO_LINE.match(lines[j]):
            body.append(lines[j])
            j += 1
        return "\n".join(body), j

    while i < len(lines):
        m = _IO_LINE.match(lines[i])
        if not m:
            i += 1
            continue
        label = m.group(1).lower()
        value, i = section(i, m.group(2))
        if label.startswith("input"):
            pending = value
        elif pending is not None:
            pairs.append((pending, value))
            pending = None
    return pairs


def parse_tests(text: str, task: Task) -> ParsedTests:
    """Read the test cases a model wrote for ``task`` (formats in the module docstring).

    Returns:
        The tests found (de-duplicated by input, first kept) and the reasons chunks failed.
    """
    tests: list[TestCase] = []
    errors: list[str] = []
    if task.style is TaskStyle.CALL:
        found, errs = _parse_asserts(text, task)
        tests += found
        errors += errs
    found, errs = _parse_json_lines(text, task)
    tests += found
    errors += errs
    for inp, out in _io_blocks(text):
        if task.style is TaskStyle.STDIO:
            tests.append(TestCase.stdio_case(inp.strip("\n") + "\n", out.strip("\n") + "\n"))
            continue
        try:
            tests.append(TestCase.call_case(_args_from_input(inp, task.entry_point),
                                            _literal(out)))
        except (ValueError, SyntaxError, TypeError, AssertionError) as exc:
            errors.append(f"unreadable input/output pair {inp[:60]!r} -> {out[:60]!r}: "
                          f"{type(exc).__name__}")
    unique: list[TestCase] = []
    seen: set[str] = set()
    for t in tests:
        try:
            key = input_key(t)
        except TypeError:
            errors.append("a test value is not plain data")
            continue
        if key not in seen:
            seen.add(key)
            unique.append(t)
    return ParsedTests(tuple(unique), tuple(errors))


# --- agreement between samples -------------------------------------------------------------------

def _test_key(test: TestCase) -> str:
    """A key of what a test checks (input, expected value, how compared), not of its wording.

    ``origin`` (the text it was read from) is left out: ``f(1,2) == 3`` and ``3 == f(1, 2)``
    are one test and must vote together.
    """
    checked = test.to_dict()
    checked.pop("origin", None)
    return json.dumps(checked, sort_keys=True, default=repr)


def vote_tests(samples: Sequence[Sequence[TestCase]], min_agreement: int = 1,
               ) -> tuple[list[TestCase], list[int], list[tuple[TestCase, str]]]:
    """Keep, for each input, the expected value that most samples wrote.

    A sample is the list of tests parsed from one completion; it votes once for each distinct
    test in it. For every input (:func:`~o1coder_env.tcg.base.input_key`) the test with the
    most votes wins (ties: the one seen first) and is kept when at least ``min_agreement``
    samples wrote it. With one sample and ``min_agreement=1`` this is plain de-duplication by
    input, first kept.

    Args:
        samples: Tests per completion, in sampling order.
        min_agreement: Samples that must write the winning test (>= 1).

    Returns:
        ``(kept, support, outvoted)``: the kept tests, most supported first (then in the order
        first seen); the number of samples that wrote each; and ``(test, reason)`` for every
        other distinct test.

    Raises:
        ValueError: If ``min_agreement`` < 1.
    """
    if min_agreement < 1:
        raise ValueError(f"min_agreement must be >= 1, got {min_agreement}")
    # input key -> test key -> [first test, votes]; dicts keep first-seen order.
    groups: dict[str, dict[str, list[Any]]] = {}
    for tests in samples:
        voted: set[str] = set()
        for test in tests:
            key = _test_key(test)
            if key in voted:
                continue
            voted.add(key)
            entry = groups.setdefault(input_key(test), {}).setdefault(key, [test, 0])
            entry[1] += 1
    winners: list[tuple[TestCase, int]] = []
    outvoted: list[tuple[TestCase, str]] = []
    of = len(samples)
    for values in groups.values():
        ranked = sorted(values.values(), key=lambda entry: -entry[1])  # stable: first seen wins
        best, votes = ranked[0]
        if votes >= min_agreement:
            winners.append((best, votes))
        else:
            outvoted.append((best, f"{votes} of {of} samples wrote it; {min_agreement} needed"))
        for test, count in ranked[1:]:
            outvoted.append((test, f"{count} of {of} samples wrote it; {votes} wrote "
                                   "another expected value for the same input"))
    winners.sort(key=lambda pair: -pair[1])
    return [t for t, _ in winners], [v for _, v in winners], outvoted


# --- the generator --------------------------------------------------------------------------------

@dataclass
class LLMTCGReport:
    """Everything one :meth:`LLMTCG.generate_with_report` call produced.

    Attributes:
        task_id: The task.
        completions: The raw model outputs.
        parsed: Tests read from them (before validation).
        valid: Tests the reference passed (what :meth:`LLMTCG.generate` returns).
        invalid: ``(test, reason)`` for tests the reference failed.
        parse_errors: Chunks that looked like tests but could not be read.
        validated: False when there was no reference to check against (then ``valid`` holds
            every parsed test, unchecked).
        support: Completions that wrote each test of ``parsed`` (all 1 without a vote).
        outvoted: ``(test, reason)`` for tests read from the completions that lost the vote
            (never judged; without a vote, the later tests of an input already written).
    """

    task_id: str
    completions: list[str] = field(default_factory=list)
    parsed: list[TestCase] = field(default_factory=list)
    valid: list[TestCase] = field(default_factory=list)
    invalid: list[tuple[TestCase, str]] = field(default_factory=list)
    parse_errors: list[str] = field(default_factory=list)
    validated: bool = True
    support: list[int] = field(default_factory=list)
    outvoted: list[tuple[TestCase, str]] = field(default_factory=list)

    @property
    def validity(self) -> float | None:
        """Share of parsed tests the reference passed (``None`` when none parsed or unchecked)."""
        if not self.validated or not self.parsed:
            return None
        return len(self.valid) / len(self.parsed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (tests as dicts)."""
        return {
            "task_id": self.task_id,
            "completions": self.completions,
            "parsed": [t.to_dict() for t in self.parsed],
            "valid": [t.to_dict() for t in self.valid],
            "invalid": [{"test": t.to_dict(), "reason": r} for t, r in self.invalid],
            "parse_errors": self.parse_errors,
            "validated": self.validated,
            "validity": self.validity,
            "support": self.support,
            "outvoted": [{"test": t.to_dict(), "reason": r} for t, r in self.outvoted],
        }


GenerateFn = Callable[[list[Any], int], list[list[str]]]


class LLMTCG:
    """Generate tests with a language model through the TCG template.

    Args:
        generate_fn: Either a callable ``(prompts, n) -> list[list[str]]`` (``n`` completions per
            prompt; prompts are chat message lists or strings, see ``prompt_format``), or an
            ``agents.generators`` generator object (anything with ``.generate(prompts, n,
            sampling)`` returning objects with ``.text``).
        sampling: Passed to a generator object's ``generate`` (``agents.generators.Sampling``);
            ``None`` uses the generator's default.
        sandbox: Sandbox for validation; default: the shared one.
        prompt_format: ``"chat"`` (system + user messages) or ``"text"`` (one plain string, the
            format :mod:`agents.tcg.training` trains on by default).
        include_code: Put the reference solution in the prompt as the code part (the paper's
            template); without it the model sees the problem only.
        cases_per_prompt: Test cases asked for per completion.
        votes: Completions sampled for each one asked (``ceil(n / cases_per_prompt)`` are
            asked); with more than one, tests are kept by :func:`vote_tests`. Needs a
            temperature above 0 (greedy samples are all the same).
        min_agreement: Completions that must write a test, input and expected value, for it
            to be kept (1 to ``votes``).

    Raises:
        ValueError: For a bad ``prompt_format``, ``cases_per_prompt``, ``votes`` or
            ``min_agreement``, or ``votes`` above 1 with greedy ``sampling``.
        TypeError: If ``generate_fn`` is neither a callable nor a generator object.
    """

    def __init__(
        self,
        generate_fn: GenerateFn | Any,
        sampling: Any = None,
        *,
        sandbox: Any = None,
        prompt_format: str = "chat",
        include_code: bool = True,
        cases_per_prompt: int = CASES_PER_PROMPT,
        votes: int = 1,
        min_agreement: int = 1,
    ) -> None:
        if prompt_format not in ("chat", "text"):
            raise ValueError(f"prompt_format must be 'chat' or 'text', got {prompt_format!r}")
        if cases_per_prompt < 1:
            raise ValueError(f"cases_per_prompt must be >= 1, got {cases_per_prompt}")
        if votes < 1:
            raise ValueError(f"votes must be >= 1, got {votes}")
        if not 1 <= min_agreement <= votes:
            raise ValueError(f"min_agreement must be between 1 and votes ({votes}), got "
                             f"{min_agreement}")
        if votes > 1 and getattr(sampling, "temperature", None) == 0:
            # Greedy samples are all the same: the vote would cost V times and filter nothing.
            raise ValueError(f"votes={votes} needs sampling at a temperature above 0")
        if not callable(generate_fn) and not hasattr(generate_fn, "generate"):
            raise TypeError("generate_fn must be a callable (prompts, n) -> list[list[str]] or a "
                            "generator object with .generate(prompts, n, sampling)")
        self.generate_fn = generate_fn
        self.sampling = sampling
        self.sandbox = sandbox
        self.prompt_format = prompt_format
        self.include_code = include_code
        self.cases_per_prompt = cases_per_prompt
        self.votes = votes
        self.min_agreement = min_agreement

    def prompt(self, task: Task, code: str | None) -> Any:
        """The prompt for ``task`` in this generator's format."""
        shown = code if self.include_code else None
        if self.prompt_format == "chat":
            return build_tcg_messages(task, shown, self.cases_per_prompt)
        return build_tcg_prompt(task, shown, self.cases_per_prompt)

    def _complete(self, prompts: list[Any], n: int) -> list[list[str]]:
        gen = self.generate_fn
        if hasattr(gen, "generate") and not _is_plain_function(gen):
            wrapped = [_as_generator_prompt(p) for p in prompts]
            if self.sampling is not None:
                out = gen.generate(wrapped, n=n, sampling=self.sampling)
            else:
                out = gen.generate(wrapped, n=n)
            return [[g.text if hasattr(g, "text") else str(g) for g in row] for row in out]
        out = gen(prompts, n)
        if len(out) != len(prompts):
            raise ValueError(f"generate_fn returned {len(out)} rows for {len(prompts)} prompts")
        return [[str(t) for t in row] for row in out]

    def generate_with_report(self, task: Task, code: str | None = None,
                             n: int = 10) -> LLMTCGReport:
        """Sample, parse and validate; return the full :class:`LLMTCGReport`."""
        check_n(n)
        truth = code if code is not None else task.reference_solution
        report = LLMTCGReport(task.task_id, validated=bool(truth))
        if n == 0:
            return report
        samples = math.ceil(n / self.cases_per_prompt) * self.votes
        report.completions = self._complete([self.prompt(task, truth)], samples)[0]
        per_completion: list[Sequence[TestCase]] = []
        for text in report.completions:
            parsed = parse_tests(text, task)
            report.parse_errors += list(parsed.errors)
            per_completion.append(parsed.tests)
        if self.votes == 1:
            # No vote asked for: the completions count as one sample, so each input keeps the
            # test written first (what a single sample of n tests gives).
            per_completion = [[t for tests in per_completion for t in tests]]
        report.parsed, report.support, report.outvoted = vote_tests(per_completion,
                                                                    self.min_agreement)
        if not truth:
            report.valid = list(report.parsed)
        elif report.parsed:
            sb = self.sandbox if self.sandbox is not None else default_sandbox()
            result = sb.run(truth, report.parsed, entry_point=task.entry_point,
                            setup_code=task.setup_code)
            for t, r in zip(report.parsed, result.results, strict=True):
                if r.passed:
                    report.valid.append(t)
                else:
                    why = f"reference {r.status.value}"
                    if r.error_type or r.message:
                        why += f": {r.error_type} {r.message}".rstrip()
                    report.invalid.append((t, why[:300]))
        report.valid = report.valid[:n]
        return report

    def generate(self, task: Task, code: str | None = None, n: int = 10) -> list[TestCase]:
        """Return up to ``n`` generated tests that the reference passes."""
        return self.generate_with_report(task, code, n).valid


def _is_plain_function(obj: Any) -> bool:
    """True for functions/lambdas (which have no ``generate``) — guards odd callables."""
    return callable(obj) and not hasattr(type(obj), "generate")


def _as_generator_prompt(prompt: Any) -> Any:
    """Wrap chat messages in a step generator's :class:`~agents.generators.Prompt`."""
    if isinstance(prompt, str):
        return prompt
    return Prompt(messages=list(prompt))

