"""Evaluating a PRM on held-out trees: step-level AUC, pair accuracy, best-of-n reranking gain.

- **Step-level AUC**: every visited non-root node is a step in context, labelled positive when
  its value ``V/N >= threshold`` (0.5); AUC is the probability that the PRM scores a random
  positive above a random negative (ties count half), computed from ranks
  (:func:`o1coder_env.stats.roc_auc`). Reported over all steps, over code steps only and over
  pseudocode steps only, and as ``auc_task``, the
  mean of each task's own AUC (ranking one problem's steps, which is what reranking, MCTS and
  step rewards use; the pooled AUC also asks for scores comparable across problems). On
  ``candidates`` trees,
  wrong pseudocode steps are often other tasks' steps (easy to spot), while wrong code steps are
  mutants of the right program (hard), so the code-only AUC is the honest number.
- **Pair accuracy**: on sibling pairs whose values differ by at least ``margin``, the share
  where the PRM scores the better step higher (ties count half).
- **Confidence intervals**: with ``bootstrap`` > 0 resamples, every AUC and the pair accuracy
  come with a 95% percentile interval (``*_ci``) from a bootstrap over *tasks* (a task's steps
  and pairs are resampled together: steps of one tree are not independent), seeded.
- **Code steps that solve the task**: ``auc_code_pass`` labels a code step positive only when
  its program passed every test of the search (terminal reward 1.0), where the V/N >= 0.5 label
  also counts a wrong program that passes half the tests as good.
- **Best-of-n reranking**: per task, ``groups`` random draws of ``n`` distinct root-to-terminal
  traces of the tree; one trace is chosen by the PRM (mean step score, as
  :class:`agents.baselines.BestOfNAgent` does) and one by log-probability (per token, from a
  causal LM when ``logprob_model`` is given, else the generator's log-probabilities stored in
  the tree); a choice passes when its terminal reward (pass fraction on the search's tests) is
  1.0. Reported: pass rate of each chooser, of a random choice (expected), of an oracle, and
  the gain PRM minus log-probability.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from agents.mcts.export import build_prm, build_prm_pairs
from agents.prm.base import StepExample, render_context, render_step
from o1coder_env._optional import require
from o1coder_env.stats import bootstrap_ci, roc_auc

__all__ = [
    "LMLogprobScorer",
    "evaluate_prm",
    "pair_accuracy",
    "rerank_gain",
    "step_auc",
]

PRMLike = Callable[[str, Sequence[str]], Sequence[float]]


def _difference(ours: Callable[[np.ndarray], float], theirs: Callable[[np.ndarray], float],
                ix: np.ndarray) -> float:
    """Paired difference of two statistics on the same resample (ours minus the baseline)."""
    return ours(ix) - theirs(ix)


def _score_examples(prm: PRMLike, examples: Sequence[StepExample]) -> list[float]:
    score_examples = getattr(prm, "score_examples", None)
    if callable(score_examples):
        return [float(x) for x in score_examples(examples)]
    return [float(prm(ex.problem, [*ex.prefix, ex.step])[-1]) for ex in examples]


def step_auc(prm: PRMLike, records: Iterable[Mapping[str, Any]], *, threshold: float = 0.5,
             min_visits: int = 1, bootstrap: int = 0, seed: int = 0,
             baseline: PRMLike | None = None) -> dict[str, Any]:
    """Step-level AUC overall, on code steps and on pseudocode steps.

    Args:
        prm: The PRM.
        records: Held-out tree records.
        threshold: A step is positive when its value ``V/N >= threshold``.
        min_visits: Least visits of a node scored.
        bootstrap: Resamples of the task bootstrap (0: no intervals).
        seed: Seed of the bootstrap.
        baseline: A second PRM to compare with on the same steps (e.g. the heuristic one).

    Returns:
        ``{"auc", "auc_code", "auc_plan", "auc_code_pass", "auc_task", "steps", "code_steps",
        "positives", "threshold"}``, plus ``"auc_ci"``, ``"auc_code_ci"``, ``"auc_plan_ci"``,
        ``"auc_code_pass_ci"``, ``"auc_task_ci"`` (``[low, high]``) when ``bootstrap`` > 0.
        ``auc_task`` is the mean of each task's own AUC (tasks whose steps hold both
        classes): it asks only whether the PRM ranks one problem's steps right, which is what
        reranking, MCTS and the env's step rewards use, while the pooled ``auc`` also asks
        that scores be comparable across problems (a pair-wise PRM is not trained for that).
        With a ``baseline``, also ``"<metric>_baseline"`` and ``"<metric>_diff"`` (PRM minus
        baseline) for each AUC, and ``"<metric>_diff_ci"``, a *paired* interval (both PRMs
        scored on the same resampled tasks, which is much tighter than comparing two separate
        intervals).
    """
    rows = build_prm(records, min_visits=min_visits)
    examples = [StepExample(r["problem"], tuple(r["prefix"]), r["step"]) for r in rows]
    scores = np.asarray(_score_examples(prm, examples), dtype=float)
    labels = np.asarray([r["value"] >= threshold for r in rows], dtype=bool)
    code = np.asarray([r["kind"] == "code" for r in rows], dtype=bool)
    judged = code & np.asarray([r["reward"] is not None for r in rows], dtype=bool)
    solved = np.asarray([r["reward"] is not None and r["reward"] >= 1.0 for r in rows],
                        dtype=bool)
    tasks = [r["task_id"] for r in rows]

    def auc_over(mask: np.ndarray, truth: np.ndarray,
                 values: np.ndarray) -> Callable[[np.ndarray], float]:
        def stat(ix: np.ndarray) -> float:
            keep = ix[mask[ix]]
            return roc_auc(truth[keep], values[keep]) if len(keep) else float("nan")
        return stat

    task_index = np.unique(np.asarray(tasks, dtype=str), return_inverse=True)[1] \
        if tasks else np.zeros(0, dtype=int)
    task_rows = {t: np.flatnonzero(task_index == t) for t in set(task_index.tolist())}

    def within_tasks(values: np.ndarray) -> Callable[[np.ndarray], float]:
        # Each task's own AUC (tasks with both classes), averaged; a task drawn twice by the
        # bootstrap counts twice.
        per_task = {t: roc_auc(labels[ix], values[ix]) for t, ix in task_rows.items()}

        def stat(ix: np.ndarray) -> float:
            drawn, counts = np.unique(task_index[ix], return_counts=True)
            weights = [(per_task[t], c / len(task_rows[t])) for t, c in
                       zip(drawn.tolist(), counts.tolist(), strict=True)
                       if math.isfinite(per_task[t])]
            total = sum(w for _, w in weights)
            return sum(a * w for a, w in weights) / total if total else float("nan")
        return stat

    everything = np.ones(len(rows), dtype=bool)
    subsets = {"auc": (everything, labels), "auc_code": (code, labels),
               "auc_plan": (~code, labels), "auc_code_pass": (judged, solved)}
    metrics = {name: auc_over(mask, truth, scores) for name, (mask, truth) in subsets.items()}
    metrics["auc_task"] = within_tasks(scores)
    every_row = np.arange(len(rows))
    out: dict[str, Any] = {name: stat(every_row) for name, stat in metrics.items()}
    out.update({"steps": len(rows), "code_steps": int(code.sum()),
                "positives": int(labels.sum()), "threshold": threshold})
    if bootstrap:
        for name, stat in metrics.items():
            out[f"{name}_ci"] = bootstrap_ci(tasks, stat, resamples=bootstrap, seed=seed)
    if baseline is not None:
        base_scores = np.asarray(_score_examples(baseline, examples), dtype=float)
        theirs_all = {name: auc_over(mask, truth, base_scores)
                      for name, (mask, truth) in subsets.items()}
        theirs_all["auc_task"] = within_tasks(base_scores)
        for name, theirs in theirs_all.items():
            ours = metrics[name]
            out[f"{name}_baseline"] = theirs(every_row)
            out[f"{name}_diff"] = out[name] - out[f"{name}_baseline"]
            if bootstrap:
                out[f"{name}_diff_ci"] = bootstrap_ci(
                    tasks, functools.partial(_difference, ours, theirs),
                    resamples=bootstrap, seed=seed)
    return out


def pair_accuracy(prm: PRMLike, records: Iterable[Mapping[str, Any]], *, margin: float = 0.1,
                  min_visits: int = 1, bootstrap: int = 0, seed: int = 0,
                  baseline: PRMLike | None = None) -> dict[str, Any]:
    """Share of sibling pairs ordered right by the PRM (ties count half).

    Returns:
        ``{"pair_accuracy", "pairs"}`` (accuracy ``nan`` when there is no pair), plus
        ``"pair_accuracy_ci"`` from a task bootstrap when ``bootstrap`` > 0; with a
        ``baseline`` PRM, also ``"pair_accuracy_baseline"``, ``"pair_accuracy_diff"`` and its
        paired ``"pair_accuracy_diff_ci"``.
    """
    records = list(records)
    problems = {r["task_id"]: str(r["problem"]) for r in records}
    pairs = build_prm_pairs(records, margin=margin, min_visits=min_visits)
    if not pairs:
        empty: dict[str, Any] = {"pair_accuracy": float("nan"), "pairs": 0}
        if bootstrap:
            empty["pair_accuracy_ci"] = [math.nan, math.nan]
        return empty
    examples = []
    for p in pairs:
        problem, prefix = problems[p["task_id"]], tuple(p["prefix"])
        examples += [StepExample(problem, prefix, p["chosen"]),
                     StepExample(problem, prefix, p["rejected"])]

    def hits_of(model: PRMLike) -> np.ndarray:
        s = _score_examples(model, examples)
        return np.asarray([1.0 if a > b else 0.5 if a == b else 0.0
                           for a, b in zip(s[::2], s[1::2], strict=True)])

    hits = hits_of(prm)
    tasks = [p["task_id"] for p in pairs]
    out: dict[str, Any] = {"pair_accuracy": float(np.mean(hits)), "pairs": len(pairs)}
    if bootstrap:
        out["pair_accuracy_ci"] = bootstrap_ci(tasks, lambda ix: float(np.mean(hits[ix])),
                                               resamples=bootstrap, seed=seed)
    if baseline is not None:
        base_hits = hits_of(baseline)
        out["pair_accuracy_baseline"] = float(np.mean(base_hits))
        out["pair_accuracy_diff"] = out["pair_accuracy"] - out["pair_accuracy_baseline"]
        if bootstrap:
            out["pair_accuracy_diff_ci"] = bootstrap_ci(
                tasks, lambda ix: float(np.mean(hits[ix]) - np.mean(base_hits[ix])),
                resamples=bootstrap, seed=seed)
    return out


class LMLogprobScorer:
    """Log-probability per token of a trace's steps under a causal LM (a reranking baseline).

    The trace is rendered as the PRMs read it (problem, then ``### Step n`` headers); the score
    is the mean log-probability of the step tokens.

    Args:
        model: A model alias (``smollm2-135m``), a folder or a hub id.
        max_length: Most tokens read (the oldest are cut first).
        device: Torch device.
    """

    def __init__(self, model: str = "smollm2-135m", *, max_length: int = 1024,
                 device: str = "cpu") -> None:
        torch = require("torch", "llm", "log-probability reranking")
        transformers = require("transformers", "llm", "log-probability reranking")
        from agents.generators.models import resolve_model

        path = resolve_model(model)
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        self.model = transformers.AutoModelForCausalLM.from_pretrained(path).to(device).eval()
        self.device = torch.device(device)
        self.max_length = max_length

    def __call__(self, problem: str, steps: Sequence[str]) -> float:
        """Mean log-probability per token of ``steps`` given the problem."""
        torch = require("torch", "llm", "log-probability reranking")
        ids = list(self.tokenizer.encode(render_context(problem, ()), add_special_tokens=False))
        scored = [False] * len(ids)
        for j, step in enumerate(steps):
            seg = self.tokenizer.encode("\n\n" + render_step(j, step), add_special_tokens=False)
            ids += seg
            scored += [True] * len(seg)
        ids, scored = ids[-self.max_length:], scored[-self.max_length:]
        with torch.no_grad():
            logits = self.model(input_ids=torch.tensor([ids], device=self.device)).logits[0]
        logp = torch.log_softmax(logits[:-1].float(), dim=-1)
        target = torch.tensor(ids[1:], device=self.device)
        token_lp = logp[torch.arange(len(ids) - 1), target]
        mask = torch.tensor(scored[1:], device=self.device)
        return float(token_lp[mask].mean()) if mask.any() else 0.0


def _terminal_traces(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    from agents.mcts.tree import Tree

    tree = Tree.from_dict(record["tree"])
    out = []
    for node in tree.terminals():
        if node.reward is None:
            continue
        path = tree.path(node)
        lps = [n.logprob for n in path]
        known = [lp for lp in lps if lp is not None]
        out.append({
            "steps": list(tree.steps(node)),
            "reward": float(node.reward),
            "tree_logprob": sum(known) if len(known) == len(lps) else None,
        })
    return out


def rerank_gain(prm: PRMLike, records: Iterable[Mapping[str, Any]], *, n: int = 4,
                groups: int = 20, seed: int = 0,
                logprob: Callable[[str, Sequence[str]], float] | None = None) -> dict[str, Any]:
    """Best-of-n pass rates when choosing by PRM score, by log-probability, at random.

    Args:
        prm: The PRM (a trace's score is the mean of its step scores).
        records: Held-out tree records.
        n: Traces per draw.
        groups: Draws per task (tasks with at most ``n`` traces are drawn once).
        seed: Seed of the draws and of tie-breaks.
        logprob: ``(problem, steps) -> log-probability per token`` (e.g.
            :class:`LMLogprobScorer`); default: the sum of the tree's stored step
            log-probabilities (uniform for the ``candidates`` generator: then it is a random
            choice).

    Returns:
        ``{"n", "tasks", "draws", "pass_prm", "pass_logprob", "pass_random", "pass_oracle",
        "gain"}`` (pass rates in ``[0, 1]``; gain = PRM minus log-probability).

    Raises:
        ValueError: If ``n`` < 1.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    rng = random.Random(seed)
    totals = {"prm": 0.0, "logprob": 0.0, "random": 0.0, "oracle": 0.0}
    draws = tasks = 0
    for record in records:
        traces = _terminal_traces(record)
        if len(traces) < 2:
            continue  # nothing to choose between
        tasks += 1
        problem = str(record["problem"])
        for t in traces:
            t["prm"] = float(np.mean(list(prm(problem, t["steps"]))))
            if logprob is not None:
                t["lp"] = float(logprob(problem, t["steps"]))
            else:
                t["lp"] = t["tree_logprob"] if t["tree_logprob"] is not None else 0.0
        count = 1 if len(traces) <= n else groups
        for _ in range(count):
            group = rng.sample(traces, min(n, len(traces)))
            ties = [rng.random() for _ in group]  # seeded tie-breaks
            passed = [1.0 if t["reward"] >= 1.0 else 0.0 for t in group]
            by_prm = max(range(len(group)), key=lambda i: (group[i]["prm"], ties[i]))
            by_lp = max(range(len(group)), key=lambda i: (group[i]["lp"], ties[i]))
            totals["prm"] += passed[by_prm]
            totals["logprob"] += passed[by_lp]
            totals["random"] += float(np.mean(passed))
            totals["oracle"] += max(passed)
            draws += 1
    rates = {f"pass_{k}": (v / draws if draws else math.nan) for k, v in totals.items()}
    return {"n": n, "tasks": tasks, "draws": draws, **rates,
            "gain": rates["pass_prm"] - rates["pass_logprob"]}


class _CachedPRM:
    """Scores each step in context once, across the three evaluations (they share steps)."""

    def __init__(self, prm: PRMLike) -> None:
        self.prm = prm
        self.cache: dict[StepExample, float] = {}

    def score_examples(self, examples: Sequence[StepExample]) -> list[float]:
        todo = list(dict.fromkeys(ex for ex in examples if ex not in self.cache))
        if todo:
            self.cache.update(zip(todo, _score_examples(self.prm, todo), strict=True))
        return [self.cache[ex] for ex in examples]

    def __call__(self, problem: str, steps: Sequence[str]) -> list[float]:
        return self.score_examples([StepExample(problem, tuple(steps[:j]), s)
                                    for j, s in enumerate(steps)])


def evaluate_prm(prm: PRMLike, records: Sequence[Mapping[str, Any]], *, threshold: float = 0.5,
                 margin: float = 0.1, n: int = 4, groups: int = 20, seed: int = 0,
                 logprob: Callable[[str, Sequence[str]], float] | None = None,
                 bootstrap: int = 1000, baseline: PRMLike | None = None) -> dict[str, Any]:
    """All three evaluations on held-out tree records, as one JSON-ready dict.

    ``bootstrap`` resamples of tasks give 95% intervals of the AUCs and the pair accuracy
    (0: none); ``seed`` seeds them and the best-of-n draws. A ``baseline`` PRM adds its AUCs
    and pair accuracy and the paired differences (see :func:`step_auc`).
    """
    records = list(records)
    prm = _CachedPRM(prm)
    base = _CachedPRM(baseline) if baseline is not None else None
    return {
        **step_auc(prm, records, threshold=threshold, bootstrap=bootstrap, seed=seed,
                   baseline=base),
        **pair_accuracy(prm, records, margin=margin, bootstrap=bootstrap, seed=seed,
                        baseline=base),
        "rerank": rerank_gain(prm, records, n=n, groups=groups, seed=seed, logprob=logprob),
    }
