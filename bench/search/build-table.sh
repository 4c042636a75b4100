#!/usr/bin/env bash
# Evaluates every candidate of the reduced space (or of the compression slice) once with the real evaluator (the bench module's
# BuildTable), with the environment every evaluator launch needs (evaluator/README.md).
# Usage: bench/search/build-table.sh [TABLE.jsonl] [EPOCHS] [TRAIN_SUBSET|all] [reduced|compression]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests process-classes -pl bench -am -Dskip.web-ui # writes target/classpath.txt
set -a; . evaluator/native.env; set +a   # libtorch's environment, written once there
# The classpath goes in an argument file: with it on the command line (~20 KB) the process died
# of SIGSEGV in native code during the first evaluation, every time (2026-12-02); the same
# classpath from an argument file, or a short command line, never did.
printf -- '-cp "%s"\n' "bench/target/classes:$(cat bench/target/classpath.txt)" > bench/target/classpath.args
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager @bench/target/classpath.args dev.sculptor.bench.search.BuildTable "$@"
