"""PPO (Stable-Baselines3) on O1Coder-Choice-v0: training, logs, determinism, the saved agent.

The runs use four tiny tasks and a few hundred steps, so each takes seconds; the
learning-evidence run over the whole train split is ``benchmarks/perf/learning_ppo_bench.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("stable_baselines3")
pytest.importorskip("tensorboard")

from _env_fixtures import tiny_tasks

from agents.base import run_episode
from agents.baselines import RandomAgent, make_agent
from agents.rl import sb3_ppo
from agents.rl.sb3_ppo import (
    MODEL_ENV_VAR,
    PPOChoiceAgent,
    PPOChoiceConfig,
    evaluate_choice,
    make_choice_env,
    train_ppo_choice,
)
from o1coder_env.tasks.jsonl import write_jsonl

TASKS = ("tiny/add_pair", "tiny/count_vowels", "tiny/list_max", "tiny/sum_stdin")


@pytest.fixture(scope="module")
def tasks_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Four tiny tasks (small tests, fast programs) as a JSONL source: a config holds only data.
    return write_jsonl(tiny_tasks(), tmp_path_factory.mktemp("tasks") / "tiny.jsonl")


def tiny_env(tasks_file: Path, **overrides: object) -> object:
    settings: dict[str, object] = {"source": "jsonl", "path": str(tasks_file), "split": None,
                                   "k": 4, "feature_dim": 16, "max_steps": 6,
                                   "max_episode_steps": 7}
    settings.update(overrides)
    return make_choice_env(**settings)


def tiny_config(out_dir: Path, tasks_file: Path, **overrides: object) -> PPOChoiceConfig:
    settings: dict[str, object] = {
        "out_dir": str(out_dir), "source": "jsonl", "path": str(tasks_file), "split": None,
        "total_timesteps": 256, "n_envs": 2,
        "n_steps": 64, "batch_size": 64, "n_epochs": 2, "feature_dim": 16,
        "net_arch": (32,), "seed": 3, "curve_window": 5,
        # Wrong candidates that loop forever cost the time limit each time they are tried.
        "timeout_s": 0.25,
    }
    settings.update(overrides)
    return PPOChoiceConfig(**settings)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory: pytest.TempPathFactory, tasks_file: Path) -> Path:
    return train_ppo_choice(tiny_config(tmp_path_factory.mktemp("ppo") / "run", tasks_file))


def _parameters(model: object) -> list[np.ndarray]:
    return [p.detach().cpu().numpy().copy() for p in model.policy.parameters()]  # type: ignore[attr-defined]


def test_training_changes_parameters_and_writes_logs(trained_run: Path,
                                                     tasks_file: Path) -> None:
    import stable_baselines3 as sb3

    config = tiny_config(trained_run, tasks_file)
    # The same seed and spaces give the same initial weights: that is the "before".
    env = make_choice_env(**config.env_kwargs())
    fresh = sb3.PPO("MlpPolicy", env, seed=config.seed, device="cpu",
                    policy_kwargs={"net_arch": list(config.net_arch)})
    trained = sb3.PPO.load(str(trained_run / "model.zip"), device="cpu")
    before, after = _parameters(fresh), _parameters(trained)
    assert len(before) == len(after)
    assert any(not np.allclose(a, b) for a, b in zip(before, after, strict=True))

    assert trained.num_timesteps >= 256
    events = list((trained_run / "tb").rglob("events.out.tfevents.*"))
    assert events and events[0].stat().st_size > 0
    monitors = sorted((trained_run / "monitor").glob("*.monitor.csv"))
    assert len(monitors) == 2
    assert len(monitors[0].read_text().splitlines()) > 3  # header lines + episodes
    png = (trained_run / "learning_curve.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    metrics = json.loads((trained_run / "metrics.json").read_text())
    assert metrics["timesteps"] >= 256 and metrics["episodes"] > 10
    assert 0.0 <= metrics["final_mean_reward"] <= 1.0
    saved = json.loads((trained_run / "ppo_config.json").read_text())
    assert PPOChoiceConfig.from_dict(saved) == config


def test_same_seed_gives_identical_model(trained_run: Path, tasks_file: Path,
                                        tmp_path: Path) -> None:
    import stable_baselines3 as sb3

    again = train_ppo_choice(tiny_config(tmp_path / "again", tasks_file))
    first = sb3.PPO.load(str(trained_run / "model.zip"), device="cpu")
    second = sb3.PPO.load(str(again / "model.zip"), device="cpu")
    for a, b in zip(_parameters(first), _parameters(second), strict=True):
        np.testing.assert_array_equal(a, b)
    curve_a = sb3_ppo.learning_curve(trained_run / "monitor")
    curve_b = sb3_ppo.learning_curve(again / "monitor")
    assert sorted(curve_a["rewards"]) == sorted(curve_b["rewards"])


def test_saved_agent_round_trip_and_bench_loading(trained_run: Path, tasks_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import stable_baselines3 as sb3

    model = sb3.PPO.load(str(trained_run / "model.zip"), device="cpu")
    agent = PPOChoiceAgent(model_path=trained_run)  # a run folder works too
    env = tiny_env(tasks_file)
    obs, _ = env.reset(seed=0, options={"task_id": TASKS[0]})
    expected, _ = model.predict(obs, deterministic=True)
    record = run_episode(agent, env, TASKS[0], seed=0)
    assert record.error is None, record.error
    assert record.actions[0] == int(expected)
    assert record.terminated or record.truncated
    probs = agent.action_probabilities(obs)
    assert probs.shape == (4,) and abs(probs.sum() - 1.0) < 1e-9

    # The bench builds agents by "package.module:Class" with the path in the environment.
    monkeypatch.setenv(MODEL_ENV_VAR, str(trained_run / "model.zip"))
    loaded = make_agent("agents.rl.sb3_ppo:PPOChoiceAgent")
    again = run_episode(loaded, env, TASKS[0], seed=0)
    assert again.actions == record.actions and again.reward == record.reward


def test_evaluation_reports_intervals(tasks_file: Path) -> None:
    env = tiny_env(tasks_file)
    result = evaluate_choice(RandomAgent(), env, seeds=(0, 1))
    assert result.episodes == 8 and len(result.rewards) == 8
    value, low, high = result.mean_reward
    assert low <= value <= high
    s_value, s_low, s_high = result.success_rate
    assert 0.0 <= s_low <= s_value <= s_high <= 1.0
    assert "random" in result.line()


def test_agent_rejects_wrong_env(trained_run: Path, tasks_file: Path) -> None:
    agent = PPOChoiceAgent(model_path=trained_run / "model.zip")
    env = tiny_env(tasks_file, feature_dim=32)
    record = run_episode(agent, env, TASKS[0], seed=0)
    assert record.error is not None and "observation shape" in record.error
    wrong_k = tiny_env(tasks_file, k=3)
    record = run_episode(agent, wrong_k, TASKS[0], seed=0)
    assert record.error is not None and "k=4" in record.error


def test_agent_reads_saved_config_and_keeps_trained_step_scale(trained_run: Path,
                                                                tasks_file: Path) -> None:
    # Trained with max_steps=6, evaluated in a 4-step env (the bench's default): the policy
    # must read step_index / 6 at every step, as in training, not the env's step_index / 4.
    import stable_baselines3 as sb3

    agent = PPOChoiceAgent(model_path=trained_run)
    assert agent.trained == PPOChoiceConfig.from_dict(
        json.loads((trained_run / "ppo_config.json").read_text()))
    assert agent.trained.max_steps == 6
    env = tiny_env(tasks_file, max_steps=4, max_episode_steps=5)
    model = sb3.PPO.load(str(trained_run / "model.zip"), device="cpu")
    slot = model.observation_space.shape[0] - 1 - 4
    for task_id in TASKS:
        record = run_episode(agent, env, task_id, seed=1)
        assert record.error is None, record.error
        obs, _ = env.reset(seed=1, options={"task_id": task_id})
        for index, action in enumerate(record.actions):
            assert obs[slot] == pytest.approx(index / 4)
            seen = obs.copy()
            seen[slot] = index / 6
            expected, _ = model.predict(seen, deterministic=True)
            assert action == int(expected)
            obs, *_ = env.step(action)


def test_agent_without_saved_config_says_what_is_missing(trained_run: Path,
                                                         tmp_path: Path) -> None:
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "model.zip").write_bytes((trained_run / "model.zip").read_bytes())
    with pytest.raises(FileNotFoundError, match=r"ppo_config\.json"):
        PPOChoiceAgent(model_path=lone)


def test_missing_model_names_the_variable(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=MODEL_ENV_VAR):
        PPOChoiceAgent()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("k", 1, "k must be an int >= 2"),
    ("total_timesteps", 0, "total_timesteps must be an int >= 1"),
    ("gamma", 1.5, "gamma must be in"),
    ("learning_rate", -1.0, "learning_rate must be a number > 0"),
    ("reward_mode", "soft", "reward_mode"),
    ("net_arch", (), "net_arch"),
])
def test_config_rejects_bad_values(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PPOChoiceConfig(**{field: value})  # type: ignore[arg-type]


def test_cli_flags_cover_every_field(tmp_path: Path) -> None:
    import argparse

    from agents.rl.cli import add_parser, config_from_args

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["rl", "train-ppo", "--out-dir", str(tmp_path), "--task-ids",
                              *TASKS, "--net-arch", "16", "16", "--no-tensorboard",
                              "--total-timesteps", "64"])
    config = config_from_args(args)
    assert config.task_ids == TASKS and config.net_arch == (16, 16)
    assert config.tensorboard is False and config.total_timesteps == 64
    assert config.learning_rate == PPOChoiceConfig().learning_rate
