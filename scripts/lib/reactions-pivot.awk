# scripts/lib/reactions-pivot.awk — aggregate -g doc,part over prep-parts
# rows → one row per document (first-seen order):
#   doc narrative_sentences narrative_compound quote_sentences
#   quote_compound comments comment_sentences comment_compound
#   quote_minus_narrative comment_minus_narrative comment_minus_quote
# Means are of the spans' compound scores; a part with no span has empty
# columns, and so has a difference that needs it.
function diff(a, b,   s) {	# of the unrounded means, rounded once
	if (a == "" || b == "") return ""
	s = sprintf("%.4f", a - b)
	return (s ~ /^-0\.0*$/) ? substr(s, 2) : s
}
# the values of the Ith document's part J (S sentences, M mean, NC
# comments), or none
function get(i, j,   a) {
	if ((3 * i + j) in v) {
		split(v[3 * i + j], a, "\t")
		S = a[1]; M = a[2]; NC = a[3]
	} else {
		S = 0; M = ""; NC = 0
	}
}
BEGIN {
	FS = OFS = "\t"
	PART["narrative"] = 0; PART["quotes"] = 1; PART["comments"] = 2
}
NR == 1 {
	for (i = 1; i <= NF; i++) C[$i] = i
	cd = C["doc"]; cp = C["part"]; cs = C["new_sent_sum"]
	cm = C["compound_mean"]; cc = C["new_comment_sum"]
	print "doc", "narrative_sentences", "narrative_compound", "quote_sentences",
	    "quote_compound", "comments", "comment_sentences", "comment_compound",
	    "quote_minus_narrative", "comment_minus_narrative", "comment_minus_quote"
	next
}
# (the values are kept under numbers, one string a row: mawk looks numbers
# up much faster than strings like "doc SUBSEP part", which made this
# pivot 0.45 s of CPU over 38,000 groups)
{
	if (!($cp in PART)) next
	if (!($cd in id)) { id[$cd] = ++n; name[n] = $cd }
	v[3 * id[$cd] + PART[$cp]] = $cs "\t" $cm "\t" $cc
}
END {
	for (i = 1; i <= n; i++) {
		get(i, 0); ns = S; mn = M
		get(i, 1); qs = S; mq = M
		get(i, 2); ks = S; mc = M; nc = NC
		print name[i], ns, fix(mn, 4), qs, fix(mq, 4), nc, ks, fix(mc, 4),
		    diff(mq, mn), diff(mc, mn), diff(mc, mq)
	}
}
