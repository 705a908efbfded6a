# make_goldens.py — how the summary goldens beside this file were made: Keras 3's own
# model.summary() for the models tests/keras/test_summary.c builds through the C API.
# Not run by the tests (they must not need Keras); rerun it by hand to check a new Keras:
#
#   python3 -m venv venv && venv/bin/pip install keras jax
#   for c in $(venv/bin/python make_goldens.py --cases); do
#     KERAS_BACKEND=jax venv/bin/python make_goldens.py $c > $c.txt; done
#   # the *_wide cases with COLUMNS=200 in the environment
#
# Made with Keras 3.15.1 (rich 15.0.0), stdout a file, COLUMNS unset unless said.
import sys

CASES = ["sequential", "sequential_wide", "sequential_40", "unbuilt", "unbuilt_activation",
         "named", "fitted_adam", "fitted_sgd", "fitted_sgd_momentum", "fitted_rmsprop",
         "functional", "functional_wide", "functional_60", "functional_chain", "empty",
         # the models of tests/tools/models that nnc summary runs
         "tools_branches", "tools_nofit", "tools_nofit_input_shape", "tools_nofit_input_dim",
         # a model nested in another (tests/keras/test_nest.c)
         "nested", "nested_functional"]
if sys.argv[1] == "--cases":
    print(" ".join(CASES))
    sys.exit()

import numpy as np
import keras
from keras import Input, Model, Sequential
from keras.layers import Activation, Add, Concatenate, Dense


def lecture():
    return Sequential([Input(shape=(784,)), Dense(25, activation="sigmoid"),
                       Dense(15, activation="sigmoid"), Dense(1, activation="sigmoid")])


def joined():  # tests/frontend/models/functional.nn
    inputs = Input(shape=(4,))
    wide = Dense(16, activation="relu")(inputs)
    deep = Dense(16, activation="tanh")(inputs)
    deep = Dense(16, activation="relu", kernel_initializer="he_normal")(deep)
    h = Dense(16)(Concatenate()([wide, deep]))
    h = Activation("relu")(Add()([h, wide]))
    return Model(inputs=inputs, outputs=Dense(1, activation="sigmoid", name="head")(h))


def fitted(optimizer):
    m = lecture()
    m.compile(optimizer=optimizer, loss="binary_crossentropy")
    m.fit(np.zeros((64, 784)), np.zeros((64, 1)), epochs=1, verbose=0)
    return m


case = sys.argv[1]
if case in ("sequential", "sequential_wide"):
    lecture().summary()
elif case == "sequential_40":
    lecture().summary(line_length=40)
elif case == "unbuilt":
    Sequential([Dense(25, activation="sigmoid"), Dense(15, activation="sigmoid"),
                Dense(1, activation="sigmoid")]).summary()
elif case == "unbuilt_activation":
    Sequential([Dense(25), Activation("relu"), Dense(1)]).summary()
elif case == "named":
    Sequential([Input(shape=(4,)), Dense(3, name="hidden_layer_with_a_very_long_name_indeed"),
                Activation("relu"), Dense(1)], name="my_model").summary()
elif case == "fitted_adam":
    fitted("adam").summary()
elif case == "fitted_sgd":
    fitted("sgd").summary()
elif case == "fitted_sgd_momentum":
    fitted(keras.optimizers.SGD(momentum=0.9)).summary()
elif case == "fitted_rmsprop":
    fitted("rmsprop").summary()
elif case in ("functional", "functional_wide"):
    joined().summary()
elif case == "functional_60":
    joined().summary(line_length=60)
elif case == "functional_chain":
    x = Input(shape=(8,))
    h = Dense(4, activation="relu")(x)
    Model(x, Dense(1)(h)).summary()
elif case == "empty":
    Sequential().summary()
elif case == "tools_branches":
    x = Input(shape=(4,))
    a = Dense(8, activation="relu")(x)
    b = Dense(8, activation="tanh", name="smooth")(x)
    Model(x, Dense(1, activation="sigmoid")(Add()([a, b]))).summary()
elif case == "tools_nofit":
    Sequential([Dense(1, activation="sigmoid")]).summary()
elif case == "tools_nofit_input_shape":
    Sequential([Dense(8, activation="relu", input_shape=(4,)), Dense(1)]).summary()
elif case == "tools_nofit_input_dim":
    m = Sequential()
    m.add(Dense(25, input_dim=10))
    m.add(Activation("relu"))
    m.add(Dense(1))
    m.summary()
elif case == "nested":
    base = Sequential([Input(shape=(4,)), Dense(3, activation="relu")])
    Sequential([base, Dense(2)]).summary()
elif case == "nested_functional":  # named: Keras's Sequential counts hidden functionals
    base = Sequential([Input(shape=(4,)), Dense(3, activation="relu")], name="base")
    x = Input(shape=(4,), name="x")
    h = Dense(5, activation="relu")(x)
    Model(x, Dense(1, activation="sigmoid")(Add()([base(x), Dense(3)(h)])),
          name="outer").summary()
