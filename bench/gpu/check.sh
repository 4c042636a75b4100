#!/usr/bin/env bash
# One-shot GPU check, for a machine with an NVIDIA GPU, network access (or the runtime in ~/.m2),
# Java 25 and CUDA 12's cuBLAS and runtime. NOT RUN YET: the one GPU machine lent so far had none of
# these (offline-check.sh ran there instead; see docs/attach-a-device.md). It
#   1. prints nvidia-smi (GPU model, driver, CUDA version),
#   2. builds the GPU evaluator (-Pgpu: ONNX Runtime with the CUDA execution provider; downloads
#      onnxruntime_gpu, 612 MiB, unless ~/.m2 has it) and runs CudaTimingTest on this GPU,
#   3. evaluates a few candidate networks with SCULPTOR_TARGET=nvidia-gpu: the evaluator's own
#      timing with the CUDA provider, the latency the product would store,
#   4. times the same exported files with Python's onnxruntime-gpu (CUDA and CPU providers), when it
#      is installed, for comparison,
# and writes the figures to bench/gpu/results-<host>.txt, to be recorded in docs/benchmarks.md.
# Usage: bench/gpu/check.sh [work-dir]   (run from anywhere; needs Java 25 in JAVA_HOME)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="bench/gpu/results-$(hostname).txt"
work="${1:-$(mktemp -d)}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

command -v nvidia-smi >/dev/null || { echo "nvidia-smi not found: this is not a GPU machine (or the driver is missing)"; exit 2; }
{
  echo "# GPU check on $(hostname), $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
  nvidia-smi | head -4
} | tee "$out"

# a CPU build's onnxruntime jar left in target/lib would sit beside the GPU one (the evaluator refuses that)
rm -rf evaluator/target/lib
./mvnw -B -ntp -q -Pgpu -Dskip.web-ui -DskipTests install -pl evaluator -am
./mvnw -B -ntp -Pgpu -Dskip.web-ui -pl evaluator test -Dtest=CudaTimingTest \
  -Dsurefire.failIfNoSpecifiedTests=false | tee "$work/cuda-test.log" | grep -E "Tests run|FAIL" | tee -a "$out"
# On a GPU the test for machines without one is skipped: 3 run, 1 skipped, the CUDA timing among the 2
grep -q "Tests run: 3, Failures: 0, Errors: 0, Skipped: 1" "$work/cuda-test.log" \
  || { echo "CudaTimingTest did not time on this GPU (expected 3 run, 1 skipped): see $work/cuda-test.log" | tee -a "$out"; exit 3; }

jar=evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar

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
  (set -a; . evaluator/native.env; set +a; export SCULPTOR_TARGET=nvidia-gpu; exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -cp "$jar:evaluator/target/lib/*" \
    dev.sculptor.evaluator.cli.Main evaluate "$spec" --dataset synthetic --epochs 1 --subset 300 --out "$work/out-$i") > "$work/result-$i.json"
done

echo "## the evaluator's own CUDA timing (what the product stores)" | tee -a "$out"
for r in "$work"/result-*.json; do
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); l=r["metrics"]["latency"]; print(sys.argv[1].rsplit("/",1)[1], "median", l["medianMs"], "ms  p90", l["p90Ms"], "ms |", l["source"]["hardware"], "|", l["source"]["method"])' "$r" | tee -a "$out"
done

python3 -c 'import onnxruntime as ort; assert "CUDAExecutionProvider" in ort.get_available_providers()' 2>/dev/null \
  || { echo "no Python onnxruntime-gpu: comparison skipped (pip install onnxruntime-gpu)" | tee -a "$out"; exit 0; }
echo "## Python onnxruntime-gpu on the same files" | tee -a "$out"
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
