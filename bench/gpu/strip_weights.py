#!/usr/bin/env python3
"""Copies the networks ExportNetworks.java wrote, without their weights, for a GPU machine reached
through a small transfer: every float initializer of 64 values or more keeps its name and shape but
loses its data (the graph and its shapes are what latency depends on). torch_cuda.py fills them
again with seeded random values (`fill`) and checks PyTorch on the GPU against ONNX Runtime on the
same filled model. The fixed input image and networks.jsonl are copied as they are.

Usage: strip_weights.py SRC DST      (python3 with onnx, e.g. Debian's /usr/bin/python3)
"""
import glob
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, numpy_helper

MIN_VALUES = 64


def strippable(t):
    return t.data_type == TensorProto.FLOAT and int(np.prod(t.dims)) >= MIN_VALUES


def strip(model):
    for t in model.graph.initializer:
        if strippable(t):
            t.ClearField("raw_data")
            t.ClearField("float_data")
            t.doc_string = "stripped"
    return model


def fill(model, seed):
    """Seeded random values for the stripped initializers, scaled by fan-in so activations stay O(1)."""
    rng = np.random.default_rng(seed)
    for t in model.graph.initializer:
        if t.doc_string != "stripped":
            continue
        dims = list(t.dims)
        if len(dims) == 1:
            values = rng.normal(0.0, 0.1, dims)
        else:
            values = rng.normal(0.0, 1.0 / np.sqrt(np.prod(dims[1:])), dims)
        t.CopyFrom(numpy_helper.from_array(values.astype(np.float32), t.name))
    return model


def main():
    src, dst = sys.argv[1:3]
    os.makedirs(dst, exist_ok=True)
    before = after = 0
    for path in sorted(glob.glob(os.path.join(src, "net-*.onnx"))):
        name = os.path.basename(path)
        model = strip(onnx.load(path))
        out = os.path.join(dst, name)
        onnx.save(model, out)
        before += os.path.getsize(path)
        after += os.path.getsize(out)
        shutil.copy(path[: -len(".onnx")] + ".input.f32", dst)
    shutil.copy(os.path.join(src, "networks.jsonl"), dst)
    print(f"{before / 1e6:.1f} MB of ONNX -> {after / 1e6:.2f} MB without weights in {dst}")


if __name__ == "__main__":
    main()
