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

Tagged JSON: tuples, sets, frozensets, dicts (as key/value pairs; string-keyed ones as plain
objects in the canonical form), bytes, bytearrays, complex, big ints, non-finite floats, the
three mappings above and builtin classes are one-key objects. This is the project's only value
codec: task files (:func:`o1coder_env.tasks.model.encode_value` is the canonical form), the
parent, the worker, the box and the TCG oracle's harnesses (which embed this file's source) all
use it.
"""

from __future__ import annotations

import collections
import json
import struct
from collections.abc import Callable
from typing import Any

__all__ = [
    "FRAME_HEADER",
    "Unserializable",
    "decode_strict",
    "dump_compact",
    "encode_strict",
    "load_payload",
    "pack_frame",
]

#: Frames are a 4-byte big-endian payload length followed by the payload.
FRAME_HEADER = struct.Struct(">I")

_MAX_DEPTH = 100
_MAX_NODES = 2_000_000


class Unserializable(TypeError):
    """The value is not plain data (or is too deep/large) and cannot be sent to the parent."""


def encode_strict(value: Any, ref: Callable[[Any], Any] | None = None, *,
                  canonical: bool = False) -> Any:
    """Encode a plain value as tagged JSON data, refusing anything that is not exactly plain.

    Args:
        value: The value.
        ref: For the trusted judge's calls into the box: called on each value that is not plain
            data; its JSON result is sent as ``{"__ref__": result}`` (a handle the box resolves),
            and ``None`` means "refuse it".
        canonical: The form written to task files (``tasks.model.encode_value``): dicts whose
            keys are all strings as plain JSON objects, sets in sorted order when sortable (a
            stable fingerprint), ints as JSON numbers up to 13,000 bits. Otherwise dicts are
            always key/value pairs and ints past 2**53 are hex (exact for any JSON reader).

    Raises:
        Unserializable: For subclasses, custom objects, cycles, depth > 100 or > 2M nodes.
    """
    return _Encoder(ref, canonical).value(value, 0)


#: Ints longer than this many bits are hex in the canonical form: Python refuses ``str()`` (and
#: so JSON) of ints over 4300 decimal digits, and test data must always serialise.
_BIGINT_BITS = 13_000


class _Encoder:
    def __init__(self, ref: Callable[[Any], Any] | None, canonical: bool) -> None:
        self.ref = ref
        self.canonical = canonical
        self.budget = _MAX_NODES

    def value(self, x: Any, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise Unserializable("value too large (more than 2,000,000 nodes)")
        if depth > _MAX_DEPTH:
            raise Unserializable("value nested too deeply (or cyclic)")
        t = type(x)
        if x is None or t is bool or t is str:
            return x
        if t is int:
            # JSON ints are unbounded, but str() of huge ints is capped; hex has no cap.
            small = (x.bit_length() <= _BIGINT_BITS if self.canonical
                     else -(1 << 53) < x < (1 << 53))
            return x if small else {"__bigint__": hex(x)}
        if t is float:
            if x != x or x in (float("inf"), float("-inf")):
                return {"__float__": repr(x)}
            return x
        d = depth + 1
        if t is list:
            return [self.value(v, d) for v in x]
        if t is tuple:
            return {"__tuple__": [self.value(v, d) for v in x]}
        if t is set or t is frozenset:
            items = _sorted_safely(x) if self.canonical else x
            return {"__set__" if t is set else "__frozenset__": [self.value(v, d) for v in items]}
        if t is dict:
            if self.canonical and all(type(k) is str for k in x) and not (
                    len(x) == 1 and next(iter(x)) in _TAGS):
                return {k: self.value(v, d) for k, v in x.items()}
            return {"__dict__": [[self.value(k, d), self.value(v, d)] for k, v in x.items()]}
        if t is bytes:
            return {"__bytes__": x.hex()}
        if t is bytearray:
            return {"__bytearray__": bytes(x).hex()}
        if t is complex:
            return {"__complex__": [self.value(x.real, d), self.value(x.imag, d)]}
        tag = _MAPPING_TAGS.get(t)
        if tag is not None:
            # These exact classes inherit dict's items(); calling dict's directly says so.
            return {tag: [[self.value(k, d), self.value(v, d)] for k, v in dict.items(x)]}
        if t is type:  # exactly ``type``: a builtin class such as ``int`` passed as an argument
            for name, cls in _TYPES:
                if x is cls:
                    return {"__type__": name}
        if self.ref is not None:
            handle = self.ref(x)
            if handle is not None:
                return {"__ref__": handle}
        raise Unserializable(f"a value of type {t.__name__!r} is not plain data")


def _sorted_safely(values: Any) -> list[Any]:
    """Sorted when the (plain) values are comparable, else by their repr (stable either way)."""
    items = list(values)
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


#: Builtin classes that travel by name (MBPP passes ``int`` to ``remove_datatype``).
_TYPES: tuple[tuple[str, type], ...] = tuple(
    (c.__name__, c) for c in (int, float, str, bool, bytes, bytearray, complex, list, tuple,
                              dict, set, frozenset, type(None)))


#: Exact standard-library mapping types sent as tagged key/value pairs (see the module doc).
_MAPPING_TAGS: dict[type, str] = {
    collections.Counter: "__counter__",
    collections.OrderedDict: "__ordereddict__",
    collections.defaultdict: "__defaultdict__",
}

_TAGS = frozenset({"__tuple__", "__set__", "__frozenset__", "__dict__", "__bytes__",
                   "__bytearray__", "__float__", "__complex__", "__bigint__", "__type__",
                   "__ref__", *_MAPPING_TAGS.values()})


def decode_strict(data: Any, ref: Callable[[Any], Any] | None = None) -> Any:
    """Inverse of :func:`encode_strict` (also reads :func:`encode_value`'s string-keyed dicts).

    The result is plain data only (no object whose methods the sender wrote), at most 100 levels
    deep and 2,000,000 nodes: what a program returns is attacker-controlled, and the trusted judge
    compares it.

    Args:
        data: Parsed JSON.
        ref: Resolves ``{"__ref__": handle}`` (inside the box: a handle the judge passed back);
            without it a handle is malformed data.

    Raises:
        ValueError: For malformed tagged data, or data too deep or too large.
    """
    return _Decoder(ref).value(data, 0)


class _Decoder:
    def __init__(self, ref: Callable[[Any], Any] | None) -> None:
        self.ref = ref
        self.budget = _MAX_NODES

    def value(self, data: Any, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise ValueError("value too large (more than 2,000,000 nodes)")
        if depth > _MAX_DEPTH:
            raise ValueError("value nested too deeply")
        if data is None or type(data) in (bool, int, float, str):
            return data
        d = depth + 1
        if type(data) is list:
            return [self.value(v, d) for v in data]
        if type(data) is dict:
            if len(data) == 1:
                ((key, inner),) = data.items()
                if key in _TAGS:
                    return self.tag(key, inner, d)
            return {k: self.value(v, d) for k, v in data.items()}
        raise ValueError(f"malformed value of type {type(data).__name__}")

    def items(self, inner: Any, d: int) -> list:
        if type(inner) is not list:
            raise ValueError("malformed tagged value: expected a list")
        return [self.value(v, d) for v in inner]

    def pairs(self, inner: Any, d: int) -> list[tuple[Any, Any]]:
        out = []
        for pair in self.items(inner, d):
            if type(pair) is not list or len(pair) != 2:
                raise ValueError("malformed key/value pair")
            out.append((_hashable(pair[0]), pair[1]))
        return out

    def tag(self, key: str, inner: Any, d: int) -> Any:
        if key == "__ref__":
            if self.ref is None:
                raise ValueError("an object handle is not data")
            return self.ref(inner)
        if key == "__type__":
            for name, cls in _TYPES:
                if inner == name:
                    return cls
            raise ValueError(f"unknown type {inner!r}")
        if key in _LIST_TAGS:
            values = self.items(inner, d)
            if key == "__tuple__":
                return tuple(values)
            if key == "__set__":
                return {_hashable(v) for v in values}
            if key == "__frozenset__":
                return frozenset(_hashable(v) for v in values)
            return complex(float(values[0]), float(values[1]))  # __complex__
        if key in _PAIR_TAGS:
            pairs = self.pairs(inner, d)
            if key == "__dict__":
                return dict(pairs)
            if key == "__counter__":
                return collections.Counter(dict(pairs))
            if key == "__ordereddict__":
                return collections.OrderedDict(pairs)
            return collections.defaultdict(None, pairs)
        if type(inner) is not str:
            raise ValueError(f"malformed {key}")
        return _decode_scalar(key, inner)


_LIST_TAGS = frozenset({"__tuple__", "__set__", "__frozenset__", "__complex__"})
_PAIR_TAGS = frozenset({"__dict__", "__counter__", "__ordereddict__", "__defaultdict__"})


def _decode_scalar(key: str, inner: str) -> Any:
    if key == "__bytes__":
        return bytes.fromhex(inner)
    if key == "__bytearray__":
        return bytearray.fromhex(inner)
    if key == "__float__":
        if inner not in ("nan", "inf", "-inf"):
            raise ValueError(f"malformed __float__ {inner!r}")
        return float(inner)
    if key == "__bigint__":
        return int(inner, 16)
    raise ValueError(f"unknown tag {key!r}")  # pragma: no cover


def _hashable(value: Any) -> Any:
    hash(value)  # a list inside a set is malformed data: raise TypeError -> caller reports it
    return value


def _not_json(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# One encoder for every frame: ``json.dumps`` with non-default options builds a JSONEncoder and
# a C encoder on every call, which a sandbox child pays in time and in pages copied from the
# zygote. Frames hold plain data (the codec's output, or the sandbox's own messages), so no
# cycle check (``markers=None``). Output is byte for byte json.dumps(obj, separators=(",",
# ":"), allow_nan=False).
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = None if _c_make_encoder is None else _c_make_encoder(
    None, _not_json, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, False)


_DECODE = json.JSONDecoder().decode


def load_payload(payload: bytes | bytearray | memoryview) -> Any:
    """The value in a frame's payload (UTF-8 JSON), by one prebuilt decoder.

    Raises:
        ValueError: If the payload is not UTF-8 or not JSON (``RecursionError`` for JSON nested
            past the parser's stack).
    """
    return _DECODE(str(payload, "utf-8"))


def dump_compact(obj: Any) -> str:
    """``obj`` as compact JSON: ``json.dumps(obj, separators=(",", ":"), allow_nan=False)``.

    Raises:
        ValueError: For a NaN or an infinity (the codec encodes those as tagged strings).
        TypeError: For a value JSON has no form for.
    """
    if _ENCODE is not None:
        return "".join(_ENCODE(obj, 0))
    # An interpreter built without the C accelerator.
    return json.dumps(obj, separators=(",", ":"), allow_nan=False)


def pack_frame(obj: Any) -> bytes:
    """Serialize ``obj`` as one length-prefixed JSON frame."""
    payload = dump_compact(obj).encode("utf-8")
    return FRAME_HEADER.pack(len(payload)) + payload
