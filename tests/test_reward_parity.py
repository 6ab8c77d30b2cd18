"""Training and evaluation pay the same reward: O1Coder-Direct-v0 against the TRL reward.

Both turn a completion into a program with ``program_from_completion`` and score it with
``score_program``; this test proves they agree on a corpus of awkward completions, and that a
failure of the sandbox itself is reported as ``None`` (no verdict) rather than as a program
failure.
"""

from __future__ import annotations

import gymnasium as gym
import pytest

import o1coder_env  # noqa: F401  (registers the env ids)
from agents.training.rewards import SandboxReward
from o1coder_env.protocol.steps import program_from_completion
from o1coder_env.rewards import OutcomeConfig
from o1coder_env.sandbox import Sandbox, SandboxError
from tests._env_fixtures import ADD_REF, tiny_tasks


def _corpus() -> list[str]:
    fenced = f"```python\n{ADD_REF}```"
    wrong = "```python\ndef add_pair(a, b):\n    return a - b\n```"
    return [
        fenced,                                              # one python fence
        ADD_REF,                                             # bare code, no fence
        f"Here is a draft:\n{wrong}\nand the fix:\n{fenced}",  # several fences: the last wins
        f"{fenced}\nOops, I meant:\n{wrong}",                # several fences: the last is wrong
        f"```\n{ADD_REF}```",                                # a fence without a language
        "I think you should add the two numbers.",           # prose only
        "",                                                  # empty
        "   \n\t",                                           # whitespace only
        ADD_REF + "#" * 200_000 + "\n",                      # huge
        "def add_pair(a, b):\n    return '\ud800'\n",         # not encodable as UTF-8
        f"```python\n{ADD_REF}",                             # unclosed fence
    ]


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox(backend="process", workers=1)
    yield box
    box.close()


@pytest.mark.parametrize("outcome", [OutcomeConfig(), OutcomeConfig(compile_penalty=0.5,
                                                                    compile_weight=0.1)],
                         ids=["default", "compile-terms"])
def test_env_and_trl_reward_agree_on_every_completion(sandbox, outcome):
    task = tiny_tasks()[0]
    reward = SandboxReward([task], outcome=outcome, sandbox=sandbox)
    env = gym.make("O1Coder-Direct-v0", tasks=[task], sandbox=sandbox,
                   compile_penalty=outcome.compile_penalty,
                   compile_weight=outcome.compile_weight)
    corpus = _corpus()
    trained = reward(corpus, task_id=[task.task_id] * len(corpus))
    evaluated = []
    for text in corpus:
        env.reset(seed=0)
        _, r, terminated, _, _ = env.step(text)
        assert terminated
        evaluated.append(float(r))
    env.close()
    assert trained == pytest.approx(evaluated)
    # The corpus exercises both ends of the scale, so agreement is not agreement on a constant.
    assert max(trained) == pytest.approx(1.0)
    assert min(trained) < 1.0
    assert reward.stats["infra_errors"] == 0


def test_program_rule_is_shared_and_rejects_non_strings():
    assert program_from_completion("x = 1") == "x = 1"
    assert program_from_completion("```py\nx = 1\n```") == "x = 1\n"
    with pytest.raises(TypeError, match="must be a str"):
        program_from_completion(b"x = 1")  # type: ignore[arg-type]


class _FlakySandbox:
    """A real sandbox whose next ``failures`` runs fail as the infrastructure would."""

    def __init__(self, inner: Sandbox, failures: int) -> None:
        self.inner = inner
        self.failures = failures
        self.calls = 0
        self.n_workers = 1
        self.limits = inner.limits

    def run(self, *args, **kwargs):
        self.calls += 1
        if self.failures > 0:
            self.failures -= 1
            raise SandboxError("the sandbox worker died")
        return self.inner.run(*args, **kwargs)


def test_one_infrastructure_failure_is_retried(sandbox):
    task = tiny_tasks()[0]
    flaky = _FlakySandbox(sandbox, failures=1)
    reward = SandboxReward([task], sandbox=flaky)
    assert reward([ADD_REF], task_id=[task.task_id]) == [1.0]
    assert flaky.calls == 2
    assert reward.stats["infra_errors"] == 0


def test_repeated_infrastructure_failure_is_no_verdict(sandbox):
    task = tiny_tasks()[0]
    flaky = _FlakySandbox(sandbox, failures=2)
    reward = SandboxReward([task], sandbox=flaky)
    # None, which TRL drops from the loss: not 0.0, which would teach the model the code was wrong.
    assert reward([ADD_REF, ADD_REF], task_id=[task.task_id] * 2).count(None) == 1
    assert reward.stats["infra_errors"] == 1


def test_killed_worker_mid_run_is_not_cached_as_a_program_failure():
    """A worker killed while it runs a correct program must not make that program 'fail' later."""
    import os
    import signal
    import threading
    import time

    task = tiny_tasks()[0]
    box = Sandbox(backend="process", workers=1)
    try:
        slow_ok = ("import time\ntime.sleep(1.0)\n" + ADD_REF)
        reward = SandboxReward([task], sandbox=box)

        def kill_worker_soon() -> None:
            time.sleep(0.4)
            for pid in box.worker_pids():
                os.kill(pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_worker_soon)
        killer.start()
        first = reward([slow_ok], task_id=[task.task_id])
        killer.join()
        # The first call either saw the kill (None: no verdict) or retried onto a fresh worker
        # and judged the program correct; it never pays the correct program 0.
        assert first in ([None], [1.0])
        second = reward([slow_ok], task_id=[task.task_id])
        assert second == [1.0]
    finally:
        box.close()
