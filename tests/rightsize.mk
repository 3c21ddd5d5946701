# hr-rightsize: the fuzz target's sources besides libcommon.
fuzz-rightsize_SRCS := tools/hr-rightsize/input.c tools/hr-rightsize/analyse.c \
	tools/hr-rightsize/output.c tools/hr-rightsize/growth.c
