/*
 * lib/ratings.h — inspection grade statements in news text, a document at
 * a time.
 *
 * A document is given unit by unit (sentences from segment, or spans from
 * dequote) with its section and paragraph.  rx_doc_run() then finds every
 * grade statement ("was rated ‘inadequate’", "an ‘outstanding’ council",
 * "received the highest grade", "Overall effectiveness: Good"), decides
 * which authority it is about (named in the sentence, or resolved: "the
 * council", "a county council", the authority named in the headline or
 * the lead), which judgement area, and, once the whole document has been
 * read, the status (current, previous, upgraded, downgraded, maintained)
 * and year of each fact (authority, area, grade).  Status and year belong
 * to the fact, so every statement of a fact carries the same ones.
 *
 * The phrasings and contexts are data (data/ratings-*.tsv, documented in
 * data/ratings.README.md); the authorities come from the gazetteer.
 */
#ifndef NF_RATINGS_H
#define NF_RATINGS_H

#include <stddef.h>

#include "err.h"
#include "gazetteer.h"

enum rx_grade {
	RX_G_NONE = 0,
	RX_G_OUTSTANDING,
	RX_G_GOOD,
	RX_G_RI,		/* requires improvement (to be good) */
	RX_G_INADEQUATE,
	RX_G_ADEQUATE		/* the pre-2013 grade */
};

enum rx_area {
	RX_A_OVERALL = 0,
	RX_A_HELP,		/* help and protection */
	RX_A_CARE,		/* children in care */
	RX_A_LEAVERS,		/* care leavers */
	RX_A_CARE_LEAVERS,	/* children in care and care leavers */
	RX_A_LEADERSHIP,
	RX_A_ADOPTION,
	RX_A_FOSTERING,
	RX_A_SAFEGUARDING,	/* the pre-2013 framework */
	RX_A_LSCB,
	RX_A_EARLY_HELP,
	RX_A_N
};

enum rx_status {
	RX_S_CURRENT = 0,
	RX_S_PREVIOUS,
	RX_S_UPGRADED,
	RX_S_DOWNGRADED,
	RX_S_MAINTAINED
};

enum rx_section {
	RX_SEC_HEADLINE = 0,
	RX_SEC_STANDFIRST,
	RX_SEC_CAPTION,
	RX_SEC_HEADING,
	RX_SEC_BODY,
	RX_SEC_OTHER		/* comment, boilerplate, anything else */
};

const char *rx_grade_name(int grade);
int	 rx_grade_rank(int grade);	/* 1 best .. 4 worst */
const char *rx_area_name(int area);
const char *rx_status_name(int status);
/* Section name (headline, standfirst, ...) to enum rx_section. */
int	 rx_section_parse(const char *s, size_t n);

/* ---- the rules (data files) ---- */

struct rx_data;

/* Maps a data file name ("ratings-grades.tsv") to its path. */
typedef const char *(*rx_path_fn)(const char *name);

/*
 * Load data/ratings-grades.tsv, -areas.tsv, -cues.tsv and -exclusions.tsv
 * through PATH.  G (the gazetteer) must outlive the result.  NULL and E on
 * error.
 */
struct rx_data *rx_data_load(const struct gaz *g, rx_path_fn path,
	    struct nf_error *e);
void	 rx_data_free(struct rx_data *d);

/* ---- one document ---- */

struct rx_stmt {
	size_t		 row;		/* as given to rx_doc_add */
	int		 authority;	/* gazetteer id, -1 when unresolved */
	int		 area;		/* enum rx_area */
	int		 grade;		/* enum rx_grade */
	int		 status;	/* enum rx_status */
	int		 year;		/* 0 when the document states none */
};

struct rx_doc;

struct rx_doc *rx_doc_new(const struct rx_data *d);
void	 rx_doc_free(struct rx_doc *doc);
/* Forget the current document (memory is kept for the next). */
void	 rx_doc_clear(struct rx_doc *doc);
/*
 * Add one unit of text in reading order.  ROW is the caller's handle for
 * it; SECTION an enum rx_section (units of RX_SEC_OTHER still count for
 * nothing but their position); PAR the paragraph number, or -1.
 */
void	 rx_doc_add(struct rx_doc *doc, size_t row, int section, long par,
	    const char *text, size_t len);
/*
 * Find the statements of the document: *N of them, in reading order (by
 * unit, then by position in the unit).  Valid until the next clear.
 */
const struct rx_stmt *rx_doc_run(struct rx_doc *doc, size_t *n);

#endif
