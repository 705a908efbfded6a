# The checklist of issue 13 ("tutorial Python"), the part that needs no Keras: every value,
# operator, indexing form, method, builtin, statement, text format and numpy function the
# issue lists. test_tutorial_python.c runs it with `nnc run` and with CPython and numpy and
# compares the two outputs line by line. Random numbers are checked by their shapes and
# ranges (nnc's stream is not numpy's), times by their type.
import numpy as np
import time
import os
import sys
import warnings
import random

warnings.filterwarnings('ignore')
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'
print('values')
i, f, b, n, s = 7, 0.857, True, None, 'text'
l, t, d = [1, 2.5, 'a'], (1, 'b'), {'loss': [0.9, 0.5, 0.25], 'acc': 0.75}
print(i, f, b, n, s, l, t, d)
print(type(i).__name__, type(f).__name__, type(b).__name__, type(n).__name__, type(s).__name__,
      type(l).__name__, type(t).__name__, type(d).__name__, type(np.zeros(1)).__name__)

print('dtypes')
for dt in [np.uint8, np.int32, np.int64, np.float32, np.float64, np.bool_]:
    a = np.array([0, 1, 2], dtype=dt)
    print(a.dtype, a, a.dtype.itemsize, repr(a))
for name in ['uint8', 'int32', 'int64', 'float32', 'float64', 'bool']:
    print(np.zeros(2, dtype=name).dtype, np.dtype(name), np.ones(2).astype(name))
print(np.uint8, np.float32, np.dtype(np.int64) == np.int64, np.array([1.5]).dtype == 'float64')

print('arithmetic')
x = np.arange(6, dtype=np.float64).reshape(2, 3) + 1
v = np.array([10, 20, 30])
c = np.array([[2], [4]])
print(x + v, x - v, x * c, x / c, x // c, x % c, x ** 2, -x, sep='\n')
print(x @ x.T, x @ np.ones(3), sep='\n')
u8 = np.array([200, 100, 3], dtype=np.uint8)
print(u8 + 100, u8 / 255.0, (u8 / 255.0).dtype, u8 // 2, u8 % 7, u8 * 2.0, u8.astype(np.float32) / 255)
i32 = np.array([7, -7, 9], dtype=np.int32)
print(i32 // 2, i32 % 4, i32 ** 2, -i32, i32 / 2, (i32 * 1.5).dtype, (i32 + np.int64(1)).dtype)
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10, 2 ** -1, 7 / 2, 1e3 / 7, -(3.5), 2 ** 0.5)
t0 = time.time()
print(type(t0).__name__, type(time.time() - t0).__name__, time.time() - t0 >= 0)

print('comparisons')
y = np.array([3, 1, 4, 1, 5])
print(y > 2, y >= 3, y < 2, y <= 1, y == 1, y != 1, (y > 2).dtype, x > v / 10)
print((y > 1) & (y < 5), (y < 2) | (y > 4), ~(y > 2), y[y > 2], (y == 1).sum(), (y == 1).mean())
print(True and 0, 0 or 'x', None or [], not None, not [], not [0], 1 and 2, '' or 'default')
print((y > 0).all() and (y > 4).any(), not (y > 9).any(), 1 < 2 < 3, 1 < 3 < 2)

print('indexing')
a = np.arange(24).reshape(2, 3, 4)
print(a[0], a[-1], a[1, -1, -2], a[0, :, 1], a[:, 1:, ::2], a[..., 0], a[0, ..., 1:3], sep='\n')
print(a[None].shape, a[:, np.newaxis].shape, a[..., None].shape, a[::-1, ::-2, 1::2].shape)
m = np.arange(10) * 1.5
print(m[2:7], m[::3], m[-3:], m[:-7], m[::-1], m[7:2:-2], m[[0, 2, 4]], m[np.array([1, 1, 9])])
print(m[m > 6], m[(m > 3) & (m < 9)], a[a % 5 == 0], a[np.array([1, 0])].shape, a[:, [0, 2]].shape)
X = np.ones((150, 4, 2))
print(X.shape[1:], X.shape[0], X.shape[-1], X[:1].shape, X[:, 0:2].shape, X[-1].shape)
dataset = np.arange(36.0).reshape(4, 9)
print(dataset[:, 0:8].shape, dataset[:, 8], dataset[1:3, -1], dataset[:2][:, :2])
score = [0.3456, 0.875]
print(score[0], score[-1], score[1:], l[-1], l[::-1], t[0], t[-1], s[0], s[-1], s[1:3], s[::-1])
history = {'loss': [0.9, 0.5, 0.25], 'val_loss': [1.0, 0.8, 0.6]}
print(history['loss'][-1], history['val_loss'][-2:], d['acc'], list(history.keys()))
w = np.zeros((3, 3))
w[0] = 1
w[:, 2] = [7, 8, 9]
w[w == 0] = -1
w[[1, 2], [0, 1]] = 5
print(w)

print('attributes')
z = np.arange(12, dtype=np.float32).reshape(3, 4)
print(z.shape, z.ndim, z.size, z.dtype, z.T, z.T.shape, sep='\n')
print(z.reshape(2, 6), z.reshape(-1), z.reshape((4, 3)).shape, z.reshape(-1, 2).shape, sep='\n')
print(z.astype(np.int32), z.astype('uint8').dtype, z.flatten(), z.ravel(), z.copy() is z)
print(z.tolist(), z[0].tolist(), z[1, 2].item(), z.sum().item(), type(z.max().item()).__name__)
print(z.mean(), z.mean(axis=0), z.mean(axis=1), z.std(), z.std(axis=0), z.sum(), z.sum(axis=1))
print(z.min(), z.min(axis=0), z.max(axis=1), z.argmax(), z.argmax(axis=1), z.argmin(), z.argmin(axis=0))
print((z / 7).round(2), (z / 7).round(), z.sum(axis=0, keepdims=True), z.mean(axis=-1))
p = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
print(p.argmax(axis=1), np.argmax(p, axis=-1), p.max(axis=1), p.round(1), p.std(axis=1))

print('builtins')
print(len(l), len(d), len('héllo'), len(z), list(range(3)), list(range(2, 10, 3)), list(range(5, 0, -2)))
print(int(3.9), int(-3.9), int('42'), float('1.5'), float(3), str(0.1), str([1]), bool(0), bool('x'))
print(round(2.675, 2), round(2.5), round(3.5), round(0.857), round(-1.25, 1), round(1234.5678, -2))
print(abs(-3), abs(-2.5), min(3, 1, 2), max([1, 5, 2]), min('b', 'a'), max(d, key=len), sum([1, 2, 3]), sum([0.1] * 3))
print(list(zip([1, 2], 'ab')), list(enumerate('xy', 1)), list((1, 2)), tuple([1, 2]), dict(a=1, b=2))
print(dict(zip(['x', 'y'], [1, 2])), sorted([3, 1, 2]), sorted('bca', reverse=True), sorted(d.items()))
print(isinstance(1, int), isinstance(1.0, (int, float)), isinstance(True, int), isinstance(z, np.ndarray))
print(round(np.float64(0.87654), 3), int(np.int64(5)), float(np.float32(0.5)), len(np.zeros((4, 2))))

print('statements')
for k in range(10):
    if k == 1:
        continue
    elif k % 2 == 0:
        pass
    else:
        print('odd', k)
    if k > 6:
        break
else:
    print('no break')
for name, values in history.items():
    print(name, values[-1])
for e, (lo, va) in enumerate(zip(history['loss'], history['val_loss'])):
    print(e, lo, va)
for item in ['a', 'b']:
    print(item)
squares = [q * q for q in range(6) if q % 2 == 0]
pairs = [(q, r) for q in range(2) for r in 'ab']
print(squares, pairs, {k: v[0] for k, v in history.items()}, [len(v) for v in history.values()])


def scheduler(epoch, lr=0.1, decay=0.5, *, floor=0.0):
    if epoch < 2:
        return lr
    return max(lr * decay ** (epoch - 1), floor)


print([scheduler(e) for e in range(4)], scheduler(3, 1.0), scheduler(3, decay=0.1), scheduler(9, floor=0.05))
total = 0
total += 5
total -= 1
total *= 3
total //= 5
total **= 2
total /= 4
total %= 2
print(total)
assert total < 3, 'total too big'
try:
    assert total > 3, 'total too small'
except AssertionError as err:
    print('AssertionError:', err)
while True:
    total += 1
    if total > 3:
        break
print(total)

print('text')
acc, n, xv, loss = 0.85678, 1234567, 3.14159, 0.1234567
print(f'{acc:.2%} {n:,} {xv:>8.3f}| {loss:.4f} {acc:.3} {n:>12,}| {xv:<8.2f}| {acc*100:.1f}%')
print(f'{np.float32(acc):.2%} {np.int64(n):,} {np.float64(xv):>8.3f} {np.array([1.5]).sum():.1f}')
print('%.2f%%' % (acc * 100), '%s: %.2f%%' % ('acc', acc * 100), '%d items, %5.3f' % (n, xv), '%-5s|' % 'ab')
print('{} {:.3f} {:,} {:>6} {name}'.format(1, xv, n, 'r', name='kw'), 'Epoch {}/{}'.format(3, 10))
print(0.857, 0.1 + 0.2, 1 / 3, 1e-5, 1e16, 123456789.0, 2.0, -0.0, 100.0 / 3, 0.85699999999999998)
print(np.float32(0.857), np.float64(0.857), np.float32(1) / 3, [np.float64(0.5)], np.int64(3))
print(np.array([0.857, 1.0, 2.5]), np.array([1e-5, 1.0]), np.array([[1, 2], [3, 4]]), np.arange(1500))
print(np.array([0.1, 0.2], dtype=np.float32), np.linspace(0, 1, 7), np.array([True, False]), np.zeros((2, 0)))
print(repr(np.array([1.5, 2.0])), repr(np.arange(3, dtype=np.uint8)), str(np.ones((2, 2, 2))))

print('numpy creation')
print(np.array([1, 2]), np.array([[1.0, 2], [3, 4]]), np.asarray([1, 2], dtype=np.float32), np.asarray(z) is z)
print(np.zeros(3), np.zeros((2, 2), dtype=int), np.ones(2), np.ones((1, 3), dtype=np.uint8), np.full((2, 2), 0.5))
print(np.full(3, 7), np.eye(2), np.eye(3, dtype=np.int32), np.arange(4), np.arange(1, 2, 0.25), np.arange(10, 0, -3))
print(np.linspace(0, 1, 5), np.linspace(-1, 1, 4), np.linspace(0, 10, 3, dtype=np.int64), np.linspace(0, 1, 3).dtype)

print('numpy joining')
a2 = np.array([[1, 2], [3, 4]])
b2 = np.array([[5, 6]])
print(np.concatenate([a2, b2]), np.concatenate((a2, a2), axis=1), np.concatenate([a2.ravel(), [9]]), sep='\n')
print(np.stack([a2, a2]).shape, np.stack([a2, a2], axis=1), np.vstack([a2, b2]), np.hstack([a2, a2]), sep='\n')
print(np.hstack([np.ones(2), np.zeros(1)]), np.vstack([np.ones(2), np.zeros(2)]))
print(np.expand_dims(a2, 0).shape, np.expand_dims(a2, axis=-1).shape, np.squeeze(np.ones((1, 3, 1))).shape)
print(np.squeeze(np.ones((1, 3, 1)), axis=0).shape, np.reshape(a2, (4,)), np.reshape(a2, (-1, 1)).shape)
print(np.transpose(a2), np.transpose(np.ones((2, 3, 4)), (2, 0, 1)).shape, np.transpose(a2).shape)
s6 = np.arange(12).reshape(6, 2)
print(np.split(s6, 3), np.split(s6, [1, 4]), np.split(s6, [-2]), np.split(s6, 2, axis=1))
print(np.array_split(np.arange(7), 3), np.array_split(s6, 4), np.array_split(np.arange(3), 5))
folds = np.array_split(np.arange(10), 3)
folds[0][0] = 99
print([f.shape for f in folds], type(folds).__name__)
for bad in (lambda: np.split(np.arange(7), 3), lambda: np.array_split(s6, 0)):
    try:
        bad()
    except ValueError as err:
        print('ValueError:', err)

print('numpy reductions')
r = np.array([[1.0, 5.0, 3.0], [4.0, 2.0, 6.5]])
print(np.argmax(r), np.argmax(r, axis=0), np.argmin(r, axis=1), np.max(r), np.max(r, axis=0), np.min(r, axis=1))
print(np.mean(r), np.mean(r, axis=0), np.std(r), np.std(r, axis=1), np.var(r), np.var(r, axis=0), np.sum(r, axis=1))
print(np.sum(r), np.sum([1, 2, 3]), np.mean([1, 2, 3, 4]), np.max([3, 9, 2]), np.sum(r > 2), np.mean(r > 2))
labels = np.array([2, 0, 1, 2, 2, 0])
uq, counts = np.unique(labels, return_counts=True)
print(uq, counts, np.unique(labels), dict(zip(uq, counts)))
print(np.unique(np.array([1.5, 0.5, 1.5])), np.unique(labels, return_counts=True))
for label, count in zip(*np.unique(labels, return_counts=True)):
    print(f'class {label}: {count}')

print('numpy elementwise')
e = np.array([0.25, 1.0, 4.0])
print(np.exp(e), np.log(e), np.sqrt(e), np.abs(-e), np.abs(np.array([-3, 2])), np.clip(e, 0.5, 2))
print(np.clip(np.array([-2, 0, 5, 9]), 0, 6), np.round(np.array([0.5, 1.5, 2.675]), 2), np.round(e / 3, 3))
print(np.where(e > 0.5, e, -1), np.where(e > 0.5), np.where(labels == 2)[0], np.where(p > 0.5, 1, 0))
print(np.maximum(e, 1), np.minimum(e, np.array([1, 0, 9])), np.maximum(0, np.array([-1.5, 2.0])))
print(np.exp(1), np.round(np.log(10), 12), np.sqrt(2), np.abs(-1.5), np.round(3.14159, 2), np.clip(5, 0, 3))

print('numpy random')
np.random.seed(42)
ra = np.random.rand(3, 2)
rn = np.random.randn(1000)
ri = np.random.randint(0, 10, size=(5,))
ri2 = np.random.randint(5, size=4)
rnorm = np.random.normal(0, 1, size=(2, 3))
ru = np.random.uniform(-1, 1, size=(4,))
perm = np.random.permutation(10)
sh = np.arange(10)
np.random.shuffle(sh)
print(ra.shape, ra.dtype, bool(((ra >= 0) & (ra < 1)).all()), rn.shape, bool(abs(rn.mean()) < 0.2))
print(ri.shape, ri.dtype, bool(((ri >= 0) & (ri < 10)).all()), bool((ri2 < 5).all()), rnorm.shape, rnorm.dtype)
print(ru.shape, bool((abs(ru) <= 1).all()), sorted(perm.tolist()), sorted(sh.tolist()), perm.dtype)
print(np.random.permutation(np.array([5, 6, 7])).shape, type(np.random.rand()).__name__)
np.random.seed(7)
first = (np.random.rand(4), np.random.randn(3), np.random.randint(0, 100, 5), np.random.permutation(6))
np.random.seed(7)
again = (np.random.rand(4), np.random.randn(3), np.random.randint(0, 100, 5), np.random.permutation(6))
print('reproducible', all((f == g).all() for f, g in zip(first, again)))
random.seed(3)
rs = [random.random(), random.randint(1, 6), random.choice('abc')]
random.seed(3)
print('random reproducible', rs == [random.random(), random.randint(1, 6), random.choice('abc')])
idx = list(range(5))
random.shuffle(idx)
print(sorted(idx))

print('numpy files')
arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
np.save('checklist_a.npy', arr)
np.save('checklist_b', np.linspace(0, 1, 4).astype(np.float32))
back = np.load('checklist_a.npy')
print(back.shape, back.dtype, bool((back == arr).all()), np.load('checklist_b.npy'), np.load('checklist_b.npy').dtype)
np.savetxt('checklist.csv', np.array([[1, 2.5], [3, 4]]), delimiter=',')
np.savetxt('checklist2.csv', np.array([[1, 2.5], [3, 4]]), delimiter=',', fmt='%.3f', header='a,b', comments='')
with open('checklist2.csv') as fh:
    print(fh.read().strip())
print(np.loadtxt('checklist.csv', delimiter=','), np.loadtxt('checklist2.csv', delimiter=',', skiprows=1))
print(np.genfromtxt('checklist.csv', delimiter=','), np.genfromtxt('checklist2.csv', delimiter=',', skip_header=1).shape)
with open('checklist3.csv', 'w') as fh:
    fh.write('1,2,x\n3,,5\n')
print(np.genfromtxt('checklist3.csv', delimiter=','), np.loadtxt('checklist.csv', delimiter=',', usecols=(1,)))
for name in ['checklist_a.npy', 'checklist_b.npy', 'checklist.csv', 'checklist2.csv', 'checklist3.csv']:
    os.remove(name)
print(os.path.exists('checklist.csv'), os.path.join('data', 'x.csv'), os.path.basename('/a/b.csv'))
print(len(sys.argv) >= 1, sys.argv[0].endswith('tutorial_python.py'), sys.version_info[0], type(sys.version).__name__)
sys.path.append('..')
print(sys.path[-1], type(sys.path).__name__, isinstance(sys.path[0], str))
warnings.warn('hidden')
print(os.getcwd() == os.path.abspath('.'), type(os.environ.get('HOME')).__name__)
print('done')
