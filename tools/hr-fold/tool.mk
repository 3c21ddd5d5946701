# hr-fold reads DWARF with libdw for --inline and --srcline, and writes pprof.
hr-fold_LIBS := symbols pprof
