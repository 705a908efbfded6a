# Source: Jason Brownlee, "Deep Learning With Python" (Machine Learning Mastery, 2016), chapter
#   "Lift Performance With Learning Rate Schedules" (also the MLM post "Using Learning Rate
#   Schedules for Deep Learning Models in Python with Keras"), as typed in by a reader:
#   MaximoDouglas/deep-learning-with-python-brownlee code/local_env/part_four/031_lr_decay-book.py
#   (commit 59f68024).
# Dataset: Ionosphere (351 rows, 34 features + g/b), ../data/ionosphere.data, no header. Here:
#   Ionosphere from Debian's r-cran-mlbench (class good/bad -> g/b); see README.
# Lines changed: none (relative path; the runner provides ../data/ionosphere.data).
# Reported by the source: not in the stored copy (50 epochs, validation_split=0.33).
# Written for Keras 2: SGD(lr=..., decay=...) is refused by Keras 3 optimizers.

# Time Based Learning Rate Decay
import pandas
import numpy
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD
from sklearn.preprocessing import LabelEncoder

# fix random seed for reproducibility
seed = 7
numpy.random.seed(seed)

# load dataset
dataframe = pandas.read_csv("../data/ionosphere.data", header=None)
dataset = dataframe.values

# split into input (X) and output (Y) variables
X = dataset[:,0:34].astype(float)
Y = dataset[:,34]

# encode class values as integers
encoder = LabelEncoder()
encoder.fit(Y)
Y = encoder.transform(Y)

# create model
model = Sequential()
model.add(Dense(34, input_dim=34, kernel_initializer='normal', activation='relu'))
model.add(Dense(1, kernel_initializer='normal', activation='sigmoid'))

# Compile model
epochs = 50
learning_rate = 0.1
decay_rate = learning_rate / epochs
momentum = 0.8

sgd = SGD(lr=learning_rate, momentum=momentum, decay=decay_rate, nesterov=False)
model.compile(loss='binary_crossentropy', optimizer=sgd, metrics=['accuracy'])

# Fit the model
model.fit(X, Y, validation_split=0.33, epochs=epochs, batch_size=28, verbose=2)
