"""The step-generator interface every backend implements, and its records.

A *step generator* turns many prompts into ``n`` text samples each, in one call::

    gen.generate(prompts, n=4, sampling=Sampling(temperature=0.8, stop=STEP_STOP))
    -> [[Generation, Generation, Generation, Generation], ...]   # one list per prompt

Prompts are plain strings (sent as they are: no chat template) or :class:`Prompt` records that
carry chat messages (a chat template is applied) and, for the model-free ``candidates`` backend,
the task id and the steps so far. Every backend counts its spend in a :class:`GeneratorBudget`
that the bench reads.

This module imports nothing heavy (no torch): agents and the env can type against it freely.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "BudgetMeter",
    "Generation",
    "GeneratorBudget",
    "Prompt",
    "PromptLike",
    "Sampling",
    "StepGenerator",
    "as_prompt",
    "check_n",
    "truncate_at_stop",
]


@dataclass(frozen=True)
class Sampling:
    """How to sample.

    Attributes:
        temperature: Softmax temperature; ``0`` means greedy decoding (all ``n`` samples are then
            the same text).
        top_p: Nucleus sampling mass (1.0 disables it).
        top_k: Keep the ``top_k`` most likely tokens (0 disables it). The ``openai`` backend only
            sends it when built with ``send_top_k=True`` (it is not an OpenAI parameter).
        max_new_tokens: Most tokens to generate per sample.
        stop: Stop strings; the text is cut before the first one (it is not included).
        seed: Seed of this call; ``None`` leaves the backend's own randomness (not reproducible
            for the ``hf`` backend).
    """

    temperature: float = 0.8
    top_p: float = 0.95
    top_k: int = 40
    max_new_tokens: int = 256
    stop: tuple[str, ...] = ()
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.temperature < 0:
            raise ValueError(f"Sampling.temperature must be >= 0, got {self.temperature}")
        if not 0 < self.top_p <= 1:
            raise ValueError(f"Sampling.top_p must be in (0, 1], got {self.top_p}")
        if self.top_k < 0:
            raise ValueError(f"Sampling.top_k must be >= 0, got {self.top_k}")
        if self.max_new_tokens < 1:
            raise ValueError(f"Sampling.max_new_tokens must be >= 1, got {self.max_new_tokens}")
        if isinstance(self.stop, str):
            object.__setattr__(self, "stop", (self.stop,))
        else:
            object.__setattr__(self, "stop", tuple(self.stop))
        if any(not s for s in self.stop):
            raise ValueError("Sampling.stop must not contain empty strings")

    @property
    def greedy(self) -> bool:
        """Whether this is greedy decoding (temperature 0)."""
        return self.temperature == 0


@dataclass(frozen=True)
class Generation:
    """One sample.

    Attributes:
        text: The generated text, cut at the first stop string (stop string excluded).
        prompt_tokens: Tokens in the prompt (as the backend counts them).
        completion_tokens: Tokens of ``text`` (generated tokens up to the cut).
        logprob: Sum of the tokens' log-probabilities, where the backend has them; ``None``
            otherwise. See each backend for what distribution it refers to.
        finish_reason: ``"stop"`` (end of sequence or a stop string) or ``"length"``
            (``max_new_tokens`` reached).
    """

    text: str
    prompt_tokens: int
    completion_tokens: int
    logprob: float | None
    finish_reason: str


@dataclass(frozen=True)
class Prompt:
    """A chat prompt, with what the ``candidates`` backend needs to know.

    Attributes:
        messages: Chat messages (dicts with ``role`` and ``content``).
        task_id: The task the prompt is about (required by the ``candidates`` backend).
        steps: The steps taken so far (required by the ``candidates`` backend).
        mode: The prompt mode it was built with (``"pseudocode"`` or ``"direct"``, see
            :data:`o1coder_env.protocol.prompts.MODES`).
    """

    messages: list[dict[str, str]]
    task_id: str | None = None
    steps: tuple[str, ...] = ()
    mode: str = "pseudocode"

    def __post_init__(self) -> None:
        if not self.messages:
            raise ValueError("Prompt.messages must not be empty")
        for i, message in enumerate(self.messages):
            if not isinstance(message, Mapping) or "role" not in message \
                    or "content" not in message:
                raise ValueError(f"Prompt.messages[{i}] must be a dict with 'role' and "
                                 f"'content', got {message!r}")
        object.__setattr__(self, "steps", tuple(self.steps))


PromptLike = str | Prompt


def as_prompt(prompt: Any) -> PromptLike:
    """Check one prompt: a string, a :class:`Prompt`, or a list of chat messages (wrapped).

    Raises:
        TypeError: For anything else.
    """
    if isinstance(prompt, (str, Prompt)):
        return prompt
    if isinstance(prompt, list) and prompt and all(isinstance(m, Mapping) for m in prompt):
        return Prompt(messages=[dict(m) for m in prompt])
    raise TypeError(f"a prompt must be a str, a Prompt or a list of chat messages, "
                    f"got {type(prompt).__name__}")


def truncate_at_stop(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """Cut ``text`` before the earliest stop string.

    Returns:
        The text before the stop string and whether a stop string was found.
    """
    cut = -1
    for s in stop:
        pos = text.find(s)
        if pos != -1 and (cut == -1 or pos < cut):
            cut = pos
    return (text, False) if cut == -1 else (text[:cut], True)


@dataclass(frozen=True)
class GeneratorBudget:
    """What a generator has spent since it was made (or last reset).

    Attributes:
        calls: ``generate`` calls.
        prompt_tokens: Prompt tokens, counted once per sample (a prompt sampled ``n`` times
            counts ``n`` times: that is what a server bills).
        completion_tokens: Generated tokens, over all samples.
        wall_s: Wall time spent inside ``generate``.
    """

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_s: float = 0.0

    def to_dict(self) -> dict[str, float | int]:
        """A JSON-ready dict."""
        return {"calls": self.calls, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "wall_s": self.wall_s}


@dataclass
class BudgetMeter:
    """A thread-safe, resettable budget counter that backends share."""

    _budget: GeneratorBudget = field(default_factory=GeneratorBudget)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def budget(self) -> GeneratorBudget:
        """A snapshot of the spend so far."""
        with self._lock:
            return self._budget

    def reset(self) -> None:
        """Set every counter back to zero."""
        with self._lock:
            self._budget = GeneratorBudget()

    def add(self, results: Sequence[Sequence[Generation]], wall_s: float) -> None:
        """Account one ``generate`` call."""
        prompt = sum(g.prompt_tokens for row in results for g in row)
        completion = sum(g.completion_tokens for row in results for g in row)
        with self._lock:
            b = self._budget
            self._budget = GeneratorBudget(b.calls + 1, b.prompt_tokens + prompt,
                                           b.completion_tokens + completion, b.wall_s + wall_s)

    @contextmanager
    def timed(self) -> Iterator[list[list[Generation]]]:
        """Context that accounts the results the body puts in the yielded list."""
        results: list[list[Generation]] = []
        start = time.perf_counter()
        try:
            yield results
        finally:
            if results:
                self.add(results, time.perf_counter() - start)


@runtime_checkable
class StepGenerator(Protocol):
    """What agents and the TCG rely on: batched sampling and a budget."""

    def generate(
        self, prompts: Sequence[PromptLike], n: int = 1, sampling: Sampling | None = None
    ) -> list[list[Generation]]:
        """Sample ``n`` completions for each prompt (``sampling`` None: the defaults)."""
        ...

    @property
    def budget(self) -> GeneratorBudget:
        """Spend so far."""
        ...

    def reset_budget(self) -> None:
        """Set the budget counters back to zero."""
        ...


def check_n(n: int) -> None:
    """Reject a bad sample count with a clear message."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n (samples per prompt) must be an int >= 1, got {n!r}")
