# Source: sharpscar/deep_learning, regression_loss.py (commit 025efa99), a Korean deep-learning
#   study repository (the comment says "degree of diabetes progression"). The file as
#   published (it ends without a newline).
# Dataset: sklearn.datasets.load_diabetes() (442 rows, 10 features), the raw target (25-346),
#   no split.
# Lines changed: none.
# Reported by the source: none. keras.utils.set_random_seed(0) makes Keras 3.15.1 (JAX)
#   repeat itself: epoch 100 loss 3892.07 in each of 3 runs (the first layer is one ReLU
#   unit, so 100 epochs of Adam leave the loss near the target's variance, 5929, and below).
# Note: imports LinearRegression and optimizers it never uses; plt.show() shows the loss
#   curve, then it prints the data set's description.

import matplotlib.pyplot as plt
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
import numpy as np
import keras
from keras import layers, optimizers

keras.utils.set_random_seed(0)

load_data = load_diabetes()
x= load_data.data
y = load_data.target  #당뇨병 진행 정도
size = x.shape


model = keras.Sequential([
    layers.Dense(units=1, input_shape=(size[1],), activation="relu"),
    layers.Dense(units=256, activation="relu"),
    layers.Dense(units=1),
])


model.compile(optimizer="Adam", loss="mse")
history = model.fit(x,y,epochs=100)

history_ = history.history

plt.plot(history_['loss'])
plt.show()

print(load_data.DESCR)