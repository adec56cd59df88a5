/* tests/unit/test_tsv.c — lib/tsv.c: reading, escapes, writing. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "tsv.h"
#include "tsv_split_check.h"

static char tmpl[] = "/tmp/nf-test-tsv-XXXXXX";

/* Write BYTES to a fresh temporary file; return its path (static). */
static const char *
file_with(const char *bytes, size_t n)
{
	static char path[64];
	int fd;

	strcpy(path, tmpl);
	fd = mkstemp(path);
	if (fd < 0 || write(fd, bytes, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

/* Read every row of one file; return rows read, or -1 and E on error. */
static int
read_all(const char *bytes, size_t n, struct nf_error *e, size_t *nf,
    char *last, size_t lastcap)
{
	const char *path = file_with(bytes, n);
	char *paths[1];
	struct tsv_input *in;
	const struct tsv_header *h;
	struct tsv_row row;
	int rc, rows = 0;

	paths[0] = (char *)path;
	nf_error_clear(e);
	in = tsv_input_open(paths, 1, NULL);
	rc = tsv_input_header(in, &h, e);
	if (rc == 1) {
		*nf = h->n;
		while ((rc = tsv_input_next(in, &row, e)) == 1) {
			rows++;
			if (last != NULL && row.n > 0 && row.len[0] < lastcap) {
				memcpy(last, row.field[0], row.len[0]);
				last[row.len[0]] = '\0';
			}
		}
	}
	tsv_input_close(in);
	unlink(path);
	return rc < 0 ? -1 : rows;
}

int
main(void)
{
	struct nf_error e;
	size_t nf = 0, n;
	char last[64], dst[64];
	int rows;

	rows = read_all("a\tb\n1\t2\n3\t4\n", 12, &e, &nf, last, sizeof(last));
	check(rows == 2 && nf == 2 && strcmp(last, "3") == 0,
	    "two rows, two columns");

	rows = read_all("a\tb\r\n1\t2\r\n", 10, &e, &nf, NULL, 0);
	check(rows == 1, "CRLF accepted");

	rows = read_all("\xEF\xBB\xBF" "a\tb\n1\t2\n", 11, &e, &nf, NULL, 0);
	check(rows == 1 && nf == 2, "BOM stripped from the header");

	rows = read_all("a\tb\n1\t2", 7, &e, &nf, last, sizeof(last));
	check(rows == 1 && strcmp(last, "1") == 0, "last row without LF");

	rows = read_all("a\tb\n1\t2\t3\n", 10, &e, &nf, NULL, 0);
	check(rows == -1 && e.line == 2 &&
	    strstr(e.msg, "row has 3 fields, header has 2") != NULL,
	    "too many fields named with the line: %s", e.msg);

	rows = read_all("a\tb\n1\n", 6, &e, &nf, NULL, 0);
	check(rows == -1 && strstr(e.msg, "row has 1 field,") != NULL,
	    "too few fields");

	rows = read_all("a\tb\n1\r2\t3\n", 10, &e, &nf, NULL, 0);
	check(rows == -1 && strstr(e.msg, "carriage return") != NULL,
	    "raw CR inside a field is an error");

	rows = read_all("a\tA\n", 4, &e, &nf, NULL, 0);
	check(rows == -1 && strstr(e.msg, "invalid column name 'A'") != NULL,
	    "invalid header name");

	rows = read_all("a\ta\n", 4, &e, &nf, NULL, 0);
	check(rows == -1 && strstr(e.msg, "appears twice") != NULL,
	    "duplicate header name");

	rows = read_all("", 0, &e, &nf, NULL, 0);
	check(rows == 0, "empty input gives no header and no rows");

	rows = read_all("a\n\n", 3, &e, &nf, NULL, 0);
	check(rows == 1, "an empty line is one empty field");

	rows = read_all("a\tb\n1\0x\t2\n", 10, &e, &nf, last, sizeof(last));
	check(rows == 1 && last[0] == '1', "NUL inside a field kept");

	n = tsv_unescape(dst, "a\\tb\\nc\\rd\\\\e\\qf\\", 17);
	check(n == 13 && memcmp(dst, "a\tb\nc\rd\\e\\qf\\", 13) == 0,
	    "unescape four escapes, keep unknown ones");

	check(split_random_rows(3000) == 3000,
	    "3000 random rows split as their bytes say");
	return done();
}
