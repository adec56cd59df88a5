# scripts/lib/grades-key.awk — put the area's position after the authority
# so that `sort -k1,1 -k2,2n -k3,3` orders the grades table.
BEGIN { FS = OFS = "\t" }
{ a = $1; $1 = ""; print a, area_order($2) substr($0, 1) }
