"""The peer side of bench/run.sh: the benchmark tasks in PyTorch, written as a PyTorch user
would write them (index batches from a shuffled permutation, model(x), loss, zero_grad,
backward, step), the same models, losses, optimizer (Adam lr 1e-3, eps 1e-7), batch sizes
and data files as bench/nnc_bench.c.

Timing: one warm-up epoch, then whole epochs until at least --min-seconds have passed;
`seconds` is the wall time of those epochs (shuffling and indexing included).
Peak RSS: the high-water mark is reset (/proc/self/clear_refs) once the data is loaded,
as nnc_bench does, so it counts what stays resident, not transient loading copies.
Run it with /usr/bin/python3 (Debian's python3-torch); for PyTorch at its best also with
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp and OMP_NUM_THREADS=threads.

Usage: torch_tasks.py --task S|S1|M|M256|L --x FILE --y FILE [--min-seconds S]
                      [--max-epochs N] [--threads N] [--limit SAMPLES] [--batch N] [--width W]
(--batch and --width change the task's batch size and hidden units, as nnc_bench's do.)
Prints one JSON object on one line.
"""
import argparse
import gzip
import json
import os
import resource
import struct
import time

import numpy as np
import torch
from torch import nn

TASKS = {  # layer sizes, hidden activation, output, batch size
    "S": ([784, 25, 15, 1], nn.Sigmoid, "bce", 32),
    "S1": ([784, 25, 15, 1], nn.Sigmoid, "bce", 1),
    "M": ([784, 128, 10], nn.ReLU, "scce", 32),
    "M256": ([784, 128, 10], nn.ReLU, "scce", 256),
    "L": ([784, 1024, 1024, 10], nn.ReLU, "scce", 256),
}


def load(path, images):
    """A .npy file, or an IDX file (-ubyte, optionally .gz): images scaled to [0, 1], flat."""
    if path.endswith(".npy"):
        return np.load(path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    a = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    if images:
        return (a.astype(np.float32) / 255).reshape(dims[0], -1)
    return a


def build(sizes, act, out):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(act())
    if out == "bce":
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def epoch(model, opt, loss_fn, x, y, batch):
    """One epoch over shuffled batches; returns the mean loss over its samples."""
    perm = torch.randperm(x.shape[0])
    total = 0.0
    for i in range(0, x.shape[0], batch):
        idx = perm[i:i + batch]
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    return total / x.shape[0]


def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--task", required=True, choices=sorted(TASKS))
    p.add_argument("--x", required=True)
    p.add_argument("--y", required=True)
    p.add_argument("--min-seconds", type=float, default=3.0)
    p.add_argument("--max-epochs", type=int, default=1000000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--batch", type=int, default=0)
    p.add_argument("--width", type=int, default=0)
    return p.parse_args()


def data(a, out):
    xn, yn = load(a.x, True), load(a.y, False)
    if a.limit > 0:
        xn, yn = xn[:a.limit], yn[:a.limit]
    x = torch.from_numpy(np.ascontiguousarray(xn, dtype=np.float32))
    if out == "bce":
        return x, torch.from_numpy(yn.astype(np.float32).reshape(-1, 1))
    return x, torch.from_numpy(yn.astype(np.int64).reshape(-1))


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    sizes, act, out, batch = TASKS[a.task]
    batch = a.batch or batch
    if a.width:
        sizes = [sizes[0]] + [a.width] * (len(sizes) - 2) + [sizes[-1]]
    x, y = data(a, out)
    rss_reset = reset_peak_rss()
    loss_fn = nn.BCELoss() if out == "bce" else nn.CrossEntropyLoss()
    model = build(sizes, act, out)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    t = time.perf_counter()
    epoch(model, opt, loss_fn, x, y, batch)  # warm-up
    warm = time.perf_counter() - t
    start = time.perf_counter()
    epochs = 0
    while epochs < a.max_epochs:
        final = epoch(model, opt, loss_fn, x, y, batch)
        epochs += 1
        if time.perf_counter() - start >= a.min_seconds:
            break
    seconds = time.perf_counter() - start
    n = x.shape[0]
    steps = epochs * ((n + batch - 1) // batch)
    print(json.dumps({
        "side": "torch", "task": a.task, "batch": batch, "width": sizes[1], "threads": torch.get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "default"),
        "samples_per_s": epochs * n / seconds, "seconds": seconds,
        "us_per_step": seconds / steps * 1e6, "samples": epochs * n, "epochs": epochs,
        "warmup_epoch_s": warm, "final_loss": final,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_reset": rss_reset, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
