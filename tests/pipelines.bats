#!/usr/bin/env bats
# tests/pipelines.bats — the pipeline scripts (scripts/): their tables on
# samples/ against hand-checked expected outputs, on ../shared/seeds when it
# is there, against independent computations (datamash, awk), the grades
# rules on hand-made facts, bad input, and the report's page (headless
# Chromium, when installed).  --jobs and Hadoop: tests/scaleout.bats.
#
# The expected outputs in tests/expected/pipelines/ follow the filters'
# current output; tests/expected/pipelines/regenerate rewrites them (then
# check the diff by hand).

setup() { load helpers/common.bash; }

E() { echo "$ROOT/tests/expected/pipelines/$1"; }
SCRIPTS="who-said-what grades reactions report"

# ------------------------------------------------------------ samples

@test "who-said-what: samples/, per speaker and role, as hand-checked" {
	who-said-what "$SAMPLES" > "$BATS_TEST_TMPDIR/out"
	same_bytes "$(E samples.who-said-what.tsv)" "$BATS_TEST_TMPDIR/out"
}

@test "who-said-what: samples/ --by role --comments and --by doc, as hand-checked" {
	who-said-what --by role --comments "$SAMPLES" > "$BATS_TEST_TMPDIR/role"
	same_bytes "$(E samples.who-said-what.role-comments.tsv)" "$BATS_TEST_TMPDIR/role"
	who-said-what --by doc "$SAMPLES" > "$BATS_TEST_TMPDIR/doc"
	same_bytes "$(E samples.who-said-what.doc.tsv)" "$BATS_TEST_TMPDIR/doc"
}

@test "reactions: samples/, one row per document, as hand-checked" {
	reactions "$SAMPLES" > "$BATS_TEST_TMPDIR/out"
	same_bytes "$(E samples.reactions.tsv)" "$BATS_TEST_TMPDIR/out"
}

@test "grades: samples/, per authority and area, as hand-checked" {
	grades "$SAMPLES" > "$BATS_TEST_TMPDIR/out"
	same_bytes "$(E samples.grades.tsv)" "$BATS_TEST_TMPDIR/out"
}

@test "scripts: files, a folder and a --tsv table of the same articles agree" {
	sh "$ROOT/scripts/lib/docs-table.sh" "$SAMPLES"/*.txt > "$BATS_TEST_TMPDIR/docs.tsv"
	reactions "$SAMPLES"/*.txt > "$BATS_TEST_TMPDIR/files"
	same_bytes "$(E samples.reactions.tsv)" "$BATS_TEST_TMPDIR/files"
	reactions --tsv "$BATS_TEST_TMPDIR/docs.tsv" > "$BATS_TEST_TMPDIR/table"
	same_bytes "$(E samples.reactions.tsv)" "$BATS_TEST_TMPDIR/table"
	grades --tsv "$BATS_TEST_TMPDIR/docs.tsv" > "$BATS_TEST_TMPDIR/table"
	same_bytes "$(E samples.grades.tsv)" "$BATS_TEST_TMPDIR/table"
}

# ------------------------------------------------------------ seeds

@test "scripts: ../shared/seeds, as hand-checked (skipped without ../shared)" {
	need_shared
	who-said-what --comments "$SHARED/seeds" > "$BATS_TEST_TMPDIR/w"
	same_bytes "$(E seeds.who-said-what.comments.tsv)" "$BATS_TEST_TMPDIR/w"
	reactions "$SHARED/seeds" > "$BATS_TEST_TMPDIR/r"
	same_bytes "$(E seeds.reactions.tsv)" "$BATS_TEST_TMPDIR/r"
	grades "$SHARED/seeds" > "$BATS_TEST_TMPDIR/g"
	same_bytes "$(E seeds.grades.tsv)" "$BATS_TEST_TMPDIR/g"
}

# ------------------------------------------------ independent computations

# the scored spans of samples/ and the seed copies, straight from the filters
spans() {
	segment "$SAMPLES"/*.txt "$GOLD"/seeds/*.txt | dequote 2>/dev/null | sentiment --label
}

@test "who-said-what: counts, means and medians agree with datamash over the spans" {
	spans > "$BATS_TEST_TMPDIR/spans"
	# quote rows → speaker, role, quotation id, compound, negative?
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $c["voice"] == "quote" { print $c["speaker"] "\t" $c["role"] "\t" $c["doc"] "#" $c["quote"] "\t" $c["compound"] "\t" ($c["label"] == "negative") }' \
	    "$BATS_TEST_TMPDIR/spans" | sed 's/^\t/(none)\t/' |
	    datamash -s -g 1,2 countunique 3 count 3 mean 4 median 4 mean 5 > "$BATS_TEST_TMPDIR/oracle"
	who-said-what "$SAMPLES" "$GOLD/seeds" | tail -n +2 | sed 's/^\t/(none)\t/' |
	    cut -f1-4,6-8 | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 > "$BATS_TEST_TMPDIR/ours"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/ours")" -gt 10 ]
	# same groups and counts; means within the 4-decimal rounding
	paste "$BATS_TEST_TMPDIR/oracle" "$BATS_TEST_TMPDIR/ours" | awk -F'\t' '
	    function off(a, b) { d = a - b; return d > 0.00005001 || d < -0.00005001 }
	    $1 != $8 || $2 != $9 || $3 != $10 || $4 != $11 || off($5, $12) || off($6, $13) || off($7, $14) {
		print "differs: " $0; bad = 1 }
	    END { exit bad }'
}

@test "who-said-what: words are the space-separated tokens with a letter or digit" {
	spans > "$BATS_TEST_TMPDIR/spans"
	# an independent count: split on spaces, drop tokens of punctuation only
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $c["voice"] == "quote" { n = split($c["text"], w, " "); k = 0
		for (i = 1; i <= n; i++) { t = w[i]; gsub(/[[:punct:]]/, "", t)
		    gsub(/\342\200[\230\231\234\235\223\224\246\242]/, "", t); if (t != "") k++ }
		s[$c["speaker"] "\t" $c["role"]] += k }
	    END { for (g in s) print g "\t" s[g] }' "$BATS_TEST_TMPDIR/spans" |
	    LC_ALL=C sort > "$BATS_TEST_TMPDIR/oracle"
	who-said-what "$SAMPLES" "$GOLD/seeds" | tail -n +2 | cut -f1,2,5 | LC_ALL=C sort > "$BATS_TEST_TMPDIR/ours"
	same_bytes "$BATS_TEST_TMPDIR/oracle" "$BATS_TEST_TMPDIR/ours"
}

@test "reactions: sentence counts and means agree with datamash over the spans" {
	spans > "$BATS_TEST_TMPDIR/spans"
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { s = $c["section"]; p = "" }
	    s == "comment" { p = "c" }
	    s ~ /^(headline|standfirst|caption|heading|body)$/ { p = ($c["voice"] == "quote") ? "q" : "n" }
	    p != "" { print $c["doc"] "\t" p "\t" $c["sent"] "\t" $c["compound"] }' "$BATS_TEST_TMPDIR/spans" |
	    datamash -s -g 1,2 countunique 3 mean 4 > "$BATS_TEST_TMPDIR/oracle"
	reactions "$SAMPLES" "$GOLD/seeds" | awk -F'\t' 'NR > 1 {
	    if ($2 > 0) print $1 "\tn\t" $2 "\t" $3
	    if ($4 > 0) print $1 "\tq\t" $4 "\t" $5
	    if ($7 > 0) print $1 "\tc\t" $7 "\t" $8
	    # the differences are those of the means
	    if ($5 != "" && $3 != "" && ($9 - ($5 - $3) > 0.00015 || $9 - ($5 - $3) < -0.00015)) print "bad difference " $0
	    if ($8 != "" && $3 != "" && ($10 - ($8 - $3) > 0.00015 || $10 - ($8 - $3) < -0.00015)) print "bad difference " $0 }' |
	    LC_ALL=C sort > "$BATS_TEST_TMPDIR/ours"
	paste "$BATS_TEST_TMPDIR/oracle" "$BATS_TEST_TMPDIR/ours" | awk -F'\t' '
	    $1 != $5 || $2 != $6 || $3 != $7 || $4 - $8 > 0.00005001 || $8 - $4 > 0.00005001 { print "differs: " $0; bad = 1 }
	    END { exit bad }'
	[ "$(wc -l < "$BATS_TEST_TMPDIR/oracle")" -eq "$(wc -l < "$BATS_TEST_TMPDIR/ours")" ]
}

# ------------------------------------------------------------ grades rules

@test "grades: the latest grade across documents, by the documented rules" {
	# superseded (Croydon), undated newer than dated (Leeds), document
	# order (Essex), only an earlier judgement (Kent), first sentence
	# (Hull), conflicting grades in one document are not earlier ones
	grades --stage reduce < "$FIX/pipelines/facts-cross-doc.tsv" > "$BATS_TEST_TMPDIR/out"
	same_bytes "$(E facts-cross-doc.grades.tsv)" "$BATS_TEST_TMPDIR/out"
}

@test "grades: the reducer does not depend on the order of a key's rows" {
	f="$FIX/pipelines/facts-cross-doc.tsv"
	t=$(printf '\t')
	LC_ALL=C sort -t "$t" -k1,1 -k2,2 -s "$f" | awk -f "$ROOT/scripts/lib/grades-reduce.awk" > "$BATS_TEST_TMPDIR/a"
	tac "$f" | LC_ALL=C sort -t "$t" -k1,1 -k2,2 -s | awk -f "$ROOT/scripts/lib/grades-reduce.awk" > "$BATS_TEST_TMPDIR/b"
	same_bytes "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
}

@test "grades: the reducer's keys are strings: areas 1 and 1.0 are two rows" {
	printf 'Leeds\t1\td1\t1\tgood\t2\tcurrent\t2019\tt1\nLeeds\t1.0\td2\t1\tinadequate\t4\tcurrent\t2020\tt2\n' |
	    awk -f "$ROOT/scripts/lib/grades-reduce.awk" > "$BATS_TEST_TMPDIR/out"
	[ "$(cut -f1-3 "$BATS_TEST_TMPDIR/out")" = "$(printf 'Leeds\t1\tgood\nLeeds\t1.0\tinadequate')" ]
}

@test "grades: many mentions of one authority and area stay fast (no quadratic path)" {
	# 30000 statements about one key, from 3000 documents
	awk 'BEGIN { for (d = 1; d <= 3000; d++) for (s = 1; s <= 10; s++)
	    printf "Essex\toverall\td%05d\t%d\t%s\t%d\t%s\t%s\tEssex is rated.\n", d, s,
		(s % 3 ? "good" : "outstanding"), (s % 3 ? 2 : 1), (s % 5 ? "current" : "previous"), (s % 2 ? "" : 2000 + s) }' > "$BATS_TEST_TMPDIR/facts"
	run -0 timeout 60 grades --stage reduce < "$BATS_TEST_TMPDIR/facts"
	[ "${#lines[@]}" -eq 1 ]
}

# ------------------------------------------------------------ bad input

@test "scripts: an empty folder is an error that says so" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	cd "$BATS_TEST_TMPDIR"
	for s in $SCRIPTS; do
		run -1 --separate-stderr "$s" "$BATS_TEST_TMPDIR/empty"
		stderr_has "$s: $BATS_TEST_TMPDIR/empty: no documents in this folder (looked for *.txt files)"
		[ -z "$output" ]
	done
	[ ! -e newsfilters-report ]	# report made no folder
}

@test "scripts: no input, a missing file and a header-only table are errors" {
	printf 'id\ttext\n' > "$BATS_TEST_TMPDIR/empty.tsv"
	for s in $SCRIPTS; do
		run -1 --separate-stderr "$s"
		stderr_has "$s: no input"
	done
	run -1 --separate-stderr grades "$SAMPLES" "$BATS_TEST_TMPDIR/nothing-here.txt"
	stderr_has "grades: $BATS_TEST_TMPDIR/nothing-here.txt: no such file or folder"
	[ -z "$output" ]
	run -1 --separate-stderr report --tsv "$BATS_TEST_TMPDIR/empty.tsv"
	stderr_has "report: $BATS_TEST_TMPDIR/empty.tsv: no documents in the table"
	run -1 --separate-stderr grades --tsv "$BATS_TEST_TMPDIR/no.tsv"
	stderr_has "grades: $BATS_TEST_TMPDIR/no.tsv: cannot read the table: no such file"
	# a pipe says what to do
	run -1 --separate-stderr bash -c 'grades --tsv <(cat "$1")' sh "$BATS_TEST_TMPDIR/empty.tsv"
	stderr_has "not a regular file (a pipe? save the table to a file first)"
	[ -z "$output" ]
}

@test "scripts: a folder's symbolic links to articles count, as naming them does" {
	mkdir "$BATS_TEST_TMPDIR/elsewhere" "$BATS_TEST_TMPDIR/mix"
	cd "$BATS_TEST_TMPDIR"
	for f in "$SAMPLES"/*.txt; do
		cp "$f" elsewhere/
		ln -s "../elsewhere/${f##*/}" "mix/${f##*/}"
	done
	grades mix > got
	same_bytes "$(E samples.grades.tsv)" got
	# one real file and links: all of them, in byte order of their paths
	rm "mix/calderdale-upgrade.txt"
	cp "$SAMPLES/calderdale-upgrade.txt" mix/
	grades mix > got
	same_bytes "$(E samples.grades.tsv)" got
	# a broken link and a link to a folder are not articles
	ln -s nowhere.txt mix/broken.txt
	ln -s ../elsewhere mix/folder.txt
	grades mix > got
	same_bytes "$(E samples.grades.tsv)" got
}

@test "scripts: --help on stdout, --version, bad usage exits 2" {
	for s in $SCRIPTS; do
		run -0 --separate-stderr "$s" --help
		assert_line -n 0 "Usage: $s [OPTION]... FILE|FOLDER..."
		[ -z "$stderr" ]
		run -0 "$s" --version
		[[ $output == "$s (newsfilters) "* ]]
		run -2 --separate-stderr "$s" --frobnicate "$SAMPLES"
		stderr_has "$s: unrecognized option '--frobnicate'"
		stderr_has "Try '$s --help' for more information."
	done
	run -2 --separate-stderr reactions --jobs=x "$SAMPLES"
	stderr_has "invalid --jobs 'x'"
	run -2 --separate-stderr who-said-what --by=nobody "$SAMPLES"
	stderr_has "invalid --by 'nobody'"
}

@test "scripts: man/newsfilters-pipelines.1 documents every long option of --help" {
	man="$ROOT/man/newsfilters-pipelines.1"
	for s in $SCRIPTS; do
		for o in $("$s" --help | sed -n 's/^  *\(-[a-z], \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p'); do
			grep -q "^\.It .*Fl -$o" "$man" || { echo "$s --$o not in the man page"; false; }
		done
	done
}

@test "scripts: a failing filter fails the script, with its message" {
	bin="$BATS_TEST_TMPDIR/bin"
	mkdir "$bin"
	for f in segment sentiment rating-extract aggregate; do ln -s "$NF_BIN/$f" "$bin/$f"; done
	printf '#!/bin/sh\ncat >/dev/null; echo "dequote: broken on purpose" >&2; exit 1\n' > "$bin/dequote"
	chmod +x "$bin/dequote"
	for j in "" "--jobs=1" "--jobs=2"; do
		NF_BIN=$bin run -1 --separate-stderr who-said-what $j "$SAMPLES"
		stderr_has "dequote: broken on purpose"
	done
}

@test "scripts: a closed output pipe ends a script quietly" {
	run --separate-stderr bash -c 'set -o pipefail; who-said-what --by doc "$1" | head -n 1' _ "$SAMPLES"
	[[ $status -eq 0 || $status -eq 141 ]]
	[ -z "$stderr" ]
	assert_output $'doc\tspeaker\trole\tquotes\tspans\twords\tcompound_mean\tcompound_median\tnegative_share'
}

# ------------------------------------------------------------ report

@test "report: prints the page's path; its tables are the scripts' outputs" {
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr report "$SAMPLES"
	assert_output "$BATS_TEST_TMPDIR/newsfilters-report/index.html"
	[ -z "$stderr" ]	# not a terminal: no progress
	d=newsfilters-report
	# --by role --comments, reactions and grades are tested against their
	# expected outputs; the other two are run here
	same_bytes "$(E samples.who-said-what.role-comments.tsv)" $d/roles.tsv
	same_bytes "$(E samples.reactions.tsv)" $d/reactions.tsv
	same_bytes "$(E samples.grades.tsv)" $d/grades.tsv
	who-said-what --comments "$SAMPLES" > w && same_bytes w $d/speakers.tsv
	who-said-what --comments --by doc "$SAMPLES" > c && same_bytes c $d/documents.tsv
	[ -f $d/warnings.txt ]
	# --from draws the same page from the tables alone
	run -0 report --from $d -o again
	same_bytes $d/index.html again/index.html
}

@test "report: the page is self-contained, and has its charts, titles and legends" {
	cd "$BATS_TEST_TMPDIR"
	report -o out "$SAMPLES" > /dev/null
	p=out/index.html
	! grep -qi '<script' $p
	! grep -qiE '(src|href)="(https?:)?//' $p
	! grep -qiE '<(link|img|iframe|object|embed)' $p
	[ "$(grep -oE 'https?://[^" ]+' $p | sort -u)" = "http://www.w3.org/2000/svg" ]
	[ "$(grep -c '<svg' $p)" -eq 4 ]
	grep -q '<h2 id="speakers">Who is quoted, and how positively</h2>' $p
	grep -q '<h2 id="reactions">Article versus comments</h2>' $p
	grep -q '<h2 id="grades">Inspection grades by authority</h2>' $p
	[ "$(grep -c 'mean VADER compound score of the spans' $p)" -eq 3 ]	# axis labels
	grep -q 'class="legend">inspectorate<' $p
	grep -q 'class="legend">readers’ comments<' $p
	grep -q 'class="legend">requires improvement<' $p
	# the chart's numbers are speakers.tsv's: the first row's quotations and mean
	note=$(awk -F'\t' 'NR == 2 { printf "%d quotations, %s%.3f", $3, ($6 > 0 ? "+" : ""), $6 }' out/speakers.tsv)
	grep -qF "class=\"note\">$note<" $p
	# a title with markup is escaped
	report -o t2 --title 'A <b> & "c"' "$SAMPLES/leeds-bradford-plain.txt" > /dev/null
	grep -q '<title>A &lt;b&gt; &amp; &quot;c&quot;</title>' t2/index.html
}

@test "report: the same bytes under mawk and gawk (when both are installed)" {
	command -v mawk >/dev/null && command -v gawk >/dev/null || skip "needs both mawk and gawk"
	cd "$BATS_TEST_TMPDIR"
	NF_AWK=mawk report -o m "$SAMPLES" "$GOLD/seeds" > /dev/null
	NF_AWK=gawk report -o g "$SAMPLES" "$GOLD/seeds" > /dev/null
	for f in index.html speakers.tsv roles.tsv documents.tsv reactions.tsv grades.tsv; do
		same_bytes m/$f g/$f
	done
}

chromium_bin() { command -v chromium || command -v chromium-browser || true; }
chrome() {
	"$(chromium_bin)" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking --disable-component-update \
	    --disable-sync --user-data-dir="$(mktemp -d "$BATS_TEST_TMPDIR/chr.XXXXXX")" "$@"
}

@test "report: the page opens in headless Chromium and its screenshot is not blank" {
	[ -n "$(chromium_bin)" ] || skip "chromium is not installed (Debian package chromium)"
	cd "$BATS_TEST_TMPDIR"
	page=$(report -o out "$SAMPLES" "$GOLD/seeds")
	run chrome --enable-logging=stderr --v=0 --window-size=1280,2000 \
	    --screenshot="$BATS_TEST_TMPDIR/shot.png" "file://$page"
	[ "$status" -eq 0 ]
	[[ $output != *"CONSOLE("* ]] || { echo "$output" | grep CONSOLE; false; }
	[[ $output != *"net::ERR_"* ]]
	[ -s shot.png ]
	# a blank 1280x2000 page compresses to a few kilobytes
	[ "$(wc -c < shot.png)" -gt 30000 ]
	# count colours and non-white pixels with Chromium itself (canvas)
	{
		cat "$FIX/pipelines/pngstat.head.html"
		base64 -w0 shot.png
		cat "$FIX/pipelines/pngstat.tail.html"
	} > pngstat.html
	stat=$(chrome --virtual-time-budget=20000 --dump-dom "file://$BATS_TEST_TMPDIR/pngstat.html" 2>/dev/null |
	    sed -n 's/.*<pre id="out">\([^<]*\)<.*/\1/p')
	echo "$stat"
	[[ $stat == "size 1280x2000 "* ]]
	set -- $stat
	[ "$4" -ge 12 ]				# distinct colours (4 bits a channel)
	awk -v f="$6" 'BEGIN { exit !(f >= 0.01) }'	# at least 1% not white
}
