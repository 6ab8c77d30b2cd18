"""How a sandbox worker is started: imported from its bytecode, not compiled as a script."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

from o1coder_env.sandbox import Sandbox, backends
from o1coder_env.sandbox.backends import SANDBOX_DIR, WorkerSpec, worker_command
from o1coder_env.tasks import TestCase


@pytest.fixture
def worker_copy(tmp_path, monkeypatch):
    """A private copy of ``_worker.py`` that ``ensure_worker_bytecode`` works on."""
    script = tmp_path / "_worker.py"
    shutil.copy(backends.WORKER_SCRIPT, script)
    monkeypatch.setattr(backends, "WORKER_SCRIPT", script)
    return script


def _source_mtime_in(cached: str) -> int:
    with open(cached, "rb") as fh:
        return int.from_bytes(fh.read(16)[8:12], "little")


def test_bytecode_is_written_once_and_again_when_the_source_changes(worker_copy):
    cached = importlib.util.cache_from_source(str(worker_copy))
    assert not os.path.exists(cached)
    backends.ensure_worker_bytecode()
    first = os.stat(cached)
    assert _source_mtime_in(cached) == int(os.stat(worker_copy).st_mtime)
    backends.ensure_worker_bytecode()  # up to date: left alone
    assert os.stat(cached).st_mtime_ns == first.st_mtime_ns
    later = int(first.st_mtime) + 10
    os.utime(worker_copy, (later, later))  # the source changed after the bytecode
    backends.ensure_worker_bytecode()
    assert _source_mtime_in(cached) == later


def test_bytecode_that_cannot_be_written_is_no_error(worker_copy):
    cached = importlib.util.cache_from_source(str(worker_copy))
    os.makedirs(cached)  # a folder where the file would go: the write fails, even for root
    backends.ensure_worker_bytecode()  # no exception: workers then compile the source
    assert os.path.isdir(cached)


def test_the_worker_is_imported_from_the_sandbox_folder(tmp_path):
    spec = WorkerSpec(index=0, root=str(tmp_path), uid=None, gid=None)
    argv = worker_command("process", spec)
    boot = argv[argv.index("-c") + 1]
    assert f"sys.path.insert(0, {str(SANDBOX_DIR)!r})" in boot
    assert "import _worker; _worker.main()" in boot
    assert argv[1:4] == ["-I", "-S", "-B"]
    assert os.path.exists(importlib.util.cache_from_source(str(backends.WORKER_SCRIPT)))


def test_a_program_cannot_import_the_sandbox_modules():
    # The worker is a module now; the zygote drops it (and _codec, _confine) from the import
    # system before any child exists.
    program = ("import sys\n"
               "def f(name):\n"
               "    try:\n        __import__(name)\n        return 'imported'\n"
               "    except ImportError:\n        return name in sys.modules\n")
    with Sandbox(backend="process", workers=1) as sb:
        report = sb.run(program, [TestCase.call_case((n,), False)
                                  for n in ("_worker", "_codec", "_confine")], entry_point="f")
    assert report.all_passed, report.to_dict()
