"""``o1coder tcg generate|eval|train``: make tests, judge them, train an LLM test generator."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from o1coder_env.config_fields import config_help

__all__ = ["add_parser"]


def _add_task_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", default="builtin", help="task source (builtin, mbpp, jsonl...)")
    p.add_argument("--path", default=None, help="local data file for sources that read one")
    p.add_argument("--split", default=None, help="split to keep (train, test...); default all")
    p.add_argument("--limit", type=int, default=None, help="keep at most this many tasks")
    p.add_argument("--task-ids", nargs="*", default=None, help="keep only these task ids")
    p.add_argument("--backend", default="auto", choices=("auto", "process", "bwrap", "docker"),
                   help="sandbox backend that runs reference and mutants (default: auto)")


def add_parser(subparsers: Any) -> None:
    """Add the ``tcg`` subcommand and its ``generate``, ``eval`` and ``train`` actions."""
    parser = subparsers.add_parser(
        "tcg", help="test case generation: generate, evaluate, train",
        description="Test Case Generator (paper section 3.1): fuzzing or LLM test generation, "
        "test-quality metrics, SFT/DPO training of an LLM generator.",
    )
    actions = parser.add_subparsers(dest="tcg_action", metavar="ACTION")
    parser.set_defaults(func=lambda args: (parser.print_help(), 0)[1])

    gen = actions.add_parser("generate", help="generate tests for tasks, write JSONL",
                             description="Write one JSON row per task: task_id, generator, "
                             "tests (TestCase dicts) and, for LLM generators, the report.")
    _add_task_args(gen)
    gen.add_argument("--generator", choices=("fuzz", "hf", "openai"), default="fuzz",
                     help="fuzz: reference-based fuzzing; hf/openai: LLM through the template")
    gen.add_argument("--model", default="smollm2-135m", help="model for hf/openai generators")
    gen.add_argument("--base-url", default=None, help="server URL for --generator openai")
    gen.add_argument("--n", type=int, default=10, help="tests per task")
    gen.add_argument("--seed", type=int, default=0, help="seed (fuzzing, sampling)")
    gen.add_argument("--temperature", type=float, default=0.8, help="LLM sampling temperature")
    gen.add_argument("--max-new-tokens", type=int, default=384, help="LLM tokens per completion")
    gen.add_argument("--votes", type=int, default=1,
                     help="LLM completions sampled per one asked; above 1, each input keeps the "
                          "expected value most of them wrote (self-consistency; measured in "
                          "docs/tcg.md: --votes 5 --min-agreement 5 raised validity from 0.775 "
                          "to 0.823 and kept fewer tests, 0.47 valid per asked against 0.57)")
    gen.add_argument("--min-agreement", type=int, default=1,
                     help="completions that must write a test for it to be kept (<= --votes)")
    gen.add_argument("--prompt-format", choices=("chat", "text"), default="chat",
                     help="LLM prompt format (match how the model was trained)")
    gen.add_argument("--guide-mutants", type=int, default=48,
                     help="fuzz: mutants of the reference that guide which inputs are kept "
                     "(greedy most-mutants-killed; 0: keep inputs with new outputs only)")
    gen.add_argument("--guide-fold", type=_fold, default=None, metavar="K/F",
                     help="fuzz: guide only with fold K of F of the mutants (see "
                     "`tcg eval --mutant-fold`)")
    gen.add_argument("--out", required=True, help="output JSONL file")
    gen.set_defaults(func=_generate)

    ev = actions.add_parser("eval", help="validity, mutation score, inputs, coverage",
                            description="Judge generated tests (from `tcg generate`) on their "
                            "tasks; prints a table and writes JSON (per task and summary). An LLM "
                            "generator's rows are judged on every test it wrote (report.parsed), "
                            "so validity counts the ones its reference fails.")
    _add_task_args(ev)
    ev.add_argument("--tests", required=True, help="JSONL written by `o1coder tcg generate`")
    ev.add_argument("--max-mutants", type=int, default=20, help="mutants of the reference/task")
    ev.add_argument("--seed", type=int, default=0, help="seed of mutant selection")
    ev.add_argument("--mutant-fold", type=_fold, default=None, metavar="K/F",
                    help="score only fold K of F of the mutants: with `tcg generate "
                    "--guide-fold` on another fold, a held-out mutation score")
    ev.add_argument("--no-coverage", action="store_true", help="skip line coverage")
    ev.add_argument("--out", default=None, help="JSON output (default: <tests>.eval.json)")
    ev.set_defaults(func=_eval)

    tr = actions.add_parser("train", help="SFT or DPO training of an LLM test generator",
                            description="Build SFT/DPO records from tasks (default: builtin "
                            "train split + MBPP train split) and train with TRL + LoRA.")
    from agents.tcg.training import CASE_POOLS, TCGTrainConfig

    helps = config_help(TCGTrainConfig)
    tr.add_argument("--stage", choices=("sft", "dpo"), required=True, help=helps["stage"])
    tr.add_argument("--model", required=True, help=helps["model"])
    tr.add_argument("--out", required=True, help=helps["out_dir"])
    tr.add_argument("--data", nargs="*", default=None,
                    help="task sources as SOURCE[:SPLIT][=PATH] (default: builtin:train and, "
                    "when present, mbpp:train=../shared/data/mbpp/mbpp.jsonl); or a .jsonl of "
                    "records already built (prompt/completion or prompt/chosen/rejected)")
    tr.add_argument("--limit", type=int, default=None, help="tasks per source")
    tr.add_argument("--max-steps", type=int, default=50, help=helps["max_steps"])
    tr.add_argument("--lr", type=float, default=5e-4, help=helps["learning_rate"])
    tr.add_argument("--batch-size", type=int, default=2, help=helps["batch_size"])
    tr.add_argument("--max-length", type=int, default=1024, help=helps["max_length"])
    tr.add_argument("--lora-r", type=int, default=8, help=helps["lora_r"])
    tr.add_argument("--beta", type=float, default=0.1, help=helps["beta"])
    tr.add_argument("--sft-weight", type=float, default=0.0, help=helps["sft_weight"])
    tr.add_argument("--prompt-format", choices=("chat", "text"), default="chat",
                    help=helps["prompt_format"])
    tr.add_argument("--seed", type=int, default=0, help=helps["seed"])
    tr.add_argument("--pairs", choices=("synthetic", "onpolicy", "both"), default="synthetic",
                    help="DPO pairs: synthetic (the paper's: true cases against shuffled or "
                    "mutated outputs), onpolicy (--model is sampled on the tasks; each answer "
                    "with a test the reference fails is paired against the same inputs with the "
                    "reference's outputs, see agents.tcg.onpolicy), or both")
    tr.add_argument("--cases", choices=CASE_POOLS, default="all",
                    help="which of each task's data tests the SFT completions and the synthetic "
                    "DPO pairs' chosen answers are drawn from: all, or the shorter half as "
                    "written (small inputs and expected values the model can compute; see "
                    "agents.tcg.training.short_cases; measured on SmolLM2 in docs/tcg.md)")
    tr.add_argument("--completions", choices=("data", "own", "both"), default="data",
                    help="--stage sft: what the completions are: data (true cases from each "
                    "task's data tests, --cases says which), own (--model is sampled on the "
                    "tasks and its own answers whose every test the reference passes are kept "
                    "as written: rejection sampling fine-tuning, see "
                    "agents.tcg.onpolicy.build_own_valid_sft_records), or both")
    tr.add_argument("--samples", type=int, default=4,
                    help="--pairs onpolicy/both, --completions own/both: answers sampled per task")
    tr.add_argument("--sample-temperature", type=float, default=0.7,
                    help="--pairs onpolicy/both, --completions own/both: sampling temperature")
    tr.add_argument("--sample-max-new-tokens", type=int, default=192,
                    help="--pairs onpolicy/both, --completions own/both: tokens per sampled "
                    "answer")
    tr.add_argument("--backend", default="auto",
                    choices=("auto", "process", "bwrap", "docker"),
                    help="--pairs onpolicy/both, --completions own/both: sandbox backend that "
                    "judges the samples")
    tr.set_defaults(func=_train)


def _fold(text: str) -> tuple[int, int]:
    """Parse ``K/F`` (fold K of F, 0-based) for argparse."""
    index, sep, folds = text.partition("/")
    try:
        pair = (int(index), int(folds))
    except ValueError:
        pair = None
    if not sep or pair is None or pair[1] < 1 or not 0 <= pair[0] < pair[1]:
        raise argparse.ArgumentTypeError(f"expected K/F with 0 <= K < F, e.g. 0/2; got {text!r}")
    return pair


def _load(args: argparse.Namespace) -> list[Any]:
    from o1coder_env.tasks import load_tasks

    return load_tasks(args.source, split=args.split, path=args.path, limit=args.limit,
                      task_ids=args.task_ids)


def _progress(items: Iterable[Any], desc: str) -> Any:
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, desc=desc, file=sys.stderr, unit="task")


def _sandbox(args: argparse.Namespace) -> Any:
    from o1coder_env.sandbox import Sandbox

    return Sandbox(backend=args.backend)


def _make_generator(args: argparse.Namespace, sandbox: Any) -> Any:
    if args.generator == "fuzz":
        from o1coder_env.tcg.fuzzing import FuzzingTCG

        return FuzzingTCG(sandbox, seed=args.seed, guide_mutants=args.guide_mutants,
                          guide_fold=args.guide_fold)
    from agents.generators import Sampling, make_generator
    from agents.tcg.llm import LLMTCG

    if not 1 <= args.min_agreement <= args.votes:  # before the model loads
        raise SystemExit(f"--min-agreement must be between 1 and --votes ({args.votes}), got "
                         f"{args.min_agreement}")
    if args.votes > 1 and args.temperature == 0:
        raise SystemExit(f"--votes {args.votes} needs --temperature above 0 (greedy samples are "
                         "all the same)")
    kwargs: dict[str, Any] = {"model": args.model}
    if args.generator == "openai":
        if not args.base_url:
            raise SystemExit("--generator openai needs --base-url")
        kwargs["base_url"] = args.base_url
    backend = make_generator(args.generator, **kwargs)
    sampling = Sampling(temperature=args.temperature, max_new_tokens=args.max_new_tokens,
                        seed=args.seed)
    return LLMTCG(backend, sampling, sandbox=sandbox, prompt_format=args.prompt_format,
                  votes=args.votes, min_agreement=args.min_agreement)


def _generate(args: argparse.Namespace) -> int:
    from agents.tcg.llm import LLMTCG

    tasks = _load(args)
    sandbox = _sandbox(args)
    generator = _make_generator(args, sandbox)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    total = skipped = 0
    with out.open("w") as fh:
        for task in _progress(tasks, "tcg generate"):
            row: dict[str, Any] = {"task_id": task.task_id, "generator": args.generator}
            try:
                if isinstance(generator, LLMTCG):
                    report = generator.generate_with_report(task, n=args.n)
                    tests = report.valid
                    row["report"] = {k: v for k, v in report.to_dict().items()
                                     if k not in ("valid", "task_id")}
                else:
                    tests = generator.generate(task, n=args.n)
            except ValueError as exc:  # e.g. no reference solution
                row["error"] = str(exc)
                print(f"skipped {task.task_id}: {exc}", file=sys.stderr)
                tests = []
                skipped += 1
            row["tests"] = [t.to_dict() for t in tests]
            total += len(tests)
            fh.write(json.dumps(row) + "\n")
    print(f"wrote {total} tests for {len(tasks)} tasks to {out}"
          + (f" ({skipped} skipped)" if skipped else ""), file=sys.stderr)
    return 0


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _eval(args: argparse.Namespace) -> int:
    from o1coder_env.tasks import TestCase
    from o1coder_env.tcg.metrics import evaluate_tests, summarize

    generated: dict[str, list[Any]] = {}
    with open(args.tests) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                # An LLM generator's row keeps only its valid tests in "tests"; judged alone
                # they would always be 100 % valid. Its report holds every test it wrote.
                report = row.get("report")
                written = report["parsed"] if isinstance(report, dict) and "parsed" in report \
                    else row["tests"]
                generated[row["task_id"]] = [TestCase.from_dict(t) for t in written]
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(
                    f"{args.tests}:{lineno}: bad row ({type(exc).__name__}: {exc})"
                ) from exc
    tasks = [t for t in _load(args) if t.task_id in generated and t.reference_solution]
    if not tasks:
        raise SystemExit(f"no task of --source {args.source} matches a row of {args.tests}")
    sandbox = _sandbox(args)
    rows = [evaluate_tests(t, generated[t.task_id], sandbox=sandbox, max_mutants=args.max_mutants,
                           seed=args.seed, coverage=not args.no_coverage,
                           mutant_fold=args.mutant_fold)
            for t in _progress(tasks, "tcg eval")]
    summary = summarize(rows)
    cols = ("task_id", "n_tests", "validity", "mutation_score", "hidden_mutation_score",
            "distinct_inputs", "coverage", "hidden_coverage")
    table = [cols] + [tuple(_fmt(getattr(r, c)) for c in cols) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(cols))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    print()
    for key, value in summary.items():
        print(f"{key:38s} {_fmt(value)}")
    out = Path(args.out or f"{args.tests}.eval.json")
    out.write_text(json.dumps({"summary": summary, "tasks": [r.to_dict() for r in rows]},
                              indent=2))
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _default_sources() -> list[str]:
    from o1coder_env.tasks import SOURCES

    specs = ["builtin:train"]
    mbpp = Path(__file__).resolve().parents[3] / "shared" / "data" / "mbpp" / "mbpp.jsonl"
    if "mbpp" in SOURCES and mbpp.exists():
        specs.append(f"mbpp:train={mbpp}")
    return specs


def _tasks_from_specs(specs: list[str], limit: int | None) -> list[Any]:
    from o1coder_env.tasks import load_tasks

    tasks = []
    for spec in specs:
        head, _, path = spec.partition("=")
        source, _, split = head.partition(":")
        tasks += load_tasks(source, split=split or None, path=path or None, limit=limit)
    return tasks


def _train(args: argparse.Namespace) -> int:
    from agents.tcg.training import (
        TCGTrainConfig,
        build_dpo_records,
        build_sft_records,
        pair_kinds,
        train_tcg,
    )

    config = TCGTrainConfig(
        stage=args.stage, model=args.model, out_dir=args.out, max_steps=args.max_steps,
        learning_rate=args.lr, batch_size=args.batch_size, max_length=args.max_length,
        lora_r=args.lora_r, lora_alpha=2 * args.lora_r, beta=args.beta,
        sft_weight=args.sft_weight,
        prompt_format=args.prompt_format, seed=args.seed,
    )
    # A flag of the other stage would be ignored silently: refuse it before a model loads.
    if args.stage == "dpo" and args.completions != "data":
        raise SystemExit("tcg train: --completions is for --stage sft (DPO's data is --pairs)")
    if args.stage == "sft" and args.pairs != "synthetic":
        raise SystemExit("tcg train: --pairs is for --stage dpo (SFT's data is --completions)")
    data = args.data or _default_sources()
    made: dict[str, Any] = {"sources": data}
    if len(data) == 1 and data[0].endswith(".jsonl") and Path(data[0]).is_file():
        if args.completions != "data" or args.pairs != "synthetic":
            raise SystemExit(f"tcg train: {data[0]} holds records already built; sampling the "
                             "model (--completions own/both, --pairs onpolicy/both) needs task "
                             "sources in --data")
        with open(data[0]) as fh:
            records = [json.loads(line) for line in fh if line.strip()]
    else:
        made.update(limit=args.limit, cases=args.cases)
        tasks = _tasks_from_specs(data, args.limit)
        if args.stage == "sft":
            records = []
            if args.completions in ("data", "both"):
                records += build_sft_records(tasks, prompt_format=args.prompt_format,
                                             case_pool=args.cases, seed=args.seed)
            if args.completions in ("own", "both"):
                own = _own_valid_records(args, tasks)
                if not own and args.completions == "own":
                    raise SystemExit("tcg train: no answer of --model had every test valid, so "
                                     "--completions own has nothing to train on (try more "
                                     "--samples, more tasks, or --completions both)")
                records += own
                made.update(completions=args.completions, own_valid=len(own))
        else:
            records = []
            if args.pairs in ("synthetic", "both"):
                records += build_dpo_records(tasks, prompt_format=args.prompt_format,
                                             case_pool=args.cases, seed=args.seed)
            if args.pairs in ("onpolicy", "both"):
                records += _onpolicy_records(args, tasks)
            made.update(pairs=args.pairs, pair_kinds=pair_kinds(records))
        print(f"{len(records)} {args.stage} records from {len(tasks)} tasks ({', '.join(data)})",
              file=sys.stderr)
    result = train_tcg(config, records, data=made)
    first = result.losses[0] if result.losses else float("nan")
    last = result.losses[-1] if result.losses else float("nan")
    print(f"{args.stage}: {len(result.losses)} logged losses, first {first:.4f}, last {last:.4f}; "
          f"saved to {result.out_dir}")
    return 0


def _onpolicy_records(args: argparse.Namespace, tasks: list[Any]) -> list[dict[str, Any]]:
    """Sample ``--model`` on ``tasks`` and pair its wrong answers with their corrections."""
    from agents.tcg.onpolicy import build_onpolicy_dpo_records
    from agents.tcg.training import pair_kinds

    completions = _own_samples(args, tasks)
    with _sandbox(args) as sandbox:
        records = build_onpolicy_dpo_records(tasks, completions, sandbox=sandbox,
                                             prompt_format=args.prompt_format, seed=args.seed)
    kinds = pair_kinds(records)
    answers = sum(len(v) for v in completions.values())
    print(f"on-policy: {answers} answers sampled, {len(records)} pairs "
          f"({', '.join(f'{k} {v}' for k, v in kinds.items()) or 'none'})",
          file=sys.stderr)
    return records


def _own_valid_records(args: argparse.Namespace, tasks: list[Any]) -> list[dict[str, Any]]:
    """Sample ``--model`` on ``tasks`` and keep its answers the reference fully confirms."""
    from agents.tcg.onpolicy import build_own_valid_sft_records

    completions = _own_samples(args, tasks)
    with _sandbox(args) as sandbox:
        records = build_own_valid_sft_records(tasks, completions, sandbox=sandbox,
                                              prompt_format=args.prompt_format)
    answers = sum(len(v) for v in completions.values())
    print(f"own answers: {answers} sampled, {len(records)} kept (every test valid) from "
          f"{len({r['task_id'] for r in records})} of {len(completions)} tasks", file=sys.stderr)
    return records


def _own_samples(args: argparse.Namespace, tasks: list[Any]) -> dict[str, list[str]]:
    """``--samples`` answers of ``--model`` to each task's TCG prompt.

    The samples are kept in ``OUT/onpolicy_samples.jsonl`` and reused when it is there, so an
    interrupted run does not sample again.
    """
    from agents.generators import Sampling
    from agents.tcg.onpolicy import sample_model

    if args.samples < 1:
        raise SystemExit(f"tcg train: --samples must be >= 1, got {args.samples}")
    if not args.sample_temperature >= 0:
        raise SystemExit(f"tcg train: --sample-temperature must be >= 0, got "
                         f"{args.sample_temperature}")
    if args.sample_max_new_tokens < 1:
        raise SystemExit(f"tcg train: --sample-max-new-tokens must be >= 1, got "
                         f"{args.sample_max_new_tokens}")
    cache = Path(args.out) / "onpolicy_samples.jsonl"
    # Samples are reused only when drawn by the same model with the same settings.
    drawn = {"model": args.model, "samples": args.samples, "seed": args.seed,
             "temperature": args.sample_temperature,
             "max_new_tokens": args.sample_max_new_tokens}
    if cache.is_file():
        with open(cache) as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        stale = {k: (row.get(k), v) for row in rows for k, v in drawn.items() if row.get(k) != v}
        if stale:
            raise SystemExit(f"tcg train: {cache} holds samples drawn otherwise "
                             f"(saved, asked: {stale}); delete it or use another --out")
        completions = {row["task_id"]: row["completions"] for row in rows}
        print(f"reusing {len(completions)} tasks' samples from {cache}", file=sys.stderr)
    else:
        sampling = Sampling(temperature=args.sample_temperature, top_p=0.95,
                            max_new_tokens=args.sample_max_new_tokens, seed=args.seed)
        completions = sample_model(
            args.model, tasks, samples=args.samples, sampling=sampling,
            prompt_format=args.prompt_format,
            progress=lambda batches: _progress(batches, "sampling the TCG"))
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(cache, "w") as fh:
            for task_id, texts in completions.items():
                fh.write(json.dumps({"task_id": task_id, **drawn, "completions": texts}) + "\n")
    return completions

