#!/usr/bin/env bash
# Submits the canonical job ("best model under 10 MB / 50 ms" on mnist-10k, host-cpu) once per arm,
# all arms together to one product so they share the same machine load, and waits for every arm.
# Starts the product with ./sculptor start (its own data under .sculptor/), saves each job's view
# and candidates as JSON under bench/final/results/<tag>-<time>/ and prints compression_report.py's
# summary (per arm; per technique when the arms are named basic and whole).
# Usage: bench/final/arms.sh TAG NAME "submit_and_wait.py options" [NAME "options" ...] [-- options for every arm]
set -euo pipefail
cd "$(dirname "$0")/../.."
tag=$1
shift
names=()
options=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  names+=("$1")
  options+=("$2")
  shift 2
done
[ "${1:-}" = -- ] && shift
common=("$@")

mkdir -p bench/final/results
dir=bench/final/results/$tag-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"
log=$dir/product.log
source bench/final/product.sh
export SCULPTOR_API_KEY=$key

echo "# $tag, $(date -u +%FT%TZ), $(nproc) cores, load at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$dir/summary.txt"
echo "# arms: $(for i in "${!names[@]}"; do printf '%s [%s] ' "${names[$i]}" "${options[$i]}"; done)every arm: ${common[*]}" | tee -a "$dir/summary.txt"
start=$(date +%s)
pids=()
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086 # an arm's options are words on purpose
  python3 scripts/submit_and_wait.py --url "$url" --target host-cpu ${options[$i]} "${common[@]}" \
    > "$dir/${names[$i]}.out" 2>&1 &
  pids+=($!)
done
for i in "${!names[@]}"; do
  wait "${pids[$i]}" || echo "# ${names[$i]}: the client ended non-zero" | tee -a "$dir/summary.txt"
done
echo "# wall-clock: $(( $(date +%s) - start )) s; load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$dir/summary.txt"
jobs=()
for n in "${names[@]}"; do
  jobs+=("$n=$(sed -n 's/^submitted \([0-9a-f-]*\).*/\1/p' "$dir/$n.out")")
done
python3 bench/final/compression_report.py --url "$url" --save "$dir" "${jobs[@]}" | tee -a "$dir/summary.txt"
