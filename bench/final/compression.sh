#!/usr/bin/env bash
# Issue 16's benchmark: the canonical job ("best model under 10 MB / 50 ms" on mnist-10k, host-cpu)
# with today's compression genome (pruning + one precision) and with the whole genome, at equal
# budget and seed, submitted together to one product so both arms share the same machine load.
# Starts the product with ./sculptor start (its own data under .sculptor/), waits for both jobs,
# saves each job's view and candidates as JSON and prints bench/final/compression_report.py's
# summary. Usage: bench/final/compression.sh [extra submit_and_wait.py options, e.g. --seed 42]
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/final/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dir=bench/final/results/compression-$stamp
mkdir -p "$dir"
log=$dir/product.log
whole=SPARSITY,LOW_RANK,DISTILLATION,QUANTISATION_AWARE_TRAINING,MIXED_PRECISION

source bench/final/product.sh
export SCULPTOR_API_KEY=$key

echo "# compression benchmark, $(date -u +%FT%TZ), $(nproc) cores, load at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$dir/summary.txt"
start=$(date +%s)
python3 scripts/submit_and_wait.py --url "$url" --target host-cpu "$@" > "$dir/basic.out" 2>&1 &
basic=$!
python3 scripts/submit_and_wait.py --url "$url" --target host-cpu --techniques "$whole" "$@" > "$dir/whole.out" 2>&1 &
whole_arm=$!
wait $basic || echo "# basic arm: the client ended non-zero" | tee -a "$dir/summary.txt"
wait $whole_arm || echo "# whole arm: the client ended non-zero" | tee -a "$dir/summary.txt"
echo "# wall-clock: $(( $(date +%s) - start )) s; load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$dir/summary.txt"
python3 bench/final/compression_report.py --url "$url" --save "$dir" \
  basic="$(sed -n 's/^submitted \([0-9a-f-]*\).*/\1/p' "$dir/basic.out")" \
  whole="$(sed -n 's/^submitted \([0-9a-f-]*\).*/\1/p' "$dir/whole.out")" | tee -a "$dir/summary.txt"
