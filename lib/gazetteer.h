/*
 * lib/gazetteer.h — words, phrase tables and the gazetteer of authorities.
 *
 * Text is cut into tokens (words, numbers, possessive 's, quote marks,
 * punctuation), each with a lower-case key and its capitalisation.  A phrase
 * table (struct gaz_lex) finds the longest listed phrase that starts at a
 * token, on whole words only: "Nottingham" never matches inside
 * "Nottinghamshire", "York" never inside "Yorkshire".  The gazetteer
 * (data/authorities.tsv: canonical names, aliases, former authorities) is a
 * phrase table with capitalisation rules on top: a capitalised word of a
 * name only matches a capitalised word of the text ("Bury", not "bury"), an
 * abbreviation only its exact spelling ("BCP"), and the context file
 * (data/ratings-places.tsv) blocks matches inside longer names ("North
 * Devon", "Kent Police") and marks aliases that are also ordinary words or
 * other places ("Reading", "Westminster").
 */
#ifndef NF_GAZETTEER_H
#define NF_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "err.h"

enum gaz_tok_type {
	GAZ_T_WORD = 1,		/* letters and digits (apostrophes inside) */
	GAZ_T_NUM,		/* digits only */
	GAZ_T_POSS,		/* possessive 's (key "'s") or s' (key "'") */
	GAZ_T_QUOTE,		/* a quote mark (GAZ_F_OPEN or GAZ_F_CLOSE) */
	GAZ_T_PUNCT		/* anything else; dashes have the key "-" */
};

enum gaz_tok_flag {
	GAZ_F_CAP = 0x01,	/* first letter upper case */
	GAZ_F_ALLCAP = 0x02,	/* two or more letters, all upper case */
	GAZ_F_HYPH = 0x04,	/* joined to the previous word by a hyphen */
	GAZ_F_SPACE = 0x08,	/* white space before it */
	GAZ_F_OPEN = 0x10,	/* opening quote mark */
	GAZ_F_CLOSE = 0x20,	/* closing quote mark */
	GAZ_F_FIRST = 0x40	/* first word of the text */
};

struct gaz_tok {
	uint32_t	 start;		/* byte offset in the text */
	uint32_t	 len;		/* byte length in the text */
	uint32_t	 key;		/* offset of the key in gaz_toks.keys */
	uint32_t	 klen;
	uint64_t	 hash;		/* hash of the key */
	uint8_t		 type;		/* enum gaz_tok_type */
	uint8_t		 flags;		/* enum gaz_tok_flag */
};

struct gaz_toks {
	struct gaz_tok	*t;
	size_t		 n;
	size_t		 cap;
	struct buf	 keys;		/* lower-case keys, back to back */
};

void	 gaz_toks_init(struct gaz_toks *tt);
void	 gaz_toks_clear(struct gaz_toks *tt);
void	 gaz_toks_free(struct gaz_toks *tt);
/*
 * Append the tokens of TEXT[0..LEN) (valid UTF-8 or not: lenient) to TT.
 * Offsets are relative to TEXT plus BASE.  Keys are lower case, with the
 * typographic apostrophe read as "'" and every dash as "-"; a hyphen that
 * joins two words is not a token (the second word gets GAZ_F_HYPH).
 */
void	 gaz_tokenize(struct gaz_toks *tt, const char *text, size_t len,
	    size_t base);
/* Key of token I as a pointer into tt->keys. */
static inline const char *
gaz_key(const struct gaz_toks *tt, size_t i)
{
	return tt->keys.data + tt->t[i].key;
}
/* 1 when token I's key is the NUL-terminated word W. */
int	 gaz_is(const struct gaz_toks *tt, size_t i, const char *w);
/* The same with W's length known (for string literals: sizeof - 1). */
static inline int
gaz_isn(const struct gaz_toks *tt, size_t i, const char *w, size_t n)
{
	return tt->t[i].klen == n && memcmp(tt->keys.data + tt->t[i].key, w,
	    n) == 0;
}

/* ---- phrase tables: token sequences -> an integer value ---- */

struct gaz_lex;

struct gaz_lex *gaz_lex_new(void);
void	 gaz_lex_free(struct gaz_lex *lx);
/*
 * Add PHRASE (tokenised like text, matched case-insensitively).  Returns
 * its id (0, 1, ...); a phrase added before gets its old id back.  -1 for a
 * phrase with no token.
 */
int	 gaz_lex_add(struct gaz_lex *lx, const char *phrase, size_t len);
size_t	 gaz_lex_size(const struct gaz_lex *lx);
/*
 * The longest phrase that starts at token I and ends before token END:
 * its id and *N its number of tokens, or -1.
 */
int	 gaz_lex_match(const struct gaz_lex *lx, const struct gaz_toks *tt,
	    size_t i, size_t end, size_t *n);
/*
 * The first token in [FROM, TO) that may start a phrase (a cheap filter:
 * the other tokens start none), or TO.
 */
size_t	 gaz_lex_next(const struct gaz_lex *lx, const struct gaz_toks *tt,
	    size_t from, size_t to);
/*
 * Every phrase that starts at token I and ends before END, shortest first:
 * up to MAX ids in IDS and their token counts in NS; returns the count.
 */
size_t	 gaz_lex_match_all(const struct gaz_lex *lx,
	    const struct gaz_toks *tt, size_t i, size_t end, int *ids,
	    size_t *ns, size_t max);

/* ---- data tables ---- */

/*
 * Read a data table: TSV with a header line; blank lines and lines starting
 * with '#' are skipped; fields are unescaped.  COLS names the columns wanted
 * (a leading '?' marks an optional one, given as "" when absent); FN gets
 * them in that order, NUL-terminated, with the line number.  FN returns 0,
 * or -1 with E set.  Returns 0, or -1 and E ("FILE:LINE: message").
 */
typedef int (*gaz_row_fn)(void *arg, char **f, unsigned long line,
    struct nf_error *e);
int	 gaz_read_table(const char *path, const char *const *cols,
	    size_t ncols, gaz_row_fn fn, void *arg, struct nf_error *e);

/* ---- the gazetteer ---- */

struct gaz;

struct gaz_mention {
	uint32_t	 tok;		/* first token */
	uint32_t	 ntok;
	int		 id;		/* authority */
	int		 weak;		/* ambiguous alias without local support */
};

/*
 * Load a gazetteer: a TSV file whose header names at least `name`; the
 * optional `aliases` column lists other names separated by '|', the
 * optional `status` column marks former authorities.  -1 and E on error.
 */
struct gaz *gaz_load(const char *path, struct nf_error *e);
/*
 * Load matching context (data/ratings-places.tsv: columns word, rule and an
 * optional authority; rules block-before, block-after, confirm-after,
 * ambiguous, ambiguous-first; an ambiguous word with an authority is a
 * local name for it, "the island").  0, or -1 and E.
 */
int	 gaz_load_context(struct gaz *g, const char *path, struct nf_error *e);
void	 gaz_free(struct gaz *g);
size_t	 gaz_size(const struct gaz *g);
const char *gaz_name(const struct gaz *g, int id);
int	 gaz_is_former(const struct gaz *g, int id);
/*
 * Find the authorities named in tokens [FROM, TO) of TT; TEXT + tok.start
 * must be each token's bytes (the text given to gaz_tokenize, minus BASE).
 * Longest match first, left to right, no overlaps.  Appends to *M (grown as
 * needed, *N entries, *CAP allocated) and returns the number appended.
 */
size_t	 gaz_find(const struct gaz *g, const struct gaz_toks *tt,
	    const char *text, size_t from, size_t to,
	    struct gaz_mention **m, size_t *n, size_t *cap);

#endif
