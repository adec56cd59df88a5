/*
 * lib/err.h — how lib/ reports a problem without ending the process.
 *
 * A library function that fails fills a struct nf_error and returns -1; the
 * filter decides what to do (usually cli_die()).  Messages are written for
 * the user: "row has 7 fields, header has 8", never "parse error".
 */
#ifndef NF_ERR_H
#define NF_ERR_H

#include <stddef.h>

enum nf_error_code {
	NF_OK = 0,
	NF_EDATA = 1,		/* bad input data: exit status 1 */
	NF_EIO = 2,		/* read or open failure: exit status 1 */
	NF_EUSAGE = 3,		/* bad option or argument: exit status 2 */
	NF_ENOMEM = 4
};

struct nf_error {
	int		 code;		/* enum nf_error_code */
	char		 file[512];	/* "" when no file is involved */
	unsigned long	 line;		/* 0 when no line applies */
	char		 msg[512];
};

/* Fill E; FILE may be NULL, LINE 0.  printf-style message. */
void nf_error_set(struct nf_error *e, int code, const char *file,
    unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void nf_error_clear(struct nf_error *e);

/*
 * Bytes P[0, N) of the input, fit to quote in a message, into OUT (CAP
 * bytes, at least 5): control bytes as '?'; more than CAP - 4 bytes are
 * cut (not inside a UTF-8 character) and end in "...".
 */
void nf_shown(char *out, size_t cap, const char *p, size_t n);

#endif
