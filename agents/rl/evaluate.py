"""Evaluating an agent on the Choice env: every task, several seeds, 95 % intervals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["ChoiceEvaluation", "evaluate_choice"]


@dataclass(frozen=True)
class ChoiceEvaluation:
    """An agent over every task of a split and several seeds.

    Attributes:
        agent: The agent's name.
        episodes: Episodes run (tasks x seeds).
        mean_reward: Mean episode reward with a 95 % normal interval, ``(value, low, high)``.
        success_rate: Fraction of episodes whose program passed every hidden test, with a
            95 % Wilson interval, ``(value, low, high)``.
        rewards: Every episode's reward, in (task, seed) order.
        successes: Every episode's hidden-test verdict, same order.
    """

    agent: str
    episodes: int
    mean_reward: tuple[float, float, float]
    success_rate: tuple[float, float, float]
    rewards: tuple[float, ...]
    successes: tuple[bool, ...]

    def to_dict(self, *, per_episode: bool = False) -> dict[str, Any]:
        """JSON-ready dict (per-episode lists only when asked)."""
        out = asdict(self)
        if not per_episode:
            out.pop("rewards")
            out.pop("successes")
        return out

    def line(self) -> str:
        """One human-readable line."""
        r, s = self.mean_reward, self.success_rate
        return (f"{self.agent:<14} reward {r[0]:.3f} [{r[1]:.3f}, {r[2]:.3f}]  "
                f"success {s[0]:.3f} [{s[1]:.3f}, {s[2]:.3f}]  (n={self.episodes})")


def evaluate_choice(agent: Any, env: Any, *, seeds: Sequence[int] = (0, 1, 2),
                    task_ids: Sequence[str] | None = None) -> ChoiceEvaluation:
    """Run ``agent`` with :func:`agents.base.run_episode` on every task and seed.

    Args:
        agent: Any agent acting in the Choice env (:class:`PPOChoiceAgent`, ``random``...).
        env: The evaluation env (``make_choice_env(split="test", ...)``).
        seeds: Episode seeds (each task is played once per seed).
        task_ids: Tasks to play (default: every task of the env).

    Raises:
        RuntimeError: When an episode recorded an agent error (a broken agent is not a score).
    """
    from agents.base import evaluate_agent

    if not seeds:
        raise ValueError("evaluate_choice needs at least one seed")
    ids = list(task_ids) if task_ids is not None else [t.task_id for t in env.unwrapped.tasks]
    result = evaluate_agent(agent, env, ids, seeds, strict=True)
    reward_ci, success_ci = result.mean_reward, result.success_rate
    return ChoiceEvaluation(
        agent=str(getattr(agent, "name", type(agent).__name__)), episodes=result.episodes,
        mean_reward=(reward_ci.value, reward_ci.low, reward_ci.high),
        success_rate=(success_ci.value, success_ci.low, success_ci.high),
        rewards=tuple(r.reward for r in result.records),
        successes=tuple(r.success for r in result.records),
    )
