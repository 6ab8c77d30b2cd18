from pathlib import Path

import pytest

from agents.generators import models
from agents.generators.models import GGUFModel, ModelNotInstalledError, cache_root, resolve_model


def test_cache_root_respects_xdg_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv("O1CODER_MODEL_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "o1coder" / "models"
    monkeypatch.setenv("O1CODER_MODEL_CACHE", str(tmp_path / "mine"))
    assert cache_root() == tmp_path / "mine"


def test_missing_package_says_how_to_install():
    spec = GGUFModel(package="o1coder_no_such_package", install="pip install nothing-here",
                     description="absent")
    with pytest.raises(ModelNotInstalledError, match="pip install nothing-here"):
        spec.gguf_path()


def test_non_alias_names_pass_through():
    assert resolve_model("/some/folder") == "/some/folder"
    assert resolve_model("org/model") == "org/model"


def test_publish_keeps_the_first_finished_folder(tmp_path):
    final = tmp_path / "m"
    first, second = tmp_path / ".m.tmp-1", tmp_path / ".m.tmp-2"
    for folder, tag in ((first, "1"), (second, "2")):
        folder.mkdir()
        (folder / "tokenizer.json").write_text(tag)
    models._publish(first, final)
    models._publish(second, final)  # lost the race: its own temp folder is dropped
    assert (final / "tokenizer.json").read_text() == "1"
    assert not first.exists() and not second.exists()


def test_partial_cache_folder_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("O1CODER_MODEL_CACHE", str(tmp_path))
    (tmp_path / "smollm2-135m").mkdir()
    (tmp_path / "smollm2-135m" / "config.json").write_text("{}")
    with pytest.raises(RuntimeError, match="incomplete"):
        resolve_model("smollm2-135m")
    assert Path(tmp_path / "smollm2-135m" / "config.json").exists()  # never deleted for the user
