"""Every procedural family by name (the order of the docs table and of generated streams)."""

from __future__ import annotations

from o1coder_env.tasks.procedural import numbers, sequences, stdio, text
from o1coder_env.tasks.procedural.family import Family

__all__ = ["FAMILIES"]

#: name -> family, in a fixed order.
FAMILIES: dict[str, Family] = {
    family.name: family
    for module in (numbers, sequences, text, stdio)
    for family in module.FAMILIES
}
