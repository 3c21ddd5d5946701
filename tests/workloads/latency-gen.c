// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Seeded load-test results for hr-latency's and hr-usl's tests and
 * benchmarks: the same file from the same seed on every machine.
 *
 *	latency-gen FORMAT N SEED [KEY=VALUE]...
 *
 * FORMAT: plain (one latency in ms a line), timed ("UNIX_S STATUS MS"), jtl
 * (JMeter's 17 default columns with a header), k6 (k6 --out json: every
 * metric k6 writes per request, and vus each second).
 * KEYs: median=20 (ms) sigma=0.5 (log-normal), errors=0 (share failed),
 * tail=1 (values above the distribution's p90 are multiplied by it),
 * start=1796000000 (Unix s), rate=100 (requests per second), labels=1,
 * usl=LAMBDA:SIGMA:KAPPA with stages=N1,N2,... and stage=SECONDS: a stepped
 * test whose stage at N users serves X(N) requests per second with a mean
 * latency of N/X(N) (Little's law); N is then ignored.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t st[4];

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next64(void)
{
	uint64_t res = rotl(st[1] * 5, 7) * 9, t = st[1] << 17;

	st[2] ^= st[0];
	st[3] ^= st[1];
	st[1] ^= st[2];
	st[0] ^= st[3];
	st[2] ^= t;
	st[3] = rotl(st[3], 45);
	return res;
}

static double unif(void) { return ((double)(next64() >> 11) + 0.5) * 0x1.0p-53; }

static double normal(void)
{
	return sqrt(-2 * log(unif())) * cos(2 * M_PI * unif());
}

struct gen {
	const char *format;
	double median, sigma, errors, tail, start, rate, lambda, usl_s, usl_k, stage;
	int labels;
	char stages[256];
};

static double latency(const struct gen *g, double median)
{
	double z = normal(), v = median * exp(g->sigma * z);

	/* The tail shift: every value above the population's p90. */
	if (z > 1.2815515655446004)
		v *= g->tail;
	return v;
}

static const char *const label_names[] = { "GET /api/items", "POST /api/orders", "GET /api/items/{id}" };

static void iso(char *buf, size_t size, double t)
{
	time_t s = (time_t)floor(t);
	struct tm tm;
	size_t n;

	gmtime_r(&s, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%09ldZ", (long)((t - floor(t)) * 1e9));
}

static void k6_point(const char *metric, const char *time, double v, const char *tags)
{
	printf("{\"metric\":\"%s\",\"type\":\"Point\",\"data\":{\"time\":\"%s\",\"value\":%.6f,"
	       "\"tags\":%s}}\n", metric, time, v, tags);
}

static void k6_request(double t, double ms, int status, const char *label, double *next_vus,
		       double vus)
{
	static const char *const metrics[] = { "http_reqs", "http_req_duration", "http_req_blocked",
		"http_req_connecting", "http_req_tls_handshaking", "http_req_sending",
		"http_req_waiting", "http_req_receiving", "http_req_failed", "data_sent",
		"data_received", "iteration_duration", "iterations" };
	static int seen;
	char time[64], tags[512];
	size_t i;

	iso(time, sizeof(time), t);
	if (!seen++)
		for (i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++)
			printf("{\"type\":\"Metric\",\"data\":{\"name\":\"%s\",\"type\":\"trend\","
			       "\"contains\":\"time\",\"thresholds\":[],\"submetrics\":null},"
			       "\"metric\":\"%s\"}\n", metrics[i], metrics[i]);
	while (t >= *next_vus) {
		char vt[64];

		iso(vt, sizeof(vt), *next_vus);
		k6_point("vus", vt, vus, "{}");
		*next_vus += 1;
	}
	snprintf(tags, sizeof(tags), "{\"expected_response\":\"%s\",\"group\":\"\",\"method\":\"GET\","
		 "\"name\":\"%s\",\"proto\":\"HTTP/1.1\",\"scenario\":\"default\",\"status\":\"%d\","
		 "\"tls_version\":\"\",\"url\":\"http://127.0.0.1:8080/api\"}",
		 status < 400 ? "true" : "false", label, status);
	for (i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++) {
		double v = i == 1 ? ms : i == 0 || i == 12 ? 1 : i == 8 ? status >= 400 :
			   i == 6 ? ms * 0.9 : i == 11 ? ms + 1 : i >= 9 ? 512 : ms * 0.01;

		k6_point(metrics[i], time, v, tags);
	}
}

static void one(const struct gen *g, double t, double median, double conc, double *next_vus)
{
	int status = unif() < g->errors ? 500 : 200;
	double ms = latency(g, median);
	const char *label = label_names[(next64() >> 20) % (uint64_t)g->labels];

	if (!strcmp(g->format, "plain"))
		printf("%.3f\n", ms);
	else if (!strcmp(g->format, "timed"))
		printf("%.3f %d %.3f\n", t, status, ms);
	else if (!strcmp(g->format, "k6"))
		k6_request(t, ms, status, label, next_vus, conc);
	else
		printf("%.0f,%.0f,%s,%d,%s,Thread Group 1-%d,text,%s,,%d,%d,%.0f,%.0f,"
		       "http://127.0.0.1:8080/api,%.0f,0,%d\n", t * 1000, ms, label, status,
		       status == 200 ? "OK" : "Internal Server Error", 1 + (int)(next64() % 50),
		       status == 200 ? "true" : "false", 1000 + (int)(next64() % 3000), 120, conc,
		       conc, ms * 0.9, (int)(next64() % 3));
}

static void stepped(const struct gen *g)
{
	char copy[256], *tok, *save = NULL;
	double t = g->start, next_vus = g->start;

	snprintf(copy, sizeof(copy), "%s", g->stages);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double n = atof(tok), x = g->lambda * n / (1 + g->usl_s * (n - 1) + g->usl_k * n * (n - 1));
		double end = t + g->stage, mean_ms = n / x * 1000;

		/* A log-normal with this mean: median = mean / exp(sigma^2 / 2). */
		for (; t < end; t += 1 / x)
			one(g, t, mean_ms / exp(g->sigma * g->sigma / 2), n, &next_vus);
		t = end;
	}
}

int main(int argc, char **argv)
{
	struct gen g = { .median = 20, .sigma = 0.5, .tail = 1, .start = 1796000000, .rate = 100,
			 .labels = 1, .stage = 30 };
	uint64_t seed, n, i;
	double next_vus;
	int a;

	if (argc < 4) {
		fprintf(stderr, "usage: latency-gen plain|timed|jtl|k6 N SEED [KEY=VALUE]...\n");
		return 2;
	}
	g.format = argv[1];
	n = strtoull(argv[2], NULL, 10);
	seed = strtoull(argv[3], NULL, 10);
	for (a = 4; a < argc; a++) {
		const char *v = strchr(argv[a], '=');
		double d = v ? atof(v + 1) : 0;

		if (!v)
			return 2;
#define KEY(k) (!strncmp(argv[a], k "=", sizeof(k)))
		if (KEY("median")) g.median = d;
		else if (KEY("sigma")) g.sigma = d;
		else if (KEY("errors")) g.errors = d;
		else if (KEY("tail")) g.tail = d;
		else if (KEY("start")) g.start = d;
		else if (KEY("rate")) g.rate = d;
		else if (KEY("labels")) g.labels = d >= 1 && d <= 3 ? (int)d : 1;
		else if (KEY("stage")) g.stage = d;
		else if (KEY("stages")) snprintf(g.stages, sizeof(g.stages), "%s", v + 1);
		else if (KEY("usl")) sscanf(v + 1, "%lf:%lf:%lf", &g.lambda, &g.usl_s, &g.usl_k);
		else return 2;
#undef KEY
	}
	for (i = 0; i < 4; i++) {
		uint64_t z = (seed += UINT64_C(0x9e3779b97f4a7c15));

		z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
		z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
		st[i] = z ^ (z >> 31);
	}
	if (!strcmp(g.format, "jtl"))
		puts("timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,"
		     "failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect");
	if (*g.stages && g.lambda > 0) {
		stepped(&g);
		return 0;
	}
	next_vus = g.start;
	for (i = 0; i < n; i++)
		one(&g, g.start + (double)i / g.rate, g.median, 10, &next_vus);
	return ferror(stdout) ? 1 : 0;
}
