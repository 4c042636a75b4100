"""One panel per constraint setting: share of the table's best hypervolume vs distinct evaluations,
median over seeds, one line per strategy (runs stop at 99%; a stopped run keeps its last value).
Usage: plot_compare.py compare.csv out.png"""
import csv, sys
from collections import defaultdict
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

curves = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))  # setting -> strategy -> seed -> ratios
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        curves[row["setting"]][row["strategy"]][row["seed"]].append(float(row["hypervolume_ratio"]))

fig, axes = plt.subplots(1, len(curves), figsize=(6 * len(curves), 5), squeeze=False)
for ax, (setting, strategies) in zip(axes[0], curves.items()):
    for name, seeds in sorted(strategies.items()):
        longest = max(len(c) for c in seeds.values())
        padded = [c + [c[-1]] * (longest - len(c)) for c in seeds.values()]
        cols = list(zip(*padded))
        median = [sorted(c)[len(c) // 2] for c in cols]
        ax.plot(range(1, longest + 1), median, label=f"{name} ({len(padded)} seeds)")
    for share in (0.95, 0.99):
        ax.axhline(share, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_ylim(0.5, 1.0)
    ax.set_title(setting)
    ax.set_xlabel("distinct candidates evaluated")
    ax.set_ylabel("hypervolume / best in table (median over seeds)")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
fig.suptitle("Tabular benchmark: Sculptor vs Optuna on the same table and seeds")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=100)
print("wrote", sys.argv[2])
