/* tests/unit/test_csvio.c — lib/csvio.c: records, lines, errors, output. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "tap.h"

struct seen {
	size_t	records;
	size_t	nfields[8];
	unsigned long line[8];
	char	last[256];
};

static int
record(void *ctx, size_t n, const char *const *f, const size_t *len,
    unsigned long line, struct nf_error *e)
{
	struct seen *s = ctx;

	(void)e;
	if (s->records < 8) {
		s->nfields[s->records] = n;
		s->line[s->records] = line;
	}
	if (n > 1 && len[1] < sizeof(s->last)) {
		memcpy(s->last, f[1], len[1]);
		s->last[len[1]] = '\0';
	}
	s->records++;
	return 0;
}

static int
parse(const char *text, struct seen *s, struct nf_error *e)
{
	char path[] = "/tmp/nf-test-csv-XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	lseek(fd, 0, SEEK_SET);
	memset(s, 0, sizeof(*s));
	nf_error_clear(e);
	rc = csvio_read(fd, "t.csv", record, s, e);
	close(fd);
	unlink(path);
	return rc;
}

int
main(void)
{
	struct seen s;
	struct nf_error e;

	check(parse("id,text\na,b\n", &s, &e) == 0 && s.records == 2 &&
	    s.nfields[0] == 2 && strcmp(s.last, "b") == 0, "two records");
	check(parse("id,text\na,\"one\ntwo, \"\"three\"\"\"\nb,c\n", &s, &e) == 0 &&
	    s.records == 3 && s.line[1] == 2 && s.line[2] == 4,
	    "a quoted field spans lines; records know their first line");
	check(parse("id,text\na,\"x\ny\"\n", &s, &e) == 0 &&
	    strcmp(s.last, "x\ny") == 0, "line break kept inside the field");
	check(parse("id,text\r\na, spaced \r\n", &s, &e) == 0 &&
	    strcmp(s.last, " spaced ") == 0, "CRLF records; spaces kept");
	check(parse("id,text\na,\"never closed\nstill\n", &s, &e) == -1 &&
	    e.line == 2 && strstr(e.msg, "unterminated") != NULL,
	    "unterminated quote names the record's line: %s", e.msg);
	check(parse("", &s, &e) == 0 && s.records == 0, "empty input");
	{
		struct tsv_writer w;
		int p[2];
		char got[64];
		ssize_t n;

		if (pipe(p) != 0)
			abort();
		tsv_writer_init(&w, p[1], NULL);
		csvio_put_field(&w, "plain", 5);
		tsv_put_char(&w, ',');
		csvio_put_field(&w, "a,\"b\"", 5);
		tsv_writer_flush(&w);
		close(p[1]);
		n = read(p[0], got, sizeof(got) - 1);
		got[n > 0 ? n : 0] = '\0';
		check(strcmp(got, "plain,\"a,\"\"b\"\"\"") == 0,
		    "CSV output quotes only where needed: %s", got);
		tsv_writer_free(&w);
		close(p[0]);
	}
	return done();
}
