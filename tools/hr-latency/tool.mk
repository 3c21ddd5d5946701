# hr-latency reads load-test formats and HdrHistogram logs with libheadroom-loadtest.
hr-latency_LIBS := loadtest
