# scripts/lib/prep-quotes.awk — the quotation spans of a
# `dequote | sentiment --label` stream, one row each:
#   doc speaker role quotation words compound label
# quotation: DOC:N for quotation N of DOC (its spans share it); words:
# space-separated tokens with a letter or digit.  -v comments=1 adds the
# narrative of readers' comments (section comment), its author speaking,
# one quotation per comment (DOC:cPOSITION).  -v header=0: no header out.
function words(t,   n, w, i, c) {
	gsub(/\\[tnr]/, " ", t)
	gsub(/“|”|‘|’|–|—|…|•|«|»/, "", t)
	n = split(t, w, " ")
	c = 0
	for (i = 1; i <= n; i++)
		if (w[i] ~ /[A-Za-z0-9\200-\377]/)
			c++
	return c
}
function start() {
	d = col("doc"); te = col("text"); vo = col("voice"); qu = col("quote")
	sp = col("speaker"); ro = col("role"); co = col("compound"); la = col("label")
	if (comments) { se = col("section"); cm = col("comment") }
	if (header != "0")
		print "doc", "speaker", "role", "quotation", "words", "compound", "label"
}
BEGIN { FS = OFS = "\t"; if (columns != "") { setcols(columns); start() } }
!ready { setcols($0); start(); next }
$vo == "quote" {
	print $d, $sp, $ro, $d ":" $qu, words($te), $co, $la
	next
}
comments && $se == "comment" && $vo == "narrative" {
	print $d, $sp, $ro, $d ":c" $cm, words($te), $co, $la
}
END { if (failed) exit 1 }
