/*
 * lib/aggtab.h — the group table of aggregate: an interning hash table that
 * maps byte strings (group keys, or group id + value for mode/distinct) to
 * dense ids 0, 1, 2 ... in first-seen order.
 *
 * Open addressing with linear probing over a power-of-two slot array, at
 * most 3/4 full; each 8-byte slot holds the id and 28 bits of the hash
 * with the key's length, so a probe rarely compares a key that differs.
 * Every key is in a 16-byte entry (up to 12 bytes in place, a longer one
 * in an arena).  Memory: about 27 bytes a short key, nothing allocated per
 * key beyond amortised growth.  A caller that looks up many keys can
 * prefetch the slot, then the entry (aggtab_guess), before aggtab_intern.
 */
#ifndef NF_AGGTAB_H
#define NF_AGGTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define AGGTAB_INLINE	12

struct aggtab_ent {
	uint32_t	len;
	char		in[AGGTAB_INLINE];	/* key; or prefix + arena offset */
};

struct aggtab_slot {
	uint32_t	tag;		/* hash bits, low 4 bits min(len, 15) */
	uint32_t	id1;		/* id + 1; 0: empty */
};

struct aggtab {
	struct aggtab_slot	*slot;
	size_t			 mask;	/* slot count - 1 */
	struct aggtab_ent	*ent;
	size_t			 n, cap;
	char			*bytes;	/* arena for long keys */
	size_t			 blen, bcap;
};

void	 aggtab_init(struct aggtab *t);
void	 aggtab_free(struct aggtab *t);

/* Add key P[0..N) with HASH at empty slot I (aggtab_intern's slow part). */
uint32_t aggtab_insert(struct aggtab *t, const char *p, size_t n,
	    uint64_t hash, size_t i);

/*
 * Big arrays (this table's, aggregate's group records and kept values) grow
 * without being copied: on Linux each one of 64 KB or more is a mapping of
 * its own, moved by mremap, so growing never holds the old and the new copy
 * at once and only the pages written count; smaller ones, and all of them
 * elsewhere, are malloc's.  New bytes read as zero.  OLD and N are byte
 * sizes (OLD exactly as last passed for P); N = 0 frees.
 */
void	*aggtab_vresize(void *p, size_t old, size_t n);
/*
 * Bytes [FROM, TO) of such an array are about to be written: map their
 * pages now, in one system call, rather than one page fault each as they
 * are first touched (a fault costs microseconds under virtualisation, and
 * a pass over 1 M rows took some 3,800 of them).  Only pages that will be
 * written anyway, so the RSS is the same; a no-op where unsupported.
 */
void	 aggtab_vprefault(void *p, size_t from, size_t to);

/* A slot's tag: 28 bits of the hash and the key's length (up to 15). */
static inline uint32_t
aggtab_tag(uint64_t hash, size_t n)
{
	return ((uint32_t)(hash >> 32) & ~(uint32_t)15) |
	    (uint32_t)(n < 15 ? n : 15);
}

/*
 * The id a key with HASH and length N most likely has, without comparing
 * keys (a hint, for prefetching what belongs to it), or UINT32_MAX.
 */
static inline uint32_t
aggtab_guess(const struct aggtab *t, uint64_t hash, size_t n)
{
	uint32_t tag = aggtab_tag(hash, n);
	size_t i = (size_t)hash & t->mask, k;

	for (k = 0; k < 8 && t->slot[i].id1 != 0; k++) {
		if (t->slot[i].tag == tag)
			return t->slot[i].id1 - 1;
		i = (i + 1) & t->mask;
	}
	return UINT32_MAX;
}

/* Key ID's bytes (not NUL-terminated; valid until the next intern). */
static inline const char *
aggtab_key(const struct aggtab *t, uint32_t id, size_t *n)
{
	const struct aggtab_ent *e = &t->ent[id];
	uint64_t off;

	*n = e->len;
	if (e->len <= AGGTAB_INLINE)
		return e->in;
	memcpy(&off, e->in + 4, sizeof(off));
	return t->bytes + off;
}

static inline uint64_t
aggtab_load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t
aggtab_load32(const char *p)
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
aggtab_tail_word(const char *p, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n >= 4)
		return (uint64_t)aggtab_load32(p) |
		    ((uint64_t)aggtab_load32(p + n - 4) << (8 * (n - 4)));
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

/*
 * A 64-bit hash of P[0..N).  Inline: group keys are short, and a call
 * costs as much as hashing one.
 */
static inline uint64_t
aggtab_hash(const char *p, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)n * 0xC2B2AE3D27D4EB4Full);

	while (n >= 8) {
		h = (h ^ aggtab_load64(p)) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
		p += 8;
		n -= 8;
	}
	if (n > 0) {
		h = (h ^ aggtab_tail_word(p, n)) * 0x94D049BB133111EBull;
		h ^= h >> 29;
	}
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ull;
	h ^= h >> 32;
	return h;
}

/* A[0..N) == B[0..N) for N <= 16, reading only inside both */
static inline int
aggtab_same_short(const char *a, const char *b, size_t n)
{
	if (n >= 8)
		return aggtab_load64(a) == aggtab_load64(b) &&
		    aggtab_load64(a + n - 8) == aggtab_load64(b + n - 8);
	if (n >= 4)
		return aggtab_load32(a) == aggtab_load32(b) &&
		    aggtab_load32(a + n - 4) == aggtab_load32(b + n - 4);
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

/* Does entry ID hold key P[0..N)? */
static inline int
aggtab_matches(const struct aggtab *t, uint32_t id, const char *p, size_t n)
{
	const struct aggtab_ent *e = &t->ent[id];
	uint64_t off;

	if (e->len != n)
		return 0;
	if (n <= AGGTAB_INLINE)
		return aggtab_same_short(e->in, p, n);
	if (aggtab_load32(e->in) != aggtab_load32(p))
		return 0;
	memcpy(&off, e->in + 4, sizeof(off));
	return memcmp(t->bytes + off, p, n) == 0;
}

/*
 * The id of key P[0..N) (HASH = aggtab_hash(P, N)); a new key gets the
 * next id and *IS_NEW is set to 1 (else 0).  The lookup of a key that is
 * there is inline; adding one is not.
 */
static inline uint32_t
aggtab_intern(struct aggtab *t, const char *p, size_t n, uint64_t hash,
    int *is_new)
{
	size_t i = (size_t)hash & t->mask;
	uint32_t tag = aggtab_tag(hash, n);
	const struct aggtab_slot *s;

	for (; (s = &t->slot[i])->id1 != 0; i = (i + 1) & t->mask)
		if (s->tag == tag && aggtab_matches(t, s->id1 - 1, p, n)) {
			*is_new = 0;
			return s->id1 - 1;
		}
	*is_new = 1;
	return aggtab_insert(t, p, n, hash, i);
}

#endif
