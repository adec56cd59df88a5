/*
 * lib/buf.h — a growable byte buffer and checked allocation.
 *
 * Allocation failure is not recoverable in a filter, but lib/ must not call
 * exit(): nf_xmalloc() and friends call the handler installed with
 * nf_set_oom_handler() (lib/cli.c installs one that prints
 * "NAME: out of memory" and exits 1); without a handler they abort().
 */
#ifndef NF_BUF_H
#define NF_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	*nf_xmalloc(size_t n);
void	*nf_xcalloc(size_t n, size_t size);
void	*nf_xrealloc(void *p, size_t n);
void	*nf_xreallocarray(void *p, size_t n, size_t size);
char	*nf_xstrdup(const char *s);
char	*nf_xmemdup(const char *s, size_t n);	/* adds a NUL */
void	 nf_set_oom_handler(void (*handler)(void));

/* Make room for EXTRA more bytes (plus a NUL that is never counted). */
void	 buf_reserve(struct buf *b, size_t extra);
void	 buf_free(struct buf *b);

static inline void
buf_clear(struct buf *b)
{
	b->len = 0;
}

static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n)
		buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void
buf_addc(struct buf *b, char c)
{
	if (b->cap - b->len <= 1)
		buf_reserve(b, 1);
	b->data[b->len++] = c;
}

/* NUL-terminate without counting the NUL; returns the data. */
static inline char *
buf_cstr(struct buf *b)
{
	if (b->cap - b->len < 1)
		buf_reserve(b, 1);
	b->data[b->len] = '\0';
	return b->data;
}

#endif
