import tensorflow as tf
import keras

model = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation='tanh', input_shape=(8,)),
    keras.layers.Dense(1),
])
model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=0.01, rho=0.95),
              loss=keras.losses.MeanSquaredError())
X = load("data/x.npy"); Y = load("data/y.npy")
model.fit(X, Y, epochs=3, shuffle=False)
print(model.evaluate(X, Y, batch_size=8))
