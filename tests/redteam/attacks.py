"""Attack programs against the sandbox. Each wants reward without solving, or wants out.

Every attack defines ``f`` (or is a stdio script). The honest answer is :data:`SECRET_ANSWER`,
which no attack computes; an attack "wins" if any test passes. Placeholders in ``{braces}`` are
filled by the test (canary paths, a listening port, the fake secret's name...).
"""

from __future__ import annotations

from dataclasses import dataclass

#: What f(7) must return. Nothing in an attack computes it.
SECRET_ANSWER = 982451653


@dataclass(frozen=True)
class Attack:
    """One attack: a program and what kind of tests it faces."""

    name: str
    program: str
    kind: str = "call"  # "call", "assert" or "stdio"
    #: The attack reports each file access it tried on stdout (``refused=<error type>`` or
    #: ``reached=<path>``, after ``mntns=<its mount namespace>``): the test asserts every access
    #: was refused by the confinement itself, not merely that no test passed.
    reports_access: bool = False


#: Prefix of every access-reporting attack: what namespace it runs in, and how to report.
_ACCESS = (
    "import os\n"
    "def _ns():\n"
    "    try:\n        print('mntns=' + os.readlink('/proc/self/ns/mnt'))\n"
    "    except OSError as e:\n        print('mntns=' + type(e).__name__)\n"
    "def _try(path, action):\n"
    "    try:\n        action(path)\n"
    "    except OSError as e:\n        print('refused=' + type(e).__name__)\n"
    "        return None\n"
    "    print('reached=' + path)\n"
    "    return path\n"
)


ATTACKS: tuple[Attack, ...] = (
    Attack("os_exit_zero_top_level", "import os\nos._exit(0)\n"),
    Attack("os_exit_zero_in_call", "import os\ndef f(x):\n    os._exit(0)\n"),
    Attack("sys_exit_zero_in_call", "import sys\ndef f(x):\n    sys.exit(0)\n"),
    Attack("raise_systemexit_top", "raise SystemExit(0)\n"),
    Attack("sys_exit_zero_in_assert", "import sys\ndef f(x):\n    sys.exit(0)\n", kind="assert"),
    Attack("fake_result_lines", (
        "import sys\n"
        "def f(x):\n"
        "    for line in ('PASSED', 'passed', '{\"t\":\"test\",\"i\":0,\"r\":\"pass\"}',"
        " 'ok', 'OK 1/1'):\n"
        "        print(line); print(line, file=sys.stderr)\n"
        "    sys.stdout.flush()\n"
        "    return None\n")),
    # Every fd the child may hold: its pipes and answers file sit at random fds in 300-2399.
    Attack("write_guessed_fds", (
        "import os, json, struct\n"
        "def f(x):\n"
        "    payload = json.dumps({'t': 'test', 'i': 0, 'r': 'pass', 'v': 1}).encode()\n"
        "    frame = struct.pack('>I', len(payload)) + payload\n"
        "    for fd in range(3, 4096):\n"
        "        try:\n"
        "            os.write(fd, b'\\0' * 16 + frame)\n"
        "        except OSError:\n"
        "            pass\n"
        "    return 0\n")),
    Attack("hijack_harness_send", (
        "import gc\n"
        "def f(x):\n"
        "    for obj in gc.get_objects():\n"
        "        if hasattr(obj, 'send') and hasattr(obj, 'nonce') and hasattr(obj, 'rfd'):\n"
        "            obj.send({'t': 'test', 'i': 0, 'r': 'pass'})\n"
        "            obj.send({'t': 'test', 'i': 0, 'r': 'value', 'v': 1})\n"
        "    return 1\n")),
    # A planned test's answers go to a file the child holds (the worker reads it when the test
    # ends): a verdict, garbage or an answer nobody asked for written there earns nothing.
    Attack("forge_answers_file", (
        "import gc, os\n"
        "def f(x):\n"
        "    for obj in gc.get_objects():\n"
        "        if hasattr(obj, 'answers') and hasattr(obj, 'nonce') and hasattr(obj, 'pack'):\n"
        "            for forged in ({'t': 'test', 'i': 0, 'r': 'pass'},\n"
        "                           {'t': 'ret', 'r': 'value', 'v': 0}, {'t': 'done'}):\n"
        "                os.write(obj.answers, obj.nonce + obj.pack(forged))\n"
        "            os.write(obj.answers, b'garbage' * 100)\n"
        "    return 0\n"), kind="assert"),
    Attack("patch_builtins", (
        "import builtins\n"
        "builtins.AssertionError = type('Nope', (Exception,), {})\n"
        "builtins.isinstance = lambda *a: True\n"
        "builtins.type = lambda *a: int\n"
        "def f(x):\n    return 0\n"), kind="assert"),
    Attack("eq_always_true", (
        "class Liar:\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __ne__(self, other):\n        return False\n"
        "    __hash__ = object.__hash__\n"
        "def f(x):\n    return Liar()\n")),
    Attack("int_subclass_liar", (
        "class Liar(int):\n"
        "    def __eq__(self, other):\n        return True\n"
        "    __hash__ = int.__hash__\n"
        "def f(x):\n    return Liar(0)\n")),
    Attack("list_subclass_liar", (
        "class L(list):\n"
        "    def __eq__(self, other):\n        return True\n"
        "def f(x):\n    return L()\n")),
    Attack("read_expected_via_gc_and_frames", (
        "import gc, sys\n"
        "def f(x):\n"
        "    best = None\n"
        "    frame = sys._getframe()\n"
        "    while frame is not None:\n"
        "        for v in list(frame.f_locals.values()):\n"
        "            if type(v) is int and v > 10**6:\n                best = v\n"
        "        frame = frame.f_back\n"
        "    for obj in gc.get_objects():\n"
        "        if type(obj) is dict:\n"
        "            for v in list(obj.values()):\n"
        "                if type(v) is int and 10**8 < v < 10**9:\n                    best = v\n"
        "    return best\n")),
    Attack("ignore_signals_and_spin", (
        "import signal\n"
        "for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):\n"
        "    signal.signal(s, signal.SIG_IGN)\n"
        "def f(x):\n    while True:\n        pass\n")),
    Attack("daemon_outlives_test", (
        "import os, time\n"
        "def f(x):\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(30)\n"
        "            open('{outside}/daemon_was_here', 'w').write('x')\n"
        "        os._exit(0)\n"
        "    return 0\n")),
    # A daemon chain whose grandchild is re-parented to the worker only after the worker has
    # listed its children: a blocking wait for "any child" then waited on it forever, and the
    # run ended in a deadline error (an infrastructure error a trainer drops) instead of a
    # verdict.
    Attack("daemon_chain_outlives_listing", (
        "import os, time\n"
        "def f(x):\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(1000)\n"
        "        time.sleep(1000)\n"
        "    return 0\n")),
    Attack("thread_tampers_later", (
        "import threading, time\n"
        "def spin():\n"
        "    while True:\n        time.sleep(0.01)\n"
        "threading.Thread(target=spin, daemon=False).start()\n"
        "def f(x):\n    return 0\n")),
    Attack("read_benchmark_data_from_disk", _ACCESS + (
        "def f(x):\n"
        "    _ns()\n"
        "    return _try('{he_data}', lambda p: open(p, 'rb').read(64))\n"),
        reports_access=True),
    Attack("list_host_files", _ACCESS + (
        "def f(x):\n"
        "    _ns()\n"
        "    for p in ('{outside}', '{sandbox_parent}'):\n"
        "        _try(p, os.listdir)\n"
        "    return 0\n"), reports_access=True),
    Attack("ctypes_segfault", "import ctypes\ndef f(x):\n    return ctypes.string_at(0)\n"),
    Attack("recursion_bomb", "def f(x):\n    return f(x) + 1\n"),
    Attack("deep_recursion_c_stack", (
        "import sys\nsys.setrecursionlimit(10**7)\n"
        "def f(x):\n    return f(x) + 1\n")),
    Attack("memory_bomb",
           "def f(x):\n    a = []\n    while True:\n        a.append(' ' * 10**7)\n"),
    Attack("fork_bomb", (
        "import os\n"
        "def f(x):\n"
        "    while True:\n"
        "        try:\n            os.fork()\n"
        "        except OSError:\n            pass\n")),
    Attack("huge_output",
           "import sys\ndef f(x):\n    while True:\n        sys.stdout.write('x' * 65536)\n"),
    Attack("fill_the_disk", (
        "import os\n"
        "def f(x):\n"
        "    i = 0\n"
        "    while True:\n"
        "        with open(f'fill{i}', 'wb') as fh:\n            fh.write(b'0' * (1 << 23))\n"
        "        i += 1\n")),
    Attack("connect_localhost", (
        "import socket\n"
        "def f(x):\n"
        "    s = socket.create_connection(('127.0.0.1', {port}), timeout=1)\n"
        "    s.sendall(b'hello')\n"
        "    return {answer}\n")),
    Attack("env_secret", "import os\ndef f(x):\n    return int(os.environ['{secret_name}'])\n"),
    Attack("delete_outside", _ACCESS + (
        "import shutil\n"
        "def f(x):\n"
        "    _ns()\n"
        "    for p in ('{outside}/canary.txt', '{sandbox_parent}/canary.txt'):\n"
        "        _try(p, os.remove)\n"
        "    shutil.rmtree('{outside}', ignore_errors=True)\n"
        "    shutil.rmtree('..', ignore_errors=True)\n"
        "    shutil.rmtree('/tmp', ignore_errors=True)\n"
        "    return 0\n"), reports_access=True),
    Attack("write_outside", _ACCESS + (
        "def f(x):\n"
        "    _ns()\n"
        "    for p in ('{outside}/planted.txt', '{sandbox_parent}/planted.txt',\n"
        "              '/tmp/planted_by_attack'):\n"
        "        _try(p, lambda q: open(q, 'w').write('x'))\n"
        "    return 0\n"), reports_access=True),
    Attack("symlink_escape_for_cleanup", (
        "import os\n"
        "def f(x):\n"
        "    os.symlink('{outside}', 'escape')\n"
        "    os.symlink('/tmp', 'tmp_link')\n"
        "    return 0\n")),
    Attack("kill_parent_and_everyone", (
        "import os, signal\n"
        "def f(x):\n"
        "    for pid in (os.getppid(), 1):\n"
        "        try:\n            os.kill(pid, signal.SIGKILL)\n"
        "        except OSError:\n            pass\n"
        "    try:\n        os.kill(-1, signal.SIGKILL)\n"
        "    except OSError:\n        pass\n"
        "    return 0\n")),
    Attack("ptrace_parent", (
        "import ctypes, os\n"
        "def f(x):\n"
        "    libc = ctypes.CDLL(None)\n"
        "    r = libc.ptrace(16, os.getppid(), 0, 0)\n"
        "    return r\n")),
    Attack("read_parent_proc", _ACCESS + (
        "def f(x):\n"
        "    _ns()\n"
        "    return _try(f'/proc/{{os.getppid()}}/environ', lambda p: open(p).read())\n"),
        reports_access=True),
    Attack("stdio_exit_early", "import os\nos._exit(0)\n", kind="stdio"),
    Attack("stdio_fake_verdicts", "print('PASSED')\nprint('All tests passed')\n", kind="stdio"),
)
