/*
 * lib/strmap.h — a small map from byte strings to int, for word lists
 * loaded from data/ (abbreviations, layout words).  Open addressing,
 * keys copied once; look-ups never allocate.
 */
#ifndef NF_STRMAP_H
#define NF_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char	*key;		/* NULL: empty */
	size_t		 len;
	uint32_t	 hash;
	int		 value;
};

struct strmap {
	struct strmap_slot	*slot;
	size_t			 mask;	/* capacity - 1 (a power of two) */
	size_t			 n;
};

void	 strmap_init(struct strmap *m);
void	 strmap_free(struct strmap *m);
/* Set KEY's value to VALUE (replacing any earlier value). */
void	 strmap_set(struct strmap *m, const char *key, size_t len, int value);
/* KEY's value, or 0 when absent. */
int	 strmap_get(const struct strmap *m, const char *key, size_t len);
uint32_t strmap_hash(const char *key, size_t len);

#endif
