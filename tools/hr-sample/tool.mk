hr-sample_LIBS := symbols pprof db
hr-sample_PKGS := libunwind-generic libelf
