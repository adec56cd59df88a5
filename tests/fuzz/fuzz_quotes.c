/*
 * tests/fuzz/fuzz_quotes.c — dequote's per-document work (lib/quotes.h) on
 * any bytes.  The input is a document, one row per line; the first byte of
 * a line says how the row is added (bit 0: starts a paragraph, bits 1-3:
 * the section, bit 4: the text after the last TAB is the author), the rest
 * is its text, sanitised as dequote does (lenient UTF-8, no NUL).
 *
 * Checked, for every row: its spans come in row order and each row has at
 * least one; a span lies inside the row's text, after the previous one;
 * the bytes no span covers are quote marks, or white space between two
 * spans (DESIGN.md: no text is lost or invented); an apostrophe between
 * two letters is never left out; speakers, cues and roles are sane.  The
 * document is run twice (after quotes_doc_clear) with the same results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "quotes.h"
#include "utf8.h"

#ifndef NF_DATADIR
#define NF_DATADIR "data"
#endif

static struct quotes_lex *
lexicon(void)
{
	struct quotes_lex *lex = quotes_lex_new();
	struct nf_error e;
	char path[4096];
	int f;

	for (f = 0; f < QUOTES_FILE_COUNT; f++) {
		snprintf(path, sizeof(path), "%s/%s", NF_DATADIR,
		    quotes_file_name(f));
		if (quotes_lex_load(lex, f, path, &e) == -1) {
			fprintf(stderr, "fuzz_quotes: %s:%lu: %s\n", e.file,
			    e.line, e.msg);
			abort();
		}
	}
	return lex;
}

/* Length of the quote mark at S[I..N), or 0. */
static size_t
mark_len(const unsigned char *s, size_t i, size_t n)
{
	if (s[i] == '"' || s[i] == '\'')
		return 1;
	if (i + 1 < n && s[i] == 0xC2 && (s[i + 1] == 0xAB || s[i + 1] == 0xBB))
		return 2;
	if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 &&
	    ((s[i + 2] >= 0x98 && s[i + 2] <= 0x9F) || s[i + 2] == 0xB9 ||
	    s[i + 2] == 0xBA))
		return 3;
	return 0;
}

/* Is the code point ending just before S[I] (or starting at it) a letter? */
static int
letter_before(const unsigned char *s, size_t i)
{
	size_t k = i, len;

	while (k > 0 && i - k < 4) {
		k--;
		if ((s[k] & 0xC0) != 0x80)
			break;
	}
	if (i == 0)
		return 0;
	return utf8_is_letter(utf8_decode(s + k, i - k, &len));
}

static int
letter_at(const unsigned char *s, size_t i, size_t n)
{
	size_t len;

	return i < n && utf8_is_letter(utf8_decode(s + i, n - i, &len));
}

/* Are the bytes S[A..B) of a row all left-out marks (and white space when
 * INNER: between two spans)? */
static void
check_gap(const unsigned char *s, size_t n, size_t a, size_t b, int inner)
{
	size_t i = a, len, ml;
	int32_t c;

	while (i < b) {
		if ((ml = mark_len(s, i, n)) > 0) {
			/* an apostrophe inside a word is text, never a mark */
			if ((s[i] == '\'' || (ml == 3 && s[i + 2] == 0x99)) &&
			    letter_before(s, i) && letter_at(s, i + ml, n))
				abort();
			i += ml;
			continue;
		}
		c = utf8_decode(s + i, n - i, &len);
		if (!inner || !(c == ' ' || c == '\t' || c == '\n' ||
		    c == '\r' || utf8_is_space(c)))
			abort();
		i += len;
	}
	if (i != b)
		abort();	/* a span boundary inside a character */
}

struct result {
	size_t		 n;
	struct quotes_span *sp;
};

static void
check(struct quotes_doc *d, size_t nrows, struct result *r)
{
	const struct quotes_span *sp = quotes_doc_spans(d, &r->n);
	size_t k, row = 0, pos = 0, spans_in_row = 0, tlen;
	const unsigned char *t = NULL;

	if (nrows > 0 && r->n < nrows)
		abort();
	for (k = 0; k < r->n; k++) {
		const struct quotes_span *s = &sp[k];

		if (s->row >= nrows || s->row < row)
			abort();
		if (k == 0 || s->row != row) {
			/* rows in order, none without a span */
			if (k > 0) {
				check_gap(t, tlen, pos, tlen, 0);
				if (s->row != row + 1)
					abort();
			} else if (s->row != 0)
				abort();
			row = s->row;
			t = (const unsigned char *)quotes_doc_row_text(d, row,
			    &tlen);
			pos = 0;
			spans_in_row = 0;
		}
		if (s->start < pos || s->end < s->start || s->end > tlen)
			abort();
		check_gap(t, tlen, pos, s->start, spans_in_row > 0);
		pos = s->end;
		spans_in_row++;
		if (s->role < QUOTES_ROLE_NONE || s->role > QUOTES_ROLE_OTHER)
			abort();
		if ((s->speaker_len > 0 && s->speaker == NULL) ||
		    (s->cue_len > 0 && s->cue == NULL))
			abort();
		if (s->cue_len > 0 && utf8_count_invalid(s->cue, s->cue_len,
		    NULL) != 0)
			abort();
		if (s->quote != 0 && s->quote != 1)
			abort();
		if (s->quote && s->number == 0)
			abort();
		(void)quotes_role_name(s->role);
	}
	if (r->n > 0) {
		check_gap(t, tlen, pos, tlen, 0);
		if (row + 1 != nrows)
			abort();
	}
	if (quotes_doc_unclosed(d) > 0 && quotes_doc_unclosed_row(d) >= nrows)
		abort();
	r->sp = malloc(r->n * sizeof(*r->sp) + 1);
	if (r->sp == NULL)
		abort();
	if (r->n > 0)		/* (no spans: SP may be NULL) */
		memcpy(r->sp, sp, r->n * sizeof(*sp));
}

/* A copy of exactly N bytes, so that reading past the end is caught. */
static char *
exact(const char *p, size_t n)
{
	char *c = malloc(n > 0 ? n : 1);

	if (c == NULL)
		abort();
	if (n > 0)
		memcpy(c, p, n);
	return c;
}

/* Add the rows of DATA to D; returns their number. */
static size_t
add_rows(struct quotes_doc *d, const uint8_t *data, size_t size,
    struct buf *text)
{
	const char *p = (const char *)data, *end = p + size, *nl, *tab;
	size_t nrows = 0;

	while (p < end) {
		const char *author = "";
		char *row, *au;
		size_t alen = 0, tl;
		unsigned ctl;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		ctl = p < nl ? (unsigned char)*p++ : 1;
		tl = (size_t)(nl - p);
		for (tab = nl; tab > p && tab[-1] != '\t'; tab--)
			;
		if ((ctl & 16) && tab-- > p) {
			author = tab + 1;
			alen = (size_t)(nl - author);
			tl = (size_t)(tab - p);
		}
		/* the text as dequote gives it: sanitised; the author raw */
		buf_clear(text);
		utf8_sanitize_into(text, p, tl);
		row = exact(text->data, text->len);
		au = exact(author, alen);
		quotes_doc_add(d, row, text->len, ctl & 1, (int)(ctl >> 1) & 7,
		    au, alen);
		free(row);
		free(au);
		nrows++;
		p = nl + 1;
	}
	return nrows;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct quotes_lex *lex;
	static struct quotes_doc *d;
	struct buf text = { NULL, 0, 0 };
	struct result a, b;
	size_t nrows, k;

	if (lex == NULL) {
		lex = lexicon();
		d = quotes_doc_new(lex);
	}
	nrows = add_rows(d, data, size, &text);
	quotes_doc_run(d);
	check(d, nrows, &a);
	/* the memory kept by clear holds nothing of this document */
	quotes_doc_clear(d);
	if (add_rows(d, data, size, &text) != nrows)
		abort();
	quotes_doc_run(d);
	check(d, nrows, &b);
	if (a.n != b.n)
		abort();
	for (k = 0; k < a.n; k++)
		if (a.sp[k].row != b.sp[k].row ||
		    a.sp[k].start != b.sp[k].start ||
		    a.sp[k].end != b.sp[k].end ||
		    a.sp[k].quote != b.sp[k].quote ||
		    a.sp[k].number != b.sp[k].number ||
		    a.sp[k].role != b.sp[k].role ||
		    a.sp[k].speaker_len != b.sp[k].speaker_len ||
		    a.sp[k].cue_len != b.sp[k].cue_len)
			abort();
	free(a.sp);
	free(b.sp);
	quotes_doc_clear(d);
	buf_free(&text);
	return 0;
}
