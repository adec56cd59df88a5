/*
 * sentiment: append neg neu pos compound (and label) for the text column of
 * each row.  Option handling and the row loop only; scoring is lib/vader.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "tsv.h"
#include "utf8.h"
#include "vader.h"

static const char help_text[] =
"Usage: sentiment [OPTION]... [FILE]...\n"
"Append VADER sentiment scores for the text column of each row of a\n"
"newsfilters TSV stream: neg neu pos (proportions, 3 decimals) and compound\n"
"(-1..1, 4 decimals), written with 4 decimals.  Every row comes out, in\n"
"order.  With no FILE, or when FILE is -, read standard input.\n"
"\n"
"By default the method is VADER's with a social-care news overlay\n"
"(sentiment-overlay.tsv in the data directory; sentiment-mentions.tsv\n"
"tells a quoted grade that is a judgement from a mere mention) and\n"
"typographic quotes, apostrophes, dashes and ellipses read as their ASCII\n"
"forms.\n"
"\n"
"  -f, --field=NAME      score column NAME (default: text)\n"
"      --vader           the reference VADER implementation's scores exactly:\n"
"                        no overlay, typographic marks left as they are\n"
"      --lexicon=FILE    add or override words and phrases from FILE\n"
"                        (TERM<TAB>VALENCE[<TAB>NOTE] lines); repeatable,\n"
"                        later files win\n"
"      --label           also append label: positive (compound >= 0.05),\n"
"                        negative (compound <= -0.05) or neutral\n"
"      --strict          invalid UTF-8 in the scored column is an error\n"
"                        (default: read as U+FFFD, one warning per input)\n"
CLI_COMMON_HELP
"\n"
"Exit status: 0 success, 1 bad data or I/O error, 2 bad usage.\n"
"Full documentation: man sentiment\n";

enum {
	OPT_VADER = CLI_OPT_FIRST_FREE,
	OPT_LEXICON,
	OPT_LABEL,
	OPT_STRICT
};

static const struct option longopts[] = {
	{ "field",	required_argument,	NULL, 'f' },
	{ "vader",	no_argument,		NULL, OPT_VADER },
	{ "lexicon",	required_argument,	NULL, OPT_LEXICON },
	{ "label",	no_argument,		NULL, OPT_LABEL },
	{ "strict",	no_argument,		NULL, OPT_STRICT },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void
load(struct vader *v, int (*fn)(struct vader *, const char *,
    struct nf_error *), const char *name)
{
	struct nf_error e;
	char *path = nf_xstrdup(cli_data_path(name));

	nf_error_clear(&e);
	if (fn(v, path, &e) == -1)
		cli_die(&e);
	free(path);
}

/*
 * The row's fields as they came: one copy when they lie in one piece, as
 * the reader leaves them (each a TAB after the one before), else field by
 * field.
 */
static void
put_fields(struct tsv_writer *out, const struct tsv_row *row)
{
	size_t i;

	for (i = 1; i < row->n; i++)
		if (row->field[i] != row->field[i - 1] + row->len[i - 1] + 1)
			break;
	if (i == row->n && row->n > 0)
		tsv_put_raw(out, row->field[0], (size_t)(row->field[i - 1] +
		    row->len[i - 1] - row->field[0]));
	else
		tsv_put_row_fields(out, row);
}

static const char *
label_of(double compound)
{
	if (compound >= 0.05)
		return "positive";
	if (compound <= -0.05)
		return "negative";
	return "neutral";
}

int
main(int argc, char *argv[])
{
	static const char *const newcols[] = { "neg", "neu", "pos",
	    "compound", "label" };
	struct nf_error e;
	const struct tsv_header *h;
	struct tsv_row row;
	struct tsv_writer *out;
	struct tsv_input *in;
	struct tsv_opts o;
	struct vader_scores sc;
	/* static: still reachable when a write error exits from deep inside
	 * (valgrind would call it lost) */
	static struct vader *v;
	struct buf text = { NULL, 0, 0 };
	const char *fieldname = "text";
	char **lexicons, *warned = NULL;
	size_t nlexicons = 0, i, nnew;
	int ch, rc, col, vader_mode = 0, label = 0, strict = 0;

	nf_error_clear(&e);
	cli_init("sentiment", help_text);
	lexicons = nf_xcalloc((size_t)argc + 1, sizeof(*lexicons));
	while ((ch = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		if (cli_common_option(ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			fieldname = optarg;
			break;
		case OPT_VADER:
			vader_mode = 1;
			break;
		case OPT_LEXICON:
			lexicons[nlexicons++] = optarg;
			break;
		case OPT_LABEL:
			label = 1;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		default:
			cli_bad_option(argv, longopts);
		}
	}

	/* every data file is read before the first row */
	v = vader_new();
	load(v, vader_load_lexicon, "vader/vader_lexicon.txt");
	load(v, vader_load_emoji, "vader/emoji_utf8_lexicon.txt");
	load(v, vader_load_negate, "vader/negate.txt");
	load(v, vader_load_boosters, "vader/boosters.tsv");
	load(v, vader_load_special, "vader/special-cases.tsv");
	if (!vader_mode) {
		load(v, vader_load_overlay, "sentiment-overlay.tsv");
		load(v, vader_load_mentions, "sentiment-mentions.tsv");
		vader_set_flags(v, VADER_TYPOGRAPHIC);
	}
	for (i = 0; i < nlexicons; i++)
		if (vader_load_overlay(v, lexicons[i], &e) == -1)
			cli_die(&e);

	o = cli_tsv_opts();
	in = tsv_input_open(argv + optind, (size_t)(argc - optind), &o);
	if ((rc = tsv_input_header(in, &h, &e)) < 0)
		cli_die(&e);
	if (rc == 0) {
		tsv_input_close(in);
		vader_free(v);
		free(lexicons);
		return cli_finish();
	}
	nnew = label ? 5 : 4;
	if ((col = tsv_input_column(in, fieldname, "choose one with --field",
	    &e)) < 0 || tsv_input_check_new(in, newcols, nnew, &e) == -1)
		cli_die(&e);
	out = cli_out();
	tsv_put_header(out, h, newcols, nnew);

	while ((rc = tsv_input_next(in, &row, &e)) == 1) {
		const char *t = row.field[col];
		size_t tlen = row.len[col];
		char scores[64];

		/* the field as it is unless it holds an escape */
		if (memchr(t, '\\', tlen) != NULL) {
			buf_clear(&text);
			tsv_unescape_into(&text, t, tlen);
			t = text.data;
			tlen = text.len;
		}
		if (vader_score(v, t, tlen, &sc) > 0) {
			if (strict) {
				nf_error_set(&e, NF_EDATA, row.file, row.line,
				    "invalid UTF-8 in column '%s'", fieldname);
				cli_die(&e);
			}
			if (warned == NULL || strcmp(warned, row.file) != 0) {
				cli_warn(row.file, row.line, "invalid UTF-8 in "
				    "column '%s' read as U+FFFD (warned once "
				    "per input)", fieldname);
				free(warned);
				warned = nf_xstrdup(row.file);
			}
		}
		put_fields(out, &row);
		tsv_put_raw(out, scores, vader_format_scores(scores, &sc));
		if (label) {
			tsv_put_tab(out);
			tsv_put_str(out, label_of(sc.compound));
		}
		tsv_put_eol(out);
	}
	if (rc < 0)
		cli_die(&e);
	tsv_input_close(in);
	buf_free(&text);
	free(warned);
	vader_free(v);
	free(lexicons);
	return cli_finish();
}
