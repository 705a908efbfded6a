/* random.c — np.random's functions, RandomState and np.random.default_rng generators.
 *
 * A generator is one of two kinds. The legacy kind is numpy's RandomState: MT19937
 * (mt19937.c) and numpy 1.24's legacy algorithms for each distribution, shuffle, permutation
 * and choice, in numpy's order of draws, so np.random.seed(1) and scikit-learn's
 * random_state=1 give numpy's and scikit-learn's numbers. The other kind, behind default_rng,
 * is numpy's Generator: PCG64 seeded by SeedSequence (pcg64.c), normals from numpy's ziggurat
 * (ziggurat.c), and the Generator's algorithms for integers, shuffle, permutation and choice,
 * so default_rng(42) gives numpy's numbers too. The global generator behind np.random.* is legacy and starts as if seeded with 0,
 * so a model file that never seeds still runs the same way twice (nnc's --seed reseeds it);
 * seed() without an argument takes its seed from the OS. A shape with ndim < 0 is numpy's
 * size=None: one value, as a numpy scalar.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ndarray.h"

struct NdRandom {
  bool legacy;        /* numpy's RandomState (mt) or a default_rng Generator (pcg) */
  NdMt19937 mt;
  NdPcg64 pcg;
};

static NdRandom global;
static bool global_ready;

static uint64_t entropy(void) {
  uint64_t s = 0;
  FILE *f = fopen("/dev/urandom", "rb");
  if (!f || fread(&s, sizeof s, 1, f) != 1)
    s = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&s ^ (uint64_t)clock() << 32;
  if (f)
    fclose(f);
  return s;
}

/* A Generator seeded with SeedSequence(seed), or with 128 bits from the OS as numpy's
 * SeedSequence() takes them. */
static void seed_generator(NdRandom *r, bool seeded, uint64_t seed) {
  uint64_t hi = seeded ? 0 : entropy(), lo = seeded ? seed : entropy();
  uint32_t words[4] = {(uint32_t)lo, (uint32_t)(lo >> 32), (uint32_t)hi, (uint32_t)(hi >> 32)};
  int n = !seeded ? 4 : seed >> 32 ? 2 : 1;
  nd_pcg_seed(&r->pcg, words, n);
}

void nd_random_seed(NdRandom *r, bool seeded, uint64_t seed) {
  if (!r->legacy) {
    seed_generator(r, seeded, seed);
    return;
  }
  if (seeded && seed <= UINT32_MAX) {
    nd_mt_seed(&r->mt, (uint32_t)seed);
    return;
  }
  uint64_t s = seeded ? seed : entropy();
  uint32_t words[2] = {(uint32_t)s, (uint32_t)(s >> 32)};
  nd_mt_seed_array(&r->mt, words, 2);
}

void nd_random_seed_words(NdRandom *r, const uint32_t *key, int n) {
  nd_mt_seed_array(&r->mt, key, n);
}

bool nd_random_is_legacy(const NdRandom *r) {
  return r->legacy;
}

NdRandom *nd_random_global(void) {
  if (!global_ready) {
    global.legacy = true;
    nd_random_seed(&global, true, 0);
    global_ready = true;
  }
  return &global;
}

static NdRandom *new_kind(bool legacy, bool seeded, uint64_t seed) {
  NdRandom *r = base_malloc(sizeof *r);
  if (!r)
    return nd_fail(ND_E_MEMORY, "out of memory for a random generator");
  r->legacy = legacy;
  nd_random_seed(r, seeded, seed);
  return r;
}

NdRandom *nd_random_new(bool seeded, uint64_t seed) {
  return new_kind(false, seeded, seed);
}

NdRandom *nd_random_new_words(const uint32_t *words, int n) {
  NdRandom *r = new_kind(false, true, 0);
  if (r)
    nd_pcg_seed(&r->pcg, words, n);
  return r;
}

NdRandom *nd_random_legacy_new(bool seeded, uint64_t seed) {
  return new_kind(true, seeded, seed);
}

double nd_random_next_double(NdRandom *r) {
  return r->legacy ? nd_mt_double(&r->mt) : nd_pcg_double(&r->pcg);
}

double nd_random_next_normal(NdRandom *r) {
  return r->legacy ? nd_mt_gauss(&r->mt) : nd_pcg_gauss(&r->pcg);
}

double nd_random_next_exponential(NdRandom *r) {
  return r->legacy ? -log(1.0 - nd_mt_double(&r->mt)) : nd_pcg_exponential(&r->pcg);
}

void nd_random_free(NdRandom *r) {
  if (r && r != &global)
    base_free(r);
}

/* An array of the shape (or a scalar for size=None) to fill. */
static NdArray *make(NdDtype t, int ndim, const int64_t *shape) {
  return ndim < 0 ? nd_mark_scalar(nd_empty(t, 0, NULL)) : nd_empty(t, ndim, shape);
}

NdArray *nd_random_uniform(NdRandom *r, double lo, double hi, int ndim, const int64_t *shape) {
  if (!isfinite(hi - lo))
    return nd_fail(ND_E_OVERFLOW, "Range exceeds valid bounds");
  NdArray *a = make(ND_FLOAT64, ndim, shape);
  for (int64_t i = 0; a && i < a->size; i++)
    ((double *)a->data)[i] = lo + (hi - lo) * nd_random_next_double(r);
  return a;
}

NdArray *nd_random_float32(NdRandom *r, bool gauss, int ndim, const int64_t *shape) {
  NdArray *a = make(ND_FLOAT32, ndim, shape);
  for (int64_t i = 0; a && i < a->size; i++)
    ((float *)a->data)[i] = gauss ? nd_pcg_gauss_f32(&r->pcg) : nd_pcg_float(&r->pcg);
  return a;
}

NdArray *nd_random_normal(NdRandom *r, double loc, double scale, int ndim,
                          const int64_t *shape) {
  if (scale < 0)
    return nd_fail(ND_E_VALUE, "scale < 0");
  NdArray *a = make(ND_FLOAT64, ndim, shape);
  for (int64_t i = 0; a && i < a->size; i++)
    ((double *)a->data)[i] = loc + scale * nd_random_next_normal(r);
  return a;
}

NdArray *nd_random_integers(NdRandom *r, int64_t lo, int64_t hi, int ndim, const int64_t *shape,
                            NdDtype t) {
  t = t ? t : ND_INT64;
  if (hi <= lo)
    return nd_fail(ND_E_VALUE, r->legacy ? "high <= low" : "low >= high");
  static const struct { int64_t lo, hi; } range[ND_NDTYPES] = {
      [ND_BOOL] = {0, 2}, [ND_UINT8] = {0, 256}, [ND_INT32] = {INT32_MIN, (int64_t)INT32_MAX + 1},
      [ND_INT64] = {INT64_MIN, INT64_MAX},
  };
  if (nd_dtype_is_float(t))
    return nd_fail(ND_E_TYPE, "Unsupported dtype dtype('%s') for randint", nd_dtype_name(t));
  if (lo < range[t].lo)
    return nd_fail(ND_E_VALUE, "low is out of bounds for %s", nd_dtype_name(t));
  if (hi > range[t].hi)
    return nd_fail(ND_E_VALUE, "high is out of bounds for %s", nd_dtype_name(t));
  NdArray *a = make(t, ndim, shape);
  uint64_t span = (uint64_t)hi - (uint64_t)lo;
  NdMtBuffer buf = {0};
  int width = t == ND_UINT8 ? 8 : t == ND_BOOL ? 1 : 0;
  for (int64_t i = 0; a && i < a->size; i++) {
    uint64_t d = r->legacy
        ? (width ? nd_mt_bounded_small(&r->mt, span - 1, width, &buf)
                 : nd_mt_bounded(&r->mt, span - 1))
        : (width ? nd_pcg_bounded_small(&r->pcg, span - 1, width, &buf)
                 : nd_pcg_bounded(&r->pcg, span - 1));
    int64_t v = (int64_t)((uint64_t)lo + d);
    nd_write(t, a->data + i * (int64_t)nd_dtype_size(t), (NdScalar){.dtype = ND_INT64, .i = v});
  }
  return a;
}

/* A random order of 0..n-1. */
static NdArray *shuffled_indices(NdRandom *r, int64_t n) {
  NdArray *p = nd_empty(ND_INT64, 1, &n);
  if (!p)
    return NULL;
  int64_t *v = (int64_t *)p->data;
  for (int64_t i = 0; i < n; i++)
    v[i] = i;
  for (int64_t i = n - 1; i > 0; i--) { /* numpy's Fisher-Yates: from the end, j in [0, i] */
    uint64_t top = (uint64_t)i;
    int64_t j = (int64_t)(r->legacy ? nd_mt_interval(&r->mt, top) : nd_pcg_interval(&r->pcg, top));
    int64_t keep = v[i];
    v[i] = v[j];
    v[j] = keep;
  }
  return p;
}

/* x's rows in a random order (a new array). */
static NdArray *permuted_rows(NdRandom *r, NdArray *x) {
  NdArray *p = shuffled_indices(r, x->shape[0]);
  NdIndex ix = nd_ix_array(p);
  NdArray *out = p ? nd_getitem(x, 1, &ix) : NULL;
  nd_unref(p);
  return out;
}

bool nd_random_shuffle(NdRandom *r, NdArray *x) {
  if (x->ndim == 0)
    return nd_fail(ND_E_TYPE, "object of type 'numpy.%s' has no len()",
                   x->dtype == ND_BOOL ? "bool_" : nd_dtype_name(x->dtype)), false;
  NdArray *p = permuted_rows(r, x);
  bool ok = p && nd_assign(x, p);
  nd_unref(p);
  return ok;
}

NdArray *nd_random_permutation(NdRandom *r, const NdArray *x) {
  if (x->ndim == 0) {
    if (!nd_dtype_is_int(x->dtype))
      return nd_fail(ND_E_INDEX, "x must be an integer or at least 1-dimensional");
    int64_t n = nd_get(x, NULL).i;
    return shuffled_indices(r, n < 0 ? 0 : n);
  }
  return permuted_rows(r, (NdArray *)x);
}

/* The probabilities p as doubles (checked as numpy checks them), or NULL. */
static double *probabilities(const NdArray *p, int64_t n) {
  if (p->ndim != 1)
    return nd_fail(ND_E_VALUE, "p must be 1-dimensional");
  if (p->size != n)
    return nd_fail(ND_E_VALUE, "a and p must have same size");
  NdArray *pd = nd_astype(p, ND_FLOAT64);
  double *c = pd ? base_malloc(sizeof(double) * (size_t)(n ? n : 1)) : NULL, sum = 0;
  for (int64_t i = 0; c && i < n; i++) {
    double v = ((double *)pd->data)[i];
    if (!(v >= 0)) {
      base_free(c);
      nd_unref(pd);
      return nd_fail(ND_E_VALUE, "probabilities are not non-negative");
    }
    c[i] = v;
    sum += v;
  }
  nd_unref(pd);
  if (c && fabs(sum - 1) > 1.4901161193847656e-08) {
    base_free(c);
    return nd_fail(ND_E_VALUE, "probabilities do not sum to 1");
  }
  if (!c && !pd)
    return NULL;
  if (!c)
    return nd_fail(ND_E_MEMORY, "out of memory");
  return c;
}

/* ---- choice, as RandomState.choice and Generator.choice draw ---- */

/* numpy's cdf = p.cumsum(); cdf /= cdf[-1], into c[0..n). */
static void normalised_cdf(const double *p, int64_t n, double *c) {
  double sum = 0;
  for (int64_t i = 0; i < n; i++)
    c[i] = sum += p[i];
  for (int64_t i = 0; i < n; i++)
    c[i] /= sum;
}

/* searchsorted(c, u, side='right'): how many of the sorted c[0..n) are <= u. */
static int64_t search_right(const double *c, int64_t n, double u) {
  int64_t lo = 0, hi = n;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (c[mid] <= u)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* k distinct indices weighted by p (changed): numpy draws k uniforms, keeps the new values in
 * the order they first appear, zeroes the weights of those taken, and draws the missing
 * ones again. */
static bool weighted_distinct(NdRandom *r, int64_t n, int64_t k, double *p, double *c,
                              int64_t *out) {
  bool *taken = base_calloc((size_t)(n ? n : 1), 1);
  double *u = taken ? base_malloc(sizeof(double) * (size_t)(k ? k : 1)) : NULL;
  if (!u) {
    base_free(taken);
    return nd_fail(ND_E_MEMORY, "out of memory"), false;
  }
  for (int64_t got = 0; got < k;) {
    int64_t m = k - got;
    for (int64_t j = 0; j < m; j++)
      u[j] = nd_random_next_double(r);
    for (int64_t j = 0; j < got; j++)
      p[out[j]] = 0;
    normalised_cdf(p, n, c);
    for (int64_t j = 0; j < m; j++) {
      int64_t v = search_right(c, n, u[j]);
      if (!taken[v])
        taken[v] = true, out[got++] = v;
    }
  }
  base_free(u);
  base_free(taken);
  return true;
}


/* numpy's _shuffle_int: Fisher-Yates over v[first..n) from the end, with Lemire's draws
 * (Generator.choice's shuffles; Generator.shuffle itself uses nd_pcg_interval). */
static void shuffle_tail(NdPcg64 *g, int64_t *v, int64_t n, int64_t first) {
  for (int64_t i = n - 1; i >= first; i--) {
    int64_t j = (int64_t)nd_pcg_bounded(g, (uint64_t)i), keep = v[i];
    v[i] = v[j];
    v[j] = keep;
  }
}

/* Floyd's sampling of k distinct values of [0, n), numpy's way: value j-th draws from
 * [0, j] and takes j itself when the draw was taken before; numpy's hash set (linear
 * probing, 2^m >= 1.2 k slots) only finds what was taken, so a sorted search would do,
 * but the set keeps it O(k). Then the k values are shuffled, unless shuffle=False. */
static bool floyd(NdPcg64 *g, int64_t n, int64_t k, bool shuffle, int64_t *out) {
  uint64_t mask = (uint64_t)(1.2 * (double)k);
  for (int s = 1; s < 64; s *= 2)
    mask |= mask >> s;
  uint64_t *set = base_malloc(sizeof(uint64_t) * (size_t)(mask + 1));
  if (!set)
    return nd_fail(ND_E_MEMORY, "out of memory"), false;
  memset(set, 0xff, sizeof(uint64_t) * (size_t)(mask + 1));
  for (int64_t j = n - k; j < n; j++) {
    uint64_t val = nd_pcg_bounded(g, (uint64_t)j), loc = val & mask;
    while (set[loc] != UINT64_MAX && set[loc] != val)
      loc = (loc + 1) & mask;
    if (set[loc] == UINT64_MAX) {
      set[loc] = val;
    } else {
      val = (uint64_t)j;
      for (loc = val & mask; set[loc] != UINT64_MAX; loc = (loc + 1) & mask)
        ;
      set[loc] = val;
    }
    out[j - n + k] = (int64_t)val;
  }
  base_free(set);
  if (shuffle)
    shuffle_tail(g, out, k, 1);
  return true;
}

/* k distinct indices of [0, n) as Generator.choice(n, k, replace=False, shuffle=shuffle)
 * picks them: for a large population and sample, the last k of a partial shuffle of
 * arange(n); else Floyd. */
static bool generator_distinct(NdPcg64 *g, int64_t n, int64_t k, bool shuffle, int64_t *out) {
  if (!(n > 10000 && k > n / (shuffle ? 50 : 20)))
    return floyd(g, n, k, shuffle, out);
  int64_t *v = base_malloc(sizeof(int64_t) * (size_t)n);
  if (!v)
    return nd_fail(ND_E_MEMORY, "out of memory"), false;
  for (int64_t i = 0; i < n; i++)
    v[i] = i;
  shuffle_tail(g, v, n, n - k > 1 ? n - k : 1);
  memcpy(out, v + n - k, sizeof(int64_t) * (size_t)k);
  base_free(v);
  return true;
}

/* k indices into a population of n as choice picks them; p NULL for uniform. */
static bool pick(NdRandom *r, int64_t n, int64_t k, bool replace, double *p, bool shuffle,
                 int64_t *out) {
  if (replace && !p) {
    for (int64_t i = 0; i < k; i++)
      out[i] = (int64_t)(r->legacy ? nd_mt_bounded(&r->mt, (uint64_t)n - 1)
                                   : nd_pcg_bounded(&r->pcg, (uint64_t)n - 1));
    return true;
  }
  if (!replace && k > n)
    return nd_fail(ND_E_VALUE, r->legacy
                   ? "Cannot take a larger sample than population when 'replace=False'"
                   : "Cannot take a larger sample than population when replace is False"),
           false;
  int64_t nonzero = 0;
  for (int64_t i = 0; p && i < n; i++)
    nonzero += p[i] > 0;
  if (p && !replace && nonzero < k)
    return nd_fail(ND_E_VALUE, "Fewer non-zero entries in p than size"), false;
  if (!p && !r->legacy)
    return generator_distinct(&r->pcg, n, k, shuffle, out);
  if (!p) { /* RandomState: permutation(n)[:k] */
    NdArray *perm = shuffled_indices(r, n);
    if (perm)
      memcpy(out, perm->data, sizeof(int64_t) * (size_t)k);
    nd_unref(perm);
    return perm != NULL;
  }
  double *c = base_malloc(sizeof(double) * (size_t)(n ? n : 1));
  if (!c)
    return nd_fail(ND_E_MEMORY, "out of memory"), false;
  bool good = true;
  if (replace) {
    normalised_cdf(p, n, c);
    for (int64_t i = 0; i < k; i++)
      out[i] = search_right(c, n, nd_random_next_double(r));
  } else {
    good = weighted_distinct(r, n, k, p, c, out);
  }
  base_free(c);
  return good;
}

NdArray *nd_random_choice(NdRandom *r, const NdArray *a, int ndim, const int64_t *shape,
                          bool replace, const NdArray *p, bool shuffle) {
  int64_t n;
  if (a->ndim == 0) {
    if (!nd_dtype_is_int(a->dtype))
      return nd_fail(ND_E_VALUE, "a must be 1-dimensional or an integer");
    n = nd_get(a, NULL).i;
  } else if (a->ndim != 1) {
    return nd_fail(ND_E_VALUE, "a must be 1-dimensional");
  } else {
    n = a->shape[0];
  }
  int64_t k = 1;
  for (int i = 0; i < ndim; i++)
    k *= shape[i];
  if (n <= 0 && k > 0)
    return nd_fail(ND_E_VALUE, a->ndim && r->legacy
                   ? "'a' cannot be empty unless no samples are taken"
                   : a->ndim ? "a cannot be empty unless no samples are taken"
                   : r->legacy ? "a must be greater than 0 unless no samples are taken"
                               : "a must be a positive integer unless no samples are taken");
  double *w = p ? probabilities(p, n) : NULL;
  NdArray *idx = !p || w ? make(ND_INT64, ndim, shape) : NULL;
  bool good = idx && pick(r, n, idx->size, replace, w, shuffle, (int64_t *)idx->data);
  base_free(w);
  if (!good) {
    nd_unref(idx);
    return NULL;
  }
  if (a->ndim == 0)
    return idx;
  NdIndex ix = nd_ix_array(idx);
  NdArray *out = nd_getitem((NdArray *)a, 1, &ix);
  nd_unref(idx);
  return ndim < 0 ? nd_mark_scalar(out) : out;
}
