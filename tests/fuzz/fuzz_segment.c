/*
 * tests/fuzz/fuzz_segment.c — segment's per-document work: page layout and
 * sentence boundaries on any bytes.  Checks the invariants the filter
 * relies on: paragraphs and sentences are in order, do not overlap, begin
 * and end on non-space bytes and lie inside the document.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "layout.h"
#include "sentence.h"

#ifndef NF_DATADIR
#define NF_DATADIR "data"
#endif

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct layout *l;
	static struct sent_splitter *sp;
	const char *d = (const char *)data;
	const struct sent_span *span;
	size_t np, i, k, ns, prev = 0;

	if (l == NULL) {
		struct nf_error e;
		struct layout_rules *lr = layout_rules_load(NF_DATADIR
		    "/segment-layout.tsv", &e);
		struct sent_rules *sr = sent_rules_load(NF_DATADIR
		    "/segment-abbreviations.tsv", &e);

		if (lr == NULL || sr == NULL)
			abort();
		l = layout_new(lr);
		sp = sent_splitter_new(sr);
	}
	np = layout_document(l, d, size);
	for (i = 0; i < np; i++) {
		const struct layout_para *p = layout_para(l, i);

		if (p->start < prev || p->end <= p->start || p->end > size ||
		    space(d[p->start]) || space(d[p->end - 1]))
			abort();
		if (p->comment >= 0 && layout_comment(l, p->comment) == NULL)
			abort();
		prev = p->end;
		for (int mode = 0; mode < 3; mode++) {
			size_t last = p->start;

			ns = sent_split(sp, d, p->start, p->end, mode, &span);
			if (ns == 0 || (mode == SENT_WHOLE && ns != 1))
				abort();
			for (k = 0; k < ns; k++) {
				size_t j;

				/* only whitespace between two sentences */
				for (j = last; k > 0 && j < span[k].start; j++)
					if (!space(d[j]))
						abort();
				if (span[k].start < last ||
				    span[k].end <= span[k].start ||
				    span[k].end > p->end ||
				    space(d[span[k].start]) ||
				    space(d[span[k].end - 1]))
					abort();
				last = span[k].end;
			}
			if (span[0].start != p->start ||
			    span[ns - 1].end != p->end)
				abort();
		}
	}
	return 0;
}
