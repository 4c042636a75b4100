#!/usr/bin/env bash
# Prints a /proc/cpuinfo as an arm64 kernel writes it, for an emulated core: two processors of Arm
# part PART listing FEATURES, then the board line BOARD (which should say it is emulated). qemu-user
# reads the arm64 root's proc/cpuinfo through -L (arm64-sysroot.sh, bench/arm/check-under-qemu.sh).
#   evaluator/src/test/qemu/arm64-cpuinfo.sh PART FEATURES BOARD > ROOT/proc/cpuinfo
set -euo pipefail
for i in 0 1; do
  printf 'processor\t: %s\nBogoMIPS\t: 108.00\nFeatures\t: %s\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: %s\nCPU revision\t: 3\n\n' "$i" "$2" "$1"
done
printf 'Model\t\t: %s\n' "$3"
