"""Run a reference program in the sandbox to learn its outputs, and its line coverage.

The sandbox decides pass/fail against *known* expected values and never reports a function's
return value. To compute expected outputs for new inputs we therefore run a small generated
*harness* program as a stdio job: it embeds the reference source, reads one JSON-encoded argument
tuple from stdin, calls the entry point (with the reference's own prints captured), and prints
one marker line with the JSON-encoded result (:func:`~o1coder_env.tasks.model.encode_value`, so
tuples, sets and non-string dict keys survive). The parent parses that line. Stdio references
need no harness: their stdout *is* the output.

Each input is its own sandbox test, so one slow or crashing input only loses that input. Inputs
on which the reference raises, times out, exceeds a limit, prints an unreadable result or returns
a value that is not plain data are reported as failures and dropped by the generators.

Line coverage runs one more harness that traces the reference (``sys.settrace``, only frames of
the reference's own code) over all inputs in a single job and prints the executed line numbers;
the parent intersects them with the statements that coverage.py's parser finds (``ast`` when
coverage.py is absent). No reference code ever runs in the caller's process.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from o1coder_env.sandbox import _codec
from o1coder_env.sandbox.report import Limits, Status
from o1coder_env.tasks import model as _model
from o1coder_env.tasks.model import Task, TaskStyle, TestCase, TestKind

__all__ = [
    "OracleResult",
    "compute_outputs",
    "default_sandbox",
    "line_coverage",
    "statement_lines",
]

#: Marks the harness's result line so the reference's own output can never be mistaken for it.
MARKER = "\x1e__O1CODER_TCG_RESULT__"

#: Limits for oracle runs: a short timeout (fuzzed inputs that make the reference slow are not
#: worth keeping) and room for large outputs (a truncated result cannot be parsed).
ORACLE_LIMITS = Limits(timeout_s=2.0, report_chars=200_000, output_bytes=1 << 21)

_OK_STATUSES = (Status.PASSED, Status.FAILED)


@dataclass(frozen=True)
class OracleResult:
    """The reference's behaviour on one input.

    Attributes:
        ok: True when the reference ran normally and its output was read.
        output: The return value (call style) or stdout (stdio style); ``None`` when not ``ok``.
        error: Why not ``ok`` (sandbox status, exception type and message...).
    """

    ok: bool
    output: Any = None
    error: str = ""


def default_sandbox() -> Any:
    """The process-wide shared sandbox (imported lazily: it is a sibling package)."""
    from o1coder_env.sandbox import get_default_sandbox

    return get_default_sandbox()


def _codec_source() -> str:
    """The one value codec's source, embedded in harnesses so they need no o1coder install.

    ``encode_value``/``decode_value`` in the harness are the codec's canonical form, exactly
    what :func:`o1coder_env.tasks.model.encode_value` writes and ``decode_value`` reads.
    """
    source = Path(_codec.__file__).read_text(encoding="utf-8")
    # A __future__ import must open a module; the harness has lines before the codec.
    source = source.replace("from __future__ import annotations\n", "")
    return source + (
        "\ndef encode_value(value):\n    return encode_strict(value, canonical=True)\n"
        "\ndef decode_value(data):\n    return decode_strict(data)\n"
    )


_CALL_HARNESS = '''
import contextlib as _cl, io as _io, json as _json, sys as _sys
{codec}
_SRC = {src!r}
_SETUP = {setup!r}
_ENTRY = {entry!r}
_MARK = {mark!r}

def _o1coder_main():
    args = decode_value(_json.loads(_sys.stdin.read()))
    ns = {{"__name__": "__o1coder_reference__"}}
    try:
        with _cl.redirect_stdout(_io.StringIO()):
            if _SETUP:
                exec(compile(_SETUP, "<setup>", "exec"), ns)
            exec(compile(_SRC, "<reference>", "exec"), ns)
            value = ns[_ENTRY](*args)
        payload = {{"ok": True, "value": encode_value(value)}}
    except BaseException as exc:
        payload = {{"ok": False, "error": type(exc).__name__ + ": " + str(exc)[:300]}}
    _sys.stdout.write(_MARK + _json.dumps(payload) + "\\n")

_o1coder_main()
'''

_COVERAGE_HARNESS = '''
import contextlib as _cl, io as _io, json as _json, sys as _sys
{codec}
_SRC = {src!r}
_SETUP = {setup!r}
_ENTRY = {entry!r}
_STYLE = {style!r}
_MARK = {mark!r}

def _o1coder_main():
    inputs = _json.loads(_sys.stdin.read())
    code = compile(_SRC, "<reference>", "exec")
    lines = set()

    def local(frame, event, arg):
        if event == "line":
            lines.add(frame.f_lineno)
        return local

    def glob(frame, event, arg):
        return local if frame.f_code.co_filename == "<reference>" else None

    real_stdin = _sys.stdin
    for item in inputs:
        ns = {{"__name__": "__main__" if _STYLE == "stdio" else "__o1coder_reference__"}}
        try:
            with _cl.redirect_stdout(_io.StringIO()):
                if _SETUP:
                    exec(compile(_SETUP, "<setup>", "exec"), ns)
                if _STYLE == "stdio":
                    _sys.stdin = _io.StringIO(item)
                    _sys.settrace(glob)
                    exec(code, ns)
                else:
                    _sys.settrace(glob)
                    exec(code, ns)
                    ns[_ENTRY](*decode_value(item))
        except BaseException:
            pass
        finally:
            _sys.settrace(None)
            _sys.stdin = real_stdin
    _sys.stdout.write(_MARK + _json.dumps(sorted(lines)) + "\\n")

_o1coder_main()
'''


def _call_harness(task: Task, code: str) -> str:
    return _CALL_HARNESS.format(
        codec=_codec_source(), src=code, setup=task.setup_code, entry=task.entry_point,
        mark=MARKER,
    )


def _read_marked(stdout: str) -> Any:
    """Parse the JSON after the last marker in ``stdout``; raises ValueError when absent."""
    idx = stdout.rfind(MARKER)
    if idx < 0:
        raise ValueError("no result line (output missing or truncated)")
    line = stdout[idx + len(MARKER):].split("\n", 1)[0]
    return json.loads(line)


def _test_timeout(task: Task, limits: Limits) -> float:
    """Per-input timeout: the task's own per-test limit when it is larger (slow by design)."""
    own = [t.timeout_s for t in task.all_tests if t.timeout_s]
    return max([limits.timeout_s, *own])


def compute_outputs(
    task: Task,
    inputs: Sequence[TestCase],
    code: str,
    *,
    sandbox: Any = None,
    limits: Limits = ORACLE_LIMITS,
) -> list[OracleResult]:
    """Run ``code`` on each input and return what it produced.

    Args:
        task: The task (style, entry point and setup code are read from it).
        inputs: Tests whose *inputs* are used (``args`` for call style, ``stdin`` for stdio);
            their expected values are ignored.
        code: The program defining the truth (usually the reference solution).
        sandbox: A :class:`~o1coder_env.sandbox.Sandbox`; default: the shared one.
        limits: Resource limits for these runs.

    Returns:
        One :class:`OracleResult` per input, in order.
    """
    if not inputs:
        return []
    sb = sandbox if sandbox is not None else default_sandbox()
    timeout = _test_timeout(task, limits)
    if task.style is TaskStyle.CALL:
        jobs = []
        for t in inputs:
            if t.kind is not TestKind.CALL:
                raise ValueError(f"{task.task_id}: call-style task given a {t.kind.value} input")
            stdin = json.dumps(_model.encode_value(t.args))
            jobs.append(TestCase.stdio_case(stdin, "", timeout_s=timeout))
        report = sb.run(_call_harness(task, code), jobs, limits=limits)
    else:
        jobs = []
        for t in inputs:
            if t.kind is not TestKind.STDIO:
                raise ValueError(f"{task.task_id}: stdio task given a {t.kind.value} input")
            jobs.append(TestCase.stdio_case(t.stdin, "", timeout_s=timeout))
        report = sb.run(code, jobs, setup_code=task.setup_code, limits=limits)
    if not report.compiled:
        reason = f"reference does not compile: {report.compile_error}"
        return [OracleResult(False, error=reason) for _ in inputs]
    out: list[OracleResult] = []
    for result in report.results:
        if result.status not in _OK_STATUSES:
            detail = f"{result.status.value}: {result.error_type} {result.message}".strip()
            out.append(OracleResult(False, error=detail))
            continue
        if task.style is TaskStyle.STDIO:
            if len(result.stdout) >= limits.report_chars:
                out.append(OracleResult(False, error="output too long (truncated)"))
            else:
                out.append(OracleResult(True, output=result.stdout))
            continue
        try:
            payload = _read_marked(result.stdout)
        except ValueError as exc:
            out.append(OracleResult(False, error=f"unreadable result: {exc}"))
            continue
        if payload.get("ok"):
            out.append(OracleResult(True, output=_model.decode_value(payload["value"])))
        else:
            out.append(OracleResult(False, error=str(payload.get("error", "error"))))
    return out


def statement_lines(code: str) -> set[int]:
    """Executable statement lines of ``code`` (coverage.py's parser; ``ast`` as a fallback)."""
    try:
        from coverage.parser import PythonParser

        parser = PythonParser(text=code)
        parser.parse_source()
        return set(parser.statements)
    except ImportError:
        tree = ast.parse(code)
        return {n.lineno for n in ast.walk(tree) if isinstance(n, ast.stmt)}


def line_coverage(
    task: Task,
    inputs: Sequence[TestCase],
    code: str,
    *,
    sandbox: Any = None,
    timeout_s: float = 20.0,
) -> float | None:
    """Share of the statements of ``code`` that run when it is fed ``inputs``.

    Module-level statements (imports, ``def`` lines) count as statements and run on import, as
    in coverage.py's own report. Returns ``None`` when the traced run failed (timeout...) or
    there is nothing to cover.
    """
    statements = statement_lines(code)
    if not statements:
        return None
    encoded: list[Any] = []
    for t in inputs:
        if task.style is TaskStyle.CALL and t.kind is TestKind.CALL:
            encoded.append(_model.encode_value(t.args))
        elif task.style is TaskStyle.STDIO and t.kind is TestKind.STDIO:
            encoded.append(t.stdin)
    harness = _COVERAGE_HARNESS.format(
        codec=_codec_source(), src=code, setup=task.setup_code, entry=task.entry_point,
        style=task.style.value, mark=MARKER,
    )
    limits = Limits(timeout_s=timeout_s, report_chars=200_000, output_bytes=1 << 21)
    sb = sandbox if sandbox is not None else default_sandbox()
    report = sb.run(harness, [TestCase.stdio_case(json.dumps(encoded), "", timeout_s=timeout_s)],
                    limits=limits)
    if not report.compiled or not report.results:
        return None
    result = report.results[0]
    if result.status not in _OK_STATUSES:
        return None
    try:
        executed = set(_read_marked(result.stdout))
    except ValueError:
        return None
    return len(executed & statements) / len(statements)
