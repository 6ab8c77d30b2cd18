"""``O1Coder-v0``: the paper's step protocol (outline -> refine* -> code) as a text env."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gymnasium import spaces

from o1coder_env.envs.base import O1CoderBaseEnv
from o1coder_env.envs.textspace import fit_text, text_space
from o1coder_env.protocol.prompts import STEP_HEADER

__all__ = ["TRACE_SEPARATOR", "O1CoderEnv", "format_trace"]

#: What goes between two steps of the observation's ``trace``.
TRACE_SEPARATOR = "\n\n"


def format_trace(steps: Sequence[str]) -> str:
    """The observation's ``trace``: each step under ``### Step N`` (1-based), blank-line separated.

    This is the layout of :func:`o1coder_env.protocol.prompts.build_step_messages`, so an agent can
    put the trace into its prompt as is. ``""`` for no steps.
    """
    return TRACE_SEPARATOR.join(
        f"{STEP_HEADER.format(n=i)}\n{step}" for i, step in enumerate(steps, start=1)
    )


class O1CoderEnv(O1CoderBaseEnv[dict[str, Any], str]):
    r"""The O1-Coder reasoning env: solve one programming task in pseudocode steps, then code.

    ## Description
    An episode is one task (``O1Coder-v1``: from the built-in suite's train split by default;
    ``O1Coder-v0`` and ``evaluation=True``: from its test split). The agent writes
    one reasoning step per action: an outline (the paper's action 1), refinements (action 2), and
    finally the code step (action 3), a step holding a fenced ```python block, which ends the
    episode. The program is run once, in the sandbox, on the reward tests plus (for evaluation)
    the hidden tests.

    ## Action Space
    ``Text(max_length=max_action_length)`` over :data:`~o1coder_env.envs.textspace.CHARSET`. Any
    ``str`` is accepted (also longer ones and other characters): garbage is a reasoning step
    that earns nothing. A non-``str`` action raises ``TypeError``.

    ## Observation Space
    ``Dict``:

    * ``problem``: ``Text(max_problem_length)``, the problem statement plus what to implement
      (:func:`~o1coder_env.protocol.prompts.task_problem_text`);
    * ``trace``: ``Text(max_trace_length)``, the steps so far, each under ``### Step N``
      (:func:`format_trace`), ``""`` at reset;
    * ``step_index``: ``Discrete(max_steps + 1)``, the number of steps taken.

    Characters outside the charset become ``"?"`` and over-long text is cut with
    ``"\n...[truncated]"``; the untouched text is in ``info["steps"]`` (and ``info["problem"]``
    at reset). Hidden tests and reference solutions never appear.

    ## Rewards
    Outcome R of the program on the reward tests (``reward_tests``: ``"public"`` (default),
    ``"hidden"``, ``"tcg"`` or a weighted mix such as ``{"public": 0.5, "tcg": 0.5}``, whose
    per-source R are averaged with the weights)::

        pass = passed / total                                (reward_mode="fraction")
             | tau_pass if all passed else tau_fail          (reward_mode="binary")
        R    = compile_weight * compiled + (1 - compile_weight) * pass
               - compile_penalty * (not compiled)

    An episode truncated without a code step scores R as a program that does not compile (the
    minimum). Without a PRM every non-terminal step pays 0 and the terminal step pays R. With a
    ``prm`` (any ``(problem, steps) -> per-step scores in [0, 1]``), step j's score r_j is read
    when the step is taken and the episode pays phi (the paper's aggregation)::

        phi = alpha(t) * R + (1 - alpha(t)) * (1/m) * sum_{j=1..m} gamma^j * r_j

    over the m steps taken (the code step included): all at the terminal step
    (``prm_mode="terminal"``), or spread over the steps (``prm_mode="step"``: step j pays the
    change of the running discounted mean, the terminal step adds alpha * R; same total).
    ``alpha`` is a schedule of the training progress t (a float, ``"paper"`` =
    max(0.1, 1 - 0.01 t), ``"linear:START,END,HORIZON"``, or a callable); a trainer sets t with
    ``env.unwrapped.set_training_progress(t)``. With the defaults rewards lie in [0, 1]; the
    reference reasoning of a task earns 1.0.

    ## Episode End
    Terminated by the code step; truncated after ``max_steps`` steps without one. The
    registration's ``max_episode_steps`` is ``max_steps + 1``, a safety net that never fires
    first: for longer episodes pass ``max_steps=N, max_episode_steps=N + 1`` to
    ``gym.make``.

    ``info`` always has ``task_id``, ``step_index``, ``step_kind`` (``outline``, ``refine``,
    ``code``, or ``none`` at reset) and ``steps``. At the end it adds ``outcome``, ``compiled``,
    ``status``, ``reward_sources`` (passed/total/reward per source), ``tests`` (per reward test:
    source, index, status, error type, message; no message for hidden tests) and, unless
    ``report_hidden=False``, ``hidden`` (per hidden test: index and status only),
    ``hidden_passed`` and ``hidden_total``. With a PRM: ``process_reward`` each step, and
    ``alpha`` and ``process_rewards`` at the end.

    ## Arguments
    * ``evaluation`` (``-v1``: False; ``-v0``: None): the mode. ``False`` trains: ``split``
      defaults to ``"train"``, the ``"test"`` split is refused (and test-split tasks among
      ``tasks``/``split=None`` are dropped with a warning), hidden tests do not run unless
      ``report_hidden=True``. ``True`` evaluates: ``split`` defaults to ``"test"``, hidden
      verdicts are reported. ``None`` is ``-v0``'s behaviour (test split, hidden verdicts).
    * ``source``, ``split``, ``path``, ``task_ids``, ``task_filter``: which tasks
      (:func:`~o1coder_env.tasks.load_tasks`; default the built-in suite, split by
      ``evaluation``), or ``tasks``: a sequence of :class:`~o1coder_env.tasks.Task` records.
    * ``max_steps`` (8): steps before truncation.
    * ``reward_tests``, ``reward_mode``, ``tau_pass``, ``tau_fail``, ``compile_weight``,
      ``compile_penalty``: the outcome reward above.
    * ``prm``, ``prm_mode``, ``alpha``, ``gamma`` (0.9): process rewards and phi.
    * ``report_hidden`` (default: True when evaluating, False when training): run hidden tests
      at the code step for ``info``; search simulators pass False so hidden tests never run.
    * ``tcg``, ``tcg_tests`` (10): the test-case generator for ``reward_tests="tcg"`` (default a
      lazily made :class:`~o1coder_env.tcg.FuzzingTCG`), tests per task (cached per task).
    * ``sandbox`` (the shared :func:`~o1coder_env.sandbox.get_default_sandbox`), ``limits``.
    * ``max_problem_length`` (16384), ``max_trace_length`` (65536), ``max_action_length``
      (8192): the Text spaces' sizes.
    * ``render_mode``: ``"ansi"`` (``render()`` returns the trace) or ``"human"`` (prints it).
    * ``program_rule`` (``"last-fence"``): which python block of the code step is the program:
      the last one, or (``"entry-point"``) the last one that defines the task's entry point
      (:func:`~o1coder_env.protocol.steps.extract_code`). There is no ``O1Coder-v2``: the
      default did not change.

    ``env.unwrapped.get_state()`` / ``set_state(state)`` snapshot and restore an episode
    (:class:`~o1coder_env.envs.base.EnvState`) for tree search.

    ## Version History
    * v1: trains by default (``evaluation=False``): the train split, no hidden tests run, the
      test split refused; ``evaluation=True`` for the test split and hidden verdicts. Scoring of
      a program is unchanged.
    * v0: initial version (the test split and hidden verdicts by default).
    """

    def __init__(
        self,
        *,
        max_problem_length: int = 16384,
        max_trace_length: int = 65536,
        max_action_length: int = 8192,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        for name, value in (("max_problem_length", max_problem_length),
                            ("max_trace_length", max_trace_length),
                            ("max_action_length", max_action_length)):
            if value < 64:
                raise ValueError(f"{name} must be >= 64, got {value}")
        self.max_problem_length = max_problem_length
        self.max_trace_length = max_trace_length
        self.observation_space = spaces.Dict({
            "problem": text_space(max_problem_length),
            "trace": text_space(max_trace_length),
            "step_index": spaces.Discrete(self.max_steps + 1),
        })
        self.action_space = text_space(max_action_length)
        self._fitted_problem = ""

    def _on_reset(self) -> None:
        self._fitted_problem, _ = fit_text(self._problem, self.max_problem_length)

    def _restore_extra(self, extra: Any) -> None:
        self._on_reset()

    def _observation(self) -> dict[str, Any]:
        trace, _ = fit_text(format_trace(self._steps), self.max_trace_length)
        return {"problem": self._fitted_problem, "trace": trace,
                "step_index": len(self._steps)}

    def step(self, action: str) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        """Take one reasoning step (any ``str``); see the class docstring for the rewards."""
        if not isinstance(action, str):
            raise TypeError(f"{type(self).__name__} actions are str (one step's text), got "
                            f"{type(action).__name__}")
        reward, terminated, truncated, info = self._take_step(str(action))
        return self._observation(), reward, terminated, truncated, info
