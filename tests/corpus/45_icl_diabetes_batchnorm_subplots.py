# Source: chrisschnei/ML, tensorflow/lectureICL/batchNormalisation.py (commit 5eb3e03c), a
#   learner's copy of the coding tutorial "Batch normalisation" of Imperial College London's
#   Coursera course "Getting started with TensorFlow 2" (week 3). The file as published.
# Dataset: sklearn.datasets.load_diabetes() (442 rows, 10 features), the target
#   standardised, unseeded 90/10 split, validation_split=0.15.
# Lines changed: none.
# Reported by the source: none in the file. Keras 3.15.1 (JAX) prints the summary (17,856
#   parameters, 256 of them not trainable, before the last two layers are added) and nothing
#   else: fit has verbose=False, and the two subplots are drawn without plt.show().
# Note: imports Conv2D and MaxPooling2D, which it never uses; BatchNormalization with
#   momentum, epsilon, axis and RandomNormal/Constant initializers; pd.DataFrame of the
#   history, fig.add_subplot(121).

#!/usr/bin/env python

import tensorflow as tf
import pandas as pd
import numpy as np
import matplotlib.pyplot as plt
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Flatten, Dense, Conv2D, MaxPooling2D, BatchNormalization, Dropout

diabetes_dataset = load_diabetes()

data = diabetes_dataset['data']
targets = diabetes_dataset['target']
targets = (targets - targets.mean(axis=0)) / (targets.std())
train_data, test_data, train_targets, test_targets = train_test_split(data, targets, test_size=0.1)
model = Sequential([
    Dense(64, input_shape=[train_data.shape[1],], activation="relu"),
    BatchNormalization(),  # <- Batch normalisation layer
    Dropout(0.5),
    BatchNormalization(),  # <- Batch normalisation layer
    Dropout(0.5),
    Dense(256, activation='relu'),
])
model.summary()
model.add(tf.keras.layers.BatchNormalization(
    momentum=0.95,
    epsilon=0.005,
    axis = -1,
    beta_initializer=tf.keras.initializers.RandomNormal(mean=0.0, stddev=0.05),
    gamma_initializer=tf.keras.initializers.Constant(value=0.9)
))
model.add(Dense(1))
model.compile(optimizer='adam',
              loss='mse',
              metrics=['mae'])
history = model.fit(train_data, train_targets, epochs=100, validation_split=0.15, batch_size=64,verbose=False)

frame = pd.DataFrame(history.history)
epochs = np.arange(len(frame))

fig = plt.figure(figsize=(12,4))

# Loss plot
ax = fig.add_subplot(121)
ax.plot(epochs, frame['loss'], label="Train")
ax.plot(epochs, frame['val_loss'], label="Validation")
ax.set_xlabel("Epochs")
ax.set_ylabel("Loss")
ax.set_title("Loss vs Epochs")
ax.legend()

# Accuracy plot
ax = fig.add_subplot(122)
ax.plot(epochs, frame['mae'], label="Train")
ax.plot(epochs, frame['val_mae'], label="Validation")
ax.set_xlabel("Epochs")
ax.set_ylabel("Mean Absolute Error")
ax.set_title("Mean Absolute Error vs Epochs")
ax.legend()
