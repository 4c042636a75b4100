#!/usr/bin/env bash
# Starts the whole product locally (./sculptor start: PostgreSQL, Kafka, api, worker, one
# evaluator), runs one search through it and splits the job's wall time into evaluation and
# everything else; see worker_overhead.py. Usage: bench/search/worker-overhead.sh [CANDIDATES]
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
./sculptor start > "$log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q "API key" "$log" && break
  kill -0 $stack 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
key=$(grep "API key" "$log" | awk '{print $4}')
SCULPTOR_API_KEY=$key python3 bench/search/worker_overhead.py --candidates "${1:-24}"
