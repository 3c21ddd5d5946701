#!/bin/sh
# Prints, for dynlib.c, the libraries that the pkg-config packages given
# need, as C string literals: each package's libraries after those they
# load (ldd's load order reversed), without libc, libm and the loader, which
# every tool has loaded already. Prints nothing where ldd cannot tell (a
# cross build): dynlib.c then loads the libraries in one dlopen.
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
{
	for pkg in "$@"; do
		libdir=$($PKG_CONFIG --variable=libdir "$pkg" 2>/dev/null)
		for l in $($PKG_CONFIG --libs-only-l "$pkg" 2>/dev/null); do
			f=$libdir/lib${l#-l}.so
			[ -e "$f" ] || continue
			soname=$(objdump -p "$f" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
			[ -n "$soname" ] || continue
			ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $1 }' | tac
			echo "$soname"
		done
	done
} | awk '!/^(libc|libm)\.so|^ld-linux|^linux-vdso/ && !seen[$0]++ { printf "\"%s\", ", $0 } END { print "" }'
