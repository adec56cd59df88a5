#!/usr/bin/env bats
# tests/scaleout-aggregate.bats — aggregate --partial / --merge (issue 6,
# acceptance 2): for any split of the input into chunks, partial states
# merged in any order give the single-pass bytes, for every operation;
# also through GNU parallel, as a Hadoop-style combiner applied repeatedly,
# and header-less as under Hadoop Streaming.

setup() {
	load helpers/common.bash
	T="$BATS_TEST_TMPDIR"
	# every operation, numeric ones on a column with ties, negatives,
	# 4-decimal and large values, exponents and empty fields
	OPS=(count count:x sum:x mean:x min:x max:x median:x q1:x q3:x p90:x
	    p0:x p100:x stdev:x var:x pstdev:x pvar:x mode:x distinct:x
	    first:x last:x collapse:x mode:speaker distinct:text first:label
	    last:label collapse:text share:label=negative share:x=1)
	G=doc,speaker
}

# gen N SEED FILE — deterministic input (awk's srand/rand)
gen() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		print "doc\tspeaker\tx\tlabel\ttext"
		for (i = 0; i < n; i++) {
			r = rand()
			if (r < 0.08) x = ""
			else if (r < 0.25) x = sprintf("%d", int(rand() * 9) - 4)
			else if (r < 0.35) x = sprintf("%.4f", rand() * 2e9 - 1e9)
			else if (r < 0.40) x = sprintf("%de%d", int(rand() * 9) + 1, int(rand() * 7) - 3)
			else if (r < 0.45) x = sprintf("%.1f", int(rand() * 6) / 2)
			else x = sprintf("%.4f", int(rand() * 400) / 200 - 1)
			l = rand()
			label = l < 0.3 ? "negative" : (l < 0.7 ? "positive" : (l < 0.8 ? "" : "neutral"))
			printf "d%d\ts%d\t%s\t%s\tw%d \\\\t%d\n", int(rand() * 6), int(rand() * 11), x, label, int(rand() * 30), i % 3
		}
	}' > "$3"
}

# partials DIR CHUNKFILES... — run --partial --chunk i on chunk i (each
# chunk is header-less body lines; the header is put back)
partials() {
	local dir=$1 i=0 f
	shift
	for f in "$@"; do
		i=$((i + 1))
		{ head -n 1 "$T/in"; cat "$f"; } |
		    aggregate --partial --chunk "$i" -g "$G" "${OPS[@]}" > "$dir/p$i"
	done
}

# merge_all DIR: in order, reversed, with and without the operations,
# and through the combiner twice — all must equal $T/single
merge_all() {
	local dir=$1
	ls "$dir"/p* | sort -V | xargs cat > "$dir/fwd"
	ls "$dir"/p* | sort -rV | xargs cat > "$dir/rev"
	aggregate --merge -g "$G" "${OPS[@]}" "$dir/fwd" > "$dir/m1"
	same_bytes "$T/single" "$dir/m1"
	aggregate --merge "$dir/rev" > "$dir/m2"
	same_bytes "$T/single" "$dir/m2"
	aggregate --merge --partial "$dir/rev" > "$dir/c1"
	aggregate --merge --partial "$dir/c1" > "$dir/c2"
	same_bytes "$dir/c1" "$dir/c2"
	aggregate --merge "$dir/c2" > "$dir/m3"
	same_bytes "$T/single" "$dir/m3"
}

@test "scaleout: k = 1..5 chunks (split -n l/k), in order and reversed, every operation" {
	gen 3000 11 "$T/in"
	aggregate -g "$G" "${OPS[@]}" "$T/in" > "$T/single"
	[ "$(wc -l < "$T/single")" -gt 50 ]
	tail -n +2 "$T/in" > "$T/body"
	for k in 1 2 3 4 5; do
		mkdir "$T/k$k"
		(cd "$T/k$k" && split -n "l/$k" "$T/body" c)
		partials "$T/k$k" "$T/k$k"/c*
		merge_all "$T/k$k"
	done
}

@test "scaleout: random cut points, chunks merged shuffled" {
	gen 2500 5 "$T/in"
	aggregate -g "$G" "${OPS[@]}" "$T/in" > "$T/single"
	tail -n +2 "$T/in" > "$T/body"
	for seed in 1 2 3 4 5 6; do
		d="$T/r$seed"
		mkdir "$d"
		# 1..7 cut points anywhere (empty chunks allowed)
		awk -v seed="$seed" -v d="$d" 'BEGIN {
			srand(seed); nc = 1 + int(rand() * 7)
			for (i = 1; i <= nc; i++) cut[i] = int(rand() * 2500)
		}
		{ c = 0; for (i = 1; i <= nc; i++) if (NR > cut[i]) c++
		  print > sprintf("%s/c%02d", d, c) }' "$T/body"
		partials "$d" $(ls "$d"/c* | sort)
		merge_all "$d"
		ls "$d"/p* | awk -v seed="$seed" 'BEGIN { srand(seed) } { print rand() "\t" $0 }' |
		    sort -n | cut -f 2 | xargs cat | aggregate --merge > "$d/shuf"
		same_bytes "$T/single" "$d/shuf"
	done
}

@test "scaleout: --sort results agree after merging too" {
	gen 1500 2 "$T/in"
	aggregate --sort -g "$G" "${OPS[@]}" "$T/in" > "$T/single"
	tail -n +2 "$T/in" > "$T/body"
	(cd "$T" && split -n l/3 "$T/body" c)
	partials "$T" "$T"/c*
	cat "$T"/p3 "$T"/p1 "$T"/p2 | aggregate --merge --sort > "$T/m"
	same_bytes "$T/single" "$T/m"
}

@test "scaleout: no -g: one group merges exactly" {
	gen 2000 9 "$T/in"
	G=
	aggregate "${OPS[@]}" "$T/in" > "$T/single"
	tail -n +2 "$T/in" > "$T/body"
	(cd "$T" && split -n l/4 "$T/body" c)
	i=0
	for f in "$T"/c*; do
		i=$((i + 1))
		{ head -n 1 "$T/in"; cat "$f"; } | aggregate --partial --chunk "$i" "${OPS[@]}" > "$T/p$i"
	done
	cat "$T"/p4 "$T"/p2 "$T"/p3 "$T"/p1 | aggregate --merge > "$T/m"
	same_bytes "$T/single" "$T/m"
}

@test "scaleout: through GNU parallel --pipe --block 1k -k --header :" {
	command -v parallel >/dev/null || skip "GNU parallel not installed"
	gen 3000 3 "$T/in"
	aggregate -g "$G" "${OPS[@]}" "$T/in" > "$T/single"
	parallel --will-cite --pipe --block 1k -k --header : \
	    aggregate --partial --chunk '{#}' -g "$G" "${OPS[@]}" < "$T/in" > "$T/parts"
	# many chunks, each with its own header line
	[ "$(grep -c first_seen_state "$T/parts")" -gt 10 ]
	aggregate --merge < "$T/parts" > "$T/m"
	same_bytes "$T/single" "$T/m"
	# and with --pipe-part, one chunk per job slot
	parallel --will-cite -a "$T/in" --pipe-part --block -1 --header : -k \
	    aggregate --partial --chunk '{#}' -g "$G" "${OPS[@]}" | aggregate --merge > "$T/m2"
	same_bytes "$T/single" "$T/m2"
}

@test "scaleout: header-less, as under Hadoop Streaming (mapper, shuffle, combiner, reducer)" {
	gen 2000 4 "$T/in"
	aggregate --sort -g "$G" "${OPS[@]}" "$T/in" > "$T/single"
	cols=$(head -n 1 "$T/in" | tr '\t' ,)
	tail -n +2 "$T/in" > "$T/body"
	(cd "$T" && split -n l/3 "$T/body" c)
	i=0
	for f in "$T"/c*; do
		i=$((i + 1))
		aggregate --columns="$cols" --no-header-out --partial --chunk "$i" \
		    -g "$G" "${OPS[@]}" "$f" > "$T/map$i"
	done
	scols=$(aggregate --partial -g "$G" "${OPS[@]}" "$T/in" | head -n 1 | tr '\t' ,)
	# combiner on one mapper's output, then the shuffle sorts by key
	aggregate --columns="$scols" --no-header-out --merge --partial "$T/map2" > "$T/comb2"
	cat "$T/map1" "$T/comb2" "$T/map3" | LC_ALL=C sort -t "$(printf '\t')" -k1,2 > "$T/shuffled"
	aggregate --columns="$scols" --merge --sort "$T/shuffled" > "$T/m"
	same_bytes "$T/single" "$T/m"
}

@test "scaleout: --merge --partial is idempotent and order-free" {
	gen 1200 8 "$T/in"
	tail -n +2 "$T/in" > "$T/body"
	(cd "$T" && split -n l/3 "$T/body" c)
	partials "$T" "$T"/c*
	cat "$T"/p1 "$T"/p2 "$T"/p3 | aggregate --merge --partial > "$T/a"
	cat "$T"/p3 "$T"/p1 "$T"/p2 | aggregate --merge --partial > "$T/b"
	same_bytes "$T/a" "$T/b"
	aggregate --merge --partial "$T/a" > "$T/c"
	same_bytes "$T/a" "$T/c"
	# merging a partial with itself is not the same as once (it counts twice)
	cat "$T/a" "$T/a" | aggregate --merge count > /dev/null 2>&1 || true
}

@test "scaleout: --merge checks the operations and the header" {
	printf 'g\tv\na\t1\n' > "$T/in"
	aggregate --partial -g g count mean:v "$T/in" > "$T/p"
	run -1 --separate-stderr aggregate --merge -g g count sum:v "$T/p"
	stderr_has "partial states do not match the operations"
	stderr_has "v_sum_state"
	run -1 --separate-stderr aggregate --merge -g g count "$T/in"
	stderr_has "not a partial-state stream"
	run -1 --separate-stderr aggregate --merge "$T/in"
	stderr_has "not a partial-state stream"
	aggregate --partial -g g count sum:v "$T/in" > "$T/q"
	run -1 --separate-stderr bash -c 'cat "$1" "$2" | aggregate --merge' _ "$T/p" "$T/q"
	stderr_has "repeated header line differs"
	printf 'g\tcount_state\tv_mean_state\tfirst_seen_state\na\t1\t1;0:zz\t0:1\n' > "$T/bad"
	run -1 --separate-stderr aggregate --merge "$T/bad"
	stderr_has "bad:2: column 'v_mean_state': malformed partial state"
	printf 'g\tcount_state\tv_mean_state\tfirst_seen_state\na\t1\t1;0:1\tnope\n' > "$T/bad"
	run -1 --separate-stderr aggregate --merge "$T/bad"
	stderr_has "malformed position"
}

@test "scaleout: partial states are readable TSV with group columns first" {
	printf 'g\tv\tt\na\t1.50\tx\na\t-2\ty,z\nb\t3e2\tx\n' > "$T/in"
	run -0 aggregate --partial --chunk 7 -g g count mean:v var:v median:v mode:v first:t collapse:t "$T/in"
	assert_line -n 0 $'g\tcount_state\tv_mean_state\tv_var_state\tv_median_state\tv_mode_state\tt_first_state\tt_collapse_state\tfirst_seen_state'
	assert_line -n 1 $'a\t2\t2;0:-2:4;2:150:22500\t2;0:-2:4;2:150:22500\t-2,1.5\t1*2:-2,1*3:1.5,\t7:1:1:x\t7:1:1:x,7:2:3:y,z,\t7:1'
	assert_line -n 2 $'b\t1\t1;-2:3:9\t1;-2:3:9\t300\t1*3:300,\t7:3:1:x\t7:3:1:x,\t7:3'
}
