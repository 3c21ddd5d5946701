# hr-latency's and hr-usl's parsers are fuzzed on their own (make fuzz);
# fuzz-loadtest needs only libcommon's load-test readers.
fuzz-latency_SRCS := tools/hr-latency/parse.c
fuzz-usl_SRCS := tools/hr-usl/input.c tools/hr-usl/usl.c
fuzz-usl_PKGS := gsl

# Test programs: a server with a designed latency distribution for ab and
# wrk, and a seeded generator of load-test results (plain, JMeter, k6).
LATENCY_SERVER := build/tests/latency-server
LATENCY_GEN := build/tests/latency-gen
TEST_PROGS += $(LATENCY_SERVER) $(LATENCY_GEN)

$(LATENCY_SERVER): tests/workloads/latency-server.c build/.flags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -std=gnu11 -O2 -g $(WARNINGS) -D_GNU_SOURCE -o $@ $< -pthread

$(LATENCY_GEN): tests/workloads/latency-gen.c build/.flags
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -std=gnu11 -O2 -g $(WARNINGS) -D_GNU_SOURCE -o $@ $< -lm
