#!/bin/bash
# Bash completion (build/completion/headroom.bash), generated from the tools'
# own option tables: every tool's options, choices, files, directories,
# process ids, the command after --, and series names from hr-query --list.
# The completion is exercised as bash calls it: COMP_WORDS split at
# COMP_WORDBREAKS, COMP_CWORD, COMP_LINE and COMP_POINT.
. "$(dirname "$0")/../lib.sh"

comp=$SRC_ROOT/build/completion/headroom.bash
zcomp=$SRC_ROOT/build/completion/_headroom

# complete_line LINE [SETUP]: what bash would offer at the end of LINE, one
# a line, sorted, in a fresh bash that sourced the completion (after SETUP).
complete_line() {
	bash --norc --noprofile -c '
		eval "$2"
		. "$1"
		line=$3
		# Words as readline splits them: at blanks, and at "=" and ":",
		# which stand as words of their own.
		words=() w=
		for ((i = 0; i < ${#line}; i++)); do
			c=${line:i:1}
			case $c in
			" ") [[ -n $w ]] && words+=("$w"); w= ;;
			=|:) [[ -n $w ]] && words+=("$w"); words+=("$c"); w= ;;
			*) w+=$c ;;
			esac
		done
		words+=("$w")
		COMP_WORDS=("${words[@]}") COMP_CWORD=$((${#words[@]} - 1))
		COMP_LINE=$line COMP_POINT=${#line}
		spec=$(complete -p "${words[0]}") || exit 3
		fn=${spec#*-F }; fn=${fn%% *}
		"$fn" "${words[0]}" "${words[COMP_CWORD]}" "${words[COMP_CWORD-1]}"
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort
	' complete_line "$comp" "${2:-}" "$1"
}

test_expect_success 'the completion is generated and current' '
	test -f "$comp" &&
	bash -n "$comp" &&
	"$SRC_ROOT/scripts/completion.sh" bash "$SRC_ROOT"/bin/hr-* >regenerated 2>/dev/null &&
	test_cmp "$comp" regenerated
'

for bin in "$SRC_ROOT"/bin/hr-*; do
	t=${bin##*/}
	test_expect_success "$t: every option of its table, long and short" "
		$t --list-options | cut -f1 | tr '|' '\n' | grep -- '^--' | sort >expect-long &&
		complete_line '$t --' >long &&
		test_cmp expect-long long &&
		$t --list-options | cut -f1 | tr '|' '\n' | grep -v -- '^--' | sort >expect-short &&
		complete_line '$t -' | grep -v -- '^--' >short &&
		test_cmp expect-short short
	"
done

test_expect_success 'a choice argument: the choices, after a blank or =' '
	printf "%s\n" delta delta-total self total >expect &&
	complete_line "hr-top --sort " >out && test_cmp expect out &&
	printf "%s\n" delta delta-total >expect &&
	complete_line "hr-top -s d" >out && test_cmp expect out &&
	complete_line "hr-top --sort=d" >out && test_cmp expect out
'

test_expect_success 'hr-flame --colors and hr-query --format offer what the tools accept' '
	hr-flame --list-options | awk -F"\t" "\$1 == \"--colors\" { print \$4 }" | tr " " "\n" |
		sort >expect &&
	grep -qx java expect &&
	complete_line "hr-flame --colors " >out && test_cmp expect out &&
	echo json >expect &&
	complete_line "hr-query --format j" >out && test_cmp expect out
'

test_expect_success 'a file argument and file operands: files' '
	mkdir -p f/sub && : >f/prof1.folded && : >f/prof2.folded && : >f/other &&
	printf "%s\n" f/prof1.folded f/prof2.folded >expect &&
	complete_line "hr-top -o f/pro" >out && test_cmp expect out &&
	complete_line "hr-top --wide f/pro" >out && test_cmp expect out &&
	complete_line "hr-fold --output=f/pro" >out && test_cmp expect out &&
	printf "%s\n" f/other f/prof1.folded f/prof2.folded f/sub >expect &&
	complete_line "hr-fold --pid f/" >out && test_cmp expect out
'

test_expect_success 'a directory argument: directories only' '
	mkdir -p cg/a cg/b && : >cg/file &&
	printf "%s\n" cg/a cg/b >expect &&
	complete_line "hr-sample --cgroup cg/" >out && test_cmp expect out
'

test_expect_success 'hr-sample -p: process ids; after --: a command, not options' '
	complete_line "hr-sample -p $$" >out && grep -qx "$$" out &&
	complete_line "hr-sample -d 1 -- slee" >out && grep -qx sleep out &&
	complete_line "hr-sample --quiet -- sleep --" >out && test_cmp /dev/null out
'

test_expect_success 'hr-record has no operands; hr-rightsize --db a file' '
	complete_line "hr-record " >out && test_cmp /dev/null out &&
	: >hist.db &&
	echo hist.db >expect &&
	complete_line "hr-rightsize --db hist" >out && test_cmp expect out
'

test_expect_success 'series names from hr-query --list of the --db named' '
	printf "%s\t%s\t%s\n" \
		1700000000 cpu.util 12 \
		1700000000 "disk.read_bps{dev=sda}" 1000 \
		1700000000 "disk.read_bps{dev=sdb}" 2000 \
		1700000000 mem.used_bytes 4096 >series.tsv &&
	hr-record --db hist.db --import series.tsv &&
	printf "%s\n" cpu.util disk.read_bps mem.used_bytes >expect &&
	complete_line "hr-query --db hist.db " >out && test_cmp expect out &&
	complete_line "hr-query --db=hist.db --list " >out && test_cmp expect out &&
	echo disk.read_bps >expect &&
	complete_line "hr-query --db hist.db --since 1d di" >out && test_cmp expect out
'

test_expect_success 'series labels once the word has a {' '
	printf "%s\n" "sda}" "sdb}" >expect &&
	complete_line "hr-query --db hist.db disk.read_bps{dev=" >out && test_cmp expect out &&
	echo "sdb}" >expect &&
	complete_line "hr-query --db hist.db disk.read_bps{dev=sdb" >out && test_cmp expect out
'

test_expect_success 'series from $HEADROOM_DB without --db' '
	echo cpu.util >expect &&
	complete_line "hr-query cp" "export HEADROOM_DB=$TRASH/hist.db" >out && test_cmp expect out
'

if [ -f /usr/share/bash-completion/bash_completion ]; then
	test_set_prereq BASH_COMPLETION
fi
test_expect_success BASH_COMPLETION 'with bash-completion loaded: files and the command after --' '
	bc=". /usr/share/bash-completion/bash_completion" &&
	printf "%s\n" f/prof1.folded f/prof2.folded >expect &&
	complete_line "hr-top -o f/pro" "$bc" >out && test_cmp expect out &&
	complete_line "hr-sample -- slee" "$bc" >out && grep -qx sleep out
'

# zsh: an interactive zsh on a pseudo-terminal (zsh/zpty) loads the
# completion with compinit, is sent LINE and a TAB, and prints each match
# that reaches compadd, between control characters that its echo of the
# typed lines cannot hold.
cat >zcomplete.zsh <<'EOF'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -d ${(q)1}/.zcompdump"
zpty -w z $'compadd() { local -a m; builtin compadd -A m "$@"; (( $#m )) && print -rl -- $\'\\x01\'${^m}; builtin compadd "$@" }'
zpty -w z 'zstyle ":completion:*" insert-tab false; bindkey "^I" complete-word'
zpty -w z $'comppostfuncs=(_zc_end); _zc_end() { print -r -- $\'\\x02\' }'
zpty -w -n z "$2"$'\t'
out=
while zpty -r z line; do
	out+=$line
	[[ $line == *$'\x02'* ]] && break
done
zpty -d z
print -r -- $out | tr -d '\r' | sed -n 's/^.*\x01//p' | sort -u
EOF
# Under AddressSanitizer, LeakSanitizer's exit-time tracer can stop a tool
# that an interactive zsh runs for a completion, and both then wait for
# ever; the tools' leaks are checked by the other tests.
zcomplete() {
	mkdir -p "$TRASH/zfp" && cp "$zcomp" "$TRASH/zfp/" &&
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		timeout 30 zsh -f "$TRASH/zcomplete.zsh" "$TRASH/zfp" "$1"
}

if command -v zsh >/dev/null; then
	test_set_prereq ZSH
fi
test_expect_success ZSH 'zsh: the completion is generated for every tool and parses' '
	test -f "$zcomp" &&
	zsh -n "$zcomp" &&
	for bin in "$SRC_ROOT"/bin/hr-*; do
		grep -q "^	${bin##*/})" "$zcomp" || { echo "no ${bin##*/} in $zcomp"; exit 1; }
	done
'

for bin in "$SRC_ROOT"/bin/hr-*; do
	t=${bin##*/}
	test_expect_success ZSH "zsh: $t offers every long option of its table" "
		$t --list-options | cut -f1 | tr '|' '\n' | grep -- '^--' | sort >expect-long &&
		zcomplete '$t --' >zlong &&
		test_cmp expect-long zlong
	"
done

test_expect_success ZSH 'zsh: choices, files, directories, the command after --' '
	printf "%s\n" delta delta-total self total >expect &&
	zcomplete "hr-top --sort " >out && test_cmp expect out &&
	echo json >expect &&
	zcomplete "hr-query --format=j" >out && test_cmp expect out &&
	zcomplete "hr-top -o f/pro" >out &&
	grep -qx prof1.folded out && grep -qx prof2.folded out && ! grep -qx other out &&
	zcomplete "hr-sample --cgroup f/" >out &&
	grep -qx sub out && ! grep -qx other out &&
	zcomplete "hr-sample -d 1 -- slee" >out && grep -qx sleep out
'

test_expect_success ZSH 'zsh: series names, and their labels in a quoted word' '
	printf "%s\n" cpu.util disk.read_bps mem.used_bytes >expect &&
	zcomplete "hr-query --db hist.db " >out && test_cmp expect out &&
	printf "%s\n" "disk.read_bps{dev=sda}" "disk.read_bps{dev=sdb}" >expect &&
	zcomplete "hr-query --db=hist.db '\''disk.read_bps{" >out && test_cmp expect out
'
test_done
