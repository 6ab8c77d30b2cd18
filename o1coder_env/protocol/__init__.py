"""The step protocol (outline, refine, code) and the prompts that drive it."""

from o1coder_env.protocol.steps import (
    PROGRAM_RULES,
    ProgramRule,
    StepKind,
    check_program_rule,
    classify_step,
    defines_name,
    extract_code,
    is_code_step,
    program_from_completion,
)

__all__ = [
    "PROGRAM_RULES",
    "ProgramRule",
    "StepKind",
    "check_program_rule",
    "classify_step",
    "defines_name",
    "extract_code",
    "is_code_step",
    "program_from_completion",
]
