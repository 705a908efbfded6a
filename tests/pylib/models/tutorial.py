"""A tutorial's surroundings: imports of ordinary modules, seeding, a helper function, a
callback class of its own, f-strings and % formatting, and the history of fit."""
import os
import sys
import time
import math
import random
import warnings
from datetime import datetime

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.callbacks import Callback, EarlyStopping

warnings.filterwarnings('ignore')
tf.random.set_seed(42)
keras.utils.set_random_seed(42)
random.seed(42)
print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, Python {sys.version_info[0]}")

DATA = os.path.join('data', 'x.npy')
X = load(DATA)
Y = load(os.path.join('data', 'y.npy'))
print("X: %d samples of %d features" % (X.shape[0], X.shape[1]))


def build(hidden=(16, 8), activation='relu', lr=1e-3):
    model = keras.Sequential([Input(shape=(X.shape[1],))])
    for units in hidden:
        model.add(Dense(units, activation=activation))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss='binary_crossentropy', metrics=['accuracy'])
    return model


class Timer(Callback):
    def on_train_begin(self, logs=None):
        self.start = time.time()
        self.epochs = 0

    def on_epoch_end(self, epoch, logs=None):
        self.epochs += 1
        if logs and logs.get('val_loss', 1.0) < 0.01:
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        print(f"{self.epochs} epochs in {time.time() - self.start:.1f}s")


model = build()
model.summary()
start = datetime.now()
history = model.fit(X, Y, epochs=5, batch_size=32, validation_split=0.2, verbose=0,
                    callbacks=[Timer(), EarlyStopping(monitor='val_loss', patience=3)])
for name, values in history.history.items():
    print(f"{name:>14}: {values[-1]:.4f} (best {min(values) if 'loss' in name else max(values):.4f})")
loss, acc = model.evaluate(X, Y, verbose=0)
print(f"loss {loss:.3f}, accuracy {acc:.2%}, {len(history.epoch)} epochs, elapsed {datetime.now() - start}")
assert math.isfinite(loss), "the loss diverged"
