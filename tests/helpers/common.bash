# tests/helpers/common.bash — loaded by every tests/*.bats.
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
NF_BIN="${NF_BIN:-$ROOT/build/release}"
PATH="$NF_BIN:$ROOT/scripts:$PATH"
FIX="$BATS_TEST_DIRNAME/fixtures"
GOLD="$BATS_TEST_DIRNAME/gold"
SAMPLES="$ROOT/samples"
# ../shared beside the clone, when it is there (CI has it; a user's clone
# does not: tests that need it skip)
SHARED="$(cd "$ROOT/../shared" 2>/dev/null && pwd || true)"
export LC_ALL=C

# same_bytes EXPECTED ACTUAL — byte-exact, with tabs made visible on failure
same_bytes() {
	cmp -s -- "$1" "$2" && return 0
	diff -u -- "$1" "$2" | sed 's/\t/<TAB>/g' | head -n 40 >&2
	return 1
}

# stderr_has TEXT — bats-assert in Debian 12 has no assert_stderr
stderr_has() {
	[[ $stderr == *"$1"* ]] && return 0
	printf 'expected stderr to contain: %s\nstderr was: %s\n' "$1" "$stderr" >&2
	return 1
}

# need_shared — skip unless ../shared is beside the clone
need_shared() {
	[ -n "$SHARED" ] && [ -d "$SHARED/seeds" ] || skip "../shared is not beside this clone"
}

# a UTF-8 and a comma-decimal locale, when the machine has them
utf8_locale() { locale -a 2>/dev/null | grep -iE '^(C|en_US|en_GB)\.utf-?8$' | head -n 1; }
comma_locale() { locale -a 2>/dev/null | grep -iE '^(de_DE|fr_FR|nl_NL)\.utf-?8$' | head -n 1; }

# instrumented — the filters run under ASan or valgrind (memory and time
# figures are not the product's)
instrumented() { [[ $NF_BIN == *asan* ]] || [ "${NF_VALGRIND:-0}" = 1 ]; }
