# Sourced by build.sh, smoke.sh and bench/containers: picks the container engine and its compose.
# A Docker engine that answers wins; else podman, with this repository's podman settings
# (docker/podman/: runc, cgroupfs, vfs storage, no default ulimits) unless SCULPTOR_PODMAN_SYSTEM_CONF=1.
if [ -n "${SCULPTOR_ENGINE:-}" ]; then
  ENGINE=$SCULPTOR_ENGINE
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  ENGINE=docker
elif command -v podman >/dev/null 2>&1; then
  ENGINE=podman
else
  echo "no container engine: install podman (apt-get install podman runc) or Docker" >&2
  exit 1
fi
if [ "$ENGINE" = podman ]; then
  if [ "${SCULPTOR_PODMAN_SYSTEM_CONF:-0}" != 1 ]; then
    _conf_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/podman" && pwd)
    export CONTAINERS_CONF=${CONTAINERS_CONF:-$_conf_dir/containers.conf}
    export CONTAINERS_STORAGE_CONF=${CONTAINERS_STORAGE_CONF:-$_conf_dir/storage.conf}
  fi
  # --format docker keeps HEALTHCHECK (OCI images drop it); chroot isolation and the host's network
  # let RUN steps work without a user namespace or a bridge at build time.
  ENGINE_BUILD_FLAGS="--format docker --isolation chroot --network host --pull=never"
  COMPOSE=(podman-compose)
else
  ENGINE_BUILD_FLAGS=""
  COMPOSE=(docker compose)
fi
