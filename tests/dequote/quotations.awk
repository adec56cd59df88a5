# tests/dequote/quotations.awk — dequote output in, one line per quotation
# out: doc speaker role cue text (TAB-separated, with a header).  Consecutive
# voice=quote rows with the same doc and quote number form one quotation;
# their texts are joined with one space (as ../shared/eval/bin/gold-quotes
# does).  Fields are left escaped; no field is decoded.
BEGIN { FS = OFS = "\t" }
NR == 1 {
	for (i = 1; i <= NF; i++) col[$i] = i
	for (c in need) ;
	if (!("doc" in col) || !("voice" in col) || !("quote" in col) ||
	    !("speaker" in col) || !("role" in col) || !("cue" in col) ||
	    !("text" in col)) { print "quotations.awk: missing column" > "/dev/stderr"; exit 2 }
	print "doc", "speaker", "role", "cue", "text"
	next
}
{
	if ($col["voice"] != "quote") { flush(); next }
	key = $col["doc"] SUBSEP $col["quote"]
	if (have && key == curkey) { text = text " " $col["text"]; next }
	flush()
	have = 1; curkey = key
	doc = $col["doc"]; spk = $col["speaker"]; role = $col["role"]; cue = $col["cue"]
	text = $col["text"]
}
END { flush() }
function flush() {
	if (have) print doc, spk, role, cue, text
	have = 0
}
