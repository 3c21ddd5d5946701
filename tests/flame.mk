# hr-flame's fuzz target runs its engine beside libcommon.
fuzz-flame_SRCS := tools/hr-flame/flame.c tools/hr-flame/render.c tools/hr-flame/color.c \
	tools/hr-flame/nameattr.c
