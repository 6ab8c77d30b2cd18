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
4. Selection, up to ``n`` tests. By default it is *mutation-guided*: the candidates pool is grown
   to ``pool_factor * n`` (8n) valid inputs, ``guide_mutants`` (48) mutants of the reference
   (:func:`~o1coder_env.mutation.generate_mutants`, seed ``seed + 1``) run on every candidate, and
   the tests that kill the most mutants not yet killed are taken greedily
   (:func:`~o1coder_env.tcg.selection.select_by_kills`). Only the reference is used: hidden tests
   stay unseen. The remaining places (and all of them with ``guide_mutants=0``) go to inputs whose
   *output* has not been seen yet (different outputs exercise different behaviour), then to
   inputs in generation order. ``guide_fold`` restricts the guiding mutants to one fold, so the
   other folds can judge the tests on bugs they were not chosen for (``tcg eval --mutant-fold``).

Everything is driven by ``random.Random(f"{seed}:{task_id}:{round}")``: the same seed gives the
same tests for a task, independent of which other tasks were generated before.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from o1coder_env.mutation import check_fold, generate_mutants
from o1coder_env.sandbox.report import Limits
from o1coder_env.tasks.model import Task, TaskStyle, TestCase, encode_value
from o1coder_env.tcg.base import check_n, input_key, reference_code, seed_inputs
from o1coder_env.tcg.oracle import ORACLE_LIMITS, compute_outputs, default_sandbox
from o1coder_env.tcg.selection import select_by_kills, select_by_outputs
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
        guide_mutants: Mutants of the reference that guide selection (0: no mutation guidance).
        guide_fold: ``(index, folds)``: guide only with that fold of the mutants.
        pool_factor: With guidance, valid candidates gathered per wanted test.
    """

    def __init__(
        self,
        sandbox: Any = None,
        seed: int = 0,
        *,
        oversample: int = 3,
        max_rounds: int = 5,
        seed_tests: str = "public",
        mutator: ValueMutator | None = None,
        limits: Limits = ORACLE_LIMITS,
        check_determinism: bool = False,
        prefer_new_outputs: bool = True,
        guide_mutants: int = 48,
        guide_fold: tuple[int, int] | None = None,
        pool_factor: int = 8,
    ) -> None:
        if oversample < 1:
            raise ValueError(f"oversample must be >= 1, got {oversample}")
        if max_rounds < 1:
            raise ValueError(f"max_rounds must be >= 1, got {max_rounds}")
        if guide_mutants < 0:
            raise ValueError(f"guide_mutants must be >= 0, got {guide_mutants}")
        if pool_factor < 1:
            raise ValueError(f"pool_factor must be >= 1, got {pool_factor}")
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
        self.guide_mutants = guide_mutants
        self.guide_fold = guide_fold
        self.pool_factor = pool_factor
        check_fold(guide_fold)  # fail now, not at the first generate()

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
            except (TypeError, ValueError):  # not test data, or an int too long for JSON
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
            ValueError: If there is no reference to run, ``n`` is negative, or the reference
                failed on every fuzzed input (the message gives the first failure).
        """
        check_n(n)
        program = reference_code(task, code)
        if n == 0:
            return []
        seen = {input_key(t) for t in seed_inputs(task, self.seed_tests)}
        timeout = next((t.timeout_s for t in task.all_tests if t.timeout_s), None)
        kept: list[tuple[TestCase, str]] = []  # (test, output key)
        tried, first_error = 0, ""
        guided = self.guide_mutants > 0
        pool = n * self.pool_factor if guided else n * 2
        for round_ in range(self.max_rounds):
            rng = random.Random(f"{self.seed}:{task.task_id}:{round_}")
            want = ((pool if guided else n) - len(kept)) * self.oversample
            cands = self.candidates(task, want, rng, seen)
            if not cands:
                break
            results = compute_outputs(task, cands, program, sandbox=self.sandbox,
                                      limits=self.limits)
            tried += len(results)
            first_error = first_error or next((r.error for r in results if not r.ok), "")
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
                except (TypeError, ValueError):  # not data, or an int too long for JSON text
                    continue
                extra = {"timeout_s": timeout} if timeout else {}
                if task.style is TaskStyle.STDIO:
                    test = TestCase.stdio_case(cand.stdin, res.output, **extra)
                else:
                    test = TestCase.call_case(cand.args, res.output, **extra)
                kept.append((test, out_key))
            if len(kept) >= pool or (len(kept) >= n and not guided
                                     and not self.prefer_new_outputs):
                break
        if not kept and tried:
            # Say why instead of returning nothing: a broken reference, inputs the reference
            # always rejects, or a sandbox that cannot run anything look alike from outside.
            raise ValueError(f"{task.task_id}: the reference failed on all {tried} fuzzed "
                             f"inputs, so no test could be made (first failure: {first_error})")
        if guided and len(kept) > n:
            return self._select_guided(task, program, kept, n)
        if not self.prefer_new_outputs:
            return [t for t, _ in kept[:n]]
        return [kept[i][0] for i in select_by_outputs([k for _, k in kept], n)]

    def _select_guided(self, task: Task, program: str, kept: list[tuple[TestCase, str]],
                       n: int) -> list[TestCase]:
        """Greedy mutant-killing selection among the valid candidates (see the module doc)."""
        from o1coder_env.tcg.metrics import kill_matrix, mutant_timeout

        mutants = [m.code for m in generate_mutants(program, max_mutants=self.guide_mutants,
                                                    seed=self.seed + 1, fold=self.guide_fold)]
        kills: list[frozenset[int]] = [frozenset()] * len(kept)
        if mutants:
            sandbox = self.sandbox if self.sandbox is not None else default_sandbox()
            # The reference's own times set the mutants' limit (a mutant 3x slower is killed),
            # and a test the reference fails now (a flaky reference) is dropped.
            report = sandbox.run(program, [t for t, _ in kept], entry_point=task.entry_point,
                                 setup_code=task.setup_code)
            kept = [k for k, r in zip(kept, report.results, strict=True) if r.passed]
            timeout = mutant_timeout([r.duration_s for r in report.results if r.passed])
            kills = kill_matrix(task, [t for t, _ in kept], mutants, sandbox=sandbox,
                                timeout_s=timeout)
        tests = [t for t, _ in kept]
        out_keys = [k for _, k in kept]
        if not self.prefer_new_outputs:  # fill in generation order, not by new outputs
            out_keys = [str(i) for i in range(len(kept))]
        return [tests[i] for i in select_by_kills(kills, out_keys, n)]
