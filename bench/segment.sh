#!/usr/bin/env bash
# bench/segment.sh — segment's speed and memory, against baselines measured
# in the same run (these machines are shared: only ratios are comparable).
#
#   bench/segment.sh [RUNS]      (default 5 runs; medians reported)
#
# Corpora come from bench/make-corpus.sh (100 MB table, ~20 MB of files).
# Reports, for each case, the median wall time, MB/s and the ratio to its
# baseline, and segment's peak RSS on 20 MB and 100 MB of input.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=${NF_BIN:-build/release}
seg=${NF_SEGMENT:-$bin/segment}
[ -x "$seg" ] || { echo "bench: build first (make)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
bench/make-corpus.sh 100 bench/corpus >/dev/null
tsv=bench/corpus/docs.tsv
head -c 20000000 "$tsv" | awk 'NR == 1 || /\t/' > bench/corpus/docs20.tsv
find bench/corpus/files -name '*.txt' -print0 | LC_ALL=C sort -z > bench/corpus/files.list

# median wall seconds of RUNS runs of a shell command
median() {
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e' sh -c "$1" 2>&1 >/dev/null | tail -n 1
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
# median CPU seconds (user + system) of RUNS runs: steadier than wall time
# when other jobs share the cores
median_cpu() {
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%U %S' sh -c "$1" 2>&1 >/dev/null | tail -n 1 |
		    awk '{ print $1 + $2 }'
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? b / s / 1e6 : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

bytes=$(wc -c < "$tsv")
fbytes=$(cat bench/corpus/files/*.txt | wc -c)
echo "machine: $(nproc) cores, $(uname -m); segment: $($seg --version | head -n 1)"
echo "runs per case: $runs (median)"
echo

t_cat=$(median "cat $tsv > /dev/null")
t_wc=$(median "wc -w $tsv > /dev/null")
t_seg=$(median "$seg --tsv $tsv > /dev/null")
printf '%-44s %8s s %6s MB/s\n' "cat (100 MB table)" "$t_cat" "$(mbps "$bytes" "$t_cat")"
printf '%-44s %8s s %6s MB/s\n' "wc -w (100 MB table)" "$t_wc" "$(mbps "$bytes" "$t_wc")"
printf '%-44s %8s s %6s MB/s   %s x wc -w time\n' "segment --tsv (100 MB table)" "$t_seg" "$(mbps "$bytes" "$t_seg")" "$(ratio "$t_seg" "$t_wc")"
c_wc=$(median_cpu "wc -w $tsv > /dev/null")
c_seg=$(median_cpu "$seg --tsv $tsv > /dev/null")
printf '%-44s %8s s %6s MB/s   %s x wc -w CPU time\n' "  the same in CPU time (user+sys)" "$c_seg" "$(mbps "$bytes" "$c_seg")" "$(ratio "$c_seg" "$c_wc")"

t_fcat=$(median "xargs -0 cat < bench/corpus/files.list > /dev/null")
t_fseg=$(median "$seg --files0-from=bench/corpus/files.list > /dev/null")
nfiles=$(tr -cd '\0' < bench/corpus/files.list | wc -c)
printf '%-44s %8s s %6s MB/s\n' "cat, folder of $nfiles files" "$t_fcat" "$(mbps "$fbytes" "$t_fcat")"
printf '%-44s %8s s %6s MB/s   %s x cat time\n' "segment --files0-from (same folder)" "$t_fseg" "$(mbps "$fbytes" "$t_fseg")" "$(ratio "$t_fseg" "$t_fcat")"

rss20=$(/usr/bin/time -f '%M' "$seg" --tsv bench/corpus/docs20.tsv 2>&1 >/dev/null | tail -n 1)
rss100=$(/usr/bin/time -f '%M' "$seg" --tsv "$tsv" 2>&1 >/dev/null | tail -n 1)
echo
echo "peak RSS: $rss20 KB on 20 MB, $rss100 KB on 100 MB"
