hr-record_PKGS := sqlite3

# hr-record runs once a minute from cron, so start-up is most of its cost.
# Linked against libheadroom.so it loads libdw, libelf, GSL and their
# compression libraries too, and the dynamic loader resolves SQLite's ~1500
# self-references (it is built with BIND_NOW) one symbol lookup at a time:
# half of a one-shot run's instructions under callgrind. So hr-record takes
# the libcommon modules it uses from an archive and links SQLite statically
# when the static library is installed; --as-needed then drops libheadroom
# ("private": libheadroom.so, a prerequisite, must not inherit these flags).
HR_RECORD_AR := build/tools/hr-record/libcommon.a
HR_RECORD_SQLITE_A := $(shell $(CC) -print-file-name=libsqlite3.a 2>/dev/null)
$(HR_RECORD_AR): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^
bin/hr-record: $(HR_RECORD_AR)
bin/hr-record: private ALL_LDFLAGS += -Wl,--as-needed $(HR_RECORD_AR) \
	$(if $(filter /%,$(HR_RECORD_SQLITE_A)),$(HR_RECORD_SQLITE_A))
