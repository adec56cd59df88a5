/* lib/utf8.c — lenient UTF-8 and character classes (see utf8.h). */
#include <string.h>

#include <utf8proc.h>

#include "utf8.h"

int32_t
utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;
	int32_t cp;

	if (c < 0x80) {
		*len = 1;
		return c == 0 ? -1 : c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* no overlongs */
		else if (c == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;	/* nothing above U+10FFFF */
	} else {
		*len = 1;	/* C0, C1, F5..FF, or a stray continuation */
		return -1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*len = i;	/* the maximal subpart ends here */
			return -1;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*len = need + 1;
	return cp;
}

/* Return the offset of the first byte that is >= 0x80 or NUL. */
static size_t
ascii_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		/* high bit set, or a zero byte (the classic haszero trick) */
		if ((w & 0x8080808080808080ull) != 0 ||
		    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
			break;
	}
	for (; i < n; i++)
		if (s[i] >= 0x80 || s[i] == 0)
			break;
	return i;
}

size_t
utf8_count_invalid(const char *str, size_t n, size_t *first)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len, bad = 0;

	for (;;) {
		i += ascii_prefix(s + i, n - i);
		if (i >= n)
			break;
		if (utf8_decode(s + i, n - i, &len) < 0) {
			if (bad++ == 0 && first != NULL)
				*first = i;
		}
		i += len;
	}
	return bad;
}

size_t
utf8_sanitize_into(struct buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, len, bad = 0;

	buf_reserve(b, n);
	for (;;) {
		run = ascii_prefix(s + i, n - i);
		buf_add(b, s + i, run);
		i += run;
		if (i >= n)
			break;
		if (utf8_decode(s + i, n - i, &len) < 0) {
			buf_add(b, "\xEF\xBF\xBD", 3);
			bad++;
		} else {
			buf_add(b, s + i, len);
		}
		i += len;
	}
	return bad;
}

size_t
utf8_encode(int32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int
category(int32_t cp)
{
	if (cp < 0 || cp > 0x10FFFF)
		return UTF8PROC_CATEGORY_CN;
	return utf8proc_category(cp);
}

int
utf8_is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	switch (cp) {
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

int
utf8_is_dash(int32_t cp)
{
	if (cp < 0x80)
		return cp == '-';
	return cp == 0x2212 || category(cp) == UTF8PROC_CATEGORY_PD;
}

int
utf8_is_letter(int32_t cp)
{
	int c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	c = category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

int
utf8_is_upper(int32_t cp)
{
	int c;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	c = category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int
utf8_is_lower(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return category(cp) == UTF8PROC_CATEGORY_LL;
}

int
utf8_is_digit(int32_t cp)
{
	if (cp < 0x80)
		return cp >= '0' && cp <= '9';
	return category(cp) == UTF8PROC_CATEGORY_ND;
}

int
utf8_is_punct(int32_t cp)
{
	int c;

	if (cp < 0)
		return 0;
	c = category(cp);
	return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

int
utf8_is_open_quote(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case 0x201C: case 0x2018: case 0x201E:
	case 0x201A: case 0x00AB: case 0x2039: case 0x201F: case 0x201B:
		return 1;
	default:
		return 0;
	}
}

int
utf8_is_close_quote(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case 0x201D: case 0x2019: case 0x00BB:
	case 0x203A:
		return 1;
	default:
		return 0;
	}
}

int32_t
utf8_tolower(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	return cp > 0x10FFFF ? cp : utf8proc_tolower(cp);
}

int32_t
utf8_toupper(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
	return cp > 0x10FFFF ? cp : utf8proc_toupper(cp);
}

void
utf8_lower_into(struct buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;
	char enc[4];

	buf_reserve(b, n);
	while (i < n) {
		if (s[i] < 0x80 && s[i] != 0) {
			buf_addc(b, (char)((s[i] >= 'A' && s[i] <= 'Z') ?
			    s[i] + 32 : s[i]));
			i++;
			continue;
		}
		int32_t cp = utf8_decode_lenient(s + i, n - i, &len);
		buf_add(b, enc, utf8_encode(utf8_tolower(cp), enc));
		i += len;
	}
}
