# hr-fold's parser, for its fuzz target (tests/fuzz/fuzz-perfscript.c).
fuzz-perfscript_SRCS := tools/hr-fold/perfscript.c tools/hr-fold/inline.c
fuzz-perfscript_PKGS := libdw libelf
