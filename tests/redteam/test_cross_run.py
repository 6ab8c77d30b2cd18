"""Red team: nothing one run writes is visible to another run, on every backend.

A correct program could record its answers where a later program, which does not solve the task,
reads them back. Each run gets a fresh working directory; these tests check that every other
place a program might write (its parent directory, the temp dirs, its home) refuses the write,
that the refusal comes from the confinement (landlock on), and that a later run reads nothing.
"""

from __future__ import annotations

import pytest

from o1coder_env.sandbox import Sandbox
from o1coder_env.tasks import TestCase
from tests.sandbox_backends import ALL_BACKENDS

BACKENDS = ALL_BACKENDS

_PLACES = "('..', '../..', '/tmp', '/var/tmp', '/dev/shm')"
# The writer returns the places its write reached and the error types of the refusals; the
# reader returns whatever it could read back. Call tests compare both in the parent.
WRITER = f"""
import os
def f():
    reached, refusals = [], set()
    for d in {_PLACES}:
        try:
            with open(os.path.join(d, 'o1coder_cross_run.txt'), 'w') as fh:
                fh.write('ANSWER-42')
            reached.append(d)
        except OSError as exc:
            refusals.add(type(exc).__name__)
    with open('local.txt', 'w') as fh:  # the run's own directory stays writable
        fh.write('mine')
    reached.append('cwd')
    return [reached, sorted(refusals - {{'PermissionError', 'FileNotFoundError', 'OSError'}})]
"""
READER = f"""
import os
def f():
    found = []
    for d in {_PLACES} + ('.',):
        for name in ('o1coder_cross_run.txt', 'local.txt'):
            try:
                with open(os.path.join(d, name)) as fh:
                    found.append(d + '/' + name + '=' + fh.read())
            except OSError:
                pass
    return found
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_later_run_reads_nothing_an_earlier_run_wrote(backend):
    with Sandbox(backend=backend, workers=1) as box:
        assert box.features.get("landlock_abi", 0) > 0, "landlock must confine the writes"
        # Only the run's own directory took the write; every refusal was a filesystem error.
        wrote = box.run(WRITER, [TestCase.call_case((), [["cwd"], []])], entry_point="f")
        assert wrote.results[0].status.value == "passed", wrote.results[0]
        # A second run, on the same worker, finds nothing of the first: not even its own dir.
        read = box.run(READER, [TestCase.call_case((), [])], entry_point="f")
        assert read.results[0].status.value == "passed", read.results[0]
