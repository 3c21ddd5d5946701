# A Python workload with designed CPU shares, for hr-sample's Python frames.
# Each round runs six phases one after the other, only one thread on the CPU
# at a time, each for its share of the round:
#   phase_loop 15%      a plain Python loop
#   alt_a, alt_b 10%+10%  two functions that take turns every 50 microseconds
#   deep_leaf 15%       at the bottom of a recursion 1,000 deep
#   async_worker 15%    a coroutine on an asyncio event loop
#   c_ext 15%           hashlib and json: time in C code called from Python
#   thread_work 20%     a second thread, while the main one waits for it
# Usage: python-phases.py [SECONDS]  (total, default 4)
import asyncio
import hashlib
import json
import sys
import threading
import time

# CPU time of the calling thread: the shares hold on a busy machine too.
clock = time.thread_time


def phase_loop(secs):
    end = clock() + secs
    n = 0
    while clock() < end:
        for i in range(200):
            n += i * i
    return n


def alt_a(until):
    n = 0
    while clock() < until:
        n += 1
    return n


def alt_b(until):
    n = 0
    while clock() < until:
        n -= 1
    return n


def alternate(secs):
    end = clock() + secs
    while True:
        now = clock()
        if now >= end:
            break
        alt_a(min(now + 50e-6, end))
        now = clock()
        if now >= end:
            break
        alt_b(min(now + 50e-6, end))


def deep_leaf(secs):
    end = clock() + secs
    n = 0
    while clock() < end:
        for i in range(200):
            n += i
    return n


def recurse(depth, secs):
    if depth <= 1:
        return deep_leaf(secs)
    return recurse(depth - 1, secs) + 1


async def async_worker(secs):
    end = clock() + secs
    n = 0
    while clock() < end:
        for i in range(500):
            n += i
        await asyncio.sleep(0)
    return n


async def async_main(secs):
    # The two workers take turns on one thread: each runs until the thread
    # has spent secs in all.
    return await asyncio.gather(async_worker(secs), async_worker(secs))


def c_ext(secs):
    end = clock() + secs
    data = bytes(range(256)) * 4096
    doc = {"k%d" % i: [i, str(i), {"x": i * 0.5}] for i in range(2000)}
    while clock() < end:
        hashlib.sha256(data).hexdigest()
        json.loads(json.dumps(doc))


def thread_work(secs):
    end = clock() + secs
    n = 0
    while clock() < end:
        for i in range(200):
            n ^= i
    return n


def run_round(secs):
    phase_loop(0.15 * secs)
    alternate(0.20 * secs)
    recurse(1000, 0.15 * secs)
    asyncio.run(async_main(0.15 * secs))
    c_ext(0.15 * secs)
    t = threading.Thread(target=thread_work, args=(0.20 * secs,), name="phase-thread")
    t.start()
    t.join()


def main():
    total = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
    sys.setrecursionlimit(5000)
    rounds = 4
    for _ in range(rounds):
        run_round(total / rounds)


main()
