/* lib/buf.c — growable buffers and allocation that never returns NULL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void (*oom_handler)(void);

void
nf_set_oom_handler(void (*handler)(void))
{
	oom_handler = handler;
}

static void
out_of_memory(void)
{
	if (oom_handler != NULL)
		oom_handler();
	abort();
}

void *
nf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
nf_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
nf_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		out_of_memory();
	return p;
}

void *
nf_xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory();
	return nf_xrealloc(p, n * size);
}

char *
nf_xstrdup(const char *s)
{
	return nf_xmemdup(s, strlen(s));
}

char *
nf_xmemdup(const char *s, size_t n)
{
	char *p = nf_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t want, cap;

	if (extra > SIZE_MAX - b->len - 1)
		out_of_memory();
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	b->data = nf_xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
