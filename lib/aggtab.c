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

/* a hint that a large array is worth backing with huge pages */
static void
hint_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)4095;

	if (n >= (2u << 20) && e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

static size_t
page_round(size_t n)
{
	return (n + 4095) & ~(size_t)4095;
}

#if defined(__linux__) && defined(MREMAP_MAYMOVE) && defined(MREMAP_FIXED)
#define HUGE_SZ		((size_t)2 << 20)

/* a fresh mapping of N bytes that starts on a huge-page boundary */
static void *
map_aligned(size_t n)
{
	char *raw, *al;

	raw = mmap(NULL, n + HUGE_SZ, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return MAP_FAILED;
	al = (char *)(((uintptr_t)raw + HUGE_SZ - 1) & ~(uintptr_t)(HUGE_SZ - 1));
	if (al > raw)
		munmap(raw, (size_t)(al - raw));
	munmap(al + n, (size_t)(raw + n + HUGE_SZ - (al + n)));
	return al;
}
#endif

void *
aggtab_vresize(void *p, size_t old, size_t n)
{
#if defined(__linux__) && defined(MREMAP_MAYMOVE) && defined(MREMAP_FIXED)
	void *q;

	old = page_round(old);
	n = page_round(n);
	if (n == 0) {
		if (p != NULL)
			munmap(p, old);
		return NULL;
	}
	if (n == old)
		return p;
	if (n < HUGE_SZ) {
		q = p == NULL ? mmap(NULL, n, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) :
		    mremap(p, old, n, MREMAP_MAYMOVE);
	} else if (old < HUGE_SZ) {
		/* copy into fresh memory that can be backed by huge pages */
		q = map_aligned(n);
		if (q != MAP_FAILED) {
			hint_huge(q, n);
			if (p != NULL) {
				memcpy(q, p, old);
				munmap(p, old);
			}
		}
	} else {
		/* move the (huge) pages, no copy, to an aligned place */
		q = map_aligned(n);
		if (q != MAP_FAILED && p != NULL)
			q = mremap(p, old, n, MREMAP_MAYMOVE | MREMAP_FIXED, q);
	}
	if (q == MAP_FAILED)
		return nf_xmalloc(SIZE_MAX);	/* reports out of memory */
	hint_huge(q, n);
	return q;
#else
	if (n == 0) {
		free(p);
		return NULL;
	}
	p = nf_xrealloc(p, n);
	if (n > old)
		memset((char *)p + old, 0, n - old);
	return p;
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

static inline uint64_t
load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t
load32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * The bytes P[0..N), N < 8, as a number (zero-padded, little-endian order).
 * Overlapping word loads where the byte order allows, else a byte loop.
 */
static inline uint64_t
tail_word(const char *p, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n >= 4)
		return (uint64_t)load32(p) |
		    ((uint64_t)load32(p + n - 4) << (8 * (n - 4)));
	if (n == 0)
		return 0;
	return (uint64_t)(unsigned char)p[0] |
	    ((uint64_t)(unsigned char)p[n / 2] << (8 * (n / 2))) |
	    ((uint64_t)(unsigned char)p[n - 1] << (8 * (n - 1)));
#else
	uint64_t w = 0;
	size_t i;

	for (i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)p[i] << (8 * i);
	return w;
#endif
}

uint64_t
aggtab_hash(const char *p, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)n * 0xC2B2AE3D27D4EB4Full);
	uint64_t v;

	while (n >= 8) {
		h = (h ^ load64(p)) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
		p += 8;
		n -= 8;
	}
	if (n > 0) {
		v = tail_word(p, n);
		h = (h ^ v) * 0x94D049BB133111EBull;
		h ^= h >> 29;
	}
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ull;
	h ^= h >> 32;
	return h;
}

/* A[0..N) == B[0..N) for N <= 16, reading only inside both */
static inline int
same_short(const char *a, const char *b, size_t n)
{
	if (n >= 8)
		return load64(a) == load64(b) &&
		    load64(a + n - 8) == load64(b + n - 8);
	if (n >= 4)
		return load32(a) == load32(b) &&
		    load32(a + n - 4) == load32(b + n - 4);
	switch (n) {
	case 3:
		if (a[2] != b[2])
			return 0;
		/* FALLTHROUGH */
	case 2:
		if (a[1] != b[1])
			return 0;
		/* FALLTHROUGH */
	case 1:
		return a[0] == b[0];
	default:
		return 1;
	}
}

/* the key word of a key of at most 8 bytes */
static inline uint64_t
key_word(const char *p, size_t n)
{
	if (n == 8)
		return load64(p);
	return n < 8 ? tail_word(p, n) : 0;
}

static inline int
ent_matches(const struct aggtab *t, const struct aggtab_ent *e,
    const char *p, size_t n)
{
	uint64_t off;

	if (e->len != n)
		return 0;
	if (n <= AGGTAB_INLINE)
		return same_short(e->in, p, n);
	if (load32(e->in) != load32(p))
		return 0;
	memcpy(&off, e->in + 4, sizeof(off));
	return memcmp(t->bytes + off, p, n) == 0;
}

static void
grow_slots(struct aggtab *t)
{
	size_t nslots = 2 * (t->mask + 1), mask = nslots - 1, i, j, n;
	struct aggtab_slot *slot = aggtab_vresize(NULL, 0,
	    nslots * sizeof(*slot));
	const char *k;
	uint64_t h;

	for (i = 0; i < t->n; i++) {
		k = aggtab_key(t, (uint32_t)i, &n);
		h = aggtab_hash(k, n);
		j = (size_t)h & mask;
		while (slot[j].id1 != 0)
			j = (j + 1) & mask;
		slot[j].tag = aggtab_tag(h, n);
		slot[j].id1 = (uint32_t)(i + 1);
		slot[j].word = key_word(k, n);
	}
	aggtab_vresize(t->slot, (t->mask + 1) * sizeof(*t->slot), 0);
	t->slot = slot;
	t->mask = mask;
}

uint32_t
aggtab_intern(struct aggtab *t, const char *p, size_t n, uint64_t hash,
    int *is_new)
{
	size_t i = (size_t)hash & t->mask;
	uint32_t tag = aggtab_tag(hash, n), id;
	uint64_t word = key_word(p, n), off;
	const struct aggtab_slot *s;
	struct aggtab_ent *e;

	for (; (s = &t->slot[i])->id1 != 0; i = (i + 1) & t->mask) {
		if (s->tag != tag)
			continue;
		if (n <= 8 ? s->word == word :
		    ent_matches(t, &t->ent[s->id1 - 1], p, n)) {
			*is_new = 0;
			return s->id1 - 1;
		}
	}
	/* a new key */
	if (t->n >= UINT32_MAX - 1 || n > UINT32_MAX)
		abort();		/* 4 G keys: far beyond any memory here */
	if (t->n == t->cap) {
		t->ent = aggtab_vresize(t->ent, t->cap * sizeof(*t->ent),
		    (t->cap ? 2 * t->cap : 256) * sizeof(*t->ent));
		t->cap = t->cap ? 2 * t->cap : 256;
	}
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
	if (2 * t->n > t->mask + 1) {
		grow_slots(t);
	} else {
		t->slot[i].tag = tag;
		t->slot[i].id1 = id + 1;
		t->slot[i].word = word;
	}
	*is_new = 1;
	return id;
}
