#!/usr/bin/env python3
"""Summarise issue 16's compression benchmark: one job per arm, read back through the REST API.

Usage: SCULPTOR_API_KEY=sk-... compression_report.py --url URL [--save DIR] ARM=JOB_ID ...
       compression_report.py --load DIR ARM ...   (the JSON a --save wrote)
Prints per arm the hypervolume, the best feasible model (search and final phase) and every evaluated
candidate with its compression plan; then, per technique of the whole genome, its candidates and
whether the basic arm's front dominates each (accuracy at no larger size and latency). Numbers are
read, never computed anew, except the dominance check and medians.
"""
import argparse
import datetime
import json
import os
import statistics
import sys
import urllib.request


def get(url, key):
    req = urllib.request.Request(url)
    req.add_header("Authorization", "Bearer " + key)
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.load(resp)


def techniques(plan):
    """The techniques a compression plan uses, as the genome names them."""
    used = []
    if any((r or 0) > 0 for r in plan.get("pruningRatios") or []):
        used.append("pruning")
    if plan.get("sparsity"):
        used.append(f"SPARSITY {plan['sparsity']:g}")
    if plan.get("lowRankRatio"):
        used.append(f"LOW_RANK {plan['lowRankRatio']:g}")
    if plan.get("distillation"):
        d = plan["distillation"]
        used.append(f"DISTILLATION T={d['temperature']:g} w={d['weight']:g}")
    if plan.get("layerPrecisions"):
        used.append("MIXED_PRECISION " + "/".join(p.lower() for p in plan["layerPrecisions"]))
    if plan.get("quantisationAware"):
        used.append("QAT")
    return used


def fmt(v, f="{:.3f}"):
    return "-" if v is None else f.format(v)


def dominated(c, front):
    """Some member of front is at least as accurate, as fast and as small, and better in one."""
    for f in front:
        if (f["accuracy"] >= c["accuracy"] and f["latencyMs"] <= c["latencyMs"]
                and f["modelBytes"] <= c["modelBytes"]
                and (f["accuracy"], -f["latencyMs"], -f["modelBytes"]) != (c["accuracy"], -c["latencyMs"], -c["modelBytes"])):
            return True
    return False


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url")
    p.add_argument("--save")
    p.add_argument("--load")
    p.add_argument("arms", nargs="+")
    args = p.parse_args()
    data = {}
    for arm in args.arms:
        if args.load:
            with open(os.path.join(args.load, f"{arm}.json")) as f:
                data[arm] = json.load(f)
            continue
        name, job_id = arm.split("=", 1)
        key = os.environ["SCULPTOR_API_KEY"]
        api = args.url.rstrip("/") + "/api/v1/jobs/" + job_id
        data[name] = {"job": get(api, key), "candidates": get(api + "/candidates", key)}
        if args.save:
            with open(os.path.join(args.save, f"{name}.json"), "w") as f:
                json.dump(data[name], f, indent=1)

    fronts = {}
    for name, d in data.items():
        job, cands = d["job"], d["candidates"]
        prog = job.get("progress", {})
        done = [c for c in cands if c["status"] == "SUCCEEDED"]
        failed = [c for c in cands if c["status"] == "FAILED"]
        front = [c for c in done if c.get("onFront")]
        fronts[name] = front
        print(f"\n## {name}: job {job['id']} {job['status']}, {len(done)} succeeded, {len(failed)} failed,"
              f" hypervolume {fmt(prog.get('hypervolume'), '{:.4f}')}")
        if job.get("startedAt") and job.get("finishedAt"):
            seconds = (datetime.datetime.fromisoformat(job["finishedAt"].replace("Z", "+00:00"))
                       - datetime.datetime.fromisoformat(job["startedAt"].replace("Z", "+00:00"))).total_seconds()
            continued = sum(1 for c in cands if c.get("firstStage"))
            print(f"job wall-clock {seconds:.0f} s (final phase included), {len(done) + len(failed)} evaluated:"
                  f" {3600 * (len(done) + len(failed)) / seconds:.0f} candidates per hour; {continued} continued to a second stage")
        best = max((c for c in done if c.get("feasible")), key=lambda c: c["accuracy"], default=None)
        if best:
            print(f"best feasible (search): val {fmt(best['accuracy'])}, test {fmt(best.get('testAccuracy'))},"
                  f" {fmt(best['latencyMs'])} ms, {best['modelBytes']} B, plan: {', '.join(techniques(best['spec']['compression'])) or 'none'}"
                  f", precision {best['spec']['compression']['precision']}")
        for c in cands:
            ft = c.get("finalTraining")
            if ft:
                print(f"final #{ft['rank']} {ft['status']}: val {fmt(ft.get('accuracy'))}, test {fmt(ft.get('testAccuracy'))},"
                      f" {fmt(ft.get('latencyMs'))} ms, {ft.get('modelBytes')} B"
                      + (f" ({ft['failureReason']})" if ft.get("failureReason") else ""))
        print("candidates (generation, status, val accuracy, latency ms, bytes, front, precision, techniques):")
        for c in cands:
            plan = c["spec"]["compression"]
            print(f"  g{c['generation']} {c['status']:<10} {fmt(c.get('accuracy'))} {fmt(c.get('latencyMs'))}"
                  f" {c.get('modelBytes') or '-':>8} {'F' if c.get('onFront') else ' '} {plan['precision']:<4}"
                  f" {', '.join(techniques(plan)) or 'none'}"
                  + (f"  [{c['failureReason'][:90]}]" if c.get("failureReason") else ""))

    if "whole" in data and "basic" in fronts:
        print("\n## per technique, whole genome arm: succeeded candidates using it;"
              " 'dominated' = the basic arm's front has a model at least as accurate, fast and small")
        done = [c for c in data["whole"]["candidates"] if c["status"] == "SUCCEEDED"]
        for tech in ("pruning", "SPARSITY", "LOW_RANK", "DISTILLATION", "MIXED_PRECISION", "QAT"):
            using = [c for c in done if any(t.startswith(tech) for t in techniques(c["spec"]["compression"]))]
            tried = [c for c in data["whole"]["candidates"]
                     if any(t.startswith(tech) for t in techniques(c["spec"]["compression"]))]
            if not tried:
                print(f"  {tech}: never proposed")
                continue
            n_dom = sum(dominated(c, fronts["basic"]) for c in using)
            on_front = sum(bool(c.get("onFront")) for c in using)
            acc = statistics.median(c["accuracy"] for c in using) if using else None
            size = statistics.median(c["modelBytes"] for c in using) if using else None
            print(f"  {tech}: proposed {len(tried)}, succeeded {len(using)}, on the whole arm's front {on_front},"
                  f" dominated by the basic front {n_dom}; median val {fmt(acc)}, median bytes {fmt(size, '{:.0f}')}")


if __name__ == "__main__":
    sys.exit(main())
