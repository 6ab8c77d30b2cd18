"""The ``docker`` backend: the sandbox worker inside a locked-down container (Docker SDK).

Each worker is one container of the image ``o1coder-sandbox:latest`` (built offline by
``scripts/docker-setup.sh``) running the worker from ``/o1box`` (``python3 -I -S -B -c "...import
_worker; _worker.main()" CONFIG``: see ``backends.worker_launch``), with:

* no network (``network_mode="none"``), a read-only root filesystem, tmpfs ``/work`` and ``/tmp``
  of ``disk_mb`` MiB, every capability dropped and ``no-new-privileges``;
* a non-root user (the worker's leased uid when the parent runs as root, else ``nobody``);
* cgroup limits: memory (``memory_mb`` + 256 MiB of headroom for the worker, no swap), pids
  (``max_processes`` + 16) and one CPU;
* the sandbox's own code bind-mounted read-only at ``/o1box`` (so the image never goes stale).

Transport: the container is created with stdin open and ``StdinOnce`` and attached *before* it
starts through the SDK's hijacked attach socket; stdin is the raw socket, while stdout and stderr
come back multiplexed (8-byte headers), so a small thread demultiplexes stdout into a pipe that the
parent's framed-protocol reader selects on, and keeps the tail of stderr for error messages.
:class:`ContainerProcess` looks like the part of :class:`subprocess.Popen` the sandbox uses. When
the parent dies, the socket closes, the worker reads EOF on stdin and exits, and the container
removes itself (``auto_remove``). The worker is PID 1 of the container, so its children (which
share its uid) cannot signal it away, and orphans re-parent to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import struct
import subprocess
import threading
from typing import Any

from o1coder_env._optional import require
from o1coder_env.sandbox.backends import (
    BOX_CODE,
    BOX_WORK,
    SANDBOX_DIR,
    BackendUnavailable,
    ensure_worker_bytecode,
    worker_launch,
)

__all__ = [
    "DEFAULT_HOSTS",
    "DEFAULT_IMAGE",
    "ContainerProcess",
    "docker_available",
    "docker_client",
    "start_container_worker",
]

#: Where an engine is looked for when ``DOCKER_HOST`` is unset (the setup script's socket first).
DEFAULT_HOSTS: tuple[str, ...] = ("unix:///run/o1coder-docker.sock", "unix:///var/run/docker.sock")
#: The image; ``O1CODER_DOCKER_IMAGE`` overrides it.
DEFAULT_IMAGE = "o1coder-sandbox:latest"
#: The interpreter inside the image.
BOX_PYTHON = "/usr/bin/python3"
#: What a child may read under landlock inside the image (nothing there but the OS and python3).
BOX_READ_ROOTS = ["/usr/lib", "/lib", "/lib64", "/usr/lib64", "/etc/ld.so.cache",
                  "/etc/localtime", "/usr/share/zoneinfo", "/dev/null", "/dev/zero",
                  "/dev/urandom"]
#: A container's memory beyond the program's own limit (the worker, its interpreter, tmpfs pages
#: are charged separately by size below).
_MEMORY_HEADROOM_MB = 256
_PIDS_HEADROOM = 16
_NOBODY = 65534
_STDERR_KEEP = 64 << 10
_SETUP_HINT = ("run `sudo scripts/docker-setup.sh` and export the DOCKER_HOST it prints "
               "(unix:///run/o1coder-docker.sock)")


def image_name() -> str:
    """The sandbox image: ``$O1CODER_DOCKER_IMAGE`` or :data:`DEFAULT_IMAGE`."""
    return os.environ.get("O1CODER_DOCKER_IMAGE") or DEFAULT_IMAGE


_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


def shared_client() -> Any:
    """One client per ``DOCKER_HOST`` value for this process (workers share its connection pool).

    Raises:
        BackendUnavailable: As :func:`docker_client`.
    """
    key = os.environ.get("DOCKER_HOST", "")
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            client = _CLIENTS[key] = docker_client()
        return client


def docker_client(timeout: float = 30.0) -> Any:
    """Connect to the first engine that answers a ping.

    ``$DOCKER_HOST`` when set (and nothing else), else :data:`DEFAULT_HOSTS` in order.

    Raises:
        BackendUnavailable: If the ``docker`` package is missing or no engine answers (the message
            lists every host tried and why it failed).
    """
    try:
        docker = require("docker", "docker", "the docker sandbox backend")
    except ImportError as exc:
        raise BackendUnavailable(str(exc)) from exc
    env_host = os.environ.get("DOCKER_HOST")
    hosts = [env_host] if env_host else list(DEFAULT_HOSTS)
    reasons = []
    for host in hosts:
        if host.startswith("unix://") and not os.path.exists(host[len("unix://"):]):
            reasons.append(f"{host}: no such socket")
            continue
        client = None
        try:
            client = docker.DockerClient(base_url=host, timeout=timeout)
            client.ping()
            return client
        except Exception as exc:  # the SDK raises many types (DockerException, requests errors)
            reasons.append(f"{host}: {type(exc).__name__}: {str(exc)[:200]}")
            if client is not None:
                with contextlib.suppress(Exception):
                    client.close()
    raise BackendUnavailable("no Docker engine answers (" + "; ".join(reasons) + "); "
                             + _SETUP_HINT)


def check_image(client: Any, image: str) -> None:
    """Raise :class:`BackendUnavailable` when ``image`` is not on the engine."""
    docker = require("docker", "docker")
    try:
        client.api.inspect_image(image)
    except docker.errors.ImageNotFound as exc:
        raise BackendUnavailable(
            f"the sandbox image {image!r} is not on the engine at {client.api.base_url}: "
            f"{_SETUP_HINT}") from exc
    except docker.errors.APIError as exc:
        raise BackendUnavailable(f"cannot inspect image {image!r}: {exc}") from exc


def docker_available() -> str:
    """``""`` when an engine answers and has the sandbox image, else the reason why not."""
    try:
        client = docker_client(timeout=10.0)
    except BackendUnavailable as exc:
        return str(exc)
    try:
        check_image(client, image_name())
    except BackendUnavailable as exc:
        return str(exc)
    finally:
        client.close()
    return ""


class _StdinSocket:
    """The write side of the attach socket (the worker's stdin)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def fileno(self) -> int:
        return self._sock.fileno()

    def close(self) -> None:
        # Half-close: with StdinOnce the engine then closes the worker's stdin (EOF -> it exits).
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_WR)


class _StderrTail:
    """The last :data:`_STDERR_KEEP` bytes of the worker's stderr."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._lock = threading.Lock()

    def add(self, data: bytes) -> None:
        with self._lock:
            self._buf += data
            del self._buf[:-_STDERR_KEEP]

    def read(self) -> bytes:
        with self._lock:
            return bytes(self._buf)

    def close(self) -> None:
        pass


class ContainerProcess:
    """A running worker container, with the slice of :class:`subprocess.Popen` the sandbox uses.

    ``stdin.fileno()`` is written with framed requests, ``stdout.fileno()`` is select()-ed and
    read, ``stderr.read()`` gives the worker's stderr tail; ``poll``/``wait``/``kill`` as Popen.
    """

    def __init__(self, client: Any, container_id: str, attach: Any) -> None:
        self.client = client
        self.container_id = container_id
        self._attach = attach  # keeps the hijacked HTTP response (and so the socket) alive
        sock = getattr(attach, "_sock", attach)
        if not isinstance(sock, socket.socket):
            raise BackendUnavailable(
                f"the docker backend needs a socket to the engine, got {type(sock).__name__} "
                f"(ssh:// and npipe hosts are not supported)")
        sock.settimeout(None)  # blocking fd: the parent os.write()s whole frames to it
        self._sock = sock
        self.stdin = _StdinSocket(sock)
        read_fd, self._out_w = os.pipe()
        os.set_blocking(self._out_w, False)
        self.stdout = os.fdopen(read_fd, "rb", buffering=0)
        self.stderr = _StderrTail()
        self.returncode: int | None = None
        self._closing = threading.Event()
        self._pump = threading.Thread(target=self._demux, daemon=True,
                                      name=f"o1coder-docker-{container_id[:12]}")
        self._pump.start()

    # --- stream demultiplexing ------------------------------------------------------------------
    def _recv_exact(self, n: int) -> bytes | None:
        chunks = []
        while n:
            try:
                data = self._sock.recv(min(n, 1 << 20))
            except OSError:
                return None
            if not data:
                return None
            chunks.append(data)
            n -= len(data)
        return b"".join(chunks)

    def _demux(self) -> None:
        try:
            while True:
                head = self._recv_exact(8)
                if head is None:
                    return
                stream, size = head[0], struct.unpack(">I", head[4:])[0]
                payload = self._recv_exact(size) if size else b""
                if payload is None:
                    return
                if stream == 1:
                    self._to_stdout(payload)
                elif stream == 2:
                    self.stderr.add(payload)
        finally:
            with contextlib.suppress(OSError):
                os.close(self._out_w)

    def _to_stdout(self, data: bytes) -> None:
        view = memoryview(data)
        while view and not self._closing.is_set():
            try:
                view = view[os.write(self._out_w, view):]
            except BlockingIOError:
                # The parent is not reading right now; wait, but give up once it kills us.
                select.select([], [self._out_w], [], 0.2)
            except OSError:
                return  # the parent closed its end

    # --- Popen-like ---------------------------------------------------------------------------
    def poll(self) -> int | None:
        """``None`` while the worker's output stream is open, else its exit status."""
        if self._pump.is_alive():
            return None
        if self.returncode is None:
            self.returncode = self._exit_status()
        return self.returncode

    def _exit_status(self) -> int:
        """The exit status, once the container is also gone (``auto_remove`` is asynchronous)."""
        api = self.client.api
        try:
            code = int(api.wait(self.container_id, timeout=5).get("StatusCode", -1))
        except Exception:  # already removed, or the engine is gone
            code = -9
        with contextlib.suppress(Exception):  # 404 at once when it is already gone
            api.wait(self.container_id, timeout=10, condition="removed")
        return code

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the worker's output ends; its exit status.

        Raises:
            subprocess.TimeoutExpired: If it is still running after ``timeout`` seconds.
        """
        self._pump.join(timeout)
        if self._pump.is_alive():
            raise subprocess.TimeoutExpired(f"container {self.container_id[:12]}", timeout or 0)
        code = self.poll()
        assert code is not None
        return code

    def kill(self) -> None:
        """Force-remove the container (kills the worker and everything in it); wait till gone."""
        self._closing.set()
        api = self.client.api
        with contextlib.suppress(Exception):  # gone already, or auto-removal in progress (409)
            api.remove_container(self.container_id, force=True)
        with contextlib.suppress(Exception):  # returns at once (404) when it is already gone
            api.wait(self.container_id, timeout=10, condition="removed")
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)


def _container_user(spec: Any) -> str:
    uid = spec.uid if spec.uid is not None else _NOBODY
    gid = spec.gid if spec.gid is not None else uid
    if uid == 0:
        raise BackendUnavailable("the docker backend never runs a worker as root (uid 0)")
    return f"{uid}:{gid}"


def start_container_worker(spec: Any, client: Any | None = None) -> ContainerProcess:
    """Create, attach to and start one worker container for ``spec`` (a ``WorkerSpec``).

    Raises:
        BackendUnavailable: If no engine answers, the image is missing or the engine refuses the
            container (the message says which).
    """
    docker = require("docker", "docker", "the docker sandbox backend")
    client = client or shared_client()
    image = image_name()
    check_image(client, image)
    user = _container_user(spec)
    uid, gid = user.split(":")
    ensure_worker_bytecode()
    # The worker is already unprivileged: it must not try to drop its children to another uid.
    cfg = {
        "index": spec.index, "root": BOX_WORK, "uid": None, "gid": None,
        "seccomp": spec.seccomp, "landlock": spec.landlock,
        "read_roots": BOX_READ_ROOTS, "in_container": True, "fork_ahead": spec.fork_ahead,
    }
    size = f"size={int(spec.disk_mb)}m"
    memory = (int(spec.memory_mb) + int(spec.disk_mb) * 2 + _MEMORY_HEADROOM_MB) << 20
    api = client.api
    host_config = api.create_host_config(
        network_mode="none",
        read_only=True,
        tmpfs={BOX_WORK: f"rw,nosuid,nodev,{size},mode=0700,uid={uid},gid={gid}",
               "/tmp": f"rw,nosuid,nodev,{size},mode=1777"},
        binds={str(SANDBOX_DIR): {"bind": BOX_CODE, "mode": "ro"}},
        cap_drop=["ALL"],
        security_opt=["no-new-privileges"],
        mem_limit=memory,
        memswap_limit=memory,  # no swap on top
        pids_limit=int(spec.max_processes) + _PIDS_HEADROOM,
        nano_cpus=1_000_000_000,
        auto_remove=True,
        init=False,  # the worker is PID 1: its children cannot signal it, orphans come to it
    )
    try:
        created = api.create_container(
            image,
            command=[BOX_PYTHON, "-I", "-S", "-B", *worker_launch(BOX_CODE), json.dumps(cfg)],
            user=user, working_dir=BOX_WORK, stdin_open=True, tty=False,  # StdinOnce too
            environment={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            labels={"o1coder.sandbox": "worker", "o1coder.parent_pid": str(os.getpid())},
            network_disabled=True, host_config=host_config,
        )
    except docker.errors.APIError as exc:
        raise BackendUnavailable(f"the engine refused the sandbox container: {exc}") from exc
    cid = created["Id"]
    try:
        attach = api.attach_socket(cid, params={"stdin": 1, "stdout": 1, "stderr": 1,
                                                "stream": 1})
        proc = ContainerProcess(client, cid, attach)
        api.start(cid)
    except BaseException as exc:
        with contextlib.suppress(Exception):
            api.remove_container(cid, force=True)
        if isinstance(exc, docker.errors.APIError):
            raise BackendUnavailable(f"the sandbox container did not start: {exc}") from exc
        raise
    return proc
