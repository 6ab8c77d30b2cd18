"""Families on integers: arithmetic transforms, digits, bits, calendar arithmetic, small DP."""

from __future__ import annotations

import random

from o1coder_env.tasks.model import TaskStyle
from o1coder_env.tasks.procedural._draw import fast_ints
from o1coder_env.tasks.procedural.family import Family, Level, Params

__all__ = ["FAMILIES"]

_OPS = (("plus", "+"), ("minus", "-"), ("times", "*"))


def _op(rng: random.Random) -> Params:
    word, sym = rng.choice(_OPS)
    return {"opword": word, "sym": sym, "k": rng.randint(2, 9)}


def _x(rng: random.Random, p: Params) -> tuple[int]:
    return (rng.randint(-60, 120),)


ARITH = Family(
    name="arith",
    style=TaskStyle.CALL,
    topic="arithmetic transforms of one integer",
    tags=("math",),
    levels=(
        Level(
            summary="one operation: x + k, x - k or x * k",
            phrasings=(
                "Write a function `$name(x)` that returns x $opword $k.",
                "Given an integer x, return x $sym $k. Name the function `$name`.",
                "The function `$name(x)` takes an integer x. Return the value of x $opword $k.",
            ),
            names=("transform", "apply_op", "compute", "step_value"),
            signature="def $name(x: int) -> int:",
            params=_op,
            reference="def $name(x: int) -> int:\n    return x $sym $k\n",
            outline="function $name(x):\n    return x $sym $k",
            refinements=("compute x $sym $k with integer arithmetic and return it",),
            draw=_x,
            edges=lambda p: [(0,)],
        ),
        Level(
            summary="two operations: a * x + b",
            phrasings=(
                "Write a function `$name(x)` that returns $a times x, plus $b.",
                "Given an integer x, return $a * x + $b. Name the function `$name`.",
                "`$name(x)` multiplies the integer x by $a and then adds $b. Return the result.",
            ),
            names=("linear", "affine", "scale_shift", "transform"),
            signature="def $name(x: int) -> int:",
            params=lambda rng: {"a": rng.randint(2, 9), "b": rng.choice([-7, -3, 1, 4, 5, 8])},
            reference="def $name(x: int) -> int:\n    return $a * x + $b\n",
            outline="function $name(x):\n    multiply x by $a\n    add $b\n    return it",
            refinements=("return $a * x + $b (multiplication first, then the addition)",),
            draw=_x,
            edges=lambda p: [(0,)],
        ),
        Level(
            summary="a condition: divisible by d or not",
            phrasings=(
                "Write `$name(x)`: if the integer x is divisible by $d, return x // $d; "
                "otherwise return x * $a + $b.",
                "Given an integer x, return x divided by $d when $d divides x exactly, and "
                "$a * x + $b when it does not. Name the function `$name`.",
            ),
            names=("next_value", "rule_step", "collatz_like", "advance"),
            signature="def $name(x: int) -> int:",
            params=lambda rng: {"d": rng.randint(2, 5), "a": rng.randint(2, 5),
                                "b": rng.randint(1, 9)},
            reference=("def $name(x: int) -> int:\n    if x % $d == 0:\n        return x // $d\n"
                       "    return x * $a + $b\n"),
            outline=("function $name(x):\n    if x is divisible by $d: return x / $d\n"
                     "    else: return x * $a + $b"),
            refinements=("test divisibility with x % $d == 0 (true for 0 and negatives too);\n"
                         "use integer division x // $d, which is exact here",),
            draw=_x,
            edges=lambda p: [(0,), (p["d"],), (-p["d"],), (1,)],
        ),
        Level(
            summary="a loop with a condition: count multiples of a or b up to n",
            phrasings=(
                "Write `$name(n)` that returns how many integers i with 1 <= i <= n are "
                "divisible by $a or by $b (or both). n is between 0 and 10000.",
                "Count the integers from 1 to n (inclusive) that are multiples of $a or of $b. "
                "Name the function `$name(n)`; 0 <= n <= 10000.",
            ),
            names=("count_multiples", "multiples_up_to", "count_hits"),
            signature="def $name(n: int) -> int:",
            params=lambda rng: {"a": rng.randint(2, 7), "b": rng.randint(8, 15)},
            reference=("def $name(n: int) -> int:\n    count = 0\n    for i in range(1, n + 1):\n"
                       "        if i % $a == 0 or i % $b == 0:\n            count += 1\n"
                       "    return count\n"),
            outline=("function $name(n):\n    count <- 0\n    for i from 1 to n:\n"
                     "        if $a divides i or $b divides i: count <- count + 1\n"
                     "    return count"),
            refinements=("loop i over range(1, n + 1); one test i % $a == 0 or i % $b == 0 counts "
                         "a number divisible by both only once; n = 0 gives 0",),
            draw=lambda rng, p: (rng.randint(1, 10000),),
            edges=lambda p: [(0,), (1,), (p["a"],), (p["b"],)],
        ),
        Level(
            summary="inclusion-exclusion with lcm for n up to 10**18 (no loop fits)",
            phrasings=(
                "Write `$name(n, a, b)` that returns how many integers i with 1 <= i <= n are "
                "divisible by a or by b. 0 <= n <= 10**18 and 1 <= a, b <= 10**6, so a loop "
                "over 1..n is far too slow.",
                "Count the multiples of a or of b (or both) among 1, 2, ..., n. Name the "
                "function `$name(n, a, b)`. Constraints: n up to 10**18, a and b up to "
                "10**6; the answer must come without iterating to n.",
            ),
            names=("count_multiples", "multiples_up_to", "count_divisible"),
            signature="def $name(n: int, a: int, b: int) -> int:",
            reference=("from math import gcd\n\n\ndef $name(n: int, a: int, b: int) -> int:\n"
                       "    lcm = a // gcd(a, b) * b\n    return n // a + n // b - n // lcm\n"),
            outline=("function $name(n, a, b):\n    multiples of a: n // a; of b: n // b\n"
                     "    numbers divisible by both were counted twice: they are the multiples "
                     "of lcm(a, b)\n    return n // a + n // b - n // lcm(a, b)"),
            refinements=("lcm(a, b) = a // gcd(a, b) * b (math.gcd; dividing first keeps numbers "
                         "small); a == b gives lcm = a, so the result is n // a",),
            draw=lambda rng, p: (rng.randint(1, 10**18), rng.randint(1, 10**6),
                                 rng.randint(1, 10**6)),
            edges=lambda p: [(0, 3, 5), (10, 2, 2), (1, 1, 1), (30, 6, 10)],
            timeout_s=2.0,
        ),
    ),
)


DIGITS = Family(
    name="digits",
    style=TaskStyle.CALL,
    topic="decimal digits of integers",
    tags=("math",),
    levels=(
        Level(
            summary="last digit",
            phrasings=(
                "Write a function `$name(n)` that returns the last digit of the non-negative "
                "integer n.",
                "Given a non-negative integer n, return its last decimal digit (n % 10). "
                "Name the function `$name`.",
                "Return the ones digit of the non-negative integer n. Function: `$name(n)`.",
            ),
            names=("last_digit", "ones_digit", "final_digit"),
            signature="def $name(n: int) -> int:",
            reference="def $name(n: int) -> int:\n    return n % 10\n",
            outline="function $name(n):\n    return n mod 10",
            refinements=("n is non-negative, so n % 10 is its last digit",),
            draw=lambda rng, p: (rng.randint(0, 10**rng.randint(1, 9)),),
            edges=lambda p: [(0,), (10,)],
        ),
        Level(
            summary="sum of digits",
            phrasings=(
                "Write `$name(n)` that returns the sum of the decimal digits of the "
                "non-negative integer n.",
                "Given a non-negative integer n, add up its digits and return the total. Name "
                "the function `$name`.",
            ),
            names=("digit_sum", "sum_digits", "add_digits"),
            signature="def $name(n: int) -> int:",
            reference="def $name(n: int) -> int:\n    return sum(int(c) for c in str(n))\n",
            outline="function $name(n):\n    total <- 0\n    for each digit of n: total += digit\n"
                    "    return total",
            refinements=("the digits are the characters of str(n); int(c) turns each into a "
                         "number; n = 0 has the single digit 0",),
            draw=lambda rng, p: (rng.randint(0, 10**rng.randint(1, 12)),),
            edges=lambda p: [(0,), (9,), (10,)],
        ),
        Level(
            summary="reverse the digits (leading zeros vanish), keep the sign",
            phrasings=(
                "Write `$name(n)` that returns the integer whose digits are those of n in "
                "reverse order. Leading zeros of the result disappear (120 -> 21) and a "
                "negative n gives a negative result (-12 -> -21).",
                "Reverse the decimal digits of the integer n and return the result as an "
                "integer, keeping the sign of n; zeros that end up in front are dropped. Name "
                "the function `$name`.",
            ),
            names=("reverse_digits", "mirror_number", "flip_digits"),
            signature="def $name(n: int) -> int:",
            reference=("def $name(n: int) -> int:\n    sign = -1 if n < 0 else 1\n"
                       "    return sign * int(str(abs(n))[::-1])\n"),
            outline=("function $name(n):\n    sign <- -1 if n < 0 else 1\n"
                     "    digits <- decimal digits of |n| reversed\n"
                     "    return sign * (digits read as an integer)"),
            refinements=("str(abs(n))[::-1] reverses the digits; int() drops leading zeros; "
                         "multiply by the sign at the end",),
            draw=lambda rng, p: (rng.randint(-10**6, 10**9),),
            edges=lambda p: [(0,), (-7,), (1200,), (-100,)],
        ),
        Level(
            summary="count numbers in a range whose digit sum is divisible by k",
            phrasings=(
                "Write `$name(lo, hi)` that counts the integers x with lo <= x <= hi whose "
                "digit sum is divisible by $k. 0 <= lo, hi <= 10**5; if lo > hi the answer is "
                "0.",
                "How many integers between lo and hi (inclusive) have a sum of decimal digits "
                "that is a multiple of $k? Return it from `$name(lo, hi)`; an empty range "
                "(lo > hi) gives 0. 0 <= lo, hi <= 10**5.",
            ),
            names=("count_digit_sums", "lucky_count", "count_in_range"),
            signature="def $name(lo: int, hi: int) -> int:",
            params=lambda rng: {"k": rng.randint(3, 9)},
            reference=("def $name(lo: int, hi: int) -> int:\n    count = 0\n"
                       "    for x in range(lo, hi + 1):\n"
                       "        if sum(int(c) for c in str(x)) % $k == 0:\n            count += 1\n"
                       "    return count\n"),
            outline=("function $name(lo, hi):\n    count <- 0\n    for x from lo to hi:\n"
                     "        if digit_sum(x) is divisible by $k: count += 1\n    return count"),
            refinements=("range(lo, hi + 1) is empty when lo > hi, so the count is 0; 0 has "
                         "digit sum 0, which is divisible by $k",),
            draw=lambda rng, p: (lambda a: (a, a + rng.randint(0, 3000)))(rng.randint(0, 90000)),
            edges=lambda p: [(0, 0), (5, 4), (1, 9), (10, 10)],
        ),
        Level(
            summary="digit DP: count x <= n with digit sum s, n up to 10**18",
            phrasings=(
                "Write `$name(n, s)` that counts the integers x with 1 <= x <= n whose decimal "
                "digits add up to exactly s. n can be as large as 10**18 (too many numbers to "
                "try one by one); 1 <= s <= 200.",
                "Return how many of the numbers 1..n have digit sum equal to s. Name the "
                "function `$name(n, s)`; n <= 10**18 and 1 <= s <= 200, so enumerating the "
                "numbers is too slow.",
            ),
            names=("count_digit_sum", "digit_sum_count", "count_with_sum"),
            signature="def $name(n: int, s: int) -> int:",
            reference=("from functools import lru_cache\n\n\ndef $name(n: int, s: int) -> int:\n"
                       "    digits = [int(c) for c in str(n)]\n\n"
                       "    @lru_cache(maxsize=None)\n"
                       "    def count(pos: int, remaining: int, tight: bool) -> int:\n"
                       "        if remaining < 0:\n            return 0\n"
                       "        if pos == len(digits):\n"
                       "            return 1 if remaining == 0 else 0\n"
                       "        top = digits[pos] if tight else 9\n"
                       "        return sum(count(pos + 1, remaining - d, tight and d == top)\n"
                       "                   for d in range(top + 1))\n\n"
                       "    return count(0, s, True)\n"),
            outline=("function $name(n, s):\n    walk the digits of n from the most significant\n"
                     "    state: position, digit sum still needed, whether the prefix equals n's\n"
                     "    count completions whose digits add up to s; memoise the states"),
            refinements=("count(pos, remaining, tight): at each position try digits 0..top "
                         "where top = n's digit if tight else 9; tight stays only for d == top; "
                         "at the end succeed iff remaining == 0; s >= 1 so x = 0 never counts",),
            draw=lambda rng, p: (rng.randint(1, 10**rng.randint(2, 18)), rng.randint(1, 60)),
            edges=lambda p: [(1, 1), (9, 10), (10, 1), (10**18, 200)],
            timeout_s=3.0,
        ),
    ),
)


def _date(rng: random.Random, top: int) -> tuple[int, int, int]:
    y = rng.randint(1, top)
    m = rng.randint(1, 12)
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return (y, m, rng.randint(1, days))


_MONTHS = "[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]"

CALENDAR = Family(
    name="calendar",
    style=TaskStyle.CALL,
    topic="clock and calendar arithmetic without datetime",
    tags=("math", "calendar"),
    levels=(
        Level(
            summary="minutes to whole hours",
            phrasings=(
                "Write a function `$name(minutes)` that returns how many whole hours are in "
                "the given non-negative number of minutes.",
                "Given a non-negative number of minutes, return the number of complete hours "
                "(minutes // 60). Name the function `$name`.",
            ),
            names=("whole_hours", "to_hours", "hours_in"),
            signature="def $name(minutes: int) -> int:",
            reference="def $name(minutes: int) -> int:\n    return minutes // 60\n",
            outline="function $name(minutes):\n    return minutes // 60",
            refinements=("integer division by 60 drops the leftover minutes",),
            draw=lambda rng, p: (rng.randint(0, 5000),),
            edges=lambda p: [(0,), (59,), (60,)],
        ),
        Level(
            summary="hours and minutes to minutes since midnight",
            phrasings=(
                "Write `$name(h, m)` that returns how many minutes after midnight the time "
                "h:m is (0 <= h < 24, 0 <= m < 60).",
                "A clock shows h hours and m minutes. Return the total number of minutes since "
                "00:00. Name the function `$name(h, m)`.",
            ),
            names=("minutes_since_midnight", "to_minutes", "clock_minutes"),
            signature="def $name(h: int, m: int) -> int:",
            reference="def $name(h: int, m: int) -> int:\n    return h * 60 + m\n",
            outline="function $name(h, m):\n    return h * 60 + m",
            refinements=("each hour is 60 minutes; add the minutes",),
            draw=lambda rng, p: (rng.randint(0, 23), rng.randint(0, 59)),
            edges=lambda p: [(0, 0), (23, 59)],
        ),
        Level(
            summary="add minutes to an HH:MM clock, wrapping at midnight",
            phrasings=(
                "Write `$name(time, minutes)`: `time` is a 24-hour clock string \"HH:MM\" and "
                "`minutes` a non-negative integer. Return the clock time `minutes` later, as "
                "\"HH:MM\" with two digits each (it wraps past midnight).",
                "Given a time \"HH:MM\" (24-hour) and a number of minutes to add (>= 0), "
                "return the new time in the same \"HH:MM\" format, wrapping around after "
                "23:59. Name the function `$name(time, minutes)`.",
            ),
            names=("add_minutes", "clock_after", "later_time"),
            signature="def $name(time: str, minutes: int) -> str:",
            reference=("def $name(time: str, minutes: int) -> str:\n"
                       "    h, m = map(int, time.split(\":\"))\n"
                       "    total = (h * 60 + m + minutes) % (24 * 60)\n"
                       "    return f\"{total // 60:02d}:{total % 60:02d}\"\n"),
            outline=("function $name(time, minutes):\n    convert time to minutes since midnight\n"
                     "    add minutes, wrap modulo 1440\n    format back as HH:MM"),
            refinements=("split on ':' and int() both parts; total % 1440 wraps any number of "
                         "days; format with :02d for the leading zeros",),
            draw=lambda rng, p: (f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                                 rng.randint(0, 4000)),
            edges=lambda p: [("23:59", 1), ("00:00", 0), ("12:30", 1440)],
        ),
        Level(
            summary="day of the year from month and day (with a leap flag)",
            phrasings=(
                "Write `$name(month, day, leap)` that returns the day of the year (1-366) of "
                "the date month/day. Month lengths are $months; in a leap year "
                "(leap is True) February has 29 days.",
                "Return which day of the year (January 1st is 1) the date `day` of month "
                "`month` is. `leap` tells whether February has 29 days instead of 28. Name the "
                "function `$name(month, day, leap)`.",
            ),
            names=("day_of_year", "ordinal_day", "year_day"),
            signature="def $name(month: int, day: int, leap: bool) -> int:",
            params=lambda rng: {"months": _MONTHS},
            reference=("def $name(month: int, day: int, leap: bool) -> int:\n"
                       "    lengths = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, "
                       "30, 31]\n    return sum(lengths[:month - 1]) + day\n"),
            outline=("function $name(month, day, leap):\n    lengths of the 12 months, February "
                     "29 when leap\n    return (sum of the lengths of the months before month)"
                     " + day"),
            refinements=("lengths[:month - 1] are the earlier months (empty for January)",),
            draw=lambda rng, p: (lambda d: (d[1], d[2], rng.random() < 0.5))(_date(rng, 2000)),
            edges=lambda p: [(1, 1, False), (12, 31, True), (3, 1, True), (3, 1, False)],
        ),
        Level(
            summary="days between two Gregorian dates, years up to 10**9 (closed form)",
            phrasings=(
                "Write `$name(a, b)` that returns the number of days from date a to date b "
                "(negative if b is earlier). Dates are tuples (year, month, day) in the "
                "proleptic Gregorian calendar (leap years: divisible by 4, except centuries "
                "not divisible by 400). Years go from 1 to 10**9, so counting day by day is "
                "too slow, and the datetime module cannot represent such years.",
                "Given two dates as (year, month, day) tuples with 1 <= year <= 10**9, return "
                "b minus a in days under the Gregorian leap-year rule. Name the function "
                "`$name(a, b)`. You need a formula: stepping one day or one year at a time is "
                "too slow, and datetime stops at year 9999.",
            ),
            names=("days_between", "date_diff", "day_distance"),
            signature="def $name(a: tuple, b: tuple) -> int:",
            reference=("def _days(y: int, m: int, d: int) -> int:\n    y -= m <= 2\n"
                       "    era = y // 400\n    yoe = y - era * 400\n"
                       "    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1\n"
                       "    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy\n\n\n"
                       "def $name(a: tuple, b: tuple) -> int:\n    return _days(*b) - _days(*a)\n"),
            outline=("function $name(a, b):\n    map each date to a day number counted from a "
                     "fixed origin\n    return number(b) - number(a)"),
            refinements=("count from March so the leap day is last: shift y back by one for "
                         "January and February; whole 400-year eras have 146097 days; within "
                         "an era add 365 per year plus leap days yoe//4 - yoe//100; the day "
                         "within the March-based year is (153 * month' + 2) // 5 + d - 1",),
            draw=lambda rng, p: (_date(rng, 10**rng.randint(1, 9)),
                                 _date(rng, 10**rng.randint(1, 9))),
            edges=lambda p: [((2000, 2, 28), (2000, 3, 1)), ((1900, 2, 28), (1900, 3, 1)),
                             ((1, 1, 1), (1, 1, 1)), ((2024, 1, 1), (2023, 1, 1))],
            timeout_s=2.0,
        ),
    ),
)


SMALL_DP = Family(
    name="small_dp",
    style=TaskStyle.CALL,
    topic="sums and recurrences up to dynamic programming",
    tags=("dynamic-programming",),
    levels=(
        Level(
            summary="sum 1 + 2 + ... + n",
            phrasings=(
                "Write a function `$name(n)` that returns the sum 1 + 2 + ... + n for a "
                "non-negative integer n (0 gives 0).",
                "Return the sum of all integers from 1 to n inclusive. Name the function "
                "`$name(n)`; n >= 0.",
                "Return n * (n + 1) // 2, which is the sum 1 + 2 + ... + n. Name the function "
                "`$name(n)`.",
            ),
            names=("triangle", "sum_to", "sum_first"),
            signature="def $name(n: int) -> int:",
            reference="def $name(n: int) -> int:\n    return n * (n + 1) // 2\n",
            outline="function $name(n):\n    return n * (n + 1) / 2",
            refinements=("use integer division // so the result stays an int",),
            draw=lambda rng, p: (rng.randint(1, 2000),),
            edges=lambda p: [(0,), (1,)],
        ),
        Level(
            summary="Fibonacci numbers",
            phrasings=(
                "Write `$name(n)` that returns the n-th Fibonacci number, where F(0) = 0, "
                "F(1) = 1 and F(n) = F(n-1) + F(n-2). 0 <= n <= 90.",
                "The sequence 0, 1, 1, 2, 3, 5, 8, ... starts with F(0) = 0 and F(1) = 1; each "
                "later term is the sum of the two before it. Return F(n) from `$name(n)` "
                "(0 <= n <= 90).",
            ),
            names=("fib", "fibonacci", "nth_fib"),
            signature="def $name(n: int) -> int:",
            reference=("def $name(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n"
                       "        a, b = b, a + b\n    return a\n"),
            outline=("function $name(n):\n    a, b <- 0, 1\n    repeat n times: a, b <- b, a + b\n"
                     "    return a"),
            refinements=("iterate instead of recursing: n up to 90 makes plain recursion far "
                         "too slow",),
            draw=lambda rng, p: (rng.randint(2, 90),),
            edges=lambda p: [(0,), (1,), (90,)],
        ),
        Level(
            summary="stairs: ways to climb with steps of 1 or k",
            phrasings=(
                "Write `$name(n)` that returns in how many ways a staircase of n steps can be "
                "climbed when each move goes up either 1 step or $k steps (order matters). "
                "0 <= n <= 60; climbing 0 steps has exactly 1 way.",
                "Count the sequences of moves of length 1 or $k that add up to exactly n. Name "
                "the function `$name(n)`; n is between 0 and 60 and n = 0 has one (empty) "
                "sequence.",
            ),
            names=("count_ways", "stair_ways", "climb"),
            signature="def $name(n: int) -> int:",
            params=lambda rng: {"k": rng.randint(2, 4)},
            reference=("def $name(n: int) -> int:\n    ways = [1] + [0] * n\n"
                       "    for i in range(1, n + 1):\n        ways[i] = ways[i - 1]\n"
                       "        if i >= $k:\n            ways[i] += ways[i - $k]\n"
                       "    return ways[n]\n"),
            outline=("function $name(n):\n    ways[0] <- 1\n    for i from 1 to n: ways[i] <- "
                     "ways[i-1] + (ways[i-$k] if i >= $k)\n    return ways[n]"),
            refinements=("a table from the bottom up avoids the exponential recursion; the last "
                         "move is 1 or $k steps",),
            draw=lambda rng, p: (rng.randint(5, 60),),
            edges=lambda p: [(0,), (1,), (p["k"],)],
        ),
        Level(
            summary="fewest coins for an amount, -1 if impossible",
            phrasings=(
                "Write `$name(coins, amount)` that returns the smallest number of coins whose "
                "values add up to exactly `amount`, using any number of coins of each value in "
                "`coins`; return -1 if it cannot be done. amount <= 3000.",
                "Given coin values (unlimited supply of each) and a target amount (0 <= amount "
                "<= 3000), return the fewest coins that make the amount exactly, or -1 when no "
                "combination works. Name the function `$name(coins, amount)`.",
            ),
            names=("min_coins", "fewest_coins", "coin_change"),
            signature="def $name(coins: list[int], amount: int) -> int:",
            reference=("def $name(coins: list[int], amount: int) -> int:\n"
                       "    inf = amount + 1\n    best = [0] + [inf] * amount\n"
                       "    for a in range(1, amount + 1):\n        for c in coins:\n"
                       "            if c <= a and best[a - c] + 1 < best[a]:\n"
                       "                best[a] = best[a - c] + 1\n"
                       "    return best[amount] if best[amount] < inf else -1\n"),
            outline=("function $name(coins, amount):\n    best[0] <- 0, others infinity\n"
                     "    for a from 1 to amount: best[a] <- 1 + min(best[a - c]) over coins "
                     "c <= a\n    return best[amount] or -1 if infinite"),
            refinements=("greedy (largest coin first) fails for coins like [1, 3, 4] and 6; the "
                         "table over all amounts is exact",),
            draw=lambda rng, p: (sorted(rng.sample(range(2, 30), rng.randint(2, 4))),
                                 rng.randint(1, 3000)),
            edges=lambda p: [([1, 3, 4], 6), ([2], 3), ([5, 7], 0), ([3, 7], 11)],
            timeout_s=3.0,
        ),
        Level(
            summary="longest strictly increasing subsequence, n = 20000 (n log n)",
            phrasings=(
                "Write `$name(xs)` that returns the length of the longest strictly increasing "
                "subsequence of the list xs (not necessarily contiguous). xs can have 20000 "
                "elements, so a quadratic algorithm is too slow.",
                "Return the length of the longest subsequence of xs whose elements strictly "
                "increase. Name the function `$name(xs)`. Lists have up to 20000 elements: "
                "aim for O(n log n).",
            ),
            names=("lis_length", "longest_increasing", "longest_rise"),
            signature="def $name(xs: list[int]) -> int:",
            reference=("from bisect import bisect_left\n\n\ndef $name(xs: list[int]) -> int:\n"
                       "    tails: list[int] = []\n    for x in xs:\n"
                       "        i = bisect_left(tails, x)\n        if i == len(tails):\n"
                       "            tails.append(x)\n        else:\n            tails[i] = x\n"
                       "    return len(tails)\n"),
            outline=("function $name(xs):\n    tails[k] <- smallest last value of an increasing "
                     "subsequence of length k+1\n    for x in xs: replace the first tail >= x "
                     "by x, or append x\n    return len(tails)"),
            refinements=("tails stays sorted, so the first tail >= x is bisect_left; using >= "
                         "(not >) keeps the subsequence strictly increasing",),
            draw=lambda rng, p: ([rng.randint(-50, 50) for _ in range(rng.randint(5, 30))],),
            edges=lambda p: [([],), ([5],), ([3, 3, 3],), ([5, 4, 3, 2],)],
            large=lambda rng, p: (fast_ints(rng, 20000, 0, 10**6),),
            timeout_s=3.0,
        ),
    ),
)


FAMILIES = (ARITH, DIGITS, CALENDAR, SMALL_DP)
