/*
 * tests/fuzz/fuzz_agg_merge.c — aggregate --merge (lib/agg.h:
 * agg_merge_row) on any partial-state stream.  The operations come from
 * the header, as `aggregate --merge` without operations finds them; the
 * states are whatever the fuzzer makes of them.  Checked: no crash, every
 * error has a message, and a merge that succeeds is stable: writing its
 * partial states and merging those again (a combiner run twice, as Hadoop
 * may do) gives the same results, byte for byte.
 *
 * Input: one control byte (bit 0 --sort, bit 1 --csv), then the stream.
 */
#include "aggrun.h"

/* The groups and operations named by a partial-state header (as
 * filters/aggregate.c infer_from_header does); 0 when it is not one. */
static int
from_header(const struct tsv_header *h, char ***g, size_t *ng,
    struct agg_spec **sp, size_t *nsp)
{
	struct nf_error e;
	size_t i, k, n;

	if (h->n == 0 || strcmp(h->name[h->n - 1], "first_seen_state") != 0)
		return 0;
	for (k = 0; k + 1 < h->n; k++) {
		n = strlen(h->name[k]);
		if (n > 6 && strcmp(h->name[k] + n - 6, "_state") == 0)
			break;
	}
	if (k + 1 == h->n)
		return 0;
	*ng = k;
	*g = h->name;
	*nsp = h->n - 1 - k;
	*sp = nf_xcalloc(*nsp, sizeof(**sp));
	for (i = 0; i < *nsp; i++)
		if (agg_spec_from_state(&(*sp)[i], h->name[k + i], &e) == -1) {
			if (e.msg[0] == '\0')
				abort();
			while (i-- > 0)
				agg_spec_free(&(*sp)[i]);
			free(*sp);
			*sp = NULL;
			*nsp = 0;
			return 0;
		}
	return 1;
}

/*
 * A kept-values item "v*N" asks for N copies in a few bytes; lib/agg.c
 * refuses an N beyond what a column can keep (tests/fuzz/crashes/
 * fuzz_agg_merge/timeout-*: "0*8000000000000000" once ran for ever).  Its
 * limit is physical memory, far above libFuzzer's -rss_limit_mb, so it is
 * set to 1 MiB here (131,072 values: four times the most a log holds
 * below a million values, KEEP_LOG_MIN, so the bulk path is reached):
 * larger states are then errors, as they are on a machine that small, and
 * smaller ones are merged for real.  (At 64 MiB the fuzzer spent most of
 * its time sorting millions of copies of a value, at 130 executions a
 * second.)
 */
#define KEEP_LIMIT	(1u << 20)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf first, second;
	struct tsv_header h = { 0, NULL };
	struct agg_spec *sp = NULL;
	struct nf_error e;
	const char *d = (const char *)data + 1, *hl_end;
	char **g = NULL, *paths[1], *copy;
	size_t len, hn, nsp = 0, ng = 0, i;
	unsigned flags = 0;
	int in, part, out, r;

	agg_set_keep_limit(KEEP_LIMIT);
	if (size < 1)
		return 0;
	if (data[0] & 1)
		flags |= AGG_OUT_SORT;
	if (data[0] & 2)
		flags |= AGG_OUT_CSV;
	len = size - 1;
	if ((hl_end = memchr(d, '\n', len)) == NULL)
		hl_end = d + len;
	hn = (size_t)(hl_end - d);
	if (hn > 0 && d[hn - 1] == '\r')
		hn--;
	if (memchr(d, ',', hn) != NULL || memchr(d, '\0', hn) != NULL)
		return 0;
	copy = nf_xmemdup(d, hn);
	for (i = 0; i < hn; i++)
		if (copy[i] == '\t')
			copy[i] = ',';
	nf_error_clear(&e);
	r = tsv_header_parse_list(&h, copy, &e);
	free(copy);
	if (r == -1)
		return 0;
	if (!from_header(&h, &g, &ng, &sp, &nsp))
		goto done;
	if (!names_unique(g, ng, sp, nsp))
		goto done;

	in = mfile(0);
	mwrite(in, d, len);
	paths[0] = mpath(in, 0);
	out = mfile(1);
	r = agg_run(sp, nsp, g, ng, 1, 0, 0, flags, paths, 1, out);
	if (r != 1)
		goto done;
	mread(out, &first);
	/* the same states, written out and merged again */
	part = mfile(2);
	if (agg_run(sp, nsp, g, ng, 1, 0, 0, AGG_OUT_PARTIAL, paths, 1,
	    part) != 1)
		abort();
	paths[0] = mpath(part, 1);
	out = mfile(3);
	if (agg_run(sp, nsp, g, ng, 1, 0, 0, flags, paths, 1, out) != 1)
		abort();
	mread(out, &second);
	if (first.len != second.len || (first.len > 0 &&
	    memcmp(first.data, second.data, first.len) != 0)) {
		fprintf(stderr, "merged:\n%.*s\nmerged twice:\n%.*s\n",
		    (int)first.len, first.data, (int)second.len, second.data);
		abort();
	}
done:
	for (i = 0; i < nsp; i++)
		agg_spec_free(&sp[i]);
	free(sp);
	tsv_header_free(&h);
	return 0;
}
