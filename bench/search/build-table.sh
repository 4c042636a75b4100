#!/usr/bin/env bash
# Evaluates every candidate of the reduced space once with the real evaluator; see BuildTable.java.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests package -pl evaluator -am
export ONEDNN_MAX_CPU_ISA=AVX2 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -cp "evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar:evaluator/target/lib/*" bench/search/BuildTable.java "$@"
