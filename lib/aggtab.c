/*
 * lib/aggtab.c — interning hash table for aggregate's groups (see aggtab.h).
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE		/* mremap */
#endif
#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aggtab.h"
#include "buf.h"

#define INITIAL_SLOTS	64

/* ---------------------------------------------------------- big arrays */

static size_t
page_round(size_t n)
{
	return (n + 4095) & ~(size_t)4095;
}

/* P from OLD to N (> 0) bytes on the heap, new bytes zero */
static void *
heap_resize(void *p, size_t old, size_t n)
{
	p = nf_xrealloc(p, n);
	if (n > old)
		memset((char *)p + old, 0, n - old);
	return p;
}

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
/*
 * Arrays smaller than this come from malloc: a mapping of their own would
 * cost two system calls and, when freed, a TLB flush on every CPU the
 * process ran on — for the many small tables of a run over a few groups
 * (and of a fuzzer's millions of runs) that was most of the time.
 */
#define VMAP_MIN	65536

static int
vmapped(size_t n)
{
	return page_round(n) >= VMAP_MIN;
}
#endif

void *
aggtab_vresize(void *p, size_t old, size_t n)
{
#if defined(__linux__) && defined(MREMAP_MAYMOVE)
	int was = p != NULL && vmapped(old), will = vmapped(n);
	void *q;

	if (n == 0) {
		if (was)
			munmap(p, page_round(old));
		else
			free(p);
		return NULL;
	}
	if (!was && !will)
		return heap_resize(p, old, n);
	if (p != NULL && was != will) {		/* across the threshold */
		q = aggtab_vresize(NULL, 0, n);
		memcpy(q, p, old < n ? old : n);
		aggtab_vresize(p, old, 0);
		return q;
	}
	old = page_round(old);
	n = page_round(n);
	if (n == old)
		return p;
	q = p == NULL ? mmap(NULL, n, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) :
	    mremap(p, old, n, MREMAP_MAYMOVE);
	if (q == MAP_FAILED)
		return nf_xmalloc(SIZE_MAX);	/* reports out of memory */
	return q;
#else
	if (n == 0) {
		free(p);
		return NULL;
	}
	return heap_resize(p, old, n);
#endif
}

void
aggtab_vprefault(void *p, size_t from, size_t to)
{
#if defined(__linux__) && defined(MREMAP_MAYMOVE) && \
    defined(MADV_POPULATE_WRITE)
	/* (a small array is malloc's, not page-aligned: its pages are the
	 * heap's, left to the allocator) */
	if (p == NULL || ((uintptr_t)p & 4095) != 0)
		return;
	from &= ~(size_t)4095;
	to = page_round(to);
	if (to > from)
		(void)madvise((char *)p + from, to - from,
		    MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)from;
	(void)to;
#endif
}

/* ------------------------------------------------------------- table */

void
aggtab_init(struct aggtab *t)
{
	memset(t, 0, sizeof(*t));
	t->slot = aggtab_vresize(NULL, 0, INITIAL_SLOTS * sizeof(*t->slot));
	t->mask = INITIAL_SLOTS - 1;
}

void
aggtab_free(struct aggtab *t)
{
	aggtab_vresize(t->slot, (t->mask + 1) * sizeof(*t->slot), 0);
	aggtab_vresize(t->ent, t->cap * sizeof(*t->ent), 0);
	free(t->bytes);
	memset(t, 0, sizeof(*t));
}

static void
grow_slots(struct aggtab *t)
{
	size_t nslots = 2 * (t->mask + 1), mask = nslots - 1, i, j, n;
	struct aggtab_slot *slot = aggtab_vresize(NULL, 0,
	    nslots * sizeof(*slot));
	const char *k;
	uint64_t h;

	/* the keys land all over it: every page will be written */
	aggtab_vprefault(slot, 0, nslots * sizeof(*slot));

	for (i = 0; i < t->n; i++) {
		k = aggtab_key(t, (uint32_t)i, &n);
		h = aggtab_hash(k, n);
		j = (size_t)h & mask;
		while (slot[j].id1 != 0)
			j = (j + 1) & mask;
		slot[j].tag = aggtab_tag(h, n);
		slot[j].id1 = (uint32_t)(i + 1);
	}
	aggtab_vresize(t->slot, (t->mask + 1) * sizeof(*t->slot), 0);
	t->slot = slot;
	t->mask = mask;
}

uint32_t
aggtab_insert(struct aggtab *t, const char *p, size_t n, uint64_t hash,
    size_t i)
{
	uint32_t id;
	uint64_t off;
	struct aggtab_ent *e;

	if (t->n >= UINT32_MAX - 1 || n > UINT32_MAX)
		abort();		/* 4 G keys: far beyond any memory here */
	if (t->n == t->cap) {
		t->ent = aggtab_vresize(t->ent, t->cap * sizeof(*t->ent),
		    (t->cap ? 2 * t->cap : 256) * sizeof(*t->ent));
		t->cap = t->cap ? 2 * t->cap : 256;
	}
	/* entries are written in order: their pages 64 KB at a time */
	if ((t->n * sizeof(*t->ent)) % 65536 == 0)
		aggtab_vprefault(t->ent, t->n * sizeof(*t->ent),
		    t->n + 65536 / sizeof(*t->ent) < t->cap ?
		    (t->n * sizeof(*t->ent)) + 65536 :
		    t->cap * sizeof(*t->ent));
	id = (uint32_t)t->n;
	e = &t->ent[id];
	memset(e, 0, sizeof(*e));
	e->len = (uint32_t)n;
	if (n <= AGGTAB_INLINE) {
		if (n > 0)
			memcpy(e->in, p, n);
	} else {
		if (t->bcap - t->blen < n) {
			t->bcap = t->bcap ? 2 * t->bcap : 4096;
			while (t->bcap - t->blen < n)
				t->bcap *= 2;
			t->bytes = nf_xrealloc(t->bytes, t->bcap);
		}
		memcpy(t->bytes + t->blen, p, n);
		memcpy(e->in, p, 4);
		off = t->blen;
		memcpy(e->in + 4, &off, sizeof(off));
		t->blen += n;
	}
	t->n++;
	/* at most 3/4 full: short probes, and half the memory of 1/2 */
	if (4 * t->n > 3 * (t->mask + 1)) {
		grow_slots(t);
	} else {
		t->slot[i].tag = aggtab_tag(hash, n);
		t->slot[i].id1 = id + 1;
	}
	return id;
}
