/*
 * lib/quotes.h — quotations in news text, one document at a time: find the
 * quotation marks (curly and straight, double and single; apostrophes are
 * never marks), pair them across the sentences and paragraphs of the
 * document, tell speech from scare quotes and titles, attribute speech to a
 * canonical speaker with a role and a reporting verb, and cut each row
 * (sentence) into spans with the quotation's own marks removed.  This is
 * dequote's logic (DESIGN.md); the domain knowledge is in data files.
 */
#ifndef NF_QUOTES_H
#define NF_QUOTES_H

#include <stddef.h>

#include "err.h"

enum quotes_section {
	QUOTES_BODY, QUOTES_HEADLINE, QUOTES_STANDFIRST, QUOTES_CAPTION,
	QUOTES_HEADING, QUOTES_COMMENTS_HEADER, QUOTES_COMMENT,
	QUOTES_BOILERPLATE
};

enum quotes_role {
	QUOTES_ROLE_NONE, QUOTES_ROLE_INSPECTORATE, QUOTES_ROLE_COUNCIL,
	QUOTES_ROLE_GOVERNMENT, QUOTES_ROLE_COMMENTER, QUOTES_ROLE_JOURNALIST,
	QUOTES_ROLE_OTHER
};

/* The data files, in the order quotes_file_name() names them. */
enum quotes_file {
	QUOTES_FILE_CUES, QUOTES_FILE_SPEAKERS, QUOTES_FILE_ROLES,
	QUOTES_FILE_GROUPS, QUOTES_FILE_SCARE, QUOTES_FILE_WORDS,
	QUOTES_FILE_FORENAMES, QUOTES_FILE_COUNT
};

struct quotes_lex;		/* the loaded data files */
struct quotes_doc;		/* one document's rows and results */

struct quotes_span {
	size_t		 row;		/* row index within the document */
	size_t		 start, end;	/* byte range in the row's text */
	int		 quote;		/* 1 voice quote, 0 narrative */
	unsigned long	 number;	/* quotation number (quote rows) */
	const char	*speaker;	/* not NUL-terminated */
	size_t		 speaker_len;	/* 0 when none */
	int		 role;		/* enum quotes_role */
	const char	*cue;		/* lower case, not NUL-terminated */
	size_t		 cue_len;	/* 0 when none */
};

const char *quotes_file_name(enum quotes_file f);	/* "dequote-cues.tsv" */
const char *quotes_role_name(int role);			/* "" for none */
/* Section name as segment writes it; unknown or empty names are body. */
int	 quotes_section_parse(const char *s, size_t n);

struct quotes_lex *quotes_lex_new(void);
/* Load data file F from PATH; -1 and E set on error (file and line). */
int	 quotes_lex_load(struct quotes_lex *lex, enum quotes_file f,
	    const char *path, struct nf_error *e);
void	 quotes_lex_free(struct quotes_lex *lex);

struct quotes_doc *quotes_doc_new(const struct quotes_lex *lex);
void	 quotes_doc_free(struct quotes_doc *d);
/* Forget the rows (memory is kept for the next document). */
void	 quotes_doc_clear(struct quotes_doc *d);
/*
 * Add a row.  TEXT must be valid UTF-8 without NUL (sanitise first).
 * NEW_PAR: the row starts a paragraph.  SECTION: enum quotes_section.
 * AUTHOR: the comment's author (may be empty).
 */
void	 quotes_doc_add(struct quotes_doc *d, const char *text, size_t len,
	    int new_par, int section, const char *author, size_t author_len);
/* Analyse the rows added; then read the spans. */
void	 quotes_doc_run(struct quotes_doc *d);
/*
 * The spans of every row, in row order, at least one per row (an empty row
 * has one empty narrative span).  Joined in order, a row's spans give its
 * text less the speech quotations' own marks; the only other bytes left out
 * are white space lying between two quotation spans (DESIGN.md: "whitespace
 * between two spans aside").  Scare quotes, titles and nested quotations
 * keep their marks inside their span.
 */
const struct quotes_span *quotes_doc_spans(const struct quotes_doc *d,
	    size_t *n);
/* A row's text as added. */
const char *quotes_doc_row_text(const struct quotes_doc *d, size_t row,
	    size_t *len);
/* Quotations left open that ended at the end of their paragraph. */
size_t	 quotes_doc_unclosed(const struct quotes_doc *d);
/* Row of the first such quotation (valid when the count is not 0). */
size_t	 quotes_doc_unclosed_row(const struct quotes_doc *d);

#endif
