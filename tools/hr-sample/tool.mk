hr-sample_PKGS := libunwind-generic
