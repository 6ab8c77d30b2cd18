"""Would copying a run's pages with one ``madvise`` beat taking them as page faults? No.

Run alone, pinned to one CPU, with the worker's flags, from this folder::

    taskset -c 0 python -I -S prefault_probe.py
    taskset -c 0 python -I -S prefault_probe.py prefault

A warm interpreter holding the worker's preloads forks 1,000 children, each compiling and
running a small program. With ``prefault``, a probe child first runs the same program and reads
``/proc/self/pagemap`` for the private writable pages it made its own (present and exclusively
mapped: the copy-on-write copies); every later child calls ``madvise(MADV_POPULATE_WRITE)``
(Linux 5.14) on those ranges before the program, so the copies are made in one call per range
instead of one fault each. Printed: ms per child (fork to reap), faults per child and the
children's CPU.
"""

from __future__ import annotations

import ctypes
import os
import resource
import struct
import sys
import time

PRELOAD = ("typing", "collections", "math", "re", "itertools", "functools", "heapq", "bisect",
           "string", "copy", "fractions", "decimal", "hashlib", "operator", "array",
           "dataclasses", "enum", "io", "json")
PROGRAM = ("def f(xs):\n    return sorted(set(x * 2 for x in xs))\n"
           "assert f([3, 1, 2, 3]) == [2, 4, 6]\nimport json\njson.dumps({'a': [1, 2, 3]})\n")
MADV_POPULATE_WRITE = 23
PAGE = os.sysconf("SC_PAGE_SIZE")
libc = ctypes.CDLL(None, use_errno=True)
libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]


def private_writable() -> list[tuple[int, int, str]]:
    """This process's private writable mappings: start, end, name."""
    spans = []
    with open("/proc/self/maps") as fh:
        for line in fh:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if fields[1].startswith("rw") and fields[1][3] == "p":
                spans.append((start, end, fields[5] if len(fields) > 5 else ""))
    return spans


def own_pages() -> list[int]:
    """Pages present and exclusively mapped here (copied, or new since the fork)."""
    pages = []
    with open("/proc/self/pagemap", "rb") as fh:
        for start, end, name in private_writable():
            if name.startswith("[stack") or name.startswith("[v"):
                continue
            fh.seek(start // PAGE * 8)
            entries = fh.read((end - start) // PAGE * 8)
            for i, (entry,) in enumerate(struct.iter_unpack("<Q", entries)):
                if entry >> 63 & 1 and entry >> 56 & 1:
                    pages.append(start + i * PAGE)
    return pages


def probe_ranges() -> list[tuple[int, int]]:
    """The page ranges a child running PROGRAM copies, learnt from one probe child."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        exec(compile(PROGRAM, "program", "exec"), {})
        pages = own_pages()
        os.write(write_end, struct.pack(f"<{len(pages)}Q", *pages))
        os._exit(0)
    os.close(write_end)
    data = b""
    while chunk := os.read(read_end, 65536):
        data += chunk
    os.waitpid(pid, 0)
    mapped = private_writable()
    ranges: list[list[int]] = []
    for (page,) in sorted(struct.iter_unpack("<Q", data)):
        if not any(start <= page < end for start, end, _ in mapped):
            continue  # new in the child: nothing here to copy
        if ranges and ranges[-1][1] == page:
            ranges[-1][1] = page + PAGE
        else:
            ranges.append([page, page + PAGE])
    return [(start, end) for start, end in ranges]


def children(n: int, ranges: list[tuple[int, int]]) -> float:
    """Milliseconds per forked child that (pre-faults and) runs PROGRAM."""
    t0 = time.perf_counter()
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            for start, end in ranges:
                libc.madvise(start, end - start, MADV_POPULATE_WRITE)
            exec(compile(PROGRAM, "program", "exec"), {})
            os._exit(0)
        os.waitpid(pid, 0)
    return 1000 * (time.perf_counter() - t0) / n


def main() -> None:
    """Measure one way (plain, or ``prefault``) and print it."""
    for name in PRELOAD:
        __import__(name)
    ranges = probe_ranges() if sys.argv[1:] == ["prefault"] else []
    children(50, ranges)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ms = children(1000, ranges)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"{'prefault' if ranges else 'plain':8s}: {len(ranges)} ranges, "
          f"{sum(e - s for s, e in ranges) // PAGE} pages; {ms:.3f} ms per child, "
          f"{(after.ru_minflt - before.ru_minflt) / 1000:.0f} faults per child, "
          f"children's CPU {cpu:.3f} ms each")


if __name__ == "__main__":
    main()
