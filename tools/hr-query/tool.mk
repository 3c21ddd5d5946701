hr-query_LIBS := db
