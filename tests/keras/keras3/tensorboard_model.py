# A model file that Keras 3 and nnc both run: fit with the TensorBoard callback writes its
# event files to log_dir, and the History is printed. tensorboard_keras.txt is what Keras
# 3.15.1 (JAX, TensorFlow 2.21 installed) printed and wrote, listed by TensorBoard's reader:
#   cd DIR && KERAS_BACKEND=jax /tmp/kv/bin/python tensorboard_model.py > tensorboard_keras.txt
#   /tmp/kv/bin/python tensorboard_list.py tb_logs >> tensorboard_keras.txt
# tests/pylib/test_tensorboard.c runs it in nnc and lists nnc's files the same way.
import numpy as np
import keras

log_dir = 'tb_logs'
x = np.array([[0.1, 0.5], [0.9, 0.2], [0.4, 0.4], [0.7, 0.8], [0.3, 0.9], [0.6, 0.1]],
             dtype='float32')
y = np.array([[0.0], [1.0], [0.0], [1.0], [1.0], [0.0]], dtype='float32')
m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation='relu'),
                      keras.layers.Dense(1, activation='sigmoid')])
m.compile(keras.optimizers.SGD(0.5), 'binary_crossentropy', metrics=['accuracy'])
m.set_weights([np.array([[0.5, -0.3, 0.2], [0.1, 0.4, -0.6]], dtype='float32'),
               np.zeros(3, dtype='float32'),
               np.array([[0.7], [-0.2], [0.3]], dtype='float32'), np.zeros(1, dtype='float32')])
h = m.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0,
          validation_data=(x[:3], y[:3]),
          callbacks=[keras.callbacks.TensorBoard(log_dir=log_dir)])
for k in sorted(h.history):
    print(k, ' '.join('%.5g' % v for v in h.history[k]))
