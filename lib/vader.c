/*
 * lib/vader.c — the VADER method, written from its description in
 * ../shared/eval/sentiment/VADER-NOTES.md (reference: cjhutto/vaderSentiment,
 * MIT), and fast: one hash table holds every word the rules know (lexicon,
 * boosters, negations, idiom words, overlay phrase words), built once.  A
 * text is scanned 16 bytes at a time (SSE2; 8 with portable SWAR code
 * elsewhere) into bitmaps of white space and punctuation, tokens are cut
 * from the bitmaps' bit changes, each token is looked up once (its key read
 * as two 64-bit words), and the rules then work on the token records.
 * Text with bytes above 0x7F first goes through a slower, exact path
 * (decoding, emoji, Unicode white space).  Scratch space is kept between
 * calls, so scoring a row allocates nothing once it has grown.  Beyond
 * the reference, for the default mode: overlay words and phrases
 * (vader_load_overlay) and quoted grade names (vader_load_mentions).
 *
 * Python semantics copied for parity (VADER-NOTES.md section 8):
 *   - str.split(): white space is Python's str.isspace() set;
 *   - str.strip(string.punctuation): ASCII punctuation only; a token whose
 *     stripped form has 2 code points or fewer is kept unstripped;
 *   - str.isupper(): a cased character and no lower/title-case one, with
 *     Unicode's Other_Lowercase/Other_Uppercase (PropList.txt 15.0);
 *   - str.lower(): full mapping (U+0130 becomes "i" + U+0307);
 *   - round(x, d): the exact binary value rounded (printf does the same).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#if defined(__SSE2__) && !defined(VADER_NO_SIMD)
#define VADER_SSE2	1
#include <emmintrin.h>
#endif

/* the per-token code is written as functions but must be inlined */
#if defined(__GNUC__)
#define HOT_INLINE	static inline __attribute__((always_inline))
#else
#define HOT_INLINE	static inline
#endif

#include "buf.h"
#include "utf8.h"
#include "vader.h"

/*
 * The reference's constants (data/vader/constants.tsv); B_INCR and B_DECR
 * come with each word from boosters.tsv.
 */
#define C_INCR		0.733
#define N_SCALAR	(-0.74)
#define ALPHA		15.0

/* SWAR: a byte's worth of ones and of high bits, in 64 bits */
#define ONES	0x0101010101010101ull
#define HIGHS	0x8080808080808080ull

/* word flags (also copied into tokens), then flags of tokens only */
enum {
	F_LEX = 0x01,		/* in the lexicon: lex is its valence */
	F_BOOST = 0x02,		/* single-word booster: boost is its increment */
	F_NEG = 0x04,		/* in the NEGATE list */
	F_SPECIAL = 0x08,	/* a word of a SPECIAL_CASES idiom */
	F_BGRAM = 0x10,		/* a word of a multi-word booster ("kind of") */
	F_PHEAD = 0x20,		/* first word of an overlay phrase */
	F_BUT = 0x40,		/* "but" (the rule's marker) */
	F_GRADE = 0x80,		/* a grade name (mentions file) */
	F_PRED = 0x400,		/* predicates a quoted grade right after it */
	F_VERDICT = 0x800,	/* ... or one or two words after it */
	F_MSKIP = 0x1000,	/* passed over when looking back from a grade */
	F_HOLDER = 0x8000,	/* a noun a quoted grade may describe */
	F_GHEAD = 0x40000,	/* first word of a grade phrase */
	T_NT = 0x100,		/* token contains "n't" */
	T_UPPER = 0x200,	/* token is str.isupper() */
	T_QOPEN = 0x2000,	/* a quote mark against its start was stripped */
	T_QCLOSE = 0x4000,	/* ... against its end */
	T_PTAIL = 0x10000,	/* a phrase's token after its first */
	T_HALF = 0x20000	/* a grade as background: half its valence */
};

/* What a look-up needs (32 bytes: two per cache line) ... */
struct word {
	uint64_t	 k[2];		/* first 16 key bytes, zero-padded */
	double		 lex;
	uint32_t	 flags;
	uint32_t	 len;
};

/* ... and the rest, in a parallel array. */
struct wcold {
	uint64_t	 hash;
	uint32_t	 key;		/* offset of the key in v->keys */
	double		 boost;
	int32_t		 phrase;	/* first overlay phrase it heads, -1 */
};

struct phrase {
	uint32_t	 off;		/* first word index in v->pwords */
	uint32_t	 n;
	double		 val;
	int32_t		 next;		/* next phrase with the same head */
	int32_t		 pw;		/* overlay: the word that stands for it */
};

struct phrases {
	struct phrase	*p;
	size_t		 n, cap;
};

/*
 * A token: its word (-1 for none) and flags (the word's, plus the T_
 * ones).  Its valence is its word's (halved with T_HALF); eight bytes, as
 * a long text may have millions of them.
 */
struct tok {
	int32_t		 w;
	uint32_t	 flags;
};

struct emoji {
	int32_t		 cp;		/* 0: empty slot */
	uint32_t	 off;		/* description in v->keys */
	uint32_t	 len;
};

struct bslot {				/* the "but" rule's value index */
	uint64_t	 bits;		/* the value; 0: empty (0 is never held) */
	uint32_t	 count;
	uint32_t	 hint;
};

struct vader {
	unsigned	 flags;
	int		 mentions;	/* a mentions file is loaded */
	/* words */
	struct word	*words;
	struct wcold	*cold;
	size_t		 nwords, capwords;
	/*
	 * Open addressing over buckets of 4 slots, linear probing by bucket:
	 * fp[b] holds the bucket's four 16-bit fingerprints (0: empty slot),
	 * compared at once; widx[4b + lane] is the word index.  Slots fill
	 * lanes in order, so a bucket is full when its top lane is set.  A
	 * look-up reads one 8-byte word of a small array (64 KiB for the VADER
	 * lexicon, a quarter full), and most tokens, which are no word, end
	 * there.
	 */
	uint64_t	*fp;
	uint32_t	*widx;
	size_t		 mask;		/* buckets - 1 */
	unsigned	 shift;		/* 64 - log2(buckets) */
	size_t		 maxkey;	/* longest key: longer tokens never match */
	struct buf	 keys;		/* key and description bytes */
	/* phrases: idioms, booster n-grams, overlay */
	int32_t		*pwords;
	size_t		 npwords, cappwords;
	struct phrases	 special, bgram, overlay;
	/* emoji: open addressing on the code point */
	struct emoji	*emoji;
	size_t		 emask;
	int32_t		 emin;		/* smallest emoji code point */
	/* words the rules name */
	int32_t		 w_no, w_but, w_kind, w_of, w_least, w_at, w_very,
			 w_never, w_so, w_this, w_without, w_doubt, w_or, w_nor;
	/* per-text scratch */
	struct buf	 text;		/* prepared text (non-ASCII input) */
	struct buf	 pad;		/* the text scanned, + 64 filler bytes */
	uint64_t	*bits;		/* one bit per white-space byte */
	uint64_t	*pbits;		/* one bit per ASCII punctuation byte */
	uint64_t	*hbits;		/* one bit per byte >= 0x80 (or NUL) */
	size_t		 capbits;
	struct buf	 low;		/* one lower-cased token */
	struct tok	*toks;
	uint32_t	*lexpos;	/* positions of lexicon words */
	size_t		 captoks;
	double		*sent;		/* valences of the lexicon words */
	size_t		 capsent;
	size_t		 nlex;		/* lexicon words in the text */
	size_t		 bi;		/* first "but", or SIZE_MAX */
	uint32_t	 allflags;	/* the tokens' word flags ORed */
	struct bslot	*bs;
	size_t		 bmask;
};

/* ------------------------------------------------------- character tables */

enum {
	CL_SPACE = 0x01, CL_PUNCT = 0x02, CL_UPPER = 0x04, CL_LOWER = 0x08,
	CL_HIGH = 0x10, CL_QUOTE = 0x20
};

static unsigned char	cls[256];
static unsigned char	lower_ascii[256];
static uint64_t		keymask[17][2];	/* the first N of 16 bytes kept */
static char		units3[1001][6];	/* M/1000 as "0.1230" ... "1.0000" */

static void
tables_init(void)
{
	static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
	const char *p;
	int c;

	if (lower_ascii['A'] == 'a')
		return;
	for (c = 0; c < 256; c++) {
		lower_ascii[c] = (unsigned char)c;
		if (c >= 0x80)
			cls[c] = CL_HIGH;
	}
	/* Python's str.isspace() in ASCII: \t \n \v \f \r, U+001C..U+001F, ' ' */
	for (c = 9; c <= 13; c++)
		cls[c] = CL_SPACE;
	for (c = 0x1c; c <= 0x20; c++)
		cls[c] = CL_SPACE;
	for (p = punct; *p != '\0'; p++)
		cls[(unsigned char)*p] |= CL_PUNCT;
	cls['\''] |= CL_QUOTE;
	cls['"'] |= CL_QUOTE;
	for (c = 'A'; c <= 'Z'; c++) {
		cls[c] |= CL_UPPER;
		cls[c + 32] |= CL_LOWER;
		lower_ascii[c] = (unsigned char)(c + 32);
	}
	/* NUL is never text: it goes to the slow path and becomes U+FFFD */
	cls[0] = CL_HIGH;
	for (c = 0; c <= 1000; c++) {
		units3[c][0] = (char)('0' + c / 1000);
		units3[c][1] = '.';
		units3[c][2] = (char)('0' + c / 100 % 10);
		units3[c][3] = (char)('0' + c / 10 % 10);
		units3[c][4] = (char)('0' + c % 10);
		units3[c][5] = '0';
	}
	for (c = 0; c <= 16; c++) {
		keymask[c][0] = c >= 8 ? ~(uint64_t)0 :
		    ((uint64_t)1 << (8 * c)) - 1;
		keymask[c][1] = c >= 16 ? ~(uint64_t)0 : c <= 8 ? 0 :
		    ((uint64_t)1 << (8 * (c - 8))) - 1;
	}
}

/* Python str.isspace() beyond ASCII (bidi WS/B/S or category Zs). */
static int
py_space_high(int32_t c)
{
	return c == 0x85 || c == 0xA0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202F || c == 0x205F || c == 0x3000;
}

static int
in_ranges(int32_t c, const int32_t (*r)[2], size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < r[mid][0])
			hi = mid;
		else if (c > r[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* PropList.txt (Unicode 15.0): Other_Lowercase and Other_Uppercase. */
static const int32_t other_lower[][2] = {
	{ 0x00AA, 0x00AA }, { 0x00BA, 0x00BA }, { 0x02B0, 0x02B8 },
	{ 0x02C0, 0x02C1 }, { 0x02E0, 0x02E4 }, { 0x0345, 0x0345 },
	{ 0x037A, 0x037A }, { 0x10FC, 0x10FC }, { 0x1D2C, 0x1D6A },
	{ 0x1D78, 0x1D78 }, { 0x1D9B, 0x1DBF }, { 0x2071, 0x2071 },
	{ 0x207F, 0x207F }, { 0x2090, 0x209C }, { 0x2170, 0x217F },
	{ 0x24D0, 0x24E9 }, { 0x2C7C, 0x2C7D }, { 0xA69C, 0xA69D },
	{ 0xA770, 0xA770 }, { 0xA7F2, 0xA7F4 }, { 0xA7F8, 0xA7F9 },
	{ 0xAB5C, 0xAB5F }, { 0xAB69, 0xAB69 }, { 0x10780, 0x10780 },
	{ 0x10783, 0x10785 }, { 0x10787, 0x107B0 }, { 0x107B2, 0x107BA },
	{ 0x1E030, 0x1E06D }
};
static const int32_t other_upper[][2] = {
	{ 0x2160, 0x216F }, { 0x24B6, 0x24CF }, { 0x1F130, 0x1F149 },
	{ 0x1F150, 0x1F169 }, { 0x1F170, 0x1F189 }
};

/* Python's case classes: 1 Uppercase, 2 Lowercase or titlecase, 0 none. */
static int
py_case(int32_t c)
{
	const utf8proc_property_t *p;

	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? 1 : (c >= 'a' && c <= 'z') ? 2 : 0;
	p = utf8proc_get_property(c);
	switch (p->category) {
	case UTF8PROC_CATEGORY_LU:
		return 1;
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
		return 2;
	default:
		break;
	}
	if (in_ranges(c, other_lower, sizeof(other_lower) / sizeof(other_lower[0])))
		return 2;
	if (in_ranges(c, other_upper, sizeof(other_upper) / sizeof(other_upper[0])))
		return 1;
	return 0;
}

/* Append Python's str.lower() of code point C to B. */
static void
py_lower_into(struct buf *b, int32_t c)
{
	char enc[4];

	if (c < 0x80) {
		buf_addc(b, (char)lower_ascii[c]);
		return;
	}
	if (c == 0x130) {		/* SpecialCasing: İ -> i + COMBINING DOT */
		buf_add(b, "i\xCC\x87", 3);
		return;
	}
	c = utf8proc_tolower(c);
	buf_add(b, enc, utf8_encode(c, enc));
}

/* ------------------------------------------------------------ hash table */

/*
 * Keys are hashed from their first 16 bytes read as two zero-padded 64-bit
 * words (plus any further bytes), so that the common short token is hashed
 * and compared without a byte loop or memcmp: the words are folded into one
 * and multiplied by 2^64 / phi (Fibonacci hashing).  The top bits of the
 * product choose the bucket, bits 32..47 are the fingerprint.
 */
static inline uint64_t
hash_words(uint64_t k0, uint64_t k1, const char *rest, size_t n)
{
	uint64_t x = k0 + k1 * 0xC2B2AE3D27D4EB4Full + n;
	size_t i;

	for (i = 16; i < n; i++)
		x = (x ^ (unsigned char)rest[i - 16]) * 0x100000001B3ull;
	return x * 0x9E3779B97F4A7C15ull;
}

static uint64_t
key_words(const char *s, size_t n, uint64_t *k0, uint64_t *k1)
{
	unsigned char pad[16] = { 0 };

	memcpy(pad, s, n < 16 ? n : 16);
	memcpy(k0, pad, 8);
	memcpy(k1, pad + 8, 8);
	return hash_words(*k0, *k1, s + 16, n);
}

#define LANES	0x0001000100010001ull
#define LANETOP	0x8000800080008000ull

/* The fingerprint, never 0 (an empty slot). */
static inline uint64_t
hash_fp(uint64_t h)
{
	return ((h >> 32) & 0xFFFF) | 0x8000;
}

static inline size_t
hash_bucket(const struct vader *v, uint64_t h)
{
	return (size_t)(h >> v->shift);
}

/*
 * 0x8000 in each 16-bit lane of X that is zero.  Exact for any X (the
 * low 15 bits are added without carrying into the next lane).
 */
static inline uint64_t
lanes_zero(uint64_t x)
{
	uint64_t y = (x & ~LANETOP) + (~LANETOP);

	return ~(y | x) & LANETOP;
}

/* Is bucket B full?  (Slots fill its lanes in order.) */
static inline int
bucket_full(uint64_t B)
{
	return (B >> 48) != 0;
}

static int32_t
word_find(const struct vader *v, const char *s, size_t n, uint64_t k0,
    uint64_t k1, uint64_t h)
{
	size_t b = hash_bucket(v, h);
	uint64_t f = hash_fp(h) * LANES;

	for (;;) {
		uint64_t B = v->fp[b], m = lanes_zero(B ^ f);

		while (m != 0) {
			size_t slot = 4 * b + (size_t)__builtin_ctzll(m) / 16;
			uint32_t k = v->widx[slot];
			const struct word *w = &v->words[k];
			if (w->len == n && w->k[0] == k0 && w->k[1] == k1 &&
			    (n <= 16 || memcmp(v->keys.data + v->cold[k].key +
			    16, s + 16, n - 16) == 0))
				return (int32_t)k;
			m &= m - 1;
		}
		if (!bucket_full(B))
			return -1;
		b = (b + 1) & v->mask;
	}
}

static void
slot_put(struct vader *v, uint64_t h, size_t idx)
{
	size_t b = hash_bucket(v, h), lane;
	uint64_t e;

	while ((e = lanes_zero(v->fp[b])) == 0)
		b = (b + 1) & v->mask;
	lane = (size_t)__builtin_ctzll(e) / 16;
	v->fp[b] |= hash_fp(h) << (16 * lane);
	v->widx[4 * b + lane] = (uint32_t)idx;
}

/* NBUCKETS: a power of two, 2 or more. */
static void
slots_alloc(struct vader *v, size_t nbuckets)
{
	size_t i;

	free(v->fp);
	free(v->widx);
	v->fp = nf_xcalloc(nbuckets, sizeof(*v->fp));
	v->widx = nf_xcalloc(4 * nbuckets, sizeof(*v->widx));
	v->mask = nbuckets - 1;
	v->shift = 64;
	for (i = nbuckets; i > 1; i /= 2)
		v->shift--;
	for (i = 0; i < v->nwords; i++)
		slot_put(v, v->cold[i].hash, i);
}

/* The word S[0..N) (already in its look-up form), created if new. */
static int32_t
word_intern(struct vader *v, const char *s, size_t n)
{
	uint64_t k0, k1, h = key_words(s, n, &k0, &k1);
	int32_t k = word_find(v, s, n, k0, k1, h);
	struct word *w;

	if (k >= 0)
		return k;
	if (v->nwords == v->capwords) {
		v->capwords = v->capwords ? 2 * v->capwords : 1024;
		v->words = nf_xreallocarray(v->words, v->capwords,
		    sizeof(*v->words));
		v->cold = nf_xreallocarray(v->cold, v->capwords,
		    sizeof(*v->cold));
	}
	w = &v->words[v->nwords];
	memset(w, 0, sizeof(*w));
	w->k[0] = k0;
	w->k[1] = k1;
	w->len = (uint32_t)n;
	memset(&v->cold[v->nwords], 0, sizeof(*v->cold));
	v->cold[v->nwords].key = (uint32_t)v->keys.len;
	v->cold[v->nwords].hash = h;
	v->cold[v->nwords].phrase = -1;
	buf_add(&v->keys, s, n);
	v->nwords++;
	if (n > v->maxkey)
		v->maxkey = n;
	if (v->nwords > v->mask + 1)	/* buckets of 4 a quarter full at most */
		slots_alloc(v, 2 * (v->mask + 1));
	else
		slot_put(v, h, v->nwords - 1);
	return (int32_t)(v->nwords - 1);
}

/* ------------------------------------------------------------------ life */

struct vader *
vader_new(void)
{
	struct vader *v = nf_xcalloc(1, sizeof(*v));

	tables_init();
	slots_alloc(v, 8192);
	v->emask = 4095;
	v->emoji = nf_xcalloc(v->emask + 1, sizeof(*v->emoji));
	v->emin = INT32_MAX;
	v->w_no = word_intern(v, "no", 2);
	v->w_but = word_intern(v, "but", 3);
	v->w_kind = word_intern(v, "kind", 4);
	v->w_of = word_intern(v, "of", 2);
	v->w_least = word_intern(v, "least", 5);
	v->w_at = word_intern(v, "at", 2);
	v->w_very = word_intern(v, "very", 4);
	v->w_never = word_intern(v, "never", 5);
	v->w_so = word_intern(v, "so", 2);
	v->w_this = word_intern(v, "this", 4);
	v->w_without = word_intern(v, "without", 7);
	v->w_doubt = word_intern(v, "doubt", 5);
	v->w_or = word_intern(v, "or", 2);
	v->w_nor = word_intern(v, "nor", 3);
	v->words[v->w_but].flags |= F_BUT;
	return v;
}

void
vader_free(struct vader *v)
{
	if (v == NULL)
		return;
	free(v->words);
	free(v->cold);
	free(v->fp);
	free(v->widx);
	buf_free(&v->keys);
	free(v->pwords);
	free(v->special.p);
	free(v->bgram.p);
	free(v->overlay.p);
	free(v->emoji);
	buf_free(&v->text);
	buf_free(&v->pad);
	free(v->bits);
	free(v->pbits);
	free(v->hbits);
	buf_free(&v->low);
	free(v->toks);
	free(v->sent);
	free(v->lexpos);
	free(v->bs);
	free(v);
}

void
vader_set_flags(struct vader *v, unsigned flags)
{
	v->flags = flags;
}

/* --------------------------------------------------------------- loading */

struct lines {
	char		*data;
	size_t		 len, pos;
	unsigned long	 line;
	const char	*path;
};

static int
lines_open(struct lines *l, const char *path, struct nf_error *e)
{
	FILE *fp;
	struct buf b = { NULL, 0, 0 };
	char chunk[65536];
	size_t n;

	memset(l, 0, sizeof(*l));
	l->path = path;
	if ((fp = fopen(path, "rb")) == NULL) {
		nf_error_set(e, NF_EIO, path, 0, "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp)) {
		nf_error_set(e, NF_EIO, path, 0, "read error: %s",
		    strerror(errno));
		fclose(fp);
		buf_free(&b);
		return -1;
	}
	fclose(fp);
	buf_cstr(&b);
	l->data = b.data;
	l->len = b.len;
	/* a UTF-8 BOM is not part of the first key */
	if (l->len >= 3 && memcmp(l->data, "\xEF\xBB\xBF", 3) == 0)
		l->pos = 3;
	return 0;
}

/* Next line, stripped of surrounding ASCII white space; NULL at the end. */
static char *
lines_next(struct lines *l, size_t *n)
{
	char *s, *nl, *end;

	if (l->pos >= l->len)
		return NULL;
	s = l->data + l->pos;
	nl = memchr(s, '\n', l->len - l->pos);
	end = nl != NULL ? nl : l->data + l->len;
	l->pos = (size_t)(end - l->data) + 1;
	l->line++;
	while (s < end && (cls[(unsigned char)*s] & CL_SPACE))
		s++;
	while (end > s && (cls[(unsigned char)end[-1]] & CL_SPACE))
		end--;
	*end = '\0';
	*n = (size_t)(end - s);
	return s;
}

static void
lines_close(struct lines *l)
{
	free(l->data);
	l->data = NULL;
}

/* Field F (0-based) of a TAB-separated line; NULL if absent. */
static char *
field(char *s, int f, size_t *n)
{
	char *t;

	while (f-- > 0) {
		if ((s = strchr(s, '\t')) == NULL)
			return NULL;
		s++;
	}
	t = strchr(s, '\t');
	*n = t != NULL ? (size_t)(t - s) : strlen(s);
	return s;
}

static int
parse_number(const char *s, size_t n, double *out)
{
	char tmp[64], *end;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*out = strtod(tmp, &end);
	while (*end == ' ')
		end++;
	return (*end == '\0' && end != tmp && isfinite(*out)) ? 0 : -1;
}

int
vader_load_lexicon(struct vader *v, const char *path, struct nf_error *e)
{
	struct lines l;
	char *s, *val;
	size_t n, kn, vn;
	double d;

	if (lines_open(&l, path, e) == -1)
		return -1;
	while ((s = lines_next(&l, &n)) != NULL) {
		if (n == 0)
			continue;
		if ((val = field(s, 1, &vn)) == NULL ||
		    parse_number(val, vn, &d) == -1) {
			nf_error_set(e, NF_EDATA, path, l.line,
			    "expected TOKEN<TAB>VALENCE");
			lines_close(&l);
			return -1;
		}
		field(s, 0, &kn);
		/* kept as written: a key with capitals is never matched */
		int32_t k = word_intern(v, s, kn);
		struct word *w = &v->words[k];

		w->flags |= F_LEX;
		w->lex = d;
	}
	lines_close(&l);
	return 0;
}

static struct emoji *
emoji_slot(const struct vader *v, int32_t cp)
{
	size_t i = ((uint32_t)cp * 2654435761u) & v->emask;

	while (v->emoji[i].cp != 0 && v->emoji[i].cp != cp)
		i = (i + 1) & v->emask;
	return &v->emoji[i];
}

int
vader_load_emoji(struct vader *v, const char *path, struct nf_error *e)
{
	struct lines l;
	char *s, *d;
	size_t n, kn, dn, clen, used = 0;
	int32_t cp;
	struct emoji *slot;

	if (lines_open(&l, path, e) == -1)
		return -1;
	while ((s = lines_next(&l, &n)) != NULL) {
		if (n == 0)
			continue;
		if ((d = field(s, 1, &dn)) == NULL) {
			nf_error_set(e, NF_EDATA, path, l.line,
			    "expected EMOJI<TAB>DESCRIPTION");
			lines_close(&l);
			return -1;
		}
		field(s, 0, &kn);
		cp = utf8_decode((const unsigned char *)s, kn, &clen);
		if (cp <= 0 || clen != kn)
			continue;	/* several code points: never matched */
		slot = emoji_slot(v, cp);
		if (slot->cp == 0) {
			if (++used * 2 > v->emask) {
				nf_error_set(e, NF_EDATA, path, l.line,
				    "too many emoji");
				lines_close(&l);
				return -1;
			}
			slot->cp = cp;
			if (cp < v->emin)
				v->emin = cp;
		}
		slot->off = (uint32_t)v->keys.len;
		slot->len = (uint32_t)dn;
		buf_add(&v->keys, d, dn);
	}
	lines_close(&l);
	return 0;
}

int
vader_load_negate(struct vader *v, const char *path, struct nf_error *e)
{
	struct lines l;
	char *s;
	size_t n;

	if (lines_open(&l, path, e) == -1)
		return -1;
	while ((s = lines_next(&l, &n)) != NULL)
		if (n > 0 && s[0] != '#') {
			int32_t k = word_intern(v, s, n);
			v->words[k].flags |= F_NEG;
		}
	lines_close(&l);
	return 0;
}

/* Add a phrase of the words in S (separated by spaces) to P. */
static int32_t
phrase_add(struct vader *v, struct phrases *p, char *s, size_t n,
    double val, uint32_t wflag)
{
	char *end = s + n, *q;
	struct phrase *ph;
	size_t start = v->npwords;
	int32_t w;

	for (;;) {
		while (s < end && *s == ' ')
			s++;
		if (s == end)
			break;
		q = s;
		while (q < end && *q != ' ')
			q++;
		w = word_intern(v, s, (size_t)(q - s));
		v->words[w].flags |= wflag;	/* (index taken first: words may move) */
		if (v->npwords == v->cappwords) {
			v->cappwords = v->cappwords ? 2 * v->cappwords : 64;
			v->pwords = nf_xreallocarray(v->pwords, v->cappwords,
			    sizeof(*v->pwords));
		}
		v->pwords[v->npwords++] = w;
		s = q;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->p = nf_xreallocarray(p->p, p->cap, sizeof(*p->p));
	}
	ph = &p->p[p->n];
	ph->off = (uint32_t)start;
	ph->n = (uint32_t)(v->npwords - start);
	ph->val = val;
	ph->next = -1;
	ph->pw = -1;
	return (int32_t)p->n++;
}

/*
 * Give overlay phrase K its word: the tokens of the phrase are read as
 * that word (valence VAL), whose key, a LF and the phrase number, no
 * token can match.  It does not count as the longest key.
 */
static void
phrase_word(struct vader *v, int32_t k, double val)
{
	char key[32];
	size_t maxkey = v->maxkey;
	int n = snprintf(key, sizeof(key), "\n%d", (int)k);
	int32_t w = word_intern(v, key, (size_t)n);

	v->maxkey = maxkey;
	v->overlay.p[k].pw = w;
	v->words[w].lex = val;
	v->words[w].flags = (v->words[w].flags & F_GRADE) |
	    (val != 0.0 ? F_LEX : 0);
}

/* Read a WORD<TAB>NUMBER table with a header line HEADER. */
static int
load_pairs(struct vader *v, const char *path, const char *header,
    int special, struct nf_error *e)
{
	struct lines l;
	char *s, *val;
	size_t n, kn, vn, hn = strlen(header);
	double d;
	int first = 1;

	if (lines_open(&l, path, e) == -1)
		return -1;
	while ((s = lines_next(&l, &n)) != NULL) {
		if (n == 0 || s[0] == '#')
			continue;
		if (first && strncmp(s, header, hn) == 0 &&
		    (s[hn] == '\0' || s[hn] == '\t')) {
			first = 0;
			continue;
		}
		first = 0;
		if ((val = field(s, 1, &vn)) == NULL ||
		    parse_number(val, vn, &d) == -1) {
			nf_error_set(e, NF_EDATA, path, l.line,
			    "expected %s<TAB>NUMBER", special ? "PHRASE" :
			    "WORD");
			lines_close(&l);
			return -1;
		}
		field(s, 0, &kn);
		if (memchr(s, ' ', kn) != NULL) {
			phrase_add(v, special ? &v->special : &v->bgram, s, kn,
			    d, special ? F_SPECIAL : F_BGRAM);
		} else if (!special) {
			int32_t k = word_intern(v, s, kn);

			v->words[k].flags |= F_BOOST;
			v->cold[k].boost = d;
		}
		/* a one-word special case ("badass") never matches a window */
	}
	lines_close(&l);
	return 0;
}

int
vader_load_boosters(struct vader *v, const char *path, struct nf_error *e)
{
	return load_pairs(v, path, "word", 0, e);
}

int
vader_load_special(struct vader *v, const char *path, struct nf_error *e)
{
	return load_pairs(v, path, "phrase", 1, e);
}

/* Lower-case S[0..N) (Python str.lower()) into B, leniently decoded. */
static void
lower_text(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, cl;

	buf_clear(b);
	while (i < n) {
		int32_t c = utf8_decode_lenient((const unsigned char *)s + i,
		    n - i, &cl);
		py_lower_into(b, c);
		i += cl;
	}
}

/*
 * The next entry of an overlay-style data file: blank lines and '#'
 * comments skipped, and a first line that starts "term<TAB>" (the column
 * names).  *FIRST is 1 before the first entry.
 */
static char *
next_entry(struct lines *l, size_t *n, int *first)
{
	char *s;

	while ((s = lines_next(l, n)) != NULL) {
		if (*n == 0 || s[0] == '#')
			continue;
		if (*first && strncmp(s, "term\t", 5) == 0) {
			*first = 0;
			continue;
		}
		*first = 0;
		return s;
	}
	return NULL;
}

int
vader_load_overlay(struct vader *v, const char *path, struct nf_error *e)
{
	struct lines l;
	struct buf low = { NULL, 0, 0 };
	char *s, *val;
	size_t n, kn, vn;
	double d = 0;
	int first = 1, negator;

	if (lines_open(&l, path, e) == -1)
		return -1;
	while ((s = next_entry(&l, &n, &first)) != NULL) {
		val = field(s, 1, &vn);
		negator = val != NULL && vn == 8 &&
		    memcmp(val, "negation", 8) == 0;
		if (val == NULL || (!negator &&
		    parse_number(val, vn, &d) == -1)) {
			nf_error_set(e, NF_EDATA, path, l.line,
			    "expected TERM<TAB>VALENCE[<TAB>NOTE] "
			    "(VALENCE a number or \"negation\")");
			goto fail;
		}
		field(s, 0, &kn);
		while (kn > 0 && s[kn - 1] == ' ')
			kn--;
		if (kn == 0 || (!negator && (d < -4.0 || d > 4.0))) {
			nf_error_set(e, NF_EDATA, path, l.line, kn == 0 ?
			    "empty term" : "valence outside -4..4");
			goto fail;
		}
		lower_text(&low, s, kn);
		if (negator) {
			int32_t k;

			if (memchr(low.data, ' ', low.len) != NULL) {
				nf_error_set(e, NF_EDATA, path, l.line,
				    "a negation must be one word");
				goto fail;
			}
			k = word_intern(v, low.data, low.len);
			v->words[k].flags |= F_NEG;
			v->words[k].flags &= ~(uint32_t)F_LEX;
		} else if (memchr(low.data, ' ', low.len) == NULL) {
			int32_t k = word_intern(v, low.data, low.len);
			struct word *w = &v->words[k];

			if (d == 0.0)
				w->flags &= ~(uint32_t)F_LEX;
			else
				w->flags |= F_LEX;
			w->lex = d;
		} else {
			int32_t k = phrase_add(v, &v->overlay, low.data,
			    low.len, d, 0);
			struct phrase *ph = &v->overlay.p[k];
			struct word *head = &v->words[v->pwords[ph->off]];
			int32_t *link =
			    &v->cold[v->pwords[ph->off]].phrase;

			head->flags |= F_PHEAD;
			/* keep the head's list longest first; a repeat wins */
			while (*link != -1) {
				struct phrase *o = &v->overlay.p[*link];
				if (o->n == ph->n && memcmp(v->pwords + o->off,
				    v->pwords + ph->off,
				    ph->n * sizeof(int32_t)) == 0) {
					o->val = d;
					phrase_word(v, *link, d);
					v->npwords -= ph->n;
					v->overlay.n--;
					k = -1;
					break;
				}
				if (o->n < ph->n)
					break;
				link = &o->next;
			}
			if (k >= 0) {
				ph->next = *link;
				*link = k;
				phrase_word(v, k, d);
			}
		}
	}
	buf_free(&low);
	lines_close(&l);
	return 0;
fail:
	buf_free(&low);
	lines_close(&l);
	return -1;
}

static int32_t word_lookup(const struct vader *, const char *, size_t);

/* The overlay phrase whose words are those of S[0..N) (lower case), or -1. */
static int32_t
overlay_phrase(struct vader *v, char *s, size_t n)
{
	int32_t words[16];
	size_t nw = 0, i, k;
	char *end = s + n, *q;

	while (s < end) {
		while (s < end && *s == ' ')
			s++;
		if (s == end)
			break;
		q = s;
		while (q < end && *q != ' ')
			q++;
		if (nw == 16)
			return -1;
		words[nw++] = word_lookup(v, s, (size_t)(q - s));
		s = q;
	}
	for (i = 0; i < v->overlay.n; i++) {
		const struct phrase *ph = &v->overlay.p[i];

		if (ph->n != nw)
			continue;
		for (k = 0; k < nw; k++)
			if (v->pwords[ph->off + k] != words[k])
				break;
		if (k == nw)
			return (int32_t)i;
	}
	return -1;
}

int
vader_load_mentions(struct vader *v, const char *path, struct nf_error *e)
{
	static const struct {
		const char	*name;
		uint32_t	 flag;
	} kinds[] = {
		{ "grade", F_GRADE }, { "predicate", F_PRED },
		{ "verdict", F_VERDICT }, { "skip", F_MSKIP },
		{ "holder", F_HOLDER }
	};
	struct lines l;
	struct buf low = { NULL, 0, 0 };
	char *s, *kind;
	size_t n, kn, tn, i;
	int first = 1;

	if (lines_open(&l, path, e) == -1)
		return -1;
	while ((s = next_entry(&l, &n, &first)) != NULL) {
		kind = field(s, 1, &kn);
		for (i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]);
		    i++)
			if (strlen(kinds[i].name) == kn &&
			    memcmp(kind, kinds[i].name, kn) == 0)
				break;
		if (kind == NULL || i == sizeof(kinds) / sizeof(kinds[0])) {
			nf_error_set(e, NF_EDATA, path, l.line,
			    "expected TERM<TAB>KIND[<TAB>NOTE] (KIND grade, "
			    "predicate, verdict, skip or holder)");
			goto fail;
		}
		field(s, 0, &tn);
		while (tn > 0 && s[tn - 1] == ' ')
			tn--;
		if (tn == 0) {
			nf_error_set(e, NF_EDATA, path, l.line, "empty term");
			goto fail;
		}
		lower_text(&low, s, tn);
		if (memchr(low.data, ' ', low.len) == NULL) {
			int32_t k = word_intern(v, low.data, low.len);

			v->words[k].flags |= kinds[i].flag;
		} else {
			int32_t k = kinds[i].flag == F_GRADE ?
			    overlay_phrase(v, low.data, low.len) : -1;

			if (k < 0) {
				nf_error_set(e, NF_EDATA, path, l.line,
				    "only a grade may be a phrase, and it must "
				    "be a phrase of the overlay");
				goto fail;
			}
			v->words[v->overlay.p[k].pw].flags |= F_GRADE;
			v->words[v->pwords[v->overlay.p[k].off]].flags |=
			    F_GHEAD;
		}
	}
	v->mentions = 1;
	buf_free(&low);
	lines_close(&l);
	return 0;
fail:
	buf_free(&low);
	lines_close(&l);
	return -1;
}

/* -------------------------------------------------------------- rounding */

static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };

/*
 * Python's round(x, d) as a whole number of 10^-d units: the exact binary
 * value rounded (an exact tie goes to even).  |X| * 10^D must be at most
 * 1e15.  Near a tie the decision is left to printf, which rounds the exact
 * value the same way.
 */
static inline int64_t
round_units(double x, int d)
{
	double p = p10[d], y = x * p, f;
	int64_t r = (int64_t)y;		/* floor(y), exact as |y| <= 1e15 */
	char tmp[64];

	r -= (double)r > y;
	f = y - (double)r;
	if (fabs(f - 0.5) < 1e-6) {
		snprintf(tmp, sizeof(tmp), "%.*f", d, x);
		return (int64_t)llround(strtod(tmp, NULL) * p);
	}
	return r + (f > 0.5);
}

double
vader_round(double x, int d)
{
	char tmp[64];

	if (d < 0 || d > 6 || !isfinite(x))
		return x;
	if (fabs(x * p10[d]) > 1e15) {
		snprintf(tmp, sizeof(tmp), "%.*f", d, x);
		return strtod(tmp, NULL);
	}
	/* copysign: -0.0002 rounds to -0.0, as in Python */
	return copysign((double)round_units(x, d) / p10[d], x);
}

static const char digits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* M ten-thousandths with 4 decimals ("-0.1234"; 0 is "0.0000"). */
static inline size_t
put_units4(char *out, long m)
{
	uint64_t u = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m, f;
	size_t k = 0;

	if (m < 0)
		out[k++] = '-';
	if (u < 100000) {	/* |x| < 10, every score: one integer digit */
		out[k++] = (char)('0' + u / 10000);
	} else {
		char digits[24];
		uint64_t ip = u / 10000;
		int nd = 0;

		do {
			digits[nd++] = (char)('0' + ip % 10);
			ip /= 10;
		} while (ip != 0);
		while (nd > 0)
			out[k++] = digits[--nd];
	}
	f = u % 10000;
	out[k++] = '.';
	memcpy(out + k, digits2 + 2 * (f / 100), 2);
	memcpy(out + k + 2, digits2 + 2 * (f % 100), 2);
	return k + 4;
}

size_t
vader_format4(char *out, double x)
{
	if (!isfinite(x) || fabs(x) >= 1e9)
		return (size_t)snprintf(out, 24, "%.4f", x);
	/* X is within 1e-12 of m / 10000: no tie can arise here */
	return put_units4(out, (int64_t)(x < 0 ? -(-x * 10000.0 + 0.5) :
	    x * 10000.0 + 0.5));
}

/* M ten-thousandths, a proportion with 3 decimals (0..10000 in tens). */
static inline size_t
put_prop4(char *out, long m)
{
	if (m >= 0 && m <= 10000 && m % 10 == 0) {
		memcpy(out, units3[m / 10], 6);
		return 6;
	}
	return put_units4(out, m);
}

size_t
vader_format_scores(char *out, const struct vader_scores *s)
{
	size_t k = 0;

	tables_init();
	out[k++] = '\t';
	k += put_prop4(out + k, s->neg4);
	out[k++] = '\t';
	k += put_prop4(out + k, s->neu4);
	out[k++] = '\t';
	k += put_prop4(out + k, s->pos4);
	out[k++] = '\t';
	k += put_units4(out + k, s->compound4);
	return k;
}

/* ------------------------------------------------------------- preparing */

/* Typographic marks read as ASCII (VADER_TYPOGRAPHIC); NULL if none. */
static const char *
typographic(int32_t c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
	case 0x2039: case 0x203A:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
	case 0x00AB: case 0x00BB:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		return "-";
	case 0x2026:
		return "...";
	default:
		return NULL;
	}
}

/*
 * Text with non-ASCII bytes (or NUL): decode leniently, replace each emoji
 * code point by its description (a space before it unless the previous
 * character was U+0020), write Python white space as ' ' and, in
 * typographic mode, quotes/dashes/ellipsis as ASCII.  S[0..FROM) is plain
 * ASCII without NUL (what the scan passed): copied as it is.  Returns
 * replacements.
 */
static size_t
prepare(struct vader *v, const char *s, size_t n, size_t from)
{
	struct buf *b = &v->text;
	size_t i = from, cl, bad = 0;
	int prev_space = from == 0 || s[from - 1] == ' ';
	const char *m;

	buf_clear(b);
	buf_reserve(b, n + 16);
	buf_add(b, s, from);
	while (i < n) {
		int32_t c;
		size_t j = i;

		/* a run of ASCII (no NUL): copied as it is, 8 bytes at a time */
		while (j + 8 <= n) {
			uint64_t x;
			memcpy(&x, s + j, 8);
			if (((x | (((x & ~HIGHS) + ~HIGHS) ^ HIGHS)) & HIGHS) != 0)
				break;	/* a byte >= 0x80, or a NUL */
			j += 8;
		}
		while (j < n && (unsigned char)s[j] - 1u < 0x7Fu)
			j++;
		if (j > i) {
			buf_add(b, s + i, j - i);
			prev_space = s[j - 1] == ' ';
			i = j;
			continue;
		}
		c = utf8_decode((const unsigned char *)s + i, n - i, &cl);
		if (c < 0) {
			c = UTF8_REPLACEMENT;
			bad++;
		}
		if (c >= v->emin) {
			const struct emoji *em = emoji_slot(v, c);
			if (em->cp == c) {
				if (!prev_space)
					buf_addc(b, ' ');
				buf_add(b, v->keys.data + em->off, em->len);
				prev_space = 0;
				i += cl;
				continue;
			}
		}
		prev_space = 0;
		if (py_space_high(c))
			buf_addc(b, ' ');
		else if ((v->flags & VADER_TYPOGRAPHIC) &&
		    (m = typographic(c)) != NULL)
			buf_add(b, m, strlen(m));
		else if (c == UTF8_REPLACEMENT)
			buf_add(b, "\xEF\xBF\xBD", 3);
		else
			buf_add(b, s + i, cl);
		i += cl;
	}
	return bad;
}

/* ------------------------------------------------------------ tokenising */

/* Room for N tokens (and their lexicon positions). */
static void
toks_reserve(struct vader *v, size_t n)
{
	if (n <= v->captoks)
		return;
	v->captoks = n + n / 2 + 64;
	v->toks = nf_xreallocarray(v->toks, v->captoks, sizeof(*v->toks));
	v->lexpos = nf_xreallocarray(v->lexpos, v->captoks,
	    sizeof(*v->lexpos));
}

/* Does S[0..N) contain "n't", letters in any case? */
static int
has_nt(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 1 < n; i++)
		if (s[i] == '\'' && (s[i - 1] | 0x20) == 'n' &&
		    (s[i + 1] | 0x20) == 't')
			return 1;
	return 0;
}

/* Does S[0..N) hold a byte >= 0x80? */
static int
memchr_high(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] & 0x80)
			return 1;
	return 0;
}

/* The word S[0..N) (lower-cased; any length), or -1. */
static int32_t
word_lookup(const struct vader *v, const char *s, size_t n)
{
	uint64_t k0, k1, h;

	if (n > v->maxkey)
		return -1;
	h = key_words(s, n, &k0, &k1);
	return word_find(v, s, n, k0, k1, h);
}

/* A token looked up byte by byte: its word's flags, and "n't". */
static void
token_finish(const struct vader *v, const unsigned char *s, size_t n,
    struct tok *t)
{
	if (t->w >= 0)
		t->flags |= v->words[t->w].flags;
	if (memchr(s, '\'', n) != NULL && has_nt((const char *)s, n))
		t->flags |= T_NT;
}

/* Token S[0..N) containing non-ASCII: Python isupper() and lower(). */
static void
token_high(struct vader *v, const char *s, size_t n, struct tok *t)
{
	size_t i = 0, cl;
	int cased = 0, notupper = 0;

	buf_clear(&v->low);
	while (i < n) {
		int32_t c = utf8_decode_lenient((const unsigned char *)s + i,
		    n - i, &cl);
		switch (py_case(c)) {
		case 1:
			cased = 1;
			break;
		case 2:
			notupper = 1;
			break;
		}
		py_lower_into(&v->low, c);
		i += cl;
	}
	t->flags = cased && !notupper ? T_UPPER : 0;
	t->w = word_lookup(v, v->low.data, v->low.len);
	token_finish(v, (const unsigned char *)s, n, t);
}

/* In 8 ASCII bytes: 0x80 in each byte holding A..Z / a..z. */
static inline uint64_t
swar_upper(uint64_t x)
{
	return (x + ONES * (0x80 - 'A')) & ~(x + ONES * (0x80 - 'Z' - 1)) &
	    HIGHS;
}

static inline uint64_t
swar_lower(uint64_t x)
{
	return (x + ONES * (0x80 - 'a')) & ~(x + ONES * (0x80 - 'z' - 1)) &
	    HIGHS;
}

/* 0x80 in each byte equal to zero (exact for ASCII bytes). */
static inline uint64_t
swar_zero(uint64_t x)
{
	return ~(x + ONES * 0x7F) & HIGHS;
}

/*
 * The look-up of a key of at most 16 bytes, K0 K1 (lower-cased, padded
 * with zeros), of length N <= v->maxkey.  The usual outcomes are decided
 * in a few instructions: no fingerprint in the home bucket matches and the
 * bucket is not full (no such word), or the one matching slot holds it.
 */
HOT_INLINE int32_t
word_probe(const struct vader *v, uint64_t k0, uint64_t k1, size_t n)
{
	uint64_t h = hash_words(k0, k1, NULL, n);
	size_t b = hash_bucket(v, h);
	uint64_t B = v->fp[b], m = lanes_zero(B ^ (hash_fp(h) * LANES));

	if (m == 0 && !bucket_full(B))
		return -1;
	if ((m & (m - 1)) == 0 && m != 0) {
		uint32_t k = v->widx[4 * b + (size_t)__builtin_ctzll(m) / 16];
		const struct word *w = &v->words[k];

		if (w->len == n && w->k[0] == k0 && w->k[1] == k1)
			return (int32_t)k;
		if (!bucket_full(B))
			return -1;
	}
	/* (several candidates, or a full bucket: rare) */
	return word_find(v, NULL, n, k0, k1, h);
}

/*
 * An ASCII token S[0..N), 1 <= N <= 16 (S may be read 16 bytes far):
 * isupper, lower-casing, "n't" (only looked for when the text has an
 * apostrophe: APOS) and the look-up, on the token as two 64-bit words.
 * QF: token flags to add (quote marks).
 */
HOT_INLINE void
token_short(const struct vader *v, const unsigned char *s, size_t n,
    int apos, uint32_t qf, struct tok *t)
{
	uint64_t k0, k1;
	uint32_t fl;
	int32_t w = -1;
#if defined(VADER_SSE2) && defined(__x86_64__)
	/* the 16 bytes at once: letters by signed compares (all ASCII here) */
	__m128i x = _mm_and_si128(_mm_loadu_si128((const __m128i *)s),
	    _mm_loadu_si128((const __m128i *)keymask[n]));
	__m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
	__m128i lo = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
	unsigned um = (unsigned)_mm_movemask_epi8(up);
	unsigned lm = (unsigned)_mm_movemask_epi8(lo);

	fl = um != 0 && lm == 0 ? T_UPPER : 0;
	x = _mm_or_si128(x, _mm_and_si128(up, _mm_set1_epi8(0x20)));
	k0 = (uint64_t)_mm_cvtsi128_si64(x);
	k1 = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x));
	if (apos && _mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_set1_epi8('\''))) != 0 && has_nt((const char *)s, n))
		fl |= T_NT;
#else
	uint64_t u0, u1, lo;

	memcpy(&k0, s, 8);
	memcpy(&k1, s + 8, 8);
	k0 &= keymask[n][0];
	k1 &= keymask[n][1];
	u0 = swar_upper(k0);
	u1 = swar_upper(k1);
	lo = swar_lower(k0) | swar_lower(k1);
	fl = (u0 | u1) != 0 && lo == 0 ? T_UPPER : 0;
	k0 |= u0 >> 2;		/* 0x80 >> 2 == 0x20: to lower case */
	k1 |= u1 >> 2;
	if (apos && (swar_zero(k0 ^ (ONES * '\'')) |
	    swar_zero(k1 ^ (ONES * '\''))) != 0 && has_nt((const char *)s, n))
		fl |= T_NT;
#endif
	if (n <= v->maxkey && (w = word_probe(v, k0, k1, n)) >= 0)
		fl |= v->words[w].flags;
	t->w = w;
	t->flags = fl | qf;
}

/* An ASCII token longer than 16 bytes: byte by byte. */
static void
token_long(struct vader *v, const unsigned char *s, size_t n,
    struct tok *t)
{
	size_t i;
	unsigned acc = 0;

	buf_clear(&v->low);
	buf_reserve(&v->low, n);
	for (i = 0; i < n; i++) {
		acc |= cls[s[i]];
		v->low.data[i] = (char)lower_ascii[s[i]];
	}
	v->low.len = n;
	t->flags = (acc & (CL_UPPER | CL_LOWER)) == CL_UPPER ? T_UPPER : 0;
	t->w = word_lookup(v, v->low.data, n);
	token_finish(v, s, n, t);
}

/*
 * The scan: one pass over the text copies it into v->pad (followed by 64
 * filler bytes 0x01, which belong to no class, so that the last group and
 * a token's 16-byte load may read past the end) and sets one bit per byte
 * in three bitmaps: Python white space (v->bits), ASCII punctuation
 * (v->pbits), bytes >= 0x80 or NUL (v->hbits); it counts '!' and '?' and
 * notes whether there is an apostrophe.  Bits past the end are white space
 * (one 64-bit word to spare), so every token ends inside the bitmap.
 */
enum {
	S_HIGH = 0x1,		/* a byte >= 0x80, or a NUL */
	S_APOS = 0x2		/* an apostrophe */
};

struct scan {
	size_t		 n;
	size_t		 nexcl;
	size_t		 nquest;
	unsigned	 flags;
	size_t		 from;		/* where a stopped scan stopped */
};

/* A stopped scan stops at a multiple of this many bytes. */
#ifdef VADER_SSE2
#define SCAN_UNIT	16
#else
#define SCAN_UNIT	64
#endif

/* For bytes Y <= 0x7F: 0x80 in each byte with Y >= C, with Y <= C. */
static inline uint64_t
swar_ge(uint64_t y, unsigned c)
{
	return (y + ONES * (0x80 - c)) & HIGHS;
}

static inline uint64_t
swar_le(uint64_t y, unsigned c)
{
	return (ONES * (0x80 + c) - y) & HIGHS;
}

/* How many of M's bytes have their 0x80 bit set (M has no other bits). */
static inline size_t
swar_count(uint64_t m)
{
	return (size_t)(((m >> 7) * ONES) >> 56);
}

/* The 0x80 bits of M's 8 bytes as 8 bits (byte 0 -> bit 0). */
static inline uint64_t
swar_pack(uint64_t m)
{
	return (((m >> 7) * 0x0002040810204081ull) >> 49) & 0xFF;
}

#ifdef VADER_SSE2
/* 0xFF in each byte of X within LO..HI (unsigned), else 0. */
static inline __m128i
sse_in(__m128i x, int lo, int hi)
{
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8((char)lo));

	return _mm_cmpeq_epi8(_mm_subs_epu8(d, _mm_set1_epi8((char)(hi - lo))),
	    _mm_setzero_si128());
}

/* Number of bits set in a 16-bit mask (no popcnt instruction needed). */
static inline size_t
bits16(unsigned m)
{
	m = m - ((m >> 1) & 0x5555);
	m = (m & 0x3333) + ((m >> 2) & 0x3333);
	m = (m + (m >> 4)) & 0x0F0F;
	return (m + (m >> 8)) & 0x1F;
}

/* Store the 16 bits of M as bits 16C..16C+15 of bitmap B (little-endian). */
static inline void
put16(uint64_t *b, size_t c, unsigned m)
{
	uint16_t x = (uint16_t)m;

	memcpy((char *)b + 2 * c, &x, 2);
}
#endif

/*
 * Scan T[0..N) (see above).  With STOP, give up at the first SCAN_UNIT
 * bytes holding a byte >= 0x80 or NUL: set SC->from to their offset and
 * return -1; the bitmaps and counts of the bytes before stand.  Such text
 * is prepared, then scanned again from SC->from (FROM; the prepared text's
 * first FROM bytes are the same, already in v->pad).  Otherwise 0.
 */
static int
scan(struct vader *v, const char *t, size_t n, size_t from, int stop,
    struct scan *sc)
{
	const unsigned char *p;
	size_t i, nw = n / 64 + 2, ne = 0, nq = 0, wn = n / 64;
	uint64_t *bits, *pbits, *hbits, keep;
	unsigned high = 0, apos = 0;

	if (from > 0) {
		ne = sc->nexcl;
		nq = sc->nquest;
		apos = (sc->flags & S_APOS) != 0;
	}
	/* (grown keeping the contents: a resumed scan keeps its start) */
	if (v->pad.cap < n + 80) {
		v->pad.cap = n + n / 8 + 128;
		v->pad.data = nf_xrealloc(v->pad.data, v->pad.cap);
	}
	if (v->capbits < nw) {
		v->capbits = nw + nw / 8 + 4;
		v->bits = nf_xreallocarray(v->bits, v->capbits,
		    sizeof(*v->bits));
		v->pbits = nf_xreallocarray(v->pbits, v->capbits,
		    sizeof(*v->pbits));
		v->hbits = nf_xreallocarray(v->hbits, v->capbits,
		    sizeof(*v->hbits));
	}
	bits = v->bits;
	pbits = v->pbits;
	hbits = v->hbits;
	memcpy(v->pad.data + from, t + from, n - from);
	memset(v->pad.data + n, 0x01, 64);
	p = (const unsigned char *)v->pad.data;
#ifdef VADER_SSE2
	/*
	 * Sixteen bytes at a time (SSE2), each class's 16 bits stored as they
	 * come; the chunks reach byte N, a filler.
	 */
	for (i = from / 16; i <= n / 16; i++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * i));
		unsigned sp, pu, hi, ex, qm;

		/* (signed: bytes >= 0x80 are negative, and NUL is below 1) */
		hi = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x,
		    _mm_set1_epi8(1)));
		if (hi != 0) {
			if (stop) {
				sc->from = 16 * i;
				sc->nexcl = ne;
				sc->nquest = nq;
				sc->flags = apos ? S_APOS : 0;
				return -1;
			}
			high = 1;
		}
		/* Python white space in ASCII: 9..13 and 28..32 */
		sp = (unsigned)_mm_movemask_epi8(_mm_or_si128(sse_in(x, 9, 13),
		    sse_in(x, 28, 32)));
		/* string.punctuation: 0x21..0x7E but letters and digits */
		pu = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(
		    _mm_or_si128(sse_in(x, '0', '9'), sse_in(_mm_or_si128(x,
		    _mm_set1_epi8(0x20)), 'a', 'z')), sse_in(x, 0x21, 0x7E)));
		ex = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
		    _mm_set1_epi8('!')));
		qm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
		    _mm_set1_epi8('?')));
		apos |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
		    _mm_set1_epi8('\'')));
		if (ex | qm) {
			ne += bits16(ex);
			nq += bits16(qm);
		}
		put16(bits, i, sp);
		put16(pbits, i, pu);
		put16(hbits, i, hi);
	}
#else
	/*
	 * Eight bytes at a time (SWAR), one 64-bit word of each bitmap a turn
	 * (a word's counts are added when it is done: a stop drops them).
	 */
	for (i = from / 64; i <= wn; i++) {
		uint64_t sw = 0, pw = 0, hw = 0;
		size_t g, we = 0, wq = 0;
		unsigned wa = 0;

		for (g = 0; g < 8 && 64 * i + 8 * g <= n; g++) {
			uint64_t x, y, asc, sp, hi, ex, qm, pu, ap;

			memcpy(&x, p + 64 * i + 8 * g, 8);
			y = x & (ONES * 0x7F);
			asc = ~x & HIGHS;
			hi = (x & HIGHS) | (asc & swar_le(y, 0));
			if (hi != 0) {
				if (stop) {
					sc->from = 64 * i;
					sc->nexcl = ne;
					sc->nquest = nq;
					sc->flags = apos ? S_APOS : 0;
					return -1;
				}
				high = 1;
			}
			/* Python white space in ASCII: 9..13 and 28..32 */
			sp = asc & ((swar_ge(y, 9) & swar_le(y, 13)) |
			    (swar_ge(y, 28) & swar_le(y, 32)));
			/* string.punctuation: 0x21..0x2F 0x3A..0x40 0x5B..0x60 0x7B..0x7E */
			pu = asc & ((swar_ge(y, 0x21) & swar_le(y, 0x2F)) |
			    (swar_ge(y, 0x3A) & swar_le(y, 0x40)) |
			    (swar_ge(y, 0x5B) & swar_le(y, 0x60)) |
			    (swar_ge(y, 0x7B) & swar_le(y, 0x7E)));
			ex = asc & swar_ge(y, '!') & swar_le(y, '!');
			qm = asc & swar_ge(y, '?') & swar_le(y, '?');
			ap = asc & swar_ge(y, '\'') & swar_le(y, '\'');
			wa |= ap != 0;
			we += swar_count(ex);
			wq += swar_count(qm);
			sw |= swar_pack(sp) << (8 * g);
			pw |= swar_pack(pu) << (8 * g);
			hw |= swar_pack(hi) << (8 * g);
		}
		ne += we;
		nq += wq;
		apos |= wa;
		bits[i] = sw;
		pbits[i] = pw;
		hbits[i] = hw;
	}
#endif
	/* past the end: white space, to the end of the word and one more */
	keep = n % 64 != 0 ? ~(uint64_t)0 >> (64 - n % 64) : 0;
	bits[wn] = (bits[wn] & keep) | ~keep;
	pbits[wn] &= keep;
	hbits[wn] &= keep;
	bits[wn + 1] = ~(uint64_t)0;
	pbits[wn + 1] = 0;
	hbits[wn + 1] = 0;
	sc->n = n;
	sc->nexcl = ne;
	sc->nquest = nq;
	sc->flags = (high ? S_HIGH : 0) | (apos ? S_APOS : 0);
	return 0;
}

/*
 * At least BITS_AT_N bits of bitmap BITS from bit I on (the bitmap has a
 * word to spare): one unaligned load where its bytes are in bit order
 * (little-endian), else two words.
 */
#define BITS_AT_N	57

static inline uint64_t
bits_at(const uint64_t *bits, size_t i)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x;

	memcpy(&x, (const unsigned char *)bits + i / 8, 8);
	return x >> (i % 8);
#else
	size_t w = i / 64, r = i % 64;

	return (bits[w] >> r) | ((bits[w + 1] << 1) << (63 - r));
#endif
}

/* The low N bits set (1 <= N <= 64). */
static inline uint64_t
lowbits(size_t n)
{
	return ~(uint64_t)0 >> (64 - n);
}

/*
 * With a mentions file: T_QOPEN / T_QCLOSE when the punctuation stripped
 * from the start (P[S..A)) / the end (P[B..E)) of a token ends / starts
 * with a quote mark (' or ", typographic ones already read as these):
 * a mark right against the word, as in ‘good’, "good", (‘good’),.
 */
static inline uint32_t
quote_flags(const unsigned char *p, size_t s, size_t a, size_t b, size_t e)
{
	return (a > s && (cls[p[a - 1]] & CL_QUOTE) ? T_QOPEN : 0) |
	    (b < e && (cls[p[b]] & CL_QUOTE) ? T_QCLOSE : 0);
}

/*
 * A token the fast path does not take: longer than BITS_AT_N bytes, or with a
 * byte >= 0x80 (HIGH: the text has such bytes).  The same rules, byte by
 * byte where needed: strip ASCII punctuation from both ends unless that
 * leaves 2 code points or fewer.
 */
static void
token_slow(struct vader *v, const unsigned char *p, size_t s, size_t e,
    int high, struct tok *t)
{
	size_t a = s, b = e;
	int keep;

	if (e - s <= BITS_AT_N) {
		uint64_t q = ~bits_at(v->pbits, s) & lowbits(e - s);

		if (q != 0) {
			a = s + (size_t)__builtin_ctzll(q);
			b = s + 64 - (size_t)__builtin_clzll(q);
		}
	} else {
		while (a < b && (cls[p[a]] & CL_PUNCT))
			a++;
		while (b > a && (cls[p[b - 1]] & CL_PUNCT))
			b--;
	}
	keep = b - a <= 2;
	if (keep) {
		a = s;
		b = e;
	} else if (high) {
		size_t q, ncp = 0;

		for (q = a; q < b && ncp <= 2; q++)
			ncp += (p[q] & 0xC0) != 0x80;
		if (ncp <= 2) {
			a = s;
			b = e;
		}
	}
	if (high && memchr_high(p + a, b - a))
		token_high(v, (const char *)p + a, b - a, t);
	else if (b - a <= 16)
		token_short(v, p + a, b - a, 1, 0, t);
	else
		token_long(v, p + a, b - a, t);
	if (v->mentions && (a != s || b != e))
		t->flags |= quote_flags(p, s, a, b, e);
}

/* Token arrays are sized for a whole row up to this many bytes. */
#define TOK_ROOM	65536

/*
 * Split the scanned text (v->pad, the bitmaps) into tokens, each looked
 * up as it is cut, and gather what the rules need of the row: where the
 * lexicon words are, the word flags present.  Returns the number of
 * tokens.
 */
HOT_INLINE size_t
tokenise_run(struct vader *v, const struct scan *sc, int grow)
{
	const unsigned char *p = (const unsigned char *)v->pad.data;
	const uint64_t *bits = v->bits, *pbits = v->pbits, *hbits = v->hbits;
	size_t n = sc->n, ntok = 0, nlex = 0;
	size_t w, s = 0, cap;
	uint64_t carry = 1;
	uint32_t all = 0;
	int high = (sc->flags & S_HIGH) != 0, apos = (sc->flags & S_APOS) != 0;
	int mentions = v->mentions, open = 0;
	struct tok *tk;
	uint32_t *lexpos;

	/*
	 * Room for every token of a row up to TOK_ROOM bytes (tokens are
	 * separated by white space: (n + 1) / 2 of them at most); a longer
	 * one grows the arrays as it goes (GROW).
	 */
	toks_reserve(v, (grow ? TOK_ROOM : n) / 2 + 2);
	tk = v->toks;
	lexpos = v->lexpos;
	cap = v->captoks;
	/*
	 * A token starts where a non-space bit follows a space bit and ends
	 * where a space bit follows it; bits past the end are space (scan).
	 * Word by word, starts and ends alternate: each end closes the last
	 * start, which may lie in an earlier word (OPEN).
	 */
	for (w = 0; w <= n / 64; w++) {
		uint64_t sp = bits[w], prev = (sp << 1) | carry;
		uint64_t starts = ~sp & prev, ends = sp & ~prev;

		carry = sp >> 63;
		while (ends != 0) {
			size_t e = w * 64 + (size_t)__builtin_ctzll(ends), len;
			struct tok *tok;
			uint32_t fl, qf = 0;

			ends &= ends - 1;
			if (!open) {
				s = w * 64 + (size_t)__builtin_ctzll(starts);
				starts &= starts - 1;
			}
			open = 0;
			if (grow && ntok == cap) {
				toks_reserve(v, ntok + 1);
				tk = v->toks;
				lexpos = v->lexpos;
				cap = v->captoks;
			}
			tok = &tk[ntok];
			len = e - s;
			if (len > BITS_AT_N || (high &&
			    (bits_at(hbits, s) & lowbits(len)) != 0)) {
				token_slow(v, p, s, e, high, tok);
			} else {
				/* strip punctuation with its bits: no byte loop */
				uint64_t pu = bits_at(pbits, s) & lowbits(len);
				size_t a = s, b = e;

				if (pu != 0) {
					uint64_t q = ~pu & lowbits(len);

					if (q != 0) {
						a = s + (size_t)__builtin_ctzll(q);
						b = s + 64 -
						    (size_t)__builtin_clzll(q);
					}
					/* 2 characters or fewer left: kept whole */
					if (b - a <= 2) {
						a = s;
						b = e;
					} else if (mentions) {
						qf = quote_flags(p, s, a, b, e);
					}
				}
				if (b - a <= 16) {
					token_short(v, p + a, b - a, apos, qf,
					    tok);
				} else {
					token_long(v, p + a, b - a, tok);
					tok->flags |= qf;
				}
			}
			fl = tok->flags;
			lexpos[nlex] = (uint32_t)ntok;
			nlex += fl & F_LEX;
			all |= fl;
			ntok++;
		}
		if (starts != 0) {		/* a token going on past W */
			s = w * 64 + (size_t)__builtin_ctzll(starts);
			open = 1;
		}
	}
	v->nlex = nlex;
	v->allflags = all;
	return ntok;
}

static size_t
tokenise(struct vader *v, const struct scan *sc)
{
	return sc->n <= TOK_ROOM ? tokenise_run(v, sc, 0) :
	    tokenise_run(v, sc, 1);
}

/*
 * Overlay phrases: the longest phrase at each token, left to right.  The
 * phrase's first token becomes the phrase's word, the others no word;
 * capitals stay as they were, and the phrase is quoted when a quote mark
 * opens its first token and one closes its last.
 */
static int
apply_phrases(struct vader *v, struct tok *tk, size_t n)
{
	size_t i, k;
	int32_t p;
	int changed = 0;

	for (i = 0; i < n; i++) {
		if (!(tk[i].flags & F_PHEAD))
			continue;
		for (p = v->cold[tk[i].w].phrase; p != -1;
		    p = v->overlay.p[p].next) {
			const struct phrase *ph = &v->overlay.p[p];
			const int32_t *pw = v->pwords + ph->off;

			if (i + ph->n > n)
				continue;
			for (k = 1; k < ph->n; k++)
				if (tk[i + k].w != pw[k])
					break;
			if (k < ph->n)
				continue;
			tk[i].w = ph->pw;
			tk[i].flags = (tk[i].flags & (T_UPPER | T_QOPEN)) |
			    (tk[i + ph->n - 1].flags & T_QCLOSE) |
			    v->words[ph->pw].flags;
			for (k = 1; k < ph->n; k++) {
				tk[i + k].w = -1;
				tk[i + k].flags = (tk[i + k].flags & T_UPPER) |
				    T_PTAIL;
			}
			i += ph->n - 1;
			changed = 1;
			break;
		}
	}
	return changed;
}

/*
 * Quoted grade names (mentions file): a grade name standing alone in
 * quotes (‘inadequate’, "requires improvement") is a judgement when a
 * predicate introduces it -- the word right before it is a "predicate"
 * (was, is, be, as ...) or one of the two words before it is a "verdict"
 * verb (rated, judged, gave ...), "skip" words (a, the, overall, still
 * ...) not counted.  Otherwise, followed by a "holder" noun (council,
 * service ...), it describes that holder in passing ("progress at
 * ‘inadequate’ county"): background, at half its valence (T_HALF).  Any
 * other quoted grade is a mention ("what ‘good’ looks like", "a ‘good’
 * rating but", "from ‘inadequate’ to"), which scores nothing, as if it
 * were no word of the lexicon.  Returns whether a token lost its word.
 */
static int
quoted_mentions(struct tok *tk, size_t n)
{
	const uint32_t want = F_GRADE | F_LEX | T_QOPEN | T_QCLOSE;
	size_t i, j, d;
	int changed = 0, judged;

	for (i = 0; i < n; i++) {
		if ((tk[i].flags & want) != want)
			continue;
		judged = 0;
		for (j = i, d = 0; j > 0 && d < 2 && !judged;) {
			uint32_t g = tk[--j].flags;

			if (g & F_MSKIP)
				continue;
			d++;
			judged = (g & F_VERDICT) || (d == 1 && (g & F_PRED));
		}
		if (judged)
			continue;
		for (j = i + 1; j < n && (tk[j].flags & T_PTAIL); j++)
			;
		if (j < n && (tk[j].flags & F_HOLDER)) {
			tk[i].flags |= T_HALF;
		} else {
			tk[i].flags &= ~(uint32_t)F_LEX;
			changed = 1;
		}
	}
	return changed;
}

/* After apply_phrases: where the lexicon words and the first "but" are. */
static void
count_tokens(struct vader *v, const struct tok *tk, size_t n)
{
	size_t i, nlex = 0, bi = SIZE_MAX;

	for (i = 0; i < n; i++) {
		v->lexpos[nlex] = (uint32_t)i;
		nlex += tk[i].flags & F_LEX;
		if ((tk[i].flags & F_BUT) && bi == SIZE_MAX)
			bi = i;
	}
	v->nlex = nlex;
	v->bi = bi;
}

/* ----------------------------------------------------------------- rules */

static int
negated(const struct tok *t)
{
	return (t->flags & (F_NEG | T_NT)) != 0;
}

/* Is the window of N tokens at T (word indices) a phrase of P?  *VAL set. */
static int
phrase_match(const struct vader *v, const struct phrases *p, uint32_t need,
    const struct tok *t, size_t n, double *val)
{
	size_t i, k;

	for (k = 0; k < n; k++)
		if (!(t[k].flags & need))
			return 0;
	for (i = 0; i < p->n; i++) {
		const struct phrase *ph = &p->p[i];
		if (ph->n != n)
			continue;
		for (k = 0; k < n; k++)
			if (t[k].w != v->pwords[ph->off + k])
				break;
		if (k == n) {
			*val = ph->val;
			return 1;
		}
	}
	return 0;
}

static double
scalar_inc_dec(const struct vader *v, const struct tok *t, double valence,
    int cap_diff)
{
	double scalar = 0.0;

	if (t->flags & F_BOOST) {
		scalar = v->cold[t->w].boost;
		if (valence < 0)
			scalar *= -1;
		if ((t->flags & T_UPPER) && cap_diff) {
			if (valence > 0)
				scalar += C_INCR;
			else
				scalar -= C_INCR;
		}
	}
	return scalar;
}

static int
is_w(const struct tok *t, int32_t w)
{
	return t->w == w;
}

static double
negation_check(const struct vader *v, double valence, const struct tok *tk,
    int start_i, size_t i)
{
	switch (start_i) {
	case 0:
		if (negated(&tk[i - 1]))
			valence *= N_SCALAR;
		break;
	case 1:
		if (is_w(&tk[i - 2], v->w_never) &&
		    (is_w(&tk[i - 1], v->w_so) || is_w(&tk[i - 1], v->w_this)))
			valence *= 1.25;
		else if (is_w(&tk[i - 2], v->w_without) &&
		    is_w(&tk[i - 1], v->w_doubt))
			;
		else if (negated(&tk[i - 2]))
			valence *= N_SCALAR;
		break;
	case 2:
		/* the reference's precedence: (never and so/this) or so/this */
		if ((is_w(&tk[i - 3], v->w_never) &&
		    (is_w(&tk[i - 2], v->w_so) || is_w(&tk[i - 2], v->w_this))) ||
		    (is_w(&tk[i - 1], v->w_so) || is_w(&tk[i - 1], v->w_this)))
			valence *= 1.25;
		else if (is_w(&tk[i - 3], v->w_without) &&
		    (is_w(&tk[i - 2], v->w_doubt) || is_w(&tk[i - 1], v->w_doubt)))
			;
		else if (negated(&tk[i - 3]))
			valence *= N_SCALAR;
		break;
	}
	return valence;
}

static double
special_idioms_check(const struct vader *v, double valence,
    const struct tok *tk, size_t n, size_t i)
{
	double val;

	/* (i-1,i) (i-2,i-1,i) (i-2,i-1) (i-3,i-2,i-1) (i-3,i-2): first wins */
	if (phrase_match(v, &v->special, F_SPECIAL, tk + i - 1, 2, &val) ||
	    phrase_match(v, &v->special, F_SPECIAL, tk + i - 2, 3, &val) ||
	    phrase_match(v, &v->special, F_SPECIAL, tk + i - 2, 2, &val) ||
	    phrase_match(v, &v->special, F_SPECIAL, tk + i - 3, 3, &val) ||
	    phrase_match(v, &v->special, F_SPECIAL, tk + i - 3, 2, &val))
		valence = val;
	if (n - 1 > i &&
	    phrase_match(v, &v->special, F_SPECIAL, tk + i, 2, &val))
		valence = val;
	if (n - 1 > i + 1 &&
	    phrase_match(v, &v->special, F_SPECIAL, tk + i, 3, &val))
		valence = val;
	/* booster n-grams before the word ("kind of"), whatever the sign */
	if (phrase_match(v, &v->bgram, F_BGRAM, tk + i - 3, 3, &val))
		valence = valence + val;
	if (phrase_match(v, &v->bgram, F_BGRAM, tk + i - 3, 2, &val))
		valence = valence + val;
	if (phrase_match(v, &v->bgram, F_BGRAM, tk + i - 2, 2, &val))
		valence = valence + val;
	return valence;
}

static double
least_check(const struct vader *v, double valence, const struct tok *tk,
    size_t i)
{
	if (i > 1 && !(tk[i - 1].flags & F_LEX) && is_w(&tk[i - 1], v->w_least)) {
		if (!is_w(&tk[i - 2], v->w_at) && !is_w(&tk[i - 2], v->w_very))
			valence *= N_SCALAR;
	} else if (i > 0 && !(tk[i - 1].flags & F_LEX) &&
	    is_w(&tk[i - 1], v->w_least)) {
		valence *= N_SCALAR;
	}
	return valence;
}

static double
sentiment_valence(const struct vader *v, const struct tok *tk, size_t n,
    size_t i, int cap_diff)
{
	const struct tok *t = &tk[i];
	double lex = v->words[t->w].lex, valence = lex, s;
	int start_i;

	if (is_w(t, v->w_no) && i != n - 1 && (tk[i + 1].flags & F_LEX))
		valence = 0.0;
	if ((i > 0 && is_w(&tk[i - 1], v->w_no)) ||
	    (i > 1 && is_w(&tk[i - 2], v->w_no)) ||
	    (i > 2 && is_w(&tk[i - 3], v->w_no) &&
	    (is_w(&tk[i - 1], v->w_or) || is_w(&tk[i - 1], v->w_nor))))
		valence = lex * N_SCALAR;
	if ((t->flags & T_UPPER) && cap_diff) {
		if (valence > 0)
			valence += C_INCR;
		else
			valence -= C_INCR;
	}
	for (start_i = 0; start_i < 3; start_i++) {
		const struct tok *p;

		if (i <= (size_t)start_i)
			break;
		p = &tk[i - (size_t)(start_i + 1)];
		if (p->flags & F_LEX)
			continue;
		s = scalar_inc_dec(v, p, valence, cap_diff);
		if (start_i == 1 && s != 0)
			s = s * 0.95;
		if (start_i == 2 && s != 0)
			s = s * 0.9;
		valence = valence + s;
		valence = negation_check(v, valence, tk, start_i, i);
		if (start_i == 2)
			valence = special_idioms_check(v, valence, tk, n, i);
	}
	return least_check(v, valence, tk, i);
}

/* ------------------------------------------------------------------ "but" */

/* The slot of value X in the index of MASK + 1 slots (created if new). */
static struct bslot *
bslot(struct bslot *bs, size_t mask, double x)
{
	uint64_t bits;
	size_t i;

	memcpy(&bits, &x, sizeof(bits));
	i = (size_t)((bits ^ (bits >> 29)) * 0x9E3779B97F4A7C15ull >> 40) & mask;
	for (;;) {
		struct bslot *b = &bs[i];
		if (b->bits == 0) {
			b->bits = bits;
			b->count = 0;
			b->hint = 0;
			return b;
		}
		if (b->bits == bits)
			return b;
		i = (i + 1) & mask;
	}
}

static void
bslot_add(struct bslot *b, uint32_t pos)
{
	if (b->count == 0 || pos < b->hint)
		b->hint = pos;
	b->count++;
}

/*
 * The reference's _but_check, list-index quirk included: for each position
 * k in order, its value x is written back (halved before the first "but",
 * ×1.5 after) at the FIRST position holding a value equal to x, which can
 * be an earlier, already scaled one.  Zeros are unchanged by either factor
 * and skipped, and other tokens score 0, so only the N lexicon words take
 * part: S[k] is the value of the word at token position POS[k].  Equal
 * values are found through a hash of the values held by the words already
 * passed (count and a lower bound of the first); it holds at most 2N
 * values (never 0, which is not looked for) in more than 2N slots.
 */
static void
but_check(struct vader *v, double *s, const uint32_t *pos, size_t n,
    size_t bi)
{
	size_t k, need = 16, mask;
	struct bslot *bs;

	while (need <= 2 * n)
		need *= 2;
	if (v->bmask + 1 < need) {
		free(v->bs);
		v->bs = nf_xcalloc(need, sizeof(*v->bs));
		v->bmask = need - 1;
	}
	bs = v->bs;
	mask = need - 1;
	memset(bs, 0, need * sizeof(*bs));
	for (k = 0; k < n; k++) {
		double x = s[k], y;
		struct bslot *b;
		size_t si;

		if (x == 0)
			continue;
		b = bslot(bs, mask, x);
		si = k;
		if (b->count > 0) {
			size_t j = b->hint;
			while (j < k && s[j] != x)
				j++;
			si = j;
			b->hint = (uint32_t)j;
		}
		y = pos[si] < bi ? x * 0.5 : pos[si] > bi ? x * 1.5 : x;
		if (si < k) {
			/* word si moves from x to y; k keeps x */
			b->count--;
			b->hint = (uint32_t)si + 1;
			s[si] = y;
			if (y != 0)
				bslot_add(bslot(bs, mask, y), (uint32_t)si);
			bslot_add(bslot(bs, mask, x), (uint32_t)k);
		} else {
			s[k] = y;
			if (y != 0)
				bslot_add(bslot(bs, mask, y), (uint32_t)k);
		}
	}
}

/* ---------------------------------------------------------------- scoring */

size_t
vader_score(struct vader *v, const char *text, size_t len,
    struct vader_scores *out)
{
	struct scan sc;
	size_t bad = 0, ntok, i, k, ne, nq, nupper, neu, nlex, nonzero = 0;
	uint32_t *lx;
	struct tok *tk;
	double *s, sum, punct, pos_sum = 0, neg_sum = 0, total, compound;
	long m;
	int cap_diff;

	if (scan(v, text, len, 0, 1, &sc) == -1) {
		/* not plain ASCII: emoji, Unicode white space, U+FFFD ... */
		bad = prepare(v, text, len, sc.from);
		scan(v, v->text.data, v->text.len, sc.from, 0, &sc);
	}
	ntok = tokenise(v, &sc);
	ne = sc.nexcl;
	nq = sc.nquest;
	tk = v->toks;
	if (ntok == 0) {
		out->neg = out->neu = out->pos = out->compound = 0.0;
		out->neg4 = out->neu4 = out->pos4 = out->compound4 = 0;
		return bad;
	}
	/* the first "but" (rare: looked for only when there is one) */
	v->bi = SIZE_MAX;
	if (v->allflags & F_BUT)
		for (i = 0; i < ntok; i++)
			if (tk[i].flags & F_BUT) {
				v->bi = i;
				break;
			}
	if (v->allflags & (F_PHEAD | T_QOPEN)) {
		int changed = (v->allflags & F_PHEAD) &&
		    apply_phrases(v, tk, ntok);

		if ((v->allflags & T_QOPEN) &&
		    (v->allflags & (F_GRADE | F_GHEAD)) &&
		    quoted_mentions(tk, ntok))
			changed = 1;
		if (changed)
			count_tokens(v, tk, ntok);
	}
	lx = v->lexpos;
	nlex = v->nlex;
	/* tokens in capitals (counted only when there is one) */
	nupper = 0;
	if (v->allflags & T_UPPER)
		for (i = 0; i < ntok; i++)
			nupper += (tk[i].flags & T_UPPER) != 0;
	cap_diff = nupper > 0 && nupper < ntok;
	if (v->capsent < nlex) {
		v->capsent = nlex + nlex / 2 + 64;
		free(v->sent);
		v->sent = nf_xreallocarray(NULL, v->capsent, sizeof(*v->sent));
	}
	s = v->sent;

	for (k = 0; k < nlex; k++) {
		i = lx[k];
		s[k] = 0.0;
		if (tk[i].flags & F_BOOST)
			continue;
		if (i < ntok - 1 && tk[i].w == v->w_kind &&
		    tk[i + 1].w == v->w_of)
			continue;
		s[k] = sentiment_valence(v, tk, ntok, i, cap_diff);
		if (tk[i].flags & T_HALF)
			s[k] *= 0.5;
	}
	if (v->bi != SIZE_MAX)
		but_check(v, s, lx, nlex, v->bi);
#ifdef VADER_TRACE
	/* a debugging aid: cc -DVADER_TRACE ... prints each token's valence */
	for (i = 0, k = 0; i < ntok; i++) {
		double x = k < nlex && lx[k] == i ? s[k++] : 0.0;
		fprintf(stderr, "%s%.*s%+.3f", i ? " " : "",
		    tk[i].w >= 0 ? (int)v->words[tk[i].w].len : 1,
		    tk[i].w >= 0 ? v->keys.data + v->cold[tk[i].w].key : "?",
		    x);
	}
	fprintf(stderr, "\n");
#endif

	/* sums in token order, as the reference; zeros add nothing */
	sum = 0.0;
	for (k = 0; k < nlex; k++) {
		double x = s[k];
		sum += x;
		pos_sum += x > 0 ? x + 1 : 0.0;
		neg_sum += x < 0 ? x - 1 : 0.0;
		nonzero += x != 0;
	}
	punct = (double)(ne > 4 ? 4 : ne) * 0.292;
	if (nq > 1)
		punct += nq <= 3 ? (double)nq * 0.18 : 0.96;
	if (sum > 0)
		sum += punct;
	else if (sum < 0)
		sum -= punct;
	compound = sum / sqrt(sum * sum + ALPHA);
	if (compound < -1.0)
		compound = -1.0;
	else if (compound > 1.0)
		compound = 1.0;

	neu = ntok - nonzero;
	if (pos_sum > fabs(neg_sum))
		pos_sum += punct;
	else if (pos_sum < fabs(neg_sum))
		neg_sum -= punct;
	total = pos_sum + fabs(neg_sum) + (double)neu;
	/* rounded as Python's round(); the whole numbers are for writing */
	m = (long)round_units(fabs(pos_sum / total), 3);
	out->pos = (double)m / 1e3;
	out->pos4 = m * 10;
	m = (long)round_units(fabs(neg_sum / total), 3);
	out->neg = (double)m / 1e3;
	out->neg4 = m * 10;
	m = (long)round_units(fabs((double)neu / total), 3);
	out->neu = (double)m / 1e3;
	out->neu4 = m * 10;
	m = (long)round_units(compound, 4);
	out->compound = copysign((double)m / 1e4, compound);
	out->compound4 = m;
	return bad;
}
