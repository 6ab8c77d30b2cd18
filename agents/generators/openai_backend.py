"""The ``openai`` backend: any OpenAI-compatible server (vLLM, llama.cpp server, Ollama, OpenAI).

    gen = OpenAIGenerator(base_url="http://127.0.0.1:8000/v1", model="Qwen2.5-Coder-7B-Instruct")
    out = gen.generate([Prompt(messages)], n=4, sampling=Sampling(stop=STEP_STOP))

* :class:`~agents.generators.base.Prompt` records go to ``POST {base_url}/chat/completions``;
  plain strings to ``POST {base_url}/completions``.
* Settings come from the arguments, else the environment: ``OPENAI_BASE_URL``,
  ``OPENAI_API_KEY`` (optional: local servers need none), ``O1CODER_MODEL``.
* One request per prompt, at most ``concurrency`` in flight (a thread pool). ``n`` samples are
  asked in one request; a server that returns fewer choices (llama.cpp, Ollama ignore ``n``) is
  asked again until there are ``n``.
* Retries: HTTP 429 and 5xx answers, connection errors and timeouts are retried up to
  ``max_retries`` times with exponential backoff (``backoff_s * 2**attempt``, or the server's
  ``Retry-After`` seconds when it sends them; never longer than ``max_backoff_s``). Other HTTP
  errors raise :class:`GeneratorHTTPError` at once, naming the status and the URL.
* ``logprob`` is the sum of the returned token log-probabilities when the server gives them
  (asked with ``logprobs``; pass ``request_logprobs=False`` for servers that reject it), else
  ``None``. Token counts come from the token log-probabilities when present, else from the
  response's ``usage`` (its completion tokens split evenly over the choices).
* Stop strings are sent to the server (at most 4, the OpenAI limit) and applied again on the
  client, so a server that ignores them still yields one step.

Only the standard library is used (``urllib``): no new dependency.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from agents.generators.base import (
    BudgetMeter,
    Generation,
    GeneratorBudget,
    Prompt,
    PromptLike,
    Sampling,
    as_prompt,
    check_n,
    truncate_at_stop,
)

__all__ = ["GeneratorHTTPError", "OpenAIGenerator"]

_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class GeneratorHTTPError(RuntimeError):
    """An HTTP request to the model server failed (after retries, when retryable).

    Attributes:
        status: The HTTP status, or ``None`` for a connection error or timeout.
        url: The URL that failed.
        body: The start of the server's answer.
    """

    def __init__(self, message: str, *, status: int | None, url: str, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.url = url
        self.body = body


class OpenAIGenerator:
    """Step generator for an OpenAI-compatible HTTP server.

    Args:
        base_url: The API root, e.g. ``http://127.0.0.1:8000/v1`` (default: ``OPENAI_BASE_URL``).
        model: The served model name (default: ``O1CODER_MODEL``).
        api_key: Bearer token (default: ``OPENAI_API_KEY``; none is sent when empty).
        timeout_s: Per-request timeout in seconds.
        max_retries: Retries of a retryable failure (0: no retry).
        backoff_s: First backoff delay; it doubles with each retry.
        max_backoff_s: Longest single wait between retries.
        concurrency: Most requests in flight at once.
        request_logprobs: Ask the server for token log-probabilities.
        send_top_k: Send ``Sampling.top_k`` as ``top_k`` (vLLM, llama.cpp accept it; OpenAI not).
        extra_body: More JSON fields to send with every request (server-specific options).

    Raises:
        ValueError: If no base URL or model is given (by argument or environment), or a numeric
            setting is out of range.
    """

    backend = "openai"

    def __init__(self, base_url: str | None = None, model: str | None = None, *,
                 api_key: str | None = None, timeout_s: float = 60.0, max_retries: int = 4,
                 backoff_s: float = 0.5, max_backoff_s: float = 30.0, concurrency: int = 8,
                 request_logprobs: bool = True, send_top_k: bool = False,
                 extra_body: dict[str, Any] | None = None) -> None:
        base_url = base_url or os.environ.get("OPENAI_BASE_URL")
        model = model or os.environ.get("O1CODER_MODEL")
        if not base_url:
            raise ValueError("the openai backend needs a base URL: pass base_url=... or set "
                             "OPENAI_BASE_URL (e.g. http://127.0.0.1:8000/v1)")
        if not model:
            raise ValueError("the openai backend needs a model name: pass model=... or set "
                             "O1CODER_MODEL")
        if timeout_s <= 0 or max_retries < 0 or backoff_s < 0 or concurrency < 1:
            raise ValueError("timeout_s must be > 0, max_retries >= 0, backoff_s >= 0 and "
                             f"concurrency >= 1; got {timeout_s}, {max_retries}, {backoff_s}, "
                             f"{concurrency}")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY", "")
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.concurrency = concurrency
        self.request_logprobs = request_logprobs
        self.send_top_k = send_top_k
        self.extra_body = dict(extra_body or {})
        self._meter = BudgetMeter()
        self.retries = 0  # retried requests so far (for tests and logs)
        self._retries_lock = threading.Lock()

    @property
    def budget(self) -> GeneratorBudget:
        """Spend so far (calls, prompt/completion tokens, wall time)."""
        return self._meter.budget

    def reset_budget(self) -> None:
        """Set the budget counters back to zero."""
        self._meter.reset()

    def generate(self, prompts: Sequence[PromptLike], n: int = 1,
                 sampling: Sampling | None = None) -> list[list[Generation]]:
        """Sample ``n`` completions for each prompt, ``concurrency`` requests at a time.

        Raises:
            GeneratorHTTPError: If a request fails for good.
        """
        check_n(n)
        sampling = sampling or Sampling()
        checked = [as_prompt(p) for p in prompts]
        with self._meter.timed() as results:
            if len(checked) <= 1 or self.concurrency == 1:
                rows = [self._one_prompt(p, n, sampling) for p in checked]
            else:
                with ThreadPoolExecutor(max_workers=min(self.concurrency, len(checked))) as pool:
                    rows = list(pool.map(lambda p: self._one_prompt(p, n, sampling), checked))
            results.extend(rows)
        return results

    # --- one prompt -------------------------------------------------------------------------------

    def _one_prompt(self, prompt: PromptLike, n: int, sampling: Sampling) -> list[Generation]:
        out: list[Generation] = []
        attempt = 0
        while len(out) < n:
            body = self._body(prompt, n - len(out), sampling, attempt)
            chat = isinstance(prompt, Prompt)
            answer = self._post("/chat/completions" if chat else "/completions", body)
            choices = answer.get("choices") or []
            if not choices:
                raise GeneratorHTTPError(f"the server answered without choices: {answer!r:.300}",
                                         status=200, url=self.base_url)
            out.extend(self._parse(answer, chat, sampling))
            attempt += 1
        return out[:n]

    def _body(self, prompt: PromptLike, n: int, sampling: Sampling,
              attempt: int) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "n": n,
            "max_tokens": sampling.max_new_tokens,
            "temperature": sampling.temperature,
            "top_p": 1.0 if sampling.greedy else sampling.top_p,
        }
        if isinstance(prompt, Prompt):
            body["messages"] = prompt.messages
            if self.request_logprobs:
                body["logprobs"] = True
        else:
            body["prompt"] = prompt
            if self.request_logprobs:
                body["logprobs"] = 1
        if sampling.stop:
            body["stop"] = list(sampling.stop[:4])
        if sampling.seed is not None:
            # A refill request gets a different seed, or a seeded server repeats itself.
            body["seed"] = sampling.seed + attempt
        if self.send_top_k and sampling.top_k and not sampling.greedy:
            body["top_k"] = sampling.top_k
        body.update(self.extra_body)
        return body

    def _parse(self, answer: dict[str, Any], chat: bool,
               sampling: Sampling) -> list[Generation]:
        choices = answer["choices"]
        usage = answer.get("usage") or {}
        prompt_tokens = int(usage.get("prompt_tokens") or 0)
        total_completion = int(usage.get("completion_tokens") or 0)
        share, extra = divmod(total_completion, len(choices))
        gens = []
        for i, choice in enumerate(choices):
            if chat:
                text = (choice.get("message") or {}).get("content") or ""
                content = (choice.get("logprobs") or {}).get("content")
                token_logprobs = [t.get("logprob") for t in content] if content else None
            else:
                text = choice.get("text") or ""
                token_logprobs = (choice.get("logprobs") or {}).get("token_logprobs")
            kept, stopped = truncate_at_stop(text, sampling.stop)
            logprob: float | None = None
            if token_logprobs:
                values = [float(v) for v in token_logprobs if v is not None]
                logprob = sum(values)
                count = len(token_logprobs)
            else:
                count = share + (1 if i < extra else 0)
            reason = choice.get("finish_reason") or "stop"
            finish = "stop" if stopped or reason != "length" else "length"
            gens.append(Generation(kept, prompt_tokens, count, logprob, finish))
        return gens

    # --- HTTP -------------------------------------------------------------------------------------

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        url = self.base_url + path
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        for attempt in range(self.max_retries + 1):
            request = urllib.request.Request(url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                    payload = response.read().decode("utf-8", "replace")
                try:
                    return json.loads(payload)
                except json.JSONDecodeError as exc:
                    raise GeneratorHTTPError(f"POST {url} answered non-JSON: {payload[:300]!r}",
                                             status=200, url=url, body=payload[:1000]) from exc
            except urllib.error.HTTPError as exc:
                text = exc.read().decode("utf-8", "replace")[:1000]
                retry = exc.code in _RETRY_STATUS and attempt < self.max_retries
                if not retry:
                    raise GeneratorHTTPError(
                        f"POST {url} failed with HTTP {exc.code} {exc.reason}"
                        f"{' after ' + str(attempt) + ' retries' if attempt else ''}: {text[:300]}",
                        status=exc.code, url=url, body=text) from exc
                self._sleep(attempt, exc.headers.get("Retry-After"))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt >= self.max_retries:
                    reason = getattr(exc, "reason", exc)
                    raise GeneratorHTTPError(
                        f"POST {url} failed: could not connect or timed out ({reason}) after "
                        f"{attempt} retries", status=None, url=url) from exc
                self._sleep(attempt, None)
        raise AssertionError("unreachable")  # the loop always returns or raises

    def _sleep(self, attempt: int, retry_after: str | None) -> None:
        with self._retries_lock:
            self.retries += 1
        delay = self.backoff_s * (2 ** attempt)
        if retry_after:
            with contextlib.suppress(ValueError):  # an HTTP date instead of seconds: ignore
                delay = max(0.0, float(retry_after))
        time.sleep(min(delay, self.max_backoff_s))
