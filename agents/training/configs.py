"""Run configurations of the TRL-based policy trainers: one dataclass per method.

Every field carries its help text in ``metadata["help"]`` (the CLI builds its flags from it) and
``__post_init__`` rejects bad values with a message naming the field. The shared fields live in
:class:`TrainRunConfig`; :class:`SFTRunConfig`, :class:`DPORunConfig`, :class:`GRPORunConfig`
and :class:`PPORunConfig` add their method's own.

Example::

    from agents.training import GRPORunConfig, train_grpo

    out = train_grpo(GRPORunConfig(model="smollm2-135m", out_dir="runs/grpo", max_steps=20))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from o1coder_env.config_fields import config_help, help_field

__all__ = [
    "DPORunConfig",
    "GRPORunConfig",
    "PPORunConfig",
    "RewardSettings",
    "SFTRunConfig",
    "TrainRunConfig",
    "config_help",
]


def _positive(owner: str, name: str, value: Any, *, allow_zero: bool = False) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{owner}.{name} must be a number {bound}, got {value!r}")


def _unit(owner: str, name: str, value: Any) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not 0.0 <= value <= 1.0:
        raise ValueError(f"{owner}.{name} must be a number in [0, 1], got {value!r}")


@dataclass
class TrainRunConfig:
    """Settings every trainer shares: model, data, output, optimisation, LoRA, logging."""

    model: str = help_field("Policy to train: an alias (smollm2-135m), a local folder or a hub id.",
                            "smollm2-135m")
    out_dir: str = help_field("Folder for the checkpoint, metrics.json and logs.", "runs/train")
    data: str | None = help_field(
        "Training data: a trees.jsonl from `o1coder mcts` (records are built from the trees) or "
        "a JSONL of ready records in TRL's format. GRPO/PPO read prompts from tasks instead when "
        "this is unset.", None)
    max_steps: int = help_field("Optimizer steps to run.", 100)
    learning_rate: float = help_field("Peak learning rate (AdamW).", 1e-5)
    per_device_batch_size: int = help_field("Examples per device per micro-batch.", 4)
    gradient_accumulation_steps: int = help_field("Micro-batches per optimizer step.", 1)
    max_length: int = help_field("Longest tokenized example (prompt + completion); longer ones are "
                                 "truncated.", 1024)
    seed: int = help_field("Seed of data order, sampling and initialisation.", 0)
    logging_steps: int = help_field("Log the loss every this many steps.", 1)
    warmup_ratio: float = help_field("Fraction of steps of linear learning-rate warm-up.", 0.0)
    lora: bool = help_field("Train LoRA adapters (peft) instead of every weight.", False)
    lora_r: int = help_field("LoRA rank.", 8)
    lora_alpha: int = help_field("LoRA scaling alpha.", 32)
    lora_dropout: float = help_field("LoRA dropout.", 0.05)
    lora_target_modules: tuple[str, ...] = help_field(
        "Modules that get adapters ('all-linear' for every linear layer).",
        ("q_proj", "v_proj"))
    merge_lora: bool = help_field("Merge the adapters into the base weights before saving, so the "
                                  "checkpoint loads without peft.", True)
    bf16: bool = help_field("Train in bfloat16 mixed precision (GPU).", False)
    gradient_checkpointing: bool = help_field("Recompute activations to save memory.", False)
    report_to: str = help_field("Where the trainer reports: none, tensorboard, wandb...", "none")
    save_steps: int = help_field("Also save intermediate checkpoints every this many steps "
                                 "(0: only the final one).", 0)
    limit: int | None = help_field("Use at most this many training examples (or tasks).", None)
    trl_args: dict[str, Any] = help_field(
        "Any other field of the method's TRL config (GRPOConfig, DPOConfig, SFTConfig), passed "
        "as it is and taking precedence over our settings of it, e.g. {'scale_rewards': 'batch', "
        "'num_iterations': 2}. A field we expose under our own name must be set there.",
        default_factory=dict)

    def __post_init__(self) -> None:
        owner = type(self).__name__
        if not isinstance(self.trl_args, dict) or not all(
                isinstance(k, str) for k in self.trl_args):
            raise ValueError(f"{owner}.trl_args must be a dict of TRL config field names to "
                             f"values, got {self.trl_args!r}")
        self.trl_args = dict(self.trl_args)
        if not isinstance(self.model, str) or not self.model:
            raise ValueError(f"{owner}.model must be a non-empty string, got {self.model!r}")
        if not isinstance(self.out_dir, str) or not self.out_dir:
            raise ValueError(f"{owner}.out_dir must be a non-empty path, got {self.out_dir!r}")
        for name in ("max_steps", "per_device_batch_size", "gradient_accumulation_steps",
                     "max_length", "logging_steps", "lora_r", "lora_alpha"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{owner}.{name} must be an int >= 1, got {value!r}")
        if not isinstance(self.save_steps, int) or self.save_steps < 0:
            raise ValueError(f"{owner}.save_steps must be an int >= 0, got {self.save_steps!r}")
        if self.limit is not None and (not isinstance(self.limit, int) or self.limit < 1):
            raise ValueError(f"{owner}.limit must be None or an int >= 1, got {self.limit!r}")
        _positive(owner, "learning_rate", self.learning_rate)
        _unit(owner, "warmup_ratio", self.warmup_ratio)
        _unit(owner, "lora_dropout", self.lora_dropout)
        if isinstance(self.lora_target_modules, str):
            self.lora_target_modules = (self.lora_target_modules,)
        self.lora_target_modules = tuple(self.lora_target_modules)
        if not self.lora_target_modules:
            raise ValueError(f"{owner}.lora_target_modules must name at least one module")


@dataclass
class SFTRunConfig(TrainRunConfig):
    """Supervised fine-tuning on correct reasoning paths (the paper's step 3, D+)."""

    learning_rate: float = help_field("Peak learning rate (AdamW).", 2e-5)
    sft_format: str = help_field(
        "How trees become SFT records: 'prompt-completion' (one record per step, loss on the "
        "step) or 'messages' (one conversation per path: every step and the code).",
        "prompt-completion")
    min_reward: float = help_field(
        "A tree's terminal counts as correct at this reward or more.", 1.0)
    epochs: float = help_field(
        "Passes over the data (max_steps wins when it is reached first).", 1.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.sft_format not in ("prompt-completion", "messages"):
            raise ValueError("SFTRunConfig.sft_format must be 'prompt-completion' or 'messages', "
                             f"got {self.sft_format!r}")
        _unit("SFTRunConfig", "min_reward", self.min_reward)
        _positive("SFTRunConfig", "epochs", self.epochs)


@dataclass
class DPORunConfig(TrainRunConfig):
    """Iterated DPO on step-level preference pairs from MCTS trees (the paper's step 5)."""

    learning_rate: float = help_field("Peak learning rate (AdamW).", 5e-6)
    beta: float = help_field(
        "DPO temperature: how far the policy may move from the reference.", 0.1)
    margin: float = help_field(
        "Sibling steps whose values differ by at least this form a pair.", 0.2)
    iterations: int = help_field(
        "DPO rounds; each round starts from the previous round's policy and uses it as the new "
        "reference (iterated DPO). max_steps is per round.", 1)
    loss_type: str = help_field("TRL DPO loss: sigmoid (DPO), ipo, hinge, ...", "sigmoid")

    def __post_init__(self) -> None:
        super().__post_init__()
        _positive("DPORunConfig", "beta", self.beta)
        _positive("DPORunConfig", "margin", self.margin, allow_zero=True)
        if not isinstance(self.iterations, int) or self.iterations < 1:
            raise ValueError(f"DPORunConfig.iterations must be an int >= 1, got "
                             f"{self.iterations!r}")
        if not isinstance(self.loss_type, str) or not self.loss_type:
            raise ValueError(f"DPORunConfig.loss_type must name a TRL DPO loss, got "
                             f"{self.loss_type!r}")


@dataclass
class RewardSettings:
    """How a completion is rewarded: the env's outcome reward, optional PRM, phi and alpha(t).

    Shared by GRPO and PPO (both embed these fields).
    """

    source: str = help_field("Task source of the prompts and the tests (builtin, mbpp, jsonl...).",
                             "builtin")
    split: str | None = help_field("Task split the prompts come from.", "train")
    path: str | None = help_field("Path for file-based task sources.", None)
    task_ids: tuple[str, ...] | None = help_field("Only these tasks.", None)
    prompt_mode: str = help_field(
        "Prompt protocol: 'direct' (alias 'vanilla': one code answer) or 'pseudocode' (first "
        "step of the step protocol; the completion is scored as a whole trace).", "direct")
    reward_tests: str = help_field("Tests that pay the outcome reward: public or hidden.", "public")
    reward_mode: str = help_field("Outcome reward: fraction (passed/total) or binary.", "fraction")
    compile_penalty: float = help_field(
        "Subtracted from the outcome when there is no program or it "
        "does not compile.", 0.0)
    prm: str | None = help_field(
        "Process reward model: None, 'heuristic', 'constant:V' or a saved PRM folder. Its scores "
        "are aggregated with the outcome by phi.", None)
    alpha: str = help_field("alpha(t) schedule of phi: a float, 'paper', 'constant:V' or "
                            "'linear:START,END,HORIZON'; t is the optimizer step.", "paper")
    gamma: float = help_field("Discount of later steps' process rewards in phi.", 0.9)
    sandbox_backend: str = help_field("Sandbox backend that runs the code: auto, process, bwrap.",
                                      "process")
    timeout_s: float = help_field("Per-test time limit in the sandbox (s).", 2.0)
    max_wait_s: float | None = help_field(
        "Most seconds one reward call may wait for the sandbox; programs not judged by then get "
        "the failing reward. Default: timeout_s * tests + 10.", None)
    program_rule: str = help_field(
        "Which fenced block of a completion is the program: 'last-fence' (the last block; the "
        "scoring of O1Coder-Direct-v0/-v1) or 'entry-point' (the last block that defines the "
        "task's function; the scoring of O1Coder-Direct-v2). Evaluate with the env of the same "
        "rule.", "last-fence")

    def _check_rewards(self, owner: str) -> None:
        from o1coder_env.protocol.prompts import normalize_mode

        try:
            normalize_mode(self.prompt_mode)
        except ValueError as exc:
            raise ValueError(f"{owner}.prompt_mode: {exc}") from None
        if self.reward_tests not in ("public", "hidden"):
            raise ValueError(f"{owner}.reward_tests must be 'public' or 'hidden', got "
                             f"{self.reward_tests!r}")
        if self.reward_mode not in ("fraction", "binary"):
            raise ValueError(f"{owner}.reward_mode must be 'fraction' or 'binary', got "
                             f"{self.reward_mode!r}")
        _positive(owner, "compile_penalty", self.compile_penalty, allow_zero=True)
        _unit(owner, "gamma", self.gamma)
        _positive(owner, "timeout_s", self.timeout_s)
        if self.max_wait_s is not None:
            _positive(owner, "max_wait_s", self.max_wait_s)
        from o1coder_env.protocol.steps import check_program_rule

        try:
            check_program_rule(self.program_rule)
        except ValueError as exc:
            raise ValueError(f"{owner}.{exc}") from None
        if self.task_ids is not None:
            self.task_ids = tuple(self.task_ids)
        from o1coder_env.rewards import make_alpha_schedule

        try:
            make_alpha_schedule(_alpha_spec(self.alpha))
        except ValueError as exc:
            raise ValueError(f"{owner}.alpha: {exc}") from None


def _alpha_spec(alpha: str | float) -> str | float:
    """A CLI string that is a plain number means a constant alpha."""
    if isinstance(alpha, str):
        try:
            return float(alpha)
        except ValueError:
            return alpha
    return alpha


@dataclass
class GRPORunConfig(TrainRunConfig, RewardSettings):
    """GRPO (TRL ``GRPOTrainer``) with the env's sandbox outcome reward (and PRM, via phi)."""

    learning_rate: float = help_field("Peak learning rate (AdamW).", 1e-6)
    num_generations: int = help_field("Completions sampled per prompt (the group).", 4)
    max_completion_length: int = help_field("Most new tokens per completion.", 256)
    temperature: float = help_field("Sampling temperature of the completions.", 1.0)
    beta: float = help_field("KL coefficient to the reference policy (0: no reference model).", 0.0)
    epsilon: float = help_field("PPO-style ratio clip of the GRPO loss.", 0.2)
    loss_type: str = help_field("TRL GRPO loss aggregation: dapo, grpo, dr_grpo, bnpo...", "dapo")

    def __post_init__(self) -> None:
        TrainRunConfig.__post_init__(self)
        self._check_rewards("GRPORunConfig")
        for name in ("num_generations", "max_completion_length"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"GRPORunConfig.{name} must be an int >= 1, got {value!r}")
        if self.num_generations < 2:
            raise ValueError("GRPORunConfig.num_generations must be >= 2 (GRPO compares a group "
                             f"of completions), got {self.num_generations}")
        generation_batch = self.per_device_batch_size * self.gradient_accumulation_steps
        if generation_batch % self.num_generations:
            raise ValueError(
                "GRPORunConfig: per_device_batch_size * gradient_accumulation_steps "
                f"({generation_batch}) counts completions and must be a multiple of "
                f"num_generations ({self.num_generations})")
        _positive("GRPORunConfig", "temperature", self.temperature)
        _positive("GRPORunConfig", "beta", self.beta, allow_zero=True)
        _positive("GRPORunConfig", "epsilon", self.epsilon)


@dataclass
class PPORunConfig(TrainRunConfig, RewardSettings):
    """Token-level PPO with a value head (our loop: TRL 1.16 ships no PPO trainer)."""

    learning_rate: float = help_field("Peak learning rate (AdamW) of policy and value head.", 1e-6)
    rollouts_per_step: int = help_field("Prompts sampled per PPO step (one completion each).", 4)
    ppo_epochs: int = help_field("Optimisation passes over each batch of rollouts.", 2)
    max_completion_length: int = help_field("Most new tokens per completion.", 256)
    temperature: float = help_field("Sampling temperature of the rollouts.", 1.0)
    clip_range: float = help_field("PPO ratio clip epsilon.", 0.2)
    value_clip_range: float = help_field("Clip of the value update around the old values.", 0.2)
    vf_coef: float = help_field("Weight of the value loss.", 0.1)
    kl_coef: float = help_field("Per-token KL penalty to the frozen reference policy.", 0.05)
    gae_gamma: float = help_field("Discount of the token-level returns.", 1.0)
    gae_lambda: float = help_field("GAE lambda.", 0.95)
    whiten_advantages: bool = help_field("Normalise advantages over the batch.", True)
    max_grad_norm: float = help_field("Gradient clipping norm.", 1.0)

    def __post_init__(self) -> None:
        TrainRunConfig.__post_init__(self)
        self._check_rewards("PPORunConfig")
        for name in ("rollouts_per_step", "ppo_epochs", "max_completion_length"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"PPORunConfig.{name} must be an int >= 1, got {value!r}")
        for name in ("temperature", "clip_range", "value_clip_range", "max_grad_norm"):
            _positive("PPORunConfig", name, getattr(self, name))
        for name in ("vf_coef", "kl_coef"):
            _positive("PPORunConfig", name, getattr(self, name), allow_zero=True)
        _unit("PPORunConfig", "gae_gamma", self.gae_gamma)
        _unit("PPORunConfig", "gae_lambda", self.gae_lambda)

