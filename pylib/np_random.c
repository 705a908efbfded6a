/* np_random.c — numpy.random: the legacy functions (np.random.seed, rand, randn, randint,
 * normal, uniform, shuffle, permutation, choice, ...) on ndarray/'s global RandomState,
 * np.random.RandomState(seed) objects with their own, and np.random.default_rng(seed)
 * Generators. The legacy functions and RandomState give numpy's MT19937 numbers bit for bit,
 * Generators numpy's PCG64 numbers (seeded by SeedSequence, as numpy seeds them). np.random.seed(s)
 * also seeds the run as nnc's --seed does (the models made afterwards); the run's seed seeds
 * the global generator when the run starts. With size=None a function gives one Python
 * number, as numpy does, but Generator.integers (and randint of a dtype given) a numpy scalar.
 */
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  NdRandom *r;        /* owned, unless bits holds it */
  Obj *bits;          /* the PCG64 whose r a Generator(PCG64(...)) draws from, or NULL */
} Generator;          /* a Generator, a RandomState or a PCG64: the layout tells */

/* ---- shared bodies: r is the global generator or a Generator's ---- */

/* An array of the given size, or for size=None its one value as a Python number. */
static Obj *sized(Interp *I, NdArray *a, int ndim) {
  if (!a || ndim >= 0)
    return pl_array_wrap(I, a);
  NdScalar v;
  nd_item(a, &v);
  nd_unref(a);
  return pl_scalar_py(I, v);
}

static Obj *uniform(Interp *I, NdRandom *r, Obj *lo, Obj *hi, Obj *size) {
  double a = 0, b = 1;
  int ndim;
  int64_t shape[ND_MAXDIM];
  if ((lo && fe_as_double(I, lo, &a) < 0) || (hi && fe_as_double(I, hi, &b) < 0) ||
      !pl_size_of(I, size, &ndim, shape))
    return NULL;
  return sized(I, nd_random_uniform(r, a, b, ndim, shape), ndim);
}

static Obj *normal(Interp *I, NdRandom *r, Obj *loc, Obj *scale, Obj *size) {
  double m = 0, s = 1;
  int ndim;
  int64_t shape[ND_MAXDIM];
  if ((loc && fe_as_double(I, loc, &m) < 0) || (scale && fe_as_double(I, scale, &s) < 0) ||
      !pl_size_of(I, size, &ndim, shape))
    return NULL;
  if (s < 0)
    return fe_throw(I, EXC_ValueError, "scale < 0");
  return sized(I, nd_random_normal(r, m, s, ndim, shape), ndim);
}

/* randint(low, high) is [low, high); randint(high) is [0, high); endpoint makes it closed.
 * With size=None numpy gives a numpy scalar (np.int64), but the legacy randint a Python int
 * when its dtype is the default: `legacy` says which. */
static Obj *integers(Interp *I, NdRandom *r, Obj *low, Obj *high, Obj *size, Obj *dtype,
                     bool endpoint, bool legacy) {
  int64_t lo, hi;
  int ndim;
  int64_t shape[ND_MAXDIM];
  NdDtype t;
  if (fe_as_int(I, low, &lo) < 0 || (high != &I->none && fe_as_int(I, high, &hi) < 0) ||
      !pl_size_of(I, size, &ndim, shape) || !pl_dtype_of(I, dtype, &t))
    return NULL;
  if (high == &I->none) {
    hi = lo;
    lo = 0;
  }
  if (endpoint) {
    if (hi == INT64_MAX)
      return fe_throw(I, EXC_ValueError, "high is out of bounds for int64");
    hi++;
  }
  NdArray *a = nd_random_integers(r, lo, hi, ndim, shape, t);
  if (!a || ndim >= 0 || (legacy && dtype == &I->none))
    return sized(I, a, ndim);
  NdScalar v;
  nd_item(a, &v);
  nd_unref(a);
  return pl_scalar_wrap(I, v);
}

/* rand(2, 3) and randn(2, 3): the dimensions as separate arguments */
static Obj *by_dims(Interp *I, NdRandom *r, Obj *dims, bool gauss) {
  int ndim;
  int64_t shape[ND_MAXDIM];
  if (FE_TUPLE(dims)->n == 0)
    ndim = -1;
  else if (!pl_shape_of(I, dims, &ndim, shape))
    return NULL;
  NdArray *a = gauss ? nd_random_normal(r, 0, 1, ndim, shape)
                     : nd_random_uniform(r, 0, 1, ndim, shape);
  return sized(I, a, ndim);
}

/* exponential, lognormal, poisson and binomial: the parameters are arrays, which numpy
 * broadcasts; 0-d ones with size=None give one Python number. x NULL: 1.0
 * (standard_exponential). */
static Obj *draws(Interp *I, NdRandom *r, NdDistribution d, Obj *x, Obj *y, Obj *size) {
  int ndim;
  int64_t shape[ND_MAXDIM];
  if (!pl_size_of(I, size, &ndim, shape))
    return NULL;
  NdArray *xa = x ? pl_array_arg(I, x) : nd_scalar_f64(1.0);
  NdArray *ya = xa && y ? pl_array_arg(I, y) : NULL;
  bool have = xa && (ya || !y);
  NdArray *a = have ? nd_random_draws(r, d, xa, ya, ndim, shape) : NULL;
  nd_unref(xa);
  nd_unref(ya);
  return have ? sized(I, a, a && a->scalar ? -1 : 0) : NULL;
}

static Obj *shuffle(Interp *I, NdRandom *r, Obj *x) {
  if (FE_ISA(I, x, list)) {   /* a list shuffles in place too, as numpy does */
    List *l = FE_LIST(x);
    NdArray *n = nd_scalar_i64(l->n);
    NdArray *p = n ? nd_random_permutation(r, n) : NULL;
    nd_unref(n);
    Obj **old = p ? base_malloc((size_t)l->n * sizeof *old + 1) : NULL;
    if (!old) {
      nd_unref(p);
      return p ? fe_nomem(I) : pl_nd_raise(I);
    }
    memcpy(old, l->v, (size_t)l->n * sizeof *old);
    for (int64_t i = 0; i < l->n && i < p->size; i++)
      l->v[i] = old[nd_get(p, &i).i];
    base_free(old);
    nd_unref(p);
    return fe_none(I);
  }
  if (!pl_is_array(x) || PL_ND(x)->scalar)
    return fe_throw(I, EXC_TypeError, "shuffle() needs an array or a list, not %s", fe_typename(x));
  return nd_random_shuffle(r, PL_ND(x)) ? fe_none(I) : pl_nd_raise(I);
}

static Obj *permutation(Interp *I, NdRandom *r, Obj *x) {
  NdArray *a = pl_array_arg(I, x);
  if (!a)
    return NULL;
  Obj *p = pl_array_wrap(I, nd_random_permutation(r, a));
  nd_unref(a);
  return p;
}

/* The items choice draws from when they are not numbers (a list of text, an object array),
 * as a list (borrowed); NULL when they are numbers. */
static Obj *object_items(Interp *I, Obj *a) {
  int ndim;
  if (pl_is_objarray(a))
    return pl_objarray_items(a, &ndim);
  Obj *const *v;
  int64_t n;
  bool seq = FE_ISA(I, a, list) || FE_ISA(I, a, tuple);
  for (int64_t i = 0; seq && fe_seq_items(I, a, &v, &n) && i < n; i++)
    if (FE_ISA(I, v[i], str))
      return FE_ISA(I, a, list) ? a : NULL;
  return NULL;
}

/* choice over items that are not numbers: the same draws as over their places, numpy's
 * a.take(idx), an object array (or, for size=None, the item itself). */
static Obj *choose_objects(Interp *I, NdRandom *r, Obj *items, Obj **args, int ndim,
                           const int64_t *shape, int replace, bool shuffle) {
  if (ndim == 0 || ndim > 2)
    return fe_throw(I, EXC_NotImplementedError, "choice of text into 0 or more than 2 axes is "
                    "not supported by nnc yet");
  int64_t n = FE_LIST(items)->n;
  NdArray *places = nd_empty(ND_INT64, 1, &n);
  for (int64_t i = 0; places && i < n; i++)
    ((int64_t *)places->data)[i] = i;
  NdArray *p = places && args[3] != &I->none ? pl_array_arg(I, args[3]) : NULL;
  NdArray *idx = places && (p || args[3] == &I->none)
                     ? nd_random_choice(r, places, ndim < 0 ? 0 : ndim, shape, replace, p, shuffle)
                     : NULL;
  if (places && !idx && !I->exc_pending)
    pl_nd_raise(I);
  Obj *out = idx ? fe_list_new(I, idx->size) : NULL;
  for (int64_t i = 0; out && i < idx->size; i++)
    fe_incref(FE_LIST(out)->v[i] = FE_LIST(items)->v[((int64_t *)idx->data)[i]]);
  if (out && ndim < 0) {
    Obj *one = FE_LIST(out)->v[0];
    fe_incref(one);
    fe_decref(I, out);
    out = one;
  } else if (out) {
    out = pl_objarray_new(I, ndim, shape, out);
  }
  nd_unref(places), nd_unref(p), nd_unref(idx);
  return out;
}

static Obj *choice(Interp *I, NdRandom *r, Obj **args, bool shuffle) {
  int ndim;
  int64_t shape[ND_MAXDIM];
  int replace = fe_truth(I, args[2]);
  if (replace < 0 || !pl_size_of(I, args[1], &ndim, shape))
    return NULL;
  Obj *items = object_items(I, args[0]);
  if (items)
    return choose_objects(I, r, items, args, ndim, shape, replace, shuffle);
  NdArray *a = pl_array_arg(I, args[0]);
  NdArray *p = a && args[3] != &I->none ? pl_array_arg(I, args[3]) : NULL;
  Obj *out = NULL;
  if (a && (p || args[3] == &I->none)) {
    NdArray *c = nd_random_choice(r, a, ndim < 0 ? 0 : ndim, shape, replace, p, shuffle);
    if (c && ndim < 0) {        /* one element: the element itself, a numpy scalar */
      NdIndex ix = nd_ix_int(0);
      NdArray *one = nd_getitem(c, 0, &ix);
      nd_unref(c);
      c = one;
    }
    out = pl_array_wrap(I, c);
  }
  nd_unref(a);
  nd_unref(p);
  return out;
}

/* ---- seeding a RandomState ---- */

static bool seed_range(Interp *I, int64_t s) {
  if (s < 0 || s > UINT32_MAX)
    return fe_throw(I, EXC_ValueError, "Seed must be between 0 and 2**32 - 1"), false;
  return true;
}

/* A seed that is a sequence of 32-bit words, as numpy's init_by_array takes it. */
static bool seed_words(Interp *I, NdRandom *r, Obj *v) {
  Obj *const *items;
  int64_t n;
  if (!fe_seq_items(I, v, &items, &n))
    return false;
  if (n == 0)
    return fe_throw(I, EXC_ValueError, "Seed must be non-empty"), false;
  uint32_t *key = base_malloc((size_t)n * sizeof *key);
  if (!key)
    return fe_nomem(I), false;
  for (int64_t i = 0; i < n; i++) {
    int64_t s;
    if (fe_as_int(I, items[i], &s) < 0 || !seed_range(I, s)) {
      base_free(key);
      return false;
    }
    key[i] = (uint32_t)s;
  }
  nd_random_seed_words(r, key, (int)n);
  base_free(key);
  return true;
}

/* RandomState.seed(v): None (from the OS), an int in [0, 2**32 - 1], or a list of them.
 * np.random.seed(int) also seeds the run (global). */
static bool seed_state(Interp *I, NdRandom *r, Obj *v, bool global) {
  if (v == &I->none) {
    nd_random_seed(r, false, 0);
    return true;
  }
  if (!fe_is_int(I, v) && !pl_is_array(v) && !FE_ISA(I, v, list) && !FE_ISA(I, v, tuple))
    return fe_throw(I, EXC_TypeError, "Cannot cast scalar from dtype('%s') to dtype('int64') "
                    "according to the rule 'safe'", fe_typename(v)), false;
  if (!fe_is_int(I, v) && !(pl_is_array(v) && PL_ND(v)->ndim == 0))
    return seed_words(I, r, v);
  int64_t s;
  if (fe_as_int(I, v, &s) < 0 || !seed_range(I, s))
    return false;
  if (global)
    pl_seed_run(I, (uint64_t)s, PL_SEED_NUMPY);
  else
    nd_random_seed(r, true, (uint64_t)s);
  return true;
}

/* ---- the legacy functions on the global generator ---- */

static Obj *r_seed(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return seed_state(I, nd_random_global(), args[0], true) ? fe_none(I) : NULL;
}

#define G nd_random_global()

static Obj *r_rand(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return by_dims(I, G, args[0], false);
}

static Obj *r_randn(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return by_dims(I, G, args[0], true);
}

static Obj *r_random(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return uniform(I, G, NULL, NULL, args[0]);
}

static Obj *r_uniform(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return uniform(I, G, args[0], args[1], args[2]);
}

static Obj *r_normal(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return normal(I, G, args[0], args[1], args[2]);
}

static Obj *r_standard_normal(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return normal(I, G, NULL, NULL, args[0]);
}

static Obj *r_randint(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return integers(I, G, args[0], args[1], args[2], args[3], false, true);
}

static Obj *r_shuffle(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return shuffle(I, G, args[0]);
}

static Obj *r_permutation(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return permutation(I, G, args[0]);
}

static Obj *r_choice(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return choice(I, G, args, true);
}

static Obj *r_exponential(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return draws(I, G, ND_EXPONENTIAL, args[0], NULL, args[1]);
}

static Obj *r_standard_exponential(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return draws(I, G, ND_EXPONENTIAL, NULL, NULL, args[0]);
}

static Obj *r_lognormal(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return draws(I, G, ND_LOGNORMAL, args[0], args[1], args[2]);
}

static Obj *r_poisson(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return draws(I, G, ND_POISSON, args[0], NULL, args[1]);
}

static Obj *r_binomial(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return draws(I, G, ND_BINOMIAL, args[0], args[1], args[2]);
}

#undef G

/* ---- Generator ---- */

static void gen_finalize(Interp *I, Obj *o) {
  (void)I;
  if (!((Generator *)o)->bits)
    nd_random_free(((Generator *)o)->r);
  ((Generator *)o)->r = NULL;
}

/* Drops the PCG64 a Generator(PCG64(...)) draws from, and so its r (clear runs before
 * finalize). */
static void gen_clear(Interp *I, Obj *o) {
  Generator *g = (Generator *)o;
  if (g->bits)
    g->r = NULL;
  fe_setref(I, &g->bits, NULL);
}

static void gen_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Generator *)o)->bits)
    visit(((Generator *)o)->bits, arg);
}

static const Layout gen_layout = {.name = "Generator", .size = sizeof(Generator),
                                  .clear = gen_clear, .finalize = gen_finalize,
                                  .traverse = gen_traverse};
static const Layout pcg_layout = {.name = "PCG64", .size = sizeof(Generator),
                                  .finalize = gen_finalize};

/* A seed's 32-bit words, lowest first, appended to *w (n words, room for cap): SeedSequence's
 * reading of a non-negative int. */
static bool int_words(Interp *I, Obj *v, uint32_t **w, int64_t *n, int64_t *cap) {
  int64_t s;
  if (fe_as_int(I, v, &s) < 0)
    return false;
  if (s < 0)
    return fe_throw(I, EXC_ValueError, "expected non-negative integer"), false;
  if (*n + 2 > *cap) {
    *cap = 2 * *cap + 4;
    uint32_t *grown = base_realloc(*w, (size_t)*cap * sizeof **w);
    if (!grown)
      return fe_nomem(I), false;
    *w = grown;
  }
  (*w)[(*n)++] = (uint32_t)s;
  if ((uint64_t)s >> 32)
    (*w)[(*n)++] = (uint32_t)((uint64_t)s >> 32);
  return true;
}

/* The Generator for default_rng's seed, an int or a sequence of ints, read as numpy's
 * SeedSequence reads them; NULL with an exception pending, or NULL alone when out of memory. */
static NdRandom *seeded_generator(Interp *I, Obj *seed) {
  bool one = fe_is_int(I, seed) || (pl_is_array(seed) && PL_ND(seed)->ndim == 0);
  if (!one && !FE_ISA(I, seed, list) && !FE_ISA(I, seed, tuple) && !pl_is_array(seed)) {
    Obj *text = fe_repr(I, seed);
    if (text)
      fe_throw(I, EXC_TypeError, "SeedSequence expects int or sequence of ints for entropy "
               "not %s", FE_STR(text)->s);
    fe_decref(I, text);
    return NULL;
  }
  Obj *const *items = &seed;
  int64_t n = 1, got = 0, cap = 0;
  if (!one && !fe_seq_items(I, seed, &items, &n))
    return NULL;
  uint32_t *w = NULL;
  bool good = true;
  for (int64_t i = 0; good && i < n; i++)
    good = int_words(I, items[i], &w, &got, &cap);
  NdRandom *r = good && got <= INT32_MAX ? nd_random_new_words(w, (int)got) : NULL;
  base_free(w);
  return r;
}

/* A new instance of numpy.random's class `name` holding r (owned, or bits's when bits is
 * given); NULL r: out of memory, or the exception pending. */
static Obj *wrap_random(Interp *I, const char *name, NdRandom *r, Obj *bits) {
  if (!r)
    return I->exc_pending ? NULL : fe_nomem(I);
  Obj *mod = fe_import(I, "numpy.random");
  Obj *cls = mod ? fe_getattr_str(I, mod, name) : NULL;
  fe_decref(I, mod);
  Generator *g = cls ? (Generator *)fe_new(I, (Class *)cls, sizeof(Generator)) : NULL;
  fe_decref(I, cls);
  if (!g) {
    if (!bits)
      nd_random_free(r);
    return NULL;
  }
  g->r = r;
  g->bits = bits;
  if (bits)
    fe_incref(bits);
  return &g->hd;
}

/* np.random.PCG64(seed): the bit generator alone, seeded as default_rng(seed) is. */
static Obj *pcg_new(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdRandom *r = args[0] == &I->none ? nd_random_new(false, 0) : seeded_generator(I, args[0]);
  return wrap_random(I, "PCG64", r, NULL);
}

/* Generator(PCG64(...)): draws from (and advances) the PCG64's own state, as numpy's does. */
static Obj *gen_new(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[0]->cls->layout != &pcg_layout)
    return fe_throw(I, EXC_TypeError, "Generator() takes an np.random.PCG64 bit generator in "
                    "nnc, not %s", fe_typename(args[0]));
  return wrap_random(I, "Generator", ((Generator *)args[0])->r, args[0]);
}

static Obj *default_rng(Interp *I, Obj *self, Obj **args) {
  if (args[0]->cls->layout == &gen_layout) {   /* default_rng(g) is g, as in numpy */
    fe_incref(args[0]);
    return args[0];
  }
  if (args[0]->cls->layout == &pcg_layout)     /* default_rng(bit_generator) wraps it */
    return gen_new(I, self, args);
  NdRandom *r = args[0] == &I->none ? nd_random_new(false, 0) : seeded_generator(I, args[0]);
  return wrap_random(I, "Generator", r, NULL);
}

#define GR(o) (((Generator *)(o))->r)

/* Generator.random or standard_normal (gauss) with args (size, dtype, out): float64 as the
 * legacy functions draw them, float32 by numpy's own float32 algorithms. */
static Obj *float_draws(Interp *I, Obj *self, Obj **args, const char *name, bool gauss) {
  NdDtype t;
  int ndim;
  int64_t shape[ND_MAXDIM];
  if (!pl_dtype_of(I, args[1], &t) || args[2] != &I->none)
    return I->exc_pending
        ? NULL : fe_throw(I, EXC_NotImplementedError,
                          "%s(out=...) is not supported by nnc yet", name);
  if (t != ND_NODTYPE && t != ND_FLOAT64 && t != ND_FLOAT32)
    return fe_throw(I, EXC_TypeError, "Unsupported dtype dtype('%s') for %s",
                    nd_dtype_name(t), name);
  if (t != ND_FLOAT32)
    return gauss ? normal(I, GR(self), NULL, NULL, args[0])
                 : uniform(I, GR(self), NULL, NULL, args[0]);
  if (!pl_size_of(I, args[0], &ndim, shape))
    return NULL;
  return sized(I, nd_random_float32(GR(self), gauss, ndim, shape), ndim);
}

static Obj *g_random(Interp *I, Obj *self, Obj **args) {
  return float_draws(I, self, args, "random", false);
}

static Obj *g_integers(Interp *I, Obj *self, Obj **args) {
  int endpoint = fe_truth(I, args[4]);
  return endpoint < 0 ? NULL
                      : integers(I, GR(self), args[0], args[1], args[2], args[3], endpoint, false);
}

static Obj *g_normal(Interp *I, Obj *self, Obj **args) {
  return normal(I, GR(self), args[0], args[1], args[2]);
}

static Obj *g_standard_normal(Interp *I, Obj *self, Obj **args) {
  return float_draws(I, self, args, "standard_normal", true);
}

static Obj *g_uniform(Interp *I, Obj *self, Obj **args) {
  return uniform(I, GR(self), args[0], args[1], args[2]);
}

/* Generator methods work along axis 0 only: another axis is refused, not ignored. */
static bool axis_zero(Interp *I, Obj *axis) {
  int64_t a;
  if (fe_as_int(I, axis, &a) < 0)
    return false;
  if (a != 0)
    return fe_throw(I, EXC_NotImplementedError, "axis=%lld is not supported by nnc yet",
                    (long long)a), false;
  return true;
}

static Obj *g_permutation(Interp *I, Obj *self, Obj **args) {
  return axis_zero(I, args[1]) ? permutation(I, GR(self), args[0]) : NULL;
}

static Obj *g_shuffle(Interp *I, Obj *self, Obj **args) {
  return axis_zero(I, args[1]) ? shuffle(I, GR(self), args[0]) : NULL;
}

static Obj *g_choice(Interp *I, Obj *self, Obj **args) {
  int shuffle = axis_zero(I, args[4]) ? fe_truth(I, args[5]) : -1;
  return shuffle < 0 ? NULL : choice(I, GR(self), args, shuffle);
}

static Obj *rs_shuffle(Interp *I, Obj *self, Obj **args) {
  return shuffle(I, GR(self), args[0]);
}

static Obj *rs_permutation(Interp *I, Obj *self, Obj **args) {
  return permutation(I, GR(self), args[0]);
}

static Obj *rs_choice(Interp *I, Obj *self, Obj **args) {
  return choice(I, GR(self), args, true);
}

static Obj *g_exponential(Interp *I, Obj *self, Obj **args) {
  return draws(I, GR(self), ND_EXPONENTIAL, args[0], NULL, args[1]);
}

static Obj *g_standard_exponential(Interp *I, Obj *self, Obj **args) {
  return draws(I, GR(self), ND_EXPONENTIAL, NULL, NULL, args[0]);
}

static Obj *g_lognormal(Interp *I, Obj *self, Obj **args) {
  return draws(I, GR(self), ND_LOGNORMAL, args[0], args[1], args[2]);
}

static Obj *g_poisson(Interp *I, Obj *self, Obj **args) {
  return draws(I, GR(self), ND_POISSON, args[0], NULL, args[1]);
}

static Obj *g_binomial(Interp *I, Obj *self, Obj **args) {
  return draws(I, GR(self), ND_BINOMIAL, args[0], args[1], args[2]);
}

static const FeFnDef gen_methods[] = {
    {"random", g_random, "(size=None, dtype: dtype = None, out=None)", NULL, NULL},
    {"integers", g_integers, "(low, high=None, size=None, dtype: dtype = None, endpoint=False)",
     NULL, NULL},
    {"normal", g_normal, "(loc=0.0, scale=1.0, size=None)", NULL, NULL},
    {"standard_normal", g_standard_normal, "(size=None, dtype: dtype = None, out=None)", NULL,
     NULL},
    {"uniform", g_uniform, "(low=0.0, high=1.0, size=None)", NULL, NULL},
    {"permutation", g_permutation, "(x, axis=0)", NULL, NULL},
    {"shuffle", g_shuffle, "(x, axis=0)", NULL, NULL},
    {"choice", g_choice, "(a, size=None, replace=True, p=None, axis=0, shuffle=True)", NULL, NULL},
    {"exponential", g_exponential, "(scale=1.0, size=None)", NULL, NULL},
    {"standard_exponential", g_standard_exponential, "(size=None)", NULL, NULL},
    {"lognormal", g_lognormal, "(mean=0.0, sigma=1.0, size=None)", NULL, NULL},
    {"poisson", g_poisson, "(lam=1.0, size=None)", NULL, NULL},
    {"binomial", g_binomial, "(n, p, size=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- RandomState: the legacy functions on a state of its own ---- */

static const Layout rs_layout = {.name = "RandomState", .size = sizeof(Generator),
                                 .finalize = gen_finalize};

NdRandom *pl_legacy_random_of(Obj *o) {
  return o->cls->layout == &rs_layout ? GR(o) : NULL;
}

static Obj *rs_new(Interp *I, Obj *self, Obj **args) {
  Generator *g = (Generator *)fe_new(I, (Class *)self, sizeof(Generator));
  if (!g)
    return NULL;
  if (!(g->r = nd_random_legacy_new(true, 0))) {
    fe_decref(I, &g->hd);
    return fe_nomem(I);
  }
  if (!seed_state(I, g->r, args[0], false)) {
    fe_decref(I, &g->hd);
    return NULL;
  }
  return &g->hd;
}

static Obj *rs_seed(Interp *I, Obj *self, Obj **args) {
  return seed_state(I, GR(self), args[0], false) ? fe_none(I) : NULL;
}

static Obj *rs_rand(Interp *I, Obj *self, Obj **args) {
  return by_dims(I, GR(self), args[0], false);
}

static Obj *rs_randn(Interp *I, Obj *self, Obj **args) {
  return by_dims(I, GR(self), args[0], true);
}

static Obj *rs_random(Interp *I, Obj *self, Obj **args) {
  return uniform(I, GR(self), NULL, NULL, args[0]);
}

static Obj *rs_standard_normal(Interp *I, Obj *self, Obj **args) {
  return normal(I, GR(self), NULL, NULL, args[0]);
}

static Obj *rs_randint(Interp *I, Obj *self, Obj **args) {
  return integers(I, GR(self), args[0], args[1], args[2], args[3], false, true);
}

static const FeFnDef rs_methods[] = {
    {"seed", rs_seed, "(seed=None)", NULL, NULL},
    {"rand", rs_rand, "(*d)", NULL, NULL},
    {"randn", rs_randn, "(*d)", NULL, NULL},
    {"random", rs_random, "(size=None)", NULL, NULL},
    {"random_sample", rs_random, "(size=None)", NULL, NULL},
    {"uniform", g_uniform, "(low=0.0, high=1.0, size=None)", NULL, NULL},
    {"normal", g_normal, "(loc=0.0, scale=1.0, size=None)", NULL, NULL},
    {"standard_normal", rs_standard_normal, "(size=None)", NULL, NULL},
    {"randint", rs_randint, "(low, high=None, size=None, dtype: dtype = None)", NULL, NULL},
    {"shuffle", rs_shuffle, "(x)", NULL, NULL},
    {"permutation", rs_permutation, "(x)", NULL, NULL},
    {"choice", rs_choice, "(a, size=None, replace=True, p=None)", NULL, NULL},
    {"exponential", g_exponential, "(scale=1.0, size=None)", NULL, NULL},
    {"standard_exponential", g_standard_exponential, "(size=None)", NULL, NULL},
    {"lognormal", g_lognormal, "(mean=0.0, sigma=1.0, size=None)", NULL, NULL},
    {"poisson", g_poisson, "(lam=1.0, size=None)", NULL, NULL},
    {"binomial", g_binomial, "(n, p, size=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "Generator", .layout = &gen_layout, .ctor = gen_new, .ctor_sig = "(bit_generator)",
     .methods = gen_methods},
    {.name = "RandomState", .layout = &rs_layout, .ctor = rs_new, .ctor_sig = "(seed=None)",
     .methods = rs_methods},
    {.name = "PCG64", .layout = &pcg_layout, .ctor = pcg_new, .ctor_sig = "(seed=None)"},
    {.name = NULL},
};

static const FeFnDef fns[] = {
    {"seed", r_seed, "(seed=None)", NULL, NULL},
    {"rand", r_rand, "(*d)", NULL, NULL},
    {"randn", r_randn, "(*d)", NULL, NULL},
    {"random", r_random, "(size=None)", NULL, NULL},
    {"random_sample", r_random, "(size=None)", NULL, NULL},
    {"sample", r_random, "(size=None)", NULL, NULL},
    {"uniform", r_uniform, "(low=0.0, high=1.0, size=None)", NULL, NULL},
    {"normal", r_normal, "(loc=0.0, scale=1.0, size=None)", NULL, NULL},
    {"standard_normal", r_standard_normal, "(size=None)", NULL, NULL},
    {"randint", r_randint, "(low, high=None, size=None, dtype: dtype = None)", NULL, NULL},
    {"shuffle", r_shuffle, "(x)", NULL, NULL},
    {"permutation", r_permutation, "(x)", NULL, NULL},
    {"choice", r_choice, "(a, size=None, replace=True, p=None)", NULL, NULL},
    {"exponential", r_exponential, "(scale=1.0, size=None)", NULL, NULL},
    {"standard_exponential", r_standard_exponential, "(size=None)", NULL, NULL},
    {"lognormal", r_lognormal, "(mean=0.0, sigma=1.0, size=None)", NULL, NULL},
    {"poisson", r_poisson, "(lam=1.0, size=None)", NULL, NULL},
    {"binomial", r_binomial, "(n, p, size=None)", NULL, NULL},
    {"default_rng", default_rng, "(seed=None)", "numpy.random.Generator", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* numpy 1.24's public names of numpy.random (dir(numpy.random)) that nnc lacks: refused by
 * name, never offered as a slip of another name (np.random.lognormal is not normal). */
static const char random_lacks[] =
    "BitGenerator MT19937 PCG64DXSM Philox SFC64 SeedSequence beta "
    "bit_generator bytes chisquare dirichlet f gamma geometric get_bit_generator "
    "get_state gumbel hypergeometric laplace logistic logseries mtrand multinomial "
    "multivariate_normal negative_binomial noncentral_chisquare noncentral_f pareto "
    "power random_integers ranf rayleigh set_bit_generator set_state standard_cauchy "
    "standard_gamma standard_t test triangular vonmises wald weibull "
    "zipf";

const FeModuleDef pl_numpy_random_def = {.name = "numpy.random", .fns = fns, .classes = classes,
                                         .lacks = random_lacks};
