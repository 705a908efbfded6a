# Source: animshamura/You-Know-DL, ann.py (a deep-learning study repository's ANN example).
#   The file as published.
# Dataset: sklearn.datasets.load_breast_cancer() (569 rows, 30 features), standardised, 80/20
#   split with random_state=42.
# Lines changed: none.
# Reported by the source: none (20 epochs, validation_split=0.1, batch 32).

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

# Load data
data = load_breast_cancer()
X, y = data.data, data.target
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

# Model
model = Sequential([
    Dense(64, input_shape=(X.shape[1],), activation='relu'),
    Dropout(0.5),
    Dense(32, activation='relu'),
    Dense(1, activation='sigmoid')
])

model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=20, validation_split=0.1, batch_size=32)
