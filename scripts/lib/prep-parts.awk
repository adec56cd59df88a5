# scripts/lib/prep-parts.awk — the spans of a `dequote | sentiment` stream
# by part of the page, one row each:  doc part sent comment compound
# part: narrative (the journalist's words: headline, standfirst, caption,
# heading, body outside quotations), quotes (quotations in those sections),
# comments (readers' comments, quotations in them included).  Site chrome
# and the comments header are left out.  -v header=0: no header out.
function start() {
	d = col("doc"); se = col("section"); vo = col("voice"); s = col("sent")
	cm = col("comment"); co = col("compound")
	if (header != "0")
		print "doc", "part", "sent", "comment", "compound"
}
BEGIN {
	FS = OFS = "\t"
	split("headline standfirst caption heading body", a, " ")
	for (i in a) article[a[i]] = 1
	if (columns != "") { setcols(columns); start() }
}
!ready { setcols($0); start(); next }
$se == "comment" { print $d, "comments", $s, $cm, $co; next }
$se in article { print $d, ($vo == "quote" ? "quotes" : "narrative"), $s, "", $co }
END { if (failed) exit 1 }
