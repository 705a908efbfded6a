"""Data parallelism on this machine (issue 20): 1 process × 2 threads against 2 ranks ×
1 thread (mpirun) on Tasks M256 and L, with 1 process × 1 thread beside them, all through
`nnc run` on model files; and one thread's compute per step of the seed model (Task S) and
Task M at batch 32, which bench/scaling.py needs. Writes the measurements to
bench/distributed.json and the table to bench/DISTRIBUTED.md.

Usage: /usr/bin/python3 bench/distributed.py [--nnc build/nnc] [--mpirun mpirun]
                                              [--repeats 2] [--out-dir bench]
Needs data/fashion_train_{x,y}.npy and data/mnist01_train_{x,y}.npy (scripts/fetch-data.sh)
and an nnc built with MPI. About 2 minutes on a loaded 2-core machine.

Wall time: the median `seconds` of the epochs after the first (the log's wall time of an
epoch's steps). CPU time: user + system of the whole run, every rank summed (getrusage of
the children), loading and the (cached) compile included, divided by all the run's steps.
The machine is shared, so wall times depend on the load; the CPU time much less.
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


def run(a, work, task, procs, threads):
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
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nnc", default=os.path.join(ROOT, "build", "nnc"))
    p.add_argument("--mpirun", default="mpirun")
    p.add_argument("--data", default=os.path.join(ROOT, "data"))
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--out-dir", default=HERE)
    a = p.parse_args()
    a.data = os.path.abspath(a.data)
    with tempfile.TemporaryDirectory(prefix="nnc-distributed-") as work:
        os.environ["NNC_CACHE"] = os.path.join(work, "cache")
        for task in TASKS:
            with open(os.path.join(work, task + ".nn"), "w") as f:
                f.write(model_file(task, a.data))
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
    with open(os.path.join(a.out_dir, "DISTRIBUTED.md"), "w") as f:
        f.write(table(results, load_before, load_after))


if __name__ == "__main__":
    main()
