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
BEGIN { FS = OFS = "\t" }
NR == 1 {
	for (i = 1; i <= NF; i++) C[$i] = i
	print "doc", "narrative_sentences", "narrative_compound", "quote_sentences",
	    "quote_compound", "comments", "comment_sentences", "comment_compound",
	    "quote_minus_narrative", "comment_minus_narrative", "comment_minus_quote"
	next
}
{
	doc = $C["doc"]
	if (!(doc in seen)) { seen[doc] = 1; order[++n] = doc }
	k = doc SUBSEP $C["part"]
	sents[k] = $C["new_sent_sum"]
	mean[k] = $C["compound_mean"]
	ncom[k] = $C["new_comment_sum"]
}
END {
	for (i = 1; i <= n; i++) {
		doc = order[i]
		na = doc SUBSEP "narrative"; qu = doc SUBSEP "quotes"; cm = doc SUBSEP "comments"
		mn = (na in mean) ? mean[na] : ""
		mq = (qu in mean) ? mean[qu] : ""
		mc = (cm in mean) ? mean[cm] : ""
		print doc, (na in sents) ? sents[na] : 0, fix(mn, 4),
		    (qu in sents) ? sents[qu] : 0, fix(mq, 4),
		    (cm in ncom) ? ncom[cm] : 0, (cm in sents) ? sents[cm] : 0, fix(mc, 4),
		    diff(mq, mn), diff(mc, mn), diff(mc, mq)
	}
}
