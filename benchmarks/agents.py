"""The bench's agent line-up: named specs that say which agent, env and generator to use.

A spec is plain data, so a bench run can be described in a config file, resumed, and run in
worker processes that rebuild the agent from it. ``o1coder bench --agents`` takes spec names
from :data:`BENCH_AGENTS` and ``--agent package.module:Class`` adds a user's agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.episode.protocol import DIRECT_ENV_ID, PSEUDOCODE_ENV_ID
from agents.rl.config import CHOICE_ENV_ID

__all__ = ["BENCH_AGENTS", "DEFAULT_AGENTS", "KINDS", "PAPER_MCTS", "AgentSpec",
           "custom_agent_spec", "resolve_agents"]

#: The bench's envs: the newest id of each (``-v0`` ids still work for users, with Gymnasium's
#: "out of date" note). The runner makes them with ``evaluation=True`` (test split, hidden
#: verdicts: what ``-v0`` did). ``O1Coder-Direct-v2`` scores the last block that defines the
#: entry point (``-v0``: the last python block), see docs/benchmarks.md.
PSEUDOCODE_ENV = PSEUDOCODE_ENV_ID
DIRECT_ENV = DIRECT_ENV_ID
CHOICE_ENV = CHOICE_ENV_ID

#: Agent kinds, each ranked in its own leaderboard table: ``oracle-fed`` agents use no model and
#: choose among candidates that include the task's reference step (the Choice env's K: the
#: reference step, mutants of the reference code, train-split steps): they are fed the answer's
#: neighbourhood, so their scores say how well they pick, not how well they write code.
#: ``model-free`` agents use no model and nothing of the evaluated task's reference: their
#: candidate steps come from other tasks (``mcts-candidates``: the train split). ``model``
#: agents get every step from the run's language model.
KINDS: dict[str, str] = {
    "oracle-fed": "Oracle-fed agents (no model; their candidates include the task's reference "
                  "step)",
    "model-free": "Model-free agents (no model, nothing of the evaluated task's reference: "
                  "their candidate steps come from the train split)",
    "model": "Model agents (the run's language model writes every step)",
}


@dataclass(frozen=True)
class AgentSpec:
    """One contestant of a bench run.

    Attributes:
        label: The name on the leaderboard (unique within a run).
        agent: A registered agent name (``agents.baselines.AGENTS``) or ``package.module:Class``.
        mode: ``pseudocode`` or ``direct`` (the agent's protocol).
        env_id: The evaluation env.
        generator: ``"llm"`` (the run's language model: ``--generator``/``--model``),
            ``"candidates"`` (the offline proposer, no model) or ``None``.
        settings: Keyword settings of the agent (``n``, ``rollouts``...).
        llm_subset: True when the agent is expensive and runs on the run's LLM task subset.
        description: One line for the leaderboard and ``--help``.
        kind: ``"oracle-fed"``, ``"model-free"`` or ``"model"`` (:data:`KINDS`): the
            leaderboard table it is ranked in. Default: ``"model"`` with an LLM generator, else
            ``"oracle-fed"``.
        sees: What the agent sees beyond the problem statement (the leaderboard's legend).
    """

    label: str
    agent: str
    mode: str = "pseudocode"
    env_id: str = PSEUDOCODE_ENV
    generator: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    llm_subset: bool = False
    description: str = ""
    kind: str = ""
    sees: str = ""

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", "model" if self.generator == "llm" else "oracle-fed")
        if self.kind not in KINDS:
            raise ValueError(f"agent {self.label!r}: kind must be one of {list(KINDS)}, got "
                             f"{self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "label": self.label, "agent": self.agent, "mode": self.mode, "env_id": self.env_id,
            "generator": self.generator, "settings": dict(self.settings),
            "llm_subset": self.llm_subset, "description": self.description,
            "kind": self.kind, "sees": self.sees,
        }


#: The MCTS budget of the paper's Table 1 (O1-Coder, section 4): rollouts, depth, children per
#: expansion and the sampling settings.
PAPER_MCTS: dict[str, Any] = {"rollouts": 15, "max_depth": 5, "k": 3, "temperature": 0.8,
                              "top_p": 0.95, "top_k": 40}

#: Every named agent of the bench. LLM agents use the run's model (default SmolLM2-135M).
BENCH_AGENTS: dict[str, AgentSpec] = {
    spec.label: spec
    for spec in (
        AgentSpec("random", "random", env_id=CHOICE_ENV,
                  description="uniform choice among K candidate steps (Choice env)",
                  sees="K candidates from the env: the reference step + mutants + train-split "
                  "steps; no tests"),
        AgentSpec("mcts-candidates", "mcts", generator="candidates",
                  settings={"rollouts": 32, "k": 3, "max_depth": 5}, kind="model-free",
                  description="MCTS over train-split tasks' steps (no model, nothing of the "
                  "evaluated task's reference)",
                  sees="steps of train-split tasks from its generator (the next steps of the "
                  "train traces it follows, train programs); public tests (simulator)"),
        AgentSpec("vanilla-greedy", "greedy", mode="direct", env_id=DIRECT_ENV, generator="llm",
                  settings={"max_new_tokens": 192}, llm_subset=True,
                  description="LLM writes the code directly, temperature 0",
                  sees="problem only"),
        AgentSpec("pseudo-greedy", "greedy", generator="llm",
                  settings={"max_new_tokens": 128}, llm_subset=True,
                  description="LLM reasons outline -> refine -> code, temperature 0",
                  sees="problem only"),
        AgentSpec("best-of-n", "best-of-n", generator="llm",
                  settings={"n": 3, "max_new_tokens": 128}, llm_subset=True,
                  description="3 sampled pseudocode traces, best by public tests",
                  sees="problem; public tests (simulator)"),
        AgentSpec("mcts-llm", "mcts", generator="llm",
                  settings={"rollouts": 3, "k": 2, "max_depth": 3, "max_new_tokens": 128},
                  llm_subset=True,
                  description="MCTS over LLM-sampled pseudocode steps (small budget)",
                  sees="problem; public tests (simulator)"),
        AgentSpec("sample", "sample", generator="llm", settings={"max_new_tokens": 128},
                  llm_subset=True, description="LLM pseudocode steps sampled at temperature 0.8",
                  sees="problem only"),
        AgentSpec("ppo-choice", "agents.rl.sb3_ppo:PPOChoiceAgent", env_id=CHOICE_ENV,
                  description="SB3 PPO policy over K candidates (model: $O1CODER_PPO_MODEL, "
                  "default runs/ppo-choice; train it with `o1coder rl train-ppo`)",
                  sees="K candidates from the env (as random), featurized; no tests"),
        AgentSpec("mcts-vanilla", "mcts", mode="direct", env_id=DIRECT_ENV, generator="llm",
                  settings={"rollouts": 4, "k": 3, "max_depth": 1, "max_new_tokens": 256},
                  llm_subset=True, description="MCTS sampling of direct code (vanilla CoT)",
                  sees="problem; public tests (simulator)"),
        # The paper's Table 1 setting (O1-Coder, Zhang et al. 2024): MCTS with 15 rollouts,
        # depth 5, 3 children per expansion, T 0.8, top-p 0.95, top-k 40 (the MCTSConfig
        # defaults). Vanilla CoT writes the code in one step, so its depth is 1 by definition.
        AgentSpec("mcts-vanilla-paper", "mcts", mode="direct", env_id=DIRECT_ENV,
                  generator="llm", settings={**PAPER_MCTS, "max_depth": 1,
                                             "max_new_tokens": 384},
                  llm_subset=True,
                  description="Table 1 vanilla CoT: MCTS sampling of direct code at the "
                  "paper's budget", sees="problem; public tests (simulator)"),
        AgentSpec("mcts-pseudo-paper", "mcts", generator="llm",
                  settings={**PAPER_MCTS, "max_new_tokens": 256}, llm_subset=True,
                  description="Table 1 pseudocode CoT: MCTS over LLM pseudocode steps at the "
                  "paper's budget", sees="problem; public tests (simulator)"),
    )
}

#: The line-up of ``o1coder bench`` with no ``--agents``.
DEFAULT_AGENTS: tuple[str, ...] = (
    "random", "mcts-candidates", "vanilla-greedy", "pseudo-greedy", "best-of-n", "mcts-llm",
)


def custom_agent_spec(target: str, *, mode: str = "pseudocode") -> AgentSpec:
    """A spec for a user's ``package.module:Class`` agent (uses the run's LLM generator)."""
    if ":" not in target:
        raise ValueError(f"--agent takes 'package.module:Class', got {target!r}")
    env_id = DIRECT_ENV if mode == "direct" else PSEUDOCODE_ENV
    return AgentSpec(label=target.rsplit(":", 1)[1], agent=target, mode=mode, env_id=env_id,
                     generator="llm", llm_subset=True, description=f"custom agent {target}",
                     sees="whatever its code uses of the tools (problem, public tests, LLM)")


def resolve_agents(names: list[str], custom: list[str] | None = None) -> list[AgentSpec]:
    """Turn ``--agents`` names and ``--agent`` targets into specs (labels unique).

    Raises:
        ValueError: For an unknown name (the message lists the known ones) or a duplicate label.
    """
    specs: list[AgentSpec] = []
    for name in names:
        if ":" in name:
            specs.append(custom_agent_spec(name))
            continue
        try:
            specs.append(BENCH_AGENTS[name])
        except KeyError:
            raise ValueError(
                f"unknown bench agent {name!r}; known: {', '.join(BENCH_AGENTS)} "
                "(or --agent package.module:Class)"
            ) from None
    specs.extend(custom_agent_spec(t) for t in custom or [])
    labels = [s.label for s in specs]
    dupes = sorted({x for x in labels if labels.count(x) > 1})
    if dupes:
        raise ValueError(f"agent label(s) given twice: {', '.join(dupes)}")
    return specs
