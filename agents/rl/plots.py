"""The learning curve of a PPO run: read from SB3's Monitor logs, drawn as a PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["learning_curve", "plot_learning_curve"]


def learning_curve(monitor_dir: str | Path, window: int = 50) -> dict[str, list[float]]:
    """Episode rewards of the Monitor CSVs, ordered by wall time, against cumulative timesteps.

    Returns:
        ``{"timesteps", "rewards", "moving_mean"}`` (lists of equal length; empty when no
        episode finished).
    """
    from stable_baselines3.common.monitor import LoadMonitorResultsError, load_results

    try:
        frame = load_results(str(monitor_dir))
    except LoadMonitorResultsError:  # no Monitor file yet: no finished episode
        return {"timesteps": [], "rewards": [], "moving_mean": []}
    frame = frame.sort_values("t", kind="stable")
    rewards = [float(r) for r in frame["r"]]
    timesteps: list[float] = [int(x) for x in np.cumsum(frame["l"].to_numpy())]
    moving = [float(np.mean(rewards[max(0, i + 1 - window): i + 1])) for i in range(len(rewards))]
    return {"timesteps": timesteps, "rewards": rewards, "moving_mean": moving}


def plot_learning_curve(curve: dict[str, list[float]], path: str | Path, *,
                        title: str = "PPO learning curve") -> Path:
    """Write episode reward vs timesteps (points and the moving average) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    if curve["timesteps"]:
        ax.plot(curve["timesteps"], curve["rewards"], ".", alpha=0.2, markersize=3,
                label="episode reward")
        ax.plot(curve["timesteps"], curve["moving_mean"], "-", linewidth=2,
                label="moving mean")
        ax.legend(loc="lower right")
    else:
        ax.text(0.5, 0.5, "no finished episode", ha="center", va="center",
                transform=ax.transAxes)
    ax.set_xlabel("timesteps")
    ax.set_ylabel("episode reward")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


# --- the saved policy as an agent -------------------------------------------------------------
