/*
 * tests/fuzz/fuzz_utf8.c — lenient UTF-8: the sanitized text is valid, the
 * count of replacements agrees with utf8_count_invalid, valid input is left
 * as it is, and every decoded code point is in range.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = { NULL, 0, 0 };
	size_t n = utf8_sanitize_into(&b, (const char *)data, size), i, len;
	size_t first = 0;

	if (utf8_count_invalid((const char *)data, size, &first) != n)
		abort();
	if (utf8_count_invalid(b.data, b.len, NULL) != 0)
		abort();
	if (n == 0 && (b.len != size || memcmp(b.data, data, size) != 0))
		abort();
	for (i = 0; i < b.len; i += len) {
		int32_t c = utf8_decode((const unsigned char *)b.data + i,
		    b.len - i, &len);
		if (c < 1 || c > 0x10FFFF || len < 1)
			abort();
		(void)utf8_is_letter(c);
		(void)utf8_tolower(c);
	}
	buf_free(&b);
	return 0;
}
