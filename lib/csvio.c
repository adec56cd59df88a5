/*
 * lib/csvio.c — CSV through libcsv (see csvio.h).
 *
 * libcsv gives no line numbers, so input is fed to csv_parse one physical
 * line at a time; the line counter then says where each record began.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "csvio.h"

/* bytes read at a time; a build may set it smaller (the fuzz targets do) */
#ifndef NF_CSVIO_CHUNK
#define NF_CSVIO_CHUNK	(1u << 20)
#endif
#define CHUNK	((size_t)NF_CSVIO_CHUNK)
#define BOM	"\xEF\xBB\xBF"	/* UTF-8 byte-order mark */
_Static_assert(NF_CSVIO_CHUNK >= 3, "a chunk holds at least a byte-order mark");

struct csv_ctx {
	csvio_record_fn	 fn;
	void		*ctx;
	struct nf_error	*e;
	int		 stop;
	struct buf	 bytes;		/* the current record's field bytes */
	size_t		*off;
	size_t		*len;
	const char	**field;
	size_t		 nfields;
	size_t		 cap;
	unsigned long	 line;		/* line being fed */
	unsigned long	 rec_line;	/* line the current record began on */
	int		 in_record;	/* bytes of a record fed, not ended */
};

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
on_field(void *data, size_t n, void *vctx)
{
	struct csv_ctx *c = vctx;

	if (c->stop)
		return;
	if (c->nfields == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->off = nf_xreallocarray(c->off, c->cap, sizeof(size_t));
		c->len = nf_xreallocarray(c->len, c->cap, sizeof(size_t));
		c->field = nf_xreallocarray(c->field, c->cap, sizeof(char *));
	}
	c->off[c->nfields] = c->bytes.len;
	c->len[c->nfields] = n;
	if (n > 0)
		buf_add(&c->bytes, data, n);
	c->nfields++;
}

static void
on_record(int term, void *vctx)
{
	struct csv_ctx *c = vctx;
	size_t i;

	(void)term;
	if (c->stop)
		return;
	/* (no bytes yet when every field is empty: never NULL + 0) */
	for (i = 0; i < c->nfields; i++)
		c->field[i] = c->bytes.data != NULL ?
		    c->bytes.data + c->off[i] : "";
	if (c->fn(c->ctx, c->nfields, c->field, c->len, c->rec_line,
	    c->e) == -1)
		c->stop = 1;
	c->nfields = 0;
	c->bytes.len = 0;
	c->in_record = 0;
}

/* Note where a record begins: the first non-blank line after the last one. */
static void
mark_record_start(struct csv_ctx *c, const char *q, size_t n)
{
	if (c->in_record)
		return;
	while (n > 0 && (q[n - 1] == '\n' || q[n - 1] == '\r'))
		n--;
	if (n == 0)
		return;
	c->in_record = 1;
	c->rec_line = c->line;
}

int
csvio_read(int fd, const char *name, csvio_record_fn fn, void *ctx,
    struct nf_error *e)
{
	struct csv_parser p;
	struct csv_ctx c;
	char *buf, *q, *nl;
	size_t have = 0, n;
	ssize_t got;
	int eof = 0, rc = 0, at_start = 1;

	memset(&c, 0, sizeof(c));
	c.fn = fn;
	c.ctx = ctx;
	c.e = e;
	c.line = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		nf_error_set(e, NF_ENOMEM, name, 0, "cannot start CSV parser");
		return -1;
	}
	csv_set_space_func(&p, never_space);
	buf = nf_xmalloc(CHUNK);
	while (!eof || have > 0) {
		if (!eof) {
			do
				got = read(fd, buf + have, CHUNK - have);
			while (got == -1 && errno == EINTR);
			if (got < 0) {
				nf_error_set(e, NF_EIO, name, c.line,
				    "read error: %s", strerror(errno));
				rc = -1;
				goto out;
			}
			if (got == 0)
				eof = 1;
			have += (size_t)got;
		}
		if (at_start) {
			/*
			 * A byte-order mark opening the input is not data, as
			 * for TSV input (spreadsheets' "CSV UTF-8" starts with
			 * one); its first bytes may come in alone from a pipe.
			 */
			if (have < 3 && !eof && memcmp(buf, BOM, have) == 0)
				continue;
			if (have >= 3 && memcmp(buf, BOM, 3) == 0) {
				memmove(buf, buf + 3, have - 3);
				have -= 3;
			}
			at_start = 0;
		}
		/* feed whole lines; the last partial line waits for more */
		q = buf;
		while ((nl = memchr(q, '\n', have - (size_t)(q - buf))) != NULL ||
		    (eof && q < buf + have) ||
		    (have == CHUNK && q == buf)) {
			n = nl ? (size_t)(nl - q) + 1 : have - (size_t)(q - buf);
			mark_record_start(&c, q, n);
			if (csv_parse(&p, q, n, on_field, on_record, &c) != n) {
				goto syntax;
			}
			if (c.stop) {
				rc = -1;
				goto out;
			}
			if (nl != NULL)
				c.line++;
			q += n;
			if (q == buf + have)
				break;
		}
		memmove(buf, q, have - (size_t)(q - buf));
		have -= (size_t)(q - buf);
	}
	if (csv_fini(&p, on_field, on_record, &c) != 0)
		goto syntax;
	if (c.stop)
		rc = -1;
	goto out;
syntax:
	if (csv_error(&p) == CSV_EPARSE && c.in_record)
		nf_error_set(e, NF_EDATA, name, c.rec_line,
		    "malformed CSV: unterminated quoted field or stray quote "
		    "in the record starting here");
	else if (csv_error(&p) == CSV_EPARSE)
		nf_error_set(e, NF_EDATA, name, c.line,
		    "malformed CSV: unterminated quoted field or stray quote");
	else
		nf_error_set(e, NF_EDATA, name, c.line, "CSV: %s",
		    csv_strerror(csv_error(&p)));
	rc = -1;
out:
	csv_free(&p);
	free(buf);
	buf_free(&c.bytes);
	free(c.off);
	free(c.len);
	free(c.field);
	return rc;
}

void
csvio_put_field(struct tsv_writer *w, const char *p, size_t n)
{
	size_t i, need;

	for (i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n')
			break;
	if (i == n) {
		tsv_put_raw(w, p, n);
		return;
	}
	need = 2 * n + 2;
	if (w->cap - w->len < need)
		tsv_writer_grow(w, need);
	w->len += csv_write(w->buf + w->len, w->cap - w->len, p, n);
}
