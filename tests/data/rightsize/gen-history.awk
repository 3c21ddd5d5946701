# Generates series TSV histories of known answers for hr-rightsize's tests,
# benchmark and demo: deterministic (a fixed linear congruential generator),
# three columns (TIMESTAMP SERIES VALUE), doc/DESIGN.md's cgroup.* names.
#
#   awk -v kind=steady -v days=14 -v step=300 -f gen-history.awk
#
# Variables: kind (see below), cg (the cgroup path), start (Unix seconds),
# days, step (seconds), seed, and the shape's parameters: cpu (cores used),
# limit (CPU limit in cores, 0: none), mem (bytes used), memlimit (bytes,
# 0: none), leak (bytes per day, negative: shrinking), cpugrow (cores per day), throttled (percent), oom (kills at the
# middle of the history), noise (cores, uniform +-), gap (every gap-th day
# left out), only (only every only-th day kept), host (a host label).
#
# kinds:
#   steady   cpu +- noise, a daily swing of noise/2, flat memory
#   pinned   usage at the limit (0.99 .. 1.0 of it), throttled
#   leak     flat CPU, memory growing by leak per day from mem
#   spiky    cpu, and every 20th sample cpu * 4
#   host     the system series of a host of ncpu CPUs (cpu cores busy) and
#            memlimit bytes (mem used), with host label host when given
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function hlbl(name) { return host != "" ? name "{host=" host "}" : name }
function lbl(name) {
	return host != "" ? name "{cgroup=" cg ",host=" host "}" : name "{cgroup=" cg "}"
}
BEGIN {
	OFS = "\t"
	if (kind == "") kind = "steady"
	if (cg == "") cg = "/system.slice/app.service"
	if (start == "") start = 1767225600	# 2026-01-01T00:00:00Z
	if (days == "") days = 14
	if (step == "") step = 300
	if (seed == "") seed = 42
	if (cpu == "") cpu = 0.3
	if (limit == "") limit = 2
	if (mem == "") mem = 200 * 1048576
	if (memlimit == "") memlimit = 1073741824
	if (noise == "") noise = 0
	if (ncpu == "") ncpu = 8
	if (throttled == "") throttled = (kind == "pinned" ? 35 : 0)
	n = int(days * 86400 / step)
	for (i = 0; i < n; i++) {
		t = start + i * step
		if (gap > 0 && int((t - start) / 86400) % gap == gap - 1)
			continue
		if (only > 0 && int((t - start) / 86400) % only != 0)
			continue
		c = cpu
		if (kind == "pinned")
			c = limit * (0.99 + 0.01 * rnd())
		else if (noise > 0)
			c = cpu + noise * (2 * rnd() - 1) + noise / 2 * sin(2 * 3.14159265358979 * (t % 86400) / 86400)
		if (cpugrow != "")
			c += cpugrow * (t - start) / 86400
		if (kind == "spiky" && i % 20 == 0)
			c = cpu * 4
		if (c < 0) c = 0
		m = mem
		if (kind == "leak")
			m = mem + leak * (t - start) / 86400
		if (kind == "host") {
			printf "%d\t%s\t%.6f\n", t, hlbl("cpu.util"), 100 * c / ncpu
			printf "%d\t%s\t%.6f\n", t, "cpu.util{" (host != "" ? "host=" host "," : "") "mode=user}", 50 * c / ncpu
			printf "%d\t%s\t%d\n", t, hlbl("cpu.online_cpus"), ncpu
			printf "%d\t%s\t%.0f\n", t, hlbl("mem.used_bytes"), m
			printf "%d\t%s\t%.0f\n", t, hlbl("mem.total_bytes"), memlimit
			printf "%d\t%s\t%d\n", t, hlbl("vm.oom_kills"), (oom > 0 && i == int(n / 2)) ? oom : 0
			continue
		}
		printf "%d\t%s\t%.6f\n", t, lbl("cgroup.cpu.cores"), c
		if (limit > 0)
			printf "%d\t%s\t%s\n", t, lbl("cgroup.cpu.limit_cores"), limit
		printf "%d\t%s\t%s\n", t, lbl("cgroup.cpu.throttled_pct"), throttled
		printf "%d\t%s\t%.0f\n", t, lbl("cgroup.mem.bytes"), m
		printf "%d\t%s\t%.0f\n", t, lbl("cgroup.mem.peak_bytes"), m * 1.02
		if (memlimit > 0)
			printf "%d\t%s\t%.0f\n", t, lbl("cgroup.mem.limit_bytes"), memlimit
		printf "%d\t%s\t%d\n", t, lbl("cgroup.mem.oom_kills"), (oom > 0 && i == int(n / 2)) ? oom : 0
	}
}
