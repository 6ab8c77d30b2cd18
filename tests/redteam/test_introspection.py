"""Red team: a program that searches its own interpreter finds no test code and no verdict.

Assert tests (HumanEval's ``check(candidate)``, MBPP's asserts) hold their expected values in
their code. The trusted judge runs that code outside the box and calls into the box only with
arguments, so a program that walks frames, ``gc``, ``sys.modules``, its memory or its file
descriptors finds nothing to copy and no harness that could report a pass. Each attack prints
``scanned=<n>``: the test asserts the hunt really ran (or that the confinement refused it, with
the refusal's own error), so "nothing found" cannot be a hunt that never started.

Before the judge, ``frames_read_caller_constants``, ``gc_finds_test_code`` and
``harness_reports_pass`` earned ``passed`` (the last one on HumanEval/0's real ``check``).
"""

from __future__ import annotations

import re

import pytest

from o1coder_env.sandbox import Limits, Sandbox
from o1coder_env.tasks import TestCase, TestKind, load_tasks
from tests.redteam.attacks import SECRET_ANSWER
from tests.redteam.introspection import CHECK_CODE, INTROSPECTION_ATTACKS, MBPP_ASSERT
from tests.sandbox_backends import ALL_BACKENDS

BACKENDS = ALL_BACKENDS
#: Straight-line asserts run as planned calls (the box runs them, the judge checks the answers
#: afterwards); the loop makes the judge call live, one round trip per call. Both paths face
#: every attack.
LOOP_CHECK = ("def check(candidate):\n    for x in [7]:\n"
              f"        assert candidate(x) == {SECRET_ANSWER}\n")
TESTS = (TestCase.assert_case(CHECK_CODE, call="check(f)"), TestCase.assert_case(MBPP_ASSERT),
         TestCase.call_case((7,), SECRET_ANSWER), TestCase.assert_case(LOOP_CHECK, call="check(f)"))
#: Where the confinement itself refuses the hunt: the error it must raise.
REFUSED = {"memory_scan_for_test_code": ("PermissionError", "FileNotFoundError")}


@pytest.fixture(scope="module", params=BACKENDS)
def box(request):
    with Sandbox(backend=request.param, workers=1, cache_size=0,
                 limits=Limits(timeout_s=5.0, memory_mb=512)) as sb:
        yield sb


def _scanned(text: str) -> int:
    found = re.findall(r"scanned=(\d+)", text)
    return int(found[-1]) if found else -1


@pytest.mark.parametrize("attack", INTROSPECTION_ATTACKS,
                         ids=[a.name for a in INTROSPECTION_ATTACKS])
def test_introspection_finds_nothing(box, attack):
    report = box.run(attack.program, TESTS, entry_point="f")
    assert report.n_passed == 0, report.to_dict()
    for result in report.results:
        assert str(SECRET_ANSWER) not in result.message + result.stdout, result.to_dict()
        if result.error_type in REFUSED.get(attack.name, ()):
            # Refused by the confinement, which must have been on.
            protections = report.extra["protections"]
            assert protections.get("landlock_abi", 0) > 0, protections
            continue
        # The hunt ran (found nothing), or its forged report was caught (crashed).
        ran = _scanned(result.stdout) > 0
        cut = result.status.value == "crashed"
        assert ran or cut, (attack.name, result.to_dict())


def test_harness_hijack_earns_nothing_on_a_real_humaneval_task(box):
    task = load_tasks("humaneval", limit=1)[0]
    check = [t for t in task.hidden_tests if t.kind is TestKind.ASSERT]
    assert check and "candidate" in check[0].code
    attack = next(a for a in INTROSPECTION_ATTACKS if a.name == "harness_reports_pass")
    program = attack.program.replace("def f(x):", f"def {task.entry_point}(*x):")
    report = box.run(program, check, entry_point=task.entry_point)
    assert report.n_passed == 0, report.to_dict()
    assert report.results[0].status.value == "crashed", report.to_dict()


@pytest.mark.parametrize("task_id,encode,decode", [
    ("HumanEval/38", "encode_cyclic", "decode_cyclic"),
    ("HumanEval/50", "encode_shift", "decode_shift"),
])
def test_prompt_helpers_run_in_the_judge_not_the_program(box, task_id, encode, decode):
    # ``check`` encodes each expected answer with the prompt's helper before calling the
    # candidate. Were the program's helper called, it would see the answer and hand it back.
    (task,) = load_tasks("humaneval", task_ids=[task_id])
    check = [t for t in task.hidden_tests if t.kind is TestKind.ASSERT]
    assert f"def {encode}" in check[0].code
    program = (f"SEEN = []\ndef {encode}(s):\n    SEEN.append(s)\n    return s\n"
               f"def {decode}(s):\n    return SEEN[-1] if SEEN else s\n")
    report = box.run(program, check, entry_point=task.entry_point)
    assert report.results[0].status.value == "failed", report.to_dict()
    honest = box.run(task.reference_solution, check, entry_point=task.entry_point)
    assert honest.all_passed, honest.to_dict()


@pytest.mark.parametrize("env_id", ["O1Coder-Direct-v0", "O1Coder-Direct-v2"])
def test_env_pays_nothing_for_the_hijack_on_humaneval(box, env_id):
    # The report: this program, which solves nothing, earned reward 1.0 from
    # O1Coder-Direct-v0 with reward_tests="hidden" (the check() test only, to isolate it).
    # Direct-v2 picks the block that defines the entry point: followed by a usage block (which
    # v0 would run instead), the hijack is the program it runs, and it still earns nothing.
    import gymnasium as gym

    import o1coder_env  # noqa: F401 - registers the envs

    task = load_tasks("humaneval", limit=1)[0]
    check_only = task.__class__(**{**task.__dict__, "hidden_tests": tuple(
        t for t in task.hidden_tests if t.kind is TestKind.ASSERT)})
    attack = next(a for a in INTROSPECTION_ATTACKS if a.name == "harness_reports_pass")
    program = attack.program.replace("def f(x):", f"def {task.entry_point}(*x):")
    env = gym.make(env_id, tasks=[check_only], sandbox=box, reward_tests="hidden",
                   evaluation=True)
    env.reset(seed=0)
    answer = f"```python\n{program}\n```"
    if env_id.endswith("-v2"):
        answer += f"\nUsage:\n```python\nprint({task.entry_point}(7))\n```"
        assert env.unwrapped.program_of(answer) == program.strip("\n") + "\n"
    _, reward, terminated, _, _ = env.step(answer)
    env.close()
    assert terminated and reward < 1.0
