#!/bin/sh
# bench/pipelines.sh — the pipeline scripts on a large corpus (issue 7,
# acceptance 3 and 4).
#
#  A. --jobs 2 against --jobs 1, same run: each of who-said-what, reactions,
#     grades and report over a ~50 MB document table (bench/make-corpus.sh 50),
#     REPS runs of each, alternating; every output compared byte for byte;
#     median wall times and their ratio (target: --jobs 2 <= 0.65 x --jobs 1
#     on a 2-core machine).  The plain stream (no --jobs: the filters joined
#     by pipes) is timed beside them for reference.
#  A2. The chunks' filters alone (segment, then rating-extract for grades,
#     dequote and sentiment for who-said-what, through files as the chunks
#     run them) over the whole table and over its two halves at once: the
#     ratio the filters allow before the scripts add anything.
#  B. End to end as one stream over the ~100 MB table:
#       segment --tsv | dequote | sentiment --label | aggregate -g speaker,role ...
#     wall time → MB/s of the table (target >= 50 MB/s) and the peak RSS of
#     each of the four processes (target < 16 MB), medians of REPS runs;
#     `cat` of the same file is timed as the floor.
#
#   bench/pipelines.sh [REPS]        (default 3)
#   NF_BIN=dir   binaries to test (default build/release)
#   BENCH_NICE=-10  raise this session's scheduling weight (root; Linux
#                autogroup nice) so that a machine busy with other sessions
#                disturbs the timings less; reported in the output
# Corpora are made on first use in bench/corpus/ (git-ignored); results go
# to bench/out/pipelines.txt as well as to stdout.
set -eu
cd "$(dirname "$0")/.."
REPS=${1:-3}
export LC_ALL=C
export NF_BIN="${NF_BIN:-$PWD/build/release}"
S=$PWD/scripts
OUT=bench/out/pipelines.txt
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench/pipelines.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
mkdir -p bench/out
if [ -n "${BENCH_NICE:-}" ]; then
	echo "$BENCH_NICE" > /proc/self/autogroup || { echo "bench/pipelines.sh: cannot set the autogroup nice" >&2; exit 1; }
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/nfbench.XXXXXX")
trap 'rm -rf "$W"' EXIT

bench/make-corpus.sh 50 bench/corpus/pipelines-50 > /dev/null
bench/make-corpus.sh 100 bench/corpus > /dev/null
T50=bench/corpus/pipelines-50/docs.tsv
T100=bench/corpus/docs.tsv
mb50=$(awk -v b="$(wc -c < $T50)" 'BEGIN { printf "%.1f", b / 1e6 }')
mb100=$(awk -v b="$(wc -c < $T100)" 'BEGIN { printf "%.1f", b / 1e6 }')

wall() {	# command... → seconds of wall time on stdout (output to $W/o;
	# CPU seconds, user + sys of it and its children, appended to $W/cpu)
	$TIME -f '%e %U %S' -o "$W/t" "$@" > "$W/o" 2> "$W/e" || { cat "$W/e" >&2; exit 1; }
	tail -n 1 "$W/t" | awk -v f="$W/cpu" '{ print $1; printf "%.2f\n", $2 + $3 > f }'
}
cpu() { tail -n 1 "$W/cpu"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

{
echo "# bench/pipelines.sh — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(cat /proc/self/autogroup 2>/dev/null)"
echo "# A. --jobs 2 vs --jobs 1 on $T50 ($mb50 MB), $REPS runs each, medians"
# what a second core is worth here (bench/cores.sh): the floor of "ratio"
bench/cores.sh 3 | tail -n +2 | sed 's/^/# /'
printf '%-14s %9s %9s %9s %7s %10s %10s %s\n' script stream_s jobs1_s jobs2_s ratio jobs1_cpu jobs2_cpu same_bytes
} | tee "$OUT"

for s in who-said-what reactions grades report; do
	: > "$W/s.t"; : > "$W/1.t"; : > "$W/2.t"; : > "$W/1.c"; : > "$W/2.c"
	same=yes
	for _ in $(seq "$REPS"); do
		if [ $s = report ]; then
			wall "$S/report" -o "$W/r1" --jobs 1 --tsv $T50 >> "$W/1.t"; cpu >> "$W/1.c"
			wall "$S/report" -o "$W/r2" --jobs 2 --tsv $T50 >> "$W/2.t"; cpu >> "$W/2.c"
			for f in index.html speakers.tsv roles.tsv documents.tsv reactions.tsv grades.tsv; do
				cmp -s "$W/r1/$f" "$W/r2/$f" || same=NO
			done
			echo - >> "$W/s.t"
		else
			wall "$S/$s" --tsv $T50 >> "$W/s.t"; mv "$W/o" "$W/s.out"
			wall "$S/$s" --jobs 1 --tsv $T50 >> "$W/1.t"; mv "$W/o" "$W/1.out"; cpu >> "$W/1.c"
			wall "$S/$s" --jobs 2 --tsv $T50 >> "$W/2.t"; mv "$W/o" "$W/2.out"; cpu >> "$W/2.c"
			cmp -s "$W/1.out" "$W/2.out" || same=NO
			cmp -s "$W/s.out" "$W/1.out" || same=NO
		fi
	done
	st=$(grep -v - "$W/s.t" | median); [ $s = report ] && st=-
	j1=$(median < "$W/1.t"); j2=$(median < "$W/2.t")
	printf '%-14s %9s %9s %9s %7s %10s %10s %s\n' "$s" "$st" "$j1" "$j2" \
	    "$(awk -v a="$j2" -v b="$j1" 'BEGIN { printf "%.2f", a / b }')" \
	    "$(median < "$W/1.c")" "$(median < "$W/2.c")" "$same" | tee -a "$OUT"
done

# A2. The chunks' filters alone, as --jobs runs them (each filter reads the
# file the one before wrote): over the whole table (--jobs 1's one chunk)
# and over its two halves at once (--jobs 2's chunks).  Their ratio is what
# the filters allow before the scripts add anything (collecting, the
# reduction, starting and ending): A's ratio can only be higher.
echo "# A2. the chunks' filters alone: whole table vs its two halves at once, $REPS runs, medians" | tee -a "$OUT"
head -n 1 $T50 > "$W/half1"
split -n l/1/2 $T50 | tail -n +2 >> "$W/half1"
head -n 1 $T50 > "$W/half2"
split -n l/2/2 $T50 >> "$W/half2"
chain() {	# chain NAME TABLE PREFIX: one chunk's filters for script NAME
	"$NF_BIN/segment" --tsv "$2" > "$3.seg" || return 1
	case $1 in
	grades)	"$NF_BIN/rating-extract" "$3.seg" > "$3.re" ;;
	*)	"$NF_BIN/dequote" --only=quote "$3.seg" > "$3.dq" 2>/dev/null &&
		    "$NF_BIN/sentiment" --label "$3.dq" > "$3.sp" ;;
	esac
}
now() { date +%s.%N; }
for s in grades who-said-what; do
	: > "$W/w.t"; : > "$W/h.t"
	for _ in $(seq "$REPS"); do
		t0=$(now); chain $s $T50 "$W/cw"; t1=$(now)
		chain $s "$W/half1" "$W/c1" & chain $s "$W/half2" "$W/c2" & wait
		t2=$(now)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >> "$W/w.t"
		awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f\n", b - a }' >> "$W/h.t"
	done
	w=$(median < "$W/w.t"); h=$(median < "$W/h.t")
	printf '%-14s filters: whole %s s, two halves at once %s s, ratio %s\n' "$s" "$w" "$h" \
	    "$(awk -v a="$h" -v b="$w" 'BEGIN { printf "%.2f", a / b }')" | tee -a "$OUT"
done
rm -f "$W"/cw.* "$W"/c1.* "$W"/c2.* "$W/half1" "$W/half2"

{
echo "# (CPU: user + sys seconds of the script and all its processes.  Wall"
echo "# times only mean something on an otherwise idle machine: with the"
echo "# kernel's autogroup scheduling a busy machine gives a session a share"
echo "# of the CPUs whatever its number of processes.)"
echo "# load after A: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "# B. one stream over $T100 ($mb100 MB): segment | dequote | sentiment --label | aggregate, $REPS runs, medians"
} | tee -a "$OUT"
: > "$W/cat.t"; : > "$W/e2e.t"
for f in seg dq se ag; do : > "$W/$f.rss"; done
for _ in $(seq "$REPS"); do
	wall cat $T100 >> "$W/cat.t"
	start=$(date +%s.%N)
	$TIME -f %M -o "$W/seg.m" "$NF_BIN/segment" --tsv $T100 |
	    $TIME -f %M -o "$W/dq.m" "$NF_BIN/dequote" 2>/dev/null |
	    $TIME -f %M -o "$W/se.m" "$NF_BIN/sentiment" --label |
	    $TIME -f %M -o "$W/ag.m" "$NF_BIN/aggregate" -g speaker,role count mean:compound median:compound share:label=negative > "$W/e2e.out"
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' >> "$W/e2e.t"
	for f in seg dq se ag; do tail -n 1 "$W/$f.m" >> "$W/$f.rss"; done
done
c=$(median < "$W/cat.t"); e=$(median < "$W/e2e.t")
{
printf 'cat %s s; stream %s s = %s MB/s (target >= 50)\n' "$c" "$e" "$(awk -v m="$mb100" -v s="$e" 'BEGIN { printf "%.1f", m / s }')"
printf 'peak RSS (KB, median): segment %s, dequote %s, sentiment %s, aggregate %s (target < 16384 each)\n' \
    "$(median < "$W/seg.rss")" "$(median < "$W/dq.rss")" "$(median < "$W/se.rss")" "$(median < "$W/ag.rss")"
echo "# the stream's CPU: the four processes' user+sys over one run"
} | tee -a "$OUT"
# aggregate's memory with operations that keep no values (median keeps one
# entry per distinct value of the group)
"$NF_BIN/segment" --tsv $T100 | "$NF_BIN/dequote" 2>/dev/null | "$NF_BIN/sentiment" --label |
    $TIME -f %M -o "$W/ag2.m" "$NF_BIN/aggregate" -g speaker,role count mean:compound share:label=negative > /dev/null
printf 'aggregate -g speaker,role count mean:compound share:label=negative: peak RSS %s KB\n' "$(tail -n 1 "$W/ag2.m")" | tee -a "$OUT"
# CPU seconds of each stage, one more run (figures to explain the wall time)
$TIME -f 'segment %U+%S s' -o "$W/c1" "$NF_BIN/segment" --tsv $T100 |
    $TIME -f 'dequote %U+%S s' -o "$W/c2" "$NF_BIN/dequote" 2>/dev/null |
    $TIME -f 'sentiment %U+%S s' -o "$W/c3" "$NF_BIN/sentiment" --label |
    $TIME -f 'aggregate %U+%S s' -o "$W/c4" "$NF_BIN/aggregate" -g speaker,role count mean:compound > /dev/null
cat "$W/c1" "$W/c2" "$W/c3" "$W/c4" | tr '\n' ';' | sed 's/;$/\n/; s/;/; /g' | tee -a "$OUT"
