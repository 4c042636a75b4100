#!/usr/bin/env python3
"""Submit "best model under 10 MB / 50 ms on arm-cortex-a72" to Sculptor and poll until it ends.

Standard library only. Usage:
    SCULPTOR_API_KEY=sk-... python3 scripts/submit_and_wait.py [--url http://127.0.0.1:8080] [--candidates 12]
        [--dataset mnist-10k] [--target arm-cortex-a72] [--epochs N] [--train-subset N] [--fine-tune-epochs N]

The URL may also come from SCULPTOR_URL. Fields the API leaves out (null: nothing feasible yet, no
ETA yet) print as "-". Exits 0 once the job SUCCEEDED and its front is printed, non-zero otherwise.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid


def call(url, key, method="GET", body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + key)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as e:
        problem = json.loads(e.read() or b"{}")
        for err in problem.get("errors", []):
            print(f"  {err['field']}: {err['reason']}", file=sys.stderr)
        sys.exit(f"{method} {url} failed: {e.code} {problem.get('title', '')}")


def shown(value, fmt="{}"):
    """A field the API may omit (it leaves out nulls) as text, "-" when absent."""
    return "-" if value is None else fmt.format(value)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default=os.environ.get("SCULPTOR_URL", "http://127.0.0.1:8080"))
    p.add_argument("--candidates", type=int, default=12)
    p.add_argument("--dataset", default="mnist-10k")
    p.add_argument("--target", default="arm-cortex-a72", help="hardware target")
    p.add_argument("--epochs", type=int, help="training epochs per candidate (default: the API's)")
    p.add_argument("--train-subset", type=int, help="training images per candidate (default: the API's)")
    p.add_argument("--fine-tune-epochs", type=int, help="epochs after pruning (default: the API's)")
    p.add_argument("--final-candidates", type=int,
                   help="front members trained again at full fidelity after the search; 0 for none (default: the API's)")
    p.add_argument("--techniques", help="compression techniques the search may use, comma-separated"
                   " (e.g. SPARSITY,LOW_RANK; default: none)")
    p.add_argument("--seed", type=int, help="the search's seed (default: the API's)")
    p.add_argument("--schedule", choices=("successive-halving",),
                   help="multi-fidelity: each generation's candidates train fidelity.firstEpochs first and the"
                        " best share (fidelity.keep) continue (default: every candidate at the full epochs)")
    p.add_argument("--max-minutes", type=int, default=60, help="the search's wall-clock budget (default: 60)")
    args = p.parse_args()
    key = os.environ.get("SCULPTOR_API_KEY") or sys.exit("set SCULPTOR_API_KEY (./sculptor start prints one)")
    api = args.url.rstrip("/") + "/api/v1"

    spec = {
        "name": "digits under 10MB / 50ms on ARM",
        "dataset": args.dataset,
        "hardwareTarget": args.target,
        "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
        "budget": {"maxCandidates": args.candidates, "maxWallClockMinutes": args.max_minutes},
    }
    fidelity = {name: value for name, value in
                (("epochs", args.epochs), ("trainSubset", args.train_subset), ("fineTuneEpochs", args.fine_tune_epochs))
                if value is not None}
    if args.schedule:
        fidelity["schedule"] = args.schedule
    if fidelity:
        spec["fidelity"] = fidelity
    if args.techniques:
        spec["compressionTechniques"] = [t.strip() for t in args.techniques.split(",") if t.strip()]
    if args.seed is not None:
        spec["seed"] = args.seed
    if args.final_candidates is not None:
        spec["finalTraining"] = {"candidates": args.final_candidates}
    # The same key on a retry returns the same job instead of a second one.
    job = call(api + "/jobs", key, "POST", spec, {"Idempotency-Key": str(uuid.uuid4())})
    print(f"submitted {job['id']} ({job['status']})", flush=True)

    last = None
    while True:
        job = call(f"{api}/jobs/{job['id']}", key)
        p = job.get("progress", {})
        line = f"{job['status']}: generation {p.get('generation', 0)}, {p.get('evaluated', 0)}/{shown(p.get('budget'))} evaluated, " \
               f"best feasible accuracy {shown(p.get('bestFeasibleAccuracy'), '{:.3f}')}, ETA {shown(p.get('etaSeconds'))} s"
        if line != last:
            print(line, flush=True)
            last = line
        if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(2)

    if job["status"] != "SUCCEEDED":
        sys.exit(f"job ended {job['status']}: {job.get('failureReason')}")
    p = job.get("progress", {})
    print(f"job {job['id']}: {shown(p.get('evaluated'))} evaluated, hypervolume {shown(p.get('hypervolume'), '{:.4f}')},"
          f" best feasible validation accuracy {shown(p.get('bestFeasibleAccuracy'), '{:.3f}')}")
    front = call(f"{api}/jobs/{job['id']}/pareto", key)
    print("Pareto front (validation accuracy, latency ms [source, hardware], bytes; test accuracy):")
    for c in front.get("candidates", []):
        lat = (c.get("metrics") or {}).get("latency") or {}
        source = lat.get("source") or {}
        print(f"  {shown(c.get('accuracy'), '{:.3f}')}  {shown(lat.get('medianMs'), '{:.3f}')} ms"
              f" [{shown(source.get('kind'))}, {shown(source.get('hardware'))}]"
              f"  {shown(c.get('modelBytes'))} B  test {shown(c.get('testAccuracy'), '{:.3f}')}  {c['id']}")
        final = c.get("finalTraining")
        if final:
            # the final phase's full-fidelity model: the default download
            print(f"    final training #{final['rank']} {final['status']}: validation"
                  f" {shown(final.get('accuracy'), '{:.3f}')}, test {shown(final.get('testAccuracy'), '{:.3f}')},"
                  f" {shown(final.get('latencyMs'), '{:.3f}')} ms, {shown(final.get('modelBytes'))} B,"
                  f" feasible {shown(final.get('feasible'))}"
                  + (f" ({final['failureReason']})" if final.get("failureReason") else ""))


if __name__ == "__main__":
    main()
