"""Training an LLM test case generator: SFT then DPO (paper section 3.1), with LoRA.

Data:

- **SFT** records: prompt = the TCG template (problem + reference code, see
  :mod:`agents.tcg.llm`), completion = 3 true test cases of the task in the template's
  answer format (:func:`~agents.tcg.llm.format_tests`), so the trained model writes what the
  parser reads. True cases are the task's data tests (public and hidden: use *train* splits).
- **DPO** records: same prompt; chosen = 3 true cases; rejected = the same inputs with outputs
  shuffled so that none matches its input any more (the paper's rule), and a second rejected =
  the same inputs with outputs mutated by :class:`~o1coder_env.tcg.values.ValueMutator` (cases
  the reference fails by construction, since the reference is deterministic on the true output).

Training uses TRL's ``SFTTrainer``/``DPOTrainer`` with a peft ``LoraConfig``. The output folder
holds the merged model (base + LoRA, loadable by ``from_pretrained`` and by the ``hf`` step
generator), its tokenizer, the LoRA adapter alone in ``adapter/`` and ``tcg_train.json`` (config,
data size and the loss log). DPO "from the SFT model" means ``--model <sft out dir>``.

Heavy imports (torch, transformers, trl, peft, datasets) happen inside the functions, through
:func:`o1coder_env._optional.require`, so importing this module is cheap.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from agents.tcg.llm import CASES_PER_PROMPT, build_tcg_messages, build_tcg_prompt, format_tests
from o1coder_env._optional import require
from o1coder_env.config_fields import help_field
from o1coder_env.tasks.model import Task, TaskStyle, TestCase, TestKind, encode_value
from o1coder_env.tcg.base import seed_inputs
from o1coder_env.tcg.values import ValueMutator, mutate_stdin

__all__ = [
    "CASE_POOLS",
    "TCGTrainConfig",
    "TCGTrainResult",
    "build_dpo_records",
    "build_sft_records",
    "load_model_and_tokenizer",
    "pair_kinds",
    "short_cases",
    "train_tcg",
    "trl_arguments",
]

# --- data -----------------------------------------------------------------------------------------

CASE_POOLS = ("all", "short")


def _check_case_pool(case_pool: str) -> None:
    if case_pool not in CASE_POOLS:
        raise ValueError(f"case_pool must be one of {CASE_POOLS}, got {case_pool!r}")


def short_cases(task: Task, tests: Sequence[TestCase]) -> list[TestCase]:
    """The shorter half of ``tests`` (at least one), by the length of each test as written.

    A test's written length (input and expected value in the TCG's answer format) stands for
    how much the model must compute in its head to write it: ``nth_fib(5) == 5`` rather than
    ``nth_fib(61) == 2504730781961``. Ties keep their order, so the choice is deterministic.
    """
    lengths = [len(format_tests(task, [t])) for t in tests]
    order = sorted(range(len(tests)), key=lambda i: lengths[i])
    keep = sorted(order[:(len(tests) + 1) // 2])
    return [tests[i] for i in keep]


def _groups(task: Task, cases: int, records_per_task: int, seed: int,
            case_pool: str = "all") -> list[list[TestCase]]:
    tests = seed_inputs(task, "all")
    if case_pool == "short":
        tests = short_cases(task, tests)
    if len(tests) < 1:
        return []
    rng = random.Random(f"{seed}:{task.task_id}")
    order = list(tests)
    rng.shuffle(order)
    groups = [order[i:i + cases] for i in range(0, len(order), cases)]
    return [g for g in groups if len(g) == min(cases, len(order))][:records_per_task]


def _prompt(task: Task, prompt_format: str) -> Any:
    if prompt_format == "chat":
        return build_tcg_messages(task, task.reference_solution, CASES_PER_PROMPT)
    return build_tcg_prompt(task, task.reference_solution, CASES_PER_PROMPT)


def _answer(text: str, prompt_format: str) -> Any:
    return [{"role": "assistant", "content": text}] if prompt_format == "chat" else text


def _check_format(prompt_format: str) -> None:
    if prompt_format not in ("chat", "text"):
        raise ValueError(f"prompt_format must be 'chat' or 'text', got {prompt_format!r}")


def build_sft_records(
    tasks: Sequence[Task],
    *,
    cases: int = CASES_PER_PROMPT,
    records_per_task: int = 2,
    prompt_format: str = "chat",
    case_pool: str = "all",
    seed: int = 0,
) -> list[dict[str, Any]]:
    """SFT records ``{"prompt", "completion", "task_id"}`` (TRL prompt-completion format).

    Each completion is ``cases`` of the task's data tests, drawn from all of them
    (``case_pool="all"``) or from the shorter half (``"short"``, see :func:`short_cases`).
    Tasks without a reference solution or without data tests are skipped.
    """
    _check_format(prompt_format)
    _check_case_pool(case_pool)
    records = []
    for task in tasks:
        if not task.reference_solution:
            continue
        for group in _groups(task, cases, records_per_task, seed, case_pool):
            records.append({
                "prompt": _prompt(task, prompt_format),
                "completion": _answer(format_tests(task, group), prompt_format),
                "task_id": task.task_id,
            })
    return records


def _key(value: Any) -> str:
    return json.dumps(encode_value(value), sort_keys=True)


def _with_expected(test: TestCase, expected: Any) -> TestCase:
    if test.kind is TestKind.STDIO:
        return TestCase.stdio_case(test.stdin, str(expected))
    return TestCase.call_case(test.args, expected)


def shuffled_outputs(group: Sequence[TestCase], rng: random.Random) -> list[TestCase] | None:
    """The paper's rejected answer: same inputs, outputs permuted so none matches its input.

    Returns ``None`` when no such permutation exists (e.g. all outputs equal).
    """
    outputs = [t.expected for t in group]
    keys = [_key(o) for o in outputs]
    if len(group) < 2 or len(set(keys)) < 2:
        return None
    for _ in range(50):
        perm = list(range(len(group)))
        rng.shuffle(perm)
        if all(keys[p] != keys[i] for i, p in enumerate(perm)):
            return [_with_expected(t, outputs[p]) for t, p in zip(group, perm, strict=True)]
    return None


def wrong_outputs(group: Sequence[TestCase], rng: random.Random,
                  mutator: ValueMutator | None = None) -> list[TestCase] | None:
    """Same inputs, every output mutated to a different value (tests the reference fails)."""
    mutator = mutator or ValueMutator(int_bound=1000, max_len=16)
    out = []
    for t in group:
        for _ in range(20):
            if t.kind is TestKind.STDIO:
                new: Any = mutate_stdin(t.expected, rng, mutator)
                differs = new.split() != t.expected.split()
            else:
                new = mutator.mutate(t.expected, rng) if t.expected is not None else 0
                differs = _key(new) != _key(t.expected)
            if differs:
                out.append(_with_expected(t, new))
                break
        else:
            return None
    return out


def build_dpo_records(
    tasks: Sequence[Task],
    *,
    cases: int = CASES_PER_PROMPT,
    records_per_task: int = 2,
    prompt_format: str = "chat",
    include_wrong_outputs: bool = True,
    case_pool: str = "all",
    seed: int = 0,
) -> list[dict[str, Any]]:
    """DPO records ``{"prompt", "chosen", "rejected", "task_id", "rejection"}``.

    The chosen answer is ``cases`` true cases, drawn as in :func:`build_sft_records`
    (``case_pool``). ``rejection`` says how the rejected answer was made: ``"shuffled"`` (the
    paper's rule) or ``"wrong_outputs"`` (outputs the reference does not produce).
    """
    _check_format(prompt_format)
    _check_case_pool(case_pool)
    records = []
    for task in tasks:
        if not task.reference_solution:
            continue
        rng = random.Random(f"{seed}:dpo:{task.task_id}")
        for group in _groups(task, cases, records_per_task, seed, case_pool):
            chosen = _answer(format_tests(task, group), prompt_format)
            rejected: list[tuple[str, list[TestCase] | None]] = [
                ("shuffled", shuffled_outputs(group, rng))]
            if include_wrong_outputs:
                rejected.append(("wrong_outputs", wrong_outputs(group, rng)))
            for how, bad in rejected:
                if bad is None:
                    continue
                records.append({
                    "prompt": _prompt(task, prompt_format),
                    "chosen": chosen,
                    "rejected": _answer(format_tests(task, bad), prompt_format),
                    "task_id": task.task_id,
                    "rejection": how,
                })
    return records


def pair_kinds(records: Sequence[dict[str, Any]]) -> dict[str, int]:
    """How many DPO records of each ``rejection`` kind (``shuffled``, ``own_wrong_outputs``...)."""
    return dict(sorted(Counter(str(r.get("rejection", "?")) for r in records).items()))


# --- config ---------------------------------------------------------------------------------------

@dataclass
class TCGTrainConfig:
    """Settings of one TCG training run (SFT or DPO, LoRA, CPU-friendly defaults)."""

    stage: str = help_field("'sft' (supervised) or 'dpo' (preference) training.")
    model: str = help_field(
        "Model folder, .gguf file, or alias (smollm2-135m). For DPO after SFT: the SFT output "
        "folder.")
    out_dir: str = help_field("Folder for the merged model, adapter/ and log.")
    max_steps: int = help_field("Optimizer steps (> 0).", 50)
    learning_rate: float = help_field("Peak learning rate (paper: 5e-4 for the TCG).", 5e-4)
    batch_size: int = help_field("Per-device batch size.", 2)
    grad_accum: int = help_field("Gradient accumulation steps.", 1)
    max_length: int = help_field("Max tokens per example.", 1024)
    lora_r: int = help_field("LoRA rank (paper: 1 with QLoRA).", 8)
    lora_alpha: int = help_field("LoRA alpha.", 16)
    lora_dropout: float = help_field("LoRA dropout in [0, 1).", 0.0)
    lora_targets: str = help_field(
        "peft target_modules: 'all-linear' (paper: all projections) or a comma list.", "all-linear")
    beta: float = help_field("DPO beta (> 0); unused for SFT.", 0.1)
    sft_weight: float = help_field(
        "DPO only: weight of an added SFT loss (the chosen answer's negative log-likelihood, "
        "TRL loss_type ['sigmoid', 'sft'], as in RPO), which keeps the answers parsable while "
        "DPO pushes the rejected ones down; 0: plain DPO.", 0.0)
    prompt_format: str = help_field(
        "'chat' (chat template, matches LLMTCG's default) or 'text'.", "chat")
    seed: int = help_field("Seed of data order and LoRA init.", 0)
    logging_steps: int = help_field("Log the loss every N steps.", 1)
    gradient_checkpointing: bool = help_field(
        "Trade compute for memory (TRL's default is on; off is faster on CPU).", False)
    merge: bool = help_field(
        "Save the merged model in out_dir (the adapter is always saved).", True)
    bf16: bool = help_field(
        "bfloat16 mixed precision. Off by default: TRL would turn it on, and on a CPU without "
        "bfloat16 instructions (AVX512-BF16, AMX) a step then takes over 10x longer.", False)

    def __post_init__(self) -> None:
        if self.stage not in ("sft", "dpo"):
            raise ValueError(f"stage must be 'sft' or 'dpo', got {self.stage!r}")
        if not self.model:
            raise ValueError("model must name a folder, a .gguf file or an alias")
        if not self.out_dir:
            raise ValueError("out_dir must be a folder path")
        for name in ("max_steps", "batch_size", "grad_accum", "max_length", "lora_r",
                     "lora_alpha", "logging_steps"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)!r}")
        if not (self.learning_rate > 0 and math.isfinite(self.learning_rate)):
            raise ValueError(f"learning_rate must be a positive number, got {self.learning_rate}")
        if not 0 <= self.lora_dropout < 1:
            raise ValueError(f"lora_dropout must be in [0, 1), got {self.lora_dropout}")
        if self.beta <= 0:
            raise ValueError(f"beta must be > 0, got {self.beta}")
        if not (self.sft_weight >= 0 and math.isfinite(self.sft_weight)):
            raise ValueError(f"sft_weight must be a number >= 0, got {self.sft_weight}")
        _check_format(self.prompt_format)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class TCGTrainResult:
    """What a training run produced.

    Attributes:
        out_dir: Where the model was saved.
        losses: The logged training losses, in order.
        records: Training records used.
        trainable_params: LoRA parameters trained.
    """

    out_dir: str
    losses: tuple[float, ...]
    records: int
    trainable_params: int


# --- model loading --------------------------------------------------------------------------------

def load_model_and_tokenizer(model: str) -> tuple[Any, Any]:
    """Load a causal LM and its tokenizer offline (float32, CPU) with a pad token.

    Accepts what :func:`agents.generators.models.load_causal_lm` does: an alias, a ``.gguf``
    file (de-quantized) or a model folder.
    """
    from agents.generators.models import load_causal_lm

    lm, tokenizer = load_causal_lm(model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return lm, tokenizer


# --- training -------------------------------------------------------------------------------------

def trl_arguments(config: TCGTrainConfig) -> dict[str, Any]:
    """The fields of TRL's ``SFTConfig`` / ``DPOConfig`` that a TCG run sets (both stages).

    ``bf16`` is always given: TRL's configs default it to True, which on a CPU without
    bfloat16 instructions runs every matrix product on a slow fallback path.
    """
    return {
        "output_dir": config.out_dir, "max_steps": config.max_steps,
        "learning_rate": config.learning_rate, "per_device_train_batch_size": config.batch_size,
        "gradient_accumulation_steps": config.grad_accum, "logging_steps": config.logging_steps,
        "save_strategy": "no", "report_to": "none", "seed": config.seed, "use_cpu": True,
        "max_length": config.max_length, "disable_tqdm": False, "bf16": config.bf16,
        # TRL turns gradient checkpointing on by default; on a small CPU model it only slows.
        "activation_checkpointing": config.gradient_checkpointing,
    }


def train_tcg(config: TCGTrainConfig, records: Sequence[dict[str, Any]],
              data: dict[str, Any] | None = None) -> TCGTrainResult:
    """Train with TRL (SFT or DPO per ``config.stage``) and save to ``config.out_dir``.

    Args:
        config: The run's settings.
        records: Output of :func:`build_sft_records` (SFT) or :func:`build_dpo_records` (DPO).
        data: How ``records`` were made (sources, case pool, pair kinds...), saved as ``data``
            in ``tcg_train.json`` so that a trained model says what it was trained on.

    Raises:
        ValueError: On empty records or records of the wrong shape for the stage.
    """
    if not records:
        raise ValueError("no training records (do the tasks have reference solutions and tests?)")
    needed = {"prompt", "completion"} if config.stage == "sft" else {"prompt", "chosen",
                                                                     "rejected"}
    missing = needed - set(records[0])
    if missing:
        raise ValueError(f"{config.stage} records need fields {sorted(needed)}; "
                         f"missing {sorted(missing)}")
    trl = require("trl", "train", "TCG training")
    peft = require("peft", "train", "TCG training")
    datasets = require("datasets", "train", "TCG training")
    torch = require("torch", "llm", "TCG training")
    torch.manual_seed(config.seed)

    model, tokenizer = load_model_and_tokenizer(config.model)
    rows = [{k: r[k] for k in needed} for r in records]
    dataset = datasets.Dataset.from_list(rows)
    targets: Any = config.lora_targets
    if targets != "all-linear":
        targets = [t.strip() for t in targets.split(",") if t.strip()]
    lora = peft.LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha,
                           lora_dropout=config.lora_dropout, target_modules=targets,
                           task_type="CAUSAL_LM")
    common = trl_arguments(config)
    if config.stage == "sft":
        args = trl.SFTConfig(**common)
        trainer = trl.SFTTrainer(model=model, args=args, train_dataset=dataset,
                                 processing_class=tokenizer, peft_config=lora)
    else:
        losses_kw: dict[str, Any] = {}
        if config.sft_weight > 0:
            losses_kw = {"loss_type": ["sigmoid", "sft"], "loss_weights": [1.0, config.sft_weight]}
        args = trl.DPOConfig(beta=config.beta, **losses_kw, **common)
        trainer = trl.DPOTrainer(model=model, args=args, train_dataset=dataset,
                                 processing_class=tokenizer, peft_config=lora)
    trainable = sum(p.numel() for p in trainer.model.parameters() if p.requires_grad)
    trainer.train()
    losses = tuple(float(e["loss"]) for e in trainer.state.log_history if "loss" in e)

    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    trainer.model.save_pretrained(str(out / "adapter"))
    if config.merge:
        merged = trainer.model.merge_and_unload()
        merged.save_pretrained(str(out))
        tokenizer.save_pretrained(str(out))
    summary = {"config": config.to_dict(), "records": len(records), "losses": list(losses),
               "trainable_params": trainable, "data": dict(data or {})}
    (out / "tcg_train.json").write_text(json.dumps(summary, indent=2))
    return TCGTrainResult(str(out), losses, len(records), trainable)


def task_style_counts(tasks: Sequence[Task]) -> dict[str, int]:
    """How many call-style and stdio tasks (for logging data composition)."""
    return {
        "call": sum(t.style is TaskStyle.CALL for t in tasks),
        "stdio": sum(t.style is TaskStyle.STDIO for t in tasks),
    }
