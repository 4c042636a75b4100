#!/usr/bin/env bash
# Replays genetic, genetic+RL pruning, random and regularized evolution against the committed table
# over N seeds (default 20) with the product's strategies and proposal step (the bench module's
# ReplayTable), writes the curves to bench/search/results/ and plots them into docs/.
# Usage: bench/search/replay.sh [SEEDS] [MAX_BYTES] [MAX_LATENCY_MS] [STRATEGIES]
# (STRATEGIES: labels, comma-separated, e.g. genetic,genetic+rl-pruning; default all four)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests process-classes -pl bench -am -Dskip.web-ui # writes target/classpath.txt
mkdir -p bench/search/results
SEEDS=${1:-20} MAX_BYTES=${2:-20000} MAX_LATENCY=${3:-0.30} STRATEGIES=${4:-}
printf -- '-cp "%s"\n' "bench/target/classes:$(cat bench/target/classpath.txt)" > bench/target/classpath.args
"$JAVA_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager @bench/target/classpath.args dev.sculptor.bench.search.ReplayTable \
  bench/search/table/mobile-cnn-reduced.jsonl bench/search/results/replay.csv \
  "$SEEDS" "$MAX_BYTES" "$MAX_LATENCY" $STRATEGIES | tee bench/search/results/replay-summary.txt
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  /usr/bin/python3 bench/search/plot.py bench/search/results/replay.csv docs/search-tabular-benchmark.png
else
  echo "matplotlib is missing (apt-get install -y python3-matplotlib): no plot" >&2
fi
