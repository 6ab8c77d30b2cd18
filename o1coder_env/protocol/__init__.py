"""The step protocol (outline, refine, code) and the prompts that drive it."""

from o1coder_env.protocol.steps import (
    StepKind,
    classify_step,
    extract_code,
    is_code_step,
    program_from_completion,
)

__all__ = ["StepKind", "classify_step", "extract_code", "is_code_step", "program_from_completion"]
