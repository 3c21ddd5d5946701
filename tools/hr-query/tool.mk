hr-query_LIBS := db pprof
