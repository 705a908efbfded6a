# Source: hetpatel4902/sct, practical10.py (a soft-computing course's practical 10).
#   The file as published.
# Dataset: sklearn.datasets.load_breast_cancer() through a pandas DataFrame, 80/20 split with
#   random_state=42, standardised.
# Lines changed: none.
# Reported by the source: none (100 epochs, batch 32; prints test loss and accuracy).

import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from keras.models import Sequential
from keras.layers import Dense
data = load_breast_cancer()
df = pd.DataFrame(data.data, columns=data.feature_names)


df['target'] = data.target

X_train, X_test, y_train, y_test = train_test_split(
    df.drop('target', axis=1),
    df['target'],
    test_size=0.2,
    random_state=42
)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)
model = Sequential()
model.add(Dense(30, input_dim=X_train.shape[1], activation='relu'))
model.add(Dense(15, activation='relu'))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])

history = model.fit(
    X_train,
    y_train,
    validation_data=(X_test, y_test),
    epochs=100,
    batch_size=32
)
score = model.evaluate(X_test, y_test)

print('Test loss:', score[0])
print('Test accuracy:', score[1])

