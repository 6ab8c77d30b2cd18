"""Kernel confinement for the sandbox child: seccomp (no sockets) and landlock (fs allow-list).

Imported *inside the box* by ``_worker.py`` (``python -I -S``): standard library only. Both
mechanisms are applied through raw syscalls with :mod:`ctypes`, so no libseccomp is needed; each
is probed once in the worker and skipped (and reported as inactive) where the kernel lacks it.

seccomp: a classic-BPF filter that makes ``socket`` (every family: no network, no unix socket to
a host daemon) and a short list of dangerous syscalls (ptrace, process_vm_*, mount, bpf, keyctl,
perf_event_open, kexec, module loading, ...) fail with ``EPERM``; everything else is allowed.

landlock: the child may *write* only beneath its worker's private directory, and *read* only the
interpreter's standard library, the system's shared libraries and a few device files, so it
cannot read benchmark data in site-packages or the host's files (ABI >= 1; truncate from ABI 3).
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
from collections.abc import Sequence

__all__ = ["Confinement"]

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2

# BPF opcodes.
_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_RET_K = 0x06
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_SECCOMP_RET_KILL_PROCESS = 0x80000000
_EPERM = 1

# (audit arch, syscall numbers, landlock syscall numbers are the same on both).
_ARCHES = {
    "x86_64": (0xC000003E, {
        "socket": 41, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
        "mount": 165, "umount2": 166, "pivot_root": 155, "bpf": 321, "keyctl": 250,
        "add_key": 248, "request_key": 249, "perf_event_open": 298, "kexec_load": 246,
        "init_module": 175, "finit_module": 313, "delete_module": 176, "unshare": 272,
        "setns": 308, "userfaultfd": 323, "io_uring_setup": 425, "open_by_handle_at": 304,
        "swapon": 167, "reboot": 169, "chroot": 161,
    }),
    "aarch64": (0xC00000B7, {
        "socket": 198, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
        "mount": 40, "umount2": 39, "pivot_root": 41, "bpf": 280, "keyctl": 219,
        "add_key": 217, "request_key": 218, "perf_event_open": 241, "kexec_load": 104,
        "init_module": 105, "finit_module": 273, "delete_module": 106, "unshare": 97,
        "setns": 268, "userfaultfd": 282, "io_uring_setup": 425, "open_by_handle_at": 265,
        "swapon": 224, "reboot": 142, "chroot": 51,
    }),
}

_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1

# landlock access rights (fs).
_EXECUTE = 1 << 0
_WRITE_FILE = 1 << 1
_READ_FILE = 1 << 2
_READ_DIR = 1 << 3
_REMOVE_DIR = 1 << 4
_REMOVE_FILE = 1 << 5
_MAKE_CHAR = 1 << 6
_MAKE_DIR = 1 << 7
_MAKE_REG = 1 << 8
_MAKE_SOCK = 1 << 9
_MAKE_FIFO = 1 << 10
_MAKE_BLOCK = 1 << 11
_MAKE_SYM = 1 << 12
_REFER = 1 << 13  # ABI 2
_TRUNCATE = 1 << 14  # ABI 3
_IOCTL_DEV = 1 << 15  # ABI 5

_READ_ACCESS = _EXECUTE | _READ_FILE | _READ_DIR

# landlock scopes (ABI 6): a process may signal only processes of its own domain or one nested
# in it, so a run cannot signal the zygote or the worker that supervise it.
_SCOPE_SIGNAL = 1 << 1


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


class _Fprog(ctypes.Structure):
    """``struct sock_fprog``: a seccomp filter's length (in instructions) and address."""

    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


class Confinement:
    """Probe and apply seccomp and landlock; one instance per worker, applied in each child.

    Args:
        write_root: The directory tree the child may write to (the worker's private directory;
            file permissions confine each run to its own run directory inside it).
        read_roots: Directory trees (or files) the child may read and execute.
        list_roots: Directories the child may list (names only, not read files in).
        use_seccomp: Try to install the socket-refusing seccomp filter.
        use_landlock: Try to restrict the filesystem with landlock.
    """

    def __init__(self, write_root: str, read_roots: Sequence[str],
                 list_roots: Sequence[str] = (), *, use_seccomp: bool = True,
                 use_landlock: bool = True) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._libc.syscall.restype = ctypes.c_long
        self.seccomp_program: bytes | None = self._build_seccomp() if use_seccomp else None
        # The filter in the struct prctl takes, built here once: each child only calls prctl.
        # The buffer is kept with it: the struct holds only its address.
        self._fprog: _Fprog | None = None
        self._fprog_buf: ctypes.Array[ctypes.c_char] | None = None
        if self.seccomp_program is not None:
            self._fprog_buf = ctypes.create_string_buffer(self.seccomp_program,
                                                          len(self.seccomp_program))
            self._fprog = _Fprog(len(self.seccomp_program) // 8,
                                 ctypes.addressof(self._fprog_buf))
        self.landlock_abi = self._landlock_abi() if use_landlock else 0
        # Built once per worker (hundreds of rules); each child only calls restrict_self.
        self._ruleset_fd = -1
        if self.landlock_abi > 0:
            self._ruleset_fd = self._build_ruleset(write_root, read_roots, list_roots)
            if self._ruleset_fd < 0:
                self.landlock_abi = 0
        self._shared = False  # set by apply_shared: the worker carries the shared layers
        self._landlocked = False
        self._run_layer_fd = -1  # the run-dir layer's ruleset, made ahead (prepare_run_layer)
        # The run-dir layer's syscall arguments, built once here: each child only fills in its
        # fds (every ctypes object a child creates costs it time and pages copied from the
        # zygote). struct landlock_ruleset_attr: handled_access_fs, handled_access_net (ABI 4),
        # scoped (ABI 6); an older kernel takes only the first field.
        write_rights = self._handled() & ~(_EXECUTE | _READ_FILE | _READ_DIR)
        scoped = self.landlock_abi >= 6
        self._run_attr = (ctypes.c_uint64 * 3)(write_rights, 0, _SCOPE_SIGNAL if scoped else 0)
        self._run_attr_args = (ctypes.c_void_p(ctypes.addressof(self._run_attr)),
                               ctypes.c_size_t(24 if scoped else 8), ctypes.c_uint32(0))
        self._run_rule = _PathBeneath(write_rights, -1)
        self._run_rule_ptr = ctypes.c_void_p(ctypes.addressof(self._run_rule))
        self._c_fd = ctypes.c_int(-1)
        self._c_rule_kind = ctypes.c_int(_LANDLOCK_RULE_PATH_BENEATH)
        self._c_zero = ctypes.c_uint32(0)

    @property
    def active(self) -> dict[str, object]:
        """Which protections this instance applies (JSON-ready)."""
        return {"seccomp": self.seccomp_program is not None, "landlock_abi": self.landlock_abi,
                "signal_scope": self.landlock_abi >= 6}

    # --- seccomp -----------------------------------------------------------------------------
    def _build_seccomp(self) -> bytes | None:
        machine = platform.machine()
        if machine not in _ARCHES:
            return None
        arch, numbers = _ARCHES[machine]
        denied = sorted(set(numbers.values()))
        insns: list[tuple[int, int, int, int]] = [
            (_BPF_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
            (_BPF_JEQ_K, 1, 0, arch),  # right arch: skip the kill
            (_BPF_RET_K, 0, 0, _SECCOMP_RET_KILL_PROCESS),
            (_BPF_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
        ]
        if machine == "x86_64":
            # x32 ABI syscalls (nr | 0x40000000) would bypass the numbers below: kill them.
            insns.append((0x35, 0, 1, 0x40000000))  # JGE K
            insns.append((_BPF_RET_K, 0, 0, _SECCOMP_RET_KILL_PROCESS))
        for i, nr in enumerate(denied):
            remaining = len(denied) - i - 1
            # match -> jump over the remaining checks and the ALLOW to the ERRNO return
            insns.append((_BPF_JEQ_K, remaining + 1, 0, nr))
        insns.append((_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW))
        insns.append((_BPF_RET_K, 0, 0, _SECCOMP_RET_ERRNO | _EPERM))
        return b"".join(struct.pack("=HBBI", *ins) for ins in insns)

    def _apply_seccomp(self) -> None:
        if self._fprog is None:
            return
        if self._libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(self._fprog), 0, 0):
            raise OSError(ctypes.get_errno(), "seccomp filter refused")

    # --- landlock ----------------------------------------------------------------------------
    def _landlock_abi(self) -> int:
        abi = self._libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                                 ctypes.c_uint32(_LANDLOCK_CREATE_RULESET_VERSION))
        return int(abi) if abi > 0 else 0

    def _handled(self) -> int:
        handled = (_EXECUTE | _WRITE_FILE | _READ_FILE | _READ_DIR | _REMOVE_DIR | _REMOVE_FILE
                   | _MAKE_CHAR | _MAKE_DIR | _MAKE_REG | _MAKE_SOCK | _MAKE_FIFO | _MAKE_BLOCK
                   | _MAKE_SYM)
        if self.landlock_abi >= 2:
            handled |= _REFER
        if self.landlock_abi >= 3:
            handled |= _TRUNCATE
        return handled

    def _build_ruleset(self, write_root: str, read_roots: Sequence[str],
                       list_roots: Sequence[str]) -> int:
        handled = self._handled()
        attr = ctypes.c_uint64(handled)  # struct landlock_ruleset_attr {u64 handled_access_fs}
        fd = int(self._libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr),
                                    ctypes.c_size_t(8), ctypes.c_uint32(0)))
        if fd < 0:
            return -1
        file_rights = _EXECUTE | _READ_FILE | _WRITE_FILE | _TRUNCATE
        rules = [(write_root, handled)] + [(p, _READ_ACCESS) for p in read_roots]
        rules += [(p, _READ_DIR) for p in list_roots]
        for path, access in rules:
            try:
                pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    # A rule on a file may only carry file rights.
                    access &= file_rights
                rule = _PathBeneath(access & handled, pfd)
                if self._libc.syscall(_SYS_LANDLOCK_ADD_RULE, ctypes.c_int(fd),
                                      ctypes.c_int(_LANDLOCK_RULE_PATH_BENEATH),
                                      ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                    os.close(fd)
                    return -1
            finally:
                os.close(pfd)
        return fd

    @property
    def ruleset_fd(self) -> int:
        """The landlock ruleset fd (-1 when landlock is off); the child must keep it open."""
        return self._ruleset_fd

    def _apply_landlock(self) -> None:
        if self._ruleset_fd < 0:
            return
        if self._libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(self._ruleset_fd),
                              ctypes.c_uint32(0)) < 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
        os.close(self._ruleset_fd)

    def _restrict_writes_to(self, write_dir: str) -> None:
        """Stack a second landlock layer: writes only beneath ``write_dir`` (reads unchanged).

        The worker's ruleset lets a child write anywhere under the worker's directory, which is
        where every run dir lives. Where the worker and the program share a uid (the docker
        backend runs both as one unprivileged user), file permissions cannot keep one run from
        leaving files for the next in the parent directory; this layer does. It handles only the
        write rights, so it leaves the read rules of the first layer as they are, and costs
        three syscalls per child instead of rebuilding the worker's hundreds of rules.

        From landlock ABI 6 the layer also scopes signals: the run (and whatever it starts) can
        signal only processes of its own layer, never the zygote or the worker outside it (with
        a shared uid, docker's, it otherwise could kill the process that forks the runs).
        """
        fd, self._run_layer_fd = self._run_layer_fd, -1
        if fd < 0:
            fd = self._new_run_layer()
        syscall, c_fd = self._libc.syscall, self._c_fd
        try:
            pfd = os.open(write_dir, os.O_PATH | os.O_CLOEXEC | os.O_DIRECTORY)
            try:
                self._run_rule.parent_fd = pfd
                c_fd.value = fd
                if syscall(_SYS_LANDLOCK_ADD_RULE, c_fd, self._c_rule_kind, self._run_rule_ptr,
                           self._c_zero) < 0:
                    raise OSError(ctypes.get_errno(), "landlock_add_rule failed (run dir)")
            finally:
                os.close(pfd)
            if syscall(_SYS_LANDLOCK_RESTRICT_SELF, c_fd, self._c_zero) < 0:
                raise OSError(ctypes.get_errno(), "landlock_restrict_self failed (run dir)")
        finally:
            os.close(fd)

    def _new_run_layer(self) -> int:
        """A new ruleset for the run-dir layer (its rule, naming the run dir, comes later)."""
        fd = int(self._libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, *self._run_attr_args))
        if fd < 0:
            raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed (run dir layer)")
        return fd

    def prepare_run_layer(self) -> None:
        """Create the run-dir layer's ruleset now, before the run dir exists.

        Called by a child that waits for its run: :meth:`apply` then only adds the rule that
        names the run dir and restricts itself. The ruleset fd is close-on-exec (landlock makes
        it so) and :meth:`apply` closes it. A no-op unless the shared layer is on.
        """
        if self._shared and self._landlocked and self._run_layer_fd < 0:
            self._run_layer_fd = self._new_run_layer()

    # --- worker ------------------------------------------------------------------------------
    def apply_shared(self) -> None:
        """Apply what every child shares to the calling process (the worker), once.

        No new privileges, the landlock ruleset (reads: the allow-list; writes: the worker's
        directory) and the seccomp filter. A forked child inherits all three, so it only adds
        its own run-dir layer (:meth:`apply`): merging the read rules (hundreds) and installing
        the filter are no longer paid on every run. The worker needs nothing they refuse: it
        reads only through fds it opened before, and writes only run dirs in its directory.

        Raises:
            OSError: If a protection probed as available cannot be applied.
        """
        if self._libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
            raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS failed")
        self._landlocked = self._ruleset_fd >= 0
        self._apply_landlock()
        self._ruleset_fd = -1
        self._apply_seccomp()
        self._shared = True

    # --- child ---------------------------------------------------------------------------------
    def apply(self, write_dir: str | None = None) -> None:
        """Apply everything to the calling process (the child, after it dropped privileges).

        After :meth:`apply_shared` in the worker, only the run-dir layer is left to add.

        Args:
            write_dir: The run directory (``"."`` for the current one): with landlock on, writes
                are confined beneath it, not just beneath the worker's directory.

        Raises:
            OSError: If a protection that was probed as available cannot be applied; the child
                must then refuse to run the program.
        """
        if self._shared:
            if self._landlocked and write_dir is not None:
                self._restrict_writes_to(write_dir)
            return
        if self._libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
            raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS failed")
        landlocked = self._ruleset_fd >= 0
        self._apply_landlock()
        if landlocked and write_dir is not None:
            self._restrict_writes_to(write_dir)
        self._apply_seccomp()
