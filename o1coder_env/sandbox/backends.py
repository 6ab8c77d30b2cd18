"""Backends: how a sandbox worker process is started (plain process, bubblewrap, docker).

Every backend runs the same worker (``_worker.py``) and speaks the same framed protocol; they
differ only in what surrounds the worker. :func:`resolve_backend` picks one for ``"auto"``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "BACKENDS",
    "BackendUnavailable",
    "WorkerSpec",
    "bwrap_available",
    "ensure_worker_bytecode",
    "resolve_backend",
    "start_worker_process",
    "worker_command",
    "worker_launch",
]

#: Backend names accepted by :class:`~o1coder_env.sandbox.Sandbox` (plus ``"auto"``).
BACKENDS: tuple[str, ...] = ("process", "bwrap", "docker")

SANDBOX_DIR = Path(__file__).resolve().parent
WORKER_SCRIPT = SANDBOX_DIR / "_worker.py"
#: Where the box sees the sandbox's own code and its work directory (bwrap and docker).
BOX_CODE = "/o1box"
BOX_WORK = "/work"


def worker_launch(code_dir: str) -> list[str]:
    """The interpreter arguments that run the worker from ``code_dir`` (where the box sees it).

    The worker is imported, not run as a script: a script is compiled from source at every
    start, and the compiler's garbage stays in the worker's heap, so every run's fork copies
    and every run's exit unmaps ~3 MB more (measured: the zygote's anonymous memory 11.4 MB ->
    8.4 MB, faults per run ~500 -> ~480). The import reads the bytecode that
    :func:`ensure_worker_bytecode` keeps next to the source (``-B`` only stops writing it);
    without one it compiles the source, as a script would.
    """
    boot = f"import sys; sys.path.insert(0, {code_dir!r}); import _worker; _worker.main()"
    return ["-c", boot]


def ensure_worker_bytecode() -> None:
    """Write ``_worker.py``'s bytecode to its ``__pycache__`` if it is missing or stale.

    Installers usually leave it there already; an editable checkout gets it on the first
    sandbox. Where the folder is read-only, workers compile the source (slower, never wrong).
    """
    import importlib.util
    import py_compile

    cached = importlib.util.cache_from_source(str(WORKER_SCRIPT))
    try:
        source = os.stat(WORKER_SCRIPT)
        with open(cached, "rb") as fh:
            header = fh.read(16)
        # What the import system checks (PEP 552, timestamp-based): magic, flags, the
        # source's mtime and size.
        if header == importlib.util.MAGIC_NUMBER + bytes(4) + struct.pack(
                "<II", int(source.st_mtime) & 0xFFFFFFFF, source.st_size & 0xFFFFFFFF):
            return
    except OSError:
        pass  # no bytecode yet
    with contextlib.suppress(OSError, py_compile.PyCompileError):
        py_compile.compile(str(WORKER_SCRIPT), cfile=cached, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)


class BackendUnavailable(RuntimeError):
    """The requested backend cannot start here; the message says why."""


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs: its index, private directory, uid/gid to drop to, and limits.

    ``fork_ahead``: fork each run's child one run ahead (see :class:`~o1coder_env.sandbox.Sandbox`).

    ``disk_mb``, ``memory_mb`` and ``max_processes`` size the box around the worker where the
    backend has one (tmpfs sizes; the docker container's memory and pids cgroup limits).
    """

    index: int
    root: str
    uid: int | None
    gid: int | None
    disk_mb: int = 64
    memory_mb: int = 1024
    max_processes: int = 16
    seccomp: bool = True
    landlock: bool = True
    fork_ahead: bool = False


def python_executable() -> str:
    """The real interpreter (not the venv's symlink): ``-I -S`` ignores the venv anyway."""
    return os.path.realpath(sys.executable)


def read_roots() -> list[str]:
    """What a child may read under landlock: the stdlib, shared libraries and a few devices."""
    stdlib = os.path.dirname(os.__file__)  # the base interpreter's, never a venv's
    roots = {stdlib + "/*"}  # "/*": every entry except site-packages (see _worker.py)
    libdir = sysconfig.get_config_var("LIBDIR")
    if libdir:
        roots.add(str(Path(libdir) / f"libpython{sys.version_info[0]}.{sys.version_info[1]}.so"))
    roots.update({"/usr/lib", "/lib", "/lib64", "/usr/lib64", "/etc/ld.so.cache",
                  "/etc/localtime", "/usr/share/zoneinfo", "/dev/null", "/dev/zero",
                  "/dev/urandom"})
    # Keep out directories that hold installed packages (benchmark data lives there).
    return sorted(roots)


def bwrap_available() -> str:
    """Return ``""`` when bubblewrap is installed and can create namespaces, else why not."""
    exe = shutil.which("bwrap")
    if exe is None:
        return "bubblewrap (bwrap) is not installed"
    try:
        proc = subprocess.run(
            [exe, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--", "/bin/true"],
            capture_output=True, timeout=10, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap failed to run: {exc}"
    if proc.returncode != 0:
        return f"bwrap cannot create namespaces here: {proc.stderr.decode(errors='replace')[:300]}"
    return ""


def resolve_backend(name: str) -> str:
    """Map ``"auto"`` to ``bwrap`` when it works here, else ``process``; validate the name."""
    if name == "auto":
        return "bwrap" if not bwrap_available() else "process"
    if name not in BACKENDS:
        raise ValueError(f"unknown sandbox backend {name!r}; expected auto or one of {BACKENDS}")
    return name


def _config(spec: WorkerSpec, root: str, in_container: bool = False,
            roots: list[str] | None = None) -> dict:
    return {
        "index": spec.index,
        "root": root,
        "uid": spec.uid,
        "gid": spec.gid,
        "seccomp": spec.seccomp,
        "landlock": spec.landlock,
        "read_roots": read_roots() if roots is None else roots,
        "in_container": in_container,
        "fork_ahead": spec.fork_ahead,
    }


def worker_command(backend: str, spec: WorkerSpec) -> list[str]:
    """The argv that starts one worker for ``backend``.

    Raises:
        BackendUnavailable: If the backend cannot run here.
    """
    import json

    python = python_executable()
    flags = ["-I", "-S", "-B"]
    ensure_worker_bytecode()
    if backend == "process":
        cfg = {**_config(spec, spec.root), "check_parent": True}
        return [python, *flags, *worker_launch(str(SANDBOX_DIR)), json.dumps(cfg)]
    if backend == "bwrap":
        why = bwrap_available()
        if why:
            raise BackendUnavailable(why)
        prefix = os.path.realpath(sys.base_prefix)
        # No user namespace when root: the worker must drop its children to a real uid (the
        # leased one), which a fresh user namespace would not map.
        userns = [] if os.geteuid() == 0 else ["--unshare-user"]
        argv = [shutil.which("bwrap") or "bwrap", *userns, "--unshare-ipc", "--unshare-pid",
                "--unshare-net", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent",
                "--new-session", "--ro-bind", "/usr", "/usr"]
        for link in ("/lib", "/lib64", "/bin", "/sbin"):
            if os.path.islink(link):
                argv += ["--symlink", os.readlink(link), link]
            elif os.path.isdir(link):
                argv += ["--ro-bind", link, link]
        for path in ("/etc/ld.so.cache", "/etc/localtime"):
            if os.path.exists(path):
                argv += ["--ro-bind", path, path]
        if not prefix.startswith("/usr/"):
            # The interpreter lives elsewhere (pyenv under /root...): bind just its prefix,
            # minus site-packages, which is hidden by an empty tmpfs.
            argv += ["--ro-bind", prefix, prefix]
            site = sysconfig.get_paths()["purelib"]
            base_site = os.path.join(prefix, os.path.relpath(site, sys.prefix))
            if os.path.isdir(base_site):
                argv += ["--tmpfs", base_site]
        argv += ["--ro-bind", str(SANDBOX_DIR), BOX_CODE, "--proc", "/proc", "--dev", "/dev",
                 "--size", str(spec.disk_mb << 20), "--tmpfs", "/tmp",
                 "--size", str(spec.disk_mb << 20), "--tmpfs", BOX_WORK,
                 "--chdir", BOX_WORK, "--setenv", "PATH", "/usr/bin:/bin",
                 "--unsetenv", "PYTHONPATH",
                 "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                 "--cap-add", "CAP_CHOWN",
                 "--cap-add", "CAP_KILL", "--cap-add", "CAP_DAC_OVERRIDE",
                 "--cap-add", "CAP_FOWNER"]
        roots = [r.replace(str(SANDBOX_DIR), BOX_CODE) for r in read_roots()]
        cfg = _config(spec, BOX_WORK, roots=roots)
        return [*argv, "--", python, *flags, *worker_launch(BOX_CODE), json.dumps(cfg)]
    if backend == "docker":
        raise BackendUnavailable(
            "docker workers are started through the Docker SDK, not an argv: "
            "use start_worker_process('docker', spec)")
    raise ValueError(f"unknown sandbox backend {backend!r}; expected one of {BACKENDS}")


def start_worker_process(backend: str, spec: WorkerSpec) -> Any:
    """Start one worker; a :class:`subprocess.Popen` (or, for docker, a Popen-like container).

    The result has ``stdin``/``stdout`` (framed protocol), ``stderr``, ``poll``, ``wait`` and
    ``kill``.

    Raises:
        BackendUnavailable: If the backend cannot run here (the message says why).
    """
    if backend == "docker":
        from o1coder_env.sandbox.docker_backend import start_container_worker

        return start_container_worker(spec)
    return subprocess.Popen(
        worker_command(backend, spec), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, close_fds=True, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
