# scripts/lib/areas.awk — the judgement areas of rating-extract in the order
# the grades table and the report show them (others after, in byte order).
function area_order(a,   i, n, v) {
	if (!areas_ready) {
		n = split("overall|help and protection|children in care|care leavers|children in care and care leavers|leadership|adoption|fostering|safeguarding|lscb|early help", v, "|")
		for (i = 1; i <= n; i++) AREA_ORDER[v[i]] = i
		areas_ready = 1
	}
	return (a in AREA_ORDER) ? AREA_ORDER[a] : 99
}
