/*
 * tests/unit/test_quotes.c — lib/quotes.c: the no-text-lost property on
 * generated documents (exact byte offsets), and the mark rules on small
 * cases (apostrophes, nesting, paragraphs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quotes.h"
#include "tap.h"
#include "utf8.h"

static struct quotes_lex *lex;

static int
load(void)
{
	struct nf_error e;
	char path[4096];
	int f;

	lex = quotes_lex_new();
	for (f = 0; f < QUOTES_FILE_COUNT; f++) {
		snprintf(path, sizeof(path), "%s/%s", NF_DATADIR,
		    quotes_file_name(f));
		if (quotes_lex_load(lex, f, path, &e) == -1) {
			printf("# %s:%lu: %s\n", e.file, e.line, e.msg);
			return -1;
		}
	}
	return 0;
}

static int
is_mark_at(const char *s, size_t n, size_t i, size_t *len)
{
	int32_t c = utf8_decode_lenient((const unsigned char *)s + i, n - i,
	    len);

	return c == '"' || c == '\'' || c == 0x201C || c == 0x201D ||
	    c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B ||
	    c == 0x201E || c == 0x201F || c == 0xAB || c == 0xBB ||
	    c == 0x2039 || c == 0x203A;
}

static int
ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Check one row: spans in order inside the row; every gap is made of quote
 * marks only, plus white space when it lies between two quotation spans;
 * an apostrophe between two letters is never in a gap.  Returns NULL or
 * what is wrong.
 */
static const char *
check_row(const char *s, size_t n, const struct quotes_span *sp, size_t k)
{
	size_t pos = 0, i, j, len;
	int prev_quote = 0;

	if (k == 0)
		return "no span";
	for (i = 0; i <= k; i++) {
		size_t gend = i < k ? sp[i].start : n;
		int between = i > 0 && i < k && prev_quote && sp[i].quote;

		if (i < k && (sp[i].start < pos || sp[i].end < sp[i].start ||
		    sp[i].end > n))
			return "span out of order";
		for (j = pos; j < gend; j += len) {
			if (is_mark_at(s, n, j, &len)) {
				if ((s[j] == '\'' || (len == 3 &&
				    (unsigned char)s[j + 2] == 0x99)) && j > 0 &&
				    ascii_letter(s[j - 1]) && j + len < n &&
				    ascii_letter(s[j + len]))
					return "apostrophe removed";
				continue;
			}
			len = 1;
			if (between && (s[j] == ' ' || s[j] == '\t' ||
			    s[j] == '\n' || s[j] == '\r'))
				continue;
			return "text lost between spans";
		}
		if (i < k) {
			pos = sp[i].end;
			prev_quote = sp[i].quote;
		}
	}
	return NULL;
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const pieces[] = {
	"the", "council", "said", "inspectors", "he", "she", "it", "found",
	"added", "Ofsted", "report", "Richard", "Boyles", "staff", "workers\xe2\x80\x99",
	"Ealing\xe2\x80\x99s", "don't", "children's", "'90s", "good",
	"inadequate", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98",
	"\xe2\x80\x99", "\"", "'", "\xc2\xab", "\xc2\xbb", ",", ".", ":", ";",
	"\xe2\x80\x93", "(", ")", "We", "Mr", "Smith", "according", "to",
	"says", "\xe2\x80\x9c", "\xe2\x80\x9d", "\"", "'", " ", "  ", "\t",
	"rock \xe2\x80\x99n\xe2\x80\x99 roll", "\xe2\x80\x9eLow\xe2\x80\x9c",
	"\xe2\x80\xb9", "\xe2\x80\xba"
};

static void
property(void)
{
	struct quotes_doc *d = quotes_doc_new(lex);
	char text[1024];
	int doc, bad = 0, rows = 0, spans = 0;

	for (doc = 0; doc < 3000; doc++) {
		int nrows = 1 + (int)rnd(12), r;
		size_t n, i, k;
		const struct quotes_span *sp;

		quotes_doc_clear(d);
		for (r = 0; r < nrows; r++) {
			size_t len = 0;
			int w, nw = (int)rnd(30);

			for (w = 0; w < nw; w++) {
				const char *p = pieces[rnd(sizeof(pieces) /
				    sizeof(pieces[0]))];
				size_t pl = strlen(p);

				if (len + pl + 2 >= sizeof(text))
					break;
				if (len > 0 && rnd(5) != 0)
					text[len++] = ' ';
				memcpy(text + len, p, pl);
				len += pl;
			}
			quotes_doc_add(d, text, len, r == 0 || rnd(3) == 0,
			    (int)rnd(8), "Reader", rnd(2) ? 6 : 0);
		}
		quotes_doc_run(d);
		sp = quotes_doc_spans(d, &n);
		for (i = 0, r = 0; r < nrows; r++) {
			const char *s, *why;
			size_t tl;

			s = quotes_doc_row_text(d, (size_t)r, &tl);
			for (k = i; k < n && sp[k].row == (size_t)r; k++)
				;
			why = check_row(s, tl, sp + i, k - i);
			rows++;
			spans += (int)(k - i);
			if (why && bad++ < 5)
				printf("# doc %d row %d: %s: [%.*s]\n", doc, r,
				    why, (int)tl, s);
			i = k;
		}
		if (i != n && bad++ < 5)
			printf("# doc %d: spans for rows that do not exist\n",
			    doc);
	}
	check(bad == 0, "no text lost or invented in %d generated rows "
	    "(%d spans)", rows, spans);
	quotes_doc_free(d);
}

/* run one paragraph-per-row document; return the spans as "q[...]n[...]" */
static const char *
spans_of(const char *const *rows, int nrows, int same_par)
{
	static char out[4096];
	struct quotes_doc *d = quotes_doc_new(lex);
	const struct quotes_span *sp;
	size_t n, i, o = 0;
	int r;

	for (r = 0; r < nrows; r++)
		quotes_doc_add(d, rows[r], strlen(rows[r]),
		    !same_par || r == 0, QUOTES_BODY, "", 0);
	quotes_doc_run(d);
	sp = quotes_doc_spans(d, &n);
	out[0] = '\0';
	for (i = 0; i < n && o < sizeof(out) - 100; i++) {
		size_t tl;
		const char *s = quotes_doc_row_text(d, sp[i].row, &tl);

		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%lu[%.*s]",
		    sp[i].quote ? "q" : "n", sp[i].number,
		    (int)(sp[i].end - sp[i].start), s + sp[i].start);
	}
	quotes_doc_free(d);
	return out;
}

#define ONE(text) (const char *const []){ text }, 1, 0

static void
marks(void)
{
	const char *r;

	r = spans_of(ONE("Ealing\xe2\x80\x99s social workers\xe2\x80\x99 "
	    "caseloads fell, Ofsted said."));
	check(strcmp(r, "n0[Ealing\xe2\x80\x99s social workers\xe2\x80\x99 "
	    "caseloads fell, Ofsted said.]") == 0,
	    "apostrophes are not marks: %s", r);
	r = spans_of(ONE("\xe2\x80\x9cWe are \xe2\x80\x98proud\xe2\x80\x99 of "
	    "them,\xe2\x80\x9d she said."));
	check(strcmp(r, "q1[We are \xe2\x80\x98proud\xe2\x80\x99 of them,]"
	    "n0[ she said.]") == 0, "nested single marks stay: %s", r);
	r = spans_of(ONE("Ofsted said the \xe2\x80\x98workers\xe2\x80\x99 "
	    "union\xe2\x80\x99 was \xe2\x80\x9cstrong\xe2\x80\x9d."));
	check(strcmp(r, "n0[Ofsted said the ]q1[workers\xe2\x80\x99 union]"
	    "n0[ was ]q2[strong]n0[.]") == 0,
	    "plural possessive inside single marks: %s", r);
	{
		const char *rows[] = { "\xe2\x80\x9c" "First part.",
		    "\xe2\x80\x9cSecond part,\xe2\x80\x9d she said." };

		r = spans_of(rows, 2, 0);
		check(strcmp(r, "q1[First part.]q1[Second part,]n0[ she said.]")
		    == 0, "a quotation continues into a paragraph that opens "
		    "with a mark: %s", r);
	}
	{
		const char *rows[] = { "He said: \xe2\x80\x9c" "First part.",
		    "Critics disagreed." };

		r = spans_of(rows, 2, 0);
		check(strcmp(r, "n0[He said: ]q1[First part.]n0[Critics "
		    "disagreed.]") == 0, "an unclosed quotation ends with its "
		    "paragraph: %s", r);
	}
	{
		const char *rows[] = { "\xe2\x80\x9cOne.", "Two,\xe2\x80\x9d "
		    "he said." };

		r = spans_of(rows, 2, 1);
		check(strcmp(r, "q1[One.]q1[Two,]n0[ he said.]") == 0,
		    "a quotation spans the sentences of its paragraph: %s", r);
	}
	r = spans_of(ONE("\"We agree,\" \"we differ,\" they said."));
	check(strcmp(r, "q1[We agree,]q2[we differ,]n0[ they said.]") == 0,
	    "white space between two quotations is not a span: %s", r);
	r = spans_of(ONE("It was rated \xe2\x80\x98good\xe2\x80\x99, "
	    "inspectors said."));
	check(strcmp(r, "n0[It was rated \xe2\x80\x98good\xe2\x80\x99, "
	    "inspectors said.]") == 0, "a grade is a scare quote: %s", r);
	r = spans_of(ONE(""));
	check(strcmp(r, "n0[]") == 0, "an empty row has one empty span: %s", r);
}

int
main(void)
{
	if (load() == -1) {
		check(0, "load the data files from %s", NF_DATADIR);
		return done();
	}
	marks();
	property();
	quotes_lex_free(lex);
	return done();
}
