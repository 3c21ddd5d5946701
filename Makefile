# headroom — one non-recursive GNU Makefile.
#
#   make                 build lib/libheadroom.so and every tool into bin/
#   make check           build and run every test (tests/run)
#   make sanitize        the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench           run the benchmarks in tests/bench/
#   make demo            run the main job on bundled data
#   make deps            install the Debian -dev packages when pkg-config lacks them
#   make install         PREFIX=/usr/local DESTDIR= BINDIR LIBDIR MANDIR DATADIR INCLUDEDIR
#
# Tools are discovered: every tools/hr-NAME/ holds main.c and optional .c files
# beside it, and an optional tool.mk that sets hr-NAME_PKGS (pkg-config modules
# the tool links besides libheadroom) and hr-NAME_LDLIBS.
# Unit tests are tests/unit/test-NAME.c; each becomes build/tests/test-NAME.

VERSION    := 0.1.0
SOVERSION  := 0

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man

CC         ?= cc
PKG_CONFIG ?= pkg-config
INSTALL    ?= install

# Modules libcommon itself needs (libheadroom links them).
LIB_PKGS   := libdw libelf gsl sqlite3

WARNINGS := -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla -Wundef -Wwrite-strings
ifeq ($(shell $(CC) --version 2>/dev/null | grep -c clang),0)
WARNINGS += -Wlogical-op -Wduplicated-cond -Wduplicated-branches
OPT      ?= -O2 -g
else
# clang 14 writes DWARF 5 by default, which valgrind 3.19 cannot read.
OPT      ?= -O2 -gdwarf-4
endif
CFLAGS   ?=
LDFLAGS  ?=
ifneq ($(WERROR),)
WARNINGS += -Werror
endif
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

ALL_CFLAGS  = -std=gnu11 $(OPT) $(WARNINGS) $(SAN_FLAGS) -fPIC -Iinclude \
	-D_GNU_SOURCE -DHEADROOM_VERSION='"$(VERSION)"' $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)

ifeq ($(V),)
Q = @
QUIET_CC   = @echo '   CC      ' $@;
QUIET_LINK = @echo '   LINK    ' $@;
else
Q =
endif

pkg_cflags = $(if $(1),$(shell $(PKG_CONFIG) --cflags $(1)))
pkg_libs   = $(if $(1),$(shell $(PKG_CONFIG) --libs $(1)))

# ---------------------------------------------------------------------------
# Flags stamp: changing CFLAGS/SANITIZE rebuilds everything (as git's GIT-CFLAGS).
BUILD_FLAGS := $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)
build/.flags: FORCE
	@mkdir -p build
	@if [ "$$(cat $@ 2>/dev/null)" != '$(BUILD_FLAGS)' ]; then \
		echo '$(BUILD_FLAGS)' > $@; fi

# ---------------------------------------------------------------------------
# libheadroom
LIB_SRCS := $(sort $(wildcard libcommon/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=build/%.o)
LIB_SO   := lib/libheadroom.so
LIB_SONAME := libheadroom.so.$(SOVERSION)
LIB_REAL := lib/libheadroom.so.$(VERSION)
LIB_PKG_CFLAGS := $(call pkg_cflags,$(LIB_PKGS))
LIB_PKG_LIBS   := $(call pkg_libs,$(LIB_PKGS)) -lm

$(LIB_OBJS): ALL_CFLAGS += $(LIB_PKG_CFLAGS)

$(LIB_REAL): $(LIB_OBJS)
	@mkdir -p lib
	$(QUIET_LINK)$(CC) -shared -Wl,-soname,$(LIB_SONAME) -o $@ $(LIB_OBJS) \
		$(ALL_LDFLAGS) $(LIB_PKG_LIBS)
lib/$(LIB_SONAME): $(LIB_REAL)
	$(Q)ln -sf $(notdir $<) $@
$(LIB_SO): lib/$(LIB_SONAME)
	$(Q)ln -sf $(notdir $<) $@

# ---------------------------------------------------------------------------
# tools
TOOLS := $(sort $(notdir $(wildcard tools/hr-*)))
-include $(wildcard tools/hr-*/tool.mk)

RPATH := -Wl,-rpath,'$$ORIGIN/../lib'
define tool_template
$(1)_SRCS := $$(sort $$(wildcard tools/$(1)/*.c))
$(1)_OBJS := $$($(1)_SRCS:%.c=build/%.o)
$$($(1)_OBJS): ALL_CFLAGS += $$(call pkg_cflags,$$($(1)_PKGS)) $$(LIB_PKG_CFLAGS) -Itools/$(1)
bin/$(1): $$($(1)_OBJS) $(LIB_SO)
	@mkdir -p bin
	$$(QUIET_LINK)$$(CC) -o $$@ $$($(1)_OBJS) $$(ALL_LDFLAGS) $$(RPATH) -Llib -lheadroom \
		$$(call pkg_libs,$$($(1)_PKGS)) $$($(1)_LDLIBS) -lm
endef
$(foreach t,$(TOOLS),$(eval $(call tool_template,$(t))))
BINS := $(TOOLS:%=bin/%)

# ---------------------------------------------------------------------------
# unit tests and test helpers (programs the CLI tests run)
UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/tests/%)
TEST_RPATH := -Wl,-rpath,'$$ORIGIN/../../lib'
build/tests/test-%: build/tests/unit/test-%.o $(LIB_SO)
	@mkdir -p build/tests
	$(QUIET_LINK)$(CC) -o $@ $< $(ALL_LDFLAGS) $(TEST_RPATH) -Llib -lheadroom $(LIB_PKG_LIBS)
build/tests/unit/%.o: ALL_CFLAGS += $(LIB_PKG_CFLAGS) -Itests/unit

# Extra test programs (workloads, helpers) register themselves in tests/*.mk.
TEST_PROGS :=
-include $(wildcard tests/*.mk)

# ---------------------------------------------------------------------------
# Fuzz targets: tests/fuzz/fuzz-NAME.c with LLVMFuzzerTestOneInput, built with
# clang's libFuzzer, ASan and UBSan over libcommon's sources plus the files a
# tests/*.mk lists in fuzz-NAME_SRCS (a tool's parser, say).
# make fuzz FUZZTIME=60 runs each for that many seconds.
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_CC   ?= clang
FUZZTIME  ?= 30
build/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(LIB_SRCS) FORCE
	@mkdir -p build/fuzz
	$(QUIET_LINK)$(FUZZ_CC) -std=gnu11 -g -O1 -D_GNU_SOURCE -DHEADROOM_VERSION='"$(VERSION)"' \
		-Iinclude $(LIB_PKG_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ \
		$< $(LIB_SRCS) $(fuzz-$*_SRCS) $(LIB_PKG_LIBS) $(call pkg_libs,$(fuzz-$*_PKGS))
fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do \
		n=$${f##*/}; mkdir -p build/fuzz/corpus-$$n; \
		echo "fuzzing $$n for $(FUZZTIME)s"; \
		$$f -max_total_time=$(FUZZTIME) -timeout=5 -rss_limit_mb=2048 \
			build/fuzz/corpus-$$n $$(cat tests/fuzz/$$n.seeds 2>/dev/null) \
			>build/fuzz/$$n.log 2>&1 || { tail -40 build/fuzz/$$n.log; exit 1; }; \
	done

# ---------------------------------------------------------------------------
build/%.o: %.c build/.flags
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

all: $(LIB_SO) $(BINS)
.DEFAULT_GOAL := all

# check, bench and demo first make sure the dependencies are installed, then
# build in a second make so that pkg-config is asked after the installation.
check: deps
	@$(MAKE) --no-print-directory check-run
check-run: all $(UNIT_BINS) $(TEST_PROGS)
	@tests/run

sanitize: deps
	@$(MAKE) --no-print-directory SANITIZE=address,undefined check-run

bench: deps
	@$(MAKE) --no-print-directory bench-run
bench-run: all $(TEST_PROGS)
	@tests/bench/run

demo: deps
	@$(MAKE) --no-print-directory demo-run
demo-run: all $(TEST_PROGS)
	@scripts/demo.sh

deps:
	@scripts/deps.sh

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR)/headroom $(DESTDIR)$(DATADIR)/headroom
	$(INSTALL) -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 755 $(LIB_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LIB_REAL)) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libheadroom.so
	$(INSTALL) -m 644 include/headroom/*.h $(DESTDIR)$(INCLUDEDIR)/headroom/
	cp -R share/headroom/. $(DESTDIR)$(DATADIR)/headroom/
	for s in 1 5 7; do \
		ls man/man$$s/*.$$s >/dev/null 2>&1 || continue; \
		$(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$s; \
		$(INSTALL) -m 644 man/man$$s/*.$$s $(DESTDIR)$(MANDIR)/man$$s/; \
	done

clean:
	rm -rf build bin lib

.PHONY: fuzz all check check-run sanitize bench bench-run demo demo-run deps install clean FORCE

-include $(shell find build -name '*.d' 2>/dev/null)
.SECONDARY:
