/*
 * tests/unit/test_gazetteer.c — tokens, phrase tables and the gazetteer
 * (lib/gazetteer.c), and the document API of lib/ratings.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "ratings.h"
#include "tap.h"

#ifndef NF_DATADIR
#define NF_DATADIR "data"
#endif

static struct gaz_toks tt;

static void
tok(const char *s)
{
	gaz_toks_clear(&tt);
	gaz_tokenize(&tt, s, strlen(s), 0);
}

/* The keys of the tokens joined by '|'. */
static const char *
keys(void)
{
	static char out[1024];
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < tt.n && n + tt.t[i].klen + 2 < sizeof(out); i++) {
		if (i > 0)
			out[n++] = '|';
		memcpy(out + n, gaz_key(&tt, i), tt.t[i].klen);
		n += tt.t[i].klen;
		out[n] = '\0';
	}
	return out;
}

/* Names found in S, joined by '|' ("~" before a weak one). */
static const char *
names(const struct gaz *g, const char *s)
{
	static char out[1024];
	struct gaz_mention *m = NULL;
	size_t n = 0, cap = 0, i, len = 0;

	tok(s);
	gaz_find(g, &tt, s, 0, tt.n, &m, &n, &cap);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s%s",
		    i ? "|" : "", m[i].weak ? "~" : "", gaz_name(g, m[i].id));
	free(m);
	return out;
}

static const char *
data_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", NF_DATADIR, name);
	return path;
}

static void
test_tokens(void)
{
	tok("Ealing’s ‘outstanding’-rated council's social workers' morale");
	check(strcmp(keys(), "ealing|'s|'|outstanding|'|rated|council|'s|"
	    "social|workers|'|morale") == 0, "possessives, quotes, hyphen: %s",
	    keys());
	check(tt.t[0].flags & GAZ_F_CAP && tt.t[0].flags & GAZ_F_FIRST,
	    "first word capitalised");
	check(tt.t[2].type == GAZ_T_QUOTE && (tt.t[2].flags & GAZ_F_OPEN),
	    "‘ opens");
	check(tt.t[4].type == GAZ_T_QUOTE && (tt.t[4].flags & GAZ_F_CLOSE),
	    "’ after an opened quote closes");
	check(tt.t[5].flags & GAZ_F_HYPH, "-rated joined by a hyphen");
	check(tt.t[10].type == GAZ_T_POSS, "workers' is a plural possessive");

	tok("don't BCP Stoke-on-Trent – 2017… \"good\" 'proud'");
	check(strcmp(keys(), "don't|bcp|stoke|on|trent|-|2017|.|\"|good|\"|"
	    "'|proud|'") == 0, "apostrophe in a word, dashes, ellipsis: %s",
	    keys());
	check(tt.t[1].flags & GAZ_F_ALLCAP, "BCP is all capitals");
	check(tt.t[6].type == GAZ_T_NUM, "2017 is a number");
	check(!(tt.t[5].flags & GAZ_F_HYPH) && tt.t[5].type == GAZ_T_PUNCT,
	    "a spaced dash is punctuation");

	tok("ÉCOLE Straße \xff\xfe x\0y");
	check(strcmp(gaz_key(&tt, 0), "école") == 0, "UTF-8 lower case");
	check(tt.t[0].flags & GAZ_F_ALLCAP, "ÉCOLE all capitals");
	check(tt.n >= 4, "invalid bytes become tokens, no crash");
	tok("");
	check(tt.n == 0, "empty text, no token");
}

static void
test_lex(void)
{
	struct gaz_lex *lx = gaz_lex_new();
	int a, b, c, ids[8];
	size_t n, ns[8];

	a = gaz_lex_add(lx, "requires improvement", 20);
	b = gaz_lex_add(lx, "requires improvement to be good", 31);
	c = gaz_lex_add(lx, "Requires  Improvement", 21);
	check(a == c && a != b, "same phrase, same id (case and spaces)");
	check(gaz_lex_add(lx, "  ", 2) == -1, "no token, no phrase");
	tok("It requires improvement to be good now");
	check(gaz_lex_match(lx, &tt, 1, tt.n, &n) == b && n == 5,
	    "longest match");
	check(gaz_lex_match(lx, &tt, 1, 4, &n) == a && n == 2,
	    "END limits the match");
	check(gaz_lex_match_all(lx, &tt, 1, tt.n, ids, ns, 8) == 2 &&
	    ns[0] == 2 && ns[1] == 5, "all matches, shortest first");
	check(gaz_lex_match(lx, &tt, 0, tt.n, &n) == -1, "no match at 'it'");
	check(gaz_lex_next(lx, &tt, 0, tt.n) == 1 &&
	    gaz_lex_next(lx, &tt, 2, tt.n) == tt.n,
	    "gaz_lex_next finds the possible starts");
	tok("requires");
	check(gaz_lex_match(lx, &tt, 0, tt.n, &n) == -1,
	    "a prefix alone is no match");
	gaz_lex_free(lx);
}

static void
test_gazetteer(void)
{
	struct nf_error e;
	struct gaz *g = gaz_load(data_path("authorities.tsv"), &e);

	check(g != NULL, "load authorities.tsv");
	if (g == NULL)
		return;
	check(gaz_size(g) == 159, "153 current + 6 former rows (%zu)",
	    gaz_size(g));
	check(gaz_load_context(g, data_path("ratings-places.tsv"), &e) == 0,
	    "load ratings-places.tsv");
	check(strcmp(names(g, "Nottinghamshire and Nottingham"),
	    "Nottinghamshire|Nottingham") == 0, "whole words: %s",
	    names(g, "Nottinghamshire and Nottingham"));
	check(strcmp(names(g, "North Somerset, Somerset and York, not "
	    "Yorkshire"), "North Somerset|Somerset|York") == 0,
	    "longest first: %s", names(g, "North Somerset, Somerset and York, "
	    "not Yorkshire"));
	check(strcmp(names(g, "they bury it in Bury"), "Bury") == 0,
	    "capitalisation: %s", names(g, "they bury it in Bury"));
	check(strcmp(names(g, "BCP Council and Bcp"),
	    "Bournemouth, Christchurch and Poole") == 0,
	    "abbreviations spelt exactly: %s", names(g, "BCP Council and Bcp"));
	check(strcmp(names(g, "Stoke-on-Trent, not Newcastle-under-Lyme"),
	    "Stoke-on-Trent") == 0, "hyphenated names: %s",
	    names(g, "Stoke-on-Trent, not Newcastle-under-Lyme"));
	check(strcmp(names(g, "Kent Police, North Devon, Greater Manchester"),
	    "") == 0, "blocked by context: %s",
	    names(g, "Kent Police, North Devon, Greater Manchester"));
	check(strcmp(names(g, "in Westminster and Westminster council"),
	    "~Westminster|Westminster") == 0, "ambiguous names: %s",
	    names(g, "in Westminster and Westminster council"));
	check(strcmp(names(g, "Reading the report, in Reading"),
	    "~Reading|Reading") == 0, "ambiguous first word: %s",
	    names(g, "Reading the report, in Reading"));
	check(strcmp(names(g, "North Northamptonshire and Northants"),
	    "North Northamptonshire|Northamptonshire") == 0,
	    "split authorities: %s",
	    names(g, "North Northamptonshire and Northants"));
	{
		int id = -1;
		size_t k;

		for (k = 0; k < gaz_size(g); k++)
			if (strcmp(gaz_name(g, (int)k), "Cumbria") == 0)
				id = (int)k;
		check(id >= 0 && gaz_is_former(g, id), "Cumbria is former");
	}
	gaz_free(g);
	check(gaz_load("/nonexistent/authorities.tsv", &e) == NULL &&
	    strstr(e.msg, "cannot open") != NULL, "missing file: %s", e.msg);
}

static void
test_ratings(void)
{
	struct nf_error e;
	struct gaz *g = gaz_load(data_path("authorities.tsv"), &e);
	struct rx_data *d;
	struct rx_doc *doc;
	const struct rx_stmt *s;
	size_t n;
	static const char *lines[] = {
		"‘Inadequate’ council improves, says Ofsted",
		"Halton, rated inadequate in 2019, was judged good this week.",
		"Seven councils were rated inadequate."
	};

	if (g == NULL || gaz_load_context(g, data_path("ratings-places.tsv"),
	    &e) == -1) {
		check(0, "data for rx: %s", e.msg);
		return;
	}
	d = rx_data_load(g, data_path, &e);
	check(d != NULL, "rx_data_load");
	if (d == NULL)
		return;
	doc = rx_doc_new(d);
	rx_doc_add(doc, 10, RX_SEC_HEADLINE, 1, lines[0], strlen(lines[0]));
	rx_doc_add(doc, 11, RX_SEC_OTHER, 2, "Halton was rated good", 21);
	rx_doc_add(doc, 12, RX_SEC_BODY, 3, lines[1], strlen(lines[1]));
	rx_doc_add(doc, 13, RX_SEC_BODY, 4, lines[2], strlen(lines[2]));
	s = rx_doc_run(doc, &n);
	check(n == 3, "three statements (%zu)", n);
	if (n == 3) {
		check(s[0].row == 10 && s[0].authority >= 0 &&
		    strcmp(gaz_name(g, s[0].authority), "Halton") == 0,
		    "headline resolved from the body");
		check(s[0].grade == RX_G_INADEQUATE &&
		    s[0].status == RX_S_PREVIOUS && s[0].year == 2019,
		    "the fact's status and year on every row");
		check(s[2].row == 12 && s[2].grade == RX_G_GOOD &&
		    s[2].status == RX_S_UPGRADED && s[2].year == 0,
		    "the latest: upgraded");
	}
	rx_doc_clear(doc);
	s = rx_doc_run(doc, &n);
	check(n == 0, "cleared document, no statement");
	check(strcmp(rx_grade_name(RX_G_RI), "requires improvement") == 0 &&
	    rx_grade_rank(RX_G_ADEQUATE) == 3, "grade names and ranks");
	check(rx_section_parse("comment", 7) == RX_SEC_OTHER &&
	    rx_section_parse("standfirst", 10) == RX_SEC_STANDFIRST,
	    "section names");
	rx_doc_free(doc);
	rx_data_free(d);
	gaz_free(g);
}

int
main(void)
{
	gaz_toks_init(&tt);
	test_tokens();
	test_lex();
	test_gazetteer();
	test_ratings();
	gaz_toks_free(&tt);
	return done();
}
