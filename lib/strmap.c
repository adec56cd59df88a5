/* lib/strmap.c — string → int map (see strmap.h). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

uint32_t
strmap_hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

void
strmap_init(struct strmap *m)
{
	m->mask = 63;
	m->n = 0;
	m->slot = nf_xcalloc(m->mask + 1, sizeof(*m->slot));
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	if (m->slot == NULL)
		return;
	for (i = 0; i <= m->mask; i++)
		free((char *)m->slot[i].key);
	free(m->slot);
	m->slot = NULL;
}

static struct strmap_slot *
find(const struct strmap *m, const char *key, size_t len, uint32_t h)
{
	size_t i = h & m->mask;

	for (;;) {
		struct strmap_slot *s = &m->slot[i];

		if (s->key == NULL || (s->hash == h && s->len == len &&
		    memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & m->mask;
	}
}

static void
grow(struct strmap *m)
{
	struct strmap_slot *old = m->slot;
	size_t i, oldcap = m->mask + 1;

	m->mask = 2 * oldcap - 1;
	m->slot = nf_xcalloc(m->mask + 1, sizeof(*m->slot));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

void
strmap_set(struct strmap *m, const char *key, size_t len, int value)
{
	uint32_t h = strmap_hash(key, len);
	struct strmap_slot *s;

	if (2 * (m->n + 1) > m->mask + 1)
		grow(m);
	s = find(m, key, len, h);
	if (s->key == NULL) {
		s->key = nf_xmemdup(key, len);
		s->len = len;
		s->hash = h;
		m->n++;
	}
	s->value = value;
}

int
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	const struct strmap_slot *s;

	if (m->slot == NULL)
		return 0;
	s = find(m, key, len, strmap_hash(key, len));
	return s->key != NULL ? s->value : 0;
}
