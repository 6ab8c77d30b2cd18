"""The procedural source: shape, spec, ids, determinism, split disjointness, CLI and env use."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import gymnasium as gym
import pytest

import o1coder_env  # noqa: F401  (registers the envs)
from o1coder_cli.main import main as cli_main
from o1coder_env.tasks import TaskStyle, UnknownTaskError, get_task, load_tasks
from o1coder_env.tasks.procedural import (
    FAMILIES,
    LEVELS,
    ProceduralSpec,
    make_task,
    parse_task_id,
)
from o1coder_env.tasks.procedural.family import _input_key, draft_task

ROOT = Path(__file__).resolve().parents[1]

#: Two items per (family, level) of each split: every level of every family, both splits.
SAMPLE = load_tasks("procedural", split="test", path="count=2") + load_tasks(
    "procedural", split="train", path="count=2")


def test_family_count_and_styles() -> None:
    assert len(FAMILIES) >= 15
    stdio = [f for f in FAMILIES.values() if f.style is TaskStyle.STDIO]
    assert len(stdio) >= 3
    for family in FAMILIES.values():
        assert len(family.levels) == 5
        assert all(level.summary for level in family.levels)


@pytest.mark.parametrize("task", SAMPLE[::3], ids=lambda t: t.task_id)
def test_task_is_complete(task) -> None:
    family, level = task.metadata["family"], task.metadata["level"]
    assert family in FAMILIES and level in LEVELS
    assert task.task_id == f"procedural/{family}/L{level}/{task.split}/{task.metadata['n']}"
    assert task.source == "procedural"
    assert len(task.public_tests) == 3
    assert len(task.hidden_tests) >= 8
    ast.parse(task.reference_solution)
    assert task.reference_steps is not None and task.reference_steps.refinements
    assert "```" not in task.reference_steps.outline
    assert "$" not in task.problem + task.reference_solution  # every template hole was filled
    if task.style is TaskStyle.CALL:
        assert f"def {task.entry_point}(" in task.reference_solution
        assert task.signature and task.signature.startswith(f"def {task.entry_point}(")
        # the public tests are shown in the statement
        for test in task.public_tests:
            assert f"{task.entry_point}({', '.join(repr(a) for a in test.args)})" in task.problem
    else:
        for test in task.public_tests:
            assert test.stdin.rstrip("\n") in task.problem


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_level_has_several_phrasings(name: str) -> None:
    family = FAMILIES[name]
    for number, level in enumerate(family.levels, start=1):
        assert len(level.phrasings) >= 2, (name, number)
        for split in ("train", "test"):
            statements = {draft_task(family, number, split, n).statement for n in range(30)}
            assert len(statements) >= 3, (name, number, split)


def test_order_spreads_over_families_and_levels() -> None:
    tasks = load_tasks("procedural", split="test", path="levels=1-2", limit=len(FAMILIES) * 2)
    assert Counter(t.metadata["level"] for t in tasks) == {1: len(FAMILIES), 2: len(FAMILIES)}
    assert {t.metadata["family"] for t in tasks} == set(FAMILIES)


def test_spec_selects_families_levels_count_and_seed() -> None:
    tasks = load_tasks("procedural", split="train",
                       path="families=arith,stdio_words;levels=2-3;count=4;seed=10")
    assert len(tasks) == 2 * 2 * 4
    assert {t.metadata["family"] for t in tasks} == {"arith", "stdio_words"}
    assert {t.metadata["level"] for t in tasks} == {2, 3}
    assert {t.metadata["n"] for t in tasks} == {10, 11, 12, 13}
    spec = ProceduralSpec(families=("arith",), levels=(2, 2), count=3, seed=5, split="test")
    assert ProceduralSpec.parse(spec.to_text()) == spec
    assert [t.task_id for t in load_tasks("procedural", path=str(spec))] == [
        f"procedural/arith/L2/test/{n}" for n in (5, 6, 7)]


def test_item_i_depends_only_on_its_seed() -> None:
    # seed=3 item 0 is seed=0 item 3: the same Random(seed + i), whatever came before.
    shifted = load_tasks("procedural", split="test", path="families=grid;level=4;count=1;seed=3")
    full = load_tasks("procedural", split="test", path="families=grid;level=4;count=4")
    assert shifted[0] == full[3]


@pytest.mark.parametrize(("text", "needle"), [
    ("families=nope", "unknown procedural families ['nope']"),
    ("levels=0-3", "levels must satisfy 1 <= low <= high <= 5"),
    ("levels=4-2", "got 4-2"),
    ("level=x", "'level' needs an integer"),
    ("count=0", "count must be an int >= 1"),
    ("seed=-1", "seed must be an int >= 0"),
    ("split=validation", "split must be one of"),
    ("colour=red", "unknown procedural spec key 'colour'"),
    ("count", "is not key=value"),
    ("families=arith,arith", "families lists a name twice"),
])
def test_spec_errors_name_what_is_wrong(text: str, needle: str) -> None:
    with pytest.raises(ValueError) as err:
        load_tasks("procedural", path=text, limit=1)
    assert needle in str(err.value)


def test_spec_split_conflict_and_unknown_split() -> None:
    with pytest.raises(ValueError, match="says split='test' but split='train'"):
        load_tasks("procedural", split="train", path="split=test")
    with pytest.raises(ValueError, match="procedural splits are"):
        load_tasks("procedural", split="validation")


def test_ids_regenerate_tasks() -> None:
    task = make_task("intervals", 4, "train", 987654)
    assert parse_task_id(task.task_id) == ("intervals", 4, "train", 987654)
    assert get_task(task.task_id, source="procedural") == task
    with pytest.raises(UnknownTaskError, match="not a procedural task id"):
        get_task("procedural/intervals/4/train/1", source="procedural")
    with pytest.raises(UnknownTaskError, match="unknown procedural family"):
        get_task("procedural/nope/L1/train/1", source="procedural")
    with pytest.raises(UnknownTaskError, match="is in split 'train', not 'test'"):
        load_tasks("procedural", split="test", task_ids=[task.task_id])


_DIGEST = """
import hashlib, json, sys
from o1coder_env.tasks import load_tasks
tasks = load_tasks("procedural", split=sys.argv[1], path="count=2")
print(hashlib.sha256(json.dumps([t.to_dict() for t in tasks], sort_keys=True,
                                default=repr).encode()).hexdigest())
"""


def test_same_tasks_in_another_process() -> None:
    here = json.dumps([t.to_dict() for t in SAMPLE if t.split == "test"], sort_keys=True,
                      default=repr)
    import hashlib

    expected = hashlib.sha256(here.encode()).hexdigest()
    env = {"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", _DIGEST, "test"], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True, timeout=120)
    assert out.stdout.strip() == expected


def _inputs(task) -> set[str]:
    return {t.stdin if task.style is TaskStyle.STDIO else json.dumps(t.to_dict()["args"])
            for t in task.all_tests}


def test_splits_share_no_statement_and_no_drawn_input() -> None:
    count = 12
    split_tasks = {
        split: load_tasks("procedural", split=split, path=f"levels=1-4;count={count}")
        for split in ("train", "test")
    }
    statements = {s: {t.problem.split("\n\nExamples:")[0] for t in ts}
                  for s, ts in split_tasks.items()}
    assert not statements["train"] & statements["test"]
    # Drawn inputs (public and random hidden ones) never cross, not even between families; the
    # few fixed edge cases (empty list, one element...) are the same in both splits by design.
    drawn: dict[str, set[str]] = {}
    for split, tasks in split_tasks.items():
        keys: set[str] = set()
        for task in tasks:
            family, level, _, n = parse_task_id(task.task_id)
            draft = draft_task(FAMILIES[family], level, split, n)
            keys.update(_input_key(value) for value in draft.public + draft.hidden)
        drawn[split] = keys
    assert len(drawn["test"]) > 2000
    assert not drawn["train"] & drawn["test"]


def test_tasks_list_and_show_cli(capsys) -> None:
    assert cli_main(["tasks", "list", "--source", "procedural", "--split", "test", "--limit", "5",
                     "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 5
    assert all(isinstance(r["family"], str) and isinstance(r["level"], int) for r in rows)
    assert all(r["split"] == "test" for r in rows)
    task_id = rows[-1]["task_id"]
    # show infers the source from the id prefix; --reveal includes the reference
    assert cli_main(["tasks", "show", task_id, "--json", "--reveal"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["task_id"] == task_id and shown["reference_solution"]
    assert shown["metadata"]["level"] == rows[-1]["level"]
    assert cli_main(["tasks", "list", "--source", "procedural", "--path", "levels=9"]) == 2
    assert "levels must satisfy" in capsys.readouterr().err


def test_gym_make_with_the_procedural_source() -> None:
    env = gym.make("O1Coder-Direct-v1", source="procedural", split="test", evaluation=True,
                   path="families=arith;level=1;count=3", sandbox="process")
    assert len(env.unwrapped.tasks) == 3
    env.reset(seed=0)
    task = env.unwrapped.task
    assert task.metadata["family"] == "arith"
    _, reward, terminated, _, info = env.step(task.reference_solution)
    assert terminated and reward == pytest.approx(1.0)
    assert info["hidden_passed"] == info["hidden_total"]
    env.close()


def test_exec_cli_judges_samples_by_procedural_id(tmp_path, capsys) -> None:
    task = make_task("digits", 2, "train", 424242)  # far outside the default selection
    samples = tmp_path / "samples.jsonl"
    samples.write_text(
        json.dumps({"task_id": task.task_id, "solution": task.reference_solution}) + "\n"
        + json.dumps({"task_id": task.task_id, "completion": "    return 0\n"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert cli_main(["exec", "--samples", str(samples), "--source", "procedural", "--out",
                     str(out), "--backend", "process", "--no-progress"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["passed"] for r in rows] == [True, False]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"task_id": "procedural/digits/L2", "solution": "x"}) + "\n")
    assert cli_main(["exec", "--samples", str(bad), "--source", "procedural", "--out",
                     str(out), "--no-progress"]) != 0
    assert "unknown task_id 'procedural/digits/L2'" in capsys.readouterr().err
