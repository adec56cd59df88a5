# scripts/lib/grades-reduce.awk — grade facts (prep-facts.awk rows, sorted so
# that each authority and area is one run; the order inside a run does not
# matter) → one row per authority and area, no header:
#   authority area grade rank year change previous_grade previous_year
#   earlier doc sent text
# The Hadoop Streaming reducer of `grades` (key: authority, area).
#
# The latest grade is the most recent statement that is not about an
# earlier judgement (status previous):
#   - a statement whose grade another document gives as the previous one
#     (with a compatible year) has been superseded;
#   - otherwise a grade stated without a year counts as news, newer than
#     one with a year; among years the later; then the document whose id
#     sorts last (name files by date to make that the newest); then the
#     first mention.
# earlier: the other judgements (grade and year): those stated as previous,
# and the grades other documents give as current; newest first, "; "-joined;
# change: the latest statement's own status (upgraded, downgraded,
# maintained) or else the direction against the most recent earlier grade;
# empty when there is nothing to compare with.  The sentence shown is the
# first in the latest statement's document that gives the grade together
# with an earlier one, else the first that gives it.
BEGIN { FS = OFS = "\t" }
function newer(a, b,   ua, ub) {
	ua = (Y[a] == ""); ub = (Y[b] == "")
	if (ua != ub) return ua
	if (!ua && Y[a] + 0 != Y[b] + 0) return Y[a] + 0 > Y[b] + 0
	if (D[a] != D[b]) return D[a] > D[b]
	if (S[a] + 0 != S[b] + 0) return S[a] + 0 < S[b] + 0
	if (R[a] + 0 != R[b] + 0) return R[a] + 0 < R[b] + 0
	return G[a] < G[b]
}
function compatible(y1, y2) { return y1 == "" || y2 == "" || y1 == y2 }
function flush(   i, j, L, pass, ne, key, k, t, prevrank, change, pg, py,
		list, sent, besthas, hasprev, y, g) {
	if (m == 0) return
	# the documents that give each grade as the previous one, by year
	split("", pcnt); split("", pin); split("", pall); split("", pallin)
	split("", prevat); split("", hasdated)
	for (j = 1; j <= m; j++) {
		if (Y[j] != "") hasdated[G[j]] = 1
		if (ST[j] != "previous") continue
		prevat[D[j], S[j]] = 1
		if (!((G[j], Y[j], D[j]) in pin)) { pin[G[j], Y[j], D[j]] = 1; pcnt[G[j], Y[j]]++ }
		if (!((G[j], D[j]) in pallin)) { pallin[G[j], D[j]] = 1; pall[G[j]]++ }
	}
	# superseded: another document gives this grade as the previous one
	# (with the same year, or either year unknown)
	for (i = 1; i <= m; i++) {
		sup[i] = 0
		if (ST[i] == "previous") continue
		g = G[i]; y = Y[i]
		if (y == "")
			sup[i] = (pall[g] - ((g, D[i]) in pallin) > 0)
		else
			sup[i] = (pcnt[g, ""] - ((g, "", D[i]) in pin) > 0) ||
			    (pcnt[g, y] - ((g, y, D[i]) in pin) > 0)
	}
	L = 0
	for (pass = 1; pass <= 3 && L == 0; pass++)
		for (i = 1; i <= m; i++) {
			if (pass == 1 && (ST[i] == "previous" || sup[i])) continue
			if (pass == 2 && ST[i] == "previous") continue
			if (L == 0 || newer(i, L)) L = i
		}
	# earlier judgements: (grade, year) pairs other than the latest one;
	# an undated grade that is also given with a year is the same judgement
	ne = 0
	split("", seenk)
	for (i = 1; i <= m; i++) {
		if (G[i] == G[L] && compatible(Y[i], Y[L])) continue
		# another grade the same document gives as current conflicts
		# with the latest one; it is no earlier judgement
		if (ST[i] != "previous" && D[i] == D[L]) continue
		if (Y[i] == "" && (G[i] in hasdated) && dated_earlier(G[i], L)) continue
		key = G[i] SUBSEP Y[i]
		if (key in seenk) continue
		seenk[key] = 1
		F[++ne] = i
	}
	# newest first: dated by year (descending), undated after, then rank
	for (i = 2; i <= ne; i++) {
		t = F[i]
		for (j = i - 1; j >= 1 && earlier_before(t, F[j]); j--)
			F[j + 1] = F[j]
		F[j + 1] = t
	}
	list = ""
	for (i = 1; i <= ne; i++)
		list = list (i > 1 ? "; " : "") G[F[i]] (Y[F[i]] != "" ? " (" Y[F[i]] ")" : "")
	pg = ""; py = ""; change = ""
	if (ne > 0) { pg = G[F[1]]; py = Y[F[1]] }
	if (ST[L] == "upgraded" || ST[L] == "downgraded" || ST[L] == "maintained") {
		change = ST[L]
		if (ne == 0 && ST[L] == "maintained") pg = G[L]
	} else if (ne > 0) {
		prevrank = R[F[1]] + 0
		change = (R[L] + 0 < prevrank) ? "upgraded" : (R[L] + 0 > prevrank) ? "downgraded" : "maintained"
	}
	# the sentence: first in L's document giving L's grade with an earlier one
	sent = 0; besthas = 0
	for (i = 1; i <= m; i++) {
		if (D[i] != D[L] || G[i] != G[L] || ST[i] == "previous") continue
		hasprev = ((D[i], S[i]) in prevat)
		if (sent == 0 || hasprev > besthas || (hasprev == besthas && S[i] + 0 < S[sent] + 0)) {
			sent = i
			besthas = hasprev
		}
	}
	if (sent == 0) sent = L
	print A[L], AR[L], G[L], R[L], Y[L], change, pg, py, list, D[sent], S[sent], T[sent]
	m = 0
}
# is grade g given with a year that is not the latest judgement's own?
# (then an undated mention of g is that earlier judgement, not a new one)
function dated_earlier(g, L,   i) {
	if (!((g, L) in dcache)) {
		dcache[g, L] = 0
		for (i = 1; i <= m; i++)
			if (G[i] == g && Y[i] != "" && !(g == G[L] && compatible(Y[i], Y[L])) &&
			    !(ST[i] != "previous" && D[i] == D[L])) { dcache[g, L] = 1; break }
	}
	return dcache[g, L]
}
function earlier_before(a, b) {	# a goes before b in the earlier list
	if ((Y[a] == "") != (Y[b] == "")) return Y[b] == ""
	if (Y[a] != "" && Y[a] + 0 != Y[b] + 0) return Y[a] + 0 > Y[b] + 0
	if (R[a] + 0 != R[b] + 0) return R[a] + 0 < R[b] + 0
	return G[a] < G[b]
}
{
	key = $1 SUBSEP $2
	if (key != last) { flush(); split("", dcache); last = key }
	m++
	A[m] = $1; AR[m] = $2; D[m] = $3; S[m] = $4; G[m] = $5; R[m] = $6
	ST[m] = $7; Y[m] = $8; T[m] = $9
}
END { flush() }
