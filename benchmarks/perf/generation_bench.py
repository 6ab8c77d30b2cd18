"""Generation throughput: batched sampling vs one prompt at a time, and model load times.

    python -m benchmarks.perf.generation_bench                    # SmolLM2, 8 prompts x 4 samples
    python -m benchmarks.perf.generation_bench --max-new-tokens 32 --json out.json
    python -m benchmarks.perf.generation_bench --model /path/to/folder --skip-cold

What it measures, in one run on the same model and settings:

* ``cold_load_s``: loading the ``smollm2-135m`` alias from its GGUF file into an empty cache
  (de-quantize + save), in a child process so nothing is warm; skipped for non-alias models or
  with ``--skip-cold``.
* ``cached_load_s``: loading the converted folder (``HFGenerator(...).load_s``).
* ``batched``: all ``prompts x samples`` rows in one ``generate`` call.
* ``sequential``: the same rows one ``generate`` call each (``n=1``, one prompt).
* ``speedup``: batched tokens/s over sequential tokens/s (the issue's target is >= 2 on 2 CPU
  cores).
* ``per_row`` (the anchor) and ``shared``: the same ``prompts x samples`` in one call, first with
  every sample on its own prompt row (``share_prompt=False``, the old path), then with each
  prompt read once and its KV cache copied ``samples`` times (the default path);
  ``prompt_once_speedup`` is shared tokens/s over per-row tokens/s, measured in the same run.

Both modes sample with the same seed, temperature and ``max_new_tokens``, without stop strings
(rows that emit EOS stop early; tokens/s counts the tokens actually generated). A warm-up call
runs first so one-time costs are not charged to either mode.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROBLEMS = (
    "Return the sum of the even numbers in a list.",
    "Reverse the words of a sentence.",
    "Check whether a string is a palindrome, ignoring case.",
    "Return the n-th Fibonacci number.",
    "Count the vowels in a string.",
    "Merge two sorted lists into one sorted list.",
    "Return the largest element of a non-empty list.",
    "Remove duplicate items from a list, keeping the first occurrence.",
)

_COLD_SNIPPET = """
import json, sys, time
from agents.generators.hf import HFGenerator
gen = HFGenerator(sys.argv[1], device="cpu")
print(json.dumps({"load_s": gen.load_s}))
"""


def cold_load(alias: str) -> float:
    """Seconds to load an alias from its GGUF file into an empty cache (in a child process)."""
    with tempfile.TemporaryDirectory(prefix="o1coder-coldload-") as cache:
        env = dict(os.environ, O1CODER_MODEL_CACHE=cache, HF_HUB_OFFLINE="1")
        out = subprocess.run([sys.executable, "-c", _COLD_SNIPPET, alias], env=env, check=True,
                             capture_output=True, text=True)
        return float(json.loads(out.stdout.strip().splitlines()[-1])["load_s"])


def run(model: str, *, prompts: int, samples: int, max_new_tokens: int, threads: int | None,
        skip_cold: bool, seed: int = 0, skip_sequential: bool = False) -> dict[str, Any]:
    """Run the benchmark and return its numbers."""
    import torch

    from agents.generators import Prompt, Sampling
    from agents.generators.hf import HFGenerator
    from agents.generators.models import MODEL_ALIASES
    from o1coder_env.protocol.prompts import build_step_messages

    if threads:
        torch.set_num_threads(threads)
    result: dict[str, Any] = {"model": model, "prompts": prompts, "samples": samples,
                              "max_new_tokens": max_new_tokens,
                              "torch_threads": torch.get_num_threads(),
                              "cpu_count": os.cpu_count()}
    if model in MODEL_ALIASES and not skip_cold:
        result["cold_load_s"] = round(cold_load(model), 2)
    gen = HFGenerator(model, device="cpu", batch_size=max(1, prompts * samples))
    result["cached_load_s"] = round(gen.load_s, 2)
    batch = [Prompt(build_step_messages(PROBLEMS[i % len(PROBLEMS)])) for i in range(prompts)]
    sampling = Sampling(temperature=0.8, top_p=0.95, top_k=40, max_new_tokens=max_new_tokens,
                        seed=seed)
    gen.generate(batch[:1], n=1, sampling=Sampling(max_new_tokens=4, seed=seed))  # warm-up

    start = time.perf_counter()
    out = gen.generate(batch, n=samples, sampling=sampling)
    batched_s = time.perf_counter() - start
    batched_tokens = sum(g.completion_tokens for row in out for g in row)

    def timed_call(share_prompt: bool) -> dict[str, Any]:
        gen.share_prompt = share_prompt
        begin = time.perf_counter()
        rows = gen.generate(batch, n=samples, sampling=sampling)
        wall = time.perf_counter() - begin
        tokens = sum(g.completion_tokens for row in rows for g in row)
        return {"wall_s": round(wall, 2), "tokens": tokens, "tokens_per_s": round(tokens / wall, 1)}

    result["per_row"] = timed_call(share_prompt=False)  # the anchor: the old path
    result["shared"] = timed_call(share_prompt=True)
    result["prompt_once_speedup"] = round(result["shared"]["tokens_per_s"]
                                          / result["per_row"]["tokens_per_s"], 2)

    result["batched"] = {"wall_s": round(batched_s, 2), "tokens": batched_tokens,
                         "tokens_per_s": round(batched_tokens / batched_s, 1)}
    if not skip_sequential:
        start = time.perf_counter()
        sequential_tokens = 0
        for i, prompt in enumerate(batch):
            for j in range(samples):
                one = Sampling(temperature=0.8, top_p=0.95, top_k=40,
                               max_new_tokens=max_new_tokens, seed=seed + 1000 * i + j)
                sequential_tokens += gen.generate([prompt], n=1,
                                                  sampling=one)[0][0].completion_tokens
        sequential_s = time.perf_counter() - start
        result["sequential"] = {"wall_s": round(sequential_s, 2), "tokens": sequential_tokens,
                                "tokens_per_s": round(sequential_tokens / sequential_s, 1)}
        result["speedup"] = round(result["batched"]["tokens_per_s"]
                                  / result["sequential"]["tokens_per_s"], 2)
    with contextlib.suppress(OSError):  # other load on the machine skews the numbers
        result["load_average_1m"] = round(os.getloadavg()[0], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.perf.generation_bench",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="smollm2-135m",
                        help="alias, folder or hub id (default: smollm2-135m)")
    parser.add_argument("--prompts", type=int, default=8, help="prompts (default: 8)")
    parser.add_argument("--samples", type=int, default=4, help="samples per prompt (default: 4)")
    parser.add_argument("--max-new-tokens", type=int, default=64,
                        help="tokens per sample (default: 64)")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads (default: torch's own choice)")
    parser.add_argument("--skip-cold", action="store_true",
                        help="do not measure the cold (GGUF) load")
    parser.add_argument("--skip-sequential", action="store_true",
                        help="do not measure one-call-per-sample generation (the slowest part)")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args(argv)
    if args.prompts < 1 or args.samples < 1 or args.max_new_tokens < 1:
        parser.error("--prompts, --samples and --max-new-tokens must be >= 1")
    result = run(args.model, prompts=args.prompts, samples=args.samples,
                 max_new_tokens=args.max_new_tokens, threads=args.threads,
                 skip_cold=args.skip_cold, skip_sequential=args.skip_sequential)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
