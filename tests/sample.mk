# Test programs of hr-sample and the symbols module.
#
# symtest: the symbolisation fixture, in several forms: with DWARF, stripped
# with a .gnu_debuglink to a separate debug file, stripped with only
# MiniDebugInfo (.gnu_debugdata), and fully stripped.
SYMTEST := build/tests/symtest
TEST_PROGS += $(SYMTEST) $(SYMTEST)-debuglink $(SYMTEST)-minidebug $(SYMTEST)-stripped

$(SYMTEST): tests/workloads/symtest.cc
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CXX) -O2 -g -fno-omit-frame-pointer -Wl,--build-id -o $@ $<

$(SYMTEST)-debuglink: $(SYMTEST)
	$(Q)cd $(dir $@) && objcopy --only-keep-debug symtest symtest-debuglink.debug && \
		objcopy --strip-all --add-gnu-debuglink=symtest-debuglink.debug symtest symtest-debuglink

# MiniDebugInfo as Fedora builds it: the function symbols of .symtab, in an
# xz-compressed ELF stored in the stripped file's .gnu_debugdata section.
$(SYMTEST)-minidebug: $(SYMTEST)
	$(Q)cd $(dir $@) && rm -f symtest-mini* && \
		nm -D symtest --format=posix --defined-only | awk '{print $$1}' | sort >symtest-mini.dynsyms && \
		nm symtest --format=posix --defined-only | awk '$$2 ~ /^[TtWw]$$/ {print $$1}' | sort >symtest-mini.funcsyms && \
		comm -13 symtest-mini.dynsyms symtest-mini.funcsyms >symtest-mini.keep && \
		objcopy --only-keep-debug symtest symtest-mini.debug && \
		objcopy -S --remove-section .gdb_index --remove-section .comment \
			--keep-symbols=symtest-mini.keep symtest-mini.debug symtest-mini.mini && \
		rm -f symtest-mini.mini.xz && xz symtest-mini.mini && \
		objcopy --strip-all --add-section .gnu_debugdata=symtest-mini.mini.xz symtest symtest-minidebug

$(SYMTEST)-stripped: $(SYMTEST)
	$(Q)strip --strip-all -o $@ $<

CXX ?= c++

# The fidelity workload: a known call tree, no frame pointers, a libc
# callback (qsort) and a second thread.
TEST_PROGS += build/tests/sample-workload build/tests/sample-workload-fp
build/tests/sample-workload: tests/workloads/sample-workload.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -O2 -g -fomit-frame-pointer -fno-optimize-sibling-calls -pthread -o $@ $<
build/tests/sample-workload-fp: tests/workloads/sample-workload.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -O2 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -pthread -o $@ $<

# A JIT stand-in (/tmp/perf-PID.map) and a C++ program (demangling).
TEST_PROGS += build/tests/jit-workload build/tests/cxx-workload
build/tests/jit-workload: tests/workloads/jit-workload.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -O2 -g -o $@ $<
build/tests/cxx-workload: tests/workloads/cxx-workload.cc
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CXX) -O2 -g -fomit-frame-pointer -o $@ $<

# Statically linked, to run in a bare chroot: a process whose binary exists
# only under its own root (as in a container).
TEST_PROGS += build/tests/sample-workload-static
build/tests/sample-workload-static: tests/workloads/sample-workload.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -static -O2 -g -fomit-frame-pointer -fno-optimize-sibling-calls -pthread -o $@ $<

# Built without unwind tables: only .debug_frame describes its frames.
TEST_PROGS += build/tests/sample-workload-debugframe
build/tests/sample-workload-debugframe: tests/workloads/sample-workload.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -O2 -g -fomit-frame-pointer -fno-optimize-sibling-calls \
		-fno-asynchronous-unwind-tables -fno-unwind-tables -pthread -o $@ $<

fuzz-sample-jitmap_SRCS := tools/hr-sample/jitmap.c
# hr-sample's unwind-table reader (tests/fuzz/fuzz-sample-ehframe.c).
fuzz-sample-ehframe_SRCS := tools/hr-sample/ehframe.c

# Threads that block for designed shares: sleep, a pipe read, a contended mutex.
TEST_PROGS += build/tests/offcpu-workload
build/tests/offcpu-workload: tests/workloads/offcpu-workload.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -O2 -g -fomit-frame-pointer -fno-optimize-sibling-calls -pthread -o $@ $<

# A pipe ping-pong between two threads, for bench-offcpu.sh.
TEST_PROGS += build/tests/pingpong
build/tests/pingpong: tests/workloads/pingpong.c
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -O2 -g -fomit-frame-pointer -pthread -o $@ $<

# hr-sample's decoders of CPython's line tables, against the interpreters.
TEST_PROGS += build/tests/pylines-check
build/tests/pylines-check: tests/workloads/pylines-check.c tools/hr-sample/pylines.c tools/hr-sample/python.h
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) -O2 -g -Wall -Wextra -Iinclude -Itools/hr-sample -o $@ tests/workloads/pylines-check.c tools/hr-sample/pylines.c
fuzz-sample-pylines_SRCS := tools/hr-sample/pylines.c
