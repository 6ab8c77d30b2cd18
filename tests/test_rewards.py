"""The pure reward math: outcome, alpha schedules, phi and its per-step payments, PRM checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from o1coder_env.rewards import (
    ConstantAlpha,
    ConstantPRM,
    LinearAlpha,
    OutcomeConfig,
    PaperAlpha,
    checked_scores,
    discounted_mean,
    last_step_score,
    make_alpha_schedule,
    mix_outcomes,
    outcome_reward,
    phi,
    step_process_reward,
)


def test_fraction_outcome_is_pass_fraction() -> None:
    assert outcome_reward(3, 4, compiled=True) == 0.75
    assert outcome_reward(4, 4, compiled=True) == 1.0
    assert outcome_reward(0, 4, compiled=True) == 0.0


def test_binary_outcome_uses_taus() -> None:
    cfg = OutcomeConfig(mode="binary", tau_pass=1.0, tau_fail=-0.5)
    assert outcome_reward(4, 4, compiled=True, config=cfg) == 1.0
    assert outcome_reward(3, 4, compiled=True, config=cfg) == -0.5
    assert cfg.max_reward == 1.0


def test_compile_weight_is_the_papers_alpha_form() -> None:
    cfg = OutcomeConfig(compile_weight=0.2)
    # 0.2 * compiled + 0.8 * pass
    assert outcome_reward(1, 2, compiled=True, config=cfg) == pytest.approx(0.2 + 0.8 * 0.5)
    assert outcome_reward(0, 2, compiled=False, config=cfg) == 0.0
    assert cfg.max_reward == pytest.approx(1.0)


def test_compile_penalty_applies_only_to_non_compiling_programs() -> None:
    cfg = OutcomeConfig(compile_penalty=0.3)
    assert outcome_reward(0, 3, compiled=True, config=cfg) == 0.0
    assert outcome_reward(2, 3, compiled=False, config=cfg) == pytest.approx(-0.3)
    assert cfg.min_reward == pytest.approx(-0.3)


@pytest.mark.parametrize("kwargs", [
    {"mode": "ratio"}, {"compile_weight": 1.5}, {"compile_penalty": -1.0},
    {"tau_pass": 0.0, "mode": "binary", "tau_fail": 1.0},
])
def test_bad_outcome_config_is_rejected_by_name(kwargs: dict) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        OutcomeConfig(**kwargs)


def test_outcome_rejects_bad_counts() -> None:
    with pytest.raises(ValueError, match="at least one test"):
        outcome_reward(0, 0, compiled=True)
    with pytest.raises(ValueError, match="passed"):
        outcome_reward(5, 4, compiled=True)


def test_mix_outcomes_is_a_weighted_mean() -> None:
    assert mix_outcomes({"public": 1.0, "tcg": 0.0}, {"public": 3, "tcg": 1}) == 0.75
    with pytest.raises(ValueError, match="weight sources"):
        mix_outcomes({"public": 1.0}, {"tcg": 1.0})


def test_alpha_schedules() -> None:
    paper = PaperAlpha()
    assert paper(0) == 1.0 and paper(50) == pytest.approx(0.5) and paper(1000) == 0.1
    lin = LinearAlpha(1.0, 0.2, horizon=10)
    assert lin(0) == 1.0 and lin(5) == pytest.approx(0.6) and lin(99) == pytest.approx(0.2)
    assert ConstantAlpha(0.3)(123) == 0.3


@pytest.mark.parametrize(("spec", "t", "expected"), [
    (0.4, 7, 0.4), ("paper", 30, 0.7), ("paper:0.2,0.1", 100, 0.2), ("constant:0.25", 3, 0.25),
    ("linear:1,0,4", 1, 0.75),
])
def test_make_alpha_schedule(spec: object, t: float, expected: float) -> None:
    assert make_alpha_schedule(spec)(t) == pytest.approx(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("spec", ["cosine", "linear:1,2", "constant:x", 1.5, True])
def test_bad_alpha_schedule_is_rejected(spec: object) -> None:
    with pytest.raises(ValueError):
        make_alpha_schedule(spec)  # type: ignore[arg-type]


def test_phi_matches_the_formula() -> None:
    r = [1.0, 0.5, 0.0]
    expected = 0.6 * 0.8 + 0.4 * (0.9 * 1.0 + 0.81 * 0.5 + 0.729 * 0.0) / 3
    assert phi(0.8, r, alpha=0.6, gamma=0.9) == pytest.approx(expected)
    assert discounted_mean(r, 0.9) == pytest.approx((0.9 + 0.405) / 3)


def test_phi_without_process_rewards_is_the_outcome() -> None:
    assert phi(0.37, [], alpha=0.2, gamma=0.9) == 0.37


def test_step_payments_telescope_to_phi() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        m = int(rng.integers(1, 9))
        scores = list(rng.random(m))
        alpha, gamma, outcome = float(rng.random()), float(rng.random()), float(rng.random())
        paid = sum(step_process_reward(scores[: j + 1], alpha=alpha, gamma=gamma)
                   for j in range(m)) + alpha * outcome
        assert paid == pytest.approx(phi(outcome, scores, alpha=alpha, gamma=gamma))


def test_phi_rejects_out_of_range_alpha_and_gamma() -> None:
    with pytest.raises(ValueError, match="alpha"):
        phi(1.0, [1.0], alpha=1.2, gamma=0.9)
    with pytest.raises(ValueError, match="gamma"):
        phi(1.0, [1.0], alpha=0.5, gamma=math.nan)


def test_prm_score_checks() -> None:
    assert checked_scores([0, 1, 0.5], 3) == [0.0, 1.0, 0.5]
    with pytest.raises(ValueError, match="2 scores for 3 steps"):
        checked_scores([0.1, 0.2], 3)
    with pytest.raises(ValueError, match="step 2"):
        checked_scores([0.1, 1.2], 2)
    with pytest.raises(ValueError, match="sequence of numbers"):
        checked_scores(["x"], 1)
    assert last_step_score(ConstantPRM(0.25), "p", ["a", "b"]) == 0.25
    with pytest.raises(ValueError):
        ConstantPRM(2.0)
