"""The ``hf`` backend: batched sampling from any transformers causal LM.

    gen = HFGenerator("smollm2-135m")            # alias: packaged SmolLM2, offline
    gen = HFGenerator("/path/to/folder")         # any saved model folder (or a hub id)
    out = gen.generate([prompt1, prompt2], n=4, sampling=Sampling(stop=STEP_STOP, seed=0))

How it samples:

* All prompts x ``n`` samples go through ``model.generate`` together, in row batches of at most
  ``batch_size`` (rows sorted by prompt length so padding stays small), LEFT-padded.
  Greedy decoding (temperature 0) generates each prompt once and repeats the result ``n`` times.
* Sampling ``n > 1`` reads each prompt once (``share_prompt=True``, the default): one forward pass
  over the prompts (all but their last token) fills the KV cache, which is copied ``n`` times, and
  ``generate`` decodes the ``n`` continuations from it. The samples have the same distribution as
  with ``n`` separate prompt rows; only the prompt's compute is no longer paid ``n`` times. A
  batch then holds ``batch_size // n`` prompts (at least one; a prompt whose ``n`` exceeds
  ``batch_size`` is split over several batches, each reading the prompt once).
* :class:`Prompt` records go through the tokenizer's chat template (with the generation prompt);
  plain strings are tokenized as they are (with the tokenizer's special tokens, e.g. BOS).
* Stop strings stop a row early (transformers' ``stop_strings``) and the text is cut before the
  first one; the end-of-sequence token also stops it.
* ``logprob`` is the sum, over the kept completion tokens (EOS included when generated), of each
  token's log-probability under the model's own next-token distribution (temperature 1, before
  top-k/top-p), recorded step by step without keeping every step's logits.
* ``Sampling.seed`` makes sampling reproducible: each row batch runs under
  ``torch.manual_seed(seed + batch_index)`` inside ``torch.random.fork_rng`` (the global torch
  RNG is left untouched). The same prompts, ``n``, settings, ``batch_size`` and ``share_prompt``
  give the same samples; a different batch composition can give different ones.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from typing import Any

from agents.generators.base import (
    BudgetMeter,
    Generation,
    GeneratorBudget,
    Prompt,
    PromptLike,
    Sampling,
    as_prompt,
    check_n,
    truncate_at_stop,
)
from agents.generators.models import resolve_model
from o1coder_env._optional import require
from o1coder_env.protocol.prompts import render_plain

__all__ = ["HFGenerator"]

_DTYPES = ("auto", "float32", "float16", "bfloat16")


class HFGenerator:
    """Step generator backed by a transformers causal LM.

    Args:
        model: A model alias (``"smollm2-135m"``), a local folder or a hub id.
        device: ``"auto"`` (CUDA when available, else CPU), ``"cpu"``, ``"cuda"``, ``"cuda:1"``...
        dtype: ``"auto"`` (float32 on CPU, bfloat16 on CUDA when supported, else float16),
            ``"float32"``, ``"float16"`` or ``"bfloat16"``.
        batch_size: Most rows (prompt samples) per ``model.generate`` call.
        share_prompt: Read each prompt once when sampling ``n > 1`` continuations of it (see the
            module doc); ``False`` gives every sample its own prompt row (the slower old path,
            kept as the benchmark's anchor).

    Raises:
        ValueError: For an unknown dtype or a bad batch size.
        MissingExtraError: If torch / transformers are not installed.
        ModelNotInstalledError: If an alias's package is missing.
    """

    backend = "hf"

    def __init__(self, model: str = "smollm2-135m", *, device: str = "auto",
                 dtype: str = "auto", batch_size: int = 32, share_prompt: bool = True) -> None:
        if dtype not in _DTYPES:
            raise ValueError(f"unknown dtype {dtype!r}; expected one of {_DTYPES}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        torch = require("torch", "llm", "the hf generator")
        transformers = require("transformers", "llm", "the hf generator")
        start = time.perf_counter()
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if dtype == "auto":
            if device.startswith("cuda"):
                dtype = "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
            else:
                dtype = "float32"
        path = resolve_model(model)
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        lm = transformers.AutoModelForCausalLM.from_pretrained(path, dtype=getattr(torch, dtype))
        self._init(lm.to(device).eval(), tokenizer, batch_size=batch_size, name=model)
        self.share_prompt = share_prompt
        self.load_s = time.perf_counter() - start

    @classmethod
    def from_model(cls, model: Any, tokenizer: Any, *, batch_size: int = 32,
                   name: str = "custom", share_prompt: bool = True) -> HFGenerator:
        """Wrap a model and tokenizer already in memory (e.g. one being trained)."""
        self = cls.__new__(cls)
        self._init(model, tokenizer, batch_size=batch_size, name=name)
        self.share_prompt = share_prompt
        self.load_s = 0.0
        return self

    def _init(self, model: Any, tokenizer: Any, *, batch_size: int, name: str) -> None:
        self._torch = require("torch", "llm", "the hf generator")
        self.model = model
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self.name = name
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        eos = model.generation_config.eos_token_id
        if eos is None:
            eos = tokenizer.eos_token_id
        self._eos_ids = set(eos if isinstance(eos, (list, tuple)) else [eos])
        self._meter = BudgetMeter()

    @property
    def device(self) -> Any:
        """The device the model runs on."""
        return next(self.model.parameters()).device

    @property
    def budget(self) -> GeneratorBudget:
        """Spend so far (calls, prompt/completion tokens, wall time)."""
        return self._meter.budget

    def reset_budget(self) -> None:
        """Set the budget counters back to zero."""
        self._meter.reset()

    def encode(self, prompt: PromptLike) -> list[int]:
        """Token ids of one prompt as the model sees it (chat template for :class:`Prompt`)."""
        prompt = as_prompt(prompt)
        if isinstance(prompt, Prompt):
            if getattr(self.tokenizer, "chat_template", None):
                text = self.tokenizer.apply_chat_template(
                    prompt.messages, tokenize=False, add_generation_prompt=True)
            else:
                text = render_plain(prompt.messages)
            return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])
        return list(self.tokenizer(prompt)["input_ids"])

    def generate(self, prompts: Sequence[PromptLike], n: int = 1,
                 sampling: Sampling | None = None) -> list[list[Generation]]:
        """Sample ``n`` completions for each prompt (see the module doc for the details)."""
        check_n(n)
        sampling = sampling or Sampling()
        with self._meter.timed() as results:
            encoded = [self.encode(p) for p in prompts]
            if sampling.greedy or n == 1 or not self.share_prompt:
                results.extend(self._generate_per_row(encoded, n, sampling))
            else:
                results.extend(self._generate_shared(encoded, n, sampling))
        return results

    def _generate_per_row(self, encoded: list[list[int]], n: int,
                          sampling: Sampling) -> list[list[Generation]]:
        """Every sample is its own prompt row (greedy: one row per prompt, repeated)."""
        copies = 1 if sampling.greedy else n
        rows = [(i, ids) for i, ids in enumerate(encoded) for _ in range(copies)]
        order = sorted(range(len(rows)), key=lambda r: len(rows[r][1]))
        outputs: list[Generation | None] = [None] * len(rows)
        for b, start in enumerate(range(0, len(order), self.batch_size)):
            chunk = order[start:start + self.batch_size]
            gens = self._generate_rows([rows[r][1] for r in chunk], sampling, b)
            for r, g in zip(chunk, gens, strict=True):
                outputs[r] = g
        per_prompt: list[list[Generation]] = [[] for _ in encoded]
        for (i, _), maybe in zip(rows, outputs, strict=True):
            assert maybe is not None  # every row belongs to exactly one chunk
            per_prompt[i].append(maybe)
        if copies == 1 and n > 1:
            per_prompt = [row * n for row in per_prompt]
        return per_prompt

    def _generate_shared(self, encoded: list[list[int]], n: int,
                         sampling: Sampling) -> list[list[Generation]]:
        """``n`` samples per prompt decoded from one reading of the prompt (module doc)."""
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        per_call = max(1, self.batch_size // n)
        copies_per_call = min(n, self.batch_size)
        # A batch: (prompt indices, samples of each); n > batch_size splits one prompt's samples.
        batches: list[tuple[list[int], int]] = []
        for start in range(0, len(order), per_call):
            group = order[start:start + per_call]
            left = n
            while left:
                batches.append((group, min(left, copies_per_call)))
                left -= batches[-1][1]
        per_prompt: list[list[Generation]] = [[] for _ in encoded]
        for b, (group, copies) in enumerate(batches):
            gens = self._generate_rows([encoded[i] for i in group], sampling, b, copies=copies)
            for k, i in enumerate(group):
                per_prompt[i].extend(gens[k * copies:(k + 1) * copies])
        return per_prompt

    def _generate_rows(self, rows: list[list[int]], sampling: Sampling, batch_index: int, *,
                       copies: int = 1) -> list[Generation]:
        """Generate ``copies`` samples of each row, in row-major order.

        With ``copies > 1`` the prompts (all but their last token) are read once into a KV cache
        that is repeated ``copies`` times; ``generate`` then starts from the last prompt token.
        """
        torch = self._torch
        pad = self.tokenizer.pad_token_id
        width = max(len(r) for r in rows)
        input_ids = torch.full((len(rows), width), pad, dtype=torch.long)
        attention = torch.zeros((len(rows), width), dtype=torch.long)
        for j, ids in enumerate(rows):  # left padding: the prompt ends where generation starts
            input_ids[j, width - len(ids):] = torch.tensor(ids, dtype=torch.long)
            attention[j, width - len(ids):] = 1
        input_ids, attention = input_ids.to(self.device), attention.to(self.device)
        cache = None
        if copies > 1:
            if min(len(r) for r in rows) >= 2:
                cache = self._prompt_cache(input_ids, attention, copies)
            input_ids = input_ids.repeat_interleave(copies, dim=0)
            attention = attention.repeat_interleave(copies, dim=0)
            rows = [r for r in rows for _ in range(copies)]
        recorder = _LogprobRecorder(torch)
        kwargs: dict[str, Any] = {
            "input_ids": input_ids,
            "attention_mask": attention,
            "max_new_tokens": sampling.max_new_tokens,
            "pad_token_id": pad,
            "eos_token_id": sorted(self._eos_ids),
            "logits_processor": [recorder],
            "return_dict_in_generate": True,
        }
        if cache is not None:
            kwargs[cache[0]] = cache[1]
        if sampling.greedy:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        else:
            kwargs.update(do_sample=True, temperature=sampling.temperature,
                          top_p=sampling.top_p, top_k=sampling.top_k)
        if sampling.stop:
            kwargs.update(stop_strings=list(sampling.stop), tokenizer=self.tokenizer)
        seeded: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
        if sampling.seed is not None and not sampling.greedy:
            devices = [self.device] if self.device.type == "cuda" else []
            seeded = torch.random.fork_rng(devices=devices)
        with seeded, torch.inference_mode():
            if sampling.seed is not None and not sampling.greedy:
                torch.manual_seed(sampling.seed + batch_index)
            out = self.model.generate(**kwargs)
        generated = out.sequences[:, width:].cpu()
        token_logprobs = recorder.finish(out.sequences).cpu()
        return [self._to_generation(generated[j].tolist(), token_logprobs[j], len(rows[j]),
                                    sampling) for j in range(len(rows))]

    def _prompt_cache(self, input_ids: Any, attention: Any, copies: int) -> tuple[str, Any]:
        """The KV cache of every prompt but its last token, repeated ``copies`` times per row.

        Returned with the name ``generate`` takes it under: ``cache`` in recent transformers,
        ``past_key_values`` in earlier 5.x releases (as on some GPU images).

        Position ids count real tokens only (left padding gets position 0), as ``generate``
        counts them, so the cached keys are the ones ``generate`` would have computed.
        """
        positions = (attention.cumsum(-1) - 1).clamp(min=0)
        with self._torch.inference_mode():
            out = self.model(input_ids=input_ids[:, :-1], attention_mask=attention[:, :-1],
                             position_ids=positions[:, :-1], use_cache=True)
        name = "cache" if hasattr(out, "cache") else "past_key_values"
        cache = getattr(out, name)
        cache.batch_repeat_interleave(copies)
        return name, cache

    def _to_generation(self, tokens: list[int], logprobs: Any, prompt_len: int,
                       sampling: Sampling) -> Generation:
        end = next((t for t, tok in enumerate(tokens) if tok in self._eos_ids), None)
        content = tokens if end is None else tokens[:end]
        text = self.tokenizer.decode(content, skip_special_tokens=True)
        kept, stopped = truncate_at_stop(text, sampling.stop)
        if stopped:
            count = self._tokens_covering(content, len(kept))
            finish = "stop"
        elif end is not None:
            count = end + 1  # the EOS token was generated: it counts
            finish = "stop"
        else:
            count = len(tokens)
            finish = "length"
        logprob = float(logprobs[:count].sum()) if count else 0.0
        return Generation(kept, prompt_len, count, logprob, finish)

    def _tokens_covering(self, tokens: list[int], n_chars: int) -> int:
        """Fewest leading tokens whose decoded text is at least ``n_chars`` long."""
        lo, hi = 0, len(tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if len(self.tokenizer.decode(tokens[:mid], skip_special_tokens=True)) >= n_chars:
                hi = mid
            else:
                lo = mid + 1
        return lo


class _LogprobRecorder:
    """A logits processor that records the log-probability of each chosen token.

    At step ``t`` it sees the raw logits (it runs before the temperature/top-k/top-p warpers)
    and the tokens chosen so far: it keeps only the previous step's log-softmax, gathers the
    token chosen at ``t - 1`` from it, and passes the scores through unchanged. ``finish`` adds
    the last step. Memory: one (batch, vocab) tensor instead of every step's logits.
    """

    def __init__(self, torch: Any) -> None:
        self._torch = torch
        self._previous: Any = None
        self._chosen: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if self._previous is not None:
            self._chosen.append(self._previous.gather(1, input_ids[:, -1:]).squeeze(1))
        self._previous = self._torch.log_softmax(scores.float(), dim=-1)
        return scores

    def finish(self, sequences: Any) -> Any:
        if self._previous is not None:
            self._chosen.append(self._previous.gather(1, sequences[:, -1:]).squeeze(1))
            self._previous = None
        if not self._chosen:
            return self._torch.zeros((sequences.shape[0], 0))
        return self._torch.stack(self._chosen, dim=1)
