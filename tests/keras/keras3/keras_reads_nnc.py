"""Checks that Keras 3 reads the model files nnc writes (legacy .h5 and .keras).

Run nnc_writes.nn with nnc, then this with a Keras 3 (any backend), in the same directory:
    python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras jax h5py
    nnc run nnc_writes.nn && KERAS_BACKEND=jax /tmp/kv/bin/python keras_reads_nnc.py
For each file it prints Keras's largest prediction difference from nnc's (it must be below
1e-6), whether Keras loaded it compiled, and for a compiled one fits an epoch without a new
compile. For each opt_NAME.keras it checks that Keras loads the optimizer's variables (no
"Skipping variable loading" warning) and that one more epoch in Keras gives nnc's weights
within 1e-5; for each opt_NAME.h5 the same from its optimizer_weights. It exits 1 when one
fails.
"""
import sys
import warnings

import h5py
import keras
import numpy as np
from keras.src.legacy.saving.legacy_h5_format import load_optimizer_weights_from_hdf5_group

x, y = np.load("x.npy"), np.load("y.npy")
failed = False
for name, compiled in (("seq", True), ("fun", False), ("ops", True)):
    want = np.load(name + "_pred.npy")
    # Keras cannot load operations from its legacy .h5 format, not even from its own files
    # ("Unknown layer: 'Gelu'"), so ops is checked as .keras only.
    for ext in (".keras",) if name == "ops" else (".h5", ".keras"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m = keras.models.load_model(name + ext)
        skipped = [str(w.message) for w in caught if "Skipping variable" in str(w.message)]
        d = float(np.abs(m.predict(x, verbose=0) - want).max())
        # seq was trained, so its archive holds every optimizer variable; ops was compiled
        # and never trained: its archive holds the iteration and the rate, as Keras's own
        # file of such a model does, and Keras skips them with the same warning as for its own
        ok = d < 1e-6 and m.compiled == compiled and not (name == "seq" and skipped)
        # ops is compiled for one-hot targets (its FBetaScore needs them). Keras 3.15.1 cannot
        # fit a model that its load_model read from a .h5 file with optimizer_weights, its own
        # or nnc's (see below), so seq.h5 is fitted on a new compile of its optimizer.
        if compiled and ext == ".h5":
            m.compile(optimizer=m.optimizer.__class__.from_config(m.optimizer.get_config()),
                      loss=m.loss)
        if compiled:
            m.fit(x, keras.utils.to_categorical(y, 2) if name == "ops" else y, epochs=1,
                  verbose=0)
        print(f"{'ok' if ok else 'FAIL'} {name}{ext}: Keras predicts nnc's model within {d:.3g},"
              f" compiled={m.compiled}"
              + (f" ({type(m.optimizer).__name__}, {m.loss})" if m.compiled else ""))
        failed |= not ok
for name in ("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = keras.models.load_model("opt_" + name + ".keras")
    skipped = [str(w.message) for w in caught if "Skipping variable" in str(w.message)]
    steps = int(m.optimizer.iterations.numpy())
    m.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    got = np.concatenate([np.ravel(w) for w in m.get_weights()])
    d = float(np.abs(got - np.load("opt_" + name + "_next.npy")).max())
    ok = d <= 1e-5 and not skipped and steps == 8
    print(f"{'ok' if ok else 'FAIL'} opt_{name}.keras: Keras loads {len(m.optimizer.variables)} "
          f"optimizer variables (iteration {steps}) and its next epoch gives nnc's weights "
          f"within {d:.3g}" + (f"; {skipped[0]}" if skipped else ""))
    failed |= not ok
# Keras 3.15.1's load_model of a legacy .h5 file builds the optimizer over
# model._trainable_variables, which is empty for a Sequential or functional model, so its
# set_weights restores the iteration and the rate only (and its next fit fails: "must be a list
# of tensors corresponding 1:1 to the trainable variables"); what the file holds is checked
# as set_weights reads it into an optimizer built over the model's variables.
for name in ("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion"):
    m = keras.models.load_model("opt_" + name + ".h5")
    opt = m.optimizer.__class__.from_config(m.optimizer.get_config())
    m.compile(optimizer=opt, loss=m.loss)
    opt.build(m.trainable_variables)
    with h5py.File("opt_" + name + ".h5", "r") as f:
        values = [np.asarray(v) for v in load_optimizer_weights_from_hdf5_group(f)]
    opt.set_weights(values)
    steps = int(opt.iterations.numpy())
    m.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    got = np.concatenate([np.ravel(w) for w in m.get_weights()])
    d = float(np.abs(got - np.load("opt_" + name + "_next.npy")).max())
    ok = d <= 1e-5 and steps == 8 and len(values) == len(opt.variables)
    print(f"{'ok' if ok else 'FAIL'} opt_{name}.h5: {len(values)} optimizer_weights for "
          f"{len(opt.variables)} variables (iteration {steps}); the next epoch gives nnc's "
          f"weights within {d:.3g}")
    failed |= not ok
sys.exit(1 if failed else 0)
