"""Training a PRM on MCTS trees: config, data, the loop, the checkpoint folder.

Reads top to bottom (CleanRL style): :class:`PRMTrainConfig` (every setting documented and
validated), the data (:func:`pointwise_examples` / :func:`pairwise_examples`, built with
:mod:`agents.mcts.export`'s builders), the model (:func:`build_prm`), the loop (:func:`train_prm`).

TRL 1.16 ships no PRM trainer (``trl.experimental`` has none, and the old ``PRMTrainer`` is
gone), so the loop is a small torch one: AdamW, gradient clipping, a linear warm-up, the loss
logged every ``log_every`` optimizer steps. All randomness comes from ``seed``: the example
order from ``random.Random(seed)``, dropout and the adapter's init from a forked torch RNG, so
the global RNG state is left as it was.

The output folder holds the PRM checkpoint (``save_pretrained``, loadable with
:func:`agents.prm.load_prm`), ``train_config.json`` and ``train_log.jsonl`` (one line per
logged step: ``step``, ``epoch``, ``loss``, ``lr``).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from agents.prm.base import StepExample, TrainablePRM
from agents.prm.objectives import OBJECTIVES, pairwise_bt_loss, pointwise_bce_loss
from o1coder_env._optional import require
from o1coder_env.config_fields import help_field

__all__ = [
    "TRAINABLE_KINDS",
    "PRMTrainConfig",
    "TrainResult",
    "build_prm",
    "pairwise_examples",
    "pointwise_examples",
    "train_prm",
]

#: PRM kinds that can be trained.
TRAINABLE_KINDS = ("encoder", "generative")

_DEFAULTS = {
    # kind: (model, lr, batch_size, max_length)
    "encoder": ("all-minilm-l6-v2", 3e-5, 8, 384),
    "generative": ("smollm2-135m", 1e-4, 4, 768),
}


@dataclass
class PRMTrainConfig:
    """Settings of one PRM training run (``None`` means the kind's default)."""

    kind: str = help_field(
        "PRM kind: 'encoder' (MiniLM + value head) or 'generative' (causal LM + LoRA)", "encoder")
    objective: str = help_field(
        "'pointwise' (BCE with soft labels V/N, the paper's eq. 3) or 'pairwise' (Bradley-Terry "
        "on sibling steps, eq. 4)", "pointwise")
    model: str | None = help_field(
        "base model: alias, folder or hub id (encoder: all-minilm-l6-v2; generative: "
        "smollm2-135m)", None)
    epochs: float = help_field("passes over the data (the paper: 3)", 3.0)
    max_steps: int | None = help_field(
        "stop after this many optimizer steps (overrides epochs when reached first)", None)
    lr: float | None = help_field(
        "learning rate (encoder 3e-5; generative 1e-4, the paper's)", None)
    head_lr: float = help_field(
        "learning rate of the encoder's freshly initialised value head", 1e-3)
    batch_size: int | None = help_field(
        "examples (point-wise) or pairs (pair-wise) per step (encoder 8, generative 4)", None)
    max_length: int | None = help_field("most tokens per input (encoder 384, generative 768)", None)
    weight_decay: float = help_field("AdamW weight decay", 0.0)
    warmup_steps: int = help_field("linear learning-rate warm-up", 10)
    grad_clip: float = help_field("gradient norm clip (0 = off)", 1.0)
    margin: float = help_field("pair-wise: least value gap between sibling steps of a pair", 0.1)
    min_visits: int = help_field("least visits N of a node used as a training example", 1)
    pooling: str = help_field(
        "encoder: mean pooling over the step's tokens ('step') or every token ('all')", "step")
    encoding: str = help_field(
        "encoder: 'cross' (one pass over problem + steps so far + step) or 'bi' (each encoded "
        "alone, compared by Sentence-BERT features; fast with --freeze-encoder)", "cross")
    freeze_encoder: bool = help_field(
        "encoder: train the value head only on embeddings computed once (a linear probe; much "
        "faster on CPU)", False)
    lora_r: int = help_field("generative: LoRA rank (the paper: 8)", 8)
    lora_alpha: int = help_field("generative: LoRA alpha (paper: 32)", 32)
    log_every: int = help_field("log the loss every this many steps", 5)
    seed: int = help_field("seed of order, init and dropout", 0)
    device: str = help_field("torch device", "cpu")

    def __post_init__(self) -> None:
        if self.kind not in TRAINABLE_KINDS:
            raise ValueError(f"PRMTrainConfig.kind must be one of {TRAINABLE_KINDS}, "
                             f"got {self.kind!r}")
        if self.pooling not in ("step", "all"):
            raise ValueError(f"PRMTrainConfig.pooling must be 'step' or 'all', "
                             f"got {self.pooling!r}")
        if self.encoding not in ("cross", "bi"):
            raise ValueError(f"PRMTrainConfig.encoding must be 'cross' or 'bi', "
                             f"got {self.encoding!r}")
        if self.objective not in OBJECTIVES:
            raise ValueError(f"PRMTrainConfig.objective must be one of {OBJECTIVES}, "
                             f"got {self.objective!r}")
        model, lr, batch_size, max_length = _DEFAULTS[self.kind]
        self.model = self.model or model
        self.lr = lr if self.lr is None else self.lr
        self.batch_size = batch_size if self.batch_size is None else self.batch_size
        self.max_length = max_length if self.max_length is None else self.max_length
        checks = [
            ("epochs", self.epochs > 0, "> 0"),
            ("lr", self.lr > 0, "> 0"),
            ("head_lr", self.head_lr > 0, "> 0"),
            ("batch_size", self.batch_size >= 1, ">= 1"),
            ("max_length", self.max_length >= 16, ">= 16"),
            ("weight_decay", self.weight_decay >= 0, ">= 0"),
            ("warmup_steps", self.warmup_steps >= 0, ">= 0"),
            ("grad_clip", self.grad_clip >= 0, ">= 0"),
            ("margin", self.margin >= 0, ">= 0"),
            ("min_visits", self.min_visits >= 1, ">= 1"),
            ("lora_r", self.lora_r >= 1, ">= 1"),
            ("lora_alpha", self.lora_alpha >= 1, ">= 1"),
            ("log_every", self.log_every >= 1, ">= 1"),
        ]
        if self.max_steps is not None:
            checks.append(("max_steps", self.max_steps >= 1, ">= 1"))
        for name, ok, rule in checks:
            if not ok:
                raise ValueError(f"PRMTrainConfig.{name} must be {rule}, "
                                 f"got {getattr(self, name)!r}")


@dataclass
class TrainResult:
    """What a training run did.

    Attributes:
        steps: Optimizer steps taken.
        examples: Training examples (point-wise) or pairs (pair-wise) in the data.
        history: Logged points: ``{"step", "epoch", "loss", "lr"}``.
        wall_s: Wall time of the loop in seconds.
    """

    steps: int = 0
    examples: int = 0
    history: list[dict[str, float]] = field(default_factory=list)
    wall_s: float = 0.0


# --- data ---------------------------------------------------------------------------------
def pointwise_examples(records: Iterable[Mapping[str, Any]], *,
                       min_visits: int = 1) -> list[tuple[StepExample, float]]:
    """(step in context, soft label ``V/N``) for every visited node of the trees."""
    from agents.mcts.export import build_prm

    return [(StepExample(r["problem"], tuple(r["prefix"]), r["step"]), float(r["value"]))
            for r in build_prm(records, min_visits=min_visits)]


def pairwise_examples(records: Iterable[Mapping[str, Any]], *, margin: float = 0.1,
                      min_visits: int = 1) -> list[tuple[StepExample, StepExample]]:
    """(better step, worse step) sibling pairs in their shared context."""
    from agents.mcts.export import build_prm_pairs

    records = list(records)
    problems = {r["task_id"]: str(r["problem"]) for r in records}
    out = []
    for pair in build_prm_pairs(records, margin=margin, min_visits=min_visits):
        problem, prefix = problems[pair["task_id"]], tuple(pair["prefix"])
        out.append((StepExample(problem, prefix, pair["chosen"]),
                    StepExample(problem, prefix, pair["rejected"])))
    return out


# --- model --------------------------------------------------------------------------------
def build_prm(config: PRMTrainConfig) -> TrainablePRM:
    """A fresh PRM of ``config.kind`` (its head or adapter initialised from ``config.seed``)."""
    assert config.model is not None and config.max_length is not None
    if config.kind == "encoder":
        from agents.prm.encoder import EncoderPRM

        return EncoderPRM(config.model, max_length=config.max_length, seed=config.seed,
                          device=config.device, pooling=config.pooling,
                          encoding=config.encoding)
    from agents.prm.generative import GenerativePRM

    return GenerativePRM(config.model, max_length=config.max_length, lora_r=config.lora_r,
                         lora_alpha=config.lora_alpha, seed=config.seed, device=config.device)


# --- loop ---------------------------------------------------------------------------------
def train_prm(
    config: PRMTrainConfig,
    records: Sequence[Mapping[str, Any]],
    *,
    prm: TrainablePRM | None = None,
    out: str | Path | None = None,
    progress: bool = True,
) -> tuple[TrainablePRM, TrainResult]:
    """Train a PRM on tree records.

    Args:
        config: Settings.
        records: Tree records (lines of ``trees.jsonl``).
        prm: A PRM to go on training (default: a fresh one from :func:`build_prm`).
        out: Folder to write the checkpoint, ``train_config.json`` and ``train_log.jsonl``.
        progress: Show a progress bar (tqdm, on stderr).

    Returns:
        The trained PRM and a :class:`TrainResult`.

    Raises:
        ValueError: If the trees give no training example (or no pair, pair-wise).
    """
    torch = require("torch", "llm", "PRM training")
    if config.objective == "pointwise":
        data: list[Any] = pointwise_examples(records, min_visits=config.min_visits)
    else:
        data = pairwise_examples(records, margin=config.margin, min_visits=config.min_visits)
    if not data:
        raise ValueError(f"the trees give no {config.objective} training example (did the "
                         "search visit any node? pair-wise needs sibling steps whose values "
                         f"differ by at least margin={config.margin})")
    assert config.batch_size is not None and config.lr is not None
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed)
        prm = prm if prm is not None else build_prm(config)
        logits_fn = prm.reward_logits
        if config.kind == "encoder" and config.freeze_encoder:
            prm.freeze_encoder()  # type: ignore[attr-defined]
            logits_fn = _FrozenFeatures(prm, data, config.batch_size, progress)
        result = _loop(config, prm, data, logits_fn, progress=progress)
    if out is not None:
        folder = prm.save_pretrained(out)
        (folder / "train_config.json").write_text(json.dumps(asdict(config), indent=2) + "\n",
                                                  encoding="utf-8")
        with open(folder / "train_log.jsonl", "w", encoding="utf-8") as handle:
            for point in result.history:
                handle.write(json.dumps(point) + "\n")
    return prm, result


class _FrozenFeatures:
    """Reward logits from embeddings computed once (the encoder is frozen): head only."""

    def __init__(self, prm: Any, data: list[Any], batch_size: int, progress: bool) -> None:
        torch = require("torch", "llm", "PRM training")
        self.prm = prm
        unique: dict[StepExample, int] = {}
        for item in data:
            for ex in item:
                if isinstance(ex, StepExample):
                    unique.setdefault(ex, len(unique))
        examples = list(unique)
        rows = []
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(examples), desc="prm embeddings", unit="ex")
        was_training = prm.encoder.training
        prm.encoder.train(False)
        with torch.no_grad():
            for i in range(0, len(examples), batch_size):
                rows.append(prm.pooled(examples[i:i + batch_size]))
                if bar is not None:
                    bar.update(len(examples[i:i + batch_size]))
        prm.encoder.train(was_training)
        if bar is not None:
            bar.close()
        self.features: Any = torch.cat(rows) if rows else None
        self.index = unique

    def __call__(self, examples: Sequence[StepExample]) -> Any:
        rows = self.features[[self.index[ex] for ex in examples]]
        return self.prm.head(rows).squeeze(-1)


def _loop(config: PRMTrainConfig, prm: TrainablePRM, data: list[Any], logits_fn: Any, *,
          progress: bool) -> TrainResult:
    torch = require("torch", "llm", "PRM training")
    assert config.batch_size is not None and config.lr is not None
    batches_per_epoch = -(-len(data) // config.batch_size)
    total = max(1, round(config.epochs * batches_per_epoch))
    if config.max_steps is not None:
        total = min(total, config.max_steps)
    head = getattr(prm, "head", None)
    head_params = {id(p) for p in head.parameters()} if head is not None else set()
    params = prm.trainable_parameters()
    groups = [{"params": [p for p in params if id(p) not in head_params], "lr": config.lr}]
    if head_params:
        groups.append({"params": [p for p in params if id(p) in head_params],
                       "lr": config.head_lr})
    optimizer = torch.optim.AdamW(groups, weight_decay=config.weight_decay)
    base_lrs = [g["lr"] for g in optimizer.param_groups]
    order_rng = random.Random(config.seed)
    result = TrainResult(examples=len(data))
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, desc=f"prm {config.kind}/{config.objective}", unit="step")
    start = time.perf_counter()
    running: list[float] = []
    prm.train(True)
    try:
        epoch = 0
        while result.steps < total:
            order = list(range(len(data)))
            order_rng.shuffle(order)
            for b in range(batches_per_epoch):
                if result.steps >= total:
                    break
                batch = [data[i] for i in order[b * config.batch_size:(b + 1) * config.batch_size]]
                loss = _batch_loss(config, logits_fn, batch)
                scale = min(1.0, (result.steps + 1) / config.warmup_steps) \
                    if config.warmup_steps else 1.0
                for group, lr in zip(optimizer.param_groups, base_lrs, strict=True):
                    group["lr"] = lr * scale
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                if config.grad_clip:
                    torch.nn.utils.clip_grad_norm_(params, config.grad_clip)
                optimizer.step()
                result.steps += 1
                running.append(float(loss.detach()))
                if result.steps % config.log_every == 0 or result.steps == total:
                    point = {"step": result.steps,
                             "epoch": round(epoch + (b + 1) / batches_per_epoch, 3),
                             "loss": sum(running) / len(running),
                             "lr": optimizer.param_groups[0]["lr"]}
                    result.history.append(point)
                    running = []
                    if bar is not None:
                        bar.set_postfix(loss=f"{point['loss']:.4f}")
                if bar is not None:
                    bar.update(1)
            epoch += 1
    finally:
        prm.train(False)
        if bar is not None:
            bar.close()
    result.wall_s = time.perf_counter() - start
    return result


def _batch_loss(config: PRMTrainConfig, logits_fn: Any, batch: list[Any]) -> Any:
    torch = require("torch", "llm", "PRM training")
    if config.objective == "pointwise":
        logits = logits_fn([ex for ex, _ in batch])
        targets = torch.tensor([v for _, v in batch], dtype=torch.float32, device=logits.device)
        return pointwise_bce_loss(logits, targets)
    logits = logits_fn([c for c, _ in batch] + [r for _, r in batch])
    n = len(batch)
    return pairwise_bt_loss(logits[:n], logits[n:])
