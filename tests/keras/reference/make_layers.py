"""Keras 3's numbers for nnc's layer tests (tests/keras/test_layer_core.c): run by hand, the
suite reads what it writes.

    python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras jax
    KERAS_BACKEND=jax /tmp/kv/bin/python tests/keras/reference/make_layers.py

Writes layers.inc beside this file: for each case, fixed data and initial weights, then what
real Keras 3 (JAX backend, float64) gives after one step of SGD(0.1) on the whole batch: the
loss of that step, every weight after it, and the loss evaluate gives afterwards. Weights are listed in
model.weights order, named as nnc names them ("dense/kernel").
"""
import math
import os

import jax

jax.config.update("jax_enable_x64", True)
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers, regularizers, constraints  # noqa: E402

keras.config.set_floatx("float64")
# Keras's tanh casts float64 input to float32 (dtypes.result_type(float64, float)); the
# references want every digit, so tanh is jnp.tanh, the same function at float64.
keras.src.backend.jax.numpy.tanh = jax.numpy.tanh
HERE = os.path.dirname(os.path.abspath(__file__))


def c(v):
    v = float(v)
    assert math.isfinite(v)
    return repr(v)


def arr(vs):
    return "{" + ", ".join(c(v) for v in np.ravel(vs)) + "}"


def fixed(shape, k):
    """Deterministic values in about [-0.5, 0.5]."""
    n = int(np.prod(shape))
    return np.array([math.sin(1.3 * i + 0.7 * k) * 0.5 for i in range(n)]).reshape(shape)


def weight_name(model, v):
    path = v.path  # "dense/kernel" in Keras 3
    return path.split("/", 1)[1] if path.startswith(model.name + "/") else path


def total_loss(model, x, y, training):
    """What fit's step minimises (training) and evaluate reports, in float64: the compiled
    loss plus the regularizers' terms, as Trainer.compute_loss adds them, through
    stateless_call so BatchNormalization's moving statistics stay as they are. (fit's and
    evaluate's own numbers pass through a float32 Mean metric.)"""
    pred, _, losses = model.stateless_call(
        [v.value for v in model.trainable_variables],
        [v.value for v in model.non_trainable_variables], x, training=training,
        return_losses=True)
    return float(keras.losses.MeanSquaredError()(y, pred)) + sum(float(v) for v in losses)


def start(v, k):
    """A weight's starting values (a variance's positive)."""
    vals = fixed(v.shape, k + 1)
    return np.abs(vals) + 0.5 if v.path.endswith("variance") else vals


def run(f, name, model, x, y, lr=0.1):
    for k, v in enumerate(model.weights):
        v.assign(start(v, k))
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    before = model.predict(x, verbose=0)
    loss = total_loss(model, x, y, True)
    model.fit(x, y, batch_size=len(x), epochs=1, shuffle=False, verbose=0)
    after = total_loss(model, x, y, False)
    f.write(f"static const LayerCase {name} = {{\n")
    f.write(f"    .x = (const double[]){arr(x)},\n    .y = (const double[]){arr(y)},\n")
    f.write(f"    .n = {len(x)},\n    .before = (const double[]){arr(before)},\n")
    f.write(f"    .loss = {c(loss)},\n    .eval_loss = {c(after)},\n")
    f.write(f"    .trainable = {sum(int(np.prod(v.shape)) for v in model.trainable_weights)},\n")
    f.write(f"    .nweights = {len(model.weights)},\n    .weights = {{\n")
    for k, v in enumerate(model.weights):
        f.write(f"        {{\"{weight_name(model, v)}\", {int(np.prod(v.shape))}, "
                f"(const double[]){arr(start(v, k))},\n"
                f"         (const double[]){arr(v.numpy())}}},\n")
    f.write("    }};\n\n")


def regularized():
    m = keras.Sequential([
        keras.Input((3,)),
        layers.Dense(2, activation="sigmoid", kernel_regularizer=regularizers.l2(0.01),
                     bias_regularizer=regularizers.l1(0.02),
                     activity_regularizer=regularizers.L1L2(l1=0.003, l2=0.004)),
        layers.Dense(1, kernel_regularizer=regularizers.L1L2(l1=0.01, l2=0.02)),
    ])
    return m, fixed((4, 3), 11), fixed((4, 1), 12)


def constrained():
    m = keras.Sequential([
        keras.Input((3,)),
        layers.Dense(2, activation="tanh", kernel_constraint=constraints.MaxNorm(0.4),
                     bias_constraint=constraints.NonNeg()),
        layers.Dense(1, kernel_constraint=constraints.UnitNorm()),
    ])
    return m, fixed((4, 3), 13), fixed((4, 1), 14) * 4


def flatten_shared():
    x = keras.Input((2, 3))
    h = layers.Flatten()(x)
    h = layers.Dense(6)(h)
    h = layers.Dense(3, activation="tanh")(h)
    shared = layers.Dense(3, activation="tanh", name="shared")
    out = layers.Dense(1)(shared(shared(h)))
    return keras.Model(x, out), fixed((5, 2, 3), 15), fixed((5, 1), 16)


def reshape_rank3():
    x = keras.Input((6,))
    h = layers.Reshape((2, 3))(x)
    h = layers.Dense(2, activation="sigmoid")(h)
    out = layers.Dense(1)(layers.Flatten()(h))
    return keras.Model(x, out), fixed((4, 6), 17), fixed((4, 1), 18)


def many_inputs():
    x = keras.Input((3,))
    h = layers.Dense(2, activation="tanh")(x)
    cat = layers.Concatenate()([h] * 70)
    add = layers.Add()([h] * 70)
    out = layers.Dense(1)(layers.Concatenate()([cat, add]))
    return keras.Model(x, out), fixed((4, 3), 19), fixed((4, 1), 20)


def batch_norm():
    m = keras.Sequential([
        keras.Input((3,)),
        layers.Dense(4),
        layers.BatchNormalization(momentum=0.9),
        layers.Dense(1),
    ])
    return m, fixed((6, 3), 21), fixed((6, 1), 22)


def layer_norm():
    x = keras.Input((2, 3))
    h = layers.LayerNormalization()(x)
    h = layers.LayerNormalization(axis=[1, 2], center=False, epsilon=0.01)(h)
    out = layers.Dense(1)(layers.Flatten()(h))
    return keras.Model(x, out), fixed((4, 2, 3), 23), fixed((4, 1), 24)


def activation_layers():
    m = keras.Sequential([
        keras.Input((2, 3)),
        layers.Dense(3),
        layers.ReLU(max_value=0.4, negative_slope=0.1, threshold=0.05),
        layers.Dense(3),
        layers.LeakyReLU(negative_slope=0.2),
        layers.PReLU(shared_axes=[1]),
        layers.ELU(alpha=0.7),
        layers.Softmax(),
        layers.Flatten(),
        layers.Dense(1),
    ])
    return m, fixed((5, 2, 3), 25), fixed((5, 1), 26)


CASES = [("regularized", regularized), ("constrained", constrained),
         ("flatten_shared", flatten_shared), ("reshape_rank3", reshape_rank3),
         ("many_inputs", many_inputs), ("batch_norm", batch_norm), ("layer_norm", layer_norm),
         ("activation_layers", activation_layers)]

with open(os.path.join(HERE, "layers.inc"), "w") as f:
    f.write(f"/* layer cases: generated by make_layers.py from Keras {keras.__version__} (JAX "
            f"{jax.__version__}, float64); do not edit. */\n")
    for name, make in CASES:
        keras.backend.clear_session()  # layer names count from 0 in each model, as in nnc's
        model, x, y = make()
        run(f, name, model, x, y)
