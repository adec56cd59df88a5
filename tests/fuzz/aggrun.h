/*
 * tests/fuzz/aggrun.h — what fuzz_agg.c and fuzz_agg_merge.c share: a run
 * of lib/agg.c over wire-format inputs held in memory files, as
 * filters/aggregate.c runs it (header, bind, rows, flush, write), and the
 * memory files themselves.  Included by both targets (static functions).
 */
#ifndef NF_AGGRUN_H
#define NF_AGGRUN_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "agg.h"
#include "fuzz.h"
#include "tsv.h"

/* Memory file I of a small pool, emptied. */
static int
mfile(int i)
{
	static int fd[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };

	if (fd[i] == -1 && (fd[i] = memfd_create("agg", 0)) == -1)
		abort();
	if (ftruncate(fd[i], 0) != 0 || lseek(fd[i], 0, SEEK_SET) != 0)
		abort();
	return fd[i];
}

static void
mwrite(int fd, const void *p, size_t n)
{
	if (n > 0 && write(fd, p, n) != (ssize_t)n)
		abort();
}

/* A path to memory file FD; slot S of a few static buffers. */
static char *
mpath(int fd, int s)
{
	static char path[4][64];

	snprintf(path[s], sizeof(path[s]), "/proc/self/fd/%d", fd);
	return path[s];
}

/* All of memory file FD into B. */
static void
mread(int fd, struct buf *b)
{
	off_t end = lseek(fd, 0, SEEK_END);

	buf_clear(b);
	if (end < 0)
		abort();
	buf_reserve(b, (size_t)end + 1);
	if (end > 0 && pread(fd, b->data, (size_t)end, 0) != (ssize_t)end)
		abort();
	b->len = (size_t)end;
}

/* Every output column once, as filters/aggregate.c insists. */
static int
names_unique(char *const *g, size_t ng, const struct agg_spec *sp, size_t n)
{
	const char *op;

	if (agg_name_twice(g, ng, sp, n) != NULL)
		return 0;
	/* aggregate --partial refuses a group column named like a state
	 * column (filters/aggregate.c check_names): so do the chunks here */
	if (agg_partial_name_clash(g, ng, sp, n, &op) != NULL)
		return 0;
	return 1;
}

/*
 * One aggregate run over PATHS[0..NP-1] into memory file OUTFD: 1 done,
 * 0 empty input (no output), -1 an error (which must have a message).
 */
static int
agg_run(const struct agg_spec *sp, size_t nsp, char *const *g, size_t ng,
    int merge, uint64_t chunk, int skip, unsigned flags, char *const *paths,
    size_t np, int outfd)
{
	struct tsv_input *in = tsv_input_open(paths, np, NULL);
	const struct tsv_header *h;
	struct tsv_writer w;
	struct tsv_row row;
	struct nf_error e, e2;
	struct agg *a = NULL;
	const char *sf, *sc;
	unsigned long sl;
	int rc;

	nf_error_clear(&e);
	nf_error_clear(&e2);
	if ((rc = tsv_input_header(in, &h, &e)) <= 0)
		goto done;
	a = agg_new(sp, nsp, g, ng, merge, chunk, skip);
	if ((rc = agg_bind(a, h, "fuzz", 1, &e)) == -1)
		goto done;
	while ((rc = tsv_input_next(in, &row, &e)) == 1)
		if ((rc = merge ? agg_merge_row(a, &row, &e) :
		    agg_add_row(a, &row, &e)) == -1)
			goto done;
	if (!merge && agg_flush(a, rc < 0 ? &e2 : &e) == -1) {
		if (rc < 0)
			e = e2;
		rc = -1;
		goto done;
	}
	if (rc < 0)
		goto done;
	tsv_writer_init(&w, outfd, NULL);
	agg_write(a, &w, flags);
	tsv_writer_flush(&w);
	tsv_writer_free(&w);
	if (agg_skipped(a, &sf, &sl, &sc) > 0 && (sf == NULL || sc == NULL))
		abort();
	rc = 1;
done:
	if (rc == -1 && e.msg[0] == '\0')
		abort();		/* every error says what is wrong */
	agg_free(a);
	tsv_input_close(in);
	return rc;
}

#endif
