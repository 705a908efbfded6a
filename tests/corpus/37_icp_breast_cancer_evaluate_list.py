# Source: sanjanamortha28/ICP_6, normal.py (commit 6139069f), a course's in-class programming
#   exercise (ICP 6). The file as published (it ends without a newline).
# Dataset: sklearn.datasets.load_breast_cancer() (569 rows, 30 features, unscaled), 75/25 split
#   with random_state=87 (426 train, 143 test rows).
# Lines changed: none.
# Reported by the source: none (100 epochs of batch 32; prints the summary, None, and
#   evaluate's [loss, acc]). Keras 3.15.1, 3 runs each: TensorFlow backend [0.369, 0.839],
#   [0.207, 0.930], [0.779, 0.825]; JAX backend stuck at one class every time: [5.574, 0.650],
#   [10.482, 0.350], [5.574, 0.650] (on the unscaled features the sigmoid saturates, and JAX's
#   binary cross-entropy clips the probability, so no gradient comes back; TensorFlow's takes
#   the sigmoid's logits, as nnc's fused loss does).
# Note: np.random.seed no longer seeds Keras 3's initializers (nnc seeds the weights with it).

import keras
import pandas as pd
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Activation
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

# load dataset
cancer_data = load_breast_cancer()
X_train, X_test, Y_train, Y_test = train_test_split(cancer_data.data, cancer_data.target,
                                                    test_size=0.25, random_state=87)
np.random.seed(155)
my_nn = Sequential() # create model
my_nn.add(Dense(20, input_dim=30, activation='relu')) # hidden layer 1
my_nn.add(Dense(1, activation='sigmoid')) # output layer
my_nn.compile(loss='binary_crossentropy', optimizer='adam', metrics=['acc'])
my_nn_fitted = my_nn.fit(X_train, Y_train, epochs=100,
                         initial_epoch=0)
print(my_nn.summary())
print(my_nn.evaluate(X_test, Y_test))