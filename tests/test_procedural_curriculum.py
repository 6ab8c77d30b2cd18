"""The level curriculum on the real Direct env and sandbox: moves, info, state, errors."""

from __future__ import annotations

import gymnasium as gym
import pytest

import o1coder_env  # noqa: F401  (registers the envs)
from o1coder_env.envs.curriculum import (
    CurriculumConfig,
    CurriculumEnvState,
    LevelCurriculum,
)

SPEC = "families=arith,strings;levels=1-3;count=3"


@pytest.fixture()
def env():
    base = gym.make("O1Coder-Direct-v1", source="procedural", split="train", path=SPEC,
                    sandbox="process")
    wrapped = LevelCurriculum(base, CurriculumConfig(window=2, raise_at=1.0, lower_at=0.0,
                                                     max_level=3))
    yield wrapped
    wrapped.close()


def _play(env, *, solve: bool) -> dict:
    task = env.unwrapped.task
    _, _, terminated, _, info = env.step(task.reference_solution if solve else "garbage(")
    assert terminated
    return info


def test_level_rises_on_success_and_falls_on_failure(env) -> None:
    _, info = env.reset(seed=3)
    assert info["curriculum"]["level"] == 1
    assert env.unwrapped.task.metadata["level"] == 1
    levels = []
    for solve in (True, True, True, True, False, False):
        env.reset()
        level = env.unwrapped.task.metadata["level"]
        info = _play(env, solve=solve)
        levels.append((level, info["curriculum"]["moved"]))
    # two successes at 1 -> 2; two at 2 -> 3; two failures at 3 -> 2
    assert levels == [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, -1)]
    assert info["curriculum"]["level"] == 2
    assert info["curriculum"]["moves"] == 3 and info["curriculum"]["episodes"] == 6
    assert info["curriculum"]["window"] == []


def test_mixed_results_keep_the_level_and_slide_the_window(env) -> None:
    env.reset(seed=0)
    for solve in (True, False, True, False):
        env.reset()
        info = _play(env, solve=solve)
    assert info["curriculum"]["level"] == 1
    assert info["curriculum"]["window"] == [True, False]
    assert info["curriculum"]["success_rate"] == 0.5


def test_state_round_trip_repeats_the_next_draws(env) -> None:
    env.reset(seed=11)
    _play(env, solve=True)
    env.reset()
    state = env.get_state()
    assert isinstance(state, CurriculumEnvState)
    assert state.curriculum.window == (True,)
    first = []
    for _ in range(3):
        env.reset()
        first.append(env.unwrapped.task.task_id)
        _play(env, solve=True)
    env.set_state(state)
    assert env.curriculum_state().window == (True,) and env.level == state.curriculum.level
    again = []
    for _ in range(3):
        env.reset()
        again.append(env.unwrapped.task.task_id)
        _play(env, solve=True)
    assert again == first


def test_seeded_resets_draw_the_same_tasks(env) -> None:
    ids = []
    for _ in range(2):
        env.reset(seed=5)
        run = [env.unwrapped.task.task_id]
        for _ in range(3):
            env.reset()
            run.append(env.unwrapped.task.task_id)
        ids.append(run)
    assert ids[0] == ids[1]


def test_config_and_level_errors() -> None:
    with pytest.raises(ValueError, match="lower_at < raise_at"):
        CurriculumConfig(raise_at=0.2, lower_at=0.5)
    with pytest.raises(ValueError, match="start_level must be within"):
        CurriculumConfig(start_level=4, max_level=3)
    with pytest.raises(ValueError, match="window must be an int >= 1"):
        CurriculumConfig(window=0)
    base = gym.make("O1Coder-Direct-v1", source="procedural", split="train",
                    path="families=arith;levels=1-2;count=1")
    with pytest.raises(ValueError, match=r"no task of level\(s\) \[3, 4, 5\]"):
        LevelCurriculum(base)
    builtin = gym.make("O1Coder-Direct-v1", source="builtin", split="train")
    with pytest.raises(ValueError, match="has no integer metadata"):
        LevelCurriculum(builtin)
