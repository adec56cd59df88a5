#!/usr/bin/env bats
# tests/segment.bats — segment against the seed gold, the Golden Rules, the
# samples' hand-checked output, and bad input.

setup() { load helpers/common.bash; }

SEEDS() { ls "$GOLD"/seeds/*.txt; }

# ------------------------------------------------------------------ gold

@test "segment: seed paragraphs equal gold/paragraphs.tsv byte for byte" {
	segment --unit paragraph $(SEEDS) > "$BATS_TEST_TMPDIR/par"
	same_bytes "$GOLD/paragraphs.tsv" "$BATS_TEST_TMPDIR/par"
}

@test "segment: seed sentences equal gold/sentences.tsv byte for byte" {
	segment $(SEEDS) | cut -f1,2,3,8 > "$BATS_TEST_TMPDIR/sent"
	same_bytes "$GOLD/sentences.tsv" "$BATS_TEST_TMPDIR/sent"
}

@test "segment: seed sentences carry their paragraph's section and comment columns" {
	segment $(SEEDS) | cut -f1,2,4-7 | uniq > "$BATS_TEST_TMPDIR/s"
	cut -f1-6 "$GOLD/paragraphs.tsv" > "$BATS_TEST_TMPDIR/p"
	same_bytes "$BATS_TEST_TMPDIR/p" "$BATS_TEST_TMPDIR/s"
}

@test "segment: the English Golden Rules, 52 of 52" {
	run "$ROOT/tests/helpers/golden-rules" "$ROOT/tests/eval/segment/golden-en.tsv" segment
	echo "$output"
	[ "$status" -eq 0 ]
	assert_line 'passed 52/52'
}

@test "segment: agrees with the shared scorer on the seeds (when ../shared is here)" {
	need_shared
	run "$SHARED/eval/bin/gold-segment" "$(command -v segment)"
	assert_success
	assert_line 'paragraphs 130/130 exact, sentences 177/177 exact'
}

@test "segment: samples give their hand-checked sentences and paragraphs" {
	for f in "$SAMPLES"/*.txt; do
		b=$(basename "$f" .txt)
		segment "$f" > "$BATS_TEST_TMPDIR/s"
		same_bytes "$ROOT/tests/expected/segment/$b.tsv" "$BATS_TEST_TMPDIR/s"
		segment --unit paragraph "$f" > "$BATS_TEST_TMPDIR/p"
		same_bytes "$ROOT/tests/expected/segment/$b.par.tsv" "$BATS_TEST_TMPDIR/p"
	done
}

# ------------------------------------------------------------ invariants

@test "segment: sentences joined with one space give back their paragraph" {
	for f in $(SEEDS) "$SAMPLES"/*.txt; do
		segment --unit paragraph "$f" | cut -f1,2,7 > "$BATS_TEST_TMPDIR/p"
		segment "$f" | awk -F'\t' 'NR == 1 { print "doc\tpar\ttext"; next }
		    { k = $1 "\t" $2; if (k != last && last != "") print last "\t" t;
		      t = (k == last) ? t " " $8 : $8; last = k }
		    END { if (last != "") print last "\t" t }' > "$BATS_TEST_TMPDIR/j"
		same_bytes "$BATS_TEST_TMPDIR/p" "$BATS_TEST_TMPDIR/j"
	done
}

@test "segment: par and sent count up in reading order, one document at a time" {
	segment $(SEEDS) "$SAMPLES"/*.txt | awk -F'\t' 'NR > 1 {
	    if ($1 != doc) { if (seen[$1]++) exit 1; doc = $1; p = 0; s = 0 }
	    if ($2 < p || $2 > p + 1 || $3 != s + 1) exit 1; p = $2; s = $3 }'
}

@test "segment: --offsets point at each row's text in the document" {
	f="$SAMPLES/calderdale-upgrade.txt"
	segment --offsets "$f" > "$BATS_TEST_TMPDIR/o"
	head -n 1 "$BATS_TEST_TMPDIR/o" | grep -q $'\ttext\tstart\tend$'
	# cut each span from the file, squeeze whitespace as segment does
	LC_ALL=C awk -F'\t' -v file="$f" 'BEGIN { RS = "\001"; getline doc < file; RS = "\n" }
	    NR > 1 { s = substr(doc, $9 + 1, $10 - $9); gsub(/[ \t\r\n]+/, " ", s);
	      if (s != $8) { print "row " NR ": [" s "] != [" $8 "]"; bad = 1 } }
	    END { exit bad }' "$BATS_TEST_TMPDIR/o"
}

@test "segment: same bytes under LC_ALL=C, a UTF-8 and a comma-decimal locale" {
	[ -n "$(utf8_locale)$(comma_locale)" ] || skip "no UTF-8 or comma-decimal locale on this machine"
	LC_ALL=C segment $(SEEDS) > "$BATS_TEST_TMPDIR/c"
	for loc in $(utf8_locale) $(comma_locale); do
		LC_ALL=$loc segment $(SEEDS) > "$BATS_TEST_TMPDIR/u"
		same_bytes "$BATS_TEST_TMPDIR/c" "$BATS_TEST_TMPDIR/u"
	done
}

# ---------------------------------------------------------------- inputs

@test "segment: FILE, - and stdin give the same rows (ids aside)" {
	f="$SAMPLES/sefton-monitoring.txt"
	segment "$f" | cut -f2- > "$BATS_TEST_TMPDIR/a"
	segment - < "$f" | cut -f2- > "$BATS_TEST_TMPDIR/b"
	segment < "$f" | cut -f2- > "$BATS_TEST_TMPDIR/c"
	same_bytes "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	same_bytes "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/c"
	segment < "$f" | awk -F'\t' 'NR == 2 { exit ($1 != "stdin") }'
}

@test "segment: --files0-from reads NUL-separated names, - for stdin" {
	printf '%s\0' $(SEEDS) > "$BATS_TEST_TMPDIR/list"
	segment --files0-from="$BATS_TEST_TMPDIR/list" > "$BATS_TEST_TMPDIR/a"
	segment $(SEEDS) > "$BATS_TEST_TMPDIR/b"
	same_bytes "$BATS_TEST_TMPDIR/b" "$BATS_TEST_TMPDIR/a"
	segment --files0-from=- < "$BATS_TEST_TMPDIR/list" > "$BATS_TEST_TMPDIR/c"
	same_bytes "$BATS_TEST_TMPDIR/b" "$BATS_TEST_TMPDIR/c"
}

@test "segment: --files0-from with file operands is a usage error" {
	printf '%s\0' "$SAMPLES/sefton-monitoring.txt" > "$BATS_TEST_TMPDIR/list"
	run -2 --separate-stderr segment --files0-from="$BATS_TEST_TMPDIR/list" "$SAMPLES/sefton-monitoring.txt"
	stderr_has "cannot be combined with --files0-from"
}

@test "segment: --columns without --tsv is a usage error, not ignored" {
	run -2 --separate-stderr segment --columns=id,text "$SAMPLES/sefton-monitoring.txt"
	stderr_has "--columns is for --tsv tables"
	[ -z "$output" ]
	run -2 --separate-stderr segment --csv --columns=id,text "$SAMPLES/sefton-monitoring.txt"
	stderr_has "--columns is for --tsv tables"
	printf 'd1\tOne sentence.\n' | segment --tsv --columns=id,text > "$BATS_TEST_TMPDIR/out"
	grep -q $'^d1\t1\t1\tbody\t\t\t\tOne sentence.$' "$BATS_TEST_TMPDIR/out"
}

@test "segment: --files0-from with an empty name stops with its entry number" {
	printf '%s\0\0' "$SAMPLES/sefton-monitoring.txt" > "$BATS_TEST_TMPDIR/list"
	run -1 --separate-stderr segment --files0-from="$BATS_TEST_TMPDIR/list"
	stderr_has ":2: invalid zero-length file name"
}

@test "segment: --tsv and --csv tables give the same rows as the files" {
	f="$SAMPLES/calderdale-upgrade.txt"
	segment "$f" > "$BATS_TEST_TMPDIR/want"
	{ printf 'id\ttext\n'; printf 'calderdale-upgrade\t'
	  sed 's/\\/\\\\/g; s/\t/\\t/g' "$f" | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 } END { print "" }'; } \
	    > "$BATS_TEST_TMPDIR/t.tsv"
	segment --tsv "$BATS_TEST_TMPDIR/t.tsv" > "$BATS_TEST_TMPDIR/got"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	{ printf 'id,text\ncalderdale-upgrade,"'; sed 's/"/""/g' "$f"; printf '"\n'; } > "$BATS_TEST_TMPDIR/t.csv"
	segment --csv "$BATS_TEST_TMPDIR/t.csv" > "$BATS_TEST_TMPDIR/got2"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got2"
}

@test "segment: --csv reads multi-line quoted fields" {
	run -0 segment --csv "$FIX/segment/docs.csv"
	assert_line -n 1 $'d1\t1\t1\theadline\t\t\t\tHeadline here without stop'
	assert_line -n 3 $'d1\t2\t3\tbody\t\t\t\tSecond "quoted" one.'
	assert_line -n 5 $'d2\t1\t1\tbody\t\t\t\tOnly one line.'
}

@test "segment: a CSV with an unterminated quote names the line of its record" {
	run -1 --separate-stderr segment --csv "$FIX/segment/unterminated.csv"
	stderr_has "unterminated.csv:2: malformed CSV: unterminated quoted field"
}

@test "segment: --csv without an id column says which column is missing" {
	printf 'name,text\na,b\n' > "$BATS_TEST_TMPDIR/x.csv"
	run -1 --separate-stderr segment --csv "$BATS_TEST_TMPDIR/x.csv"
	stderr_has "no column 'id' in the input (choose one with --id-field)"
	[ -z "$output" ]	# no header before the error
}

@test "segment: an unreadable file is reported, the others still segmented, exit 1" {
	run -1 --separate-stderr segment "$SAMPLES/sefton-monitoring.txt" "$BATS_TEST_TMPDIR/missing.txt" "$SAMPLES/calderdale-upgrade.txt"
	stderr_has "segment: $BATS_TEST_TMPDIR/missing.txt: No such file or directory"
	[[ $output == *$'\nsefton-monitoring\t'* ]]
	[[ $output == *$'\ncalderdale-upgrade\t'* ]]
}

@test "segment: two files with the same id are warned about" {
	mkdir -p "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	echo "One sentence." > "$BATS_TEST_TMPDIR/a/x.txt"
	echo "Another one." > "$BATS_TEST_TMPDIR/b/x.txt"
	run -0 --separate-stderr segment "$BATS_TEST_TMPDIR/a/x.txt" "$BATS_TEST_TMPDIR/b/x.txt"
	stderr_has "document id 'x' is also the id of an earlier file"
}

# ------------------------------------------------------------- bad input

@test "segment: empty input gives the header alone, exit 0" {
	run -0 segment < /dev/null
	assert_output $'doc\tpar\tsent\tsection\tcomment\tauthor\tposted\ttext'
}

@test "segment: an empty --tsv or --csv table gives empty output; header-only gives the header" {
	for m in --tsv --csv; do
		run -0 segment $m < /dev/null
		assert_output ''
	done
	run -0 segment --tsv /dev/null /dev/null
	assert_output ''
	printf 'id\ttext\n' > "$BATS_TEST_TMPDIR/h.tsv"
	run -0 segment --tsv "$BATS_TEST_TMPDIR/h.tsv"
	assert_output $'doc\tpar\tsent\tsection\tcomment\tauthor\tposted\ttext'
	printf 'id,text\n' > "$BATS_TEST_TMPDIR/h.csv"
	run -0 segment --csv "$BATS_TEST_TMPDIR/h.csv"
	assert_output $'doc\tpar\tsent\tsection\tcomment\tauthor\tposted\ttext'
	# an empty table, then one with rows: the header once
	run -0 segment --tsv /dev/null "$BATS_TEST_TMPDIR/h.tsv"
	[ "${#lines[@]}" -eq 1 ]
}

@test "segment: a byte-order mark opening a CSV table is not part of its header" {
	printf '\357\273\277id,text\na,Hi there.\n' > "$BATS_TEST_TMPDIR/bom.csv"
	run -0 segment --csv "$BATS_TEST_TMPDIR/bom.csv"
	assert_line -n 1 $'a\t1\t1\tbody\t\t\t\tHi there.'
	# from a pipe, the mark's bytes coming in one at a time
	run -0 bash -c 'for b in "\357" "\273" "\277id,text\na,Hi there.\n"; do printf "$b"; sleep 0.1; done | segment --csv'
	assert_line -n 1 $'a\t1\t1\tbody\t\t\t\tHi there.'
}

@test "segment: a table row repeating the id of the row before is reported, once per table" {
	printf 'id\ttext\na\tOne.\na\tTwo.\nb\tX.\nb\tY.\nb\tZ.\nc\tW.\n' > "$BATS_TEST_TMPDIR/d.tsv"
	run -0 --separate-stderr segment --tsv "$BATS_TEST_TMPDIR/d.tsv"
	[ "${#lines[@]}" -eq 7 ]	# every row segmented all the same
	stderr_has "segment: $BATS_TEST_TMPDIR/d.tsv:3: document id 'a' is also the id of the row before"
	stderr_has "(and 2 more rows of this table repeat the id before them)"
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	# CSV, and a repeat across two tables: named in the second
	printf 'id,text\na,One.\na,Two.\n' > "$BATS_TEST_TMPDIR/d.csv"
	run -0 --separate-stderr segment --csv "$BATS_TEST_TMPDIR/d.csv"
	stderr_has "d.csv:3: document id 'a' is also the id of the row before"
	printf 'id\ttext\nc\tMore.\n' > "$BATS_TEST_TMPDIR/e.tsv"
	run -0 --separate-stderr segment --tsv "$BATS_TEST_TMPDIR/d.tsv" "$BATS_TEST_TMPDIR/e.tsv"
	stderr_has "e.tsv:2: document id 'c' is also the id of the row before"
	# documents apart that share an id, and distinct ids: no word
	printf 'id\ttext\na\tOne.\nb\tTwo.\na\tThree.\n' > "$BATS_TEST_TMPDIR/f.tsv"
	run -0 --separate-stderr segment --tsv "$BATS_TEST_TMPDIR/f.tsv"
	[ -z "$stderr" ]
}

@test "segment --csv: the id or text column twice in the header is an error" {
	printf 'id,text,id\nk,Hi.,z\n' > "$BATS_TEST_TMPDIR/d.csv"
	run -1 --separate-stderr segment --csv "$BATS_TEST_TMPDIR/d.csv"
	stderr_has "d.csv:1: column 'id' appears twice in the header"
	[ -z "$output" ]
	# other names may repeat: a spreadsheet's header
	printf 'id,text,x,x\nk,Hi.,z,y\n' > "$BATS_TEST_TMPDIR/e.csv"
	run -0 segment --csv "$BATS_TEST_TMPDIR/e.csv"
	assert_line -n 1 $'k\t1\t1\tbody\t\t\t\tHi.'
}

@test "segment: a dash inside a line stays with the sentence before it" {
	printf 'Title\n\nIntro here.\n\nThe council leader spoke first at the meeting on Tuesday evening in the town hall. “We are proud of our staff.” – Tim Boyd\n\nHe left. - Then she came.\n' > "$BATS_TEST_TMPDIR/d.txt"
	run -0 segment "$BATS_TEST_TMPDIR/d.txt"
	assert_line -n 3 $'d\t3\t3\tbody\t\t\t\tThe council leader spoke first at the meeting on Tuesday evening in the town hall.'
	assert_line -n 4 $'d\t3\t4\tbody\t\t\t\t“We are proud of our staff.” – Tim Boyd'
	# a spaced hyphen after a full stop still ends the sentence
	assert_line -n 5 $'d\t4\t5\tbody\t\t\t\tHe left.'
	assert_line -n 6 $'d\t4\t6\tbody\t\t\t\t- Then she came.'
}

@test "segment: a document of blank lines gives no rows" {
	printf '\n  \n\t\n\n' > "$BATS_TEST_TMPDIR/blank.txt"
	run -0 segment "$BATS_TEST_TMPDIR/blank.txt"
	[ "${#lines[@]}" -eq 1 ]
}

@test "segment: a BOM is not text, and --offsets still count its bytes" {
	printf '\357\273\277Hello there. Bye now.\n' > "$BATS_TEST_TMPDIR/bom.txt"
	run -0 segment --offsets "$BATS_TEST_TMPDIR/bom.txt"
	assert_line -n 1 $'bom\t1\t1\tbody\t\t\t\tHello there.\t3\t15'
	assert_line -n 2 $'bom\t1\t2\tbody\t\t\t\tBye now.\t16\t24'
}

@test "segment: CRLF line ends give the same rows as LF" {
	f="$SAMPLES/calderdale-upgrade.txt"
	sed 's/$/\r/' "$f" > "$BATS_TEST_TMPDIR/calderdale-upgrade.txt"
	segment "$f" > "$BATS_TEST_TMPDIR/lf"
	segment "$BATS_TEST_TMPDIR/calderdale-upgrade.txt" > "$BATS_TEST_TMPDIR/crlf"
	same_bytes "$BATS_TEST_TMPDIR/lf" "$BATS_TEST_TMPDIR/crlf"
}

@test "segment: NUL bytes become U+FFFD with one warning; --strict refuses them" {
	printf 'Before\0after. Next\0one.\n' > "$BATS_TEST_TMPDIR/nul.txt"
	run -0 --separate-stderr segment "$BATS_TEST_TMPDIR/nul.txt"
	assert_line -n 1 $'nul\t1\t1\tbody\t\t\t\tBefore\xef\xbf\xbdafter.'
	stderr_has "2 invalid UTF-8 sequences or NUL bytes replaced by U+FFFD (first at byte 7)"
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	run -1 --separate-stderr segment --strict "$BATS_TEST_TMPDIR/nul.txt"
	stderr_has "invalid UTF-8 or NUL byte at byte 7"
}

@test "segment: each kind of invalid UTF-8 is replaced, one warning per document" {
	# truncated 3-byte, overlong '/', surrogate, stray continuation
	printf 'One \342\202 two. Three \300\257 four. Five \355\240\200 six. Seven \200 eight.\n' > "$BATS_TEST_TMPDIR/bad.txt"
	printf 'Fine text here.\n' > "$BATS_TEST_TMPDIR/good.txt"
	run -0 --separate-stderr segment "$BATS_TEST_TMPDIR/bad.txt" "$BATS_TEST_TMPDIR/good.txt" "$BATS_TEST_TMPDIR/bad.txt"
	r=$'\xef\xbf\xbd'
	assert_line -n 1 "bad	1	1	body				One $r two."
	assert_line -n 2 "bad	1	2	body				Three $r$r four."
	assert_line -n 3 "bad	1	3	body				Five $r$r$r six."
	assert_line -n 4 "bad	1	4	body				Seven $r eight."
	# one warning for each bad document, none for the good one
	[ "$(printf '%s\n' "$stderr" | grep -c 'replaced by U+FFFD')" -eq 2 ]
	run -1 --separate-stderr segment --strict "$BATS_TEST_TMPDIR/bad.txt"
	stderr_has "invalid UTF-8 or NUL byte at byte 5"
}

@test "segment: a document with no blank lines: a paragraph per line, hard wraps joined" {
	printf 'A title line\nIt was a cold\nnight in the city.\nfeatures\ncontact manager\n' > "$BATS_TEST_TMPDIR/nb.txt"
	run -0 segment --unit paragraph "$BATS_TEST_TMPDIR/nb.txt"
	[ "${#lines[@]}" -eq 5 ]
	assert_line -n 2 --partial $'It was a cold night in the city.'
}

@test "segment: a 50 MB line is one paragraph and memory stays bounded" {
	awk 'BEGIN { s = "word word word word word word word word word, "; for (i = 0; i < 1100000; i++) printf "%s", s; print "end." }' > "$BATS_TEST_TMPDIR/big.txt"
	run -0 --separate-stderr /usr/bin/time -f '%M' segment --unit paragraph "$BATS_TEST_TMPDIR/big.txt"
	[ "${#lines[@]}" -eq 2 ]
	# 50 MB in, one row out: the document plus output buffer, not a multiple
	kb=$(printf '%s\n' "$stderr" | tail -n 1)
	instrumented || [ "$kb" -lt 200000 ]
}

# ----------------------------------------------------------- the interface

@test "segment: an unknown option is a usage error, exit 2" {
	run -2 --separate-stderr segment --frobnicate
	stderr_has "segment: unrecognized option '--frobnicate'"
	stderr_has "Try 'segment --help' for more information."
}

@test "segment: --unit takes sentence or paragraph only" {
	run -2 --separate-stderr segment --unit word
	stderr_has "invalid unit 'word'"
}

@test "segment: --help and --version go to stdout, exit 0" {
	run -0 segment --help
	assert_line -n 0 --partial 'Usage: segment'
	run -0 segment --version
	assert_line -n 0 --regexp '^segment \(newsfilters\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "segment: every long option in --help is in the man page, and back" {
	segment --help | grep -o -- '--[a-z0-9-]*' | sort -u > "$BATS_TEST_TMPDIR/help"
	grep -o -- '^\.Fl -[a-z0-9-]*\|Fl -[a-z0-9-]*' "$ROOT/man/segment.1" | sed 's/.*Fl -/--/' | sort -u > "$BATS_TEST_TMPDIR/man"
	same_bytes "$BATS_TEST_TMPDIR/help" "$BATS_TEST_TMPDIR/man"
}

to_full() { segment "$@" > /dev/full; }
@test "segment: a full disk is an error, not a silent success" {
	run -1 --separate-stderr to_full "$SAMPLES/calderdale-upgrade.txt"
	stderr_has 'segment: write error: No space left on device'
}

@test "segment: a closed pipe ends it quietly, even when SIGPIPE is ignored" {
	for i in $(seq 60); do cat $(SEEDS); done > "$BATS_TEST_TMPDIR/big.txt"
	run --separate-stderr bash -c 'set -o pipefail; segment "$1" | head -n 1 > /dev/null' _ "$BATS_TEST_TMPDIR/big.txt"
	[[ $status -eq 0 || $status -eq 141 ]]
	[ -z "$stderr" ]
	run --separate-stderr bash -c 'trap "" PIPE; segment "$1" | head -n 1 > /dev/null' _ "$BATS_TEST_TMPDIR/big.txt"
	[ -z "$stderr" ]
}

@test "segment: list items are content wherever they stand (a grade table under the standfirst)" {
	printf '%s\n\n' 'Council services improve after years of decline' \
	    'Inspectors find better practice across the county' \
	    '1. Children who need help and protection Requires improvement' \
	    '2.1 Adoption performance Good' \
	    'This is a re-inspection of services for children in the county.' \
	    'Share this' > "$BATS_TEST_TMPDIR/table.txt"
	run -0 segment --unit paragraph "$BATS_TEST_TMPDIR/table.txt"
	assert_line -n 1 --partial $'\theadline\t'
	assert_line -n 2 --partial $'\tstandfirst\t'
	assert_line -n 3 --partial $'\tbody\t\t\t\t1. Children who need help'
	assert_line -n 4 --partial $'\tbody\t\t\t\t2.1 Adoption performance Good'
	assert_line -n 6 --partial $'\tboilerplate\t'
}
