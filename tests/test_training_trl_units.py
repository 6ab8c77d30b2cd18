"""Fast tests of the TRL trainers' parts: configs, data, the sandbox reward, the CLI flags."""

from __future__ import annotations

import argparse
import json
import time

import pytest

from agents.training import (
    DPORunConfig,
    GRPORunConfig,
    PPORunConfig,
    SFTRunConfig,
    config_help,
)
from agents.training.cli import add_parser, config_from_args
from agents.training.data import (
    is_tree_file,
    load_dpo_records,
    load_sft_records,
    prompt_records_from_tasks,
    sft_records_from_tasks,
)
from agents.training.rewards import (
    SandboxReward,
    TrainingProgressCallback,
    completion_text,
    load_prm,
    split_steps,
)
from o1coder_env.rewards import ConstantPRM, OutcomeConfig
from o1coder_env.tasks import load_tasks


@pytest.fixture(scope="module")
def tasks():
    return load_tasks("builtin", split="train")[:3]


@pytest.fixture(scope="module")
def reward(tasks):
    return SandboxReward(tasks, sandbox="process", timeout_s=1.0)


def _fence(code: str) -> str:
    return f"Here it is.\n```python\n{code.strip()}\n```\n"


# --- configs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", [SFTRunConfig, DPORunConfig, GRPORunConfig, PPORunConfig])
def test_every_config_field_has_help(cls):
    helps = config_help(cls)
    assert "max_steps" in helps and "lora" in helps
    assert all(text.strip() for text in helps.values()), [k for k, v in helps.items() if not v]


@pytest.mark.parametrize(("cls", "kwargs", "named"), [
    (SFTRunConfig, {"max_steps": 0}, "max_steps"),
    (SFTRunConfig, {"learning_rate": -1.0}, "learning_rate"),
    (SFTRunConfig, {"sft_format": "chat"}, "sft_format"),
    (DPORunConfig, {"beta": 0.0}, "beta"),
    (DPORunConfig, {"iterations": 0}, "iterations"),
    (GRPORunConfig, {"num_generations": 1}, "num_generations"),
    (GRPORunConfig, {"per_device_batch_size": 3, "num_generations": 2}, "num_generations"),
    (GRPORunConfig, {"alpha": "cosine"}, "alpha"),
    (GRPORunConfig, {"reward_tests": "tcg"}, "reward_tests"),
    (GRPORunConfig, {"program_rule": "first-fence"}, "GRPORunConfig.program_rule"),
    (PPORunConfig, {"program_rule": "entry_point"}, "PPORunConfig.program_rule"),
    (PPORunConfig, {"clip_range": 0.0}, "clip_range"),
    (PPORunConfig, {"gae_lambda": 1.5}, "gae_lambda"),
    (PPORunConfig, {"lora_dropout": 2.0}, "lora_dropout"),
])
def test_configs_reject_bad_values_naming_the_field(cls, kwargs, named):
    with pytest.raises(ValueError, match=named):
        cls(**kwargs)


def test_config_normalises_a_single_lora_target():
    assert SFTRunConfig(lora_target_modules="all-linear").lora_target_modules == ("all-linear",)


# --- data ----------------------------------------------------------------------------------------

def _tree_record(task):
    good = _fence(task.reference_solution)
    bad = _fence(f"def {task.entry_point}(*args):\n    return None")
    node = {"kind": "code", "depth": 1, "terminal": True, "expanded": False}
    return {
        "task_id": task.task_id, "problem": task.problem, "mode": "vanilla",
        "tree": {"root_steps": [], "nodes": [
            {"id": 0, "parent": None, "step": "", "kind": "root", "depth": 0, "visits": 4,
             "value_sum": 2.0, "children": [1, 2], "expanded": True},
            {**node, "id": 1, "parent": 0, "step": good, "visits": 2, "value_sum": 2.0,
             "reward": 1.0},
            {**node, "id": 2, "parent": 0, "step": bad, "visits": 2, "value_sum": 0.0,
             "reward": 0.0},
        ]},
    }


def test_tree_files_become_sft_and_dpo_records(tmp_path, tasks):
    path = tmp_path / "trees.jsonl"
    path.write_text("".join(json.dumps(_tree_record(t)) + "\n" for t in tasks))
    assert is_tree_file(path)
    sft = load_sft_records(path)
    assert len(sft) == len(tasks)  # one correct path per tree, one code step each
    assert "```python" in sft[0]["completion"][0]["content"]
    dpo = load_dpo_records(path, margin=0.5)
    assert len(dpo) == len(tasks)
    assert "return None" in dpo[0]["rejected"][0]["content"]
    assert dpo[0]["chosen_value"] > dpo[0]["rejected_value"]


def test_ready_records_are_checked(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"prompt": "p", "chosen": "a"}) + "\n")
    assert not is_tree_file(path)
    with pytest.raises(ValueError, match="record 1 is not DPO data"):
        load_dpo_records(path)
    path.write_text("{not json\n")
    with pytest.raises(ValueError, match=r"pairs\.jsonl:1"):
        load_sft_records(path)


def test_task_records_carry_task_ids():
    prompts = prompt_records_from_tasks("builtin", split="train", limit=2)
    assert [set(r) for r in prompts] == [{"prompt", "task_id"}] * 2
    assert prompts[0]["prompt"][-1]["role"] == "user"
    sft = sft_records_from_tasks(limit=2)
    assert sft[0]["completion"][0]["content"].startswith("```python")


# --- the reward function -------------------------------------------------------------------------

def test_reference_passes_wrong_code_fails_prose_is_run_as_code(reward, tasks):
    task = tasks[0]
    completions = [
        _fence(task.reference_solution),
        _fence(f"def {task.entry_point}(*args):\n    return None"),
        "I do not know.",
        [{"role": "assistant", "content": _fence(task.reference_solution)}],
    ]
    scores = reward(completions, task_id=[task.task_id] * 4, prompts=["p"] * 4)
    # "I do not know." is run as a program (as O1Coder-Direct-v0 runs it): it does not compile.
    assert scores == [1.0, 0.0, 0.0, 1.0]
    assert reward.stats["infra_errors"] == 0


def test_compile_penalty_and_binary_mode(tasks):
    reward = SandboxReward(tasks, outcome=OutcomeConfig(compile_penalty=0.5), sandbox="process")
    assert reward(["no code here"], task_id=[tasks[1].task_id]) == [-0.5]


def test_prm_is_aggregated_by_phi_with_alpha_following_progress(tasks):
    task = tasks[0]
    reward = SandboxReward(tasks, prm=ConstantPRM(1.0), alpha="linear:1.0,0.0,10",
                           gamma=1.0, sandbox="process")
    wrong = "### Step 1\noutline\n### Step 2\n" + _fence("def f():\n    pass")
    assert reward([wrong], task_id=[task.task_id]) == [0.0]  # alpha(0) = 1: outcome only
    callback = TrainingProgressCallback([reward])
    callback.on_step_begin(None, argparse.Namespace(global_step=5), None)
    assert reward.alpha == pytest.approx(0.5)
    # phi = 0.5 * 0 + 0.5 * mean(1, 1) over the two steps
    assert reward([wrong], task_id=[task.task_id]) == [pytest.approx(0.5)]


def test_reward_waits_no_longer_than_its_bound(tasks):
    reward = SandboxReward(tasks, sandbox="process", timeout_s=5.0, max_wait_s=1.0)
    loop = _fence(f"def {tasks[0].entry_point}(*args):\n    while True:\n        pass")
    started = time.monotonic()
    assert reward([loop], task_id=[tasks[0].task_id]) == [0.0]
    assert time.monotonic() - started < 4.0
    assert reward.stats["timed_out"] == 1


def test_a_late_program_holds_no_worker_after_the_call(tasks):
    # One worker: were the looping program still running (5 s limit) after the 1 s bound, the
    # next call would queue behind it. The sandbox replaces its worker at the deadline instead.
    from o1coder_env.sandbox import Sandbox

    with Sandbox(backend="process", workers=1, cache_size=0) as box:
        reward = SandboxReward(tasks, sandbox=box, timeout_s=5.0, max_wait_s=1.0)
        task = tasks[0]
        loop = _fence(f"def {task.entry_point}(*args):\n    while True:\n        pass")
        assert reward([loop], task_id=[task.task_id]) == [0.0]
        assert reward.stats["timed_out"] == 1
        assert box.stats["worker_restarts"] == 1
        assert len(box._idle) == box.n_workers  # nothing is still running on a worker
        old_uids = {w.lease.uid for w in box._workers if w.lease is not None}
        assert reward([_fence(task.reference_solution)], task_id=[task.task_id]) == [1.0]
        assert reward.stats["timed_out"] == 1 and box.stats["worker_restarts"] == 1
        assert old_uids == {w.lease.uid for w in box._workers if w.lease is not None}


def test_reward_rejects_unknown_tasks_and_missing_column(reward):
    with pytest.raises(KeyError, match="unknown task"):
        reward(["x"], task_id=["nope"])
    with pytest.raises(KeyError, match="task_id"):
        reward(["x"])


def test_step_splitting_and_completion_text():
    assert split_steps("### Step 1\na\n\n### Step 2\nb") == ["a", "b"]
    assert split_steps("just code") == ["just code"]
    assert completion_text([{"role": "assistant", "content": "x"}]) == "x"
    with pytest.raises(TypeError):
        completion_text(3)


def test_prm_specs():
    assert load_prm(None) is None
    assert load_prm("constant:0.25")("p", ["a", "b"]) == [0.25, 0.25]
    with pytest.raises(ValueError, match="unknown PRM spec"):
        load_prm("magic")


# --- CLI -----------------------------------------------------------------------------------------

def _parse(argv):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_flags_map_to_config_fields(tmp_path):
    args = _parse(["train", "grpo", "--model", "m", "--out", str(tmp_path), "--max-steps", "3",
                   "--lora", "--lora-target-modules", "q_proj", "k_proj", "--alpha", "0.5",
                   "--task-ids", "a", "b"])
    config = config_from_args(args.method, args)
    assert isinstance(config, GRPORunConfig)
    assert (config.model, config.out_dir, config.max_steps) == ("m", str(tmp_path), 3)
    assert config.lora and config.lora_target_modules == ("q_proj", "k_proj")
    assert config.task_ids == ("a", "b") and config.alpha == "0.5"


def test_program_rule_flag_reaches_the_reward(tmp_path):
    from agents.training.grpo import build_reward

    default = config_from_args("grpo", _parse(["train", "grpo", "--out", str(tmp_path)]))
    assert default.program_rule == "last-fence"  # the scoring of O1Coder-Direct-v0/-v1
    args = _parse(["train", "grpo", "--out", str(tmp_path), "--program-rule", "entry-point",
                   "--task-ids", "builtin/additive_persistence"])
    config = config_from_args(args.method, args)
    assert config.program_rule == "entry-point"
    assert build_reward(config).program_rule == "entry-point"


def test_cli_rejects_bad_values(tmp_path):
    args = _parse(["train", "ppo", "--out", str(tmp_path), "--clip-range", "-1"])
    with pytest.raises(SystemExit, match="clip_range"):
        args.func(args)


def test_o1coder_train_help_lists_methods(capsys):
    from o1coder_cli.main import main

    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = capsys.readouterr().out
    assert all(m in out for m in ("sft", "dpo", "grpo", "ppo"))


def _main_args(argv):
    """Parse like the ``o1coder`` entry point does (unknown flags travel as extra_args)."""
    from o1coder_cli.main import build_parser

    args, extra = build_parser().parse_known_args(argv)
    assert getattr(args, "pass_through", False) or not extra
    args.extra_args = extra
    return args


def test_trl_fields_reach_the_grpo_config_from_the_cli(tmp_path):
    from agents.training.grpo import grpo_trl_config

    args = _main_args(["train", "grpo", "--out", str(tmp_path), "--max-steps", "3",
                       "--scale_rewards", "batch", "--num_iterations", "2",
                       "--loss_type", "dr_grpo", "--mask_truncated_completions",
                       "--top-k", "5"])
    config = config_from_args(args.method, args)
    assert config.loss_type == "dr_grpo"  # ours (TRL's spelling of the flag)
    assert config.trl_args == {"scale_rewards": "batch", "num_iterations": 2,
                               "mask_truncated_completions": True, "top_k": 5}
    trl_args = grpo_trl_config(config)
    assert (trl_args.scale_rewards, trl_args.num_iterations, trl_args.loss_type) == (
        "batch", 2, "dr_grpo")
    assert trl_args.mask_truncated_completions is True and trl_args.top_k == 5
    assert trl_args.max_steps == 3 and trl_args.log_completions is False  # our defaults stay


def test_trl_fields_reach_dpo_and_sft_configs_from_python(tmp_path):
    from agents.training.dpo import dpo_trl_config
    from agents.training.sft import sft_trl_config

    dpo = dpo_trl_config(DPORunConfig(out_dir=str(tmp_path), data="x.jsonl",
                                      trl_args={"label_smoothing": 0.1, "use_weighting": True}))
    assert dpo.label_smoothing == 0.1 and dpo.use_weighting is True and dpo.beta == 0.1
    sft = sft_trl_config(SFTRunConfig(out_dir=str(tmp_path), trl_args={"packing": True,
                                                                       "neftune_noise_alpha": 5.0}))
    assert sft.packing is True and sft.neftune_noise_alpha == 5.0


def test_trl_pass_through_names_what_was_wrong(tmp_path):
    from agents.training.grpo import grpo_trl_config

    with pytest.raises(ValueError, match=r"\['no_such_field'\] are not fields of trl.GRPOConfig"):
        grpo_trl_config(GRPORunConfig(out_dir=str(tmp_path), trl_args={"no_such_field": 1}))
    with pytest.raises(ValueError, match=r"per_device_train_batch_size -> GRPORunConfig\."
                                         r"per_device_batch_size"):
        grpo_trl_config(GRPORunConfig(out_dir=str(tmp_path),
                                      trl_args={"per_device_train_batch_size": 8}))
    with pytest.raises(ValueError, match="trl_args must be a dict"):
        GRPORunConfig(trl_args=["scale_rewards"])  # type: ignore[arg-type]
    with pytest.raises(SystemExit):  # argparse: neither ours nor TRL's
        config_from_args("grpo", _main_args(["train", "grpo", "--no_such_flag", "1"]))
    with pytest.raises(SystemExit):  # ppo has no TRL config: unknown flags stay errors
        from o1coder_cli.main import main

        main(["train", "ppo", "--scale_rewards", "batch"])


def test_trl_help_lists_the_pass_through_fields(capsys):
    args = _main_args(["train", "grpo", "--trl-help"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "--scale_rewards" in out and "--num_iterations" in out and "--use_vllm" in out
    assert "--learning_rate" not in out  # ours: listed by --help
