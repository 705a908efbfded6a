# Source: ndavido/Smart-Tech, Linear_Regression/multi_layer_model.py (a "Smart Technologies"
#   college module's lab). The file as published.
# Dataset: sklearn.datasets.make_circles(n_samples=500, random_state=123, noise=0.1, factor=0.2).
# Lines changed: none.
# Reported by the source: none (100 epochs, batch 20; plots training accuracy).
# Note: shuffle='true' is a string; Keras 2 treats any truthy value as True.

#! /usr/bin/python3

import numpy as np
import matplotlib.pyplot as plt
from sklearn import datasets
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.optimizers import Adam

np.random.seed(0)
n_pts = 500

X, y = datasets.make_circles(
    n_samples=n_pts, random_state=123, noise=0.1, factor=0.2)

plt.scatter(X[y == 0, 0], X[y == 0, 1])
plt.scatter(X[y == 1, 0], X[y == 1, 1])
plt.show()

model = Sequential()
model.add(Dense(3, input_shape=(2,), activation='sigmoid'))
model.add(Dense(1, activation='sigmoid'))
model.compile(Adam(learning_rate=0.01),
              'binary_crossentropy', metrics=['accuracy'])
h = model.fit(x=X, y=y, verbose=1, batch_size=20, epochs=100, shuffle='true')
plt.plot(h.history['accuracy'])
plt.xlabel('epoch')
plt.legend(['accuracy'])
plt.title('accuracy')
plt.show()
