hr-rightsize_PKGS := sqlite3
