# tests/sentiment.bats — the sentiment filter: parity with the reference VADER,
# the overlay's effect, options, and the edge cases every filter shares.
setup() { load helpers/common.bash; }

F="$BATS_TEST_DIRNAME/fixtures/sentiment"
EV="$BATS_TEST_DIRNAME/eval/sentiment"

# parity SET [OPTIONS] — sentiment's neg neu pos compound against SET.ref.tsv:
# prints "ROWS BAD" (rows compared, rows with any |delta| > 1e-4)
parity() {
	local set=$1
	shift
	sentiment "$@" "$EV/$set.tsv" | cut -f1,4- |
	    awk -F'\t' -v ref="$EV/$set.ref.tsv" '
	NR == 1 { n = split($0, h, "\t"); next }
	{
		if ((getline line < ref) <= 0) { bad++; next }
		if (NR == 2 && line ~ /^id\t/ && (getline line < ref) <= 0) { bad++; next }
		split(line, r, "\t")
		if ($1 != r[1]) { bad++; next }
		for (i = 2; i <= 5; i++) {
			d = $(n - 5 + i) - r[i]
			if (d > 1e-4 || d < -1e-4) { bad++; print "row " $1 ": column " i ": " $(n - 5 + i) " vs " r[i] > "/dev/stderr"; break }
		}
		rows++
	}
	END { if ((getline line < ref) > 0) bad++; print rows + 0, bad + 0 }'
}

# figures SET [OPTIONS] — "PEARSON_R WEIGHTED_F1" against the human ratings,
# the way the VADER paper and ../shared/eval/sentiment/README.md compute them
# (gold class: sign of the mean rating; system class: compound >= 0.05
# positive, <= -0.05 negative)
figures() {
	local set=$1
	shift
	sentiment "$@" "$EV/$set.tsv" | awk -F'\t' '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{
		x = $(c["human"]) + 0; y = $(c["compound"]) + 0
		n++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y
		g = x > 0 ? "pos" : x < 0 ? "neg" : "neu"
		s = y >= 0.05 ? "pos" : y <= -0.05 ? "neg" : "neu"
		gold[g]++; sys[s]++; if (g == s) tp[g]++
	}
	END {
		r = (n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * syy - sy * sy))
		split("pos neg neu", k, " ")
		for (i = 1; i <= 3; i++) {
			p = sys[k[i]] ? tp[k[i]] / sys[k[i]] : 0
			q = gold[k[i]] ? tp[k[i]] / gold[k[i]] : 0
			f += (p + q > 0 ? 2 * p * q / (p + q) : 0) * gold[k[i]] / n
		}
		printf "%.4f %.4f\n", r, f
	}'
}

# ------------------------------------------------------------------ parity

@test "sentiment --vader: tweets (4200 rows) match the reference VADER, all four columns" {
	run parity tweets --vader
	assert_success
	assert_output '4200 0'
}

@test "sentiment --vader: amazon (3708 rows) match the reference VADER, all four columns" {
	run parity amazon --vader
	assert_success
	assert_output '3708 0'
}

@test "sentiment --vader: quirks (128 rows) match the reference VADER, all four columns" {
	run parity quirks --vader
	assert_success
	assert_output '128 0'
}

@test "sentiment --vader: the Pearson r and F1 of the reference (README figures)" {
	run figures tweets --vader
	assert_output '0.8722 0.9480'
	run figures amazon --vader
	assert_output '0.5896 0.6256'
}

@test "sentiment --vader: parity by the shared scorer too (when ../shared is there)" {
	need_shared
	for set in tweets amazon quirks; do
		run "$SHARED/eval/bin/sentiment-eval" --min-parity 1 --tol-nnp 1e-4 \
		    --min-parity-nnp 1 "$EV/$set.tsv" "$EV/$set.ref.tsv" -- sentiment --vader
		assert_success
		assert_line --regexp '^parity[[:space:]]+1\.0000$'
		assert_line --regexp '^parity_nnp[[:space:]]+1\.0000$'
	done
}

@test "sentiment: the default mode's r and F1 stay within 0.01 of --vader's" {
	for set in tweets amazon; do
		read -r vr vf < <(figures $set --vader)
		read -r dr df < <(figures $set)
		echo "$set: vader r=$vr f1=$vf  default r=$dr f1=$df"
		awk -v a="$vr" -v b="$dr" 'BEGIN { exit !(b >= a - 0.01) }'
		awk -v a="$vf" -v b="$df" 'BEGIN { exit !(b >= a - 0.01) }'
	done
}

# ---------------------------------------------------------------- overlay

@test "sentiment: the overlay moves every seed sentence it touches toward the reader's label" {
	run "$F/overlay-seeds.sh" sentiment
	assert_success
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/seeds"
	# nothing moves away unless listed, with its reason, as an exception
	run grep -c $'\t''\(UNEXPECTED\|stale-exception\)' "$BATS_TEST_TMPDIR/seeds"
	assert_output 0
	run awk -F'\t' '$6 == "away" && $7 == ""' "$BATS_TEST_TMPDIR/seeds"
	assert_output ''
	# and the fixture is up to date: same sentences, same scores
	same_bytes "$F/overlay-seeds.tsv" "$BATS_TEST_TMPDIR/seeds"
}

@test "sentiment: the overlay's known exceptions are few (at most 2 of the touched seeds)" {
	run awk -F'\t' 'NR > 1 && $6 == "away"' "$F/overlay-seeds.tsv"
	[ "${#lines[@]}" -le 2 ]
	run awk -F'\t' 'NR > 1' "$F/overlay-seeds.tsv"
	[ "${#lines[@]}" -ge 80 ]
}

@test "sentiment: default mode reads curly apostrophes and quotes, --vader does not" {
	printf 'id\ttext\n1\tThe service isn\xe2\x80\x99t good.\n2\tThe service isn'"'"'t good.\n3\tOfsted rated it \xe2\x80\x98inadequate\xe2\x80\x99.\n' > "$BATS_TEST_TMPDIR/q.tsv"
	run sentiment "$BATS_TEST_TMPDIR/q.tsv"
	assert_line -n 1 --regexp $'\t-0\\.3412$'
	assert_line -n 2 --regexp $'\t-0\\.3412$'
	assert_line -n 3 --regexp $'\t-0\\.[1-9][0-9]*$'
	run sentiment --vader "$BATS_TEST_TMPDIR/q.tsv"
	assert_line -n 1 --regexp $'\t0\\.4404$'
	assert_line -n 3 --regexp $'\t0\\.0000$'
}

@test "sentiment: the overlay turns the grade 'requires improvement' negative" {
	printf 'id\ttext\n1\tThe council requires improvement to be good.\n2\tThe council no longer requires improvement.\n' > "$BATS_TEST_TMPDIR/ri.tsv"
	run sentiment --label "$BATS_TEST_TMPDIR/ri.tsv"
	assert_line -n 1 --regexp $'\tnegative$'
	assert_line -n 2 --regexp $'\tpositive$'
	run sentiment --vader --label "$BATS_TEST_TMPDIR/ri.tsv"
	assert_line -n 1 --regexp $'\tpositive$'
}

@test "sentiment: a quoted grade counts when predicated, half as background, not at all as a mention" {
	# pairs: the quoted grade against a word no lexicon knows (xyzzy)
	{ printf 'id\ttext\n'; printf '%s\n' \
	    $'1\tThe council was rated \xe2\x80\x98inadequate\xe2\x80\x99.' \
	    $'2\tThe council was rated \xe2\x80\x98xyzzy\xe2\x80\x99.' \
	    $'3\tManagers need to know what \xe2\x80\x98good\xe2\x80\x99 looks like.' \
	    $'4\tManagers need to know what \xe2\x80\x98xyzzy\xe2\x80\x99 looks like.' \
	    $'5\tManagers need to know what "good" looks like.' \
	    $'6\tProgress at \xe2\x80\x98inadequate\xe2\x80\x99 council.' \
	    $'7\tProgress at inadequate council.' \
	    $'8\tProgress at \xe2\x80\x98xyzzy\xe2\x80\x99 council.' \
	    $'9\tInspectors gave the council an overall \xe2\x80\x98good\xe2\x80\x99 rating.' \
	    $'10\tBoth councils maintained \xe2\x80\x98requires improvement\xe2\x80\x99 grades.' \
	    $'11\tIt went from \xe2\x80\x98requires improvement\xe2\x80\x99 to outstanding work.' \
	    $'12\tIt went from xyzzy to outstanding work.' \
	    $'13\tThey said the work was good.\xe2\x80\x9d'; } \
	    > "$BATS_TEST_TMPDIR/g.tsv"
	sentiment "$BATS_TEST_TMPDIR/g.tsv" | cut -f1,6 | tail -n +2 > "$BATS_TEST_TMPDIR/d"
	c() { awk -F'\t' -v i="$1" '$1 == i { print $2 }' "$BATS_TEST_TMPDIR/d"; }
	# predicated: a judgement ("was rated", "gave ... an overall", "maintained")
	awk -v a="$(c 1)" -v b="$(c 2)" 'BEGIN { exit !(a <= -0.05 && b == 0) }'
	awk -v a="$(c 9)" 'BEGIN { exit !(a >= 0.05) }'
	awk -v a="$(c 10)" 'BEGIN { exit !(a <= -0.05) }'
	# a mention scores nothing, in curly or straight quotes
	[ "$(c 3)" = "$(c 4)" ]
	[ "$(c 5)" = "$(c 4)" ]
	[ "$(c 11)" = "$(c 12)" ]
	# before a holder noun: background, between none and the full word
	awk -v q="$(c 6)" -v u="$(c 7)" -v n="$(c 8)" 'BEGIN { exit !(u < q && q < n) }'
	# the end of a longer quotation is not a quoted grade
	awk -v a="$(c 13)" 'BEGIN { exit !(a >= 0.05) }'
	# --vader knows nothing of this: straight quotes are stripped, the word scores
	run sentiment --vader "$BATS_TEST_TMPDIR/g.tsv"
	assert_line -n 5 --regexp $'\t0\\.6597$'
}

@test "sentiment: the direction check fails without the quoted-grade rule (it can fail)" {
	cp -R "$ROOT/data" "$BATS_TEST_TMPDIR/d"
	printf 'term\tkind\n' > "$BATS_TEST_TMPDIR/d/sentiment-mentions.tsv"
	printf '#!/bin/sh\nexec sentiment --data-dir="%s" "$@"\n' "$BATS_TEST_TMPDIR/d" > "$BATS_TEST_TMPDIR/s"
	chmod +x "$BATS_TEST_TMPDIR/s"
	run "$F/overlay-seeds.sh" "$BATS_TEST_TMPDIR/s"
	assert_success
	# the three sentences that quote a grade as a mention move away again
	run grep -c 'UNEXPECTED' <<< "$output"
	assert_output 3
}

@test "sentiment: a malformed mentions file is an error naming file and line" {
	cp -R "$ROOT/data" "$BATS_TEST_TMPDIR/d"
	printf 'term\tkind\ngood\tgrade\nrated\tverb\n' > "$BATS_TEST_TMPDIR/d/sentiment-mentions.tsv"
	run --separate-stderr sentiment --data-dir="$BATS_TEST_TMPDIR/d" "$F/two_rows.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'sentiment-mentions.tsv:3:'
	printf 'term\tkind\nno such phrase\tgrade\n' > "$BATS_TEST_TMPDIR/d/sentiment-mentions.tsv"
	run --separate-stderr sentiment --data-dir="$BATS_TEST_TMPDIR/d" "$F/two_rows.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'sentiment-mentions.tsv:2:'
	# --vader does not read it
	run sentiment --vader --data-dir="$BATS_TEST_TMPDIR/d" "$F/two_rows.tsv"
	assert_success
}

# ---------------------------------------------------------------- options

@test "sentiment: appends neg neu pos compound after the existing columns" {
	run sentiment "$F/two_rows.tsv"
	assert_success
	assert_line -n 0 $'doc\ttext\tneg\tneu\tpos\tcompound'
	assert_line -n 1 --regexp $'^a\tThe visit was very good\\.\t[0-9.]+\t[0-9.]+\t[0-9.]+\t0\\.[0-9]{4}$'
	assert_line -n 2 --regexp $'^b\tThe delay was very bad!\t[0-9.]+\t[0-9.]+\t[0-9.]+\t-0\\.[0-9]{4}$'
	[ "${#lines[@]}" -eq 3 ]
}

@test "sentiment: --label adds positive/neutral/negative at +-0.05" {
	printf 'id\ttext\n1\tgood\n2\tthe table\n3\tbad\n4\tnot bad at all, okay\n' > "$BATS_TEST_TMPDIR/l.tsv"
	run sentiment --vader --label "$BATS_TEST_TMPDIR/l.tsv"
	assert_success
	assert_line -n 0 $'id\ttext\tneg\tneu\tpos\tcompound\tlabel'
	assert_line -n 1 --regexp $'\t0\\.4404\tpositive$'
	assert_line -n 2 --regexp $'\t0\\.0000\tneutral$'
	assert_line -n 3 --regexp $'\t-0\\.5423\tnegative$'
	# the label follows the compound column on every row of a rated set
	sentiment --label "$EV/tweets.tsv" | awk -F'\t' 'NR > 1 {
		want = $7 >= 0.05 ? "positive" : $7 <= -0.05 ? "negative" : "neutral"
		if ($8 != want) { print "row " NR ": " $7 " " $8; bad = 1 } } END { exit bad }'
}

@test "sentiment: --field and -f score another column" {
	run sentiment --vader --field body "$F/other_field.tsv"
	assert_success
	assert_line -n 0 $'id\tbody\tnote\tneg\tneu\tpos\tcompound'
	assert_line -n 1 --regexp $'\tx\t[0-9.]+\t[0-9.]+\t[0-9.]+\t-0\\.[0-9]+$'
	assert_line -n 2 $'2\tNo.\ty\t0.0000\t1.0000\t0.0000\t0.0000'
	run sentiment --vader -f body "$F/other_field.tsv"
	assert_line -n 2 $'2\tNo.\ty\t0.0000\t1.0000\t0.0000\t0.0000'
	run sentiment -fbody --vader "$F/other_field.tsv"
	assert_success
}

@test "sentiment: a missing column is an error naming it" {
	run --separate-stderr sentiment "$F/other_field.tsv"
	[ "$status" -eq 1 ]
	stderr_has "other_field.tsv:1: no column 'text'"
	run --separate-stderr sentiment --field nope "$F/two_rows.tsv"
	[ "$status" -eq 1 ]
	stderr_has "no column 'nope'"
}

@test "sentiment: running twice names the clashing column" {
	sentiment "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/once"
	run --separate-stderr sentiment "$BATS_TEST_TMPDIR/once"
	[ "$status" -eq 1 ]
	stderr_has "once:1: column 'neg' already present (run twice?)"
	[ -z "$output" ]
	printf 'doc\ttext\tlabel\nx\tgood\ty\n' > "$BATS_TEST_TMPDIR/lab.tsv"
	run sentiment "$BATS_TEST_TMPDIR/lab.tsv"
	assert_success
	run --separate-stderr sentiment --label "$BATS_TEST_TMPDIR/lab.tsv"
	[ "$status" -eq 1 ]
	stderr_has "column 'label' already present"
}

@test "sentiment: escapes in the text are decoded for scoring, passed through as they were" {
	run sentiment --vader "$F/escapes.tsv"
	assert_success
	assert_line -n 1 --regexp $'^a\tgood\\\\tnews\\\\nand \\\\\\\\o/ more\t'
	printf 'doc\ttext\na\tgood news and \\o/ more\n' > "$BATS_TEST_TMPDIR/plain.tsv"
	[ "$(sentiment --vader "$F/escapes.tsv" | cut -f3- | tail -1)" = \
	  "$(sentiment --vader "$BATS_TEST_TMPDIR/plain.tsv" | cut -f3- | tail -1)" ]
}

@test "sentiment: --lexicon adds words, phrases and negations; later files win" {
	printf 'term\tvalence\twhy\nzorble\t2.5\ta new word\nblue moon\t-3\ta phrase\ngood\t0\tremoved\nunzorble\tnegation\tx\n' > "$BATS_TEST_TMPDIR/lex.tsv"
	printf 'id\ttext\n1\tzorble\n2\tonce in a blue moon\n3\tgood\n4\tunzorble zorble\n' > "$BATS_TEST_TMPDIR/in.tsv"
	run sentiment --vader --lexicon "$BATS_TEST_TMPDIR/lex.tsv" "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_line -n 1 --regexp $'\t0\\.[1-9][0-9]*$'
	assert_line -n 2 --regexp $'\t-0\\.[1-9][0-9]*$'
	assert_line -n 3 --regexp $'\t0\\.0000$'
	assert_line -n 4 --regexp $'\t-0\\.[1-9][0-9]*$'
	printf 'zorble\t-1\n' > "$BATS_TEST_TMPDIR/lex2.tsv"
	run sentiment --lexicon "$BATS_TEST_TMPDIR/lex.tsv" --lexicon "$BATS_TEST_TMPDIR/lex2.tsv" "$BATS_TEST_TMPDIR/in.tsv"
	assert_line -n 1 --regexp $'\t-0\\.[1-9][0-9]*$'
	# the reference lexicon's own format is accepted
	run sentiment --vader --lexicon "$ROOT/data/vader/vader_lexicon.txt" "$F/two_rows.tsv"
	assert_success
}

@test "sentiment: a bad --lexicon file is an error naming file and line" {
	printf 'term\tvalence\nfine\t1\nbroken\n' > "$BATS_TEST_TMPDIR/bad.tsv"
	run --separate-stderr sentiment --lexicon "$BATS_TEST_TMPDIR/bad.tsv" "$F/two_rows.tsv"
	[ "$status" -eq 1 ]
	stderr_has "bad.tsv:3:"
	[ -z "$output" ]
	run --separate-stderr sentiment --lexicon "$BATS_TEST_TMPDIR/none.tsv" "$F/two_rows.tsv"
	[ "$status" -eq 1 ]
	stderr_has "none.tsv"
}

@test "sentiment: --data-dir and NEWSFILTERS_DATA choose the data files" {
	cp -R "$ROOT/data" "$BATS_TEST_TMPDIR/d"
	printf 'term\tvalence\nvisit\t-3\n' >> "$BATS_TEST_TMPDIR/d/sentiment-overlay.tsv"
	a=$(sentiment "$F/two_rows.tsv" | sed -n 2p)
	b=$(sentiment --data-dir="$BATS_TEST_TMPDIR/d" "$F/two_rows.tsv" | sed -n 2p)
	c=$(NEWSFILTERS_DATA="$BATS_TEST_TMPDIR/d" sentiment "$F/two_rows.tsv" | sed -n 2p)
	[ "$a" != "$b" ]
	[ "$b" = "$c" ]
	run --separate-stderr sentiment --data-dir="$BATS_TEST_TMPDIR" "$F/two_rows.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'vader_lexicon.txt'
}

@test "sentiment: --columns reads header-less input, --no-header-out drops the header" {
	tail -n +2 "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/nohead.tsv"
	run sentiment --columns=doc,text "$BATS_TEST_TMPDIR/nohead.tsv"
	assert_success
	assert_line -n 0 $'doc\ttext\tneg\tneu\tpos\tcompound'
	sentiment "$F/two_rows.tsv" | tail -n +2 > "$BATS_TEST_TMPDIR/want"
	sentiment --columns=doc,text --no-header-out "$BATS_TEST_TMPDIR/nohead.tsv" > "$BATS_TEST_TMPDIR/got"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	sentiment --no-header-out "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/got2"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got2"
}

@test "sentiment: a bad --columns list is a usage error that names the option" {
	run -2 --separate-stderr sentiment --columns=doc,doc "$F/two_rows.tsv"
	stderr_has "--columns=doc,doc: column 'doc' appears twice in the list"
	run -2 --separate-stderr sentiment --columns=doc,Text "$F/two_rows.tsv"
	stderr_has "--columns=doc,Text: invalid column name 'Text' in the list"
}

@test "sentiment: several inputs share one header; a different header is an error" {
	sentiment "$F/two_rows.tsv" "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/two"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/two")" -eq 5 ]
	run --separate-stderr sentiment "$F/two_rows.tsv" "$F/other_field.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'header differs'
}

@test "sentiment: -- ends the options" {
	cp "$F/two_rows.tsv" "$BATS_TEST_TMPDIR/-odd.tsv"
	cd "$BATS_TEST_TMPDIR"
	run sentiment -- -odd.tsv
	assert_success
	[ "${#lines[@]}" -eq 3 ]
}

@test "sentiment: --help matches the man page, option for option" {
	run sentiment --help
	assert_success
	assert_line --partial 'Usage: sentiment'
	grep -o -- '--[a-z][a-z-]*' <<< "$output" | sort -u > "$BATS_TEST_TMPDIR/help"
	sed 's/\\-/-/g' "$ROOT/man/sentiment.1" | grep '^\.It Fl' | grep -o -- '-[a-z][a-z-]*' |
	    sed 's/^-/--/; s/^---/--/' | grep -- '^--..' | sort -u > "$BATS_TEST_TMPDIR/man"
	same_bytes "$BATS_TEST_TMPDIR/help" "$BATS_TEST_TMPDIR/man"
}

@test "sentiment: the man page is lint-clean" {
	run mandoc -Tlint -Wwarning "$ROOT/man/sentiment.1"
	assert_success
	assert_output ''
}

@test "sentiment: --version names the program" {
	run sentiment --version
	assert_success
	assert_line -n 0 --regexp '^sentiment \(newsfilters\) [0-9]'
}

@test "sentiment: an unknown option or a missing argument is a usage error" {
	run --separate-stderr sentiment --frobnicate
	[ "$status" -eq 2 ]
	stderr_has "unrecognized option '--frobnicate'"
	stderr_has "Try 'sentiment --help'"
	run --separate-stderr sentiment --lexicon
	[ "$status" -eq 2 ]
	stderr_has "option '--lexicon' requires an argument"
	run --separate-stderr sentiment -f
	[ "$status" -eq 2 ]
	stderr_has "option requires an argument -- 'f'"
	# a long option with a short twin is named as given, not by its letter
	run -2 --separate-stderr sentiment --field
	stderr_has "sentiment: option '--field' requires an argument"
	# an unknown letter is unknown, last on the line or not
	run -2 --separate-stderr sentiment -z
	stderr_has "sentiment: invalid option -- 'z'"
}

@test "every filter: a long option without its argument is named as given" {
	for c in "segment --unit" "segment --field" "dequote --field" \
	    "rating-extract --field" "sentiment --field" "aggregate --group"; do
		run -2 --separate-stderr $c
		stderr_has "${c%% *}: option '${c#* }' requires an argument"
	done
	run -2 --separate-stderr segment -x
	stderr_has "segment: invalid option -- 'x'"
	run -2 --separate-stderr aggregate -g
	stderr_has "aggregate: option requires an argument -- 'g'"
	# a bad letter inside a group after a long option: the letter
	run -2 --separate-stderr aggregate --sort -Zq -g g count
	stderr_has "aggregate: invalid option -- 'Z'"
	run -2 --separate-stderr sentiment --label -zq
	stderr_has "sentiment: invalid option -- 'z'"
}

# -------------------------------------------------------------- bad input

@test "sentiment: empty input gives empty output" {
	run sentiment "$F/empty.tsv"
	assert_success
	[ -z "$output" ]
	run sentiment < /dev/null
	assert_success
	[ -z "$output" ]
}

@test "sentiment: header-only input gives the header with the new columns" {
	run sentiment --label "$F/header_only.tsv"
	assert_success
	assert_output $'doc\ttext\tneg\tneu\tpos\tcompound\tlabel'
}

@test "sentiment: a UTF-8 BOM and CRLF line ends give the same output as plain LF" {
	sentiment "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/want"
	{ printf '\xef\xbb\xbf'; cat "$F/two_rows.tsv"; } > "$BATS_TEST_TMPDIR/bom.tsv"
	sentiment "$BATS_TEST_TMPDIR/bom.tsv" > "$BATS_TEST_TMPDIR/got"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	sed 's/$/\r/' "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/crlf.tsv"
	sentiment "$BATS_TEST_TMPDIR/crlf.tsv" > "$BATS_TEST_TMPDIR/got"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "sentiment: invalid UTF-8 is scored as U+FFFD with one warning per input" {
	run --separate-stderr sentiment "$F/bad_utf8.tsv"
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	stderr_has 'bad_utf8.tsv:2: invalid UTF-8'
	[ "$(printf '%s\n' "$stderr" | grep -c 'invalid UTF-8')" -eq 1 ]
	# the field itself is written unchanged
	sentiment "$F/bad_utf8.tsv" 2>/dev/null | cut -f1,2 > "$BATS_TEST_TMPDIR/got"
	same_bytes "$F/bad_utf8.tsv" "$BATS_TEST_TMPDIR/got"
	# scored as U+FFFD would be
	printf 'doc\ttext\na\tgood \xef\xbf\xbd news\n' > "$BATS_TEST_TMPDIR/fffd.tsv"
	[ "$(sentiment "$F/bad_utf8.tsv" 2>/dev/null | sed -n 2p | cut -f3-)" = \
	  "$(sentiment "$BATS_TEST_TMPDIR/fffd.tsv" | sed -n 2p | cut -f3-)" ]
}

@test "sentiment: --strict makes invalid UTF-8 an error naming the line" {
	run --separate-stderr sentiment --strict "$F/bad_utf8.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'bad_utf8.tsv:2: invalid UTF-8'
}

@test "sentiment: a NUL byte in the text is read as U+FFFD" {
	printf 'doc\ttext\na\tgood\0 news\n' > "$BATS_TEST_TMPDIR/nul.tsv"
	run --separate-stderr sentiment "$BATS_TEST_TMPDIR/nul.tsv"
	assert_success
	stderr_has 'invalid UTF-8'
	[ "${#lines[@]}" -eq 2 ]
}

@test "sentiment: a row with the wrong number of fields is an error naming its line" {
	run --separate-stderr sentiment "$F/wrong_fields.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'wrong_fields.tsv:3:'
	stderr_has 'header has 2'
}

@test "sentiment: a raw carriage return inside a row is an error naming its line" {
	printf 'doc\ttext\na\tgood\rbad\n' > "$BATS_TEST_TMPDIR/cr.tsv"
	run --separate-stderr sentiment "$BATS_TEST_TMPDIR/cr.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'cr.tsv:2:'
}

@test "sentiment: an unreadable input is reported, the others still processed, exit 1" {
	run --separate-stderr sentiment "$F/two_rows.tsv" "$BATS_TEST_TMPDIR/missing.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'missing.tsv'
	[ "${#lines[@]}" -eq 3 ]
}

@test "sentiment: every row comes out, in order, on the rated sets" {
	sentiment "$EV/amazon.tsv" | cut -f1 > "$BATS_TEST_TMPDIR/got"
	cut -f1 "$EV/amazon.tsv" > "$BATS_TEST_TMPDIR/want"
	same_bytes "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "sentiment: a very long row (one text of 600000 words) is scored" {
	awk 'BEGIN { printf "doc\ttext\nbig\t"; for (i = 0; i < 100000; i++) printf "good bad but love nice so "; printf "\n" }' > "$BATS_TEST_TMPDIR/big.tsv"
	run sentiment --vader "$BATS_TEST_TMPDIR/big.tsv"
	assert_success
	assert_line -n 1 --regexp $'\t1\\.0000$'
}

# ------------------------------------------------------------------- I/O

to_full() { sentiment "$@" > /dev/full; }
@test "sentiment: a full disk is an error, not a silent success" {
	run --separate-stderr to_full "$F/two_rows.tsv"
	[ "$status" -eq 1 ]
	stderr_has 'write error'
}

@test "sentiment: a closed pipe ends it quietly" {
	run --separate-stderr bash -c 'set -o pipefail; for i in 1 2 3 4 5 6 7 8; do cat "$1"; done | sentiment --columns=id,human,text | head -n 1 >/dev/null' _ "$EV/tweets.tsv"
	[[ $status -eq 0 || $status -eq 141 ]]
	[ -z "$stderr" ]
}

@test "sentiment: FILE, - and stdin give the same bytes" {
	sentiment "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/a"
	sentiment - < "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/b"
	sentiment < "$F/two_rows.tsv" > "$BATS_TEST_TMPDIR/c"
	same_bytes "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	same_bytes "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/c"
}

@test "sentiment: the output does not depend on the locale" {
	LC_ALL=C sentiment "$EV/quirks.tsv" > "$BATS_TEST_TMPDIR/c"
	for loc in "$(utf8_locale)" "$(comma_locale)"; do
		[ -n "$loc" ] || continue
		LC_ALL=$loc sentiment "$EV/quirks.tsv" > "$BATS_TEST_TMPDIR/l"
		same_bytes "$BATS_TEST_TMPDIR/c" "$BATS_TEST_TMPDIR/l"
		LC_ALL=$loc LANG=$loc sentiment --vader "$EV/quirks.tsv" > "$BATS_TEST_TMPDIR/l"
		LC_ALL=C sentiment --vader "$EV/quirks.tsv" > "$BATS_TEST_TMPDIR/c2"
		same_bytes "$BATS_TEST_TMPDIR/c2" "$BATS_TEST_TMPDIR/l"
	done
	[ -n "$(utf8_locale)$(comma_locale)" ] || skip "no UTF-8 or comma-decimal locale installed"
}

@test "sentiment: the man page's examples run" {
	command -v segment >/dev/null || skip "segment is not built"
	cd "$BATS_TEST_TMPDIR"
	ln -s "$ROOT/samples" samples
	run bash -c 'segment samples/*.txt | sentiment --label | cut -f8,12,13'
	assert_success
	assert_line -n 0 $'text\tcompound\tlabel'
	run bash -c "segment samples/*.txt | sentiment |
	    awk -F'\t' 'NR > 1 { s[\$1] += \$NF; n[\$1]++ } END { for (d in s) printf \"%s\t%.4f\n\", d, s[d] / n[d] }'"
	assert_success
	[ "${#lines[@]}" -ge 1 ]
	run bash -c "segment samples/*.txt > s.tsv
	    sentiment --vader --label s.tsv | cut -f13 > vader.txt
	    sentiment --label s.tsv | cut -f8,13 | paste vader.txt - | awk -F'\t' '\$1 != \$3'"
	assert_success
	printf 'term\tvalence\twhy\nlocum\t-0.5\tagency cover\n' > mine.tsv
	run bash -c 'segment samples/*.txt | sentiment --lexicon mine.tsv'
	assert_success
}
