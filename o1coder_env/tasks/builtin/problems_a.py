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

from o1coder_env.tasks.builtin._schema import call_problem, stdio_problem
from o1coder_env.tasks.model import Task

__all__ = ["PROBLEMS"]


def _random_ints(n: int, lo: int, hi: int, seed: int) -> list[int]:
    """``n`` integers drawn uniformly from ``[lo, hi]`` by ``random.Random(seed)``."""
    return random.Random(seed).choices(range(lo, hi + 1), k=n)


def _random_text(n: int, alphabet: str, seed: int) -> str:
    """``n`` characters drawn uniformly from ``alphabet`` by ``random.Random(seed)``."""
    return "".join(random.Random(seed).choices(alphabet, k=n))


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
        ((_random_text(200_000, "abcdefghijklmnopqrstuvwxyz", seed=6),), (35, 42717)),
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
        ((_random_ints(1000, -50, 50, seed=9),), [-4, -4, -4, 37, 37, 37, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 43, 46, 46, 46, 46, 46, 46, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50]),
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
        (_count_then_values(_random_ints(200_000, -50, 50, seed=11)), '8 83480\n'),
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
        ((_random_ints(200_000, -3, 3, seed=12), 2), 22251863),
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
        ((_random_ints(200_000, -10**9, 10**9, seed=13), 100000), 100000773054171),
    ],
    difficulty='hard',
    tags=('lists', 'sliding-window', 'deque'),
    split='test',
))
