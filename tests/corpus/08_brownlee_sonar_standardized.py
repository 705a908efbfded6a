# Source: Jason Brownlee, "Deep Learning With Python" (Machine Learning Mastery, 2016), chapter
#   "Binary Classification of Sonar Returns" (also the MLM post "Binary Classification Tutorial
#   with the Keras Deep Learning Library"), as typed in by a reader:
#   MaximoDouglas/deep-learning-with-python-brownlee code/local_env/015_sonar_stdscaler-book.py
#   (commit 75de02f7).
# Dataset: Sonar (208 rows, 60 features + R/M), ./data/sonar.data, no header. Here: Sonar from
#   Debian's r-cran-mlbench; see README "Dataset needs".
# Lines changed: none (relative path; the runner provides data/sonar.data).
# Reported by the source (first line of the file): "Standardized: 84.63% (7.65%)" (10-fold
#   stratified cross-validation, 100 epochs, batch 5).
# Written for Keras 2.0-2.3: keras.wrappers.scikit_learn does not exist in Keras 3.

#Standardized: 84.63% (7.65%)

# Binary Classification with Sonar Dataset: Standardized
import numpy
import pandas
from keras.models import Sequential
from keras.layers import Dense
from keras.wrappers.scikit_learn import KerasClassifier
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import Pipeline

# fix random seed for reproducibility
seed = 7
numpy.random.seed(seed)

# load dataset
dataframe = pandas.read_csv("./data/sonar.data", header=None)
dataset = dataframe.values

# split into input (X) and output (Y) variables
X = dataset[:,0:60].astype(float)
Y = dataset[:,60]

# encode class values as integers
encoder = LabelEncoder()
encoder.fit(Y)
encoded_Y = encoder.transform(Y)

# baseline model
def create_baseline():
  # create model
  model = Sequential()
  model.add(Dense(60, input_dim=60, kernel_initializer='normal', activation='relu'))
  model.add(Dense(1, kernel_initializer='normal', activation='sigmoid'))
  # Compile model
  model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
  return model

# evaluate baseline model with standardized dataset
numpy.random.seed(seed)
estimators = []
estimators.append(('standardize', StandardScaler()))
estimators.append(('mlp', KerasClassifier(build_fn=create_baseline, epochs=100, batch_size=5)))
pipeline = Pipeline(estimators)

skfold = StratifiedKFold(n_splits=10, shuffle=True, random_state=seed)
results = cross_val_score(pipeline, X, encoded_Y, cv=skfold)
print("accuracy: %.2f%% (%.2f%%)" % (results.mean()*100, results.std()*100))
