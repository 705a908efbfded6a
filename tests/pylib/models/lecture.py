import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.losses import BinaryCrossentropy

X = load("data/mnist01_train_x.npy")
Y = load("data/mnist01_train_y.npy")

model = Sequential([
    Dense(units=25, activation='sigmoid'),
    Dense(units=15, activation='sigmoid'),
    Dense(units=1, activation='sigmoid'),
])
model.compile(loss=BinaryCrossentropy())
model.fit(X, Y, epochs=100)
