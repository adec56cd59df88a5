# scripts/lib/logs.awk — the chunks' warnings (warnings.awk's output, one
# file a chunk, in chunk order) as one run over all the documents would
# have written them.  dequote sums up the documents that left a quotation
# open once per input: "...: unclosed quotation ends at paragraph end
# (doc 'D'), and in N more documents of this input".  Each chunk is an
# input of its own, so these lines are joined into the first one: its
# place and document, and the count of them all.  Other lines pass as
# they are, in order.
#   awk -f logs.awk CHUNK.log...
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
		line[++nl] = $0
		next
	}
	if (docs == 0) {
		first = s
		line[at = ++nl] = s
	}
	docs += n
}
END {
	if (docs > 1)
		line[at] = first ", and in " (docs - 1) " more documents of this input"
	for (i = 1; i <= nl; i++)
		print line[i]
}
