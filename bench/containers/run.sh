#!/usr/bin/env bash
# Candidates per hour with N evaluator containers, and the worker's overhead per candidate, on the
# compose stack (docker/compose.yaml; images from docker/build.sh). One search on the seeded
# synthetic dataset, the same for every N. Results: docs/benchmarks.md ("Containers").
#   bench/containers/run.sh EVALUATORS [CANDIDATES] [TRAIN_SUBSET]      e.g. bench/containers/run.sh 2 6 500
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
. docker/engine.sh
t0=$(date +%s)
say() { echo "[bench $(( $(date +%s) - t0 ))s] $*"; }
fail() { say "FAILED: $*"; exit 1; }
export SCULPTOR_EVALUATORS=${1:?usage: bench/containers/run.sh EVALUATORS [CANDIDATES]}
STACK_PROJECT=sculptor-bench
. docker/stack.sh
say "load average before the job: $(cut -d' ' -f1-3 /proc/loadavg)"
SCULPTOR_API_KEY=$key python3 bench/search/worker_overhead.py --url "http://127.0.0.1:$port" \
  --dataset synthetic --candidates "${2:-6}" --epochs 1 --subset "${3:-500}" --fine-tune-epochs 0
say "load average after the job: $(cut -d' ' -f1-3 /proc/loadavg)"
for id in $("$ENGINE" ps -q --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.service=evaluator); do
  say "evaluator $id handled $("$ENGINE" logs "$id" 2>&1 | grep -c 'INFO: candidate') candidate(s)"
done
