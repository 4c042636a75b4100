#!/usr/bin/env bash
# Sculptor's genetic search (model-guided breeding, with and without the RL pruning policy, and the
# plain breeding for reference) against Optuna's samplers on the committed table, for the same seeds
# and three constraint settings, scored by the product's hypervolume (PeerComparison); prints the
# paired per-seed comparison with TPE+constraints and plots into docs/.
# Usage: bench/search/compare.sh [SEEDS] [OPTUNA_STRATEGIES]
#   SEEDS defaults to 50; OPTUNA_STRATEGIES (comma-separated, default tpe-constrained,tpe,nsga2,random).
#   OPTUNA_CSV=path reuses an optuna_peers.py result instead of running Optuna (it is the slow part).
# Every run stops at 99% of the table's best hypervolume: nothing past it is scored.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
SEEDS=${1:-50} PEERS=${2:-tpe-constrained,tpe,nsga2,random}
SETTINGS=(tight=10000:0.25 current=20000:0.30 loose=50000:0.40)
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -ntp -DskipTests process-classes -pl bench -am -Dskip.web-ui # writes target/classpath.txt
mkdir -p bench/search/results
OPTUNA_CSV=${OPTUNA_CSV:-bench/search/results/optuna-orders.csv}
if [ ! -s "$OPTUNA_CSV" ] || [ -z "${REUSE_OPTUNA:-}" ]; then
  nice /usr/bin/python3 bench/search/optuna_peers.py bench/search/table/mobile-cnn-reduced.jsonl \
    "$OPTUNA_CSV" "$SEEDS" "${SETTINGS[@]}" --strategies "$PEERS" --stop-at 0.99
fi
printf -- '-cp "%s"\n' "bench/target/classes:$(cat bench/target/classpath.txt)" > bench/target/classpath.args
nice "$JAVA_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dreplayed="${REPLAYED:-GENETIC,GENETIC_RL_PRUNING,GENETIC_PLAIN,GENETIC_PLAIN_RL_PRUNING}" \
  @bench/target/classpath.args dev.sculptor.bench.search.PeerComparison \
  bench/search/table/mobile-cnn-reduced.jsonl "$OPTUNA_CSV" bench/search/results/compare.csv \
  "$SEEDS" "${SETTINGS[@]}" | tee bench/search/results/compare-summary.txt
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  /usr/bin/python3 bench/search/plot_compare.py bench/search/results/compare.csv docs/search-peer-comparison.png
else
  echo "matplotlib is missing (apt-get install -y python3-matplotlib): no plot" >&2
fi
