# headroom — one non-recursive GNU Makefile.
#
#   make                 build lib/libheadroom.so and every tool into bin/
#   make check           build and run every test (tests/run)
#   make sanitize        the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench           run the benchmarks in tests/bench/
#   make demo            run the main job on bundled data
#   make deps            install the Debian -dev packages when pkg-config lacks them
#   make install         PREFIX=/usr/local DESTDIR= BINDIR LIBDIR MANDIR DATADIR INCLUDEDIR
#                        (and the directories below); make uninstall removes it again
#   make deb             build the Debian packages (debian/) into build/deb/
#   make check-package   build, install, run and remove the Debian packages (as root)
#
# Tools are discovered: every tools/hr-NAME/ holds main.c and optional .c files
# beside it, and an optional tool.mk that sets hr-NAME_PKGS (pkg-config modules
# the tool links besides libheadroom) and hr-NAME_LDLIBS.
# Unit tests are tests/unit/test-NAME.c; each becomes build/tests/test-NAME.

# Every CPU builds, unless make was given -j (or -j1) itself.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)
endif

VERSION    := 0.1.0
SOVERSION  := 0

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
DOCDIR     ?= $(DATADIR)/doc/headroom
# systemd and the shells search these under /usr/local as well as /usr.
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
TMPFILESDIR    ?= $(PREFIX)/lib/tmpfiles.d
SYSUSERSDIR    ?= $(PREFIX)/lib/sysusers.d
BASHCOMPDIR    ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR     ?= $(DATADIR)/zsh/site-functions

CC         ?= cc
PKG_CONFIG ?= pkg-config
INSTALL    ?= install

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
	-D_GNU_SOURCE -DHEADROOM_VERSION='"$(VERSION)"' -DHEADROOM_SOVERSION='"$(SOVERSION)"' $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)

ifeq ($(V),)
Q = @
QUIET_CC   = @echo '   CC      ' $@;
QUIET_LINK = @echo '   LINK    ' $@;
QUIET_GEN  = @echo '   GEN     ' $@;
else
Q =
endif

pkg_cflags = $(if $(strip $(1)),$(shell $(PKG_CONFIG) --cflags $(1)))
pkg_libs   = $(if $(strip $(1)),$(shell $(PKG_CONFIG) --libs $(1)))

# ---------------------------------------------------------------------------
# Flags stamp: changing CFLAGS/SANITIZE rebuilds everything (as git's GIT-CFLAGS).
BUILD_FLAGS := $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)
build/.flags: FORCE
	@mkdir -p build
	@if [ "$$(cat $@ 2>/dev/null)" != '$(BUILD_FLAGS)' ]; then \
		echo '$(BUILD_FLAGS)' > $@; fi

# Where make install puts things reaches the code in two places: the data
# directory that share_dir() (cli.c) looks for, and the rpath of the tools.
# make install links its own tools and libheadroom for the installed paths in
# build/install/, so that bin/ and lib/ stay as they are whatever the
# installation's paths; in bin/, the data is the tree's own share/headroom.
SHARE_REL = $(shell realpath -s -m --relative-to='$(BINDIR)' '$(DATADIR)/headroom')
LIB_REL   = $(shell realpath -s -m --relative-to='$(BINDIR)' '$(LIBDIR)')
path_defines  = -DHEADROOM_DATADIR='"$(1)"' -DHEADROOM_SHARE_REL='"$(2)"'
TREE_PATHS    = $(call path_defines,$(CURDIR)/share/headroom,../share/headroom)
INSTALL_PATHS = $(call path_defines,$(DATADIR)/headroom,$(SHARE_REL))
build/libcommon/cli.o: ALL_CFLAGS += $(TREE_PATHS)
PATHS_STAMP = $(INSTALL_PATHS) $(BINDIR) $(LIBDIR) $(INSTALL_RPATH)
build/.paths: FORCE
	@mkdir -p build
	@if [ "$$(cat $@ 2>/dev/null)" != '$(PATHS_STAMP)' ]; then \
		echo '$(PATHS_STAMP)' > $@; fi
build/install/cli.o: libcommon/cli.c build/.flags build/.paths
	@mkdir -p build/install
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(INSTALL_PATHS) -MMD -MP -c -o $@ $<

# ---------------------------------------------------------------------------
# The libraries, split by what they depend on, so that each tool loads only
# what it uses: libheadroom (the core, no outside dependency) and one library
# per dependency, each over the core:
#   libheadroom-db        db.c          SQLite
#   libheadroom-forecast  forecast*.c   GSL
#   libheadroom-symbols   symbols.c     libdw, libelf
#   libheadroom-pprof     pprof.c       zlib
#   libheadroom-loadtest  loadtest*.c, hdrh.c   zlib
#   libheadroom-prom      http.c, remote-write.c, prom-query.c, promjson.c and
#                         the remote-write messages: libcurl, snappy, protobuf-c
#                         (over libheadroom-db: it pushes what the history holds)
# A tool names the ones it needs in its tool.mk: hr-NAME_LIBS := db forecast.
# hr-record and hr-query load libheadroom-prom with dlopen (dynlib.h) only
# when they talk HTTP: libcurl's start-up costs more than a one-shot run.
LIBS_EXTRA      := db forecast symbols pprof loadtest prom
db_LIB_SRCS       := libcommon/db.c libcommon/db-profile.c
db_LIB_PKGS       := sqlite3
forecast_LIB_SRCS := libcommon/forecast.c libcommon/forecast-changepoint.c libcommon/forecast-model.c \
	libcommon/forecast-predict.c libcommon/forecast-regress.c libcommon/forecast-robust.c \
	libcommon/forecast-validate.c
forecast_LIB_PKGS := gsl
symbols_LIB_SRCS  := libcommon/symbols.c libcommon/debuginfod.c
symbols_LIB_PKGS  := libdw libelf
pprof_LIB_SRCS    := libcommon/pprof.c
pprof_LIB_PKGS    := zlib
loadtest_LIB_SRCS := libcommon/hdrh.c $(sort $(wildcard libcommon/loadtest*.c))
loadtest_LIB_PKGS := zlib
prom_LIB_SRCS     := libcommon/http.c libcommon/remote-write.c libcommon/remote-push.c \
	libcommon/prom-query.c libcommon/prom-reply.c \
	libcommon/promjson.c
prom_LIB_GEN      := build/gen/remote-write.pb-c.c
prom_LIB_PKGS     := libcurl snappy libprotobuf-c
prom_LIB_DEPS     := db
LIB_PKGS := $(foreach l,$(LIBS_EXTRA),$($(l)_LIB_PKGS))

LIB_SRCS  := $(sort $(wildcard libcommon/*.c))
CORE_SRCS := $(filter-out $(foreach l,$(LIBS_EXTRA),$($(l)_LIB_SRCS)),$(LIB_SRCS))
LIB_PKG_CFLAGS := $(call pkg_cflags,$(LIB_PKGS))
LIB_PKG_LIBS   := $(call pkg_libs,$(LIB_PKGS)) -lm

# link_lib NAME OBJS LIBS: the command that links libNAME.so.VERSION.
link_lib = $(CC) -shared -Wl,-soname,lib$(1).so.$(SOVERSION) -o $@ $(2) \
	$(ALL_LDFLAGS) -Wl,--as-needed $(3) -lm
# lib_template NAME SRCS PKGS LINKWITH [GENERATED] [LIBS]: lib/libNAME.so.VERSION
# and its links; GENERATED sources are under build/gen, LIBS other
# libheadroom-X it links with.
define lib_template
$(1)_OBJS := $$(patsubst %.c,build/%.o,$(2)) $$(patsubst %.c,%.o,$(5))
$$($(1)_OBJS): ALL_CFLAGS += $$(call pkg_cflags,$(3))
lib/lib$(1).so.$$(VERSION): $$($(1)_OBJS) $(4) $(foreach d,$(6),lib/libheadroom-$(d).so)
	@mkdir -p lib
	$$(QUIET_LINK)$$(call link_lib,$(1),$$($(1)_OBJS),$(if $(4),-Llib $(foreach d,$(6),-lheadroom-$(d)) -lheadroom) $$(call pkg_libs,$(3)))
lib/lib$(1).so.$$(SOVERSION): lib/lib$(1).so.$$(VERSION)
	$$(Q)ln -sf $$(notdir $$<) $$@
lib/lib$(1).so: lib/lib$(1).so.$$(SOVERSION)
	$$(Q)ln -sf $$(notdir $$<) $$@
LIB_SOS += lib/lib$(1).so
LIB_REALS += lib/lib$(1).so.$$(VERSION)
endef
LIB_SOS :=
LIB_REALS :=
$(eval $(call lib_template,headroom,$(CORE_SRCS),,))
$(foreach l,$(LIBS_EXTRA),$(eval $(call lib_template,headroom-$(l),$($(l)_LIB_SRCS),$($(l)_LIB_PKGS),lib/libheadroom.so,$($(l)_LIB_GEN),$($(l)_LIB_DEPS))))
LIB_SO := lib/libheadroom.so
INSTALL_CORE_OBJS = $(filter-out build/libcommon/cli.o,$(headroom_OBJS)) build/install/cli.o
build/install/libheadroom.so.$(VERSION): $(INSTALL_CORE_OBJS)
	$(QUIET_LINK)$(call link_lib,headroom,$(INSTALL_CORE_OBJS),)

# Generated sources: the remote-write messages from proto/ (protoc-c, from
# Debian's protobuf-c-compiler). Their code is protoc-c's, not ours: built
# without the warnings it trips.
GEN_SRCS := $(foreach l,$(LIBS_EXTRA),$($(l)_LIB_GEN))
build/gen/%.pb-c.c build/gen/%.pb-c.h: proto/%.proto
	@mkdir -p build/gen
	$(QUIET_GEN)protoc-c --proto_path=proto --c_out=build/gen $<
build/gen/%.o: build/gen/%.c build/.flags
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -Wno-cast-qual -Ibuild/gen -MMD -MP -c -o $@ $<
# The order in which dynlib.c loads libheadroom-prom's libraries.
build/gen/dynlib-preload.h: scripts/dlopen-order.sh
	@mkdir -p build/gen
	$(QUIET_GEN)printf '#define DYNLIB_PROM_PRELOAD %s\n' \
		"$$(scripts/dlopen-order.sh $(prom_LIB_PKGS))" >$@.tmp && mv $@.tmp $@
build/libcommon/dynlib.o build/fuzz/obj/libcommon/dynlib.o: build/gen/dynlib-preload.h
build/libcommon/dynlib.o: ALL_CFLAGS += -Ibuild/gen
REMOTE_OBJS := libcommon/remote-write.o libcommon/remote-push.o
$(addprefix build/,$(REMOTE_OBJS)) $(addprefix build/fuzz/obj/,$(REMOTE_OBJS)): build/gen/remote-write.pb-c.h
$(addprefix build/,$(REMOTE_OBJS)): ALL_CFLAGS += -Ibuild/gen

# ---------------------------------------------------------------------------
# tools
TOOLS := $(sort $(notdir $(wildcard tools/hr-*)))
-include $(wildcard tools/hr-*/tool.mk)

# In bin/ the tools find lib/ beside them. make install links them again with
# the rpath of the installation: LIBDIR relative to BINDIR (so that a staged or
# moved installation runs), then LIBDIR itself, because the loader ignores
# $$ORIGIN in a program given file capabilities (setcap); and none at all when
# LIBDIR is one the loader searches anyway (a distribution's package).
RPATH := -Wl,-rpath,'$$ORIGIN/../lib'
MULTIARCH = $(shell $(CC) -print-multiarch 2>/dev/null)
SYSTEM_LIBDIRS = /lib /usr/lib /lib64 /usr/lib64 \
	$(if $(MULTIARCH),/lib/$(MULTIARCH) /usr/lib/$(MULTIARCH))
INSTALL_RPATH ?= $(if $(filter $(patsubst %/,%,$(LIBDIR)),$(SYSTEM_LIBDIRS)),,\
	-Wl,-rpath,'$$ORIGIN/$(LIB_REL):$(LIBDIR)')
# link_tool NAME RPATH
link_tool = $(CC) -o $@ $($(1)_OBJS) $(ALL_LDFLAGS) $(2) -Llib \
	$(foreach l,$($(1)_LIBS),-lheadroom-$(l)) -lheadroom \
	$(call pkg_libs,$($(1)_PKGS) $($(1)_LIBPKGS)) $($(1)_LDLIBS) -lm
define tool_template
$(1)_SRCS := $$(sort $$(wildcard tools/$(1)/*.c))
$(1)_OBJS := $$($(1)_SRCS:%.c=build/%.o)
$(1)_LIBPKGS := $$(foreach l,$$($(1)_LIBS),$$($$(l)_LIB_PKGS))
$(1)_DEPS := $$($(1)_OBJS) $(LIB_SO) $$(foreach l,$$($(1)_LIBS),lib/libheadroom-$$(l).so)
$$($(1)_OBJS): ALL_CFLAGS += $$(call pkg_cflags,$$($(1)_PKGS) $$($(1)_LIBPKGS)) -Itools/$(1)
bin/$(1): $$($(1)_DEPS)
	@mkdir -p bin
	$$(QUIET_LINK)$$(call link_tool,$(1),$$(RPATH))
build/install/$(1): $$($(1)_DEPS) build/.paths
	@mkdir -p build/install
	$$(QUIET_LINK)$$(call link_tool,$(1),$$(INSTALL_RPATH))
endef
$(foreach t,$(TOOLS),$(eval $(call tool_template,$(t))))
BINS := $(TOOLS:%=bin/%)

# ---------------------------------------------------------------------------
# unit tests and test helpers (programs the CLI tests run)
UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/tests/%)
# DT_RPATH, not RUNPATH: it also finds the libraries' own dependencies
# (libheadroom-prom's libheadroom-db) for a test that does not link them.
TEST_RPATH := -Wl,--disable-new-dtags,-rpath,'$$ORIGIN/../../lib'
build/tests/test-%: build/tests/unit/test-%.o $(LIB_SOS)
	@mkdir -p build/tests
	$(QUIET_LINK)$(CC) -o $@ $< $(ALL_LDFLAGS) $(TEST_RPATH) -Llib \
		$(foreach l,$(LIBS_EXTRA),-lheadroom-$(l)) -lheadroom $(LIB_PKG_LIBS)
build/tests/unit/%.o: ALL_CFLAGS += $(LIB_PKG_CFLAGS) -Itests/unit

# Extra test programs (workloads, helpers) register themselves in tests/*.mk.
TEST_PROGS :=
-include $(wildcard tests/*.mk)

# ---------------------------------------------------------------------------
# Fuzz targets: tests/fuzz/fuzz-NAME.c with LLVMFuzzerTestOneInput, built with
# clang's libFuzzer, ASan and UBSan over libcommon's sources plus the files a
# tests/*.mk lists in fuzz-NAME_SRCS (a tool's parser, say). Every source is
# compiled once into build/fuzz/obj and shared by the targets.
# make fuzz FUZZTIME=60 runs each for that many seconds.
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_CC   ?= clang
FUZZTIME  ?= 30
FUZZ_SAN  := -fsanitize=address,undefined
FUZZ_CFLAGS = -std=gnu11 -g -O1 -D_GNU_SOURCE -DHEADROOM_VERSION='"$(VERSION)"' \
	$(TREE_PATHS) -DHEADROOM_SOVERSION='"$(SOVERSION)"' -Iinclude -Ibuild/gen $(LIB_PKG_CFLAGS) $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link
build/fuzz/obj/%.o: %.c build/.flags
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(dir $<) -MMD -MP -c -o $@ $<
.SECONDEXPANSION:
build/fuzz/fuzz-%: build/fuzz/obj/tests/fuzz/fuzz-%.o $(LIB_SRCS:%.c=build/fuzz/obj/%.o) \
		$(GEN_SRCS:%.c=build/fuzz/obj/%.o) \
		$$(addprefix build/fuzz/obj/,$$(addsuffix .o,$$(basename $$(fuzz-$$*_SRCS))))
	@mkdir -p build/fuzz
	$(QUIET_LINK)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ \
		$(LIB_PKG_LIBS) $(call pkg_libs,$(fuzz-$*_PKGS))
# Each target runs in its own rule, so that make -j runs them side by side.
FUZZ_RUNS := $(FUZZ_BINS:build/fuzz/%=fuzz-run-%)
fuzz: $(FUZZ_RUNS)
$(FUZZ_RUNS): fuzz-run-%: build/fuzz/%
	@mkdir -p build/fuzz/corpus-$*
	@echo "fuzzing $* for $(FUZZTIME)s"
	@$< -max_total_time=$(FUZZTIME) -timeout=5 -rss_limit_mb=2048 \
		build/fuzz/corpus-$* $$(cat tests/fuzz/$*.seeds 2>/dev/null) \
		>build/fuzz/$*.log 2>&1 || { tail -40 build/fuzz/$*.log; exit 1; }

# ---------------------------------------------------------------------------
build/%.o: %.c build/.flags
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# ---------------------------------------------------------------------------
# Shell completion, generated from the tools' own option tables (their hidden
# --list-options and the synopsis of --help), so that it cannot drift from them.
COMPLETIONS := build/completion/headroom.bash build/completion/_headroom
build/completion/headroom.bash: scripts/completion.sh $(BINS)
	@mkdir -p build/completion
	$(QUIET_GEN)scripts/completion.sh bash $(BINS) >$@.tmp && mv $@.tmp $@
build/completion/_headroom: scripts/completion.sh $(BINS)
	@mkdir -p build/completion
	$(QUIET_GEN)scripts/completion.sh zsh $(BINS) >$@.tmp && mv $@.tmp $@

# systemd units, tmpfiles.d and sysusers.d entries, and the cron example
# (dist/): FILE.in gets the installed BINDIR.
DIST_GEN  := $(patsubst dist/%.in,build/dist/%,$(wildcard dist/*/*.in))
UNITS     := $(filter %.service %.timer,$(DIST_GEN) $(wildcard dist/systemd/*))
build/dist/%: dist/%.in build/.paths
	@mkdir -p $(dir $@)
	$(QUIET_GEN)sed 's|@BINDIR@|$(BINDIR)|g' $< >$@

all: $(LIB_SOS) $(BINS) $(COMPLETIONS) $(DIST_GEN)
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

# What make install puts in place, relative to DESTDIR; make uninstall removes
# exactly that: every file, and the directories that are headroom's own (not
# the standard ones such as BINDIR, even when empty).
PC_FILES := $(patsubst %,build/pkgconfig/%.pc,headroom $(LIBS_EXTRA:%=headroom-%))
INSTALLED_LIBS = $(foreach l,$(LIB_SOS),$(notdir $(l)) $(notdir $(l)).$(SOVERSION) \
	$(notdir $(l)).$(VERSION))
MAN_PAGES := $(wildcard man/man1/*.1 man/man5/*.5 man/man7/*.7)
CRON_EXAMPLE := $(DOCDIR)/examples/cron.d/headroom

build/pkgconfig/%.pc: FORCE
	@mkdir -p build/pkgconfig
	@scripts/pkgconfig.sh '$*' '$(VERSION)' '$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' \
		'$(if $(filter headroom,$*),,headroom $(foreach d,$($(patsubst headroom-%,%,$*)_LIB_DEPS),headroom-$(d)) $($(patsubst headroom-%,%,$*)_LIB_PKGS))' >$@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

install: all $(PC_FILES) $(TOOLS:%=build/install/%) build/install/libheadroom.so.$(VERSION)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR)/headroom $(DESTDIR)$(DATADIR)/headroom \
		$(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSUSERSDIR) \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(dir $(DESTDIR)$(CRON_EXAMPLE))
	$(INSTALL) -m 755 $(TOOLS:%=build/install/%) $(DESTDIR)$(BINDIR)/
	for l in $(LIB_SOS); do \
		n=$${l##*/}; \
		if [ $$n = libheadroom.so ]; then l=build/install/$$n; fi; \
		$(INSTALL) -m 644 $$l.$(VERSION) $(DESTDIR)$(LIBDIR)/ && \
		ln -sf $$n.$(VERSION) $(DESTDIR)$(LIBDIR)/$$n.$(SOVERSION) && \
		ln -sf $$n.$(SOVERSION) $(DESTDIR)$(LIBDIR)/$$n || exit 1; \
	done
	$(INSTALL) -m 644 $(PC_FILES) $(DESTDIR)$(LIBDIR)/pkgconfig/
	$(INSTALL) -m 644 include/headroom/*.h $(DESTDIR)$(INCLUDEDIR)/headroom/
	cp -R share/headroom/. $(DESTDIR)$(DATADIR)/headroom/
	for s in 1 5 7; do \
		ls man/man$$s/*.$$s >/dev/null 2>&1 || continue; \
		$(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$s; \
		$(INSTALL) -m 644 man/man$$s/*.$$s $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	$(INSTALL) -m 644 $(UNITS) $(DESTDIR)$(SYSTEMDUNITDIR)/
	$(INSTALL) -m 644 dist/systemd/headroom.tmpfiles $(DESTDIR)$(TMPFILESDIR)/headroom.conf
	$(INSTALL) -m 644 dist/systemd/headroom.sysusers $(DESTDIR)$(SYSUSERSDIR)/headroom.conf
	$(INSTALL) -m 644 build/dist/cron.d/headroom $(DESTDIR)$(CRON_EXAMPLE)
	$(INSTALL) -m 644 build/completion/headroom.bash $(DESTDIR)$(BASHCOMPDIR)/headroom
	for t in $(TOOLS); do ln -sf headroom $(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; done
	$(INSTALL) -m 644 build/completion/_headroom $(DESTDIR)$(ZSHCOMPDIR)/_headroom

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(TOOLS))
	rm -f $(addprefix $(DESTDIR)$(LIBDIR)/,$(INSTALLED_LIBS))
	rm -f $(addprefix $(DESTDIR)$(LIBDIR)/pkgconfig/,$(notdir $(PC_FILES)))
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/headroom/,$(notdir $(wildcard include/headroom/*.h)))
	cd share/headroom && find . -type f | while read -r f; do \
		rm -f "$(DESTDIR)$(DATADIR)/headroom/$$f"; done
	for m in $(MAN_PAGES); do \
		s=$${m##*.}; rm -f "$(DESTDIR)$(MANDIR)/man$$s/$${m##*/}"; done
	rm -f $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(notdir $(UNITS))) \
		$(DESTDIR)$(TMPFILESDIR)/headroom.conf $(DESTDIR)$(SYSUSERSDIR)/headroom.conf \
		$(DESTDIR)$(CRON_EXAMPLE) $(DESTDIR)$(BASHCOMPDIR)/headroom \
		$(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(TOOLS)) $(DESTDIR)$(ZSHCOMPDIR)/_headroom
	-rmdir $(DESTDIR)$(INCLUDEDIR)/headroom $(dir $(DESTDIR)$(CRON_EXAMPLE)) \
		$(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null
	-cd share/headroom && find . -mindepth 1 -depth -type d | while read -r d; do \
		rmdir "$(DESTDIR)$(DATADIR)/headroom/$${d#./}" 2>/dev/null; done; \
		rmdir "$(DESTDIR)$(DATADIR)/headroom" 2>/dev/null; true

# The Debian packages (debian/), built from a copy of the tree so that the
# package's build flags and paths leave bin/ and lib/ alone; the .deb files
# land in DEBDIR. check-package builds, installs, runs and removes them.
DEBDIR ?= build/deb
deb:
	@scripts/deps.sh --package
	@scripts/deb.sh '$(DEBDIR)'
check-package: all
	@scripts/deps.sh --package
	@HEADROOM_TEST_JOBS=1 tests/run tests/package/t*.sh

clean:
	rm -rf build bin lib

.PHONY: fuzz $(FUZZ_RUNS) all check check-run sanitize bench bench-run demo demo-run deps install uninstall \
	deb check-package clean FORCE

-include $(shell find build -name '*.d' -type f 2>/dev/null)
.SECONDARY:
