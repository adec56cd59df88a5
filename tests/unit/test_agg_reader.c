/*
 * tests/unit/test_agg_reader.c — lib/tsv.c's tsv_input_next_upto, the
 * reader aggregate uses, against tsv_input_next on the same inputs: the
 * same rows (field count, line, file), the same first NEED fields, the
 * same errors at the same place.  Random inputs around what its fast path
 * leaves to the general one: ragged rows, a raw CR anywhere, CRLF line
 * ends, empty lines, a last line without LF, a BOM before headerless rows
 * (--columns), several inputs, lines across the 1 MiB read buffer's end
 * and a line longer than it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "tsv.h"

static unsigned long long seed = 20261130;

static unsigned
rnd(unsigned n)
{
	return tap_rand(&seed, n);
}

/* a random body of M rows of K fields (mostly), into B */
static void
gen_rows(struct buf *b, size_t m, size_t k, size_t maxf, int oddities)
{
	static const char bytes[] = "ab\\x\xc3\xa9" "0123456789.-";
	size_t i, f, nf, len, j;

	for (i = 0; i < m; i++) {
		nf = k;
		if (oddities && rnd(40) == 0)
			nf = k + rnd(3) - (k > 1 ? 1 : 0);	/* ragged */
		if (oddities && rnd(60) == 0)
			nf = 0;					/* empty line */
		for (f = 0; f < nf; f++) {
			if (f > 0)
				buf_addc(b, '\t');
			len = rnd((unsigned)maxf + 1);
			for (j = 0; j < len; j++)
				buf_addc(b, bytes[rnd(sizeof(bytes) - 1)]);
		}
		if (oddities && rnd(50) == 0 && b->len > 0)
			b->data[b->len - 1 - rnd(b->len > 30 ? 30 : 1)] = '\r';
		if (oddities && rnd(30) == 0)
			buf_addc(b, '\r');			/* CRLF */
		buf_addc(b, '\n');
	}
}

static char *
write_file(const struct buf *b)
{
	char *path = nf_xstrdup("/tmp/nf-test-agg-reader-XXXXXX");
	int fd;

	if ((fd = mkstemp(path)) < 0 ||
	    (b->len > 0 && write(fd, b->data, b->len) != (ssize_t)b->len))
		abort();
	close(fd);
	return path;
}

/* read PATHS both ways; 1 if they agree throughout */
static int
same_reading(char **paths, size_t np, const char *columns, size_t need,
    unsigned long *rows)
{
	struct tsv_opts o = { columns, NULL };
	struct tsv_input *a = tsv_input_open(paths, np, &o);
	struct tsv_input *b = tsv_input_open(paths, np, &o);
	const struct tsv_header *ha, *hb;
	struct tsv_row ra, rb;
	struct nf_error ea, eb;
	int rca, rcb, ok = 1;
	size_t f;

	nf_error_clear(&ea);
	nf_error_clear(&eb);
	rca = tsv_input_header(a, &ha, &ea);
	rcb = tsv_input_header(b, &hb, &eb);
	if (rca != rcb)
		ok = 0;
	while (ok && rca == 1) {
		rca = tsv_input_next(a, &ra, &ea);
		rcb = tsv_input_next_upto(b, &rb, need, &eb);
		if (rca != rcb) {
			ok = 0;
		} else if (rca == 1) {
			(*rows)++;
			if (ra.n != rb.n || ra.line != rb.line ||
			    strcmp(ra.file, rb.file) != 0)
				ok = 0;
			for (f = 0; ok && f < need && f < ra.n; f++)
				if (ra.len[f] != rb.len[f] ||
				    memcmp(ra.field[f], rb.field[f],
				    ra.len[f]) != 0)
					ok = 0;
		} else if (rca == -1) {
			if (strcmp(ea.msg, eb.msg) != 0 ||
			    strcmp(ea.file, eb.file) != 0 || ea.line != eb.line)
				ok = 0;
		}
	}
	if (!ok)
		printf("# differ: rc %d/%d, line %lu/%lu, '%s' / '%s'\n", rca,
		    rcb, ra.line, rb.line, ea.msg, eb.msg);
	tsv_input_close(a);
	tsv_input_close(b);
	return ok;
}

static void
header(struct buf *b, size_t k, char *list)
{
	char name[16];
	size_t i;
	int n;

	for (i = 0; i < k; i++) {
		n = snprintf(list, 8, "%sc%zu", i > 0 ? "," : "", i);
		list += n;
		n = snprintf(name, sizeof(name), "%sc%zu", i > 0 ? "\t" : "",
		    i);
		buf_add(b, name, (size_t)n);
	}
	buf_addc(b, '\n');
}

/*
 * B written to a file and read with NEED columns both ways: 1 when the
 * two readings agree and give WANT rows
 */
static int
file_reads_same(const struct buf *b, size_t need, unsigned long want)
{
	char *paths[1];
	unsigned long rows = 0;
	int ok;

	paths[0] = write_file(b);
	ok = same_reading(paths, 1, NULL, need, &rows) && rows == want;
	unlink(paths[0]);
	free(paths[0]);
	return ok;
}

int
main(void)
{
	struct buf b = { 0 }, body = { 0 };
	char *paths[3], list[64];
	size_t t, k, np, i, need, m;
	unsigned long rows = 0;
	int ok = 1, cols;

	/* small random inputs, every way of asking */
	for (t = 0; t < 400 && ok; t++) {
		k = 1 + rnd(6);
		np = 1 + rnd(3);
		cols = rnd(4) == 0;
		need = rnd(5) == 0 ? 0 : 1 + rnd((unsigned)k + 2);
		for (i = 0; i < np; i++) {
			buf_clear(&b);
			list[0] = '\0';
			if (cols && rnd(3) == 0)
				buf_add(&b, "\xEF\xBB\xBF", 3);
			if (!cols)
				header(&b, k, list);
			else
				header(&body, k, list);	/* only the list */
			m = rnd(40);
			gen_rows(&b, m, k, rnd(3) == 0 ? 40 : 8, 1);
			if (b.len > 0 && rnd(4) == 0)
				b.len--;		/* no LF at the end */
			paths[i] = write_file(&b);
		}
		ok = same_reading(paths, np, cols ? list : NULL, need, &rows);
		for (i = 0; i < np; i++) {
			unlink(paths[i]);
			free(paths[i]);
		}
		buf_clear(&body);
	}
	check(ok, "400 small random inputs read the same (%lu rows)", rows);

	/* 3 MB of clean rows: lines across the read buffer's end */
	buf_clear(&b);
	header(&b, 3, list);
	gen_rows(&b, 150000, 3, 12, 0);
	paths[0] = write_file(&b);
	rows = 0;
	ok = same_reading(paths, 1, NULL, 3, &rows) && rows == 150000;
	check(ok, "3 MB of rows read the same (%lu rows)", rows);
	rows = 0;
	ok = same_reading(paths, 1, NULL, 1, &rows) && rows == 150000;
	check(ok, "... and reading only the first column");
	unlink(paths[0]);
	free(paths[0]);

	/* a line longer than the read buffer, between short ones */
	buf_clear(&b);
	header(&b, 2, list);
	gen_rows(&b, 1000, 2, 10, 0);
	buf_addc(&b, 'x');
	for (i = 0; i < (3u << 19); i++)
		buf_addc(&b, i % 1000 == 0 ? 'y' : 'z');
	buf_add(&b, "\tlast\n", 6);
	gen_rows(&b, 1000, 2, 10, 0);
	check(file_reads_same(&b, 2, 2001),
	    "a 1.5 MB line between short ones reads the same");

	/* the errors, placed as tsv_input_next places them */
	buf_clear(&b);
	buf_add(&b, "a\tb\n1\t2\n3\t4\t5\n", 14);
	check(file_reads_same(&b, 1, 1), "a ragged row is the same error");
	buf_clear(&b);
	buf_add(&b, "a\tb\n1\t2\n3\t4\r5\n", 14);
	check(file_reads_same(&b, 2, 1), "a raw CR is the same error");

	buf_free(&b);
	buf_free(&body);
	return done();
}
