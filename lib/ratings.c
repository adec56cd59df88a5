/*
 * lib/ratings.c — inspection grade statements (see ratings.h).
 *
 * Per unit (sentence or span):
 *   1. tokens (gazetteer.c), authority mentions, grade phrases, area
 *      phrases, and for every token the classes of the cue and exclusion
 *      phrases that start and end there;
 *   2. a grade phrase is a statement when a trigger holds (T1 "-rated",
 *      T2 a grade noun after it, T3 "a judgement of", T4 an authority noun
 *      after it, T5 an authority name after it, T6 a rating verb before it,
 *      T7 "from ... to ...", T8 a copula with a fitting subject, T9 a
 *      judgement name or authority right before it (tables, lists), T10 an
 *      idiom in an inspection context, T11 continuing a list) and no
 *      rejection applies (degree words, attributive use, negation,
 *      hypotheticals, schools/homes/other regulators/self-assessment,
 *      counts without names, scales, comparisons);
 *   3. each statement gets its authorities, areas, cues and year.
 * Per document: facts (authority, area, grade) collect their statements;
 * status and year are decided per fact.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef RX_DEBUG
#include <stdio.h>
#endif

#include "buf.h"
#include "ratings.h"
#include "utf8.h"

/* ------------------------------------------------------------- names */

static const char *const grade_names[] = {
	"", "outstanding", "good", "requires improvement", "inadequate",
	"adequate"
};
static const char *const area_names[RX_A_N] = {
	"overall", "help and protection", "children in care", "care leavers",
	"children in care and care leavers", "leadership", "adoption",
	"fostering", "safeguarding", "lscb", "early help"
};
static const char *const status_names[] = {
	"current", "previous", "upgraded", "downgraded", "maintained"
};
static const char *const section_names[] = {
	"headline", "standfirst", "caption", "heading", "body"
};

const char *
rx_grade_name(int g)
{
	return g > 0 && g <= RX_G_ADEQUATE ? grade_names[g] : "";
}

int
rx_grade_rank(int g)
{
	static const int rank[] = { 0, 1, 2, 3, 4, 3 };

	return g > 0 && g <= RX_G_ADEQUATE ? rank[g] : 0;
}

const char *
rx_area_name(int a)
{
	return a >= 0 && a < RX_A_N ? area_names[a] : "";
}

const char *
rx_status_name(int s)
{
	return s >= 0 && s <= RX_S_MAINTAINED ? status_names[s] : "";
}

int
rx_section_parse(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < sizeof(section_names) / sizeof(section_names[0]); k++)
		if (strlen(section_names[k]) == n &&
		    memcmp(section_names[k], s, n) == 0)
			return (int)k;
	return RX_SEC_OTHER;
}

/* ------------------------------------------------------------ the data */

enum { K_STRONG = 1, K_WEAK, K_PRED, K_IDIOM };

/* cue classes (data/ratings-cues.tsv) */
#define C_RATE		(1ULL << 0)
#define C_OBTAIN	(1ULL << 1)
#define C_MAINTAIN	(1ULL << 2)
#define C_UP		(1ULL << 3)
#define C_DOWN		(1ULL << 4)
#define C_CHANGE	(1ULL << 5)
#define C_COPULA	(1ULL << 6)
#define C_NOUN		(1ULL << 7)
#define C_OFNOUN	(1ULL << 8)
#define C_AUTH		(1ULL << 9)
#define C_AUTHWEAK	(1ULL << 10)
#define C_AUTHPLURAL	(1ULL << 11)
#define C_SVC		(1ULL << 12)
#define C_PRONOUN	(1ULL << 13)
#define C_ADV		(1ULL << 14)
#define C_LINK		(1ULL << 15)
#define C_EARLIER	(1ULL << 16)
#define C_EARLIERWEAK	(1ULL << 17)
#define C_NOW		(1ULL << 18)
#define C_CONTEXT	(1ULL << 19)
#define C_FOLLOW	(1ULL << 20)
#define C_DEGREE	(1ULL << 21)
#define C_DEGREEAFTER	(1ULL << 22)
#define C_BOUNDARY	(1ULL << 23)
#define C_CONTRAST	(1ULL << 24)
#define C_LISTCUE	(1ULL << 25)
#define C_RESPECTIVELY	(1ULL << 26)
#define C_MONITOR	(1ULL << 27)
#define C_DATEPREP	(1ULL << 28)
#define C_MONTH		(1ULL << 29)
#define C_DATENOUN	(1ULL << 30)
#define C_FILLER	(1ULL << 31)
#define C_SEP		(1ULL << 32)
#define C_COMPARE	(1ULL << 33)
#define C_SCALE		(1ULL << 34)
#define C_REF		(1ULL << 35)

#define C_VERB	(C_RATE | C_OBTAIN | C_MAINTAIN | C_UP | C_DOWN | C_CHANGE)

static const struct {
	const char	*name;
	uint64_t	 bit;
} cue_classes[] = {
	{ "rate", C_RATE }, { "obtain", C_OBTAIN },
	{ "maintain", C_MAINTAIN }, { "up", C_UP }, { "down", C_DOWN },
	{ "change", C_CHANGE }, { "copula", C_COPULA }, { "noun", C_NOUN },
	{ "ofnoun", C_OFNOUN }, { "auth", C_AUTH },
	{ "authweak", C_AUTHWEAK }, { "authplural", C_AUTHPLURAL },
	{ "svc", C_SVC }, { "pronoun", C_PRONOUN }, { "adv", C_ADV },
	{ "link", C_LINK }, { "earlier", C_EARLIER },
	{ "earlierweak", C_EARLIERWEAK }, { "now", C_NOW },
	{ "context", C_CONTEXT }, { "follow", C_FOLLOW },
	{ "degree", C_DEGREE }, { "degreeafter", C_DEGREEAFTER },
	{ "boundary", C_BOUNDARY }, { "contrast", C_CONTRAST },
	{ "listcue", C_LISTCUE }, { "respectively", C_RESPECTIVELY },
	{ "monitor", C_MONITOR }, { "dateprep", C_DATEPREP },
	{ "month", C_MONTH }, { "datenoun", C_DATENOUN },
	{ "filler", C_FILLER }, { "sep", C_SEP }, { "compare", C_COMPARE },
	{ "scale", C_SCALE }, { "ref", C_REF }
};

/* exclusion classes (data/ratings-exclusions.tsv) */
#define E_SELF		(1U << 0)
#define E_REGULATOR	(1U << 1)
#define E_PROVIDER	(1U << 2)
#define E_QUANT		(1U << 3)
#define E_NEG		(1U << 4)
#define E_MODAL		(1U << 5)
#define E_ASPIRE	(1U << 6)

static const struct {
	const char	*name;
	uint32_t	 bit;
} excl_classes[] = {
	{ "self", E_SELF }, { "regulator", E_REGULATOR },
	{ "provider", E_PROVIDER }, { "quantifier", E_QUANT },
	{ "negation", E_NEG }, { "modal", E_MODAL }, { "aspire", E_ASPIRE }
};

struct grade_ent {
	int8_t		 grade;
	int8_t		 kind;
};

struct rx_data {
	const struct gaz *gaz;
	struct gaz_lex	*grades;
	struct grade_ent *ge;
	size_t		 nge;
	struct gaz_lex	*areas;
	int8_t		*area;		/* per phrase: enum rx_area, -1 "-" */
	size_t		 narea;
	struct gaz_lex	*cues;
	uint64_t	*cue;
	size_t		 ncue;
	struct gaz_lex	*excl;
	uint32_t	*ex;
	size_t		 nex;
};

static void
grow_bytes(void **p, size_t *n, size_t want, size_t size)
{
	if (want <= *n)
		return;
	*p = nf_xreallocarray(*p, want, size);
	memset((char *)*p + *n * size, 0, (want - *n) * size);
	*n = want;
}

static int
grade_row(void *arg, char **f, unsigned long line, struct nf_error *e)
{
	struct rx_data *d = arg;
	int id, g, k;

	(void)line;
	for (g = 1; g <= RX_G_ADEQUATE; g++)
		if (strcmp(f[1], grade_names[g]) == 0)
			break;
	if (g > RX_G_ADEQUATE) {
		nf_error_set(e, NF_EDATA, NULL, 0, "unknown grade '%s'", f[1]);
		return -1;
	}
	if (strcmp(f[2], "strong") == 0)
		k = K_STRONG;
	else if (strcmp(f[2], "weak") == 0)
		k = K_WEAK;
	else if (strcmp(f[2], "pred") == 0)
		k = K_PRED;
	else if (strcmp(f[2], "idiom") == 0)
		k = K_IDIOM;
	else {
		nf_error_set(e, NF_EDATA, NULL, 0, "unknown kind '%s'", f[2]);
		return -1;
	}
	if ((id = gaz_lex_add(d->grades, f[0], strlen(f[0]))) < 0)
		return 0;
	grow_bytes((void **)&d->ge, &d->nge, (size_t)id + 1, sizeof(*d->ge));
	d->ge[id].grade = (int8_t)g;
	d->ge[id].kind = (int8_t)k;
	return 0;
}

static int
area_row(void *arg, char **f, unsigned long line, struct nf_error *e)
{
	struct rx_data *d = arg;
	int id, a;

	(void)line;
	if (strcmp(f[1], "-") == 0) {
		a = -1;
	} else {
		for (a = 0; a < RX_A_N; a++)
			if (strcmp(f[1], area_names[a]) == 0)
				break;
		if (a == RX_A_N) {
			nf_error_set(e, NF_EDATA, NULL, 0, "unknown area '%s'",
			    f[1]);
			return -1;
		}
	}
	if ((id = gaz_lex_add(d->areas, f[0], strlen(f[0]))) < 0)
		return 0;
	grow_bytes((void **)&d->area, &d->narea, (size_t)id + 1, 1);
	d->area[id] = (int8_t)a;
	return 0;
}

static int
cue_row(void *arg, char **f, unsigned long line, struct nf_error *e)
{
	struct rx_data *d = arg;
	size_t k;
	int id;

	(void)line;
	for (k = 0; k < sizeof(cue_classes) / sizeof(cue_classes[0]); k++)
		if (strcmp(f[1], cue_classes[k].name) == 0)
			break;
	if (k == sizeof(cue_classes) / sizeof(cue_classes[0])) {
		nf_error_set(e, NF_EDATA, NULL, 0, "unknown class '%s'", f[1]);
		return -1;
	}
	if ((id = gaz_lex_add(d->cues, f[0], strlen(f[0]))) < 0)
		return 0;
	grow_bytes((void **)&d->cue, &d->ncue, (size_t)id + 1,
	    sizeof(*d->cue));
	d->cue[id] |= cue_classes[k].bit;
	return 0;
}

static int
excl_row(void *arg, char **f, unsigned long line, struct nf_error *e)
{
	struct rx_data *d = arg;
	size_t k;
	int id;

	(void)line;
	for (k = 0; k < sizeof(excl_classes) / sizeof(excl_classes[0]); k++)
		if (strcmp(f[1], excl_classes[k].name) == 0)
			break;
	if (k == sizeof(excl_classes) / sizeof(excl_classes[0])) {
		nf_error_set(e, NF_EDATA, NULL, 0, "unknown class '%s'", f[1]);
		return -1;
	}
	if ((id = gaz_lex_add(d->excl, f[0], strlen(f[0]))) < 0)
		return 0;
	grow_bytes((void **)&d->ex, &d->nex, (size_t)id + 1, sizeof(*d->ex));
	d->ex[id] |= excl_classes[k].bit;
	return 0;
}

struct rx_data *
rx_data_load(const struct gaz *g, rx_path_fn path, struct nf_error *e)
{
	static const char *const gcols[] = { "phrase", "grade", "kind" };
	static const char *const acols[] = { "phrase", "area" };
	static const char *const ccols[] = { "phrase", "class" };
	struct rx_data *d = nf_xcalloc(1, sizeof(*d));

	d->gaz = g;
	d->grades = gaz_lex_new();
	d->areas = gaz_lex_new();
	d->cues = gaz_lex_new();
	d->excl = gaz_lex_new();
	if (gaz_read_table(path("ratings-grades.tsv"), gcols, 3, grade_row,
	    d, e) == -1 ||
	    gaz_read_table(path("ratings-areas.tsv"), acols, 2, area_row, d,
	    e) == -1 ||
	    gaz_read_table(path("ratings-cues.tsv"), ccols, 2, cue_row, d,
	    e) == -1 ||
	    gaz_read_table(path("ratings-exclusions.tsv"), ccols, 2, excl_row,
	    d, e) == -1) {
		rx_data_free(d);
		return NULL;
	}
	/* ids may exist without a row (never: but keep the arrays whole) */
	grow_bytes((void **)&d->ge, &d->nge, gaz_lex_size(d->grades),
	    sizeof(*d->ge));
	grow_bytes((void **)&d->area, &d->narea, gaz_lex_size(d->areas), 1);
	grow_bytes((void **)&d->cue, &d->ncue, gaz_lex_size(d->cues),
	    sizeof(*d->cue));
	grow_bytes((void **)&d->ex, &d->nex, gaz_lex_size(d->excl),
	    sizeof(*d->ex));
	return d;
}

void
rx_data_free(struct rx_data *d)
{
	if (d == NULL)
		return;
	gaz_lex_free(d->grades);
	gaz_lex_free(d->areas);
	gaz_lex_free(d->cues);
	gaz_lex_free(d->excl);
	free(d->ge);
	free(d->area);
	free(d->cue);
	free(d->ex);
	free(d);
}

/* ------------------------------------------------------- the document */

struct unit {
	size_t		 row;
	int		 section;
	long		 par;
	uint32_t	 tok0;		/* first token in doc->tt */
	uint32_t	 ntok;
	uint32_t	 m0;		/* first mention in doc->m */
	uint32_t	 nm;
	int		 lead;		/* headline, standfirst or first body par */
	int		 has_grade;
	int		 piece;		/* a piece of a long row (piece_len) */
};

struct span {
	uint32_t	 a;		/* first token (absolute) */
	uint32_t	 b;		/* one past the last */
	int		 val;		/* grade / area */
	int		 kind;
};

enum { ROLE_NONE, ROLE_FROM, ROLE_TO };
enum { TR_NONE, TR_RATED, TR_NOUN, TR_OFNOUN, TR_AUTHNOUN, TR_NAME,
	TR_VERB, TR_FROMTO, TR_COPULA, TR_ADJ, TR_IDIOM, TR_LIST };

/* a grade phrase under examination */
struct cand {
	uint32_t	 a, b;		/* the phrase */
	int		 grade;
	int		 kind;
	int		 quoted;
	int		 cap;
	int		 trig;		/* TR_*, TR_NONE = not a statement */
	uint32_t	 trigpos;	/* where the trigger starts */
	int		 verb;		/* C_MAINTAIN/C_UP/C_DOWN of a T6 verb */
	int		 role;
	int		 generic;	/* count or plural without a name */
	int		 adjarea;	/* T9: area right before it, or -1 */
	int		 adjment;	/* T9: mention right before it, or -1 */
	int		 chain;		/* T11: index of the grade continued */
	int		 rejected;
};

/* a statement before facts: one per (grade phrase, authority, area) */
struct stmt {
	size_t		 unit;
	uint32_t	 pos;
	int		 auth;
	int		 area;
	int		 grade;
	int		 fact;
	int		 year;
	int		 earlier;	/* 2 strong, 1 weak, 0 none */
	int		 now;
	int		 verb;		/* C_MAINTAIN, C_UP, C_DOWN or 0 */
	int		 role;
};

struct fact {
	int		 auth, area, grade;
	size_t		 first;		/* first statement */
	int		 year;
	int		 year_plain;	/* year from a statement with no cue */
	int		 strong, weak, plain, now, to, from;
	int		 verb;
	int		 status;
};

struct rx_doc {
	const struct rx_data *d;
	struct buf	 text;
	struct gaz_toks	 tt;
	struct unit	*u;
	size_t		 nu, ucap;
	struct gaz_mention *m;
	size_t		 nm, mcap;
	unsigned char	*mok;		/* per mention: usable */
	unsigned char	*mcmp;		/* per mention: in a comparison */
	size_t		 nmok;
	/* per-unit scratch, indexed by token - tok0 */
	uint64_t	*cs, *ce;	/* cue classes starting / ending here */
	uint32_t	*xs;		/* exclusion classes starting here */
	int		*ment_s, *ment_e; /* mention starting / ending here */
	int		*area_s, *area_e; /* area span starting / ending here */
	int		*grade_at;	/* candidate covering the token */
	size_t		 scap;
	struct span	*ar;
	size_t		 nar, arcap;
	struct cand	*c;
	size_t		 nc, ccap;
	/* results */
	struct stmt	*st;
	size_t		 nst, stcap;
	struct fact	*f;
	size_t		 nf, fcap;
	struct rx_stmt	*out;
	size_t		 outcap;
	int		 main_auth;
	int		 last_auth;
	int		 first_body_par_set;
	int		 provider_doc;	/* the headline is about a school ... */
	long		 first_body_par;
};

struct rx_doc *
rx_doc_new(const struct rx_data *d)
{
	struct rx_doc *doc = nf_xcalloc(1, sizeof(*doc));

	doc->d = d;
	gaz_toks_init(&doc->tt);
	return doc;
}

void
rx_doc_clear(struct rx_doc *doc)
{
	doc->text.len = 0;
	gaz_toks_clear(&doc->tt);
	doc->nu = 0;
	doc->nm = 0;
	doc->nst = 0;
	doc->nf = 0;
	doc->first_body_par_set = 0;
}

void
rx_doc_free(struct rx_doc *doc)
{
	if (doc == NULL)
		return;
	buf_free(&doc->text);
	gaz_toks_free(&doc->tt);
	free(doc->u);
	free(doc->m);
	free(doc->mok);
	free(doc->mcmp);
	free(doc->cs);
	free(doc->ce);
	free(doc->xs);
	free(doc->ment_s);
	free(doc->ment_e);
	free(doc->area_s);
	free(doc->area_e);
	free(doc->grade_at);
	free(doc->ar);
	free(doc->c);
	free(doc->st);
	free(doc->f);
	free(doc->out);
	free(doc);
}

static void
add_unit(struct rx_doc *doc, size_t row, int section, long par,
    const char *text, size_t len, int piece)
{
	const struct rx_data *d = doc->d;
	struct unit *u;
	size_t base, i, n;

	if (doc->nu == doc->ucap) {
		doc->ucap = doc->ucap ? 2 * doc->ucap : 64;
		doc->u = nf_xreallocarray(doc->u, doc->ucap, sizeof(*doc->u));
	}
	u = &doc->u[doc->nu++];
	memset(u, 0, sizeof(*u));
	u->row = row;
	u->section = section;
	u->par = par;
	u->piece = piece;
	if (section == RX_SEC_HEADLINE || section == RX_SEC_STANDFIRST)
		u->lead = 1;
	if (section == RX_SEC_BODY) {
		if (!doc->first_body_par_set) {
			doc->first_body_par_set = 1;
			doc->first_body_par = par;
		}
		if (par == doc->first_body_par)
			u->lead = 1;
	}
	u->tok0 = (uint32_t)doc->tt.n;
	u->m0 = (uint32_t)doc->nm;
	if (section == RX_SEC_OTHER)
		return;
	base = doc->text.len;
	buf_add(&doc->text, text, len);
	buf_addc(&doc->text, ' ');
	gaz_tokenize(&doc->tt, text, len, base);
	u->ntok = (uint32_t)(doc->tt.n - u->tok0);
	u->nm = (uint32_t)gaz_find(d->gaz, &doc->tt, doc->text.data,
	    u->tok0, doc->tt.n, &doc->m, &doc->nm, &doc->mcap);
	for (i = gaz_lex_next(d->grades, &doc->tt, u->tok0, doc->tt.n);
	    i < doc->tt.n; i = gaz_lex_next(d->grades, &doc->tt, i + 1,
	    doc->tt.n))
		if (gaz_lex_match(d->grades, &doc->tt, i, doc->tt.n, &n) >= 0) {
			u->has_grade = 1;
			break;
		}
}

/*
 * A unit is analysed as one sentence, and the analysis of a sentence looks
 * back and ahead over its clauses for every grade word in it: a unit of
 * a few MB (a whole article in one text field, or hostile input) would take
 * hours.  A unit longer than RX_UNIT_MAX bytes, which no sentence is, is
 * therefore analysed in pieces of at most that size, cut after the last
 * sentence end (. ! ? and closing quotes or brackets, then white space) in
 * the piece, else at its last white space, else at a character boundary.
 * Every piece keeps the unit's row, section and paragraph, and a
 * statement that repeats one of the same row, as a long row repeating one
 * sentence would have it, is written once (rx_doc_run): the output, a copy
 * of the row per statement, stays in proportion to the input.
 */
#define RX_UNIT_MAX	4096

static size_t
piece_len(const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t i, j, space = 0;

	if (len <= RX_UNIT_MAX)
		return len;
	for (i = RX_UNIT_MAX; i > 1; i--) {
		if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n')
			continue;
		if (space == 0)
			space = i;
		/* back over closing quotes and brackets */
		for (j = i; j > 0; ) {
			if (t[j - 1] == '"' || t[j - 1] == '\'' ||
			    t[j - 1] == ')' || t[j - 1] == ']')
				j--;
			else if (j >= 3 && t[j - 3] == 0xE2 && t[j - 2] == 0x80 &&
			    (t[j - 1] == 0x99 || t[j - 1] == 0x9D))
				j -= 3;		/* ’ ” */
			else
				break;
		}
		if (j > 0 && (t[j - 1] == '.' || t[j - 1] == '!' ||
		    t[j - 1] == '?'))
			return i;
	}
	if (space > 0)
		return space;
	for (i = RX_UNIT_MAX; i > 1 && (t[i] & 0xC0) == 0x80; i--)
		;
	return i;
}

void
rx_doc_add(struct rx_doc *doc, size_t row, int section, long par,
    const char *text, size_t len)
{
	size_t n;
	int piece = 0;

	while ((n = piece_len(text, len)) < len) {
		add_unit(doc, row, section, par, text, n, 1);
		text += n;
		len -= n;
		piece = 1;
	}
	add_unit(doc, row, section, par, text, len, piece);
}

/* ------------------------------------------------------ token helpers */

#define TT(i)		(doc->tt.t[(i)])
#define KEY(i)		gaz_key(&doc->tt, (i))
/* W must be a string literal (so that its length is known) */
#define IS(i, w)	gaz_isn(&doc->tt, (size_t)(i), "" w, sizeof("" w) - 1)

static int
is_quote(const struct rx_doc *doc, long i, int flag)
{
	return TT(i).type == GAZ_T_QUOTE && (TT(i).flags & flag);
}

/* Punctuation that ends a clause. */
static int
is_clause_punct(const struct rx_doc *doc, long i)
{
	const struct gaz_tok *t = &TT(i);
	char c;
	long j;

	/* every clause mark is one byte: compare that byte, not twelve strings
	 * (this runs for each token of each clause scan) */
	if (t->type != GAZ_T_PUNCT || t->klen != 1)
		return 0;
	c = KEY(i)[0];
	/* a short aside in brackets, "(DCST)", "(TfC)", is not a clause */
	if (c == '(') {
		for (j = i + 1; j < (long)doc->tt.n && j <= i + 4; j++)
			if (TT(j).type == GAZ_T_PUNCT)
				return !IS(j, ")");
		return 1;
	}
	if (c == ')') {
		for (j = i - 1; j >= 0 && j >= i - 4; j--)
			if (TT(j).type == GAZ_T_PUNCT)
				return !IS(j, "(");
		return 1;
	}
	return c != '\0' && strchr(",;:-.!?[]|", c) != NULL;
}

struct ctx {
	struct rx_doc	*doc;
	struct unit	*u;
	long		 t0, t1;	/* the unit's tokens */
	int		 titlecase;
	int		 has_context;
	int		 has_respectively;
};

#define CS(i)	(doc->cs[(i) - x->t0])
#define CE(i)	(doc->ce[(i) - x->t0])
#define XS(i)	(doc->xs[(i) - x->t0])
#define MS(i)	(doc->ment_s[(i) - x->t0])
#define ME(i)	(doc->ment_e[(i) - x->t0])
#define AS(i)	(doc->area_s[(i) - x->t0])
#define AE(i)	(doc->area_e[(i) - x->t0])
#define GA(i)	(doc->grade_at[(i) - x->t0])

/* Previous token before I that is not an opening quote mark, or t0 - 1. */
static long
prev_tok(const struct ctx *x, long i)
{
	const struct rx_doc *doc = x->doc;
	long j = i - 1;

	while (j >= x->t0 && is_quote(doc, j, GAZ_F_OPEN | GAZ_F_CLOSE))
		j--;
	return j;
}

/* Next token from I on that is not a quote mark (nor . , inside one). */
static long
next_tok(const struct ctx *x, long i)
{
	const struct rx_doc *doc = x->doc;
	long j = i;

	if (j + 1 < x->t1 && TT(j).type == GAZ_T_PUNCT &&
	    (IS(j, ".") || IS(j, ",")) && is_quote(doc, j + 1, GAZ_F_CLOSE))
		j++;
	while (j < x->t1 && is_quote(doc, j, GAZ_F_OPEN | GAZ_F_CLOSE))
		j++;
	return j;
}

static int inside_span(const struct ctx *x, long i);

/* Start of the clause holding token I (after , ; : ( ) dashes). */
static long
clause_start(const struct ctx *x, long i)
{
	long j = i - 1;

	while (j >= x->t0 && (!is_clause_punct(x->doc, j) ||
	    inside_span(x, j)))
		j--;
	return j + 1;
}

static long
clause_end(const struct ctx *x, long i)
{
	long j = i;

	while (j < x->t1 && (!is_clause_punct(x->doc, j) ||
	    inside_span(x, j)))
		j++;
	return j;
}

static int
is_word(const struct rx_doc *doc, long i)
{
	return TT(i).type == GAZ_T_WORD || TT(i).type == GAZ_T_NUM;
}

/* A four-digit year 1990..2039, or 0. */
static int
year_of(const struct rx_doc *doc, long i)
{
	const char *k;
	int y;

	if (TT(i).type != GAZ_T_NUM || TT(i).klen != 4)
		return 0;
	k = KEY(i);
	y = (k[0] - '0') * 1000 + (k[1] - '0') * 100 + (k[2] - '0') * 10 +
	    (k[3] - '0');
	return y >= 1990 && y <= 2039 ? y : 0;
}

/* Is token I inside a name or an area phrase ("Bournemouth, Christchurch
 * and Poole", "leadership, management and governance"), or a comma of a
 * list of areas ("‘A’, ‘B’, and ‘C’ all to be outstanding")? */
static int
inside_span(const struct ctx *x, long i)
{
	const struct rx_doc *doc = x->doc;
	long j;

	if (IS(i, ",")) {
		long p = i - 1, q = i + 1;

		while (p >= x->t0 && is_quote(doc, p, GAZ_F_OPEN | GAZ_F_CLOSE))
			p--;
		while (q < x->t1 && (is_quote(doc, q, GAZ_F_OPEN |
		    GAZ_F_CLOSE) || IS(q, "and")))
			q++;
		if (p >= x->t0 && q < x->t1 && AE(p) >= 0 && AS(q) >= 0 &&
		    doc->ar[AE(p)].val >= 0 && doc->ar[AS(q)].val >= 0)
			return 1;
	}

	for (j = i - 1; j >= x->t0 && i - j <= 6; j--) {
		if (MS(j) >= 0)
			return (long)(doc->m[MS(j)].tok + doc->m[MS(j)].ntok) > i;
		if (AS(j) >= 0)
			return (long)doc->ar[AS(j)].b > i;
	}
	return 0;
}

/* ------------------------------------------------------ per-unit setup */

static void
ensure_scratch(struct rx_doc *doc, size_t n)
{
	if (n <= doc->scap)
		return;
	doc->scap = n + 64;
	doc->cs = nf_xreallocarray(doc->cs, doc->scap, sizeof(*doc->cs));
	doc->ce = nf_xreallocarray(doc->ce, doc->scap, sizeof(*doc->ce));
	doc->xs = nf_xreallocarray(doc->xs, doc->scap, sizeof(*doc->xs));
	doc->ment_s = nf_xreallocarray(doc->ment_s, doc->scap, sizeof(int));
	doc->ment_e = nf_xreallocarray(doc->ment_e, doc->scap, sizeof(int));
	doc->area_s = nf_xreallocarray(doc->area_s, doc->scap, sizeof(int));
	doc->area_e = nf_xreallocarray(doc->area_e, doc->scap, sizeof(int));
	doc->grade_at = nf_xreallocarray(doc->grade_at, doc->scap,
	    sizeof(int));
}

static void
setup_unit(struct ctx *x)
{
	struct rx_doc *doc = x->doc;
	const struct rx_data *d = doc->d;
	const struct gaz_toks *tt = &doc->tt;
	int ids[16], id;
	size_t ns[16], k, n, mi;
	long i;
	int nwords = 0, ncap = 0;

	ensure_scratch(doc, (size_t)(x->t1 - x->t0) + 1);
	for (i = x->t0; i < x->t1; i++) {
		CS(i) = CE(i) = 0;
		XS(i) = 0;
		MS(i) = ME(i) = AS(i) = AE(i) = GA(i) = -1;
	}
	x->has_context = 0;
	x->has_respectively = 0;
	for (i = x->t0; i < x->t1; i++) {
		n = gaz_lex_match_all(d->cues, tt, (size_t)i, (size_t)x->t1,
		    ids, ns, 16);
		for (k = 0; k < n; k++) {
			CS(i) |= d->cue[ids[k]];
			CE(i + (long)ns[k] - 1) |= d->cue[ids[k]];
		}
		if (CS(i) & C_CONTEXT)
			x->has_context = 1;
		if (CS(i) & C_RESPECTIVELY)
			x->has_respectively = 1;
		if (TT(i).type == GAZ_T_WORD && TT(i).klen >= 4 &&
		    !(TT(i).flags & GAZ_F_FIRST)) {
			nwords++;
			if (TT(i).flags & (GAZ_F_CAP | GAZ_F_ALLCAP))
				ncap++;
		}
	}
	/* exclusions: few tokens start one */
	for (i = (long)gaz_lex_next(d->excl, tt, (size_t)x->t0, (size_t)x->t1);
	    i < x->t1; i = (long)gaz_lex_next(d->excl, tt, (size_t)i + 1,
	    (size_t)x->t1)) {
		n = gaz_lex_match_all(d->excl, tt, (size_t)i, (size_t)x->t1,
		    ids, ns, 16);
		for (k = 0; k < n; k++)
			XS(i) |= d->ex[ids[k]];
	}
	/* mentions (usable ones) */
	for (mi = x->u->m0; mi < x->u->m0 + x->u->nm; mi++) {
		const struct gaz_mention *m = &doc->m[mi];

		if (!doc->mok[mi])
			continue;
		MS((long)m->tok) = (int)mi;
		ME((long)(m->tok + m->ntok - 1)) = (int)mi;
	}
	/* area phrases: longest first, left to right */
	doc->nar = 0;
	for (i = x->t0; i < x->t1; i++) {
		if (MS(i) >= 0) {
			/* "Doncaster Children's Services Trust" is a name */
			i = (long)(doc->m[MS(i)].tok + doc->m[MS(i)].ntok) - 1;
			continue;
		}
		if (gaz_lex_next(d->areas, tt, (size_t)i, (size_t)i + 1) !=
		    (size_t)i)
			continue;
		id = gaz_lex_match(d->areas, tt, (size_t)i, (size_t)x->t1, &n);
		if (id < 0)
			continue;
		if (doc->nar == doc->arcap) {
			doc->arcap = doc->arcap ? 2 * doc->arcap : 16;
			doc->ar = nf_xreallocarray(doc->ar, doc->arcap,
			    sizeof(*doc->ar));
		}
		doc->ar[doc->nar].a = (uint32_t)i;
		doc->ar[doc->nar].b = (uint32_t)(i + (long)n);
		doc->ar[doc->nar].val = d->area[id];
		AS(i) = (int)doc->nar;
		AE(i + (long)n - 1) = (int)doc->nar;
		doc->nar++;
		i += (long)n - 1;
	}
	/* grade phrases */
	doc->nc = 0;
	for (i = x->t0; i < x->t1; i++) {
		struct cand *c;

		i = (long)gaz_lex_next(d->grades, tt, (size_t)i, (size_t)x->t1);
		if (i >= x->t1)
			break;
		id = gaz_lex_match(d->grades, tt, (size_t)i, (size_t)x->t1, &n);
		if (id < 0)
			continue;
		if (doc->nc == doc->ccap) {
			doc->ccap = doc->ccap ? 2 * doc->ccap : 16;
			doc->c = nf_xreallocarray(doc->c, doc->ccap,
			    sizeof(*doc->c));
		}
		c = &doc->c[doc->nc];
		memset(c, 0, sizeof(*c));
		c->a = (uint32_t)i;
		c->b = (uint32_t)(i + (long)n);
		c->grade = d->ge[id].grade;
		c->kind = d->ge[id].kind;
		c->adjarea = -1;
		c->adjment = -1;
		c->chain = -1;
		for (k = 0; k < n; k++)
			GA(i + (long)k) = (int)doc->nc;
		doc->nc++;
		i += (long)n - 1;
	}
	x->titlecase = nwords >= 3 && 2 * ncap > nwords;
}

/* ------------------------------------------------------------ triggers */

/* Is token I (absolute) the last token of a subject that can be graded? */
static int
grade_subject(const struct ctx *x, long i, int pred)
{
	const struct rx_doc *doc = x->doc;
	uint64_t cls = C_AUTH | C_AUTHWEAK | C_SVC | C_REF;

	if (i < x->t0)
		return 0;
	if (ME(i) >= 0)
		return 1;
	if (AE(i) >= 0 && doc->ar[AE(i)].val >= 0)
		return 1;
	if (pred)
		cls |= C_PRONOUN;
	return (CE(i) & cls) != 0;
}

/* Skip adverbs backwards from I; returns the first non-adverb. */
static long
skip_adv_back(const struct ctx *x, long i)
{
	const struct rx_doc *doc = x->doc;

	while (i >= x->t0 && ((CE(i) & C_ADV) || is_quote(doc, i,
	    GAZ_F_OPEN | GAZ_F_CLOSE)))
		i--;
	return i;
}

/*
 * T6: a rating verb before the grade.  Returns the verb's position or -1;
 * *CLS gets its classes.
 */
static long
find_verb(const struct ctx *x, const struct cand *c, long cs, uint64_t *cls)
{
	const struct rx_doc *doc = x->doc;
	long j, k, gap;
	long p = prev_tok(x, (long)c->a);
	int weak = c->kind == K_WEAK;

	long steps = 0;

	for (j = p; j >= cs && steps <= 20; j--, steps++) {
		uint64_t m = CS(j);

		if (GA(j) >= 0)
			return -1;
		if (AE(j) >= 0 && doc->ar[AE(j)].a < (uint32_t)j) {
			j = doc->ar[AE(j)].a;	/* over an area phrase */
			continue;
		}
		if (ME(j) >= 0 && doc->m[ME(j)].tok < (uint32_t)j) {
			j = doc->m[ME(j)].tok;	/* over a name */
			continue;
		}
		if (is_quote(doc, j, GAZ_F_OPEN | GAZ_F_CLOSE))
			steps--;
		if (!(m & C_VERB)) {
			if ((IS(j, "that") && !(j + 1 < x->t1 &&
			    IS(j + 1, "of"))) || IS(j, "which") ||
			    IS(j, "who") || IS(j, "whose") || IS(j, "when") ||
			    IS(j, "where"))
				return -1;
			continue;
		}
		/* tokens between the verb and the grade */
		gap = 0;
		for (k = j + 1; k < (long)c->a; k++) {
			if (is_quote(doc, k, GAZ_F_OPEN | GAZ_F_CLOSE) ||
			    TT(k).type == GAZ_T_PUNCT)
				continue;
			if (AS(k) >= 0 && doc->ar[AS(k)].b <= c->a) {
				gap++;
				k = doc->ar[AS(k)].b - 1;
				continue;
			}
			if (MS(k) >= 0) {
				gap++;
				k = doc->m[MS(k)].tok + doc->m[MS(k)].ntok - 1;
				continue;
			}
			gap++;
			if ((CS(k) & C_COPULA) && !(CS(k) & C_LINK) &&
			    !IS(k, "be") && !IS(k, "been") && !IS(k, "being"))
				return -1;
			if (CS(k) & C_VERB && !(CS(k) & (C_LINK | C_NOUN)) &&
			    k != j + 1)
				return -1;
		}
		if (m & C_RATE) {
			if (gap > (weak ? 8 : c->quoted ? 16 : 12))
				goto next;
		} else if (m & (C_OBTAIN)) {
			if (gap > 3)
				goto next;
		} else if (m & C_MAINTAIN) {
			if (gap > 4)
				goto next;
		} else {
			/* up / down / change: "to GRADE", "from GRADE" */
			if (p < x->t0 || !(IS(p, "to") || IS(p, "into") ||
			    IS(p, "from") || IS(p, "as")) || gap > 10)
				goto next;
		}
		*cls = m;
		return j;
next:
		;
	}
	return -1;
}

static void
triggers(struct ctx *x, struct cand *c)
{
	struct rx_doc *doc = x->doc;
	long p = prev_tok(x, (long)c->a), n = next_tok(x, (long)c->b);
	long cs = clause_start(x, (long)c->a), s, q, v;
	int strong = c->kind != K_WEAK;
	int qc;
	uint64_t vcls = 0;

	/* quoted: open mark before (maybe before "overall"), close after */
	{
		long o = (long)c->a - 1, e = (long)c->b;

		if (o >= x->t0 && IS(o, "overall"))
			o--;
		if (e < x->t1 && TT(e).type == GAZ_T_PUNCT &&
		    (IS(e, ".") || IS(e, ",")))
			e++;
		c->quoted = o >= x->t0 && is_quote(doc, o, GAZ_F_OPEN) &&
		    e < x->t1 && is_quote(doc, e, GAZ_F_CLOSE);
		if (!c->quoted && o >= x->t0 && is_quote(doc, o, GAZ_F_OPEN) &&
		    e < x->t1 && is_quote(doc, e, GAZ_F_OPEN) &&
		    !(TT(e).flags & GAZ_F_SPACE))
			c->quoted = 1;	/* ‘good’ with ’ read as opening */
	}
	c->cap = !x->titlecase &&
	    (TT(c->a).flags & (GAZ_F_CAP | GAZ_F_ALLCAP)) &&
	    !(TT(c->a).flags & GAZ_F_FIRST);
	qc = c->quoted || c->cap;
	c->trigpos = c->a;

	/* T1: ‘inadequate’-rated */
	if (n < x->t1 && IS(n, "rated")) {
		c->trig = TR_RATED;
		q = next_tok(x, n + 1);
		if (q < x->t1 && (CS(q) & C_AUTHPLURAL) && MS(q) < 0)
			c->generic = 1;
		return;
	}
	/* T2: a grade noun after it: an ‘outstanding’ rating */
	q = n;
	if (q < x->t1 && (IS(q, "overall") || IS(q, "ofsted") ||
	    IS(q, "ofsted's")))
		q = next_tok(x, q + 1);
	if (q < x->t1 && (CS(q) & C_NOUN) && c->kind != K_IDIOM) {
		c->trig = TR_NOUN;
		return;
	}
	/* T3: a judgement of ‘inadequate’ */
	if (p > x->t0 && IS(p, "of") && (CE(p - 1) & C_OFNOUN)) {
		c->trig = TR_OFNOUN;
		return;
	}
	/* T4: an ‘outstanding’ council; ‘inadequate’ councils (generic) */
	if (n < x->t1 && MS(n) < 0 && c->kind != K_IDIOM) {
		if ((CS(n) & C_AUTHPLURAL) && !(CS(n) & C_AUTH) && qc) {
			c->trig = TR_AUTHNOUN;
			c->generic = 1;
			return;
		}
		if ((CS(n) & C_AUTH) && (strong || qc) && c->kind != K_PRED) {
			c->trig = TR_AUTHNOUN;
			return;
		}
		if ((CS(n) & C_AUTHWEAK) && qc && c->kind != K_PRED) {
			c->trig = TR_AUTHNOUN;
			return;
		}
	}
	/* T5: ‘inadequate’ Sandwell */
	if (n < x->t1 && MS(n) >= 0 && (strong || qc) && c->kind != K_PRED &&
	    c->kind != K_IDIOM) {
		c->trig = TR_NAME;
		return;
	}
	/* T9: Overall effectiveness: Good; Leeds – outstanding */
	if (p >= x->t0 && c->kind != K_IDIOM) {
		q = p;
		if ((CS(p) & C_SEP) && TT(p).type == GAZ_T_PUNCT)
			q = prev_tok(x, p);
		if (q >= x->t0 && (q != p || qc)) {
			if (AE(q) >= 0 && doc->ar[AE(q)].val >= 0) {
				c->trig = TR_ADJ;
				c->adjarea = doc->ar[AE(q)].val;
				c->trigpos = doc->ar[AE(q)].a;
				return;
			}
			if (ME(q) >= 0) {
				c->trig = TR_ADJ;
				c->adjment = ME(q);
				c->trigpos = doc->m[ME(q)].tok;
				return;
			}
			if (q != p && (CE(q) & C_NOUN)) {
				c->trig = TR_ADJ;
				return;
			}
			if ((CE(q) & C_AUTH) && q > x->t0 && ME(q - 1) >= 0) {
				c->trig = TR_ADJ;
				c->adjment = ME(q - 1);
				return;
			}
		}
	}
	/* T6: rated, judged, found to be, received, upgraded to ...; the
	 * verb may stand before an aside between commas ("rating
	 * leadership, management and governance, in addition to adoption
	 * support, as good") */
	v = find_verb(x, c, cs, &vcls);
	for (q = cs, s = 0; v < 0 && s < 2 && q - 1 > x->t0 &&
	    IS(q - 1, ","); s++) {
		q = clause_start(x, q - 1);
		v = find_verb(x, c, q, &vcls);
	}
	if (v >= 0) {
		c->trig = TR_VERB;
		c->trigpos = (uint32_t)v;
		c->verb = (int)(vcls & (C_MAINTAIN | C_UP | C_DOWN));
		return;
	}
	/* T8: copula or predicate with a subject that can be graded;
	 * "requires improvement to be good" and a quoted or capitalised
	 * ‘requires improvement’ are grades whatever comes before */
	if (c->kind == K_PRED && (c->b - c->a >= 4 || qc)) {
		c->trig = TR_COPULA;
		return;
	}
	if (c->kind == K_PRED) {
		s = skip_adv_back(x, p);
		if (s > x->t0 && (IS(s, "that") || IS(s, "which") ||
		    IS(s, "who")) && !grade_subject(x, s - 1, 0) &&
		    !(s - 1 > x->t0 && IS(s - 1, ",") &&
		    grade_subject(x, s - 2, 0)))
			s = x->t0 - 1;	/* "areas that required improvement" */
		if (s >= x->t0 && (grade_subject(x, s, 1) ||
		    (CE(s) & C_COPULA))) {
			c->trig = TR_COPULA;
			c->trigpos = (uint32_t)s;
			return;
		}
		if (s >= x->t0 && IS(s, "said") && s > x->t0) {
			/* "which Ofsted said requires improvement" */
			long r = s - 1;

			while (r >= x->t0 && is_word(doc, r) && s - r <= 3 &&
			    !IS(r, "which") && !IS(r, "that"))
				r--;
			if (r >= x->t0 && (IS(r, "which") || IS(r, "that"))) {
				c->trig = TR_COPULA;
				c->trigpos = (uint32_t)r;
				return;
			}
		}
	} else if (c->kind != K_IDIOM) {
		s = skip_adv_back(x, p);
		if (s >= x->t0 && (CE(s) & C_COPULA)) {
			long cop = s;

			/* back over the copula phrase and auxiliaries */
			while (s >= x->t0 && (CE(s) & (C_COPULA | C_ADV)))
				s--;
			while (s >= x->t0 && (IS(s, "has") || IS(s, "have") ||
			    IS(s, "had")))
				s--;
			s = skip_adv_back(x, s);
			/* "X, and for Y, are good": the subject before a comma */
			if (s > x->t0 && IS(s, ",")) {
				s--;
				/* "Bolton, rated inadequate three years ago,
				 * is now good": before the aside */
				if (!grade_subject(x, s, 0)) {
					long t = s;

					while (t > x->t0 && s - t < 10 &&
					    !IS(t, ","))
						t--;
					if (t > x->t0 && IS(t, ",") &&
					    grade_subject(x, t - 1, 0))
						s = t - 1;
				}
			}
			if (grade_subject(x, s, 0) && !IS(s, "that") &&
			    !IS(s, "which") && !IS(s, "who")) {
				c->trig = TR_COPULA;
				c->trigpos = (uint32_t)cop;
				return;
			}
			/* "X has moved out of inadequate and is now RI": the
			 * second verb of a subject graded just before */
			if (s >= x->t0 && IS(s, "and") && ((CS(cop) & C_NOW) ||
			    (cop + 1 < (long)c->a && (CS(cop + 1) & C_NOW)) ||
			    (cop > x->t0 && (CS(cop - 1) & C_NOW)))) {
				size_t k;

				for (k = 0; k < doc->nc; k++)
					if (&doc->c[k] != c &&
					    doc->c[k].b <= (uint32_t)s &&
					    doc->c[k].trig != TR_NONE &&
					    s - (long)doc->c[k].b <= 4)
						break;
				if (k < doc->nc) {
					c->trig = TR_COPULA;
					c->trigpos = (uint32_t)cop;
					return;
				}
			}
		}
	}
	/* T10: idioms in an inspection context, not in apposition to a
	 * grade ("‘outstanding’, the highest grade") */
	if (c->kind == K_IDIOM && p >= x->t0 && IS(p, "the"))
		p = prev_tok(x, p);
	if (c->kind == K_IDIOM && p >= x->t0 && (IS(p, ",") || IS(p, "-")) &&
	    prev_tok(x, p) >= x->t0 && GA(prev_tok(x, p)) >= 0)
		return;
	if (c->kind == K_IDIOM && x->has_context) {
		c->trig = TR_IDIOM;
		return;
	}
}

/* ------------------------------------------------------------ rejection */

static int
has_excl(const struct ctx *x, long from, long to, uint32_t cls)
{
	const struct rx_doc *doc = x->doc;
	long i;

	for (i = from < x->t0 ? x->t0 : from; i < to && i < x->t1; i++)
		if (XS(i) & cls)
			return 1;
	return 0;
}

static int
has_cue(const struct ctx *x, long from, long to, uint64_t cls)
{
	const struct rx_doc *doc = x->doc;
	long i;

	for (i = from < x->t0 ? x->t0 : from; i < to && i < x->t1; i++)
		if (CS(i) & cls)
			return 1;
	return 0;
}

/* The broad region around I: bounded by contrast words and semicolons. */
static void
broad_region(const struct ctx *x, long a, long b, long *from, long *to)
{
	const struct rx_doc *doc = x->doc;
	long i;

	for (i = a - 1; i >= x->t0; i--)
		if ((CS(i) & C_CONTRAST) || IS(i, ";"))
			break;
	*from = i + 1;
	for (i = b; i < x->t1; i++)
		if ((CS(i) & C_CONTRAST) || IS(i, ";"))
			break;
	*to = i;
}

static int
mentions_in(const struct ctx *x, long from, long to)
{
	const struct rx_doc *doc = x->doc;
	long i;

	for (i = from < x->t0 ? x->t0 : from; i < to && i < x->t1; i++)
		if (MS(i) >= 0)
			return 1;
	return 0;
}

/* A number that counts something: not a year, not list numbering
 * ("2.1 Adoption performance"). */
static int
is_count_number(const struct ctx *x, long i)
{
	const struct rx_doc *doc = x->doc;

	if (TT(i).type != GAZ_T_NUM || year_of(doc, i))
		return 0;
	if (i + 1 < x->t1 && IS(i + 1, ".") && !(TT(i + 1).flags & GAZ_F_SPACE))
		return 0;
	if (i > x->t0 && IS(i - 1, ".") && !(TT(i).flags & GAZ_F_SPACE))
		return 0;
	return 1;
}

#ifdef RX_DEBUG
static int rx_debug_line;
#define NO()	do { rx_debug_line = __LINE__; goto no; } while (0)
#else
#define NO()	goto no
#endif

static void
reject(struct ctx *x, struct cand *c)
{
	struct rx_doc *doc = x->doc;
	long p = prev_tok(x, (long)c->a), n = next_tok(x, (long)c->b);
	long cs = clause_start(x, (long)c->a), ce = clause_end(x, (long)c->b);
	long bf, bt, i, from;

	/* R1: degree words (very good, as good as, good enough) */
	if (p >= x->t0 && (CE(p) & C_DEGREE) && c->trig != TR_VERB &&
	    c->trig != TR_NOUN && c->trig != TR_RATED)
		NO();
	if (p >= x->t0 && IS(p, "as") && n < x->t1 && IS(n, "as"))
		NO();
	if (n < x->t1 && (IS(n, "enough") || IS(n, "than")))
		NO();
	/* R2: attributive use: good practice, outstanding issues */
	if (c->trig != TR_RATED && c->trig != TR_NOUN &&
	    c->trig != TR_AUTHNOUN && c->trig != TR_NAME &&
	    c->trig != TR_FROMTO && c->trig != TR_OFNOUN &&
	    c->kind != K_IDIOM && n < x->t1 &&
	    TT(n).type == GAZ_T_WORD &&
	    !(TT(n).flags & (GAZ_F_CAP | GAZ_F_ALLCAP)) &&
	    !(CS(n) & (C_FOLLOW | C_NOUN | C_AUTH | C_RESPECTIVELY |
	    C_VERB | C_COPULA)) && AS(n) < 0)
		NO();
	if (c->trig != TR_RATED && c->trig != TR_NOUN &&
	    c->trig != TR_AUTHNOUN && c->trig != TR_NAME &&
	    c->kind != K_IDIOM && n < x->t1 && AS(n) >= 0 &&
	    !(CS(n) & C_FOLLOW) && !c->quoted &&
	    !(TT(n).flags & (GAZ_F_CAP | GAZ_F_ALLCAP)))
		NO();
	/* R3: negation near the grade or its trigger */
	from = (long)c->trigpos - 3;
	if (from > (long)c->a - 3)
		from = (long)c->a - 3;
	/* "failed to achieve a good rating": the verb that takes the noun */
	if (c->trig == TR_NOUN && from > (long)c->a - 5)
		from = (long)c->a - 5;
	if (from < cs)
		from = cs;
	if (has_excl(x, from, (long)c->a, E_NEG))
		NO();
	/* R4: hypothetical or aspiration */
	if (has_excl(x, (long)c->a - 5 < cs ? cs : (long)c->a - 5,
	    (long)c->a, E_MODAL) && !(c->kind == K_PRED && c->b - c->a >= 4))
		NO();
	if (has_excl(x, cs, (long)c->a, E_ASPIRE))
		NO();
	/* a deadline, not the agent: "good by 2022", "by the next
	 * inspection" (but "by the watchdog") */
	if (n < x->t1 && IS(n, "by") && n + 1 < x->t1 &&
	    (year_of(doc, n + 1) || (IS(n + 1, "the") && n + 2 < x->t1 &&
	    (IS(n + 2, "next") || IS(n + 2, "end") || IS(n + 2, "time")))))
		NO();
	/* R5: schools, homes (the clause); regulators, self (wider) */
	if (has_excl(x, cs, ce, E_PROVIDER))
		NO();
	broad_region(x, (long)c->a, (long)c->b, &bf, &bt);
	if (bt > ce)
		bt = ce;
	if (has_excl(x, bf, bt, E_REGULATOR | E_SELF))
		NO();
	if (has_cue(x, bf, bt, C_SCALE))
		NO();
	/* R6: counts and plurals without a name */
	if (!mentions_in(x, cs, (long)c->a) &&
	    !has_cue(x, cs, (long)c->a, C_REF)) {
		for (i = cs; i < (long)c->a && !c->generic; i++) {
			long nx;

			if (((CS(i) & C_AUTHPLURAL) && !(CS(i) & C_AUTH) &&
			    !(CS(i) & C_SVC)) || (CS(i) & C_COMPARE)) {
				c->generic = 1;
				break;
			}
			if (!(XS(i) & E_QUANT) && !is_count_number(x, i))
				continue;
			/* a count of councils or of grades, not of responses
			 * or days: "seven were", "24% of", "10 local
			 * authorities", "three good assessments" */
			nx = next_tok(x, i + 1);
			if (nx >= (long)c->a || nx >= x->t1 ||
			    (CS(nx) & (C_AUTHPLURAL | C_COPULA | C_VERB)) ||
			    (XS(nx) & E_QUANT) || IS(nx, "of") || IS(nx, "%") ||
			    is_clause_punct(doc, nx) ||
			    TT(nx).type == GAZ_T_NUM)
				c->generic = 1;
		}
	}
	/* "first outstanding grades ... to two London councils" */
	if (!c->generic && !mentions_in(x, cs, ce) &&
	    !has_cue(x, cs, (long)c->a, C_REF)) {
		for (i = (long)c->b; i + 1 < ce; i++)
			if ((is_count_number(x, i) || (XS(i) & E_QUANT)) &&
			    (CS(i + 1) & C_AUTHPLURAL))
				c->generic = 1;
		for (i = (long)c->b; i + 2 < ce; i++)
			if ((is_count_number(x, i) || (XS(i) & E_QUANT)) &&
			    (CS(i + 2) & C_AUTHPLURAL))
				c->generic = 1;
	}
	/* "None of the six councils ... has gained an outstanding rating" */
	if (c->generic && has_excl(x, cs, (long)c->a, E_NEG))
		NO();
	return;
no:
#ifdef RX_DEBUG
	fprintf(stderr, "rx: reject grade at %u (trig %d) by rule at line %d\n",
	    c->a, c->trig, rx_debug_line);
#endif
	c->rejected = 1;
}

/* -------------------------------------------------- authorities, areas */

/* a word between the names of a list: , and & or ; ("and the Isle of
 * Wight": "the" after "and" or a comma) */
static int
list_sep(const struct ctx *x, long i)
{
	const struct rx_doc *doc = x->doc;

	return IS(i, ",") || IS(i, "and") || IS(i, "&") || IS(i, "or") ||
	    IS(i, ";") || (IS(i, "the") && i > x->t0 && (IS(i - 1, "and") ||
	    IS(i - 1, ",")));
}

/* Authorities of the group of mentions around mention MI (in order). */
static size_t
mention_group(const struct ctx *x, int mi, int *ids, size_t max)
{
	const struct rx_doc *doc = x->doc;
	long i, j, first = mi, last = mi;
	size_t n = 0;
	int k;

	/* extend left and right over ", " "and" "&" "or" and council words */
	for (;;) {
		long s = (long)doc->m[first].tok - 1;

		while (s >= x->t0 && ME(s) < 0) {
			if (list_sep(x, s) || (CE(s) & C_AUTH)) {
				s--;
				continue;
			}
			/* a locative: "Waltham Forest in London and ..." */
			if ((TT(s).flags & GAZ_F_CAP) && s > x->t0 &&
			    IS(s - 1, "in")) {
				s -= 2;
				continue;
			}
			break;
		}
		if (s >= x->t0 && ME(s) >= 0 && s < (long)doc->m[first].tok - 1) {
			/* separators only: but not across a lone comma
			 * followed by a verb-less list? keep it simple */
			first = ME(s);
			continue;
		}
		if (s >= x->t0 && ME(s) >= 0 && s == (long)doc->m[first].tok - 1) {
			first = ME(s);	/* adjacent names: "Coventry Knowsley" */
			continue;
		}
		break;
	}
	for (;;) {
		long e = (long)(doc->m[last].tok + doc->m[last].ntok);

		while (e < x->t1 && MS(e) < 0) {
			if (list_sep(x, e) || (CS(e) & C_AUTH)) {
				e++;
				continue;
			}
			if (IS(e, "in") && e + 1 < x->t1 &&
			    (TT(e + 1).flags & GAZ_F_CAP)) {
				e += 2;
				continue;
			}
			break;
		}
		if (e < x->t1 && MS(e) >= 0) {
			last = MS(e);
			continue;
		}
		break;
	}
	for (i = first; i <= last; i++) {
		j = doc->mok[i] ? doc->m[i].id : -1;
		if (j < 0)
			continue;
		for (k = 0; k < (int)n; k++)
			if (ids[k] == j)
				break;
		if (k == (int)n && n < max)
			ids[n++] = (int)j;
	}
	return n;
}

/* Nearest usable mention in [FROM, TO) scanning backwards, or -1. */
static int
mention_back(const struct ctx *x, long from, long to)
{
	const struct rx_doc *doc = x->doc;
	long i;

	for (i = to - 1; i >= from && i >= x->t0; i--)
		if (ME(i) >= 0)
			return ME(i);
	return -1;
}

static int
mention_fwd(const struct ctx *x, long from, long to)
{
	const struct rx_doc *doc = x->doc;
	long i;

	for (i = from; i < to && i < x->t1; i++)
		if (MS(i) >= 0)
			return MS(i);
	return -1;
}

static int
number_word(const struct rx_doc *doc, long i)
{
	static const char *const w[] = { "zero", "one", "two", "three",
	    "four", "five", "six", "seven", "eight", "nine", "ten",
	    "eleven", "twelve" };
	size_t k;

	if (TT(i).type == GAZ_T_NUM && TT(i).klen <= 2)
		return atoi(KEY(i));
	for (k = 0; k < sizeof(w) / sizeof(w[0]); k++)
		if (gaz_is(&doc->tt, (size_t)i, w[k]))
			return (int)k;
	return -1;
}

/*
 * "rated ... at three councils as ‘good’" followed by a sentence naming
 * exactly three authorities ("Stockport, Merton and Central Bedfordshire
 * all received ..."): those are the three.
 */
static size_t
count_names_next(const struct ctx *x, size_t ui, const struct cand *c,
    int *ids, size_t max)
{
	const struct rx_doc *doc = x->doc;
	long i, e;
	int want = -1, plural = 0;
	size_t vi, mi, n = 0, k;

	for (i = x->t0; i < (long)c->a; i++) {
		if (want < 0 && number_word(doc, i) >= 2)
			want = number_word(doc, i);
		if (CS(i) & C_AUTHPLURAL)
			plural = 1;
	}
	for (i = (long)c->b, e = clause_end(x, (long)c->b); i < e; i++)
		if (CS(i) & C_AUTHPLURAL)
			plural = 1;
	if (want < 2 || !plural)
		return 0;
	for (vi = ui + 1; vi < doc->nu; vi++)
		if (doc->u[vi].section != RX_SEC_OTHER &&
		    doc->u[vi].section != RX_SEC_CAPTION)
			break;
	if (vi >= doc->nu || vi > ui + 2)
		return 0;
	for (mi = doc->u[vi].m0; mi < doc->u[vi].m0 + doc->u[vi].nm; mi++) {
		if (!doc->mok[mi] || doc->mcmp[mi])
			continue;
		for (k = 0; k < n; k++)
			if (ids[k] == doc->m[mi].id)
				break;
		if (k == n && n < max)
			ids[n++] = doc->m[mi].id;
	}
	return (int)n == want ? n : 0;
}

/*
 * A council the gazetteer does not know ("Mid Sussex council", "Leeds
 * council" with another gazetteer) in [FROM, TO): the grade is its, not
 * the article's authority's.
 */
static int
unknown_body(const struct ctx *x, long from, long to)
{
	const struct rx_doc *doc = x->doc;
	long i;

	for (i = from < x->t0 ? x->t0 : from; i + 1 < to && i + 1 < x->t1;
	    i++) {
		if (TT(i).type != GAZ_T_WORD ||
		    !(TT(i).flags & (GAZ_F_CAP | GAZ_F_ALLCAP)) ||
		    MS(i) >= 0 || ME(i) >= 0 || (CS(i) & (C_REF | C_AUTH)) ||
		    IS(i, "the") || IS(i, "a") || IS(i, "an") ||
		    IS(i, "this") || IS(i, "our") || IS(i, "its") ||
		    IS(i, "their") || IS(i, "every") || IS(i, "each"))
			continue;
		if (strncmp(KEY(i + 1), "council", 7) == 0 ||
		    ((CS(i + 1) & C_AUTH) && (TT(i + 1).flags & GAZ_F_CAP) &&
		    i + 2 < x->t1 && strncmp(KEY(i + 2), "council", 7) == 0))
			return 1;
	}
	return 0;
}

/*
 * Fallback authority for a statement naming none ("the council", "its
 * care leavers service", "a county council"): the authority the article
 * is about; the last one named when the article has none.
 */
static int
focus(const struct rx_doc *doc)
{
	return doc->main_auth >= 0 ? doc->main_auth : doc->last_auth;
}

/*
 * Area phrases ending in [FROM, TO), nearest last, with the ones
 * coordinated with it back to LIM ("A, B and C were rated").
 */
static size_t
areas_back(const struct ctx *x, long lim, long from, long to, long maxdist,
    int *out, size_t max)
{
	const struct rx_doc *doc = x->doc;
	long i, j;
	size_t n = 0;

	for (i = to - 1; i >= from && i >= x->t0 && to - i <= maxdist; i--) {
		if (AE(i) < 0)
			continue;
		if (doc->ar[AE(i)].val < 0 || (doc->ar[AE(i)].b -
		    doc->ar[AE(i)].a == 1 && IS(i, "overall"))) {
			i = doc->ar[AE(i)].a;	/* masked: skip it */
			continue;
		}
		break;
	}
	if (i < from || i < x->t0 || to - i > maxdist || AE(i) < 0)
		return 0;
	out[n++] = doc->ar[AE(i)].val;
	/* coordinated: "child protection services and the quality of
	 * leadership" */
	for (;;) {
		long s = doc->ar[AE(i)].a, k = s - 1;
		int and = 0;

		while (k >= lim && ((CE(k) & C_FILLER) || is_quote(doc, k,
		    GAZ_F_OPEN | GAZ_F_CLOSE)) && AE(k) < 0 && s - k <= 7) {
			if (IS(k, "and") || IS(k, ","))
				and = 1;
			k--;
		}
		if (!and || k < lim || AE(k) < 0 || doc->ar[AE(k)].val < 0)
			break;
		/* "rated good overall, with care leavers judged
		 * outstanding": that "overall" is the grade's before it */
		if (doc->ar[AE(k)].b - doc->ar[AE(k)].a == 1 &&
		    IS(k, "overall") && k > x->t0 && GA(k - 1) >= 0)
			break;
		i = k;
		for (j = 0; j < (long)n; j++)
			if (out[j] == doc->ar[AE(i)].val)
				break;
		if (j == (long)n && n < max) {
			memmove(out + 1, out, n * sizeof(*out));
			out[0] = doc->ar[AE(i)].val;
			n++;
		}
	}
	return n;
}

/* Areas after "for", "in", "across" right after the grade. */
static size_t
areas_after(const struct ctx *x, long n0, int *out, size_t max)
{
	const struct rx_doc *doc = x->doc;
	long i = n0;
	size_t n = 0;
	size_t k;
	int with_overall = 0;

	if (i < x->t1 && IS(i, "overall")) {
		i++;
		/* "inadequate overall and for children who need help and
		 * protection": overall, and the areas after it */
		if (i + 1 < x->t1 && IS(i, "and") && (IS(i + 1, "for") ||
		    IS(i + 1, "in"))) {
			with_overall = 1;
			i++;
		}
	}
	if (i < x->t1 && (CS(i) & C_NOUN))
		i = next_tok(x, i + 1);
	/* "in two categories, A and B", "in three out of five inspected
	 * areas – A, B and C" */
	if (i + 3 < x->t1 && IS(i, "in") && number_word(doc, i + 1) >= 1) {
		long k;

		for (k = i + 2; k < x->t1 && k < i + 8; k++)
			if (IS(k, "categories") || IS(k, "areas") ||
			    IS(k, "judgements") || IS(k, "judgments") ||
			    IS(k, "category") || IS(k, "area"))
				break;
		if (k + 1 < x->t1 && k < i + 8 && (IS(k + 1, ",") ||
		    IS(k + 1, ":") || IS(k + 1, "-")))
			i = k + 1;
		else
			return 0;
	} else if (i >= x->t1 || !(IS(i, "for") || IS(i, "in") ||
	    IS(i, "across") || IS(i, "on"))) {
		return 0;
	} else if (IS(i, "for")) {
		/* "for the services it provides to children who need ‘help
		 * and protection’": a judgement area within a few words */
		long k;

		for (k = i + 1; k < x->t1 && k < i + 13; k++) {
			if (is_clause_punct(doc, k) || GA(k) >= 0)
				break;
			if (AS(k) >= 0 && doc->ar[AS(k)].val >= 0) {
				i = k - 1;
				break;
			}
		}
	}
	i++;
	for (;;) {
		long f0 = i;

		/* "and the trust's leadership ..." */
		while (i < x->t1 && AS(i) < 0 && i - f0 < 6 &&
		    ((CS(i) & (C_FILLER | C_AUTH | C_AUTHWEAK | C_REF)) ||
		    TT(i).type == GAZ_T_POSS || MS(i) >= 0 ||
		    is_quote(doc, i, GAZ_F_OPEN | GAZ_F_CLOSE)))
			i++;
		if (i >= x->t1 || AS(i) < 0 || doc->ar[AS(i)].val < 0)
			break;
		for (k = 0; k < n; k++)
			if (out[k] == doc->ar[AS(i)].val)
				break;
		if (k == n && n < max)
			out[n++] = doc->ar[AS(i)].val;
		i = doc->ar[AS(i)].b;
		if (i >= x->t1 || !(IS(i, "and") || IS(i, ",")))
			break;
	}
	if (with_overall && n > 0 && n < max) {
		memmove(out + 1, out, n * sizeof(*out));
		out[0] = RX_A_OVERALL;
		n++;
	}
	return n;
}

/* ------------------------------------------------------------ statements */

static int
fact_of(struct rx_doc *doc, int auth, int area, int grade)
{
	size_t k;

	for (k = 0; k < doc->nf; k++)
		if (doc->f[k].auth == auth && doc->f[k].area == area &&
		    doc->f[k].grade == grade)
			return (int)k;
	return -1;
}

static void
push_stmt(struct rx_doc *doc, const struct stmt *s)
{
	size_t k;

	/* one row per (authority, area, grade) in a unit */
	for (k = doc->nst; k > 0; k--) {
		const struct stmt *o = &doc->st[k - 1];

		if (o->unit != s->unit)
			break;
		if (o->auth == s->auth && o->area == s->area &&
		    o->grade == s->grade) {
			struct stmt *w = &doc->st[k - 1];

			if (!w->year)
				w->year = s->year;
			if (s->earlier > w->earlier)
				w->earlier = s->earlier;
			w->now |= s->now;
			if (!w->verb)
				w->verb = s->verb;
			if (!w->role)
				w->role = s->role;
			return;
		}
	}
	if (doc->nst == doc->stcap) {
		doc->stcap = doc->stcap ? 2 * doc->stcap : 32;
		doc->st = nf_xreallocarray(doc->st, doc->stcap,
		    sizeof(*doc->st));
	}
	doc->st[doc->nst++] = *s;
}

/* Year stated for the grade within [FROM, TO): the nearest dated year. */
static int
find_year(const struct ctx *x, const struct cand *c, long from, long to)
{
	const struct rx_doc *doc = x->doc;
	long i, best = -1, bd = 0, dist;
	int y;

	for (i = from < x->t0 ? x->t0 : from; i < to && i < x->t1; i++) {
		long pp, nn;
		int ok = 0;

		if (!(y = year_of(doc, i)))
			continue;
		pp = i - 1;
		if (pp >= x->t0 && IS(pp, ","))
			pp--;
		nn = i + 1;
		if (pp >= x->t0 && (CE(pp) & (C_DATEPREP | C_MONTH)))
			ok = 1;
		if (pp >= x->t0 && TT(pp).type == GAZ_T_NUM && pp > x->t0 &&
		    (CE(pp - 1) & C_MONTH))
			ok = 1;
		if (nn < x->t1 && TT(nn).type == GAZ_T_POSS)
			nn++;
		if (nn < x->t1 && (CS(nn) & C_DATENOUN))
			ok = 1;
		if (pp >= x->t0 && IS(pp, "by"))
			ok = 0;
		if (ok && i >= (long)c->b) {
			long k;

			for (k = (long)c->b; k < i - 2; k++)
				if (IS(k, "since") || IS(k, "until"))
					ok = 0;
		}
		if (!ok)
			continue;
		dist = i < (long)c->a ? (long)c->a - i : i - (long)c->b;
		if (best < 0 || dist < bd) {
			best = i;
			bd = dist;
		}
	}
	return best < 0 ? 0 : year_of(doc, best);
}

/* a grade starts within three words after the cue at I */
static int
cue_of_next_grade(const struct ctx *x, long i)
{
	const struct rx_doc *doc = x->doc;
	long j;

	for (j = i + 1; j < x->t1 && j <= i + 3; j++) {
		if (GA(j) >= 0)
			return 1;
		if (is_clause_punct(doc, j))
			return 0;
	}
	return 0;
}

/* Status cues for the grade within [FROM, TO): the nearest wins. */
static void
find_cues(const struct ctx *x, const struct cand *c, long from, long to,
    struct stmt *s)
{
	const struct rx_doc *doc = x->doc;
	long i, best = -1, bd = 0, dist;
	int monitor = 0, verb = c->verb;

	if (from < x->t0)
		from = x->t0;
	if (to > x->t1)
		to = x->t1;
	for (i = from; i < to; i++) {
		uint64_t m = CS(i);

		if (m & C_MONITOR)
			monitor = 1;
		if (GA(i) >= 0)
			continue;
		if (!(m & (C_EARLIER | C_EARLIERWEAK | C_NOW)))
			continue;
		/* "its first inspection since the authority's formation":
		 * a "since" after the grade dates something else */
		if (i >= (long)c->b && (m & C_EARLIERWEAK) &&
		    !(m & (C_EARLIER | C_NOW)))
			continue;
		dist = i < (long)c->a ? (long)c->a - i : i - (long)c->b + 1;
		if (dist > (i < (long)c->a ? 12 : 6))
			continue;
		/* "rated good, up from requires improvement": a cue right
		 * before the next grade is that grade's */
		if (i >= (long)c->b && cue_of_next_grade(x, i))
			continue;
		if (best < 0 || dist < bd) {
			best = i;
			bd = dist;
		}
		/* a verb of change right before: maintained, upgraded */
	}
	if (best >= 0) {
		uint64_t m = CS(best);

		if (m & C_EARLIER)
			s->earlier = 2;
		else if (m & C_EARLIERWEAK)
			s->earlier = 1;
		else if (m & C_NOW)
			s->now = 1;
	}
	if (!verb) {
		/* "both maintained ‘requires improvement’ grades",
		 * "was upgraded to", "improved to ‘good’" */
		long p = prev_tok(x, (long)c->a);
		int to = p >= x->t0 && (IS(p, "to") || IS(p, "into"));

		for (i = (long)c->a - 1; i >= from && (long)c->a - i <= 8;
		    i--) {
			if (GA(i) >= 0)
				break;
			if (IS(i, "to") || IS(i, "into"))
				to = 1;
			if ((CS(i) & C_MAINTAIN) && !IS(i, "still")) {
				verb = (int)C_MAINTAIN;
				break;
			}
			if ((CS(i) & (C_UP | C_DOWN)) && (to ||
			    strncmp(KEY(i), "upgrad", 6) == 0 ||
			    strncmp(KEY(i), "downgrad", 8) == 0)) {
				verb = (int)(CS(i) & (C_UP | C_DOWN));
				break;
			}
		}
	}
	if ((verb & C_MAINTAIN) && (monitor || s->earlier))
		verb &= ~(int)C_MAINTAIN;
	if (verb & C_MAINTAIN)
		s->verb = (int)C_MAINTAIN;
	else if (verb & C_DOWN)
		s->verb = (int)C_DOWN;
	else if (verb & C_UP)
		s->verb = (int)C_UP;
	if (s->verb == (int)C_DOWN && (CS(c->trigpos) & C_EARLIER))
		s->verb = 0;	/* "lost its ‘good’ rating": the old grade */
}

/* Where the region of grade K ends and grade K+1's begins. */
static long
split_point(const struct ctx *x, const struct cand *g0, const struct cand *g1)
{
	const struct rx_doc *doc = x->doc;
	long i, last = -1;

	for (i = (long)g0->b; i < (long)g1->a; i++)
		if (is_clause_punct(doc, i))
			last = i;
	if (last >= 0)
		return last;
	for (i = (long)g0->b; i < (long)g1->a; i++)
		if ((CS(i) & C_BOUNDARY) || IS(i, "to") || IS(i, "and") ||
		    IS(i, "but"))
			return i;
	return (long)g0->b;
}

static void
analyse_unit(struct rx_doc *doc, size_t ui)
{
	struct unit *u = &doc->u[ui];
	struct ctx xx, *x = &xx;
	size_t k, j;
	int acc[64];
	size_t nacc = 0;

	memset(x, 0, sizeof(*x));
	x->doc = doc;
	x->u = u;
	x->t0 = u->tok0;
	x->t1 = (long)u->tok0 + u->ntok;
	setup_unit(x);
	if (doc->nc == 0)
		return;

	/* triggers, first pass */
	for (k = 0; k < doc->nc; k++)
		triggers(x, &doc->c[k]);
	/* second pass: from ... to ..., and lists continuing a statement */
	for (k = 0; k < doc->nc; k++) {
		struct cand *c = &doc->c[k];
		long p = prev_tok(x, (long)c->a), i;

		/* role: "from ‘inadequate’", "from the assessment of" */
		for (i = p; i >= x->t0 && p - i <= 4; i--) {
			if (is_clause_punct(doc, i) || GA(i) >= 0)
				break;
			if (IS(i, "from")) {
				c->role = ROLE_FROM;
				break;
			}
			if (!(IS(i, "the") || IS(i, "of") || IS(i, "its") ||
			    (CS(i) & C_OFNOUN) || IS(i, "a") || IS(i, "an") ||
			    IS(i, "up") || IS(i, "down")))
				break;
		}
		if (p >= x->t0 && (IS(p, "to") || IS(p, "into")) && k > 0 &&
		    doc->c[k - 1].role == ROLE_FROM &&
		    (long)c->a - (long)doc->c[k - 1].b <= 10)
			c->role = ROLE_TO;
		if (c->trig == TR_NONE && c->role == ROLE_TO) {
			c->trig = TR_FROMTO;
			doc->c[k - 1].trig = doc->c[k - 1].trig ?
			    doc->c[k - 1].trig : TR_FROMTO;
		}
		/* "downgraded to inadequate from good": from after to */
		if (c->trig == TR_NONE && c->role == ROLE_FROM && k > 0 &&
		    doc->c[k - 1].trig != TR_NONE &&
		    (long)c->a - (long)doc->c[k - 1].b <= 4) {
			long pp = prev_tok(x, (long)doc->c[k - 1].a);

			if (pp >= x->t0 && (IS(pp, "to") || IS(pp, "into")))
				c->trig = TR_FROMTO;
		}
		if (c->trig == TR_NONE && c->role == ROLE_FROM &&
		    ((CE(p) & (C_UP | C_DOWN)) || (IS(p, "from") &&
		    p > x->t0 && (IS(p - 1, "up") || IS(p - 1, "down")))) &&
		    c->kind != K_IDIOM)
			c->trig = TR_FROMTO;	/* "up from ‘requires ...’" */
	}
	/* a FROM grade whose TO grade was found later */
	for (k = 0; k + 1 < doc->nc; k++)
		if (doc->c[k].role == ROLE_FROM && doc->c[k].trig == TR_NONE &&
		    doc->c[k + 1].role == ROLE_TO)
			doc->c[k].trig = TR_FROMTO;
	for (k = 1; k < doc->nc; k++) {
		struct cand *c = &doc->c[k], *pc;
		long i, gap = 0;
		int ok = 1;

		if (c->trig != TR_NONE)
			continue;
		for (j = k; j > 0; j--)
			if (doc->c[j - 1].trig != TR_NONE)
				break;
		if (j == 0)
			continue;
		pc = &doc->c[j - 1];
		for (i = (long)pc->b; i < (long)c->a; i++) {
			if (is_quote(doc, i, GAZ_F_OPEN | GAZ_F_CLOSE))
				continue;
			gap++;
			if (MS(i) >= 0 || ME(i) >= 0 || AS(i) >= 0 ||
			    AE(i) >= 0)
				continue;
			if (IS(i, ",") || IS(i, "and") || IS(i, "or") ||
			    IS(i, "but") || IS(i, "while") || IS(i, "with") ||
			    IS(i, "as") || year_of(doc, i) ||
			    IS(i, "for") || IS(i, "in") || IS(i, "across") ||
			    IS(i, "overall") || IS(i, "the") || IS(i, "its") ||
			    IS(i, "their") || IS(i, "a") || IS(i, "an") ||
			    IS(i, "-") || IS(i, ";") || (CS(i) & C_ADV) ||
			    (CS(i) & C_AUTH) || (CS(i) & C_NOUN))
				continue;
			/* an area or name anywhere in the gap: inside
			 * the phrase already skipped above */
			ok = 0;
			break;
		}
		if (ok && gap <= 10) {
			c->trig = TR_LIST;
			c->chain = (int)(j - 1);
			c->trigpos = pc->trigpos;
			c->verb = pc->verb;
		}
	}
	/* rejections */
	for (k = 0; k < doc->nc; k++) {
#ifdef RX_DEBUG
		fprintf(stderr, "rx: unit %zu grade %d at %u..%u kind %d "
		    "trig %d quoted %d cap %d generic %d\n", ui,
		    doc->c[k].grade, doc->c[k].a, doc->c[k].b, doc->c[k].kind,
		    doc->c[k].trig, doc->c[k].quoted, doc->c[k].cap,
		    doc->c[k].generic);
#endif
		if (doc->c[k].trig != TR_NONE)
			reject(x, &doc->c[k]);
	}
	/* a list of three or more grades joined by commas: a scale */
	for (k = 0; k < doc->nc; k++) {
		size_t len = 1, e = k;

		while (e + 1 < doc->nc && doc->c[e + 1].chain == (int)e &&
		    !doc->c[e + 1].rejected) {
			long i;
			int bare = 1;

			for (i = (long)doc->c[e].b; i < (long)doc->c[e + 1].a;
			    i++)
				if (!(IS(i, ",") || IS(i, "and") ||
				    IS(i, "or") || is_quote(doc, i,
				    GAZ_F_OPEN | GAZ_F_CLOSE) || IS(i, ";") ||
				    IS(i, "-")))
					bare = 0;
			if (!bare)
				break;
			e++;
			len++;
		}
		if (len >= 3)
			for (j = k; j <= e; j++)
				doc->c[j].rejected = 1;
	}
	/* a list continuing a rejected grade is rejected too */
	for (k = 0; k < doc->nc; k++)
		if (doc->c[k].chain >= 0 && doc->c[doc->c[k].chain].rejected)
			doc->c[k].rejected = 1;
	for (k = 0; k < doc->nc && nacc < 64; k++)
		if (doc->c[k].trig != TR_NONE && !doc->c[k].rejected)
			acc[nacc++] = (int)k;
	if (nacc == 0)
		return;

	/* authorities, areas, cues, year */
	{
		int prev_auth[16];
		size_t nprev = 0;
		long region0 = x->t0;

		for (j = 0; j < nacc; j++) {
			struct cand *c = &doc->c[acc[j]];
			long pre0 = j > 0 ? (long)doc->c[acc[j - 1]].b : x->t0;
			long region1 = j + 1 < nacc ?
			    split_point(x, c, &doc->c[acc[j + 1]]) : x->t1;
			long cs = clause_start(x, (long)c->a);
			long n = next_tok(x, (long)c->b), q;
			int auths[16], areas[8], mi = -1, cmp = 0;
			size_t na = 0, nar = 0, ai, ri;
			int area_default = 0;
			struct stmt s;

			/* --- authority --- */
			q = n;
			if (q < x->t1 && IS(q, "rated"))
				q = next_tok(x, q + 1);
			if (c->generic) {
				/* a count: only names listed after it */
				long i;

				for (i = (long)c->b; i < x->t1; i++)
					if ((CS(i) & C_LISTCUE) && mention_fwd(x,
					    i + 1, x->t1) >= 0)
						break;
				if (i < x->t1) {
					for (i = i + 1; i < x->t1 && na < 16; i++)
						if (MS(i) >= 0 &&
						    !doc->mcmp[MS(i)])
							auths[na++] =
							    doc->m[MS(i)].id;
				} else {
					na = count_names_next(x, ui, c, auths,
					    16);
				}
				if (na == 0)
					continue;
			} else if (c->adjment >= 0) {
				mi = c->adjment;
			} else if (q < x->t1 && MS(q) >= 0 &&
			    (c->trig == TR_NAME || c->trig == TR_RATED)) {
				mi = MS(q);
			} else if ((mi = mention_back(x, pre0, (long)c->a)) >= 0) {
				;
			} else if (j > 0 && nprev > 0) {
				memcpy(auths, prev_auth, nprev * sizeof(int));
				na = nprev;
			} else if ((mi = mention_fwd(x, (long)c->b,
			    x->t1)) >= 0) {
				;
			} else if (unknown_body(x, pre0, (long)c->a)) {
				auths[na++] = -1;	/* "Wealden council" */
			} else if (doc->provider_doc) {
				/* a school's grade, not a council's, unless
				 * "the council" says otherwise */
				if (!has_cue(x, x->t0, (long)c->a, C_REF) ||
				    doc->last_auth < 0)
					continue;
				auths[na++] = doc->last_auth;
			} else {
				auths[na++] = focus(doc);
			}
			if (mi >= 0) {
				if (doc->mcmp[mi])
					cmp = 1;
				na = mention_group(x, mi, auths, 16);
			}
			if (cmp || na == 0)
				continue;
			memcpy(prev_auth, auths, na * sizeof(int));
			nprev = na;
			if (x->has_respectively && na == nacc && na > 1) {
				auths[0] = auths[j];
				na = 1;
			}

			/* --- area --- */
			if (c->adjarea >= 0) {
				areas[nar++] = c->adjarea;
			}
			if (nar == 0)
				nar = areas_after(x, n, areas, 8);
			if (nar == 0) {
				long pb = prev_tok(x, (long)c->a);

				if ((pb >= x->t0 && IS(pb, "overall")) ||
				    (n < x->t1 && IS(n, "overall")))
					areas[nar++] = RX_A_OVERALL;
			}
			if (nar == 0) {
				long from = cs > pre0 ? cs : pre0;

				long w;

				nar = areas_back(x, pre0, from, (long)c->a, 12,
				    areas, 8);
				/* the subject in the clause before: "A, and
				 * for B, are good"; "..., rated as"; "...,
				 * which Ofsted said requires improvement" */
				for (w = cs; w < (long)c->a; w++)
					if (!(CS(w) & (C_COPULA | C_ADV | C_LINK |
					    C_RATE)) && !is_quote(doc, w,
					    GAZ_F_OPEN | GAZ_F_CLOSE))
						break;
				if (nar == 0 && cs > pre0 && (w == (long)c->a ||
				    IS(cs, "which") || IS(cs, "who") ||
				    IS(cs, "both")))
					nar = areas_back(x, pre0, cs - 9 < pre0 ?
					    pre0 : cs - 9, cs - 1, 9, areas, 8);
				if (nar == 0) {
					/* "both areas": the areas before */
					long i;

					for (i = from; i < (long)c->a; i++)
						if (IS(i, "both") && i + 1 < x->t1 &&
						    (IS(i + 1, "areas") ||
						    IS(i + 1, "services")))
							break;
					if (i < (long)c->a)
						nar = areas_back(x, x->t0, x->t0,
						    from, 40, areas, 8);
				}
			}
			if (nar == 0) {
				areas[nar++] = RX_A_OVERALL;
				area_default = 1;
			}

			/* --- cues, year --- */
			memset(&s, 0, sizeof(s));
			s.unit = ui;
			s.pos = c->a;
			s.grade = c->grade;
			s.role = c->role;
			find_cues(x, c, region0, region1, &s);
			if (c->role == ROLE_FROM)
				s.earlier = 2;
			s.year = find_year(x, c, region0, region1);
			if (!s.year && j == 0 && x->t0 + 1 < x->t1 &&
			    IS(x->t0, "in")) {
				/* "In 2016, X was rated ..." */
				long i;

				for (i = x->t0 + 1; i < cs && i < x->t0 + 4; i++)
					if (year_of(doc, i) && i + 1 < x->t1 &&
					    IS(i + 1, ","))
						s.year = year_of(doc, i);
			}

			for (ai = 0; ai < na; ai++) {
				for (ri = 0; ri < nar; ri++) {
					s.auth = auths[ai];
					s.area = areas[ri];
					if (area_default && s.auth >= 0) {
						/* "the service": the area an
						 * earlier fact gave this grade */
						size_t fk;
						int cand = -1, overall = 0;

						for (fk = 0; fk < doc->nf; fk++) {
							const struct fact *f =
							    &doc->f[fk];

							if (f->auth != s.auth ||
							    f->grade != s.grade)
								continue;
							if (f->area ==
							    RX_A_OVERALL)
								overall = 1;
							else if (cand < 0)
								cand = f->area;
						}
						if (!overall && cand >= 0) {
							size_t z;

							for (z = 0; z < doc->nar;
							    z++)
								if (doc->ar[z].val ==
								    cand)
									s.area = cand;
						}
					}
					push_stmt(doc, &s);
					/* facts so far, for the rule above */
					if (s.auth >= 0 && fact_of(doc, s.auth,
					    s.area, s.grade) < 0) {
						struct fact *f;

						if (doc->nf == doc->fcap) {
							doc->fcap = doc->fcap ?
							    2 * doc->fcap : 16;
							doc->f = nf_xreallocarray(
							    doc->f, doc->fcap,
							    sizeof(*doc->f));
						}
						f = &doc->f[doc->nf++];
						memset(f, 0, sizeof(*f));
						f->auth = s.auth;
						f->area = s.area;
						f->grade = s.grade;
						f->first = doc->nst - 1;
					}
				}
			}
			region0 = region1;
		}
	}
}

/* ------------------------------------------------------------- the run */

/*
 * An article whose headline is about a school, a home or another
 * regulator's body ("Goddard Park Primary School in Swindon welcomes
 * glowing Ofsted report") and names no council: its grades without a
 * named authority are that body's.
 */
static void
check_provider_doc(struct rx_doc *doc)
{
	const struct rx_data *d = doc->d;
	size_t ui, i, n, k;
	int ids[16], prov = 0, auth = 0;
	size_t ns[16];

	doc->provider_doc = 0;
	for (ui = 0; ui < doc->nu; ui++) {
		const struct unit *u = &doc->u[ui];

		if (u->section != RX_SEC_HEADLINE)
			continue;
		for (i = u->tok0; i < u->tok0 + u->ntok; i++) {
			n = gaz_lex_match_all(d->excl, &doc->tt, i,
			    u->tok0 + u->ntok, ids, ns, 16);
			for (k = 0; k < n; k++)
				if (d->ex[ids[k]] & (E_PROVIDER | E_REGULATOR))
					prov = 1;
			n = gaz_lex_match_all(d->cues, &doc->tt, i,
			    u->tok0 + u->ntok, ids, ns, 16);
			for (k = 0; k < n; k++)
				if (d->cue[ids[k]] & C_AUTH)
					auth = 1;
		}
		break;
	}
	doc->provider_doc = prov && !auth;
}

static void
choose_main(struct rx_doc *doc)
{
	size_t ui, mi, k;
	int best = -1, bestn = 0;
	int *count;
	size_t n = gaz_size(doc->d->gaz);

	doc->main_auth = -1;
	for (ui = 0; ui < doc->nu && doc->main_auth < 0; ui++) {
		const struct unit *u = &doc->u[ui];

		if (!u->lead)
			continue;
		for (mi = u->m0; mi < u->m0 + u->nm; mi++)
			if (doc->mok[mi] && !doc->mcmp[mi]) {
				doc->main_auth = doc->m[mi].id;
				break;
			}
	}
	if (doc->main_auth >= 0)
		return;
	count = nf_xcalloc(n ? n : 1, sizeof(int));
	for (mi = 0; mi < doc->nm; mi++)
		if (doc->mok[mi] && !doc->mcmp[mi])
			count[doc->m[mi].id]++;
	for (mi = 0; mi < doc->nm; mi++) {
		if (!doc->mok[mi] || doc->mcmp[mi])
			continue;
		k = (size_t)doc->m[mi].id;
		if (count[k] > bestn) {
			best = (int)k;
			bestn = count[k];
		}
	}
	free(count);
	doc->main_auth = best;
}

/* mentions A and A + 1 are joined by list words only: , and & or the */
static int
listed_together(const struct rx_doc *doc, size_t a, size_t b)
{
	size_t i, e = doc->m[a].tok + doc->m[a].ntok;

	if (doc->m[b].tok < e || doc->m[b].tok - e > 3)
		return 0;
	for (i = e; i < doc->m[b].tok; i++)
		if (!(gaz_is(&doc->tt, i, ",") || gaz_is(&doc->tt, i, "and") ||
		    gaz_is(&doc->tt, i, "&") || gaz_is(&doc->tt, i, "or") ||
		    gaz_is(&doc->tt, i, "the")))
			return 0;
	return 1;
}

/* the list starting at mention A, before mention END (its unit's end),
 * ends in "councils" ("Kingston and Richmond councils") */
static int
list_of_councils(const struct rx_doc *doc, size_t a, size_t end)
{
	size_t b = a, e;

	while (b + 1 < end && listed_together(doc, b, b + 1))
		b++;
	e = doc->m[b].tok + doc->m[b].ntok;
	return b > a && e < doc->tt.n && (gaz_is(&doc->tt, e, "councils") ||
	    gaz_is(&doc->tt, e, "authorities"));
}

/* Mentions that follow "like", "unlike", "than" ...: comparisons. */
static void
mark_mentions(struct rx_doc *doc)
{
	const struct rx_data *d = doc->d;
	size_t mi, ui;
	int ids[16];
	size_t ns[16], k, n;

	if (doc->nm > doc->nmok) {
		doc->mok = nf_xrealloc(doc->mok, doc->nm);
		doc->mcmp = nf_xrealloc(doc->mcmp, doc->nm);
		doc->nmok = doc->nm;
	}
	for (mi = 0; mi < doc->nm; mi++) {
		doc->mok[mi] = !doc->m[mi].weak;
		doc->mcmp[mi] = 0;
	}
	/* a weak (ambiguous) mention counts when the document also names
	 * the same authority unambiguously */
	for (mi = 0; mi < doc->nm; mi++) {
		if (!doc->m[mi].weak)
			continue;
		for (k = 0; k < doc->nm; k++)
			if (!doc->m[k].weak && doc->m[k].id == doc->m[mi].id) {
				doc->mok[mi] = 1;
				break;
			}
	}
	/* ... or stands in a list with one that counts: "Bury, Oldham and
	 * Rochdale", "Kingston and Richmond councils" */
	for (ui = 0; ui < doc->nu; ui++) {
		const struct unit *u = &doc->u[ui];
		size_t a, b;
		int any;

		for (a = u->m0; a < u->m0 + u->nm; a = b) {
			any = doc->mok[a] ||
			    list_of_councils(doc, a, u->m0 + u->nm);
			for (b = a + 1; b < u->m0 + u->nm &&
			    listed_together(doc, b - 1, b); b++)
				any |= doc->mok[b];
			if (any && b - a > 1)
				for (k = a; k < b; k++)
					doc->mok[k] = 1;
		}
	}
	for (ui = 0; ui < doc->nu; ui++) {
		const struct unit *u = &doc->u[ui];

		for (mi = u->m0; mi < u->m0 + u->nm; mi++) {
			long t = doc->m[mi].tok, i;

			/* a locative: "St Helens in Lancashire" */
			if (mi > u->m0 && t >= 2 &&
			    gaz_is(&doc->tt, (size_t)t - 1, "in") &&
			    doc->m[mi - 1].tok + doc->m[mi - 1].ntok ==
			    (uint32_t)(t - 1))
				doc->mok[mi] = 0;

			for (i = t - 1; i >= (long)u->tok0 && t - i <= 3; i--) {
				n = gaz_lex_match_all(d->cues, &doc->tt,
				    (size_t)i, (size_t)t, ids, ns, 16);
				for (k = 0; k < n; k++)
					if (d->cue[ids[k]] & C_COMPARE) {
						doc->mcmp[mi] = 1;
						break;
					}
				if (doc->mcmp[mi])
					break;
				if (is_clause_punct(doc, i))
					break;
			}
		}
	}
}

static void
decide_status(struct rx_doc *doc)
{
	size_t k, j, si;

	/* gather each fact's statements */
	for (k = 0; k < doc->nf; k++) {
		struct fact *f = &doc->f[k];

		f->year = f->year_plain = 0;
		f->strong = f->weak = f->plain = f->now = f->to = f->from = 0;
		f->verb = 0;
		f->status = RX_S_CURRENT;
	}
	for (si = 0; si < doc->nst; si++) {
		struct stmt *s = &doc->st[si];
		struct fact *f;

		s->fact = s->auth >= 0 ? fact_of(doc, s->auth, s->area,
		    s->grade) : -1;
		if (s->fact < 0)
			continue;
		f = &doc->f[s->fact];
		if (s->earlier == 2)
			f->strong = 1;
		else if (s->earlier == 1)
			f->weak = 1;
		else
			f->plain = 1;
		if (s->now)
			f->now = 1;
		if (s->role == ROLE_TO)
			f->to = 1;
		if (s->role == ROLE_FROM)
			f->from = 1;
		if (s->verb && !f->verb)
			f->verb = s->verb;
		if (s->year && !f->year)
			f->year = s->year;
		if (s->year && !s->earlier && !f->year_plain)
			f->year_plain = s->year;
	}
	/* per (authority, area): the latest fact and the earlier ones */
	for (k = 0; k < doc->nf; k++) {
		struct fact *f = &doc->f[k];
		int latest = -1, prev = -1, done = 0, marked;

		for (j = 0; j < k; j++)
			if (doc->f[j].auth == f->auth &&
			    doc->f[j].area == f->area)
				done = 1;
		if (done)
			continue;
		/*
		 * The latest: 1. the first marked new ("now", "to ..."),
		 * 2. the first with a statement carrying no cue, 3. of those
		 * only weakly dated ("since", "in 2017"), the latest year.
		 */
		for (j = k; j < doc->nf && latest < 0; j++) {
			const struct fact *g = &doc->f[j];

			if (g->auth == f->auth && g->area == f->area &&
			    !g->from && (g->to || (g->now && !g->strong)))
				latest = (int)j;
		}
		marked = latest >= 0;
		/* of several with no cue: the undated one (the news), else
		 * the latest year ("inadequate in 2014 and requires
		 * improvement in 2022") */
		for (j = k; j < doc->nf && !marked; j++) {
			const struct fact *g = &doc->f[j];

			if (g->auth != f->auth || g->area != f->area ||
			    g->from || g->strong || !g->plain || g->to ||
			    g->now)
				continue;
			if (latest < 0 || (doc->f[latest].year &&
			    (!g->year || g->year > doc->f[latest].year)))
				latest = (int)j;
		}
		if (latest < 0) {
			for (j = k; j < doc->nf; j++) {
				const struct fact *g = &doc->f[j];

				if (g->auth != f->auth || g->area != f->area ||
				    g->from || g->strong)
					continue;
				if (latest < 0 || g->year > doc->f[latest].year)
					latest = (int)j;
			}
		}
		for (j = k; j < doc->nf; j++) {
			struct fact *g = &doc->f[j];

			if (g->auth != f->auth || g->area != f->area ||
			    (int)j == latest)
				continue;
			g->status = RX_S_PREVIOUS;
			if (prev < 0 || g->year > doc->f[prev].year)
				prev = (int)j;
		}
		if (latest >= 0) {
			struct fact *l = &doc->f[latest];

			if (prev >= 0) {
				int r0 = rx_grade_rank(doc->f[prev].grade);
				int r1 = rx_grade_rank(l->grade);

				l->status = r1 < r0 ? RX_S_UPGRADED :
				    r1 > r0 ? RX_S_DOWNGRADED :
				    RX_S_MAINTAINED;
			} else if (l->verb == (int)C_MAINTAIN) {
				l->status = RX_S_MAINTAINED;
			} else if (l->verb == (int)C_UP) {
				l->status = RX_S_UPGRADED;
			} else if (l->verb == (int)C_DOWN) {
				l->status = RX_S_DOWNGRADED;
			} else {
				l->status = RX_S_CURRENT;
			}
			if (l->year_plain)
				l->year = l->year_plain;
		}
	}
}

const struct rx_stmt *
rx_doc_run(struct rx_doc *doc, size_t *n)
{
	size_t ui, mi, k, j, nout = 0, row0 = 0;

	doc->nst = 0;
	doc->nf = 0;
	mark_mentions(doc);
	choose_main(doc);
	check_provider_doc(doc);
	doc->last_auth = -1;
	for (ui = 0; ui < doc->nu; ui++) {
		const struct unit *u = &doc->u[ui];

		if (u->section == RX_SEC_OTHER)
			continue;
		if (u->has_grade)
			analyse_unit(doc, ui);
		for (mi = u->m0 + u->nm; mi > u->m0; mi--)
			if (doc->mok[mi - 1] && !doc->mcmp[mi - 1]) {
				doc->last_auth = doc->m[mi - 1].id;
				break;
			}
	}
	decide_status(doc);
	if (doc->nst > doc->outcap) {
		doc->outcap = doc->nst;
		doc->out = nf_xreallocarray(doc->out, doc->outcap,
		    sizeof(*doc->out));
	}
	for (k = 0; k < doc->nst; k++) {
		const struct stmt *s = &doc->st[k];
		struct rx_stmt *o = &doc->out[nout];

		o->row = doc->u[s->unit].row;
		if (nout == 0 || doc->out[nout - 1].row != o->row)
			row0 = nout;	/* first statement of this row */
		o->authority = s->auth;
		o->area = s->area;
		o->grade = s->grade;
		if (s->fact >= 0) {
			o->status = doc->f[s->fact].status;
			o->year = doc->f[s->fact].year;
		} else {
			o->status = s->earlier == 2 ? RX_S_PREVIOUS :
			    RX_S_CURRENT;
			o->year = s->year;
		}
		if (doc->u[s->unit].piece) {
			for (j = row0; j < nout; j++)
				if (doc->out[j].authority == o->authority &&
				    doc->out[j].area == o->area &&
				    doc->out[j].grade == o->grade &&
				    doc->out[j].status == o->status &&
				    doc->out[j].year == o->year)
					break;
			if (j < nout)
				continue;	/* said before in this row */
		}
		nout++;
	}
	*n = nout;
	return doc->out;
}
