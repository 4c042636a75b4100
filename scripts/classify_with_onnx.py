#!/usr/bin/env python3
"""Runs a downloaded Sculptor model with ONNX Runtime from Python, as docs/deploy.md shows, over
IDX image and label files (gzipped or not), and prints its accuracy: a check that the file, its
preprocessing and its class names are what the docs say, outside Sculptor.

usage: classify_with_onnx.py MODEL.onnx IMAGES.idx3[.gz] LABELS.idx1[.gz] [--limit N]
needs: pip install onnxruntime numpy
"""
import argparse
import gzip
import sys

import numpy as np
import onnxruntime as ort


def idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("images")
    p.add_argument("labels")
    p.add_argument("--limit", type=int, default=None)
    a = p.parse_args()
    images, labels = idx(a.images), idx(a.labels)
    if a.limit:
        images, labels = images[: a.limit], labels[: a.limit]

    # docs/deploy.md, "Run it from Python"
    session = ort.InferenceSession(a.model, providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map
    classes = meta["class_names"].split(",")
    right = 0
    for digit, label in zip(images, labels):
        x = (digit.astype(np.float32) / 255.0).reshape(1, 1, 28, 28)
        logits = session.run(["logits"], {"image": x})[0]
        right += classes[int(logits[0].argmax())] == str(label)

    print(f"onnxruntime {ort.__version__}: {right} of {len(labels)} right ({right / len(labels):.4f});"
          f" model {meta.get('sculptor.candidate_id')} ({meta.get('sculptor.stage')},"
          f" {meta.get('sculptor.precision')}), input {meta.get('input.shape')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
