# hr-fold reads DWARF with libdw for --inline and --srcline.
hr-fold_LIBS := symbols
