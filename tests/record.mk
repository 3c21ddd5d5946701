# hr-record / hr-query: the fuzz target of the series-name and selector parsers
# needs only libcommon's sources (labels.c), which every fuzz target gets.
fuzz-record-names_SRCS :=
