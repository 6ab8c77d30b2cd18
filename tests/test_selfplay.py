"""The self-play loop end to end: tiny model, candidate search, SFT + DPO, evaluation, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("trl")
pytest.importorskip("transformers")

from _env_fixtures import tiny_tasks

from agents.selfplay.loop import SelfPlayConfig, finished_rounds, run_selfplay
from o1coder_env.tasks.jsonl import write_jsonl


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from agents.generators.tiny import build_tiny_model

    root = tmp_path_factory.mktemp("selfplay")
    tasks = tiny_tasks()
    # Three train tasks, one held out: a JSONL source with those splits.
    tasks = [t.with_changes(split="train") for t in tasks[:3]] + [tasks[3]]
    data = write_jsonl(tasks, root / "tasks.jsonl")
    model = build_tiny_model(root / "tiny-model")
    return data, model


def config(setup: tuple[Path, Path], out: Path, rounds: int) -> SelfPlayConfig:
    data, model = setup
    return SelfPlayConfig(
        out=str(out), rounds=rounds, model=str(model), source="jsonl", path=str(data),
        train_split="train", eval_split="test", generator="candidates", rollouts=4, k=3,
        max_depth=3, max_new_tokens=8, sft_steps=1, dpo_steps=1, batch_size=2, max_length=1024,
        dpo_margin=0.1,
    )


def test_two_rounds_then_resume(setup: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "run"
    messages: list[str] = []
    records = run_selfplay(config(setup, out, 2), log=messages.append)
    assert [r["round"] for r in records] == [1, 2]
    for index, record in enumerate(records, start=1):
        folder = out / f"round_{index:03d}"
        assert (folder / "round.json").is_file() and (folder / "trees.jsonl").is_file()
        assert record["stages"]["synthesize"]["tasks"] == 3
        assert record["stages"]["sft"]["status"] == "trained"
        assert record["stages"]["sft"]["examples"] > 0
        assert record["stages"]["dpo"]["status"] in ("trained",) or \
            record["stages"]["dpo"]["status"].startswith("skipped")
        assert (Path(record["policy"]) / "config.json").is_file()
        ev = record["eval"]
        assert ev["episodes"] == 1
        # One episode: the success rate is exactly 0 or 1, inside its own Wilson interval, and
        # a success means the episode's reward was the full outcome.
        assert ev["success_rate"] in (0.0, 1.0)
        assert ev["success_rate_ci"][0] <= ev["success_rate"] <= ev["success_rate_ci"][1]
        assert ev["mean_reward_ci"] == [ev["mean_reward"], ev["mean_reward"]]
        if ev["success_rate"] == 1.0:
            assert ev["mean_reward"] > 0
    # Round 2 starts from round 1's policy: the loop feeds its checkpoint back.
    assert records[1]["policy_in"] == records[0]["policy"]
    assert records[1]["policy"] != records[0]["policy"]
    log = json.loads((out / "log.json").read_text())
    assert [r["round"] for r in log["rounds"]] == [1, 2]
    assert (out / "metrics.png").read_bytes().startswith(b"\x89PNG")

    # A third call with --rounds 2 runs nothing; it rewrites the summary from the records.
    stamp = (out / "round_002" / "round.json").stat().st_mtime_ns
    summary = out / "selfplay.json"
    before = json.loads(summary.read_text())
    summary.unlink()
    (out / "metrics.png").unlink()
    again = run_selfplay(config(setup, out, 2), log=messages.append)
    assert len(again) == 2 and "nothing to run" in messages[-2]
    assert json.loads(summary.read_text()) == before
    assert (out / "metrics.png").read_bytes().startswith(b"\x89PNG")  # re-plotted, round 0 too
    assert [r["data"]["sft"] for r in before["rounds"][1:]] == [
        r["stages"]["sft"]["examples"] for r in records]
    assert (out / "round_002" / "round.json").stat().st_mtime_ns == stamp
    assert not (out / "round_003").exists()

    # With --rounds 3 it runs exactly one more round, from round 2's policy.
    more = run_selfplay(config(setup, out, 3), log=messages.append)
    assert [r["round"] for r in more] == [1, 2, 3]
    assert more[2]["policy_in"] == records[1]["policy"]
    assert len(finished_rounds(out)) == 3


@pytest.mark.slow
def test_interrupted_round_is_redone_and_settings_are_checked(setup: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    out = tmp_path / "run"
    run_selfplay(config(setup, out, 1), log=lambda _m: None)
    # Simulate a crash in round 1 after its checkpoints, before round.json.
    (out / "round_001" / "round.json").unlink()
    records = run_selfplay(config(setup, out, 1), log=lambda _m: None)
    assert records[0]["stages"]["sft"]["status"] == "reused"
    # Different settings in the same folder are refused, naming the field.
    changed = config(setup, out, 1)
    changed.rollouts = 5
    with pytest.raises(ValueError, match="rollouts"):
        run_selfplay(changed, log=lambda _m: None)


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="generator"):
        SelfPlayConfig(generator="gpt")
    with pytest.raises(ValueError, match="rounds"):
        SelfPlayConfig(rounds=0)
    with pytest.raises(ValueError, match="prm_kind"):
        SelfPlayConfig(prm_kind="oracle")
    with pytest.raises(ValueError, match="reward_tests"):
        SelfPlayConfig(reward_tests="hidden")  # the search never sees hidden tests
    with pytest.raises(ValueError, match="prm_use"):
        SelfPlayConfig(prm_use="reward")
    with pytest.raises(ValueError, match="leaf_mix"):
        SelfPlayConfig(leaf_mix=1.5)
    with pytest.raises(ValueError, match="tcg_kind"):
        SelfPlayConfig(tcg_kind="oracle")
    with pytest.raises(ValueError, match="alpha"):
        SelfPlayConfig(phi_alpha="sometimes")
    with pytest.raises(ValueError, match="tcg_eval_tasks"):
        SelfPlayConfig(tcg_eval_tasks=0)
    with pytest.raises(ValueError, match="tcg_dpo_steps"):
        SelfPlayConfig(tcg_dpo_steps=-1)
    with pytest.raises(ValueError, match="tcg_dpo_sft_weight"):
        SelfPlayConfig(tcg_dpo_sft_weight=-1.0)
    with pytest.raises(ValueError, match="tcg_temperature"):
        SelfPlayConfig(tcg_temperature=-0.1)
    with pytest.raises(ValueError, match="policy_data"):
        SelfPlayConfig(policy_data="every")
    with pytest.raises(ValueError, match="policy_start"):
        SelfPlayConfig(policy_start="scratch")


def test_cli_flags(tmp_path: Path) -> None:
    import argparse

    from agents.selfplay.cli import add_parser, config_from_args

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["selfplay", "--rounds", "3", "--out", str(tmp_path),
                              "--generator", "candidates", "--eval-seeds", "0", "1",
                              "--no-prm-freeze-encoder", "--train-tasks", "2",
                              "--tcg-steps", "4", "--tcg-dpo-steps", "6"])
    cfg = config_from_args(args)
    assert cfg.rounds == 3 and cfg.out == str(tmp_path) and cfg.eval_seeds == (0, 1)
    assert cfg.prm_freeze_encoder is False and cfg.train_tasks == 2
    assert (cfg.tcg_steps, cfg.tcg_dpo_steps) == (4, 6)
    args = parser.parse_args(["selfplay", "--reward-tests", "tcg", "--prm-use", "mixed",
                              "--leaf-mix", "0.3", "--tcg-kind", "fuzzing", "--json",
                              str(tmp_path / "s.json")])
    cfg = config_from_args(args)
    assert (cfg.reward_tests, cfg.prm_use, cfg.leaf_mix, cfg.tcg_kind) == ("tcg", "mixed", 0.3,
                                                                           "fuzzing")
    assert cfg.json == str(tmp_path / "s.json")
    args = parser.parse_args(["selfplay", "--policy-data", "all", "--policy-start", "base"])
    cfg = config_from_args(args)
    assert (cfg.policy_data, cfg.policy_start) == ("all", "base")


def test_round_two_searches_with_round_one_prm_and_tcg(setup: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    """The closed loop: round 2's search asks round 1's PRM (PUCT priors) and round 1's TCG
    (the only tests it sees), counted through the loop's wrapper around the real objects."""
    model = setup[1]
    out = tmp_path / "closed"
    cfg = config(setup, out, 2)
    cfg.reward_tests, cfg.tcg_kind, cfg.tcg_tests = "tcg", "fuzzing", 4
    cfg.prm_kind, cfg.prm_model, cfg.prm_steps, cfg.prm_use = "generative", str(model), 1, "prior"
    cfg.tcg_eval_tasks = 1
    records = run_selfplay(cfg, log=lambda _m: None)
    first, second = records
    assert first["prm"] and Path(first["prm"]).parent == out / "round_001"
    search = second["stages"]["synthesize"]
    # Round 2 was handed round 1's PRM and TCG, and its search really called them.
    assert second["prm_in"] == first["prm"] == search["prm"]
    assert search["prm_calls"] > 0
    assert second["tcg_in"] == first["tcg"] == search["tcg"] == "fuzzing"
    assert search["tcg_calls"] == 3 and search["no_tests"] == 0
    assert first["stages"]["synthesize"]["prm_calls"] == 0  # round 1 had no PRM yet
    # With a PRM on, DPO reads the trees re-valued by phi, alpha falling round over round.
    assert Path(second["stages"]["phi"]["trees"]).is_file()
    assert second["stages"]["phi"]["alpha"] < first["stages"]["phi"]["alpha"] <= 1.0
    # No given test reached the search: every judged program ran the TCG's tests only.
    from agents.mcts.export import read_tree_records

    trees = list(read_tree_records(out / "round_002" / "trees.jsonl"))
    assert {t["reward_tests"] for t in trees} == {"tcg"}
    assert {t["config"]["selection"] for t in trees} == {"puct"}
    judged = [(t["tcg_tests"], n["details"]["total_tests"]) for t in trees
              for n in t["tree"]["nodes"] if n.get("details", {}).get("total_tests")]
    assert judged and all(made == ran for made, ran in judged)
    # The PRM's scores are the priors: one expansion's children, renormalized.
    from agents.prm import load_prm
    from agents.prm.base import StepExample

    prm = load_prm(first["prm"])
    tree = trees[0]
    root = tree["tree"]["nodes"][0]
    kids = [n for n in tree["tree"]["nodes"] if n["parent"] == root["id"]]
    scores = prm.score_examples([StepExample(tree["problem"], (), n["step"]) for n in kids])
    if len(kids) == tree["config"]["k"]:  # no duplicate merged away
        assert [n["prior"] for n in kids] == pytest.approx([s / sum(scores) for s in scores],
                                                           rel=1e-4)
    # The summary names what each round used and measured.
    summary = json.loads((out / "selfplay.json").read_text())
    assert [r["round"] for r in summary["rounds"]] == [0, 1, 2]
    for row in summary["rounds"]:
        assert {"round", "pass_at_1", "ci", "prm", "tcg", "policy", "prm_auc",
                "tcg_validity"} <= set(row)
        assert row["ci"][0] <= row["pass_at_1"] <= row["ci"][1]
    assert summary["rounds"][2]["prm"] == second["prm"]
    assert 0.0 <= summary["rounds"][1]["tcg_validity"] <= 1.0
    # The initial TCG is judged in round 0, and every TCG on the first tcg_eval_tasks only.
    assert summary["rounds"][0]["tcg_validity"] is not None
    baseline = json.loads((out / "round_000.json").read_text())
    assert [r["tcg_eval"]["tasks"] for r in (baseline, first, second)] == [1, 1, 1]
    low, high = summary["paired_ci_last_vs_first"]
    assert low <= summary["paired_diff_last_vs_first"] <= high


def test_the_loops_tcg_update_is_sft_then_dpo_from_the_sft_checkpoint(
        setup: tuple[Path, Path], tmp_path: Path) -> None:
    from agents.selfplay.loop import _update_tcg

    cfg = config(setup, tmp_path / "run", rounds=1)
    cfg.tcg_steps, cfg.tcg_dpo_steps = 1, 1
    train = [t.with_changes(split="train") for t in tiny_tasks()[:2]]
    out = tmp_path / "round_001" / "tcg"
    info, path = _update_tcg(cfg, train, None, out, seed=0)
    assert path == str(out) and info["status"] == "trained"
    assert info["sft"]["status"] == info["dpo"]["status"] == "trained"
    assert info["sft"]["path"] == str(tmp_path / "round_001" / "tcg-sft")
    # DPO started from the round's SFT checkpoint, not from the base model.
    sft = json.loads((tmp_path / "round_001" / "tcg-sft" / "tcg_train.json").read_text())
    dpo = json.loads((out / "tcg_train.json").read_text())
    assert sft["config"]["stage"] == "sft" and sft["config"]["model"] == cfg.model
    assert dpo["config"]["stage"] == "dpo" and dpo["config"]["model"] == info["sft"]["path"]
    assert dpo["records"] > 0 and len(dpo["losses"]) == 1
    # An interrupted round finds the trained TCG and does not train it again.
    assert _update_tcg(cfg, train, None, out, seed=0) == ({"status": "reused",
                                                           "path": str(out)}, str(out))
    # DPO only: from the previous round's TCG, straight into tcg/; the SFT weight reaches DPO.
    cfg.tcg_steps, cfg.tcg_dpo_sft_weight = 0, 0.5
    info, path = _update_tcg(cfg, train, str(out), tmp_path / "round_002" / "tcg", seed=1)
    assert "sft" not in info and info["dpo"]["path"] == path
    saved = json.loads((Path(path) / "tcg_train.json").read_text())["config"]
    assert saved["model"] == str(out) and saved["sft_weight"] == 0.5
    assert sft["config"]["sft_weight"] == dpo["config"]["sft_weight"] == 0.0


def test_the_loops_tcg_dpo_can_train_on_the_tcgs_own_samples(
        setup: tuple[Path, Path], tmp_path: Path) -> None:
    from agents.selfplay.loop import _update_tcg

    cfg = config(setup, tmp_path / "run", rounds=1)
    cfg.tcg_steps, cfg.tcg_dpo_steps, cfg.tcg_max_new_tokens = 0, 1, 8
    cfg.tcg_dpo_pairs, cfg.tcg_dpo_samples = "onpolicy", 2
    train = [t.with_changes(split="train") for t in tiny_tasks()[:2]]
    info, path = _update_tcg(cfg, train, None, tmp_path / "tcg", seed=0)
    assert info["status"] == "trained" and path == str(tmp_path / "tcg")
    # The tiny random model writes no parsable test: each of its 2 x 2 answers is paired
    # against true cases of its task, and nothing synthetic is mixed in.
    assert info["dpo"]["pairs"] == {"own_unparsable": 4} and info["dpo"]["examples"] == 4
    assert json.loads((Path(path) / "tcg_train.json").read_text())["records"] == 4

    log = json.loads((Path(path) / "tcg_train.json").read_text())
    assert log["data"] == {"tasks": 2, "cases": "all", "pairs": "onpolicy",
                           "pair_kinds": {"own_unparsable": 4}}

    cfg.tcg_dpo_pairs, cfg.tcg_cases = "both", "short"
    info, _ = _update_tcg(cfg, train, None, tmp_path / "tcg-both", seed=0)
    assert json.loads((tmp_path / "tcg-both" / "tcg_train.json").read_text())["data"][
        "cases"] == "short"
    assert info["dpo"]["pairs"]["own_unparsable"] == 4
    assert info["dpo"]["pairs"].get("shuffled", 0) + info["dpo"]["pairs"].get(
        "wrong_outputs", 0) == info["dpo"]["examples"] - 4 > 0
    for bad in ({"tcg_dpo_pairs": "mined"}, {"tcg_dpo_samples": 0}, {"tcg_cases": "tiny"}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            SelfPlayConfig(**bad)


def test_runs_made_before_a_setting_existed_still_resume(setup: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    from agents.selfplay.loop import CONFIG_FILE, _check_same_run

    cfg = config(setup, tmp_path / "old", rounds=1)
    saved = cfg.to_dict()
    del saved["tcg_dpo_steps"]  # the run was made before the setting was added
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / CONFIG_FILE).write_text(json.dumps(saved))
    _check_same_run(tmp_path / "old", cfg)  # its default: the same run
    cfg.tcg_dpo_steps = 3
    with pytest.raises(ValueError, match="tcg_dpo_steps"):
        _check_same_run(tmp_path / "old", cfg)


def test_tcg_train_rounds_keeps_the_tcg_after_its_rounds(setup: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    """``tcg_train_rounds=1``: round 1 trains the LLM TCG; round 2 searches with it and keeps
    it (nothing trained, no folder), and the next round would get the same TCG."""
    out = tmp_path / "kept"
    cfg = config(setup, out, 2)
    cfg.tcg_kind, cfg.tcg_steps, cfg.tcg_train_rounds = "llm", 1, 1
    cfg.tcg_tests, cfg.tcg_max_new_tokens, cfg.tcg_eval_tasks = 1, 8, 1
    first, second = run_selfplay(cfg, log=lambda _m: None)
    assert first["stages"]["tcg"]["status"] == "trained"
    assert first["tcg"] == str(out / "round_001" / "tcg")
    assert second["stages"]["tcg"]["status"] == "kept: the TCG is trained in rounds 1-1 only"
    assert second["tcg_in"] == second["tcg"] == first["tcg"]
    assert not (out / "round_002" / "tcg").exists()
    with pytest.raises(ValueError, match="tcg_train_rounds"):
        SelfPlayConfig(tcg_train_rounds=-1)


def test_data_sizes_name_the_tcg_stages_in_both_record_shapes() -> None:
    from agents.selfplay.loop import data_sizes

    stages = {"sft": {"examples": 9}, "dpo": {"examples": 4},
              "tcg": {"status": "trained", "sft": {"examples": 24}, "dpo": {"examples": 40}}}
    assert data_sizes(stages) == {"sft": 9, "dpo": 4, "tcg_sft": 24, "tcg_dpo": 40}
    # A record made before the TCG had a DPO stage: its SFT examples sit on the stage itself.
    old = {"sft": {"examples": 9}, "tcg": {"status": "trained", "examples": 24}}
    assert data_sizes(old) == {"sft": 9, "tcg_sft": 24}
    kept = {"tcg": {"status": "kept: the TCG is trained in rounds 1-1 only"}}
    assert data_sizes(kept) == {}


def test_policy_data_all_from_base_trains_the_initial_model_on_every_rounds_trees(
        setup: tuple[Path, Path], tmp_path: Path) -> None:
    """``policy_data=all``, ``policy_start=base`` (the paper's step 6 with ReST-EM's restart):
    round 2's SFT starts from the initial model, on rounds 1 and 2's trees together, while
    round 2's search still uses round 1's policy."""
    out = tmp_path / "accumulate"
    cfg = config(setup, out, 2)
    cfg.policy_data, cfg.policy_start = "all", "base"
    first, second = run_selfplay(cfg, log=lambda _m: None)
    round_lines = [(out / f"round_{i:03d}" / "trees.jsonl").read_text().splitlines()
                   for i in (1, 2)]
    gathered = (out / "round_002" / "trees_all.jsonl").read_text().splitlines()
    assert gathered == round_lines[0] + round_lines[1] and len(gathered) == 6
    assert second["stages"]["data"] == {"policy_data": "all", "rounds": [1, 2],
                                        "trees": str(out / "round_002" / "trees_all.jsonl")}
    assert first["stages"]["data"]["rounds"] == [1]
    assert second["policy_in"] == first["policy"]  # the search used round 1's policy
    assert first["stages"]["sft"]["from"] == second["stages"]["sft"]["from"] == cfg.model
    # Round 2's SFT saw round 1's correct traces again, besides its own.
    assert second["stages"]["sft"]["examples"] > first["stages"]["sft"]["examples"] > 0
    # The default trains the previous policy on the round's own trees.
    plain = run_selfplay(config(setup, tmp_path / "plain", 2), log=lambda _m: None)
    assert plain[1]["stages"]["sft"]["from"] == plain[0]["policy"]
    assert plain[1]["stages"]["data"]["rounds"] == [2]
    from agents.training.data import load_sft_records

    own = tmp_path / "plain" / "round_002" / "trees.jsonl"
    assert plain[1]["stages"]["sft"]["examples"] == len(load_sft_records(own))
    assert second["stages"]["sft"]["examples"] == len(
        load_sft_records(out / "round_002" / "trees_all.jsonl"))


def test_the_llm_tcg_samples_at_the_configured_temperature(setup: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    from agents.selfplay.loop import make_tcg

    _, model = setup
    for temperature in (0.0, 0.7):
        cfg = SelfPlayConfig(out=str(tmp_path), tcg_temperature=temperature,
                             tcg_max_new_tokens=16)
        tcg = make_tcg(cfg, str(model), seed=3)
        assert (tcg.sampling.temperature, tcg.sampling.max_new_tokens, tcg.sampling.seed) == (
            temperature, 16, 3)
        assert (tcg.votes, tcg.min_agreement) == (1, 1)
    voting = make_tcg(SelfPlayConfig(out=str(tmp_path), tcg_votes=5, tcg_min_agreement=2),
                      str(model), seed=3)
    assert (voting.votes, voting.min_agreement) == (5, 2)
    with pytest.raises(ValueError, match="tcg_min_agreement"):
        SelfPlayConfig(tcg_votes=2, tcg_min_agreement=3)
    with pytest.raises(ValueError, match="tcg_votes"):
        SelfPlayConfig(tcg_votes=0)
    with pytest.raises(ValueError, match="tcg_temperature > 0"):
        SelfPlayConfig(tcg_votes=2, tcg_temperature=0.0)


def test_prm_init_guides_round_one_and_prm_data_all_trains_on_every_rounds_trees(
        setup: tuple[Path, Path], tmp_path: Path) -> None:
    """``prm_init``: a PRM trained apart guides round 1's search and is round 1's starting
    point, judged in round 0; ``prm_data=all``: round 2's PRM trains on rounds 1-2's trees."""
    from agents.mcts.export import read_tree_records
    from agents.prm.train import pointwise_examples

    model = setup[1]
    apart = config(setup, tmp_path / "apart", 1)
    apart.prm_kind, apart.prm_model, apart.prm_steps = "generative", str(model), 1
    (made,) = run_selfplay(apart, log=lambda _m: None)
    init = made["prm"]
    assert init and Path(init).parent == tmp_path / "apart" / "round_001"

    out = tmp_path / "init"
    cfg = config(setup, out, 2)
    cfg.prm_kind, cfg.prm_model, cfg.prm_steps, cfg.prm_use = "generative", str(model), 1, "prior"
    cfg.prm_init, cfg.prm_data, cfg.plan_steps = init, "all", 1
    cfg.prm_eval_trees = str(tmp_path / "apart" / "round_001" / "trees.jsonl")
    first, second = run_selfplay(cfg, log=lambda _m: None)
    # Round 1 searched with the PRM trained apart, and trained from it.
    assert first["prm_in"] == first["stages"]["synthesize"]["prm"] == init
    assert first["stages"]["synthesize"]["prm_calls"] > 0
    assert first["prm"] == str(out / "round_001" / "prm") != init
    assert second["prm_in"] == first["prm"]
    # Round 0 names and judges the initial PRM, like the initial TCG.
    baseline = json.loads((out / "round_000.json").read_text())
    assert baseline["prm"] == init and baseline["prm_eval"]["steps"] > 0
    summary = json.loads((out / "selfplay.json").read_text())
    assert summary["rounds"][0]["prm"] == init
    assert summary["rounds"][0]["prm_auc"] == baseline["prm_eval"]["auc"]
    # Round 2's PRM saw both rounds' trees (the file the policy would gather, too).
    gathered = out / "round_002" / "trees_all.jsonl"
    stage = second["stages"]["prm"]
    assert (stage["prm_data"], stage["rounds"], stage["trees"]) == ("all", [1, 2], str(gathered))
    assert first["stages"]["prm"]["rounds"] == [1]
    examples = len(pointwise_examples(read_tree_records(gathered), min_visits=1))
    assert stage["examples"] == examples == summary["rounds"][2]["data"]["prm"]
    assert stage["examples"] > first["stages"]["prm"]["examples"] > 0
    # The policy still trained on its own round's trees (policy_data=round).
    assert second["stages"]["data"]["rounds"] == [2]
    # plan_steps reached the search: no root child of any tree holds code.
    for tree in read_tree_records(out / "round_001" / "trees.jsonl"):
        assert tree["config"]["plan_steps"] == 1
        assert not any("```" in n["step"] for n in tree["tree"]["nodes"][1:]
                       if n["parent"] == 0)


def test_prm_init_and_prm_data_are_checked_before_any_work(setup: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="prm_data"):
        SelfPlayConfig(prm_data="some")
    with pytest.raises(ValueError, match="plan_steps"):
        SelfPlayConfig(plan_steps=4, max_depth=4)
    cfg = config(setup, tmp_path / "missing", 1)
    cfg.prm_init = str(tmp_path / "no-such-prm")
    with pytest.raises(ValueError, match=r"prm_init .*no-such-prm.* is not a PRM"):
        run_selfplay(cfg, log=lambda _m: None)
    assert not (tmp_path / "missing").exists()  # refused before the run folder was made
    cfg.prm_init, cfg.prm_kind = "heuristic", "encoder"
    with pytest.raises(ValueError, match="HeuristicPRM, which prm_kind='encoder' cannot train"):
        run_selfplay(cfg, log=lambda _m: None)
    import argparse

    from agents.selfplay.cli import add_parser, config_from_args

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["selfplay", "--prm-init", "heuristic", "--prm-data", "all"])
    assert (config_from_args(args).prm_init, config_from_args(args).prm_data) == (
        "heuristic", "all")
