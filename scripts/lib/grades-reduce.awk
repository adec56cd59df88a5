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
function flush(   i, j, L, LY, GL, DL, pass, ne, key, k, t, prevrank, change, pg, py,
		list, sent, besthas, hasprev, y, g) {
	if (m == 0) return
	# the documents that give each grade as the previous one, by year
	# (the statements of status previous were listed as they came: PV)
	split("", pcnt); split("", pin); split("", pall); split("", pallin)
	split("", prevat); split("", sup)
	for (k = 1; k <= np; k++) {
		j = PV[k]
		prevat[D[j], S[j]] = 1
		if (!((G[j], Y[j], D[j]) in pin)) { pin[G[j], Y[j], D[j]] = 1; pcnt[G[j], Y[j]]++ }
		if (!((G[j], D[j]) in pallin)) { pallin[G[j], D[j]] = 1; pall[G[j]]++ }
	}
	# superseded (sup[i] set): another document gives this grade as the
	# previous one (with the same year, or either year unknown).  Nothing
	# is when no statement is of status previous, or none of this grade:
	# the common case, tested first (a key with thousands of statements
	# otherwise built three subscripts for each)
	for (i = 1; i <= m && np > 0; i++) {
		g = G[i]
		if (ST[i] == "previous" || !(g in pall)) continue
		y = Y[i]
		if (y == "") {
			if (pall[g] - ((g, D[i]) in pallin) > 0) sup[i] = 1
		} else if (pcnt[g, ""] - ((g, "", D[i]) in pin) > 0 ||
		    pcnt[g, y] - ((g, y, D[i]) in pin) > 0)
			sup[i] = 1
	}
	L = 0
	for (pass = 1; pass <= 3 && L == 0; pass++)
		for (i = 1; i <= m; i++) {
			if (pass == 1 && (ST[i] == "previous" || (i in sup))) continue
			if (pass == 2 && ST[i] == "previous") continue
			if (L == 0) { L = i; LY = Y[L]; continue }
			# newer(i, L) without the call where the year decides
			# (most statements)
			if ((Y[i] == "") != (LY == "")) {
				if (Y[i] == "") { L = i; LY = Y[L] }
				continue
			}
			if (LY != "" && Y[i] + 0 != LY + 0) {
				if (Y[i] + 0 > LY + 0) { L = i; LY = Y[L] }
				continue
			}
			if (newer(i, L)) { L = i; LY = Y[L] }
		}
	# earlier judgements: (grade, year) pairs other than the latest one;
	# an undated grade that is also given with a year is the same judgement
	# (L's grade, year and document in locals: these loops look at them
	# for every statement)
	ne = 0
	split("", seenk)
	GL = G[L]; LY = Y[L]; DL = D[L]
	for (i = 1; i <= m; i++) {
		if (G[i] == GL && compatible(Y[i], LY)) continue
		# another grade the same document gives as current conflicts
		# with the latest one; it is no earlier judgement
		if (D[i] == DL && ST[i] != "previous") continue
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
		if (D[i] != DL || G[i] != GL || ST[i] == "previous") continue
		hasprev = ((D[i], S[i]) in prevat)
		if (sent == 0 || hasprev > besthas || (hasprev == besthas && S[i] + 0 < S[sent] + 0)) {
			sent = i
			besthas = hasprev
		}
	}
	if (sent == 0) sent = L
	print KA, KB, G[L], R[L], Y[L], change, pg, py, list, D[sent], S[sent], T[sent]
	m = np = 0
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
	if ($1 != KA || $2 != KB || m == 0) {
		flush(); split("", dcache); split("", hasdated)
		KA = $1 ""; KB = $2 ""	# (strings: "1" and "1.0" are two keys)
	}
	m++
	D[m] = $3; S[m] = $4; G[m] = $5; R[m] = $6; ST[m] = $7; Y[m] = $8; T[m] = $9
	if ($8 != "") hasdated[$5] = 1
	if ($7 == "previous") PV[++np] = m
}
END { flush() }
