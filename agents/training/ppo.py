"""Token-level PPO of the policy on the env's rewards, with a value head (our own loop).

TRL 1.16, the installed version, ships no PPO trainer: ``PPOTrainer`` left TRL's main package and
the version's ``trl.experimental`` has no ``ppo`` module (it has GRPO's relatives, online DPO,
KTO...). This module is therefore a compact PPO in the style of TRL's former ``PPOTrainer`` /
CleanRL's PPO, on the same pieces as the other trainers (the run config, LoRA via peft, devices
via ``accelerate``, the :class:`~agents.training.rewards.SandboxReward`). One PPO step:

1. sample ``rollouts_per_step`` prompts (tasks), one completion each, from the current policy;
2. score each completion with the env's reward (sandbox outcome, PRM via phi, alpha(t) at the
   current step);
3. per-token rewards: ``-kl_coef * (log pi - log pi_ref)`` at every completion token, plus the
   score on the last one; values from a linear value head on the policy's last hidden state;
   advantages by GAE (``gae_gamma``, ``gae_lambda``), whitened over the batch;
4. ``ppo_epochs`` passes of the clipped policy loss plus ``vf_coef`` times the clipped value
   loss, with gradient clipping.

The reference policy is the starting model (frozen copy; with LoRA, the base model with the
adapter disabled, so no copy is needed).
"""

from __future__ import annotations

import copy
import random
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from agents.training.common import load_policy, peft_config, save_policy, write_metrics
from agents.training.configs import PPORunConfig
from agents.training.grpo import build_reward, prompt_records
from o1coder_env._optional import require

__all__ = ["train_ppo"]


def _masked_mean(values: Any, mask: Any) -> Any:
    return (values * mask).sum() / mask.sum().clamp(min=1.0)


def _completion_mask(torch: Any, completion_ids: Any, eos_id: int | None) -> Any:
    """1 for each completion token up to and including the first EOS, 0 after it."""
    if eos_id is None:
        return torch.ones_like(completion_ids, dtype=torch.float32)
    is_eos = completion_ids == eos_id
    # Tokens strictly after the first EOS have a positive running count of EOS before them.
    after = (torch.cumsum(is_eos.int(), dim=1) - is_eos.int()) > 0
    return (~after).float()


def _forward(torch: Any, model: Any, value_head: Any, ids: Any, attention: Any,
             prompt_len: int) -> tuple[Any, Any]:
    """Per-token log-probs of the completion tokens, and the values at those positions."""
    positions = (attention.long().cumsum(dim=1) - 1).clamp(min=0)
    out = model(input_ids=ids, attention_mask=attention, position_ids=positions,
                output_hidden_states=value_head is not None)
    # Position i predicts token i+1: the completion tokens ids[:, P:] come from P-1 .. end-1.
    logits = out.logits[:, prompt_len - 1:-1, :].float()
    targets = ids[:, prompt_len:]
    logp = torch.log_softmax(logits, dim=-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    values = None
    if value_head is not None:
        hidden = out.hidden_states[-1][:, prompt_len - 1:-1, :]
        values = value_head(hidden.to(value_head.weight.dtype)).squeeze(-1)
    return logp, values


def _gae(torch: Any, rewards: Any, values: Any, mask: Any, gamma: float,
         lam: float) -> tuple[Any, Any]:
    """Generalised advantage estimates over the valid tokens (masked positions get zero)."""
    steps = rewards.shape[1]
    advantages = torch.zeros_like(rewards)
    last = torch.zeros(rewards.shape[0], device=rewards.device)
    for t in reversed(range(steps)):
        next_value = values[:, t + 1] * mask[:, t + 1] if t + 1 < steps else 0.0
        delta = rewards[:, t] + gamma * next_value - values[:, t]
        last = (delta + gamma * lam * last * (mask[:, t + 1] if t + 1 < steps else 0.0))
        last = last * mask[:, t]
        advantages[:, t] = last
    return advantages, advantages + values


def train_ppo(config: PPORunConfig, *, prm: Any = None) -> Path:
    """Train ``config.model`` with token-level PPO on the env's rewards and save it.

    Args:
        config: The run config.
        prm: Optional PRM callable overriding ``config.prm``.

    Returns:
        ``config.out_dir``: the policy (``save_pretrained``), its tokenizer, ``value_head.pt``
        and ``metrics.json`` (one log row per PPO step: ``loss``, ``policy_loss``,
        ``value_loss``, ``kl``, ``reward``, ``outcome``, ``alpha``, ``clip_fraction``...).
    """
    if not isinstance(config, PPORunConfig):
        raise TypeError(f"train_ppo needs a PPORunConfig, got {type(config).__name__}")
    torch = require("torch", "train", "PPO training")
    accelerate = require("accelerate", "train", "PPO training")
    transformers = require("transformers", "train", "PPO training")
    started = time.time()
    out_dir = Path(config.out_dir)
    transformers.set_seed(config.seed)
    rng = random.Random(config.seed)
    records = prompt_records(config)
    reward = build_reward(config, prm=prm)
    policy, tokenizer = load_policy(config)
    tokenizer.padding_side = "left"
    tokenizer.truncation_side = "left"  # keep the end of the prompt (the generation cue)
    lora = peft_config(config)
    if lora is not None:
        peft = require("peft", "train", "LoRA training")
        policy = peft.get_peft_model(policy, lora)
        reference = None  # the base model with the adapter disabled
    else:
        reference = copy.deepcopy(policy).eval()
        for p in reference.parameters():
            p.requires_grad_(False)
    if config.gradient_checkpointing:
        policy.gradient_checkpointing_enable()
    hidden_size = int(policy.config.hidden_size if lora is None
                      else policy.base_model.model.config.hidden_size)
    value_head = torch.nn.Linear(hidden_size, 1)
    torch.nn.init.zeros_(value_head.weight)
    torch.nn.init.zeros_(value_head.bias)
    trainable = [p for p in policy.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW([*trainable, *value_head.parameters()],
                                  lr=config.learning_rate)
    accelerator = accelerate.Accelerator(
        mixed_precision="bf16" if config.bf16 else "no",
        gradient_accumulation_steps=1,
    )
    policy, value_head, optimizer = accelerator.prepare(policy, value_head, optimizer)
    if reference is not None:
        reference = reference.to(accelerator.device)
    device = accelerator.device
    eos_id = tokenizer.eos_token_id
    order: list[int] = []
    history: list[dict[str, Any]] = []
    for step in range(config.max_steps):
        reward.set_training_progress(float(step))
        batch = []
        for _ in range(config.rollouts_per_step):
            if not order:
                order = list(range(len(records)))
                rng.shuffle(order)
            batch.append(records[order.pop()])
        texts = [tokenizer.apply_chat_template(r["prompt"], add_generation_prompt=True,
                                               tokenize=False) for r in batch]
        enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False,
                        truncation=True, max_length=config.max_length).to(device)
        prompt_len = enc["input_ids"].shape[1]
        policy.eval()
        unwrapped = accelerator.unwrap_model(policy)
        with torch.no_grad():
            ids = unwrapped.generate(**enc, do_sample=True, temperature=config.temperature,
                                     top_k=0, top_p=1.0,
                                     max_new_tokens=config.max_completion_length,
                                     pad_token_id=tokenizer.pad_token_id)
        completion = ids[:, prompt_len:]
        if completion.shape[1] == 0:
            raise RuntimeError("the policy generated no token at all")
        mask = _completion_mask(torch, completion, eos_id)
        attention = torch.cat([enc["attention_mask"], mask.long()], dim=1)
        decoded = [tokenizer.decode(c[m.bool()], skip_special_tokens=True)
                   for c, m in zip(completion, mask, strict=True)]
        scores = reward(decoded, task_id=[r["task_id"] for r in batch])
        score_t = torch.tensor([float(s or 0.0) for s in scores], device=device)
        with torch.no_grad():
            old_logp, old_values = _forward(torch, policy, value_head, ids, attention,
                                            prompt_len)
            ref_ctx = (unwrapped.disable_adapter() if reference is None else nullcontext())
            with ref_ctx:
                ref_logp, _ = _forward(torch, reference if reference is not None else policy,
                                       None, ids, attention, prompt_len)
            kl = (old_logp - ref_logp) * mask
            token_rewards = -config.kl_coef * kl
            last_index = (mask.sum(dim=1).long() - 1).clamp(min=0)
            token_rewards[torch.arange(len(batch), device=device), last_index] += score_t
            advantages, returns = _gae(torch, token_rewards, old_values * mask, mask,
                                       config.gae_gamma, config.gae_lambda)
            if config.whiten_advantages and mask.sum() > 1:
                mean = _masked_mean(advantages, mask)
                var = _masked_mean((advantages - mean) ** 2, mask)
                advantages = (advantages - mean) * torch.rsqrt(var + 1e-8) * mask
        policy.train()
        stats: dict[str, float] = {}
        for _ in range(config.ppo_epochs):
            logp, values = _forward(torch, policy, value_head, ids, attention, prompt_len)
            ratio = torch.exp(logp - old_logp)
            clipped = torch.clamp(ratio, 1.0 - config.clip_range, 1.0 + config.clip_range)
            policy_loss = _masked_mean(torch.max(-advantages * ratio, -advantages * clipped),
                                       mask)
            values_clipped = old_values + torch.clamp(values - old_values,
                                                      -config.value_clip_range,
                                                      config.value_clip_range)
            value_loss = 0.5 * _masked_mean(torch.max((values - returns) ** 2,
                                                      (values_clipped - returns) ** 2), mask)
            loss = policy_loss + config.vf_coef * value_loss
            optimizer.zero_grad()
            accelerator.backward(loss)
            grad_norm = accelerator.clip_grad_norm_([*trainable, *value_head.parameters()],
                                                    config.max_grad_norm)
            optimizer.step()
            clip_fraction = _masked_mean(((ratio - 1.0).abs() > config.clip_range).float(),
                                         mask)
            stats = {"loss": float(loss.detach()), "policy_loss": float(policy_loss.detach()),
                     "value_loss": float(value_loss.detach()),
                     "grad_norm": float(grad_norm), "clip_fraction": float(clip_fraction)}
        row = {
            "step": step + 1,
            **stats,
            "kl": float(_masked_mean(kl, mask)),
            "reward": float(score_t.mean()),
            "reward_std": float(score_t.std()) if len(batch) > 1 else 0.0,
            # None marks a sandbox failure (no verdict): averaged over the judged ones only.
            "outcome": (sum(judged := [o for o in reward.last_outcomes if o is not None])
                        / max(len(judged), 1)),
            "alpha": reward.alpha,
            "completion_length": float(mask.sum(dim=1).mean()),
            "learning_rate": config.learning_rate,
        }
        history.append(row)
        if (step + 1) % config.logging_steps == 0 or step == 0:
            print({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()},
                  flush=True)
        if config.save_steps and (step + 1) % config.save_steps == 0:
            save_policy(copy.deepcopy(accelerator.unwrap_model(policy)), tokenizer,
                        out_dir / f"checkpoint-{step + 1}", merge_lora=config.merge_lora)
    final = accelerator.unwrap_model(policy)
    save_policy(final, tokenizer, out_dir, merge_lora=config.merge_lora)
    torch.save(accelerator.unwrap_model(value_head).state_dict(), out_dir / "value_head.pt")
    write_metrics(out_dir, "ppo", config, history, started,
                  {"prompts": len(records), "reward_stats": dict(reward.stats),
                   "trl_has_ppo": False})
    return out_dir
