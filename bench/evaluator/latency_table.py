#!/usr/bin/env python3
"""Turns OnnxVsDjl / onnx_torch.py CSV lines (model, MMACs, runtime, stored, computed, bytes,
median ms, p90 ms, CV) into one markdown table: a row per network, a column per runtime and
precision, each round's median in a cell. Usage: latency_table.py RESULTS.csv"""
import sys
from collections import OrderedDict

COLUMNS = [("DJL fp32", lambda r, s: r.startswith("djl")),
           ("ORT fp32", lambda r, s: r.startswith("onnxruntime") and s == "fp32"),
           ("ORT fp16 (fp32 compute)", lambda r, s: r.startswith("onnxruntime") and s == "fp16"),
           ("ORT int8", lambda r, s: r.startswith("onnxruntime") and s == "int8"),
           ("PyTorch eager", lambda r, s: r.startswith("pytorch") and r.endswith("eager")),
           ("PyTorch TorchScript frozen + oneDNN", lambda r, s: r.startswith("pytorch") and r.endswith("onednn"))]

rows = OrderedDict()
for line in open(sys.argv[1]):
    if not line.strip() or line.startswith("#"):
        continue
    model, mmacs, runtime, stored, computed, size, median, p90, cv = [f.strip() for f in line.split(",")]
    row = rows.setdefault(model, {"mmacs": mmacs, "cells": {c: [] for c, _ in COLUMNS}})
    for name, match in COLUMNS:
        if match(runtime, stored):
            row["cells"][name].append(float(median))

print("| network | MMACs | " + " | ".join(c for c, _ in COLUMNS) + " | ORT fp32 / TorchScript (≤ 1: ORT faster) | ORT int8 speed-up over ORT fp32 (fp32 / int8) |")
print("| --- | --- | " + " | ".join("---" for _ in COLUMNS) + " | --- | --- |")
for model, row in rows.items():
    cells = row["cells"]
    def ratio(a, b):
        if not cells[a] or not cells[b]:
            return "-"
        return ", ".join(f"{x / y:.2f}" for x, y in zip(cells[a], cells[b]))
    print(f"| {model} | {row['mmacs']} | " + " | ".join(", ".join(f"{v:.3f}" for v in cells[c]) for c, _ in COLUMNS)
          + f" | {ratio('ORT fp32', 'PyTorch TorchScript frozen + oneDNN')} | {ratio('ORT fp32', 'ORT int8')} |")
print("\n(medians in ms, one per round)")
