# scripts/lib/chunk.sh — one chunk of a --jobs run, started by nf_run_chunks
# (nf.sh) in a process group of its own:
#   bash chunk.sh TABLES PREFIX N SOURCE
# (see nf_chunk in nf.sh; NF_PROG, NF_LIB and PATH come from the script).
set -u -o pipefail
. "$NF_LIB/nf.sh"
nf_chunk "$@"
