"""The self-play loop (the paper's steps 2-6, iterated): search, PRM, policy, TCG, evaluation.

Each round ``r`` (folder ``OUT/round_{r:03d}``):

1. **synthesize** -- MCTS over the train tasks with the current policy (the ``hf`` generator on
   the policy checkpoint; or ``candidates``, the offline proposer, which needs no model) ->
   ``trees.jsonl`` (resumable per task). The previous round's PRM guides it (``prm_use``:
   PUCT priors, or leaf values mixed with rollouts) and, with ``reward_tests="tcg"``, the
   previous round's TCG makes the only tests it sees (the paper's no-given-tests setting).
2. **PRM** (optional, ``prm_kind``) -- train the process reward model on the trees (this
   round's, or with ``prm_data="all"`` every round's so far), starting from the previous
   round's PRM (round 1: ``prm_init``, a PRM trained apart, or none) -> ``prm/``.
3. **policy** -- SFT on the fully correct paths (D+), then DPO on step-level sibling pairs
   (ranked by phi(alpha(t)) of the outcome value and the PRM when a PRM is on), each
   through :mod:`agents.training` -> ``sft/``, ``dpo/``; a stage with no data is skipped and
   logged. The last stage's checkpoint is the next round's policy.
4. **TCG** (optional, ``tcg_steps > 0`` and/or ``tcg_dpo_steps > 0``) -- SFT of the test-case
   generator on the train tasks' reference tests, then DPO on the paper's pairs (chosen: the
   true cases; rejected: the same inputs with shuffled or wrong outputs) -> ``tcg/`` (the SFT
   checkpoint is ``tcg-sft/`` when both run); with ``tcg_train_rounds = N`` only in rounds
   1-N, later rounds keep that TCG.
5. **evaluate** -- the greedy pseudocode agent with the new policy on the held-out split: hidden
   test success rate and mean reward (95 % intervals); the PRM's step AUC on held-out trees
   (``prm_eval_trees``) and the TCG's validity and mutation score on the held-out tasks.

Round 0 (``round_000.json``) is the initial policy's evaluation; the summary JSON
(``OUT/selfplay.json`` or ``json``) lists every round and the paired interval of the last
round's pass@1 against round 0's.

``round.json`` is written last, atomically: a round with it is finished, and a rerun starts
after the last finished round (an interrupted round's finished stages are not redone:
synthesis resumes per task and a stage whose checkpoint exists is reused). ``log.json`` gathers
every round's metrics and ``metrics.png`` plots them.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from o1coder_env.config_fields import help_field

__all__ = [
    "ROUND_FILE",
    "SelfPlayConfig",
    "finished_rounds",
    "plot_rounds",
    "run_selfplay",
]

ROUND_FILE = "round.json"
CONFIG_FILE = "selfplay_config.json"
LOG_FILE = "log.json"
#: Config fields that may change between a run and its resumption (they do not change what a
#: finished round means).
_RESUMABLE = ("rounds", "out", "progress", "json", "prm_eval_trees")
#: How a round's search uses the previous round's PRM (``SelfPlayConfig.prm_use``).
PRM_USES = ("prior", "mixed", "leaf")
BASELINE_FILE = "round_000.json"
#: What the policy (``SelfPlayConfig.policy_data``) and the PRM (``prm_data``) train on each
#: round: this round's trees, or every round's so far.
POLICY_DATA = ("round", "all")
#: What each round's policy training starts from (``SelfPlayConfig.policy_start``).
POLICY_STARTS = ("previous", "base")
#: How the TCG's DPO pairs are made (see ``SelfPlayConfig.tcg_dpo_pairs``).
TCG_DPO_PAIRS = ("synthetic", "onpolicy", "both")


@dataclass
class SelfPlayConfig:
    """Every setting of a self-play run (defaults: a small CPU budget with SmolLM2-135M)."""

    out: str = help_field("Run folder (rounds, log.json, metrics.png).", "runs/selfplay")
    rounds: int = help_field("Rounds to have finished when the call returns.", 2)
    model: str = help_field("Initial policy: alias (smollm2-135m), local folder or hub id.",
                            "smollm2-135m")
    # --- tasks -------------------------------------------------------------------------------
    source: str = help_field("Task source.", "builtin")
    path: str | None = help_field("Data file for file-based sources.", None)
    train_split: str | None = help_field("Split the trees are searched on.", "train")
    eval_split: str | None = help_field("Held-out split of the evaluation.", "test")
    train_tasks: int | None = help_field("Search at most this many train tasks per round.", 4)
    eval_tasks: int | None = help_field("Evaluate on at most this many held-out tasks.", 4)
    # --- synthesis ---------------------------------------------------------------------------
    generator: str = help_field("Step generator of the search: hf (the current policy) or "
                                "candidates (offline proposer, no model).", "hf")
    mode: str = help_field("Protocol: pseudocode (outline -> refine -> code) or direct.",
                           "pseudocode")
    rollouts: int = help_field("MCTS rollouts per task.", 6)
    k: int = help_field("Children per expansion.", 3)
    max_depth: int = help_field("Most steps per trace.", 4)
    temperature: float = help_field("Sampling temperature of the search.", 0.8)
    plan_steps: int = help_field(
        "Pseudocode: the search's first N steps are plans, cut before any code fence, so its "
        "trees branch on plans before programs and a PRM can steer them (0: off, the paper's "
        "rule; SmolLM2 then writes the program in step 1 and the trees are one expansion "
        "deep, docs/selfplay.md).", 0)
    max_new_tokens: int = help_field("Longest generated step (search and evaluation).", 160)
    reward_tests: str = help_field(
        "Tests of the search's terminal reward: public (the task's given tests) or tcg (the "
        "paper's setting: no given test at all, only tests the current round's TCG makes from "
        "the problem and the reference; hidden tests stay the evaluation truth).", "public")
    # --- PRM ---------------------------------------------------------------------------------
    prm_kind: str = help_field("PRM to update each round: none, encoder (MiniLM + value head) or "
                               "generative (causal LM + LoRA).", "none")
    prm_steps: int = help_field("PRM optimizer steps per round.", 20)
    prm_freeze_encoder: bool = help_field("Encoder PRM: train the value head only (fast on CPU).",
                                          True)
    prm_model: str | None = help_field("Base model of the PRM (default: the kind's default).",
                                       None)
    prm_use: str = help_field(
        "How round r+1's search uses round r's PRM: prior (the PRM's step scores are PUCT "
        "priors; node values stay pure test outcomes), mixed (leaf value mixed with the rollout "
        "outcome, weight leaf_mix) or leaf (the leaf value replaces the rollout).", "prior")
    leaf_mix: float = help_field("Weight of the PRM's leaf value in prm_use=mixed.", 0.5)
    phi_alpha: str = help_field(
        "alpha(t) of phi for the DPO pairs when a PRM is on (t = rounds done): a sibling's value "
        "is alpha * V/N + (1 - alpha) * PRM(step); see o1coder_env.rewards.make_alpha_schedule.",
        "linear:0.9,0.5,4")
    prm_eval_trees: str | None = help_field(
        "Held-out tree file (o1coder mcts on the eval split) for each round's PRM step AUC.",
        None)
    prm_init: str | None = help_field(
        "PRM of round 1's search and the start of round 1's PRM update: a folder of o1coder "
        "prm train (trained apart, e.g. on an initial search of the train split with the "
        "initial policy: the paper's first PRM) or heuristic. Default: round 1 searches "
        "without a PRM. With prm_kind=none it guides every round unchanged.", None)
    prm_data: str = help_field(
        "Trees each round's PRM update trains on: round (this round's search only) or all "
        "(every round's so far). A round's search gives 12-40 step examples on a CPU budget, "
        "too few for a PRM alone (docs/selfplay.md).", "round")
    # --- policy ------------------------------------------------------------------------------
    sft_steps: int = help_field("SFT optimizer steps per round (0: no SFT).", 10)
    dpo_steps: int = help_field("DPO optimizer steps per round (0: no DPO).", 10)
    learning_rate: float = help_field("Policy learning rate of SFT (DPO uses a quarter).", 2e-5)
    batch_size: int = help_field("Policy examples per device per step.", 2)
    max_length: int = help_field("Longest tokenized training example.", 768)
    dpo_beta: float = help_field("DPO beta.", 0.1)
    dpo_margin: float = help_field("Least value gap of a DPO sibling pair.", 0.2)
    lora: bool = help_field("Train LoRA adapters (merged after each stage) instead of all weights.",
                            False)
    policy_data: str = help_field(
        "Trees the policy's SFT and DPO train on: round (this round's search only) or all (every "
        "round's so far: the paper's step 6, new data is added to the data set).", "round")
    policy_start: str = help_field(
        "Model each round's SFT starts from: previous (the last round's policy, which the next "
        "search uses) or base (the initial model, as ReST-EM does against compounding "
        "over-fitting; best with policy_data=all).", "previous")
    bf16: bool = help_field("bfloat16 mixed precision (GPU).", False)
    # --- TCG and evaluation ------------------------------------------------------------------
    tcg_kind: str = help_field(
        "TCG of the search (reward_tests=tcg) and of the TCG figures: llm (the LLM TCG, "
        "trained each round with tcg_steps) or fuzzing (mutation of the given inputs with the "
        "reference's outputs: not trained, and it reads the public inputs).", "llm")
    tcg_model: str | None = help_field("Initial LLM TCG model (default: --model).", None)
    tcg_steps: int = help_field("TCG fine-tuning steps per round (0: the TCG is not updated).", 0)
    tcg_dpo_steps: int = help_field(
        "TCG DPO steps per round, after its SFT (the paper's second TCG stage: chosen = the true "
        "cases, rejected = the same inputs with wrong outputs; 0: no DPO).", 0)
    tcg_train_rounds: int = help_field(
        "Train the TCG (tcg_steps, tcg_dpo_steps) only in the first N rounds and keep it after "
        "(0: every round). The paper trains its TCG once, before the loop; retrained every "
        "round on the same train tasks it drifts (measured: docs/selfplay.md).", 0)
    tcg_dpo_sft_weight: float = help_field(
        "Weight of an SFT loss on the chosen cases added to the TCG's DPO (as RPO: more of its "
        "tests parse, though validity did not rise where measured, docs/tcg.md); 0: plain DPO.",
        0.0)
    tcg_dpo_pairs: str = help_field(
        "Pairs of the TCG's DPO: synthetic (the paper's: true cases against shuffled or "
        "mutated outputs), onpolicy (the TCG after its SFT is sampled tcg_dpo_samples times on "
        "the round's train tasks; each answer with a test the reference fails is paired "
        "against the same inputs with the reference's outputs: agents.tcg.onpolicy; on "
        "SmolLM2 it lowered validity, docs/tcg.md), or both.", "synthetic")
    tcg_cases: str = help_field(
        "Which of each train task's data tests the TCG's SFT completions and synthetic DPO "
        "pairs are drawn from: all, or short (the shorter half as written, tests whose "
        "expected value a small model can work out: agents.tcg.training.short_cases). "
        "Measured on SmolLM2 (docs/tcg.md), four seeds of the loop's TCG stage from a "
        "short-case SFT model: held-out validity 0.778 pooled (0.743 with all), 0.57 valid "
        "tests per test asked (0.40).", "all")
    tcg_dpo_samples: int = help_field(
        "Answers sampled per train task for on-policy TCG pairs (at tcg_temperature).", 4)
    tcg_tests: int = help_field("Tests asked of the TCG per task.", 5)
    tcg_max_new_tokens: int = help_field("Longest LLM TCG completion.", 256)
    tcg_temperature: float = help_field(
        "Sampling temperature of the LLM TCG (0: greedy). Measured on 102 held-out procedural "
        "tasks (docs/tcg.md): 0.3 gives validity 0.774 and 0.54 valid tests per test asked, "
        "against 0.762 and 0.51 at 0.7.", 0.7)
    tcg_votes: int = help_field(
        "Completions the LLM TCG samples for each one asked; above 1, each input keeps the "
        "expected value most of them wrote (agents.tcg.llm.vote_tests). Needs "
        "tcg_temperature > 0. Measured on held-out procedural tasks (docs/tcg.md): kept at 5 "
        "of 5, validity 0.823 against one sample's 0.775, at 0.47 valid tests per test asked "
        "against 0.57; kept at 2 of 5, no gain. The loop's TCG keeps only tests the reference "
        "passes, so there a vote only costs tests; it serves tasks without a reference.", 1)
    tcg_min_agreement: int = help_field(
        "Completions that must write the same test, input and expected value, for the LLM TCG "
        "to keep it (1 to tcg_votes).", 1)
    tcg_eval_mutants: int = help_field("Mutants per held-out task of the TCG's mutation score.",
                                       10)
    tcg_eval_tasks: int | None = help_field(
        "Judge the TCG on at most this many of the held-out tasks (the first ones; default: "
        "all). Writing tests is the slowest part of a CPU round, so a smaller sample keeps "
        "rounds short.", None)
    json: str | None = help_field(
        "Summary JSON (rounds with pass@1, intervals, PRM AUC, TCG validity; paired interval "
        "last vs round 0). Default OUT/selfplay.json; the real run's is "
        "docs/measurements/learning/selfplay.json.", None)
    eval_seeds: tuple[int, ...] = help_field("Seeds of the held-out evaluation episodes.", (0,))
    seed: int = help_field("Seed of the search, the trainers and the evaluation.", 0)
    sandbox_backend: str = help_field("Sandbox backend: process, bwrap, auto.", "process")
    progress: bool = help_field("Progress bars on stderr.", False)

    def __post_init__(self) -> None:
        owner = type(self).__name__
        self.eval_seeds = tuple(self.eval_seeds)
        for name in ("rounds", "rollouts", "k", "max_depth", "max_new_tokens", "batch_size",
                     "max_length", "prm_steps", "tcg_tests", "tcg_max_new_tokens",
                     "tcg_eval_mutants", "tcg_dpo_samples", "tcg_votes", "tcg_min_agreement"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{owner}.{name} must be an int >= 1, got {value!r}")
        for name in ("sft_steps", "dpo_steps", "tcg_steps", "tcg_dpo_steps", "tcg_train_rounds"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{owner}.{name} must be an int >= 0, got {value!r}")
        for name in ("train_tasks", "eval_tasks", "tcg_eval_tasks"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValueError(f"{owner}.{name} must be None or an int >= 1, got {value!r}")
        if self.generator not in ("hf", "candidates"):
            raise ValueError(f"{owner}.generator must be 'hf' or 'candidates', got "
                             f"{self.generator!r}")
        if self.mode not in ("pseudocode", "direct"):
            raise ValueError(f"{owner}.mode must be 'pseudocode' or 'direct', got {self.mode!r}")
        from agents.mcts.search import MCTSConfig

        try:  # the search's own check of plan_steps against max_depth, run now
            MCTSConfig(max_depth=self.max_depth, plan_steps=self.plan_steps)
        except ValueError as exc:
            raise ValueError(f"{owner}: {exc}") from exc
        if self.prm_kind not in ("none", "encoder", "generative"):
            raise ValueError(f"{owner}.prm_kind must be none, encoder or generative, got "
                             f"{self.prm_kind!r}")
        if self.reward_tests not in ("public", "tcg"):
            raise ValueError(f"{owner}.reward_tests must be 'public' or 'tcg', got "
                             f"{self.reward_tests!r}")
        if self.prm_use not in PRM_USES:
            raise ValueError(f"{owner}.prm_use must be one of {PRM_USES}, got {self.prm_use!r}")
        if not 0.0 <= self.leaf_mix <= 1.0:
            raise ValueError(f"{owner}.leaf_mix must be in [0, 1], got {self.leaf_mix!r}")
        for name in ("policy_data", "prm_data"):
            if getattr(self, name) not in POLICY_DATA:
                raise ValueError(f"{owner}.{name} must be one of {POLICY_DATA}, got "
                                 f"{getattr(self, name)!r}")
        if self.policy_start not in POLICY_STARTS:
            raise ValueError(f"{owner}.policy_start must be one of {POLICY_STARTS}, got "
                             f"{self.policy_start!r}")
        if self.tcg_dpo_pairs not in TCG_DPO_PAIRS:
            raise ValueError(f"{owner}.tcg_dpo_pairs must be one of {TCG_DPO_PAIRS}, got "
                             f"{self.tcg_dpo_pairs!r}")
        from agents.tcg.training import CASE_POOLS

        if self.tcg_cases not in CASE_POOLS:
            raise ValueError(f"{owner}.tcg_cases must be one of {CASE_POOLS}, got "
                             f"{self.tcg_cases!r}")
        if self.tcg_kind not in ("llm", "fuzzing"):
            raise ValueError(f"{owner}.tcg_kind must be 'llm' or 'fuzzing', got "
                             f"{self.tcg_kind!r}")
        from o1coder_env.rewards import make_alpha_schedule

        make_alpha_schedule(self.phi_alpha)  # a bad spec fails now, naming itself
        for name in ("learning_rate", "dpo_beta"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{owner}.{name} must be > 0, got {getattr(self, name)!r}")
        if not self.temperature >= 0 or not self.dpo_margin >= 0 or \
                not self.tcg_temperature >= 0:
            raise ValueError(f"{owner}.temperature, tcg_temperature and dpo_margin must be >= 0")
        if not (self.tcg_dpo_sft_weight >= 0 and math.isfinite(self.tcg_dpo_sft_weight)):
            raise ValueError(f"{owner}.tcg_dpo_sft_weight must be a number >= 0, got "
                             f"{self.tcg_dpo_sft_weight!r}")
        if self.tcg_min_agreement > self.tcg_votes:
            raise ValueError(f"{owner}.tcg_min_agreement ({self.tcg_min_agreement}) must be at "
                             f"most tcg_votes ({self.tcg_votes})")
        if self.tcg_votes > 1 and self.tcg_temperature == 0:
            raise ValueError(f"{owner}.tcg_votes={self.tcg_votes} needs tcg_temperature > 0 "
                             "(greedy samples are all the same)")
        if not self.eval_seeds:
            raise ValueError(f"{owner}.eval_seeds must name at least one seed")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


# --- resumption -------------------------------------------------------------------------------

def round_dir(out: str | Path, index: int) -> Path:
    """The folder of round ``index`` (1-based)."""
    return Path(out) / f"round_{index:03d}"


def finished_rounds(out: str | Path) -> list[dict[str, Any]]:
    """The records of the finished rounds, in order (stops at the first unfinished one)."""
    records = []
    index = 1
    while (round_dir(out, index) / ROUND_FILE).is_file():
        records.append(json.loads((round_dir(out, index) / ROUND_FILE).read_text("utf-8")))
        index += 1
    return records


def _write_json(path: Path, payload: Any) -> None:
    """Write JSON atomically (a crash leaves the old file or the new one, never half)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _check_same_run(out: Path, config: SelfPlayConfig) -> None:
    path = out / CONFIG_FILE
    current = config.to_dict()
    if path.is_file():
        saved = json.loads(path.read_text("utf-8"))
        # A setting added after the run was made counts as its default there.
        defaults = {f.name: f.default for f in dataclasses.fields(SelfPlayConfig)
                    if f.default is not dataclasses.MISSING}
        diff = sorted(k for k in current if k not in _RESUMABLE
                      and json.dumps(saved.get(k, defaults.get(k))) != json.dumps(current[k]))
        if diff:
            raise ValueError(f"{out} holds a self-play run with other settings ({', '.join(diff)}"
                             "); use another --out or the same settings")
    _write_json(path, current)


# --- the loop ---------------------------------------------------------------------------------

def run_selfplay(config: SelfPlayConfig, *,
                 log: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Run rounds until ``config.rounds`` are finished (resuming after the last finished one).

    Before round 1 the initial policy is evaluated once (``round_000.json``, the "round 0" of
    the summary). After every round the summary JSON (``config.json``, default
    ``OUT/selfplay.json``) is rewritten.

    Returns:
        Every finished round's record (those of earlier calls included).
    """
    say = log or (lambda msg: print(f"selfplay: {msg}", file=sys.stderr, flush=True))
    out = Path(config.out)
    if config.prm_init:
        _check_prm_init(config.prm_init, config.prm_kind)  # before the run folder is made
    out.mkdir(parents=True, exist_ok=True)
    _check_same_run(out, config)
    records = finished_rounds(out)
    if len(records) >= config.rounds:
        say(f"{len(records)} round(s) already finished in {out}; nothing to run")
        if records and (out / BASELINE_FILE).is_file():
            # Rewritten from the round records, so that a newer version's summary fields
            # reach a finished run without running anything again.
            baseline = json.loads((out / BASELINE_FILE).read_text("utf-8"))
            _write_json(summary_path(config),
                        summarize_rounds(config, baseline, records[:config.rounds]))
            plot_rounds(records[:config.rounds], out / "metrics.png", baseline)
            say(f"summary rewritten: {summary_path(config)}")
        return records
    from o1coder_env.tasks import load_tasks

    train = load_tasks(config.source, split=config.train_split, path=config.path,
                       limit=config.train_tasks)
    held_out = load_tasks(config.source, split=config.eval_split, path=config.path,
                          limit=config.eval_tasks)
    if not train or not held_out:
        raise ValueError(f"self-play needs train and held-out tasks: {len(train)} in split "
                         f"{config.train_split!r}, {len(held_out)} in {config.eval_split!r}")
    baseline = _baseline(config, out, held_out, say)
    policy = records[-1]["policy"] if records else config.model
    prm_path = records[-1].get("prm") if records else config.prm_init
    tcg_spec = records[-1].get("tcg") if records else initial_tcg(config)
    for index in range(len(records) + 1, config.rounds + 1):
        say(f"round {index}: policy {policy}, PRM {prm_path}, TCG {tcg_spec}")
        record = _run_round(config, index, policy, prm_path, tcg_spec, train, held_out, say)
        _write_json(round_dir(out, index) / ROUND_FILE, record)
        records.append(record)
        policy, prm_path, tcg_spec = record["policy"], record.get("prm"), record.get("tcg")
        _write_json(out / LOG_FILE, {"config": config.to_dict(), "round_0": baseline,
                                     "rounds": records})
        _write_json(summary_path(config), summarize_rounds(config, baseline, records))
        plot_rounds(records, out / "metrics.png", baseline)
    return records


def initial_tcg(config: SelfPlayConfig) -> str | None:
    """The TCG of round 1: ``fuzzing`` or the initial LLM TCG's model.

    ``None`` when the run uses no TCG (given tests and ``tcg_steps=0``).
    """
    if config.reward_tests != "tcg" and not (config.tcg_steps or config.tcg_dpo_steps):
        return None
    if config.tcg_kind == "fuzzing":
        return "fuzzing"
    return config.tcg_model or config.model


def _check_prm_init(spec: str, prm_kind: str) -> None:
    """Fail before any work when ``prm_init`` cannot guide the search or be trained on."""
    from agents.prm import TrainablePRM, load_prm

    try:
        prm = load_prm(spec)
    except (FileNotFoundError, ValueError) as exc:
        raise ValueError(f"prm_init {spec!r} is not a PRM: {exc}") from exc
    if prm_kind != "none" and not isinstance(prm, TrainablePRM):
        raise ValueError(f"prm_init {spec!r} is a {type(prm).__name__}, which "
                         f"prm_kind={prm_kind!r} cannot train; use prm_kind=none to "
                         "search with it unchanged")


def summary_path(config: SelfPlayConfig) -> Path:
    """Where the summary JSON goes (``config.json``, default ``OUT/selfplay.json``)."""
    return Path(config.json) if config.json else Path(config.out) / "selfplay.json"


def _baseline(config: SelfPlayConfig, out: Path, held_out: list[Any],
              say: Callable[[str], None]) -> dict[str, Any]:
    """Round 0: the initial policy on the held-out tasks (computed once, then reused)."""
    path = out / BASELINE_FILE
    if path.is_file():
        return dict(json.loads(path.read_text("utf-8")))
    record: dict[str, Any] = {"round": 0, "policy": config.model, "prm": config.prm_init,
                              "tcg": initial_tcg(config),
              "eval": evaluate_policy(config, config.model, held_out)}
    # The initial PRM (prm_init) is judged too, so that round 1's PRM figures have a baseline.
    record["prm_eval"] = _prm_quality(config, config.prm_init)
    # The initial TCG is judged too, so that round 1's TCG figures have a baseline.
    record["tcg_eval"] = _tcg_quality(config, record["tcg"], held_out[:config.tcg_eval_tasks],
                                      config.seed)
    say(f"round 0: held-out success {record['eval']['success_rate']:.3f}")
    _write_json(path, record)
    return record


class CallCounter:
    """Delegates to ``inner`` and counts the calls of the named methods (and of ``__call__``).

    The loop hands the search its PRM and TCG through this wrapper, so that every round record
    states how often the search really asked them (and a test can check it).
    """

    def __init__(self, inner: Any, methods: tuple[str, ...]) -> None:
        self.__dict__.update(inner=inner, methods=methods, calls=0)

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.__dict__["inner"], name)
        if name not in self.__dict__["methods"] or not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.__dict__["calls"] += 1
            return attr(*args, **kwargs)

        return counted

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.__dict__["calls"] += 1
        return self.__dict__["inner"](*args, **kwargs)


def make_tcg(config: SelfPlayConfig, spec: str, seed: int) -> Any:
    """The TCG named by a round record's ``tcg`` (``fuzzing`` or an LLM TCG model)."""
    if spec == "fuzzing":
        from o1coder_env.tcg import FuzzingTCG

        return FuzzingTCG(sandbox=_sandbox(config), seed=seed)
    from agents.generators import Sampling, make_generator
    from agents.tcg import LLMTCG

    sampling = Sampling(temperature=config.tcg_temperature, top_p=0.95,
                        max_new_tokens=config.tcg_max_new_tokens, seed=seed)
    return LLMTCG(make_generator("hf", model=spec), sampling, sandbox=_sandbox(config),
                  votes=config.tcg_votes, min_agreement=config.tcg_min_agreement)


def _run_round(config: SelfPlayConfig, index: int, policy: str, prm_path: str | None,
               tcg_spec: str | None, train: list[Any], held_out: list[Any],
               say: Callable[[str], None]) -> dict[str, Any]:
    folder = round_dir(config.out, index)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    record: dict[str, Any] = {"round": index, "policy_in": policy, "prm_in": prm_path,
                              "tcg_in": tcg_spec, "stages": {}}
    seed = config.seed + index  # a new search each round, reproducible

    trees = folder / "trees.jsonl"
    record["stages"]["synthesize"] = _synthesize(config, policy, prm_path, tcg_spec, train,
                                                 trees, seed)
    say(f"round {index}: {record['stages']['synthesize']['solved']} solved in the search")

    all_trees = None
    if "all" in (config.policy_data, config.prm_data):
        all_trees = _gather_trees(config.out, index, folder / "trees_all.jsonl")

    record["prm"] = prm_path
    if config.prm_kind != "none":
        prm_trees = all_trees if config.prm_data == "all" and all_trees else trees
        record["stages"]["prm"], record["prm"] = _update_prm(config, prm_trees, prm_path,
                                                             folder / "prm", seed)
        record["stages"]["prm"].update(
            prm_data=config.prm_data, trees=str(prm_trees),
            rounds=list(range(1, index + 1)) if config.prm_data == "all" else [index])

    policy_trees = all_trees if config.policy_data == "all" and all_trees else trees
    record["stages"]["data"] = {"policy_data": config.policy_data,
                                "rounds": list(range(1, index + 1))
                                if config.policy_data == "all" else [index],
                                "trees": str(policy_trees)}
    current = config.model if config.policy_start == "base" else policy
    for stage in ("sft", "dpo"):
        data = policy_trees
        if stage == "dpo" and record["prm"]:
            data, record["stages"]["phi"] = _phi_trees(config, policy_trees, record["prm"],
                                                       index, folder / "trees_phi.jsonl")
        info, current = _train_policy(config, stage, current, data, folder / stage, seed)
        record["stages"][stage] = info
        say(f"round {index}: {stage} {info['status']}")
    record["policy"] = current

    record["tcg"] = tcg_spec
    if (config.tcg_steps or config.tcg_dpo_steps) and config.tcg_kind == "llm":
        if config.tcg_train_rounds and index > config.tcg_train_rounds:
            record["stages"]["tcg"] = {"status": "kept: the TCG is trained in rounds "
                                                 f"1-{config.tcg_train_rounds} only"}
        else:
            record["stages"]["tcg"], tcg_out = _update_tcg(config, train, tcg_spec,
                                                           folder / "tcg", seed)
            record["tcg"] = tcg_out or tcg_spec

    record["eval"] = evaluate_policy(config, current, held_out)
    record["prm_eval"] = _prm_quality(config, record["prm"])
    record["tcg_eval"] = _tcg_quality(config, record["tcg"], held_out[:config.tcg_eval_tasks],
                                      seed)
    say(f"round {index}: held-out success {record['eval']['success_rate']:.3f}, mean reward "
        f"{record['eval']['mean_reward']:.3f}")
    record["wall_s"] = round(time.perf_counter() - started, 3)
    return record


def _gather_trees(out: str | Path, index: int, target: Path) -> Path:
    """Rounds 1..``index``'s search trees in one file (``policy_data=all``), in round order."""
    with target.open("w", encoding="utf-8") as sink:
        for earlier in range(1, index + 1):
            text = (round_dir(out, earlier) / "trees.jsonl").read_text("utf-8")
            sink.write(text if not text or text.endswith("\n") else text + "\n")
    return target


def _synthesize(config: SelfPlayConfig, policy: str, prm_path: str | None,
                tcg_spec: str | None,
                tasks: list[Any], trees: Path, seed: int) -> dict[str, Any]:
    from dataclasses import replace

    from agents.generators import make_generator
    from agents.mcts.search import MCTSConfig
    from agents.mcts.synthesize import synthesize

    if config.generator == "candidates":
        from agents.mcts.synthesize import candidate_pool

        # Wrong steps come from the train split only: the held-out tasks' reference steps
        # must never reach the policy's training data.
        pool = candidate_pool("split", config.source, split=config.train_split, path=config.path,
                              selected=tasks)
        generator = make_generator("candidates", tasks=pool, seed=seed)
    else:
        generator = make_generator("hf", model=policy)
    mcts = MCTSConfig(rollouts=config.rollouts, max_depth=config.max_depth, k=config.k,
                      temperature=config.temperature, max_new_tokens=config.max_new_tokens,
                      plan_steps=config.plan_steps, seed=seed)
    prm = None
    if prm_path:
        from agents.prm import load_prm

        prm = CallCounter(load_prm(prm_path), ("score", "score_examples"))
        if config.prm_use == "prior":
            mcts = replace(mcts, selection="puct")
        else:
            mcts = replace(mcts, leaf_evaluation="value" if config.prm_use == "leaf" else "mixed",
                           leaf_mix=config.leaf_mix)
    tcg = None
    if config.reward_tests == "tcg" and tcg_spec:
        tcg = CallCounter(make_tcg(config, tcg_spec, seed), ("generate",))
    summary = synthesize(tasks, generator, mcts, out=trees, mode=config.mode,
                         reward_tests=config.reward_tests,
                         generator_name=f"{config.generator}:{policy}",
                         progress=config.progress, sandbox=_sandbox(config), prm=prm,
                         prm_prior=prm is not None and config.prm_use == "prior", tcg=tcg,
                         tcg_tests=config.tcg_tests)
    from agents.mcts.export import read_tree_records

    # Every task may lack TCG tests: an empty file still says "searched, nothing found", and
    # the stages after it skip for lack of data instead of failing on a missing file.
    trees.touch()
    rows = list(read_tree_records(trees))
    solved = sum(1 for row in rows if row.get("solved"))
    return {"trees": str(trees), "tasks": len(rows), "solved": solved,
            "solve_rate": solved / len(rows) if rows else 0.0,
            "reward_tests": config.reward_tests, "no_tests": summary["no_tests"],
            "prm": prm_path, "prm_use": config.prm_use if prm_path else None,
            "prm_calls": prm.calls if prm is not None else 0,
            "tcg": tcg_spec if tcg is not None else None,
            "tcg_calls": tcg.calls if tcg is not None else 0,
            "wall_s": round(summary["wall_s"], 3)}


def _phi_trees(config: SelfPlayConfig, trees: Path, prm_path: str, index: int,
               out: Path) -> tuple[Path, dict[str, Any]]:
    """The trees with every node's value replaced by phi: ``alpha V/N + (1-alpha) PRM(step)``.

    DPO's sibling pairs are then ranked by the paper's aggregated reward (alpha(t) with t =
    rounds done) instead of the test outcome alone.
    """
    from agents.mcts.export import read_tree_records
    from agents.prm import load_prm
    from agents.prm.base import StepExample
    from o1coder_env.jsonl_io import write_jsonl
    from o1coder_env.rewards import make_alpha_schedule, phi

    alpha = float(make_alpha_schedule(config.phi_alpha)(index - 1))
    prm = load_prm(prm_path)
    rows = []
    for record in read_tree_records(trees):
        tree = record["tree"]
        nodes = {n["id"]: n for n in tree["nodes"]}
        scored = [n for n in tree["nodes"] if n.get("parent") is not None and n.get("visits")]
        examples = [StepExample(record["problem"], _node_steps(tree, nodes, n)[:-1], n["step"])
                    for n in scored]
        scores = prm.score_examples(examples) if examples else []
        for node, score in zip(scored, scores, strict=True):
            value = phi(float(node["value"]), [float(score)], alpha=alpha, gamma=1.0)
            node["value"], node["value_sum"] = value, value * node["visits"]
        rows.append(record)
    write_jsonl(rows, out)
    return out, {"alpha": alpha, "trees": str(out), "prm": prm_path}


def _node_steps(tree: dict[str, Any], nodes: dict[int, dict[str, Any]],
                node: dict[str, Any]) -> tuple[str, ...]:
    """The steps from the root to ``node`` (the root steps included), in a tree record."""
    chain: list[str] = []
    while node.get("parent") is not None:
        chain.append(node["step"])
        node = nodes[node["parent"]]
    return (*tree.get("root_steps", ()), *reversed(chain))


def _prm_quality(config: SelfPlayConfig, prm_path: str | None) -> dict[str, Any] | None:
    """The PRM's step AUC on the held-out trees (``prm_eval_trees``), with a task bootstrap."""
    if not prm_path or not config.prm_eval_trees:
        return None
    from agents.mcts.export import read_tree_records
    from agents.prm import load_prm
    from agents.prm.evaluate import step_auc

    result = step_auc(load_prm(prm_path), list(read_tree_records(config.prm_eval_trees)),
                      bootstrap=200, seed=config.seed)
    return {k: result.get(k) for k in ("auc", "auc_ci", "auc_task", "steps", "positives")}


def _tcg_quality(config: SelfPlayConfig, spec: str | None, tasks: list[Any],
                 seed: int) -> dict[str, Any] | None:
    """The TCG on the held-out tasks: validity and mutation score.

    Validity is the share of the tests it wrote (parsed, for the LLM TCG) that the reference
    passes (0 when it wrote none that parse); the mutation score is that of its valid tests
    against mutants of the reference.
    """
    if not spec:
        return None
    from o1coder_env.tcg import evaluate_tests, summarize

    tcg = make_tcg(config, spec, seed)
    rows = []
    for task in tasks:
        if not task.reference_solution:
            continue
        if hasattr(tcg, "generate_with_report"):
            tests = tcg.generate_with_report(task, n=config.tcg_tests).parsed
        else:
            tests = tcg.generate(task, n=config.tcg_tests)
        rows.append(evaluate_tests(task, tests, sandbox=_sandbox(config),
                                   max_mutants=config.tcg_eval_mutants, seed=seed,
                                   coverage=False, compare_hidden=False))
    if not rows:
        return None
    summary = summarize(rows)
    out = {k: summary[k] for k in ("tasks", "tests", "validity", "mutation_score")}
    out["asked"] = len(rows) * config.tcg_tests
    if out["validity"] is None and out["asked"]:
        out["validity"] = 0.0  # asked for tests, wrote none that parse: nothing valid
    return out


def data_sizes(stages: dict[str, Any]) -> dict[str, Any]:
    """Examples each trained stage of a round saw (sft, dpo, prm, tcg_sft, tcg_dpo).

    The TCG's stage holds its SFT and DPO parts (``stages["tcg"]["sft"]``...); a record made
    before the TCG had a DPO stage holds its SFT examples directly (``stages["tcg"]["examples"]``).
    """
    sizes: dict[str, Any] = {stage: stages[stage].get("examples")
                             for stage in ("sft", "dpo", "prm") if stage in stages}
    tcg = stages.get("tcg") or {}
    for part in ("sft", "dpo"):
        if isinstance(tcg.get(part), dict) and "examples" in tcg[part]:
            sizes[f"tcg_{part}"] = tcg[part]["examples"]
    if "examples" in tcg:
        sizes["tcg_sft"] = tcg["examples"]
    return sizes


def summarize_rounds(config: SelfPlayConfig, baseline: dict[str, Any],
                     records: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary JSON: one row per round and a paired interval.

    Round 0 is the initial policy; ``paired_ci_last_vs_first`` is the task-bootstrap interval
    of held-out pass@1, last round minus round 0.
    """
    from o1coder_env.stats import paired_delta

    rows = []
    for record in [baseline, *records]:
        ev = record["eval"]
        rows.append({
            "round": record["round"], "pass_at_1": ev["success_rate"],
            "ci": ev["success_rate_ci"], "policy": record["policy"], "prm": record.get("prm"),
            "tcg": record.get("tcg"),
            "prm_auc": (record.get("prm_eval") or {}).get("auc"),
            "prm_auc_ci": (record.get("prm_eval") or {}).get("auc_ci"),
            "tcg_validity": (record.get("tcg_eval") or {}).get("validity"),
            "tcg_mutation_score": (record.get("tcg_eval") or {}).get("mutation_score"),
            "search": {k: v for k, v in record.get("stages", {}).get("synthesize", {}).items()
                       if k != "trees"} or None,
            "data": data_sizes(record.get("stages", {})),
        })
    paired = paired_delta(baseline["eval"]["per_task"], records[-1]["eval"]["per_task"],
                          seed=config.seed)
    return {"config": config.to_dict(), "rounds": rows,
            "paired_diff_last_vs_first": paired["value"],
            "paired_ci_last_vs_first": [paired["low"], paired["high"]],
            "eval_tasks": len(baseline["eval"]["per_task"])}


def _sandbox(config: SelfPlayConfig) -> Any:
    from o1coder_env.sandbox import shared_sandbox

    return shared_sandbox(config.sandbox_backend)


def _update_prm(config: SelfPlayConfig, trees: Path, previous: str | None, out: Path,
                seed: int) -> tuple[dict[str, Any], str | None]:
    from agents.mcts.export import read_tree_records
    from agents.prm import TrainablePRM, load_prm
    from agents.prm.train import PRMTrainConfig, train_prm

    if (out / "train_config.json").is_file():  # trained before an interruption
        return {"status": "reused", "path": str(out)}, str(out)
    records = list(read_tree_records(trees))
    prm_config = PRMTrainConfig(kind=config.prm_kind, max_steps=config.prm_steps, seed=seed,
                                freeze_encoder=config.prm_freeze_encoder, model=config.prm_model)
    start = load_prm(previous) if previous else None
    if start is not None and not isinstance(start, TrainablePRM):
        raise TypeError(f"the previous round's PRM {previous} is a {type(start).__name__}, not a "
                        "trainable PRM")
    try:
        _, result = train_prm(prm_config, records, prm=start, out=out, progress=config.progress)
    except ValueError as exc:  # no usable node (every value equal...): keep the previous PRM
        return {"status": f"skipped: {exc}"}, previous
    info: dict[str, Any] = {"status": "trained", "path": str(out)}
    info.update({k: v for k, v in _as_dict(result).items() if isinstance(v, (int, float, str))})
    return info, str(out)


def _as_dict(value: Any) -> dict[str, Any]:
    try:
        return asdict(value)
    except TypeError:
        return dict(getattr(value, "__dict__", {}))


def _train_policy(config: SelfPlayConfig, stage: str, policy: str, trees: Path, out: Path,
                  seed: int) -> tuple[dict[str, Any], str]:
    """One policy stage (SFT or DPO); returns its log entry and the policy it leaves."""
    from agents.training import DPORunConfig, SFTRunConfig, train_dpo, train_sft
    from agents.training.common import NoTrainingData
    from agents.training.data import load_dpo_records, load_sft_records

    steps = config.sft_steps if stage == "sft" else config.dpo_steps
    if steps == 0:
        return {"status": "off"}, policy
    if (out / "metrics.json").is_file() and (out / "config.json").is_file():
        return {"status": "reused", "path": str(out)}, str(out)  # finished before a crash
    try:
        if stage == "sft":
            examples = len(load_sft_records(trees))
        else:
            examples = len(load_dpo_records(trees, margin=config.dpo_margin))
    except ValueError as exc:
        return {"status": f"skipped: {exc}"}, policy
    common: dict[str, Any] = {
        "model": policy, "out_dir": str(out), "data": str(trees), "max_steps": steps,
        "per_device_batch_size": config.batch_size, "max_length": config.max_length,
        "seed": seed, "lora": config.lora, "bf16": config.bf16,
    }
    started = time.perf_counter()
    try:
        if stage == "sft":
            train_sft(SFTRunConfig(**common, learning_rate=config.learning_rate))
        else:
            train_dpo(DPORunConfig(**common, learning_rate=config.learning_rate / 4,
                                   beta=config.dpo_beta, margin=config.dpo_margin))
    except NoTrainingData as exc:  # e.g. every pair longer than max_length: skip, as documented
        return {"status": f"skipped: {exc}"}, policy
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    return {"status": "trained", "path": str(out), "from": policy, "examples": examples,
            "final_loss": metrics.get("final_loss"),
            "wall_s": round(time.perf_counter() - started, 3)}, str(out)


def _update_tcg(config: SelfPlayConfig, tasks: list[Any], previous: str | None, out: Path,
                seed: int) -> tuple[dict[str, Any], str | None]:
    """SFT, then DPO, of the test-case generator (from the previous round's TCG, else the model).

    Each stage runs when its step count is > 0; with both, SFT writes ``tcg-sft/`` and DPO
    starts from it. Returns the stages' report and the new TCG (``previous`` if none trained).
    """
    from agents.tcg.training import (
        TCGTrainConfig,
        build_dpo_records,
        build_sft_records,
        pair_kinds,
        train_tcg,
    )

    if (out / "config.json").is_file():  # trained before an interruption
        return {"status": "reused", "path": str(out)}, str(out)
    model = previous or config.model
    info: dict[str, Any] = {"status": "skipped: no TCG records from the train tasks"}
    trained: str | None = None
    def dpo_records(tasks: list[Any], seed: int) -> list[dict[str, Any]]:
        records = []
        if config.tcg_dpo_pairs in ("synthetic", "both"):
            records += build_dpo_records(tasks, case_pool=config.tcg_cases, seed=seed)
        if config.tcg_dpo_pairs in ("onpolicy", "both"):
            records += _onpolicy_tcg_records(config, trained or model, tasks, seed)
        return records

    def sft_records(tasks: list[Any], seed: int) -> list[dict[str, Any]]:
        return build_sft_records(tasks, case_pool=config.tcg_cases, seed=seed)

    BuildRecords = Callable[[list[Any], int], list[dict[str, Any]]]
    stages: list[tuple[str, int, BuildRecords]] = [
        ("sft", config.tcg_steps, sft_records), ("dpo", config.tcg_dpo_steps, dpo_records)]
    for stage, steps, build in stages:
        if not steps:
            continue
        records = build(tasks, seed)
        if not records:
            info[stage] = {"status": "skipped: no records from the train tasks"}
            continue
        last = stage == "dpo" or not config.tcg_dpo_steps
        target = out if last else out.with_name(out.name + "-sft")
        kinds = {"pairs": pair_kinds(records)} if stage == "dpo" else {}
        made = {"tasks": len(tasks), "cases": config.tcg_cases}
        if kinds:
            made.update(pairs=config.tcg_dpo_pairs, pair_kinds=kinds["pairs"])
        result = train_tcg(TCGTrainConfig(stage=stage, model=trained or model,
                                          out_dir=str(target), max_steps=steps, seed=seed,
                                          sft_weight=config.tcg_dpo_sft_weight
                                          if stage == "dpo" else 0.0),
                           records, data=made)
        info[stage] = {"status": "trained", "path": str(target), "examples": len(records),
                       **kinds,
                       **{k: v for k, v in _as_dict(result).items()
                          if isinstance(v, (int, float, str))}}
        trained = str(target)
    if trained is not None:
        info.update(status="trained", path=trained)
    return info, trained


def _onpolicy_tcg_records(config: SelfPlayConfig, tcg: str, tasks: list[Any],
                          seed: int) -> list[dict[str, Any]]:
    """On-policy DPO pairs: ``tcg`` sampled on the train ``tasks``, its mistakes corrected."""
    from agents.generators import Sampling
    from agents.tcg.onpolicy import build_onpolicy_dpo_records, sample_model

    sampling = Sampling(temperature=config.tcg_temperature, top_p=0.95,
                        max_new_tokens=config.tcg_max_new_tokens, seed=seed)
    completions = sample_model(tcg, tasks, samples=config.tcg_dpo_samples, sampling=sampling)
    return build_onpolicy_dpo_records(tasks, completions, sandbox=_sandbox(config), seed=seed)


def evaluate_policy(config: SelfPlayConfig, policy: str, tasks: list[Any]) -> dict[str, Any]:
    """The greedy agent with ``policy`` on the held-out ``tasks`` (hidden-test verdicts)."""
    import gymnasium as gym

    import o1coder_env  # noqa: F401  (registers the envs)
    from agents.base import DIRECT_ENV_ID, PSEUDOCODE_ENV_ID, evaluate_agent
    from agents.baselines import GreedyAgent
    from agents.generators import make_generator
    from o1coder_env.envs import step_limits

    env_id = DIRECT_ENV_ID if config.mode == "direct" else PSEUDOCODE_ENV_ID
    max_steps = 1 if config.mode == "direct" else config.max_depth
    limits: dict[str, Any] = dict(step_limits(max_steps))
    env = gym.make(env_id, tasks=tasks, evaluation=True, sandbox=config.sandbox_backend,
                   **limits)
    generator = make_generator("hf", model=policy)
    agent = GreedyAgent(mode=config.mode, max_new_tokens=config.max_new_tokens)
    try:
        result = evaluate_agent(agent, env, [t.task_id for t in tasks],
                                [seed + config.seed for seed in config.eval_seeds],
                                generator=generator)
    finally:
        env.close()
    reward_ci, success_ci = result.mean_reward, result.success_rate
    return {"episodes": result.episodes, "mean_reward": reward_ci.value,
            "mean_reward_ci": [reward_ci.low, reward_ci.high],
            "success_rate": success_ci.value, "success_rate_ci": [success_ci.low, success_ci.high],
            "per_task": per_task(result.records)}


def per_task(records: Any) -> dict[str, list[float]]:
    """Each task's episode successes (1.0 / 0.0), for paired intervals across rounds."""
    out: dict[str, list[float]] = {}
    for record in records:
        out.setdefault(record.task_id, []).append(float(record.success))
    return out


def plot_rounds(records: list[dict[str, Any]], path: str | Path,
                baseline: dict[str, Any] | None = None) -> Path:
    """Plot the held-out success (95 % interval), mean reward and search solve rate per round.

    Writes a PNG; ``baseline`` (the round-0 record) adds the initial policy's held-out figures.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    evaluated = ([baseline] if baseline else []) + list(records)
    rounds = [r["round"] for r in evaluated]
    fig, ax = plt.subplots(figsize=(6, 4))
    success = np.array([r["eval"]["success_rate"] for r in evaluated])
    intervals = np.array([r["eval"]["success_rate_ci"] for r in evaluated]).T  # (2, rounds)
    ax.errorbar(rounds, success, yerr=np.abs(intervals - success), fmt="o-", capsize=3,
                label="held-out success (95 % CI)")
    ax.plot(rounds, [r["eval"]["mean_reward"] for r in evaluated], "o-",
            label="held-out mean reward")
    ax.plot([r["round"] for r in records],
            [r["stages"]["synthesize"]["solve_rate"] for r in records], "o-",
            label="search solve rate (train)")
    ax.set_xlabel("round")
    ax.set_ylim(-0.05, 1.05)
    ax.set_xticks(rounds)
    ax.set_title("self-play metrics per round")
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def config_fields() -> list[Any]:
    """The dataclass fields of :class:`SelfPlayConfig` (the CLI builds its flags from them)."""
    return list(fields(SelfPlayConfig))
