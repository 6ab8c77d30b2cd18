"""Every tutorial in docs/tutorials runs end to end at its tiny budget, so none can rot.

Each script runs in a fresh interpreter (as a reader would run it) with
``O1CODER_TUTORIAL_TINY=1`` and ``--out`` in a temporary folder; the test checks its exit status,
the lines it prints and the files it writes. Tutorials that train (bench with an LLM agent, PPO,
PRM + DPO) are marked slow.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

TUTORIALS = Path(__file__).resolve().parents[1] / "docs" / "tutorials"


def run_tutorial(name: str, out: Path, timeout: int = 600) -> str:
    env = dict(os.environ, O1CODER_TUTORIAL_TINY="1", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", MPLBACKEND="Agg")
    proc = subprocess.run([sys.executable, str(TUTORIALS / name), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=out.parent)
    assert proc.returncode == 0, f"{name} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def test_every_tutorial_is_tested() -> None:
    scripts = sorted(p.name for p in TUTORIALS.glob("[0-9][0-9]_*.py"))
    assert len(scripts) >= 5
    source = Path(__file__).read_text(encoding="utf-8")
    assert all(f'"{name}"' in source for name in scripts), scripts


def test_01_first_episode(tmp_path: Path) -> None:
    stdout = run_tutorial("01_first_episode.py", tmp_path / "out")
    assert "[outline]" in stdout and "[code   ] reward=1.00 terminated=True" in stdout
    assert "status=passed" in stdout and "wrong program: reward=0.00" in stdout


@pytest.mark.slow
def test_02_own_agent(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stdout = run_tutorial("02_own_agent.py", out)
    assert "pass@1 by hand:" in stdout
    assert "| PublicTestPicker |" in stdout and "| random |" in stdout
    for name in ("results.json", "leaderboard.md", "plot.png", "episodes.jsonl"):
        assert (out / "bench" / name).exists(), name


@pytest.mark.slow
def test_03_ppo_choice(tmp_path: Path) -> None:
    if importlib.util.find_spec("stable_baselines3") is None:
        pytest.skip("stable-baselines3 is not installed (pip install -e '.[train]')")
    out = tmp_path / "out"
    stdout = run_tutorial("03_ppo_choice.py", out)
    assert "PPO:" in stdout and "random:" in stdout
    png = (out / "learning_curve.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert (out / "monitor.monitor.csv").exists()


def test_04_mcts_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stdout = run_tutorial("04_mcts_by_hand.py", out)
    assert "=== after 1 rollout(s)" in stdout and "=== after 6 rollout(s)" in stdout
    assert "*[root   ]" in stdout
    for kind in ("sft", "prm", "prm-pairs", "dpo"):
        assert (out / f"{kind}.jsonl").exists(), kind
    assert (out / "prm.jsonl").read_text(encoding="utf-8").strip()
    assert "tree-data" in (out / "tree.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_05_prm_and_dpo(tmp_path: Path) -> None:
    for module in ("torch", "trl", "agents.training"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not available (pip install -e '.[train]')")
    out = tmp_path / "out"
    stdout = run_tutorial("05_prm_and_dpo.py", out)
    assert "PRM: 3 steps" in stdout and "DPO:" in stdout
    assert (out / "prm").is_dir() and (out / "dpo" / "metrics.json").exists()


@pytest.mark.slow
def test_06_watch_it_learn(tmp_path: Path) -> None:
    for module in ("torch", "trl", "agents.training"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not available (pip install -e '.[train]')")
    out = tmp_path / "out"
    stdout = run_tutorial("06_watch_it_learn.py", out)
    assert "before: held-out pass@1" in stdout and "GRPO: 2 steps" in stdout
    assert "| GRPO, 2 steps |" in stdout and "paired difference" in stdout
    assert (out / "curve.png").stat().st_size > 1000
    assert list((out / "grpo" / "trainer").rglob("events.out.tfevents*"))  # TensorBoard
