"""The prompts that drive a policy model through the step protocol (one versioned place).

Two modes:

* ``"pseudocode"`` (the O1-Coder protocol, in our own words): the model takes ONE action per call:
  action 1 outlines the solution in pseudocode, action 2 refines the pseudocode (may repeat),
  action 3 writes the final Python in a ```python block, which ends the episode. The steps written
  so far go into the user message, headed ``### Step N``, and the model is asked for the next step
  only. Generation stops at :data:`STEP_STOP` (the header of a further step), and
  :func:`clean_step` cuts whatever the model wrote past the end of its one step.
* ``"direct"`` (the paper's "vanilla"; both names are accepted): no reasoning protocol; the
  model writes the program directly in a ```python block (:func:`build_direct_messages`).

Both return chat messages (``[{"role": "system", ...}, {"role": "user", ...}]``) for a chat
template; :func:`render_plain` flattens them for plain completion endpoints.

Bump :data:`PROMPT_VERSION` whenever the wording changes: results and synthesized data record it.
"""

from __future__ import annotations

from collections.abc import Sequence

from o1coder_env.protocol.steps import is_code_step
from o1coder_env.tasks.model import Task, TaskStyle

__all__ = [
    "MODES",
    "PROMPT_VERSION",
    "STEP_HEADER",
    "STEP_STOP",
    "build_direct_messages",
    "build_step_messages",
    "clean_step",
    "normalize_mode",
    "render_plain",
    "task_problem_text",
]

#: Version of the prompt wording; recorded with results and synthesized data.
PROMPT_VERSION = "2026.11-pseudocode-v1"

#: The two reasoning modes, one vocabulary for every layer: ``"pseudocode"`` (the paper's
#: outline -> refine -> code protocol, env ``O1Coder-v0``) and ``"direct"`` (the code in one
#: step, env ``O1Coder-Direct-v0``). ``"vanilla"``, the paper's name for ``"direct"``, is
#: accepted everywhere as an alias (:func:`normalize_mode`).
MODES = ("pseudocode", "direct")

_MODE_ALIASES = {"vanilla": "direct"}


def normalize_mode(mode: str) -> str:
    """The canonical name of a reasoning mode (``"vanilla"`` -> ``"direct"``).

    Raises:
        ValueError: For a mode that is neither in :data:`MODES` nor an alias, naming both.
    """
    canonical = _MODE_ALIASES.get(mode, mode)
    if canonical not in MODES:
        raise ValueError(f"unknown prompt mode {mode!r}; expected one of {MODES} (or "
                         f"{', '.join(sorted(_MODE_ALIASES))}, the paper's name for direct)")
    return canonical

#: Header of step ``n`` (1-based) in the "steps so far" part of the prompt.
STEP_HEADER = "### Step {n}"

#: Stop strings for one step: the model starting the header of a further step.
STEP_STOP: tuple[str, ...] = ("\n### Step",)

_PSEUDOCODE_SYSTEM = """\
You solve programming problems step by step, one step per reply. There are three kinds of step:

1. Outline: write the structure of the solution in pseudocode: the main function(s) with their \
inputs and outputs, and the main stages of the algorithm in order. No Python yet.
2. Refine: take the pseudocode so far and add detail to part of it (loops, conditions, edge \
cases, data structures). You may refine several times.
3. Code: translate the pseudocode into a complete Python program inside a ```python block. \
This is the final step: write it only when the pseudocode is detailed enough.

Rules: reply with exactly ONE step: the first step is an outline; after that, either refine or \
write the code. Do not repeat earlier steps and do not write a step header."""

_EXAMPLE = """\
Example problem: Return the sum of the even numbers in a list of integers. \
Implement `def sum_even(xs: list[int]) -> int:`.

### Step 1
Function sum_even(xs) -> int:
  1. start a running total at 0
  2. for each number in xs, add it when it is even
  3. return the total

### Step 2
Refine step 2: a number x is even when x mod 2 == 0 (this holds for negative numbers too).
An empty list gives 0 because the loop never runs.

### Step 3
```python
def sum_even(xs: list[int]) -> int:
    total = 0
    for x in xs:
        if x % 2 == 0:
            total += x
    return total
```"""

_VANILLA_SYSTEM = """\
You solve programming problems. Reply with the complete solution as Python code in a single \
```python block, and nothing after the block."""


def task_problem_text(task: Task) -> str:
    """The problem as a model should read it: the statement plus what to implement.

    Call-style tasks name the function signature (or the HumanEval prompt); stdio tasks say that
    the program reads standard input and writes standard output. Hidden tests never appear.
    """
    text = task.problem.strip()
    if task.style is TaskStyle.CALL:
        if task.signature:
            text += f"\n\nImplement `{task.signature.strip()}`."
        elif task.prompt.strip() and task.prompt.strip() not in text:
            text += f"\n\nComplete this code:\n```python\n{task.prompt.rstrip()}\n```"
        elif task.entry_point:
            text += f"\n\nImplement the function `{task.entry_point}`."
    else:
        text += "\n\nWrite a program that reads standard input and prints the answer to " \
                "standard output."
    return text


def _steps_block(steps: Sequence[str]) -> str:
    return "\n\n".join(
        f"{STEP_HEADER.format(n=i + 1)}\n{step.strip()}" for i, step in enumerate(steps)
    )


def build_step_messages(
    problem: str, steps: Sequence[str] = (), *, mode: str = "pseudocode"
) -> list[dict[str, str]]:
    """Build the chat messages that ask for the next step.

    Args:
        problem: The problem text (see :func:`task_problem_text` to make it from a Task).
        steps: The steps taken so far, in order (outline first).
        mode: ``"pseudocode"`` (ask for the next single step of the protocol) or ``"direct"``
            (alias ``"vanilla"``: ask for the code directly; ``steps`` must then be empty).

    Returns:
        ``[system, user]`` messages (dicts with ``role`` and ``content``).

    Raises:
        ValueError: For an unknown mode, an empty problem, direct mode with steps, or steps
            that continue after a code step (the episode has already ended).
    """
    mode = normalize_mode(mode)
    if not problem.strip():
        raise ValueError("the problem text is empty")
    steps = list(steps)
    if mode == "direct":
        if steps:
            raise ValueError("direct (vanilla) mode writes the code in one step: 'steps' must be "
                             f"empty, got {len(steps)} step(s)")
        return build_direct_messages(problem)
    for i, step in enumerate(steps[:-1]):
        if is_code_step(step):
            raise ValueError(f"step {i + 1} is a code step, which ends the episode; "
                             "no step can follow it")
    n = len(steps) + 1
    if not steps:
        request = "Write Step 1: the outline in pseudocode."
    else:
        request = (f"Write Step {n} only: refine the pseudocode, or, if it "
                   "is detailed enough, write the final code in a ```python block.")
    parts = [_EXAMPLE, f"Problem: {problem.strip()}"]
    if steps:
        parts.append("Steps so far:\n\n" + _steps_block(steps))
    parts.append(request)
    return [
        {"role": "system", "content": _PSEUDOCODE_SYSTEM},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def build_direct_messages(problem: str) -> list[dict[str, str]]:
    """Build the vanilla prompt: write the whole program directly in a ```python block.

    Raises:
        ValueError: If the problem text is empty.
    """
    if not problem.strip():
        raise ValueError("the problem text is empty")
    return [
        {"role": "system", "content": _VANILLA_SYSTEM},
        {"role": "user", "content": f"Problem: {problem.strip()}"},
    ]


def clean_step(text: str) -> str:
    """Cut a model's reply down to one step.

    Removes a leading ``### Step N`` header the model may have echoed, cuts at the first
    :data:`STEP_STOP` string after the start, and ends a code step right after the closing fence
    of its first ```python block (anything after the code is not part of the step).
    """
    out = text.lstrip()
    if out.startswith("### Step"):
        out = out.split("\n", 1)[1] if "\n" in out else ""
    cut = len(out)
    for stop in (*STEP_STOP, "### Step"):
        pos = out.find(stop, 1)
        if pos != -1:
            cut = min(cut, pos)
    out = out[:cut]
    start = out.find("```python")
    if start == -1:
        start = out.find("```py")
    if start != -1:
        close = out.find("```", out.find("\n", start) + 1 if "\n" in out[start:] else len(out))
        if close != -1:
            out = out[: close + 3]
    return out.strip()


def render_plain(messages: Sequence[dict[str, str]]) -> str:
    """Flatten chat messages into one plain-text prompt (for models without a chat template).

    The text ends with ``"Assistant:"`` so the model continues as the assistant.
    """
    lines = []
    for message in messages:
        role = message.get("role", "")
        if role not in ("system", "user", "assistant"):
            raise ValueError(f"unknown chat role {role!r}")
        lines.append(f"{role.capitalize()}: {message.get('content', '').strip()}")
    return "\n\n".join(lines) + "\n\nAssistant:"
