#!/usr/bin/env bats
# tests/scaleout.bats — the pipeline scripts split across cores and
# machines give the bytes of one serial run: --jobs N (chunks as background
# jobs), and the Hadoop Streaming stages of docs/hadoop.md simulated locally
# (map → LC_ALL=C sort → combine → reduce → finish).

setup() { load helpers/common.bash; }

CORPUS() { echo "$SAMPLES" "$GOLD/seeds"; }

@test "scripts: --jobs 2 = --jobs 1 = one stream, byte for byte" {
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

@test "scripts: --jobs over a --tsv table, and many chunks, = the stream over the files" {
	sh "$ROOT/scripts/lib/docs-table.sh" "$SAMPLES"/*.txt "$GOLD"/seeds/*.txt > "$BATS_TEST_TMPDIR/docs.tsv"
	# (the first slice of the table holds its header line; the others
	# are read with --columns)
	for v in who-said-what grades; do
		$v $(CORPUS) > "$BATS_TEST_TMPDIR/files"
		$v --jobs 3 --tsv "$BATS_TEST_TMPDIR/docs.tsv" > "$BATS_TEST_TMPDIR/table"
		same_bytes "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/table"
	done
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
	cd "$BATS_TEST_TMPDIR"
	mkdir "t m p"
	report -o "one dir" --jobs 1 $(CORPUS) > /dev/null
	TMPDIR="$BATS_TEST_TMPDIR/t m p" report -o "two dir" --jobs 2 $(CORPUS) > /dev/null
	for f in index.html speakers.tsv roles.tsv documents.tsv reactions.tsv grades.tsv; do
		same_bytes "one dir/$f" "two dir/$f"
	done
	# the warnings too (dequote's count of unclosed quotations, one line
	# a chunk, joined into one)
	same_bytes "one dir/warnings.txt" "two dir/warnings.txt"
	[ -z "$(ls "t m p")" ]	# temporary files removed
}

@test "scripts: --jobs puts filter warnings on stderr by document and sentence" {
	# an unclosed quotation: dequote warns
	mkdir "$BATS_TEST_TMPDIR/c"
	printf 'Headline here\n\nShe said: "this never closes.\n\nNext paragraph.\n' > "$BATS_TEST_TMPDIR/c/open.txt"
	run -0 --separate-stderr who-said-what --jobs 2 "$BATS_TEST_TMPDIR/c" "$SAMPLES"
	[[ -z $stderr || $stderr == *"doc open, sentence "* ]]
	[[ $stderr != *"/newsfilters."* ]]	# no temporary file names
}

@test "scripts: --jobs gives the warnings of one run, whatever the chunks" {
	# three documents that leave a quotation open, in different chunks:
	# dequote counts them once per chunk; the script joins the counts
	# (and a segment warning from a later chunk goes before dequote's,
	# as in one run)
	mkdir "$BATS_TEST_TMPDIR/c"
	for d in a b c; do
		printf 'Headline %s\n\nShe said: "this never closes.\n\nNext paragraph.\n' $d > "$BATS_TEST_TMPDIR/c/$d.txt"
	done
	printf 'Headline\n\nA bad \377 byte.\n' > "$BATS_TEST_TMPDIR/c/d.txt"
	who-said-what --jobs 1 "$BATS_TEST_TMPDIR/c" 2> "$BATS_TEST_TMPDIR/e1" > /dev/null
	who-said-what --jobs 4 "$BATS_TEST_TMPDIR/c" 2> "$BATS_TEST_TMPDIR/e4" > /dev/null
	grep -q "unclosed quotation .*(doc 'a'), and in 2 more documents of this input" "$BATS_TEST_TMPDIR/e1"
	grep -q "^segment: .*d.txt: document 'd': 1 invalid UTF-8" "$BATS_TEST_TMPDIR/e1"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/e1")" -eq 2 ]
	same_bytes "$BATS_TEST_TMPDIR/e1" "$BATS_TEST_TMPDIR/e4"
	NF_CHUNKS=2 who-said-what --jobs 2 "$BATS_TEST_TMPDIR/c" 2> "$BATS_TEST_TMPDIR/e2" > /dev/null
	same_bytes "$BATS_TEST_TMPDIR/e1" "$BATS_TEST_TMPDIR/e2"
	# a relative TMPDIR with "=" in it (awk would take a log's path for
	# an assignment) and a backslash (awk -v would read it as an escape)
	mkdir "$BATS_TEST_TMPDIR/t=\1"
	(cd "$BATS_TEST_TMPDIR" && TMPDIR='t=\1' who-said-what --jobs 4 "$BATS_TEST_TMPDIR/c" 2> e5 > /dev/null < /dev/null)
	same_bytes "$BATS_TEST_TMPDIR/e1" "$BATS_TEST_TMPDIR/e5"
}

@test "scripts: a bad --tsv table gets one run's message whatever --jobs" {
	sh "$ROOT/scripts/lib/docs-table.sh" "$SAMPLES"/*.txt > "$BATS_TEST_TMPDIR/docs.tsv"
	cd "$BATS_TEST_TMPDIR"
	{ cat docs.tsv; printf '\n'; } > blank.tsv		# a row of one field, last
	sed '1s/^id/ident/' docs.tsv > noid.tsv		# no id column
	for t in blank noid; do
		run -1 --separate-stderr who-said-what --jobs 1 --tsv $t.tsv
		local one=${stderr%%$'\n'*}
		[[ $one == "segment: $t.tsv:"* ]]
		for j in 2 3; do
			run -1 --separate-stderr who-said-what --jobs $j --tsv $t.tsv
			[ "${stderr%%$'\n'*}" = "$one" ]
		done
	done
	[[ $(who-said-what --jobs 1 --tsv blank.tsv 2>&1) == *"blank.tsv:6: row has 1 field, header has 2"* ]]
	# a warning (not an error) about a row of the last slice: the line
	# of the table, counted only then
	{ cat docs.tsv; printf 'z9\tA bad \377 byte.\n'; } > warn.tsv
	who-said-what --jobs 1 --tsv warn.tsv 2> w1 > /dev/null
	grep -q "^segment: warn.tsv:6: document 'z9': 1 invalid UTF-8" w1
	who-said-what --jobs 3 --tsv warn.tsv 2> w3 > /dev/null
	same_bytes w1 w3
	# a table that starts with a byte-order mark, as segment reads it
	{ printf '\357\273\277'; cat docs.tsv; } > bom.tsv
	who-said-what --tsv docs.tsv > plain.out
	who-said-what --jobs 3 --tsv bom.tsv > bom.out
	same_bytes plain.out bom.out
	run -2 --separate-stderr who-said-what --tsv docs.tsv --tsv=bom.tsv
	[[ $stderr == *"--tsv takes one table"* ]]
}

@test "scripts: a --tsv table whose last row has no LF: that row is a document" {
	sh "$ROOT/scripts/lib/docs-table.sh" "$SAMPLES"/*.txt > "$BATS_TEST_TMPDIR/docs.tsv"
	cd "$BATS_TEST_TMPDIR"
	n=$(($(wc -l < docs.tsv) - 1))
	head -c -1 docs.tsv > nolf.tsv				# the last LF cut
	for j in "" "--jobs 1" "--jobs $n"; do
		reactions $j --tsv docs.tsv > lf.out
		reactions $j --tsv nolf.tsv > nolf.out
		same_bytes lf.out nolf.out
	done
	# one row and no LF: one document, not "no documents"
	head -n 2 docs.tsv | head -c -1 > one.tsv
	run -0 reactions --jobs 2 --tsv one.tsv
	[ "${#lines[@]}" -eq 2 ]
	# the page counts it
	report -o page --tsv nolf.tsv > /dev/null
	grep -q "<b>$n</b>documents" page/index.html
	# a NUL byte in a row (segment reads it, with a warning) is no line end
	{ head -n 2 docs.tsv; printf 'nul\tThe council said "it is good\0 news" today.\n'; tail -n +3 docs.tsv; } > nul.tsv
	report -o nulpage --tsv nul.tsv > /dev/null 2>&1
	grep -q "<b>$((n + 1))</b>documents" nulpage/index.html
	head -n 1 docs.tsv | head -c -1 > header.tsv
	run -1 --separate-stderr reactions --tsv header.tsv
	[[ $stderr == *"no documents in the table"* ]]
}

# slow_segment DIR — DIR/bin with a `segment` that records its pid in
# DIR/pids and then sleeps (the other filters are the real ones)
slow_segment() {
	mkdir -p "$1/bin" "$1/tmp"
	printf '#!/bin/sh\necho $$ >> "%s/pids"\nexec sleep 60\n' "$1" > "$1/bin/segment"
	chmod +x "$1/bin/segment"
	for f in dequote sentiment rating-extract aggregate; do ln -s "$NF_BIN/$f" "$1/bin/$f"; done
}

# wait_lines FILE N — until FILE has N lines (10 s at most)
wait_lines() {
	local i
	for i in $(seq 100); do
		[ "$(cat "$1" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

@test "scripts: --jobs stopped by a signal stops its chunks, a stopped one too, and removes its files" {
	d="$BATS_TEST_TMPDIR/s"
	slow_segment "$d"
	NF_BIN="$d/bin" TMPDIR="$d/tmp" who-said-what --jobs 2 "$SAMPLES" "$GOLD/seeds" > /dev/null 2>&1 &
	pid=$!
	wait_lines "$d/pids" 2
	# one chunk stopped (SIGSTOP): SIGTERM reaches it only once the
	# script wakes it with SIGCONT
	pg=$(ps -o pgid= -p "$(head -n 1 "$d/pids")" | tr -d ' ')
	kill -STOP -- "-$pg"
	kill -TERM "$pid"
	# (a script that never wakes it waits for ever: give it 10 s, then
	# wake the group, so that the test ends either way)
	for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	ended=yes
	kill -0 "$pid" 2>/dev/null && ended=no
	kill -CONT -- "-$pg" 2>/dev/null || true
	st=0
	wait "$pid" || st=$?
	[ "$ended" = yes ]
	[ "$st" -eq 143 ]
	# every chunk process ends (given up to 5 s: under ASan on a busy
	# machine a killed process took more than the 0.5 s once allowed)
	for _ in $(seq 50); do
		alive=0
		for p in $(cat "$d/pids"); do
			kill -0 "$p" 2>/dev/null &&
			    [ "$(ps -o stat= -p "$p")" != Z ] && alive=1
		done
		[ "$alive" = 0 ] && break
		sleep 0.1
	done
	for p in $(cat "$d/pids"); do ! kill -0 "$p" 2>/dev/null || [ "$(ps -o stat= -p "$p")" = Z ]; done
	[ -z "$(ls "$d/tmp")" ]
}

@test "scripts: a chunk that fails stops the others at once" {
	d="$BATS_TEST_TMPDIR/f"
	slow_segment "$d"
	# the second chunk's dequote fails at once; the first chunk sleeps
	printf '#!/bin/sh\ncat >/dev/null; echo "dequote: broken on purpose" >&2; exit 1\n' > "$d/bin/dequote.broken"
	printf '#!/bin/sh\necho $$ >> "%s/pids"\ncase $* in *list.2*) exit 0 ;; esac\nexec sleep 60\n' "$d" > "$d/bin/segment"
	rm "$d/bin/dequote"
	mv "$d/bin/dequote.broken" "$d/bin/dequote"
	chmod +x "$d/bin/dequote" "$d/bin/segment"
	SECONDS=0
	NF_BIN="$d/bin" TMPDIR="$d/tmp" run -1 --separate-stderr who-said-what --jobs 2 "$SAMPLES" "$GOLD/seeds"
	[ "$SECONDS" -lt 30 ]
	stderr_has "dequote: broken on purpose"
	for p in $(cat "$d/pids"); do ! kill -0 "$p" 2>/dev/null; done
	[ -z "$(ls "$d/tmp")" ]
}

@test "scripts: a file named - is that file, not standard input, which no chunk reads" {
	cd "$BATS_TEST_TMPDIR"
	cp "$GOLD/seeds/$(ls "$GOLD/seeds" | grep '\.txt$' | head -n 1)" ./-
	cp "$SAMPLES/$(ls "$SAMPLES" | head -n 1)" b.txt
	who-said-what ./- b.txt > want
	grep -q . want
	# standard input holds another document, and stays open
	for j in "" "--jobs 2"; do
		# shellcheck disable=SC2086
		{ printf 'Other\n\n"Nothing to see," he said.\n'; sleep 20; } |
		    timeout 15 who-said-what $j - b.txt > got
		same_bytes want got
	done
	sh "$ROOT/scripts/lib/docs-table.sh" ./- b.txt > table
	mv table ./-
	{ printf 'id\ttext\nz\tOther.\n'; sleep 20; } | timeout 15 who-said-what --jobs 2 --tsv - > got
	same_bytes want got
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
