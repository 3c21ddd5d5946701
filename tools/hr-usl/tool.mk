# hr-usl fits with GSL's non-linear least squares and reads load-test
# results with libheadroom-loadtest.
hr-usl_PKGS := gsl
hr-usl_LIBS := loadtest
