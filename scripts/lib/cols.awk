# scripts/lib/cols.awk — columns by name for the preparation programs.
# The input's first line is its header, or, with -v columns=a,b,c, the
# input has no header and these are its columns (Hadoop Streaming).
# A program calls col("name") once the header is read (after setcols).
# -v prog=NAME names the script in messages.
function setcols(line,   n, a, i) {
	n = split(line, a, /[,\t]/)
	for (i = 1; i <= n; i++)
		C[a[i]] = i
	ready = 1
	ncols = n
}
function col(name) {
	if (!(name in C)) {
		printf "%s: no column '%s' in the input\n", prog, name > "/dev/stderr"
		failed = 1
		exit 1
	}
	return C[name]
}
# the four escapes of the wire format, for reading a text column
function unesc(s,   out, i, c) {
	if (index(s, "\\") == 0)
		return s
	out = ""
	while ((i = index(s, "\\")) > 0) {
		out = out substr(s, 1, i - 1)
		c = substr(s, i + 1, 1)
		if (c == "t") out = out "\t"
		else if (c == "n") out = out "\n"
		else if (c == "r") out = out "\r"
		else if (c == "\\") out = out "\\"
		else out = out "\\" c
		s = substr(s, i + 2)
		if (c == "") break
	}
	return out s
}
# x with d decimals, rounded half away from zero on its decimal digits (a
# number that aggregate printed exactly is rounded as written, not as the
# nearest double); no negative zero
function fix(x, d,   neg, ip, fp, p, keep, up, i, c, s) {
	if (x == "")
		return ""
	if (x !~ /^-?[0-9]+(\.[0-9]*)?$/) {	# exponent or other: via double
		s = sprintf("%." d "f", x)
		return (s ~ /^-0\.0*$/) ? substr(s, 2) : s
	}
	neg = (substr(x, 1, 1) == "-")
	if (neg) x = substr(x, 2)
	p = index(x, ".")
	ip = (p ? substr(x, 1, p - 1) : x)
	fp = (p ? substr(x, p + 1) : "")
	while (length(fp) < d + 1) fp = fp "0"
	keep = ip substr(fp, 1, d)
	up = (substr(fp, d + 1, 1) >= "5")
	if (up) {	# add one to the last kept digit, carrying
		for (i = length(keep); i >= 1; i--) {
			c = substr(keep, i, 1)
			if (c != "9") { keep = substr(keep, 1, i - 1) (c + 1) substr(keep, i + 1); break }
			keep = substr(keep, 1, i - 1) "0" substr(keep, i + 1)
		}
		if (i < 1) keep = "1" keep
	}
	ip = substr(keep, 1, length(keep) - d)
	fp = substr(keep, length(keep) - d + 1)
	s = ip (d > 0 ? "." fp : "")
	if (neg && s ~ /[1-9]/) s = "-" s
	return s
}
