"""Data parallelism on this machine (issue 20): 1 process × 2 threads against 2 ranks ×
1 thread (mpirun) on Tasks M256 and L, with 1 process × 1 thread beside them, all through
`nnc run` on model files; and one thread's compute per step of the seed model (Task S) and
Task M at batch 32, which bench/scaling.py needs. Writes the measurements to
bench/distributed.json and the table to bench/DISTRIBUTED.md.

Usage: /usr/bin/python3 bench/distributed.py [--nnc build/nnc] [--mpirun mpirun]
                                              [--repeats 2] [--out-dir bench] [--overlap]
Needs data/fashion_train_{x,y}.npy and data/mnist01_train_{x,y}.npy (scripts/fetch-data.sh)
and an nnc built with MPI. About 2 minutes on a loaded 2-core machine.

Wall time: the median `seconds` of the epochs after the first (the log's wall time of an
epoch's steps). CPU time: user + system of the whole run, every rank summed (getrusage of
the children), loading and the (cached) compile included, divided by all the run's steps.
The machine is shared, so wall times depend on the load; the CPU time much less.

--overlap measures instead what overlapping the gradients' allreduce with backward saves on
2 ranks × 1 thread (Tasks M256 and L): the same run with NNC_DP_BUCKET_MB=0 (one allreduce
after backward) and with buckets (NNC_DP_BUCKET_MB, BUCKET_MB below) alternate, repeats
times, and each pair's ratio of wall (and CPU) times per step is reported, since the load
changes from minute to minute. It adds a run to bench/distributed_overlap.json (each run
is kept) and rewrites bench/DISTRIBUTED.md from both JSON files.
"""
import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# name, batch, hidden units, data set, samples used, epochs
TASKS = {
    "S": (32, [25, 15], "mnist01", 6400, 3),
    "M": (32, [128], "fashion", 6400, 3),
    "M256": (256, [128], "fashion", 12800, 3),
    "L": (256, [1024, 1024], "fashion", 6400, 3),
}
# --overlap: the bucket size of each task, in MB (nnc's default): the last layer's gradients
# are a bucket of their own, then buckets of at least this size; so Task L's 7.5 MB go in
# three (the last layer's 41 KB, the second's 4.2 MB, the first's 3.1 MB) and Task M256's
# 407 KB in two (the last layer's 5 KB, the first's)
BUCKET_MB = {"M256": "4", "L": "4"}
# (task, processes, threads per process)
RUNS = [("S", 1, 1), ("M", 1, 1)] + [(t, p, th) for t in ("M256", "L")
                                     for p, th in ((1, 2), (2, 1), (1, 1))]


def model_file(task, data):
    batch, hidden, kind, samples, epochs = TASKS[task]
    layers = ", ".join("Dense(%d, activation='relu')" % u for u in hidden)
    if kind == "mnist01":  # the seed model: 784-25-15-1, sigmoid, binary cross-entropy
        head, loss = "Dense(1, activation='sigmoid')", "'binary_crossentropy'"
    else:
        head, loss = "Dense(10)", "SparseCategoricalCrossentropy(from_logits=True)"
    return f"""from tensorflow import keras
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import SparseCategoricalCrossentropy
X = load("{data}/{kind}_train_x.npy")[:{samples}]
Y = load("{data}/{kind}_train_y.npy")[:{samples}]
model = keras.Sequential([{layers}, {head}])
model.compile(optimizer='adam', loss={loss})
model.fit(X, Y, epochs={epochs}, batch_size={batch}, verbose=0)
print("params", model.count_params())
"""


def run(a, work, task, procs, threads, env=None):
    batch, _, _, samples, epochs = TASKS[task]
    path = os.path.join(work, task + ".nn")
    log = os.path.join(work, "log.csv")
    if os.path.exists(log):
        os.remove(log)
    cmd = [a.nnc, "run", path, "--threads", str(threads), "--log", log]
    if procs > 1:
        cmd = [a.mpirun, "--allow-run-as-root", "--oversubscribe", "-np", str(procs)] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=900,
                       env=dict(os.environ, **(env or {})))
    whole = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("%s failed (%d):\n%s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
    with open(log) as f:
        epochs_s = [float(r["seconds"]) for r in csv.DictReader(f)]
    params = int(p.stdout.split("params")[-1].split()[0])
    steps = (samples + batch - 1) // batch
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"task": task, "processes": procs, "threads": threads, "batch": batch,
            "params": params, "steps_per_epoch": steps, "epochs": epochs,
            "wall_step_ms": statistics.median(epochs_s[1:]) / steps * 1e3,
            "cpu_step_ms": cpu / (steps * epochs) * 1e3, "cpu_s": cpu, "run_s": whole}


def table(results, load_before, load_after):
    lines = ["# Data parallelism on this machine: 1 process × 2 threads against 2 ranks × 1 thread",
             "",
             "Written by `bench/distributed.py` (`nnc run` on model files; 2 ranks under "
             "`mpirun --oversubscribe`).",
             "",
             "**The machine is shared and heavily loaded** (2 cores; load average %.1f before the "
             "runs, %.1f after), so wall times say more about the other work than about nnc; "
             "the CPU time per step is the steadier figure." % (load_before, load_after),
             "",
             "| task | batch | params | run | wall ms/step | CPU ms/step (all ranks) |",
             "|---|---|---|---|---|---|"]
    for r in results:
        run_name = "%s × %s" % (
            "1 process" if r["processes"] == 1 else "%d ranks" % r["processes"],
            "1 thread" if r["threads"] == 1 else "%d threads" % r["threads"])
        lines.append("| %s | %d | %s | %s | %.2f | %.2f |" % (
            r["task"], r["batch"], format(r["params"], ","), run_name, r["wall_step_ms"],
            r["cpu_step_ms"]))
    lines += ["",
              "- wall ms/step: the median over the repeats of the median wall time of an epoch's "
              "steps (`--log`'s `seconds`), the first (warm-up) epoch left out, ÷ the steps of an "
              "epoch.",
              "- CPU ms/step: user + system time of the whole run, summed over its processes "
              "(getrusage of the children), ÷ all its steps; it includes loading the data and the "
              "compile (from the cache), and, for 2 ranks, the time a rank spends yielding while "
              "it waits for the other in the allreduce.",
              "- Tasks: M256 is 784-128-10 at batch 256 (12,800 Fashion-MNIST samples an epoch), "
              "L is 784-1024-1024-10 at batch 256 (6,400 samples), S (the seed model, 784-25-15-1 "
              "on MNIST 0/1) and M (784-128-10) at batch 32 (6,400 samples); Adam; 3 epochs.",
              "- bench/scaling.py turns the 1-thread times per step and the parameter counts into "
              "the scaling model of bench/SCALING.md.", ""]
    return "\n".join(lines)


def overlap_table(ov, n):
    lines = ["## Overlapping the allreduce with backward (2 ranks × 1 thread), run %d" % n, "",
             "`bench/distributed.py --overlap`: each pair is one run with one allreduce after "
             "backward (`NNC_DP_BUCKET_MB=0`) and one with buckets (the last layer's first), each "
             "summed by a thread while backward runs for the earlier layers, back to back (each "
             "first in turn); "
             "load average %.1f before, %.1f after. Ratio: one allreduce ÷ buckets (above 1: "
             "the overlap is faster)." % (ov["load_before"], ov["load_after"])
             + (" This run: %s." % ov["note"] if ov.get("note") else ""), "",
             "| task | bucket MB | pairs | wall ms/step, one allreduce | wall ms/step, buckets | "
             "wall ratio: median (each pair) | CPU ratio: median |",
             "|---|---|---|---|---|---|---|"]
    for task, pairs in ov["tasks"].items():
        lines.append("| %s | %s | %d | %s | %s | %.2f (%s) | %.2f |" % (
            task, ov["bucket_mb"][task], len(pairs),
            ", ".join("%.1f" % p["one"]["wall_step_ms"] for p in pairs),
            ", ".join("%.1f" % p["buckets"]["wall_step_ms"] for p in pairs),
            statistics.median(p["wall_ratio"] for p in pairs),
            ", ".join("%.2f" % p["wall_ratio"] for p in pairs),
            statistics.median(p["cpu_ratio"] for p in pairs)))
    return "\n".join(lines + [""])


def overlap(a, work):
    """Alternates one allreduce and buckets on 2 ranks × 1 thread, repeats pairs a task."""
    mbs = {t: a.bucket_mb or BUCKET_MB[t] for t in BUCKET_MB}
    ov = {"bucket_mb": mbs, "load_before": os.getloadavg()[0], "tasks": {}}
    for task in ("M256", "L"):
        run(a, work, task, 2, 1)  # the compile, into the cache
        pairs = []
        for rep in range(a.repeats):
            order = ("one", "buckets") if rep % 2 == 0 else ("buckets", "one")
            pair = {}
            for kind in order:
                mb = "0" if kind == "one" else mbs[task]
                pair[kind] = run(a, work, task, 2, 1, {"NNC_DP_BUCKET_MB": mb})
            pair["wall_ratio"] = pair["one"]["wall_step_ms"] / pair["buckets"]["wall_step_ms"]
            pair["cpu_ratio"] = pair["one"]["cpu_step_ms"] / pair["buckets"]["cpu_step_ms"]
            print("%-5s one allreduce %.2f ms/step, buckets %.2f ms/step: ratio %.2f" % (
                task, pair["one"]["wall_step_ms"], pair["buckets"]["wall_step_ms"],
                pair["wall_ratio"]), file=sys.stderr, flush=True)
            pairs.append(pair)
        ov["tasks"][task] = pairs
    ov["load_after"] = os.getloadavg()[0]
    return ov


def write_md(out_dir):
    with open(os.path.join(out_dir, "distributed.json")) as f:
        d = json.load(f)
    text = table(d["runs"], d["load_before"], d["load_after"])
    path = os.path.join(out_dir, "distributed_overlap.json")
    if os.path.exists(path):
        with open(path) as f:
            runs = json.load(f)["runs"]
        text += "\n" + "\n".join(overlap_table(ov, i + 1) for i, ov in enumerate(runs))
        text += ("\ndocs/distributed.md (Scaling) reads these runs and says what the default "
                 "bucket size rests on.\n")
    with open(os.path.join(out_dir, "DISTRIBUTED.md"), "w") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nnc", default=os.path.join(ROOT, "build", "nnc"))
    p.add_argument("--mpirun", default="mpirun")
    p.add_argument("--data", default=os.path.join(ROOT, "data"))
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--out-dir", default=HERE)
    p.add_argument("--overlap", action="store_true")
    p.add_argument("--bucket-mb", default=None, help="for every task (else BUCKET_MB's)")
    a = p.parse_args()
    a.data = os.path.abspath(a.data)
    with tempfile.TemporaryDirectory(prefix="nnc-distributed-") as work:
        os.environ["NNC_CACHE"] = os.path.join(work, "cache")
        for task in TASKS:
            with open(os.path.join(work, task + ".nn"), "w") as f:
                f.write(model_file(task, a.data))
        if a.overlap:
            path = os.path.join(a.out_dir, "distributed_overlap.json")
            runs = []
            if os.path.exists(path):  # each run is kept: the load decides so much
                with open(path) as f:
                    runs = json.load(f)["runs"]
            runs.append(overlap(a, work))
            with open(path, "w") as f:
                json.dump({"runs": runs}, f, indent=1)
                f.write("\n")
            write_md(a.out_dir)
            return
        load_before = os.getloadavg()[0]
        results = []
        for task, procs, threads in RUNS:
            # the repeats follow one another; after the first, the compile is from the cache
            reps = [run(a, work, task, procs, threads) for _ in range(a.repeats)]
            r = dict(reps[0])
            r["wall_step_ms"] = statistics.median(x["wall_step_ms"] for x in reps)
            r["cpu_step_ms"] = statistics.median(x["cpu_step_ms"] for x in reps)
            r["repeats"] = [{k: x[k] for k in ("wall_step_ms", "cpu_step_ms", "run_s")}
                            for x in reps]
            print("%-5s %d×%d  wall %.2f ms/step  CPU %.2f ms/step" % (
                task, procs, threads, r["wall_step_ms"], r["cpu_step_ms"]),
                file=sys.stderr, flush=True)
            results.append(r)
        load_after = os.getloadavg()[0]
    with open(os.path.join(a.out_dir, "distributed.json"), "w") as f:
        json.dump({"load_before": load_before, "load_after": load_after, "runs": results}, f,
                  indent=1)
        f.write("\n")
    write_md(a.out_dir)


if __name__ == "__main__":
    main()
