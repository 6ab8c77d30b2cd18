"""Standard input/output families: numbers, name/score records, and words.

A stdio level's ``reference`` is a function ``solve(data: str) -> str`` from the whole input to
the whole output; the task's reference program wraps it (read stdin, write what it returns), and
expected outputs are ``solve(stdin)``.
"""

from __future__ import annotations

import random

from o1coder_env.tasks.model import TaskStyle
from o1coder_env.tasks.procedural._draw import fast_ints, fast_text, int_list, word, words
from o1coder_env.tasks.procedural.family import Family, Level, Params

__all__ = ["FAMILIES"]

_READ = "Read from standard input and write to standard output."


def _numbers_input(values: list[int]) -> str:
    return f"{len(values)}\n{' '.join(map(str, values))}\n"


STDIO_NUMBERS = Family(
    name="stdio_numbers",
    style=TaskStyle.STDIO,
    topic="stdin/stdout: integers",
    tags=("stdio", "math"),
    levels=(
        Level(
            summary="read one integer, print it plus or times k",
            # Level 1 says how to read the input and to print the number alone: SmolLM2 read
            # "print n plus 3" as `print(f"n + 3 = {n + 3}")`, or wrote a function called on a
            # hard-coded number instead of reading standard input.
            phrasings=(
                "Read one integer n from standard input (n = int(input())) and print only the "
                "number n $opword $k.",
                "The input is a single integer. Print that integer $opword $k, and nothing else.",
                "A program reads an integer n with int(input()) and prints only the value of "
                "n $sym $k.",
            ),
            params=lambda rng: rng.choice([{"opword": "plus", "sym": "+"},
                                           {"opword": "times", "sym": "*"}])
            | {"k": rng.randint(2, 9)},
            reference=("def solve(data: str) -> str:\n"
                       "    n = int(data)\n    return f\"{n $sym $k}\\n\"\n"),
            outline="program:\n    n <- read an integer\n    print n $sym $k",
            refinements=("int() ignores the trailing newline of the input",),
            draw=lambda rng, p: f"{rng.randint(-100, 1000)}\n",
            edges=lambda p: ["0\n"],
        ),
        Level(
            summary="read two integers on one line, print the larger (or smaller)",
            phrasings=(
                "The input is one line with two integers a and b separated by a space. Print "
                "the $which of the two.",
                "Read two space-separated integers from one line and print the $which one.",
            ),
            params=lambda rng: rng.choice([{"which": "larger", "fn": "max"},
                                           {"which": "smaller", "fn": "min"}]),
            reference=("def solve(data: str) -> str:\n    a, b = map(int, data.split())\n"
                       "    return f\"{$fn(a, b)}\\n\"\n"),
            outline="program:\n    read a and b\n    print $fn(a, b)",
            refinements=("data.split() handles the spaces and the newline",),
            draw=lambda rng, p: f"{rng.randint(-50, 50)} {rng.randint(-50, 50)}\n",
            edges=lambda p: ["7 7\n"],
        ),
        Level(
            summary="n, then n integers: sum of those above t",
            phrasings=(
                "The first line holds n, the second line n integers separated by spaces. "
                "Print the sum of the integers that are greater than $t (0 if there are none).",
                "Input: a count n on the first line and n space-separated integers on the "
                "second (empty when n is 0). Output the total of the values strictly larger "
                "than $t.",
            ),
            params=lambda rng: {"t": rng.randint(0, 20)},
            reference=("def solve(data: str) -> str:\n    tokens = data.split()\n"
                       "    n = int(tokens[0])\n    values = [int(t) for t in tokens[1:n + 1]]\n"
                       "    return f\"{sum(v for v in values if v > $t)}\\n\"\n"),
            outline=("program:\n    read n and the n values\n    print the sum of the values > "
                     "$t"),
            refinements=("split the whole input into tokens; the first is n",),
            draw=lambda rng, p: _numbers_input(int_list(rng, 1, 8, -10, 40)),
            edges=lambda p: ["0\n\n", f"1\n{p['t']}\n"],
        ),
        Level(
            summary="print the distinct values sorted, with their count",
            phrasings=(
                "The first line holds n, the second n integers. Print the number of distinct "
                "values on the first output line and the distinct values in increasing order, "
                "separated by single spaces, on the second.",
                "Read n and then n integers. Output two lines: how many different values there "
                "are, then those values sorted ascending and joined by spaces (an empty line "
                "when n is 0).",
            ),
            reference=("def solve(data: str) -> str:\n    tokens = data.split()\n"
                       "    n = int(tokens[0])\n    values = sorted(set(int(t) for t in "
                       "tokens[1:n + 1]))\n"
                       "    return f\"{len(values)}\\n{' '.join(map(str, values))}\\n\"\n"),
            outline=("program:\n    read the n values\n    distinct <- sorted set of them\n"
                     "    print len(distinct), then the values"),
            refinements=("sorted(set(...)) removes repeats and orders them",),
            draw=lambda rng, p: _numbers_input(int_list(rng, 1, 10, -5, 12)),
            edges=lambda p: ["0\n\n", "3\n5 5 5\n"],
        ),
        Level(
            summary="range-count queries, n = q = 12000 (sort + binary search)",
            phrasings=(
                "Line 1: n. Line 2: n integers. Line 3: q. Then q lines, each with two integers "
                "lo and hi. For each query print, on its own line, how many of the n integers "
                "x satisfy lo <= x <= hi. n and q reach 12000, so scanning the list for every "
                "query is too slow.",
                "Read n numbers and then q queries \"lo hi\" (format: n, the numbers, q, one "
                "query per line). Answer each query with the count of numbers in [lo, hi], one "
                "answer per line. With up to 12000 numbers and 12000 queries you need sorting "
                "and binary search.",
            ),
            reference=("from bisect import bisect_left, bisect_right\n\n\n"
                       "def solve(data: str) -> str:\n    tokens = data.split()\n"
                       "    n = int(tokens[0])\n    values = sorted(int(t) for t in "
                       "tokens[1:n + 1])\n    q = int(tokens[n + 1])\n    out = []\n"
                       "    for i in range(q):\n"
                       "        lo, hi = int(tokens[n + 2 + 2 * i]), int(tokens[n + 3 + 2 * i])\n"
                       "        out.append(str(bisect_right(values, hi) - bisect_left(values, lo)"
                       "))\n    return \"\\n\".join(out) + \"\\n\"\n"),
            outline=("program:\n    read and sort the numbers\n    for each query: count = "
                     "(index after the last <= hi) - (index of the first >= lo)"),
            refinements=("bisect_right(values, hi) - bisect_left(values, lo) counts the values "
                         "in [lo, hi] (queries have lo <= hi; 0 when none is inside)",),
            draw=lambda rng, p: _queries(rng, int_list(rng, 1, 8, 0, 30), rng.randint(1, 4), 30),
            edges=lambda p: ["1\n5\n2\n5 5\n6 9\n"],
            large=lambda rng, p: _queries(rng, fast_ints(rng, 12000, 0, 10**6), 12000,
                                          10**6),
            timeout_s=4.0,
        ),
    ),
)


def _queries(rng: random.Random, values: list[int], q: int, top: int) -> str:
    lines = [str(len(values)), " ".join(map(str, values)), str(q)]
    los = fast_ints(rng, q, 0, top)
    widths = fast_ints(rng, q, 0, top)
    lines += [f"{lo} {min(top, lo + w)}" for lo, w in zip(los, widths, strict=True)]
    return "\n".join(lines) + "\n"


def _chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


def _record_lines(rng: random.Random, lo: int, hi: int, pool: int) -> str:
    names = [word(rng, 3, 6) for _ in range(pool)]
    return "".join(f"{rng.choice(names)} {rng.randint(0, 99)}\n"
                   for _ in range(rng.randint(lo, hi)))


STDIO_RECORDS = Family(
    name="stdio_records",
    style=TaskStyle.STDIO,
    topic="stdin/stdout: name and score records",
    tags=("stdio", "records"),
    levels=(
        Level(
            summary="count the lines",
            # Level 1 names the call that reads every line and asks for the count alone (see
            # stdio_numbers level 1).
            phrasings=(
                "Each line of the input is a record \"name score\". Print only the number of "
                "records (lines).",
                "Read lines of the form \"name score\" until the end of the input (for "
                "example with sys.stdin.read().splitlines()) and print only how many lines "
                "there were.",
                "Print len(lines) and nothing else, where lines = sys.stdin.read().splitlines() "
                "are the lines of the input (each one a \"name score\" record).",
            ),
            reference="def solve(data: str) -> str:\n    return f\"{len(data.splitlines())}\\n\"\n",
            outline="program:\n    print the number of input lines",
            refinements=("splitlines() does not count a final empty line",),
            draw=lambda rng, p: _record_lines(rng, 1, 6, 4),
            edges=lambda p: ["solo 1\n"],
        ),
        Level(
            summary="sum of the scores",
            phrasings=(
                "Each input line is \"name score\" with an integer score. Print the sum of all "
                "scores.",
                "Read records \"name score\", one per line, and output the total of the "
                "scores.",
            ),
            reference=("def solve(data: str) -> str:\n"
                       "    total = sum(int(line.split()[1]) for line in data.splitlines() "
                       "if line.strip())\n    return f\"{total}\\n\"\n"),
            outline="program:\n    total <- 0\n    for each line: add its second field\n"
                    "    print total",
            refinements=("line.split()[1] is the score; int() converts it",),
            draw=lambda rng, p: _record_lines(rng, 1, 6, 4),
            edges=lambda p: ["a 0\n"],
        ),
        Level(
            summary="name with the highest (or lowest) score, first on ties",
            phrasings=(
                "Each input line is \"name score\". Print the name on the line with the "
                "$which score; if several lines tie, print the name from the earliest of them.",
                "Read \"name score\" records and output the name whose score is the $which; "
                "ties go to the record that comes first.",
            ),
            params=lambda rng: rng.choice([{"which": "highest", "cmp": ">"},
                                           {"which": "lowest", "cmp": "<"}]),
            reference=("def solve(data: str) -> str:\n    best_name, best = None, None\n"
                       "    for line in data.splitlines():\n        if not line.strip():\n"
                       "            continue\n        name, score = line.split()\n"
                       "        if best is None or int(score) $cmp best:\n"
                       "            best_name, best = name, int(score)\n"
                       "    return f\"{best_name}\\n\"\n"),
            outline=("program:\n    scan the records keeping the best so far\n    replace it "
                     "only on a strictly $which score\n    print its name"),
            refinements=("strict comparison ($cmp) keeps the first record on ties",),
            draw=lambda rng, p: _record_lines(rng, 2, 7, 5),
            edges=lambda p: ["zed 5\namy 5\n"],
        ),
        Level(
            summary="total per name, sorted by name",
            phrasings=(
                "Each input line is \"name score\"; a name may appear on several lines. For "
                "every name print \"name total\" (the sum of its scores), one per line, in "
                "alphabetical order of the names.",
                "Read \"name score\" lines and add up the scores of each name. Output one line "
                "\"name total\" per distinct name, sorted by name.",
            ),
            reference=("def solve(data: str) -> str:\n    totals: dict[str, int] = {}\n"
                       "    for line in data.splitlines():\n        if not line.strip():\n"
                       "            continue\n        name, score = line.split()\n"
                       "        totals[name] = totals.get(name, 0) + int(score)\n"
                       "    return \"\".join(f\"{name} {totals[name]}\\n\" for name in "
                       "sorted(totals))\n"),
            outline=("program:\n    totals <- map name -> sum of scores\n    print the names "
                     "sorted with their totals"),
            refinements=("a dict with .get(name, 0) accumulates; sorted(totals) orders the "
                         "names",),
            draw=lambda rng, p: _record_lines(rng, 2, 8, 3),
            edges=lambda p: ["b 1\na 2\nb 3\n"],
        ),
        Level(
            summary="for each record, earlier records with a lower score (n = 12000)",
            phrasings=(
                "Each input line is \"name score\". For every line, in order, print how many "
                "earlier lines have a strictly smaller score. The input has up to 12000 lines, "
                "so comparing with every earlier line is too slow.",
                "Read up to 12000 \"name score\" records. Output one number per record: the "
                "count of previous records whose score is lower than this one's. Use a sorted "
                "structure with binary search (or a Fenwick tree), not a quadratic scan.",
            ),
            reference=("from bisect import bisect_left, insort\n\n\n"
                       "def solve(data: str) -> str:\n    seen: list[int] = []\n    out = []\n"
                       "    for line in data.splitlines():\n        if not line.strip():\n"
                       "            continue\n        score = int(line.split()[1])\n"
                       "        out.append(str(bisect_left(seen, score)))\n"
                       "        insort(seen, score)\n    return \"\\n\".join(out) + \"\\n\"\n"),
            outline=("program:\n    keep the earlier scores sorted\n    for each record: its "
                     "answer is the number of earlier scores < its score (binary search)\n"
                     "    then insert its score"),
            refinements=("bisect_left counts the scores strictly below; insort keeps the list "
                         "sorted",),
            draw=lambda rng, p: _record_lines(rng, 2, 8, 4),
            edges=lambda p: ["a 5\nb 5\nc 6\n"],
            large=lambda rng, p: "".join(f"p{i} {12000 - i}\n" for i in range(12000)),
            timeout_s=4.0,
        ),
    ),
)


def _line(rng: random.Random, p: Params) -> str:
    return " ".join(words(rng, 1, 6, pool=5)) + "\n"


STDIO_WORDS = Family(
    name="stdio_words",
    style=TaskStyle.STDIO,
    topic="stdin/stdout: words and lines",
    tags=("stdio", "strings"),
    levels=(
        Level(
            summary="one line, transformed (upper case or reversed)",
            # Level 1 names the call that reads the line and asks for that line alone (see
            # stdio_numbers level 1).
            phrasings=(
                "Read one line of text with input() and print only that line $what.",
                "The input is a single line. Output the same line $what, and nothing else.",
                "Read the single input line with line = input() and print $expr (the line "
                "$what), nothing else.",
            ),
            params=lambda rng: rng.choice([{"what": "in upper case", "expr": "line.upper()"},
                                           {"what": "reversed", "expr": "line[::-1]"}]),
            reference=("def solve(data: str) -> str:\n    line = data.rstrip(\"\\n\")\n"
                       "    return $expr + \"\\n\"\n"),
            outline="program:\n    line <- the input without its newline\n    print $expr",
            refinements=("strip only the trailing newline before transforming",),
            draw=_line,
            edges=lambda p: ["x\n"],
        ),
        Level(
            summary="count the words",
            phrasings=(
                "Read one line of words separated by spaces and print how many words it has.",
                "The input is a line of space-separated words. Print the number of words.",
            ),
            reference="def solve(data: str) -> str:\n    return f\"{len(data.split())}\\n\"\n",
            outline="program:\n    print the number of whitespace-separated words",
            refinements=("split() without arguments ignores repeated spaces",),
            draw=_line,
            edges=lambda p: ["\n", "one\n"],
        ),
        Level(
            summary="most frequent word (alphabetically first on ties)",
            phrasings=(
                "Read one line of lowercase words separated by spaces and print the word that "
                "occurs most often; on a tie print the alphabetically smallest of the tied "
                "words.",
                "The input is a line of words. Output its most common word, breaking ties by "
                "alphabetical order.",
            ),
            reference=("def solve(data: str) -> str:\n    counts: dict[str, int] = {}\n"
                       "    for w in data.split():\n        counts[w] = counts.get(w, 0) + 1\n"
                       "    best = max(counts.values())\n"
                       "    return min(w for w, c in counts.items() if c == best) + \"\\n\"\n"),
            outline=("program:\n    count the words\n    print the smallest word among those "
                     "with the top count"),
            refinements=("min() over strings is alphabetical order",),
            draw=_line,
            edges=lambda p: ["b a\n"],
        ),
        Level(
            summary="word counts sorted by count (desc) then word",
            phrasings=(
                "The input has several lines of lowercase words. Print every distinct word "
                "with its number of occurrences as \"word count\", one per line, most frequent "
                "first; equal counts are ordered alphabetically.",
                "Count the words of the whole input (any number of lines) and output \"word "
                "count\" lines sorted by decreasing count, ties in alphabetical order.",
            ),
            reference=("def solve(data: str) -> str:\n    counts: dict[str, int] = {}\n"
                       "    for w in data.split():\n        counts[w] = counts.get(w, 0) + 1\n"
                       "    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))\n"
                       "    return \"\".join(f\"{w} {c}\\n\" for w, c in ordered)\n"),
            outline=("program:\n    count every word of the input\n    sort by (-count, word)\n"
                     "    print \"word count\" lines"),
            refinements=("data.split() takes the words of all lines at once",),
            draw=lambda rng, p: _line(rng, p) + _line(rng, p),
            edges=lambda p: ["b a\na b\n"],
        ),
        Level(
            summary="words that have an anagram in the input, n = 20000 (hashing)",
            phrasings=(
                "The input is up to 20000 lowercase words, one per line. Print how many of the "
                "lines hold a word that is an anagram of the word on some other line (same "
                "letters in any order; identical words count as anagrams). Comparing every pair "
                "of words is too slow.",
                "Read words (one per line, up to 20000). Output the number of lines whose word "
                "shares its multiset of letters with at least one other line's word. Group the "
                "words by a canonical key instead of comparing all pairs.",
            ),
            reference=("def solve(data: str) -> str:\n    keys = [\"\".join(sorted(w)) for w in "
                       "data.split()]\n    counts: dict[str, int] = {}\n    for k in keys:\n"
                       "        counts[k] = counts.get(k, 0) + 1\n"
                       "    return f\"{sum(1 for k in keys if counts[k] > 1)}\\n\"\n"),
            outline=("program:\n    key of a word <- its letters sorted\n    count the words per "
                     "key\n    print the number of words whose key occurs more than once"),
            refinements=("\"\".join(sorted(w)) is the same for all anagrams; one pass to count, "
                         "one to sum",),
            draw=lambda rng, p: "\n".join(word(rng, 2, 4, "abcd")
                                          for _ in range(rng.randint(2, 8))) + "\n",
            edges=lambda p: ["ab\nba\n", "ab\ncd\n"],
            large=lambda rng, p: "\n".join(_chunks(fast_text(rng, 6 * 20000, "abcdef"), 6)) + "\n",
            timeout_s=4.0,
        ),
    ),
)


FAMILIES = (STDIO_NUMBERS, STDIO_RECORDS, STDIO_WORDS)
