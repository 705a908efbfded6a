"""Runs the benchmark tasks in nnc (bench/nnc_bench.c) and in PyTorch (bench/torch_tasks.py)
side by side and prints the Markdown table of issue 4; bench/run.sh installs what is needed,
builds nnc_bench and then calls this with /usr/bin/python3.

Each task runs `repeats` times; within a repeat the nnc run and the PyTorch runs alternate
(which side goes first alternates too), and each side's best run is kept: these machines
are shared and noisy, and the best run is the one least disturbed.

PyTorch is measured at its best: OpenMP OpenBLAS (libopenblas0-openmp through
LD_LIBRARY_PATH), OMP_NUM_THREADS = torch.set_num_threads = the thread count, and
OMP_WAIT_POLICY=PASSIVE, because libgomp's default spinning collapses when the cores are
shared (Task M at 2 threads dropped from ~14,000 to ~480 samples/s with other jobs
running); it also runs at 1 thread, and the better of the two is the one compared.

The peak every GFLOP/s figure is a fraction of is measured in the same run, before and after
the tasks, by bench/peak.c (nnc_peak beside NNC_BENCH): a vector FMA loop on 1 thread and on
--threads threads; the higher of the two measurements of each counts.

Usage: run.py --bin NNC_BENCH --data DIR --fashion DIR [--quick] [--repeats N]
              [--threads N] [--tasks S,S1,M,M256,L] [--min-seconds S] [--out FILE]
              [--nice N]
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# name, batch, layer sizes, data set, target note, target ratio (issue 18's targets)
TASKS = [
    ("S", 32, [784, 25, 15, 1], "mnist01", "≥ 20×", 20),
    ("S1", 1, [784, 25, 15, 1], "mnist01", "≥ 30×, ≤ 3 µs/step", 30),
    ("M", 32, [784, 128, 10], "fashion", "≥ 10×", 10),
    ("M256", 256, [784, 128, 10], "fashion", "≥ 4×", 4),
    ("L", 256, [784, 1024, 1024, 10], "fashion",
     "≥ 3.5×, ≥ 80% of the peak (≥ 85% on 1 thread)", 3.5),
]
# PyTorch's samples/s on the idle machine as issue 4 measured them (2 threads): a second
# denominator that a loaded machine cannot flatter (PyTorch suffers more from load than nnc).
ISSUE_TORCH = {"S": 75000, "S1": 1e6 / 320, "M": 50000, "M256": 150000, "L": 12000}


def flops_per_sample(sizes):
    """6 FLOPs per multiply-add of each layer (forward 2, weight and input gradients 2 each),
    less the first layer's input gradient (2·in·out), which nothing needs."""
    macs = sum(a * b for a, b in zip(sizes, sizes[1:]))
    return 6 * macs - 2 * sizes[0] * sizes[1]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def has_avx512():
    try:
        with open("/proc/cpuinfo") as f:
            return " avx512f" in f.read()
    except OSError:
        return False


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def measure_peak(a):
    """{"isa", "gflops_1", "threads", "gflops_n"} from nnc_peak, or None if it failed."""
    exe = os.path.join(os.path.dirname(os.path.abspath(a.bin)), "nnc_peak")
    p = subprocess.run([exe, "--threads", str(a.threads)], capture_output=True, text=True)
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0 or not lines:
        print("bench: nnc_peak failed: %s" % p.stderr.strip(), file=sys.stderr)
        return None
    return json.loads(lines[-1])


def merge_peaks(before, after):
    if before is None or after is None:
        return before or after
    return dict(before, gflops_1=max(before["gflops_1"], after["gflops_1"]),
                gflops_n=max(before["gflops_n"], after["gflops_n"]))


def peak_at(peak, threads):
    """The measured peak for `threads` threads (1 or the run's count), None if unmeasured."""
    if peak is None:
        return None
    return peak["gflops_1"] if threads == 1 else peak["gflops_n"]


def data_files(kind, a):
    if kind == "mnist01":
        return (os.path.join(a.data, "mnist01_train_x.npy"),
                os.path.join(a.data, "mnist01_train_y.npy"))
    return (os.path.join(a.fashion, "train-images-idx3-ubyte.gz"),
            os.path.join(a.fashion, "train-labels-idx1-ubyte.gz"))


def run_one(cmd, env, log):
    """Runs one side once; its JSON result, or {"error": ...}."""
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after 1800 s"}
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0 or not lines:
        err = (p.stderr.strip().splitlines() or ["exit status %d" % p.returncode])[-1]
        return {"error": err}
    r = json.loads(lines[-1])
    log.write(json.dumps(r) + "\n")
    return r


def commands(task, a, limit):
    x, y = data_files(task[3], a)
    common = ["--task", task[0], "--x", x, "--y", y, "--min-seconds", str(a.min_seconds)]
    if limit:
        common += ["--limit", str(limit)]
    prio = ["nice", "-n", str(a.nice)] if a.nice else []
    counts = sorted({a.threads, 1}, reverse=True)  # both sides at their best of these
    # the compile cache off: compile_ms is a cold compile in each process (cached_runs
    # measures the cache)
    nnc = [(prio + [a.bin] + common + ["--threads", str(t)], dict(os.environ, NNC_CACHE="off"))
           for t in counts]
    torch_env = dict(os.environ, LD_LIBRARY_PATH="/usr/lib/x86_64-linux-gnu/openblas-openmp",
                     OMP_WAIT_POLICY="PASSIVE")
    torch = []
    for t in counts:
        env = dict(torch_env, OMP_NUM_THREADS=str(t))
        torch.append((prio + [sys.executable, os.path.join(HERE, "torch_tasks.py")] + common +
                      ["--threads", str(t)], env))
    return nnc, torch


def best(runs):
    ok = [r for r in runs if "error" not in r]
    return max(ok, key=lambda r: r["samples_per_s"]) if ok else (runs[-1] if runs else None)


def cached_runs(task, a, log):
    """Runs in a new process when the compile cache holds the step, as a user's second run
    is: one short run fills a fresh cache directory, three more load from it. Their least
    compile_ms and least peak RSS (no LLVM code generation runs in them), or Nones."""
    x, y = data_files(task[3], a)
    cmd = [a.bin, "--task", task[0], "--x", x, "--y", y, "--min-seconds", "0",
           "--max-epochs", "1", "--threads", "1"]
    limit = a.limit.get(task[0], 0)
    if limit:  # the timed runs' data, so that the two RSS figures compare
        cmd += ["--limit", str(limit)]
    cache = tempfile.mkdtemp(prefix="nnc_bench_cache_")
    try:
        runs = [run_one(cmd, dict(os.environ, NNC_CACHE=cache), log) for _ in range(4)]
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    loaded = [r for r in runs[1:] if "error" not in r]
    if not loaded:
        return None, None
    return min(r["compile_ms"] for r in loaded), min(r["peak_rss_mb"] for r in loaded)


def bench_task(task, a, log):
    limit = a.limit.get(task[0], 0)
    nnc, torch = commands(task, a, limit)
    nruns, truns = [], []
    for rep in range(a.repeats):
        order = ["nnc", "torch"] if rep % 2 == 0 else ["torch", "nnc"]
        for side in order:
            if side == "nnc":
                for cmd, env in nnc:
                    nruns.append(run_one(cmd, env, log))
                    show(task, "nnc", nruns[-1])
            else:
                for cmd, env in torch:
                    truns.append(run_one(cmd, env, log))
                    show(task, "torch", truns[-1])
    n = best(nruns)
    by_threads = {}  # nnc's best samples/s at each thread count
    for r in nruns:
        if "error" not in r and r["samples_per_s"] > by_threads.get(r["threads"], 0):
            by_threads[r["threads"]] = r["samples_per_s"]
    compiles = [r["compile_ms"] for r in nruns if "error" not in r]
    agains = [r["compile_again_ms"] for r in nruns
              if "error" not in r and r.get("compile_again_ms") is not None]
    if n is not None and compiles:  # the least disturbed compile, as for throughput
        cached_ms, cached_rss = cached_runs(task, a, log)
        n = dict(n, compile_ms=min(compiles), compile_again_ms=min(agains) if agains else None,
                 cached_compile_ms=cached_ms, cached_peak_rss_mb=cached_rss,
                 by_threads=by_threads)
    return n, best(truns)


def show(task, side, r):
    if "error" in r:
        msg = "FAILED: " + r["error"]
    else:
        msg = "%.0f samples/s, %.1f µs/step, %d epochs in %.2f s" % (
            r["samples_per_s"], r["us_per_step"], r["epochs"], r["seconds"])
        msg += " (%d threads)" % r["threads"]
    print("  %-5s %-6s %s" % (task[0], side, msg), file=sys.stderr, flush=True)


def fmt(v, spec="{:,.0f}"):
    return "—" if v is None else spec.format(v)


def row(task, n, t, peak):
    name, batch, sizes, _, target, target_ratio = task
    ok_n = n is not None and "error" not in n
    ok_t = t is not None and "error" not in t
    ratio = n["samples_per_s"] / t["samples_per_s"] if ok_n and ok_t else None
    gflops = n["samples_per_s"] * flops_per_sample(sizes) * 1e-9 if ok_n else None
    # What meeting the ratio would take, against the peak of all the run's threads.
    needed = target_ratio * t["samples_per_s"] * flops_per_sample(sizes) * 1e-9 if ok_t else None
    top = peak and peak["gflops_n"]
    peak = peak_at(peak, n["threads"]) if ok_n else None
    met = "—" if ratio is None else ("yes" if ratio >= target_ratio else "no")
    if name == "L" and gflops is not None and peak and \
            gflops < (0.85 if n["threads"] == 1 else 0.80) * peak:
        met = "no"
    if name == "S1" and ok_n and n["us_per_step"] > 3:
        met = "no"
    cells = [name, str(batch),
             fmt(n["samples_per_s"]) if ok_n else "failed", fmt(t["samples_per_s"]) if ok_t else "failed",
             fmt(n["us_per_step"], "{:,.1f}") if ok_n else "—",
             fmt(t["us_per_step"], "{:,.1f}") if ok_t else "—",
             fmt(ratio, "{:.2f}×"), target, met,
             fmt(needed, "{:.1f}") + (fmt(needed and top and 100 * needed / top, " ({:.0f}%)")
                                      if top else ""),
             fmt(n["samples_per_s"] / ISSUE_TORCH[name] if ok_n else None, "{:.2f}×"),
             fmt(gflops, "{:.1f}"), fmt(gflops and peak and 100 * gflops / peak, "{:.1f}%"),
             (fmt(n["compile_ms"], "{:.0f}") + " / " + fmt(n.get("compile_again_ms"), "{:.0f}") +
              " / " + fmt(n.get("cached_compile_ms"), "{:.1f}"))
             if ok_n else "—",
             fmt(n.get("allocs_per_step"), "{:g}") if ok_n else "—",
             fmt(n["peak_rss_mb"], "{:.0f}") + " / " + fmt(n.get("cached_peak_rss_mb"), "{:.0f}")
             if ok_n else "—",
             fmt(t["peak_rss_mb"], "{:.0f}") if ok_t else "—",
             fmt(n["peak_rss_mb"] / t["peak_rss_mb"], "{:.2f}") + " / " +
             fmt(n.get("cached_peak_rss_mb") and n["cached_peak_rss_mb"] / t["peak_rss_mb"],
                 "{:.2f}") if ok_n and ok_t else "—",
             "%d" % n["threads"] if ok_n else "—",
             "%d" % t["threads"] if ok_t else "—"]
    return "| " + " | ".join(cells) + " |"


HEADER = ("| task | batch | nnc samples/s | PyTorch samples/s | nnc µs/step | PyTorch µs/step "
          "| ratio nnc ÷ PyTorch | target | met | GFLOP/s the ratio needs (of peak) | nnc ÷ issue 4's idle PyTorch | nnc GFLOP/s | % of peak | nnc JIT compile ms (first / again / cached) "
          "| nnc allocs/step | nnc peak RSS MB (cold / cached) | PyTorch peak RSS MB "
          "| RSS nnc ÷ PyTorch (cold / cached, target ≤ 0.35) | nnc threads (best) "
          "| PyTorch threads (best) |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def peak_note(peak, threads):
    if peak is None:
        return "Peak: not measured (nnc_peak failed), so no fractions are given."
    return ("Peak, measured in this run by `nnc_peak` (bench/peak.c: %s FP32 FMA loop, best of "
            "15 rounds, before and after the tasks): %.1f GFLOP/s on 1 thread, %.1f on %d; "
            "%% of peak is against the figure for the thread count nnc ran at."
            % (peak["isa"], peak["gflops_1"], peak["gflops_n"], threads))


def notes(a, load_before, load_after, failures):
    cpu = cpu_model()
    warn = ""
    lines = [
        "- Machine: %s, %d threads used (nproc %d), AVX-512 %s; load average before %s, after %s.%s"
        % (cpu, a.threads, os.cpu_count() or 0, "yes" if has_avx512() else "no",
           load_before, load_after, warn),
        "- Best of %d runs per side, nnc and PyTorch alternating: these machines are shared and "
        "noisy, so read the ratios, not single times.%s" % (
            a.repeats, " Both sides ran under `nice -n %d`." % a.nice if a.nice else ""),
        "- Timing: after one warm-up epoch, whole epochs until at least %.1f s have passed; the "
        "wall time of those epochs, shuffling and batch gathering included, on both sides "
        "(nnc: around `nnc_model_fit`)." % a.min_seconds,
        "- PyTorch %s (Debian), OpenMP OpenBLAS, OMP_WAIT_POLICY=PASSIVE, at %d and at 1 "
        "thread(s); the better is compared (the last column says which; nnc likewise, the column "
        "before it). libgomp's default "
        "spinning is left out: with other jobs on the cores it collapses (30–100× slower)."
        % (a.torch_version, a.threads),
        "- nnc ÷ issue 4's idle PyTorch: nnc's samples/s over PyTorch's as issue 4 measured "
        "it on this machine when idle (S 75,000; S1 320 µs/step; M 50,000; M256 150,000; "
        "L 12,000 samples/s). PyTorch loses more than nnc to other jobs on the cores, so when "
        "the load average is high this column is the sober one.",
        "- nnc runs at the same thread counts (`nnc_set_threads`); a matmul of 2^22 "
        "multiply-adds or more (an element of C counting as at least 64) with two column "
        "panels or more is shared out to the threads.",
        "- GFLOP/s = samples/s · (6·Σ in·out − 2·784·units₁) · 1e-9: forward 2 and backward 4 "
        "FLOPs per multiply-add, less the first layer's input gradient, which is not needed; "
        "bias, activation, loss and Adam are not counted. " + peak_note(a.peak, a.threads),
        "- PyTorch on Task L: %s GFLOP/s by the same formula." % fmt(a.torch_l_gflops, "{:.1f}"),
        "- GFLOP/s the ratio needs: the target ratio times PyTorch's samples/s in this run, in "
        "nnc's FLOPs, and its share of the peak on all %d threads. Above "
        "100%%, no program doing these FLOPs meets the ratio on this machine; PyTorch would "
        "have to be slower." % a.threads,
        "- JIT compile ms: `nnc_model_compile_ms` (the least over the repeats), the training step "
        "built at `nnc_model_compile`, the compile cache off. First: the first compile in a fresh "
        "process, which also pays LLVM's one-time start-up (page faults cost 12-17 µs each in "
        "these VMs); again: the same step compiled for a second model in that process; cached: "
        "the first compile in a new process that finds the step in the compile cache (a fresh "
        "`NNC_CACHE` directory filled by one run, the least of three more).",
        "- nnc allocs/step: calls into nnc's allocator hook per training step, counted over "
        "the warm-up epoch (issue 4's target: 0).",
        "- Peak RSS: the high-water mark, reset once the data is loaded (so the resident data "
        "set counts, transient loading copies do not). nnc cold: the timed runs, the compile "
        "cache off, so LLVM's code generator runs (libLLVM's pages and heap); cached: the "
        "runs that loaded the step from a filled cache, as every run after a model's first "
        "does by default.",
    ]
    if a.limit:
        lines.append("- Smoke run (--quick): samples limited to %s; not a measurement."
                     % ", ".join("%s %d" % kv for kv in sorted(a.limit.items())))
    lines += ["- %s failed: %s" % f for f in failures]
    return "\n".join(lines)


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--fashion", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--repeats", type=int)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--tasks", default="S,S1,M,M256,L")
    p.add_argument("--min-seconds", type=float)
    p.add_argument("--out")
    p.add_argument("--nice", type=int, default=0,
                   help="run both sides under nice -n N (N < 0, as root: less disturbed by "
                        "other jobs, at their expense)")
    a = p.parse_args()
    a.repeats = a.repeats or (1 if a.quick else 3)
    a.min_seconds = a.min_seconds if a.min_seconds is not None else (0.3 if a.quick else 3.0)
    a.torch_l_gflops = None
    a.limit = {"M": 6400, "M256": 6400, "L": 2560} if a.quick else {}
    return a


def main():
    a = parse()
    a.torch_version = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.__version__)"],
        capture_output=True, text=True).stdout.strip() or "?"
    wanted = a.tasks.split(",")
    load_before = loadavg()
    peak = measure_peak(a)
    if peak:
        print("  peak  %s: %.1f GFLOP/s on 1 thread, %.1f on %d" % (
            peak["isa"], peak["gflops_1"], peak["gflops_n"], a.threads), file=sys.stderr)
    rows, failures = [], []
    seed = None
    log_path = os.path.join(os.path.dirname(os.path.abspath(a.bin)), "results.jsonl")
    with open(log_path, "a") as log:
        for task in TASKS:
            if task[0] not in wanted:
                continue
            n, t = bench_task(task, a, log)
            if task[0] == "S" and n is not None and "error" not in n:
                seed = n
            if task[0] == "L" and t is not None and "error" not in t:
                a.torch_l_gflops = t["samples_per_s"] * flops_per_sample(task[2]) * 1e-9
            for side, r in (("nnc", n), ("PyTorch", t)):
                if r is not None and "error" in r:
                    failures.append(("%s %s" % (side, task[0]), r["error"]))
            rows.append((task, n, t))
    a.peak = merge_peaks(peak, measure_peak(a))
    raw = rows
    rows = [row(task, n, t, a.peak) for task, n, t in raw]
    compile_line = ""
    if "S" in wanted and seed is not None:
        cached = seed.get("cached_compile_ms")
        compile_line = "\nJIT compile of the seed model's training step (Task S), first in a fresh " \
            "process: %.0f ms (target ≤ 25 ms: %s); from the compile cache in a new process: " \
            "%s ms (target ≤ 3 ms: %s).\n" % (
                seed["compile_ms"], "met" if seed["compile_ms"] <= 25 else "not met",
                fmt(cached, "{:.1f}"), "met" if cached is not None and cached <= 3 else "not met")
    large = [(task, n) for task, n, _ in raw if task[0] == "L" and n and "error" not in n]
    if large and a.peak:  # issue 18's two efficiency targets, one per thread count
        task, n = large[0]
        parts = []
        for threads, samples in sorted(n.get("by_threads", {}).items()):
            share = 100 * samples * flops_per_sample(task[2]) * 1e-9 / peak_at(a.peak, threads)
            goal = 85 if threads == 1 else 80
            parts.append("%d thread%s %.1f%% (target ≥ %d%%: %s)" % (
                threads, "" if threads == 1 else "s", share, goal,
                "met" if share >= goal else "not met"))
        compile_line += "\nTask L, nnc's GFLOP/s as a share of the peak at each thread count " \
            "(its best run there): %s.\n" % "; ".join(parts)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    text = "# nnc vs PyTorch: training throughput\n\n%s, `bench/run.sh%s`\n\n%s\n%s\n%s\n%s\n" % (
        stamp, " --quick" if a.quick else "", HEADER, "\n".join(rows), compile_line,
        notes(a, load_before, loadavg(), failures))
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
        print("written to %s (raw runs appended to %s)" % (a.out, log_path), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
