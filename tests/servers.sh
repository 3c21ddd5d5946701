# Real Prometheus-compatible servers for the CLI tests, sourced after lib.sh:
# Debian's prometheus (with its remote-write receiver) and victoria-metrics,
# each on 127.0.0.1, on a free port, with its storage in the scratch directory.
#
#   start_prometheus NAME [FLAG]...   sets NAME_PORT, NAME_URL; stores in NAME.data
#   start_victoria_metrics NAME [FLAG]...
#   stop_server NAME                  SIGTERM, then waits until it has exited
#   restart_server NAME               starts it again on its port, on its storage
#
# Each start registers its stop with test_when_finished (in a test body: at the
# end of that test). A port already taken makes the server exit at once, and
# the next port is tried.

if command -v prometheus >/dev/null && command -v curl >/dev/null; then
	test_set_prereq PROMETHEUS
fi
if command -v victoria-metrics >/dev/null && command -v curl >/dev/null; then
	test_set_prereq VICTORIA_METRICS
fi

# server_wait NAME PID URL: until URL answers 2xx, or the server exits (its
# port was taken: status 1), or 30 s pass (status 2).
server_wait() {
	local i
	for i in $(seq 300); do
		kill -0 "$2" 2>/dev/null || return 1
		curl -fs -o /dev/null "$3" && return 0
		sleep 0.1
	done
	return 2
}

# server_start NAME READY-PATH COMMAND-WITH-@PORT@...: starts the command on a
# free port, its output in NAME.log.
server_start() {
	local name=$1 ready=$2 port pid try rc args
	shift 2
	for try in 1 2 3 4 5 6 7 8; do
		port=$((20000 + (RANDOM * 7 + $$ + try * 101) % 40000))
		args=("${@//@PORT@/$port}")
		"${args[@]}" >"$TRASH/$name.log" 2>&1 &
		pid=$!
		server_wait "$name" $pid "http://127.0.0.1:$port$ready"
		rc=$?
		if [ $rc -eq 0 ]; then
			printf '%s\n' $pid >"$TRASH/$name.pid"
			printf '%s\0' "${args[@]}" >"$TRASH/$name.cmd"
			printf '%s\n' "$ready" >"$TRASH/$name.ready"
			eval "${name}_PORT=$port ${name}_URL=http://127.0.0.1:$port"
			test_when_finished "stop_server $name"
			return 0
		fi
		kill $pid 2>/dev/null
		wait $pid 2>/dev/null
		[ $rc -eq 2 ] && break
	done
	echo "cannot start $name; its log:" >&2
	cat "$TRASH/$name.log" >&2
	return 1
}

start_prometheus() {
	local name=$1
	shift
	[ -f "$TRASH/$name.yml" ] || printf 'global: {}\n' >"$TRASH/$name.yml"
	server_start "$name" /-/ready prometheus --config.file="$TRASH/$name.yml" \
		--storage.tsdb.path="$TRASH/$name.data" --web.listen-address=127.0.0.1:@PORT@ \
		--web.enable-remote-write-receiver --storage.tsdb.retention.time=100y \
		--log.level=warn "$@"
}

start_victoria_metrics() {
	local name=$1
	shift
	server_start "$name" /health victoria-metrics -httpListenAddr=127.0.0.1:@PORT@ \
		-storageDataPath="$TRASH/$name.data" -retentionPeriod=100y -search.disableCache \
		-search.latencyOffset=0s -loggerLevel=WARN "$@"
}

# A test body runs in a subshell, so the server may not be this shell's child:
# wait by polling.
stop_server() {
	local pid i
	[ -f "$TRASH/$1.pid" ] || return 0
	pid=$(cat "$TRASH/$1.pid")
	rm -f "$TRASH/$1.pid"
	kill "$pid" 2>/dev/null
	for i in $(seq 300); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	return 0
}

restart_server() {
	local name=$1 port args=() a pid
	while IFS= read -r -d '' a; do
		args+=("$a")
	done <"$TRASH/$name.cmd"
	eval "port=\$${name}_PORT"
	"${args[@]}" >>"$TRASH/$name.log" 2>&1 &
	pid=$!
	printf '%s\n' $pid >"$TRASH/$name.pid"
	server_wait "$name" $pid "http://127.0.0.1:$port$(cat "$TRASH/$name.ready")"
}
