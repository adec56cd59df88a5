/*
 * lib/utf8.h — UTF-8 decoding with one lenient rule, and the character
 * classes the filters need (spaces, dashes, quotes, letters, case).
 *
 * The lenient rule: every maximal subpart of an ill-formed sequence (Unicode
 * §3.9, "U+FFFD substitution of maximal subparts", the W3C/WHATWG practice)
 * becomes one U+FFFD.  So a truncated 3-byte sequence is one U+FFFD, while an
 * overlong, a surrogate or a stray continuation byte gives one U+FFFD per
 * byte.  NUL (U+0000) is treated the same way: text never carries a NUL.
 *
 * Classes come from utf8proc's Unicode tables; ASCII is answered inline.
 */
#ifndef NF_UTF8_H
#define NF_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define UTF8_REPLACEMENT	0xFFFD

/*
 * Decode the code point at S (N > 0 bytes available).  Returns it and sets
 * *LEN to its byte length; for an ill-formed sequence (or NUL) returns -1
 * and sets *LEN to the length of the maximal subpart (at least 1).
 */
int32_t	 utf8_decode(const unsigned char *s, size_t n, size_t *len);

/* As utf8_decode, but ill-formed input gives U+FFFD. */
static inline int32_t
utf8_decode_lenient(const unsigned char *s, size_t n, size_t *len)
{
	int32_t c;

	if (s[0] < 0x80 && s[0] != 0) {
		*len = 1;
		return s[0];
	}
	c = utf8_decode(s, n, len);
	return c < 0 ? UTF8_REPLACEMENT : c;
}

/*
 * Count the replacements the lenient rule would make in S[0..N); 0 means the
 * text is valid UTF-8 without NUL.  *FIRST (may be NULL) gets the byte offset
 * of the first bad byte.  Fast for ASCII.
 */
size_t	 utf8_count_invalid(const char *s, size_t n, size_t *first);
/* Append S[0..N) to B with the lenient rule applied; returns replacements. */
size_t	 utf8_sanitize_into(struct buf *b, const char *s, size_t n);
/* Encode CP (0..0x10FFFF, not a surrogate) into OUT; returns 1..4. */
size_t	 utf8_encode(int32_t cp, char out[4]);

/* Character classes (CP may be any value; -1 is in no class). */
int	 utf8_is_space(int32_t cp);	/* Unicode White_Space */
int	 utf8_is_dash(int32_t cp);	/* Pd, plus minus sign */
int	 utf8_is_letter(int32_t cp);	/* L* */
int	 utf8_is_upper(int32_t cp);	/* Lu, Lt */
int	 utf8_is_lower(int32_t cp);	/* Ll */
int	 utf8_is_digit(int32_t cp);	/* Nd */
int	 utf8_is_punct(int32_t cp);	/* P* */
/* Quote marks: opening (“ ‘ „ ‚ « ‹ and the ASCII " '), closing (” ’ » ›). */
int	 utf8_is_open_quote(int32_t cp);
int	 utf8_is_close_quote(int32_t cp);
int32_t	 utf8_tolower(int32_t cp);
int32_t	 utf8_toupper(int32_t cp);

/* Append the lower-case form of S[0..N) to B (lenient decoding). */
void	 utf8_lower_into(struct buf *b, const char *s, size_t n);

#endif
