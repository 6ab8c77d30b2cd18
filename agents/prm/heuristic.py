"""A PRM with no model: syntax, structure and consistency checks of each step.

The baseline a learned PRM must beat. Scores are sums of simple, documented checks, clipped to
``[0, 1]``:

Code steps (a fenced python block, the protocol's last action):

- no extractable code: 0.1; code that does not parse (``ast.parse``): 0.05;
- otherwise 0.4, plus 0.2 when it defines the function the problem asks for (``def name(`` in
  the problem text; granted when the problem names none), plus 0.1 when every function it
  defines returns something other than a literal ``None`` on some path, plus 0.1 when every
  parameter of those functions is read, plus up to 0.2 for the share of the names the outline
  and refinements introduced (``name(`` calls and ``name <-`` / ``name =`` bindings) that the
  code uses.

Pseudocode steps (outline, refine):

- empty: 0.0; a fenced block that is not python-parsable code: 0.1;
- otherwise 0.3, plus up to 0.4 for the share of the step's content words (identifiers of 3+
  letters) that occur in the problem or earlier steps (on-topic), plus 0.1 for a multi-line,
  structured step, plus 0.2 unless the step names a function (``name(``) that appears in
  neither the problem nor earlier steps and is not a common builtin (a step from another task).

It cannot tell a subtly wrong program (a mutant) from the right one: that is what a learned PRM
is for, and the evaluation reports AUC on code steps separately to show it.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Sequence

from agents.prm.base import BasePRM, StepExample
from o1coder_env.protocol.steps import extract_code, is_code_step

__all__ = ["HeuristicPRM"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_BINDING = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*(?:<-|=(?!=)|:=)")
_DEF = re.compile(r"\bdef\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_COMMON = set(dir(builtins)) | {
    "function", "return", "returns", "for", "while", "if", "else", "sort", "sorted", "append",
    "push", "pop", "add", "get", "set", "map", "max", "min", "sum", "len", "range", "and", "or",
    "not", "the", "with", "from", "each", "all", "any", "split", "join", "key", "keys", "items",
}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _IDENT.findall(text) if len(w) >= 3}


class HeuristicPRM(BasePRM):
    """Rule-based step scores (see the module docstring for the rules)."""

    kind = "heuristic"

    def score_examples(self, examples: Sequence[StepExample]) -> list[float]:
        """Score each step from its text, the problem and the steps before it."""
        return [self._score_one(ex) for ex in examples]

    def _score_one(self, ex: StepExample) -> float:
        if not ex.step.strip():
            return 0.0
        if is_code_step(ex.step):
            return _clip(self._code_score(ex))
        return _clip(self._plan_score(ex))

    def _code_score(self, ex: StepExample) -> float:
        code = extract_code(ex.step)
        if not code:
            return 0.1
        try:
            tree = ast.parse(code)
        except SyntaxError:
            return 0.05
        score = 0.4
        wanted = _DEF.findall(ex.problem)
        funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        defined = {f.name for f in funcs}
        if not wanted or wanted[0] in defined:
            score += 0.2
        if funcs and all(_returns_value(f) for f in funcs):
            score += 0.1
        if funcs and all(_reads_all_params(f) for f in funcs):
            score += 0.1
        planned = set()
        for step in ex.prefix:
            planned |= set(_CALL.findall(step)) | set(_BINDING.findall(step))
        planned -= _COMMON
        if planned:
            used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | defined
            used |= {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}
            score += 0.2 * len(planned & used) / len(planned)
        else:
            score += 0.1
        return score

    def _plan_score(self, ex: StepExample) -> float:
        if "```" in ex.step:
            return 0.1
        context = ex.problem + "\n" + "\n".join(ex.prefix)
        known = _words(context)
        words = _words(ex.step) - {w.lower() for w in _COMMON}
        score = 0.3
        if words:
            score += 0.4 * len(words & known) / len(words)
        lines = [ln for ln in ex.step.strip().splitlines() if ln.strip()]
        if len(lines) >= 2:
            score += 0.1
        known_names = set(_IDENT.findall(context))
        foreign = {c for c in _CALL.findall(ex.step)} - known_names - _COMMON
        if not foreign:
            score += 0.2
        return score


def _returns_value(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(func):
        if (isinstance(node, ast.Return) and node.value is not None
                and not (isinstance(node.value, ast.Constant) and node.value.value is None)):
            return True
    # A function with yields, or printing (stdin/stdout style), has no value to return.
    return any(isinstance(n, ast.Yield | ast.YieldFrom) for n in ast.walk(func)) or any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        for n in ast.walk(func)
    )


def _reads_all_params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    params = [a.arg for a in func.args.args + func.args.kwonlyargs if a.arg not in ("self", "cls")]
    read = {n.id for n in ast.walk(func) if isinstance(n, ast.Name)}
    return all(p in read for p in params)


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))
