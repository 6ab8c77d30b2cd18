"""The one spec that selects procedural tasks, and its text form (the source's ``path``).

Every layer that loads tasks passes ``source``, ``split`` and ``path`` down to
:func:`~o1coder_env.tasks.load_tasks`; the procedural source reads its selection from ``path``,
so the same text works everywhere with no new flag::

    load_tasks("procedural", split="train", path="families=arith,digits;levels=1-2;count=20")
    gym.make("O1Coder-Direct-v2", source="procedural", split="test", path="levels=1;count=5")
    o1coder bench --source procedural --split test --path "levels=1-3;count=10"

Keys (all optional, separated by ``;``): ``families`` (comma-separated names; default all),
``levels`` (``N`` or ``A-B``; default ``1-5``), ``count`` (tasks per family and level; default
5), ``seed`` (the first item of each stream; default 0), ``split`` (``train``/``test``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from o1coder_env.tasks.procedural.family import LEVELS, SPLITS, STREAM_SIZE

__all__ = ["DEFAULT_COUNT", "ProceduralSpec"]

#: Tasks per (family, level) when the spec names no ``count``.
DEFAULT_COUNT = 5


@dataclass(frozen=True)
class ProceduralSpec:
    """Which procedural tasks to make.

    Attributes:
        families: Family names to include, in this order; empty means every family.
        levels: The inclusive level range ``(low, high)``, within 1-5.
        count: Tasks per (family, level) pair (>= 1).
        seed: The first item of each stream: task ``i`` of a pair is item ``seed + i``, made
            from ``Random(split_base + seed + i)``. Two specs with different seeds share tasks
            only where their item ranges overlap.
        split: ``"train"``, ``"test"`` or ``None`` (the split given to ``load_tasks``, or both).

    Raises:
        ValueError: Naming the field that is wrong and why (unknown family, level outside 1-5,
            count < 1, seed out of range, unknown split).
    """

    families: tuple[str, ...] = ()
    levels: tuple[int, int] = (1, 5)
    count: int = DEFAULT_COUNT
    seed: int = 0
    split: str | None = None

    def __post_init__(self) -> None:
        from o1coder_env.tasks.procedural.catalog import FAMILIES

        if isinstance(self.families, str):
            raise ValueError("families must be a sequence of names, not one string "
                             f"(got {self.families!r})")
        object.__setattr__(self, "families", tuple(self.families))
        unknown = [f for f in self.families if f not in FAMILIES]
        if unknown:
            raise ValueError(f"unknown procedural families {unknown}; known: "
                             f"{', '.join(FAMILIES)}")
        if len(set(self.families)) != len(self.families):
            raise ValueError(f"families lists a name twice: {list(self.families)}")
        levels = tuple(self.levels)
        if len(levels) != 2 or not all(isinstance(v, int) and not isinstance(v, bool)
                                       for v in levels):
            raise ValueError(f"levels must be a pair of ints (low, high), got {self.levels!r}")
        low, high = levels
        if not (LEVELS[0] <= low <= high <= LEVELS[-1]):
            raise ValueError(f"levels must satisfy {LEVELS[0]} <= low <= high <= {LEVELS[-1]}, "
                             f"got {low}-{high}")
        object.__setattr__(self, "levels", (low, high))
        if not isinstance(self.count, int) or isinstance(self.count, bool) or self.count < 1:
            raise ValueError(f"count must be an int >= 1 (tasks per family and level), got "
                             f"{self.count!r}")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            raise ValueError(f"seed must be an int >= 0, got {self.seed!r}")
        if self.seed + self.count > STREAM_SIZE:
            raise ValueError(f"seed + count must be <= {STREAM_SIZE} (each split's stream), "
                             f"got {self.seed} + {self.count}")
        if self.split is not None and self.split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS} or None, got {self.split!r}")

    @property
    def family_names(self) -> tuple[str, ...]:
        """The selected families (every family when none is named)."""
        from o1coder_env.tasks.procedural.catalog import FAMILIES

        return self.families or tuple(FAMILIES)

    @property
    def level_numbers(self) -> tuple[int, ...]:
        """The selected levels, ascending."""
        return tuple(range(self.levels[0], self.levels[1] + 1))

    @classmethod
    def parse(cls, text: str | None) -> ProceduralSpec:
        """Read the ``key=value;key=value`` form (``None`` or ``""`` gives the defaults).

        Raises:
            ValueError: Naming the key or value that cannot be read.
        """
        if text is None or not text.strip():
            return cls()
        known = {f.name for f in fields(cls)} | {"level"}
        values: dict[str, Any] = {}
        for part in text.split(";"):
            part = part.strip()
            if not part:
                continue
            key, sep, value = part.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not key:
                raise ValueError(f"procedural spec part {part!r} is not key=value "
                                 f"(keys: {', '.join(sorted(known))})")
            if key not in known:
                raise ValueError(f"unknown procedural spec key {key!r}; known: "
                                 f"{', '.join(sorted(known))}")
            if key == "families":
                values["families"] = tuple(v.strip() for v in value.split(",") if v.strip())
            elif key in ("levels", "level"):
                low, _, high = value.partition("-")
                values["levels"] = (_int(key, low), _int(key, high or low))
            elif key in ("count", "seed"):
                values[key] = _int(key, value)
            else:
                values["split"] = value or None
        return cls(**values)

    def to_text(self) -> str:
        """The ``key=value;...`` form that :meth:`parse` reads back to an equal spec."""
        parts = []
        if self.families:
            parts.append("families=" + ",".join(self.families))
        parts.append(f"levels={self.levels[0]}-{self.levels[1]}")
        parts.append(f"count={self.count}")
        parts.append(f"seed={self.seed}")
        if self.split:
            parts.append(f"split={self.split}")
        return ";".join(parts)

    def __str__(self) -> str:
        return self.to_text()


def _int(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"procedural spec key {key!r} needs an integer, got {value!r}") from None
