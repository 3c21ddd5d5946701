# hr-fold links libdw/libelf for --inline and --srcline symbolisation.
hr-fold_PKGS := libdw libelf
