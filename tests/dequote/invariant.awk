# tests/dequote/invariant.awk — DESIGN.md's no-text-lost rule, checked on
# dequote's output:  awk -f invariant.awk INPUT.tsv OUTPUT.tsv
# For every input row, the texts of its spans (the output rows from one with
# span == 1 up to the next), concatenated in order, must equal the row's text
# with some quote marks removed (" ' and the curly/angle marks), where
#   - an apostrophe between two letters is never removed, and
#   - white space may be missing only between two spans.
# Rows must come out in input order.  Works on bytes (run with LC_ALL=C);
# texts stay escaped, which does not matter (escapes hold no marks).
# Prints the first violations and a count; exit 1 when there is one.
BEGIN { FS = "\t" }
FNR == 1 {
	file++
	for (i = 1; i <= NF; i++) c[file, $i] = i
	next
}
file == 1 { n++; in_text[n] = $(c[1, "text"]); in_doc[n] = $(c[1, "doc"]); next }
file == 2 {
	if ($(c[2, "span"]) == 1) {
		m++
		out_doc[m] = $(c[2, "doc"])
		spans[m] = $(c[2, "text"])
	} else
		spans[m] = spans[m] "\001" $(c[2, "text"])
}
function marklen(s, i,    b, b2, b3) {
	b = substr(s, i, 1)
	if (b == "\"" || b == "'") return 1
	b2 = substr(s, i + 1, 1); b3 = substr(s, i + 2, 1)
	if (b == "\342" && b2 == "\200" && (b3 ~ /[\230-\237]/ || b3 == "\271" || b3 == "\272")) return 3
	if (b == "\302" && (b2 == "\253" || b2 == "\273")) return 2
	return 0
}
function isletter(ch) { return ch ~ /[A-Za-z]/ }
# Can S turn into T (spans joined with \001) by deleting quote marks, and
# white space where T has a span boundary?  A search over (i, j, gap) with
# the dead states remembered, so ambiguous marks (a removed « next to a kept
# «) are tried both ways; linear in practice.
function check(s, t,    ls, lt, sp, st_i, st_j, st_g, i, j, g, ml, ch, dead, key, far, prot) {
	ls = length(s); lt = length(t); sp = 0; far = 0
	sp++; st_i[sp] = 1; st_j[sp] = 1; st_g[sp] = 0
	while (sp > 0) {
		i = st_i[sp]; j = st_j[sp]; g = st_g[sp]; sp--
		key = i SUBSEP j SUBSEP g
		if (key in dead) continue
		dead[key] = 1
		if (i > far) far = i
		if (i > ls) {
			while (j <= lt && substr(t, j, 1) == "\001") j++
			if (j > lt) return ""
			continue
		}
		ch = substr(t, j, 1)
		if (j <= lt && ch == "\001") {
			sp++; st_i[sp] = i; st_j[sp] = j + 1; st_g[sp] = 1
			continue
		}
		ml = marklen(s, i)
		if (ml > 0) {
			prot = (ml == 1 && substr(s, i, 1) == "'" || ml == 3 && substr(s, i + 2, 1) == "\231") &&
			    isletter(substr(s, i - 1, 1)) && isletter(substr(s, i + ml, 1))
			if (!prot) { sp++; st_i[sp] = i + ml; st_j[sp] = j; st_g[sp] = g }
			if (j <= lt && substr(s, i, ml) == substr(t, j, ml)) {
				sp++; st_i[sp] = i + ml; st_j[sp] = j + ml; st_g[sp] = 0
			}
			continue
		}
		if (g && substr(s, i, 1) == " ") {
			sp++; st_i[sp] = i + 1; st_j[sp] = j; st_g[sp] = g
		}
		if (j <= lt && substr(s, i, 1) == ch) {
			sp++; st_i[sp] = i + 1; st_j[sp] = j + 1; st_g[sp] = 0
		}
	}
	return "no way to get the spans from the text (stuck at byte " far ": " substr(s, far, 20) ")"
}
END {
	if (m != n) { printf "rows: %d in, %d out (by span 1)\n", n, m; bad++ }
	for (k = 1; k <= n && k <= m; k++) {
		if (in_doc[k] != out_doc[k]) { printf "row %d: doc %s, output doc %s\n", k, in_doc[k], out_doc[k]; bad++; continue }
		why = check(in_text[k], spans[k])
		if (why != "") {
			bad++
			if (bad <= 10) printf "row %d (%s): %s\n  text:  %s\n  spans: %s\n", k, in_doc[k], why, in_text[k], spans[k]
		}
	}
	printf "invariant: %d rows checked, %d violations\n", n, bad + 0
	exit bad > 0
}
