/* sklearn_metrics.c — sklearn.metrics' classification scores as scikit-learn 1.2 computes
 * them: accuracy_score, precision_score, recall_score, f1_score (average 'binary', 'micro',
 * 'macro', 'weighted' or None), confusion_matrix, classification_report (laid out character
 * for character as scikit-learn prints it), roc_auc_score (binary), and the ROC curve's
 * points (roc_curve) and area (auc).
 *
 * Labels are numbers (ints, bools or floats holding whole numbers) or strs (both y_true and
 * y_pred: a list, a text Series); the classes are the sorted union of those in y_true and
 * y_pred, as scikit-learn's unique_labels, strs by their code points. A float that
 * is not whole makes the target "continuous", refused with scikit-learn's message (the usual
 * slip: passing model.predict's probabilities). A score whose denominator is 0 is 0, as
 * zero_division='warn' gives (without the warning), or zero_division's value. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

/* ---- labels ---- */

typedef struct {
  int64_t n;
  double *t, *p;          /* y_true, y_pred; owned (one block) */
  double *w;              /* sample weights or NULL; in the same block */
  int k;
  double *labels;         /* the k classes, sorted; owned */
  bool ints;              /* both were integer or bool arrays: labels print as ints */
  Obj **names;            /* text labels: the k classes' strs, sorted, borrowed from the
                             arguments (labels then holds 0 .. k-1); owned array, or NULL */
} Targets;

static void targets_free(Targets *y) {
  base_free(y->t);
  base_free(y->labels);
  base_free(y->names);
}

/* v as n doubles into out (malloc'd); a column [n, 1] counts as a vector. */
static double *vector(Interp *I, Obj *v, const char *what, int64_t *n, bool *ints) {
  NdArray *a = pl_array_arg(I, v);
  if (!a)
    return NULL;
  if (a->ndim == 2 && a->shape[1] == 1) {
    NdArray *r = nd_ravel(a);
    nd_unref(a);
    if (!(a = r))
      return pl_nd_raise(I), NULL;
  }
  if (a->ndim != 1) {
    fe_throw(I, EXC_ValueError, "%s should be a 1d array, got an array of %d dimensions "
             "instead.", what, a->ndim);
    nd_unref(a);
    return NULL;
  }
  *ints = nd_dtype_is_int(a->dtype) || a->dtype == ND_BOOL;
  NdArray *c = nd_ascontiguous(a, ND_FLOAT64);
  *n = a->shape[0];
  nd_unref(a);
  double *out = c ? base_malloc((size_t)(*n + 1) * sizeof(double)) : NULL;
  if (out)
    memcpy(out, c->data, (size_t)*n * sizeof(double));
  nd_unref(c);
  if (!out)
    fe_nomem(I);
  return out;
}

int pl_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The sorted distinct values of v[0, n) into out (room for n); their count. */
static int distinct(const double *v, int64_t n, double *out) {
  memcpy(out, v, (size_t)n * sizeof(double));
  qsort(out, (size_t)n, sizeof(double), pl_cmp_double);
  int k = 0;
  for (int64_t i = 0; i < n; i++)
    if (k == 0 || out[k - 1] != out[i])
      out[k++] = out[i];
  return k;
}

/* scikit-learn's type_of_target for a vector: "binary", "multiclass" or "continuous". */
static const char *target_type(const double *v, int64_t n, double *scratch) {
  for (int64_t i = 0; i < n; i++)
    if (v[i] != floor(v[i]))
      return "continuous";
  return distinct(v, n, scratch) <= 2 ? "binary" : "multiclass";
}

static int by_str(const void *a, const void *b) {
  return strcmp(FE_STR(*(Obj *const *)a)->s, FE_STR(*(Obj *const *)b)->s);
}

/* Text y_true (ts) and y_pred (ps) of n labels each, with sample weights w (or NULL, taken
 * over): each label as its class's place among the sorted distinct strs of both. */
static bool text_targets(Interp *I, Obj *const *ts, Obj *const *ps, int64_t n, double *w,
                         Targets *y) {
  y->n = n;
  y->t = base_malloc((size_t)(3 * n + 1) * sizeof(double));
  y->labels = base_malloc((size_t)(2 * n + 1) * sizeof(double));
  y->names = base_malloc((size_t)(2 * n + 1) * sizeof(Obj *));
  if (!y->t || !y->labels || !y->names) {
    base_free(w), targets_free(y);
    return fe_nomem(I), false;
  }
  y->p = y->t + n;
  memcpy(y->names, ts, (size_t)n * sizeof(Obj *));
  memcpy(y->names + n, ps, (size_t)n * sizeof(Obj *));
  qsort(y->names, (size_t)(2 * n), sizeof(Obj *), by_str);
  for (int64_t i = 0; i < 2 * n; i++)
    if (y->k == 0 || by_str(&y->names[y->k - 1], &y->names[i]) != 0)
      y->names[y->k++] = y->names[i];
  for (int c = 0; c < y->k; c++)
    y->labels[c] = c;
  for (int64_t i = 0; i < 2 * n; i++) {
    Obj *const *at = bsearch(i < n ? &ts[i] : &ps[i - n], y->names, (size_t)y->k,
                             sizeof(Obj *), by_str);
    y->t[i] = (double)(at - y->names);   /* t and p are adjacent */
  }
  if (w) {
    y->w = y->t + 2 * n;
    memcpy(y->w, w, (size_t)n * sizeof(double));
    base_free(w);
  }
  y->ints = true;
  return true;
}

/* y_true and y_pred (and sample_weight, None or one per sample), checked as scikit-learn's
 * _check_targets: the same length, no continuous target, not strs beside numbers. */
static bool targets(Interp *I, Obj *yt, Obj *yp, Obj *sw, Targets *y) {
  *y = (Targets){0};
  Obj *const *ts, *const *ps;
  int64_t nts = 0, nps = 0;
  bool ttext = pl_text_labels(I, yt, &ts, &nts), ptext = pl_text_labels(I, yp, &ps, &nps);
  if (I->exc_pending)
    return false;
  if (ttext != ptext)
    return fe_throw(I, EXC_ValueError, "Mix of label input types (string and number)"), false;
  if (ttext) {
    int64_t nw = nts;
    bool wi;
    double *w = sw != &I->none ? vector(I, sw, "sample_weight", &nw, &wi) : NULL;
    if (sw != &I->none && !w)
      return false;
    if (nps != nts || nw != nts) {
      base_free(w);
      return fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of "
                      "samples: [%lld, %lld]", (long long)nts,
                      (long long)(nps != nts ? nps : nw)), false;
    }
    return text_targets(I, ts, ps, nts, w, y);
  }
  int64_t m, nw;
  bool ti, pi, wi;
  double *p = NULL, *w = NULL;
  y->t = vector(I, yt, "y_true", &y->n, &ti);
  if (y->t && !(p = vector(I, yp, "y_pred", &m, &pi)))
    return targets_free(y), false;
  if (p && sw != &I->none && !(w = vector(I, sw, "sample_weight", &nw, &wi)))
    return base_free(p), targets_free(y), false;
  if (!y->t)
    return false;
  if (m != y->n || (w && nw != y->n)) {
    fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
             "[%lld, %lld]", (long long)y->n, (long long)(m != y->n ? m : nw));
    base_free(p), base_free(w), targets_free(y);
    return false;
  }
  /* one block: t, p, w */
  double *all = base_malloc((size_t)(3 * y->n + 1) * sizeof(double));
  y->labels = base_malloc((size_t)(2 * y->n + 1) * sizeof(double));
  if (!all || !y->labels) {
    base_free(all), base_free(p), base_free(w), targets_free(y);
    return fe_nomem(I), false;
  }
  memcpy(all, y->t, (size_t)y->n * sizeof(double));
  memcpy(all + y->n, p, (size_t)y->n * sizeof(double));
  if (w)
    memcpy(all + 2 * y->n, w, (size_t)y->n * sizeof(double));
  base_free(y->t), base_free(p), base_free(w);
  y->t = all, y->p = all + y->n, y->w = w ? all + 2 * y->n : NULL;
  const char *tt = target_type(y->t, y->n, y->labels), *tp = target_type(y->p, y->n, y->labels);
  if (!strcmp(tt, "continuous") || !strcmp(tp, "continuous")) {
    if (!strcmp(tt, tp))
      fe_throw(I, EXC_ValueError, "continuous is not supported");
    else
      fe_throw(I, EXC_ValueError, "Classification metrics can't handle a mix of %s and %s "
               "targets", tt, tp);
    return targets_free(y), false;
  }
  y->ints = ti && pi;
  y->k = distinct(y->t, 2 * y->n, y->labels); /* t and p are adjacent */
  return true;
}

static int label_index(const Targets *y, double v) {
  const double *at = bsearch(&v, y->labels, (size_t)y->k, sizeof(double), pl_cmp_double);
  return at ? (int)(at - y->labels) : -1;
}

static double weight(const Targets *y, int64_t i) {
  return y->w ? y->w[i] : 1;
}

/* ---- accuracy_score, confusion_matrix ---- */

static bool indicator(Obj *v) {
  return pl_is_array(v) && PL_ND(v)->ndim == 2 && PL_ND(v)->shape[1] > 1;
}

/* Label indicator matrices (one-hot rows): each row one target, right when all its columns
 * are (scikit-learn's subset accuracy). y->t is all 0 and y->p 1 where a row differs, in one
 * block; y->w is apart from it. */
static bool indicator_targets(Interp *I, Obj *yt, Obj *yp, Obj *sw, Targets *y) {
  *y = (Targets){0};
  int64_t n = PL_ND(yt)->shape[0], k = PL_ND(yt)->shape[1], other = fe_len(I, yp);
  if (other < 0)
    return false;
  if (other == n && !indicator(yp))
    return fe_throw(I, EXC_ValueError, "Classification metrics can't handle a mix of "
                    "multilabel-indicator and multiclass targets"), false;
  if (other == n && PL_ND(yp)->shape[1] != k)
    return fe_throw(I, EXC_ValueError, "inconsistent shapes"), false;
  bool wi;
  if (other == n && sw != &I->none && !(y->w = vector(I, sw, "sample_weight", &other, &wi)))
    return false;
  if (other != n) {
    base_free(y->w);
    return fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of "
                    "samples: [%lld, %lld]", (long long)n, (long long)other), false;
  }
  NdArray *t = nd_ascontiguous(PL_ND(yt), ND_FLOAT64), *p = nd_ascontiguous(PL_ND(yp), ND_FLOAT64);
  y->n = n;
  y->t = t && p ? base_calloc((size_t)(2 * n + 1), sizeof(double)) : NULL;
  for (int64_t i = 0; y->t && i < n; i++)
    y->t[n + i] = memcmp((double *)t->data + i * k, (double *)p->data + i * k,
                         (size_t)k * sizeof(double)) != 0;
  nd_unref(t), nd_unref(p);
  if (!y->t) {
    base_free(y->w);
    return fe_nomem(I), false;
  }
  y->p = y->t + n;
  return true;
}

static Obj *accuracy_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Targets y;
  int norm = fe_truth(I, args[2]);
  if (norm < 0 || !(indicator(args[0]) ? indicator_targets(I, args[0], args[1], args[3], &y)
                                        : targets(I, args[0], args[1], args[3], &y)))
    return NULL;
  double hit = 0, all = 0;
  for (int64_t i = 0; i < y.n; i++) {
    hit += y.t[i] == y.p[i] ? weight(&y, i) : 0;
    all += weight(&y, i);
  }
  bool weighted = y.w != NULL;
  if (indicator(args[0]))
    base_free(y.w); /* apart from the block of t and p */
  targets_free(&y);
  if (!norm && !weighted)
    return fe_int(I, (int64_t)hit);  /* a count, as numpy's sum of bools */
  return fe_float(I, norm ? (all > 0 ? hit / all : 0) : hit);
}

/* The k x k counts (rows: true class, columns: predicted) into a new float64 array. */
static NdArray *counts(const Targets *y) {
  int64_t shape[2] = {y->k, y->k};
  NdArray *m = nd_zeros(ND_FLOAT64, 2, shape);
  for (int64_t i = 0; m && i < y->n; i++)
    ((double *)m->data)[label_index(y, y->t[i]) * y->k + label_index(y, y->p[i])] +=
        weight(y, i);
  return m;
}

static Obj *confusion_matrix(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[2] != &I->none || args[4] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "confusion_matrix(%s=...) is not supported by "
                    "nnc yet", args[2] != &I->none ? "labels" : "normalize");
  Targets y;
  if (!targets(I, args[0], args[1], args[3], &y))
    return NULL;
  NdArray *m = counts(&y), *r = m ? nd_astype(m, y.w ? ND_FLOAT64 : ND_INT64) : NULL;
  nd_unref(m);
  targets_free(&y);
  return pl_array_wrap(I, r);
}

/* cohen_kappa_score(y1, y2, *, labels=None, weights=None, sample_weight=None): 1 minus the
 * weighted disagreement over the one chance gives (the outer product of the two label
 * counts over their total), each pair of classes weighted 1 when they differ (weights
 * None), by |i - j| ('linear') or (i - j)^2 ('quadratic'). */
static Obj *cohen_kappa_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "cohen_kappa_score(labels=...) is not "
                    "supported by nnc yet");
  int power = args[3] == &I->none ? 0 : fe_str_is(args[3], "linear") ? 1
              : fe_str_is(args[3], "quadratic") ? 2 : -1;
  if (power < 0)
    return fe_throw(I, EXC_ValueError, "Unknown kappa weighting type.");
  Targets y;
  if (!targets(I, args[0], args[1], args[4], &y))
    return NULL;
  NdArray *m = counts(&y);
  int64_t k = y.k;
  targets_free(&y);
  if (!m)
    return fe_nomem(I);
  const double *c = (const double *)m->data;
  double total = 0, seen = 0, chance = 0;
  for (int64_t i = 0; i < k * k; i++)
    total += c[i];
  for (int64_t i = 0; i < k; i++)
    for (int64_t j = 0; j < k; j++) {
      double col = 0, row = 0;   /* predicted as i; truly j */
      for (int64_t q = 0; q < k; q++)
        col += c[q * k + i], row += c[j * k + q];
      double d = (double)(i > j ? i - j : j - i), w = power == 0 ? (i != j) : pow(d, power);
      seen += w * c[i * k + j];
      chance += w * col * row / total;
    }
  nd_unref(m);
  return fe_float(I, 1 - seen / chance);
}

Obj *pl_confusion_labels(Interp *I, Obj *y_true, Obj *y_pred) {
  Targets y;
  if (!targets(I, y_true, y_pred, &I->none, &y))
    return NULL;
  int64_t k = y.k;
  if (y.names) {   /* the strs, as a list */
    Obj *r = fe_list_new(I, 0);
    for (int c = 0; r && c < y.k; c++)
      if (fe_list_append(I, r, y.names[c]) < 0)
        fe_setref(I, &r, NULL);
    targets_free(&y);
    return r;
  }
  NdArray *l = nd_zeros(ND_FLOAT64, 1, &k);
  if (l)
    memcpy(l->data, y.labels, (size_t)k * sizeof(double));
  NdArray *r = l && y.ints ? nd_astype(l, ND_INT64) : l ? nd_ref(l) : NULL;
  nd_unref(l);
  targets_free(&y);
  return pl_array_wrap(I, r);
}

/* ---- precision, recall, F1 ---- */

/* Per-class true positives, predicted and true counts (3k doubles, from a new block). */
static double *class_sums(const Targets *y) {
  double *s = base_calloc((size_t)(3 * y->k), sizeof(double));
  for (int64_t i = 0; s && i < y->n; i++) {
    int t = label_index(y, y->t[i]), p = label_index(y, y->p[i]);
    s[t] += t == p ? weight(y, i) : 0;
    s[y->k + p] += weight(y, i);
    s[2 * y->k + t] += weight(y, i);
  }
  return s;
}

typedef enum { AVG_BINARY, AVG_MICRO, AVG_MACRO, AVG_WEIGHTED, AVG_NONE } Average;

static bool average_of(Interp *I, Obj *v, Average *out) {
  static const char *const names[] = {"binary", "micro", "macro", "weighted"};
  if (v == &I->none)
    return *out = AVG_NONE, true;
  for (int i = 0; i < 4; i++)
    if (fe_str_is(v, names[i]))
      return *out = (Average)i, true;
  fe_throw(I, EXC_ValueError, "average has to be one of (None, 'micro', 'macro', 'weighted', "
           "'samples')");
  return false;
}

static double divide(double a, double b, double zero) {
  return b > 0 ? a / b : zero;
}

/* Precision, recall and F1 of class sums tp, pred, truth. */
static void prf(double tp, double pred, double truth, double zero, double out[3]) {
  out[0] = divide(tp, pred, zero);
  out[1] = divide(tp, truth, zero);
  double d = out[0] + out[1];
  out[2] = d > 0 ? 2 * out[0] * out[1] / d : 0;
}

/* The class index pos_label picks for average='binary', or -1 raised. */
static int binary_class(Interp *I, const Targets *y, Obj *pos_label) {
  if (y->k > 2)
    return fe_throw(I, EXC_ValueError, "Target is multiclass but average='binary'. Please "
                    "choose another average setting, one of [None, 'micro', 'macro', "
                    "'weighted']."), -1;
  double pos;
  if (fe_as_double(I, pos_label, &pos) < 0)
    return -1;
  int c = label_index(y, pos);
  if (c < 0 && y->k >= 2) {
    char buf[64];
    base_repr_double(y->labels[0], buf);
    return fe_throw(I, EXC_ValueError, "pos_label=%g is not a valid label. It should be one of "
                    "the labels present (the first is %s)", pos, buf), -1;
  }
  return c;
}

/* what: 0 precision, 1 recall, 2 F1, under args (y_true, y_pred, labels, pos_label, average,
 * sample_weight, zero_division). */
static Obj *score(Interp *I, Obj **args, int what) {
  Average avg;
  double zero = 0;
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "labels=... is not supported by nnc yet");
  if (!average_of(I, args[4], &avg) ||
      (!fe_str_is(args[6], "warn") && fe_as_double(I, args[6], &zero) < 0))
    return NULL;
  Targets y;
  if (!targets(I, args[0], args[1], args[5], &y))
    return NULL;
  double *s = class_sums(&y), v[3], r = 0;
  Obj *out = NULL;
  int c = s && avg == AVG_BINARY ? binary_class(I, &y, args[3]) : 0;
  if (!s) {
    fe_nomem(I);
  } else if (avg == AVG_BINARY) { /* pos_label absent from a one-class target: no hits */
    if (c >= 0)
      prf(s[c], s[y.k + c], s[2 * y.k + c], zero, v);
    out = I->exc_pending ? NULL : fe_float(I, c >= 0 ? v[what] : zero);
  } else if (avg == AVG_MICRO) {
    double tp = 0, pred = 0, truth = 0;
    for (int i = 0; i < y.k; i++)
      tp += s[i], pred += s[y.k + i], truth += s[2 * y.k + i];
    prf(tp, pred, truth, zero, v);
    out = fe_float(I, v[what]);
  } else if (avg == AVG_NONE) {
    int64_t k = y.k;
    NdArray *a = nd_empty(ND_FLOAT64, 1, &k);
    for (int i = 0; a && i < y.k; i++)
      prf(s[i], s[y.k + i], s[2 * y.k + i], zero, v), ((double *)a->data)[i] = v[what];
    out = pl_array_wrap(I, a);
  } else {
    double total = 0;
    for (int i = 0; i < y.k; i++)
      total += s[2 * y.k + i];
    for (int i = 0; i < y.k; i++) {  /* np.average: the weighted sum, then one division */
      prf(s[i], s[y.k + i], s[2 * y.k + i], zero, v);
      r += v[what] * (avg == AVG_MACRO ? 1 : s[2 * y.k + i]);
    }
    out = fe_float(I, avg == AVG_MACRO ? r / y.k : divide(r, total, 0));
  }
  base_free(s);
  targets_free(&y);
  return out;
}

static Obj *precision_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return score(I, args, 0);
}

static Obj *recall_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return score(I, args, 1);
}

static Obj *f1_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return score(I, args, 2);
}

/* ---- classification_report ---- */

/* Python's str() of class c's label, or target_names[c]. */
static bool class_name(Interp *I, const Targets *y, Obj *names, int c, char *buf, size_t n) {
  if (names == &I->none) {
    if (y->names)
      snprintf(buf, n, "%s", FE_STR(y->names[c])->s);
    else if (y->ints)
      snprintf(buf, n, "%lld", (long long)y->labels[c]);
    else
      base_repr_double(y->labels[c], buf);
    return true;
  }
  Obj *const *items;
  int64_t count;
  if (!fe_seq_items(I, names, &items, &count))
    return false;
  if (count != y->k)
    return fe_throw(I, EXC_ValueError, "Number of classes, %d, does not match size of "
                    "target_names, %lld. Try specifying the labels parameter", y->k,
                    (long long)count), false;
  Obj *s = fe_str(I, items[c]);
  if (s)
    snprintf(buf, n, "%s", FE_STR(s)->s);
  fe_decref(I, s);
  return s != NULL;
}

/* One row: name, three scores with `digits` decimals, support. */
static void report_row(BaseBuf *b, int width, const char *name, const double v[3], int digits,
                       double support) {
  char line[512];
  int k = snprintf(line, sizeof line, "%*s ", width, name);
  for (int i = 0; i < 3; i++)
    k += snprintf(line + k, sizeof line - (size_t)k, " %9.*f", digits, v[i]);
  snprintf(line + k, sizeof line - (size_t)k, " %9.0f\n", support);
  base_buf_put(b, line, strlen(line));
}

static Obj *classification_report(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t digits;
  int as_dict = fe_truth(I, args[6]);
  double zero = 0;
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "classification_report(labels=...) is not "
                    "supported by nnc yet");
  if (as_dict != 0)
    return as_dict < 0 ? NULL : fe_throw(I, EXC_NotImplementedError, "classification_report"
                                         "(output_dict=True) is not supported by nnc yet");
  if (fe_as_int(I, args[5], &digits) < 0 ||
      (!fe_str_is(args[7], "warn") && fe_as_double(I, args[7], &zero) < 0))
    return NULL;
  Targets y;
  if (!targets(I, args[0], args[1], args[4], &y))
    return NULL;
  char (*names)[128] = base_calloc((size_t)y.k, sizeof *names);
  double *s = names ? class_sums(&y) : NULL;
  int width = (int)strlen("weighted avg");
  bool good = s != NULL;
  for (int c = 0; good && c < y.k; c++) {
    good = class_name(I, &y, args[3], c, names[c], sizeof names[c]);
    if (good && (int)strlen(names[c]) > width)
      width = (int)strlen(names[c]);
  }
  if (width < digits)
    width = (int)digits;
  BaseBuf b = {0};
  Obj *out = NULL;
  if (good) {
    char head[256];
    snprintf(head, sizeof head, "%*s  %9s %9s %9s %9s\n\n", width, "", "precision", "recall",
             "f1-score", "support");
    base_buf_put(&b, head, strlen(head));
    double v[3], tp = 0, total = 0, macro[3] = {0}, weighted[3] = {0};
    for (int c = 0; c < y.k; c++) {
      double truth = s[2 * y.k + c];
      prf(s[c], s[y.k + c], truth, zero, v);
      report_row(&b, width, names[c], v, (int)digits, truth);
      tp += s[c], total += truth;
      for (int i = 0; i < 3; i++)
        macro[i] += v[i], weighted[i] += v[i] * truth;
    }
    for (int i = 0; i < 3; i++)
      macro[i] /= y.k, weighted[i] = divide(weighted[i], total, 0);
    char acc[256];
    snprintf(acc, sizeof acc, "\n%*s  %9s %9s %9.*f %9.0f\n", width, "accuracy", "", "",
             (int)digits, divide(tp, total, 0), total);
    base_buf_put(&b, acc, strlen(acc));
    report_row(&b, width, "macro avg", macro, (int)digits, total);
    report_row(&b, width, "weighted avg", weighted, (int)digits, total);
    out = b.nomem ? fe_nomem(I) : fe_str_new(I, b.p ? b.p : "", b.n);
  } else if (!I->exc_pending) {
    fe_nomem(I);
  }
  base_free(b.p);
  base_free(s);
  base_free(names);
  targets_free(&y);
  return out;
}

/* ---- roc_auc_score ---- */

typedef struct {
  double score;
  bool pos;
} Scored;

static int cmp_scored(const void *a, const void *b) {
  return pl_cmp_double(&((const Scored *)a)->score, &((const Scored *)b)->score);
}

/* The area under the ROC curve: the Mann-Whitney statistic, ties counting one half. */
static double auc(Scored *v, int64_t n) {
  qsort(v, (size_t)n, sizeof *v, cmp_scored);
  double pos = 0, rank_sum = 0;
  for (int64_t i = 0; i < n;) {
    int64_t j = i;
    double npos = 0;
    while (j < n && v[j].score == v[i].score)
      npos += v[j++].pos;
    rank_sum += npos * ((double)(i + j + 1) / 2); /* ranks i+1..j, averaged */
    pos += npos;
    i = j;
  }
  return (rank_sum - pos * (pos + 1) / 2) / (pos * ((double)n - pos));
}

static Obj *roc_auc_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  for (int i = 2; i < 7; i++) {
    static const char *const names[] = {"", "", "average", "sample_weight", "max_fpr",
                                        "multi_class", "labels"};
    bool deflt = i == 2 ? fe_str_is(args[i], "macro") : i == 5 ? fe_str_is(args[i], "raise")
                                                               : args[i] == &I->none;
    if (!deflt)
      return fe_throw(I, EXC_NotImplementedError, "roc_auc_score(%s=...) is not supported by "
                      "nnc yet", names[i]);
  }
  int64_t n, m;
  bool ti, si;
  double *t = vector(I, args[0], "y_true", &n, &ti), *p = t ? vector(I, args[1], "y_score",
                                                                     &m, &si) : NULL;
  double *classes = p ? base_malloc((size_t)(n + 1) * sizeof(double)) : NULL;
  Scored *v = classes ? base_malloc((size_t)(n + 1) * sizeof(Scored)) : NULL;
  Obj *out = NULL;
  if (p && !v) {
    fe_nomem(I);
  } else if (v && m != n) {
    fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
             "[%lld, %lld]", (long long)n, (long long)m);
  } else if (v) {
    int k = distinct(t, n, classes);
    if (k > 2)
      fe_throw(I, EXC_NotImplementedError, "roc_auc_score of a multiclass target is not "
               "supported by nnc yet");
    else if (k < 2)
      fe_throw(I, EXC_ValueError, "Only one class present in y_true. ROC AUC score is not "
               "defined in that case.");
    for (int64_t i = 0; k == 2 && i < n; i++)
      v[i] = (Scored){p[i], t[i] == classes[1]};
    if (k == 2)
      out = fe_float(I, auc(v, n));
  }
  base_free(v);
  base_free(classes);
  base_free(p);
  base_free(t);
  return out;
}

/* ---- roc_curve and auc ---- */

/* The positive class of y_true's k sorted classes, as _check_pos_label_consistency takes
 * it: pos_label, or 1 when the classes are some of {0, 1} or of {-1, 1}. */
static bool positive_label(Interp *I, Obj *pos_label, const double *classes, int k, bool ints,
                           double *pos) {
  if (pos_label != &I->none)
    return fe_as_double(I, pos_label, pos) == 0;
  bool of01 = true, ofm11 = true;
  for (int i = 0; i < k; i++) {
    of01 &= classes[i] == 0 || classes[i] == 1;
    ofm11 &= classes[i] == -1 || classes[i] == 1;
  }
  *pos = 1;
  if (of01 || ofm11)
    return true;
  char text[200] = "";
  for (int i = 0; i < k && strlen(text) < 150; i++) {
    char one[40];
    if (ints)
      snprintf(one, sizeof one, "%lld", (long long)classes[i]);
    else
      base_repr_double(classes[i], one);
    strcat(text, i ? ", " : "");
    strcat(text, one);
  }
  return fe_throw(I, EXC_ValueError, "y_true takes value in {%s} and pos_label is not "
                  "specified: either make y_true take value in {0, 1} or {-1, 1} or pass "
                  "pos_label explicitly.", text), false;
}

typedef struct {
  double score;
  int64_t i;
} Ranked;

static int by_score_desc(const void *a, const void *b) {
  const Ranked *x = a, *y = b;
  return (x->score < y->score) - (x->score > y->score);
}

/* A float64 array of v[0, n); NULL raised. */
static Obj *float_array(Interp *I, const double *v, int64_t n, NdDtype t) {
  NdArray *a = nd_empty(ND_FLOAT64, 1, &n);
  if (a)
    memcpy(a->data, v, (size_t)n * sizeof *v);
  NdArray *c = a && t != ND_FLOAT64 ? nd_astype(a, t) : a;
  if (c != a)
    nd_unref(a);
  return c ? pl_array_wrap(I, c) : pl_nd_raise(I);
}

/* fps / fps[-1], or NaNs with scikit-learn's warning when there is no such sample. */
static void rates(Interp *I, double *v, int64_t n, const char *what) {
  double last = v[n - 1];
  if (last <= 0 && !pl_state(I)->warnings_off)
    fprintf(fe_err(I), "UndefinedMetricWarning: No %s samples in y_true, %s positive value "
            "should be meaningless\n", what, what[0] == 'n' ? "false" : "true");
  for (int64_t i = 0; i < n; i++)
    v[i] = last <= 0 ? NAN : v[i] / last;
}

/* The curve's points into fps, tps and th (room for n + 1 each), from the highest score:
 * scikit-learn 1.2's _binary_clf_curve (a point at each distinct score), the collinear
 * points dropped when drop, then (0, 0) at the highest score + 1; their count. */
static int64_t curve(const double *t, const double *p, int64_t n, double pos, bool drop,
                     Ranked *r, double *fps, double *tps, double *th) {
  for (int64_t i = 0; i < n; i++)
    r[i] = (Ranked){p[i], i};
  qsort(r, (size_t)n, sizeof *r, by_score_desc);
  int64_t m = 1;            /* th[0] is the extra point, set last */
  double tp = 0;
  for (int64_t i = 0; i < n; i++) {
    tp += t[r[i].i] == pos;
    if (i + 1 < n && r[i + 1].score == r[i].score)
      continue;
    fps[m] = (double)(i + 1) - tp, tps[m] = tp, th[m++] = r[i].score;
  }
  if (drop && m - 1 > 2) { /* keep the ends and the corners: np.diff(_, 2) != 0 */
    int64_t kept = 2;
    for (int64_t j = 2; j < m; j++) {
      bool corner = j == m - 1 || fps[j + 1] - 2 * fps[j] + fps[j - 1] != 0 ||
                    tps[j + 1] - 2 * tps[j] + tps[j - 1] != 0;
      if (corner)
        fps[kept] = fps[j], tps[kept] = tps[j], th[kept++] = th[j];
    }
    m = kept;
  }
  fps[0] = tps[0] = 0;
  th[0] = th[1] + 1;
  return m;
}

/* roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
 * (fpr, tpr, thresholds), as scikit-learn 1.2 computes them for a binary y_true (or any y_true
 * with pos_label); thresholds keep y_score's float32. */
static Obj *roc_curve(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[3] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "roc_curve(sample_weight=...) is not supported "
                    "by nnc yet");
  NdArray *sa = pl_array_arg(I, args[1]);
  NdDtype st = sa && sa->dtype == ND_FLOAT32 ? ND_FLOAT32 : ND_FLOAT64;
  int64_t n = 0, m = 0;
  bool ints, score_ints;
  double *t = sa ? vector(I, args[0], "y_true", &n, &ints) : NULL;
  double *p = t ? vector(I, args[1], "y_score", &m, &score_ints) : NULL;
  nd_unref(sa);
  double *buf = p ? base_malloc((size_t)(4 * n + 4) * sizeof(double)) : NULL;
  Ranked *r = buf ? base_malloc((size_t)(n + 1) * sizeof *r) : NULL;
  double *classes = buf, *fps = buf + n + 1, *tps = buf + 2 * n + 2, *th = buf + 3 * n + 3;
  Obj *out = NULL;
  double pos;
  int k = r ? distinct(t, n, classes) : 0;
  if (p && !r)
    fe_nomem(I);
  else if (r && m != n)
    fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
             "[%lld, %lld]", (long long)n, (long long)m);
  else if (r && n == 0)
    fe_throw(I, EXC_ValueError, "y_true has no samples");
  else if (r && k > 2 && args[2] == &I->none)
    fe_throw(I, EXC_ValueError, "multiclass format is not supported");
  else if (r && positive_label(I, args[2], classes, k, ints, &pos)) {
    int64_t c = curve(t, p, n, pos, fe_truth(I, args[4]) == 1, r, fps, tps, th);
    rates(I, fps, c, "negative");
    rates(I, tps, c, "positive");
    Obj *v[3] = {float_array(I, fps, c, ND_FLOAT64), float_array(I, tps, c, ND_FLOAT64),
                 float_array(I, th, c, st)};
    if (v[0] && v[1] && v[2])
      out = fe_tuple_pack(I, 3, v[0], v[1], v[2]);
    for (int i = 0; i < 3; i++)
      fe_decref(I, v[i]);
  }
  base_free(r);
  base_free(buf);
  base_free(p);
  base_free(t);
  return out;
}

/* scikit-learn's error for an x that goes up and down, x printed as numpy prints it. */
static void both_ways(Interp *I, Obj *x) {
  NdArray *a = pl_array_arg(I, x);
  Obj *arr = a ? pl_array_wrap(I, a) : NULL, *text = arr ? fe_str(I, arr) : NULL;
  if (text)
    fe_throw(I, EXC_ValueError, "x is neither increasing nor decreasing : %s.",
             FE_STR(text)->s);
  fe_decref(I, text);
  fe_decref(I, arr);
}

/* auc(x, y): the trapezoidal area under the points, as np.trapz(y, x) sums it (pairwise),
 * negated for a decreasing x; scikit-learn's errors for too few points or an x that goes
 * both ways. */
static Obj *auc_fn(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n = 0, m = 0;
  bool ints;
  double *x = vector(I, args[0], "x", &n, &ints), *y = x ? vector(I, args[1], "y", &m, &ints)
                                                         : NULL;
  int64_t terms = n > 1 ? n - 1 : 1;
  NdArray *d = y && m == n && n >= 2 ? nd_empty(ND_FLOAT64, 1, &terms) : NULL;
  Obj *out = NULL;
  bool up = false, down = false;
  for (int64_t i = 0; d && i + 1 < n; i++) {
    double dx = x[i + 1] - x[i];
    up |= dx > 0, down |= dx < 0;
    ((double *)d->data)[i] = dx * (y[i + 1] + y[i]) / 2.0;
  }
  if (y && m != n)
    fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
             "[%lld, %lld]", (long long)n, (long long)m);
  else if (y && n < 2)
    fe_throw(I, EXC_ValueError, "At least 2 points are needed to compute area under curve, "
             "but x.shape = %lld", (long long)n);
  else if (y && !d)
    pl_nd_raise(I);
  else if (d && up && down)
    both_ways(I, args[0]);
  else if (d) {
    NdArray *sum = nd_reduce(ND_SUM, d, NULL);
    NdScalar v;
    if (sum && nd_item(sum, &v))
      out = fe_float(I, (down ? -1 : 1) * v.f);
    else
      pl_nd_raise(I);
    nd_unref(sum);
  }
  nd_unref(d);
  base_free(y);
  base_free(x);
  return out;
}

static const FeFnDef metrics_fns[] = {
    {"cohen_kappa_score", cohen_kappa_score,
     "(y1, y2, *, labels=None, weights=None, sample_weight=None)", "float", NULL},
    {"accuracy_score", accuracy_score, "(y_true, y_pred, *, normalize=True, sample_weight=None)",
     NULL, NULL},
    {"precision_score", precision_score,
     "(y_true, y_pred, *, labels=None, pos_label=1, average='binary', sample_weight=None, "
         "zero_division='warn')", NULL, NULL},
    {"recall_score", recall_score,
     "(y_true, y_pred, *, labels=None, pos_label=1, average='binary', sample_weight=None, "
         "zero_division='warn')", NULL, NULL},
    {"f1_score", f1_score,
     "(y_true, y_pred, *, labels=None, pos_label=1, average='binary', sample_weight=None, "
         "zero_division='warn')", NULL, NULL},
    {"confusion_matrix", confusion_matrix,
     "(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None)", PL_ARRAY, NULL},
    {"classification_report", classification_report,
     "(y_true, y_pred, *, labels=None, target_names=None, sample_weight=None, digits=2, "
         "output_dict=False, zero_division='warn')", "str", NULL},
    {"roc_curve", roc_curve,
     "(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True)",
     "tuple", NULL},
    {"auc", auc_fn, "(x, y)", "float", NULL},
    {"roc_auc_score", roc_auc_score,
     "(y_true, y_score, *, average='macro', sample_weight=None, max_fpr=None, "
         "multi_class='raise', labels=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_classification_def = {.name = "sklearn.metrics",
                                                   .fns = metrics_fns};
