"""Training and evaluation pay the same reward: the Direct envs against the TRL reward.

Both turn a completion into a program with ``program_from_completion`` (under the same program
rule: ``"last-fence"`` for ``O1Coder-Direct-v0``/``-v1``, ``"entry-point"`` for
``O1Coder-Direct-v2``) and score it with ``score_program``; this test proves they agree on a
corpus of awkward completions under each rule, that the rules differ where they should (an
example-usage block after the function), that no choice of block makes a failing program pass,
and that a failure of the sandbox itself is reported as ``None`` (no verdict) rather than as a
program failure.
"""

from __future__ import annotations

import gymnasium as gym
import pytest

import o1coder_env  # noqa: F401  (registers the env ids)
from agents.training.rewards import SandboxReward
from o1coder_env.protocol.steps import (
    PROGRAM_RULES,
    defines_name,
    extract_code,
    program_from_completion,
)
from o1coder_env.rewards import OutcomeConfig
from o1coder_env.sandbox import Sandbox, SandboxError
from tests._env_fixtures import ADD_REF, SUM_REF, tiny_tasks

#: The Direct env id whose registered default is each rule.
RULE_ENVS = {"last-fence": "O1Coder-Direct-v1", "entry-point": "O1Coder-Direct-v2"}

WRONG = "def add_pair(a, b):\n    return a - b\n"
USAGE = "```python\nprint(add_pair(2, 3))\n```"


def _fence(code: str, lang: str = "python") -> str:
    return f"```{lang}\n{code}```"


def _corpus() -> list[str]:
    fenced = _fence(ADD_REF)
    wrong = _fence(WRONG)
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
        # --- where the rules part ways ---
        f"{fenced}\nExample usage:\n{USAGE}",                 # the usage block hides the function
        f"{wrong}\nExample usage:\n{USAGE}",                  # ... a wrong function stays wrong
        f"```\n{ADD_REF}```\n{USAGE}",                        # untagged function, python usage
        # a later block redefines the helper the chosen block calls: blocks are never joined
        _fence("def add_pair(a, b):\n    return helper(a, b)\n")
        + "\n" + _fence("def helper(a, b):\n    return a + b\nprint(helper(1, 2))\n"),
        # the entry point's name in a string or a comment of a block that does not parse
        # defines nothing (chosen, this block would fail)
        fenced + "\n" + _fence('s = """\ndef add_pair(a, b):\n"""\n# def add_pair(\nprint(s\n'),
        # a defining block that does not parse is still the chosen one (and fails)
        _fence("def add_pair(a, b):\n    return a + b\nprint(add_pair(1, 2)\n") + "\n" + USAGE,
        # a function nested in another does not define the entry point
        fenced + "\n" + _fence("def main():\n    def add_pair(a, b):\n        return 0\n"
                               "main()\n"),
    ]


def test_the_rules_choose_as_documented():
    fenced, usage = _fence(ADD_REF), USAGE
    text = f"{fenced}\nExample usage:\n{usage}"
    assert program_from_completion(text) == "print(add_pair(2, 3))\n"
    assert program_from_completion(text, entry_point="add_pair", rule="entry-point") == ADD_REF
    # No entry point (a stdin/stdout task) or none defined: the last-fence choice.
    assert program_from_completion(text, rule="entry-point") == "print(add_pair(2, 3))\n"
    assert program_from_completion(text, entry_point="other", rule="entry-point") == (
        "print(add_pair(2, 3))\n")
    # The last defining block wins among several (a corrected draft), python blocks first.
    wrong = _fence(WRONG)
    assert program_from_completion(f"{wrong}\n{fenced}\n{usage}", entry_point="add_pair",
                                   rule="entry-point") == ADD_REF
    assert program_from_completion(f"{fenced}\n{wrong}\n{usage}", entry_point="add_pair",
                                   rule="entry-point") == WRONG
    assert program_from_completion(f"{_fence(WRONG, '')}\n{fenced}", entry_point="add_pair",
                                   rule="entry-point") == ADD_REF
    assert program_from_completion(f"{fenced}\n{_fence(WRONG, '')}", entry_point="add_pair",
                                   rule="entry-point") == ADD_REF
    # A class entry point ("Solution.method") is defined by its class.
    cls = "class Solution:\n    def f(self):\n        return 1\n"
    assert program_from_completion(f"{_fence(cls)}\n{usage}", entry_point="Solution.f",
                                   rule="entry-point") == cls
    # The step envs' code step: python blocks only.
    assert extract_code(f"{_fence(ADD_REF, '')}\n{usage}", fallback_any_fence=False,
                        entry_point="add_pair", rule="entry-point") == "print(add_pair(2, 3))\n"
    with pytest.raises(ValueError, match="program_rule must be one of"):
        program_from_completion(text, rule="first-fence")  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", PROGRAM_RULES)
def test_the_program_is_one_block_or_the_whole_text(rule):
    """Blocks are never joined: whatever the rule picks is text the model wrote as one piece."""
    import re

    for text in _corpus():
        program = program_from_completion(text, entry_point="add_pair", rule=rule)
        blocks = [b.strip("\n") + "\n" for b in
                  re.findall(r"```[a-zA-Z0-9_+-]*[ \t]*\r?\n(.*?)(?:```|\Z)", text, re.DOTALL)]
        assert program in blocks or program == text, text[:80]


@pytest.mark.parametrize(("code", "defined"), [
    (ADD_REF, True),
    ("async def add_pair(a, b):\n    return a + b\n", True),
    ("class add_pair:\n    pass\n", True),
    ("add_pair = lambda a, b: a + b\n", True),
    ("add_pair: object = sum\n", True),
    ("from operator import add as add_pair\n", True),
    ("try:\n    import x\nexcept ImportError:\n    def add_pair(a, b):\n        return 0\n", True),
    ("print(add_pair(1, 2))\n", False),
    ("def add_pairs(a, b):\n    return 0\n", False),
    ("def main():\n    def add_pair(a, b):\n        return 0\n", False),
    ("class K:\n    def add_pair(self):\n        return 0\n", False),
    ('s = """\ndef add_pair(a, b):\n"""\n', False),
    # does not parse: the token scan, at line start and outside strings and brackets
    ("def add_pair(a, b):\n    return a +\n", True),
    ("x = (1,\ndef add_pair(a, b):\n", False),
    ('s = """\ndef add_pair(a, b):\n', False),
    ("  def add_pair(a, b):\n return(\n", False),
    ("# def add_pair(a, b):\nprint(\n", False),
    ("def add_pair(a, b):\n    return a\n  )\n", True),
    ("def add_pair\0(a, b):\n", False),
])
def test_defines_name(code, defined):
    assert defines_name(code, "add_pair") is defined


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox(backend="process", workers=1)
    yield box
    box.close()


def _env_rewards(env_id: str, task, corpus, sandbox, outcome: OutcomeConfig, **kwargs):
    env = gym.make(env_id, tasks=[task], sandbox=sandbox, evaluation=True,
                   compile_penalty=outcome.compile_penalty,
                   compile_weight=outcome.compile_weight, **kwargs)
    evaluated = []
    for text in corpus:
        env.reset(seed=0)
        _, r, terminated, _, _ = env.step(text)
        assert terminated
        evaluated.append(float(r))
    env.close()
    return evaluated


@pytest.mark.parametrize("rule", PROGRAM_RULES)
@pytest.mark.parametrize("outcome", [OutcomeConfig(), OutcomeConfig(compile_penalty=0.5,
                                                                    compile_weight=0.1)],
                         ids=["default", "compile-terms"])
def test_env_and_trl_reward_agree_on_every_completion(sandbox, outcome, rule):
    task = tiny_tasks()[0]
    reward = SandboxReward([task], outcome=outcome, sandbox=sandbox, program_rule=rule)
    corpus = _corpus()
    trained = reward(corpus, task_id=[task.task_id] * len(corpus))
    evaluated = _env_rewards(RULE_ENVS[rule], task, corpus, sandbox, outcome)
    assert trained == pytest.approx(evaluated)
    # The corpus exercises both ends of the scale, so agreement is not agreement on a constant.
    assert max(trained) == pytest.approx(1.0)
    assert min(trained) < 1.0
    assert reward.stats["infra_errors"] == 0
    # The other ids of the rule pay the same: v0 (last-fence), v1 made with the new rule.
    other = (_env_rewards("O1Coder-Direct-v0", task, corpus, sandbox, outcome)
             if rule == "last-fence" else
             _env_rewards("O1Coder-Direct-v1", task, corpus, sandbox, outcome, program_rule=rule))
    assert other == pytest.approx(evaluated)


def test_the_rules_differ_only_where_a_usage_block_hid_the_function(sandbox):
    """What changes from v1 to v2, and the attacker's view: no choice passes a wrong program."""
    task = tiny_tasks()[0]
    corpus = _corpus()
    last = SandboxReward([task], sandbox=sandbox, program_rule="last-fence")(
        corpus, task_id=[task.task_id] * len(corpus))
    entry = SandboxReward([task], sandbox=sandbox, program_rule="entry-point")(
        corpus, task_id=[task.task_id] * len(corpus))
    # Compared as verdicts (a full pass or not): partial credit may differ where neither passes.
    differ = [i for i, (a, b) in enumerate(zip(last, entry, strict=True))
              if (a >= 1.0) != (b >= 1.0)]
    # The correct function followed by a usage block (python or untagged), or by a block whose
    # "def" is in a string or comment, or nested in another function: now earns its reward.
    assert differ == [11, 13, 15, 17]
    assert [entry[i] for i in differ] == [1.0] * 4 and [last[i] for i in differ] == [0.0] * 4
    # A wrong function, a function that needs a helper from a later block, a defining block that
    # does not parse: never a pass under either rule.
    for i in (12, 14, 16):
        assert last[i] < 1.0 and entry[i] < 1.0, i


def test_stdio_tasks_keep_the_last_fence_under_either_rule(sandbox):
    task = next(t for t in tiny_tasks() if t.entry_point is None)
    text = f"{_fence(SUM_REF)}\nRun it as:\n```bash\necho 1 2 | python sum.py\n```"
    other = f"```bash\necho 1 2 | python sum.py\n```\nThe program:\n{_fence(SUM_REF)}"
    for rule in PROGRAM_RULES:
        reward = SandboxReward([task], sandbox=sandbox, program_rule=rule)
        # the python block wins over a later bash block under both rules; the rules agree
        assert reward([text, other], task_id=[task.task_id] * 2) == [1.0, 1.0]


def test_program_rule_is_shared_and_rejects_non_strings():
    assert program_from_completion("x = 1") == "x = 1"
    assert program_from_completion("```py\nx = 1\n```") == "x = 1\n"
    with pytest.raises(TypeError, match="must be a str"):
        program_from_completion(b"x = 1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="program_rule must be one of"):
        SandboxReward(tiny_tasks()[:1], program_rule="first")
    with pytest.raises(ValueError, match="program_rule must be one of"):
        gym.make("O1Coder-Direct-v2", tasks=tiny_tasks()[:1], evaluation=True,
                 program_rule="first")


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
