/*
 * lib/tsv.h — the newsfilters wire format: a header line of column names,
 * one TAB between fields, LF at the end of each row, and four escapes inside
 * a field (\t \n \r \\).  See man/newsfilters.7 for the full definition.
 *
 * Reading: a struct tsv_input walks one or more inputs (files, "-" for
 * stdin) that must share one header, hands out rows whose fields point into
 * a large read buffer (raw, still escaped bytes, with their lengths, valid
 * until the next call), and reports errors with file and line.
 *
 * Writing: a struct tsv_writer buffers output for one descriptor; pass-through
 * fields are copied as raw bytes, new text is escaped on the way out.
 */
#ifndef NF_TSV_H
#define NF_TSV_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct tsv_header {
	size_t	  n;
	char	**name;			/* NUL-terminated column names */
};

struct tsv_row {
	size_t		  n;		/* number of fields */
	const char	**field;	/* raw (escaped) bytes, not NUL-terminated */
	size_t		 *len;
	unsigned long	  line;		/* physical line number in its input */
	const char	 *file;		/* input name as shown in messages */
};

struct tsv_opts {
	/*
	 * --columns=a,b,c: the inputs have no header line; these are the
	 * column names.  NULL: the first line of each input is its header.
	 */
	const char	*columns;
	/* Called for a problem that does not stop the run (unreadable file). */
	void		(*warn)(const struct nf_error *);
};

struct tsv_input;

/* PATHS[0..N-1]; N == 0 reads stdin.  "-" is stdin.  Never NULL. */
struct tsv_input *tsv_input_open(char *const *paths, size_t n,
    const struct tsv_opts *opts);
void	 tsv_input_close(struct tsv_input *in);

/*
 * The shared header: 1 and *H set; 0 when every input is empty (no header
 * at all: write nothing, exit 0); -1 on error.  Reading the header of a later
 * input that differs from the first is an error naming both files.
 */
int	 tsv_input_header(struct tsv_input *in, const struct tsv_header **h,
	    struct nf_error *e);
/*
 * Where messages about the shared header belong: the input it was read
 * from (the first non-empty one), line 1; or, when --columns gave it, the
 * first input and line 0 (no line).
 */
void	 tsv_input_header_place(const struct tsv_input *in, const char **file,
	    unsigned long *line);
/*
 * Column NAME of the shared header: its index; or -1 and E set to "no
 * column 'NAME' in the input (HINT)", placed at the header (FILE:1, or the
 * first input with no line when --columns gave the header).  HINT may be
 * NULL.
 */
int	 tsv_input_column(const struct tsv_input *in, const char *name,
	    const char *hint, struct nf_error *e);
/* tsv_header_check_new on the shared header, the message placed likewise. */
int	 tsv_input_check_new(const struct tsv_input *in,
	    const char *const *names, size_t n, struct nf_error *e);
/* Next data row: 1, 0 at the end of the last input, -1 on error. */
int	 tsv_input_next(struct tsv_input *in, struct tsv_row *row,
	    struct nf_error *e);
/*
 * tsv_input_next for a filter that reads only the first NEED columns:
 * the same rows, checks and errors (ragged rows, raw CR), but only
 * ROW->field[0..NEED) and ROW->len[0..NEED) are set (ROW->n is still the
 * number of fields).  Faster: most lines are scanned once, for LF, TAB
 * and CR together, and the fields past NEED are only counted.
 */
int	 tsv_input_next_upto(struct tsv_input *in, struct tsv_row *row,
	    size_t need, struct nf_error *e);
/* True when an input could not be opened or read (report, go on, exit 1). */
int	 tsv_input_failed(const struct tsv_input *in);

/* Column index by name, or -1. */
int	 tsv_header_find(const struct tsv_header *h, const char *name);
/*
 * Column NAME of header H: its index; or -1 and E set to "no column 'NAME'
 * in the input (HINT)" at FILE:LINE (LINE 0: none).  HINT may be NULL.
 * The one wording of this error for every filter and input form.
 */
int	 tsv_header_column(const struct tsv_header *h, const char *name,
	    const char *hint, const char *file, unsigned long line,
	    struct nf_error *e);
/*
 * Check that none of NAMES[0..N-1] is already a column: the filter must not
 * silently overwrite its own earlier output.  -1 and E set on a clash.
 */
int	 tsv_header_check_new(const struct tsv_header *h,
	    const char *const *names, size_t n, struct nf_error *e);
/* Parse a comma-separated column list into H (names validated). */
int	 tsv_header_parse_list(struct tsv_header *h, const char *list,
	    struct nf_error *e);
void	 tsv_header_free(struct tsv_header *h);
/* 1 when NAME matches [a-z_][a-z0-9_]*. */
int	 tsv_name_valid(const char *name, size_t len);

/*
 * Decode the four escapes.  DST may equal SRC.  Any other backslash sequence
 * (\N, \x, a lone trailing \) is kept as it is, backslash included.
 * Returns the decoded length.
 */
size_t	 tsv_unescape(char *dst, const char *src, size_t len);
/* Append the decoded bytes of a field to B. */
void	 tsv_unescape_into(struct buf *b, const char *src, size_t len);

/* ---- output ---- */

struct tsv_writer {
	int		 fd;
	char		*buf;
	size_t		 len;
	size_t		 cap;
	int		 no_header;	/* --no-header-out */
	/* called with errno when write(2) fails; must not return */
	void		(*on_error)(int errnum);
};

void	 tsv_writer_init(struct tsv_writer *w, int fd,
	    void (*on_error)(int errnum));
void	 tsv_writer_flush(struct tsv_writer *w);
void	 tsv_writer_free(struct tsv_writer *w);
void	 tsv_writer_grow(struct tsv_writer *w, size_t n);

/*
 * Write the header: the input columns H (may be NULL), then NEW[0..N-1].
 * Nothing is written under --no-header-out.  The header is flushed at once,
 * so a broken pipeline shows before the bulk of the data.
 */
void	 tsv_put_header(struct tsv_writer *w, const struct tsv_header *h,
	    const char *const *new, size_t n);

static inline void
tsv_put_raw(struct tsv_writer *w, const char *p, size_t n)
{
	if (w->cap - w->len < n)
		tsv_writer_grow(w, n);
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static inline void
tsv_put_char(struct tsv_writer *w, char c)
{
	if (w->cap == w->len)
		tsv_writer_grow(w, 1);
	w->buf[w->len++] = c;
}

static inline void
tsv_put_tab(struct tsv_writer *w)
{
	tsv_put_char(w, '\t');
}

/* End a row; flushes when the buffer is well filled. */
static inline void
tsv_put_eol(struct tsv_writer *w)
{
	tsv_put_char(w, '\n');
	if (w->len >= w->cap / 2)
		tsv_writer_flush(w);
}

static inline void
tsv_put_str(struct tsv_writer *w, const char *s)
{
	tsv_put_raw(w, s, strlen(s));
}

/* Write text, escaping TAB, LF, CR and backslash. */
void	 tsv_put_text(struct tsv_writer *w, const char *p, size_t n);
/* Write the fields of ROW, TAB-separated, raw (no trailing TAB or LF). */
void	 tsv_put_row_fields(struct tsv_writer *w, const struct tsv_row *row);
void	 tsv_put_ulong(struct tsv_writer *w, unsigned long v);
/*
 * Fixed-point decimal with DECIMALS digits (0..9), rounded half away from
 * zero the way printf rounds a correctly rounded decimal; "-0.0000" is
 * written as "0.0000".  Never depends on the locale.
 */
void	 tsv_put_fixed(struct tsv_writer *w, double v, int decimals);

/* ---- a document's worth of rows, copied ---- */

/*
 * Document-local filters (dequote, rating-extract) hold every row of one
 * document before writing any.  struct tsv_rows copies rows into one arena.
 */
struct tsv_rows {
	struct buf	  bytes;	/* all field bytes */
	size_t		  nrows;
	size_t		  nfields;	/* fields per row (from the header) */
	size_t		 *off;		/* nrows * nfields offsets into bytes */
	size_t		 *len;		/* nrows * nfields lengths */
	unsigned long	 *line;		/* nrows line numbers */
	size_t		  cap;
};

void	 tsv_rows_init(struct tsv_rows *r, size_t nfields);
void	 tsv_rows_add(struct tsv_rows *r, const struct tsv_row *row);
void	 tsv_rows_clear(struct tsv_rows *r);
void	 tsv_rows_free(struct tsv_rows *r);
/* Field F of row I (raw bytes) and its length. */
static inline const char *
tsv_rows_field(const struct tsv_rows *r, size_t i, size_t f, size_t *len)
{
	*len = r->len[i * r->nfields + f];
	return r->bytes.data + r->off[i * r->nfields + f];
}
/* Make a struct tsv_row view of row I; FIELD and LEN need r->nfields slots. */
void	 tsv_rows_get(const struct tsv_rows *r, size_t i, struct tsv_row *row,
	    const char **field, size_t *len);

#endif
