"""Strict value codec and framing shared by the sandbox child, its worker and the parent.

This module is imported *inside the box* (by ``_worker.py``, run with ``python -I -S``), so it
uses the standard library only and imports nothing from the package.

Encoding is strict on purpose: only values whose type is *exactly* one of the plain types below
are encoded (``type(x) is int``, not ``isinstance``). An ``int`` subclass that lies in ``__eq__``,
an object whose ``__eq__`` always returns True, a lazy generator: all are refused as
"unserializable", so the parent never compares anything the program controls beyond plain data.
Three exact standard-library mappings are data too, because benchmarks' asserts compare them to
dicts: ``collections.Counter``, ``OrderedDict`` and ``defaultdict`` (its factory is dropped). The
parent rebuilds them as those same types from plain pairs, so a strict comparison still tells
them from a ``dict`` while Python's ``==`` (converted asserts) accepts them.

Tagged JSON (a superset of :func:`o1coder_env.tasks.model.encode_value`'s format): tuples,
sets, frozensets, dicts (always as key/value pairs), bytes, bytearrays, complex and non-finite
floats are one-key objects.
"""

from __future__ import annotations

import collections
import json
import struct
from typing import Any

__all__ = [
    "FRAME_HEADER",
    "Unserializable",
    "decode_strict",
    "encode_strict",
    "pack_frame",
]

#: Frames are a 4-byte big-endian payload length followed by the payload.
FRAME_HEADER = struct.Struct(">I")

_MAX_DEPTH = 100
_MAX_NODES = 2_000_000


class Unserializable(TypeError):
    """The value is not plain data (or is too deep/large) and cannot be sent to the parent."""


def encode_strict(value: Any) -> Any:
    """Encode a plain value as tagged JSON data, refusing anything that is not exactly plain.

    Raises:
        Unserializable: For subclasses, custom objects, cycles, depth > 100 or > 2M nodes.
    """
    budget = [_MAX_NODES]
    return _enc(value, 0, budget)


def _enc(x: Any, depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise Unserializable("value too large (more than 2,000,000 nodes)")
    if depth > _MAX_DEPTH:
        raise Unserializable("value nested too deeply (or cyclic)")
    t = type(x)
    if x is None or t is bool or t is str:
        return x
    if t is int:
        # JSON ints are unbounded, but str() of huge ints is capped; hex has no cap.
        if -(1 << 53) < x < (1 << 53):
            return x
        return {"__bigint__": hex(x)}
    if t is float:
        if x != x or x in (float("inf"), float("-inf")):
            return {"__float__": repr(x)}
        return x
    d = depth + 1
    if t is list:
        return [_enc(v, d, budget) for v in x]
    if t is tuple:
        return {"__tuple__": [_enc(v, d, budget) for v in x]}
    if t is set:
        return {"__set__": [_enc(v, d, budget) for v in x]}
    if t is frozenset:
        return {"__frozenset__": [_enc(v, d, budget) for v in x]}
    if t is dict:
        return {"__dict__": [[_enc(k, d, budget), _enc(v, d, budget)] for k, v in x.items()]}
    if t is bytes:
        return {"__bytes__": x.hex()}
    if t is bytearray:
        return {"__bytearray__": bytes(x).hex()}
    if t is complex:
        return {"__complex__": [_enc(x.real, d, budget), _enc(x.imag, d, budget)]}
    tag = _MAPPING_TAGS.get(t)
    if tag is not None:
        # These exact classes inherit dict's items(); calling dict's directly says so.
        return {tag: [[_enc(k, d, budget), _enc(v, d, budget)] for k, v in dict.items(x)]}
    raise Unserializable(f"a value of type {t.__name__!r} is not plain data")


#: Exact standard-library mapping types sent as tagged key/value pairs (see the module doc).
_MAPPING_TAGS: dict[type, str] = {
    collections.Counter: "__counter__",
    collections.OrderedDict: "__ordereddict__",
    collections.defaultdict: "__defaultdict__",
}

_TAGS = frozenset({"__tuple__", "__set__", "__frozenset__", "__dict__", "__bytes__",
                   "__bytearray__", "__float__", "__complex__", "__bigint__",
                   *_MAPPING_TAGS.values()})


def decode_strict(data: Any) -> Any:
    """Inverse of :func:`encode_strict` (also reads :func:`encode_value`'s string-keyed dicts).

    Raises:
        ValueError: For malformed tagged data.
    """
    if isinstance(data, list):
        return [decode_strict(v) for v in data]
    if isinstance(data, dict):
        if len(data) == 1:
            ((key, inner),) = data.items()
            if key in _TAGS:
                return _decode_tag(key, inner)
        return {k: decode_strict(v) for k, v in data.items()}
    if data is None or type(data) in (bool, int, float, str):
        return data
    raise ValueError(f"malformed value of type {type(data).__name__}")


def _decode_tag(key: str, inner: Any) -> Any:
    if key == "__tuple__":
        return tuple(decode_strict(v) for v in inner)
    if key == "__set__":
        return {_hashable(decode_strict(v)) for v in inner}
    if key == "__frozenset__":
        return frozenset(_hashable(decode_strict(v)) for v in inner)
    if key == "__dict__":
        return {_hashable(decode_strict(k)): decode_strict(v) for k, v in inner}
    if key == "__bytes__":
        return bytes.fromhex(inner)
    if key == "__bytearray__":
        return bytearray.fromhex(inner)
    if key == "__float__":
        if inner not in ("nan", "inf", "-inf"):
            raise ValueError(f"malformed __float__ {inner!r}")
        return float(inner)
    if key == "__complex__":
        return complex(float(inner[0]), float(inner[1]))
    if key == "__bigint__":
        return int(inner, 16)
    if key in ("__counter__", "__ordereddict__", "__defaultdict__"):
        pairs = [(_hashable(decode_strict(k)), decode_strict(v)) for k, v in inner]
        if key == "__counter__":
            return collections.Counter(dict(pairs))
        if key == "__ordereddict__":
            return collections.OrderedDict(pairs)
        return collections.defaultdict(None, pairs)
    raise ValueError(f"unknown tag {key!r}")  # pragma: no cover


def _hashable(value: Any) -> Any:
    hash(value)  # a list inside a set is malformed data: raise TypeError -> caller reports it
    return value


def pack_frame(obj: Any) -> bytes:
    """Serialize ``obj`` as one length-prefixed JSON frame."""
    payload = json.dumps(obj, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return FRAME_HEADER.pack(len(payload)) + payload
