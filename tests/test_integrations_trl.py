"""O1CoderTRLEnv: the tools follow the env's protocol and pay the env's reward; TRL's real
GRPOTrainer drives it with environment_factory on a tiny model that calls the tools."""

from __future__ import annotations

import inspect
import json
import sys

import gymnasium as gym
import pytest

import o1coder_env  # noqa: F401
from o1coder_env.integrations.trl import O1CoderTRLEnv, dataset_rows
from o1coder_env.tasks.model import Task, TestCase

ADD = Task(
    task_id="toy/add",
    problem="Write `add(a, b)` that returns the sum of two integers.",
    entry_point="add",
    signature="def add(a: int, b: int) -> int:",
    public_tests=(TestCase.call_case([1, 2], 3), TestCase.call_case([0, 0], 0)),
    hidden_tests=(TestCase.call_case([5, 7], 12), TestCase.call_case([-3, 3], 0),
                  TestCase.call_case([40, 2], 42)),
    reference_solution="def add(a, b):\n    return a + b\n",
)
GOOD = "def add(a, b):\n    return a + b"
BAD = "def add(a, b):\n    return a - b"


def _letters_prm(problem, steps):
    return [sum(c.isalpha() for c in s) / max(len(s), 1) for s in steps]


def test_no_trl_import_and_only_protocol_tools_are_public():
    source = inspect.getsource(sys.modules["o1coder_env.integrations.trl"])
    assert "import trl" not in source and "from trl" not in source
    public = {n for n, _ in inspect.getmembers(O1CoderTRLEnv, predicate=inspect.isfunction)
              if not n.startswith("_")}
    assert public == {"reset", "get_reward", "outline", "refine", "submit_code"}
    for name in ("outline", "refine", "submit_code"):
        doc = inspect.getdoc(getattr(O1CoderTRLEnv, name))
        assert "Args:" in doc and "Returns:" in doc
        hints = inspect.get_annotations(getattr(O1CoderTRLEnv, name), eval_str=True)
        assert hints["return"] is str and len(hints) == 2


@pytest.mark.parametrize("prm_mode", ["terminal", "step"])
def test_tools_pay_exactly_what_the_env_pays(prm_mode):
    kwargs = {"tasks": [ADD], "sandbox": "process", "prm": _letters_prm, "prm_mode": prm_mode,
              "alpha": 0.5}
    factory = O1CoderTRLEnv.factory(**kwargs)
    env = factory()
    assert "add(a, b)" in env.reset(task_id="toy/add", prompt=[])
    assert "step 1" in env.outline("sum the two numbers")
    env.refine("return a plus b")
    feedback = env.submit_code(f"```python\n{BAD}\n```")
    assert "Public tests: 1/2 passed" in feedback and "test 0: failed" in feedback
    assert "12" not in feedback and "42" not in feedback  # no hidden expected output
    got = env.get_reward()
    with pytest.raises(RuntimeError, match="episode has ended"):
        env.submit_code(GOOD)

    gym_env = gym.make("O1Coder-v0", **kwargs)
    gym_env.reset(options={"task_id": "toy/add"})
    total = 0.0
    for step in ("sum the two numbers", "return a plus b", f"```python\n{BAD}\n```"):
        total += gym_env.step(step)[1]
    assert got == pytest.approx(total) and 0 < got < 1


def test_rollout_without_code_pays_the_truncation_reward():
    env = O1CoderTRLEnv.factory(tasks=[ADD], sandbox="process", prm=_letters_prm,
                                alpha=0.5)()
    env.reset()
    env.outline("plan")
    reward = env.get_reward()
    gym_env = gym.make("O1Coder-v0", tasks=[ADD], sandbox="process", prm=_letters_prm,
                       alpha=0.5, max_steps=1, max_episode_steps=2)
    gym_env.reset()
    assert reward == pytest.approx(gym_env.step("plan")[1])
    assert env.episode_info["status"] == "no_program"


def test_protocol_errors_are_clear_and_do_not_spend_steps():
    env = O1CoderTRLEnv.factory(tasks=[ADD], sandbox="process", max_steps=2,
                                max_episode_steps=3)()
    env.reset()
    with pytest.raises(ValueError, match="outline first"):
        env.refine("detail")
    with pytest.raises(ValueError, match="python block"):
        env.outline("```python\nx = 1\n```")
    env.outline("plan")
    with pytest.raises(ValueError, match="only the code step is left"):
        env.refine("more")
    assert "2/2 passed" in env.submit_code(GOOD)
    assert env.get_reward() == 1.0
    direct = O1CoderTRLEnv.factory(env_id="O1Coder-Direct-v1", tasks=[ADD], sandbox="process")()
    assert "submit_code" in direct.reset()
    tools = {n for n, _ in inspect.getmembers(type(direct), predicate=inspect.isfunction)
             if not n.startswith("_")} - {"reset", "get_reward"}
    assert tools == {"submit_code"}
    direct.submit_code(GOOD)
    assert direct.get_reward() == 1.0


def test_submit_code_uses_the_env_program_rule():
    usage = f"```python\n{GOOD}\n```\nExample:\n```python\nprint(add(1, 2))\n```"
    for env_id, kwargs, paid in (("O1Coder-Direct-v1", {}, 0.0),
                                 ("O1Coder-Direct-v2", {}, 1.0),
                                 ("O1Coder-v1", {"program_rule": "entry-point"}, 1.0),
                                 ("O1Coder-v1", {}, 0.0)):
        env = O1CoderTRLEnv.factory(env_id=env_id, tasks=[ADD], sandbox="process",
                                    evaluation=True, **kwargs)()
        env.reset()
        if env_id == "O1Coder-v1":
            env.outline("plan")
        env.submit_code(usage)
        assert env.get_reward() == paid, (env_id, kwargs)


def test_factory_seeds_instances_and_sets_alpha_progress():
    factory = O1CoderTRLEnv.factory(alpha="linear:1.0,0.0,10", sandbox="process")
    a, b = factory(), factory()
    drawn_a = [(a.reset(), a._base.task.task_id)[1] for _ in range(4)]
    drawn_b = [(b.reset(), b._base.task.task_id)[1] for _ in range(4)]
    assert drawn_a != drawn_b
    factory.set_training_progress(5)
    assert a._base.alpha == pytest.approx(0.5) and factory().__class__ is O1CoderTRLEnv
    rows = dataset_rows({"source": "builtin", "split": "test"})
    assert len(rows) == 28 and {"prompt", "task_id"} <= set(rows[0])


# --- TRL's real GRPOTrainer ---------------------------------------------------------------------


def _tiny_tool_model(tmp_path):
    """A tiny random Llama (untied head: it learns the call in ~80 steps) with SmolLM2's
    tokenizer and TRL's Qwen2.5 chat template, which renders tools and which TRL can parse."""
    import torch
    import transformers
    from trl.chat_template_utils import qwen2_5_chat_template

    from agents.generators.models import ensure_tokenizer

    tokenizer = transformers.AutoTokenizer.from_pretrained(ensure_tokenizer("smollm2-135m"))
    tokenizer.chat_template = qwen2_5_chat_template
    config = transformers.LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048,
        tie_word_embeddings=False, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = transformers.LlamaForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


def _teach_tool_calls(model, tokenizer, env, steps: int = 120) -> float:
    """Fit the model to answer the prompt with a submit_code call, good or bad code 50/50, so
    the trainer sees real tool calls and rewards that differ within a group."""
    import torch

    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": INSTRUCTION + env.reset()}], tools=[env.submit_code],
        add_generation_prompt=True, tokenize=False)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    targets = []
    for code in (GOOD, BAD):
        call = json.dumps({"name": "submit_code", "arguments": {"code": code}})
        targets.append(tokenizer(f"<tool_call>\n{call}\n</tool_call><|im_end|>",
                                 add_special_tokens=False)["input_ids"])
    assert len(targets[0]) == len(targets[1])
    ids = torch.tensor([prompt_ids + t for t in targets])
    labels = torch.tensor(targets)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(steps):
        # Logits of the answer positions only: the vocabulary is 49k wide.
        logits = model(input_ids=ids, logits_to_keep=labels.shape[1] + 1).logits[:, :-1]
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                                 labels.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return float(loss)


INSTRUCTION = "Solve the programming problem below.\n\n"


@pytest.mark.slow
def test_grpo_trainer_drives_the_env_through_tools(tmp_path, monkeypatch):
    trl = pytest.importorskip("trl")
    import torch
    from datasets import Dataset

    from agents.training.rewards import TrainingProgressCallback

    monkeypatch.setenv("TRL_EXPERIMENTAL_SILENCE", "1")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model: two threads only contend on a shared machine
    try:
        model, tokenizer = _tiny_tool_model(tmp_path)
        factory = O1CoderTRLEnv.factory(env_id="O1Coder-Direct-v1", tasks=[ADD],
                                        sandbox="process", instructions=None)
        assert _teach_tool_calls(model, tokenizer, factory()) < 0.1
        before = {k: v.detach().clone() for k, v in model.named_parameters()}
        config = trl.GRPOConfig(
            output_dir=str(tmp_path / "out"), max_steps=2, learning_rate=1e-4,
            per_device_train_batch_size=8, num_generations=8, max_completion_length=64,
            max_tool_calling_iterations=1, temperature=1.0, logging_steps=1, report_to="none",
            save_strategy="no", disable_tqdm=True, seed=0, dataloader_num_workers=0, beta=0.0,
            bf16=False, use_cpu=True, gradient_checkpointing=False)
        rows = [{"prompt": [{"role": "user", "content": INSTRUCTION}], "task_id": "toy/add"}] * 8
        trainer = trl.GRPOTrainer(model=model, args=config, train_dataset=Dataset.from_list(rows),
                                  processing_class=tokenizer, environment_factory=factory,
                                  callbacks=[TrainingProgressCallback([factory])])
        trainer.train()
    finally:
        torch.set_num_threads(threads)

    history = trainer.state.log_history
    calls = [row["tools/call_frequency"] for row in history if "tools/call_frequency" in row]
    column = "rewards/O1CoderDirectTRLEnv/mean"
    rewards = [row[column] for row in history if column in row]
    assert calls and min(calls) > 0, history
    assert len(rewards) == 2 and all(0.0 <= r <= 1.0 for r in rewards), history
    # The rollouts' envs hold the episodes: code went through submit_code and got both verdicts:
    # GOOD passes both public tests (1.0); BAD (a - b) fails add(1, 2) and passes add(0, 0), so
    # this training flavour, which pays the public tests' pass rate, gives it 0.5. Which of the
    # two each rollout samples depends on the installed transformers' sampling, not on the env.
    coded = [env for env in factory.made if env.episode_info.get("step_kind") == "code"]
    verdicts = {(env.episode_info["steps"][-1], env.get_reward()) for env in coded}
    assert {(GOOD, 1.0), (BAD, 0.5)} <= verdicts, verdicts
    changed = [k for k, v in trainer.model.named_parameters() if not torch.equal(v, before[k])]
    assert changed


def test_procedural_draws_follow_a_curriculum_without_a_dataset():
    from o1coder_env.envs.curriculum import CurriculumConfig

    factory = O1CoderTRLEnv.factory(source="procedural", split="train",
                                    path="families=arith;levels=1-3;count=6",
                                    curriculum=CurriculumConfig(window=2, max_level=3),
                                    sandbox="process")
    env = factory()
    for _ in range(3):
        assert env.reset(prompt=[])  # no task_id: the curriculum draws
        assert env._base.task.metadata["level"] == 1  # starts at the lowest level
        env.submit_code("def nothing():\n    pass")
        assert env.get_reward() == 0.0
