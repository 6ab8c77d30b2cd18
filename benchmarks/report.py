"""Per-agent metrics, the leaderboard table, and the pass-rate-vs-budget plot of a bench run."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from o1coder_env.stats import mean_interval, pass_at_k, wilson_interval

__all__ = ["format_leaderboard", "plot_results", "summarize", "write_reports"]


def _hidden_fraction(row: dict[str, Any]) -> float:
    hidden = row.get("hidden") or {}
    total = hidden.get("total_tests") or 0
    return (hidden.get("passed_tests") or 0) / total if total else 0.0


def summarize(episodes: Sequence[dict[str, Any]], labels: Sequence[str]) -> dict[str, Any]:
    """Metrics per agent label.

    pass@1 and pass@k use Chen et al.'s unbiased estimator over each task's seeds (k up to the
    number of seeds); the interval on pass@1 is a Wilson interval over tasks. ``hidden_rate`` is
    the mean fraction of hidden tests passed; ``aspr`` the mean, over tasks whose path was correct,
    of the share of resampled code steps that pass every hidden test.
    """
    by_agent: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in episodes:
        by_agent[row["agent"]].append(row)
    summary: dict[str, Any] = {}
    for label in labels:
        rows = by_agent.get(label, [])
        if not rows:
            continue
        by_task: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_task[row["task_id"]].append(row)
        n_seeds = min(len(v) for v in by_task.values())
        ks = [k for k in (1, 5, 10) if k <= n_seeds]
        pass_k: dict[str, float] = {}
        for k in ks:
            values = [pass_at_k(len(v), sum(bool(r["success"]) for r in v), k)
                      for v in by_task.values()]
            pass_k[f"pass@{k}"] = sum(values) / len(values)
        p1_values = [pass_at_k(len(v), sum(bool(r["success"]) for r in v), 1)
                     for v in by_task.values()]
        aspr_task = []
        for v in by_task.values():
            rates = [r["aspr"]["rate"] for r in v if r.get("aspr")]
            if rates:
                aspr_task.append(sum(rates) / len(rates))

        def mean_of(key: str, rows: list[dict[str, Any]] = rows) -> float:
            return sum(float(r["budget"].get(key, 0) or 0) for r in rows) / len(rows)

        summary[label] = {
            "tasks": len(by_task),
            "episodes": len(rows),
            **pass_k,
            "pass@1_ci": wilson_interval(sum(p1_values), len(p1_values)).to_dict(),
            "hidden_rate": mean_interval([_hidden_fraction(r) for r in rows]).to_dict(),
            "aspr": (mean_interval(aspr_task).to_dict() if aspr_task else None),
            "aspr_tasks": len(aspr_task),
            "mean_steps": mean_of("env_steps"),
            "mean_generated_steps": mean_of("generated_steps"),
            "mean_tokens": mean_of("tokens"),
            "mean_sandbox_runs": mean_of("sandbox_runs"),
            "mean_wall_s": mean_of("wall_s"),
            "errors": sum(1 for r in rows if r.get("error")),
        }
    return summary


def format_leaderboard(results: dict[str, Any]) -> str:
    """The leaderboard as a Markdown table, best pass@1 first, with a footnote on the run."""
    summary = results["summary"]
    rows = sorted(summary.items(), key=lambda kv: (-kv[1]["pass@1"], kv[1]["mean_tokens"]))
    lines = [
        "| rank | agent | tasks | pass@1 [95% CI] | hidden tests passed | ASPR (tasks) | "
        "steps | tokens | sandbox runs | wall s |",
        "|---:|---|---:|---|---:|---|---:|---:|---:|---:|",
    ]
    for rank, (label, m) in enumerate(rows, 1):
        ci = m["pass@1_ci"]
        aspr = (f"{m['aspr']['value']:.2f} ({m['aspr_tasks']})" if m["aspr"] else "-")
        errors = f" ({m['errors']} errors)" if m["errors"] else ""
        lines.append(
            f"| {rank} | {label}{errors} | {m['tasks']} | {m['pass@1']:.2f} "
            f"[{ci['low']:.2f}, {ci['high']:.2f}] | {m['hidden_rate']['value']:.2f} | {aspr} | "
            f"{m['mean_steps']:.1f} | {m['mean_tokens']:.0f} | {m['mean_sandbox_runs']:.1f} | "
            f"{m['mean_wall_s']:.1f} |"
        )
    cfg = results["config"]
    machine = results.get("machine", {})
    lines.append("")
    lines.append(
        f"Source `{cfg['source']}` split `{cfg['split']}`, seeds {cfg['seeds']}, "
        f"LLM `{cfg['generator']}:{cfg['model']}` (the tasks column says how many tasks "
        f"each agent ran), budget "
        f"`{cfg['budget']}`. Machine: {machine.get('cpus', '?')} CPUs, "
        f"{machine.get('platform', '?')}, Python {machine.get('python', '?')}"
        f"{', torch ' + machine['torch'] if 'torch' in machine else ''}. "
        f"Run time {results.get('wall_s', 0):.0f} s."
    )
    return "\n".join(lines) + "\n"


def plot_results(results: dict[str, Any], path: Path) -> Path:
    """Pass rate vs budget per agent: the share of episodes solved within each token budget.

    Left: cumulative solved share against tokens spent per episode (log scale; agents that use
    no model are drawn against generated steps). Right: pass@1 with its 95 % interval.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = results["summary"]
    labels = list(summary)
    fig, (ax_curve, ax_bar) = plt.subplots(1, 2, figsize=(12, 4.5))
    def cost(row: dict[str, Any]) -> float:
        budget = row["budget"]
        return max(1.0, float(budget.get("tokens") or budget.get("generated_steps") or 1))

    right = max((cost(r) for r in results["episodes"]), default=1.0) * 1.5
    for label in labels:
        rows = [r for r in results["episodes"] if r["agent"] == label]
        if not rows:
            continue
        costs = sorted(cost(r) for r in rows if r["success"])
        solved = [(i + 1) / len(rows) for i in range(len(costs))]
        # Each curve runs to the right edge, so agents that stop early stay visible.
        xs = [0.9, *costs, right]
        ys = [0.0, *solved, solved[-1] if solved else 0.0]
        ax_curve.step(xs, ys, where="post", label=label)
    ax_curve.set_xscale("log")
    ax_curve.set_xlabel("budget per episode (tokens; steps for model-free agents)")
    ax_curve.set_ylabel("share of episodes solved within budget")
    ax_curve.set_ylim(-0.02, 1.02)
    ax_curve.grid(alpha=0.3)
    ax_curve.legend(fontsize=8)
    values = [summary[lab]["pass@1"] for lab in labels]
    lows = [summary[lab]["pass@1"] - summary[lab]["pass@1_ci"]["low"] for lab in labels]
    highs = [summary[lab]["pass@1_ci"]["high"] - summary[lab]["pass@1"] for lab in labels]
    ax_bar.bar(range(len(labels)), values, yerr=[lows, highs], capsize=4, color="#4C72B0")
    ax_bar.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    ax_bar.set_ylabel("pass@1 (hidden tests), 95% CI")
    ax_bar.set_ylim(0, 1.05)
    ax_bar.grid(axis="y", alpha=0.3)
    cfg = results["config"]
    fig.suptitle(f"o1coder bench: {cfg['source']} / {cfg['split']}")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_reports(results: dict[str, Any], out: Path) -> None:
    """Write ``results.json``, ``leaderboard.md`` and ``plot.png`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "results.json.tmp"
    tmp.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    tmp.replace(out / "results.json")
    (out / "leaderboard.md").write_text(
        "# o1coder leaderboard\n\n" + format_leaderboard(results), encoding="utf-8"
    )
    plot_results(results, out / "plot.png")
