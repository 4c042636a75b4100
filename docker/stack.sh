# Sourced by smoke.sh and bench/containers/run.sh after engine.sh: starts docker/compose.yaml under
# project $STACK_PROJECT with fresh secrets and a free api port, waits until every service is
# healthy, creates a team, and tears everything down (containers, volumes, network, secrets) when
# the calling script exits, whether it passed or not. Sets: api (base URL of /api/v1), key (team
# key), port, project. Needs say() and fail(), and $root.
project=${STACK_PROJECT:-sculptor-smoke}
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
  [ "$ENGINE" != podman ] || podman network rm -f "${project}_default" >/dev/null 2>&1 || true
  # podman-compose 1.0.3 leaves nothing behind with down -v; make sure whatever the engine, none of ours stays
  leftover=$("$ENGINE" ps -aq --filter "label=com.docker.compose.project=$project")
  [ -z "$leftover" ] || "$ENGINE" rm -f $leftover >/dev/null 2>&1 || true
  for v in $("$ENGINE" volume ls -q --filter "label=com.docker.compose.project=$project" 2>/dev/null); do
    "$ENGINE" volume rm -f "$v" >/dev/null 2>&1 || true
  done
  rm -rf "$secrets"
  say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  [ $rc -eq 0 ] && say "PASSED in $(( $(date +%s) - t0 )) s" || say "exit $rc after $(( $(date +%s) - t0 )) s"
  exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

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
compose up -d postgres kafka >>"$secrets/compose.log" 2>&1 || { cat "$secrets/compose.log"; fail "compose up"; }
await_healthy 180 postgres kafka
say "starting api, search-worker and $SCULPTOR_EVALUATORS evaluator(s); api on port $port"
compose up -d >>"$secrets/compose.log" 2>&1 || { cat "$secrets/compose.log"; fail "compose up"; }
await_healthy 300 api search-worker evaluator

api=http://127.0.0.1:$port/api/v1
curl -fsS "http://127.0.0.1:$port/" | grep -q '<title>Sculptor</title>' || fail "the web UI is not served"
key=$(curl -fsS -X POST "$api/teams" -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' \
  -d '{"name":"smoke"}' | jq -r .apiKey)
[ -n "$key" ] && [ "$key" != null ] || fail "no team key"
