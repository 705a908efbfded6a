from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
model = Sequential([Dense(units=-1, activation='sigmoidd'), Dense("ten")])
model.compile(loss='nope', optimizer=3.5)
model.fit(X, epochs=1e99999)
print('unterminated
