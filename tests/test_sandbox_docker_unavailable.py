"""The docker backend cannot start without an engine or image, and says why (runs everywhere)."""

from __future__ import annotations

import socket
import threading

import pytest

from o1coder_env.sandbox import BackendUnavailable, Sandbox, docker_available, docker_backend
from o1coder_env.sandbox.backends import resolve_backend


@pytest.fixture
def fresh_clients(monkeypatch):
    monkeypatch.setattr(docker_backend, "_CLIENTS", {})


def test_no_engine_at_docker_host_says_why(monkeypatch, tmp_path, fresh_clients):
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    with pytest.raises(BackendUnavailable, match=r"no Docker engine answers.*docker-setup\.sh"):
        Sandbox(backend="docker", workers=1)
    assert "no-engine.sock: no such socket" in docker_available()


def test_socket_that_is_not_an_engine_says_why(monkeypatch, tmp_path, fresh_clients):
    path = tmp_path / "not-docker.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(4)

    def answer_garbage() -> None:
        for _ in range(4):
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 500 Nope\r\nContent-Length: 4\r\n\r\nnope")
            conn.close()

    thread = threading.Thread(target=answer_garbage, daemon=True)
    thread.start()
    monkeypatch.setenv("DOCKER_HOST", f"unix://{path}")
    try:
        with pytest.raises(BackendUnavailable, match="no Docker engine answers") as info:
            Sandbox(backend="docker", workers=1)
        assert str(path) in str(info.value)
    finally:
        server.close()


def test_auto_never_picks_docker():
    assert resolve_backend("auto") in ("process", "bwrap")
