# SPDX-License-Identifier: GPL-3.0-or-later
# A stand-in for a Python service: each request is parsed (json), routed
# (re), checked (hashlib) and answered (json), in a main thread and a
# worker thread. hr-sample's demo, real-world test and benchmark profile it.
#
#   py-service.py [--seconds S | --requests N]
#
# With --requests it handles N requests and prints the wall and CPU seconds
# they took and the CPU seconds of the whole process ("work WALL CPU TOTAL"),
# for benchmarks.
import hashlib
import json
import re
import sys
import threading
import time

ROUTES = [
    (re.compile(r"^/users/(?P<id>\d+)$"), "user"),
    (re.compile(r"^/orders/(?P<id>\d+)/items(?:/(?P<item>\d+))?$"), "order"),
    (re.compile(r"^/search\?q=(?P<q>[\w%+-]+)$"), "search"),
]
QUERY = re.compile(r"(\w+)=([^&]*)")
SECRET = b"headroom-demo-key"


def parse_request(raw):
    return json.loads(raw)


def route(path, query):
    args = dict(QUERY.findall(query))
    for pattern, name in ROUTES:
        m = pattern.match(path)
        if m:
            return name, dict(m.groupdict(), **args)
    return "not_found", args


def sign_payload(body):
    h = hashlib.sha256(SECRET)
    for _ in range(20):
        h.update(body)
    return h.hexdigest()


def render_response(name, params, req):
    items = [{"n": i, "name": "item-%d" % i, "price": i * 1.5} for i in range(60)]
    return json.dumps({"route": name, "params": params, "user": req["user"], "items": items})


def handle(raw):
    req = parse_request(raw)
    name, params = route(req["path"], req["query"])
    body = render_response(name, params, req).encode()
    return sign_payload(body)


def requests(n, seed):
    paths = ["/users/%d" % seed, "/orders/%d/items/3" % seed, "/search?q=flame+graph",
             "/nowhere"]
    query = "&".join("arg%d=value-%d" % (k, k * seed) for k in range(40))
    cart = [{"sku": "sku-%05d" % k, "qty": k % 7, "note": "gift wrap"} for k in range(40)]
    for i in range(n):
        yield json.dumps({"path": paths[i % len(paths)], "query": query,
                          "user": {"id": i, "tags": ["a", "b"]}, "cart": cart})


def serve(n, seed):
    for raw in requests(n, seed):
        handle(raw)


def worker(stop):
    while not stop.is_set():
        serve(50, 2)


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--requests":
        t0, c0 = time.monotonic(), time.process_time()
        serve(int(args[1]), 1)
        c1 = time.process_time()
        print("work %.6f %.6f %.6f" % (time.monotonic() - t0, c1 - c0, c1), flush=True)
        return
    seconds = float(args[1]) if len(args) == 2 and args[0] == "--seconds" else 3.0
    stop = threading.Event()
    t = threading.Thread(target=worker, args=(stop,), name="worker-1")
    t.start()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        serve(50, 1)
    stop.set()
    t.join()


main()
