# Snippets of scikit-learn as the tutorial corpus uses it, which nnc and CPython with Debian's
# scikit-learn 1.2 must print identically (test_modules.c runs both on each part). Each part
# starts with "# ---- name"; only deterministic output. Seeded generators and splits draw
# numpy's MT19937 stream as scikit-learn does, so seeded_streams prints their points to 12
# decimals: make_circles and make_moons place them with np.cos and np.sin, which numpy computes
# with its own SIMD code on AVX-512 machines (last bits apart from the C library's), and
# make_regression's y goes through np.dot, whose BLAS may round the last bit its own way.
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
# ---- descriptions
from sklearn.datasets import load_iris, load_wine, load_breast_cancer, load_diabetes, load_digits
for f in [load_iris, load_wine, load_breast_cancer, load_diabetes, load_digits]:
    b = f()
    print(f.__name__, list(b.keys()), len(b.DESCR), b['DESCR'][:40].splitlines())
print(load_iris().DESCR[:400])
print(load_digits(n_class=3, as_frame=True).DESCR.splitlines()[-2:])
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
# ---- seeded_streams
import numpy as np
from sklearn.datasets import make_circles, make_moons, make_regression, make_blobs
from sklearn.model_selection import train_test_split
for seed in (1, 42, 123):
    X, y = make_circles(n_samples=20, noise=0.05, random_state=seed)
    print(X.round(12).tolist(), y.tolist())
    X, y = make_moons(n_samples=21, noise=0.1, random_state=seed)
    print(X.round(12).tolist(), y.tolist())
    X, y = make_circles(n_samples=9, random_state=seed, factor=0.5)
    print(X.round(12).tolist(), y.tolist())
    X, y, c = make_regression(n_samples=7, n_features=3, n_informative=2, noise=0.5, bias=1.5, coef=True, random_state=seed)
    print(X.tolist(), y.round(9).tolist(), c.tolist())
    X, y = make_blobs(n_samples=8, centers=3, n_features=2, random_state=seed)
    print(X.tolist(), y.tolist())
    A = np.arange(40).reshape(20, 2)
    for part in train_test_split(A, np.arange(20), test_size=0.3, random_state=seed):
        print(part.tolist())
    lab = np.array([0] * 12 + [1] * 5 + [2] * 9)
    for part in train_test_split(np.arange(26), lab, test_size=0.35, stratify=lab, random_state=seed):
        print(part.tolist())
rs = np.random.RandomState(3)
X, y = make_moons(n_samples=11, random_state=rs)
print(X.round(12).tolist(), y.tolist(), rs.rand())
rs = np.random.RandomState([1, 2])
print(rs.random_sample(2).tolist(), rs.uniform(1, 2, 2).tolist(), rs.normal(0, 2, 2).tolist(), rs.standard_normal(2).tolist())
print(rs.permutation(5).tolist(), rs.randint(0, 5, size=4).tolist(), rs.choice([3, 4, 5], 2).tolist(), rs.randn(2).tolist())
rs.seed(7)
print(rs.rand(2).tolist())
np.random.seed(5)
X, y = make_circles(n_samples=6, noise=0.1)
print(X.round(12).tolist(), y.tolist())
for bad in (-1, 2**32, 1.5):
    try:
        make_moons(5, random_state=bad)
    except ValueError as e:
        print(type(e).__name__)
# ---- classification_stream
import numpy as np
# labels exactly; X to 9 decimals (its cluster maps go through np.dot's BLAS)
from sklearn.datasets import make_classification
for kw in (dict(n_samples=12, n_features=5, n_informative=2, n_redundant=1, n_repeated=1, random_state=0),
           dict(n_samples=10, n_features=4, n_redundant=0, flip_y=0, random_state=3, shuffle=False),
           dict(n_samples=30, n_features=6, n_informative=3, n_classes=3, n_clusters_per_class=1, hypercube=False, shift=None, scale=None, random_state=7),
           dict(n_samples=200, n_features=8, n_informative=5, n_classes=4, weights=[0.1, 0.2, 0.3], flip_y=0.1, random_state=11)):
    X, y = make_classification(**kw)
    print(y.tolist(), X.round(9).tolist())
# ---- utils_shuffle
import numpy as np
from sklearn.utils import shuffle
X = np.arange(20).reshape(10, 2); y = np.arange(10)
a, b = shuffle(X, y, random_state=0)
print(a.tolist(), b.tolist())
print(shuffle(y, random_state=42).tolist())
a, b = shuffle(X, y, random_state=1, n_samples=4)
print(a.tolist(), b.tolist())
np.random.seed(3)
print(shuffle(y).tolist(), shuffle() is None)
rs = np.random.RandomState(9)
print(shuffle(y, random_state=rs).tolist(), shuffle(y, random_state=rs).tolist())
for bad in ({'n_samples': 11},):
    try:
        shuffle(X, **bad)
    except ValueError as e:
        print(e)
try:
    shuffle(X, y[:3])
except ValueError as e:
    print(e)
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
# ---- metrics
import numpy as np
from sklearn.metrics import accuracy_score, precision_score, recall_score, f1_score
from sklearn.metrics import confusion_matrix, classification_report, roc_auc_score
from sklearn.metrics import mean_squared_error, mean_absolute_error, r2_score
yt = np.array([0, 1, 2, 2, 1, 0, 2, 1, 1, 0, 2, 2])
yp = np.array([0, 2, 2, 2, 1, 0, 1, 1, 0, 0, 2, 1])
print(accuracy_score(yt, yp), accuracy_score(yt, yp, normalize=False), accuracy_score([1, 0], [1, 1]))
for avg in ['micro', 'macro', 'weighted', None]:
    print(avg, precision_score(yt, yp, average=avg), recall_score(yt, yp, average=avg), f1_score(yt, yp, average=avg))
bt = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1]
bp = [1, 0, 0, 1, 0, 1, 1, 0, 1, 1]
print(precision_score(bt, bp), recall_score(bt, bp), f1_score(bt, bp), f1_score(bt, bp, pos_label=0))
print(precision_score([0, 0, 1], [0, 0, 0]), f1_score([0, 0, 1], [0, 0, 0]), precision_score([0, 0, 1], [0, 0, 0], zero_division=1))
print(confusion_matrix(yt, yp))
print(confusion_matrix(bt, bp), confusion_matrix([1.0, 2.0, 2.0], [2.0, 2.0, 1.0]).dtype)
print(classification_report(yt, yp))
print(classification_report(bt, bp, digits=3, target_names=['negative', 'a much longer name']))
print(classification_report(np.array([0., 1., 1.]), np.array([1., 1., 1.]), zero_division=0))
scores = [0.1, 0.4, 0.35, 0.8, 0.35, 0.9, 0.2, 0.6, 0.7, 0.35]
print(roc_auc_score(bt, scores), roc_auc_score(np.array(bt).reshape(-1, 1), np.array(scores)), roc_auc_score([2, 5, 5, 2], [0.3, 0.3, 0.9, 0.1]))
rt = np.array([3, -0.5, 2, 7, 4.25])
rp = np.array([2.5, 0.0, 2, 8, 3])
print(mean_squared_error(rt, rp), mean_squared_error(rt, rp, squared=False), mean_absolute_error(rt, rp), r2_score(rt, rp))
m1 = np.array([[0.5, 1], [-1, 1], [7, -6]])
m2 = np.array([[0, 2], [-1, 2], [8, -5]])
print(mean_squared_error(m1, m2), mean_absolute_error(m1, m2), mean_squared_error(m1, m2, squared=False))
for bad in ([0.2, 0.7], [1, 2, 3]):
    try:
        accuracy_score([0, 1], bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    f1_score(yt, yp)
except ValueError as e:
    print('ValueError:', e)
try:
    roc_auc_score([1, 1], [0.5, 0.2])
except ValueError as e:
    print('ValueError:', e)
for fn in [accuracy_score, precision_score, recall_score, f1_score]:
    print(f'{fn.__name__}: {fn(yt, yp, average="macro") if fn is not accuracy_score else fn(yt, yp):.4f}')
print(np.mean.__name__, np.argmax.__name__, confusion_matrix.__name__)
# ---- encoders
import numpy as np
from sklearn.preprocessing import LabelEncoder, OneHotEncoder, MinMaxScaler, StandardScaler
le = LabelEncoder()
print(le.fit([3, 1, 7, 1, 3]).classes_, le.transform([7, 1, 3]), le.inverse_transform([0, 2, 1]))
print(LabelEncoder().fit_transform(np.array([2.5, -1.0, 2.5, 0.0])))
names = LabelEncoder().fit(['g', 'b', 'g', 'g', 'b'])
print(list(names.classes_), names.transform(['b', 'g', 'g']), list(names.inverse_transform([1, 0])))
for bad in ([9], [1, 2]):
    try:
        le.transform(bad)
    except ValueError as e:
        print('ValueError:', e)
X = np.array([[1, 10], [2, 20], [1, 30], [3, 10]])
oh = OneHotEncoder(sparse_output=False)
Y = oh.fit_transform(X)
print(Y, Y.dtype, [list(c) for c in oh.categories_], oh.inverse_transform(Y[1:3]))
print(OneHotEncoder(sparse=False).fit(X).transform([[2, 30]]))
print(OneHotEncoder(sparse_output=False, handle_unknown='ignore').fit(X).transform([[5, 10]]))
try:
    oh.transform([[4, 10]])
except ValueError as e:
    print('ValueError:', e)
data = np.array([[1.5, -2.0, 3.0], [0.5, 4.0, 3.0], [2.25, 1.0, 3.0], [-1.0, 0.5, 3.0]])
mm = MinMaxScaler(feature_range=(-1, 1)).fit(data)
print(mm.data_min_, mm.data_max_, mm.scale_, mm.min_)
t = mm.transform(data)
print(t, mm.inverse_transform(t))
ss = StandardScaler().fit(data)
print(ss.mean_, ss.var_, ss.scale_, ss.transform(data), ss.inverse_transform(ss.transform(data)))
# ---- encoders_text
import numpy as np
import pandas as pd
from sklearn.preprocessing import OneHotEncoder, LabelEncoder
from sklearn.model_selection import train_test_split
df = pd.DataFrame({'color': ['red', 'green', 'blue', 'green'], 'size': [1, 2, 3, 1]})
enc = OneHotEncoder(sparse_output=False)
X = enc.fit_transform(df[['color']])
print(X, enc.categories_, enc.get_feature_names_out())
print(enc.inverse_transform(X[1:3]))
both = OneHotEncoder(sparse_output=False).fit(df)
print(both.categories_, both.transform(df.head(2)), both.get_feature_names_out(), both.feature_names_in_)
print(both.inverse_transform(both.transform(df)))
ig = OneHotEncoder(sparse_output=False, handle_unknown='ignore').fit([['a', 'x'], ['b', 'y'], ['a', 'z']])
T = ig.transform([['b', 'z'], ['c', 'x']])
print(ig.categories_, T, ig.get_feature_names_out(['letter', 'axis']), ig.inverse_transform(T))
print(OneHotEncoder(sparse_output=False, handle_unknown='ignore').fit([[1.5], [2.0]]).inverse_transform([[0, 0], [0, 1]]))
for bad in ([['c', 'x']], [['a']]):
    try:
        OneHotEncoder(sparse_output=False).fit([['a', 'x'], ['b', 'y']]).transform(bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    OneHotEncoder(sparse_output=False).fit([['a', 1], ['b', 'y']])
except TypeError as e:
    print('TypeError:', e)
species = df['color'].values
print(OneHotEncoder(sparse_output=False).fit_transform(species.reshape(-1, 1)))
y = ['setosa', 'virginica', 'setosa', 'versicolor', 'virginica', 'versicolor']
Xtr, Xte, ytr, yte = train_test_split(np.arange(12).reshape(6, 2), y, test_size=0.5, stratify=y, random_state=0)
print(Xtr, ytr, yte)
# ---- label_binarizer
import numpy as np
from sklearn.preprocessing import LabelBinarizer
from sklearn.datasets import load_digits
x, y = load_digits(n_class=10, return_X_y=True)
tr = LabelBinarizer(neg_label=0, pos_label=1, sparse_output=False)
Y = tr.fit_transform(y)
print(Y.shape, Y.dtype, Y[:3], Y.sum(axis=0), tr.classes_, tr.y_type_)
lb = LabelBinarizer()
print(lb.fit_transform([3, 1, 2, 1]), lb.transform([5, 1]), lb.classes_)
print(lb.inverse_transform(np.array([[0.1, 0.5, 0.4], [1, 0, 0]])))
two = LabelBinarizer(neg_label=-1, pos_label=2)
print(two.fit_transform(['b', 'a', 'b']), two.classes_, two.transform(['c']), two.y_type_)
print(two.inverse_transform(np.array([[2], [-1], [0.6]])), two.inverse_transform(np.array([[1.0]]), threshold=1.5))
print(LabelBinarizer().fit_transform([7, 7]), LabelBinarizer().fit(np.array([0.0, 1.0])).transform([1.0, 0.0]))
try:
    LabelBinarizer(neg_label=1, pos_label=1).fit([1, 2])
except ValueError as e:
    print('ValueError', e)
try:
    LabelBinarizer().transform([1])
except ValueError as e:
    print('ValueError', e)
# ---- sparse
# OneHotEncoder's default output, a SciPy CSR matrix (SciPy 1.10 beside scikit-learn 1.2), as
# tutorials turn it into an array: OneHotEncoder().fit_transform(y.reshape(-1, 1)).toarray()
import numpy as np
from sklearn.datasets import load_wine
from sklearn.preprocessing import OneHotEncoder
from scipy import sparse
from scipy.sparse import csr_matrix
y = load_wine().target
enc = OneHotEncoder()
m = enc.fit_transform(y.reshape(-1, 1))
print(repr(m))
print(m)
print(m.shape, m.nnz, m.dtype, m.ndim, m.format, sparse.issparse(m), sparse.issparse(y))
Y = m.toarray()
print(Y.dtype, Y.shape, Y[:2], Y[-1], Y.sum(axis=0))
print(enc.inverse_transform(enc.transform([[2], [0]]))[:, 0])
small = OneHotEncoder(dtype=np.float32).fit_transform([['b'], ['a'], ['b']])
print(small, small.toarray(), small.toarray().dtype)
ints = OneHotEncoder(dtype=int, sparse_output=False).fit_transform([[3], [1]])
print(ints, ints.dtype)
c = csr_matrix(np.array([[0, 2.5, 0], [1, 0, 0]]))
print(repr(c), c.nnz, c.toarray(), repr(csr_matrix(np.zeros((2, 2)))), str(csr_matrix(np.zeros((2, 2)))) == '')
try:
    len(m)
except TypeError as e:
    print('TypeError:', e)
# ---- linear_model
# LinearRegression, the baseline tutorials fit beside their network (least squares; the
# intercept rounded: QR and scikit-learn's SVD agree to rounding, not to the last bit)
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
X, y = load_diabetes(return_X_y=True)
reg = LinearRegression().fit(X, y)
print(reg.coef_, round(reg.intercept_, 6), reg.n_features_in_)
print(reg.predict(X[:3]), round(reg.score(X, y), 10))
Y = np.stack([y, 2 * y + 1], axis=1)
m = LinearRegression(fit_intercept=False).fit(X[:, :3], Y)
print(m.coef_.shape, m.coef_, m.intercept_, m.predict(X[:2, :3]).shape, round(m.score(X[:, :3], Y), 10))
print(type(reg.intercept_).__name__, reg.predict(X[:1]).dtype)
print(reg.rank_, np.round(reg.singular_, 8))
# one-hot columns of every category beside the intercept (rank-deficient), a column repeated,
# and fewer samples than features: scikit-learn's minimum-norm solutions
r = np.random.RandomState(0)
c = r.randint(0, 3, size=40)
H = np.zeros((40, 4)); H[np.arange(40), c] = 1.0; H[:, 3] = r.rand(40)
t = 2.0 * H[:, 0] - H[:, 1] + 0.5 * H[:, 3] + 0.1 * r.randn(40)
for A in (H, np.hstack([H, 2 * H[:, :1]]), H[:3]):
    m = LinearRegression().fit(A, t[:len(A)])
    print(np.round(m.coef_, 6), round(float(m.intercept_), 6), m.rank_, np.round(m.singular_, 6), np.round(m.predict(A[:2]), 6))
try:
    LinearRegression().predict(X)
except ValueError as e:
    print('ValueError:', e)
# ---- pca
# PCA: the SVD of the centred columns, components signed as svd_flip signs them. The digits
# have more than 500 rows, where svd_solver='auto' is scikit-learn's randomized solver, which
# approximates the exact decomposition nnc computes: 4 decimals there.
import numpy as np
from sklearn.decomposition import PCA
from sklearn.datasets import load_iris, load_digits
X = load_iris().data
p = PCA(n_components=2)
Z = p.fit_transform(X)
print(p, p.n_components_, type(p.n_components_).__name__)
print(np.round(p.components_, 10), np.round(p.explained_variance_, 10), np.round(p.explained_variance_ratio_, 10))
print(np.round(p.singular_values_, 10), np.round(p.mean_, 12), round(float(p.noise_variance_), 10), p.n_samples_, p.n_features_in_)
print(np.round(Z[:3], 10), np.round(p.transform(X[-2:]), 10), Z.shape, Z.dtype)
print(np.round(p.inverse_transform(Z[:2]), 10))
q = PCA(0.95).fit(X)
print(q, q.n_components_, type(q.n_components_).__name__, np.round(q.explained_variance_ratio_, 10))
a = PCA().fit(X)
print(a, a.n_components_, np.round(a.explained_variance_ratio_.cumsum(), 10), a.noise_variance_)
w = PCA(2, whiten=True)
Zw = w.fit_transform(X)
print(w, np.round(Zw[:3], 10), np.round(w.transform(X[:3]), 10), np.round(w.inverse_transform(Zw[:2]), 10))
D = load_digits().data
d = PCA(n_components=10, svd_solver="full").fit(D)
r = PCA(n_components=10).fit(D)
print(np.round(r.explained_variance_ratio_, 4), d)
print(np.round(d.explained_variance_ratio_, 8), np.round(np.abs(d.components_[:3, 20:24]), 8))
wide = np.random.RandomState(1).rand(5, 9)
k = PCA(3).fit(wide)
print(np.round(k.components_, 10), np.round(k.singular_values_, 10), np.round(k.transform(wide), 10))
f = PCA(2).fit(X.astype(np.float32))
print(f.transform(X[:2].astype(np.float32)).dtype, f.fit_transform(X.astype(np.float32)).dtype)
for bad in [lambda: PCA(1.5).fit(X), lambda: PCA(-1).fit(X), lambda: PCA('x').fit(X), lambda: PCA(5).fit(X),
            lambda: PCA().transform(X), lambda: p.transform(X[:, :3]), lambda: p.inverse_transform(X)]:
    try:
        bad()
    except ValueError as e:
        print('ValueError:', e)
# ---- cross_val
# cross_val_score and cross_val_predict: a clone fitted per fold (the estimator stays
# unfitted), KFold for a regressor, the scorers by name, a callable, a splitter object
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import cross_val_score, cross_val_predict, KFold
X, y = load_diabetes(return_X_y=True)
m = LinearRegression()
print(np.round(cross_val_score(m, X, y), 10), hasattr(m, 'coef_'))
print(np.round(cross_val_score(m, X, y, cv=3, scoring='neg_mean_squared_error'), 6))
print(np.round(cross_val_score(LinearRegression(fit_intercept=False), X, y, cv=KFold(4, shuffle=True, random_state=0), scoring='r2'), 10))
print(np.round(cross_val_score(m, X, y, scoring='neg_mean_absolute_error'), 6))
p = cross_val_predict(m, X, y, cv=4)
print(p.shape, p.dtype, np.round(p[:5], 6), np.round(p[-3:], 6))
print(np.round(cross_val_score(m, X, y, cv=2, scoring=lambda est, A, b: est.score(A, b) * 2), 10))
for bad in [dict(scoring='foo'), dict(cv=1), dict(cv=500), dict(scoring=3)]:
    try:
        cross_val_score(m, X, y, **bad)
    except ValueError as e:
        print('ValueError:', e)
# ---- logistic
# LogisticRegression (lbfgs): SciPy's L-BFGS-B stops scikit-learn once the objective falls
# by less than 2.2e-9 relative, nnc's liblbfgs goes on to the minimum: coefficients agree to
# about 1e-4 relative, so 4 decimals on well-conditioned data, 2 on iris and the unscaled
# correlated breast cancer features; predictions exactly
import numpy as np
from sklearn.datasets import load_iris, load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import cross_val_score
X, y = load_iris(return_X_y=True)
m = LogisticRegression(max_iter=1000).fit(X, y)
print(m, m.classes_, m.coef_.shape, np.round(m.coef_, 2), np.round(m.intercept_, 2), m.n_iter_.dtype, m.n_iter_.shape)
print(m.predict(X[::10]), np.round(m.predict_proba(X[:2]), 4), round(m.score(X, y), 10), m.decision_function(X[:2]).shape)
B, t = load_breast_cancer(return_X_y=True)
B = StandardScaler().fit_transform(B)
b = LogisticRegression(C=0.5).fit(B, t)
print(b, np.round(b.coef_[0, :6], 2), np.round(b.intercept_, 2), (b.predict(B) == t).sum(), np.round(b.predict_proba(B[:3]), 5))
print(np.round(b.decision_function(B[:3]), 2), b.decision_function(B[:3]).shape)
n = LogisticRegression(penalty=None, fit_intercept=False, max_iter=500).fit(X[:, :2], y)
print(n, np.round(n.coef_, 3), n.intercept_)
# well-conditioned: independent features, overlapping classes; SciPy stops within 1e-4
r = np.random.RandomState(0)
W = r.randn(400, 3)
c = (W @ [1.0, -2.0, 0.5] + r.randn(400) > 0).astype(int) * 3 + 2
g = LogisticRegression(C=2.0).fit(W, c)
print(g, g.classes_, np.round(g.coef_, 4), np.round(g.intercept_, 4), g.predict(W[:8]), np.round(g.predict_proba(W[:2]), 4))
k = (W[:, 0] > 0.5).astype(int) + (W[:, 1] > 0).astype(int)
h = LogisticRegression().fit(W, k)
print(np.round(h.coef_, 4), np.round(h.intercept_, 4), (h.predict(W) == k).sum(), np.round(h.predict_proba(W[:2]), 4))
print(np.round(LogisticRegression(fit_intercept=False, penalty=None).fit(W, c).coef_, 4))
print(np.round(cross_val_score(LogisticRegression(max_iter=1000), X, y, cv=5), 10))
print(np.round(cross_val_score(LogisticRegression(), B, t, scoring='accuracy'), 10))
for bad in [dict(C=-1), dict(C='a'), dict(penalty='l1'), dict(tol=-1)]:
    try:
        LogisticRegression(**bad).fit(X, y)
    except ValueError as e:
        print('ValueError:', e)
for bad in [lambda: LogisticRegression().fit(X, np.zeros(150)), lambda: LogisticRegression().predict(X),
            lambda: LogisticRegression().fit(X, X[:, 0]), lambda: m.predict(X[:, :3])]:
    try:
        bad()
    except ValueError as e:
        print('ValueError:', e)
import warnings
warnings.filterwarnings('ignore')
w = LogisticRegression(max_iter=5).fit(X, y)
print(w.n_iter_)
# ---- more bundled
from sklearn.datasets import load_diabetes, load_digits, load_iris, load_wine, load_breast_cancer
d = load_diabetes()
print(d.data.shape, d.data.dtype, d.target.shape, d.target.dtype, d.feature_names, d.data_filename)
print(d.data[0], d.target[:4], d.data[441, 9])
X, y = load_diabetes(return_X_y=True, scaled=False)
print(X[0], X[:, 0].sum(), y.sum())
g = load_digits()
print(g.data.shape, g.images.shape, g.target.shape, g.target.dtype, g.target[:12], g.target_names, g.feature_names[9])
print(g.images[0], g.data[1796, 30:40])
X, y = load_digits(n_class=3, return_X_y=True)
print(X.shape, y.shape, (y == 2).sum(), y[-5:])
f = load_iris(as_frame=True)
print(f.data.shape, f.frame.shape, list(f.frame.columns), f.data.values[0])
X, y = load_wine(return_X_y=True, as_frame=True)
print(X.shape, list(X.columns)[:2], y.values[:3] if hasattr(y, 'values') else y[:3])
b = load_breast_cancer(as_frame=True)
print(type(b.target).__name__, b.target.name, b.target.shape, type(y).__name__, y.name, b.target.values[:5], b.frame['target'].sum())
print(b.target.value_counts(), y.head(3), len(y), y.tail(2), load_diabetes(as_frame=True).target.head(2))
# ---- random problems
import numpy as np
from sklearn.datasets import make_blobs, make_regression, make_classification
X, y = make_blobs(n_samples=10, centers=3, random_state=0)
print(X.shape, X.dtype, y.dtype, np.bincount(y), abs(X).max() < 20)
X, y, c = make_blobs(n_samples=7, n_features=4, random_state=3, return_centers=True)
print(X.shape, c.shape, np.bincount(y), (abs(c) <= 10).all())
centers = np.array([[0.0, 5.0], [10.0, -3.0]])
X, y = make_blobs(n_samples=9, centers=centers, cluster_std=[1e-9, 1e-9], random_state=2)
print(X.shape, np.bincount(y), np.allclose(X, centers[y], atol=1e-6))
X, y = make_blobs(n_samples=2000, centers=[[1.0, 1.0]], cluster_std=0.5, shuffle=False)
print(abs(X.mean(axis=0) - 1).max() < 0.05, abs(X.std(axis=0) - 0.5).max() < 0.05, y.sum())
X, y, coef = make_regression(n_samples=50, n_features=5, n_informative=2, coef=True, random_state=1)
print(X.shape, y.shape, coef.shape, (coef != 0).sum(), np.allclose(X @ coef, y), (coef >= 0).all(), coef.max() <= 100)
X, y, coef = make_regression(n_samples=20, n_features=3, n_targets=2, bias=3.0, coef=True, random_state=0)
print(X.shape, y.shape, coef.shape, np.allclose(X @ coef + 3.0, y))
X, y = make_regression(n_samples=3000, n_features=2, n_informative=0, noise=2.0, random_state=4)
print(X.shape, abs(y.std() - 2) < 0.15, abs(X.mean()) < 0.1)
X, y = make_classification(n_samples=100, n_features=6, n_informative=3, n_redundant=2, n_repeated=1, flip_y=0, shuffle=False, random_state=0)
print(X.shape, X.dtype, y.dtype, np.bincount(y), any((X[:, 5] == X[:, j]).all() for j in range(5)))
X, y = make_classification(n_samples=100, weights=[0.8], flip_y=0, random_state=1)
print(X.shape, np.bincount(y))
X, y = make_classification(n_samples=100, n_features=4, n_informative=2, n_redundant=0, n_classes=3, n_clusters_per_class=1, flip_y=0, random_state=5)
print(np.bincount(y), len(np.unique(y)))
for bad in ({'n_features': 3}, {'n_classes': 3}):
    try:
        make_classification(n_samples=10, **bad)
    except ValueError as e:
        print('ValueError:', e)
# ---- kfold
import warnings
warnings.filterwarnings('ignore')  # the least populated class: stderr, which is not compared
import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold
X = np.arange(26).reshape(13, 2)
y = np.array([0, 1, 1, 0, 2, 1, 1, 0, 1, 1, 2, 1, 0])
kf = KFold(n_splits=4)
print(kf.get_n_splits(X))
for tr, te in kf.split(X):
    print(tr.tolist(), te.tolist())
for seed in [0, 7]:
    for tr, te in KFold(5, shuffle=True, random_state=seed).split(X):
        print(te.tolist(), end=' ')
    print()
np.random.seed(3)
print([te.tolist() for _, te in KFold(3, shuffle=True).split(X)])
rs = np.random.RandomState(11)
kr = KFold(3, shuffle=True, random_state=rs)
print([te.tolist() for _, te in kr.split(X)], [te.tolist() for _, te in kr.split(X)])
skf = StratifiedKFold(n_splits=3)

for tr, te in skf.split(X, y):
    print(tr.tolist(), te.tolist(), np.bincount(y[te]).tolist())
for seed in [1, 42]:
    print([te.tolist() for _, te in StratifiedKFold(3, shuffle=True, random_state=seed).split(X, y)])
labels = ['b', 'a', 'b', 'c', 'a', 'b', 'a', 'c', 'b']
print([te.tolist() for _, te in StratifiedKFold(2, shuffle=True, random_state=5).split(labels, labels)])
for bad in [lambda: KFold(1), lambda: KFold(3, random_state=1), lambda: KFold(2.0), lambda: KFold(3, shuffle=1),
            lambda: list(KFold(20).split(X)), lambda: list(StratifiedKFold(5).split(X, y)),
            lambda: list(StratifiedKFold(7).split(X, np.eye(13)[:, :3])), lambda: list(StratifiedKFold(3).split(X, X[:, 0] / 3))]:
    try:
        bad()
        print('no error')
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
list(StratifiedKFold(4).split(X, y))
# ---- roc_curve
import numpy as np
from sklearn.metrics import roc_curve, auc, roc_auc_score
rng = np.random.RandomState(0)
y = rng.randint(0, 2, 40)
s = np.round(rng.rand(40) * 0.6 + y * 0.3, 2)
fpr, tpr, th = roc_curve(y, s)
print(fpr.tolist()); print(tpr.tolist()); print(th.tolist())
print(auc(fpr, tpr), roc_auc_score(y, s))
f2, t2, h2 = roc_curve(y, s, drop_intermediate=False)
print(len(f2), auc(f2, t2))
p32 = s.astype(np.float32).reshape(-1, 1)
f3, t3, h3 = roc_curve(y, p32.ravel())
print(h3.dtype, h3[:3].tolist(), auc(f3, t3))
print([a.tolist() for a in roc_curve([2, 4, 4, 2, 4], [0.1, 0.8, 0.7, 0.3, 0.2], pos_label=4)])
print([a.tolist() for a in roc_curve([-1, 1, 1, -1], [0.1, 0.8, 0.7, 0.3])])
print(auc([1, 0.5, 0], [1, 0.7, 0]), auc([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [x * x for x in range(11)]))
for bad in [lambda: roc_curve([0, 1, 2], [0.1, 0.2, 0.3]), lambda: roc_curve([1, 2, 2], [0.1, 0.2, 0.3]),
            lambda: auc([0], [1]), lambda: auc([0, 2, 1], [1, 2, 3])]:
    try:
        bad()
    except ValueError as e:
        print('ValueError', str(e)[:70])
# ---- split_frames_by_one_hot_rows
# A frame in, frames out (rows keep their labels); a one-hot frame stratifies by its rows.
import pandas as pd
from sklearn.model_selection import train_test_split
df = pd.DataFrame({'length': [39.1, 46.5, 50.0, 38.6, 49.2, 45.1, 36.7, 51.3, 47.6, 40.3,
                              48.7, 37.8],
                   'species': ['Adelie', 'Chinstrap', 'Gentoo', 'Adelie', 'Gentoo', 'Chinstrap',
                               'Adelie', 'Gentoo', 'Chinstrap', 'Adelie', 'Gentoo', 'Chinstrap']})
target = pd.get_dummies(df['species'])
X_train, X_test, y_train, y_test = train_test_split(df[['length']], target, test_size=0.25,
                                                    random_state=0, stratify=target)
print(type(X_train).__name__, type(y_test).__name__, X_train.shape, y_test.shape)
print(X_test)
print(y_test)
s_train, s_test = train_test_split(df['species'], test_size=3, random_state=1)
print(type(s_test).__name__, list(s_test.index), list(s_test))
# ---- text_labels_scored
# Class names as labels: sorted by their code points, named in the report.
from sklearn.metrics import confusion_matrix, classification_report, accuracy_score
t = ['cat', 'dog', 'Bird', 'dog', 'cat', 'cat', 'Bird', 'dog']
p = ['cat', 'cat', 'Bird', 'dog', 'cat', 'dog', 'dog', 'dog']
print(confusion_matrix(t, p))
print(accuracy_score(t, p))
print(classification_report(t, p))
try:
    confusion_matrix(t, [0, 1, 0, 1, 0, 1, 0, 1])
except ValueError as e:
    print('ValueError:', e)
# ---- cohen_kappa
# the wine tutorial's last score: Cohen's kappa, unweighted and weighted, of ints, floats and strs
from sklearn.metrics import cohen_kappa_score
import numpy as np
a = [0, 1, 1, 0, 2, 2, 1, 0, 1, 1]
b = [0, 1, 0, 0, 2, 1, 1, 0, 2, 1]
print(cohen_kappa_score(a, b), cohen_kappa_score(a, b, weights='linear'), cohen_kappa_score(a, b, weights='quadratic'))
print(cohen_kappa_score(np.array([1.0, 0, 1, 1]), np.array([1, 0, 0, 1])), cohen_kappa_score(['x', 'y', 'x'], ['x', 'y', 'y']))
# ---- class_names_of_each_row
import pandas as pd
from sklearn.datasets import load_iris
iris = load_iris()
df = pd.DataFrame(iris.data, columns=iris.feature_names)
df['species'] = iris.target_names[iris.target]
print(df['species'].value_counts(), df.iloc[[0, 60, 120], -1].tolist())
print(df.groupby('species').mean().round(3))
# ---- pipeline
# Pipeline and make_pipeline: fit through the transformers, predict, score and
# predict_proba on the last step, indexing, named_steps, fit keywords routed by step name,
# 'passthrough', and cross_val_score fitting a clone of every step
import numpy as np
from sklearn.datasets import load_iris, load_diabetes
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler, MinMaxScaler
from sklearn.linear_model import LogisticRegression, LinearRegression
from sklearn.model_selection import cross_val_score
X, y = load_iris(return_X_y=True)
p = Pipeline([('scale', StandardScaler()), ('clf', LogisticRegression(max_iter=1000))])
print(p.fit(X, y) is p, p.predict(X[::30]), np.round(p.predict_proba(X[:2]), 4), round(p.score(X, y), 10))
print(len(p), type(p[0]).__name__, type(p['clf']).__name__, type(p[-1]).__name__, p._estimator_type, p.classes_)
print(np.round(p.named_steps['scale'].mean_, 4), np.round(p.named_steps.scale.scale_, 4))
m = make_pipeline(StandardScaler(), MinMaxScaler(), StandardScaler(), LinearRegression())
print([n for n, _ in m.steps], m._estimator_type)
D, t = load_diabetes(return_X_y=True)
print(np.round(cross_val_score(m, D, t, cv=3), 10), hasattr(m[-1], 'coef_'), hasattr(m[0], 'mean_'))
print(np.round(cross_val_score(p, X, y, cv=5), 10))
w = Pipeline([('scale', StandardScaler()), ('lr', LinearRegression())]).fit(D, t, lr__sample_weight=None)
print(np.round(w.predict(D[:3]), 6), np.round(w.score(D, t), 10))
print(np.round(make_pipeline(StandardScaler(), 'passthrough', LinearRegression()).fit(D, t).score(D, t), 10))
print(np.round(Pipeline([('s', MinMaxScaler()), ('t', StandardScaler())]).fit(D).transform(D[:1]), 6))
try:
    p.fit(X, y, sample_weight=None)
except ValueError as e:
    print(e)
try:
    Pipeline([('a', LinearRegression()), ('b', LinearRegression())]).fit(X, y)
except TypeError as e:
    print('TypeError')
try:
    Pipeline([]).fit(X, y)
except ValueError as e:
    print(e)
# ---- indicator_accuracy
# accuracy_score of label indicator rows (to_categorical's one-hot labels): a row is right
# when all of it is
import numpy as np
from sklearn.metrics import accuracy_score
a = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1.]])
b = np.array([[1, 0, 0], [0, 0, 1], [0, 0, 1]])
print(accuracy_score(a, b), accuracy_score(a, b, normalize=False), accuracy_score(a, b, sample_weight=[1, 2, 3]))
for bad in [[0, 1, 2], b[:2], b[:, :2]]:
    try:
        accuracy_score(a, bad)
    except ValueError as e:
        print(e)
# ---- grid_search
# GridSearchCV: the grid's combinations in ParameterGrid's order on the same folds, cv_results_'s
# columns (param_ ones as object arrays, where scikit-learn masks a missing value), the best
# refitted, a list of grids over a Pipeline's step, and the grid's and parameters' errors
import numpy as np
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
X, y = load_iris(return_X_y=True)
g = GridSearchCV(LogisticRegression(max_iter=1000), {'C': [0.01, 0.1, 1.0, 10.0]}, cv=5)
print(g.fit(X, y) is g, g.best_params_, round(g.best_score_, 10), g.best_index_, g.n_splits_)
r = g.cv_results_
print(sorted(r), r['param_C'][2], list(r['param_C']), r['rank_test_score'], r['rank_test_score'].dtype)
print(np.round(r['mean_test_score'], 10), np.round(r['std_test_score'], 10), np.round(r['split0_test_score'], 10))
print(g.predict(X[::50]), round(g.score(X, y), 10), g.classes_, type(g.best_estimator_).__name__, g.best_estimator_.C)
p = Pipeline([('s', StandardScaler()), ('lr', LogisticRegression())])
g = GridSearchCV(p, [{'lr__C': [0.1, 1.0]}, {'lr__C': [5.0], 'lr__fit_intercept': [False]}], cv=KFold(3, shuffle=True, random_state=0), scoring='accuracy', refit=False)
g.fit(X, y)
print(g.best_params_, np.round(g.cv_results_['mean_test_score'], 10), g.cv_results_['param_lr__fit_intercept'][2], hasattr(g, 'best_estimator_'))
for bad in [dict(param_grid={'C': 1.0}), dict(param_grid={'foo': [1]}), dict(param_grid={'C': []})]:
    try:
        GridSearchCV(LogisticRegression(), cv=3, **bad).fit(X, y)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
