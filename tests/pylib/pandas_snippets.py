# Snippets of pandas as tutorials use it, which nnc and CPython with Debian's pandas must print
# identically (test_modules.c runs both on each part). Each part writes the CSV it reads.
# ---- read_csv_header
import pandas as pd
with open('t.csv', 'w') as f:
    f.write('a,b,c\n1,2.5,3\n4,5.5,6\n7,,9\n10,11.5,NA\n')
df = pd.read_csv('t.csv')
print(df.shape, list(df.columns), len(df))
print(df.values)
print(df['a'].dtype, df['b'].dtype, df['c'].dtype)
print(df.head(2).values, df.tail(1).values, df.head(-3).shape, df.tail(10).shape)
print(df[['c', 'a']].to_numpy())
# ---- read_csv_no_header
import pandas as pd
with open('iris.data', 'w') as f:
    f.write('5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n\n6.3,3.3,6.0,2.5,2\n')
dataframe = pd.read_csv('iris.data', header=None)
dataset = dataframe.values
print(dataset.shape, dataset.dtype)
X = dataset[:, 0:4].astype(float)
print(X, list(dataframe.columns))
# ---- read_csv_options
import pandas as pd
with open('m.txt', 'w') as f:
    f.write('18.0 8 ? 3504\n15.0 8 165.0 3693\n?  4 97.0 2130\n')
column_names = ['MPG', 'Cylinders', 'Horsepower', 'Weight']
d = pd.read_csv('m.txt', names=column_names, na_values='?', sep=' ', skipinitialspace=True)
print(d.shape, list(d.columns), d.values)
d = pd.read_csv('m.txt', names=column_names, na_values=['?'], sep=' ', usecols=['MPG', 'Weight'],
                skipinitialspace=True)
print(d.values, list(d.columns))
with open('i.csv', 'w') as f:
    f.write('id,x,y\n7,0.5,1\n8,0.25,0\n')
d = pd.read_csv('i.csv', index_col=0)
print(d.shape, list(d.columns), d.values)
d = pd.read_csv('i.csv', usecols=[0, 2])
print(list(d.columns), d.values)
# ---- printed_as_pandas_prints
import numpy as np
import pandas as pd
with open('t.csv', 'w') as f:
    f.write('a,b,c\n1,2.5,3\n4,5.5,6\n7,,9\n10,11.5,NA\n')
df = pd.read_csv('t.csv')
print(df)
print(df.describe())
print(df.isnull().sum())
print(df.isna())
print(df.head(2))
print(df.tail(2))
print(df.sum())
print(pd.DataFrame(np.arange(200).reshape(100, 2)))
print(pd.DataFrame({'x': [1e-7, 2.0], 'long name': [-1.25, 3.0]}).describe())
# ---- iloc_loc_fillna
import pandas as pd
with open('t.csv', 'w') as f:
    f.write('a,b,c\n1,2.5,3\n4,5.5,6\n7,,9\n10,11.5,NA\n')
df = pd.read_csv('t.csv')
print(df.iloc[:, 0:2])
print(df.iloc[1:3, [0, 2]].values)
print(df.iloc[:, -1].values, df.iloc[2, 0], df.iloc[1].values)
print(df.loc[1:2, ['a', 'c']])
print(df.loc[:, 'b'].values)
print(df.fillna(0))
print(df.fillna(-1).values)
X = df.iloc[:, 0:2].values
print(X.shape)
print(df.iloc[:, 1])
print(df.iloc[2])
print(df.loc[1:2, 'c'])
