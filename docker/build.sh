#!/usr/bin/env bash
# Builds Sculptor's images without any registry: a Debian bookworm minbase made with debootstrap
# (cached, reused), a jlink'ed Java 25 runtime, then api, search-worker, evaluator, PostgreSQL and
# Kafka. Uses docker when a Docker engine answers, else podman (with docker/podman/*.conf).
#
#   docker/build.sh [--skip-maven] [IMAGE...]     IMAGE: base java api search-worker evaluator postgres kafka
#
# Settings: SCULPTOR_IMAGE_BUILD_DIR (cache, default .build/containers), SCULPTOR_TAG (default
# local), DEBIAN_MIRROR (default: the first mirror in this machine's apt sources), SCULPTOR_REBUILD_BASE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. docker/engine.sh

build_dir=${SCULPTOR_IMAGE_BUILD_DIR:-$root/.build/containers}
tag=${SCULPTOR_TAG:-local}
skip_maven=0
images=()
for arg in "$@"; do
  case "$arg" in
    --skip-maven) skip_maven=1 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) images+=("$arg") ;;
  esac
done
[ ${#images[@]} -gt 0 ] || images=(base java api search-worker evaluator postgres kafka)
wants() { local i; for i in "${images[@]}"; do [ "$i" = "$1" ] && return 0; done; return 1; }
say() { echo "[build] $*"; }
t0=$(date +%s)

# --- the jars (the same build ./sculptor start uses) ---
if [ $skip_maven = 0 ] && { wants api || wants search-worker || wants evaluator || wants kafka; }; then
  export JAVA_HOME=$(./sculptor java-home)
  say "maven package (api, search-worker, evaluator, local-stack)"
  ./mvnw -B -q -ntp -DskipTests package -pl local-stack,api,search-worker,evaluator -am
fi
JAVA_HOME=${JAVA_HOME:-$(./sculptor java-home)}

stage() { rm -rf "$build_dir/ctx/$1"; mkdir -p "$build_dir/ctx/$1"; echo "$build_dir/ctx/$1"; }
image() { # image NAME TAG CONTEXT
  say "image sculptor/$1:$2"
  "$ENGINE" build $ENGINE_BUILD_FLAGS -f "$root/docker/$1.Dockerfile" -t "sculptor/$1:$2" "$3" >"$build_dir/$1.build.log" 2>&1 \
    || { tail -30 "$build_dir/$1.build.log"; echo "[build] sculptor/$1 failed; log $build_dir/$1.build.log" >&2; exit 1; }
}
mkdir -p "$build_dir"

# --- base: debootstrap once, then import ---
if wants base; then
  if [ "${SCULPTOR_REBUILD_BASE:-0}" = 1 ] || ! "$ENGINE" image inspect sculptor/base:bookworm >/dev/null 2>&1; then
    tarball=$build_dir/base-bookworm.tar
    if [ ! -s "$tarball" ] || [ "${SCULPTOR_REBUILD_BASE:-0}" = 1 ]; then
      command -v debootstrap >/dev/null || { echo "[build] needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
      mirror=${DEBIAN_MIRROR:-$(grep -rhoE 'https?://[^ ]+/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -1)}
      mirror=${mirror:-http://deb.debian.org/debian}
      say "debootstrap --variant=minbase bookworm from $mirror (a few minutes, once)"
      rootfs=$build_dir/rootfs
      rm -rf "$rootfs"
      debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$build_dir/debootstrap.log" 2>&1 \
        || { tail -20 "$build_dir/debootstrap.log"; exit 1; }
      rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
      tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
      rm -rf "$rootfs"
    else
      say "reusing $tarball"
    fi
    "$ENGINE" import "$tarball" sculptor/base:bookworm >/dev/null
    say "image sculptor/base:bookworm"
  else
    say "sculptor/base:bookworm exists (SCULPTOR_REBUILD_BASE=1 to remake it)"
  fi
fi

# --- java: jlink'ed runtime with the modules the services, DJL, ONNX Runtime and Kafka use ---
if wants java; then
  ctx=$(stage java)
  modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
  modules+=,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa
  modules+=,java.xml,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.jfr
  modules+=,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs,jdk.charsets,jdk.localedata
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$ctx/jre"
  cp docker/images/healthcheck docker/images/entrypoint "$ctx/"
  image java 25 "$ctx"
fi

if wants api; then
  ctx=$(stage api); cp -r api/target/quarkus-app "$ctx/"; image api "$tag" "$ctx"
fi
if wants search-worker; then
  ctx=$(stage search-worker); cp -r search-worker/target/quarkus-app "$ctx/"; image search-worker "$tag" "$ctx"
fi
if wants evaluator; then
  ctx=$(stage evaluator)
  cp evaluator/target/sculptor-evaluator-*.jar "$ctx/evaluator.jar"
  cp -r evaluator/target/lib "$ctx/lib"
  cp evaluator/native.env docker/images/evaluator-start "$ctx/"
  image evaluator "$tag" "$ctx"
fi
if wants postgres; then
  ctx=$(stage postgres); cp docker/images/entrypoint docker/images/postgres-start "$ctx/"; image postgres 15 "$ctx"
fi
if wants kafka; then
  ctx=$(stage kafka); mkdir -p "$ctx/libs"
  # The broker's classpath from local-stack's: everything but PostgreSQL and Sculptor's own jars.
  for jar in local-stack/target/lib/*.jar; do
    case "$(basename "$jar")" in embedded-postgres* | postgresql-* | sculptor-* | jenetics-*) ;; *) cp "$jar" "$ctx/libs/" ;; esac
  done
  cp docker/images/kafka-start docker/images/kafka-logging.properties "$ctx/"
  image kafka 4.4.0 "$ctx"
fi
rm -rf "$build_dir/ctx"
say "done in $(( $(date +%s) - t0 )) s"
