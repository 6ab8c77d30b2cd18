"""Learned PRMs train a few steps on tiny trees: parameters change, the loss is logged, the
checkpoint round-trips, and a trained PRM plugs into MCTS as the leaf value."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("peft")

from agents.mcts import Evaluation, MCTSConfig, search  # noqa: E402
from agents.prm import load_prm  # noqa: E402
from agents.prm.train import PRMTrainConfig, train_prm  # noqa: E402

PROBLEM = "Add two numbers. Implement `def add(a, b):`."
OUTLINE = "function add(a, b): return a plus b"
WRONG = "function add(a, b): return a minus b"
GOOD = "```python\ndef add(a, b):\n    return a + b\n```"
BAD = "```python\ndef add(a, b):\n    return a - b\n```"


def _expand(steps, k, rng: np.random.Generator):
    if not steps:
        return [OUTLINE, WRONG]
    return [GOOD, BAD] if steps[0] == OUTLINE else [BAD]


def _evaluate(steps):
    return Evaluation(1.0 if steps[-1] == GOOD else 0.0, {})


@pytest.fixture(scope="module")
def records() -> list[dict]:
    result = search(_expand, _evaluate, MCTSConfig(rollouts=8, k=2, seed=0))
    record = {"task_id": "toy/add", "problem": PROBLEM, "mode": "pseudocode",
              "tree": result.tree.to_dict()}
    return [json.loads(json.dumps(record))]


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory) -> str:
    from agents.generators.models import ModelNotInstalledError
    from agents.generators.tiny import build_tiny_model

    try:
        return str(build_tiny_model(tmp_path_factory.mktemp("tiny-prm-lm"), seed=0))
    except ModelNotInstalledError as exc:
        pytest.skip(str(exc))


def _snapshot(params) -> list:
    return [p.detach().clone() for p in params]


def _changed(before, after) -> bool:
    return any(not torch.equal(a, b) for a, b in zip(before, after, strict=True))


@pytest.mark.parametrize("objective", ["pointwise", "pairwise"])
def test_generative_prm_trains_its_adapter_only(records, tiny_lm, objective, tmp_path) -> None:
    from agents.prm.train import build_prm

    config = PRMTrainConfig(kind="generative", objective=objective, model=tiny_lm, max_steps=3,
                            batch_size=2, lr=1e-2, warmup_steps=0, log_every=1, seed=0)
    prm = build_prm(config)
    lora = prm.trainable_parameters()
    assert lora and all("lora" in n for n, p in prm.model.named_parameters() if p.requires_grad)
    frozen = [p for p in prm.model.parameters() if not p.requires_grad]
    lora_before, frozen_before = _snapshot(lora), _snapshot(frozen)
    _, result = train_prm(config, records, prm=prm, out=tmp_path / "ckpt", progress=False)
    assert result.steps == 3 and len(result.history) == 3
    assert all(np.isfinite(h["loss"]) for h in result.history)
    assert _changed(lora_before, prm.trainable_parameters())
    assert not _changed(frozen_before, frozen)
    log = (tmp_path / "ckpt" / "train_log.jsonl").read_text().splitlines()
    assert [json.loads(x)["step"] for x in log] == [1, 2, 3]
    # One forward pass over the trace gives the same scores as one example per step.
    scores = prm(PROBLEM, [OUTLINE, GOOD])
    from agents.prm.base import StepExample
    per_step = prm.score_examples([StepExample(PROBLEM, (), OUTLINE),
                                   StepExample(PROBLEM, (OUTLINE,), GOOD)])
    assert scores == pytest.approx(per_step, abs=1e-5)
    loaded = load_prm(tmp_path / "ckpt")
    assert loaded.kind == "generative"
    assert loaded(PROBLEM, [OUTLINE, GOOD]) == pytest.approx(scores, abs=1e-5)


def test_generative_scores_nodes_from_one_pass_per_longest_trace(tiny_lm) -> None:
    from agents.prm.base import StepExample, TrainablePRM
    from agents.prm.generative import GenerativePRM

    prm = GenerativePRM(tiny_lm, seed=0, max_length=256, batch_size=2)
    long_step = "```python\n" + "x = 1\n" * 200 + "```"
    examples = [StepExample(PROBLEM, (), OUTLINE), StepExample(PROBLEM, (OUTLINE,), GOOD),
                StepExample(PROBLEM, (OUTLINE,), BAD), StepExample(PROBLEM, (), WRONG),
                StepExample("Another problem.", (), OUTLINE),
                StepExample(PROBLEM, (WRONG,), long_step),  # over max_length: cut, alone
                StepExample(PROBLEM, (OUTLINE,), GOOD)]  # a repeat
    calls = []
    backbone = prm.model.get_base_model().base_model  # what runs; the head reads the tags
    forward = backbone.forward
    backbone.forward = lambda *a, **k: calls.append(k["input_ids"].shape) or forward(*a, **k)
    try:
        fast = prm.score_examples(examples)
    finally:
        del backbone.forward
    # Longest traces that fit: (OUTLINE, GOOD), (OUTLINE, BAD) and the other problem's, 3 rows
    # in 2 batches (OUTLINE alone is read off them); (WRONG,) begins only the long trace, so
    # it and the long one (cut) are scored one example per row: 1 more batch of 2 rows.
    assert sum(shape[0] for shape in calls) == 5 and len(calls) == 3
    slow = TrainablePRM.score_examples(prm, examples)  # one cut pass per example
    assert fast == pytest.approx(slow, abs=1e-5)
    assert fast[1] == fast[-1]


@pytest.mark.slow  # ~60 s on 2 busy cores
def test_generative_prm_learns_the_toy_tree(records, tiny_lm) -> None:
    from agents.prm.evaluate import step_auc

    config = PRMTrainConfig(kind="generative", model=tiny_lm, epochs=30, batch_size=4,
                            lr=3e-2, warmup_steps=0, seed=0)
    prm, result = train_prm(config, records, progress=False)
    assert result.history[-1]["loss"] < result.history[0]["loss"]
    assert step_auc(prm, records)["auc"] == 1.0


@pytest.fixture(scope="module")
def encoder_prm():
    from agents.prm.encoder import EncoderPRM

    try:
        return EncoderPRM(max_length=48, seed=0)
    except RuntimeError as exc:  # the MiniLM package is missing
        pytest.skip(str(exc))


def test_encoder_prm_trains_encoder_and_head(records, encoder_prm, tmp_path) -> None:
    prm = encoder_prm
    for objective in ("pointwise", "pairwise"):
        config = PRMTrainConfig(kind="encoder", objective=objective, max_steps=1, batch_size=2,
                                max_length=48, warmup_steps=0, log_every=1, seed=0)
        encoder_before = _snapshot(prm.encoder.parameters())
        head_before = _snapshot(prm.head.parameters())
        _, result = train_prm(config, records, prm=prm, out=tmp_path / "enc", progress=False)
        assert result.steps == 1 and [h["step"] for h in result.history] == [1]
        assert np.isfinite(result.history[0]["loss"])
        assert _changed(encoder_before, prm.encoder.parameters()), objective
        assert _changed(head_before, prm.head.parameters()), objective
    scores = prm(PROBLEM, [OUTLINE, GOOD])
    loaded = load_prm(tmp_path / "enc")
    assert loaded.kind == "encoder"
    assert loaded(PROBLEM, [OUTLINE, GOOD]) == pytest.approx(scores, abs=1e-5)


def test_encoder_pooling_averages_the_step_tokens_or_all(encoder_prm, tmp_path) -> None:
    from agents.prm.base import StepExample
    from agents.prm.encoder import EncoderPRM

    prm = encoder_prm
    example = StepExample(PROBLEM, (OUTLINE,), GOOD)
    ids, types = prm._ids(example)
    assert len(ids) <= prm.max_length and types[-1] == 1 and types[0] == 0
    with torch.no_grad():
        hidden = prm.encoder(input_ids=torch.tensor([ids]),
                             token_type_ids=torch.tensor([types])).last_hidden_state[0]
        step_rows = torch.tensor(types, dtype=torch.bool)
        assert prm.pooling == "step"
        assert torch.allclose(prm.pooled([example])[0], hidden[step_rows].mean(0), atol=1e-5)
        prm.pooling = "all"
        try:
            assert torch.allclose(prm.pooled([example])[0], hidden.mean(0), atol=1e-5)
            prm.save_pretrained(tmp_path / "all")
        finally:
            prm.pooling = "step"
    assert load_prm(tmp_path / "all").pooling == "all"
    # A checkpoint written before the pooling option (format 1) pooled over every token.
    config = tmp_path / "all" / "prm_config.json"
    old = {k: v for k, v in json.loads(config.read_text()).items() if k != "pooling"}
    config.write_text(json.dumps({**old, "format_version": 1}))
    assert load_prm(tmp_path / "all").pooling == "all"
    with pytest.raises(ValueError, match="pooling"):
        EncoderPRM(max_length=48, pooling="cls")


def test_frozen_encoder_trains_the_head_only(records, encoder_prm) -> None:
    prm = encoder_prm
    config = PRMTrainConfig(kind="encoder", freeze_encoder=True, epochs=20, batch_size=4,
                            max_length=48, head_lr=0.01, warmup_steps=0, log_every=1, seed=0)
    encoder_before = _snapshot(prm.encoder.parameters())
    try:
        _, result = train_prm(config, records, prm=prm, progress=False)
        assert all(not p.requires_grad for p in prm.encoder.parameters())
    finally:
        prm.encoder.requires_grad_(True)
    assert not _changed(encoder_before, prm.encoder.parameters())
    losses = [h["loss"] for h in result.history]
    assert result.steps == 40 and np.mean(losses[-5:]) < np.mean(losses[:5])


@pytest.fixture(scope="module")
def bi_prm():
    from agents.prm.encoder import EncoderPRM

    try:
        return EncoderPRM(max_length=48, seed=0, encoding="bi")
    except RuntimeError as exc:  # the MiniLM package is missing
        pytest.skip(str(exc))


def test_bi_encoding_compares_separate_embeddings(bi_prm, tmp_path) -> None:
    from agents.prm.base import StepExample
    from agents.prm.encoder import EncoderPRM

    prm = bi_prm
    hidden = int(prm.encoder.config.hidden_size)
    first, code = StepExample(PROBLEM, (), OUTLINE), StepExample(PROBLEM, (OUTLINE,), GOOD)
    with torch.no_grad():
        features = prm.pooled([first, code])
        problem, outline, good = prm._embed([(PROBLEM, False), ("### Step 1\n" + OUTLINE, True),
                                             ("### Step 2\n" + GOOD, False)])
    assert features.shape == (2, 5 * hidden + 2)
    assert torch.allclose(torch.linalg.norm(problem), torch.tensor(1.0), atol=1e-5)
    # The code step: its embedding, then its comparisons with the problem and the outline.
    row = features[1]
    assert torch.allclose(row[:hidden], good, atol=1e-5)
    assert torch.allclose(row[hidden:2 * hidden], problem * good, atol=1e-5)
    assert torch.allclose(row[3 * hidden:4 * hidden], outline * good, atol=1e-5)
    assert row[-2] == pytest.approx(float(problem @ good), abs=1e-5)
    assert row[-1] == pytest.approx(float(outline @ good), abs=1e-5)
    # With no step before it, the first step is compared with the problem twice.
    assert features[0][-2] == pytest.approx(float(features[0][-1]), abs=1e-6)
    prm.save_pretrained(tmp_path / "bi")
    loaded = load_prm(tmp_path / "bi")
    assert loaded.encoding == "bi"
    assert loaded(PROBLEM, [OUTLINE, GOOD]) == pytest.approx(prm(PROBLEM, [OUTLINE, GOOD]),
                                                             abs=1e-5)
    with pytest.raises(ValueError, match="encoding"):
        EncoderPRM(max_length=48, encoding="poly")


@pytest.mark.parametrize("objective", ["pointwise", "pairwise"])
def test_bi_encoder_trains_frozen_and_fine_tuned(records, bi_prm, objective) -> None:
    prm = bi_prm
    frozen = PRMTrainConfig(kind="encoder", encoding="bi", objective=objective,
                            freeze_encoder=True, epochs=30, batch_size=4, max_length=48,
                            head_lr=0.01, warmup_steps=0, log_every=1, seed=0)
    encoder_before = _snapshot(prm.encoder.parameters())
    head_before = _snapshot(prm.head.parameters())
    try:
        _, result = train_prm(frozen, records, prm=prm, progress=False)
    finally:
        prm.encoder.requires_grad_(True)
    assert not _changed(encoder_before, prm.encoder.parameters())
    assert _changed(head_before, prm.head.parameters())
    losses = [h["loss"] for h in result.history]
    assert np.mean(losses[-5:]) < np.mean(losses[:5])
    # On the toy tree the right code step now outscores the wrong one.
    assert prm(PROBLEM, [OUTLINE, GOOD])[1] > prm(PROBLEM, [OUTLINE, BAD])[1]
    tuned = PRMTrainConfig(kind="encoder", encoding="bi", objective=objective, max_steps=1,
                           batch_size=2, max_length=48, warmup_steps=0, log_every=1, seed=0)
    _, result = train_prm(tuned, records, prm=prm, progress=False)
    assert result.steps == 1 and np.isfinite(result.history[0]["loss"])
    assert _changed(encoder_before, prm.encoder.parameters())


@pytest.mark.parametrize("fixture", ["encoder_prm", "bi_prm"])
def test_rows_of_mixed_length_are_chunked_by_length_in_their_order(request, fixture,
                                                                   monkeypatch) -> None:
    """Chunking by length (to cut padding) changes neither a row's features nor its place."""
    import agents.prm.encoder as encoder_module
    from agents.prm.base import StepExample

    prm = request.getfixturevalue(fixture)
    examples = [StepExample(PROBLEM, (), OUTLINE), StepExample(PROBLEM, (OUTLINE,), GOOD),
                StepExample(PROBLEM, (), "x"), StepExample(PROBLEM * 3, (OUTLINE, BAD), WRONG),
                StepExample(PROBLEM, (OUTLINE,), BAD)]
    with torch.no_grad():
        alone = torch.cat([prm.pooled([ex]) for ex in examples])
        monkeypatch.setattr(encoder_module, "_CHUNK_TOKENS_CPU", 64)
        chunked = prm.pooled(examples)
        monkeypatch.setattr(encoder_module, "_CHUNK_TOKENS_CPU", 10**6)
        padded = prm.pooled(examples)
    assert chunked.shape == alone.shape == padded.shape
    assert torch.allclose(chunked, alone, atol=1e-4)
    assert torch.allclose(padded, alone, atol=1e-4)
    # The rows differ, so a shuffled order would have failed the comparison.
    assert not torch.allclose(alone[0], alone[1], atol=1e-3)


def test_generative_prm_projects_only_the_rating_positions(tiny_lm) -> None:
    """Scores read off the backbone and a head at the tags equal the full LM's logits."""
    from agents.prm.base import StepExample
    from agents.prm.generative import GenerativePRM

    prm = GenerativePRM(tiny_lm, seed=0)
    with torch.no_grad():  # a fresh adapter adds zero: make it count
        for name, param in prm.model.named_parameters():
            if "lora_B" in name:
                param.copy_(torch.randn_like(param) * 0.5)
    traces = [[OUTLINE, GOOD], [WRONG]]
    expected = []
    with torch.no_grad():
        for steps in traces:
            ids, tags = prm._trace_ids(PROBLEM, steps)
            logits = prm.model(input_ids=torch.tensor([ids])).logits[0]
            expected.append(torch.sigmoid(logits[tags, prm.plus_id]
                                          - logits[tags, prm.minus_id]).tolist())
    assert expected[0] != pytest.approx(expected[1][:1] * 2)
    assert prm.score(PROBLEM, traces[0]) == pytest.approx(expected[0], abs=1e-5)
    examples = [StepExample(PROBLEM, (), OUTLINE), StepExample(PROBLEM, (OUTLINE,), GOOD),
                StepExample(PROBLEM, (), WRONG)]
    assert prm.score_examples(examples) == pytest.approx(
        [expected[0][0], expected[0][1], expected[1][0]], abs=1e-5)
    with torch.no_grad():
        z = prm.reward_logits(examples)
    assert torch.sigmoid(z).tolist() == pytest.approx(
        [expected[0][0], expected[0][1], expected[1][0]], abs=1e-5)


def test_learned_prm_is_the_mcts_leaf_value(records, tiny_lm) -> None:
    from agents.prm.generative import GenerativePRM

    prm = GenerativePRM(tiny_lm, seed=0)
    result = search(_expand, _evaluate, MCTSConfig(rollouts=6, k=2, seed=0,
                                                   leaf_evaluation="value"),
                    leaf_value=lambda steps: prm(PROBLEM, list(steps))[-1])
    leaves = [n for n in result.tree if n.leaf_value is not None]
    assert leaves and result.stats["leaf_values"] == len(leaves)
    for node in leaves:
        assert node.leaf_value == pytest.approx(prm(PROBLEM, list(result.tree.steps(node)))[-1])


def test_cli_trains_a_generative_prm(records, tiny_lm, tmp_path, capsys) -> None:
    from o1coder_cli.main import main

    data = tmp_path / "trees.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "prm"
    assert main(["prm", "train", "--data", str(data), "--kind", "generative", "--model",
                 tiny_lm, "--objective", "pairwise", "--max-steps", "2", "--no-progress",
                 "--out", str(out), "--eval-data", str(data)]) == 0
    printed = capsys.readouterr().out
    assert "trained generative/pairwise: 2 steps" in printed and '"auc"' in printed
    assert (out / "prm_config.json").is_file() and (out / "adapter").is_dir()
    assert main(["prm", "train", "--data", str(data), "--kind", "generative", "--model",
                 tiny_lm, "--epochs", "0", "--out", str(out)]) == 2
