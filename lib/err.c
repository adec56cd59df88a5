/* lib/err.c — struct nf_error helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

void
nf_error_set(struct nf_error *e, int code, const char *file,
    unsigned long line, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->line = line;
	snprintf(e->file, sizeof(e->file), "%s", file != NULL ? file : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void
nf_error_clear(struct nf_error *e)
{
	e->code = NF_OK;
	e->file[0] = '\0';
	e->line = 0;
	e->msg[0] = '\0';
}

void
nf_shown(char *out, size_t cap, const char *p, size_t n)
{
	size_t i, l = n < cap - 4 ? n : cap - 4;

	while (l > 0 && l < n && ((unsigned char)p[l] & 0xC0) == 0x80)
		l--;
	for (i = 0; i < l; i++)
		out[i] = (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i];
	if (l < n) {
		memcpy(out + l, "...", 3);
		l += 3;
	}
	out[l] = '\0';
}
