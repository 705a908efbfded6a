# Source: Jason Brownlee, Machine Learning Mastery, "How to Reduce Overfitting With Dropout
#   Regularization in Keras" (2018), section "Dropout Regularization Case Study",
#   https://machinelearningmastery.com/how-to-reduce-overfitting-with-dropout-regularization-in-keras/
#   as copied in inholeegithub/summer2022 ML/scikitlearn_keras_examples/dropout.py (commit 724dbd21).
# Dataset: sklearn.datasets.make_circles(n_samples=100, noise=0.1, random_state=1), 30 train / 70
#   test.
# Lines changed: none.
# Reported by the source: not in the stored copy (train and test accuracy after 4000 epochs).
# Written for Keras 2.2: the history keys 'acc'/'val_acc' are 'accuracy'/'val_accuracy' since
#   Keras 2.3, so the plot lines raise KeyError in Keras 3 (after the accuracies are printed).

#    mlp with dropout on the two circles dataset
from sklearn.datasets import make_circles
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import Dropout
from matplotlib import pyplot
#    generate 2d classification dataset
X, y = make_circles(n_samples=100, noise=0.1, random_state=1)
#    split into train and test
n_train = 30
trainX, testX = X[:n_train, :], X[n_train:, :]
trainy, testy = y[:n_train], y[n_train:]
#    define model
model = Sequential()
model.add(Dense(500, input_dim=2, activation='relu'))
model.add(Dropout(0.4))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
#    fit model
history = model.fit(trainX, trainy, validation_data=(testX, testy), epochs=4000, verbose=0)
#    evaluate the model
_, train_acc = model.evaluate(trainX, trainy, verbose=0)
_, test_acc = model.evaluate(testX, testy, verbose=0)
print('Train: %.3f, Test: %.3f' % (train_acc, test_acc))
#    plot history
pyplot.plot(history.history['acc'], label='train')
pyplot.plot(history.history['val_acc'], label='test')
pyplot.legend()
pyplot.show()
