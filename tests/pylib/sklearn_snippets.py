# Snippets of scikit-learn as the tutorial corpus uses it, which nnc and CPython with Debian's
# scikit-learn 1.2 must print identically (test_modules.c runs both on each part). Each part
# starts with "# ---- name"; only deterministic output: shuffled splits and noisy generators
# are checked by sizes and class counts (nnc's stream is not numpy's MT19937).
# ---- bundled
from sklearn.datasets import load_iris, load_wine, load_breast_cancer
from sklearn import datasets
iris = load_iris()
print(iris.data.shape, iris.data.dtype, iris.target.shape, iris['target'][:3], iris.target[-3:])
print(list(iris.target_names), iris.feature_names, iris.data[0], iris['data'][149])
X, y = load_wine(return_X_y=True)
print(X.shape, y[:3], X[0, :4], 'data' in datasets.load_wine().keys())
cancer = load_breast_cancer()
print(cancer.data.shape, cancer.feature_names[-1], list(cancer.target_names), cancer.target[:5])
# ---- generators
from sklearn.datasets import make_circles, make_moons
X, y = make_moons(n_samples=6, shuffle=False)
print(X.round(6), y, X.dtype, y.dtype)
X, y = make_circles(n_samples=5, shuffle=False, factor=0.5)
print(X.round(6), y)
X, y = make_circles(n_samples=200, noise=0.1, random_state=1)
print(X.shape, y.shape, (y == 1).sum(), abs(X).max() < 2)
X, y = make_moons(n_samples=7, noise=0.05)
print(X.shape, y.sum())
# ---- split
import numpy as np
from sklearn.model_selection import train_test_split
X = np.arange(20).reshape(10, 2)
y = np.arange(10)
a, b, c, d = train_test_split(X, y, shuffle=False, test_size=0.3)
print(a, b, c, d)
print([v.shape for v in train_test_split(X, y, test_size=0.25, random_state=0)])
print([v.shape for v in train_test_split(X, train_size=0.5)], len(train_test_split(y, test_size=3)))
a, b, c, d = train_test_split(X, y, random_state=42)
print(sorted(list(c) + list(d)) == list(range(10)), (a[:, 0] // 2 == c).all())
labels = np.array([0] * 12 + [1] * 6 + [2] * 9)
tr, te = train_test_split(labels, test_size=0.3, stratify=labels, random_state=1)
print(np.bincount(tr), np.bincount(te))
for bad in ({'test_size': 1.5}, {'test_size': 0}, {'train_size': 10}):
    try:
        train_test_split(X, **bad)
    except ValueError as e:
        print(type(e).__name__)
try:
    train_test_split(X, y[:5])
except ValueError as e:
    print(e)
# ---- scalers
import numpy as np
from sklearn.preprocessing import StandardScaler, MinMaxScaler, scale
from sklearn import preprocessing
X = np.array([[1.0, -1.0, 2.0], [2.0, 0.0, 0.0], [0.0, 1.0, -1.0], [4.0, 1.0, 3.0]])
s = StandardScaler()
print(s.fit(X) is s, s.mean_, s.var_, s.scale_, s.n_samples_seen_)
print(s.transform(X).round(6), s.inverse_transform(s.transform(X)).round(6))
print(StandardScaler(with_mean=False).fit_transform(X).round(6))
print(scale(X).round(6), preprocessing.scale(np.array([[1, 2], [1, 4]])))
m = MinMaxScaler()
print(m.fit_transform(X).round(6), m.data_min_, m.data_max_, m.scale_, m.min_)
print(MinMaxScaler(feature_range=(-1, 1)).fit(X).transform(np.array([[0.0, 0.0, 0.0]])).round(6))
print(StandardScaler().fit_transform(X.astype(np.float32)).dtype)
try:
    StandardScaler().fit(np.array([1.0, 2.0]))
except ValueError as e:
    print(str(e)[:30])
