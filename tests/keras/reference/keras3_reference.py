"""keras3_reference.py — writes keras3_reference.h: what real Keras 3 computes, for
tests/keras/test_keras3.c to compare nnc with.

Run with Keras 3 and JAX in a virtual environment (the test suite never needs them):
    python3 -m venv /tmp/kv && /tmp/kv/bin/pip install keras jax
    KERAS_BACKEND=jax /tmp/kv/bin/python keras3_reference.py > keras3_reference.h

Optimizers: a Dense(2) layer on 3 inputs with fixed initial weights trains 2 epochs of 2
batches of 4 (mse, shuffle off); after each step the kernel, the bias and the running loss
that on_train_batch_end's logs show are kept. Each case names a Keras optimizer and its
arguments, which the C test sets by name in nnc_optimizer (and nnc_lr_schedule).
Schedules: each schedule's value at steps 0..11.
Callbacks: the same model under SGD(0.1), batches of 4, no shuffling, with a CSVLogger and
one other callback each; what is kept is the CSV file Keras wrote, the epochs that ran and
the files ModelCheckpoint wrote (names only).
"""
import tempfile
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np  # noqa: E402
import keras  # noqa: E402

S = keras.optimizers.schedules
X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-0.75, 0.5, 1.0], [2.0, -0.5, 0.25],
              [0.1, 0.9, -1.2], [-1.1, 0.3, 0.7], [0.6, -0.2, -0.4], [1.2, 1.1, 0.05]],
             dtype="float32")
Y = np.array([[1.0, -0.5], [0.2, 0.8], [-1.0, 0.5], [0.5, 0.5], [0.0, -1.0], [1.5, 0.1],
              [-0.3, 0.3], [0.9, -0.9]], dtype="float32")
KERNEL = np.array([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.25]], dtype="float32")
BIAS = np.array([0.05, -0.1], dtype="float32")

# (case name, Keras class, arguments, schedule (class, arguments) or None, weight-decay exclusions)
CASES = [
    ("sgd", "SGD", {"learning_rate": 0.1}, None, None),
    ("sgd_momentum", "SGD", {"learning_rate": 0.1, "momentum": 0.9}, None, None),
    ("sgd_nesterov", "SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}, None, None),
    ("sgd_weight_decay", "SGD", {"learning_rate": 0.1, "weight_decay": 0.05}, None, None),
    ("sgd_clipnorm", "SGD", {"learning_rate": 0.1, "clipnorm": 0.5}, None, None),
    ("sgd_clipvalue", "SGD", {"learning_rate": 0.1, "clipvalue": 0.3}, None, None),
    ("adam", "Adam", {"learning_rate": 0.01}, None, None),
    ("adam_amsgrad", "Adam", {"learning_rate": 0.01, "amsgrad": True}, None, None),
    ("adam_global_clipnorm", "Adam", {"learning_rate": 0.01, "global_clipnorm": 0.4}, None, None),
    ("adamw", "AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}, None, None),
    ("adamw_no_bias_decay", "AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}, None, ["bias"]),
    ("nadam", "Nadam", {"learning_rate": 0.01}, None, None),
    ("rmsprop", "RMSprop", {"learning_rate": 0.01}, None, None),
    ("rmsprop_centered_momentum", "RMSprop",
     {"learning_rate": 0.01, "momentum": 0.5, "centered": True}, None, None),
    ("adagrad", "Adagrad", {"learning_rate": 0.1}, None, None),
    ("adadelta", "Adadelta", {"learning_rate": 1.0}, None, None),
    ("adamax", "Adamax", {"learning_rate": 0.01}, None, None),
    ("lion", "Lion", {"learning_rate": 0.01}, None, None),
    ("sgd_exponential_decay", "SGD", {}, ("ExponentialDecay",
     {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5}), None),
    ("adam_cosine_warmup", "Adam", {}, ("CosineDecay",
     {"initial_learning_rate": 0.001, "decay_steps": 3, "warmup_target": 0.02,
      "warmup_steps": 2}), None),
]

SCHEDULES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5,
                          "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [2, 5, 8], "values": [1.0, 0.5, 0.25, 0.125]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 5}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 4,
                         "end_learning_rate": 0.01, "power": 2.0, "cycle": True}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5,
                          "staircase": True}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 8}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 6, "alpha": 0.1}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 6, "warmup_target": 0.1,
                     "warmup_steps": 4}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 3}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 2, "t_mul": 1.0,
                             "m_mul": 0.5, "alpha": 0.05}),
]
SCHEDULE_STEPS = 12


def c_float(v):
    return repr(float(np.float32(v))) + "f"


def c_args(args):
    items = []
    for k, v in args.items():
        if isinstance(v, list):
            continue
        items.append('{"%s", %r}' % (k, float(v)))
    return "{" + ", ".join(items + ["{NULL, 0}"]) + "}"


def train(cls, args, sched, exclude):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.layers[0].set_weights([KERNEL, BIAS])
    if sched:
        args = dict(args, learning_rate=getattr(S, sched[0])(**sched[1]))
    opt = getattr(keras.optimizers, cls)(**args)
    if exclude:
        opt.exclude_from_weight_decay(var_names=exclude)
    model.compile(optimizer=opt, loss="mse")
    steps = []

    class Keep(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            k, b = self.model.layers[0].get_weights()
            steps.append((k.ravel().tolist(), b.tolist(), logs["loss"]))

    model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[Keep()])
    return steps


CB = keras.callbacks
# (case name, epochs, the other callback (made from the directory of the run) or None, CSV
# separator, fit's other arguments)
CALLBACK_CASES = [
    ("reduce_lr_on_plateau", 8, lambda d: CB.ReduceLROnPlateau(
        monitor="loss", factor=0.5, patience=2, min_delta=10, cooldown=1, min_lr=0.02), ",", {}),
    ("lr_scheduler", 5, lambda d: CB.LearningRateScheduler(
        lambda epoch, lr: lr * 0.5 if epoch % 2 else lr), ";", {}),
    ("early_stopping", 10, lambda d: CB.EarlyStopping(
        monitor="loss", min_delta=10, patience=2, baseline=0.5, start_from_epoch=2), ",", {}),
    ("checkpoint_every_epoch", 3, lambda d: CB.ModelCheckpoint(
        os.path.join(d, "w-{epoch:02d}-{loss:.3f}.weights.h5"), monitor="loss",
        save_weights_only=True), ",", {}),
    ("checkpoint_best_only", 3, lambda d: CB.ModelCheckpoint(
        os.path.join(d, "best-{epoch}.weights.h5"), monitor="loss", mode="max",
        save_best_only=True, save_weights_only=True), ",", {}),
    # 4 batches of 2 a pass: epochs of 3, 1 (the data runs out), 3, 1 steps
    ("steps_per_epoch", 4, lambda d: None, ",", {"batch_size": 2, "steps_per_epoch": 3}),
    ("validation_batch_size", 2, lambda d: None, ",",
     {"validation_split": 0.25, "validation_batch_size": 1}),
]


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace(
        "\r", "\\r").replace("\n", "\\n") + '"'


def run_callbacks(epochs, make, sep, fit_args):
    with tempfile.TemporaryDirectory() as d:
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        model.layers[0].set_weights([KERNEL, BIAS])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
        csv_path = os.path.join(d, "log.csv")
        callbacks = [c for c in (make(d), CB.CSVLogger(csv_path, separator=sep)) if c]
        h = model.fit(X, Y, epochs=epochs, shuffle=False, verbose=0, callbacks=callbacks,
                      **dict({"batch_size": 4}, **fit_args))
        with open(csv_path, newline="") as f:
            csv_text = f.read()
        files = sorted(f for f in os.listdir(d) if f != "log.csv")
        return csv_text, len(h.history["loss"]), " ".join(files)


def main():
    print("/* keras3_reference.h — generated by keras3_reference.py with Keras %s (JAX %s)."
          % (keras.__version__, __import__("jax").__version__))
    print(" * Do not edit: run the script again. */")
    print("enum { REF_STEPS = 4, REF_SCHEDULE_STEPS = %d, REF_ARGS = 6 };" % SCHEDULE_STEPS)
    print("typedef struct { const char *name; double value; } RefArg; /* NULL name: the end */")
    print("typedef struct {\n  const char *name, *cls;\n  RefArg args[REF_ARGS];\n"
          "  const char *schedule;                /* a schedule's class, or NULL */\n"
          "  RefArg schedule_args[REF_ARGS];\n"
          "  const char *exclude;                 /* exclude_from_weight_decay, or NULL */\n"
          "  float kernel[REF_STEPS][6], bias[REF_STEPS][2]; /* after each step */\n"
          "  float loss[REF_STEPS];               /* logs['loss'] after each step */\n"
          "} RefCase;")
    print("typedef struct {\n  const char *cls;\n  RefArg args[REF_ARGS];\n  int nboundaries;\n"
          "  double boundaries[4], values[5];\n  double value[REF_SCHEDULE_STEPS]; /* at steps 0.. */\n"
          "} RefSchedule;")
    print("static const float ref_x[8][3] = {%s};" % ", ".join(
        "{" + ", ".join(c_float(v) for v in r) + "}" for r in X))
    print("static const float ref_y[8][2] = {%s};" % ", ".join(
        "{" + ", ".join(c_float(v) for v in r) + "}" for r in Y))
    print("static const float ref_kernel[6] = {%s};" % ", ".join(c_float(v) for v in KERNEL.ravel()))
    print("static const float ref_bias[2] = {%s};" % ", ".join(c_float(v) for v in BIAS))
    print("static const RefCase ref_cases[] = {")
    for name, cls, args, sched, exclude in CASES:
        steps = train(cls, args, sched, exclude)
        print('    {"%s", "%s", %s, %s, %s, %s,' % (
            name, cls, c_args(args), '"%s"' % sched[0] if sched else "NULL",
            c_args(sched[1]) if sched else "{{NULL, 0}}",
            '"%s"' % exclude[0] if exclude else "NULL"))
        print("     {%s}," % ", ".join("{" + ", ".join(c_float(v) for v in k) + "}" for k, _, _ in steps))
        print("     {%s}," % ", ".join("{" + ", ".join(c_float(v) for v in b) + "}" for _, b, _ in steps))
        print("     {%s}}," % ", ".join(c_float(loss) for _, _, loss in steps))
    print("};")
    print("static const RefSchedule ref_schedules[] = {")
    for cls, args in SCHEDULES:
        sched = getattr(S, cls)(**args)
        values = [float(sched(step)) for step in range(SCHEDULE_STEPS)]
        lists = [args.get("boundaries", []), args.get("values", [])]
        print('    {"%s", %s, %d, {%s}, {%s},' % (
            cls, c_args(args), len(lists[0]), ", ".join(repr(float(v)) for v in lists[0]) or "0",
            ", ".join(repr(float(v)) for v in lists[1]) or "0"))
        print("     {%s}}," % ", ".join(repr(v) for v in values))
    print("};")
    print("typedef struct {\n  const char *name;\n  int epochs;               /* asked for */\n"
          "  char separator;            /* CSVLogger's */\n  const char *csv;           /* the file CSVLogger wrote */\n"
          "  int epochs_run;\n  const char *files;         /* ModelCheckpoint's, sorted, by spaces */\n"
          "} RefCallbacks;")
    print("static const RefCallbacks ref_callbacks[] = {")
    for name, epochs, make, sep, fit_args in CALLBACK_CASES:
        csv_text, run, files = run_callbacks(epochs, make, sep, fit_args)
        print('    {"%s", %d, \'%s\', %s,\n     %d, "%s"},' % (name, epochs, sep, c_string(csv_text),
                                                          run, files))
    print("};")


main()
