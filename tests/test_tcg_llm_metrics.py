"""LLM TCG (template, parsing, validation report) and the test-quality metrics."""

from __future__ import annotations

import json

import pytest

from agents.generators import Sampling
from agents.tcg import LLMTCG, build_tcg_messages, build_tcg_prompt, format_tests, parse_tests
from agents.tcg.llm import vote_tests
from o1coder_env.sandbox import Sandbox
from o1coder_env.tasks import Task, TestCase, TestKind
from o1coder_env.tcg import evaluate_tests, line_coverage, summarize, validity

CLAMP = """
def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x
"""

TASK = Task(
    "t/clamp", "Clamp x into [lo, hi].", entry_point="clamp", reference_solution=CLAMP,
    public_tests=[TestCase.call_case((5, 0, 10), 5)],
    hidden_tests=[TestCase.call_case(a, e) for a, e in [
        ((-1, 0, 10), 0), ((11, 0, 10), 10), ((0, 0, 10), 0), ((10, 0, 10), 10), ((3, 0, 10), 3)]],
)

ECHO = "s = input()\nprint(s.upper())\n"
STDIO = Task("t/upper", "Print the line in upper case.", style="stdio", reference_solution=ECHO,
             public_tests=[TestCase.stdio_case("ab\n", "AB\n")],
             hidden_tests=[TestCase.stdio_case("xY\n", "XY\n")])


@pytest.fixture(scope="module")
def sandbox():
    sb = Sandbox(backend="process", workers=2)
    yield sb
    sb.close()


def test_template_has_problem_code_and_format():
    messages = build_tcg_messages(TASK, CLAMP)
    assert [m["role"] for m in messages] == ["system", "user"]
    user = messages[1]["content"]
    assert "Clamp x into" in user and "def clamp" in user and "assert clamp(" in user
    assert "3 test cases" in user
    assert "def clamp" not in build_tcg_prompt(TASK, None)
    assert "Input:" in build_tcg_messages(STDIO, ECHO)[1]["content"]


def test_parse_many_formats():
    text = """Here are tests:
assert clamp(1, 0, 10) == 1
assert 0 == clamp(-5, 0, 10)
1. Input: clamp(20, 0, 10)
   Output: 10
Input: 4, 0, 3
Output: `3`
{"input": [2, 0, 10], "output": 2}
assert clamp(1, 0, 10) == 1
assert clamp(oops
Input: [unclosed
Output: 1
"""
    parsed = parse_tests(text, TASK)
    got = {(t.args, t.expected) for t in parsed.tests}
    assert got == {((1, 0, 10), 1), ((-5, 0, 10), 0), ((20, 0, 10), 10), ((4, 0, 3), 3),
                   ((2, 0, 10), 2)}
    assert len(parsed.errors) == 2  # the broken assert and the broken input pair


def test_parse_keeps_non_literal_asserts_as_assert_tests():
    parsed = parse_tests("assert clamp(*[1, 0, 2]) == 1\nassert other(1) == 2\n", TASK)
    assert [t.kind for t in parsed.tests] == [TestKind.ASSERT]
    assert any("does not call" in e for e in parsed.errors)


def test_format_roundtrips_through_parse():
    for task in (TASK, STDIO):
        tests = list(task.hidden_tests)
        parsed = parse_tests(format_tests(task, tests), task)
        assert [(t.kind, t.args, t.stdin, t.expected) for t in parsed.tests] == [
            (t.kind, t.args, t.stdin, t.expected) for t in tests]


def test_llm_tcg_validates_and_reports(sandbox):
    calls = []

    def fake_model(prompts, n):
        calls.append((prompts, n))
        return [["assert clamp(1, 0, 10) == 1\nassert clamp(50, 0, 10) == 50\n"
                 "assert clamp(-3, -5, 5) == -3"] * n for _ in prompts]

    tcg = LLMTCG(fake_model, sandbox=sandbox)
    report = tcg.generate_with_report(TASK, n=3)
    assert calls[0][1] == 1 and calls[0][0][0][1]["content"].count("def clamp") == 1
    assert [t.args for t in report.valid] == [(1, 0, 10), (-3, -5, 5)]
    assert len(report.invalid) == 1 and report.invalid[0][0].args == (50, 0, 10)
    assert "failed" in report.invalid[0][1]
    assert report.validity == pytest.approx(2 / 3)
    assert tcg.generate(TASK, n=1) == report.valid[:1]
    assert report.to_dict()["validity"] == pytest.approx(2 / 3)


def test_llm_tcg_accepts_generator_objects_and_no_reference(sandbox):
    class Gen:
        def __init__(self):
            self.prompts = None

        def generate(self, prompts, n=1, sampling=None):
            self.prompts = prompts

            class G:
                text = "Input:\n```\nhey\n```\nOutput:\n```\nHEY\n```\n"
            return [[G()] * n for _ in prompts]

    gen = Gen()
    tests = LLMTCG(gen, sandbox=sandbox, prompt_format="text").generate(STDIO, n=2)
    assert isinstance(gen.prompts[0], str)
    assert tests == [TestCase.stdio_case("hey\n", "HEY\n")]
    unchecked = LLMTCG(gen, sandbox=sandbox).generate_with_report(
        STDIO.with_changes(reference_solution=None), n=2)
    assert not unchecked.validated and unchecked.validity is None and len(unchecked.valid) == 1
    with pytest.raises(ValueError, match="prompt_format"):
        LLMTCG(gen, prompt_format="xml")
    with pytest.raises(TypeError):
        LLMTCG(42)


def _call(args, expected):
    return TestCase.call_case(args, expected)


def test_vote_keeps_the_value_most_samples_agree_on():
    samples = [
        [_call((1, 0, 2), 1), _call((5, 0, 2), 5), _call((9, 0, 2), 2)],
        [_call((5, 0, 2), 2), _call((1, 0, 2), 1), _call((1, 0, 2), 1)],  # a repeat votes once
        [_call((5, 0, 2), 2), _call((7, 0, 2), 2)],
    ]
    kept, support, outvoted = vote_tests(samples, min_agreement=2)
    # (1, 0, 2) -> 1 twice; (5, 0, 2) -> 2 beats 5 two to one; the rest were written once.
    assert [(t.args, t.expected) for t in kept] == [((1, 0, 2), 1), ((5, 0, 2), 2)]
    assert support == [2, 2]
    reasons = {(t.args, t.expected): why for t, why in outvoted}
    assert set(reasons) == {((5, 0, 2), 5), ((9, 0, 2), 2), ((7, 0, 2), 2)}
    assert "2 wrote another expected value" in reasons[((5, 0, 2), 5)]
    assert reasons[((9, 0, 2), 2)] == "1 of 3 samples wrote it; 2 needed"
    # At min_agreement 1 every input keeps its plurality value, most supported first.
    kept, support, _ = vote_tests(samples, min_agreement=1)
    assert [(t.args, t.expected) for t in kept] == [
        ((1, 0, 2), 1), ((5, 0, 2), 2), ((9, 0, 2), 2), ((7, 0, 2), 2)]
    assert support == [2, 2, 1, 1]
    # Tests are told apart by what they check, not by how they were written.
    reworded = [[TestCase.call_case((3, 0, 2), 2, origin="assert clamp(3,0,2) == 2")],
                [TestCase.call_case((3, 0, 2), 2, origin="assert 2 == clamp(3, 0, 2)")]]
    assert vote_tests(reworded, min_agreement=2)[1] == [2]
    # One sample: de-duplication by input, the first written kept.
    kept, _, outvoted = vote_tests([[_call((1, 0, 2), 1), _call((1, 0, 2), 0)]])
    assert [t.expected for t in kept] == [1] and [t.expected for t, _ in outvoted] == [0]
    with pytest.raises(ValueError, match="min_agreement"):
        vote_tests(samples, min_agreement=0)


def test_llm_tcg_votes_over_samples(sandbox):
    answers = iter([
        "assert clamp(1, 0, 10) == 1\nassert clamp(50, 0, 10) == 50\nassert clamp(4, 0, 3) == 3",
        "assert clamp(1, 0, 10) == 1\nassert clamp(50, 0, 10) == 10\nassert clamp(4, 0, 3) == 4",
        "assert clamp(1, 0, 10) == 1\nassert clamp(50, 0, 10) == 10\nassert clamp(8, 0, 9) == 8",
    ])
    calls = []

    def model(prompts, n):
        calls.append(n)
        return [[next(answers) for _ in range(n)] for _ in prompts]

    tcg = LLMTCG(model, sandbox=sandbox, votes=3, min_agreement=2)
    report = tcg.generate_with_report(TASK, n=3)
    assert calls == [3]  # one completion asked (3 tests), three sampled
    # clamp(50) == 50 lost 1 to 2 and clamp(4, 0, 3) split 1 to 1 (one vote short): never judged.
    assert [(t.args, t.expected) for t in report.parsed] == [((1, 0, 10), 1), ((50, 0, 10), 10)]
    assert report.support == [3, 2] and report.validity == 1.0 and len(report.outvoted) == 4
    assert report.to_dict()["support"] == [3, 2]
    with pytest.raises(ValueError, match="votes"):
        LLMTCG(model, votes=0)
    with pytest.raises(ValueError, match="min_agreement"):
        LLMTCG(model, votes=2, min_agreement=3)
    with pytest.raises(ValueError, match="temperature above 0"):
        LLMTCG(model, Sampling(temperature=0.0), votes=2)
    assert LLMTCG(model, Sampling(temperature=0.0)).votes == 1  # one greedy sample is fine


def test_metrics_hidden_vs_weak_tests(sandbox):
    weak = [TestCase.call_case((5, 0, 10), 5), TestCase.call_case((6, 0, 10), 999)]
    assert validity(TASK, weak, sandbox=sandbox) == 0.5
    q = evaluate_tests(TASK, weak, sandbox=sandbox, max_mutants=12)
    assert q.n_valid == 1 and q.validity == 0.5 and q.distinct_inputs == 2
    assert q.mutants > 3
    assert q.hidden_mutation_score is not None and q.mutation_score is not None
    assert q.hidden_mutation_score > q.mutation_score  # in-range only input kills fewer mutants
    assert q.coverage < q.hidden_coverage == 1.0
    s = summarize([q])
    assert s["tasks"] == 1 and s["validity"] == 0.5
    assert s["hidden_mutation_score"] == q.hidden_mutation_score


def test_line_coverage_counts_branches(sandbox):
    only_low = [TestCase.call_case((-1, 0, 10), None)]
    low = line_coverage(TASK, only_low, CLAMP, sandbox=sandbox)
    full = line_coverage(TASK, TASK.hidden_tests, CLAMP, sandbox=sandbox)
    assert low is not None and full == 1.0 and low < full
    assert line_coverage(STDIO, STDIO.hidden_tests, ECHO, sandbox=sandbox) == 1.0


def test_cli_samples_votes_completions_per_one_asked(tmp_path, capsys):
    from agents.generators.tiny import build_tiny_model
    from o1coder_cli.main import main as cli_main

    model = build_tiny_model(tmp_path / "tiny")
    out = tmp_path / "tests.jsonl"
    common = ["tcg", "generate", "--task-ids", "builtin/additive_persistence", "--generator",
              "hf", "--model", str(model), "--n", "3", "--max-new-tokens", "8",
              "--backend", "process", "--out", str(out)]
    assert cli_main([*common, "--votes", "3", "--min-agreement", "2"]) == 0
    report = json.loads(out.read_text())["report"]
    assert len(report["completions"]) == 3  # one completion asked, sampled three times
    # The random tiny model writes no parsable test, so the vote's own fields are checked for
    # presence here; their content is tested above on known completions.
    assert report["support"] == [] and report["parsed"] == [] and "outvoted" in report
    with pytest.raises(SystemExit, match="--min-agreement must be between 1 and --votes"):
        cli_main([*common, "--votes", "2", "--min-agreement", "3"])
    with pytest.raises(SystemExit, match="--temperature above 0"):
        cli_main([*common, "--votes", "2", "--temperature", "0"])
