"""The numpy side of the ndarray benchmark, and the table (bench/ndarray.sh runs this).

Runs nd_bench (nnc) and then the same operations in numpy on arrays of the same shapes and
dtypes (pseudo-random pixels; the values do not change the timings), each timed as
the fastest of `repeats` runs after a warm-up, in one process run after the other on the
same machine; prints a Markdown table with the ratio numpy time / nnc time (above 1: nnc is
faster). Usage: ndarray.py PATH/TO/nd_bench [--rows N] [--repeats N] [--threads N]
"""
import json
import subprocess
import sys
import time

import numpy as np


def numpy_times(rows, repeats):
    # the same shapes and dtypes as nd_bench.c; the values do not change the timings
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, (rows, 784), dtype=np.uint8)
    w = (rng.random((784, 128), dtype=np.float32) - np.float32(0.5))
    xf = x.astype(np.float32) / 255
    ops = [
        ("x / 255.0", lambda: x / 255.0),
        ("x.astype(np.float32) / 255", lambda: x.astype(np.float32) / 255),
        ("xf.mean()", lambda: xf.mean()),
        ("x.sum(axis=1)", lambda: x.sum(axis=1)),
        ("x > 127", lambda: x > 127),
        ("xf[:1000] @ w", lambda: xf[:1000] @ w),
    ]
    times = {}
    for name, f in ops:
        best = 1e30
        for r in range(repeats + 1):
            t0 = time.perf_counter()
            f()
            t = time.perf_counter() - t0
            if r > 0:
                best = min(best, t)
        times[name] = best
    return times


def main():
    binary, args = sys.argv[1], sys.argv[2:]
    opts = dict(zip(args[::2], args[1::2]))
    rows, repeats = int(opts.get("--rows", 60000)), int(opts.get("--repeats", 5))
    nnc = {}
    for line in subprocess.run([binary] + args, check=True, capture_output=True, text=True).stdout.splitlines():
        rec = json.loads(line)
        nnc[rec["op"]] = rec["seconds"]
    ref = numpy_times(rows, repeats)
    print(f"ndarray vs numpy {np.__version__}, uint8 x [{rows}, 784], best of {repeats}\n")
    print("| operation | nnc ms | numpy ms | numpy / nnc |")
    print("|---|---:|---:|---:|")
    for op, t in nnc.items():
        print(f"| `{op}` | {t * 1e3:.2f} | {ref[op] * 1e3:.2f} | {ref[op] / t:.2f} |")


if __name__ == "__main__":
    main()
