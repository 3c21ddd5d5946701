hr-record_LIBS := db
