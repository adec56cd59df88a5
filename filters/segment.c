/*
 * segment: article pages in, one row per sentence (or paragraph) out.
 *
 * Option handling, reading documents (files, stdin, --files0-from, or the
 * rows of a --tsv/--csv table) and writing rows.  The page layout is
 * lib/layout.c, sentence boundaries lib/sentence.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "cli.h"
#include "csvio.h"
#include "layout.h"
#include "sentence.h"
#include "strmap.h"
#include "swar.h"
#include "tsv.h"
#include "utf8.h"

static const char help_text[] =
"Usage: segment [OPTION]... [FILE]...\n"
"  or:  segment [OPTION]... --files0-from=F\n"
"  or:  segment --tsv|--csv [OPTION]... [TABLE]...\n"
"Split news articles into sentences (or paragraphs), labelled with the part\n"
"of the page they belong to, and write them as TSV.\n"
"\n"
"Each FILE is one document; its id is the file name without directory and\n"
"extension.  With no FILE, or when FILE is -, read one document from\n"
"standard input (id \"stdin\").\n"
"\n"
"Output columns: doc par sent section comment author posted text\n"
"  section is headline, standfirst, caption, heading, body, comments-header,\n"
"  comment or boilerplate; comment is the thread position (3, 3.1), author\n"
"  and posted (ISO 8601) come from the comment's header line.\n"
"\n"
"Options:\n"
"      --csv               read CSV tables whose id and text columns are\n"
"                          documents (quoted fields may span lines)\n"
"      --tsv               read wire-format tables the same way\n"
"      --id-field=NAME     the id column of --csv/--tsv tables (default id)\n"
"  -f, --field=NAME        the text column of --csv/--tsv tables (default text)\n"
"      --files0-from=F     read the documents named by NUL-terminated names\n"
"                          in file F; if F is -, read the names from stdin\n"
"      --offsets           add columns start and end: byte offsets of each\n"
"                          row's text in its document (end exclusive)\n"
"      --strict            invalid UTF-8 or a NUL byte is an error, not a\n"
"                          warning (it is otherwise replaced by U+FFFD)\n"
"  -u, --unit=UNIT         sentence (default) or paragraph; paragraph rows\n"
"                          have no sent column\n"
"      --columns=LIST    with --tsv: the tables have no header line; LIST\n"
"                        names their columns\n"
CLI_HELP_NO_HEADER_OUT CLI_HELP_DATA_DIR CLI_HELP_INFO
"\n"
"Exit status: 0 success, 1 bad data or I/O failure, 2 usage error.\n"
"Full documentation: man segment; the wire format: man newsfilters.\n";

enum {
	OPT_CSV = CLI_OPT_FIRST_FREE,
	OPT_TSV,
	OPT_ID_FIELD,
	OPT_FILES0_FROM,
	OPT_OFFSETS,
	OPT_STRICT
};

static const struct option longopts[] = {
	{ "csv",		no_argument,		NULL, OPT_CSV },
	{ "tsv",		no_argument,		NULL, OPT_TSV },
	{ "id-field",		required_argument,	NULL, OPT_ID_FIELD },
	{ "field",		required_argument,	NULL, 'f' },
	{ "files0-from",	required_argument,	NULL, OPT_FILES0_FROM },
	{ "offsets",		no_argument,		NULL, OPT_OFFSETS },
	{ "strict",		no_argument,		NULL, OPT_STRICT },
	{ "unit",		required_argument,	NULL, 'u' },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct segment {
	struct layout		*layout;
	struct sent_splitter	*splitter;
	struct tsv_writer	*out;
	int			 paragraphs;	/* --unit paragraph */
	int			 offsets;
	int			 strict;
	const char		*id_field;
	const char		*text_field;
	struct buf		 doc;		/* the current document */
	struct buf		 id;		/* its id */
	struct strmap		 seen;		/* ids of files read so far */
	/* tables: the row before, and rows that repeat its id */
	struct buf		 prev_id;
	char			*prev_file;	/* NULL: no row yet */
	char			*rep_file;
	unsigned long		 rep_line;	/* the first repeat */
	struct buf		 rep_id;
	size_t			 nrep;
	const char *const	*cols;		/* the output header */
	size_t			 ncols;
	int			 header_out;	/* written */
};

/*
 * The output header, once.  A table's own header is checked first, so that
 * a table without its id or text column (or with a bad header) is an error
 * with no output at all, as in the other filters; an empty article still
 * gets the header (an empty table does not).
 */
static void
put_header(struct segment *sg)
{
	if (sg->header_out)
		return;
	tsv_put_header(sg->out, NULL, sg->cols, sg->ncols);
	sg->header_out = 1;
}

/*
 * Write D[S, E) escaped, each run of ASCII whitespace as one space (the span
 * is trimmed, so a space is due exactly when the last byte written is not
 * one), and with SANITIZE ill-formed UTF-8 and NUL as U+FFFD.
 */
static void
put_collapsed(struct tsv_writer *w, const char *d, size_t s, size_t e,
    int sanitize)
{
	/* 1: whitespace, 2: backslash, 4: needs the UTF-8 check */
	static unsigned char need[256];
	const unsigned char *u = (const unsigned char *)d;
	char *o;
	size_t len;
	int mask = sanitize ? 7 : 3, c;

	if (need[' '] == 0) {
		need[' '] = need['\t'] = need['\n'] = need['\r'] = 1;
		need['\\'] = 2;
		need[0] = 4;
		for (c = 0x80; c < 256; c++)
			need[c] = 4;
	}
	if (w->cap - w->len < 3 * (e - s) + 8)
		tsv_writer_grow(w, 3 * (e - s) + 8);
	o = w->buf + w->len;
	while (s < e) {
		/*
		 * Sixteen (SSE2) or eight bytes at a time while they hold
		 * nothing to change: no control byte, backslash or (when
		 * sanitizing) non-ASCII, and no space next to another space.
		 */
#ifdef __SSE2__
		while (e - s >= 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + s));
			unsigned bad, sp;

			/* bytes below 0x20: unsigned min with 0x1F is the byte */
			bad = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			    _mm_min_epu8(x, _mm_set1_epi8(0x1F)), x)) |
			    (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
			    _mm_set1_epi8('\\')));
			if (sanitize)
				bad |= (unsigned)_mm_movemask_epi8(x);
			sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
			    _mm_set1_epi8(' ')));
			if (bad != 0 || (sp & (sp >> 1)) != 0 ||
			    ((sp & 1) && o[-1] == ' '))
				break;
			_mm_storeu_si128((__m128i *)(void *)o, x);
			o += 16;
			s += 16;
		}
#endif
		while (e - s >= 8) {
			uint64_t x, sp;

			memcpy(&x, u + s, 8);
			sp = swar_zero_bytes(x ^ 0x2020202020202020ull);
			if (swar_zero_bytes(x & 0xE0E0E0E0E0E0E0E0ull) != 0 ||
			    swar_zero_bytes(x ^ 0x5C5C5C5C5C5C5C5Cull) != 0 ||
			    (sanitize && (x & 0x8080808080808080ull) != 0) ||
			    (sp & (sp << 8)) != 0 || ((sp & 0x80) && o[-1] == ' '))
				break;
			memcpy(o, u + s, 8);
			o += 8;
			s += 8;
		}
		if (s >= e)
			break;
		c = u[s];
		if (!(need[c] & mask)) {
			*o++ = (char)c;
			s++;
		} else if (need[c] == 1) {
			if (o[-1] != ' ')
				*o++ = ' ';
			s++;
		} else if (need[c] == 2) {
			*o++ = '\\';
			*o++ = '\\';
			s++;
		} else if (utf8_decode(u + s, e - s, &len) < 0) {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			s += len;
		} else {
			memcpy(o, d + s, len);
			o += len;
			s += len;
		}
	}
	w->len = (size_t)(o - w->buf);
}

/*
 * One output row.  S and E, like the layout's offsets, count from BASE
 * (after a BOM); --offsets counts from the document's first byte.
 */
static void
put_row(struct segment *sg, size_t par, size_t sent,
    const struct layout_para *p, size_t s, size_t e, size_t base,
    int sanitize)
{
	struct tsv_writer *w = sg->out;
	const struct layout_comment *c = layout_comment(sg->layout, p->comment);

	tsv_put_text(w, sg->id.data, sg->id.len);
	tsv_put_tab(w);
	tsv_put_ulong(w, par);
	tsv_put_tab(w);
	if (!sg->paragraphs) {
		tsv_put_ulong(w, sent);
		tsv_put_tab(w);
	}
	tsv_put_str(w, layout_section_name(p->section));
	tsv_put_tab(w);
	if (c != NULL && p->section == SEC_COMMENT) {
		tsv_put_str(w, c->id);
		tsv_put_tab(w);
		put_collapsed(w, sg->doc.data + base, c->author_start,
		    c->author_start + c->author_len, sanitize);
		tsv_put_tab(w);
		tsv_put_str(w, c->posted);
	} else {
		tsv_put_tab(w);
		tsv_put_tab(w);
	}
	tsv_put_tab(w);
	put_collapsed(w, sg->doc.data + base, s, e, sanitize);
	if (sg->offsets) {
		tsv_put_tab(w);
		tsv_put_ulong(w, s + base);
		tsv_put_tab(w);
		tsv_put_ulong(w, e + base);
	}
	tsv_put_eol(w);
}

/*
 * Segment the document in sg->doc (id in sg->id).  FILE/LINE place it for
 * messages.  Returns -1 (E set) only under --strict.
 */
static int
segment_document(struct segment *sg, const char *file, unsigned long line,
    struct nf_error *e)
{
	const char *d = sg->doc.data;
	size_t len = sg->doc.len, base = 0, np, i, k, ns, sent = 0, first;
	size_t bad;
	const struct sent_span *span;
	int sanitize;

	if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
		base = 3;	/* offsets still count the BOM's bytes */
	bad = utf8_count_invalid(d + base, len - base, &first);
	sanitize = bad > 0;
	if (bad > 0) {
		if (sg->strict) {
			nf_error_set(e, NF_EDATA, file, line,
			    "invalid UTF-8 or NUL byte at byte %zu of "
			    "document '%.*s'", first + base + 1,
			    (int)sg->id.len, sg->id.data);
			return -1;
		}
		cli_warn(file, line, "document '%.*s': %zu invalid UTF-8 "
		    "sequence%s or NUL byte%s replaced by U+FFFD (first at "
		    "byte %zu)", (int)sg->id.len, sg->id.data, bad,
		    bad == 1 ? "" : "s", bad == 1 ? "" : "s", first + base + 1);
	}
	np = layout_document(sg->layout, d + base, len - base);
	for (i = 0; i < np; i++) {
		const struct layout_para *p = layout_para(sg->layout, i);
		enum sent_mode mode;

		if (sg->paragraphs) {
			put_row(sg, i + 1, 0, p, p->start, p->end, base,
			    sanitize);
			continue;
		}
		switch (p->section) {
		case SEC_BODY:
		case SEC_COMMENT:
			mode = SENT_NORMAL;
			break;
		case SEC_CAPTION:
			mode = SENT_LINES;
			break;
		default:
			mode = SENT_WHOLE;
			break;
		}
		ns = sent_split(sg->splitter, d + base, p->start, p->end, mode,
		    &span);
		for (k = 0; k < ns; k++)
			put_row(sg, i + 1, ++sent, p, span[k].start,
			    span[k].end, base, sanitize);
	}
	return 0;
}

/* The id of a file document: its name without directory and extension. */
static void
set_file_id(struct segment *sg, const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	if (dot == NULL || dot == b)
		dot = b + strlen(b);
	buf_clear(&sg->id);
	buf_add(&sg->id, b, (size_t)(dot - b));
}

/* Read all of FD into sg->doc. */
static int
slurp(struct segment *sg, int fd, const char *name, struct nf_error *e)
{
	struct stat st;
	ssize_t n;

	buf_clear(&sg->doc);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		buf_reserve(&sg->doc, (size_t)st.st_size + 1);
	for (;;) {
		if (sg->doc.cap - sg->doc.len < 65536)
			buf_reserve(&sg->doc, 65536);
		n = read(fd, sg->doc.data + sg->doc.len,
		    sg->doc.cap - sg->doc.len - 1);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			nf_error_set(e, NF_EIO, name, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
		sg->doc.len += (size_t)n;
	}
}

/* One document file (or "-").  Problems opening or reading are reported. */
static void
segment_file(struct segment *sg, const char *path)
{
	struct nf_error e;
	int fd;

	nf_error_clear(&e);
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		buf_clear(&sg->id);
		buf_add(&sg->id, "stdin", 5);
	} else {
		do
			fd = open(path, O_RDONLY);
		while (fd == -1 && errno == EINTR);
		if (fd == -1) {
			cli_warn(path, 0, "%s", strerror(errno));
			cli_set_failed();
			return;
		}
		set_file_id(sg, path);
	}
	if (strmap_get(&sg->seen, sg->id.data, sg->id.len)) {
		cli_warn(path, 0, "document id '%.*s' is also the id of an "
		    "earlier file", (int)sg->id.len, sg->id.data);
	}
	strmap_set(&sg->seen, sg->id.data, sg->id.len, 1);
	if (slurp(sg, fd, strcmp(path, "-") == 0 ? "(stdin)" : path,
	    &e) == -1) {
		cli_warn_error(&e);
		cli_set_failed();
	} else if (segment_document(sg, strcmp(path, "-") == 0 ?
	    "(stdin)" : path, 0, &e) == -1) {
		cli_die(&e);
	}
	if (fd != STDIN_FILENO)
		close(fd);
}

/* --files0-from=F: NUL-terminated names. */
static void
segment_files0(struct segment *sg, const char *list)
{
	struct nf_error e;
	int fd = STDIN_FILENO;
	size_t i, start, entry = 0;
	struct buf names = { NULL, 0, 0 };
	struct buf saved_doc;

	nf_error_clear(&e);
	if (strcmp(list, "-") != 0) {
		do
			fd = open(list, O_RDONLY);
		while (fd == -1 && errno == EINTR);
		if (fd == -1)
			cli_fatal("cannot open '%s' for reading: %s", list,
			    strerror(errno));
	}
	/* read the list with the document buffer, then keep it aside */
	if (slurp(sg, fd, list, &e) == -1)
		cli_die(&e);
	if (fd != STDIN_FILENO)
		close(fd);
	names = sg->doc;
	memset(&sg->doc, 0, sizeof(sg->doc));
	saved_doc = names;
	for (i = start = 0; i <= names.len; i++) {
		if (i < names.len && names.data[i] != '\0')
			continue;
		if (i == names.len && i == start)
			break;		/* the list ended with its NUL */
		entry++;
		if (i == start)
			cli_fatal("%s:%zu: invalid zero-length file name",
			    strcmp(list, "-") == 0 ? "(stdin)" : list, entry);
		names.data[i] = '\0';
		segment_file(sg, names.data + start);
		start = i + 1;
	}
	buf_free(&saved_doc);
}

/* ------------------------------------------------------- document tables */

struct table_ctx {
	struct segment	*sg;
	const char	*name;
	int		 id_col;
	int		 text_col;
	size_t		 nfields;
	int		 header_done;
};

/* the repeats of one table, as one warning */
static void
flush_repeated_ids(struct segment *sg)
{
	char shown[44];		/* (ids cut at 40 bytes) */

	if (sg->nrep == 0)
		return;
	nf_shown(shown, sizeof(shown), sg->rep_id.data, sg->rep_id.len);
	if (sg->nrep == 1)
		cli_warn(sg->rep_file, sg->rep_line, "document id '%s' is "
		    "also the id of the row before, so the filters after "
		    "segment will read the two as one document", shown);
	else
		cli_warn(sg->rep_file, sg->rep_line, "document id '%s' is "
		    "also the id of the row before, so the filters after "
		    "segment will read the two as one document (and %zu more "
		    "row%s of this table %s the id before %s)", shown,
		    sg->nrep - 1,
		    sg->nrep == 2 ? "" : "s", sg->nrep == 2 ? "repeats" :
		    "repeat", sg->nrep == 2 ? "it" : "them");
	sg->nrep = 0;
}

/*
 * A table's row whose id is that of the row before: dequote,
 * rating-extract and the scripts take consecutive rows with one id as one
 * document, so two documents that share an id would be merged without a
 * word.  (Only the row before is compared, which costs no memory whatever
 * the table's size; documents apart that share an id stay apart.)
 */
static void
check_repeated_id(struct segment *sg, const char *file, unsigned long line)
{
	/* (names copied: a reader frees its input's name at its end) */
	if (sg->prev_file == NULL || strcmp(file, sg->prev_file) != 0) {
		flush_repeated_ids(sg);
		free(sg->prev_file);
		sg->prev_file = nf_xstrdup(file);
	}
	if (sg->prev_id.len == sg->id.len && sg->prev_id.data != NULL &&
	    memcmp(sg->prev_id.data, sg->id.data, sg->id.len) == 0 &&
	    sg->nrep++ == 0) {
		free(sg->rep_file);
		sg->rep_file = nf_xstrdup(file);
		sg->rep_line = line;
		buf_clear(&sg->rep_id);
		buf_add(&sg->rep_id, sg->id.data, sg->id.len);
	}
	buf_clear(&sg->prev_id);
	buf_add(&sg->prev_id, sg->id.data, sg->id.len);
}

/* a CSV table's header: where its id and text columns are */
static int
table_columns(struct table_ctx *t, const struct tsv_header *h,
    struct nf_error *e)
{
	const char *want[2] = { t->sg->id_field, t->sg->text_field };
	size_t i, k, seen;

	t->nfields = h->n;
	if ((t->id_col = tsv_header_column(h, t->sg->id_field,
	    "choose one with --id-field", t->name, 1, e)) < 0 ||
	    (t->text_col = tsv_header_column(h, t->sg->text_field,
	    "choose one with --field", t->name, 1, e)) < 0)
		return -1;
	/*
	 * A CSV header is a spreadsheet's, so any names go; but the id or the
	 * text column twice is ambiguous, as a wire-format header refuses.
	 */
	for (k = 0; k < 2; k++) {
		for (i = 0, seen = 0; i < h->n; i++)
			seen += strcmp(h->name[i], want[k]) == 0;
		if (seen > 1) {
			nf_error_set(e, NF_EDATA, t->name, 1,
			    "column '%s' appears twice in the header",
			    want[k]);
			return -1;
		}
	}
	put_header(t->sg);
	return 0;
}

static int
csv_record(void *ctx, size_t n, const char *const *field, const size_t *len,
    unsigned long line, struct nf_error *e)
{
	struct table_ctx *t = ctx;
	struct segment *sg = t->sg;

	if (!t->header_done) {
		struct tsv_header h = { 0, NULL };
		size_t i;
		int rc;

		h.name = nf_xcalloc(n, sizeof(char *));
		for (i = 0; i < n; i++)
			h.name[h.n++] = nf_xmemdup(field[i], len[i]);
		rc = table_columns(t, &h, e);
		tsv_header_free(&h);
		t->header_done = 1;
		return rc;
	}
	if (n != t->nfields) {
		nf_error_set(e, NF_EDATA, t->name, line,
		    "record has %zu field%s, header has %zu", n,
		    n == 1 ? "" : "s", t->nfields);
		return -1;
	}
	buf_clear(&sg->id);
	buf_add(&sg->id, field[t->id_col], len[t->id_col]);
	buf_clear(&sg->doc);
	buf_add(&sg->doc, field[t->text_col], len[t->text_col]);
	check_repeated_id(sg, t->name, line);
	return segment_document(sg, t->name, line, e);
}

static void
segment_csv(struct segment *sg, const char *path)
{
	struct table_ctx t;
	struct nf_error e;
	int fd = STDIN_FILENO;
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;

	memset(&t, 0, sizeof(t));
	t.sg = sg;
	t.name = name;
	nf_error_clear(&e);
	if (fd != -1 && strcmp(path, "-") != 0) {
		do
			fd = open(path, O_RDONLY);
		while (fd == -1 && errno == EINTR);
		if (fd == -1) {
			cli_warn(path, 0, "%s", strerror(errno));
			cli_set_failed();
			return;
		}
	}
	if (csvio_read(fd, name, csv_record, &t, &e) == -1)
		cli_die(&e);
	if (fd != STDIN_FILENO)
		close(fd);
}

static void
segment_tsv(struct segment *sg, char **paths, size_t n)
{
	struct tsv_opts o = cli_tsv_opts();
	struct tsv_input *in = tsv_input_open(paths, n, &o);
	const struct tsv_header *h;
	struct tsv_row row;
	struct table_ctx t;
	struct nf_error e;
	int rc;

	memset(&t, 0, sizeof(t));
	t.sg = sg;
	nf_error_clear(&e);
	if ((rc = tsv_input_header(in, &h, &e)) < 0)
		cli_die(&e);
	if (rc == 1) {
		if ((t.id_col = tsv_input_column(in, sg->id_field,
		    "choose one with --id-field", &e)) < 0 ||
		    (t.text_col = tsv_input_column(in, sg->text_field,
		    "choose one with --field", &e)) < 0)
			cli_die(&e);
		put_header(sg);
		while ((rc = tsv_input_next(in, &row, &e)) == 1) {
			buf_clear(&sg->id);
			tsv_unescape_into(&sg->id, row.field[t.id_col],
			    row.len[t.id_col]);
			buf_clear(&sg->doc);
			tsv_unescape_into(&sg->doc, row.field[t.text_col],
			    row.len[t.text_col]);
			check_repeated_id(sg, row.file, row.line);
			if (segment_document(sg, row.file, row.line, &e) == -1)
				cli_die(&e);
		}
		if (rc < 0)
			cli_die(&e);
	}
	tsv_input_close(in);
}

int
main(int argc, char *argv[])
{
	static const char *const cols_sent[] = { "doc", "par", "sent",
	    "section", "comment", "author", "posted", "text", "start", "end" };
	static const char *const cols_par[] = { "doc", "par", "section",
	    "comment", "author", "posted", "text", "start", "end" };
	struct segment sg;
	struct nf_error e;
	struct sent_rules *srules;
	struct layout_rules *lrules;
	const char *files0 = NULL;
	int ch, csv = 0, tsv = 0, i;
	size_t ncols;

	memset(&sg, 0, sizeof(sg));
	sg.id_field = "id";
	sg.text_field = "text";
	nf_error_clear(&e);
	cli_init("segment", help_text);
	while ((ch = getopt_long(argc, argv, "f:u:", longopts, NULL)) != -1) {
		if (cli_common_option(ch, optarg))
			continue;
		switch (ch) {
		case OPT_CSV:
			csv = 1;
			break;
		case OPT_TSV:
			tsv = 1;
			break;
		case OPT_ID_FIELD:
			sg.id_field = optarg;
			break;
		case 'f':
			sg.text_field = optarg;
			break;
		case OPT_FILES0_FROM:
			files0 = optarg;
			break;
		case OPT_OFFSETS:
			sg.offsets = 1;
			break;
		case OPT_STRICT:
			sg.strict = 1;
			break;
		case 'u':
			if (strcmp(optarg, "paragraph") == 0)
				sg.paragraphs = 1;
			else if (strcmp(optarg, "sentence") == 0)
				sg.paragraphs = 0;
			else
				cli_usage_error("invalid unit '%s' (use "
				    "sentence or paragraph)", optarg);
			break;
		default:
			cli_bad_option(argv, longopts);
		}
	}
	if (csv && tsv)
		cli_usage_error("--csv and --tsv cannot be combined");
	if (files0 != NULL && optind < argc)
		cli_usage_error("extra operand '%s'\nfile operands cannot be "
		    "combined with --files0-from", argv[optind]);
	if (files0 != NULL && (csv || tsv))
		cli_usage_error("--files0-from cannot be combined with "
		    "--csv or --tsv");
	if (cli_tsv_opts().columns != NULL && !tsv)
		cli_usage_error("--columns is for --tsv tables (articles and "
		    "CSV tables are read as they are)");

	if ((srules = sent_rules_load(cli_data_path(
	    "segment-abbreviations.tsv"), &e)) == NULL)
		cli_die(&e);
	if ((lrules = layout_rules_load(cli_data_path("segment-layout.tsv"),
	    &e)) == NULL)
		cli_die(&e);
	sg.layout = layout_new(lrules);
	sg.splitter = sent_splitter_new(srules);
	sg.out = cli_out();
	strmap_init(&sg.seen);

	ncols = sg.paragraphs ? 7 : 8;
	if (sg.offsets)
		ncols += 2;
	sg.cols = sg.paragraphs ? cols_par : cols_sent;
	sg.ncols = ncols;
	if (!tsv && !csv)
		put_header(&sg);

	if (tsv) {
		segment_tsv(&sg, argv + optind, (size_t)(argc - optind));
		flush_repeated_ids(&sg);
	} else if (csv) {
		if (optind == argc)
			segment_csv(&sg, "-");
		for (i = optind; i < argc; i++)
			segment_csv(&sg, argv[i]);
		flush_repeated_ids(&sg);
	} else if (files0 != NULL) {
		segment_files0(&sg, files0);
	} else if (optind == argc) {
		segment_file(&sg, "-");
	} else {
		for (i = optind; i < argc; i++)
			segment_file(&sg, argv[i]);
	}

	layout_free(sg.layout);
	sent_splitter_free(sg.splitter);
	layout_rules_free(lrules);
	sent_rules_free(srules);
	buf_free(&sg.doc);
	buf_free(&sg.id);
	buf_free(&sg.prev_id);
	buf_free(&sg.rep_id);
	free(sg.prev_file);
	free(sg.rep_file);
	strmap_free(&sg.seen);
	return cli_finish();
}
