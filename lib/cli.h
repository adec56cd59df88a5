/*
 * lib/cli.h — what every filter shares at the command line: identity,
 * --help/--version, the common options, messages in one shape
 * ("NAME: FILE:LINE: what is wrong"), exit codes, and standard output.
 *
 * This is the only part of lib/ that may end the process.
 *
 * Exit status: 0 success, 1 bad data or I/O failure, 2 bad usage.  A closed
 * output pipe ends the filter by SIGPIPE, quietly, whatever the parent did
 * with the signal.
 */
#ifndef NF_CLI_H
#define NF_CLI_H

#include <getopt.h>

#include "err.h"
#include "tsv.h"

#define NF_VERSION	"0.1.0"

enum { NF_EXIT_OK = 0, NF_EXIT_DATA = 1, NF_EXIT_USAGE = 2 };

/* getopt_long codes for the options every filter accepts. */
enum {
	CLI_OPT_HELP = 0x1000,
	CLI_OPT_VERSION,
	CLI_OPT_COLUMNS,
	CLI_OPT_NO_HEADER_OUT,
	CLI_OPT_DATA_DIR,
	CLI_OPT_FIRST_FREE		/* filters number their own from here */
};

/* Put this inside a filter's struct option table. */
#define CLI_COMMON_LONGOPTS \
	{ "help",		no_argument,		NULL, CLI_OPT_HELP }, \
	{ "version",		no_argument,		NULL, CLI_OPT_VERSION }, \
	{ "columns",		required_argument,	NULL, CLI_OPT_COLUMNS }, \
	{ "no-header-out",	no_argument,		NULL, CLI_OPT_NO_HEADER_OUT }, \
	{ "data-dir",		required_argument,	NULL, CLI_OPT_DATA_DIR }

/*
 * The help text lines for the common options, for a filter's usage text:
 * CLI_COMMON_HELP, or its parts where a filter says more of one.
 */
#define CLI_HELP_COLUMNS \
"      --columns=LIST    input has no header line; LIST names its columns\n"
#define CLI_HELP_NO_HEADER_OUT \
"      --no-header-out   do not write the header line\n"
#define CLI_HELP_DATA_DIR \
"      --data-dir=DIR    read data files from DIR (default: $NEWSFILTERS_DATA,\n" \
"                        else the installed data directory)\n"
#define CLI_HELP_INFO \
"      --help            show this help and exit\n" \
"      --version         show the version and exit\n"
#define CLI_COMMON_HELP \
	CLI_HELP_COLUMNS CLI_HELP_NO_HEADER_OUT CLI_HELP_DATA_DIR CLI_HELP_INFO

/* Name the program (a constant, not argv[0]) and give its help text. */
void	 cli_init(const char *name, const char *help_text);
const char *cli_name(void);

/*
 * Handle CH if it is a common option: 1 handled, 0 not a common option.
 * --help and --version do not return.
 */
int	 cli_common_option(int ch, const char *arg);
/* The --columns/--no-header-out settings as tsv options (warn set too). */
struct tsv_opts cli_tsv_opts(void);
/* Full path of data file NAME in the data directory (static buffer). */
const char *cli_data_path(const char *name);

/* The buffered standard output every filter writes to. */
struct tsv_writer *cli_out(void);

/*
 * getopt_long returned '?' or ':': print a GNU-style message with the
 * constant program name ("unrecognized option '--frob'", "option '--unit'
 * requires an argument") plus the --help hint, exit 2.  cli_init sets
 * opterr = 0 so getopt itself prints nothing.
 */
_Noreturn void cli_bad_option(char **argv, const struct option *longopts);

_Noreturn void cli_help(void);
_Noreturn void cli_version(void);
/* "NAME: msg" + "Try 'NAME --help' ...", exit 2.  FMT may be NULL. */
_Noreturn void cli_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* "NAME: FILE:LINE: msg", exit 1 (2 for NF_EUSAGE). */
_Noreturn void cli_die(const struct nf_error *e);
_Noreturn void cli_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* A warning in the same shape; FILE may be NULL, LINE 0. */
void	 cli_warn(const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void	 cli_warn_error(const struct nf_error *e);
/* Remember a non-fatal failure: the final status will be 1. */
void	 cli_set_failed(void);

/* Flush and close standard output; returns the exit status for main. */
int	 cli_finish(void);

#endif
