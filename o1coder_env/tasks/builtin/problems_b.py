"""Built-in suite, part B: recursion, DP, graphs, simulation, greedy, intervals, stacks, grids.

Every problem here was written for o1coder. Expected values are literals, computed from the
reference while authoring and cross-checked against independent brute-force solutions; large
inputs are built by the seeded helpers below so that the file stays small and every test stays
deterministic.
"""

from __future__ import annotations

import random

from o1coder_env.tasks.builtin._schema import call_problem, stdio_problem
from o1coder_env.tasks.model import Task

__all__ = ["PROBLEMS"]


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


PROBLEMS: list[Task] = []

# ------------------------------------------------------------------------------------------------
# Easy
# ------------------------------------------------------------------------------------------------

PROBLEMS.append(call_problem(
    "bracket_nesting_depth",
    statement="""
A configuration file mixes text with three kinds of brackets: `()`, `[]` and `{}`. Write
`bracket_nesting_depth(s)` that ignores every character that is not one of these six brackets
and returns the deepest nesting level of the brackets when they are balanced and properly
nested (each closer matches the most recent unclosed opener of the same kind). If the brackets
are not balanced or not properly nested, return -1. A string without brackets (including the
empty string) has depth 0.

Constraints: 0 <= len(s) <= 200_000. The solution must run in linear time.

Examples: "a(b[c]d)e" -> 2, "" -> 0, "(]" -> -1.
""",
    signature="def bracket_nesting_depth(s: str) -> int:",
    reference='''
def bracket_nesting_depth(s: str) -> int:
    openers_of = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    deepest = 0
    for ch in s:
        if ch in "([{":
            stack.append(ch)
            deepest = max(deepest, len(stack))
        elif ch in openers_of:
            if not stack or stack[-1] != openers_of[ch]:
                return -1
            stack.pop()
    return deepest if not stack else -1
''',
    outline="""
function bracket_nesting_depth(s) -> int
    keep a stack of the openers that are still unclosed
    scan s once:
        opener -> push it, remember the largest stack size seen
        closer -> it must match the top of the stack, else the text is malformed
        anything else -> ignore
    at the end the stack must be empty; return the largest size seen, else -1
""",
    refinements=["""
map each closer to its opener: ")" -> "(", "]" -> "[", "}" -> "{"
deepest = 0
for ch in s:
    if ch is an opener: push ch; deepest = max(deepest, size of stack)
    else if ch is a closer:
        if stack is empty or top != opener of ch: return -1
        pop
return deepest if stack is empty else -1
"""],
    public=[
        (("a(b[c]d)e",), 2),
        (("",), 0),
        (("(]",), -1),
    ],
    hidden=[
        (("no brackets at all",), 0),
        (("((()",), -1),
        (("())",), -1),
        (("{[()()]}",), 3),
        (("([)]",), -1),
        ((")(",), -1),
        (("x{y}z[w](v)",), 1),
        (("[[[]]]}",), -1),
        (("(" * 100_000 + ")" * 100_000,), 100000),
        (("{}" * 50_000 + "[",), -1),
    ],
    difficulty="easy",
    tags=["stacks", "strings"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "rover_final_cell",
    statement="""
A rover drives on a grid of `width` x `height` cells; cell (x, y) has 0 <= x < width and
0 <= y < height. It starts on cell (0, 0) facing north (north is +y, east is +x). `rocks` lists
cells `[x, y]` the rover can never enter. The rover executes `commands`, a string of:

- 'F': move one cell forward. If that cell is outside the grid or holds a rock, the move is
  skipped and the rover stays where it is (still facing the same way).
- 'L' / 'R': turn 90 degrees left / right on the spot.

Write `rover_final_cell(width, height, rocks, commands)` returning a tuple `(x, y, facing)` where
facing is one of "N", "E", "S", "W". The start cell never holds a rock.

Constraints: 1 <= width, height <= 10**6, 0 <= len(rocks) <= 10**4, 0 <= len(commands) <= 10**5.
""",
    signature="def rover_final_cell(width: int, height: int, rocks: list[list[int]], commands: str) -> tuple[int, int, str]:",
    reference='''
def rover_final_cell(width: int, height: int, rocks: list[list[int]], commands: str) -> tuple[int, int, str]:
    blocked = {(x, y) for x, y in rocks}
    headings = "NESW"
    delta = {"N": (0, 1), "E": (1, 0), "S": (0, -1), "W": (-1, 0)}
    x = y = 0
    facing = 0
    for cmd in commands:
        if cmd == "L":
            facing = (facing - 1) % 4
        elif cmd == "R":
            facing = (facing + 1) % 4
        else:
            dx, dy = delta[headings[facing]]
            nx, ny = x + dx, y + dy
            if 0 <= nx < width and 0 <= ny < height and (nx, ny) not in blocked:
                x, y = nx, ny
    return (x, y, headings[facing])
''',
    outline="""
function rover_final_cell(width, height, rocks, commands) -> (x, y, facing)
    put the rock cells in a set for constant-time lookup
    state: position (x, y) and heading index into "NESW"
    for each command: turn left/right by changing the heading index modulo 4,
        or try to move forward one cell, skipping the move if it is blocked
    return the final position and heading letter
""",
    refinements=["""
forward move:
    (dx, dy) = N:(0,1), E:(1,0), S:(0,-1), W:(-1,0) for the current heading
    candidate = (x + dx, y + dy)
    accept only if 0 <= cx < width and 0 <= cy < height and candidate is not a rock
turns: L -> heading = (heading - 1) mod 4, R -> heading = (heading + 1) mod 4
"""],
    public=[
        ((3, 3, [], "FFRFF"), (2, 2, 'E')),
        ((2, 2, [], ""), (0, 0, 'N')),
        ((5, 5, [[0, 2]], "FFF"), (0, 1, 'N')),
    ],
    hidden=[
        ((1, 1, [], "FFFLFFRRF"), (0, 0, 'E')),
        ((4, 4, [], "LFFF"), (0, 0, 'W')),
        ((4, 4, [], "RRFF"), (0, 0, 'S')),
        ((10, 10, [[1, 1], [2, 0]], "RFFLFRF"), (1, 0, 'E')),
        ((3, 5, [], "LLLL"), (0, 0, 'N')),
        ((3, 5, [], "RRR"), (0, 0, 'W')),
        ((6, 2, [[3, 1]], "FRFFFFFLF"), (2, 1, 'N')),
        ((1000, 1000, [], "F" * 2000 + "R" + "F" * 500), (500, 999, 'E')),
        ((5, 5, [[1, 0], [0, 1]], "FRFRFRF"), (0, 0, 'W')),
    ],
    difficulty="easy",
    tags=["simulation", "grids"],
    split="test",
))

PROBLEMS.append(call_problem(
    "hop_counts_with_broken_rungs",
    statement="""
A climber stands on the ground (rung 0) below a ladder with rungs 1..n. Each hop climbs exactly
1, 2 or 3 rungs, and the climber may never land on a broken rung (the rung numbers in `broken`;
values outside 1..n are ignored, duplicates are allowed). Write
`hop_counts_with_broken_rungs(n, broken)` that returns the number of distinct hop sequences
ending exactly on rung n, modulo 1_000_000_007. For n = 0 the answer is 1 (the empty sequence);
if rung n is broken the answer is 0.

Constraints: 0 <= n <= 200_000, 0 <= len(broken) <= 200_000. Exponential enumeration is too slow.
""",
    signature="def hop_counts_with_broken_rungs(n: int, broken: list[int]) -> int:",
    reference='''
def hop_counts_with_broken_rungs(n: int, broken: list[int]) -> int:
    mod = 1_000_000_007
    bad = set(broken)
    ways = [0] * (n + 1)
    ways[0] = 1
    for rung in range(1, n + 1):
        if rung in bad:
            continue
        total = ways[rung - 1]
        if rung >= 2:
            total += ways[rung - 2]
        if rung >= 3:
            total += ways[rung - 3]
        ways[rung] = total % mod
    return ways[n]
''',
    outline="""
function hop_counts_with_broken_rungs(n, broken) -> int
    dynamic programming over rungs: ways[r] = number of hop sequences that land on rung r
    ways[0] = 1; a broken rung has ways 0
    every other rung is reached by a last hop of 1, 2 or 3 rungs
    answer ways[n] modulo 1_000_000_007
""",
    refinements=["""
bad = set of broken rungs
ways = array of n + 1 zeros; ways[0] = 1
for r from 1 to n:
    if r in bad: leave ways[r] = 0 and continue
    ways[r] = (ways[r-1] + ways[r-2] if r >= 2 + ways[r-3] if r >= 3) mod M
return ways[n]
"""],
    public=[
        ((4, []), 7),
        ((0, []), 1),
        ((5, [2]), 5),
    ],
    hidden=[
        ((1, []), 1),
        ((3, [3]), 0),
        ((6, [1, 2, 3]), 0),
        ((7, [2, 2, 9, -1]), 18),
        ((10, [4, 8]), 42),
        ((2, [1]), 1),
        ((60, []), 527277060),
        ((200_000, list(range(7, 200_000, 97))), 404738726),
        ((12, [5, 6, 7]), 0),
    ],
    difficulty="easy",
    tags=["dynamic-programming"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "overlap_area_of_plots",
    statement="""
Two garden plots are axis-aligned rectangles on an integer grid. Each is given as a list
`[x1, y1, x2, y2]` of two opposite corners, in any order (x1 may be larger than x2, and so on).
Write `overlap_area_of_plots(a, b)` that returns the area shared by both plots. Plots that only
touch along an edge or at a corner, or that do not meet, share area 0. A degenerate plot (zero
width or height) has area 0.

Constraints: every coordinate is an integer with absolute value at most 10**9.
""",
    signature="def overlap_area_of_plots(a: list[int], b: list[int]) -> int:",
    reference='''
def overlap_area_of_plots(a: list[int], b: list[int]) -> int:
    ax1, ax2 = sorted((a[0], a[2]))
    ay1, ay2 = sorted((a[1], a[3]))
    bx1, bx2 = sorted((b[0], b[2]))
    by1, by2 = sorted((b[1], b[3]))
    width = min(ax2, bx2) - max(ax1, bx1)
    height = min(ay2, by2) - max(ay1, by1)
    if width <= 0 or height <= 0:
        return 0
    return width * height
''',
    outline="""
function overlap_area_of_plots(a, b) -> int
    normalise each rectangle so that its low corner comes first on both axes
    the overlap on one axis is the interval [max of lows, min of highs]
    area = product of the two overlap lengths, or 0 when either is not positive
""",
    refinements=["""
(ax1, ax2) = sorted(a.x1, a.x2); (ay1, ay2) = sorted(a.y1, a.y2); same for b
width = min(ax2, bx2) - max(ax1, bx1)
height = min(ay2, by2) - max(ay1, by1)
if width <= 0 or height <= 0: return 0
return width * height
"""],
    public=[
        (([0, 0, 4, 4], [2, 2, 6, 6]), 4),
        (([0, 0, 1, 1], [2, 2, 3, 3]), 0),
        (([0, 0, 2, 2], [2, 0, 4, 2]), 0),
    ],
    hidden=[
        (([4, 4, 0, 0], [6, 6, 2, 2]), 4),
        (([0, 0, 10, 10], [2, 3, 5, 7]), 12),
        (([-5, -5, -1, -2], [-3, -10, 3, -4]), 2),
        (([0, 0, 3, 3], [3, 3, 5, 5]), 0),
        (([0, 0, 0, 5], [-1, -1, 5, 5]), 0),
        (([-10**9, -10**9, 10**9, 10**9], [-10**9, -10**9, 10**9, 10**9]), 4000000000000000000),
        (([1, 1, 5, 2], [2, 0, 3, 9]), 1),
        (([0, 0, 5, 5], [1, 6, 4, 8]), 0),
        (([0, 0, 5, 5], [6, 1, 8, 4]), 0),
    ],
    difficulty="easy",
    tags=["geometry", "grids"],
    split="train",
))

PROBLEMS.append(call_problem(
    "print_shop_finish_times",
    statement="""
A print shop has one printer that prints one page per second. `jobs[i] = [arrival, pages]` says
job i arrives at second `arrival` and has `pages` pages. Whenever the printer is free it starts
the waiting job that arrived first (ties broken by the smaller index); if nothing is waiting it
stays idle until the next arrival. A job with 0 pages finishes the moment it is started. Write
`print_shop_finish_times(jobs)` returning the list of finish times, in the order of `jobs`.

Constraints: 0 <= len(jobs) <= 100_000, 0 <= arrival <= 10**9, 0 <= pages <= 10**4.
""",
    signature="def print_shop_finish_times(jobs: list[list[int]]) -> list[int]:",
    reference='''
def print_shop_finish_times(jobs: list[list[int]]) -> list[int]:
    order = sorted(range(len(jobs)), key=lambda i: (jobs[i][0], i))
    finish = [0] * len(jobs)
    clock = 0
    for i in order:
        arrival, pages = jobs[i]
        clock = max(clock, arrival) + pages
        finish[i] = clock
    return finish
''',
    outline="""
function print_shop_finish_times(jobs) -> list of finish times
    serve the jobs in order of (arrival, index)
    keep the time at which the printer next becomes free
    each job starts at max(free time, its arrival) and ends pages seconds later
    write each finish time back at the job's original position
""",
    refinements=["""
order = job indices sorted by (arrival, index)
clock = 0
for i in order:
    start = max(clock, arrival of i)
    clock = start + pages of i
    finish[i] = clock
return finish
"""],
    public=[
        (([[0, 3], [1, 2], [10, 1]],), [3, 5, 11]),
        (([],), []),
        (([[5, 0]],), [5]),
    ],
    hidden=[
        (([[2, 2], [0, 1]],), [4, 1]),
        (([[0, 5], [0, 5], [0, 5]],), [5, 10, 15]),
        (([[3, 4], [3, 1], [1, 1]],), [7, 8, 2]),
        (([[0, 0], [0, 0], [1, 2]],), [0, 0, 3]),
        (([[100, 1], [0, 50], [49, 2], [50, 0]],), [101, 50, 52, 52]),
        (([[7, 3]],), [10]),
        (([[0, 2], [2, 2], [4, 2]],), [2, 4, 6]),
        (([[0, 2], [5, 1], [5, 1], [5, 1]],), [2, 6, 7, 8]),
    ],
    difficulty="easy",
    tags=["simulation", "queues"],
    split="train",
))

PROBLEMS.append(call_problem(
    "trucks_for_ordered_boxes",
    statement="""
Boxes on a conveyor must be loaded in the order given. Trucks arrive one at a time and each can
carry a total weight of at most `capacity`. The current truck takes the next box if it still
fits; otherwise the truck leaves and a new one is started with that box. Write
`trucks_for_ordered_boxes(weights, capacity)` returning the number of trucks used. No boxes means
0 trucks. If some single box is heavier than `capacity`, loading is impossible: return -1.
Boxes may weigh 0 (they always fit).

Constraints: 0 <= len(weights) <= 100_000, 0 <= weights[i] <= 10**9, 1 <= capacity <= 10**9.
""",
    signature="def trucks_for_ordered_boxes(weights: list[int], capacity: int) -> int:",
    reference='''
def trucks_for_ordered_boxes(weights: list[int], capacity: int) -> int:
    if any(w > capacity for w in weights):
        return -1
    trucks = 0
    load = 0
    for w in weights:
        if trucks == 0 or load + w > capacity:
            trucks += 1
            load = 0
        load += w
    return trucks
''',
    outline="""
function trucks_for_ordered_boxes(weights, capacity) -> int
    reject impossible inputs first: any box heavier than capacity -> -1
    greedily fill the current truck in order; start a new truck when the next box does not fit
    return the number of trucks started
""",
    refinements=["""
trucks = 0, load = 0
for w in weights:
    if no truck yet or load + w > capacity:
        trucks += 1; load = 0
    load += w
return trucks
"""],
    public=[
        (([4, 3, 2, 5], 7), 2),
        (([], 10), 0),
        (([3, 11], 10), -1),
    ],
    hidden=[
        (([10], 10), 1),
        (([5, 5, 5, 5], 10), 2),
        (([0, 0, 0], 1), 1),
        (([6, 5, 4, 3, 2, 1], 6), 4),
        (([1, 2, 3, 4, 5, 6], 6), 4),
        (([7, 7, 7], 6), -1),
        (([9, 1, 9, 1], 10), 2),
        (([2] * 1000, 5), 500),
        (([3, 0, 7, 0, 1], 10), 2),
    ],
    difficulty="easy",
    tags=["greedy", "simulation"],
    split="train",
))

PROBLEMS.append(stdio_problem(
    "orchard_groves",
    statement="""
An orchard map has R rows and C columns; 'T' marks a tree and '.' an empty spot. Two trees
belong to the same grove when they touch horizontally, vertically or diagonally (8 neighbours),
directly or through other trees of the grove.

Input: the first line holds R and C (1 <= R, C <= 400). The next R lines each hold C characters
from "T.".

Output: one line with two integers separated by a space: the number of groves and the size
(number of trees) of the largest grove; print "0 0" when there are no trees. End the output
with a newline.

Note: a grove can contain all R*C trees, so recursion deep enough to follow it may overflow.
""",
    reference='''
import sys
from collections import deque


def main() -> None:
    lines = sys.stdin.read().split()
    rows, cols = int(lines[0]), int(lines[1])
    grid = lines[2:2 + rows]
    seen = [[False] * cols for _ in range(rows)]
    groves = 0
    largest = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] != "T" or seen[r][c]:
                continue
            groves += 1
            size = 0
            seen[r][c] = True
            queue = deque([(r, c)])
            while queue:
                cr, cc = queue.popleft()
                size += 1
                for dr in (-1, 0, 1):
                    for dc in (-1, 0, 1):
                        nr, nc = cr + dr, cc + dc
                        if 0 <= nr < rows and 0 <= nc < cols and not seen[nr][nc] and grid[nr][nc] == "T":
                            seen[nr][nc] = True
                            queue.append((nr, nc))
            largest = max(largest, size)
    print(groves, largest)


main()
''',
    outline="""
program orchard_groves
    read R, C and the R map lines
    for every tree not yet visited: start a new grove and flood-fill it
        (breadth-first with an explicit queue, 8 neighbours), counting its trees
    track the number of groves and the largest size
    print "groves largest"
""",
    refinements=["""
flood fill from (r, c):
    mark (r, c) seen; queue = [(r, c)]; size = 0
    while queue not empty:
        pop a cell, size += 1
        for dr in -1..1, dc in -1..1 (skip none: the cell itself is already seen):
            if the neighbour is inside the map, is a tree and is unseen: mark seen, enqueue
largest = max(largest, size)
"""],
    public=[
        ("3 4\nTT..\n...T\nT..T\n", '3 2\n'),
        ("2 2\n..\n..\n", '0 0\n'),
        ("3 3\nT.T\n.T.\nT.T\n", '1 5\n'),
    ],
    hidden=[
        ("1 1\nT\n", '1 1\n'),
        ("1 1\n.\n", '0 0\n'),
        ("1 6\nT.T.TT\n", '3 2\n'),
        ("4 1\nT\nT\n.\nT\n", '2 2\n'),
        ("3 5\nT...T\n.....\nT...T\n", '4 1\n'),
        ("4 4\nTTTT\nT..T\nT..T\nTTTT\n", '1 12\n'),
        ("400 400\n" + "\n".join(["T" * 400] * 400) + "\n", '1 160000\n'),
        ("300 300\n" + _grid_text(300, 300, ".", "T", 0.3, seed=7) + "\n", '4271 166\n'),
        ("2 3\nT.T\n.T.\n", '1 3\n'),
    ],
    difficulty="easy",
    tags=["graphs", "bfs", "grids"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "flatten_to_depth",
    statement="""
Write `flatten_to_depth(items, depth)` that flattens a nested list only `depth` levels deep.
`items` is a list whose elements are integers, strings or (possibly empty) lists of the same
kind. With depth 0 the result is a new list equal to `items`. With depth 1 every list directly
inside `items` is replaced by its elements (spliced in place); with depth 2 the same happens
again to the lists that this exposes, and so on. Lists nested deeper than `depth` stay as they
are. Order is preserved. Do not modify the input.

Constraints: 0 <= depth <= 1000, total number of elements at all levels <= 10**4.
""",
    signature="def flatten_to_depth(items: list, depth: int) -> list:",
    reference='''
def flatten_to_depth(items: list, depth: int) -> list:
    result = []
    for item in items:
        if isinstance(item, list) and depth > 0:
            result.extend(flatten_to_depth(item, depth - 1))
        else:
            result.append(item)
    return result
''',
    outline="""
function flatten_to_depth(items, depth) -> list
    build a new list, walking the elements in order
    an element that is a list, while depth remains, is flattened recursively with depth - 1
        and its result is spliced in
    any other element (or a list once depth is used up) is kept as is
""",
    refinements=["""
result = []
for item in items:
    if item is a list and depth > 0:
        append every element of flatten_to_depth(item, depth - 1) to result
    else:
        append item to result
return result
"""],
    public=[
        (([1, [2, [3, [4]]], 5], 1), [1, 2, [3, [4]], 5]),
        (([1, [2, [3, [4]]], 5], 0), [1, [2, [3, [4]]], 5]),
        (([], 3), []),
    ],
    hidden=[
        (([1, [2, [3, [4]]], 5], 2), [1, 2, 3, [4], 5]),
        (([1, [2, [3, [4]]], 5], 3), [1, 2, 3, 4, 5]),
        (([1, [2, [3, [4]]], 5], 50), [1, 2, 3, 4, 5]),
        (([[], [[]], [[], [1]]], 1), [[], [], [1]]),
        (([[], [[]], [[], [1]]], 2), [1]),
        ((["a", ["b", ["c"]], []], 1), ['a', 'b', ['c']]),
        (([[[[["deep"]]]]], 4), ['deep']),
        (([[1, 2], [3, [4, 5]], 6, [[7]]], 1), [1, 2, 3, [4, 5], 6, [7]]),
        (([0, [-1, [-2]], [[-3, [-4]]]], 2), [0, -1, -2, -3, [-4]]),
    ],
    difficulty="easy",
    tags=["recursion", "lists"],
    split="test",
))

PROBLEMS.append(call_problem(
    "covered_length",
    statement="""
Sprinkler runs along a pipe are given as half-open ranges `[start, end)` of integer positions
(start <= end; a range with start == end covers nothing). Write `covered_length(ranges)` that
returns the total length of pipe covered by at least one range (overlapping parts count once).
An empty list covers 0.

Constraints: 0 <= len(ranges) <= 200_000, -10**9 <= start <= end <= 10**9. Counting unit
positions one by one is too slow; aim for O(n log n).
""",
    signature="def covered_length(ranges: list[list[int]]) -> int:",
    reference='''
def covered_length(ranges: list[list[int]]) -> int:
    total = 0
    cur_start = cur_end = None
    for start, end in sorted((r[0], r[1]) for r in ranges if r[0] < r[1]):
        if cur_end is None or start > cur_end:
            if cur_end is not None:
                total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    if cur_end is not None:
        total += cur_end - cur_start
    return total
''',
    outline="""
function covered_length(ranges) -> int
    drop empty ranges, sort the rest by start
    sweep left to right merging overlapping or touching ranges into blocks
    add the length of each finished block to the total
""",
    refinements=["""
cur = none; total = 0
for (s, e) in sorted non-empty ranges:
    if cur is none or s > cur.end: close cur (total += cur.end - cur.start), cur = (s, e)
    else: cur.end = max(cur.end, e)
close the last block
return total
"""],
    public=[
        (([[1, 4], [2, 6], [8, 10]],), 7),
        (([],), 0),
        (([[3, 3]],), 0),
    ],
    hidden=[
        (([[0, 1], [1, 2]],), 2),
        (([[5, 10], [0, 20], [3, 4]],), 20),
        (([[-10, -5], [-7, 2], [4, 4]],), 12),
        (([[1, 2], [1, 2], [1, 2]],), 1),
        (([[0, 5], [6, 7], [7, 9]],), 8),
        (([[-10**9, 10**9], [0, 1]],), 2000000000),
        (([[10, 20], [1, 3], [2, 11]],), 19),
        ((_rand_pairs(100_000, -10**9, 10**9, 50_000, seed=11),), 1426096024),
        (([[0, 0], [2, 2], [1, 5]],), 4),
    ],
    difficulty="easy",
    tags=["intervals", "sorting"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "forward_king_paths",
    statement="""
A game piece starts at the top-left cell of a rectangular board and must reach the bottom-right
cell. From (r, c) it may move to (r, c + 1), (r + 1, c) or (r + 1, c + 1). The board is given as
a list of equal-length strings where '.' is free and '#' is blocked; the piece may never stand on
a blocked cell. Write `forward_king_paths(board)` returning the number of distinct move sequences
modulo 1_000_000_007. If the start or the goal is blocked, or the board is empty (no rows, or
rows of length 0), return 0. A 1x1 free board has exactly 1 path (no moves).

Constraints: up to 1000 rows and 1000 columns.
""",
    signature="def forward_king_paths(board: list[str]) -> int:",
    reference='''
def forward_king_paths(board: list[str]) -> int:
    mod = 1_000_000_007
    if not board or not board[0]:
        return 0
    cols = len(board[0])
    prev = [0] * cols
    for r, row in enumerate(board):
        cur = [0] * cols
        for c in range(cols):
            if row[c] == "#":
                continue
            if r == 0 and c == 0:
                cur[c] = 1
                continue
            total = prev[c]
            if c > 0:
                total += cur[c - 1] + prev[c - 1]
            cur[c] = total % mod
        prev = cur
    return prev[cols - 1]
''',
    outline="""
function forward_king_paths(board) -> int
    handle an empty board (0)
    dynamic programming row by row: paths[r][c] = number of ways to reach (r, c)
    a free cell is reached from above, from the left or from the upper-left diagonal
    blocked cells hold 0; the start holds 1 when free
    return paths at the bottom-right cell modulo 1_000_000_007
""",
    refinements=["""
keep only the previous row `prev` and the current row `cur`
for each row r, for each column c:
    if board[r][c] == '#': cur[c] = 0
    elif (r, c) == (0, 0): cur[c] = 1
    else: cur[c] = (prev[c] + cur[c-1] + prev[c-1]) mod M   (terms with c-1 only when c > 0)
prev = cur after each row; answer prev[last column]
"""],
    public=[
        ((["...", "...", "..."],), 13),
        ((["#.", ".."],), 0),
        ((["."],), 1),
    ],
    hidden=[
        (([],), 0),
        (([""],), 0),
        (([".."],), 1),
        (([".", ".", "."],), 1),
        ((["..", ".#"],), 0),
        (([".#", "#."],), 1),
        ((["...", ".#.", "..."],), 4),
        ((["....", "##..", "...."],), 8),
        (([".#..", "....", "..#.", "...."],), 14),
        ((["." * 600] * 600,), 251376617),
    ],
    difficulty="easy",
    tags=["dynamic-programming", "grids"],
    split="test",
    timeout_s=6.0,
))

PROBLEMS.append(stdio_problem(
    "plate_stack_log",
    statement="""
A kitchen keeps a stack of plates and logs every action on it. Replay the log.

Input: the first line holds q (0 <= q <= 200_000), the number of actions. Each of the next q
lines is one of:
- `PUSH color` - put a plate of the given color (a word of letters) on top;
- `POP` - remove the top plate and print its color, or print `EMPTY` if there is none;
- `PEEK` - print the color of the top plate without removing it, or `EMPTY` if there is none.

Output: one line per POP or PEEK as described, then a final line `SIZE n` where n is the number
of plates left. Every line ends with a newline.
""",
    reference='''
import sys


def main() -> None:
    lines = sys.stdin.read().splitlines()
    count = int(lines[0]) if lines else 0
    stack: list[str] = []
    out: list[str] = []
    for line in lines[1:1 + count]:
        parts = line.split()
        if parts[0] == "PUSH":
            stack.append(parts[1])
        elif parts[0] == "POP":
            out.append(stack.pop() if stack else "EMPTY")
        else:
            out.append(stack[-1] if stack else "EMPTY")
    out.append(f"SIZE {len(stack)}")
    sys.stdout.write("\\n".join(out) + "\\n")


main()
''',
    outline="""
program plate_stack_log
    read q and the q action lines
    keep a list used as a stack (top = end of the list)
    PUSH appends; POP removes and reports the top; PEEK reports the top; empty stack -> EMPTY
    collect output lines, then add "SIZE n" and print everything at once
""",
    refinements=["""
for each action line:
    split into words
    "PUSH" -> stack.append(word 2)
    "POP"  -> output stack.pop() if stack else "EMPTY"
    "PEEK" -> output stack[-1] if stack else "EMPTY"
output "SIZE " + len(stack); join the lines with newlines and end with a newline
"""],
    public=[
        ("4\nPUSH red\nPUSH blue\nPOP\nPEEK\n", 'blue\nred\nSIZE 1\n'),
        ("0\n", 'SIZE 0\n'),
        ("2\nPOP\nPEEK\n", 'EMPTY\nEMPTY\nSIZE 0\n'),
    ],
    hidden=[
        ("1\nPUSH white\n", 'SIZE 1\n'),
        ("3\nPUSH a\nPOP\nPOP\n", 'a\nEMPTY\nSIZE 0\n'),
        ("5\nPUSH x\nPUSH x\nPEEK\nPOP\nPEEK\n", 'x\nx\nx\nSIZE 1\n'),
        ("6\nPUSH green\nPEEK\nPEEK\nPUSH teal\nPOP\nPOP\n", 'green\ngreen\nteal\ngreen\nSIZE 0\n'),
        ("4\nPEEK\nPUSH z\nPEEK\nPOP\n", 'EMPTY\nz\nz\nSIZE 0\n'),
        ("200000\n" + "PUSH p\n" * 199_998 + "POP\nPEEK\n", 'p\np\nSIZE 199997\n'),
        ("3\nPUSH one\nPUSH two\nPUSH three\n", 'SIZE 3\n'),
        ("7\nPUSH a\nPUSH b\nPOP\nPUSH c\nPOP\nPOP\nPOP\n", 'b\nc\na\nEMPTY\nSIZE 0\n'),
    ],
    difficulty="easy",
    tags=["stacks", "simulation"],
    split="test",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "hops_between_stations",
    statement="""
A metro network has stations 0..n-1 and two-way tracks `tracks[i] = [u, v]` (there may be
duplicate tracks and tracks from a station to itself). Write
`hops_between_stations(n, tracks, start, goal)` returning the smallest number of tracks a
passenger must ride to get from `start` to `goal`, 0 if they are the same station, or -1 if the
goal cannot be reached.

Constraints: 1 <= n <= 200_000, 0 <= len(tracks) <= 300_000, 0 <= start, goal < n. The solution
must be roughly linear in n + len(tracks).
""",
    signature="def hops_between_stations(n: int, tracks: list[list[int]], start: int, goal: int) -> int:",
    reference='''
from collections import deque


def hops_between_stations(n: int, tracks: list[list[int]], start: int, goal: int) -> int:
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for u, v in tracks:
        neighbours[u].append(v)
        neighbours[v].append(u)
    dist = [-1] * n
    dist[start] = 0
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return dist[node]
        for nxt in neighbours[node]:
            if dist[nxt] < 0:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    return -1
''',
    outline="""
function hops_between_stations(n, tracks, start, goal) -> int
    build adjacency lists (both directions)
    breadth-first search from start, recording the distance of each station when first seen
    the first time goal is taken from the queue its distance is the answer; otherwise -1
""",
    refinements=["""
dist = array of -1, dist[start] = 0, queue = [start]
while queue:
    node = pop front
    if node == goal: return dist[node]
    for each neighbour nxt with dist[nxt] == -1:
        dist[nxt] = dist[node] + 1; push nxt
return -1
"""],
    public=[
        ((5, [[0, 1], [1, 2], [2, 3], [0, 4], [4, 3]], 0, 3), 2),
        ((3, [[0, 1]], 0, 2), -1),
        ((1, [], 0, 0), 0),
    ],
    hidden=[
        ((4, [[0, 1], [1, 2], [2, 3]], 3, 0), 3),
        ((4, [[0, 0], [1, 1]], 0, 1), -1),
        ((6, [[0, 1], [0, 1], [1, 2], [2, 5], [0, 3], [3, 4], [4, 5]], 0, 5), 3),
        ((2, [[1, 0]], 0, 1), 1),
        ((5, [[0, 1], [1, 2], [3, 4]], 4, 3), 1),
        ((5, [[0, 1], [1, 2], [3, 4]], 2, 2), 0),
        ((7, [[0, 6], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6]], 1, 5), 3),
        ((50_000, [[i, i + 1] for i in range(49_999)], 0, 49_999), 49999),
        ((8, [[0, 1], [1, 2], [2, 0], [2, 3], [3, 7], [1, 7]], 0, 7), 2),
    ],
    difficulty="easy",
    tags=["graphs", "bfs"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "max_snacks_with_coupon",
    statement="""
A vending corner sells snacks with the given integer `prices` (each snack can be bought at most
once). You have `budget` coins and one coupon that, applied to a single snack you buy, lowers its
price to `price // 2` (rounded down). Write `max_snacks_with_coupon(prices, budget)` returning
the largest number of snacks you can buy with a total cost of at most `budget`. The coupon may
go unused. Empty `prices` -> 0.

Constraints: 0 <= len(prices) <= 200_000, 0 <= prices[i] <= 10**9, 0 <= budget <= 10**15.
""",
    signature="def max_snacks_with_coupon(prices: list[int], budget: int) -> int:",
    reference='''
def max_snacks_with_coupon(prices: list[int], budget: int) -> int:
    ordered = sorted(prices)
    best = 0
    spent = 0
    for count, price in enumerate(ordered, start=1):
        spent += price
        # For k snacks the cheapest choice is the k cheapest, with the coupon on the dearest.
        if spent - price + price // 2 <= budget:
            best = count
        else:
            break
    return best
''',
    outline="""
function max_snacks_with_coupon(prices, budget) -> int
    claim: buying k snacks is cheapest with the k cheapest snacks and the coupon on the most
        expensive of them (exchange argument: a cheaper snack never costs more)
    sort prices; for k = 1, 2, ... compute that cost from a running sum
    the answer is the largest k whose cost fits the budget (costs grow with k, so stop early)
""",
    refinements=["""
sort prices ascending; spent = 0; best = 0
for k, p in enumerate(sorted prices, start 1):
    spent += p                          # sum of the k cheapest
    cost = spent - p + floor(p / 2)     # coupon on the k-th, the dearest of them
    if cost <= budget: best = k else stop
return best
"""],
    public=[
        (([4, 2, 8, 6], 10), 3),
        (([], 5), 0),
        (([10], 5), 1),
    ],
    hidden=[
        (([10], 4), 0),
        (([1, 1, 1, 1], 3), 4),
        (([3, 3, 3], 7), 3),
        (([0, 0, 5], 0), 2),
        (([7, 1, 100], 51), 2),
        (([9, 9, 9, 9], 0), 0),
        (([5, 5, 5, 5], 17), 4),
        ((_rand_ints(200_000, 0, 10**9, seed=3), 10**13), 63353),
        (([2, 3, 1000000000], 500000004), 2),
    ],
    difficulty="easy",
    tags=["greedy", "sorting"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "balance_pan_assignments",
    statement="""
A two-pan balance and a set of weights are on a table. Each weight is placed on the left pan, on
the right pan, or left off the balance. Write `balance_pan_assignments(weights, target)` that
counts the assignments for which (total on the left) - (total on the right) equals `target`.
Weights are distinguished by their position in the list, so equal weights still give different
assignments. With no weights there is exactly one assignment (everything off), which counts when
target is 0.

Constraints: 0 <= len(weights) <= 12, 1 <= weights[i] <= 1000, |target| <= 10**4.
""",
    signature="def balance_pan_assignments(weights: list[int], target: int) -> int:",
    reference='''
def balance_pan_assignments(weights: list[int], target: int) -> int:
    def count(index: int, difference: int) -> int:
        if index == len(weights):
            return 1 if difference == target else 0
        w = weights[index]
        return count(index + 1, difference + w) + count(index + 1, difference - w) + count(index + 1, difference)

    return count(0, 0)
''',
    outline="""
function balance_pan_assignments(weights, target) -> int
    backtracking over the weights in order, carrying the current left-minus-right difference
    each weight branches three ways: left (+w), right (-w), off (unchanged)
    a complete assignment counts 1 when its difference equals target
""",
    refinements=["""
count(i, diff):
    if i == number of weights: return 1 if diff == target else 0
    w = weights[i]
    return count(i+1, diff + w) + count(i+1, diff - w) + count(i+1, diff)
answer = count(0, 0)
"""],
    public=[
        (([1, 2], 1), 2),
        (([], 0), 1),
        (([], 3), 0),
    ],
    hidden=[
        (([5], 5), 1),
        (([5], -5), 1),
        (([5], 0), 1),
        (([2, 2], 0), 3),
        (([1, 2, 3], 0), 3),
        (([1, 2, 3], 6), 1),
        (([1, 2, 3], 7), 0),
        (([3, 1, 4, 1, 5, 9, 2, 6], 4), 216),
        (([1000] * 12, 0), 73789),
        (([7, 11, 13], -2), 1),
    ],
    difficulty="easy",
    tags=["recursion", "backtracking"],
    split="train",
))

# ------------------------------------------------------------------------------------------------
# Medium
# ------------------------------------------------------------------------------------------------

PROBLEMS.append(call_problem(
    "rooms_with_cleanup",
    statement="""
A co-working space books meetings as half-open time ranges `[start, end)` with start < end
(integer minutes). After a meeting ends, its room must be cleaned for `cleanup` minutes before
another meeting can start in it: a room whose meeting ended at `end` can host a meeting starting
at `end + cleanup` or later. Write `rooms_with_cleanup(meetings, cleanup)` returning the smallest
number of rooms that can host all meetings. No meetings -> 0.

Constraints: 0 <= len(meetings) <= 100_000, 0 <= start < end <= 10**9, 0 <= cleanup <= 10**6.
Aim for O(n log n).
""",
    signature="def rooms_with_cleanup(meetings: list[list[int]], cleanup: int) -> int:",
    reference='''
import heapq


def rooms_with_cleanup(meetings: list[list[int]], cleanup: int) -> int:
    ready_times: list[int] = []  # min-heap: when each room becomes usable again
    for start, end in sorted((m[0], m[1]) for m in meetings):
        if ready_times and ready_times[0] <= start:
            heapq.heapreplace(ready_times, end + cleanup)
        else:
            heapq.heappush(ready_times, end + cleanup)
    return len(ready_times)
''',
    outline="""
function rooms_with_cleanup(meetings, cleanup) -> int
    process meetings by start time
    keep a min-heap with, for every room opened so far, the time it becomes usable again
        (its last meeting's end plus cleanup)
    a meeting reuses the earliest-ready room if that room is ready by its start,
        otherwise it opens a new room
    the answer is the number of rooms opened
""",
    refinements=["""
heap = []
for (start, end) in meetings sorted by start:
    if heap not empty and heap.min <= start:
        replace heap.min with end + cleanup      # reuse that room
    else:
        push end + cleanup                       # new room
return size of heap
"""],
    public=[
        (([[0, 30], [5, 10], [15, 20]], 0), 2),
        (([], 5), 0),
        (([[0, 10], [10, 20]], 5), 2),
    ],
    hidden=[
        (([[0, 10], [10, 20]], 0), 1),
        (([[0, 10], [15, 20]], 5), 1),
        (([[0, 10], [14, 20]], 5), 2),
        (([[1, 2]], 100), 1),
        (([[0, 5], [0, 5], [0, 5]], 0), 3),
        (([[10, 20], [0, 5], [5, 10], [20, 30]], 0), 1),
        (([[10, 20], [0, 5], [5, 10], [20, 30]], 1), 2),
        (([[0, 4], [1, 5], [6, 9], [5, 7], [9, 12]], 1), 2),
        (([[a, b + 1] for a, b in _rand_pairs(40_000, 0, 400_000, 300, seed=5)], 20), 40),
    ],
    difficulty="medium",
    tags=["intervals", "greedy", "heaps"],
    split="test",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "smallest_build_order",
    statement="""
A build system has modules with unique names (`modules`, a list of strings) and dependency
rules `rules[i] = [first, then]` meaning module `first` must be built before module `then`.
Every name in a rule appears in `modules`; rules may repeat. Write
`smallest_build_order(modules, rules)` returning an order that contains every module exactly once
and respects all rules; among all valid orders return the lexicographically smallest one
(compare the lists element by element, names compared as Python strings). If the rules contain a
cycle (including a module that depends on itself) no order exists: return []. No modules -> [].

Constraints: 0 <= len(modules) <= 50_000, 0 <= len(rules) <= 100_000.
""",
    signature="def smallest_build_order(modules: list[str], rules: list[list[str]]) -> list[str]:",
    reference='''
import heapq


def smallest_build_order(modules: list[str], rules: list[list[str]]) -> list[str]:
    waiting_on = {name: 0 for name in modules}
    unlocks: dict[str, list[str]] = {name: [] for name in modules}
    for first, then in rules:
        unlocks[first].append(then)
        waiting_on[then] += 1
    ready = [name for name, count in waiting_on.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        name = heapq.heappop(ready)
        order.append(name)
        for nxt in unlocks[name]:
            waiting_on[nxt] -= 1
            if waiting_on[nxt] == 0:
                heapq.heappush(ready, nxt)
    return order if len(order) == len(modules) else []
''',
    outline="""
function smallest_build_order(modules, rules) -> list of names
    topological sort (Kahn): count unmet prerequisites of every module, list what each unlocks
    keep the modules with no unmet prerequisite in a min-heap, so the smallest name goes first
    repeatedly take the smallest ready module, append it, and release what it unlocks
    if some modules were never released there is a cycle -> []
""",
    refinements=["""
indegree[m] = 0 for all m; unlocks[m] = []
for (a, b) in rules: unlocks[a].append(b); indegree[b] += 1   (duplicates counted each time)
heap = modules with indegree 0
while heap: m = pop smallest; order.append(m)
    for b in unlocks[m]: indegree[b] -= 1; if indegree[b] == 0: push b
return order if len(order) == number of modules else []
"""],
    public=[
        ((["net", "core", "ui"], [["core", "net"], ["net", "ui"]]), ['core', 'net', 'ui']),
        (([], []), []),
        ((["a", "b"], [["a", "b"], ["b", "a"]]), []),
    ],
    hidden=[
        ((["solo"], []), ['solo']),
        ((["solo"], [["solo", "solo"]]), []),
        ((["d", "c", "b", "a"], []), ['a', 'b', 'c', 'd']),
        ((["b", "a", "c"], [["c", "a"]]), ['b', 'c', 'a']),
        ((["x", "y", "z"], [["x", "y"], ["x", "y"], ["y", "z"]]), ['x', 'y', 'z']),
        ((["m1", "m2", "m3", "m4"], [["m4", "m1"], ["m3", "m1"], ["m2", "m4"]]), ['m2', 'm3', 'm4', 'm1']),
        ((["a", "b", "c", "d"], [["a", "b"], ["b", "c"], ["c", "b"]]), []),
        ((["Zeta", "alpha", "Beta"], []), ['Beta', 'Zeta', 'alpha']),
        (([f"mod{i:05d}" for i in range(50_000)], [[f"mod{i + 1:05d}", f"mod{i:05d}"] for i in range(49_999)] + [["mod00000", "mod49999"]]), []),
        (([f"m{i:03d}" for i in range(300)], [[f"m{i + 1:03d}", f"m{i:03d}"] for i in range(0, 299, 2)] + [[f"m{i:03d}", f"m{i + 3:03d}"] for i in range(0, 297, 5)]), ['m001', 'm000', 'm003', 'm002', 'm005', 'm004', 'm007', 'm006', 'm009', 'm008', 'm011', 'm010', 'm013', 'm012', 'm015', 'm014', 'm017', 'm016', 'm019', 'm018', 'm021', 'm020', 'm023', 'm022', 'm025', 'm024', 'm027', 'm026', 'm029', 'm028', 'm031', 'm030', 'm033', 'm032', 'm035', 'm034', 'm037', 'm036', 'm039', 'm038', 'm041', 'm040', 'm043', 'm042', 'm045', 'm044', 'm047', 'm046', 'm049', 'm048', 'm051', 'm050', 'm053', 'm052', 'm055', 'm054', 'm057', 'm056', 'm059', 'm058', 'm061', 'm060', 'm063', 'm062', 'm065', 'm064', 'm067', 'm066', 'm069', 'm068', 'm071', 'm070', 'm073', 'm072', 'm075', 'm074', 'm077', 'm076', 'm079', 'm078', 'm081', 'm080', 'm083', 'm082', 'm085', 'm084', 'm087', 'm086', 'm089', 'm088', 'm091', 'm090', 'm093', 'm092', 'm095', 'm094', 'm097', 'm096', 'm099', 'm098', 'm101', 'm100', 'm103', 'm102', 'm105', 'm104', 'm107', 'm106', 'm109', 'm108', 'm111', 'm110', 'm113', 'm112', 'm115', 'm114', 'm117', 'm116', 'm119', 'm118', 'm121', 'm120', 'm123', 'm122', 'm125', 'm124', 'm127', 'm126', 'm129', 'm128', 'm131', 'm130', 'm133', 'm132', 'm135', 'm134', 'm137', 'm136', 'm139', 'm138', 'm141', 'm140', 'm143', 'm142', 'm145', 'm144', 'm147', 'm146', 'm149', 'm148', 'm151', 'm150', 'm153', 'm152', 'm155', 'm154', 'm157', 'm156', 'm159', 'm158', 'm161', 'm160', 'm163', 'm162', 'm165', 'm164', 'm167', 'm166', 'm169', 'm168', 'm171', 'm170', 'm173', 'm172', 'm175', 'm174', 'm177', 'm176', 'm179', 'm178', 'm181', 'm180', 'm183', 'm182', 'm185', 'm184', 'm187', 'm186', 'm189', 'm188', 'm191', 'm190', 'm193', 'm192', 'm195', 'm194', 'm197', 'm196', 'm199', 'm198', 'm201', 'm200', 'm203', 'm202', 'm205', 'm204', 'm207', 'm206', 'm209', 'm208', 'm211', 'm210', 'm213', 'm212', 'm215', 'm214', 'm217', 'm216', 'm219', 'm218', 'm221', 'm220', 'm223', 'm222', 'm225', 'm224', 'm227', 'm226', 'm229', 'm228', 'm231', 'm230', 'm233', 'm232', 'm235', 'm234', 'm237', 'm236', 'm239', 'm238', 'm241', 'm240', 'm243', 'm242', 'm245', 'm244', 'm247', 'm246', 'm249', 'm248', 'm251', 'm250', 'm253', 'm252', 'm255', 'm254', 'm257', 'm256', 'm259', 'm258', 'm261', 'm260', 'm263', 'm262', 'm265', 'm264', 'm267', 'm266', 'm269', 'm268', 'm271', 'm270', 'm273', 'm272', 'm275', 'm274', 'm277', 'm276', 'm279', 'm278', 'm281', 'm280', 'm283', 'm282', 'm285', 'm284', 'm287', 'm286', 'm289', 'm288', 'm291', 'm290', 'm293', 'm292', 'm295', 'm294', 'm297', 'm296', 'm299', 'm298']),
    ],
    difficulty="medium",
    tags=["graphs", "topological-sort", "heaps"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(stdio_problem(
    "friend_groups_log",
    statement="""
A social app has users 1..n, each initially in a group of their own. Replay a log of events:

- `LINK a b` - the groups of users a and b merge into one group (nothing happens if they are
  already in the same group);
- `ASK a b` - print `YES` if a and b are in the same group, otherwise `NO`;
- `COUNT` - print the current number of groups.

Input: the first line holds n and q (1 <= n <= 200_000, 0 <= q <= 200_000). Each of the next q
lines is one event; 1 <= a, b <= n (a may equal b).

Output: one line per ASK or COUNT event, in order, each ending with a newline. If there are no
such events, print nothing.
""",
    reference='''
import sys


def main() -> None:
    data = sys.stdin.read().split()
    n, q = int(data[0]), int(data[1])
    parent = list(range(n + 1))
    size = [1] * (n + 1)
    groups = n

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    out: list[str] = []
    pos = 2
    for _ in range(q):
        op = data[pos]
        if op == "COUNT":
            out.append(str(groups))
            pos += 1
            continue
        a, b = find(int(data[pos + 1])), find(int(data[pos + 2]))
        pos += 3
        if op == "ASK":
            out.append("YES" if a == b else "NO")
        elif a != b:
            if size[a] < size[b]:
                a, b = b, a
            parent[b] = a
            size[a] += size[b]
            groups -= 1
    if out:
        sys.stdout.write("\\n".join(out) + "\\n")


main()
''',
    outline="""
program friend_groups_log
    disjoint-set union over users 1..n with path compression and union by size
    keep the number of groups, starting at n, minus one for every merge of two distinct groups
    LINK merges, ASK compares roots, COUNT reports the counter
    print the collected answers
""",
    refinements=["""
find(x): walk parents to the root, then point every node on the path at the root
LINK a b: ra, rb = find(a), find(b); if ra != rb: attach the smaller under the larger, groups -= 1
ASK a b: output YES if find(a) == find(b) else NO
COUNT: output groups
tokens are read all at once; COUNT has no operands, the other events have two
"""],
    public=[
        ("4 5\nLINK 1 2\nASK 1 2\nASK 1 3\nCOUNT\nLINK 2 1\n", 'YES\nNO\n3\n'),
        ("3 0\n", ''),
        ("1 3\nASK 1 1\nLINK 1 1\nCOUNT\n", 'YES\n1\n'),
    ],
    hidden=[
        ("5 6\nLINK 1 2\nLINK 3 4\nASK 2 4\nLINK 2 3\nASK 1 4\nCOUNT\n", 'NO\nYES\n2\n'),
        ("2 2\nLINK 1 2\nLINK 1 2\n", ''),
        ("2 3\nCOUNT\nLINK 2 1\nCOUNT\n", '2\n1\n'),
        ("6 7\nLINK 1 2\nLINK 2 3\nLINK 4 5\nASK 3 1\nASK 5 6\nCOUNT\nASK 6 6\n", 'YES\nNO\n3\nYES\n'),
        ("3 4\nASK 1 2\nLINK 3 3\nCOUNT\nASK 2 3\n", 'NO\n3\nNO\n'),
        ("200000 200000\n" + "".join(f"LINK {i} {i + 1}\n" for i in range(1, 100_000)) + "".join(f"LINK {i} {i + 1}\n" for i in range(100_001, 199_998)) + "COUNT\nASK 1 100000\nASK 100001 200000\nASK 1 200000\n", '4\nYES\nNO\nNO\n'),
        ("4 6\nLINK 1 2\nLINK 3 4\nCOUNT\nLINK 1 4\nCOUNT\nASK 2 3\n", '2\n1\nYES\n'),
        ("5 1\nCOUNT\n", '5\n'),
    ],
    difficulty="medium",
    tags=["graphs", "union-find"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "gentle_climb_trail",
    statement="""
A hiking map is a rectangular grid of integer heights (`heights`, a list of equal-length rows).
A trail is a sequence of cells in which each next cell is a horizontal or vertical neighbour of
the previous one and is strictly higher, but by at most `k`. Write `gentle_climb_trail(heights, k)`
returning the number of cells of the longest trail. A single cell is a trail of length 1; an
empty grid (no rows, or empty rows) gives 0.

Constraints: up to 250 x 250 cells, heights between -10**9 and 10**9, 0 <= k <= 2 * 10**9.
Enumerating trails one by one is too slow.
""",
    signature="def gentle_climb_trail(heights: list[list[int]], k: int) -> int:",
    reference='''
def gentle_climb_trail(heights: list[list[int]], k: int) -> int:
    if not heights or not heights[0]:
        return 0
    rows, cols = len(heights), len(heights[0])
    longest = [[1] * cols for _ in range(rows)]
    # Highest cells first: every cell a trail can step up to is final before it is read.
    cells = sorted(((heights[r][c], r, c) for r in range(rows) for c in range(cols)), reverse=True)
    best = 0
    for h, r, c in cells:
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols and h < heights[nr][nc] <= h + k:
                longest[r][c] = max(longest[r][c], longest[nr][nc] + 1)
        best = max(best, longest[r][c])
    return best
''',
    outline="""
function gentle_climb_trail(heights, k) -> int
    empty grid -> 0
    longest[cell] = length of the longest trail starting at cell
    a trail only climbs, so compute cells from the highest to the lowest:
        longest[cell] = 1 + max longest[neighbour] over neighbours that are higher by 1..k
    return the maximum over all cells
""",
    refinements=["""
sort all cells by height, descending
for (h, r, c) in that order:
    longest[r][c] = 1
    for each of the 4 neighbours (nr, nc) inside the grid:
        if h < heights[nr][nc] <= h + k:
            longest[r][c] = max(longest[r][c], longest[nr][nc] + 1)
answer = max of longest
(equal heights never connect, so their relative order does not matter)
"""],
    public=[
        (([[1, 2, 3], [6, 5, 4]], 1), 6),
        (([], 3), 0),
        (([[5]], 0), 1),
    ],
    hidden=[
        (([[]], 1), 0),
        (([[1, 2, 3], [6, 5, 4]], 0), 1),
        (([[1, 3, 5, 7]], 1), 1),
        (([[1, 3, 5, 7]], 2), 4),
        (([[4, 4], [4, 4]], 10), 1),
        (([[-3, -2], [0, -1]], 1), 4),
        (([[9, 8, 7], [2, 1, 6], [3, 4, 5]], 1), 9),
        (([[9, 8, 7], [2, 1, 6], [3, 4, 5]], 3), 9),
        (([[1, 10, 1], [10, 1, 10]], 9), 2),
        (([[r * 250 + (c if r % 2 == 0 else 249 - c) for c in range(250)] for r in range(250)], 1), 62500),
    ],
    difficulty="medium",
    tags=["dynamic-programming", "grids", "graphs"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "cheapest_route_with_tolls",
    statement="""
Towns 0..n-1 are joined by one-way roads `roads[i] = [u, v, cost]` (cost >= 0). Entering town v
also costs `tolls[v]` every time it is entered (the start town's toll is not paid at the start,
but it is paid again if a route re-enters it). Write
`cheapest_route_with_tolls(n, roads, tolls, start, goal)` returning the cheapest total cost of a
route from `start` to `goal` (road costs plus tolls of every town entered, the goal's included),
0 if start == goal, or -1 if the goal is unreachable.

Constraints: 1 <= n <= 100_000, 0 <= len(roads) <= 200_000, 0 <= cost, tolls[v] <= 10**6.
Aim for O((n + m) log n).
""",
    signature="def cheapest_route_with_tolls(n: int, roads: list[list[int]], tolls: list[int], start: int, goal: int) -> int:",
    reference='''
import heapq


def cheapest_route_with_tolls(n: int, roads: list[list[int]], tolls: list[int], start: int, goal: int) -> int:
    out_roads: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for u, v, cost in roads:
        out_roads[u].append((v, cost + tolls[v]))
    best = [-1] * n
    heap = [(0, start)]
    while heap:
        spent, town = heapq.heappop(heap)
        if best[town] >= 0:
            continue
        best[town] = spent
        if town == goal:
            return spent
        for nxt, price in out_roads[town]:
            if best[nxt] < 0:
                heapq.heappush(heap, (spent + price, nxt))
    return -1
''',
    outline="""
function cheapest_route_with_tolls(n, roads, tolls, start, goal) -> int
    fold each toll into the roads that enter its town: weight(u -> v) = cost + tolls[v]
    all weights are non-negative, so run Dijkstra from start with a min-heap
    the first time goal is settled its distance is the answer; never settled -> -1
""",
    refinements=["""
adjacency: out[u] gets (v, cost + tolls[v]) for every road
best = array of -1 (unsettled); heap = [(0, start)]
while heap: (d, town) = pop smallest
    if town already settled: skip
    settle town with d; if town == goal: return d
    for (v, w) in out[town] with v unsettled: push (d + w, v)
return -1
"""],
    public=[
        ((3, [[0, 1, 1], [1, 2, 1], [0, 2, 5]], [0, 10, 0], 0, 2), 5),
        ((2, [], [0, 0], 0, 1), -1),
        ((2, [[0, 1, 3]], [7, 7], 1, 1), 0),
    ],
    hidden=[
        ((2, [[0, 1, 3]], [7, 2], 0, 1), 5),
        ((2, [[1, 0, 3]], [0, 0], 0, 1), -1),
        ((4, [[0, 1, 0], [1, 2, 0], [2, 3, 0]], [5, 0, 0, 0], 0, 3), 0),
        ((4, [[0, 1, 1], [0, 2, 1], [1, 3, 1], [2, 3, 1]], [0, 5, 2, 1], 0, 3), 5),
        ((3, [[0, 1, 4], [0, 1, 2], [1, 2, 1]], [0, 0, 0], 0, 2), 3),
        ((3, [[0, 0, 1], [0, 1, 1]], [100, 1, 0], 0, 1), 2),
        ((5, [[0, 1, 2], [1, 2, 2], [2, 3, 2], [3, 4, 2], [0, 4, 20]], [0, 1, 1, 1, 0], 0, 4), 11),
        ((5, [[0, 1, 2], [1, 2, 2], [2, 3, 2], [3, 4, 2], [0, 4, 20]], [0, 5, 5, 5, 0], 0, 4), 20),
        ((30_000, _rand_graph(30_000, 60_000, 1_000, seed=9), _rand_ints(30_000, 0, 1_000, seed=10), 0, 29_999), 14790),
    ],
    difficulty="medium",
    tags=["graphs", "shortest-paths", "heaps"],
    split="test",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "tower_cable_length",
    statement="""
Radio towers stand in a row at positions 0..n-1 with the given `heights`. Every tower is wired
to its nearest strictly taller tower (to the left or to the right, whichever is closer; the cable
length is the distance in positions, so a tie between both sides gives the same length). A tower
with no strictly taller tower anywhere gets no cable. Write `tower_cable_length(heights)` returning
the total length of cable needed. An empty row needs 0.

Constraints: 0 <= n <= 200_000, heights between -10**9 and 10**9. The solution must be
near-linear: checking every pair is too slow.
""",
    signature="def tower_cable_length(heights: list[int]) -> int:",
    reference='''
def tower_cable_length(heights: list[int]) -> int:
    n = len(heights)

    def nearest_taller(indices: range) -> list[int]:
        found = [-1] * n
        stack: list[int] = []  # indices with strictly decreasing heights
        for i in indices:
            while stack and heights[stack[-1]] <= heights[i]:
                stack.pop()
            found[i] = stack[-1] if stack else -1
            stack.append(i)
        return found

    left = nearest_taller(range(n))
    right = nearest_taller(range(n - 1, -1, -1))
    total = 0
    for i in range(n):
        options = [abs(i - j) for j in (left[i], right[i]) if j >= 0]
        if options:
            total += min(options)
    return total
''',
    outline="""
function tower_cable_length(heights) -> int
    for every tower find the nearest strictly taller tower on the left and on the right
        with a monotonic stack (one pass each way)
    each tower adds the smaller of the two distances that exist (or nothing)
    return the sum
""",
    refinements=["""
nearest_taller(order of indices):
    stack of indices whose heights strictly decrease from bottom to top
    for i in order:
        pop while height[top] <= height[i]     # not strictly taller: useless from now on
        answer[i] = top if stack else none
        push i
left = nearest_taller(0..n-1); right = nearest_taller(n-1..0)
total += min(|i - left[i]|, |i - right[i]|) over the ones that exist
"""],
    public=[
        (([3, 1, 4],), 3),
        (([],), 0),
        (([7],), 0),
    ],
    hidden=[
        (([2, 2, 2],), 0),
        (([1, 2, 3, 4],), 3),
        (([4, 3, 2, 1],), 3),
        (([5, 1, 1, 1, 1, 6],), 11),
        (([1, 5, 1, 5, 1],), 3),
        (([-1, -5, -3, 0],), 5),
        (([3, 1, 2, 1, 3, 9],), 10),
        ((list(range(80_000, 0, -1)),), 79999),
        ((_rand_ints(80_000, -10**9, 10**9, seed=21),), 483124),
    ],
    difficulty="medium",
    tags=["stacks", "arrays"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "fewest_sprinklers",
    statement="""
A straight lawn covers the closed segment [0, length]. Sprinkler i stands at integer position
`sprinklers[i][0]` and waters the closed segment [pos - radius, pos + radius] where
radius = `sprinklers[i][1]` (>= 0). Write `fewest_sprinklers(length, sprinklers)` returning the
smallest number of sprinklers to switch on so that every point of [0, length] is watered, or -1
if that is impossible. Segments that merely touch (one ends at x, the next starts at x) leave no
gap.

Constraints: 1 <= length <= 10**9, 0 <= len(sprinklers) <= 100_000, positions between -10**9 and
2 * 10**9, 0 <= radius <= 10**9. Aim for O(n log n).
""",
    signature="def fewest_sprinklers(length: int, sprinklers: list[list[int]]) -> int:",
    reference='''
def fewest_sprinklers(length: int, sprinklers: list[list[int]]) -> int:
    spans = sorted((pos - radius, pos + radius) for pos, radius in sprinklers)
    covered_to = 0
    used = 0
    i = 0
    while covered_to < length:
        reach = covered_to
        while i < len(spans) and spans[i][0] <= covered_to:
            reach = max(reach, spans[i][1])
            i += 1
        if reach <= covered_to:
            return -1
        covered_to = reach
        used += 1
    return used
''',
    outline="""
function fewest_sprinklers(length, sprinklers) -> int
    turn each sprinkler into its segment and sort the segments by left end
    greedy sweep: covered_to starts at 0
    repeatedly, among segments starting at or before covered_to, switch on the one reaching
        furthest right; if none extends the coverage the lawn cannot be covered
    stop when covered_to >= length and return how many were switched on
""",
    refinements=["""
spans = sorted (pos - r, pos + r); covered_to = 0; used = 0; i = 0
while covered_to < length:
    reach = covered_to
    while i < len(spans) and spans[i].left <= covered_to:
        reach = max(reach, spans[i].right); i += 1
    if reach <= covered_to: return -1
    covered_to = reach; used += 1
return used
"""],
    public=[
        ((10, [[2, 2], [6, 3], [9, 1]]), 3),
        ((5, []), -1),
        ((4, [[1, 1], [3, 0]]), -1),
    ],
    hidden=[
        ((4, [[2, 2]]), 1),
        ((4, [[2, 1], [0, 1], [4, 1]]), 3),
        ((1, [[5, 3]]), -1),
        ((10, [[0, 5], [10, 5], [5, 5]]), 1),
        ((10, [[1, 1], [3, 1], [5, 1], [7, 1], [9, 1]]), 5),
        ((10, [[1, 1], [3, 1], [5, 1], [7, 1], [9, 0]]), -1),
        ((6, [[-10, 12], [3, 3], [6, 1]]), 1),
        ((7, [[1, 1], [2, 2], [5, 2], [6, 1], [4, 3]]), 2),
        ((10**9, [[i * 10_000, 5_000] for i in range(100_001)]), 100001),
        ((3, [[0, 0], [1, 0], [2, 0], [3, 0]]), -1),
    ],
    difficulty="medium",
    tags=["greedy", "intervals"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "weighted_edit_cost",
    statement="""
A text-diff tool turns string `source` into string `target` with three edits, each with its own
non-negative integer price: inserting one character costs `insert_cost`, deleting one character
costs `delete_cost`, and replacing one character by a different one costs `replace_cost`.
Write `weighted_edit_cost(source, target, insert_cost, delete_cost, replace_cost)` returning the
cheapest total price. Equal strings cost 0. Note that a replacement may cost more than a
deletion plus an insertion.

Constraints: 0 <= len(source), len(target) <= 400; prices between 0 and 10**6.
""",
    signature="def weighted_edit_cost(source: str, target: str, insert_cost: int, delete_cost: int, replace_cost: int) -> int:",
    reference='''
def weighted_edit_cost(source: str, target: str, insert_cost: int, delete_cost: int, replace_cost: int) -> int:
    cols = len(target)
    prev = [j * insert_cost for j in range(cols + 1)]
    for i in range(1, len(source) + 1):
        cur = [i * delete_cost] + [0] * cols
        for j in range(1, cols + 1):
            keep_or_replace = prev[j - 1] + (0 if source[i - 1] == target[j - 1] else replace_cost)
            cur[j] = min(keep_or_replace, prev[j] + delete_cost, cur[j - 1] + insert_cost)
        prev = cur
    return prev[cols]
''',
    outline="""
function weighted_edit_cost(source, target, ins, dele, rep) -> int
    dynamic programming over prefixes: cost[i][j] = cheapest way to turn source[:i] into target[:j]
    cost[0][j] = j insertions, cost[i][0] = i deletions
    otherwise the last step is a match/replacement, a deletion or an insertion
    return cost[len(source)][len(target)], keeping only two rows of the table
""",
    refinements=["""
prev = [j * ins for j in 0..m]
for i in 1..n:
    cur[0] = i * dele
    for j in 1..m:
        diag = prev[j-1] + (0 if source[i-1] == target[j-1] else rep)
        cur[j] = min(diag, prev[j] + dele, cur[j-1] + ins)
    prev = cur
return prev[m]
"""],
    public=[
        (("kitten", "sitting", 1, 1, 1), 3),
        (("", "", 5, 5, 5), 0),
        (("abc", "", 2, 3, 4), 9),
    ],
    hidden=[
        (("", "abcd", 2, 3, 4), 8),
        (("same", "same", 1, 1, 1), 0),
        (("abc", "xyz", 1, 1, 5), 6),
        (("abc", "xyz", 1, 1, 1), 3),
        (("ab", "ba", 3, 3, 1), 2),
        (("aaaa", "aa", 0, 7, 7), 14),
        (("horse", "ros", 1, 2, 3), 7),
        (("x", "y", 0, 0, 9), 0),
        (("intention", "execution", 2, 1, 2), 9),
        (("ab" * 200, "ba" * 200, 1, 1, 3), 2),
    ],
    difficulty="medium",
    tags=["dynamic-programming", "strings"],
    split="test",
))

PROBLEMS.append(call_problem(
    "card_circle_elimination",
    statement="""
Players numbered 1..n sit in a circle; player p holds a card with the positive integer
`cards[p - 1]`. A game eliminates players one at a time. The count starts at player 1 with
count `first_count`: counting clockwise among the remaining players, the current player says 1,
the next says 2, and so on; the player who says the count is eliminated. The next count is the
card value of the player just eliminated, and counting restarts (at 1) from the next remaining
player clockwise after the eliminated one. Write
`card_circle_elimination(cards, first_count)` returning the players' numbers in the order they
are eliminated. No players -> [].

Constraints: 0 <= n <= 3000, 1 <= cards[i], first_count <= 10**9.
""",
    signature="def card_circle_elimination(cards: list[int], first_count: int) -> list[int]:",
    reference='''
def card_circle_elimination(cards: list[int], first_count: int) -> list[int]:
    remaining = list(range(1, len(cards) + 1))
    order: list[int] = []
    position = 0
    count = first_count
    while remaining:
        position = (position + count - 1) % len(remaining)
        player = remaining.pop(position)
        order.append(player)
        count = cards[player - 1]
        if remaining:
            position %= len(remaining)
    return order
''',
    outline="""
function card_circle_elimination(cards, first_count) -> list of players
    keep the remaining players in a list in clockwise order and the index of the player who says 1
    each round: the eliminated index is (index + count - 1) modulo the number remaining
    remove that player, record them, take their card as the next count
    the next round starts at the same index (the player after the removed one), wrapped around
""",
    refinements=["""
remaining = [1..n]; pos = 0; count = first_count
while remaining:
    pos = (pos + count - 1) mod len(remaining)
    player = remove remaining[pos]; append to order
    count = cards[player - 1]
    if remaining: pos = pos mod len(remaining)     # removed the last element -> wrap to 0
return order
"""],
    public=[
        (([1, 1, 1], 1), [1, 2, 3]),
        (([], 4), []),
        (([2, 3, 1, 5], 2), [2, 1, 4, 3]),
    ],
    hidden=[
        (([9], 5), [1]),
        (([1, 1, 1, 1, 1], 5), [5, 1, 2, 3, 4]),
        (([2, 2, 2, 2, 2], 2), [2, 4, 1, 5, 3]),
        (([10**9, 3, 7], 10**9), [1, 3, 2]),
        (([4, 1, 3, 2, 5, 6], 6), [6, 1, 5, 3, 4, 2]),
        (([1, 2], 3), [1, 2]),
        (([3, 3, 3, 3, 3, 3, 3], 3), [3, 6, 2, 7, 5, 1, 4]),
        (([5, 4, 3, 2, 1, 9, 8], 12), [5, 6, 3, 1, 4, 2, 7]),
    ],
    difficulty="medium",
    tags=["simulation", "queues"],
    split="train",
))

PROBLEMS.append(stdio_problem(
    "vending_machine_log",
    statement="""
Replay the log of a snack vending machine. The machine holds a credit, initially 0.

Input: the first line holds m, the number of products (1 <= m <= 100). Each of the next m lines
is `name price stock` (name: letters, unique; 1 <= price <= 10**4; 0 <= stock <= 100). The next
line holds q (0 <= q <= 10**4), followed by q command lines:

- `COIN v` - if v is 5, 10, 25 or 100 the credit grows by v and nothing is printed; any other
  value is rejected: print `REJECT v` (credit unchanged).
- `SELECT name` - print `UNKNOWN` if there is no such product; else `SOLD OUT` if its stock is 0;
  else `NEED x` if the credit is short by x; else print `VEND name CHANGE c` where c is the
  credit minus the price, the stock drops by one and the credit becomes 0.
- `REFUND` - print `REFUND c` with the current credit c (possibly 0) and set the credit to 0.

Output: the printed lines in order, each ending with a newline (nothing if no line is printed).
""",
    reference='''
import sys


def main() -> None:
    lines = sys.stdin.read().splitlines()
    count = int(lines[0])
    price: dict[str, int] = {}
    stock: dict[str, int] = {}
    for line in lines[1:1 + count]:
        name, cost, left = line.split()
        price[name], stock[name] = int(cost), int(left)
    q = int(lines[1 + count])
    credit = 0
    out: list[str] = []
    for line in lines[2 + count:2 + count + q]:
        parts = line.split()
        if parts[0] == "COIN":
            value = int(parts[1])
            if value in (5, 10, 25, 100):
                credit += value
            else:
                out.append(f"REJECT {value}")
        elif parts[0] == "SELECT":
            name = parts[1]
            if name not in price:
                out.append("UNKNOWN")
            elif stock[name] == 0:
                out.append("SOLD OUT")
            elif credit < price[name]:
                out.append(f"NEED {price[name] - credit}")
            else:
                out.append(f"VEND {name} CHANGE {credit - price[name]}")
                stock[name] -= 1
                credit = 0
        else:
            out.append(f"REFUND {credit}")
            credit = 0
    if out:
        sys.stdout.write("\\n".join(out) + "\\n")


main()
''',
    outline="""
program vending_machine_log
    read the product table into price and stock maps
    state: credit (starts at 0)
    for each command apply the state machine: COIN (accept or reject), SELECT (checks in the
        order unknown, sold out, not enough credit, vend), REFUND
    print the collected lines
""",
    refinements=["""
COIN v: if v in {5, 10, 25, 100}: credit += v else output "REJECT v"
SELECT name:
    name unknown -> "UNKNOWN"; stock 0 -> "SOLD OUT"
    credit < price -> "NEED (price - credit)"   (credit kept)
    else "VEND name CHANGE (credit - price)", stock -= 1, credit = 0
REFUND: output "REFUND credit", credit = 0
"""],
    public=[
        ("2\nchips 30 1\ngum 5 0\n5\nCOIN 25\nSELECT chips\nCOIN 10\nSELECT chips\nSELECT gum\n", 'NEED 5\nVEND chips CHANGE 5\nSOLD OUT\n'),
        ("1\ntea 10 3\n0\n", ''),
        ("1\ntea 10 3\n3\nCOIN 3\nREFUND\nSELECT coffee\n", 'REJECT 3\nREFUND 0\nUNKNOWN\n'),
    ],
    hidden=[
        ("1\nbar 100 2\n4\nCOIN 100\nSELECT bar\nCOIN 100\nSELECT bar\n", 'VEND bar CHANGE 0\nVEND bar CHANGE 0\n'),
        ("1\nbar 100 1\n5\nCOIN 100\nSELECT bar\nCOIN 100\nSELECT bar\nREFUND\n", 'VEND bar CHANGE 0\nSOLD OUT\nREFUND 100\n'),
        ("1\nbar 15 1\n4\nCOIN 10\nCOIN 10\nSELECT bar\nREFUND\n", 'VEND bar CHANGE 5\nREFUND 0\n'),
        ("1\nx 5 1\n2\nCOIN 1\nCOIN 50\n", 'REJECT 1\nREJECT 50\n'),
        ("1\nx 5 1\n1\nREFUND\n", 'REFUND 0\n'),
        ("2\nx 5 1\ny 7 2\n6\nCOIN 5\nSELECT y\nCOIN 5\nSELECT y\nSELECT y\nSELECT x\n", 'NEED 2\nVEND y CHANGE 3\nNEED 7\nNEED 5\n'),
        ("1\nx 5 0\n3\nCOIN 100\nSELECT x\nREFUND\n", 'SOLD OUT\nREFUND 100\n'),
        ("1\nx 25 4\n2\nCOIN 25\nSELECT x\n", 'VEND x CHANGE 0\n'),
        ("1\nx 25 4\n3\nCOIN 0\nCOIN -5\nSELECT X\n", 'REJECT 0\nREJECT -5\nUNKNOWN\n'),
    ],
    difficulty="medium",
    tags=["simulation", "state-machines"],
    split="train",
))

PROBLEMS.append(call_problem(
    "lattice_points_inside_triangle",
    statement="""
A triangle has its three corners on integer grid points. Write
`lattice_points_inside_triangle(a, b, c)` (each corner a list `[x, y]`) returning the number of
integer grid points strictly inside the triangle (points on its edges or corners do not count).
A degenerate triangle (all corners on one line, or repeated corners) contains 0 points.

Constraints: coordinates are integers with absolute value at most 10**9, so checking every grid
point is far too slow.
""",
    signature="def lattice_points_inside_triangle(a: list[int], b: list[int], c: list[int]) -> int:",
    reference='''
from math import gcd


def lattice_points_inside_triangle(a: list[int], b: list[int], c: list[int]) -> int:
    twice_area = abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]))
    if twice_area == 0:
        return 0
    boundary = sum(
        gcd(abs(q[0] - p[0]), abs(q[1] - p[1])) for p, q in ((a, b), (b, c), (c, a))
    )
    # Pick's theorem: area = interior + boundary / 2 - 1.
    return (twice_area - boundary + 2) // 2
''',
    outline="""
function lattice_points_inside_triangle(a, b, c) -> int
    twice the area from the cross product of two edge vectors; zero means degenerate -> 0
    boundary grid points: each edge from p to q holds gcd(|dx|, |dy|) of them (counting one end)
    Pick's theorem gives the interior count: I = A - B/2 + 1
""",
    refinements=["""
twice_area = |(b - a) x (c - a)|
if twice_area == 0: return 0
B = gcd(|bx - ax|, |by - ay|) + gcd(|cx - bx|, |cy - by|) + gcd(|ax - cx|, |ay - cy|)
return (twice_area - B + 2) / 2   (exact integer)
"""],
    public=[
        (([0, 0], [4, 0], [0, 4]), 3),
        (([0, 0], [1, 0], [0, 1]), 0),
        (([0, 0], [2, 2], [5, 5]), 0),
    ],
    hidden=[
        (([0, 0], [0, 0], [3, 1]), 0),
        (([-2, -2], [2, -2], [0, 2]), 5),
        (([0, 0], [5, 0], [5, 5]), 6),
        (([1, 1], [4, 7], [-3, 2]), 12),
        (([4, 7], [-3, 2], [1, 1]), 12),
        (([0, 0], [10, 1], [1, 10]), 45),
        (([-10**9, -10**9], [10**9, -10**9], [0, 10**9]), 1999999998000000001),
        (([0, 0], [3, 0], [0, 2]), 1),
        (([0, 0], [1, 2], [2, 4]), 0),
    ],
    difficulty="medium",
    tags=["geometry", "math"],
    split="test",
))

PROBLEMS.append(stdio_problem(
    "fence_around_cells",
    statement="""
A farmer has claimed some unit squares of an infinite grid; square (x, y) covers
[x, x+1] x [y, y+1]. A fence is built along every unit edge that separates a claimed square
from an unclaimed one (this includes the edges around unclaimed holes enclosed by claimed
squares). Compute the total fence length.

Input: the first line holds n (0 <= n <= 60_000); each of the next n lines holds two integers
x y (absolute value at most 10**9). The same square may be listed more than once; it is claimed
once.

Output: a single line with the fence length, followed by a newline.
""",
    reference='''
import sys


def main() -> None:
    data = sys.stdin.read().split()
    n = int(data[0])
    claimed = {(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)}
    fence = 0
    for x, y in claimed:
        for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if (nx, ny) not in claimed:
                fence += 1
    print(fence)


main()
''',
    outline="""
program fence_around_cells
    read the squares into a set (duplicates collapse)
    every claimed square contributes one unit of fence for each of its 4 sides whose neighbour
        is not claimed
    print the total
""",
    refinements=["""
claimed = set of (x, y)
fence = 0
for (x, y) in claimed:
    for (nx, ny) in (x+1, y), (x-1, y), (x, y+1), (x, y-1):
        if (nx, ny) not in claimed: fence += 1
print fence
"""],
    public=[
        ("1\n0 0\n", '4\n'),
        ("0\n", '0\n'),
        ("2\n0 0\n1 0\n", '6\n'),
    ],
    hidden=[
        ("2\n0 0\n0 0\n", '4\n'),
        ("2\n0 0\n1 1\n", '8\n'),
        ("4\n0 0\n1 0\n0 1\n1 1\n", '8\n'),
        ("8\n0 0\n1 0\n2 0\n0 1\n2 1\n0 2\n1 2\n2 2\n", '16\n'),
        ("3\n-1000000000 -1000000000\n1000000000 1000000000\n-1000000000 -999999999\n", '10\n'),
        ("5\n0 0\n0 1\n0 2\n0 3\n0 4\n", '12\n'),
        ("4\n5 5\n6 5\n7 5\n6 6\n", '10\n'),
        ("60000\n" + "".join(f"{i % 300} {i // 300}\n" for i in range(60_000) if i % 7) + "".join(f"{i} {i}\n" for i in range(0, 60_000, 7)), '69062\n'),
        ("3\n-1 0\n0 0\n2 0\n", '10\n'),
    ],
    difficulty="medium",
    tags=["geometry", "grids", "hashing"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "queens_on_marked_board",
    statement="""
On an n x n chessboard some squares are marked as unusable (`marked`, a list of `[row, col]`
pairs, 0-based, possibly with duplicates). Write `queens_on_marked_board(n, marked)` returning the
number of ways to place n queens on usable squares so that no two attack each other (no two in
the same row, column or diagonal). Queens are identical, so a placement is a set of squares.
For n = 0 there is exactly 1 way (place nothing).

Constraints: 0 <= n <= 9.
""",
    signature="def queens_on_marked_board(n: int, marked: list[list[int]]) -> int:",
    reference='''
def queens_on_marked_board(n: int, marked: list[list[int]]) -> int:
    unusable = {(r, c) for r, c in marked}
    used_cols: set[int] = set()
    used_diag: set[int] = set()
    used_anti: set[int] = set()

    def place(row: int) -> int:
        if row == n:
            return 1
        ways = 0
        for col in range(n):
            if (row, col) in unusable or col in used_cols or row - col in used_diag or row + col in used_anti:
                continue
            used_cols.add(col)
            used_diag.add(row - col)
            used_anti.add(row + col)
            ways += place(row + 1)
            used_cols.remove(col)
            used_diag.remove(row - col)
            used_anti.remove(row + col)
        return ways

    return place(0)
''',
    outline="""
function queens_on_marked_board(n, marked) -> int
    every row holds exactly one queen, so place queens row by row with backtracking
    a square is allowed when it is not marked and its column, diagonal (row - col) and
        anti-diagonal (row + col) are free
    count complete placements (row == n)
""",
    refinements=["""
place(row):
    if row == n: return 1
    ways = 0
    for col in 0..n-1:
        skip if (row, col) marked or col / row-col / row+col already used
        mark col, row-col, row+col as used; ways += place(row + 1); unmark them
    return ways
answer = place(0)
"""],
    public=[
        ((4, []), 2),
        ((0, []), 1),
        ((4, [[0, 1]]), 1),
    ],
    hidden=[
        ((1, []), 1),
        ((1, [[0, 0]]), 0),
        ((2, []), 0),
        ((3, []), 0),
        ((5, []), 10),
        ((6, [[0, 1], [0, 1]]), 3),
        ((8, []), 92),
        ((8, [[3, 3], [4, 4], [0, 7]]), 72),
        ((9, [[0, 0], [8, 8]]), 296),
        ((6, [[r, r] for r in range(6)]), 4),
    ],
    difficulty="medium",
    tags=["backtracking", "recursion"],
    split="train",
))

PROBLEMS.append(call_problem(
    "equal_teams_split",
    statement="""
A coach wants to split players with the given positive `skills` into exactly `teams` non-empty
teams so that every team has the same total skill; every player joins exactly one team. Write
`equal_teams_split(skills, teams)` returning True if that is possible and False otherwise.
With `teams` larger than the number of players it is impossible; with no players it is
impossible too (teams must be non-empty).

Constraints: 0 <= len(skills) <= 14, 1 <= skills[i] <= 10**6, 1 <= teams <= 14.
""",
    signature="def equal_teams_split(skills: list[int], teams: int) -> bool:",
    reference='''
def equal_teams_split(skills: list[int], teams: int) -> bool:
    if not skills or teams > len(skills) or sum(skills) % teams:
        return False
    goal = sum(skills) // teams
    ordered = sorted(skills, reverse=True)
    if ordered[0] > goal:
        return False
    totals = [0] * teams

    def assign(index: int) -> bool:
        if index == len(ordered):
            return True
        tried: set[int] = set()
        for t in range(teams):
            # Teams with equal totals are interchangeable: trying one of them is enough.
            if totals[t] in tried or totals[t] + ordered[index] > goal:
                continue
            tried.add(totals[t])
            totals[t] += ordered[index]
            if assign(index + 1):
                return True
            totals[t] -= ordered[index]
        return False

    return assign(0)
''',
    outline="""
function equal_teams_split(skills, teams) -> bool
    quick rejections: no players, more teams than players, total not divisible, a player above
        the per-team goal
    backtracking: give players (largest first) to teams whose total stays within the goal
    skip teams whose current total was already tried for this player (symmetry)
    when every player is placed, all totals equal the goal, and every team is non-empty
        because all skills are positive
""",
    refinements=["""
goal = total / teams; ordered = skills sorted descending; totals = [0] * teams
assign(i):
    if i == len(ordered): return True
    tried = {}
    for t in teams:
        if totals[t] in tried or totals[t] + ordered[i] > goal: continue
        tried.add(totals[t]); totals[t] += ordered[i]
        if assign(i + 1): return True
        totals[t] -= ordered[i]
    return False
"""],
    public=[
        (([4, 3, 2, 3, 5, 2, 1], 4), True),
        (([], 1), False),
        (([1, 2, 3], 4), False),
    ],
    hidden=[
        (([7], 1), True),
        (([1, 1], 2), True),
        (([1, 2], 2), False),
        (([2, 2, 2, 2, 3, 3], 3), False),
        (([3, 3, 3, 3, 4, 4, 4, 4], 4), True),
        (([10, 1, 1, 1, 1, 1, 5], 2), True),
        (([6, 6, 6, 5, 5, 5, 2, 2, 2, 1, 1, 1], 3), True),
        (([9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 1], 2), False),
        (([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], 14), True),
        (([8, 7, 6, 5, 4, 3, 3, 2, 1, 1], 5), True),
    ],
    difficulty="medium",
    tags=["backtracking", "recursion"],
    split="train",
))

PROBLEMS.append(call_problem(
    "common_free_windows",
    statement="""
Several people share a working day `[day_start, day_end)`. `busy[p]` lists person p's busy
ranges as half-open `[start, end)` integer minutes (ranges may overlap, repeat, or stick out of
the day). Write `common_free_windows(busy, day_start, day_end, min_len)` returning every maximal
range `[a, b)` inside the day during which nobody is busy and whose length b - a is at least
`min_len`, as a list of `[a, b]` pairs in increasing order. With no people, the whole day is
free.

Constraints: 0 <= number of people <= 100, total ranges <= 100_000, 0 <= day_start <= day_end
<= 10**9, 1 <= min_len <= 10**9, busy ranges have start < end.
""",
    signature="def common_free_windows(busy: list[list[list[int]]], day_start: int, day_end: int, min_len: int) -> list[list[int]]:",
    reference='''
def common_free_windows(busy: list[list[list[int]]], day_start: int, day_end: int, min_len: int) -> list[list[int]]:
    ranges = sorted((s, e) for person in busy for s, e in person)
    windows: list[list[int]] = []
    cursor = day_start  # everything before cursor is either busy or already reported
    for start, end in ranges:
        if start > cursor:
            free_end = min(start, day_end)
            if free_end - cursor >= min_len:
                windows.append([cursor, free_end])
        cursor = max(cursor, end)
        if cursor >= day_end:
            return windows
    if day_end - cursor >= min_len:
        windows.append([cursor, day_end])
    return windows
''',
    outline="""
function common_free_windows(busy, day_start, day_end, min_len) -> list of [a, b]
    pool everybody's busy ranges and sort them by start
    sweep with a cursor = the end of the time known to be busy (or reported), from day_start
    a range starting after the cursor leaves a gap [cursor, start) clipped to the day;
        keep gaps of length >= min_len
    after the sweep the tail [cursor, day_end) is a last candidate
""",
    refinements=["""
cursor = day_start
for (s, e) in sorted ranges:
    if s > cursor:
        gap_end = min(s, day_end)
        if gap_end - cursor >= min_len: output [cursor, gap_end]
    cursor = max(cursor, e)
    if cursor >= day_end: return output
if day_end - cursor >= min_len: output [cursor, day_end]
"""],
    public=[
        (([[[60, 120]], [[100, 180], [300, 360]]], 0, 480, 30), [[0, 60], [180, 300], [360, 480]]),
        (([], 0, 100, 10), [[0, 100]]),
        (([[[0, 100]]], 0, 100, 1), []),
    ],
    hidden=[
        (([[]], 10, 20, 5), [[10, 20]]),
        (([[[0, 10]], [[10, 20]]], 0, 30, 1), [[20, 30]]),
        (([[[5, 8], [5, 8]], [[6, 7]]], 0, 10, 2), [[0, 5], [8, 10]]),
        (([[[5, 8]], [[6, 7]]], 0, 10, 3), [[0, 5]]),
        (([[[-50, 15], [95, 500]]], 10, 100, 80), [[15, 95]]),
        (([[[-50, 15], [95, 500]]], 10, 100, 81), []),
        (([[[20, 30]], [[50, 60]], [[0, 5]]], 0, 70, 10), [[5, 20], [30, 50], [60, 70]]),
        (([[[3, 4]]], 5, 5, 1), []),
        (([[[s, s + 7] for s in range(0, 200_000, 10)], [[s + 6, s + 11] for s in range(0, 200_000, 10) if s != 100_000]], 0, 200_100, 2), [[100007, 100010], [200001, 200100]]),
    ],
    difficulty="medium",
    tags=["intervals", "sorting"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(stdio_problem(
    "stack_machine_lines",
    statement="""
A tiny stack machine runs one program per input line. A program is a sequence of tokens
separated by spaces, executed left to right on an initially empty stack of integers:

- an integer literal (optionally negative, like `-12`) is pushed;
- `+`, `-`, `*`, `/` pop b (top) then a, and push a+b, a-b, a*b, or a/b truncated toward zero
  (so -7 / 2 = -3); division by zero is an error;
- `DUP` pushes a copy of the top, `SWAP` exchanges the two top values, `DROP` removes the top.

An operation that needs more values than the stack holds is an error.

Input: the first line holds t (0 <= t <= 1000); each of the next t lines is a program of at most
1000 tokens (possibly empty).

Output: for each program one line: `ERROR` if an error happened (execution stops there),
otherwise `EMPTY` if the stack ends empty, otherwise the top value. Every line ends with a
newline.
""",
    reference='''
import sys


def run(tokens: list[str]) -> str:
    stack: list[int] = []
    for token in tokens:
        if token in ("+", "-", "*", "/"):
            if len(stack) < 2:
                return "ERROR"
            b, a = stack.pop(), stack.pop()
            if token == "+":
                stack.append(a + b)
            elif token == "-":
                stack.append(a - b)
            elif token == "*":
                stack.append(a * b)
            else:
                if b == 0:
                    return "ERROR"
                quotient = abs(a) // abs(b)
                stack.append(quotient if (a >= 0) == (b > 0) else -quotient)
        elif token == "DUP":
            if not stack:
                return "ERROR"
            stack.append(stack[-1])
        elif token == "SWAP":
            if len(stack) < 2:
                return "ERROR"
            stack[-1], stack[-2] = stack[-2], stack[-1]
        elif token == "DROP":
            if not stack:
                return "ERROR"
            stack.pop()
        else:
            stack.append(int(token))
    return str(stack[-1]) if stack else "EMPTY"


def main() -> None:
    lines = sys.stdin.read().split("\\n")
    count = int(lines[0])
    out = [run(lines[1 + i].split()) for i in range(count)]
    if out:
        sys.stdout.write("\\n".join(out) + "\\n")


main()
''',
    outline="""
program stack_machine_lines
    read t and then t program lines (a line may be empty)
    run(tokens) -> result text:
        keep a stack; apply each token; any underflow or division by zero -> "ERROR" at once
        at the end: "EMPTY" or the top value
    print one result per program
""",
    refinements=["""
binary operator: need 2 values; b = pop, a = pop
    "/" : b == 0 -> ERROR; q = |a| div |b|; result = q if a and b have the same sign (a = 0
          counts as same) else -q          # truncation toward zero, not floor
DUP needs 1 (push top), SWAP needs 2 (swap top two), DROP needs 1 (pop)
anything else is an integer literal: push int(token)
"""],
    public=[
        ("3\n3 4 + 2 *\n1 +\n\n", '14\nERROR\nEMPTY\n'),
        ("0\n", ''),
        ("2\n-7 2 /\n5 0 /\n", '-3\nERROR\n'),
    ],
    hidden=[
        ("1\n7 -2 /\n", '-3\n'),
        ("1\n-7 -2 /\n", '3\n'),
        ("1\n0 -3 /\n", '0\n'),
        ("2\n1 2 SWAP -\nDUP\n", '1\nERROR\n'),
        ("2\n4 DUP *\n9 DROP\n", '16\nEMPTY\n'),
        ("1\n1 2 3 DROP DROP DROP DROP\n", 'ERROR\n'),
        ("1\nSWAP\n", 'ERROR\n'),
        ("2\n5 5 - 3 /\n2 3 4 * +\n", '0\n14\n'),
        ("1\n" + " ".join(["1"] * 500 + ["+"] * 499) + "\n", '500\n'),
        ("1\n10 3 - 4 -\n", '3\n'),
    ],
    difficulty="medium",
    tags=["stacks", "parsing", "simulation"],
    split="test",
))

PROBLEMS.append(stdio_problem(
    "cheapest_road_network",
    statement="""
A county has towns 1..n and a list of m roads that could be paved; paving road i, between towns
u and v, costs w. Choose roads to pave so that every town can reach every other town over paved
roads, at the smallest total cost.

Input: the first line holds n and m (1 <= n <= 20_000, 0 <= m <= 40_000); each of the next m
lines holds u v w (1 <= u, v <= n, 0 <= w <= 10**6; u may equal v; parallel roads may exist).

Output: one line with the smallest total cost, or `IMPOSSIBLE` if the towns cannot all be
connected, followed by a newline. A single town needs cost 0.
""",
    reference='''
import sys


def main() -> None:
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    roads = sorted(
        (int(data[4 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i])) for i in range(m)
    )
    parent = list(range(n + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    total = 0
    joined = 1
    for w, u, v in roads:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[ru] = rv
            total += w
            joined += 1
            if joined == n:
                break
    print(total if joined == n else "IMPOSSIBLE")


main()
''',
    outline="""
program cheapest_road_network
    minimum spanning tree by Kruskal's algorithm
    sort roads by cost; a union-find structure tells whether a road joins two separate groups
    pave every road that joins two groups, adding its cost
    all towns connected after n - 1 paved roads -> print the cost, else IMPOSSIBLE
""",
    refinements=["""
roads sorted by w; parent[x] = x; joined = 1 (towns in one tree counted as n - groups + 1)
for (w, u, v):
    ru = find(u), rv = find(v)   (find with path halving)
    if ru != rv: parent[ru] = rv; total += w; joined += 1; stop when joined == n
print total if joined == n else "IMPOSSIBLE"
"""],
    public=[
        ("4 5\n1 2 3\n2 3 1\n3 4 4\n1 4 2\n1 3 5\n", '6\n'),
        ("1 0\n", '0\n'),
        ("3 1\n1 2 7\n", 'IMPOSSIBLE\n'),
    ],
    hidden=[
        ("2 0\n", 'IMPOSSIBLE\n'),
        ("2 3\n1 2 9\n2 1 4\n1 1 0\n", '4\n'),
        ("3 3\n1 2 0\n2 3 0\n1 3 0\n", '0\n'),
        ("4 2\n1 2 1\n3 4 1\n", 'IMPOSSIBLE\n'),
        ("5 7\n1 2 4\n1 3 4\n2 3 1\n3 4 6\n4 5 2\n3 5 7\n2 5 9\n", '13\n'),
        ("1 2\n1 1 5\n1 1 6\n", '0\n'),
        ("3 2\n1 1 1\n2 3 1\n", 'IMPOSSIBLE\n'),
        ("20000 40000\n" + "".join(f"{u + 1} {v + 1} {w}\n" for u, v, w in _rand_graph(20_000, 40_000, 10**6, seed=31)), '5488186334\n'),
        ("4 6\n1 2 5\n2 3 5\n3 4 5\n4 1 5\n1 3 1\n2 4 1\n", '7\n'),
    ],
    difficulty="medium",
    tags=["graphs", "union-find", "greedy"],
    split="train",
    timeout_s=6.0,
))

# ------------------------------------------------------------------------------------------------
# Hard
# ------------------------------------------------------------------------------------------------

PROBLEMS.append(stdio_problem(
    "dungeon_keys",
    statement="""
A dungeon map has R rows and C columns: '#' wall, '.' floor, 'S' the start (exactly one), 'E'
an exit (one or more), 'a'..'d' keys and 'A'..'D' doors. Each move goes to a horizontally or
vertically adjacent cell that is not a wall; a door can be entered only while holding its key
(door 'B' needs key 'b'). Stepping onto a key picks it up for good. Keys, doors, 'S' and 'E'
cells are otherwise floor.

Input: the first line holds R and C (1 <= R, C <= 60); the next R lines hold the map.

Output: one line with the fewest moves from S to any exit, or -1 if no exit can be reached,
followed by a newline.
""",
    reference='''
import sys
from collections import deque


def main() -> None:
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    grid = data[2:2 + rows]
    start = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "S")
    seen = {(start[0], start[1], 0)}
    queue = deque([(start[0], start[1], 0, 0)])
    while queue:
        r, c, keys, dist = queue.popleft()
        if grid[r][c] == "E":
            print(dist)
            return
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if not (0 <= nr < rows and 0 <= nc < cols):
                continue
            cell = grid[nr][nc]
            if cell == "#":
                continue
            if "A" <= cell <= "D" and not keys >> (ord(cell) - ord("A")) & 1:
                continue
            new_keys = keys | (1 << (ord(cell) - ord("a"))) if "a" <= cell <= "d" else keys
            state = (nr, nc, new_keys)
            if state not in seen:
                seen.add(state)
                queue.append((nr, nc, new_keys, dist + 1))
    print(-1)


main()
''',
    outline="""
program dungeon_keys
    breadth-first search over states (row, column, set of keys held as a 4-bit mask)
    start state: S with no keys; the first state popped on an exit gives the answer
    moves: 4 neighbours inside the map, not walls, doors only with their key;
        entering a key cell adds that key to the mask
    no exit reached -> -1
""",
    refinements=["""
seen = {(sr, sc, 0)}; queue = [(sr, sc, 0, dist 0)]
pop (r, c, keys, d): if grid[r][c] == 'E': print d, stop
for each neighbour cell ch:
    skip walls and outside cells
    door X: skip unless bit (X - 'A') is set in keys
    key x: new_keys = keys | 1 << (x - 'a') else new_keys = keys
    if (nr, nc, new_keys) unseen: mark, push with d + 1
the same cell may be visited again with a different key set - that is the point of the state
"""],
    public=[
        ("3 5\nS.a..\n###A#\nE....\n", '8\n'),
        ("1 3\nS#E\n", '-1\n'),
        ("1 2\nSE\n", '1\n'),
    ],
    hidden=[
        ("1 3\nSAE\n", '-1\n'),
        ("1 4\naSAE\n", '4\n'),
        ("3 3\nS.E\n...\n...\n", '2\n'),
        ("2 5\nSbBaE\n.###A\n", '4\n'),
        ("3 7\nS.....a\n#####B#\nE..A..b\n", '-1\n'),
        ("3 6\nSA..bE\n.#####\n..a...\n", '13\n'),
        ("5 5\nS.#.E\n..#..\n..D..\n.###.\nd....\n", '12\n'),
        ("1 1\nS\n", '-1\n'),
        ("60 60\n" + "\n".join("S" + "." * 59 if r == 0 else ("." * 59 + "E" if r == 59 else "." * 60) for r in range(60)) + "\n", '118\n'),
        ("4 4\nSc.C\n####\nE..a\n.A..\n", '-1\n'),
    ],
    difficulty="hard",
    tags=["graphs", "bfs", "grids", "bitmasks"],
    split="test",
))

PROBLEMS.append(call_problem(
    "critical_cables",
    statement="""
A data centre has machines 0..n-1 linked by two-way cables `cables[i] = [u, v]` (u != v;
parallel cables between the same pair may exist). A cable is critical when cutting it alone
leaves some pair of machines that were connected unable to reach each other. Write
`critical_cables(n, cables)` returning the critical cables as `[min(u, v), max(u, v)]` pairs,
sorted ascending. The network may be disconnected.

Constraints: 1 <= n <= 30_000, 0 <= len(cables) <= 60_000. Removing each cable and re-checking
connectivity is too slow; deep networks overflow recursive search, use an explicit stack.
""",
    signature="def critical_cables(n: int, cables: list[list[int]]) -> list[list[int]]:",
    reference='''
def critical_cables(n: int, cables: list[list[int]]) -> list[list[int]]:
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for cable_id, (u, v) in enumerate(cables):
        adjacency[u].append((v, cable_id))
        adjacency[v].append((u, cable_id))
    order = [-1] * n  # discovery time
    low = [0] * n  # earliest discovery time reachable without reusing the entering cable
    found: list[list[int]] = []
    clock = 0
    for root in range(n):
        if order[root] >= 0:
            continue
        order[root] = low[root] = clock
        clock += 1
        stack = [(root, -1, 0)]  # node, id of the cable used to enter it, next adjacency index
        while stack:
            node, via, index = stack[-1]
            if index < len(adjacency[node]):
                stack[-1] = (node, via, index + 1)
                nxt, cable_id = adjacency[node][index]
                if cable_id == via:
                    continue
                if order[nxt] < 0:
                    order[nxt] = low[nxt] = clock
                    clock += 1
                    stack.append((nxt, cable_id, 0))
                else:
                    low[node] = min(low[node], order[nxt])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(sorted((parent, node)))
    return sorted(found)
''',
    outline="""
function critical_cables(n, cables) -> sorted list of [u, v]
    bridges of an undirected multigraph (Tarjan's low-link method)
    depth-first search (iterative) recording discovery order and low-link values
    a tree edge parent -> child is a bridge when low[child] > order[parent]
    skip only the very cable used to enter a node (by id), so parallel cables are not bridges
""",
    refinements=["""
for each unvisited root: order[root] = low[root] = clock++; stack = [(root, no cable, 0)]
loop on the top frame (node, via, i):
    if node has an i-th neighbour (nxt, id): advance i
        if id == via: skip
        if nxt unvisited: order[nxt] = low[nxt] = clock++; push (nxt, id, 0)
        else: low[node] = min(low[node], order[nxt])
    else: pop; with parent = new top: low[parent] = min(low[parent], low[node]);
          if low[node] > order[parent]: record (parent, node)
sort the recorded pairs
"""],
    public=[
        ((4, [[0, 1], [1, 2], [2, 0], [1, 3]]), [[1, 3]]),
        ((1, []), []),
        ((2, [[0, 1], [1, 0]]), []),
    ],
    hidden=[
        ((2, [[1, 0]]), [[0, 1]]),
        ((3, []), []),
        ((5, [[0, 1], [1, 2], [2, 3], [3, 4]]), [[0, 1], [1, 2], [2, 3], [3, 4]]),
        ((5, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0]]), []),
        ((6, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3], [2, 3]]), [[2, 3]]),
        ((7, [[0, 1], [0, 2], [1, 3], [2, 3], [3, 4], [4, 5], [4, 6], [5, 6], [6, 4]]), [[3, 4]]),
        ((4, [[0, 1], [2, 3], [2, 3]]), [[0, 1]]),
        ((6, [[5, 4], [4, 3], [3, 5], [0, 5], [1, 0], [2, 1], [0, 2]]), [[0, 5]]),
        ((30_000, [[i, i + 1] for i in range(29_999)] + [[29_999, 0], [15_000, 29_999]] + [[i, i + 2] for i in range(0, 29_990, 15_000)]), []),
        ((30_000, [[i, i + 1] for i in range(14_999)] * 2 + [[i, i + 1] for i in range(15_000, 29_999)] * 2 + [[14_999, 15_000]]), [[14999, 15000]]),
    ],
    difficulty="hard",
    tags=["graphs", "dfs", "bridges"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "best_booking_revenue",
    statement="""
A concert hall receives booking requests `bookings[i] = [start, end, pay]`: the hall is used
during the half-open time range [start, end) (start < end) and the client pays `pay` (> 0).
Accepted bookings may not overlap, but one may start exactly when another ends. Write
`best_booking_revenue(bookings)` returning the largest total pay of a set of accepted bookings.
No bookings -> 0.

Constraints: 0 <= len(bookings) <= 100_000, 0 <= start < end <= 10**9, 1 <= pay <= 10**6.
Trying subsets is hopeless; aim for O(n log n).
""",
    signature="def best_booking_revenue(bookings: list[list[int]]) -> int:",
    reference='''
from bisect import bisect_right


def best_booking_revenue(bookings: list[list[int]]) -> int:
    by_end = sorted(bookings, key=lambda b: b[1])
    ends = [b[1] for b in by_end]
    best = [0] * (len(by_end) + 1)  # best[i]: best revenue using the first i bookings by end
    for i, (start, _end, pay) in enumerate(by_end, start=1):
        compatible = bisect_right(ends, start, 0, i - 1)  # bookings ending at or before start
        best[i] = max(best[i - 1], best[compatible] + pay)
    return best[-1]
''',
    outline="""
function best_booking_revenue(bookings) -> int
    weighted interval scheduling
    sort bookings by end time; best[i] = best revenue using only the first i of them
    booking i is either skipped (best[i-1]) or taken together with the best of the bookings
        that end no later than its start, found by binary search over the end times
    return best[n]
""",
    refinements=["""
by_end = bookings sorted by end; ends = their end times
best[0] = 0
for i in 1..n with (s, e, p) = by_end[i-1]:
    j = number of bookings among the first i-1 with end <= s   (bisect_right(ends, s, 0, i-1))
    best[i] = max(best[i-1], best[j] + p)
return best[n]
"""],
    public=[
        (([[0, 3, 5], [2, 5, 6], [4, 7, 5]],), 10),
        (([],), 0),
        (([[1, 2, 9]],), 9),
    ],
    hidden=[
        (([[0, 5, 1], [5, 10, 1]],), 2),
        (([[0, 5, 3], [4, 10, 3], [0, 10, 5]],), 5),
        (([[0, 10, 10], [0, 2, 4], [2, 4, 4], [4, 10, 3]],), 11),
        (([[3, 4, 2], [3, 4, 5], [3, 4, 1]],), 5),
        (([[1, 3, 2], [2, 5, 4], [4, 6, 4], [6, 7, 1], [5, 8, 6]],), 10),
        (([[0, 1000000000, 1000000], [0, 1, 1], [1, 2, 1]],), 1000000),
        (([[5, 6, 1], [0, 1, 1], [2, 3, 1], [1, 2, 1]],), 4),
        (([[0, 4, 4], [1, 2, 3], [3, 5, 3], [2, 3, 1]],), 7),
        (([[a, b + 1, (a * 7919) % 1000 + 1] for a, b in _rand_pairs(100_000, 0, 10**8, 5_000, seed=41)],), 21839276),
    ],
    difficulty="hard",
    tags=["dynamic-programming", "intervals", "binary-search"],
    split="test",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "bracket_repair_cost",
    statement="""
A corrupted string consists only of the characters `(`, `)`, `[` and `]`. One repair replaces a
single character by any of these four characters. Write `bracket_repair_cost(s)` returning the
fewest repairs that make `s` a balanced, properly nested bracket string (every opener closed by
the matching closer of the same kind, in nesting order). Characters cannot be inserted or
deleted, so a string of odd length can never be repaired: return -1. The empty string is
already balanced (0).

Constraints: 0 <= len(s) <= 120. Trying all 4**n rewrites is hopeless.
""",
    signature="def bracket_repair_cost(s: str) -> int:",
    reference='''
def bracket_repair_cost(s: str) -> int:
    n = len(s)
    if n % 2:
        return -1
    if n == 0:
        return 0

    def pair_cost(left: str, right: str) -> int:
        return min((left != o) + (right != c) for o, c in (("(", ")"), ("[", "]")))

    # cost[i][j]: fewest repairs for s[i..j] inclusive (only even lengths are used).
    cost = [[0] * n for _ in range(n)]
    for length in range(2, n + 1, 2):
        for i in range(0, n - length + 1):
            j = i + length - 1
            inner = cost[i + 1][j - 1] if length > 2 else 0
            best = pair_cost(s[i], s[j]) + inner
            for k in range(i + 1, j - 1, 2):
                best = min(best, cost[i][k] + cost[k + 1][j])
            cost[i][j] = best
    return cost[0][n - 1]
''',
    outline="""
function bracket_repair_cost(s) -> int
    odd length -> -1; empty -> 0
    interval dynamic programming: cost[i][j] = fewest repairs turning s[i..j] (even length)
        into a balanced string
    a balanced string either wraps: s[i] and s[j] become a matching pair around a balanced
        middle, or splits into two balanced even-length halves
    return cost[0][n-1]
""",
    refinements=["""
pair_cost(a, b) = min over pairs (o, c) in {"()", "[]"} of [a != o] + [b != c]
for length = 2, 4, ..., n:
    for each i with j = i + length - 1:
        best = pair_cost(s[i], s[j]) + (cost[i+1][j-1] if length > 2 else 0)
        for split k = i+1, i+3, ..., j-2 (left part s[i..k] has even length):
            best = min(best, cost[i][k] + cost[k+1][j])
        cost[i][j] = best
"""],
    public=[
        (("([)]",), 2),
        (("",), 0),
        (("(((",), -1),
    ],
    hidden=[
        (("()",), 0),
        ((")(",), 2),
        (("][",), 2),
        (("((",), 1),
        (("(]",), 1),
        (("([])[]",), 0),
        (("]]]]",), 2),
        (("(([)])]",), -1),
        (("([)]([)]",), 4),
        ((")" * 60 + "(" * 60,), 60),
        (("[(" * 30 + ")]" * 30,), 0),
    ],
    difficulty="hard",
    tags=["dynamic-programming", "stacks", "strings"],
    split="train",
))

PROBLEMS.append(call_problem(
    "paths_with_few_turns",
    statement="""
A delivery drone flies over a city map (`board`, equal-length strings, '.' open and '#' a
tower it cannot enter) from the top-left cell to the bottom-right cell, moving one cell right or
one cell down at a time. A turn is a place where a right move is followed by a down move or
the other way round. Write `paths_with_few_turns(board, max_turns)` returning the number of
routes with at most `max_turns` turns, modulo 1_000_000_007. Blocked start or goal, or an empty
board, gives 0; a 1x1 open board gives 1.

Constraints: up to 40 x 40 cells, 0 <= max_turns <= 100.
""",
    signature="def paths_with_few_turns(board: list[str], max_turns: int) -> int:",
    reference='''
def paths_with_few_turns(board: list[str], max_turns: int) -> int:
    mod = 1_000_000_007
    if not board or not board[0] or board[0][0] == "#" or board[-1][-1] == "#":
        return 0
    rows, cols = len(board), len(board[0])
    if rows == 1 and cols == 1:
        return 1
    # ways[d][r][c][t]: routes ending at (r, c) whose last move had direction d (0 right,
    # 1 down) after exactly t turns.
    ways = [[[[0] * (max_turns + 1) for _ in range(cols)] for _ in range(rows)] for _ in range(2)]
    for r in range(rows):
        for c in range(cols):
            if board[r][c] == "#" or (r == 0 and c == 0):
                continue
            for d, (pr, pc) in enumerate(((r, c - 1), (r - 1, c))):
                if pr < 0 or pc < 0 or board[pr][pc] == "#":
                    continue
                if pr == 0 and pc == 0:
                    ways[d][r][c][0] = 1
                    continue
                same, other = ways[d][pr][pc], ways[1 - d][pr][pc]
                target = ways[d][r][c]
                for t in range(max_turns + 1):
                    total = same[t] + (other[t - 1] if t > 0 else 0)
                    target[t] = total % mod
    return sum(ways[0][-1][-1]) % mod + sum(ways[1][-1][-1]) % mod
''',
    outline="""
function paths_with_few_turns(board, max_turns) -> int
    handle blocked or empty boards and the 1x1 board
    dynamic programming over cells in row-major order with extra state:
        direction of the last move (right or down) and number of turns so far (<= max_turns)
    a move keeping the direction keeps the turn count; changing it adds one turn
    the first move out of the start never counts as a turn
    sum all states at the goal
""",
    refinements=["""
ways[d][r][c][t] for d in {right, down}
for each open cell (r, c) other than the start:
    arriving by a right move comes from (r, c-1), by a down move from (r-1, c), if open
    if that predecessor is the start: ways[d][r][c][0] = 1
    else for t in 0..max_turns:
        ways[d][r][c][t] = ways[d][pred][t] + ways[other d][pred][t-1] (t >= 1)   mod M
answer = sum over d and t of ways[d][goal][t]  mod M
"""],
    public=[
        ((["...", "...", "..."], 1), 2),
        ((["...", "...", "..."], 4), 6),
        ((["#"], 0), 0),
    ],
    hidden=[
        ((["."], 0), 1),
        (([], 3), 0),
        ((["....."], 0), 1),
        (([".", ".", "."], 0), 1),
        ((["...", "...", "..."], 0), 0),
        ((["...", "...", "..."], 2), 4),
        ((["..#", "...", "#.."], 2), 2),
        (([".#", "#."], 5), 0),
        ((["....", ".#..", "....", "...."], 3), 8),
        ((["." * 40] * 40, 100), 1929264854),
        ((["." * 40] * 40, 7), 155238020),
    ],
    difficulty="hard",
    tags=["dynamic-programming", "grids"],
    split="test",
))

PROBLEMS.append(call_problem(
    "union_of_rectangles_area",
    statement="""
Tarpaulins are laid on a field; each is an axis-aligned rectangle `[x1, y1, x2, y2]` with
x1 < x2 and y1 < y2 (integer coordinates). Write `union_of_rectangles_area(rects)` returning the
area of ground covered by at least one tarpaulin (overlaps count once). No tarpaulins -> 0.

Constraints: 0 <= len(rects) <= 300, coordinates between -10**9 and 10**9, so painting unit
squares is impossible.
""",
    signature="def union_of_rectangles_area(rects: list[list[int]]) -> int:",
    reference='''
def union_of_rectangles_area(rects: list[list[int]]) -> int:
    xs = sorted({x for r in rects for x in (r[0], r[2])})
    area = 0
    for left, right in zip(xs, xs[1:]):
        # Rectangles spanning this whole vertical slab; merge their y-ranges.
        spans = sorted((r[1], r[3]) for r in rects if r[0] <= left and r[2] >= right)
        covered = 0
        cur_lo = cur_hi = None
        for lo, hi in spans:
            if cur_hi is None or lo > cur_hi:
                if cur_hi is not None:
                    covered += cur_hi - cur_lo
                cur_lo, cur_hi = lo, hi
            else:
                cur_hi = max(cur_hi, hi)
        if cur_hi is not None:
            covered += cur_hi - cur_lo
        area += covered * (right - left)
    return area
''',
    outline="""
function union_of_rectangles_area(rects) -> int
    compress the x axis: consecutive distinct x edges bound vertical slabs
    within one slab the covered set is a union of y-ranges of the rectangles spanning the slab
    merge those y-ranges (sort + sweep) to get the covered height
    area += covered height * slab width, summed over slabs
""",
    refinements=["""
xs = sorted distinct x1 and x2 values
for each consecutive pair (left, right):
    spans = sorted (y1, y2) of rects with x1 <= left and x2 >= right
    merge: keep (lo, hi) of the current block; a span starting after hi closes the block
    covered = total length of merged blocks
    area += covered * (right - left)
"""],
    public=[
        (([[0, 0, 2, 2], [1, 1, 3, 3]],), 7),
        (([],), 0),
        (([[0, 0, 1, 1], [5, 5, 6, 6]],), 2),
    ],
    hidden=[
        (([[0, 0, 4, 4], [1, 1, 2, 2]],), 16),
        (([[0, 0, 2, 2], [0, 0, 2, 2]],), 4),
        (([[0, 0, 2, 2], [2, 0, 4, 2]],), 8),
        (([[-3, -3, 3, 3], [-1, -5, 1, 5], [-5, -1, 5, 1]],), 52),
        (([[0, 0, 10, 1], [0, 2, 10, 3], [4, 0, 5, 3]],), 21),
        (([[-10**9, -10**9, 10**9, 10**9], [0, 0, 1, 1]],), 4000000000000000000),
        (([[0, 0, 3, 1], [1, 0, 2, 5]],), 7),
        (([[1, 1, 2, 3], [0, 2, 3, 4], [2, 0, 5, 2]],), 13),
        (([[i * 1000, i * 700, i * 1000 + 5000, i * 700 + 9000] for i in range(300)],), 3573200000),
    ],
    difficulty="hard",
    tags=["geometry", "intervals", "sweep-line"],
    split="test",
))

PROBLEMS.append(stdio_problem(
    "tree_radius",
    statement="""
A pipeline network is a tree: nodes 1..n joined by n - 1 pipes `u v w` of positive length w.
The eccentricity of a node is the largest pipe distance from it to any other node. Find the
smallest eccentricity (the radius) and how many nodes have it (the centres).

Input: the first line holds n (1 <= n <= 100_000); each of the next n - 1 lines holds u v w
(1 <= w <= 10**6). The pipes form a tree.

Output: one line `radius count` followed by a newline. For n = 1 print `0 1`. Computing the
distances from every node separately is too slow.
""",
    reference='''
import sys


def distances(start: int, adjacency: list[list[tuple[int, int]]]) -> list[int]:
    dist = [-1] * len(adjacency)
    dist[start] = 0
    stack = [start]
    while stack:
        node = stack.pop()
        for nxt, w in adjacency[node]:
            if dist[nxt] < 0:
                dist[nxt] = dist[node] + w
                stack.append(nxt)
    return dist


def main() -> None:
    data = sys.stdin.read().split()
    n = int(data[0])
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for i in range(n - 1):
        u, v, w = int(data[1 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i])
        adjacency[u].append((v, w))
        adjacency[v].append((u, w))
    from_one = distances(1, adjacency)
    end_a = max(range(1, n + 1), key=lambda v: from_one[v])
    from_a = distances(end_a, adjacency)
    end_b = max(range(1, n + 1), key=lambda v: from_a[v])
    from_b = distances(end_b, adjacency)
    # The farthest node from any node is one of the two ends of a diameter.
    ecc = [max(from_a[v], from_b[v]) for v in range(1, n + 1)]
    radius = min(ecc)
    print(radius, ecc.count(radius))


main()
''',
    outline="""
program tree_radius
    read the tree into adjacency lists
    distances(start): iterative traversal summing pipe lengths
    find a diameter: a = farthest node from node 1, b = farthest node from a
    eccentricity(v) = max(dist(a, v), dist(b, v)) because the farthest node from any node is a
        diameter end
    print the minimum eccentricity and how many nodes reach it
""",
    refinements=["""
from_one = distances(1); a = argmax from_one
from_a = distances(a); b = argmax from_a; from_b = distances(b)
ecc[v] = max(from_a[v], from_b[v]) for v in 1..n
radius = min(ecc); count = number of v with ecc[v] == radius
n = 1: a = b = 1, ecc = [0] -> "0 1"
"""],
    public=[
        ("3\n1 2 1\n2 3 1\n", '1 1\n'),
        ("1\n", '0 1\n'),
        ("2\n1 2 5\n", '5 2\n'),
    ],
    hidden=[
        ("4\n1 2 1\n1 3 1\n1 4 1\n", '1 1\n'),
        ("4\n1 2 3\n2 3 3\n3 4 3\n", '6 2\n'),
        ("5\n1 2 10\n2 3 1\n3 4 1\n4 5 1\n", '10 1\n'),
        ("5\n3 1 2\n3 2 2\n3 4 2\n4 5 2\n", '4 2\n'),
        ("6\n1 2 1\n2 3 1\n3 4 1\n4 5 1\n5 6 1\n", '3 2\n'),
        ("7\n1 2 4\n1 3 4\n2 4 1\n2 5 1\n3 6 1\n3 7 1\n", '5 1\n'),
        ("3\n2 1 1000000\n3 1 1000000\n", '1000000 1\n'),
        ("100000\n" + "".join(f"{i} {i + 1} {1 + i % 7}\n" for i in range(1, 100_000)), '199998 1\n'),
        ("100000\n" + "".join(f"{(i - 1) // 3 + 1} {i + 1} {1 + (i * 37) % 11}\n" for i in range(1, 100_000)), '101 1\n'),
    ],
    difficulty="hard",
    tags=["graphs", "trees", "dfs"],
    split="test",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "route_with_free_roads",
    statement="""
Towns 0..n-1 are joined by two-way roads `roads[i] = [u, v, cost]` (cost >= 0). A traveller
holds `passes` free passes; each pass makes one road crossing cost 0. Write
`route_with_free_roads(n, roads, passes, start, goal)` returning the cheapest cost to travel
from `start` to `goal`, 0 if start == goal, or -1 if the goal is unreachable.

Constraints: 1 <= n <= 10_000, 0 <= len(roads) <= 30_000, 0 <= passes <= 10,
0 <= cost <= 10**6. Aim for O((passes + 1) * (n + m) log n).
""",
    signature="def route_with_free_roads(n: int, roads: list[list[int]], passes: int, start: int, goal: int) -> int:",
    reference='''
import heapq


def route_with_free_roads(n: int, roads: list[list[int]], passes: int, start: int, goal: int) -> int:
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for u, v, cost in roads:
        adjacency[u].append((v, cost))
        adjacency[v].append((u, cost))
    # State (town, passes used); Dijkstra over the layered graph.
    done = [[False] * (passes + 1) for _ in range(n)]
    heap = [(0, start, 0)]
    while heap:
        spent, town, used = heapq.heappop(heap)
        if done[town][used]:
            continue
        done[town][used] = True
        if town == goal:
            return spent
        for nxt, cost in adjacency[town]:
            if not done[nxt][used]:
                heapq.heappush(heap, (spent + cost, nxt, used))
            if used < passes and not done[nxt][used + 1]:
                heapq.heappush(heap, (spent, nxt, used + 1))
    return -1
''',
    outline="""
function route_with_free_roads(n, roads, passes, start, goal) -> int
    shortest path on a layered graph: state = (town, passes used so far)
    each road gives two moves: pay its cost and stay in the layer, or use a pass (cost 0) and
        go one layer up, while passes remain
    Dijkstra from (start, 0); the first settled state at the goal, in any layer, is optimal
""",
    refinements=["""
heap = [(0, start, 0)]; done[town][used] = False
pop (d, town, used); skip if done; mark done
if town == goal: return d
for (nxt, cost) in adjacency[town]:
    push (d + cost, nxt, used) if not done
    if used < passes: push (d, nxt, used + 1) if not done
return -1
"""],
    public=[
        ((3, [[0, 1, 5], [1, 2, 7]], 1, 0, 2), 5),
        ((3, [[0, 1, 5]], 3, 0, 2), -1),
        ((2, [[0, 1, 5]], 0, 1, 1), 0),
    ],
    hidden=[
        ((2, [[0, 1, 5]], 0, 0, 1), 5),
        ((3, [[0, 1, 5], [1, 2, 7]], 2, 2, 0), 0),
        ((3, [[0, 1, 5], [1, 2, 7]], 5, 0, 2), 0),
        ((4, [[0, 1, 1], [1, 3, 1], [0, 2, 100], [2, 3, 1]], 0, 0, 3), 2),
        ((4, [[0, 1, 1], [1, 3, 1], [0, 2, 100], [2, 3, 1]], 1, 0, 3), 1),
        ((5, [[0, 1, 3], [1, 2, 3], [2, 3, 3], [3, 4, 3], [0, 4, 20]], 1, 0, 4), 0),
        ((5, [[0, 1, 3], [1, 2, 3], [2, 3, 3], [3, 4, 3], [0, 4, 20]], 2, 0, 4), 0),
        ((3, [[0, 1, 9], [0, 1, 2], [1, 2, 4]], 1, 0, 2), 2),
        ((5_000, [e for e in _rand_graph(5_000, 15_000, 10**6, seed=51)], 4, 0, 4_999), 0),
    ],
    difficulty="hard",
    tags=["graphs", "shortest-paths", "heaps"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "on_time_jobs",
    statement="""
A single workshop machine processes jobs one at a time, without breaks between jobs it chooses
to run, starting at time 0. Job i, `jobs[i] = [duration, deadline]`, is on time if it finishes
at or before its deadline. Jobs may be skipped. Write `on_time_jobs(jobs)` returning the largest
number of jobs that can all be finished on time.

Constraints: 0 <= len(jobs) <= 100_000, 1 <= duration <= 10**6, 0 <= deadline <= 10**12.
Aim for O(n log n).
""",
    signature="def on_time_jobs(jobs: list[list[int]]) -> int:",
    reference='''
import heapq


def on_time_jobs(jobs: list[list[int]]) -> int:
    chosen: list[int] = []  # max-heap of chosen durations (stored negated)
    elapsed = 0
    for duration, deadline in sorted(jobs, key=lambda j: j[1]):
        heapq.heappush(chosen, -duration)
        elapsed += duration
        if elapsed > deadline:
            # Dropping the longest chosen job frees the most time and keeps the rest on time.
            elapsed += heapq.heappop(chosen)
    return len(chosen)
''',
    outline="""
function on_time_jobs(jobs) -> int
    greedy (Moore-Hodgson): consider jobs by increasing deadline
    tentatively run each job after the ones chosen so far
    if that makes the current job late, drop the longest chosen job (a max-heap of durations)
    the chosen jobs, run in deadline order, are all on time; return how many
""",
    refinements=["""
chosen = max-heap; elapsed = 0
for (d, dl) in jobs sorted by deadline:
    push d; elapsed += d
    if elapsed > dl: elapsed -= pop largest
return size of chosen
"""],
    public=[
        (([[2, 2], [1, 3], [3, 4]],), 2),
        (([],), 0),
        (([[5, 4]],), 0),
    ],
    hidden=[
        (([[4, 4]],), 1),
        (([[1, 0], [1, 1]],), 1),
        (([[3, 3], [1, 3], [1, 3], [1, 3]],), 3),
        (([[5, 5], [1, 2], [1, 2], [1, 3]],), 3),
        (([[2, 5], [2, 5], [2, 5]],), 2),
        (([[10, 10], [2, 5], [2, 6], [3, 11]],), 3),
        (([[1, 10**12], [10**6, 10**6]],), 2),
        (([[4, 6], [2, 3], [3, 7], [1, 1], [5, 12], [2, 12]],), 4),
        (([[d, dl] for d, dl in zip(_rand_ints(100_000, 1, 1000, seed=61), _rand_ints(100_000, 0, 10**7, seed=62), strict=True)],), 44749),
    ],
    difficulty="hard",
    tags=["greedy", "heaps", "scheduling"],
    split="train",
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "ring_automaton_far_future",
    statement="""
A ring of n lamps is given as a string of '0' (off) and '1' (on); lamp i's neighbours are lamps
i - 1 and i + 1, wrapping around the ring (for n = 1 a lamp is its own neighbour on both sides,
for n = 2 both neighbours are the other lamp). Every second all lamps update at once: a lamp is
on in the next second exactly when exactly one of its two neighbours is on now (its own state
does not matter). Write `ring_automaton_far_future(lamps, seconds)` returning the ring's string
after `seconds` seconds. The empty ring stays empty.

Constraints: 0 <= n <= 16, 0 <= seconds <= 10**18. Simulating every second is far too slow;
the ring's states must repeat.
""",
    signature="def ring_automaton_far_future(lamps: str, seconds: int) -> str:",
    reference='''
def ring_automaton_far_future(lamps: str, seconds: int) -> str:
    n = len(lamps)
    if n == 0:
        return lamps

    def step(state: str) -> str:
        return "".join("1" if (state[i - 1] == "1") != (state[(i + 1) % n] == "1") else "0" for i in range(n))

    first_seen: dict[str, int] = {}
    history: list[str] = []
    state = lamps
    t = 0
    while t < seconds:
        if state in first_seen:
            cycle_start = first_seen[state]
            cycle_len = t - cycle_start
            return history[cycle_start + (seconds - cycle_start) % cycle_len]
        first_seen[state] = t
        history.append(state)
        state = step(state)
        t += 1
    return state
''',
    outline="""
function ring_automaton_far_future(lamps, seconds) -> str
    step(state): next ring, lamp i on iff exactly one of lamps i-1, i+1 (cyclic) is on
    there are at most 2^n states, so the sequence of states becomes periodic
    simulate while remembering the first time each state was seen; on a repeat, jump using the
        cycle start and length; if seconds is reached first, return the current state
""",
    refinements=["""
first_seen = {}; history = []; state = lamps; t = 0
while t < seconds:
    if state in first_seen:
        s = first_seen[state]; L = t - s
        return history[s + (seconds - s) mod L]
    first_seen[state] = t; history.append(state)
    state = step(state); t += 1
return state
"""],
    public=[
        (("0100", 1), '1010'),
        (("", 10**18), ''),
        (("1011", 0), '1011'),
    ],
    hidden=[
        (("1", 1), '0'),
        (("1", 10**18), '0'),
        (("10", 3), '00'),
        (("0000", 10**18), '0000'),
        (("0100", 2), '0000'),
        (("10000", 7), '01001'),
        (("1000000000000000", 10**18), '0000000000000000'),
        (("1101001000100101", 10**18 - 1), '0000000000000000'),
        (("0110001", 123456789), '0111010'),
    ],
    difficulty="hard",
    tags=["simulation", "cycle-detection", "state-machines"],
    split="train",
))

PROBLEMS.append(call_problem(
    "mini_sudoku_completions",
    statement="""
A mini sudoku is a 6 x 6 grid given as 6 strings of 6 characters, each a digit '1'..'6' or '.'
for an empty cell. A completion fills every empty cell with a digit so that every row, every
column and every box holds each of 1..6 exactly once; the boxes are the six 2-row x 3-column
blocks (rows 0-1, 2-3, 4-5 times columns 0-2, 3-5). Given digits may already clash, in which case
there is no completion. Write `mini_sudoku_completions(grid, limit)` returning the number of
completions, but stop counting at `limit`: return min(number of completions, limit).

Constraints: the grid is exactly 6 x 6; 1 <= limit <= 1000.
""",
    signature="def mini_sudoku_completions(grid: list[str], limit: int) -> int:",
    reference='''
def mini_sudoku_completions(grid: list[str], limit: int) -> int:
    rows = [0] * 6
    cols = [0] * 6
    boxes = [0] * 6
    empty: list[tuple[int, int, int]] = []
    for r in range(6):
        for c in range(6):
            box = (r // 2) * 2 + c // 3
            ch = grid[r][c]
            if ch == ".":
                empty.append((r, c, box))
                continue
            bit = 1 << int(ch)
            if rows[r] & bit or cols[c] & bit or boxes[box] & bit:
                return 0
            rows[r] |= bit
            cols[c] |= bit
            boxes[box] |= bit

    def count(index: int) -> int:
        if index == len(empty):
            return 1
        r, c, box = empty[index]
        found = 0
        for digit in range(1, 7):
            bit = 1 << digit
            if rows[r] & bit or cols[c] & bit or boxes[box] & bit:
                continue
            rows[r] |= bit
            cols[c] |= bit
            boxes[box] |= bit
            found += count(index + 1)
            rows[r] ^= bit
            cols[c] ^= bit
            boxes[box] ^= bit
            if found >= limit:
                break
        return found

    return min(count(0), limit)
''',
    outline="""
function mini_sudoku_completions(grid, limit) -> int
    record the digits used in every row, column and box as bit masks; a clash among the
        given digits means 0 completions
    list the empty cells; backtracking fills them in order with every digit still allowed
        by the cell's row, column and box
    count complete fillings, cutting the search off once limit completions were found
""",
    refinements=["""
box index of (r, c) = (r div 2) * 2 + (c div 3)
count(i): if i == number of empty cells: return 1
    found = 0
    for d in 1..6 not in rows[r], cols[c], boxes[b]:
        set bit d in the three masks; found += count(i + 1); clear the bits
        if found >= limit: stop trying digits
    return found
answer = min(count(0), limit)
"""],
    public=[
        (([
            "123456", "456123", "231564", "564231", "312645", "645312",
        ], 5), 1),
        (([
            "12345.", "456123", "231564", "564231", "312645", "645312",
        ], 5), 1),
        (([
            "113456", "......", "......", "......", "......", "......",
        ], 10), 0),
    ],
    hidden=[
        ((["......"] * 6, 1000), 1000),
        ((["......"] * 6, 1), 1),
        (([
            "1.....", ".1....", "......", "......", "......", "......",
        ], 50), 0),
        (([
            "1.....", "......", "......", "......", "......", ".....1",
        ], 1000), 1000),
        (([
            "12....", "......", "......", "......", "......", "......",
        ], 7), 7),
        (([
            ".23456", "456123", "231564", "564231", "312645", "64531.",
        ], 3), 1),
        (([
            "123...", "......", "......", "......", "......", "1.....",
        ], 20), 0),
        (([
            "1.3.5.", ".5.1.3", "2.1.6.", ".6.2.1", "3.2.4.", ".4.3.2",
        ], 1000), 4),
        (([
            "12..56", "45..23", "23..64", "56..31", "31..45", "64..12",
        ], 1000), 1),
        (([
            "......", "......", "......", "......", "312645", "645312",
        ], 1000), 1000),
    ],
    difficulty="hard",
    tags=["backtracking", "recursion", "bitmasks"],
    split="train",
))
