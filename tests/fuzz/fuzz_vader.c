/*
 * tests/fuzz/fuzz_vader.c — lib/vader.c on any bytes, in both modes: the
 * scores are in range (neg, neu, pos in 0..1 adding up to 1 within rounding,
 * compound in -1..1), scoring is deterministic, and the count of U+FFFD
 * replacements is at most the input's length.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "vader.h"

static struct vader *
engine(int overlay)
{
	static const char *files[] = { "vader/vader_lexicon.txt",
	    "vader/emoji_utf8_lexicon.txt", "vader/negate.txt",
	    "vader/boosters.tsv", "vader/special-cases.tsv" };
	int (*load[])(struct vader *, const char *, struct nf_error *) = {
	    vader_load_lexicon, vader_load_emoji, vader_load_negate,
	    vader_load_boosters, vader_load_special };
	struct nf_error e;
	struct vader *v = vader_new();
	char path[4096];
	size_t i;

	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", NF_DATADIR, files[i]);
		if (load[i](v, path, &e) == -1)
			abort();
	}
	if (overlay) {
		snprintf(path, sizeof(path), "%s/sentiment-overlay.tsv",
		    NF_DATADIR);
		if (vader_load_overlay(v, path, &e) == -1)
			abort();
		snprintf(path, sizeof(path), "%s/sentiment-mentions.tsv",
		    NF_DATADIR);
		if (vader_load_mentions(v, path, &e) == -1)
			abort();
		vader_set_flags(v, VADER_TYPOGRAPHIC);
	}
	return v;
}

static void
check(struct vader *v, const uint8_t *data, size_t size)
{
	struct vader_scores a, b;
	size_t bad = vader_score(v, (const char *)data, size, &a);
	double sum = a.neg + a.neu + a.pos;

	if (bad > size)
		abort();
	if (!(a.neg >= 0 && a.neg <= 1 && a.neu >= 0 && a.neu <= 1 &&
	    a.pos >= 0 && a.pos <= 1 && a.compound >= -1 && a.compound <= 1))
		abort();
	if (sum != 0 && fabs(sum - 1) > 0.0021)
		abort();
	if (sum == 0 && a.compound != 0)
		abort();
	vader_score(v, (const char *)data, size, &b);
	if (a.neg != b.neg || a.neu != b.neu || a.pos != b.pos ||
	    a.compound != b.compound)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vader *plain, *overlay;

	if (plain == NULL) {
		plain = engine(0);
		overlay = engine(1);
	}
	check(plain, data, size);
	check(overlay, data, size);
	return 0;
}
