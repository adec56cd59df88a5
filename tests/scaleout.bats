#!/usr/bin/env bats
# tests/scaleout.bats — the pipeline scripts split across cores and
# machines give the bytes of one serial run: --jobs N under GNU parallel,
# and the Hadoop Streaming stages of docs/hadoop.md simulated locally
# (map → LC_ALL=C sort → combine → reduce → finish).

setup() { load helpers/common.bash; }

CORPUS() { echo "$SAMPLES" "$GOLD/seeds"; }
need_parallel() { command -v parallel >/dev/null || skip "GNU parallel is not installed"; }

@test "scripts: --jobs 2 = --jobs 1 = one stream, byte for byte" {
	need_parallel
	# (the tables with --comments: the report's test below)
	for v in who-said-what reactions grades; do
		$v $(CORPUS) > "$BATS_TEST_TMPDIR/stream"
		$v --jobs 1 $(CORPUS) > "$BATS_TEST_TMPDIR/j1"
		$v --jobs 2 $(CORPUS) > "$BATS_TEST_TMPDIR/j2"
		same_bytes "$BATS_TEST_TMPDIR/stream" "$BATS_TEST_TMPDIR/j1"
		same_bytes "$BATS_TEST_TMPDIR/stream" "$BATS_TEST_TMPDIR/j2"
		[ "$(grep -c '^doc	\|^speaker	\|^role	\|^authority	' "$BATS_TEST_TMPDIR/j2")" -eq 1 ]	# one header
	done
}

@test "reactions: --jobs over a --tsv table, and many chunks, = the stream over the files" {
	need_parallel
	sh "$ROOT/scripts/lib/docs-table.sh" "$SAMPLES"/*.txt "$GOLD"/seeds/*.txt > "$BATS_TEST_TMPDIR/docs.tsv"
	reactions $(CORPUS) > "$BATS_TEST_TMPDIR/files"
	reactions --jobs 3 --tsv "$BATS_TEST_TMPDIR/docs.tsv" > "$BATS_TEST_TMPDIR/table"
	same_bytes "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/table"
	# more chunks than jobs (NF_CHUNKS a job), some of them empty
	NF_CHUNKS=3 reactions --jobs 3 --tsv "$BATS_TEST_TMPDIR/docs.tsv" > "$BATS_TEST_TMPDIR/table"
	same_bytes "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/table"
	NF_CHUNKS=2 reactions --jobs 2 $(CORPUS) > "$BATS_TEST_TMPDIR/files2"
	same_bytes "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/files2"
}

@test "report: --jobs 2 writes the same folder as --jobs 1 (paths with spaces)" {
	need_parallel
	cd "$BATS_TEST_TMPDIR"
	mkdir "t m p"
	report -o "one dir" --jobs 1 $(CORPUS) > /dev/null
	TMPDIR="$BATS_TEST_TMPDIR/t m p" report -o "two dir" --jobs 2 $(CORPUS) > /dev/null
	for f in index.html speakers.tsv roles.tsv documents.tsv reactions.tsv grades.tsv; do
		same_bytes "one dir/$f" "two dir/$f"
	done
	# warnings: the same documents, in words that depend on the split
	{ [ -s "one dir/warnings.txt" ] && [ -s "two dir/warnings.txt" ]; } ||
	    { [ ! -s "one dir/warnings.txt" ] && [ ! -s "two dir/warnings.txt" ]; }
	[ -z "$(ls "t m p")" ]	# temporary files removed
}

@test "scripts: --jobs puts filter warnings on stderr by document and sentence" {
	need_parallel
	# an unclosed quotation: dequote warns
	mkdir "$BATS_TEST_TMPDIR/c"
	printf 'Headline here\n\nShe said: "this never closes.\n\nNext paragraph.\n' > "$BATS_TEST_TMPDIR/c/open.txt"
	run -0 --separate-stderr who-said-what --jobs 2 "$BATS_TEST_TMPDIR/c" "$SAMPLES"
	[[ -z $stderr || $stderr == *"doc open, sentence "* ]]
	[[ $stderr != *"/newsfilters."* ]]	# no temporary file names
}

# ------------------------------------------------------------ Hadoop

# hadoop_sim SCRIPT-AND-OPTIONS — the stages over a header-less table cut
# in three map inputs and two reducers; prints the finished table
hadoop_sim() {
	local d="$BATS_TEST_TMPDIR/h" i=0 p r
	rm -rf "$d"; mkdir "$d"
	tail -n +2 "$BATS_TEST_TMPDIR/docs.tsv" > "$d/docs"
	(cd "$d" && split -n l/3 -d docs in.)
	for p in "$d"/in.*; do
		i=$((i + 1))
		mapreduce_task_partition=$i "$@" --stage map < "$p" | LC_ALL=C sort > "$d/map.$i"
		# Hadoop may run the combiner on a map's output, or not
		if [ "$1" != grades ] && [ $i -ne 2 ]; then
			"$@" --stage combine < "$d/map.$i" > "$d/comb" && mv "$d/comb" "$d/map.$i"
		fi
	done
	LC_ALL=C sort "$d"/map.* > "$d/shuffled"
	# two reducers: a key goes wholly to one of them (its first field's length)
	awk -F'\t' -v d="$d" '{ print > (d "/red." (length($1) % 2)) }' "$d/shuffled"
	for r in "$d"/red.*; do
		"$@" --stage reduce < "$r" > "$r.out"
	done
	cat "$d"/red.*.out | "$@" --stage finish
}

@test "hadoop: map → sort → combine → reduce → finish = the serial run" {
	sh "$ROOT/scripts/lib/docs-table.sh" "$SAMPLES"/*.txt "$GOLD"/seeds/*.txt > "$BATS_TEST_TMPDIR/docs.tsv"
	for v in "who-said-what --by doc --comments" reactions grades; do
		$v --tsv "$BATS_TEST_TMPDIR/docs.tsv" > "$BATS_TEST_TMPDIR/serial"
		hadoop_sim $v > "$BATS_TEST_TMPDIR/hadoop"
		same_bytes "$BATS_TEST_TMPDIR/serial" "$BATS_TEST_TMPDIR/hadoop"
	done
}

@test "hadoop: the stages run header-less filters" {
	run -0 reactions --show-stage map
	[[ $output == "segment --tsv --columns=id,text --no-header-out | dequote --columns="*"--no-header-out | sentiment --label --columns="*"--no-header-out | awk "*"| aggregate --partial "*"--no-header-out "* ]]
	run -0 grades --show-stage map
	[[ $output == "segment --tsv --columns=id,text --no-header-out | rating-extract --columns="*" --no-header-out | awk "* ]]
	run -2 --separate-stderr grades --stage combine
	stderr_has "grades has no combine stage"
}

@test "hadoop: docs/hadoop.md shows the stages' command lines as they are" {
	doc="$ROOT/docs/hadoop.md"
	for v in "who-said-what" "who-said-what --by doc --comments" reactions grades; do
		# (the reducer of the aggregating scripts is their combiner)
		for st in map combine; do
			[ "$v" != grades ] || st=${st/combine/reduce}
			line=$($v --show-stage $st)
			grep -qxF "    $line" "$doc" || { echo "not in docs/hadoop.md: $v $st: $line"; false; }
		done
	done
}
