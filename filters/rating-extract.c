/*
 * rating-extract: one row per inspection grade statement in the text, with
 * the input columns plus authority area grade rank status year.
 * Option handling and the document loop only; the rules are lib/ratings.c,
 * the authorities lib/gazetteer.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "gazetteer.h"
#include "ratings.h"
#include "tsv.h"
#include "utf8.h"

static const char help_text[] =
"Usage: rating-extract [OPTION]... [FILE]...\n"
"Read sentence rows (from segment or dequote) and write one row per\n"
"inspection grade statement: the input columns plus\n"
"  authority area grade rank status year\n"
"A row with no grade statement gives no row; a row with three gives three.\n"
"With no FILE, or when FILE is -, read standard input.  Documents are the\n"
"runs of rows with the same doc value; each is read whole before its rows\n"
"are written.\n"
"\n"
"  -f, --field=NAME      read the text from column NAME (default text)\n"
"      --sections=LIST   sections that can state grades (default\n"
"                        headline,standfirst,caption,heading,body)\n"
"      --authorities=FILE\n"
"                        gazetteer of authorities (default\n"
"                        authorities.tsv in the data directory)\n"
"      --strict          invalid UTF-8 in the text is an error\n"
CLI_COMMON_HELP
"\n"
"Exit status: 0 success, 1 bad data or I/O failure, 2 bad usage.\n"
"Full documentation: man rating-extract\n";

enum {
	OPT_SECTIONS = CLI_OPT_FIRST_FREE,
	OPT_AUTHORITIES,
	OPT_STRICT
};

static const struct option longopts[] = {
	{ "field",		required_argument,	NULL, 'f' },
	{ "sections",		required_argument,	NULL, OPT_SECTIONS },
	{ "authorities",	required_argument,	NULL, OPT_AUTHORITIES },
	{ "strict",		no_argument,		NULL, OPT_STRICT },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static const char *const new_cols[] = {
	"authority", "area", "grade", "rank", "status", "year"
};

static const char *const all_sections[] = {
	"headline", "standfirst", "caption", "heading", "body",
	"comments-header", "comment", "boilerplate"
};
#define NSECTIONS (sizeof(all_sections) / sizeof(all_sections[0]))

/* --sections: which of all_sections are read for grades */
static int section_on[NSECTIONS];

static void
parse_sections(const char *list)
{
	const char *p = list, *e;
	size_t k, n;

	memset(section_on, 0, sizeof(section_on));
	while (*p != '\0') {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		for (k = 0; k < NSECTIONS; k++)
			if (strlen(all_sections[k]) == n &&
			    strncmp(all_sections[k], p, n) == 0)
				break;
		if (k == NSECTIONS)
			cli_usage_error("unknown section '%.*s' in --sections",
			    (int)n, p);
		section_on[k] = 1;
		p += n;
		if (*p == ',')
			p++;
	}
}

/* The row's section: its rx_section, or -1 when it is not read. */
static int
row_section(const char *s, size_t n)
{
	size_t k;
	int sec;

	for (k = 0; k < NSECTIONS; k++)
		if (strlen(all_sections[k]) == n &&
		    memcmp(all_sections[k], s, n) == 0)
			break;
	if (k == NSECTIONS || !section_on[k])
		return -1;
	sec = rx_section_parse(s, n);
	/* comments and the like, when asked for, read as body text */
	return sec == RX_SEC_OTHER ? RX_SEC_BODY : sec;
}

static long
parse_par(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

struct state {
	struct tsv_rows	 rows;
	struct rx_doc	*doc;
	const struct gaz *gaz;
	struct buf	 docid;		/* raw doc field of the held document */
	int		 have_doc;
	int		 warned;	/* invalid UTF-8 reported for this doc */
	const char	**field;
	size_t		*len;
};

static void
flush_doc(struct state *st)
{
	struct tsv_writer *out = cli_out();
	const struct rx_stmt *s;
	struct tsv_row row;
	size_t n, k;
	const char *name;

	if (!st->have_doc)
		return;
	s = rx_doc_run(st->doc, &n);
	for (k = 0; k < n; k++) {
		tsv_rows_get(&st->rows, s[k].row, &row, st->field, st->len);
		tsv_put_row_fields(out, &row);
		tsv_put_tab(out);
		if (s[k].authority >= 0) {
			name = gaz_name(st->gaz, s[k].authority);
			tsv_put_text(out, name, strlen(name));
		}
		tsv_put_tab(out);
		tsv_put_str(out, rx_area_name(s[k].area));
		tsv_put_tab(out);
		tsv_put_str(out, rx_grade_name(s[k].grade));
		tsv_put_tab(out);
		tsv_put_ulong(out, (unsigned long)rx_grade_rank(s[k].grade));
		tsv_put_tab(out);
		tsv_put_str(out, rx_status_name(s[k].status));
		tsv_put_tab(out);
		if (s[k].year > 0)
			tsv_put_ulong(out, (unsigned long)s[k].year);
		tsv_put_eol(out);
	}
	rx_doc_clear(st->doc);
	tsv_rows_clear(&st->rows);
	st->have_doc = 0;
	st->warned = 0;
}

int
main(int argc, char *argv[])
{
	struct nf_error e;
	const struct tsv_header *h;
	struct tsv_row row;
	struct tsv_input *in;
	struct tsv_opts o;
	struct state st;
	struct gaz *gaz;
	struct rx_data *data;
	struct buf text;
	const char *field = "text", *authorities = NULL;
	static char *gazpath;	/* static: reachable at an exit from deep inside */
	int ch, rc, strict = 0, c_doc, c_text, c_sec, c_par;

	nf_error_clear(&e);
	cli_init("rating-extract", help_text);
	parse_sections("headline,standfirst,caption,heading,body");
	while ((ch = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		if (cli_common_option(ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			field = optarg;
			break;
		case OPT_SECTIONS:
			parse_sections(optarg);
			break;
		case OPT_AUTHORITIES:
			authorities = optarg;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		default:
			cli_bad_option(argv, longopts);
		}
	}
	if (field[0] == '\0')
		cli_usage_error("--field needs a column name");

	/* data files before the first row */
	gazpath = nf_xstrdup(authorities != NULL ? authorities :
	    cli_data_path("authorities.tsv"));
	if ((gaz = gaz_load(gazpath, &e)) == NULL)
		cli_die(&e);
	if (gaz_load_context(gaz, cli_data_path("ratings-places.tsv"),
	    &e) == -1)
		cli_die(&e);
	if ((data = rx_data_load(gaz, cli_data_path, &e)) == NULL)
		cli_die(&e);

	o = cli_tsv_opts();
	in = tsv_input_open(argv + optind, (size_t)(argc - optind), &o);
	if ((rc = tsv_input_header(in, &h, &e)) < 0)
		cli_die(&e);
	if (rc == 0) {
		tsv_input_close(in);
		rx_data_free(data);
		gaz_free(gaz);
		free(gazpath);
		return cli_finish();
	}
	if ((c_doc = tsv_input_column(in, "doc", NULL, &e)) < 0 ||
	    (c_text = tsv_input_column(in, field, NULL, &e)) < 0 ||
	    tsv_input_check_new(in, new_cols, 6, &e) == -1)
		cli_die(&e);
	c_sec = tsv_header_find(h, "section");
	c_par = tsv_header_find(h, "par");
	tsv_put_header(cli_out(), h, new_cols, 6);

	memset(&st, 0, sizeof(st));
	tsv_rows_init(&st.rows, h->n);
	st.doc = rx_doc_new(data);
	st.gaz = gaz;
	st.field = nf_xcalloc(h->n, sizeof(*st.field));
	st.len = nf_xcalloc(h->n, sizeof(*st.len));
	memset(&text, 0, sizeof(text));
	while ((rc = tsv_input_next(in, &row, &e)) == 1) {
		int sec = RX_SEC_BODY;
		size_t first;

		if (st.have_doc && (row.len[c_doc] != st.docid.len ||
		    memcmp(row.field[c_doc], st.docid.data,
		    st.docid.len) != 0))
			flush_doc(&st);
		if (!st.have_doc) {
			st.docid.len = 0;
			buf_add(&st.docid, row.field[c_doc], row.len[c_doc]);
			st.have_doc = 1;
		}
		if (c_sec >= 0 &&
		    (sec = row_section(row.field[c_sec], row.len[c_sec])) < 0) {
			/* not read for grades: position only */
			rx_doc_add(st.doc, 0, RX_SEC_OTHER, -1, "", 0);
			continue;
		}
		text.len = 0;
		tsv_unescape_into(&text, row.field[c_text], row.len[c_text]);
		buf_cstr(&text);
		if (utf8_count_invalid(text.data, text.len, &first) > 0) {
			if (strict) {
				nf_error_set(&e, NF_EDATA, row.file, row.line,
				    "invalid UTF-8 in column '%s' (byte %zu)",
				    field, first + 1);
				cli_die(&e);
			}
			if (!st.warned)
				cli_warn(row.file, row.line, "invalid UTF-8 in "
				    "column '%s' read as U+FFFD (first in this "
				    "document)", field);
			st.warned = 1;
		}
		tsv_rows_add(&st.rows, &row);
		rx_doc_add(st.doc, st.rows.nrows - 1, sec,
		    c_par >= 0 ? parse_par(row.field[c_par], row.len[c_par]) :
		    -1, text.data, text.len);
	}
	if (rc < 0)
		cli_die(&e);
	flush_doc(&st);
	if (tsv_input_failed(in))
		cli_set_failed();
	tsv_input_close(in);
	tsv_rows_free(&st.rows);
	rx_doc_free(st.doc);
	buf_free(&st.docid);
	buf_free(&text);
	free(st.field);
	free(st.len);
	rx_data_free(data);
	gaz_free(gaz);
	free(gazpath);
	return cli_finish();
}
