/*
 * tests/unit/test_tsv_nosimd.c — lib/tsv.c built without SSE2: the
 * portable 8-bytes-at-a-time scan that other CPUs run must split rows and
 * find raw CRs exactly as a byte-by-byte reading does.  This file compiles
 * its own copy of lib/tsv.c, so the library's object is not linked.
 */
#define TSV_NO_SIMD 1
#include "../../lib/tsv.c"

#include "tap.h"
#include "tsv_split_check.h"

int
main(void)
{
	check(split_random_rows(3000) == 3000,
	    "3000 random rows split as their bytes say (portable scan)");
	return done();
}
