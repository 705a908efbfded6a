# Source: Aurélien Géron, "Hands-On Machine Learning with Scikit-Learn, Keras and TensorFlow"
#   (2nd ed., O'Reilly 2019), chapter 10 "Building an Image Classifier Using the Sequential API",
#   as typed in by a reader: karvendhanm/ML-DL
#   image_classifier/image_claasifier_using_sequential_api.py. The file as published there.
# Dataset: Fashion-MNIST through keras.datasets.fashion_mnist.load_data(); the first 5,000
#   training images are the validation set.
# Lines changed: none.
# Reported by the source: none in the file (30 epochs of SGD; fit prints validation accuracy).
# Note: the model is built twice (add() then a list); the second one is trained.

import tensorflow as tf
from tensorflow import keras

fashion_mnist = keras.datasets.fashion_mnist
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist.load_data()

X_valid, X_train = X_train_full[:5000] / 255.0, X_train_full[5000:] / 255.0
y_valid, y_train = y_train_full[:5000], y_train_full[5000:]

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

class_names[y_train[0]]

model = keras.models.Sequential()
model.add(keras.layers.Flatten(input_shape=[28, 28]))
model.add(keras.layers.Dense(300, activation="relu"))
model.add(keras.layers.Dense(100, activation="relu"))
model.add(keras.layers.Dense(10, activation="softmax"))

model = keras.models.Sequential([
keras.layers.Flatten(input_shape=[28, 28]),
keras.layers.Dense(300, activation="relu"),
keras.layers.Dense(100, activation="relu"),
keras.layers.Dense(10, activation="softmax")
])

model.compile(loss="sparse_categorical_crossentropy",
optimizer="sgd",
metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=30,
validation_data=(X_valid, y_valid))

