# hr-latency's line parser is fuzzed on its own (make fuzz).
fuzz-latency_SRCS := tools/hr-latency/parse.c
