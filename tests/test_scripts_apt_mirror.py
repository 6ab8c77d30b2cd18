"""scripts/apt-mirror.sh: the debootstrap mirror comes from the machine's own apt sources."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "apt-mirror.sh"


def _mirror(apt_dir: Path) -> str:
    """Run the script against a fake apt config directory and return its one output line."""
    env = {**os.environ, "O1CODER_APT_DIR": str(apt_dir)}
    out = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True,
                         check=True, timeout=30)
    return out.stdout.strip()


@pytest.fixture()
def apt_dir(tmp_path: Path) -> Path:
    """An empty fake /etc/apt with its sources.list.d folder."""
    (tmp_path / "sources.list.d").mkdir()
    return tmp_path


def test_one_line_format(apt_dir: Path) -> None:
    (apt_dir / "sources.list").write_text(
        "# comment\n"
        "deb-src http://src.example/debian bookworm main\n"
        "deb http://security.example/debian-security bookworm-security main\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian/ trixie main\n"
    )
    assert _mirror(apt_dir) == "http://mirror.example/debian trixie"


def test_list_file_in_sources_list_d(apt_dir: Path) -> None:
    local = apt_dir / "sources.list.d" / "local.list"
    local.write_text("deb http://local/debian bookworm main\n")
    assert _mirror(apt_dir) == "http://local/debian bookworm"


def test_deb822_format(apt_dir: Path) -> None:
    (apt_dir / "sources.list.d" / "debian.sources").write_text(
        "Types: deb-src\nURIs: http://src.example/debian\nSuites: bookworm\n\n"
        "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nEnabled: no\n\n"
        "Types: deb\n# a comment\nURIs: http://proxy.example/debian/\n"
        "Suites: bookworm-updates bookworm\nComponents: main\n"
    )
    assert _mirror(apt_dir) == "http://proxy.example/debian bookworm"


def test_fallback_when_no_source(apt_dir: Path) -> None:
    assert _mirror(apt_dir) == "http://deb.debian.org/debian bookworm"
    assert _mirror(apt_dir / "missing") == "http://deb.debian.org/debian bookworm"
