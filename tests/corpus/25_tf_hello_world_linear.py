# Source: nextixt/tfneuro, tfsimple.py: the "Hello World" of Laurence Moroney's "Machine
#   Learning Zero to Hero" / TensorFlow codelab (one Dense unit learning a line), with the line
#   y = 5x + 1 instead of the codelab's y = 2x - 1. The file as published.
# Dataset: six points in numpy arrays.
# Lines changed: none.
# Reported by the source: none (the codelab's version predicts close to 19 for x = 10; here the
#   line gives 51).

import tensorflow as tf
import numpy as np
from tensorflow import keras
model = tf.keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])
model.compile(optimizer='sgd', loss='mean_squared_error')
xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype=float)
ys = np.array([-4.0, 1.0, 6.0, 11.0, 16.0, 21.0], dtype=float)
model.fit(xs, ys, epochs=500)
model.evaluate(xs, ys)
N = np.array([10.0])
print(model.predict(N))
