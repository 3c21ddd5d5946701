#!/bin/sh
# Writes the pkg-config file of one of headroom's libraries to standard output.
# Usage: pkgconfig.sh NAME VERSION PREFIX LIBDIR INCLUDEDIR 'REQUIRES...'
name=$1 version=$2 prefix=$3 libdir=$4 includedir=$5 requires=$6
case $name in
headroom) what="the core: errors, buffers, folded stacks, series, units, options" ;;
headroom-db) what="the SQLite history database" ;;
headroom-forecast) what="the forecasting models (GSL)" ;;
headroom-symbols) what="ELF and DWARF symbols (libdw)" ;;
headroom-prom) what="Prometheus remote write and query API (libcurl, snappy, protobuf-c)" ;;
*) what=$name ;;
esac
cat <<PC
prefix=$prefix
libdir=$libdir
includedir=$includedir

Name: $name
Description: headroom's library: $what
Version: $version
PC
if [ -n "$requires" ]; then
	echo "Requires: $(echo $requires | sed 's/ /, /g')"
fi
cat <<PC
Libs: -L\${libdir} -l$name
Cflags: -I\${includedir}
PC
