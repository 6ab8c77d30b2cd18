"""Procedural tasks: unlimited, seeded programming problems in families with five levels.

``load_tasks("procedural", split=..., path=SPEC)`` makes tasks on the fly (see
:class:`ProceduralSpec` for the spec text and ``docs/tasks.md`` for the families). Task ids
encode everything needed to make the task again: ``procedural/<family>/L<level>/<split>/<n>``,
where ``n`` is the item number in the split's stream; item ``n`` is made from
``random.Random(SPLIT_BASE[split] + n)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from o1coder_env.tasks.errors import UnknownTaskError
from o1coder_env.tasks.model import Task
from o1coder_env.tasks.procedural.catalog import FAMILIES
from o1coder_env.tasks.procedural.family import (
    LEVELS,
    SPLIT_BASE,
    SPLITS,
    STREAM_SIZE,
    Family,
    Level,
    build_task,
)
from o1coder_env.tasks.procedural.spec import DEFAULT_COUNT, ProceduralSpec

__all__ = [
    "DEFAULT_COUNT",
    "FAMILIES",
    "LEVELS",
    "SPLITS",
    "SPLIT_BASE",
    "Family",
    "Level",
    "ProceduralSpec",
    "load_procedural",
    "make_task",
    "parse_task_id",
    "procedural_tasks_by_id",
]

_ID = re.compile(r"procedural/([a-z0-9_]+)/L([0-9]+)/(train|test)/([0-9]+)")


@lru_cache(maxsize=8192)
def make_task(family: str, level: int, split: str, n: int) -> Task:
    """Item ``n`` of ``split`` for ``family`` at ``level`` (cached: tasks are immutable).

    Raises:
        ValueError: For an unknown family, a level outside 1-5, an unknown split or ``n`` outside
            ``0 <= n < STREAM_SIZE``.
    """
    if family not in FAMILIES:
        raise ValueError(f"unknown procedural family {family!r}; known: {', '.join(FAMILIES)}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    if not 0 <= n < STREAM_SIZE:
        raise ValueError(f"item number must be in [0, {STREAM_SIZE}), got {n}")
    return build_task(FAMILIES[family], level, split, n)


def parse_task_id(task_id: str) -> tuple[str, int, str, int]:
    """``(family, level, split, n)`` of a procedural task id.

    Raises:
        UnknownTaskError: If the id is not of the form ``procedural/<family>/L<level>/<split>/<n>``
            or names an unknown family or level.
    """
    match = _ID.fullmatch(task_id)
    if match is None:
        raise UnknownTaskError(f"{task_id!r} is not a procedural task id "
                               "(procedural/<family>/L<level>/<train|test>/<n>)")
    family, level, split, n = match[1], int(match[2]), match[3], int(match[4])
    if family not in FAMILIES:
        raise UnknownTaskError(f"task id {task_id!r}: unknown procedural family {family!r}; "
                               f"known: {', '.join(FAMILIES)}")
    if level not in LEVELS or n >= STREAM_SIZE:
        raise UnknownTaskError(f"task id {task_id!r}: level must be 1-5 and n < {STREAM_SIZE}")
    return family, level, split, n


def _resolve_split(spec: ProceduralSpec, split: str | None) -> tuple[str, ...]:
    if split is not None and split not in SPLITS:
        raise ValueError(f"procedural splits are {SPLITS}, got split={split!r}")
    if spec.split and split and spec.split != split:
        raise ValueError(f"the procedural spec says split={spec.split!r} but split={split!r} "
                         "was asked for")
    chosen = spec.split or split
    return (chosen,) if chosen else ("test", "train")


def load_procedural(path: str | ProceduralSpec | None = None, split: str | None = None, *,
                    limit: int | None = None) -> list[Task]:
    """The registered loader: the tasks ``path`` (a :class:`ProceduralSpec` or its text) selects.

    Order: item by item, then level, then family, so any prefix (``--limit``) spreads over every
    family and level. ``split=None`` gives the test split, then the train split. ``limit``
    stops after that many tasks (``load_tasks`` passes its ``limit`` here, so ``--limit 10``
    makes 10 tasks, not the whole selection).

    Raises:
        ValueError: For a malformed spec (naming the key) or a split that is not train/test.
    """
    spec = path if isinstance(path, ProceduralSpec) else ProceduralSpec.parse(path)
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    tasks: list[Task] = []
    for chosen in _resolve_split(spec, split):
        for i in range(spec.count):
            for level in spec.level_numbers:
                for family in spec.family_names:
                    if limit is not None and len(tasks) >= limit:
                        return tasks
                    tasks.append(make_task(family, level, chosen, spec.seed + i))
    return tasks


load_procedural.takes_limit = True  # type: ignore[attr-defined]


def procedural_tasks_by_id(task_ids: Sequence[str], path: str | None = None,
                           split: str | None = None) -> list[Task]:
    """Make the tasks named by ``task_ids`` (any valid id, whatever the spec selects).

    Raises:
        UnknownTaskError: For a malformed id, or one of another split than ``split``.
    """
    tasks = []
    for task_id in task_ids:
        family, level, task_split, n = parse_task_id(task_id)
        if split is not None and task_split != split:
            raise UnknownTaskError(f"task id {task_id!r} is in split {task_split!r}, not "
                                   f"{split!r}")
        tasks.append(make_task(family, level, task_split, n))
    return tasks
