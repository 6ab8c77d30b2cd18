"""Test Case Generator (TCG): tests made for a problem, so rewards exist where none were given.

The paper's first component (O1-Coder, section 3.1). Every generator has one method,
``generate(task, code=None, n=10) -> list[TestCase]``:

- :class:`FuzzingTCG`: type-aware mutation of the task's public test inputs, expected outputs
  from running the reference in the sandbox.

The LLM-based generator (:class:`agents.tcg.LLMTCG`: the paper's prompt template, parsing,
validation against the reference) and its SFT/DPO training live one layer up, in
:mod:`agents.tcg`, next to the step generators and trainers they use.

Quality figures (:func:`evaluate_tests`): validity, mutation score against the task's hidden
tests' score, distinct inputs, line coverage.
"""

from o1coder_env.tcg.base import (
    CachingTCG,
    FixedTCG,
    TestCaseGenerator,
    call_from_assert,
    seed_inputs,
)
from o1coder_env.tcg.fuzzing import FuzzingTCG
from o1coder_env.tcg.metrics import (
    MutationScore,
    TestQuality,
    distinct_inputs,
    evaluate_tests,
    mutation_score,
    summarize,
    validity,
)
from o1coder_env.tcg.oracle import OracleResult, compute_outputs, line_coverage
from o1coder_env.tcg.values import ValueMutator, mutate_stdin

__all__ = [
    "CachingTCG",
    "FixedTCG",
    "FuzzingTCG",
    "MutationScore",
    "OracleResult",
    "TestCaseGenerator",
    "TestQuality",
    "ValueMutator",
    "call_from_assert",
    "compute_outputs",
    "distinct_inputs",
    "evaluate_tests",
    "line_coverage",
    "mutate_stdin",
    "mutation_score",
    "seed_inputs",
    "summarize",
    "validity",
]
