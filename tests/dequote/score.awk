# tests/dequote/score.awk — score dequote's quotations against a gold file.
#   awk -f score.awk GOLD_QUOTES.tsv SYSTEM_QUOTATIONS.tsv
# GOLD: doc quote kind speaker role cue text (tests/gold/dequote/quotes.tsv);
# SYSTEM: doc speaker role cue text (quotations.awk output).
# Texts are compared after squeezing runs of spaces (exact otherwise, which
# is stricter than ../shared/eval/bin/gold-quotes's Dice fallback).  Per
# document, each system quotation is paired with the first unpaired gold
# speech row of equal text; unpaired ones equal to a gold scare or title row
# count as scare-as-speech.  Prints one line and exits 0 when precision and
# recall >= MINPR (0.98), speaker and role accuracy >= MINACC (0.95) and
# scare-as-speech == 0.
BEGIN {
	FS = "\t"
	if (MINPR == "") MINPR = 0.98
	if (MINACC == "") MINACC = 0.95
}
function squeeze(s) { gsub(/[ ]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
FNR == 1 { file++; next }
file == 1 {
	t = squeeze($7)
	if ($3 == "speech") {
		ng++; gdoc[ng] = $1; gtext[ng] = t; gspk[ng] = $4; grole[ng] = $5
	} else
		scare[$1 SUBSEP t] = 1
	next
}
file == 2 {
	ns++
	t = squeeze($5)
	for (j = 1; j <= ng; j++)
		if (!used[j] && gdoc[j] == $1 && gtext[j] == t)
			break
	if (j <= ng) {
		used[j] = 1; tp++
		if (tolower($2) == tolower(gspk[j])) spk++
		else printf "speaker: %s %s: %s, gold %s\n", $1, substr(t, 1, 40), $2, gspk[j]
		if ($3 == grole[j]) role++
		else printf "role: %s %s: %s, gold %s\n", $1, substr(t, 1, 40), $3, grole[j]
	} else if (($1 SUBSEP t) in scare) {
		sc++; printf "scare-as-speech: %s %s\n", $1, t
	} else
		printf "false positive: %s %s\n", $1, substr(t, 1, 60)
}
END {
	for (j = 1; j <= ng; j++)
		if (!used[j]) printf "missed: %s %s\n", gdoc[j], substr(gtext[j], 1, 60)
	p = ns ? tp / ns : 0; r = ng ? tp / ng : 0
	sa = tp ? spk / tp : 0; ra = tp ? role / tp : 0
	printf "speech P %.3f R %.3f (%d of %d gold, %d emitted), speaker %.3f, role %.3f, scare-as-speech %d\n", \
	    p, r, tp, ng, ns, sa, ra, sc + 0
	exit !(p >= MINPR && r >= MINPR && sa >= MINACC && ra >= MINACC && sc == 0)
}
