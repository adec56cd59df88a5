/* tests/unit/test_utf8.c — lib/utf8.c: the lenient rule and the classes. */
#include <string.h>

#include "tap.h"
#include "utf8.h"

/* Sanitize IN and compare with WANT; also check the replacement count. */
static int
sanitized(const char *in, size_t n, const char *want, size_t nrepl)
{
	struct buf b = { NULL, 0, 0 };
	size_t got = utf8_sanitize_into(&b, in, n), first = 99;
	int ok = got == nrepl && b.len == strlen(want) &&
	    memcmp(b.data, want, b.len) == 0 &&
	    utf8_count_invalid(in, n, &first) == nrepl;

	buf_free(&b);
	return ok;
}

#define R "\xEF\xBF\xBD"

int
main(void)
{
	size_t len, first = 0;

	check(sanitized("plain ascii", 11, "plain ascii", 0), "ASCII unchanged");
	check(sanitized("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D", 13,
	    "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D", 0), "valid UTF-8 unchanged");
	check(sanitized("a\xE2\x82" "b", 4, "a" R "b", 1),
	    "truncated 3-byte sequence: one U+FFFD for the maximal subpart");
	check(sanitized("a\xE2\x82", 3, "a" R, 1), "truncated at the end");
	check(sanitized("\xC0\xAF", 2, R R, 2), "overlong 2-byte: one per byte");
	check(sanitized("\xE0\x80\xAF", 3, R R R, 3), "overlong 3-byte: one per byte");
	check(sanitized("\xED\xA0\x80", 3, R R R, 3), "surrogate: one per byte");
	check(sanitized("x\x80y", 3, "x" R "y", 1), "stray continuation byte");
	check(sanitized("\xF4\x90\x80\x80", 4, R R R R, 4), "above U+10FFFF");
	check(sanitized("\xF5", 1, R, 1), "F5 is never valid");
	check(sanitized("a\0b", 3, "a" R "b", 1), "NUL is replaced like invalid");
	check(sanitized("\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80", 0), "emoji kept");

	check(utf8_count_invalid("abcdefghij\xFFk", 12, &first) == 1 &&
	    first == 10, "first bad byte offset past the ASCII fast path");
	check(utf8_decode((const unsigned char *)"\xE2\x80\x99", 3, &len) ==
	    0x2019 && len == 3, "decode U+2019");

	check(utf8_is_space(0xA0) && utf8_is_space(' ') && !utf8_is_space('x'),
	    "spaces: NBSP and ASCII");
	check(utf8_is_dash(0x2013) && utf8_is_dash('-') && !utf8_is_dash('a'),
	    "dashes");
	check(utf8_is_open_quote(0x201C) && utf8_is_open_quote(0x2018) &&
	    utf8_is_close_quote(0x201D) && utf8_is_close_quote(0x2019) &&
	    !utf8_is_open_quote(0x201D), "curly quotes open and close");
	check(utf8_is_upper(0xC9) && utf8_is_lower(0xE9) &&
	    utf8_tolower(0xC9) == 0xE9 && utf8_toupper('a') == 'A', "case");
	check(utf8_is_letter(0x4E2D) && !utf8_is_letter('1') &&
	    utf8_is_digit('7') && utf8_is_punct(0x2026), "letters, digits, punctuation");
	check(!utf8_is_letter(-1) && !utf8_is_space(-1), "-1 is in no class");
	{
		struct buf b = { NULL, 0, 0 };
		utf8_lower_into(&b, "\xC3\x89" "COLE \xE2\x80\x9CX\xE2\x80\x9D", 14);
		check(b.len == 14 && memcmp(b.data, "\xC3\xA9" "cole \xE2\x80\x9Cx"
		    "\xE2\x80\x9D", 14) == 0, "lower-case a UTF-8 string");
		buf_free(&b);
	}
	return done();
}
