/*
 * lib/agg.c — aggregate's operations and mergeable states (see agg.h).
 *
 * Layout: 128-bit helpers; a small bignum used only when results are
 * computed and states printed; numbers in and out; operation names; the
 * accumulators; the engine (rows in, partial states in, results out).
 *
 * Accumulators are kept per input column and shared between operations that
 * need the same thing: sum, mean, var, stdev, pvar and pstdev of a column
 * share one exact sum; median, q1, q3 and pNN share one store of kept
 * values (and min and max come from it when it is there).  Each group has
 * one record at a dense id from struct aggtab; nothing is allocated per
 * row.
 *
 * Speed: random access to a few megabytes of hash slots and group records
 * is what a single pass costs, so rows of numeric operations go through in
 * small batches whose cache misses overlap (see AGG_BATCH).  Memory: kept
 * values cost 8 bytes each (struct keep), a group a record of only the
 * accumulators it needs, and big arrays grow by mremap (aggtab_vresize).
 * Results never depend on any of this.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg.h"
#include "aggtab.h"
#include "buf.h"
#include "csvio.h"
#include "tsv.h"

/*
 * 128-bit arithmetic: sums are two 64-bit words with explicit carries, which
 * is portable C.  Only the 64 x 64 -> 128 product of a square uses
 * unsigned __int128 where the compiler has it (GCC and Clang on 64-bit
 * targets); the fallback agg_mul64_portable() gives the same bits.
 */
#if defined(__SIZEOF_INT128__) && !defined(AGG_NO_INT128)
__extension__ typedef unsigned __int128 agg_u128;
#define AGG_HAVE_INT128 1
#endif

void
agg_mul64_portable(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t al = a & 0xffffffffu, ah = a >> 32;
	uint64_t bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

	*lo = (mid << 32) | (ll & 0xffffffffu);
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

void
agg_mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
#ifdef AGG_HAVE_INT128
	agg_u128 p = (agg_u128)a * b;

	*lo = (uint64_t)p;
	*hi = (uint64_t)(p >> 64);
#else
	agg_mul64_portable(a, b, hi, lo);
#endif
}

/* (LO, HI) += M, two's complement 128 bits */
static inline void
add128_i64(uint64_t *lo, uint64_t *hi, int64_t m)
{
	uint64_t old = *lo;

	*lo += (uint64_t)m;
	*hi += (m < 0 ? UINT64_MAX : 0) + (*lo < old);
}

/* (LO, HI) += (LO2, HI2); returns 1 on signed overflow */
static inline int
add128(uint64_t *lo, uint64_t *hi, uint64_t lo2, uint64_t hi2)
{
	uint64_t a = *hi, r;

	*lo += lo2;
	r = a + hi2 + (*lo < lo2);
	*hi = r;
	return ((a ^ r) & (hi2 ^ r)) >> 63;
}

/* W[0..2] += M * M */
static inline void
add_square(uint64_t *w, int64_t m)
{
	uint64_t u = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
	uint64_t hi, lo, c;

	agg_mul64(u, u, &hi, &lo);
	w[0] += lo;
	c = w[0] < lo;
	hi += c;		/* hi < 2^62 here: no overflow */
	w[1] += hi;
	w[2] += w[1] < hi;
}

/* W += V, 192 bits unsigned; 1 on overflow */
static inline int
add192w(uint64_t *w, const uint64_t *v)
{
	uint64_t c, t;

	w[0] += v[0];
	c = w[0] < v[0];
	t = v[1] + c;
	c = t < c;
	w[1] += t;
	c += w[1] < t;
	t = v[2] + c;
	c = t < c;
	w[2] += t;
	c += w[2] < t;
	return c != 0;
}

/* ------------------------------------------------------------ bignum */

/*
 * Sign and magnitude in 32-bit limbs, little-endian.  Used to combine
 * per-scale sums into one exact value (sum, mean), to compute the exact
 * variance numerator n * sum(x^2) - sum(x)^2, and to print and read
 * 128/192-bit state numbers.  The size bounds what scales may occur
 * (AGG_SCALE_MAX): 2 * 700 decimal digits of spread plus 250 bits.
 */
#define BIG_LIMBS	192

struct big {
	int		neg;
	int		n;
	uint32_t	d[BIG_LIMBS];
};

static void
big_norm(struct big *b)
{
	while (b->n > 0 && b->d[b->n - 1] == 0)
		b->n--;
	if (b->n == 0)
		b->neg = 0;
}

/* magnitude from little-endian 64-bit words */
static void
big_from_words(struct big *b, const uint64_t *w, int nw, int neg)
{
	int i;

	b->n = 0;
	for (i = 0; i < nw; i++) {
		b->d[b->n++] = (uint32_t)w[i];
		b->d[b->n++] = (uint32_t)(w[i] >> 32);
	}
	b->neg = neg;
	big_norm(b);
}

/* two's complement 128 bits */
static void
big_from_i128(struct big *b, uint64_t lo, uint64_t hi)
{
	uint64_t w[2];
	int neg = (hi >> 63) != 0;

	if (neg) {
		lo = ~lo + 1;
		hi = ~hi + (lo == 0);
	}
	w[0] = lo;
	w[1] = hi;
	big_from_words(b, w, 2, neg);
}

/* B = B * M + A; -1 when it no longer fits */
static int
big_mul_small(struct big *b, uint32_t m, uint32_t a)
{
	uint64_t carry = a, t;
	int i;

	for (i = 0; i < b->n; i++) {
		t = (uint64_t)b->d[i] * m + carry;
		b->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry != 0) {
		if (b->n == BIG_LIMBS)
			return -1;
		b->d[b->n++] = (uint32_t)carry;
	}
	return 0;
}

static int
big_mul_pow10(struct big *b, int k)
{
	static const uint32_t p10[] = { 1, 10, 100, 1000, 10000, 100000,
	    1000000, 10000000, 100000000, 1000000000 };

	for (; k >= 9; k -= 9)
		if (big_mul_small(b, 1000000000u, 0) == -1)
			return -1;
	if (k > 0)
		return big_mul_small(b, p10[k], 0);
	return 0;
}

static int
big_cmp_mag(const struct big *a, const struct big *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

/* R = |A| + |B| (R may be A or B) */
static int
big_add_mag(struct big *r, const struct big *a, const struct big *b)
{
	const struct big *x = a->n >= b->n ? a : b, *y = a->n >= b->n ? b : a;
	uint64_t c = 0, t;
	int i, n = x->n;

	for (i = 0; i < n; i++) {
		t = (uint64_t)x->d[i] + (i < y->n ? y->d[i] : 0) + c;
		r->d[i] = (uint32_t)t;
		c = t >> 32;
	}
	r->n = n;
	if (c != 0) {
		if (n == BIG_LIMBS)
			return -1;
		r->d[r->n++] = (uint32_t)c;
	}
	return 0;
}

/* R = |A| - |B|, |A| >= |B| (R may be A or B) */
static void
big_sub_mag(struct big *r, const struct big *a, const struct big *b)
{
	int64_t t, borrow = 0;
	int i;

	for (i = 0; i < a->n; i++) {
		t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
		borrow = t < 0;
		r->d[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
	}
	r->n = a->n;
	big_norm(r);
}

/* R = A + B, signed (R may be A or B) */
static int
big_add(struct big *r, const struct big *a, const struct big *b)
{
	int aneg = a->neg, bneg = b->neg;

	if (aneg == bneg) {
		if (big_add_mag(r, a, b) == -1)
			return -1;
		r->neg = aneg;
	} else if (big_cmp_mag(a, b) >= 0) {
		big_sub_mag(r, a, b);
		r->neg = aneg;
	} else {
		big_sub_mag(r, b, a);
		r->neg = bneg;
	}
	big_norm(r);
	return 0;
}

/* R = A * B; R must be neither A nor B */
static int
big_mul(struct big *r, const struct big *a, const struct big *b)
{
	uint64_t t, c;
	int i, j;

	if (a->n == 0 || b->n == 0) {
		r->n = 0;
		r->neg = 0;
		return 0;
	}
	if (a->n + b->n > BIG_LIMBS)
		return -1;
	memset(r->d, 0, sizeof(uint32_t) * (size_t)(a->n + b->n));
	for (i = 0; i < a->n; i++) {
		c = 0;
		for (j = 0; j < b->n; j++) {
			t = (uint64_t)a->d[i] * b->d[j] + r->d[i + j] + c;
			r->d[i + j] = (uint32_t)t;
			c = t >> 32;
		}
		r->d[i + b->n] = (uint32_t)c;
	}
	r->n = a->n + b->n;
	r->neg = a->neg != b->neg;
	big_norm(r);
	return 0;
}

/* The value as a long double: the top 96 bits, then scaled (deterministic) */
static long double
big_to_ld(const struct big *b)
{
	long double v = 0;
	int i, lo;

	if (b->n == 0)
		return 0;
	lo = b->n > 3 ? b->n - 3 : 0;
	for (i = b->n - 1; i >= lo; i--)
		v = v * 4294967296.0L + b->d[i];
	if (lo > 0)
		v = ldexpl(v, 32 * lo);
	return b->neg ? -v : v;
}

/* Decimal digits of B into BUF (at least 10 * BIG_LIMBS bytes); length */
static size_t
big_to_dec(const struct big *b, char *buf)
{
	struct big t = *b;
	char tmp[10 * BIG_LIMBS + 2];
	size_t n = 0, i;
	uint64_t rem;
	int k, j;

	if (t.n == 0) {
		buf[0] = '0';
		return 1;
	}
	while (t.n > 0) {
		rem = 0;
		for (k = t.n - 1; k >= 0; k--) {
			uint64_t cur = (rem << 32) | t.d[k];
			t.d[k] = (uint32_t)(cur / 1000000000u);
			rem = cur % 1000000000u;
		}
		big_norm(&t);
		for (j = 0; j < 9; j++) {
			tmp[n++] = (char)('0' + rem % 10);
			rem /= 10;
			if (t.n == 0 && rem == 0)
				break;
		}
	}
	i = 0;
	if (b->neg)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = tmp[--n];
	return i;
}

/* -------------------------------------------------------------- numbers */

static const double p10d[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* 10^k is exact in a 64-bit-mantissa long double up to k = 27 */
static const long double p10l[] = {
	1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L,
	1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
	1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L
};

/* X * 10^K, deterministically */
static long double
scale10(long double x, long k)
{
	while (k > 27) {
		x *= p10l[27];
		k -= 27;
	}
	while (k < -27) {
		x /= p10l[27];
		k += 27;
	}
	return k >= 0 ? x * p10l[k] : x / p10l[-k];
}

static double
slow_strtod(const char *p, size_t n)
{
	char tmp[128], *s = tmp;
	double d;

	if (n >= sizeof(tmp))
		s = nf_xmalloc(n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	d = strtod(s, NULL);
	if (s != tmp)
		free(s);
	return d;
}

static int num_parse_general(const char *, size_t, struct agg_num *);

/*
 * The common case fast: [-]digits[.digits] with 1 to 18 digits, read in
 * two tight loops (the digits before the point, then after it).  Gives
 * exactly what the general parser gives for the same text; anything else
 * goes to it.  D: M and 10^S are exact doubles (M <= 2^53, S <= 18), so
 * one division rounds once, to the double strtod gives.
 */
/*
 * Digits four at a time while four are there (the fraction of "-12.3456"
 * is one such group): *M = *M * 10^4 + their value.  Returns where the
 * digits stop being a whole group of four; the caller reads the rest one
 * by one.
 */
static inline const unsigned char *
digits4(const unsigned char *q, const unsigned char *end, uint64_t *m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t x;

	while (end - q >= 4) {
		memcpy(&x, q, 4);
		/* every byte '0'..'9': 0x3_, and still 0x3_ after adding 6 */
		if ((x & 0xF0F0F0F0u) != 0x30303030u ||
		    ((x + 0x06060606u) & 0xF0F0F0F0u) != 0x30303030u)
			break;
		x -= 0x30303030u;			/* d0 d1 d2 d3 */
		x = (x * 10 + (x >> 8)) & 0x00FF00FFu;	/* d0d1, d2d3 */
		*m = *m * 10000 + (x & 0xFF) * 100 + (x >> 16);
		q += 4;
	}
#else
	(void)end;
	(void)m;
#endif
	return q;
}

#ifdef __GNUC__
__attribute__((always_inline))	/* it is the row loop's inner part */
#endif
static inline int
num_parse(const char *p, size_t n, struct agg_num *x)
{
	const unsigned char *q = (const unsigned char *)p, *end = q + n, *f;
	uint64_t m = 0;
	unsigned d;
	size_t nd;
	int neg, s = 0;

	if (n - 1 >= 19)		/* n == 0 or n > 19 */
		return num_parse_general(p, n, x);
	neg = *q == '-';
	q += neg;
	f = q;
	while (q < end && (d = (unsigned)*q - '0') < 10) {
		m = m * 10 + d;
		q++;
	}
	nd = (size_t)(q - f);
	if (q < end) {
		if (*q != '.')
			return num_parse_general(p, n, x);
		f = ++q;
		q = digits4(q, end, &m);
		while (q < end && (d = (unsigned)*q - '0') < 10) {
			m = m * 10 + d;
			q++;
		}
		if (q < end)
			return num_parse_general(p, n, x);
		s = (int)(end - f);
		nd += (size_t)s;
	}
	if (nd == 0 || nd > 18)
		return num_parse_general(p, n, x);
	x->s = s;
	if (m == 0) {
		x->m = 0;
		x->d = 0.0;
		return AGG_NUM_OK;
	}
	x->m = neg ? -(int64_t)m : (int64_t)m;
	if (m <= (1ull << 53)) {
		x->d = (double)m / p10d[s];
		if (neg)
			x->d = -x->d;
	} else {
		x->d = slow_strtod(p, n);
	}
	return AGG_NUM_OK;
}

int
agg_num_parse(const char *p, size_t n, struct agg_num *x)
{
	return num_parse(p, n, x);
}

static int
num_parse_general(const char *p, size_t n, struct agg_num *x)
{
	const char *q = p, *end = p + n;
	uint64_t m = 0;
	int64_t scale = 0, exp = 0, s;
	int neg = 0, ndig = 0, any = 0, drop = -1, sticky = 0, eneg = 0;
	unsigned d;

	if (q < end && (*q == '-' || *q == '+'))
		neg = *q++ == '-';
	for (; q < end && (d = (unsigned)(*q - '0')) < 10; q++) {
		any = 1;
		if (ndig < 18) {
			if (m != 0 || d != 0) {
				m = m * 10 + d;
				ndig++;
			}
		} else {
			scale--;
			if (drop < 0)
				drop = (int)d;
			else if (d != 0)
				sticky = 1;
		}
	}
	if (q < end && *q == '.') {
		for (q++; q < end && (d = (unsigned)(*q - '0')) < 10; q++) {
			any = 1;
			if (ndig < 18) {
				if (m != 0 || d != 0) {
					m = m * 10 + d;
					ndig++;
				}
				scale++;
			} else if (drop < 0) {
				drop = (int)d;
			} else if (d != 0) {
				sticky = 1;
			}
		}
	}
	if (!any)
		return AGG_NUM_BAD;
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < end && (*q == '-' || *q == '+'))
			eneg = *q++ == '-';
		if (q == end || (unsigned)(*q - '0') >= 10)
			return AGG_NUM_BAD;
		for (; q < end && (d = (unsigned)(*q - '0')) < 10; q++)
			if (exp < 1000000)
				exp = exp * 10 + d;
		if (eneg)
			exp = -exp;
	}
	if (q != end)
		return AGG_NUM_BAD;
	if (drop > 5 || (drop == 5 && (sticky || (m & 1)))) {
		m++;
		if (m == 1000000000000000000ull) {
			m /= 10;
			scale--;
		}
	}
	s = scale - exp;
	if (m == 0) {
		/* zero: +0, in the bucket of its written scale (clamped) */
		x->m = 0;
		x->s = (int32_t)(s > AGG_SCALE_MAX ? AGG_SCALE_MAX :
		    s < -AGG_SCALE_MAX ? -AGG_SCALE_MAX : s);
		x->d = 0.0;
		return AGG_NUM_OK;
	}
	if (s > AGG_SCALE_MAX || s < -AGG_SCALE_MAX)
		return AGG_NUM_RANGE;
	x->m = neg ? -(int64_t)m : (int64_t)m;
	x->s = (int32_t)s;
	if (drop < 0 && m <= (1ull << 53) && s >= -22 && s <= 22) {
		/* exact operands, one rounding: correctly rounded (Clinger) */
		x->d = s >= 0 ? (double)m / p10d[s] : (double)m * p10d[-s];
		if (neg)
			x->d = -x->d;
	} else {
		x->d = slow_strtod(p, n);
		if (isinf(x->d))
			return AGG_NUM_RANGE;
	}
	return AGG_NUM_OK;
}

static size_t
fmt_slow(char *buf, long double v)
{
	int n = snprintf(buf, AGG_FMT_MAX, "%.14Lg", v);

	if (n == 2 && buf[0] == '-' && buf[1] == '0') {
		buf[0] = '0';
		return 1;
	}
	return (size_t)n;
}

static const char digits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

size_t
agg_fmt_g14(char *buf, long double v)
{
	char dig[16];
	long double a, sc, frac;
	uint64_t u, bits;
	double ad;
	int e2, e10, k, i, last, neg;
	size_t o = 0;

	if (v == 0) {
		buf[0] = '0';
		return 1;
	}
	if (!isfinite(v))
		return fmt_slow(buf, v);
	neg = v < 0;
	a = neg ? -v : v;
	ad = (double)a;
	memcpy(&bits, &ad, sizeof(bits));
	e2 = (int)((bits >> 52) & 0x7ff) - 1022;   /* ad in [2^(e2-1), 2^e2) */
	/* floor(log10 a) is e10 or e10 + 1 */
	e10 = (int)floor((double)(e2 - 1) * 0.30102999566398120);
	k = 13 - e10;
	if (k > 27 || k < -26 || e2 <= -1000)
		return fmt_slow(buf, v);
	sc = k >= 0 ? a * p10l[k] : a / p10l[-k];
	if (sc >= 1e14L) {
		e10++;
		k--;
		sc = k >= 0 ? a * p10l[k] : a / p10l[-k];
	}
	if (sc < 1e13L || sc >= 1e14L)
		return fmt_slow(buf, v);
	u = (uint64_t)sc;
	frac = sc - (long double)u;
	/* SC is within 2^-18 of the exact product: decide only clear cases */
	if (frac > 0.4999L && frac < 0.5001L)
		return fmt_slow(buf, v);
	u += frac > 0.5L;
	if (u == 100000000000000ull) {
		u = 10000000000000ull;
		e10++;
	}
	for (i = 12; i >= 0; i -= 2) {
		memcpy(dig + i, digits2 + 2 * (u % 100), 2);
		u /= 100;
	}
	for (last = 13; last > 0 && dig[last] == '0'; last--)
		;
	if (neg)
		buf[o++] = '-';
	if (e10 < -4 || e10 >= 14) {
		buf[o++] = dig[0];
		if (last > 0) {
			buf[o++] = '.';
			for (i = 1; i <= last; i++)
				buf[o++] = dig[i];
		}
		buf[o++] = 'e';
		buf[o++] = e10 < 0 ? '-' : '+';
		k = e10 < 0 ? -e10 : e10;
		if (k >= 100)
			buf[o++] = (char)('0' + k / 100);
		buf[o++] = (char)('0' + k / 10 % 10);
		buf[o++] = (char)('0' + k % 10);
	} else if (e10 >= 0) {
		for (i = 0; i <= e10; i++)
			buf[o++] = dig[i];
		if (last > e10) {
			buf[o++] = '.';
			for (i = e10 + 1; i <= last; i++)
				buf[o++] = dig[i];
		}
	} else {
		buf[o++] = '0';
		buf[o++] = '.';
		for (i = e10 + 1; i < 0; i++)
			buf[o++] = '0';
		for (i = 0; i <= last; i++)
			buf[o++] = dig[i];
	}
	return o;
}

size_t
agg_fmt_double(char *buf, double d)
{
	int prec, n = 0;

	if (d == 0) {
		buf[0] = '0';
		return 1;
	}
	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(buf, AGG_FMT_MAX, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return (size_t)n;
}

size_t
agg_fmt_fixed(char *out, const char *s, size_t n, int d)
{
	char dig[AGG_FMT_MAX], kept[AGG_FIXED_MAX];
	const char *p = s, *end = s + n;
	size_t nd = 0, nk = 0, o = 0, i, lead;
	long pt = -1, e = 0, es = 1, j, first;
	int neg = 0, nonzero = 0, carry;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	/* the digits DIG[0, nd), and the point: value = 0.DIG x 10^pt */
	for (; p < end && nd < sizeof(dig); p++) {
		if (*p >= '0' && *p <= '9')
			dig[nd++] = *p;
		else if (*p == '.' && pt < 0)
			pt = (long)nd;
		else
			break;
	}
	if (pt < 0)
		pt = (long)nd;
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (++p < end && (*p == '+' || *p == '-'))
			es = *p++ == '-' ? -1 : 1;
		for (; p < end && *p >= '0' && *p <= '9' && e < 100000; p++)
			e = 10 * e + (*p - '0');
	}
	pt += es * e;
	if (nd == 0 || p != end || d < 0 || d > AGG_DECIMALS_MAX ||
	    pt > AGG_FIXED_MAX - AGG_DECIMALS_MAX - 8) {
		n = n < AGG_FIXED_MAX ? n : AGG_FIXED_MAX;	/* not a number */
		memcpy(out, s, n);
		return n;
	}
	/*
	 * KEPT: the digits at positions [first, pt + d), a position below 0
	 * or past the last digit being a 0, at least one before the point;
	 * the digit at pt + d rounds them, half away from zero.
	 */
	first = pt > 0 ? 0 : pt - 1;
	for (j = first; j < pt + d; j++)
		kept[nk++] = j >= 0 && (size_t)j < nd ? dig[j] : '0';
	j = pt + d;
	carry = j >= 0 && (size_t)j < nd && dig[j] >= '5';
	for (i = nk; carry && i-- > 0;) {
		if (kept[i] == '9') {
			kept[i] = '0';
		} else {
			kept[i]++;
			carry = 0;
		}
	}
	for (i = 0; i < nk; i++)
		nonzero |= kept[i] != '0';
	if (neg && (nonzero || carry))
		out[o++] = '-';
	if (carry)
		out[o++] = '1';
	/* the integer digits are KEPT[0, pt - first): no leading zeros */
	for (lead = 0; !carry && lead + 1 < (size_t)(pt - first) &&
	    kept[lead] == '0'; lead++)
		;
	for (i = lead; i < (size_t)(pt - first); i++)
		out[o++] = kept[i];
	if (d > 0) {
		out[o++] = '.';
		for (; i < nk; i++)
			out[o++] = kept[i];
	}
	return o;
}

/* ------------------------------------------------------- operation names */

struct opname {
	const char	*name;
	enum agg_kind	 kind;
};

static const struct opname opnames[] = {
	{ "count", AGG_COUNT }, { "sum", AGG_SUM }, { "mean", AGG_MEAN },
	{ "min", AGG_MIN }, { "max", AGG_MAX }, { "median", AGG_MEDIAN },
	{ "q1", AGG_Q1 }, { "q3", AGG_Q3 }, { "stdev", AGG_STDEV },
	{ "var", AGG_VAR }, { "pstdev", AGG_PSTDEV }, { "pvar", AGG_PVAR },
	{ "mode", AGG_MODE }, { "distinct", AGG_DISTINCT },
	{ "first", AGG_FIRST }, { "last", AGG_LAST },
	{ "collapse", AGG_COLLAPSE }, { "share", AGG_SHARE },
};
#define NOPNAMES (sizeof(opnames) / sizeof(opnames[0]))

/* other tools' names for our operations */
static const struct {
	const char *alias, *use;
} aliases[] = {
	{ "avg", "mean" }, { "average", "mean" }, { "mu", "mean" },
	{ "sd", "stdev" }, { "std", "stdev" }, { "sstdev", "stdev" },
	{ "stddev", "stdev" }, { "sdev", "stdev" }, { "svar", "var" },
	{ "variance", "var" }, { "popstdev", "pstdev" }, { "popvar", "pvar" },
	{ "countunique", "distinct" }, { "unique", "distinct" },
	{ "nunique", "distinct" }, { "uniq", "distinct" },
	{ "ndistinct", "distinct" }, { "n", "count" }, { "rows", "count" },
	{ "size", "count" }, { "total", "sum" }, { "minimum", "min" },
	{ "maximum", "max" }, { "med", "median" }, { "q2", "median" },
	{ "concat", "collapse" }, { "join", "collapse" }, { "list", "collapse" },
	{ "perc", "pNN, e.g. p90" }, { "percentile", "pNN, e.g. p90" },
	{ "quantile", "pNN, e.g. p90" }, { "frac", "share" },
	{ "fraction", "share" }, { "prop", "share" }, { "proportion", "share" },
	{ "countif", "share" }, { "ratio", "share" }, { "firstvalue", "first" },
	{ "lastvalue", "last" }, { "antimode", "mode" },
};

const char *
agg_op_names(void)
{
	return "count sum mean min max median q1 q3 pNN stdev var pstdev "
	    "pvar mode distinct first last collapse share";
}

/* optimal string alignment distance (a swap of two letters costs 1) */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, c, best;
	size_t d[32][32];

	if (la > 30 || lb > 30)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] != b[j - 1];
			best = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

/* pNN with NN 0..100 written without leading zeros: the percent, or -1 */
static int
parse_pct(const char *p, size_t n)
{
	int v = 0;
	size_t i;

	if (n < 2 || n > 4 || p[0] != 'p' || (n > 2 && p[1] == '0'))
		return -1;
	for (i = 1; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v <= 100 ? v : -1;
}

static int
lookup_op(const char *p, size_t n, enum agg_kind *kind, int *pct)
{
	size_t i;

	for (i = 0; i < NOPNAMES; i++)
		if (strlen(opnames[i].name) == n &&
		    memcmp(opnames[i].name, p, n) == 0) {
			*kind = opnames[i].kind;
			return 0;
		}
	if ((*pct = parse_pct(p, n)) >= 0) {
		*kind = AGG_QUANTILE;
		return 0;
	}
	return -1;
}

static void
unknown_op(const char *op, const char *arg, struct nf_error *e)
{
	size_t i, best = 99, d;
	const char *use = NULL, *aliased;

	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].alias, op) == 0)
			use = aliases[i].use;
	if (use == NULL && op[0] == 'p' && op[1] >= '0' && op[1] <= '9')
		use = "pNN with NN a whole number 0..100, e.g. p90";
	aliased = use;
	for (i = 0; aliased == NULL && i < NOPNAMES; i++) {
		d = edit_distance(op, opnames[i].name);
		if (d < best && d <= (strlen(op) > 3 ? 2u : 1u)) {
			best = d;
			use = opnames[i].name;
		}
	}
	if (use != NULL)
		nf_error_set(e, NF_EUSAGE, NULL, 0,
		    "unknown operation '%s' in '%s' (try %s)", op, arg, use);
	else
		nf_error_set(e, NF_EUSAGE, NULL, 0,
		    "unknown operation '%s' in '%s' (operations: %s)", op, arg,
		    agg_op_names());
}

/* "COL_" + the operation's name part */
static char *
make_name(const char *col, const char *part)
{
	size_t lc = strlen(col), lp = strlen(part);
	char *s = nf_xmalloc(lc + lp + 2);

	memcpy(s, col, lc);
	s[lc] = '_';
	memcpy(s + lc + 1, part, lp + 1);
	return s;
}

/* the value escaped as on the wire */
static char *
escape_value(const char *v, size_t *len)
{
	size_t n = strlen(v), i, o = 0;
	char *s = nf_xmalloc(2 * n + 1);

	for (i = 0; i < n; i++) {
		switch (v[i]) {
		case '\t': s[o++] = '\\'; s[o++] = 't'; break;
		case '\n': s[o++] = '\\'; s[o++] = 'n'; break;
		case '\r': s[o++] = '\\'; s[o++] = 'r'; break;
		case '\\': s[o++] = '\\'; s[o++] = '\\'; break;
		default: s[o++] = v[i]; break;
		}
	}
	s[o] = '\0';
	*len = o;
	return s;
}

int
agg_spec_parse(struct agg_spec *sp, const char *arg, struct nf_error *e)
{
	const char *colon = strchr(arg, ':'), *col, *eq;
	size_t oplen = colon ? (size_t)(colon - arg) : strlen(arg), i;
	char op[64], part[256];

	memset(sp, 0, sizeof(*sp));
	if (oplen == 0 || oplen >= sizeof(op)) {
		nf_error_set(e, NF_EUSAGE, NULL, 0,
		    "'%s' is not an operation (OP:COLUMN, e.g. mean:compound)",
		    arg);
		return -1;
	}
	memcpy(op, arg, oplen);
	op[oplen] = '\0';
	if (colon == NULL && strcmp(op, "count") == 0) {
		sp->kind = AGG_COUNT;
		sp->name = nf_xstrdup("count");
		return 0;
	}
	if (lookup_op(op, oplen, &sp->kind, &sp->pct) == -1) {
		unknown_op(op, arg, e);
		return -1;
	}
	if (colon == NULL || colon[1] == '\0') {
		nf_error_set(e, NF_EUSAGE, NULL, 0,
		    "operation '%s' needs a column (%s:COLUMN%s)", op, op,
		    sp->kind == AGG_SHARE ? "=VALUE" : "");
		return -1;
	}
	col = colon + 1;
	if (sp->kind == AGG_SHARE) {
		eq = strchr(col, '=');
		if (eq == NULL || eq[1] == '\0') {
			nf_error_set(e, NF_EUSAGE, NULL, 0,
			    "'%s': share needs a value: share:COLUMN=VALUE",
			    arg);
			return -1;
		}
		sp->col = nf_xmemdup(col, (size_t)(eq - col));
		sp->match = escape_value(eq + 1, &sp->matchlen);
		i = 0;
		memcpy(part, "share_", 6);
		for (i = 0, oplen = 6; eq[1 + i] != '\0' &&
		    oplen < sizeof(part) - 1; i++) {
			char c = eq[1 + i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			else if (!((c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9')))
				c = '_';
			part[oplen++] = c;
		}
		part[oplen] = '\0';
	} else {
		sp->col = nf_xstrdup(col);
		if (sp->kind == AGG_QUANTILE)
			snprintf(part, sizeof(part), "p%d", sp->pct);
		else
			snprintf(part, sizeof(part), "%s", op);
	}
	if (!tsv_name_valid(sp->col, strlen(sp->col))) {
		nf_error_set(e, NF_EUSAGE, NULL, 0,
		    "'%s' in '%s' is not a column name ([a-z_][a-z0-9_]*)",
		    sp->col, arg);
		agg_spec_free(sp);
		return -1;
	}
	sp->name = make_name(sp->col, part);
	return 0;
}

int
agg_spec_from_state(struct agg_spec *sp, const char *statecol,
    struct nf_error *e)
{
	size_t n = strlen(statecol), i, lo;
	const char *share;
	char *name;
	int pct;

	memset(sp, 0, sizeof(*sp));
	if (n <= 6 || strcmp(statecol + n - 6, "_state") != 0)
		goto bad;
	name = nf_xmemdup(statecol, n - 6);
	n -= 6;
	if (strcmp(name, "count") == 0) {
		sp->kind = AGG_COUNT;
		sp->name = name;
		return 0;
	}
	for (i = 0; i < NOPNAMES; i++) {
		lo = strlen(opnames[i].name);
		if (opnames[i].kind == AGG_SHARE || n < lo + 2 ||
		    name[n - lo - 1] != '_' ||
		    strcmp(name + n - lo, opnames[i].name) != 0)
			continue;
		sp->kind = opnames[i].kind;
		sp->col = nf_xmemdup(name, n - lo - 1);
		sp->name = name;
		return 0;
	}
	for (lo = n; lo > 1; lo--)
		if (name[lo - 1] == '_')
			break;
	if (lo > 1 && (pct = parse_pct(name + lo, n - lo)) >= 0) {
		sp->kind = AGG_QUANTILE;
		sp->pct = pct;
		sp->col = nf_xmemdup(name, lo - 1);
		sp->name = name;
		return 0;
	}
	share = strstr(name + 1, "_share_");
	if (share != NULL && share[7] != '\0') {
		sp->kind = AGG_SHARE;
		sp->col = nf_xmemdup(name, (size_t)(share - name));
		sp->match = nf_xstrdup(share + 7);
		sp->matchlen = strlen(sp->match);
		sp->name = name;
		return 0;
	}
	free(name);
bad:
	nf_error_set(e, NF_EDATA, NULL, 0,
	    "column '%s' is not a partial state aggregate writes "
	    "(COLUMN_OP_state)", statecol);
	return -1;
}

void
agg_spec_free(struct agg_spec *sp)
{
	free(sp->col);
	free(sp->match);
	free(sp->name);
	memset(sp, 0, sizeof(*sp));
}

/* --------------------------------------------------------- accumulators */

/*
 * A single pass of numeric operations adds rows in batches of AGG_BATCH.
 * Random access to a few megabytes of hash slots and group records is what
 * a pass costs (a cache miss each, more than the rest of the row's work),
 * so the misses of a batch are made to overlap: when a row arrives its
 * key is hashed and its slot prefetched; when the batch is full every
 * row's group is found and its record prefetched; then the values are
 * added, in input order.  Numbers are parsed (and bad ones reported) on
 * arrival, so errors keep their order with the reader's.
 */
#define AGG_BATCH	128

struct brow {
	uint64_t	 hash;		/* of the group key */
	uint32_t	 koff, klen;	/* the key in agg.bkeys */
	uint32_t	 g;		/* its group, once known */
};

/* what a batched row has in a column */
enum { VAL_EMPTY, VAL_SKIPPED, VAL_NUM };

/*
 * Every group has one record of a->recsz bytes (one cache line for the
 * common operations) holding the accumulators the operations need, at
 * offsets fixed when the operations are known.  Kept values (median ...)
 * and value maps (mode, distinct) live outside the record.
 */

/* what a column's shared accumulators keep */
enum {
	NEED_NVAL = 1 << 0,	/* count:COL */
	NEED_XSUM = 1 << 1,	/* exact sums: sum mean var ... */
	NEED_SQ = 1 << 2,	/* ... and sums of squares */
	NEED_MIN = 1 << 3,
	NEED_MAX = 1 << 4,
	NEED_KEEP = 1 << 5,	/* every value: median q1 q3 pNN */
	NEED_SMAP = 1 << 6,	/* value -> count, by bytes: distinct */
	NEED_MODE = 1 << 7	/* value -> count, numbers by value: mode */
};
#define NEED_NUMERIC (NEED_XSUM | NEED_MIN | NEED_MAX | NEED_KEEP)

/* which accumulator an operation reads */
enum acc {
	ACC_ROWS, ACC_NVAL, ACC_XSUM, ACC_MIN, ACC_MAX, ACC_KEEP, ACC_SMAP,
	ACC_MODE, ACC_FIRST, ACC_LAST, ACC_COLLAPSE, ACC_SHARE
};

/*
 * Exact sum of m * 10^-s: one bucket per scale s as written ("2.50" is 250
 * at scale 2), the first inline.  Which bucket a value goes to depends on
 * its text only, so the buckets after any split are the same.
 */
struct xsum {
	uint64_t	n;
	uint64_t	lo, hi;		/* sum of m at scale, 128 bits */
	int32_t		scale;		/* INT32_MIN: no bucket yet */
	uint32_t	more;		/* further buckets (pool index), 0 none */
};

struct xbucket {
	int32_t		scale;
	uint32_t	next;
	uint64_t	lo, hi;
	uint64_t	sq[3];
};

/* one bucket, gathered for results and states */
struct bucket {
	int32_t		scale;
	uint64_t	lo, hi;
	uint64_t	sq[3];
};

/*
 * Kept values (median, q1, q3, pNN): 8 bytes a value and 8 a group.  The
 * values of group G lie together in VAL, at off[G] up to off[G + 1].  A
 * new value goes to a log of (group, value) pairs first, so adding touches
 * no group-specific memory; a full log is moved into VAL in one pass
 * (keep_merge).  The log holds a 32nd of the values (at least
 * KEEP_LOG_MIN once it has grown, below), so it adds 12 bytes for every 32
 * values; the price is that each value is moved some 15 to 33 times in all
 * (memmove of whole
 * runs: sequential, a few percent of a pass over 1 M rows).  Offsets are
 * 32 bits: up to 4 G kept values of one column (32 GB of doubles).
 *
 * The first log holds KEEP_LOG_FIRST values and each next one twice as
 * many, up to KEEP_LOG_MIN: a column that keeps a few values (a small
 * file, a fuzzer's input) then costs a few KB from malloc, not a 128 and
 * a 256 KB mapping made and unmapped for each run.
 */
#define KEEP_LOG_FIRST	1024
#define KEEP_LOG_MIN	32768
#define KEEP_LOG_PART	32
#define KEEP_MAX	UINT32_MAX

struct keep {
	double		*val;		/* n values, by group */
	size_t		 n, cap;
	uint32_t	*off;		/* ngrp + 1 run boundaries */
	uint32_t	*cnt;		/* per group, while moving the log */
	size_t		 ngrp, offcap;
	uint32_t	*lgid;		/* the log */
	double		*lval;
	size_t		 nlog, logcap;
	int		 sorted;	/* every run is sorted */
};

/*
 * value -> count.  Keys are 4 bytes of group id + the value: for distinct
 * the raw bytes; for mode (TYPED) 'N' + the double of a number, so that
 * 1.5 and 1.50 are one value, or 'T' + the raw bytes of anything else.
 */
struct smap {
	int		 typed;
	struct aggtab	 tab;
	uint64_t	*count;
	uint32_t	*next;		/* next entry of the group, +1; 0 end */
	size_t		 ecap;
	struct buf	 key;
};

/* a group's part of a value map (in the record) */
struct smrec {
	uint32_t	head;		/* first entry + 1 */
	uint32_t	best;		/* the mode entry + 1 */
	uint64_t	ndist;
};

/* a value with its position (first, last) */
struct vslot {
	uint64_t	 chunk, row;	/* row 0: no value yet */
	char		*p;
	uint32_t	 len, cap;
};

struct share {
	uint64_t	match, cnt;
};

struct col {
	char		*name;
	int		 icol;		/* index in the input row */
	unsigned	 need;
	int		 o_nval, o_xs, o_sq, o_min, o_max, o_sm, o_md; /* -1 */
	int		 bytes;		/* some operation reads the bytes */
	struct keep	 keep;
	struct smap	 sm;		/* distinct */
	struct smap	 md;		/* mode */
};

struct op {
	struct agg_spec	 sp;
	enum acc	 acc;
	int		 col;		/* index in agg.col; -1 for count rows */
	int		 feeder;	/* merge: its state feeds the accumulator */
	int		 same_as;	/* partial: state equals op same_as's, or -1 */
	int		 o_acc;		/* first/last/collapse/share: offset */
	struct buf	 st;		/* partial state being written */
};

struct agg {
	/* set up once, then only read */
	struct op	*op;
	size_t		 nop;
	struct col	*col;
	size_t		 ncol;
	char		**gcol;
	size_t		 ngcol;
	int		*gidx;
	int		 merge;
	uint64_t	 chunk;
	int		 skip_invalid;
	int		 decimals;	/* agg_set_decimals(), -1: none */
	size_t		 recsz;
	size_t		*ownop;		/* operations with their own state */
	size_t		 nownop;
	int		 batched;	/* single pass, numeric operations only */

	/* what the rows build */
	struct aggtab	 groups;
	char		*rec;		/* group records */
	size_t		 gcap;
	size_t		 rec_ready;	/* bytes of REC prefaulted */
	/* merge: where each group was first seen */
	uint64_t	*fs_chunk, *fs_row;
	/* merge: two groups first seen at one place (agg_seen_clash) */
	int		 clash;
	uint32_t	 clash_g1, clash_g2;
	/* merge: one group's state twice, the first time seen (agg_twice) */
	int		 twice;
	uint32_t	 twice_g;
	char		*twice_file;
	unsigned long	 twice_line;
	uint64_t	 twice_chunk, twice_row;
	/*
	 * A single pass: group G was first seen at row fs_lo[G] + 2^32 * the
	 * high part, which changes (rarely) at the groups listed in fs_hi;
	 * group ids are in first-seen order, so 4 bytes a group do.
	 */
	uint32_t	*fs_lo;
	struct fs_hi {
		uint32_t	 g;		/* from this group on ... */
		uint64_t	 hi;		/* ... rows >> 32 is this */
	}		*fs_hi;
	size_t		 nfs_hi;
	struct xbucket	*xb;
	size_t		 nxb, xbcap;
	struct buf	 key;
	struct buf	 tmp;
	uint64_t	 rowno;
	uint64_t	 skipped;
	char		*skip_file;
	unsigned long	 skip_line;
	const char	*skip_col;
	const char	**hdr;
	char		**hdr_own;
	size_t		 nhdr;
	char		**in_names;	/* merge: the expected input header */
	size_t		 nin;

	/* rows waiting to be added (batched) */
	struct brow	*brow;
	struct agg_num	*bnum;		/* per row and column */
	unsigned char	*bhas;		/* per row and column: VAL_* */
	size_t		 nb;
	struct buf	 bkeys;		/* the rows' group keys */
};

#define O_ROWS	0		/* every record starts with the row count */

static inline char *
rec_of(const struct agg *a, uint32_t g)
{
	return a->rec + (size_t)g * a->recsz;
}

#define AT(a, g, off, type)	((type *)(void *)(rec_of((a), (g)) + (off)))

/* ---- exact sums ---- */

static uint32_t
xbucket_new(struct agg *a, int32_t scale)
{
	if (a->nxb == 0)
		a->nxb = 1;		/* index 0 means none */
	if (a->nxb >= a->xbcap) {
		a->xbcap = a->xbcap ? 2 * a->xbcap : 64;
		a->xb = nf_xreallocarray(a->xb, a->xbcap, sizeof(*a->xb));
	}
	memset(&a->xb[a->nxb], 0, sizeof(a->xb[0]));
	a->xb[a->nxb].scale = scale;
	return (uint32_t)a->nxb++;
}

/* the bucket for SCALE in XS's list, created (in scale order) if needed */
static uint32_t
xbucket_find(struct agg *a, struct xsum *xs, int32_t scale)
{
	uint32_t *link = &xs->more, i, b;

	while ((i = *link) != 0 && a->xb[i].scale < scale)
		link = &a->xb[i].next;
	if (i != 0 && a->xb[i].scale == scale)
		return i;
	b = xbucket_new(a, scale);	/* may move a->xb (not XS) */
	a->xb[b].next = i;
	link = &xs->more;
	while (*link != i)
		link = &a->xb[*link].next;
	*link = b;
	return b;
}

static inline void
xsum_add(struct agg *a, struct xsum *xs, uint64_t *sq, int64_t m, int32_t s)
{
	uint32_t b;

	xs->n++;
	if (xs->scale == s || xs->scale == INT32_MIN) {
		xs->scale = s;
		add128_i64(&xs->lo, &xs->hi, m);
		if (sq != NULL)
			add_square(sq, m);
		return;
	}
	b = xbucket_find(a, xs, s);
	add128_i64(&a->xb[b].lo, &a->xb[b].hi, m);
	if (sq != NULL)
		add_square(a->xb[b].sq, m);
}

/* merge one bucket from a state; 1 on overflow */
static int
xsum_merge_bucket(struct agg *a, struct xsum *xs, uint64_t *sq,
    const struct bucket *bk)
{
	uint32_t b;
	int ovf = 0;

	if (xs->scale == bk->scale || xs->scale == INT32_MIN) {
		xs->scale = bk->scale;
		ovf |= add128(&xs->lo, &xs->hi, bk->lo, bk->hi);
		if (sq != NULL)
			ovf |= add192w(sq, bk->sq);
		return ovf;
	}
	b = xbucket_find(a, xs, bk->scale);
	ovf |= add128(&a->xb[b].lo, &a->xb[b].hi, bk->lo, bk->hi);
	if (sq != NULL)
		ovf |= add192w(a->xb[b].sq, bk->sq);
	return ovf;
}

/* the buckets of XS in scale order, into A->tmp; their number */
static size_t
xsum_buckets(struct agg *a, const struct xsum *xs, const uint64_t *sq,
    struct bucket **out)
{
	struct bucket bk, *v;
	size_t n = 0, i;
	uint32_t b;

	a->tmp.len = 0;
	if (xs->scale != INT32_MIN) {
		memset(&bk, 0, sizeof(bk));
		bk.scale = xs->scale;
		bk.lo = xs->lo;
		bk.hi = xs->hi;
		if (sq != NULL)
			memcpy(bk.sq, sq, sizeof(bk.sq));
		buf_add(&a->tmp, &bk, sizeof(bk));
		n++;
	}
	for (b = xs->more; b != 0; b = a->xb[b].next) {
		memset(&bk, 0, sizeof(bk));
		bk.scale = a->xb[b].scale;
		bk.lo = a->xb[b].lo;
		bk.hi = a->xb[b].hi;
		memcpy(bk.sq, a->xb[b].sq, sizeof(bk.sq));
		buf_add(&a->tmp, &bk, sizeof(bk));
		n++;
	}
	v = (struct bucket *)(void *)a->tmp.data;
	/* the list is in order; move the inline bucket to its place */
	for (i = 1; i < n && v[i - 1].scale > v[i].scale; i++) {
		bk = v[i - 1];
		v[i - 1] = v[i];
		v[i] = bk;
	}
	*out = v;
	return n;
}

/*
 * T = sum over buckets of sum_i * 10^(S - s_i), S the largest scale; with
 * Q, also the squares at scale 2S.  -1 if the bignum is too small.
 */
static int
xsum_exact(const struct bucket *v, size_t nb, struct big *t, struct big *q,
    int32_t *S)
{
	struct big x;
	size_t i;

	t->n = 0;
	t->neg = 0;
	if (q != NULL) {
		q->n = 0;
		q->neg = 0;
	}
	*S = nb > 0 ? v[nb - 1].scale : 0;
	for (i = 0; i < nb; i++) {
		big_from_i128(&x, v[i].lo, v[i].hi);
		if (big_mul_pow10(&x, *S - v[i].scale) == -1 ||
		    big_add(t, t, &x) == -1)
			return -1;
		if (q != NULL) {
			big_from_words(&x, v[i].sq, 3, 0);
			if (big_mul_pow10(&x, 2 * (*S - v[i].scale)) == -1 ||
			    big_add(q, q, &x) == -1)
				return -1;
		}
	}
	return 0;
}

/* ---- kept values ---- */

#define vmem_resize	aggtab_vresize

static void
vmem_free(void *p, size_t n)
{
	(void)aggtab_vresize(p, n, 0);
}

/*
 * Move the log into VAL.  Group G's run slides up by the number of logged
 * values of the groups before it (last group first, so nothing is
 * overwritten before it moved); then the logged values, last first, fill
 * the gap at the end of their group's run.  NG: groups so far (groups
 * created since the last move get empty runs at the end).
 */
static void
keep_merge(struct keep *k, size_t ng)
{
	size_t g, i, add, len, cap;
	double *src;

	if (ng + 1 > k->offcap) {
		cap = k->offcap ? 2 * k->offcap : 64;
		while (cap < ng + 1)
			cap *= 2;
		k->off = nf_xreallocarray(k->off, cap, sizeof(*k->off));
		k->cnt = nf_xreallocarray(k->cnt, cap, sizeof(*k->cnt));
		if (k->offcap == 0)
			k->off[0] = 0;
		k->offcap = cap;
	}
	for (g = k->ngrp; g < ng; g++)
		k->off[g + 1] = (uint32_t)k->n;
	k->ngrp = ng;
	if (k->nlog == 0)
		return;
	k->sorted = 0;
	if (k->n + k->nlog > k->cap) {
		/* a mapping that grows in place: no copy, no doubled peak */
		cap = k->cap ? k->cap : 4096;
		while (cap < k->n + k->nlog)
			cap *= 2;
		k->val = vmem_resize(k->val, k->cap * sizeof(double),
		    cap * sizeof(double));
		k->cap = cap;
	}
	aggtab_vprefault(k->val, k->n * sizeof(double),
	    (k->n + k->nlog) * sizeof(double));
	memset(k->cnt, 0, ng * sizeof(*k->cnt));
	for (i = 0; i < k->nlog; i++)
		k->cnt[k->lgid[i]]++;
	add = k->nlog;
	for (g = ng; g-- > 0 && add > 0;) {
		add -= k->cnt[g];	/* logged values of groups before G */
		len = k->off[g + 1] - k->off[g];
		src = k->val + k->off[g];
		if (len <= 4) {	/* a call costs more than these */
			for (i = len; i-- > 0;)
				src[i + add] = src[i];
		} else {
			memmove(src + add, src, len * sizeof(double));
		}
		/* G's new end */
		k->off[g + 1] += (uint32_t)add + k->cnt[g];
	}
	for (i = k->nlog; i-- > 0;)
		k->val[--k->off[k->lgid[i] + 1]] = k->lval[i];
	for (g = 0; g < ng; g++)
		k->off[g + 1] += k->cnt[g];
	k->n += k->nlog;
	k->nlog = 0;
}

/* the size of a grown log (keep_flush): a 32nd of the values, at least
 * KEEP_LOG_MIN */
static size_t
keep_log_size(const struct keep *k)
{
	size_t cap = k->n / KEEP_LOG_PART;

	return cap < KEEP_LOG_MIN ? KEEP_LOG_MIN : cap;
}

/* the log is full: move it into VAL, and let it grow with VAL */
static void
keep_flush(struct keep *k, size_t ng)
{
	size_t cap;

	if (k->n + k->nlog > KEEP_MAX - k->logcap)
		(void)nf_xmalloc(SIZE_MAX);	/* out of memory */
	keep_merge(k, ng);
	cap = k->n / KEEP_LOG_PART;
	if (cap < KEEP_LOG_MIN) {
		cap = k->logcap ? 2 * k->logcap : KEEP_LOG_FIRST;
		if (cap > KEEP_LOG_MIN)
			cap = KEEP_LOG_MIN;
	}
	if (cap > k->logcap) {
		k->lgid = vmem_resize(k->lgid, k->logcap *
		    sizeof(uint32_t), cap * sizeof(uint32_t));
		k->lval = vmem_resize(k->lval, k->logcap *
		    sizeof(double), cap * sizeof(double));
		k->logcap = cap;
	}
}

/* keep value V of group GID (NG groups so far) */
static inline void
keep_add(struct keep *k, uint32_t gid, double v, size_t ng)
{
	if (k->nlog == k->logcap)
		keep_flush(k, ng);
	k->lgid[k->nlog] = gid;
	k->lval[k->nlog++] = v;
}

/*
 * The most values one column may keep (for --merge, where a state item
 * "v*N" asks for N of them in a few bytes): what the 32-bit offsets can
 * address, and what physical memory can hold at 8 bytes a value (unless
 * agg_set_keep_limit() said otherwise).
 */
static uint64_t keep_limit_bytes, keep_limit_values;

void
agg_set_keep_limit(uint64_t bytes)
{
	keep_limit_bytes = bytes;
	keep_limit_values = 0;
}

static uint64_t
keep_limit(void)
{
	uint64_t lim = keep_limit_bytes;
	long pages, psz;

	if (keep_limit_values != 0)
		return keep_limit_values;
	if (lim == 0) {
		pages = sysconf(_SC_PHYS_PAGES);
		psz = sysconf(_SC_PAGESIZE);
		lim = pages > 0 && psz > 0 ? (uint64_t)pages * (uint64_t)psz :
		    UINT64_MAX;
	}
	lim /= sizeof(double);
	if (lim > KEEP_MAX - KEEP_LOG_MIN)
		lim = KEEP_MAX - KEEP_LOG_MIN;
	return keep_limit_values = lim;
}

/*
 * Keep CNT copies of V in group GID (a merged "v*N"), in bulk: a few go
 * through the log; many go straight into the group's run, after which the
 * runs of later groups are moved up once.  The caller has checked CNT
 * against keep_limit().
 */
static void
keep_add_n(struct keep *k, uint32_t gid, double v, uint64_t cnt, size_t ng)
{
	size_t i, at, end, cap;

	/*
	 * Grow the log as keep_add would: a state of many groups with
	 * "v*1500" each (a sentiment score of 0, say) otherwise took the bulk
	 * path every time, moving every later group's values for each group
	 * (quadratic: 18 s to merge 9 M values).  The bulk path is for CNT
	 * over a 32nd of the values kept: its move of at most N values is
	 * then at most 32 CNT, linear in all.
	 */
	while (cnt > k->logcap - k->nlog && k->logcap < keep_log_size(k))
		keep_flush(k, ng);
	if (cnt <= k->logcap - k->nlog) {
		for (i = 0; i < cnt; i++) {
			k->lgid[k->nlog + i] = gid;
			k->lval[k->nlog + i] = v;
		}
		k->nlog += (size_t)cnt;
		return;
	}
	keep_merge(k, ng);		/* empties the log */
	if (k->n + cnt > k->cap) {
		cap = k->cap ? k->cap : 4096;
		while (cap < k->n + cnt)
			cap *= 2;
		k->val = vmem_resize(k->val, k->cap * sizeof(double),
		    cap * sizeof(double));
		k->cap = cap;
	}
	aggtab_vprefault(k->val, k->n * sizeof(double),
	    (k->n + cnt) * sizeof(double));
	at = k->off[gid + 1];
	end = k->n;
	if (end > at)
		memmove(k->val + at + cnt, k->val + at,
		    (end - at) * sizeof(double));
	for (i = 0; i < cnt; i++)
		k->val[at + i] = v;
	for (i = gid + 1; i <= ng; i++)
		k->off[i] += (uint32_t)cnt;
	k->n += (size_t)cnt;
	k->sorted = 0;
}

static void
heap_sift(double *v, size_t i, size_t n)
{
	size_t c;
	double t;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (!(v[c] > v[i]))
			return;
		t = v[c];
		v[c] = v[i];
		v[i] = t;
		i = c;
	}
}

static void
sort_doubles(double *v, size_t n)
{
	size_t i, j, depth = 0, t;
	double p, x, a0, b0, c0;

	for (t = n; t > 1; t >>= 1)
		depth += 2;
	while (n > 16) {
		if (depth-- == 0) {
			/* heapsort for adversarial inputs */
			for (i = n / 2; i-- > 0;)
				heap_sift(v, i, n);
			for (i = n - 1; i > 0; i--) {
				x = v[0];
				v[0] = v[i];
				v[i] = x;
				heap_sift(v, 0, i);
			}
			return;
		}
		a0 = v[0];
		b0 = v[n / 2];
		c0 = v[n - 1];
		p = a0 < b0 ? (b0 < c0 ? b0 : (a0 < c0 ? c0 : a0)) :
		    (a0 < c0 ? a0 : (b0 < c0 ? c0 : b0));
		i = 0;
		j = n - 1;
		for (;;) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i >= j)
				break;
			x = v[i];
			v[i] = v[j];
			v[j] = x;
			i++;
			j--;
		}
		/* [0, j] and [j + 1, n): recurse into the smaller */
		if (j + 1 < n - j - 1) {
			sort_doubles(v, j + 1);
			v += j + 1;
			n -= j + 1;
		} else {
			sort_doubles(v + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* every value in its group's run, each run sorted */
static void
keep_prepare(struct keep *k, size_t ng)
{
	size_t g;

	keep_merge(k, ng);
	if (k->sorted)
		return;
	for (g = 0; g < ng && k->val != NULL; g++)
		sort_doubles(k->val + k->off[g], k->off[g + 1] - k->off[g]);
	k->sorted = 1;
}

/* group G's values, sorted: *N of them */
static const double *
keep_get(struct keep *k, size_t ng, uint32_t g, size_t *n)
{
	keep_prepare(k, ng);
	*n = k->off[g + 1] - k->off[g];
	/* (no value kept at all: no array, and never NULL + 0) */
	return k->val != NULL ? k->val + k->off[g] : NULL;
}
/*
 * The long double a kept double stands for.  A value read from a short
 * decimal ("4.7613") is a double that is not that decimal; datamash reads
 * the text as a long double.  Recover the shortest decimal m / 10^s
 * (m < 2^53, s <= 17) that reads back as D and divide in long double, which
 * gives the long double strtold would have given; anything else as it is.
 */
static long double
ld_of_double(double d)
{
	double a = fabs(d), x, m;
	long double v;
	int s;

	if (a == 0 || a >= 9007199254740992.0)
		return d;
	for (s = 0; s <= 17; s++) {
		x = a * p10d[s];
		if (x > 9007199254740992.0)
			break;
		m = (double)(int64_t)(x + 0.5);
		if (m / p10d[s] == a) {
			v = (long double)m / p10l[s];
			return d < 0 ? -v : v;
		}
	}
	return d;
}

/* type 7 (R's default, datamash's) quantile of sorted V[0..N-1] */
static long double
quantile(const double *v, size_t n, double p)
{
	double h;
	size_t fh;
	long double lo;

	if (n == 1)
		return ld_of_double(v[0]);
	h = (double)(n - 1) * p;
	fh = (size_t)floor(h);
	if (fh + 1 >= n)
		return ld_of_double(v[n - 1]);
	lo = ld_of_double(v[fh]);
	return lo + (long double)(h - (double)fh) *
	    (ld_of_double(v[fh + 1]) - lo);
}

static long double
median(const double *v, size_t n)
{
	if (n & 1)
		return ld_of_double(v[n / 2]);
	return (ld_of_double(v[n / 2 - 1]) + ld_of_double(v[n / 2])) / 2;
}

/* ---- value -> count maps ---- */

/* the mode's order of two typed keys: numbers first, by value, then bytes */
static int
key_before(const char *a, size_t la, const char *b, size_t lb)
{
	double x, y;
	int c;

	if (a[0] != b[0])
		return a[0] == 'N';
	if (a[0] == 'N') {
		memcpy(&x, a + 1, sizeof(x));
		memcpy(&y, b + 1, sizeof(y));
		return x < y;
	}
	c = memcmp(a + 1, b + 1, la < lb ? la - 1 : lb - 1);
	if (c != 0)
		return c < 0;
	return la < lb;
}

static const char *
smap_value(const struct smap *sm, uint32_t e, size_t *n)
{
	const char *k = aggtab_key(&sm->tab, e, n);

	*n -= 4;
	return k + 4;
}

/*
 * count value P[0..N) (NUM: its number, or NULL) CNT times in group GID;
 * -1 if its count would pass 2^64 - 1
 */
static int
smap_add(struct smap *sm, struct smrec *r, uint32_t gid, const char *p,
    size_t n, uint64_t cnt, const struct agg_num *num)
{
	uint32_t e, b;
	int is_new;
	const char *va, *vb;
	size_t la, lb;

	sm->key.len = 0;
	buf_add(&sm->key, &gid, 4);
	if (!sm->typed) {
		buf_add(&sm->key, p, n);
	} else if (num != NULL) {
		buf_addc(&sm->key, 'N');
		buf_add(&sm->key, &num->d, sizeof(num->d));
	} else {
		buf_addc(&sm->key, 'T');
		buf_add(&sm->key, p, n);
	}
	e = aggtab_intern(&sm->tab, sm->key.data, sm->key.len,
	    aggtab_hash(sm->key.data, sm->key.len), &is_new);
	if (is_new) {
		if (e >= sm->ecap) {
			sm->ecap = sm->ecap ? 2 * sm->ecap : 1024;
			sm->count = nf_xreallocarray(sm->count, sm->ecap,
			    sizeof(*sm->count));
			sm->next = nf_xreallocarray(sm->next, sm->ecap,
			    sizeof(*sm->next));
		}
		sm->count[e] = 0;
		sm->next[e] = r->head;
		r->head = e + 1;
		r->ndist++;
	}
	if (sm->count[e] > UINT64_MAX - cnt)
		return -1;
	sm->count[e] += cnt;
	if (!sm->typed)
		return 0;
	b = r->best;
	if (b == 0 || b == e + 1) {
		r->best = e + 1;
		return 0;
	}
	b--;
	if (sm->count[e] > sm->count[b]) {
		r->best = e + 1;
	} else if (sm->count[e] == sm->count[b]) {
		va = smap_value(sm, e, &la);
		vb = smap_value(sm, b, &lb);
		if (key_before(va, la, vb, lb))
			r->best = e + 1;
	}
	return 0;
}

/* ---- first, last ---- */

static void
vslot_set(struct vslot *s, uint64_t chunk, uint64_t row, const char *p,
    size_t n)
{
	if (n > s->cap) {
		s->cap = (uint32_t)(n < 16 ? 16 : n);
		s->p = nf_xrealloc(s->p, s->cap);
	}
	if (n > 0)
		memcpy(s->p, p, n);
	s->len = (uint32_t)n;
	s->chunk = chunk;
	s->row = row;
}

static int
pos_cmp(uint64_t c1, uint64_t r1, uint64_t c2, uint64_t r2)
{
	if (c1 != c2)
		return c1 < c2 ? -1 : 1;
	if (r1 != r2)
		return r1 < r2 ? -1 : 1;
	return 0;
}

static int
bytes_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	if (c != 0)
		return c;
	return la < lb ? -1 : la > lb;
}

/* ---- collapse: records (chunk, row, len, bytes) ---- */

static void
coll_add(struct buf *b, uint64_t chunk, uint64_t row, const char *p,
    size_t n)
{
	uint32_t len = (uint32_t)n;

	buf_reserve(b, 20 + n);
	memcpy(b->data + b->len, &chunk, 8);
	memcpy(b->data + b->len + 8, &row, 8);
	memcpy(b->data + b->len + 16, &len, 4);
	memcpy(b->data + b->len + 20, p, n);
	b->len += 20 + n;
}

struct coll_item {
	uint64_t	 chunk, row;
	const char	*p;
	uint32_t	 len;
};

static int
coll_item_cmp(const void *x, const void *y)
{
	const struct coll_item *a = x, *b = y;
	int c = pos_cmp(a->chunk, a->row, b->chunk, b->row);

	return c != 0 ? c : bytes_cmp(a->p, a->len, b->p, b->len);
}

/* the records of B in position order (into A->tmp); their number */
static size_t
coll_items(struct agg *a, const struct buf *b, struct coll_item **out)
{
	struct coll_item it, *v;
	size_t off = 0, n = 0, i;
	int sorted = 1;

	a->tmp.len = 0;
	while (off < b->len) {
		memcpy(&it.chunk, b->data + off, 8);
		memcpy(&it.row, b->data + off + 8, 8);
		memcpy(&it.len, b->data + off + 16, 4);
		it.p = b->data + off + 20;
		off += 20 + it.len;
		buf_add(&a->tmp, &it, sizeof(it));
		n++;
	}
	v = (struct coll_item *)(void *)a->tmp.data;
	for (i = 1; i < n && sorted; i++)
		sorted = coll_item_cmp(&v[i - 1], &v[i]) <= 0;
	if (!sorted)
		qsort(v, n, sizeof(*v), coll_item_cmp);
	*out = v;
	return n;
}

/* --------------------------------------------------------------- engine */

static int
find_col(struct agg *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->ncol; i++)
		if (strcmp(a->col[i].name, name) == 0)
			return (int)i;
	a->col = nf_xreallocarray(a->col, a->ncol + 1, sizeof(*a->col));
	memset(&a->col[a->ncol], 0, sizeof(a->col[0]));
	a->col[a->ncol].name = nf_xstrdup(name);
	a->col[a->ncol].icol = -1;
	return (int)a->ncol++;
}

static int
take(size_t *off, size_t n)
{
	int o = (int)*off;

	*off += (n + 7) & ~(size_t)7;
	return o;
}

/* the record layout: offsets of every accumulator */
static void
layout(struct agg *a)
{
	size_t off = 8, i;		/* O_ROWS first */
	struct col *c;
	struct op *o;

	for (i = 0; i < a->ncol; i++) {
		c = &a->col[i];
		c->o_nval = c->need & NEED_NVAL ? take(&off, 8) : -1;
		c->o_xs = c->need & NEED_XSUM ?
		    take(&off, sizeof(struct xsum)) : -1;
		c->o_sq = c->need & NEED_SQ ? take(&off, 24) : -1;
		/* with kept values, the smallest and largest are among them */
		c->o_min = (c->need & (NEED_MIN | NEED_KEEP)) == NEED_MIN ?
		    take(&off, 8) : -1;
		c->o_max = (c->need & (NEED_MAX | NEED_KEEP)) == NEED_MAX ?
		    take(&off, 8) : -1;
		c->o_sm = c->need & NEED_SMAP ?
		    take(&off, sizeof(struct smrec)) : -1;
		c->o_md = c->need & NEED_MODE ?
		    take(&off, sizeof(struct smrec)) : -1;
	}
	for (i = 0; i < a->nop; i++) {
		o = &a->op[i];
		switch (o->acc) {
		case ACC_FIRST:
		case ACC_LAST:
			o->o_acc = take(&off, sizeof(struct vslot));
			break;
		case ACC_COLLAPSE:
			o->o_acc = take(&off, sizeof(struct buf));
			break;
		case ACC_SHARE:
			o->o_acc = take(&off, sizeof(struct share));
			break;
		default:
			o->o_acc = -1;
			break;
		}
	}
	/* no padding: memory is what many groups cost (8-byte aligned) */
	a->recsz = off;
}

struct agg *
agg_new(const struct agg_spec *specs, size_t n, char *const *gcols,
    size_t ng, int merge, uint64_t chunk, int skip_invalid)
{
	struct agg *a = nf_xcalloc(1, sizeof(*a));
	struct op *o;
	size_t i, j;
	unsigned need;

	a->merge = merge;
	a->chunk = chunk;
	a->skip_invalid = skip_invalid;
	a->decimals = -1;
	a->ngcol = ng;
	/* the batch's keys; storage even without -g, where every key is
	 * empty but bkeys.data + 0 is still hashed (NULL + 0 is undefined) */
	buf_reserve(&a->bkeys, 64);
	a->gcol = nf_xcalloc(ng + 1, sizeof(char *));
	a->gidx = nf_xcalloc(ng + 1, sizeof(int));
	for (i = 0; i < ng; i++)
		a->gcol[i] = nf_xstrdup(gcols[i]);
	a->nop = n;
	a->op = nf_xcalloc(n + 1, sizeof(*a->op));
	for (i = 0; i < n; i++) {
		o = &a->op[i];
		o->sp = specs[i];
		o->sp.col = specs[i].col ? nf_xstrdup(specs[i].col) : NULL;
		o->sp.name = nf_xstrdup(specs[i].name);
		o->sp.match = specs[i].match ?
		    nf_xmemdup(specs[i].match, specs[i].matchlen) : NULL;
		o->col = o->sp.col ? find_col(a, o->sp.col) : -1;
		o->feeder = 1;
		o->same_as = -1;
		need = 0;
		switch (o->sp.kind) {
		case AGG_COUNT:
			o->acc = o->col < 0 ? ACC_ROWS : ACC_NVAL;
			need = o->col < 0 ? 0 : NEED_NVAL;
			break;
		case AGG_SUM:
		case AGG_MEAN:
			o->acc = ACC_XSUM;
			need = NEED_XSUM;
			break;
		case AGG_VAR:
		case AGG_STDEV:
		case AGG_PVAR:
		case AGG_PSTDEV:
			o->acc = ACC_XSUM;
			need = NEED_XSUM | NEED_SQ;
			break;
		case AGG_MIN:
			o->acc = ACC_MIN;
			need = NEED_MIN;
			break;
		case AGG_MAX:
			o->acc = ACC_MAX;
			need = NEED_MAX;
			break;
		case AGG_MEDIAN:
		case AGG_Q1:
		case AGG_Q3:
		case AGG_QUANTILE:
			o->acc = ACC_KEEP;
			need = NEED_KEEP;
			break;
		case AGG_MODE:
			o->acc = ACC_MODE;
			need = NEED_MODE;
			break;
		case AGG_DISTINCT:
			o->acc = ACC_SMAP;
			need = NEED_SMAP;
			break;
		case AGG_FIRST:
			o->acc = ACC_FIRST;
			break;
		case AGG_LAST:
			o->acc = ACC_LAST;
			break;
		case AGG_COLLAPSE:
			o->acc = ACC_COLLAPSE;
			break;
		case AGG_SHARE:
			o->acc = ACC_SHARE;
			break;
		}
		if (o->col >= 0)
			a->col[o->col].need |= need;
	}
	/* shared accumulators: the first operation feeds it in a merge */
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (a->op[j].col == a->op[i].col &&
			    a->op[j].acc == a->op[i].acc &&
			    (a->op[i].acc == ACC_XSUM ||
			    a->op[i].acc == ACC_KEEP ||
			    a->op[i].acc == ACC_SMAP)) {
				a->op[i].feeder = 0;
				a->op[i].same_as = (int)j;
				break;
			}
	layout(a);
	a->ownop = nf_xcalloc(n + 1, sizeof(size_t));
	for (i = 0; i < n; i++)
		if (a->op[i].o_acc >= 0)
			a->ownop[a->nownop++] = i;
	for (i = 0; i < n; i++)
		if (a->op[i].col >= 0 && a->op[i].acc >= ACC_SMAP)
			a->col[a->op[i].col].bytes = 1;
	aggtab_init(&a->groups);
	for (i = 0; i < a->ncol; i++) {
		aggtab_init(&a->col[i].sm.tab);
		aggtab_init(&a->col[i].md.tab);
		a->col[i].md.typed = 1;
	}
	return a;
}

static void
grow_groups(struct agg *a)
{
	size_t cap = a->gcap ? 2 * a->gcap : 64;

	a->rec = vmem_resize(a->rec, a->gcap * a->recsz, cap * a->recsz);
	if (a->merge) {	/* a single pass has one chunk: a->chunk */
		a->fs_chunk = nf_xreallocarray(a->fs_chunk, cap,
		    sizeof(uint64_t));
		a->fs_row = nf_xreallocarray(a->fs_row, cap, sizeof(uint64_t));
	} else {
		a->fs_lo = nf_xreallocarray(a->fs_lo, cap, sizeof(uint32_t));
	}
	a->gcap = cap;
}

/* a new group G first seen at (CHUNK, ROW) */
static void
new_group(struct agg *a, uint32_t g, uint64_t chunk, uint64_t row)
{
	const struct col *c;
	size_t i;

	if (g >= a->gcap)
		grow_groups(a);
	/* records are written in order: their pages 64 KB at a time */
	if ((g + 1) * a->recsz > a->rec_ready) {
		a->rec_ready = (g + 1) * a->recsz + 65536;
		if (a->rec_ready > a->gcap * a->recsz)
			a->rec_ready = a->gcap * a->recsz;
		aggtab_vprefault(a->rec, g * a->recsz, a->rec_ready);
	}
	memset(rec_of(a, g), 0, a->recsz);
	for (i = 0; i < a->ncol; i++) {
		c = &a->col[i];
		if (c->o_xs >= 0)
			AT(a, g, c->o_xs, struct xsum)->scale = INT32_MIN;
		if (c->o_min >= 0)
			*AT(a, g, c->o_min, double) = NAN;
		if (c->o_max >= 0)
			*AT(a, g, c->o_max, double) = NAN;
	}
	if (a->merge) {
		a->fs_chunk[g] = chunk;
		a->fs_row[g] = row;
		return;
	}
	if ((a->nfs_hi == 0 ? 0 : a->fs_hi[a->nfs_hi - 1].hi) != row >> 32) {
		a->fs_hi = nf_xreallocarray(a->fs_hi, a->nfs_hi + 1,
		    sizeof(*a->fs_hi));
		a->fs_hi[a->nfs_hi].g = g;
		a->fs_hi[a->nfs_hi++].hi = row >> 32;
	}
	a->fs_lo[g] = (uint32_t)row;
}

/* the row (of this run's chunk) where group G was first seen */
static uint64_t
first_row(const struct agg *a, uint32_t g)
{
	size_t lo = 0, hi = a->nfs_hi, mid;

	if (a->merge)
		return a->fs_row[g];
	/* the last change of the high part at or before G */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a->fs_hi[mid].g <= g)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo == 0 ? 0 : a->fs_hi[lo - 1].hi << 32) | a->fs_lo[g];
}

void
agg_set_decimals(struct agg *a, int d)
{
	a->decimals = d >= 0 && d <= AGG_DECIMALS_MAX ? d : -1;
}

void
agg_free(struct agg *a)
{
	size_t i, g, ng;
	struct col *c;
	struct op *o;

	if (a == NULL)
		return;
	free(a->twice_file);
	ng = a->groups.n;
	for (i = 0; i < a->ncol; i++) {
		c = &a->col[i];
		free(c->name);
		vmem_free(c->keep.val, c->keep.cap * sizeof(double));
		vmem_free(c->keep.lgid, c->keep.logcap * sizeof(uint32_t));
		vmem_free(c->keep.lval, c->keep.logcap * sizeof(double));
		free(c->keep.off);
		free(c->keep.cnt);
		aggtab_free(&c->sm.tab);
		free(c->sm.count);
		free(c->sm.next);
		buf_free(&c->sm.key);
		aggtab_free(&c->md.tab);
		free(c->md.count);
		free(c->md.next);
		buf_free(&c->md.key);
	}
	for (i = 0; i < a->nop; i++) {
		o = &a->op[i];
		for (g = 0; g < ng; g++) {
			if (o->acc == ACC_FIRST || o->acc == ACC_LAST)
				free(AT(a, g, o->o_acc, struct vslot)->p);
			else if (o->acc == ACC_COLLAPSE)
				buf_free(AT(a, g, o->o_acc, struct buf));
		}
		agg_spec_free(&o->sp);
		buf_free(&o->st);
	}
	for (i = 0; i < a->ngcol; i++)
		free(a->gcol[i]);
	for (i = 0; i < a->nhdr; i++)
		free(a->hdr_own[i]);
	for (i = 0; i < a->nin; i++)
		free(a->in_names[i]);
	free(a->in_names);
	free(a->hdr);
	free(a->hdr_own);
	free(a->gcol);
	free(a->gidx);
	free(a->col);
	free(a->op);
	free(a->ownop);
	vmem_free(a->rec, a->gcap * a->recsz);
	free(a->fs_chunk);
	free(a->fs_row);
	free(a->fs_lo);
	free(a->fs_hi);
	free(a->xb);
	free(a->skip_file);
	free(a->brow);
	free(a->bnum);
	free(a->bhas);
	buf_free(&a->bkeys);
	aggtab_free(&a->groups);
	buf_free(&a->key);
	buf_free(&a->tmp);
	free(a);
}

static char *
state_name(const char *name)
{
	size_t n = strlen(name);
	char *s = nf_xmalloc(n + 7);

	memcpy(s, name, n);
	memcpy(s + n, "_state", 7);
	return s;
}

const char *
agg_partial_name_clash(char *const *gcols, size_t ng,
    const struct agg_spec *sp, size_t n, const char **op)
{
	size_t i, j, len;

	*op = NULL;
	for (i = 0; i < ng; i++) {
		if (strcmp(gcols[i], "first_seen_state") == 0)
			return gcols[i];
		len = strlen(gcols[i]);
		for (j = 0; j < n; j++)
			if (len == strlen(sp[j].name) + 6 &&
			    strncmp(gcols[i], sp[j].name, len - 6) == 0 &&
			    strcmp(gcols[i] + len - 6, "_state") == 0) {
				*op = sp[j].name;
				return gcols[i];
			}
	}
	return NULL;
}

const char *
agg_name_twice(char *const *gcols, size_t ng, const struct agg_spec *sp,
    size_t n)
{
	size_t i, j, total = ng + n;
	const char *a, *b;

	/* a few columns: every pair is quicker than a table */
	for (i = 0; i < total; i++)
		for (j = i + 1; j < total; j++) {
			a = i < ng ? gcols[i] : sp[i - ng].name;
			b = j < ng ? gcols[j] : sp[j - ng].name;
			if (strcmp(a, b) == 0)
				return a;
		}
	return NULL;
}

size_t
agg_header(struct agg *a, int partial, const char *const **names)
{
	size_t i, k = 0;

	for (i = 0; i < a->nhdr; i++)
		free(a->hdr_own[i]);
	free(a->hdr);
	free(a->hdr_own);
	a->nhdr = a->ngcol + a->nop + (partial ? 1 : 0);
	a->hdr = nf_xcalloc(a->nhdr, sizeof(char *));
	a->hdr_own = nf_xcalloc(a->nhdr, sizeof(char *));
	for (i = 0; i < a->ngcol; i++, k++)
		a->hdr_own[k] = nf_xstrdup(a->gcol[i]);
	for (i = 0; i < a->nop; i++, k++)
		a->hdr_own[k] = partial ? state_name(a->op[i].sp.name) :
		    nf_xstrdup(a->op[i].sp.name);
	if (partial)
		a->hdr_own[k++] = nf_xstrdup("first_seen_state");
	for (i = 0; i < k; i++)
		a->hdr[i] = a->hdr_own[i];
	*names = a->hdr;
	return a->nhdr;
}

/* "a, b, c" (shortened) for messages */
static void
list_columns(const struct tsv_header *h, char *out, size_t cap)
{
	size_t i, o = 0;
	int n;

	out[0] = '\0';
	for (i = 0; i < h->n && o + 8 < cap; i++) {
		n = snprintf(out + o, cap - o, "%s%s", i ? ", " : "",
		    h->name[i]);
		if (n < 0 || (size_t)n >= cap - o) {
			snprintf(out + o, cap - o, ", ...");
			return;
		}
		o += (size_t)n;
	}
}

int
agg_bind(struct agg *a, const struct tsv_header *h, const char *file,
    unsigned long hline, struct nf_error *e)
{
	const char *const *names;
	char cols[256];
	size_t i, n;
	int k;

	if (a->merge) {
		/* the input must be exactly our partial-state header */
		n = agg_header(a, 1, &names);
		a->nin = n;
		a->in_names = nf_xcalloc(n, sizeof(char *));
		for (i = 0; i < n; i++)
			a->in_names[i] = nf_xstrdup(names[i]);
		if (h->n == 0 ||
		    strcmp(h->name[h->n - 1], "first_seen_state") != 0) {
			nf_error_set(e, NF_EDATA, file, 1,
			    "not a partial-state stream (no first_seen_state "
			    "column at the end; make it with aggregate "
			    "--partial)");
			return -1;
		}
		for (i = 0; i < n || i < h->n; i++) {
			if (i < n && i < h->n &&
			    strcmp(names[i], h->name[i]) == 0)
				continue;
			nf_error_set(e, NF_EDATA, file, 1,
			    "partial states do not match the operations: "
			    "column %zu is '%s', expected '%s'", i + 1,
			    i < h->n ? h->name[i] : "(none)",
			    i < n ? names[i] : "(none)");
			return -1;
		}
		return 0;
	}
	list_columns(h, cols, sizeof(cols));
	for (i = 0; i < a->ngcol; i++) {
		if ((k = tsv_header_find(h, a->gcol[i])) < 0) {
			nf_error_set(e, NF_EDATA, file, hline,
			    "no column '%s' in the input (columns: %s)",
			    a->gcol[i], cols);
			return -1;
		}
		a->gidx[i] = k;
	}
	for (i = 0; i < a->ncol; i++) {
		if ((k = tsv_header_find(h, a->col[i].name)) < 0) {
			nf_error_set(e, NF_EDATA, file, hline,
			    "no column '%s' in the input (columns: %s)",
			    a->col[i].name, cols);
			return -1;
		}
		a->col[i].icol = k;
	}
	/* batches: a single pass whose operations only read numbers */
	a->batched = a->nownop == 0;
	for (i = 0; i < a->ncol; i++)
		if (a->col[i].need & ~(unsigned)(NEED_NVAL | NEED_NUMERIC |
		    NEED_SQ))
			a->batched = 0;
	if (a->batched && a->brow == NULL) {
		a->brow = nf_xcalloc(AGG_BATCH, sizeof(*a->brow));
		a->bnum = nf_xcalloc(AGG_BATCH * (a->ncol + 1),
		    sizeof(*a->bnum));
		a->bhas = nf_xcalloc(AGG_BATCH * (a->ncol + 1), 1);
	}
	return 0;
}

size_t
agg_columns_needed(const struct agg *a)
{
	size_t i, need = 0;

	if (a->merge)
		return SIZE_MAX;
	for (i = 0; i < a->ngcol; i++)
		if ((size_t)a->gidx[i] + 1 > need)
			need = (size_t)a->gidx[i] + 1;
	for (i = 0; i < a->ncol; i++)
		if ((size_t)a->col[i].icol + 1 > need)
			need = (size_t)a->col[i].icol + 1;
	return need;
}

/* the group of ROW's key fields KEYIDX (NULL: the first ngcol fields) */
static inline uint32_t
group_of(struct agg *a, const struct tsv_row *row, const int *keyidx,
    int *is_new)
{
	const char *p;
	size_t n, i;
	int f;

	if (a->ngcol == 0) {
		p = "";
		n = 0;
	} else if (a->ngcol == 1) {
		f = keyidx ? keyidx[0] : 0;
		p = row->field[f];
		n = row->len[f];
	} else {
		a->key.len = 0;
		for (i = 0; i < a->ngcol; i++) {
			f = keyidx ? keyidx[i] : (int)i;
			if (i > 0)
				buf_addc(&a->key, '\t');
			buf_add(&a->key, row->field[f], row->len[f]);
		}
		p = a->key.data;
		n = a->key.len;
	}
	return aggtab_intern(&a->groups, p, n, aggtab_hash(p, n), is_new);
}

static int
bad_number(struct agg *a, const struct tsv_row *row, const struct col *c,
    const char *p, size_t n, int rc, struct nf_error *e)
{
	char shown[48];

	if (a->skip_invalid) {
		if (a->skipped++ == 0) {
			a->skip_file = nf_xstrdup(row->file ? row->file : "");
			a->skip_line = row->line;
			a->skip_col = c->name;
		}
		return 0;
	}
	nf_shown(shown, sizeof(shown), p, n);
	nf_error_set(e, NF_EDATA, row->file, row->line,
	    rc == AGG_NUM_RANGE ?
	    "column '%s': '%s' is out of range" :
	    "column '%s': '%s' is not a number (--skip-invalid skips it)",
	    c->name, shown);
	return -1;
}

/*
 * A row of a single pass with operations that read bytes (mode, distinct,
 * first, last, collapse, share): added at once.
 */
static int
add_row(struct agg *a, const struct tsv_row *row, struct nf_error *e)
{
	const struct col *c;
	struct agg_num x;
	struct op *o;
	struct share *sh;
	struct vslot *sl;
	const char *p;
	char *r;
	size_t i, k, n;
	uint32_t g;
	int is_new, rc;

	g = group_of(a, row, a->gidx, &is_new);
	a->rowno++;
	if (is_new)
		new_group(a, g, a->chunk, a->rowno);
	r = rec_of(a, g);
	(*(uint64_t *)(void *)(r + O_ROWS))++;
	for (i = 0; i < a->ncol; i++) {
		c = &a->col[i];
		p = row->field[c->icol];
		n = row->len[c->icol];
		if (c->need == 0 || n == 0)
			continue;	/* empty: no value */
		if (c->o_nval >= 0)
			(*(uint64_t *)(void *)(r + c->o_nval))++;
		rc = AGG_NUM_OK;
		if (c->need & (NEED_NUMERIC | NEED_MODE))
			rc = num_parse(p, n, &x);
		if (c->need & NEED_NUMERIC) {
			if (rc != AGG_NUM_OK) {
				if (bad_number(a, row, c, p, n, rc, e) == -1)
					return -1;
			} else {
				double *mn = (double *)(void *)(r + c->o_min);
				double *mx = (double *)(void *)(r + c->o_max);

				if (c->o_xs >= 0)
					xsum_add(a, (struct xsum *)(void *)
					    (r + c->o_xs), c->o_sq >= 0 ?
					    (uint64_t *)(void *)(r + c->o_sq) :
					    NULL, x.m, x.s);
				if (c->o_min >= 0 && !(x.d >= *mn))
					*mn = x.d;
				if (c->o_max >= 0 && !(x.d <= *mx))
					*mx = x.d;
				if (c->need & NEED_KEEP)
					keep_add(&a->col[i].keep, g, x.d,
					    a->groups.n);
			}
		}
		/* (a count of rows, one at a time, cannot pass 2^64) */
		if (c->o_sm >= 0)
			(void)smap_add(&a->col[i].sm, (struct smrec *)(void *)
			    (r + c->o_sm), g, p, n, 1, NULL);
		if (c->o_md >= 0)
			(void)smap_add(&a->col[i].md, (struct smrec *)(void *)
			    (r + c->o_md), g, p, n, 1,
			    rc == AGG_NUM_OK ? &x : NULL);
	}
	for (k = 0; k < a->nownop; k++) {
		o = &a->op[a->ownop[k]];
		p = row->field[a->col[o->col].icol];
		n = row->len[a->col[o->col].icol];
		if (n == 0)
			continue;
		switch (o->acc) {
		case ACC_FIRST:
			sl = (struct vslot *)(void *)(r + o->o_acc);
			if (sl->row == 0)
				vslot_set(sl, a->chunk, a->rowno, p, n);
			break;
		case ACC_LAST:
			sl = (struct vslot *)(void *)(r + o->o_acc);
			vslot_set(sl, a->chunk, a->rowno, p, n);
			break;
		case ACC_COLLAPSE:
			coll_add((struct buf *)(void *)(r + o->o_acc),
			    a->chunk, a->rowno, p, n);
			break;
		case ACC_SHARE:
			sh = (struct share *)(void *)(r + o->o_acc);
			sh->cnt++;
			if (n == o->sp.matchlen &&
			    memcmp(p, o->sp.match, n) == 0)
				sh->match++;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* a hint to fetch the cache line at P for writing */
static inline void
prefetch(const void *p)
{
#ifdef __GNUC__
	__builtin_prefetch(p, 1);
#else
	(void)p;
#endif
}

/* copy N bytes, reading only S[0..N): short keys without a libc call */
static inline void
copy_short(char *d, const char *s, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;

	if (n >= 8 && n <= 16) {
		memcpy(&x, s, 8);
		memcpy(&y, s + n - 8, 8);
		memcpy(d, &x, 8);
		memcpy(d + n - 8, &y, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(&u, s, 4);
		memcpy(&v, s + n - 4, 4);
		memcpy(d, &u, 4);
		memcpy(d + n - 4, &v, 4);
	} else {
		memcpy(d, s, n);
	}
}

/* add the batched rows: find their groups, then add their values */
static void
batch_run(struct agg *a)
{
	const struct agg_num *x;
	const unsigned char *has;
	const struct col *c;
	struct brow *b;
	size_t i, k;
	uint32_t g;
	char *r;
	int is_new;

	/* the slots came in on arrival: fetch the likely entries, records */
	for (i = 0; i < a->nb; i++) {
		b = &a->brow[i];
		g = aggtab_guess(&a->groups, b->hash, b->klen);
		if (g != UINT32_MAX) {
			prefetch(&a->groups.ent[g]);
			prefetch(rec_of(a, g));
			prefetch(rec_of(a, g) + a->recsz - 1);
		}
	}
	for (i = 0; i < a->nb; i++) {
		b = &a->brow[i];
		b->g = aggtab_intern(&a->groups, a->bkeys.data + b->koff,
		    b->klen, b->hash, &is_new);
		if (is_new)
			new_group(a, b->g, a->chunk, a->rowno + i + 1);
	}
	for (i = 0; i < a->nb; i++) {
		r = rec_of(a, a->brow[i].g);
		(*(uint64_t *)(void *)(r + O_ROWS))++;
		has = a->bhas + i * a->ncol;
		x = a->bnum + i * a->ncol;
		for (k = 0; k < a->ncol; k++, x++) {
			if (has[k] == VAL_EMPTY)
				continue;
			c = &a->col[k];
			if (c->o_nval >= 0)
				(*(uint64_t *)(void *)(r + c->o_nval))++;
			if (has[k] != VAL_NUM)
				continue;
			if (c->o_xs >= 0)
				xsum_add(a, (struct xsum *)(void *)
				    (r + c->o_xs), c->o_sq >= 0 ?
				    (uint64_t *)(void *)(r + c->o_sq) : NULL,
				    x->m, x->s);
			if (c->o_min >= 0 &&
			    !(x->d >= *(double *)(void *)(r + c->o_min)))
				*(double *)(void *)(r + c->o_min) = x->d;
			if (c->o_max >= 0 &&
			    !(x->d <= *(double *)(void *)(r + c->o_max)))
				*(double *)(void *)(r + c->o_max) = x->d;
			if (c->need & NEED_KEEP)
				keep_add(&a->col[k].keep, a->brow[i].g, x->d,
				    a->groups.n);
		}
	}
	a->rowno += a->nb;
	a->nb = 0;
	a->bkeys.len = 0;
}

/* a batched row: key hashed (slot prefetched), numbers parsed */
static int
batch_row(struct agg *a, const struct tsv_row *row, struct nf_error *e)
{
	struct brow *b = &a->brow[a->nb];
	struct agg_num *x = a->bnum + a->nb * a->ncol;
	unsigned char *has = a->bhas + a->nb * a->ncol;
	const struct col *c;
	const char *p;
	size_t i, n;
	int f, rc;

	b->koff = (uint32_t)a->bkeys.len;
	for (i = 0; i < a->ngcol; i++) {
		f = a->gidx[i];
		n = row->len[f];
		if (a->bkeys.cap - a->bkeys.len <= n + 16)
			buf_reserve(&a->bkeys, n + 16);
		if (i > 0)
			a->bkeys.data[a->bkeys.len++] = '\t';
		copy_short(a->bkeys.data + a->bkeys.len, row->field[f], n);
		a->bkeys.len += n;
	}
	b->klen = (uint32_t)(a->bkeys.len - b->koff);
	/*
	 * One key column: hash the field itself, not the copy just written
	 * (its overlapping stores cannot be forwarded to the hash's loads:
	 * a stall of a dozen cycles a row).
	 */
	b->hash = a->ngcol == 1 ?
	    aggtab_hash(row->field[a->gidx[0]], b->klen) :
	    aggtab_hash(a->bkeys.data + b->koff, b->klen);
	/* (no table before the first group: &NULL[0] is undefined) */
	if (a->groups.slot != NULL)
		prefetch(&a->groups.slot[b->hash & a->groups.mask]);
	for (i = 0; i < a->ncol; i++) {
		c = &a->col[i];
		p = row->field[c->icol];
		n = row->len[c->icol];
		if (n == 0 || c->need == 0) {
			has[i] = VAL_EMPTY;
			continue;
		}
		has[i] = VAL_NUM;
		if (!(c->need & NEED_NUMERIC))
			continue;	/* count:COL only */
		rc = num_parse(p, n, &x[i]);
		if (rc != AGG_NUM_OK) {
			if (bad_number(a, row, c, p, n, rc, e) == -1)
				return -1;
			has[i] = VAL_SKIPPED;
		}
	}
	if (++a->nb == AGG_BATCH)
		batch_run(a);
	return 0;
}

int
agg_add_row(struct agg *a, const struct tsv_row *row, struct nf_error *e)
{
	if (a->batched)
		return batch_row(a, row, e);
	return add_row(a, row, e);
}

int
agg_flush(struct agg *a, struct nf_error *e)
{
	(void)e;
	if (a->nb > 0)
		batch_run(a);
	return 0;
}

/* ------------------------------------------------------- state parsing */

struct cur {
	const char	*p, *end;
};

static int
cur_u64(struct cur *c, uint64_t *v)
{
	uint64_t x = 0;
	unsigned d;
	const char *s = c->p;

	while (c->p < c->end && (d = (unsigned)(*c->p - '0')) < 10) {
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
		c->p++;
	}
	if (c->p == s)
		return -1;
	*v = x;
	return 0;
}

static int
cur_char(struct cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 0;
	}
	return -1;
}

/* unsigned decimal into W[0..2] (192 bits) */
static int
cur_u192(struct cur *c, uint64_t *w)
{
	const char *s = c->p;
	uint64_t hi, lo, carry;
	unsigned d;
	int i;

	w[0] = w[1] = w[2] = 0;
	while (c->p < c->end && (d = (unsigned)(*c->p - '0')) < 10) {
		carry = d;
		for (i = 0; i < 3; i++) {
			agg_mul64(w[i], 10, &hi, &lo);
			lo += carry;
			hi += lo < carry;
			w[i] = lo;
			carry = hi;
		}
		if (carry != 0)
			return -1;
		c->p++;
	}
	return c->p == s ? -1 : 0;
}

/* signed decimal into a two's complement 128-bit (LO, HI) */
static int
cur_i128(struct cur *c, uint64_t *lo, uint64_t *hi)
{
	uint64_t w[3];
	int neg = cur_char(c, '-') == 0;

	if (cur_u192(c, w) == -1 || w[2] != 0 || (w[1] >> 63) != 0)
		return -1;
	*lo = w[0];
	*hi = w[1];
	if (neg) {
		*lo = ~*lo + 1;
		*hi = ~*hi + (*lo == 0);
	}
	return 0;
}

/* LEN:BYTES — a netstring without its comma; P and N point into the cell */
static int
cur_bytes(struct cur *c, const char **p, size_t *n)
{
	uint64_t len;

	if (cur_u64(c, &len) == -1 || cur_char(c, ':') == -1 ||
	    len > (uint64_t)(c->end - c->p))
		return -1;
	*p = c->p;
	*n = (size_t)len;
	c->p += len;
	return 0;
}

static int
cur_pos(struct cur *c, uint64_t *chunk, uint64_t *row)
{
	return (cur_u64(c, chunk) == -1 || cur_char(c, ':') == -1 ||
	    cur_u64(c, row) == -1 || *row == 0) ? -1 : 0;
}

/* one number of a state (min, max, kept values): exactly as written */
static int
cur_double(struct cur *c, double *d)
{
	struct agg_num x;
	const char *s = c->p;

	while (c->p < c->end && *c->p != ',' && *c->p != '*')
		c->p++;
	if (agg_num_parse(s, (size_t)(c->p - s), &x) != AGG_NUM_OK)
		return -1;
	*d = x.d;
	return 0;
}

/* *ACC += V; -1 (and ACC unchanged) if the sum does not fit */
static inline int
add_count(uint64_t *acc, uint64_t v)
{
	if (*acc > UINT64_MAX - v)
		return -1;
	*acc += v;
	return 0;
}

/* what is wrong with a state that merge_state() refuses */
enum {
	STATE_MALFORMED = -1,
	STATE_OVERFLOW = -2,	/* a count beyond 2^64 - 1 */
	STATE_TOO_MANY = -3	/* more kept values than could be held */
};

/* merge state P[0..N) of operation O into group G: 0 or a STATE_* */
static int
merge_state(struct agg *a, struct op *o, uint32_t g, const char *p, size_t n)
{
	struct cur c = { p, p + n };
	struct col *col = o->col >= 0 ? &a->col[o->col] : NULL;
	char *r = rec_of(a, g);
	struct bucket bk;
	uint64_t v, v2, ch, row, cnt;
	int64_t sc;
	const char *s;
	size_t len;
	double d, *m;
	struct vslot *sl;
	struct share *sh;
	int cmp, neg;

	switch (o->acc) {
	case ACC_ROWS:
		if (cur_u64(&c, &v) == -1)
			return -1;
		if (add_count((uint64_t *)(void *)(r + O_ROWS), v) == -1)
			return STATE_OVERFLOW;
		break;
	case ACC_NVAL:
		if (cur_u64(&c, &v) == -1)
			return -1;
		if (add_count((uint64_t *)(void *)(r + col->o_nval), v) == -1)
			return STATE_OVERFLOW;
		break;
	case ACC_XSUM:
		if (cur_u64(&c, &v) == -1)
			return -1;
		if (add_count(&((struct xsum *)(void *)(r + col->o_xs))->n,
		    v) == -1)
			return STATE_OVERFLOW;
		while (cur_char(&c, ';') == 0) {
			memset(&bk, 0, sizeof(bk));
			neg = cur_char(&c, '-') == 0;
			if (cur_u64(&c, &v2) == -1 || v2 > AGG_SCALE_MAX)
				return -1;
			sc = neg ? -(int64_t)v2 : (int64_t)v2;
			bk.scale = (int32_t)sc;
			if (cur_char(&c, ':') == -1 ||
			    cur_i128(&c, &bk.lo, &bk.hi) == -1)
				return -1;
			if (col->need & NEED_SQ) {
				if (cur_char(&c, ':') == -1 ||
				    cur_u192(&c, bk.sq) == -1)
					return -1;
			}
			if (xsum_merge_bucket(a,
			    (struct xsum *)(void *)(r + col->o_xs),
			    col->o_sq >= 0 ? (uint64_t *)(void *)(r + col->o_sq)
			    : NULL, &bk))
				return -1;
		}
		break;
	case ACC_MIN:
	case ACC_MAX:
		if (c.p == c.end)
			break;
		if (cur_double(&c, &d) == -1)
			return -1;
		if ((o->acc == ACC_MIN ? col->o_min : col->o_max) < 0)
			break;		/* from the kept values */
		m = (double *)(void *)(r + (o->acc == ACC_MIN ? col->o_min :
		    col->o_max));
		if (o->acc == ACC_MIN ? !(d >= *m) : !(d <= *m))
			*m = d;
		break;
	case ACC_KEEP:
		while (c.p < c.end) {
			if (cur_double(&c, &d) == -1)
				return -1;
			if (cur_char(&c, '*') == -1) {
				keep_add(&col->keep, g, d, a->groups.n);
			} else {
				/*
				 * "v*N": N copies.  A forged N must not be
				 * believed: check it before any memory is
				 * touched (the offsets of a group are 32
				 * bits, and every value costs 8 bytes).
				 */
				if (cur_u64(&c, &cnt) == -1 || cnt == 0)
					return -1;
				v = col->keep.n + col->keep.nlog;
				if (v > keep_limit() || cnt > keep_limit() - v)
					return STATE_TOO_MANY;
				keep_add_n(&col->keep, g, d, cnt,
				    a->groups.n);
			}
			if (c.p < c.end && cur_char(&c, ',') == -1)
				return -1;
		}
		break;
	case ACC_SMAP:
	case ACC_MODE:
		while (c.p < c.end) {
			struct agg_num x;

			if (cur_u64(&c, &cnt) == -1 || cnt == 0 ||
			    cur_char(&c, '*') == -1 ||
			    cur_bytes(&c, &s, &len) == -1 || len == 0 ||
			    cur_char(&c, ',') == -1)
				return -1;
			if (o->acc == ACC_SMAP ?
			    smap_add(&col->sm, (struct smrec *)(void *)
			    (r + col->o_sm), g, s, len, cnt, NULL) :
			    smap_add(&col->md, (struct smrec *)(void *)
			    (r + col->o_md), g, s, len, cnt,
			    agg_num_parse(s, len, &x) == AGG_NUM_OK ?
			    &x : NULL))
				return STATE_OVERFLOW;
		}
		break;
	case ACC_FIRST:
	case ACC_LAST:
		if (c.p == c.end)
			break;
		if (cur_pos(&c, &ch, &row) == -1 || cur_char(&c, ':') == -1 ||
		    cur_bytes(&c, &s, &len) == -1 || len == 0)
			return -1;
		sl = (struct vslot *)(void *)(r + o->o_acc);
		cmp = sl->row == 0 ? 0 : pos_cmp(ch, row, sl->chunk, sl->row);
		if (cmp == 0 && sl->row != 0)
			cmp = bytes_cmp(s, len, sl->p, sl->len);
		if (sl->row == 0 || (o->acc == ACC_FIRST && cmp < 0) ||
		    (o->acc == ACC_LAST && cmp > 0))
			vslot_set(sl, ch, row, s, len);
		break;
	case ACC_COLLAPSE:
		while (c.p < c.end) {
			if (cur_pos(&c, &ch, &row) == -1 ||
			    cur_char(&c, ':') == -1 ||
			    cur_bytes(&c, &s, &len) == -1 || len == 0 ||
			    cur_char(&c, ',') == -1)
				return -1;
			coll_add((struct buf *)(void *)(r + o->o_acc), ch, row,
			    s, len);
		}
		break;
	case ACC_SHARE:
		if (cur_u64(&c, &v) == -1 || cur_char(&c, '/') == -1 ||
		    cur_u64(&c, &v2) == -1 || v > v2)
			return -1;
		sh = (struct share *)(void *)(r + o->o_acc);
		if (sh->cnt > UINT64_MAX - v2)
			return STATE_OVERFLOW;
		sh->match += v;		/* <= cnt */
		sh->cnt += v2;
		break;
	}
	return c.p == c.end ? 0 : -1;
}

/* a header line inside the stream (partials concatenated): 1, or -1 */
static int
repeated_header(struct agg *a, const struct tsv_row *row, struct nf_error *e)
{
	size_t i, last = row->n - 1;

	if (row->len[last] != 16 ||
	    memcmp(row->field[last], "first_seen_state", 16) != 0)
		return 0;
	for (i = 0; i < row->n; i++)
		if (strlen(a->in_names[i]) != row->len[i] ||
		    memcmp(a->in_names[i], row->field[i], row->len[i]) != 0) {
			nf_error_set(e, NF_EDATA, row->file, row->line,
			    "a repeated header line differs from the first "
			    "one (column %zu)", i + 1);
			return -1;
		}
	return 1;
}

int
agg_merge_row(struct agg *a, const struct tsv_row *row, struct nf_error *e)
{
	struct cur c;
	uint64_t ch, r;
	uint32_t g;
	size_t i, f;
	int is_new, rc;
	char shown[48];

	if ((rc = repeated_header(a, row, e)) != 0)
		return rc == 1 ? 0 : -1;
	c.p = row->field[row->n - 1];
	c.end = c.p + row->len[row->n - 1];
	if (cur_pos(&c, &ch, &r) == -1 || c.p != c.end) {
		nf_error_set(e, NF_EDATA, row->file, row->line,
		    "column 'first_seen_state': malformed position "
		    "(CHUNK:ROW expected)");
		return -1;
	}
	g = group_of(a, row, NULL, &is_new);
	if (is_new) {
		new_group(a, g, ch, r);
	} else if ((rc = pos_cmp(ch, r, a->fs_chunk[g], a->fs_row[g])) < 0) {
		a->fs_chunk[g] = ch;
		a->fs_row[g] = r;
	} else if (rc == 0 && !a->twice) {
		/*
		 * The group first seen at one place in two states: one
		 * chunk's rows counted twice (a state file given twice), or
		 * two runs numbered alike.  Noted for agg_twice().  (Only
		 * against the earliest place so far: a state given twice
		 * after an earlier chunk's passes unseen.)
		 */
		a->twice = 1;
		a->twice_g = g;
		a->twice_chunk = ch;
		a->twice_row = r;
		a->twice_file = nf_xstrdup(row->file ? row->file : "");
		a->twice_line = row->line;
	}
	for (i = 0; i < a->nop; i++) {
		if (!a->op[i].feeder)
			continue;
		f = a->ngcol + i;
		rc = merge_state(a, &a->op[i], g, row->field[f], row->len[f]);
		if (rc == 0)
			continue;
		nf_shown(shown, sizeof(shown), row->field[f], row->len[f]);
		if (rc == STATE_TOO_MANY)
			nf_error_set(e, NF_EDATA, row->file, row->line,
			    "column '%s_state': partial state '%s' holds "
			    "more values than one column can keep (at most "
			    "%llu here): not a real state",
			    a->op[i].sp.name, shown,
			    (unsigned long long)keep_limit());
		else if (rc == STATE_OVERFLOW)
			nf_error_set(e, NF_EDATA, row->file, row->line,
			    "column '%s_state': partial state '%s': the "
			    "group's count passes 2^64 - 1", a->op[i].sp.name,
			    shown);
		else
			nf_error_set(e, NF_EDATA, row->file, row->line,
			    "column '%s_state': malformed partial state '%s'",
			    a->op[i].sp.name, shown);
		return -1;
	}
	return 1;
}

/* ---------------------------------------------------------------- output */

static void
put_num(struct tsv_writer *w, long double v)
{
	char b[AGG_FMT_MAX];

	tsv_put_raw(w, b, agg_fmt_g14(b, v));
}

/* a statistic an operation computes: with a->decimals decimals if set */
static void
put_stat(struct agg *a, struct tsv_writer *w, long double v)
{
	char b[AGG_FMT_MAX], f[AGG_FIXED_MAX];
	size_t n = agg_fmt_g14(b, v);

	if (a->decimals < 0)
		tsv_put_raw(w, b, n);
	else
		tsv_put_raw(w, f, agg_fmt_fixed(f, b, n, a->decimals));
}

static void
put_u64(struct buf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_add(b, tmp + i, sizeof(tmp) - i);
}

static void
put_words(struct buf *b, const uint64_t *w, int nw, int neg)
{
	struct big x;
	char tmp[10 * BIG_LIMBS + 2];

	big_from_words(&x, w, nw, neg);
	buf_add(b, tmp, big_to_dec(&x, tmp));
}

static void
put_i128(struct buf *b, uint64_t lo, uint64_t hi)
{
	struct big x;
	char tmp[10 * BIG_LIMBS + 2];

	big_from_i128(&x, lo, hi);
	buf_add(b, tmp, big_to_dec(&x, tmp));
}

static void
put_double(struct buf *b, double d)
{
	char tmp[AGG_FMT_MAX];

	buf_add(b, tmp, agg_fmt_double(tmp, d));
}

static void
put_pos(struct buf *b, uint64_t chunk, uint64_t row)
{
	put_u64(b, chunk);
	buf_addc(b, ':');
	put_u64(b, row);
}

/* distinct: byte order; mode: numbers by value, then text by bytes */
static int
smap_entry_cmp(uint32_t a, uint32_t b, const struct smap *sm)
{
	size_t la, lb;
	const char *pa = smap_value(sm, a, &la), *pb = smap_value(sm, b, &lb);

	if (!sm->typed)
		return bytes_cmp(pa, la, pb, lb);
	if (key_before(pa, la, pb, lb))
		return -1;
	return key_before(pb, lb, pa, la);
}

/* C11 qsort takes no context: a small merge sort of entry ids by bytes */
static void
sort_entries(uint32_t *v, size_t n, const struct smap *sm, uint32_t *tmp)
{
	size_t i, j, k, mid;
	uint32_t x;

	if (n <= 12) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (j = i; j > 0 && smap_entry_cmp(v[j - 1], x, sm) > 0;
			    j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	mid = n / 2;
	sort_entries(v, mid, sm, tmp);
	sort_entries(v + mid, n - mid, sm, tmp);
	for (i = 0, j = mid, k = 0; i < mid || j < n;)
		if (j == n || (i < mid && smap_entry_cmp(v[i], v[j], sm) <= 0))
			tmp[k++] = v[i++];
		else
			tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* group G's smallest (MIN) or largest value of COL; NaN: none */
static double
min_max(struct agg *a, struct col *col, uint32_t g, int min)
{
	const double *v;
	size_t n;
	int off = min ? col->o_min : col->o_max;

	if (off >= 0)
		return *AT(a, g, off, double);
	v = keep_get(&col->keep, a->groups.n, g, &n);
	return n == 0 ? NAN : min ? v[0] : v[n - 1];
}

static void
write_state(struct agg *a, struct op *o, uint32_t g, struct buf *b)
{
	struct col *col = o->col >= 0 ? &a->col[o->col] : NULL;
	const char *r = rec_of(a, g);
	const struct xsum *xs;
	const struct smrec *sr;
	const struct vslot *sl;
	const struct share *sh;
	const struct smap *sm;
	struct bucket *bk;
	struct coll_item *it;
	size_t n, i, j, len;
	const char *p;
	char num[AGG_FMT_MAX];
	uint32_t e, *ent;
	const double *v;
	double d;

	b->len = 0;
	switch (o->acc) {
	case ACC_ROWS:
		put_u64(b, *(const uint64_t *)(const void *)(r + O_ROWS));
		break;
	case ACC_NVAL:
		put_u64(b, *(const uint64_t *)(const void *)(r + col->o_nval));
		break;
	case ACC_XSUM:
		xs = (const struct xsum *)(const void *)(r + col->o_xs);
		put_u64(b, xs->n);
		n = xsum_buckets(a, xs, col->o_sq >= 0 ?
		    (const uint64_t *)(const void *)(r + col->o_sq) : NULL, &bk);
		for (i = 0; i < n; i++) {
			buf_addc(b, ';');
			if (bk[i].scale < 0)
				buf_addc(b, '-');
			put_u64(b, (uint64_t)(bk[i].scale < 0 ?
			    -(int64_t)bk[i].scale : bk[i].scale));
			buf_addc(b, ':');
			put_i128(b, bk[i].lo, bk[i].hi);
			if (col->need & NEED_SQ) {
				buf_addc(b, ':');
				put_words(b, bk[i].sq, 3, 0);
			}
		}
		break;
	case ACC_MIN:
	case ACC_MAX:
		d = min_max(a, col, g, o->acc == ACC_MIN);
		if (!isnan(d))
			put_double(b, d);
		break;
	case ACC_KEEP:
		v = keep_get(&col->keep, a->groups.n, g, &n);
		for (i = 0; i < n; i = j) {
			for (j = i + 1; j < n && v[j] == v[i]; j++)
				;
			if (i > 0)
				buf_addc(b, ',');
			put_double(b, v[i]);
			if (j - i > 1) {
				buf_addc(b, '*');
				put_u64(b, j - i);
			}
		}
		break;
	case ACC_SMAP:
	case ACC_MODE:
		sm = o->acc == ACC_SMAP ? &col->sm : &col->md;
		sr = (const struct smrec *)(const void *)(r + (o->acc ==
		    ACC_SMAP ? col->o_sm : col->o_md));
		n = (size_t)sr->ndist;
		a->tmp.len = 0;
		buf_reserve(&a->tmp, 2 * n * sizeof(uint32_t));
		ent = (uint32_t *)(void *)a->tmp.data;
		for (i = 0, e = sr->head; e != 0; e = sm->next[e - 1])
			ent[i++] = e - 1;
		sort_entries(ent, n, sm, ent + n);
		for (i = 0; i < n; i++) {
			p = smap_value(sm, ent[i], &len);
			if (sm->typed && p[0] == 'N') {
				/* a number: as text that reads back the same */
				memcpy(&d, p + 1, sizeof(d));
				len = agg_fmt_double(num, d);
				p = num;
			} else if (sm->typed) {
				p++;
				len--;
			}
			put_u64(b, sm->count[ent[i]]);
			buf_addc(b, '*');
			put_u64(b, len);
			buf_addc(b, ':');
			buf_add(b, p, len);
			buf_addc(b, ',');
		}
		break;
	case ACC_FIRST:
	case ACC_LAST:
		sl = (const struct vslot *)(const void *)(r + o->o_acc);
		if (sl->row == 0)
			break;
		put_pos(b, sl->chunk, sl->row);
		buf_addc(b, ':');
		put_u64(b, sl->len);
		buf_addc(b, ':');
		buf_add(b, sl->p, sl->len);
		break;
	case ACC_COLLAPSE:
		n = coll_items(a, (const struct buf *)(const void *)
		    (r + o->o_acc), &it);
		for (i = 0; i < n; i++) {
			put_pos(b, it[i].chunk, it[i].row);
			buf_addc(b, ':');
			put_u64(b, it[i].len);
			buf_addc(b, ':');
			buf_add(b, it[i].p, it[i].len);
			buf_addc(b, ',');
		}
		break;
	case ACC_SHARE:
		sh = (const struct share *)(const void *)(r + o->o_acc);
		put_u64(b, sh->match);
		buf_addc(b, '/');
		put_u64(b, sh->cnt);
		break;
	}
}

/* write raw (escaped) bytes as a TSV field or a decoded CSV field */
static void
put_value(struct agg *a, struct tsv_writer *w, const char *p, size_t n,
    int csv)
{
	if (!csv) {
		tsv_put_raw(w, p, n);
		return;
	}
	a->tmp.len = 0;
	tsv_unescape_into(&a->tmp, p, n);
	csvio_put_field(w, a->tmp.data, a->tmp.len);
}

/* sum, mean, variances from the exact sums */
static void
write_moment(struct agg *a, const struct op *o, const struct xsum *xs,
    const uint64_t *sq, struct tsv_writer *w)
{
	struct bucket *bk;
	struct big t, q, v, tt;
	long double num, n1;
	size_t nb;
	int32_t S;
	enum agg_kind k = o->sp.kind;

	if (xs->n == 0 || ((k == AGG_VAR || k == AGG_STDEV) && xs->n < 2))
		return;
	if ((k == AGG_SUM || k == AGG_MEAN) && xs->more == 0 &&
	    xs->scale != INT32_MIN && (xs->hi == 0 ? xs->lo >> 63 == 0 :
	    xs->hi == UINT64_MAX && xs->lo >> 63 == 1)) {
		/*
		 * One scale, a sum within 64 bits (the common case): the same
		 * long double the bignum path makes, without it.
		 */
		num = xs->hi == 0 ? (long double)xs->lo :
		    -(long double)(~xs->lo + 1);
		if (k == AGG_MEAN)
			put_stat(a, w, scale10(num / (long double)xs->n,
			    -(long)xs->scale));
		else
			put_num(w, scale10(num, -(long)xs->scale));
		return;
	}
	nb = xsum_buckets(a, xs, sq, &bk);
	if (k == AGG_SUM || k == AGG_MEAN) {
		if (xsum_exact(bk, nb, &t, NULL, &S) == -1)
			return;
		num = big_to_ld(&t);
		if (k == AGG_MEAN)
			put_stat(a, w, scale10(num / (long double)xs->n,
			    -(long)S));
		else
			put_num(w, scale10(num, -(long)S));
		return;
	}
	/* n * sum(x^2) - sum(x)^2, exactly, at scale 2S */
	if (xsum_exact(bk, nb, &t, &q, &S) == -1)
		return;
	big_from_words(&tt, &xs->n, 1, 0);
	if (big_mul(&v, &q, &tt) == -1 || big_mul(&tt, &t, &t) == -1)
		return;
	tt.neg = tt.n > 0;
	if (big_add(&v, &v, &tt) == -1)
		return;
	num = big_to_ld(&v);
	n1 = (long double)xs->n;
	if (k == AGG_VAR || k == AGG_STDEV)
		num /= n1 * (n1 - 1);
	else
		num /= n1 * n1;
	num = scale10(num, -2 * (long)S);
	if (k == AGG_STDEV || k == AGG_PSTDEV)
		num = sqrtl(num);
	put_stat(a, w, num);
}

static void
write_result(struct agg *a, struct op *o, uint32_t g, struct tsv_writer *w,
    int csv)
{
	struct col *col = o->col >= 0 ? &a->col[o->col] : NULL;
	const char *r = rec_of(a, g);
	const struct smrec *sr;
	const struct vslot *sl;
	const struct share *sh;
	struct coll_item *it;
	const double *vals;
	size_t n, i, len;
	const char *p;
	double d;

	switch (o->acc) {
	case ACC_ROWS:
		tsv_put_ulong(w, *(const uint64_t *)(const void *)(r + O_ROWS));
		break;
	case ACC_NVAL:
		tsv_put_ulong(w, *(const uint64_t *)(const void *)
		    (r + col->o_nval));
		break;
	case ACC_XSUM:
		write_moment(a, o, (const struct xsum *)(const void *)
		    (r + col->o_xs), col->o_sq >= 0 ?
		    (const uint64_t *)(const void *)(r + col->o_sq) : NULL, w);
		break;
	case ACC_MIN:
	case ACC_MAX:
		d = min_max(a, col, g, o->acc == ACC_MIN);
		if (!isnan(d))
			put_num(w, d);
		break;
	case ACC_KEEP:
		vals = keep_get(&col->keep, a->groups.n, g, &n);
		if (n == 0)
			break;
		switch (o->sp.kind) {
		case AGG_MEDIAN:
			put_stat(a, w, median(vals, n));
			break;
		case AGG_Q1:
			put_stat(a, w, quantile(vals, n, 0.25));
			break;
		case AGG_Q3:
			put_stat(a, w, quantile(vals, n, 0.75));
			break;
		default:
			put_stat(a, w, quantile(vals, n, o->sp.pct / 100.0));
			break;
		}
		break;
	case ACC_SMAP:
		sr = (const struct smrec *)(const void *)(r + col->o_sm);
		tsv_put_ulong(w, sr->ndist);
		break;
	case ACC_MODE:
		sr = (const struct smrec *)(const void *)(r + col->o_md);
		if (sr->best == 0)
			break;
		p = smap_value(&col->md, sr->best - 1, &len);
		if (p[0] == 'N') {
			memcpy(&d, p + 1, sizeof(d));
			put_num(w, ld_of_double(d));
		} else {
			put_value(a, w, p + 1, len - 1, csv);
		}
		break;
	case ACC_FIRST:
	case ACC_LAST:
		sl = (const struct vslot *)(const void *)(r + o->o_acc);
		if (sl->row != 0)
			put_value(a, w, sl->p, sl->len, csv);
		break;
	case ACC_COLLAPSE:
		n = coll_items(a, (const struct buf *)(const void *)
		    (r + o->o_acc), &it);
		if (csv) {
			struct buf dec = { NULL, 0, 0 };

			for (i = 0; i < n; i++) {
				if (i > 0)
					buf_addc(&dec, ',');
				tsv_unescape_into(&dec, it[i].p, it[i].len);
			}
			csvio_put_field(w, dec.data ? dec.data : "", dec.len);
			buf_free(&dec);
			break;
		}
		for (i = 0; i < n; i++) {
			if (i > 0)
				tsv_put_char(w, ',');
			tsv_put_raw(w, it[i].p, it[i].len);
		}
		break;
	case ACC_SHARE:
		sh = (const struct share *)(const void *)(r + o->o_acc);
		if (sh->cnt > 0)
			put_stat(a, w, (long double)sh->match / sh->cnt);
		break;
	}
}

/* group order */
static struct agg *sort_agg;

static int
key_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	size_t la, lb, i = 0, j = 0;
	const char *pa = aggtab_key(&sort_agg->groups, a, &la);
	const char *pb = aggtab_key(&sort_agg->groups, b, &lb);
	int ea, eb;

	/* field by field: the end of a field sorts before any byte */
	for (;;) {
		ea = i == la || pa[i] == '\t';
		eb = j == lb || pb[j] == '\t';
		if (ea || eb) {
			if (!ea)
				return 1;
			if (!eb)
				return -1;
			if (i == la || j == lb)
				return (i == la) ? (j == lb ? 0 : -1) : 1;
			i++;
			j++;
			continue;
		}
		if (pa[i] != pb[j])
			return (unsigned char)pa[i] < (unsigned char)pb[j] ?
			    -1 : 1;
		i++;
		j++;
	}
}

static int
seen_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	int c = pos_cmp(sort_agg->fs_chunk[a], sort_agg->fs_row[a],
	    sort_agg->fs_chunk[b], sort_agg->fs_row[b]);

	return c != 0 ? c : key_cmp(x, y);
}

/*
 * Two groups first seen at the same row of the same chunk: one pass gives
 * every row one group, so the states came from runs given the same --chunk
 * number (or none), and the group order, first and last of the merge are
 * not those of one pass.  ORDER: the groups, by first place unless BY_KEY.
 */
static void
find_seen_clash(struct agg *a, const uint32_t *order, size_t ng, int by_key)
{
	uint32_t *o = (uint32_t *)order;
	size_t i;

	a->clash = 0;
	if (ng < 2)
		return;
	if (by_key) {
		o = nf_xreallocarray(NULL, ng, sizeof(*o));
		memcpy(o, order, ng * sizeof(*o));
		qsort(o, ng, sizeof(*o), seen_cmp);
	}
	for (i = 1; i < ng; i++)
		if (a->fs_chunk[o[i]] == a->fs_chunk[o[i - 1]] &&
		    a->fs_row[o[i]] == a->fs_row[o[i - 1]]) {
			a->clash = 1;
			a->clash_g1 = o[i - 1];
			a->clash_g2 = o[i];
			break;
		}
	if (by_key)
		free(o);
}

int
agg_twice(const struct agg *a, const char **key, size_t *len,
    const char **file, unsigned long *line, uint64_t *chunk, uint64_t *row)
{
	if (!a->twice)
		return 0;
	*key = aggtab_key(&a->groups, a->twice_g, len);
	*file = a->twice_file;
	*line = a->twice_line;
	/* (where it clashed: the group's first place may be earlier now) */
	*chunk = a->twice_chunk;
	*row = a->twice_row;
	return 1;
}

int
agg_seen_clash(const struct agg *a, const char **k1, size_t *l1,
    const char **k2, size_t *l2, uint64_t *chunk, uint64_t *row)
{
	if (!a->clash)
		return 0;
	*k1 = aggtab_key(&a->groups, a->clash_g1, l1);
	*k2 = aggtab_key(&a->groups, a->clash_g2, l2);
	*chunk = a->fs_chunk[a->clash_g1];
	*row = a->fs_row[a->clash_g1];
	return 1;
}

void
agg_write(struct agg *a, struct tsv_writer *w, unsigned flags)
{
	const char *const *names;
	const char *key;
	size_t nh, i, j, ng = a->groups.n, klen, f0;
	uint32_t *order, g;
	int partial = (flags & AGG_OUT_PARTIAL) != 0;
	int csv = (flags & AGG_OUT_CSV) != 0 && !partial;
	struct op *o;
	struct buf *sb;
	char tmp[48];
	int n;

	if (a->nb > 0)
		batch_run(a);	/* rows the caller did not flush */
	nh = agg_header(a, partial, &names);
	if (csv) {
		if (!w->no_header) {
			for (i = 0; i < nh; i++) {
				if (i > 0)
					tsv_put_char(w, ',');
				csvio_put_field(w, names[i], strlen(names[i]));
			}
			tsv_put_raw(w, "\r\n", 2);
			tsv_writer_flush(w);
		}
	} else {
		tsv_put_header(w, NULL, names, nh);
	}
	order = nf_xmalloc((ng + 1) * sizeof(*order));
	for (i = 0; i < ng; i++)
		order[i] = (uint32_t)i;
	sort_agg = a;
	if (flags & AGG_OUT_SORT)
		qsort(order, ng, sizeof(*order), key_cmp);
	else if (a->merge)
		qsort(order, ng, sizeof(*order), seen_cmp);
	if (a->merge)
		find_seen_clash(a, order, ng, (flags & AGG_OUT_SORT) != 0);
	for (i = 0; i < ng; i++) {
		g = order[i];
		key = aggtab_key(&a->groups, g, &klen);
		if (a->ngcol > 0) {
			if (!csv) {
				tsv_put_raw(w, key, klen);
			} else {
				for (j = 0, f0 = 0; j <= klen; j++) {
					if (j < klen && key[j] != '\t')
						continue;
					if (f0 > 0)
						tsv_put_char(w, ',');
					put_value(a, w, key + f0, j - f0, 1);
					f0 = j + 1;
				}
			}
		}
		for (j = 0; j < a->nop; j++) {
			o = &a->op[j];
			if (j > 0 || a->ngcol > 0)
				tsv_put_char(w, csv ? ',' : '\t');
			if (!partial) {
				write_result(a, o, g, w, csv);
				continue;
			}
			sb = o->same_as >= 0 ? &a->op[o->same_as].st : &o->st;
			if (o->same_as < 0)
				write_state(a, o, g, sb);
			tsv_put_raw(w, sb->data ? sb->data : "", sb->len);
		}
		if (partial) {
			n = snprintf(tmp, sizeof(tmp), "\t%llu:%llu",
			    (unsigned long long)(a->merge ? a->fs_chunk[g] :
			    a->chunk),
			    (unsigned long long)first_row(a, g));
			tsv_put_raw(w, tmp, (size_t)n);
		}
		if (csv)
			tsv_put_char(w, '\r');
		tsv_put_eol(w);
	}
	free(order);
}

uint64_t
agg_skipped(const struct agg *a, const char **file, unsigned long *line,
    const char **col)
{
	*file = a->skip_file;
	*line = a->skip_line;
	*col = a->skip_col;
	return a->skipped;
}
