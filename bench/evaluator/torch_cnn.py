#!/usr/bin/env python3
"""The evaluator tests' small CNN in native PyTorch, timed the way DjlVsPytorch.java times it in DJL.

Network (what core's NetworkDecoder makes of the spec stem 16, stage CONV_BN_ACT 3x3 32 x1,
stage DEPTHWISE_SEPARABLE 3x3 32 x2, ReLU, pooled head): conv3x3 16 s1 + BN + ReLU; conv3x3 32
s2 + BN + ReLU; [dw3x3 s2 + BN + ReLU, pw1x1 32 + BN + ReLU]; [dw3x3 s1 + BN + ReLU, pw1x1 32 + BN
+ ReLU] + residual; global average pool; linear 32 -> 10. No conv biases (BN follows).

Training step, as the product's loop does it: batch of 64 from a float array, forward, cross
entropy, backward, read the loss and the batch's correct count, Adam step (lr 3e-3).
Latency: eval mode, no grad, batch 1, a fresh input tensor per run, output read back; warm-up
then timed runs; median, p90, CV.  Usage: torch_cnn.py TRAIN_THREADS LATENCY_THREADS STEPS RUNS
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


def conv(cin, cout, k, s, groups=1):
    return [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class Residual(nn.Module):
    def __init__(self, body):
        super().__init__()
        self.body = body

    def forward(self, x):
        return self.body(x) + x


def small_cnn():
    return nn.Sequential(
        *conv(1, 16, 3, 1),
        *conv(16, 32, 3, 2),
        nn.Sequential(*conv(32, 32, 3, 2, groups=32), *conv(32, 32, 1, 1)),
        Residual(nn.Sequential(*conv(32, 32, 3, 1, groups=32), *conv(32, 32, 1, 1))),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))


def main():
    train_threads, latency_threads, steps, runs = (int(a) for a in sys.argv[1:5])
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    images = rng.random((64 * 50, 1, 28, 28), dtype=np.float32)
    labels = rng.integers(0, 10, 64 * 50)
    net = small_cnn()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    loss_fn = nn.CrossEntropyLoss()

    torch.set_num_threads(train_threads)
    net.train()
    step_ms = []
    for i in range(-20, steps):
        j = (i % 50) * 64
        t0 = time.perf_counter()
        x = torch.from_numpy(images[j:j + 64].copy())
        y = torch.from_numpy(labels[j:j + 64].copy())
        out = net(x)
        loss = loss_fn(out, y)
        opt.zero_grad()
        loss.backward()
        loss.item()
        (out.argmax(1) == y).sum().item()
        opt.step()
        if i >= 0:
            step_ms.append((time.perf_counter() - t0) * 1000)

    torch.set_num_threads(latency_threads)
    net.eval()
    image = rng.random((1, 1, 28, 28), dtype=np.float32)
    def latency(warmup):
        out = []
        with torch.no_grad():
            for i in range(-warmup, runs):
                x = torch.from_numpy(image.copy())
                t0 = time.perf_counter()
                net(x).numpy()
                if i >= 0:
                    out.append((time.perf_counter() - t0) * 1000)
        return out

    lat_ms = latency(20)
    warm_ms = latency(1000)
    lat_sorted = sorted(lat_ms)
    print(json.dumps({
        "side": "native PyTorch (Python)", "version": torch.__version__,
        "trainThreads": train_threads, "latencyThreads": latency_threads,
        "trainStepMedianMs": statistics.median(step_ms), "trainStepMeanMs": statistics.mean(step_ms),
        "latencyMedianMs": statistics.median(lat_ms), "latencyP90Ms": lat_sorted[int(0.9 * (len(lat_sorted) - 1))],
        "latencyCv": statistics.stdev(lat_ms) / statistics.mean(lat_ms),
        "latencyAfter1000WarmupMedianMs": statistics.median(warm_ms)}))


if __name__ == "__main__":
    main()
