# Source: rohsik2/RohHyunUk_Keras, keras/keras14_cancer3_EarlyStopping.py (commit 53cbd244),
#   a Korean Keras study series (binary classification as two softmax classes). The file as
#   published, its result comment included.
# Dataset: sklearn.datasets.load_breast_cancer() (569 rows, 30 features, unscaled), labels
#   one-hot by to_categorical; 80/20 then 75/25 splits with random_state=66 (341 train, 114
#   validation, 114 test rows).
# Lines changed: none.
# Reported by the source (its comment): evaluate [0.2327, 0.9298], predictions near [0.03 0.97]
#   for the first five test rows, all of class 1. Keras 3.15.1, 3 runs each: TensorFlow backend
#   evaluate [0.368, 0.816], [0.270, 0.877], [0.262, 0.921]; JAX backend stuck at one class,
#   [5.797, 0.640] every time (as 37: the raw features saturate the output, and JAX's
#   cross-entropy clips the probability).
# Note: batch_size=1 with EarlyStopping(monitor='loss', patience=10) stops between epochs 20
#   and 64.

# Binary Classification

import numpy as np
from sklearn.datasets import load_breast_cancer

#1. Data
dataset = load_breast_cancer()
x = dataset.data
y = dataset.target

from tensorflow.keras.utils import to_categorical
y = to_categorical(y)

from sklearn.model_selection import train_test_split

x_train, x_test, y_train, y_test = train_test_split(
    x, y, shuffle=True, train_size=0.8, random_state=66
)
x_train, x_val, y_train, y_val = train_test_split(
    x_train, y_train, shuffle=True, train_size=0.75, random_state=66
)

#2. Model
from tensorflow.keras.models import Model, Sequential
from tensorflow.keras.layers import Dense, Input

model = Sequential()
model.add(Dense(256, input_shape=(30,), activation='relu'))
model.add(Dense(128, activation='relu'))
model.add(Dense(2, activation='softmax'))

#3. Compile, Train
from tensorflow.keras.callbacks import EarlyStopping
early_stopper = EarlyStopping(monitor='loss', patience=10, mode='min')

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc'])
model.fit(
    x_train, y_train, batch_size=1, epochs=64, 
    verbose=2, validation_data=(x_val,y_val),
    callbacks=[early_stopper]
)

#4. Evaluate, Predict
print(model.evaluate(x_test,y_test))
print(model.predict(x_test[:5]))
print(y_test[:5])

# Execution Result
# - loss: 0.2327 - acc: 0.9298       
# [0.2327367663383484, 0.9298245906829834]   
# [[0.03133512 0.9686649 ]
#  [0.06499062 0.9350094 ]
#  [0.02586474 0.9741353 ]
#  [0.04024078 0.9597592 ]
#  [0.10198012 0.89801985]]
# [[0. 1.]
#  [0. 1.]
#  [0. 1.]
#  [0. 1.]
#  [0. 1.]]
