hr-forecast_LIBS := forecast
