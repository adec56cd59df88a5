/*
 * lib/swar.h — byte tests eight at a time in a 64-bit word ("SIMD within a
 * register"), for the scans that look for a few byte values in long text:
 * word and field ends, runs of spaces.  Portable C; the SSE2 loops in
 * tsv.c fall back to these on other CPUs.
 */
#ifndef NF_SWAR_H
#define NF_SWAR_H

#include <stdint.h>

/* C in every byte of a word */
#define SWAR_BYTES(c)	((uint64_t)(unsigned char)(c) * 0x0101010101010101ull)

/*
 * The high bit set in each byte of X that is zero, and only there: exact
 * for every byte (no borrow from one byte into the next), so the bits can
 * be counted or walked with ctz, not just tested for "any".
 */
static inline uint64_t
swar_zero_bytes(uint64_t x)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;

	return ~(((x & low7) + low7) | x) & 0x8080808080808080ull;
}

#endif
