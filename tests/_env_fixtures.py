"""Tiny tasks for the env tests (call and stdio styles, reference steps, distinctive hidden data).

Hidden tests carry marker values (``HIDDEN7731``, ``918273``...) that appear nowhere else, so a
test can search observations and ``info`` for them.
"""

from __future__ import annotations

from o1coder_env.tasks.model import ReasoningSteps, Task, TaskStyle, TestCase

#: Strings that appear only in hidden tests (inputs or expected values).
HIDDEN_MARKERS = ("HIDDEN7731", "918273", "918274", "HIDDENQ55", "424242", "848484")

ADD_REF = "def add_pair(a, b):\n    return a + b\n"
VOWELS_REF = (
    "def count_vowels(s):\n"
    "    return sum(1 for ch in s.lower() if ch in 'aeiou')\n"
)
MAX_REF = (
    "def list_max(xs):\n"
    "    best = xs[0]\n"
    "    for x in xs[1:]:\n"
    "        if x > best:\n"
    "            best = x\n"
    "    return best\n"
)
SUM_REF = (
    "import sys\n"
    "total = 0\n"
    "for line in sys.stdin.read().split():\n"
    "    total += int(line)\n"
    "print(total)\n"
)


def tiny_tasks() -> list[Task]:
    """Four tiny tasks with reference solutions and steps."""
    return [
        Task(
            task_id="tiny/add_pair",
            problem="Return the sum of two integers a and b.",
            entry_point="add_pair",
            signature="def add_pair(a: int, b: int) -> int:",
            public_tests=(TestCase.call_case((1, 2), 3), TestCase.call_case((0, 0), 0),
                          TestCase.call_case((-3, 10), 7)),
            hidden_tests=(TestCase.call_case((918273, 1), 918274),
                          TestCase.call_case((-5, 5), 0)),
            reference_solution=ADD_REF,
            reference_steps=ReasoningSteps("Function add_pair(a, b): return a plus b.",
                                           ("Integers add exactly; no overflow in Python.",)),
            source="tiny", split="test",
        ),
        Task(
            task_id="tiny/count_vowels",
            problem="Count the vowels (a, e, i, o, u, any case) in the string s.",
            entry_point="count_vowels",
            signature="def count_vowels(s: str) -> int:",
            public_tests=(TestCase.call_case(("hello",), 2), TestCase.call_case(("",), 0),
                          TestCase.call_case(("AEIOU",), 5)),
            hidden_tests=(TestCase.call_case(("xylophone_HIDDEN7731",), 5),
                          TestCase.call_case(("HIDDENQ55",), 2)),
            reference_solution=VOWELS_REF,
            reference_steps=ReasoningSteps(
                "Function count_vowels(s): loop over characters, count the vowels.",
                ("Lower-case each character first so that upper-case vowels count.",
                 "Vowels are the five letters a, e, i, o, u; y is not a vowel."),
            ),
            source="tiny", split="test",
        ),
        Task(
            task_id="tiny/list_max",
            problem="Return the largest element of a non-empty list of integers.",
            entry_point="list_max",
            signature="def list_max(xs: list[int]) -> int:",
            public_tests=(TestCase.call_case(([1, 5, 2],), 5), TestCase.call_case(([-4],), -4),
                          TestCase.call_case(([-9, -2, -7],), -2)),
            hidden_tests=(TestCase.call_case(([3, 424242, 8],), 424242),),
            reference_solution=MAX_REF,
            reference_steps=ReasoningSteps(
                "Function list_max(xs): keep the best value seen, scan the list.",
                ("Start from xs[0] so that negative lists work; replace best on a larger x.",),
            ),
            source="tiny", split="test",
        ),
        Task(
            task_id="tiny/sum_stdin",
            problem="Read integers separated by whitespace from standard input; print their sum.",
            style=TaskStyle.STDIO,
            public_tests=(TestCase.stdio_case("1 2 3\n", "6\n"),
                          TestCase.stdio_case("10\n-4\n", "6\n")),
            hidden_tests=(TestCase.stdio_case("848484 0\n", "848484\n"),),
            reference_solution=SUM_REF,
            reference_steps=ReasoningSteps(
                "Program: read all of stdin, split on whitespace, add the integers, print.",
                ("Empty input sums to 0; int() accepts a leading minus sign.",),
            ),
            source="tiny", split="test",
        ),
    ]
