#!/bin/sh
# Installs the Debian -dev packages headroom builds against, when pkg-config
# cannot find them, and the tools its tests run. Debian's libunwind-dev is
# required: LLVM's libunwind-*-dev ships a same-named header without
# libunwind's remote-unwinding API.
# With --package, also what building and checking the Debian packages needs
# (make deb, make check-package): dpkg-dev, debhelper, lintian and the
# Build-Depends of debian/control.
set -e
cd "$(dirname "$0")/.."
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
need=""
package=
[ "$1" = --package ] && package=1
command -v "$PKG_CONFIG" >/dev/null 2>&1 || need="$need pkg-config"
have() { command -v "$PKG_CONFIG" >/dev/null 2>&1 && "$PKG_CONFIG" --exists "$@" 2>/dev/null; }
have libunwind-generic libunwind-ptrace || need="$need libunwind-dev"
have libdw || need="$need libdw-dev"
have libelf || need="$need libelf-dev"
have gsl || need="$need libgsl-dev"
have sqlite3 || need="$need libsqlite3-dev"
have zlib || need="$need zlib1g-dev"
# For the tests: Go's pprof reads hr-fold's pprof output, xmllint and jq check
# that SVG and JSON outputs parse.
command -v go >/dev/null 2>&1 || need="$need golang-go"
command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
command -v jq >/dev/null 2>&1 || need="$need jq"
# hr-sample's Python frames: the demo and tests profile Debian's interpreter.
command -v python3 >/dev/null 2>&1 || need="$need python3"
if [ ! -x /usr/bin/python3.11 ] && apt-cache show python3.11 >/dev/null 2>&1; then
	need="$need python3.11"
fi
have libcurl || need="$need libcurl4-openssl-dev"
have snappy || need="$need libsnappy-dev"
have libprotobuf-c || need="$need libprotobuf-c-dev"
command -v protoc-c >/dev/null 2>&1 || need="$need protobuf-c-compiler"
# The remote-write and query tests start real servers and ask them with curl.
command -v prometheus >/dev/null 2>&1 || need="$need prometheus"
command -v victoria-metrics >/dev/null 2>&1 || need="$need victoria-metrics"
command -v curl >/dev/null 2>&1 || need="$need curl"
# The debuginfod test serves its own debug files with Debian's debuginfod.
command -v debuginfod >/dev/null 2>&1 || need="$need debuginfod"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
# The tests: systemd-analyze verifies the units, setcap gives capabilities to
# a copy of hr-sample, bash-completion's own functions and zsh meet the
# completion.
command -v systemd-analyze >/dev/null 2>&1 || need="$need systemd"
[ -x /usr/sbin/setcap ] || [ -x /sbin/setcap ] || need="$need libcap2-bin"
[ -f /usr/share/bash-completion/bash_completion ] || need="$need bash-completion"
command -v zsh >/dev/null 2>&1 || need="$need zsh"
# The load-test tests: real generators against a local server, and node with
# the npm package hdr-histogram-js writing HdrHistogram logs.
command -v ab >/dev/null 2>&1 || need="$need apache2-utils"
command -v wrk >/dev/null 2>&1 || need="$need wrk"
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
if [ -n "$package" ]; then
	command -v dpkg-buildpackage >/dev/null 2>&1 || need="$need dpkg-dev"
	command -v dh >/dev/null 2>&1 || need="$need debhelper"
	command -v lintian >/dev/null 2>&1 || need="$need lintian"
	# What else debian/control asks for (dpkg-checkbuilddeps is dpkg-dev's).
	if command -v dpkg-checkbuilddeps >/dev/null 2>&1 && ! dpkg-checkbuilddeps >/dev/null 2>&1; then
		builddep=1
	fi
fi
# An LLVM libunwind header shadowing Debian's makes the build fail in odd ways.
if dpkg-query -W -f='${Status}' 'libunwind-*-dev' 2>/dev/null | grep -q 'install ok installed' &&
   ! dpkg-query -W -f='${Status}' libunwind-dev 2>/dev/null | grep -q 'install ok installed'; then
	case "$need" in *libunwind-dev*) ;; *) need="$need libunwind-dev" ;; esac
fi
# hdr-histogram-js, pinned, into the build tree (make clean removes it); not
# as root's global package. A failure here leaves the hlog test failing with
# a reason, not the whole make check.
npm_deps() {
	dir=${HEADROOM_NPM_DIR:-build/npm}
	[ -f "$dir/node_modules/hdr-histogram-js/package.json" ] && return 0
	command -v npm >/dev/null 2>&1 || return 0
	echo "make deps: installing hdr-histogram-js into $dir" >&2
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
		hdr-histogram-js@3.0.1 >&2 ||
		echo "make deps: npm could not install hdr-histogram-js" >&2
}
if [ -z "$need" ] && [ -z "$builddep" ]; then
	npm_deps
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "make deps: missing:$need${builddep:+ (and debian/control's Build-Depends)};" \
		"run 'make deps' as root or install them with apt-get" >&2
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
[ -n "$need" ] && apt-get install -y -qq --no-install-recommends $need
# The Build-Depends, now that dpkg-dev can read them.
if [ -n "$package" ] && ! dpkg-checkbuilddeps >/dev/null 2>&1; then
	apt-get build-dep -y -qq --no-install-recommends ./
fi
npm_deps
