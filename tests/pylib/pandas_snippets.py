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
# ---- text_columns
import pandas as pd
with open('iris.csv', 'w') as f:
    f.write('sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n'
            '4.9,1.4,setosa\n5.0,,\n5.9,5.1,"virginica"\n')
df = pd.read_csv('iris.csv')
print(df)
print(df.dtypes)
print(df['species'])
print(df.head(3), df.tail(2))
print(df.describe())
print(df.isnull().sum())
print(df.iloc[:, 2])
print(df.iloc[1:4, 0:2].values)
print(df.loc[2:3, ['species', 'petal']])
print(df[df['species'] == 'setosa'])
print(df[df['sepal'] > 5.5]['species'])
print(df.fillna('unknown').tail(2))
print(df['species'].map({'setosa': 0, 'versicolor': 1, 'virginica': 2}))
print(df['species'].map({'setosa': 0, 'versicolor': 1, 'virginica': 2, float('nan'): 3}).dtype)
print(df['petal'].map(lambda v: v * 10))
from sklearn.preprocessing import LabelEncoder
enc = LabelEncoder()
print(enc.fit_transform(df.fillna('none')['species']), list(enc.classes_))
# ---- value_counts
import pandas as pd
with open('c.csv', 'w') as f:
    f.write('label,x,kind\n1,0.5,b\n0,0.25,a\n1,0.5,b\n1,1.0,c\n0,0.75,b\n1,,a\n')
df = pd.read_csv('c.csv')
print(df['label'].value_counts())
print(df['kind'].value_counts())
print(df['x'].value_counts())
print(df['kind'].value_counts(normalize=True))
print(df['label'].value_counts(ascending=True))
print(df['label'].value_counts()[1], df['kind'].value_counts()['b'], len(df['kind'].value_counts()))
print(df['label'].unique(), df['x'].unique(), df['kind'].unique(), repr(df.kind.unique()))
print(df.x.sum(), list(df.kind.value_counts().index), df.label.iloc[-1])
print(df['x'].mean(), df['x'].std(), df['x'].sum(), df['x'].min(), df['x'].max(), df['x'].var())
print(df['label'].mean(), df['label'].std(), df['label'].sum(), df['label'].dtype)
print(df['x'] * 2)
print(-df['label'] + 1)
print(df['x'].isnull())
print(df['label'][2], df['kind'][0], df['label'][1:3], df['label'].shape, df['label'].tolist())
# ---- get_dummies
import pandas as pd
with open('d.csv', 'w') as f:
    f.write('mpg,origin,cyl,color\n18.0,1,8,red\n15.0,3,8,blue\n24.0,2,4,red\n27.0,3,4,\n')
df = pd.read_csv('d.csv')
print(pd.get_dummies(df))
print(pd.get_dummies(df['color']))
print(pd.get_dummies(df['origin'], prefix='origin'))
print(pd.get_dummies(df, columns=['cyl', 'color'], drop_first=True))
print(pd.get_dummies(df['color'], dtype=float))
df['origin'] = df['origin'].map({1: 'USA', 2: 'Europe', 3: 'Japan'})
d = pd.get_dummies(df, prefix='', prefix_sep='')
print(d, d.dtypes, d.shape)
print(list(pd.get_dummies(df, prefix=['o', 'c']).columns))
# ---- info_and_drop
import pandas as pd
with open('iris.csv', 'w') as f:
    f.write('sepal,petal,species,n\n5.1,1.4,setosa,1\n7.0,4.7,versicolor,2\n6.3,6.0,virginica,3\n'
            '4.9,1.4,setosa,4\n5.0,,,5\n')
df = pd.read_csv('iris.csv')
df.info()
df['flag'] = df['n'] > 2
df.info()
pd.read_csv('iris.csv', usecols=['sepal', 'n']).info()
d = df.drop([0, 2])
print(d)
d.info()
print(d.head(2), d.iloc[1:], d['petal'])
print(df.drop(index=4).shape, df.drop(columns=['species']).shape, list(df.drop('n', axis=1).columns))
print(df.drop(1, axis=0).describe())
try:
    df.drop([9])
except KeyError as e:
    print('KeyError', e)
print(d.iloc[:, 0], d.iloc[[0, 2], 1])
print(df.loc[df['n'] > 2, 'sepal'], df[df['n'] > 2].iloc[:, 2])
# ---- dropna_fillna
import pandas as pd
with open('g.csv', 'w') as f:
    f.write('mpg,hp,origin\n18.0,130,USA\n15.0,,Japan\n,,\n24.0,95,\n27.0,88,Europe\n')
df = pd.read_csv('g.csv')
print(df.dropna())
print(df.dropna(how='all'), df.dropna(subset=['hp']).shape)
print(df['hp'].fillna(df['hp'].mean()))
print(df['origin'].fillna('unknown'), df['origin'].dropna())
print(df['mpg'].dropna().values, df.dropna().isna().sum())
df['hp'] = df['hp'].fillna(0)
print(df, df.dtypes)
# ---- object_arrays
# Brownlee's iris and sonar tutorials: values of a frame mixing numbers and text
import numpy
import pandas
from sklearn.preprocessing import LabelEncoder
with open('iris.data', 'w') as f:
    for i in range(40):
        f.write('%.1f,%.1f,%d,0.2,Iris-%s\n' % (4 + i / 10, 3 - i / 20, i, ['setosa', 'versicolor',
                                                                          'virginica'][i % 3]))
dataframe = pandas.read_csv("iris.data", header=None)
dataset = dataframe.values
print(type(dataset).__name__, dataset.shape, dataset.dtype, dataset.ndim, dataset.size, len(dataset))
print(repr(dataset[:3]))
print(dataset[:4])
print(dataset)
X = dataset[:, 0:4].astype(float)
Y = dataset[:, 4]
print(repr(X[:2]), X.dtype, X.shape)
print(repr(Y[:5]), Y.shape)
print(repr(Y))
print(Y)
encoder = LabelEncoder()
encoder.fit(Y)
encoded_Y = encoder.transform(Y)
print(encoded_Y, encoder.classes_, repr(encoder.classes_))
print(repr(encoder.inverse_transform([0, 2])))
print(dataset[0], dataset[0, 4], dataset[-1, -1], dataset[1][2], type(dataset[1, 2]).__name__)
print((Y == 'Iris-setosa').sum(), (Y != 'Iris-setosa').sum())
print(dataset[[0, 5], 4:], dataset[:2].tolist(), dataset[::-13, 1])
for row in dataset[:2]:
    print(row)
print(dataset[:, 2:4].astype(int)[:2], dataset[:, 2].astype('int32').dtype)
print(numpy.array(dataset[:, :4], dtype=float)[:1], numpy.mean(dataset[:, 0:2].astype(float), axis=0))
print(repr(dataframe[4].values[:3]), dataframe[4].to_numpy().shape, dataset.T.shape)
print(dataset[:2].astype(str), dataset[0].copy(), dataset[:2, 3:].ravel())
for bad in [lambda: dataset.astype(float), lambda: dataset[:, 4].astype(int),
            lambda: dataset[50], lambda: dataset[0, 1, 2]]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(repr(dataframe[4].values[:0]), repr(dataset[3:3, 4]))
# ---- loc_labels
# loc takes labels: after a drop or a mask they are not the positions any more
import pandas as pd
with open('i.csv', 'w') as f:
    f.write('id,x,y,name\n7,0.5,1,ab\n8,0.25,0,c\n12,1.5,3,dd\n14,2.5,4,e\n')
d3 = pd.read_csv('i.csv')
d4 = d3.drop([0])
print(d4.loc[1])
print(d4.loc[1:2])
print(d4.loc[d4['x'] > 0.3])
print(d4.loc[[3, 1], 'x'])
print(d4.loc[2, 'name'], d4.loc[1:, ['x', 'y']])
print(d3.loc[2:0:-1])
print(d3.loc[::2, 'y'], d3.loc[[True, False, True, False]])
d5 = d3[d3['y'] > 0]
print(d5.loc[2], d5.loc[0:2, 'id'], d5.loc[3, 'x'])
print(d4.loc[0:1], d4.loc[5:9].shape, d4.loc[:1.5, 'x'], d4.loc[2:], d4.loc[:2])
for bad in [lambda: d4.loc[0], lambda: d4.loc[0, 'x'], lambda: d4.loc[[0]]]:
    try:
        bad()
    except KeyError:
        print('KeyError')
# ---- index_col
# read_csv(index_col=) labels the rows with that column, which loc then takes
import pandas as pd
with open('i.csv', 'w') as f:
    f.write('id,x,y,name\n7,0.5,1,ab\n8,0.25,0,c\n12,1.5,3,dd\n')
d = pd.read_csv('i.csv', index_col=0)
print(d)
print(d.loc[8])
print(d.loc[8, 'x'])
print(d.loc[7:8])
print(d.values, d.shape, list(d.columns))
print(d.iloc[0])
print(d.head(2))
print(d[d['y'] > 0])
print(d.drop(8))
d2 = pd.read_csv('i.csv', index_col='name')
print(d2)
print(d2.loc['c'])
print(d2.loc['ab':'c', 'y'].values, d2.loc['ab':'c'])
print(d2.loc[['dd', 'ab']], d2.loc[d2['x'] > 1])
with open('n.csv', 'w') as f:
    f.write('1,2.5,a\n2,3.5,b\n')
d3 = pd.read_csv('n.csv', header=None, index_col=0)
print(d3, d3.loc[2])
print(pd.read_csv('i.csv', index_col=False).shape)
try:
    pd.read_csv('i.csv', index_col='nope')
except ValueError as e:
    print('ValueError', str(e).endswith("Index nope invalid"))
# ---- sample_and_index
# 23's split: train = dataset.sample(frac=0.8, random_state=0), test = dataset.drop(train.index)
# (which rows numpy's stream picks is numpy_snippets' concern; here what the split keeps)
import pandas as pd
with open('s.csv', 'w') as f:
    f.write('a,b\n' + ''.join('%d,%d\n' % (i, i * i) for i in range(10)))
dataset = pd.read_csv('s.csv')
print(list(dataset.index))
train_dataset = dataset.sample(frac=0.8, random_state=0)
test_dataset = dataset.drop(train_dataset.index)
print(train_dataset.shape, test_dataset.shape, sorted(list(train_dataset.index) + list(test_dataset.index)))
print(all(train_dataset['b'] == train_dataset['a'] * train_dataset['a']))
print(list(dataset.sample(frac=0.5, random_state=3).index) == list(dataset.sample(frac=0.5, random_state=3).index))
print(dataset.sample(n=4, random_state=1).shape, dataset.sample(random_state=2).shape, dataset.sample(frac=0).shape)
print(sorted(dataset.sample(frac=1, random_state=5)['a']))
for bad in [lambda: dataset.sample(n=11), lambda: dataset.sample(n=2, frac=0.5)]:
    try:
        bad()
    except ValueError as e:
        print('ValueError', e)
# ---- series_head_tail
import pandas as pd
with open('s.csv', 'w') as f:
    f.write('t,b\n1.5,x\n2,y\n3,z\n4,u\n5,v\n6,w\n7,q\n')
df = pd.read_csv('s.csv')
s = df['t']
print(s.head(), s.tail(2), s.head(-5), s.tail(-5), s.tail(10))
print(df['b'].tail(2), df.iloc[:, 0].head(1), s[s > 2].head(2))
print(s.head(0), s[s > 100], df['b'][s > 100], [df['b'].tail(0)])
# ---- series_constructor_and_indexers
import numpy as np
import pandas as pd
s = pd.Series([3, 1, 4, 1, 5])
print(s)
print(pd.Series([0.5, 2.25], index=['a', 'b'], name='w'))
d = pd.Series({'cat': 3, 'dog': 5, 'bird': 1}, name='pets')
print(d)
print(d['dog'], d.iloc[0], d.iloc[-1], d.loc['bird'])
print(d.iloc[1:])
print(d.iloc[[0, 2]])
print(d.loc[['bird', 'cat']])
t = pd.Series(['setosa', 'virginica', 'setosa'])
print(t, t.value_counts(), t.iloc[1])
a = pd.Series(np.arange(4) * 1.5, index=[10, 20, 30, 40])
print(a, a.iloc[2], a.loc[20], a.iloc[:2], a.mean())
print(s.iloc[s.values > 2])
print(pd.Series(s, name='copy').tail(2))
for bad in (lambda: pd.Series([1, 2], index=['a']), lambda: pd.Series(np.eye(2))):
    try:
        bad()
    except ValueError as e:
        print('ValueError:', e)
try:
    d.loc['fish']
except KeyError as e:
    print('KeyError:', e)
df = pd.DataFrame({'x': [1, 2, 3]})
print(df['x'].iloc[-1], df['x'].iloc[0:2])
# ---- negative_numbers_printed
import numpy as np
import pandas as pd
print(pd.Series([2, -10, 0]), pd.Series([np.nan, -0.5]), pd.Series(['-a', 'b']))
print(pd.DataFrame({'i': [1, -20], 'f': [-1.5, np.nan], 'b': [True, False], 't': ['x', '-y']}))
print(pd.DataFrame({'a': [0.25, -1.0], 'long name': [-3, 4]}))
# ---- corr_and_sort_values
import numpy as np
import pandas as pd
with open('c.csv', 'w') as f:
    f.write('x,y,z,target\n1,2.5,0,3\n2,,1,5\n3,7,0,4\n4,8.5,1,\n5,9,1,11\n6,14,0,12\n'
            '7,15.5,1,13\n')
df = pd.read_csv('c.csv')
df['big'] = df['x'] > 3
print(df.corr())
corr = df.corr()['target'].sort_values(ascending=False)
print(corr)
print(corr.head(3))
print(df.corr()['y'].tolist(), df.corr()['target'].tolist())
# pandas' Series.corr calls numpy.corrcoef, whose BLAS sums may round the last bit otherwise
print([round(df[a].corr(df[b]), 14) for a, b in (('x', 'y'), ('y', 'target'), ('big', 'x'))])
print(df['z'].corr(df['z'] * 0), df['x'].corr(df['y'], min_periods=7))
print(df.sort_values('y'))
print(df.sort_values(by=['target'], ascending=[False], ignore_index=True).head(3))
t = pd.Series([3.0, np.nan, 1.0, 3.0, 2.0, np.nan, 1.0], index=list('abcdefg'), name='t')
print(t.sort_values(), t.sort_values(ascending=False))
print(t.sort_values(na_position='first', ignore_index=True))
print(pd.Series([2, 1, 2, 0]).sort_values(ascending=False), pd.Series([True, False]).sort_values())
print(pd.Series(['pear', 'apple', 'fig', np.nan, 'apple']).sort_values())
print(t.sort_index(ascending=False), list(t.sort_values().sort_index().index))
print(corr.sort_index(), t.idxmax(), t.idxmin(), corr.idxmin(), t.idxmax(skipna=False))
text = pd.DataFrame({'a': [1.0, 2.0, 4.0], 'name': ['u', 'v', 'w'], 'b': [2, 1, 1]})
print(text.corr(numeric_only=True))
m = pd.DataFrame({'a': [1.0, 2.0, 3.0, 5.0], 'b': [2.0, np.nan, 1.0, 0.5],
                  'c': [1.0, 4.0, np.nan, 2.0]})
print(m.corr(min_periods=3), m.corr())
print(m.corr()['b'].sort_values())
for bad in (lambda: text.corr(numeric_only=False), lambda: df.corr(method='pearsn'),
            lambda: t.sort_values(na_position='middle')):
    try:
        bad()
    except ValueError as e:
        print('ValueError:', e)
# ---- loc_assignment
import numpy as np
import pandas as pd
# the cleaning step of the diabetes tutorials: zeros that mean "missing" become NaN, then the mean
df = pd.DataFrame({'Glucose': [148, 0, 183, 0, 137], 'BMI': [33.6, 26.6, 0.0, 28.1, 43.1],
                   'Outcome': [True, False, True, False, True], 'name': ['a', 'b', 'c', 'd', 'e']})
g = df['Glucose']
df.loc[df['Glucose'] == 0, 'Glucose'] = np.nan
df.loc[2, 'BMI'] = 25.0
df.iloc[0, 1] = 1.5
df.loc[df.BMI > 40, 'BMI'] = 40
df.loc[[1, 3], 'Outcome'] = True
df.iloc[1:3, 0] = 99
print(df)
print(df.dtypes)
print(g.tolist())
df['Glucose'] = df['Glucose'].fillna(df['Glucose'].mean())
print(df['Glucose'].tolist())
# ---- transpose
import numpy as np
import pandas as pd
df = pd.DataFrame({'a': [1, 2, 3], 'b': [1.5, 2.5, np.nan], 'c': [7, 8, 9]})
print(df.describe().T[['count', 'mean', 'std', 'min']])
print(df.T, df.T.dtypes)
t = df[df.a > 1].T
df['d'] = 1
print(t, list(t.index), list(t.columns), df.transpose().shape)
print(pd.DataFrame({'x': [True, False], 'y': [False, False]}).T)
print(pd.DataFrame({'i': [1, 2], 'j': [3, 4]}).T.dtypes)
# ---- frame_reductions
import numpy as np
import pandas as pd
df = pd.DataFrame({'age': [21, 35, 35, 50, 62], 'bmi': [22.5, np.nan, 31.0, 27.25, 22.5],
                   'sick': [False, True, True, False, True]})
for fn in ('sum', 'mean', 'median', 'std', 'var', 'count', 'nunique'):
    print(fn, getattr(df, fn)())
print(df[['age', 'bmi']].min(), df[['age', 'bmi']].max(), df[['age']].max())
print(df.isnull().sum(), df[['sick']].min(), df.mean(axis=0))
print(df['bmi'].median(), df['bmi'].count(), df['bmi'].nunique(), df['bmi'].nunique(dropna=False))
t = pd.DataFrame({'city': ['Oslo', 'Rome', 'Oslo', None], 'n': [1, 2, 3, 4]})
print(t.count(), t.nunique(), t.mean(numeric_only=True), t.sum(numeric_only=True))
print(pd.DataFrame({'a': [np.nan, np.nan]}).median(), pd.DataFrame({'x': [1.5]}).std())
print(pd.DataFrame({'a': [np.nan, np.nan], 'b': [1.0, np.nan]}), t.isnull().sum())
# ---- duplicated
import numpy as np
import pandas as pd
df = pd.DataFrame({'a': [1, 2, 1, 1, np.nan, np.nan], 'b': ['x', 'y', 'x', 'z', None, np.nan],
                   'c': [0.5, 0.5, 0.5, 0.5, 1.0, 1.0]})
print(df.duplicated(), df.duplicated().sum())
print(df.duplicated(keep='last').tolist(), df.duplicated(keep=False).tolist())
print(df.duplicated(subset=['c']).tolist(), df.duplicated('a').tolist())
print(df.drop_duplicates())
print(df.drop_duplicates(subset='c', keep='last'))
print(df[df.c > 0.5].duplicated())
print(df['a'].duplicated(), df['b'].duplicated(keep=False).sum())
print(df[df.a.isnull()], df[df.a.isnull()].dtypes)
# ---- groupby
import numpy as np
import pandas as pd
df = pd.DataFrame({'Outcome': [1, 0, 1, 0, 1, 0, np.nan], 'Age': [50, 31, 32, 21, 33, 30, 40],
                   'BMI': [33.6, 26.6, 23.3, 28.1, np.nan, 25.6, 30.0],
                   'sex': ['f', 'm', 'm', 'f', 'f', 'm', 'f']})
print(df.groupby('Outcome').mean(numeric_only=True))
print(df.groupby('Outcome')[['Age', 'BMI']].median())
print(df.groupby('Outcome')['Age'].mean())
print(df.groupby('sex').size())
print(df.groupby('sex')['BMI'].count(), df.groupby('sex').count())
print(df.groupby('sex', sort=False)[['Age']].max(), df.groupby(['sex'])['Age'].std())
print(df.groupby('sex').nunique(), df.groupby('Outcome')['Age'].min().tolist())
print(df.groupby('sex')[['Age', 'BMI']].sum(), df.groupby('sex')['Age'].var())
# ---- groupby_agg
# agg by name, by a list of names on one column and by a dict; labels kept through sorts
import pandas as pd
df = pd.DataFrame({'team': ['a', 'b', 'a', 'c', 'b', 'a'], 'pts': [3, 5, 1, 7, 2, 4],
                   'reb': [1.5, 2, 3, 4, 5, 6], 'name': ['x', 'y', 'z', 'x', 'y', 'w']})
print(df.groupby('team').agg({'pts': 'mean', 'reb': 'max'}))
print(df.groupby('team').agg({'reb': 'std', 'name': 'nunique'}))
print(df.groupby('team')['reb'].agg('sum'), df.groupby('team')[['pts', 'reb']].aggregate('median'))
print(df.groupby('team')['pts'].agg(['count', 'min', 'max', 'std']).sort_values('count'))
s = df.groupby('team')['reb'].mean().sort_values(ascending=False)
print(s.head(2), s.tail(1), s.round(1), (s - 4).abs(), abs(s - 4) > 1)
# ---- round_abs
import pandas as pd
df = pd.DataFrame({'pts': [3, 5, 1, 7, 2, 4], 'reb': [1.5, -2.25, 3, 4, 5.125, 6],
                   'name': list('uvwxyz')})
print(df.describe().round(2), df.round(1), df.round())
print(df['reb'].abs(), abs(df[['pts', 'reb']]).max(), df[['reb']].abs().sum())
# ---- series_drop
import pandas as pd
# the correlations with the target, without the target's own
df = pd.DataFrame({'a': [1, 2, 3, 4], 'b': [4, 1, 3, 2], 'y': [1, 2, 4, 4]})
print(df.corr()['y'].drop('y').sort_values(ascending=False))
print(pd.Series([5, 6, 7]).drop([0, 2]), df['a'].drop(index=None, labels=3).tolist())
# ---- describe_as_nanops
import numpy as np
import pandas as pd
# centred features (sklearn's load_diabetes): a mean near 0 shows every digit of the sum
rng = np.random.default_rng(11)
x = rng.normal(size=3000)
x -= x.mean()
y = rng.normal(5, 2, 3000)
y[[7, 100, 2500]] = np.nan
df = pd.DataFrame({'x': x, 'y': y, 'n': rng.integers(0, 1000, 3000)})
print(df.describe().T[['count', 'mean', 'std', 'min']])
print(df.describe())
# ---- wide_frames
# wider than 80 characters: the first and last columns around dots, as pandas fits them
import numpy as np
import pandas as pd
rng = np.random.default_rng(2)
df = pd.DataFrame(rng.normal(size=(8, 30)), columns=['feature_%d' % i for i in range(30)])
print(df.head())
print(df.describe())
print(df.iloc[:, :9].head(3))
print(df.iloc[:, :7].head(3))
t = pd.DataFrame({'name': ['a' * 30, 'b'], 'x': [1, 2], 'long_column_name_here': [1.5, 2.5], 'y': [3, 4], 'zzzzzzzzzzzzzzzzzzzz': [0.1, 0.2]})
print(t)
print(df.iloc[:70, :12] if len(df) > 70 else pd.DataFrame(rng.normal(size=(70, 12))))
g = pd.DataFrame({'k': [0, 1, 0], **{'col%d' % i: [1.0, 2.0, 3.0] for i in range(12)}})
print(g.groupby('k').mean())
rng = np.random.default_rng(2)
print(pd.DataFrame(rng.normal(size=(70, 3))).head(3))
print(pd.DataFrame(rng.normal(size=(70, 3))))
print(pd.DataFrame(rng.normal(size=(5, 30))))
rng = np.random.default_rng(2)
print(pd.DataFrame(rng.integers(0, 10, size=(3, 40))))
print(pd.DataFrame(rng.integers(-100000, 100000, size=(3, 30))))
print(pd.DataFrame(rng.normal(size=(3, 30)), columns=[10 * i for i in range(30)]))
# ---- frame_idxmax
# A table of class probabilities to predicted classes, and each column's extreme's label.
import numpy as np
import pandas as pd
probs = pd.DataFrame([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [np.nan, 0.4, 0.4], [np.nan, np.nan, np.nan]],
                     columns=['Adelie', 'Chinstrap', 'Gentoo'])
print(probs.idxmax(axis='columns'))
print(probs.idxmin(axis=1))
print(probs.idxmax(axis=1, skipna=False))
print(probs.idxmax())
named = pd.DataFrame({'a': [3, 9, 1, 4], 'b': [7, 2, 8, 5]})
named = named[named['a'] != 9]   # rows labelled 0, 2, 3
print(named.idxmax(axis=1))
print(named.idxmin())
# ---- frame_with_index
# index= labels the rows (a confusion matrix named by its classes).
import numpy as np
import pandas as pd
cm = np.array([[5, 1], [2, 7]])
df = pd.DataFrame(cm, index=['cat', 'dog'], columns=['cat', 'dog'])
print(df)
print(df.loc['dog'])
print(df.idxmax(axis=1))
d2 = pd.DataFrame({'a': [1, 2, 3]}, index=[10, 20, 30])
print(d2)
print(d2.loc[20])
try:
    pd.DataFrame({'a': [1, 2, 3]}, index=[1, 2])
except ValueError as e:
    print('ValueError:', e)
# ---- index_objects
# df.columns and df.index are pandas Index objects: printed as pandas prints them, read as
# sequences, with .values, .name (which names the frame's axis), tolist() and the set methods
import numpy as np
import pandas as pd
print(repr(pd.Index(['Adelie', 'Chinstrap', 'Gentoo'])))
df = pd.DataFrame({'sepal length (cm)': [1], 'sepal width (cm)': [2], 'petal length (cm)': [3],
                   'petal width (cm)': [4], 'target': [0]})
print(repr(df.columns))
print(df.index)
print(df.columns.values, df.columns.tolist())
print(pd.Index([1, 2, 3], name='x'), pd.Index([1.5, 2.0]), pd.Index([True, False]))
print(pd.DataFrame(np.zeros((3, 40)), columns=['col_%d' % i for i in range(40)]).columns)
print(pd.DataFrame(np.zeros((300, 2))).index)
print(pd.DataFrame(np.zeros((300, 2))).drop([3]).index)
print(pd.Index(list(range(100, 1100))))
print(pd.Index(['w%d' % i for i in range(150)]))
print(pd.Index([]), pd.Index([7]), pd.Index(['a', 'b', 'c'], name='letters'))
print(pd.Index(['a', 'b'])[[True, False]], pd.Index(['a', 'b']) == 'a', pd.Index(['a', 'b']).name)
print(pd.Index([0.1, 2.0, 1e20]), pd.Index(['a', 1, 2.5]), pd.Index(['x' * 90, 'y', 'z']))
print(pd.Index(['é%d' % i for i in range(30)], name=3), pd.Index([-5, 100000, 3] * 40))
print(pd.Index(['x'] * 12 + ['yyyyyyyyy']))   # the last label wraps two columns early
rows = pd.DataFrame(np.zeros((20, 2))).index
print(rows[::2], rows[5:], rows[::-3], rows[[1, 3]], pd.Index([1, 2, 3]) == [1, 5, 3])
s = pd.Series([3, 1, 2], index=['a', 'b', 'c'])
s.index.name = 'letters'
print(s.index, s.sort_values().index, s)
# the penguins lesson names a confusion matrix's axes
species = ['Adelie', 'Chinstrap', 'Gentoo']
cm = pd.DataFrame([[22, 0, 0], [1, 13, 0], [0, 0, 22]], index=species, columns=species)
cm.index.name = 'True Label'
cm.columns.name = 'Predicted Label'
print(cm)
print(cm.head(2))
print(cm.index, cm.T)
d = pd.DataFrame({'a': [1.5, 2], 'b': [3, 4]})
d.columns.name = 'cols'
print(d)
d.index.name = 'rows'
print(d, d[['b']], d['a'], d.b * 2)   # a column keeps the index's name
print(d.columns.drop('a'), d.columns.isin(['b']), d.columns.get_loc('b'), d.columns.difference(['a']))
print(list(d.columns), len(d.columns), 'a' in d.columns, d.columns[0], d.columns[-1:])
print(d.columns.dtype, d.index.dtype, d.columns.shape, d.columns.size, d.columns.empty)
d.columns = ['x', 'y']
print(d, d.columns)
d.index = ['p', 'q']
print(d)
print(d[d.columns[1:]], pd.DataFrame(np.eye(2), columns=d.columns))
print(cm.index.unique(), cm.columns.rename('z'), cm.columns != 'Gentoo')
print(' '.join(c for c in cm.columns), cm.columns.to_list(), cm.columns.to_numpy())
def rename_in_place():
    d.columns[0] = 'z'
for bad in (lambda: d.columns.get_loc('nope'), lambda: d.columns.drop('nope'),
            lambda: setattr(d, 'columns', ['only']), rename_in_place):
    try:
        bad()
    except (KeyError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
# ---- from_dict
# the weather lesson's history_df = pd.DataFrame.from_dict(history.history); rows by orient
import pandas as pd
h = {'loss': [0.5, 0.25, 0.125], 'root_mean_squared_error': [0.7, 0.5, 0.35]}
print(pd.DataFrame.from_dict(h))
print(pd.DataFrame.from_dict({'r1': [1, 2], 'r2': [3, 4]}, orient='index'))
print(pd.DataFrame.from_dict({'r1': [1, 2], 'r2': [3, 4]}, orient='index', columns=['a', 'b']))
try:
    pd.DataFrame.from_dict(h, columns=['x'])
except ValueError as e:
    print(e)
# ---- concat_and_isnull
# the wine tutorial's wines = pd.concat([red, white], ignore_index=True), pd.isnull(red),
# np.append; frames under one another (columns united), Series, and side by side
import numpy as np
import pandas as pd
red = pd.DataFrame({'alcohol': [9.4, 9.8], 'quality': [5, 6]})
white = pd.DataFrame({'alcohol': [8.8, 9.5, 10.1], 'quality': [6, 6, 7]})
red['type'] = 1
white['type'] = 0
wines = pd.concat([red, white], ignore_index=True)
print(wines, wines.shape)
print(pd.concat([red, white]))
print(pd.concat([red, white]).index)
print(pd.concat([red, white.drop(columns=['type'])]))
print(pd.concat([red, white.drop(columns=['type'])], join='inner'))
a = pd.DataFrame({'name': ['x', 'y'], 'v': [1, 2]})
b = pd.DataFrame({'v': [3.5], 'w': [True]})
print(pd.concat([a, b], ignore_index=True))
print(pd.concat([red['alcohol'], white['alcohol']], ignore_index=True))
print(pd.concat([red['alcohol'], white['quality']]))
print(pd.concat([red, pd.Series([1.5, 2.5], name='double'), pd.Series([7, 8])], axis=1))
print(pd.concat([red, white.iloc[:2]], axis=1, ignore_index=True))
print(pd.isnull(red).sum(), pd.isna(np.array([1.0, np.nan])), pd.notna([1, None, 'a']), pd.isnull(None), pd.isnull(3.0), pd.notnull(np.nan))
print(red.notnull(), red['alcohol'].notna())
print(np.append([1, 2], [[3, 4]]), np.append(np.zeros((1, 2)), np.ones((2, 2)), axis=0))
import warnings
warnings.filterwarnings('ignore')   # append's FutureWarning: pandas 1.5 deprecates it
print(red.append(white, ignore_index=True), red['alcohol'].append(white['alcohol']))   # pandas 1.5
print(red.append([white, red]).shape)
for bad in (lambda: pd.concat([]), lambda: pd.concat([red, 3])):
    try:
        bad()
    except (ValueError, TypeError, NotImplementedError) as e:
        print(type(e).__name__, e)
# ---- rename_copy_reset_index
# columns renamed by a dict or a function, a copy that does not share, rows numbered anew
import pandas as pd
df = pd.DataFrame({'a': [1.5, 2.0, 3.0], 'b': [3, 4, 5], 't': ['x', 'y', 'z']})
print(df.rename(columns={'a': 'alpha', 'zz': 'q'}))
print(df.rename(columns=str.upper), df.rename(index={0: 'first'}))
print(df.rename(str.upper, axis='columns'), df.rename({1: 'one'}))
c = df.copy()
c.loc[0, 'a'] = 9.0
print(df, c)
r = df[df['b'] > 3]
print(r.reset_index(), r.reset_index(drop=True))
r2 = r.copy()
r2.index.name = 'row'
print(r2.reset_index())
r2.reset_index(drop=True, inplace=True)
print(r2)
r3 = r.copy()
print(r3.rename(columns={'b': 'beta'}, inplace=True), r3)
r3.reset_index(inplace=True)
print(r3)
for bad in (lambda: df.rename(columns={'zz': 'q'}, errors='raise'), lambda: r.reset_index().reset_index().reset_index()):
    try:
        bad()
    except (KeyError, ValueError) as e:
        print(type(e).__name__, e)
# ---- astype
# a column or a frame as another dtype: numbers cast, text parsed, values written as str
import pandas as pd, numpy as np
df = pd.DataFrame({'a': [1.5, 2.0, 3.0], 'b': [3, 4, 5]})
print(df['a'].astype(int))
print(df.astype('float32').dtypes)
print(df.astype({'b': float}))
print(df['b'].astype(str).tolist())
t = pd.DataFrame({'s': ['1.5', '2', '3.25'], 'f': [0.1, np.nan, 2.0], 'k': [True, False, True]})
print(t.astype({'s': float}), t['s'].astype(float) * 2)
print(t['f'].astype(str).tolist(), t['k'].astype(int), t.astype({'k': 'float64'}).dtypes)
try:
    t.astype({'zz': int})
except KeyError as e:
    print('KeyError', e)
# ---- set_index
# a column's values as the row labels (a weather table by its date), and back
import pandas as pd
df = pd.DataFrame({'date': ['d1', 'd2', 'd3'], 'temp': [1.5, 2.5, 3.0], 'rain': [0, 1, 0]})
print(df.set_index('date'))
print(df.set_index('temp', drop=False))
print(df.set_index('date').loc['d2'], df.set_index('date').index)
d = df.copy()
print(d.set_index('date', inplace=True), d, d.reset_index())
try:
    df.set_index('nope')
except KeyError as e:
    print('KeyError', e)
# ---- series_rename_to_frame
# a Series named anew or relabelled, and made a frame's column
import pandas as pd
df = pd.DataFrame({'a': [1.5, 2.5, 3.0], 'b': [1, 2, 3]}, index=['x', 'y', 'z'])
s = df['a']
print(s.rename('alpha'), s.rename({'x': 'ex'}), s.rename(str.upper))
print(s.to_frame(), s.rename('q').to_frame(), (s * 2).to_frame('twice'), pd.Series([1, 2]).to_frame())
print(pd.concat([df, (df['a'] * 2).rename('double')], axis=1))
# ---- pop_del_and_row_slices
import numpy as np
import pandas as pd
df = pd.DataFrame({'MPG': [18.0, 15.0, 36.0, 27.5], 'Cylinders': [8, 8, 4, 4],
                   'Weight': [3504.0, 3693.0, 2130.0, 2665.0]}, index=[3, 9, 1, 7])
features = df.copy()
labels = features.pop('MPG')
print(labels)
print(features)
print(list(df.columns), np.array(features[:1]), features[1:3])
del features['Weight']
print(features, list(features.columns))
try:
    features.pop('MPG')
except KeyError as err:
    print('KeyError', err)
# ---- frame_of_scalars_and_reflected_arithmetic
import numpy as np
import pandas as pd
results = {'horsepower_model': 3.65, 'linear_model': 2.49, 'dnn_model': 1.71}
print(pd.DataFrame(results, index=['Mean absolute error [MPG]']).T)
print(pd.DataFrame({'a': [1, 2, 3], 'b': 'x', 'c': 0.5}))
try:
    pd.DataFrame({'a': 1, 'b': 2})
except ValueError as err:
    print(err)
s = pd.Series([1.0, 2.0, 4.0], index=[3, 5, 7], name='MPG')
predictions = np.array([1.5, 1.5, 3.0])
print(predictions - s)
print(s - predictions, 10 - s, 2 ** s, 1 / s)
# ---- loc_repeated_label
# a label that several rows share picks them all (a frame concatenated with itself, a
# table indexed by a column of repeated values), while a label of one row stays a row
import pandas as pd
df = pd.DataFrame({'a': [1.5, 2.5, 3.0, 4.0], 'b': ['x', 'y', 'z', 'w']}, index=['p', 'q', 'p', 'r'])
print(df.loc['p'], df.loc['q'], df.loc['p', 'a'], df.loc['q', 'a'])
print(df.loc['p', ['a']], df.loc[['p', 'r']], df.loc[['r', 'p'], 'b'])
print(df['a'].loc['p'], df['a']['p'], df['a'].loc['q'], df['b']['r'])
s = pd.Series([1, 2, 3], index=[0, 1, 0])
print(s.loc[0], s[0], s.loc[1], s.loc[[1, 0]])
twice = pd.concat([df, df])
print(twice.loc['q'], len(twice.loc['p']), twice.loc['r', 'a'])
m = pd.DataFrame({'v': [1, 2, 3, 4]}, index=['a', 'b', 'b', 'c'])
print(m.loc['b':'c'], m.loc['a':'b'], m['v'].loc['b':])
for bad in (lambda: df.loc['p':'q'], lambda: df.loc['q':'p'], lambda: df.loc['zz'],
            lambda: df['a']['zz']):
    try:
        bad()
    except KeyError as e:
        print('KeyError', e)
# ---- replace
# values replaced as tutorials encode a column or mark '?' missing, with pandas' dtypes
import pandas as pd, numpy as np
sex = pd.Series(['male', 'female', 'male'], index=['a', 'b', 'c'], name='sex')
for r in (sex.replace({'male': 0, 'female': 1}), sex.replace({'male': 0, 'female': 1.5}),
          sex.replace({'male': 0}), sex.replace(['male', 'female'], [True, False]),
          sex.replace('zz', 1), pd.Series(['a', 'b', np.nan]).replace({'a': 1, 'b': 2}),
          pd.Series(['a', 'b', np.nan]).replace({'a': 1, 'b': 2, np.nan: 3}),
          pd.Series(['?', '?']).replace('?', np.nan), pd.Series(['?', 'x']).replace('?', None)):
    print(r, r.dtype)
n = pd.Series([1, 2, 3, 2])
for r in (n.replace(2, 20), n.replace(2, 2.5), n.replace(2, np.nan), n.replace(2, 'two'),
          n.replace([1, 2], [10, 20]), n.replace([1, 2], 0), n.replace({1: 2, 2: 3}),
          n.replace(2, 5.0), n.replace(True, 5), n.replace(1.0, 5), n.replace(2, True),
          pd.Series([1.0, np.nan, 3.0]).replace(np.nan, 0), pd.Series([1.5, 2.0]).replace(2, 'x'),
          pd.Series([True, False]).replace(True, 5), pd.Series([True, False]).replace(1, 5),
          pd.Series([True, False]).replace(True, False)):
    print(r.tolist(), r.dtype)
df = pd.DataFrame({'sex': ['male', 'female', '?'], 'age': [22, 38, 26],
                   'fare': [7.25, 71.3, np.nan], 'cls': ['1', '?', '3']})
print(df.replace('?', np.nan), df.replace('?', np.nan).dtypes)
print(df.replace({'sex': {'male': 0, 'female': 1}}), df.replace({'male': 0, 'female': 1, '?': -1}).dtypes)
print(df.replace({'age': 22, 'sex': 'male'}, 99), df.replace([22, 38], [1, 2]))
print(df.replace({'sex': {'male': 0}, 'age': {22: 0.5}, 'zz': {1: 2}}))
d = df.set_index('cls')
print(d.replace('?', 'x', inplace=True), d, df)
s = d['sex']
print(s.replace({'male': 0, 'female': 1, 'x': 2}, inplace=True), s, d.dtypes)
d['age'].replace(22, 10, inplace=True)
d.age.replace(38, 2.5, inplace=True)
alone = d['age'] * 1
print(alone.replace(10, 7, inplace=True), alone, d)
for bad in (lambda: n.replace([1, 2], [1]), lambda: n.replace({1: 2}, 3),
            lambda: df.replace({'sex': {'male': 0}, 'age': 1})):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
# ---- empty_frame
# a frame left without rows or columns prints its labels, as pandas prints it
import pandas as pd
df = pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}, index=[1.5, 2.5])
print(df.iloc[0:0], df[[]], pd.DataFrame({'a': range(70)})[[]], df[df['a'] > 5])
# ---- select_dtypes
# a table's number columns apart from its text ones, by a dtype's or a kind's name
import pandas as pd, numpy as np
df = pd.DataFrame({'a': [1, 2], 'b': [1.5, 2.5], 'c': ['x', 'y'], 'd': [True, False],
                   'e': np.array([1, 2], dtype=np.float32), 'f': np.array([1, 2], dtype=np.int32),
                   'g': np.array([1, 2], dtype=np.uint8)}, index=['p', 'q'])
for inc in ('number', np.number, 'object', object, 'O', 'float64', 'float', float, 'int64', 'int',
            int, 'bool', bool, np.bool_, ['int64', 'float64'], ('object', 'bool'), 'integer',
            np.integer, np.floating, 'floating', 'float32', np.float64, 'i8', 'f8', 'uint8'):
    print(list(df.select_dtypes(include=inc).columns))
for exc in ('number', 'object', ['bool', 'object'], 'category', 'datetime'):
    print(list(df.select_dtypes(exclude=exc).columns))
print(df.select_dtypes('number'), df.select_dtypes(include='number', exclude=['int64', 'uint8']))
print(df.select_dtypes('category'), df[['c']].select_dtypes(exclude='object'))
print(df.select_dtypes('number').mean(), df.select_dtypes(include=[np.number]).shape)
for bad in ({}, dict(include=[]), dict(include='str'), dict(include=str),
            dict(include='number', exclude='number'), dict(include='zzz'),
            dict(include=['int64', 'object'], exclude=['object'])):
    try:
        df.select_dtypes(**bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
# ---- to_csv
# a frame and a Series written as pandas writes them: to a file (predictions saved with
# index=False), to an open file, or returned as text
import pandas as pd, numpy as np
df = pd.DataFrame({'id': [1, 2, 3], 'p': [0.1, np.nan, 1e-5],
                   'f32': np.array([0.1, 2.5, 1 / 3], dtype=np.float32),
                   'name': ['a,b', 'say "hi"', np.nan], 'ok': [True, False, True],
                   'big': [1e16, 123456789.123, -0.0]})
print(df.to_csv(), df.to_csv(index=False), df.to_csv(header=False, sep=';'))
print(repr(df.to_csv(columns=['p', 'id'], na_rep='NA', float_format='%.2f', index_label='row')))
print(df.set_index('name').to_csv(), df.set_index('name').to_csv(index_label=False))
s = pd.Series([np.nan, 1.0, 0.5])
print(repr(s.to_csv()), repr(s.to_csv(index=False)), repr(pd.Series(['', 'a'], name='t').to_csv(index=False)))
print(repr(pd.Series([1, 2], name='p', index=pd.Index(['x', 'y'], name='k')).to_csv()))
print(repr(pd.DataFrame({'a': ['x\ny', ' q', ''], 'c,d': [1, 2, 3]}).to_csv(header=['u', 'v'])))
print(repr(pd.DataFrame({0: [np.inf], 1: [-np.inf]}).to_csv(sep='\t')))
print(df.to_csv('out.csv', index=False), open('out.csv').read())
df['p'].to_csv('p.csv')
pd.DataFrame({'id': [1, 2], 'pred': np.array([0.25, 0.7], dtype=np.float32)}).to_csv('sub.csv', index=False)
print(open('p.csv').read(), pd.read_csv('sub.csv'), pd.read_csv('sub.csv').dtypes)
with open('buf.csv', 'w') as f:
    df[['id']].to_csv(f)
print(open('buf.csv').read())
for bad in (dict(sep=';;'), dict(header=['x'])):
    try:
        df.to_csv(**bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
# ---- apply
# a function of each value, column or row, as tutorials derive a column or combine a row
import pandas as pd, numpy as np
df = pd.DataFrame({'a': [1, 2, 3], 'b': [1.5, np.nan, 3.5], 'c': ['x', 'y', 'z']},
                  index=['p', 'q', 'r'])
s = df['a']
for r in (s.apply(lambda v: v * 2), s.apply(lambda v: v / 2), df['c'].apply(str.upper),
          df['c'].apply(len), df['b'].apply(lambda v: v > 2), s.apply(np.sqrt),
          s.apply(lambda v: 'big' if v > 1 else 'small'), s.apply(lambda v: [v, v])):
    print(r, r.dtype)
def f(v, k, scale=1):
    return v * k * scale
print(s.apply(f, args=(3,), scale=2), s[s > 5].apply(abs))
num = df[['a', 'b']]
print(num.apply(lambda col: col.max() - col.min()), num.apply(lambda col: col * 2))
print(num.apply(lambda col: col.fillna(0)), df.apply(lambda col: col.dtype), df.apply(len))
print(df.apply(lambda row: str(row['a']) + row['c'], axis=1), df.apply(lambda row: row['a'] + 1, axis=1))
print(df.apply(lambda row: row['a'] * 2, axis='columns'), num.apply(lambda row: row.sum(), axis=1))
print(num.apply(lambda row: row * 10, axis=1), df[['c']].apply(lambda row: row, axis=1))
print(df.apply(lambda row: row.name, axis=1), num.apply(lambda col: col.name))
try:
    df.apply(len, axis=2)
except ValueError as e:
    print('ValueError', e)
# ---- inplace
# fillna, dropna and drop changing the frame itself, as tutorials clean the Titanic table
import pandas as pd, numpy as np
df = pd.DataFrame({'Age': [22.0, np.nan, 30.0], 'Cabin': ['C1', np.nan, 'E3'], 'n': [1, 2, 3]},
                  index=['a', 'b', 'c'])
age = df['Age']
print(age.fillna(age.mean(), inplace=True), df, age)
df['Cabin'].fillna('U', inplace=True)
df.n.fillna(0, inplace=True)
print(df, df.dtypes)
d = pd.DataFrame({'a': [1.0, np.nan], 'b': ['x', None]})
print(d.fillna(0, inplace=True), d)
d = pd.DataFrame({'a': [1.0, np.nan, 3.0], 'b': ['x', 'y', np.nan]}, index=['p', 'q', 'r'])
print(d.dropna(subset=['a'], inplace=True), d, d.dropna(inplace=False), d)
print(d.drop(columns=['b'], inplace=True), d)
d = pd.DataFrame({'a': [1.0, np.nan], 'b': ['x', 'y']})
print(d.drop('b', axis=1, inplace=True), d, d.drop(index=0))
d.drop(0, inplace=True)
d.reset_index(drop=True, inplace=True)
print(d, d.index)
# ---- to_csv_read_back
# a frame saved with its labels and read back: the labels' column is 'Unnamed: 0', and as
# index_col an unnamed index, as pandas reads it
import pandas as pd, numpy as np
df = pd.DataFrame({'a': [1.5, np.nan], 'b': [1, 2]}, index=['x', 'y'])
df.to_csv('rt.csv')
back = pd.read_csv('rt.csv')
print(back, back.dtypes, back.columns, pd.read_csv('rt.csv', index_col=0))
print(pd.read_csv('rt.csv', index_col='Unnamed: 0').index, pd.read_csv('rt.csv', usecols=['a']))
named = df.copy()
named.index.name = 'key'
named.to_csv('named.csv')
print(pd.read_csv('named.csv', index_col=0), pd.read_csv('named.csv').columns)
# ---- series_mode
import numpy as np
import pandas as pd
s = pd.Series(['S', 'C', None, 'S', 'Q', 'C', np.nan], name='Embarked')
print(s.mode(), s.mode()[0], s.fillna(s.mode()[0]).tolist())
print(pd.Series([3, 1, 3, 1, 2]).mode())
print(pd.Series([2.5, np.nan, 2.5, 1.0]).mode())
print(pd.Series([True, False, True]).mode())
# ---- get_dummies_in_columns_order
import pandas as pd
df = pd.DataFrame({'a': [1, 2], 'Pclass': [1, 3], 'Embarked': ['S', 'Q'], 'z': [0.5, 1.5]})
print(pd.get_dummies(df, columns=['Embarked', 'Pclass'], drop_first=True).columns.tolist())
print(pd.get_dummies(df, columns=['Embarked', 'Pclass']).columns.tolist())
# ---- set_columns_and_fill_per_column
import numpy as np
import pandas as pd
df = pd.DataFrame({'Glucose': [0, 148, 85], 'BMI': [33.6, 0.0, 26.6], 'Age': [50, 31, 32]})
cols = ['Glucose', 'BMI']
df[cols] = df[cols].replace(0, np.nan)
print(df)
df.fillna(df.median(), inplace=True)
print(df)
df[['Age', 'New']] = np.array([[1, 2], [3, 4], [5, 6]])
df[['Glucose', 'BMI']] = 0
print(df, df.dtypes)
try:
    df[['Age']] = df[['Glucose', 'BMI']]
except ValueError as err:
    print(err)
print([str(t) for t in df.fillna({'New': 0}).dtypes], pd.DataFrame({'a': [np.nan, 1.0], 'b': ['x', None]}).fillna({'a': 9, 'b': 'y'}))
# ---- groupby_as_index_false_and_series_reset_index
# the Titanic notebooks' survival rate by class, keys as a column; a Series' reset_index
import pandas as pd
df = pd.DataFrame({'Pclass': [3, 1, 3, 2, 3, 1, 2, 3], 'Survived': [0, 1, 1, 1, 0, 1, 0, 0],
                   'Sex': ['m', 'f', 'f', 'f', 'm', 'm', 'm', 'f'],
                   'Fare': [7.25, 71.3, 7.9, 30.1, 8.05, 51.9, 13.0, 9.5]})
print(df[['Pclass', 'Survived']].groupby(['Pclass'], as_index=False).mean()
      .sort_values(by='Survived', ascending=False))
print(df[['Sex', 'Survived']].groupby('Sex', as_index=False).mean())
print(df.groupby('Sex', as_index=False)['Fare'].median())
print(df.groupby('Sex', as_index=False).size())
print(df.groupby('Pclass', as_index=False).agg({'Fare': 'max', 'Survived': 'sum'}))
s = df.groupby('Pclass')['Fare'].mean()
print(s.reset_index())
print(s.reset_index(drop=True))
print(s.reset_index(name='avg'))
print(df['Sex'].value_counts().reset_index())
# ---- describe_include
# describe of the text columns (include='O'), of every column, of a frame of no numbers
import numpy as np
import pandas as pd
df = pd.DataFrame({'Fare': [7.25, 71.3, 7.9, np.nan, 8.05], 'Sex': ['m', 'f', 'f', 'm', 'm'],
                   'Cabin': [None, 'C85', None, 'C123', None], 'Alone': [True, False, True, True, False]})
print(df.describe())
print(df.describe(include=['O']))
print(df.describe(include='object'))
print(df.describe(include='all'))
print(df[['Sex', 'Alone']].describe())
print(df.describe(include='number').loc['mean'])
# ---- wide_frame_with_text_at_the_right
# a Titanic-like frame too wide for 80 columns: the text columns right of the dots take the
# header blank of the number columns at their places among those shown, as pandas 1.5 does
import numpy as np
import pandas as pd
df = pd.DataFrame({'PassengerId': [1, 2, 3], 'Survived': [0, 1, 1], 'Pclass': [3, 1, 3],
                   'Name': ['Braund, Mr. Owen', 'Cumings, Mrs. John', 'Heikkinen, Miss.'],
                   'Sex': ['male', 'female', 'female'], 'Age': [22.0, 38.0, 26.0],
                   'SibSp': [1, 1, 0], 'Parch': [0, 0, 0], 'Ticket': ['A/5 21171', 'PC 17599', 'STON/O2.'],
                   'Fare': [7.25, 71.2833, 7.925], 'Cabin': [np.nan, 'C85', np.nan],
                   'Embarked': ['S', 'C', 'S']})
print(df.head())
print(df.describe(include='all'))
