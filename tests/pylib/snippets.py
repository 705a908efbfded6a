# Snippets of the standard modules that nnc and CPython must print identically (test_modules.c
# runs both on each part). Each part starts with "# ---- name"; only deterministic output.
# ---- math
import math
print(math.pi, math.e, math.inf, -math.inf, math.tau, math.sqrt(2), math.exp(1), math.log(100, 10), math.log2(8))
print(math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7), math.fabs(-3), math.isnan(math.nan), math.isclose(0.1 + 0.2, 0.3))
print(math.factorial(10), math.gcd(12, 18, 27), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), math.hypot(3, 4))
print(round(math.sin(math.pi / 6), 12), math.atan2(1, 1) * 4, math.degrees(math.pi), math.radians(180), math.pow(2, 0.5))
for bad in (lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.exp(1000)):
    try:
        bad()
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
# ---- os_path
import os
import os.path
print(os.path.join('data', 'x.npy'), os.path.join('a', '/abs', 'b'), os.path.join('a/', 'b'), os.path.basename('/tmp/x/y.csv'))
print(os.path.dirname('/tmp/x/y.csv'), os.path.dirname('y.csv'), os.path.splitext('model.weights.h5'), os.path.splitext('.bashrc'))
print(os.path.split('/a/b/c'), os.path.exists('/nonexistent/x'), os.path.isdir('/'), os.path.isfile('/'), os.sep)
print('PATH' in os.environ, os.environ.get('NNC_SURELY_UNSET', 'default'), os.getenv('NNC_SURELY_UNSET'))
# ---- files
import os
path = 'nnc_snippet_tmp.txt'
with open(path, 'w') as fh:
    fh.write('line one\n')
    fh.write('line two\n')
    print('third', file=fh)
with open(path) as fh:
    print(fh.read().splitlines())
with open(path) as fh:
    for line in fh:
        print(line.strip())
with open(path, 'a') as fh:
    fh.writelines(['x\n', 'y\n'])
with open(path) as fh:
    print(fh.readline(), fh.readlines(), fh.closed)
print(fh.closed)
os.remove(path)
print(os.path.exists(path))
try:
    open('/nonexistent/file.txt')
except FileNotFoundError as e:
    print(type(e).__name__, e)
# ---- sys
import sys
print(type(sys.argv).__name__, sys.platform, sys.maxsize, sys.version_info[0], sys.version_info >= (3, 8))
print('to stdout', file=sys.stdout)
sys.stdout.write('written\n')
try:
    sys.exit(0)
except SystemExit as e:
    print('exit code', e.args)
# ---- datetime
from datetime import datetime, timedelta
d = timedelta(hours=1, minutes=2, seconds=3.5)
print(d, d.total_seconds(), timedelta(days=2, seconds=5), timedelta(seconds=-1), d * 2, d / 2, timedelta(0))
start = datetime.now()
elapsed = datetime.now() - start
print(type(elapsed).__name__, elapsed.total_seconds() >= 0, isinstance(start.year, int), len(start.strftime('%Y-%m-%d')))
# ---- time_warnings
import time
import warnings
t0 = time.time()
p0 = time.perf_counter()
time.sleep(0.01)
print(time.time() - t0 >= 0.009, time.perf_counter() - p0 >= 0.009, type(time.time()).__name__)
warnings.filterwarnings('ignore')
warnings.warn('hidden')
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
print(issubclass(warnings.UserWarning if hasattr(warnings, 'UserWarning') else UserWarning, Warning))
# ---- random_api
import random
random.seed(7)
xs = [random.random() for _ in range(1000)]
print(all(0 <= x < 1 for x in xs), len(set(xs)) > 990)
ints = [random.randint(1, 6) for _ in range(600)]
print(min(ints), max(ints), sorted(set(ints)))
l = list(range(10))
random.shuffle(l)
print(sorted(l) == list(range(10)), len(random.sample(range(100), 5)), random.choice('abc') in 'abc')
print(all(2 <= random.uniform(2, 3) <= 3 for _ in range(100)), random.randrange(0, 10, 5) in (0, 5))
# ---- copy
from __future__ import print_function, division
import copy
a = [1, [2, 3], {'k': [4]}]
b = copy.copy(a)
c = copy.deepcopy(a)
a[1].append(9)
a[2]['k'].append(5)
print(a, b, c, b[1] is a[1], c[1] is a[1], copy.copy((1, 2)), copy.deepcopy('s'))
cyc = [1]
cyc.append(cyc)
d = copy.deepcopy(cyc)
print(d[1] is d, d[1] is cyc, len(d))
class P:
    def __init__(self, xs):
        self.xs = xs
p = P([1, 2])
q, r = copy.copy(p), copy.deepcopy(p)
p.xs.append(3)
print(type(q).__name__, q.xs, r.xs, q is p, {1, 2} == copy.deepcopy({1, 2}), copy.copy({'a': 1}))
shared = [0]
pair = copy.deepcopy([shared, shared])
print(pair[0] is pair[1], 7 / 2)
# ---- base64
import base64
encoded = "CiAgIC0gQSBGbGF0dGVuIGxheWVyCg=="
print(repr(base64.b64decode(encoded.encode('ascii')).decode('ascii')), base64.b64decode(encoded)[:4])
for text in ['', 'a', 'ab', 'abc', 'nnc: \u00e9t\u00e9', 'line\n\ttab \'q\'']:
    data = text.encode('utf-8')
    enc = base64.b64encode(data)
    print(data, len(data), enc, base64.b64decode(enc) == data, base64.b64decode(enc).decode())
print(base64.urlsafe_b64encode(bytes([251, 255, 190])), base64.b64encode(bytes([251, 255, 190])))
print(base64.urlsafe_b64decode('-_--'), list(base64.b64decode('QUJD')), base64.b64decode('QU\nJD'))
b64 = base64.b64encode(bytes(range(10)))
print(bytes('hi', 'ascii')[0], bytes('hi', 'ascii')[::-1], bytes(), len(b64), b64, b64.decode() == 'AAECAwQFBgcICQ==')
for bad in [lambda: base64.b64decode('QUJ'), lambda: base64.b64decode('Q'), lambda: base64.b64decode('QU!=', validate=True),
            lambda: '\u00e9'.encode('ascii'), lambda: bytes([200]).decode('ascii'), lambda: base64.b64encode('text')]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(isinstance(e, ValueError), isinstance(e, TypeError))
# ---- json
import json
import os
history = {'loss': [0.6931, 0.25, float('nan')], 'accuracy': [0.5, 1.0, 1.0], 'epochs': 3}
print(json.dumps(history), json.dumps(history, indent=2, sort_keys=True))
print(json.dumps({"a": [1, 2.5, None, True, "\u00e9\n\u2603\U0001F600", []], 3: {}, 1.5: (), None: 1, False: 2}, indent='\t'))
print(json.dumps([1e16, 1e-7, 0.1, -0.0, float('-inf'), 10**15, -3]), json.dumps({}, indent=4), json.dumps([1, [2]], indent=0))
print(json.dumps({"b": 1, "a": 2}, sort_keys=True, separators=(',', ':')), json.dumps("\u00e9\u2603", ensure_ascii=False))
print(json.dumps("\x7f\x01\t\"\\/"), json.dumps({(1, 2): 1, "k": 2}, skipkeys=True), json.dumps({"s": {3, 1}}, default=sorted))
print(json.loads('[1, 2.0, 1e3, -5, -0, "x\\u00e9\\n", {"a": null, "a": true}, 12345678901234567]'))
print(json.loads(b'{"k": [true, false]}'), json.loads('  7 \n'), json.loads(json.dumps(history))['loss'])
print(json.loads('[NaN, Infinity, -Infinity, "NaN", {"Infinity": -1.5e-3}]'), json.loads('"\\ud83d\\ude00 \\" \\\\"'))
with open('nnc_snippet_history.json', 'w') as f:
    json.dump(history, f, indent=4)
with open('nnc_snippet_history.json') as f:
    print(f.read())
with open('nnc_snippet_history.json') as f:
    text = f.read().replace('NaN', '0.5')
print(json.loads(text))
os.remove('nnc_snippet_history.json')
cycle = []
cycle.append(cycle)
for bad in [lambda: json.dumps(float('nan'), allow_nan=False), lambda: json.dumps({(1, 2): 3}), lambda: json.dumps(cycle),
            lambda: json.dumps({1: 'a', 'b': 2}, sort_keys=True), lambda: json.dumps(object()), lambda: json.loads(3)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
for bad in ['', '{"a": 1,}', '[1, 2', '{"a" 1}', '[1] x']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(type(e).__name__, isinstance(e, ValueError))
