# A synthetic Kubernetes cluster as Prometheus would have scraped it, in
# OpenMetrics for `promtool tsdb create-blocks-from openmetrics`: cAdvisor's
# container series, kube-state-metrics' requests, limits, OOM reasons and
# owners, and node_exporter's CPU and memory.
#
#   awk -v end=UNIX -v days=2 -v step=60 -v deployments=0 -v pods=2 -v nodes=2 \
#       -v demo=1 -f gen-k8s.awk
#
# demo=1 adds the cluster the CLI tests judge, in namespace "shop":
#   web      Deployment web (ReplicaSet web-5f7c9), pods web-5f7c9-aaaaa and
#            web-5f7c9-bbbbb, container app: 0.2 cores of 1 requested (2 limit),
#            ~100 MiB of a 1 GiB request (2 GiB limit): over-provisioned
#   db-0     StatefulSet db, container postgres: 0.95 cores of a 1-core limit,
#            throttled 30 % of periods, ~900 MiB of 1 GiB, one OOM kill
#            (container_oom_events_total, and kube-state-metrics' reason) half-way:
#            under-provisioned
#   cache-0  StatefulSet cache, container redis: 0.1 cores requested, no CPU
#            limit, ~200 MiB of 256 MiB, terminated OOMKilled half-way
#            (kube-state-metrics' last terminated reason)
#   debug    a pod without an owner, container sh, without requests
# plus cAdvisor's pause container ("POD") and pod-level series (container="").
# deployments=N adds N Deployments "app-I" of `pods` pods each in namespace
# "load" (the benchmark's fleet). nodes=K adds node-1..K, 4 CPUs and 8 GiB each;
# nodegrow=M makes each node's used memory grow by M MiB a day.
function noise(i, k) { return ((i * 7919 + k * 104729 + i * k * 31) % 1000) / 1000 }
function ts(k) { return t0 + k * step }
function fam(name, type) { printf "# TYPE %s %s\n", name, type }

# Container c: its labels and figures.
function ctr(ns, pod, name, cpu, mem, jitter, rq_cpu, rq_mem, lim_cpu, lim_mem, thr, owner_kind, owner) {
	C++
	c_lab[C] = sprintf("namespace=\"%s\",pod=\"%s\",container=\"%s\"", ns, pod, name)
	c_pod[C] = sprintf("namespace=\"%s\",pod=\"%s\"", ns, pod)
	c_cpu[C] = cpu; c_mem[C] = mem; c_jit[C] = jitter; c_thr[C] = thr
	c_rqc[C] = rq_cpu; c_rqm[C] = rq_mem; c_lc[C] = lim_cpu; c_lm[C] = lim_mem
	c_ok[C] = owner_kind; c_on[C] = owner
}

function counter_family(name, what,    c, k, v) {
	fam(name, "counter")
	for (c = 1; c <= C; c++) {
		v = 0
		for (k = 0; k < n; k++) {
			if (what == "cpu") v += (c_cpu[c] + c_jit[c] * c_cpu[c] * noise(c, k)) * step
			else if (what == "periods") v += step * 10
			else if (what == "throttled") v += step * 10 * c_thr[c]
			else break
			printf "%s_total{%s} %.6f %d\n", name, c_lab[c], v, ts(k)
		}
	}
}

BEGIN {
	if (!step) step = 60
	if (!days) days = 2
	if (pods == "") pods = 2
	n = int(days * 86400 / step)
	t0 = end - (n - 1) * step
	half = int(n / 2)
	Mi = 1048576
	if (demo) {
		ctr("shop", "web-5f7c9-aaaaa", "app", 0.2, 100 * Mi, 0.25, 1, 1024 * Mi, 2, 2048 * Mi, 0, "ReplicaSet", "web-5f7c9")
		ctr("shop", "web-5f7c9-bbbbb", "app", 0.2, 100 * Mi, 0.25, 1, 1024 * Mi, 2, 2048 * Mi, 0, "ReplicaSet", "web-5f7c9")
		ctr("shop", "db-0", "postgres", 0.9, 900 * Mi, 0.05, 1, 1024 * Mi, 1, 1024 * Mi, 0.3, "StatefulSet", "db")
		ctr("shop", "cache-0", "redis", 0.1, 200 * Mi, 0.2, 0.1, 256 * Mi, "", 256 * Mi, 0, "StatefulSet", "cache")
		ctr("shop", "debug", "sh", 0.01, 10 * Mi, 0.5, "", "", "", "", 0, "", "")
	}
	for (d = 1; d <= deployments; d++)
		for (p = 1; p <= pods; p++)
			ctr("load", sprintf("app-%d-6b7c8-p%d", d, p), "main", 0.05 + (d % 20) * 0.05,
			    (64 + (d % 16) * 32) * Mi, 0.3, 1, 1024 * Mi, 2, 2048 * Mi, 0, "ReplicaSet",
			    sprintf("app-%d-6b7c8", d))

	counter_family("container_cpu_usage_seconds", "cpu")
	if (demo) {
		# The pause container and the pod's own cgroup: never sized.
		for (k = 0; k < n; k++) printf "container_cpu_usage_seconds_total{namespace=\"shop\",pod=\"db-0\",container=\"POD\"} %d %d\n", k * 600, ts(k)
		for (k = 0; k < n; k++) printf "container_cpu_usage_seconds_total{namespace=\"shop\",pod=\"db-0\",container=\"\"} %d %d\n", k * 600, ts(k)
	}
	fam("container_memory_working_set_bytes", "gauge")
	for (c = 1; c <= C; c++)
		for (k = 0; k < n; k++)
			printf "container_memory_working_set_bytes{%s} %.0f %d\n", c_lab[c],
			       c_mem[c] * (1 + c_jit[c] * 0.4 * noise(c, k)), ts(k)
	if (demo) {
		counter_family("container_cpu_cfs_periods", "periods")
		counter_family("container_cpu_cfs_throttled_periods", "throttled")
		fam("container_oom_events", "counter")
		for (k = 0; k < n; k++) printf "container_oom_events_total{%s} %d %d\n", c_lab[3], (k >= half), ts(k)
		fam("kube_pod_container_status_last_terminated_reason", "gauge")
		for (k = half; k < n; k++) printf "kube_pod_container_status_last_terminated_reason{%s,reason=\"OOMKilled\"} 1 %d\n", c_lab[4], ts(k)
		# The same kill as container 3's counter, from kube-state-metrics too.
		for (k = half; k < n; k++) printf "kube_pod_container_status_last_terminated_reason{%s,reason=\"OOMKilled\"} 1 %d\n", c_lab[3], ts(k)
	}
	split("requests limits", kinds, " ")
	for (j = 1; j <= 2; j++) {
		fam("kube_pod_container_resource_" kinds[j], "gauge")
		for (c = 1; c <= C; c++)
			for (r = 1; r <= 2; r++) {
				v = j == 1 ? (r == 1 ? c_rqc[c] : c_rqm[c]) : (r == 1 ? c_lc[c] : c_lm[c])
				if (v == "") continue
				for (k = 0; k < n; k += 5)
					printf "kube_pod_container_resource_%s{%s,resource=\"%s\",unit=\"%s\"} %.10g %d\n",
					       kinds[j], c_lab[c], r == 1 ? "cpu" : "memory", r == 1 ? "core" : "byte", v, ts(k)
			}
	}
	fam("kube_pod_owner", "gauge")
	for (c = 1; c <= C; c++) {
		if (c_on[c] == "" || seen[c_pod[c]]++) continue
		for (k = 0; k < n; k += 5)
			printf "kube_pod_owner{%s,owner_kind=\"%s\",owner_name=\"%s\",owner_is_controller=\"true\"} 1 %d\n",
			       c_pod[c], c_ok[c], c_on[c], ts(k)
	}
	fam("kube_replicaset_owner", "gauge")
	for (c = 1; c <= C; c++) {
		if (c_ok[c] != "ReplicaSet" || rs[c_on[c]]++) continue
		dep = c_on[c]; sub(/-[^-]*$/, "", dep)
		split(c_lab[c], l, ",")
		for (k = 0; k < n; k += 5)
			printf "kube_replicaset_owner{%s,replicaset=\"%s\",owner_kind=\"Deployment\",owner_name=\"%s\",owner_is_controller=\"true\"} 1 %d\n",
			       l[1], c_on[c], dep, ts(k)
	}
	if (nodes) {
		fam("node_cpu_seconds", "counter")
		for (h = 1; h <= nodes; h++)
			for (cpu = 0; cpu < 4; cpu++)
				for (m = 0; m < 2; m++) {
					v = 0
					for (k = 0; k < n; k++) {
						busy = (0.25 + 0.1 * h) * (1 + 0.2 * noise(h * 10 + cpu, k))
						v += (m ? busy : 1 - busy) * step
						printf "node_cpu_seconds_total{instance=\"node-%d:9100\",cpu=\"%d\",mode=\"%s\"} %.3f %d\n",
						       h, cpu, m ? "user" : "idle", v, ts(k)
					}
				}
		fam("node_memory_MemTotal_bytes", "gauge")
		for (h = 1; h <= nodes; h++)
			for (k = 0; k < n; k++) printf "node_memory_MemTotal_bytes{instance=\"node-%d:9100\"} %.0f %d\n", h, 8192 * Mi, ts(k)
		fam("node_memory_MemAvailable_bytes", "gauge")
		for (h = 1; h <= nodes; h++)
			for (k = 0; k < n; k++) printf "node_memory_MemAvailable_bytes{instance=\"node-%d:9100\"} %.0f %d\n", h, ((8192 - 2048 * h) * (1 - 0.1 * noise(h, k)) - nodegrow * (k * step / 86400)) * Mi, ts(k)
	}
	print "# EOF"
}
