"""Reasoning-data builders: turn MCTS tree records into training sets in TRL's formats.

A *tree record* is one line of ``trees.jsonl`` written by ``o1coder mcts`` (see
:func:`agents.mcts.agent.tree_record`): ``task_id``, ``problem`` (the problem text as the policy
reads it), ``mode``, ``prompt_version`` and ``tree`` (``{"root_steps", "nodes"}``, every node with
``id``, ``parent``, ``step``, ``kind``, ``visits`` = N, ``value`` = V/N, ``terminal``, ``reward``).

Builders (each returns a list of JSON-ready dicts, one per training example):

========================  ===============================================  =====================
builder                   record                                           read by
========================  ===============================================  =====================
:func:`build_sft`         ``{"prompt": [msgs], "completion": [msg]}``      TRL ``SFTTrainer``
                          per step of a fully correct path (the paper's    (conversational
                          D+); ``format="messages"`` gives one             prompt-completion or
                          ``{"messages": [...]}`` per path instead         messages)
:func:`build_prm`         ``{"problem", "prefix", "step", "value", ...}``  point-wise PRM (BCE
                          one per visited non-root node, value = V/N       with soft labels)
:func:`build_prm_stepwise` ``{"prompt", "completions", "labels"}`` per     TRL stepwise
                          root-to-terminal path, labels = value >= thr     supervision (PRM)
:func:`build_prm_pairs`   ``{"prompt", "chosen", "rejected", ...}`` plain  pair-wise PRM
                          text, sibling steps with higher vs lower value   (Bradley-Terry)
:func:`build_dpo`         ``{"prompt": [msgs], "chosen": [msg],``          TRL ``DPOTrainer``
                          ``"rejected": [msg]}`` from the same sibling     (conversational
                          pairs                                            preference)
========================  ===============================================  =====================

Every record also carries ``task_id`` so that data can be split by task, never by step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from agents.mcts.tree import Node, Tree
from o1coder_env.jsonl_io import iter_jsonl
from o1coder_env.protocol.prompts import STEP_HEADER, build_step_messages

__all__ = [
    "KINDS",
    "build",
    "build_dpo",
    "build_prm",
    "build_prm_pairs",
    "build_prm_stepwise",
    "build_sft",
    "read_tree_records",
    "sibling_pairs",
]

#: The ``--kind`` values of ``o1coder mcts export``.
KINDS = ("sft", "prm", "prm-stepwise", "prm-pairs", "dpo")


def read_tree_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the records of a ``trees.jsonl`` file.

    Raises:
        FileNotFoundError: If the file does not exist.
        ValueError: For a line that is not a JSON object or lacks ``task_id``/``problem``/
            ``tree``, naming the file and line.
    """
    for line_no, record in iter_jsonl(path, what="tree"):
        missing = [key for key in ("task_id", "tree", "problem") if key not in record]
        if missing:
            raise ValueError(f"{path}:{line_no}: tree record misses field "
                             f"{' and '.join(map(repr, missing))} (is this a trees.jsonl written "
                             "by `o1coder mcts`?)")
        yield record


def _tree(record: Mapping[str, Any]) -> Tree:
    try:
        return Tree.from_dict(record["tree"])
    except ValueError as exc:
        raise ValueError(f"task {record.get('task_id')!r}: {exc}") from None


def _mode(record: Mapping[str, Any]) -> str:
    return str(record.get("mode") or "pseudocode")


def _prefix_text(problem: str, prefix: Sequence[str]) -> str:
    """The plain-text state a PRM reads: the problem, then the steps so far with headers."""
    parts = [f"Problem: {problem.strip()}"]
    parts += [f"{STEP_HEADER.format(n=i + 1)}\n{s.strip()}" for i, s in enumerate(prefix)]
    return "\n\n".join(parts)


def _step_messages(problem: str, prefix: Sequence[str], mode: str) -> list[dict[str, str]]:
    # Vanilla traces are one code step from an empty prefix; later steps do not exist there.
    return build_step_messages(problem, prefix, mode=mode if not prefix else "pseudocode")


def build_sft(
    records: Iterable[Mapping[str, Any]],
    *,
    min_reward: float = 1.0,
    format: str = "prompt-completion",
    max_paths_per_task: int | None = None,
) -> list[dict[str, Any]]:
    """SFT data from the fully correct paths (the paper's D+).

    Args:
        records: Tree records.
        min_reward: A terminal node counts as correct when its reward (pass fraction on the
            search's tests) is at least this.
        format: ``"prompt-completion"``: one example per step, the prompt being exactly the
            chat messages the policy sees at that step (``build_step_messages``), the
            completion the step; ``"messages"``: one conversation per path, the problem as the
            user turn and the whole trace (steps with headers, then the code) as the assistant
            turn, the paper's ``-log pi(S_1..m, code | Q)``.
        max_paths_per_task: Keep at most this many correct paths per task (best first).

    Returns:
        Records TRL's ``SFTTrainer`` reads (conversational formats), each with ``task_id``.
    """
    if format not in ("prompt-completion", "messages"):
        raise ValueError(f"unknown SFT format {format!r}; expected 'prompt-completion' or "
                         "'messages'")
    out: list[dict[str, Any]] = []
    for record in records:
        tree, problem, mode = _tree(record), str(record["problem"]), _mode(record)
        correct = [n for n in tree.terminals() if (n.reward or 0.0) >= min_reward]
        correct.sort(key=lambda n: (-float(n.reward or 0.0), -n.visits, n.id))
        if max_paths_per_task is not None:
            correct = correct[:max_paths_per_task]
        for node in correct:
            steps = tree.steps(node)
            if format == "messages":
                body = "\n\n".join(
                    f"{STEP_HEADER.format(n=i + 1)}\n{s.strip()}" for i, s in enumerate(steps)
                ) if mode == "pseudocode" else steps[-1].strip()
                messages = _step_messages(problem, (), mode)
                out.append({
                    "task_id": record["task_id"],
                    "messages": [*messages, {"role": "assistant", "content": body}],
                })
                continue
            for i, step in enumerate(steps):
                if i < len(tree.root_steps):
                    continue  # steps given before the search are not the policy's to learn
                out.append({
                    "task_id": record["task_id"],
                    "prompt": _step_messages(problem, steps[:i], mode),
                    "completion": [{"role": "assistant", "content": step}],
                })
    return out


def build_prm(
    records: Iterable[Mapping[str, Any]], *, min_visits: int = 1
) -> list[dict[str, Any]]:
    """Point-wise PRM data: one example per visited node, its value ``V/N`` as soft label.

    Returns:
        ``{"task_id", "problem", "prefix": [steps before], "step", "kind", "value" in [0, 1],
        "visits", "terminal", "reward", "text"}``; ``text`` is the prefix rendered as the PRM
        reads it (problem, then ``### Step n`` headers).
    """
    out: list[dict[str, Any]] = []
    for record in records:
        tree, problem = _tree(record), str(record["problem"])
        for node in tree:
            if node.parent is None or node.visits < min_visits:
                continue
            prefix = list(tree.steps(tree[node.parent]))
            out.append({
                "task_id": record["task_id"],
                "problem": problem,
                "prefix": prefix,
                "step": node.step,
                "kind": node.kind,
                "value": node.value,
                "visits": node.visits,
                "terminal": node.terminal,
                "reward": node.reward,
                "text": _prefix_text(problem, prefix),
            })
    return out


def build_prm_stepwise(
    records: Iterable[Mapping[str, Any]], *, threshold: float = 0.5
) -> list[dict[str, Any]]:
    """TRL stepwise-supervision PRM data: one example per evaluated root-to-terminal path.

    Returns:
        ``{"task_id", "prompt": problem, "completions": [steps], "labels": [bool],
        "values": [float]}``; a step's label is ``V/N >= threshold`` of its node.
    """
    out: list[dict[str, Any]] = []
    for record in records:
        tree, problem = _tree(record), str(record["problem"])
        for node in tree.terminals():
            path = tree.path(node)
            values = [n.value for n in path]
            out.append({
                "task_id": record["task_id"],
                "prompt": problem,
                "completions": [n.step for n in path],
                "labels": [v >= threshold for v in values],
                "values": values,
            })
    return out


def sibling_pairs(
    tree: Tree, *, margin: float = 0.1, min_visits: int = 1
) -> list[tuple[Node, Node]]:
    """Pairs of sibling nodes ``(higher, lower)`` whose values differ by at least ``margin``.

    Both siblings must have been visited ``min_visits`` times (an unvisited node's value says
    nothing). Pairs are in a deterministic order (parent id, then child ids).
    """
    if margin < 0:
        raise ValueError(f"margin must be >= 0, got {margin}")
    pairs: list[tuple[Node, Node]] = []
    for parent in tree:
        kids = [c for c in tree.children(parent) if c.visits >= min_visits]
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                if abs(a.value - b.value) < max(margin, 1e-12):
                    continue
                pairs.append((a, b) if a.value > b.value else (b, a))
    return pairs


def build_prm_pairs(
    records: Iterable[Mapping[str, Any]], *, margin: float = 0.1, min_visits: int = 1
) -> list[dict[str, Any]]:
    """Pair-wise PRM data (Bradley-Terry on sibling steps, the paper's eq. 4).

    Returns:
        ``{"task_id", "prompt": text of problem and prefix, "chosen": step, "rejected": step,
        "chosen_value", "rejected_value", "prefix": [steps]}``; plain strings.
    """
    out: list[dict[str, Any]] = []
    for record in records:
        tree, problem = _tree(record), str(record["problem"])
        for hi, lo in sibling_pairs(tree, margin=margin, min_visits=min_visits):
            prefix = list(tree.steps(tree[hi.parent])) if hi.parent is not None else []
            out.append({
                "task_id": record["task_id"],
                "prompt": _prefix_text(problem, prefix),
                "chosen": hi.step,
                "rejected": lo.step,
                "chosen_value": hi.value,
                "rejected_value": lo.value,
                "prefix": prefix,
            })
    return out


def build_dpo(
    records: Iterable[Mapping[str, Any]], *, margin: float = 0.2, min_visits: int = 1
) -> list[dict[str, Any]]:
    """Step-level DPO data from sibling pairs, in TRL's conversational preference format.

    Returns:
        ``{"task_id", "prompt": [chat messages for the next step], "chosen": [assistant msg],
        "rejected": [assistant msg], "chosen_value", "rejected_value"}``.
    """
    out: list[dict[str, Any]] = []
    for record in records:
        tree, problem, mode = _tree(record), str(record["problem"]), _mode(record)
        for hi, lo in sibling_pairs(tree, margin=margin, min_visits=min_visits):
            prefix = list(tree.steps(tree[hi.parent])) if hi.parent is not None else []
            out.append({
                "task_id": record["task_id"],
                "prompt": _step_messages(problem, prefix, mode),
                "chosen": [{"role": "assistant", "content": hi.step}],
                "rejected": [{"role": "assistant", "content": lo.step}],
                "chosen_value": hi.value,
                "rejected_value": lo.value,
            })
    return out


def build(kind: str, records: Iterable[Mapping[str, Any]], **options: Any) -> list[dict[str, Any]]:
    """Dispatch to the builder named by ``kind`` (one of :data:`KINDS`).

    Raises:
        ValueError: For an unknown kind.
    """
    builders: dict[str, Callable[..., list[dict[str, Any]]]] = {
        "sft": build_sft,
        "prm": build_prm,
        "prm-stepwise": build_prm_stepwise,
        "prm-pairs": build_prm_pairs,
        "dpo": build_dpo,
    }
    if kind not in builders:
        raise ValueError(f"unknown data kind {kind!r}; expected one of {KINDS}")
    return builders[kind](records, **options)
