/*
 * lib/quotes.c — quotation finding and attribution (see quotes.h).
 *
 * A document is held as one text T: its rows in order, a space between two
 * rows of a paragraph and a newline between paragraphs.  The work is done
 * in passes over T, each linear in its length:
 *
 *   1. marks:    every quote-mark character, classified by its neighbours
 *                (can open, can close, apostrophe, possessive-like);
 *   2. pairing:  a small stack per paragraph pairs the marks into
 *                quotations (nested ones kept as children); an unclosed
 *                quotation ends with its paragraph unless the next paragraph
 *                opens with a mark of the same level (then it continues);
 *   3. tokens:   words and punctuation outside the top-level quotations
 *                (their insides are skipped: words in quotation marks are
 *                never cues or speakers), with lower-case forms and lexicon
 *                entries; rows after the last quotation are not read;
 *   4. rows:     left to right, mentions (people, organisations, aliases,
 *                groups, pronouns) update the discourse state and reporting
 *                cues get their subject; then every top-level quotation that
 *                ends in the row is classified (speech, scare, title) and, if
 *                speech, attributed;
 *   5. spans:    each row is cut at the marks of its speech quotations.
 *
 * Cost (bench/dequote.sh): about 60 instructions a byte of segment output,
 * roughly a quarter each in the wire format (dequote.c), pass 3 and pass 4.
 * What keeps it there: a library scan to the next byte that may start a
 * mark; ASCII white space and words on a loop of their own (a table
 * lower-cases, a hash of the first eight bytes and a Bloom filter answer
 * most look-ups inline); no tokens inside quotations; phrases looked up
 * once per token; speakers found through hash indices; a quotation's
 * shape read from its first seven words only.
 * Memory is one document's: every array is kept for the next document.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "quotes.h"
#include "utf8.h"

/* ---------------------------------------------------------------- lexicon */

enum {
	C_CUE = 1u << 0, C_ALIAS = 1u << 1, C_ROLECUE = 1u << 2,
	C_GROUP = 1u << 3, C_GRADE = 1u << 4, C_NAMENOUN = 1u << 5,
	C_NAMEPREFIX = 1u << 6, C_PRONOUN = 1u << 7, C_RELATIVE = 1u << 8,
	C_SKIP = 1u << 9, C_BE = 1u << 10, C_CONJ = 1u << 11,
	C_PREP = 1u << 12, C_DET = 1u << 13, C_TITLE = 1u << 14,
	C_ORGWORD = 1u << 15, C_NOTNAME = 1u << 16, C_FORENAME = 1u << 17
};

enum { CUE_FINITE = 1, CUE_PART, CUE_AFTER };
enum { G_NONE = 0, G_M, G_F, G_N, G_P, G_S };

struct lent {
	char		*key;
	size_t		 klen;
	uint64_t	 head;		/* first eight bytes, zero-padded */
	uint32_t	 h;
	uint32_t	 cls;
	uint32_t	 pcls;		/* classes of longer phrases starting here */
	uint8_t		 maxw;		/* longest phrase starting with this word */
	uint8_t		 cuetype;
	uint8_t		 alias_role, rolecue_role, group_role, org_role;
	uint8_t		 pron, title_g, name_g;
	uint8_t		 alias_desc;	/* a description, not a name */
	char		*speaker;	/* alias: canonical speaker */
};

struct quotes_lex {
	struct lent	*tab;
	size_t		 cap, n;
	uint64_t	 bloom[1024];	/* 65536 bits: hashes present */
};

static const char *const file_names[QUOTES_FILE_COUNT] = {
	"dequote-cues.tsv", "dequote-speakers.tsv", "dequote-roles.tsv",
	"dequote-groups.tsv", "dequote-scare.tsv", "dequote-words.tsv",
	"dequote-forenames.tsv"
};

const char *
quotes_file_name(enum quotes_file f)
{
	return (unsigned)f < QUOTES_FILE_COUNT ? file_names[f] : "";
}

static const char *const role_names[] = {
	"", "inspectorate", "council", "government", "commenter",
	"journalist", "other"
};

const char *
quotes_role_name(int role)
{
	return role >= 0 && role <= QUOTES_ROLE_OTHER ? role_names[role] : "";
}

static int
role_parse(const char *s)
{
	int i;

	for (i = 1; i <= QUOTES_ROLE_OTHER; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

int
quotes_section_parse(const char *s, size_t n)
{
	static const struct { const char *name; int sec; } t[] = {
		{ "headline", QUOTES_HEADLINE }, { "standfirst", QUOTES_STANDFIRST },
		{ "caption", QUOTES_CAPTION }, { "heading", QUOTES_HEADING },
		{ "comments-header", QUOTES_COMMENTS_HEADER },
		{ "comment", QUOTES_COMMENT }, { "boilerplate", QUOTES_BOILERPLATE },
		{ "body", QUOTES_BODY }
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strlen(t[i].name) == n && memcmp(t[i].name, s, n) == 0)
			return t[i].sec;
	return QUOTES_BODY;
}

/*
 * Keys are looked up once per word, so the look-up is kept short.  A key's
 * first eight bytes (zero-padded: its "head") are kept in its entry: most
 * words are no longer than that, and for them equal hash, length and head
 * mean equal keys, with no byte compare.
 */

/* the N (< 8) bytes at S as a number, in fixed-size loads (no call) */
static inline uint64_t
load_short(const char *s, size_t n)
{
	uint64_t x = 0;
	uint32_t x4;
	uint16_t x2;
	size_t o = 0;

	if (n & 4) {
		memcpy(&x4, s, 4);
		x = x4;
		o = 4;
	}
	if (n & 2) {
		memcpy(&x2, s + o, 2);
		x |= (uint64_t)x2 << (8 * o);
		o += 2;
	}
	if (n & 1)
		x |= (uint64_t)(unsigned char)s[o] << (8 * o);
	return x;
}

/* the head of a key: its first eight bytes, zero-padded */
static inline uint64_t
key_head(const char *s, size_t n)
{
	uint64_t x;

	if (n >= 8) {
		memcpy(&x, s, 8);
		return x;
	}
	return load_short(s, n);
}

/* the same, when eight bytes at S may be read whatever N is: one load
 * and a mask (on a little-endian machine, where the first bytes are the
 * low ones, as load_short() puts them) */
static inline uint64_t
key_head_padded(const char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x;

	memcpy(&x, s, 8);
	return n >= 8 ? x : x & ((1ULL << (8 * n)) - 1);
#else
	return key_head(s, n);
#endif
}

/* hash of a key from its head and the bytes after it: multiply and fold */
static inline uint32_t
key_hash(uint64_t head, const char *s, size_t n)
{
	uint64_t h = ((uint64_t)n * 0x9E3779B97F4A7C15ULL ^ head) *
	    0xFF51AFD7ED558CCDULL, x;

	if (n > 8) {
		h ^= h >> 29;
		/* the rest, 8 bytes at a time; the last 1 to 8 as a head */
		for (s += 8, n -= 8; n > 8; s += 8, n -= 8) {
			memcpy(&x, s, 8);
			h = (h ^ x) * 0xFF51AFD7ED558CCDULL;
			h ^= h >> 29;
		}
		h = (h ^ key_head(s, n)) * 0xC4CEB9FE1A85EC53ULL;
	}
	return (uint32_t)(h >> 32);	/* the best-mixed bits of a product */
}

/* the probe for a key that passed the Bloom filter (so the table is not
 * empty) */
static const struct lent *
lex_probe(const struct quotes_lex *lex, uint32_t h, uint64_t head,
    const char *s, size_t n)
{
	size_t i;

	for (i = h & (lex->cap - 1);; i = (i + 1) & (lex->cap - 1)) {
		const struct lent *e = &lex->tab[i];

		if (e->key == NULL)
			return NULL;
		if (e->h == h && e->klen == n && e->head == head &&
		    (n <= 8 || memcmp(e->key + 8, s + 8, n - 8) == 0))
			return e;
	}
}

/* the entry of key S (N bytes, HEAD its head), or NULL; most words are no
 * entry, and the Bloom filter says so here, inline */
static inline const struct lent *
lex_find(const struct quotes_lex *lex, uint64_t head, const char *s,
    size_t n)
{
	uint32_t h = key_hash(head, s, n);
	const struct lent *e;

	if (!(lex->bloom[(h >> 16) & 1023] & (1ULL << ((h >> 10) & 63))))
		return NULL;
	/* the first slot, inline: the usual place of a common word */
	e = &lex->tab[h & (lex->cap - 1)];
	if (e->h == h && e->klen == n && e->head == head && n <= 8 &&
	    e->key != NULL)
		return e;
	return lex_probe(lex, h, head, s, n);
}

static inline const struct lent *
lex_get(const struct quotes_lex *lex, const char *s, size_t n)
{
	return lex_find(lex, key_head(s, n), s, n);
}

static struct lent *
lex_put(struct quotes_lex *lex, const char *s, size_t n)
{
	uint32_t h;
	size_t i;

	if (2 * (lex->n + 1) > lex->cap) {
		struct lent *old = lex->tab;
		size_t oc = lex->cap, j;

		lex->cap = oc ? 2 * oc : 1024;
		lex->tab = nf_xcalloc(lex->cap, sizeof(*lex->tab));
		for (j = 0; j < oc; j++) {
			if (old[j].key == NULL)
				continue;
			for (i = old[j].h & (lex->cap - 1); lex->tab[i].key;
			    i = (i + 1) & (lex->cap - 1))
				;
			lex->tab[i] = old[j];
		}
		free(old);
	}
	h = key_hash(key_head(s, n), s, n);
	for (i = h & (lex->cap - 1);; i = (i + 1) & (lex->cap - 1)) {
		struct lent *e = &lex->tab[i];

		if (e->key == NULL) {
			e->head = key_head(s, n);
			lex->bloom[(h >> 16) & 1023] |= 1ULL << ((h >> 10) & 63);
			e->key = nf_xmemdup(s, n);
			e->klen = n;
			e->h = h;
			e->maxw = 1;
			lex->n++;
			return e;
		}
		if (e->h == h && e->klen == n && memcmp(e->key, s, n) == 0)
			return e;
	}
}

struct quotes_lex *
quotes_lex_new(void)
{
	return nf_xcalloc(1, sizeof(struct quotes_lex));
}

void
quotes_lex_free(struct quotes_lex *lex)
{
	size_t i;

	if (lex == NULL)
		return;
	for (i = 0; i < lex->cap; i++) {
		free(lex->tab[i].key);
		free(lex->tab[i].speaker);
	}
	free(lex->tab);
	free(lex);
}

/*
 * Normalise a key: lower case, ’ and ‘ to ', runs of spaces to one.
 * Returns the number of words.
 */
static size_t
norm_key(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, words = 0, len;
	int sp = 1;

	buf_clear(b);
	while (i < n) {
		int32_t c = utf8_decode_lenient((const unsigned char *)s + i,
		    n - i, &len);
		char enc[4];

		i += len;
		if (c == ' ' || c == '\t') {
			sp = 1;
			continue;
		}
		if (sp && b->len > 0)
			buf_addc(b, ' ');
		if (sp)
			words++;
		sp = 0;
		if (c == 0x2019 || c == 0x2018)
			c = '\'';
		c = utf8_tolower(c);
		buf_add(b, enc, utf8_encode(c, enc));
	}
	return words;
}

static int
gender_parse(const char *s)
{
	if (strcmp(s, "m") == 0)
		return G_M;
	if (strcmp(s, "f") == 0)
		return G_F;
	if (strcmp(s, "n") == 0)
		return G_N;
	if (strcmp(s, "p") == 0)
		return G_P;
	if (strcmp(s, "s") == 0)
		return G_S;
	return G_NONE;
}

static void
lex_add(struct quotes_lex *lex, struct buf *kb, const char *key,
    uint32_t cls, struct lent **out)
{
	size_t words = norm_key(kb, key, strlen(key));
	const char *sp;
	struct lent *e;

	if (words > 1) {
		/* make sure the first word knows how long its phrases run */
		sp = memchr(kb->data, ' ', kb->len);
		e = lex_put(lex, kb->data, (size_t)(sp - kb->data));
		if (e->maxw < words)
			e->maxw = words > 255 ? 255 : (uint8_t)words;
		e->pcls |= cls;
	}
	e = lex_put(lex, kb->data, kb->len);
	e->cls |= cls;
	*out = e;
}

/* Split LINE (NUL-terminated, modified) at TABs into at most MAX fields. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	while (*line && n < max) {
		if (*line == '\t') {
			*line = '\0';
			f[n++] = line + 1;
		}
		line++;
	}
	return n;
}

int
quotes_lex_load(struct quotes_lex *lex, enum quotes_file which,
    const char *path, struct nf_error *e)
{
	static const size_t ncols[QUOTES_FILE_COUNT] = { 2, 4, 2, 2, 2, 3, 2 };
	static const char *const headers[QUOTES_FILE_COUNT] = {
		"form\ttype", "alias\tspeaker\trole\tkind", "cue\trole", "noun\trole",
		"term\tkind", "word\tclass\tvalue", "name\tgender"
	};
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, nf;
	ssize_t got;
	unsigned long lineno = 0;
	int seen_header = 0;
	struct buf kb = { 0 };
	char *f[4];

	if ((unsigned)which >= QUOTES_FILE_COUNT) {
		nf_error_set(e, NF_EUSAGE, path, 0, "unknown data file kind");
		return -1;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		nf_error_set(e, NF_EIO, path, 0, "cannot open data file: %s",
		    strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &cap, fp)) != -1) {
		struct lent *ent;
		int v;

		lineno++;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (got == 0 || line[0] == '#')
			continue;
		if (!seen_header) {
			if (strcmp(line, headers[which]) != 0) {
				nf_error_set(e, NF_EDATA, path, lineno,
				    "header must be '%s'", headers[which]);
				goto fail;
			}
			seen_header = 1;
			continue;
		}
		nf = split_tabs(line, f, 4);
		if (nf != ncols[which] || f[0][0] == '\0') {
			nf_error_set(e, NF_EDATA, path, lineno,
			    "expected %zu TAB-separated fields", ncols[which]);
			goto fail;
		}
		switch (which) {
		case QUOTES_FILE_CUES:
			v = strcmp(f[1], "finite") == 0 ? CUE_FINITE :
			    strcmp(f[1], "participle") == 0 ? CUE_PART :
			    strcmp(f[1], "after") == 0 ? CUE_AFTER : -1;
			if (v < 0)
				goto badval;
			lex_add(lex, &kb, f[0], C_CUE, &ent);
			ent->cuetype = (uint8_t)v;
			break;
		case QUOTES_FILE_SPEAKERS:
			if ((v = role_parse(f[2])) < 0 || f[1][0] == '\0' ||
			    (strcmp(f[3], "name") != 0 &&
			    strcmp(f[3], "description") != 0))
				goto badval;
			lex_add(lex, &kb, f[0], C_ALIAS, &ent);
			ent->alias_role = (uint8_t)v;
			ent->alias_desc = strcmp(f[3], "description") == 0;
			free(ent->speaker);
			ent->speaker = nf_xstrdup(f[1]);
			break;
		case QUOTES_FILE_ROLES:
			if ((v = role_parse(f[1])) < 0)
				goto badval;
			lex_add(lex, &kb, f[0], C_ROLECUE, &ent);
			ent->rolecue_role = (uint8_t)v;
			break;
		case QUOTES_FILE_GROUPS:
			if ((v = role_parse(f[1])) < 0)
				goto badval;
			lex_add(lex, &kb, f[0], C_GROUP, &ent);
			ent->group_role = (uint8_t)v;
			break;
		case QUOTES_FILE_SCARE:
			v = strcmp(f[1], "grade") == 0 ? C_GRADE :
			    strcmp(f[1], "name-noun") == 0 ? C_NAMENOUN :
			    strcmp(f[1], "name-prefix") == 0 ? C_NAMEPREFIX : -1;
			if (v < 0)
				goto badval;
			lex_add(lex, &kb, f[0], (uint32_t)v, &ent);
			break;
		case QUOTES_FILE_WORDS: {
			static const struct { const char *n; uint32_t c; } cl[] = {
				{ "pronoun", C_PRONOUN }, { "relative", C_RELATIVE },
				{ "skip", C_SKIP }, { "be", C_BE }, { "conj", C_CONJ },
				{ "prep", C_PREP }, { "det", C_DET },
				{ "title", C_TITLE }, { "orgword", C_ORGWORD },
				{ "notname", C_NOTNAME }
			};
			size_t k;

			for (k = 0; k < sizeof(cl) / sizeof(cl[0]); k++)
				if (strcmp(f[1], cl[k].n) == 0)
					break;
			if (k == sizeof(cl) / sizeof(cl[0]))
				goto badval;
			lex_add(lex, &kb, f[0], cl[k].c, &ent);
			if (cl[k].c == C_PRONOUN)
				ent->pron = (uint8_t)gender_parse(f[2]);
			else if (cl[k].c == C_TITLE)
				ent->title_g = (uint8_t)gender_parse(f[2]);
			else if (cl[k].c == C_ORGWORD) {
				if ((v = role_parse(f[2])) < 0)
					goto badval;
				ent->org_role = (uint8_t)v;
			}
			break;
		}
		case QUOTES_FILE_FORENAMES:
			if ((v = gender_parse(f[1])) != G_M && v != G_F)
				goto badval;
			lex_add(lex, &kb, f[0], C_FORENAME, &ent);
			ent->name_g = (uint8_t)v;
			break;
		default:
			break;
		}
		continue;
badval:
		nf_error_set(e, NF_EDATA, path, lineno,
		    "unknown value in '%s'", f[nf - 1]);
		goto fail;
	}
	if (ferror(fp)) {
		nf_error_set(e, NF_EIO, path, lineno, "read error: %s",
		    strerror(errno));
		goto fail;
	}
	if (!seen_header) {
		nf_error_set(e, NF_EDATA, path, 0, "no header line");
		goto fail;
	}
	fclose(fp);
	free(line);
	buf_free(&kb);
	return 0;
fail:
	fclose(fp);
	free(line);
	buf_free(&kb);
	return -1;
}

/* ------------------------------------------------------------- document */

enum { L_SINGLE = 1, L_DOUBLE = 2 };

/* mark flags */
enum {
	MK_OPEN = 1, MK_CLOSE = 2, MK_APOS = 4, MK_POSS = 8, MK_PARSTART = 16
};

/* a mark's part once paired */
enum { MR_NONE, MR_OPEN, MR_CLOSE, MR_APOS, MR_LITERAL };

struct mark {
	size_t	 pos;
	uint8_t	 len;
	uint8_t	 level;
	uint8_t	 fl;
	uint8_t	 part;
	int	 q;		/* quotation, for MR_OPEN / MR_CLOSE */
};

enum { K_PENDING, K_SPEECH, K_SCARE, K_TITLE, K_LITERAL };

struct quot {
	size_t	 open_at, close_at;
	uint8_t	 open_len, close_len;	/* close_len 0: ended without mark */
	uint8_t	 level;
	uint8_t	 kind;
	int	 depth;
	int	 prev, next;		/* pieces of one quotation, by paragraph */
	int	 par;
	size_t	 row_open, row_close;
	size_t	 tok_open, tok_close;	/* mark tokens (tok_close = end) */
	int	 open_mark;
	/* results (on every piece) */
	unsigned long number;
	int	 speaker;		/* index into speakers, -1 none */
	int	 role;
	size_t	 cue_off, cue_len;	/* in d->low */
	int	 cue_after;
};

/* token flags */
enum {
	T_WORD = 1, T_CAP = 2, T_POSS = 8, T_QOPEN = 16,
	T_QCLOSE = 32, T_INQ = 64
};

struct tok {
	size_t		 s, e;		/* bytes in T */
	size_t		 lo;		/* lower form in d->low */
	uint32_t	 ll, bl;	/* its length, and without 's */
	int32_t		 cp;		/* punctuation: the character */
	uint16_t	 fl;
	int		 q;		/* top-level quotation (marks) */
	const struct lent *ent;		/* lexicon entry of the lower form */
	const struct lent *bent;	/* ... of the base form (possessive) */
	uint32_t	 phr;		/* phrases from here: d->phr + phr - 1 */
	uint8_t		 phn;		/* ... how many (0 with phr: none) */
};

enum { S_PERSON = 1, S_ALIAS, S_ORG, S_GROUP, S_ARTICLE, S_ROLE, S_AUTHOR };

struct spk {
	size_t	 off, len;	/* name in d->names */
	size_t	 soff, slen;	/* surname */
	int	 kind;
	int	 role;
	int	 gender;
};

struct cue {
	size_t	 tok, ntok;
	size_t	 row;
	int	 type;
	int	 spk;		/* -1 unresolved */
	int	 fin_spk;	/* spk of the row's last CUE_FINITE cue with a
				 * speaker before this one, -1 none */
};

struct row {
	size_t	 off, len;	/* in T */
	int	 par;
	int	 sec;
	size_t	 aoff, alen;	/* author in d->names */
	size_t	 tb, te;	/* tokens */
	size_t	 cb, ce;	/* cues */
};

struct sidx_slot {
	uint32_t	 h;
	uint32_t	 spk;		/* speaker index + 1; 0: empty */
};

struct sidx {
	struct sidx_slot *slot;
	size_t		 cap, n;
};

struct mention {
	size_t	 b, e;		/* tokens */
	int	 type;		/* S_* or M_PRON / M_REL */
	int	 spk;
	int	 gender;
	int	 poss;
};

enum { M_PRON = 100, M_REL };

struct quotes_doc {
	const struct quotes_lex *lex;
	struct buf	 t;		/* T */
	struct buf	 names;		/* speaker names and authors */
	struct buf	 low;		/* lower-case token forms */
	struct buf	 scratch, scratch2;
	struct row	*rows;
	size_t		 nrows, crows;
	int		 npar;
	size_t		*par_first;	/* first row of each paragraph */
	size_t		 cpar;
	struct mark	*marks;
	size_t		 nmarks, cmarks;
	struct quot	*quots;
	size_t		 nquots, cquots;
	struct tok	*toks;
	size_t		 ntoks, ctoks;
	size_t		*wpre;		/* word tokens before each token */
	size_t		 cwpre;
	struct spk	*spks;
	size_t		 nspks, cspks;
	struct sidx	 by_name, by_surname;	/* indices of spks */
	struct cue	*cues;
	size_t		 ncues, ccues;
	const struct lent **phr;	/* phrase entries, see phrases_at() */
	size_t		 nphr, cphr;
	struct quotes_span *spans;
	size_t		 nspans, cspans;
	size_t		 unclosed, unclosed_row;
	size_t		 nscan;		/* rows analysed */
	int		 single_style;
	/* discourse state */
	int		 recent[8];	/* persons, most recent first */
	int		 last_org, last_plural;
	int		 spk_org, spk_org_par;	/* last speaking organisation */
	int		 spk_plural, spk_plural_par;
	int		 ctx_spk, ctx_par;
	int		 prev_q;	/* last speech quotation */
	int		 article;	/* speaker "article" */
	int		 author_spk;	/* this row's comment author */
	/* the article's text, normalised, for comments quoting it */
	int		 art_built;
	struct buf	 art;
	int		*art_owner;
	size_t		 cart;
	size_t		*fail;
	size_t		 cfail;
	size_t		*nx;		/* pair_marks: next closer, opener */
	size_t		 cnx;
	const struct lent *named[32];	/* speakers named in the doc */
	size_t		 nnamed;
};

static void sidx_clear(struct sidx *);

#define GROW(p, n, c) do {						\
	if ((n) == (c)) {						\
		(c) = (c) ? 2 * (c) : 64;				\
		(p) = nf_xreallocarray((p), (c), sizeof(*(p)));		\
	}								\
} while (0)

struct quotes_doc *
quotes_doc_new(const struct quotes_lex *lex)
{
	struct quotes_doc *d = nf_xcalloc(1, sizeof(*d));

	d->lex = lex;
	return d;
}

void
quotes_doc_free(struct quotes_doc *d)
{
	if (d == NULL)
		return;
	buf_free(&d->t);
	buf_free(&d->names);
	buf_free(&d->low);
	buf_free(&d->scratch);
	buf_free(&d->scratch2);
	buf_free(&d->art);
	free(d->art_owner);
	free(d->fail);
	free(d->nx);
	free(d->phr);
	free(d->by_name.slot);
	free(d->by_surname.slot);
	free(d->rows);
	free(d->par_first);
	free(d->marks);
	free(d->quots);
	free(d->toks);
	free(d->wpre);
	free(d->spks);
	free(d->cues);
	free(d->spans);
	free(d);
}

void
quotes_doc_clear(struct quotes_doc *d)
{
	buf_clear(&d->t);
	buf_clear(&d->names);
	buf_clear(&d->low);
	buf_clear(&d->art);
	d->nrows = d->nmarks = d->nquots = d->ntoks = d->nspks = 0;
	sidx_clear(&d->by_name);
	sidx_clear(&d->by_surname);
	d->ncues = d->nspans = 0;
	d->npar = 0;
	d->unclosed = d->unclosed_row = 0;
	d->art_built = 0;
	d->nnamed = 0;
}

void
quotes_doc_add(struct quotes_doc *d, const char *text, size_t len,
    int new_par, int section, const char *author, size_t alen)
{
	struct row *r;

	GROW(d->rows, d->nrows, d->crows);
	r = &d->rows[d->nrows];
	if (d->nrows > 0)
		buf_addc(&d->t, new_par ? '\n' : ' ');
	if (d->nrows == 0 || new_par) {
		GROW(d->par_first, (size_t)d->npar, d->cpar);
		d->par_first[d->npar++] = d->nrows;
	}
	r->par = d->npar - 1;
	r->off = d->t.len;
	r->len = len;
	buf_add(&d->t, text, len);
	r->sec = section;
	r->aoff = d->names.len;
	r->alen = alen;
	buf_add(&d->names, author, alen);
	d->nrows++;
}

const char *
quotes_doc_row_text(const struct quotes_doc *d, size_t row, size_t *len)
{
	*len = d->rows[row].len;
	return d->t.data + d->rows[row].off;
}

size_t
quotes_doc_unclosed(const struct quotes_doc *d)
{
	return d->unclosed;
}

size_t
quotes_doc_unclosed_row(const struct quotes_doc *d)
{
	return d->unclosed_row;
}

const struct quotes_span *
quotes_doc_spans(const struct quotes_doc *d, size_t *n)
{
	*n = d->nspans;
	return d->spans;
}

/* ------------------------------------------------------ character tests */

static int32_t
cp_at(const struct quotes_doc *d, size_t p)
{
	size_t len;

	if (p >= d->t.len)
		return -1;
	return utf8_decode_lenient((const unsigned char *)d->t.data + p,
	    d->t.len - p, &len);
}

/* the code point ending just before P, and its start in *AT */
static int32_t
cp_before(const struct quotes_doc *d, size_t p, size_t *at)
{
	size_t s = p;

	if (p == 0)
		return -1;
	s--;
	while (s > 0 && ((unsigned char)d->t.data[s] & 0xC0) == 0x80)
		s--;
	if (at)
		*at = s;
	return cp_at(d, s);
}

/* ASCII classes: 1 space, 2 letter, 4 digit, 8 upper (256 entries: any
 * byte may index it; those of multibyte characters are in no class) */
static const unsigned char ascii_cls[256] = {
	['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [' '] = 1,
	['0'] = 4, ['1'] = 4, ['2'] = 4, ['3'] = 4, ['4'] = 4, ['5'] = 4,
	['6'] = 4, ['7'] = 4, ['8'] = 4, ['9'] = 4,
	['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2,
	['g'] = 2, ['h'] = 2, ['i'] = 2, ['j'] = 2, ['k'] = 2, ['l'] = 2,
	['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2,
	['s'] = 2, ['t'] = 2, ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2,
	['y'] = 2, ['z'] = 2,
	['A'] = 10, ['B'] = 10, ['C'] = 10, ['D'] = 10, ['E'] = 10,
	['F'] = 10, ['G'] = 10, ['H'] = 10, ['I'] = 10, ['J'] = 10,
	['K'] = 10, ['L'] = 10, ['M'] = 10, ['N'] = 10, ['O'] = 10,
	['P'] = 10, ['Q'] = 10, ['R'] = 10, ['S'] = 10, ['T'] = 10,
	['U'] = 10, ['V'] = 10, ['W'] = 10, ['X'] = 10, ['Y'] = 10,
	['Z'] = 10
};

static inline int
is_sp(int32_t c)
{
	if (c < 0)
		return 1;
	if (c < 0x80)
		return ascii_cls[c] & 1;
	return utf8_is_space(c);
}

static inline int
is_alnum(int32_t c)
{
	if (c >= 0 && c < 0x80)
		return ascii_cls[c] & 6;
	return c >= 0 && (utf8_is_letter(c) || utf8_is_digit(c));
}

static inline int
is_letter(int32_t c)
{
	if (c >= 0 && c < 0x80)
		return ascii_cls[c] & 2;
	return c >= 0 && utf8_is_letter(c);
}

static int
is_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

/* code points of quote marks: level and default direction */
static int
mark_kind(int32_t c, int *level)
{
	switch (c) {
	case '"':
		*level = L_DOUBLE;
		return 3;		/* either way */
	case '\'':
		*level = L_SINGLE;
		return 3;
	case 0x201C: case 0x201E: case 0x201F: case 0x00AB:
		*level = L_DOUBLE;
		return MK_OPEN;
	case 0x201D: case 0x00BB:
		*level = L_DOUBLE;
		return MK_CLOSE;
	case 0x2018: case 0x201A: case 0x201B: case 0x2039:
		*level = L_SINGLE;
		return MK_OPEN;
	case 0x2019: case 0x203A:
		*level = L_SINGLE;
		return MK_CLOSE;
	default:
		return 0;
	}
}

static int
is_openish(int32_t c)
{
	int lv;

	return c == '(' || c == '[' || c == '{' || c == '/' ||
	    (c >= 0x80 && utf8_is_dash(c)) || c == '-' ||
	    (mark_kind(c, &lv) & MK_OPEN);
}

/* ------------------------------------------------------------ pass 1: marks */

static void
scan_marks(struct quotes_doc *d)
{
	const unsigned char *s = (const unsigned char *)d->t.data;
	size_t n = d->t.len, p, len;
	size_t par_start_nonsp = 0;
	int at_par_start = 1;

	for (p = 0; p < n; p += len) {
		int32_t c, prev, next, next2;
		int lv = 0, k, left, right;
		uint8_t fl = 0;
		struct mark *m;

		if (!at_par_start) {
			/* fast: on to the next byte that may start a mark or
			 * end a paragraph (T is NUL-terminated: at the end,
			 * the NUL stops the search) */
			p += strcspn((const char *)s + p, "\n\"'\xC2\xE2");
			if (p >= n)
				break;
		}
		len = 1;
		if (s[p] == '\n') {
			at_par_start = 1;
			continue;
		}
		if (s[p] < 0x80 && s[p] != '"' && s[p] != '\'') {
			if (at_par_start && s[p] != ' ') {
				at_par_start = 0;
				par_start_nonsp = p;
			}
			continue;
		}
		if (s[p] >= 0x80 && s[p] != 0xE2 && s[p] != 0xC2) {
			c = utf8_decode_lenient(s + p, n - p, &len);
			if (at_par_start && !is_sp(c)) {
				at_par_start = 0;
				par_start_nonsp = p;
			}
			continue;
		}
		c = utf8_decode_lenient(s + p, n - p, &len);
		if (at_par_start && !is_sp(c)) {
			at_par_start = 0;
			par_start_nonsp = p;
		}
		if ((k = mark_kind(c, &lv)) == 0)
			continue;
		prev = cp_before(d, p, NULL);
		if (prev == '\n')
			prev = -1;
		next = cp_at(d, p + len);
		{
			size_t l2 = 0;

			if (next >= 0)
				utf8_decode_lenient(s + p + len, n - p - len, &l2);
			next2 = next >= 0 ? cp_at(d, p + len + l2) : -1;
		}
		left = !is_sp(next) && (is_sp(prev) || is_openish(prev));
		right = !is_sp(prev) && (is_sp(next) ||
		    (next >= 0 && !is_alnum(next)));
		if (c == '"') {
			if (left && !right)
				fl = MK_OPEN;
			else if (right && !left)
				fl = MK_CLOSE;
			else if (left && right)
				fl = MK_OPEN | MK_CLOSE;
			else
				fl = MK_CLOSE;
		} else if (c == '\'' || c == 0x2019) {
			if (is_alnum(prev) && is_letter(next))
				fl = MK_APOS;
			else if (is_sp(prev) && (is_digit(next) ||
			    (c == 0x2019 && is_letter(next))))
				fl = MK_APOS;
			else if (c == '\'' && left && !right)
				fl = MK_OPEN;
			else if (right && !left)
				fl = MK_CLOSE;
			else if (c == 0x2019 && left && right)
				fl = MK_CLOSE;
			else
				fl = MK_APOS;
			if ((fl & MK_CLOSE) && (prev == 's' || prev == 'S') &&
			    is_sp(next) && next >= 0 && is_alnum(next2))
				fl |= MK_POSS;
		} else if (c == 0x00AB || c == 0x2039) {
			fl = MK_OPEN;		/* « text » and « text »: French spacing */
		} else if (c == 0x00BB || c == 0x203A) {
			fl = MK_CLOSE;
		} else if (k == MK_OPEN) {
			if (lv == L_SINGLE && ((is_letter(prev) &&
			    is_letter(next)) || (is_digit(next) &&
			    is_digit(next2))))
				fl = MK_APOS;
			else if (is_sp(next))
				fl = right ? MK_CLOSE : MK_APOS;
			else
				fl = MK_OPEN;
		} else {
			/* a closing glyph used to open: ”Word after a space */
			fl = (left && !right) ? MK_OPEN : MK_CLOSE;
		}
		if (fl & MK_APOS) {
			if (lv == L_DOUBLE)
				fl = MK_CLOSE;	/* never: doubles are marks */
		}
		if (par_start_nonsp == p && !at_par_start)
			fl |= MK_PARSTART;
		GROW(d->marks, d->nmarks, d->cmarks);
		m = &d->marks[d->nmarks++];
		m->pos = p;
		m->len = (uint8_t)len;
		m->level = (uint8_t)lv;
		m->fl = fl;
		m->part = (fl & MK_APOS) ? MR_APOS : MR_NONE;
		m->q = -1;
	}
}

/* --------------------------------------------------------- pass 2: pairing */

static size_t
row_of(const struct quotes_doc *d, size_t pos)
{
	size_t lo = 0, hi = d->nrows;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (d->rows[mid].off <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int
new_quot(struct quotes_doc *d, size_t mi, int depth, int par)
{
	struct quot *q;

	GROW(d->quots, d->nquots, d->cquots);
	q = &d->quots[d->nquots];
	memset(q, 0, sizeof(*q));
	q->open_at = d->marks[mi].pos;
	q->open_len = d->marks[mi].len;
	q->level = d->marks[mi].level;
	q->kind = K_PENDING;
	q->depth = depth;
	q->prev = q->next = -1;
	q->par = par;
	q->open_mark = (int)mi;
	q->speaker = -1;
	d->marks[mi].part = MR_OPEN;
	d->marks[mi].q = (int)d->nquots;
	return (int)d->nquots++;
}

static void
make_literal(struct quotes_doc *d, int qi)
{
	struct quot *q = &d->quots[qi];

	q->kind = K_LITERAL;
	d->marks[q->open_mark].part = MR_LITERAL;
	d->marks[q->open_mark].q = -1;
	/*
	 * A paragraph's opening mark taken as continuing the quotation left
	 * open by the paragraph before, and now found not to open one: the
	 * earlier piece is the quotation's end after all, a quotation that
	 * ends without a mark.  (Left linked, the quotation would "end" in a
	 * piece that has no rows, and be decided before its rows are read.)
	 */
	if (q->prev >= 0) {
		struct quot *p = &d->quots[q->prev];

		p->next = -1;
		if (p->depth == 0 && d->unclosed++ == 0)
			d->unclosed_row = row_of(d, p->open_at);
		q->prev = -1;
	}
}

#define STACK_MAX 16

static void
pair_marks(struct quotes_doc *d)
{
	size_t mi = 0, m0, m1, k;
	int par, stack[STACK_MAX], sp, cont = -1;
	size_t *nx_close, *nx_open;

	/* room for any paragraph's marks, kept from document to document */
	if (d->cnx < d->nmarks + 1) {
		d->cnx = 2 * (d->nmarks + 1);
		d->nx = nf_xreallocarray(d->nx, d->cnx, 2 * sizeof(size_t));
	}
	nx_close = d->nx;
	nx_open = d->nx + d->cnx;
	for (par = 0; par < d->npar; par++) {
		size_t plast = (par + 1 < d->npar ? d->par_first[par + 1] :
		    d->nrows) - 1;
		size_t pend = d->rows[plast].off + d->rows[plast].len;

		m0 = mi;
		while (mi < d->nmarks && d->marks[mi].pos < pend)
			mi++;
		m1 = mi;
		if (m0 == m1) {
			/* no mark: nothing opens, nothing continues */
			cont = -1;
			continue;
		}
		/* next single closer (not possessive-like) / opener */
		nx_close[m1 - m0] = nx_open[m1 - m0] = SIZE_MAX;
		for (k = m1; k > m0; k--) {
			const struct mark *m = &d->marks[k - 1];
			size_t j = k - 1 - m0;

			nx_close[j] = nx_close[j + 1];
			nx_open[j] = nx_open[j + 1];
			if (m->level == L_SINGLE && !(m->fl & MK_APOS)) {
				if ((m->fl & MK_CLOSE) && !(m->fl & MK_POSS))
					nx_close[j] = k - 1;
				if (m->fl & MK_OPEN)
					nx_open[j] = k - 1;
			}
		}
		sp = 0;
		for (k = m0; k < m1; k++) {
			struct mark *m = &d->marks[k];
			int i, dpos = -1, qi;

			if (m->fl & MK_APOS)
				continue;
			for (i = sp - 1; i >= 0; i--)
				if (d->quots[stack[i]].level == L_DOUBLE) {
					dpos = i;
					break;
				}
			if (cont >= 0 && (m->fl & MK_PARSTART) &&
			    (m->fl & MK_OPEN) && sp == 0 &&
			    m->level == d->quots[cont].level) {
				qi = new_quot(d, k, 0, par);
				d->quots[qi].prev = cont;
				d->quots[cont].next = qi;
				stack[sp++] = qi;
				cont = -1;
				continue;
			}
			if (m->level == L_DOUBLE) {
				int opens = (m->fl & MK_OPEN) &&
				    !((m->fl & MK_CLOSE) && dpos >= 0);

				if (opens) {
					if (dpos >= 0) {
						/* a new opener closes the open one */
						struct quot *q = &d->quots[stack[dpos]];

						for (i = sp - 1; i > dpos; i--)
							make_literal(d, stack[i]);
						q->close_at = m->pos;
						q->close_len = 0;
						if (q->depth == 0 && d->unclosed++ == 0)
							d->unclosed_row = row_of(d, m->pos);
						sp = dpos;
					}
					if (sp == STACK_MAX) {
						m->part = MR_LITERAL;
						continue;
					}
					qi = new_quot(d, k, sp, par);
					stack[sp++] = qi;
				} else if (dpos >= 0) {
					struct quot *q = &d->quots[stack[dpos]];

					for (i = sp - 1; i > dpos; i--)
						make_literal(d, stack[i]);
					q->close_at = m->pos;
					q->close_len = m->len;
					m->part = MR_CLOSE;
					m->q = stack[dpos];
					sp = dpos;
				} else
					m->part = MR_LITERAL;
			} else {
				int top = sp > 0 ? stack[sp - 1] : -1;
				int topsingle = top >= 0 &&
				    d->quots[top].level == L_SINGLE;

				if ((m->fl & MK_OPEN) && !(m->fl & MK_CLOSE &&
				    topsingle)) {
					if (topsingle) {
						make_literal(d, top);
						sp--;
					}
					if (sp == STACK_MAX) {
						m->part = MR_LITERAL;
						continue;
					}
					qi = new_quot(d, k, sp, par);
					stack[sp++] = qi;
				} else if (topsingle) {
					size_t j = k - m0 + 1;

					if ((m->fl & MK_POSS) && nx_close[j] !=
					    SIZE_MAX && nx_close[j] < nx_open[j]) {
						m->part = MR_APOS;
						continue;
					}
					d->quots[top].close_at = m->pos;
					d->quots[top].close_len = m->len;
					m->part = MR_CLOSE;
					m->q = top;
					sp--;
				} else
					m->part = MR_APOS;
			}
		}
		/* paragraph end: what is still open */
		cont = -1;
		if (sp > 0) {
			int bottom = stack[0];
			struct quot *q = &d->quots[bottom];
			int i;

			for (i = sp - 1; i > 0; i--)
				make_literal(d, stack[i]);
			int nextopens = 0;

			if (par + 1 < d->npar && mi < d->nmarks) {
				const struct mark *nm = &d->marks[mi];
				size_t np = d->rows[d->par_first[par + 1]].off;

				nextopens = nm->pos == np && (nm->fl & MK_OPEN) &&
				    nm->level == q->level;
			}
			if (q->level == L_DOUBLE || nextopens ||
			    (d->marks[q->open_mark].fl & MK_PARSTART)) {
				q->close_at = pend;
				q->close_len = 0;
				if (nextopens)
					cont = bottom;
				else if (d->unclosed++ == 0)
					d->unclosed_row = row_of(d, q->open_at);
			} else
				make_literal(d, bottom);
		}
	}
	/* rows of each quotation */
	for (k = 0; k < d->nquots; k++) {
		struct quot *q = &d->quots[k];

		if (q->kind == K_LITERAL)
			continue;
		q->row_open = row_of(d, q->open_at);
		q->row_close = q->close_len ? row_of(d, q->close_at) :
		    row_of(d, q->close_at > 0 ? q->close_at - 1 : 0);
		if (q->close_len == 0 && q->close_at > q->open_at &&
		    q->close_at <= d->rows[q->row_close].off)
			q->row_close = row_of(d, q->close_at - 1);
	}
}

/* ---------------------------------------------------------- pass 3: tokens */

static void
note_named(struct quotes_doc *d, const struct lent *e)
{
	size_t i;

	for (i = 0; i < d->nnamed; i++)
		if (strcmp(d->named[i]->speaker, e->speaker) == 0) {
			d->named[i] = e;	/* most recent last */
			return;
		}
	if (d->nnamed < sizeof(d->named) / sizeof(d->named[0]))
		d->named[d->nnamed++] = e;
}

/*
 * The speaker a description stands for ("the watchdog", "inspectors"): the
 * speaker of the same role named in the document most recently, else the
 * one the data file gives.
 */
static const char *
description_speaker(const struct quotes_doc *d, const struct lent *e)
{
	size_t i;

	for (i = d->nnamed; i > 0; i--)
		if (d->named[i - 1]->alias_role == e->alias_role)
			return d->named[i - 1]->speaker;
	return e->speaker;
}

static void low_add_cp_wide(struct buf *, int32_t);

/* append C lower-cased, curly apostrophes as ' */
static inline void
low_add_cp(struct buf *b, int32_t c)
{
	if (c < 0x80)
		buf_addc(b, (char)((c >= 'A' && c <= 'Z') ? c + 32 : c));
	else
		low_add_cp_wide(b, c);
}

static void
low_add_cp_wide(struct buf *b, int32_t c)
{
	char enc[4];

	if (c == 0x2019 || c == 0x2018)
		c = '\'';
	else
		c = utf8_tolower(c);
	buf_add(b, enc, utf8_encode(c, enc));
}

static inline struct tok *
tok_push(struct quotes_doc *d, size_t s, size_t e)
{
	struct tok *t;

	GROW(d->toks, d->ntoks, d->ctoks);
	t = &d->toks[d->ntoks++];
	t->s = s;
	t->e = e;
	t->lo = 0;
	t->ll = t->bl = 0;
	t->cp = 0;
	t->fl = 0;
	t->q = -1;
	t->ent = t->bent = NULL;
	t->phr = 0;
	return t;
}

/* room in d->low for N more bytes and the eight a look-up may read */
static inline void
low_room(struct quotes_doc *d, size_t n)
{
	if (d->low.cap - d->low.len <= n + 8)
		buf_reserve(&d->low, n + 8);
}

/* the first mark at or after P, from index MI on */
static inline size_t
mark_from(const struct quotes_doc *d, size_t mi, size_t p)
{
	while (mi < d->nmarks && d->marks[mi].pos < p)
		mi++;
	return mi;
}

/*
 * ASCII bytes of words, lower-cased; 0 for every other byte (ASCII
 * punctuation and space, and the bytes of multibyte characters).
 */
static const unsigned char word_low[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z'
};

/*
 * All capitals: at least two letters in bytes [B, E) of T and every one
 * upper case (a word in capitals is no name).  Asked only of the words of
 * a capitalised run, when a mention is looked for.
 */
static int
all_caps(const struct quotes_doc *d, size_t b, size_t e)
{
	const unsigned char *s = (const unsigned char *)d->t.data;
	size_t nletter = 0, nupper = 0, len;

	while (b < e) {
		int32_t c = utf8_decode_lenient(s + b, e - b, &len);

		b += len;
		if (is_letter(c)) {
			nletter++;
			if (c < 0x80 ? (ascii_cls[c] & 8) != 0 : utf8_is_upper(c))
				nupper++;
			else
				return 0;
		}
	}
	return nletter >= 2 && nupper == nletter;
}

/*
 * One word starting at P (an alphanumeric character C of LEN bytes) and
 * ending before RE: its lower-case form goes to d->low, its token is pushed
 * and looked up.  *MI is the first mark at or after P; returns the end.
 */
static size_t
tok_word_at(struct quotes_doc *d, size_t p, int32_t c, size_t len,
    size_t re, size_t *mi)
{
	const unsigned char *s = (const unsigned char *)d->t.data;
	size_t ws = p, lo = d->low.len;
	int cap;
	struct tok *t;

	cap = c < 0x80 ? (ascii_cls[c] & 8) != 0 :
	    (utf8_is_letter(c) && utf8_is_upper(c));
	for (;;) {
		if (c < 0x80 && word_low[c]) {
			/* an ASCII run, copied lower-cased */
			char *o;
			size_t q = p;
			unsigned char ch;

			if (d->low.cap - d->low.len <= re - p)
				buf_reserve(&d->low, re - p + 1);
			o = d->low.data + d->low.len;
			/* T is NUL-terminated and a row ends before a space, a
			 * newline or that NUL: the table stops the run in time */
			while ((ch = word_low[s[q]]) != 0) {
				*o++ = (char)ch;
				q++;
			}
			d->low.len = (size_t)(o - d->low.data);
			p = q;
			/* what ends most words: ASCII other than an apostrophe
			 * or a hyphen (no mark: a '"' is never an apostrophe) */
			if (p >= re || (s[p] < 0x80 && s[p] != '\'' &&
			    s[p] != '-'))
				break;
		} else if (is_alnum(c)) {
			low_add_cp(&d->low, c);
			p += len;
		} else if ((*mi = mark_from(d, *mi, p)) < d->nmarks &&
		    d->marks[*mi].pos == p && d->marks[*mi].part == MR_APOS) {
			/* apostrophe inside or after a word */
			buf_addc(&d->low, '\'');
			p += len;
			++*mi;
		} else if ((c == '-' || c == 0x2010 || c == 0x2011) &&
		    p + len < re && is_alnum(cp_at(d, p + len))) {
			buf_addc(&d->low, '-');
			p += len;
		} else
			break;
		if (p >= re)
			break;
		c = utf8_decode_lenient(s + p, re - p, &len);
	}
	t = tok_push(d, ws, p);
	t->fl = T_WORD;
	if (cap)
		t->fl |= T_CAP;
	t->lo = lo;
	t->ll = (uint32_t)(d->low.len - lo);
	t->bl = t->ll;
	if (t->ll >= 3 && memcmp(d->low.data + d->low.len - 2, "'s", 2) == 0) {
		t->bl = t->ll - 2;
		t->fl |= T_POSS;
	} else if (t->ll >= 2 && d->low.data[d->low.len - 1] == '\'') {
		t->bl = t->ll - 1;
		t->fl |= T_POSS;
	}
	/* look up with a single 8-byte load of the head: make sure the
	 * bytes after the word may be read */
	if (d->low.cap - d->low.len < 8)
		buf_reserve(&d->low, 8);
	{
		const char *w = d->low.data + t->lo;

		t->ent = lex_find(d->lex, key_head_padded(w, t->ll), w, t->ll);
		t->bent = t->bl != t->ll ? lex_find(d->lex,
		    key_head_padded(w, t->bl), w, t->bl) : t->ent;
	}
	if (t->bent && (t->bent->cls & C_ALIAS) && !t->bent->alias_desc)
		note_named(d, t->bent);
	return p;
}

/*
 * Tokens of rows [0, NROWS): words, punctuation and the marks of
 * quotations, row by row.  The inside of a top-level quotation gives no
 * tokens at all (its words are never cues or speakers): it is jumped over
 * from mark to mark.  Outside, white space costs one table look-up a byte.
 */
static void
tokenize(struct quotes_doc *d, size_t nrows)
{
	const unsigned char *s = (const unsigned char *)d->t.data;
	size_t p, len, mi = 0, row, qi;
	int inq = -1;		/* top-level quotation we are inside */

	for (row = 0; row < nrows; row++) {
		size_t re = d->rows[row].off + d->rows[row].len;

		d->rows[row].tb = d->ntoks;
		p = d->rows[row].off;
		/* room for the ASCII words of the row, lower-cased, and the
		 * eight bytes a look-up reads after a word */
		low_room(d, re - p);
		while (p < re) {
			int32_t c;
			struct tok *t;
			const struct mark *m;

			/* outside quotations, ASCII white space and words
			 * make the bulk of the text: a loop of their own */
			while (inq < 0) {
				size_t q, lo = d->low.len;
				const char *w;
				char *o;
				unsigned char ch;

				while (p < re && (ascii_cls[s[p]] & 1))
					p++;
				if (p >= re || word_low[s[p]] == 0)
					break;
				o = d->low.data + lo;
				for (q = p; (ch = word_low[s[q]]) != 0; q++)
					*o++ = (char)ch;
				if (q < re && (s[q] >= 0x80 || s[q] == '\'' ||
				    s[q] == '-')) {
					/* it may go on (an apostrophe, a hyphen, a
					 * letter beyond ASCII): the general way */
					p = tok_word_at(d, p, s[p], 1, re, &mi);
					low_room(d, re - p);
					continue;
				}
				d->low.len = (size_t)(o - d->low.data);
				GROW(d->toks, d->ntoks, d->ctoks);
				t = &d->toks[d->ntoks++];
				t->s = p;
				t->e = q;
				t->lo = lo;
				t->ll = t->bl = (uint32_t)(q - p);
				t->cp = 0;
				t->fl = T_WORD;
				t->q = -1;
				t->phr = 0;
				if (ascii_cls[s[p]] & 8)
					t->fl |= T_CAP;
				w = d->low.data + lo;
				t->ent = t->bent = lex_find(d->lex,
				    key_head_padded(w, t->ll), w, t->ll);
				if (t->ent && (t->ent->cls & C_ALIAS) &&
				    !t->ent->alias_desc)
					note_named(d, t->ent);
				p = q;
			}
			if (p >= re)
				break;
			/* leave a quotation that ended without a closing mark */
			if (inq >= 0 && d->quots[inq].close_len == 0 &&
			    p >= d->quots[inq].close_at)
				inq = -1;
			mi = mark_from(d, mi, p);
			m = mi < d->nmarks && d->marks[mi].pos == p ?
			    &d->marks[mi] : NULL;
			if (inq >= 0 && !(m != NULL && m->part == MR_CLOSE &&
			    m->q == inq)) {
				/* inside: on to the next mark, the end of the
				 * row or of the quotation */
				size_t stop = re;

				if (m != NULL) {
					p += m->len;
					continue;
				}
				if (mi < d->nmarks && d->marks[mi].pos < stop)
					stop = d->marks[mi].pos;
				if (d->quots[inq].close_len == 0 &&
				    d->quots[inq].close_at < stop)
					stop = d->quots[inq].close_at;
				p = stop > p ? stop : p + 1;
				continue;
			}
			c = utf8_decode_lenient(s + p, re - p, &len);
			if (m != NULL && m->part != MR_APOS) {
				int top = m->q >= 0 && d->quots[m->q].depth == 0;

				t = tok_push(d, p, p + len);
				t->cp = c;
				if (top && m->part == MR_OPEN) {
					t->fl |= T_QOPEN;
					t->q = m->q;
					d->quots[m->q].tok_open = d->ntoks - 1;
					inq = m->q;
				} else if (top && m->part == MR_CLOSE) {
					t->fl |= T_QCLOSE;
					t->q = m->q;
					d->quots[m->q].tok_close = d->ntoks - 1;
					inq = -1;
				}
				p += len;
				continue;
			}
			if (is_sp(c)) {
				p += len;
				continue;
			}
			if (!is_alnum(c)) {
				t = tok_push(d, p, p + len);
				t->cp = c;
				p += len;
				continue;
			}
			p = tok_word_at(d, p, c, len, re, &mi);
			low_room(d, re - p);
		}
		d->rows[row].te = d->ntoks;
	}
	for (row = nrows; row < d->nrows; row++)
		d->rows[row].tb = d->rows[row].te = d->ntoks;
	/* quotations without a closing mark end at their last token */
	for (qi = 0; qi < d->nquots; qi++) {
		struct quot *q = &d->quots[qi];

		if (q->kind == K_LITERAL || q->depth != 0)
			continue;
		if (q->close_len == 0) {
			size_t te = d->rows[q->row_close].te;

			q->tok_close = te;
			while (q->tok_close > q->tok_open + 1 &&
			    d->toks[q->tok_close - 1].s >= q->close_at)
				q->tok_close--;
		}
	}
}

/* ----------------------------------------------------------- speakers */

static const char *
spk_name(const struct quotes_doc *d, int i, size_t *len)
{
	*len = d->spks[i].len;
	return d->names.data + d->spks[i].off;
}

/*
 * Speakers are found by name, and persons by surname, through two hash
 * indices over d->spks.  A search looks at the 512 most recent speakers
 * only (a long comment thread must not grow quadratic); an index keeps,
 * for each key, the most recent speaker that has it, which is the one a
 * newest-first search of that window would find.
 */
#define SPK_WINDOW 512

static int
sidx_find(const struct quotes_doc *d, const struct sidx *x, int surname,
    const char *s, size_t n, uint32_t h, size_t *slot)
{
	size_t i;

	for (i = h & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		const struct spk *sp;

		if (x->slot[i].spk == 0) {
			*slot = i;
			return -1;
		}
		sp = &d->spks[x->slot[i].spk - 1];
		if (x->slot[i].h == h && (surname ? sp->slen : sp->len) == n &&
		    memcmp(d->names.data + (surname ? sp->soff : sp->off), s,
		    n) == 0) {
			*slot = i;
			return (int)x->slot[i].spk - 1;
		}
	}
}

/* make room for one more key in X (kept at most half full) */
static void
sidx_room(struct sidx *x)
{
	struct sidx_slot *old = x->slot;
	size_t oc = x->cap, i, j;

	if (2 * (x->n + 1) <= x->cap)
		return;
	x->cap = oc ? 2 * oc : 64;
	x->slot = nf_xcalloc(x->cap, sizeof(*x->slot));
	for (i = 0; i < oc; i++) {
		if (old[i].spk == 0)
			continue;
		for (j = old[i].h & (x->cap - 1); x->slot[j].spk != 0;
		    j = (j + 1) & (x->cap - 1))
			;
		x->slot[j] = old[i];
	}
	free(old);
}

static void
sidx_clear(struct sidx *x)
{
	if (x->n > 0)
		memset(x->slot, 0, x->cap * sizeof(*x->slot));
	x->n = 0;
}

static inline uint32_t
name_hash(const char *s, size_t n)
{
	return key_hash(key_head(s, n), s, n);
}

static int
spk_intern(struct quotes_doc *d, const char *name, size_t len, int kind,
    int role, int gender)
{
	size_t lim = d->nspks > SPK_WINDOW ? d->nspks - SPK_WINDOW : 0, slot;
	uint32_t h = name_hash(name, len);
	struct spk *s;
	int i;

	sidx_room(&d->by_name);
	i = sidx_find(d, &d->by_name, 0, name, len, h, &slot);
	if (i >= 0 && (size_t)i >= lim) {
		s = &d->spks[i];
		if (s->role == QUOTES_ROLE_NONE)
			s->role = role;
		if (s->gender == G_NONE)
			s->gender = gender;
		return i;
	}
	if (i < 0)
		d->by_name.n++;
	d->by_name.slot[slot].h = h;
	d->by_name.slot[slot].spk = (uint32_t)d->nspks + 1;
	GROW(d->spks, d->nspks, d->cspks);
	s = &d->spks[d->nspks];
	memset(s, 0, sizeof(*s));
	s->off = d->names.len;
	s->len = len;
	if (name >= d->names.data && name < d->names.data + d->names.cap) {
		/* NAME lies in d->names, which may move as it grows */
		size_t at = (size_t)(name - d->names.data);

		buf_reserve(&d->names, len);
		memcpy(d->names.data + d->names.len, d->names.data + at, len);
		d->names.len += len;
	} else
		buf_add(&d->names, name, len);
	s->kind = kind;
	s->role = role;
	s->gender = gender;
	if (kind == S_PERSON) {
		const char *sp = d->names.data + s->off + len;

		while (sp > d->names.data + s->off && sp[-1] != ' ')
			sp--;
		s->soff = (size_t)(sp - d->names.data);
		s->slen = s->off + len - s->soff;
		if (s->len > s->slen) {
			/* a full name: findable by its surname */
			sidx_room(&d->by_surname);
			h = name_hash(sp, s->slen);
			if (sidx_find(d, &d->by_surname, 1, sp, s->slen, h,
			    &slot) < 0)
				d->by_surname.n++;
			d->by_surname.slot[slot].h = h;
			d->by_surname.slot[slot].spk = (uint32_t)d->nspks + 1;
		}
	}
	return (int)d->nspks++;
}

/* a person known by this surname (case-sensitive, as written), named in
 * full */
static int
spk_by_surname(const struct quotes_doc *d, const char *w, size_t n)
{
	size_t lim = d->nspks > SPK_WINDOW ? d->nspks - SPK_WINDOW : 0, slot;
	int i;

	if (d->by_surname.n == 0)
		return -1;
	i = sidx_find(d, &d->by_surname, 1, w, n, name_hash(w, n), &slot);
	return i >= 0 && (size_t)i >= lim ? i : -1;
}

/* ------------------------------------------------------ phrase matching */

static inline int
tok_word(const struct quotes_doc *d, size_t i, size_t lim)
{
	return i < lim && (d->toks[i].fl & (T_WORD | T_INQ)) == T_WORD;
}

static inline uint32_t
tok_cls(const struct quotes_doc *d, size_t i)
{
	return d->toks[i].ent ? d->toks[i].ent->cls : 0;
}

static inline int
tok_is_n(const struct quotes_doc *d, size_t i, const char *w, size_t n)
{
	return (d->toks[i].fl & T_WORD) && d->toks[i].ll == n &&
	    memcmp(d->low.data + d->toks[i].lo, w, n) == 0;
}

/* token I is the word W (a string literal: its length is known) */
#define tok_is(d, i, w)	tok_is_n((d), (i), "" w, sizeof(w) - 1)

static size_t match_phrase(struct quotes_doc *, size_t, size_t, uint32_t,
    const struct lent **);

/*
 * Longest phrase of class CLS starting at token I (words outside
 * quotations, before LIM): its length in tokens, 0 if none.  Most words
 * start no phrase of the class: that is answered here, inline.
 */
static inline size_t
match(struct quotes_doc *d, size_t i, size_t lim, uint32_t cls,
    const struct lent **out)
{
	const struct lent *e;

	if (!tok_word(d, i, lim) || (e = d->toks[i].ent) == NULL ||
	    ((e->cls | e->pcls) & cls) == 0)
		return 0;
	return match_phrase(d, i, lim, cls, out);
}

/*
 * The phrases that start at token I: for each length from two words up to
 * the longest phrase the lexicon has with that first word (and as far as
 * the words go), its entry or NULL.  They are looked up once per token and
 * kept in d->phr, since mentions and cues ask again and again.
 */
static void
phrases_at(struct quotes_doc *d, size_t i)
{
	const struct lent *e = d->toks[i].ent;
	size_t k;

	buf_clear(&d->scratch);
	buf_add(&d->scratch, d->low.data + d->toks[i].lo, d->toks[i].ll);
	d->toks[i].phr = (uint32_t)d->nphr + 1;
	for (k = 1; k < e->maxw && tok_word(d, i + k, d->ntoks); k++) {
		buf_addc(&d->scratch, ' ');
		buf_add(&d->scratch, d->low.data + d->toks[i + k].lo,
		    d->toks[i + k].ll);
		GROW(d->phr, d->nphr, d->cphr);
		d->phr[d->nphr++] = lex_get(d->lex, d->scratch.data,
		    d->scratch.len);
	}
	d->toks[i].phn = (uint8_t)(k - 1);
}

static size_t
match_phrase(struct quotes_doc *d, size_t i, size_t lim, uint32_t cls,
    const struct lent **out)
{
	const struct lent *e = d->toks[i].ent;
	size_t w, maxw = 1;

	if (e->pcls & cls) {
		if (d->toks[i].phr == 0)
			phrases_at(d, i);
		/* the words there are before LIM */
		maxw = 1 + (size_t)d->toks[i].phn;
		if (maxw > lim - i)
			maxw = lim - i;
	}
	for (w = maxw; w >= 2; w--) {
		const struct lent *pe = d->phr[d->toks[i].phr - 1 + w - 2];

		if (pe != NULL && (pe->cls & cls)) {
			*out = pe;
			return w;
		}
	}
	if (e->cls & cls) {
		*out = e;
		return 1;
	}
	return 0;
}

/* -------------------------------------------------------------- mentions */

static int
is_connector(const struct quotes_doc *d, size_t i)
{
	return tok_is(d, i, "of") || tok_is(d, i, "for") ||
	    tok_is(d, i, "and") || tok_is(d, i, "the") || tok_is(d, i, "de") ||
	    tok_is(d, i, "van") || tok_is(d, i, "von");
}

/*
 * the organisation of ROLE most recently named (by a capitalised name), or
 * -1; ROLE < 0: of any role, an alias's too (inspectors -> Ofsted)
 */
static int
last_org_of(const struct quotes_doc *d, int role)
{
	size_t i, lim = d->nspks > 64 ? d->nspks - 64 : 0;

	for (i = d->nspks; i > lim; i--) {
		const struct spk *s = &d->spks[i - 1];

		/* (aliases: "the department" after "the Department for
		 * Education", but not "the council" for a council's
		 * association) */
		if ((s->kind == S_ORG || (s->kind == S_ALIAS &&
		    (role < 0 || role == QUOTES_ROLE_OTHER ||
		    role == QUOTES_ROLE_GOVERNMENT))) &&
		    (role < 0 || s->role == role) && s->len > 0 &&
		    ((unsigned char)d->names.data[s->off] < 'a' ||
		    (unsigned char)d->names.data[s->off] > 'z'))
			return (int)(i - 1);
	}
	return -1;
}

/* text of tokens [b, e) as written, into d->scratch2 */
static void
tok_text(struct quotes_doc *d, size_t b, size_t e, int lower)
{
	size_t k;

	buf_clear(&d->scratch2);
	for (k = b; k < e; k++) {
		const struct tok *t = &d->toks[k];

		if (k > b && d->toks[k - 1].e < t->s)
			buf_addc(&d->scratch2, ' ');
		if (lower)
			buf_add(&d->scratch2, d->low.data + t->lo, t->ll);
		else
			buf_add(&d->scratch2, d->t.data + t->s, t->e - t->s);
	}
}

static int
intern_text(struct quotes_doc *d, size_t b, size_t e, int lower, int kind,
    int role, int gender)
{
	tok_text(d, b, e, lower);
	return spk_intern(d, d->scratch2.data ? d->scratch2.data : "",
	    d->scratch2.len, kind, role, gender);
}

/*
 * A mention starting at token I (before LIM): a pronoun, a relative, an
 * alias, a group, an organisation or a person.  0 if none.
 */
static int
mention_at(struct quotes_doc *d, size_t i, size_t lim, struct mention *m)
{
	const struct lent *e;
	size_t n, b = i;
	uint32_t cls;

	if (!tok_word(d, i, lim))
		return 0;
	cls = tok_cls(d, i);
	memset(m, 0, sizeof(*m));
	m->spk = -1;
	if (cls & C_PRONOUN) {
		m->b = i;
		m->e = i + 1;
		m->type = M_PRON;
		m->gender = d->toks[i].ent->pron;
		return 1;
	}
	if ((cls & C_RELATIVE) && !tok_is(d, i, "that")) {
		m->b = i;
		m->e = i + 1;
		m->type = M_REL;
		return 1;
	}
	if ((cls & C_DET) && tok_word(d, i + 1, lim))
		i++;
	/* "the local authority", "the unitary authority": a word that
	 * names the kind of body, not another one ("the neighbouring
	 * council" is not the council named last) */
	if (b < i && tok_word(d, i + 1, lim) &&
	    !(d->toks[i].fl & T_CAP) && !(d->toks[i + 1].fl & T_CAP) &&
	    (tok_is(d, i, "local") || tok_is(d, i, "unitary") ||
	    tok_is(d, i, "city") || tok_is(d, i, "district") ||
	    tok_is(d, i, "metropolitan")) &&
	    d->toks[i + 1].bent && (d->toks[i + 1].bent->cls & C_ORGWORD))
		i++;
	if ((n = match(d, i, lim, C_ALIAS, &e)) > 0) {
		m->b = b;
		m->e = i + n;
		m->type = S_ALIAS;
		if (!e->alias_desc)
			note_named(d, e);
		{
			const char *sn = e->alias_desc ?
			    description_speaker(d, e) : e->speaker;

			m->spk = spk_intern(d, sn, strlen(sn), S_ALIAS,
			    e->alias_role, G_NONE);
		}
		m->poss = (d->toks[i + n - 1].fl & T_POSS) != 0;
		return 1;
	}
	if ((n = match(d, i, lim, C_GROUP, &e)) > 0) {
		m->b = b;
		m->e = i + n;
		m->type = S_GROUP;
		m->spk = intern_text(d, i, i + n, 1, S_GROUP, e->group_role,
		    G_NONE);
		m->poss = (d->toks[i + n - 1].fl & T_POSS) != 0;
		return 1;
	}
	/* "the council", "council", "the charity", "the trust" */
	if (d->toks[i].bent && (d->toks[i].bent->cls & C_ORGWORD) &&
	    !(d->toks[i].fl & T_CAP) && (b < i || tok_is(d, i, "council") ||
	    tok_is(d, i, "council's") || tok_is(d, i, "council'")) &&
	    !(tok_word(d, i + 1, lim) && (d->toks[i + 1].ent &&
	    (d->toks[i + 1].ent->cls & C_ORGWORD)))) {
		int role = d->toks[i].bent->org_role;
		int lo = last_org_of(d, role);

		m->b = b;
		m->e = i + 1;
		m->type = S_ORG;
		m->spk = lo >= 0 ? lo : intern_text(d, i, i + 1, 1, S_ORG,
		    role, G_NONE);
		if (lo < 0 && d->toks[i].bl != d->toks[i].ll)
			m->spk = spk_intern(d, d->low.data + d->toks[i].lo,
			    d->toks[i].bl, S_ORG, role, G_NONE);
		m->poss = (d->toks[i].fl & T_POSS) != 0;
		return 1;
	}
	if (!(d->toks[i].fl & T_CAP))
		return 0;
	/* a run of capitalised words */
	{
		size_t rb = i, re = i, k, ntitle = 0, cut;
		int org_role = 0, gender = G_NONE, person;

		if ((cls & C_NOTNAME) && !(cls & C_TITLE))
			return 0;
		while (tok_word(d, re, lim)) {
			const struct tok *t = &d->toks[re];

			if (t->fl & T_CAP) {
				re++;
				if (t->fl & T_POSS)
					break;
			} else if (re > rb && is_connector(d, re) &&
			    tok_word(d, re + 1, lim) &&
			    (d->toks[re + 1].fl & T_CAP))
				re++;
			else
				break;
		}
		for (k = rb; k < re; k++) {
			const struct lent *be = d->toks[k].bent;

			if (be && (be->cls & C_ORGWORD) && !org_role)
				org_role = be->org_role;
		}
		/* "Essex council", "Essex County Council" */
		if (!org_role && tok_word(d, re, lim) && d->toks[re].bent &&
		    (d->toks[re].bent->cls & C_ORGWORD) &&
		    d->toks[re].bent->org_role == QUOTES_ROLE_COUNCIL) {
			org_role = QUOTES_ROLE_COUNCIL;
			re++;
		}
		if (org_role) {
			size_t ob = rb;

			if (tok_is(d, ob, "the") && ob + 1 < re)
				ob++;
			m->b = b;
			m->e = re;
			m->type = S_ORG;
			/* the name without a possessive ending */
			tok_text(d, ob, re, 0);
			{
				const struct tok *lt = &d->toks[re - 1];
				size_t cutn = lt->ll - lt->bl;
				struct buf *tmp = &d->scratch2;

				if (cutn && tmp->len >= cutn)
					tmp->len -= cutn + (tmp->len >= cutn + 1 &&
					    (unsigned char)tmp->data[tmp->len - cutn - 1]
					    >= 0x80 ? 2 : 0);
				m->spk = spk_intern(d, tmp->data ? tmp->data : "",
				    tmp->len, S_ORG, org_role, G_NONE);
			}
			m->poss = (d->toks[re - 1].fl & T_POSS) != 0;
			return 1;
		}
		/* drop connectors: a person's name has none */
		for (k = rb; k < re; k++)
			if (!(d->toks[k].fl & T_CAP))
				break;
		if (k < re) {
			/* keep the piece with a forename, else the last */
			size_t pb = rb, best_b = rb, best_e = k;

			while (pb < re) {
				size_t pe = pb, q;
				int fn = 0;

				while (pe < re && (d->toks[pe].fl & T_CAP))
					pe++;
				for (q = pb; q < pe; q++)
					if (tok_cls(d, q) & C_FORENAME)
						fn = 1;
				if (pe > pb) {
					best_b = pb;
					best_e = pe;
					if (fn)
						break;
				}
				pb = pe;
				while (pb < re && !(d->toks[pb].fl & T_CAP))
					pb++;
			}
			rb = best_b;
			re = best_e;
		}
		while (rb < re && (tok_cls(d, rb) & C_TITLE)) {
			if (d->toks[rb].ent->title_g)
				gender = d->toks[rb].ent->title_g;
			rb++;
			ntitle++;
		}
		/* a long run: start at a forename after its first word */
		if (re - rb >= 3)
			for (k = rb + 1; k + 1 < re; k++)
				if (tok_cls(d, k) & C_FORENAME) {
					rb = k;
					break;
				}
		cut = re;
		if (rb >= re)
			return 0;
		for (k = rb; k < re; k++) {
			uint32_t c2 = tok_cls(d, k);

			if ((c2 & C_NOTNAME) || all_caps(d, d->toks[k].s,
			    d->toks[k].e))
				return 0;
		}
		person = (re - rb >= 2) || ntitle > 0;
		if (person && re - rb == 1) {
			/* "Ms Farrell": the person named in full earlier */
			const struct tok *t = &d->toks[rb];
			int sp = spk_by_surname(d, d->t.data + t->s,
			    (size_t)(t->e - t->s) - (t->ll - t->bl));

			if (sp >= 0) {
				m->b = b;
				m->e = re;
				m->type = S_PERSON;
				m->spk = sp;
				m->gender = d->spks[sp].gender;
				m->poss = (t->fl & T_POSS) != 0;
				return 1;
			}
		}
		if (!person) {
			/* a surname already known */
			const struct tok *t = &d->toks[rb];
			size_t wl = t->e - t->s;
			int sp;

			if (t->fl & T_POSS) {
				size_t back = t->ll - t->bl;

				/* ’s is 4 bytes, 's 2, ’ 3, ' 1 */
				while (back > 0 && wl > 0) {
					unsigned char ch = (unsigned char)
					    d->t.data[t->s + wl - 1];

					wl--;
					if (ch < 0x80 || (ch & 0xC0) == 0xC0)
						back--;
				}
			}
			sp = spk_by_surname(d, d->t.data + t->s, wl);
			if (sp < 0)
				return 0;
			m->b = b;
			m->e = rb + 1;
			m->type = S_PERSON;
			m->spk = sp;
			m->gender = d->spks[sp].gender;
			m->poss = (t->fl & T_POSS) != 0;
			return 1;
		}
		if (tok_cls(d, rb) & C_FORENAME)
			gender = d->toks[rb].ent->name_g;
		m->b = b;
		m->e = cut;
		m->type = S_PERSON;
		m->poss = (d->toks[re - 1].fl & T_POSS) != 0;
		{
			/* the name as written, possessive ending cut */
			const struct tok *lt = &d->toks[re - 1];
			size_t end = lt->e;

			if (lt->fl & T_POSS) {
				size_t back = lt->ll - lt->bl;

				while (back > 0 && end > lt->s) {
					unsigned char ch = (unsigned char)
					    d->t.data[end - 1];

					end--;
					if (ch < 0x80 || (ch & 0xC0) == 0xC0)
						back--;
				}
			}
			buf_clear(&d->scratch);
			buf_add(&d->scratch, d->t.data + d->toks[rb].s,
			    end - d->toks[rb].s);
			/* one space between words */
			{
				struct buf *tmp = &d->scratch2;
				size_t q;
				int sp = 0;

				buf_clear(tmp);
				for (q = 0; q < d->scratch.len; q++) {
					char ch = d->scratch.data[q];

					if (ch == ' ' || ch == '\n' || ch == '\t') {
						sp = 1;
						continue;
					}
					if (sp)
						buf_addc(tmp, ' ');
					sp = 0;
					buf_addc(tmp, ch);
				}
				m->spk = spk_intern(d, tmp->data ? tmp->data : "",
				    tmp->len, S_PERSON, QUOTES_ROLE_NONE, gender);
			}
		}
		m->gender = d->spks[m->spk].gender;
		return 1;
	}
}

/* ------------------------------------------------------ discourse state */

static void
state_mention(struct quotes_doc *d, const struct mention *m)
{
	int i;

	switch (m->type) {
	case S_PERSON:
		for (i = 0; i < 7 && d->recent[i] != m->spk; i++)
			;
		for (; i > 0; i--)
			d->recent[i] = d->recent[i - 1];
		d->recent[0] = m->spk;
		break;
	case S_ALIAS:
	case S_ORG:
		d->last_org = m->spk;
		d->last_plural = m->spk;
		break;
	case S_GROUP:
		d->last_plural = m->spk;
		break;
	default:
		break;
	}
}

/* the speaker a pronoun mention stands for, or -1 */
static int
resolve_pronoun(struct quotes_doc *d, const struct mention *m, size_t row)
{
	int i;

	switch (m->gender) {
	case G_M:
	case G_F:
		for (i = 0; i < 8 && d->recent[i] >= 0; i++) {
			int g = d->spks[d->recent[i]].gender;

			if (g == G_NONE || g == m->gender)
				return d->recent[i];
		}
		return -1;
	case G_N:
		if (d->spk_org >= 0 && d->rows[row].par - d->spk_org_par <= 3)
			return d->spk_org;
		return d->last_org;
	case G_P:
		if (d->spk_plural >= 0 && d->rows[row].par - d->spk_plural_par <= 3)
			return d->spk_plural;
		return d->last_plural;
	case G_S:
		return d->rows[row].sec == QUOTES_COMMENT ? d->author_spk : -1;
	default:
		return -1;
	}
}

/* ------------------------------------------------------ cue subjects */

/* a quotation of four words or fewer ('outstanding' council) */
static int
quot_short(const struct quotes_doc *d, const struct quot *q)
{
	size_t p = q->open_at + q->open_len, w = 0, len;
	int inword = 0;

	while (p < q->close_at) {
		int32_t c = cp_at(d, p);

		utf8_decode_lenient((const unsigned char *)d->t.data + p,
		    d->t.len - p, &len);
		if (is_alnum(c) && !inword && ++w > 4)
			return 0;
		inword = is_alnum(c) || (inword && (c == '\'' || c == 0x2019 ||
		    c == '-'));
		p += len;
	}
	return 1;
}

static int cue_valid(struct quotes_doc *, size_t, size_t, size_t, size_t);

static int
is_punct(const struct quotes_doc *d, size_t i, int32_t c)
{
	return !(d->toks[i].fl & T_WORD) && d->toks[i].cp == c;
}

static int
is_comma_like(const struct quotes_doc *d, size_t i)
{
	int32_t c = d->toks[i].cp;

	if (d->toks[i].fl & (T_WORD | T_QOPEN | T_QCLOSE))
		return 0;
	return c == ',' || c == 0x2013 || c == 0x2014 || c == '(' ||
	    c == ')' || (c == '-' && i > 0 && d->toks[i - 1].e < d->toks[i].s);
}

/* a role cue in tokens [b, e): its role, else 0; *RB, *RE its tokens */
static int
find_rolecue(struct quotes_doc *d, size_t b, size_t e, size_t *rb,
    size_t *re)
{
	size_t i, n;
	const struct lent *le;

	for (i = b; i < e; i++) {
		if ((n = match(d, i, e, C_ROLECUE, &le)) > 0) {
			if (rb) {
				*rb = i;
				*re = i + n;
			}
			return le->rolecue_role;
		}
	}
	return 0;
}

/* the role of an organisation or alias named in [b, e), else 0 */
static int
find_orgrole(struct quotes_doc *d, size_t b, size_t e, int *spk)
{
	size_t i;
	struct mention m;

	for (i = b; i < e; i++) {
		/* (one call: mention_at() asked again at once gives the same
		 * mention and changes nothing more) */
		if (!mention_at(d, i, e, &m))
			continue;
		if (m.type == S_ORG || m.type == S_ALIAS) {
			if (spk)
				*spk = m.spk;
			return d->spks[m.spk].role;
		}
		if (m.e > i + 1)
			i = m.e - 1;
	}
	return 0;
}

static int
words_skippable(struct quotes_doc *d, size_t i)
{
	return (tok_cls(d, i) & (C_CONJ | C_SKIP)) != 0;
}

/* "spokesperson", "council spokesman" */
static int
has_spokes(const struct quotes_doc *d, size_t b, size_t e)
{
	for (; b < e; b++)
		if (d->toks[b].ll >= 6 &&
		    memcmp(d->low.data + d->toks[b].lo, "spokes", 6) == 0)
			return 1;
	return 0;
}

/*
 * A spokesperson speaks for an organisation.  For the role cue [RB, RE)
 * when it is one ("a spokesman", "a spokeswoman"): the organisation of
 * "for X" right after it ("a spokeswoman for the Department for
 * Education"), else, with no "for" at all, the organisation named last
 * ("Hull City Council said ... A spokesman said").  -1: not a spokesperson,
 * or "for" someone else ("a spokesman for the family").
 */
static int
spokes_org(struct quotes_doc *d, size_t rb, size_t re, size_t lim)
{
	int ospk = -1;

	if (!has_spokes(d, rb, re))
		return -1;
	if (re < lim && tok_is(d, re, "for")) {
		find_orgrole(d, re + 1, re + 8 < lim ? re + 8 : lim, &ospk);
		return ospk;
	}
	return last_org_of(d, -1);
}

/* the comma-separated segment just before token B (apposition), if any */
static void
seg_before(const struct quotes_doc *d, size_t b, size_t tb, size_t *sb,
    size_t *se)
{
	*sb = *se = b;
	if (b <= tb || !is_comma_like(d, b - 1))
		return;
	*se = b - 1;
	*sb = *se;
	while (*sb > tb && (d->toks[*sb - 1].fl & T_WORD) &&
	    !(d->toks[*sb - 1].fl & T_INQ))
		(*sb)--;
}

/* the segment before B, after a comma, starts with a person's name */
static int
person_before(struct quotes_doc *d, size_t b, size_t tb)
{
	size_t ab, ae;
	struct mention m;

	seg_before(d, b, tb, &ab, &ae);
	return ae > ab && mention_at(d, ab, ae, &m) && m.type == S_PERSON;
}

/* give a person the role found around it */
static void
person_role(struct quotes_doc *d, int spk, int role)
{
	if (spk >= 0 && d->spks[spk].kind == S_PERSON && role &&
	    (d->spks[spk].role == QUOTES_ROLE_NONE ||
	    d->spks[spk].role == QUOTES_ROLE_OTHER))
		d->spks[spk].role = role;
}

/* the role for a person from cues and organisations in [b, e) */
static int
zone_role(struct quotes_doc *d, size_t b, size_t e)
{
	int rc = find_rolecue(d, b, e, NULL, NULL);
	int ro = find_orgrole(d, b, e, NULL);

	if (rc && rc != QUOTES_ROLE_OTHER)
		return rc;
	if (ro && ro != QUOTES_ROLE_OTHER)
		return ro;
	return rc ? rc : ro;
}

/* the speaker a mention stands for (pronouns resolved), or -1 */
static int
mention_speaker(struct quotes_doc *d, const struct mention *m, size_t row)
{
	if (m->type == M_PRON)
		return resolve_pronoun(d, m, row);
	if (m->type == M_REL)
		return -1;
	return m->spk;
}

/*
 * The subject of a segment [b, e) of words before a cue: the head mention
 * at its start followed by a preposition, or the mention that ends it.
 * STRICT: only a segment that is the mention (beyond the first segment).
 */
static int
seg_subject(struct quotes_doc *d, size_t b, size_t e, size_t row, int strict,
    int relative, struct mention *out)
{
	struct mention m, last;
	size_t i = b;
	int have = 0, first = 1;

	while (i < e && words_skippable(d, i))
		i++;
	if (i >= e)
		return 0;
	for (; i < e; ) {
		if (!(d->toks[i].fl & T_WORD) || (d->toks[i].fl & T_INQ)) {
			i++;
			first = 0;
			continue;
		}
		if (mention_at(d, i, e, &m) && m.type != M_REL) {
			int after_prep = i > b && (tok_cls(d, i - 1) & C_PREP);

			if (first && !m.poss && (m.e == e ||
			    (tok_cls(d, m.e) & C_PREP))) {
				struct mention by;

				/* "a report by the LGA": the author speaks */
				if (m.e + 1 < e && tok_is(d, m.e, "by") &&
				    mention_at(d, m.e + 1, e, &by) &&
				    by.type != M_PRON && by.type != M_REL) {
					*out = by;
					return 1;
				}
				*out = m;
				return 1;
			}
			if (!m.poss && (!after_prep || relative) && m.e == e) {
				last = m;
				have = 1;
			}
			i = m.e;
			first = 0;
			continue;
		}
		i++;
		first = 0;
	}
	if (have && (!strict || relative || last.b == b)) {
		*out = last;
		return 1;
	}
	(void)row;
	return 0;
}

/*
 * Resolve the subject of the finite cue at token C (row ROW): the speaker
 * index, or -1.  *ROLE gets a role found in appositions.
 */
static int
cue_subject(struct quotes_doc *d, size_t c, size_t ncue, size_t row,
    int *passive)
{
	size_t tb = d->rows[row].tb, j = c, segb, sege;
	size_t zone_b = c, nseg = 0, total = 0;
	int empty_first = 0, relative = 0, role = 0, sp = -1;
	struct mention m;

	*passive = 0;
	while (j > tb && tok_word(d, j - 1, c) &&
	    (tok_cls(d, j - 1) & (C_SKIP | C_BE)) && !(tok_cls(d, j - 1) &
	    (C_ALIAS | C_GROUP))) {
		if (tok_cls(d, j - 1) & C_BE)
			*passive = 1;
		j--;
	}
	if (*passive) {
		/* "was described by inspectors as" */
		size_t k, lim = d->rows[row].te;

		for (k = c + ncue; k < lim && k < c + ncue + 12; k++) {
			if (!tok_word(d, k, lim))
				break;
			if (tok_is(d, k, "by") && mention_at(d, k + 1, lim, &m)) {
				sp = mention_speaker(d, &m, row);
				if (sp >= 0)
					person_role(d, sp, zone_role(d, m.e,
					    lim));
				return sp;
			}
		}
		return -1;
	}
	/* segments leftwards */
	sege = j;
	while (nseg < 6 && total < 40) {
		int hard = 0;

		segb = sege;
		while (segb > tb) {
			const struct tok *t = &d->toks[segb - 1];

			if (t->fl & (T_QOPEN | T_QCLOSE)) {
				/* a short quotation inside a subject is a word */
				const struct quot *q = &d->quots[t->q];

				if ((t->fl & T_QCLOSE) && q->tok_open >= tb &&
				    quot_short(d, q) &&
				    q->prev < 0 && q->tok_open > tb &&
				    tok_word(d, q->tok_open - 1, c)) {
					segb = q->tok_open;
					continue;
				}
				hard = 1;
				break;
			}
			if (t->fl & T_INQ) {
				hard = 1;
				break;
			}
			if (t->fl & T_WORD) {
				if (tok_is(d, segb - 1, "that") ||
				    ((tok_cls(d, segb - 1) & C_CUE) &&
				    segb - 1 != c && cue_valid(d, segb - 1, 1,
				    tb, d->rows[row].te))) {
					hard = 1;
					break;
				}
				segb--;
				total++;
				continue;
			}
			if (is_comma_like(d, segb - 1))
				break;
			hard = 1;
			break;
		}
		if (segb == sege) {
			if (nseg == 0)
				empty_first = 1;
		} else {
			if (mention_at(d, segb, sege, &m) && m.type == M_REL) {
				/* "who said", and "who have improved ..., X
				 * said": a relative clause is no subject */
				relative = 1;
			} else {
				struct mention s;
				int rc = 0;
				size_t rb = 0, re = 0;

				rc = find_rolecue(d, segb, sege, &rb, &re);
				/* (a name that holds the role cue is the
				 * speaker, "the Children's Commissioner
				 * said", unless it is an apposition to a
				 * person before it) */
				if (seg_subject(d, segb, sege, row,
				    nseg > 0 && !empty_first && !relative,
				    relative, &s) && (rc == 0 ||
				    s.type == S_PERSON || s.type == M_PRON ||
				    (s.type == S_ALIAS && s.b <= rb &&
				    s.e >= re &&
				    !person_before(d, segb, tb)))) {
					sp = mention_speaker(d, &s, row);
					if (sp >= 0 && d->spks[sp].kind ==
					    S_PERSON) {
						size_t ab, ae;
						int r2;

						seg_before(d, segb, tb, &ab, &ae);
						r2 = role ? role : zone_role(d,
						    zone_b > segb ? segb : zone_b, c);
						if (!r2 && ae > ab)
							r2 = zone_role(d, ab, ae);
						person_role(d, sp, r2);
					}
					return sp;
				}
				if (rc) {
					int ospk = -1;

					find_orgrole(d, segb, sege, &ospk);

					if (role == 0)
						role = rc;
					/* "a spokesperson for X" speaks as X */
					if (ospk >= 0 && has_spokes(d, rb, re))
						return ospk;
					/* (the first segment, or the one
					 * before a relative clause: "a
					 * mother, who ..., said") */
					int first = nseg == 0 || (relative &&
					    nseg - (size_t)empty_first == 1);

					if (first && !hard && segb > tb &&
					    is_comma_like(d, segb - 1)) {
						/* apposition: go on left
						 * ("Jane Smith, a mother,
						 * who ..., said") */
					} else if (first) {
						/* (or before "who asked not
						 * to be named": "one social
						 * worker") */
						int so = spokes_org(d, rb, re,
						    c);

						return so >= 0 ? so :
						    intern_text(d, rb, re, 1,
						    S_ROLE, rc, G_NONE);
					}
				} else if (nseg == 0 && !empty_first) {
					/* words, no mention: stop, unless
					 * only a few */
					if (sege - segb > 3)
						return -1;
				} else if (nseg > 0 && sege - segb > 6 &&
				    !(tok_cls(d, segb) & C_DET) &&
				    !(d->toks[segb].fl & T_POSS))
					return -1;	/* not an apposition */
			}
		}
		zone_b = segb;
		nseg++;
		if (hard || segb == tb)
			break;
		sege = segb - 1;	/* skip the comma */
	}
	return -1;
}

/*
 * A title and then a name after a cue: "said council leader Eamonn Smith",
 * "said the council leader, Eamonn Smith", "said Labour councillor Jane
 * Doe", "said Ofsted's chief inspector, Amanda Spielman", "said the
 * council's director of children's services, Jane Doe".  From K: up to
 * eight words (no cue, verb be, conjunction or pronoun; prepositions, as
 * role cues have them) that end in a role cue, an optional comma, then a
 * person named in full.  Returns the person, given the title's role; -2
 * when the words are not that shape.
 * (The words before the cue can be a mention of their own, "council" or
 * "Labour", which the loop in cue_subject_after would take as the
 * speaker.)
 */
static int
title_then_name(struct quotes_doc *d, size_t k, size_t row)
{
	size_t lim = d->rows[row].te, j, rb, re, n;
	struct mention m;

	for (j = k; j < lim && j - k < 8 && tok_word(d, j, lim) &&
	    !(tok_cls(d, j) & (C_CUE | C_BE | C_CONJ | C_PRONOUN |
	    C_RELATIVE)); j++)
		;
	if (!find_rolecue(d, k, j, &rb, &re))
		return -2;
	/* the cue ends the title: nothing but the name after it */
	while (re < j && find_rolecue(d, re, j, &rb, &re))
		;
	n = re;
	if (n < lim && is_punct(d, n, ','))
		n++;
	else if (n < j && !(d->toks[n].fl & T_CAP))
		return -2;
	if (!mention_at(d, n, lim, &m) || m.type != S_PERSON || m.b != n ||
	    m.poss)
		return -2;
	person_role(d, m.spk, zone_role(d, k, re));
	state_mention(d, &m);
	return m.spk;
}

/* the subject after an inverted cue ("said the report"), or -1 */
static int
cue_subject_after(struct quotes_doc *d, size_t k, size_t row)
{
	size_t lim = d->rows[row].te, e;
	struct mention m;
	int sp;

	size_t k0 = k, skipped = 0;

	if ((sp = title_then_name(d, k, row)) != -2)
		return sp;

	/* "said headteacher Anne Clark", "said council leader Tom Brown" */
	while (!mention_at(d, k, lim, &m) || m.type == M_REL) {
		if (skipped == 3 || !tok_word(d, k, lim) ||
		    (d->toks[k].fl & T_CAP) || (tok_cls(d, k) & (C_CUE |
		    C_PREP | C_BE | C_CONJ))) {
			/* "said one mother, who ...": a role alone */
			size_t rb, re;
			int rc = skipped ? find_rolecue(d, k0, k, &rb, &re) : 0;
			int so;

			if (rc && re == k) {
				so = spokes_org(d, rb, re, lim);
				return so >= 0 ? so : intern_text(d, rb, re, 1,
				    S_ROLE, rc, G_NONE);
			}
			return -1;
		}
		k++;
		skipped++;
	}
	if (skipped && (m.type != S_PERSON))
		return -1;
	if (m.type == M_PRON)
		return resolve_pronoun(d, &m, row);
	/* "according to a report by the Local Government Association":
	 * the report (Ofsted's, by default) is the named body's */
	if (m.type == S_ALIAS && m.e + 1 < lim && (tok_is(d, m.e, "by") ||
	    tok_is(d, m.e, "from"))) {
		struct mention m2;

		if (mention_at(d, m.e + 1, lim, &m2) && !m2.poss &&
		    (m2.type == S_ORG || m2.type == S_ALIAS ||
		    m2.type == S_PERSON))
			m = m2;
	}
	if (skipped)
		person_role(d, m.spk, zone_role(d, k0, m.e));
	for (e = m.e; e < lim && (d->toks[e].fl & T_WORD); e++)
		;
	if (m.spk >= 0 && d->spks[m.spk].kind == S_PERSON) {
		int r2 = zone_role(d, m.b, m.e);

		if (!r2 && e < lim && is_comma_like(d, e)) {
			size_t f = e + 1;

			while (f < lim && !is_punct(d, f, '.') &&
			    !is_comma_like(d, f) &&
			    !(d->toks[f].fl & (T_QOPEN | T_QCLOSE)))
				f++;
			r2 = zone_role(d, e + 1, f);
		}
		person_role(d, m.spk, r2);
	}
	state_mention(d, &m);
	return m.spk;
}

/* is the word at I, matched as a cue of N tokens, really one? */
static int
cue_valid(struct quotes_doc *d, size_t i, size_t n, size_t tb, size_t te)
{
	uint32_t cls = tok_cls(d, i);

	if (i + n < te && tok_is(d, i + n, "to") && n == 1)
		return 0;			/* found to be, went on to */
	if (i > tb && tok_word(d, i - 1, te) && ((tok_cls(d, i - 1) &
	    (C_DET | C_PREP)) || (d->toks[i - 1].fl & T_POSS)) &&
	    !(tok_cls(d, i - 1) & C_PRONOUN && !(tok_cls(d, i - 1) & C_DET)))
		return 0;			/* the report, to find */
	if (cls & (C_ALIAS | C_GROUP)) {
		/* a noun that is also a verb: report, reports */
		if (i == tb || !tok_word(d, i - 1, te))
			return 0;
		if (i + n < te && tok_word(d, i + n, te) &&
		    (tok_cls(d, i + n) & (C_CUE | C_SKIP | C_BE)))
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------- rows */

/* can a cue or a mention start at a word with this entry? */
static inline int
starts_something(const struct lent *e)
{
	const uint32_t start = C_CUE | C_ALIAS | C_GROUP | C_PRONOUN |
	    C_RELATIVE | C_ORGWORD | C_DET | C_TITLE;

	return e != NULL && ((e->cls & start) || (e->pcls & start));
}

/* remember the last organisation / group that spoke, for it and they */
static void
note_speaker(struct quotes_doc *d, int sp, int par)
{
	int k = d->spks[sp].kind;

	if (k == S_ALIAS || k == S_ORG) {
		d->spk_org = sp;
		d->spk_org_par = par;
	}
	if (k == S_ALIAS || k == S_ORG || k == S_GROUP) {
		d->spk_plural = sp;
		d->spk_plural_par = par;
	}
}

/*
 * A person's role from the words around the name: a title just before it
 * ("council leader Tom Brown") or an apposition on either side ("Maria
 * Lopez, director of children's services, ..."; "The council leader, Ian
 * Hunt, ...").
 */
static void
mention_role(struct quotes_doc *d, const struct mention *m, size_t tb,
    size_t te)
{
	size_t b = m->b, k, ab, ae;
	int r = zone_role(d, m->b, m->e);

	if (d->spks[m->spk].role != QUOTES_ROLE_NONE &&
	    d->spks[m->spk].role != QUOTES_ROLE_OTHER)
		return;
	for (k = 0; !r && k < 4 && b > tb && tok_word(d, b - 1, te) &&
	    !(tok_cls(d, b - 1) & (C_CUE | C_PREP)); k++)
		b--;
	if (!r && b < m->b)
		r = zone_role(d, b, m->b);
	if (!r && m->e < te && is_comma_like(d, m->e)) {
		k = m->e + 1;
		while (k < te && (d->toks[k].fl & T_WORD) &&
		    !(d->toks[k].fl & T_INQ))
			k++;
		if (k > m->e + 1 && !(tok_cls(d, m->e + 1) & C_RELATIVE))
			r = zone_role(d, m->e + 1, k);
	}
	if (!r) {
		seg_before(d, m->b, tb, &ab, &ae);
		if (ae > ab)
			r = zone_role(d, ab, ae);
	}
	person_role(d, m->spk, r);
}

/*
 * The cue at I (N tokens) right after a comma and followed by a name that
 * ends the sentence or its clause: "..., says Ofsted.", "..., said Jane
 * Smith, who ...".  Such a cue is inverted: its subject is that name, not
 * the words before the comma ("vulnerable children, says Ofsted").
 */
static int
inverted_after_comma(struct quotes_doc *d, size_t i, size_t n, size_t tb,
    size_t lim)
{
	size_t k = i + n;
	struct mention m;

	if (i <= tb || !is_punct(d, i - 1, ','))
		return 0;
	if (k < lim && (tok_cls(d, k) & C_DET))
		k++;
	if (k >= lim || !(d->toks[k].fl & T_CAP) ||
	    !mention_at(d, k, lim, &m) || m.type == M_PRON ||
	    m.type == M_REL || m.poss)
		return 0;
	return m.e >= lim || !(d->toks[m.e].fl & T_WORD);
}

static void
scan_row(struct quotes_doc *d, size_t row)
{
	struct row *r = &d->rows[row];
	size_t i = r->tb;
	int last_finite = -1, fin_spk = -1;
	struct mention m;

	r->cb = d->ncues;
	while (i < r->te) {
		const struct lent *e;
		size_t n;

		const struct tok *t = &d->toks[i];

		/* plain words (of, to, was, caseloads) start nothing */
		if (!tok_word(d, i, r->te) || (!(t->fl & T_CAP) &&
		    !starts_something(t->ent) && !starts_something(t->bent))) {
			i++;
			continue;
		}
		if ((n = match(d, i, r->te, C_CUE, &e)) > 0 &&
		    cue_valid(d, i, n, r->tb, r->te)) {
			struct cue *c;
			int sp = -1, passive = 0;

			if (e->cuetype == CUE_AFTER) {
				size_t k = i + n;

				if (k < r->te && (tok_cls(d, k) & C_DET))
					k++;
				sp = cue_subject_after(d, i + n, row);
			} else if (e->cuetype == CUE_PART) {
				/* "with inspectors praising": a subject of its own */
				size_t b = i;
				struct mention pm;

				sp = last_finite;
				while (b > r->tb && tok_word(d, b - 1, i) &&
				    i - b < 4)
					b--;
				for (; b < i; b++)
					if (mention_at(d, b, i, &pm) && pm.e == i &&
					    !pm.poss && pm.type != M_REL) {
						int s2 = mention_speaker(d, &pm, row);

						if (s2 >= 0)
							sp = s2;
						break;
					}
			} else if (inverted_after_comma(d, i, n, r->tb, r->te)) {
				/* "Council 'failing' children, says Ofsted" */
				sp = cue_subject_after(d, i + n, row);
				last_finite = sp;
			} else {
				size_t k = i;

				sp = cue_subject(d, i, n, row, &passive);
				/* nothing to the left: "…,” said the report */
				while (k > r->tb && !(d->toks[k - 1].fl &
				    T_WORD) && !(d->toks[k - 1].fl & T_QCLOSE))
					k--;
				if (sp < 0 && !passive && (k == r->tb ||
				    (d->toks[k - 1].fl & T_QCLOSE) ||
				    is_comma_like(d, i - 1)))
					sp = cue_subject_after(d, i + n, row);
				last_finite = sp;
			}
			GROW(d->cues, d->ncues, d->ccues);
			c = &d->cues[d->ncues++];
			c->tok = i;
			c->ntok = n;
			c->row = row;
			c->type = e->cuetype;
			c->spk = sp;
			c->fin_spk = fin_spk;
			if (c->type == CUE_FINITE && sp >= 0)
				fin_spk = sp;
			if (sp >= 0) {
				d->ctx_spk = sp;
				d->ctx_par = r->par;
				note_speaker(d, sp, r->par);
			}
			i += n;
			continue;
		}
		if (mention_at(d, i, r->te, &m)) {
			if (m.type == S_PERSON)
				mention_role(d, &m, r->tb, r->te);
			if (m.type != M_PRON && m.type != M_REL)
				state_mention(d, &m);
			i = m.e > i ? m.e : i + 1;
			continue;
		}
		i++;
	}
	r->ce = d->ncues;
}

/* ------------------------------------------------- comments quoting the article */

static void
norm_add(struct quotes_doc *d, struct buf *b, size_t from, size_t to,
    int owner)
{
	const unsigned char *s = (const unsigned char *)d->t.data;
	size_t p = from, len;

	while (p < to) {
		int32_t c;

		if (s[p] < 0x80) {
			/* ASCII: letters and digits, lower case */
			size_t at = b->len, k;
			char *o;

			buf_reserve(b, to - p + 1);
			o = b->data + b->len;
			while (p < to && s[p] < 0x80) {
				/* store every byte, keep only letters and
				 * digits (no branch to mispredict) */
				unsigned char ch = word_low[s[p++]];

				*o = (char)ch;
				o += ch != 0;
			}
			b->len = (size_t)(o - b->data);
			if (owner != -3) {
				if (d->cart < b->len) {
					d->cart = b->len * 2;
					d->art_owner = nf_xreallocarray(
					    d->art_owner, d->cart, sizeof(int));
				}
				for (k = at; k < b->len; k++)
					d->art_owner[k] = owner;
			}
			continue;
		}
		c = utf8_decode_lenient(s + p, d->t.len - p, &len);
		p += len;
		if (!is_alnum(c))
			continue;
		if (owner != -3) {
			size_t at = b->len;
			char enc[4];
			size_t k, el;

			el = utf8_encode(utf8_tolower(c), enc);
			buf_add(b, enc, el);
			if (d->cart < b->len) {
				d->cart = b->len * 2;
				d->art_owner = nf_xreallocarray(d->art_owner,
				    d->cart, sizeof(int));
			}
			for (k = at; k < b->len; k++)
				d->art_owner[k] = owner;
		} else {
			char enc[4];

			buf_add(b, enc, utf8_encode(utf8_tolower(c), enc));
		}
	}
}

/* the article's words (not its comments), normalised, with their owners */
static void
build_article(struct quotes_doc *d)
{
	size_t r, qi = 0;

	d->art_built = 1;
	buf_clear(&d->art);
	for (r = 0; r < d->nrows; r++) {
		const struct row *w = &d->rows[r];
		size_t p = w->off, end = w->off + w->len;

		if (w->sec == QUOTES_COMMENT || w->sec == QUOTES_COMMENTS_HEADER ||
		    w->sec == QUOTES_BOILERPLATE)
			continue;
		while (p < end) {
			const struct quot *q;

			while (qi < d->nquots && (d->quots[qi].depth != 0 ||
			    d->quots[qi].kind == K_LITERAL ||
			    d->quots[qi].close_at + d->quots[qi].close_len <= p))
				qi++;
			if (qi >= d->nquots || d->quots[qi].open_at >= end) {
				norm_add(d, &d->art, p, end, -1);
				break;
			}
			q = &d->quots[qi];
			if (q->open_at > p) {
				norm_add(d, &d->art, p, q->open_at, -1);
				p = q->open_at;
			}
			{
				size_t qe = q->close_at + q->close_len;

				if (qe > end)
					qe = end;
				norm_add(d, &d->art, p, qe, q->kind == K_SPEECH ?
				    q->speaker : -1);
				p = qe;
			}
		}
	}
}

/* first occurrence of NEEDLE in HAY (Knuth-Morris-Pratt: linear) */
static const char *
find_bytes(struct quotes_doc *d, const char *hay, size_t hn,
    const char *needle, size_t nn)
{
	size_t i, k = 0;

	if (nn == 0 || nn > hn)
		return NULL;
	if (d->cfail < nn) {
		d->cfail = nn;
		d->fail = nf_xreallocarray(d->fail, nn, sizeof(size_t));
	}
	d->fail[0] = 0;
	for (i = 1; i < nn; i++) {
		while (k > 0 && needle[i] != needle[k])
			k = d->fail[k - 1];
		if (needle[i] == needle[k])
			k++;
		d->fail[i] = k;
	}
	for (i = 0, k = 0; i < hn; i++) {
		while (k > 0 && hay[i] != needle[k])
			k = d->fail[k - 1];
		if (hay[i] == needle[k])
			k++;
		if (k == nn)
			return hay + i + 1 - nn;
	}
	return NULL;
}

/*
 * A comment's quotation [from, to) matched in the article: the speaker of
 * the words (the article's quotation's speaker, or "article"), or -2.
 */
static int
article_match(struct quotes_doc *d, size_t from, size_t to)
{
	const char *hit;
	size_t k, nq = 0, at;

	if (!d->art_built)
		build_article(d);
	buf_clear(&d->scratch);
	norm_add(d, &d->scratch, from, to, -3);
	if (d->scratch.len < 20 || d->art.len == 0)
		return -2;
	hit = find_bytes(d, d->art.data, d->art.len, d->scratch.data,
	    d->scratch.len);
	if (hit == NULL)
		return -2;
	at = (size_t)(hit - d->art.data);
	for (k = at; k < at + d->scratch.len; k++)
		if (d->art_owner[k] != -1)
			nq++;
	if (2 * nq > d->scratch.len && d->art_owner[at + d->scratch.len / 2] >= 0)
		return d->art_owner[at + d->scratch.len / 2];
	if (d->article < 0)
		d->article = spk_intern(d, "article", 7, S_ARTICLE,
		    QUOTES_ROLE_JOURNALIST, G_NONE);
	return d->article;
}

/* -------------------------------------------------------- classification */

/*
 * A quick test that a quotation has seven words or more (content_shape()
 * then has its answer): seven pieces between ASCII white space that hold
 * an ASCII letter or digit.  Each such piece holds a word of its own (white
 * space ends every word), so this never says yes wrongly; most quotations
 * are long, and it says yes after a glance at their first words.
 */
static int
seven_words(const struct quotes_doc *d, int head)
{
	const unsigned char *s = (const unsigned char *)d->t.data;
	size_t pieces = 0;
	int qi;

	for (qi = head; qi >= 0; qi = d->quots[qi].next) {
		const struct quot *q = &d->quots[qi];
		size_t p = q->open_at + q->open_len, end = q->close_at;
		int have = 0;

		for (; p < end; p++) {
			if (word_low[s[p]])
				have = 1;
			else if (s[p] < 0x80 && (ascii_cls[s[p]] & 1)) {
				if (have && ++pieces >= 7)
					return 1;
				have = 0;
			}
		}
		if (have && ++pieces >= 7)
			return 1;
	}
	return 0;
}

/*
 * The words of a quotation, read from its bytes (its words are no tokens):
 * how many, whether it reads as a sentence, whether every long word is
 * capitalised (a name in Title Case), and whether it is a grade word.
 *
 * Reading stops when a seventh word starts: from there the answer is
 * settled (six words make a sentence, a grade has at most six words, and
 * decide() reads the Title Case flag and the exact count only for shorter
 * quotations), so a long quotation costs no more than a short one.
 */
static void
content_shape(struct quotes_doc *d, int head, size_t *nwords, int *sentence,
    int *titlecase, int *grade)
{
	const unsigned char *s = (const unsigned char *)d->t.data;
	size_t nw = 0, ncap = 0, nlong = 0, ncaplong = 0, len, p, end;
	int inner_end = 0, after_stop = 0, qi, inword = 0, cap = 0;
	size_t wbytes = 0;
	int32_t c, lastc = -1;
	const struct lent *e;

	if (seven_words(d, head)) {
		*nwords = 7;
		*sentence = 1;
		*titlecase = *grade = 0;
		return;
	}
	buf_clear(&d->scratch);
	for (qi = head; qi >= 0; qi = d->quots[qi].next) {
		const struct quot *q = &d->quots[qi];

		p = q->open_at + q->open_len;
		end = q->close_at;
		while (p <= end) {
			c = p < end ? utf8_decode_lenient(s + p, d->t.len - p,
			    &len) : ' ';
			if (p == end)
				len = 1;
			if (is_alnum(c) || (inword && (c == '\'' || c == 0x2019 ||
			    c == '-') && p + len < end &&
			    is_alnum(cp_at(d, p + len)))) {
				if (!inword) {
					if (++nw > 6) {
						*nwords = nw;
						*sentence = 1;
						*titlecase = *grade = 0;
						return;
					}
					cap = c < 0x80 ? (ascii_cls[c] & 8) != 0 :
					    utf8_is_upper(c);
					if (after_stop && cap)
						inner_end = 1;
					after_stop = 0;
					wbytes = 0;
					if (d->scratch.len > 0)
						buf_addc(&d->scratch, ' ');
				}
				inword = 1;
				wbytes += len;
				if (nw <= 6)
					low_add_cp(&d->scratch, c);
			} else {
				if (inword) {
					ncap += cap;
					if (wbytes >= 4) {
						nlong++;
						ncaplong += cap;
					}
				}
				inword = 0;
				if (c == '.' || c == '!' || c == '?')
					after_stop = nw > 0;
				else if (!is_sp(c) && c != 0x2019 && c != '\'' &&
				    c != 0x201D && c != '"')
					after_stop = 0;
				if (p < end && !is_sp(c) && c != 0x2019 &&
				    c != '\'' && c != 0x201D && c != '"')
					lastc = c;
			}
			if (p < end && is_alnum(c))
				lastc = c;
			p += len;
		}
	}
	*nwords = nw;
	*sentence = nw >= 6 || inner_end || (nw >= 3 && (lastc == '.' ||
	    lastc == '!' || lastc == '?' || lastc == ',' || lastc == 0x2026));
	*titlecase = nlong >= 1 && ncaplong == nlong && ncap >= 2;
	*grade = 0;
	if (d->quots[head].next < 0 && nw > 0 && nw <= 6) {
		e = lex_get(d->lex, d->scratch.data, d->scratch.len);
		*grade = e != NULL && (e->cls & C_GRADE);
	}
}

/*
 * Count the word tokens before each token (d->wpre), once the document is
 * tokenised, so that the words between two tokens cost one subtraction:
 * counting them token by token for each quotation made a long row with
 * many quotations quadratic.
 */
static void
count_words(struct quotes_doc *d)
{
	size_t k, n = 0;

	if (d->cwpre < d->ntoks + 1) {
		d->cwpre = d->ntoks + 1;
		d->wpre = nf_xreallocarray(d->wpre, d->cwpre,
		    sizeof(*d->wpre));
	}
	for (k = 0; k < d->ntoks; k++) {
		d->wpre[k] = n;
		if (d->toks[k].fl & T_WORD)
			n++;
	}
	d->wpre[d->ntoks] = n;
}

/* number of words in tokens [a, b) */
static size_t
words_between(const struct quotes_doc *d, size_t a, size_t b)
{
	return b > a ? d->wpre[b] - d->wpre[a] : 0;
}

/*
 * words outside quotations in tokens [a, b): the words inside a quotation
 * are never tokens (tokenize() skips to its closing mark), so these are
 * all the words there
 */
static size_t
words_outside(const struct quotes_doc *d, size_t a, size_t b)
{
	return words_between(d, a, b);
}

/* Index of the first cue of row R at token TOK or after (R->ce: none). */
static size_t
first_cue_from(const struct quotes_doc *d, const struct row *r, size_t tok)
{
	size_t lo = r->cb, hi = r->ce, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->cues[mid].tok >= tok)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int
ctx_ok(const struct quotes_doc *d, int par)
{
	return d->ctx_spk >= 0 && par - d->ctx_par <= 2;
}

static void
set_cue(struct quotes_doc *d, struct quot *q, const struct cue *c)
{
	size_t k;

	/* the words of the cue, lower case, one space between */
	q->cue_off = d->names.len;
	for (k = c->tok; k < c->tok + c->ntok; k++) {
		if (k > c->tok)
			buf_addc(&d->names, ' ');
		buf_add(&d->names, d->low.data + d->toks[k].lo, d->toks[k].ll);
	}
	q->cue_len = d->names.len - q->cue_off;
}

static void
decide(struct quotes_doc *d, int head)
{
	struct quot *q = &d->quots[head], *last = q;
	size_t ro = q->row_open, rc, tb, k, nwords;
	int sec, sentence, titlecase, grade, kind, spk = -1, qi;
	int attributed = 0, name = 0, starts;
	const struct cue *cue = NULL;
	int cue_after = 0;
	const struct lent *e;

	while (last->next >= 0)
		last = &d->quots[last->next];
	rc = last->row_close;
	sec = d->rows[ro].sec;
	tb = d->rows[ro].tb;
	content_shape(d, head, &nwords, &sentence, &titlecase, &grade);
	starts = words_outside(d, tb, q->tok_open) == 0;
	/* 1, 2: where it stands */
	if (sec == QUOTES_COMMENTS_HEADER || sec == QUOTES_BOILERPLATE ||
	    nwords == 0) {
		kind = K_SCARE;
		goto done;
	}
	if (sec == QUOTES_HEADING && last == q && starts && last->close_len &&
	    words_between(d, last->tok_close, d->rows[rc].te) == 0) {
		kind = K_TITLE;
		goto done;
	}
	/* 3: grades */
	if (grade) {
		kind = K_SCARE;
		goto done;
	}
	/* 4: names of programmes and initiatives */
	if (!sentence) {
		if (q->tok_open > tb && tok_word(d, q->tok_open - 1,
		    q->tok_open) && ((tok_cls(d, q->tok_open - 1) &
		    C_NAMEPREFIX) || tok_is(d, q->tok_open - 1, "called") ||
		    (q->tok_open > tb + 1 && match(d, q->tok_open - 2,
		    q->tok_open, C_NAMEPREFIX, &e) == 2)))
			name = 1;
		if (last->close_len && last->tok_close + 1 < d->rows[rc].te &&
		    tok_word(d, last->tok_close + 1, d->rows[rc].te) &&
		    (tok_cls(d, last->tok_close + 1) & C_NAMENOUN) &&
		    d->toks[last->tok_close].e == d->toks[last->tok_close + 1].s -
		    1)
			name = 1;
		if (titlecase && !starts)
			name = 1;
		if (name) {
			kind = K_SCARE;
			goto done;
		}
	}
	/* attribution: the reporting cue nearest the quotation */
	{
		const struct cue *before = NULL, *after = NULL;
		size_t db = SIZE_MAX, da = SIZE_MAX;
		const struct row *r;

		/* (a row's cues are in token order: binary searches) */
		r = &d->rows[ro];
		if ((k = first_cue_from(d, r, q->tok_open)) > r->cb)
			before = &d->cues[k - 1];
		r = &d->rows[rc];
		if (last->close_len &&
		    (k = first_cue_from(d, r, last->tok_close + 1)) < r->ce)
			after = &d->cues[k];
		if (before)
			db = words_between(d, before->tok + before->ntok,
			    q->tok_open);
		if (after)
			da = words_between(d, last->tok_close + 1, after->tok);
		if (after && starts && da <= 8)
			cue = after, cue_after = 1;
		else if (before && (!after || db <= da + 2 ||
		    (after->spk < 0 && before->spk >= 0)))
			cue = before;
		else if (after)
			cue = after, cue_after = 1;
	}
	if (cue) {
		attributed = 1;
		spk = cue->spk;
		if (spk < 0 && cue->type == CUE_PART) {
			/* "…,” inspectors observed, adding that … */
			if (cue->fin_spk >= 0)
				spk = cue->fin_spk;
		}
		if (spk < 0 && ctx_ok(d, q->par))
			spk = d->ctx_spk;
	} else {
		struct mention m;

		/* X: “…” */
		if (q->tok_open > tb + 1 && is_punct(d, q->tok_open - 1, ':')) {
			size_t b = q->tok_open - 1;

			size_t colon = q->tok_open - 1, s0;

			while (b > tb && tok_word(d, b - 1, q->tok_open))
				b--;
			for (s0 = b; s0 < colon && !attributed; s0++) {
				if (!mention_at(d, s0, colon, &m) ||
				    m.e != colon || m.type == M_REL)
					continue;
				spk = mention_speaker(d, &m, ro);
				attributed = spk >= 0;
				if (attributed)
					person_role(d, spk, zone_role(d, b, colon));
			}
		}
		/* “…” – X */
		if (!attributed && last->close_len &&
		    last->tok_close + 2 < d->rows[rc].te &&
		    !(d->toks[last->tok_close + 1].fl & T_WORD) &&
		    (d->toks[last->tok_close + 1].cp == 0x2013 ||
		    d->toks[last->tok_close + 1].cp == 0x2014 ||
		    d->toks[last->tok_close + 1].cp == '-') &&
		    mention_at(d, last->tok_close + 2, d->rows[rc].te, &m) &&
		    m.type != M_PRON && m.type != M_REL) {
			spk = m.spk;
			attributed = 1;
		}
	}
	/* speech or scare */
	{
		int art = -2;
		int dbl = q->level == L_DOUBLE || d->single_style;
		int headish = sec == QUOTES_HEADING || sec == QUOTES_HEADLINE ||
		    sec == QUOTES_CAPTION;

		if (!attributed && sec == QUOTES_COMMENT)
			art = article_match(d, q->open_at + q->open_len,
			    last->close_at);
		if (attributed || art != -2 || sentence)
			kind = K_SPEECH;
		else if (headish)
			kind = K_SCARE;
		else if (dbl && (ctx_ok(d, q->par) || nwords >= 5))
			kind = K_SPEECH;
		else
			kind = K_SCARE;
		if (kind != K_SPEECH)
			goto done;
		if (!attributed) {
			const struct quot *pq = d->prev_q >= 0 ?
			    &d->quots[d->prev_q] : NULL;

			if (art != -2)
				spk = art;
			else if (pq && pq->par == q->par && pq->cue_after &&
			    starts) {
				/* the second piece of an interrupted quotation */
				spk = pq->speaker;
				q->cue_off = pq->cue_off;
				q->cue_len = pq->cue_len;
			} else if (ctx_ok(d, q->par))
				spk = d->ctx_spk;
		}
	}
done:
	for (qi = head; qi >= 0; qi = d->quots[qi].next) {
		struct quot *p = &d->quots[qi];

		p->kind = (uint8_t)kind;
		if (kind != K_SPEECH)
			continue;
		if (qi == head) {
			p->number = 0;
			if (cue)
				set_cue(d, p, cue);
			p->cue_after = cue_after;
		} else {
			p->cue_off = q->cue_off;
			p->cue_len = q->cue_len;
		}
		p->speaker = spk;
		p->role = spk >= 0 ? d->spks[spk].role : QUOTES_ROLE_NONE;
		if (spk >= 0 && p->role == QUOTES_ROLE_NONE)
			p->role = QUOTES_ROLE_OTHER;
	}
	if (kind == K_SPEECH) {
		d->prev_q = head;
		if (spk >= 0) {
			d->ctx_spk = spk;
			d->ctx_par = last->par;
		}
	}
}

/* ---------------------------------------------------------------- run */

static void
detect_style(struct quotes_doc *d)
{
	size_t k, ndouble = 0, nlong = 0;

	for (k = 0; k < d->nquots; k++) {
		const struct quot *q = &d->quots[k];
		size_t j, spaces = 0;

		if (q->kind == K_LITERAL || q->depth != 0 ||
		    d->rows[q->row_open].sec == QUOTES_COMMENT)
			continue;
		if (q->level == L_DOUBLE) {
			ndouble++;
			continue;
		}
		for (j = q->open_at; j < q->close_at; j++)
			if (d->t.data[j] == ' ')
				spaces++;
		if (spaces >= 5)
			nlong++;
	}
	d->single_style = ndouble == 0 && nlong > 0;
}

static void
add_span(struct quotes_doc *d, size_t row, size_t s, size_t e, int qi)
{
	struct quotes_span *sp;
	const struct row *r = &d->rows[row];

	GROW(d->spans, d->nspans, d->cspans);
	sp = &d->spans[d->nspans++];
	sp->row = row;
	sp->start = s - r->off;
	sp->end = e - r->off;
	if (qi >= 0) {
		const struct quot *q = &d->quots[qi];

		sp->quote = 1;
		sp->number = q->number;
		/* strings are set after all growth of d->names / d->low */
		sp->speaker = (const char *)(uintptr_t)(q->speaker + 1);
		sp->role = q->role;
		sp->cue = (const char *)(uintptr_t)(size_t)qi;
	} else {
		sp->quote = 0;
		sp->number = 0;
		sp->speaker = NULL;
		sp->role = QUOTES_ROLE_NONE;
		sp->cue = NULL;
	}
}

static int
all_space(const struct quotes_doc *d, size_t a, size_t b)
{
	for (; a < b; a++)
		if (d->t.data[a] != ' ' && d->t.data[a] != '\t' &&
		    d->t.data[a] != '\n' && d->t.data[a] != '\r')
			return 0;
	return 1;
}

static void
make_spans(struct quotes_doc *d)
{
	size_t row, qi = 0, k;

	for (row = 0; row < d->nrows; row++) {
		const struct row *r = &d->rows[row];
		size_t rs = r->off, re = r->off + r->len, pos = rs;
		size_t first = d->nspans;
		int last_quote = 0;

		for (;;) {
			const struct quot *q;
			size_t qend, cs, ce;

			while (qi < d->nquots && (d->quots[qi].depth != 0 ||
			    d->quots[qi].kind != K_SPEECH ||
			    d->quots[qi].close_at + d->quots[qi].close_len < rs ||
			    (d->quots[qi].close_at + d->quots[qi].close_len == rs &&
			    d->quots[qi].open_at < rs)))
				qi++;
			if (qi >= d->nquots || d->quots[qi].open_at >= re)
				break;
			q = &d->quots[qi];
			qend = q->close_at + q->close_len;
			cs = q->open_at >= rs ? q->open_at + q->open_len : rs;
			ce = q->close_at < re ? q->close_at : re;
			if (q->open_at >= rs && q->open_at > pos) {
				if (!(last_quote && all_space(d, pos, q->open_at)
				    && ce > cs))
					add_span(d, row, pos, q->open_at, -1);
			}
			if (ce > cs) {
				add_span(d, row, cs, ce, (int)qi);
				last_quote = 1;
			}
			if (qend <= re) {
				pos = qend > pos ? qend : pos;
				qi++;
			} else {
				pos = re;
				break;
			}
		}
		if (pos < re || d->nspans == first)
			add_span(d, row, pos < re ? pos : re, re, -1);
	}
	/* now the strings (all growth of d->names and d->low is over) */
	for (k = 0; k < d->nspans; k++) {
		struct quotes_span *sp = &d->spans[k];
		const struct row *r = &d->rows[sp->row];

		if (sp->quote) {
			int spk = (int)(uintptr_t)sp->speaker - 1;
			const struct quot *q = &d->quots[(size_t)(uintptr_t)sp->cue];

			sp->speaker = spk >= 0 ? spk_name(d, spk,
			    &sp->speaker_len) : "";
			if (spk < 0)
				sp->speaker_len = 0;
			sp->cue = q->cue_len ? d->names.data + q->cue_off : "";
			sp->cue_len = q->cue_len;
		} else if (r->sec == QUOTES_COMMENT) {
			sp->speaker = d->names.data + r->aoff;
			sp->speaker_len = r->alen;
			sp->role = QUOTES_ROLE_COMMENTER;
			sp->cue = "";
			sp->cue_len = 0;
		} else {
			sp->speaker = "";
			sp->speaker_len = 0;
			sp->cue = "";
			sp->cue_len = 0;
			sp->role = (r->sec == QUOTES_COMMENTS_HEADER ||
			    r->sec == QUOTES_BOILERPLATE) ? QUOTES_ROLE_NONE :
			    QUOTES_ROLE_JOURNALIST;
		}
	}
}

void
quotes_doc_run(struct quotes_doc *d)
{
	size_t row, k, head = 0;
	int prev_author = -1;

	d->nspans = d->nmarks = d->nquots = d->ntoks = d->ncues = 0;
	d->nphr = 0;
	if (d->nrows == 0)
		return;
	for (k = 0; k < 8; k++)
		d->recent[k] = -1;
	d->last_org = d->last_plural = d->ctx_spk = -1;
	d->spk_org = d->spk_plural = -1;
	d->spk_org_par = d->spk_plural_par = -100;
	d->ctx_par = -100;
	d->prev_q = -1;
	d->article = -1;
	d->author_spk = -1;
	buf_cstr(&d->t);	/* a NUL after the last row stops scans */
	scan_marks(d);
	pair_marks(d);
	for (k = 0; k < d->nquots; k++)
		if (d->quots[k].kind != K_LITERAL)
			break;
	if (k == d->nquots) {
		/* no quotation: every row is one narrative span */
		make_spans(d);
		return;
	}
	/* rows after the last quotation cannot change any result */
	{
		size_t need = 0;

		for (k = 0; k < d->nquots; k++)
			if (d->quots[k].kind != K_LITERAL &&
			    d->quots[k].row_close + 1 > need)
				need = d->quots[k].row_close + 1;
		d->nscan = need;
	}
	tokenize(d, d->nscan);
	count_words(d);
	detect_style(d);
	for (row = 0; row < d->nscan; row++) {
		struct row *r = &d->rows[row];

		if (r->sec == QUOTES_COMMENT) {
			int a = r->alen ? spk_intern(d, d->names.data + r->aoff,
			    r->alen, S_AUTHOR, QUOTES_ROLE_COMMENTER, G_NONE) : -1;

			if (a != prev_author || row == 0 ||
			    d->rows[row - 1].sec != QUOTES_COMMENT) {
				d->ctx_spk = -1;
				d->prev_q = -1;
			}
			d->author_spk = a;
			prev_author = a;
		} else
			d->author_spk = -1;
		scan_row(d, row);
		/* top-level quotations ending in this row, in order (they
		 * follow one another, so one cursor serves) */
		for (;;) {
			const struct quot *l;

			while (head < d->nquots && (d->quots[head].depth != 0 ||
			    d->quots[head].kind != K_PENDING ||
			    d->quots[head].prev >= 0))
				head++;
			if (head >= d->nquots)
				break;
			l = &d->quots[head];
			while (l->next >= 0)
				l = &d->quots[l->next];
			if (l->row_close > row)
				break;
			decide(d, (int)head);
			head++;
		}
	}
	/* numbers in document order */
	{
		unsigned long n = 0;

		for (k = 0; k < d->nquots; k++) {
			struct quot *q = &d->quots[k];

			if (q->depth != 0 || q->kind != K_SPEECH)
				continue;
			q->number = q->prev >= 0 ? d->quots[q->prev].number : ++n;
		}
	}
	/* NUL-terminated names for the spans: copy them once */
	make_spans(d);
}
