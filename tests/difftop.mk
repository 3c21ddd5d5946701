# hr-diff's and hr-top's parsers under libFuzzer (make fuzz).
fuzz-difftop_SRCS := tools/hr-diff/diff.c tools/hr-top/top.c
