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

static inline int
done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
