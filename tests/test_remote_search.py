"""Tree search and phi(R, PRM, alpha(t)) over ``o1coder serve``: server-side snapshots
(``get_state``/``set_state`` handles), MCTS over a ``RemoteEnv`` equal to MCTS over a local env,
and remote rewards equal to local ones with a PRM and an alpha schedule."""

from __future__ import annotations

import json

import gymnasium as gym
import pytest

pytest.importorskip("openenv.core.env_server")
websockets_sync = pytest.importorskip("websockets.sync.client")

from _serve_fixtures import Server  # noqa: E402

import o1coder_env  # noqa: E402, F401  (registers the envs)
from agents.base import public_task, summarize_tests  # noqa: E402
from agents.episode.budget import Budget  # noqa: E402
from agents.episode.simulator import Simulator, env_factory, remote_env_factory  # noqa: E402
from agents.episode.tools import AgentTools  # noqa: E402
from agents.mcts import MCTSConfig  # noqa: E402
from agents.mcts.agent import EnvSearch, MCTSAgent  # noqa: E402
from agents.prm.heuristic import HeuristicPRM  # noqa: E402
from o1coder_env.protocol.prompts import task_problem_text  # noqa: E402
from o1coder_env.remote import RemoteEnv, RemoteEnvError, RemoteState  # noqa: E402
from o1coder_env.tasks.registry import load_tasks  # noqa: E402

pytestmark = pytest.mark.slow

MAX_SNAPSHOTS = 128
# phi with the heuristic PRM paid per step; alpha(t) = 1 - t (linear from 1 to 0 over t = 1).
SERVED = {"sandbox": "process", "split": "train", "max_steps": 4, "prm": "heuristic",
          "prm_mode": "step", "alpha": "linear:1,0,1", "gamma": 0.9}


def _local_env():
    """The served env, made here: the same kwargs with the PRM object for its name."""
    return gym.make("O1Coder-v1", **{**SERVED, "prm": HeuristicPRM()})


@pytest.fixture(scope="module")
def server():
    srv = Server("--env", "O1Coder-v1", "--max-snapshots", str(MAX_SNAPSHOTS),
                 "--idle-timeout", "0", env_kwargs=SERVED).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def tasks():
    # Three train tasks with the fewest tests: the searches run real programs on 2 cores.
    return sorted(load_tasks("builtin", split="train"), key=lambda t: len(t.all_tests))[:3]


def _generator(tasks):
    from agents.generators import make_generator

    return make_generator("candidates", tasks=tasks, seed=0)


def _ask(conn, message) -> dict:
    conn.send(message if isinstance(message, str) else json.dumps(message))
    return json.loads(conn.recv(timeout=120))


def _raw(url: str):
    return websockets_sync.connect(url.replace("http", "ws") + "/ws", open_timeout=30)


# --- phi with a PRM and alpha(t): remote rewards are the local env's ---------------------------


def test_remote_rewards_equal_local_with_a_prm_and_alpha_schedule(server, tasks):
    remote = RemoteEnv(server.url)
    assert remote.reward_config == {
        "reward_tests": {"public": 1.0}, "reward_mode": "fraction", "report_hidden": False,
        "prm": "heuristic", "prm_mode": "step", "alpha": "linear:1,0,1", "gamma": 0.9}
    assert {"get_state", "set_state", "set_training_progress"} <= set(
        remote.spec_data["messages"])
    local = _local_env()
    episodes: dict[float, list[float]] = {}
    try:
        for t in (0.0, 0.25, 0.8):
            remote.set_training_progress(t)
            local.unwrapped.set_training_progress(t)
            assert remote.alpha == pytest.approx(1.0 - t) and remote.training_progress == t
            for seed, task in enumerate(tasks):
                # Seeded draws (no task id) must pick the same task on both sides.
                options = None if seed == 0 else {"task_id": task.task_id}
                r_obs, r_info = remote.reset(seed=seed, options=options)
                l_obs, l_info = local.reset(seed=seed, options=options)
                assert r_info["task_id"] == l_info["task_id"] and r_obs == l_obs
                played = (load_tasks("builtin", split="train",
                                     task_ids=[l_info["task_id"]])[0]
                          if seed == 0 else task)
                program = (played.reference_solution if seed != 1
                           else "def nothing():\n    return None\n")
                actions = ["Outline: read the input, compute the answer, return it.",
                           "Refine: handle the empty input first.",
                           f"```python\n{program}```"]
                rewards = []
                for action in actions:
                    r_out, l_out = remote.step(action), local.step(action)
                    assert r_out[1] == l_out[1], (t, seed, action)  # the reward, exactly
                    assert r_out[2:4] == l_out[2:4]
                    r_info, l_info = r_out[4], l_out[4]
                    assert r_info["process_reward"] == l_info["process_reward"]
                    rewards.append(r_out[1])
                # The terminal info carries the alpha used and every step's PRM score.
                assert r_info["alpha"] == l_info["alpha"] == pytest.approx(1.0 - t)
                assert r_info["process_rewards"] == l_info["process_rewards"]
                assert len(r_info["process_rewards"]) == 3
                r_tests, l_tests = (summarize_tests(i["tests"]) for i in (r_info, l_info))
                assert r_tests["passed_tests"] == l_tests["passed_tests"]
                assert (r_tests["passed_tests"] == r_tests["total_tests"]) == (seed != 1)
                episodes.setdefault(t, []).extend(rewards)
        # alpha(t) reached the server: the same episodes pay differently at another t.
        assert episodes[0.0] != episodes[0.25] != episodes[0.8]
        # A reconnect (new session, which starts at t = 0) keeps the client's t.
        remote.close()
        remote.reset(seed=2, options={"task_id": tasks[0].task_id})
        *_, info = remote.step(f"```python\n{tasks[0].reference_solution}```")
        assert info["alpha"] == pytest.approx(0.2)
    finally:
        remote.close()
        local.close()


# --- tree search --------------------------------------------------------------------------------


def _tree(result) -> list[tuple]:
    return [(tuple(result.tree.steps(n)), n.terminal, n.visits, n.value_sum, n.reward)
            for n in result.tree]


def test_env_search_over_a_remote_env_equals_the_local_search(server, tasks):
    """The ``o1coder mcts`` path: EnvSearch on ``env.unwrapped``, a RemoteEnv's is itself."""
    config = MCTSConfig(rollouts=24, max_depth=4, seed=0, stop_when_solved=False)
    for task in tasks[:2]:
        problem = task_problem_text(public_task(task))
        results = []
        for env in (_local_env(), RemoteEnv(server.url)):
            try:
                env.reset(seed=0, options={"task_id": task.task_id})
                search = EnvSearch(env.unwrapped, _generator(tasks), problem=problem,
                                   task_id=task.task_id, config=config)
                results.append(search.run())
                if isinstance(env, RemoteEnv):
                    states = list(search._states.values())
                    assert len(states) > 1 and all(isinstance(s, RemoteState) for s in states)
            finally:
                env.close()
        local, remote = results
        assert remote.best_steps == local.best_steps and remote.best_reward == local.best_reward
        assert remote.solved == local.solved and remote.rollouts == local.rollouts == 24
        assert _tree(remote) == _tree(local)
        assert local.solved  # the reference program is among the candidates


def _agent_search(task, tasks, factory) -> MCTSAgent:
    agent = MCTSAgent(rollouts=6, max_depth=4, k=3)
    tools = AgentTools(task, mode="pseudocode", generator=_generator(tasks), prm=None,
                       sandbox=None, budget=Budget(), env_factory=factory, action_space=None,
                       seed=7, reward_tests="public", max_steps=4)
    agent.reset(task.agent_view(), tools)
    first = agent.act({}, {})
    assert agent.result is not None and first == agent.plan[0]
    return agent


def test_mcts_agent_with_remote_simulators_finds_the_local_plan(server, tasks):
    task = tasks[2]
    local_env = _local_env()
    try:
        local = _agent_search(task, tasks, env_factory(local_env))
    finally:
        local_env.close()
    remote = _agent_search(task, tasks, remote_env_factory(server.url))
    assert remote.plan == local.plan and remote.plan
    assert remote.result.best_reward == local.result.best_reward
    assert _tree(remote.result) == _tree(local.result)
    # A server that is not a fair simulator is refused before any step.
    make = remote_env_factory(server.url)
    with pytest.raises(ValueError, match="scores on"):
        make(tasks=[public_task(task)], report_hidden=False, reward_tests="hidden")
    with pytest.raises(ValueError, match="not among"):
        make(tasks=[public_task(load_tasks("builtin", split="test")[0])],
             report_hidden=False, reward_tests="public")
    with pytest.raises(ValueError, match="tcg"):
        make(tasks=[public_task(task)], reward_tests="tcg", tcg=object(), tcg_tests=3)


def test_simulator_restores_remote_snapshots(server, tasks):
    task = tasks[0]
    sim = Simulator(RemoteEnv(server.url), public_task(task), Budget(), seed=0)
    try:
        sim.reset()
        sim.step("Outline: one pass over the input.")
        after_outline = sim.get_state()
        first = [sim.step("Refine: keep a running total."),
                 sim.step(f"```python\n{task.reference_solution}```")]
        assert first[-1][2]  # terminated by the code step
        sim.set_state(after_outline)
        again = [sim.step("Refine: keep a running total."),
                 sim.step(f"```python\n{task.reference_solution}```")]
        assert [s[1:4] for s in again] == [s[1:4] for s in first]
        assert again[-1][0] == first[-1][0] and again[-1][4]["steps"] == first[-1][4]["steps"]
        assert sim.budget.simulator_steps == 5
    finally:
        sim.close()


# --- errors: unknown handles, too many snapshots, malformed messages --------------------------


def test_snapshot_errors_keep_the_session(server, tasks):
    task = tasks[0]
    with _raw(server.url) as conn, _raw(server.url) as other:
        answer = _ask(conn, {"type": "get_state"})
        assert answer["type"] == "error" and "reset" in answer["data"]["message"]
        assert _ask(conn, {"type": "reset", "data": {"task_id": task.task_id}})["type"] == \
            "observation"
        snap = _ask(conn, {"type": "get_state"})
        assert snap["type"] == "state_handle"
        # The answer is a handle and counters: nothing of the state itself.
        assert set(snap["data"]) == {"handle", "task_id", "step_index", "done", "snapshots",
                                     "max_snapshots"}
        handle = snap["data"]["handle"]
        assert snap["data"]["step_index"] == 0 and snap["data"]["max_snapshots"] == MAX_SNAPSHOTS
        assert task.reference_solution.strip() not in json.dumps(snap)

        def error(message) -> dict:
            answer = _ask(conn, message)
            assert answer["type"] == "error", answer
            return answer["data"]

        # Unknown, forged and foreign handles.
        assert error({"type": "set_state", "data": {"handle": "nope"}})["code"] == \
            "UNKNOWN_HANDLE"
        forged = {"task_id": task.task_id, "steps": ["x"], "done": False}
        assert error({"type": "set_state", "data": {"handle": forged}})["code"] == \
            "VALIDATION_ERROR"
        assert error({"type": "set_state", "data": {"state": forged}})["code"] == \
            "VALIDATION_ERROR"
        _ask(other, {"type": "reset", "data": {"task_id": task.task_id}})
        foreign = _ask(other, {"type": "get_state"})["data"]["handle"]
        data = error({"type": "set_state", "data": {"handle": foreign}})
        assert data["code"] == "UNKNOWN_HANDLE" and "session" in data["message"]
        assert error({"type": "get_state", "data": {"deep": True}})["code"] == \
            "VALIDATION_ERROR"
        assert error({"type": "get_state", "extra": 1})["code"] == "VALIDATION_ERROR"
        assert error({"type": "drop_state", "data": {"handles": "all"}})["code"] == \
            "VALIDATION_ERROR"
        for bad in (-1, "soon", True, None):
            assert error({"type": "set_training_progress", "data": {"t": bad}})["code"] == \
                "VALIDATION_ERROR"

        # The session is bounded: MAX_SNAPSHOTS at once, then a clear refusal.
        for _ in range(MAX_SNAPSHOTS - 1):
            assert _ask(conn, {"type": "get_state"})["type"] == "state_handle"
        data = error({"type": "get_state"})
        assert data["code"] == "SNAPSHOT_LIMIT" and "drop_state" in data["message"]
        dropped = _ask(conn, {"type": "drop_state", "data": {"handles": [handle, "nope"]}})
        assert dropped["type"] == "states_dropped"
        assert dropped["data"]["dropped"] == [handle] and dropped["data"]["unknown"] == ["nope"]
        assert dropped["data"]["snapshots"] == MAX_SNAPSHOTS - 1
        data = error({"type": "set_state", "data": {"handle": handle}})
        assert data["code"] == "UNKNOWN_HANDLE" and "dropped" in data["message"]
        assert _ask(conn, {"type": "get_state"})["type"] == "state_handle"

        # Through it all the session kept its episode.
        answer = _ask(conn, {"type": "step", "data": {"text": "Outline: sum them."}})
        assert answer["type"] == "observation"
        assert answer["data"]["observation"]["observation"]["step_index"] == 1
        assert _ask(conn, {"type": "bogus"})["data"]["code"] == "UNKNOWN_TYPE"


def test_remote_env_snapshot_errors(server, tasks):
    env = RemoteEnv(server.url)
    try:
        # A training server never starts reporting hidden verdicts for a session.
        assert env.report_hidden is False
        with pytest.raises(RemoteEnvError, match="cannot turn them on") as refused:
            env.set_report_hidden(True)
        assert refused.value.code == "VALIDATION_ERROR"
        env.set_report_hidden(False)
        with pytest.raises(RemoteEnvError, match="reset"):
            env.get_state()
        env.reset(seed=0, options={"task_id": tasks[0].task_id})
        state = env.get_state()
        with pytest.raises(TypeError, match="RemoteState"):
            env.set_state({"handle": state.handle})  # type: ignore[arg-type]
        assert env.drop_state(state) == 1
        with pytest.raises(RemoteEnvError, match="dropped") as dropped:
            env.set_state(state)
        assert dropped.value.code == "UNKNOWN_HANDLE"
        kept = env.get_state()
        env.close()  # the session and its snapshots end here
        env.reset(seed=0, options={"task_id": tasks[0].task_id})
        with pytest.raises(RemoteEnvError, match="session that has ended") as ended:
            env.set_state(kept)
        assert ended.value.code == "UNKNOWN_HANDLE"
        assert env.drop_state(kept) == 0
        # A handle of the old session sent by hand is unknown to the new one, too.
        with pytest.raises(RemoteEnvError, match="unknown state handle"):
            env.set_state(RemoteState(kept.handle, kept.task_id, 0, False,
                                      session=env.get_state().session))
    finally:
        env.close()
