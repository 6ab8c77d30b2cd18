"""``o1coder bench --remote`` and ``o1coder mcts --remote`` against real ``o1coder serve``
servers on loopback: the same per-task verdicts and records as local runs, nothing hidden on the
client side, and clear errors for a bad URL or a server that does not fit the run."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("openenv.core.env_server")
pytest.importorskip("websockets.sync.client")

from _serve_fixtures import Server, free_port

from benchmarks.agents import CHOICE_ENV, DIRECT_ENV, PSEUDOCODE_ENV
from benchmarks.runner import BenchConfig, run_bench
from o1coder_cli.main import main
from o1coder_env.tasks import load_tasks

pytestmark = pytest.mark.slow

MAX_STEPS = 4
#: The bench's local envs, served: the built-in test split, episodes of MAX_STEPS steps.
EVAL = {"sandbox": "process", "max_steps": MAX_STEPS, "max_episode_steps": MAX_STEPS + 1}
TASKS = 2


@pytest.fixture(scope="module")
def servers():
    """Evaluation servers of the three env ids the bench's agents play (``evaluation=True``:
    the test split, hidden verdicts)."""
    evaluation = {**EVAL, "evaluation": True}
    made = {
        PSEUDOCODE_ENV: Server("--env", PSEUDOCODE_ENV, "--idle-timeout", "0",
                               env_kwargs=evaluation),
        # The Choice env with the bench's candidate pool: the train split's steps.
        CHOICE_ENV: Server("--env", CHOICE_ENV, "--idle-timeout", "0",
                           env_kwargs={**evaluation, "proposer": {"split": "train"}}),
        DIRECT_ENV: Server("--env", DIRECT_ENV, "--idle-timeout", "0",
                           env_kwargs={"sandbox": "process", "evaluation": True}),
    }
    try:
        with ThreadPoolExecutor(len(made)) as pool:
            list(pool.map(lambda s: s.start(), made.values()))
        yield {k: s.url for k, s in made.items()}
    finally:
        for server in made.values():
            server.stop()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers")
    from agents.generators.models import ModelNotInstalledError
    from agents.generators.tiny import build_tiny_model

    try:
        return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))
    except ModelNotInstalledError as exc:
        pytest.skip(f"the SmolLM2 tokenizer is not installed: {exc}")


def _comparable(episode: dict[str, Any]) -> dict[str, Any]:
    """An episode without what may differ: wall time, and the program runs counted here (a
    remote simulator's programs run on the server)."""
    out = dict(episode)
    out["budget"] = {k: v for k, v in episode["budget"].items()
                     if k not in ("wall_s", "sandbox_runs")}
    return out


def test_bench_over_remote_envs_gives_the_local_verdicts(servers, tiny_model, tmp_path,
                                                          capsys):
    agents = ["random", "mcts-candidates", "pseudo-greedy", "vanilla-greedy"]
    # The tiny budget level: 32-token steps of the tiny model (its text is gibberish anyway).
    local = run_bench(BenchConfig(agents=agents, limit=TASKS, aspr_k=0, model=str(tiny_model),
                                  max_steps=MAX_STEPS, budget="tiny",
                                  out=str(tmp_path / "local")),
                      progress=False)
    out = tmp_path / "remote"
    code = main(["bench", "--remote", *servers.values(), "--agents", *agents, "--limit",
                 str(TASKS), "--model", str(tiny_model), "--max-steps", str(MAX_STEPS),
                 "--budget", "tiny", "--out", str(out), "--no-progress"])
    assert code == 0, capsys.readouterr().err
    remote = json.loads((out / "results.json").read_text())
    assert remote["config"]["remote"] == list(servers.values())
    assert remote["config"]["aspr_k"] == 0  # ASPR is off over a remote env
    local_eps, remote_eps = local["episodes"], remote["episodes"]
    assert len(remote_eps) == len(agents) * TASKS
    assert [(e["agent"], e["task_id"]) for e in remote_eps] == \
        [(e["agent"], e["task_id"]) for e in local_eps]
    for lo, re in zip(local_eps, remote_eps, strict=True):
        assert re["error"] is None, re
        if re["terminated"]:  # a code step: judged by the server's hidden verdicts
            assert re["hidden"]["total_tests"] > 0
        assert _comparable(re) == _comparable(lo), (lo["agent"], lo["task_id"])
    # The verdicts are not all alike: the comparison could have failed either way.
    assert sum(e["terminated"] for e in remote_eps) >= TASKS * 2
    verdicts = {(e["agent"], e["task_id"]): e["success"] for e in remote_eps}
    assert any(verdicts.values()) and not all(verdicts.values())
    def summary(results: dict[str, Any]) -> dict[str, Any]:
        return {agent: {k: v for k, v in row.items() if "wall" not in k and "sandbox" not in k}
                for agent, row in json.loads(json.dumps(results["summary"])).items()}

    assert summary(remote) == summary(local)
    # mcts-candidates searched with simulators on the server: steps counted here, no program
    # run here, and no hidden verdict reached them (they would have been refused otherwise).
    searched = [e for e in remote_eps if e["agent"] == "mcts-candidates"]
    assert all(e["budget"]["simulator_steps"] > 0 and e["budget"]["sandbox_runs"] == 0
               for e in searched)


def test_mcts_remote_writes_the_local_trees(servers, tmp_path, capsys):
    # The evaluation server reports hidden verdicts; a search's sessions turn them off.
    ids = [t.task_id for t in load_tasks("builtin", split="test")[:TASKS]]
    common = ["--source", "builtin", "--split", "test", "--tasks", *ids, "--rollouts", "8",
              "--max-depth", str(MAX_STEPS), "--no-progress"]
    assert main(["mcts", *common, "--out", str(tmp_path / "local.jsonl")]) == 0
    assert main(["mcts", *common, "--remote", servers[PSEUDOCODE_ENV],
                 "--out", str(tmp_path / "remote.jsonl")]) == 0
    assert f"on {servers[PSEUDOCODE_ENV]}" in capsys.readouterr().err

    def records(name: str) -> list[dict[str, Any]]:
        rows = [json.loads(line) for line in (tmp_path / name).read_text().splitlines()]
        for row in rows:
            row.pop("wall_s")
            row["stats"].pop("wall_s")
        return rows

    local, remote = records("local.jsonl"), records("remote.jsonl")
    assert [r["task_id"] for r in remote] == ids
    assert remote == local
    assert all(r["n_nodes"] > 3 for r in remote) and all(r["solved"] for r in remote)
    assert "hidden" not in json.dumps(remote)
    # Resumable as locally: a rerun searches nothing.
    assert main(["mcts", *common, "--remote", servers[PSEUDOCODE_ENV],
                 "--out", str(tmp_path / "remote.jsonl")]) == 0
    assert "0 task(s) searched" in capsys.readouterr().err


def test_bad_urls_and_unfit_servers_are_clear_errors(servers, tmp_path, capsys):
    nobody = f"http://127.0.0.1:{free_port()}"

    def bench(*args: str) -> str:
        code = main(["bench", *args, "--out", str(tmp_path / "b"), "--no-progress"])
        assert code == 2
        return capsys.readouterr().err

    assert f"--remote {nobody}: no o1coder server at {nobody}" in bench(
        "--remote", nobody, "--agents", "random")
    assert "must start with http://" in bench("--remote", "127.0.0.1:8000", "--agents",
                                              "random")
    err = bench("--remote", servers[PSEUDOCODE_ENV], "--agents", "random")
    assert f"['random'] play {CHOICE_ENV}, which no --remote server serves" in err
    err = bench("--remote", servers[PSEUDOCODE_ENV], "--agents", "mcts-candidates",
                "--max-steps", "3")
    assert f"with {MAX_STEPS} steps per episode" in err and "--max-steps is 3" in err
    assert "use --aspr-k 0" in bench("--remote", servers[PSEUDOCODE_ENV], "--agents",
                                     "mcts-candidates", "--aspr-k", "2")
    assert "not among" in bench("--remote", servers[PSEUDOCODE_ENV], "--agents",
                                "mcts-candidates", "--tasks", "builtin/no_such_task")

    code = main(["mcts", "--remote", nobody, "--out", str(tmp_path / "t.jsonl"),
                 "--no-progress"])
    assert code == 2 and f"no o1coder server at {nobody}" in capsys.readouterr().err
    code = main(["mcts", "--remote", servers[DIRECT_ENV], "--out",
                 str(tmp_path / "t.jsonl"), "--no-progress", "--generator", "candidates",
                 "--split", "test", "--limit", "1"])
    assert code == 2 and "pseudocode" in capsys.readouterr().err
    assert not (tmp_path / "t.jsonl").exists()
