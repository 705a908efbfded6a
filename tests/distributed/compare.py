"""compare.py A B [--exact | --tensor] — two safetensors weight files hold the same tensors,
equal within 1e-5 relative (1e-7 absolute, for weights near zero), or bit for bit with
--exact. With --tensor, each tensor's largest difference is within 1e-5 of its largest
weight instead: Adam divides each gradient by its own running size, so a weight whose
gradient is a sum that nearly cancels carries that sum's relative rounding (float sums in
another order on another rank count) into its update at full size. Prints the largest
relative difference, which the data-parallel test's log keeps."""
import json
import struct
import sys

import numpy as np


def load(path):
    with open(path, "rb") as f:
        b = f.read()
    n = struct.unpack("<Q", b[:8])[0]
    header, data = json.loads(b[8:8 + n]), b[8 + n:]
    dtypes = {"F32": np.float32, "F64": np.float64}
    return {k: np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]],
                             dtype=dtypes[v["dtype"]]).reshape(v["shape"])
            for k, v in header.items() if k != "__metadata__"}


a, b = load(sys.argv[1]), load(sys.argv[2])
if a.keys() != b.keys():
    sys.exit(f"{sys.argv[1]} and {sys.argv[2]} hold other tensors: {sorted(a)} vs {sorted(b)}")
worst = 0.0
for k in a:
    d = np.abs(a[k].astype(np.float64) - b[k])
    if "--tensor" in sys.argv:
        rel = float(np.max(d)) / max(float(np.max(np.abs(a[k]))), 1e-30)
        close = rel <= 1e-5
    else:
        rel = float(np.max(d / np.maximum(np.abs(a[k]), 1e-2)))
        close = np.allclose(a[k], b[k], rtol=1e-5, atol=1e-7)
    worst = max(worst, rel)
    if ("--exact" in sys.argv and not np.array_equal(a[k], b[k])) or not close:
        sys.exit(f"{k} differs: largest difference {float(np.max(d)):.3g} ({rel:.3g} relative)")
print(f"{sys.argv[1]} vs {sys.argv[2]}: largest relative difference {worst:.3g}")
