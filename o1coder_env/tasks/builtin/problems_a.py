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

Input: whitespace-separated positive integers `n` (usually one per line), at most 20 of them,
each `1 <= n <= 10**10`. The input may be empty.

Output: for every number, in input order, one line `n s kind`, where `s` is the sum of the proper
divisors of `n` and `kind` is `perfect` if `s == n`, `abundant` if `s > n` and `deficient`
otherwise. Every line ends with a newline; empty input gives empty output.

Trying every candidate divisor up to `n` is far too slow for `n` near `10**10`.

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
        ('8589869056\n', '8589869056 8589869056 perfect\n'),
        ('9999999967\n', '9999999967 1 deficient\n'),
        ('10000000000\n1\n', '10000000000 14987792457 abundant\n1 0 deficient\n'),
        ('496 8128\n', '496 496 perfect\n8128 8128 perfect\n'),
        ("\n".join(str(10**10 - i) for i in range(20)) + "\n", '10000000000 14987792457 abundant\n9999999999 6203253249 deficient\n9999999998 5884242562 deficient\n9999999997 769230783 deficient\n9999999996 16678400004 abundant\n9999999995 2387096965 deficient\n9999999994 5628888806 deficient\n9999999993 3353147815 deficient\n9999999992 8754318808 deficient\n9999999991 592223681 deficient\n9999999990 17615698362 abundant\n9999999989 1431298891 deficient\n9999999988 9248695436 deficient\n9999999987 3380448717 deficient\n9999999986 5245901818 deficient\n9999999985 2226415415 deficient\n9999999984 19102137360 abundant\n9999999983 3190897 deficient\n9999999982 7145741330 deficient\n9999999981 5300697483 deficient\n'),
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
        ((_random_ints(200_000, 1, 40, seed=21), 10), 23),
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
        ((_random_ints(200_000, 0, 50, seed=22), 0), 392150695),
    ],
    difficulty='medium',
    tags=('dictionaries', 'counting'),
    split='train',
))
