"""Choosing which of many candidate tests to keep.

Two rules, used by :class:`~o1coder_env.tcg.fuzzing.FuzzingTCG`:

- :func:`select_by_kills` (mutation-guided selection, as in EvoSuite or Pynguin's mutation
  analysis): greedily take the test that kills the most mutants not killed yet, until no test adds
  a kill; ties go to a test whose output is new, then to the earlier one. Greedy set cover is
  within a factor ``1 + ln(mutants)`` of the smallest killing set, and in practice near it.
- :func:`select_by_outputs`: prefer tests whose output has not been seen (different outputs
  exercise different behaviour), then fill up in generation order. It fills whatever the kill
  rule leaves, so the result always has ``min(n, candidates)`` tests.

Both return indices into the candidate list, in ascending order (generation order), so the same
inputs give the same tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set

__all__ = ["select_by_kills", "select_by_outputs"]


def select_by_outputs(out_keys: Sequence[str], n: int, chosen: Iterable[int] = ()) -> list[int]:
    """Up to ``n`` indices: those in ``chosen``, then unseen outputs first, then in order.

    Args:
        out_keys: A canonical key of each candidate's expected output.
        n: How many indices to return at most.
        chosen: Indices already taken (kept, and their outputs count as seen).

    Returns:
        Sorted indices.
    """
    picked = list(dict.fromkeys(chosen))[:n]
    taken = set(picked)
    seen = {out_keys[i] for i in picked}
    for i, key in enumerate(out_keys):
        if len(picked) >= n:
            break
        if i not in taken and key not in seen:
            seen.add(key)
            taken.add(i)
            picked.append(i)
    for i in range(len(out_keys)):
        if len(picked) >= n:
            break
        if i not in taken:
            taken.add(i)
            picked.append(i)
    return sorted(picked)


def select_by_kills(kills: Sequence[Set[int]], out_keys: Sequence[str], n: int) -> list[int]:
    """Up to ``n`` indices chosen greedily by new mutants killed, then by new outputs.

    Args:
        kills: For each candidate test, the ids of the mutants it kills.
        out_keys: A canonical key of each candidate's expected output (same length).
        n: How many indices to return at most.

    Returns:
        Sorted indices: first the greedy cover of the killable mutants (stopping early when
        ``n`` is reached), then :func:`select_by_outputs` fills the rest.

    Raises:
        ValueError: If ``kills`` and ``out_keys`` differ in length.
    """
    if len(kills) != len(out_keys):
        raise ValueError(f"kills has {len(kills)} rows but out_keys has {len(out_keys)}")
    killed: set[int] = set()
    outputs: set[str] = set()
    picked: list[int] = []
    remaining = set(range(len(kills)))
    while len(picked) < n and remaining:
        # Key: most new kills, then a new output, then the earliest candidate.
        best = max(remaining, key=lambda i: (len(kills[i] - killed), out_keys[i] not in outputs,
                                             -i))
        if not kills[best] - killed:
            break
        picked.append(best)
        remaining.discard(best)
        killed |= kills[best]
        outputs.add(out_keys[best])
    return select_by_outputs(out_keys, n, picked)
