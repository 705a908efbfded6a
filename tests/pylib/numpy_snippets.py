# Snippets of numpy as tutorials use it, which nnc and CPython with Debian's numpy 1.24 must
# print identically (test_modules.c runs both on each part). Each part starts with
# "# ---- name"; only deterministic output. np.random's legacy functions are numpy's MT19937
# stream (random_stream prints them in full); default_rng's Generators are numpy's PCG64
# stream (generator_stream prints them in full, in mixed orders that share 32-bit halves).
# ---- creation
import numpy as np
print(np.array([1, 2, 3]), np.array([1.5, 2]), np.array([True, False]), np.array([[1, 2], [3, 4]]))
print(np.zeros(3), np.ones((2, 2), dtype=np.int32), np.full((2, 3), 7), np.full(2, 0.5), np.eye(3))
print(np.triu(np.arange(12).reshape(3, 4)), np.tril(np.ones((3, 3), dtype=bool), k=-1), np.triu(np.arange(8.0).reshape(2, 2, 2), 1))
print(np.arange(5), np.arange(1, 10, 3), np.arange(0.0, 1.0, 0.25), np.linspace(0, 1, 5), np.identity(2, dtype=int))
print(np.zeros_like(np.array([1, 2])), np.ones_like(np.array([[1.0]])), np.empty((0, 3)).shape, np.asarray([1, 2]).dtype)
print(repr(np.array([0.1, 2.0])), repr(np.array([1, 2], dtype=np.uint8)), repr(np.array([], dtype=np.float32)))
print(np.array(range(4)), np.array([[1, 2]], ndmin=2).shape, np.array(3.5), repr(np.array(3)))
# ---- dtypes
import numpy as np
a = np.array([1, 2, 3], dtype=np.uint8)
print(a.dtype, (a + 1).dtype, (a * 2.0).dtype, (a / 255.0).dtype, (a.astype('float32') / 255).dtype)
print(np.array([1, 2]).dtype, np.array([1.0]).dtype, np.array([1, 2.5]).dtype, np.array([True]).dtype)
print(np.dtype('float32'), repr(np.dtype('int64')), np.dtype(float), np.dtype('f4').itemsize, np.dtype('uint8').kind)
print(a.dtype == np.uint8, a.dtype == 'uint8', a.dtype == np.float32, np.float32, np.dtype('float64').name)
f = np.array([1.5, -2.7, 3.9])
print(f.astype(int), f.astype(np.int32).dtype, f.astype(bool), np.array([0, 1, 2]).astype(np.float32))
print(np.float32(0.1), np.float64(0.1), np.int64(7), np.bool_(True), type(np.float32(1)).__name__)
# ---- arithmetic
import numpy as np
x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(x + 1, x * x, x - x.mean(), x / 2, x // 2, x % 2, x ** 2, -x)
print(x + np.array([10, 20, 30]), x * np.array([[1], [2]]), 2 * x, 1 / x, 10 - x)
print(x @ x.T, np.array([1, 2]) @ np.array([3, 4]))
i = np.array([7, -7, 8])
print(i // 2, i % 3, i / 2, i ** 2, abs(i), np.abs(i), -i, ~np.array([True, False]))
b = np.array([True, False, True])
print(b & np.array([True, True, False]), b | False, b ^ True, b.sum(), b.mean())
y = np.array([1, 2, 3])
y += 1
y *= 2
print(y)
z = np.zeros(3)
z += np.array([1, 2, 3])
z /= 2
print(z)
try:
    y /= 2
except TypeError as e:
    print('TypeError')
try:
    np.array([1, 2]) + np.array([1, 2, 3])
except ValueError as e:
    print(e)
# ---- comparisons
import numpy as np
x = np.array([3, 1, 4, 1, 5])
print(x > 2, x == 1, x != 1, x <= 3, 2 < x, (x > 1) & (x < 5), ~(x > 2))
print(x[x > 2], (x > 2).sum(), np.sum(x == 1), (x > 0).all(), (x > 4).any(), x.any())
print(np.array([1, 2]) == np.array([1, 2, 3]), 3 in x, 9 in x)
try:
    if x > 2:
        pass
except ValueError as e:
    print(e)
print(bool(np.array([1])), bool(np.array([0.0])), not np.array([5]))
# ---- indexing
import numpy as np
a = np.arange(24).reshape(2, 3, 4)
print(a[0], a[-1, -1], a[1, 2, 3], a[0, :, 1], a[:, 1:, ::2], a[..., 0], a[0, ..., 1:3])
print(a[np.where(a[:, 0, 0] > 0), 1], a[(0, 1), 2, 3], a[0, (0, 2)])
print(a[:, None, 0].shape, a[np.newaxis].shape, a[::-1, ::-1, ::-1][0, 0], a[0][1][2])
m = np.arange(10)
print(m[2:7], m[::3], m[-3:], m[:-7], m[[0, 2, 4]], m[np.array([1, 1, 9])], m[m % 2 == 0])
print(m[5:2], m[100:], m[-100:2], a.shape[1:], a.shape[-1])
s = m.copy()
s[0] = 100
s[1:3] = [7, 8]
s[s > 5] = -1
s[[3, 4]] = 0
print(s, m[:3])
v = m[2:5]
v[:] = 0
print(m)
g = np.zeros((3, 3))
g[1] = 5
g[:, 2] = [1, 2, 3]
g[0, 0] += 1
print(g)
for bad in (lambda: m[10], lambda: a[0, 0, 0, 0], lambda: m['x']):
    try:
        bad()
    except IndexError as e:
        print(type(e).__name__, e)
# ---- attributes
import numpy as np
a = np.ones((4, 3, 2), dtype=np.float32)
print(a.shape, a.ndim, a.size, a.dtype, a.itemsize, a.nbytes, a.T.shape, len(a))
print(a.reshape(4, -1).shape, a.reshape((2, 12)).shape, a.flatten().shape, a.ravel().shape, np.reshape(a, (24,)).shape)
print(np.expand_dims(a, 0).shape, np.expand_dims(a, axis=-1).shape, np.squeeze(np.ones((1, 3, 1))).shape, a.transpose(2, 0, 1).shape)
print(np.transpose(a).shape, np.swapaxes(a, 0, 2).shape, np.moveaxis(a, 0, -1).shape, a.squeeze().shape)
b = np.arange(6).reshape(2, 3)
print(b.tolist(), b[0].tolist(), np.float64(2.5).tolist(), b.max().item(), b.item(4), type(b.sum().item()).__name__)
print(b.copy(), b.T, list(b), [list(r) for r in b])
b.shape = (3, 2)
print(b)
# ---- reductions
import numpy as np
x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]])
print(x.sum(), x.sum(axis=0), x.sum(1), x.mean(), x.mean(axis=0), x.std(), x.var(axis=1), x.std(ddof=1))
print(x.min(), x.max(axis=1), x.argmax(), x.argmin(axis=0), np.argmax(x, axis=1), x.prod(), x.cumsum())
print(np.mean(x), np.max(x, axis=0, keepdims=True), np.sum(x, axis=(0, 1)), np.median(x), np.percentile(x, 50))
print(np.var([1, 2, 3, 4]), np.std([2, 4, 4, 4, 5, 5, 7, 9]), np.amax([3, 7, 1]), np.count_nonzero([0, 1, 2, 0]))
i = np.array([3, 1, 2], dtype=np.uint8)
print(i.sum(), i.mean(), i.max(), i.argmax(), np.ptp(i), i.cumsum())
print(type(x.sum()).__name__, type(x.mean(axis=0)).__name__, float(x.sum()), int(i.sum()))
u, c = np.unique(np.array([3, 1, 3, 2, 3]), return_counts=True)
print(u, c, np.unique([2, 2, 1]), dict(zip(u.tolist(), c.tolist())))
print(np.bincount(np.array([0, 1, 1, 3])), np.sort(np.array([3, 1, 2])), np.argsort(np.array([3, 1, 2])))
try:
    np.array([]).max()
except ValueError as e:
    print(e)
# ---- elementwise
import numpy as np
x = np.array([0.25, 1.0, 4.0])
print(np.sqrt(x), np.exp(x), np.log(x), np.log10(x), np.abs(-x), np.square(x), np.power(x, 2))
print(np.clip(np.array([-2, 0, 5, 9]), 0, 6), np.round(np.array([0.5, 1.5, 2.675]), 2), np.round(2.5), np.floor(x * 3), np.ceil(x * 3))
print(np.maximum(x, 1), np.minimum(x, np.array([1, 0, 9])), np.where(x > 0.5, x, -1), np.where(x > 0.5))
print(np.tanh(0.5), np.sin(np.pi / 2), np.isnan(np.array([1.0, np.nan])), np.isclose(0.1 + 0.2, 0.3), np.allclose(x, x + 1e-9))
print(np.add(1, 2), np.multiply([1, 2], 3), np.divide(1, 4), np.exp(1), type(np.exp(1)).__name__, np.mean([1, 2]) * 2)
print(np.dot([1, 2, 3], [4, 5, 6]), np.dot(np.eye(2), [1, 2]), np.matmul(np.ones((2, 3)), np.ones(3)), np.outer([1, 2], [3, 4]))
print(np.array_equal([1, 2], [1, 2]), np.sign(np.array([-3, 0, 2])), np.log1p(0.0), np.expm1(0.0), np.cumsum([1, 2, 3]))
# ---- joining
import numpy as np
a = np.array([[1, 2], [3, 4]])
b = np.array([[5, 6]])
print(np.c_[a[0], a[1]], np.c_[a, a], np.r_[a[0], 7, [8.5]], np.r_[a, b], np.c_[np.arange(2.0)])
print(np.concatenate([a, b]), np.concatenate((a, a), axis=1), np.concatenate([a, b], axis=None))
print(np.stack([a, a]).shape, np.stack([a, a], axis=-1).shape, np.vstack([a, b]), np.hstack([a, a]))
print(np.column_stack([[1, 2], [3, 4]]), np.tile([1, 2], 3), np.repeat([1, 2], 2), np.flip(np.arange(4)))
print(np.atleast_2d([1, 2]).shape, np.broadcast_to(np.arange(3), (2, 3)), np.meshgrid([1, 2], [3, 4, 5])[0].shape)
try:
    np.concatenate([a, np.ones((1, 3))])
except ValueError as e:
    print(e)
# ---- printing
import numpy as np
print(np.array([0.1, 0.25, 1e-5]), np.array([1e10, 1.0]), np.array([1.0, 2.0, 3.0]), np.array([1.123456789]))
print(np.arange(2000), np.arange(12.0).reshape(3, 4) / 7)
print(np.array([[1.5, np.nan], [np.inf, -2]]), np.array([-0.0, 0.0]), np.float32(1) / 3, np.float64(1) / 3)
x = np.array([0.5, 0.25])
print(f'{x.mean():.3f} {x.sum():.1%} {x[0]:>8.2f} {np.int64(1234567):,} {x.max():e} {x}')
print('%.2f %d %s %r' % (x[0], np.int64(3), np.float32(0.1), x[1]), '{} {:.1f}'.format(x[0], x[1]))
print(str(x), repr(x), [x[0], x[1]], (np.float32(0.5),), {'k': np.int64(3)})
np.set_printoptions(precision=3, suppress=True)
print(np.array([1 / 3, 2e-9]))
np.set_printoptions(precision=8, suppress=False)
print(np.array([1 / 3]))
# ---- scalars
import numpy as np
s = np.float64(2.5)
print(s + 1, s * 2, 1 - s, s / 4, s ** 2, round(s), round(np.float64(3.14159), 2), int(s), float(np.int32(4)))
print(np.float32(0.1) + 0.2, type(np.float32(0.1) + 0.2).__name__, np.float32(2) * np.float32(3), np.int64(7) // 2)
print(s > 2, s == 2.5, max(np.array([1, 5, 3])), min(np.float64(1), 0.5), sum(np.array([0.5, 0.25])))
print(abs(np.float64(-1.5)), -np.int64(3))
d = {np.int64(1): 'one', 2: 'two'}
print(d[1], d[np.int64(2)], [10, 20, 30][np.int64(1)], 'ab' * int(np.int32(2)), range(np.int64(3)))
# ---- random
import numpy as np
np.random.seed(0)
r = np.random.rand(3, 2)
print(r.shape, r.dtype, bool((r >= 0).all() and (r < 1).all()))
n = np.random.randn(1000)
print(n.shape, bool(abs(n.mean()) < 0.2), bool(0.8 < n.std() < 1.2))
k = np.random.randint(0, 10, size=(5,))
print(k.dtype, k.shape, bool(((k >= 0) & (k < 10)).all()), type(np.random.randint(5)).__name__)
u = np.random.uniform(-1, 1, size=4)
print(u.shape, bool((abs(u) <= 1).all()), type(np.random.random()).__name__, np.random.normal(size=(2, 2)).shape)
p = np.random.permutation(10)
print(sorted(p.tolist()), np.random.choice(5, 3, replace=False).shape, np.random.choice([7, 8]) in (7, 8))
a = np.arange(10)
np.random.shuffle(a)
print(sorted(a.tolist()))
g = np.random.default_rng(42)
print(g.random(3).shape, g.integers(0, 5, size=4).dtype, g.normal(0, 1, size=(2,)).shape)
print(type(g.integers(5)).__name__, type(g.integers(0, 10, dtype=np.uint8)).__name__, type(g.integers(3, endpoint=True)).__name__, type(np.random.randint(5, dtype=np.int32)).__name__, type(np.random.RandomState(1).randint(3)).__name__)
np.random.seed(1)
x1 = np.random.rand(3)
np.random.seed(1)
print(bool((np.random.rand(3) == x1).all()))
# ---- random_stream
import numpy as np
# every legacy draw, bit for bit (tolist prints each float's shortest repr)
for s in (0, 1, 42, 123, 2**32-1):
    np.random.seed(s)
    print((np.random.rand(3)).tolist())
    print((np.random.randn(5)).tolist())
    print(np.random.randint(0, 10, size=6).tolist(), np.random.randint(-5, 1000000, size=3).tolist(), np.random.randint(0, 2**40, size=2).tolist())
    print((np.random.normal(2.0, 3.0, size=3)).tolist(), (np.random.uniform(-1, 2, size=3)).tolist())
    print(np.random.permutation(10).tolist(), np.random.choice(7, 4).tolist(), np.random.choice(7, 4, replace=False).tolist())
    print(np.random.choice(5, 6, p=[0.1, 0.2, 0.3, 0.15, 0.25]).tolist(), np.random.choice(5, 3, replace=False, p=[0.1, 0.2, 0.3, 0.15, 0.25]).tolist())
    a = np.arange(12).reshape(6, 2); np.random.shuffle(a); print(a.tolist())
    l = list(range(7)); np.random.shuffle(l); print(l)
    print(np.random.randint(0, 256, size=5, dtype=np.uint8).tolist(), np.random.randint(0, 2, size=9, dtype=bool).tolist(), np.random.randint(3, 9, size=4, dtype=np.int32).tolist())
    print(float(np.random.standard_normal()), float(np.random.random_sample()), np.random.randint(5))
# ---- generator_stream
import numpy as np
# every Generator draw, bit for bit: SeedSequence seeding, PCG64, Lemire's integers, the ziggurat
for s in (0, 1, 42, 2**32 - 1, 2**40 + 7, 9223372036854775807, [1, 2, 3], (5, 2**33)):
    g = np.random.default_rng(s)
    print(g.random(3).tolist(), g.random(dtype=np.float32), g.random(2, dtype=np.float32).tolist())
    print(g.integers(0, 10, size=7).tolist(), int(g.integers(5)), g.integers(-3, 3, size=(2, 2), endpoint=True).tolist())
    print(g.integers(0, 2**40, size=3).tolist(), g.integers(-9223372036854775807 - 1, 9223372036854775807, size=2).tolist(), g.integers(0, 2**32, size=2).tolist())
    print(g.integers(0, 256, size=6, dtype=np.uint8).tolist(), g.integers(0, 2, size=9, dtype=bool).tolist(), g.integers(3, 9, size=4, dtype=np.int32).tolist())
    print(g.standard_normal(6).tolist(), g.normal(2.0, 3.0, size=(2, 2)).tolist(), g.uniform(-1, 2, size=3).tolist())
    print(g.standard_normal(5, dtype=np.float32).tolist(), g.integers(0, 100, size=3).tolist(), float(g.standard_normal(dtype=np.float32)))
    print(g.permutation(12).tolist(), g.permutation(np.arange(8).reshape(4, 2)).tolist())
    a = np.arange(9); g.shuffle(a); l = list(range(7)); g.shuffle(l); print(a.tolist(), l)
    print(g.choice(7, 5).tolist(), g.choice(100, 6, replace=False).tolist(), g.choice(20000, 3, replace=False).tolist())
    print(g.choice(20000, 1000, replace=False)[::97].tolist(), g.choice([10, 20, 30], size=(2, 3)).tolist())
    print(g.choice(50, 6, replace=False, shuffle=False).tolist(), g.choice(20000, 800, replace=False, shuffle=False)[::97].tolist(), g.choice(20000, 1200, replace=False, shuffle=False)[-3:].tolist())
    print(g.choice(5, 4, p=[0.1, 0.2, 0.3, 0.15, 0.25]).tolist(), g.choice(5, 3, replace=False, p=[0.1, 0.2, 0.3, 0.15, 0.25]).tolist())
    print(float(g.standard_normal()), float(g.normal()), float(g.random()), int(g.integers(1000)), int(g.choice(9)))
    z = g.standard_normal(20000)
    print(z[::1999].tolist(), float(z.min()), float(z.max()), int((z > 3).sum()))
    f = g.standard_normal(20000, dtype=np.float32)
    print(f[::1999].tolist(), float(f.min()), float(f.max()), int((f > 3).sum()), f.dtype)
g = np.random.default_rng(7)
print(np.random.default_rng(g) is g, g.random(2).dtype, g.random(2, dtype=np.float32).dtype, g.integers(3, size=2).dtype)
print(g.integers(0, 5, size=3, dtype=np.uint8).dtype, g.standard_normal((2, 3)).shape, type(g.random()).__name__)
print(np.random.default_rng([]).random(2).tolist() == np.random.default_rng(0).random(2).tolist())
bg = np.random.PCG64(42)
g1, g2 = np.random.Generator(bg), np.random.Generator(bg)  # both draw from bg's one state
print(g1.random(2).tolist(), g2.random(1).tolist(), g1.integers(0, 10, 3).tolist(), np.random.default_rng(bg).random(1).tolist())
print(np.random.default_rng(np.random.PCG64([1, 2])).standard_normal(2).tolist(), type(g1).__name__, type(bg).__name__)
del bg
print(g2.integers(0, 100, 2).tolist())
for bad in (-1, 1.5, [3, -2]):
    try:
        np.random.default_rng(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(g.permutation(np.arange(6).reshape(3, 2), axis=0).tolist(), g.choice(9, 2, axis=0).tolist())
for f in (lambda: g.integers(3, 3), lambda: g.choice(3, 4, replace=False), lambda: g.choice(0, 2), lambda: g.standard_normal(dtype=np.int32)):
    try:
        f()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
# ---- distributions
import numpy as np
# exponential, lognormal, poisson (both algorithms) and binomial (inversion and BTPE, p > 0.5,
# an array of p) on the legacy global, a RandomState and a Generator, bit for bit
for seed in (0, 7, 2024):
    np.random.seed(seed)
    for src in (np.random, np.random.RandomState(seed + 1), np.random.default_rng(seed)):
        print(src.poisson(3.5, size=8).tolist(), src.poisson(25.0, size=6).tolist(), src.poisson(1e7, size=3).tolist())
        print(src.binomial(10, 0.3, size=8).tolist(), src.binomial(1000, 0.4, size=6).tolist(), src.binomial(1000, 0.93, size=6).tolist())
        print(src.binomial(40, 0.9, size=6).tolist(), src.binomial(100000, 0.01, size=4).tolist(), int(src.binomial(20, 0.5, size=2000).sum()))
        print(int(src.binomial(100000, 0.4, size=3000).sum()), int(src.binomial(500, 0.3, size=3000).sum()))  # BTPE's Stirling bound
        a = src.exponential(2.0, size=4000)
        print(a[:3].tolist(), np.sort(a)[-2:].tolist(), src.standard_exponential(size=2).tolist(), src.lognormal(0.5, 0.25, size=3).tolist())
        p = 1 / (1 + np.exp(-np.linspace(-4, 4, 40)))
        print(src.binomial(1, p).tolist(), src.poisson(np.array([[0.5], [12.0]]), size=(2, 3)).tolist(), src.binomial([3, 9], 0.5).tolist())
        print(src.binomial(0, 0.5), src.binomial(5, 0.0), src.binomial(5, 1.0), src.poisson(0.0), src.poisson(), src.exponential(), src.binomial(2.5, 0.5))
        print(type(src.poisson(2)).__name__, type(src.exponential()).__name__, repr(src.binomial(3, 0.5, size=())), repr(src.poisson(2, size=(2, 0))))
for f in (lambda: np.random.poisson(-1), lambda: np.random.poisson([1, float('nan')]), lambda: np.random.poisson(1e20),
          lambda: np.random.binomial(-1, 1.5), lambda: np.random.binomial([3], [1.5]), lambda: np.random.binomial(-3, 0.5),
          lambda: np.random.exponential([1, -1]), lambda: np.random.lognormal(0, -1), lambda: np.random.default_rng(1).poisson(-2),
          lambda: np.random.binomial([1, 2], [0.5, 0.5, 0.5]), lambda: np.random.poisson([1, 2, 3], size=2), lambda: np.random.poisson([[1], [2]], size=(3,)),
          lambda: np.random.exponential(-0.0), lambda: np.random.exponential([0.0, -0.0]), lambda: np.random.poisson(float('nan'))):
    try:
        f()
    except ValueError as e:
        print(type(e).__name__, e)
# ---- files
import numpy as np
import os
a = np.arange(12, dtype=np.uint8).reshape(2, 2, 3)
np.save('nnc_np_tmp', a)
b = np.load('nnc_np_tmp.npy')
print(b.shape, b.dtype, bool((a == b).all()))
os.remove('nnc_np_tmp.npy')
np.savetxt('nnc_np_tmp.csv', np.array([[1, 2.5], [3, 4]]), delimiter=',', fmt='%.2f')
with open('nnc_np_tmp.csv') as f:
    print(f.read())
print(np.loadtxt('nnc_np_tmp.csv', delimiter=','), np.genfromtxt('nnc_np_tmp.csv', delimiter=',').shape)
os.remove('nnc_np_tmp.csv')
try:
    np.load('nnc_surely_missing.npy')
except FileNotFoundError as e:
    print(type(e).__name__)
# ---- histogram_rules
import numpy as np
# np.histogram's bin-width rules, as seaborn's histplot and plt.hist(bins='auto') use them
rng = np.random.RandomState(3)
data = [rng.normal(size=200), rng.exponential(2.0, size=57), np.array([1.0, 1, 1, 2]), np.array([5.0]),
        np.concatenate([np.zeros(40), np.arange(5.0)]), rng.uniform(0, 1, size=1000).astype(np.float32)]
for x in data:
    for rule in ('auto', 'fd', 'sturges', 'sqrt', 'rice', 'scott'):
        c, e = np.histogram(x, bins=rule)
        print(rule, len(e) - 1, c.tolist()[:6], '%.10g %.10g' % (e[0], e[-1]))
    c, e = np.histogram(x, bins='auto', range=(0, 1))
    print('range', c.tolist()[:6], len(e))
for bins in ('doane_x', 'Auto'):
    try:
        np.histogram([1, 2, 3], bins=bins)
    except ValueError as err:
        print(type(err).__name__, err)
try:
    np.histogram([1, 2, 3], bins='auto', weights=[1, 1, 2])
except TypeError as err:
    print(type(err).__name__, err)
# ---- printoptions_in_a_with_block
import numpy as np
x = np.array([1.23456789, 1e-9, 250.0])
with np.printoptions(precision=2, suppress=True) as opts:
    print('First example:', x)
    print(opts['precision'], opts['suppress'], opts['threshold'])
print(x)
np.set_printoptions(precision=3, suppress=True)
print(np.get_printoptions()['precision'], x)
print(sorted(np.get_printoptions()))
# ---- arrays_of_text
# class names as an array, indexed by predictions; random choices of text
import numpy as np
names = np.array(['cat', 'dog', 'bird'])
print(names)
print(names[[2, 0]], names[1], len(names))
print(names[np.array([0, 0, 1])])
print(np.array([['a', 'b'], ['c', 'd']]))
print(np.asarray(['x', 'yy']))
rng = np.random.default_rng(0)
print(rng.choice(['a', 'b'], 5), rng.choice(['a', 'b', 'c'], 2, replace=False))
np.random.seed(1)
print(np.random.choice(['x', 'y', 'z'], size=4, p=[0.5, 0.25, 0.25]))
print(np.random.choice(names, (2, 2)), np.random.choice(names))
# ---- logspace_and_geomspace
# the learning rates a sweep tries, evenly spaced in their logs (printed at numpy's
# precision: numpy's vectorized power rounds the last bit its own way)
import numpy as np
print(np.logspace(-5, 0, 6), np.logspace(0, 3, 4, base=2, endpoint=False))
print(np.logspace(1, 2, 3, dtype=np.float32), np.logspace(0, 1, 0))
print(np.geomspace(1, 1000, 4), np.geomspace(-1, -1000, 4), np.geomspace(1e-5, 1, 3, endpoint=False))
print(np.geomspace(3, 7, 5)[[0, -1]].tolist())
for bad in (lambda: np.geomspace(0, 1), lambda: np.logspace(0, 1, -1)):
    try:
        bad()
    except ValueError as e:
        print(e)
