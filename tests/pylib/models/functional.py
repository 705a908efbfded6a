# The functional API: a graph that is not a plain stack.
import tensorflow as tf
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import Dense, Add, Concatenate, Activation
from tensorflow.keras.optimizers import Adam

x = Input(shape=(784,))
h1 = Dense(128, activation='relu')(x)
h2 = Dense(128, activation='relu', kernel_initializer='he_normal')(h1)
s = Add()([h1, h2])
c = Concatenate(axis=-1)([s, h1])
a = Activation('tanh')(c)
y = Dense(10)(a)
model = Model(inputs=x, outputs=y)
model.compile(optimizer=Adam(learning_rate=1e-3),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])
X = load("data/fashion_x.npy")
Y = load("data/fashion_y.npy")
history = model.fit(X, Y, batch_size=32, epochs=5, validation_split=0.1)
loss, acc = model.evaluate(X, Y)
print(loss, acc)
