"""Tutorial 1: your first episode.

What you learn: how ``O1Coder-v0`` turns the O1-Coder reasoning protocol (outline, refinements,
code) into a Gymnasium episode, what an observation looks like, and how the reward and the test
results come back at the code step.

Run it::

    python docs/tutorials/01_first_episode.py            # full run
    python docs/tutorials/01_first_episode.py --tiny     # the CI budget (same thing here)
"""

from __future__ import annotations

import argparse
import os

import gymnasium as gym

import o1coder_env  # noqa: F401  (importing the package registers the envs)
from o1coder_env.step_candidates import reference_trace


def main() -> None:
    """Run one episode with the reference reasoning, then one with a wrong program."""
    parser = argparse.ArgumentParser(description="Tutorial 1: your first episode.")
    parser.add_argument("--tiny", action="store_true",
                        default=os.environ.get("O1CODER_TUTORIAL_TINY") == "1",
                        help="CI budget (this tutorial is already tiny)")
    parser.add_argument("--out", default=None,
                        help="accepted like the other tutorials; this one writes no files")
    parser.parse_args()

    # 1. Make the env. Default tasks: the built-in suite's test split.
    env = gym.make("O1Coder-v0")
    obs, info = env.reset(seed=0)
    task = env.unwrapped.task
    print(f"task {info['task_id']}: {len(env.unwrapped.tasks)} tasks in the env")
    print("observation keys:", sorted(obs))
    print("problem (first 3 lines):")
    print("\n".join(obs["problem"].splitlines()[:3]))

    # 2. Step through the task's reference reasoning: an outline, refinements, a code step.
    #    Non-terminal steps pay 0 (no PRM here); the code step is run against the tests.
    for step in reference_trace(task):
        obs, reward, terminated, _, info = env.step(step)
        first_line = next(line for line in step.splitlines() if line.strip("`").strip())
        print(f"step {info['step_index']} [{info['step_kind']:7}] reward={reward:.2f} "
              f"terminated={terminated} | {first_line[:60]}")

    # 3. Read the results. `tests` are the reward tests (public by default); hidden tests are
    #    reported as counts and statuses only, never their inputs or expected outputs.
    print(f"outcome={info['outcome']:.2f} status={info['status']} "
          f"hidden {info['hidden_passed']}/{info['hidden_total']}")
    for test in info["tests"]:
        print(f"  public test {test['index']}: {test['status']}")
    assert terminated and reward == 1.0, "the reference solution passes every public test"

    # 4. A wrong program: the same env scores it low instead of raising.
    env.reset(seed=0, options={"task_id": task.task_id})
    wrong = f"```python\ndef {task.entry_point or 'solve'}(*args):\n    return None\n```"
    obs, reward, terminated, _, info = env.step(wrong)
    print(f"wrong program: reward={reward:.2f} status={info['status']} "
          f"statuses={[t['status'] for t in info['tests']]}")
    assert reward < 1.0
    env.close()


if __name__ == "__main__":
    main()
