# Helpers for hr-rightsize's CLI tests (sourced after tests/lib.sh).

GEN="$DATA/rightsize/gen-history.awk"

# gen KIND [awk -v assignments...]: a generated history on stdout.
gen() {
	local kind=$1 a=()
	shift
	for v in "$@"; do a+=(-v "$v"); done
	awk -v kind="$kind" "${a[@]}" -f "$GEN"
}

# json_get FILE ENTITY KEY: the value of KEY in the object of ENTITY in
# hr-rightsize's JSON (one object per line, with or without a space after
# each ':'), strings without their quotes.
json_get() {
	awk -v ent="$2" -v key="$3" '
		index($0, "{\"entity\":\"" ent "\",") || index($0, "{\"entity\": \"" ent "\",") {
			s = $0
			k = "\"" key "\":"
			i = index(s, k)
			if (!i) exit 1
			s = substr(s, i + length(k))
			sub(/^ /, "", s)
			if (substr(s, 1, 1) == "\"") {
				s = substr(s, 2)
				sub(/".*/, "", s)
			} else {
				sub(/[,}].*/, "", s)
			}
			print s
			found = 1
			exit
		}
		END { exit !found }' "$1"
}

# tsv_get FILE ENTITY COLUMN: a field of hr-rightsize's TSV by header name.
tsv_get() {
	awk -F'\t' -v ent="$2" -v col="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == ent { print $(c[col]); found = 1; exit }
		END { exit !found }' "$1"
}

# between VALUE LO HI: LO <= VALUE <= HI, with a message when not.
between() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v + 0 >= lo + 0 && v + 0 <= hi + 0 && v != "") }' ||
		{ echo "expected $2 <= '$1' <= $3" >&2; return 1; }
}

# JQ prerequisite: jq, installed when missing and possible.
test_have_jq() {
	command -v jq >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jq \
			>/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jq \
			>/dev/null 2>&1; }
	fi
	command -v jq >/dev/null 2>&1
}
if test_have_jq; then test_set_prereq JQ; fi
