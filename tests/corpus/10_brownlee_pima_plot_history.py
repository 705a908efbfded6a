# Source: Jason Brownlee, "Deep Learning With Python" (Machine Learning Mastery, 2016), chapter
#   "Understand Model Behavior During Training By Plotting History" (also the MLM post "Display
#   Deep Learning Model Training History in Keras"), as typed in by a reader:
#   MaximoDouglas/deep-learning-with-python-brownlee code/local_env/part_four/019_plot_history.py
#   (commit f86135a0).
# Dataset: Pima Indians diabetes, ../data/pima-indians-diabetes.csv. Here: Debian's
#   r-cran-mlbench PimaIndiansDiabetes; see README.
# Lines changed: none (relative path; the runner provides ../data/pima-indians-diabetes.csv).
# Reported by the source: two plots (accuracy, loss; train and validation) over 150 epochs.
# Written for Keras 2.0-2.2: the history keys 'acc'/'val_acc' are 'accuracy'/'val_accuracy'
#   since Keras 2.3, so Keras 3 stops with a KeyError at the first plot.

# Visualize training history
from keras.models import Sequential
from keras.layers import Dense
import matplotlib.pyplot as plt
import numpy

# fix random seed for reproducibility
seed = 7
numpy.random.seed(seed)

# load pima indians dataset
dataset = numpy.loadtxt("../data/pima-indians-diabetes.csv", delimiter=",")

# split into input (X) and output (Y) variables
X = dataset[:,0:8]
Y = dataset[:,8]

# create model
model = Sequential()
model.add(Dense(12, input_dim=8, kernel_initializer="uniform", activation="relu"))
model.add(Dense(8, kernel_initializer="uniform", activation="relu"))
model.add(Dense(1, kernel_initializer="uniform", activation="sigmoid"))

# Compile model
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=['accuracy'])

# Fit the model
history = model.fit(X, Y, validation_split=0.33, epochs=150, batch_size=10)

# list all data in history
print(history.history.keys())

# summarize history for accuracy
plt.plot(history.history['acc'])
plt.plot(history.history['val_acc'])
plt.title("model accuracy")
plt.ylabel("accuracy")
plt.xlabel("epoch")
plt.legend(['train','test'], loc="lower right")
plt.show()

# summarize history for loss
plt.plot(history.history['loss'])
plt.plot(history.history['val_loss'])
plt.title("model loss")
plt.ylabel("loss")
plt.xlabel("epoch")
plt.legend(['train','test'], loc="upper right")
plt.show()
