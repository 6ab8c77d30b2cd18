"""``O1Coder-Choice-v0``: pick one of K candidate next steps; numeric observations for SB3."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from gymnasium import spaces

from o1coder_env.envs.base import O1CoderBaseEnv
from o1coder_env.envs.featurize import Featurizer, make_featurizer
from o1coder_env.protocol.steps import is_code_step
from o1coder_env.tasks.model import Task

__all__ = ["CandidateSource", "O1CoderChoiceEnv"]


# Building the default proposer mutates every reference program (seconds for a large task
# set), so envs of one process over the same tasks share one (it is deterministic and keeps no
# per-episode state: randomness comes from each env's np_random).
_DEFAULT_PROPOSERS: dict[tuple[str, ...], Any] = {}
_PROPOSER_LOCK = threading.Lock()


class CandidateSource(Protocol):
    """What proposes the candidates: ``propose(task, steps, k, rng) -> k distinct step texts``."""

    def propose(self, task: Task, steps: Sequence[str], k: int,
                rng: np.random.Generator) -> list[str]:
        """Return ``k`` candidate next steps for ``task`` after ``steps``."""
        ...


class O1CoderChoiceEnv(O1CoderBaseEnv[np.ndarray, int]):
    r"""Choose the next reasoning step among K candidates (for SB3 and teaching).

    ## Description
    The episode logic, tasks and rewards of ``O1Coder-v0``, with a discrete action: at each
    step a proposer offers K candidate next steps and the agent picks one, which becomes the
    step. The default proposer (:class:`~o1coder_env.step_candidates.CandidateProposer` over the
    env's tasks) offers the task's reference step plus wrong ones (mutants of the reference
    code as premature or final code steps, other tasks' steps), shuffled with the env's
    ``np_random``. Picking the reference step every time walks the reference trace and ends with
    the reference program. Tasks need a reference solution.

    ## Action Space
    ``Discrete(k)``: the index of the chosen candidate. Anything that is not an integer raises
    ``TypeError``; an integer outside ``[0, k)`` raises ``ValueError``.

    ## Observation Space
    ``Box(-1, 1, shape=((k + 2) * dim + 1 + k,), float32)``: the featurizer's vectors of the
    problem, of the trace (the mean of its steps' vectors; zeros when empty) and of each
    candidate, then ``step_index / max_steps``, then for each candidate 1.0 if it is a code step
    (it would end the episode) else 0.0. The default featurizer is
    :class:`~o1coder_env.envs.featurize.HashingFeaturizer` (``dim=64``, no model);
    ``featurizer="minilm"`` uses all-MiniLM-L6-v2 (``dim`` 384, needs the ``llm`` extra). After
    the episode ends the candidate part is zero.

    ## Rewards
    As ``O1Coder-v0`` (outcome R at the code step, 0 per non-terminal step without a PRM, phi
    with one).

    ## Episode End
    Terminated when the chosen candidate is a code step; truncated after ``max_steps`` steps.
    ``info`` is that of ``O1Coder-v0`` plus ``candidates`` (the K texts the action indexes, as
    they will be offered for the next step; ``[]`` once the episode ended). Which candidate is
    the reference step is NOT in ``info``: :meth:`oracle_action` reveals it, for tests and
    imitation learning only.

    ## Arguments
    Those of ``O1Coder-v0`` (except the Text sizes), plus:

    * ``k`` (4): candidates per step (>= 2).
    * ``proposer``: any object with ``propose(task, steps, k, rng)``; default
      ``CandidateProposer(env tasks, mutants_per_task=8)``.
    * ``featurizer`` (``"hashing"``): ``"hashing"``, ``"minilm"`` or an object with ``dim`` and
      ``__call__(texts)`` returning values in ``[-1, 1]``; ``feature_dim`` (64) sizes the
      hashing featurizer.

    ## Version History
    * v1: trains by default (``evaluation=False``: the train split, no hidden tests run, the test
      split refused); ``evaluation=True`` evaluates (see ``O1Coder-v1``). Scoring is unchanged.
    * v0: initial version (the test split and hidden verdicts by default).
    """

    def __init__(
        self,
        *,
        k: int = 4,
        proposer: CandidateSource | None = None,
        featurizer: str | Featurizer = "hashing",
        feature_dim: int = 64,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not isinstance(k, int) or k < 2:
            raise ValueError(f"k must be an int >= 2, got {k!r}")
        if proposer is not None and not callable(getattr(proposer, "propose", None)):
            raise TypeError(f"proposer needs a propose(task, steps, k, rng) method, got "
                            f"{proposer!r}")
        self.k = k
        self._proposer = proposer
        self.featurizer = make_featurizer(featurizer, dim=feature_dim)
        dim = self.featurizer.dim
        self._dim = dim
        self.observation_space = spaces.Box(-1.0, 1.0, shape=((k + 2) * dim + 1 + k,),
                                            dtype=np.float32)
        self.action_space = spaces.Discrete(k)  # type: ignore[assignment]
        self.candidates: list[str] = []

    @property
    def proposer(self) -> CandidateSource:
        """The candidate proposer (the default one is built on first use)."""
        if self._proposer is None:
            from o1coder_env.step_candidates import CandidateProposer

            missing = [t.task_id for t in self.tasks if not t.reference_solution]
            if missing:
                raise ValueError(
                    f"the default proposer needs reference solutions; {len(missing)} task(s) "
                    f"have none: {missing[:5]} (filter them out with task_filter)"
                )
            key = tuple(t.task_id for t in self.tasks)
            with _PROPOSER_LOCK:
                proposer = _DEFAULT_PROPOSERS.get(key)
                if proposer is None or any(proposer_task is not task for proposer_task, task
                                           in zip(proposer.tasks, self.tasks, strict=True)):
                    proposer = CandidateProposer(self.tasks)
                    proposer.tasks = self.tasks  # type: ignore[attr-defined]
                    _DEFAULT_PROPOSERS[key] = proposer
            self._proposer = proposer
        return self._proposer

    def _propose(self) -> None:
        assert self.task is not None
        # A fresh generator from the episode's stream *and* the task id: with the env's own
        # generator alone, one reset seed put the right candidate at the same index on every
        # task, so a fixed-seed evaluation rewarded a policy that always picks that index.
        rng = np.random.default_rng([int(self.np_random.integers(2**32)),
                                     zlib.crc32(self.task.task_id.encode())])
        proposed = list(self.proposer.propose(self.task, tuple(self._steps), self.k, rng))
        if len(proposed) != self.k or not all(isinstance(c, str) for c in proposed):
            raise ValueError(f"the proposer must return {self.k} str candidates, got "
                             f"{len(proposed)} for task {self.task.task_id!r}")
        self.candidates = proposed

    def _on_reset(self) -> None:
        self._propose()

    def _after_step(self, done: bool) -> None:
        if done:
            self.candidates = []
        else:
            self._propose()

    def _extra_state(self) -> dict[str, Any]:
        return {"candidates": tuple(self.candidates)}

    def _restore_extra(self, extra: Mapping[str, Any]) -> None:
        self.candidates = list(extra.get("candidates", ()))

    def _extra_info(self) -> dict[str, Any]:
        return {"candidates": list(self.candidates)}

    def _observation(self) -> np.ndarray:
        dim, k = self._dim, self.k
        obs = np.zeros((k + 2) * dim + 1 + k, dtype=np.float32)  # the Box of __init__
        feats = self.featurizer
        obs[:dim] = feats([self._problem])[0]
        if self._steps:
            obs[dim:2 * dim] = np.clip(feats(self._steps).mean(axis=0), -1.0, 1.0)
        if self.candidates:
            obs[2 * dim:(k + 2) * dim] = feats(self.candidates).reshape(-1)
            obs[(k + 2) * dim + 1:] = [float(is_code_step(c)) for c in self.candidates]
        obs[(k + 2) * dim] = len(self._steps) / self.max_steps
        return obs

    def oracle_action(self) -> int:
        """Privileged: the index of the reference next step among the candidates.

        For tests, teaching and imitation learning; an agent that calls it is cheating.

        Raises:
            RuntimeError: If no episode is running or the proposer cannot tell.
        """
        if self.task is None or self._done:
            raise RuntimeError("oracle_action needs a running episode")
        reference_step = getattr(self.proposer, "reference_step", None)
        if reference_step is None:
            raise RuntimeError("this proposer has no reference_step(task, steps) method")
        target = reference_step(self.task, tuple(self._steps))
        try:
            return self.candidates.index(target)
        except ValueError:
            raise RuntimeError("the reference step is not among the candidates") from None

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Take the ``action``-th candidate as the next step."""
        if isinstance(action, np.ndarray) and action.shape == ():
            action = action.item()
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise TypeError(f"O1Coder-Choice-v0 actions are ints in [0, {self.k}), got "
                            f"{type(action).__name__}")
        if not 0 <= int(action) < self.k:
            raise ValueError(f"action {int(action)} is outside [0, {self.k})")
        if self.task is None:
            raise RuntimeError("call reset() before step()")
        text = self.candidates[int(action)] if self.candidates else ""
        reward, terminated, truncated, info = self._take_step(text)
        return self._observation(), reward, terminated, truncated, info
