#!/bin/sh
# bench/cores.sh — how much a second core is worth on this machine.
#
# Runs one CPU-bound job (segment --tsv over the 100 MB table, output thrown
# away) alone, then two copies of it at the same time, REPS times each,
# alternating.  With two real cores the pair takes as long as one job; on
# a virtual machine whose two vCPUs share a physical core (or are stolen by
# other guests) it takes longer.  The ratio
#
#     best --jobs 2 / --jobs 1 = wall(two at once) / (2 x wall(one))
#
# is the lowest wall-time ratio any split into two parallel halves can
# reach here, before the split costs anything (issue 7, acceptance 3 asks
# for 0.65).  bench/pipelines.sh prints it beside its own ratios.
#
# It also runs the job pinned to each CPU in turn (taskset, util-linux).
# The vCPUs of these machines are not always equal: a neighbour on the
# host can make one of them twice as slow as the other for minutes at a
# time.  Two equal halves then wait for the slower CPU, and a one-chunk
# run goes as fast as the CPU the scheduler gives it.
#
#   bench/cores.sh [REPS]      (default 5)
#   NF_BIN=dir                 binaries (default build/release)
set -eu
cd "$(dirname "$0")/.."
REPS=${1:-5}
export LC_ALL=C
BIN="${NF_BIN:-$PWD/build/release}"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench/cores.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
bench/make-corpus.sh 100 bench/corpus > /dev/null
T=bench/corpus/docs.tsv
W=$(mktemp -d "${TMPDIR:-/tmp}/nfcores.XXXXXX")
trap 'rm -rf "$W"' EXIT
cat "$T" > /dev/null	# into the page cache

# job [PREFIX...] — the job, run under PREFIX (taskset -c N) if given
# (given only through timed, which shellcheck does not follow)
# shellcheck disable=SC2120
job() { "$@" "$BIN/segment" --tsv "$T" > /dev/null; }
# shellcheck disable=SC2119
pair() { job & p=$!; job; wait "$p"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
# timed FILE COMMAND... — COMMAND's wall time appended to $W/FILE
timed() {
	timed_file=$1
	shift
	t0=$(now); "$@"; t1=$(now)
	echo "$t0 $t1" | awk '{ print $2 - $1 }' >> "$W/$timed_file"
}

# the CPUs this process may run on (their numbers can have gaps); pinned
# runs when there are two or more and taskset can pin to each
cpus=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status 2>/dev/null |
    tr ',' '\n' | awk -F- 'NF { for (c = $1; c <= (NF > 1 ? $2 : $1); c++) print c }')
pin=yes
[ "$(echo "$cpus" | wc -w)" -gt 1 ] || pin=
for c in $cpus; do
	taskset -c "$c" true 2> /dev/null || pin=
done
i=0
while [ "$i" -lt "$REPS" ]; do
	timed one job
	timed two pair
	for c in ${pin:+$cpus}; do
		timed "cpu$c" job taskset -c "$c"
	done
	i=$((i + 1))
done
one=$(median < "$W/one")
two=$(median < "$W/two")
echo "# bench/cores.sh — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $REPS runs, medians"
if [ -n "$pin" ]; then
	for c in $cpus; do
		printf 'cpu%s %.3f s  ' "$c" "$(median < "$W/cpu$c")"
	done
	echo "(the job pinned to each CPU: equal CPUs give equal times)"
fi
awk -v a="$one" -v b="$two" 'BEGIN {
	printf "one job alone: %.3f s; two at once: %.3f s (each %.2fx slower)\n", a, b, b / a
	printf "best possible --jobs 2 / --jobs 1 here: %.2f (1.00 = no gain, 0.50 = two full cores)\n", b / (2 * a)
}'
