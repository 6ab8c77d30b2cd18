"""The documentation site builds with mkdocs in strict mode (every warning is an error)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_docs_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))
    missing = [p for p in pages if p not in nav]
    assert not missing, f"pages not in mkdocs.yml nav: {missing}"


def test_tutorial_pages_include_their_scripts() -> None:
    for script in sorted((ROOT / "docs" / "tutorials").glob("[0-9][0-9]_*.py")):
        page = script.with_suffix(".md")
        assert page.exists(), f"{script.name} has no page"
        assert f'--8<-- "docs/tutorials/{script.name}"' in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python"):
        if importlib.util.find_spec(module.split(".")[0]) is None:
            pytest.skip(f"{module} is not installed: pip install -e '.[docs]'")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(tmp_path / "site")],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    warnings = [line for line in proc.stderr.splitlines() if re.match(r"\s*WARNING", line)]
    assert proc.returncode == 0 and not warnings, proc.stderr[-4000:]
    site = tmp_path / "site"
    # The API reference is generated from docstrings, and the tutorials include their code.
    assert "pass_at_k" in (site / "reference" / "benchmarks" / "index.html").read_text()
    tutorial = (site / "tutorials" / "01_first_episode" / "index.html").read_text()
    assert "reference_trace" in tutorial
    assert (site / "images" / "viewer.png").exists()
