"""Shared fixtures. No test touches a model hub: the hub is switched off for the whole run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
# The shared data beside the checkout; O1CODER_SHARED_DIR points elsewhere (a git worktree).
SHARED_DIR = Path(os.environ.get("O1CODER_SHARED_DIR") or REPO_ROOT.parent / "shared")
MBPP_PATH = SHARED_DIR / "data" / "mbpp" / "mbpp.jsonl"


@pytest.fixture(scope="session", autouse=True)
def _sb3_logs_in_pytest_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Stable-Baselines3 logs of tests that call ``learn()`` go to pytest's tmp, not ``/tmp``.

    (SB3 makes a ``/tmp/SB3-<time>`` folder per ``learn()`` unless ``SB3_LOGDIR`` is set.)
    """
    os.environ.setdefault("SB3_LOGDIR", str(tmp_path_factory.mktemp("sb3_logs")))


@pytest.fixture(scope="session")
def mbpp_path() -> Path:
    """The local MBPP copy beside the checkout; skips the test when it is absent."""
    if not MBPP_PATH.exists():
        pytest.skip(f"MBPP local copy not found at {MBPP_PATH} (it lives in ../shared/data/mbpp)")
    return MBPP_PATH
