#!/usr/bin/env python3
"""Submit "best model under 10 MB / 50 ms on arm-cortex-a72" to Sculptor and poll until it ends.

Standard library only. Usage:
    SCULPTOR_API_KEY=sk-... python3 scripts/submit_and_wait.py [--url http://127.0.0.1:8080] [--candidates 12]
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--candidates", type=int, default=12)
    args = p.parse_args()
    key = os.environ.get("SCULPTOR_API_KEY") or sys.exit("set SCULPTOR_API_KEY (./sculptor start prints one)")
    api = args.url.rstrip("/") + "/api/v1"

    spec = {
        "name": "digits under 10MB / 50ms on ARM",
        "dataset": "mnist-10k",
        "hardwareTarget": "arm-cortex-a72",
        "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
        "budget": {"maxCandidates": args.candidates, "maxWallClockMinutes": 60},
    }
    # The same key on a retry returns the same job instead of a second one.
    job = call(api + "/jobs", key, "POST", spec, {"Idempotency-Key": str(uuid.uuid4())})
    print(f"submitted {job['id']} ({job['status']})")

    last = None
    while True:
        job = call(f"{api}/jobs/{job['id']}", key)
        p = job["progress"]
        line = f"{job['status']}: generation {p['generation']}, {p['evaluated']}/{p['budget']} evaluated, " \
               f"best feasible accuracy {p['bestFeasibleAccuracy']}, ETA {p['etaSeconds']} s"
        if line != last:
            print(line)
            last = line
        if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(2)

    if job["status"] != "SUCCEEDED":
        sys.exit(f"job ended {job['status']}: {job.get('failureReason')}")
    front = call(f"{api}/jobs/{job['id']}/pareto", key)
    print("Pareto front (accuracy, latency ms [source, hardware], bytes):")
    for c in front["candidates"]:
        lat = c["metrics"]["latency"]
        print(f"  {c['accuracy']:.3f}  {lat['medianMs']:.3f} ms [{lat['source']['kind']}, {lat['source']['hardware']}]"
              f"  {c['modelBytes']} B  {c['id']}")


if __name__ == "__main__":
    main()
