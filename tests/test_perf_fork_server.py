"""The unconfined fork server the sandbox benchmark measures its own cost against."""

from __future__ import annotations

import os

from benchmarks.perf.fork_server import ForkServer
from benchmarks.perf.sandbox_bench import floor_against_bare_fork, small_bare_fork_ms


def test_each_sample_runs_in_its_own_forked_process():
    with ForkServer(["math"]) as server:
        assert server.run("import math\nassert math.sqrt(4) == 2\n")
        assert not server.run("assert 1 == 2\n")
        assert not server.run("def f(:\n")  # a syntax error is a failure, not a server crash
        assert not server.run("import os\nos._exit(3)\n")
        # A sample's state dies with its process: the next one does not see it.
        assert server.run("import builtins\nbuiltins.LEFT_BEHIND = 1\n")
        assert server.run("import builtins\nassert not hasattr(builtins, 'LEFT_BEHIND')\n")
        # And it ran in a child, not in the server: the server is still there.
        assert server.run(f"import os\nassert os.getppid() == {server.pid}\n")
        assert server.bare_fork_ms(5) > 0
    assert not os.path.exists(f"/proc/{server.pid}/status")


def test_small_bare_fork_anchor_is_measured():
    assert 0 < small_bare_fork_ms(5) < 1000


def test_floor_and_its_anchor_are_measured_in_turns():
    got = floor_against_bare_fork("process", rounds=2, reps=3, fork_ahead=False)
    assert got["rounds"] == 2 and got["fork_ahead"] is False
    assert got["floor_ms"] > 0 and got["bare_ms"] > 0
    assert got["ratio_low"] <= got["ratio"] <= got["ratio_high"]


def test_the_server_is_as_lean_as_a_sandbox_worker():
    """Run like the worker (``-I -S``): no ``site``, none of the client's modules, and above all
    no ``threading``, whose after-fork hook would run in every child and make the bare fork
    the floor is measured against ~0.3 ms dearer."""
    probe = ("import sys\n"
             "loaded = {'threading', 'subprocess', 'site', 'benchmarks', 'o1coder_env'}\n"
             "assert not loaded & set(sys.modules), loaded & set(sys.modules)\n"
             "assert sys.flags.isolated and sys.flags.no_site\n"
             "assert 'fractions' in sys.modules\n")
    with ForkServer(["fractions"]) as server:
        assert server.run(probe)
        assert not server.run("import fork_server\n")  # its own folder is not on the path
