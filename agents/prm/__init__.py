"""Process reward models (PRMs): per-step scores in ``[0, 1]`` for reasoning traces.

Kinds (one interface, :class:`~agents.prm.base.ProcessRewardModel`:
``score(problem, steps) -> list[float]``, also callable as ``prm(problem, steps)``):

- :class:`~agents.prm.heuristic.HeuristicPRM`: no model; syntax, structure and consistency checks.
- :class:`~agents.prm.encoder.EncoderPRM`: all-MiniLM-L6-v2 (or any encoder), mean pooling and a
  value head over (problem and steps so far, this step).
- :class:`~agents.prm.generative.GenerativePRM`: a causal LM (SmolLM2) reading P("+") vs P("-")
  at a rating tag after each step, with a LoRA adapter.
- :class:`~agents.prm.oracle.ReferenceOraclePRM`: not a model; knows each task's reference steps
  and so gives the label ceiling of a set of candidates trees.

Training (:mod:`agents.prm.train`) uses MCTS trees (``o1coder mcts``) with a point-wise (BCE on
soft labels V/N) or pair-wise (Bradley-Terry on sibling steps) objective; evaluation
(:mod:`agents.prm.evaluate`) reports step-level AUC, pair accuracy and the best-of-n reranking
gain. Torch-based kinds are imported lazily, so ``import agents.prm`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agents.prm.base import (
    BasePRM,
    ProcessRewardModel,
    StepExample,
    TrainablePRM,
    read_config,
    render_context,
    render_step,
)
from agents.prm.heuristic import HeuristicPRM

__all__ = [
    "PRM_KINDS",
    "BasePRM",
    "HeuristicPRM",
    "ProcessRewardModel",
    "StepExample",
    "TrainablePRM",
    "load_prm",
    "render_context",
    "render_step",
]

#: Kinds of PRM a checkpoint folder can hold (``heuristic`` needs none).
PRM_KINDS = ("heuristic", "encoder", "generative")


def load_prm(spec: str | Path, **options: Any) -> BasePRM:
    """A PRM from a name or a checkpoint folder.

    Args:
        spec: ``"heuristic"``; ``"reference-oracle"`` (the label ceiling of trees searched on
            the builtin suite) or ``"reference-oracle:SOURCE"`` (another task source); or a
            folder written by ``save_pretrained`` of an encoder or generative PRM
            (``o1coder prm train --out``).
        **options: Passed to ``from_pretrained`` (``device``, ``batch_size``).

    Raises:
        FileNotFoundError: If ``spec`` is neither a name above nor a checkpoint folder.
        ValueError: If the checkpoint names an unknown kind.
    """
    if str(spec) == "heuristic":
        return HeuristicPRM()
    name, _, source = str(spec).partition(":")
    if name == "reference-oracle":
        from agents.prm.oracle import ReferenceOraclePRM

        return ReferenceOraclePRM.from_source(source or "builtin")
    config = read_config(spec)
    kind = config["kind"]
    if kind == "encoder":
        from agents.prm.encoder import EncoderPRM

        return EncoderPRM.from_pretrained(spec, **options)
    if kind == "generative":
        from agents.prm.generative import GenerativePRM

        return GenerativePRM.from_pretrained(spec, **options)
    raise ValueError(f"{spec}: unknown PRM kind {kind!r}; expected one of {PRM_KINDS}")
