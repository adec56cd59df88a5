/*
 * lib/vader.h — VADER sentiment scoring (Hutto & Gilbert 2014): text in,
 * neg neu pos compound out, computed as the reference Python implementation
 * (cjhutto/vaderSentiment) computes them, quirks included, plus an optional
 * overlay of extra words and phrases for a domain.
 *
 * Usage: vader_new(), then the loaders (each reads one data file; errors
 * name FILE:LINE), then vader_score() per text.  Scoring allocates nothing
 * except when a text is longer than any before it (scratch space grows).
 * A struct vader is not thread-safe: one per thread.
 */
#ifndef NF_VADER_H
#define NF_VADER_H

#include <stddef.h>

#include "err.h"

/*
 * VADER_TYPOGRAPHIC: before tokenising, read typographic quotes and
 * apostrophes as ASCII (‘ ’ ‚ ‛ ′ ‹ › as ', “ ” „ ‟ ″ « » as "), dashes
 * (‐ ‑ ‒ – — ― −) as '-' and the ellipsis … as "...", so that they are
 * stripped from word edges and "isn’t" is a negation.  The reference does
 * none of this (off in --vader mode).
 */
#define VADER_TYPOGRAPHIC	0x1

struct vader_scores {
	double	neg;	/* rounded to 3 decimals, as the reference does */
	double	neu;
	double	pos;
	double	compound;	/* rounded to 4 decimals */
	/* the same four values as whole numbers of 1e-4 (for writing) */
	long	neg4, neu4, pos4, compound4;
};

struct vader;

struct vader *vader_new(void);
void	 vader_free(struct vader *v);
void	 vader_set_flags(struct vader *v, unsigned flags);

/*
 * The reference's data files (see data/vader/SOURCE.md).  Loading order does
 * not matter, except that later lexicon lines win over earlier ones.
 *   lexicon:  TOKEN TAB VALENCE [TAB ...]   (vader_lexicon.txt; keys kept
 *             as written, so keys with capitals are never matched)
 *   emoji:    EMOJI TAB DESCRIPTION        (only single code points match)
 *   negate:   one negation word per line
 *   boosters: WORD TAB INCREMENT, header line "word<TAB>increment"; a key
 *             of two words ("kind of") is a booster bigram
 *   special:  PHRASE TAB VALENCE, header "phrase<TAB>valence" (the
 *             reference's SPECIAL_CASES idioms)
 * Each returns 0, or -1 with E set (file and line).
 */
int	 vader_load_lexicon(struct vader *v, const char *path,
	    struct nf_error *e);
int	 vader_load_emoji(struct vader *v, const char *path,
	    struct nf_error *e);
int	 vader_load_negate(struct vader *v, const char *path,
	    struct nf_error *e);
int	 vader_load_boosters(struct vader *v, const char *path,
	    struct nf_error *e);
int	 vader_load_special(struct vader *v, const char *path,
	    struct nf_error *e);

/*
 * An overlay (data/sentiment-overlay.tsv, --lexicon FILE): TERM TAB VALENCE
 * [TAB anything].  '#' lines and blank lines are ignored, a first line
 * starting "term<TAB>" is a header.  TERM is lower-cased.  A one-word TERM
 * sets that word's lexicon valence; valence 0 removes the word from the
 * lexicon (it then scores nothing and blocks nothing).  A TERM of several
 * words separated by spaces is a phrase: where its words occur in a row
 * (case-insensitively, after edge punctuation is stripped), the phrase is
 * read as one lexicon word with VALENCE, placed on its first token, and its
 * other tokens score 0; boosters, negation, capitals and "but" then apply
 * to it as to any word.  The longest phrase starting at a token wins.
 * VALENCE "negation" makes a one-word TERM a negation, like "not".
 */
int	 vader_load_overlay(struct vader *v, const char *path,
	    struct nf_error *e);

/*
 * Quoted grade names (data/sentiment-mentions.tsv): TERM TAB KIND [TAB
 * anything], header "term<TAB>kind", '#' lines ignored.  KIND "grade": a
 * grade name (a word, or a phrase of the overlay, loaded before); standing
 * alone in quote marks it scores only when a "predicate" word comes right
 * before it or a "verdict" word one or two words before it ("skip" words
 * not counted), and otherwise, a mere mention, it scores nothing.
 */
int	 vader_load_mentions(struct vader *v, const char *path,
	    struct nf_error *e);

/*
 * Score TEXT[0..LEN) (UTF-8; NUL and ill-formed sequences are read as
 * U+FFFD).  Returns the number of such replacements (0 for valid text).
 */
size_t	 vader_score(struct vader *v, const char *text, size_t len,
	    struct vader_scores *out);

/* Round X to D decimals exactly as Python's round(x, d) does. */
double	 vader_round(double x, int d);
/*
 * Write X, a value already rounded to 4 decimals (such as a score), with 4
 * decimals: "-0.1234", "1.0000", never "-0.0000".  OUT needs 24 bytes.
 * Returns the length.  Locale-free; the same digits as printf's "%.4f".
 */
size_t	 vader_format4(char *out, double x);
/*
 * Write the four scores of S, each after a TAB, with 4 decimals, as
 * vader_format4 writes them.  OUT needs 40 bytes.  Returns the length.
 */
size_t	 vader_format_scores(char *out, const struct vader_scores *s);

#endif
