#!/bin/sh
# bench/dequote.sh — dequote's throughput on segment output, against `cat`
# of the same file in the same run, and its peak memory at two sizes.
#
# Corpus: bench/corpus/docs.tsv (bench/make-corpus.sh: the project's
# articles repeated to about 100 MB), cut into sentence rows by segment
# --tsv; that output (the input of dequote in a pipeline) is kept in
# bench/out/ with a slice of its first 20 MB for the memory figure.
# Everything this script writes is under bench/out/ (git-ignored), apart
# from the shared corpus that make-corpus.sh builds when it is missing.
#
# Reports the median of REPS runs, cat and dequote taking turns: wall-clock
# MB/s (1 MB = 10^6 bytes of segment output), user-CPU MB/s (less disturbed
# by a busy machine), the ratio of the medians dequote/cat, and peak RSS on
# the 20 MB slice and on the whole corpus (one document is held at a time,
# so the two should match).  With IR=1 and valgrind installed, also the
# instructions per input byte on a 3 MB slice (callgrind: the same count on
# any machine, load or not).
#
#   bench/dequote.sh [REPS]        (default 5)
#   NF_BIN=dir  binaries to test (default build/release)
set -eu
cd "$(dirname "$0")/.."
REPS=${1:-5}
BIN=${NF_BIN:-build/release}
OUT=bench/out
DOCS=bench/corpus/docs.tsv
IN=$OUT/dequote-in.tsv
SMALL=$OUT/dequote-in-20mb.tsv
export LC_ALL=C

for p in "$BIN/segment" "$BIN/dequote" /usr/bin/time; do
	[ -x "$p" ] || { echo "bench/dequote.sh: $p missing" >&2; exit 2; }
done
mkdir -p "$OUT"
[ -s "$DOCS" ] || bench/make-corpus.sh >/dev/null
# the segment output is rebuilt when the articles or segment change
if [ ! -s "$IN" ] || [ "$DOCS" -nt "$IN" ] || [ "$BIN/segment" -nt "$IN" ]; then
	"$BIN/segment" --tsv "$DOCS" > "$IN.tmp"
	mv "$IN.tmp" "$IN"
	# whole rows only
	head -c 20000000 "$IN" | sed '$d' > "$SMALL"
fi
size=$(wc -c < "$IN")

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
run() {	# run FILE CMD...: append "elapsed user" seconds of CMD < $IN to FILE
	t=$1
	shift
	/usr/bin/time -o "$t" -a -f '%e %U' "$@" < "$IN" > /dev/null
}

: > $OUT/dequote.cat
: > $OUT/dequote.dq
: > $OUT/dequote.err
i=0
while [ "$i" -lt "$REPS" ]; do
	run $OUT/dequote.cat cat
	run $OUT/dequote.dq "$BIN/dequote" 2>> $OUT/dequote.err
	i=$((i + 1))
done
tc=$(cut -d' ' -f1 $OUT/dequote.cat | median)
td=$(cut -d' ' -f1 $OUT/dequote.dq | median)
uc=$(cut -d' ' -f2 $OUT/dequote.cat | median)
ud=$(cut -d' ' -f2 $OUT/dequote.dq | median)
rs=$(/usr/bin/time -f %M "$BIN/dequote" "$SMALL" 2>&1 >/dev/null | tail -n 1)
rl=$(/usr/bin/time -f %M "$BIN/dequote" "$IN" 2>&1 >/dev/null | tail -n 1)

{
	awk -v s="$size" -v tc="$tc" -v td="$td" -v uc="$uc" -v ud="$ud" \
	    -v r="$REPS" -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" '
	function rate(t) { return (t > 0 ? sprintf("%8.1f MB/s", s / 1e6 / t) : "       - MB/s") }
	BEGIN {
		printf "dequote on segment output: %.1f MB, median of %d runs", s / 1e6, r
		printf " (load average %s)\n", loadavg
		printf "%-8s %7s %13s %9s %13s\n", "", "wall", "", "user", ""
		printf "%-8s %6.2fs %s %8.2fs %s\n", "cat", tc, rate(tc), uc, rate(uc)
		printf "%-8s %6.2fs %s %8.2fs %s\n", "dequote", td, rate(td), ud, rate(ud)
		# (in parentheses: a bare > among printf arguments redirects)
		printf "ratio dequote/cat (wall): %.1f\n", (tc > 0 ? td / tc : 0)
	}'
	printf 'peak RSS: %s KB on %s bytes, %s KB on %s bytes\n' \
	    "$rs" "$(wc -c < "$SMALL")" "$rl" "$size"
	if [ "${IR:-0}" = 1 ] && command -v valgrind >/dev/null; then
		head -c 3000000 "$IN" | sed '$d' > $OUT/dequote-in-3mb.tsv
		valgrind --tool=callgrind --callgrind-out-file=$OUT/dequote.callgrind \
		    "$BIN/dequote" $OUT/dequote-in-3mb.tsv 2>&1 >/dev/null |
		    awk -v s="$(wc -c < $OUT/dequote-in-3mb.tsv)" '/refs:/ {
			gsub(",", "", $NF)
			printf "instructions: %.1f per byte of input (callgrind, %d bytes)\n", $NF / s, s }'
	fi
} | tee $OUT/dequote.txt
