hr-sample_LIBS := symbols
hr-sample_PKGS := libunwind-generic libelf
