# A model of two inputs (wide and deep), run by nnc and by Keras 3 alike: test_keras.c
# compares nnc's output with wide_deep.keras.txt, which Keras printed for this very file:
#   KERAS_BACKEND=jax venv/bin/python wide_deep.py > wide_deep.keras.txt
# (venv as tests/keras/golden/summary/make_goldens.py makes it; Keras 3.15.1, jax).
import numpy as np
import keras



def make_model():
    b = keras.Input(shape=(2, 2), name="deep")  # made first, yet the model's second input
    a = keras.Input(shape=(8,), name="wide")
    h = keras.layers.Dense(16, activation="relu")(keras.layers.Flatten()(b))
    out = keras.layers.Dense(1)(keras.layers.concatenate([a, h]))
    m = keras.Model(inputs=[a, b], outputs=out)
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
    m.set_weights([np.linspace(-1, 1, 64).reshape(4, 16).astype("float32"),
                   np.linspace(-0.2, 0.3, 16).astype("float32"),
                   np.linspace(0.5, -0.5, 24).reshape(24, 1).astype("float32"),
                   np.array([0.1], "float32")])
    return m


model = make_model()
model.summary()

xa = np.linspace(-2, 2, 80).reshape(10, 8).astype("float32")
xb = np.cos(np.linspace(0, 6, 40)).reshape(10, 2, 2).astype("float32")
y = (xa[:, :1] - xb[:, 0, :1] * 2).astype("float32")


def show(name, v):
    print(name, " ".join(f"{float(t):.6f}" for t in np.ravel(v)))


show("predict", model.predict([xa, xb], verbose=0))
print("input_shape", model.input_shape)
show("call", model([xa, xb]))
show("predict_dict", model.predict({"deep": xb, "wide": xa}, verbose=0))
show("evaluate", model.evaluate([xa, xb], y, verbose=0))
h1 = model.fit([xa, xb], y, batch_size=4, epochs=2, shuffle=False, validation_split=0.2, verbose=0)
show("fit_split loss", h1.history["loss"])
show("fit_split val_loss", h1.history["val_loss"])
h2 = model.fit({"wide": xa, "deep": xb}, y, batch_size=3, epochs=2, shuffle=False,
               validation_data=((xa[:4], xb[:4]), y[:4]), verbose=0)
show("fit_dict loss", h2.history["loss"])
show("fit_dict val_loss", h2.history["val_loss"])
show("evaluate_after", model.evaluate({"wide": xa, "deep": xb}, y, verbose=0))
show("predict_after", model.predict((xa, xb), verbose=0))

for name, call in [
    ("one array", lambda m: m.fit(xa, y, verbose=0)),
    ("three arrays", lambda m: m.evaluate([xa, xb, xb], y, verbose=0)),
    ("x sizes", lambda m: m.fit([xa, xb[:7]], y, verbose=0)),
    ("y sizes", lambda m: m.evaluate([xa, xb], y[:7], verbose=0)),
    ("missing key", lambda m: m.fit({"wide": xa, "dep": xb}, y, verbose=0)),
]:
    try:
        call(make_model())
        print(name, "accepted")
    except ValueError as e:
        print(name, "ValueError:", e)
