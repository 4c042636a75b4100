#!/usr/bin/env bash
# Runs one single-file benchmark program on the evaluator's classpath, with the environment every
# evaluator launch needs (evaluator/README.md: oneDNN ISA for finite conv gradients, glibc malloc
# settings for speed). Builds the evaluator first unless SKIP_BUILD is set.
#   bench/evaluator/run.sh bench/evaluator/AccuracyOverSeeds.java 10
#   bench/evaluator/run.sh bench/evaluator/CandidatesPerHour.java 10
#   bench/evaluator/run.sh bench/evaluator/LatencyRepeatability.java 20
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: bench/evaluator/run.sh PROGRAM.java [ARGS...]" >&2; exit 2; }
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests package -pl evaluator -am
set -a; . evaluator/native.env; set +a   # libtorch's environment, written once there
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -cp "evaluator/target/sculptor-evaluator-0.1.0-SNAPSHOT.jar:evaluator/target/lib/*" "$@"
