# tests/dequote/gen.awk — random rows in segment's columns for the property
# test: words, apostrophes (Ealing’s, workers’, '90s), quote marks of every
# kind, balanced and not, nested, across sentences and paragraphs, spaces
# inside and around marks.  awk -v seed=N -v docs=D -f gen.awk
BEGIN {
	srand(seed + 0); if (docs == "") docs = 20
	nw = split("the council said inspectors he she it they found added " \
	    "Ofsted report Richard Boyles Essex staff workers’ Ealing’s don't " \
	    "children's '90s ’n’ rock good inadequate outstanding “ ” ‘ ’ \" ' " \
	    "« » , . : ; – — ( ) a an and but We I Mr Smith cabinet member " \
	    "according to said: says ’ ‘ “ ” \" ' \" ' . . ,", w, " ")
	print "doc\tpar\tsent\tsection\tcomment\tauthor\tposted\ttext"
	split("body body body body headline standfirst heading caption comment comments-header boilerplate", sec, " ")
	for (d = 1; d <= docs; d++) {
		np = 1 + int(rand() * 6); s = 0
		for (p = 1; p <= np; p++) {
			ns = 1 + int(rand() * 3)
			se = sec[1 + int(rand() * 11)]
			au = se == "comment" ? "Reader " int(rand() * 3) : ""
			for (k = 1; k <= ns; k++) {
				s++
				n = int(rand() * 25); t = ""
				for (i = 1; i <= n; i++) {
					x = w[1 + int(rand() * nw)]
					sep = rand() < 0.8 ? " " : ""
					t = (t == "") ? x : t sep x
				}
				printf "g%d\t%d\t%d\t%s\t%s\t%s\t\t%s\n", d, p, s, se, au == "" ? "" : "1", au, t
			}
		}
	}
}
