"""The Agent protocol, the episode driver, budget accounting and the no-leak guarantee."""

from __future__ import annotations

import json

import pytest
from _agent_fixtures import process_sandbox

from agents.base import (
    AgentTools,
    BaseAgent,
    Budget,
    CountingGenerator,
    public_task,
    run_episode,
    sanitize,
    summarize_tests,
)
from agents.baselines import AGENTS, GreedyAgent, load_agent, make_agent
from o1coder_env.tasks import load_tasks


@pytest.fixture(scope="module")
def test_tasks():
    return load_tasks("builtin", split="test")


@pytest.fixture(scope="module")
def candidates(test_tasks):
    from agents.generators import make_generator

    return make_generator("candidates", tasks=load_tasks("builtin"), seed=0)


def _env(env_id="O1Coder-v0", **kwargs):
    import gymnasium as gym

    import o1coder_env  # noqa: F401

    return gym.make(env_id, source="builtin", split="test", sandbox=process_sandbox(), **kwargs)


class FirstSampleAgent(BaseAgent):
    """The docs' example agent: one sample per step."""

    name = "first-sample"

    def act(self, observation, info):
        return self.sample_steps(self.steps, n=1, temperature=0.3)[0].text


class SpyAgent(BaseAgent):
    """Records everything it is given, then uses every tool once."""

    name = "spy"

    def on_reset(self):
        self.seen = [self.task_view]
        sim = self.tools.simulator()
        self.sim_task = sim.task
        self.seen.append(sim.observation)
        self.seen.append(sim.info)
        steps = self.tools.sample_steps([[]], n=2)
        self.seen.append([g.text for g in steps[0]])
        sim.close()

    def act(self, observation, info):
        self.seen += [observation, info]
        return self.sample_steps(self.steps, n=1, temperature=0.0)[0].text


def _secret_strings(task):
    """Hidden expected outputs and the reference, except values the public view also holds."""
    public_blob = json.dumps(task.agent_view(), default=repr)
    secrets = [task.reference_solution.strip()]
    for test in task.hidden_tests:
        secrets.append(json.dumps(test.to_dict()["expected"]))
    return [s for s in secrets if len(s) > 3 and s not in public_blob]


def test_public_task_and_sanitize_remove_secrets(test_tasks):
    task = test_tasks[0]
    visible = public_task(task)
    assert visible.hidden_tests == () and visible.reference_solution is None
    assert visible.reference_steps is None and visible.public_tests == task.public_tests
    clean = sanitize({"tests": 1, "hidden": 2, "nested": {"hidden_tests": 3, "x": 4}})
    assert clean == {"tests": 1, "nested": {"x": 4}}


def test_summarize_tests_accepts_dicts_and_lists():
    summary = summarize_tests([{"status": "passed"}, {"status": "failed"}])
    assert summary["passed_tests"] == 1 and summary["total_tests"] == 2
    assert not summary["passed"]
    assert summarize_tests(None) is None
    with pytest.raises(TypeError):
        summarize_tests(3)


def test_counting_generator_counts_calls_samples_tokens(candidates, test_tasks):
    from agents.generators import Prompt, Sampling
    from o1coder_env.protocol.prompts import build_step_messages

    budget = Budget()
    gen = CountingGenerator(candidates, budget)
    task = test_tasks[0]
    prompt = Prompt(build_step_messages(task.problem), task_id=task.task_id)
    out = gen.generate([prompt, prompt], n=3, sampling=Sampling(seed=1))
    assert budget.generator_calls == 1
    assert budget.generated_steps == 6 == sum(len(g) for g in out)
    assert budget.tokens == sum(g.prompt_tokens + g.completion_tokens for grp in out for g in grp)


def test_agents_never_receive_hidden_tests_or_reference(test_tasks, candidates):
    env = _env()
    for task in test_tasks[:3]:
        agent = SpyAgent()
        record = run_episode(agent, env, task.task_id, seed=0, generator=candidates,
                         sandbox=process_sandbox())
        assert record.error is None, record.error
        blob = json.dumps(agent.seen, default=repr)
        for secret in _secret_strings(task):
            assert secret not in blob, f"{task.task_id}: leaked {secret[:60]!r}"
        assert agent.sim_task.hidden_tests == ()
        assert agent.sim_task.reference_solution is None
        assert agent.sim_task.reference_steps is None
        # The simulator's env is built on the public task only and reports no hidden tests.
        assert "hidden" not in agent.seen[2]
        # The evaluation, though, does report hidden results.
        assert record.hidden is not None and record.hidden["total_tests"] == len(
            task.hidden_tests)
    env.close()


def test_run_episode_record_and_budget(test_tasks, candidates):
    env = _env()
    task = test_tasks[0]
    record = run_episode(GreedyAgent(), env, task.task_id, seed=1, generator=candidates,
                         sandbox=process_sandbox())
    assert record.task_id == task.task_id and record.agent == "greedy"
    assert record.steps and record.step_kinds[-1] == "code"
    assert record.step_kinds[0] in ("outline", "code")
    b = record.budget
    # Greedy: one generator call and one sample per step, no sandbox use of its own.
    assert b["generator_calls"] == b["generated_steps"] == len(record.steps)
    assert b["sandbox_runs"] == 0 and b["env_steps"] == len(record.steps)
    assert b["wall_s"] > 0
    json.dumps(record.to_dict())
    env.close()


def test_user_agent_in_a_few_lines(test_tasks, candidates):
    env = _env()
    record = run_episode(FirstSampleAgent(), env, test_tasks[1].task_id, seed=0,
                         generator=candidates,
                         sandbox=process_sandbox())
    assert record.error is None and record.steps
    env.close()


def test_agent_exception_is_recorded_not_raised(test_tasks):
    class Broken(BaseAgent):
        name = "broken"

        def act(self, observation, info):
            raise RuntimeError("boom")

    env = _env()
    record = run_episode(Broken(), env, test_tasks[0].task_id, sandbox=process_sandbox())
    assert record.error == "RuntimeError: boom" and not record.success
    env.close()


def test_make_agent_registry_and_load_agent():
    assert set(AGENTS) == {"random", "greedy", "sample", "best-of-n", "mcts"}
    assert make_agent("greedy").name == "greedy"
    assert make_agent("best-of-n", mode="direct", n=2).name == "best-of-n-direct"
    assert make_agent("mcts", rollouts=4).config.rollouts == 4
    agent = load_agent("tests.test_agents_base:FirstSampleAgent")
    assert agent.name == "first-sample"
    assert make_agent("tests.test_agents_base:FirstSampleAgent").name == "first-sample"
    with pytest.raises(ValueError, match="unknown agent"):
        make_agent("alphacode")
    with pytest.raises(ValueError, match="mode"):
        make_agent("greedy", mode="cot")
    with pytest.raises(ValueError, match=r"package\.module:Class"):
        load_agent("nocolon")
    with pytest.raises(ValueError, match="no attribute"):
        load_agent("agents.baselines:Nope")
    with pytest.raises(ValueError, match="temperature"):
        make_agent("sample", temperature=0.0)


def test_tools_reject_unknown_mode(test_tasks):
    with pytest.raises(ValueError, match="mode"):
        AgentTools(test_tasks[0], mode="cot", generator=None, prm=None, sandbox=None,
                   budget=Budget(), env_factory=None, action_space=None, seed=0)


def _reachable(root, depth=4, limit=20000):
    """Every object reachable from ``root`` through public (non-underscore) attributes."""
    import types

    seen, frontier, out = {id(root)}, [root], [root]
    for _ in range(depth):
        nxt = []
        for obj in frontier:
            if isinstance(obj, (str, bytes, int, float, bool, type(None), types.ModuleType, type)):
                continue
            children = []
            if isinstance(obj, dict):
                children += list(obj.values())
            elif isinstance(obj, (list, tuple, set, frozenset)):
                children += list(obj)
            for name in dir(obj):
                if name.startswith("_"):
                    continue
                try:
                    children.append(getattr(obj, name))
                except Exception:  # properties that refuse (closed envs, missing parts)
                    continue
            for child in children:
                if id(child) not in seen and len(out) < limit:
                    seen.add(id(child))
                    out.append(child)
                    nxt.append(child)
        frontier = nxt
    return out


def test_tools_expose_no_path_to_hidden_tests_or_verdict_cache(test_tasks, candidates):
    """An agent cannot read hidden tests or the sandbox's cache through its tools (#23)."""
    from o1coder_env.sandbox import Sandbox
    from o1coder_env.tasks import Task

    class Snoop(BaseAgent):
        name = "snoop"

        def on_reset(self):
            tools = self.tools
            self.tries = {}
            for path in ("generator._tasks", "generator.inner", "generator.proposer",
                         "generator._meter", "_sandbox", "_counting_sandbox._cache",
                         "_counting_sandbox.inner", "_counting_sandbox._workers"):
                obj = tools
                try:
                    for part in path.split("."):
                        obj = getattr(obj, part)
                    self.tries[path] = obj
                except AttributeError:
                    self.tries[path] = None
            self.sim = tools.simulator()
            self.reached = _reachable(tools) + _reachable(self.sim)

        def act(self, observation, info):
            return self.sample_steps(self.steps, n=1, temperature=0.0)[0].text

    env = _env()
    task = test_tasks[0]
    agent = Snoop()
    record = run_episode(agent, env, task.task_id, seed=0, generator=candidates,
                         sandbox=process_sandbox())
    assert record.error is None, record.error
    assert agent.tries == dict.fromkeys(agent.tries), agent.tries
    assert len(agent.reached) > 50  # the walk did reach the tools, simulator and its env
    hidden_holders = [o for o in agent.reached if isinstance(o, Task) and o.hidden_tests]
    assert hidden_holders == [], [t.task_id for t in hidden_holders[:3]]
    assert not [o for o in agent.reached if isinstance(o, Sandbox)]
    secrets = _secret_strings(task)
    texts = [o for o in agent.reached if isinstance(o, str)]
    assert not [s for s in secrets for t in texts if s in t]
    # The protocol itself still works through the wrappers.
    assert agent.tools.generator.budget.calls >= 1
    with pytest.raises(PermissionError):
        agent.tools.generator.reset_budget()
    agent.sim.close()
    env.close()
