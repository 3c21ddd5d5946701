# Shared by the benchmarks (sourced, not run by tests/bench/run).

# best CMD...: "WALL CPU" seconds of the run of CMD with the least CPU time
# (user + system) among $RUNS (default 3).
best() {
	local i w c bw= bc=
	for ((i = 0; i < ${RUNS:-3}; i++)); do
		read -r w c < <(/usr/bin/time -f '%e %U %S' "$@" 2>&1 >/dev/null | tail -1 |
			awk '{ printf "%s %.2f\n", $1, $2 + $3 }')
		if [ -z "$bc" ] || awk -v c="$c" -v b="$bc" 'BEGIN { exit !(c < b) }'; then
			bw=$w bc=$c
		fi
	done
	echo "$bw $bc"
}

# ratio PEER HR: "Nx" on the CPU times of two best results (above 1: HR is faster).
ratio() { awk -v p="${1#* }" -v h="${2#* }" 'BEGIN { printf "%.1fx", p / h }'; }

# cpu_ms CMD...: CPU time (user + system, ms) of the processes CMD runs: the
# cutime and cstime of this (sub)shell before and after, from /proc.
cpu_ms() {
	local a b hz
	hz=$(getconf CLK_TCK)
	read -r -a a </proc/$BASHPID/stat
	"$@" || return 1
	read -r -a b </proc/$BASHPID/stat
	echo $(((b[15] + b[16] - a[15] - a[16]) * 1000 / hz))
}
