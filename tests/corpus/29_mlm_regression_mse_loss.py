# Source: Jason Brownlee, Machine Learning Mastery, "How to Choose Loss Functions When Training
#   Deep Learning Neural Networks" (2019; also "Better Deep Learning", chapter 4), listing "mlp
#   for regression with mse loss function", as copied in enuguru/
#   artificial_intelligence_and_machine_learning advanced_deep_learning/chapter_04/01_mlp_mse_loss.py.
# Dataset: sklearn.datasets.make_regression(n_samples=1000, n_features=20, noise=0.1,
#   random_state=1), inputs and target standardised, 500/500.
# Lines changed: none.
# Reported by the source: not in the stored copy (100 epochs; prints train and test MSE).
# Written for Keras 2.2-2.3: SGD(lr=...) is refused by Keras 3 (the argument is learning_rate).

# mlp for regression with mse loss function
from sklearn.datasets import make_regression
from sklearn.preprocessing import StandardScaler
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD
from matplotlib import pyplot
# generate regression dataset
X, y = make_regression(n_samples=1000, n_features=20, noise=0.1, random_state=1)
# standardize dataset
X = StandardScaler().fit_transform(X)
y = StandardScaler().fit_transform(y.reshape(len(y),1))[:,0]
# split into train and test
n_train = 500
trainX, testX = X[:n_train, :], X[n_train:, :]
trainy, testy = y[:n_train], y[n_train:]
# define model
model = Sequential()
model.add(Dense(25, input_dim=20, activation='relu', kernel_initializer='he_uniform'))
model.add(Dense(1, activation='linear'))
opt = SGD(lr=0.01, momentum=0.9)
model.compile(loss='mean_squared_error', optimizer=opt)
# fit model
history = model.fit(trainX, trainy, validation_data=(testX, testy), epochs=100, verbose=0)
# evaluate the model
train_mse = model.evaluate(trainX, trainy, verbose=0)
test_mse = model.evaluate(testX, testy, verbose=0)
print('Train: %.3f, Test: %.3f' % (train_mse, test_mse))
# plot loss during training
pyplot.title('Mean Squared Error Loss')
pyplot.plot(history.history['loss'], label='train')
pyplot.plot(history.history['val_loss'], label='test')
pyplot.legend()
pyplot.show()
