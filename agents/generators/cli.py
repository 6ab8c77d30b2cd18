r"""``o1coder generate``: sample a step (or a whole answer) from a generator backend.

Examples::

    o1coder generate --backend hf --model smollm2-135m --prompt "Return the sum of a list."
    o1coder generate --backend hf --mode vanilla --temperature 0 --prompt "Reverse a string."
    o1coder generate --backend openai --base-url http://127.0.0.1:8000/v1 --model qwen \
        --prompt "..." --n 4 --json
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(subparsers: Any) -> None:
    """Add the ``generate`` subcommand."""
    parser = subparsers.add_parser(
        "generate",
        help="sample the next reasoning step (or a direct answer) from a model",
        description="Sample the next reasoning step for a problem (pseudocode mode), a direct "
        "code answer (vanilla mode) or a raw completion, from the hf or openai backend.",
    )
    parser.add_argument("--backend", choices=("hf", "openai"), default="hf",
                        help="generator backend (default: hf)")
    parser.add_argument("--model", default=None,
                        help="model alias, folder or hub id for hf (default: smollm2-135m); "
                        "served model name for openai (default: $O1CODER_MODEL)")
    parser.add_argument("--base-url", default=None,
                        help="openai backend: API root (default: $OPENAI_BASE_URL)")
    parser.add_argument("--prompt", required=True,
                        help="the problem text (pseudocode/vanilla) or the raw prompt (raw)")
    parser.add_argument("--step", action="append", default=[], metavar="TEXT",
                        help="a step taken so far (repeat for several; pseudocode mode)")
    parser.add_argument("--mode", choices=("pseudocode", "vanilla", "raw"), default="pseudocode",
                        help="pseudocode: next protocol step; vanilla: code directly; raw: the "
                        "prompt as is, no template (default: pseudocode)")
    parser.add_argument("--n", type=int, default=1, help="samples (default: 1)")
    parser.add_argument("--temperature", type=float, default=0.7,
                        help="sampling temperature; 0 = greedy (default: 0.7)")
    parser.add_argument("--top-p", type=float, default=0.95, help="nucleus mass (default: 0.95)")
    parser.add_argument("--top-k", type=int, default=40, help="top-k, 0 = off (default: 40)")
    parser.add_argument("--max-new-tokens", type=int, default=256,
                        help="most new tokens per sample (default: 256)")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed (default: 0)")
    parser.add_argument("--device", default="auto", help="hf: auto, cpu, cuda (default: auto)")
    parser.add_argument("--dtype", default="auto",
                        help="hf: auto, float32, float16, bfloat16 (default: auto)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per sample (text, tokens, logprob) and the "
                        "budget, instead of the plain text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``o1coder generate``."""
    from agents.generators import Prompt, Sampling, make_generator
    from o1coder_env.protocol.prompts import STEP_STOP, build_step_messages, clean_step

    if args.n < 1:
        print("error: --n must be >= 1", file=sys.stderr)
        return 2
    try:
        sampling = Sampling(temperature=args.temperature, top_p=args.top_p, top_k=args.top_k,
                            max_new_tokens=args.max_new_tokens, seed=args.seed,
                            stop=STEP_STOP if args.mode == "pseudocode" else ())
        prompt: str | Prompt
        if args.mode == "raw":
            prompt = args.prompt
        else:
            prompt = Prompt(build_step_messages(args.prompt, args.step, mode=args.mode),
                            steps=tuple(args.step), mode=args.mode)
        if args.backend == "hf":
            gen = make_generator("hf", model=args.model or "smollm2-135m", device=args.device,
                                 dtype=args.dtype)
        else:
            gen = make_generator("openai", base_url=args.base_url, model=args.model)
        [samples] = gen.generate([prompt], n=args.n, sampling=sampling)
    except (ValueError, RuntimeError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for i, sample in enumerate(samples):
        text = clean_step(sample.text) if args.mode == "pseudocode" else sample.text
        if args.json:
            print(json.dumps({"sample": i, "text": text, "prompt_tokens": sample.prompt_tokens,
                              "completion_tokens": sample.completion_tokens,
                              "logprob": sample.logprob, "finish_reason": sample.finish_reason}))
        else:
            if args.n > 1:
                print(f"--- sample {i + 1}/{args.n}")
            print(text.strip())
    if args.json:
        print(json.dumps({"budget": gen.budget.to_dict()}))
    return 0
