/*
 * lib/tsv.c — reading and writing the wire format (see tsv.h).
 *
 * Input is read with read(2) into one large buffer per input and cut into
 * lines with memchr; a row's fields point into that buffer.  Nothing is
 * unescaped here: pass-through columns are copied out as the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* TSV_NO_SIMD: the portable scan, as other CPUs run it (unit-tested) */
#if defined(__SSE2__) && !defined(TSV_NO_SIMD)
#define TSV_SSE2 1
#include <emmintrin.h>
#endif

#include "swar.h"
#include "tsv.h"

/*
 * Bytes asked of read(2) at a time, and the output buffer.  A build may set
 * them smaller (-DNF_TSV_READ_CHUNK=64): the fuzz targets do, so that each
 * execution does not allocate megabytes and lines cross buffer boundaries.
 */
#ifndef NF_TSV_READ_CHUNK
#define NF_TSV_READ_CHUNK	(1u << 20)
#endif
#ifndef NF_TSV_WRITE_BUF
#define NF_TSV_WRITE_BUF	(1u << 18)
#endif
#define READ_CHUNK	((size_t)NF_TSV_READ_CHUNK)
#define WRITE_BUF	((size_t)NF_TSV_WRITE_BUF)

struct tsv_reader {
	int		 fd;
	int		 close_fd;
	char		*name;		/* as shown in messages */
	char		*buf;
	size_t		 cap;
	size_t		 start;		/* first unread byte */
	size_t		 end;		/* one past the last byte read */
	int		 eof;
	int		 at_start;	/* no line read yet: strip a BOM */
	unsigned long	 line;
};

struct tsv_input {
	char *const	*paths;
	size_t		 npaths;
	size_t		 next;		/* index of the next input to open */
	int		 use_stdin;	/* no paths: read stdin once */
	struct tsv_opts	 opts;
	struct tsv_reader *cur;
	struct tsv_header header;
	int		 have_header;
	char		*header_line;	/* first input's header bytes */
	size_t		 header_len;
	char		*header_file;
	int		 failed;
	const char	**field;	/* row field pointers */
	size_t		*flen;
	size_t		 fcap;
	int		 done;
};

/*
 * Split the line P (N bytes, no newline) at its TABs: the first NF fields
 * go to FIELD/FLEN, the count of all of them is returned.  *CR is set to
 * the first raw carriage return (an error for the caller) or NULL.  One
 * pass over the bytes, 16 at a time with SSE2 (8 at a time elsewhere), for
 * TAB and CR together: a memchr call per field costs more than the field
 * when rows have many short columns, as the pipeline's rows do.
 */
static size_t
split_fields(const char *p, size_t n, const char **field, size_t *flen,
    size_t nf, const char **cr)
{
	const char *f = p, *q = p, *end = p + n;
	size_t k = 0;

#define TSV_FIELD_END(at) do {						\
		if (k < nf) {						\
			field[k] = f;					\
			flen[k] = (size_t)((at) - f);			\
		}							\
		k++;							\
		f = (at) + 1;						\
	} while (0)

	*cr = NULL;
#ifdef TSV_SSE2
	{
		const __m128i tab = _mm_set1_epi8('\t');
		const __m128i ret = _mm_set1_epi8('\r');

		for (; end - q >= 16; q += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
			unsigned mt = (unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(x, tab));
			unsigned mr = (unsigned)_mm_movemask_epi8(
			    _mm_cmpeq_epi8(x, ret));

			if (mr != 0) {
				*cr = q + __builtin_ctz(mr);
				return k;
			}
			for (; mt != 0; mt &= mt - 1)
				TSV_FIELD_END(q + __builtin_ctz(mt));
		}
	}
#else
	for (; end - q >= 8; q += 8) {
		uint64_t x, mt;

		memcpy(&x, q, 8);
		if (swar_zero_bytes(x ^ 0x0D0D0D0D0D0D0D0Dull) != 0)
			break;	/* the byte loop below finds the CR */
		for (mt = swar_zero_bytes(x ^ 0x0909090909090909ull); mt != 0;
		    mt &= mt - 1)
			TSV_FIELD_END(q + __builtin_ctzll(mt) / 8);
	}
#endif
	for (; q < end; q++) {
		if (*q == '\t')
			TSV_FIELD_END(q);
		else if (*q == '\r') {
			*cr = q;
			return k;
		}
	}
#undef TSV_FIELD_END
	if (k < nf) {
		field[k] = f;
		flen[k] = (size_t)(end - f);
	}
	return k + 1;
}

/* ---------------------------------------------------------------- reader */

static struct tsv_reader *
reader_new(int fd, int close_fd, const char *name)
{
	struct tsv_reader *r = nf_xcalloc(1, sizeof(*r));

	r->fd = fd;
	r->close_fd = close_fd;
	r->name = nf_xstrdup(name);
	r->cap = READ_CHUNK + 1;
	r->buf = nf_xmalloc(r->cap);
	r->at_start = 1;
	return r;
}

static void
reader_free(struct tsv_reader *r)
{
	if (r == NULL)
		return;
	if (r->close_fd)
		close(r->fd);
	free(r->name);
	free(r->buf);
	free(r);
}

static const char *
display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "(stdin)" : path;
}

static struct tsv_reader *
reader_open(const char *path, struct nf_error *e)
{
	int fd;

	if (strcmp(path, "-") == 0)
		return reader_new(0, 0, display_name(path));
	do
		fd = open(path, O_RDONLY);
	while (fd == -1 && errno == EINTR);
	if (fd == -1) {
		nf_error_set(e, NF_EIO, path, 0, "%s", strerror(errno));
		return NULL;
	}
	return reader_new(fd, 1, path);
}

/*
 * Next physical line without its LF (and without the CR of a CRLF):
 * 1 with P and N set, 0 at the end, -1 on a read error.
 */
static int
reader_line(struct tsv_reader *r, char **p, size_t *n, struct nf_error *e)
{
	char *nl;
	ssize_t got;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL || (r->eof && r->start < r->end))
			break;
		if (r->eof)
			return 0;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->cap - r->end < READ_CHUNK) {
			/* a long line: grow, keeping READ_CHUNK of room */
			r->cap = r->end + READ_CHUNK + 1;
			r->cap += r->cap / 2;
			r->buf = nf_xrealloc(r->buf, r->cap);
		}
		do
			got = read(r->fd, r->buf + r->end, READ_CHUNK);
		while (got == -1 && errno == EINTR);
		if (got < 0) {
			nf_error_set(e, NF_EIO, r->name, r->line + 1,
			    "read error: %s", strerror(errno));
			return -1;
		}
		if (got == 0)
			r->eof = 1;
		r->end += (size_t)got;
	}
	*p = r->buf + r->start;
	if (nl != NULL) {
		*n = (size_t)(nl - *p);
		r->start = (size_t)(nl - r->buf) + 1;
	} else {
		*n = r->end - r->start;
		r->start = r->end;
	}
	r->line++;
	if (*n > 0 && (*p)[*n - 1] == '\r')
		(*n)--;
	if (r->at_start) {
		r->at_start = 0;
		if (*n >= 3 && memcmp(*p, "\xEF\xBB\xBF", 3) == 0) {
			*p += 3;
			*n -= 3;
		}
	}
	return 1;
}

/* ---------------------------------------------------------------- header */

int
tsv_name_valid(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return 0;
	for (i = 1; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_'))
			return 0;
	}
	return 1;
}

void
tsv_header_free(struct tsv_header *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->name[i]);
	free(h->name);
	h->name = NULL;
	h->n = 0;
}

int
tsv_header_find(const struct tsv_header *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->name[i], name) == 0)
			return (int)i;
	return -1;
}

/* Split P[0..N) at SEP into names, validating each; H must be empty. */
static int
header_from_bytes(struct tsv_header *h, const char *p, size_t n, char sep,
    const char *file, unsigned long line, struct nf_error *e)
{
	const char *end = p + n, *q;
	/* a header line is read from a file; a list (-g, --columns) is not */
	const char *where = sep == '\t' ? "header" : "list";
	size_t i, j;

	h->n = 0;
	h->name = NULL;
	for (;;) {
		q = memchr(p, sep, (size_t)(end - p));
		if (q == NULL)
			q = end;
		if (!tsv_name_valid(p, (size_t)(q - p))) {
			char shown[64];
			size_t l = (size_t)(q - p) < 40 ? (size_t)(q - p) : 40;
			memcpy(shown, p, l);
			shown[l] = '\0';
			for (j = 0; j < l; j++)
				if ((unsigned char)shown[j] < 0x20)
					shown[j] = '?';
			nf_error_set(e, NF_EDATA, file, line,
			    "invalid column name '%s' in the %s "
			    "(names are [a-z_][a-z0-9_]*)", shown, where);
			tsv_header_free(h);
			return -1;
		}
		h->name = nf_xreallocarray(h->name, h->n + 1, sizeof(char *));
		h->name[h->n++] = nf_xmemdup(p, (size_t)(q - p));
		if (q == end)
			break;
		p = q + 1;
	}
	for (i = 0; i < h->n; i++)
		for (j = i + 1; j < h->n; j++)
			if (strcmp(h->name[i], h->name[j]) == 0) {
				nf_error_set(e, NF_EDATA, file, line,
				    "column '%s' appears twice in the %s",
				    h->name[i], where);
				tsv_header_free(h);
				return -1;
			}
	return 0;
}

int
tsv_header_parse_list(struct tsv_header *h, const char *list,
    struct nf_error *e)
{
	if (header_from_bytes(h, list, strlen(list), ',', NULL, 0, e) == -1) {
		e->code = NF_EUSAGE;
		return -1;
	}
	return 0;
}

int
tsv_header_check_new(const struct tsv_header *h, const char *const *names,
    size_t n, struct nf_error *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (h != NULL && tsv_header_find(h, names[i]) != -1) {
			nf_error_set(e, NF_EDATA, NULL, 0,
			    "column '%s' already present (run twice?)",
			    names[i]);
			return -1;
		}
	return 0;
}

/* ----------------------------------------------------------------- input */

struct tsv_input *
tsv_input_open(char *const *paths, size_t n, const struct tsv_opts *opts)
{
	struct tsv_input *in = nf_xcalloc(1, sizeof(*in));

	in->paths = paths;
	in->npaths = n;
	in->use_stdin = (n == 0);
	if (opts != NULL)
		in->opts = *opts;
	return in;
}

void
tsv_input_close(struct tsv_input *in)
{
	if (in == NULL)
		return;
	reader_free(in->cur);
	tsv_header_free(&in->header);
	free(in->header_line);
	free(in->header_file);
	free(in->field);
	free(in->flen);
	free(in);
}

int
tsv_input_failed(const struct tsv_input *in)
{
	return in->failed;
}

/*
 * Open the next input that can be opened; 1 when in->cur is set, 0 when
 * there are no more.  Unopenable inputs are reported and remembered.
 */
static int
open_next(struct tsv_input *in)
{
	struct nf_error e;

	reader_free(in->cur);
	in->cur = NULL;
	for (;;) {
		const char *path;

		if (in->use_stdin) {
			if (in->next > 0)
				return 0;
			path = "-";
		} else if (in->next < in->npaths) {
			path = in->paths[in->next];
		} else {
			return 0;
		}
		in->next++;
		nf_error_clear(&e);
		in->cur = reader_open(path, &e);
		if (in->cur != NULL)
			return 1;
		in->failed = 1;
		if (in->opts.warn != NULL)
			in->opts.warn(&e);
	}
}

/*
 * Read the current input's header line (unless --columns): 1 when the input
 * has one, 0 when it is empty, -1 on error.
 */
static int
read_input_header(struct tsv_input *in, struct nf_error *e)
{
	char *p;
	size_t n;
	int rc;

	if (in->opts.columns != NULL)
		return 1;
	rc = reader_line(in->cur, &p, &n, e);
	if (rc <= 0)
		return rc;
	if (!in->have_header) {
		if (header_from_bytes(&in->header, p, n, '\t', in->cur->name,
		    in->cur->line, e) == -1)
			return -1;
		in->header_line = nf_xmemdup(p, n);
		in->header_len = n;
		in->header_file = nf_xstrdup(in->cur->name);
		in->have_header = 1;
		return 1;
	}
	if (n != in->header_len || memcmp(p, in->header_line, n) != 0) {
		nf_error_set(e, NF_EDATA, in->cur->name, in->cur->line,
		    "header differs from the header of %s", in->header_file);
		return -1;
	}
	return 1;
}

int
tsv_input_header(struct tsv_input *in, const struct tsv_header **h,
    struct nf_error *e)
{
	int rc;

	if (in->have_header) {
		*h = &in->header;
		return 1;
	}
	if (in->opts.columns != NULL) {
		if (tsv_header_parse_list(&in->header, in->opts.columns, e) ==
		    -1) {
			/* say which list: "--columns=a,a: column 'a' ..." */
			char why[sizeof(e->msg)];

			memcpy(why, e->msg, sizeof(why));
			snprintf(e->msg, sizeof(e->msg), "--columns=%.*s: %.400s",
			    64, in->opts.columns, why);
			return -1;
		}
		in->have_header = 1;
		*h = &in->header;
		return 1;
	}
	while (in->cur != NULL || open_next(in)) {
		rc = read_input_header(in, e);
		if (rc == -1)
			return -1;
		if (rc == 1) {
			*h = &in->header;
			return 1;
		}
		reader_free(in->cur);	/* empty input: try the next */
		in->cur = NULL;
	}
	return 0;
}

void
tsv_input_header_place(const struct tsv_input *in, const char **file,
    unsigned long *line)
{
	if (in->header_file != NULL) {
		*file = in->header_file;
		*line = 1;
	} else {
		*file = in->npaths > 0 ? display_name(in->paths[0]) : "(stdin)";
		*line = 0;
	}
}

int
tsv_input_column(const struct tsv_input *in, const char *name,
    const char *hint, struct nf_error *e)
{
	const char *file;
	unsigned long line;

	tsv_input_header_place(in, &file, &line);
	return tsv_header_column(&in->header, name, hint, file, line, e);
}

int
tsv_header_column(const struct tsv_header *h, const char *name,
    const char *hint, const char *file, unsigned long line, struct nf_error *e)
{
	int k;

	if ((k = tsv_header_find(h, name)) >= 0)
		return k;
	nf_error_set(e, NF_EDATA, file, line, "no column '%s' in the input%s%s%s",
	    name, hint != NULL ? " (" : "", hint != NULL ? hint : "",
	    hint != NULL ? ")" : "");
	return -1;
}

int
tsv_input_check_new(const struct tsv_input *in, const char *const *names,
    size_t n, struct nf_error *e)
{
	const char *file;

	if (tsv_header_check_new(&in->header, names, n, e) == 0)
		return 0;
	tsv_input_header_place(in, &file, &e->line);
	snprintf(e->file, sizeof(e->file), "%s", file);
	return -1;
}

int
tsv_input_next(struct tsv_input *in, struct tsv_row *row, struct nf_error *e)
{
	const struct tsv_header *h;
	char *p, *line;
	const char *cr;
	size_t n, nf;
	int rc;

	if (in->done)
		return 0;
	if (!in->have_header) {
		rc = tsv_input_header(in, &h, e);
		if (rc <= 0) {
			in->done = (rc == 0);
			return rc;
		}
	}
	for (;;) {
		if (in->cur == NULL) {
			if (!open_next(in)) {
				in->done = 1;
				return 0;
			}
			rc = read_input_header(in, e);
			if (rc == -1)
				return -1;
			if (rc == 0) {
				reader_free(in->cur);
				in->cur = NULL;
				continue;
			}
		}
		rc = reader_line(in->cur, &p, &n, e);
		if (rc == -1)
			return -1;
		if (rc == 1)
			break;
		reader_free(in->cur);
		in->cur = NULL;
	}

	line = p;
	nf = in->header.n;
	if (in->fcap < nf + 1) {
		in->fcap = nf + 1;
		in->field = nf_xreallocarray(in->field, in->fcap,
		    sizeof(*in->field));
		in->flen = nf_xreallocarray(in->flen, in->fcap,
		    sizeof(*in->flen));
	}
	row->n = split_fields(p, n, in->field, in->flen, nf, &cr);
	if (cr != NULL)
		goto raw_cr;
	if (row->n != nf) {
		nf_error_set(e, NF_EDATA, in->cur->name, in->cur->line,
		    "row has %zu field%s, header has %zu", row->n,
		    row->n == 1 ? "" : "s", nf);
		return -1;
	}
	row->field = in->field;
	row->len = in->flen;
	row->line = in->cur->line;
	row->file = in->cur->name;
	return 1;
raw_cr:
	nf_error_set(e, NF_EDATA, in->cur->name, in->cur->line,
	    "raw carriage return in a field at byte %zu "
	    "(the wire format writes it as \\r)", (size_t)(cr - line) + 1);
	return -1;
}

/*
 * The fast path of tsv_input_next_upto: the next line of R if it lies
 * whole in the buffer with 16 readable bytes at every step, and holds no
 * CR at all; one pass over its bytes for LF, TAB and CR together (instead
 * of memchr for the LF, then the field split over the same bytes again).
 * Fields 0..NEED-1 go to FIELD/FLEN; the count of all of them to *NF.
 * Returns 1 with R advanced, or 0 with R untouched: the caller then takes
 * the general path (reader_line, split_fields), which handles everything
 * else (a line across the buffer's end, the last line, CRLF, a raw CR,
 * the BOM of a first line) and reports what is wrong.
 */
static int
scan_line(struct tsv_reader *r, const char **field, size_t *flen,
    size_t need, size_t *nf)
{
#ifdef TSV_SSE2
	const char *q = r->buf + r->start, *end = r->buf + r->end, *f = q, *at;
	const __m128i tab = _mm_set1_epi8('\t');
	const __m128i lf = _mm_set1_epi8('\n');
	const __m128i ret = _mm_set1_epi8('\r');
	unsigned mt, mn, mr, below;
	size_t k = 0;

	for (; end - q >= 16; q += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);

		mt = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, tab));
		mn = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf));
		mr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, ret));
		below = mn != 0 ? (mn & -mn) - 1 : 0xFFFFu;	/* this line's */
		if ((mr & below) != 0)
			return 0;
		mt &= below;
		for (; mt != 0 && k < need; mt &= mt - 1) {
			at = q + __builtin_ctz(mt);
			field[k] = f;
			flen[k++] = (size_t)(at - f);
			f = at + 1;
		}
		/* fields past NEED are only counted (16 bits: no libgcc call) */
		if (mt != 0) {
			mt = mt - ((mt >> 1) & 0x5555u);
			mt = (mt & 0x3333u) + ((mt >> 2) & 0x3333u);
			mt = (mt + (mt >> 4)) & 0x0F0Fu;
			k += (mt + (mt >> 8)) & 0x1Fu;
		}
		if (mn != 0) {
			at = q + __builtin_ctz(mn);
			if (k < need) {
				field[k] = f;
				flen[k] = (size_t)(at - f);
			}
			*nf = k + 1;
			r->start = (size_t)(at - r->buf) + 1;
			r->line++;
			return 1;
		}
	}
#else
	(void)r;
	(void)field;
	(void)flen;
	(void)need;
	(void)nf;
#endif
	return 0;
}

int
tsv_input_next_upto(struct tsv_input *in, struct tsv_row *row, size_t need,
    struct nf_error *e)
{
	struct tsv_reader *r = in->cur;
	size_t nf;

	/* (field arrays exist once the general path has read a row) */
	if (r != NULL && !r->at_start && in->field != NULL &&
	    in->fcap >= in->header.n + 1 &&
	    scan_line(r, in->field, in->flen,
	    need < in->header.n ? need : in->header.n, &nf)) {
		if (nf != in->header.n) {
			nf_error_set(e, NF_EDATA, r->name, r->line,
			    "row has %zu field%s, header has %zu", nf,
			    nf == 1 ? "" : "s", in->header.n);
			return -1;
		}
		row->n = nf;
		row->field = in->field;
		row->len = in->flen;
		row->line = r->line;
		row->file = r->name;
		return 1;
	}
	return tsv_input_next(in, row, e);
}

/* --------------------------------------------------------------- escapes */

size_t
tsv_unescape(char *dst, const char *src, size_t len)
{
	const char *p = src, *end = src + len, *bs;
	char *o = dst;

	while ((bs = memchr(p, '\\', (size_t)(end - p))) != NULL) {
		memmove(o, p, (size_t)(bs - p));
		o += bs - p;
		p = bs + 1;
		if (p == end) {
			*o++ = '\\';	/* a lone trailing backslash is kept */
			break;
		}
		switch (*p) {
		case 't':
			*o++ = '\t';
			p++;
			break;
		case 'n':
			*o++ = '\n';
			p++;
			break;
		case 'r':
			*o++ = '\r';
			p++;
			break;
		case '\\':
			*o++ = '\\';
			p++;
			break;
		default:
			*o++ = '\\';	/* unknown escape: keep the backslash */
			break;
		}
	}
	if (p < end) {
		memmove(o, p, (size_t)(end - p));
		o += end - p;
	}
	return (size_t)(o - dst);
}

void
tsv_unescape_into(struct buf *b, const char *src, size_t len)
{
	buf_reserve(b, len);
	if (memchr(src, '\\', len) == NULL) {
		memcpy(b->data + b->len, src, len);
		b->len += len;
		return;
	}
	b->len += tsv_unescape(b->data + b->len, src, len);
}

/* ---------------------------------------------------------------- writer */

void
tsv_writer_init(struct tsv_writer *w, int fd, void (*on_error)(int))
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->cap = WRITE_BUF;
	w->buf = nf_xmalloc(w->cap);
	w->on_error = on_error;
}

void
tsv_writer_flush(struct tsv_writer *w)
{
	size_t off = 0;
	ssize_t n;

	while (off < w->len) {
		n = write(w->fd, w->buf + off, w->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			w->len = 0;
			if (w->on_error != NULL)
				w->on_error(errno);
			abort();
		}
		off += (size_t)n;
	}
	w->len = 0;
}

void
tsv_writer_free(struct tsv_writer *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

void
tsv_writer_grow(struct tsv_writer *w, size_t n)
{
	tsv_writer_flush(w);
	if (w->cap < n) {
		w->cap = n;
		w->buf = nf_xrealloc(w->buf, w->cap);
	}
}

void
tsv_put_header(struct tsv_writer *w, const struct tsv_header *h,
    const char *const *new, size_t n)
{
	size_t i, k = 0;

	if (w->no_header)
		return;
	if (h != NULL)
		for (i = 0; i < h->n; i++, k++) {
			if (k > 0)
				tsv_put_tab(w);
			tsv_put_str(w, h->name[i]);
		}
	for (i = 0; i < n; i++, k++) {
		if (k > 0)
			tsv_put_tab(w);
		tsv_put_str(w, new[i]);
	}
	tsv_put_char(w, '\n');
	tsv_writer_flush(w);
}

void
tsv_put_text(struct tsv_writer *w, const char *p, size_t n)
{
	size_t i, run = 0;

	if (w->cap - w->len < 2 * n && w->cap < 2 * n)
		tsv_writer_grow(w, 2 * n);
	else if (w->cap - w->len < 2 * n)
		tsv_writer_flush(w);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		char esc;

		if (c > '\\' || (c != '\\' && c > '\r'))
			continue;
		switch (c) {
		case '\t': esc = 't'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\\': esc = '\\'; break;
		default: continue;
		}
		memcpy(w->buf + w->len, p + run, i - run);
		w->len += i - run;
		w->buf[w->len++] = '\\';
		w->buf[w->len++] = esc;
		run = i + 1;
	}
	memcpy(w->buf + w->len, p + run, n - run);
	w->len += n - run;
}

void
tsv_put_row_fields(struct tsv_writer *w, const struct tsv_row *row)
{
	size_t i;

	for (i = 0; i < row->n; i++) {
		if (i > 0)
			tsv_put_tab(w);
		tsv_put_raw(w, row->field[i], row->len[i]);
	}
}

void
tsv_put_ulong(struct tsv_writer *w, unsigned long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	tsv_put_raw(w, tmp + i, sizeof(tmp) - i);
}

void
tsv_put_fixed(struct tsv_writer *w, double v, int decimals)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9 };
	char tmp[64];
	double scaled, r, frac;
	unsigned long long u;
	int neg, i, n;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	scaled = v * pow10[decimals];
	r = floor(fabs(scaled));
	frac = fabs(scaled) - r;
	/*
	 * Fast path when the scaled value is clearly not a rounding tie;
	 * otherwise let printf decide from the exact binary value.
	 */
	if (!isfinite(v) || fabs(scaled) >= 9e15 || fabs(frac - 0.5) < 1e-6) {
		n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
		if (n > 0 && tmp[0] == '-') {
			for (i = 1; i < n; i++)
				if (tmp[i] != '0' && tmp[i] != '.')
					break;
			if (i == n) {
				tsv_put_raw(w, tmp + 1, (size_t)n - 1);
				return;
			}
		}
		tsv_put_raw(w, tmp, (size_t)n);
		return;
	}
	u = (unsigned long long)r + (frac > 0.5);
	neg = scaled < 0 && u != 0;
	i = sizeof(tmp);
	for (n = 0; n < decimals; n++) {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	}
	if (decimals > 0)
		tmp[--i] = '.';
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (neg)
		tmp[--i] = '-';
	tsv_put_raw(w, tmp + i, sizeof(tmp) - (size_t)i);
}

/* ------------------------------------------------------------------ rows */

void
tsv_rows_init(struct tsv_rows *r, size_t nfields)
{
	memset(r, 0, sizeof(*r));
	r->nfields = nfields;
}

void
tsv_rows_add(struct tsv_rows *r, const struct tsv_row *row)
{
	size_t f, base;

	if (r->nrows == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->off = nf_xreallocarray(r->off, r->cap * r->nfields,
		    sizeof(size_t));
		r->len = nf_xreallocarray(r->len, r->cap * r->nfields,
		    sizeof(size_t));
		r->line = nf_xreallocarray(r->line, r->cap,
		    sizeof(unsigned long));
	}
	base = r->nrows * r->nfields;
	for (f = 0; f < r->nfields; f++) {
		r->off[base + f] = r->bytes.len;
		r->len[base + f] = row->len[f];
		buf_add(&r->bytes, row->field[f], row->len[f]);
	}
	r->line[r->nrows] = row->line;
	r->nrows++;
}

void
tsv_rows_clear(struct tsv_rows *r)
{
	r->nrows = 0;
	r->bytes.len = 0;
}

void
tsv_rows_free(struct tsv_rows *r)
{
	buf_free(&r->bytes);
	free(r->off);
	free(r->len);
	free(r->line);
	memset(r, 0, sizeof(*r));
}

void
tsv_rows_get(const struct tsv_rows *r, size_t i, struct tsv_row *row,
    const char **field, size_t *len)
{
	size_t f;

	for (f = 0; f < r->nfields; f++)
		field[f] = tsv_rows_field(r, i, f, &len[f]);
	row->n = r->nfields;
	row->field = field;
	row->len = len;
	row->line = r->line[i];
	row->file = NULL;
}
