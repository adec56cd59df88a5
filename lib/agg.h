/*
 * lib/agg.h — aggregate's operations and their mergeable states.
 *
 * An aggregation is a list of operations (struct agg_spec: "mean:compound",
 * "count", "p90:x", "share:label=negative") over groups of rows.  struct agg
 * keeps one state per group and operation, fed either by data rows (a single
 * pass) or by partial-state rows written by an earlier --partial run
 * (--merge).  Every state merges exactly: the result after any split of the
 * input, merged in any order, is byte for byte the result of one pass.
 *
 * Numbers: a value is read strictly (agg_num_parse) into an exact decimal
 * (64-bit mantissa with at most 18 significant digits, and the scale as
 * written: "0.50" is 50 at scale 2) and the correctly rounded double (zero
 * is +0).  Sums are kept exactly, per scale, in 128-bit integers (squares in
 * 192 bits); min, max and kept values are doubles.  Results are printed like
 * GNU datamash (%.14Lg, '.' always).
 * The partial-state format is documented in man/aggregate.1.
 */
#ifndef NF_AGG_H
#define NF_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "tsv.h"

enum agg_kind {
	AGG_COUNT,		/* rows (no column) or non-empty values */
	AGG_SUM,
	AGG_MEAN,
	AGG_VAR,		/* sample variance (n - 1) */
	AGG_STDEV,		/* sample standard deviation */
	AGG_PVAR,		/* population variance (n) */
	AGG_PSTDEV,
	AGG_MIN,
	AGG_MAX,
	AGG_MEDIAN,
	AGG_Q1,
	AGG_Q3,
	AGG_QUANTILE,		/* pNN */
	AGG_MODE,
	AGG_DISTINCT,
	AGG_FIRST,
	AGG_LAST,
	AGG_COLLAPSE,
	AGG_SHARE
};

struct agg_spec {
	enum agg_kind	 kind;
	char		*col;		/* input column; NULL: count rows */
	int		 pct;		/* AGG_QUANTILE: 0..100 */
	char		*match;		/* AGG_SHARE: value, escaped as on the wire */
	size_t		 matchlen;
	char		*name;		/* output column: COL_OP, or count */
};

/*
 * Parse an operand ("mean:compound", "count", "p90:x", "share:label=neg").
 * On error: -1, E filled with NF_EUSAGE and a message that suggests the
 * right operation where it can ("unknown operation 'avg' ... (try mean)").
 */
int	 agg_spec_parse(struct agg_spec *sp, const char *arg,
	    struct nf_error *e);
/*
 * The operation behind a partial-state column name ("compound_mean_state"),
 * for --merge without operations on the command line.  -1 and E if the
 * name is not one aggregate writes.
 */
int	 agg_spec_from_state(struct agg_spec *sp, const char *statecol,
	    struct nf_error *e);
void	 agg_spec_free(struct agg_spec *sp);
/* The operation names, space-separated (for messages and --help). */
const char *agg_op_names(void);

/* ---- numbers ---- */

struct agg_num {
	int64_t		 m;		/* value = m * 10^-s, |m| < 10^18 */
	int32_t		 s;		/* the scale as written: "2.50" is 250, 2 */
	double		 d;		/* strtod's value; +0 for any zero */
};

enum { AGG_NUM_OK = 0, AGG_NUM_BAD = -1, AGG_NUM_RANGE = -2 };

/*
 * Strict number syntax: [+-] digits [. digits] [(e|E) [+-] digits], or with
 * the digits only after the point (".5", "5.").  No spaces, no inf, nan or
 * hex.  More than 18 significant digits are rounded (half to even) in M;
 * D is always strtod's value.  AGG_NUM_RANGE: decimal exponent beyond
 * +-AGG_SCALE_MAX after normalising.
 */
#define AGG_SCALE_MAX	350
int	 agg_num_parse(const char *p, size_t n, struct agg_num *x);

#define AGG_FMT_MAX	64
/* %.14Lg as printf writes it in the C locale; -0 is written as 0. */
size_t	 agg_fmt_g14(char *buf, long double v);
/* The shortest of %.15g, %.16g, %.17g that reads back as D exactly. */
size_t	 agg_fmt_double(char *buf, double d);
/*
 * A number as agg_fmt_g14 wrote it (S, N bytes) with exactly D decimals:
 * rounded half away from zero on those decimal digits, no exponent, no
 * negative zero ("0.00955" → "0.0096" for D 4; "-1e-05" → "0.0000").
 * Anything else ("nan", "inf") is copied.  OUT holds AGG_FIXED_MAX bytes
 * (D at most AGG_DECIMALS_MAX); returns the length written.
 */
#define AGG_DECIMALS_MAX	20
#define AGG_FIXED_MAX		(4960 + AGG_DECIMALS_MAX)
size_t	 agg_fmt_fixed(char *out, const char *s, size_t n, int d);

/* 64 x 64 -> 128-bit product; the portable version is always compiled. */
void	 agg_mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo);
void	 agg_mul64_portable(uint64_t a, uint64_t b, uint64_t *hi,
	    uint64_t *lo);

/* ---- the aggregation ---- */

struct agg;

enum {
	AGG_OUT_PARTIAL = 1,	/* write partial states, not results */
	AGG_OUT_CSV = 2,	/* results as CSV (CRLF), decoded values */
	AGG_OUT_SORT = 4	/* groups in byte order, not first-seen */
};

/*
 * SPECS[0..N-1] (copied), group columns GCOLS[0..NG-1].  MERGE: the input
 * is partial states.  CHUNK: this run's chunk number (--chunk), the first
 * part of every position.  SKIP_INVALID: count and skip non-numeric values
 * of numeric operations instead of stopping.
 */
struct agg *agg_new(const struct agg_spec *specs, size_t n,
	    char *const *gcols, size_t ng, int merge, uint64_t chunk,
	    int skip_invalid);
void	 agg_free(struct agg *a);
/*
 * Write the statistics an operation computes (mean, median, q1, q3, pNN,
 * stdev, var, pstdev, pvar, share) with D decimals (agg_fmt_fixed); the
 * values the input states (count, sum, min, max, mode, first, last ...)
 * as they are.  D -1 (the default): all as agg_fmt_g14.  Partial states
 * are exact whatever D.
 */
void	 agg_set_decimals(struct agg *a, int d);
/*
 * A group column named like a column of the partial states
 * (first_seen_state, or NAME_state of an operation NAME, then set in *OP),
 * which --partial's header would name twice: that column, else NULL.
 */
const char *agg_partial_name_clash(char *const *gcols, size_t ng,
	    const struct agg_spec *sp, size_t n, const char **op);
/*
 * An output column named twice (a group column or an operation given
 * twice, or an operation named like a group column): that name, else NULL.
 */
const char *agg_name_twice(char *const *gcols, size_t ng,
	    const struct agg_spec *sp, size_t n);

/*
 * Check the input header: in a single pass find every column (missing
 * column: -1, "no column 'x'"); with MERGE the header must be exactly the
 * partial-state header of these operations.  FILE and HLINE (its header's
 * line, 0 for a header given with --columns) place the messages.
 */
int	 agg_bind(struct agg *a, const struct tsv_header *h, const char *file,
    unsigned long hline, struct nf_error *e);
/*
 * After agg_bind: rows are read only up to this column (an index + 1), so
 * the reader need not split the rest (tsv_input_next_upto).  SIZE_MAX
 * for --merge, which reads every column.
 */
size_t	 agg_columns_needed(const struct agg *a);
/* The output header: names (valid until agg_free) and their number. */
size_t	 agg_header(struct agg *a, int partial, const char *const **names);

/*
 * Feed one data row (single pass) or one partial-state row (merge).  A bad
 * value is reported by the call that feeds its row.  Data rows may wait in
 * a small batch (for speed): agg_flush() adds them (agg_write() does too);
 * it cannot fail.
 */
int	 agg_add_row(struct agg *a, const struct tsv_row *row,
	    struct nf_error *e);
int	 agg_flush(struct agg *a, struct nf_error *e);
int	 agg_merge_row(struct agg *a, const struct tsv_row *row,
	    struct nf_error *e);

/* Write header (unless --no-header-out) and one row per group. */
void	 agg_write(struct agg *a, struct tsv_writer *w, unsigned flags);

/*
 * The most memory one column's kept values (median, q1, q3, pNN) may take
 * in --merge, where a state item "v*N" asks for N copies in a few bytes:
 * a state that needs more is an error, found before any of it is
 * allocated.  Default (and BYTES 0): the machine's physical memory.  For
 * every struct agg of the process; tests and fuzzing set it lower.
 */
void	 agg_set_keep_limit(uint64_t bytes);

/*
 * After agg_write() of a merge: 1 if two groups were first seen at the same
 * row of the same chunk, which one pass cannot give (the partial states
 * came from runs that shared a --chunk number, so the group order, first
 * and last are not those of one pass), with the two groups' keys (as
 * stored: escaped, TAB between key columns) and the place; else 0.
 */
int	 agg_seen_clash(const struct agg *a, const char **k1, size_t *l1,
	    const char **k2, size_t *l2, uint64_t *chunk, uint64_t *row);

/*
 * After a merge: 1 if one group's states claimed the same first place
 * twice (one chunk's rows counted twice: a state file given twice, or two
 * runs numbered alike), with the group's key, where the second state was
 * read, and the place; else 0.  Seen only while that place is the group's
 * earliest so far: after an earlier chunk's state, a repeat passes.
 */
int	 agg_twice(const struct agg *a, const char **key, size_t *len,
	    const char **file, unsigned long *line, uint64_t *chunk,
	    uint64_t *row);

/* Non-numeric values skipped under SKIP_INVALID, and where the first was. */
uint64_t agg_skipped(const struct agg *a, const char **file,
	    unsigned long *line, const char **col);

#endif
