# hr-record / hr-query: the fuzz target of the series-name and selector parsers
# needs only libcommon's sources (db.c), which every fuzz target gets.
fuzz-record-names_SRCS :=
fuzz-record-names_PKGS := sqlite3
