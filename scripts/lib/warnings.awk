# scripts/lib/warnings.awk — a chunk's filter warnings with the place made
# readable: "dequote: /tmp/…/3.seg:213: msg" → "dequote: doc D, sentence S: msg"
# (the temporary files' rows carry doc in column 1 and sent in column 3);
# a temporary file named without a line becomes "(sentences)" or "(spans)".
# With NF_W_TABLE=TABLE and -v skip=N, for a slice of a --tsv table that
# segment read from a pipe: "segment: (stdin):L: msg" → "segment:
# TABLE:L+N: msg", the line of the table, as a run over all of it says.
# With skip=-1 (the lines before the slice not counted yet) such a message
# makes it exit 3 at once, writing nothing: the caller counts and reruns.
# The paths come through the environment: -v would read their backslashes
# as escapes.
#   NF_W_SEG=PREFIX.seg NF_W_DQ=PREFIX.dq [NF_W_TABLE=T] awk [-v skip=N] -f warnings.awk LOG
BEGIN {
	FS = "\t"
	seg = ENVIRON["NF_W_SEG"]; dq = ENVIRON["NF_W_DQ"]
	table = ENVIRON["NF_W_TABLE"]
}
table != "" && index($0, "segment: (stdin):") == 1 {
	if (skip < 0) { uncounted = 1; exit 3 }
	rest = substr($0, 18)	# "L: msg", or " msg" when there is no line
	if (match(rest, /^[0-9]+:/))
		rest = (substr(rest, 1, RLENGTH - 1) + skip) substr(rest, RLENGTH)
	$0 = "segment: " table ":" rest
}
{
	line[++n] = $0
	for (k = 1; k <= 2; k++) {
		f = (k == 1) ? seg : dq
		p = index($0, ": " f ":")
		if (p == 0) continue
		rest = substr($0, p + length(f) + 3)
		if (match(rest, /^[0-9]+: /)) {
			ln = substr(rest, 1, RLENGTH - 2) + 0
			want[f, ln] = 1
			if (ln > maxln[f]) maxln[f] = ln
			where[n] = f SUBSEP ln
			pre[n] = substr($0, 1, p + 1)
			msg[n] = substr(rest, RLENGTH + 1)
		}
	}
}
END {
	if (uncounted) exit 3
	for (k = 1; k <= 2; k++) {
		f = (k == 1) ? seg : dq
		i = 0
		while (i < maxln[f] && (getline row < f) > 0) {	# up to the last line named
			i++
			if ((f, i) in want) {
				split(row, c, "\t")
				place[f, i] = "doc " c[1] ", sentence " c[3]
			}
		}
		close(f)
	}
	for (i = 1; i <= n; i++) {
		if ((i in where) && (where[i] in place))
			print pre[i] place[where[i]] ": " msg[i]
		else
			print unpath(unpath(line[i], seg), dq)
	}
}
# a temporary file named without a line: say "sentences" or "spans" instead
function unpath(s, f,   p) {
	if (f == "")	# (no such file: the table's header check)
		return s
	while ((p = index(s, f)) > 0)
		s = substr(s, 1, p - 1) (f == seg ? "(sentences)" : "(spans)") substr(s, p + length(f))
	return s
}
