# Headless Chromium for the tests that look at what a person sees (an SVG in a
# browser). Source it; browser_ensure installs Debian's chromium when it is
# missing (as root), or sets missing_reason and fails.
#
#   browser_ensure || { test_skip 'in a browser' "$missing_reason"; ... }
#   browser_screenshot FILE.svg OUT.png [WIDTHxHEIGHT]
#   browser_dump_dom URL > dom.html   (after scripts ran, --virtual-time-budget)

CHROMIUM=${CHROMIUM:-}
browser_ensure() {
	local c
	for c in "$CHROMIUM" chromium chromium-browser google-chrome; do
		[ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { CHROMIUM=$(command -v "$c"); return 0; }
	done
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium >/dev/null 2>&1; }
		command -v chromium >/dev/null 2>&1 && { CHROMIUM=$(command -v chromium); return 0; }
	fi
	missing_reason="chromium is not installed and could not be installed"
	return 1
}

# Flags that keep Chromium off the network and quiet on this kind of machine.
browser_flags() {
	BROWSER_PROFILE=${BROWSER_PROFILE:-$(mktemp -d)}
	printf '%s\n' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-dev-shm-usage --hide-scrollbars "--user-data-dir=$BROWSER_PROFILE"
}

browser_screenshot() {
	local size=${3:-1200x800}
	mapfile -t flags < <(browser_flags)
	timeout 60 "$CHROMIUM" "${flags[@]}" --window-size="${size/x/,}" \
		--screenshot="$2" "file://$(realpath "$1")" >/dev/null 2>&1
	[ -s "$2" ]
}

browser_dump_dom() {
	mapfile -t flags < <(browser_flags)
	timeout 60 "$CHROMIUM" "${flags[@]}" --virtual-time-budget=5000 --dump-dom "$1" 2>/dev/null
}
