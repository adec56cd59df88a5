/*
 * dequote: split sentence rows into quotation and narrative spans, each with
 * its speaker, role and reporting verb.  Options and the loop only: one
 * document's rows are held (their texts in lib/quotes.c, the other fields
 * here), then analysed by lib/quotes.c and written out span by span.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "quotes.h"
#include "tsv.h"
#include "utf8.h"

static const char help_text[] =
"Usage: dequote [OPTION]... [FILE]...\n"
"Split the rows of a newsfilters TSV stream (segment's sentences, or any\n"
"stream with doc and text columns) into spans: quotations, with their own\n"
"quote marks removed, and the narrative around them.  Each span is one row:\n"
"the input columns, with text cut to the span, plus\n"
"  span     position of the span in its row (1, 2, ...)\n"
"  voice    quote or narrative (scare quotes and titles stay narrative)\n"
"  quote    number of the quotation in its document (quote rows only)\n"
"  speaker  canonical speaker; a comment's author on its narrative\n"
"  role     inspectorate, council, government, commenter, journalist, other\n"
"  cue      the reporting verb, lower case (said, added, according to)\n"
"Uses the columns par, section and author when present.  Rows of a document\n"
"must be together and in reading order.  With no FILE, or when FILE is -,\n"
"read standard input.\n"
"\n"
"  -f, --field=NAME      the text column (default: text)\n"
"      --only=VOICE      write only the spans of VOICE: quote or narrative\n"
"      --strict          invalid UTF-8 in the text column is an error\n"
"                        (default: read as U+FFFD, one warning per document)\n"
CLI_COMMON_HELP
"\n"
"Exit status: 0 success, 1 bad data or I/O error, 2 bad usage.\n"
"Full documentation: man dequote\n";

enum {
	OPT_ONLY = CLI_OPT_FIRST_FREE,
	OPT_STRICT
};

static const struct option longopts[] = {
	{ "field",	required_argument,	NULL, 'f' },
	{ "only",	required_argument,	NULL, OPT_ONLY },
	{ "strict",	no_argument,		NULL, OPT_STRICT },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static const char *const newcols[] = {
	"span", "voice", "quote", "speaker", "role", "cue"
};

/*
 * One held row.  Only what the output needs is kept: the fields before
 * the text column (with their TABs) and after it, copied raw; the text
 * itself lives in the analysis (struct quotes_doc) and is cut from there.
 */
struct held {
	size_t		 off;		/* fields before the text, in st->bytes */
	size_t		 pre, post;	/* their length, and of those after */
	size_t		 bad;		/* invalid UTF-8 sequences in the text */
	unsigned long	 line;
	int		 plain;		/* text written raw: no escape, valid */
};

struct state {
	struct quotes_lex *lex;
	struct quotes_doc *doc;
	struct held	*rows;
	size_t		 nrows, crows;
	struct buf	 bytes;		/* pass-through fields of the rows */
	struct buf	 docid;		/* doc of the held rows, raw */
	struct buf	 par;		/* par of the last row, raw */
	struct buf	 sec;		/* section of the last row, raw */
	int		 sec_id;	/* ... parsed */
	struct buf	 raw, text, author;
	char		*file;		/* input of the held document */
	/* documents of this input with an unclosed quotation: a count, and
	 * the first (its doc and line), for one warning per input */
	unsigned long	 unclosed, unclosed_line;
	struct buf	 unclosed_doc;
	int		 col_text, col_doc, col_par, col_section, col_author;
	int		 only;		/* -1 all, 1 quote, 0 narrative */
	int		 strict;
	const char	*fieldname;
};

/*
 * Is S[0..N) valid UTF-8 without NUL?  The same answer as
 * utf8_count_invalid() == 0, sooner: eight ASCII bytes at a time, and the
 * multibyte forms checked inline.  Bad text (rare) is then counted and
 * replaced by lib/utf8.c.
 */
static int
utf8_clean(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	for (;;) {
		unsigned char c, lo = 0x80, hi = 0xBF;
		size_t need;
		uint64_t w;

		/* ASCII without NUL: eight bytes at a time, then one by one
		 * up to the next byte that is not */
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (((w | ((w - 0x0101010101010101ULL) & ~w)) &
			    0x8080808080808080ULL) != 0)
				break;
			i += 8;
		}
		while (i < n && s[i] < 0x80 && s[i] != 0)
			i++;
		if (i >= n)
			return 1;
		if ((c = s[i]) >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;	/* overlong */
			else if (c == 0xED)
				hi = 0x9F;	/* surrogate */
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;	/* overlong */
			else if (c == 0xF4)
				hi = 0x8F;	/* above U+10FFFF */
		} else
			return 0;	/* NUL, C0, C1, F5..FF, continuation */
		if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		if (need >= 2 && (s[i + 2] & 0xC0) != 0x80)
			return 0;
		if (need == 3 && (s[i + 3] & 0xC0) != 0x80)
			return 0;
		i += need + 1;
	}
}

/* Does field F of ROW hold the same bytes as B? */
static int
same_field(const struct tsv_row *row, int f, const struct buf *b)
{
	return row->len[f] == b->len && (b->len == 0 ||
	    memcmp(row->field[f], b->data, b->len) == 0);
}

/* Do the fields of ROW lie one after the other, a TAB between two? */
static int
contiguous(const struct tsv_row *row)
{
	size_t f;

	for (f = 0; f + 1 < row->n; f++)
		if (row->field[f] + row->len[f] + 1 != row->field[f + 1] ||
		    row->field[f][row->len[f]] != '\t')
			return 0;
	return 1;
}

static void
set_field(struct buf *b, const struct tsv_row *row, int f)
{
	buf_clear(b);
	buf_add(b, row->field[f], row->len[f]);
}

/*
 * One warning per input for the documents that had a quotation left open
 * (it ends with its paragraph): the first such document and its line, and
 * how many more.  One line a document would flood a terminal on a corpus.
 */
static void
report_unclosed(struct state *st)
{
	/* the doc value as it came (escaped), cut if very long */
	int n = st->unclosed_doc.len > 60 ? 60 : (int)st->unclosed_doc.len;
	const char *doc = n > 0 ? st->unclosed_doc.data : "";

	if (st->unclosed == 1)
		cli_warn(st->file, st->unclosed_line, "unclosed quotation ends "
		    "at paragraph end (doc '%.*s')", n, doc);
	else if (st->unclosed > 1)
		cli_warn(st->file, st->unclosed_line, "unclosed quotation ends "
		    "at paragraph end (doc '%.*s'), and in %lu more documents "
		    "of this input", n, doc, st->unclosed - 1);
	st->unclosed = 0;
}

/*
 * Hold ROW: keep its pass-through fields and hand its text to the
 * analysis at once.  A text without backslashes needs no unescaping, and
 * valid UTF-8 needs no copy: most rows go in straight from the read buffer.
 * Invalid UTF-8 is only counted here; it is reported (or is an error under
 * --strict) when the document is written, as before.
 */
static void
hold_row(struct state *st, const struct tsv_row *r)
{
	const char *text = r->field[st->col_text];
	const char *first_f = r->field[0];
	const char *last_f = r->field[r->n - 1] + r->len[r->n - 1];
	const char *author = "";
	size_t tlen = r->len[st->col_text], alen = 0, first;
	int new_par = 1, section = QUOTES_BODY, esc;
	struct held *h;

	if (st->nrows == st->crows) {
		st->crows = st->crows ? 2 * st->crows : 64;
		st->rows = nf_xreallocarray(st->rows, st->crows,
		    sizeof(*st->rows));
	}
	h = &st->rows[st->nrows];
	h->off = st->bytes.len;
	if (contiguous(r)) {
		/* the usual case: copy the parts before and after the text
		 * in two calls */
		h->pre = (size_t)(text - first_f);
		h->post = (size_t)(last_f - (text + tlen));
		buf_add(&st->bytes, first_f, h->pre);
		buf_add(&st->bytes, text + tlen, h->post);
	} else {
		size_t f;

		for (f = 0; f < r->n; f++) {
			if (f == (size_t)st->col_text) {
				h->pre = st->bytes.len - h->off;
				continue;
			}
			if (f > (size_t)st->col_text)
				buf_addc(&st->bytes, '\t');
			buf_add(&st->bytes, r->field[f], r->len[f]);
			if (f < (size_t)st->col_text)
				buf_addc(&st->bytes, '\t');
		}
		h->post = st->bytes.len - h->off - h->pre;
	}
	h->line = r->line;

	if (st->col_par >= 0) {
		if (st->nrows > 0)
			new_par = !same_field(r, st->col_par, &st->par);
		if (new_par)
			set_field(&st->par, r, st->col_par);
	}
	if (st->col_section >= 0) {
		if (st->nrows == 0 || !same_field(r, st->col_section, &st->sec)) {
			set_field(&st->sec, r, st->col_section);
			st->sec_id = quotes_section_parse(st->sec.data,
			    st->sec.len);
		}
		section = st->sec_id;
	}
	if (st->col_author >= 0) {
		author = r->field[st->col_author];
		alen = r->len[st->col_author];
		if (memchr(author, '\\', alen) != NULL) {
			buf_clear(&st->author);
			tsv_unescape_into(&st->author, author, alen);
			author = st->author.data;
			alen = st->author.len;
		}
	}
	esc = memchr(text, '\\', tlen) != NULL;
	if (esc) {
		buf_clear(&st->raw);
		tsv_unescape_into(&st->raw, text, tlen);
		text = st->raw.data ? st->raw.data : "";
		tlen = st->raw.len;
	}
	h->bad = utf8_clean(text, tlen) ? 0 :
	    utf8_count_invalid(text, tlen, &first);
	if (h->bad > 0) {
		buf_clear(&st->text);
		utf8_sanitize_into(&st->text, text, tlen);
		text = st->text.data;
		tlen = st->text.len;
	}
	h->plain = !esc && h->bad == 0;
	quotes_doc_add(st->doc, text, tlen, new_par, section, author, alen);
	st->nrows++;
}

static void
flush_doc(struct state *st)
{
	struct tsv_writer *out = cli_out();
	const struct quotes_span *sp;
	size_t i, n, k, span_no = 0, last_row = SIZE_MAX;

	if (st->nrows == 0)
		return;
	for (i = 0; i < st->nrows; i++) {
		struct nf_error e;

		if (st->rows[i].bad == 0)
			continue;
		if (st->strict) {
			nf_error_set(&e, NF_EDATA, st->file, st->rows[i].line,
			    "invalid UTF-8 in column '%s'", st->fieldname);
			report_unclosed(st);	/* for the documents written */
			cli_die(&e);
		}
		cli_warn(st->file, st->rows[i].line, "invalid UTF-8 in column "
		    "'%s' read as U+FFFD (warned once per document)",
		    st->fieldname);
		break;
	}
	quotes_doc_run(st->doc);
	if (quotes_doc_unclosed(st->doc) > 0 && st->unclosed++ == 0) {
		st->unclosed_line =
		    st->rows[quotes_doc_unclosed_row(st->doc)].line;
		buf_clear(&st->unclosed_doc);
		buf_add(&st->unclosed_doc, st->docid.data, st->docid.len);
	}
	sp = quotes_doc_spans(st->doc, &n);
	for (k = 0; k < n; k++) {
		const struct held *h = &st->rows[sp[k].row];
		const char *text, *b = st->bytes.data + h->off;
		size_t tlen;

		if (sp[k].row != last_row) {
			last_row = sp[k].row;
			span_no = 0;
		}
		span_no++;
		if (st->only >= 0 && sp[k].quote != st->only)
			continue;
		text = quotes_doc_row_text(st->doc, sp[k].row, &tlen);
		tsv_put_raw(out, b, h->pre);
		/* a row without escapes or bad UTF-8 can be cut as it is */
		if (h->plain)
			tsv_put_raw(out, text + sp[k].start,
			    sp[k].end - sp[k].start);
		else
			tsv_put_text(out, text + sp[k].start,
			    sp[k].end - sp[k].start);
		tsv_put_raw(out, b + h->pre, h->post);
		tsv_put_tab(out);
		if (span_no < 10)	/* (most rows have a span or two) */
			tsv_put_char(out, (char)('0' + span_no));
		else
			tsv_put_ulong(out, span_no);
		if (sp[k].quote) {
			tsv_put_raw(out, "\tquote\t", 7);
			tsv_put_ulong(out, sp[k].number);
		} else
			tsv_put_raw(out, "\tnarrative\t", 11);
		tsv_put_tab(out);
		if (sp[k].speaker_len > 0)
			tsv_put_text(out, sp[k].speaker, sp[k].speaker_len);
		tsv_put_tab(out);
		if (sp[k].role != QUOTES_ROLE_NONE)
			tsv_put_str(out, quotes_role_name(sp[k].role));
		tsv_put_tab(out);
		if (sp[k].cue_len > 0)
			tsv_put_text(out, sp[k].cue, sp[k].cue_len);
		tsv_put_eol(out);
	}
	st->nrows = 0;
	buf_clear(&st->bytes);
	quotes_doc_clear(st->doc);
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
	int ch, rc, f;

	nf_error_clear(&e);
	memset(&st, 0, sizeof(st));
	st.only = -1;
	st.fieldname = "text";
	cli_init("dequote", help_text);
	while ((ch = getopt_long(argc, argv, "f:", longopts, NULL)) != -1) {
		if (cli_common_option(ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			st.fieldname = optarg;
			break;
		case OPT_ONLY:
			if (strcmp(optarg, "quote") == 0)
				st.only = 1;
			else if (strcmp(optarg, "narrative") == 0)
				st.only = 0;
			else
				cli_usage_error("invalid --only '%s' "
				    "(quote or narrative)", optarg);
			break;
		case OPT_STRICT:
			st.strict = 1;
			break;
		default:
			cli_bad_option(argv, longopts);
		}
	}

	/* every data file is read before the first row (the lexicon is kept
	 * in st, in memory: an exit on a write error leaves it reachable) */
	st.lex = quotes_lex_new();
	for (f = 0; f < QUOTES_FILE_COUNT; f++) {
		char *path = nf_xstrdup(cli_data_path(quotes_file_name(f)));

		if (quotes_lex_load(st.lex, f, path, &e) == -1)
			cli_die(&e);
		free(path);
	}

	o = cli_tsv_opts();
	in = tsv_input_open(argv + optind, (size_t)(argc - optind), &o);
	if ((rc = tsv_input_header(in, &h, &e)) < 0)
		cli_die(&e);
	if (rc == 0) {
		tsv_input_close(in);
		quotes_lex_free(st.lex);
		return cli_finish();
	}
	if ((st.col_text = tsv_input_column(in, st.fieldname,
	    "choose one with --field", &e)) < 0 ||
	    (st.col_doc = tsv_input_column(in, "doc", NULL, &e)) < 0 ||
	    tsv_input_check_new(in, newcols, 6, &e) == -1)
		cli_die(&e);
	st.col_par = tsv_header_find(h, "par");
	st.col_section = tsv_header_find(h, "section");
	st.col_author = tsv_header_find(h, "author");
	tsv_put_header(cli_out(), h, newcols, 6);
	st.doc = quotes_doc_new(st.lex);

	while ((rc = tsv_input_next(in, &row, &e)) == 1) {
		/* a new document: another doc value, or another input */
		if (st.nrows > 0 && (!same_field(&row, st.col_doc, &st.docid) ||
		    strcmp(st.file, row.file) != 0))
			flush_doc(&st);
		if (st.nrows == 0) {
			if (st.file == NULL || strcmp(st.file, row.file) != 0) {
				report_unclosed(&st);
				free(st.file);
				st.file = nf_xstrdup(row.file);
			}
			set_field(&st.docid, &row, st.col_doc);
		}
		hold_row(&st, &row);
	}
	if (rc < 0) {
		report_unclosed(&st);	/* for the documents written */
		cli_die(&e);
	}
	flush_doc(&st);
	report_unclosed(&st);
	tsv_input_close(in);
	quotes_doc_free(st.doc);
	quotes_lex_free(st.lex);
	free(st.rows);
	buf_free(&st.bytes);
	buf_free(&st.docid);
	buf_free(&st.par);
	buf_free(&st.sec);
	buf_free(&st.raw);
	buf_free(&st.text);
	buf_free(&st.author);
	buf_free(&st.unclosed_doc);
	free(st.file);
	return cli_finish();
}
