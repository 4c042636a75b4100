#!/usr/bin/env bash
# Load on the api alone: starts PostgreSQL, Kafka and the api (no worker, no evaluator, so the
# jobs stay queued and only the api is measured), then runs ApiLoad at 300 req/s for 30 s with
# 100 server-sent event streams held open.
# Usage: bench/api/run.sh [rate] [seconds] [streams] [teams]  (teams: submits spread over that many
# new teams; 0, the default, submits as the one local team)
# WARMUP_SECONDS (default 15): unmeasured load at the rate before the measured window.
# PROFILE=/path/api.jfr records the api with Java Flight Recorder (settings=profile) during the load.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-300}; SECONDS_=${2:-30}; STREAMS=${3:-100}; TEAMS=${4:-0}
JAVA_HOME=$(./sculptor java-home); export JAVA_HOME
./mvnw -B -q -ntp -DskipTests package -pl local-stack,api -am
DATA=$(mktemp -d)
# The load submits thousands of jobs for one team and none ever runs: lift its active-jobs quota.
export SCULPTOR_QUOTA_ACTIVE_JOBS=1000000
# ... and hold all the streams with its one key.
export SCULPTOR_SSE_MAX_STREAMS_PER_KEY=$((STREAMS + 1))
"$JAVA_HOME/bin/java" -cp "local-stack/target/classes:local-stack/target/lib/*" -Dsculptor.data="$DATA" \
  -Dsculptor.port.api=18080 -Dsculptor.port.postgres=15432 -Dsculptor.port.kafka=19092 \
  dev.sculptor.local.Launcher start --only api > "$DATA/stack.log" 2>&1 &
STACK=$!
trap 'kill $STACK 2>/dev/null; wait $STACK 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 120); do curl -fs http://127.0.0.1:18080/q/health/ready >/dev/null 2>&1 && break; sleep 1; done
KEY=$(sed -n 's/^team=//p' "$DATA/keys.properties")
ADMIN=$(sed -n 's/^admin=//p' "$DATA/keys.properties")
if [ "$TEAMS" -gt 0 ]; then EXTRA=("$ADMIN" "$TEAMS"); else EXTRA=(); fi
API_PID=$(pgrep -f 'api/target/quarkus-app/quarkus-run.jar' | head -1)
[ -z "${PROFILE:-}" ] || "$JAVA_HOME/bin/jcmd" "$API_PID" JFR.start name=bench settings=profile >/dev/null
STATUS=0
"$JAVA_HOME/bin/java" bench/api/ApiLoad.java http://127.0.0.1:18080 "$KEY" "$RATE" "$SECONDS_" "$STREAMS" "${EXTRA[@]}" || STATUS=$?
[ -z "${PROFILE:-}" ] || "$JAVA_HOME/bin/jcmd" "$API_PID" JFR.dump name=bench filename="$PROFILE" >/dev/null
exit $STATUS
