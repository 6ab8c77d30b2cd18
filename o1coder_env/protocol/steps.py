"""The paper's three-action step protocol: outline -> refine* -> code.

A step is *terminal* (the code step) when it contains a fenced Python block, exactly the test the
O1-Coder authors use. Everything else is a reasoning step: the first one is the outline
(action 1), later ones are refinements (action 2).
"""

from __future__ import annotations

import enum
import re

__all__ = ["StepKind", "classify_step", "extract_code", "is_code_step", "program_from_completion"]

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


def extract_code(text: str, *, fallback_any_fence: bool = True) -> str | None:
    """Extract the program from a step or completion.

    The last ```python block wins (models often restate a draft before the final answer). When
    there is no python block, the last fenced block of any language is taken if
    ``fallback_any_fence``; else ``None``.

    Args:
        text: A model's output.
        fallback_any_fence: Accept a fence without a python tag.

    Returns:
        The code, or ``None`` if no fenced block is found.
    """
    blocks = _FENCE_RE.findall(text)
    if not blocks and fallback_any_fence:
        blocks = _ANY_FENCE_RE.findall(text)
    if not blocks:
        return None
    return blocks[-1].strip("\n") + "\n"


def program_from_completion(text: str) -> str:
    """The program a one-shot completion stands for: the one rule every scorer uses.

    The last fenced ```python block; failing that, the last fenced block of any language;
    failing that, the whole text (models asked for code often answer with bare code). Garbage
    thus becomes a program that does not compile and earns the minimum. ``O1Coder-Direct-v0``
    and the TRL reward :class:`agents.training.rewards.SandboxReward` both call this, so training
    and evaluation pay the same reward for the same completion.

    Args:
        text: A model's whole answer.

    Returns:
        The program text (never ``None``: a completion is always *some* program).

    Raises:
        TypeError: If ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"a completion must be a str, got {type(text).__name__}")
    code = extract_code(text, fallback_any_fence=True)
    return code if code is not None else text
