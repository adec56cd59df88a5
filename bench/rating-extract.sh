#!/bin/sh
# bench/rating-extract.sh — rating-extract's throughput against `cat` in the
# same run (issue 5: >= 100 MB/s of sentence TSV), its peak RSS (flat as the
# input grows, < 16 MB), and the cost of one long document (linear).
#
# Corpora, in segment's columns, repeated with varied doc ids and written to
# bench/corpus/ (git-ignored):
#   dense     the seed articles and the 69 hard cases (tests/fixtures/
#             rating-extract/seeds.tsv, cases.tsv): a grade statement in
#             most documents, the worst case;
#   articles  the seed articles alone: news articles with their comments,
#             headers and site chrome, as segment writes them.
# Each program runs REPS times, interleaved; the medians of wall time and of
# CPU time (user + sys: the machine is shared, so wall time also measures
# the other jobs) are reported with MB/s and the ratio against cat.
#
#   bench/rating-extract.sh [MB] [REPS]     (defaults 100 MB, 5 runs)
#   NF_BIN=dir  binaries to test (default build/release)
set -eu
cd "$(dirname "$0")/.."
MB=${1:-100}
REPS=${2:-5}
BIN=${NF_BIN:-build/release}
FIX=tests/fixtures/rating-extract
TIME=/usr/bin/time
[ -x $TIME ] || { echo "$0: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
[ -x "$BIN/rating-extract" ] || make -s "$BIN/rating-extract"
mkdir -p bench/corpus bench/out
CORPUS=bench/corpus/rating-extract-${MB}mb.tsv
ARTICLES=bench/corpus/rating-extract-articles-${MB}mb.tsv
SMALL=bench/corpus/rating-extract-2mb.tsv
export LC_ALL=C

# make_corpus FILE MB FIXTURE...: the documents again and again, new doc ids
make_corpus() {
	out=$1 mb=$2
	shift 2
	awk -F'\t' -v mb="$mb" 'FNR == 1 { if (NR == 1) print; next }
	    { row[++n] = $0; doc[n] = $1; bytes += length($0) + 1 }
	    END {
		reps = int(mb * 1048576 / bytes) + 1
		for (r = 1; r <= reps; r++)
			for (i = 1; i <= n; i++) {
				x = row[i]; sub(/^[^\t]*/, doc[i] "-" r, x); print x
			}
	    }' "$@" > "$out.tmp" && mv "$out.tmp" "$out"
}
# long_doc FILE ROWS: one document of ROWS body rows (a grade every 4th row)
long_doc() {
	awk -F'\t' -v n="$2" 'NR == 1 { print; next }
	    $4 == "body" { row[++m] = $0 }
	    END {
		for (i = 1; i <= n; i++) {
			x = row[(i - 1) % m + 1]; sub(/^[^\t]*/, "long", x)
			print x
		}
	    }' "$FIX/cases.tsv" > "$1"
}
[ -s "$CORPUS" ] || make_corpus "$CORPUS" "$MB" "$FIX/seeds.tsv" "$FIX/cases.tsv"
[ -s "$ARTICLES" ] || make_corpus "$ARTICLES" "$MB" "$FIX/seeds.tsv"
[ -s "$SMALL" ] || make_corpus "$SMALL" 2 "$FIX/seeds.tsv" "$FIX/cases.tsv"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# secs FILE CMD...: "wall cpu" seconds of CMD < FILE > /dev/null
secs() {
	f=$1
	shift
	$TIME -f '%e %U %S' -o bench/out/rx-time "$@" < "$f" > /dev/null
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' bench/out/rx-time
}

# measure NAME FILE: REPS interleaved runs of cat and rating-extract
measure() {
	: > bench/out/rx-cat
	: > bench/out/rx-rx
	i=0
	while [ $i -lt "$REPS" ]; do
		secs "$2" cat >> bench/out/rx-cat
		secs "$2" "$BIN/rating-extract" >> bench/out/rx-rx
		i=$((i + 1))
	done
	cw=$(cut -d' ' -f1 bench/out/rx-cat | median)
	cc=$(cut -d' ' -f2 bench/out/rx-cat | median)
	rw=$(cut -d' ' -f1 bench/out/rx-rx | median)
	rc=$(cut -d' ' -f2 bench/out/rx-rx | median)
	awk -v name="$1" -v s="$(wc -c < "$2")" -v cw="$cw" -v cc="$cc" \
	    -v rw="$rw" -v rc="$rc" -v reps="$REPS" \
	    -v loadavg="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)" 'BEGIN {
		mb = s / 1048576
		printf "%s corpus: %.1f MB of sentence rows; load average %s\n", name, mb, loadavg
		printf "  median of %d runs, wall: cat %.3f s, rating-extract %.3f s -> %.0f MB/s, time ratio cat/rating-extract %.3f\n",
		    reps, cw, rw, (rw > 0 ? mb / rw : 0), (rw > 0 ? cw / rw : 0)
		printf "  median of %d runs, cpu (user+sys): cat %.3f s, rating-extract %.3f s -> %.0f MB/s (target >= 100)\n",
		    reps, cc, rc, (rc > 0 ? mb / rc : 0)
	}'
}
measure dense "$CORPUS"
measure articles "$ARTICLES"

# memory: the same peak RSS on 2 MB and on the whole corpus
r1=$($TIME -f %M "$BIN/rating-extract" "$SMALL" 2>&1 > /dev/null | tail -n 1)
r2=$($TIME -f %M "$BIN/rating-extract" "$CORPUS" 2>&1 > /dev/null | tail -n 1)
echo "peak RSS: ${r1} KB on 2 MB, ${r2} KB on ${MB} MB (flat, target < 16384 KB)"

# one long document: CPU time for 10,000 and 40,000 rows (linear: about 4x)
long_doc bench/corpus/rating-extract-long1.tsv 10000
long_doc bench/corpus/rating-extract-long4.tsv 40000
l1=$($TIME -f '%U %S' "$BIN/rating-extract" bench/corpus/rating-extract-long1.tsv 2>&1 > /dev/null | tail -n 1 | awk '{ print $1 + $2 }')
l4=$($TIME -f '%U %S' "$BIN/rating-extract" bench/corpus/rating-extract-long4.tsv 2>&1 > /dev/null | tail -n 1 | awk '{ print $1 + $2 }')
m4=$($TIME -f %M "$BIN/rating-extract" bench/corpus/rating-extract-long4.tsv 2>&1 > /dev/null | tail -n 1)
echo "one document of 10,000 rows: ${l1} s cpu; of 40,000 rows: ${l4} s cpu (linear: about 4x); RSS ${m4} KB (one document is held)"
