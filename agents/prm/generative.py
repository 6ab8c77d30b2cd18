r"""Generative PRM: a causal LM reads P("+") vs P("-") at a rating tag after each step.

As the O1-Coder authors built theirs: the trace is rendered as plain text, the problem first, then
each step with its ``### Step n`` header followed by the rating tag ``\\nRating:``; at each tag the
next-token logits of ``" +"`` and ``" -"`` give the step's reward logit
``z = logit(+) - logit(-)``, so the score ``sigmoid(z) = P(+) / (P(+) + P(-))``. The model is
trained with a LoRA adapter (peft; r=8, alpha=32 on ``q_proj``/``v_proj``, the authors'
settings); the base weights stay frozen.

Because the LM is causal, one forward pass over a whole trace scores every step (the logits at
each tag see only the steps before it); training examples are the same token sequence cut after
the tag of the step they label, so training and scoring read identical tokens. Segments are
tokenized one by one and concatenated, which keeps the token boundaries identical too. Inputs
longer than ``max_length`` are cut from the left (the oldest tokens go first).

The default base model is SmolLM2-135M-Instruct (the ``smollm2-135m`` alias of
:mod:`agents.generators.models`, offline). A checkpoint folder holds ``prm_config.json``, the
adapter (``adapter/``, peft ``save_pretrained``) and the tokenizer; the base model is named in the
config and loaded again from its alias or folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agents.prm.base import StepExample, TrainablePRM, read_config, render_step, write_config
from o1coder_env._optional import require

__all__ = ["RATING_TAG", "GenerativePRM"]

#: Text appended after each step; the next token rates the step.
RATING_TAG = "\nRating:"
_PLUS, _MINUS = " +", " -"


class GenerativePRM(TrainablePRM):
    """A causal LM with a LoRA adapter, rating each step with ``" +"`` or ``" -"``.

    Args:
        model: A model alias (``smollm2-135m``), a local folder or a hub id of a causal LM.
        max_length: Most tokens read per forward pass.
        lora_r: LoRA rank.
        lora_alpha: LoRA scaling numerator.
        lora_dropout: Dropout on the LoRA input.
        target_modules: Module names that get adapters.
        seed: Seed of the adapter's initialisation (the global torch RNG state is restored).
        batch_size: Examples per forward pass when scoring.
        device: Torch device.
        adapter: Folder of a saved adapter to load instead of a fresh one.

    Raises:
        ValueError: For bad sizes, or a tokenizer that does not encode ``" +"`` and ``" -"``
            as one token each.
    """

    kind = "generative"

    def __init__(self, model: str = "smollm2-135m", *, max_length: int = 768, lora_r: int = 8,
                 lora_alpha: int = 32, lora_dropout: float = 0.05,
                 target_modules: Sequence[str] = ("q_proj", "v_proj"), seed: int = 0,
                 batch_size: int = 4, device: str = "cpu", adapter: str | None = None) -> None:
        if max_length < 16:
            raise ValueError(f"max_length must be >= 16, got {max_length}")
        if lora_r < 1:
            raise ValueError(f"lora_r must be >= 1, got {lora_r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        torch = require("torch", "llm", "the generative PRM")
        transformers = require("transformers", "llm", "the generative PRM")
        peft = require("peft", "llm", "the generative PRM's LoRA adapter")
        from agents.generators.models import resolve_model

        self.model_name = model
        self.max_length = max_length
        self.batch_size = batch_size
        self.device = torch.device(device)
        self.lora = {"r": lora_r, "lora_alpha": lora_alpha, "lora_dropout": lora_dropout,
                     "target_modules": list(target_modules)}
        path = resolve_model(model)
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        self.plus_id = self._single_token(_PLUS)
        self.minus_id = self._single_token(_MINUS)
        base = transformers.AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
        state = torch.random.get_rng_state()
        torch.manual_seed(seed)  # LoRA's init draws from the global RNG; restored below
        try:
            if adapter is not None:
                self.model = peft.PeftModel.from_pretrained(base, adapter, is_trainable=True)
            else:
                self.model = peft.get_peft_model(base, peft.LoraConfig(
                    r=lora_r, lora_alpha=lora_alpha, lora_dropout=lora_dropout,
                    target_modules=list(target_modules), task_type="CAUSAL_LM"))
        finally:
            torch.random.set_rng_state(state)
        self.model.to(self.device)
        self.train(False)

    def _single_token(self, text: str) -> int:
        ids = self.tokenizer.encode(text, add_special_tokens=False)
        if len(ids) != 1:
            raise ValueError(f"the tokenizer of {self.model_name!r} encodes {text!r} as "
                             f"{len(ids)} tokens; the generative PRM needs one")
        return int(ids[0])

    # --- model --------------------------------------------------------------------------
    def modules(self) -> list[Any]:
        """The peft-wrapped LM."""
        return [self.model]

    def trainable_parameters(self) -> list[Any]:
        """The LoRA adapter's parameters (the base model is frozen)."""
        return [p for p in self.model.parameters() if p.requires_grad]

    def _encode(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text, add_special_tokens=False))

    def _rating_logits(self, sequences: Sequence[list[int]],
                       positions: Sequence[list[int]]) -> list[Any]:
        """``logit(+) - logit(-)`` at ``positions[i]`` of ``sequences[i]``, one tensor per row.

        The sequences are right-padded into one batch (padding after a causal LM's last real
        token changes none of its logits).

        The LM head projects onto the whole vocabulary (49k tokens for SmolLM2): over every
        position of a batch that is most of the memory and a fifth of the work of a training
        step, for two logits at a few positions. So the backbone runs alone and the head
        projects only the positions asked for. Models whose causal-LM class has no separate
        backbone (``base_model`` is the model itself) take the full forward pass. Logits are
        read as the head gives them, before any transform a model's forward applies after it
        (soft-capping): training and scoring both read them here, so they agree.
        """
        torch = require("torch", "llm", "the generative PRM")
        width = max(len(ids) for ids in sequences)
        pad = self.tokenizer.pad_token_id
        input_ids = torch.full((len(sequences), width), 0 if pad is None else pad,
                               dtype=torch.long)
        mask = torch.zeros((len(sequences), width), dtype=torch.long)
        for row, ids in enumerate(sequences):
            input_ids[row, : len(ids)] = torch.tensor(ids)
            mask[row, : len(ids)] = 1
        input_ids, mask = input_ids.to(self.device), mask.to(self.device)
        lm = self.model.get_base_model()
        backbone = getattr(lm, "base_model", lm)
        head = lm.get_output_embeddings()
        if backbone is lm or head is None:
            logits = self.model(input_ids=input_ids, attention_mask=mask).logits
            return [logits[row, cols, self.plus_id] - logits[row, cols, self.minus_id]
                    for row, cols in enumerate(positions)]
        hidden = backbone(input_ids=input_ids, attention_mask=mask).last_hidden_state
        rows = torch.tensor([row for row, cols in enumerate(positions) for _ in cols],
                            device=hidden.device)
        cols = torch.tensor([col for cols in positions for col in cols], device=hidden.device)
        logits = head(hidden[rows, cols])
        z = logits[:, self.plus_id] - logits[:, self.minus_id]
        return list(torch.split(z, [len(c) for c in positions]))

    def _trace_ids(self, problem: str, steps: Sequence[str]) -> tuple[list[int], list[int]]:
        """Token ids of a rendered trace and the position of each step's rating tag end."""
        ids = self._encode(f"Problem: {problem.strip()}")
        tags: list[int] = []
        for j, step in enumerate(steps):
            ids += self._encode("\n\n" + render_step(j, step) + RATING_TAG)
            tags.append(len(ids) - 1)
        return ids, tags

    def _forward(self, sequences: list[list[int]]) -> Any:
        """Logits ``z`` at the last token of each (left-cut, right-padded) sequence."""
        torch = require("torch", "llm", "the generative PRM")
        sequences = [s[-self.max_length:] for s in sequences]
        z = self._rating_logits(sequences, [[len(s) - 1] for s in sequences])
        return torch.cat(z).float()

    def reward_logits(self, examples: Sequence[StepExample]) -> Any:
        """One logit per example: the rating tag's ``logit(+) - logit(-)``, differentiable."""
        torch = require("torch", "llm", "the generative PRM")
        if not examples:
            return torch.zeros(0, device=self.device)
        return self._forward([self._trace_ids(ex.problem, (*ex.prefix, ex.step))[0]
                              for ex in examples])

    def score_examples(self, examples: Sequence[StepExample]) -> list[float]:
        """Score steps in context, one forward pass per longest trace rather than per step.

        The LM is causal, so the scores of every step of a trace come out of one pass over the
        trace. Examples whose trace (prefix and step) begins another example's trace are read
        off that longer trace's pass: on a search tree's nodes this takes one pass per leaf,
        not one per node. Traces longer than ``max_length`` (cut from the left, which changes
        the earlier steps' context) are scored one example at a time, as in training.
        """
        torch = require("torch", "llm", "the generative PRM")
        traces = [(ex.problem, (*ex.prefix, ex.step)) for ex in examples]
        wanted = set(traces)
        inner = {(p, t[:j]) for p, t in wanted for j in range(1, len(t))}
        longest = sorted(k for k in wanted if k not in inner)
        encoded = [(key, *self._trace_ids(*key)) for key in longest]
        fits = [e for e in encoded if len(e[1]) <= self.max_length]
        scores: dict[tuple[str, tuple[str, ...]], float] = {}
        was_training = self.model.training
        self.train(False)
        try:
            with torch.no_grad():
                for i in range(0, len(fits), self.batch_size):
                    chunk = fits[i:i + self.batch_size]
                    rated = self._rating_logits([ids for _, ids, _ in chunk],
                                                [tags for _, _, tags in chunk])
                    for ((problem, trace), _, _), z in zip(chunk, rated, strict=True):
                        for j, value in enumerate(torch.sigmoid(z.float()).tolist()):
                            scores[(problem, trace[: j + 1])] = value
        finally:
            self.train(was_training)
        rest = [k for k in dict.fromkeys(traces) if k not in scores]
        rest_examples = [StepExample(p, t[:-1], t[-1]) for p, t in rest]
        scores.update(zip(rest, super().score_examples(rest_examples), strict=True))
        return [scores[key] for key in traces]

    def score(self, problem: str, steps: Sequence[str]) -> list[float]:
        """Score a trace in one forward pass when it fits ``max_length`` (else step by step)."""
        torch = require("torch", "llm", "the generative PRM")
        steps_list = list(steps) if not isinstance(steps, str) else steps
        if isinstance(steps_list, str) or not steps_list or not isinstance(problem, str):
            return super().score(problem, steps)  # validation and the empty case
        ids, tags = self._trace_ids(problem, [str(s) for s in steps_list])
        if len(ids) > self.max_length:
            return super().score(problem, steps)
        was_training = self.model.training
        self.train(False)
        try:
            with torch.no_grad():
                (z,) = self._rating_logits([ids], [tags])
        finally:
            self.train(was_training)
        return torch.sigmoid(z.float()).tolist()

    # --- checkpoints --------------------------------------------------------------------
    def save_pretrained(self, path: str | Path) -> Path:
        """Write ``prm_config.json``, the LoRA adapter (``adapter/``) and the tokenizer."""
        folder = write_config(path, {
            "kind": self.kind, "base_model": self.model_name, "max_length": self.max_length,
            "rating_tag": RATING_TAG, "plus_token_id": self.plus_id,
            "minus_token_id": self.minus_id, "lora": self.lora, "format_version": 1,
        })
        self.model.save_pretrained(folder / "adapter")
        self.tokenizer.save_pretrained(folder / "tokenizer")
        return folder

    @classmethod
    def from_pretrained(cls, path: str | Path, *, device: str = "cpu", batch_size: int = 4,
                        base_model: str | None = None) -> GenerativePRM:
        """Load a folder written by :meth:`save_pretrained`.

        Args:
            path: The checkpoint folder.
            device: Torch device.
            batch_size: Examples per forward pass when scoring.
            base_model: Load the adapter onto this base model instead of the one named in the
                config (e.g. the same model in another folder).

        Raises:
            ValueError: If the folder holds another kind of PRM.
        """
        config = read_config(path)
        if config["kind"] != cls.kind:
            raise ValueError(f"{path} holds a {config['kind']!r} PRM, not a generative PRM")
        lora = dict(config.get("lora") or {})
        return cls(base_model or str(config["base_model"]),
                   max_length=int(config["max_length"]), lora_r=int(lora.get("r", 8)),
                   lora_alpha=int(lora.get("lora_alpha", 32)),
                   target_modules=tuple(lora.get("target_modules", ("q_proj", "v_proj"))),
                   batch_size=batch_size, device=device, adapter=str(Path(path) / "adapter"))
