"""Step generators: one batched interface over three backends.

    from agents.generators import make_generator, Sampling, Prompt
    gen = make_generator("hf", model="smollm2-135m")                  # transformers, offline
    gen = make_generator("openai", base_url="http://127.0.0.1:8000/v1", model="qwen")
    gen = make_generator("candidates", tasks=tasks, seed=0)          # no model
    out = gen.generate(prompts, n=4, sampling=Sampling(stop=STEP_STOP))

Importing this package is cheap: torch and transformers load only when an ``hf`` generator is
made.
"""

from __future__ import annotations

from typing import Any

from agents.generators.base import (
    Generation,
    GeneratorBudget,
    Prompt,
    Sampling,
    StepGenerator,
    truncate_at_stop,
)

__all__ = [
    "BACKENDS",
    "Generation",
    "GeneratorBudget",
    "Prompt",
    "Sampling",
    "StepGenerator",
    "make_generator",
    "truncate_at_stop",
]

#: Backend names accepted by :func:`make_generator`.
BACKENDS = ("hf", "openai", "candidates")


def make_generator(backend: str, **kwargs: Any) -> StepGenerator:
    """Build a step generator.

    Args:
        backend: ``"hf"`` (:class:`agents.generators.hf.HFGenerator`), ``"openai"``
            (:class:`agents.generators.openai_backend.OpenAIGenerator`) or ``"candidates"``
            (:class:`agents.generators.candidates_backend.CandidateGenerator`).
        **kwargs: The backend class's keyword arguments (documented there).

    Raises:
        ValueError: For an unknown backend.
    """
    if backend == "hf":
        from agents.generators.hf import HFGenerator

        return HFGenerator(**kwargs)
    if backend == "openai":
        from agents.generators.openai_backend import OpenAIGenerator

        return OpenAIGenerator(**kwargs)
    if backend == "candidates":
        from agents.generators.candidates_backend import CandidateGenerator

        return CandidateGenerator(**kwargs)
    raise ValueError(f"unknown generator backend {backend!r}; expected one of {BACKENDS}")
