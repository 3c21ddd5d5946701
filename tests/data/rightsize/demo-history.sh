#!/bin/sh
# Prints the demo's two-week history of a small host as series TSV: an idle
# API, a worker pinned at its limit, a cache leaking memory, a busy web tier, a
# batch job, and the host itself. make demo and the README's tour read it.
gen=$(dirname "$0")/gen-history.awk
rs_gen() { awk -v step=600 -v days=14 "$@" -f "$gen"; }
rs_gen -v kind=steady -v cg=/system.slice/api.service -v cpu=0.35 -v noise=0.12 \
	-v limit=2 -v mem=314572800 -v memlimit=1073741824
rs_gen -v kind=pinned -v cg=/system.slice/worker.service -v limit=1 \
	-v mem=524288000 -v memlimit=805306368
rs_gen -v kind=leak -v cg=/system.slice/cache.service -v cpu=0.2 -v limit=1 \
	-v mem=419430400 -v leak=20971520 -v memlimit=1073741824
rs_gen -v kind=steady -v cg=/system.slice/web.service -v cpu=2.6 -v noise=0.5 \
	-v limit=4 -v mem=1610612736 -v memlimit=2147483648
rs_gen -v kind=spiky -v cg=/system.slice/batch.service -v cpu=0.5 -v limit=0 \
	-v mem=268435456 -v memlimit=0
rs_gen -v kind=host -v host=demo -v ncpu=8 -v cpu=4.6 -v noise=0.6 \
	-v mem=5368709120 -v memlimit=17179869184
