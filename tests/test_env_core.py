"""Every registered o1coder env: checker, determinism, reward ordering, state, no hidden leaks."""

from __future__ import annotations

import json
import warnings
from typing import Any

import gymnasium as gym
import numpy as np
import pytest
from _env_fixtures import ADD_REF, HIDDEN_MARKERS, tiny_tasks
from gymnasium.utils.env_checker import check_env

import o1coder_env  # noqa: F401  (registers the envs)
from o1coder_env.envs import ENV_IDS, EnvState
from o1coder_env.rewards import ConstantPRM
from o1coder_env.step_candidates import code_step, reference_trace
from o1coder_env.tasks import load_tasks

SANDBOX = "process"  # the shared process-backend sandbox: works on every CI machine


def family(env_id: str) -> str:
    """The env id without its version: ``O1Coder-Direct-v1`` -> ``O1Coder-Direct``."""
    return env_id.rsplit("-v", 1)[0]


def make(env_id: str, **kwargs: Any) -> gym.Env:
    kwargs.setdefault("sandbox", SANDBOX)
    kwargs.setdefault("evaluation", True)  # the tiny tasks are a test split
    kwargs.setdefault("tasks", tiny_tasks())
    return gym.make(env_id, **kwargs)


def reference_actions(env: gym.Env) -> list[Any]:
    """The actions that play the current task's reference (the Choice env asks its oracle)."""
    inner = env.unwrapped
    if env.spec is not None and family(env.spec.id) == "O1Coder-Direct":
        return [code_step(inner.task.reference_solution)]
    return reference_trace(inner.task)


def play_reference(env: gym.Env, task_id: str) -> tuple[float, dict]:
    env.reset(seed=0, options={"task_id": task_id})
    total, info = 0.0, {}
    term = trunc = False
    if family(env.spec.id) == "O1Coder-Choice":
        done = False
        while not done:
            _, r, term, trunc, info = env.step(env.unwrapped.oracle_action())
            total += r
            done = term or trunc
        return total, info
    for action in reference_actions(env):
        _, r, term, trunc, info = env.step(action)
        total += r
    assert term and not trunc
    return total, info


def test_every_env_is_registered() -> None:
    assert set(ENV_IDS) == {f"O1Coder{kind}-v{version}" for kind in ("", "-Direct", "-Choice")
                            for version in (0, 1)} | {"O1Coder-Direct-v2"}
    for env_id in ENV_IDS:
        assert gym.spec(env_id).max_episode_steps >= 1


@pytest.mark.parametrize(("env_id", "rule"), [
    ("O1Coder-v0", "last-fence"), ("O1Coder-v1", "last-fence"),
    ("O1Coder-Choice-v0", "last-fence"), ("O1Coder-Choice-v1", "last-fence"),
    ("O1Coder-Direct-v0", "last-fence"), ("O1Coder-Direct-v1", "last-fence"),
    ("O1Coder-Direct-v2", "entry-point"),
])
def test_each_id_keeps_its_program_rule(env_id: str, rule: str) -> None:
    """v0/v1 keep the last block; Direct-v2 runs the block that defines the entry point."""
    env = make(env_id, **({"k": 2} if family(env_id) == "O1Coder-Choice" else {}))
    inner = env.unwrapped
    assert inner.program_rule == rule
    assert inner.evaluation is True  # make() evaluates: the tiny tasks are a test split
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    answer = f"```python\n{ADD_REF}```\nUsage:\n```python\nprint(add_pair(1, 2))\n```"
    expected = ADD_REF if rule == "entry-point" else "print(add_pair(1, 2))\n"
    assert inner.program_of(answer) == expected
    env.close()


def test_direct_v2_is_v1_with_the_entry_point_rule() -> None:
    v1, v2 = gym.spec("O1Coder-Direct-v1"), gym.spec("O1Coder-Direct-v2")
    assert v1.entry_point == v2.entry_point
    assert v2.kwargs == {**v1.kwargs, "program_rule": "entry-point"}
    assert v2.max_episode_steps == v1.max_episode_steps
    env = make("O1Coder-Direct-v2")
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    answer = f"```python\n{ADD_REF}```\nUsage:\n```python\nprint(add_pair(1, 2))\n```"
    _, reward, terminated, _, info = env.step(answer)
    assert terminated and reward == pytest.approx(1.0)
    assert info["hidden_passed"] == info["hidden_total"] >= 1
    # The same answer earns nothing under v1's rule: the usage block is run.
    env = make("O1Coder-Direct-v1")
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    _, reward, _, _, _ = env.step(answer)
    assert reward == pytest.approx(0.0)
    with pytest.raises(ValueError, match="program_rule must be one of"):
        make("O1Coder-v1", program_rule="entry_point")


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_gymnasium_env_checker_passes_without_warnings(env_id: str) -> None:
    env = make(env_id)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_env(env.unwrapped, skip_render_check=False)
    env.close()


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_seeded_envs_play_identical_episodes(env_id: str) -> None:
    def rollout(seed: int) -> list[Any]:
        env = make(env_id)
        env.action_space.seed(seed)
        out: list[Any] = []
        obs, info = env.reset(seed=seed)
        out.append((obs, info))
        for _ in range(3):  # three full episodes
            done = False
            while not done:
                obs, r, term, trunc, info = env.step(env.action_space.sample())
                out.append((obs, r, term, trunc, info))
                done = term or trunc
            out.append(env.reset())
        env.close()
        return out

    a, b = rollout(3), rollout(3)
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert gym.utils.env_checker.data_equivalence(x, y)


@pytest.mark.parametrize("env_id", ENV_IDS)
@pytest.mark.parametrize("task_id", [t.task_id for t in tiny_tasks()])
def test_reference_earns_the_maximum_reward(env_id: str, task_id: str) -> None:
    env = make(env_id)
    total, info = play_reference(env, task_id)
    assert total == pytest.approx(1.0)
    assert info["status"] == "passed" and info["hidden_passed"] == info["hidden_total"] >= 1


def test_builtin_reference_traces_earn_the_maximum_reward() -> None:
    tasks = load_tasks("builtin", split="test")
    assert len(tasks) >= 3, "the built-in test split is too small"
    # the three shortest references: quick to mutate for the Choice env's proposer
    ids = [t.task_id for t in sorted(tasks, key=lambda t: len(t.reference_solution or ""))[:3]]
    for env_id in ENV_IDS:
        env = gym.make(env_id, sandbox=SANDBOX, task_ids=ids, report_hidden=False,
                       evaluation=True)
        for task_id in ids:
            total, info = play_reference(env, task_id)
            assert total == pytest.approx(1.0), (env_id, task_id, info.get("status"))


@pytest.mark.slow
def test_every_builtin_reference_trace_passes_public_and_hidden_tests() -> None:
    env = gym.make("O1Coder-v0", sandbox=SANDBOX)
    for task in env.unwrapped.tasks:
        total, info = play_reference(env, task.task_id)
        assert total == pytest.approx(1.0), (task.task_id, info["status"])
        assert info["hidden_passed"] == info["hidden_total"], task.task_id


@pytest.mark.parametrize("env_id", ["O1Coder-v0", "O1Coder-Direct-v0"])
def test_wrong_program_earns_less_and_garbage_the_minimum(env_id: str) -> None:
    env = make(env_id)
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    wrong = code_step(ADD_REF.replace("a + b", "a + b + (a == 1)"))  # fails one public test
    _, r_wrong, term, _, info = env.step(wrong)
    assert term and 0.0 < r_wrong < 1.0
    assert info["reward_sources"]["public"] == {"passed": 2, "total": 3, "reward": r_wrong}
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    total, done, n = 0.0, False, 0
    while not done:
        _, r, term, trunc, info = env.step("%%% not a step ``` }{")
        total, done, n = total + r, term or trunc, n + 1
    assert total == env.unwrapped.outcome_config.min_reward == 0.0
    assert info["status"] in ("no_program", "compile_error")
    if env_id == "O1Coder-v0":
        assert n == env.unwrapped.max_steps and trunc and not term


def test_garbage_earns_the_minimum_with_a_compile_penalty() -> None:
    for env_id in ("O1Coder-v0", "O1Coder-Direct-v0"):
        env = make(env_id, compile_penalty=0.5, reward_mode="binary", tau_fail=-1.0)
        env.reset(seed=1)
        total, done = 0.0, False
        while not done:
            _, r, term, trunc, _ = env.step("garbage ((")
            total, done = total + r, term or trunc
        assert total == pytest.approx(-1.5) == env.unwrapped.outcome_config.min_reward


def test_choice_env_wrong_code_earns_less() -> None:
    env = make("O1Coder-Choice-v0")
    env.reset(seed=0, options={"task_id": "tiny/list_max"})
    inner = env.unwrapped
    trace = reference_trace(inner.task)
    for _ in trace[:-1]:
        env.step(inner.oracle_action())
    correct = inner.oracle_action()
    wrong = [i for i, c in enumerate(inner.candidates) if i != correct and "```python" in c]
    assert wrong, inner.candidates
    _, r, term, _, _ = env.step(wrong[0])
    assert term and r < 1.0


def test_info_and_observation_never_leak_hidden_tests_or_reference() -> None:
    for env_id in ENV_IDS:
        env = make(env_id)
        for task in tiny_tasks():
            seen: list[str] = []
            obs, info = env.reset(seed=0, options={"task_id": task.task_id})
            seen.append(json.dumps(info, default=str) + str(obs))
            done = False
            while not done:
                action = 0 if family(env_id) == "O1Coder-Choice" else code_step("print('x')")
                obs, _, term, trunc, info = env.step(action)
                seen.append(json.dumps(info, default=str) + str(obs))
                done = term or trunc
            assert info["hidden"] and set(info["hidden"][0]) == {"index", "status"}
            blob = "\n".join(seen)
            for marker in HIDDEN_MARKERS:
                assert marker not in blob, (env_id, marker)
            if family(env_id) != "O1Coder-Choice":  # the Choice env offers it, by design
                assert task.reference_solution.strip() not in blob
                assert task.reference_steps.outline not in blob


def test_report_hidden_false_never_runs_hidden_tests() -> None:
    env = make("O1Coder-Direct-v0", report_hidden=False)
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    _, r, _, _, info = env.step(code_step(ADD_REF))
    assert r == 1.0 and "hidden" not in info and "hidden_total" not in info
    assert [t["source"] for t in info["tests"]] == ["public"] * 3


def test_hidden_and_mixed_reward_sources() -> None:
    # passes public tests, fails both hidden ones
    table = "{(1, 2): 3, (0, 0): 0, (-3, 10): 7}"
    cheat = code_step(f"def add_pair(a, b):\n    return {table}[(a, b)]\n")
    env = make("O1Coder-Direct-v0", reward_tests="hidden")
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    _, r, _, _, info = env.step(cheat)
    assert r == 0.0 and info["hidden_total"] == 2
    assert all("message" not in t for t in info["tests"])  # hidden verdicts carry no messages
    env = make("O1Coder-Direct-v0", reward_tests={"public": 3.0, "hidden": 1.0})
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    _, r, _, _, info = env.step(cheat)
    assert r == pytest.approx(0.75)
    assert sorted(info["reward_sources"]) == ["hidden", "public"]


class FixedTCG:
    """A real (if trivial) test-case generator: fixed tests per task, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def generate(self, task: Any, code: str | None = None, n: int = 10) -> list:
        from o1coder_env.tasks import TestCase

        self.calls += 1
        return [TestCase.call_case((2, 2), 4), TestCase.call_case((5, -1), 4)][:n]


def test_tcg_reward_source_generates_once_per_task() -> None:
    tcg = FixedTCG()
    env = make("O1Coder-Direct-v0", reward_tests="tcg", tcg=tcg, task_ids=["tiny/add_pair"])
    for program, expected in ((ADD_REF, 1.0), ("def add_pair(a, b):\n    return 4\n", 1.0),
                              ("def add_pair(a, b):\n    return a\n", 0.0)):
        env.reset(seed=0)
        _, r, _, _, info = env.step(code_step(program))
        assert r == expected and info["reward_sources"]["tcg"]["total"] == 2
    assert tcg.calls == 1


def test_prm_terminal_and_step_modes_pay_the_same_phi() -> None:
    returns = {}
    for mode in ("terminal", "step"):
        env = make("O1Coder-v0", prm=ConstantPRM(0.5), prm_mode=mode, alpha=0.6, gamma=0.9)
        env.reset(seed=0, options={"task_id": "tiny/add_pair"})
        rewards = [env.step(s)[1] for s in reference_trace(env.unwrapped.task)]
        if mode == "terminal":
            assert rewards[:-1] == [0.0, 0.0]
        else:
            assert rewards[0] != 0.0
        returns[mode] = sum(rewards)
    expected = 0.6 * 1.0 + 0.4 * 0.5 * (0.9 + 0.81 + 0.729) / 3
    assert returns["terminal"] == pytest.approx(expected) == pytest.approx(returns["step"])


def test_training_progress_moves_alpha() -> None:
    env = make("O1Coder-v0", prm=ConstantPRM(0.0), alpha="paper")
    env.unwrapped.set_training_progress(50)
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    *_, info = [env.step(s) for s in reference_trace(env.unwrapped.task)][-1]
    assert info["alpha"] == pytest.approx(0.5) and info["outcome"] == 1.0
    with pytest.raises(ValueError, match="progress"):
        env.unwrapped.set_training_progress(-1)


@pytest.mark.parametrize("env_id", ENV_IDS)
def test_stepping_from_a_restored_state_equals_the_original(env_id: str) -> None:
    env, other = make(env_id), make(env_id)
    env.reset(seed=5, options={"task_id": "tiny/count_vowels"})
    first = reference_actions(env)[0] if family(env_id) != "O1Coder-Choice" else 1
    if family(env_id) != "O1Coder-Direct":
        env.step(first)
    state = env.unwrapped.get_state()
    assert isinstance(state, EnvState) and state.task_id == "tiny/count_vowels"
    other.reset(seed=99)
    other.unwrapped.set_state(state)
    for _ in range(3):
        action = env.action_space.sample() if family(env_id) == "O1Coder-Choice" else "refine: x"
        a = env.unwrapped.step(action)
        b = other.unwrapped.step(action)
        assert gym.utils.env_checker.data_equivalence(a, b)
        if a[2] or a[3]:
            break
    env.unwrapped.set_state(state)  # branching twice from one state gives the same step
    again = env.unwrapped.step(action if family(env_id) == "O1Coder-Choice" else "refine: x")
    other.unwrapped.set_state(state)
    assert gym.utils.env_checker.data_equivalence(again, other.unwrapped.step(
        action if family(env_id) == "O1Coder-Choice" else "refine: x"))


def test_bad_actions_and_misuse_raise_clear_errors() -> None:
    env = make("O1Coder-v0")
    with pytest.raises(RuntimeError, match="reset"):
        env.unwrapped.step("x")
    env.reset(seed=0)
    with pytest.raises(TypeError, match="int"):
        env.unwrapped.step(3)
    choice = make("O1Coder-Choice-v0")
    choice.reset(seed=0)
    with pytest.raises(TypeError, match="str"):
        choice.unwrapped.step("0")
    with pytest.raises(ValueError, match="outside"):
        choice.unwrapped.step(7)
    with pytest.raises(ValueError, match="task_id"):
        env.reset(options={"task_id": "nope"})
    with pytest.raises(ValueError, match="unknown reward test source"):
        make("O1Coder-v0", reward_tests="secret")
    with pytest.raises(ValueError, match="max_steps"):
        make("O1Coder-Direct-v0", max_steps=3)


def test_long_and_non_ascii_text_still_fits_the_spaces() -> None:
    env = make("O1Coder-v0", max_trace_length=200)
    obs, _ = env.reset(seed=0)
    step = "naïve → résumé \U0001F600 " * 40
    obs, *_, info = env.step(step)
    assert env.observation_space.contains(obs)
    assert obs["trace"].endswith("...[truncated]") and "\U0001F600" not in obs["trace"]
    assert info["steps"] == [step]


def test_render_modes() -> None:
    env = make("O1Coder-v0", render_mode="ansi")
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    for s in reference_trace(env.unwrapped.task):
        env.step(s)
    text = env.render()
    assert "### Step 3" in text and "reward=1.0000" in text and "tiny/add_pair" in text


def test_render_human_prints(capsys: pytest.CaptureFixture[str]) -> None:
    env = make("O1Coder-v0", render_mode="human")
    env.reset(seed=0, options={"task_id": "tiny/add_pair"})
    env.step("an outline")
    assert "### Step 1\nan outline" in capsys.readouterr().out


def test_observation_trace_uses_step_headers() -> None:
    env = make("O1Coder-v0")
    obs, _ = env.reset(seed=0)
    assert obs["trace"] == "" and obs["step_index"] == 0
    obs, *_ = env.step("first")
    obs, *_ = env.step("second")
    assert obs["trace"] == "### Step 1\nfirst\n\n### Step 2\nsecond" and obs["step_index"] == 2
    assert np.isscalar(obs["step_index"])


def test_humaneval_defaults_skip_tasks_without_public_tests() -> None:
    """The headline data set works with the defaults; the 3 untestable tasks are skipped."""
    skipped = ["HumanEval/32", "HumanEval/38", "HumanEval/50"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        env = gym.make("O1Coder-v0", source="humaneval")
    messages = [str(w.message) for w in caught if "skipping" in str(w.message)]
    assert len(messages) == 1
    assert all(task_id in messages[0] for task_id in skipped)
    pool = {t.task_id for t in env.unwrapped.tasks}
    assert not pool & set(skipped)
    env.reset(seed=0)
    _, reward, terminated, truncated, _ = env.step("Step 1: read the problem.")
    assert (reward, terminated, truncated) == (0.0, False, False)


def test_every_task_skipped_raises_naming_the_source() -> None:
    """With no task left to judge, the error names the source/split instead of a bare empty pool."""
    with pytest.raises(ValueError, match="source='humaneval'"):
        gym.make("O1Coder-v0", source="humaneval", task_ids=["HumanEval/32"])


# --- v1: a training env by default, evaluation behind an explicit switch -----------------------


@pytest.mark.parametrize("env_id", ["O1Coder-v1", "O1Coder-Direct-v1", "O1Coder-Choice-v1"])
def test_v1_trains_on_the_train_split_without_running_hidden_tests(env_id: str) -> None:
    env = gym.make(env_id, sandbox=SANDBOX)
    tasks = env.unwrapped.tasks
    assert tasks and {t.split for t in tasks} == {"train"}
    assert env.unwrapped.report_hidden is False
    train_ids = {t.task_id for t in load_tasks("builtin", split="train")}
    assert {t.task_id for t in tasks} == train_ids
    env.reset(seed=0)
    total, done, info = 0.0, False, {}
    for action in reference_actions(env) if family(env_id) != "O1Coder-Choice" else []:
        _, r, term, trunc, info = env.step(action)
        total, done = total + r, term or trunc
    if family(env_id) == "O1Coder-Choice":
        while not done:
            _, r, term, trunc, info = env.step(env.unwrapped.oracle_action())
            total, done = total + r, term or trunc
    assert total == pytest.approx(1.0)
    assert "hidden" not in info and "hidden_total" not in info
    assert {t["source"] for t in info["tests"]} == {"public"}


def test_v1_evaluation_switch_plays_the_test_split_with_hidden_verdicts() -> None:
    env = gym.make("O1Coder-Direct-v1", sandbox=SANDBOX, evaluation=True)
    assert {t.split for t in env.unwrapped.tasks} == {"test"}
    assert env.unwrapped.report_hidden is True
    env.reset(seed=0)
    _, _, _, _, info = env.step(code_step(env.unwrapped.task.reference_solution))
    assert info["hidden_total"] >= 1 and info["hidden_passed"] == info["hidden_total"]


def test_v1_refuses_the_test_split_and_drops_test_tasks_it_is_given() -> None:
    with pytest.raises(ValueError, match=r"held out for evaluation.*evaluation=True"):
        gym.make("O1Coder-v1", sandbox=SANDBOX, split="test")
    with pytest.raises(ValueError, match="every task is in the 'test' split"):
        gym.make("O1Coder-v1", sandbox=SANDBOX, tasks=tiny_tasks())
    with pytest.warns(UserWarning, match=r"dropping \d+ task\(s\) of the 'test' split"):
        env = gym.make("O1Coder-v1", sandbox=SANDBOX, split=None)
    assert {t.split for t in env.unwrapped.tasks} == {"train"}
    with pytest.raises(ValueError, match=r"training env.*'humaneval'.*evaluation=True"):
        gym.make("O1Coder-v1", sandbox=SANDBOX, source="humaneval")
    with pytest.raises(TypeError, match="evaluation must be True, False or None"):
        gym.make("O1Coder-v1", sandbox=SANDBOX, evaluation="yes")


def test_v0_keeps_its_defaults() -> None:
    env = gym.make("O1Coder-v0", sandbox=SANDBOX)
    assert {t.split for t in env.unwrapped.tasks} == {"test"}
    assert env.unwrapped.report_hidden is True and env.unwrapped.evaluation is None
