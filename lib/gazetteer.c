/*
 * lib/gazetteer.c — tokens, phrase tables and the authority gazetteer
 * (see gazetteer.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "tsv.h"
#include "utf8.h"

/* ------------------------------------------------------------ hashing */

/* Fold one token hash into a phrase hash (splitmix64 finaliser). */
static inline uint64_t
hash_step(uint64_t h, uint64_t tok)
{
	h ^= tok + 0x9e3779b97f4a7c15ULL;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

#define PHRASE_SEED	0x2545f4914f6cdd1dULL

/* ------------------------------------------------------------- tokens */

void
gaz_toks_init(struct gaz_toks *tt)
{
	memset(tt, 0, sizeof(*tt));
}

void
gaz_toks_clear(struct gaz_toks *tt)
{
	tt->n = 0;
	tt->keys.len = 0;
}

void
gaz_toks_free(struct gaz_toks *tt)
{
	free(tt->t);
	buf_free(&tt->keys);
	memset(tt, 0, sizeof(*tt));
}

int
gaz_is(const struct gaz_toks *tt, size_t i, const char *w)
{
	size_t n = strlen(w);

	return tt->t[i].klen == n && memcmp(gaz_key(tt, i), w, n) == 0;
}

static int
is_apostrophe(int32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02bc;
}

static int
is_joining_hyphen(int32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011;
}

static inline int
ascii_alnum(int c)
{
	return (unsigned)((c | 32) - 'a') < 26 || (unsigned)(c - '0') < 10;
}

/*
 * ASCII bytes of words: the key byte (lower case), 0 for any other byte.
 * AK_LOWER/AK_UPPER/AK_DIGIT tell what the byte was.
 */
enum { AK_LOWER = 1, AK_UPPER = 2, AK_DIGIT = 4 };
static unsigned char ascii_key[256], ascii_kind[256];

static void
ascii_tables(void)
{
	int c;

	if (ascii_key['a'] != 0)
		return;
	for (c = 0; c < 128; c++) {
		if (c >= 'a' && c <= 'z') {
			ascii_key[c] = (unsigned char)c;
			ascii_kind[c] = AK_LOWER;
		} else if (c >= 'A' && c <= 'Z') {
			ascii_key[c] = (unsigned char)(c + 32);
			ascii_kind[c] = AK_UPPER;
		} else if (c >= '0' && c <= '9') {
			ascii_key[c] = (unsigned char)c;
			ascii_kind[c] = AK_DIGIT;
		}
	}
}

static int
is_word_char_slow(int32_t c)
{
	return utf8_is_letter(c) || utf8_is_digit(c);
}

static inline int
is_word_char(int32_t c)
{
	if (c < 0x80)
		return c >= 0 && ascii_alnum(c);
	return is_word_char_slow(c);
}

static int
is_digit_char(int32_t c)
{
	return c < 0x80 ? (c >= '0' && c <= '9') : utf8_is_digit(c);
}

static int
is_space_char(int32_t c)
{
	if (c < 0x80)
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v';
	return utf8_is_space(c);
}

static inline int32_t
decode_at(const char *s, size_t n, size_t i, size_t *len)
{
	if (i >= n) {
		*len = 0;
		return -1;
	}
	return utf8_decode_lenient((const unsigned char *)s + i, n - i, len);
}

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

/*
 * Token writer: tokens and keys go to space reserved once per call, so the
 * inner loops need no capacity checks (a key byte per source byte at most
 * four, counting the U+FFFD of an invalid byte; a token per source byte).
 */
struct tokw {
	struct gaz_toks	*tt;
	char		*kp;		/* next key byte */
	char		*k0;		/* start of the current key */
};

static inline struct gaz_tok *
tw_begin(struct tokw *w, int type, int flags, size_t start)
{
	struct gaz_tok *t = &w->tt->t[w->tt->n++];

	t->type = (uint8_t)type;
	t->flags = (uint8_t)flags;
	t->start = (uint32_t)start;
	t->len = 0;
	w->k0 = w->kp;
	return t;
}

static inline void
tw_byte(struct tokw *w, char b)
{
	*w->kp++ = b;
}

/*
 * Hash of a key, 8 bytes at a time.  The key lies in the token writer's
 * buffer, which always has more than 8 bytes reserved past any key, so the
 * last word is read whole and its bytes past the key masked off (the mask
 * is built in memory order: the same on any byte order).
 */
static const unsigned char key_mask_bytes[16] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0
};

static inline uint64_t
key_hash(const char *p, size_t n)
{
	uint64_t h = FNV_OFFSET ^ (n * FNV_PRIME), v, m;

	while (n >= 8) {
		memcpy(&v, p, 8);
		h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	if (n > 0) {
		memcpy(&v, p, 8);
		memcpy(&m, key_mask_bytes + 8 - n, 8);
		h = (h ^ (v & m)) * 0x9e3779b97f4a7c15ULL;
	}
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

static inline void
tw_bytes(struct tokw *w, const char *p, size_t n)
{
	while (n-- > 0)
		tw_byte(w, *p++);
}

static inline void
tw_end(struct tokw *w, struct gaz_tok *t, size_t end)
{
	t->len = (uint32_t)(end - t->start);
	t->key = (uint32_t)(w->k0 - w->tt->keys.data);
	t->klen = (uint32_t)(w->kp - w->k0);
	t->hash = key_hash(w->k0, t->klen);
	*w->kp++ = '\0';
}

static void
tw_fixed(struct tokw *w, int type, int flags, size_t start, size_t len,
    const char *key)
{
	struct gaz_tok *t = tw_begin(w, type, flags, start);

	tw_bytes(w, key, strlen(key));
	tw_end(w, t, start + len);
}

/* Lower-case key bytes of a non-ASCII word character. */
static inline void
tw_cp(struct tokw *w, int32_t c)
{
	char enc[4];

	if (is_apostrophe(c)) {
		tw_byte(w, '\'');
		return;
	}
	tw_bytes(w, enc, utf8_encode(utf8_tolower(c), enc));
}

void
gaz_tokenize(struct gaz_toks *tt, const char *s, size_t n, size_t base)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l, l2, l3, j;
	int32_t c, c2, c3, prevc = -1;
	int space = 1, hyph = 0, first = 1, single_open = 0;
	struct tokw w;
	struct gaz_tok *t;

	ascii_tables();
	if (tt->cap - tt->n < n + 2) {
		tt->cap = tt->n + n + 2 + tt->cap / 2;
		tt->t = nf_xreallocarray(tt->t, tt->cap, sizeof(*tt->t));
	}
	/* 4 key bytes per byte at most, and slack for key_hash's reads */
	buf_reserve(&tt->keys, 4 * n + 32);
	w.tt = tt;
	w.kp = tt->keys.data + tt->keys.len;
	while (i < n) {
		/* ASCII spaces, the commonest byte between tokens */
		if (u[i] == ' ') {
			space = 1;
			hyph = 0;
			prevc = ' ';
			i++;
			continue;
		}
		c = decode_at(s, n, i, &l);
		if (is_space_char(c)) {
			space = 1;
			hyph = 0;
			prevc = c;
			i += l;
			continue;
		}
		if (is_word_char(c)) {
			int nletter = 0, nlower = 0, cap = 0;
			int32_t last = c;

			t = tw_begin(&w, GAZ_T_WORD, 0, base + i);
			if (c < 0x80 ? (unsigned)(c - 'A') < 26 :
			    utf8_is_upper(c))
				cap = 1;
			j = i;
			for (;;) {
				/* ASCII letters and digits, the common case */
				unsigned kinds = 0;
				size_t j0 = j;
				char *kp = w.kp;
				unsigned char kb;

				while (j < n && (kb = ascii_key[u[j]]) != 0) {
					kinds |= ascii_kind[u[j]];
					*kp++ = (char)kb;
					j++;
				}
				if (j > j0) {
					w.kp = kp;
					last = u[j - 1];
					if (kinds & AK_LOWER) {
						nlower++;
						nletter += 2;
					} else if (kinds & AK_UPPER) {
						size_t q;

						/* capitals only: count them */
						for (q = j0; q < j; q++)
							if (ascii_kind[u[q]] ==
							    AK_UPPER)
								nletter++;
					}
				}
				if (j >= n)
					break;
				c = decode_at(s, n, j, &l);
				if (c >= 0x80 && is_word_char(c)) {
					if (!is_digit_char(c)) {
						nletter++;
						if (!utf8_is_upper(c))
							nlower++;
					}
					last = c;
					tw_cp(&w, c);
					j += l;
					continue;
				}
				if (is_apostrophe(c)) {
					c2 = decode_at(s, n, j + l, &l2);
					if (c2 < 0 || !is_word_char(c2) ||
					    is_digit_char(c2))
						break;
					if (c2 == 's' || c2 == 'S') {
						c3 = decode_at(s, n, j + l + l2,
						    &l3);
						if (c3 < 0 || !is_word_char(c3))
							break;	/* possessive */
					}
					tw_byte(&w, '\'');
					j += l;
					continue;
				}
				break;
			}
			if (nletter == 0)
				t->type = GAZ_T_NUM;
			t->flags = (uint8_t)((cap ? GAZ_F_CAP : 0) |
			    (nletter >= 2 && nlower == 0 ? GAZ_F_ALLCAP : 0) |
			    (space ? GAZ_F_SPACE : 0) | (hyph ? GAZ_F_HYPH : 0) |
			    (first ? GAZ_F_FIRST : 0));
			tw_end(&w, t, base + j);
			first = 0;
			space = 0;
			hyph = 0;
			i = j;
			prevc = last;
			/* possessive 's right after the word */
			c = decode_at(s, n, i, &l);
			if (c >= 0 && is_apostrophe(c)) {
				c2 = decode_at(s, n, i + l, &l2);
				if (c2 == 's' || c2 == 'S') {
					c3 = decode_at(s, n, i + l + l2, &l3);
					if (c3 < 0 || !is_word_char(c3)) {
						tw_fixed(&w, GAZ_T_POSS, 0,
						    base + i, l + l2, "'s");
						i += l + l2;
						prevc = 's';
						continue;
					}
				}
			}
			/* a hyphen joining this word to the next */
			if (c >= 0 && is_joining_hyphen(c)) {
				c2 = decode_at(s, n, i + l, &l2);
				if (c2 >= 0 && is_word_char(c2)) {
					hyph = 1;
					i += l;
				}
			}
			continue;
		}
		/* not a word character */
		if (is_apostrophe(c) || c == 0x2018 || c == 0x201a ||
		    c == 0x201b) {
			int after_word = !space && prevc >= 0 &&
			    is_word_char(prevc);

			c2 = decode_at(s, n, i + l, &l2);
			if (c == 0x2018 || c == 0x201a || c == 0x201b ||
			    (!after_word && c2 >= 0 && is_word_char(c2))) {
				tw_fixed(&w, GAZ_T_QUOTE, GAZ_F_OPEN |
				    (space ? GAZ_F_SPACE : 0), base + i, l,
				    "'");
				single_open = 1;
			} else if (after_word && !single_open &&
			    (prevc == 's' || prevc == 'S') && tt->n > 0 &&
			    tt->t[tt->n - 1].type == GAZ_T_WORD) {
				tw_fixed(&w, GAZ_T_POSS, 0, base + i, l, "'");
			} else {
				tw_fixed(&w, GAZ_T_QUOTE, GAZ_F_CLOSE |
				    (space ? GAZ_F_SPACE : 0), base + i, l,
				    "'");
				single_open = 0;
			}
		} else if (c == 0x201c || c == 0x201e || c == 0x201f ||
		    c == 0x00ab) {
			tw_fixed(&w, GAZ_T_QUOTE, GAZ_F_OPEN |
			    (space ? GAZ_F_SPACE : 0), base + i, l, "\"");
		} else if (c == 0x201d || c == 0x00bb) {
			tw_fixed(&w, GAZ_T_QUOTE, GAZ_F_CLOSE |
			    (space ? GAZ_F_SPACE : 0), base + i, l, "\"");
		} else if (c == '"') {
			int open = space || prevc < 0 || prevc == '(' ||
			    prevc == '[' || utf8_is_dash(prevc) ||
			    prevc == 0x2018 || prevc == 0x201c;

			tw_fixed(&w, GAZ_T_QUOTE,
			    (open ? GAZ_F_OPEN : GAZ_F_CLOSE) |
			    (space ? GAZ_F_SPACE : 0), base + i, l, "\"");
		} else if (is_joining_hyphen(c) && !space && prevc >= 0 &&
		    (c2 = decode_at(s, n, i + l, &l2)) >= 0 &&
		    is_word_char(c2)) {
			/* ‘inadequate’-rated: a hyphen after a quote mark */
			hyph = 1;
			prevc = c;
			i += l;
			continue;
		} else if (c >= 0 && utf8_is_dash(c)) {
			tw_fixed(&w, GAZ_T_PUNCT, space ? GAZ_F_SPACE : 0,
			    base + i, l, "-");
		} else if (c == 0x2026) {
			tw_fixed(&w, GAZ_T_PUNCT, space ? GAZ_F_SPACE : 0,
			    base + i, l, ".");
		} else {
			char enc[4];

			t = tw_begin(&w, GAZ_T_PUNCT, space ? GAZ_F_SPACE : 0,
			    base + i);
			if (c < 0x80)
				tw_byte(&w, (char)c);
			else
				tw_bytes(&w, enc, utf8_encode(c, enc));
			tw_end(&w, t, base + i + l);
		}
		space = 0;
		hyph = 0;
		prevc = c;
		i += l;
	}
	tt->keys.len = (size_t)(w.kp - tt->keys.data);
}

/* ------------------------------------------------------- phrase tables */

struct slot {
	uint64_t	 h;
	int32_t		 id;		/* phrase ending here, or -1 */
	uint8_t		 used;
	uint8_t		 prefix;	/* some longer phrase continues */
};

struct phrase {
	uint32_t	 ntok;
	uint32_t	 keys;		/* offset in lex->keys: NUL-separated */
};

struct gaz_lex {
	struct slot	*slot;
	size_t		 nslot;		/* power of two */
	size_t		 used;
	struct phrase	*ph;
	size_t		 nph;
	size_t		 cap;
	struct buf	 keys;
	struct gaz_toks	 scratch;
	/* first words of the phrases: most tokens start none */
	uint64_t	 bloom[1024];
};

#define BLOOM_HAS(lx, h)	(((lx)->bloom[((h) >> 6) & 1023] >> ((h) & 63)) & 1)
#define BLOOM_SET(lx, h)	((lx)->bloom[((h) >> 6) & 1023] |= 1ULL << ((h) & 63))

struct gaz_lex *
gaz_lex_new(void)
{
	struct gaz_lex *lx = nf_xcalloc(1, sizeof(*lx));

	lx->nslot = 64;
	lx->slot = nf_xcalloc(lx->nslot, sizeof(*lx->slot));
	gaz_toks_init(&lx->scratch);
	return lx;
}

void
gaz_lex_free(struct gaz_lex *lx)
{
	if (lx == NULL)
		return;
	free(lx->slot);
	free(lx->ph);
	buf_free(&lx->keys);
	gaz_toks_free(&lx->scratch);
	free(lx);
}

size_t
gaz_lex_size(const struct gaz_lex *lx)
{
	return lx->nph;
}

static struct slot *
slot_find(const struct gaz_lex *lx, uint64_t h)
{
	size_t i = (size_t)h & (lx->nslot - 1);

	while (lx->slot[i].used) {
		if (lx->slot[i].h == h)
			return &lx->slot[i];
		i = (i + 1) & (lx->nslot - 1);
	}
	return NULL;
}

static struct slot *
slot_insert(struct gaz_lex *lx, uint64_t h)
{
	size_t i, k;
	struct slot *s;

	if ((s = slot_find(lx, h)) != NULL)
		return s;
	if (2 * (lx->used + 1) > lx->nslot) {
		struct slot *old = lx->slot;
		size_t nold = lx->nslot;

		lx->nslot *= 2;
		lx->slot = nf_xcalloc(lx->nslot, sizeof(*lx->slot));
		for (k = 0; k < nold; k++) {
			if (!old[k].used)
				continue;
			i = (size_t)old[k].h & (lx->nslot - 1);
			while (lx->slot[i].used)
				i = (i + 1) & (lx->nslot - 1);
			lx->slot[i] = old[k];
		}
		free(old);
	}
	i = (size_t)h & (lx->nslot - 1);
	while (lx->slot[i].used)
		i = (i + 1) & (lx->nslot - 1);
	s = &lx->slot[i];
	s->used = 1;
	s->h = h;
	s->id = -1;
	s->prefix = 0;
	lx->used++;
	return s;
}

/* 1 when tokens I.. of TT spell phrase P (keys stored as length, bytes). */
static int
phrase_equal(const struct gaz_lex *lx, const struct phrase *p,
    const struct gaz_toks *tt, size_t i)
{
	const unsigned char *k = (const unsigned char *)lx->keys.data +
	    p->keys;
	size_t j, kl;

	for (j = 0; j < p->ntok; j++) {
		kl = *k++;
		if (tt->t[i + j].klen != kl ||
		    memcmp(gaz_key(tt, i + j), k, kl) != 0)
			return 0;
		k += kl;
	}
	return 1;
}

int
gaz_lex_add(struct gaz_lex *lx, const char *phrase, size_t len)
{
	struct gaz_toks *tt = &lx->scratch;
	struct slot *s;
	struct phrase *p;
	uint64_t h = PHRASE_SEED;
	size_t j;

	gaz_toks_clear(tt);
	gaz_tokenize(tt, phrase, len, 0);
	if (tt->n == 0)
		return -1;
	BLOOM_SET(lx, tt->t[0].hash);
	for (j = 0; j < tt->n; j++) {
		h = hash_step(h, tt->t[j].hash);
		s = slot_insert(lx, h);
		if (j + 1 < tt->n)
			s->prefix = 1;
	}
	s = slot_find(lx, h);
	if (s->id >= 0 && phrase_equal(lx, &lx->ph[s->id], tt, 0) &&
	    lx->ph[s->id].ntok == tt->n)
		return s->id;
	if (lx->nph == lx->cap) {
		lx->cap = lx->cap ? 2 * lx->cap : 64;
		lx->ph = nf_xreallocarray(lx->ph, lx->cap, sizeof(*lx->ph));
	}
	p = &lx->ph[lx->nph];
	p->ntok = (uint32_t)tt->n;
	p->keys = (uint32_t)lx->keys.len;
	for (j = 0; j < tt->n; j++) {
		size_t kl = tt->t[j].klen > 255 ? 255 : tt->t[j].klen;

		buf_addc(&lx->keys, (char)(unsigned char)kl);
		buf_add(&lx->keys, gaz_key(tt, j), kl);
	}
	/* a (vanishingly unlikely) hash collision keeps the first phrase */
	if (s->id < 0)
		s->id = (int32_t)lx->nph;
	return (int)lx->nph++;
}

size_t
gaz_lex_match_all(const struct gaz_lex *lx, const struct gaz_toks *tt,
    size_t i, size_t end, int *ids, size_t *ns, size_t max)
{
	uint64_t h = PHRASE_SEED;
	const struct slot *s;
	size_t j, k = 0;

	if (i >= end || !BLOOM_HAS(lx, tt->t[i].hash))
		return 0;
	for (j = i; j < end && k < max; j++) {
		h = hash_step(h, tt->t[j].hash);
		if ((s = slot_find(lx, h)) == NULL)
			break;
		if (s->id >= 0 && lx->ph[s->id].ntok == j - i + 1 &&
		    phrase_equal(lx, &lx->ph[s->id], tt, i)) {
			ids[k] = s->id;
			ns[k] = j - i + 1;
			k++;
		}
		if (!s->prefix)
			break;
	}
	return k;
}

size_t
gaz_lex_next(const struct gaz_lex *lx, const struct gaz_toks *tt,
    size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (BLOOM_HAS(lx, tt->t[i].hash))
			return i;
	return to;
}

int
gaz_lex_match(const struct gaz_lex *lx, const struct gaz_toks *tt,
    size_t i, size_t end, size_t *n)
{
	uint64_t h = PHRASE_SEED;
	const struct slot *s;
	size_t j;
	int best = -1;

	if (i >= end || !BLOOM_HAS(lx, tt->t[i].hash))
		return -1;
	for (j = i; j < end; j++) {
		h = hash_step(h, tt->t[j].hash);
		if ((s = slot_find(lx, h)) == NULL)
			break;
		if (s->id >= 0 && lx->ph[s->id].ntok == j - i + 1 &&
		    phrase_equal(lx, &lx->ph[s->id], tt, i)) {
			best = s->id;
			*n = j - i + 1;
		}
		if (!s->prefix)
			break;
	}
	return best;
}

/* --------------------------------------------------------- data tables */

static char *
next_field(char **p)
{
	char *f = *p, *tab = strchr(f, '\t');

	if (tab != NULL) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		*p = NULL;
	}
	f[tsv_unescape(f, f, strlen(f))] = '\0';
	return f;
}

int
gaz_read_table(const char *path, const char *const *cols, size_t ncols,
    gaz_row_fn fn, void *arg, struct nf_error *e)
{
	FILE *fp;
	char *line = NULL, *p, **fields = NULL, *hdr[64];
	size_t cap = 0, nh = 0, k, c;
	ssize_t got;
	unsigned long lineno = 0;
	int *map = NULL, rc = -1;
	char *empty = "";

	if ((fp = fopen(path, "r")) == NULL) {
		nf_error_set(e, NF_EIO, path, 0, "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	map = nf_xcalloc(ncols ? ncols : 1, sizeof(int));
	fields = nf_xcalloc(ncols ? ncols : 1, sizeof(char *));
	while ((got = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (lineno == 1 && got >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0)
			memmove(line, line + 3, (size_t)(got -= 3) + 1);
		if (got == 0 || line[0] == '#')
			continue;
		if (nh == 0) {
			/* the header */
			p = line;
			while (p != NULL && nh < 64)
				hdr[nh++] = nf_xstrdup(next_field(&p));
			for (c = 0; c < ncols; c++) {
				const char *want = cols[c];
				int opt = want[0] == '?';

				if (opt)
					want++;
				map[c] = -1;
				for (k = 0; k < nh; k++)
					if (strcmp(hdr[k], want) == 0)
						map[c] = (int)k;
				if (map[c] < 0 && !opt) {
					nf_error_set(e, NF_EDATA, path, lineno,
					    "no column '%s' in the header",
					    want);
					goto out;
				}
			}
			continue;
		}
		{
			char *f[64];
			size_t nf = 0;

			p = line;
			while (p != NULL && nf < 64)
				f[nf++] = next_field(&p);
			if (nf != nh) {
				nf_error_set(e, NF_EDATA, path, lineno,
				    "row has %zu fields, header has %zu", nf,
				    nh);
				goto out;
			}
			for (c = 0; c < ncols; c++)
				fields[c] = map[c] >= 0 ? f[map[c]] : empty;
			if (fn(arg, fields, lineno, e) == -1) {
				if (e->file[0] == '\0') {
					char msg[sizeof(e->msg)];

					memcpy(msg, e->msg, sizeof(msg));
					nf_error_set(e, e->code ? e->code :
					    NF_EDATA, path, lineno, "%s", msg);
				}
				goto out;
			}
		}
	}
	if (ferror(fp)) {
		nf_error_set(e, NF_EIO, path, lineno, "read error: %s",
		    strerror(errno));
		goto out;
	}
	if (nh == 0) {
		nf_error_set(e, NF_EDATA, path, 0, "no header line");
		goto out;
	}
	rc = 0;
out:
	for (k = 0; k < nh; k++)
		free(hdr[k]);
	free(line);
	free(map);
	free(fields);
	fclose(fp);
	return rc;
}

/* ----------------------------------------------------------- gazetteer */

enum { CASE_ANY, CASE_CAP, CASE_EXACT };

struct alias {
	int		 id;		/* authority */
	int		 next;		/* next alias with the same phrase, or -1 */
	uint32_t	 ntok;
	uint32_t	 atok;		/* first of ntok entries in g->atok */
	uint32_t	 text;		/* offset in g->text: the spelling */
};

/* One token of an alias: how its case must match, where it is spelt. */
struct alias_tok {
	uint8_t		 cc;		/* CASE_* */
	uint32_t	 start;		/* in the spelling */
	uint32_t	 len;
};

enum {
	CTX_BLOCK_BEFORE = 1,
	CTX_BLOCK_AFTER = 2,
	CTX_CONFIRM_AFTER = 4
};

struct gaz {
	char		**name;
	unsigned char	*former;
	size_t		 n;
	size_t		 cap;
	struct gaz_lex	*lex;		/* every name and alias */
	int		*head;		/* lex id -> first alias, or -1 */
	unsigned char	*amb;		/* lex id -> 1 ambiguous, 2 when first */
	size_t		 nhead;
	struct alias	*al;
	size_t		 nal;
	size_t		 alcap;
	struct alias_tok *atok;
	size_t		 natok;
	size_t		 atokcap;
	struct buf	 text;
	struct gaz_lex	*ctx;		/* context words */
	unsigned char	*ctxflag;	/* ctx id -> CTX_* */
	size_t		 nctx;
	struct gaz_toks	 scratch;
};

static void
grow_heads(struct gaz *g, size_t n)
{
	size_t k;

	if (n <= g->nhead)
		return;
	g->head = nf_xreallocarray(g->head, n, sizeof(int));
	g->amb = nf_xreallocarray(g->amb, n, 1);
	for (k = g->nhead; k < n; k++) {
		g->head[k] = -1;
		g->amb[k] = 0;
	}
	g->nhead = n;
}

static void
add_alias(struct gaz *g, int id, const char *s)
{
	struct gaz_toks *tt = &g->scratch;
	struct alias *a;
	int lid;
	size_t j;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return;
	lid = gaz_lex_add(g->lex, s, strlen(s));
	if (lid < 0)
		return;
	grow_heads(g, (size_t)lid + 1);
	/* the same spelling for the same authority twice: once is enough */
	for (j = (size_t)g->head[lid]; g->head[lid] >= 0 && (int)j >= 0;
	    j = (size_t)g->al[j].next)
		if (g->al[j].id == id &&
		    strcmp(g->text.data + g->al[j].text, s) == 0)
			return;
	if (g->nal == g->alcap) {
		g->alcap = g->alcap ? 2 * g->alcap : 256;
		g->al = nf_xreallocarray(g->al, g->alcap, sizeof(*g->al));
	}
	gaz_toks_clear(tt);
	gaz_tokenize(tt, s, strlen(s), 0);
	a = &g->al[g->nal];
	a->id = id;
	a->ntok = (uint32_t)tt->n;
	a->atok = (uint32_t)g->natok;
	a->text = (uint32_t)g->text.len;
	buf_add(&g->text, s, strlen(s) + 1);
	for (j = 0; j < tt->n; j++) {
		const struct gaz_tok *t = &tt->t[j];
		struct alias_tok *at;
		uint8_t cc = CASE_ANY;
		size_t k, nup = 0;

		if (t->type == GAZ_T_WORD) {
			for (k = 0; k < t->len; k++)
				if (s[t->start + k] >= 'A' &&
				    s[t->start + k] <= 'Z')
					nup++;
			if (nup >= 2)
				cc = CASE_EXACT;
			else if (t->flags & GAZ_F_CAP)
				cc = CASE_CAP;
		}
		if (g->natok == g->atokcap) {
			g->atokcap = g->atokcap ? 2 * g->atokcap : 512;
			g->atok = nf_xreallocarray(g->atok, g->atokcap,
			    sizeof(*g->atok));
		}
		at = &g->atok[g->natok++];
		at->cc = cc;
		at->start = t->start;
		at->len = t->len;
	}
	/* append at the end of the chain: earlier rows win ties */
	a->next = -1;
	if (g->head[lid] < 0) {
		g->head[lid] = (int)g->nal;
	} else {
		j = (size_t)g->head[lid];
		while (g->al[j].next >= 0)
			j = (size_t)g->al[j].next;
		g->al[j].next = (int)g->nal;
	}
	g->nal++;
}

static int
gaz_row(void *arg, char **f, unsigned long line, struct nf_error *e)
{
	struct gaz *g = arg;
	char *p, *bar;
	int id;

	(void)line;
	if (f[0][0] == '\0') {
		nf_error_set(e, NF_EDATA, NULL, 0, "empty name");
		return -1;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->name = nf_xreallocarray(g->name, g->cap, sizeof(char *));
		g->former = nf_xreallocarray(g->former, g->cap, 1);
	}
	id = (int)g->n++;
	g->name[id] = nf_xstrdup(f[0]);
	g->former[id] = strcmp(f[2], "former") == 0;
	add_alias(g, id, f[0]);
	for (p = f[1]; p != NULL && *p != '\0'; p = bar) {
		bar = strchr(p, '|');
		if (bar != NULL)
			*bar++ = '\0';
		add_alias(g, id, p);
	}
	return 0;
}

struct gaz *
gaz_load(const char *path, struct nf_error *e)
{
	static const char *const cols[] = { "name", "?aliases", "?status" };
	struct gaz *g = nf_xcalloc(1, sizeof(*g));

	g->lex = gaz_lex_new();
	g->ctx = gaz_lex_new();
	gaz_toks_init(&g->scratch);
	if (gaz_read_table(path, cols, 3, gaz_row, g, e) == -1) {
		gaz_free(g);
		return NULL;
	}
	if (g->n == 0) {
		nf_error_set(e, NF_EDATA, path, 0, "no authorities");
		gaz_free(g);
		return NULL;
	}
	return g;
}

static int
ctx_row(void *arg, char **f, unsigned long line, struct nf_error *e)
{
	struct gaz *g = arg;
	int flag = 0, id;
	size_t k;

	(void)line;
	if (strcmp(f[1], "ambiguous") == 0 ||
	    strcmp(f[1], "ambiguous-first") == 0) {
		if (f[2][0] != '\0') {
			/* a local name for an authority: "the island" */
			for (k = 0; k < g->n; k++)
				if (strcmp(g->name[k], f[2]) == 0)
					break;
			if (k == g->n)
				return 0;	/* not in this gazetteer */
			add_alias(g, (int)k, f[0]);
		}
		id = gaz_lex_add(g->lex, f[0], strlen(f[0]));
		if (id < 0)
			return 0;
		grow_heads(g, (size_t)id + 1);
		g->amb[id] = strcmp(f[1], "ambiguous") == 0 ? 1 : 2;
		return 0;
	}
	if (strcmp(f[1], "block-before") == 0)
		flag = CTX_BLOCK_BEFORE;
	else if (strcmp(f[1], "block-after") == 0)
		flag = CTX_BLOCK_AFTER;
	else if (strcmp(f[1], "confirm-after") == 0)
		flag = CTX_CONFIRM_AFTER;
	else {
		nf_error_set(e, NF_EDATA, NULL, 0, "unknown rule '%s'", f[1]);
		return -1;
	}
	id = gaz_lex_add(g->ctx, f[0], strlen(f[0]));
	if (id < 0)
		return 0;
	if ((size_t)id >= g->nctx) {
		g->ctxflag = nf_xreallocarray(g->ctxflag, (size_t)id + 1, 1);
		for (k = g->nctx; k <= (size_t)id; k++)
			g->ctxflag[k] = 0;
		g->nctx = (size_t)id + 1;
	}
	g->ctxflag[id] |= (unsigned char)flag;
	return 0;
}

int
gaz_load_context(struct gaz *g, const char *path, struct nf_error *e)
{
	static const char *const cols[] = { "word", "rule", "?authority" };

	return gaz_read_table(path, cols, 3, ctx_row, g, e);
}

void
gaz_free(struct gaz *g)
{
	size_t k;

	if (g == NULL)
		return;
	for (k = 0; k < g->n; k++)
		free(g->name[k]);
	free(g->name);
	free(g->former);
	gaz_lex_free(g->lex);
	gaz_lex_free(g->ctx);
	free(g->head);
	free(g->amb);
	free(g->al);
	free(g->atok);
	buf_free(&g->text);
	free(g->ctxflag);
	gaz_toks_free(&g->scratch);
	free(g);
}

size_t
gaz_size(const struct gaz *g)
{
	return g->n;
}

const char *
gaz_name(const struct gaz *g, int id)
{
	return g->name[id];
}

int
gaz_is_former(const struct gaz *g, int id)
{
	return g->former[id];
}

/* Context flags of the context phrases that start at token I. */
static int
ctx_at(const struct gaz *g, const struct gaz_toks *tt, size_t i, size_t to)
{
	int ids[8], flags = 0;
	size_t ns[8], k, n;

	n = gaz_lex_match_all(g->ctx, tt, i, to, ids, ns, 8);
	for (k = 0; k < n; k++)
		flags |= g->ctxflag[ids[k]];
	return flags;
}

/* Case rules of alias A against tokens I.. of the text. */
static int
case_ok(const struct gaz *g, const struct alias *a, const struct gaz_toks *tt,
    const char *text, size_t i)
{
	const char *spell = g->text.data + a->text;
	size_t j;

	for (j = 0; j < a->ntok; j++) {
		const struct gaz_tok *t = &tt->t[i + j];
		const struct alias_tok *at = &g->atok[a->atok + j];

		if (at->cc == CASE_CAP &&
		    !(t->flags & (GAZ_F_CAP | GAZ_F_ALLCAP)))
			return 0;
		if (at->cc == CASE_EXACT && (at->len != t->len ||
		    memcmp(spell + at->start, text + t->start, t->len) != 0))
			return 0;
	}
	return 1;
}

size_t
gaz_find(const struct gaz *g, const struct gaz_toks *tt, const char *text,
    size_t from, size_t to, struct gaz_mention **m, size_t *n, size_t *cap)
{
	int ids[16];
	size_t ns[16], k, i, added = 0, len;
	const struct alias *a;
	int found, lid, flags;

	for (i = from; i < to; i++) {
		const struct gaz_tok *t = &tt->t[i];

		/* names start with a capitalised word or "the" */
		if (t->type != GAZ_T_WORD ||
		    (!(t->flags & (GAZ_F_CAP | GAZ_F_ALLCAP)) &&
		    !gaz_is(tt, i, "the")))
			continue;
		k = gaz_lex_match_all(g->lex, tt, i, to, ids, ns, 16);
		found = -1;
		len = 0;
		lid = -1;
		while (k > 0 && found < 0) {
			k--;
			if ((size_t)ids[k] >= g->nhead)
				continue;
			for (int ai = g->head[ids[k]]; ai >= 0;
			    ai = g->al[ai].next) {
				a = &g->al[ai];
				if (case_ok(g, a, tt, text, i)) {
					found = a->id;
					len = ns[k];
					lid = ids[k];
					break;
				}
			}
		}
		if (found < 0)
			continue;
		/* inside a longer name or a hyphenated word: not a mention */
		if (t->flags & GAZ_F_HYPH)
			continue;
		if (i + len < to && (tt->t[i + len].flags & GAZ_F_HYPH) &&
		    tt->t[i + len].type == GAZ_T_WORD)
			continue;
		if (i > from && tt->t[i - 1].type == GAZ_T_WORD &&
		    (tt->t[i - 1].flags & GAZ_F_CAP) &&
		    (ctx_at(g, tt, i - 1, to) & CTX_BLOCK_BEFORE))
			continue;
		flags = 0;
		if (i + len < to) {
			flags = ctx_at(g, tt, i + len, to);
			if ((flags & CTX_BLOCK_AFTER) &&
			    (tt->t[i + len].flags & (GAZ_F_CAP | GAZ_F_ALLCAP)))
				continue;
			if (tt->t[i + len].type == GAZ_T_POSS)
				flags |= CTX_CONFIRM_AFTER;
		}
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*m = nf_xreallocarray(*m, *cap, sizeof(**m));
		}
		(*m)[*n].tok = (uint32_t)i;
		(*m)[*n].ntok = (uint32_t)len;
		(*m)[*n].id = found;
		(*m)[*n].weak = 0;
		if (g->amb[lid] == 1 && !(flags & CTX_CONFIRM_AFTER))
			(*m)[*n].weak = 1;
		if (g->amb[lid] == 2 && !(flags & CTX_CONFIRM_AFTER) &&
		    (t->flags & GAZ_F_FIRST))
			(*m)[*n].weak = 1;
		(*n)++;
		added++;
		i += len - 1;
	}
	return added;
}
