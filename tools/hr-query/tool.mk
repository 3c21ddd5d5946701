hr-query_PKGS := sqlite3
