# Source: Jason Brownlee, Machine Learning Mastery, "How to Accelerate Learning of Deep Neural
#   Networks With Batch Normalization" (2019; "Better Deep Learning", chapter 9), listing "mlp for
#   the two circles problem with batchnorm after activation function", as worked through in
#   rtoengi/deep-neural-network-tuning-tutorials
#   09_accelerate_learning_with_batch_normalization/03_mlp_batchnorm_after.py (commit 2d515fda).
#   The file as published there (it adds the import of the repository's own utils module).
# Dataset: sklearn.datasets.make_circles(n_samples=1000, noise=0.1, random_state=1), 500/500.
# Lines changed: none.
# Reported by the source (that repository's README, mean of three runs, 100 epochs): train
#   accuracy 0.832, test accuracy 0.844.
# Needs the repository-local module utils (disable_tensorflow_gpu, imported but unused).
# Written for Keras 2.2: SGD(lr=...) is refused by Keras 3, and history['acc'] is 'accuracy'.

# mlp for the two circles problem with batchnorm after activation function
from utils import disable_tensorflow_gpu
from sklearn.datasets import make_circles
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import BatchNormalization
from keras.optimizers import SGD
from matplotlib import pyplot
# generate 2d classification dataset
X, y = make_circles(n_samples=1000, noise=0.1, random_state=1)
# split into train and test
n_train = 500
trainX, testX = X[:n_train, :], X[n_train:, :]
trainy, testy = y[:n_train], y[n_train:]
# define model
model = Sequential()
model.add(Dense(50, input_dim=2, activation='relu', kernel_initializer='he_uniform'))
model.add(BatchNormalization())
model.add(Dense(1, activation='sigmoid'))
opt = SGD(lr=0.01, momentum=0.9)
model.compile(loss='binary_crossentropy', optimizer=opt, metrics=['accuracy'])
# fit model
history = model.fit(trainX, trainy, validation_data=(testX, testy), epochs=100, verbose=0)
# evaluate the model
_, train_acc = model.evaluate(trainX, trainy, verbose=0)
_, test_acc = model.evaluate(testX, testy, verbose=0)
print('Train: %.3f, Test: %.3f' % (train_acc, test_acc))
# plot loss learning curves
pyplot.subplot(211)
pyplot.title('Cross-Entropy Loss', pad=-40)
pyplot.plot(history.history['loss'], label='train')
pyplot.plot(history.history['val_loss'], label='test')
pyplot.legend()
# plot accuracy learning curves
pyplot.subplot(212)
pyplot.title('Accuracy', pad=-40)
pyplot.plot(history.history['acc'], label='train')
pyplot.plot(history.history['val_acc'], label='test')
pyplot.legend()
pyplot.show()
