from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
model = Sequential([
    Dense(units=3, activation='relu',
model.compile(loss='mse')
