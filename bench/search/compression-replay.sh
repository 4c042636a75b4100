#!/usr/bin/env bash
# Replays the product's search on the compression slice's table (the bench module's
# CompressionReplay): the whole compression genome against today's at equal evaluations, over N
# seeds, and what each technique buys in the table. Prints the summary and keeps it in
# bench/search/results/compression-replay-MAX_BYTES-MAX_LATENCY_MS.txt.
# Usage: bench/search/compression-replay.sh [SEEDS] [MAX_BYTES] [MAX_LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests process-classes -pl bench -am -Dskip.web-ui # writes target/classpath.txt
mkdir -p bench/search/results
SEEDS=${1:-20} MAX_BYTES=${2:-20000} MAX_LATENCY=${3:-0.05}
printf -- '-cp "%s"\n' "bench/target/classes:$(cat bench/target/classpath.txt)" > bench/target/classpath.args
"$JAVA_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager @bench/target/classpath.args \
  dev.sculptor.bench.search.CompressionReplay bench/search/table/mobile-cnn-compression.jsonl \
  "$SEEDS" "$MAX_BYTES" "$MAX_LATENCY" | tee "bench/search/results/compression-replay-$MAX_BYTES-$MAX_LATENCY.txt"
