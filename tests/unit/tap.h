/*
 * tests/unit/tap.h — a tiny TAP producer for the C unit tests of lib/.
 * check(cond, "name") prints "ok N - name" or "not ok N - name"; done()
 * prints the plan and returns the exit status.
 */
#ifndef NF_TAP_H
#define NF_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

#define check(cond, ...) do {						\
	tap_n++;							\
	if (cond) {							\
		printf("ok %d - ", tap_n);				\
	} else {							\
		tap_failed++;						\
		printf("not ok %d - ", tap_n);				\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!(cond))							\
		printf("#   at %s:%d\n", __FILE__, __LINE__);		\
} while (0)

/* skip("why", "name"): "ok N - name # SKIP why" (TAP: counts as passed) */
#define skip(why, ...) do {						\
	tap_n++;							\
	printf("ok %d - ", tap_n);					\
	printf(__VA_ARGS__);						\
	printf(" # SKIP %s\n", why);					\
} while (0)

/*
 * tap_rand(&state, n): 0 .. n-1 from a 64-bit linear congruential
 * generator, so that a random test gives the same cases every run and a
 * failure can be replayed.  Each test keeps its own state (its seed).
 */
static inline unsigned
tap_rand(unsigned long long *state, unsigned n)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((*state >> 33) % n);
}

static inline int
done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
