hr-rightsize_LIBS := db forecast
