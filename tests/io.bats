#!/usr/bin/env bats
# tests/io.bats — read errors, for all five filters: an input (a named
# file, stdin, the second of two files, a CSV table) or a data file whose
# reads fail with EIO part-way ends the run with exit 1 and a message
# "NAME: FILE[:LINE]: read error: ..." naming the file — never a silent,
# partial success.  The failures are injected with tests/ioshim/ioshim.c
# (LD_PRELOAD), built here into the test's temporary directory.
#
# A full disk (> /dev/full) and a closed pipe are tested in each filter's
# own bats file (tests/NAME.bats: "a full disk is an error", "a closed
# pipe ends it quietly"), and a missing input among good ones in
# tests/catalogue.tsv; they are not repeated here.

setup_file() {
	load helpers/common.bash
	IO="$BATS_FILE_TMPDIR"
	export IO
	SHIM="$IO/ioshim.so"
	export SHIM
	# the shim needs a C compiler and glibc (LD_PRELOAD, _IO_ERR_SEEN)
	if command -v cc >/dev/null &&
	    cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -o "$SHIM" \
	    "$BATS_TEST_DIRNAME/ioshim/ioshim.c" -ldl 2>"$IO/cc.err"; then
		:
	else
		rm -f "$SHIM"
	fi
	# a document stream (doc par section author text): 40 documents of
	# 8 rows, about 30 kB, so that a failure after 4,000 bytes comes
	# after the header and some whole rows
	awk 'BEGIN {
		print "doc\tpar\tsection\tauthor\ttext"
		for (d = 1; d <= 40; d++) for (p = 1; p <= 8; p++)
			printf "d%d\t%d\tbody\t\tRow %d of document %d: Leeds was rated good by Ofsted. \"It is great,\" the inspectors said.\n", d, p, p, d
	}' > "$IO/docs.tsv"
	head -n 3 "$IO/docs.tsv" > "$IO/small.tsv"
	# the same documents as CSV (segment --csv) and one article (segment)
	awk -F'\t' 'NR == 1 { print "doc,text"; next }
		{ gsub(/"/, "\"\"", $5); printf "%s,\"%s\"\n", $1, $5 }' \
	    "$IO/docs.tsv" > "$IO/docs.csv"
	awk 'BEGIN { for (p = 1; p <= 60; p++)
		printf "Paragraph %d. Leeds was rated good by Ofsted. The inspectors were pleased.\n\n", p }' > "$IO/article.txt"
}

setup() {
	load helpers/common.bash
	[ -f "$SHIM" ] || skip "the I/O shim did not build (needs cc, glibc): $(head -n 1 "$IO/cc.err" 2>/dev/null)"
}

# the filter's command line (the name the messages start with is its first word)
io_cmd() {
	case $1 in
	aggregate)	echo "aggregate -g doc count collapse:text" ;;
	segment-tsv)	echo "segment --tsv --id-field=doc" ;;
	segment-csv)	echo "segment --csv --id-field=doc" ;;
	*)		echo "$1" ;;
	esac
}

# fail_reads FILE AFTER CMD... — run CMD with reads of FILE failing after
# AFTER bytes ("-": standard input).  Under ASan the shim comes before the
# sanitizer's runtime in the library list: that is allowed here.
fail_reads() {
	local file=$1 after=$2
	shift 2
	NF_IOSHIM_FILE=$file NF_IOSHIM_AFTER=$after LD_PRELOAD=$SHIM \
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
	    "$@"
}

# read_error_is_reported NAME FILE — the run failed (exit 1) with one
# message, in the filters' form, naming FILE and the read error
read_error_is_reported() {
	local name=$1 file=$2
	[ "$status" -eq 1 ] || { echo "exit status $status, not 1" >&2; return 1; }
	stderr_has "$name: $file"
	stderr_has "read error: Input/output error"
	if grep -v "^$name: " <<< "$stderr" | grep -q .; then
		echo "stderr has lines not in the form '$name: ...': $stderr" >&2
		return 1
	fi
}

# the number of data rows (lines after the header) in OUTPUT
rows_out() { [ -z "$output" ] && echo 0 || echo $(( $(wc -l <<< "$output") - 1 )); }

# ------------------------------------------------- an input file, mid-way

@test "io: every filter: a read error part-way through a FILE is exit 1 naming it" {
	local f name
	for f in sentiment dequote rating-extract aggregate segment-tsv; do
		name=${f%%-tsv}
		# shellcheck disable=SC2046
		run --separate-stderr fail_reads "$IO/docs.tsv" 4000 $(io_cmd "$f") "$IO/docs.tsv"
		read_error_is_reported "$name" "$IO/docs.tsv" || { echo "($f)" >&2; return 1; }
		# the line named is the one that could not be read whole
		stderr_has "$IO/docs.tsv:"
	done
}

@test "io: every filter: a read error before the header is exit 1, no rows" {
	local f name
	for f in sentiment dequote rating-extract aggregate segment-tsv; do
		name=${f%%-tsv}
		# shellcheck disable=SC2046
		run --separate-stderr fail_reads "$IO/docs.tsv" 0 $(io_cmd "$f") "$IO/docs.tsv"
		read_error_is_reported "$name" "$IO/docs.tsv" || { echo "($f)" >&2; return 1; }
		stderr_has "$IO/docs.tsv:1: read error: Input/output error"
		# (segment writes its fixed header before it reads)
		[ "$(rows_out)" -le 0 ] || { echo "$f wrote rows: $output" >&2; return 1; }
	done
}

@test "io: every filter: a read error on stdin is exit 1 naming (stdin)" {
	local f name
	for f in sentiment dequote rating-extract aggregate segment-tsv; do
		name=${f%%-tsv}
		# shellcheck disable=SC2046
		run --separate-stderr fail_reads - 4000 $(io_cmd "$f") < "$IO/docs.tsv"
		read_error_is_reported "$name" "(stdin)" || { echo "($f)" >&2; return 1; }
	done
}

@test "io: every filter: a read error in the second input is exit 1 naming it, not the first" {
	local f name
	cp "$IO/docs.tsv" "$BATS_TEST_TMPDIR/second.tsv"
	for f in sentiment dequote rating-extract aggregate segment-tsv; do
		name=${f%%-tsv}
		# shellcheck disable=SC2046
		run --separate-stderr fail_reads "$BATS_TEST_TMPDIR/second.tsv" 2000 \
		    $(io_cmd "$f") "$IO/small.tsv" "$BATS_TEST_TMPDIR/second.tsv"
		read_error_is_reported "$name" "$BATS_TEST_TMPDIR/second.tsv" ||
		    { echo "($f)" >&2; return 1; }
		# (the good input may have its own warnings: segment --tsv
		# reports its rows' repeated ids)
		! grep -qE "$IO/small\.tsv(:[0-9]+)?: read error" <<< "$stderr" ||
		    { echo "$f blamed the good input" >&2; return 1; }
	done
}

@test "io: the rows before a read error come out as they were; none after it" {
	# row-local filters stream: what they wrote is a prefix of a good run
	local f
	for f in sentiment segment-tsv; do
		# shellcheck disable=SC2046
		$(io_cmd "$f") "$IO/docs.tsv" > "$BATS_TEST_TMPDIR/good"
		# shellcheck disable=SC2046
		run --separate-stderr fail_reads "$IO/docs.tsv" 4000 $(io_cmd "$f") "$IO/docs.tsv"
		[ "$status" -eq 1 ]
		printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/partial"
		[ "$(rows_out)" -lt "$(( $(wc -l < "$BATS_TEST_TMPDIR/good") - 1 ))" ]
		cmp -s -n "$(wc -c < "$BATS_TEST_TMPDIR/partial")" \
		    "$BATS_TEST_TMPDIR/partial" "$BATS_TEST_TMPDIR/good" ||
		    { echo "$f: partial output is not a prefix of the good one" >&2; return 1; }
	done
	# aggregate is global: a partial input must give no results at all
	run --separate-stderr fail_reads "$IO/docs.tsv" 4000 aggregate -g doc count "$IO/docs.tsv"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "io: the shim is transparent when no read fails (same bytes as without it)" {
	local f
	for f in sentiment dequote rating-extract aggregate segment-tsv; do
		# shellcheck disable=SC2046
		$(io_cmd "$f") "$IO/docs.tsv" > "$BATS_TEST_TMPDIR/plain"
		# shellcheck disable=SC2046
		fail_reads "$IO/docs.tsv" 100000000 $(io_cmd "$f") "$IO/docs.tsv" > "$BATS_TEST_TMPDIR/shim"
		same_bytes "$BATS_TEST_TMPDIR/plain" "$BATS_TEST_TMPDIR/shim"
	done
}

# ------------------------------------------------------ segment's own reads

@test "io: segment: a read error in an article is exit 1 naming it; the other articles are segmented" {
	cp "$IO/article.txt" "$BATS_TEST_TMPDIR/bad.txt"
	run --separate-stderr fail_reads "$BATS_TEST_TMPDIR/bad.txt" 1000 \
	    segment "$IO/article.txt" "$BATS_TEST_TMPDIR/bad.txt" "$IO/article.txt"
	read_error_is_reported segment "$BATS_TEST_TMPDIR/bad.txt"
	# nothing of the unreadable article, all of the two good ones
	segment "$IO/article.txt" > "$BATS_TEST_TMPDIR/one"
	[ "$(rows_out)" -eq $(( 2 * ($(wc -l < "$BATS_TEST_TMPDIR/one") - 1) )) ]
	! grep -q '^bad' <<< "$output"
}

@test "io: segment: a read error on stdin (an article) is exit 1 naming (stdin)" {
	run --separate-stderr fail_reads - 1000 segment < "$IO/article.txt"
	read_error_is_reported segment "(stdin)"
}

@test "io: segment --csv: a read error is exit 1 naming the file" {
	run --separate-stderr fail_reads "$IO/docs.csv" 3000 segment --csv --id-field=doc "$IO/docs.csv"
	read_error_is_reported segment "$IO/docs.csv"
}

@test "io: segment --files0-from: a read error in the list is exit 1 naming it" {
	printf '%s\0' "$IO/article.txt" "$IO/article.txt" > "$BATS_TEST_TMPDIR/list"
	run --separate-stderr fail_reads "$BATS_TEST_TMPDIR/list" 10 segment --files0-from="$BATS_TEST_TMPDIR/list"
	read_error_is_reported segment "$BATS_TEST_TMPDIR/list"
	[ "$(rows_out)" -le 0 ]
}

# ------------------------------------------------------------- data files

# data_read_error NAME DATAFILE CMD... — a read error in one of the
# filter's data files (read with stdio) stops it before any output
data_read_error() {
	local name=$1 data=$ROOT/data/$2
	shift 2
	run --separate-stderr fail_reads "$data" 200 "$@" --data-dir="$ROOT/data" "$IO/small.tsv"
	read_error_is_reported "$name" "$data"
	[ "$(rows_out)" -le 0 ] || { echo "$name wrote rows: $output" >&2; return 1; }
}

@test "io: sentiment: a read error in a data file is exit 1 naming it" {
	data_read_error sentiment vader/vader_lexicon.txt sentiment
	data_read_error sentiment sentiment-overlay.tsv sentiment
}

@test "io: dequote: a read error in a data file is exit 1 naming it" {
	data_read_error dequote dequote-speakers.tsv dequote
	data_read_error dequote dequote-cues.tsv dequote
}

@test "io: rating-extract: a read error in a data file is exit 1 naming it" {
	data_read_error rating-extract authorities.tsv rating-extract
	data_read_error rating-extract ratings-places.tsv rating-extract
	data_read_error rating-extract ratings-grades.tsv rating-extract
}

@test "io: segment: a read error in a data file is exit 1 naming it" {
	data_read_error segment segment-abbreviations.tsv segment --tsv --id-field=doc
	data_read_error segment segment-layout.tsv segment --tsv --id-field=doc
}
