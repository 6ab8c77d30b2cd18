"""On-policy data for the TCG: judging sampled answers, pairing them, keeping the fully valid
ones for SFT, the CLI (tiny model)."""

from __future__ import annotations

import json

import pytest

from agents.tcg import LLMTCG, parse_tests
from agents.tcg.onpolicy import (
    build_onpolicy_dpo_records,
    build_own_valid_sft_records,
    judge_completion,
    sample_completions,
)
from o1coder_env.sandbox import Sandbox
from o1coder_env.tasks import Task, TestCase

INV = "def inv(x):\n    return 60 // x\n"
TASK = Task("t/inv", "Return 60 // x.", entry_point="inv", reference_solution=INV,
            public_tests=[TestCase.call_case((1,), 60), TestCase.call_case((2,), 30)],
            hidden_tests=[TestCase.call_case((3,), 20), TestCase.call_case((4,), 15)])
STDIO = Task("t/up", "Upper-case the line.", style="stdio",
             reference_solution="print(input().upper())\n",
             public_tests=[TestCase.stdio_case(s + "\n", s.upper() + "\n")
                           for s in ["ab", "cd", "ef"]])

RIGHT = "assert inv(5) == 12\nassert inv(6) == 10\n"
ONE_WRONG = "assert inv(5) == 12\nassert inv(6) == 11\nassert inv(0) == 1\n"
ONLY_BAD_INPUT = "assert inv(0) == 7\n"
PROSE = "The function divides sixty by its argument."
THREE_RIGHT = "assert inv(5) == 12\nassert inv(6) == 10\nassert inv(10) == 6\n"


@pytest.fixture(scope="module")
def sandbox():
    sb = Sandbox(backend="process", workers=2)
    yield sb
    sb.close()


def _calls(text: str, task: Task = TASK) -> list[tuple]:
    return [(t.args, t.expected) for t in parse_tests(text, task).tests]


def test_judge_marks_each_test_and_corrects_outputs_with_the_reference(sandbox):
    right = judge_completion(TASK, RIGHT, sandbox=sandbox)
    assert right.valid == (True, True) and right.invalid == 0
    assert [(t.args, t.expected) for t in right.corrected] == [((5,), 12), ((6,), 10)]

    wrong = judge_completion(TASK, ONE_WRONG, sandbox=sandbox)
    assert wrong.valid == (True, False, False) and wrong.invalid == 2
    # inv(6) is corrected to the reference's 10; inv(0) raises in the reference: dropped.
    assert [(t.args, t.expected) for t in wrong.corrected] == [((5,), 12), ((6,), 10)]

    # Verdicts only: the same judgement without the second run that corrects the outputs.
    verdicts = judge_completion(TASK, ONE_WRONG, sandbox=sandbox, correct=False)
    assert verdicts.valid == wrong.valid and verdicts.parsed == wrong.parsed
    assert verdicts.corrected == ()

    prose = judge_completion(TASK, PROSE, sandbox=sandbox)
    assert prose.parsed == () and prose.corrected == ()

    stdio = judge_completion(STDIO, "Input:\n```\nxy\n```\nOutput:\n```\nxy\n```\n",
                             sandbox=sandbox)
    assert stdio.valid == (False,)
    assert [(t.stdin, t.expected) for t in stdio.corrected] == [("xy\n", "XY\n")]

    with pytest.raises(ValueError, match="reference solution"):
        judge_completion(TASK.with_changes(reference_solution=None), RIGHT, sandbox=sandbox)


def test_pairs_put_the_models_own_mistakes_against_their_corrections(sandbox):
    answers = {"t/inv": [RIGHT, ONE_WRONG, ONLY_BAD_INPUT, PROSE], "t/up": [PROSE]}
    records = build_onpolicy_dpo_records([TASK, STDIO], answers, sandbox=sandbox)
    by_kind = {}
    for r in records:
        by_kind.setdefault((r["task_id"], r["rejection"]), []).append(r)
    # The all-valid answer gives no pair: there is nothing to correct.
    assert sorted(by_kind) == [("t/inv", "own_bad_inputs"), ("t/inv", "own_unparsable"),
                               ("t/inv", "own_wrong_outputs"), ("t/up", "own_unparsable")]
    assert all(len(v) == 1 for v in by_kind.values())

    fixed = by_kind[("t/inv", "own_wrong_outputs")][0]
    assert fixed["rejected"] == [{"role": "assistant", "content": ONE_WRONG}]  # as it was written
    assert _calls(fixed["chosen"][0]["content"]) == [((5,), 12), ((6,), 10)]
    # The prompt is the one the TCG is sampled with, so the pairs train what is asked.
    assert fixed["prompt"] == LLMTCG(lambda p, n: [], sandbox=sandbox).prompt(TASK, INV)

    # No usable input of its own: the chosen answer is true cases from the task's data tests.
    for key in (("t/inv", "own_bad_inputs"), ("t/inv", "own_unparsable")):
        chosen = _calls(by_kind[key][0]["chosen"][0]["content"])
        assert len(chosen) == 3 and set(chosen) <= {(t.args, t.expected) for t in TASK.all_tests}
    up = parse_tests(by_kind[("t/up", "own_unparsable")][0]["chosen"][0]["content"], STDIO).tests
    assert all(t.expected == t.stdin.upper() for t in up) and len(up) == 3

    # Every chosen answer is valid: the reference passes all its tests.
    for r in records:
        task = TASK if r["task_id"] == "t/inv" else STDIO
        chosen = judge_completion(task, r["chosen"][0]["content"], sandbox=sandbox)
        assert chosen.parsed and all(chosen.valid)

    text = build_onpolicy_dpo_records([TASK], {"t/inv": [ONE_WRONG]}, sandbox=sandbox,
                                      prompt_format="text")
    assert isinstance(text[0]["prompt"], str) and text[0]["rejected"] == ONE_WRONG
    assert build_onpolicy_dpo_records([TASK], {}, sandbox=sandbox) == []
    with pytest.raises(ValueError, match="prompt_format"):
        build_onpolicy_dpo_records([TASK], answers, sandbox=sandbox, prompt_format="xml")


def test_own_valid_sft_keeps_only_answers_the_reference_fully_confirms(sandbox):
    unreadable = THREE_RIGHT + "assert inv(3 == 20\n"
    up = "".join(f"Input:\n```\n{s}\n```\nOutput:\n```\n{s.upper()}\n```\n"
                 for s in ("ab", "xy", "q"))
    answers = {"t/inv": [THREE_RIGHT, RIGHT, ONE_WRONG, PROSE, THREE_RIGHT, unreadable,
                         ONLY_BAD_INPUT],
               "t/up": [up, PROSE], "t/absent": [THREE_RIGHT]}
    records = build_own_valid_sft_records([TASK, STDIO], answers, sandbox=sandbox)
    # Kept: the 3-test all-valid answer once (its repeat dropped) and the stdio one. Dropped:
    # two tests only (RIGHT), a wrong test, prose, a chunk that could not be read, a bad input.
    assert [(r["task_id"], r["completion"][0]["content"], r["tests"]) for r in records] == [
        ("t/inv", THREE_RIGHT, 3), ("t/up", up, 3)]
    assert records[0]["prompt"] == LLMTCG(lambda p, n: [], sandbox=sandbox).prompt(TASK, INV)

    # The threshold is the number of tests a kept answer needs; the text format keeps strings.
    two = build_own_valid_sft_records([TASK], answers, sandbox=sandbox, min_tests=2,
                                      prompt_format="text")
    assert [r["completion"] for r in two] == [THREE_RIGHT, RIGHT]
    assert build_own_valid_sft_records([TASK.with_changes(reference_solution=None)], answers,
                                       sandbox=sandbox) == []
    for bad, message in (({"min_tests": 0}, "min_tests"), ({"prompt_format": "xml"},
                                                            "prompt_format")):
        with pytest.raises(ValueError, match=message):
            build_own_valid_sft_records([TASK], answers, sandbox=sandbox, **bad)


class _Scripted:
    """A generator that answers every prompt with fixed texts and records what it was asked."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.calls: list[tuple[int, int]] = []

    def generate(self, prompts, n=1, sampling=None):
        self.calls.append((len(prompts), n))
        return [[self.texts[i % len(self.texts)] for i in range(n)] for _ in prompts]


def test_sample_completions_batches_tasks_and_skips_those_without_a_reference():
    tasks = [TASK.with_changes(task_id=f"t/inv{i}") for i in range(5)]
    tasks.append(TASK.with_changes(task_id="t/noref", reference_solution=None))
    gen = _Scripted([RIGHT, PROSE])
    out = sample_completions(gen, tasks, samples=2, tasks_per_call=2)
    assert list(out) == [f"t/inv{i}" for i in range(5)]
    assert all(v == [RIGHT, PROSE] for v in out.values())
    assert gen.calls == [(2, 2), (2, 2), (1, 2)]
    for bad in ({"samples": 0}, {"samples": 1, "tasks_per_call": 0}):
        with pytest.raises(ValueError):
            sample_completions(gen, tasks, **bad)


def test_cli_refuses_bad_sampling_flags_before_loading_a_model(tmp_path):
    from o1coder_cli.main import main as cli_main

    base = ["tcg", "train", "--stage", "dpo", "--model", str(tmp_path / "absent"), "--out",
            str(tmp_path / "out"), "--data", "builtin:train", "--limit", "1", "--pairs",
            "onpolicy"]
    for flags, message in ((["--samples", "0"], "--samples must be >= 1"),
                           (["--sample-temperature", "-1"], "--sample-temperature must be >= 0"),
                           (["--sample-max-new-tokens", "0"], "--sample-max-new-tokens")):
        with pytest.raises(SystemExit, match=message):
            cli_main([*base, *flags])
    assert not (tmp_path / "out").exists()


def test_cli_refuses_the_other_stages_data_flag(tmp_path):
    from o1coder_cli.main import main as cli_main

    base = ["tcg", "train", "--model", str(tmp_path / "absent"), "--out", str(tmp_path / "out"),
            "--data", "builtin:train", "--limit", "1"]
    with pytest.raises(SystemExit, match="--completions is for --stage sft"):
        cli_main([*base, "--stage", "dpo", "--completions", "own"])
    with pytest.raises(SystemExit, match="--pairs is for --stage dpo"):
        cli_main([*base, "--stage", "sft", "--pairs", "onpolicy"])
    # Records already built cannot be sampled: refused, not trained on as they are.
    built = tmp_path / "records.jsonl"
    built.write_text(json.dumps({"prompt": "p", "completion": "c"}) + "\n")
    prebuilt = ["tcg", "train", "--model", str(tmp_path / "absent"), "--out",
                str(tmp_path / "out"), "--data", str(built)]
    for flags in (["--stage", "sft", "--completions", "own"],
                  ["--stage", "dpo", "--pairs", "both"]):
        with pytest.raises(SystemExit, match="records already built"):
            cli_main([*prebuilt, *flags])
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_cli_trains_dpo_on_the_tiny_models_own_samples(tmp_path, capsys):
    pytest.importorskip("trl")
    tiny = pytest.importorskip("agents.generators.tiny")
    from o1coder_cli.main import main as cli_main

    base = tiny.build_tiny_model(tmp_path / "tiny")
    out = tmp_path / "dpo"
    argv = ["tcg", "train", "--stage", "dpo", "--model", str(base), "--out", str(out),
            "--data", "builtin:train", "--limit", "2", "--pairs", "onpolicy", "--samples", "2",
            "--sample-max-new-tokens", "8", "--max-steps", "1", "--max-length", "512",
            "--backend", "process"]
    assert cli_main(argv) == 0
    err = capsys.readouterr().err
    rows = [json.loads(line) for line in (out / "onpolicy_samples.jsonl").read_text().splitlines()]
    assert len(rows) == 2 and all(len(r["completions"]) == 2 for r in rows)
    # A random model writes no parsable test: every answer is paired against true cases.
    assert "on-policy: 4 answers sampled, 4 pairs (own_unparsable 4)" in err
    log = json.loads((out / "tcg_train.json").read_text())
    assert log["records"] == 4 and len(log["losses"]) == 1
    assert log["data"] == {"sources": ["builtin:train"], "limit": 2, "cases": "all",
                           "pairs": "onpolicy", "pair_kinds": {"own_unparsable": 4}}

    # Run again: the samples are read back, not drawn again; `both` adds the synthetic pairs.
    assert cli_main([*argv, "--pairs", "both"]) == 0
    err = capsys.readouterr().err
    assert "reusing 2 tasks' samples" in err and "on-policy: 4 answers sampled, 4 pairs" in err
    log = json.loads((out / "tcg_train.json").read_text())
    assert log["records"] > 4 and log["data"]["pairs"] == "both"
    kinds = log["data"]["pair_kinds"]
    assert kinds["own_unparsable"] == 4 and "shuffled" in kinds
    # Samples drawn otherwise (here: another count per task) are never reused silently.
    with pytest.raises(SystemExit, match="drawn otherwise"):
        cli_main([*argv, "--samples", "3"])


@pytest.mark.slow
def test_cli_trains_sft_on_the_models_own_valid_answers(tmp_path, capsys):
    pytest.importorskip("trl")
    tiny = pytest.importorskip("agents.generators.tiny")
    from agents.tcg import format_tests
    from o1coder_cli.main import main as cli_main
    from o1coder_env.tasks import load_tasks

    base = tiny.build_tiny_model(tmp_path / "tiny")
    out = tmp_path / "sft"
    spec = "procedural:train=levels=1;count=1"
    argv = ["tcg", "train", "--stage", "sft", "--model", str(base), "--out", str(out),
            "--data", spec, "--limit", "2", "--completions", "own", "--samples", "2",
            "--sample-max-new-tokens", "8", "--max-steps", "1", "--max-length", "512",
            "--backend", "process"]
    # A random model writes no valid test: nothing to train on, said before any training.
    with pytest.raises(SystemExit, match="no answer of --model had every test valid"):
        cli_main(argv)
    assert "own answers: 4 sampled, 0 kept" in capsys.readouterr().err
    assert not (out / "tcg_train.json").exists()

    # The samples file is what the model answered; put a true answer in one task's samples
    # (the task's own data tests, which the reference passes) and train from it.
    cache = out / "onpolicy_samples.jsonl"
    rows = [json.loads(line) for line in cache.read_text().splitlines()]
    tasks = {t.task_id: t for t in load_tasks("procedural", split="train",
                                              path="levels=1;count=1", limit=2)}
    first = tasks[rows[0]["task_id"]]
    right = format_tests(first, list(first.all_tests)[:3])
    rows[0]["completions"] = [right, right]
    cache.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert cli_main(argv) == 0
    err = capsys.readouterr().err
    assert "reusing 2 tasks' samples" in err
    assert "own answers: 4 sampled, 1 kept (every test valid) from 1 of 2 tasks" in err
    log = json.loads((out / "tcg_train.json").read_text())
    assert log["records"] == 1 and len(log["losses"]) == 1
    assert log["data"] == {"sources": [spec], "limit": 2, "cases": "all",
                           "completions": "own", "own_valid": 1}

    # `both` adds the data-test completions to the model's own.
    assert cli_main([*argv, "--completions", "both"]) == 0
    log = json.loads((out / "tcg_train.json").read_text())
    assert log["records"] > 1 and log["data"]["own_valid"] == 1
