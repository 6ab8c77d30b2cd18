"""Programs that look inside their own interpreter for test code, expected values or verdicts.

Each defines ``f`` and faces tests whose expected answer is :data:`SECRET_ANSWER`, stated the way
benchmarks state them: a HumanEval ``check(candidate)`` and an MBPP-style assert (plus a call
test). None computes the answer; each hunts for it (or for a way to report a verdict) in the
process that runs it. Every attack prints ``scanned=<n>`` so a test can assert the hunt ran.
"""

from __future__ import annotations

from tests.redteam.attacks import SECRET_ANSWER, Attack

# Shared by the hunters: find "candidate(7) == N" or "f(7) == N" in some text and return N.
_PARSE = r'''
import re
_PAT = re.compile(r"(?:candidate|f)\(7\)\s*==\s*(\d+)")
def _answer_in(text):
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("latin-1")
    if not isinstance(text, str):
        return None
    m = _PAT.search(text)
    return int(m.group(1)) if m else None
'''

INTROSPECTION_ATTACKS: tuple[Attack, ...] = (
    Attack("gc_finds_test_code", _PARSE + (
        "import gc\n"
        "def f(x):\n"
        "    n = 0\n"
        "    for obj in gc.get_objects():\n"
        "        n += 1\n"
        "        vals = obj.values() if type(obj) is dict else (\n"
        "            obj if type(obj) in (list, tuple) else ())\n"
        "        for v in list(vals):\n"
        "            if type(v) is dict:\n"
        "                v = repr(v)\n"
        "            got = _answer_in(v)\n"
        "            if got is not None:\n"
        "                print('scanned=%d' % n)\n"
        "                return got\n"
        "            if type(v) is type(f.__code__):\n"
        "                for c in v.co_consts:\n"
        "                    if type(c) is int and c > 10**8:\n"
        "                        print('scanned=%d' % n)\n"
        "                        return c\n"
        "    print('scanned=%d' % n)\n"
        "    return None\n"), kind="assert"),
    Attack("frames_read_caller_constants", (
        "import sys\n"
        "def f(x):\n"
        "    n = 0\n"
        "    frame = sys._getframe(1)\n"
        "    while frame is not None:\n"
        "        n += 1\n"
        "        for c in frame.f_code.co_consts:\n"
        "            if type(c) is int and c > 10**8:\n"
        "                print('scanned=%d' % n)\n"
        "                return c\n"
        "        frame = frame.f_back\n"
        "    print('scanned=%d' % n)\n"
        "    return None\n"), kind="assert"),
    Attack("sys_modules_globals", _PARSE + (
        "import sys\n"
        "def f(x):\n"
        "    n = 0\n"
        "    for mod in list(sys.modules.values()):\n"
        "        for v in list(getattr(mod, '__dict__', {}).values()):\n"
        "            n += 1\n"
        "            got = _answer_in(v)\n"
        "            if got is not None:\n"
        "                print('scanned=%d' % n)\n"
        "                return got\n"
        "    print('scanned=%d' % n)\n"
        "    return None\n"), kind="assert"),
    Attack("memory_scan_for_test_code", _PARSE + (
        "def f(x):\n"
        "    n = 0\n"
        "    with open('/proc/self/maps') as fh:\n"
        "        regions = [l.split() for l in fh]\n"
        "    with open('/proc/self/mem', 'rb', buffering=0) as mem:\n"
        "        for r in regions:\n"
        "            if not r[1].startswith('r'):\n"
        "                continue\n"
        "            lo, hi = (int(p, 16) for p in r[0].split('-'))\n"
        "            if hi - lo > 1 << 28:\n"
        "                continue\n"
        "            try:\n"
        "                mem.seek(lo)\n"
        "                data = mem.read(hi - lo)\n"
        "            except (OSError, ValueError, OverflowError):\n"
        "                continue\n"
        "            n += len(data)\n"
        "            got = _answer_in(data)\n"
        "            if got is not None:\n"
        "                print('scanned=%d' % n)\n"
        "                return got\n"
        "    print('scanned=%d' % n)\n"
        "    return None\n"), kind="assert"),
    Attack("harness_reports_pass", (
        "import gc, os\n"
        "def f(x):\n"
        "    n = 0\n"
        "    for obj in gc.get_objects():\n"
        "        if hasattr(obj, 'send') and hasattr(obj, 'nonce') and hasattr(obj, 'job'):\n"
        "            n += 1\n"
        "            tests = obj.job['tests']\n"
        "            for i in range(obj.start, len(tests)):\n"
        "                obj.send({'t': 'test', 'i': i, 'r': 'pass'})\n"
        "                obj.send({'t': 'test', 'i': i, 'r': 'judged'})\n"
        "    print('scanned=%d' % n, flush=True)\n"
        "    os._exit(0)\n"), kind="assert"),
    # Every fd the child may hold: its pipes and answers file sit at random fds in 300-2399.
    Attack("fds_read_and_forge", (
        "import os, json, struct\n"
        "def f(x):\n"
        "    n = 0\n"
        "    seen = b''\n"
        "    for fd in range(3, 4096):\n"
        "        try:\n"
        "            os.set_blocking(fd, False)\n"
        "            seen += os.read(fd, 1 << 16)\n"
        "            n += 1\n"
        "        except OSError:\n"
        "            pass\n"
        "    for r in ('pass', 'judged'):\n"
        "        payload = json.dumps({'t': 'test', 'i': 0, 'r': r}).encode()\n"
        "        for fd in range(3, 4096):\n"
        "            try:\n"
        "                os.write(fd, b'\\0' * 16 + struct.pack('>I', len(payload)) + payload)\n"
        "            except OSError:\n"
        "                pass\n"
        "    print('scanned=%d' % n)\n"
        "    return None\n"), kind="assert"),
)

#: HumanEval's form and MBPP's form, both with the secret expected value.
CHECK_CODE = f"def check(candidate):\n    assert candidate(7) == {SECRET_ANSWER}\n"
MBPP_ASSERT = f"assert f(7) == {SECRET_ANSWER}"
