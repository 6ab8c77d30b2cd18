"""The zygote fills pymalloc's free blocks before it forks (``_fill_allocator_pools``).

A child's new objects then go into fresh pools instead of free blocks scattered over pages it
shares with the zygote (each first write to such a page copies it). These tests pin what the
filler takes (exactly the free blocks the allocator reports, capped), that it gives up quietly
where the report is missing, and that it leaves fd 2 as it found it.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap

import pytest

from o1coder_env.sandbox._worker import _fill_allocator_pools

# The report's size-class table as CPython 3.11 prints it (abridged), with other lines around.
REPORT = """Small block threshold = 512, in 32 size classes.

class   size   num pools   blocks in use  avail blocks
-----   ----   ---------   -------------  ------------
    0     16           1             172             3
    1     32           3            1386             2
    2     48          14            4644             5
   31    512           3              64             1

# arenas allocated total           =                    5
"""


def _fake_report(text: str):
    def report() -> None:
        os.write(2, text.encode())
    return report


def test_the_filler_takes_exactly_the_free_blocks_reported(monkeypatch):
    monkeypatch.setattr(sys, "_debugmallocstats", _fake_report(REPORT), raising=False)
    filler = _fill_allocator_pools()
    kinds = [(type(o).__name__, sys.getsizeof(o)) for o in filler]
    assert kinds.count(("object", 16)) == 3
    assert kinds.count(("float", 24)) == 2
    # A bytes object takes 33 + its length: exactly the class's block size.
    assert kinds.count(("bytes", 48)) == 5
    assert kinds.count(("bytes", 512)) == 1
    assert len(filler) == 11
    assert not any(gc.is_tracked(o) for o in filler)


def test_the_filler_is_capped_per_size_class(monkeypatch):
    huge = REPORT.replace("            5\n", "      9999999\n")
    monkeypatch.setattr(sys, "_debugmallocstats", _fake_report(huge), raising=False)
    filler = _fill_allocator_pools(cap=100)
    assert sum(type(o) is bytes and len(o) == 15 for o in filler) == 100


@pytest.mark.parametrize("text", ["", "garbage\n1 2 3\n", "class size\n    x 16 1 2 3\n"])
def test_an_unreadable_report_fills_nothing(monkeypatch, text):
    monkeypatch.setattr(sys, "_debugmallocstats", _fake_report(text), raising=False)
    assert _fill_allocator_pools() == []


def test_no_report_fills_nothing(monkeypatch):
    monkeypatch.delattr(sys, "_debugmallocstats", raising=False)
    assert _fill_allocator_pools() == []


def test_the_real_report_is_caught_and_stderr_left_as_it_was():
    """In a fresh interpreter: CPython's own report is read (something is filled), none of it
    reaches the process's stderr, and fd 2 writes where it did before."""
    code = textwrap.dedent("""
        import sys
        from o1coder_env.sandbox._worker import _fill_allocator_pools
        filler = _fill_allocator_pools()
        print(len(filler))
        sys.stderr.write("stderr-still-here\\n")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert int(done.stdout) > 0
    assert done.stderr == "stderr-still-here\n"


def test_a_refused_memory_file_fills_nothing_and_keeps_stderr(monkeypatch, capfd):
    def refused(*_args):
        raise PermissionError(1, "refused by a filter")

    monkeypatch.setattr(sys, "_debugmallocstats", _fake_report(REPORT), raising=False)
    monkeypatch.setattr(os, "memfd_create", refused)
    assert _fill_allocator_pools() == []
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"
