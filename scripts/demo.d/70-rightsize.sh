# hr-rightsize: recommendations for a bundled two-week history of a small host
# (tests/data/rightsize/demo-history.sh): an idle API, a worker
# pinned at its limit, a cache leaking memory, a busy web tier, a batch job.
tests/data/rightsize/demo-history.sh >"$out/rightsize-history.tsv"

# Exit status 1 means "something is under-provisioned": the demo shows it.
rs_run() { "$@" || [ $? -eq 1 ]; }
rm -f "$out/rightsize.db" "$out/rightsize.db-wal" "$out/rightsize.db-shm"
step "hr-record --import $out/rightsize-history.tsv --db $out/rightsize.db"
hr-record -q --import "$out/rightsize-history.tsv" --db "$out/rightsize.db"
step "hr-rightsize --db $out/rightsize.db --until 2026-01-15 --table --price-cpu 0.031 --price-mem 0.004 --host-cpu 16 --host-mem 64G"
rs_run hr-rightsize --db "$out/rightsize.db" --until 2026-01-15 --table --price-cpu 0.031 \
	--price-mem 0.004 --host-cpu 16 --host-mem 64G
step "hr-rightsize --input $out/rightsize-history.tsv --strategy simple --json >$out/rightsize-simple.json"
rs_run hr-rightsize --input "$out/rightsize-history.tsv" --strategy simple --json \
	>"$out/rightsize-simple.json"
