"""Hypervolume (share of the table's best feasible front) vs distinct evaluations, mean over seeds with
the 25-75% band, one line per strategy. Usage: plot.py replay.csv out.png"""
import csv, sys
from collections import defaultdict
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

curves = defaultdict(lambda: defaultdict(list))  # strategy -> seed -> [ratio by evaluation]
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        curves[row["strategy"]][row["seed"]].append(float(row["hypervolume_ratio"]))

fig, ax = plt.subplots(figsize=(8, 5))
for name, seeds in curves.items():
    longest = max(len(c) for c in seeds.values())
    # a seed that stopped early keeps its last value
    padded = [c + [c[-1]] * (longest - len(c)) for c in seeds.values()]
    xs = range(1, longest + 1)
    cols = list(zip(*padded))
    mean = [sum(c) / len(c) for c in cols]
    q = lambda c, p: sorted(c)[min(len(c) - 1, int(p * len(c)))]
    ax.plot(xs, mean, label=f"{name} ({len(padded)} seeds)")
    ax.fill_between(xs, [q(c, 0.25) for c in cols], [q(c, 0.75) for c in cols], alpha=0.15)
ax.axhline(0.99, color="grey", linestyle="--", linewidth=0.8)
ax.text(1, 0.992, "99% of the best feasible hypervolume", fontsize=8, color="grey")
ax.set_xscale("log")
ax.set_xlabel("distinct candidates evaluated (table lookups)")
ax.set_ylabel("hypervolume / best in table")
ax.set_ylim(0, 1.02)
ax.set_title("Tabular benchmark: mobile-cnn reduced space (576 candidates, mnist-10k, measured)")
ax.legend(loc="lower right")
ax.grid(alpha=0.3)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
print("wrote", sys.argv[2])
