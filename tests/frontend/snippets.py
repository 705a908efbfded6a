# Snippets that nnc's interpreter and CPython must print identically (test_snippets.c runs
# both on each part and compares their outputs). Each part starts with "# ---- name" and runs
# on its own. Errors are printed through try/except, never left uncaught.
# ---- floats
print(0.857, 0.1 + 0.2, 1/3, 2/3, 1e16, 1e15, 1e-4, 1e-5, 123456789.123456789, -0.0)
print(1.0, 100.0, 1e22, 1.5e300 * 1e10, -1.5e300 * 1e10, float('nan'), 2.0 ** 60, 0.1 * 3)
print([0.1, 2.0, 3.25], (1.5,), {'a': 0.5}, 5e-324, 1.7976931348623157e308)
# ---- ints
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 2 ** 62, 2 ** -1, 10 / 4, 9 // 2.5, -9 % 2.5)
print(1 << 10, 1024 >> 3, 6 & 3, 6 | 3, 6 ^ 3, ~5, -(-5), +3, abs(-7), divmod(17, 5), divmod(-17, 5))
print(int('42'), int(' -7 '), int('1_000'), int(3.9), int(-3.9), int('ff', 16), int('0x1f', 0), int(True))
print(9223372036854775807, -9223372036854775807 - 1, pow(2, 10), pow(3, 4, 5))
# ---- bools_none
print(True + True, True * 3, True and 0, 0 or 'x', None or [], not None, True & False, True | False)
print(bool(0), bool([]), bool([0]), bool(''), bool('a'), bool(0.0), bool(None), 1 == 1.0, 1 is 1)
# ---- comparisons
print(1 < 2 < 3, 1 < 3 < 2, 'a' < 'b', [1, 2] < [1, 3], (1, 2) == (1, 2), 3 in [1, 2, 3], 'x' not in 'abc')
print(1 == 1.0 == True, None is None, [] is not [], 2 <= 2.0, float('nan') == float('nan'), 0.1 + 0.2 == 0.3)
x = 5
print(0 < x <= 5, 0 < x < 5, x if x > 3 else -x, -x if x > 9 else x)
# ---- strings
s = "Hello, World"
print(s.upper(), s.lower(), s.title(), s.swapcase(), s.capitalize(), len(s), s[0], s[-1], s[1:5], s[::2], s[::-1])
print(s.split(', '), s.split('o'), ' a  b c '.split(), 'a,b,,c'.split(','), 'a b c'.split(None, 1), 'a b c'.rsplit(' ', 1))
print(s.replace('l', 'L'), s.replace('l', 'L', 1), s.find('o'), s.rfind('o'), s.find('z'), s.count('l'), s.index('W'))
print(s.startswith('He'), s.endswith(('x', 'ld')), '  pad  '.strip(), 'xxhixx'.strip('x'), '  a'.lstrip(), 'a  '.rstrip() + '|')
print('abc'.ljust(6, '*'), 'abc'.rjust(6), 'abc'.center(8, '-'), 'abc'.center(7), '42'.zfill(5), '-42'.zfill(6))
print('-'.join(['a', 'b', 'c']), ''.join(str(i) for i in range(5)), 'a\nb\r\nc'.splitlines(), 'ab' * 3, 'a' + 'b')
print('123'.isdigit(), 'abc'.isalpha(), 'a1'.isalnum(), '  '.isspace(), 'ABC'.isupper(), 'abc'.islower(), 'k=v'.partition('='))
print(repr('it\'s'), repr("say \"hi\""), repr('tab\tnew\nline'), repr('back\\slash'))
print('é'.upper(), len('héllo'), 'héllo'[1], 'héllo'[::-1], 'naïve café'.split(), '→'.join('ab'))
# ---- fstrings
acc, n, x, v, name = 0.8567, 1234567, 3.14159, 12345.678, 'hi'
print(f"{acc:.2%} {n:,} {x:>8.3f} {v:e} {name:^10}|{name!r} {x=} {n=:,} {acc:.1f}")
print(f"{1:03d} {255:x} {255:#X} {255:08b} {7:+d} {-7: d} {0.5:10.2%} {1e-7:.3g} {123.0:g} {1234.5:_.2f}")
width, prec = 10, 3
print(f"[{x:{width}.{prec}f}] [{name:>{width}}] [{'a':*<5}] {{literal}} {'nested ' + name}")
print(f"{[1, 2]} {(3,)} {None} {True} {3.0} {2**10} {'x' * 3} {len('abc'):d}")
print(f'{"q"}' f"{1}" 'plain' f"{2:.1f}")
# ---- format_builtin
print(format(3.14159, '.2f'), format(42, 'b'), format(0.25, '%'), format(1234.5678, ',.2f'), format('s', '>5'))
print(format(100.0, '.3'), format(1.0, '.3'), format(9.999, '.3'), format(123.456, '.2'), format(1e16, ''), format(12.0, 'n'))
print(format(True, '>5'), format(True, ''), format(-0.0, 'z.1f'), format(1234, '010,'), format(-1234.5, '012,.2f'))
print(format(float('inf'), 'f'), format(float('-inf'), '+.2e'), format(float('nan'), '.3'), format(5, '+'), format(-5, ' '))
print(format(1e100, 'f')[:20], format(0.1, '.17'), format(1.5, 'G'), format(1e-10, 'E'), format(2.5, '.0f'), format(3.5, '.0f'))
# ---- percent
print('%5.1f%%' % 99.55, '%d' % 3.7, '%s and %r' % ('a', 'b'), '%(x)s-%(y)d' % {'x': 1, 'y': 2}, '%-6d|' % 42)
print('%+.3e' % 12345.678, '%x %X %o' % (255, 255, 8), '%5s|%-5s|' % ('ab', 'cd'), '%c' % 65, '%.3s' % 'abcdef')
print('%*d' % (5, 42), '%g' % 0.0001, '%g' % 1e-5, '%i' % True, '%05.1f' % 3.14159, '%.0f' % 2.5, '%s' % [1, 2])
print('%s' % (1,), '%s %s' % (1, 2), 'no args' % (), '%%' % ())
# ---- strformat
print('{} {}'.format(1, 2), '{1} {0}'.format('a', 'b'), '{x:>{w}}'.format(x=3, w=5), '{0[1]} {1[k]}'.format([7, 8], {'k': 9}))
print('{!r:>8}'.format('hi'), '{:,}'.format(1234567.891), '{:.3}'.format('abcdef'), '{0}{0}'.format('ab'), '{:^9.2f}'.format(3.14159))
print('Epoch {}/{} - loss: {:.4f} - acc: {:.2%}'.format(3, 10, 0.123456, 0.9876))
# ---- lists
l = [3, 1, 4, 1, 5, 9, 2, 6]
l.append(5)
l.extend([3, 5])
l.insert(0, 0)
print(l, len(l), l.pop(), l.pop(0), l.index(4), l.count(1), sorted(l), sorted(l, reverse=True), l[2:5], l[-3:], l[::3])
l.remove(1)
l.sort(key=lambda v: -v)
print(l, l[::-1], list(reversed(l)), l + [0], [0] * 3, 5 in l, min(l), max(l), sum(l))
m = l.copy(); m.reverse(); m[0] = 'x'; m[1:3] = ['a', 'b', 'c']; del m[-1]; del m[0:2]
print(m, l == l[:], [1, 2] == [1, 2], [[0] * 2 for _ in range(2)], [1, [2, [3]]])
a = [1, 2, 3]; a += [4]; a *= 2; print(a)
a = list(range(10)); a[::2] = [0] * 5; print(a, a[1::2], a[-1:-4:-1], a[100:], a[-100:2])
# ---- tuples_unpacking
t = (1, 2, 3)
a, b, c = t
first, *rest = t
*init, last = [1, 2, 3, 4]
x, (y, z) = 1, (2, 3)
print(t, a, b, c, first, rest, init, last, x, y, z, t.index(2), t.count(3), t + (4,), t * 2, (1,) < (1, 2))
for i, (p, q) in enumerate([(1, 'a'), (2, 'b')]):
    print(i, p, q)
a, b = b, a
print(a, b, tuple('ab'), tuple(), (), len(()))
# ---- dicts
d = {'loss': [0.5, 0.3], 'accuracy': [0.8, 0.9]}
d['val_loss'] = [0.6]
print(d, d['loss'][-1], d.get('x'), d.get('x', 0), list(d), list(d.keys()), list(d.values())[0], len(d), 'loss' in d)
print(d.keys(), d.items(), d.pop('val_loss'), d.setdefault('z', 1), d, dict(a=1, b=2), dict([('x', 1)]), dict(zip('ab', [1, 2])))
e = d.copy(); e.update({'loss': 0}, k=2); del e['z']; print(e, {**d, 'new': 1}, d | {'w': 0}, {1: 'a', 2.0: 'b', (1, 2): 'c'})
print({k: v * 2 for k, v in [('a', 1), ('b', 2)] if v > 1}, dict.fromkeys('ab', 0), sorted({'b': 1, 'a': 2}.items()))
for k, v in d.items():
    print(k, v)
# ---- sets
s = {3, 1, 2}
s.add(4); s.discard(10); s.remove(3)
print(sorted(s), len(s), 1 in s, sorted(s | {9}), sorted(s & {1, 4}), sorted(s - {1}), sorted(s ^ {1, 7}), set(), {1} <= {1, 2})
print(sorted({x % 3 for x in range(10)}), frozenset([1]) == {1}, sorted(set('hello')), set([1, 1]) == {1})
# ---- control
for i in range(10):
    if i == 2:
        continue
    if i > 5:
        break
    print(i, end=' ')
else:
    print('no break')
print()
n = 0
while n < 3:
    n += 1
else:
    print('while else', n)
for i in []:
    pass
else:
    print('empty for else')
if 0: print('a')
elif []: print('b')
else: print('c')
# ---- functions
def f(a, b=2, *args, c=3, **kw):
    """Docstring."""
    return a, b, args, c, kw
print(f(1), f(1, 5, 6, 7, c=0, z=1), f(*[1, 2, 3], **{'c': 4}), f(b=1, a=2))
def g(x, /, y, *, z):
    return x + y + z
print(g(1, 2, z=3), g(1, y=2, z=3))
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(10), (lambda x, y=2: x * y)(3), list(map(lambda v: v + 1, [1, 2])), list(filter(None, [0, 1, 2])))
def counter():
    count = 0
    def inc(by=1):
        nonlocal count
        count += by
        return count
    return inc
c = counter(); c(); c(5)
print(c(), f.__name__, (lambda: 0).__name__)
total = 0
def add(v):
    global total
    total += v
add(3); add(4); print(total)
def defaults(x, acc=[]):
    acc.append(x)
    return acc
defaults(1); print(defaults(2))
# ---- comprehensions
print([x * y for x in range(3) for y in range(3) if x != y], [[r * 3 + c for c in range(3)] for r in range(2)])
print({x: x * x for x in range(4)}, {c for c in 'abca'} == {'a', 'b', 'c'}, sum(x for x in range(5)), list(x for x in 'ab'))
xs = [1, 2, 3]
print([x for x in xs if x > 1], [(x, y) for x in xs for y in 'ab' if x < 3], any(x > 2 for x in xs), all(x > 0 for x in xs))
fs = [lambda: i for i in range(3)]
print([h() for h in fs], next(iter([7, 8])), next(x for x in xs if x > 1), next(iter([]), 'default'))
# ---- classes
class Animal:
    kind = 'animal'
    count = 0
    def __init__(self, name):
        self.name = name
        Animal.count += 1
    def speak(self):
        return f'{self.name} makes a sound'
    def __repr__(self):
        return f'Animal({self.name!r})'
    def __str__(self):
        return self.name
    @property
    def upper(self):
        return self.name.upper()
    @staticmethod
    def create(n):
        return Animal(n)
    @classmethod
    def kinds(cls):
        return cls.kind
class Dog(Animal):
    kind = 'dog'
    def speak(self):
        return super().speak() + ' (woof)'
d = Dog('rex')
print(d, repr(d), d.speak(), d.upper, Animal.create('x'), Dog.kinds(), Animal.count, isinstance(d, Animal), type(d).__name__)
print(issubclass(Dog, Animal), hasattr(d, 'name'), getattr(d, 'nope', 42), d.kind, Animal.kind, [d], str(d))
setattr(d, 'age', 3); print(d.age, vars(d) == {'name': 'rex', 'age': 3}, type(d) is Dog, type(3), type('s'))
class Vec:
    def __init__(self, x, y): self.x, self.y = x, y
    def __add__(self, o): return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    def __rmul__(self, k): return self * k
    def __eq__(self, o): return self.x == o.x and self.y == o.y
    def __len__(self): return 2
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __iter__(self): return iter((self.x, self.y))
    def __repr__(self): return f'Vec({self.x}, {self.y})'
    def __call__(self, k): return self.x * k
v = Vec(1, 2) + Vec(3, 4)
print(v, v * 2, 3 * v, v == Vec(4, 6), v != Vec(0, 0), len(v), v[1], list(v), v(10), bool(v), Vec(1, 2) in [Vec(1, 2)])
# ---- exceptions
def check(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__ + ':', e)
check(lambda: 1 / 0)
check(lambda: 1 % 0)
check(lambda: 1.0 / 0)
check(lambda: [1][2])
check(lambda: {'a': 1}['b'])
check(lambda: 'abc'[5])
check(lambda: int('x'))
check(lambda: float('abc'))
check(lambda: 'a' + 1)
check(lambda: 1 + 'a')
check(lambda: [].pop())
check(lambda: 'a' < 1)
check(lambda: (1, 2).nope)
check(lambda: len(5))
check(lambda: None())
check(lambda: [1, 2, 3].index(9))
check(lambda: int(float('inf')))
check(lambda: {}.popitem())
check(lambda: [][0])
check(lambda: max([]))
check(lambda: next(iter([])))
check(lambda: 'x'.join([1]))
check(lambda: {[]: 1})
try:
    raise ValueError('bad value', 3)
except (TypeError, ValueError) as e:
    print('caught', e, e.args, repr(e))
try:
    try:
        raise KeyError('k')
    finally:
        print('inner finally')
except LookupError as e:
    print('lookup', repr(e), str(e))
class MyError(Exception):
    pass
try:
    raise MyError('custom')
except MyError as e:
    print(type(e).__name__, e, isinstance(e, Exception))
def fin():
    try:
        return 'try'
    finally:
        print('finally runs')
print(fin())
try:
    assert 1 == 2, 'not equal'
except AssertionError as e:
    print('assert:', e)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise
except ZeroDivisionError as e:
    print('reraised', e)
# ---- builtins
print(len([1, 2]), len('abc'), len({}), list(range(3)), list(range(1, 10, 3)), list(range(5, 0, -2)), range(3), range(1, 5)[1:])
print(round(2.5), round(3.5), round(-2.5), round(0.125, 2), round(2.675, 2), round(1234.5, -2), round(7), round(7.0), round(-0.4))
print(abs(-2.5), min([3, 1]), max('abc'), max([1, 3], key=lambda v: -v), min([], default=0), sum([0.1] * 10), sum([1, 2], 10))
print(list(zip('abc', [1, 2])), list(enumerate('ab', 1)), sorted('bca'), sorted([3, 1, 2], key=lambda v: v % 3), list(reversed('abc')))
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, str)), isinstance([], list), callable(len), callable(1))
print(str(1), str(1.5), str([1]), repr('a'), int('7') + 1, float('1.5'), float('inf'), float(' 2 '), bool('x'), list('ab'), tuple([1]))
print(chr(65), ord('A'), hex(255), oct(8), bin(5), hash(1) == hash(1.0), type(None).__name__, any([]), all([]))
print(sorted([(2, 'b'), (1, 'c'), (2, 'a')]), max((1, 'a'), (1, 'b')), divmod(7.5, 2), pow(2, -2), 10 ** 20 // 10 ** 10 if False else 1)
print(dir([])[:0], getattr('a', 'upper')(), 'ab'.__len__() if False else 2, print is print, id(1) == id(1))
# ---- printing
print(1, 2, 3, sep='-', end='!\n')
print('a', 'b', sep='')
print()
print('no newline', end='')
print(' then', 'this')
print([1, 'two', 3.0, None, True, (4,), {'k': [5]}], {'nested': {'a': (1, 2)}})
print(str([1.0, 0.1]), repr([1.0, 0.1]), [str(1.0)], ['a\nb'], "quote's", ["quote's"], ['dq"'])
# ---- bytes_literals
x = b'abc\x00\n'
print(x, len(x), x[0], type(x).__name__, b'\777', b'\u00e9', rb'\x41', B'A', b'''a
b''', b'\x41\101\n\t', b'q"' + b"'", repr(b'\\'), b'ab' b"cd", b'' == b'', b'x' < b'y')
print(x[1:3], list(b'hi'), b'hi'.decode(), {b'k': 1}[b'k'], b'\x00\xff'[1], b'hi' == 'hi', [c for c in b'AB'])
for bad in [lambda: b'a' + 'b', lambda: b'a' + 1]:
    try:
        bad()
    except TypeError as e:
        print(e)
# ---- function_names
def f(x):
    return x
class C:
    def m(self):
        pass
print(len.__name__, print.__name__, f.__name__, f.__qualname__, (lambda x: x).__name__)
print(C.__name__, C().m.__name__, C.m.__qualname__, [].append.__name__, [].append.__qualname__)
print(list.append.__name__, list.append.__qualname__, 'ab'.upper.__qualname__, max.__qualname__)
for fn in [min, max, sorted, f]:
    print(fn.__name__, end=' ')
print()
# ---- main_module
def main():
    print('main() of', __name__)
if __name__ == "__main__":
    main()
print(__name__, type(__file__).__name__)
# ---- scoping
x = 'global'
def read():
    return x
def shadow():
    x = 'local'
    return x
def nested():
    y = 'enclosing'
    def inner():
        return y + ' seen'
    return inner()
class K:
    x = 'class'
    y = x + '!'
    def m(self):
        return x
print(read(), shadow(), nested(), K.y, K().m(), x)
# ---- long_loop
total = 0
for i in range(100000):
    total += i * i % 7
print(total)
words = []
for i in range(1000):
    words.append(str(i))
print(len(' '.join(words)), words[-1])
