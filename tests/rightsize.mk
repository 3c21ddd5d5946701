# hr-rightsize: the fuzz target's sources besides libcommon.
fuzz-rightsize_SRCS := tools/hr-rightsize/input.c tools/hr-rightsize/analyse.c \
	tools/hr-rightsize/output.c tools/hr-rightsize/growth.c tools/hr-rightsize/histdb.c

# A helper that writes history databases for the tests and the benchmark.
TEST_PROGS += build/tests/rightsize-mkdb
build/tests/rightsize-mkdb: build/tests/rightsize/mkdb.o lib/libheadroom-db.so
	@mkdir -p build/tests
	$(QUIET_LINK)$(CC) -o $@ $< $(ALL_LDFLAGS) $(TEST_RPATH) -Llib -lheadroom-db -lheadroom \
		$(call pkg_libs,sqlite3) -lm
build/tests/rightsize/%.o: ALL_CFLAGS += $(LIB_PKG_CFLAGS)
