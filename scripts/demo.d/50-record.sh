# hr-record and hr-query: record a few snapshots of this machine, import four
# weeks of example history, and query both back. The database,
# $out/history.db, is what the forecast and rightsizing demos read.
rm -f "$out"/history.db "$out"/history.db-wal "$out"/history.db-shm

step "hr-record --db $out/history.db --interval 1s --count 3 --per-cpu"
hr-record --db "$out"/history.db --interval 1s --count 3 --per-cpu

step "hr-query --db $out/history.db 'cpu.util{cpu!=*}' --iso"
hr-query --db "$out"/history.db 'cpu.util{cpu!=*}' --iso

step "hr-query --db $out/history.db 'disk.*_bps' 'net.rx_bps' --iso | tail -4"
hr-query --db "$out"/history.db 'disk.*_bps' 'net.rx_bps' --iso | tail -4

step "gzip -dc share/headroom/history-example.tsv.gz | hr-record --db $out/history.db --import -"
gzip -dc share/headroom/history-example.tsv.gz | hr-record --db "$out"/history.db --import -

step "hr-query --db $out/history.db --list 'cgroup.cpu*{host=demo}' --iso"
hr-query --db "$out"/history.db --list 'cgroup.cpu*{host=demo}' --iso

step "hr-query --db $out/history.db 'cgroup.cpu.cores{cgroup=/system.slice/*,host=demo}' --since 2026-11-19 --step 1d --agg p95 --iso"
hr-query --db "$out"/history.db 'cgroup.cpu.cores{cgroup=/system.slice/*,host=demo}' --since 2026-11-19 \
	--step 1d --agg p95 --iso

step "hr-query --db $out/history.db 'fs.used_bytes{host=demo}' --step 1w --agg max --format csv --iso"
hr-query --db "$out"/history.db 'fs.used_bytes{host=demo}' --step 1w --agg max --format csv --iso
