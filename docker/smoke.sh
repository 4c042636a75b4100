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

. docker/stack.sh

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
# as ProductTest: a chance-level network may sit on the front as the smallest; the best has learned something
jq -e '[.candidates[].accuracy] | max > 0.1' <<<"$front" >/dev/null || fail "no candidate on the front beats chance"
bytes=$(jq -r ".candidates[] | select(.id == \"$best\") | .modelBytes" <<<"$front")
say "front: $n candidate(s); best $(jq -c ".candidates[] | select(.id == \"$best\") | {accuracy, latencyMs, modelBytes}" <<<"$front")"
model=$secrets/model.onnx
curl -fsS -o "$model" "$api/jobs/$job/candidates/$best/model" "${auth[@]}"
[ "$(stat -c %s "$model")" = "$bytes" ] || fail "downloaded $(stat -c %s "$model") bytes, front says $bytes"
[ "$(head -c 2 "$model" | od -An -tx1 | tr -d ' ')" = 0808 ] || fail "the download is not an ONNX model"
say "downloaded the best model ($bytes bytes, ONNX); services up to SUCCEEDED took ${job_seconds} s"
