#!/usr/bin/env bash
# The canonical job end to end on this machine: "best model under 10 MB / 50 ms" on mnist-10k with
# the default budget and final phase, measured on host-cpu, through the documented Python client.
# Starts the product with ./sculptor start (its own data under .sculptor/), submits, waits, prints
# the front with each final model's test accuracy and the job's wall-clock time, then stops it.
# Usage: bench/final/canonical.sh [extra submit_and_wait.py options]
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/final/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
log=bench/final/results/canonical-$stamp.log
out=bench/final/results/canonical-$stamp.txt

source bench/final/product.sh

{
  echo "# canonical job, $(date -u +%FT%TZ), $(nproc) cores, load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s)
  SCULPTOR_API_KEY=$key python3 scripts/submit_and_wait.py --url "$url" --target host-cpu "$@"
  echo "# wall-clock: $(( $(date +%s) - start )) s; load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
