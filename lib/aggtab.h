/*
 * lib/aggtab.h — the group table of aggregate: an interning hash table that
 * maps byte strings (group keys, or group id + value for mode/distinct) to
 * dense ids 0, 1, 2 ... in first-seen order.
 *
 * Open addressing with linear probing over a power-of-two slot array; each
 * 16-byte slot holds the id, 28 bits of the hash with the key's length, and
 * a key of up to 8 bytes itself, so looking up a short key reads one slot
 * and nothing else.  Every key is also in a 16-byte entry (up to 12 bytes in
 * place, a longer one in an arena), for comparing longer keys and for
 * aggtab_key.  No allocation per key beyond amortised growth.
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
	uint64_t	word;		/* a key of <= 8 bytes, zero-padded */
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

/* A 64-bit hash of P[0..N). */
uint64_t aggtab_hash(const char *p, size_t n);

/*
 * The id of key P[0..N) (HASH = aggtab_hash(P, N)); a new key gets the
 * next id and *IS_NEW is set to 1 (else 0).
 */
uint32_t aggtab_intern(struct aggtab *t, const char *p, size_t n,
	    uint64_t hash, int *is_new);

/*
 * Big arrays (this table's, aggregate's group records and kept values) grow
 * without being copied: on Linux each is a mapping of its own, moved by
 * mremap and marked for transparent huge pages (random access to a few
 * megabytes is TLB-bound otherwise); elsewhere realloc.  New bytes read as
 * zero.  OLD and N are byte sizes; N = 0 frees.
 */
void	*aggtab_vresize(void *p, size_t old, size_t n);

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

#endif
