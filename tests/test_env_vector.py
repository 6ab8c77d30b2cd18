"""The envs in Gymnasium vector envs (async subprocesses), including setting alpha's progress."""

from __future__ import annotations

import gymnasium as gym
import pytest
from _env_fixtures import tiny_tasks
from gymnasium.vector.utils import iterate

import o1coder_env  # noqa: F401
from o1coder_env.rewards import ConstantPRM
from o1coder_env.step_candidates import code_step


@pytest.mark.parametrize("env_id", ["O1Coder-v0", "O1Coder-Choice-v0"])
def test_async_vector_env_steps(env_id: str) -> None:
    envs = gym.make_vec(env_id, num_envs=2, vectorization_mode="async", tasks=tiny_tasks(),
                        sandbox="process")
    try:
        obs, infos = envs.reset(seed=7)
        assert len(infos["task_id"]) == 2
        for _ in range(3):
            obs, rewards, _, _, infos = envs.step(envs.action_space.sample())
            assert rewards.shape == (2,)
        # Every sub-env's observation lies in the single-env space (text spaces included).
        singles = list(iterate(envs.observation_space, obs))
        assert len(singles) == 2
        assert all(envs.single_observation_space.contains(o) for o in singles)
    finally:
        envs.close()


def test_async_vector_env_sets_training_progress_and_scores_code() -> None:
    envs = gym.make_vec("O1Coder-v0", num_envs=2, vectorization_mode="async",
                        tasks=tiny_tasks(), task_ids=["tiny/add_pair"], sandbox="process",
                        prm=ConstantPRM(0.0), alpha="paper")
    try:
        envs.call("set_training_progress", 50.0)
        assert envs.get_attr("alpha") == (0.5, 0.5)
        envs.reset(seed=0)
        program = code_step("def add_pair(a, b):\n    return a + b\n")
        _, rewards, term, _, infos = envs.step((program, "an outline"))
        assert list(term) == [True, False]
        assert rewards[0] == pytest.approx(0.5)  # 0.5 * R(=1) + 0.5 * mean(0.9 * 0)
        assert infos["hidden_passed"][0] == 2
    finally:
        envs.close()
