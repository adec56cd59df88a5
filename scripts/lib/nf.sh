# scripts/lib/nf.sh — what the pipeline scripts share: finding the filters,
# collecting the documents, running the filters as one stream or in chunks
# of documents run as background jobs, and the per-table preparation and finish
# steps (the awk programs beside this file).  Sourced by bash scripts that
# have set NF_PROG (their name) and NF_LIB (this directory).
#
# Modes (NF_JOBS):
#   ""   one stream: the filters connected by pipes, no temporary files
#   N    the documents cut into N chunks of about equal bytes, run N at a
#        time as background jobs (N = 1: one chunk), each chunk's
#        filters one after the other; aggregate --partial per chunk and one
#        aggregate --merge, so the result is the stream's, byte for byte.

export LC_ALL=C
NF_TAB=$'\t'

# awk: $NF_AWK, else mawk when installed (about twice as fast as gawk on
# these programs), else the system's; the programs are POSIX awk and give
# the same bytes under each (tests/pipelines.bats)
if [ -z "${NF_AWK:-}" ]; then
	NF_AWK="awk"
	command -v mawk >/dev/null 2>&1 && NF_AWK=mawk
fi
export NF_AWK
awk() { command "$NF_AWK" "$@"; }

nf_die() {	# message... → stderr, exit 1
	printf '%s: %s\n' "$NF_PROG" "$*" >&2
	exit 1
}

nf_usage_error() {	# message → stderr with the GNU hint, exit 2
	printf '%s: %s\n' "$NF_PROG" "$1" >&2
	printf "Try '%s --help' for more information.\n" "$NF_PROG" >&2
	exit 2
}

nf_progress() {	# message → stderr, only when stderr is a terminal
	[ -t 2 ] && printf '%s: %s\n' "$NF_PROG" "$*" >&2
	return 0
}

# the filters: $NF_BIN, else beside the script (installed), else this
# checkout's build/release, else PATH
nf_find_filters() {
	local here=$1 d f
	for d in "$here/../build/release" "$here" "${NF_BIN:-}"; do
		[ -n "$d" ] && [ -x "$d/segment" ] || continue
		case $d in
		/*) PATH="$d:$PATH" ;;
		*) PATH="$(cd "$d" && pwd):$PATH" ;;	# (a relative NF_BIN)
		esac
	done
	export PATH
	for f in segment dequote sentiment rating-extract aggregate; do
		command -v "$f" >/dev/null 2>&1 ||
		    nf_die "cannot find the filter '$f' (run make, or set NF_BIN to the directory of the binaries)"
	done
}

nf_version() {
	local v
	nf_find_filters "$here"
	v=$(segment --version 2>/dev/null | sed -n '1s/.* //p')
	printf '%s (newsfilters) %s\n' "$NF_PROG" "${v:-unknown}"
	exit 0
}

nf_check_jobs() {	# N → NF_JOBS, or a usage error
	case $1 in
	'' | *[!0-9]* | 0*) nf_usage_error "invalid --jobs '$1' (a positive whole number)" ;;
	esac
	NF_JOBS=$1
}

nf_tmpdir() {	# NF_TMP: a private directory removed at exit
	NF_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsfilters.XXXXXX") ||
	    nf_die "cannot create a temporary directory"
	# absolute: awk takes an operand like "a=b/..." for an assignment
	case $NF_TMP in /*) ;; *) NF_TMP=$PWD/$NF_TMP ;; esac
	trap 'nf_stop_chunks; rm -rf "$NF_TMP"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
}

# nf_collect OPERAND... — the documents: files as given, folders searched
# for *.txt (byte order of their paths).  Writes the NUL-separated list to
# $NF_TMP/files0 and the count to NF_NDOCS.  With NF_TABLE set, the
# documents are that table's rows instead (no operands allowed).
nf_collect() {
	local a n
	NF_NDOCS=0
	if [ -n "${NF_TABLE:-}" ]; then
		[ $# -eq 0 ] || nf_usage_error "--tsv TABLE takes no other operands"
		[ -e "$NF_TABLE" ] || nf_die "$NF_TABLE: cannot read the table: no such file"
		[ -f "$NF_TABLE" ] || nf_die "$NF_TABLE: cannot read the table: not a regular file (a pipe? save the table to a file first)"
		[ -r "$NF_TABLE" ] || nf_die "$NF_TABLE: cannot read the table: permission denied"
		[ "$NF_TABLE" = - ] && NF_TABLE=./-	# (not standard input)
		# (grep counts a last line without LF too: one process, not wc
		# and tail; -a: a NUL byte does not make the table binary)
		NF_NDOCS=$(($(LC_ALL=C grep -ac '' -- "$NF_TABLE") - 1))
		[ "$NF_NDOCS" -gt 0 ] || nf_die "$NF_TABLE: no documents in the table (a header line, then one row per document)"
		return 0
	fi
	[ $# -gt 0 ] || nf_die "no input: name article files (.txt) or folders of them, or --tsv TABLE (see --help)"
	: > "$NF_TMP/files0"
	for a; do
		if [ -d "$a" ]; then
			# (-xtype f: a link to an article counts, as naming it
			# would; links to folders are not followed)
			n=$(find -H "$a" -xtype f -name '*.txt' -print0 | LC_ALL=C sort -z |
			    tee -a "$NF_TMP/files0" | tr -cd '\0' | wc -c)
			[ "$n" -gt 0 ] || nf_die "$a: no documents in this folder (looked for *.txt files)"
		elif [ -e "$a" ]; then
			[ -r "$a" ] || nf_die "$a: cannot read this file"
			# (a file named "-": the filters would read standard input)
			[ "$a" = - ] && a=./-
			printf '%s\0' "$a" >> "$NF_TMP/files0"
		else
			nf_die "$a: no such file or folder"
		fi
	done
	NF_NDOCS=$(tr -cd '\0' < "$NF_TMP/files0" | wc -c)
}

# nf_segment_stream — segment over the collected documents, to stdout
nf_segment_stream() {
	if [ -n "${NF_TABLE:-}" ]; then
		segment --tsv -- "$NF_TABLE"
	else
		segment --files0-from="$NF_TMP/files0"
	fi
}

# ---------------------------------------------------------------- tables
# Each table is a preparation (awk over the span or fact rows) and, for
# the sentiment tables, an aggregate over the prepared rows.

NF_QUOTE_OPS="sum:new_quotation count sum:words mean:compound median:compound share:label=negative"
NF_PARTS_OPS="count sum:new_sent mean:compound sum:new_comment"

# table → aggregate's -g columns (nf_groups_var: in NF_V, without a fork)
nf_groups_var() {
	case $1 in
	speaker) NF_V=speaker,role ;;
	role) NF_V=role ;;
	doc) NF_V=doc,speaker,role ;;
	reactions) NF_V=doc,part ;;
	*) NF_V= ;;
	esac
}
nf_groups() { nf_groups_var "$1"; echo "$NF_V"; }

# table → aggregate's option for the table's results (nf_decimals_var: in
# NF_V): the quotation tables' means, medians and shares with 4 decimals,
# like the scores (in C: awk's rounding was 0.19 s of a 65,000-row doc
# table).  Not reactions: its differences are of the unrounded means,
# and its pivot rounds.
nf_decimals_var() {
	case $1 in
	speaker | role | doc) NF_V=--decimals=4 ;;
	*) NF_V= ;;
	esac
}
nf_decimals() { nf_decimals_var "$1"; echo "$NF_V"; }

nf_prep() {	# table [awk -v assignments] — span rows → the table's rows
	local t=$1
	shift
	case $t in
	speaker | role | doc)
		awk -v prog="$NF_PROG" -v comments="${NF_COMMENTS:-0}" "$@" \
		    -f "$NF_LIB/cols.awk" -f "$NF_LIB/prep-quotes.awk" ;;
	reactions)
		awk -v prog="$NF_PROG" "$@" -f "$NF_LIB/cols.awk" -f "$NF_LIB/prep-parts.awk" ;;
	facts)
		awk -v prog="$NF_PROG" "$@" -f "$NF_LIB/cols.awk" -f "$NF_LIB/prep-facts.awk" ;;
	esac
}

# tables → dequote's option: --only=quote when only quotations are needed
# (who-said-what without --comments); nf_dequote_only_var: in NF_V
nf_dequote_only_var() {
	NF_V=
	case $1 in
	speaker | role | doc) [ "${NF_COMMENTS:-0}" = 0 ] && NF_V=--only=quote ;;
	esac
	return 0
}
nf_dequote_only() { nf_dequote_only_var "$1"; [ -z "$NF_V" ] || echo "$NF_V"; }

# table → aggregate's operations (nf_ops_var: in NF_V)
nf_ops_var() {
	case $1 in
	reactions) NF_V=$NF_PARTS_OPS ;;
	*) NF_V=$NF_QUOTE_OPS ;;
	esac
}
nf_ops() { nf_ops_var "$1"; echo "$NF_V"; }

nf_finish() {	# table — aggregate's result (with header) → the final table
	case $1 in
	speaker)	# most quoted first
		awk -f "$NF_LIB/cols.awk" -f "$NF_LIB/finish-quotes.awk" | nf_sort_body -k3,3nr -k4,4nr -k5,5nr -k1,1 -k2,2 ;;
	role)
		awk -f "$NF_LIB/cols.awk" -f "$NF_LIB/finish-quotes.awk" | nf_sort_body -k2,2nr -k3,3nr -k4,4nr -k1,1 ;;
	doc)
		awk -f "$NF_LIB/cols.awk" -f "$NF_LIB/finish-quotes.awk" ;;
	reactions)
		awk -f "$NF_LIB/cols.awk" -f "$NF_LIB/reactions-pivot.awk" ;;
	facts)	# header-less facts → the grades table
		LC_ALL=C sort | awk -f "$NF_LIB/grades-reduce.awk" | nf_grades_sort ;;
	esac
}

nf_sort_body() {	# sort keys... — keep the first line, sort the rest
	local h
	IFS= read -r h || return 0
	printf '%s\n' "$h"
	LC_ALL=C sort -t "$NF_TAB" "$@"
}

nf_grades_sort() {	# header-less grade rows → header + rows by authority, area
	printf 'authority\tarea\tgrade\trank\tyear\tchange\tprevious_grade\tprevious_year\tearlier\tdoc\tsent\ttext\n'
	awk -f "$NF_LIB/areas.awk" -f "$NF_LIB/grades-key.awk" |
	    LC_ALL=C sort -t "$NF_TAB" -k1,1 -k2,2n -k3,3 | cut -f1,3-
}

# ------------------------------------------------------------ the streams

# nf_stream TABLE — the whole pipeline for one table as one stream
nf_stream() {
	local t=$1
	if [ "$t" = facts ]; then
		nf_segment_stream | rating-extract | nf_prep facts -v header=0 | nf_finish facts
		return
	fi
	# shellcheck disable=SC2046
	nf_segment_stream | dequote $(nf_dequote_only "$t") | sentiment --label | nf_prep "$t" |
	    aggregate -g "$(nf_groups "$t")" $(nf_ops "$t") $(nf_decimals "$t") | nf_finish "$t"
}

# nf_chunk TABLES PREFIX N SOURCE — one chunk, in a subshell: SOURCE is a
# NUL-separated list of files, or "table:K" for the Nth of K line-aligned
# slices of the --tsv table (GNU split -n l/N/K).  TABLES is
# comma-separated.  Writes PREFIX.TABLE for each table: aggregate partial
# states (chunk N), or header-less facts for "facts"; then PREFIX.done.
# Each filter runs alone (one core a chunk), through temporary files.
# Filter warnings go to PREFIX.log, their places made the user's: the
# document and sentence, or the table and its line (nf_chunk_log), also
# when a filter fails.
nf_chunk() {
	local p=$2 st=0 f
	exec 2> "$p.raw.log"
	nf_chunk_filters "$@" || st=1
	nf_chunk_log "$p" "$3" "$4"
	# the intermediate files emptied, which frees their space at no
	# process start (an rm cost 0.01 s a chunk); the script's exit
	# removes them
	for f in "$p.seg" "$p.re" "$p.pf" "$p.dq" "$p.spans" "$p.raw.log" "$p".prep.*; do
		[ -f "$f" ] && : > "$f"
	done
	[ "$st" = 0 ] && : > "$p.done"
	return "$st"
}
nf_chunk_filters() {
	local tables=${1//,/ } p=$2 n=$3 src=$4 t spans=0 k cols dq=
	# (few forks: on some machines each costs more than the filters' work
	# on a small chunk)
	case $src in
	table:*)
		k=${src#table:}
		IFS= read -r cols < "$NF_TABLE"
		cols=${cols%$'\r'}
		cols=${cols#$'\xef\xbb\xbf'}	# (a byte-order mark, as segment)
		cols=${cols//$NF_TAB/,}
		if [ "$k" = 1 ]; then
			# the whole table: no slicing
			segment --tsv -- "$NF_TABLE" > "$p.seg" || return 1
		elif [ "$n" = 1 ]; then
			# the first slice starts with the header line
			split -n "l/$n/$k" -- "$NF_TABLE" |
			    segment --tsv > "$p.seg" || return 1
		else
			split -n "l/$n/$k" -- "$NF_TABLE" |
			    segment --tsv --columns="$cols" > "$p.seg" || return 1
		fi ;;
	*)
		segment --files0-from="$src" > "$p.seg" || return 1 ;;
	esac
	nf_dequote_only_var "$tables"
	dq=$NF_V
	for t in $tables; do
		case $t in
		facts)
			# sorted here, in each chunk, so that the reduction only
			# merges (sort -m).  One process at a time, as below,
			# and sort on one thread: a pipe of the three ran up to
			# six processes on two cores under --jobs 2
			# (the intermediate files go with the others at the
			# end: an rm each costs a process start)
			rating-extract "$p.seg" > "$p.re" || return 1
			nf_prep facts -v header=0 < "$p.re" > "$p.pf" || return 1
			LC_ALL=C sort --parallel=1 "$p.pf" > "$p.facts" || return 1 ;;
		*)
			if [ $spans = 0 ]; then
				# shellcheck disable=SC2086
				dequote $dq "$p.seg" > "$p.dq" || return 1
				sentiment --label "$p.dq" > "$p.spans" || return 1
				spans=1
			fi
			# the tables by speaker, role and doc share one preparation
			case $t in speaker | role | doc) k=quotes ;; *) k=$t ;; esac
			if [ ! -e "$p.prep.$k" ]; then
				nf_prep "$t" < "$p.spans" > "$p.prep.$k" || return 1
			fi
			nf_groups_var "$t"
			local g=$NF_V
			nf_ops_var "$t"
			# shellcheck disable=SC2086
			aggregate --partial --chunk "$n" -g "$g" $NF_V "$p.prep.$k" > "$p.$t" || return 1 ;;
		esac
	done
}
# nf_chunk_log PREFIX N SOURCE — PREFIX.raw.log → PREFIX.log: FILE:LINE of
# our temporary files as the document and sentence (warnings.awk); and
# for a slice of a --tsv table, segment's "(stdin):LINE" as the table's
# name and line: LINE plus the lines of the slices before it (counted
# only when there is such a message: warnings.awk exits 3 without them)
nf_chunk_log() {
	local p=$1 n=$2 src=$3 k i skip=0 table= st=0
	[ -s "$p.raw.log" ] || return 0
	case $src in
	table:*)
		k=${src#table:}
		if [ "$k" != 1 ]; then table=$NF_TABLE skip=-1; fi ;;
	esac
	while :; do
		NF_W_SEG=$p.seg NF_W_DQ=$p.dq NF_W_TABLE=$table awk -v skip="$skip" \
		    -f "$NF_LIB/warnings.awk" -- "$p.raw.log" > "$p.log" && return 0
		st=$?
		[ "$st" = 3 ] && [ "$skip" = -1 ] || return "$st"
		skip=$(for ((i = 1; i < n; i++)); do
			split -n "l/$i/$k" -- "$NF_TABLE"
		done | wc -l)
	done
}

nf_chunk_failed() {	# a chunk failed: the chunks' messages, then exit 1
	nf_header_failed
	nf_logs >&2
	nf_die "a filter failed"
}

# nf_header_failed — (a chunk failed) when the --tsv table was cut into
# slices and what failed is its header line: segment's message about it,
# once, as a run over the whole table gives it, and exit 1.  (The first
# slice is read with its header, so a bad header always fails a chunk; the
# slices after it, read with --columns, fail in their own words.  Checked
# here rather than before the chunks start: it costs two process starts.)
nf_header_failed() {
	[ -n "${NF_TABLE:-}" ] && [ "${NF_NCHUNKS:-1}" -gt 1 ] || return 0
	head -n 1 -- "$NF_TABLE" | segment --tsv > /dev/null 2> "$NF_TMP/c.header.log" &&
	    return 0
	NF_W_TABLE=$NF_TABLE awk -v skip=0 -f "$NF_LIB/warnings.awk" "$NF_TMP/c.header.log" >&2
	nf_die "a filter failed"
}

# nf_split_files K — the document list cut into at most K contiguous lists
# of about equal bytes: $NF_TMP/c.list.1 ...; sets NF_NCHUNKS
nf_split_files() {
	local k=$1 i=0 c last=0 name
	local -a sizes
	mapfile -t sizes < <(xargs -0 stat -L -c %s -- < "$NF_TMP/files0")
	local total=0 cum=0
	for c in "${sizes[@]}"; do total=$((total + c + 1)); done
	NF_NCHUNKS=0
	while IFS= read -r -d '' name; do
		# the chunk where this file starts, by bytes before it
		c=$((cum * k / total + 1))
		if [ "$c" != "$last" ]; then NF_NCHUNKS=$((NF_NCHUNKS + 1)); last=$c; fi
		printf '%s\0' "$name" >> "$NF_TMP/c.list.$NF_NCHUNKS"
		cum=$((cum + ${sizes[$i]} + 1))
		i=$((i + 1))
	done < "$NF_TMP/files0"
}

# nf_run_chunks TABLES — every chunk, NF_JOBS at a time; NF_CHUNKS chunks a
# job (default 1: the least overhead; more evens out uneven chunks); sets
# NF_NCHUNKS.  The chunks run as this shell's own background jobs.  (They
# ran under GNU parallel at first: its start-up alone, 0.26 s of wall time
# and 0.33 s of CPU for `parallel -j 2 true ::: 1 2` on the 2-core machine,
# was a fifth of a --jobs 1 run over 50 MB and delayed every chunk; bash's
# `wait -n` gives the same job slots at no cost.)
nf_run_chunks() {
	local tables=${1// /,} k src i running=0 finished=0
	# (the chunks' files are $NF_TMP/c.*: no directory, no mkdir)
	k=$((NF_JOBS * ${NF_CHUNKS:-1}))
	[ "$NF_JOBS" -eq 1 ] && k=1
	if [ -n "${NF_TABLE:-}" ]; then
		[ "$k" -gt "$NF_NDOCS" ] && k=$NF_NDOCS
		NF_NCHUNKS=$k
		src="table:$k"
	else
		[ "$k" -gt "$NF_NDOCS" ] && k=$NF_NDOCS
		nf_split_files "$k" || nf_die "cannot split the list of documents"
		src="$NF_TMP/c.list.@"
	fi
	if [ "$NF_JOBS" -eq 1 ]; then
		(nf_chunk "$tables" "$NF_TMP/c.1" 1 "${src//@/1}") || nf_chunk_failed
	else
		# each chunk a subshell in a process group of its own (job
		# control on while it starts: set -m), so that stopping it
		# stops the filter it is running too (nf_stop_chunks).  (Not
		# `setsid bash`: a new bash reading this file cost each chunk
		# 0.02 s before its first filter.)  Its input is /dev/null,
		# as bash gives a background job only without job control: a
		# filter of a background group that read the terminal would
		# be stopped (SIGTTIN), and the script would wait for ever.
		for ((i = 1; i <= NF_NCHUNKS; i++)); do
			[ "$running" -lt "$NF_JOBS" ] || nf_wait_chunk
			set -m
			(nf_chunk "$tables" "$NF_TMP/c.$i" "$i" "${src//@/$i}") < /dev/null &
			set +m
			NF_CHUNK_PIDS+=("$!")
			running=$((running + 1))
		done
		while [ "$running" -gt 0 ]; do
			nf_wait_chunk
		done
		NF_CHUNK_PIDS=()
	fi
	for ((i = 1; i <= NF_NCHUNKS; i++)); do
		[ -e "$NF_TMP/c.$i.done" ] || nf_die "chunk $i of $NF_NCHUNKS did not finish"
	done
}

nf_wait_chunk() {	# (nf_run_chunks) the next chunk to end
	wait -n || { nf_stop_chunks; nf_chunk_failed; }
	running=$((running - 1))
	finished=$((finished + 1))
	nf_progress "$finished of $NF_NCHUNKS chunks done"
}

# nf_stop_chunks — stop the chunks still running (a chunk failed, or the
# script is ending on a signal): each chunk's whole process group
NF_CHUNK_PIDS=()
nf_stop_chunks() {
	local pid
	for pid in "${NF_CHUNK_PIDS[@]}"; do
		kill -TERM -- "-$pid" 2>/dev/null
		kill -CONT -- "-$pid" 2>/dev/null	# (a stopped group acts on it only then)
	done
	NF_CHUNK_PIDS=()
	wait 2>/dev/null
	return 0
}

# nf_reduce TABLE — the chunks' results for TABLE → the final table
nf_reduce() {
	local t=$1 i files=()
	for ((i = 1; i <= NF_NCHUNKS; i++)); do
		files+=("$NF_TMP/c.$i.$t")
	done
	if [ "$t" = facts ]; then
		# (the chunks' facts are sorted: merging them is the sort)
		LC_ALL=C sort -m -- "${files[@]}" | awk -f "$NF_LIB/grades-reduce.awk" | nf_grades_sort
	else
		nf_decimals_var "$t"
		# shellcheck disable=SC2086
		aggregate --merge $NF_V -- "${files[@]}" | nf_finish "$t"
	fi
}

# nf_reduce_tables TABLE:FILE... — nf_reduce of each TABLE into
# $NF_TMP/FILE, NF_JOBS at a time (they are independent)
nf_reduce_tables() {
	local spec pid running=0
	local -A table_of=()
	for spec; do
		if [ "$running" -ge "${NF_JOBS:-1}" ]; then
			nf_wait_table
		fi
		(nf_reduce "${spec%%:*}" > "$NF_TMP/${spec#*:}") &
		table_of[$!]=${spec%%:*}
		running=$((running + 1))
	done
	while [ "$running" -gt 0 ]; do
		nf_wait_table
	done
}

nf_wait_table() {	# (nf_reduce_tables) the next table to be done
	local st=0
	pid=
	wait -n -p pid || st=$?
	running=$((running - 1))
	[ "$st" = 0 ] || { wait; nf_die "the ${table_of[$pid]:-} table failed"; }
}

# nf_logs — the chunks' filter warnings (of the chunks that got as far as
# writing them), as one run would give them (logs.awk)
nf_logs() {
	local i=1 logs=()
	while [ "$i" -le "$NF_NCHUNKS" ]; do
		[ -f "$NF_TMP/c.$i.log" ] && logs+=("$NF_TMP/c.$i.log")
		i=$((i + 1))
	done
	[ ${#logs[@]} -eq 0 ] || awk -f "$NF_LIB/logs.awk" -- "${logs[@]}"
}

# nf_status STATUS — end a script after its pipeline: 141 (closed output
# pipe) quietly, other failures with exit 1 (the filter said why)
nf_status() {
	case $1 in
	0) return 0 ;;
	141) exit 141 ;;
	*) exit 1 ;;
	esac
}

# nf_common_opt ARG... — the options every script has; sets NF_SHIFT to the
# number of arguments used (0: not one of them)
nf_common_opt() {
	NF_SHIFT=1
	case $1 in
	-j | --jobs)
		[ $# -ge 2 ] || nf_usage_error "option '$1' requires an argument"
		nf_check_jobs "$2"
		NF_SHIFT=2 ;;
	-j*) nf_check_jobs "${1#-j}" ;;
	--jobs=*) nf_check_jobs "${1#--jobs=}" ;;
	--tsv)
		[ $# -ge 2 ] || nf_usage_error "option '$1' requires an argument"
		[ -z "${NF_TABLE:-}" ] || nf_usage_error "--tsv takes one table"
		NF_TABLE=$2
		NF_SHIFT=2 ;;
	--tsv=*)
		[ -z "${NF_TABLE:-}" ] || nf_usage_error "--tsv takes one table"
		NF_TABLE=${1#--tsv=} ;;
	--stage)
		[ $# -ge 2 ] || nf_usage_error "option '$1' requires an argument"
		NF_STAGE=$2
		NF_SHIFT=2 ;;
	--stage=*) NF_STAGE=${1#--stage=} ;;
	--version) nf_version ;;
	*) NF_SHIFT=0 ;;
	esac
	return 0
}

# --------------------------------------------------- Hadoop Streaming stages
# Header-less command lines (docs/hadoop.md).  The mapper reads a document
# table without header (id TAB text, one document a line) and writes
# partial states (key: the group columns) or grade facts (key: authority,
# area); the combiner and reducer merge states (reduce grade facts into
# table rows); `finish` runs once, locally, over the reducers' output
# concatenated, and writes the script's table with its header.  The
# commands refer to $NF_LIB (this directory, shipped with the job) and to
# $mapreduce_task_partition (the task's number) as they are.

NF_SEG_COLS=doc,par,sent,section,comment,author,posted,text
NF_DQ_COLS=$NF_SEG_COLS,span,voice,quote,speaker,role,cue
NF_SPAN_COLS=$NF_DQ_COLS,neg,neu,pos,compound,label
NF_RE_COLS=$NF_SEG_COLS,authority,area,grade,rank,status,year

nf_prep_cols() {	# table → the columns prep writes
	case $1 in
	reactions) echo doc,part,new_sent,new_comment,compound ;;
	facts) echo authority,area,doc,sent,grade,rank,status,year,text ;;
	*) echo doc,speaker,role,new_quotation,words,compound,label ;;
	esac
}

nf_partial_cols() {	# table → the columns of aggregate's partial states
	# shellcheck disable=SC2046
	nf_prep_cols "$1" | tr , '\t' |
	    aggregate --partial -g "$(nf_groups "$1")" $(nf_ops "$1") | head -n 1 | tr '\t' ,
}

# nf_stage_cmd TABLE STAGE → NF_CMD, a command line for eval
nf_stage_cmd() {
	local t=$1 st=$2 seg prep pc
	seg="segment --tsv --columns=id,text --no-header-out"
	if [ "$t" = facts ]; then
		case $st in
		map) NF_CMD="$seg | rating-extract --columns=$NF_SEG_COLS --no-header-out | awk -v header=0 -v columns=$NF_RE_COLS -f \"\$NF_LIB/cols.awk\" -f \"\$NF_LIB/prep-facts.awk\"" ;;
		reduce) NF_CMD="LC_ALL=C sort | awk -f \"\$NF_LIB/grades-reduce.awk\"" ;;
		finish) NF_CMD="nf_grades_sort" ;;
		*) nf_usage_error "grades has no $st stage (map, reduce, finish)" ;;
		esac
		return 0
	fi
	case $t in
	reactions) prep="awk -v header=0 -v columns=$NF_SPAN_COLS -f \"\$NF_LIB/cols.awk\" -f \"\$NF_LIB/prep-parts.awk\"" ;;
	*) prep="awk -v comments=${NF_COMMENTS:-0} -v header=0 -v columns=$NF_SPAN_COLS -f \"\$NF_LIB/cols.awk\" -f \"\$NF_LIB/prep-quotes.awk\"" ;;
	esac
	pc=$(nf_partial_cols "$t")
	NF_DQ_SP=" "
	[ -n "$(nf_dequote_only "$t")" ] || NF_DQ_SP=""
	case $st in
	map) NF_CMD="$seg | dequote $(nf_dequote_only "$t")${NF_DQ_SP}--columns=$NF_SEG_COLS --no-header-out | sentiment --label --columns=$NF_DQ_COLS --no-header-out | $prep | aggregate --partial --chunk \"\${mapreduce_task_partition:-0}\" --columns=$(nf_prep_cols "$t") --no-header-out -g $(nf_groups "$t") $(nf_ops "$t")" ;;
	combine | reduce) NF_CMD="aggregate --merge --partial --columns=$pc --no-header-out" ;;
	finish)
		nf_decimals_var "$t"
		NF_CMD="aggregate --merge${NF_V:+ $NF_V} --columns=$pc | nf_finish $t" ;;
	*) nf_usage_error "unknown stage '$st' (map, combine, reduce, finish)" ;;
	esac
}

# nf_run_stage TABLE STAGE — run it on stdin → stdout (NF_SHOW=1: print it)
nf_run_stage() {
	nf_stage_cmd "$1" "$2"
	if [ "${NF_SHOW:-0}" = 1 ]; then
		printf '%s\n' "$NF_CMD"
		exit 0
	fi
	eval "$NF_CMD"
	nf_status $?
	exit 0
}
