#!/bin/sh
# bench/make-corpus.sh — build benchmark corpora from the project's articles
# (samples/*.txt and tests/gold/seeds/*.txt), so a fresh clone can bench.
#
#   bench/make-corpus.sh [MB] [DIR]
#
# writes, in DIR (default bench/corpus):
#   docs.tsv    a wire-format table "id<TAB>text" of about MB megabytes
#               (default 100), the articles repeated with distinct ids
#   files/      the same articles as one file each, about MB/5 megabytes
# Existing files of the right size are kept.
set -eu
mb=${1:-100}
dir=${2:-bench/corpus}
cd "$(dirname "$0")/.."
mkdir -p "$dir/files"
want=$((mb * 1000000))
src="samples/*.txt tests/gold/seeds/*.txt"
if [ ! -s "$dir/docs.tsv" ] || [ "$(wc -c < "$dir/docs.tsv")" -lt "$want" ]; then
	# shellcheck disable=SC2086
	awk -v want="$want" '
	FNR == 1 && NR > 1 { docs[n++] = doc; doc = "" }
	{ line = $0; gsub(/\\/, "\\\\", line); gsub(/\t/, "\\t", line);
	  gsub(/\r/, "\\r", line); doc = doc (FNR > 1 ? "\\n" : "") line }
	END {
		docs[n++] = doc
		print "id\ttext"
		size = 8
		for (i = 0; size < want; i++) {
			d = docs[i % n]
			printf "doc%07d\t%s\n", i, d
			size += length(d) + 12
		}
	}' $src > "$dir/docs.tsv"
fi
fwant=$((want / 5))
have=$(du -sb "$dir/files" | cut -f1)
if [ "$have" -lt "$fwant" ]; then
	i=0
	size=0
	while [ "$size" -lt "$fwant" ]; do
		for f in $src; do
			i=$((i + 1))
			cp "$f" "$dir/files/art$(printf %06d $i).txt"
			size=$((size + $(wc -c < "$f")))
		done
	done
fi
echo "$dir/docs.tsv: $(wc -c < "$dir/docs.tsv") bytes; $dir/files: $(ls "$dir/files" | wc -l) files, $(du -sb "$dir/files" | cut -f1) bytes"
