/*
 * lib/cli.c — shared command-line behaviour (see cli.h).
 *
 * newsfilters never calls setlocale(): the program stays in the "C" locale,
 * so printf writes '.', strtod reads '.', and no output depends on LANG.
 */
/* F_SETPIPE_SZ (Linux) is a GNU extension of <fcntl.h> */
#define _GNU_SOURCE 1
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <utf8proc.h>

#include "cli.h"

#ifndef NF_DATADIR
#define NF_DATADIR "/usr/local/share/newsfilters"
#endif

static const char	*prog = "newsfilters";
static const char	*help;
static int		 failed;
static const char	*columns;
static int		 no_header_out;
static const char	*data_dir;
static struct tsv_writer out;

static void
restore_sigpipe(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void
on_oom(void)
{
	fprintf(stderr, "%s: out of memory\n", prog);
	_exit(NF_EXIT_DATA);
}

static void
on_write_error(int errnum)
{
	if (errnum == EPIPE) {
		/* the reader has gone: end as a plain SIGPIPE would, quietly */
		restore_sigpipe();
		raise(SIGPIPE);
		_exit(141);
	}
	fprintf(stderr, "%s: write error: %s\n", prog, strerror(errnum));
	_exit(NF_EXIT_DATA);
}

/*
 * A pipeline of filters moves every byte through pipes of 64 KB (Linux's
 * default), so each of our 256 KB writes would wake the reader several
 * times.  A larger pipe halves the context switches of a four-filter
 * stream on two cores.  Linux only; where it fails (a limit, not a pipe)
 * nothing changes.
 */
static void
widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
	(void)fd;
#endif
}

void
cli_init(const char *name, const char *help_text)
{
	prog = name;
	help = help_text;
	opterr = 0;
	restore_sigpipe();
	nf_set_oom_handler(on_oom);
	tsv_writer_init(&out, STDOUT_FILENO, on_write_error);
	widen_pipe(STDOUT_FILENO);
}

const char *
cli_name(void)
{
	return prog;
}

struct tsv_writer *
cli_out(void)
{
	return &out;
}

/* stdout through stdio (help, version): checked like the data path. */
static _Noreturn void
finish_stdio(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		on_write_error(errno);
	exit(NF_EXIT_OK);
}

void
cli_help(void)
{
	fputs(help, stdout);
	finish_stdio();
}

void
cli_version(void)
{
	printf("%s (newsfilters) %s\n", prog, NF_VERSION);
	printf("utf8proc %s (Unicode %s); libcsv %d.%d.%d\n",
	    utf8proc_version(), utf8proc_unicode_version(), CSV_MAJOR,
	    CSV_MINOR, CSV_RELEASE);
	finish_stdio();
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fprintf(stderr, "%s: ", prog);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(NF_EXIT_USAGE);
}

/* the long option whose value (its letter, for one with a short twin) is C */
static const struct option *
option_of(const struct option *longopts, int c)
{
	const struct option *o;

	for (o = longopts; o != NULL && o->name != NULL; o++)
		if (o->val == c)
			return o;
	return NULL;
}

/* ARG ("--name" or "--name=...") names option O */
static int
names(const char *arg, const struct option *o)
{
	size_t n = strcspn(arg + 2, "=");

	return o != NULL && strlen(o->name) == n &&
	    strncmp(o->name, arg + 2, n) == 0;
}

void
cli_bad_option(char **argv, const struct option *longopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const struct option *o;
	size_t n;

	/*
	 * A long option first: "--field" without its argument sets OPTOPT to
	 * its short letter, which is no reason to name the letter.  (But
	 * ARG is the option that failed only when OPTOPT names no letter, or
	 * this option's own: a bad letter inside a group, "-Zq", leaves
	 * OPTIND, and so ARG, at the argument before it.)
	 */
	if (strncmp(arg, "--", 2) == 0 && (optopt == 0 || optopt >= 0x1000 ||
	    names(arg, option_of(longopts, optopt)))) {
		n = strcspn(arg + 2, "=");
		for (o = longopts; o != NULL && o->name != NULL; o++)
			if (names(arg, o)) {
				if (o->has_arg == required_argument &&
				    arg[2 + n] != '=')
					cli_usage_error("option '--%s' requires "
					    "an argument", o->name);
				if (o->has_arg == no_argument &&
				    arg[2 + n] == '=')
					cli_usage_error("option '--%s' doesn't "
					    "allow an argument", o->name);
			}
		cli_usage_error("unrecognized option '%.*s'",
		    (int)(n + 2), arg);
	}
	o = optopt != 0 ? option_of(longopts, optopt) : NULL;
	if (optopt != 0 && optopt < 0x1000) {
		/* (a short option that takes an argument has a long twin) */
		if (o != NULL && o->has_arg == required_argument &&
		    arg[0] == '-' && arg[1] != '-' &&
		    arg[strlen(arg) - 1] == optopt && optind > 0 &&
		    argv[optind] == NULL)
			cli_usage_error("option requires an argument -- '%c'",
			    optopt);
		cli_usage_error("invalid option -- '%c'", optopt);
	}
	if (o != NULL)	/* a long option given without its argument */
		cli_usage_error("option '--%s' requires an argument", o->name);
	cli_usage_error("invalid option '%s'", arg);
}

static void
print_error(const struct nf_error *e, const char *kind)
{
	fprintf(stderr, "%s: %s", prog, kind);
	if (e->file[0] != '\0') {
		if (e->line > 0)
			fprintf(stderr, "%s:%lu: ", e->file, e->line);
		else
			fprintf(stderr, "%s: ", e->file);
	}
	fprintf(stderr, "%s\n", e->msg);
}

void
cli_die(const struct nf_error *e)
{
	/* rows already written stay written: flush them before stopping */
	tsv_writer_flush(&out);
	if (e->code == NF_EUSAGE) {
		print_error(e, "");
		fprintf(stderr, "Try '%s --help' for more information.\n",
		    prog);
		exit(NF_EXIT_USAGE);
	}
	print_error(e, "");
	exit(NF_EXIT_DATA);
}

void
cli_fatal(const char *fmt, ...)
{
	va_list ap;

	tsv_writer_flush(&out);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(NF_EXIT_DATA);
}

void
cli_warn(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	if (file != NULL && file[0] != '\0') {
		if (line > 0)
			fprintf(stderr, "%s:%lu: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_warn_error(const struct nf_error *e)
{
	print_error(e, "");
}

void
cli_set_failed(void)
{
	failed = 1;
}

static void
warn_and_fail(const struct nf_error *e)
{
	cli_warn_error(e);
	failed = 1;
}

int
cli_common_option(int ch, const char *arg)
{
	switch (ch) {
	case CLI_OPT_HELP:
		cli_help();
	case CLI_OPT_VERSION:
		cli_version();
	case CLI_OPT_COLUMNS:
		columns = arg;
		return 1;
	case CLI_OPT_NO_HEADER_OUT:
		no_header_out = 1;
		out.no_header = 1;
		return 1;
	case CLI_OPT_DATA_DIR:
		data_dir = arg;
		return 1;
	default:
		return 0;
	}
}

struct tsv_opts
cli_tsv_opts(void)
{
	struct tsv_opts o;

	memset(&o, 0, sizeof(o));
	o.columns = columns;
	o.warn = warn_and_fail;
	return o;
}

const char *
cli_data_path(const char *name)
{
	static char path[4096];
	const char *dir = data_dir;

	if (dir == NULL || *dir == '\0')
		dir = getenv("NEWSFILTERS_DATA");
	if (dir == NULL || *dir == '\0')
		dir = NF_DATADIR;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

int
cli_finish(void)
{
	tsv_writer_flush(&out);
	if (fflush(stdout) == EOF)
		on_write_error(errno);
	if (close(STDOUT_FILENO) == -1 && errno != EBADF && errno != EINTR)
		on_write_error(errno);
	return failed ? NF_EXIT_DATA : NF_EXIT_OK;
}
