// SPDX-License-Identifier: GPL-3.0-or-later
/* Start-up and shutdown shared by every tool's main(). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/strbuf.h"

void cli_init(const char *argv0)
{
	set_progname(argv0);
	signal(SIGPIPE, SIG_DFL);
}

void print_version(void)
{
	printf("%s (headroom) %s\n", progname(), HEADROOM_VERSION);
}

FILE *open_output(const char *path)
{
	FILE *f;

	if (!path || !strcmp(path, "-"))
		return stdout;
	f = fopen(path, "w");
	if (!f)
		die_errno("cannot open '%s' for writing", path);
	return f;
}

void close_output(FILE *f, const char *path)
{
	if (f == stdout)
		return;
	if (ferror(f) | fclose(f))
		die_errno("cannot write '%s'", path);
}

void write_output_file(const char *path, const struct strbuf *sb)
{
	FILE *f = open_output(path);

	if (strbuf_write(sb, f) < 0)
		die_errno("cannot write '%s'", path ? path : "standard output");
	close_output(f, path);
}

bool cli_color(FILE *out)
{
	const char *no = getenv("NO_COLOR");

	return isatty(fileno(out)) && !(no && *no);
}

void add_colored(struct strbuf *sb, bool color, const char *code, const char *word)
{
	if (color)
		strbuf_addf(sb, "%s%s%s", code, word, COLOR_RESET);
	else
		strbuf_addstr(sb, word);
}

int finish_stdout(void)
{
	/* A closed pipe is not an error worth a message (SIGPIPE would have ended us). */
	if (fflush(stdout) || ferror(stdout)) {
		if (errno == EPIPE)
			return 0;
		error_errno("write error on standard output");
		return 2;
	}
	if (fclose(stdout) && errno != EPIPE) {
		error_errno("write error on standard output");
		return 2;
	}
	return 0;
}

/*
 * The build passes where make install puts the data: HEADROOM_DATADIR (the
 * absolute DATADIR/headroom) and HEADROOM_SHARE_REL (the same relative to
 * BINDIR), so that an installation, a DESTDIR-staged or moved one, and the
 * build tree (bin/ beside share/headroom) all find their own data.
 */
#if !defined(HEADROOM_DATADIR) || !defined(HEADROOM_SHARE_REL)
#error "build with -DHEADROOM_DATADIR=... -DHEADROOM_SHARE_REL=... (see the Makefile)"
#endif

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *share_dir(void)
{
	static const char *const rel[] = { HEADROOM_SHARE_REL, "../share/headroom" };
	static char *dir;
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (dir)
		return dir;
	if (getenv("HEADROOM_SHARE") && *getenv("HEADROOM_SHARE"))
		return dir = xstrdup(getenv("HEADROOM_SHARE"));
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			dir = xasprintf("%s/%s", exe, rel[i]);
			if (is_dir(dir))
				return dir;
			free(dir);
		}
	}
	return dir = xstrdup(HEADROOM_DATADIR);
}

char *read_file(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	for (;;) {
		/* Small first (most callers read /proc files), then doubling. */
		strbuf_grow(&sb, sb.len < 4096 ? 4096 : sb.len);
		n = read(fd, sb.buf + sb.len, sb.alloc - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_setlen(&sb, sb.len + (size_t)n);
	}
	if (n < 0) {
		int e = errno;

		close(fd);
		strbuf_release(&sb);
		errno = e;
		return NULL;
	}
	close(fd);
	return strbuf_detach(&sb, len);
}

char *read_share_file(const char *name, size_t *len)
{
	char *path = xasprintf("%s/%s", share_dir(), name);
	char *s = read_file(path, len);

	if (!s)
		die_errno("cannot read '%s' (set HEADROOM_SHARE to the headroom data directory)",
			  path);
	free(path);
	return s;
}
