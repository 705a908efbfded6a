# Source: sum-coderepo/Optimization-Python, NeuralNetwork/MultiLayerPerceptron/MLPExample-1.py
#   (commit b72ae69f); its code follows Machine Learning Mastery's two-circles MLP examples
#   ("How to Fix the Vanishing Gradients Problem Using the ReLU"). The file as published.
# Dataset: sklearn.datasets.make_circles(n_samples=1000, noise=0.1, random_state=1), 500/500.
# Lines changed: none.
# Reported by the source: none (300 epochs; prints train and test accuracy).
# Note: history['acc'] is 'accuracy' in tf.keras >= 2.3 and Keras 3: KeyError at the last plot.


# Example of generating samples from the two circle problem
from sklearn.datasets import make_circles
from matplotlib import pyplot
from numpy import where
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Activation
# generate 2d classification dataset
X, y = make_circles(n_samples=1000, noise=0.1, random_state=1)

# scatter plot, dots colored by class value
for i in range(2):
    samples_ix = where(y == i)
    pyplot.scatter(X[samples_ix, 0], X[samples_ix, 1])
pyplot.show()

# split into train and test
n_test = 500
trainX, testX = X[:n_test, :], X[n_test:, :]
trainy, testy = y[:n_test], y[n_test:]

# define model
model = Sequential()
model.add(Dense(100, input_dim=2, activation='relu'))
model.add(Dense(1, activation='sigmoid'))

# compile model
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])

# fit model
history = model.fit(trainX, trainy, validation_data=(testX, testy), epochs=300, verbose=0)

# evaluate the model
_, train_acc = model.evaluate(trainX, trainy, verbose=0)
_, test_acc = model.evaluate(testX, testy, verbose=0)

print('Train: %.3f, Test: %.3f' % (train_acc, test_acc))

pyplot.subplot(211)
pyplot.title('Loss')
pyplot.plot(history.history['loss'], label='train')
pyplot.plot(history.history['val_loss'], label='test')
pyplot.legend()
# plot accuracy during training
pyplot.subplot(212)
pyplot.title('Accuracy')
pyplot.plot(history.history['acc'], label='train')
pyplot.plot(history.history['val_acc'], label='test')
pyplot.legend()
pyplot.show()
