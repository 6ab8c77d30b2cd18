"""The openai backend against a real HTTP server on 127.0.0.1 that speaks the OpenAI format."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agents.generators import Prompt, Sampling, make_generator
from agents.generators.openai_backend import GeneratorHTTPError, OpenAIGenerator


class _State:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict, dict]] = []
        self.failures_left = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    state: _State

    def log_message(self, *args):  # keep the test output clean
        pass

    def _done(self) -> None:
        # A request stops counting as in flight *before* its answer is written: the client
        # may send its next request as soon as it reads the answer, and counting until after
        # the write would see one request too many on a busy machine.
        if self.counted:
            self.counted = False
            with self.state.lock:
                self.state.in_flight -= 1

    def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
        self._done()
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        st = self.state
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with st.lock:
            st.requests.append((self.path, body, dict(self.headers)))
            st.in_flight += 1
            st.max_in_flight = max(st.max_in_flight, st.in_flight)
        self.counted = True
        try:
            self._answer(body)
        finally:
            self._done()

    def _answer(self, body: dict) -> None:
        st = self.state
        model = body["model"]
        if model == "auth":
            self._send(401, {"error": {"message": "invalid api key"}})
            return
        if model == "flaky":
            with st.lock:
                fail = st.failures_left > 0
                st.failures_left -= 1
            if fail:
                self._send(500, {"error": {"message": "overloaded"}}, {"Retry-After": "0"})
                return
        if model == "slow":
            time.sleep(0.3)
        n = 1 if model == "single" else body.get("n", 1)
        seed = body.get("seed", 0)
        choices = []
        for i in range(n):
            text = f"step {i} seed {seed} ### Step 9 tail"
            if self.path.endswith("/chat/completions"):
                choice = {"index": i, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": text}}
                if body.get("logprobs"):
                    choice["logprobs"] = {"content": [{"token": "a", "logprob": -0.5},
                                                      {"token": "b", "logprob": -0.25}]}
            else:
                choice = {"index": i, "finish_reason": "length", "text": "raw " + body["prompt"],
                          "logprobs": {"token_logprobs": [-1.0, -1.0, -1.0]}}
            choices.append(choice)
        self._send(200, {"id": "x", "object": "chat.completion", "choices": choices,
                         "usage": {"prompt_tokens": 7, "completion_tokens": 5 * n}})


@pytest.fixture()
def server():
    state = _State()
    handler = type("H", (_Handler,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", state
    finally:
        httpd.shutdown()
        httpd.server_close()


CHAT = Prompt([{"role": "user", "content": "hi"}], task_id="t/1")


def test_chat_samples_logprobs_usage_and_stop(server):
    url, state = server
    gen = OpenAIGenerator(url, "ok", api_key="sk-test")
    [row] = gen.generate([CHAT], n=3, sampling=Sampling(seed=5, stop=("\n### Step", " ### Step"),
                                                         top_k=7))
    assert [g.text for g in row] == ["step 0 seed 5", "step 1 seed 5", "step 2 seed 5"]
    assert all(g.logprob == pytest.approx(-0.75) and g.completion_tokens == 2 for g in row)
    assert all(g.prompt_tokens == 7 and g.finish_reason == "stop" for g in row)
    path, body, headers = state.requests[0]
    assert path == "/v1/chat/completions"
    assert body["n"] == 3 and body["seed"] == 5 and body["messages"] == CHAT.messages
    assert body["stop"] == ["\n### Step", " ### Step"] and "top_k" not in body
    assert headers["Authorization"] == "Bearer sk-test"
    assert gen.budget.calls == 1 and gen.budget.completion_tokens == 6


def test_plain_prompt_goes_to_completions(server):
    url, state = server
    gen = OpenAIGenerator(url, "ok", send_top_k=True, api_key="")
    [[g]] = gen.generate(["def f():"], sampling=Sampling(top_k=7))
    assert g.text == "raw def f():" and g.logprob == pytest.approx(-3.0)
    assert g.finish_reason == "length" and g.completion_tokens == 3
    path, body, headers = state.requests[0]
    assert path == "/v1/completions" and body["top_k"] == 7 and body["prompt"] == "def f():"
    assert "Authorization" not in headers


def test_500_then_200_is_retried(server):
    url, state = server
    state.failures_left = 2
    gen = OpenAIGenerator(url, "flaky", backoff_s=0.01)
    [[g]] = gen.generate([CHAT])
    assert g.text.startswith("step 0")
    assert gen.retries == 2 and len(state.requests) == 3


def test_401_fails_at_once_naming_status_and_url(server):
    url, state = server
    gen = OpenAIGenerator(url, "auth", backoff_s=0.01)
    with pytest.raises(GeneratorHTTPError, match="HTTP 401") as info:
        gen.generate([CHAT])
    assert info.value.status == 401
    assert info.value.url == url + "/chat/completions"
    assert "invalid api key" in str(info.value)
    assert len(state.requests) == 1


def test_retries_give_up_and_connection_errors_are_named(server):
    url, state = server
    state.failures_left = 10
    gen = OpenAIGenerator(url, "flaky", max_retries=2, backoff_s=0.0)
    with pytest.raises(GeneratorHTTPError, match=r"HTTP 500.*after 2 retries"):
        gen.generate([CHAT])
    assert len(state.requests) == 3
    dead = OpenAIGenerator("http://127.0.0.1:9/v1", "ok", max_retries=1, backoff_s=0.0,
                           timeout_s=2)
    with pytest.raises(GeneratorHTTPError, match="could not connect") as info:
        dead.generate([CHAT])
    assert info.value.status is None


def test_server_ignoring_n_is_asked_again(server):
    url, state = server
    gen = OpenAIGenerator(url, "single")
    [row] = gen.generate([CHAT], n=3, sampling=Sampling(seed=1, stop=(" ###",)))
    assert len(row) == 3 and len(state.requests) == 3
    assert [g.text for g in row] == ["step 0 seed 1", "step 0 seed 2", "step 0 seed 3"]


def test_concurrency_limit(server):
    url, state = server
    gen = OpenAIGenerator(url, "slow", concurrency=3)
    start = time.perf_counter()
    out = gen.generate([CHAT] * 6)
    elapsed = time.perf_counter() - start
    assert len(out) == 6 and all(len(row) == 1 for row in out)
    assert state.max_in_flight == 3
    assert elapsed < 6 * 0.3  # in parallel, not one after another


def test_settings_from_environment_and_errors(server, monkeypatch):
    url, _ = server
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("O1CODER_MODEL", "ok")
    gen = make_generator("openai")
    assert gen.base_url == url and gen.model == "ok"
    monkeypatch.delenv("OPENAI_BASE_URL")
    with pytest.raises(ValueError, match="OPENAI_BASE_URL"):
        OpenAIGenerator()
    monkeypatch.delenv("O1CODER_MODEL")
    with pytest.raises(ValueError, match="O1CODER_MODEL"):
        OpenAIGenerator(url)
    with pytest.raises(ValueError, match="concurrency"):
        OpenAIGenerator(url, "ok", concurrency=0)
