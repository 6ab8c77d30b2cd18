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


@pytest.fixture(scope="session")
def mbpp_path() -> Path:
    """The local MBPP copy beside the checkout; skips the test when it is absent."""
    if not MBPP_PATH.exists():
        pytest.skip(f"MBPP local copy not found at {MBPP_PATH} (it lives in ../shared/data/mbpp)")
    return MBPP_PATH
