# Source: Jason Brownlee, Machine Learning Mastery, "Develop Your First Neural Network in Python
#   With Keras Step-By-Step" (2016 version of the listing),
#   https://machinelearningmastery.com/tutorial-first-neural-network-python-keras/
#   as copied verbatim in ayeo/snke test-keras.py (commit 2f5079f5).
# Dataset: Pima Indians diabetes, pima-indians-diabetes.csv (768 rows, 8 features + 0/1 class,
#   no header), read from the working directory. Here: PimaIndiansDiabetes from Debian's
#   r-cran-mlbench (class neg/pos -> 0/1); see README "Dataset needs".
# Lines changed: none (the program reads a relative file name; the runner provides the file).
# Reported by the source: the stored copies do not include the page's result text; the tutorial
#   evaluates on the training data after 150 epochs (batch 10).

from keras.models import Sequential
from keras.layers import Dense
import numpy

numpy.random.seed(7)

dataset = numpy.loadtxt("pima-indians-diabetes.csv", delimiter=",")
X = dataset[:,0:8]
Y = dataset[:,8]


model = Sequential()
model.add(Dense(12, input_dim=8, activation='relu'))
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])



model.fit(X, Y, epochs=150, batch_size=10)
scores = model.evaluate(X, Y)
print("\n%s: %.2f%%" % (model.metrics_names[1], scores[1]*100))
