#!/usr/bin/env python3
"""Native PyTorch timing of an exported Sculptor fp32 model, built from the .onnx file itself.

Reads MODEL.onnx with python3-onnx and builds the equivalent torch module from its nodes and
initializers (the ops the exporter writes: Conv with groups/pads/strides, Relu, Clip, HardSwish,
HardSigmoid, Sigmoid, Erf, Add, Sub, Mul, Div, GlobalAveragePool, Flatten, Gemm, Cast), so torch
runs the same network with the same weights without re-describing it. Checks torch's logits on
the input the Java side saved (INPUT.f32, raw little-endian float32 NCHW) against ONNX Runtime's
logits for it (EXPECTED.f32) within 1e-4, then times batch 1 with the product's protocol: 1
intra-op thread, WARMUP warm-up runs, RUNS timed runs of one fixed image, output read back,
median / p90 / CV. Two variants: eager, and TorchScript traced, frozen and
torch.jit.optimize_for_inference'd (oneDNN). Prints one CSV line per variant in OnnxVsDjl's
format: model, MMACs, runtime, stored, computed, bytes, median ms, p90 ms, CV.

Usage: onnx_torch.py NAME MMACS MODEL.onnx INPUT.f32 EXPECTED.f32 RUNS [WARMUP]
Needs Debian's python3-torch and python3-onnx (/usr/bin/python3).
"""
import statistics
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn
from torch.nn import functional as F

TOLERANCE = 1e-4


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class OnnxModule(nn.Module):
    """Runs the ONNX graph's nodes in order; convs and dense layers are nn modules holding the initializers."""

    def __init__(self, model):
        super().__init__()
        graph = model.graph
        inits = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
        self.input_name = graph.input[0].name
        self.output_name = graph.output[0].name
        self.layers = nn.ModuleDict()
        self.steps = []  # (op, inputs, output, attributes, module key)
        constants = {}
        for i, node in enumerate(graph.node):
            a = attributes(node)
            key = None
            if node.op_type == "Conv":
                w = inits[node.input[1]].float()
                k = a.get("kernel_shape", list(w.shape[2:]))
                pads = a.get("pads", [0, 0, 0, 0])
                if pads[0] != pads[2] or pads[1] != pads[3]:
                    raise ValueError(f"asymmetric pads {pads} in {node.name}")
                conv = nn.Conv2d(w.shape[1] * a.get("group", 1), w.shape[0], tuple(k), tuple(a.get("strides", [1, 1])),
                                 (pads[0], pads[1]), tuple(a.get("dilations", [1, 1])), a.get("group", 1),
                                 bias=len(node.input) > 2)
                conv.weight.data.copy_(w)
                if len(node.input) > 2:
                    conv.bias.data.copy_(inits[node.input[2]].float())
                key = f"n{i}"
                self.layers[key] = conv
            elif node.op_type == "Gemm":
                if a.get("transA", 0) or a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0:
                    raise ValueError(f"unsupported Gemm attributes {a} in {node.name}")
                w = inits[node.input[1]].float()
                if not a.get("transB", 0):
                    w = w.t()
                dense = nn.Linear(w.shape[1], w.shape[0], bias=len(node.input) > 2)
                dense.weight.data.copy_(w)
                if len(node.input) > 2:
                    dense.bias.data.copy_(inits[node.input[2]].float())
                key = f"n{i}"
                self.layers[key] = dense
            elif node.op_type == "Cast":
                # fp16 weights cast to fp32: resolved here, the module holds fp32 values
                if node.input[0] in inits:
                    inits[node.output[0]] = inits[node.input[0]].float()
                    continue
            for name in node.input[1 if node.op_type in ("Conv", "Gemm") else 0:]:
                if name in inits and name not in constants and node.op_type not in ("Conv", "Gemm"):
                    constants[name] = inits[name].float()
            self.steps.append((node.op_type, list(node.input), node.output[0], a, key))
        for j, (name, value) in enumerate(constants.items()):
            self.register_buffer(f"c{j}", value)
        self.constant_names = {name: f"c{j}" for j, name in enumerate(constants)}

    def forward(self, x):
        env = {self.input_name: x}
        for name, buffer in self.constant_names.items():
            env[name] = getattr(self, buffer)
        for op, inputs, output, a, key in self.steps:
            if op in ("Conv", "Gemm"):
                y = self.layers[key](env[inputs[0]])
            elif op == "Relu":
                y = F.relu(env[inputs[0]])
            elif op == "Clip":
                lo = env[inputs[1]] if len(inputs) > 1 and inputs[1] else None
                hi = env[inputs[2]] if len(inputs) > 2 and inputs[2] else None
                y = torch.clamp(env[inputs[0]], min=None if lo is None else float(lo), max=None if hi is None else float(hi))
            elif op == "HardSwish":
                y = F.hardswish(env[inputs[0]])
            elif op == "HardSigmoid":
                y = torch.clamp(a.get("alpha", 0.2) * env[inputs[0]] + a.get("beta", 0.5), 0, 1)
            elif op == "Sigmoid":
                y = torch.sigmoid(env[inputs[0]])
            elif op == "Erf":
                y = torch.erf(env[inputs[0]])
            elif op == "Add":
                y = env[inputs[0]] + env[inputs[1]]
            elif op == "Sub":
                y = env[inputs[0]] - env[inputs[1]]
            elif op == "Mul":
                y = env[inputs[0]] * env[inputs[1]]
            elif op == "Div":
                y = env[inputs[0]] / env[inputs[1]]
            elif op == "GlobalAveragePool":
                y = F.adaptive_avg_pool2d(env[inputs[0]], 1)
            elif op == "Flatten":
                y = torch.flatten(env[inputs[0]], a.get("axis", 1))
            else:
                raise ValueError(f"op {op} is not translated (the fp32 export should not contain it)")
            env[output] = y
        return env[self.output_name]


def timing(net, image, warmup, runs):
    ms = []
    with torch.no_grad():
        for i in range(-warmup, runs):
            t0 = time.perf_counter()
            out = net(image).numpy()
            elapsed = (time.perf_counter() - t0) * 1000
            if out.size == 0:
                raise RuntimeError("no output")
            if i >= 0:
                ms.append(elapsed)
    ms.sort()
    pos = 0.9 * (len(ms) - 1)
    lo, hi = int(pos), min(int(pos) + 1, len(ms) - 1)
    p90 = ms[lo] + (ms[hi] - ms[lo]) * (pos - lo)
    return statistics.median(ms), p90, statistics.stdev(ms) / statistics.mean(ms)


def main():
    name, mmacs, path, input_path, expected_path = sys.argv[1:6]
    runs = int(sys.argv[6])
    warmup = int(sys.argv[7]) if len(sys.argv) > 7 else 300
    torch.set_num_threads(1)
    model = onnx.load(path)
    shape = [d.dim_value or 1 for d in model.graph.input[0].type.tensor_type.shape.dim]
    image = torch.from_numpy(np.fromfile(input_path, dtype="<f4").reshape(shape))
    expected = np.fromfile(expected_path, dtype="<f4")
    eager = OnnxModule(model).eval()
    with torch.no_grad():
        scripted = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(eager, image)))
        for label, net in (("eager", eager), ("torchscript", scripted)):
            diff = float(np.max(np.abs(net(image).numpy().reshape(-1) - expected)))
            if not diff <= TOLERANCE:
                sys.exit(f"{name}: torch {label} differs from ONNX Runtime by {diff:.3g} (> {TOLERANCE})")
            print(f"# {name}: torch {label} vs ONNX Runtime fp32 max |diff| {diff:.2e}", file=sys.stderr)
    import os
    size = os.path.getsize(path)
    for label, net in (("pytorch " + torch.__version__ + " eager", eager),
                       ("pytorch " + torch.__version__ + " torchscript-frozen-onednn", scripted)):
        median, p90, cv = timing(net, image, warmup, runs)
        print(f"{name}, {float(mmacs):.2f}, {label}, fp32, fp32, {size}, {median:.3f}, {p90:.3f}, {cv:.3f}", flush=True)


if __name__ == "__main__":
    main()
