#!/usr/bin/env bash
# The tabular benchmark at two fidelities: the product's genetic search replayed with fixed
# fidelity and with successive halving (FidelityReplay), on the committed full table and the
# low-fidelity table (the same 576 candidates, 1 epoch on the first 2,000 training digits).
# Usage: bench/search/fidelity-replay.sh [SEEDS] [MAX_BYTES] [MAX_LATENCY_MS] [KEEP]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
SEEDS=${1:-20} MAX_BYTES=${2:-20000} MAX_LATENCY=${3:-0.30} KEEP=${4:-0.5}
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests process-classes -pl bench -am -Dskip.web-ui # writes target/classpath.txt
mkdir -p bench/search/results
printf -- '-cp "%s"\n' "bench/target/classes:$(cat bench/target/classpath.txt)" > bench/target/classpath.args
# 2,000 of the 8,002 training digits: the low table's share of the full training
"$JAVA_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager @bench/target/classpath.args \
  dev.sculptor.bench.search.FidelityReplay \
  bench/search/table/mobile-cnn-reduced.jsonl bench/search/table/mobile-cnn-reduced-2000.jsonl "$(python3 -c 'print(2000/8002)')" \
  bench/search/results/fidelity-replay.csv "$SEEDS" "$MAX_BYTES" "$MAX_LATENCY" "$KEEP" \
  | tee bench/search/results/fidelity-replay-summary.txt
