/*
 * tests/unit/test_vader_nosimd.c — lib/vader.c built without SSE2 (the
 * portable SWAR scan that other CPUs use) must give the reference VADER's
 * scores too: parity on the three evaluation sets in tests/eval/sentiment/,
 * all four columns within 1e-4.  This file compiles its own copy of
 * lib/vader.c, so the library's (SSE2) object is not linked.
 */
#define VADER_NO_SIMD 1
#include "../../lib/vader.c"

#include "tap.h"
#include "tsv.h"

/* Field F (0-based) of LINE, TAB-separated, into OUT (NUL-terminated). */
static int
get_field(const char *line, int f, char *out, size_t cap)
{
	const char *p = line, *q;
	size_t n;

	while (f-- > 0) {
		if ((p = strchr(p, '\t')) == NULL)
			return -1;
		p++;
	}
	q = strpbrk(p, "\t\n");
	n = q != NULL ? (size_t)(q - p) : strlen(p);
	if (n >= cap)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return (int)n;
}

static void
parity(struct vader *v, const char *set, int textcol)
{
	char path[256], line[65536], ref[1024], text[65536], num[64];
	FILE *in, *rf;
	struct vader_scores sc;
	long rows = 0, bad = 0;
	int n, i;

	snprintf(path, sizeof(path), "tests/eval/sentiment/%s.tsv", set);
	in = fopen(path, "r");
	snprintf(path, sizeof(path), "tests/eval/sentiment/%s.ref.tsv", set);
	rf = fopen(path, "r");
	if (in == NULL || rf == NULL) {
		printf("ok %d - # SKIP %s: tests/eval/sentiment not found "
		    "(run from the top of the source tree)\n", ++tap_n, set);
		if (in != NULL)
			fclose(in);
		if (rf != NULL)
			fclose(rf);
		return;
	}
	/* headers */
	if (fgets(line, sizeof(line), in) == NULL ||
	    fgets(ref, sizeof(ref), rf) == NULL)
		bad++;
	while (fgets(line, sizeof(line), in) != NULL) {
		double want[4], got[4];

		if (fgets(ref, sizeof(ref), rf) == NULL) {
			bad++;
			break;
		}
		n = get_field(line, textcol, text, sizeof(text));
		if (n < 0) {
			bad++;
			continue;
		}
		n = (int)tsv_unescape(text, text, (size_t)n);
		vader_score(v, text, (size_t)n, &sc);
		got[0] = sc.neg;
		got[1] = sc.neu;
		got[2] = sc.pos;
		got[3] = sc.compound;
		for (i = 0; i < 4; i++) {
			if (get_field(ref, i + 1, num, sizeof(num)) < 0)
				want[i] = 1e9;
			else
				want[i] = strtod(num, NULL);
			if (fabs(got[i] - want[i]) > 1e-4)
				break;
		}
		bad += i < 4;
		rows++;
	}
	check(rows > 0 && bad == 0, "SWAR build: %s parity, %ld rows, %ld "
	    "differ", set, rows, bad);
	fclose(in);
	fclose(rf);
}

int
main(void)
{
	struct nf_error e;
	struct vader *v = vader_new();
	char path[4096];
	int ok = 1;

	nf_error_clear(&e);
#define LOAD(fn, name) \
	snprintf(path, sizeof(path), "%s/vader/%s", NF_DATADIR, name); \
	ok &= fn(v, path, &e) == 0
	LOAD(vader_load_lexicon, "vader_lexicon.txt");
	LOAD(vader_load_emoji, "emoji_utf8_lexicon.txt");
	LOAD(vader_load_negate, "negate.txt");
	LOAD(vader_load_boosters, "boosters.tsv");
	LOAD(vader_load_special, "special-cases.tsv");
	check(ok, "data files load");
	parity(v, "tweets", 2);
	parity(v, "amazon", 2);
	parity(v, "quirks", 2);
	vader_free(v);
	return done();
}
