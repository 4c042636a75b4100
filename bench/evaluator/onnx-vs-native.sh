#!/usr/bin/env bash
# One table: batch-1 latency of the same three networks (≈0.2, ≈2, ≈30 MMACs) in DJL, ONNX Runtime
# fp32 / fp16 / int8 (OnnxVsDjl.java, the product's exporter and meter) and native PyTorch from
# Debian's python3-torch, eager and TorchScript frozen + optimize_for_inference (onnx_torch.py,
# which rebuilds each network from the exported fp32 .onnx and checks it against ONNX Runtime's
# logits within 1e-4). 1 intra-op thread, 300 warm-up runs, RUNS timed runs, median. ROUNDS repeats
# the whole pass (Java side, then native side) to spread machine noise. Results: docs/benchmarks.md.
# Usage: bench/evaluator/onnx-vs-native.sh [RUNS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-500} ROUNDS=${2:-1}
PY=/usr/bin/python3
if ! "$PY" -c 'import torch, onnx' 2>/dev/null; then
  echo "native PyTorch or ONNX is missing: apt-get install -y python3-torch python3-onnx" >&2
  exit 2
fi
# evaluator/native.env (oneDNN capped at SSE4.1, malloc perturbation) is for the product's libtorch:
# run.sh sources it for the Java side; native PyTorch runs with its own defaults, at its best.
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests -Dskip.web-ui package -pl evaluator -am
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
results="$dir/results.csv"
for round in $(seq "$ROUNDS"); do
  echo "# round $round, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  SKIP_BUILD=1 bench/evaluator/run.sh bench/evaluator/OnnxVsDjl.java "$RUNS" "$dir" 2>/dev/null | grep --line-buffered -v '^model,' | tee -a "$results"
  for name in small medium large; do
    "$PY" bench/evaluator/onnx_torch.py "$name" "$(cat "$dir/$name.mmacs")" "$dir/$name-fp32.onnx" \
      "$dir/$name.input.f32" "$dir/$name.expected.f32" "$RUNS" 300 | tee -a "$results"
  done
  echo "# round $round, load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
"$PY" bench/evaluator/latency_table.py "$results"
