#!/usr/bin/env bash
# Evaluates every candidate of the reduced space once with the real evaluator; see BuildTable.java.
# Usage: bench/search/build-table.sh [TABLE.jsonl] [EPOCHS] [TRAIN_SUBSET|all]
exec "$(dirname "$0")/../evaluator/run.sh" bench/search/BuildTable.java "$@"
