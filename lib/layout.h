/*
 * lib/layout.h — the layout of one article page: lines → paragraphs, the
 * section each paragraph belongs to (headline, standfirst, caption, heading,
 * body, comments-header, comment, boilerplate), and the reader-comment
 * threads (a header line "  3. Name May 22, 2018 at 11:24 am #" or a reply's
 * "• Name …" gives the paragraphs under it their comment id, author and
 * time; the header line itself is not a paragraph).
 *
 * Page furniture patterns come from data/segment-layout.tsv.  Paragraph
 * spans are byte ranges of the document, trimmed of ASCII whitespace; their
 * lines are still separated by LF and indentation inside the span.
 */
#ifndef NF_LAYOUT_H
#define NF_LAYOUT_H

#include <stddef.h>

#include "err.h"

enum layout_section {
	SEC_HEADLINE,
	SEC_STANDFIRST,
	SEC_CAPTION,
	SEC_HEADING,
	SEC_BODY,
	SEC_COMMENTS_HEADER,
	SEC_COMMENT,
	SEC_BOILERPLATE
};

const char *layout_section_name(enum layout_section s);

struct layout_comment {
	char	 id[32];		/* "3", "3.1", "3.1.2" */
	size_t	 author_start;		/* byte span of the author's name */
	size_t	 author_len;
	char	 posted[20];		/* "2018-05-22T11:24", or "" */
};

struct layout_para {
	size_t			start;	/* first non-space byte */
	size_t			end;	/* one past the last non-space byte */
	enum layout_section	section;
	int			comment; /* index into the comments, or -1 */
};

struct layout_rules;

struct layout_rules *layout_rules_load(const char *path, struct nf_error *e);
void	 layout_rules_free(struct layout_rules *r);

struct layout;

struct layout *layout_new(const struct layout_rules *r);
void	 layout_free(struct layout *l);

/* Lay out DOC[0, LEN); returns the number of paragraphs. */
size_t	 layout_document(struct layout *l, const char *doc, size_t len);
const struct layout_para *layout_para(const struct layout *l, size_t i);
const struct layout_comment *layout_comment(const struct layout *l, int i);

#endif
