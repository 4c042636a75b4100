#!/usr/bin/env python3
"""Worker overhead per candidate: everything a job's wall time holds besides evaluating candidates.

Submits one search (or reads --job ID) on a running Sculptor (./sculptor start), waits for it, then
reads the job and its candidates over REST and splits the job's wall time into
  evaluation  = sum of the evaluators' own time per candidate (timings.totalMs: train, compress,
                measure, save), and
  overhead    = the rest: Kafka in both directions, result ingest, the worker's bookkeeping
                (fingerprints, policy, front, checkpoint, progress) and its polling for results.
With one evaluator, candidates are evaluated one after another, so the split is exact.
Standard library only. Usage:
    SCULPTOR_API_KEY=sk-... bench/search/worker_overhead.py [--candidates 24] [--epochs 1] [--subset 2000]
"""
import argparse
import datetime as dt
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
from submit_and_wait import call  # noqa: E402  the one REST helper the scripts share


def ts(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--job")
    p.add_argument("--candidates", type=int, default=24)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--subset", type=int, default=2000)
    p.add_argument("--dataset", default="mnist-10k")
    p.add_argument("--fine-tune-epochs", type=int, default=1)
    args = p.parse_args()
    key = os.environ.get("SCULPTOR_API_KEY") or sys.exit("set SCULPTOR_API_KEY (./sculptor start prints one)")
    api = args.url.rstrip("/") + "/api/v1"
    if args.job:
        job_id = args.job
    else:
        spec = {"name": "worker overhead benchmark", "dataset": args.dataset, "hardwareTarget": "host-cpu",
                "budget": {"maxCandidates": args.candidates, "maxWallClockMinutes": 120},
                "fidelity": {"epochs": args.epochs, "trainSubset": args.subset, "fineTuneEpochs": args.fine_tune_epochs}, "seed": 11}
        job_id = call(api + "/jobs", key, "POST", spec, {"Idempotency-Key": str(uuid.uuid4())})["id"]
        print("submitted", job_id, file=sys.stderr)
    while True:
        job = call(f"{api}/jobs/{job_id}", key)
        if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(2)
    cands = call(f"{api}/jobs/{job_id}/candidates", key)
    cands = cands.get("candidates", cands) if isinstance(cands, dict) else cands
    done = [c for c in cands if c.get("timings")]
    wall = (ts(job["finishedAt"]) - ts(job["startedAt"])).total_seconds()
    evaluation = sum(c["timings"]["totalMs"] for c in done) / 1000
    overhead = wall - evaluation
    n = len(done)
    print(f"job {job_id}: {job['status']}, {n} candidates evaluated, {job['progress']['generation']} generations")
    print(f"wall time {wall:.1f} s; evaluation {evaluation:.1f} s ({evaluation / n:.2f} s per candidate)")
    print(f"candidates per hour {3600 * n / wall:.0f} ({n} in {wall:.1f} s of job wall time)")
    print(f"overhead {overhead:.1f} s = {overhead / n * 1000:.0f} ms per candidate = {100 * overhead / evaluation:.2f}% of evaluation time")
    gens = {}
    for c in done:
        g = gens.setdefault(c["generation"], {"first": ts(c["createdAt"]), "last": ts(c["finishedAt"]), "eval": 0, "n": 0})
        g["first"] = min(g["first"], ts(c["createdAt"]))
        g["last"] = max(g["last"], ts(c["finishedAt"]))
        g["eval"] += c["timings"]["totalMs"] / 1000
        g["n"] += 1
    order = sorted(gens)
    for i, k in enumerate(order):
        g = gens[k]
        span = (g["last"] - g["first"]).total_seconds()
        gap = (gens[order[i + 1]]["first"] - g["last"]).total_seconds() if i + 1 < len(order) else 0
        print(f"  generation {k}: {g['n']} candidates, span {span:.1f} s, evaluation {g['eval']:.1f} s, "
              f"in-generation overhead {span - g['eval']:.2f} s, gap to next generation {gap:.2f} s")


if __name__ == "__main__":
    main()
