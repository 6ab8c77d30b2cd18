"""verl's compute_score and the SkyRL-gym env pay what O1Coder-Direct-v0 / O1Coder-v0 pay (or,
with ``program_rule="entry-point"``, what O1Coder-Direct-v2 pays)."""

from __future__ import annotations

import json

import gymnasium as gym
import pytest

import o1coder_env  # noqa: F401
from o1coder_env.integrations.ground_truth import ground_truth_for, parse_ground_truth
from o1coder_env.integrations.verl import compute_score
from o1coder_env.step_candidates import reference_trace
from o1coder_env.tasks.registry import load_tasks

TASKS = load_tasks("builtin", split="test")[:3]
ANSWERS = [
    lambda t: f"Here it is:\n```python\n{t.reference_solution}```",
    lambda t: t.reference_solution,                       # bare code
    lambda t: "```python\ndef broken(:\n```",              # does not compile
    lambda t: "```python\nimport sys\nprint(1)\n```",      # runs, fails the tests
    lambda t: "no code at all",
]


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.task_id)
def test_verl_compute_score_equals_the_direct_env(task):
    env = gym.make("O1Coder-Direct-v0", tasks=[task], sandbox="process")
    for make in ANSWERS:
        answer = make(task)
        env.reset(options={"task_id": task.task_id})
        _, expected, *_ = env.step(answer)
        for gt in (task.task_id, ground_truth_for(task), ground_truth_for(task, inline=True)):
            got = compute_score("o1coder", answer, gt, {"sandbox": "process"})
            assert got["score"] == pytest.approx(expected), (gt[:40], answer[:40])
    good = compute_score("builtin", ANSWERS[0](task), task.task_id, {"sandbox": "process"})
    assert good["score"] == 1.0 and good["passed"] == good["total"] > 0 and good["compiled"]
    bad = compute_score("builtin", ANSWERS[2](task), task.task_id, {"sandbox": "process"})
    assert bad["score"] == 0.0 and not bad["compiled"]


def test_verl_options_and_clear_errors():
    task = TASKS[0]
    answer = "```python\nimport sys\nprint(1)\n```"
    binary = compute_score("x", ANSWERS[0](task), task.task_id,
                           {"reward_mode": "binary", "reward_tests": "hidden",
                            "sandbox": "process"})
    assert binary["score"] == 1.0 and binary["total"] == len(task.hidden_tests)
    assert compute_score("x", answer, task.task_id, {"sandbox": "process"})["score"] == 0.0
    with pytest.raises(ValueError, match="source"):
        parse_ground_truth("mystery-task")
    with pytest.raises(ValueError, match="not among"):
        compute_score("x", answer, "builtin/no_such_task", {"sandbox": "process"})
    with pytest.raises(ValueError, match="JSON"):
        compute_score("x", answer, "{not json", None)
    with pytest.raises(TypeError):
        compute_score("x", None, task.task_id, None)  # type: ignore[arg-type]


def test_verl_program_rule_pays_what_the_direct_env_of_that_rule_pays():
    task = TASKS[0]
    answer = (f"```python\n{task.reference_solution}```\nExample usage:\n"
              f"```python\nprint({task.entry_point}())\n```")
    last = compute_score("x", answer, task.task_id, {"sandbox": "process"})
    entry = compute_score("x", answer, task.task_id, {"sandbox": "process",
                                                      "program_rule": "entry-point"})
    assert last["score"] == 0.0 and entry["score"] == 1.0
    env = gym.make("O1Coder-Direct-v2", tasks=[task], sandbox="process", evaluation=True)
    env.reset(options={"task_id": task.task_id})
    assert env.step(answer)[1] == entry["score"]
    with pytest.raises(ValueError, match="program_rule must be one of"):
        compute_score("x", answer, task.task_id, {"sandbox": "process", "program_rule": "x"})


skyrl_gym = pytest.importorskip("skyrl_gym")


def test_skyrl_env_steps_mode_pays_the_env_reward():
    from o1coder_env.integrations.skyrl import NEXT_STEP_PROMPT, register_skyrl_env

    env_id = register_skyrl_env()
    assert register_skyrl_env() == env_id  # idempotent
    task = TASKS[1]
    env = skyrl_gym.make(env_id, env_config={"sandbox": "process", "append_problem": True},
                         extras={"reward_spec": {"ground_truth": ground_truth_for(task)}})
    prompt, meta = env.init([{"role": "user", "content": "Solve:"}])
    assert meta["task_id"] == task.task_id and task.entry_point in prompt[-1]["content"]
    steps = reference_trace(task)
    outputs = [env.step(s) for s in steps]
    assert [o["done"] for o in outputs] == [False] * (len(steps) - 1) + [True]
    assert outputs[0]["observations"] == [{"role": "user", "content": NEXT_STEP_PROMPT}]
    assert outputs[-1]["reward"] == 1.0 and outputs[-1]["observations"] == []
    assert env.get_metrics()["solved"] == 1.0
    with pytest.raises(RuntimeError, match="ended"):
        env.step("more")


def test_skyrl_env_turn_limit_and_direct_mode():
    from o1coder_env.integrations.skyrl import O1CoderSkyRLEnv

    task = TASKS[2]
    gt = {"reward_spec": {"ground_truth": task.task_id}}
    env = O1CoderSkyRLEnv({"sandbox": "process", "max_turns": 2}, gt)
    env.init([{"role": "user", "content": "Solve it."}])
    assert env.step("an outline")["done"] is False
    last = env.step("a refinement")
    assert last["done"] is True and last["reward"] == 0.0
    assert env.last_info["status"] == "no_program"
    direct = O1CoderSkyRLEnv({"sandbox": "process", "mode": "direct"}, gt)
    direct.init([{"role": "user", "content": "Solve it."}])
    out = direct.step(task.reference_solution)
    assert out["done"] and out["reward"] == 1.0
    # The rules part ways on call-style tasks only (a stdio task has no entry point to find).
    call = next(t for t in TASKS if t.entry_point)
    usage = (f"```python\n{call.reference_solution}```\n"
             f"```python\nprint({call.entry_point})\n```")
    for rule, paid in (("last-fence", 0.0), ("entry-point", 1.0)):
        ruled = O1CoderSkyRLEnv({"sandbox": "process", "mode": "direct", "program_rule": rule},
                                {"reward_spec": {"ground_truth": call.task_id}})
        ruled.init([{"role": "user", "content": "Solve it."}])
        assert ruled.step(usage)["reward"] == paid, rule
    with pytest.raises(ValueError, match="ground_truth"):
        O1CoderSkyRLEnv({}, {})
    with pytest.raises(ValueError, match="mode"):
        O1CoderSkyRLEnv({"mode": "chat"}, gt)
    assert json.loads(ground_truth_for(task))["task_id"] == task.task_id
