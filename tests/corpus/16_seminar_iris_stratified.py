# Source: cijb-7724/neural-network-visualizer, seminar/classification-iris/iris2.py (a seminar's
#   iris classification exercise). The file as published.
# Dataset: sklearn.datasets.load_iris(), stratified 70/30 split (random_state=0), then 10% of the
#   training rows held out for validation (random_state=1).
# Lines changed: none.
# Reported by the source: none (500 epochs, batch 32).

from sklearn import datasets
from sklearn.model_selection import train_test_split
iris = datasets.load_iris()
X = iris.data
y = iris.target
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.1, random_state=1, stratify=y_train)

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

model = Sequential()
model.add(Dense(10, activation='relu', input_dim=4))
model.add(Dense(3, activation='softmax'))

model.compile(loss='sparse_categorical_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])
history = model.fit(X_train, y_train, epochs=500, batch_size=32,
                    validation_data=(X_val, y_val))

