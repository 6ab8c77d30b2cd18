"""On-policy data for the LLM test case generator: its own tests, judged by the reference.

The paper's DPO pairs for the TCG (:func:`agents.tcg.training.build_dpo_records`) are
synthetic: the true cases against the same inputs with shuffled or mutated outputs. After SFT a
small model writes tests that parse but whose expected value is often computed wrongly
(docs/tcg.md), and synthetic wrong outputs are not the mistakes it makes. On-policy pairs aim at
exactly those:

1. sample the model being trained on train tasks (:func:`sample_completions`);
2. judge every test it wrote against the reference in the sandbox (:func:`judge_completion`):
   the reference's verdict decides validity, as in :class:`agents.tcg.LLMTCG`, and the
   reference's own output on each input is the corrected expected value;
3. pair (:func:`build_onpolicy_dpo_records`), per completion:

   - ``own_wrong_outputs``: the completion has a test the reference fails. Chosen = the same
     inputs with the reference's outputs (inputs the reference cannot run are dropped),
     rejected = the completion as the model wrote it;
   - ``own_unparsable``: no test could be read from the completion; ``own_bad_inputs``: the
     reference runs on none of its inputs. Chosen = true cases of the task (its data tests, as
     SFT uses), rejected = the completion;
   - a completion whose tests are all valid gives no pair: there is nothing to correct.

The same judged samples also give SFT data (:func:`build_own_valid_sft_records`): the
model's own answers whose every test the reference passes, kept as written. This is rejection
sampling fine-tuning (expert iteration): where DPO on near-identical pairs moves the shared
format more than the wrong digits (docs/tcg.md, "On-policy DPO pairs"), SFT on its own right
answers only raises the likelihood of tests the model can compute.

Only train tasks should be sampled: the reference and the task's data tests are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agents.tcg.llm import CASES_PER_PROMPT, format_tests, parse_tests
from agents.tcg.training import _answer, _check_format, _groups, _prompt, _with_expected
from o1coder_env.tasks.model import Task, TaskStyle, TestCase, TestKind
from o1coder_env.tcg.oracle import compute_outputs, default_sandbox

__all__ = [
    "JudgedCompletion",
    "build_onpolicy_dpo_records",
    "build_own_valid_sft_records",
    "judge_completion",
    "sample_completions",
    "sample_model",
]


@dataclass(frozen=True)
class JudgedCompletion:
    """One sampled completion, read and judged against the task's reference.

    Attributes:
        text: The completion as the model wrote it.
        parsed: The tests read from it, in order.
        valid: For each parsed test, whether the reference passes it.
        corrected: The parsed inputs with the reference's outputs, in order; inputs on which
            the reference raised, timed out or returned nothing readable, and asserts that are
            not a call with literal arguments, are left out.
        parse_errors: Chunks that looked like tests but could not be read.
    """

    text: str
    parsed: tuple[TestCase, ...]
    valid: tuple[bool, ...]
    corrected: tuple[TestCase, ...]
    parse_errors: tuple[str, ...] = ()

    @property
    def invalid(self) -> int:
        """How many parsed tests the reference fails."""
        return sum(1 for ok in self.valid if not ok)


def judge_completion(task: Task, text: str, *, sandbox: Any = None,
                     correct: bool = True) -> JudgedCompletion:
    """Parse ``text`` as the TCG's answer for ``task`` and judge it against the reference.

    Args:
        task: The task (needs a reference solution).
        text: The completion.
        sandbox: Sandbox for judging; default: the shared one.
        correct: Also run the reference on the parsed inputs to fill ``corrected`` (a second
            sandbox call); ``False`` leaves ``corrected`` empty, for callers that only need
            the verdicts.

    Raises:
        ValueError: When the task has no reference solution (nothing defines the truth).
    """
    if not task.reference_solution:
        raise ValueError(f"{task.task_id}: on-policy pairs need a reference solution")
    parsed = parse_tests(text, task)
    tests = tuple(parsed.tests)
    if not tests:
        return JudgedCompletion(text, (), (), (), tuple(parsed.errors))
    sb = sandbox if sandbox is not None else default_sandbox()
    verdicts = sb.run(task.reference_solution, list(tests), entry_point=task.entry_point,
                      setup_code=task.setup_code)
    valid = tuple(r.passed for r in verdicts.results)
    if not correct:
        return JudgedCompletion(text, tests, valid, (), tuple(parsed.errors))
    # Only data tests have an input to re-run; an assert whose expected side is an expression
    # (the parser keeps it as assert code) cannot be corrected and is left out of `corrected`.
    wanted = TestKind.CALL if task.style is TaskStyle.CALL else TestKind.STDIO
    inputs = [t for t in tests if t.kind is wanted]
    outputs = compute_outputs(task, inputs, task.reference_solution, sandbox=sb)
    corrected = tuple(_with_expected(t, o.output) for t, o in zip(inputs, outputs, strict=True)
                      if o.ok)
    return JudgedCompletion(text, tests, valid, corrected, tuple(parsed.errors))


def _pair(task: Task, judged: JudgedCompletion, prompt_format: str,
          seed: int) -> tuple[str, Any] | None:
    """``(rejection, chosen answer)`` for one judged completion, or ``None`` (no pair)."""
    if judged.parsed and not judged.invalid:
        return None
    if judged.parsed and judged.corrected:
        return "own_wrong_outputs", _answer(format_tests(task, judged.corrected), prompt_format)
    # Nothing parsed, or the reference runs on none of its inputs: the task's own true cases.
    groups = _groups(task, CASES_PER_PROMPT, 1, seed)
    if not groups:
        return None
    how = "own_bad_inputs" if judged.parsed else "own_unparsable"
    return how, _answer(format_tests(task, groups[0]), prompt_format)


def build_onpolicy_dpo_records(
    tasks: Sequence[Task],
    completions: Mapping[str, Sequence[str]],
    *,
    sandbox: Any = None,
    prompt_format: str = "chat",
    seed: int = 0,
) -> list[dict[str, Any]]:
    """DPO records from the model's own completions (see the module docstring).

    Args:
        tasks: The tasks sampled (train split; each needs a reference solution).
        completions: Task id -> the completions sampled for it (from
            :func:`sample_completions`, or any model's answers to the TCG prompt).
        sandbox: Sandbox for judging; default: the shared one.
        prompt_format: ``"chat"`` or ``"text"``: the format the completions were sampled in.
        seed: Seed of which true cases are chosen for an unparsable completion.

    Returns:
        Records ``{"prompt", "chosen", "rejected", "task_id", "rejection"}`` (``rejection``:
        ``own_wrong_outputs``, ``own_bad_inputs`` or ``own_unparsable``), the same shape as
        :func:`agents.tcg.training.build_dpo_records`, so :func:`~agents.tcg.training.train_tcg`
        takes them as they are.
    """
    _check_format(prompt_format)
    records = []
    for task in tasks:
        texts = completions.get(task.task_id, ())
        if not texts or not task.reference_solution:
            continue
        for text in texts:
            pair = _pair(task, judge_completion(task, text, sandbox=sandbox), prompt_format, seed)
            if pair is None:
                continue
            how, chosen = pair
            records.append({
                "prompt": _prompt(task, prompt_format),
                "chosen": chosen,
                "rejected": _answer(text, prompt_format),
                "task_id": task.task_id,
                "rejection": how,
            })
    return records


def build_own_valid_sft_records(
    tasks: Sequence[Task],
    completions: Mapping[str, Sequence[str]],
    *,
    sandbox: Any = None,
    prompt_format: str = "chat",
    min_tests: int = CASES_PER_PROMPT,
) -> list[dict[str, Any]]:
    """SFT records from the model's own answers that the reference fully confirms.

    An answer is kept, exactly as the model wrote it, when it has at least ``min_tests``
    parsed tests, every one of them passed by the reference, and no chunk that looked like a
    test but could not be read (training on it would teach the unreadable chunk too). An
    answer repeated word for word for one task is kept once.

    Args:
        tasks: The tasks sampled (train split; each needs a reference solution).
        completions: Task id -> the completions sampled for it (:func:`sample_completions`).
        sandbox: Sandbox for judging; default: the shared one.
        prompt_format: ``"chat"`` or ``"text"``: the format the completions were sampled in.
        min_tests: Fewest tests a kept answer has (the prompt asks for
            :data:`~agents.tcg.llm.CASES_PER_PROMPT`; fewer would teach writing fewer).

    Returns:
        Records ``{"prompt", "completion", "task_id", "tests"}``, the shape of
        :func:`agents.tcg.training.build_sft_records` (``tests``: how many the answer has).

    Raises:
        ValueError: On a bad ``prompt_format`` or ``min_tests`` below 1.
    """
    _check_format(prompt_format)
    if min_tests < 1:
        raise ValueError(f"min_tests must be >= 1, got {min_tests}")
    records = []
    for task in tasks:
        texts = completions.get(task.task_id, ())
        if not texts or not task.reference_solution:
            continue
        for text in dict.fromkeys(texts):  # distinct answers, in the order sampled
            judged = judge_completion(task, text, sandbox=sandbox, correct=False)
            if len(judged.parsed) < min_tests or judged.invalid or judged.parse_errors:
                continue
            records.append({
                "prompt": _prompt(task, prompt_format),
                "completion": _answer(text, prompt_format),
                "task_id": task.task_id,
                "tests": len(judged.parsed),
            })
    return records


def sample_completions(
    generator: Any,
    tasks: Sequence[Task],
    *,
    samples: int,
    sampling: Any = None,
    prompt_format: str = "chat",
    tasks_per_call: int = 8,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> dict[str, list[str]]:
    """Ask ``generator`` for ``samples`` answers to the TCG prompt of each task.

    Args:
        generator: An ``agents.generators`` generator (``make_generator("hf", model=...)``).
        tasks: Tasks with reference solutions (others are skipped).
        samples: Completions per task (>= 1).
        sampling: ``agents.generators.Sampling`` for every call (``None``: the generator's).
        prompt_format: ``"chat"`` or ``"text"``, as the model was trained.
        tasks_per_call: Tasks batched into one ``generate`` call.
        progress: Wraps the batches (e.g. ``tqdm``); ``None`` shows nothing.

    Returns:
        Task id -> its completions, in ``tasks`` order.
    """
    from agents.generators import Prompt

    if samples < 1:
        raise ValueError(f"samples must be >= 1, got {samples}")
    if tasks_per_call < 1:
        raise ValueError(f"tasks_per_call must be >= 1, got {tasks_per_call}")
    _check_format(prompt_format)
    usable = [t for t in tasks if t.reference_solution]
    batches = [usable[i:i + tasks_per_call] for i in range(0, len(usable), tasks_per_call)]
    out: dict[str, list[str]] = {}
    for batch in (progress(batches) if progress else batches):
        prompts: list[Any] = []
        for task in batch:
            prompt = _prompt(task, prompt_format)
            prompts.append(Prompt(messages=list(prompt)) if prompt_format == "chat" else prompt)
        rows = (generator.generate(prompts, n=samples, sampling=sampling) if sampling is not None
                else generator.generate(prompts, n=samples))
        for task, row in zip(batch, rows, strict=True):
            out[task.task_id] = [g.text if hasattr(g, "text") else str(g) for g in row]
    return out


def sample_model(model: str, tasks: Sequence[Task], *, samples: int, sampling: Any,
                 prompt_format: str = "chat",
                 progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
                 ) -> dict[str, list[str]]:
    """:func:`sample_completions` from the model folder or alias ``model`` (``hf`` backend).

    The model is released before returning, so that a trainer loading its own copy next does
    not hold two in memory.
    """
    import gc

    from agents.generators import make_generator

    generator = make_generator("hf", model=model)
    try:
        return sample_completions(generator, tasks, samples=samples, sampling=sampling,
                                  prompt_format=prompt_format, progress=progress)
    finally:
        del generator
        gc.collect()
