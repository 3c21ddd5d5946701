#!/bin/bash
# hr-flame's SVG in a real browser (headless Chromium): a click zooms into a
# frame, a search shows the matched percentage, the details line shows count
# and percentage, and zoom and search live in the URL.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/browser.sh"

if browser_ensure; then
	test_set_prereq BROWSER
else
	test_skip 'hr-flame in a browser' "$missing_reason"
	test_done
fi
BROWSER_PROFILE=$TRASH/profile
export BROWSER_PROFILE

# 1000 samples; main holds 800 of them, json_decode 300 and read 100.
cat >in.folded <<'EOF'
app;main;parse;json_decode 300
app;main;parse;read 100
app;main;render 400
app;gc 200
EOF

# with_driver SVG OUT: OUT is SVG with a script that, once loaded, runs the
# body of driver.js and writes what it recorded into <text id="result">.
with_driver() {
	sed '$d' "$1" >"$2"
	{
		echo '<script><![CDATA['
		cat <<'EOF'
window.addEventListener("load", function () {
	var out = [];
	function frame(name) {
		var gs = document.getElementById("frames").children;
		for (var i = 0; i < gs.length; i++)
			if (gs[i].querySelector("title").textContent.indexOf(name + " (") === 0)
				return gs[i];
	}
	function rect(name) {
		var r = frame(name).querySelector("rect");
		return r.getAttribute("x") + "," + r.getAttribute("width");
	}
	function click(el) { el.dispatchEvent(new MouseEvent("click", { bubbles: true })); }
	function rec(k, v) { out.push(k + "=" + v); }
	function state(tag) {
		rec(tag + ".main", rect("main"));
		rec(tag + ".render", rect("render"));
		rec(tag + ".gc", frame("gc").getAttribute("class") || "");
		rec(tag + ".app", frame("app").getAttribute("class") || "");
		rec(tag + ".unzoom", document.getElementById("unzoom").getAttribute("class"));
		rec(tag + ".matched", document.getElementById("matched").textContent);
		rec(tag + ".hits", document.querySelectorAll("#frames > .m").length);
		rec(tag + ".url", decodeURIComponent(location.search));
	}
	state("load");
	if (location.search === "") {
		frame("render").querySelector("rect").dispatchEvent(
			new MouseEvent("mouseover", { bubbles: true }));
		rec("details", document.getElementById("details").textContent);
		click(frame("main").querySelector("text"));
		state("zoom");
		window.prompt = function () { return "^(json|read)"; };
		click(document.getElementById("search"));
		state("search");
		click(document.getElementById("unzoom"));
		state("unzoom");
		click(document.getElementById("search"));
		state("reset");
		click(document.getElementById("ignorecase"));
		window.prompt = function () { return "^JSON_"; };
		click(document.getElementById("search"));
		state("ic");
	}
	var t = document.createElementNS("http://www.w3.org/2000/svg", "text");
	t.setAttribute("id", "result");
	t.textContent = "#;#" + out.join("#;#") + "#;#";
	document.documentElement.appendChild(t);
});
EOF
		echo ']]></script>'
		echo '</svg>'
	} >>"$2"
}

# result URL: the recorded values, one "key=value" a line.
result() {
	browser_dump_dom "$1" >dom.html
	sed -n 's/.*<text id="result">#;#\(.*\)#;#<\/text>.*/\1/p' dom.html | sed 's/#;#/\n/g' |
		sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g'
}

test_expect_success BROWSER 'click zooms, search matches, details and URL follow' '
	hr-flame in.folded >g.svg &&
	with_driver g.svg d.svg &&
	result "file://$TRASH/d.svg" >r.txt &&
	cat r.txt &&
	grep -qx "load.main=246,944" r.txt &&
	grep -qx "details=Function: render (400 samples, 40.00%)" r.txt &&
	grep -qx "zoom.main=10.0,1180.0" r.txt &&
	grep -qx "zoom.render=600.0,590.0" r.txt &&
	grep -qx "zoom.gc=hide" r.txt &&
	grep -qx "zoom.app=parent" r.txt &&
	grep -qx "zoom.unzoom=" r.txt &&
	grep -qx "zoom.url=?x=246&y=69" r.txt &&
	grep -qx "search.matched=Matched: 50.0%" r.txt &&
	grep -qx "search.hits=2" r.txt &&
	grep -qx "search.url=?x=246&y=69&s=^(json|read)" r.txt &&
	grep -qx "unzoom.main=246,944" r.txt &&
	grep -qx "unzoom.gc=" r.txt &&
	grep -qx "unzoom.unzoom=hide" r.txt &&
	grep -qx "unzoom.matched=Matched: 40.0%" r.txt &&
	grep -qx "unzoom.url=?s=^(json|read)" r.txt &&
	grep -qx "reset.hits=0" r.txt &&
	grep -qx "reset.url=" r.txt &&
	grep -qx "ic.matched=Matched: 30.0%" r.txt &&
	grep -qx "ic.url=?i=1&s=^JSON_" r.txt
'

test_expect_success BROWSER 'a URL with zoom and search restores both' '
	result "file://$TRASH/d.svg?x=246&y=69&s=json" >u.txt &&
	cat u.txt &&
	grep -qx "load.main=10.0,1180.0" u.txt &&
	grep -qx "load.gc=hide" u.txt &&
	grep -qx "load.matched=Matched: 37.5%" u.txt &&
	grep -qx "load.hits=1" u.txt
'

test_expect_success BROWSER 'an icicle graph zooms too' '
	hr-flame --inverted in.folded >i.svg &&
	with_driver i.svg di.svg &&
	result "file://$TRASH/di.svg" >i.txt &&
	grep -qx "zoom.main=10.0,1180.0" i.txt &&
	grep -qx "zoom.gc=hide" i.txt &&
	grep -qx "zoom.app=parent" i.txt &&
	grep -qx "search.matched=Matched: 50.0%" i.txt
'
test_done
