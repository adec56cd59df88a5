/* tests/fuzz/fuzz_csv.c — CSV input: any bytes, never a crash or a hang. */
#include <stdlib.h>

#include "csvio.h"
#include "fuzz.h"

static int
record(void *ctx, size_t n, const char *const *field, const size_t *len,
    unsigned long line, struct nf_error *e)
{
	size_t i, *total = ctx;

	(void)e;
	(void)line;
	(void)len;
	/* every field points somewhere, the empty ones too (a NULL + 0 was
	 * crashes/fuzz_csv/crash-5c10b5b2...: the record ",") */
	for (i = 0; i < n; i++)
		if (field[i] == NULL)
			abort();
	*total += n;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nf_error e;
	size_t total = 0;

	nf_error_clear(&e);
	if (csvio_read(fuzz_fd_with(data, size), "fuzz", record, &total,
	    &e) == -1 && e.msg[0] == '\0')
		abort();
	return 0;
}
