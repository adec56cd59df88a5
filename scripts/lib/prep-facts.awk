# scripts/lib/prep-facts.awk — rating-extract's rows as grade facts, one
# row each, no header (they are sorted next):
#   authority area doc sent grade rank status year text
# The authority and area come first: the key of the grades reducer.
function start() {
	au = col("authority"); ar = col("area"); d = col("doc"); s = col("sent")
	g = col("grade"); r = col("rank"); st = col("status"); y = col("year")
	te = col("text")
}
BEGIN { FS = OFS = "\t"; if (columns != "") { setcols(columns); start() } }
!ready { setcols($0); start(); next }
{ print $au, $ar, $d, $s, $g, $r, $st, $y, $te }
END { if (failed) exit 1 }
