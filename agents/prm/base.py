"""The process reward model interface shared by every PRM kind, and the text a PRM reads.

A PRM scores each step of a reasoning trace: ``prm.score(problem, steps)[j]`` is the score, in
``[0, 1]``, of ``steps[j]`` given the problem and ``steps[:j]``. Every PRM here is also callable
as ``prm(problem, steps)``, which is the callable the env (``O1Coder-v0``'s ``prm=``), MCTS
(``leaf_evaluation="value"``) and best-of-n reranking take (see
:mod:`o1coder_env.rewards.prm`).

Scores are causal: the score of step j never depends on later steps, so the env, which scores
the trace after each step and keeps the last score, sees the same numbers as a single call on the
final trace.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from o1coder_env._optional import require
from o1coder_env.protocol.prompts import STEP_HEADER
from o1coder_env.rewards.prm import checked_scores

__all__ = [
    "CONFIG_NAME",
    "BasePRM",
    "ProcessRewardModel",
    "StepExample",
    "TrainablePRM",
    "read_config",
    "render_context",
    "render_step",
    "write_config",
]


@runtime_checkable
class ProcessRewardModel(Protocol):
    """Structural type of a PRM: per-step scores in ``[0, 1]``, callable like the env's hook."""

    def score(self, problem: str, steps: Sequence[str]) -> list[float]:
        """Score every step of ``steps`` (one float in ``[0, 1]`` per step)."""
        ...

    def __call__(self, problem: str, steps: Sequence[str]) -> list[float]:
        """Same as :meth:`score`."""
        ...


@dataclass(frozen=True)
class StepExample:
    """One step in its context: what a PRM scores, and what training data is made of.

    Attributes:
        problem: The problem text.
        prefix: The steps before this one.
        step: The step scored.
    """

    problem: str
    prefix: tuple[str, ...]
    step: str


def render_step(index: int, step: str) -> str:
    """A step as the PRM reads it: the protocol's ``### Step n`` header, then the step."""
    return f"{STEP_HEADER.format(n=index + 1)}\n{step.strip()}"


def render_steps(steps: Sequence[str]) -> str:
    """Steps with their ``### Step n`` headers, separated by blank lines."""
    return "\n\n".join(render_step(i, s) for i, s in enumerate(steps))


def render_context(problem: str, prefix: Sequence[str]) -> str:
    """The state before a step: the problem, then the steps so far with their headers.

    This is the same text as :func:`agents.mcts.export.build_prm`'s ``text`` field.
    """
    head = f"Problem: {problem.strip()}"
    return f"{head}\n\n{render_steps(prefix)}" if prefix else head


class BasePRM:
    """Base of the PRMs here: ``score`` from ``score_examples``, ``__call__`` = ``score``.

    Subclasses implement :meth:`score_examples` (a batch of steps in context -> scores);
    :meth:`score` checks the input and the output (length, range) so a bad PRM fails loudly.
    """

    #: Short name of the PRM kind (``"heuristic"``, ``"encoder"``, ``"generative"``).
    kind: str = "base"

    def score_examples(self, examples: Sequence[StepExample]) -> list[float]:
        """Score a batch of steps, each in its own context (scores in ``[0, 1]``)."""
        raise NotImplementedError

    def score(self, problem: str, steps: Sequence[str]) -> list[float]:
        """Score every step of a trace.

        Args:
            problem: The problem text.
            steps: The reasoning steps, in order.

        Returns:
            One score in ``[0, 1]`` per step.

        Raises:
            TypeError: If ``problem`` is not a string or ``steps`` is a string or holds a
                non-string.
        """
        if not isinstance(problem, str):
            raise TypeError(f"problem must be a string, got {type(problem).__name__}")
        if isinstance(steps, str):
            raise TypeError("steps must be a sequence of strings, not one string")
        steps = list(steps)
        for j, s in enumerate(steps):
            if not isinstance(s, str):
                raise TypeError(f"step {j + 1} must be a string, got {type(s).__name__}")
        if not steps:
            return []
        examples = [StepExample(problem, tuple(steps[:j]), s) for j, s in enumerate(steps)]
        return checked_scores(self.score_examples(examples), len(steps))

    def __call__(self, problem: str, steps: Sequence[str]) -> list[float]:
        """Same as :meth:`score`, so a PRM plugs in wherever a PRM callable is taken."""
        return self.score(problem, steps)


#: Name of the file that marks a PRM checkpoint folder and says which kind wrote it.
CONFIG_NAME = "prm_config.json"


class TrainablePRM(BasePRM):
    """A PRM with a torch model behind it: reward logits ``z``, scores ``sigmoid(z)``.

    Subclasses implement :meth:`reward_logits` (differentiable), :meth:`trainable_parameters`,
    :meth:`save_pretrained` and :meth:`from_pretrained`; scoring, batching and train/eval mode
    switching live here.
    """

    #: Examples per forward pass when scoring.
    batch_size: int = 8

    def reward_logits(self, examples: Sequence[StepExample]) -> Any:
        """Reward logits, a float tensor of shape ``(len(examples),)`` (with gradients)."""
        raise NotImplementedError

    def trainable_parameters(self) -> list[Any]:
        """The parameters the optimizer updates (a LoRA adapter, an encoder and its head)."""
        raise NotImplementedError

    def modules(self) -> list[Any]:
        """The torch modules of the PRM (switched between train and eval mode)."""
        raise NotImplementedError

    def train(self, mode: bool = True) -> TrainablePRM:
        """Put every module in training (dropout on) or evaluation mode."""
        for module in self.modules():
            module.train(mode)
        return self

    def save_pretrained(self, path: str | Path) -> Path:
        """Write a checkpoint folder that :func:`agents.prm.load_prm` reads back."""
        raise NotImplementedError

    def score_examples(self, examples: Sequence[StepExample]) -> list[float]:
        """``sigmoid`` of the reward logits, in batches, without gradients, in eval mode."""
        torch = require("torch", "llm", "scoring with a learned PRM")
        was_training = any(m.training for m in self.modules())
        self.train(False)
        out: list[float] = []
        try:
            with torch.no_grad():
                for i in range(0, len(examples), self.batch_size):
                    logits = self.reward_logits(examples[i:i + self.batch_size])
                    out += torch.sigmoid(logits.float()).tolist()
        finally:
            self.train(was_training)
        return out


def write_config(path: str | Path, config: dict[str, Any]) -> Path:
    """Create a checkpoint folder and write its :data:`CONFIG_NAME`."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_NAME).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return folder


def read_config(path: str | Path) -> dict[str, Any]:
    """Read a checkpoint folder's :data:`CONFIG_NAME`.

    Raises:
        FileNotFoundError: If the folder has no such file (not a PRM checkpoint).
        ValueError: If the file is not a JSON object with a ``kind``.
    """
    file = Path(path) / CONFIG_NAME
    if not file.is_file():
        raise FileNotFoundError(f"{path} is not a PRM checkpoint folder (no {CONFIG_NAME})")
    try:
        config = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file}: not valid JSON ({exc.msg})") from None
    if not isinstance(config, dict) or "kind" not in config:
        raise ValueError(f"{file}: expected a JSON object with a 'kind' field")
    return config
