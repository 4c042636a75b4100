#!/usr/bin/env bash
# Checks the host-cpu latency model's kernel plan (core/latency/OnnxRuntimeCpuPlan) against ONNX
# Runtime's own optimised graphs on an AVX2 CPU (no AVX-512), where ONNX Runtime blocks channels by
# 8 instead of 16, without needing such a machine: OnnxRuntimeCpuPlanAgreementTest runs in a JVM
# under qemu-user emulating a Haswell CPU (evaluator/src/test/qemu/x86_64/bin/java; AVX2 and FMA, which
# TCG emulates since QEMU 7.2). Nothing is timed (emulated time means nothing); only which kernels
# ONNX Runtime plans is compared. Needs Debian's qemu-user. About a minute for 200 networks on a
# 2-core VM: ONNX Runtime only builds and optimises each graph.
#   bench/latency/plan-check-avx2.sh [QEMU_CPU [NETWORKS]]   (default: the wrapper's Haswell, 200
#   networks; Nehalem is an SSE4.2 CPU, where ONNX Runtime also blocks by 8)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -n "${1:-}" ] && export SCULPTOR_QEMU_CPU=$1
networks=${2:-200}
command -v qemu-x86_64 >/dev/null || { echo "needs qemu-x86_64 (apt-get install qemu-user)" >&2; exit 2; }
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
export SCULPTOR_QEMU_JAVA_HOME=$JAVA_HOME
wrapper=evaluator/src/test/qemu/x86_64/bin/java   # what the evaluator's plan-on-avx2 test execution uses
echo "JVM under qemu-x86_64 -cpu ${SCULPTOR_QEMU_CPU:-Haswell (the wrapper default)}: $("$wrapper" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -E ' UseAVX ' | tr -s ' ')"
./mvnw -B -ntp -Dskip.web-ui -pl evaluator process-test-classes surefire:test@default-test -Djvm="$PWD/$wrapper" \
  -Dtest=OnnxRuntimeCpuPlanAgreementTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsculptor.plan.requireBlock=8 -Dsculptor.plan.networks="$networks"
