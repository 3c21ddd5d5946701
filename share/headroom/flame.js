/* Interactivity of hr-flame's flame graphs, embedded into every SVG it draws.
 * F (set by hr-flame before this script) holds xpad, fs (font size), fw (font
 * width), inv (icicle) and nametype. Click a frame to zoom, click "Reset Zoom"
 * or a faded parent to zoom out, Ctrl-F (or "Search") to highlight frames
 * matching a regular expression; the zoom and the search live in the URL
 * (?x=..&y=..&s=..), so a link shows what its sender saw. */
(function () {
	"use strict";
	var doc = document, svg = doc.documentElement;
	var $ = function (id) { return doc.getElementById(id); };
	var details = $("details").firstChild, unzoomBtn = $("unzoom");
	var searchBtn = $("search"), icBtn = $("ignorecase"), matched = $("matched");
	var W = parseFloat(svg.getAttribute("width")), fudge = 0.0001;
	var frames = [], byEl = new Map(), zoomed = null, term = null, ic = false;

	// Read every frame once: original geometry, name, count and label.
	var els = $("frames").children;
	for (var i = 0; i < els.length; i++) {
		var g = els[i], r = g.querySelector("rect"), t = g.querySelector("text");
		var ti = g.querySelector("title"), title = ti ? ti.textContent : "";
		var m = /^(.*) \(([\d,]+) [^(]*\)$/.exec(title);
		if (!r) continue;
		var f = {
			g: g, r: r, t: t, title: title,
			name: m ? m[1] : title,
			xs: r.getAttribute("x"), ys: r.getAttribute("y"), ws: r.getAttribute("width"),
			x: parseFloat(r.getAttribute("x")), y: parseFloat(r.getAttribute("y")),
			w: parseFloat(r.getAttribute("width")),
			h: parseFloat(r.getAttribute("height")),
			label: t ? t.textContent : ""
		};
		f.n = m ? parseFloat(m[2].replace(/,/g, "")) : f.w;
		frames.push(f);
		byEl.set(g, f);
	}
	var root = frames.reduce(function (a, b) { return b.w > a.w ? b : a; }, frames[0]);

	function frameOf(node) {
		while (node && node.parentNode) {
			if (node.parentNode.id === "frames") return byEl.get(node);
			node = node.parentNode;
		}
		return null;
	}

	// The label that fits width w, cut as flamegraph.pl cuts it ("name.." ).
	function fit(f, w) {
		var n = Math.floor(w / (F.fs * F.fw));
		if (n < 3) return "";
		var c = f.chars || (f.chars = Array.from(f.name));
		return n < c.length ? c.slice(0, n - 2).join("") + ".." : f.name;
	}
	function place(f, x, w, label) {
		f.r.setAttribute("x", x);
		f.r.setAttribute("width", w);
		if (!f.t && label) {
			f.t = doc.createElementNS("http://www.w3.org/2000/svg", "text");
			f.t.setAttribute("y", f.y + f.h / 2 + 3);
			f.g.appendChild(f.t);
		}
		if (f.t) {
			f.t.setAttribute("x", (parseFloat(x) + 3).toFixed(2));
			f.t.textContent = label;
		}
	}

	// URL state, kept compatible with flamegraph.pl's links.
	function params() {
		var p = {};
		location.search.substr(1).split("&").forEach(function (kv) {
			var i = kv.indexOf("=");
			if (i > 0) p[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
		});
		return p;
	}
	function setParams(change) {
		var p = params(), q = [];
		for (var k in change) {
			if (change[k] === null) delete p[k]; else p[k] = change[k];
		}
		for (k in p) q.push(k + "=" + encodeURIComponent(p[k]));
		try {
			history.replaceState(null, "", q.length ? "?" + q.join("&")
				: location.pathname + location.hash);
		} catch (e) { /* some viewers forbid it for local files */ }
	}

	function zoom(z) {
		if (z === root) return unzoom();
		var ratio = (W - 2 * F.xpad) / z.w, x0 = z.x, x1 = z.x + z.w;
		zoomed = z;
		unzoomBtn.classList.remove("hide");
		frames.forEach(function (f) {
			var up = F.inv ? f.y < z.y : f.y > z.y, cl = f.g.classList;
			cl.remove("parent");
			if (up) {
				if (f.x <= x0 + fudge && f.x + f.w + fudge >= x1) {
					cl.add("parent");
					cl.remove("hide");
					place(f, F.xpad, W - 2 * F.xpad, fit(f, W - 2 * F.xpad));
				} else {
					cl.add("hide");
				}
			} else if (f.x < x0 - fudge || f.x + fudge >= x1) {
				cl.add("hide");
			} else {
				var w = f.w * ratio;
				cl.remove("hide");
				place(f, ((f.x - x0) * ratio + F.xpad).toFixed(1), w.toFixed(1),
				      fit(f, w));
			}
		});
		setParams({ x: z.xs, y: z.ys });
		search();
	}
	function unzoom() {
		zoomed = null;
		unzoomBtn.classList.add("hide");
		frames.forEach(function (f) {
			f.g.classList.remove("parent", "hide");
			place(f, f.xs, f.ws, f.label);
		});
		setParams({ x: null, y: null });
		search();
	}

	// Search: highlight matching frames and show the share of the (zoomed)
	// graph they cover, counting nested matches once.
	function search(t) {
		if (t !== undefined) term = t;
		frames.forEach(function (f) { f.g.classList.remove("m"); });
		if (!term) {
			searchBtn.classList.remove("show");
			searchBtn.firstChild.nodeValue = "Search";
			matched.firstChild.nodeValue = " ";
			return;
		}
		var re;
		try { re = new RegExp(term, ic ? "i" : ""); } catch (e) {
			matched.firstChild.nodeValue = "Bad regular expression";
			return;
		}
		var z = zoomed || root, x0 = z.x, x1 = z.x + z.w, hits = [], whole = false;
		frames.forEach(function (f) {
			// The root is "all", not a function: it would match "a".
			if (f === root || !re.test(f.name)) return;
			f.g.classList.add("m");
			var up = F.inv ? f.y <= z.y : f.y >= z.y;
			if (up && f.x <= x0 + fudge && f.x + f.w + fudge >= x1) whole = true;
			else if (f.x >= x0 - fudge && f.x + fudge < x1) hits.push(f);
		});
		hits.sort(function (a, b) { return a.x - b.x || b.w - a.w; });
		var sum = 0, end = -1;
		hits.forEach(function (f) {
			if (f.x + fudge >= end) { sum += f.n; end = f.x + f.w; }
		});
		var pct = whole ? 100 : 100 * sum / z.n;
		searchBtn.classList.add("show");
		searchBtn.firstChild.nodeValue = "Reset Search";
		matched.firstChild.nodeValue = "Matched: " + pct.toFixed(1) + "%";
		setParams({ s: term });
	}
	function prompt_search() {
		if (term) {
			term = null;
			setParams({ s: null });
			search();
			return;
		}
		var t = window.prompt("Search for a regular expression (e.g. ^ext4_)" +
			(ic ? ", ignoring case" : "") + "\nCtrl-I toggles case sensitivity", "");
		if (t) search(t);
	}
	function toggle_ic() {
		ic = !ic;
		icBtn.classList.toggle("show", ic);
		setParams({ i: ic ? "1" : null });
		search();
	}

	svg.addEventListener("click", function (e) {
		var f = frameOf(e.target);
		if (f) {
			if (f.g.nodeName === "a" && !e.ctrlKey) return;
			e.preventDefault();
			zoom(f);
		} else if (e.target === unzoomBtn) {
			unzoom();
		} else if (e.target === searchBtn) {
			prompt_search();
		} else if (e.target === icBtn) {
			toggle_ic();
		}
	});
	svg.addEventListener("mouseover", function (e) {
		var f = frameOf(e.target);
		if (f) details.nodeValue = F.nametype + " " + f.title;
	});
	svg.addEventListener("mouseout", function (e) {
		if (frameOf(e.target)) details.nodeValue = " ";
	});
	window.addEventListener("keydown", function (e) {
		if (e.keyCode === 114 || (e.ctrlKey && e.keyCode === 70)) {
			e.preventDefault();
			prompt_search();
		} else if (e.ctrlKey && e.keyCode === 73) {
			e.preventDefault();
			toggle_ic();
		} else if (e.keyCode === 27 && zoomed) {
			unzoom();
		}
	});

	// Restore the state a link carries.
	var p = params();
	if (p.i === "1") { ic = true; icBtn.classList.add("show"); }
	if (p.x && p.y) {
		var z = frames.filter(function (f) { return f.xs === p.x && f.ys === p.y; })[0];
		if (z) zoom(z);
	}
	if (p.s) search(p.s);

	// For scripts driving the page (tests, embedding pages).
	window.flamegraph = { zoom: function (name) {
		var f = frames.filter(function (f) { return f.name === name; })[0];
		if (f) zoom(f);
		return !!f;
	}, unzoom: unzoom, search: search };
})();
