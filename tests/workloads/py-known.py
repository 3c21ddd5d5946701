# SPDX-License-Identifier: GPL-3.0-or-later
# hr-sample's known-answer Python workload: phases with designed CPU shares,
# in functions whose names the tests look for. Runs on CPython 3.9 to 3.13.
#
#   py-known.py [--seconds S] PHASE...
#
# Each phase runs for S seconds (2 by default) of the process's CPU time, not
# of wall time, so that it gets as many samples on a loaded machine as on an
# idle one.
#
# phases  phase_a, phase_b, phase_c in turn: 10, 20 and 30 ms of this
#         thread's CPU time each round, shares 1:2:3
# alternate  alt_native (zlib.crc32 in C) and alt_python (a Python loop),
#         50 us of CPU time each, in turn: 50 % each
# deep    recurse 1,000 calls deep, spinning at the bottom
# asyncio two tasks, each awaiting outer_coro, which awaits inner_coro, which
#         spins for 1 ms
# cext    hash_part (hashlib.sha256), compress_part (zlib), json_part
#         (json.dumps): time in C extensions called from Python
# thread  thread_phase in a thread named worker-2, 20 ms of CPU time, then
#         main_phase in the main thread, 10 ms: shares 2:1
# unicode a function with a name and a file path beyond ASCII
import asyncio
import hashlib
import json
import sys
import threading
import time
import zlib

sys.setrecursionlimit(5000)


def spin_cpu(seconds):
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def phase_a():
    spin_cpu(0.010)


def phase_b():
    spin_cpu(0.020)


def phase_c():
    spin_cpu(0.030)


def run_phases(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        phase_a()
        phase_b()
        phase_c()


BLOCK = b"headroom" * 512


def alt_native(until):
    while time.thread_time() < until:
        zlib.crc32(BLOCK)


def alt_python(until):
    x = 0
    while time.thread_time() < until:
        for i in range(16):
            x += i
    return x


def alternate(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        alt_native(time.thread_time() + 50e-6)
        alt_python(time.thread_time() + 50e-6)


def recurse(n, until):
    if n == 0:
        while time.process_time() < until:
            pass
        return
    recurse(n - 1, until)


def deep(seconds):
    recurse(1000, time.process_time() + seconds)


async def inner_coro(until):
    while time.monotonic() < until:
        pass


async def outer_coro(end):
    while time.process_time() < end:
        await inner_coro(time.monotonic() + 0.001)
        await asyncio.sleep(0)


async def async_main(seconds):
    end = time.process_time() + seconds
    await asyncio.gather(outer_coro(end), outer_coro(end))


def run_asyncio(seconds):
    asyncio.run(async_main(seconds))


def hash_part(data):
    for _ in range(8):
        hashlib.sha256(data).digest()


def compress_part(data):
    zlib.compress(data, 6)


def json_part(obj):
    json.dumps(obj)


def cext(seconds):
    data = bytes(range(256)) * 256
    obj = {"key%d" % i: [i, str(i) * 3, {"x": i / 3}] for i in range(2000)}
    end = time.process_time() + seconds
    while time.process_time() < end:
        hash_part(data)
        compress_part(data)
        json_part(obj)


def thread_phase(go, done, end):
    while time.process_time() < end:
        go.wait()
        go.clear()
        spin_cpu(0.020)
        done.set()


def main_phase():
    spin_cpu(0.010)


def threads(seconds):
    go, done = threading.Event(), threading.Event()
    end = time.process_time() + seconds
    t = threading.Thread(target=thread_phase, args=(go, done, end), name="worker-2")
    t.daemon = True
    t.start()
    while time.process_time() < end:
        go.set()
        done.wait(1)
        done.clear()
        main_phase()
    go.set()
    t.join(2)


def café_crème(seconds):
    spin_cpu(seconds)


PHASES = {
    "phases": run_phases,
    "alternate": alternate,
    "deep": deep,
    "asyncio": run_asyncio,
    "cext": cext,
    "thread": threads,
    "unicode": café_crème,
}


def main():
    args = sys.argv[1:]
    seconds = 2.0
    if len(args) >= 2 and args[0] == "--seconds":
        seconds = float(args[1])
        args = args[2:]
    for name in args:
        if name not in PHASES:
            sys.exit("py-known.py: unknown phase '%s'; known: %s" % (name, " ".join(PHASES)))
    for name in args:
        print("%s %.6f start" % (name, time.monotonic()), flush=True)
        PHASES[name](seconds)
        print("%s %.6f end" % (name, time.monotonic()), flush=True)


main()
