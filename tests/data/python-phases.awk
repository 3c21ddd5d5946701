# Reads hr-sample's folded stacks of tests/data/python-phases.py and prints
# "PHASE SAMPLES PERCENT" per phase, then "complete N", "without N" (samples
# of the interpreter without Python frames) and "deep N" (recursion samples
# with all 1,000 frames).
function phase(line) {
	if (line ~ /;alt_a \(/) return "alt_a"
	if (line ~ /;alt_b \(/) return "alt_b"
	if (line ~ /;recurse \(/) return "recursion"
	if (line ~ /runners\.py/) return "asyncio"
	if (line ~ /;c_ext \(/) return "c_ext"
	if (line ~ /;thread_work \(/) return "thread"
	if (line ~ /;phase_loop \(/) return "loop"
	return ""
}
{
	n = $NF
	line = $0
	sub(/ [0-9]+$/, "", line)
	if (line ~ /;_PyEval_EvalFrameDefault/) { without += n; next }
	p = phase(line)
	if (p == "") next
	count[p] += n
	total += n
	nf = split(line, f, ";")
	for (i = 2; i <= nf; i++)
		if (f[i] ~ /\((.*\/)?[^\/]*\.py(:[0-9]+)?\)$/ || f[i] ~ /\(<frozen /)
			break
	if (f[i] ~ /^<module> \(python-phases\.py/ || f[i] ~ /^_bootstrap \(threading\.py/)
		complete += n
	if (p == "recursion" && gsub(/;recurse \(/, "&", line) >= 999)
		deep += n
}
END {
	split("loop alt_a alt_b recursion asyncio c_ext thread", order, " ")
	for (i = 1; i <= 7; i++)
		printf "%s %d %.1f\n", order[i], count[order[i]], total ? 100 * count[order[i]] / total : 0
	printf "total %d\ncomplete %d\nwithout %d\ndeep %d\n", total, complete, without, deep
}
