#!/usr/bin/env bash
# Runs the evaluator's linux-aarch64 distribution (what `-Paarch64 package` builds, as
# docs/attach-a-device.md has a Raspberry Pi run it) on emulated ARM cores, without an ARM machine:
# Debian trixie's arm64 OpenJDK 25 under qemu-user (qemu-aarch64 -cpu cortex-a72 is the Raspberry
# Pi 4's core, ARMv8.0; cortex-a76 the Pi 5's, ARMv8.2). Nothing is timed for a figure: emulated
# time means nothing. What it checks, each step's outcome written to the results file:
#   1. on a Cortex-A72: `evaluate` is refused with the reason (DJL's aarch64 libtorch needs
#      ARMv8.1 atomics); told the CPU has them, it really does stop with SIGILL in libtorch; `serve`
#      starts as a time-only evaluator (its candidates train elsewhere; the whole split evaluation
#      runs on an emulated A72 in system-tests' DeviceRuleTest);
#   2. on a Cortex-A72: `calibrate --target arm-cortex-a72` (ONNX Runtime only) fits a model;
#   3. on a Cortex-A72: the kernel plan (core/latency/OnnxRuntimeCpuPlan, no channel blocking)
#      agrees with ONNX Runtime's own optimised graphs (OnnxRuntimeCpuPlanAgreementTest);
#   4. on a Cortex-A76: serving arm-cortex-a72 is refused (another core), and with the target check
#      off one candidate is trained, exported and measured end to end on aarch64 libtorch and ONNX
#      Runtime.
# The emulated CPU's /proc/cpuinfo is a file of the arm64 root (qemu-user reads /proc/cpuinfo
# through -L like any path), written per step to match the emulated core; its board line says it is
# emulated.
# Needs Debian's qemu-user, network access to deb.debian.org and Maven Central (aarch64 natives).
#   bench/arm/check-under-qemu.sh [NETWORKS]   (plan check on NETWORKS networks, default 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
networks=${1:-200}
work=${SCULPTOR_ARM_WORK:-/tmp/sculptor-arm}
out="bench/arm/results/check-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p "$work" bench/arm/results
command -v qemu-aarch64 >/dev/null || { echo "needs qemu-aarch64 (apt-get install qemu-user)" >&2; exit 2; }
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
say() { echo "$*" | tee -a "$out"; }
say "# evaluator's linux-aarch64 distribution under $(qemu-aarch64 --version | head -1), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"

# --- an arm64 root with Java 25, from Debian trixie's packages (the one the evaluator's tests use) --
root=$work/root
evaluator/src/test/qemu/arm64-sysroot.sh "$root"
export SCULPTOR_ARM64_ROOT=$root
java=$repo/evaluator/src/test/qemu/aarch64/bin/java   # qemu-aarch64 -cpu $SCULPTOR_QEMU_CPU
cpuinfo() { evaluator/src/test/qemu/arm64-cpuinfo.sh "$@" > "$root/proc/cpuinfo"; }   # part, features, board
a72() { cpuinfo 0xd08 "fp asimd evtstrm crc32 cpuid${1:-}" "qemu-aarch64 emulation, not a Raspberry Pi 4"; }
a76() { cpuinfo 0xd0b "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp" "qemu-aarch64 emulation, not a Raspberry Pi 5"; }
say "JVM: $("$java" -version 2>&1 | sed -n 2p)"

# --- the distribution, built as docs/attach-a-device.md says, from this commit ---------------------
src=$work/src
git worktree remove --force "$src" 2>/dev/null || true
git worktree add -q --detach "$src" HEAD
trap 'cd "$repo" && git worktree remove --force "$src"' EXIT
(cd "$src" && ./mvnw -B -ntp -q -DskipTests -Dskip.web-ui -Paarch64 package -pl evaluator -am) > "$work/build.log" 2>&1
dist=("$src/evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar" "$src/evaluator/target/lib")
say "built: $(ls "${dist[1]}" | grep -E 'pytorch-native|onnxruntime-' | tr '\n' ' ')"
evaluator() { # runs the evaluator CLI on the emulated CPU, in the product's native environment
  (set -a; . evaluator/native.env; set +a; unset ONEDNN_MAX_CPU_ISA   # an x86 oneDNN setting
   cd "$work" && exec "$java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
     -cp "${dist[0]}:${dist[1]}/*" dev.sculptor.evaluator.cli.Main "$@")
}
cat > "$work/net.json" <<'JSON'
{"architecture": {"stemWidth": 8, "stages": [
   {"block": "CONV_BN_ACT", "kernel": 3, "width": 8, "depth": 1, "expansion": 1},
   {"block": "INVERTED_RESIDUAL", "kernel": 3, "width": 16, "depth": 2, "expansion": 4}],
  "activation": "RELU", "headHidden": 0},
 "compression": {"precision": "FP32", "pruningRatios": []}, "training": {"learningRate": 0.001, "batchSize": 64}}
JSON
one=(evaluate "$work/net.json" --dataset synthetic --epochs 1 --subset 300 --out "$work/out")
fails=0
expect() { # what, expected exit code, actual exit code, evidence
  if [ "$2" = "$3" ]; then say "PASS $1 (exit $3): $4"; else say "FAIL $1: exit $3, expected $2: $4"; fails=$((fails + 1)); fi
}

# --- 1. Cortex-A72: training refused with its reason; the SIGILL it prevents; serving time-only ----
export SCULPTOR_QEMU_CPU=cortex-a72
a72
rc=0; SCULPTOR_TARGET=arm-cortex-a72 evaluator "${one[@]}" > "$work/a72.json" 2> "$work/a72.err" || rc=$?
expect "Cortex-A72: evaluate refused" 2 "$rc" "$(grep -o 'evaluator: this CPU.*SIGILL' "$work/a72.err" | head -1)"
a72 " atomics"   # a CPU that claims the instructions it lacks: what the check prevents
rc=0; SCULPTOR_TARGET=arm-cortex-a72 evaluator "${one[@]}" > "$work/a72-sigill.err" 2>&1 || rc=$?   # the JVM's crash report is on stdout
expect "Cortex-A72 told it has atomics: evaluate stops" 134 "$rc" "$(grep -m1 -o 'SIGILL.*' "$work/a72-sigill.err"); $(grep -m1 -A1 'Problematic frame' "$work/a72-sigill.err" | tail -1 | tr -s ' ')"

a72
rc=1; port=18097
SCULPTOR_TARGET=arm-cortex-a72 SCULPTOR_KAFKA_BOOTSTRAP=127.0.0.1:9 SCULPTOR_HTTP_PORT=$port \
  SCULPTOR_ARTIFACT_DIR="$work/artifacts" evaluator serve > "$work/a72-serve.log" 2>&1 &
for _ in $(seq 120); do
  grep -q 'serving arm-cortex-a72' "$work/a72-serve.log" && curl -sf "localhost:$port/q/health/live" > /dev/null && { rc=0; break; }
  sleep 1
done
pkill -f "qemu-aarch64.*Main serve" || true; wait || true
expect "Cortex-A72: serve starts as a time-only evaluator" 0 "$rc" "$(grep -o 'Serving as a time-only evaluator.*' "$work/a72-serve.log" | head -1)"

# --- 2. Cortex-A72: calibration needs only ONNX Runtime ---------------------------------------------
rc=0; SCULPTOR_TARGET=arm-cortex-a72 evaluator calibrate --target arm-cortex-a72 --networks 12 --repeats 1 \
  --out "$work/latency-arm.json" --samples "$work/latency-arm-samples.jsonl" > "$work/calibrate.log" 2>&1 || rc=$?
expect "Cortex-A72: calibrate (12 networks, emulated time: the figures mean nothing)" 0 "$rc" \
  "$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("model for", m["hardwareTarget"], "channel block", m["layoutBlock"], "fitted on", m["fittedOn"])' "$work/latency-arm.json" 2>/dev/null || tail -1 "$work/calibrate.log")"

# --- 3. Cortex-A72: the kernel plan without channel blocking --------------------------------------
rc=0; ./mvnw -B -ntp -Dskip.web-ui -pl evaluator process-test-classes surefire:test@default-test -Djvm="$java" \
  -Dtest=OnnxRuntimeCpuPlanAgreementTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsculptor.plan.requireBlock=1 -Dsculptor.plan.networks="$networks" > "$work/plan.log" 2>&1 || rc=$?
expect "Cortex-A72: kernel plan agrees with ONNX Runtime on $networks networks (block 1)" 0 "$rc" "$(grep -m1 'Tests run:' "$work/plan.log")"

# --- 4. Cortex-A76: not the target's core; with the check off, a whole evaluation -----------------
export SCULPTOR_QEMU_CPU=cortex-a76
a76
rc=0; SCULPTOR_TARGET=arm-cortex-a72 evaluator "${one[@]}" > /dev/null 2> "$work/a76.err" || rc=$?
expect "Cortex-A76: serving arm-cortex-a72 refused" 2 "$rc" "$(grep -o 'needs a Cortex-A72.*' "$work/a76.err" | head -1)"
rc=0; SCULPTOR_TARGET=arm-cortex-a72 SCULPTOR_TARGET_CHECK=off evaluator "${one[@]}" > "$work/a76.json" 2>> "$work/a76.err" || rc=$?
expect "Cortex-A76: one candidate trained, exported, measured (check off)" 0 "$rc" \
  "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); m=r["metrics"]; print(r["status"], "| accuracy", m["accuracy"], "| export fp32 max |diff|", m["export"]["fp32MaxAbsDiff"], "|", m["latency"]["source"]["hardware"], "|", r["evaluator"]["engine"])' "$work/a76.json" 2>/dev/null || tail -3 "$work/a76.err")"

say "$fails step(s) failed; results in $out"
exit $((fails > 0))
