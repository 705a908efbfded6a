"""A model of data-parallel training on 8, 64 and 512 nodes (issue 20), from what
bench/distributed.py measured on this machine (bench/distributed.json): writes bench/SCALING.md.

Usage: /usr/bin/python3 bench/scaling.py [--json bench/distributed.json] [--bandwidth-gbs 25]
                                         [--latency-us 5] [--node-speedups 1,16] [--out FILE]

The model, for N nodes, each taking the task's batch (weak scaling: the global batch is N
times it, as when one adds nodes to train faster):
  compute  T_c  = one thread's time per step, measured here (bench/distributed.json): the
                  smaller of the wall time of a step (which includes time the loaded machine
                  gave to other work) and the run's CPU time per step (which includes
                  loading the data and compiling), both upper bounds of the step's compute;
                  divided by the node speedup (how many times faster than one core of this
                  machine a node computes a step: 1, or 16 for a 16-core node that scales well);
  allreduce T_a = 2(N-1)/N · bytes / bandwidth + 2(N-1) · latency   (ring allreduce: N-1
                  reduce-scatter and N-1 all-gather steps, each moving bytes/N);
  bytes         = 4 · parameters (float32 gradients, one allreduce a step, as nnc does);
  step          = T_c + T_a (nnc does not yet overlap the allreduce with backward).
Speedup over one node (samples/s) = N · T_c / (T_c + T_a); efficiency = T_c / (T_c + T_a).

Data parallelism stops paying when the allreduce costs as much as the compute (efficiency
50%). Compute grows with the parameters as k·P (k: seconds per parameter per step at the
batch, measured), and the allreduce as 8P/bandwidth plus a latency term independent of P, so
efficiency ≥ 50% needs  P ≥ P* = 2(N-1)·latency / (k - 8(N-1)/(N·bandwidth)):  below P*,
the model is too small, its step too short for the allreduce's latency; when k is below the
bandwidth term, no size pays (a node so fast that the gradient cannot be sent in the time it
takes to compute it).
"""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NODES = (8, 64, 512)
# the models of the model: name in the table, task measured (1 process × 1 thread)
MODELS = (("seed model (Task S)", "S"), ("Task M", "M"), ("Task L", "L"))


def allreduce_s(nbytes, n, bandwidth, latency):
    return 2 * (n - 1) / n * nbytes / bandwidth + 2 * (n - 1) * latency


def smallest_paying(k, n, bandwidth, latency):
    """Parameters at which the allreduce costs what the compute does (None: no size pays)."""
    margin = k - 8 * (n - 1) / (n * bandwidth)
    return 2 * (n - 1) * latency / margin if margin > 0 else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--json", default=os.path.join(HERE, "distributed.json"))
    p.add_argument("--bandwidth-gbs", type=float, default=25.0)
    p.add_argument("--latency-us", type=float, default=5.0)
    p.add_argument("--node-speedups", default="1,16")
    p.add_argument("--out", default=os.path.join(HERE, "SCALING.md"))
    a = p.parse_args()
    bw, lat = a.bandwidth_gbs * 1e9, a.latency_us * 1e-6
    speedups = [float(s) for s in a.node_speedups.split(",")]
    with open(a.json) as f:
        runs = json.load(f)["runs"]
    one = {r["task"]: r for r in runs if r["processes"] == 1 and r["threads"] == 1}
    for r in one.values():
        r["compute_s"] = min(r["wall_step_ms"], r["cpu_step_ms"]) * 1e-3

    out = ["# Data parallelism on 8, 64 and 512 nodes: a model",
           "",
           "Written by `bench/scaling.py` from bench/distributed.json (measured by "
           "bench/distributed.py); the formulas are in the script's docstring. Network: "
           "%g GB/s a link, %g µs a message (the latency is an assumption: a typical MPI "
           "latency over InfiniBand or RoCE; 25 GB/s is 200 Gb/s). Compute: one thread's time "
           "per step on this machine, the smaller of its wall and CPU time per step (the "
           "machine is shared and loaded: both are upper bounds), divided by the node speedup. "
           "Each node takes the task's batch (the global batch grows with N)."
           % (a.bandwidth_gbs, a.latency_us),
           "",
           "| model | batch a node | params | gradient MB a step | node speedup | compute ms/step "
           "| nodes | allreduce ms | step ms | speedup over 1 node | efficiency |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, task in MODELS:
        r = one[task]
        nbytes = 4 * r["params"]
        for s in speedups:
            tc = r["compute_s"] / s
            for n in NODES:
                ta = allreduce_s(nbytes, n, bw, lat)
                out.append(("| %s | %d | %s | %.3f | %g× | %.3f | %d | %.3f | %.3f | %.1f "
                            "| %.0f%% |") % (
                    label, r["batch"], format(r["params"], ","), nbytes / 1e6, s, tc * 1e3, n,
                    ta * 1e3, (tc + ta) * 1e3, n * tc / (tc + ta), 100 * tc / (tc + ta)))
    out += ["",
            "## The smallest model that pays (efficiency ≥ 50%)",
            "",
            "k is the compute per parameter per step measured at the batch (Task M's at 32, "
            "Task L's at 256: dense layers cost about 6·batch FLOPs a parameter a step, so k "
            "grows with the batch and shrinks with the node's speed).",
            "",
            "| batch a node | measured on | node speedup | k (ns per param per step) "
            + "".join("| smallest params, %d nodes " % n for n in NODES) + "|",
            "|---|---|---|---" + "|---" * len(NODES) + "|"]
    for task in ("M", "L"):
        r = one[task]
        for s in speedups:
            k = r["compute_s"] / s / r["params"]
            cells = []
            for n in NODES:
                pstar = smallest_paying(k, n, bw, lat)
                cells.append("none pays" if pstar is None else format(round(pstar), ","))
            out.append("| %d | Task %s | %g× | %.2f | %s |" % (
                r["batch"], task, s, k * 1e9, " | ".join(cells)))
    out.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(out))
    print("\n".join(out))


if __name__ == "__main__":
    main()
