#!/usr/bin/env bash
# The GPU check for a GPU machine that cannot download anything and has no Java (the lent machines
# of this workplace: PyTorch with CUDA, ONNX Runtime for Python, no network). check.sh is the full
# check (the product's own CUDA timing in Java); this one runs the product's exported networks on the
# GPU in PyTorch (torch_cuda.py) and records why check.sh cannot run there.
# Prepare on a machine with the build (writes weightless graphs, a few hundred KB, into DIR):
#   bench/evaluator/run.sh bench/gpu/ExportNetworks.java 200 11 /tmp/nets
#   /usr/bin/python3 bench/gpu/strip_weights.py /tmp/nets DIR
# Run on the GPU machine:   bench/gpu/offline-check.sh DIR OUT [PASSES] [WARMUP] [RUNS]
# Then here:                bench/evaluator/run.sh bench/gpu/GpuReport.java OUT/gpu-eager.jsonl OUT/gpu-graph.jsonl
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=$1 out=$2
mkdir -p "$out"
{
  echo "# offline GPU check on $(hostname), $(date -u +%FT%TZ)"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
  nvidia-smi | sed -n 3p
  echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) x $(nproc)"
  echo "## what the product's own GPU evaluator (ONNX Runtime Java, CUDA execution provider) needs"
  echo "java: $(command -v java || echo 'none')"
  libs=$( (ldconfig -p | grep -o '/.*'; timeout 30 find /usr /opt /lib /lib64 \( -name 'libcublas*.so*' -o -name 'libcudart.so*' \
    -o -name 'libcurand.so*' -o -name 'libcudnn.so*' \) 2>/dev/null) | sort -u)
  echo "CUDA 12 libraries onnxruntime_gpu 1.29 links, and cuDNN 9:"
  for lib in libcublas.so.12 libcublasLt.so.12 libcudart.so.12 libcurand.so.10 libcudnn.so.9; do
    echo "  $lib: $(grep -m1 "/$lib" <<<"$libs" || echo absent)"
  done
  echo "CUDA libraries present: $(grep -oE '(libcublas|libcudart)[^/]*\.so\.[0-9]+$' <<<"$libs" | sort -u | tr '\n' ' ')"
  python3 -c 'import onnxruntime as o; print("python onnxruntime", o.__version__, o.get_available_providers())'
} 2>&1 | tee "$out/environment.txt"
PYTHONUNBUFFERED=1 python3 bench/gpu/torch_cuda.py "$dir" "$out" "${3:-2}" "${4:-50}" "${5:-200}" 2>&1 | tee "$out/torch_cuda.log"
