# scripts/lib/prep-quotes.awk — the quotation spans of a
# `dequote | sentiment --label` stream, one row each:
#   doc speaker role new_quotation words compound label
# new_quotation: 1 on the first span of a quotation, 0 on its other spans,
# so that aggregate's sum:new_quotation counts quotations (a quotation's
# spans share doc, speaker and role; a document is never split between
# chunks or map tasks).  It replaces distinct over DOC:N ids, which kept
# every id of a group in memory and in the partial states (the speaker
# table's states were 1.4 MB a chunk on 25 MB of articles, and their merge
# most of the reduction's time).  words: space-separated tokens with a
# letter or digit.  -v comments=1 adds the narrative of readers' comments
# (section comment), its author speaking, one quotation per comment.
# -v header=0: no header out.
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
		print "doc", "speaker", "role", "new_quotation", "words", "compound", "label"
}
function first(id) {	# 1 the first time ID is seen in this document
	if ($d != cur) { split("", seen); cur = $d }
	if (id in seen) return 0
	seen[id] = 1
	return 1
}
BEGIN { FS = OFS = "\t"; if (columns != "") { setcols(columns); start() } }
!ready { setcols($0); start(); next }
$vo == "quote" {
	print $d, $sp, $ro, first($qu), words($te), $co, $la
	next
}
comments && $se == "comment" && $vo == "narrative" {
	print $d, $sp, $ro, first("c" $cm), words($te), $co, $la
}
END { if (failed) exit 1 }
