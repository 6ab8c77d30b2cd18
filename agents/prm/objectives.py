"""Training objectives of the PRM, on reward logits ``z`` (score = ``sigmoid(z)``).

- Point-wise (the paper's eq. 3): binary cross-entropy with soft labels, the node value
  ``v = V/N`` in ``[0, 1]`` as target: ``-(v log sigmoid(z) + (1 - v) log(1 - sigmoid(z)))``.
- Pair-wise (the paper's eq. 4, Bradley-Terry on sibling steps):
  ``-log sigmoid(z_win - z_lose)``; only differences of logits are learnt, so the scores are
  comparable within a context, not calibrated probabilities.
"""

from __future__ import annotations

from typing import Any

from o1coder_env._optional import require

__all__ = ["OBJECTIVES", "pairwise_bt_loss", "pointwise_bce_loss"]

#: The objectives ``o1coder prm train --objective`` accepts.
OBJECTIVES = ("pointwise", "pairwise")


def pointwise_bce_loss(logits: Any, targets: Any) -> Any:
    """Mean BCE of reward logits against soft labels in ``[0, 1]``.

    Args:
        logits: Tensor of shape ``(batch,)``.
        targets: Tensor of the same shape, values in ``[0, 1]``.

    Raises:
        ValueError: If the shapes differ or a target lies outside ``[0, 1]``.
    """
    torch = require("torch", "llm", "PRM training")
    if logits.shape != targets.shape:
        raise ValueError(f"logits shape {tuple(logits.shape)} != targets shape "
                         f"{tuple(targets.shape)}")
    if targets.numel() and (targets.min() < 0 or targets.max() > 1):
        raise ValueError("point-wise PRM targets must lie in [0, 1]")
    return torch.nn.functional.binary_cross_entropy_with_logits(
        logits.float(), targets.float().to(logits.device)
    )


def pairwise_bt_loss(chosen_logits: Any, rejected_logits: Any) -> Any:
    """Mean Bradley-Terry loss ``-log sigmoid(z_chosen - z_rejected)``.

    Raises:
        ValueError: If the two tensors differ in shape.
    """
    torch = require("torch", "llm", "PRM training")
    if chosen_logits.shape != rejected_logits.shape:
        raise ValueError(f"chosen shape {tuple(chosen_logits.shape)} != rejected shape "
                         f"{tuple(rejected_logits.shape)}")
    return -torch.nn.functional.logsigmoid((chosen_logits - rejected_logits).float()).mean()
