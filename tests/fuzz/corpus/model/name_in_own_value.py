from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.optimizers import SGD
from tensorflow.keras.callbacks import EarlyStopping
import numpy as np
e(optimizer=SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
              loss='categorical_crossentropy', metrics=['accuracy'])
model.summary(
X = np.load("data/x.npy")
Y = np.loal.fit(X, Y, epochs=50, batch_size=16, validation_data=(X, Y), callbacks=[stop], verbose=0)
P = model.predict(X)
save(P, "out/pred.npy")
model.save_weights("out/w.safetensors")
model.load_weights("out/w.safetensors")
