#!/bin/bash
# The VPA formula reproduced independently: a decaying histogram with VPA's
# exponential buckets computed in awk on a history of varied usage must give
# exactly hr-rightsize's CPU recommendation.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

# Ten days of half-hourly samples: usage uniform in 0.05..1.25 cores for the
# first eight days, then 0.8..2.0 for the last two, so that the decay matters.
awk 'BEGIN {
	seed = 7
	for (i = 0; i < 480; i++) {
		seed = (seed * 1103515245 + 12345) % 2147483648
		u = seed / 2147483648
		v = i < 384 ? 0.05 + 1.2 * u : 0.8 + 1.2 * u
		printf "%d\tcgroup.cpu.cores{cgroup=/svc/v}\t%.6f\n", 1767225600 + i * 1800, v
		printf "%d\tcgroup.cpu.limit_cores{cgroup=/svc/v}\t4\n", 1767225600 + i * 1800
	}
}' >h.tsv

# vpa Q HALF_LIFE MARGIN: the recommendation computed from the definition:
# bucket b(v) = floor(ln(1 + v (r - 1) / f) / ln r), f = 0.001, r = 1.05;
# weight 2^((t - t_end) / half-life); the q-percentile is the end of the first
# bucket whose cumulative weight reaches q times the total; then times
# (1 + margin), rounded up to whole millicores.
vpa() {
	awk -F'\t' -v q="$1" -v hl="$2" -v m="$3" '
		$2 ~ /cpu.cores/ { t[n] = $1; v[n] = $3; n++; if ($1 > tend) tend = $1 }
		END {
			f = 0.001; r = 1.05
			for (i = 0; i < n; i++) {
				b = v[i] < f ? 0 : int(log(1 + v[i] * (r - 1) / f) / log(r))
				w = hl > 0 ? 2 ^ ((t[i] - tend) / hl) : 1
				W[b] += w; total += w
				if (b > maxb) maxb = b
			}
			for (b = 0; b <= maxb; b++) {
				cum += W[b]
				if (cum >= q * total) break
			}
			p = f * (r ^ (b + 1) - 1) / (r - 1)
			x = p * (1 + m) * 1000
			k = int(x); if (k < x - 1e-6) k++
			printf "%.3f\n", k / 1000
		}' h.tsv
}

check() {
	hr-rightsize -i h.tsv "$@" --horizon 0 --json >out.json &&
	printf '%.3f\n' "$(json_get out.json /svc/v cpu_recommended_cores)"
}

test_expect_success 'defaults: p95 with a 24h half-life, plus 15 %' '
	vpa 0.95 86400 0.15 >want &&
	check >got &&
	test_cmp want got
'

test_expect_success 'the decay matters: without it the answer is lower' '
	vpa 0.95 0 0.15 >want0 &&
	check --half-life 0 >got0 &&
	test_cmp want0 got0 &&
	awk -v a="$(cat want0)" -v b="$(cat want)" "BEGIN { exit !(a < b) }"
'

test_expect_success '--cpu-percentile 90 --half-life 12h --margin 20%' '
	vpa 0.90 43200 0.20 >want &&
	check --cpu-percentile 90 --half-life 12h --margin 20% >got &&
	test_cmp want got
'

test_expect_success '--cpu-percentile 50 --half-life 3d --margin 0' '
	vpa 0.50 259200 0 >want &&
	check --cpu-percentile 50 --half-life 3d --margin 0 >got &&
	test_cmp want got
'

test_expect_success 'the p95 shown is the plain 95th percentile (linear interpolation)' '
	awk -F"\t" "\$2 ~ /cpu.cores/ { print \$3 }" h.tsv | sort -g >vals &&
	want=$(awk "{ v[NR] = \$1 } END { h = (NR - 1) * 0.95; i = int(h); printf \"%.6f\", v[i + 1] + (h - i) * (v[i + 2] - v[i + 1]) }" vals) &&
	hr-rightsize -i h.tsv --json >out.json &&
	test "$(printf %.6f "$(json_get out.json /svc/v cpu_p95_cores)")" = "$want"
'

test_expect_success '--strategy simple is that plain percentile, without margin' '
	want=$(awk "{ v[NR] = \$1 } END { h = (NR - 1) * 0.95; i = int(h); x = (v[i + 1] + (h - i) * (v[i + 2] - v[i + 1])) * 1000; k = int(x); if (k < x - 1e-6) k++; printf \"%.3f\", k / 1000 }" vals) &&
	hr-rightsize -i h.tsv --strategy simple --json >out.json &&
	test "$(printf %.3f "$(json_get out.json /svc/v cpu_recommended_cores)")" = "$want"
'

test_expect_success 'the order of the input lines does not change the answer' '
	hr-rightsize -i h.tsv --tsv >a.tsv &&
	sort -r h.tsv | hr-rightsize -i - --tsv >b.tsv &&
	test_cmp a.tsv b.tsv
'
test_done
