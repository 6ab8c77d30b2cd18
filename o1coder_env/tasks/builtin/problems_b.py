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
    rng = random.Random(seed)
    return [rng.randint(lo, hi) for _ in range(n)]


def _rand_pairs(n: int, lo: int, hi: int, max_len: int, seed: int) -> list[list[int]]:
    """``n`` half-open ranges ``[a, a + length]`` with ``a`` in ``[lo, hi]``, seeded."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a = rng.randint(lo, hi)
        out.append([a, a + rng.randint(0, max_len)])
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
        ((100_000, [[i, i + 1] for i in range(99_999)], 0, 99_999), 99999),
        ((8, [[0, 1], [1, 2], [2, 0], [2, 3], [3, 7], [1, 7]], 0, 7), 2),
    ],
    difficulty="easy",
    tags=["graphs", "bfs"],
    split="train",
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
