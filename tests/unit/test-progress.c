// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the progress line: silent off a terminal, redraws that blank leftovers. */
#include "headroom/progress.h"
#include "child.h"
#include "tap.h"

static void off_terminal(void *arg)
{
	struct progress p;

	(void)arg;
	progress_start(&p);	/* stderr is a pipe here */
	printf("%s\n", p.enabled ? "enabled" : "disabled");
	progress_update(&p, true, "%d MB", 12);
	progress_end(&p);
}

static void drawn(void *arg)
{
	struct progress p;

	(void)arg;
	progress_start(&p);
	p.enabled = true;	/* as on a terminal */
	progress_update(&p, true, "read %d MB", 120);
	/* As if the last redraw were just now (a loaded machine may take 0.1 s between calls). */
	p.last = monotonic_seconds() + 60;
	progress_update(&p, false, "too soon");	/* within 0.1 s: skipped */
	progress_update(&p, true, "done");
	progress_end(&p);
}

int main(void)
{
	struct child_result r;
	struct progress p;
	double a, b;

	a = monotonic_seconds();
	b = monotonic_seconds();
	ok(a > 0 && b >= a, "monotonic_seconds does not go back");
	progress_start(&p);
	ok(progress_elapsed(&p) >= 0 && progress_elapsed(&p) < 5, "elapsed starts near 0");

	run_child(off_terminal, NULL, &r);
	is_str(r.out, "disabled\n", "off a terminal the progress line is disabled");
	is_str(r.err, "", "and prints nothing");
	run_child(drawn, NULL, &r);
	is_str(r.err, "\rread 120 MB\rdone       \r    \r",
	       "redraws blank what the last line left, updates within 0.1 s are skipped, the end clears");
	return done_testing();
}
