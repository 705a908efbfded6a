"""How cost grows with work: Task L's network (784 → W relu → W relu → 10, sparse categorical
cross-entropy from logits, Adam) trained in nnc and in PyTorch at each batch size from 1 to
1024 (W = 1024) and at each width W from 64 to 4096 (batch 256), in one run. `bench/run.sh
--sweep` installs what is needed, builds nnc_bench and calls this with /usr/bin/python3.

Each point trains both sides as bench/run.py does (one warm-up epoch, then whole epochs for
--min-seconds, best of the two sides' 1- and N-thread runs), on the first samples of
Fashion-MNIST: as many as about --flop-budget FLOPs of training take, at least 8 batches and
at most 500 steps, so that batch 1 and width 4096 both take seconds, not minutes.
Writes bench/sweep.svg (samples/s against batch size, GFLOP/s against width, both sides and
the measured peak) and bench/SWEEP.md (the table and the notes).

Usage: sweep.py --bin NNC_BENCH --fashion DIR [--threads N] [--min-seconds S] [--quick]
"""
import argparse
import datetime
import os
import sys

import matplotlib
import matplotlib.ticker
matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (bench/run.py: the runner, the FLOP count and the peak)

BATCHES = [1, 4, 16, 64, 256, 1024]
WIDTHS = [64, 256, 1024, 2048, 4096]


def points(quick):
    """(batch, width) pairs: the batch sweep at width 1024, then the width sweep at 256."""
    batches, widths = (BATCHES[::2], WIDTHS[::2]) if quick else (BATCHES, WIDTHS)
    return [(b, 1024) for b in batches] + [(256, w) for w in widths if w != 1024]


def samples_for(batch, width, budget):
    per_sample = run.flops_per_sample([784, width, width, 10])
    n = int(budget / per_sample)
    return max(8 * batch, min(n, 500 * batch, 60000))


def measure(batch, width, a, log):
    x = os.path.join(a.fashion, "train-images-idx3-ubyte.gz")
    y = os.path.join(a.fashion, "train-labels-idx1-ubyte.gz")
    common = ["--task", "L", "--x", x, "--y", y, "--min-seconds", str(a.min_seconds),
              "--batch", str(batch), "--width", str(width),
              "--limit", str(samples_for(batch, width, a.flop_budget))]
    counts = sorted({a.threads, 1}, reverse=True)
    torch_env = dict(os.environ, LD_LIBRARY_PATH="/usr/lib/x86_64-linux-gnu/openblas-openmp",
                     OMP_WAIT_POLICY="PASSIVE")
    sides = {}
    for side in ("nnc", "torch"):
        runs = []
        for t in counts:
            if side == "nnc":
                cmd, env = [a.bin] + common + ["--threads", str(t)], dict(os.environ)
            else:
                cmd = [sys.executable, os.path.join(HERE, "torch_tasks.py")] + common + \
                      ["--threads", str(t)]
                env = dict(torch_env, OMP_NUM_THREADS=str(t))
            runs.append(run.run_one(cmd, env, log))
        sides[side] = run.best(runs)
    return sides["nnc"], sides["torch"]


def gflops(r, width):
    if r is None or "error" in r:
        return None
    return r["samples_per_s"] * run.flops_per_sample([784, width, width, 10]) * 1e-9


def table(rows, peak):
    out = ["| batch | width | nnc samples/s | PyTorch samples/s | nnc ÷ PyTorch | nnc GFLOP/s "
           "| % of peak | PyTorch GFLOP/s |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for b, w, n, t in rows:
        gn, gt = gflops(n, w), gflops(t, w)
        p = run.peak_at(peak, n["threads"]) if gn is not None else None
        out.append("| %d | %d | %s | %s | %s | %s | %s | %s |" % (
            b, w, run.fmt(n.get("samples_per_s")), run.fmt(t.get("samples_per_s")),
            run.fmt(gn and gt and gn / gt, "{:.2f}×"), run.fmt(gn, "{:.1f}"),
            run.fmt(gn and p and 100 * gn / p, "{:.0f}%"), run.fmt(gt, "{:.1f}")))
    return "\n".join(out)


def plot(rows, peak, path):
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    by_batch = [r for r in rows if r[1] == 1024]
    by_width = sorted([r for r in rows if r[0] == 256], key=lambda r: r[1])
    for side, idx, style in (("nnc", 2, "o-"), ("PyTorch", 3, "s--")):
        xs = [r[0] for r in by_batch if "error" not in r[idx]]
        left.plot(xs, [r[idx]["samples_per_s"] for r in by_batch if "error" not in r[idx]],
                  style, label=side)
        xs = [r[1] for r in by_width if "error" not in r[idx]]
        right.plot(xs, [gflops(r[idx], r[1]) for r in by_width if "error" not in r[idx]],
                   style, label=side)
    if peak:
        right.axhline(peak["gflops_n"], color="gray", linestyle=":",
                      label="peak, %d threads (measured)" % peak.get("threads", 2))
    left.set(xscale="log", yscale="log", xlabel="batch size (width 1024)",
             ylabel="samples/s", title="Throughput against batch size")
    right.set(xscale="log", xlabel="hidden width W (batch 256)", ylabel="GFLOP/s",
              title="GFLOP/s against layer width")
    for ax, ticks in ((left, BATCHES), (right, WIDTHS)):
        ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
        ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path)


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--fashion", required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--min-seconds", type=float, default=1.0)
    p.add_argument("--flop-budget", type=float, default=4e11)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default=HERE)
    return p.parse_args()


def main():
    a = parse()
    a.repeats = 1
    load_before = run.loadavg()
    peak = run.measure_peak(a)
    rows = []
    with open(os.path.join(a.out, "sweep.jsonl"), "w", buffering=1) as log:
        for b, w in points(a.quick):
            n, t = measure(b, w, a, log)
            print("sweep: batch %d width %d: nnc %s, PyTorch %s samples/s" % (
                b, w, run.fmt(n.get("samples_per_s")), run.fmt(t.get("samples_per_s"))),
                file=sys.stderr)
            rows.append((b, w, n, t))
    plot(rows, peak, os.path.join(a.out, "sweep.svg"))
    import torch
    md = "\n".join([
        "# How cost grows with work (bench/run.sh --sweep, %s)" % datetime.date.today(),
        "",
        "![samples/s against batch size, GFLOP/s against width](sweep.svg)",
        "",
        table(rows, peak),
        "",
        "- Network: 784 → W relu → W relu → 10, sparse categorical cross-entropy from logits, "
        "Adam (Task L's, with W and the batch changed); Fashion-MNIST's first samples.",
        "- Each side: the better of %d and 1 thread(s); PyTorch %s with OpenMP OpenBLAS, as "
        "bench/run.sh runs it. Load average before %s, after %s: on a shared machine read the "
        "ratios, not the times." % (a.threads, torch.__version__, load_before, run.loadavg()),
        "- GFLOP/s as in bench/RESULTS.md. " + run.peak_note(peak, a.threads),
    ])
    with open(os.path.join(a.out, "SWEEP.md"), "w") as f:
        f.write(md + "\n")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
