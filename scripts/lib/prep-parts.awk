# scripts/lib/prep-parts.awk — the spans of a `dequote | sentiment` stream
# by part of the page, one row each:  doc part new_sent new_comment compound
# part: narrative (the journalist's words: headline, standfirst, caption,
# heading, body outside quotations), quotes (quotations in those sections),
# comments (readers' comments, quotations in them included).  Site chrome
# and the comments header are left out.  new_sent: 1 on the part's first
# span of a sentence, else 0; new_comment: 1 on a comment's first span,
# else 0 (their sums count sentences and comments, as prep-quotes.awk's
# new_quotation counts quotations).  -v header=0: no header out.
function start() {
	d = col("doc"); se = col("section"); vo = col("voice"); s = col("sent")
	cm = col("comment"); co = col("compound")
	if (header != "0")
		print "doc", "part", "new_sent", "new_comment", "compound"
}
function first(id) {	# 1 the first time ID is seen in this document
	if ($d != cur) { split("", seen); cur = $d }
	if (id in seen) return 0
	seen[id] = 1
	return 1
}
BEGIN {
	FS = OFS = "\t"
	split("headline standfirst caption heading body", a, " ")
	for (i in a) article[a[i]] = 1
	if (columns != "") { setcols(columns); start() }
}
!ready { setcols($0); start(); next }
$se == "comment" {
	ns = first("comments" SUBSEP $s)
	print $d, "comments", ns, first("c" SUBSEP $cm), $co
	next
}
$se in article {
	p = $vo == "quote" ? "quotes" : "narrative"
	print $d, p, first(p SUBSEP $s), 0, $co
}
END { if (failed) exit 1 }
