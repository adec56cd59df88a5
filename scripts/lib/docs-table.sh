#!/bin/sh
# scripts/lib/docs-table.sh — article files → a wire-format document table
# (id TAB text, one document a line) as `segment --tsv` and the Hadoop
# Streaming mappers read it.  The id is what segment would use: the file
# name without directory and extension.  Line ends become \n, tabs \t,
# carriage returns \r and backslashes \\.
#   sh scripts/lib/docs-table.sh [--no-header] FILE... > docs.tsv
header=1
if [ "${1:-}" = --no-header ]; then header=0; shift; fi
[ $# -gt 0 ] || { echo "docs-table.sh: no files" >&2; exit 1; }
LC_ALL=C awk -v header="$header" '
function id(f,   b) {
	b = f
	sub(/.*\//, "", b)
	if (match(b, /.\.[^.]*$/)) b = substr(b, 1, RSTART)
	return b
}
BEGIN {
	if (header) print "id\ttext"
	for (i = 1; i < ARGC; i++) {
		f = ARGV[i]; text = ""; n = 0
		while ((r = (getline line < f)) > 0) {
			gsub(/\\/, "\\\\", line); gsub(/\t/, "\\t", line); gsub(/\r/, "\\r", line)
			text = text (n++ ? "\\n" : "") line
		}
		if (r < 0) { printf "docs-table.sh: %s: cannot read\n", f > "/dev/stderr"; exit 1 }
		close(f)
		print id(f) "\t" text
	}
}' "$@"
