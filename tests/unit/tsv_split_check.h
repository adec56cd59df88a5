/*
 * tests/unit/tsv_split_check.h — random rows through the TSV reader,
 * compared with a plain byte-by-byte split.  Included by test_tsv.c (the
 * reader as built) and test_tsv_nosimd.c (its portable scan), so that both
 * ways of finding TABs and CRs are held to the same answer: fields of
 * every length around the 8- and 16-byte steps, TABs next to each other,
 * and a raw CR anywhere, which must be reported at its byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "tsv.h"

/* tap_rand's state for these checks (a failure can be replayed) */
static unsigned long long split_seed = 12345;

static unsigned
split_rand(unsigned n)
{
	return tap_rand(&split_seed, n);
}

/* Check one random row; returns 1 if the reader agreed. */
static int
split_one(void)
{
	static const char bytes[] = "ab\t\t\xc3\xa9x\\";
	char row[400], file[1200], path[] = "/tmp/nf-test-split-XXXXXX";
	char *paths[1];
	size_t len = split_rand(300), i, nf = 1, o = 0, cr = 0, f, start;
	struct tsv_input *in;
	const struct tsv_header *h;
	struct tsv_row r;
	struct nf_error e;
	int fd, rc, ok = 1;

	for (i = 0; i < len; i++)
		row[i] = bytes[split_rand(sizeof(bytes) - 1)];
	/* (a CR as the last byte would be a CRLF line end, which is allowed) */
	if (len > 1 && split_rand(8) == 0) {
		cr = split_rand((unsigned)len - 1) + 1;	/* 1-based byte */
		row[cr - 1] = '\r';
	}
	for (i = 0; i < len; i++)
		nf += row[i] == '\t';
	/* a header with as many columns as the row has fields */
	for (i = 0; i < nf; i++)
		o += (size_t)snprintf(file + o, sizeof(file) - o, "%sc%zu",
		    i > 0 ? "\t" : "", i);
	file[o++] = '\n';
	memcpy(file + o, row, len);
	o += len;
	file[o++] = '\n';
	if ((fd = mkstemp(path)) < 0 || write(fd, file, o) != (ssize_t)o)
		abort();
	close(fd);
	paths[0] = path;
	nf_error_clear(&e);
	in = tsv_input_open(paths, 1, NULL);
	if (tsv_input_header(in, &h, &e) != 1)
		ok = 0;
	else if ((rc = tsv_input_next(in, &r, &e)) != 1) {
		char want[64];

		snprintf(want, sizeof(want), "at byte %zu ", cr);
		ok = cr != 0 && rc == -1 && strstr(e.msg, want) != NULL;
	} else if (cr != 0 || r.n != nf)
		ok = 0;
	else
		for (f = 0, start = 0, i = 0; i <= len; i++) {
			if (i < len && row[i] != '\t')
				continue;
			if (r.len[f] != i - start ||
			    memcmp(r.field[f], row + start, i - start) != 0)
				ok = 0;
			f++;
			start = i + 1;
		}
	tsv_input_close(in);
	unlink(path);
	return ok;
}

/* N random rows; returns how many the reader split as the bytes say. */
static int
split_random_rows(int n)
{
	int i, good = 0;

	for (i = 0; i < n; i++)
		good += split_one();
	return good;
}
