/*
 * lib/sentence.c — sentence boundaries inside a paragraph (see sentence.h).
 *
 * The paragraph is cut into words at ASCII whitespace; every gap between two
 * words is a candidate boundary, decided from the end of the word before it
 * and the start of the word after it.  A full stop with no space after it
 * ("world.Today") is a candidate inside a word.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "datafile.h"
#include "sentence.h"
#include "strmap.h"
#include "swar.h"
#include "utf8.h"

/* kinds in data/segment-abbreviations.tsv, as bits */
enum {
	AB_TITLE = 1 << 0,
	AB_BEFORE_NUMBER = 1 << 1,
	AB_ABBREV = 1 << 2,
	AB_CONTINUE = 1 << 3,
	AB_TIME = 1 << 4,
	AB_OPENER = 1 << 5
};

struct sent_rules {
	struct strmap	words;		/* lower-case word → AB_* bits */
};

struct word {
	size_t		s, e;		/* bytes [s, e) */
	int		nl_after;	/* the gap after it holds a line break */
	int		flags;		/* W_* */
};

/* Byte classes, so that most words need no second look. */
enum {
	C_SPACE = 1,		/* ASCII whitespace */
	C_DOT = 2,		/* '.' */
	C_END = 4,		/* may end a sentence or close a quote/bracket */
	C_BRACKET = 8,		/* ( ) [ ] */
	C_SPECIAL = 16		/* non-ASCII, or a bullet-like - or * */
};

/* word flags */
enum {
	W_DOT = C_DOT,		/* holds a full stop */
	W_BRACKET = C_BRACKET,	/* holds a bracket */
	W_SPECIAL = C_SPECIAL,	/* holds non-ASCII or - * */
	W_END = 32		/* its last byte is C_END */
};

static unsigned char byte_class[256];

static void
init_byte_class(void)
{
	int c;

	if (byte_class[' '] != 0)
		return;
	byte_class[' '] = byte_class['\t'] = byte_class['\n'] =
	    byte_class['\r'] = C_SPACE;
	byte_class['.'] = C_DOT | C_END;
	byte_class['!'] = byte_class['?'] = byte_class['"'] =
	    byte_class['\''] = byte_class['}'] = C_END;
	byte_class[')'] = byte_class[']'] = C_END | C_BRACKET;
	byte_class['('] = byte_class['['] = C_BRACKET;
	byte_class['-'] = byte_class['*'] = C_SPECIAL;
	for (c = 0x80; c < 256; c++)
		byte_class[c] = C_END | C_SPECIAL;
}

struct sent_splitter {
	const struct sent_rules	*rules;
	struct word		*w;
	size_t			 nw, wcap;
	struct sent_span	*span;
	size_t			 nspan, spancap;
	size_t			*cut;		/* boundary byte offsets */
	size_t			 ncut, cutcap;
	size_t			*bracket;	/* matched ( ) and [ ]: open, close */
	size_t			 nbracket, bracketcap;
	size_t			*stack;
	size_t			 stackcap;
	char			 key[64];
};

/* --------------------------------------------------------------- loading */

static int
add_rule(void *ctx, const struct datafile_row *row, struct nf_error *e)
{
	struct sent_rules *r = ctx;
	const char *k = row->field[0];
	int bit;

	if (strcmp(k, "title") == 0)
		bit = AB_TITLE;
	else if (strcmp(k, "before-number") == 0)
		bit = AB_BEFORE_NUMBER;
	else if (strcmp(k, "abbrev") == 0)
		bit = AB_ABBREV;
	else if (strcmp(k, "always-continue") == 0)
		bit = AB_CONTINUE;
	else if (strcmp(k, "time") == 0)
		bit = AB_TIME;
	else if (strcmp(k, "opener") == 0)
		bit = AB_OPENER;
	else {
		nf_error_set(e, NF_EDATA, row->file, row->line,
		    "unknown kind '%s'", k);
		return -1;
	}
	if (row->len[1] == 0 || row->len[1] >= 60) {
		nf_error_set(e, NF_EDATA, row->file, row->line,
		    "word missing or longer than 60 bytes");
		return -1;
	}
	strmap_set(&r->words, row->field[1], row->len[1],
	    strmap_get(&r->words, row->field[1], row->len[1]) | bit);
	return 0;
}

struct sent_rules *
sent_rules_load(const char *path, struct nf_error *e)
{
	struct sent_rules *r = nf_xcalloc(1, sizeof(*r));

	strmap_init(&r->words);
	if (datafile_read(path, 2, add_rule, r, e) == -1) {
		sent_rules_free(r);
		return NULL;
	}
	return r;
}

void
sent_rules_free(struct sent_rules *r)
{
	if (r == NULL)
		return;
	strmap_free(&r->words);
	free(r);
}

struct sent_splitter *
sent_splitter_new(const struct sent_rules *r)
{
	struct sent_splitter *s = nf_xcalloc(1, sizeof(*s));

	init_byte_class();
	s->rules = r;
	return s;
}

void
sent_splitter_free(struct sent_splitter *s)
{
	if (s == NULL)
		return;
	free(s->w);
	free(s->span);
	free(s->cut);
	free(s->bracket);
	free(s->stack);
	free(s);
}

/* ------------------------------------------------------- character tests */

static int
is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Code point at T[I] (within [I, E)), with its length. */
static int32_t
cp_at(const char *t, size_t i, size_t e, size_t *len)
{
	return utf8_decode_lenient((const unsigned char *)t + i, e - i, len);
}

/* The code point that ends at T[E) (at or after S); *LEN its length. */
static int32_t
cp_before(const char *t, size_t s, size_t e, size_t *len)
{
	size_t i = e;

	if (e <= s) {
		*len = 0;
		return -1;
	}
	do
		i--;
	while (i > s && e - i < 4 && ((unsigned char)t[i] & 0xC0) == 0x80);
	return cp_at(t, i, e, len) >= 0 && i + *len == e ?
	    cp_at(t, i, e, len) : (*len = 1, (unsigned char)t[e - 1]);
}

static int
is_closer(int32_t c)
{
	return c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' ||
	    c == 0x201D || c == 0x2019 || c == 0x00BB || c == 0x203A;
}

static int
is_opener_mark(int32_t c)
{
	return c == '(' || c == '[' || c == '{' || c == '"' || c == '\'' ||
	    c == 0x201C || c == 0x2018 || c == 0x00AB || c == 0x2039 ||
	    c == 0x201E || c == 0x201A || c == 0x00BF || c == 0x00A1;
}

static int
is_bullet(int32_t c)
{
	switch (c) {
	case 0x2022: case 0x25E6: case 0x25AA: case 0x2023: case 0x2043:
	case 0x25CF: case 0x25CB: case 0x25A0: case 0x25A1: case 0x25BA:
	case 0x2013: case 0x2014: case '-': case '*': case 0x00B7:
		return 1;
	default:
		return 0;
	}
}

static int
is_terminal(int32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203D;
}

/* End of the word's core: the word less its closing quotes and brackets. */
static size_t
core_end(const char *t, const struct word *w)
{
	size_t e = w->e, len;
	int32_t c;

	while (e > w->s) {
		c = cp_before(t, w->s, e, &len);
		if (!is_closer(c))
			break;
		e -= len;
	}
	return e;
}

/* Start of the word less its opening quotes and brackets. */
static size_t
skip_openers(const char *t, size_t s, size_t e)
{
	size_t len;

	while (s < e && is_opener_mark(cp_at(t, s, e, &len)))
		s += len;
	return s;
}

/*
 * Count the full stops (an ellipsis character counts three) that end
 * T[S, E); *TOK gets where they begin.
 */
static size_t
trailing_dots(const char *t, size_t s, size_t e, size_t *tok)
{
	size_t dots = 0;

	while (e > s) {
		if (t[e - 1] == '.') {
			dots++;
			e--;
		} else if (e - s >= 3 && memcmp(t + e - 3, "\xE2\x80\xA6", 3) == 0) {
			dots += 3;
			e -= 3;
		} else {
			break;
		}
	}
	*tok = e;
	return dots;
}

/* A word made only of full stops and ellipses (closers allowed). */
static size_t
dot_only(const char *t, const struct word *w)
{
	size_t ce = core_end(t, w), tok, s = skip_openers(t, w->s, ce);
	size_t d = trailing_dots(t, s, ce, &tok);

	return tok == s ? d : 0;
}

/* the word at S is the first of its line */
static int
line_start(const char *t, size_t s)
{
	while (s > 0 && (t[s - 1] == ' ' || t[s - 1] == '\t'))
		s--;
	return s == 0 || t[s - 1] == '\n' || t[s - 1] == '\r';
}

/* What may follow a sentence end: upper case, digit, bullet, symbol. */
static int
starts_sentence(const char *t, const struct word *w)
{
	size_t s = skip_openers(t, w->s, w->e), len;
	int32_t c;

	if (s == w->e)
		return 1;	/* only quote marks: a quotation opens */
	c = cp_at(t, s, w->e, &len);
	if (utf8_is_lower(c))
		return 0;
	/* “We are proud.” – Tim Boyd: a dash inside a line goes on the
	 * sentence (a bullet starts a line; a spaced hyphen may be a
	 * writer's sentence break, "He left. - Then ...") */
	if ((c == 0x2013 || c == 0x2014) && !line_start(t, w->s))
		return 0;
	if (utf8_is_letter(c) || utf8_is_digit(c) || is_bullet(c))
		return c != '-' || w->e - w->s == 1;
	switch (c) {
	case ',': case ';': case ':': case ')': case ']': case '}':
	case '/': case '&': case '%': case '.': case 0x2026:
	case 0x2013: case 0x2014: case '-':
		return 0;
	default:
		return 1;
	}
}

static int
has_url_or_email(const char *t, const struct word *w)
{
	size_t n = w->e - w->s;
	const char *p = t + w->s;

	if (memchr(p, '@', n) != NULL)
		return 1;
	for (size_t i = 0; i + 3 <= n; i++)
		if (p[i] == ':' && p[i + 1] == '/' && p[i + 2] == '/')
			return 1;
	p += skip_openers(t, w->s, w->e) - w->s;
	return n >= 4 && (strncmp(p, "www.", 4) == 0 ||
	    strncmp(p, "WWW.", 4) == 0);
}

/* AB_* bits of T[S, E) looked up lower-case (ASCII folding). */
static int
lookup(struct sent_splitter *sp, const char *t, size_t s, size_t e)
{
	size_t i, n = e - s;

	if (n == 0 || n >= sizeof(sp->key))
		return 0;
	for (i = 0; i < n; i++) {
		char c = t[s + i];
		sp->key[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	return strmap_get(&sp->rules->words, sp->key, n);
}

/* "U.S", "a.m", "Ph.D": letters with inner full stops, no spaces. */
static int
is_dotted_acronym(const char *t, size_t s, size_t e)
{
	size_t i, dots = 0;

	for (i = s; i < e; i++) {
		if (t[i] == '.')
			dots++;
		else if (!((t[i] >= 'a' && t[i] <= 'z') ||
		    (t[i] >= 'A' && t[i] <= 'Z')))
			return 0;
	}
	return dots > 0 && t[s] != '.' && t[e - 1] != '.';
}

static int
all_number(const char *t, size_t s, size_t e)
{
	size_t i;

	if (s == e)
		return 0;
	for (i = s; i < e; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || t[i] == ',' ||
		    t[i] == '.' || t[i] == '$' || t[i] == '%'))
			return 0;
	return 1;
}

static int
first_is_upper(const char *t, const struct word *w)
{
	size_t s = skip_openers(t, w->s, w->e), len;

	return s < w->e && utf8_is_upper(cp_at(t, s, w->e, &len));
}

/*
 * A list marker: an optional bullet, then 1-3 digits or one letter, then
 * ".", ".)" or ")".  *VALUE gets the number (letters: a=1), *STYLE the
 * punctuation kind (1 ".", 2 ".)", 3 ")"), *BULLET the bullet or 0.
 */
static int
list_marker(const char *t, const struct word *w, int *value, int *style,
    int32_t *bullet, int *letter)
{
	size_t i = w->s, e = w->e, len, ndig = 0;
	int32_t c = cp_at(t, i, e, &len);
	int v = 0;

	*bullet = 0;
	*letter = 0;
	if (is_bullet(c) && c != '-' && c != '*') {
		*bullet = c;
		i += len;
		if (i == e)
			return 0;
	}
	while (i < e && t[i] >= '0' && t[i] <= '9' && ndig < 4) {
		v = v * 10 + (t[i] - '0');
		i++;
		ndig++;
	}
	if (ndig == 0 || ndig > 3) {
		if (ndig > 3 || i >= e || !((t[i] >= 'a' && t[i] <= 'z') ||
		    (t[i] >= 'A' && t[i] <= 'Z')))
			return 0;
		*letter = 1;
		v = (t[i] | 0x20) - 'a' + 1;
		i++;
	}
	if (e - i == 1 && t[i] == '.')
		*style = 1;
	else if (e - i == 2 && t[i] == '.' && t[i + 1] == ')')
		*style = 2;
	else if (e - i == 1 && t[i] == ')')
		*style = 3;
	else
		return 0;
	*value = v;
	return 1;
}

/* ------------------------------------------------------------ splitting */

static void
add_cut(struct sent_splitter *sp, size_t at)
{
	if (sp->ncut > 0 && sp->cut[sp->ncut - 1] >= at)
		return;
	if (sp->ncut == sp->cutcap) {
		sp->cutcap = sp->cutcap ? 2 * sp->cutcap : 32;
		sp->cut = nf_xreallocarray(sp->cut, sp->cutcap,
		    sizeof(*sp->cut));
	}
	sp->cut[sp->ncut++] = at;
}

/* Room for one more word; returns it. */
static inline struct word *
new_word(struct sent_splitter *sp)
{
	if (sp->nw == sp->wcap) {
		sp->wcap = sp->wcap ? 2 * sp->wcap : 64;
		sp->w = nf_xreallocarray(sp->w, sp->wcap, sizeof(*sp->w));
	}
	return &sp->w[sp->nw++];
}

/*
 * The word W of T ends at byte AT: its W_END and W_DOT flags.  *DOT is the
 * next full stop at or after the word's start (NULL: none before E), moved
 * on past the word when the word holds it.
 */
static inline int
end_word(struct word *w, const char *t, size_t at, size_t e,
    const char **dot)
{
	w->e = at;
	w->flags = (byte_class[(unsigned char)t[at - 1]] & C_END) ? W_END : 0;
	if (*dot != NULL && (size_t)(*dot - t) < at) {
		w->flags |= W_DOT;
		*dot = memchr(t + at, '.', e - at);
	}
	return w->flags;
}

/*
 * Cut T[S, E) into words at ASCII whitespace.  The search for a word's end
 * goes eight bytes at a time; full stops and brackets are found with
 * memchr.  Returns the W_* flags of all words together.  (Walking a mask of
 * 64 bytes' spaces a word at a time measured no faster: most of a
 * paragraph's cost is in deciding the boundaries, not finding the words.)
 */
static int
split_words(struct sent_splitter *sp, const char *t, size_t s, size_t e)
{
	const unsigned char *u = (const unsigned char *)t;
	const char *dot = memchr(t + s, '.', e - s);
	size_t i = s;
	int all = 0;

	sp->nw = 0;
	if (memchr(t + s, '(', e - s) != NULL || memchr(t + s, '[', e - s) != NULL)
		all |= W_BRACKET;
	while (i < e && (byte_class[u[i]] & C_SPACE))
		i++;
	while (i < e) {
		struct word *w;
		uint64_t x, m;

		w = new_word(sp);
		w->s = i;
		for (;;) {
			if (e - i < 8) {
				while (i < e && !(byte_class[u[i]] & C_SPACE))
					i++;
				break;
			}
			memcpy(&x, u + i, 8);
			/* a space or any byte below 0x20 */
			m = swar_zero_bytes(x ^ 0x2020202020202020ull) |
			    swar_zero_bytes(x & 0xE0E0E0E0E0E0E0E0ull);
			if (m == 0) {
				i += 8;
				continue;
			}
			i += (size_t)__builtin_ctzll(m) / 8;
			if (byte_class[u[i]] & C_SPACE)
				break;
			i++;		/* another control byte: part of the word */
		}
		all |= end_word(w, t, i, e, &dot);
		w->nl_after = 0;
		while (i < e && (byte_class[u[i]] & C_SPACE)) {
			if (u[i] == '\n')
				w->nl_after = 1;
			i++;
		}
	}
	return all;
}

/* Record matched bracket pairs: no sentence ends inside one. */
static void
find_brackets(struct sent_splitter *sp, const char *t, size_t s, size_t e)
{
	size_t i, depth = 0;

	sp->nbracket = 0;
	for (i = s; i < e; i++) {
		char c = t[i];

		if (c == '(' || c == '[') {
			if (depth == sp->stackcap) {
				sp->stackcap = sp->stackcap ? 2 * sp->stackcap : 16;
				sp->stack = nf_xreallocarray(sp->stack,
				    sp->stackcap, sizeof(*sp->stack));
			}
			sp->stack[depth++] = i;
		} else if ((c == ')' || c == ']') && depth > 0) {
			size_t open = sp->stack[--depth];

			if ((t[open] == '(') != (c == ')'))
				continue;	/* mismatched kinds: ignore */
			if (depth > 0)
				continue;	/* keep outermost pairs only */
			if (sp->nbracket + 2 > sp->bracketcap) {
				sp->bracketcap = sp->bracketcap ?
				    2 * sp->bracketcap : 16;
				sp->bracket = nf_xreallocarray(sp->bracket,
				    sp->bracketcap, sizeof(*sp->bracket));
			}
			sp->bracket[sp->nbracket++] = open;
			sp->bracket[sp->nbracket++] = i;
		}
	}
}

/* Is byte offset AT strictly inside a matched bracket pair? */
static int
in_brackets(const struct sent_splitter *sp, size_t at)
{
	size_t i;

	for (i = 0; i < sp->nbracket; i += 2)
		if (sp->bracket[i] < at && at <= sp->bracket[i + 1])
			return 1;
	return 0;
}

/* Short introductory phrase such as "At 5 a.m.": no sentence by itself. */
static int
intro_phrase(const char *t, const struct word *first, size_t nwords)
{
	static const char *const preps[] = { "at", "by", "from", "until",
	    "till", "before", "after", "around", "about", "since", "on", "in",
	    "from", "until", NULL };
	size_t n = first->e - first->s, i, k;

	if (nwords > 4)
		return 0;
	for (i = 0; preps[i] != NULL; i++) {
		if (strlen(preps[i]) != n)
			continue;
		for (k = 0; k < n; k++)
			if ((t[first->s + k] | 0x20) != preps[i][k])
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

/*
 * Full stops inside a word with no space after them: "world.Today",
 * "1,000.That".  Adds cuts; returns where the word's last piece begins.
 */
static size_t
inner_cuts(struct sent_splitter *sp, const char *t, const struct word *w,
    size_t ce)
{
	size_t i, piece = w->s, len;
	int32_t a, b;

	if (ce < w->s + 4 || memchr(t + w->s + 2, '.', ce - w->s - 4) == NULL ||
	    has_url_or_email(t, w))
		return piece;
	for (i = w->s + 2; i + 2 < ce; i++) {
		if (t[i] != '.')
			continue;
		a = (unsigned char)t[i - 1];
		b = (unsigned char)t[i - 2];
		if (!(((a >= 'a' && a <= 'z') && ((b >= 'a' && b <= 'z') ||
		    (b >= 'A' && b <= 'Z'))) || (a >= '0' && a <= '9')))
			continue;
		if (!(t[i + 1] >= 'A' && t[i + 1] <= 'Z'))
			continue;
		if (!utf8_is_lower(cp_at(t, i + 2, ce, &len)))
			continue;
		if (lookup(sp, t, piece, i) & (AB_TITLE | AB_CONTINUE))
			continue;
		add_cut(sp, i + 1);
		piece = i + 1;
	}
	return piece;
}

/* Does the gap after word I end a sentence?  (NORMAL and LINES modes.) */
static int
boundary_after(struct sent_splitter *sp, const char *t, size_t i,
    size_t sent_first, size_t piece)
{
	const struct word *w = &sp->w[i], *next = &sp->w[i + 1];
	size_t ce = core_end(t, w), tok, dots, ts, len;
	int32_t last;
	int kind;
	unsigned char lb = (unsigned char)t[w->e - 1];

	/* most words end in a letter: nothing to decide */
	if (lb < 0x80 && lb != '.' && lb != '!' && lb != '?' && lb != ')' &&
	    lb != ']' && lb != '}' && lb != '"' && lb != '\'')
		return 0;
	if (ce == w->s)
		return 0;
	last = cp_before(t, w->s, ce, &len);
	if (!is_terminal(last))
		return 0;
	ts = skip_openers(t, piece, ce);
	dots = trailing_dots(t, ts, ce, &tok);
	if (dots == 0) {		/* ? ! */
		return starts_sentence(t, next);
	}

	if (tok == ts) {
		/* a word of full stops only: part of a spaced ellipsis */
		size_t j = i, run = 0;

		if (dot_only(t, next))
			return 0;
		while (j >= sent_first && dot_only(t, &sp->w[j])) {
			run += dot_only(t, &sp->w[j]);
			if (j == 0)
				break;
			j--;
		}
		/* ". . . ." — an ellipsis and a full stop */
		return run >= 4 && starts_sentence(t, next);
	}
	if (dot_only(t, next)) {
		/* "compounds. . . . The": the stop is the word's own */
		size_t j = i + 1, run = 0;

		while (j < sp->nw && dot_only(t, &sp->w[j]))
			run += dot_only(t, &sp->w[j++]);
		return run == 3 && j < sp->nw && dots == 1 &&
		    starts_sentence(t, &sp->w[j]);
	}
	if (dots >= 2)			/* "that...." "lists….." */
		return starts_sentence(t, next);

	/* one full stop after a token */
	if (has_url_or_email(t, w) || all_number(t, ts, tok))
		return starts_sentence(t, next);
	kind = lookup(sp, t, ts, tok);
	if (kind & (AB_TITLE | AB_CONTINUE))
		return 0;
	if (tok - ts == 1 && t[ts] >= 'A' && t[ts] <= 'Z' && !(kind & AB_ABBREV)) {
		/* an initial after a capitalised word; else "I." or "B." */
		if (i > sent_first && first_is_upper(t, &sp->w[i - 1]))
			return 0;
		return starts_sentence(t, next);
	}
	if (kind & AB_TIME) {
		if (!starts_sentence(t, next))
			return 0;
		return !intro_phrase(t, &sp->w[sent_first], i - sent_first + 1);
	}
	if (kind & AB_BEFORE_NUMBER) {
		size_t ns = skip_openers(t, next->s, next->e);

		if (ns < next->e && t[ns] >= '0' && t[ns] <= '9')
			return 0;
		kind |= AB_ABBREV;
	}
	if ((kind & AB_ABBREV) || is_dotted_acronym(t, ts, tok) ||
	    (tok - ts == 1 && t[ts] >= 'a' && t[ts] <= 'z')) {
		size_t ns = skip_openers(t, next->s, next->e), ne = ns;

		if (!starts_sentence(t, next))
			return 0;
		while (ne < next->e && t[ne] != '.' && t[ne] != ',' &&
		    !is_closer((unsigned char)t[ne]) && (unsigned char)t[ne] < 0x80)
			ne++;
		return (lookup(sp, t, ns, ne) & AB_OPENER) != 0;
	}
	return starts_sentence(t, next);
}

/* Does word W open a bulleted list item ("• text", "- text")? */
static int
line_item(const char *t, const struct word *w)
{
	size_t len;
	int32_t c = cp_at(t, w->s, w->e, &len);

	if (!is_bullet(c))
		return 0;
	/* a hyphen, dash or asterisk only when it stands alone */
	if (c == '-' || c == '*' || c == 0x2013 || c == 0x2014)
		return w->e - w->s == len;
	return 1;
}

/* A line break after sentence-final punctuation ends the sentence. */
static int
line_end_boundary(struct sent_splitter *sp, const char *t, size_t i)
{
	const struct word *w = &sp->w[i];
	size_t ce = core_end(t, w), tok, len, ts;
	int32_t last;

	if (ce == w->s)
		return 0;
	last = cp_before(t, w->s, ce, &len);
	if (!is_terminal(last))
		return 0;
	ts = skip_openers(t, w->s, ce);
	if (trailing_dots(t, ts, ce, &tok) == 1 &&
	    (lookup(sp, t, ts, tok) & AB_TITLE))
		return 0;		/* "Mr." cannot end a sentence */
	return 1;
}

size_t
sent_split(struct sent_splitter *sp, const char *t, size_t start, size_t end,
    enum sent_mode mode, const struct sent_span **spans)
{
	size_t i, k, prev, sent_first = 0, piece;
	int list_value = 0, list_style = 0, list_letter = 0, v, st, lt, all;
	int32_t list_bullet = 0, b;

	sp->ncut = 0;
	sp->nspan = 0;
	all = split_words(sp, t, start, end);
	if (mode != SENT_WHOLE && sp->nw > 1) {
		sp->nbracket = 0;
		if (all & W_BRACKET)
			find_brackets(sp, t, start, end);
		if (list_marker(t, &sp->w[0], &v, &st, &b, &lt)) {
			list_value = v;
			list_style = st;
			list_letter = lt;
			list_bullet = b;
		} else {
			size_t len;
			int32_t c = cp_at(t, sp->w[0].s, sp->w[0].e, &len);

			if (is_bullet(c) && c != '-' && c != '*')
				list_bullet = c;
			else if ((c == '-' || c == '*') && sp->w[0].e -
			    sp->w[0].s == 1)
				list_bullet = c;
		}
		for (i = 0; i + 1 < sp->nw; i++) {
			const struct word *w = &sp->w[i], *nx = &sp->w[i + 1];
			size_t len;
			int cut = 0, marker = 0;

			/* plain words: nothing can end after them */
			if (!(w->flags & (W_END | W_DOT)) && !w->nl_after &&
			    !list_value && !list_bullet)
				continue;
			/* the word is a list marker at the start of an item */
			if ((list_value || list_bullet) &&
			    list_marker(t, w, &v, &st, &b, &lt) &&
			    (i == sent_first || (i == sent_first + 1 &&
			    is_bullet(cp_at(t, sp->w[sent_first].s,
			    sp->w[sent_first].e, &len)))))
				marker = 1;
			piece = (w->flags & W_DOT) ?
			    inner_cuts(sp, t, w, core_end(t, w)) : w->s;
			if (mode == SENT_LINES && w->nl_after)
				cut = 1;
			else if (w->nl_after && line_item(t, nx))
				cut = 1;	/* a bulleted line starts an item */
			else if (w->nl_after)
				cut = line_end_boundary(sp, t, i);
			else if (!marker && !in_brackets(sp, w->e) &&
			    boundary_after(sp, t, i, sent_first, piece))
				cut = 1;
			/* the next list item begins */
			if (!cut && list_value &&
			    list_marker(t, nx, &v, &st, &b, &lt) &&
			    st == list_style && lt == list_letter &&
			    v == list_value + 1 && (b == 0) == (list_bullet == 0)) {
				cut = 1;
				list_value = v;
			} else if (!cut && list_bullet != 0 &&
			    cp_at(t, nx->s, nx->e, &len) == list_bullet) {
				cut = 1;
			} else if (cut && list_value &&
			    list_marker(t, nx, &v, &st, &b, &lt) &&
			    v == list_value + 1 && st == list_style) {
				list_value = v;
			}
			if (cut) {
				add_cut(sp, nx->s);
				sent_first = i + 1;
			}
		}
		if (sp->nw > 0)
			inner_cuts(sp, t, &sp->w[sp->nw - 1],
			    core_end(t, &sp->w[sp->nw - 1]));
	}

	/* cuts → spans, trimmed of the whitespace around them */
	if (sp->nw == 0) {
		*spans = sp->span;
		return 0;
	}
	prev = sp->w[0].s;
	for (k = 0; k <= sp->ncut; k++) {
		size_t s = prev, e = k < sp->ncut ? sp->cut[k] : sp->w[sp->nw - 1].e;

		while (e > s && is_ascii_space((unsigned char)t[e - 1]))
			e--;
		if (e > s) {
			if (sp->nspan == sp->spancap) {
				sp->spancap = sp->spancap ? 2 * sp->spancap : 16;
				sp->span = nf_xreallocarray(sp->span,
				    sp->spancap, sizeof(*sp->span));
			}
			sp->span[sp->nspan].start = s;
			sp->span[sp->nspan].end = e;
			sp->nspan++;
		}
		if (k < sp->ncut)
			prev = sp->cut[k];
	}
	*spans = sp->span;
	return sp->nspan;
}
