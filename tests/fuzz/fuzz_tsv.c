/*
 * tests/fuzz/fuzz_tsv.c — the wire-format reader and writer: read every row
 * of the input, copy each field through tsv_unescape and the escaping
 * writer, and check that escaping then unescaping gives the bytes back.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "tsv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tsv_writer w;
	static int devnull = -1;
	char *paths[1];
	struct tsv_input *in;
	const struct tsv_header *h;
	struct tsv_row row;
	struct nf_error e;
	struct buf dec = { NULL, 0, 0 };
	size_t i;
	int rc;

	if (devnull == -1) {
		devnull = open("/dev/null", O_WRONLY);
		tsv_writer_init(&w, devnull, NULL);
	}
	paths[0] = (char *)fuzz_file_with(data, size);
	in = tsv_input_open(paths, 1, NULL);
	nf_error_clear(&e);
	if (tsv_input_header(in, &h, &e) == 1) {
		tsv_put_header(&w, h, NULL, 0);
		while ((rc = tsv_input_next(in, &row, &e)) == 1) {
			for (i = 0; i < row.n; i++) {
				size_t start = w.len, n;

				buf_clear(&dec);
				tsv_unescape_into(&dec, row.field[i],
				    row.len[i]);
				if (w.cap - w.len < 2 * dec.len + 1)
					tsv_writer_flush(&w), start = 0;
				tsv_put_text(&w, dec.data, dec.len);
				/* escaping round-trips exactly */
				n = tsv_unescape(w.buf + start, w.buf + start,
				    w.len - start);
				if (n != dec.len || memcmp(w.buf + start,
				    dec.data, n) != 0)
					abort();
				w.len = start;
				tsv_put_raw(&w, row.field[i], row.len[i]);
				tsv_put_tab(&w);
			}
			tsv_put_eol(&w);
		}
		if (rc == -1 && e.msg[0] == '\0')
			abort();	/* every error has a message */
	}
	tsv_input_close(in);
	buf_free(&dec);
	return 0;
}
