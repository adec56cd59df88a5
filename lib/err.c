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
