"""Families on text and small grids: string building, brackets, state machines, matrix walks."""

from __future__ import annotations

import random
import string

from o1coder_env.tasks.model import TaskStyle
from o1coder_env.tasks.procedural._draw import fast_text, word
from o1coder_env.tasks.procedural.family import Family, Level, Params

__all__ = ["FAMILIES"]

_STR_SIG = "def $name(s: str) -> str:"

_STRING_OPS = (
    {"what": "s converted to upper case", "expr": "s.upper()"},
    {"what": "s converted to lower case", "expr": "s.lower()"},
    {"what": "s reversed", "expr": "s[::-1]"},
    {"what": "s written twice in a row", "expr": "s + s"},
)


def _mixed(rng: random.Random, p: Params) -> tuple[str]:
    return (word(rng, 1, 9, string.ascii_letters),)


STRINGS = Family(
    name="strings",
    style=TaskStyle.CALL,
    topic="string building and slicing",
    tags=("strings",),
    levels=(
        Level(
            summary="one string operation (upper, lower, reverse, double)",
            phrasings=(
                "Write a function `$name(s)` that returns $what.",
                "Given a string s, return $what. Name the function `$name`.",
                "The function `$name(s)` takes a string s and returns $what.",
                "Return $expr, that is $what. Name the function `$name(s)`.",
            ),
            names=("transform", "convert", "rewrite", "change"),
            signature=_STR_SIG,
            params=lambda rng: dict(rng.choice(_STRING_OPS)),
            reference="def $name(s: str) -> str:\n    return $expr\n",
            outline="function $name(s):\n    return $what",
            refinements=("in Python: $expr",),
            draw=_mixed,
            edges=lambda p: [("",)],
        ),
        Level(
            summary="slice and transform: first k characters in upper case",
            phrasings=(
                "Write `$name(s)` that returns the first $k characters of s in upper case (all "
                "of s, upper-cased, if it is shorter).",
                "Return s[:$k] converted to capital letters. Name the function `$name(s)`.",
            ),
            names=("shout_prefix", "head_upper", "loud_start"),
            signature=_STR_SIG,
            params=lambda rng: {"k": rng.randint(2, 5)},
            reference="def $name(s: str) -> str:\n    return s[:$k].upper()\n",
            outline="function $name(s):\n    take the first $k characters\n    upper-case them",
            refinements=("slicing past the end is safe: s[:$k] of a short s is s",),
            draw=_mixed,
            edges=lambda p: [("",), ("a",)],
        ),
        Level(
            summary="replace every vowel by a character",
            phrasings=(
                "Write `$name(s)` that returns s with every vowel (a, e, i, o, u, in upper or "
                "lower case) replaced by \"$c\".",
                "Replace each vowel of the string s (aeiou, either case) with the character "
                "\"$c\" and return the result. Name the function `$name`.",
            ),
            names=("mask_vowels", "hide_vowels", "replace_vowels"),
            signature=_STR_SIG,
            params=lambda rng: {"c": rng.choice("*#_-+")},
            reference=("def $name(s: str) -> str:\n"
                       "    return \"\".join(\"$c\" if ch in \"aeiouAEIOU\" else ch\n"
                       "                   for ch in s)\n"),
            outline="function $name(s):\n    for each character: output \"$c\" if it is a vowel, "
                    "else the character",
            refinements=("check membership in \"aeiouAEIOU\" so both cases count",),
            draw=_mixed,
            edges=lambda p: [("",), ("AEIOU",), ("xyz",)],
        ),
        Level(
            summary="run-length encoding",
            phrasings=(
                "Write `$name(s)` that returns the run-length encoding of s: every maximal run "
                "of the same character becomes the character followed by the run's length, "
                "e.g. \"aaabcc\" -> \"a3b1c2\".",
                "Compress s by writing each block of repeated characters as the character and "
                "its count (\"zzzy\" becomes \"z3y1\"); the empty string stays empty. Name the "
                "function `$name`.",
            ),
            names=("rle", "compress", "run_length"),
            signature=_STR_SIG,
            reference=("def $name(s: str) -> str:\n    out = []\n    i = 0\n"
                       "    while i < len(s):\n        j = i\n"
                       "        while j < len(s) and s[j] == s[i]:\n            j += 1\n"
                       "        out.append(f\"{s[i]}{j - i}\")\n        i = j\n"
                       "    return \"\".join(out)\n"),
            outline=("function $name(s):\n    walk the runs of equal characters\n    for each "
                     "run output its character and its length"),
            refinements=("j scans to the end of the run starting at i; counts can exceed 9 "
                         "(\"a12\")",),
            draw=lambda rng, p: ("".join(rng.choice("ab") * rng.randint(1, 12)
                                         for _ in range(rng.randint(1, 5))),),
            edges=lambda p: [("",), ("z",), ("a" * 12,)],
        ),
        Level(
            summary="longest palindromic substring length, n = 3000 (expand around centres)",
            phrasings=(
                "Write `$name(s)` that returns the length of the longest substring of s that "
                "reads the same forwards and backwards. s has up to 3000 characters, so "
                "checking every substring is too slow.",
                "Return the length of the longest contiguous palindrome inside s (0 for the "
                "empty string). Name the function `$name(s)`; strings reach 3000 characters: "
                "aim for O(n^2) or better.",
            ),
            names=("longest_palindrome", "palindrome_length", "max_palindrome"),
            signature="def $name(s: str) -> int:",
            reference=("def $name(s: str) -> int:\n    best = 0\n    n = len(s)\n"
                       "    for centre in range(2 * n - 1):\n        lo = centre // 2\n"
                       "        hi = lo + centre % 2\n"
                       "        while lo >= 0 and hi < n and s[lo] == s[hi]:\n"
                       "            lo -= 1\n            hi += 1\n"
                       "        best = max(best, hi - lo - 1)\n    return best\n"),
            outline=("function $name(s):\n    for each of the 2n-1 centres (a character or a "
                     "gap)\n        expand while both ends match\n    return the longest length"),
            refinements=("centre c: lo = c // 2, hi = lo + c % 2; after the loop the palindrome "
                         "is s[lo+1:hi], of length hi - lo - 1",),
            draw=lambda rng, p: (word(rng, 1, 14, "abc"),),
            edges=lambda p: [("",), ("a",), ("ab",), ("aa",)],
            large=lambda rng, p: (fast_text(rng, 3000, "ab"),),
            timeout_s=4.0,
        ),
    ),
)


def _brackets(rng: random.Random, kinds: str, n_max: int) -> str:
    """A string of brackets, balanced about half of the time."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    out: list[str] = []
    stack: list[str] = []
    for _ in range(rng.randint(1, n_max)):
        if stack and rng.random() < 0.5:
            out.append(pairs[stack.pop()])
        else:
            opener = rng.choice(kinds)
            stack.append(opener)
            out.append(opener)
    out.extend(pairs[o] for o in reversed(stack))
    if rng.random() < 0.5 and out:
        i = rng.randrange(len(out))
        out[i] = rng.choice("()[]{}"[: 2 * len(kinds)])
    return "".join(out)


BRACKETS = Family(
    name="brackets",
    style=TaskStyle.CALL,
    topic="bracket and token parsing",
    tags=("parsing", "stack"),
    levels=(
        Level(
            summary="count one character",
            phrasings=(
                "Write a function `$name(s)` that returns how many times the character "
                "\"$ch\" appears in the string s.",
                "Count the \"$ch\" characters in s and return the number. Name the function "
                "`$name`.",
                "Return s.count(\"$ch\"), the number of \"$ch\" characters in the string s. "
                "Name the function `$name`.",
            ),
            names=("count_char", "how_many", "tally"),
            signature="def $name(s: str) -> int:",
            params=lambda rng: {"ch": rng.choice("()[]")},
            reference="def $name(s: str) -> int:\n    return s.count(\"$ch\")\n",
            outline="function $name(s):\n    return the number of \"$ch\" in s",
            refinements=("str.count does it",),
            draw=lambda rng, p: (_brackets(rng, "([", 8),),
            edges=lambda p: [("",)],
        ),
        Level(
            summary="balanced parentheses (one kind)",
            phrasings=(
                "Write `$name(s)` that returns True if the string s of \"(\" and \")\" is "
                "balanced (every \"(\" is closed later and no \")\" comes before its \"(\"), "
                "else False.",
                "Given a string made of round brackets only, decide whether it is a correctly "
                "nested sequence. The empty string is balanced. Name the function `$name`.",
            ),
            names=("balanced", "is_balanced", "well_formed"),
            signature="def $name(s: str) -> bool:",
            reference=("def $name(s: str) -> bool:\n    depth = 0\n    for ch in s:\n"
                       "        depth += 1 if ch == \"(\" else -1\n        if depth < 0:\n"
                       "            return False\n    return depth == 0\n"),
            outline=("function $name(s):\n    depth <- 0\n    for each bracket: +1 for \"(\", -1 "
                     "for \")\"; fail if depth < 0\n    balanced iff depth ends at 0"),
            refinements=("check depth < 0 inside the loop: \")(\" has final depth 0 but is "
                         "not balanced",),
            draw=lambda rng, p: (_brackets(rng, "(", 10),),
            edges=lambda p: [("",), (")(",), ("(",)],
        ),
        Level(
            summary="balanced brackets of three kinds (stack)",
            phrasings=(
                "Write `$name(s)` that returns True if the brackets in s (only the characters "
                "()[]{}) are balanced and correctly nested, else False.",
                "A string contains the brackets ( ) [ ] { }. Return whether every opening "
                "bracket is closed by the matching kind in the right order. Name the function "
                "`$name`.",
            ),
            names=("balanced", "is_valid", "nested_ok"),
            signature="def $name(s: str) -> bool:",
            reference=("def $name(s: str) -> bool:\n    pairs = {\")\": \"(\", \"]\": \"[\", "
                       "\"}\": \"{\"}\n    stack = []\n    for ch in s:\n"
                       "        if ch in \"([{\":\n            stack.append(ch)\n"
                       "        elif not stack or stack.pop() != pairs[ch]:\n"
                       "            return False\n    return not stack\n"),
            outline=("function $name(s):\n    push openers on a stack\n    a closer must match "
                     "the top opener (pop it)\n    valid iff the stack ends empty"),
            refinements=("a closer on an empty stack is invalid; \"([)]\" fails at \")\" "
                         "because the top is \"[\"",),
            draw=lambda rng, p: (_brackets(rng, "([{", 10),),
            edges=lambda p: [("",), ("([)]",), ("{",), ("}",)],
        ),
        Level(
            summary="fewest insertions to balance",
            phrasings=(
                "Write `$name(s)` that returns the smallest number of \"(\" or \")\" characters "
                "that must be inserted into the bracket string s to make it balanced.",
                "Given a string of round brackets, return how many brackets you must add "
                "(anywhere) at minimum so that it becomes correctly nested. Name the function "
                "`$name`.",
            ),
            names=("min_insertions", "fix_cost", "repairs_needed"),
            signature="def $name(s: str) -> int:",
            reference=("def $name(s: str) -> int:\n    depth = 0\n    added = 0\n"
                       "    for ch in s:\n        if ch == \"(\":\n            depth += 1\n"
                       "        elif depth > 0:\n            depth -= 1\n        else:\n"
                       "            added += 1\n    return added + depth\n"),
            outline=("function $name(s):\n    depth <- open brackets not yet closed\n    a \")\" "
                     "with depth 0 needs an inserted \"(\"\n    at the end each open bracket "
                     "needs a \")\""),
            refinements=("answer = unmatched closers + depth left over",),
            draw=lambda rng, p: ("".join(rng.choice("()") for _ in range(rng.randint(1, 12))),),
            edges=lambda p: [("",), (")(",), ("(((",)],
        ),
        Level(
            summary="longest valid parentheses substring, n = 20000 (stack)",
            phrasings=(
                "Write `$name(s)` that returns the length of the longest contiguous substring "
                "of the bracket string s that is balanced. s has up to 20000 characters, so "
                "testing every substring is too slow.",
                "Given a string of \"(\" and \")\", return the length of its longest "
                "well-formed (balanced) substring. Name the function `$name(s)`; inputs reach "
                "20000 characters: aim for O(n).",
            ),
            names=("longest_valid", "longest_balanced", "best_block"),
            signature="def $name(s: str) -> int:",
            reference=("def $name(s: str) -> int:\n    stack = [-1]\n    best = 0\n"
                       "    for i, ch in enumerate(s):\n        if ch == \"(\":\n"
                       "            stack.append(i)\n        else:\n            stack.pop()\n"
                       "            if stack:\n                best = max(best, i - stack[-1])\n"
                       "            else:\n                stack.append(i)\n    return best\n"),
            outline=("function $name(s):\n    stack of indexes; bottom = last unmatched \")\" "
                     "(start -1)\n    on \")\": pop; if empty push i as the new bottom, else the "
                     "valid run ends at i and starts after the top"),
            refinements=("best = max(best, i - stack[-1]) after a successful pop",),
            draw=lambda rng, p: ("".join(rng.choice("()") for _ in range(rng.randint(1, 14))),),
            edges=lambda p: [("",), (")(",), ("(()",), ("()(())",)],
            large=lambda rng, p: (fast_text(rng, 20000, "(()"),),
            timeout_s=3.0,
        ),
    ),
)


_MOVES = {"U": (0, 1), "D": (0, -1), "R": (1, 0), "L": (-1, 0)}


def _walk(rng: random.Random, letters: str, lo: int, hi: int) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))


def _snake(rng: random.Random) -> str:
    """A long walk that visits no cell twice until its last move (slow for a quadratic check)."""
    width = rng.randint(50, 100)
    rows = 20000 // (width + 1)
    moves = []
    for row in range(rows):
        moves.append(("R" if row % 2 == 0 else "L") * width)
        moves.append("U")
    return "".join(moves) + "D"


ROBOT = Family(
    name="robot",
    style=TaskStyle.CALL,
    topic="simple state machines: counters and robots",
    tags=("simulation",),
    levels=(
        Level(
            summary="count one command",
            phrasings=(
                "A counter starts at 0 and the string s lists commands; each \"$c\" adds one "
                "and every other character does nothing. Write `$name(s)` that returns the "
                "final value of the counter.",
                "Return how many \"$c\" commands the command string s contains. Name the "
                "function `$name(s)`.",
                "Return s.count(\"$c\"): the number of \"$c\" characters in the string s. Name "
                "the function `$name(s)`.",
            ),
            names=("final_count", "run_counter", "tally"),
            signature="def $name(s: str) -> int:",
            params=lambda rng: {"c": rng.choice("UDLR")},
            reference="def $name(s: str) -> int:\n    return s.count(\"$c\")\n",
            outline="function $name(s):\n    return the number of \"$c\" in s",
            refinements=("str.count(\"$c\")",),
            draw=lambda rng, p: (_walk(rng, "UDLR", 1, 12),),
            edges=lambda p: [("",)],
        ),
        Level(
            summary="position on a line after U/D moves",
            phrasings=(
                "A robot on a number line starts at $start. Each \"U\" in the string s moves "
                "it up by one, each \"D\" down by one. Write `$name(s)` that returns its final "
                "position.",
                "Start at $start; for every character of s add 1 for \"U\" and subtract 1 for "
                "\"D\". Return the result. Name the function `$name(s)`.",
            ),
            names=("final_position", "walk_line", "elevator"),
            signature="def $name(s: str) -> int:",
            params=lambda rng: {"start": rng.randint(0, 10)},
            reference=("def $name(s: str) -> int:\n"
                       "    return $start + s.count(\"U\") - s.count(\"D\")\n"),
            outline="function $name(s):\n    return $start + (number of U) - (number of D)",
            refinements=("count both letters; order does not matter",),
            draw=lambda rng, p: (_walk(rng, "UD", 1, 14),),
            edges=lambda p: [("",)],
        ),
        Level(
            summary="2D position after U/D/L/R moves",
            phrasings=(
                "A robot starts at (0, 0). The string s holds moves: \"U\" is y + 1, \"D\" "
                "y - 1, \"R\" x + 1, \"L\" x - 1. Write `$name(s)` that returns the final "
                "position as a tuple (x, y).",
                "Follow the moves in s from the origin (U: up, D: down, L: left, R: right, one "
                "unit each) and return where the robot ends as (x, y). Name the function "
                "`$name(s)`.",
            ),
            names=("final_point", "walk", "end_position"),
            signature="def $name(s: str) -> tuple[int, int]:",
            reference=("def $name(s: str) -> tuple[int, int]:\n    x = y = 0\n    for ch in s:\n"
                       "        if ch == \"U\":\n            y += 1\n        elif ch == \"D\":\n"
                       "            y -= 1\n        elif ch == \"R\":\n            x += 1\n"
                       "        elif ch == \"L\":\n            x -= 1\n    return (x, y)\n"),
            outline="function $name(s):\n    x, y <- 0, 0\n    apply each move\n    return (x, y)",
            refinements=("return a tuple, not a list",),
            draw=lambda rng, p: (_walk(rng, "UDLR", 1, 14),),
            edges=lambda p: [("",), ("UDLR",)],
        ),
        Level(
            summary="turtle with a heading: F/L/R commands",
            phrasings=(
                "A robot starts at (0, 0) facing north. Commands in s: \"F\" moves one step "
                "forward, \"L\" turns 90 degrees left, \"R\" turns 90 degrees right. North is "
                "y + 1 and east is x + 1. Write `$name(s)` that returns the final (x, y).",
                "Simulate a turtle: it begins at the origin heading north (towards y + 1); "
                "\"L\"/\"R\" rotate it a quarter turn left/right, \"F\" steps forward one unit. "
                "Return its final position as a tuple (x, y). Name the function `$name(s)`.",
            ),
            names=("turtle", "simulate", "final_spot"),
            signature="def $name(s: str) -> tuple[int, int]:",
            reference=("def $name(s: str) -> tuple[int, int]:\n"
                       "    dx, dy = 0, 1\n    x = y = 0\n    for ch in s:\n"
                       "        if ch == \"F\":\n            x, y = x + dx, y + dy\n"
                       "        elif ch == \"L\":\n            dx, dy = -dy, dx\n"
                       "        elif ch == \"R\":\n            dx, dy = dy, -dx\n"
                       "    return (x, y)\n"),
            outline=("function $name(s):\n    position (0, 0), direction (0, 1)\n    F: add the "
                     "direction; L/R: rotate it\n    return the position"),
            refinements=("left turn: (dx, dy) -> (-dy, dx); right turn: (dx, dy) -> (dy, -dx)",),
            draw=lambda rng, p: (_walk(rng, "FFLR", 1, 14),),
            edges=lambda p: [("",), ("LF",), ("RRF",)],
        ),
        Level(
            summary="first move that revisits a cell, n = 20000 (hash set)",
            phrasings=(
                "A robot starts at (0, 0) and follows the moves in s (U, D, L, R, one unit "
                "each). Write `$name(s)` that returns the 1-based number of the first move "
                "that brings it to a cell it has already visited (the start counts as "
                "visited), or -1 if that never happens. s has up to 20000 moves: comparing "
                "with every earlier position is too slow.",
                "Return the index (starting at 1) of the first move in s after which the "
                "walker stands on a previously visited point, counting the origin as visited; "
                "return -1 if every point is new. Name the function `$name(s)`. Walks reach "
                "20000 moves, so use a set.",
            ),
            names=("first_revisit", "loop_step", "repeat_index"),
            signature="def $name(s: str) -> int:",
            reference=("def $name(s: str) -> int:\n"
                       "    moves = {\"U\": (0, 1), \"D\": (0, -1), \"R\": (1, 0), "
                       "\"L\": (-1, 0)}\n    x = y = 0\n    seen = {(0, 0)}\n"
                       "    for i, ch in enumerate(s, start=1):\n        dx, dy = moves[ch]\n"
                       "        x, y = x + dx, y + dy\n        if (x, y) in seen:\n"
                       "            return i\n        seen.add((x, y))\n    return -1\n"),
            outline=("function $name(s):\n    seen <- {(0, 0)}\n    for each move i: step; if "
                     "the new point is in seen return i; else add it\n    return -1"),
            refinements=("tuples (x, y) are hashable set members: O(1) per move",),
            draw=lambda rng, p: (_walk(rng, "UDLR", 2, 12),),
            edges=lambda p: [("",), ("UD",), ("URDL",), ("UURR",)],
            large=lambda rng, p: (_snake(rng),),
            timeout_s=3.0,
        ),
    ),
)


def _grid(rng: random.Random, rows: int, cols: int, lo: int = 0, hi: int = 9) -> list[list[int]]:
    return [[rng.randint(lo, hi) for _ in range(cols)] for _ in range(rows)]


def _maze(rng: random.Random, size: int, wall: float) -> list[str]:
    rows = [["#" if rng.random() < wall else "." for _ in range(size)] for _ in range(size)]
    rows[0][0] = rows[-1][-1] = "."
    return ["".join(r) for r in rows]


GRID = Family(
    name="grid",
    style=TaskStyle.CALL,
    topic="matrix walks",
    tags=("matrix",),
    levels=(
        Level(
            summary="sum of all cells",
            phrasings=(
                "Write a function `$name(grid)` that returns the sum of all numbers in grid, a "
                "list of rows (each row a list of integers).",
                "Add up every number in the 2D list grid and return the total. Name the "
                "function `$name`.",
                "Return sum(sum(row) for row in grid): the total of all numbers in the list of "
                "rows grid. Name the function `$name`.",
            ),
            names=("grid_sum", "total", "sum_all"),
            signature="def $name(grid: list[list[int]]) -> int:",
            reference=("def $name(grid: list[list[int]]) -> int:\n"
                       "    return sum(sum(row) for row in grid)\n"),
            outline="function $name(grid):\n    return the sum over rows of the row sums",
            refinements=("an empty grid or empty rows add 0",),
            draw=lambda rng, p: (_grid(rng, rng.randint(1, 4), rng.randint(1, 4)),),
            edges=lambda p: [([],), ([[]],)],
        ),
        Level(
            summary="transpose",
            phrasings=(
                "Write `$name(grid)` that returns the transpose of the rectangular grid (a "
                "non-empty list of equally long non-empty rows): row i of the result is column "
                "i of grid.",
                "Swap the rows and columns of the matrix grid and return the new list of lists. "
                "Name the function `$name`.",
            ),
            names=("transpose", "flip_diagonal", "columns"),
            signature="def $name(grid: list[list[int]]) -> list[list[int]]:",
            reference=("def $name(grid: list[list[int]]) -> list[list[int]]:\n"
                       "    return [list(col) for col in zip(*grid)]\n"),
            outline="function $name(grid):\n    result[j][i] <- grid[i][j]",
            refinements=("zip(*grid) yields the columns as tuples; convert each to a list",),
            draw=lambda rng, p: (_grid(rng, rng.randint(1, 4), rng.randint(1, 4)),),
            edges=lambda p: [([[5]],), ([[1, 2, 3]],)],
        ),
        Level(
            summary="rotate 90 degrees clockwise",
            phrasings=(
                "Write `$name(grid)` that returns the rectangular grid rotated 90 degrees "
                "clockwise (the first column, read bottom to top, becomes the first row).",
                "Rotate the matrix grid a quarter turn clockwise and return it as a new list of "
                "rows. Name the function `$name`.",
            ),
            names=("rotate", "rotate_right", "turn_clockwise"),
            signature="def $name(grid: list[list[int]]) -> list[list[int]]:",
            reference=("def $name(grid: list[list[int]]) -> list[list[int]]:\n"
                       "    return [list(row) for row in zip(*grid[::-1])]\n"),
            outline="function $name(grid):\n    reverse the order of the rows\n    transpose",
            refinements=("zip(*grid[::-1]) gives the rotated rows as tuples",),
            draw=lambda rng, p: (_grid(rng, rng.randint(1, 4), rng.randint(1, 4)),),
            edges=lambda p: [([[5]],), ([[1, 2]],)],
        ),
        Level(
            summary="spiral order",
            phrasings=(
                "Write `$name(grid)` that returns the elements of the rectangular grid in "
                "clockwise spiral order, starting at the top-left corner and going right.",
                "Walk the matrix grid in a clockwise spiral from the top-left (right along the "
                "top row, down the right column, and so on inwards) and return the visited "
                "values as a list. An empty grid gives []. Name the function `$name`.",
            ),
            names=("spiral", "spiral_order", "snail"),
            signature="def $name(grid: list[list[int]]) -> list[int]:",
            reference=("def $name(grid: list[list[int]]) -> list[int]:\n    out = []\n"
                       "    rows = [list(r) for r in grid]\n    while rows:\n"
                       "        out += rows.pop(0)\n"
                       "        rows = [list(r) for r in zip(*rows)][::-1]\n    return out\n"),
            outline=("function $name(grid):\n    repeat while cells remain: take the top row, "
                     "then rotate the rest counter-clockwise"),
            refinements=("rotating counter-clockwise = transpose then reverse the row order, so "
                         "the next side to read becomes the top row",),
            draw=lambda rng, p: (_grid(rng, rng.randint(1, 4), rng.randint(1, 4)),),
            edges=lambda p: [([],), ([[1]],), ([[1], [2], [3]],)],
        ),
        Level(
            summary="shortest path in a maze, 150 x 150 (BFS)",
            phrasings=(
                "Write `$name(maze)`: maze is a list of equal-length strings of \".\" (free) "
                "and \"#\" (wall). Return the fewest moves (up, down, left, right) from the "
                "top-left cell to the bottom-right cell, or -1 if it cannot be reached. Mazes "
                "reach 150 x 150, so trying all paths is far too slow.",
                "Find the length of the shortest 4-directional path through free \".\" cells "
                "from the top-left to the bottom-right corner of the maze (a list of rows); "
                "walls are \"#\". Return -1 when there is no path and 0 for a 1 x 1 maze. Name "
                "the function `$name(maze)`; use breadth-first search.",
            ),
            names=("shortest_path", "maze_distance", "escape"),
            signature="def $name(maze: list[str]) -> int:",
            reference=("from collections import deque\n\n\ndef $name(maze: list[str]) -> int:\n"
                       "    rows, cols = len(maze), len(maze[0])\n"
                       "    if maze[0][0] == \"#\" or maze[-1][-1] == \"#\":\n        return -1\n"
                       "    dist = {(0, 0): 0}\n    queue = deque([(0, 0)])\n    while queue:\n"
                       "        r, c = queue.popleft()\n"
                       "        if (r, c) == (rows - 1, cols - 1):\n            return dist[r, c]\n"
                       "        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):\n"
                       "            if 0 <= nr < rows and 0 <= nc < cols and maze[nr][nc] == "
                       "\".\" and (nr, nc) not in dist:\n"
                       "                dist[nr, nc] = dist[r, c] + 1\n"
                       "                queue.append((nr, nc))\n    return -1\n"),
            outline=("function $name(maze):\n    breadth-first search from the top-left cell\n"
                     "    the first time the bottom-right cell is reached, its distance is the "
                     "answer\n    if the queue empties first: -1"),
            refinements=("mark cells when they are queued (not when popped) so each is queued "
                         "once; BFS explores by distance, so the first arrival is shortest",),
            draw=lambda rng, p: (_maze(rng, rng.randint(2, 6), 0.3),),
            edges=lambda p: [(["."],), ([".#", "#."],), (["..", ".."],)],
            large=lambda rng, p: (_maze(rng, 150, 0.2),),
            timeout_s=3.0,
        ),
    ),
)


FAMILIES = (STRINGS, BRACKETS, ROBOT, GRID)
