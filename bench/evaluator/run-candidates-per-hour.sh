#!/usr/bin/env bash
# Candidates per hour at the default fidelity over N random candidates (default 10); see CandidatesPerHour.java.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
./mvnw -B -q -ntp -DskipTests package -pl evaluator -am
export ONEDNN_MAX_CPU_ISA=AVX2 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -cp "evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar:evaluator/target/lib/*" bench/evaluator/CandidatesPerHour.java "${1:-10}"
