hr-forecast_LIBS := forecast
hr-forecast_LDLIBS := -pthread
