"""Per-agent metrics, the leaderboard table, and the pass-rate-vs-budget plot of a bench run."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from o1coder_env.stats import mean_interval, pass_at_k, wilson_interval

__all__ = ["format_leaderboard", "leaderboard_groups", "plot_results", "summarize",
           "task_set_id", "write_reports"]


def task_set_id(task_ids: Sequence[str]) -> str:
    """A short name of a set of tasks (8 hex digits of a hash of the sorted ids)."""
    joined = "\n".join(sorted(set(task_ids)))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:8]


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
            # Rows are ranked together only when they ran the same tasks with the same seeds.
            "task_set": task_set_id(list(by_task)),
            "seeds": sorted({int(r["seed"]) for r in rows}),
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


def _agent_info(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each label's spec fields (kind, sees), also for results.json files written before them."""
    from benchmarks.agents import AgentSpec

    out: dict[str, dict[str, Any]] = {}
    for spec in results.get("agents", []):
        kind = spec.get("kind") or AgentSpec(label=spec["label"], agent=spec["agent"],
                                             generator=spec.get("generator")).kind
        out[spec["label"]] = {"kind": kind, "sees": spec.get("sees", ""),
                              "description": spec.get("description", "")}
    return out


def leaderboard_groups(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranked groups of a run: one per (agent kind, task set, seeds), best pass@1 first.

    Returns:
        Dicts with ``kind``, ``task_set``, ``tasks``, ``seeds`` and ``rows`` (``(label,
        metrics)`` pairs sorted by pass@1, then fewer tokens), kinds in :data:`KINDS` order and,
        within a kind, the larger task sets first.
    """
    from benchmarks.agents import KINDS

    info = _agent_info(results)
    groups: dict[tuple[str, str, tuple[int, ...]], list[tuple[str, dict[str, Any]]]] = {}
    for label, m in results["summary"].items():
        kind = info.get(label, {}).get("kind", "model")
        key = (kind, str(m.get("task_set", "?")), tuple(m.get("seeds", ())))
        groups.setdefault(key, []).append((label, m))
    order = list(KINDS)
    out = []
    for (kind, task_set, seeds), rows in sorted(
            groups.items(), key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 99,
                                            -kv[1][0][1]["tasks"], kv[0][1], kv[0][2])):
        rows.sort(key=lambda kv: (-kv[1]["pass@1"], kv[1]["mean_tokens"]))
        out.append({"kind": kind, "task_set": task_set, "tasks": rows[0][1]["tasks"],
                    "seeds": list(seeds), "rows": rows})
    return out


def format_leaderboard(results: dict[str, Any]) -> str:
    """The leaderboard as Markdown: a table per agent kind and per (task set, seeds).

    Agents of different kinds (oracle-fed, model-free, model: :data:`~benchmarks.agents.KINDS`)
    are never ranked together, and rows are ranked only against rows run on the same tasks with
    the same seeds. Each table ends with a
    legend saying what each of its agents sees.
    """
    from benchmarks.agents import KINDS

    info = _agent_info(results)
    lines: list[str] = []
    current_kind = None
    for group in leaderboard_groups(results):
        if group["kind"] != current_kind:
            current_kind = group["kind"]
            lines += [f"## {KINDS.get(current_kind, current_kind)}", ""]
        lines += [
            f"{group['tasks']} tasks (task set `{group['task_set']}`), seeds {group['seeds']}:",
            "",
            "| rank | agent | tasks | pass@1 [95% CI] | hidden tests passed | ASPR (tasks) | "
            "steps | tokens | sandbox runs | wall s |",
            "|---:|---|---:|---|---:|---|---:|---:|---:|---:|",
        ]
        for rank, (label, m) in enumerate(group["rows"], 1):
            ci = m["pass@1_ci"]
            aspr = (f"{m['aspr']['value']:.2f} ({m['aspr_tasks']})" if m["aspr"] else "-")
            errors = f" ({m['errors']} errors)" if m["errors"] else ""
            lines.append(
                f"| {rank} | {label}{errors} | {m['tasks']} | {m['pass@1']:.2f} "
                f"[{ci['low']:.2f}, {ci['high']:.2f}] | {m['hidden_rate']['value']:.2f} | "
                f"{aspr} | {m['mean_steps']:.1f} | {m['mean_tokens']:.0f} | "
                f"{m['mean_sandbox_runs']:.1f} | {m['mean_wall_s']:.1f} |"
            )
        lines.append("")
        legend = [f"`{label}`: {info[label]['sees'] or info[label]['description']}"
                  for label, _ in group["rows"] if label in info]
        if legend:
            lines += ["What each agent sees: " + "; ".join(legend) + ".", ""]
    cfg = results["config"]
    machine = results.get("machine", {})
    pool = results.get("choice_pool")
    pool_note = (f" The Choice env's wrong candidates come from the `{pool['split']}` split "
                 f"({pool['tasks']} tasks), never from the evaluated tasks." if pool else "")
    lines.append(
        f"Source `{cfg['source']}` split `{cfg['split']}`, seeds {cfg['seeds']}, "
        f"LLM `{cfg['generator']}:{cfg['model']}`, budget `{cfg['budget']}`, max steps "
        f"{cfg.get('max_steps', '?')}. Rows are ranked only within a table: same kind of "
        f"agent, same tasks, same seeds.{pool_note} Machine: {machine.get('cpus', '?')} CPUs, "
        f"{machine.get('platform', '?')}, Python {machine.get('python', '?')}"
        f"{', torch ' + machine['torch'] if 'torch' in machine else ''}. "
        f"Run time {results.get('wall_s', 0):.0f} s."
    )
    for name, suite in (results.get("suites") or {}).items():
        lines += ["", f"# Suite `{name}`: {suite.get('description', '')}", "",
                  format_leaderboard({**suite, "suites": None}).rstrip("\n")]
    return "\n".join(lines) + "\n"


def plot_results(results: dict[str, Any], path: Path) -> Path:
    """Pass rate vs budget and pass@1, one row of panels per agent kind.

    Left: cumulative solved share against tokens spent per episode (log scale; agents that use
    no step generator are drawn against generated steps). Right: pass@1 with its 95 % interval,
    bars of the same task set and seeds in the same colour (only those compare).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from benchmarks.agents import KINDS

    groups = leaderboard_groups(results)
    kinds = [k for k in KINDS if any(g["kind"] == k for g in groups)] or ["model"]
    fig, axes = plt.subplots(len(kinds), 2, figsize=(12, 4.5 * len(kinds)), squeeze=False)

    def cost(row: dict[str, Any]) -> float:
        budget = row["budget"]
        return max(1.0, float(budget.get("tokens") or budget.get("generated_steps") or 1))

    right = max((cost(r) for r in results["episodes"]), default=1.0) * 1.5
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for row_index, kind in enumerate(kinds):
        ax_curve, ax_bar = axes[row_index]
        kind_groups = [g for g in groups if g["kind"] == kind]
        labels, values, lows, highs, bar_colors = [], [], [], [], []
        for group_index, group in enumerate(kind_groups):
            for label, m in group["rows"]:
                rows = [r for r in results["episodes"] if r["agent"] == label]
                costs = sorted(cost(r) for r in rows if r["success"])
                solved = [(i + 1) / len(rows) for i in range(len(costs))]
                # Each curve runs to the right edge, so agents that stop early stay visible.
                xs = [0.9, *costs, right]
                ys = [0.0, *solved, solved[-1] if solved else 0.0]
                ax_curve.step(xs, ys, where="post", label=f"{label} ({m['tasks']} tasks)")
                labels.append(f"{label}\n({m['tasks']} tasks)")
                values.append(m["pass@1"])
                lows.append(m["pass@1"] - m["pass@1_ci"]["low"])
                highs.append(m["pass@1_ci"]["high"] - m["pass@1"])
                bar_colors.append(colors[group_index % len(colors)])
        ax_curve.set_xscale("log")
        ax_curve.set_xlabel("budget per episode (tokens; steps for agents without a generator)")
        ax_curve.set_ylabel("share of episodes solved within budget")
        ax_curve.set_ylim(-0.02, 1.02)
        ax_curve.grid(alpha=0.3)
        if labels:
            ax_curve.legend(fontsize=8)
        ax_curve.set_title(KINDS.get(kind, kind), fontsize=9)
        ax_bar.bar(range(len(labels)), values, yerr=[lows, highs], capsize=4, color=bar_colors)
        ax_bar.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
        ax_bar.set_ylabel("pass@1 (hidden tests), 95% CI")
        ax_bar.set_ylim(0, 1.05)
        ax_bar.grid(axis="y", alpha=0.3)
        ax_bar.set_title("same colour = same tasks and seeds (only those compare)", fontsize=9)
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
