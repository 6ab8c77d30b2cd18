"""Training sets for the trainers: from MCTS trees, from ready JSONL records, from tasks.

* :func:`load_sft_records` / :func:`load_dpo_records`: a ``trees.jsonl`` of ``o1coder mcts``
  goes through :mod:`agents.mcts.export` (``build_sft`` / ``build_dpo``); any other JSONL is taken
  as ready records in TRL's format (checked for the fields the trainer needs).
* :func:`sft_records_from_tasks`: SFT records from tasks' reference solutions (a direct answer
  in a python fence), for a warm start without trees.
* :func:`prompt_records_from_tasks`: GRPO/PPO prompts, one per task, each with the ``task_id``
  column the reward function reads.
* :func:`to_dataset`: records -> ``datasets.Dataset`` (conversational columns kept as lists).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agents.mcts.export import build_dpo, build_sft, read_tree_records
from o1coder_env._optional import require
from o1coder_env.jsonl_io import read_jsonl
from o1coder_env.protocol.prompts import (
    MODES,
    build_direct_messages,
    build_step_messages,
    normalize_mode,
    task_problem_text,
)
from o1coder_env.tasks.model import Task
from o1coder_env.tasks.registry import load_tasks

__all__ = [
    "PROMPT_MODES",
    "is_tree_file",
    "load_dpo_records",
    "load_sft_records",
    "prompt_messages",
    "prompt_records_from_tasks",
    "sft_records_from_tasks",
    "to_dataset",
]

#: How a task becomes the policy's prompt: the prompts' modes (``"vanilla"`` is accepted as the
#: paper's name for ``"direct"``).
PROMPT_MODES = MODES


def is_tree_file(path: str | Path) -> bool:
    """Whether a JSONL file holds MCTS tree records (its first record has a ``tree`` field)."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(first, dict) and "tree" in first
    return False


def _check_fields(records: Sequence[dict[str, Any]], path: str | Path, alternatives:
                  Sequence[Sequence[str]], what: str) -> None:
    for i, record in enumerate(records, 1):
        if not any(all(k in record for k in keys) for keys in alternatives):
            wanted = " or ".join("+".join(keys) for keys in alternatives)
            raise ValueError(f"{path}: record {i} is not {what} data: it needs fields {wanted}, "
                             f"has {sorted(record)}")


def _limited(records: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    return records if limit is None else records[:limit]


def load_sft_records(path: str | Path, *, sft_format: str = "prompt-completion",
                     min_reward: float = 1.0, limit: int | None = None) -> list[dict[str, Any]]:
    """SFT records from a tree file (built with ``build_sft``) or a JSONL of ready records.

    Ready records need ``prompt`` + ``completion``, ``messages`` or ``text``.

    Raises:
        ValueError: If no record results, or a ready record lacks the fields.
    """
    if is_tree_file(path):
        records = build_sft(read_tree_records(path), min_reward=min_reward, format=sft_format)
    else:
        records = read_jsonl(path, what="training data")
        _check_fields(records, path, (("prompt", "completion"), ("messages",), ("text",)), "SFT")
    if not records:
        raise ValueError(f"{path}: no SFT examples (no fully correct path at min_reward="
                         f"{min_reward}?)")
    return _limited(records, limit)


def load_dpo_records(path: str | Path, *, margin: float = 0.2,
                     limit: int | None = None) -> list[dict[str, Any]]:
    """DPO records from a tree file (sibling pairs, ``build_dpo``) or ready preference JSONL.

    Ready records need ``prompt``, ``chosen`` and ``rejected``.

    Raises:
        ValueError: If no pair results, or a ready record lacks the fields.
    """
    if is_tree_file(path):
        records = build_dpo(read_tree_records(path), margin=margin)
    else:
        records = read_jsonl(path, what="training data")
        _check_fields(records, path, (("prompt", "chosen", "rejected"),), "DPO")
    if not records:
        raise ValueError(f"{path}: no preference pairs (no siblings whose values differ by "
                         f"{margin} or more?)")
    return _limited(records, limit)


def prompt_messages(task: Task, mode: str = "direct") -> list[dict[str, str]]:
    """The chat messages a policy reads for ``task``: the first step of ``mode``'s protocol."""
    mode = normalize_mode(mode)
    problem = task_problem_text(task)
    if mode == "direct":
        return build_direct_messages(problem)
    return build_step_messages(problem, (), mode=mode)


def _tasks(source: str, split: str | None, path: str | None,
           task_ids: Sequence[str] | None, limit: int | None) -> list[Task]:
    tasks = load_tasks(source, split=split, path=path,
                       task_ids=list(task_ids) if task_ids else None)
    if not tasks:
        raise ValueError(f"no tasks: source={source!r} split={split!r} path={path!r}")
    return tasks[:limit] if limit is not None else tasks


def prompt_records_from_tasks(
    source: str = "builtin", *, split: str | None = "train", path: str | None = None,
    task_ids: Sequence[str] | None = None, mode: str = "direct", limit: int | None = None,
) -> list[dict[str, Any]]:
    """GRPO/PPO prompt records: ``{"prompt": [messages], "task_id"}``, one per task."""
    return [{"prompt": prompt_messages(t, mode), "task_id": t.task_id}
            for t in _tasks(source, split, path, task_ids, limit)]


def sft_records_from_tasks(
    source: str = "builtin", *, split: str | None = "train", path: str | None = None,
    task_ids: Sequence[str] | None = None, limit: int | None = None,
) -> list[dict[str, Any]]:
    """Direct-answer SFT records from reference solutions (tasks without one are skipped)."""
    out = []
    for task in _tasks(source, split, path, task_ids, None):
        if not task.reference_solution:
            continue
        answer = f"```python\n{task.reference_solution.strip()}\n```"
        out.append({"task_id": task.task_id, "prompt": prompt_messages(task, "direct"),
                    "completion": [{"role": "assistant", "content": answer}]})
    if not out:
        raise ValueError(f"no task of source={source!r} split={split!r} has a reference solution")
    return _limited(out, limit)


def to_dataset(records: Sequence[dict[str, Any]]) -> Any:
    """A ``datasets.Dataset`` of the records (extra columns such as ``task_id`` kept)."""
    datasets = require("datasets", "train", "building a training set")
    if not records:
        raise ValueError("cannot build a dataset from zero records")
    return datasets.Dataset.from_list(list(records))
