"""Recipes of the built-in suite's large test inputs, made when the suite is loaded.

``suite.jsonl`` stores every test literally except the inputs that run to megabytes (arrays of
10^5 numbers, long texts, big graphs, built to check a statement's efficiency demand). Such a
test carries ``"generated": "<name>"`` instead of ``args`` (call tests) or ``stdin`` (stdio
tests), and :func:`generate` returns the input: the function ``<name>`` below, deterministic
(seeded ``random.Random``), so the same input on every platform. Names read
``<slug>__<public|hidden>_<index>``; the expected outputs stay literals in the JSONL.

A new large input: write a function here returning the argument tuple (call tests) or the
standard input (stdio tests), and put its name in the test's ``generated`` field.
"""

from __future__ import annotations

import random
import sys
from array import array
from typing import Any

__all__ = ["RECIPES", "generate"]


def _random_ints(n: int, lo: int, hi: int, seed: int) -> list[int]:
    """``n`` integers in ``[lo, hi]`` (a span below 2**32) from ``random.Random(seed)``.

    Built from one ``randbytes`` call so that 200k-element inputs cost milliseconds at import.
    """
    words = array("I", random.Random(seed).randbytes(4 * n))
    if sys.byteorder != "little":
        words.byteswap()  # same values on every platform
    span = hi - lo + 1
    return [lo + word % span for word in words]

def _random_text(n: int, alphabet: str, seed: int) -> str:
    """``n`` characters of the ASCII ``alphabet`` from ``random.Random(seed)``."""
    table = bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))
    return random.Random(seed).randbytes(n).translate(table).decode("ascii")

def _count_then_values(values: list[int]) -> str:
    """Standard input of the form ``n`` on one line, the ``n`` values on the next."""
    return f"{len(values)}\n{' '.join(map(str, values))}\n"

def _rand_ints(n: int, lo: int, hi: int, seed: int) -> list[int]:
    """``n`` integers drawn uniformly from ``[lo, hi]`` by ``random.Random(seed)``."""
    # rng._randbelow(w) is exactly what rng.randint(lo, lo + w - 1) draws, without randint's
    # argument checks: the same numbers, and the module imports several times faster.
    below = random.Random(seed)._randbelow  # type: ignore[attr-defined]
    width = hi - lo + 1
    return [lo + below(width) for _ in range(n)]

def _rand_pairs(n: int, lo: int, hi: int, max_len: int, seed: int) -> list[list[int]]:
    """``n`` half-open ranges ``[a, a + length]`` with ``a`` in ``[lo, hi]``, seeded."""
    # Same draws as randint (see _rand_ints).
    below = random.Random(seed)._randbelow  # type: ignore[attr-defined]
    width, len_width = hi - lo + 1, max_len + 1
    out = []
    for _ in range(n):
        a = lo + below(width)
        out.append([a, a + below(len_width)])
    return out

def _rand_graph(n: int, m: int, max_w: int, seed: int) -> list[list[int]]:
    """``m`` weighted edges ``[u, v, w]`` over ``n`` nodes, a spanning path first, seeded."""
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    edges = [[order[i], order[i + 1], rng.randint(1, max_w)] for i in range(n - 1)]
    while len(edges) < m:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            edges.append([u, v, rng.randint(1, max_w)])
    return edges

def _grid_text(rows: int, cols: int, fill: str, holes: str, density: float, seed: int) -> str:
    """A ``rows`` x ``cols`` character grid: ``fill`` with ``holes`` at the given density."""
    rng = random.Random(seed)
    return "\n".join(
        "".join(holes if rng.random() < density else fill for _ in range(cols))
        for _ in range(rows)
    )


# --- the inputs ---------------------------------------------------------------------------

def longest_letter_run__hidden_8() -> tuple[Any, ...]:
    return ("a" * 5000 + "b" * 5001,)


def shortest_stamp__hidden_8() -> tuple[Any, ...]:
    return ("a" * 199_999 + "b",)


def shortest_stamp__hidden_9() -> tuple[Any, ...]:
    return (("xyz" * 70_000)[:-1],)


def shortest_stamp__hidden_10() -> tuple[Any, ...]:
    return (("ab" * 50_000 + "c") * 2,)


def shortest_window_all_kinds__hidden_8() -> tuple[Any, ...]:
    return ("a" * 100_000 + "b" * 100_000,)


def shortest_window_all_kinds__hidden_9() -> tuple[Any, ...]:
    return (_random_text(200_000, "abcdefghijklmnopqrstuvwxyz", seed=6),)


def longest_warming_streak__hidden_8() -> str:
    return _count_then_values(list(range(-100_000, 100_000)))


def longest_warming_streak__hidden_9() -> str:
    return _count_then_values(_random_ints(20_000, -50, 50, seed=11))


def count_target_sum_slices__hidden_8() -> tuple[Any, ...]:
    return ([0] * 200_000, 0)


def count_target_sum_slices__hidden_9() -> tuple[Any, ...]:
    return (_random_ints(100_000, -3, 3, seed=12), 2)


def window_maxima_sum__hidden_8() -> tuple[Any, ...]:
    return (list(range(200_000, 0, -1)), 50000)


def window_maxima_sum__hidden_9() -> tuple[Any, ...]:
    return (_random_ints(100_000, -10**9, 10**9, seed=13), 100000)


def longest_k_distinct__hidden_8() -> tuple[Any, ...]:
    return (_random_ints(100_000, 1, 40, seed=21), 10)


def longest_k_distinct__hidden_9() -> tuple[Any, ...]:
    return ([i // 3 for i in range(200_000)], 1000)


def difference_pairs__hidden_8() -> tuple[Any, ...]:
    return ([i % 1000 for i in range(200_000)], 1)


def difference_pairs__hidden_9() -> tuple[Any, ...]:
    return (_random_ints(100_000, 0, 50, seed=22), 0)


def csv_column_total__hidden_9() -> str:
    return "val\nid,val\n" + "".join(f"\"row, {i}\",{i % 7 - 3}\n" for i in range(10_000))


def lone_odd_count__hidden_9() -> tuple[Any, ...]:
    return (list(range(100_000)) * 2 + [-424242],)


def max_xor_pair__hidden_8() -> tuple[Any, ...]:
    return (_random_ints(20_000, 0, 2**30 - 1, seed=31),)


def max_xor_pair__hidden_9() -> tuple[Any, ...]:
    return ([x * 4 for x in _random_ints(20_000, 0, 2**20, seed=32)],)


def leaderboard_ranks__hidden_8() -> str:
    return "".join(f"p{i:03d} {i * 37 % 101 - 50}\n" for i in range(300))


def fewest_max_volume__hidden_8() -> tuple[Any, ...]:
    return (_random_ints(100_000, 1, 10_000, seed=41), 37)


def fewest_max_volume__hidden_9() -> tuple[Any, ...]:
    return (_random_ints(50_000, 1, 10_000, seed=42), 2000)


def count_inversions__hidden_8() -> str:
    return _count_then_values(list(range(100_000, 0, -1)))


def count_inversions__hidden_9() -> str:
    return _count_then_values(_random_ints(50_000, -10**9, 10**9, seed=51))


def closest_pair_sum__hidden_8() -> tuple[Any, ...]:
    return (_random_ints(100_000, -10**9, 10**9, seed=61), 123456789)


def closest_pair_sum__hidden_9() -> tuple[Any, ...]:
    return ([2 * x for x in _random_ints(50_000, 0, 10**6, seed=62)], 1000001)


def bracket_nesting_depth__hidden_8() -> tuple[Any, ...]:
    return ("(" * 100_000 + ")" * 100_000,)


def bracket_nesting_depth__hidden_9() -> tuple[Any, ...]:
    return ("{}" * 50_000 + "[",)


def hop_counts_with_broken_rungs__hidden_7() -> tuple[Any, ...]:
    return (200_000, list(range(7, 200_000, 97)))


def orchard_groves__hidden_6() -> str:
    return "400 400\n" + "\n".join(["T" * 400] * 400) + "\n"


def orchard_groves__hidden_7() -> str:
    return "300 300\n" + _grid_text(300, 300, ".", "T", 0.3, seed=7) + "\n"


def covered_length__hidden_7() -> tuple[Any, ...]:
    return (_rand_pairs(100_000, -10**9, 10**9, 50_000, seed=11),)


def forward_king_paths__hidden_9() -> tuple[Any, ...]:
    return (["." * 600] * 600,)


def plate_stack_log__hidden_5() -> str:
    return "200000\n" + "PUSH p\n" * 199_998 + "POP\nPEEK\n"


def hops_between_stations__hidden_7() -> tuple[Any, ...]:
    return (50_000, [[i, i + 1] for i in range(49_999)], 0, 49_999)


def max_snacks_with_coupon__hidden_7() -> tuple[Any, ...]:
    return (_rand_ints(200_000, 0, 10**9, seed=3), 10**13)


def rooms_with_cleanup__hidden_8() -> tuple[Any, ...]:
    return ([[a, b + 1] for a, b in _rand_pairs(40_000, 0, 400_000, 300, seed=5)], 20)


def smallest_build_order__hidden_8() -> tuple[Any, ...]:
    return ([f"mod{i:05d}" for i in range(50_000)], [[f"mod{i + 1:05d}", f"mod{i:05d}"] for i in range(49_999)] + [["mod00000", "mod49999"]])


def smallest_build_order__hidden_9() -> tuple[Any, ...]:
    return ([f"m{i:03d}" for i in range(300)], [[f"m{i + 1:03d}", f"m{i:03d}"] for i in range(0, 299, 2)] + [[f"m{i:03d}", f"m{i + 3:03d}"] for i in range(0, 297, 5)])


def friend_groups_log__hidden_5() -> str:
    return "200000 200000\n" + "".join(f"LINK {i} {i + 1}\n" for i in range(1, 100_000)) + "".join(f"LINK {i} {i + 1}\n" for i in range(100_001, 199_998)) + "COUNT\nASK 1 100000\nASK 100001 200000\nASK 1 200000\n"


def gentle_climb_trail__hidden_9() -> tuple[Any, ...]:
    return ([[r * 250 + (c if r % 2 == 0 else 249 - c) for c in range(250)] for r in range(250)], 1)


def cheapest_route_with_tolls__hidden_8() -> tuple[Any, ...]:
    return (30_000, _rand_graph(30_000, 60_000, 1_000, seed=9), _rand_ints(30_000, 0, 1_000, seed=10), 0, 29_999)


def tower_cable_length__hidden_7() -> tuple[Any, ...]:
    return (list(range(80_000, 0, -1)),)


def tower_cable_length__hidden_8() -> tuple[Any, ...]:
    return (_rand_ints(80_000, -10**9, 10**9, seed=21),)


def fewest_sprinklers__hidden_8() -> tuple[Any, ...]:
    return (10**9, [[i * 10_000, 5_000] for i in range(100_001)])


def fence_around_cells__hidden_7() -> str:
    return "60000\n" + "".join(f"{i % 300} {i // 300}\n" for i in range(60_000) if i % 7) + "".join(f"{i} {i}\n" for i in range(0, 60_000, 7))


def common_free_windows__hidden_8() -> tuple[Any, ...]:
    return ([[[s, s + 7] for s in range(0, 200_000, 10)], [[s + 6, s + 11] for s in range(0, 200_000, 10) if s != 100_000]], 0, 200_100, 2)


def cheapest_road_network__hidden_7() -> str:
    return "20000 40000\n" + "".join(f"{u + 1} {v + 1} {w}\n" for u, v, w in _rand_graph(20_000, 40_000, 10**6, seed=31))


def critical_cables__hidden_8() -> tuple[Any, ...]:
    return (30_000, [[i, i + 1] for i in range(29_999)] + [[29_999, 0], [15_000, 29_999]] + [[i, i + 2] for i in range(0, 29_990, 15_000)])


def critical_cables__hidden_9() -> tuple[Any, ...]:
    return (30_000, [[i, i + 1] for i in range(14_999)] * 2 + [[i, i + 1] for i in range(15_000, 29_999)] * 2 + [[14_999, 15_000]])


def best_booking_revenue__hidden_8() -> tuple[Any, ...]:
    return ([[a, b + 1, (a * 7919) % 1000 + 1] for a, b in _rand_pairs(100_000, 0, 10**8, 5_000, seed=41)],)


def union_of_rectangles_area__hidden_8() -> tuple[Any, ...]:
    return ([[i * 1000, i * 700, i * 1000 + 5000, i * 700 + 9000] for i in range(300)],)


def tree_radius__hidden_7() -> str:
    return "100000\n" + "".join(f"{i} {i + 1} {1 + i % 7}\n" for i in range(1, 100_000))


def tree_radius__hidden_8() -> str:
    return "100000\n" + "".join(f"{(i - 1) // 3 + 1} {i + 1} {1 + (i * 37) % 11}\n" for i in range(1, 100_000))


def route_with_free_roads__hidden_8() -> tuple[Any, ...]:
    return (5_000, [e for e in _rand_graph(5_000, 15_000, 10**6, seed=51)], 4, 0, 4_999)


def on_time_jobs__hidden_8() -> tuple[Any, ...]:
    return ([[d, dl] for d, dl in zip(_rand_ints(100_000, 1, 1000, seed=61), _rand_ints(100_000, 0, 10**7, seed=62), strict=True)],)


#: Recipe name -> the function making that input.
RECIPES = {name: fn for name, fn in list(globals().items())
           if "__" in name and callable(fn) and not name.startswith("_")}


def generate(name: str) -> Any:
    """The input of recipe ``name`` (an argument tuple or a standard input string).

    Raises:
        KeyError: For an unknown recipe, naming it.
    """
    try:
        recipe = RECIPES[name]
    except KeyError:
        raise KeyError(f"unknown builtin input recipe {name!r}") from None
    return recipe()
