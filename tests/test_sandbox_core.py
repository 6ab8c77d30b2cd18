"""Core behaviour of the sandbox: verdicts per test kind, comparison rules, crash resumption."""

from __future__ import annotations

import math

import pytest

from o1coder_env.sandbox import Job, Limits, Sandbox, Status, bwrap_available
from o1coder_env.sandbox.compare import normalize_stdout, python_equal, strict_equal, values_equal
from o1coder_env.tasks import TestCase
from tests.sandbox_backends import proc_status, zygote_children

BACKENDS = ["process"] + (["bwrap"] if not bwrap_available() else [])


@pytest.fixture(scope="module", params=BACKENDS)
def sb(request):
    with Sandbox(backend=request.param, workers=2) as box:
        yield box


ADD = "def add(a, b):\n    return a + b\n"


def test_call_tests_judged_in_parent(sb):
    report = sb.run(ADD, [TestCase.call_case((1, 2), 3), TestCase.call_case((1, 2), 4)],
                    entry_point="add")
    assert [r.status for r in report.results] == [Status.PASSED, Status.FAILED]
    assert report.n_passed == 1 and report.pass_fraction == 0.5
    assert "returned 3" in report.results[1].message
    assert report.backend == sb.backend


def test_program_sees_only_its_own_environment(sb):
    # The worker keeps no other variable (it scrubs its own environment once); each run adds
    # its own HOME and TMPDIR, which are its run dir.
    program = ("import os\n"
               "def f():\n"
               "    return [sorted(os.environ), os.environ['HOME'] == os.getcwd(),\n"
               "            os.environ['TMPDIR'] == os.getcwd()]\n")
    first = sb.run(program, [TestCase.call_case((), [["HOME", "LANG", "PATH",
                                                      "PYTHONIOENCODING", "TMPDIR"],
                                                     True, True])], entry_point="f")
    assert first.all_passed, first.results[0].message
    # A second run gets a fresh run dir in HOME, not the first one's.
    homes = [sb.run(f"import os\ndef f():  # run {i} (not a cached report)\n"
                    "    return os.environ['HOME']\n",
                    [TestCase.call_case((), None)], entry_point="f").results[0].message
             for i in range(2)]
    assert homes[0] != homes[1] and all("returned" in h for h in homes)


def test_no_output_carries_over_between_runs(sb):
    # The text streams are built once in the worker and inherited: a run that leaves text in
    # their buffers must not see it reach the next run's captured output.
    leaving = "import sys\nsys.stdout.write('left-behind')\nsys.stderr.write('err-behind')\n" \
              "def f():\n    return 1\n"
    sb.run(leaving, [TestCase.call_case((), 1)], entry_point="f")
    report = sb.run("def f():\n    print('mine')\n    return 1\n",
                    [TestCase.call_case((), 1)], entry_point="f")
    assert report.all_passed
    assert report.results[0].stdout.strip() == "mine"
    assert "behind" not in report.results[0].stderr


def test_huge_int_results_are_verdicts_not_parent_errors(sb):
    # Python refuses str() of ints over 4300 digits; a program returning one must still get a
    # plain verdict (and a readable message), not crash the judge in the parent.
    prog = "def f(x):\n    return 10 ** x\n\ndef g(x):\n    return {'k': [10 ** x]}\n"
    report = sb.run(prog, [TestCase.call_case((5000,), 1), TestCase.call_case((5000,), 10**5000)],
                    entry_point="f")
    assert [r.status for r in report.results] == [Status.FAILED, Status.PASSED]
    assert "too large to print" in report.results[0].message
    nested = sb.run(prog, [TestCase.call_case((5000,), {})], entry_point="g")
    assert nested.results[0].status is Status.FAILED
    assert "too large to print" in nested.results[0].message


def test_stdio_tests_and_whitespace_rule(sb):
    prog = "n = int(input())\nprint(n * 2, '  ')\nprint()\n"
    report = sb.run(prog, [TestCase.stdio_case("3\n", "6"), TestCase.stdio_case("4", "9\n")])
    assert [r.status for r in report.results] == [Status.PASSED, Status.FAILED]
    assert report.results[0].stdout.startswith("6")


def test_stdio_script_may_sys_exit_zero(sb):
    prog = "import sys\nprint(int(sys.stdin.read()) + 1)\nsys.exit(0)\n"
    assert sb.run(prog, [TestCase.stdio_case("41", "42")]).all_passed


def test_assert_tests_are_weak(sb):
    tests = [TestCase.assert_case("assert add(2, 2) == 4"),
             TestCase.assert_case("def check(c):\n    assert c(1, 1) == 3\n", call="check(add)")]
    report = sb.run(ADD, tests, entry_point="add")
    assert [r.status for r in report.results] == [Status.PASSED, Status.FAILED]
    assert all(r.weak for r in report.results)
    assert report.results[1].error_type == "AssertionError"


def test_per_test_output_is_attributed(sb):
    prog = "def f(x):\n    print('seen', x)\n    return x\n"
    report = sb.run(prog, [TestCase.call_case((i,), i) for i in range(4)], entry_point="f")
    assert report.all_passed
    assert [r.stdout for r in report.results] == [f"seen {i}\n" for i in range(4)]


def test_output_stays_with_its_test_when_the_child_runs_ahead(sb):
    # Between call tests the child does not wait for the worker: what a test writes must
    # still land in its own result, through the text streams, raw fds and stderr alike.
    prog = ("import os, sys\n"
            "def f(x):\n"
            "    print('out', x)\n"
            "    os.write(1, b'raw %d\\n' % x)\n"
            "    print('err', x, file=sys.stderr)\n"
            "    return x\n")
    tests = [TestCase.call_case((i,), i) for i in range(30)]
    for _ in range(5):
        report = sb.run(prog, tests, entry_point="f")
        assert report.all_passed
        assert [sorted(r.stdout.splitlines()) for r in report.results] == [
            [f"out {i}", f"raw {i}"] for i in range(30)]
        assert [r.stderr for r in report.results] == [f"err {i}\n" for i in range(30)]


def test_stdio_tests_among_call_tests_get_exactly_their_output(sb):
    prog = ("import sys\n"
            "def f(x):\n    print('call', x)\n    return x\n"
            "if __name__ == '__main__':\n    print('echo', sys.stdin.read().strip())\n")
    tests = [TestCase.call_case((1,), 1), TestCase.stdio_case("a", "echo a"),
             TestCase.call_case((2,), 2), TestCase.call_case((3,), 3),
             TestCase.stdio_case("b", "echo b"), TestCase.stdio_case("c", "echo c")]
    for _ in range(3):
        report = sb.run(prog, tests, entry_point="f")
        assert report.all_passed, report.to_dict()
        assert [r.stdout for r in report.results] == [
            "call 1\n", "echo a\n", "call 2\n", "call 3\n", "echo b\n", "echo c\n"]


def test_a_program_that_closes_its_stdout_keeps_its_verdicts(sb):
    # Without fd 1 the child cannot mark where a test's output ends: the rest is attributed
    # as it comes, and the verdicts are unchanged.
    prog = ("import os, sys\n"
            "def f(x):\n"
            "    if x == 0:\n        print('before', x, flush=True)\n"
            "    if x == 1:\n        os.close(1)\n"
            "    print('err', x, file=sys.stderr)\n"
            "    return x\n")
    report = sb.run(prog, [TestCase.call_case((i,), i) for i in range(4)], entry_point="f")
    assert report.all_passed
    assert report.results[0].stdout == "before 0\n"
    assert "".join(r.stderr for r in report.results) == "".join(f"err {i}\n" for i in range(4))


def test_compile_error(sb):
    report = sb.run("def f(:\n", [TestCase.call_case((), 1)], entry_point="f")
    assert not report.compiled and report.status == "compile_error"
    assert report.results[0].status is Status.COMPILE_ERROR


def test_crash_and_timeout_resume_in_fresh_fork(sb):
    prog = ("import os\n"
            "def f(x):\n"
            "    if x == 1:\n        os._exit(0)\n"
            "    if x == 2:\n        while True:\n            pass\n"
            "    return x\n")
    tests = [TestCase.call_case((0,), 0), TestCase.call_case((1,), 1),
             TestCase.call_case((2,), 2, timeout_s=0.5), TestCase.call_case((3,), 3)]
    report = sb.run(prog, tests, entry_point="f")
    assert [r.status for r in report.results] == [
        Status.PASSED, Status.CRASHED, Status.TIMEOUT, Status.PASSED]


def test_exceptions_and_memory(sb):
    prog = ("def f(x):\n"
            "    if x == 0:\n        raise KeyError('k')\n"
            "    return bytearray(x)\n")
    report = sb.run(prog, [TestCase.call_case((0,), 1), TestCase.call_case((1 << 33,), 1)],
                    entry_point="f", limits=Limits(memory_mb=256))
    assert report.results[0].status is Status.ERROR
    assert report.results[0].error_type == "KeyError"
    assert report.results[1].status is Status.MEMORY


def test_missing_entry_point(sb):
    report = sb.run("x = 1\n", [TestCase.call_case((), 1)], entry_point="f")
    assert report.results[0].status is Status.ERROR
    assert report.results[0].error_type == "NameError"


def test_cache_and_batch(sb):
    jobs = [Job(ADD, [TestCase.call_case((i, 1), i + 1)], entry_point="add") for i in range(6)]
    first = sb.run_batch(jobs)
    assert all(r.all_passed for r in first)
    again = sb.run_batch(jobs[:2])
    assert all(r.cached for r in again)
    assert sb.stats["cache_hits"] >= 2


def test_batch_reports_come_in_job_order_and_a_failing_job_raises(sb):
    # Later jobs finish first (the first ones sleep longest): the reports still follow the jobs.
    jobs = [Job(f"import time\ntime.sleep({(8 - i) * 0.02})\ndef f():\n    return {i}\n",
                [TestCase.call_case((), 0)], entry_point="f") for i in range(8)]
    reports = sb.run_batch(jobs)
    assert [r.all_passed for r in reports] == [True] + [False] * 7  # job 0 finishes last
    bad = Job(123, [TestCase.call_case((), 0)], entry_point="f")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="program must be a str"):
        sb.run_batch([jobs[0], bad, *jobs[1:4]])
    assert [r.all_passed for r in sb.run_batch(jobs[:3])] == [True, False, False]  # goes on


def test_call_needs_entry_point(sb):
    with pytest.raises(ValueError, match="entry_point"):
        sb.run(ADD, [TestCase.call_case((1, 2), 3)])


@pytest.mark.parametrize(("expected", "actual", "equal"), [
    (1, 1, True), (1, True, False), (True, 1, False), (1.0, 1, True), (1, 1.0, False),
    (0.1 + 0.2, 0.3, True), ([1, 2], (1, 2), False), ((1, [2]), (1, [2]), True),
    ({1, 2}, {2, 1}, True), ({1}, {True}, False), ({"a": 1.0}, {"a": 1}, True),
    (float("nan"), float("nan"), True), (math.inf, -math.inf, False),
    (b"a", bytearray(b"a"), False),
    (None, None, True), ("a", "a ", False),
])
def test_strict_equal(expected, actual, equal):
    assert strict_equal(expected, actual) is equal


@pytest.mark.parametrize(("expected", "actual", "equal"), [
    (7, 7.0, True), (1, True, True), ([1], (1,), False), (float("nan"), float("nan"), False),
    ({"a": 1}, __import__("collections").Counter(a=1), True), ("a", "a ", False),
])
def test_python_equal(expected, actual, equal):
    assert python_equal(expected, actual) is equal
    assert values_equal(expected, actual, "python") is equal


def test_values_equal_rejects_unknown_rule():
    with pytest.raises(ValueError, match="equality rule"):
        values_equal(1, 1, "loose")


RETURNS = """
import collections
def f(kind):
    if kind == "float":
        return 7.0
    if kind == "counter":
        return collections.Counter("aab")
    if kind == "default":
        d = collections.defaultdict(list)
        d[1].append(2)
        return d
    if kind == "ordered":
        return collections.OrderedDict([(2, "b"), (1, "a")])
    if kind == "sub":
        class Liar(collections.Counter):
            def __eq__(self, other):
                return True
        return Liar()
    class Always:
        def __eq__(self, other):
            return True
    return Always()
"""


def test_python_equality_for_converted_asserts(sb):
    def both(arg, expected):
        tests = [TestCase.call_case((arg,), expected),
                 TestCase.call_case((arg,), expected, equality="python")]
        return [r.status for r in sb.run(RETURNS, tests, entry_point="f").results]

    ok, bad = Status.PASSED, Status.FAILED
    assert both("float", 7) == [bad, ok]  # 7.0 == 7, as the original assert judged it
    assert both("counter", {"a": 2, "b": 1}) == [bad, ok]
    assert both("default", {1: [2]}) == [bad, ok]
    assert both("ordered", {1: "a", 2: "b"}) == [bad, ok]
    # Programs still cannot bring their own __eq__: subclasses and objects stay unserializable.
    assert both("sub", {}) == [bad, bad]
    assert both("other", 0) == [bad, bad]
    report = sb.run(RETURNS, [TestCase.call_case(("counter",), {"a": 2, "b": 1})],
                    entry_point="f")
    assert "Counter" in report.results[0].message  # the strict failure says what came back


def test_equality_field_is_validated_and_round_trips():
    test = TestCase.call_case((1,), 1.0, equality="python")
    assert TestCase.from_dict(test.to_dict()) == test
    assert "equality" not in TestCase.call_case((1,), 1).to_dict()
    with pytest.raises(ValueError, match="equality must be"):
        TestCase.call_case((1,), 1, equality="loose")
    with pytest.raises(ValueError, match="call tests only"):
        TestCase.stdio_case("1\n", "1\n", equality="python")


def test_normalize_stdout():
    assert normalize_stdout("a  \r\nb\n\n\n") == "a\nb"
    assert normalize_stdout(" a") != normalize_stdout("a")


_CONFINEMENT_PROBE = f"""
import os, socket
def probe(what):
    try:
        if what == "read_repo":
            open({__file__!r}).read()
        elif what == "write_parent":
            open("../left_behind", "w").write("x")
        elif what == "socket":
            socket.socket()
        return "allowed"
    except OSError as exc:
        return type(exc).__name__
"""


@pytest.mark.parametrize("confine_worker", [True, False])
def test_children_are_confined_whether_or_not_the_worker_is(monkeypatch, confine_worker):
    # The worker applies the shared confinement to itself (children inherit it); where it
    # cannot (a kernel without /proc/<pid>/task/<pid>/children), each child applies every layer.
    # Both paths must refuse the same things.
    from o1coder_env.sandbox import backends

    original = backends._config
    monkeypatch.setattr(backends, "_config", lambda *a, **k: {
        **original(*a, **k), "confine_worker": confine_worker})
    tests = [TestCase.call_case((what,), "PermissionError")
             for what in ("read_repo", "write_parent", "socket")]
    with Sandbox(backend="process", workers=1, cache_size=0) as sb:
        report = sb.run(_CONFINEMENT_PROBE, tests, entry_point="probe")
        protections = report.extra["protections"]
    assert protections["seccomp"] and protections["landlock_abi"] > 0, protections
    assert [r.status.value for r in report.results] == ["passed"] * 3, report.to_dict()


@pytest.mark.parametrize("ahead", [False, True], ids=["on-demand", "ahead"])
def test_a_worker_whose_zygote_died_is_replaced_and_the_run_retried(ahead):
    """The zygote forks every run; if it dies (killed from outside), that is the sandbox's
    failure, never a verdict on the program: the worker quits, the parent starts a new one and
    runs the program again there."""
    import os
    import signal

    with Sandbox(backend="process", workers=1, cache_size=0, fork_ahead=ahead) as box:
        worker = box._workers[0]
        assert worker.zygote_pid > 0 and worker.zygote_pid != worker.pid
        os.kill(worker.zygote_pid, signal.SIGKILL)
        report = box.run("def f(x):\n    return x + 1\n", [TestCase.call_case((1,), 2)],
                         entry_point="f")
        assert report.all_passed, report.to_dict()
        assert box.stats["worker_restarts"] == 1
        assert box._workers[0].zygote_pid != worker.zygote_pid


def _waiting_child(box, timeout: float = 5.0) -> int:
    """The one child the zygote holds between runs (forked ahead, as the last run started)."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        kids = zygote_children(box)
        if kids:
            assert len(kids) == 1, kids
            return kids[0][0]
        time.sleep(0.005)
    raise AssertionError("the zygote forked no child for the next run")


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_next_runs_child_is_forked_ahead_and_holds_nothing_of_a_run(backend):
    """Each worker forks its next run's child as a run starts, so that the fork and the set-up
    that needs no run overlap that run. Until its own run comes, that child holds no run: it
    is not of the run's uid and has no run directory; every run gets a fresh one."""
    import os

    with Sandbox(backend=backend, workers=1, cache_size=0, fork_ahead=True) as box:
        worker = box._workers[0]
        pids = []
        for _ in range(3):
            report = box.run(ADD, [TestCase.call_case((1, 2), 3)], entry_point="add")
            assert report.all_passed, report.to_dict()
            pid = _waiting_child(box)
            pids.append(pid)
            if worker.lease is not None:
                uids = proc_status(pid, "Uid").split()
                assert str(worker.lease.uid) not in uids, uids
            cwd = os.readlink(f"/proc/{pid}/cwd")
            assert "/run-" not in cwd, cwd
            # Its set-up done, it waits for its run on its request pipe, running nothing.
            assert _eventually(lambda p=pid: proc_status(p, "State").startswith("S")), \
                proc_status(pid, "State")
        assert len(set(pids)) == 3  # a fresh child for every run
    # Closing the sandbox ends the waiting child too.
    assert _eventually(lambda: not os.path.exists(f"/proc/{pids[-1]}")), pids[-1]


def _eventually(condition, timeout: float = 5.0) -> bool:
    import time

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
    return True


def test_a_waiting_child_killed_from_outside_costs_no_verdict():
    """The next run's child may die while it waits (killed from outside): the program never
    reached it, so its run goes to a fresh child and gets its true verdict, not a crash, and
    the worker is not replaced for it."""
    import os
    import signal

    with Sandbox(backend="process", workers=1, cache_size=0, fork_ahead=True) as box:
        assert box.run(ADD, [TestCase.call_case((1, 2), 3)], entry_point="add").all_passed
        for _ in range(3):
            os.kill(_waiting_child(box), signal.SIGKILL)
            report = box.run(ADD, [TestCase.call_case((1, 2), 3), TestCase.call_case((2, 2), 5)],
                             entry_point="add")
            assert [r.status for r in report.results] == [Status.PASSED, Status.FAILED], \
                report.to_dict()
        assert box.stats["worker_restarts"] == 0


def test_fork_ahead_only_with_a_core_to_spare():
    """By default a run's child is forked ahead only when there are fewer workers than cores
    (with a worker per core it cost throughput); off, no child waits between runs."""
    import os

    cores = len(os.sched_getaffinity(0))
    with Sandbox(backend="process", workers=cores, cache_size=0) as box:
        assert box.fork_ahead is False
    with Sandbox(backend="process", workers=1, cache_size=0, fork_ahead=False) as box:
        for _ in range(3):
            assert box.run(ADD, [TestCase.call_case((1, 2), 3)], entry_point="add").all_passed
        assert not _eventually(lambda: bool(zygote_children(box)), timeout=0.3)
    if cores > 1:
        with Sandbox(backend="process", workers=1, cache_size=0) as box:
            assert box.fork_ahead is True
