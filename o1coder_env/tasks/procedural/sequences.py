"""Families on lists: mapping and filtering, counting, min/max, running sums, sorting, intervals."""

from __future__ import annotations

import random

from o1coder_env.tasks.model import TaskStyle
from o1coder_env.tasks.procedural._draw import fast_ints, int_list, word
from o1coder_env.tasks.procedural.family import Family, Level, Params

__all__ = ["FAMILIES"]


def _xs(rng: random.Random, p: Params) -> tuple[list[int]]:
    return (int_list(rng, 1, 8, -20, 40),)


def _small_xs(rng: random.Random, p: Params) -> tuple[list[int]]:
    """Short lists of small numbers: level 1 examples a small model can read at a glance."""
    return (int_list(rng, 1, 5, 0, 20),)


def _k(rng: random.Random) -> Params:
    return {"k": rng.randint(2, 9)}


_LIST_SIG = "def $name(xs: list[int]) -> list[int]:"
_INT_SIG = "def $name(xs: list[int]) -> int:"

LIST_MAP = Family(
    name="list_map",
    style=TaskStyle.CALL,
    topic="mapping and filtering lists",
    tags=("lists",),
    levels=(
        Level(
            summary="add k to every element",
            phrasings=(
                "Write a function `$name(xs)` that returns a new list with $k added to every "
                "element of the list xs.",
                "Given a list of integers xs, return the list of x + $k for each x in xs. Name "
                "the function `$name`.",
                "Return a list where each number of xs is increased by $k. Function: "
                "`$name(xs)`.",
            ),
            names=("add_to_all", "shift_all", "increase_all", "plus_each"),
            signature=_LIST_SIG,
            params=_k,
            reference="def $name(xs: list[int]) -> list[int]:\n    return [x + $k for x in xs]\n",
            outline="function $name(xs):\n    return [x + $k for each x in xs]",
            refinements=("a list comprehension keeps the order; an empty list gives []",),
            draw=_small_xs,
            edges=lambda p: [([],)],
        ),
        Level(
            summary="keep the elements greater than t",
            phrasings=(
                "Write `$name(xs)` that returns the elements of xs that are greater than $t, "
                "in their original order.",
                "Given a list of integers, keep only the numbers strictly larger than $t and "
                "return them as a list (same order). Name the function `$name`.",
            ),
            names=("keep_large", "above", "filter_big"),
            signature=_LIST_SIG,
            params=lambda rng: {"t": rng.randint(-5, 20)},
            reference=("def $name(xs: list[int]) -> list[int]:\n"
                       "    return [x for x in xs if x > $t]\n"),
            outline="function $name(xs):\n    return [x for x in xs if x > $t]",
            refinements=("strictly greater: an element equal to $t is dropped",),
            draw=_xs,
            edges=lambda p: [([],), ([p["t"]],)],
        ),
        Level(
            summary="filter by divisibility, then map",
            phrasings=(
                "Write `$name(xs)` that returns, in order, x * $m for every element x of xs "
                "that is divisible by $d.",
                "From the list xs take the numbers that are multiples of $d, multiply each of "
                "them by $m, and return the resulting list. Name the function `$name`.",
            ),
            names=("scale_multiples", "pick_and_scale", "multiples_times"),
            signature=_LIST_SIG,
            params=lambda rng: {"d": rng.randint(2, 5), "m": rng.randint(2, 9)},
            reference=("def $name(xs: list[int]) -> list[int]:\n"
                       "    return [x * $m for x in xs if x % $d == 0]\n"),
            outline="function $name(xs):\n    for each x in xs: if $d divides x, output x * $m",
            refinements=("x % $d == 0 also holds for 0 and negative multiples",),
            draw=_xs,
            edges=lambda p: [([],), ([0],), ([1],)],
        ),
        Level(
            summary="each element plus its neighbours (edges have one neighbour)",
            phrasings=(
                "Write `$name(xs)` that returns a list of the same length in which position i "
                "holds xs[i-1] + xs[i] + xs[i+1], leaving out neighbours that do not exist "
                "(the first and last elements have only one neighbour).",
                "Replace every element of xs by the sum of itself and the elements right "
                "before and right after it, when they exist. Return the new list; the input "
                "is not changed. Name the function `$name`.",
            ),
            names=("neighbour_sums", "smooth", "window_sums"),
            signature=_LIST_SIG,
            reference=("def $name(xs: list[int]) -> list[int]:\n    n = len(xs)\n"
                       "    return [sum(xs[max(0, i - 1):i + 2]) for i in range(n)]\n"),
            outline=("function $name(xs):\n    for each index i: sum xs[j] for j in "
                     "{i-1, i, i+1} that are valid indexes"),
            refinements=("the slice xs[max(0, i - 1):i + 2] clips at both ends (a negative "
                         "start would wrap around, hence max)",),
            draw=_xs,
            edges=lambda p: [([],), ([7],), ([1, 2],)],
        ),
        Level(
            summary="next greater element to the right, n = 20000 (monotonic stack)",
            phrasings=(
                "Write `$name(xs)` that returns a list where position i holds the first element "
                "to the right of xs[i] that is strictly greater than xs[i], or -1 if there is "
                "none. xs can have 20000 elements: a quadratic scan is too slow.",
                "For every element of xs, find the nearest later element that is larger than "
                "it (-1 when no later element is larger). Return these values as a list. Name "
                "the function `$name(xs)`; lists reach 20000 elements, so aim for O(n).",
            ),
            names=("next_greater", "next_larger", "first_bigger_right"),
            signature=_LIST_SIG,
            reference=("def $name(xs: list[int]) -> list[int]:\n    result = [-1] * len(xs)\n"
                       "    stack: list[int] = []\n    for i, x in enumerate(xs):\n"
                       "        while stack and xs[stack[-1]] < x:\n"
                       "            result[stack.pop()] = x\n        stack.append(i)\n"
                       "    return result\n"),
            outline=("function $name(xs):\n    keep a stack of indexes still waiting for a "
                     "greater element\n    for each x: pop every waiting index whose value is "
                     "< x and record x for it\n    push the current index; leftovers stay -1"),
            refinements=("the stack's values never increase from bottom to top, so each index "
                         "is pushed and popped once: O(n); compare with < so equal values keep "
                         "waiting",),
            draw=_xs,
            edges=lambda p: [([],), ([5],), ([3, 3],), ([5, 4, 3],)],
            large=lambda rng, p: ([100000 - i for i in range(20000)] + [10**6],),
            timeout_s=3.0,
        ),
    ),
)


COUNT_FREQ = Family(
    name="count_freq",
    style=TaskStyle.CALL,
    topic="counting and frequencies",
    tags=("lists", "counting"),
    levels=(
        Level(
            summary="count occurrences of one value",
            phrasings=(
                "Write a function `$name(xs)` that returns how many times the number $v "
                "appears in the list xs.",
                "Count the elements of xs that are equal to $v. Name the function `$name`.",
                "Return xs.count($v), the number of times $v occurs in the list xs. Name the "
                "function `$name`.",
                "Given a list of integers, return the number of occurrences of $v in it. "
                "Function: `$name(xs)`.",
            ),
            names=("count_value", "how_many", "occurrences"),
            signature=_INT_SIG,
            params=lambda rng: {"v": rng.randint(0, 9)},
            reference="def $name(xs: list[int]) -> int:\n    return xs.count($v)\n",
            outline="function $name(xs):\n    return the number of x in xs with x == $v",
            refinements=("list.count($v) does exactly that",),
            draw=lambda rng, p: (int_list(rng, 1, 10, 0, 9),),
            edges=lambda p: [([],), ([p["v"]] * 3,)],
        ),
        Level(
            summary="count elements in a range",
            phrasings=(
                "Write `$name(xs)` that returns how many elements x of xs satisfy "
                "$lo <= x <= $hi.",
                "Return the number of values in the list xs that lie between $lo and $hi, both "
                "ends included. Name the function `$name`.",
            ),
            names=("count_between", "in_range", "count_range"),
            signature=_INT_SIG,
            params=lambda rng: (lambda lo: {"lo": lo, "hi": lo + rng.randint(3, 15)})(
                rng.randint(-10, 10)),
            reference=("def $name(xs: list[int]) -> int:\n"
                       "    return sum(1 for x in xs if $lo <= x <= $hi)\n"),
            outline="function $name(xs):\n    count x in xs with $lo <= x <= $hi",
            refinements=("both bounds are inclusive",),
            draw=_xs,
            edges=lambda p: [([],), ([p["lo"], p["hi"]],)],
        ),
        Level(
            summary="most frequent element, smallest on ties",
            phrasings=(
                "Write `$name(xs)` that returns the value that occurs most often in the "
                "non-empty list xs. If several values are tied, return the smallest of them.",
                "Return the mode of a non-empty list of integers; when more than one value has "
                "the highest count, the smallest such value wins. Name the function `$name`.",
            ),
            names=("most_common", "mode", "top_value"),
            signature=_INT_SIG,
            reference=("def $name(xs: list[int]) -> int:\n    counts: dict[int, int] = {}\n"
                       "    for x in xs:\n        counts[x] = counts.get(x, 0) + 1\n"
                       "    best = max(counts.values())\n"
                       "    return min(x for x, c in counts.items() if c == best)\n"),
            outline=("function $name(xs):\n    count each value\n    best <- highest count\n"
                     "    return the smallest value with count best"),
            refinements=("a dict of counts; ties resolved by min over the values with the top "
                         "count",),
            draw=lambda rng, p: (int_list(rng, 1, 12, -3, 5),),
            edges=lambda p: [([4],), ([2, 1],), ([-1, -1, 3, 3],)],
        ),
        Level(
            summary="values that appear exactly k times, sorted",
            phrasings=(
                "Write `$name(xs)` that returns, in increasing order, the distinct values that "
                "appear exactly $k times in xs.",
                "Find every value that occurs precisely $k times in the list xs and return "
                "them sorted ascending (each once). Name the function `$name`.",
            ),
            names=("exactly_k_times", "with_count", "k_repeats"),
            signature=_LIST_SIG,
            params=lambda rng: {"k": rng.randint(2, 3)},
            reference=("def $name(xs: list[int]) -> list[int]:\n    counts: dict[int, int] = {}\n"
                       "    for x in xs:\n        counts[x] = counts.get(x, 0) + 1\n"
                       "    return sorted(x for x, c in counts.items() if c == $k)\n"),
            outline=("function $name(xs):\n    count each value\n    keep values whose count "
                     "is exactly $k\n    return them sorted"),
            refinements=("exactly: a value seen more than $k times is left out",),
            draw=lambda rng, p: (int_list(rng, 3, 14, -4, 6),),
            edges=lambda p: [([],), ([1] * p["k"],), ([1] * (p["k"] + 1),)],
        ),
        Level(
            summary="pairs with a given difference, n = 20000 (hashing)",
            phrasings=(
                "Write `$name(xs, k)` that returns the number of index pairs (i, j) with i < j "
                "and |xs[i] - xs[j]| == k. xs has up to 20000 elements, so checking every pair "
                "is too slow; k >= 0.",
                "Count the pairs of positions i < j in xs whose values differ by exactly k "
                "(in either direction). Name the function `$name(xs, k)`. Inputs reach 20000 "
                "elements: a quadratic loop times out.",
            ),
            names=("count_diff_pairs", "pairs_with_gap", "diff_pairs"),
            signature="def $name(xs: list[int], k: int) -> int:",
            reference=("def $name(xs: list[int], k: int) -> int:\n    seen: dict[int, int] = {}\n"
                       "    pairs = 0\n    for x in xs:\n"
                       "        pairs += seen.get(x - k, 0)\n"
                       "        if k != 0:\n            pairs += seen.get(x + k, 0)\n"
                       "        seen[x] = seen.get(x, 0) + 1\n    return pairs\n"),
            outline=("function $name(xs, k):\n    walk xs keeping counts of earlier values\n"
                     "    each x pairs with every earlier x - k and x + k\n    return the total"),
            refinements=("for k == 0, x - k and x + k are the same value: count it once",),
            draw=lambda rng, p: (int_list(rng, 2, 15, 0, 10), rng.randint(0, 4)),
            edges=lambda p: [([], 1), ([3, 3, 3], 0), ([1, 2], 1)],
            large=lambda rng, p: (fast_ints(rng, 20000, 0, 10**6), rng.randint(1, 50)),
            timeout_s=3.0,
        ),
    ),
)


MIN_MAX = Family(
    name="min_max",
    style=TaskStyle.CALL,
    topic="min, max and argmax with ties",
    tags=("lists",),
    levels=(
        Level(
            summary="largest (or smallest) element",
            phrasings=(
                "Write a function `$name(xs)` that returns the $which element of the "
                "non-empty list xs.",
                "Given a non-empty list of integers, return its $which value. Name the "
                "function `$name`.",
                "Return the $which number in xs (xs is never empty). Function: `$name(xs)`.",
                "Return $fn(xs), the $which element of the list xs. Name the function `$name`.",
            ),
            names=("extreme", "pick_value", "find_value"),
            signature=_INT_SIG,
            params=lambda rng: rng.choice([{"which": "largest", "fn": "max"},
                                           {"which": "smallest", "fn": "min"}]),
            reference="def $name(xs: list[int]) -> int:\n    return $fn(xs)\n",
            outline="function $name(xs):\n    return the $which element of xs",
            refinements=("the built-in $fn does it in one pass",),
            draw=_small_xs,
            edges=lambda p: [([-3],)],
        ),
        Level(
            summary="range: largest minus smallest",
            phrasings=(
                "Write `$name(xs)` that returns the difference between the largest and the "
                "smallest element of the non-empty list xs.",
                "Return max(xs) - min(xs) for a non-empty list xs. Name the function `$name`.",
            ),
            names=("spread", "value_range", "span"),
            signature=_INT_SIG,
            reference="def $name(xs: list[int]) -> int:\n    return max(xs) - min(xs)\n",
            outline="function $name(xs):\n    return max(xs) - min(xs)",
            refinements=("a single element gives 0",),
            draw=_xs,
            edges=lambda p: [([5],)],
        ),
        Level(
            summary="index of the maximum, first on ties",
            phrasings=(
                "Write `$name(xs)` that returns the index of the largest element of the "
                "non-empty list xs. If the largest value occurs more than once, return the "
                "$tie index where it occurs.",
                "Return the position (0-based) of the maximum of xs; with ties take the $tie "
                "occurrence. xs is not empty. Name the function `$name`.",
            ),
            names=("argmax", "index_of_max", "peak_index"),
            signature=_INT_SIG,
            params=lambda rng: rng.choice([
                {"tie": "first", "code": "xs.index(max(xs))"},
                {"tie": "last", "code": "len(xs) - 1 - xs[::-1].index(max(xs))"}]),
            reference="def $name(xs: list[int]) -> int:\n    return $code\n",
            outline="function $name(xs):\n    m <- max(xs)\n    return the $tie index i with "
                    "xs[i] == m",
            refinements=("$code",),
            draw=lambda rng, p: (int_list(rng, 2, 10, 0, 6),),
            edges=lambda p: [([1],), ([2, 2],), ([3, 1, 3, 1],)],
        ),
        Level(
            summary="second largest distinct value or None",
            phrasings=(
                "Write `$name(xs)` that returns the second largest distinct value in xs, or "
                "None if xs has fewer than two distinct values.",
                "Return the largest value of xs that is strictly smaller than the maximum; "
                "return None when there is no such value (empty list or all elements equal). "
                "Name the function `$name`.",
            ),
            names=("second_largest", "runner_up", "second_max"),
            signature="def $name(xs: list[int]) -> int | None:",
            reference=("def $name(xs: list[int]) -> int | None:\n    values = sorted(set(xs))\n"
                       "    return values[-2] if len(values) >= 2 else None\n"),
            outline=("function $name(xs):\n    distinct values sorted\n    if fewer than two: "
                     "return None\n    return the one before the last"),
            refinements=("set() drops repeats, so [5, 5, 3] gives 3, not 5",),
            draw=lambda rng, p: (int_list(rng, 2, 10, -5, 8),),
            edges=lambda p: [([],), ([4],), ([7, 7],), ([5, 5, 3],)],
        ),
        Level(
            summary="maximum subarray sum, n = 20000 (Kadane)",
            phrasings=(
                "Write `$name(xs)` that returns the largest sum of a non-empty contiguous "
                "slice of xs. xs has up to 20000 elements (some negative), so trying every "
                "slice is too slow.",
                "Among all non-empty runs of consecutive elements of xs, return the greatest "
                "sum. Name the function `$name(xs)`. Lists reach 20000 elements: a linear "
                "algorithm is needed.",
            ),
            names=("max_subarray", "best_run", "max_slice_sum"),
            signature=_INT_SIG,
            reference=("def $name(xs: list[int]) -> int:\n    best = current = xs[0]\n"
                       "    for x in xs[1:]:\n        current = max(x, current + x)\n"
                       "        best = max(best, current)\n    return best\n"),
            outline=("function $name(xs):\n    current <- best sum of a slice ending here\n"
                     "    for each x: current <- max(x, current + x); best <- max(best, "
                     "current)"),
            refinements=("start from xs[0], not 0, so an all-negative list returns its largest "
                         "element",),
            draw=lambda rng, p: (int_list(rng, 1, 12, -20, 15),),
            edges=lambda p: [([-4],), ([-3, -1, -2],), ([2, -1, 2],)],
            large=lambda rng, p: (fast_ints(rng, 20000, -1000, 999),),
            timeout_s=3.0,
        ),
    ),
)


PREFIX = Family(
    name="prefix",
    style=TaskStyle.CALL,
    topic="sums, running sums and prefix logic",
    tags=("lists", "prefix-sums"),
    levels=(
        Level(
            summary="sum of a list",
            phrasings=(
                "Write a function `$name(xs)` that returns the sum of the numbers in the list "
                "xs.",
                "Add up all the integers in xs and return the total (0 for an empty list). "
                "Name the function `$name`.",
                "Return the total of the list xs. Function: `$name(xs)`.",
                "Return sum(xs), the total of the integers in the list xs. Name the function "
                "`$name`.",
            ),
            names=("total", "list_sum", "add_all"),
            signature=_INT_SIG,
            reference="def $name(xs: list[int]) -> int:\n    return sum(xs)\n",
            outline="function $name(xs):\n    return the sum of xs",
            refinements=("sum([]) is 0",),
            draw=_small_xs,
            edges=lambda p: [([],)],
        ),
        Level(
            summary="running sums",
            phrasings=(
                "Write `$name(xs)` that returns the list of running sums of xs: element i of "
                "the result is xs[0] + ... + xs[i].",
                "Return the prefix sums of xs (the same length as xs; the i-th is the sum of "
                "the first i+1 elements). Name the function `$name`.",
            ),
            names=("running_sums", "prefix_sums", "cumulative"),
            signature=_LIST_SIG,
            reference=("def $name(xs: list[int]) -> list[int]:\n    out = []\n    total = 0\n"
                       "    for x in xs:\n        total += x\n        out.append(total)\n"
                       "    return out\n"),
            outline="function $name(xs):\n    total <- 0\n    for x in xs: total += x; append "
                    "total",
            refinements=("an empty list gives []",),
            draw=_xs,
            edges=lambda p: [([],)],
        ),
        Level(
            summary="first index where the running sum reaches t",
            phrasings=(
                "Write `$name(xs)` that returns the smallest index i such that xs[0] + ... + "
                "xs[i] >= $t, or -1 if the running sum never reaches $t.",
                "Add the elements of xs one by one from the left. Return the index at which the "
                "sum first becomes at least $t; return -1 if it never does. Name the function "
                "`$name`.",
            ),
            names=("reach_index", "first_reach", "when_total"),
            signature=_INT_SIG,
            params=lambda rng: {"t": rng.randint(5, 60)},
            reference=("def $name(xs: list[int]) -> int:\n    total = 0\n"
                       "    for i, x in enumerate(xs):\n        total += x\n"
                       "        if total >= $t:\n            return i\n    return -1\n"),
            outline=("function $name(xs):\n    total <- 0\n    for i, x: total += x; if total "
                     ">= $t: return i\n    return -1"),
            refinements=("check after adding x; negative elements can lower the sum again, so "
                         "stop at the first index only",),
            draw=lambda rng, p: (int_list(rng, 1, 10, -10, 25),),
            edges=lambda p: [([],), ([p["t"]],), ([p["t"] - 1],)],
        ),
        Level(
            summary="longest prefix whose running balance never drops below zero",
            phrasings=(
                "An account starts at $start. Each element of xs is a deposit (positive) or a "
                "withdrawal (negative), applied in order. Write `$name(xs)` that returns how "
                "many operations are applied before the balance would first drop below zero "
                "(the operation that makes it negative is not counted); if it never does, "
                "return len(xs).",
                "Starting from a balance of $start, apply the changes in xs from left to right. "
                "Return the length of the longest prefix of xs during which the balance stays "
                ">= 0 after every change. Name the function `$name`.",
            ),
            names=("safe_prefix", "ops_before_overdraft", "solvent_steps"),
            signature=_INT_SIG,
            params=lambda rng: {"start": rng.randint(0, 30)},
            reference=("def $name(xs: list[int]) -> int:\n    balance = $start\n"
                       "    for i, x in enumerate(xs):\n        balance += x\n"
                       "        if balance < 0:\n            return i\n    return len(xs)\n"),
            outline=("function $name(xs):\n    balance <- $start\n    for i, x: balance += x; if "
                     "balance < 0: return i\n    return len(xs)"),
            refinements=("return the index i itself: the i operations before it were safe",),
            draw=lambda rng, p: (int_list(rng, 1, 10, -25, 20),),
            edges=lambda p: [([],), ([-p["start"]],), ([-p["start"] - 1],)],
        ),
        Level(
            summary="subarrays with sum divisible by k, n = 20000 (prefix remainders)",
            phrasings=(
                "Write `$name(xs, k)` that returns how many non-empty contiguous slices of xs "
                "have a sum divisible by k (k >= 1). xs has up to 20000 elements: summing every "
                "slice is too slow.",
                "Count the pairs (i, j), i <= j, for which xs[i] + ... + xs[j] is a multiple of "
                "k. Name the function `$name(xs, k)`; with 20000 elements a quadratic loop "
                "times out.",
            ),
            names=("divisible_slices", "count_k_sums", "slices_mod_k"),
            signature="def $name(xs: list[int], k: int) -> int:",
            reference=("def $name(xs: list[int], k: int) -> int:\n    seen = {0: 1}\n"
                       "    total = 0\n    count = 0\n    for x in xs:\n"
                       "        total = (total + x) % k\n        count += seen.get(total, 0)\n"
                       "        seen[total] = seen.get(total, 0) + 1\n    return count\n"),
            outline=("function $name(xs, k):\n    a slice sums to a multiple of k iff the two "
                     "prefix sums at its ends are equal mod k\n    count equal prefix "
                     "remainders pairwise"),
            refinements=("start with remainder 0 seen once (the empty prefix); Python's % "
                         "gives a non-negative remainder for negative sums",),
            draw=lambda rng, p: (int_list(rng, 1, 12, -9, 9), rng.randint(1, 7)),
            edges=lambda p: [([], 3), ([5], 5), ([-1, 1], 2)],
            large=lambda rng, p: (fast_ints(rng, 20000, -50, 50), rng.randint(2, 97)),
            timeout_s=3.0,
        ),
    ),
)


def _records(rng: random.Random, lo: int, hi: int) -> list[tuple[str, int]]:
    return [(word(rng, 3, 6).capitalize(), rng.randint(0, 20)) for _ in range(rng.randint(lo, hi))]


SORT_KEYS = Family(
    name="sort_keys",
    style=TaskStyle.CALL,
    topic="sorting with keys",
    tags=("sorting",),
    levels=(
        Level(
            summary="sort ascending or descending",
            phrasings=(
                "Write a function `$name(xs)` that returns the numbers of xs sorted in "
                "$order order.",
                "Return a $order sorted copy of the list of integers xs. Name the function "
                "`$name`.",
                "Sort the list xs in $order order and return the result. Function: "
                "`$name(xs)`.",
                "Return sorted(xs, reverse=$rev): the list xs in $order order. Name the "
                "function `$name`.",
            ),
            names=("sort_numbers", "ordered", "arrange"),
            signature=_LIST_SIG,
            params=lambda rng: rng.choice([{"order": "ascending", "rev": "False"},
                                           {"order": "descending", "rev": "True"}]),
            reference=("def $name(xs: list[int]) -> list[int]:\n"
                       "    return sorted(xs, reverse=$rev)\n"),
            outline="function $name(xs):\n    return xs sorted in $order order",
            refinements=("sorted(xs, reverse=$rev) returns a new list",),
            draw=_small_xs,
            edges=lambda p: [([],)],
        ),
        Level(
            summary="sort by absolute value",
            phrasings=(
                "Write `$name(xs)` that returns xs sorted by absolute value, smallest first; "
                "numbers with the same absolute value keep their original order.",
                "Sort the integers of xs by their distance from zero (stable: ties stay in "
                "input order) and return the new list. Name the function `$name`.",
            ),
            names=("sort_by_abs", "closest_to_zero_first", "abs_order"),
            signature=_LIST_SIG,
            reference="def $name(xs: list[int]) -> list[int]:\n    return sorted(xs, key=abs)\n",
            outline="function $name(xs):\n    return xs sorted by key |x| (stable)",
            refinements=("sorted is stable, so -2 before 2 stays as given",),
            draw=lambda rng, p: (int_list(rng, 1, 9, -9, 9),),
            edges=lambda p: [([],), ([2, -2],), ([-2, 2],)],
        ),
        Level(
            summary="sort words by length, then alphabetically",
            phrasings=(
                "Write `$name(words)` that returns the words sorted by length (shortest "
                "first); words of equal length are in alphabetical order.",
                "Order a list of lowercase words by number of letters, breaking ties "
                "alphabetically, and return the result. Name the function `$name(words)`.",
            ),
            names=("by_length", "sort_words", "length_order"),
            signature="def $name(words: list[str]) -> list[str]:",
            reference=("def $name(words: list[str]) -> list[str]:\n"
                       "    return sorted(words, key=lambda w: (len(w), w))\n"),
            outline="function $name(words):\n    sort by the key (length, word)",
            refinements=("a tuple key compares length first, then the word itself",),
            draw=lambda rng, p: ([word(rng, 1, 6) for _ in range(rng.randint(1, 8))],),
            edges=lambda p: [([],), (["b", "a", "ab"],)],
        ),
        Level(
            summary="rank records by score (descending), then name",
            phrasings=(
                "Write `$name(records)`: records is a list of (name, score) tuples. Return the "
                "names ordered by score from highest to lowest; equal scores are ordered by "
                "name alphabetically.",
                "Given (name, score) pairs, return the list of names sorted by decreasing "
                "score, ties broken by increasing name. Name the function `$name(records)`.",
            ),
            names=("ranking", "leaderboard", "rank_names"),
            signature="def $name(records: list[tuple[str, int]]) -> list[str]:",
            reference=("def $name(records: list[tuple[str, int]]) -> list[str]:\n"
                       "    ordered = sorted(records, key=lambda r: (-r[1], r[0]))\n"
                       "    return [name for name, _ in ordered]\n"),
            outline="function $name(records):\n    sort by (-score, name); return the names",
            refinements=("negating the score sorts it descending while the name stays "
                         "ascending",),
            draw=lambda rng, p: (_records(rng, 1, 7),),
            edges=lambda p: [([],), ([("Bo", 3), ("Al", 3)],)],
        ),
        Level(
            summary="count inversions, n = 12000 (merge sort)",
            phrasings=(
                "Write `$name(xs)` that returns the number of pairs (i, j) with i < j and "
                "xs[i] > xs[j]. xs has up to 12000 elements, so checking every pair is too "
                "slow.",
                "Count the inversions of the list xs (index pairs i < j whose values are in "
                "decreasing order, xs[i] > xs[j]). Name the function `$name(xs)`; inputs reach "
                "12000 elements: use O(n log n).",
            ),
            names=("inversions", "count_inversions", "disorder"),
            signature=_INT_SIG,
            reference=("def $name(xs: list[int]) -> int:\n"
                       "    def sort(a: list[int]) -> tuple[list[int], int]:\n"
                       "        if len(a) <= 1:\n            return a, 0\n"
                       "        mid = len(a) // 2\n        left, x = sort(a[:mid])\n"
                       "        right, y = sort(a[mid:])\n        merged = []\n"
                       "        count = x + y\n        i = j = 0\n"
                       "        while i < len(left) and j < len(right):\n"
                       "            if left[i] <= right[j]:\n"
                       "                merged.append(left[i])\n"
                       "                i += 1\n            else:\n"
                       "                merged.append(right[j])\n"
                       "                count += len(left) - i\n                j += 1\n"
                       "        merged += left[i:] + right[j:]\n        return merged, count\n\n"
                       "    return sort(list(xs))[1]\n"),
            outline=("function $name(xs):\n    merge sort xs\n    when an element of the right "
                     "half is merged before the rest of the left half, it forms an inversion "
                     "with each of them"),
            refinements=("take from the left on ties (<=) so equal values are not counted; add "
                         "len(left) - i when taking from the right",),
            draw=lambda rng, p: (int_list(rng, 1, 12, 0, 9),),
            edges=lambda p: [([],), ([1, 1],), ([3, 2, 1],)],
            large=lambda rng, p: (fast_ints(rng, 12000, 0, 10**6),),
            timeout_s=3.0,
        ),
    ),
)


def _interval(rng: random.Random) -> tuple[int, int]:
    a = rng.randint(0, 30)
    return (a, a + rng.randint(0, 10))


INTERVALS = Family(
    name="intervals",
    style=TaskStyle.CALL,
    topic="intervals: length, overlap, merging, sweep",
    tags=("intervals",),
    levels=(
        Level(
            summary="integers in [a, b]",
            phrasings=(
                "Write a function `$name(a, b)` that returns how many integers lie in the "
                "closed interval [a, b] (a <= b).",
                "Given a <= b, return the count of integers x with a <= x <= b. Name the "
                "function `$name`.",
                "Return b - a + 1, the number of integers from a to b inclusive (a <= b). Name "
                "the function `$name(a, b)`.",
            ),
            names=("count_points", "interval_size", "how_many_in"),
            signature="def $name(a: int, b: int) -> int:",
            reference="def $name(a: int, b: int) -> int:\n    return b - a + 1\n",
            outline="function $name(a, b):\n    return b - a + 1",
            refinements=("both ends count, hence the + 1",),
            draw=lambda rng, p: _interval(rng),
            edges=lambda p: [(5, 5)],
        ),
        Level(
            summary="do two closed intervals overlap",
            phrasings=(
                "Write `$name(a, b, c, d)` that returns True if the closed intervals [a, b] and "
                "[c, d] share at least one point, else False (a <= b, c <= d).",
                "Two closed intervals [a, b] and [c, d] are given by their ends. Return whether "
                "they overlap (touching ends count). Name the function `$name`.",
            ),
            names=("overlaps", "intersects", "do_overlap"),
            signature="def $name(a: int, b: int, c: int, d: int) -> bool:",
            reference=("def $name(a: int, b: int, c: int, d: int) -> bool:\n"
                       "    return a <= d and c <= b\n"),
            outline="function $name(a, b, c, d):\n    overlap iff each starts before the other "
                    "ends",
            refinements=("a <= d and c <= b; equality counts (touching)",),
            draw=lambda rng, p: (*_interval(rng), *_interval(rng)),
            edges=lambda p: [(1, 3, 3, 5), (1, 2, 3, 4), (0, 10, 2, 3)],
        ),
        Level(
            summary="count intervals containing a point",
            phrasings=(
                "Write `$name(intervals, p)` that returns how many of the closed intervals "
                "(a, b) in the list contain the point p.",
                "Given a list of (start, end) pairs, each a closed interval, count the "
                "intervals with start <= p <= end. Name the function `$name(intervals, p)`.",
            ),
            names=("covering", "count_containing", "stabbing_count"),
            signature="def $name(intervals: list[tuple[int, int]], p: int) -> int:",
            reference=("def $name(intervals: list[tuple[int, int]], p: int) -> int:\n"
                       "    return sum(1 for a, b in intervals if a <= p <= b)\n"),
            outline="function $name(intervals, p):\n    count (a, b) with a <= p <= b",
            refinements=("closed: p equal to an end is inside",),
            draw=lambda rng, p: ([_interval(rng) for _ in range(rng.randint(1, 6))],
                                 rng.randint(0, 40)),
            edges=lambda p: [([], 3), ([(2, 4)], 4), ([(2, 4)], 5)],
        ),
        Level(
            summary="merge overlapping intervals",
            phrasings=(
                "Write `$name(intervals)` that merges overlapping or touching closed intervals "
                "(a, b) and returns the merged intervals as a list of (start, end) tuples "
                "sorted by start. The input may be in any order.",
                "Given closed intervals as (start, end) tuples in any order, combine every "
                "group that overlaps or touches (sharing an end point) and return the result "
                "sorted by start. Name the function `$name(intervals)`.",
            ),
            names=("merge", "merge_intervals", "union"),
            signature="def $name(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:",
            reference=("def $name(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:\n"
                       "    merged: list[tuple[int, int]] = []\n"
                       "    for a, b in sorted(intervals):\n"
                       "        if merged and a <= merged[-1][1]:\n"
                       "            merged[-1] = (merged[-1][0], max(merged[-1][1], b))\n"
                       "        else:\n            merged.append((a, b))\n    return merged\n"),
            outline=("function $name(intervals):\n    sort by start\n    extend the last merged "
                     "interval while the next starts before it ends; else start a new one"),
            refinements=("use max for the end: a later interval may lie inside the current "
                         "one; touching (a == end) merges",),
            draw=lambda rng, p: ([_interval(rng) for _ in range(rng.randint(1, 6))],),
            edges=lambda p: [([],), ([(1, 5), (2, 3)],), ([(4, 6), (1, 4)],)],
        ),
        Level(
            summary="maximum overlap depth, n = 12000 (sweep line)",
            phrasings=(
                "Write `$name(intervals)` that returns the largest number of the closed "
                "intervals (a, b) that contain one common point. The list can have 12000 "
                "intervals with ends up to 10**9: checking every point or every pair is too "
                "slow.",
                "Meetings are closed intervals (start, end). Return the maximum number of "
                "meetings in progress at the same moment (a meeting ending at t and one "
                "starting at t overlap). Name the function `$name(intervals)`; up to 12000 "
                "intervals, so use sorting.",
            ),
            names=("max_overlap", "peak_load", "rooms_needed"),
            signature="def $name(intervals: list[tuple[int, int]]) -> int:",
            reference=("def $name(intervals: list[tuple[int, int]]) -> int:\n"
                       "    events = []\n    for a, b in intervals:\n"
                       "        events.append((a, 0))\n        events.append((b, 1))\n"
                       "    events.sort()\n    depth = best = 0\n    for _, kind in events:\n"
                       "        if kind == 0:\n            depth += 1\n"
                       "            best = max(best, depth)\n        else:\n"
                       "            depth -= 1\n    return best\n"),
            outline=("function $name(intervals):\n    events: +1 at each start, -1 at each end\n"
                     "    sort the events; starts before ends at the same coordinate\n"
                     "    sweep and keep the highest running depth"),
            refinements=("encoding a start as (a, 0) and an end as (b, 1) sorts starts first at "
                         "equal coordinates, so touching intervals count as overlapping",),
            draw=lambda rng, p: ([_interval(rng) for _ in range(rng.randint(1, 7))],),
            edges=lambda p: [([],), ([(1, 2), (2, 3)],), ([(1, 10), (2, 3), (4, 5)],)],
            large=lambda rng, p: ([(a, a + w) for a, w in zip(
                fast_ints(rng, 12000, 0, 10**9), fast_ints(rng, 12000, 0, 10**6), strict=True)],),
            timeout_s=3.0,
        ),
    ),
)


FAMILIES = (LIST_MAP, COUNT_FREQ, MIN_MAX, PREFIX, SORT_KEYS, INTERVALS)
