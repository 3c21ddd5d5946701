# hr-latency's and hr-usl's parsers are fuzzed on their own (make fuzz).
fuzz-latency_SRCS := tools/hr-latency/parse.c
fuzz-usl_SRCS := tools/hr-usl/input.c tools/hr-usl/usl.c
fuzz-usl_PKGS := gsl
