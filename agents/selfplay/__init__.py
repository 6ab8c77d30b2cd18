"""The self-play loop, resumable, one folder per round.

Each round searches trees with the current policy, updates the PRM, the policy (SFT then DPO)
and optionally the TCG, and evaluates on held-out tasks.

``run_selfplay(SelfPlayConfig(...))`` or ``o1coder selfplay --rounds N``. See ``docs/selfplay.md``.
"""

from __future__ import annotations

from agents.selfplay.loop import SelfPlayConfig, finished_rounds, plot_rounds, run_selfplay

__all__ = ["SelfPlayConfig", "finished_rounds", "plot_rounds", "run_selfplay"]
