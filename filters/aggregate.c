/*
 * aggregate: group-by over any wire-format stream.
 *
 *   aggregate [-g COL[,COL...]] OP:COL ... [FILE...]
 *
 * Option handling, operand sorting (operations first, then files) and the
 * row loop only; the operations, their mergeable states and the group table
 * are lib/agg.c and lib/aggtab.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agg.h"
#include "cli.h"
#include "tsv.h"

static const char help_text[] =
"Usage: aggregate [OPTION]... [-g COL[,COL]...] OP:COL... [FILE]...\n"
"       aggregate --merge [OPTION]... [-g COL[,COL]... OP:COL...] [FILE]...\n"
"Group the rows of a wire-format (TSV) stream by the -g columns (all rows\n"
"are one group without -g) and write one row per group: the group columns,\n"
"then one column per operation, named COL_OP (compound_mean) or count.\n"
"Groups come out in the order they were first seen.  With no FILE, or when\n"
"FILE is -, read standard input.\n"
"\n"
"Operations (OP:COL; empty fields are no value and are skipped):\n"
"  count           rows of the group (count:COL: non-empty values of COL)\n"
"  sum mean        exact sum, mean\n"
"  min max         smallest, largest value\n"
"  median q1 q3    median, first and third quartile (keep every value)\n"
"  pNN             NN-th percentile, NN = 0..100, e.g. p90 (keeps values)\n"
"  stdev var       sample standard deviation and variance (n - 1)\n"
"  pstdev pvar     population standard deviation and variance (n)\n"
"  mode            most frequent value (ties: smallest number, then bytes)\n"
"  distinct        number of distinct values\n"
"  first last      first, last value in input order\n"
"  collapse        all values, comma-separated, in input order\n"
"  share:COL=VAL   fraction of COL's values that equal VAL\n"
"Numbers are read strictly; results are printed like GNU datamash\n"
"(14 significant digits, '.' as decimal point; counts as integers).\n"
"\n"
"Options:\n"
"  -g, --group=COLS      group by these columns (comma-separated)\n"
"      --sort            write groups in byte order of their columns\n"
"      --skip-invalid    skip non-numeric values of numeric operations and\n"
"                        report how many on standard error\n"
"      --decimals=N      write means, medians, quantiles, deviations,\n"
"                        variances and shares with N decimals (0..20),\n"
"                        rounded half away from zero; counts, sums and\n"
"                        values of the input (min, max...) not rounded\n"
"      --csv             write the result as CSV (RFC 4180, CRLF)\n"
"      --partial         write mergeable partial states, not results\n"
"      --merge           read partial states (from any number of chunks,\n"
"                        in any order) and write the results; with\n"
"                        --partial, write merged partial states (combiner)\n"
"      --chunk=N         this chunk's number (e.g. parallel's {#}): keeps\n"
"                        first-seen order, first, last and collapse exact\n"
CLI_HELP_COLUMNS CLI_HELP_NO_HEADER_OUT
"      --data-dir=DIR    accepted, as by every filter; aggregate reads no\n"
"                        data files\n"
CLI_HELP_INFO
"\n"
"Exit status: 0 success, 1 bad data or I/O failure, 2 bad usage.\n"
"Full documentation: man aggregate\n";

enum {
	OPT_SORT = CLI_OPT_FIRST_FREE,
	OPT_SKIP_INVALID,
	OPT_CSV,
	OPT_PARTIAL,
	OPT_MERGE,
	OPT_CHUNK,
	OPT_DECIMALS
};

static const struct option longopts[] = {
	{ "group",		required_argument,	NULL, 'g' },
	{ "sort",		no_argument,		NULL, OPT_SORT },
	{ "skip-invalid",	no_argument,		NULL, OPT_SKIP_INVALID },
	{ "csv",		no_argument,		NULL, OPT_CSV },
	{ "partial",		no_argument,		NULL, OPT_PARTIAL },
	{ "merge",		no_argument,		NULL, OPT_MERGE },
	{ "chunk",		required_argument,	NULL, OPT_CHUNK },
	{ "decimals",		required_argument,	NULL, OPT_DECIMALS },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/*
 * Is operand S an operation rather than a FILE?  "count", anything that
 * starts with a lower-case letter and has a colon before any slash
 * ("mean:x", "avg:x", "p9.5:x": errors that say what is wrong), and a bare
 * lower-case word that is not an existing file ("mean" alone).  A file
 * whose name looks like that is given as ./name.
 */
static int
is_operation(const char *s)
{
	struct stat st;
	size_t i;

	if (strcmp(s, "count") == 0)
		return 1;
	if (!(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	i = strcspn(s, ":/");
	if (s[i] == ':')
		return 1;
	if (s[i] == '/')
		return 0;
	for (i = 1; (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9');
	    i++)
		;
	return s[i] == '\0' && stat(s, &st) == -1 && errno == ENOENT;
}

static void
parse_groups(const char *arg, char ***cols, size_t *n)
{
	struct tsv_header h;
	struct nf_error e;

	nf_error_clear(&e);
	if (tsv_header_parse_list(&h, arg, &e) == -1)
		cli_usage_error("-g %s: %s", arg, e.msg);
	*cols = h.name;
	*n = h.n;
}

static unsigned long long
parse_chunk(const char *arg)
{
	unsigned long long v;
	char *end;

	if (arg[0] < '0' || arg[0] > '9')
		cli_usage_error("--chunk=%s: not a non-negative integer", arg);
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end != '\0' || errno != 0)
		cli_usage_error("--chunk=%s: not a non-negative integer", arg);
	return v;
}

static int
parse_decimals(const char *arg)
{
	long v;
	char *end;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 ||
	    v > AGG_DECIMALS_MAX)
		cli_usage_error("--decimals=%s: not a whole number from 0 to %d",
		    arg, AGG_DECIMALS_MAX);
	return (int)v;
}

/*
 * every output column once: group columns and operation names; with
 * PARTIAL also no group column named like a state column (NAME_state,
 * first_seen_state), or the states' header would name it twice and
 * --merge could not read it
 */
static void
check_names(char **gcols, size_t ng, const struct agg_spec *sp, size_t n,
    int partial)
{
	const char *a, *b;

	if (partial && (a = agg_partial_name_clash(gcols, ng, sp, n,
	    &b)) != NULL) {
		if (b == NULL)
			cli_usage_error("-g column '%s' has the name of a "
			    "partial-state column: --partial cannot write it "
			    "(rename the column)", a);
		cli_usage_error("-g column '%s' has the name of the state of "
		    "'%s': --partial cannot write it (rename the column)", a,
		    b);
	}
	if ((a = agg_name_twice(gcols, ng, sp, n)) != NULL)
		cli_usage_error("output column '%s' would appear twice (an "
		    "operation or group column given twice?)", a);
}

/* --merge without operations: read them from the partial-state header */
static void
infer_from_header(const struct tsv_header *h, const char *file,
    unsigned long hline, char ***gcols, size_t *ng, int have_g,
    struct agg_spec **sp, size_t *n)
{
	struct nf_error e;
	size_t i, k, sn;

	nf_error_clear(&e);
	if (h->n == 0 || strcmp(h->name[h->n - 1], "first_seen_state") != 0) {
		nf_error_set(&e, NF_EDATA, file, hline, "not a partial-state "
		    "stream (no first_seen_state column at the end; make it "
		    "with aggregate --partial)");
		cli_die(&e);
	}
	for (k = 0; k + 1 < h->n; k++) {
		sn = strlen(h->name[k]);
		if (sn > 6 && strcmp(h->name[k] + sn - 6, "_state") == 0)
			break;
	}
	if (k + 1 == h->n) {
		nf_error_set(&e, NF_EDATA, file, hline,
		    "partial-state header has no operation states");
		cli_die(&e);
	}
	if (have_g) {
		if (*ng != k)
			goto groups_differ;
		for (i = 0; i < k; i++)
			if (strcmp((*gcols)[i], h->name[i]) != 0)
				goto groups_differ;
	} else {
		*ng = k;
		*gcols = nf_xcalloc(k + 1, sizeof(char *));
		for (i = 0; i < k; i++)
			(*gcols)[i] = nf_xstrdup(h->name[i]);
	}
	*n = h->n - 1 - k;
	*sp = nf_xcalloc(*n, sizeof(**sp));
	for (i = 0; i < *n; i++)
		if (agg_spec_from_state(&(*sp)[i], h->name[k + i], &e) == -1) {
			snprintf(e.file, sizeof(e.file), "%s", file);
			e.line = hline;
			cli_die(&e);
		}
	return;
groups_differ:
	nf_error_set(&e, NF_EDATA, file, hline,
	    "the partial states are grouped by other columns than -g says");
	cli_die(&e);
}

/* stop with E, the aggregation freed first (so leak checkers stay quiet) */
static _Noreturn void
die_freeing(struct agg *a, const struct nf_error *e)
{
	agg_free(a);
	cli_die(e);
}

/*
 * --merge: states from runs that shared a --chunk number (the default 0
 * for each) merge into a wrong group order, first and last, and a state
 * file given twice is counted twice, with nothing else to show it; a
 * place claimed twice gives either away.
 */
static void
warn_seen_clash(struct agg *a)
{
	const char *k1, *k2, *file;
	size_t l1, l2;
	uint64_t ch, row;
	unsigned long line;
	char s1[44], s2[44];		/* (keys cut at 40 bytes) */

	if (agg_twice(a, &k1, &l1, &file, &line, &ch, &row)) {
		nf_shown(s1, sizeof(s1), k1, l1);
		cli_warn(file, line, "group '%s' was first seen at row %llu "
		    "of chunk %llu in an earlier partial state too: the same "
		    "chunk's states were given twice, and counted twice, or "
		    "two --partial runs had the same --chunk number", s1,
		    (unsigned long long)row, (unsigned long long)ch);
		return;
	}
	if (!agg_seen_clash(a, &k1, &l1, &k2, &l2, &ch, &row))
		return;
	nf_shown(s1, sizeof(s1), k1, l1);
	nf_shown(s2, sizeof(s2), k2, l2);
	cli_warn(NULL, 0, "groups '%s' and '%s' were both first seen at row "
	    "%llu of chunk %llu: the partial states come from runs given the "
	    "same --chunk number, so the group order, first and last are not "
	    "those of one pass (give each --partial run its own --chunk N)",
	    s1, s2, (unsigned long long)row, (unsigned long long)ch);
}

static void
free_args(struct agg_spec *sp, size_t nsp, char **gcols, size_t ng)
{
	size_t i;

	for (i = 0; i < nsp; i++)
		agg_spec_free(&sp[i]);
	free(sp);
	for (i = 0; i < ng; i++)
		free(gcols[i]);
	free(gcols);
}

int
main(int argc, char *argv[])
{
	struct nf_error e, e2;
	const struct tsv_header *h;
	struct tsv_row row;
	struct tsv_input *in;
	struct tsv_opts o;
	struct agg_spec *sp = NULL;
	struct agg *a;
	char **gcols = NULL, **files;
	const char *file, *skip_file, *skip_col;
	unsigned long hline;
	unsigned long long chunk = 0;
	unsigned long skip_line;
	unsigned flags = 0;
	size_t ng = 0, nsp = 0, nfiles, need;
	uint64_t skipped;
	int ch, rc, have_g = 0, merge = 0, partial = 0, csv = 0, skip = 0;
	int decimals = -1;

	nf_error_clear(&e);
	nf_error_clear(&e2);
	cli_init("aggregate", help_text);
	while ((ch = getopt_long(argc, argv, "g:", longopts, NULL)) != -1) {
		if (cli_common_option(ch, optarg))
			continue;
		switch (ch) {
		case 'g':
			if (have_g)
				cli_usage_error("-g given twice; list every "
				    "group column in one -g a,b,c");
			parse_groups(optarg, &gcols, &ng);
			have_g = 1;
			break;
		case OPT_SORT:
			flags |= AGG_OUT_SORT;
			break;
		case OPT_SKIP_INVALID:
			skip = 1;
			break;
		case OPT_CSV:
			csv = 1;
			break;
		case OPT_PARTIAL:
			partial = 1;
			break;
		case OPT_MERGE:
			merge = 1;
			break;
		case OPT_CHUNK:
			chunk = parse_chunk(optarg);
			break;
		case OPT_DECIMALS:
			decimals = parse_decimals(optarg);
			break;
		default:
			cli_bad_option(argv, longopts);
		}
	}
	if (csv && partial)
		cli_usage_error("--csv and --partial cannot be combined "
		    "(partial states are TSV)");
	if (partial)
		flags |= AGG_OUT_PARTIAL;
	if (csv)
		flags |= AGG_OUT_CSV;

	/* operations first, then files */
	sp = nf_xcalloc((size_t)argc + 1, sizeof(*sp));
	for (; optind < argc && is_operation(argv[optind]); optind++) {
		if (agg_spec_parse(&sp[nsp], argv[optind], &e) == -1)
			cli_die(&e);
		nsp++;
	}
	files = argv + optind;
	nfiles = (size_t)(argc - optind);
	if (nsp == 0 && !merge)
		cli_usage_error("no operation given (e.g. aggregate -g speaker "
		    "mean:compound count)");
	if (nsp > 0)
		check_names(gcols, ng, sp, nsp, partial);

	o = cli_tsv_opts();
	in = tsv_input_open(files, nfiles, &o);
	if ((rc = tsv_input_header(in, &h, &e)) < 0)
		cli_die(&e);
	if (rc == 0) {
		/* empty input: empty output */
		tsv_input_close(in);
		free_args(sp, nsp, gcols, ng);
		return cli_finish();
	}
	tsv_input_header_place(in, &file, &hline);
	if (merge && nsp == 0) {
		free(sp);
		infer_from_header(h, file, hline, &gcols, &ng, have_g, &sp, &nsp);
		check_names(gcols, ng, sp, nsp, partial);
	}
	a = agg_new(sp, nsp, gcols, ng, merge, chunk, skip);
	agg_set_decimals(a, decimals);
	if (agg_bind(a, h, file, hline, &e) == -1)
		die_freeing(a, &e);
	if (merge) {
		while ((rc = tsv_input_next(in, &row, &e)) == 1)
			if (agg_merge_row(a, &row, &e) == -1)
				die_freeing(a, &e);
	} else {
		need = agg_columns_needed(a);
		while ((rc = tsv_input_next_upto(in, &row, need, &e)) == 1)
			if (agg_add_row(a, &row, &e) == -1)
				die_freeing(a, &e);
		/* the rows still waiting in a batch */
		if (agg_flush(a, rc < 0 ? &e2 : &e) == -1)
			die_freeing(a, rc < 0 ? &e2 : &e);
	}
	if (rc < 0)
		die_freeing(a, &e);
	agg_write(a, cli_out(), flags);
	if (merge)
		warn_seen_clash(a);
	skipped = agg_skipped(a, &skip_file, &skip_line, &skip_col);
	if (skipped > 0)
		cli_warn(skip_file, skip_line, "skipped %llu non-numeric "
		    "value%s (the first here, in column '%s')",
		    (unsigned long long)skipped, skipped == 1 ? "" : "s",
		    skip_col);
	agg_free(a);
	tsv_input_close(in);
	free_args(sp, nsp, gcols, ng);
	return cli_finish();
}
