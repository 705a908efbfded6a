# Source: Aurélien Géron, "Hands-On Machine Learning with Scikit-Learn, Keras and TensorFlow"
#   (3rd ed., O'Reilly 2022), chapter 10 "Building an Image Classifier Using the Sequential API",
#   as typed in for a university elective: Kevidor/Sofwaredesign
#   Elective/neural_network_tensorflow.py. The file as published there.
# Dataset: Fashion-MNIST through tf.keras.datasets.fashion_mnist.load_data(); the last 5,000
#   training images are the validation set.
# Lines changed: none.
# Reported by the source: none in the file (30 epochs of SGD; fit prints validation accuracy).

import tensorflow as tf

fashion_mnist = tf.keras.datasets.fashion_mnist.load_data()
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist
X_train, y_train = X_train_full[:-5000], y_train_full[:-5000]
X_valid, y_valid = X_train_full[-5000:], y_train_full[-5000:]

print("The size of the training dataset: ", X_train.shape)
print("The type of the training dataset: ", X_train.dtype)

X_train, X_valid, X_test = X_train / 255., X_valid / 255., X_test / 255.

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat","Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

tf.random.set_seed(42)
model = tf.keras.Sequential()
model.add(tf.keras.layers.InputLayer(shape=[28, 28]))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(300, activation="relu"))
model.add(tf.keras.layers.Dense(100, activation="relu"))
model.add(tf.keras.layers.Dense(10, activation="softmax"))

model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=30, validation_data=(X_valid, y_valid))
