#!/bin/bash
# hr-usl against the R package usl: the coefficients, standard errors and peak
# it gives for its data sets, to 3 significant digits; predictions, capacity
# at a latency limit, the chart, and degenerate data.
. "$(dirname "$0")/../lib.sh"

# jget KEY FILE: a value of a flat JSON object; sig3: to 3 significant digits.
jget() { sed -E "s/.*\"$1\":([^,}]*).*/\1/" "$2"; }
sig3() { awk -v v="$1" 'BEGIN { printf "%.3g\n", v }'; }
# expect KEY WANT: the 3-digit value of KEY in out.json.
expect() {
	local got
	got=$(sig3 "$(jget "$1" out.json)")
	[ "$got" = "$2" ] || { echo "$1: got $got, want $2"; return 1; }
}

test_expect_success 'specsdm91: sigma, kappa, lambda and their standard errors as R gives' '
	hr-usl --json "$DATA/loadtest/specsdm91.txt" >out.json &&
	expect sigma 0.0277 && expect kappa 0.000104 && expect lambda 90 &&
	expect sigma_se 0.00912 && expect kappa_se 1.99e-05 && expect lambda_se 14.2 &&
	expect nstar 96.5 && expect xmax 1.88e+03 && expect points 7
'

test_expect_success 'specsdm91: the report' '
	hr-usl "$DATA/loadtest/specsdm91.txt" >report.out &&
	test_grep "^sigma +0\.02773 +\+/- 0\.009122 +contention$" report.out &&
	test_grep "^kappa +0\.0001044 +\+/- 1\.988e-05 +coherency$" report.out &&
	test_grep "^lambda +90  +\+/- 14\.21 " report.out &&
	test_grep "^r2 +0\.9896$" report.out &&
	test_grep "^peak +N\* = 96\.52, X\(N\*\) = 1884$" report.out
'

test_expect_success 'raytracer: kappa = 0, no peak, nstar and xmax null' '
	hr-usl --json "$DATA/loadtest/raytracer.txt" >out.json &&
	expect kappa 0 && expect sigma 0.0578 && expect lambda 21.8 &&
	grep -q "\"nstar\":null,\"xmax\":null," out.json &&
	hr-usl "$DATA/loadtest/raytracer.txt" >ray.out &&
	test_grep "^kappa +0 .*\(at its bound\)$" ray.out &&
	test_grep "^peak +none: kappa = 0 \(no coherency delay\), throughput rises towards lambda/sigma = 378\.2$" ray.out
'

test_expect_success 'raytracer, first six rows: the coefficients of the usl package tests' '
	grep -v "^#" "$DATA/loadtest/raytracer.txt" | head -6 | hr-usl --json >out.json &&
	expect sigma 0.0244 && expect kappa 0.00163 && expect lambda 20.9
'

test_expect_success 'the usl package coef test: alpha = beta = 0.02, gamma = 1' '
	printf "load,tput\n1,1\n2,1.8868\n4,3.0769\n6,3.5294\n8,3.5398\n10,3.3557\n" >coef.csv &&
	hr-usl --json coef.csv >out.json &&
	expect sigma 0.02 && expect kappa 0.02 && expect lambda 1
'

test_expect_success 'a model recovered from exact data' '
	awk "BEGIN { for (n = 1; n <= 200; n *= 2) printf \"%d %.12g\n\", n, 50*n/(1+0.05*(n-1)+0.0002*n*(n-1)) }" >exact.txt &&
	hr-usl --json exact.txt >out.json &&
	expect sigma 0.05 && expect kappa 0.0002 && expect lambda 50 && expect r2 1
'

test_expect_success '--predict: throughput and response time N/X(N)' '
	hr-usl --predict 1,96.52,500 "$DATA/loadtest/specsdm91.txt" >pred.out &&
	test_grep "^ +1 +90 +11\.11 ms$" pred.out &&
	test_grep "^ +96\.52 +1884 +51\.23 ms$" pred.out &&
	hr-usl -P 10 --json "$DATA/loadtest/specsdm91.txt" >p.json &&
	grep -q "\"predict\":\[{\"n\":10,\"throughput\":714\.8[0-9]*,\"latency\":0\.01398[0-9]*}\]" p.json
'

test_expect_success '--max-response-time: the highest N within the limit, checked by the formula' '
	hr-usl --json --max-response-time 60ms "$DATA/loadtest/specsdm91.txt" >out.json &&
	n=$(jget max_concurrency out.json) && test "$n" = 112 &&
	s=$(jget sigma out.json) k=$(jget kappa out.json) l=$(jget lambda out.json) &&
	awk -v s=$s -v k=$k -v l=$l -v n=$n "BEGIN {
		a = (1 + s*(n-1) + k*n*(n-1)) / l; b = (1 + s*n + k*(n+1)*n) / l;
		exit !(a <= 0.06 && b > 0.06) }" &&
	hr-usl --max-response-time 60 "$DATA/loadtest/specsdm91.txt" >cap.out &&
	test_grep "^max-response-time 60 ms: up to N = 112, X = 1875$" cap.out
'

test_expect_success 'a bare number is ms, as in hr-latency; the old --max-latency keeps seconds, with a warning' '
	test_expect_code 1 hr-usl --max-response-time 0.06 "$DATA/loadtest/specsdm91.txt" >tiny.out 2>tiny.err &&
	test_grep "^max-response-time 60 us: not met" tiny.out && ! test -s tiny.err &&
	hr-usl --max-latency 0.06 "$DATA/loadtest/specsdm91.txt" >old.out 2>old.err &&
	test_grep "^max-response-time 60 ms: up to N = 112, X = 1875$" old.out &&
	test_grep "^hr-usl: warning: --max-latency is deprecated; use --max-response-time" old.err
'

test_expect_success '--max-response-time that even one user misses: exit 1' '
	test_expect_code 1 hr-usl --max-response-time 5ms "$DATA/loadtest/specsdm91.txt" >miss.out &&
	test_grep "not met even at N=1 \(1/lambda = 11\.11 ms\)" miss.out &&
	test_expect_code 1 hr-usl --json --max-response-time 5 "$DATA/loadtest/specsdm91.txt" >miss.json &&
	grep -q "\"max_concurrency\":0" miss.json
'

test_expect_success '--svg: measured points, fitted curve and the peak' '
	hr-usl --svg chart.svg "$DATA/loadtest/specsdm91.txt" >/dev/null &&
	test_grep "^<svg" chart.svg &&
	test $(grep -o "<circle class=\"point\"" chart.svg | wc -l) = 7 &&
	grep -q "class=\"fit\"" chart.svg && grep -q "class=\"peak\"" chart.svg &&
	grep -q "N\* = 96\.52, X = 1884" chart.svg &&
	grep -q "sigma 0\.02773  kappa 0\.0001044  lambda 90  R.* 0\.9896<" chart.svg &&
	tail -c 7 chart.svg | grep -q "</svg>" &&
	hr-usl --svg ray.svg "$DATA/loadtest/raytracer.txt" >/dev/null &&
	! grep -q "class=\"peak\"" ray.svg &&
	grep -q "no peak: kappa = 0" ray.svg &&
	if command -v xmllint >/dev/null; then xmllint --noout chart.svg ray.svg; fi
'

test_expect_success 'linear scalability: sigma = kappa = 0 reported as such' '
	printf "1 10\n2 20\n4 40\n8 80\n" | hr-usl --json >out.json &&
	expect sigma 0 && expect kappa 0 && expect lambda 10 &&
	grep -q "\"nstar\":null,\"xmax\":null,\"xlimit\":null" out.json &&
	printf "1 10\n2 20\n4 40\n8 80\n" | hr-usl --max-response-time 1s >lin.out &&
	test_grep "^peak +none: sigma = kappa = 0, linear scalability$" lin.out &&
	test_grep "met at any concurrency" lin.out
'

test_expect_success 'no gain from concurrency: flat or falling throughput' '
	printf "1 100\n2 100\n4 100\n8 100\n" | hr-usl >flat.out &&
	test_grep "^sigma +1 .*\(at its bound\)$" flat.out &&
	test_grep "^kappa +0 " flat.out &&
	test_grep "^peak +none: sigma = 1, throughput does not grow with concurrency$" flat.out &&
	printf "1 100\n2 50\n4 25\n8 12\n" | hr-usl >fall.out &&
	test_grep "^peak +N\* = 1, X\(N\*\) = 99\.95: throughput falls as soon as concurrency grows$" fall.out
'

test_expect_success 'all throughputs 0 is an error, not a fit' '
	printf "1 0\n2 0\n4 0\n" >zero.txt &&
	test_expect_code 2 hr-usl zero.txt 2>err &&
	test_grep "^hr-usl: zero.txt: every throughput is 0: nothing to fit$" err
'

test_expect_success 'fewer than 3 points, or 3 distinct levels, is an error (exit 2)' '
	printf "1 10\n2 19\n" >two.txt &&
	test_expect_code 2 hr-usl two.txt 2>err &&
	test_grep "^hr-usl: two.txt: 2 points: the fit needs at least 3" err &&
	printf "1 10\n2 19\n2 18\n1 11\n" >dup.txt &&
	test_expect_code 2 hr-usl dup.txt 2>err2 &&
	test_grep "only 2 distinct concurrency levels" err2 &&
	test_expect_code 2 hr-usl </dev/null 2>err3 &&
	test_grep "^hr-usl: standard input: 0 points" err3
'

test_expect_success 'few points: a note that the coefficients are uncertain' '
	printf "1 10\n4 35\n16 90\n32 100\n" | hr-usl >few.out &&
	test_grep "^note +only 4 points" few.out
'

test_expect_success 'a latency column is compared with N/X(N)' '
	hr-usl "$DATA/loadtest/progressive.txt" >lat.out &&
	test_grep "^ +N +measured X +fitted X +measured R +N/X\(N\)$" lat.out &&
	test_grep "^ +128 +1302 +1297 +98\.3 ms +98\.71 ms$" lat.out
'
test_done
