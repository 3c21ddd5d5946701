# hr-usl fits with GSL's non-linear least squares.
hr-usl_PKGS := gsl
