/*
 * lib/sentence.h — sentence boundaries inside one paragraph.
 *
 * Rule-based, in the spirit of the Golden Rules (Pragmatic Segmenter):
 * terminal punctuation followed by what can start a sentence ends one,
 * except after abbreviations, initials, list markers and inside brackets;
 * ellipses, closing quotes and brackets, e-mail addresses, URLs and numbers
 * are handled; a missing space after a full stop ("world.Today") still
 * ends a sentence.  The word lists come from data/segment-abbreviations.tsv.
 *
 * Sentences are spans of the paragraph's bytes: they begin and end on a
 * non-space byte and never overlap; the whitespace between two spans is
 * dropped (segment writes it as nothing; inside a span it becomes one space).
 */
#ifndef NF_SENTENCE_H
#define NF_SENTENCE_H

#include <stddef.h>

#include "err.h"

enum sent_mode {
	SENT_NORMAL,		/* body text and comments */
	SENT_WHOLE,		/* one sentence (headline, heading, ...) */
	SENT_LINES		/* caption: also every line break ends one */
};

struct sent_span {
	size_t	start;		/* byte offset of the first byte */
	size_t	end;		/* one past the last byte */
};

struct sent_rules;

/* Load the abbreviation and opener lists; NULL and E set on error. */
struct sent_rules *sent_rules_load(const char *path, struct nf_error *e);
void	 sent_rules_free(struct sent_rules *r);

struct sent_splitter;

struct sent_splitter *sent_splitter_new(const struct sent_rules *r);
void	 sent_splitter_free(struct sent_splitter *s);

/*
 * Split TEXT[START, END) — a paragraph whose lines are still separated by
 * their LF (and indentation) — into sentences.  Returns the number of spans
 * and points *SPANS at them (valid until the next call).
 */
size_t	 sent_split(struct sent_splitter *s, const char *text, size_t start,
	    size_t end, enum sent_mode mode, const struct sent_span **spans);

#endif
