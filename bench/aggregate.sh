#!/usr/bin/env bash
# bench/aggregate.sh — issue 6, acceptance 3: aggregate against GNU datamash.
#
#   bench/aggregate.sh [-n ROWS] [-g GROUPS] [-r REPS]
#
# Generates ROWS rows (default 1,000,000) in GROUPS groups (default 50,000),
# unsorted, with a 4-decimal value column; then, REPS times (default 7) and
# interleaved so that all of them see the same machine load:
#   A  aggregate -g grp count mean:val min:val max:val median:val   (unsorted)
#   B  datamash -g 2 count 3 mean 3 min 3 max 3 median 3             (pre-sorted)
#   C  datamash -s -g 2 count 3 mean 3 min 3 max 3 median 3          (unsorted)
# and reports the median wall time of each, rows/s, and the ratios B/A and
# C/A (targets: >= 5,000,000 rows/s, >= 2.5x, >= 10x); also the median CPU
# time (user + sys) of each and the ratios of those, since on a shared
# machine a run may wait for a core: wall time then overstates the work.  The results of A (with --sort) and C are
# compared: every number within 1e-9 relative, and how many lines are
# byte-identical.
#
# Memory: peak RSS (/usr/bin/time %M) with and without median, at ROWS and
# 2 x ROWS rows.  Median keeps every value (8 bytes each as a double); count,
# mean, min and max keep one state per group, so their RSS must stay flat
# as the input grows.  Target: peak RSS <= 2 x the kept values' 8 bytes.
#
# The two-thread floor: the rows cut by group into two halves beforehand and
# an aggregate on each, both at once (REPS times): no design that splits
# the work between two threads can beat that here, so C divided by it
# bounds C/A for two threads.  One half alone is timed too.
#
# Corpora go to bench/corpus/, results to bench/out/ (both git-ignored).
set -eu
cd "$(dirname "$0")/.."
export LC_ALL=C

rows=1000000 groups=50000 reps=7
while getopts n:g:r: opt; do
	case $opt in
	n) rows=$OPTARG ;;
	g) groups=$OPTARG ;;
	r) reps=$OPTARG ;;
	*) echo "usage: $0 [-n ROWS] [-g GROUPS] [-r REPS]" >&2; exit 2 ;;
	esac
done

AGG=${NF_BIN:-$PWD/build/release}/aggregate
[ -x "$AGG" ] || make -s build/release/aggregate
command -v datamash >/dev/null || { echo "$0: datamash is not installed" >&2; exit 1; }
TIME=/usr/bin/time
[ -x $TIME ] || { echo "$0: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

mkdir -p bench/corpus bench/out
gen() {	# gen ROWS FILE
	[ -s "$2" ] && return 0
	awk -v n="$1" -v g="$groups" 'BEGIN {
		srand(20240601); OFS = "\t"
		print "id", "grp", "val"
		for (i = 1; i <= n; i++)
			printf "%d\tg%06d\t%.4f\n", i, int(rand() * g), rand() * 200 - 100
	}' > "$2.tmp" && mv "$2.tmp" "$2"
}
in=bench/corpus/agg-$rows-$groups.tsv
in2=bench/corpus/agg-$((2 * rows))-$groups.tsv
sorted=bench/corpus/agg-$rows-$groups.sorted.tsv
gen "$rows" "$in"
gen "$((2 * rows))" "$in2"
if [ ! -s "$sorted" ]; then
	{ head -n 1 "$in"; tail -n +2 "$in" | sort -t "$(printf '\t')" -k2,2; } > "$sorted.tmp"
	mv "$sorted.tmp" "$sorted"
fi

ops_agg=(count mean:val min:val max:val median:val)
ops_dm=(count 3 mean 3 min 3 max 3 median 3)

# one run of "$@" (stdin from $STDIN, stdout discarded): wall and CPU
# (user + sys) microseconds.  The clock is read by the shell itself right
# around the command: timing a $( ... | tail | awk) pipeline with date(1)
# added some 45 ms of forks to every run, a fifth of A's time.  What is
# left (time(1)'s own fork and exec) is measured with `true` and printed.
tf=$(mktemp)
trap 'rm -f "$tf"' EXIT
wall() {
	local t0 t1
	t0=$EPOCHREALTIME
	$TIME -o "$tf" -f '%U %S' "$@" < "${STDIN:-/dev/null}" > /dev/null
	t1=$EPOCHREALTIME
	echo "$t0 $t1 $(tail -n 1 "$tf")" |
	    awk '{ printf "%d %d\n", ($2 - $1) * 1e6, ($3 + $4) * 1e6 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The floor for any two-thread design on this machine: the rows cut by
# group into two halves beforehand, and two aggregates, one a half, run
# at once.  Threads that split the groups would each do at least this
# much work (and each read every row besides), so C / (this time) bounds
# the C/A that two threads could reach; one half alone shows what running
# both at once costs (two jobs share the machine's caches and memory).
half0=bench/corpus/agg-$rows-$groups.half0.tsv
half1=bench/corpus/agg-$rows-$groups.half1.tsv
if [ ! -s "$half1" ]; then
	awk -F '\t' -v h0="$half0.tmp" -v h1="$half1.tmp" '
	    NR == 1 { print > h0; print > h1; next }
	    { print > (substr($2, 2) % 2 ? h1 : h0) }' "$in"
	mv "$half0.tmp" "$half0" && mv "$half1.tmp" "$half1"
fi
: > bench/out/aggregate.times
for _ in $(seq "$reps"); do
	a=$(wall "$AGG" -g grp "${ops_agg[@]}" "$in")
	b=$(STDIN=$sorted wall datamash -H -g 2 "${ops_dm[@]}")
	c=$(STDIN=$in wall datamash -H -s -g 2 "${ops_dm[@]}")
	z=$(wall true)
	# (the halves are timed as A is, by wall(): one command under
	# time(1), here a sh that starts the two aggregates)
	h2=$(wall sh -c 'agg=$1 h0=$2 h1=$3; shift 3
		"$agg" -g grp "$@" "$h0" > /dev/null &
		"$agg" -g grp "$@" "$h1" > /dev/null
		wait' sh "$AGG" "$half0" "$half1" "${ops_agg[@]}")
	h1=$(wall "$AGG" -g grp "${ops_agg[@]}" "$half0")
	echo "$a $b $c $z $h2 $h1" >> bench/out/aggregate.times
done
th2=$(awk '{print $9}' bench/out/aggregate.times | median)
th1=$(awk '{print $11}' bench/out/aggregate.times | median)

ta=$(awk '{print $1}' bench/out/aggregate.times | median)
tb=$(awk '{print $3}' bench/out/aggregate.times | median)
tc=$(awk '{print $5}' bench/out/aggregate.times | median)
ca=$(awk '{print $2}' bench/out/aggregate.times | median)
cb=$(awk '{print $4}' bench/out/aggregate.times | median)
cc=$(awk '{print $6}' bench/out/aggregate.times | median)
tz=$(awk '{print $7}' bench/out/aggregate.times | median)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo "?")

# the same numbers?
"$AGG" --sort -g grp "${ops_agg[@]}" "$in" | tail -n +2 > bench/out/aggregate.ours
datamash -H -s -g 2 "${ops_dm[@]}" < "$in" | tail -n +2 > bench/out/aggregate.datamash
same=$(paste bench/out/aggregate.ours bench/out/aggregate.datamash | awk -F '\t' '
	{ n = NF / 2; lines++; eq = 1
	  for (i = 1; i <= n; i++) {
		a = $i; b = $(i + n); if (a == b) continue; eq = 0
		d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a; if (b < 0 && -b > m) m = -b; if (b > m) m = b
		if (d > 1e-9 * m) bad++ }
	  same += eq }
	END { printf "%d of %d lines byte-identical, %d numbers off by more than 1e-9", same, lines, bad }')

rss() { $TIME -f %M "$@" 2>&1 > /dev/null | tail -n 1; }
m1=$(rss "$AGG" -g grp "${ops_agg[@]}" "$in")
m2=$(rss "$AGG" -g grp "${ops_agg[@]}" "$in2")
f1=$(rss "$AGG" -g grp count mean:val min:val max:val "$in")
f2=$(rss "$AGG" -g grp count mean:val min:val max:val "$in2")
dm=$(STDIN=$in rss sh -c 'datamash -H -s -g 2 count 3 mean 3 min 3 max 3 median 3 < "$0"' "$in")

awk -v rows="$rows" -v groups="$groups" -v reps="$reps" \
    -v ta="$ta" -v tb="$tb" -v tc="$tc" -v same="$same" -v loadavg="$load" \
    -v ca="$ca" -v cb="$cb" -v cc="$cc" -v tz="$tz" \
    -v m1="$m1" -v m2="$m2" -v f1="$f1" -v f2="$f2" -v dm="$dm" \
    -v th1="$th1" -v th2="$th2" 'BEGIN {
	printf "aggregate benchmark: %d rows, %d groups, median of %d runs (wall); load average %s\n", rows, groups, reps, loadavg
	printf "  ops: count mean min max median of one 4-decimal column\n"
	printf "  A  aggregate (unsorted input)      %8.3f s  %10.0f rows/s  (target >= 5000000)\n", ta / 1e6, rows / (ta / 1e6)
	printf "  B  datamash -g (pre-sorted input)  %8.3f s  B/A %5.2f  (target >= 2.5)\n", tb / 1e6, tb / ta
	printf "  C  datamash -s -g (unsorted input) %8.3f s  C/A %5.2f  (target >= 10)\n", tc / 1e6, tc / ta
	printf "  CPU (user + sys), median: A %.3f s (%.0f rows per CPU second), B %.3f s, C %.3f s; B/A %.2f, C/A %.2f\n", ca / 1e6, rows / (ca / 1e6), cb / 1e6, cc / 1e6, cb / ca, cc / ca
	printf "  (each wall time includes starting the command under time(1): %.3f s for true)\n", tz / 1e6
	printf "  two-thread floor: the rows cut by group into halves, one aggregate a half\n"
	printf "    one half alone %.3f s; both halves at once %.3f s (%.2fx one alone); C / both %.2f\n", th1 / 1e6, th2 / 1e6, th2 / th1, tc / th2
	printf "  results of A --sort and C: %s\n", same
	kept1 = rows * 8 / 1024; kept2 = 2 * rows * 8 / 1024
	printf "peak RSS (KB)                 %d rows   %d rows\n", rows, 2 * rows
	printf "  count mean min max          %8d   %8d   (flat: %+.1f%%)\n", f1, f2, (f2 - f1) * 100 / f1
	printf "  ... and median              %8d   %8d\n", m1, m2
	printf "  kept values (8 B each)      %8d   %8d\n", kept1, kept2
	printf "  RSS / kept values           %8.2f   %8.2f   (target <= 2)\n", m1 / kept1, m2 / kept2
	printf "  (RSS - RSS without median) / kept values: %.2f  %.2f\n", (m1 - f1) / kept1, (m2 - f2) / kept2
	printf "  datamash -s -g peak RSS: %d KB (its own; sort(1) not included)\n", dm
}' | tee bench/out/aggregate.txt
