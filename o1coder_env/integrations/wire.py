"""What crosses the wire between ``o1coder serve`` and :class:`o1coder_env.remote.RemoteEnv`.

Observations, infos and the env's spaces as JSON, and back. Only plain JSON types leave the
server (numpy arrays become lists); the client rebuilds the spaces so an observation it returns
is a member of its ``observation_space`` again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from gymnasium import spaces

from o1coder_env.envs.textspace import CHARSET

__all__ = ["obs_from_json", "space_from_json", "space_to_json", "to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """``value`` with numpy scalars and arrays, tuples and sets turned into JSON types."""
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def space_to_json(space: spaces.Space[Any]) -> dict[str, Any]:
    """Describe a Text, Discrete, Box or Dict space (the spaces of the o1coder envs) as JSON.

    Raises:
        TypeError: For another kind of space.
    """
    if isinstance(space, spaces.Dict):
        return {"type": "Dict", "spaces": {k: space_to_json(s) for k, s in space.spaces.items()}}
    if isinstance(space, spaces.Text):
        charset = "".join(sorted(space.character_set))
        out: dict[str, Any] = {"type": "Text", "max_length": space.max_length,
                               "min_length": space.min_length}
        if frozenset(space.character_set) != CHARSET:
            out["charset"] = charset
        return out
    if isinstance(space, spaces.Discrete):
        return {"type": "Discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, spaces.Box):
        return {"type": "Box", "low": space.low.tolist(), "high": space.high.tolist(),
                "shape": list(space.shape), "dtype": str(space.dtype)}
    raise TypeError(f"cannot describe a {type(space).__name__} space over the wire")


def space_from_json(data: Mapping[str, Any]) -> spaces.Space[Any]:
    """The space :func:`space_to_json` described.

    Raises:
        ValueError: For an unknown space type.
    """
    kind = data.get("type")
    if kind == "Dict":
        return spaces.Dict({k: space_from_json(v) for k, v in data["spaces"].items()})
    if kind == "Text":
        charset = data.get("charset")
        return spaces.Text(max_length=int(data["max_length"]),
                           min_length=int(data.get("min_length", 0)),
                           charset=frozenset(charset) if charset is not None else CHARSET)
    if kind == "Discrete":
        return spaces.Discrete(int(data["n"]), start=int(data.get("start", 0)))
    if kind == "Box":
        dtype = np.dtype(data["dtype"])
        return spaces.Box(np.asarray(data["low"], dtype=dtype),
                          np.asarray(data["high"], dtype=dtype),
                          shape=tuple(data["shape"]), dtype=dtype)
    raise ValueError(f"unknown space type {kind!r} in the server's description")


def obs_from_json(space: spaces.Space[Any], value: Any) -> Any:
    """A JSON observation turned back into a member of ``space``."""
    if isinstance(space, spaces.Dict):
        return {k: obs_from_json(s, value[k]) for k, s in space.spaces.items()}
    if isinstance(space, spaces.Box):
        return np.asarray(value, dtype=space.dtype)
    if isinstance(space, spaces.Discrete):
        return int(value)
    return value
