/* sklearn_logistic.c — sklearn.linear_model.LogisticRegression, the classifier tutorials
 * fit beside their network, as scikit-learn 1.2's default lbfgs solver defines it: the sum
 * over samples of the log loss plus ||coef||^2 / (2 C) (nothing for penalty=None; the
 * intercept is not penalised). Two classes fit one coefficient row (the second class is the
 * positive one), more fit the multinomial (softmax) model, one row per class.
 *
 * The minimum is found by Debian's liblbfgs (L-BFGS, More-Thuente line search, 10 pairs as
 * SciPy's L-BFGS-B keeps) from zero. scikit-learn stops SciPy's L-BFGS-B once the largest
 * |gradient| is at most tol; nnc goes on, within max_iter iterations, to a gradient near
 * zero, so both are within tol / (smallest curvature) of the one minimum, and n_iter_
 * counts the iterations to scikit-learn's stopping point (liblbfgs's path, not SciPy's,
 * so it may differ by a few). When max_iter passes before that point, scikit-learn's
 * ConvergenceWarning is printed. */
#include <lbfgs.h>
#include <math.h>
#include <string.h>

#include "pylib.h"

static const char *const lr_params[] = {
    "penalty='l2'", "dual=False", "tol=0.0001", "C=1.0", "fit_intercept=True",
    "intercept_scaling=1", "class_weight=None", "random_state=None", "solver='lbfgs'",
    "max_iter=100", "multi_class='auto'", "verbose=0", "warm_start=False", "n_jobs=None",
    "l1_ratio=None", NULL};

static Obj *lr_init(Interp *I, Obj *self, Obj **args) {
  if (!fe_str_is(args[8], "lbfgs"))
    return fe_throw(I, EXC_NotImplementedError, "LogisticRegression(solver=%s) is not "
                    "supported by nnc yet; 'lbfgs' is", pl_repr_text(I, args[8]));
  if (args[6] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "LogisticRegression(class_weight=...) is not "
                    "supported by nnc yet");
  return pl_set_params(I, self, lr_params, args) ? fe_none(I) : NULL;
}

static Obj *lr_repr(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_estimator_repr(I, self, "LogisticRegression", lr_params);
}

/* The problem: x [n][p], codes [n] in 0..k-1, and what the objective needs. */
typedef struct {
  const double *x;
  const int64_t *code;
  int64_t n, p, k;      /* samples, features, classes */
  int64_t rows;         /* coefficient rows: 1 for two classes, else k */
  bool intercept;
  double alpha;         /* 1 / C, 0 without a penalty */
  double tol;
  int reached;          /* the iteration where scikit-learn's L-BFGS-B would stop, or 0 */
  int last;             /* the last iteration done */
  double f;             /* the objective after it */
  double *z;            /* [rows] scratch */
} Problem;

/* w holds rows of p coefficients, then rows intercepts when there are. */
static lbfgsfloatval_t objective(void *inst, const lbfgsfloatval_t *w, lbfgsfloatval_t *g,
                                 const int nw, const lbfgsfloatval_t step) {
  (void)step;
  Problem *P = inst;
  int64_t p = P->p, r = P->rows;
  const double *b = w + r * p;
  double f = 0;
  for (int i = 0; i < nw; i++)
    g[i] = 0;
  for (int64_t i = 0; i < P->n; i++) {
    const double *xi = P->x + i * p;
    double top = -INFINITY, sum = 0;
    for (int64_t c = 0; c < r; c++) {
      double s = P->intercept ? b[c] : 0;
      for (int64_t j = 0; j < p; j++)
        s += xi[j] * w[c * p + j];
      P->z[c] = s;
      top = s > top ? s : top;
    }
    if (r == 1) { /* log(1 + e^z) - y z, its derivative sigmoid(z) - y */
      double z = P->z[0], y = (double)P->code[i];
      f += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - y * z;
      P->z[0] = 1 / (1 + exp(-z)) - y;
    } else {      /* logsumexp(z) - z_y, its derivative softmax(z) - onehot(y) */
      for (int64_t c = 0; c < r; c++)
        sum += exp(P->z[c] - top);
      f += top + log(sum) - P->z[P->code[i]];
      for (int64_t c = 0; c < r; c++)
        P->z[c] = exp(P->z[c] - top) / sum - (c == P->code[i]);
    }
    for (int64_t c = 0; c < r; c++) {
      for (int64_t j = 0; j < p; j++)
        g[c * p + j] += P->z[c] * xi[j];
      if (P->intercept)
        g[r * p + c] += P->z[c];
    }
  }
  for (int64_t i = 0; i < r * p; i++) {
    f += 0.5 * P->alpha * w[i] * w[i];
    g[i] += P->alpha * w[i];
  }
  return f;
}

/* Notes the iteration at which SciPy's L-BFGS-B would stop for scikit-learn: the largest
 * |gradient| at most tol, or the objective falling by at most factr * eps relative (its
 * default 1e7 times the machine epsilon); goes on to a far smaller gradient. */
static int progress(void *inst, const lbfgsfloatval_t *w, const lbfgsfloatval_t *g,
                    const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                    const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k,
                    int ls) {
  (void)w, (void)xnorm, (void)gnorm, (void)step, (void)ls;
  Problem *P = inst;
  double top = 0, scale = fmax(fmax(fabs(P->f), fabs(fx)), 1);
  for (int i = 0; i < n; i++)
    top = fabs(g[i]) > top ? fabs(g[i]) : top;
  if (!P->reached && (top <= P->tol || (P->f - fx) / scale <= 1e7 * 2.220446049250313e-16))
    P->reached = k;
  P->last = k, P->f = fx;
  return top <= 1e-10 * (1 + fabs(fx));
}

/* Reads a number parameter as scikit-learn validates it: > lo (>= lo when closed). */
static bool number_param(Interp *I, Obj *self, const char *name, double lo, bool closed,
                         bool integral, double *out) {
  Obj *v = fe_getattr_str(I, self, name);
  bool good = v && !FE_IS(v, bool) && (integral ? fe_is_int(I, v)
                                                : fe_is_int(I, v) || FE_IS(v, float));
  if (good && fe_as_double(I, v, out) < 0)
    good = false, fe_decref(I, fe_exc_take(I));
  good = good && (closed ? *out >= lo : *out > lo);
  if (v && !good)
    fe_throw(I, EXC_ValueError, "The '%s' parameter of LogisticRegression must be %s in the "
             "range %s%g, inf%s. Got %s instead.", name, integral ? "an int" : "a float",
             closed ? "[" : "(", lo, integral || closed ? ")" : "]", pl_repr_text(I, v));
  fe_decref(I, v);
  return good;
}

/* penalty: true with *on for 'l2', false raised for the others. */
static bool penalty_of(Interp *I, Obj *self, bool *on) {
  Obj *v = fe_getattr_str(I, self, "penalty");
  bool good = v && (v == &I->none || fe_str_is(v, "l2") || fe_str_is(v, "none"));
  *on = v && fe_str_is(v, "l2");
  if (v && !good && (fe_str_is(v, "l1") || fe_str_is(v, "elasticnet")))
    fe_throw(I, EXC_ValueError, "Solver lbfgs supports only 'l2' or 'none' penalties, got %s "
             "penalty.", FE_STR(v)->s);
  else if (v && !good)
    fe_throw(I, EXC_ValueError, "The 'penalty' parameter of LogisticRegression must be a str "
             "among {'l2', 'none' (deprecated), 'elasticnet', 'l1'} or None. Got %s instead.",
             pl_repr_text(I, v));
  fe_decref(I, v);
  return good;
}

static bool settings(Interp *I, Obj *self, Problem *P, double *max_iter) {
  double c = 1;
  bool pen = false;
  Obj *fi = number_param(I, self, "C", 0, false, false, &c) &&
                    number_param(I, self, "tol", 0, true, false, &P->tol) &&
                    number_param(I, self, "max_iter", 0, true, true, max_iter) &&
                    penalty_of(I, self, &pen)
                ? fe_getattr_str(I, self, "fit_intercept")
                : NULL;
  Obj *mc = fi ? fe_getattr_str(I, self, "multi_class") : NULL;
  if (mc && !fe_str_is(mc, "auto") && !fe_str_is(mc, "multinomial"))
    fe_throw(I, EXC_NotImplementedError, "LogisticRegression(multi_class=%s) is not supported "
             "by nnc yet", pl_repr_text(I, mc));
  P->intercept = fi && fe_truth(I, fi) == 1;
  P->alpha = pen ? 1 / c : 0;
  fe_decref(I, fi), fe_decref(I, mc);
  return mc && !I->exc_pending;
}

/* y's classes (np.unique) and each sample's place among them; false raised. */
static bool classes_of(Interp *I, Obj *yv, int64_t n, NdArray **classes, NdArray **codes) {
  NdArray *y = pl_array_arg(I, yv), *out[2] = {NULL, NULL};
  NdUniqueOpts o = {.return_inverse = true};
  if (y && y->ndim != 1)
    fe_throw(I, EXC_ValueError, "y should be a 1d array, got an array of shape %s instead.",
             y->ndim == 2 ? "(n, k)" : "of another rank");
  else if (y && y->shape[0] != n)
    fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
             "[%lld, %lld]", (long long)n, (long long)y->shape[0]);
  else if (y && nd_unique(y, &o, out) < 0)
    pl_nd_raise(I);
  if (out[0] && nd_dtype_is_float(out[0]->dtype)) {
    NdArray *f = nd_astype(out[0], ND_FLOAT64);
    for (int64_t i = 0; f && i < f->size; i++)
      if (((double *)f->data)[i] != floor(((double *)f->data)[i]))
        fe_throw(I, EXC_ValueError, "Unknown label type: 'continuous'");
    nd_unref(f);
  }
  if (out[0] && !I->exc_pending && out[0]->shape[0] < 2) {
    Obj *one = pl_array_wrap(I, nd_ref(out[0])), *s = one ? fe_getitem(I, one, fe_int(I, 0)) : NULL;
    fe_throw(I, EXC_ValueError, "This solver needs samples of at least 2 classes in the data, "
             "but the data contains only one class: %s", s ? pl_repr_text(I, s) : "?");
    fe_decref(I, one), fe_decref(I, s);
  }
  nd_unref(y);
  *classes = out[0], *codes = out[1] ? nd_astype(out[1], ND_INT64) : NULL;
  nd_unref(out[1]);
  if (I->exc_pending)
    nd_unref(*classes), nd_unref(*codes), *classes = *codes = NULL;
  return *codes != NULL;
}

static void converge_warning(Interp *I) {
  if (pl_state(I)->warnings_off)
    return;
  fprintf(fe_err(I), "ConvergenceWarning: lbfgs failed to converge (status=1):\n"
          "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT.\n\n"
          "Increase the number of iterations (max_iter) or scale the data as shown in:\n"
          "    https://scikit-learn.org/stable/modules/preprocessing.html\n"
          "Please also refer to the documentation for alternative solver options:\n"
          "    https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression\n");
}

/* Minimises P's objective from w = 0 within max_iter iterations; false raised. */
static bool minimise(Interp *I, Problem *P, double max_iter, double *w, int64_t nw) {
  lbfgsfloatval_t *x = lbfgs_malloc((int)nw), fx = 0;
  P->z = base_malloc(sizeof(double) * (size_t)P->rows + 1);
  if (!x || !P->z) {
    lbfgs_free(x), base_free(P->z);
    return fe_nomem(I), false;
  }
  memset(x, 0, sizeof *x * (size_t)nw);
  lbfgs_parameter_t prm;
  lbfgs_parameter_init(&prm);
  prm.m = 10;
  prm.epsilon = 0;            /* progress() decides */
  prm.max_iterations = (int)max_iter;
  double g0 = 0, *g = base_malloc(sizeof(double) * (size_t)nw + 1);
  if (g) { /* scikit-learn's L-BFGS-B stops before its first step when w = 0 already passes */
    objective(P, x, g, (int)nw, 0);
    for (int64_t i = 0; i < nw; i++)
      g0 = fabs(g[i]) > g0 ? fabs(g[i]) : g0;
  }
  base_free(g);
  int status = LBFGS_SUCCESS;
  P->f = HUGE_VAL;
  if (max_iter > 0 && g0 > P->tol)
    status = lbfgs((int)nw, x, &fx, objective, progress, P, &prm);
  if (g0 <= P->tol) {
    P->reached = 0;
  } else if (!P->reached && (max_iter == 0 || status == LBFGSERR_MAXIMUMITERATION)) {
    P->reached = (int)max_iter;
    converge_warning(I);
  } else if (!P->reached) { /* no further step is possible: as low as the rounding goes */
    P->reached = P->last;
  }
  memcpy(w, x, sizeof *w * (size_t)nw);
  lbfgs_free(x), base_free(P->z);
  return true;
}

/* coef_ [rows][p] and intercept_ [rows] of w (zeros without an intercept). */
static bool keep_weights(Interp *I, Obj *self, const Problem *P, const double *w) {
  int64_t cshape[2] = {P->rows, P->p};
  NdArray *coef = nd_empty(ND_FLOAT64, 2, cshape), *icpt = nd_zeros(ND_FLOAT64, 1, &P->rows);
  if (coef && icpt) {
    memcpy(coef->data, w, sizeof(double) * (size_t)(P->rows * P->p));
    for (int64_t c = 0; P->intercept && c < P->rows; c++)
      ((double *)icpt->data)[c] = w[P->rows * P->p + c];
  }
  int64_t one = 1;
  NdArray *it = nd_zeros(ND_INT32, 1, &one);
  if (it)
    ((int32_t *)it->data)[0] = P->reached;
  return pl_set_array_attr(I, self, "coef_", coef) &&
         pl_set_array_attr(I, self, "intercept_", icpt) &&
         pl_set_array_attr(I, self, "n_iter_", it);
}

static Obj *lr_fit(Interp *I, Obj *self, Obj **args) {
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "LogisticRegression.fit(sample_weight=...) is "
                    "not supported by nnc yet");
  Problem P = {0};
  double max_iter = 0;
  NdDtype kept;
  NdArray *x = settings(I, self, &P, &max_iter) ? pl_check_array(I, args[0], &kept) : NULL;
  NdArray *classes = NULL, *codes = NULL;
  bool good = x && classes_of(I, args[1], x->shape[0], &classes, &codes);
  double *w = NULL;
  if (good) {
    P.x = (double *)x->data, P.code = (int64_t *)codes->data;
    P.n = x->shape[0], P.p = x->shape[1], P.k = classes->shape[0];
    P.rows = P.k == 2 ? 1 : P.k;
    int64_t nw = P.rows * (P.p + (P.intercept ? 1 : 0));
    w = base_malloc(sizeof *w * (size_t)nw + 1);
    good = (w || (fe_nomem(I), false)) && minimise(I, &P, max_iter, w, nw) &&
           keep_weights(I, self, &P, w) &&
           pl_set_array_attr(I, self, "classes_", nd_ref(classes)) &&
           pl_set_attr(I, self, "n_features_in_", fe_int(I, P.p));
  }
  base_free(w);
  nd_unref(x), nd_unref(classes), nd_unref(codes);
  return good ? (fe_incref(self), self) : NULL;
}

/* X @ coef_.T + intercept_ as [n][rows]; NULL raised. */
static NdArray *decision(Interp *I, Obj *self, Obj *xv) {
  NdArray *coef = pl_fitted_array(I, self, "coef_"), *icpt = coef ? pl_fitted_array(I, self, "intercept_") : NULL;
  NdDtype kept;
  NdArray *x = icpt ? pl_check_array(I, xv, &kept) : NULL, *d = NULL;
  int64_t p = coef ? coef->shape[1] : 0, r = coef ? coef->shape[0] : 0;
  if (x && x->shape[1] != p)
    fe_throw(I, EXC_ValueError, "X has %lld features, but LogisticRegression is expecting "
             "%lld features as input.", (long long)x->shape[1], (long long)p);
  int64_t shape[2] = {x ? x->shape[0] : 0, r};
  if (x && !I->exc_pending && (d = nd_empty(ND_FLOAT64, 2, shape)))
    for (int64_t i = 0; i < shape[0]; i++)
      for (int64_t c = 0; c < r; c++) {
        double s = ((double *)icpt->data)[c];
        for (int64_t j = 0; j < p; j++)
          s += ((double *)x->data)[i * p + j] * ((double *)coef->data)[c * p + j];
        ((double *)d->data)[i * r + c] = s;
      }
  else if (x && !I->exc_pending)
    pl_nd_raise(I);
  nd_unref(coef), nd_unref(icpt), nd_unref(x);
  return I->exc_pending ? (nd_unref(d), NULL) : d;
}

static Obj *lr_decision_function(Interp *I, Obj *self, Obj **args) {
  NdArray *d = decision(I, self, args[0]);
  if (d && d->shape[1] == 1) { /* two classes: one score per sample */
    NdArray *flat = nd_reshape(d, 1, d->shape);
    nd_unref(d);
    d = flat;
  }
  return d ? pl_array_wrap(I, d) : NULL;
}

/* Each row's class probabilities: [1 - sigmoid, sigmoid] for two classes, else softmax. */
static NdArray *probabilities(Interp *I, Obj *self, Obj *xv) {
  NdArray *d = decision(I, self, xv), *pr = NULL;
  int64_t n = d ? d->shape[0] : 0, r = d ? d->shape[1] : 0, shape[2] = {n, r == 1 ? 2 : r};
  if (d && !(pr = nd_empty(ND_FLOAT64, 2, shape)))
    pl_nd_raise(I);
  for (int64_t i = 0; pr && i < n; i++) {
    double *z = (double *)d->data + i * r, *o = (double *)pr->data + i * shape[1];
    if (r == 1) {
      o[1] = 1 / (1 + exp(-z[0]));
      o[0] = 1 - o[1];
      continue;
    }
    double top = -INFINITY, sum = 0;
    for (int64_t c = 0; c < r; c++)
      top = z[c] > top ? z[c] : top;
    for (int64_t c = 0; c < r; c++)
      sum += o[c] = exp(z[c] - top);
    for (int64_t c = 0; c < r; c++)
      o[c] /= sum;
  }
  nd_unref(d);
  return pr;
}

static Obj *lr_predict_proba(Interp *I, Obj *self, Obj **args) {
  NdArray *pr = probabilities(I, self, args[0]);
  return pr ? pl_array_wrap(I, pr) : NULL;
}

/* classes_[the most probable class of each row] (a new array of classes_' dtype). */
static Obj *predicted(Interp *I, Obj *self, Obj *xv) {
  NdArray *pr = probabilities(I, self, xv);
  int64_t n = pr ? pr->shape[0] : 0, k = pr ? pr->shape[1] : 0;
  NdArray *at = pr ? nd_empty(ND_INT64, 1, &n) : NULL;
  for (int64_t i = 0; at && i < n; i++) {
    const double *o = (double *)pr->data + i * k;
    int64_t best = 0;
    for (int64_t c = 1; c < k; c++)
      best = o[c] > o[best] ? c : best;
    ((int64_t *)at->data)[i] = best;
  }
  nd_unref(pr);
  Obj *classes = at ? fe_getattr_str(I, self, "classes_") : NULL;
  Obj *idx = classes ? pl_array_wrap(I, at) : (nd_unref(at), NULL);
  Obj *r = idx ? fe_getitem(I, classes, idx) : NULL;
  fe_decref(I, classes), fe_decref(I, idx);
  return r;
}

static Obj *lr_predict(Interp *I, Obj *self, Obj **args) {
  return predicted(I, self, args[0]);
}

/* score(X, y): the fraction of rows predicted right (accuracy_score). */
static Obj *lr_score(Interp *I, Obj *self, Obj **args) {
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "LogisticRegression.score(sample_weight=...) "
                    "is not supported by nnc yet");
  Obj *pred = predicted(I, self, args[0]), *mod = pred ? fe_import(I, "sklearn.metrics") : NULL;
  Obj *f = mod ? fe_getattr_str(I, mod, "accuracy_score") : NULL;
  Obj *r = f ? fe_call2(I, f, args[1], pred) : NULL;
  fe_decref(I, pred), fe_decref(I, mod), fe_decref(I, f);
  return r;
}

static const FeFnDef methods[] = {
    {"__init__", lr_init,
     "(penalty='l2', *, dual=False, tol=0.0001, C=1.0, fit_intercept=True, "
         "intercept_scaling=1, class_weight=None, random_state=None, solver='lbfgs', "
         "max_iter=100, multi_class='auto', verbose=0, warm_start=False, n_jobs=None, "
         "l1_ratio=None)", NULL, NULL},
    {"__repr__", lr_repr, "()", "str", NULL},
    {"fit", lr_fit, "(X, y, sample_weight=None)", "sklearn.linear_model.LogisticRegression",
     NULL},
    {"decision_function", lr_decision_function, "(X)", PL_ARRAY, NULL},
    {"predict", lr_predict, "(X)", PL_ARRAY, NULL},
    {"predict_proba", lr_predict_proba, "(X)", PL_ARRAY, NULL},
    {"score", lr_score, "(X, y, sample_weight=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* what cross_val_score's default folds and scores go by */
static const FeConstDef classifier[] = {
    {"_estimator_type", FC_STR, 0, 0, "classifier"},
    {NULL, FC_NONE, 0, 0, NULL},
};

static const FeClassDef classes[] = {
    {.name = "LogisticRegression", .methods = methods, .consts = classifier},
    {.name = NULL},
};

const FeModuleDef pl_sklearn_logistic_def = {.name = "sklearn.linear_model", .classes = classes};
