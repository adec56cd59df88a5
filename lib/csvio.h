/*
 * lib/csvio.h — CSV at the edges of the suite, through libcsv (RFC 4180:
 * quoted fields may hold commas, quotes as "" and line breaks).
 *
 * This is the only file that includes <csv.h>.  Spaces around fields are
 * kept as they are (no trimming), so a CSV field's bytes are exactly the
 * bytes between its delimiters, less the quoting.
 */
#ifndef NF_CSVIO_H
#define NF_CSVIO_H

#include <stddef.h>

#include "err.h"
#include "tsv.h"

/*
 * Called once per record (the header record too).  FIELD[i] is NUL-free
 * only if the data is; LEN gives lengths.  LINE is the physical line on
 * which the record starts.  Return 0 to go on, -1 to stop (fill E).
 */
typedef int (*csvio_record_fn)(void *ctx, size_t nfields,
    const char *const *field, const size_t *len, unsigned long line,
    struct nf_error *e);

/*
 * Read all of FD as CSV.  NAME is shown in messages.  0 at the end, -1 on a
 * read error, a CSV syntax error (an unterminated quoted field names the line
 * where the field began) or a callback's error.
 */
int	 csvio_read(int fd, const char *name, csvio_record_fn fn, void *ctx,
	    struct nf_error *e);

/* Write one CSV field, quoted only when it holds , " CR or LF. */
void	 csvio_put_field(struct tsv_writer *w, const char *p, size_t n);

#endif
