/*
 * tests/unit/test_vader.c — lib/vader.c: number formatting and rounding,
 * Python's text rules (white space, case, lower-casing, emoji), invalid
 * UTF-8, the "but" rule on long texts, and the overlay loader.  Parity with
 * the reference on whole data sets is tested in tests/sentiment.bats.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "tsv.h"
#include "vader.h"

static const char *
data(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", NF_DATADIR, name);
	return path;
}

static struct vader *
load(int overlay)
{
	struct nf_error e;
	struct vader *v = vader_new();
	int ok = 1;

	nf_error_clear(&e);
	ok &= vader_load_lexicon(v, data("vader/vader_lexicon.txt"), &e) == 0;
	ok &= vader_load_emoji(v, data("vader/emoji_utf8_lexicon.txt"), &e) == 0;
	ok &= vader_load_negate(v, data("vader/negate.txt"), &e) == 0;
	ok &= vader_load_boosters(v, data("vader/boosters.tsv"), &e) == 0;
	ok &= vader_load_special(v, data("vader/special-cases.tsv"), &e) == 0;
	if (overlay) {
		ok &= vader_load_overlay(v, data("sentiment-overlay.tsv"), &e) == 0;
		vader_set_flags(v, VADER_TYPOGRAPHIC);
	}
	check(ok, "data files load (%s)", ok ? "ok" : e.msg);
	return v;
}

static double
cmp_of(struct vader *v, const char *s)
{
	struct vader_scores sc;

	vader_score(v, s, strlen(s), &sc);
	return sc.compound;
}

static int
same(struct vader *v, const char *a, const char *b)
{
	struct vader_scores x, y;

	vader_score(v, a, strlen(a), &x);
	vader_score(v, b, strlen(b), &y);
	return x.neg == y.neg && x.neu == y.neu && x.pos == y.pos &&
	    x.compound == y.compound;
}

static void
no_error(int errnum)
{
	(void)errnum;
	abort();
}

static void
test_format(void)
{
	struct tsv_writer w;
	char tmp[32];
	long m, bad = 0;
	size_t n;

	tsv_writer_init(&w, -1, no_error);
	/* every value a score can take, as rounded doubles */
	for (m = -10000; m <= 10000; m++) {
		double x = vader_round((double)m / 10000.0, 4);
		w.len = 0;
		tsv_put_fixed(&w, x, 4);
		n = vader_format4(tmp, x);
		if (n != w.len || memcmp(tmp, w.buf, n) != 0)
			bad++;
	}
	check(bad == 0, "vader_format4 writes what tsv_put_fixed writes for "
	    "all 20001 scores (%ld differ)", bad);
	n = vader_format4(tmp, -0.0);
	check(n == 6 && memcmp(tmp, "0.0000", 6) == 0, "-0.0 is 0.0000");
	n = vader_format4(tmp, -1.0);
	check(n == 7 && memcmp(tmp, "-1.0000", 7) == 0, "-1 is -1.0000");
	tsv_writer_free(&w);
}

static void
test_round(void)
{
	char a[64], b[64];
	long i, bad = 0;
	unsigned long long s = 88172645463325252ull;

	/* random doubles in [-1, 1]: the same as printf's exact rounding */
	for (i = 0; i < 200000; i++) {
		double x;
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		x = (double)(s >> 11) / 9007199254740992.0 * 2 - 1;
		snprintf(a, sizeof(a), "%.3f", x);
		snprintf(b, sizeof(b), "%.3f", vader_round(x, 3));
		bad += strcmp(a, b) != 0;
		snprintf(a, sizeof(a), "%.4f", x);
		snprintf(b, sizeof(b), "%.4f", vader_round(x, 4));
		bad += strcmp(a, b) != 0;
	}
	check(bad == 0, "vader_round agrees with printf on 400000 values");
	/* exact binary ties round half to even, as Python's round() does */
	check(vader_round(0.0625, 3) == 0.062, "round(0.0625, 3) == 0.062");
	check(vader_round(0.9375, 3) == 0.938, "round(0.9375, 3) == 0.938");
	check(vader_round(0.5, 0) == 0.0, "round(0.5) == 0");
}

static void
test_text(struct vader *v)
{
	struct vader_scores sc;
	size_t bad;
	char *big;
	size_t i, n;

	check(cmp_of(v, "") == 0 && cmp_of(v, " \t\n ") == 0,
	    "empty and blank texts score 0");
	vader_score(v, "", 0, &sc);
	check(sc.neg == 0 && sc.neu == 0 && sc.pos == 0, "no tokens: all 0");
	check(fabs(cmp_of(v, "good") - 0.4404) < 1e-9, "good = 0.4404");
	check(fabs(cmp_of(v, "I love it but I want to protect it") -
	    0.5927) < 1e-9, "the reference's but-rule quirk: 0.5927");
	/* white space is Python's str.isspace() */
	check(same(v, "very\xC2\xA0good", "very good"), "NBSP separates words");
	check(same(v, "very\xE2\x80\xA8good", "very good"),
	    "U+2028 separates words");
	check(same(v, "very\x1fgood", "very good"), "U+001F separates words");
	check(cmp_of(v, "very\xE2\x80\x8Bgood") == 0,
	    "U+200B does not separate words");
	check(cmp_of(v, "very\xEF\xBB\xBFgood") == 0,
	    "U+FEFF does not separate words");
	/* case: str.isupper() and str.lower() */
	check(same(v, "GOOD", "good"), "one word in capitals: no emphasis");
	check(cmp_of(v, "GOOD day") > cmp_of(v, "good day"),
	    "capitals among lower case: emphasis");
	/* (compound only: the second token adds to neu) */
	check(cmp_of(v, "GOOD \xE1\xBA\x9E") == cmp_of(v, "GOOD"),
	    "capital sharp s (Lu) is upper case: no emphasis");
	check(cmp_of(v, "GOOD \xC3\x9F") == cmp_of(v, "GOOD day"),
	    "sharp s is lower case: emphasis");
	check(cmp_of(v, "GOOD \xC2\xAA") == cmp_of(v, "GOOD day"),
	    "feminine ordinal (Other_Lowercase) is lower case: emphasis");
	check(cmp_of(v, "GOOD \xE2\x85\xAB") == cmp_of(v, "GOOD"),
	    "Roman numeral twelve (Other_Uppercase) is upper case");
	check(cmp_of(v, "GOOD 2019") == cmp_of(v, "GOOD day"),
	    "digits are not upper case: \"2019\" is not isupper()");
	check(same(v, "The meal was \xE2\x84\xAAind of bad",
	    "The meal was kind of bad") &&
	    !same(v, "The meal was \xE2\x84\xAAind of bad",
	    "The meal was xind of bad"),
	    "KELVIN SIGN lower-cases to k (kind of)");
	check(cmp_of(v, "\xC4\xB0s good") == cmp_of(v, "Xs good"),
	    "dotted capital I lower-cases to i + U+0307, no ASCII word");
	/* emoji: per code point, a space before unless after U+0020 */
	check(same(v, "\xF0\x9F\x98\x80", "grinning face"), "emoji replaced");
	check(same(v, "good\xF0\x9F\x98\x80", "good grinning face"),
	    "a space is put before an emoji description");
	/* invalid UTF-8 and NUL read as U+FFFD */
	bad = vader_score(v, "good \xFF news", 10, &sc);
	check(bad == 1 && same(v, "good \xEF\xBF\xBD news", "good \xFF news"),
	    "an invalid byte is U+FFFD (1 replacement)");
	bad = vader_score(v, "good\0 news", 10, &sc);
	check(bad == 1 && fabs(sc.compound - cmp_of(v, "good\xEF\xBF\xBD news"))
	    < 1e-12, "NUL is U+FFFD");
	bad = vader_score(v, "\xE2\x80", 2, &sc);
	check(bad == 1, "a truncated sequence is one U+FFFD");
	/* typographic marks are not punctuation in the reference */
	check(!same(v, "The service isn\xE2\x80\x99t good.",
	    "The service isn't good."), "--vader: curly n't is no negation");

	/* a long text with many "but"s and repeated values: not quadratic */
	n = 400000;
	big = malloc(n * 12 + 1);
	big[0] = '\0';
	for (i = 0, n = 0; i < 400000; i++) {
		static const char *w[] = { "good ", "bad ", "but ", "love ",
		    "nice ", "so " };
		size_t l = strlen(w[i % 6]);
		memcpy(big + n, w[i % 6], l);
		n += l;
	}
	vader_score(v, big, n, &sc);
	check(sc.compound > 0.99 && sc.compound <= 1.0,
	    "400000 tokens scored (compound %.4f)", sc.compound);
	free(big);
}

static void
test_typographic(struct vader *v)
{
	check(same(v, "The service isn\xE2\x80\x99t good.",
	    "The service isn't good."), "default: curly n't is a negation");
	check(same(v, "rated \xE2\x80\x98inadequate\xE2\x80\x99.",
	    "rated 'inadequate'."), "default: curly quotes are stripped");
	check(same(v, "\xE2\x80\x9C" "excellent\xE2\x80\x9D",
	    "\"excellent\""), "default: curly double quotes are stripped");
	check(same(v, "Well\xE2\x80\xA6 that was bad", "Well... that was bad"),
	    "default: an ellipsis is three full stops");
	check(cmp_of(v, "The council requires improvement.") < -0.05,
	    "overlay: requires improvement is negative");
	check(cmp_of(v, "Children\xE2\x80\x99s services requires improvement "
	    "to be good.") < -0.05, "overlay: the longest phrase wins");
	check(cmp_of(v, "The council no longer requires improvement.") > 0.05,
	    "overlay: a phrase can be negated");
	check(cmp_of(v, "Children in care and care leavers.") == 0,
	    "overlay: valence 0 removes a word");
	check(cmp_of(v, "They addressed the backlog.") > 0.05,
	    "overlay: a negation entry negates the next word");
}

/* Write TEXT to a temporary file; returns its name (static). */
static const char *
tmpfile_with(const char *text)
{
	static char name[64];
	FILE *fp;
	int fd;

	strcpy(name, "/tmp/test_vader.XXXXXX");
	fd = mkstemp(name);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	return name;
}

static void
test_overlay_file(void)
{
	struct nf_error e;
	struct vader *v = load(0);
	const char *f;

	f = tmpfile_with("# a comment\nterm\tvalence\twhy\n\nFoo Bar\t-2\tx\n"
	    "foo bar baz\t3\ty\nfoo\t1.5\nzap\tnegation\tz\ngood\t0\n");
	nf_error_clear(&e);
	check(vader_load_overlay(v, f, &e) == 0, "overlay with header, "
	    "comments, a blank line, capitals");
	unlink(f);
	check(cmp_of(v, "so foo bar ok") < 0, "a phrase is one word (-2)");
	check(cmp_of(v, "so foo bar baz") > cmp_of(v, "so foo"),
	    "the longest phrase wins (3)");
	check(cmp_of(v, "FOO") > 0 && cmp_of(v, "foo") == cmp_of(v, "Foo"),
	    "terms are matched case-insensitively");
	check(cmp_of(v, "zap nice") < 0, "a negation entry negates");
	check(cmp_of(v, "good") == 0, "valence 0 removes a lexicon word");
	vader_free(v);

	v = vader_new();
	f = tmpfile_with("term\tvalence\nok\t1\nbroken line\n");
	nf_error_clear(&e);
	check(vader_load_overlay(v, f, &e) == -1 && e.line == 3 &&
	    strstr(e.msg, "TERM") != NULL, "a line without valence: error at "
	    "line 3 (%s)", e.msg);
	unlink(f);
	f = tmpfile_with("x\t9\n");
	nf_error_clear(&e);
	check(vader_load_overlay(v, f, &e) == -1 && e.line == 1,
	    "valence outside -4..4 is an error");
	unlink(f);
	f = tmpfile_with("x y\tnegation\n");
	nf_error_clear(&e);
	check(vader_load_overlay(v, f, &e) == -1, "a two-word negation is an "
	    "error");
	unlink(f);
	nf_error_clear(&e);
	check(vader_load_overlay(v, "/nonexistent/overlay.tsv", &e) == -1 &&
	    e.code == NF_EIO, "a missing file is an I/O error");
	vader_free(v);
}

int
main(void)
{
	struct vader *v;

	test_format();
	test_round();
	v = load(0);
	test_text(v);
	vader_free(v);
	v = load(1);
	test_typographic(v);
	vader_free(v);
	test_overlay_file();
	return done();
}
