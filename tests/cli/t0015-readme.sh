#!/bin/bash
# The README's commands run, and print what the README shows.
#
# Every fenced block of README.md with "$ COMMAND" lines is a test: each
# command (with its continuation lines, those after a line ending in '\' or
# '|') runs in a scratch directory (a "cd" holding for the block's later
# commands), and its standard output and error must be
# the lines that follow it in the block. In those lines:
#   - a line of "..." or "…" alone stands for any number of lines left out;
#   - a line ending in "…" stands for a line that goes on (a long line cut);
#   - <!-- readme-test: mask REGEX --> before the block (repeatable) replaces
#     what REGEX (extended) matches, in the README's lines and the output
#     alike, by "<masked>": for times, PIDs and sample counts.
# <!-- readme-test: needs COMMAND --> before a block skips it where COMMAND
# is not installed.
# <!-- readme-test: terminal --> before a block runs its commands on a
# terminal (script(1), 120 columns, NO_COLOR), for output shown as a person
# sees it: tables rather than TSV.
# A block opts out with <!-- readme-test: skip: REASON --> just before it
# (blank lines may come between); the reason is printed, and the block is not
# a test. So a
# new section is tested unless it says why it cannot be.
#
# The scratch directory has tests/, share/ and man/ of the source tree, the tour's
# example files before.folded and after.folded (tests/data/difftop), the
# demo history (share/headroom/history-example.tsv.gz) as $HEADROOM_DB, with
# "now" pinned to its end (HEADROOM_NOW), and build/demo/rightsize.db as make
# demo writes it. A command may exit 0 or 1 (the
# judging tools' verdict); 2 fails the test.
. "$(dirname "$0")/../lib.sh"

README=$SRC_ROOT/README.md

ln -s "$SRC_ROOT/tests" tests
ln -s "$SRC_ROOT/share" share
ln -s "$SRC_ROOT/man" man
cp "$SRC_ROOT/tests/data/difftop/before.folded" "$SRC_ROOT/tests/data/difftop/after.folded" .
export HEADROOM_DB=$PWD/demo.db HEADROOM_NOW=2026-11-22T00:00:00Z
gzip -dc share/headroom/history-example.tsv.gz | hr-record -q --db "$HEADROOM_DB" --import - ||
	echo "# warning: the demo history could not be imported"
# What make demo leaves in build/demo/ and the tour reads: hr-rightsize's
# two-week history.
mkdir -p build/demo
"$SRC_ROOT/tests/data/rightsize/demo-history.sh" |
	hr-record -q --db build/demo/rightsize.db --import - ||
	echo "# warning: the rightsize demo history could not be imported"

# Splits the README into blocks/N (the lines), blocks/N.line (where the block
# starts), blocks/N.skip (the reason, if any) and blocks/N.mask (REGEXes).
split_readme() {
	mkdir -p blocks
	awk '
		function reset() { skip = ""; nmask = 0; tty = 0; needs = "" }
		BEGIN { n = 0; inblock = 0; reset() }
		!inblock && /^<!-- readme-test: skip: .* -->$/ {
			skip = $0; sub(/^<!-- readme-test: skip: /, "", skip); sub(/ -->$/, "", skip)
			next
		}
		!inblock && /^<!-- readme-test: terminal -->$/ { tty = 1; next }
		!inblock && /^<!-- readme-test: needs [^ ]+ -->$/ { needs = $4; next }
		!inblock && /^<!-- readme-test: mask .* -->$/ {
			m = $0; sub(/^<!-- readme-test: mask /, "", m); sub(/ -->$/, "", m)
			masks[++nmask] = m
			next
		}
		!inblock && /^```/ {
			inblock = 1; n++
			f = "blocks/" n
			printf "" >f
			print NR >(f ".line")
			if (skip != "") print skip >(f ".skip")
			for (k = 1; k <= nmask; k++) print masks[k] >(f ".mask")
			if (tty) print "" >(f ".tty")
			if (needs != "") print needs >(f ".needs")
			reset()
			next
		}
		inblock && /^```$/ { inblock = 0; close(f); next }
		inblock { print >f; next }
		/^[ \t]*$/ { next }
		{ reset() }
	' "$README"
}

# Writes $2cmd.K and $2want.K for each command of block $1; prints how many.
split_commands() {
	awk -v pre="$2" '
		/^\$ / {
			k++; cont = 0
			line = substr($0, 3)
			print line >(pre "cmd." k); printf "" >(pre "want." k)
			cont = line ~ /[\\|][ \t]*$/
			next
		}
		cont && k { print >(pre "cmd." k); cont = $0 ~ /[\\|][ \t]*$/; next }
		k { print >(pre "want." k) }
		END { print k + 0 }
	' "$1"
}

# Applies the masks of file $1 (none if it does not exist) to standard input.
mask() {
	if [ -s "$1" ]; then
		local args=() m
		while IFS= read -r m; do args+=(-e "s/$m/<masked>/g"); done <"$1"
		sed -E "${args[@]}"
	else
		cat
	fi
}

# Compares the README's lines (file $1) with the output (file $2), with the
# "..." and "…" rules above; prints what differs.
match_output() {
	awk -v want="$1" -v got="$2" '
		function elided(e) { return e == "..." || e == "…" }
		function same(e, a,   p) {
			if (e ~ /…$/) {
				p = e; sub(/…$/, "", p)
				return index(a, p) == 1
			}
			return e == a
		}
		BEGIN {
			while ((getline l <want) > 0) E[++ne] = l
			while ((getline l <got) > 0) A[++na] = l
			i = 1; j = 1
			while (i <= ne) {
				if (elided(E[i])) {
					if (i == ne) { j = na + 1; i++; continue }
					while (j <= na && !same(E[i + 1], A[j])) j++
					i++
					continue
				}
				if (j > na) { printf "missing: %s\n", E[i]; exit 1 }
				if (!same(E[i], A[j])) {
					printf "README line: %s\n     output: %s\n", E[i], A[j]
					exit 1
				}
				i++; j++
			}
			if (j <= na) { printf "output the README does not show: %s\n", A[j]; exit 1 }
		}'
}

# Runs the commands of block $1 and checks their output.
run_block() {
	local b=$1 n k rc
	n=$(split_commands "blocks/$b" "run/$b.")
	# A block's commands share one working directory, as in one shell: a
	# "cd" holds for the commands after it.
	pwd >"run/$b.cwd"
	for k in $(seq 1 "$n"); do
		{
			printf 'cd "%s" || exit 2\n' "$(cat "run/$b.cwd")"
			cat "run/$b.cmd.$k"
			printf '\nrc=$?; pwd >"%s"; exit $rc\n' "$PWD/run/$b.cwd"
		} >"run/$b.sh.$k"
		if [ -e "blocks/$b.tty" ]; then
			rc=0
			NO_COLOR=1 script -qfec "stty cols 120 rows 50; bash run/$b.sh.$k" /dev/null \
				>"run/$b.got.$k.tty" || rc=$?
			# What the terminal shows: a line rewritten after a carriage
			# return (a progress line) is what follows the last one.
			sed -e "s/\r\$//" -e "s/.*\r//" <"run/$b.got.$k.tty" >"run/$b.got.$k"
		else
			rc=0
			bash "run/$b.sh.$k" >"run/$b.got.$k" 2>&1 || rc=$?
		fi
		if [ $rc -gt 1 ]; then
			echo "\$ $(head -1 "run/$b.cmd.$k"): exit $rc"
			cat "run/$b.got.$k"
			return 1
		fi
		mask "blocks/$b.mask" <"run/$b.want.$k" >"run/$b.want.$k.m"
		mask "blocks/$b.mask" <"run/$b.got.$k" >"run/$b.got.$k.m"
		if ! match_output "run/$b.want.$k.m" "run/$b.got.$k.m"; then
			echo "\$ $(head -1 "run/$b.cmd.$k")"
			return 1
		fi
	done
}

split_readme
mkdir run
for f in blocks/*.line; do
	b=${f#blocks/}
	b=${b%.line}
	grep -q '^\$ ' "blocks/$b" || continue
	line=$(cat "$f")
	title="README.md:$line: $(grep -m1 '^\$ ' "blocks/$b" | cut -c3- | cut -c1-60)"
	if [ -e "blocks/$b.skip" ]; then
		# Not a test the machine lacks a facility for: a block the README
		# itself says cannot run here.
		say "not run: $title: $(cat "blocks/$b.skip")"
		continue
	fi
	if [ -e "blocks/$b.needs" ] && ! command -v "$(cat "blocks/$b.needs")" >/dev/null; then
		test_skip "$title" "$(cat "blocks/$b.needs") is not installed"
		continue
	fi
	test_expect_success "$title" "run_block $b"
done

test_expect_success 'every block of the README that shows commands is tested or says why not' '
	test $(ls blocks/*.line | wc -l) -ge 10
'
test_done
