#!/usr/bin/env bash
# Issue 13's multi-fidelity benchmark: the canonical job at fixed fidelity and with successive
# halving, at equal wall-clock (the same search budget in minutes, a candidate budget that does not
# bind, no final phase), together in one product (bench/final/arms.sh).
# Usage: bench/final/fidelity.sh [minutes] [options for both arms, e.g. --seed 42]
minutes=${1:-12}
shift || true
exec "$(dirname "$0")/arms.sh" fidelity \
  fixed "" \
  halving "--schedule successive-halving" \
  -- --candidates 500 --max-minutes "$minutes" --final-candidates 0 "$@"
