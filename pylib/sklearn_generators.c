/* sklearn_generators.c — sklearn.datasets' random problems make_blobs, make_regression and
 * make_classification, built the way scikit-learn 1.2 builds them: the same sizes, class
 * balance, centres, coefficients and structure (informative, redundant, repeated and useless
 * features), drawn from numpy's legacy RandomState stream in scikit-learn's order
 * (random_state=N is scikit-learn's RandomState(N)). make_blobs gives scikit-learn's numbers
 * bit for bit; make_regression and make_classification too, but where scikit-learn sums with
 * np.dot, which leaves the sum to a BLAS that may round the last bit its own way (OpenBLAS
 * uses fused multiply-adds); the labels and the order of rows are exact.
 * make_circles and make_moons are in sklearn_datasets.c.
 *
 * Every draw takes its numbers from one generator (random_state), in one order, so the
 * result depends on the seed alone. */
#include <math.h>
#include <string.h>

#include "pylib.h"

/* n draws (uniform in [0, 1) or standard normal) as a new float64 array, or NULL. */
static NdArray *draws(NdRandom *r, bool normal, int64_t n) {
  return normal ? nd_random_normal(r, 0, 1, 1, &n) : nd_random_uniform(r, 0, 1, 1, &n);
}

#define AT(a, i) (((double *)(a)->data)[i])

/* x[:, perm] in place for the rows of x [n, k]. */
static bool permute_columns(NdArray *x, const int64_t *perm, double *row) {
  int64_t n = x->shape[0], k = x->shape[1];
  for (int64_t i = 0; i < n; i++) {
    for (int64_t j = 0; j < k; j++)
      row[j] = AT(x, i * k + perm[j]);
    memcpy((double *)x->data + i * k, row, (size_t)k * sizeof(double));
  }
  return true;
}

/* Rows of x and y in one random order (sklearn.utils.shuffle). Takes x and y, gives them
 * back shuffled in *px, *py (NULL on failure, both freed). */
static bool shuffle_rows(NdRandom *rng, NdArray **x, NdArray **y) {
  NdArray *perm = pl_permutation(rng, (*x)->shape[0]);
  NdIndex ix = nd_ix_array(perm);
  NdArray *a = perm ? nd_getitem(*x, 1, &ix) : NULL, *b = a ? nd_getitem(*y, 1, &ix) : NULL;
  nd_unref(perm);
  nd_unref(*x);
  nd_unref(*y);
  if (!b)
    nd_unref(a);
  *x = b ? a : NULL, *y = b;
  return b != NULL;
}

static bool count_arg(Interp *I, Obj *v, const char *name, int64_t lo, int64_t *out) {
  if (fe_as_int(I, v, out) < 0)
    return false;
  if (*out < lo)
    return fe_throw(I, EXC_ValueError, "The '%s' parameter must be an int in the range [%lld, "
                    "inf). Got %lld instead.", name, (long long)lo, (long long)*out), false;
  return true;
}

/* The (X, y) or (X, y, extra) result, taking the arrays (all there). */
static Obj *result(Interp *I, NdArray *x, NdArray *y, NdArray *extra) {
  NdArray *v[3] = {x, y, extra};
  return pl_arrays_tuple(I, extra ? 3 : 2, v);
}

/* ---- make_blobs ---- */

/* centers: None (3 random), an int (that many random), or an array [c, k]; into *c. */
static NdArray *blob_centers(Interp *I, NdRandom *rng, Obj *v, Obj *box, int64_t k) {
  int64_t c = 3;
  if (v != &I->none && fe_is_int(I, v) && !count_arg(I, v, "centers", 1, &c))
    return NULL;
  if (v != &I->none && !fe_is_int(I, v)) {
    NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
    nd_unref(a);
    if (f && (f->ndim != 2 || f->shape[1] != k)) {
      nd_unref(f);
      return fe_throw(I, EXC_ValueError, "Expected `n_features` to be equal to the length of "
                      "each center; centers must be [n_centers, n_features]"), NULL;
    }
    return f ? f : (pl_nd_raise(I), NULL);
  }
  Obj *const *b;
  int64_t nb;
  double lo, hi;
  if (!fe_seq_items(I, box, &b, &nb) || nb != 2 || fe_as_double(I, b[0], &lo) < 0 ||
      fe_as_double(I, b[1], &hi) < 0)
    return I->exc_pending ? NULL
        : (fe_throw(I, EXC_ValueError, "center_box must be a pair (min, max)"), NULL);
  int64_t shape[2] = {c, k};
  NdArray *a = nd_random_uniform(rng, lo, hi, 2, shape);
  return a ? a : (pl_nd_raise(I), NULL);
}

/* The standard deviation of cluster i: one number for all, or one per cluster. */
static bool blob_std(Interp *I, Obj *v, int64_t c, double *sd) {
  Obj *const *items;
  int64_t n;
  if (!fe_is_int(I, v) && !FE_ISA(I, v, float)) {
    if (!fe_seq_items(I, v, &items, &n))
      return false;
    if (n != c)
      return fe_throw(I, EXC_ValueError, "Length of `clusters_std` not consistent with number "
                      "of centers. Got centers = %lld and cluster_std = %lld", (long long)c,
                      (long long)n), false;
    for (int64_t i = 0; i < c; i++)
      if (fe_as_double(I, items[i], &sd[i]) < 0)
        return false;
    return true;
  }
  double s;
  if (fe_as_double(I, v, &s) < 0)
    return false;
  for (int64_t i = 0; i < c; i++)
    sd[i] = s;
  return true;
}

static Obj *make_blobs(Interp *I, Obj *self, Obj **args) {
  (void)self;
  /* (n_samples, n_features, centers, cluster_std, center_box, shuffle, random_state,
   * return_centers) */
  int64_t n, k;
  int shuf = fe_truth(I, args[5]), ret = shuf < 0 ? -1 : fe_truth(I, args[7]);
  if (!fe_is_int(I, args[0]))
    return fe_throw(I, EXC_NotImplementedError, "make_blobs(n_samples=[...]) with a count per "
                    "center is not supported by nnc yet");
  if (ret < 0 || !count_arg(I, args[0], "n_samples", 0, &n) ||
      !count_arg(I, args[1], "n_features", 1, &k))
    return NULL;
  bool owned;
  NdRandom *rng = pl_random_state(I, args[6], &owned);
  NdArray *centers = rng ? blob_centers(I, rng, args[2], args[4], k) : NULL;
  int64_t c = centers ? centers->shape[0] : 0;
  if (centers && args[2] != &I->none && !fe_is_int(I, args[2]))
    k = centers->shape[1];
  double *sd = centers ? base_malloc((size_t)(c + 1) * sizeof(double)) : NULL;
  int64_t xs[2] = {n, k};
  NdArray *x = sd && blob_std(I, args[3], c, sd) ? nd_empty(ND_FLOAT64, 2, xs) : NULL;
  NdArray *y = x ? nd_empty(ND_INT64, 1, &n) : NULL, *g = y ? draws(rng, true, n * k) : NULL;
  for (int64_t i = 0, row = 0; g && i < c; i++)  /* n // c each, one more for the first n % c */
    for (int64_t r = 0; r < n / c + (i < n % c); r++, row++) {
      ((int64_t *)y->data)[row] = i;
      for (int64_t j = 0; j < k; j++)
        AT(x, row * k + j) = AT(centers, i * k + j) + sd[i] * AT(g, row * k + j);
    }
  bool good = g && (!shuf || shuffle_rows(rng, &x, &y));
  if (!good && !I->exc_pending && centers)
    pl_nd_raise(I);
  nd_unref(g);
  base_free(sd);
  if (owned)
    nd_random_free(rng);
  if (!good) {
    nd_unref(x), nd_unref(y), nd_unref(centers);
    return NULL;
  }
  if (ret)
    return result(I, x, y, centers);
  nd_unref(centers);
  return result(I, x, y, NULL);
}

/* ---- make_regression ---- */

static Obj *make_regression(Interp *I, Obj *self, Obj **args) {
  (void)self;
  /* (n_samples, n_features, n_informative, n_targets, bias, effective_rank, tail_strength,
   * noise, shuffle, coef, random_state) */
  int64_t n, k, inf, t;
  double bias, noise;
  if (args[5] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "make_regression(effective_rank=...) is not "
                    "supported by nnc yet");
  int shuf = fe_truth(I, args[8]), want_coef = shuf < 0 ? -1 : fe_truth(I, args[9]);
  if (want_coef < 0 || !count_arg(I, args[0], "n_samples", 1, &n) ||
      !count_arg(I, args[1], "n_features", 1, &k) ||
      !count_arg(I, args[2], "n_informative", 0, &inf) ||
      !count_arg(I, args[3], "n_targets", 1, &t) || fe_as_double(I, args[4], &bias) < 0 ||
      fe_as_double(I, args[7], &noise) < 0)
    return NULL;
  if (inf > k)
    inf = k;  /* scikit-learn: n_informative = min(n_features, n_informative) */
  bool owned;
  NdRandom *rng = pl_random_state(I, args[10], &owned);
  if (!rng)
    return NULL;
  int64_t xs[2] = {n, k}, ys[2] = {n, t}, cs[2] = {k, t};
  NdArray *x = nd_random_normal(rng, 0, 1, 2, xs), *coef = x ? nd_zeros(ND_FLOAT64, 2, cs) : NULL;
  NdArray *u = coef ? draws(rng, false, inf * t) : NULL, *y = u ? nd_zeros(ND_FLOAT64, 2, ys)
                                                                : NULL;
  for (int64_t i = 0; u && i < inf * t; i++)
    AT(coef, i) = 100 * AT(u, i);
  for (int64_t i = 0; y && i < n; i++)
    for (int64_t o = 0; o < t; o++) {
      double s = 0;
      for (int64_t j = 0; j < k; j++)
        s += AT(x, i * k + j) * AT(coef, j * t + o);
      AT(y, i * t + o) = s + bias;
    }
  NdArray *e = y && noise > 0 ? nd_random_normal(rng, 0, noise, 2, ys) : NULL;
  bool good = y && (noise <= 0 || (e && nd_ufunc_out(ND_ADD, y, e, y)));
  nd_unref(e);
  nd_unref(u);
  if (good && shuf) { /* the rows, then the features (and their coefficients) */
    good = shuffle_rows(rng, &x, &y);
    NdArray *perm = good ? pl_permutation(rng, k) : NULL;
    double *row = perm ? base_malloc((size_t)(k + 1) * sizeof(double)) : NULL;
    good = row && permute_columns(x, (const int64_t *)perm->data, row);
    NdIndex ix = perm ? nd_ix_array(perm) : nd_ix_all();
    NdArray *c2 = good ? nd_getitem(coef, 1, &ix) : NULL;
    nd_unref(coef);
    coef = c2;
    good = c2 != NULL;
    base_free(row);
    nd_unref(perm);
  }
  if (owned)
    nd_random_free(rng);
  if (good && t == 1) { /* np.squeeze: y [n], coef [k] */
    NdArray *y1 = nd_reshape(y, 1, &n), *c1 = y1 ? nd_reshape(coef, 1, &k) : NULL;
    nd_unref(y), nd_unref(coef);
    y = y1, coef = c1;
    good = c1 != NULL;
  }
  if (!good) {
    nd_unref(x), nd_unref(y), nd_unref(coef);
    return pl_nd_raise(I);
  }
  if (want_coef)
    return result(I, x, y, coef);
  nd_unref(coef);
  return result(I, x, y, NULL);
}

/* ---- make_classification ---- */

typedef struct {
  int64_t n, k, inf, red, rep, classes, per_class;
  double flip, sep, shift, scale;
  bool random_shift, random_scale;  /* shift=None, scale=None: drawn per feature */
  bool hypercube;
} Spec;

/* Samples per cluster: n * weight / clusters-per-class each, the rest one by one. */
static void cluster_sizes(const Spec *s, const double *w, int64_t *size) {
  int64_t clusters = s->classes * s->per_class, given = 0;
  for (int64_t c = 0; c < clusters; c++)
    given += size[c] = (int64_t)((double)s->n * w[c % s->classes] / (double)s->per_class);
  for (int64_t i = 0; i < s->n - given; i++)
    size[i % clusters]++;
}

/* One scalar rng.randint(n), as numpy's legacy randint draws it. */
static int64_t randint_below(NdRandom *rng, int64_t n, bool *good) {
  NdArray *d = nd_random_integers(rng, 0, n, -1, NULL, ND_INT64);
  int64_t v = d ? ((int64_t *)d->data)[0] : 0;
  *good = *good && d;
  nd_unref(d);
  return v;
}

/* scikit-learn's sample_without_replacement(2**bits, c) (method 'auto') into v[c]: a
 * permutation's head when c / 2**bits is in (0.01, 0.99), else tracking selection (randint
 * again while taken) below 0.2, else reservoir sampling. */
static bool sample_vertices(NdRandom *rng, int bits, int64_t c, int64_t *v) {
  int64_t pop = (int64_t)1 << bits;
  double ratio = (double)c / (double)pop;
  bool good = true;
  if (ratio > 0.01 && ratio < 0.99) {
    NdArray *perm = pl_permutation(rng, pop);
    if (perm)
      memcpy(v, perm->data, (size_t)c * sizeof(int64_t));
    nd_unref(perm);
    return perm != NULL;
  }
  if (ratio < 0.2) {
    for (int64_t i = 0; good && i < c; i++) {
      bool taken;
      do {
        v[i] = randint_below(rng, pop, &good);
        taken = false;
        for (int64_t t = 0; t < i; t++)
          taken |= v[t] == v[i];
      } while (good && taken);
    }
    return good;
  }
  for (int64_t i = 0; i < c; i++)
    v[i] = i;
  for (int64_t i = c; good && i < pop; i++) {
    int64_t j = randint_below(rng, i + 1, &good);
    if (j < c)
      v[j] = i;
  }
  return good;
}

/* Distinct random vertices of the hypercube {-sep, sep}^inf, one per cluster [c, inf], as
 * scikit-learn's _generate_hypercube draws them: above 30 dimensions the leading ones are
 * randint(2) bits, the last 30 the binary digits (most significant first) of distinct
 * integers below 2**30. */
static NdArray *centroids(NdRandom *rng, const Spec *s, int64_t c) {
  int64_t cs[2] = {c, s->inf}, high = s->inf > 30 ? s->inf - 30 : 0, low = s->inf - high;
  int64_t *v = base_malloc((size_t)(c + 1) * sizeof(int64_t)), hs[2] = {c, high ? high : 1};
  NdArray *m = v ? nd_empty(ND_FLOAT64, 2, cs) : NULL;
  NdArray *h = m && high ? nd_random_integers(rng, 0, 2, 2, hs, ND_INT64) : NULL;
  bool good = m && (!high || h) && sample_vertices(rng, (int)low, c, v);
  for (int64_t i = 0; good && i < c; i++)
    for (int64_t j = 0; j < s->inf; j++) {
      int64_t bit = j < high ? ((int64_t *)h->data)[i * high + j] : v[i] >> (s->inf - 1 - j) & 1;
      AT(m, i * s->inf + j) = (double)bit * (2 * s->sep) - s->sep;
    }
  nd_unref(h);
  base_free(v);
  if (!good)
    nd_unref(m), m = NULL;
  if (m && !s->hypercube) { /* scaled by a random factor per cluster, then per feature */
    NdArray *a = draws(rng, false, c), *b = a ? draws(rng, false, s->inf) : NULL;
    for (int64_t i = 0; b && i < c * s->inf; i++)
      AT(m, i) = AT(m, i) * AT(a, i / s->inf) * AT(b, i % s->inf);
    if (!b)
      nd_unref(m), m = NULL;
    nd_unref(a), nd_unref(b);
  }
  return m;
}

/* x [n, k] and y [n] built as scikit-learn builds them, before flipping and shuffling. */
static bool classification_body(NdRandom *rng, const Spec *s, const int64_t *size,
                                NdArray *x, NdArray *y) {
  int64_t c = s->classes * s->per_class, k = s->k, inf = s->inf;
  NdArray *cent = centroids(rng, s, c), *g = cent ? draws(rng, true, s->n * inf) : NULL;
  bool good = g != NULL;
  double row[64];  /* spec_of: inf <= 62 */
  for (int64_t cl = 0, start = 0; good && cl < c; start += size[cl++]) {
    NdArray *a = draws(rng, false, inf * inf);  /* a random linear map per cluster */
    good = a != NULL;
    for (int64_t i = start; good && i < start + size[cl]; i++) {
      ((int64_t *)y->data)[i] = cl % s->classes;
      for (int64_t j = 0; j < inf; j++) { /* (x_k @ A) + centroid, A = 2 u - 1 */
        row[j] = 0;
        for (int64_t t = 0; t < inf; t++)
          row[j] += AT(g, i * inf + t) * (2 * AT(a, t * inf + j) - 1);
        row[j] += AT(cent, cl * inf + j);
      }
      memcpy((double *)x->data + i * k, row, (size_t)inf * sizeof(double));
    }
    nd_unref(a);
  }
  NdArray *b = good && s->red ? draws(rng, false, inf * s->red) : NULL;
  good = good && (!s->red || b);
  for (int64_t i = 0; b && i < s->n; i++)  /* redundant: linear combinations */
    for (int64_t j = 0; j < s->red; j++) {
      double v = 0;
      for (int64_t t = 0; t < inf; t++)
        v += AT(x, i * k + t) * (2 * AT(b, t * s->red + j) - 1);
      AT(x, i * k + inf + j) = v;
    }
  int64_t from = inf + s->red, useless = k - from - s->rep;
  NdArray *r = good && s->rep ? draws(rng, false, s->rep) : NULL;
  good = good && (!s->rep || r);
  for (int64_t j = 0; r && j < s->rep; j++) {  /* repeated: copies of earlier columns */
    int64_t src = (int64_t)((double)(from - 1) * AT(r, j) + 0.5);
    for (int64_t i = 0; i < s->n; i++)
      AT(x, i * k + from + j) = AT(x, i * k + src);
  }
  NdArray *u = good && useless ? draws(rng, true, s->n * useless) : NULL;
  good = good && (!useless || u);
  for (int64_t i = 0; u && i < s->n; i++)
    for (int64_t j = 0; j < useless; j++)
      AT(x, i * k + k - useless + j) = AT(u, i * useless + j);
  nd_unref(cent), nd_unref(g), nd_unref(b), nd_unref(r), nd_unref(u);
  return good;
}

/* A fraction flip of the labels replaced by random classes (scikit-learn draws the n
 * uniforms whenever flip_y >= 0), then X shifted and scaled, by random amounts per feature
 * for shift=None and scale=None. */
static bool flip_and_scale(NdRandom *rng, const Spec *s, NdArray *x, NdArray *y) {
  NdArray *f = s->flip >= 0 ? draws(rng, false, s->n) : NULL;
  bool good = s->flip < 0 || f;
  for (int64_t i = 0; f && good && i < s->n; i++)
    if (AT(f, i) < s->flip)
      ((int64_t *)y->data)[i] = randint_below(rng, s->classes, &good);
  nd_unref(f);
  NdArray *sh = good && s->random_shift ? draws(rng, false, s->k) : NULL;
  NdArray *sc = good && s->random_scale && (sh || !s->random_shift) ? draws(rng, false, s->k)
                                                                    : NULL;
  good = good && (sh || !s->random_shift) && (sc || !s->random_scale);
  for (int64_t i = 0; good && i < s->n * s->k; i++) {
    int64_t j = i % s->k;
    double shift = sh ? (2 * AT(sh, j) - 1) * s->sep : s->shift;
    double scale = sc ? 1 + 100 * AT(sc, j) : s->scale;
    AT(x, i) = (AT(x, i) + shift) * scale;
  }
  nd_unref(sh), nd_unref(sc);
  return good;
}

static bool class_weights(Interp *I, Obj *v, const Spec *s, double *w) {
  for (int64_t c = 0; c < s->classes; c++)
    w[c] = 1.0 / (double)s->classes;
  if (v == &I->none)
    return true;
  Obj *const *items;
  int64_t n;
  if (!fe_seq_items(I, v, &items, &n))
    return false;
  if (n != s->classes && n != s->classes - 1)
    return fe_throw(I, EXC_ValueError, "Weights specified but incompatible with number of "
                    "classes."), false;
  double sum = 0;
  for (int64_t c = 0; c < n; c++) {
    if (fe_as_double(I, items[c], &w[c]) < 0)
      return false;
    sum += w[c];
  }
  if (n == s->classes - 1)
    w[n] = 1 - sum;
  return true;
}

static bool spec_of(Interp *I, Obj **args, Spec *s) {
  int hc = fe_truth(I, args[10]);
  if (hc < 0 || !count_arg(I, args[0], "n_samples", 1, &s->n) ||
      !count_arg(I, args[1], "n_features", 1, &s->k) ||
      !count_arg(I, args[2], "n_informative", 1, &s->inf) ||
      !count_arg(I, args[3], "n_redundant", 0, &s->red) ||
      !count_arg(I, args[4], "n_repeated", 0, &s->rep) ||
      !count_arg(I, args[5], "n_classes", 1, &s->classes) ||
      !count_arg(I, args[6], "n_clusters_per_class", 1, &s->per_class) ||
      fe_as_double(I, args[8], &s->flip) < 0 || fe_as_double(I, args[9], &s->sep) < 0 ||
      (args[11] != &I->none && fe_as_double(I, args[11], &s->shift) < 0) ||
      (args[12] != &I->none && fe_as_double(I, args[12], &s->scale) < 0))
    return false;
  s->random_shift = args[11] == &I->none;
  s->random_scale = args[12] == &I->none;
  s->hypercube = hc;
  if (s->inf + s->red + s->rep > s->k)
    return fe_throw(I, EXC_ValueError, "Number of informative, redundant and repeated features "
                    "must sum to less than the number of total features"), false;
  if (s->inf > 62)
    return fe_throw(I, EXC_NotImplementedError, "make_classification(n_informative=%lld): "
                    "more than 62 informative features is not supported by nnc yet",
                    (long long)s->inf), false;
  if (s->classes * s->per_class > ((int64_t)1 << s->inf))
    return fe_throw(I, EXC_ValueError, "n_classes(%lld) * n_clusters_per_class(%lld) must be "
                    "smaller or equal 2**n_informative(%lld)=%lld", (long long)s->classes,
                    (long long)s->per_class, (long long)s->inf,
                    (long long)((int64_t)1 << s->inf)), false;
  return true;
}

static Obj *make_classification(Interp *I, Obj *self, Obj **args) {
  (void)self;
  /* (n_samples, n_features, n_informative, n_redundant, n_repeated, n_classes,
   * n_clusters_per_class, weights, flip_y, class_sep, hypercube, shift, scale, shuffle,
   * random_state) */
  Spec s;
  int shuf = fe_truth(I, args[13]);
  if (shuf < 0 || !spec_of(I, args, &s))
    return NULL;
  int64_t c = s.classes * s.per_class;
  double *w = base_malloc((size_t)(s.classes + 1) * sizeof(double));
  int64_t *size = w ? base_calloc((size_t)c, sizeof(int64_t)) : NULL;
  if (!size) {
    base_free(w);
    return fe_nomem(I);
  }
  bool owned = false;
  NdRandom *rng = class_weights(I, args[7], &s, w) ? pl_random_state(I, args[14], &owned) : NULL;
  int64_t xs[2] = {s.n, s.k};
  NdArray *x = rng ? nd_zeros(ND_FLOAT64, 2, xs) : NULL, *y = x ? nd_zeros(ND_INT64, 1, &s.n)
                                                               : NULL;
  if (y)
    cluster_sizes(&s, w, size);
  bool good = y && classification_body(rng, &s, size, x, y) && flip_and_scale(rng, &s, x, y);
  if (good && shuf) {
    NdArray *perm = (good = shuffle_rows(rng, &x, &y)) ? pl_permutation(rng, s.k) : NULL;
    double *row = perm ? base_malloc((size_t)(s.k + 1) * sizeof(double)) : NULL;
    good = row && permute_columns(x, (const int64_t *)perm->data, row);
    base_free(row);
    nd_unref(perm);
  }
  if (owned)
    nd_random_free(rng);
  base_free(w);
  base_free(size);
  if (!good) {
    nd_unref(x), nd_unref(y);
    return rng ? pl_nd_raise(I) : NULL;
  }
  return result(I, x, y, NULL);
}

static const FeFnDef generator_fns[] = {
    {"make_blobs", make_blobs,
     "(n_samples=100, n_features=2, *, centers=None, cluster_std=1.0, center_box=(-10.0, "
         "10.0), shuffle=True, random_state=None, return_centers=False)", "tuple", NULL},
    {"make_regression", make_regression,
     "(n_samples=100, n_features=100, *, n_informative=10, n_targets=1, bias=0.0, "
         "effective_rank=None, tail_strength=0.5, noise=0.0, shuffle=True, coef=False, "
         "random_state=None)", "tuple", NULL},
    {"make_classification", make_classification,
     "(n_samples=100, n_features=20, *, n_informative=2, n_redundant=2, n_repeated=0, "
         "n_classes=2, n_clusters_per_class=2, weights=None, flip_y=0.01, class_sep=1.0, "
         "hypercube=True, shift=0.0, scale=1.0, shuffle=True, random_state=None)", "tuple",
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_generators_def = {.name = "sklearn.datasets",
                                               .fns = generator_fns};
