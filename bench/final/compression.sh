#!/usr/bin/env bash
# Issue 16's benchmark: the canonical job with today's compression genome (pruning + one precision)
# and with the whole genome, at equal budget and seed, together in one product (bench/final/arms.sh).
# Usage: bench/final/compression.sh [options for both arms, e.g. --seed 42 --final-candidates 1]
exec "$(dirname "$0")/arms.sh" compression \
  basic "" \
  whole "--techniques SPARSITY,LOW_RANK,DISTILLATION,QUANTISATION_AWARE_TRAINING,MIXED_PRECISION" \
  -- "$@"
