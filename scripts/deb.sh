#!/bin/sh
# Builds the Debian packages (debian/) from a copy of the source tree, so that
# the package's build flags and paths leave the tree's own build alone, and
# without the test suite. The .deb files land in DIR.
# Usage: scripts/deb.sh [DIR]     (default build/deb)
set -e
cd "$(dirname "$0")/.."
# The package build is its own: no flags of a calling make (SANITIZE, WERROR, -j).
unset MAKEFLAGS MFLAGS MAKELEVEL
out=${1:-build/deb}
version=$(dpkg-parsechangelog -S Version)
src=$out/headroom-$version
rm -rf "$src"
mkdir -p "$src"
out=$(cd "$out" && pwd)
# The tree without what builds produce, and without the output directory.
tar -cf - --exclude=./.git --exclude=./build --exclude=./bin --exclude=./lib \
	--exclude="./${out#"$PWD"/}" . | tar -xf - -C "$src"
cd "$src"
DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -us -uc -b -J"$(nproc)"
cd "$out"
rm -rf "$src"
ls "$out"/*_"$version"_*.deb
