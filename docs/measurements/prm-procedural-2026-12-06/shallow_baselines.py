"""How much of the encoder PRM's held-out AUC do shallow cues of a step explain?

Two PRMs with no language model, fitted on the same train trees as the encoder, are scored on
the same held-out steps, each as the ``baseline`` of ``agents.prm.evaluate.step_auc`` (paired
task-bootstrap intervals of the differences):

- ``shorter``: minus the step's length (SmolLM2's wrong steps are often long, copied code);
- ``cues``: a logistic regression on log length, "defines the function the problem names" and
  "is a code step", fitted on the train trees.

Run from the repository root (it reads the two gzipped tree files here; the encoder
trained as docs/prm.md shows):

    python docs/measurements/prm-procedural-2026-12-06/shallow_baselines.py ENCODER_DIR

More held-out tree files (``.jsonl`` or ``.jsonl.gz``, searched on other test tasks) given
after the encoder are added to the held-out steps; the heuristic PRM is then compared too:

    python .../shallow_baselines.py ENCODER_DIR MORE_TEST_TREES.jsonl.gz ...
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import numpy as np

from agents.mcts.export import build_prm
from agents.prm import load_prm
from agents.prm.base import StepExample
from agents.prm.evaluate import step_auc

HERE = Path(__file__).parent
_NAME = re.compile(r"`([A-Za-z_]\w*)`")


def _records(name: str | Path) -> list[dict]:
    path = HERE / name
    with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz"
          else path.open(encoding="utf-8")) as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _features(ex: StepExample) -> list[float]:
    match = _NAME.search(ex.problem)
    defines = bool(match and f"def {match.group(1)}(" in ex.step)
    return [float(np.log1p(len(ex.step))), float(defines), float("```" in ex.step)]


class Shorter:
    """Scores a step by minus its length."""

    def score_examples(self, examples: list[StepExample]) -> list[float]:
        """Minus each step's length in characters."""
        return [-float(len(ex.step)) for ex in examples]


class Cues:
    """A logistic regression on three shallow cues of a step, fitted by Newton's method."""

    def __init__(self, records: list[dict]) -> None:
        rows = build_prm(records, min_visits=1)
        x = np.asarray([[1.0, *_features(StepExample(r["problem"], tuple(r["prefix"]),
                                                       r["step"]))] for r in rows])
        y = np.asarray([float(r["value"] >= 0.5) for r in rows])
        w = np.zeros(x.shape[1])
        for _ in range(50):
            p = 1.0 / (1.0 + np.exp(-x @ w))
            hessian = x.T @ (x * (p * (1 - p))[:, None]) + 1e-6 * np.eye(len(w))
            w -= np.linalg.solve(hessian, x.T @ (p - y))
        self.w = w

    def score_examples(self, examples: list[StepExample]) -> list[float]:
        """The fitted probability that each step is positive."""
        x = np.asarray([[1.0, *_features(ex)] for ex in examples])
        return list(1.0 / (1.0 + np.exp(-x @ self.w)))


def main() -> None:
    """Print the encoder's AUC against each shallow PRM, with paired intervals."""
    encoder = load_prm(sys.argv[1])
    train, test = _records("train-trees.jsonl.gz"), _records("test-trees.jsonl.gz")
    more = [Path(arg).resolve() for arg in sys.argv[2:]]
    for path in more:
        test += _records(path)
    ids = [t["task_id"] for t in test]
    if len(set(ids)) != len(ids):
        raise SystemExit("a held-out task appears in two tree files")
    cues = Cues(train)
    out: dict = {"cues_weights": [round(float(v), 3) for v in cues.w],
                 "test_files": ["test-trees.jsonl.gz", *(p.name for p in more)],
                 "test_tasks": len(test)}
    baselines: list[tuple[str, object]] = [("shorter", Shorter()), ("cues", cues)]
    if more:
        baselines.append(("heuristic", load_prm("heuristic")))
    for name, baseline in baselines:
        report = step_auc(encoder, test, bootstrap=1000, seed=0, baseline=baseline)
        out[name] = {k: report[k] for k in ("auc", "auc_ci", "auc_baseline", "auc_diff",
                                             "auc_diff_ci", "steps", "positives")}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
