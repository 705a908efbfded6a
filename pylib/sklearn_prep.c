/* sklearn_prep.c — what tutorials do to data before Keras sees it, as scikit-learn 1.2 does
 * it: sklearn.model_selection.train_test_split (shuffled, stratified or in order, with
 * scikit-learn's sizes: the test part rounds up), and sklearn.preprocessing's StandardScaler,
 * MinMaxScaler and scale (population variance; a feature that does not vary is left
 * unscaled). Shuffled and stratified splits draw from numpy's legacy RandomState stream in
 * scikit-learn's order, so random_state=N picks scikit-learn's rows. A DataFrame or Series
 * comes back as one (its rows keeping their labels); anything else as a numpy array, also
 * list input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

/* ---- train_test_split ---- */

/* The sizes of the two parts of n rows, as scikit-learn's _validate_shuffle_split. */
static bool split_sizes(Interp *I, Obj *test, Obj *train, int64_t n, int64_t *nt, int64_t *nr) {
  Obj *given[2] = {test, train};
  int64_t out[2] = {-1, -1};
  for (int i = 0; i < 2; i++) {
    if (given[i] == &I->none)
      continue;
    double d;
    if (fe_as_double(I, given[i], &d) < 0)
      return false;
    bool frac = !fe_is_int(I, given[i]);
    if (frac ? !(d > 0 && d < 1) : !(d > 0 && d < (double)n))
      return fe_throw(I, EXC_ValueError, "%s_size=%g should be either positive and smaller "
                      "than the number of samples %lld or a float in the (0, 1) range",
                      i ? "train" : "test", d, (long long)n), false;
    out[i] = !frac ? (int64_t)d : i == 0 ? (int64_t)ceil(d * (double)n)
                                         : (int64_t)floor(d * (double)n);
  }
  if (out[0] < 0 && out[1] < 0)
    out[0] = (int64_t)ceil(0.25 * (double)n);
  *nt = out[0] >= 0 ? out[0] : n - out[1];
  *nr = out[1] >= 0 ? out[1] : n - *nt;
  if (*nt + *nr > n || *nr <= 0)
    return fe_throw(I, EXC_ValueError, "With n_samples=%lld, test_size=%lld and train_size="
                    "%lld, the resulting train set would be empty or larger than the data.",
                    (long long)n, (long long)*nt, (long long)*nr), false;
  return true;
}

/* Each class's share of `want` draws, as scikit-learn's _approximate_mode gives it: the
 * floors of the proportional shares, then one more for each of the largest remainders; where
 * remainders tie, rng picks which classes get one (choice without replacement, which draws
 * a whole permutation of the tied classes even when all of them get one). */
static bool approximate_mode(NdRandom *rng, const int64_t *counts, int k, int64_t want,
                             int64_t *out) {
  int64_t total = 0, given = 0, *tied = base_malloc((size_t)k * sizeof(int64_t));
  double *rem = tied ? base_malloc((size_t)k * sizeof(double)) : NULL;
  if (!rem) {
    base_free(tied);
    return false;
  }
  for (int i = 0; i < k; i++)
    total += counts[i];
  for (int i = 0; i < k; i++) {
    double share = (double)counts[i] / (double)total * (double)want, whole = floor(share);
    out[i] = (int64_t)whole;
    rem[i] = share - whole;
    given += out[i];
  }
  bool good = true;
  for (double above = INFINITY; good && given < want;) {
    double v = -INFINITY; /* the largest remainder below the last one served */
    for (int i = 0; i < k; i++)
      if (rem[i] < above && rem[i] > v)
        v = rem[i];
    if (v == -INFINITY)
      break;
    int64_t m = 0;
    for (int i = 0; i < k; i++)
      if (rem[i] == v)
        tied[m++] = i;
    NdArray *perm = pl_permutation(rng, m);
    good = perm != NULL;
    for (int64_t j = 0; perm && j < m && given < want; j++, given++)
      out[tied[((const int64_t *)perm->data)[j]]]++;
    nd_unref(perm);
    above = v;
  }
  base_free(rem);
  base_free(tied);
  return good;
}

/* v[0..n) in a random order, as rng.permutation(v) orders it. */
static bool permute_in_place(NdRandom *rng, int64_t *v, int64_t n, int64_t *scratch) {
  NdArray *perm = pl_permutation(rng, n);
  if (!perm)
    return false;
  for (int64_t i = 0; i < n; i++)
    scratch[i] = v[((const int64_t *)perm->data)[i]];
  memcpy(v, scratch, (size_t)n * sizeof(int64_t));
  nd_unref(perm);
  return true;
}

typedef struct {
  char *key;
  int64_t row;
} Keyed;

static int by_key(const void *a, const void *b) {
  const Keyed *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* Row i of a 2-D y as scikit-learn labels it: its values' str() joined by spaces (so a
 * one-hot row is its class); NULL with the exception raised. */
static char *row_key(Interp *I, const NdArray *y, int64_t i) {
  BaseBuf b = {0};
  for (int64_t j = 0; j < y->shape[1] && !b.nomem; j++) {
    int64_t at[2] = {i, j};
    Obj *v = pl_scalar_wrap(I, nd_get(y, at)), *t = v ? fe_str(I, v) : NULL;
    fe_decref(I, v);
    if (!t) {
      base_buf_free(&b);
      return NULL;
    }
    base_buf_printf(&b, "%s%s", j ? " " : "", FE_STR(t)->s);
    fe_decref(I, t);
  }
  if (b.nomem || !b.p)
    return base_buf_free(&b), fe_nomem(I), NULL;
  return b.p;
}

/* The class of each row of a 2-D y (its label: row_key), numbered in sorted label order as
 * numpy's unique numbers them; their count in *k. NULL with the exception raised. */
static NdArray *row_classes(Interp *I, NdArray *y, int64_t n, int *k) {
  Keyed *rows = base_calloc((size_t)n + 1, sizeof *rows);
  NdArray *inv = rows ? nd_empty(ND_INT64, 1, &n) : NULL;
  bool ok = inv != NULL;
  for (int64_t i = 0; ok && i < n; i++)
    ok = (rows[i] = (Keyed){row_key(I, y, i), i}).key != NULL;
  if (ok) {
    qsort(rows, (size_t)n, sizeof *rows, by_key);
    *k = 0;
    for (int64_t i = 0; i < n; i++) {
      *k += i == 0 || strcmp(rows[i].key, rows[i - 1].key) != 0;
      ((int64_t *)inv->data)[rows[i].row] = *k - 1;
    }
  }
  for (int64_t i = 0; rows && i < n; i++)
    base_free(rows[i].key);
  base_free(rows);
  if (!ok && !I->exc_pending)
    fe_nomem(I);
  if (!ok)
    nd_unref(inv);
  return ok ? inv : NULL;
}

/* The class (0..k-1, in sorted label order) of each of the n labels y into *cls, their
 * count in *k; NULL-free on failure with the exception raised. A 2-D y labels each sample
 * by its row, as scikit-learn does. */
static NdArray *classes_of(Interp *I, NdArray *y, int64_t n, int *k) {
  if (y->ndim == 2 && y->shape[0] == n)
    return row_classes(I, y, n, k);
  if (y->ndim != 1 || y->shape[0] != n)
    return fe_throw(I, EXC_ValueError, "stratify must hold one label per sample"), NULL;
  NdArray *parts[4] = {0};
  NdUniqueOpts uo = {.return_inverse = true};
  if (nd_unique(y, &uo, parts) != 2) {
    for (int i = 0; i < 4; i++)
      nd_unref(parts[i]);
    return pl_nd_raise(I), NULL;
  }
  NdArray *inv = nd_ascontiguous(parts[1], ND_INT64);
  *k = (int)parts[0]->shape[0];
  nd_unref(parts[0]);
  nd_unref(parts[1]);
  return inv ? inv : (pl_nd_raise(I), NULL);
}

static bool class_count_errors(Interp *I, const int64_t *counts, int k, int64_t nr,
                               int64_t nt) {
  for (int c = 0; c < k; c++)
    if (counts[c] < 2)
      return fe_throw(I, EXC_ValueError, "The least populated class in y has only 1 member, "
                      "which is too few. The minimum number of groups for any class cannot be "
                      "less than 2."), true;
  if (nr < k)
    return fe_throw(I, EXC_ValueError, "The train_size = %lld should be greater or equal to "
                    "the number of classes = %d", (long long)nr, k), true;
  if (nt < k)
    return fe_throw(I, EXC_ValueError, "The test_size = %lld should be greater or equal to "
                    "the number of classes = %d", (long long)nt, k), true;
  return false;
}

/* Row numbers of each part into train[nr] and test[nt], stratified by the labels y, drawn as
 * scikit-learn's StratifiedShuffleSplit draws them: the classes' shares of each part, then a
 * permutation of each class's rows (in row order) split into its train and test rows, then
 * a permutation of each part. */
static bool stratified(Interp *I, NdRandom *rng, NdArray *y, int64_t n, int64_t nr, int64_t nt,
                       int64_t *train, int64_t *test) {
  int k;
  NdArray *inv = classes_of(I, y, n, &k);
  if (!inv)
    return false;
  const int64_t *cls = (const int64_t *)inv->data;
  int64_t *counts = base_calloc((size_t)k * 4 + 1, sizeof(int64_t)), *ntr = counts + k,
          *nte = counts + 2 * k, *start = counts + 3 * k;
  int64_t *rows = counts ? base_malloc((size_t)(n + 1) * sizeof(int64_t)) : NULL;
  if (!rows) {
    base_free(counts);
    nd_unref(inv);
    return fe_nomem(I), false;
  }
  for (int64_t i = 0; i < n; i++)
    counts[cls[i]]++;
  for (int c = 1; c < k; c++)
    start[c] = start[c - 1] + counts[c - 1];
  for (int64_t i = 0; i < n; i++) /* each class's rows, in row order (a stable argsort) */
    rows[start[cls[i]] + ntr[cls[i]]++] = i;
  nd_unref(inv);
  bool good = !class_count_errors(I, counts, k, nr, nt) &&
              approximate_mode(rng, counts, k, nr, ntr);
  for (int c = 0; good && c < k; c++)
    nte[c] = counts[c] - ntr[c]; /* what is left, for the test part's shares */
  good = good && approximate_mode(rng, nte, k, nt, nte);
  int64_t r = 0, t = 0;
  for (int c = 0; good && c < k; c++) {
    NdArray *perm = pl_permutation(rng, counts[c]);
    const int64_t *pc = perm ? (const int64_t *)perm->data : NULL, *rc = rows + start[c];
    for (int64_t j = 0; pc && j < ntr[c] + nte[c]; j++)
      *(j < ntr[c] ? &train[r++] : &test[t++]) = rc[pc[j]];
    good = perm != NULL;
    nd_unref(perm);
  }
  good = good && permute_in_place(rng, train, r, rows) && permute_in_place(rng, test, t, rows);
  if (!good && !I->exc_pending)
    pl_nd_raise(I);
  base_free(rows);
  base_free(counts);
  return good;
}

/* Row numbers of each part: in order, shuffled, or stratified. */
static bool split_rows(Interp *I, Obj *shuffle, Obj *stratify, Obj *random_state, int64_t n,
                       int64_t nr, int64_t nt, int64_t *train, int64_t *test) {
  int shuf = fe_truth(I, shuffle);
  if (shuf < 0)
    return false;
  if (!shuf) {
    if (stratify != &I->none)
      return fe_throw(I, EXC_ValueError, "Stratified train/test split is not implemented for "
                      "shuffle=False"), false;
    for (int64_t i = 0; i < nr; i++)
      train[i] = i;
    for (int64_t i = 0; i < nt; i++)
      test[i] = nr + i;
    return true;
  }
  bool owned;
  NdRandom *rng = pl_random_state(I, random_state, &owned);
  if (!rng)
    return false;
  bool good;
  if (stratify != &I->none) {
    NdArray *y = pl_text_codes(I, stratify);   /* text labels stratify as their codes */
    y = y || I->exc_pending ? y : pl_array_arg(I, stratify);
    good = y && stratified(I, rng, y, n, nr, nt, train, test);
    nd_unref(y);
  } else {
    NdArray *perm = pl_permutation(rng, n);
    good = perm != NULL;
    for (int64_t i = 0; perm && i < nt + nr; i++)
      *(i < nt ? &test[i] : &train[i - nt]) = ((const int64_t *)perm->data)[i];
    nd_unref(perm);
    if (!good)
      pl_nd_raise(I);
  }
  if (owned)
    nd_random_free(rng);
  return good;
}

/* An int64 array of n row numbers, taking rows. */
static NdArray *index_array(int64_t *rows, int64_t n) {
  NdArray *a = nd_empty(ND_INT64, 1, &n);
  if (a)
    memcpy(a->data, rows, (size_t)n * sizeof(int64_t));
  return a;
}

/* The rows of text labels v at positions ix, as scikit-learn's _safe_indexing takes them: a
 * list from a list or tuple, else v's own kind (a Series, an object array). */
static Obj *take_text(Interp *I, Obj *v, NdArray *ix) {
  if (!FE_ISA(I, v, list) && !FE_ISA(I, v, tuple)) {
    Obj *key = pl_array_wrap(I, nd_ref(ix)), *r = key ? fe_getitem(I, v, key) : NULL;
    fe_decref(I, key);
    return r;
  }
  Obj *const *items;
  int64_t n;
  fe_seq_items(I, v, &items, &n);
  Obj *r = fe_list_new(I, 0);
  for (int64_t i = 0; r && i < ix->shape[0]; i++)
    if (fe_list_append(I, r, items[((const int64_t *)ix->data)[i]]) < 0)
      fe_setref(I, &r, NULL);
  return r;
}

/* The rows of a DataFrame or Series at positions ix, as its .iloc[ix] gives them: pandas
 * in, pandas out, each row keeping its label (scikit-learn's _safe_indexing). */
static Obj *take_rows(Interp *I, Obj *v, NdArray *ix) {
  nd_ref(ix);
  Obj *at = pl_array_wrap(I, ix), *iloc = at ? fe_getattr_str(I, v, "iloc") : NULL;
  Obj *r = iloc ? fe_getitem(I, iloc, at) : NULL;
  fe_decref(I, iloc);
  fe_decref(I, at);
  return r;
}

static Obj *train_test_split(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *const *arrays;
  int64_t narrays, n = -1, nt, nr;
  if (!fe_seq_items(I, args[0], &arrays, &narrays))
    return NULL;
  if (narrays == 0)
    return fe_throw(I, EXC_ValueError, "At least one array required as input");
  NdArray **as = base_calloc((size_t)narrays, sizeof(NdArray *));
  if (!as)
    return fe_nomem(I);
  Obj *out = NULL;
  bool good = true;
  for (int64_t i = 0; good && i < narrays; i++) {
    Obj *const *items;
    int64_t len;
    bool text = pl_text_labels(I, arrays[i], &items, &len);  /* labels as strs: taken as is */
    as[i] = text ? NULL : pl_array_arg(I, arrays[i]);
    good = text || (as[i] && as[i]->ndim > 0);
    if (as[i] && !good)
      fe_throw(I, EXC_TypeError, "Singleton array cannot be considered a valid collection.");
    len = as[i] ? as[i]->shape[0] : len;
    if (good && n >= 0 && len != n) {
      fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
               "[%lld, %lld]", (long long)n, (long long)len);
      good = false;
    }
    if (good)
      n = len;
  }
  int64_t *rows = good && split_sizes(I, args[1], args[2], n, &nt, &nr)
      ? base_malloc((size_t)(nt + nr + 1) * sizeof(int64_t)) : NULL;
  if (good && rows && split_rows(I, args[4], args[5], args[3], n, nr, nt, rows, rows + nr)) {
    NdArray *ix[2] = {index_array(rows, nr), index_array(rows + nr, nt)};
    out = ix[0] && ix[1] ? fe_list_new(I, 0) : NULL;
    for (int64_t i = 0; out && i < 2 * narrays; i++) {
      NdIndex x = nd_ix_array(ix[i % 2]);
      Obj *a = arrays[i / 2];
      Obj *v = pl_is_frame(a)  ? take_rows(I, a, ix[i % 2])
             : as[i / 2]    ? pl_array_wrap(I, nd_getitem(as[i / 2], 1, &x))
                            : take_text(I, a, ix[i % 2]);
      if (!v || fe_list_append(I, out, v) < 0)
        fe_setref(I, &out, NULL);
      fe_decref(I, v);
    }
    if (!ix[0] || !ix[1])
      pl_nd_raise(I);
    nd_unref(ix[0]);
    nd_unref(ix[1]);
  } else if (good && !rows && !I->exc_pending) {
    fe_nomem(I);
  }
  base_free(rows);
  for (int64_t i = 0; i < narrays; i++)
    nd_unref(as[i]);
  base_free(as);
  return out;
}

static const FeFnDef model_selection_fns[] = {
    {"train_test_split", train_test_split,
     "(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True, "
         "stratify=None)", "list", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- scalers ---- */

NdArray *pl_check_array(Interp *I, Obj *x, NdDtype *kept) {
  NdArray *a = pl_array_arg(I, x);
  if (!a)
    return NULL;
  if (a->ndim != 2) {
    fe_throw(I, EXC_ValueError, "Expected 2D array, got %s array instead. Reshape your data "
             "either using array.reshape(-1, 1) if your data has a single feature or "
             "array.reshape(1, -1) if it contains a single sample.",
             a->ndim == 1 ? "1D" : a->ndim == 0 ? "scalar" : "3D or more");
    nd_unref(a);
    return NULL;
  }
  *kept = a->dtype == ND_FLOAT32 ? ND_FLOAT32 : ND_FLOAT64;
  NdArray *c = nd_astype(a, ND_FLOAT64);
  nd_unref(a);
  if (!c)
    pl_nd_raise(I);
  return c;
}

/* A float64 vector of k values from v. */
static NdArray *vector(const double *v, int64_t k) {
  NdArray *a = nd_empty(ND_FLOAT64, 1, &k);
  if (a)
    memcpy(a->data, v, (size_t)k * sizeof(double));
  return a;
}

bool pl_set_array_attr(Interp *I, Obj *self, const char *name, NdArray *a) {
  Obj *v = pl_array_wrap(I, a), *k = v ? fe_str_cstr(I, name) : NULL;
  int r = k ? fe_setattr(I, self, k, v) : -1;
  fe_decref(I, v);
  fe_decref(I, k);
  return r == 0;
}

bool pl_set_attr(Interp *I, Obj *self, const char *name, Obj *v) {
  Obj *k = v ? fe_str_cstr(I, name) : NULL;
  int r = k ? fe_setattr(I, self, k, v) : -1;
  fe_decref(I, v);
  fe_decref(I, k);
  return r == 0;
}

/* The fitted vector attribute `name` of self, as k float64 values (a new reference). */
static NdArray *fitted(Interp *I, Obj *self, const char *name, int64_t k) {
  NdArray *a = pl_fitted_array(I, self, name);
  if (a && (a->ndim != 1 || a->shape[0] != k)) {
    nd_unref(a);
    fe_throw(I, EXC_ValueError, "X has %lld features, but %s is expecting a different number",
             (long long)k, fe_typename(self));
    return NULL;
  }
  return a;
}

/* Each column j of x becomes x * mul[j] + add[j] (x - mean over scale is mul 1/scale). */
static Obj *affine(Interp *I, NdArray *x, const double *mul, const double *add, NdDtype kept) {
  int64_t n = x->shape[0], k = x->shape[1];
  double *p = (double *)x->data;
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = 0; j < k; j++)
      p[i * k + j] = p[i * k + j] * mul[j] + add[j];
  NdArray *r = kept == ND_FLOAT64 ? nd_ref(x) : nd_astype(x, kept);
  nd_unref(x);
  return pl_array_wrap(I, r);
}

/* Column means and population standard deviations of x into mean[k], sd[k]. */
static void moments(const NdArray *x, double *mean, double *sd) {
  int64_t n = x->shape[0], k = x->shape[1];
  const double *p = (const double *)x->data;
  for (int64_t j = 0; j < k; j++) {
    double m = 0, v = 0;
    for (int64_t i = 0; i < n; i++)
      m += p[i * k + j];
    m = n ? m / (double)n : NAN;
    for (int64_t i = 0; i < n; i++)
      v += (p[i * k + j] - m) * (p[i * k + j] - m);
    mean[j] = m;
    sd[j] = n ? v / (double)n : NAN;   /* the variance until the caller takes its root */
  }
}

/* scikit-learn's _handle_zeros_in_scale: a scale too small to divide by becomes 1. */
static double nonzero_scale(double s) {
  return s < 10 * 2.220446049250313e-16 ? 1.0 : s;
}

static Obj *ss_init(Interp *I, Obj *self, Obj **args) {
  static const char *const names[] = {"copy", "with_mean", "with_std"};
  for (int i = 0; i < 3; i++)
    if (!pl_set_attr(I, self, names[i], fe_bool(I, fe_truth(I, args[i]) == 1)))
      return NULL;
  return fe_none(I);
}

static bool flag(Interp *I, Obj *self, const char *name) {
  Obj *v = fe_getattr_str(I, self, name);
  int t = v ? fe_truth(I, v) : 1;
  fe_decref(I, v);
  return t != 0;
}

static Obj *ss_fit(Interp *I, Obj *self, Obj **args) {
  NdDtype kept;
  NdArray *x = pl_check_array(I, args[0], &kept);
  if (!x)
    return NULL;
  int64_t k = x->shape[1];
  double *m = base_malloc((size_t)(2 * k + 1) * sizeof(double)), *s = m ? m + k : NULL;
  bool good = m != NULL;
  if (good) {
    moments(x, m, s);
    bool wm = flag(I, self, "with_mean"), ws = flag(I, self, "with_std");
    NdArray *var = ws ? vector(s, k) : NULL;   /* taken by pl_set_array_attr */
    for (int64_t j = 0; j < k; j++)
      s[j] = nonzero_scale(sqrt(s[j]));
    good = (ws ? pl_set_array_attr(I, self, "var_", var) &&
                     pl_set_array_attr(I, self, "scale_", vector(s, k))
               : pl_set_attr(I, self, "var_", fe_none(I)) &&
                     pl_set_attr(I, self, "scale_", fe_none(I))) &&
           (wm ? pl_set_array_attr(I, self, "mean_", vector(m, k))
               : pl_set_attr(I, self, "mean_", fe_none(I))) &&
           pl_set_attr(I, self, "n_samples_seen_", fe_int(I, x->shape[0])) &&
           pl_set_attr(I, self, "n_features_in_", fe_int(I, k));
  }
  base_free(m);
  nd_unref(x);
  if (!good && !I->exc_pending)
    fe_nomem(I);
  if (!good)
    return NULL;
  fe_incref(self);
  return self;
}

static Obj *ss_transform(Interp *I, Obj *self, Obj **args) {
  NdDtype kept;
  NdArray *x = pl_check_array(I, args[0], &kept);
  if (!x)
    return NULL;
  int64_t k = x->shape[1];
  bool wm = flag(I, self, "with_mean"), ws = flag(I, self, "with_std");
  NdArray *mean = wm ? fitted(I, self, "mean_", k) : NULL;
  NdArray *scale = ws && (!wm || mean) ? fitted(I, self, "scale_", k) : NULL;
  double *mul = (wm && !mean) || (ws && !scale) ? NULL
      : base_malloc((size_t)(2 * k + 1) * sizeof(double)), *add = mul ? mul + k : NULL;
  for (int64_t j = 0; mul && j < k; j++) {
    mul[j] = ws ? 1 / ((const double *)scale->data)[j] : 1;
    add[j] = wm ? -((const double *)mean->data)[j] * mul[j] : 0;
  }
  Obj *r = mul ? affine(I, x, mul, add, kept) : NULL;
  if (!mul)
    nd_unref(x);
  if (!mul && !I->exc_pending)
    fe_nomem(I);
  base_free(mul);
  nd_unref(mean);
  nd_unref(scale);
  return r;
}

NdArray *pl_fitted_array(Interp *I, Obj *self, const char *name) {
  Obj *v = fe_getattr_str(I, self, name);
  if (!v) {
    fe_decref(I, fe_exc_take(I));
    fe_throw(I, EXC_ValueError, "This %s instance is not fitted yet. Call 'fit' with "
             "appropriate arguments before using this estimator.", fe_typename(self));
    return NULL;
  }
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_ascontiguous(a, ND_FLOAT64) : NULL;
  fe_decref(I, v), nd_unref(a);
  if (a && !f)
    pl_nd_raise(I);
  return f;
}

/* scikit-learn's ValueError for a parameter est does not have; false. */
static bool invalid_param(Interp *I, Obj *est, Obj *key) {
  Obj *dict = fe_getattr_str(I, est, "__dict__"), *names = dict ? fe_list_new(I, 0) : NULL, *k, *v;
  for (int64_t pos = 0; names && fe_dict_next(dict, &pos, &k, &v);) {
    size_t n = strlen(FE_STR(k)->s);
    if (n && FE_STR(k)->s[0] != '_' && FE_STR(k)->s[n - 1] != '_' &&
        fe_list_append(I, names, k) < 0)
      fe_setref(I, &names, NULL);
  }
  Obj *er = names && fe_list_sort(I, names, NULL, false) == 0 ? fe_repr(I, est) : NULL;
  Obj *nr = er ? fe_repr(I, names) : NULL;
  if (nr)
    fe_throw(I, EXC_ValueError, "Invalid parameter %s for estimator %s. Valid parameters are: "
             "%s.", pl_repr_text(I, key), FE_STR(er)->s, FE_STR(nr)->s);
  fe_decref(I, dict), fe_decref(I, names), fe_decref(I, er), fe_decref(I, nr);
  return false;
}

bool pl_set_param(Interp *I, Obj *est, Obj *key, Obj *v) {
  Obj *own = fe_getattr_str(I, est, "set_params");
  if (own) {
    Obj *kw = fe_dict_new(I);
    Obj *r = kw && fe_dict_set(I, kw, key, v) == 0 ? pl_call_kw_result(I, own, NULL, NULL, 0, kw)
                                                   : NULL;
    fe_decref(I, own), fe_decref(I, kw), fe_decref(I, r);
    return r != NULL;
  }
  fe_decref(I, fe_exc_take(I));
  const char *s = FE_STR(key)->s, *sep = strstr(s, "__");
  Obj *name = sep ? fe_str_new(I, s, (size_t)(sep - s)) : (fe_incref(key), key);
  Obj *dict = name ? fe_getattr_str(I, est, "__dict__") : NULL;
  Obj *at = dict && FE_STR(name)->s[0] != '_' ? fe_dict_get(I, dict, name, &(int){0}) : NULL;
  size_t n = strlen(FE_STR(name)->s);
  bool ok = false;
  if (at && FE_STR(name)->s[n - 1] != '_') {
    Obj *rest = sep ? fe_str_cstr(I, sep + 2) : NULL;
    ok = sep ? rest && pl_set_param(I, at, rest, v) : fe_setattr(I, est, key, v) == 0;
    fe_decref(I, rest);
  } else if (dict) {
    invalid_param(I, est, name);
  }
  fe_decref(I, name), fe_decref(I, dict);
  return ok;
}

/* The parameter's name: row's text before '=', into buf. */
static const char *param_name(const char *row, char *buf, size_t n) {
  size_t len = strcspn(row, "=");
  snprintf(buf, n, "%.*s", (int)len, row);
  return buf;
}

bool pl_set_params(Interp *I, Obj *self, const char *const *params, Obj **args) {
  char name[64];
  for (int i = 0; params[i]; i++) {
    fe_incref(args[i]);
    if (!pl_set_attr(I, self, param_name(params[i], name, sizeof name), args[i]))
      return false;
  }
  return true;
}

Obj *pl_estimator_repr(Interp *I, Obj *self, const char *cls, const char *const *params) {
  BaseBuf b = {0};
  char name[64];
  base_buf_printf(&b, "%s(", cls);
  const char *sep = "", *done = "";
  for (;;) { /* in the order of the names (get_params sorts them), each once */
    int i = -1;
    for (int j = 0; params[j]; j++)
      if (strcmp(params[j], done) > 0 && (i < 0 || strcmp(params[j], params[i]) < 0))
        i = j;
    if (i < 0 || I->exc_pending)
      break;
    done = params[i];
    Obj *v = fe_getattr_str(I, self, param_name(params[i], name, sizeof name));
    Obj *r = v ? fe_repr(I, v) : NULL;
    if (r && strcmp(FE_STR(r)->s, params[i] + strlen(name) + 1) != 0) {
      base_buf_printf(&b, "%s%s=%s", sep, name, FE_STR(r)->s);
      sep = ", ";
    }
    fe_decref(I, v), fe_decref(I, r);
  }
  base_buf_puts(&b, ")");
  Obj *out = I->exc_pending ? NULL : b.nomem ? fe_nomem(I) : fe_str_cstr(I, b.p);
  base_buf_free(&b);
  return out;
}

const char *pl_repr_text(Interp *I, Obj *v) {
  static char buf[128];
  Obj *r = fe_repr(I, v);
  snprintf(buf, sizeof buf, "%s", r ? FE_STR(r)->s : "?");
  fe_decref(I, r);
  return buf;
}

Obj *pl_fit_transform(Interp *I, Obj *self, Obj **args) {
  Obj *f = fe_call_method(I, self, "fit", args, 1);
  fe_decref(I, f);
  return f ? fe_call_method(I, self, "transform", args, 1) : NULL;
}

/* x * self.<mul> + self.<add>, column by column, with the two fitted vectors of self. */
static Obj *fitted_affine(Interp *I, Obj *self, Obj *xv, const char *mul, const char *add) {
  NdDtype kept;
  NdArray *x = pl_check_array(I, xv, &kept);
  if (!x)
    return NULL;
  int64_t k = x->shape[1];
  NdArray *m = fitted(I, self, mul, k), *a = m ? fitted(I, self, add, k) : NULL;
  Obj *r = a ? affine(I, x, (const double *)m->data, (const double *)a->data, kept) : NULL;
  if (!a)
    nd_unref(x);
  nd_unref(m);
  nd_unref(a);
  return r;
}

static Obj *ss_inverse(Interp *I, Obj *self, Obj **args) {
  return fitted_affine(I, self, args[0], "scale_", "mean_");
}

/* feature_range=(min, max), min below max. */
static bool feature_range(Interp *I, Obj *v, double *lo, double *hi) {
  Obj *const *r;
  int64_t n;
  if (!fe_seq_items(I, v, &r, &n) || n != 2 || fe_as_double(I, r[0], lo) < 0 ||
      fe_as_double(I, r[1], hi) < 0)
    return I->exc_pending ? false : (fe_throw(I, EXC_ValueError, "feature_range must be a pair "
                                              "(min, max)"), false);
  if (*lo >= *hi)
    return fe_throw(I, EXC_ValueError, "Minimum of desired feature range must be smaller than "
                    "maximum. Got (%g, %g).", *lo, *hi), false;
  return true;
}

static Obj *mm_init(Interp *I, Obj *self, Obj **args) {
  double lo, hi;
  if (!feature_range(I, args[0], &lo, &hi))
    return NULL;
  if (fe_truth(I, args[2]) != 0)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "MinMaxScaler(clip=True) "
                                            "is not supported by nnc yet");
  fe_incref(args[0]);
  return pl_set_attr(I, self, "feature_range", args[0]) &&
         pl_set_attr(I, self, "copy", fe_bool(I, fe_truth(I, args[1]) == 1)) ? fe_none(I) : NULL;
}

static Obj *mm_fit(Interp *I, Obj *self, Obj **args) {
  NdDtype kept;
  Obj *fr = fe_getattr_str(I, self, "feature_range");
  double lo, hi;
  bool range = fr && feature_range(I, fr, &lo, &hi);
  fe_decref(I, fr);
  NdArray *x = range ? pl_check_array(I, args[0], &kept) : NULL;
  if (!x)
    return NULL;
  int64_t n = x->shape[0], k = x->shape[1];
  double *v = base_malloc((size_t)(4 * k + 1) * sizeof(double));
  if (!v) {
    nd_unref(x);
    return fe_nomem(I);
  }
  double *mn = v, *mx = v + k, *scale = v + 2 * k, *add = v + 3 * k;
  const double *p = (const double *)x->data;
  for (int64_t j = 0; j < k; j++) {
    mn[j] = n ? p[j] : NAN, mx[j] = mn[j];
    for (int64_t i = 1; i < n; i++) {
      mn[j] = fmin(mn[j], p[i * k + j]);
      mx[j] = fmax(mx[j], p[i * k + j]);
    }
    scale[j] = (hi - lo) / nonzero_scale(mx[j] - mn[j]);
    add[j] = lo - mn[j] * scale[j];
  }
  bool good = pl_set_array_attr(I, self, "data_min_", vector(mn, k)) &&
              pl_set_array_attr(I, self, "data_max_", vector(mx, k)) &&
              pl_set_array_attr(I, self, "scale_", vector(scale, k)) &&
              pl_set_array_attr(I, self, "min_", vector(add, k)) &&
              pl_set_attr(I, self, "n_samples_seen_", fe_int(I, n)) &&
              pl_set_attr(I, self, "n_features_in_", fe_int(I, k));
  base_free(v);
  nd_unref(x);
  if (!good)
    return NULL;
  fe_incref(self);
  return self;
}

static Obj *mm_transform(Interp *I, Obj *self, Obj **args) {
  return fitted_affine(I, self, args[0], "scale_", "min_");
}

/* X - min_, then / scale_, as scikit-learn undoes the scaling (not one multiply-add). */
static Obj *mm_inverse(Interp *I, Obj *self, Obj **args) {
  NdDtype kept;
  NdArray *x = pl_check_array(I, args[0], &kept);
  if (!x)
    return NULL;
  int64_t n = x->shape[0], k = x->shape[1];
  NdArray *m = fitted(I, self, "scale_", k), *a = m ? fitted(I, self, "min_", k) : NULL;
  if (!a) {
    nd_unref(x);
    nd_unref(m);
    return NULL;
  }
  double *p = (double *)x->data;
  const double *scale = (const double *)m->data, *add = (const double *)a->data;
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = 0; j < k; j++)
      p[i * k + j] = (p[i * k + j] - add[j]) / scale[j];
  nd_unref(m);
  nd_unref(a);
  NdArray *r = kept == ND_FLOAT64 ? nd_ref(x) : nd_astype(x, kept);
  nd_unref(x);
  return pl_array_wrap(I, r);
}

/* preprocessing.scale(X): standardized columns, as StandardScaler().fit_transform(X). */
static Obj *scale_fn(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t axis;
  if (fe_as_int(I, args[1], &axis) < 0)
    return NULL;
  if (axis != 0)
    return fe_throw(I, EXC_NotImplementedError, "scale(axis=%lld) is not supported by nnc yet",
                    (long long)axis);
  NdDtype kept;
  NdArray *x = pl_check_array(I, args[0], &kept);
  if (!x)
    return NULL;
  int64_t k = x->shape[1];
  double *m = base_malloc((size_t)(2 * k + 1) * sizeof(double)), *s = m ? m + k : NULL;
  if (!m) {
    nd_unref(x);
    return fe_nomem(I);
  }
  moments(x, m, s);
  bool wm = fe_truth(I, args[2]) == 1, ws = fe_truth(I, args[3]) == 1;
  for (int64_t j = 0; j < k; j++) {
    s[j] = ws ? 1 / nonzero_scale(sqrt(s[j])) : 1;
    m[j] = wm ? -m[j] * s[j] : 0;
  }
  Obj *r = affine(I, x, s, m, kept);
  base_free(m);
  return r;
}

static const FeFnDef standard_methods[] = {
    {"__init__", ss_init, "(*, copy=True, with_mean=True, with_std=True)", NULL, NULL},
    {"fit", ss_fit, "(X, y=None, sample_weight=None)", "sklearn.preprocessing.StandardScaler",
     NULL},
    {"transform", ss_transform, "(X, copy=None)", PL_ARRAY, NULL},
    {"fit_transform", pl_fit_transform, "(X, y=None, **fit_params)", PL_ARRAY, NULL},
    {"inverse_transform", ss_inverse, "(X, copy=None)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef minmax_methods[] = {
    {"__init__", mm_init, "(feature_range=(0, 1), *, copy=True, clip=False)", NULL, NULL},
    {"fit", mm_fit, "(X, y=None)", "sklearn.preprocessing.MinMaxScaler", NULL},
    {"transform", mm_transform, "(X)", PL_ARRAY, NULL},
    {"fit_transform", pl_fit_transform, "(X, y=None, **fit_params)", PL_ARRAY, NULL},
    {"inverse_transform", mm_inverse, "(X)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef preprocessing_classes[] = {
    {.name = "StandardScaler", .methods = standard_methods},
    {.name = "MinMaxScaler", .methods = minmax_methods},
    {.name = NULL},
};

static const FeFnDef preprocessing_fns[] = {
    {"scale", scale_fn, "(X, *, axis=0, with_mean=True, with_std=True, copy=True)", PL_ARRAY,
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_model_selection_def = {.name = "sklearn.model_selection",
                                                    .fns = model_selection_fns,
                                                    .classes = pl_kfold_classes};
const FeModuleDef pl_sklearn_preprocessing_def = {.name = "sklearn.preprocessing",
                                                  .fns = preprocessing_fns,
                                                  .classes = preprocessing_classes};
