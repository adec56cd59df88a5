#!/usr/bin/env bats
# tests/aggregate.bats — the aggregate filter (issue 6): results, parity with
# GNU datamash, numbers, errors, the shared filter behaviour, the man page.
# Merge exactness (split / merge) is in tests/scaleout-aggregate.bats.

setup() {
	load helpers/common.bash
	AF="$FIX/aggregate"
	T="$BATS_TEST_TMPDIR"
}

# gen_data N SEED FILE — deterministic data with ties (small integers and a
# few repeated decimals), negatives, 4-decimal values and large values, in
# 37 groups that all get at least 2 values.  No empty fields (datamash
# cannot skip them).
gen_data() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		print "g\tv"
		for (i = 0; i < n; i++) {
			g = (i < 74) ? i % 37 : int(rand() * 37)
			r = rand()
			if (r < 0.25)
				v = sprintf("%d", int(rand() * 11) - 5)
			else if (r < 0.35)
				v = sprintf("%.4f", (int(rand() * 5) - 2) / 4)
			else if (r < 0.75)
				v = sprintf("%.4f", rand() * 2 - 1)
			else if (r < 0.9)
				v = sprintf("%.4f", rand() * 2e9 - 1e9)
			else
				v = sprintf("%.4f", 1e6 + rand())
			printf "grp%02d\t%s\n", g, v
		}
	}' > "$3"
}

# close_enough A B — every field equal, numbers to 1e-9 relative
close_enough() {
	paste "$1" "$2" | awk -F'\t' '
	function num(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
	{
		n = NF / 2
		for (i = 1; i <= n; i++) {
			a = $i; b = $(i + n)
			if (a == b) continue
			if (num(a) && num(b)) {
				d = a - b; if (d < 0) d = -d
				m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb
				if (d <= 1e-9 * m || d <= 1e-300) continue
			}
			printf "line %d field %d: %s vs %s\n", NR, i, a, b; bad++
		}
	}
	END { exit bad > 0 }'
}

@test "aggregate: --help on stdout, exit 0; --version" {
	run -0 --separate-stderr aggregate --help
	[[ $output == *"Usage: aggregate"* ]]
	[ -z "$stderr" ]
	run -0 aggregate --version
	[[ ${lines[0]} == "aggregate (newsfilters) "* ]]
}

@test "aggregate: every long option of --help is in the man page and back" {
	aggregate --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u > "$T/help"
	grep -o -- '^\.It Fl -[a-z][a-z0-9-]*' "$ROOT/man/aggregate.1" |
	    sed 's/^\.It Fl -/--/' | sort -u > "$T/man"
	# -g's long form is listed as ".It Fl g Ar cols , Fl -group"
	grep -q 'Fl -group' "$ROOT/man/aggregate.1" && echo --group >> "$T/man"
	sort -u -o "$T/man" "$T/man"
	same_bytes "$T/help" "$T/man"
}

@test "aggregate: man page lints clean" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	run -0 mandoc -Tlint -Wwarning "$ROOT/man/aggregate.1"
}

@test "aggregate: the EXAMPLES in the man page give the output they show" {
	cp "$AF/spans.tsv" "$T/"
	# $ lines are commands, the lines after them their output
	awk '/^\.Bd -literal/ { inb = 1; next } /^\.Ed/ { inb = 0; print "@@END"; next }
	     inb' "$ROOT/man/aggregate.1" | sed 's/\\e/\\/g' > "$T/blocks"
	n=0 cur=0
	while IFS= read -r line; do
		if [[ $line == '$ '* ]]; then
			n=$((n + 1)) cur=$n
			printf '%s\n' "${line#\$ }" > "$T/cmd.$n"
			: > "$T/want.$n"
		elif [ "$line" = "@@END" ]; then
			cur=0
		elif [ "$cur" -gt 0 ]; then
			printf '%s\n' "$line" >> "$T/want.$cur"
		fi
	done < "$T/blocks"
	[ "$n" -ge 6 ]
	for i in $(seq "$n"); do
		if grep -q '^parallel' "$T/cmd.$i" && ! command -v parallel >/dev/null; then
			continue
		fi
		(cd "$T" && bash -o pipefail "$T/cmd.$i") | tr -d '\r' > "$T/got.$i"
		same_bytes "$T/want.$i" "$T/got.$i"
	done
}

@test "aggregate: header names COL_OP and count, groups in first-seen order" {
	printf 'g\tv\nb\t1\na\t2\nb\t3\n' > "$T/in"
	run -0 aggregate -g g count mean:v sum:v "$T/in"
	assert_output $'g\tcount\tv_mean\tv_sum\nb\t2\t2\t4\na\t1\t2\t2'
	run -0 aggregate --sort -g g count "$T/in"
	assert_output $'g\tcount\na\t1\nb\t2'
}

@test "aggregate: without -g the whole input is one group" {
	printf 'g\tv\nb\t1\na\t2\nb\t3.5\n' > "$T/in"
	run -0 aggregate count sum:v max:v "$T/in"
	assert_output $'count\tv_sum\tv_max\n3\t6.5\t3.5'
}

@test "aggregate: several group columns; --sort compares column by column" {
	printf 'a\tb\tv\nx\ty\t1\nx y\tz\t2\nx\ty\t3\n\tq\t4\n' > "$T/in"
	run -0 aggregate -g a,b count sum:v "$T/in"
	assert_output $'a\tb\tcount\tv_sum\nx\ty\t2\t4\nx y\tz\t1\t2\n\tq\t1\t4'
	run -0 aggregate --sort -g a,b count "$T/in"
	assert_output $'a\tb\tcount\n\tq\t1\nx\ty\t2\nx y\tz\t1'
	tail -n +2 "$T/in" | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 | cut -f 1,2 | uniq > "$T/want"
	aggregate --sort --no-header-out -g a,b count "$T/in" | cut -f 1,2 > "$T/got"
	same_bytes "$T/want" "$T/got"
}

@test "aggregate: parity with datamash on every operation both have (1e-9)" {
	command -v datamash >/dev/null || skip "datamash not installed"
	gen_data 6000 4242 "$T/in"
	ours=(count sum:v mean:v min:v max:v median:v q1:v q3:v p90:v p7:v stdev:v var:v pstdev:v pvar:v mode:v distinct:v)
	theirs=(count 2 sum 2 mean 2 min 2 max 2 median 2 q1 2 q3 2 perc:90 2 perc:7 2 sstdev 2 svar 2 pstdev 2 pvar 2 mode 2 countunique 2)
	aggregate --sort --no-header-out -g g "${ours[@]}" "$T/in" > "$T/ours"
	datamash -H -s -g 1 "${theirs[@]}" < "$T/in" | tail -n +2 > "$T/theirs"
	[ "$(wc -l < "$T/ours")" -eq 37 ]
	close_enough "$T/ours" "$T/theirs"
	# and most lines are byte-identical, not merely close
	same=$(paste -d '\n' "$T/ours" "$T/theirs" | uniq -d | wc -l)
	[ "$same" -ge 30 ]
}

@test "aggregate: parity with datamash without groups and on a second data set" {
	command -v datamash >/dev/null || skip "datamash not installed"
	gen_data 2000 7 "$T/in"
	aggregate --no-header-out count sum:v mean:v min:v max:v median:v q1:v q3:v stdev:v var:v pstdev:v pvar:v mode:v distinct:v "$T/in" > "$T/ours"
	datamash -H count 2 sum 2 mean 2 min 2 max 2 median 2 q1 2 q3 2 sstdev 2 svar 2 pstdev 2 pvar 2 mode 2 countunique 2 < "$T/in" | tail -n +2 > "$T/theirs"
	close_enough "$T/ours" "$T/theirs"
}

@test "aggregate: sums are exact (no floating-point drift or cancellation)" {
	printf 'v\n1e15\n0.1\n-1e15\n' > "$T/in"
	run -0 aggregate sum:v mean:v "$T/in"
	assert_line -n 1 $'0.1\t0.033333333333333'
	printf 'v\n0.1\n0.2\n' > "$T/in"
	run -0 aggregate sum:v "$T/in"
	assert_line -n 1 '0.3'
	# variance of values around 1e9 that differ in the 4th decimal: exact
	printf 'v\n1000000000.0001\n1000000000.0002\n1000000000.0003\n' > "$T/in"
	run -0 aggregate var:v pvar:v stdev:v mean:v "$T/in"
	assert_line -n 1 $'1e-08\t6.6666666666667e-09\t0.0001\t1000000000.0002'
}

@test "aggregate: mixed scales and exponents add exactly" {
	printf 'v\n1.5\n2.25\n-3\n1e2\n2.5E-3\n0.000\n' > "$T/in"
	run -0 aggregate sum:v mean:v count:v "$T/in"
	assert_line -n 1 $'100.7525\t16.792083333333\t6'
}

@test "aggregate: the remaining operations" {
	printf 'g\tv\tw\na\t3\tx\na\t1\ty\nb\t2\tx\na\t\tz\na\t3\tx\n' > "$T/in"
	run -0 aggregate -g g count count:v first:v last:v collapse:v mode:w distinct:w first:w last:w collapse:w share:w=x p0:v p100:v p50:v "$T/in"
	assert_line -n 0 $'g\tcount\tv_count\tv_first\tv_last\tv_collapse\tw_mode\tw_distinct\tw_first\tw_last\tw_collapse\tw_share_x\tv_p0\tv_p100\tv_p50'
	assert_line -n 1 $'a\t4\t3\t3\t3\t3,1,3\tx\t3\tx\tx\tx,y,z,x\t0.5\t1\t3\t3'
	assert_line -n 2 $'b\t1\t1\t2\t2\t2\tx\t1\tx\tx\tx\t1\t2\t2\t2'
}

@test "aggregate: mode ties: the smallest number, numbers before text" {
	printf 'v\n10\n9\n10\n9\nb\na\nb\na\n' > "$T/in"
	run -0 aggregate mode:v "$T/in"
	assert_line -n 1 '9'
	printf 'v\nb\na\nb\na\n' > "$T/in"
	run -0 aggregate mode:v "$T/in"
	assert_line -n 1 'a'
}

@test "aggregate: empty fields are no value; a group without values prints empty" {
	printf 'g\tv\na\t\na\t\nb\t4\n' > "$T/in"
	run -0 aggregate -g g count count:v sum:v mean:v min:v median:v stdev:v mode:v first:v distinct:v share:v=4 "$T/in"
	assert_line -n 1 $'a\t2\t0\t\t\t\t\t\t\t\t0\t'
	assert_line -n 2 $'b\t1\t1\t4\t4\t4\t4\t\t4\t4\t1\t1'
}

@test "aggregate: share:COL=VALUE compares the decoded value" {
	printf 'g\tt\na\tx\\ty\na\tx y\na\tx\\ty\n' > "$T/in"
	run -0 aggregate "share:t=x	y" "$T/in"
	assert_output $'t_share_x_y\n0.66666666666667'
}

@test "aggregate: non-numeric value in a numeric operation names file, line, column" {
	printf 'g\tv\na\t1\nb\t1,5\n' > "$T/in"
	run -1 --separate-stderr aggregate -g g mean:v "$T/in"
	stderr_has "aggregate: $T/in:3: column 'v': '1,5' is not a number"
	[ -z "$output" ]
	for bad in ' 1' '1 ' inf nan 0x10 1e '--1' 'NA'; do
		printf 'v\n%s\n' "$bad" > "$T/b"
		run -1 aggregate sum:v "$T/b"
	done
	printf 'v\n1e999\n' > "$T/b"
	run -1 --separate-stderr aggregate sum:v "$T/b"
	stderr_has "out of range"
}

@test "aggregate: --skip-invalid skips and counts; non-numeric operations still see the value" {
	printf 'g\tv\na\t1\na\tx\nb\ty\nb\t4\n' > "$T/in"
	run -0 --separate-stderr aggregate --skip-invalid -g g sum:v count:v distinct:v "$T/in"
	assert_output $'g\tv_sum\tv_count\tv_distinct\na\t1\t2\t2\nb\t4\t2\t2'
	stderr_has "aggregate: $T/in:3: skipped 2 non-numeric values"
}

@test "aggregate: unknown operation: exit 2 with a suggestion" {
	printf 'v\n1\n' > "$T/in"
	run -2 --separate-stderr aggregate avg:v "$T/in"
	stderr_has "unknown operation 'avg' in 'avg:v' (try mean)"
	stderr_has "Try 'aggregate --help'"
	run -2 --separate-stderr aggregate medain:v "$T/in"
	stderr_has "(try median)"
	run -2 --separate-stderr aggregate countunique:v "$T/in"
	stderr_has "(try distinct)"
	run -2 --separate-stderr aggregate xyzzy:v "$T/in"
	stderr_has "operations: count sum mean"
	run -2 --separate-stderr aggregate mean "$T/in"
	stderr_has "needs a column"
	run -2 --separate-stderr aggregate "$T/in"
	stderr_has "no operation given"
	run -2 --separate-stderr aggregate --frobnicate count "$T/in"
	stderr_has "unrecognized option '--frobnicate'"
	run -2 --separate-stderr aggregate mean:v mean:v "$T/in"
	stderr_has "output column 'v_mean' would appear twice"
	run -2 --separate-stderr aggregate -g g,g count "$T/in"
	stderr_has "-g g,g: column 'g' appears twice in the list"
	run -2 --separate-stderr aggregate -g count count "$T/in"
	stderr_has "output column 'count' would appear twice"
	run -2 --separate-stderr aggregate --csv --partial count "$T/in"
	run -2 --separate-stderr aggregate --chunk=x --partial count "$T/in"
}

@test "aggregate: a missing column: exit 1 naming it" {
	printf 'g\tv\na\t1\n' > "$T/in"
	run -1 --separate-stderr aggregate -g speaker count "$T/in"
	stderr_has "no column 'speaker'"
	run -1 --separate-stderr aggregate mean:compound "$T/in"
	stderr_has "no column 'compound'"
	# placed at the header it is missing from: the first non-empty input
	: > "$T/empty"
	run -1 --separate-stderr aggregate -g speaker count "$T/empty" "$T/in"
	stderr_has "$T/in:1: no column 'speaker'"
}

@test "aggregate: a ragged row is an error naming its line" {
	printf 'g\tv\na\t1\nb\t2\t3\n' > "$T/in"
	run -1 --separate-stderr aggregate -g g count "$T/in"
	stderr_has "$T/in:3: row has 3 fields, header has 2"
	[ -z "$output" ]
}

@test "aggregate: an earlier bad number is reported before a later ragged row" {
	{ printf 'g\tv\na\tx\n'; printf 'b\t2\t3\n'; } > "$T/in"
	run -1 --separate-stderr aggregate -g g sum:v "$T/in"
	stderr_has "$T/in:2: column 'v'"
}

@test "aggregate: empty input gives empty output; header-only gives the header" {
	: > "$T/empty"
	run -0 aggregate -g g count "$T/empty"
	[ -z "$output" ]
	run -0 aggregate --partial count "$T/empty"
	[ -z "$output" ]
	printf 'g\tv\n' > "$T/hdr"
	run -0 aggregate -g g count mean:v "$T/hdr"
	assert_output $'g\tcount\tv_mean'
	# no -g: zero rows are no group, so no row (documented)
	run -0 aggregate count sum:v "$T/hdr"
	assert_output $'count\tv_sum'
	run -0 aggregate --partial count "$T/hdr"
	assert_output $'count_state\tfirst_seen_state'
	aggregate --partial count "$T/hdr" > "$T/p"
	run -0 aggregate --merge count "$T/p"
	assert_output 'count'
}

@test "aggregate: FILE, - and stdin give the same bytes; several files share a header" {
	gen_data 300 1 "$T/in"
	aggregate -g g count mean:v "$T/in" > "$T/a"
	aggregate -g g count mean:v - < "$T/in" > "$T/b"
	aggregate -g g count mean:v < "$T/in" > "$T/c"
	same_bytes "$T/a" "$T/b"
	same_bytes "$T/a" "$T/c"
	head -n 101 "$T/in" > "$T/p1"
	{ head -n 1 "$T/in"; tail -n +102 "$T/in"; } > "$T/p2"
	aggregate -g g count mean:v "$T/p1" "$T/p2" > "$T/d"
	same_bytes "$T/a" "$T/d"
	printf 'x\tv\n' > "$T/other"
	run -1 --separate-stderr aggregate -g g count "$T/p1" "$T/other"
	stderr_has "header differs"
}

@test "aggregate: BOM, CRLF are accepted" {
	printf '\357\273\277g\tv\r\na\t1\r\na\t2\r\n' > "$T/in"
	run -0 aggregate -g g sum:v "$T/in"
	assert_output $'g\tv_sum\na\t3'
}

@test "aggregate: --csv writes RFC 4180 with CRLF and decoded values" {
	printf 'g\tv\tt\nx,y\t1\ta\\tb\nx,y\t2\tsay "hi"\nz\t3\tc\n' > "$T/in"
	aggregate --csv -g g sum:v collapse:t "$T/in" > "$T/out"
	printf 'g,v_sum,t_collapse\r\n"x,y",3,"a\tb,say ""hi"""\r\nz,3,c\r\n' > "$T/want"
	same_bytes "$T/want" "$T/out"
	aggregate --csv --no-header-out -g g sum:v "$T/in" > "$T/out"
	printf '"x,y",3\r\nz,3\r\n' > "$T/want"
	same_bytes "$T/want" "$T/out"
}

@test "aggregate: --columns reads header-less input; --no-header-out writes none" {
	printf 'a\t1\nb\t2\na\t3\n' > "$T/in"
	run -0 aggregate --columns=g,v --no-header-out -g g sum:v "$T/in"
	assert_output $'a\t4\nb\t2'
}

to_full() { aggregate "$@" > /dev/full; }
@test "aggregate: a full disk is an error, not a silent success" {
	printf 'g\tv\na\t1\n' > "$T/in"
	run -1 --separate-stderr to_full -g g count "$T/in"
	stderr_has "write error"
}

@test "aggregate: a closed pipe ends it quietly" {
	awk 'BEGIN { print "g\tv"; for (i = 0; i < 200000; i++) print "g" i "\t" i }' > "$T/big"
	run --separate-stderr bash -c 'set -o pipefail; aggregate -g g count sum:v "$1" | head -n 1 >/dev/null' _ "$T/big"
	[[ $status -eq 0 || $status -eq 141 ]]
	[ -z "$stderr" ]
	run --separate-stderr bash -c 'trap "" PIPE; set -o pipefail; aggregate -g g count "$1" | head -n 1 >/dev/null' _ "$T/big"
	[ -z "$stderr" ]
}

@test "aggregate: the same bytes under LC_ALL=C, a UTF-8 and a comma-decimal locale" {
	gen_data 500 3 "$T/in"
	LC_ALL=C aggregate -g g mean:v stdev:v median:v "$T/in" > "$T/c"
	loc=$(utf8_locale)
	if [ -n "$loc" ]; then
		LC_ALL=$loc aggregate -g g mean:v stdev:v median:v "$T/in" > "$T/u"
		same_bytes "$T/c" "$T/u"
	fi
	loc=$(comma_locale)
	[ -n "$loc" ] || skip "no comma-decimal locale installed"
	LC_ALL=$loc aggregate -g g mean:v stdev:v median:v "$T/in" > "$T/d"
	same_bytes "$T/c" "$T/d"
}

@test "aggregate: operands that look like operations come first; ./name is a file" {
	printf 'v\n2\n' > "$T/mean"
	cd "$T"
	run -0 aggregate sum:v ./mean
	assert_output $'v_sum\n2'
	run -1 --separate-stderr aggregate sum:v missing.tsv
	stderr_has "missing.tsv"
}

# big inputs: kept values go through a log that is moved into the groups
# runs every 65536 values or more; errors deep in the input name their row
big_input() {
	awk -v n="$1" 'BEGIN { srand(99); print "g\tv\tt"
		for (i = 1; i <= n; i++)
			printf "g%d\t%.4f\tw%d\n", int(rand() * 3000), rand() * 2 - 1, i % 7 }' > "$2"
}

@test "aggregate: a big input gives the same result as its merged halves" {
	big_input 150000 "$T/in"
	aggregate -g g count mean:v median:v q1:v p90:v mode:t distinct:t first:t last:t "$T/in" > "$T/single"
	tail -n +2 "$T/in" > "$T/body"
	(cd "$T" && split -n l/2 "$T/body" c)
	{ head -n 1 "$T/in"; cat "$T/caa"; } | aggregate --partial --chunk 1 -g g count mean:v median:v q1:v p90:v mode:t distinct:t first:t last:t > "$T/p1"
	{ head -n 1 "$T/in"; cat "$T/cab"; } | aggregate --partial --chunk 2 -g g count mean:v median:v q1:v p90:v mode:t distinct:t first:t last:t > "$T/p2"
	cat "$T/p2" "$T/p1" | aggregate --merge > "$T/merged"
	same_bytes "$T/single" "$T/merged"
}

@test "aggregate: kept values of a big input match datamash (median, q1, q3)" {
	command -v datamash >/dev/null || skip "datamash is not installed"
	big_input 150000 "$T/in"
	aggregate --sort -g g median:v q1:v q3:v "$T/in" | tail -n +2 > "$T/ours"
	datamash -H -s -g 1 median 2 q1 2 q3 2 < "$T/in" | tail -n +2 > "$T/theirs"
	paste "$T/ours" "$T/theirs" | awk -F '\t' '
		{ for (i = 2; i <= 4; i++) { d = $i - $(i + 4); if (d < 0) d = -d
		  m = $i < 0 ? -$i : $i; if (d > 1e-9 * m) bad++ } }
		END { exit bad > 0 || NR != 3000 }'
}

@test "aggregate: a bad number deep in a big input names its line" {
	big_input 50000 "$T/in"
	awk 'NR == 40001 { $2 = "oops" } { print }' OFS='\t' "$T/in" > "$T/bad"
	# an earlier bad number wins over a later ragged row
	awk 'NR == 30001 { $2 = "oops" } NR == 30500 { $0 = $0 "\tx" } { print }' OFS='\t' "$T/in" > "$T/bad2"
	run -1 --separate-stderr aggregate -g g mean:v "$T/bad"
	stderr_has "$T/bad:40001: column 'v': 'oops' is not a number"
	run -1 --separate-stderr aggregate -g g mean:v "$T/bad2"
	stderr_has "$T/bad2:30001: column 'v'"
	run -0 --separate-stderr aggregate --skip-invalid -g g count "$T/bad"
	[ -z "$stderr" ]
	run -0 --separate-stderr aggregate --skip-invalid -g g mean:v "$T/bad"
	stderr_has "$T/bad:40001: skipped 1 non-numeric value"
}

@test "aggregate: a big input with a ragged row late: exit 1 naming it" {
	big_input 30000 "$T/in"
	awk 'NR == 29000 { $0 = $0 "\tx" } { print }' "$T/in" > "$T/bad"
	run -1 --separate-stderr aggregate -g g count mean:v "$T/bad"
	stderr_has "$T/bad:29000: row has 4 fields, header has 3"
}

@test "aggregate: min and max are the same with and without kept values" {
	big_input 70000 "$T/in"
	printf 'g1\t\tx\ng2\tbad\ty\n' >> "$T/in"
	aggregate --skip-invalid -g g min:v max:v count:v "$T/in" 2>/dev/null > "$T/plain"
	aggregate --skip-invalid -g g min:v max:v count:v median:v "$T/in" 2>/dev/null | cut -f 1-4 > "$T/kept"
	same_bytes "$T/plain" "$T/kept"
	aggregate --skip-invalid --partial -g g min:v max:v median:v "$T/in" 2>/dev/null | aggregate --merge | cut -f 1-3 > "$T/merged"
	cut -f 1-3 "$T/plain" > "$T/plain3"
	same_bytes "$T/plain3" "$T/merged"
	# a group whose only value is skipped has no min, max or median
	printf 'g\tv\nb\tbad\na\t2\na\t-1\n' > "$T/small"
	run -0 --separate-stderr aggregate --skip-invalid -g g min:v max:v median:v count:v "$T/small"
	assert_output $'g\tv_min\tv_max\tv_median\tv_count\nb\t\t\t\t1\na\t-1\t2\t0.5\t2'
}

@test "aggregate: --merge warns when two runs shared a --chunk number, or a state file came twice" {
	cd "$BATS_TEST_TMPDIR"
	printf 'g\tv\na\t1\nb\t2\nc\t3\nd\t4\nc\t5\n' > in.tsv
	aggregate -g g first:v last:v count in.tsv > want
	head -n 3 in.tsv | aggregate --partial -g g first:v last:v count > p1
	{ head -n 1 in.tsv; tail -n +4 in.tsv; } | aggregate --partial -g g first:v last:v count > p2
	# both runs chunk 0: rows 1 and 2 of each clash
	run -0 --separate-stderr aggregate --merge p1 p2
	stderr_has "aggregate: groups 'a' and 'c' were both first seen at row 1 of chunk 0"
	stderr_has "give each --partial run its own --chunk N"
	run -0 --separate-stderr aggregate --merge --sort p2 p1
	stderr_has "were both first seen at row 1 of chunk 0"
	# their own chunk numbers: one pass's bytes, no word
	{ head -n 1 in.tsv; tail -n +4 in.tsv; } |
	    aggregate --partial --chunk 2 -g g first:v last:v count > p2
	run -0 --separate-stderr aggregate --merge p2 p1
	[ -z "$stderr" ]
	same_bytes want <(printf '%s\n' "$output")
	# the same states twice: counted twice, and said so
	run -0 --separate-stderr aggregate --merge p1 p1
	stderr_has "aggregate: p1:2: group 'a' was first seen at row 1 of chunk 0 in an earlier partial state too"
	# one run's states cut in two files (a combiner's inputs): no clash
	aggregate --partial -g g first:v last:v count in.tsv > all
	{ head -n 3 all; } > s1
	{ head -n 1 all; tail -n +4 all; } > s2
	run -0 --separate-stderr aggregate --merge s2 s1
	[ -z "$stderr" ]
	same_bytes want <(printf '%s\n' "$output")
}

@test "aggregate: --merge of a legitimate 'v*N' state gives every copy exactly" {
	# 5 copies written by --partial, merged with other chunks; and copies
	# enough (40,000 > the 32,768-value log) to take the bulk path, in a
	# group whose run has later groups' runs behind it
	printf 'g\tv\na\t1\na\t3\na\t3\na\t3\na\t3\na\t3\na\t9\nb\t2\n' > "$T/c1"
	printf 'g\tv\nb\t2.5\na\t-1\na\t3\n' > "$T/c2"
	aggregate --partial --chunk 1 -g g median:v q1:v p90:v "$T/c1" > "$T/p1"
	run -0 cut -f 2 "$T/p1"
	assert_line -n 1 '1,3*5,9'
	aggregate --partial --chunk 2 -g g median:v q1:v p90:v "$T/c2" > "$T/p2"
	{ cat "$T/c1"; tail -n +2 "$T/c2"; } | aggregate -g g median:v q1:v p90:v > "$T/single"
	cat "$T/p2" "$T/p1" | aggregate --merge > "$T/m"
	same_bytes "$T/single" "$T/m"
	run -0 cat "$T/m"
	assert_line -n 1 $'a\t3\t3\t4.2'
	# a hand-written state: 3*5 is five threes, not one
	printf 'g\tv_median_state\tv_q3_state\tcount_state\tfirst_seen_state\na\t0,3*5\t0,3*5\t6\t0:1\na\t-1*4\t-1*4\t4\t0:9\n' > "$T/hand"
	run -0 aggregate --merge "$T/hand"
	assert_output $'g\tv_median\tv_q3\tcount\na\t1.5\t3\t10'
	awk 'BEGIN { print "g\tv"; for (i = 0; i < 40000; i++) print "a\t2"
	    print "b\t1"; for (i = 0; i < 50000; i++) print "c\t-1.5"
	    print "a\t7" }' > "$T/c1"
	awk 'BEGIN { print "g\tv"; print "c\t3"; for (i = 0; i < 45000; i++) print "a\t2"
	    for (i = 0; i < 5; i++) print "b\t0.25"; print "d\t1"
	    for (i = 0; i < 33000; i++) print "b\t9" }' > "$T/c2"
	{ cat "$T/c1"; tail -n +2 "$T/c2"; } | aggregate -g g median:v q1:v p90:v count > "$T/single"
	aggregate --partial --chunk 1 -g g median:v q1:v p90:v count "$T/c1" > "$T/p1"
	aggregate --partial --chunk 2 -g g median:v q1:v p90:v count "$T/c2" > "$T/p2"
	cat "$T/p2" "$T/p1" | aggregate --merge > "$T/m"
	same_bytes "$T/single" "$T/m"
	cat "$T/p1" "$T/p2" | aggregate --merge --partial | aggregate --merge > "$T/m2"
	same_bytes "$T/single" "$T/m2"
}

@test "aggregate: --merge refuses a forged huge 'v*N' state at once (exit 1, no hang)" {
	for n in 8000000000000000 4294967296 18446744073709551615; do
		printf 'g\tv_median_state\tcount_state\tfirst_seen_state\na\t1,0*%s\t3\t0:1\n' "$n" > "$T/forged"
		run -1 --separate-stderr timeout 10 aggregate --merge "$T/forged"
		stderr_has "forged:2: column 'v_median_state': partial state '1,0*$n' holds more values than one column can keep"
		[ -z "$output" ]
	done
	# 2^64 - 1 is not too many to write, but too many to keep
	printf 'g\tv_median_state\tcount_state\tfirst_seen_state\na\t0*99999999999999999999\t3\t0:1\n' > "$T/forged"
	run -1 --separate-stderr timeout 10 aggregate --merge "$T/forged"
	stderr_has "malformed partial state"
	# the fuzzer's input that once ran for ever
	run -1 --separate-stderr timeout 10 aggregate --merge "$BATS_TEST_DIRNAME"/fuzz/crashes/fuzz_agg_merge/timeout-*
	stderr_has "holds more values than one column can keep"
	# counts that pass 2^64 - 1 when merged
	printf 'g\tcount_state\tfirst_seen_state\na\t18446744073709551615\t0:1\na\t1\t0:2\n' > "$T/forged"
	run -1 --separate-stderr aggregate --merge "$T/forged"
	stderr_has "forged:3: column 'count_state': partial state '1': the group's count passes 2^64 - 1"
}

@test "aggregate: --partial refuses a group column named like a state column" {
	printf 'first_seen_state\tv\na\t1\n' > "$BATS_TEST_TMPDIR/a.tsv"
	run --separate-stderr aggregate --partial -g first_seen_state sum:v "$BATS_TEST_TMPDIR/a.tsv"
	[ "$status" -eq 2 ]
	stderr_has "'first_seen_state' has the name of a partial-state column"
	printf 'v_sum_state\tv\na\t1\n' > "$BATS_TEST_TMPDIR/b.tsv"
	run --separate-stderr aggregate --partial -g v_sum_state sum:v "$BATS_TEST_TMPDIR/b.tsv"
	[ "$status" -eq 2 ]
	stderr_has "'v_sum_state' has the name of the state of 'v_sum'"
	# without --partial the same names are fine
	run -0 aggregate -g first_seen_state sum:v "$BATS_TEST_TMPDIR/a.tsv"
	assert_line -n 1 $'a\t1'
}

@test "aggregate: --decimals=N rounds the computed statistics, not counts, sums or input values" {
	printf 'g\tv\na\t0.00955\na\t0.00955\nb\t-0.00004\nb\t-0.00001\nc\t9.99995\n' > "$T/in"
	run -0 aggregate --decimals=4 -g g mean:v median:v p90:v stdev:v share:v=9.99995 sum:v count min:v max:v mode:v first:v "$T/in"
	assert_output "$(printf '%s\n' \
	    $'g\tv_mean\tv_median\tv_p90\tv_stdev\tv_share_9_99995\tv_sum\tcount\tv_min\tv_max\tv_mode\tv_first' \
	    $'a\t0.0096\t0.0096\t0.0096\t0.0000\t0.0000\t0.0191\t2\t0.00955\t0.00955\t0.00955\t0.00955' \
	    $'b\t0.0000\t0.0000\t0.0000\t0.0000\t0.0000\t-5e-05\t2\t-4e-05\t-1e-05\t-4e-05\t-0.00004' \
	    $'c\t10.0000\t10.0000\t10.0000\t\t1.0000\t9.99995\t1\t9.99995\t9.99995\t9.99995\t9.99995')"
	run -0 aggregate --decimals=0 mean:v "$T/in"
	assert_output $'v_mean\n2'
	run -0 aggregate --csv --decimals=1 -g g mean:v "$T/in"
	assert_output "$(printf 'g,v_mean\r\na,0.0\r\nb,0.0\r\nc,10.0\r')"
	for bad in -1 21 x 1.5 ''; do
		run -2 --separate-stderr aggregate --decimals="$bad" mean:v "$T/in"
		[[ $stderr == *"not a whole number from 0 to 20"* ]]
	done
}

@test "aggregate: --decimals leaves partial states exact; the merge rounds as one pass does" {
	awk 'BEGIN { srand(7); print "g\tv"; for (i = 0; i < 3000; i++)
	    printf "g%d\t%.5f\n", int(rand() * 40), rand() * 2 - 1 }' > "$T/in"
	aggregate --decimals=3 -g g mean:v median:v q1:v var:v "$T/in" > "$T/one"
	head -n 1501 "$T/in" | aggregate --partial --chunk 1 -g g mean:v median:v q1:v var:v > "$T/p1"
	(head -n 1 "$T/in"; tail -n +1502 "$T/in") | aggregate --partial --decimals=3 --chunk 2 -g g mean:v median:v q1:v var:v > "$T/p2"
	(head -n 1 "$T/in"; tail -n +1502 "$T/in") | aggregate --partial --chunk 2 -g g mean:v median:v q1:v var:v > "$T/p2plain"
	same_bytes "$T/p2plain" "$T/p2"
	cat "$T/p2" "$T/p1" | aggregate --merge --decimals=3 > "$T/merged"
	same_bytes "$T/one" "$T/merged"
	[ "$(grep -c '\.[0-9][0-9][0-9]	' "$T/one")" -ge 40 ]
}

@test "aggregate: --decimals=4 rounds as scripts/lib/cols.awk's fix() does, on 20000 values" {
	# two implementations of one rule: rounded half away from zero on the
	# digits aggregate prints; each value is its own group's mean
	awk 'BEGIN { srand(11); print "g\tv"; for (i = 0; i < 20000; i++) {
		r = rand(); e = int(rand() * 8)
		if (r < 0.3) v = sprintf("%.*f", 5 + int(rand() * 4), (rand() - 0.5) / 10 ^ e)
		else if (r < 0.5) v = sprintf("%d.%04d5", int(rand() * 200) - 100, int(rand() * 10000))
		else v = sprintf("%.*g", 1 + int(rand() * 14), (rand() - 0.5) * 10 ^ (e - 3))
		print "g" i "\t" v } }' > "$T/in"
	echo '{ print $1 "\t" fix($2, 4) }' > "$T/fix.awk"
	aggregate -g g mean:v "$T/in" | tail -n +2 |
	    awk -F '\t' -f "$ROOT/scripts/lib/cols.awk" -f "$T/fix.awk" > "$T/awk"
	aggregate --decimals=4 -g g mean:v "$T/in" | tail -n +2 > "$T/c"
	same_bytes "$T/awk" "$T/c"
}
