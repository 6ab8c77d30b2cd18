"""LLM-based test case generation (paper section 3.1) on top of the core TCG.

- :class:`LLMTCG`: the paper's prompt template (problem + reference code -> 3 test cases),
  robust parsing, validation against the reference (invalid tests reported, never used).
- :mod:`agents.tcg.training`: SFT then DPO training of an LLM TCG (needs the ``train`` extra).
- :mod:`agents.tcg.cli`: the ``o1coder tcg`` command.

The model-free generators (:class:`o1coder_env.tcg.FuzzingTCG`), the oracle and the quality
metrics stay in the core (:mod:`o1coder_env.tcg`).
"""

from agents.tcg.llm import (
    CASES_PER_PROMPT,
    LLMTCG,
    TCG_PROMPT_VERSION,
    LLMTCGReport,
    build_tcg_messages,
    build_tcg_prompt,
    format_tests,
    parse_tests,
)

__all__ = [
    "CASES_PER_PROMPT",
    "LLMTCG",
    "TCG_PROMPT_VERSION",
    "LLMTCGReport",
    "build_tcg_messages",
    "build_tcg_prompt",
    "format_tests",
    "parse_tests",
]
