/*
 * tests/fuzz/fuzz_agg.c — aggregate's single pass (lib/agg.h: rows fed to
 * agg_add_row) on any stream, checked against its own promise: cut the rows
 * in two chunks, write each chunk's partial states, merge them in reverse
 * order, and the result is byte for byte the single pass's.  A single pass
 * that fails must fail in a chunk too, and the other way round.
 *
 * Input: four control bytes, then a wire-format stream (header first).
 *   byte 0  bits 0-1 groups: none, the first column, the first two, the
 *           last; bit 2 --skip-invalid; bit 3 --sort; bit 4 --csv
 *   byte 1  low nibble: the numeric column, high nibble: the text column
 *           (indexes modulo the number of columns)
 *   byte 2  which operations (0: all): bit 0 count, count:N; 1 sum, mean;
 *           2 var, stdev, pvar, pstdev; 3 min, max; 4 median, q1, q3, pNN;
 *           5 mode, distinct; 6 first, last, collapse; 7 share:T=x
 *   byte 3  where to cut the rows (modulo rows + 1), and NN of pNN
 */
#include "aggrun.h"

static const char *const opsets[8][4] = {
	{ "count", "count:N", NULL },
	{ "sum:N", "mean:N", NULL },
	{ "var:N", "stdev:N", "pvar:N", "pstdev:N" },
	{ "min:N", "max:N", NULL },
	{ "median:N", "q1:N", "q3:N", "pNN:N" },
	{ "mode:T", "distinct:T", NULL },
	{ "first:T", "last:T", "collapse:T", NULL },
	{ "share:T=x", NULL }
};

/* "mean:N" with N and T replaced by column names and NN by PCT. */
static void
operand(char *out, size_t cap, const char *tmpl, const char *ncol,
    const char *tcol, int pct)
{
	size_t o = 0;
	const char *p;

	for (p = tmpl; *p != '\0' && o + 1 < cap; p++) {
		const char *s = NULL;
		char num[8];

		if (p[0] == 'N' && p[1] == 'N') {
			snprintf(num, sizeof(num), "%d", pct);
			s = num;
			p++;
		} else if (*p == 'N')
			s = ncol;
		else if (*p == 'T')
			s = tcol;
		if (s == NULL) {
			out[o++] = *p;
			continue;
		}
		while (*s != '\0' && o + 1 < cap)
			out[o++] = *s++;
	}
	out[o] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf single, merged;
	struct agg_spec sp[32];
	struct tsv_header h = { 0, NULL };
	struct nf_error e;
	const char *d = (const char *)data + 4, *end, *hl_end, *cut;
	char *g[2], *paths[2], *arg;
	size_t nsp = 0, ng = 0, nrows = 0, i, k, len;
	unsigned flags = 0;
	int skip, in, p1, p2, out, r, r1, r2, rm;
	uint8_t c0, c1, c2, c3;

	if (size < 4)
		return 0;
	c0 = data[0];
	c1 = data[1];
	c2 = data[2] ? data[2] : 0xFF;
	c3 = data[3];
	len = size - 4;
	end = d + len;

	/* the header line, parsed as the reader will (BOM, CR aside) */
	if ((hl_end = memchr(d, '\n', len)) == NULL)
		hl_end = end;
	{
		const char *hp = d;
		size_t hn = (size_t)(hl_end - d);
		char *copy;

		if (hn >= 3 && memcmp(hp, "\xEF\xBB\xBF", 3) == 0)
			hp += 3, hn -= 3;
		if (hn > 0 && hp[hn - 1] == '\r')
			hn--;
		copy = nf_xmemdup(hp, hn);
		for (i = 0; i < hn; i++)
			if (copy[i] == '\t')
				copy[i] = ',';
		nf_error_clear(&e);
		r = memchr(hp, ',', hn) == NULL && memchr(hp, '\0', hn) == NULL ?
		    tsv_header_parse_list(&h, copy, &e) : -1;
		free(copy);
		if (r == -1)
			return 0;	/* the reader's own target covers this */
	}

	/* group columns and operations from the control bytes */
	switch (c0 & 3) {
	case 1:
		g[ng++] = h.name[0];
		break;
	case 2:
		g[ng++] = h.name[0];
		if (h.n > 1)
			g[ng++] = h.name[1];
		break;
	case 3:
		g[ng++] = h.name[h.n - 1];
		break;
	}
	skip = (c0 >> 2) & 1;
	if (c0 & 8)
		flags |= AGG_OUT_SORT;
	if (c0 & 16)
		flags |= AGG_OUT_CSV;
	/* room for a template with both names in it: a column name can be as
	 * long as the header line (crashes/fuzz_agg/long-column-name: a
	 * 542-byte name cut short in a fixed buffer lost "share"'s "=x") */
	{
		const char *nc = h.name[(c1 & 15) % h.n];
		const char *tc = h.name[(c1 >> 4) % h.n];
		size_t cap = strlen(nc) + strlen(tc) + 32;

		arg = nf_xmalloc(cap);
		for (i = 0; i < 8; i++) {
			if (!(c2 & (1u << i)))
				continue;
			for (k = 0; k < 4 && opsets[i][k] != NULL; k++) {
				operand(arg, cap, opsets[i][k], nc, tc,
				    c3 % 101);
				if (agg_spec_parse(&sp[nsp], arg, &e) == -1)
					abort();  /* valid names and operations */
				nsp++;
			}
		}
		free(arg);
	}
	if (!names_unique(g, ng, sp, nsp))
		goto out;

	/* the single pass */
	in = mfile(0);
	mwrite(in, d, len);
	paths[0] = mpath(in, 0);
	out = mfile(1);
	r = agg_run(sp, nsp, g, ng, 0, 0, skip, flags, paths, 1, out);
	if (r == 1)
		mread(out, &single);

	/* two chunks: the header, then rows [0, k) and [k, n) */
	for (cut = hl_end; cut < end; nrows++)
		if ((cut = memchr(cut + 1, '\n', (size_t)(end - cut - 1))) ==
		    NULL)
			cut = end;
	k = nrows > 0 ? c3 % (nrows + 1) : 0;
	for (cut = hl_end, i = 0; i < k && cut < end; i++)
		if ((cut = memchr(cut + 1, '\n', (size_t)(end - cut - 1))) ==
		    NULL)
			cut = end;
	p1 = mfile(2);
	p2 = mfile(3);
	in = mfile(0);
	mwrite(in, d, (size_t)(cut - d));
	/* the LF of the chunk's last line (of the header when k == 0): an
	 * empty last row is still a row (crashes/fuzz_agg/empty-row-at-cut) */
	if (cut < end)
		mwrite(in, "\n", 1);
	r1 = agg_run(sp, nsp, g, ng, 0, 1, skip, AGG_OUT_PARTIAL, paths, 1, p1);
	in = mfile(0);
	mwrite(in, d, (size_t)(hl_end - d));
	if (cut < end) {
		mwrite(in, cut, (size_t)(end - cut));
	}
	r2 = agg_run(sp, nsp, g, ng, 0, 2, skip, AGG_OUT_PARTIAL, paths, 1, p2);
	if ((r == -1) != (r1 == -1 || r2 == -1))
		abort();	/* an error in the whole is an error in a part */
	if (r == 1 && r1 == 1 && r2 == 1) {
		/* merged in reverse order: the same bytes as one pass */
		paths[0] = mpath(p2, 1);
		paths[1] = mpath(p1, 2);
		out = mfile(4);
		rm = agg_run(sp, nsp, g, ng, 1, 0, 0, flags, paths, 2, out);
		if (rm != 1)
			abort();
		mread(out, &merged);
		if (merged.len != single.len || (single.len > 0 &&
		    memcmp(merged.data, single.data, single.len) != 0)) {
			fprintf(stderr, "single pass:\n%.*s\nmerged:\n%.*s\n",
			    (int)single.len, single.data, (int)merged.len,
			    merged.data);
			abort();
		}
	}
out:
	for (i = 0; i < nsp; i++)
		agg_spec_free(&sp[i]);
	tsv_header_free(&h);
	return 0;
}
