"""The sandbox backends a test runs on: every backend, each skipped with its reason when absent.

``pytest.mark.parametrize("backend", ALL_BACKENDS)`` or a fixture with ``params=ALL_BACKENDS``:
process always, bwrap where bubblewrap works, docker where an engine answers (marked ``docker``).
"""

from __future__ import annotations

import pytest

from o1coder_env.sandbox import bwrap_available
from o1coder_env.sandbox.docker_backend import docker_available

_UNAVAILABLE = {"process": "", "bwrap": bwrap_available(), "docker": docker_available()}
ALL_BACKENDS = [
    pytest.param(name, marks=[pytest.mark.skipif(bool(why), reason=f"{name}: {why}")]
                 + ([pytest.mark.docker] if name == "docker" else []))
    for name, why in _UNAVAILABLE.items()
]
