#!/bin/sh
# Installs the Debian -dev packages headroom builds against, when pkg-config
# cannot find them. Debian's libunwind-dev is required: LLVM's libunwind-*-dev
# ships a same-named header without libunwind's remote-unwinding API.
set -e
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
need=""
command -v "$PKG_CONFIG" >/dev/null 2>&1 || need="$need pkg-config"
have() { command -v "$PKG_CONFIG" >/dev/null 2>&1 && "$PKG_CONFIG" --exists "$@" 2>/dev/null; }
have libunwind-generic libunwind-ptrace || need="$need libunwind-dev"
have libdw || need="$need libdw-dev"
have libelf || need="$need libelf-dev"
have gsl || need="$need libgsl-dev"
have sqlite3 || need="$need libsqlite3-dev"
have libcurl || need="$need libcurl4-openssl-dev"
have snappy || need="$need libsnappy-dev"
have libprotobuf-c || need="$need libprotobuf-c-dev"
command -v protoc-c >/dev/null 2>&1 || need="$need protobuf-c-compiler"
# The remote-write and query tests start real servers and ask them with curl.
command -v prometheus >/dev/null 2>&1 || need="$need prometheus"
command -v victoria-metrics >/dev/null 2>&1 || need="$need victoria-metrics"
command -v curl >/dev/null 2>&1 || need="$need curl"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
# An LLVM libunwind header shadowing Debian's makes the build fail in odd ways.
if dpkg-query -W -f='${Status}' 'libunwind-*-dev' 2>/dev/null | grep -q 'install ok installed' &&
   ! dpkg-query -W -f='${Status}' libunwind-dev 2>/dev/null | grep -q 'install ok installed'; then
	case "$need" in *libunwind-dev*) ;; *) need="$need libunwind-dev" ;; esac
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "make deps: missing:$need; run 'make deps' as root or install them with apt-get" >&2
	exit 2
fi
echo "make deps: installing$need" >&2
export DEBIAN_FRONTEND=noninteractive
# Debian's libunwind-dev conflicts with LLVM's; remove the latter explicitly so
# apt does not refuse.
llvm=$(dpkg-query -W -f='${Package} ${Status}\n' 'libunwind-*-dev' 2>/dev/null |
	awk '/install ok installed/ && $1 != "libunwind-dev" {print $1}')
apt-get update -qq || true
[ -n "$llvm" ] && apt-get remove -y -qq $llvm
apt-get install -y -qq --no-install-recommends $need
