/* lib/datafile.c — data/ TSV files reader (see datafile.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "datafile.h"

int
datafile_read(const char *path, size_t ncols,
    int (*fn)(void *, const struct datafile_row *, struct nf_error *),
    void *ctx, struct nf_error *e)
{
	FILE *fp;
	char *line = NULL, *p, *tab;
	size_t cap = 0, fcap = 0;
	ssize_t got;
	const char **field = NULL;
	size_t *len = NULL;
	struct datafile_row row;
	int header_seen = 0, rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		nf_error_set(e, NF_EIO, path, 0, "cannot open data file: %s",
		    strerror(errno));
		return -1;
	}
	row.file = path;
	row.line = 0;
	while ((got = getline(&line, &cap, fp)) != -1) {
		row.line++;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (got == 0 || line[0] == '#')
			continue;
		if (!header_seen) {
			header_seen = 1;
			continue;
		}
		row.n = 0;
		for (p = line;; p = tab + 1) {
			if (row.n == fcap) {
				fcap = fcap ? 2 * fcap : 8;
				field = nf_xreallocarray(field, fcap,
				    sizeof(*field));
				len = nf_xreallocarray(len, fcap, sizeof(*len));
			}
			tab = strchr(p, '\t');
			if (tab != NULL)
				*tab = '\0';
			field[row.n] = p;
			len[row.n] = strlen(p);
			row.n++;
			if (tab == NULL)
				break;
		}
		if (ncols > 0 && row.n != ncols) {
			nf_error_set(e, NF_EDATA, path, row.line,
			    "data file row has %zu fields, expected %zu",
			    row.n, ncols);
			rc = -1;
			break;
		}
		row.field = field;
		row.len = len;
		if (fn(ctx, &row, e) == -1) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		nf_error_set(e, NF_EIO, path, row.line, "read error: %s",
		    strerror(errno));
		rc = -1;
	}
	fclose(fp);
	free(line);
	free(field);
	free(len);
	return rc;
}
