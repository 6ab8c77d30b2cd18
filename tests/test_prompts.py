import pytest

from o1coder_env.protocol.prompts import (
    PROMPT_VERSION,
    STEP_STOP,
    build_direct_messages,
    build_step_messages,
    clean_step,
    render_plain,
    task_problem_text,
)
from o1coder_env.tasks.model import Task, TaskStyle


def test_pseudocode_messages_hold_problem_steps_and_request():
    msgs = build_step_messages("Add two numbers.", ["Outline: return a + b"])
    assert [m["role"] for m in msgs] == ["system", "user"]
    system, user = msgs[0]["content"], msgs[1]["content"]
    for word in ("Outline", "Refine", "```python"):
        assert word in system
    assert "Problem: Add two numbers." in user
    assert "### Step 1\nOutline: return a + b" in user
    assert user.rstrip().endswith("```python block.")
    assert "Write Step 2 only" in user
    first = build_step_messages("Add two numbers.")[1]["content"]
    assert "Write Step 1: the outline" in first
    assert "Steps so far" not in first
    assert PROMPT_VERSION


def test_vanilla_and_errors():
    assert build_step_messages("P", mode="vanilla") == build_direct_messages("P")
    assert "```python" in build_direct_messages("P")[0]["content"]
    with pytest.raises(ValueError, match="vanilla"):
        build_step_messages("P", ["x"], mode="vanilla")
    with pytest.raises(ValueError, match="mode"):
        build_step_messages("P", mode="cot")
    with pytest.raises(ValueError, match="empty"):
        build_step_messages("  ")
    with pytest.raises(ValueError, match="code step"):
        build_step_messages("P", ["```python\nx = 1\n```", "more"])


def test_clean_step_cuts_to_one_step():
    assert clean_step("### Step 2\nrefine it\n### Step 3\ncode") == "refine it"
    assert clean_step("text\n```python\nx = 1\n```\ntrailing talk") == "text\n```python\nx = 1\n```"
    assert clean_step("plain step") == "plain step"
    assert STEP_STOP[0].startswith("\n")


def test_task_problem_text_and_plain_render():
    call = Task(task_id="t/1", problem="Sum.", entry_point="f", signature="def f(x: int) -> int:")
    assert "Implement `def f(x: int) -> int:`" in task_problem_text(call)
    stdio = Task(task_id="t/2", problem="Echo.", style=TaskStyle.STDIO)
    assert "standard input" in task_problem_text(stdio)
    text = render_plain(build_direct_messages("P"))
    assert text.startswith("System: ") and text.endswith("Assistant:")
    with pytest.raises(ValueError, match="role"):
        render_plain([{"role": "tool", "content": "x"}])
