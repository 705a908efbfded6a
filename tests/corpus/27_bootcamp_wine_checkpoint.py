# Source: Taerimmm/ML, keras/keras46_MC_8_wine.py (lesson 46 "ModelCheckpoint" of a Keras
#   course's numbered exercise series, exercise 8: wine). The file as published.
# Dataset: sklearn.datasets.load_wine(), one-hot labels, 80/20 split with random_state=45,
#   MinMaxScaler fitted on the training rows.
# Lines changed: none.
# Reported by the source: none (up to 4000 epochs with EarlyStopping(patience=20), batch 4;
#   prints test loss and accuracy).
# Written for tf.keras 2.x: Keras 3's ModelCheckpoint requires a file name ending in .keras
#   (or .weights.h5 with save_weights_only), so the '.hdf5' path is refused before training.
# Note: the checkpoint directory ./modelCheckpoint/ must exist (it does in the source repository).

import numpy as np
from sklearn.datasets import load_wine

dataset = load_wine()
x = dataset.data
y = dataset.target

print(x.shape, y.shape)    # (178, 13) (178,)

from tensorflow.keras.utils import to_categorical
y = to_categorical(y)
print(y.shape)    # (178, 3)

from sklearn.model_selection import train_test_split
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=45)

from sklearn.preprocessing import MinMaxScaler
scaler = MinMaxScaler()
scaler.fit(x_train)
x_train = scaler.transform(x_train)
x_test = scaler.transform(x_test)

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
model = Sequential()
model.add(Dense(128, activation='relu', input_shape=(13,)))
model.add(Dense(64, activation='relu'))
model.add(Dense(64, activation='relu'))
model.add(Dense(64, activation='relu'))
model.add(Dense(3, activation='softmax'))

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc'])
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint
modelpath = './modelCheckpoint/k46_wine_{epoch:02d}-{val_loss:.4f}.hdf5'
cp = ModelCheckpoint(filepath=modelpath, monitor='val_loss', save_best_only=True, mode='auto')
es = EarlyStopping(monitor='val_loss', patience=20, mode='auto')
model.fit(x_train, y_train, epochs=4000, batch_size=4, validation_split=0.2, verbose=2, callbacks=[es,cp])

loss, acc = model.evaluate(x_test, y_test)
print('loss :', loss)
print('acc :', acc)
