#!/usr/bin/env bash
# One-shot GPU check, for a machine with an NVIDIA GPU. NOT RUN YET: no GPU was available where this
# was written (see docs/attach-a-device.md). It
#   1. prints nvidia-smi (GPU model, driver, CUDA version),
#   2. exports a few candidate networks to ONNX with the evaluator (on the CPU: `evaluator evaluate`),
#   3. times each exported model at batch 1 with ONNX Runtime's CUDA execution provider and, for
#      comparison, its CPU provider (Python's onnxruntime-gpu, which has both),
# and writes the figures to bench/gpu/results-<host>.txt, to be recorded in docs/benchmarks.md.
# Usage: bench/gpu/check.sh [models-dir]   (run from the repository root after building the evaluator)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="bench/gpu/results-$(hostname).txt"
work="${1:-$(mktemp -d)}"

command -v nvidia-smi >/dev/null || { echo "nvidia-smi not found: this is not a GPU machine (or the driver is missing)"; exit 2; }
{
  echo "# GPU check on $(hostname), $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
  nvidia-smi | head -4
} | tee "$out"

python3 -c 'import onnxruntime as ort; p = ort.get_available_providers(); print("onnxruntime", ort.__version__, p); assert "CUDAExecutionProvider" in p' \
  || { echo "onnxruntime-gpu with the CUDA provider is needed: pip install onnxruntime-gpu" | tee -a "$out"; exit 3; }

jar=evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] || { echo "build the evaluator first: ./mvnw -B -ntp -DskipTests -Dskip.web-ui package -pl evaluator -am"; exit 4; }

# Three networks of growing size from the search space (the specs the evaluator's README uses).
i=0
for width in 8 24 64; do
  i=$((i + 1))
  spec="$work/net-$i.json"
  cat > "$spec" <<JSON
{"architecture": {"stemWidth": $width, "stages": [
   {"block": "CONV_BN_ACT", "kernel": 3, "width": $width, "depth": 1, "expansion": 1},
   {"block": "INVERTED_RESIDUAL", "kernel": 3, "width": $((width * 2)), "depth": 2, "expansion": 4}],
  "activation": "RELU", "headHidden": 0},
 "compression": {"precision": "FP32", "pruningRatios": []}, "training": {"learningRate": 0.001, "batchSize": 64}}
JSON
  (set -a; . evaluator/native.env; set +a; exec java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -cp "$jar:evaluator/target/lib/*" \
    dev.sculptor.evaluator.cli.Main evaluate "$spec" --dataset synthetic --epochs 1 --subset 300 --out "$work/out-$i") > "$work/result-$i.json"
done

python3 - "$work" <<'PY' | tee -a "$out"
import glob, statistics, sys, time
import numpy as np, onnxruntime as ort
for path in sorted(glob.glob(sys.argv[1] + "/out-*/**/model.onnx", recursive=True)):
    for provider in ("CUDAExecutionProvider", "CPUExecutionProvider"):
        s = ort.InferenceSession(path, providers=[provider])
        x = np.random.rand(1, 1, 28, 28).astype(np.float32)
        name = s.get_inputs()[0].name
        for _ in range(300): s.run(None, {name: x})
        t = []
        for _ in range(200):
            a = time.perf_counter(); s.run(None, {name: x}); t.append((time.perf_counter() - a) * 1000)
        t.sort()
        print(f"{path.split('/out-')[1].split('/')[0]:>3} {provider:22} median {statistics.median(t):.3f} ms  p90 {t[179]:.3f} ms")
PY
echo "figures written to $out; record them in docs/benchmarks.md"
