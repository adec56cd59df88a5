/*
 * lib/layout.c — lines, paragraphs, sections and comment threads of one
 * article page (see layout.h).
 *
 * Sections are decided from the shape of the page, not from one site's
 * markup: site chrome before the headline, the headline (the first
 * substantial line that is not a sentence), a standfirst under it, photo
 * captions (by their credit line), headings (short, unpunctuated, followed by
 * text), trailing furniture, and a comments section opened by its header.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "datafile.h"
#include "layout.h"
#include "strmap.h"
#include "swar.h"
#include "utf8.h"

#define FURNITURE_MAX_WORDS	25	/* patterns are tried on shorter text */
#define HEADLINE_MIN_WORDS	5
#define HEADING_MAX_WORDS	12

enum pattern_kind { PAT_BOILERPLATE, PAT_COMMENTS_HEADER, PAT_CAPTION_LINE };

struct pattern {
	int	 kind;
	char	*glob;			/* lower case */
	/*
	 * Quick rejection before the full match: the literal text before the
	 * first wildcard must begin the text, the literal text after the last
	 * one must end it, and the longest literal run must occur in it.
	 */
	size_t	 prefix, suffix;	/* lengths in glob */
	size_t	 needle, nlen;		/* offset and length in glob */
	size_t	 minlen;		/* shortest text it can match */
	size_t	 len;			/* strlen(glob) */
	/*
	 * For a pattern that begins with a wildcard: a word of it (letters,
	 * digits, '/' or ':') that must appear in the raw text, compared
	 * without regard to case, before the text is normalised at all.
	 */
	size_t	 word, wlen;
};

struct layout_rules {
	struct pattern	*pat;
	size_t		 npat;
	/*
	 * Patterns by the first byte of the text they can match (those that
	 * begin with a wildcard are listed under every byte): a paragraph is
	 * tried only against the patterns that can start as it does.
	 */
	size_t		*by_first[256];
	size_t		 nby_first[256];
	/*
	 * Patterns that begin with a wildcard, by a word they contain: a
	 * text is tried against them only when it has that word.  Values are
	 * 1 + the index of the first such pattern; see next_same_word.
	 */
	struct strmap	 by_word;
	size_t		*next_same_word;
	/* the first two letters of those words: most words are let go */
	unsigned char	 first2[36 * 36];
};

/* lower-case letters and digits; 0 for every other byte */
static unsigned char alnum_lower[256];

static void
init_alnum_lower(void)
{
	int c;

	for (c = '0'; c <= '9'; c++)
		alnum_lower[c] = (unsigned char)c;
	for (c = 'a'; c <= 'z'; c++) {
		alnum_lower[c] = (unsigned char)c;
		alnum_lower[c - 32] = (unsigned char)c;
	}
}

/* Index of a byte from alnum_lower in first2's 36 rows and columns. */
static size_t
alnum_index(unsigned char c)
{
	return c <= '9' ? (size_t)(c - '0') : (size_t)(c - 'a' + 10);
}

struct line {
	size_t	s, e;			/* trimmed of ASCII blanks */
	size_t	indent;
	int	blank;
	int	header;			/* a comment header: index or -1 */
};

struct layout {
	const struct layout_rules *rules;
	const char		*doc;
	struct line		*line;
	size_t			 nline, linecap;
	struct layout_para	*para;
	size_t			 npara, paracap;
	size_t			*pline;		/* first line of each paragraph */
	size_t			*plines;	/* number of lines */
	size_t			 pcap;
	struct layout_comment	*comment;
	size_t			 ncomment, commentcap;
	struct buf		 norm;		/* scratch: normalised text */
	size_t			*cand;		/* scratch: candidate patterns */
};

const char *
layout_section_name(enum layout_section s)
{
	static const char *const names[] = { "headline", "standfirst",
	    "caption", "heading", "body", "comments-header", "comment",
	    "boilerplate" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "";
}

/* ---------------------------------------------------------------- rules */

static int
add_pattern(void *ctx, const struct datafile_row *row, struct nf_error *e)
{
	struct layout_rules *r = ctx;
	struct pattern *pt;
	int kind;
	size_t i, n, run;

	if (strcmp(row->field[0], "boilerplate") == 0)
		kind = PAT_BOILERPLATE;
	else if (strcmp(row->field[0], "comments-header") == 0)
		kind = PAT_COMMENTS_HEADER;
	else if (strcmp(row->field[0], "caption-line") == 0)
		kind = PAT_CAPTION_LINE;
	else {
		nf_error_set(e, NF_EDATA, row->file, row->line,
		    "unknown kind '%s'", row->field[0]);
		return -1;
	}
	r->pat = nf_xreallocarray(r->pat, r->npat + 1, sizeof(*r->pat));
	pt = &r->pat[r->npat++];
	memset(pt, 0, sizeof(*pt));
	pt->kind = kind;
	pt->glob = nf_xstrdup(row->field[1]);
	n = row->len[1];
	for (i = 0; i < n; i++) {
		char c = pt->glob[i];

		if (c >= 'A' && c <= 'Z')
			pt->glob[i] = (char)(c + 32);
		if (c != '*')
			pt->minlen++;
	}
	pt->len = n;
	pt->prefix = strcspn(pt->glob, "*#");
	for (i = n; i > 0 && pt->glob[i - 1] != '*' && pt->glob[i - 1] != '#';
	    i--)
		;
	pt->suffix = pt->prefix == n ? 0 : n - i;
	for (i = 0; i < n; i += run + 1) {
		run = strcspn(pt->glob + i, "*#");
		if (run > pt->nlen) {
			pt->needle = i;
			pt->nlen = run;
		}
	}
	for (i = 0; i < n; i += run + 1) {
		run = strspn(pt->glob + i, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789");
		if (run > pt->wlen) {
			pt->word = i;
			pt->wlen = run;
		}
	}
	return 0;
}

struct layout_rules *
layout_rules_load(const char *path, struct nf_error *e)
{
	struct layout_rules *r = nf_xcalloc(1, sizeof(*r));
	size_t i, c;

	if (datafile_read(path, 2, add_pattern, r, e) == -1) {
		layout_rules_free(r);
		return NULL;
	}
	init_alnum_lower();
	strmap_init(&r->by_word);
	r->next_same_word = nf_xcalloc(r->npat + 1, sizeof(size_t));
	for (i = r->npat; i > 0; i--) {
		const struct pattern *p = &r->pat[i - 1];
		int head;

		if (p->prefix > 0 || p->glob[0] == '#')
			continue;
		head = strmap_get(&r->by_word, p->glob + p->word, p->wlen);
		r->next_same_word[i - 1] = (size_t)head;
		if (p->wlen >= 2)
			r->first2[alnum_index((unsigned char)p->glob[p->word]) *
			    36 + alnum_index((unsigned char)
			    p->glob[p->word + 1])] = 1;
		strmap_set(&r->by_word, p->glob + p->word, p->wlen, (int)i);
	}
	for (c = 0; c < 256; c++) {
		r->by_first[c] = nf_xcalloc(r->npat + 1, sizeof(size_t));
		for (i = 0; i < r->npat; i++) {
			const struct pattern *p = &r->pat[i];
			int first = p->prefix > 0 ? (unsigned char)p->glob[0] :
			    p->glob[0] == '#' ? -2 : -1;

			if (first == (int)c || (first == -2 && c >= '0' &&
			    c <= '9') || (first == -1 && p->wlen == 0))
				r->by_first[c][r->nby_first[c]++] = i;
		}
	}
	return r;
}

void
layout_rules_free(struct layout_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->npat; i++)
		free(r->pat[i].glob);
	for (i = 0; i < 256; i++)
		free(r->by_first[i]);
	strmap_free(&r->by_word);
	free(r->next_same_word);
	free(r->pat);
	free(r);
}

struct layout *
layout_new(const struct layout_rules *r)
{
	struct layout *l = nf_xcalloc(1, sizeof(*l));

	l->rules = r;
	l->cand = nf_xcalloc(r->npat + 1, sizeof(*l->cand));
	return l;
}

void
layout_free(struct layout *l)
{
	if (l == NULL)
		return;
	free(l->line);
	free(l->para);
	free(l->pline);
	free(l->plines);
	free(l->comment);
	buf_free(&l->norm);
	free(l->cand);
	free(l);
}

const struct layout_para *
layout_para(const struct layout *l, size_t i)
{
	return &l->para[i];
}

const struct layout_comment *
layout_comment(const struct layout *l, int i)
{
	return i >= 0 && (size_t)i < l->ncomment ? &l->comment[i] : NULL;
}

/* -------------------------------------------------------------- helpers */

static int
blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
space_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* `*` any run, `#` one or more digits, all else literal. */
static int
glob_match(const char *p, const char *s, const char *end)
{
	for (; *p != '\0'; p++) {
		if (*p == '*') {
			const char *t;

			for (t = end; t >= s; t--)
				if (glob_match(p + 1, t, end))
					return 1;
			return 0;
		}
		if (*p == '#') {
			const char *t = s;

			while (t < end && *t >= '0' && *t <= '9')
				t++;
			if (t == s)
				return 0;
			for (; t > s; t--)
				if (glob_match(p + 1, t, end))
					return 1;
			return 0;
		}
		if (s == end || *s != *p)
			return 0;
		s++;
	}
	return s == end;
}

/* Lower-case ASCII, whitespace runs as one space, into l->norm. */
static void
normalise(struct layout *l, size_t s, size_t e)
{
	const char *d = l->doc;
	char *o;

	buf_clear(&l->norm);
	buf_reserve(&l->norm, e - s);
	o = l->norm.data;
	for (; s < e; s++) {
		char c = d[s];

		if (space_byte(c)) {
			if (o > l->norm.data && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	l->norm.len = (size_t)(o - l->norm.data);
}

/* Does P[0, N) occur in T[0, TN)? */
static int
contains(const char *t, size_t tn, const char *p, size_t n)
{
	const char *q, *end = t + tn;

	if (n == 0)
		return 1;
	while (tn >= n && (q = memchr(t, p[0], tn - n + 1)) != NULL) {
		if (memcmp(q, p, n) == 0)
			return 1;
		tn = (size_t)(end - q) - 1;
		t = q + 1;
	}
	return 0;
}

/*
 * The patterns of the wanted kinds that could match D[S, E), decided on the
 * raw bytes so that most text is let go without being normalised: a pattern
 * with a literal start must begin as the text does (up to its first space);
 * one that begins with a wildcard must find its word among the text's words.
 * Fills CAND (room for every pattern); returns how many.
 */
static size_t
candidates(const struct layout_rules *r, const char *d, size_t s, size_t e,
    int want, size_t *cand)
{
	size_t c = (unsigned char)d[s], i, k, n, nc = 0;
	char word[32];
	int head;

	if (c >= 'A' && c <= 'Z')
		c += 32;
	for (i = 0; i < r->nby_first[c]; i++) {
		const struct pattern *p = &r->pat[r->by_first[c][i]];

		if (!(want & (1 << p->kind)))
			continue;
		for (k = 0; k < p->prefix && p->glob[k] != ' ' && s + k < e; k++)
			if ((d[s + k] >= 'A' && d[s + k] <= 'Z' ? d[s + k] + 32 :
			    d[s + k]) != p->glob[k])
				break;
		if (k == p->prefix || p->glob[k] == ' ')
			cand[nc++] = r->by_first[c][i];
	}
	for (i = s; i < e;) {
		const unsigned char *u = (const unsigned char *)d;

		while (i < e && alnum_lower[u[i]] == 0)
			i++;
		/* a word whose first two letters begin no pattern word */
		if (i + 1 >= e || alnum_lower[u[i + 1]] == 0 ||
		    !r->first2[alnum_index(alnum_lower[u[i]]) * 36 +
		    alnum_index(alnum_lower[u[i + 1]])]) {
			while (i < e && alnum_lower[u[i]] != 0)
				i++;
			continue;
		}
		for (n = 0; i < e && alnum_lower[u[i]] != 0; i++)
			if (n < sizeof(word))
				word[n++] = (char)alnum_lower[u[i]];
		if (n >= sizeof(word))
			continue;
		for (head = strmap_get(&r->by_word, word, n); head > 0;
		    head = (int)r->next_same_word[head - 1])
			if (want & (1 << r->pat[head - 1].kind)) {
				for (k = 0; k < nc && cand[k] != (size_t)head - 1;
				    k++)
					;
				if (k == nc)
					cand[nc++] = (size_t)head - 1;
			}
	}
	return nc;
}

/* Bit (1 << kind) for each kind of pattern that matches D[S, E). */
static int
match_kinds(struct layout *l, size_t s, size_t e, int want)
{
	const struct layout_rules *r = l->rules;
	const char *t;
	size_t i, n, nc;
	int found = 0;

	if (s == e || (nc = candidates(r, l->doc, s, e, want, l->cand)) == 0)
		return 0;
	normalise(l, s, e);
	t = l->norm.data;
	n = l->norm.len;
	for (i = 0; i < nc; i++) {
		const struct pattern *p = &r->pat[l->cand[i]];

		if ((found & (1 << p->kind)) || n < p->minlen)
			continue;
		if (memcmp(t, p->glob, p->prefix) != 0 ||
		    memcmp(t + n - p->suffix, p->glob + p->len -
		    p->suffix, p->suffix) != 0 ||
		    !contains(t, n, p->glob + p->needle, p->nlen))
			continue;
		if (glob_match(p->glob, t, t + n))
			found |= 1 << p->kind;
	}
	return found;
}

/*
 * Words (runs of non-space bytes) in D[S, E), counting no further than
 * CAP + 1.  A text longer than 16 bytes a word is taken to be over CAP
 * without counting: the limits are for short furniture lines.  Eight bytes
 * at a time: a word starts at a non-space byte after a space.
 */
static size_t
count_words(const char *d, size_t s, size_t e, size_t cap)
{
	const unsigned char *u = (const unsigned char *)d;
	const uint64_t high = 0x8080808080808080ull;
	uint64_t x, sp, prev = high;	/* "a space" before the text */
	size_t n = 0;
	unsigned c;

	if (e - s > 16 * (cap + 1))
		return cap + 1;
	for (; e - s >= 8 && n <= cap; s += 8) {
		memcpy(&x, u + s, 8);
		/* ' ', and (loosely) every byte below 0x20 */
		sp = swar_zero_bytes(x ^ 0x2020202020202020ull) |
		    swar_zero_bytes(x & 0xE0E0E0E0E0E0E0E0ull);
		/* count the marked bytes: one bit per byte, summed by a multiply */
		n += (size_t)((((~sp & high & ((sp << 8) | (prev >> 56))) >> 7) *
		    0x0101010101010101ull) >> 56);
		prev = sp;
	}
	if (n > cap)
		return cap + 1;
	prev = (prev >> 63) & 1;
	for (; s < e; s++) {
		c = u[s] <= ' ';
		n += prev & (c ^ 1);
		prev = c;
	}
	return n > cap + 1 ? cap + 1 : n;
}

/* Last code point of D[S, E) less closing quotes and brackets. */
static int32_t
last_char(const char *d, size_t s, size_t e)
{
	while (e > s) {
		size_t i = e - 1, len;
		int32_t c;

		while (i > s && ((unsigned char)d[i] & 0xC0) == 0x80 && e - i < 4)
			i--;
		c = utf8_decode_lenient((const unsigned char *)d + i, e - i, &len);
		if (c == ')' || c == ']' || c == '"' || c == '\'' ||
		    c == 0x201D || c == 0x2019 || c == 0x00BB || c == '*') {
			e = i;
			continue;
		}
		return c;
	}
	return -1;
}

static int
ends_sentence(const char *d, size_t s, size_t e)
{
	int32_t c = last_char(d, s, e);

	return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

/* A sentence-like paragraph: ends as a sentence does, or runs on (: ; ,). */
static int
ends_textually(const char *d, size_t s, size_t e)
{
	int32_t c = last_char(d, s, e);

	return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':' ||
	    c == ';' || c == ',';
}

static int
starts_lower(const char *d, size_t s, size_t e)
{
	size_t len;

	return s < e && utf8_is_lower(utf8_decode_lenient(
	    (const unsigned char *)d + s, e - s, &len));
}

/* ------------------------------------------------------ comment headers */

static const char *const months[] = { "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october",
    "november", "december" };

/* Month number of the token D[S, E) (full or 3-letter, case-insensitive). */
static int
month_of(const char *d, size_t s, size_t e)
{
	size_t n = e - s, i, k;

	if (n > 0 && d[e - 1] == '.')
		n--;
	if (n < 3)
		return 0;
	for (i = 0; i < 12; i++) {
		size_t ml = strlen(months[i]);

		if (n != ml && !(n == 3) && !(i == 8 && n == 4))
			continue;
		if (n > ml)
			continue;
		for (k = 0; k < n; k++)
			if ((d[s + k] | 0x20) != months[i][k])
				break;
		if (k == n)
			return (int)i + 1;
	}
	return 0;
}

/* Parse an unsigned number of at most MAXD digits filling D[S, E). */
static int
number(const char *d, size_t s, size_t e, int maxd, int *v)
{
	int n = 0;

	if (s == e || (int)(e - s) > maxd)
		return 0;
	for (*v = 0; s < e; s++, n++) {
		if (d[s] < '0' || d[s] > '9')
			return 0;
		*v = *v * 10 + (d[s] - '0');
	}
	return n > 0;
}

struct tok {
	size_t s, e;
};

static int
tok_is(const char *d, const struct tok *t, const char *word)
{
	size_t n = strlen(word), k;

	if (t->e - t->s != n)
		return 0;
	for (k = 0; k < n; k++)
		if ((d[t->s + k] | 0x20) != word[k])
			return 0;
	return 1;
}

/* "YYYY-MM-DDTHH:MM" into OUT (17 bytes with the NUL). */
static void
format_posted(char *out, int year, int month, int day, int hour, int minute)
{
	int v[5], w[5], i, k, p = 0;

	v[0] = year, v[1] = month, v[2] = day, v[3] = hour, v[4] = minute;
	w[0] = 4, w[1] = w[2] = w[3] = w[4] = 2;
	for (i = 0; i < 5; i++) {
		for (k = w[i] - 1; k >= 0; k--, v[i] /= 10)
			out[p + k] = (char)('0' + v[i] % 10);
		p += w[i];
		if (i < 4)
			out[p++] = "--T:"[i];
	}
	out[p] = '\0';
}

/*
 * Is the line D[S, E) a comment header?  On success fill C (id left
 * empty), set *LEVEL to 0 for a numbered comment (*NUM its number), 1 for a
 * bulleted reply, 2 for a header with no marker; return 1.
 */
static int
parse_comment_header(const char *d, size_t s, size_t e,
    struct layout_comment *c, int *level, int *num)
{
	struct tok t[64];
	size_t n = 0, i = s, first, last;
	int hour = -1, minute = -1, day = 0, month = 0, year = 0, pm = -1;
	size_t len;
	int32_t cp;

	/* tokens */
	while (i < e && n < 64) {
		while (i < e && blank_byte(d[i]))
			i++;
		if (i >= e)
			break;
		t[n].s = i;
		while (i < e && !blank_byte(d[i]))
			i++;
		t[n].e = i;
		n++;
	}
	if (n < 4 || n >= 64)
		return 0;
	last = n;
	/* trailing furniture */
	while (last > 0 && (tok_is(d, &t[last - 1], "#") ||
	    tok_is(d, &t[last - 1], "reply") || tok_is(d, &t[last - 1], "|") ||
	    tok_is(d, &t[last - 1], "permalink")))
		last--;
	if (last < 4)
		return 0;
	/* time: "11:24 am", "11:24am", "19:08" */
	{
		struct tok tt = t[last - 1];
		size_t colon;

		if (tok_is(d, &tt, "am") || tok_is(d, &tt, "pm") ||
		    tok_is(d, &tt, "a.m.") || tok_is(d, &tt, "p.m.")) {
			pm = (d[tt.s] | 0x20) == 'p';
			last--;
			tt = t[last - 1];
		} else if (tt.e - tt.s > 2 && ((d[tt.e - 1] | 0x20) == 'm') &&
		    ((d[tt.e - 2] | 0x20) == 'a' || (d[tt.e - 2] | 0x20) == 'p')) {
			pm = (d[tt.e - 2] | 0x20) == 'p';
			tt.e -= 2;
		}
		for (colon = tt.s; colon < tt.e && d[colon] != ':' &&
		    d[colon] != '.'; colon++)
			;
		if (colon == tt.e || !number(d, tt.s, colon, 2, &hour) ||
		    !number(d, colon + 1, tt.e, 2, &minute) || tt.e - colon != 3)
			return 0;
		if (minute > 59 || hour > 23 || (pm >= 0 && (hour < 1 || hour > 12)))
			return 0;
		if (pm == 1 && hour != 12)
			hour += 12;
		else if (pm == 0 && hour == 12)
			hour = 0;
		last--;
	}
	if (last > 0 && (tok_is(d, &t[last - 1], "at") ||
	    tok_is(d, &t[last - 1], "-") || tok_is(d, &t[last - 1], ",")))
		last--;
	/* date */
	if (last >= 3 && number(d, t[last - 1].s, t[last - 1].e, 4, &year) &&
	    year >= 1990) {
		struct tok a = t[last - 3], b = t[last - 2];

		if (b.e > b.s && d[b.e - 1] == ',')
			b.e--;
		if (a.e > a.s && d[a.e - 1] == ',')
			a.e--;
		if ((month = month_of(d, a.s, a.e)) != 0 &&
		    number(d, b.s, b.e, 2, &day)) {
			last -= 3;		/* May 22, 2018 */
		} else if ((month = month_of(d, b.s, b.e)) != 0 &&
		    number(d, a.s, a.e, 2, &day)) {
			last -= 3;		/* 22 May 2018 */
		} else {
			return 0;
		}
	} else if (last >= 1) {
		struct tok a = t[last - 1];
		int y, m, dd;

		if (a.e > a.s && d[a.e - 1] == ',')
			a.e--;
		if (a.e - a.s == 10 && d[a.s + 4] == '-' && d[a.s + 7] == '-' &&
		    number(d, a.s, a.s + 4, 4, &y) &&
		    number(d, a.s + 5, a.s + 7, 2, &m) &&
		    number(d, a.s + 8, a.s + 10, 2, &dd)) {
			year = y, month = m, day = dd;
		} else if (a.e - a.s == 10 && d[a.s + 2] == '/' &&
		    d[a.s + 5] == '/' && number(d, a.s, a.s + 2, 2, &dd) &&
		    number(d, a.s + 3, a.s + 5, 2, &m) &&
		    number(d, a.s + 6, a.s + 10, 4, &y)) {
			year = y, month = m, day = dd;	/* British order */
		} else {
			return 0;
		}
		last--;
	}
	if (day < 1 || day > 31 || month < 1 || month > 12)
		return 0;
	if (last > 0 && (tok_is(d, &t[last - 1], "on") ||
	    tok_is(d, &t[last - 1], "says:") || tok_is(d, &t[last - 1], "said:") ||
	    tok_is(d, &t[last - 1], "-") || tok_is(d, &t[last - 1], "|")))
		last--;
	/* marker and author */
	first = 0;
	*level = 2;
	*num = 0;
	if (d[t[0].e - 1] == '.' || d[t[0].e - 1] == ')') {
		if (number(d, t[0].s, t[0].e - 1, 4, num)) {
			*level = 0;
			first = 1;
		}
	} else {
		cp = utf8_decode_lenient((const unsigned char *)d + t[0].s,
		    t[0].e - t[0].s, &len);
		if (len == t[0].e - t[0].s && (cp == 0x2022 || cp == 0x25E6 ||
		    cp == 0x00B7 || cp == '*' || cp == '-' || cp == 0x2013 ||
		    cp == 0x21B3 || cp == '>')) {
			*level = 1;
			first = 1;
		}
	}
	if (last <= first || last - first > 8)
		return 0;
	if (*level == 2 && !(n > last && tok_is(d, &t[n - 1], "#")))
		return 0;	/* no marker: only with the trailing # */
	c->author_start = t[first].s;
	c->author_len = t[last - 1].e - t[first].s;
	format_posted(c->posted, year, month, day, hour, minute);
	return 1;
}

/* ----------------------------------------------------------- paragraphs */

static void
add_para(struct layout *l, size_t first, size_t nlines, int comment)
{
	struct layout_para *p;

	if (l->npara == l->paracap) {
		l->paracap = l->paracap ? 2 * l->paracap : 64;
		l->para = nf_xreallocarray(l->para, l->paracap,
		    sizeof(*l->para));
		l->pline = nf_xreallocarray(l->pline, l->paracap,
		    sizeof(*l->pline));
		l->plines = nf_xreallocarray(l->plines, l->paracap,
		    sizeof(*l->plines));
	}
	p = &l->para[l->npara];
	p->start = l->line[first].s;
	p->end = l->line[first + nlines - 1].e;
	p->section = SEC_BODY;
	p->comment = comment;
	l->pline[l->npara] = first;
	l->plines[l->npara] = nlines;
	l->npara++;
}

static void
find_lines(struct layout *l, const char *d, size_t len)
{
	size_t i = 0;

	l->nline = 0;
	while (i < len) {
		const char *nl = memchr(d + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - d) : len, s = i;
		struct line *ln;

		if (l->nline == l->linecap) {
			l->linecap = l->linecap ? 2 * l->linecap : 256;
			l->line = nf_xreallocarray(l->line, l->linecap,
			    sizeof(*l->line));
		}
		ln = &l->line[l->nline++];
		while (s < e && blank_byte(d[s]))
			s++;
		ln->indent = s - i;
		ln->s = s;
		while (e > s && blank_byte(d[e - 1]))
			e--;
		ln->e = e;
		ln->blank = (s == e);
		ln->header = -1;
		i = nl ? (size_t)(nl - d) + 1 : len;
	}
}

/* Cheap test: a header line ends in a time ("11:24 am", "19:08") or "#". */
static int
maybe_comment_header(const char *d, size_t s, size_t e)
{
	size_t i;
	char last = d[e - 1];

	if (!(last == '#' || last == 'm' || last == 'M' || last == '.' ||
	    (last >= '0' && last <= '9') || last == 'y' || last == 'k'))
		return 0;
	for (i = e; i > s && e - i < 24; i--)
		if (d[i - 1] == ':')
			return 1;
	return 0;
}

static void
find_comment_headers(struct layout *l)
{
	size_t i, nreply = 0, depth;
	int level, num, last_top = 0;
	/* indentation and id of the open replies, for nested threads */
	size_t rindent[8];
	char rid[8][32];

	l->ncomment = 0;
	depth = 0;
	for (i = 0; i < l->nline; i++) {
		struct line *ln = &l->line[i];
		struct layout_comment c;

		if (ln->blank || ln->e - ln->s > 300 ||
		    !maybe_comment_header(l->doc, ln->s, ln->e) ||
		    !parse_comment_header(l->doc, ln->s, ln->e, &c, &level, &num))
			continue;
		if (level == 0 || level == 2) {
			last_top = level == 0 ? num : last_top + 1;
			snprintf(c.id, sizeof(c.id), "%d", last_top);
			nreply = 0;
			depth = 0;
		} else {
			if (last_top == 0)
				continue;	/* a reply to nothing */
			while (depth > 0 && rindent[depth - 1] >= ln->indent)
				depth--;
			if (depth == 0) {
				snprintf(c.id, sizeof(c.id), "%d.%zu",
				    last_top, ++nreply);
			} else {
				/* count earlier siblings under the same parent */
				size_t k, sib = 0, pl = strlen(rid[depth - 1]);

				for (k = 0; k < l->ncomment; k++)
					if (strncmp(l->comment[k].id,
					    rid[depth - 1], pl) == 0 &&
					    l->comment[k].id[pl] == '.' &&
					    strchr(l->comment[k].id + pl + 1,
					    '.') == NULL)
						sib++;
				snprintf(c.id, sizeof(c.id), "%.20s.%zu",
				    rid[depth - 1], sib + 1);
			}
			if (depth < 8) {
				rindent[depth] = ln->indent;
				memcpy(rid[depth], c.id, sizeof(rid[depth]));
				depth++;
			}
		}
		if (l->ncomment == l->commentcap) {
			l->commentcap = l->commentcap ? 2 * l->commentcap : 16;
			l->comment = nf_xreallocarray(l->comment,
			    l->commentcap, sizeof(*l->comment));
		}
		l->comment[l->ncomment] = c;
		ln->header = (int)l->ncomment++;
	}
}

static void
find_paragraphs(struct layout *l)
{
	const char *d = l->doc;
	size_t i, j, first = 0, k;
	int has_blank = 0, seen_text = 0, pending_blank = 0, comment = -1;

	l->npara = 0;
	for (i = 0; i < l->nline; i++) {
		if (l->line[i].blank) {
			pending_blank = seen_text;
		} else {
			if (pending_blank) {
				has_blank = 1;
				break;
			}
			seen_text = 1;
		}
	}
	if (has_blank) {
		/* a paragraph is a run of non-blank lines */
		for (i = 0; i <= l->nline; i++) {
			int brk = i == l->nline || l->line[i].blank ||
			    l->line[i].header >= 0;

			if (brk && i > first)
				add_para(l, first, i - first, comment);
			if (i < l->nline && l->line[i].header >= 0)
				comment = l->line[i].header;
			if (brk)
				first = i + 1;
		}
		return;
	}
	/*
	 * No blank line at all: every line is a paragraph, except that a
	 * hard-wrapped sentence joins the lines it was cut into.
	 */
	for (i = 0; i < l->nline; i = j + 1) {
		struct line *ln = &l->line[i];

		j = i;
		if (ln->blank)
			continue;
		if (ln->header >= 0) {
			comment = ln->header;
			continue;
		}
		if (!ends_sentence(d, ln->s, ln->e)) {
			k = i;
			while (k + 1 < l->nline && !l->line[k + 1].blank &&
			    l->line[k + 1].header < 0 &&
			    !ends_sentence(d, l->line[k].s, l->line[k].e) &&
			    starts_lower(d, l->line[k + 1].s, l->line[k + 1].e))
				k++;
			if (k > i && ends_sentence(d, l->line[k].s, l->line[k].e))
				j = k;
		}
		add_para(l, i, j - i + 1, comment);
	}
}

/* ------------------------------------------------------------- sections */

/* What assign_sections needs to know of each paragraph, computed once. */
struct pfeat {
	size_t	words;		/* capped at FURNITURE_MAX_WORDS + 1 */
	int	kinds;		/* 1 << PAT_* that match (furniture-sized only) */
	int	textual;	/* ends as running text does */
	int	lower;		/* starts with a lower-case letter */
	int	item;		/* starts as a list item: "2.1 ", "3) ", "• " */
};

/*
 * Does D[S, E) start as an item of a list: a bullet, or a number with a
 * full stop or bracket ("1. ", "2.1 ", "3) ") and a space?  List items are
 * content wherever they stand, never furniture.
 */
static int
starts_list_item(const char *d, size_t s, size_t e)
{
	size_t i = s, len;
	int32_t c = utf8_decode_lenient((const unsigned char *)d + s, e - s,
	    &len);
	int mark = 0;

	if (c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x2023 ||
	    c == 0x2043 || c == 0x25CF || c == 0x25A0)
		return 1;
	while (i < e && d[i] >= '0' && d[i] <= '9') {
		while (i < e && d[i] >= '0' && d[i] <= '9')
			i++;
		if (i < e && (d[i] == '.' || d[i] == ')')) {
			mark = 1;
			i++;
		}
	}
	return mark && i > s + 1 && i < e && (d[i] == ' ' || d[i] == '\t');
}

static void
paragraph_features(struct layout *l, size_t p, struct pfeat *f)
{
	const struct layout_para *pa = &l->para[p];
	const char *d = l->doc;
	size_t k, first = l->pline[p], n = l->plines[p];

	f->words = count_words(d, pa->start, pa->end, FURNITURE_MAX_WORDS);
	f->textual = ends_textually(d, pa->start, pa->end);
	f->lower = starts_lower(d, pa->start, pa->end);
	f->item = starts_list_item(d, pa->start, pa->end);
	f->kinds = 0;
	/* furniture, captions included, is short: longer text is let go */
	if (f->words > FURNITURE_MAX_WORDS && n == 1)
		return;
	/* under a comment header only site furniture can interrupt */
	if (pa->comment >= 0) {
		if (f->words <= FURNITURE_MAX_WORDS)
			f->kinds = match_kinds(l, pa->start, pa->end,
			    1 << PAT_BOILERPLATE);
		return;
	}
	if (n == 1) {
		/* one line: look for every kind at once */
		f->kinds = match_kinds(l, pa->start, pa->end,
		    (1 << PAT_BOILERPLATE) | (1 << PAT_COMMENTS_HEADER) |
		    (1 << PAT_CAPTION_LINE));
		return;
	}
	if (f->words <= FURNITURE_MAX_WORDS)
		f->kinds = match_kinds(l, pa->start, pa->end,
		    (1 << PAT_BOILERPLATE) | (1 << PAT_COMMENTS_HEADER));
	for (k = first; k < first + n && n <= 4; k++)
		if (l->line[k].e - l->line[k].s < 200 &&
		    match_kinds(l, l->line[k].s, l->line[k].e,
		    1 << PAT_CAPTION_LINE)) {
			f->kinds |= 1 << PAT_CAPTION_LINE;
			break;
		}
}

static void
assign_sections(struct layout *l)
{
	size_t i, k, ncomm, body_first, headline, last_text;
	struct pfeat *f;
	int *furn;
	int standfirst_done = 0;

	if (l->npara == 0)
		return;
	f = nf_xcalloc(l->npara, sizeof(*f));
	furn = nf_xcalloc(l->npara, sizeof(*furn));
	for (i = 0; i < l->npara; i++)
		paragraph_features(l, i, &f[i]);

	/* where the comments begin */
	for (ncomm = 0; ncomm < l->npara; ncomm++)
		if (l->para[ncomm].comment >= 0 ||
		    (f[ncomm].kinds & (1 << PAT_COMMENTS_HEADER)))
			break;
	for (i = ncomm; i < l->npara; i++) {
		struct layout_para *p = &l->para[i];

		if (p->comment >= 0 && !(f[i].kinds & (1 << PAT_BOILERPLATE)))
			p->section = SEC_COMMENT;
		else if (p->comment < 0 &&
		    (f[i].kinds & (1 << PAT_COMMENTS_HEADER)))
			p->section = SEC_COMMENTS_HEADER;
		else
			p->section = SEC_BOILERPLATE;
	}
	if (l->npara == 1 && ncomm == 1)
		goto out;		/* a lone paragraph is text */

	/* furniture: 1 boilerplate, 2 caption, 0 neither */
	for (i = 0; i < ncomm; i++) {
		if (f[i].kinds & (1 << PAT_CAPTION_LINE))
			furn[i] = 2;
		else if (f[i].kinds & (1 << PAT_BOILERPLATE))
			furn[i] = 1;
	}
	/* the first and the last paragraph that read as running text */
	for (body_first = 0; body_first < ncomm; body_first++)
		if (furn[body_first] == 0 && f[body_first].textual)
			break;
	if (body_first == ncomm)
		body_first = 0;		/* no running text: no page furniture */
	last_text = ncomm;
	for (i = ncomm; i > 0; i--)
		if (furn[i - 1] == 0 && f[i - 1].textual) {
			last_text = i - 1;
			break;
		}

	/* before the text: chrome, headline, standfirst, captions */
	headline = body_first;
	for (i = 0; i < body_first; i++)
		if (furn[i] == 0 && !f[i].item &&
		    f[i].words >= HEADLINE_MIN_WORDS) {
			headline = i;
			break;
		}
	if (headline == body_first)
		for (i = 0; i < body_first; i++)
			if (furn[i] == 0 && !f[i].item) {
				headline = i;
				break;
			}
	for (i = 0; i < body_first; i++) {
		struct layout_para *p = &l->para[i];

		if (furn[i] == 2)
			p->section = SEC_CAPTION;
		else if (furn[i] == 0 && f[i].item && i > headline)
			p->section = SEC_BODY;	/* a list, as in a grade table */
		else if (furn[i] == 1 || i < headline)
			p->section = SEC_BOILERPLATE;
		else if (i == headline)
			p->section = SEC_HEADLINE;
		else if (!standfirst_done) {
			p->section = SEC_STANDFIRST;
			standfirst_done = 1;
		} else {
			p->section = SEC_BOILERPLATE;
		}
	}

	/* the text: body, headings, captions, and furniture after it */
	for (i = body_first; i < ncomm; i++) {
		struct layout_para *p = &l->para[i];

		if (furn[i] == 2) {
			p->section = SEC_CAPTION;
			continue;
		}
		if (furn[i] == 1 || (last_text < ncomm && i > last_text &&
		    !f[i].item)) {
			p->section = SEC_BOILERPLATE;
			continue;
		}
		if (last_text == ncomm) {
			p->section = SEC_BODY;	/* no running text at all */
			continue;
		}
		if (f[i].textual) {
			p->section = SEC_BODY;
			continue;
		}
		/* a heading: short, not a continuation, text follows it */
		for (k = i + 1; k < ncomm && furn[k] == 2; k++)
			;
		if (f[i].words <= HEADING_MAX_WORDS && !f[i].lower &&
		    k < ncomm && furn[k] == 0 &&
		    (f[k].textual || f[k].words > HEADING_MAX_WORDS))
			p->section = SEC_HEADING;
		else
			p->section = SEC_BODY;
	}
out:
	free(f);
	free(furn);
}

size_t
layout_document(struct layout *l, const char *doc, size_t len)
{
	l->doc = doc;
	find_lines(l, doc, len);
	find_comment_headers(l);
	find_paragraphs(l);
	assign_sections(l);
	return l->npara;
}
