# scripts/lib/report.awk — the report's HTML page from its TSV tables: one
# self-contained file (inline CSS and SVG, no script, no network).
#   awk -f cols.awk -f areas.awk -f report.awk -v title=T -v version=V \
#       -v warnings=N -v ndocs=N roles.tsv speakers.tsv reactions.tsv \
#       grades.tsv documents.tsv > index.html
# Each table is recognised by its file name.  Charts are drawn here, as SVG
# with coordinates rounded to 0.1 px, so the page is the same bytes for the
# same tables.

# ------------------------------------------------------------ text helpers
function h(s) {	# raw wire-format field → HTML text
	s = unesc(s)
	gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
	gsub(/"/, "\\&quot;", s); gsub(/\t|\r|\n/, " ", s)
	return s
}
function u8len(s) { gsub(/[\200-\277]/, "", s); return length(s) }
function u8cut(s, n,   i, c, k, out) {	# at most n characters, with … when cut
	if (u8len(s) <= n) return s
	k = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c !~ /[\200-\277]/ && ++k > n - 1) break
		out = out c
	}
	return out "…"
}
function num(x, d,   s) {	# a score for people: sign, typographic minus
	if (x == "") return "–"
	s = sprintf("%." d "f", x)
	if (s ~ /^-0\.0*$/) s = substr(s, 2)
	if (s ~ /^-/) return "−" substr(s, 2)
	if (s + 0 > 0) return "+" s
	return s
}
function f1(x) { return sprintf("%.1f", x) }
function plural(n, one, many) { return n " " (n == 1 ? one : many) }

# ------------------------------------------------------------ colours
function role_colour(r) {
	if (r == "inspectorate") return "#0072B2"
	if (r == "council") return "#E69F00"
	if (r == "government") return "#009E73"
	if (r == "commenter") return "#CC79A7"
	if (r == "journalist") return "#56B4E9"
	if (r == "other") return "#999999"
	return "#D0D0D0"
}
function grade_colour(g) {
	if (g == "outstanding") return "#1A9850"
	if (g == "good") return "#91CF60"
	if (g == "adequate") return "#D9EF8B"
	if (g == "requires improvement") return "#FDAE61"
	if (g == "inadequate") return "#D73027"
	return "#EEEEEE"
}
function grade_ink(g) { return (g == "outstanding" || g == "inadequate") ? "#FFFFFF" : "#000000" }
function grade_short(g) {
	if (g == "requires improvement") return "req. improvement"
	return g
}

# ------------------------------------------------------------ tables in
BEGIN { FS = "\t"; MAXROWS = 1000 }
function tname(f) {
	sub(/.*\//, "", f)
	sub(/\.tsv$/, "", f)
	return f
}
FNR == 1 {
	t = tname(FILENAME)
	for (i = 1; i <= NF; i++) COL[t, $i] = i
	NCOL[t] = NF
	for (i = 1; i <= NF; i++) HEAD[t, i] = $i
	next
}
{
	N[t]++
	if (N[t] <= MAXROWS) {
		for (i = 1; i <= NF; i++) V[t, N[t], i] = $i
	}
}
function get(t, r, name) { return ((t, name) in COL) ? V[t, r, COL[t, name]] : "" }
function rows(t) { return (N[t] < MAXROWS) ? N[t] + 0 : MAXROWS }

# ------------------------------------------------------------ SVG pieces
# a symmetric scale around 0 that holds every value: ±0.25, ±0.5, ±0.75 or ±1
function scale_for(maxabs) {
	if (maxabs <= 0.25) return 0.25
	if (maxabs <= 0.5) return 0.5
	if (maxabs <= 0.75) return 0.75
	return 1
}
function xpos(v) { return PLOT_L + (v + SCALE) / (2 * SCALE) * PLOT_W }
# axis with ticks (every 0.05, 0.1 or 0.25), grid lines, zero line, label
function axis(top, bottom, label,   i, k, v, x, step) {
	step = (SCALE == 0.25) ? 0.05 : (SCALE == 0.5) ? 0.1 : 0.25	# 0.75, 1
	k = int(SCALE / step + 0.5)
	for (i = -k; i <= k; i++) {
		v = step * i
		x = xpos(v)
		printf "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" class=\"%s\"/>\n", f1(x), f1(top), f1(x), f1(bottom), (i == 0 ? "zero" : "grid")
		printf "<text x=\"%s\" y=\"%s\" class=\"tick\" text-anchor=\"middle\">%s</text>\n", f1(x), f1(bottom + 16), num(v, 2)
	}
	printf "<text x=\"%s\" y=\"%s\" class=\"axis\" text-anchor=\"middle\">%s</text>\n", f1(PLOT_L + PLOT_W / 2), f1(bottom + 36), label
	printf "<text x=\"%s\" y=\"%s\" class=\"tick\" text-anchor=\"start\">◀ more negative</text>\n", f1(PLOT_L), f1(bottom + 52)
	printf "<text x=\"%s\" y=\"%s\" class=\"tick\" text-anchor=\"end\">more positive ▶</text>\n", f1(PLOT_L + PLOT_W), f1(bottom + 52)
}
function bar(y, hgt, v, colour, tip,   x0, x1) {
	x0 = xpos(0); x1 = xpos(v)
	if (x1 < x0) { t0 = x0; x0 = x1; x1 = t0 }
	if (x1 - x0 < 1) x1 = x0 + 1
	printf "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"><title>%s</title></rect>\n", f1(x0), f1(y), f1(x1 - x0), f1(hgt), colour, tip
}
function legend(x, y, n, names, colours,   i, w) {
	for (i = 1; i <= n; i++) {
		printf "<rect x=\"%s\" y=\"%s\" width=\"12\" height=\"12\" fill=\"%s\"/>", f1(x), f1(y - 10), colours[i]
		printf "<text x=\"%s\" y=\"%s\" class=\"legend\">%s</text>\n", f1(x + 17), f1(y), names[i]
		x += 17 + u8len(names[i]) * 7.2 + 18
	}
}

# one horizontal bar per row: the mean compound score of a table's groups
# (rows 1..n of table t), labelled by label_of(), coloured by role
function score_bars(t, n, labcol, rolecol, caption, unit,   i, y, v, m, lab, hgt, role, roles, nr, rn, rc, seen, note) {
	m = 0
	for (i = 1; i <= n; i++) {
		v = get(t, i, "compound_mean") + 0
		if (v < 0) v = -v
		if (v > m) m = v
	}
	SCALE = scale_for(m)
	PLOT_L = 250; PLOT_W = 560
	hgt = 40 + n * 26 + 62
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"%d\" viewBox=\"0 0 1000 %d\" role=\"img\" aria-label=\"%s\">\n", hgt, hgt, caption
	# legend: the roles present, in order of appearance
	nr = 0
	for (i = 1; i <= n; i++) {
		role = get(t, i, rolecol)
		if (!((t, role) in seen)) { seen[t, role] = 1; nr++; rn[nr] = (role == "" ? "unknown" : role); rc[nr] = role_colour(role) }
	}
	if (rolecol != labcol) legend(PLOT_L, 18, nr, rn, rc)
	y = 40
	axis(y - 6, y + n * 26, "mean VADER compound score of the spans (−1 … +1)")
	for (i = 1; i <= n; i++) {
		lab = get(t, i, labcol)
		role = get(t, i, rolecol)
		if (rolecol != labcol) lab = (lab == "" ? "(unattributed)" : lab)
		else lab = (lab == "" ? "(unknown)" : lab)
		v = get(t, i, "compound_mean")
		printf "<text x=\"%d\" y=\"%s\" class=\"label\" text-anchor=\"end\">%s</text>\n", PLOT_L - 8, f1(y + 16), h(u8cut(lab, 32))
		note = plural(get(t, i, "quotes"), unit, unit "s") ", " num(v, 3)
		bar(y + 4, 18, v + 0, role_colour(role), h(lab) " (" (role == "" ? "unknown role" : role) "): mean " num(v, 4) ", median " num(get(t, i, "compound_median"), 4) ", " note)
		printf "<text x=\"%s\" y=\"%s\" class=\"note\">%s</text>\n", f1(PLOT_L + PLOT_W + 10), f1(y + 16), note
		y += 26
	}
	print "</svg>"
}

# per document: three bars (narrative, quotes, comments)
function parts_chart(n,   i, j, m, v, y, hgt, names, colours, keys, d, tip) {
	names[1] = "journalist’s narrative"; names[2] = "quoted speech"; names[3] = "readers’ comments"
	colours[1] = "#56B4E9"; colours[2] = "#E69F00"; colours[3] = "#CC79A7"
	keys[1] = "narrative_compound"; keys[2] = "quote_compound"; keys[3] = "comment_compound"
	m = 0
	for (i = 1; i <= n; i++)
		for (j = 1; j <= 3; j++) {
			v = get("reactions", i, keys[j])
			if (v == "") continue
			v += 0
			if (v < 0) v = -v
			if (v > m) m = v
		}
	SCALE = scale_for(m)
	PLOT_L = 250; PLOT_W = 560
	hgt = 40 + n * 40 + 62
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"%d\" viewBox=\"0 0 1000 %d\" role=\"img\" aria-label=\"Mean sentiment of narrative, quotations and comments per document\">\n", hgt, hgt
	legend(PLOT_L, 18, 3, names, colours)
	y = 40
	axis(y - 6, y + n * 40, "mean VADER compound score of the spans (−1 … +1)")
	for (i = 1; i <= n; i++) {
		d = get("reactions", i, "doc")
		printf "<text x=\"%d\" y=\"%s\" class=\"label\" text-anchor=\"end\">%s</text>\n", PLOT_L - 8, f1(y + 22), h(u8cut(d, 32))
		for (j = 1; j <= 3; j++) {
			v = get("reactions", i, keys[j])
			if (v == "") {
				printf "<text x=\"%s\" y=\"%s\" class=\"none\">no %s</text>\n", f1(xpos(0) + 4), f1(y + 4 + j * 11), (j == 3 ? "comments" : j == 2 ? "quotations" : "narrative")
				continue
			}
			tip = h(d) ": " names[j] " " num(v, 4)
			bar(y + 4 + (j - 1) * 11, 10, v + 0, colours[j], tip)
		}
		printf "<text x=\"%s\" y=\"%s\" class=\"note\">%s, %s</text>\n", f1(PLOT_L + PLOT_W + 10), f1(y + 22), plural(get("reactions", i, "comments"), "comment", "comments"), "Δ " num(get("reactions", i, "comment_minus_narrative"), 3)
		y += 40
	}
	print "</svg>"
}

# authorities × judgement areas, each cell the latest grade and its change
function grades_grid(n,   i, j, a, ar, na, nu, auth, AU, areas, AR, cellw, x, y, hgt, g, ch, mark, names, colours, k, ly, key, wid, lw) {
	na = 0; nu = 0
	for (i = 1; i <= n; i++) {
		a = get("grades", i, "authority"); ar = get("grades", i, "area")
		if (!(a in AU)) { AU[a] = ++nu; auth[nu] = a }
		if (!(ar in AR)) { AR[ar] = 1; areas[++na] = ar }
		CELL[a, ar] = i
	}
	# areas in the table's order (overall first)
	for (i = 2; i <= na; i++) {
		k = areas[i]
		for (j = i - 1; j >= 1 && area_order(areas[j]) > area_order(k); j--) areas[j + 1] = areas[j]
		areas[j + 1] = k
	}
	lw = 200
	cellw = (na > 0) ? int((1000 - lw - 10) / na) : 150
	if (cellw > 170) cellw = 170
	hgt = 80 + nu * 30 + 4
	wid = lw + na * cellw + 10
	if (wid < 760) wid = 760
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Latest inspection grade per authority and judgement area\">\n", wid, hgt, wid, hgt
	# column headings: the judgement areas (two lines when long)
	for (j = 1; j <= na; j++) {
		x = lw + (j - 1) * cellw + cellw / 2
		printf "<text x=\"%s\" y=\"64\" class=\"axis\" text-anchor=\"middle\">%s</text>\n", f1(x), h(u8cut(areas[j], int(cellw / 7.5)))
	}
	printf "<text x=\"%d\" y=\"64\" class=\"axis\" text-anchor=\"end\">authority \\ judgement area</text>\n", lw - 8
	y = 74
	for (i = 1; i <= nu; i++) {
		a = auth[i]
		printf "<text x=\"%d\" y=\"%s\" class=\"label\" text-anchor=\"end\">%s</text>\n", lw - 8, f1(y + 19), h(u8cut(a, 26))
		for (j = 1; j <= na; j++) {
			x = lw + (j - 1) * cellw
			if (!((a, areas[j]) in CELL)) {
				printf "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"26\" class=\"empty\"/>\n", f1(x + 1), f1(y + 1), f1(cellw - 2)
				continue
			}
			k = CELL[a, areas[j]]
			g = get("grades", k, "grade"); ch = get("grades", k, "change")
			mark = (ch == "upgraded") ? " ▲" : (ch == "downgraded") ? " ▼" : (ch == "maintained") ? " =" : ""
			printf "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"26\" fill=\"%s\"><title>%s, %s: %s%s%s</title></rect>\n", f1(x + 1), f1(y + 1), f1(cellw - 2), grade_colour(g), h(a), h(areas[j]), h(g), (get("grades", k, "year") != "" ? " (" get("grades", k, "year") ")" : ""), (ch != "" ? ", " ch : "") (get("grades", k, "previous_grade") != "" ? " from " h(get("grades", k, "previous_grade")) : "")
			printf "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" class=\"cell\" fill=\"%s\">%s%s</text>\n", f1(x + cellw / 2), f1(y + 19), grade_ink(g), h(u8cut(grade_short(g), int(cellw / 7.5) - 2)), mark
		}
		y += 30
	}
	# legend: the grades, then the change marks
	names[1] = "outstanding"; names[2] = "good"; names[3] = "requires improvement"; names[4] = "inadequate"
	for (k = 1; k <= 4; k++) colours[k] = grade_colour(names[k])
	legend(lw, 22, 4, names, colours)
	printf "<text x=\"%d\" y=\"42\" class=\"legend\">▲ upgraded   ▼ downgraded   = maintained   (against the earlier grade)</text>\n", lw
	print "</svg>"
}

# an HTML table of the first n rows of t with the given columns
function html_table(t, n, cols, numeric,   c, nc, i, j, cl, v) {
	nc = split(cols, c, " ")
	print "<div class=\"scroll\"><table>"
	printf "<thead><tr>"
	for (j = 1; j <= nc; j++) {
		v = c[j]
		gsub(/_/, " ", v)
		printf "<th%s>%s</th>", ((" " numeric " ") ~ (" " c[j] " ") ? " class=\"n\"" : ""), v
	}
	print "</tr></thead><tbody>"
	for (i = 1; i <= n; i++) {
		printf "<tr>"
		for (j = 1; j <= nc; j++) {
			v = get(t, i, c[j])
			cl = ((" " numeric " ") ~ (" " c[j] " ")) ? " class=\"n\"" : ""
			if (c[j] == "text") cl = " class=\"text\""
			printf "<td%s>%s</td>", cl, h(v)
		}
		print "</tr>"
	}
	print "</tbody></table></div>"
}
function more(t, n, file) {
	if (N[t] > n)
		printf "<p class=\"more\">The first %d of %d rows; all of them are in <a href=\"%s\">%s</a>.</p>\n", n, N[t], file, file
	else
		printf "<p class=\"more\">As a table: <a href=\"%s\">%s</a>.</p>\n", file, file
}

# ------------------------------------------------------------ the page
END {
	nq = 0; ncomm = 0; nsp = 0
	for (i = 1; i <= rows("roles"); i++) {
		if (get("roles", i, "role") == "commenter") continue
		nq += get("roles", i, "quotes")
	}
	for (i = 1; i <= rows("speakers"); i++)
		if (get("speakers", i, "role") != "commenter") nsp++
	for (i = 1; i <= rows("reactions"); i++) ncomm += get("reactions", i, "comments")
	nauth = 0
	for (i = 1; i <= rows("grades"); i++) {
		a = get("grades", i, "authority")
		if (!(a in seenauth)) { seenauth[a] = 1; nauth++ }
	}

	print "<!DOCTYPE html>"
	print "<html lang=\"en\"><head><meta charset=\"utf-8\">"
	print "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	printf "<title>%s</title>\n", h(title)
	print "<style>"
	print "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;color:#222;background:#fff;margin:0 auto;max-width:1040px;padding:16px 20px 40px;line-height:1.4}"
	print "h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:34px 0 6px;border-bottom:2px solid #ddd;padding-bottom:4px}h3{font-size:16px;margin:20px 0 4px}"
	print ".facts{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0 6px;padding:0}.facts li{list-style:none;background:#f2f5f8;border-radius:6px;padding:8px 14px}.facts b{display:block;font-size:22px}"
	print "p.note,p.more{color:#555;font-size:13px;margin:4px 0}svg{display:block;max-width:100%;height:auto;font-family:'DejaVu Sans',Verdana,Arial,sans-serif}"
	print "svg .label{font-size:13px;fill:#222}svg .note,svg .tick{font-size:11px;fill:#555}svg .axis{font-size:12px;fill:#222;font-weight:bold}svg .legend{font-size:12px;fill:#222}"
	print "svg .grid{stroke:#e4e4e4;stroke-width:1}svg .zero{stroke:#777;stroke-width:1.2}svg .none{font-size:9px;fill:#999}svg .cell{font-size:12px}svg .empty{fill:#fafafa;stroke:#eee}"
	print ".scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{border-bottom:1px solid #e4e4e4;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f2f5f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.text{min-width:280px;color:#333}table{width:100%}td:first-child{white-space:nowrap}"
	print "footer{margin-top:36px;font-size:12px;color:#666;border-top:1px solid #ddd;padding-top:8px}"
	print "</style></head><body>"
	printf "<h1>%s</h1>\n", h(title)
	print "<p class=\"note\">Who is quoted in these articles and how positively, how the readers' comments compare with the articles, and the inspection grades the articles report. Sentiment is VADER's compound score, from −1 (most negative) to +1 (most positive), of each span of text; quotations and speakers come from <code>dequote</code>, grades from <code>rating-extract</code>.</p>"
	print "<ul class=\"facts\">"
	printf "<li><b>%d</b>documents</li>", ndocs
	printf "<li><b>%d</b>quotations</li>", nq
	printf "<li><b>%d</b>quoted speakers</li>", nsp
	printf "<li><b>%d</b>readers’ comments</li>", ncomm
	printf "<li><b>%d</b>authorities graded</li>\n", nauth
	print "</ul>"

	# --- who is quoted
	print "<h2 id=\"speakers\">Who is quoted, and how positively</h2>"
	print "<h3>Mean sentiment of what each kind of speaker says</h3>"
	if (rows("roles") > 0) {
		score_bars("roles", rows("roles"), "role", "role", "Mean sentiment by role", "quotation")
		print "<p class=\"note\">One bar per role: the mean compound score of its quoted spans (for commenters, of their comments). Beside it: the number of quotations (comments), then the mean.</p>"
	} else
		print "<p class=\"note\">No quotations were found.</p>"
	n = rows("speakers"); if (n > 15) n = 15
	if (n > 0) {
		if (n == 1) print "<h3>The one speaker quoted</h3>"
		else if (n == N["speakers"]) printf "<h3>The %d speakers quoted</h3>\n", n
		else printf "<h3>The %d most quoted speakers</h3>\n", n
		score_bars("speakers", n, "speaker", "role", "Mean sentiment by speaker", "quotation")
		print "<p class=\"note\">Colour shows the speaker's role. A commenter's quotations are their comments.</p>"
	}
	n = rows("speakers"); if (n > 25) n = 25
	if (n > 0) {
		html_table("speakers", n, "speaker role quotes spans words compound_mean compound_median negative_share", "quotes spans words compound_mean compound_median negative_share")
		more("speakers", n, "speakers.tsv")
	}

	# --- article vs comments
	print "<h2 id=\"reactions\">Article versus comments</h2>"
	n = rows("reactions"); if (n > 25) n = 25
	if (n > 0) {
		printf "<h3>Mean sentiment of the narrative, the quotations and the comments, per document%s</h3>\n", (N["reactions"] > n ? " (the first " n ")" : "")
		parts_chart(n)
		print "<p class=\"note\">Three bars per document: the journalist's own words, the quotations, and the readers' comments. Beside them: the number of comments and Δ, the comments' mean minus the narrative's.</p>"
		n = rows("reactions"); if (n > 50) n = 50
		html_table("reactions", n, "doc narrative_sentences narrative_compound quote_sentences quote_compound comments comment_sentences comment_compound comment_minus_narrative", "narrative_sentences narrative_compound quote_sentences quote_compound comments comment_sentences comment_compound comment_minus_narrative")
		more("reactions", n, "reactions.tsv")
	} else
		print "<p class=\"note\">No article text was found.</p>"

	# --- grades
	print "<h2 id=\"grades\">Inspection grades by authority</h2>"
	n = rows("grades"); if (n > 120) n = 120
	if (n > 0) {
		print "<h3>The latest grade per authority and judgement area</h3>"
		grades_grid(n)
		print "<p class=\"note\">Each cell is the latest grade an article gives for the authority and area; the mark is its change against the earlier grade, where an article gives one. Grey cells: no grade found.</p>"
		html_table("grades", n, "authority area grade year change earlier doc text", "year")
		more("grades", n, "grades.tsv")
	} else
		print "<p class=\"note\">No inspection grades were found.</p>"

	print "<footer>"
	print "<p>Tables: <a href=\"speakers.tsv\">speakers.tsv</a> (who-said-what --comments), <a href=\"roles.tsv\">roles.tsv</a> (--by role), <a href=\"documents.tsv\">documents.tsv</a> (--by doc), <a href=\"reactions.tsv\">reactions.tsv</a> (reactions), <a href=\"grades.tsv\">grades.tsv</a> (grades)."
	if (warnings > 0)
		printf " The filters wrote warnings: <a href=\"warnings.txt\">warnings.txt</a>."
	print "</p>"
	printf "<p>Made by newsfilters %s (segment, dequote, sentiment, rating-extract, aggregate).</p>\n", h(version)
	print "</footer>"
	print "</body></html>"
}
