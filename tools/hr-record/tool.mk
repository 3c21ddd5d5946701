hr-record_PKGS := sqlite3
