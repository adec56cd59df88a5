#!/usr/bin/env bats
# tests/rating-extract.bats — rating-extract against the seed gold
# (tests/gold/ratings.tsv), 69 hard cases written for the project
# (tests/fixtures/rating-extract/cases.src), another gazetteer, and the
# behaviour every filter shares.

setup() { load helpers/common.bash; }

F="$BATS_TEST_DIRNAME/fixtures/rating-extract"

# gold_rows FILE: rating-extract's output in the gold's columns
gold_rows() { awk -f "$F/to-gold.awk" "$1"; }
# short_rows FILE: doc sent authority area grade status year
short_rows() { awk -v short=1 -f "$F/to-gold.awk" "$1"; }

# one_doc TEXT...: a document of body rows (TEXT "H:..." is a headline)
one_doc() {
	local n=0 s sec
	printf 'doc\tpar\tsent\tsection\tcomment\tauthor\tposted\ttext\n'
	for s in "$@"; do
		n=$((n + 1)); sec=body
		case $s in H:*) sec=headline; s=${s#H:} ;; esac
		printf 'x\t%d\t%d\t%s\t\t\t\t%s\n' "$n" "$n" "$sec" "$s"
	done
}

# big_input FILE: the seeds many times over (distinct doc ids), > 1 MB
big_input() {
	awk -F'\t' 'NR == 1 { print; next } { rows[NR] = $0; n = NR }
	    END { for (k = 0; k < 200; k++) for (i = 2; i <= n; i++) {
		split(rows[i], f, "\t"); f[1] = f[1] "-" k; line = f[1]
		for (j = 2; j <= 8; j++) line = line "\t" f[j]; print line } }' \
	    "$F/seeds.tsv" > "$1"
}

# ------------------------------------------------------------------ gold

@test "rating-extract: the 17 gold rows of the seeds, exactly, and no other row" {
	rating-extract "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/out"
	gold_rows "$BATS_TEST_TMPDIR/out" > "$BATS_TEST_TMPDIR/rows"
	same_bytes "$GOLD/ratings.tsv" "$BATS_TEST_TMPDIR/rows"
}

@test "rating-extract: the gold comparison can fail (a changed status is caught)" {
	rating-extract "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/out"
	gold_rows "$BATS_TEST_TMPDIR/out" |
	    awk 'BEGIN { FS = OFS = "\t" } NR == 3 { $5 = "previous" } 1' \
	    > "$BATS_TEST_TMPDIR/rows"
	run same_bytes "$GOLD/ratings.tsv" "$BATS_TEST_TMPDIR/rows"
	assert_failure
}

@test "rating-extract: the seed fixture is what the gold says segment writes" {
	need_shared
	awk -F'\t' 'BEGIN { OFS = "\t"; print "doc", "par", "sent", "section",
		"comment", "author", "posted", "text" } FNR == 1 { next }
	    NR == FNR { k = $1 SUBSEP $2; s[k] = $3; c[k] = $4; a[k] = $5
		p[k] = $6; next }
	    { k = $1 SUBSEP $2; print $1, $2, $3, s[k], c[k], a[k], p[k], $4 }' \
	    "$SHARED/gold/paragraphs.tsv" "$SHARED/gold/sentences.tsv" \
	    > "$BATS_TEST_TMPDIR/seeds"
	same_bytes "$BATS_TEST_TMPDIR/seeds" "$F/seeds.tsv"
	same_bytes "$SHARED/gold/ratings.tsv" "$GOLD/ratings.tsv"
}

@test "rating-extract: the shared scorer passes with --exact-rows (seed rows from the fixture)" {
	need_shared
	printf '#!/bin/sh\nexec cat "%s"\n' "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/seg"
	chmod +x "$BATS_TEST_TMPDIR/seg"
	run "$SHARED/eval/bin/gold-ratings" --exact-rows "$BATS_TEST_TMPDIR/seg" \
	    "$(command -v rating-extract)"
	echo "$output"
	assert_success
	assert_line --partial 'rows 17/17 exact'
}

@test "rating-extract: the shared scorer passes on segment's own output (when segment is built)" {
	need_shared
	command -v segment >/dev/null || skip "no segment binary"
	run "$SHARED/eval/bin/gold-ratings" --exact-rows "$(command -v segment)" \
	    "$(command -v rating-extract)"
	echo "$output"
	assert_success
}

# ------------------------------------------------------------ hard cases

@test "rating-extract: cases.tsv is generated from cases.src" {
	awk -f "$F/make-cases.awk" "$F/cases.src" > "$BATS_TEST_TMPDIR/cases"
	same_bytes "$F/cases.tsv" "$BATS_TEST_TMPDIR/cases"
	[ "$(grep -vc -e '^#' -e '^$' "$F/cases.src")" -ge 40 ]
}

@test "rating-extract: 86 hard cases (every phrasing, every non-grade) give the expected rows" {
	rating-extract "$F/cases.tsv" > "$BATS_TEST_TMPDIR/out"
	short_rows "$BATS_TEST_TMPDIR/out" > "$BATS_TEST_TMPDIR/rows"
	same_bytes "$F/cases.expected.tsv" "$BATS_TEST_TMPDIR/rows"
}

@test "rating-extract: the non-grade cases give no row at all" {
	rating-extract "$F/cases.tsv" > "$BATS_TEST_TMPDIR/out"
	run awk -F'\t' '$1 ~ /^c(3[2-9]|4[0-4]|5[45]|66|69|80)$/' "$BATS_TEST_TMPDIR/out"
	assert_output ''
}

@test "rating-extract: 'Nottingham and Plymouth councils both maintained' gives two rows" {
	one_doc "In two other reports, Nottingham and Plymouth councils both maintained ‘requires improvement’ grades." |
	    rating-extract | short_rows /dev/stdin > "$BATS_TEST_TMPDIR/rows"
	printf 'doc\tsent\tauthority\tarea\tgrade\tstatus\tyear\nx\t1\tNottingham\toverall\trequires improvement\tmaintained\t\nx\t1\tPlymouth\toverall\trequires improvement\tmaintained\t\n' \
	    > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/rows"
}

@test "rating-extract: the headline's 'inadequate county' is resolved from a later paragraph" {
	one_doc "H:Progress at ‘inadequate’ county, Ofsted finds" \
	    "Inspectors visited Worcestershire in May." |
	    rating-extract | cut -f1,9-14 > "$BATS_TEST_TMPDIR/rows"
	printf 'doc\tauthority\tarea\tgrade\trank\tstatus\tyear\nx\tWorcestershire\toverall\tinadequate\t4\tcurrent\t\n' \
	    > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/rows"
}

@test "rating-extract: each document resolves 'the council' by itself" {
	{ one_doc "H:Leeds children's services praised" "The council was rated good."
	  one_doc "H:York children's services praised" "The council was rated good." |
	    sed '1d; s/^x/y/'; } | rating-extract | cut -f1,9 > "$BATS_TEST_TMPDIR/rows"
	printf 'doc\tauthority\nx\tLeeds\ny\tYork\n' > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/rows"
}

@test "rating-extract: a grade with no authority in the document has an empty authority" {
	run bash -c "$(declare -f one_doc); one_doc 'The service was rated inadequate.' | rating-extract | cut -f9-14"
	assert_success
	assert_line -n 1 $'\toverall\tinadequate\t4\tcurrent\t'
}

# --------------------------------------------------------------- options

@test "rating-extract: comments are not read by default; --sections reads them" {
	run rating-extract "$F/seeds.tsv"
	refute_line --partial '‘good’ rating but report states'
	run rating-extract --sections headline,standfirst,caption,heading,body,comment,comments-header "$F/seeds.tsv"
	assert_line --partial $'‘good’ rating but report states\tEaling\toverall\tgood\t2\tcurrent\t'
	assert_line --partial $'7 Responses to High social worker morale boosting retention at ‘good’ council – Ofsted\tEaling\toverall\tgood'
}

@test "rating-extract: --sections body leaves out headlines" {
	run rating-extract --sections body "$F/seeds.tsv"
	assert_success
	refute_line --partial $'\theadline\t'
	assert_line --partial $'\tbody\t'
}

@test "rating-extract: an unknown section is a usage error" {
	run --separate-stderr rating-extract --sections body,footer "$F/seeds.tsv"
	[ "$status" -eq 2 ]
	stderr_has "unknown section 'footer'"
}

@test "rating-extract: --field reads another column" {
	printf 'doc\tsentence\nx\tLeeds was rated outstanding.\n' |
	    rating-extract --field sentence | cut -f3- > "$BATS_TEST_TMPDIR/rows"
	printf 'authority\tarea\tgrade\trank\tstatus\tyear\nLeeds\toverall\toutstanding\t1\tcurrent\t\n' \
	    > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/rows"
}

@test "rating-extract: --authorities takes another gazetteer (fire and rescue services)" {
	printf 'doc\ttext\nf\tKent Fire and Rescue Service was rated good, inspectors said.\nf\tKFRS had been rated requires improvement in 2019.\ng\tEssex Fire was judged outstanding for efficiency.\ng\tLeeds council was rated good.\n' \
	    > "$BATS_TEST_TMPDIR/in"
	rating-extract --authorities "$F/fire.tsv" "$BATS_TEST_TMPDIR/in" |
	    cut -f1,3-8 > "$BATS_TEST_TMPDIR/rows"
	printf '%s\n' $'doc\tauthority\tarea\tgrade\trank\tstatus\tyear' \
	    $'f\tKent Fire and Rescue Service\toverall\tgood\t2\tupgraded\t' \
	    $'f\tKent Fire and Rescue Service\toverall\trequires improvement\t3\tprevious\t2019' \
	    $'g\tEssex County Fire and Rescue Service\toverall\toutstanding\t1\tcurrent\t' \
	    $'g\t\toverall\tgood\t2\tcurrent\t' > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/rows"
}

@test "rating-extract: --authorities with a missing file is an error naming it" {
	run --separate-stderr rating-extract --authorities "$BATS_TEST_TMPDIR/nope.tsv" "$F/seeds.tsv"
	[ "$status" -eq 1 ]
	stderr_has "nope.tsv"
	[ -z "$output" ]
}

@test "rating-extract: --authorities without a name column is an error" {
	printf 'title\nKent\n' > "$BATS_TEST_TMPDIR/g.tsv"
	run --separate-stderr rating-extract --authorities "$BATS_TEST_TMPDIR/g.tsv" "$F/seeds.tsv"
	[ "$status" -eq 1 ]
	stderr_has "g.tsv:1: no column 'name'"
}

@test "rating-extract: --data-dir without the data files is an error naming the file" {
	mkdir "$BATS_TEST_TMPDIR/data"
	run --separate-stderr rating-extract --data-dir "$BATS_TEST_TMPDIR/data" "$F/seeds.tsv"
	[ "$status" -eq 1 ]
	stderr_has "authorities.tsv"
}

@test "rating-extract: NEWSFILTERS_DATA is the data directory; --data-dir wins over it" {
	NEWSFILTERS_DATA="$BATS_TEST_TMPDIR/none" run --separate-stderr rating-extract "$F/seeds.tsv"
	[ "$status" -eq 1 ]
	NEWSFILTERS_DATA="$BATS_TEST_TMPDIR/none" run rating-extract --data-dir "$ROOT/data" "$F/seeds.tsv"
	assert_success
}

@test "rating-extract: --columns reads header-less input; --no-header-out writes none" {
	tail -n +2 "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/nohead"
	rating-extract "$F/seeds.tsv" | tail -n +2 > "$BATS_TEST_TMPDIR/want"
	rating-extract --no-header-out --columns doc,par,sent,section,comment,author,posted,text \
	    "$BATS_TEST_TMPDIR/nohead" > "$BATS_TEST_TMPDIR/got"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

# ------------------------------------------------------- shared behaviour

@test "rating-extract: appends authority area grade rank status year after the input columns" {
	run rating-extract "$F/seeds.tsv"
	assert_success
	assert_line -n 0 $'doc\tpar\tsent\tsection\tcomment\tauthor\tposted\ttext\tauthority\tarea\tgrade\trank\tstatus\tyear'
}

@test "rating-extract: input columns pass through byte for byte (escapes kept)" {
	printf 'doc\textra\ttext\nx\ta\\\\b\\tc\tLeeds was rated \\"good\\" \\\\ \\n\\tby Ofsted.\n' |
	    rating-extract | tail -n 1 | cut -f1-3 > "$BATS_TEST_TMPDIR/got"
	printf 'x\ta\\\\b\\tc\tLeeds was rated \\"good\\" \\\\ \\n\\tby Ofsted.\n' > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "rating-extract: empty input gives empty output, exit 0" {
	run rating-extract < /dev/null
	assert_success
	assert_output ''
}

@test "rating-extract: header-only input gives the header with the new columns" {
	printf 'doc\ttext\n' | rating-extract > "$BATS_TEST_TMPDIR/got"
	printf 'doc\ttext\tauthority\tarea\tgrade\trank\tstatus\tyear\n' > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "rating-extract: a missing text or doc column is an error naming it" {
	run --separate-stderr rating-extract <<< $'doc\tsentence\nx\tgood'
	[ "$status" -eq 1 ]
	stderr_has "no column 'text'"
	run --separate-stderr rating-extract <<< $'id\ttext\nx\tgood'
	[ "$status" -eq 1 ]
	stderr_has "no column 'doc'"
}

@test "rating-extract: running twice names the clashing column" {
	rating-extract "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/once"
	run --separate-stderr rating-extract "$BATS_TEST_TMPDIR/once"
	[ "$status" -eq 1 ]
	stderr_has "column 'authority' already present"
}

@test "rating-extract: a row with the wrong number of fields is an error naming its line" {
	printf 'doc\ttext\nx\tLeeds was rated good.\ny\n' > "$BATS_TEST_TMPDIR/bad.tsv"
	run --separate-stderr rating-extract "$BATS_TEST_TMPDIR/bad.tsv"
	[ "$status" -eq 1 ]
	stderr_has "bad.tsv:3:"
}

@test "rating-extract: FILE, - and stdin give the same bytes" {
	rating-extract "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/a"
	rating-extract - < "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/b"
	rating-extract < "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/c"
	same_bytes "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	same_bytes "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/c"
}

@test "rating-extract: two files are read as one input" {
	head -n 60 "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/one"
	{ head -n 1 "$F/seeds.tsv"; tail -n +61 "$F/seeds.tsv"; } > "$BATS_TEST_TMPDIR/two"
	rating-extract "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/two" > "$BATS_TEST_TMPDIR/got"
	rating-extract "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "rating-extract: CRLF line ends and a BOM give the same rows" {
	rating-extract "$F/seeds.tsv" > "$BATS_TEST_TMPDIR/want"
	{ printf '\357\273\277'; sed 's/$/\r/' "$F/seeds.tsv"; } > "$BATS_TEST_TMPDIR/crlf"
	rating-extract "$BATS_TEST_TMPDIR/crlf" > "$BATS_TEST_TMPDIR/got"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "rating-extract: invalid UTF-8 is read as U+FFFD with one warning per document" {
	printf 'doc\ttext\nx\tLeeds \377 was rated good.\nx\tAnd \376 again.\ny\tYork \377 was rated good.\n' \
	    > "$BATS_TEST_TMPDIR/bad.tsv"
	run --separate-stderr rating-extract "$BATS_TEST_TMPDIR/bad.tsv"
	assert_success
	[ "$(printf '%s\n' "$stderr" | grep -c 'invalid UTF-8')" -eq 2 ]
	stderr_has "bad.tsv:2:"
	[ "$(printf '%s\n' "$output" | cut -f3 | tail -n +2 | tr '\n' ' ')" = "Leeds York " ]
}

@test "rating-extract: --strict makes invalid UTF-8 an error" {
	printf 'doc\ttext\nx\tLeeds \377 was rated good.\n' > "$BATS_TEST_TMPDIR/bad.tsv"
	run --separate-stderr rating-extract --strict "$BATS_TEST_TMPDIR/bad.tsv"
	[ "$status" -eq 1 ]
	stderr_has "bad.tsv:2: invalid UTF-8"
}

@test "rating-extract: a NUL byte in the text neither truncates nor crashes" {
	printf 'doc\ttext\nx\tLeeds was\000 rated good.\n' > "$BATS_TEST_TMPDIR/nul.tsv"
	run --separate-stderr rating-extract "$BATS_TEST_TMPDIR/nul.tsv"
	assert_success
	stderr_has "invalid UTF-8"
}

@test "rating-extract: the same bytes under LC_ALL=C and a UTF-8 locale" {
	loc=$(utf8_locale)
	[ -n "$loc" ] || skip "no UTF-8 locale"
	LC_ALL=C rating-extract "$F/cases.tsv" > "$BATS_TEST_TMPDIR/c"
	LC_ALL=$loc rating-extract "$F/cases.tsv" > "$BATS_TEST_TMPDIR/u"
	same_bytes "$BATS_TEST_TMPDIR/c" "$BATS_TEST_TMPDIR/u"
	loc=$(comma_locale)
	if [ -n "$loc" ]; then
		LC_ALL=$loc rating-extract "$F/cases.tsv" > "$BATS_TEST_TMPDIR/d"
		same_bytes "$BATS_TEST_TMPDIR/c" "$BATS_TEST_TMPDIR/d"
	fi
}

to_full() { rating-extract "$@" > /dev/full; }
@test "rating-extract: a full disk is an error, not a silent success" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr to_full "$F/seeds.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'write error'
}

@test "rating-extract: a closed pipe ends it quietly" {
	big_input "$BATS_TEST_TMPDIR/big.tsv"
	run --separate-stderr bash -c 'set -o pipefail; rating-extract "$1" | head -n 1 >/dev/null' _ "$BATS_TEST_TMPDIR/big.tsv"
	[[ $status -eq 0 || $status -eq 141 ]]
	[ -z "$stderr" ]
	run --separate-stderr bash -c 'trap "" PIPE; set -o pipefail; rating-extract "$1" | head -n 1 >/dev/null' _ "$BATS_TEST_TMPDIR/big.tsv"
	[[ $status -eq 0 || $status -eq 141 ]]
	[ -z "$stderr" ]
}

@test "rating-extract: a large input gives the seed rows once per copy" {
	big_input "$BATS_TEST_TMPDIR/big.tsv"
	run bash -c 'rating-extract "$1" | tail -n +2 | wc -l' _ "$BATS_TEST_TMPDIR/big.tsv"
	assert_output 3400
}

@test "rating-extract: unknown options are usage errors" {
	run --separate-stderr rating-extract --frobnicate
	[ "$status" -eq 2 ]
	stderr_has "unrecognized option '--frobnicate'"
	stderr_has "Try 'rating-extract --help'"
	run --separate-stderr rating-extract --field
	[ "$status" -eq 2 ]
}

@test "rating-extract: --help and --version go to stdout, exit 0" {
	run --separate-stderr rating-extract --help
	assert_success
	assert_line -n 0 --partial 'Usage: rating-extract'
	[ -z "$stderr" ]
	run --separate-stderr rating-extract --version
	assert_success
	assert_line -n 0 --regexp '^rating-extract \(newsfilters\) [0-9]'
}

@test "rating-extract: every long option in --help is in the man page and back" {
	rating-extract --help | grep -o -e '--[a-z][a-z-]*' | sort -u > "$BATS_TEST_TMPDIR/help"
	sed -n 's/.*Fl \\-\([a-z][a-z\\-]*\).*/--\1/p' "$ROOT/man/rating-extract.1" |
	    sed 's/\\-/-/g' | sort -u > "$BATS_TEST_TMPDIR/man"
	same_bytes "$BATS_TEST_TMPDIR/help" "$BATS_TEST_TMPDIR/man"
}

@test "rating-extract: the man page is lint-clean" {
	command -v mandoc >/dev/null || skip "no mandoc"
	run mandoc -Tlint -Wwarning "$ROOT/man/rating-extract.1"
	assert_success
}
