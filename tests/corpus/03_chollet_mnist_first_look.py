# Source: François Chollet, "Deep Learning with Python" (1st ed., Manning 2017), notebook
#   "2.1 A first look at a neural network",
#   fchollet/deep-learning-with-python-notebooks first_edition/2.1-a-first-look-at-a-neural-network.ipynb
#   (commit 34d0dea6), MIT license. Code cells concatenated in order.
# Dataset: MNIST through keras.datasets.mnist.load_data() (60,000/10,000).
# Lines changed: none.
# Reported by the source (Keras 2.0.8): after 5 epochs, batch 128: train loss 0.0382, train
#   acc 0.9890; "test_acc: 0.9777".

import keras
keras.__version__

from keras.datasets import mnist

(train_images, train_labels), (test_images, test_labels) = mnist.load_data()

train_images.shape

len(train_labels)

train_labels

test_images.shape

len(test_labels)

test_labels

from keras import models
from keras import layers

network = models.Sequential()
network.add(layers.Dense(512, activation='relu', input_shape=(28 * 28,)))
network.add(layers.Dense(10, activation='softmax'))

network.compile(optimizer='rmsprop',
                loss='categorical_crossentropy',
                metrics=['accuracy'])

train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype('float32') / 255

test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype('float32') / 255

from keras.utils import to_categorical

train_labels = to_categorical(train_labels)
test_labels = to_categorical(test_labels)

network.fit(train_images, train_labels, epochs=5, batch_size=128)

test_loss, test_acc = network.evaluate(test_images, test_labels)

print('test_acc:', test_acc)
