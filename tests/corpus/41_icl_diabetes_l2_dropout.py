# Source: chrisschnei/ML, tensorflow/lectureICL/modelRegularisation.py (commit 5eb3e03c), a
#   learner's copy of the coding tutorial "Model regularisation" of Imperial College London's
#   Coursera course "Getting started with TensorFlow 2" (week 3). The file as published.
# Dataset: sklearn.datasets.load_diabetes() (442 rows, 10 features as scikit-learn scales
#   them), the target standardised by the program; unseeded 90/10 split (397/45 rows),
#   validation_split=0.15.
# Lines changed: none.
# Reported by the source: none in the file (the course shows the two loss curves). Keras
#   3.15.1 (JAX), 3 runs: evaluate's loss/mae 0.438/0.477, 0.624/0.593, 0.834/0.679.
# Note: print(diabetes_dataset["DESCR"]) prints scikit-learn's text, whose indentation
#   changed after 1.2 (nnc prints Debian's 1.2 copy); evaluate(verbose=2) is its only number.

#!/usr/bin/env python

import tensorflow as tf
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
import matplotlib.pyplot as plt
from tensorflow.keras import regularizers
from tensorflow.keras.layers import Dropout

diabetes_dataset = load_diabetes()
print(diabetes_dataset["DESCR"])
data = diabetes_dataset["data"]
targets = diabetes_dataset["target"]
targets = (targets - targets.mean(axis=0)) / targets.std()

targets

train_data, test_data, train_targets, test_targets = train_test_split(data, targets, test_size=0.1)

print(train_data.shape)
print(test_data.shape)
print(train_targets.shape)
print(test_targets.shape)

def get_regularised_model(wd, rate):
    model = Sequential([
        Dense(128, kernel_regularizer=regularizers.l2(wd), activation="relu", input_shape=(train_data.shape[1],)),
        Dropout(rate),
        Dense(128, kernel_regularizer=regularizers.l2(wd), activation="relu"),
        Dropout(rate),
        Dense(128, kernel_regularizer=regularizers.l2(wd), activation="relu"),
        Dropout(rate),
        Dense(128, kernel_regularizer=regularizers.l2(wd), activation="relu"),
        Dropout(rate),
        Dense(128, kernel_regularizer=regularizers.l2(wd), activation="relu"),
        Dropout(rate),
        Dense(128, kernel_regularizer=regularizers.l2(wd), activation="relu"),
        Dropout(rate),
        Dense(1)
    ])
    return model

model = get_regularised_model(1e-5, 0.3)
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(train_data, train_targets, epochs=100, validation_split=0.15, batch_size=64, verbose=False)
model.evaluate(test_data, test_targets, verbose=2)

plt.plot(history.history['loss'])
plt.plot(history.history['val_loss'])
plt.title('Loss vs. epochs')
plt.ylabel('Loss')
plt.xlabel('Epoch')
plt.legend(['Training', 'Validation'], loc='upper right')
plt.show()
