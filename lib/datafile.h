/*
 * lib/datafile.h — reading the project's data files (data/ TSV files).
 *
 * Format: UTF-8 text; lines starting with '#' and blank lines are comments;
 * the first other line is a header naming the columns; then one record per
 * line, fields separated by TAB (no escapes needed in data files).
 */
#ifndef NF_DATAFILE_H
#define NF_DATAFILE_H

#include <stddef.h>

#include "err.h"

struct datafile_row {
	size_t		  n;		/* fields in this row */
	const char	**field;	/* NUL-terminated */
	const size_t	 *len;
	unsigned long	  line;
	const char	 *file;
};

/*
 * Call FN for every record of PATH.  NCOLS > 0 requires exactly that many
 * fields per record (an error names the line); 0 accepts any number.
 * FN returns 0 to go on or -1 (with E filled) to stop.  Returns 0 or -1.
 */
int	 datafile_read(const char *path, size_t ncols,
	    int (*fn)(void *ctx, const struct datafile_row *row,
	    struct nf_error *e), void *ctx, struct nf_error *e);

#endif
