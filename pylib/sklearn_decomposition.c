/* sklearn_decomposition.c — sklearn.decomposition.PCA, the projection tutorials draw their
 * data with before (or beside) a network, as scikit-learn 1.2's "full" solver computes it:
 * the columns centred, their thin SVD (ndarray's svd.c), the signs fixed by svd_flip (each
 * component's sign makes the largest |entry| of its column of U positive), explained
 * variances S^2 / (n - 1). n_components is an int, a fraction of the variance to keep (the
 * fewest components whose cumulative ratio passes it) or None (all, min(n, p)).
 *
 * scikit-learn's svd_solver='auto' takes its randomized solver for data with more than 500
 * rows or columns and an int n_components below 0.8 min(n, p); nnc computes the exact
 * decomposition there too, which the randomized one approximates (to about 1e-6 on data
 * whose spectrum has gaps). svd_solver 'arpack' and 'randomized' and n_components='mle'
 * are refused. */
#include <math.h>
#include <string.h>

#include "pylib.h"

static const char *const pca_params[] = {
    "n_components=None", "copy=True", "whiten=False", "svd_solver='auto'", "tol=0.0",
    "iterated_power='auto'", "n_oversamples=10", "power_iteration_normalizer='auto'",
    "random_state=None", NULL};

static Obj *pca_init(Interp *I, Obj *self, Obj **args) {
  if (FE_IS(args[3], str) && !fe_str_is(args[3], "auto") && !fe_str_is(args[3], "full"))
    return fe_throw(I, EXC_NotImplementedError, "PCA(svd_solver=%s) is not supported by nnc "
                    "yet; 'auto' and 'full' are", pl_repr_text(I, args[3]));
  return pl_set_params(I, self, pca_params, args) ? fe_none(I) : NULL;
}

static Obj *pca_repr(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_estimator_repr(I, self, "PCA", pca_params);
}

/* self.n_components as scikit-learn validates it: *k an int (-1 for None), else *frac. */
static bool wanted(Interp *I, Obj *self, int64_t *k, double *frac) {
  Obj *v = fe_getattr_str(I, self, "n_components");
  if (!v)
    return false;
  bool good = true;
  *k = -1, *frac = 0;
  if (v == &I->none) {
  } else if (fe_is_int(I, v) && ((Int *)v)->v >= 0) {
    *k = ((Int *)v)->v;
  } else if (FE_IS(v, float) && ((Float *)v)->v > 0 && ((Float *)v)->v < 1) {
    *frac = ((Float *)v)->v;
  } else if (fe_str_is(v, "mle")) {
    fe_throw(I, EXC_NotImplementedError, "PCA(n_components='mle') is not supported by nnc yet");
    good = false;
  } else {
    fe_throw(I, EXC_ValueError, "The 'n_components' parameter of PCA must be an int in the "
             "range [0, inf), a float in the range (0, 1), a str among {'mle'} or None. Got %s "
             "instead.", pl_repr_text(I, v));
    good = false;
  }
  fe_decref(I, v);
  return good;
}

/* svd_flip(u_based_decision=True): component j's sign makes the largest |u[:, j]| positive. */
static void flip(double *u, double *vt, int64_t n, int64_t r, int64_t p) {
  for (int64_t j = 0; j < r; j++) {
    int64_t at = 0;
    for (int64_t i = 1; i < n; i++)
      if (fabs(u[i * r + j]) > fabs(u[at * r + j]))
        at = i;
    if (u[at * r + j] >= 0)
      continue;
    for (int64_t i = 0; i < n; i++)
      u[i * r + j] = -u[i * r + j];
    for (int64_t i = 0; i < p; i++)
      vt[j * p + i] = -vt[j * p + i];
  }
}

/* The number of components that keep more than frac of the variance (searchsorted right). */
static int64_t by_fraction(const double *ratio, int64_t r, double frac) {
  double sum = 0;
  int64_t k = 0;
  for (; k < r && (sum += ratio[k]) <= frac; k++)
    ;
  return k < r ? k + 1 : r;
}

static NdArray *vec(const double *v, int64_t k) {
  NdArray *a = nd_empty(ND_FLOAT64, 1, &k);
  if (a)
    memcpy(a->data, v, (size_t)k * sizeof *v);
  return a;
}

typedef struct {
  int64_t n, p, r, k;   /* samples, features, min(n, p), components kept */
  double *u, *s, *vt;   /* the flipped SVD of X centred: [n][r], [r], [r][p] */
  double *mean, *ev;    /* [p] column means, [r] explained variances */
  double *ratio;        /* [r] explained variance ratios */
} Fit;

static void fit_free(Fit *f) {
  base_free(f->u), base_free(f->s), base_free(f->vt), base_free(f->mean), base_free(f->ev);
  base_free(f->ratio);
}

/* Decomposes x (centred in place) into f; false with an exception raised. */
static bool decompose(Interp *I, NdArray *x, int64_t want, double frac, Fit *f) {
  f->n = x->shape[0], f->p = x->shape[1], f->r = f->n < f->p ? f->n : f->p;
  if (want > f->r)
    return fe_throw(I, EXC_ValueError, "n_components=%lld must be between 0 and "
                    "min(n_samples, n_features)=%lld with svd_solver='full'", (long long)want,
                    (long long)f->r), false;
  f->u = base_malloc(sizeof(double) * (size_t)(f->n * f->r) + 1);
  f->s = base_malloc(sizeof(double) * (size_t)f->r + 1);
  f->vt = base_malloc(sizeof(double) * (size_t)(f->r * f->p) + 1);
  f->mean = base_calloc((size_t)f->p + 1, sizeof(double));
  f->ev = base_malloc(sizeof(double) * (size_t)f->r + 1);
  f->ratio = base_malloc(sizeof(double) * (size_t)f->r + 1);
  double *a = (double *)x->data;
  if (!f->u || !f->s || !f->vt || !f->mean || !f->ev || !f->ratio)
    return fe_nomem(I), false;
  for (int64_t j = 0; j < f->p; j++) {
    for (int64_t i = 0; i < f->n; i++)
      f->mean[j] += a[i * f->p + j];
    f->mean[j] /= (double)f->n;
    for (int64_t i = 0; i < f->n; i++)
      a[i * f->p + j] -= f->mean[j];
  }
  if (!nd_svd(a, f->n, f->p, f->u, f->s, f->vt))
    return pl_nd_raise(I), false;
  flip(f->u, f->vt, f->n, f->r, f->p);
  double total = 0;
  for (int64_t j = 0; j < f->r; j++)
    total += f->ev[j] = f->s[j] * f->s[j] / (double)(f->n - 1);
  for (int64_t j = 0; j < f->r; j++)
    f->ratio[j] = f->ev[j] / total;
  f->k = want >= 0 ? want : frac > 0 ? by_fraction(f->ratio, f->r, frac) : f->r;
  return true;
}

/* The fitted attributes of f on self, as scikit-learn names them. */
static bool keep(Interp *I, Obj *self, const Fit *f, bool fraction) {
  int64_t k = f->k, cshape[2] = {k, f->p};
  double noise = 0;
  for (int64_t j = k; j < f->r; j++)
    noise += f->ev[j];
  NdArray *comp = nd_empty(ND_FLOAT64, 2, cshape);
  if (comp)
    memcpy(comp->data, f->vt, sizeof(double) * (size_t)(k * f->p));
  Obj *nc = fraction ? pl_scalar_wrap(I, (NdScalar){.dtype = ND_INT64, .i = k}) : fe_int(I, k);
  Obj *nv = k < f->r ? pl_scalar_wrap(I, (NdScalar){.dtype = ND_FLOAT64,
                                                    .f = noise / (double)(f->r - k)})
                     : fe_float(I, 0.0);
  return pl_set_array_attr(I, self, "mean_", vec(f->mean, f->p)) &&
         pl_set_array_attr(I, self, "components_", comp) &&
         pl_set_attr(I, self, "n_components_", nc) &&
         pl_set_array_attr(I, self, "explained_variance_", vec(f->ev, k)) &&
         pl_set_array_attr(I, self, "explained_variance_ratio_", vec(f->ratio, k)) &&
         pl_set_array_attr(I, self, "singular_values_", vec(f->s, k)) &&
         pl_set_attr(I, self, "noise_variance_", nv) &&
         pl_set_attr(I, self, "n_samples_", fe_int(I, f->n)) &&
         pl_set_attr(I, self, "n_features_in_", fe_int(I, f->p));
}

/* fit(X), and for fit_transform the scores U[:, :k] S[:k] (whitened: U sqrt(n - 1)). */
static Obj *fit_impl(Interp *I, Obj *self, Obj *xv, bool scores) {
  int64_t want;
  double frac;
  Obj *wv = wanted(I, self, &want, &frac) ? fe_getattr_str(I, self, "whiten") : NULL;
  int white = wv ? fe_truth(I, wv) : -1;
  fe_decref(I, wv);
  NdDtype kept;
  NdArray *x = white >= 0 ? pl_check_array(I, xv, &kept) : NULL, *t = NULL;
  Fit f = {0};
  bool good = x && decompose(I, x, want, frac, &f) && keep(I, self, &f, frac > 0);
  int64_t tshape[2] = {f.n, f.k};
  if (good && scores && (t = nd_empty(ND_FLOAT64, 2, tshape)))
    for (int64_t i = 0; i < f.n; i++)
      for (int64_t j = 0; j < f.k; j++)
        ((double *)t->data)[i * f.k + j] =
            f.u[i * f.r + j] * (white ? sqrt((double)(f.n - 1)) : f.s[j]);
  fit_free(&f);
  nd_unref(x);
  if (!good || !scores)
    return good ? (fe_incref(self), self) : NULL;
  NdArray *out = t && kept != ND_FLOAT64 ? nd_astype(t, kept) : nd_ref(t);
  nd_unref(t);
  return pl_array_wrap(I, out);
}

static Obj *pca_fit(Interp *I, Obj *self, Obj **args) {
  return fit_impl(I, self, args[0], false);
}

static Obj *pca_fit_transform(Interp *I, Obj *self, Obj **args) {
  return fit_impl(I, self, args[0], true);
}

static bool whitened(Interp *I, Obj *self) {
  Obj *w = fe_getattr_str(I, self, "whiten");
  bool on = w && fe_truth(I, w) == 1;
  fe_decref(I, w);
  return on;
}

/* (X - mean_) @ components_.T, whitened: over sqrt(explained_variance_). */
static Obj *pca_transform(Interp *I, Obj *self, Obj **args) {
  NdArray *mean = pl_fitted_array(I, self, "mean_"), *comp = mean ? pl_fitted_array(I, self, "components_") : NULL;
  NdArray *ev = comp ? pl_fitted_array(I, self, "explained_variance_") : NULL;
  NdDtype kept;
  NdArray *x = ev ? pl_check_array(I, args[0], &kept) : NULL, *t = NULL;
  int64_t p = comp ? comp->shape[1] : 0, k = comp ? comp->shape[0] : 0;
  if (x && x->shape[1] != p)
    fe_throw(I, EXC_ValueError, "X has %lld features, but PCA is expecting %lld features as "
             "input.", (long long)x->shape[1], (long long)p);
  int64_t n = x ? x->shape[0] : 0, tshape[2] = {n, k};
  bool white = x && !I->exc_pending && whitened(I, self);
  if (x && !I->exc_pending && (t = nd_empty(ND_FLOAT64, 2, tshape))) {
    const double *a = (double *)x->data, *c = (double *)comp->data, *m = (double *)mean->data;
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < k; j++) {
        double s = 0;
        for (int64_t l = 0; l < p; l++)
          s += (a[i * p + l] - m[l]) * c[j * p + l];
        ((double *)t->data)[i * k + j] = white ? s / sqrt(((double *)ev->data)[j]) : s;
      }
  }
  nd_unref(mean), nd_unref(comp), nd_unref(ev), nd_unref(x);
  if (I->exc_pending || !t)
    return nd_unref(t), I->exc_pending ? NULL : pl_nd_raise(I);
  NdArray *out = kept != ND_FLOAT64 ? nd_astype(t, kept) : nd_ref(t);
  nd_unref(t);
  return pl_array_wrap(I, out);
}

/* X @ components_ + mean_ (whitened: components_ scaled by sqrt(explained_variance_)), with
 * np.dot's shapes and errors, as scikit-learn computes it. */
static Obj *pca_inverse_transform(Interp *I, Obj *self, Obj **args) {
  NdArray *mean = pl_fitted_array(I, self, "mean_"), *comp = mean ? pl_fitted_array(I, self, "components_") : NULL;
  NdArray *ev = comp ? pl_fitted_array(I, self, "explained_variance_") : NULL;
  NdArray *x = ev ? pl_array_arg(I, args[0]) : NULL, *scaled = NULL;
  if (x && whitened(I, self)) {
    int64_t col[2] = {ev->shape[0], 1};
    NdArray *root = nd_ufunc(ND_SQRT, ev, NULL), *r2 = root ? nd_reshape(root, 2, col) : NULL;
    scaled = r2 ? nd_ufunc(ND_MULTIPLY, r2, comp) : NULL;
    nd_unref(root), nd_unref(r2);
  } else if (x) {
    scaled = nd_ref(comp);
  }
  NdArray *d = scaled ? nd_dot(x, scaled) : NULL;
  NdArray *r = d ? nd_ufunc_take(ND_ADD, d, nd_ref(mean)) : NULL;
  nd_unref(mean), nd_unref(comp), nd_unref(ev), nd_unref(x), nd_unref(scaled);
  return r ? pl_array_wrap(I, r) : I->exc_pending ? NULL : pl_nd_raise(I);
}

static const FeFnDef pca_methods[] = {
    {"__init__", pca_init,
     "(n_components=None, *, copy=True, whiten=False, svd_solver='auto', tol=0.0, "
         "iterated_power='auto', n_oversamples=10, power_iteration_normalizer='auto', "
         "random_state=None)", NULL, NULL},
    {"__repr__", pca_repr, "()", "str", NULL},
    {"fit", pca_fit, "(X, y=None)", "sklearn.decomposition.PCA", NULL},
    {"fit_transform", pca_fit_transform, "(X, y=None)", PL_ARRAY, NULL},
    {"transform", pca_transform, "(X)", PL_ARRAY, NULL},
    {"inverse_transform", pca_inverse_transform, "(X)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "PCA", .methods = pca_methods},
    {.name = NULL},
};

/* scikit-learn 1.2's public names of sklearn.decomposition (dir()) that nnc lacks */
const FeModuleDef pl_sklearn_decomposition_def = {
    .name = "sklearn.decomposition", .classes = classes,
    .lacks = "DictionaryLearning FactorAnalysis FastICA IncrementalPCA KernelPCA "
             "LatentDirichletAllocation MiniBatchDictionaryLearning MiniBatchNMF "
             "MiniBatchSparsePCA NMF SparseCoder SparsePCA TruncatedSVD dict_learning "
             "dict_learning_online fastica non_negative_factorization randomized_svd "
             "sparse_encode",
};
