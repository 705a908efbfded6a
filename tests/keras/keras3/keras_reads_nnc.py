"""Checks that Keras 3 reads the model files nnc writes (legacy .h5 and .keras).

Run nnc_writes.nn with nnc, then this with a Keras 3 (any backend), in the same directory:
    python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras jax h5py
    nnc run nnc_writes.nn && KERAS_BACKEND=jax /tmp/kv/bin/python keras_reads_nnc.py
For each file it prints Keras's largest prediction difference from nnc's (it must be below
1e-6), whether Keras loaded it compiled, and for a compiled one fits an epoch without a new
compile; it exits 1 when one fails.
"""
import sys

import keras
import numpy as np

x, y = np.load("x.npy"), np.load("y.npy")
failed = False
for name, compiled in (("seq", True), ("fun", False), ("ops", True)):
    want = np.load(name + "_pred.npy")
    # Keras cannot load operations from its legacy .h5 format, not even from its own files
    # ("Unknown layer: 'Gelu'"), so ops is checked as .keras only.
    for ext in (".keras",) if name == "ops" else (".h5", ".keras"):
        m = keras.models.load_model(name + ext)
        d = float(np.abs(m.predict(x, verbose=0) - want).max())
        ok = d < 1e-6 and m.compiled == compiled
        if compiled:  # ops is compiled for one-hot targets (its FBetaScore needs them)
            m.fit(x, keras.utils.to_categorical(y, 2) if name == "ops" else y, epochs=1,
                  verbose=0)
        print(f"{'ok' if ok else 'FAIL'} {name}{ext}: Keras predicts nnc's model within {d:.3g},"
              f" compiled={m.compiled}"
              + (f" ({type(m.optimizer).__name__}, {m.loss})" if m.compiled else ""))
        failed |= not ok
sys.exit(1 if failed else 0)
