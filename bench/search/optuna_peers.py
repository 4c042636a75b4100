#!/usr/bin/python3
"""Optuna's samplers on the committed tabular benchmark, for a side-by-side replay with Sculptor's.

Each sampler searches the table's five genes (block, kernel, width, precision, pruning) for the
three objectives (accuracy up, latency and size down) under a job's size and latency limits. A
configuration asked for again is answered from the run's own record and not counted, as the
worker does with a fingerprint it has seen. The order of the distinct configurations each run
evaluated is written as CSV (strategy, setting, seed, step, fingerprint); the Java replay turns it
into hypervolume curves with the product's own Hypervolume, so both sides are scored by one code.

A run stops after BUDGET distinct evaluations, after MAX_TRIALS trials, or once what it has found
reaches --stop-at of the table's best hypervolume (this script's own copy of the formula is used
only to stop early; the reported figures come from the Java side).

Optuna 3.1's multi-objective TPE spends nearly all its time in its pure-Python WFG hypervolume
(greedy subset selection and below-weights call it thousands of times per trial). Unless
--optuna-wfg is given, WFG is replaced by an exact vectorised 3-D hypervolume (same value up to
rounding, checked against WFG at start-up), which makes TPE tens of times faster without changing
what it samples; and since the sampler asks for the same subset selection once per parameter of a
trial, its answer is remembered for the trial's other parameters.

usage: optuna_peers.py TABLE OUT.csv SEEDS SETTING=MAX_BYTES:MAX_LATENCY_MS [SETTING=...]
       [--strategies tpe-constrained,tpe,nsga2,random] [--budget 400] [--first-seed 1]
"""
import argparse
import csv
import json
import logging
import sys

import numpy as np
import optuna
import optuna._hypervolume.wfg
import optuna.samplers._tpe.sampler

MAX_TRIALS = 4000


def exact_hypervolume_3d(points, reference):
    """Exact hypervolume dominated by points (minimised) up to reference, for three objectives:
    for each (x, y) cell of the points' coordinate grid, the lowest z of the points that dominate
    its corner; O(n^3) vectorised, against WFG's recursion in Python."""
    p = np.asarray(points, dtype=np.float64)
    ref = np.asarray(reference, dtype=np.float64)
    p = p[np.all(p < ref, axis=1)]
    if len(p) == 0:
        return 0.0
    xs, ys = np.unique(p[:, 0]), np.unique(p[:, 1])
    dx, dy = np.diff(np.append(xs, ref[0])), np.diff(np.append(ys, ref[1]))
    below = (p[:, 0][:, None] <= xs[None, :])[:, :, None] & (p[:, 1][:, None] <= ys[None, :])[:, None, :]
    z = np.where(below, p[:, 2][:, None, None], ref[2]).min(axis=0)
    return float(np.sum(dx[:, None] * dy[None, :] * (ref[2] - z)))


class FastWFG:
    """Drop-in for optuna._hypervolume.WFG in three dimensions."""

    def compute(self, solution_set, reference_point):
        if np.asarray(solution_set).shape[1] != 3:
            return optuna._hypervolume.wfg.WFG().compute(solution_set, reference_point)
        return exact_hypervolume_3d(solution_set, reference_point)


def use_fast_hypervolume():
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 7, 30):
        pts = rng.random((n, 3)) - [1, 0, 0]
        ref = np.max(pts, axis=0) + 0.1
        a = optuna._hypervolume.wfg.WFG().compute(pts, ref)
        b = FastWFG().compute(pts, ref)
        assert abs(a - b) <= 1e-12 * max(1.0, abs(a)), (n, a, b)
    optuna._hypervolume.WFG = FastWFG  # what _solve_hssp looks up at each call
    optuna.samplers._tpe.sampler.WFG = FastWFG  # what the below-weights use
    solve = optuna.samplers._tpe.sampler._solve_hssp
    last = {}

    def remembered(loss_vals, indices, subset_size, reference_point):
        key = (loss_vals.tobytes(), indices.tobytes(), subset_size, reference_point.tobytes())
        if key not in last:
            last.clear()
            last[key] = solve(loss_vals, indices, subset_size, reference_point)
        return last[key].copy()

    optuna.samplers._tpe.sampler._solve_hssp = remembered


def load(table):
    rows = {}
    with open(table) as f:
        for line in f:
            r = json.loads(line)
            rows[(r["block"], r["kernel"], r["width"], r["precision"], r["pruning"])] = r
    return rows


def cost(r, max_bytes, max_latency):
    """The point's cost vector as core/pareto/Hypervolume scales it, or None when infeasible."""
    if r["status"] != "SUCCEEDED" or r["modelBytes"] > max_bytes or r["latencyMs"] > max_latency:
        return None
    c = (1 - r["accuracy"], r["latencyMs"] / max_latency, r["modelBytes"] / max_bytes)
    return c if all(x < 1 for x in c) else None


def hypervolume(costs):
    pts = sorted(costs)
    volume = 0.0
    for i, p in enumerate(pts):
        nxt = pts[i + 1][0] if i + 1 < len(pts) else 1.0
        if nxt > p[0]:
            plane = sorted(q[1:] for q in pts[: i + 1])
            area, best3 = 0.0, 1.0
            for j, q in enumerate(plane):
                best3 = min(best3, q[1])
                nxt2 = plane[j + 1][0] if j + 1 < len(plane) else 1.0
                area += (nxt2 - q[0]) * (1 - best3)
            volume += (nxt - p[0]) * area
    return volume


def sampler(name, seed, constraints):
    if name == "tpe-constrained":
        return optuna.samplers.TPESampler(seed=seed, constraints_func=constraints)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed, population_size=12, constraints_func=constraints)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit("unknown strategy " + name)


def run(rows, strategy, seed, max_bytes, max_latency, budget, best, stop_at):
    genes = sorted({k[0] for k in rows}), sorted({k[1] for k in rows}), sorted({k[2] for k in rows}), \
        sorted({k[3] for k in rows}), sorted({k[4] for k in rows})
    seen, order, feasible = {}, [], []

    def constraints(trial):
        return trial.user_attrs["violation"]

    study = optuna.create_study(directions=["maximize", "minimize", "minimize"],
                                sampler=sampler(strategy, seed, constraints))
    for _ in range(MAX_TRIALS):
        if len(order) >= budget or (feasible and hypervolume(feasible) >= stop_at * best):
            break
        trial = study.ask()
        key = (trial.suggest_categorical("block", genes[0]), trial.suggest_categorical("kernel", genes[1]),
               trial.suggest_categorical("width", genes[2]), trial.suggest_categorical("precision", genes[3]),
               trial.suggest_categorical("pruning", genes[4]))
        r = rows[key]
        if key not in seen:
            seen[key] = r
            order.append(r["fingerprint"])
            c = cost(r, max_bytes, max_latency)
            if c is not None:
                feasible.append(c)
        ok = r["status"] == "SUCCEEDED"
        trial.set_user_attr("violation", [r["modelBytes"] - max_bytes, r["latencyMs"] - max_latency] if ok else [1.0, 1.0])
        study.tell(trial, [r["accuracy"], r["latencyMs"], r["modelBytes"]] if ok else [0.0, 10.0, 1e9])
    return order


def main():
    p = argparse.ArgumentParser()
    p.add_argument("table")
    p.add_argument("out")
    p.add_argument("seeds", type=int)
    p.add_argument("settings", nargs="+", help="NAME=MAX_BYTES:MAX_LATENCY_MS")
    p.add_argument("--strategies", default="tpe-constrained,tpe,nsga2,random")
    p.add_argument("--budget", type=int, default=400)
    p.add_argument("--first-seed", type=int, default=1)
    p.add_argument("--stop-at", type=float, default=0.995, help="share of the best hypervolume that ends a run")
    p.add_argument("--optuna-wfg", action="store_true", help="keep Optuna's own (slow) WFG hypervolume")
    a = p.parse_args()
    if not a.optuna_wfg:
        use_fast_hypervolume()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    logging.getLogger("optuna").setLevel(logging.ERROR)
    import warnings
    warnings.filterwarnings("ignore")  # constraints_func and multivariate are "experimental" in 3.1
    rows = load(a.table)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["strategy", "setting", "seed", "step", "fingerprint"])
        for setting in a.settings:
            name, limits = setting.split("=")
            max_bytes, max_latency = (float(x) for x in limits.split(":"))
            best = hypervolume([c for c in (cost(r, max_bytes, max_latency) for r in rows.values()) if c])
            for strategy in a.strategies.split(","):
                for seed in range(a.first_seed, a.first_seed + a.seeds):
                    order = run(rows, strategy, seed, max_bytes, max_latency, a.budget, best, a.stop_at)
                    for step, fp in enumerate(order, 1):
                        w.writerow([strategy, name, seed, step, fp])
                    f.flush()
                    print(f"{name} {strategy} seed {seed}: {len(order)} distinct evaluations", file=sys.stderr)


if __name__ == "__main__":
    main()
