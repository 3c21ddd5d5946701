hr-sample_LIBS := symbols pprof
hr-sample_PKGS := libunwind-generic libelf
