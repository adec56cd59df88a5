#!/bin/sh
# bench/sentiment.sh — sentiment's throughput on one-sentence rows (issue 3,
# acceptance 3: at least 1,000,000 sentences per second on one core, peak RSS
# flat and under 16 MB as the input grows).
#
# Corpus: `id<TAB>text` rows, one sentence each, cycling through the 177 seed
# sentences (tests/fixtures/sentiment/seed-labels.tsv), the 4,200 tweets and
# the 3,708 Amazon sentences (tests/eval/sentiment/) until ROWS rows; 84
# bytes of text a row on average.  A second corpus holds news sentences only
# (samples/ and the seed articles through segment, when it is built; about
# 105 bytes and 16 words a row, curly marks in many): a few hundred
# distinct sentences repeated, so the branch predictor learns them and the
# figure is somewhat optimistic.  Both written to bench/corpus/
# (git-ignored).
#
# In the same run, REPS times each (median reported): `cat` and `wc -l` of
# the corpus (the cost of just reading it), `sentiment --vader` and
# `sentiment` (default mode, with the overlay).  sentences/s is ROWS / wall
# seconds of one process (the filter is single-threaded: one core at most);
# per_cpu_s is ROWS / CPU seconds (user + sys), the rate on one core that
# the process has to itself, which the wall figure reaches only when the
# machine is otherwise idle (the load average is printed).  Peak RSS is
# measured on a corpus ten times smaller and one twice as large.
#
# Optional same-run baseline: the npm port of VADER (vader-sentiment), run by
# node on the first NODE_ROWS rows; installed into bench/out/npm on first use
# (needs npm and network once).  NODE_BASELINE=0 skips it.
#
#   bench/sentiment.sh [ROWS] [REPS]      (defaults 1000000 rows, 5 runs)
#   NF_BIN=dir  binaries to test (default build/release)
set -eu
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
REPS=${2:-5}
BIN=${NF_BIN:-build/release}
NODE_ROWS=${NODE_ROWS:-50000}
NODE_BASELINE=${NODE_BASELINE:-1}
export LC_ALL=C
mkdir -p bench/corpus bench/out
OUT=bench/out/sentiment.txt

make_corpus() {	# $1 file, $2 rows
	{
		cut -f4 tests/fixtures/sentiment/seed-labels.tsv | tail -n +2
		cut -f3 tests/eval/sentiment/tweets.tsv | tail -n +2
		cut -f3 tests/eval/sentiment/amazon.tsv | tail -n +2
	} | awk -v rows="$2" '{ t[++n] = $0 }
	    END { print "id\ttext"; for (i = 0; i < rows; i++) print i + 1 "\t" t[i % n + 1] }' > "$1"
}
corpus() {	# $1 rows: prints the file name, making it if needed
	f=bench/corpus/sentiment-$1.tsv
	[ -s "$f" ] || make_corpus "$f" "$1"
	echo "$f"
}
# news-only rows (curly quotes and apostrophes in most): the sentences of
# samples/ and the seed articles, through segment when it is built
make_news() {	# $1 file, $2 rows
	{
		if [ -x "$BIN/segment" ]; then
			"$BIN/segment" samples/*.txt tests/gold/seeds/*.txt 2>/dev/null |
			    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "text") c = i; next } { print $c }'
		else
			cut -f4 tests/fixtures/sentiment/seed-labels.tsv | tail -n +2
		fi
	} | awk -v rows="$2" '{ t[++n] = $0 }
	    END { print "id\ttext"; for (i = 0; i < rows; i++) print i + 1 "\t" t[i % n + 1] }' > "$1"
}
NEWS=bench/corpus/sentiment-news-$ROWS.tsv
[ -s "$NEWS" ] || make_news "$NEWS" "$ROWS"
BIG=$(corpus "$ROWS")
SMALL=$(corpus $((ROWS / 10)))
HUGE=$(corpus $((ROWS * 2)))
bytes=$(wc -c < "$BIG")

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# timed FILE CMD...: prints "wall cpu rss_kb" of CMD < FILE > /dev/null
timed() {
	f=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o bench/out/time.$$ "$@" < "$f" > /dev/null
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' bench/out/time.$$
}

# share: the fraction of a core a CPU-bound loop gets now (CPU s / wall s);
# well below 1 means other work shares the core and wall times are inflated
share() {
	/usr/bin/time -f '%e %U %S' -o bench/out/time.$$ \
	    awk 'BEGIN { for (i = 0; i < 30000000; i++) s += i }'
	awk '{ printf "%.2f\n", ($2 + $3) / ($1 > 0 ? $1 : 0.01) }' bench/out/time.$$
}

{
echo "sentiment benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) cores"
grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: /cpu: /' || true
echo "corpus: $BIG, $ROWS rows, $bytes bytes; $REPS runs each, medians"
echo "news:   $NEWS, $ROWS rows of news sentences only, $(wc -c < "$NEWS") bytes (vs_cat against the corpus's cat)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?');" \
    "share of a core a busy loop gets: $(share)"
echo
printf '%-20s %7s %7s %13s %13s %8s\n' program wall_s cpu_s sentences/s per_cpu_s vs_cat
} | tee "$OUT"

: > bench/out/runs.$$
for r in $(seq "$REPS"); do
	echo "cat $(timed "$BIG" cat)" >> bench/out/runs.$$
	echo "wc $(timed "$BIG" wc -l)" >> bench/out/runs.$$
	echo "vader $(timed "$BIG" "$BIN/sentiment" --vader)" >> bench/out/runs.$$
	echo "default $(timed "$BIG" "$BIN/sentiment")" >> bench/out/runs.$$
	echo "newsv $(timed "$NEWS" "$BIN/sentiment" --vader)" >> bench/out/runs.$$
	echo "news $(timed "$NEWS" "$BIN/sentiment")" >> bench/out/runs.$$
done
cat_wall=$(awk '$1 == "cat" { print $2 }' bench/out/runs.$$ | median)
for p in cat wc vader default newsv news; do
	wall=$(awk -v p=$p '$1 == p { print $2 }' bench/out/runs.$$ | median)
	cpu=$(awk -v p=$p '$1 == p { print $3 }' bench/out/runs.$$ | median)
	case $p in
	cat) name='cat' ;;
	wc) name='wc -l' ;;
	vader) name='sentiment --vader' ;;
	default) name='sentiment' ;;
	newsv) name='news: --vader' ;;
	news) name='news: sentiment' ;;
	esac
	awk -v n="$name" -v w="$wall" -v c="$cpu" -v rows="$ROWS" -v cw="$cat_wall" 'BEGIN {
		w0 = w > 0 ? w : 0.01
		c0 = c > 0 ? c : 0.01
		printf "%-20s %7.2f %7.2f %13.0f %13.0f %7.1fx\n", n, w, c, rows / w0, rows / c0, w0 / (cw > 0 ? cw : 0.01)
	}'
done | tee -a "$OUT"

if [ "$NODE_BASELINE" = 1 ] && command -v node >/dev/null 2>&1; then
	if [ ! -d bench/out/npm/node_modules/vader-sentiment ] &&
	    command -v npm >/dev/null 2>&1; then
		npm install --silent --prefix bench/out/npm vader-sentiment@1.1.3 \
		    >/dev/null 2>&1 || true
	fi
	if [ -d bench/out/npm/node_modules/vader-sentiment ]; then
		cat > bench/out/npm/score.js <<'EOF'
// scores the text column of id<TAB>text rows with the npm port of VADER
const vader = require('vader-sentiment');
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const out = [];
for (let i = 1; i < lines.length; i++) {
	if (lines[i] === '') continue;
	const t = lines[i].slice(lines[i].indexOf('\t') + 1);
	const s = vader.SentimentIntensityAnalyzer.polarity_scores(t);
	out.push(lines[i] + '\t' + s.neg + '\t' + s.neu + '\t' + s.pos + '\t' + s.compound);
}
process.stdout.write(out.join('\n') + '\n');
EOF
		NODE_IN=bench/corpus/sentiment-node-$NODE_ROWS.tsv
		head -n $((NODE_ROWS + 1)) "$BIG" > "$NODE_IN"
		: > bench/out/node.$$
		for r in 1 2 3; do
			echo "node $(timed "$NODE_IN" node bench/out/npm/score.js)" >> bench/out/node.$$
			echo "vader $(timed "$NODE_IN" "$BIN/sentiment" --vader)" >> bench/out/node.$$
		done
		nw=$(awk '$1 == "node" { print $2 }' bench/out/node.$$ | median)
		vw=$(awk '$1 == "vader" { print $2 }' bench/out/node.$$ | median)
		{
		echo
		echo "npm vader-sentiment 1.1.3 on node $(node --version), first $NODE_ROWS rows, median of 3:"
		awk -v nw="$nw" -v vw="$vw" -v rows="$NODE_ROWS" -v big="$ROWS" -v bw="$(awk '$1 == "vader" { print $2 }' bench/out/runs.$$ | median)" 'BEGIN {
			printf "  node: %.2f s, %.0f sentences/s\n", nw, rows / nw
			printf "  sentiment --vader on the full corpus: %.0f sentences/s, %.0fx the npm port\n", big / bw, (big / bw) / (rows / nw)
		}'
		} | tee -a "$OUT"
		rm -f bench/out/node.$$
	fi
fi

echo "share of a core a busy loop gets at the end: $(share)" | tee -a "$OUT"

{
echo
echo "peak RSS (KB) of sentiment (default mode) as the input grows:"
for f in "$SMALL" "$BIG" "$HUGE"; do
	printf '  %-40s %8s rows  %8s KB\n' "$f" "$(($(wc -l < "$f") - 1))" \
	    "$(timed "$f" "$BIN/sentiment" | cut -d' ' -f3)"
done
} | tee -a "$OUT"
rm -f bench/out/runs.$$ bench/out/time.$$
echo "(written to $OUT)"
