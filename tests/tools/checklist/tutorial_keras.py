# The checklist of issue 13 ("tutorial Python"), the part around a Keras model: load() keeping
# shape and dtype, fit's history, a def with keyword and default arguments as a
# LearningRateScheduler, the versions, the seeding calls, numpy operations meeting Keras
# tensors. test_tutorial_python.c compares its output with tutorial_keras.expected.
import os
import sys
import time
import random
import warnings
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.callbacks import LearningRateScheduler

warnings.filterwarnings('ignore')
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
print('versions', tf.__version__, keras.__version__, tf.__version__ == keras.__version__)
np.random.seed(1)
tf.random.set_seed(1)
keras.utils.set_random_seed(1)
random.seed(1)

images = np.random.randint(0, 256, size=(64, 4, 4)).astype(np.uint8)
np.save('checklist_images.npy', images)
np.save('checklist_labels.npy', (images.reshape(64, -1).mean(axis=1) > 127).astype(np.int64))
x = load('checklist_images.npy')
y = np.load('checklist_labels.npy')
print('load', x.shape, x.dtype, bool((x == images).all()), y.shape, y.dtype, x.shape[1:])
x = x.reshape(len(x), -1) / 255.0
print('scaled', x.shape, x.dtype, x.max() <= 1.0)


def schedule(epoch, lr, warmup=2, factor=0.5):
    if epoch < warmup:
        return lr
    return lr * factor


model = keras.Sequential([Input(shape=(x.shape[1],)), Dense(8, activation='relu'),
                          Dense(1, activation='sigmoid')])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss='binary_crossentropy',
              metrics=['accuracy'])
start = time.time()
history = model.fit(x, y, epochs=4, batch_size=16, verbose=0,
                    callbacks=[LearningRateScheduler(schedule)])
elapsed = time.time() - start
print('history', sorted(history.history.keys()), len(history.history['loss']), history.epoch)
print('learning rates', [round(float(v), 6) for v in history.history['learning_rate']])
print('last loss', type(history.history['loss'][-1]).__name__, history.history['loss'][-1] > 0,
      f"{history.history['accuracy'][-1]:.2%}".endswith('%'))
print('elapsed', type(elapsed).__name__, elapsed >= 0)
score = model.evaluate(x, y, verbose=0)
print('score', len(score), score[0] > 0, 0 <= score[1] <= 1, type(score[0]).__name__)
print('%s: %.2f%%' % (model.metrics_names[1], 12.5), model.metrics_names)
pred = model.predict(x[:3], verbose=0)
print('predict', pred.shape, pred.dtype, (pred > 0.5).astype(int).shape, pred.round(1).shape)
called = model(x[:3], training=False)
print('called', called.shape, called.dtype, bool((called == pred).all()), model(x[:1]).shape)

inputs = keras.Input(shape=(16,))
left = Dense(4, activation='relu')(inputs)
right = Dense(4, activation='tanh')(inputs)
outputs = Dense(1, activation='sigmoid')(left + right)
joined = keras.Model(inputs, outputs)
print('functional', joined.count_params())
print('metrics_names', joined.metrics_names)
joined.compile(optimizer='adam', loss='binary_crossentropy')
print('joined', joined.predict(x[:2], verbose=0).shape)
print('metrics_names', joined.metrics_names)

for name in ['checklist_images.npy', 'checklist_labels.npy']:
    os.remove(name)
