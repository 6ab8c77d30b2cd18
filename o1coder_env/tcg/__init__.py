"""Test Case Generator (TCG): tests made for a problem, so rewards exist where none were given.

The paper's first component (O1-Coder, section 3.1). Every generator has one method,
``generate(task, code=None, n=10) -> list[TestCase]``:

- :class:`FuzzingTCG`: type-aware mutation of the task's public test inputs, expected outputs
  from running the reference in the sandbox.
- :class:`LLMTCG`: the paper's prompt template (problem + reference code -> 3 test cases),
  robust parsing, validation against the reference (invalid tests reported, never used).

Quality figures (:func:`evaluate_tests`): validity, mutation score against the task's hidden
tests' score, distinct inputs, line coverage. SFT/DPO training of an LLM TCG lives in
:mod:`o1coder_env.tcg.training` (needs the ``train`` extra).
"""

from o1coder_env.tcg.base import (
    CachingTCG,
    FixedTCG,
    TestCaseGenerator,
    call_from_assert,
    seed_inputs,
)
from o1coder_env.tcg.fuzzing import FuzzingTCG
from o1coder_env.tcg.llm import (
    LLMTCG,
    TCG_PROMPT_VERSION,
    LLMTCGReport,
    build_tcg_messages,
    build_tcg_prompt,
    format_tests,
    parse_tests,
)
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
    "LLMTCG",
    "TCG_PROMPT_VERSION",
    "CachingTCG",
    "FixedTCG",
    "FuzzingTCG",
    "LLMTCGReport",
    "MutationScore",
    "OracleResult",
    "TestCaseGenerator",
    "TestQuality",
    "ValueMutator",
    "build_tcg_messages",
    "build_tcg_prompt",
    "call_from_assert",
    "compute_outputs",
    "distinct_inputs",
    "evaluate_tests",
    "format_tests",
    "line_coverage",
    "mutate_stdin",
    "mutation_score",
    "parse_tests",
    "seed_inputs",
    "summarize",
    "validity",
]
