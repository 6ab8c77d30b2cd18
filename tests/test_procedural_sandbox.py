"""Procedural references pass all their tests in the real sandbox; hidden tests reject mutants.

A CI-sized sample: one task per (family, level) of each split for the references, one per
(family, level) of the test split for the mutants. The full sample (50 per family and level) is
``python -m benchmarks.perf.procedural_check --count 50`` (its result is in docs/tasks.md).
"""

from __future__ import annotations

import pytest

from benchmarks.perf.procedural_check import reference_failures, toothless_tasks
from o1coder_env.tasks import load_tasks


@pytest.fixture(scope="module")
def sandbox():
    from o1coder_env.sandbox import Sandbox

    with Sandbox(backend="process") as sb:
        yield sb


def test_every_sampled_reference_passes_all_its_tests(sandbox) -> None:
    tasks = (load_tasks("procedural", split="test", path="count=1;seed=101")
             + load_tasks("procedural", split="train", path="count=1;seed=202"))
    assert len(tasks) >= 2 * 15 * 5
    assert not reference_failures(tasks, sandbox)


def test_hidden_tests_reject_a_mutant_of_every_sampled_reference(sandbox) -> None:
    tasks = load_tasks("procedural", split="test", path="count=1;seed=303")
    assert not toothless_tasks(tasks, sandbox)
