#!/usr/bin/env bash
# The whole product in containers, end to end: builds the images that are missing (docker/build.sh),
# starts docker/compose.yaml under its own project name, creates a team with the admin key, submits
# "best model under 10 MB / 50 ms" (mnist-10k, 4 candidates, 1 epoch on 1,000 digits) over REST,
# waits for SUCCEEDED, checks the Pareto front and downloads the best model, then tears everything
# down, volumes included, also when a step fails. Exits non-zero on any failure.
#
#   docker/smoke.sh [--rebuild]        SMOKE_TIMEOUT_MINUTES (default 20) bounds the job's wait.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. docker/engine.sh

t0=$(date +%s)
say() { echo "[smoke $(( $(date +%s) - t0 ))s] $*"; }
fail() { say "FAILED: $*"; exit 1; }

if [ "${1:-}" = --rebuild ]; then
  docker/build.sh
else
  missing=()
  for image in base:bookworm java:25 api:local search-worker:local evaluator:local postgres:15 kafka:4.4.0; do
    "$ENGINE" image inspect "sculptor/$image" >/dev/null 2>&1 || missing+=("${image%%:*}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "building ${missing[*]}"
    if [[ " ${missing[*]} " == *" api "* || " ${missing[*]} " == *" evaluator "* || " ${missing[*]} " == *" search-worker "* || " ${missing[*]} " == *" kafka "* ]]; then
      docker/build.sh "${missing[@]}"
    else
      docker/build.sh --skip-maven "${missing[@]}"
    fi
  fi
fi

project=${SMOKE_PROJECT:-sculptor-smoke}
secrets=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export SCULPTOR_SECRETS=$secrets SCULPTOR_API_PORT=$port SCULPTOR_EVALUATORS=${SCULPTOR_EVALUATORS:-1}
openssl rand -hex 24 >"$secrets/db_password"
admin_key=$(openssl rand -hex 24)
printf '%s' "$admin_key" >"$secrets/admin_key"
chmod 644 "$secrets"/*   # read by the containers' non-root users through bind mounts; the folder is 700
compose() { "${COMPOSE[@]}" -p "$project" -f "$root/docker/compose.yaml" "$@"; }

teardown() {
  local rc=$?
  if [ $rc -ne 0 ]; then
    say "last log lines of each service:"
    for id in $("$ENGINE" ps -aq --filter "label=com.docker.compose.project=$project"); do
      echo "----- $("$ENGINE" inspect --format '{{.Name}}' "$id")"
      "$ENGINE" logs --tail 25 "$id" 2>&1 | cut -c1-300 || true
    done
  fi
  say "tearing down"
  compose down -v >/dev/null 2>&1 || true
  # podman-compose 1.0.3 leaves nothing behind with down -v; make sure whatever the engine, none of ours stays
  leftover=$("$ENGINE" ps -aq --filter "label=com.docker.compose.project=$project")
  [ -z "$leftover" ] || "$ENGINE" rm -f $leftover >/dev/null 2>&1 || true
  for v in $("$ENGINE" volume ls -q --filter "label=com.docker.compose.project=$project" 2>/dev/null); do
    "$ENGINE" volume rm -f "$v" >/dev/null 2>&1 || true
  done
  rm -rf "$secrets"
  [ $rc -eq 0 ] && say "PASSED in $(( $(date +%s) - t0 )) s" || say "exit $rc after $(( $(date +%s) - t0 )) s"
  exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM

containers() { "$ENGINE" ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1"; }
healthy() { # every container of service $1 passes its image's HEALTHCHECK
  local ids id; ids=$(containers "$1"); [ -n "$ids" ] || return 1
  for id in $ids; do
    if [ "$ENGINE" = podman ]; then
      podman healthcheck run "$id" >/dev/null 2>&1 || return 1   # no systemd timers here: run it ourselves
    else
      [ "$(docker inspect --format '{{.State.Health.Status}}' "$id")" = healthy ] || return 1
    fi
  done
}
await_healthy() { # await_healthy SECONDS SERVICE...
  local deadline=$(( $(date +%s) + $1 )); shift
  for s in "$@"; do
    until healthy "$s"; do
      [ "$(date +%s)" -lt "$deadline" ] || fail "$s not healthy in time"
      sleep 2
    done
    say "$s healthy"
  done
}

# podman-compose ignores depends_on conditions: start the stateful services first and wait for them.
say "starting postgres and kafka (project $project, engine $ENGINE)"
compose up -d postgres kafka >/dev/null
await_healthy 180 postgres kafka
say "starting api, search-worker and $SCULPTOR_EVALUATORS evaluator(s); api on port $port"
compose up -d >/dev/null
await_healthy 300 api search-worker evaluator

api=http://127.0.0.1:$port/api/v1
curl -fsS "http://127.0.0.1:$port/" | grep -q '<title>Sculptor</title>' || fail "the web UI is not served"
key=$(curl -fsS -X POST "$api/teams" -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' \
  -d '{"name":"smoke"}' | jq -r .apiKey)
[ -n "$key" ] && [ "$key" != null ] || fail "no team key"
auth=(-H "Authorization: Bearer $key")
job=$(curl -fsS -X POST "$api/jobs" "${auth[@]}" -H 'Content-Type: application/json' -H 'Idempotency-Key: smoke-1' -d '{
  "name": "smoke: best model under 10 MB / 50 ms", "dataset": "mnist-10k", "hardwareTarget": "host-cpu",
  "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
  "budget": {"maxCandidates": 4, "maxWallClockMinutes": 15, "populationSize": 2},
  "fidelity": {"epochs": 1, "trainSubset": 1000, "fineTuneEpochs": 0}, "seed": 11}' | jq -r .id)
say "submitted job $job"
deadline=$(( $(date +%s) + ${SMOKE_TIMEOUT_MINUTES:-20} * 60 ))
status=
while :; do
  body=$(curl -fsS "$api/jobs/$job" "${auth[@]}")
  now=$(jq -r '.status' <<<"$body")
  [ "$now" = "$status" ] || say "job $now $(jq -c '.progress // {}' <<<"$body")"
  status=$now
  case "$status" in SUCCEEDED) break ;; FAILED | CANCELLED) fail "job $status: $(jq -r '.failureReason' <<<"$body")" ;; esac
  [ "$(date +%s)" -lt "$deadline" ] || fail "job still $status after ${SMOKE_TIMEOUT_MINUTES:-20} minutes"
  sleep 3
done
job_seconds=$(( $(date +%s) - t0 ))

front=$(curl -fsS "$api/jobs/$job/pareto" "${auth[@]}")
n=$(jq '.candidates | length' <<<"$front")
[ "$n" -gt 0 ] || fail "empty front"
jq -e '.candidates | all(.feasible == true and .modelBytes <= 10000000 and .metrics.latency.source.kind == "MEASURED")' \
  <<<"$front" >/dev/null || fail "front has an infeasible or unmeasured candidate: $front"
best=$(jq -r '.candidates | max_by(.accuracy) | .id' <<<"$front")
bytes=$(jq -r ".candidates[] | select(.id == \"$best\") | .modelBytes" <<<"$front")
say "front: $n candidate(s); best $(jq -c ".candidates[] | select(.id == \"$best\") | {accuracy, latencyMs, modelBytes}" <<<"$front")"
model=$secrets/model.onnx
curl -fsS -o "$model" "$api/jobs/$job/candidates/$best/model" "${auth[@]}"
[ "$(stat -c %s "$model")" = "$bytes" ] || fail "downloaded $(stat -c %s "$model") bytes, front says $bytes"
[ "$(head -c 2 "$model" | od -An -tx1 | tr -d ' ')" = 0808 ] || fail "the download is not an ONNX model"
say "downloaded the best model ($bytes bytes, ONNX); services up to SUCCEEDED took ${job_seconds} s"
