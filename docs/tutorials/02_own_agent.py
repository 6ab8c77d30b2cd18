"""Tutorial 2: write and benchmark your own agent in 20 lines.

What you learn: the Agent protocol (``reset``/``act``, via :class:`agents.base.BaseAgent`), the
tools an agent may use (a step generator, public tests; never hidden ones), how
:func:`agents.base.run_episode` scores an episode on hidden tests, and how
:func:`benchmarks.runner.run_bench` puts your agent on a leaderboard next to the baselines.

The agent below samples a few next steps and, at the code step, keeps the program that passes
most public tests: a tiny "best of n by public tests" policy.

Run it::

    python docs/tutorials/02_own_agent.py --tiny    # candidates generator + a tiny model (CI)
    python docs/tutorials/02_own_agent.py           # more tasks; the bench uses SmolLM2-135M
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import gymnasium as gym

import o1coder_env  # noqa: F401  (registers the envs)
from agents.base import BaseAgent, run_episode
from o1coder_env.protocol import extract_code, is_code_step


# --- the agent: 20 lines ---------------------------------------------------------------------
class PublicTestPicker(BaseAgent):
    """Sample ``n`` next steps; at the code step keep the one passing most public tests."""

    name = "public-test-picker"
    n, max_new_tokens = 4, 160  # samples per step, longest step

    def act(self, observation, info):
        """The next step: the first sample, or the best code step by public tests."""
        samples = self.sample_steps(self.steps, n=self.n, temperature=0.8,
                                    max_new_tokens=self.max_new_tokens)
        texts = [s.text for s in samples]
        code_steps = [t for t in texts if is_code_step(t)]
        if not code_steps:
            return texts[0]  # an outline or refinement: take the first sample
        return max(code_steps, key=self.public_score)

    def public_score(self, step: str) -> float:
        """Fraction of public tests the step's program passes."""
        return self.tools.run_public_tests(extract_code(step) or "").pass_fraction
# ----------------------------------------------------------------------------------------------


def main() -> None:
    """Evaluate the agent by hand with run_episode, then on the bench with the baselines."""
    parser = argparse.ArgumentParser(description="Tutorial 2: your own agent.")
    parser.add_argument("--tiny", action="store_true",
                        default=os.environ.get("O1CODER_TUTORIAL_TINY") == "1",
                        help="CI budget: 2 tasks, a tiny random model in the bench")
    parser.add_argument("--out", default="tutorial-out/02", help="output folder")
    args = parser.parse_args()
    out = Path(args.out)
    n_tasks = 2 if args.tiny else 8

    # 1. By hand: run_episode drives the evaluation env and scores the final program on the
    #    hidden tests. The "candidates" generator needs no model: it proposes the reference step
    #    and mutants of it, so the agent has something to choose between.
    from agents.generators import make_generator
    from o1coder_env.stats import wilson_interval

    env = gym.make("O1Coder-v0", split="test")
    tasks = env.unwrapped.tasks[:n_tasks]
    generator = make_generator("candidates", tasks=env.unwrapped.tasks, seed=0)
    successes = 0
    for task in tasks:
        record = run_episode(PublicTestPicker(), env, task.task_id, seed=0, generator=generator)
        successes += record.success
        print(f"{task.task_id:40} success={record.success!s:5} steps={len(record.steps)} "
              f"sandbox runs={record.budget['sandbox_runs']} error={record.error}")
    print(f"pass@1 by hand: {wilson_interval(successes, len(tasks))}  (95% Wilson interval)")

    # 2. On the bench: the same driver for every agent, resumable, with a leaderboard.
    #    `__main__:PublicTestPicker` works because the bench runs in this process (workers=1).
    #    A custom agent gets the run's LLM; in tiny mode that is a tiny random model.
    from benchmarks.report import format_leaderboard
    from benchmarks.runner import BenchConfig, run_bench

    model, max_steps = "smollm2-135m", 6
    if args.tiny:
        # A 3 M-parameter random model: gibberish, but it runs the real code path in seconds.
        from agents.generators.tiny import build_tiny_model

        model, max_steps = str(build_tiny_model(out / "tiny-model")), 2
        PublicTestPicker.n, PublicTestPicker.max_new_tokens = 2, 8
    config = BenchConfig(agents=["random", "mcts-candidates"],
                         custom_agents=["__main__:PublicTestPicker"],
                         limit=n_tasks, llm_limit=1, model=model, aspr_k=0,
                         max_steps=max_steps, out=str(out / "bench"))
    results = run_bench(config, progress=False)
    print(format_leaderboard(results))
    print(f"files: {sorted(p.name for p in (out / 'bench').iterdir())}")
    env.close()


if __name__ == "__main__":
    main()
