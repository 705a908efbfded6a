/* random.c — Python's random module on nnc's random numbers (xoshiro256**), seeded with the
 * run's seed until random.seed() is called: a model file gives the same numbers on every
 * run. The streams are not CPython's (Mersenne Twister); the distributions are the same. */
#include <math.h>
#include <string.h>

#include "pylib.h"

static Rng *rng(Interp *I) {
  return &pl_state(I)->rng;
}

static Obj *r_seed(Interp *I, Obj *self, Obj **args) {
  (void)self;
  uint64_t s = 0;
  Obj *a = args[0];
  if (a == &I->none) {
    s = pl_state(I)->seed;
  } else if (fe_is_int(I, a)) {
    s = (uint64_t)((Int *)a)->v;
  } else {
    int64_t h;
    if (fe_hash(I, a, &h) < 0)
      return NULL;
    s = (uint64_t)h;
  }
  rt_rng_seed(rng(I), s);
  return fe_none(I);
}

static Obj *r_random(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_float(I, rt_rng_uniform(rng(I)));
}

static Obj *r_uniform(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double a, b;
  if (fe_as_double(I, args[0], &a) < 0 || fe_as_double(I, args[1], &b) < 0)
    return NULL;
  return fe_float(I, a + (b - a) * rt_rng_uniform(rng(I)));
}

/* An int in [lo, hi) stepping by step. */
static Obj *range_pick(Interp *I, int64_t lo, int64_t hi, int64_t step) {
  if (step == 0)
    return fe_throw(I, EXC_ValueError, "zero step for randrange()");
  int64_t n = step > 0 ? (hi - lo + step - 1) / step : (lo - hi - step - 1) / (-step);
  if (n <= 0)
    return fe_throw(I, EXC_ValueError, "empty range for randrange() (%lld, %lld, %lld)",
                    (long long)lo,
                    (long long)hi, (long long)step);
  return fe_int(I, lo + step * (int64_t)rt_rng_below(rng(I), (uint64_t)n));
}

static Obj *r_randint(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t a, b;
  if (fe_as_int(I, args[0], &a) < 0 || fe_as_int(I, args[1], &b) < 0)
    return NULL;
  return range_pick(I, a, b + 1, 1);
}

static Obj *r_randrange(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t a, b = 0, k = 1;
  if (fe_as_int(I, args[0], &a) < 0 ||
      (args[1] && args[1] != &I->none && fe_as_int(I, args[1], &b) < 0) ||
      fe_as_int(I, args[2], &k) < 0)
    return NULL;
  if (!args[1] || args[1] == &I->none) {
    b = a;
    a = 0;
  }
  return range_pick(I, a, b, k);
}

static Obj *r_choice(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n = fe_len(I, args[0]);
  if (n < 0)
    return NULL;
  if (n == 0)
    return fe_throw(I, EXC_IndexError, "Cannot choose from an empty sequence");
  Obj *k = fe_int(I, (int64_t)rt_rng_below(rng(I), (uint64_t)n));
  Obj *r = k ? fe_getitem(I, args[0], k) : NULL;
  fe_decref(I, k);
  return r;
}

static Obj *r_shuffle(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_ISA(I, args[0], list))
    return fe_throw(I, EXC_TypeError, "shuffle() needs a list, not %s", fe_typename(args[0]));
  List *l = FE_LIST(args[0]);
  for (int64_t i = l->n - 1; i > 0; i--) {
    int64_t j = (int64_t)rt_rng_below(rng(I), (uint64_t)i + 1);
    Obj *t = l->v[i];
    l->v[i] = l->v[j];
    l->v[j] = t;
  }
  return fe_none(I);
}

static Obj *r_sample(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t k;
  Obj *pool = fe_list_from_iter(I, args[0]);
  if (!pool || fe_as_int(I, args[1], &k) < 0) {
    fe_decref(I, pool);
    return NULL;
  }
  List *l = FE_LIST(pool);
  if (k < 0 || k > l->n) {
    fe_decref(I, pool);
    return fe_throw(I, EXC_ValueError, "Sample larger than population or is negative");
  }
  for (int64_t i = 0; i < k; i++) {   /* a partial Fisher-Yates */
    int64_t j = i + (int64_t)rt_rng_below(rng(I), (uint64_t)(l->n - i));
    Obj *t = l->v[i];
    l->v[i] = l->v[j];
    l->v[j] = t;
  }
  Obj *r = fe_list_new(I, k);
  for (int64_t i = 0; r && i < k; i++) {
    FE_LIST(r)->v[i] = l->v[i];
    fe_incref(l->v[i]);
  }
  fe_decref(I, pool);
  return r;
}

static Obj *r_choices(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t k, n = fe_len(I, args[0]);
  if (n < 0 || fe_as_int(I, args[2], &k) < 0)
    return NULL;
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError,
                    "random.choices(weights=...) is not supported in nnc model files");
  if (n == 0 && k > 0)
    return fe_throw(I, EXC_IndexError, "Cannot choose from an empty sequence");
  Obj *r = fe_list_new(I, 0);
  for (int64_t i = 0; r && i < k; i++) {
    Obj *x = r_choice(I, NULL, args);
    if (!x || fe_list_append(I, r, x) < 0) {
      fe_decref(I, x);
      fe_decref(I, r);
      return NULL;
    }
    fe_decref(I, x);
  }
  return r;
}

static Obj *r_gauss(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double mu, sigma;
  if (fe_as_double(I, args[0], &mu) < 0 || fe_as_double(I, args[1], &sigma) < 0)
    return NULL;
  return fe_float(I, mu + sigma * rt_rng_normal(rng(I)));
}

static const FeFnDef fns[] = {
    {"seed", r_seed, "(a=None, version=2)", NULL, NULL},
    {"random", r_random, "()", NULL, NULL},
    {"uniform", r_uniform, "(a, b)", NULL, NULL},
    {"randint", r_randint, "(a, b)", NULL, NULL},
    {"randrange", r_randrange, "(start, stop=None, step=1)", NULL, NULL},
    {"choice", r_choice, "(seq)", NULL, NULL},
    {"choices", r_choices, "(population, weights=None, *, k=1)", NULL, NULL},
    {"shuffle", r_shuffle, "(x)", NULL, NULL},
    {"sample", r_sample, "(population, k)", NULL, NULL},
    {"gauss", r_gauss, "(mu=0.0, sigma=1.0)", NULL, NULL},
    {"normalvariate", r_gauss, "(mu=0.0, sigma=1.0)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* CPython 3.11's public names of random (dir(random)) that nnc lacks: refused by name, never
 * offered as a slip of another name (random.Random is not random.random). */
static const char random_lacks[] =
    "BPF LOG4 NV_MAGICCONST RECIP_BPF Random SG_MAGICCONST SystemRandom TWOPI betavariate "
    "expovariate gammavariate getrandbits getstate lognormvariate paretovariate randbytes "
    "setstate triangular vonmisesvariate weibullvariate";

const FeModuleDef pl_random_def = {.name = "random", .fns = fns, .lacks = random_lacks};
