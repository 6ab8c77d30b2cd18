import math

import pytest

from agents.generators import Prompt, Sampling, StepGenerator, make_generator
from agents.generators.base import truncate_at_stop
from o1coder_env.protocol.prompts import build_step_messages
from o1coder_env.step_candidates import reference_trace
from o1coder_env.tasks.model import ReasoningSteps, Task


def _task(i: int) -> Task:
    ref = f"def f{i}(a, b):\n    if a < b:\n        return b - {i}\n    return a + {i}\n"
    return Task(task_id=f"t/{i}", problem=f"Problem {i}.", entry_point=f"f{i}",
                reference_solution=ref,
                reference_steps=ReasoningSteps(f"outline {i}", (f"refine {i}",)))


TASKS = [_task(i) for i in range(5)]


def _prompt(task: Task, steps=()) -> Prompt:
    return Prompt(build_step_messages(task.problem, list(steps)), task_id=task.task_id,
                  steps=tuple(steps))


def test_distinct_samples_with_the_reference_step():
    gen = make_generator("candidates", tasks=TASKS, seed=0, k=4)
    assert isinstance(gen, StepGenerator)
    [row] = gen.generate([_prompt(TASKS[1])], n=4)
    texts = [g.text for g in row]
    assert len(set(texts)) == 4
    assert "outline 1" in texts
    assert all(g.logprob == pytest.approx(math.log(1 / 4)) for g in row)
    assert all(g.completion_tokens == len(g.text.split()) for g in row)
    code_row = gen.generate([_prompt(TASKS[1], reference_trace(TASKS[1])[:2])], n=4)[0]
    assert reference_trace(TASKS[1])[2] in [g.text for g in code_row]


def test_seeded_draws_ignore_batch_and_history():
    gen = make_generator("candidates", tasks=TASKS, seed=0)
    s = Sampling(seed=3)
    alone = gen.generate([_prompt(TASKS[2])], n=2, sampling=s)[0]
    gen.generate([_prompt(TASKS[0])], n=3)  # unrelated call in between
    batched = gen.generate([_prompt(TASKS[0]), _prompt(TASKS[2])], n=2, sampling=s)[1]
    assert alone == batched
    other = [gen.generate([_prompt(TASKS[2])], n=2, sampling=Sampling(seed=x))[0]
             for x in range(5)]
    assert len({tuple(g.text for g in row) for row in other}) > 1


def test_unseeded_draws_repeat_for_a_fresh_generator():
    a = make_generator("candidates", tasks=TASKS, seed=7)
    b = make_generator("candidates", tasks=TASKS, seed=7)
    calls = [[_prompt(TASKS[0])], [_prompt(TASKS[3], ["outline 3"])]]
    assert [a.generate(c, n=3) for c in calls] == [b.generate(c, n=3) for c in calls]
    assert a.budget.calls == 2 and a.budget.completion_tokens > 0


def test_more_samples_than_candidates_repeat_and_errors():
    gen = make_generator("candidates", tasks=TASKS[:1], seed=0, mutants_per_task=1)
    [row] = gen.generate([_prompt(TASKS[0])], n=6)
    assert len(row) == 6 and len({g.text for g in row}) < 6
    with pytest.raises(ValueError, match="task_id"):
        gen.generate(["plain string"])
    with pytest.raises(ValueError, match="unknown task_id"):
        gen.generate([Prompt([{"role": "user", "content": "x"}], task_id="nope")])
    with pytest.raises(ValueError, match="backend"):
        make_generator("llama")


def test_truncate_at_stop():
    assert truncate_at_stop("abc### Step 2", ["###", "c"]) == ("ab", True)
    assert truncate_at_stop("abc", ["x"]) == ("abc", False)
    with pytest.raises(ValueError, match="stop"):
        Sampling(stop=("",))
    with pytest.raises(ValueError, match="temperature"):
        Sampling(temperature=-1)


def test_recovery_drops_the_reference_step_off_the_reference_path():
    trace = reference_trace(TASKS[1])
    off_path = ["outline 3"]  # another task's outline: the trace has left the reference path
    never = make_generator("candidates", tasks=TASKS, seed=0, k=3, recovery=0.0)
    always = make_generator("candidates", tasks=TASKS, seed=0, k=3)
    # Off the path: with recovery 0 no seed offers the reference step; by default every seed.
    for seed in range(10):
        s = Sampling(seed=seed)
        derailed = [g.text for g in never.generate([_prompt(TASKS[1], off_path)], n=3,
                                                   sampling=s)[0]]
        assert trace[1] not in derailed and len(set(derailed)) == 3
        assert trace[1] in [g.text for g in always.generate([_prompt(TASKS[1], off_path)], n=3,
                                                            sampling=s)[0]]
    # On the reference path nothing changes, draw for draw.
    on_path = [_prompt(TASKS[1]), _prompt(TASKS[1], trace[:1]), _prompt(TASKS[1], trace[:2])]
    s = Sampling(seed=4)
    assert never.generate(on_path, n=3, sampling=s) == always.generate(on_path, n=3, sampling=s)
    # In between, the reference step comes back in about that share of the draws.
    half = make_generator("candidates", tasks=TASKS, seed=0, k=3, recovery=0.5)
    offered = sum(trace[1] in [g.text for g in half.generate([_prompt(TASKS[1], off_path)], n=3,
                                                             sampling=Sampling(seed=x))[0]]
                  for x in range(200))
    assert 70 < offered < 130
    with pytest.raises(ValueError, match="recovery"):
        make_generator("candidates", tasks=TASKS, recovery=1.5)


def test_unknown_tasks_pool_offers_only_the_pool_tasks_steps():
    # An evaluated task is left out of the generator: with unknown_tasks="pool" its prompts get
    # steps of the other tasks only, following a pool trace once the steps are on one.
    pool, evaluated = TASKS[:4], TASKS[4]
    gen = make_generator("candidates", tasks=pool, seed=0, k=4, unknown_tasks="pool")
    pool_steps = {s for t in pool for s in reference_trace(t)}
    own = set(reference_trace(evaluated))
    prefixes = [(), ("outline 2",), ("outline 2", "refine 2"),
                tuple(reference_trace(evaluated)[:2])]
    for steps in prefixes:
        for seed in range(5):
            [row] = gen.generate([_prompt(evaluated, steps)], n=4, sampling=Sampling(seed=seed))
            texts = {g.text for g in row}
            assert texts <= pool_steps and not texts & own, (steps, texts)
            assert not any("return a + 4" in t for t in texts)  # no mutant of its reference
    # Following task 2's trace, its next step is among the candidates of some draw.
    after = {g.text for seed in range(5) for g in gen.generate(
        [_prompt(evaluated, ("outline 2",))], n=4, sampling=Sampling(seed=seed))[0]}
    assert "refine 2" in after
    # A pool task still gets its reference step (self-play on train tasks is unchanged), and the
    # default refuses an unknown task.
    assert "outline 1" in {g.text for g in gen.generate([_prompt(TASKS[1])], n=4)[0]}
    with pytest.raises(ValueError, match=r"unknown_tasks='pool'"):
        make_generator("candidates", tasks=pool).generate([_prompt(evaluated)])
    with pytest.raises(ValueError, match="unknown_tasks must be one of"):
        make_generator("candidates", tasks=pool, unknown_tasks="guess")
