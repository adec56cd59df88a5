/*
 * tests/fuzz/fuzz_ratings.c — rating-extract's per-document work
 * (lib/ratings.h with the gazetteer) on any bytes.  The input is a
 * document, one unit per line; the first byte of a line gives its section
 * (bits 0-2, values above 5 are "other"), whether it starts a paragraph
 * (bit 3) and whether its paragraph is unknown (bit 4: par -1); the rest is
 * its text, as rating-extract hands it over: unescaped, not sanitised.
 *
 * Checked: statements are in reading order and name an added unit; grade,
 * rank, area and status are in range; every statement of one fact
 * (a resolved authority, area, grade) has the same status and year; no statement
 * comes from a unit of section "other"; the document gives the same
 * statements after rx_doc_clear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gazetteer.h"
#include "ratings.h"

#ifndef NF_DATADIR
#define NF_DATADIR "data"
#endif

static const char *
data_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", NF_DATADIR, name);
	return path;
}

static void
fail(const struct nf_error *e)
{
	fprintf(stderr, "fuzz_ratings: %s:%lu: %s\n", e->file, e->line, e->msg);
	abort();
}

static size_t
add_units(struct rx_doc *doc, const uint8_t *data, size_t size, int *secs,
    size_t maxunits)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	size_t n = 0;
	long par = 0;

	while (p < end && n < maxunits) {
		unsigned ctl;
		int sec;
		char *copy;
		size_t len;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		ctl = p < nl ? (unsigned char)*p++ : 8;
		sec = (int)(ctl & 7);
		if (sec > RX_SEC_OTHER)
			sec = RX_SEC_OTHER;
		if (ctl & 8 || par == 0)
			par++;
		len = (size_t)(nl - p);
		/* an exact copy, so that reading past the end is caught */
		if ((copy = malloc(len > 0 ? len : 1)) == NULL)
			abort();
		if (len > 0)
			memcpy(copy, p, len);
		rx_doc_add(doc, n, sec, (ctl & 16) ? -1 : par, copy, len);
		free(copy);
		secs[n++] = sec;
		p = nl + 1;
	}
	return n;
}

static void
check(const struct rx_stmt *s, size_t n, size_t nunits, const int *secs)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (s[i].row >= nunits || (i > 0 && s[i].row < s[i - 1].row))
			abort();
		if (secs[s[i].row] == RX_SEC_OTHER)
			abort();
		if (s[i].grade < RX_G_OUTSTANDING ||
		    s[i].grade > RX_G_ADEQUATE ||
		    s[i].area < 0 || s[i].area >= RX_A_N ||
		    s[i].status < RX_S_CURRENT ||
		    s[i].status > RX_S_MAINTAINED ||
		    s[i].year < 0 || s[i].year > 9999)
			abort();
		if (rx_grade_rank(s[i].grade) < 1 ||
		    rx_grade_rank(s[i].grade) > 4 ||
		    rx_grade_name(s[i].grade) == NULL ||
		    rx_area_name(s[i].area) == NULL ||
		    rx_status_name(s[i].status) == NULL)
			abort();
		/* (an unresolved authority, -1, makes no fact: such
		 * statements keep their own year; crashes/fuzz_ratings/
		 * unresolved-authority-years) */
		for (j = 0; j < i && s[i].authority >= 0; j++)
			if (s[j].authority == s[i].authority &&
			    s[j].area == s[i].area &&
			    s[j].grade == s[i].grade &&
			    (s[j].status != s[i].status ||
			    s[j].year != s[i].year))
				abort();
	}
}

#define MAXUNITS 4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rx_data *rx;
	static struct rx_doc *doc;
	static int secs[MAXUNITS];
	const struct rx_stmt *s;
	struct rx_stmt *first;
	size_t n, n2, nunits, k;

	if (rx == NULL) {
		struct nf_error e;
		struct gaz *g = gaz_load(data_path("authorities.tsv"), &e);

		if (g == NULL)
			fail(&e);
		if (gaz_load_context(g, data_path("ratings-places.tsv"),
		    &e) == -1)
			fail(&e);
		if ((rx = rx_data_load(g, data_path, &e)) == NULL)
			fail(&e);
		doc = rx_doc_new(rx);
	}
	nunits = add_units(doc, data, size, secs, MAXUNITS);
	s = rx_doc_run(doc, &n);
	check(s, n, nunits, secs);
	if ((first = malloc(n * sizeof(*first) + 1)) == NULL)
		abort();
	if (n > 0)
		memcpy(first, s, n * sizeof(*s));
	rx_doc_clear(doc);

	/* again, after a clear: the same statements */
	add_units(doc, data, size, secs, MAXUNITS);
	s = rx_doc_run(doc, &n2);
	if (n2 != n)
		abort();
	for (k = 0; k < n; k++)
		if (first[k].row != s[k].row ||
		    first[k].authority != s[k].authority ||
		    first[k].area != s[k].area || first[k].grade != s[k].grade ||
		    first[k].status != s[k].status ||
		    first[k].year != s[k].year)
			abort();
	free(first);
	rx_doc_clear(doc);
	return 0;
}
