"""The paper's Table 1 for any model: vanilla vs pseudocode reasoning with MCTS sampling.

O1-Coder (Zhang et al. 2024) reports Pass@1 and ASPR on MBPP for Qwen2.5 models, comparing
vanilla chain-of-thought with pseudocode chain-of-thought, both sampled with MCTS (15 rollouts,
depth 5, 3 children per expansion, temperature 0.8, top-p 0.95, top-k 40). The preset
``o1coder bench --preset table1 --model MODEL`` runs the same comparison at that budget (agents
``mcts-vanilla-paper`` and ``mcts-pseudo-paper``) and prints our figures, with their 95 %
intervals and OUR budget, beside the paper's.
"""

from __future__ import annotations

from typing import Any

from benchmarks.agents import PAPER_MCTS

__all__ = ["PAPER_TABLE1", "TABLE1_AGENTS", "TABLE1_MAX_STEPS", "budget_differences",
           "format_table1"]

#: (Pass@1 vanilla, Pass@1 pseudocode, ASPR vanilla, ASPR pseudocode), in percent, from the paper.
PAPER_TABLE1: dict[str, tuple[float, float, float, float]] = {
    "Qwen2.5-1.5B": (55.8, 46.7, 49.9, 54.5),
    "Qwen2.5-3B": (56.3, 51.3, 52.0, 70.6),
    "Qwen2.5-7B": (59.8, 50.1, 66.4, 78.1),
    "Qwen2.5-Coder-7B": (57.7, 58.2, 49.3, 74.9),
}

#: The preset's agents: (label of vanilla CoT, label of pseudocode CoT).
TABLE1_AGENTS = ("mcts-vanilla-paper", "mcts-pseudo-paper")

#: The env step limit of the preset: the MCTS depth caps at the env's steps, so depth 5 needs 5.
TABLE1_MAX_STEPS = 5

_SHOWN = ("rollouts", "max_depth", "k", "temperature", "top_p", "top_k", "max_new_tokens")


def _pct(metric: Any) -> str:
    if metric is None:
        return "-"
    value = metric["value"] if isinstance(metric, dict) else metric
    return f"{100 * value:.1f}"


def _with_ci(value: Any, ci: Any) -> str:
    if value is None or ci is None:
        return "-"
    return f"{_pct(value)} [{100 * ci['low']:.1f}, {100 * ci['high']:.1f}]"


def _effective(spec: dict[str, Any], max_steps: int) -> dict[str, Any]:
    """The settings an agent ran with (depth capped by the env: 1 for vanilla, max_steps else)."""
    settings = {**PAPER_MCTS, **spec.get("settings", {})}
    cap = 1 if spec.get("mode") == "direct" else max_steps
    settings["max_depth"] = min(int(settings.get("max_depth", 1)), cap)
    return settings


def budget_differences(results: dict[str, Any]) -> list[str]:
    """Where this run's search budget is not the paper's (empty when it is the same).

    Vanilla CoT is one code step, so its depth of 1 is the paper's setting, not a difference.
    """
    specs = {s["label"]: s for s in results.get("agents", [])}
    max_steps = int(results["config"].get("max_steps", TABLE1_MAX_STEPS))
    out = []
    for label in TABLE1_AGENTS:
        if label not in specs:
            out.append(f"{label} did not run")
            continue
        got = _effective(specs[label], max_steps)
        want = dict(PAPER_MCTS)
        if specs[label].get("mode") == "direct":
            want["max_depth"] = 1
        for key, value in want.items():
            if got.get(key) != value:
                out.append(f"{label} {key} {got.get(key)} (paper {value})")
    return out


def format_table1(results: dict[str, Any]) -> str:
    """Markdown: our Pass@1 and ASPR with 95 % intervals beside the paper's, and the budgets."""
    summary = results["summary"]
    vanilla, pseudo = (summary.get(label, {}) for label in TABLE1_AGENTS)
    cfg = results["config"]
    specs = {s["label"]: s for s in results.get("agents", [])}
    max_steps = int(cfg.get("max_steps", TABLE1_MAX_STEPS))
    tasks = vanilla.get("tasks", 0)
    lines = [
        "| model | tasks | Pass@1 vanilla | Pass@1 pseudocode | ASPR vanilla (tasks) | "
        "ASPR pseudocode (tasks) | source |",
        "|---|---:|---|---|---|---|---|",
        f"| {cfg['model']} | {tasks} | "
        f"{_with_ci(vanilla.get('pass@1'), vanilla.get('pass@1_ci'))} | "
        f"{_with_ci(pseudo.get('pass@1'), pseudo.get('pass@1_ci'))} | "
        f"{_with_ci(vanilla.get('aspr'), vanilla.get('aspr'))} ({vanilla.get('aspr_tasks', 0)}) | "
        f"{_with_ci(pseudo.get('aspr'), pseudo.get('aspr'))} ({pseudo.get('aspr_tasks', 0)}) | "
        f"this run |",
    ]
    for name, (p_van, p_pse, a_van, a_pse) in PAPER_TABLE1.items():
        lines.append(f"| {name} | MBPP | {p_van} | {p_pse} | {a_van} | {a_pse} | paper |")
    lines.append("")
    ours = []
    for label in TABLE1_AGENTS:
        if label in specs:
            settings = _effective(specs[label], max_steps)
            shown = ", ".join(f"{key} {settings[key]}" for key in _SHOWN if key in settings)
            ours.append(f"`{label}` ({specs[label]['mode']}): {shown}")
    paper = ", ".join(f"{key} {value}" for key, value in PAPER_MCTS.items())
    lines.append(
        f"Our budget: {'; '.join(ours)}; env max steps {max_steps}; ASPR from "
        f"{cfg.get('aspr_k')} code samples (T 0.8) per correct path; {tasks} tasks of "
        f"`{cfg['source']}` split `{cfg['split']}`, seeds {cfg['seeds']}, "
        f"LLM `{cfg['generator']}:{cfg['model']}`, budget level `{cfg['budget']}`. "
        f"Paper's budget: {paper} (vanilla CoT: one code step), Qwen2.5 models on MBPP. "
        "Intervals: Wilson on pass@1, normal on ASPR (over tasks with a correct path)."
    )
    differences = budget_differences(results)
    if differences:
        lines.append("")
        lines.append("**Not the paper's budget:** " + "; ".join(differences) + ".")
    return "\n".join(lines) + "\n"
