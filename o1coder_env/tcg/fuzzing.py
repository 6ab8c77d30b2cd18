"""Reference-based fuzzing: new tests from mutated known inputs and the reference's outputs.

Algorithm (per task):

1. Seeds are the inputs of the task's public tests (MBPP-style ``assert f(x) == y`` strings are
   read as data). Hidden tests are never looked at unless ``seed_tests="all"`` is asked for.
2. Candidates: each is a seed with one or two arguments mutated by a type-aware
   :class:`~o1coder_env.tcg.values.ValueMutator` (or a stdin text mutated token by token), or a
   cross-over of two seeds' arguments. Candidates equal to a seed or to each other are dropped.
3. The reference runs on every candidate in the sandbox (:func:`~o1coder_env.tcg.oracle.
   compute_outputs`); inputs on which it raises, times out or returns non-data are dropped.
   With ``check_determinism`` it runs twice and inputs with differing outputs are dropped too.
4. Selection prefers inputs whose *output* has not been seen yet (different outputs exercise
   different behaviour), then fills up in generation order, up to ``n``.

Everything is driven by ``random.Random(f"{seed}:{task_id}:{round}")``: the same seed gives the
same tests for a task, independent of which other tasks were generated before.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from o1coder_env.sandbox.report import Limits
from o1coder_env.tasks.model import Task, TaskStyle, TestCase, encode_value
from o1coder_env.tcg.base import check_n, input_key, reference_code, seed_inputs
from o1coder_env.tcg.oracle import ORACLE_LIMITS, compute_outputs
from o1coder_env.tcg.values import ValueMutator, mutate_stdin

__all__ = ["FuzzingTCG"]


class FuzzingTCG:
    """Generate tests by mutating known inputs and asking the reference for the outputs.

    Args:
        sandbox: The sandbox that runs the reference; default: the shared one.
        seed: Seed of all random choices.
        oversample: Candidates generated per wanted test in a round (many are dropped).
        max_rounds: Rounds of candidate generation before giving up on reaching ``n``.
        seed_tests: Which of the task's tests seed the fuzzing: ``"public"`` (default, fair),
            ``"hidden"`` or ``"all"``.
        mutator: The value mutator (bounds on ints and sizes).
        limits: Sandbox limits for the reference runs (short timeout by default).
        check_determinism: Run the reference twice and drop inputs whose outputs differ
            (references that depend on set order or time).
        prefer_new_outputs: Pick inputs with unseen outputs first.
    """

    def __init__(
        self,
        sandbox: Any = None,
        seed: int = 0,
        *,
        oversample: int = 3,
        max_rounds: int = 3,
        seed_tests: str = "public",
        mutator: ValueMutator | None = None,
        limits: Limits = ORACLE_LIMITS,
        check_determinism: bool = False,
        prefer_new_outputs: bool = True,
    ) -> None:
        if oversample < 1:
            raise ValueError(f"oversample must be >= 1, got {oversample}")
        if max_rounds < 1:
            raise ValueError(f"max_rounds must be >= 1, got {max_rounds}")
        if seed_tests not in ("public", "hidden", "all"):
            raise ValueError(f"seed_tests must be 'public', 'hidden' or 'all', got {seed_tests!r}")
        self.sandbox = sandbox
        self.seed = seed
        self.oversample = oversample
        self.max_rounds = max_rounds
        self.seed_tests = seed_tests
        self.mutator = mutator or ValueMutator()
        self.limits = limits
        self.check_determinism = check_determinism
        self.prefer_new_outputs = prefer_new_outputs

    # --- candidates ----------------------------------------------------------------------------
    def _candidate(self, task: Task, seeds: Sequence[TestCase], rng: random.Random) -> TestCase:
        base = rng.choice(seeds)
        if task.style is TaskStyle.STDIO:
            text = base.stdin
            for _ in range(rng.choice([1, 1, 1, 2])):
                text = mutate_stdin(text, rng)
            return TestCase.stdio_case(text, "")
        args = list(base.args)
        if not args:
            return TestCase.call_case((), None)
        same_arity = [s for s in seeds if len(s.args) == len(args)]
        if len(same_arity) > 1 and rng.random() < 0.15:
            # Cross-over: each argument from a random seed of the same arity.
            args = [rng.choice(same_arity).args[i] for i in range(len(args))]
        for _ in range(rng.choice([1, 1, 1, 2]) if len(args) > 1 else 1):
            i = rng.randrange(len(args))
            args[i] = self.mutator.mutate(args[i], rng)
        return TestCase.call_case(tuple(args), None)

    def candidates(self, task: Task, count: int, rng: random.Random,
                   seen: set[str]) -> list[TestCase]:
        """Up to ``count`` new distinct candidate inputs (their ``expected`` is a placeholder)."""
        seeds = seed_inputs(task, self.seed_tests)
        if not seeds:
            return []
        out: list[TestCase] = []
        for _ in range(count * 20):  # bounded: tiny input spaces run out of new values
            if len(out) >= count:
                break
            cand = self._candidate(task, seeds, rng)
            try:
                key = input_key(cand)
            except TypeError:  # a value that cannot be encoded as test data
                continue
            if key in seen:
                continue
            seen.add(key)
            out.append(cand)
        return out

    # --- generation ----------------------------------------------------------------------------
    def generate(self, task: Task, code: str | None = None, n: int = 10) -> list[TestCase]:
        """Return up to ``n`` new tests whose expected outputs come from the reference.

        Args:
            task: The task; its public tests seed the inputs.
            code: The program defining expected outputs (default: ``task.reference_solution``).
            n: How many tests to return.

        Raises:
            ValueError: If there is no reference to run, or ``n`` is negative.
        """
        check_n(n)
        program = reference_code(task, code)
        if n == 0:
            return []
        seen = {input_key(t) for t in seed_inputs(task, self.seed_tests)}
        timeout = next((t.timeout_s for t in task.all_tests if t.timeout_s), None)
        kept: list[tuple[TestCase, str]] = []  # (test, output key)
        for round_ in range(self.max_rounds):
            rng = random.Random(f"{self.seed}:{task.task_id}:{round_}")
            want = (n - len(kept)) * self.oversample
            cands = self.candidates(task, want, rng, seen)
            if not cands:
                break
            results = compute_outputs(task, cands, program, sandbox=self.sandbox,
                                      limits=self.limits)
            if self.check_determinism:
                again = compute_outputs(task, cands, program, sandbox=self.sandbox,
                                        limits=self.limits)
            else:
                again = results
            for cand, res, res2 in zip(cands, results, again, strict=True):
                if not (res.ok and res2.ok):
                    continue
                try:
                    out_key = json.dumps(encode_value(res.output), sort_keys=True)
                    if out_key != json.dumps(encode_value(res2.output), sort_keys=True):
                        continue
                except TypeError:
                    continue
                extra = {"timeout_s": timeout} if timeout else {}
                if task.style is TaskStyle.STDIO:
                    test = TestCase.stdio_case(cand.stdin, res.output, **extra)
                else:
                    test = TestCase.call_case(cand.args, res.output, **extra)
                kept.append((test, out_key))
            if len(kept) >= n * 2 or (len(kept) >= n and not self.prefer_new_outputs):
                break
        return self._select(kept, n)

    def _select(self, kept: list[tuple[TestCase, str]], n: int) -> list[TestCase]:
        if not self.prefer_new_outputs:
            return [t for t, _ in kept[:n]]
        chosen: list[int] = []
        outputs: set[str] = set()
        for i, (_, out_key) in enumerate(kept):
            if len(chosen) >= n:
                break
            if out_key not in outputs:
                outputs.add(out_key)
                chosen.append(i)
        for i in range(len(kept)):
            if len(chosen) >= n:
                break
            if i not in chosen:
                chosen.append(i)
        return [kept[i][0] for i in sorted(chosen)]
