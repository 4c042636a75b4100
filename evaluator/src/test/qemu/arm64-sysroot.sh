#!/usr/bin/env bash
# Makes an arm64 root for JVMs under qemu-aarch64 -L: Debian trixie's OpenJDK 25 for arm64 and the
# C and C++ runtimes it and ONNX Runtime load, unpacked from Debian's packages (nothing installed on
# this machine), with a Cortex-A72's /proc/cpuinfo (qemu-user opens /proc/cpuinfo through -L like
# any path; ONNX Runtime crashed at load reading the x86 host's). Does nothing when the root has
# its java already. Used by .ci/run (the evaluator's plan-on-aarch64 tests) and
# bench/arm/check-under-qemu.sh. Needs curl, xz and dpkg, and deb.debian.org.
#   evaluator/src/test/qemu/arm64-sysroot.sh DIR
set -euo pipefail
root=${1:?usage: arm64-sysroot.sh DIR}
[ -x "$root/usr/lib/jvm/java-25-openjdk-arm64/bin/java" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$root.partial"' EXIT
curl -fsS --retry 3 http://deb.debian.org/debian/dists/trixie/main/binary-arm64/Packages.xz | xz -d > "$tmp/Packages"
mkdir -p "$root.partial/proc"
for p in libc6 libgcc-s1 libstdc++6 zlib1g libgomp1 openjdk-25-jre-headless; do
  file=$(awk -v p="$p" '$1=="Package:"{on=($2==p)} on&&$1=="Filename:"{print $2; exit}' "$tmp/Packages")
  [ -n "$file" ] || { echo "arm64-sysroot: Debian trixie lists no arm64 $p" >&2; exit 1; }
  curl -fsS --retry 3 -o "$tmp/p.deb" "http://deb.debian.org/debian/$file"
  dpkg -x "$tmp/p.deb" "$root.partial"
done
ln -s usr/lib "$root.partial/lib"   # merged /usr: the loader is /lib/ld-linux-aarch64.so.1
# the JDK's conf files are absolute links into /etc: make them the root's own files
(cd "$root.partial" && find usr/lib/jvm -type l -lname '/*' | while read -r l; do
   t=$(readlink "$l"); if [ -e ".$t" ]; then rm "$l"; cp -a ".$t" "$l"; fi; done)
"$(dirname "$0")/arm64-cpuinfo.sh" 0xd08 "fp asimd evtstrm crc32 cpuid" \
  "qemu-aarch64 emulation, not a Raspberry Pi 4" > "$root.partial/proc/cpuinfo"
rm -rf "$root"
mv "$root.partial" "$root"
