#!/usr/bin/env bash
# DJL vs native PyTorch on the same small CNN, same machine, same thread counts and allocator
# settings, alternating the two sides ROUNDS times (default 3) to spread machine noise over both.
# Needs Debian's python3-torch (apt-get install -y python3-torch). Results: docs/benchmarks.md.
# Usage: bench/evaluator/djl-vs-pytorch.sh [ROUNDS] [STEPS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3} STEPS=${2:-100} RUNS=${3:-300}
PY=/usr/bin/python3
if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "native PyTorch is missing: apt-get install -y python3-torch" >&2
  exit 2
fi
set -a; . evaluator/native.env; set +a   # libtorch's environment, written once there
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests package -pl evaluator -am
for round in $(seq "$ROUNDS"); do
  SKIP_BUILD=1 bench/evaluator/run.sh bench/evaluator/DjlVsPytorch.java 2 1 "$STEPS" "$RUNS" 2>/dev/null | grep '^{'
  "$PY" bench/evaluator/torch_cnn.py 2 1 "$STEPS" "$RUNS"
done
