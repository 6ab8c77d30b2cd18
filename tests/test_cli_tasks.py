"""``o1coder tasks list|show``: JSON lines on stdout only, a table, --reveal, errors exit 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from o1coder_cli.main import main
from o1coder_cli.tasks_cmd import infer_source

FIXTURES = Path(__file__).parent / "fixtures"


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_list_json_prints_one_object_per_task_and_nothing_else(capsys):
    assert main(["tasks", "list", "--source", "humaneval", "--json"]) == 0
    rows = _json_lines(capsys.readouterr().out)
    assert len(rows) == 164
    assert rows[0]["task_id"] == "HumanEval/0"
    for key in ("task_id", "source", "split", "style", "entry_point", "difficulty", "n_public",
                "n_hidden"):
        assert key in rows[0]
    assert rows[0]["n_hidden"] == 8


def test_list_mbpp_counts_and_split(capsys, mbpp_path):
    assert main(["tasks", "list", "--source", "mbpp", "--path", str(mbpp_path), "--json"]) == 0
    assert len(_json_lines(capsys.readouterr().out)) == 474
    assert main(["tasks", "list", "--source", "mbpp", "--path", str(mbpp_path), "--split",
                 "validation", "--limit", "5", "--json"]) == 0
    rows = _json_lines(capsys.readouterr().out)
    assert [r["task_id"] for r in rows] == [f"mbpp/{i}" for i in range(511, 516)]


def test_list_table_and_warnings_on_stderr(capsys):
    assert main(["tasks", "list", "--source", "taco", "--path",
                 str(FIXTURES / "taco_sample.jsonl")]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].split()[:3] == ["task_id", "split", "style"]
    assert "taco/test/2" in out and "count_vowels" in out
    assert out.rstrip().endswith("5 task(s)")
    assert "skipped 1 row(s) without tests" in err


def test_show_hides_hidden_tests_unless_revealed(capsys):
    assert main(["tasks", "show", "HumanEval/0", "--json"]) == 0  # source from the id
    view = json.loads(capsys.readouterr().out)
    assert view["task_id"] == "HumanEval/0"
    assert "hidden_tests" not in view and "reference_solution" not in view
    assert view["n_hidden"] == 8 and len(view["public_tests"]) == 2
    assert main(["tasks", "show", "HumanEval/0", "--json", "--reveal"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert len(full["hidden_tests"]) == 8 and "return False" in full["reference_solution"]

    assert main(["tasks", "show", "HumanEval/0"]) == 0
    text = capsys.readouterr().out
    assert "entry_point: has_close_elements" in text
    assert "canonical" not in text and "for idx, elem" not in text  # no reference
    assert "pass --reveal" in text
    assert main(["tasks", "show", "HumanEval/0", "--reveal"]) == 0
    assert "for idx, elem" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tasks", "list", "--source", "nope"], "known sources: apps, builtin"),
        (["tasks", "list", "--source", "jsonl"], "--path"),
        (["tasks", "list", "--source", "jsonl", "--path", "/nonexistent/x.jsonl"], "not found"),
        (["tasks", "list", "--source", "taco", "--path",
          str(FIXTURES / "taco_malformed.jsonl")], "line 2, field 'input_output'"),
        (["tasks", "list", "--source", "humaneval", "--limit", "-1"], "--limit"),
        (["tasks", "show", "HumanEval/999"], "HumanEval/999"),
    ],
)
def test_errors_go_to_stderr_with_exit_code_2(capsys, argv, message):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err


def test_infer_source():
    assert infer_source("HumanEval/3") == "humaneval"
    assert infer_source("mbpp/601") == "mbpp"
    assert infer_source("apps/test/1") == "apps"
    assert infer_source("whatever") == "builtin"


def test_console_script_pipes_json_lines():
    script = shutil.which("o1coder") or str(Path(sys.executable).parent / "o1coder")
    if not Path(script).exists():
        pytest.skip("the o1coder console script is not installed (pip install -e .)")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(f"'{script}' tasks list --source humaneval --json | wc -l",
                            shell=True, capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "164"


def test_show_mbpp_accepts_the_bare_number(capsys, mbpp_path):
    assert main(["tasks", "show", "601", "--source", "mbpp", "--path", str(mbpp_path),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["task_id"] == "mbpp/601"
    assert main(["tasks", "show", "mbpp/601", "--path", str(mbpp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["task_id"] == "mbpp/601"
    # A bare number without --source is ambiguous: the error says what to write instead.
    assert main(["tasks", "show", "601", "--path", str(mbpp_path)]) == 2
    err = capsys.readouterr().err
    assert "mbpp/601" in err and "--source" in err
