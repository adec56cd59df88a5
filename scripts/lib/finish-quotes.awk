# scripts/lib/finish-quotes.awk — aggregate's result over prep-quotes rows
# → the who-said-what table: the group columns, then
#   quotes spans words compound_mean compound_median negative_share
# (aggregate --decimals=4 wrote the means, medians and shares with 4
# decimals, like the scores: only the header changes here).
BEGIN { FS = OFS = "\t" }
NR == 1 {
	for (i = 1; i <= NF; i++) {
		if ($i == "new_quotation_sum") $i = "quotes"
		else if ($i == "count") $i = "spans"
		else if ($i == "words_sum") $i = "words"
		else if ($i == "label_share_negative") $i = "negative_share"
	}
}
{ print }
