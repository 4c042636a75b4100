#!/usr/bin/env bash
# Times random mobile-cnn networks in ONNX Runtime on this machine with the product's measurement
# code and fits the host-cpu latency model (evaluator calibrate), then prints the error report.
# Writes core/src/main/resources/latency/host-cpu.json and bench/latency/host-cpu-samples.jsonl.
# Run it on a quiet machine: it prints the load average before and after (prefer < 1.5).
#   bench/latency/calibrate.sh [--networks 450] [--repeats 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests -Dskip.web-ui package -pl evaluator -am
set -a; . evaluator/native.env; set +a   # libtorch's environment, written once there
echo "load before: $(uptime)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true \
  -cp "evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar:evaluator/target/lib/*" dev.sculptor.evaluator.cli.Main calibrate \
  --target host-cpu --out core/src/main/resources/latency/host-cpu.json --samples bench/latency/host-cpu-samples.jsonl "$@"
echo "load after: $(uptime)"
SKIP_BUILD=1 bench/evaluator/run.sh bench/latency/Report.java bench/latency/host-cpu-samples.jsonl \
  --model core/src/main/resources/latency/host-cpu.json
