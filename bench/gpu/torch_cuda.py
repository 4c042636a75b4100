#!/usr/bin/env python3
"""Batch-1 latency of exported Sculptor networks on an NVIDIA GPU, with what an offline GPU box
has: PyTorch (CUDA) and ONNX Runtime for Python (CPU is enough). Not the product's runtime: the
product's GPU evaluator times with ONNX Runtime's CUDA execution provider from Java (check.sh);
this runs the same exported graphs in PyTorch on the GPU, rebuilt node by node by
bench/evaluator/onnx_torch.py.

For each network of DIR (strip_weights.py's output): fills the stripped weights with seeded random
values, runs ONNX Runtime (CPU, 1 thread) on the product's fixed image for the reference logits,
builds the torch module on the GPU (TF32 off, so it computes fp32 as ONNX Runtime does) and checks
its logits against the reference (relative tolerance), then times batch 1 with the product's
protocol (warm-up runs, then timed runs of the fixed image, output read back to the host, median)
two ways: eager PyTorch, and one CUDA graph replay per run (launch overhead paid once per network,
as ONNX Runtime's CUDA graph mode or TensorRT would). PASSES repeats the whole sweep in separate
passes; a network's latency is the lowest of its passes' medians, as `evaluator calibrate` does.

Writes to OUT: gpu-eager.jsonl and gpu-graph.jsonl in the calibration samples' format (candidate,
repeatsMs, ms, heldOut: the last third), for bench/gpu/GpuReport.java, and gpu.csv (one line per
network and pass) as it goes, so a run cut short still leaves what it measured.

Usage: torch_cuda.py DIR OUT [PASSES] [WARMUP] [RUNS]
"""
import glob
import importlib.util
import json
import os
import statistics
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from strip_weights import fill  # noqa: E402

spec = importlib.util.spec_from_file_location("onnx_torch", os.path.join(HERE, "..", "evaluator", "onnx_torch.py"))
onnx_torch = importlib.util.module_from_spec(spec)
spec.loader.exec_module(onnx_torch)

RELATIVE_TOLERANCE = 1e-4


def reference(model, image):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: image.numpy()})[0].reshape(-1)


def median_ms(step, warmup, runs):
    ms = []
    for i in range(-warmup, runs):
        t0 = time.perf_counter()
        out = step()
        elapsed = (time.perf_counter() - t0) * 1000
        if out.size == 0:
            raise RuntimeError("no output")
        if i >= 0:
            ms.append(elapsed)
    return statistics.median(ms)


def main():
    src, out = sys.argv[1:3]
    passes = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 200
    os.makedirs(out, exist_ok=True)
    cuda = torch.cuda.is_available()
    device = torch.device("cuda" if cuda else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    if not cuda:
        torch.set_num_threads(1)
    lines = [json.loads(l) for l in open(os.path.join(src, "networks.jsonl"))]
    print(f"# torch {torch.__version__}, cuDNN {torch.backends.cudnn.version()}, device "
          f"{torch.cuda.get_device_name(0) if cuda else 'cpu (no CUDA: a dry run)'}, onnxruntime {ort.__version__} "
          f"{ort.get_available_providers()}; {len(lines)} networks, {passes} passes, {warmup} warm-up + {runs} timed runs",
          flush=True)
    nets = []
    csv = open(os.path.join(out, "gpu.csv"), "w")
    csv.write("name,MMACs,host-cpu ms,pass,eager ms,graph ms,max rel diff\n")
    worst = 0.0
    for i, line in enumerate(lines):
        model = fill(onnx.load(os.path.join(src, line["name"] + ".onnx")), seed=i)
        shape = [d.dim_value or 1 for d in model.graph.input[0].type.tensor_type.shape.dim]
        image = torch.from_numpy(np.fromfile(os.path.join(src, line["name"] + ".input.f32"), dtype="<f4").reshape(shape))
        expected = reference(model, image)
        net = onnx_torch.OnnxModule(model).eval().to(device)
        x = image.to(device)
        with torch.no_grad():
            got = net(x).cpu().numpy().reshape(-1)
        diff = float(np.max(np.abs(got - expected)) / max(1.0, float(np.max(np.abs(expected)))))
        if not diff <= RELATIVE_TOLERANCE:
            sys.exit(f"{line['name']}: torch on {device} differs from ONNX Runtime by {diff:.3g} (relative; > {RELATIVE_TOLERANCE})")
        worst = max(worst, diff)
        graph = None
        if cuda:
            with torch.no_grad():
                stream = torch.cuda.Stream()
                stream.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(stream):
                    for _ in range(3):
                        net(x)
                torch.cuda.current_stream().wait_stream(stream)
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph):
                    static_out = net(x)
        nets.append((line, net, x, graph, static_out if graph else None, diff))
    print(f"# {len(nets)} networks built and checked against ONNX Runtime: max relative |diff| {worst:.2e}", flush=True)
    eager = [[] for _ in nets]
    graphed = [[] for _ in nets]
    for p in range(passes):
        start = time.time()
        with torch.no_grad():
            for i, (line, net, x, graph, static_out, diff) in enumerate(nets):
                eager[i].append(median_ms(lambda: net(x).cpu().numpy(), warmup, runs))
                if graph is not None:
                    graphed[i].append(median_ms(lambda: (graph.replay(), static_out.cpu().numpy())[1], warmup, runs))
                csv.write(f"{line['name']},{line['macs'] / 1e6:.3f},{line['hostCpuMs']:.4f},{p + 1},{eager[i][-1]:.4f},"
                          f"{graphed[i][-1] if graphed[i] else float('nan'):.4f},{diff:.2e}\n")
                csv.flush()
        print(f"# pass {p + 1}/{passes}: {time.time() - start:.0f} s", flush=True)
    fit = round(len(nets) * 2 / 3)
    for label, times in (("eager", eager), ("graph", graphed)):
        if not times[0]:
            continue
        with open(os.path.join(out, f"gpu-{label}.jsonl"), "w") as f:
            for i, (line, *_rest) in enumerate(nets):
                f.write(json.dumps({"candidate": line["candidate"], "repeatsMs": times[i], "ms": min(times[i]),
                                    "heldOut": i >= fit}) + "\n")
        ms = sorted(min(t) for t in times)
        print(f"{label}: median {statistics.median(ms):.3f} ms, min {ms[0]:.3f}, max {ms[-1]:.3f} over {len(ms)} networks")


if __name__ == "__main__":
    main()
