"""``O1Coder-Direct-v2``: the paper's "vanilla" baseline, one action = the program."""

from __future__ import annotations

from typing import Any

from o1coder_env.envs.reasoning import O1CoderEnv
from o1coder_env.protocol.steps import StepKind, program_from_completion

__all__ = ["O1CoderDirectEnv"]


class O1CoderDirectEnv(O1CoderEnv):
    r"""Write the program in one action, no reasoning steps (the vanilla baseline).

    ## Description
    Same tasks, spaces, rewards and ``info`` as :class:`~o1coder_env.envs.reasoning.O1CoderEnv`,
    but every episode is one step: the action is the answer. Which text of the answer is the
    program is the env's ``program_rule``
    (:func:`~o1coder_env.protocol.steps.program_from_completion`, which the TRL reward
    ``SandboxReward`` and the verl/SkyRL integrations call too):

    * ``"entry-point"`` (``-v2``): the last fenced block that defines the task's entry point at
      module level (python blocks first), so an "example usage" block after the function does
      not replace it; when no block defines it, or for a stdin/stdout task, as ``"last-fence"``;
    * ``"last-fence"`` (``-v0``, ``-v1``): the last fenced ```python block; failing that, the
      last fenced block of any language.

    Either way, failing any block, the program is **the whole action text** (models asked for
    code often answer with bare code), so garbage becomes a program that does not compile and
    earns the minimum. The program is always ONE block (blocks are never joined), and the
    sandbox judges it on the task's tests: the rule chooses which text runs, never the verdict.

    ## Action Space
    ``Text(max_length=max_action_length)``; any ``str``; a non-``str`` raises ``TypeError``.

    ## Observation Space
    As ``O1Coder-v0``: ``problem``, ``trace`` (``""`` at reset) and ``step_index`` (0 or 1).

    ## Rewards
    The outcome R of ``O1Coder-v0`` (``reward_tests``, ``reward_mode``, ``tau_pass``,
    ``tau_fail``, ``compile_weight``, ``compile_penalty``); with a PRM, phi over the one step.

    ## Episode End
    Always terminated after the first step.

    ## Arguments
    Those of ``O1Coder-v0``; ``max_steps`` is fixed to 1. ``program_rule`` (``-v2``:
    ``"entry-point"``; ``-v0``/``-v1``: ``"last-fence"``) picks the program as above.

    ## Version History
    * v2: the program is the last block that defines the entry point (``program_rule=
      "entry-point"``); a correct function followed by a usage block now earns its reward.
      Trains by default, as v1. ``gym.make("O1Coder-Direct-v2", program_rule="last-fence")`` is
      v1's scoring.
    * v1: trains by default (``evaluation=False``: the train split, no hidden tests run, the test
      split refused); ``evaluation=True`` evaluates (see ``O1Coder-v1``). Scoring is unchanged.
    * v0: initial version (the test split and hidden verdicts by default).
    """

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.setdefault("max_steps", 1) != 1:
            raise ValueError(f"O1Coder-Direct has one step per episode; got "
                             f"max_steps={kwargs['max_steps']!r}")
        super().__init__(**kwargs)

    def _step_kind(self, text: str, index: int) -> StepKind:
        return StepKind.CODE

    def _program_of(self, text: str) -> str | None:
        return program_from_completion(text, entry_point=self._entry_point(),
                                       rule=self.program_rule)
