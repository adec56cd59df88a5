#!/usr/bin/env bats
# tests/catalogue.bats — the bad-input catalogue: every line of
# tests/catalogue.tsv (input, filter, exit status, stdout rules, stderr
# text) run against the filters, one test per filter.  The inputs are made
# once per run by tests/catalogue/make-inputs (the 50 MB field and the
# 1,000,000 rows too: a few seconds); under ASan or valgrind they are ten
# times smaller.

setup_file() {
	load helpers/common.bash
	CAT_IN="$BATS_FILE_TMPDIR/in"
	CAT_BIG=50000000
	CAT_MANY=1000000
	CAT_LIMIT=120
	if instrumented; then
		CAT_BIG=5000000
		CAT_MANY=100000
		CAT_LIMIT=900
	fi
	export CAT_IN CAT_BIG CAT_MANY CAT_LIMIT
	"$BATS_TEST_DIRNAME/catalogue/make-inputs" "$CAT_IN" "$CAT_BIG" "$CAT_MANY"
}

setup() { load helpers/common.bash; }

# the command line of FILTER (the table's name for it)
cat_cmd() {
	case $1 in
	aggregate)	echo "aggregate -g doc count collapse:text" ;;
	segment-tsv)	echo "segment --tsv --id-field=doc" ;;
	*)		echo "$1" ;;
	esac
}

# cat_run CASE FILTERSPEC OUT ERR — run it in the input directory; prints
# the exit status
cat_run() {
	local spec=$2 key opts ext=tsv part files=()
	read -r key opts <<< "$spec"
	[ "$key" = segment ] && ext=txt
	IFS=+ read -ra parts <<< "$1"
	for part in "${parts[@]}"; do
		case $part in
		a_directory)	files+=("$part") ;;
		*)		files+=("$part.$ext") ;;
		esac
	done
	# shellcheck disable=SC2046,SC2086
	(cd "$CAT_IN" && exec timeout "$CAT_LIMIT" $(cat_cmd "$key") $opts \
	    "${files[@]}" > "$3" 2> "$4")
	echo $?
}

# check_rule RULE OUT CASE SPEC — one stdout rule; prints what is wrong
check_rule() {
	local rule=$1 out=$2 n want col val
	rule=${rule//\$MANY/$CAT_MANY}
	rule=${rule//\$DOCS/$((CAT_MANY / 100))}
	case $rule in
	any)	;;
	empty)	[ ! -s "$out" ] || echo "stdout not empty" ;;
	header)	n=$(wc -l < "$out")
		[ "$n" -eq 1 ] || echo "stdout has $n lines, not the header alone" ;;
	rows=*)	want=${rule#rows=}
		n=$(($(wc -l < "$out") - 1))
		[ "$n" -eq "$want" ] || echo "$n rows, not $want" ;;
	'rows('*)
		col=${rule#rows(}; col=${col%%=*}
		val=${rule#rows($col=}; val=${val%%)*}
		want=${rule##*=}
		n=$(awk -F'\t' -v c="$col" -v v="$val" '
			NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
			k && $k == v { n++ } END { print n + 0 }' "$out")
		[ "$n" -eq "$want" ] || echo "$n rows with $col=$val, not $want" ;;
	'sum('*)
		col=${rule#sum(}; col=${col%%)*}
		want=${rule##*=}
		n=$(awk -F'\t' -v c="$col" '
			NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
			k { n += $k } END { printf "%d\n", n }' "$out")
		[ "$n" -eq "$want" ] || echo "sum of $col is $n, not $want" ;;
	same=*)	local ref="$BATS_TEST_TMPDIR/ref" rc
		rc=$(cat_run "${rule#same=}" "$4" "$ref" /dev/null)
		[ "$rc" -le 1 ] && cmp -s "$ref" "$out" ||
		    echo "stdout differs from the output for ${rule#same=}" ;;
	nul)	[ "$(tr -d '\000' < "$out" | wc -c)" -lt "$(wc -c < "$out")" ] ||
		    echo "no NUL byte in stdout" ;;
	no-nul)	[ "$(tr -d '\000' < "$out" | wc -c)" -eq "$(wc -c < "$out")" ] ||
		    echo "a NUL byte in stdout" ;;
	fffd)	grep -q $'\xef\xbf\xbd' "$out" || echo "no U+FFFD in stdout" ;;
	no-fffd) ! grep -q $'\xef\xbf\xbd' "$out" || echo "U+FFFD in stdout" ;;
	*)	echo "unknown rule '$rule' in tests/catalogue.tsv" ;;
	esac
}

# check_filter FILTER — every table line for FILTER; all failures listed
check_filter() {
	local want=$1 case spec exit rules errtext note rc out err bad=0 why
	local key opts name n lines=0
	out="$BATS_TEST_TMPDIR/out"
	err="$BATS_TEST_TMPDIR/err"
	while IFS=$'\t' read -r case spec exit rules errtext note; do
		[[ -z $case || $case == \#* ]] && continue
		read -r key opts <<< "$spec"
		[ "$key" = "$want" ] || continue
		lines=$((lines + 1))
		name=${key%-tsv}
		rc=$(cat_run "$case" "$spec" "$out" "$err")
		why=()
		if [ "$rc" = 124 ]; then
			why+=("timed out after $CAT_LIMIT s")
		elif [ "$rc" != "$exit" ]; then
			why+=("exit $rc, not $exit")
		fi
		case $rc in 0|1|2|124) ;; *) why+=("exit status $rc is not 0, 1 or 2") ;; esac
		for r in $rules; do
			r=$(check_rule "$r" "$out" "$case" "$spec")
			[ -z "$r" ] || why+=("$r")
		done
		# messages: one shape, and what the table says
		if grep -qv "^$name: " "$err"; then
			why+=("stderr line not in the form '$name: ...': $(grep -v "^$name: " "$err" | head -n 1)")
		fi
		if [ "$errtext" = - ]; then
			[ ! -s "$err" ] || why+=("stderr not empty: $(head -n 1 "$err")")
		elif [[ $errtext =~ ^([0-9]+)x\ (.*)$ ]]; then
			n=$(grep -cF -- "${BASH_REMATCH[2]}" "$err")
			[ "$n" -eq "${BASH_REMATCH[1]}" ] ||
			    why+=("$n stderr lines with '${BASH_REMATCH[2]}', not ${BASH_REMATCH[1]}")
		elif ! grep -qF -- "$errtext" "$err"; then
			why+=("stderr lacks '$errtext': $(head -n 2 "$err" | tr '\n' '|')")
		fi
		if [ ${#why[@]} -gt 0 ]; then
			bad=$((bad + 1))
			printf 'FAIL %s | %s:' "$case" "$spec" >&2
			printf ' %s;' "${why[@]}" >&2
			printf '\n' >&2
		fi
	done < "$BATS_TEST_DIRNAME/catalogue.tsv"
	echo "# $want: $lines cases, $bad failed" >&3
	[ "$lines" -gt 0 ] && [ "$bad" -eq 0 ]
}

@test "catalogue: every case is in the table for every filter that takes it" {
	local f c missing=()
	for f in "$CAT_IN"/*.tsv "$CAT_IN"/*.txt; do
		c=${f##*/}
		case $c in
		*.txt)	grep -q "^${c%.txt}	segment	" "$BATS_TEST_DIRNAME/catalogue.tsv" ||
			    missing+=("${c%.txt} segment") ;;
		*.tsv)	[ "${c%.tsv}" = other_header ] && continue
			for k in sentiment dequote rating-extract aggregate segment-tsv; do
				grep -qE "^[a-z_+]*${c%.tsv}[a-z_+]*	$k[	 ]" "$BATS_TEST_DIRNAME/catalogue.tsv" ||
				    missing+=("${c%.tsv} $k")
			done ;;
		esac
	done
	if [ ${#missing[@]} -gt 0 ]; then
		printf 'not in tests/catalogue.tsv: %s\n' "${missing[@]}" >&2
		return 1
	fi
}

@test "catalogue: sentiment" { check_filter sentiment; }
@test "catalogue: dequote" { check_filter dequote; }
@test "catalogue: rating-extract" { check_filter rating-extract; }
@test "catalogue: aggregate" { check_filter aggregate; }
@test "catalogue: segment --tsv" { check_filter segment-tsv; }
@test "catalogue: segment (articles)" { check_filter segment; }

@test "catalogue: the checks can fail (a wrong exit, rule and message)" {
	local out="$BATS_TEST_TMPDIR/o" err="$BATS_TEST_TMPDIR/e"
	[ "$(cat_run too_few sentiment "$out" "$err")" = 1 ]
	[ -n "$(check_rule rows=2 "$out" too_few sentiment)" ]
	[ -z "$(check_rule rows=1 "$out" too_few sentiment)" ]
	[ -n "$(check_rule same=good "$out" too_few sentiment)" ]
	[ -n "$(check_rule nul "$out" too_few sentiment)" ]
	[ -n "$(check_rule 'sum(compound)=5' "$out" too_few sentiment)" ]
	[ -n "$(check_rule bogus "$out" too_few sentiment)" ]
	! grep -qF 'row has 6 fields' "$err"
}
