#!/usr/bin/env python3
# Generates share/headroom/history-example.tsv.gz: four weeks of half-hourly
# series TSV of a made-up host "demo" with three services, with a daily and a
# weekly cycle, growth, noise, a file system filling up, a CPU-throttled
# database and a worker that is OOM-killed now and then. Deterministic (fixed
# seed), so the file is reproducible: python3 gen-history.py
import gzip, math, os, random

random.seed(20261122)
END = 1795305600            # 2026-11-22T00:00:00Z
STEP = 1800
N = 28 * 86400 // STEP
start = END - N * STEP
GiB = 1024 ** 3
out = []

def daily(t, peak_hour=14):
    h = (t % 86400) / 3600.0
    return 0.5 + 0.5 * math.cos((h - peak_hour) / 24 * 2 * math.pi)

def weekly(t):
    wd = ((t // 86400) + 3) % 7      # 0 = Monday (1970-01-01 was a Thursday)
    return 0.55 if wd >= 5 else 1.0

def put(t, name, v):
    out.append("%d\t%s\t%s" % (t, name, "%d" % v if float(v).is_integer() else "%.6g" % v))

svc = {
    "api":    dict(cores=1.6, amp=1.8, limit=4.0, mem=3.2 * GiB, memamp=0.8 * GiB, memlim=8 * GiB),
    "db":     dict(cores=1.1, amp=0.9, limit=2.0, mem=9.5 * GiB, memamp=0.6 * GiB, memlim=12 * GiB),
    "worker": dict(cores=0.5, amp=0.6, limit=None, mem=2.4 * GiB, memamp=0.8 * GiB, memlim=4 * GiB),
}
ooms = 0
for i in range(N):
    t = start + (i + 1) * STEP
    age = (t - start) / 86400.0            # days since the start
    growth = 1 + 0.012 * age               # about 8 % a week
    load = daily(t) * weekly(t)
    total_cores = 0
    for name, s in svc.items():
        cg = "{cgroup=/system.slice/%s.service,host=demo}" % name
        want = (s["cores"] * 0.35 + s["amp"] * load) * growth * random.uniform(0.85, 1.15)
        used = min(want, s["limit"]) if s["limit"] else want
        total_cores += used
        put(t, "cgroup.cpu.cores" + cg, round(used, 3))
        if s["limit"]:
            put(t, "cgroup.cpu.limit_cores" + cg, s["limit"])
            thr = 0 if want < 0.8 * s["limit"] else min(100, (want / s["limit"] - 0.8) * 150)
            put(t, "cgroup.cpu.throttled_pct" + cg, round(thr, 2))
        mem = s["mem"] * (1 + 0.004 * age) + s["memamp"] * load * random.uniform(0.9, 1.1)
        peak = mem * random.uniform(1.0, 1.08)
        kills = 0
        if name == "worker" and peak > 0.92 * s["memlim"]:
            peak = s["memlim"]
            kills = 1
            ooms += 1
        put(t, "cgroup.mem.bytes" + cg, int(min(mem, s["memlim"])))
        put(t, "cgroup.mem.peak_bytes" + cg, int(min(peak, s["memlim"])))
        put(t, "cgroup.mem.limit_bytes" + cg, int(s["memlim"]))
        put(t, "cgroup.mem.oom_kills" + cg, kills)
    h = "{host=demo}"
    put(t, "cpu.online_cpus" + h, 8)
    put(t, "cpu.util" + h, round(min(100, (total_cores + 0.3) / 8 * 100 * random.uniform(0.95, 1.05)), 2))
    put(t, "psi.cpu.some_pct" + h, round(max(0, (total_cores / 8 - 0.35) * 30 * random.uniform(0.6, 1.4)), 2))
    put(t, "mem.total_bytes" + h, 32 * GiB)
    put(t, "mem.used_bytes" + h, int((17.5 + 0.05 * age + 3 * load * random.uniform(0.9, 1.1)) * GiB))
    fs_used = 312e9 + 2.6e9 * age + 1.5e9 * daily(t, 3) + random.uniform(-2e8, 2e8)
    put(t, "fs.size_bytes{host=demo,mount=/}", 500e9)
    put(t, "fs.used_bytes{host=demo,mount=/}", int(fs_used))
    put(t, "disk.read_bps{dev=sda,host=demo}", int(4e6 * load * growth * random.uniform(0.5, 1.5)))
    put(t, "disk.write_bps{dev=sda,host=demo}", int(9e6 * load * growth * random.uniform(0.5, 1.5)))

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "..", "..", "share", "headroom", "history-example.tsv.gz")
with gzip.GzipFile(path, "wb", mtime=0) as f:
    f.write(("# headroom example history: host 'demo', 4 weeks, every 30 minutes\n" +
             "\n".join(out) + "\n").encode())
print("%d points, %d OOM kills" % (len(out), ooms))
