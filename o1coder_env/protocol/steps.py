"""The paper's three-action step protocol: outline -> refine* -> code.

A step is *terminal* (the code step) when it contains a fenced Python block, exactly the test the
O1-Coder authors use. Everything else is a reasoning step: the first one is the outline
(action 1), later ones are refinements (action 2).
"""

from __future__ import annotations

import ast
import enum
import io
import re
import tokenize
from typing import Literal

__all__ = [
    "PROGRAM_RULES",
    "ProgramRule",
    "StepKind",
    "check_program_rule",
    "classify_step",
    "defines_name",
    "extract_code",
    "is_code_step",
    "program_from_completion",
]

#: Which fenced block of an answer is *the* program (see :func:`program_from_completion`).
#: ``"last-fence"``: the last block (the rule of every ``-v0``/``-v1`` env and reward).
#: ``"entry-point"``: the last block that defines the task's entry point, else ``"last-fence"``
#: (``O1Coder-Direct-v2``).
ProgramRule = Literal["last-fence", "entry-point"]
PROGRAM_RULES: tuple[str, ...] = ("last-fence", "entry-point")

# A fenced block opened by ```python (or ```py / ```python3), closed by ``` or end of text.
_FENCE_RE = re.compile(r"```(?:python3?|py)[ \t]*\r?\n(.*?)(?:```|\Z)", re.DOTALL | re.IGNORECASE)
_ANY_FENCE_RE = re.compile(r"```[a-zA-Z0-9_+-]*[ \t]*\r?\n(.*?)(?:```|\Z)", re.DOTALL)


class StepKind(str, enum.Enum):
    """The kind of a reasoning step (the paper's actions 1-3)."""

    OUTLINE = "outline"
    REFINE = "refine"
    CODE = "code"


def is_code_step(step: str) -> bool:
    """Return True when ``step`` contains a fenced ```python block (it ends the episode)."""
    return bool(_FENCE_RE.search(step))


def classify_step(step: str, index: int) -> StepKind:
    """Classify the ``index``-th (0-based) step of a trace.

    Args:
        step: The step's text.
        index: Its position in the trace; the first non-code step is the outline.

    Returns:
        ``CODE`` when the step holds a python block, else ``OUTLINE`` for the first step and
        ``REFINE`` after it.
    """
    if is_code_step(step):
        return StepKind.CODE
    return StepKind.OUTLINE if index == 0 else StepKind.REFINE


def check_program_rule(rule: object) -> ProgramRule:
    """Return ``rule`` if it names a program rule, else raise naming the valid ones.

    Raises:
        ValueError: For anything but one of :data:`PROGRAM_RULES`.
    """
    if not isinstance(rule, str) or rule not in PROGRAM_RULES:
        raise ValueError(f"program_rule must be one of {list(PROGRAM_RULES)}, got {rule!r}")
    return rule  # type: ignore[return-value]


def _binds(node: ast.stmt, name: str) -> bool:
    """Whether one module-level statement binds ``name`` (recursing into if/try/with/loops)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name == name
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            names = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            if any(isinstance(t, ast.Name) and t.id == name for t in names):
                return True
        return False
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names)
    # Compound statements at module level run their bodies at module level too (a def inside
    # ``if __name__ == "__main__":`` or ``try:`` binds a global); function and class bodies do not.
    blocks: list[list[ast.stmt]] = []
    if isinstance(node, (ast.If, ast.For, ast.AsyncFor, ast.While)):
        blocks = [node.body, node.orelse]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        blocks = [node.body]
    elif isinstance(node, (ast.Try, ast.TryStar)):
        blocks = [node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)]
    return any(_binds(child, name) for block in blocks for child in block)


# Tokens after which a token starts a logical line.
_LINE_START = frozenset({tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
                         tokenize.COMMENT, tokenize.ENCODING})


def _defines_by_tokens(code: str, name: str) -> bool:
    """``def NAME(`` / ``async def NAME(`` / ``class NAME`` opening a statement at column 0.

    For code that does not parse. Tokens rather than a plain regex, so text inside a string or a
    comment never matches; tokens after the first tokenizer error (an unterminated triple-quoted
    string, an inconsistent dedent) are not read.
    """
    tokens: list[tokenize.TokenInfo] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            tokens.append(tok)
    except (tokenize.TokenError, SyntaxError):  # IndentationError is a SyntaxError
        pass
    depth = 0  # open brackets: a line inside them continues a statement
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.OP and tok.string in ("(", "[", "{"):
            depth += 1
        elif tok.type == tokenize.OP and tok.string in (")", "]", "}"):
            depth = max(0, depth - 1)
        if tok.type != tokenize.NAME or tok.start[1] != 0 or depth:
            continue
        if i and tokens[i - 1].type not in _LINE_START:
            continue  # a backslash continuation, not a new statement
        words = [t.string for t in tokens[i:i + 4]]
        if words[:1] == ["async"]:
            words = words[1:]
        if len(words) >= 3 and words[1] == name:
            if words[0] == "def" and words[2] == "(":
                return True
            if words[0] == "class" and words[2] in ("(", ":"):
                return True
    return False


def defines_name(code: str, name: str) -> bool:
    """Whether ``code`` defines ``name`` at module level, where the sandbox looks it up.

    Parsed with :mod:`ast`: a ``def``/``async def``/``class`` of that name, an assignment or
    import binding it, also inside a module-level ``if``/``try``/``with``/loop (not inside a
    function or class). Code that does not parse is read token by token instead: a line that
    starts at column 0 with ``def NAME(``, ``async def NAME(`` or ``class NAME`` (never text in a
    string or comment).

    Args:
        code: A program (one fenced block's text).
        name: The name to look for (a task's entry point).

    Returns:
        True when the code defines ``name`` at module level.
    """
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # SyntaxError: not Python (IndentationError too); ValueError: null bytes, surrogates;
        # RecursionError/MemoryError: absurd nesting. All fall back to the token scan.
        return _defines_by_tokens(code, name)
    return any(_binds(node, name) for node in tree.body)


def extract_code(text: str, *, fallback_any_fence: bool = True, entry_point: str | None = None,
                 rule: ProgramRule = "last-fence") -> str | None:
    """Extract the program from a step or completion: ONE fenced block, never several joined.

    ``rule="last-fence"`` (default): the last ```python block wins (models often restate a
    draft before the final answer). When there is no python block, the last fenced block of any
    language is taken if ``fallback_any_fence``; else ``None``.

    ``rule="entry-point"`` with an ``entry_point``: among the ```python blocks, the LAST one that
    defines ``entry_point`` at module level (:func:`defines_name`); when no python block defines
    it, the last block of any language that does (if ``fallback_any_fence``); when none does, or
    without an ``entry_point`` (stdin/stdout tasks), the ``"last-fence"`` choice. So an "example
    usage" block written after the function no longer hides the function.

    Args:
        text: A model's output.
        fallback_any_fence: Accept a fence without a python tag.
        entry_point: The function the task's tests call (``None``: no function, e.g. stdio).
        rule: One of :data:`PROGRAM_RULES`.

    Returns:
        The code of one block, or ``None`` if no fenced block is found.

    Raises:
        ValueError: For an unknown ``rule``.
    """
    rule = check_program_rule(rule)
    blocks = _FENCE_RE.findall(text)
    if rule == "entry-point" and entry_point:
        # "Solution.method" (a method of a class) is defined by the class.
        name = entry_point.split(".", 1)[0]
        pools = [blocks, _ANY_FENCE_RE.findall(text) if fallback_any_fence else []]
        for pool in pools:
            for block in reversed(pool):
                if defines_name(block, name):
                    return block.strip("\n") + "\n"
    if not blocks and fallback_any_fence:
        blocks = _ANY_FENCE_RE.findall(text)
    if not blocks:
        return None
    return blocks[-1].strip("\n") + "\n"


def program_from_completion(text: str, *, entry_point: str | None = None,
                            rule: ProgramRule = "last-fence") -> str:
    """The program a one-shot completion stands for: the one rule every scorer uses.

    ``rule="last-fence"`` (default; every ``-v0``/``-v1`` env and reward): the last fenced
    ```python block; failing that, the last fenced block of any language; failing that, the
    whole text (models asked for code often answer with bare code). Garbage thus becomes a
    program that does not compile and earns the minimum.

    ``rule="entry-point"`` (``O1Coder-Direct-v2``): the last fenced block that defines
    ``entry_point`` at module level (python blocks first, then blocks of any language); when no
    block defines it, or the task has no entry point (stdin/stdout), the ``"last-fence"``
    program. Small models often follow their function with an "example usage" block; the last
    block is then a script that calls an undefined function, and the correct function earned 0.

    Either way the program is ONE block's text, never several blocks joined (a later block that
    redefines a helper the chosen block uses is not run), and the sandbox judges it on the
    task's tests: the rule only chooses which text the model wrote is run, so no choice can make
    a failing program pass. ``O1Coder-Direct-v0``/``-v1``/``-v2``, the TRL reward
    :class:`agents.training.rewards.SandboxReward` and the integrations call this, so training
    and evaluation pay the same reward for the same completion and rule.

    Args:
        text: A model's whole answer.
        entry_point: The function the task's tests call (``None`` for stdin/stdout tasks).
        rule: One of :data:`PROGRAM_RULES`.

    Returns:
        The program text (never ``None``: a completion is always *some* program).

    Raises:
        TypeError: If ``text`` is not a ``str``.
        ValueError: For an unknown ``rule``.
    """
    if not isinstance(text, str):
        raise TypeError(f"a completion must be a str, got {type(text).__name__}")
    code = extract_code(text, fallback_any_fence=True, entry_point=entry_point, rule=rule)
    return code if code is not None else text
