"""TCG training data (fast) and SFT + DPO of the tiny model (slow)."""

from __future__ import annotations

import random

import pytest

from agents.tcg import parse_tests
from agents.tcg.training import (
    TCGTrainConfig,
    build_dpo_records,
    build_sft_records,
    short_cases,
    shuffled_outputs,
    trl_arguments,
)
from o1coder_env.config_fields import config_help
from o1coder_env.tasks import Task, TestCase

ADD = "def add(a, b):\n    return a + b\n"
TASK = Task("t/add", "Add two numbers.", entry_point="add", reference_solution=ADD,
            public_tests=[TestCase.call_case((1, 2), 3), TestCase.call_case((5, 5), 10)],
            hidden_tests=[TestCase.call_case((0, 0), 0), TestCase.call_case((-1, 2), 1),
                          TestCase.call_case((7, 1), 8), TestCase.call_case((2, 2), 4)])
STDIO = Task("t/up", "Upper-case the line.", style="stdio",
             reference_solution="print(input().upper())\n",
             public_tests=[TestCase.stdio_case(s + "\n", s.upper() + "\n")
                           for s in ["ab", "cd", "ef"]])


def test_sft_records_hold_true_parsable_cases():
    records = build_sft_records([TASK, STDIO, TASK.with_changes(task_id="t/x",
                                                                reference_solution=None)])
    assert {r["task_id"] for r in records} == {"t/add", "t/up"}
    assert len([r for r in records if r["task_id"] == "t/add"]) == 2
    for r in records:
        task = TASK if r["task_id"] == "t/add" else STDIO
        assert r["prompt"][1]["content"].count(task.reference_solution.strip()) == 1
        parsed = parse_tests(r["completion"][0]["content"], task).tests
        assert len(parsed) == 3
        true = {(t.args, t.stdin, t.expected) for t in task.all_tests}
        assert all((t.args, t.stdin, t.expected) in true for t in parsed)
    text = build_sft_records([TASK], prompt_format="text")
    assert isinstance(text[0]["prompt"], str) and isinstance(text[0]["completion"], str)
    assert build_sft_records([TASK], seed=3) == build_sft_records([TASK], seed=3)


def test_short_case_pool_draws_from_the_shorter_half_of_the_tests():
    long_task = TASK.with_changes(hidden_tests=[
        TestCase.call_case((123456, 654321), 777777), TestCase.call_case((0, 0), 0),
        TestCase.call_case((99999, 1), 100000), TestCase.call_case((2, 2), 4),
        TestCase.call_case((314159, 271828), 585987), TestCase.call_case((-1, 2), 1)])
    short = short_cases(long_task, long_task.all_tests)
    # 8 tests: the 4 shortest as written, in their original order.
    assert [t.args for t in short] == [(1, 2), (5, 5), (0, 0), (2, 2)]
    assert short_cases(long_task, long_task.all_tests[:1]) == list(long_task.all_tests[:1])
    assert short_cases(long_task, []) == []
    for records, key in ((build_sft_records([long_task], case_pool="short"), "completion"),
                         (build_dpo_records([long_task], case_pool="short"), "chosen")):
        assert records
        for r in records:
            parsed = parse_tests(r[key][0]["content"], long_task).tests
            assert {t.args for t in parsed} <= {t.args for t in short}
    every = build_sft_records([long_task])
    assert any(max(abs(a) for t in parse_tests(r["completion"][0]["content"], long_task).tests
                   for a in t.args) > 1000 for r in every)
    with pytest.raises(ValueError, match="case_pool"):
        build_sft_records([TASK], case_pool="tiny")
    with pytest.raises(ValueError, match="case_pool"):
        build_dpo_records([TASK], case_pool="tiny")


def test_dpo_rejections_never_match_the_reference():
    records = build_dpo_records([TASK, STDIO])
    assert {r["rejection"] for r in records} == {"shuffled", "wrong_outputs"}
    for r in records:
        task = TASK if r["task_id"] == "t/add" else STDIO
        chosen = parse_tests(r["chosen"][0]["content"], task).tests
        rejected = parse_tests(r["rejected"][0]["content"], task).tests
        assert [(t.args, t.stdin) for t in chosen] == [(t.args, t.stdin) for t in rejected]
        for good, bad in zip(chosen, rejected, strict=True):
            assert good.expected != bad.expected
    same = [TestCase.call_case((i, 0), 7) for i in range(3)]
    assert shuffled_outputs(same, random.Random(0)) is None  # no derangement of equal outputs


def test_config_validation():
    with pytest.raises(ValueError, match="stage"):
        TCGTrainConfig(stage="ppo", model="m", out_dir="o")
    with pytest.raises(ValueError, match="max_steps"):
        TCGTrainConfig(stage="sft", model="m", out_dir="o", max_steps=0)
    with pytest.raises(ValueError, match="lora_dropout"):
        TCGTrainConfig(stage="sft", model="m", out_dir="o", lora_dropout=1.0)
    for bad in (-0.5, float("nan")):
        with pytest.raises(ValueError, match="sft_weight"):
            TCGTrainConfig(stage="dpo", model="m", out_dir="o", sft_weight=bad)
    assert "LoRA rank" in config_help(TCGTrainConfig)["lora_r"]


def test_trl_configs_train_in_float32_unless_asked(tmp_path):
    trl = pytest.importorskip("trl")
    out = str(tmp_path / "o")
    # TRL's own default is bfloat16 autocast, which on a CPU without bf16 instructions made an
    # SFT step of SmolLM2 15x slower (251 s against 17 s, measured): ours must say float32.
    assert trl.SFTConfig(output_dir=out, use_cpu=True).bf16 is True
    for stage, config_class in (("sft", trl.SFTConfig), ("dpo", trl.DPOConfig)):
        cfg = TCGTrainConfig(stage=stage, model="m", out_dir=out)
        args = config_class(**trl_arguments(cfg))
        assert args.bf16 is False and args.max_steps == cfg.max_steps
        assert args.per_device_train_batch_size == cfg.batch_size


@pytest.mark.slow
def test_sft_then_dpo_train_the_tiny_model(tmp_path):
    torch = pytest.importorskip("torch")
    pytest.importorskip("trl")
    safetensors = pytest.importorskip("safetensors.torch")
    tiny = pytest.importorskip("agents.generators.tiny")
    from agents.tcg import LLMTCG
    from agents.tcg.training import load_model_and_tokenizer, train_tcg
    from o1coder_env.sandbox import Sandbox

    base = tiny.build_tiny_model(tmp_path / "tiny")
    sft_cfg = TCGTrainConfig(stage="sft", model=str(base), out_dir=str(tmp_path / "sft"),
                             max_steps=2, max_length=512, learning_rate=1e-2)
    sft = train_tcg(sft_cfg, build_sft_records([TASK], records_per_task=1))
    assert len(sft.losses) == 2 and all(loss > 0 for loss in sft.losses)
    adapter = safetensors.load_file(str(tmp_path / "sft" / "adapter" / "adapter_model.safetensors"))
    lora_b = [v for k, v in adapter.items() if "lora_B" in k]
    assert lora_b and any(torch.count_nonzero(v) > 0 for v in lora_b)  # B starts at zero

    dpo_cfg = TCGTrainConfig(stage="dpo", model=sft.out_dir, out_dir=str(tmp_path / "dpo"),
                             max_steps=1, max_length=512, learning_rate=1e-2)
    dpo = train_tcg(dpo_cfg, build_dpo_records([TASK], records_per_task=1)[:1])
    assert len(dpo.losses) == 1 and dpo.losses[0] == pytest.approx(0.6931, abs=1e-3)
    assert (tmp_path / "dpo" / "tcg_train.json").exists()
    # With an SFT weight the first loss is log 2 (policy = reference) plus the weighted
    # negative log-likelihood of the chosen cases, which a barely trained model finds unlikely.
    rpo_cfg = TCGTrainConfig(stage="dpo", model=sft.out_dir, out_dir=str(tmp_path / "rpo"),
                             max_steps=1, max_length=512, learning_rate=1e-2, sft_weight=0.5)
    rpo = train_tcg(rpo_cfg, build_dpo_records([TASK], records_per_task=1)[:1])
    assert len(rpo.losses) == 1 and rpo.losses[0] > 0.6931 + 0.5

    model, tokenizer = load_model_and_tokenizer(dpo.out_dir)

    def generate(prompts, n):
        out = []
        for messages in prompts:
            ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True,
                                                return_tensors="pt", return_dict=True)
            gen = model.generate(**ids, max_new_tokens=16, do_sample=False)
            out.append([tokenizer.decode(gen[0, ids["input_ids"].shape[1]:])] * n)
        return out

    with Sandbox(backend="process", workers=1) as sb:
        report = LLMTCG(generate, sandbox=sb).generate_with_report(TASK, n=3)
    assert len(report.completions) == 1
    # Every parsed test is accounted for: kept (the reference passes it) or rejected with why.
    assert len(report.valid) + len(report.invalid) == len(report.parsed)
    assert all(why for _, why in report.invalid)
    # Gibberish from a random model parses to nothing; validity is then undefined, not 0 or 1.
    if not report.parsed:
        assert report.validity is None
    assert report.validity == (len(report.valid) / len(report.parsed) if report.parsed else None)


def test_cli_sft_on_short_cases_records_what_it_trained_on(tmp_path, capsys):
    pytest.importorskip("trl")
    tiny = pytest.importorskip("agents.generators.tiny")
    import json

    from o1coder_cli.main import main as cli_main

    base = tiny.build_tiny_model(tmp_path / "tiny")
    out = tmp_path / "sft"
    argv = ["tcg", "train", "--stage", "sft", "--model", str(base), "--out", str(out),
            "--data", "builtin:train", "--limit", "2", "--cases", "short", "--max-steps", "1",
            "--max-length", "512"]
    assert cli_main(argv) == 0
    log = json.loads((out / "tcg_train.json").read_text())
    assert log["data"] == {"sources": ["builtin:train"], "limit": 2, "cases": "short"}
    assert log["records"] >= 2 and len(log["losses"]) == 1
    with pytest.raises(SystemExit):
        cli_main([*argv[:-4], "--cases", "tiny"])
    assert "invalid choice: 'tiny'" in capsys.readouterr().err
