"""The paper's Table 1 for any model: vanilla vs pseudocode reasoning with MCTS sampling.

O1-Coder (Zhang et al. 2024) reports Pass@1 and ASPR on MBPP for Qwen2.5 models, comparing
vanilla chain-of-thought with pseudocode chain-of-thought, both sampled with MCTS. The preset
``o1coder bench --preset table1 --model MODEL`` runs the same comparison
(agents ``mcts-vanilla`` and ``mcts-llm``) and prints our figures beside the paper's.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PAPER_TABLE1", "TABLE1_AGENTS", "format_table1"]

#: (Pass@1 vanilla, Pass@1 pseudocode, ASPR vanilla, ASPR pseudocode), in percent, from the paper.
PAPER_TABLE1: dict[str, tuple[float, float, float, float]] = {
    "Qwen2.5-1.5B": (55.8, 46.7, 49.9, 54.5),
    "Qwen2.5-3B": (56.3, 51.3, 52.0, 70.6),
    "Qwen2.5-7B": (59.8, 50.1, 66.4, 78.1),
    "Qwen2.5-Coder-7B": (57.7, 58.2, 49.3, 74.9),
}

#: The preset's agents: (label of vanilla CoT, label of pseudocode CoT).
TABLE1_AGENTS = ("mcts-vanilla", "mcts-llm")


def _pct(metric: Any) -> str:
    if metric is None:
        return "-"
    value = metric["value"] if isinstance(metric, dict) else metric
    return f"{100 * value:.1f}"


def format_table1(results: dict[str, Any]) -> str:
    """Markdown: our Pass@1 and ASPR (vanilla -> pseudocode) beside the paper's rows."""
    summary = results["summary"]
    vanilla, pseudo = (summary.get(label, {}) for label in TABLE1_AGENTS)
    model = results["config"]["model"]
    lines = [
        "| model | Pass@1 vanilla -> pseudocode | ASPR vanilla -> pseudocode | source |",
        "|---|---|---|---|",
        f"| {model} (ours, {vanilla.get('tasks', 0)} tasks) | "
        f"{_pct(vanilla.get('pass@1'))} -> {_pct(pseudo.get('pass@1'))} | "
        f"{_pct(vanilla.get('aspr'))} -> {_pct(pseudo.get('aspr'))} | this run |",
    ]
    for name, (p_van, p_pse, a_van, a_pse) in PAPER_TABLE1.items():
        lines.append(f"| {name} | {p_van} -> {p_pse} | {a_van} -> {a_pse} | paper |")
    return "\n".join(lines) + "\n"
