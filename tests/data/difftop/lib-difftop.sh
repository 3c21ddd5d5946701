# Shell helpers shared by the hr-diff and hr-top tests (t1200, t1210).

# peak_kb LINES CMD...: the peak memory (VmHWM, KB) of CMD after LINES copies
# of a few stacks were written to the FIFO 'fifo' it reads.
peak_kb() {
	local n=$1 pid kb
	shift
	rm -f fifo
	mkfifo fifo || return 1
	"$@" >/dev/null &
	pid=$!
	exec 3>fifo
	yes "p;main;f;g 3
p;main;f;h 2
p;main;k 1" | head -n "$n" >&3
	kb=$(awk "/^VmHWM/ { print \$2 }" /proc/$pid/status)
	exec 3>&-
	wait $pid || return 1
	echo "$kb"
}
