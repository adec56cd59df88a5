# scripts/lib/logs.awk — the chunks' warnings (warnings.awk's output, one
# file a chunk, in chunk order) as one run over all the documents would
# have written them.  A chunk runs its filters one after the other, so one
# run's warnings come filter by filter: segment's, rating-extract's,
# dequote's, sentiment's, aggregate's, then anything else; the lines are
# put in that order, chunk order within a filter.  dequote sums up the
# documents that left a quotation open once per input, last: "...:
# unclosed quotation ends at paragraph end (doc 'D'), and in N more
# documents of this input".  Each chunk is an input of its own, so these
# lines become one, at the end of dequote's: the first one's place and
# document, and the count of them all.
#   awk -f logs.awk CHUNK.log...
function rank(s,   p) {
	p = substr(s, 1, index(s, ":") - 1)
	if (p == "segment") return 1
	if (p == "rating-extract") return 2
	if (p == "dequote") return 3
	if (p == "sentiment") return 4
	if (p == "aggregate") return 5
	return 6
}
BEGIN {
	head = "^dequote: .*: unclosed quotation ends at paragraph end \\(doc '.*'\\)"
	more = ", and in [0-9]+ more documents of this input$"
}
{
	n = 1
	s = $0
	if (s ~ (head more)) {
		match(s, more)
		n += substr(s, RSTART + 9) + 0	# N: the number after ", and in "
		s = substr(s, 1, RSTART - 1)
	} else if (s !~ (head "$")) {
		r = rank(s)
		line[r, ++nl[r]] = s
		next
	}
	if (docs == 0)
		first = s
	docs += n
}
END {
	if (docs > 0)
		line[3, ++nl[3]] = first (docs > 1 ? ", and in " (docs - 1) " more documents of this input" : "")
	for (r = 1; r <= 6; r++)
		for (i = 1; i <= nl[r]; i++)
			print line[r, i]
}
