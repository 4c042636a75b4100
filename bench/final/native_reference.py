#!/usr/bin/env python3
"""Native reference for the canonical job's final accuracy: a 29k-parameter three-conv CNN with batch norm
trained in Debian's python3-torch on the same mnist-10k splits the product uses (the IDX files in
the evaluator's resources), with the recipe the final phase aims at: Adam, one-cycle schedule,
random shifts of up to 2 pixels, the best validation epoch's weights kept, test split evaluated once.

Usage: native_reference.py [EPOCHS] [THREADS] [SEED]   (defaults 15, 2, 1)
Prints one JSON line: params, epochs, best epoch, validation and test accuracy, wall-clock seconds.
"""
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = os.path.join(os.path.dirname(__file__), "../../evaluator/src/main/resources/datasets/mnist-10k")


def idx(name):
    with gzip.open(os.path.join(DATA, name)) as f:
        magic = struct.unpack(">i", f.read(4))[0]
        dims = struct.unpack(">" + "i" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def split(name):
    x = idx(f"{name}-images-idx3-ubyte.gz").astype(np.float32)[:, None] / 255.0
    y = idx(f"{name}-labels-idx1-ubyte.gz").astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def block(cin, cout, stride):
    return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


def network():
    """About 29k parameters: three 3x3 convolutions (16, 32, 32 channels; the last two stride 2),
    each with batch norm and ReLU, then a linear layer over the 7x7x32 features."""
    return nn.Sequential(*block(1, 16, 1), *block(16, 32, 2), *block(32, 32, 2),
                         nn.Flatten(), nn.Linear(32 * 7 * 7, 10))


def shift(x, generator):
    """Random translation of up to 2 pixels per image, border filled with zeros (as the product's)."""
    n, _, h, w = x.shape
    padded = nn.functional.pad(x, (2, 2, 2, 2))
    d = torch.randint(0, 5, (n, 2), generator=generator)
    out = torch.empty_like(x)
    for dx in range(5):
        for dy in range(5):
            pick = (d[:, 0] == dx) & (d[:, 1] == dy)
            if pick.any():
                out[pick] = padded[pick, :, dy:dy + h, dx:dx + w]
    return out


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    (xtr, ytr), (xva, yva), (xte, yte) = split("train"), split("validation"), split("test")
    model = network()
    batch = 64
    steps = epochs * ((len(xtr) + batch - 1) // batch)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    loss_fn = nn.CrossEntropyLoss()
    best, best_epoch, best_state = -1.0, 0, None
    start = time.time()
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(xtr), generator=g)
        for i in range(0, len(xtr), batch):
            idx_ = order[i:i + batch]
            opt.zero_grad()
            loss_fn(model(shift(xtr[idx_], g)), ytr[idx_]).backward()
            opt.step()
            sched.step()
        val = accuracy(model, xva, yva)
        if val > best:
            best, best_epoch = val, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    print(json.dumps({
        "params": sum(p.numel() for p in model.parameters()),
        "train": len(xtr), "epochs": epochs, "bestEpoch": best_epoch,
        "validationAccuracy": round(best, 4), "testAccuracy": round(accuracy(model, xte, yte), 4),
        "seconds": round(time.time() - start, 1), "threads": threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
