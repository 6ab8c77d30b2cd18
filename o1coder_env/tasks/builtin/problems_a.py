"""Built-in suite, part A: strings, lists, math, dictionaries, parsing, bits, sorting/searching.

Every problem here was written for o1coder (no benchmark problem copied or paraphrased). Expected
values are literals, computed from the reference solution while authoring and cross-checked
against independent brute-force solutions where one exists; each hidden test set was checked to
reject hand-written plausible mutants of its reference. Large inputs, used where a statement
demands efficiency, are built by the seeded helpers below so that the file stays small and every
test stays deterministic.

Split: ``split="test"`` problems are for evaluation only; everything else is ``train``.
"""

from __future__ import annotations

import random
import sys
from array import array

from o1coder_env.tasks.builtin._schema import call_problem, stdio_problem
from o1coder_env.tasks.model import Task

__all__ = ["PROBLEMS"]


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


PROBLEMS: list[Task] = []

# ------------------------------ strings and text ----------------------------------------------

PROBLEMS.append(call_problem(
    "initials_badge",
    statement=r"""
A conference badge printer shows only a person's initials. Write `initials_badge(name)`.

`name` is a string of words separated by spaces and/or hyphens (`-`). Separators may repeat and
may appear at the start or end. A word is a maximal run of characters that are neither a space
nor a hyphen. Return the first character of every word, converted to upper case and followed by
a dot, all joined without separators. If `name` contains no word (empty, or only separators),
return the empty string.

Constraints: `0 <= len(name) <= 1000`.

Example: `initials_badge("ada king-lovelace")` returns `"A.K.L."`.
""",
    signature='def initials_badge(name: str) -> str:',
    reference=r'''
def initials_badge(name: str) -> str:
    words = name.replace("-", " ").split(" ")
    return "".join(word[0].upper() + "." for word in words if word)
''',
    outline=r"""
function initials_badge(name) -> string:
    words <- split name into words, treating spaces and hyphens as separators
    drop empty words produced by repeated or leading/trailing separators
    return concatenation over words of (upper-case first character + ".")
""",
    refinements=[
        r"""
refine splitting:
    replace every "-" in name by " "
    split on " " (consecutive separators give empty pieces)
    keep only non-empty pieces, in order
refine output:
    result <- ""
    for each word: result <- result + upper(word[0]) + "."
    an input with no words gives ""
""",
    ],
    public=[
        (('ada king-lovelace',), 'A.K.L.'),
        (('  grace   hopper ',), 'G.H.'),
        (('',), ''),
    ],
    hidden=[
        (('-',), ''),
        (('x',), 'X.'),
        (('jean-luc picard',), 'J.L.P.'),
        (('a--b',), 'A.B.'),
        (('ALAN turing',), 'A.T.'),
        (('  - -- ',), ''),
        (('émile zola',), 'É.Z.'),
        (("o'neil mc-donald",), 'O.M.D.'),
        (('9lives cat',), '9.C.'),
        (('-leading-and-trailing-',), 'L.A.T.'),
    ],
    difficulty='easy',
    tags=('strings',),
    split='train',
))

PROBLEMS.append(call_problem(
    "longest_letter_run",
    statement=r"""
A keyboard tester records every keystroke as one character of the string `s`. Write
`longest_letter_run(s)` that finds the longest block of consecutive identical characters.

Return a tuple `(char, length)`: the repeated character and the length of the block. Characters
are compared exactly (case-sensitive: `"a"` and `"A"` differ; spaces and punctuation count like
any other character). If several blocks share the maximum length, report the one that appears
first. For the empty string return `("", 0)`.

Constraints: `0 <= len(s) <= 10**5`.

Example: `longest_letter_run("aabbbc")` returns `("b", 3)`.
""",
    signature='def longest_letter_run(s: str) -> tuple[str, int]:',
    reference=r'''
def longest_letter_run(s: str) -> tuple[str, int]:
    best_char, best_len = "", 0
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        if j - i > best_len:
            best_char, best_len = s[i], j - i
        i = j
    return (best_char, best_len)
''',
    outline=r"""
function longest_letter_run(s) -> (char, length):
    best <- ("", 0)
    walk over s block by block, where a block is a maximal run of equal characters
    for each block: if its length beats best strictly, remember (its character, its length)
    return best
""",
    refinements=[
        r"""
refine block walk:
    i <- 0
    while i < length(s):
        j <- i
        while j < length(s) and s[j] = s[i]: j <- j + 1
        block length is j - i, block character is s[i]
        only a strictly longer block replaces best, so ties keep the earliest block
        i <- j
""",
    ],
    public=[
        (('aabbbc',), ('b', 3)),
        (('',), ('', 0)),
        (('xxyy',), ('x', 2)),
    ],
    hidden=[
        (('z',), ('z', 1)),
        (('aaBBBbb',), ('B', 3)),
        (('abcabc',), ('a', 1)),
        (('  !!',), (' ', 2)),
        (('abbbbcccc',), ('b', 4)),
        (('AaAaAaa',), ('a', 2)),
        (('qqqqqqq',), ('q', 7)),
        (('mississippi',), ('s', 2)),
        (("a" * 5000 + "b" * 5001,), ('b', 5001)),
        (('x1111y222',), ('1', 4)),
    ],
    difficulty='easy',
    tags=('strings',),
    split='test',
))

PROBLEMS.append(call_problem(
    "wrap_words",
    statement=r"""
A fixed-width e-ink display needs text broken into lines. Write `wrap_words(text, width)`.

Words are the maximal runs of non-whitespace characters of `text` (any whitespace, including tabs
and newlines, separates words). Fill lines greedily: keep adding the next word to the current
line, separated by a single space, as long as the line length stays `<= width`; otherwise start
a new line with that word. A word longer than `width` always starts on a new line and is cut into
pieces of exactly `width` characters (the last piece may be shorter); every piece except the last
is a line of its own, and the last piece becomes the current line, to which following words may
be added as usual.

Return the list of lines (no line has leading or trailing spaces). If `text` has no words,
return `[]`.

Constraints: `1 <= width <= 100`, `0 <= len(text) <= 10**4`.

Example: `wrap_words("the quick brown fox jumps", 10)` returns `["the quick", "brown fox", "jumps"]`.
""",
    signature='def wrap_words(text: str, width: int) -> list[str]:',
    reference=r'''
def wrap_words(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if len(word) > width:
            # An over-long word is cut into width-sized pieces, starting on a fresh line.
            if current:
                lines.append(current)
            pieces = [word[i:i + width] for i in range(0, len(word), width)]
            lines.extend(pieces[:-1])
            current = pieces[-1]
        elif not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
''',
    outline=r"""
function wrap_words(text, width) -> list of lines:
    lines <- empty list; current <- empty line
    for each word of text (split on any whitespace):
        if word is longer than width: flush current, emit its full-width pieces, keep the last piece as current
        else if it fits on current (with one separating space): append it
        else: flush current and start a new line with the word
    flush current if not empty
    return lines
""",
    refinements=[
        r"""
refine fitting test:
    if current is empty: current <- word
    else if length(current) + 1 + length(word) <= width: current <- current + " " + word
    else: append current to lines; current <- word
refine over-long words:
    if current is not empty: append current to lines
    pieces <- word cut every width characters
    append all pieces except the last to lines
    current <- last piece (later words may still join it)
""",
    ],
    public=[
        (('the quick brown fox jumps', 10), ['the quick', 'brown fox', 'jumps']),
        (('', 5), []),
        (('abcdefghij', 4), ['abcd', 'efgh', 'ij']),
    ],
    hidden=[
        (('   ', 3), []),
        (('ab abcdefg hi', 3), ['ab', 'abc', 'def', 'g', 'hi']),
        (('a b c d', 3), ['a b', 'c d']),
        (('aa bb', 5), ['aa bb']),
        (('aa bb', 4), ['aa', 'bb']),
        (('one\ttwo\nthree', 7), ['one two', 'three']),
        (('a bc', 1), ['a', 'b', 'c']),
        (('xyz', 3), ['xyz']),
        (('hello world', 100), ['hello world']),
        (('lorem ipsum dolor sit amet consectetur', 12), ['lorem ipsum', 'dolor sit', 'amet', 'consectetur']),
        (('abcdef gh', 3), ['abc', 'def', 'gh']),
    ],
    difficulty='medium',
    tags=('strings',),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "framed_banner",
    statement=r"""
Print the lines of standard input inside a frame of asterisks, as a shop-window banner.

Input: any number of lines (possibly none). Remove trailing whitespace from every line (leading
spaces are kept). A final newline at the end of the input does not start an extra line; empty
lines in the middle are kept.

Output: let `W` be the length of the longest line (0 if there are no lines). Print a border of
`W + 4` asterisks, then every line as `"* " + line padded with spaces on the right to width W +
" *"`, then the border again. Every output line ends with a newline.

Constraints: at most 1000 lines of at most 200 characters each.

Example: input `hi\nthere\n` gives
```
*********
* hi    *
* there *
*********
```
""",
    reference=r'''
import sys


def main() -> None:
    lines = [line.rstrip() for line in sys.stdin.read().splitlines()]
    width = max((len(line) for line in lines), default=0)
    border = "*" * (width + 4)
    out = [border]
    out.extend(f"* {line.ljust(width)} *" for line in lines)
    out.append(border)
    print("\n".join(out))


main()
''',
    outline=r"""
program framed_banner:
    read all input lines, trimming trailing whitespace from each
    width <- length of the longest line, or 0 when there are none
    print a border of width + 4 asterisks
    for each line: print "* " + line padded to width + " *"
    print the border again
""",
    refinements=[
        r"""
refine reading:
    split the whole input into lines without creating an extra empty line for the final newline
    keep empty lines that occur between other lines
refine padding:
    padded <- line followed by (width - length(line)) spaces
    row <- "* " + padded + " *"   (so every row has width + 4 characters, like the border)
""",
    ],
    public=[
        ('hello\nworld!\n', '**********\n* hello  *\n* world! *\n**********\n'),
        ('', '****\n****\n'),
        ('a', '*****\n* a *\n*****\n'),
    ],
    hidden=[
        ('x\n\nyz\n', '******\n* x  *\n*    *\n* yz *\n******\n'),
        ('  lead\n', '**********\n*   lead *\n**********\n'),
        ('trail   \n', '*********\n* trail *\n*********\n'),
        ('same\nsize\n', '********\n* same *\n* size *\n********\n'),
        ('\n', '****\n*  *\n****\n'),
        ('one line only, rather long compared with the others\nshort\n\n', '*******************************************************\n* one line only, rather long compared with the others *\n* short                                               *\n*                                                     *\n*******************************************************\n'),
        ('  \n  b\n', '*******\n*     *\n*   b *\n*******\n'),
        ('tab\tinside\n', '**************\n* tab\tinside *\n**************\n'),
        ('abc\ndefgh\nij\n', '*********\n* abc   *\n* defgh *\n* ij    *\n*********\n'),
    ],
    difficulty='easy',
    tags=('strings', 'formatting'),
    split='train',
))

PROBLEMS.append(call_problem(
    "shortest_stamp",
    statement=r"""
A rubber stamp carrying a pattern `p` was pressed again and again along a ribbon, each print
starting exactly where the previous one ended, beginning at the start of the ribbon. Then the
ribbon was cut after some character, possibly in the middle of a print. So the ribbon reads
`p + p + ... + p + (a prefix of p)`, with at least one complete `p`.

Write `shortest_stamp(s)` returning the length of the shortest pattern `p` that could have
produced the ribbon `s` (the ribbon itself is always a possible pattern). For the empty ribbon
return 0.

Constraints: `0 <= len(s) <= 2 * 10**5`. The solution must run in about linear time: a
quadratic scan is too slow for the largest ribbons.

Example: `shortest_stamp("abcabcab")` returns 3 (pattern `"abc"`).
""",
    signature='def shortest_stamp(s: str) -> int:',
    reference=r'''
def shortest_stamp(s: str) -> int:
    n = len(s)
    if n == 0:
        return 0
    # border[i]: length of the longest proper prefix of s[:i + 1] that is also its suffix.
    border = [0] * n
    for i in range(1, n):
        k = border[i - 1]
        while k > 0 and s[i] != s[k]:
            k = border[k - 1]
        if s[i] == s[k]:
            k += 1
        border[i] = k
    return n - border[-1]
''',
    outline=r"""
function shortest_stamp(s) -> integer:
    if s is empty: return 0
    compute the prefix-function (border array) of s in linear time
    the shortest period of s is n minus the longest proper border of the whole string
    return that period
""",
    refinements=[
        r"""
refine border array:
    border[0] <- 0
    for i from 1 to n - 1:
        k <- border[i - 1]
        while k > 0 and s[i] differs from s[k]: k <- border[k - 1]   (fall back to shorter borders)
        if s[i] = s[k]: k <- k + 1
        border[i] <- k
refine why n - border works:
    p of length L produces s exactly when s[i] = s[i - L] for all i >= L,
    i.e. when s has a border of length n - L; the longest border gives the smallest L
""",
    ],
    public=[
        (('abcabcab',), 3),
        (('aaaa',), 1),
        (('abcd',), 4),
    ],
    hidden=[
        (('',), 0),
        (('a',), 1),
        (('abab',), 2),
        (('aabaaba',), 3),
        (('abaababaab',), 5),
        (('aabaaab',), 4),
        (('abacabadabacaba',), 8),
        (('zzzzzy',), 6),
        (("a" * 199_999 + "b",), 200000),
        ((("xyz" * 70_000)[:-1],), 3),
        ((("ab" * 50_000 + "c") * 2,), 100001),
    ],
    difficulty='hard',
    tags=('strings',),
    split='test',
))

PROBLEMS.append(call_problem(
    "shortest_window_all_kinds",
    statement=r"""
A necklace is a string `s` of beads, one character per bead colour. A jeweller wants to cut out
the shortest contiguous stretch that still contains at least one bead of every colour that occurs
anywhere in the necklace (the necklace is treated as a straight string, not a circle).

Write `shortest_window_all_kinds(s)` returning a tuple `(length, start)`: the length of the
shortest such stretch and its 0-based start index. If several shortest stretches exist, return
the one with the smallest start. For the empty string return `(0, 0)`.

Constraints: `0 <= len(s) <= 2 * 10**5`, characters are lowercase letters. Quadratic algorithms
are too slow for the largest inputs.

Example: `shortest_window_all_kinds("aabcbcdbca")` returns `(4, 6)` (the stretch `"dbca"`).
""",
    signature='def shortest_window_all_kinds(s: str) -> tuple[int, int]:',
    reference=r'''
from collections import Counter


def shortest_window_all_kinds(s: str) -> tuple[int, int]:
    if not s:
        return (0, 0)
    need = len(set(s))
    counts: Counter[str] = Counter()
    have = 0
    best_len, best_start = len(s) + 1, 0
    left = 0
    for right, ch in enumerate(s):
        counts[ch] += 1
        if counts[ch] == 1:
            have += 1
        # Shrink from the left while the window still holds every colour.
        while have == need:
            if right - left + 1 < best_len:
                best_len, best_start = right - left + 1, left
            counts[s[left]] -= 1
            if counts[s[left]] == 0:
                have -= 1
            left += 1
    return (best_len, best_start)
''',
    outline=r"""
function shortest_window_all_kinds(s) -> (length, start):
    if s is empty: return (0, 0)
    need <- number of distinct characters in s
    slide a window [left, right] over s with a count per character
    every time the window contains all colours, record it if strictly shorter, then shrink it from the left
    return the best (length, start)
""",
    refinements=[
        r"""
refine sliding window:
    have <- number of characters whose count in the window is positive
    for right from 0 to n - 1:
        add s[right]; if its count became 1: have <- have + 1
        while have = need:
            if right - left + 1 < best length: best <- (right - left + 1, left)
            remove s[left]; if its count became 0: have <- have - 1
            left <- left + 1
    windows are met in increasing order of their end, so a strict comparison keeps the earliest start among equal lengths
""",
    ],
    public=[
        (('aabcbcdbca',), (4, 6)),
        (('abc',), (3, 0)),
        (('',), (0, 0)),
    ],
    hidden=[
        (('aaaa',), (1, 0)),
        (('abcba',), (3, 0)),
        (('bbbaccc',), (3, 2)),
        (('z',), (1, 0)),
        (('abba',), (2, 0)),
        (('abab',), (2, 0)),
        (('xyzzyxxyz',), (3, 0)),
        (('abcdefghijklmnopqrstuvwxyz',), (26, 0)),
        (("a" * 100_000 + "b" * 100_000,), (2, 99999)),
        ((_random_text(200_000, "abcdefghijklmnopqrstuvwxyz", seed=6),), (35, 46835)),
    ],
    difficulty='hard',
    tags=('strings', 'sliding-window'),
    split='train',
))

# ------------------------------ lists and arrays ----------------------------------------------

PROBLEMS.append(call_problem(
    "rotate_list",
    statement=r"""
A carousel shows its items in a circle. Write `rotate_list(items, k)` that returns a new list
with the items rotated left by `k` positions: the item at index `k` comes first, and the items
before it move to the end in their order.

`k` may be negative (a rotation to the right by `-k`) or larger than the number of items (full
turns change nothing). The input list must not be modified. For an empty list return `[]`.

Constraints: `0 <= len(items) <= 10**5`, `-10**9 <= k <= 10**9`.

Example: `rotate_list([1, 2, 3, 4, 5], 2)` returns `[3, 4, 5, 1, 2]`.
""",
    signature='def rotate_list(items: list[int], k: int) -> list[int]:',
    reference=r'''
def rotate_list(items: list[int], k: int) -> list[int]:
    if not items:
        return []
    k %= len(items)
    return items[k:] + items[:k]
''',
    outline=r"""
function rotate_list(items, k) -> list:
    if items is empty: return empty list
    reduce k to the range 0 .. n - 1 (handles negatives and full turns)
    return items from index k to the end, followed by items before index k
""",
    refinements=[
        r"""
refine reduction:
    k <- k mod n, using the mathematical modulo (always non-negative)
    a right rotation by r is the same as a left rotation by n - r, which the modulo gives
refine result:
    build a new list (slices) so that the caller's list is untouched
""",
    ],
    public=[
        (([1, 2, 3, 4, 5], 2), [3, 4, 5, 1, 2]),
        (([1, 2, 3], -1), [3, 1, 2]),
        (([], 3), []),
    ],
    hidden=[
        (([7], 100), [7]),
        (([1, 2, 3], 3), [1, 2, 3]),
        (([1, 2, 3, 4], 10), [3, 4, 1, 2]),
        (([1, 2, 3, 4], -6), [3, 4, 1, 2]),
        (([5, 5, 6], 0), [5, 5, 6]),
        (([1, 2], -1), [2, 1]),
        (([9, 8, 7, 6, 5], -12), [6, 5, 9, 8, 7]),
        (([0, -1, -2], 1000000000), [-1, -2, 0]),
        (([4, 3], 1), [3, 4]),
    ],
    difficulty='easy',
    tags=('lists',),
    split='train',
))

PROBLEMS.append(call_problem(
    "running_peak",
    statement=r"""
A flood monitor records the river level once a day. Write `running_peak(levels)` that returns,
for every day, the highest level recorded so far (that day included).

The result has the same length as `levels`. Levels are integers and may be negative (they are
measured against a reference mark). For an empty list return `[]`.

Constraints: `0 <= len(levels) <= 10**5`, `-10**9 <= levels[i] <= 10**9`.

Example: `running_peak([3, 1, 4, 1, 5])` returns `[3, 3, 4, 4, 5]`.
""",
    signature='def running_peak(levels: list[int]) -> list[int]:',
    reference=r'''
def running_peak(levels: list[int]) -> list[int]:
    peaks: list[int] = []
    best: int | None = None
    for level in levels:
        if best is None or level > best:
            best = level
        peaks.append(best)
    return peaks
''',
    outline=r"""
function running_peak(levels) -> list:
    peaks <- empty list
    best <- nothing seen yet
    for each level in order: update best with level, append best to peaks
    return peaks
""",
    refinements=[
        r"""
refine the running maximum:
    start best as "undefined" rather than 0, because levels may all be negative
    for each level:
        if best is undefined or level > best: best <- level
        append best
""",
    ],
    public=[
        (([3, 1, 4, 1, 5],), [3, 3, 4, 4, 5]),
        (([],), []),
        (([-5, -3, -7],), [-5, -3, -3]),
    ],
    hidden=[
        (([7],), [7]),
        (([-1],), [-1]),
        (([5, 4, 3, 2, 1],), [5, 5, 5, 5, 5]),
        (([1, 2, 3],), [1, 2, 3]),
        (([2, 2, 2],), [2, 2, 2]),
        (([-10, -20, -5, -30, 0],), [-10, -10, -5, -5, 0]),
        (([0, -1, 1, -2, 2],), [0, 0, 1, 1, 2]),
        (([1000000000, -1000000000],), [1000000000, 1000000000]),
        ((_random_ints(40, -50, 50, seed=9),), [-19, -3, 18, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49]),
    ],
    difficulty='easy',
    tags=('lists',),
    split='test',
))

PROBLEMS.append(call_problem(
    "merge_touching_ranges",
    statement=r"""
A theatre booking system stores reserved seats as inclusive ranges `[start, end]` of seat numbers
(`start <= end`). Write `merge_touching_ranges(ranges)` that merges them: ranges that overlap or
touch (no free seat between them, e.g. `[1, 3]` and `[4, 6]`) become one range.

Return the merged ranges as a list of `[start, end]` lists, sorted by start, with no two of them
overlapping or touching. The input may be unsorted, contain duplicates, ranges inside other
ranges, and negative numbers. An empty input gives `[]`. The input must not be modified.

Constraints: `0 <= len(ranges) <= 10**5`, `-10**9 <= start <= end <= 10**9`.

Example: `merge_touching_ranges([[5, 7], [1, 3], [4, 4], [10, 12]])` returns `[[1, 7], [10, 12]]`.
""",
    signature='def merge_touching_ranges(ranges: list[list[int]]) -> list[list[int]]:',
    reference=r'''
def merge_touching_ranges(ranges: list[list[int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
''',
    outline=r"""
function merge_touching_ranges(ranges) -> list of ranges:
    sort the ranges by start
    walk through them, keeping a list of merged ranges
    a range that starts at most one seat after the last merged range's end extends it
    otherwise it starts a new merged range
    return the merged list
""",
    refinements=[
        r"""
refine merging step:
    for (start, end) in sorted order:
        if merged is not empty and start <= last.end + 1:
            last.end <- max(last.end, end)      (a contained range must not shrink it)
        else:
            append a fresh copy [start, end]    (never alias the caller's lists)
""",
    ],
    public=[
        (([[5, 7], [1, 3], [4, 4], [10, 12]],), [[1, 7], [10, 12]]),
        (([],), []),
        (([[1, 2]],), [[1, 2]]),
    ],
    hidden=[
        (([[1, 3], [4, 6]],), [[1, 6]]),
        (([[1, 3], [5, 6]],), [[1, 3], [5, 6]]),
        (([[1, 10], [2, 3]],), [[1, 10]]),
        (([[3, 3], [3, 3], [3, 3]],), [[3, 3]]),
        (([[-5, -1], [0, 2], [-10, -7]],), [[-10, -7], [-5, 2]]),
        (([[0, 0], [2, 2], [1, 1]],), [[0, 2]]),
        (([[10, 20], [1, 5], [6, 9], [30, 40], [21, 29]],), [[1, 40]]),
        (([[-1000000000, 1000000000], [5, 6]],), [[-1000000000, 1000000000]]),
        (([[1, 4], [2, 3], [6, 8], [7, 9], [11, 11]],), [[1, 4], [6, 9], [11, 11]]),
    ],
    difficulty='medium',
    tags=('lists', 'sorting', 'intervals'),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "longest_warming_streak",
    statement=r"""
A weather station wants the longest warming streak: a run of consecutive days in which every day
is strictly warmer than the day before. A single day is a streak of length 1.

Input: the first line holds `n` (`0 <= n <= 2 * 10**5`), the second line `n` integer
temperatures separated by spaces (they may be negative). When `n` is 0 the second line may be
missing or empty.

Output: one line with two integers separated by a space: the length of the longest streak and the
1-based index of the day it starts. If several streaks are equally long, report the earliest. For
`n = 0` print `0 0`. The output ends with a newline.

The solution must be linear: quadratic scans are too slow for the largest inputs.

Example: input `6\n5 6 7 3 4 9\n` gives `3 1`.
""",
    reference=r'''
import sys


def main() -> None:
    data = sys.stdin.read().split()
    n = int(data[0]) if data else 0
    temps = [int(x) for x in data[1:1 + n]]
    if n == 0:
        print("0 0")
        return
    best_len, best_start = 1, 0
    run_start = 0
    for i in range(1, n):
        if temps[i] <= temps[i - 1]:
            run_start = i
        if i - run_start + 1 > best_len:
            best_len, best_start = i - run_start + 1, run_start
    print(best_len, best_start + 1)


main()
''',
    outline=r"""
program longest_warming_streak:
    read n and the n temperatures
    if n = 0: print "0 0" and stop
    scan the days once, tracking where the current strictly increasing run started
    keep the longest run seen (earliest on ties)
    print its length and 1-based start
""",
    refinements=[
        r"""
refine scan:
    best <- (length 1, start 0); run_start <- 0
    for i from 1 to n - 1:
        if temps[i] <= temps[i - 1]: run_start <- i     (equal temperatures break a streak)
        if i - run_start + 1 > best length: best <- (i - run_start + 1, run_start)
    print best length and best start + 1
""",
    ],
    public=[
        ('6\n5 6 7 3 4 9\n', '3 1\n'),
        ('0\n', '0 0\n'),
        ('1\n-4\n', '1 1\n'),
    ],
    hidden=[
        ('0\n\n', '0 0\n'),
        ('3\n5 5 5\n', '1 1\n'),
        ('5\n1 2 3 4 5\n', '5 1\n'),
        ('5\n5 4 3 2 1\n', '1 1\n'),
        ('7\n-3 -2 -1 -5 -4 -3 -2\n', '4 4\n'),
        ('8\n1 2 1 2 1 2 3 3\n', '3 5\n'),
        ('4\n2 2 3 3\n', '2 2\n'),
        ('6\n10 20 30 1 2 3\n', '3 1\n'),
        (_count_then_values(list(range(-100_000, 100_000))), '200000 1\n'),
        (_count_then_values(_random_ints(20_000, -50, 50, seed=11)), '8 13969\n'),
    ],
    difficulty='medium',
    tags=('lists',),
    split='test',
))

PROBLEMS.append(call_problem(
    "count_target_sum_slices",
    statement=r"""
An accountant looks at a ledger of daily balance changes (integers, possibly negative or zero)
and asks: how many contiguous, non-empty stretches of days add up exactly to `target`?

Write `count_target_sum_slices(changes, target)` returning that number. Two stretches are
different if they start or end on different days.

Constraints: `0 <= len(changes) <= 2 * 10**5`, values and `target` between `-10**9` and `10**9`.
Checking every stretch (quadratic time) is too slow for the largest ledgers.

Example: `count_target_sum_slices([1, 2, 3], 3)` returns 2 (`[1, 2]` and `[3]`).
""",
    signature='def count_target_sum_slices(changes: list[int], target: int) -> int:',
    reference=r'''
from collections import Counter


def count_target_sum_slices(changes: list[int], target: int) -> int:
    # seen[p]: how many prefixes (including the empty one) have sum p.
    seen: Counter[int] = Counter({0: 1})
    total = 0
    count = 0
    for change in changes:
        total += change
        count += seen[total - target]
        seen[total] += 1
    return count
''',
    outline=r"""
function count_target_sum_slices(changes, target) -> integer:
    a stretch (i, j] sums to target exactly when prefix[j] - prefix[i] = target
    walk through the prefix sums, counting how often each earlier prefix value occurred
    for each new prefix, add the number of earlier prefixes equal to prefix - target
    return the count
""",
    refinements=[
        r"""
refine counting:
    seen <- map with seen[0] = 1 (the empty prefix)
    total <- 0; count <- 0
    for each change:
        total <- total + change
        count <- count + seen[total - target]   (look up before inserting, so the stretch is non-empty)
        seen[total] <- seen[total] + 1
""",
    ],
    public=[
        (([1, 2, 3], 3), 2),
        (([], 0), 0),
        (([0, 0, 0], 0), 6),
    ],
    hidden=[
        (([1, -1, 1, -1], 0), 4),
        (([5], 5), 1),
        (([5], -5), 0),
        (([-2, -3, 5, 0], 0), 3),
        (([3, 3, 3], 6), 2),
        (([1, 2, 1, 2, 1], 3), 4),
        (([-1, -1, -1], -2), 2),
        (([1000000000, 1000000000, -1000000000], 1000000000), 3),
        (([0] * 200_000, 0), 20000100000),
        ((_random_ints(100_000, -3, 3, seed=12), 2), 7283263),
    ],
    difficulty='medium',
    tags=('lists', 'prefix-sums', 'dictionaries'),
    split='train',
))

PROBLEMS.append(call_problem(
    "window_maxima_sum",
    statement=r"""
A dashboard shows, for every complete window of `k` consecutive sensor readings, the largest
reading in that window. Write `window_maxima_sum(readings, k)` returning the sum of the maxima of
all `len(readings) - k + 1` windows.

If `k > len(readings)` there is no complete window and the result is 0.

Constraints: `1 <= k <= 2 * 10**5`, `0 <= len(readings) <= 2 * 10**5`, readings between `-10**9`
and `10**9`. Computing every window's maximum separately (time proportional to `n * k`) is too
slow for the largest inputs; aim for linear time.

Example: `window_maxima_sum([1, 3, 2, 5, 4], 2)` returns `3 + 3 + 5 + 5 = 16`.
""",
    signature='def window_maxima_sum(readings: list[int], k: int) -> int:',
    reference=r'''
from collections import deque


def window_maxima_sum(readings: list[int], k: int) -> int:
    # Indices whose readings are strictly decreasing from front to back.
    window: deque[int] = deque()
    total = 0
    for i, value in enumerate(readings):
        while window and readings[window[-1]] <= value:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        if i >= k - 1:
            total += readings[window[0]]
    return total
''',
    outline=r"""
function window_maxima_sum(readings, k) -> integer:
    keep a double-ended queue of candidate indices for the current window's maximum
    for each index i:
        drop candidates that can never be a maximum again, add i
        drop the front candidate if it left the window
        once the first full window is reached, add the front candidate's reading to the total
    return total
""",
    refinements=[
        r"""
refine the monotonic queue:
    before appending i, pop from the back every index whose reading <= readings[i]
        (they are older and not larger, so they are dominated)
    the queue's readings are then decreasing, so its front is the window maximum
    the window ending at i covers indices i - k + 1 .. i: pop the front if it is <= i - k
    a full window exists once i >= k - 1
""",
    ],
    public=[
        (([1, 3, 2, 5, 4], 2), 16),
        (([], 3), 0),
        (([4, 2], 3), 0),
    ],
    hidden=[
        (([7], 1), 7),
        (([5, 5, 5, 5], 2), 15),
        (([-1, -3, -2], 1), -6),
        (([-1, -3, -2], 3), -1),
        (([1, 2, 3, 4, 5], 3), 12),
        (([5, 4, 3, 2, 1], 3), 12),
        (([2, 7, 1, 8, 2, 8, 1, 8], 4), 40),
        (([0, -5, 9, -5, 0], 5), 9),
        ((list(range(200_000, 0, -1)), 50000), 18750125000),
        ((_random_ints(100_000, -10**9, 10**9, seed=13), 100000), 999961570),
    ],
    difficulty='hard',
    tags=('lists', 'sliding-window', 'deque'),
    split='test',
))

# ------------------------------ math and number theory ----------------------------------------

PROBLEMS.append(call_problem(
    "additive_persistence",
    statement=r"""
Take a non-negative integer and replace it by the sum of its decimal digits; repeat until a
single digit remains. Write `additive_persistence(n)` returning how many replacements that takes.
A number that already has one digit needs 0 replacements.

Constraints: `0 <= n <= 10**30`.

Example: `additive_persistence(199)` returns 3 (199 -> 19 -> 10 -> 1).
""",
    signature='def additive_persistence(n: int) -> int:',
    reference=r'''
def additive_persistence(n: int) -> int:
    steps = 0
    while n >= 10:
        n = sum(int(digit) for digit in str(n))
        steps += 1
    return steps
''',
    outline=r"""
function additive_persistence(n) -> integer:
    steps <- 0
    while n has two or more digits:
        n <- sum of the decimal digits of n
        steps <- steps + 1
    return steps
""",
    refinements=[
        r"""
refine loop condition and digit sum:
    "two or more digits" means n >= 10 (10 itself needs one step: 10 -> 1)
    digit sum: repeatedly take n mod 10 and divide n by 10, or sum the characters of n's decimal text
""",
    ],
    public=[
        ((199,), 3),
        ((0,), 0),
        ((10,), 1),
    ],
    hidden=[
        ((9,), 0),
        ((11,), 1),
        ((19,), 2),
        ((99,), 2),
        ((999999999999999999,), 2),
        ((19999999999999999999999,), 4),
        ((1000000000000000000000000000000,), 1),
        ((123456789,), 2),
        ((55,), 2),
        ((1000000009,), 2),
    ],
    difficulty='easy',
    tags=('math', 'digits'),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "divisor_class",
    statement=r"""
Classify numbers by the sum of their proper divisors (the positive divisors smaller than the
number itself; for 1 that sum is 0).

Input: whitespace-separated positive integers `n` (usually one per line), at most 10 of them,
each `1 <= n <= 10**9`. The input may be empty.

Output: for every number, in input order, one line `n s kind`, where `s` is the sum of the proper
divisors of `n` and `kind` is `perfect` if `s == n`, `abundant` if `s > n` and `deficient`
otherwise. Every line ends with a newline; empty input gives empty output.

Trying every candidate divisor up to `n` is far too slow for `n` near `10**9`.

Example: input `6\n12\n7\n` gives `6 6 perfect\n12 16 abundant\n7 1 deficient\n`.
""",
    reference=r'''
import sys


def proper_divisor_sum(n: int) -> int:
    if n == 1:
        return 0
    total = 1
    d = 2
    while d * d <= n:
        if n % d == 0:
            total += d
            if d != n // d:
                total += n // d
        d += 1
    return total


def main() -> None:
    out = []
    for token in sys.stdin.read().split():
        n = int(token)
        s = proper_divisor_sum(n)
        kind = "perfect" if s == n else "abundant" if s > n else "deficient"
        out.append(f"{n} {s} {kind}")
    if out:
        print("\n".join(out))


main()
''',
    outline=r"""
program divisor_class:
    for each number n read from input:
        s <- sum of proper divisors of n, found in O(sqrt n)
        kind <- perfect / abundant / deficient by comparing s with n
        print "n s kind"
""",
    refinements=[
        r"""
refine proper divisor sum:
    if n = 1: return 0
    total <- 1                       (1 divides every n > 1; n itself is excluded)
    for d from 2 while d * d <= n:
        if d divides n:
            add d, and add the partner n / d unless it equals d (a perfect square root counts once)
    return total
""",
    ],
    public=[
        ('6\n12\n7\n', '6 6 perfect\n12 16 abundant\n7 1 deficient\n'),
        ('1\n', '1 0 deficient\n'),
        ('', ''),
    ],
    hidden=[
        ('28\n', '28 28 perfect\n'),
        ('49\n', '49 8 deficient\n'),
        ('36\n', '36 55 abundant\n'),
        ('2\n3\n4\n', '2 1 deficient\n3 1 deficient\n4 3 deficient\n'),
        ('945\n', '945 975 abundant\n'),
        ('33550336\n', '33550336 33550336 perfect\n'),
        ('999999937\n', '999999937 1 deficient\n'),
        ('1000000000\n1\n', '1000000000 1497558338 abundant\n1 0 deficient\n'),
        ('496 8128\n', '496 496 perfect\n8128 8128 perfect\n'),
        ("\n".join(str(10**9 - i) for i in range(10)) + "\n", '1000000000 1497558338 abundant\n999999999 534205465 deficient\n999999998 502172842 deficient\n999999997 14697155 deficient\n999999996 1333333356 abundant\n999999995 215103685 deficient\n999999994 714285734 deficient\n999999993 411764775 deficient\n999999992 878765008 deficient\n999999991 14925441 deficient\n'),
    ],
    difficulty='medium',
    tags=('math', 'divisors'),
    split='train',
))

PROBLEMS.append(call_problem(
    "primes_in_range",
    statement=r"""
Write `primes_in_range(lo, hi)` returning how many prime numbers `p` satisfy `lo <= p <= hi`.
If `lo > hi` the range is empty and the answer is 0. Remember that 0 and 1 are not prime.

Constraints: `0 <= lo <= 3 * 10**6`, `0 <= hi <= 3 * 10**6`. Testing each number separately by
trial division is too slow for the largest ranges; use a sieve.

Example: `primes_in_range(1, 10)` returns 4 (2, 3, 5, 7).
""",
    signature='def primes_in_range(lo: int, hi: int) -> int:',
    reference=r'''
def primes_in_range(lo: int, hi: int) -> int:
    if hi < 2 or lo > hi:
        return 0
    sieve = bytearray([1]) * (hi + 1)
    sieve[0] = sieve[1] = 0
    i = 2
    while i * i <= hi:
        if sieve[i]:
            sieve[i * i :: i] = bytes(len(range(i * i, hi + 1, i)))
        i += 1
    return sum(sieve[lo:])
''',
    outline=r"""
function primes_in_range(lo, hi) -> integer:
    if hi < 2 or lo > hi: return 0
    build a sieve of Eratosthenes marking primality of 0 .. hi
    return the number of marked entries from lo to hi
""",
    refinements=[
        r"""
refine sieve:
    is_prime[0..hi] <- true; is_prime[0], is_prime[1] <- false
    for i from 2 while i * i <= hi:            (i * i = hi must still be crossed out)
        if is_prime[i]: mark i*i, i*i + i, ... up to hi as not prime
refine counting:
    count the true entries at positions lo .. hi (lo may be 0 or 1, which are already false)
""",
    ],
    public=[
        ((1, 10), 4),
        ((10, 1), 0),
        ((2, 2), 1),
    ],
    hidden=[
        ((0, 1), 0),
        ((14, 16), 0),
        ((0, 100), 25),
        ((97, 97), 1),
        ((40, 49), 3),
        ((0, 2), 1),
        ((3, 3), 1),
        ((4, 4), 0),
        ((1, 1000000), 78498),
        ((2999000, 3000000), 65),
        ((0, 3000000), 216816),
    ],
    difficulty='medium',
    tags=('math', 'primes'),
    split='test',
))

PROBLEMS.append(call_problem(
    "floor_quotient_sum",
    statement=r"""
A warehouse holds `n` identical items. For every box size `b` from 1 to `n`, packing the items
into boxes of size `b` fills `n // b` boxes completely. Write `floor_quotient_sum(n)` returning the
total number of full boxes over all box sizes, that is the sum of `n // b` for `b = 1 .. n`.

Constraints: `0 <= n <= 10**12`. A loop over every box size is far too slow; the intended
solution takes about `sqrt(n)` steps.

Example: `floor_quotient_sum(10)` returns `10 + 5 + 3 + 2 + 2 + 1 + 1 + 1 + 1 + 1 = 27`.
""",
    signature='def floor_quotient_sum(n: int) -> int:',
    reference=r'''
from math import isqrt


def floor_quotient_sum(n: int) -> int:
    # Count lattice points (b, q) with b * q <= n: by symmetry about b = q, twice the
    # points with b <= r, minus the r * r square counted twice (r = floor(sqrt(n))).
    r = isqrt(n)
    return 2 * sum(n // b for b in range(1, r + 1)) - r * r
''',
    outline=r"""
function floor_quotient_sum(n) -> integer:
    the sum counts the pairs (b, q) of positive integers with b * q <= n
    that set is symmetric in b and q, so count the pairs with b <= sqrt(n) and mirror them
    subtract the pairs with both b and q <= sqrt(n), which the mirroring counts twice
    return the result, using O(sqrt n) divisions
""",
    refinements=[
        r"""
refine the counting:
    r <- integer square root of n (largest r with r * r <= n)
    half <- sum over b = 1 .. r of (n // b)      (pairs with b <= r)
    pairs with q <= r are, by symmetry, also half
    pairs with b <= r and q <= r form an r by r square
    total <- 2 * half - r * r
    n = 0 gives r = 0 and total 0
""",
    ],
    public=[
        ((10,), 27),
        ((0,), 0),
        ((1,), 1),
    ],
    hidden=[
        ((2,), 3),
        ((3,), 5),
        ((12,), 35),
        ((100,), 482),
        ((1000000,), 13970034),
        ((10000000000,), 231802823220),
        ((999999999999,), 27785452448917),
        ((1000000000000,), 27785452449086),
        ((36,), 140),
        ((7,), 16),
    ],
    difficulty='hard',
    tags=('math',),
    split='train',
))

PROBLEMS.append(call_problem(
    "convert_base",
    statement=r"""
Write `convert_base(number, src, dst)` that converts an integer written in base `src` into its
representation in base `dst`.

Digits are `0-9` followed by letters `a-z` for the values 10 to 35; the input may use upper or
lower case letters and may start with one `-` sign. The input is non-empty and valid for base
`src` (it may have leading zeros). The output uses upper-case letters, has no leading zeros and no
`+` sign; zero is written `"0"` (also when the input was `"-0"`), and negative values start with
`-`.

Constraints: `2 <= src, dst <= 36`, `1 <= len(number) <= 200`.

Example: `convert_base("255", 10, 16)` returns `"FF"`.
""",
    signature='def convert_base(number: str, src: int, dst: int) -> str:',
    reference=r'''
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def convert_base(number: str, src: int, dst: int) -> str:
    negative = number.startswith("-")
    value = 0
    for ch in number.lstrip("-").upper():
        value = value * src + DIGITS.index(ch)
    if value == 0:
        return "0"
    out = []
    while value:
        value, digit = divmod(value, dst)
        out.append(DIGITS[digit])
    return ("-" if negative else "") + "".join(reversed(out))
''',
    outline=r"""
function convert_base(number, src, dst) -> string:
    note and strip a leading minus sign
    parse the remaining digits in base src into an integer value
    if value is 0: return "0"
    produce the digits of value in base dst, most significant first
    return sign + digits
""",
    refinements=[
        r"""
refine parsing:
    value <- 0
    for each character c (upper-cased): value <- value * src + digit value of c
refine printing:
    digits <- empty
    while value > 0:
        append digit character (value mod dst); value <- value div dst
    reverse digits (they were produced least significant first)
    prefix "-" only when the input was negative and value is not zero
""",
    ],
    public=[
        (('255', 10, 16), 'FF'),
        (('ff', 16, 2), '11111111'),
        (('-101', 2, 10), '-5'),
    ],
    hidden=[
        (('0', 7, 3), '0'),
        (('-0', 10, 2), '0'),
        (('zz', 36, 10), '1295'),
        (('0007', 8, 10), '7'),
        (('1', 2, 36), '1'),
        (('111111111111111111111111111111111111111111111111111111111111', 2, 36), '8RC4KBDVSS1R'),
        (('-ZZZZZZZZZZZZ', 36, 10), '-4738381338321616895'),
        (('123456789', 10, 10), '123456789'),
        (('35', 10, 36), 'Z'),
        (('36', 10, 36), '10'),
        (('-7fffffff', 16, 8), '-17777777777'),
    ],
    difficulty='medium',
    tags=('math', 'parsing'),
    split='train',
))

PROBLEMS.append(call_problem(
    "nth_smooth_number",
    statement=r"""
Given a list of distinct primes, call a positive integer "built" from them if it is 1 or if every
prime factor of it belongs to the list. Write `nth_smooth_number(primes, n)` returning the `n`-th
smallest built number (the first one is 1).

The primes may be given in any order. Results can be much larger than `n` (Python integers do
not overflow); testing every integer one by one is far too slow.

Constraints: `1 <= len(primes) <= 10`, every prime below 100, `1 <= n <= 20000`.

Example: `nth_smooth_number([2, 3, 5], 10)` returns 12 (1, 2, 3, 4, 5, 6, 8, 9, 10, 12).
""",
    signature='def nth_smooth_number(primes: list[int], n: int) -> int:',
    reference=r'''
def nth_smooth_number(primes: list[int], n: int) -> int:
    built = [1]
    # pointers[i]: index of the smallest built number not yet multiplied by primes[i].
    pointers = [0] * len(primes)
    while len(built) < n:
        candidates = [built[pointers[i]] * p for i, p in enumerate(primes)]
        smallest = min(candidates)
        built.append(smallest)
        for i, candidate in enumerate(candidates):
            if candidate == smallest:
                pointers[i] += 1
    return built[n - 1]
''',
    outline=r"""
function nth_smooth_number(primes, n) -> integer:
    built <- [1]
    keep one pointer per prime into built
    repeat until built has n elements:
        the next built number is the smallest of built[pointer_p] * p over all primes p
        append it and advance every pointer that produced it
    return built[n - 1]
""",
    refinements=[
        r"""
refine merging step:
    candidates[i] <- built[pointers[i]] * primes[i]
    next <- min(candidates)
    append next
    for every i with candidates[i] = next: pointers[i] <- pointers[i] + 1
        (advancing all ties, not just one, prevents duplicates such as 6 = 2*3 = 3*2)
""",
    ],
    public=[
        (([2, 3, 5], 10), 12),
        (([2], 5), 16),
        (([7], 1), 1),
    ],
    hidden=[
        (([3, 2], 6), 8),
        (([97, 2], 4), 8),
        (([5], 4), 125),
        (([2, 3], 1), 1),
        (([2, 3], 20), 96),
        (([3, 5, 7], 15), 81),
        (([2, 3, 5, 7], 1000), 385875),
        (([2, 3], 5000), 32336712126522742145318853512074887168),
        (([2, 3, 5, 7, 11, 13, 17, 19, 23, 29], 20000), 2073680),
        (([89, 97], 30), 48207185223217),
    ],
    difficulty='hard',
    tags=('math', 'primes', 'heaps'),
    split='train',
))

# ------------------------------ dictionaries and counting -------------------------------------

PROBLEMS.append(call_problem(
    "election_winner",
    statement=r"""
A club elects its captain. Each ballot is one candidate's name (names are case-sensitive). Write
`election_winner(votes)` returning the name with the most votes. If several candidates tie for the
most votes, the winner is the alphabetically smallest of them (plain string comparison). If there
are no votes, return `None`.

Constraints: `0 <= len(votes) <= 10**5`, names are non-empty strings.

Example: `election_winner(["mo", "li", "mo"])` returns `"mo"`.
""",
    signature='def election_winner(votes: list[str]) -> str | None:',
    reference=r'''
from collections import Counter


def election_winner(votes: list[str]) -> str | None:
    if not votes:
        return None
    tally = Counter(votes)
    return min(tally, key=lambda name: (-tally[name], name))
''',
    outline=r"""
function election_winner(votes) -> name or None:
    if there are no votes: return None
    count the votes per name
    return the name with the highest count, breaking ties by the smallest name
""",
    refinements=[
        r"""
refine selection:
    choose the name minimising the key (-count[name], name)
    so a larger count always wins, and among equal counts the alphabetically first name wins
""",
    ],
    public=[
        ((['mo', 'li', 'mo'],), 'mo'),
        (([],), None),
        ((['zed', 'amy'],), 'amy'),
    ],
    hidden=[
        ((['solo'],), 'solo'),
        ((['b', 'a', 'b', 'a'],), 'a'),
        ((['Bob', 'bob', 'bob'],), 'bob'),
        ((['Bob', 'bob'],), 'Bob'),
        ((['x', 'y', 'z', 'z', 'y'],), 'y'),
        ((['kim', 'kim', 'kim', 'ann', 'ann'],), 'kim'),
        ((['c', 'b', 'a'],), 'a'),
        ((['ann', 'Ann', 'ANN', 'ann'],), 'ann'),
        ((['q', 'p', 'q', 'p', 'r', 'r'],), 'p'),
    ],
    difficulty='easy',
    tags=('dictionaries', 'counting'),
    split='train',
))

PROBLEMS.append(call_problem(
    "word_length_histogram",
    statement=r"""
A typesetter wants to know how long the words of a text are. Words are maximal runs of letters
(characters for which `str.isalpha()` is true); every other character (digits, punctuation,
apostrophes, spaces) separates words. Write `word_length_histogram(text)` returning a dict that
maps each word length to the number of words with that length. Lengths with no word are absent;
a text without words gives `{}`.

Constraints: `0 <= len(text) <= 10**5`.

Example: `word_length_histogram("to be, or not")` returns `{2: 3, 3: 1}`.
""",
    signature='def word_length_histogram(text: str) -> dict[int, int]:',
    reference=r'''
def word_length_histogram(text: str) -> dict[int, int]:
    histogram: dict[int, int] = {}
    length = 0
    for ch in text + " ":  # the sentinel space closes a word at the very end
        if ch.isalpha():
            length += 1
        elif length:
            histogram[length] = histogram.get(length, 0) + 1
            length = 0
    return histogram
''',
    outline=r"""
function word_length_histogram(text) -> map length -> count:
    histogram <- empty map
    scan text character by character, measuring the current run of letters
    when a run ends (non-letter, or end of text), add one to histogram[run length]
    return histogram
""",
    refinements=[
        r"""
refine scan:
    length <- 0
    for each character c of text followed by one separator:
        if c is a letter: length <- length + 1
        else if length > 0: histogram[length] <- histogram[length] + 1; length <- 0
    the extra separator makes sure a word at the very end is counted
""",
    ],
    public=[
        (('to be, or not',), {2: 3, 3: 1}),
        (('',), {}),
        (("don't stop-me now!",), {3: 2, 1: 1, 4: 1, 2: 1}),
    ],
    hidden=[
        (('a1b22ccc',), {1: 2, 3: 1}),
        (('   ...   ',), {}),
        (('word',), {4: 1}),
        (('Hello, World',), {5: 2}),
        (('éé ü',), {2: 1, 1: 1}),
        (('one two three four five six',), {3: 3, 5: 1, 4: 2}),
        (('x y z',), {1: 3}),
        (('tab\tand\nnewline',), {3: 2, 7: 1}),
        (('aaaa bbbb cccc dd',), {4: 3, 2: 1}),
    ],
    difficulty='easy',
    tags=('dictionaries', 'counting', 'strings'),
    split='test',
))

PROBLEMS.append(call_problem(
    "group_by_color",
    statement=r"""
A survey asked people for their favourite colour. Write `group_by_color(favourites)` where
`favourites` maps a person's name to the colour they typed. Return a dict mapping each colour to
the alphabetically sorted list of names that chose it.

Colours are normalised before grouping: surrounding whitespace is removed and letters are made
lower case (so `" Red"` and `"red"` are the same colour). Answers that are empty after removing
whitespace are ignored. Names are kept exactly as given. An empty survey gives `{}`.

Constraints: at most `10**4` people.

Example: `group_by_color({"ann": "Red", "bo": " red ", "cy": "blue"})` returns
`{"red": ["ann", "bo"], "blue": ["cy"]}`.
""",
    signature='def group_by_color(favourites: dict[str, str]) -> dict[str, list[str]]:',
    reference=r'''
def group_by_color(favourites: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name, color in favourites.items():
        key = color.strip().lower()
        if not key:
            continue
        groups.setdefault(key, []).append(name)
    return {color: sorted(names) for color, names in groups.items()}
''',
    outline=r"""
function group_by_color(favourites) -> map colour -> sorted names:
    groups <- empty map
    for each (name, colour): normalise colour; skip it if empty; add name to groups[colour]
    sort every group's names
    return groups
""",
    refinements=[
        r"""
refine normalisation:
    key <- colour with surrounding whitespace removed, then lower-cased
    if key is empty: ignore this answer
refine grouping:
    groups[key] starts as an empty list the first time key is seen
    after all answers: replace each list by its sorted copy
""",
    ],
    public=[
        (({'ann': 'Red', 'bo': ' red ', 'cy': 'blue'},), {'red': ['ann', 'bo'], 'blue': ['cy']}),
        (({},), {}),
        (({'zoe': 'green'},), {'green': ['zoe']}),
    ],
    hidden=[
        (({'a': '  ', 'b': 'teal'},), {'teal': ['b']}),
        (({'x': ''},), {}),
        (({'Zed': 'RED', 'amy': 'red', 'Bob': 'Red'},), {'red': ['Bob', 'Zed', 'amy']}),
        (({'p': 'Blue', 'q': 'BLUE', 'r': 'blue\t', 's': 'navy'},), {'blue': ['p', 'q', 'r'], 'navy': ['s']}),
        (({'m': 'light green', 'n': 'Light Green '},), {'light green': ['m', 'n']}),
        (({'d': 'red', 'c': 'red', 'b': 'red', 'a': 'red'},), {'red': ['a', 'b', 'c', 'd']}),
        (({'u': 'Ümber', 'v': 'ümber'},), {'ümber': ['u', 'v']}),
        (({'k1': 'x', 'k2': 'y', 'k3': 'z'},), {'x': ['k1'], 'y': ['k2'], 'z': ['k3']}),
    ],
    difficulty='medium',
    tags=('dictionaries',),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "stock_ledger",
    statement=r"""
Replay a shop's stock ledger.

Input: lines of the form `add ITEM QTY` or `remove ITEM QTY`, where `ITEM` is a word without
spaces (case-sensitive) and `QTY` a positive integer. Blank lines are ignored. The stock starts
empty. `add` increases the item's stock. `remove` decreases it; if fewer units are in stock than
requested, the stock drops to 0 and the missing units are added to a shortage counter.

Output: every item whose final stock is positive, in alphabetical order (plain string order), as
a line `ITEM QTY`; then a last line `shortage N` with the total number of missing units. Every
line ends with a newline (so empty input prints just `shortage 0`).

Constraints: at most `10**5` lines, quantities at most `10**9`.

Example: input `add pen 5\nremove pen 7\nadd cup 1\n` gives `cup 1\nshortage 2\n`.
""",
    reference=r'''
import sys


def main() -> None:
    stock: dict[str, int] = {}
    shortage = 0
    for line in sys.stdin.read().splitlines():
        parts = line.split()
        if not parts:
            continue
        action, item, qty = parts[0], parts[1], int(parts[2])
        have = stock.get(item, 0)
        if action == "add":
            stock[item] = have + qty
        else:
            taken = min(have, qty)
            shortage += qty - taken
            stock[item] = have - taken
    for item in sorted(stock):
        if stock[item] > 0:
            print(item, stock[item])
    print("shortage", shortage)


main()
''',
    outline=r"""
program stock_ledger:
    stock <- empty map item -> units; shortage <- 0
    for each non-blank line: parse action, item, quantity and apply it
    print items with positive stock in sorted order, then the shortage total
""",
    refinements=[
        r"""
refine remove:
    have <- stock[item] (0 if unknown)
    taken <- min(have, qty)
    shortage <- shortage + (qty - taken)
    stock[item] <- have - taken            (never negative)
refine output:
    skip items whose stock is 0 (sold out or only ever removed)
    always print the final "shortage N" line
""",
    ],
    public=[
        ('add pen 5\nremove pen 7\nadd cup 1\n', 'cup 1\nshortage 2\n'),
        ('', 'shortage 0\n'),
        ('add a 1\nadd a 2\n', 'a 3\nshortage 0\n'),
    ],
    hidden=[
        ('remove ghost 4\n', 'shortage 4\n'),
        ('add x 3\nremove x 3\n', 'shortage 0\n'),
        ('add B 1\nadd a 1\nadd A 1\n', 'A 1\nB 1\na 1\nshortage 0\n'),
        ('\nadd tea 10\n\nremove tea 4\nremove tea 4\nremove tea 4\n', 'shortage 2\n'),
        ('add n 1000000000\nadd n 1000000000\nremove n 1\n', 'n 1999999999\nshortage 0\n'),
        ('add k 2\nremove k 5\nadd k 1\nremove k 1\nadd m 9\n', 'm 9\nshortage 3\n'),
        ('add apple 3\nadd banana 2\nremove apple 1\nremove cherry 2\n', 'apple 2\nbanana 2\nshortage 2\n'),
        ('add z 1\nadd y 1\nadd x 1\n', 'x 1\ny 1\nz 1\nshortage 0\n'),
    ],
    difficulty='medium',
    tags=('dictionaries', 'simulation'),
    split='train',
))

PROBLEMS.append(call_problem(
    "trending_tags",
    statement=r"""
Find the trending hashtags of a batch of posts. A hashtag is a `#` immediately followed by one or
more characters from `A-Z`, `a-z`, `0-9` and `_`, taking the longest such run; it may appear
anywhere in a post (also right after other characters, and `#a#b` holds two tags). A `#` not
followed by such a character is not a tag. Tags are case-insensitive and reported in lower case.

A tag's score is the number of posts that contain it (a post that repeats a tag counts once).
Write `trending_tags(posts, k)` returning the `k` highest-scoring tags, highest score first,
ties broken alphabetically. If there are fewer than `k` distinct tags, return all of them.

Constraints: `0 <= k <= 1000`, at most `10**4` posts of at most 280 characters.

Example: `trending_tags(["#Go #go", "love #rust", "#go fast"], 1)` returns `["go"]`.
""",
    signature='def trending_tags(posts: list[str], k: int) -> list[str]:',
    reference=r'''
import re
from collections import Counter

_TAG = re.compile(r"#([A-Za-z0-9_]+)")


def trending_tags(posts: list[str], k: int) -> list[str]:
    counts: Counter[str] = Counter()
    for post in posts:
        counts.update({tag.lower() for tag in _TAG.findall(post)})
    ranked = sorted(counts, key=lambda tag: (-counts[tag], tag))
    return ranked[:k]
''',
    outline=r"""
function trending_tags(posts, k) -> list of tags:
    counts <- empty map tag -> number of posts
    for each post: extract its distinct lower-cased tags and add one to each tag's count
    sort tags by count descending, then alphabetically
    return the first k
""",
    refinements=[
        r"""
refine extraction:
    scan for "#" followed by the longest run of letters, digits and "_"
    lower-case every tag and put them in a set, so repeats within one post count once
refine ranking:
    sort key (-count, tag); slicing to k also handles k larger than the number of tags and k = 0
""",
    ],
    public=[
        ((['#Go #go', 'love #rust', '#go fast'], 1), ['go']),
        (([], 3), []),
        ((['#b #a', '#c'], 5), ['a', 'b', 'c']),
    ],
    hidden=[
        ((['#a#b', 'x#b'], 2), ['b', 'a']),
        ((['# not a tag', '#', '##'], 3), []),
        ((['#x #x #x', '#y', '#y'], 2), ['y', 'x']),
        ((['#Big #big #BIG'], 1), ['big']),
        ((['#z', '#y', '#x'], 2), ['x', 'y']),
        ((['#a_1 #a', '#a_1!'], 2), ['a_1', 'a']),
        ((['#one #two', '#two #three', '#three #two'], 0), []),
        ((['#snake_case #Snake_Case', '#kebab-case'], 3), ['kebab', 'snake_case']),
        ((['#t1 #t2 #t3', '#t2 #t3', '#t3'], 3), ['t3', 't2', 't1']),
    ],
    difficulty='medium',
    tags=('dictionaries', 'counting', 'parsing'),
    split='test',
))

PROBLEMS.append(call_problem(
    "longest_k_distinct",
    statement=r"""
A radio station plays songs identified by integer ids. Write `longest_k_distinct(songs, k)`
returning the length of the longest contiguous stretch of the playlist that contains at most `k`
different song ids. For `k = 0` or an empty playlist the answer is 0.

Constraints: `0 <= k <= 10**5`, `0 <= len(songs) <= 2 * 10**5`. Examining every stretch is far
too slow for the largest playlists; aim for linear time.

Example: `longest_k_distinct([1, 2, 1, 3, 3, 3], 2)` returns 4 (the stretch `[1, 3, 3, 3]`).
""",
    signature='def longest_k_distinct(songs: list[int], k: int) -> int:',
    reference=r'''
def longest_k_distinct(songs: list[int], k: int) -> int:
    counts: dict[int, int] = {}
    best = 0
    left = 0
    for right, song in enumerate(songs):
        counts[song] = counts.get(song, 0) + 1
        while len(counts) > k:
            old = songs[left]
            counts[old] -= 1
            if counts[old] == 0:
                del counts[old]
            left += 1
        best = max(best, right - left + 1)
    return best
''',
    outline=r"""
function longest_k_distinct(songs, k) -> integer:
    slide a window over songs with a count per id inside it
    extend the window to the right one song at a time
    while it holds more than k distinct ids, shrink it from the left
    track the largest window length
""",
    refinements=[
        r"""
refine window bookkeeping:
    counts maps id -> occurrences in window; an id whose count drops to 0 is removed,
    so the number of distinct ids is the size of counts
    after shrinking, the window [left, right] is valid: best <- max(best, right - left + 1)
    with k = 0 the window is always shrunk to nothing, giving 0
""",
    ],
    public=[
        (([1, 2, 1, 3, 3, 3], 2), 4),
        (([], 3), 0),
        (([4, 4, 4], 0), 0),
    ],
    hidden=[
        (([7], 1), 1),
        (([1, 2, 3], 1), 1),
        (([1, 2, 3], 3), 3),
        (([1, 2, 3], 5), 3),
        (([5, 5, 6, 6, 5, 7], 2), 5),
        (([-1, -2, -1, -2, -3], 2), 4),
        (([1, 2, 1, 2, 3, 4, 3, 4, 3], 2), 5),
        (([9, 8, 9, 8, 9, 8], 1), 1),
        ((_random_ints(100_000, 1, 40, seed=21), 10), 22),
        (([i // 3 for i in range(200_000)], 1000), 3000),
    ],
    difficulty='medium',
    tags=('dictionaries', 'sliding-window'),
    split='train',
))

PROBLEMS.append(call_problem(
    "difference_pairs",
    statement=r"""
A lab logs sample readings as integers. Write `difference_pairs(xs, d)` returning the number of
index pairs `(i, j)` with `i < j` and `abs(xs[i] - xs[j]) == d`. Equal readings at different
positions form distinct pairs.

Constraints: `0 <= d <= 10**9`, `0 <= len(xs) <= 2 * 10**5`, readings between `-10**9` and
`10**9`. Checking all pairs is too slow for the largest inputs.

Example: `difference_pairs([1, 5, 3, 4, 2], 2)` returns 3 (pairs of values 1-3, 5-3, 4-2).
""",
    signature='def difference_pairs(xs: list[int], d: int) -> int:',
    reference=r'''
from collections import Counter


def difference_pairs(xs: list[int], d: int) -> int:
    seen: Counter[int] = Counter()
    pairs = 0
    for x in xs:
        if d == 0:
            pairs += seen[x]
        else:
            pairs += seen[x - d] + seen[x + d]
        seen[x] += 1
    return pairs
''',
    outline=r"""
function difference_pairs(xs, d) -> integer:
    seen <- counts of the values met so far
    for each x in order:
        add the number of earlier values equal to x - d or x + d
        record x in seen
    return the total
""",
    refinements=[
        r"""
refine the partner lookup:
    if d = 0: the only partner value is x itself: add seen[x]
    else: add seen[x - d] + seen[x + d]   (two different values, each pair counted once
          because only earlier elements are in seen)
""",
    ],
    public=[
        (([1, 5, 3, 4, 2], 2), 3),
        (([1, 1, 1], 0), 3),
        (([], 1), 0),
    ],
    hidden=[
        (([7], 0), 0),
        (([3, 3, 3, 3], 0), 6),
        (([3, 3, 3, 3], 1), 0),
        (([-2, 0, 2, 4], 2), 3),
        (([10, 0], 10), 1),
        (([1, 2, 3, 4, 5], 10), 0),
        (([5, 1, 5, 1, 5], 4), 6),
        (([-1000000000, 1000000000], 2000000000), 1),
        (([i % 1000 for i in range(200_000)], 1), 39960000),
        ((_random_ints(100_000, 0, 50, seed=22), 0), 98033892),
    ],
    difficulty='medium',
    tags=('dictionaries', 'counting'),
    split='train',
))

# ------------------------------ parsing: expressions, formats, tokenizing ---------------------

PROBLEMS.append(call_problem(
    "duration_seconds",
    statement=r"""
A timer app accepts durations such as `"1h30m15s"`. Write `duration_seconds(text)` returning the
duration in seconds.

The text consists of up to four parts, in this order, each optional: days `Nd`, hours `Nh`,
minutes `Nm`, seconds `Ns`, where `N` is a non-negative decimal integer (it may have several
digits, leading zeros, and may exceed the usual 24 / 60 limits). A day has 86400 seconds, an
hour 3600, a minute 60. The empty string means 0 seconds. The input is always valid (no spaces).

Constraints: `0 <= len(text) <= 60`.

Example: `duration_seconds("1h30m15s")` returns 5415.
""",
    signature='def duration_seconds(text: str) -> int:',
    reference=r'''
UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def duration_seconds(text: str) -> int:
    total = 0
    number = ""
    for ch in text:
        if ch.isdigit():
            number += ch
        else:
            total += int(number) * UNIT_SECONDS[ch]
            number = ""
    return total
''',
    outline=r"""
function duration_seconds(text) -> integer:
    total <- 0
    read the text as a sequence of (number, unit letter) pairs
    for each pair add number * seconds-per-unit
    return total
""",
    refinements=[
        r"""
refine scanning:
    digits <- ""
    for each character c:
        if c is a digit: digits <- digits + c
        else: c is a unit letter; total <- total + integer(digits) * seconds(c); digits <- ""
    seconds: d -> 86400, h -> 3600, m -> 60, s -> 1
""",
    ],
    public=[
        (('1h30m15s',), 5415),
        (('',), 0),
        (('2d4h',), 187200),
    ],
    hidden=[
        (('0s',), 0),
        (('45s',), 45),
        (('90m',), 5400),
        (('1d',), 86400),
        (('100h',), 360000),
        (('007m',), 420),
        (('1d1h1m1s',), 90061),
        (('12h0m5s',), 43205),
        (('365d',), 31536000),
        (('3m59s',), 239),
    ],
    difficulty='easy',
    tags=('parsing',),
    split='train',
))

PROBLEMS.append(call_problem(
    "query_params",
    statement=r"""
Write `query_params(query)` that parses the query part of a web address (the text after `?`,
without the `?`).

The query is split on `&` into pieces; empty pieces (from `&&` or a leading/trailing `&`) are
skipped. A piece is `key=value`, split at its FIRST `=` (the value may contain more `=`), or just
`key` with no `=`, in which case the value is the empty string. In keys and values, `+` stands for
a space and `%XY`, with `XY` two hexadecimal digits in either case, stands for the byte with that
value; the decoded bytes are read as UTF-8 (invalid sequences become U+FFFD). A `%` that is not
followed by two hexadecimal digits is kept as a literal `%`.

Return a dict mapping each decoded key to the list of its decoded values, in order of appearance.
An empty query gives `{}`.

Constraints: `0 <= len(query) <= 10**4`.

Example: `query_params("a=1&b=2&a=x+y")` returns `{"a": ["1", "x y"], "b": ["2"]}`.
""",
    signature='def query_params(query: str) -> dict[str, list[str]]:',
    reference=r'''
HEX = "0123456789abcdefABCDEF"


def _decode(part: str) -> str:
    out = bytearray()
    i = 0
    while i < len(part):
        ch = part[i]
        pair = part[i + 1:i + 3]
        if ch == "%" and len(pair) == 2 and all(c in HEX for c in pair):
            out.append(int(pair, 16))
            i += 3
            continue
        out.extend(b" " if ch == "+" else ch.encode("utf-8"))
        i += 1
    return out.decode("utf-8", errors="replace")


def query_params(query: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for piece in query.split("&"):
        if not piece:
            continue
        key, _, value = piece.partition("=")
        params.setdefault(_decode(key), []).append(_decode(value))
    return params
''',
    outline=r"""
function query_params(query) -> map key -> list of values:
    params <- empty map
    for each non-empty piece of query split on "&":
        split the piece at its first "=" into key and value (value "" when there is no "=")
        decode key and value; append the value to params[key]
    return params

function decode(text) -> string:
    turn "+" into a space and valid "%XY" escapes into bytes, then read the bytes as UTF-8
""",
    refinements=[
        r"""
refine decode:
    bytes <- empty
    i <- 0
    while i < length(text):
        if text[i] = "%" and the next two characters exist and are hex digits:
            append byte value of those two digits; i <- i + 3
        else:
            append " " for "+", otherwise the UTF-8 bytes of text[i]; i <- i + 1
    return bytes decoded as UTF-8, replacing invalid sequences
    (decoding bytes at the end, not escape by escape, keeps multi-byte characters such as %C3%BC intact)
""",
    ],
    public=[
        (('a=1&b=2&a=x+y',), {'a': ['1', 'x y'], 'b': ['2']}),
        (('',), {}),
        (('flag&x=',), {'flag': [''], 'x': ['']}),
    ],
    hidden=[
        (('name=J%C3%BCrgen+M',), {'name': ['Jürgen M']}),
        (('eq=a=b',), {'eq': ['a=b']}),
        (('%zz=%4',), {'%zz': ['%4']}),
        (('&&a=1&',), {'a': ['1']}),
        (('k=%41%42c',), {'k': ['ABc']}),
        (('caf%c3%a9=ok',), {'café': ['ok']}),
        (('a+b=c%2Bd',), {'a b': ['c+d']}),
        (('x=1&x=2&x=3',), {'x': ['1', '2', '3']}),
        (('bad=%FF',), {'bad': ['�']}),
        (('=empty_key',), {'': ['empty_key']}),
        (('pct=100%25',), {'pct': ['100%']}),
    ],
    difficulty='medium',
    tags=('parsing', 'strings'),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "csv_column_total",
    statement=r"""
Sum one column of a small CSV table.

Input: the first line is the name of the wanted column (surrounding spaces are ignored). The next
line is the table's header, followed by data rows. Blank lines anywhere are ignored. Fields are
separated by commas. A field may be enclosed in double quotes; inside quotes commas are ordinary
characters and two double quotes `""` stand for one double quote. Fields never contain line
breaks. Every row has as many fields as the header.

The wanted column is the first header field equal to the wanted name (after unquoting; compared
exactly, without trimming). Its values are integers, possibly negative and possibly surrounded by
spaces; an empty (or all-space) field counts as 0.

Output: the sum of the column's values, or `missing column` if no header field matches (or there
is no header line). The output ends with a newline.

Constraints: at most 10^4 rows of at most 200 characters.

Example: input `qty\nname,qty\n"nuts, salted",3\npears,4\n` gives `7`.
""",
    reference=r'''
import sys


def split_fields(line: str) -> list[str]:
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == '"' and line[i + 1:i + 2] == '"':
                current.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    fields.append("".join(current))
    return fields


def main() -> None:
    lines = [line for line in sys.stdin.read().splitlines() if line.strip()]
    if len(lines) < 2:
        print("missing column")
        return
    wanted, header = lines[0].strip(), split_fields(lines[1])
    if wanted not in header:
        print("missing column")
        return
    column = header.index(wanted)
    total = 0
    for line in lines[2:]:
        value = split_fields(line)[column].strip()
        total += int(value) if value else 0
    print(total)


main()
''',
    outline=r"""
program csv_column_total:
    read the non-blank lines
    wanted <- first line trimmed; header <- fields of the second line
    if there is no header or wanted is not in it: print "missing column" and stop
    column <- first position of wanted in header
    total <- sum over data rows of the integer in that column (empty counts as 0)
    print total

function split_fields(line) -> list of fields:
    split on commas that are outside double quotes, removing the quotes
""",
    refinements=[
        r"""
refine split_fields as a small state machine:
    quoted <- false; current <- ""
    for each character c:
        if quoted:
            if c = '"' and the next character is '"': add one '"' and skip the next character
            else if c = '"': quoted <- false
            else: add c
        else if c = '"': quoted <- true
        else if c = ",": finish current field, start a new one
        else: add c
    finish the last field (a trailing comma yields a final empty field)
""",
    ],
    public=[
        ('qty\nname,qty\n"nuts, salted",3\npears,4\n', '7\n'),
        ('price\nname,qty\napple,1\n', 'missing column\n'),
        ('x\n', 'missing column\n'),
    ],
    hidden=[
        ('a\na,b\n1,2\n-5,3\n', '-4\n'),
        ('b\na,b\n\n1, 2 \n\n3,\n', '2\n'),
        ('', 'missing column\n'),
        ('n\n"n","m"\n"10","20"\n"-4","0"\n', '6\n'),
        ('v\nlabel,v\n"say ""hi"", ok",5\n"a,b,c",6\n', '11\n'),
        ('v\nv,v\n1,100\n2,200\n', '3\n'),
        (' score \nname,score\nann,  7\nbob,-2\n', '5\n'),
        ('Score\nname,score\nann,7\n', 'missing column\n'),
        ('z\nx,y,z\n"1,2","3,4",5\n,,6\n', '11\n'),
        ("val\nid,val\n" + "".join(f"\"row, {i}\",{i % 7 - 3}\n" for i in range(10_000)), '-6\n'),
    ],
    difficulty='medium',
    tags=('parsing', 'strings'),
    split='test',
))

PROBLEMS.append(call_problem(
    "mini_tokenize",
    statement=r"""
Write `mini_tokenize(source)`, the tokenizer of a tiny scripting language. It scans `source` from
left to right and returns a list of `(kind, text)` tuples, where `text` is the exact source text
of the token:

- Spaces, tabs, carriage returns and newlines are skipped. `#` starts a comment that runs to the
  end of the line (the newline is not part of it); comments are skipped.
- `NUMBER`: one or more ASCII digits, optionally followed by `.` and one or more digits
  (`3.14`). A `.` not followed by a digit is not part of the number (`3.` is `NUMBER 3` then
  `OP .`).
- `IDENT`: an ASCII letter or `_`, followed by ASCII letters, digits and `_`. The words `if`,
  `else`, `while` and `return` have kind `KEYWORD` instead.
- `STRING`: a double-quoted string; a backslash escapes the character after it (so `\"` does not
  end the string). The text includes the quotes and backslashes exactly as written.
- `OP`: first the two-character operators `==`, `!=`, `<=`, `>=`, `&&`, `||`, `->` (longest match
  wins), otherwise one of the characters `+ - * / % < > = ! ( ) { } [ ] , ; .`
- Anything else (for example `@` or a non-ASCII letter) produces a final `("ERROR", char)` token
  and scanning stops. A string that is not closed before the end of the input produces a final
  `("ERROR", rest)` token, where `rest` is the text from its opening quote to the end.

Constraints: `0 <= len(source) <= 10**4`.

Example: `mini_tokenize("x1 = 3.5 # set")` returns
`[("IDENT", "x1"), ("OP", "="), ("NUMBER", "3.5")]`.
""",
    signature='def mini_tokenize(source: str) -> list[tuple[str, str]]:',
    reference=r'''
KEYWORDS = {"if", "else", "while", "return"}
TWO_CHAR_OPS = {"==", "!=", "<=", ">=", "&&", "||", "->"}
ONE_CHAR_OPS = set("+-*/%<>=!(){}[],;.")
DIGITS = set("0123456789")
IDENT_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
IDENT_CHARS = IDENT_START | DIGITS


def mini_tokenize(source: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            i += 1
        elif ch == "#":
            while i < n and source[i] != "\n":
                i += 1
        elif ch in DIGITS:
            j = i
            while j < n and source[j] in DIGITS:
                j += 1
            if j + 1 < n and source[j] == "." and source[j + 1] in DIGITS:
                j += 1
                while j < n and source[j] in DIGITS:
                    j += 1
            tokens.append(("NUMBER", source[i:j]))
            i = j
        elif ch in IDENT_START:
            j = i
            while j < n and source[j] in IDENT_CHARS:
                j += 1
            word = source[i:j]
            tokens.append(("KEYWORD" if word in KEYWORDS else "IDENT", word))
            i = j
        elif ch == '"':
            j = i + 1
            while j < n and source[j] != '"':
                j += 2 if source[j] == "\\" else 1
            if j >= n:
                tokens.append(("ERROR", source[i:]))
                break
            tokens.append(("STRING", source[i:j + 1]))
            i = j + 1
        elif source[i:i + 2] in TWO_CHAR_OPS:
            tokens.append(("OP", source[i:i + 2]))
            i += 2
        elif ch in ONE_CHAR_OPS:
            tokens.append(("OP", ch))
            i += 1
        else:
            tokens.append(("ERROR", ch))
            break
    return tokens
''',
    outline=r"""
function mini_tokenize(source) -> list of (kind, text):
    i <- 0; tokens <- empty
    while i < length(source):
        look at source[i] and dispatch:
            whitespace -> skip; "#" -> skip to end of line
            digit -> scan a NUMBER; letter or "_" -> scan an IDENT or KEYWORD
            '"' -> scan a STRING (or ERROR if unterminated, then stop)
            two-character operator -> OP; one-character operator -> OP
            anything else -> ERROR token and stop
    return tokens
""",
    refinements=[
        r"""
refine NUMBER:
    j <- end of the run of digits starting at i
    if source[j] = "." and source[j + 1] exists and is a digit: extend j over "." and the following digits
    emit source[i .. j)
refine STRING:
    j <- i + 1
    while j < n and source[j] is not '"':
        advance j by 2 after a backslash (the escaped character is skipped), else by 1
    if j >= n: emit ("ERROR", source from i to the end) and stop
    else emit source[i .. j] including both quotes; i <- j + 1
refine operators:
    test the two-character slice against the two-character operators before single characters,
    so "<=" is one token, not "<" then "="
""",
    ],
    public=[
        (('x1 = 3.5 # set',), [('IDENT', 'x1'), ('OP', '='), ('NUMBER', '3.5')]),
        (('',), []),
        (('if (a >= 10) { return "ok"; }',), [('KEYWORD', 'if'), ('OP', '('), ('IDENT', 'a'), ('OP', '>='), ('NUMBER', '10'), ('OP', ')'), ('OP', '{'), ('KEYWORD', 'return'), ('STRING', '"ok"'), ('OP', ';'), ('OP', '}')]),
    ],
    hidden=[
        (('3.',), [('NUMBER', '3'), ('OP', '.')]),
        (('3.x',), [('NUMBER', '3'), ('OP', '.'), ('IDENT', 'x')]),
        (('1.25.5',), [('NUMBER', '1.25'), ('OP', '.'), ('NUMBER', '5')]),
        (('"a\\"b" c',), [('STRING', '"a\\"b"'), ('IDENT', 'c')]),
        (('"never closed',), [('ERROR', '"never closed')]),
        (('"ends with \\',), [('ERROR', '"ends with \\')]),
        (('a @ b',), [('IDENT', 'a'), ('ERROR', '@')]),
        (('while_ whilex while',), [('IDENT', 'while_'), ('IDENT', 'whilex'), ('KEYWORD', 'while')]),
        (('a->b != c && !d || e==f',), [('IDENT', 'a'), ('OP', '->'), ('IDENT', 'b'), ('OP', '!='), ('IDENT', 'c'), ('OP', '&&'), ('OP', '!'), ('IDENT', 'd'), ('OP', '||'), ('IDENT', 'e'), ('OP', '=='), ('IDENT', 'f')]),
        (('# only a comment\n  y_2\t=\r\n-7 % 2',), [('IDENT', 'y_2'), ('OP', '='), ('OP', '-'), ('NUMBER', '7'), ('OP', '%'), ('NUMBER', '2')]),
        (('x = ünicode',), [('IDENT', 'x'), ('OP', '='), ('ERROR', 'ü')]),
        (('[1,2];{}',), [('OP', '['), ('NUMBER', '1'), ('OP', ','), ('NUMBER', '2'), ('OP', ']'), ('OP', ';'), ('OP', '{'), ('OP', '}')]),
        (('<<=>=>',), [('OP', '<'), ('OP', '<='), ('OP', '>='), ('OP', '>')]),
    ],
    difficulty='hard',
    tags=('parsing', 'strings'),
    split='test',
))

PROBLEMS.append(call_problem(
    "brace_expand",
    statement=r"""
A build tool lets users write file names with brace groups: `src/{main,util}.c` stands for
`src/main.c` and `src/util.c`. Write `brace_expand(pattern)` returning the list of all names a
pattern stands for.

A brace group `{alt1,alt2,...}` holds one or more comma-separated alternatives; an alternative
may be empty and may itself contain groups (nesting). The expansion is the cartesian product of
the pattern's pieces from left to right: the leftmost group varies slowest, and alternatives
appear in the order written. Duplicates are kept. A comma outside every group is an ordinary
character. A pattern without groups stands for itself; the empty pattern gives `[""]`.

The pattern is well-formed (braces balanced) and its expansion has at most `10**4` names.

Example: `brace_expand("a{b,c}d")` returns `["abd", "acd"]`.
""",
    signature='def brace_expand(pattern: str) -> list[str]:',
    reference=r'''
def brace_expand(pattern: str) -> list[str]:
    results, _ = _sequence(pattern, 0, inside_group=False)
    return results


def _sequence(pattern: str, i: int, inside_group: bool) -> tuple[list[str], int]:
    """Expand literals and groups from i up to a "," or "}" of the enclosing group (or the end)."""
    results = [""]
    while i < len(pattern):
        ch = pattern[i]
        if ch == "{":
            options, i = _group(pattern, i + 1)
            results = [r + o for r in results for o in options]
        elif inside_group and ch in ",}":
            break
        else:
            results = [r + ch for r in results]
            i += 1
    return results, i


def _group(pattern: str, i: int) -> tuple[list[str], int]:
    """Expand the alternatives of a group whose "{" is just before i; return after its "}"."""
    options: list[str] = []
    while True:
        alternative, i = _sequence(pattern, i, inside_group=True)
        options.extend(alternative)
        if pattern[i] == "}":
            return options, i + 1
        i += 1  # skip the comma between alternatives
''',
    outline=r"""
function brace_expand(pattern) -> list of names:
    parse the pattern recursively:
        sequence := (literal character | group)*     -> list of strings (product of its pieces)
        group    := "{" sequence ("," sequence)* "}"  -> concatenation of the alternatives' lists
    return the expansion of the whole pattern as a top-level sequence
""",
    refinements=[
        r"""
refine sequence(i, inside_group) -> (strings, position):
    results <- [""]
    while i < length:
        "{": (options, i) <- group(i + 1); results <- [r + o for r in results for o in options]
        "," or "}" while inside a group: stop (the caller handles it)
        otherwise: append the character to every result; i <- i + 1
refine group(i) -> (strings, position after "}"):
    options <- empty
    repeat: (alt, i) <- sequence(i, inside_group = true); options <- options + alt
            if pattern[i] = "}": return (options, i + 1) else skip the comma
    the product loops keep the left piece outermost, so the leftmost group varies slowest
""",
    ],
    public=[
        (('a{b,c}d',), ['abd', 'acd']),
        (('plain',), ['plain']),
        (('',), ['']),
    ],
    hidden=[
        (('{x,y}{1,2}',), ['x1', 'x2', 'y1', 'y2']),
        (('f{,s}',), ['f', 'fs']),
        (('{a,{b,c}d}e',), ['ae', 'bde', 'cde']),
        (('{a,a}',), ['a', 'a']),
        (('x,y{1,2}',), ['x,y1', 'x,y2']),
        (('{}',), ['']),
        (('{{a,b},{c}}',), ['a', 'b', 'c']),
        (('{0,1}{0,1}{0,1}{0,1}',), ['0000', '0001', '0010', '0011', '0100', '0101', '0110', '0111', '1000', '1001', '1010', '1011', '1100', '1101', '1110', '1111']),
        (('src/{main,util{,_test}}.{c,h}',), ['src/main.c', 'src/main.h', 'src/util.c', 'src/util.h', 'src/util_test.c', 'src/util_test.h']),
        (('{,}',), ['', '']),
        (('{a{1,2},b}{x,y}',), ['a1x', 'a1y', 'a2x', 'a2y', 'bx', 'by']),
    ],
    difficulty='hard',
    tags=('parsing', 'recursion'),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "config_merge",
    statement=r"""
Merge the settings of a simple configuration file.

Input: lines of the form `key = value`. Lines that are blank, or whose first non-space character
is `#`, are comments and are ignored; so are lines without any `=`. A line is split at its FIRST
`=`; key and value are stripped of surrounding whitespace (the value may contain `=` and may be
empty). Lines whose key is empty after stripping are ignored. When a key is set several times,
the last setting wins.

Output: one line `key=value` per key, keys in alphabetical order (plain string order), each line
ending with a newline. If there are no settings, print nothing.

Constraints: at most 10^4 lines.

Example: input `port = 80\nhost=a\nport= 8080\n` gives `host=a\nport=8080\n`.
""",
    reference=r'''
import sys


def main() -> None:
    settings: dict[str, str] = {}
    for line in sys.stdin.read().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or "=" not in stripped:
            continue
        key, _, value = stripped.partition("=")
        if key.strip():
            settings[key.strip()] = value.strip()
    for key in sorted(settings):
        print(f"{key}={settings[key]}")


main()
''',
    outline=r"""
program config_merge:
    settings <- empty map
    for each input line:
        skip blank lines, comment lines and lines without "="
        split at the first "=", strip key and value, skip an empty key
        settings[key] <- value (later lines override)
    print "key=value" for every key in sorted order
""",
    refinements=[
        r"""
refine line handling:
    s <- line without surrounding whitespace
    comment test looks at the first non-space character: s starts with "#"
    (key, value) <- text before and after the FIRST "=" of s
    key, value <- both stripped; values like "a=b" keep their inner "="
""",
    ],
    public=[
        ('port = 80\nhost=a\nport= 8080\n', 'host=a\nport=8080\n'),
        ('', ''),
        ('# only = a comment\n', ''),
    ],
    hidden=[
        ('a=1\n\n   # b=2\nc = 3\n', 'a=1\nc=3\n'),
        ('url = http://x/?q=1\n', 'url=http://x/?q=1\n'),
        ('empty =\n', 'empty=\n'),
        ('= novalue\n', ''),
        ('no equals sign here\nk=v\n', 'k=v\n'),
        ('  spaced key  =  spaced value  \n', 'spaced key=spaced value\n'),
        ('z=1\ny=2\nx=3\nz=4\n', 'x=3\ny=2\nz=4\n'),
        ('B=1\na=2\n', 'B=1\na=2\n'),
        ('k=v # not a comment\n', 'k=v # not a comment\n'),
    ],
    difficulty='easy',
    tags=('parsing', 'dictionaries'),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "eval_arith",
    statement=r"""
Evaluate integer arithmetic expressions, one per line.

Input: lines holding expressions made of non-negative integer literals, the binary operators
`+ - * /`, unary `-` and `+`, parentheses and spaces. Blank lines are ignored. Usual precedence:
unary signs bind tightest, then `*` and `/`, then `+` and `-`; binary operators are
left-associative. `/` is integer division rounding toward zero (so `-7/2` is `-3`, unlike
Python's `//`). Every expression is well-formed.

Output: for each expression, one line with its integer value, or `division by zero` if evaluating
it divides by zero. Every line ends with a newline.

Constraints: at most 100 lines of at most 1000 characters; at most 100 nested parentheses and at
most 100 consecutive unary signs.

Example: input `1 + 2 * 3\n(1 + 2) * 3\n-7 / 2\n` gives `7\n9\n-3\n`.
""",
    reference=r'''
import sys


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit():
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            tokens.append(text[i:j])
            i = j
        else:
            if not ch.isspace():
                tokens.append(ch)
            i += 1
    return tokens


def divide(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


class Parser:
    """Recursive descent: expression -> term (+|- term)*, term -> unary (*|/ unary)*."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expression(self) -> int:
        value = self.term()
        while self.peek() in ("+", "-"):
            if self.take() == "+":
                value += self.term()
            else:
                value -= self.term()
        return value

    def term(self) -> int:
        value = self.unary()
        while self.peek() in ("*", "/"):
            if self.take() == "*":
                value *= self.unary()
            else:
                value = divide(value, self.unary())
        return value

    def unary(self) -> int:
        if self.peek() == "-":
            self.take()
            return -self.unary()
        if self.peek() == "+":
            self.take()
            return self.unary()
        return self.atom()

    def atom(self) -> int:
        token = self.take()
        if token == "(":
            value = self.expression()
            self.take()  # the closing ")"
            return value
        return int(token)


def main() -> None:
    for line in sys.stdin.read().splitlines():
        if not line.strip():
            continue
        try:
            print(Parser(tokenize(line)).expression())
        except ZeroDivisionError:
            print("division by zero")


main()
''',
    outline=r"""
program eval_arith:
    for each non-blank line:
        tokens <- split the line into numbers, operators and parentheses
        value <- parse and evaluate tokens with a recursive-descent parser
        print value, or "division by zero" when a division by zero happens

grammar used by the parser:
    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | atom
    atom       := number | "(" expression ")"
""",
    refinements=[
        r"""
refine left associativity:
    expression: value <- term(); while next token is + or -: consume it and combine value with the next term()
    term: same with * and / over unary()
    looping (instead of recursing on the right) makes 10 - 2 - 3 = (10 - 2) - 3
refine division toward zero:
    if b = 0: signal division by zero
    q <- |a| div |b|; result is q when a and b have the same sign, else -q
""",
    ],
    public=[
        ('1 + 2 * 3\n(1 + 2) * 3\n-7 / 2\n', '7\n9\n-3\n'),
        ('', ''),
        ('10 / 0\n', 'division by zero\n'),
    ],
    hidden=[
        ('10 - 2 - 3\n', '5\n'),
        ('100 / 10 / 5\n', '2\n'),
        ('-3 * -2\n', '6\n'),
        ('--5\n', '5\n'),
        ('+4 - -4\n', '8\n'),
        ('7 / -2\n', '-3\n'),
        ('-7 / -2\n', '3\n'),
        ('2 * (3 + 4) * 5 - 6 / (1 + 1)\n', '67\n'),
        ('1 / (2 - 2) + 5\n\n42\n', 'division by zero\n42\n'),
        ('0 / 5\n', '0\n'),
        ('123456789 * 987654321\n', '121932631112635269\n'),
        ('((((((((((1))))))))))\n', '1\n'),
        ('3 - (4 - (5 - (6 - 7)))\n', '5\n'),
        ("(" * 100 + "1" + ")" * 100 + " + " + "-" * 100 + "2\n", '3\n'),
    ],
    difficulty='hard',
    tags=('parsing', 'recursion'),
    split='train',
))

# ------------------------------ bit manipulation ----------------------------------------------

PROBLEMS.append(call_problem(
    "hamming_switches",
    statement=r"""
A control panel has a row of switches; its state is encoded as a non-negative integer whose bit
`i` is 1 when switch `i` is on. Write `hamming_switches(current, target)` returning how many
switches must be flipped to go from state `current` to state `target`.

Constraints: `0 <= current, target < 2**64`.

Example: `hamming_switches(0b1010, 0b0110)` returns 2.
""",
    signature='def hamming_switches(current: int, target: int) -> int:',
    reference=r'''
def hamming_switches(current: int, target: int) -> int:
    return bin(current ^ target).count("1")
''',
    outline=r"""
function hamming_switches(current, target) -> integer:
    differing <- the bits where current and target differ
    return the number of 1 bits in differing
""",
    refinements=[
        r"""
refine:
    differing <- current XOR target (1 exactly where the two states disagree)
    count its set bits: e.g. repeatedly clear the lowest set bit (x <- x AND (x - 1)) and count
""",
    ],
    public=[
        ((10, 6), 2),
        ((0, 0), 0),
        ((5, 5), 0),
    ],
    hidden=[
        ((0, 1), 1),
        ((1, 0), 1),
        ((255, 0), 8),
        ((18446744073709551615, 0), 64),
        ((9223372036854775808, 1), 2),
        ((12345, 54321), 5),
        ((7, 8), 4),
        ((1099511627777, 1099511627778), 2),
        ((0, 18446744073709551615), 64),
    ],
    difficulty='easy',
    tags=('bits',),
    split='train',
))

PROBLEMS.append(call_problem(
    "reverse_bits_width",
    statement=r"""
A serial link sends the bits of each word in the opposite order. Write
`reverse_bits_width(value, width)` that writes `value` in binary using exactly `width` bits (with
leading zeros), reverses that bit string and returns the resulting integer.

Constraints: `1 <= width <= 64`, `0 <= value < 2**width`.

Example: `reverse_bits_width(6, 4)` returns 6 (`0110` reversed is `0110`), and
`reverse_bits_width(1, 4)` returns 8 (`0001` -> `1000`).
""",
    signature='def reverse_bits_width(value: int, width: int) -> int:',
    reference=r'''
def reverse_bits_width(value: int, width: int) -> int:
    result = 0
    for _ in range(width):
        result = (result << 1) | (value & 1)
        value >>= 1
    return result
''',
    outline=r"""
function reverse_bits_width(value, width) -> integer:
    result <- 0
    repeat width times: move the lowest bit of value onto the low end of result
    return result
""",
    refinements=[
        r"""
refine the bit transfer:
    for each of the width positions:
        result <- result shifted left by one, OR the lowest bit of value
        value <- value shifted right by one
    exactly width iterations, so leading zeros of value become trailing zeros of result
""",
    ],
    public=[
        ((1, 4), 8),
        ((6, 4), 6),
        ((0, 8), 0),
    ],
    hidden=[
        ((255, 8), 255),
        ((1, 1), 1),
        ((0, 1), 0),
        ((11, 4), 13),
        ((1, 64), 9223372036854775808),
        ((18446744073709551615, 64), 18446744073709551615),
        ((5, 8), 160),
        ((12345, 16), 39948),
        ((2147483648, 32), 1),
        ((3, 3), 6),
    ],
    difficulty='easy',
    tags=('bits',),
    split='train',
))

PROBLEMS.append(call_problem(
    "lone_odd_count",
    statement=r"""
A badge scanner logs the ids of the badges it reads. Every id appears an even number of times in
the log, except exactly one id, which appears an odd number of times. Write
`lone_odd_count(ids)` returning that id. Ids are integers and may be negative or zero.

Constraints: `1 <= len(ids) <= 10**6` (the log always has at least the odd one out). A solution
using constant extra memory exists.

Example: `lone_odd_count([4, 7, 4])` returns 7.
""",
    signature='def lone_odd_count(ids: list[int]) -> int:',
    reference=r'''
def lone_odd_count(ids: list[int]) -> int:
    result = 0
    for badge in ids:
        result ^= badge  # pairs cancel: x ^ x == 0
    return result
''',
    outline=r"""
function lone_odd_count(ids) -> integer:
    combine all ids with an operation under which two equal values cancel out
    what remains is the id that occurs an odd number of times
""",
    refinements=[
        r"""
refine:
    result <- 0
    for each id: result <- result XOR id
    XOR is associative and commutative and x XOR x = 0, so every even group vanishes
    (negative integers work too: XOR acts on their two's-complement bits)
""",
    ],
    public=[
        (([4, 7, 4],), 7),
        (([9],), 9),
        (([1, 2, 2, 1, 3],), 3),
    ],
    hidden=[
        (([0],), 0),
        (([-5],), -5),
        (([-5, 3, -5],), 3),
        (([2, 2, 2],), 2),
        (([0, 0, -1],), -1),
        (([5, 5, 5, 5, 6],), 6),
        (([1000000000000, 1, 1000000000000],), 1),
        (([-1, -2, -1, -2, -3, -3, 4],), 4),
        (([7, 3, 7, 3, 7],), 7),
        ((list(range(100_000)) * 2 + [-424242],), -424242),
    ],
    difficulty='easy',
    tags=('bits',),
    split='test',
))

PROBLEMS.append(call_problem(
    "gray_to_index",
    statement=r"""
A rotary encoder reports its position in reflected binary Gray code: position `i` is reported as
`i ^ (i >> 1)`. Write `gray_to_index(code)` that recovers the position `i` from the reported code.

Constraints: `0 <= code < 2**64`. The answer is unique.

Example: `gray_to_index(6)` returns 4, because `4 ^ (4 >> 1) == 6`.
""",
    signature='def gray_to_index(code: int) -> int:',
    reference=r'''
def gray_to_index(code: int) -> int:
    index = 0
    while code:
        index ^= code
        code >>= 1
    return index
''',
    outline=r"""
function gray_to_index(code) -> integer:
    each bit of the index is the XOR of all code bits at the same or higher positions
    return the integer built from those bits
""",
    refinements=[
        r"""
refine prefix XOR:
    index <- 0
    while code is not 0:
        index <- index XOR code        (adds code's bits at every position below them)
        code <- code shifted right by one
    this takes one step per bit, at most 64
""",
    ],
    public=[
        ((6,), 4),
        ((0,), 0),
        ((1,), 1),
    ],
    hidden=[
        ((2,), 3),
        ((3,), 2),
        ((4,), 7),
        ((5,), 6),
        ((7,), 5),
        ((9223372036854775808,), 18446744073709551615),
        ((18446744073709551615,), 12297829382473034410),
        ((12345678901234,), 15202616330915),
        ((513,), 1022),
    ],
    difficulty='medium',
    tags=('bits',),
    split='train',
))

PROBLEMS.append(call_problem(
    "total_set_bits",
    statement=r"""
Write `total_set_bits(n)` returning the total number of 1 bits in the binary representations of
all integers from 0 to `n` inclusive.

Constraints: `0 <= n <= 10**18`. Looping over all numbers is impossible for large `n`; the answer
can be computed bit position by bit position in about `log2(n)` steps.

Example: `total_set_bits(5)` returns 7 (0, 1, 10, 11, 100, 101 have 0+1+1+2+1+2 ones).
""",
    signature='def total_set_bits(n: int) -> int:',
    reference=r'''
def total_set_bits(n: int) -> int:
    total = 0
    bit = 0
    while (1 << bit) <= n:
        cycle = 1 << (bit + 1)  # bit `bit` repeats: cycle // 2 zeros, then cycle // 2 ones
        full_cycles = (n + 1) // cycle
        total += full_cycles * (cycle // 2)
        total += max(0, (n + 1) % cycle - cycle // 2)
        bit += 1
    return total
''',
    outline=r"""
function total_set_bits(n) -> integer:
    total <- 0
    for each bit position that can be 1 in numbers up to n:
        count how many of the n + 1 numbers 0 .. n have that bit set
        add it to total
    return total
""",
    refinements=[
        r"""
refine count for bit position b:
    along 0, 1, 2, ... bit b follows a cycle of length 2^(b+1): 2^b zeros then 2^b ones
    full <- (n + 1) div 2^(b+1) complete cycles contribute full * 2^b ones
    the incomplete cycle has (n + 1) mod 2^(b+1) numbers, of which max(0, that - 2^b) have the bit set
    loop while 2^b <= n (higher bits are 0 in every number up to n)
""",
    ],
    public=[
        ((5,), 7),
        ((0,), 0),
        ((1,), 1),
    ],
    hidden=[
        ((2,), 2),
        ((3,), 4),
        ((7,), 12),
        ((8,), 13),
        ((100,), 319),
        ((1152921504606846975,), 34587645138205409280),
        ((1152921504606846976,), 34587645138205409281),
        ((1000000000000000000,), 29761222783429247000),
        ((999999999999,), 19809942118400),
        ((12345,), 82199),
    ],
    difficulty='hard',
    tags=('bits', 'math'),
    split='test',
))

PROBLEMS.append(stdio_problem(
    "subset_weight_count",
    statement=r"""
A hiker chooses which items to pack. Count the possible choices (subsets of the items, including
taking nothing) whose total weight does not exceed the capacity.

Input: the first line holds `n` and `cap` (`0 <= n <= 18`, `0 <= cap <= 10**9`); the second line
holds the `n` positive integer weights (at most `10**8` each), separated by spaces; it may be
missing when `n = 0`. Items with equal weights are still different items.

Output: one line with the number of subsets whose total weight is at most `cap`, ending with a
newline.

Example: input `3 5\n2 3 4\n` gives `5` (nothing, {2}, {3}, {4}, {2, 3}).
""",
    reference=r'''
import sys


def main() -> None:
    data = [int(x) for x in sys.stdin.read().split()]
    n, cap = data[0], data[1]
    weights = data[2:2 + n]
    # sums[mask]: total weight of the items whose bits are set in mask.
    sums = [0] * (1 << n)
    count = 1  # the empty subset weighs 0 <= cap
    for mask in range(1, 1 << n):
        low = mask & -mask
        sums[mask] = sums[mask ^ low] + weights[low.bit_length() - 1]
        if sums[mask] <= cap:
            count += 1
    print(count)


main()
''',
    outline=r"""
program subset_weight_count:
    read n, cap and the weights
    enumerate every subset as an n-bit mask
    compute each subset's weight from a smaller subset already computed
    count the masks whose weight is at most cap
    print the count
""",
    refinements=[
        r"""
refine incremental sums:
    sums[0] <- 0 and the empty subset is always counted
    for mask from 1 to 2^n - 1:
        low <- lowest set bit of mask (mask AND -mask); item <- its position
        sums[mask] <- sums[mask without low] + weights[item]
    each subset costs O(1), so 2^18 masks are fast
""",
    ],
    public=[
        ('3 5\n2 3 4\n', '5\n'),
        ('0 0\n', '1\n'),
        ('2 0\n1 1\n', '1\n'),
    ],
    hidden=[
        ('1 7\n7\n', '2\n'),
        ('1 6\n7\n', '1\n'),
        ('4 10\n1 2 3 4\n', '16\n'),
        ('4 100\n5 5 5 5\n', '16\n'),
        ('3 1000000000\n100000000 100000000 100000000\n', '8\n'),
        ('5 7\n3 3 3 3 3\n', '16\n'),
        ('0 5\n\n', '1\n'),
        ('18 500\n13 23 33 43 53 63 73 83 93 103 113 123 133 143 153 163 173 183\n', '13837\n'),
        ('18 1000000000\n100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000 100000000\n', '199140\n'),
    ],
    difficulty='medium',
    tags=('bits', 'enumeration'),
    split='train',
))

PROBLEMS.append(call_problem(
    "max_xor_pair",
    statement=r"""
Write `max_xor_pair(values)` returning the largest value of `values[i] ^ values[j]` over all
pairs of different positions `i != j`. With fewer than two values, return 0.

Constraints: `0 <= len(values) <= 2 * 10**4`, `0 <= values[i] < 2**30`. Trying every pair is far too
slow for the largest inputs; decide the answer one bit at a time, from the highest bit down.

Example: `max_xor_pair([1, 2, 4, 8])` returns 12 (`4 ^ 8`).
""",
    signature='def max_xor_pair(values: list[int]) -> int:',
    reference=r'''
def max_xor_pair(values: list[int]) -> int:
    if len(values) < 2:
        return 0
    best = 0
    for bit in range(29, -1, -1):
        candidate = best | (1 << bit)
        prefixes = {v >> bit for v in values}
        wanted = candidate >> bit
        # Some pair of prefixes XORs to `wanted` exactly when p ^ wanted is also a prefix.
        if any((p ^ wanted) in prefixes for p in prefixes):
            best = candidate
    return best
''',
    outline=r"""
function max_xor_pair(values) -> integer:
    if fewer than two values: return 0
    best <- 0
    for each bit from the highest (29) down to 0:
        try to set this bit in best, keeping the higher bits already decided
        keep it if some pair of values agrees with the tentative answer on all bits decided so far
    return best
""",
    refinements=[
        r"""
refine the feasibility test for bit b:
    candidate <- best with bit b set
    prefixes <- set of (v shifted right by b) over all values
    wanted <- candidate shifted right by b
    feasible when some prefix p has p XOR wanted in prefixes (then the two values' top bits XOR to wanted)
    wanted has its lowest bit set, so the two prefixes differ and come from different positions
    each bit costs one pass over the values: about 30 * n set operations instead of n * n pairs
""",
    ],
    public=[
        (([1, 2, 4, 8],), 12),
        (([],), 0),
        (([7],), 0),
    ],
    hidden=[
        (([5, 5],), 0),
        (([0, 1073741823],), 1073741823),
        (([3, 5, 6],), 6),
        (([0, 0, 0, 1],), 1),
        (([12, 15, 7, 9],), 14),
        (([536870912, 536870913, 1],), 536870913),
        (([6, 6, 6, 6, 6, 6, 9],), 15),
        (([1, 1],), 0),
        ((_random_ints(20_000, 0, 2**30 - 1, seed=31),), 1073741821),
        (([x * 4 for x in _random_ints(20_000, 0, 2**20, seed=32)],), 4194300),
    ],
    difficulty='hard',
    tags=('bits', 'hashing'),
    split='train',
))

# ------------------------------ sorting and searching -----------------------------------------

PROBLEMS.append(call_problem(
    "dense_ranks",
    statement=r"""
A quiz show ranks contestants by score. Write `dense_ranks(scores)` returning, for each score in
the input order, its dense rank: the highest score has rank 1, equal scores share a rank, and the
next lower distinct score gets the next integer (no gaps: scores 9, 9, 7 get ranks 1, 1, 2).
Scores may be negative. An empty list gives `[]`.

Constraints: `0 <= len(scores) <= 10**5`.

Example: `dense_ranks([50, 80, 50, 20])` returns `[2, 1, 2, 3]`.
""",
    signature='def dense_ranks(scores: list[int]) -> list[int]:',
    reference=r'''
def dense_ranks(scores: list[int]) -> list[int]:
    order = sorted(set(scores), reverse=True)
    rank_of = {score: rank for rank, score in enumerate(order, start=1)}
    return [rank_of[score] for score in scores]
''',
    outline=r"""
function dense_ranks(scores) -> list of ranks:
    distinct <- the distinct scores sorted from highest to lowest
    rank_of[score] <- position of score in distinct, counting from 1
    return [rank_of[s] for each s in scores, in input order]
""",
    refinements=[
        r"""
refine:
    removing duplicates before sorting is what makes the ranks dense (no gaps after ties)
    a dictionary from score to rank gives each lookup in O(1); total O(n log n)
""",
    ],
    public=[
        (([50, 80, 50, 20],), [2, 1, 2, 3]),
        (([],), []),
        (([9, 9, 7],), [1, 1, 2]),
    ],
    hidden=[
        (([5],), [1]),
        (([1, 2, 3],), [3, 2, 1]),
        (([3, 2, 1],), [1, 2, 3]),
        (([-1, -1, -1],), [1, 1, 1]),
        (([0, -5, 5, 0],), [2, 3, 1, 2]),
        (([10, 20, 10, 30, 20, 10],), [3, 2, 3, 1, 2, 3]),
        (([100, 99, 100, 98, 99],), [1, 2, 1, 3, 2]),
        (([-1000000000, 1000000000],), [2, 1]),
        (([4, 4, 3, 3, 2, 2, 1, 1],), [1, 1, 2, 2, 3, 3, 4, 4]),
    ],
    difficulty='easy',
    tags=('sorting', 'dictionaries'),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "leaderboard_ranks",
    statement=r"""
Print a game's leaderboard.

Input: lines `NAME SCORE`, where `NAME` has no spaces (case-sensitive) and `SCORE` is an integer
(possibly negative). Blank lines are ignored. A player may appear on several lines; only their
best (largest) score counts.

Output: one line per player, `RANK NAME SCORE`, ordered by score from highest to lowest and, for
equal scores, by name in plain string order. Ranks use competition ranking: players with equal
scores share a rank, and the next rank skips accordingly (scores 9, 9, 7 get ranks 1, 1, 3).
Every line ends with a newline; no input gives no output.

Constraints: at most 10^5 lines.

Example: input `ann 5\nbob 7\nann 9\ncy 7\n` gives `1 ann 9\n2 bob 7\n2 cy 7\n`.
""",
    reference=r'''
import sys


def main() -> None:
    best: dict[str, int] = {}
    for line in sys.stdin.read().splitlines():
        parts = line.split()
        if not parts:
            continue
        name, score = parts[0], int(parts[1])
        if name not in best or score > best[name]:
            best[name] = score
    ordered = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    out = []
    rank = 0
    for position, (name, score) in enumerate(ordered, start=1):
        if position == 1 or score != ordered[position - 2][1]:
            rank = position
        out.append(f"{rank} {name} {score}")
    if out:
        print("\n".join(out))


main()
''',
    outline=r"""
program leaderboard_ranks:
    best <- map name -> best score over all input lines
    ordered <- players sorted by (score descending, name ascending)
    walk ordered assigning competition ranks
    print "rank name score" for each player
""",
    refinements=[
        r"""
refine competition ranking:
    for position p = 1, 2, ... over ordered:
        if p = 1 or this score differs from the previous player's score: rank <- p
        (otherwise keep the previous rank, so ties share it and the next distinct score jumps to its position)
refine best score:
    when a name reappears, keep the larger of its stored and new score
""",
    ],
    public=[
        ('ann 5\nbob 7\nann 9\ncy 7\n', '1 ann 9\n2 bob 7\n2 cy 7\n'),
        ('', ''),
        ('solo -3\n', '1 solo -3\n'),
    ],
    hidden=[
        ('a 1\nb 1\nc 1\n', '1 a 1\n1 b 1\n1 c 1\n'),
        ('x 10\ny 9\nz 9\nw 8\n', '1 x 10\n2 y 9\n2 z 9\n4 w 8\n'),
        ('p 5\np 2\np 7\np 1\n', '1 p 7\n'),
        ('Bob 4\nbob 4\nALICE 4\n', '1 ALICE 4\n1 Bob 4\n1 bob 4\n'),
        ('\nq -1\n\nr -2\n', '1 q -1\n2 r -2\n'),
        ('m 3\nn 3\nk 1\nj 1\ni 0\n', '1 m 3\n1 n 3\n3 j 1\n3 k 1\n5 i 0\n'),
        ('a 100\nb 90\nc 80\n', '1 a 100\n2 b 90\n3 c 80\n'),
        ('dup 2\ndup 2\nother 2\n', '1 dup 2\n1 other 2\n'),
        ("".join(f"p{i:03d} {i * 37 % 101 - 50}\n" for i in range(300)), '1 p030 50\n1 p131 50\n1 p232 50\n4 p060 49\n4 p161 49\n4 p262 49\n7 p090 48\n7 p191 48\n7 p292 48\n10 p019 47\n10 p120 47\n10 p221 47\n13 p049 46\n13 p150 46\n13 p251 46\n16 p079 45\n16 p180 45\n16 p281 45\n19 p008 44\n19 p109 44\n19 p210 44\n22 p038 43\n22 p139 43\n22 p240 43\n25 p068 42\n25 p169 42\n25 p270 42\n28 p098 41\n28 p199 41\n30 p027 40\n30 p128 40\n30 p229 40\n33 p057 39\n33 p158 39\n33 p259 39\n36 p087 38\n36 p188 38\n36 p289 38\n39 p016 37\n39 p117 37\n39 p218 37\n42 p046 36\n42 p147 36\n42 p248 36\n45 p076 35\n45 p177 35\n45 p278 35\n48 p005 34\n48 p106 34\n48 p207 34\n51 p035 33\n51 p136 33\n51 p237 33\n54 p065 32\n54 p166 32\n54 p267 32\n57 p095 31\n57 p196 31\n57 p297 31\n60 p024 30\n60 p125 30\n60 p226 30\n63 p054 29\n63 p155 29\n63 p256 29\n66 p084 28\n66 p185 28\n66 p286 28\n69 p013 27\n69 p114 27\n69 p215 27\n72 p043 26\n72 p144 26\n72 p245 26\n75 p073 25\n75 p174 25\n75 p275 25\n78 p002 24\n78 p103 24\n78 p204 24\n81 p032 23\n81 p133 23\n81 p234 23\n84 p062 22\n84 p163 22\n84 p264 22\n87 p092 21\n87 p193 21\n87 p294 21\n90 p021 20\n90 p122 20\n90 p223 20\n93 p051 19\n93 p152 19\n93 p253 19\n96 p081 18\n96 p182 18\n96 p283 18\n99 p010 17\n99 p111 17\n99 p212 17\n102 p040 16\n102 p141 16\n102 p242 16\n105 p070 15\n105 p171 15\n105 p272 15\n108 p100 14\n108 p201 14\n110 p029 13\n110 p130 13\n110 p231 13\n113 p059 12\n113 p160 12\n113 p261 12\n116 p089 11\n116 p190 11\n116 p291 11\n119 p018 10\n119 p119 10\n119 p220 10\n122 p048 9\n122 p149 9\n122 p250 9\n125 p078 8\n125 p179 8\n125 p280 8\n128 p007 7\n128 p108 7\n128 p209 7\n131 p037 6\n131 p138 6\n131 p239 6\n134 p067 5\n134 p168 5\n134 p269 5\n137 p097 4\n137 p198 4\n137 p299 4\n140 p026 3\n140 p127 3\n140 p228 3\n143 p056 2\n143 p157 2\n143 p258 2\n146 p086 1\n146 p187 1\n146 p288 1\n149 p015 0\n149 p116 0\n149 p217 0\n152 p045 -1\n152 p146 -1\n152 p247 -1\n155 p075 -2\n155 p176 -2\n155 p277 -2\n158 p004 -3\n158 p105 -3\n158 p206 -3\n161 p034 -4\n161 p135 -4\n161 p236 -4\n164 p064 -5\n164 p165 -5\n164 p266 -5\n167 p094 -6\n167 p195 -6\n167 p296 -6\n170 p023 -7\n170 p124 -7\n170 p225 -7\n173 p053 -8\n173 p154 -8\n173 p255 -8\n176 p083 -9\n176 p184 -9\n176 p285 -9\n179 p012 -10\n179 p113 -10\n179 p214 -10\n182 p042 -11\n182 p143 -11\n182 p244 -11\n185 p072 -12\n185 p173 -12\n185 p274 -12\n188 p001 -13\n188 p102 -13\n188 p203 -13\n191 p031 -14\n191 p132 -14\n191 p233 -14\n194 p061 -15\n194 p162 -15\n194 p263 -15\n197 p091 -16\n197 p192 -16\n197 p293 -16\n200 p020 -17\n200 p121 -17\n200 p222 -17\n203 p050 -18\n203 p151 -18\n203 p252 -18\n206 p080 -19\n206 p181 -19\n206 p282 -19\n209 p009 -20\n209 p110 -20\n209 p211 -20\n212 p039 -21\n212 p140 -21\n212 p241 -21\n215 p069 -22\n215 p170 -22\n215 p271 -22\n218 p099 -23\n218 p200 -23\n220 p028 -24\n220 p129 -24\n220 p230 -24\n223 p058 -25\n223 p159 -25\n223 p260 -25\n226 p088 -26\n226 p189 -26\n226 p290 -26\n229 p017 -27\n229 p118 -27\n229 p219 -27\n232 p047 -28\n232 p148 -28\n232 p249 -28\n235 p077 -29\n235 p178 -29\n235 p279 -29\n238 p006 -30\n238 p107 -30\n238 p208 -30\n241 p036 -31\n241 p137 -31\n241 p238 -31\n244 p066 -32\n244 p167 -32\n244 p268 -32\n247 p096 -33\n247 p197 -33\n247 p298 -33\n250 p025 -34\n250 p126 -34\n250 p227 -34\n253 p055 -35\n253 p156 -35\n253 p257 -35\n256 p085 -36\n256 p186 -36\n256 p287 -36\n259 p014 -37\n259 p115 -37\n259 p216 -37\n262 p044 -38\n262 p145 -38\n262 p246 -38\n265 p074 -39\n265 p175 -39\n265 p276 -39\n268 p003 -40\n268 p104 -40\n268 p205 -40\n271 p033 -41\n271 p134 -41\n271 p235 -41\n274 p063 -42\n274 p164 -42\n274 p265 -42\n277 p093 -43\n277 p194 -43\n277 p295 -43\n280 p022 -44\n280 p123 -44\n280 p224 -44\n283 p052 -45\n283 p153 -45\n283 p254 -45\n286 p082 -46\n286 p183 -46\n286 p284 -46\n289 p011 -47\n289 p112 -47\n289 p213 -47\n292 p041 -48\n292 p142 -48\n292 p243 -48\n295 p071 -49\n295 p172 -49\n295 p273 -49\n298 p000 -50\n298 p101 -50\n298 p202 -50\n'),
    ],
    difficulty='medium',
    tags=('sorting', 'dictionaries'),
    split='test',
))

PROBLEMS.append(call_problem(
    "fewest_max_volume",
    statement=r"""
A publisher splits a long novel into volumes. The chapters, with the given page counts, must stay
in order; each volume is a contiguous run of whole chapters, and at most `k` volumes may be used.
Write `fewest_max_volume(pages, k)` returning the smallest possible number of pages of the
thickest volume. With no chapters the answer is 0.

Constraints: `1 <= k <= 10**5`, `0 <= len(pages) <= 10**5`, `1 <= pages[i] <= 10**4`. Trying all
ways to split is hopeless; a binary search on the answer with a greedy check runs in
`O(n log(sum))`.

Example: `fewest_max_volume([7, 2, 5, 10, 8], 2)` returns 18 (`[7, 2, 5] [10, 8]`).
""",
    signature='def fewest_max_volume(pages: list[int], k: int) -> int:',
    reference=r'''
def fewest_max_volume(pages: list[int], k: int) -> int:
    if not pages:
        return 0

    def volumes_needed(limit: int) -> int:
        """Fewest volumes when no volume may exceed `limit` pages (greedy packing)."""
        count, current = 1, 0
        for p in pages:
            if current + p > limit:
                count += 1
                current = p
            else:
                current += p
        return count

    lo, hi = max(pages), sum(pages)
    while lo < hi:
        mid = (lo + hi) // 2
        if volumes_needed(mid) <= k:
            hi = mid
        else:
            lo = mid + 1
    return lo
''',
    outline=r"""
function fewest_max_volume(pages, k) -> integer:
    if no chapters: return 0
    binary search the smallest limit L in [max(pages), sum(pages)] such that
        the chapters fit in at most k volumes of at most L pages each
    return that L

function volumes_needed(limit) -> integer:
    greedily fill volumes in order, starting a new volume when the next chapter would overflow
""",
    refinements=[
        r"""
refine feasibility:
    count <- 1; current <- 0
    for each chapter p: if current + p > limit: count <- count + 1; current <- p else current <- current + p
    greedy is optimal: closing a volume later never increases the number of volumes
    feasibility is monotone in limit, which is what makes binary search valid
refine binary search:
    lo <- max(pages) (a chapter cannot be split); hi <- sum(pages) (one volume always works)
    while lo < hi: mid <- (lo + hi) div 2; if feasible(mid): hi <- mid else lo <- mid + 1
""",
    ],
    public=[
        (([7, 2, 5, 10, 8], 2), 18),
        (([], 3), 0),
        (([5], 1), 5),
    ],
    hidden=[
        (([1, 2, 3, 4, 5], 1), 15),
        (([1, 2, 3, 4, 5], 5), 5),
        (([1, 2, 3, 4, 5], 10), 5),
        (([10, 10, 10, 10], 2), 20),
        (([10, 10, 10, 10], 3), 20),
        (([1, 1, 1, 1, 100], 2), 100),
        (([9, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2), 9),
        (([3, 3, 3, 3, 3, 3, 3], 3), 9),
        ((_random_ints(100_000, 1, 10_000, seed=41), 37), 13531724),
        ((_random_ints(50_000, 1, 10_000, seed=42), 2000), 128590),
    ],
    difficulty='hard',
    tags=('sorting', 'binary-search', 'greedy'),
    split='train',
))

PROBLEMS.append(stdio_problem(
    "count_inversions",
    statement=r"""
Measure how unsorted a list is by counting its inversions: pairs of positions `i < j` with
`a[i] > a[j]` (equal values do not form an inversion).

Input: the first line holds `n` (`0 <= n <= 10**5`); the second line holds `n` integers
(between `-10**9` and `10**9`, repeats allowed) separated by spaces, and may be missing when
`n = 0`.

Output: one line with the number of inversions, ending with a newline.

Checking every pair is far too slow for the largest inputs; use an `O(n log n)` method such as
merge sort.

Example: input `4\n3 1 2 3\n` gives `2`.
""",
    reference=r'''
import sys


def sort_and_count(values: list[int]) -> tuple[list[int], int]:
    """Return the sorted values and the number of inversions among them (merge sort)."""
    if len(values) <= 1:
        return values, 0
    mid = len(values) // 2
    left, left_count = sort_and_count(values[:mid])
    right, right_count = sort_and_count(values[mid:])
    merged: list[int] = []
    count = left_count + right_count
    i = j = 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            # right[j] jumps ahead of every element still waiting in `left`.
            count += len(left) - i
            merged.append(right[j])
            j += 1
        else:
            merged.append(left[i])
            i += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged, count


def main() -> None:
    data = sys.stdin.read().split()
    n = int(data[0]) if data else 0
    values = [int(x) for x in data[1:1 + n]]
    print(sort_and_count(values)[1])


main()
''',
    outline=r"""
program count_inversions:
    read n and the values
    sort the values with merge sort, counting inversions along the way:
        inversions = inversions inside the left half + inside the right half + across the halves
    print the count
""",
    refinements=[
        r"""
refine the merge step (left and right are sorted):
    i <- 0; j <- 0
    while both halves have elements:
        if right[j] < left[i] (strictly): every left element from i on is greater than right[j]
            and comes before it: count <- count + (length(left) - i); take right[j]
        else: take left[i]      (ties take the left element, so equal values are not counted)
    append what remains of either half
""",
    ],
    public=[
        ('4\n3 1 2 3\n', '2\n'),
        ('0\n', '0\n'),
        ('3\n1 2 3\n', '0\n'),
    ],
    hidden=[
        ('1\n42\n', '0\n'),
        ('3\n3 2 1\n', '3\n'),
        ('4\n2 2 2 2\n', '0\n'),
        ('5\n-1 -2 -3 -4 -5\n', '10\n'),
        ('6\n1 3 5 2 4 6\n', '3\n'),
        ('2\n1000000000 -1000000000\n', '1\n'),
        ('0\n\n', '0\n'),
        ('7\n4 4 1 1 3 3 2\n', '12\n'),
        (_count_then_values(list(range(100_000, 0, -1))), '4999950000\n'),
        (_count_then_values(_random_ints(50_000, -10**9, 10**9, seed=51)), '624532394\n'),
    ],
    difficulty='hard',
    tags=('sorting', 'divide-and-conquer'),
    split='test',
    timeout_s=6.0,
))

PROBLEMS.append(call_problem(
    "closest_pair_sum",
    statement=r"""
A shopper wants to buy exactly two different items (two different positions of the list, which
may have equal prices) whose total is as close as possible to a budget. Write
`closest_pair_sum(prices, target)` returning the smallest possible value of
`abs(prices[i] + prices[j] - target)` over positions `i != j`. With fewer than two items return
`-1`.

Constraints: `0 <= len(prices) <= 10**5`, prices and `target` between `-10**9` and `10**9`
(prices may be negative, e.g. coupons). Checking all pairs is too slow for the largest inputs.

Example: `closest_pair_sum([4, 9, 1, 15], 12)` returns 1 (`4 + 9 = 13`).
""",
    signature='def closest_pair_sum(prices: list[int], target: int) -> int:',
    reference=r'''
def closest_pair_sum(prices: list[int], target: int) -> int:
    if len(prices) < 2:
        return -1
    values = sorted(prices)
    lo, hi = 0, len(values) - 1
    best = abs(values[lo] + values[hi] - target)
    while lo < hi:
        total = values[lo] + values[hi]
        best = min(best, abs(total - target))
        if total < target:
            lo += 1
        elif total > target:
            hi -= 1
        else:
            return 0
    return best
''',
    outline=r"""
function closest_pair_sum(prices, target) -> integer:
    if fewer than two prices: return -1
    sort the prices
    move two pointers inward from both ends, tracking the best |sum - target|
    return the best
""",
    refinements=[
        r"""
refine two pointers:
    lo <- 0; hi <- n - 1
    while lo < hi (two different positions):
        total <- values[lo] + values[hi]; best <- min(best, |total - target|)
        if total < target: lo <- lo + 1     (only a larger left value can help)
        else if total > target: hi <- hi - 1
        else: return 0
    every pair skipped is provably no better than one already seen, so the scan is O(n) after sorting
""",
    ],
    public=[
        (([4, 9, 1, 15], 12), 1),
        (([], 5), -1),
        (([3], 3), -1),
    ],
    hidden=[
        (([5, 100], 10), 95),
        (([1, 2], 3), 0),
        (([2, 2, 2], 4), 0),
        (([-5, -3, 10, 20], 0), 5),
        (([-10, -20], 100), 130),
        (([1, 1, 1, 1], 0), 2),
        (([1000000000, 1000000000, -1000000000], 2000000000), 0),
        (([7, 3, 8, 1, 12], 14), 1),
        ((_random_ints(100_000, -10**9, 10**9, seed=61), 123456789), 0),
        (([2 * x for x in _random_ints(50_000, 0, 10**6, seed=62)], 1000001), 1),
    ],
    difficulty='medium',
    tags=('sorting', 'two-pointers'),
    split='train',
))
