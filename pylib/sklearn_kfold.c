/* sklearn_kfold.c — sklearn.model_selection's KFold and StratifiedKFold, the cross-validation
 * loops of tutorials (for train, test in kfold.split(X, y): model = build(); model.fit(X[train],
 * ...)), as scikit-learn 1.2 splits: the same folds for the same random_state.
 *
 * Both give each sample a test fold, then split() yields, fold by fold, the training and the
 * test indices, each ascending. KFold cuts 0..n-1 (shuffled when asked: numpy's permutation
 * from check_random_state) into n_splits runs, the first n % n_splits one longer.
 * StratifiedKFold numbers the classes by first appearance, deals each fold its share of every
 * class round robin over the sorted classes, and gives each class its folds in blocks, which
 * shuffle=True shuffles class by class from one generator. split() computes every fold at
 * once and returns an iterator over them; a generator draws at its first step, which comes
 * right after the call in a for loop, so the draws are the same.
 */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

/* Scikit-learn's _BaseKFold.__init__ checks; the parameters as attributes. */
static Obj *kfold_init(Interp *I, Obj *self, Obj **args) {
  Obj *n = args[0], *shuffle = args[1], *random_state = args[2];
  if (!fe_is_int(I, n) || FE_IS(n, bool))
    return fe_throw(I, EXC_ValueError, "The number of folds must be of Integral type. %s of "
                    "type <class '%s'> was passed.", pl_repr_text(I, n), fe_typename(n));
  if (((Int *)n)->v <= 1)
    return fe_throw(I, EXC_ValueError, "k-fold cross-validation requires at least one "
                    "train/test split by setting n_splits=2 or more, got n_splits=%lld.",
                    (long long)((Int *)n)->v);
  if (!FE_IS(shuffle, bool))
    return fe_throw(I, EXC_TypeError, "shuffle must be True or False; got %s",
                    pl_repr_text(I, shuffle));
  if (shuffle == &I->false_.hd && random_state != &I->none)
    return fe_throw(I, EXC_ValueError, "Setting a random_state has no effect since shuffle is "
                    "False. You should leave random_state to its default (None), or set "
                    "shuffle=True.");
  fe_incref(n), fe_incref(shuffle), fe_incref(random_state);
  return pl_set_attr(I, self, "n_splits", n) && pl_set_attr(I, self, "shuffle", shuffle) &&
                 pl_set_attr(I, self, "random_state", random_state)
             ? fe_none(I)
             : NULL;
}

typedef struct {
  int64_t k;            /* n_splits */
  bool shuffle;
  Obj *random_state;    /* borrowed from self */
} Folds;

static bool folds_of(Interp *I, Obj *self, Folds *f) {
  Obj *k = fe_getattr_str(I, self, "n_splits"), *s = k ? fe_getattr_str(I, self, "shuffle")
                                                        : NULL;
  Obj *r = s ? fe_getattr_str(I, self, "random_state") : NULL;
  bool good = r && fe_is_int(I, k);
  if (good) {
    f->k = ((Int *)k)->v;
    f->shuffle = fe_truth(I, s) == 1;
    f->random_state = r;
  }
  fe_decref(I, k), fe_decref(I, s), fe_decref(I, r); /* r: self holds it too */
  return good;
}

/* The number of samples of X, as _num_samples counts them. */
static bool samples_of(Interp *I, Obj *x, const Folds *f, int64_t *n) {
  Obj *const *items;
  NdArray *a = pl_text_labels(I, x, &items, n) ? NULL : pl_array_arg(I, x);
  if (!a && I->exc_pending)
    return false;
  if (a)
    *n = a->ndim > 0 ? a->shape[0] : -1;
  nd_unref(a);
  if (*n < 0)
    return fe_throw(I, EXC_TypeError, "Singleton array cannot be considered a valid "
                    "collection."), false;
  if (f->k > *n)
    return fe_throw(I, EXC_ValueError, "Cannot have number of splits n_splits=%lld greater "
                    "than the number of samples: n_samples=%lld.", (long long)f->k,
                    (long long)*n), false;
  return true;
}

/* rng.shuffle(v[0..n)) with random_state's generator, as numpy's legacy shuffle of a 1-d
 * array orders it (the same as permutation(n)). */
static bool shuffled(Interp *I, NdRandom *rng, int64_t *v, int64_t n) {
  NdArray *perm = pl_permutation(rng, n);
  int64_t *was = perm ? base_malloc((size_t)(n ? n : 1) * sizeof *was) : NULL;
  if (was) {
    memcpy(was, v, (size_t)n * sizeof *v);
    for (int64_t i = 0; i < n; i++)
      v[i] = was[((const int64_t *)perm->data)[i]];
  }
  if (!perm)
    pl_nd_raise(I);
  else if (!was)
    fe_nomem(I);
  base_free(was);
  nd_unref(perm);
  return was != NULL;
}

/* KFold's test fold of each of n samples. */
static bool kfold_folds(Interp *I, const Folds *f, int64_t n, int64_t *fold) {
  int64_t *order = base_malloc((size_t)(n ? n : 1) * sizeof *order);
  if (!order)
    return fe_nomem(I), false;
  for (int64_t i = 0; i < n; i++)
    order[i] = i;
  bool owned = false, good = true;
  if (f->shuffle) {
    NdRandom *rng = pl_random_state(I, f->random_state, &owned);
    good = rng && shuffled(I, rng, order, n);
    if (owned)
      nd_random_free(rng);
  }
  for (int64_t fi = 0, at = 0; good && fi < f->k; fi++)
    for (int64_t end = at + n / f->k + (fi < n % f->k); at < end; at++)
      fold[order[at]] = fi;
  base_free(order);
  return good;
}

/* The class of each label of y (n of them) numbered by first appearance into cls; the number
 * of classes, or -1 raised. Scikit-learn's type_of_target must say binary or multiclass. */
static int64_t classes_by_appearance(Interp *I, Obj *y, int64_t n, int64_t *cls) {
  NdArray *codes = pl_text_codes(I, y), *a = codes ? codes : I->exc_pending ? NULL
                                                                            : pl_array_arg(I, y);
  if (!a)
    return -1;
  NdArray *v = a->ndim == 2 && a->shape[1] == 1 ? nd_reshape(a, 1, &a->shape[0]) : a;
  if (v != a)
    nd_unref(a);
  const char *kind = NULL;
  NdArray *d = v ? nd_ascontiguous(v, ND_FLOAT64) : NULL;
  if (d && v->ndim != 1)
    kind = "multilabel-indicator";  /* a one-hot y, as Keras tutorials hold their labels */
  for (int64_t i = 0; d && !kind && i < d->size; i++)
    if (((const double *)d->data)[i] != (double)(int64_t)((const double *)d->data)[i])
      kind = "continuous";
  int64_t k = -1;
  if (!d)
    pl_nd_raise(I);
  else if (kind)
    fe_throw(I, EXC_ValueError, "Supported target types are: ('binary', 'multiclass'). Got "
             "'%s' instead.", kind);
  else if (d->shape[0] != n)
    fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
             "[%lld, %lld]", (long long)n, (long long)d->shape[0]);
  else
    k = 0;
  const double *y1 = d ? (const double *)d->data : NULL;
  for (int64_t i = 0; k >= 0 && i < n; i++) {
    int64_t j = 0;
    while (j < i && y1[j] != y1[i])
      j++;
    cls[i] = j < i ? cls[j] : k++;
  }
  nd_unref(d);
  nd_unref(v);
  return k;
}

/* StratifiedKFold's test fold of each of n samples, from their labels y. */
static bool stratified_folds(Interp *I, const Folds *f, Obj *y, int64_t n, int64_t *fold) {
  int64_t *cls = base_malloc((size_t)(n ? n : 1) * sizeof *cls);
  int64_t nc = cls ? classes_by_appearance(I, y, n, cls) : (fe_nomem(I), -1);
  int64_t *count = nc > 0 ? base_calloc((size_t)nc * (size_t)(f->k + 1), sizeof *count) : NULL;
  int64_t *share = count ? count + nc : NULL; /* share[fi * nc + c]: class c's in fold fi */
  bool good = count != NULL;
  if (!good && nc >= 0)
    fe_nomem(I);
  int64_t least = n, below = 0;
  for (int64_t i = 0; good && i < n; i++)
    count[cls[i]]++;
  for (int64_t c = 0; good && c < nc; c++) {
    least = count[c] < least ? count[c] : least;
    below += f->k > count[c];
  }
  if (good && below == nc) {
    fe_throw(I, EXC_ValueError, "n_splits=%lld cannot be greater than the number of members "
             "in each class.", (long long)f->k);
    good = false;
  } else if (good && f->k > least && !pl_state(I)->warnings_off) {
    fprintf(fe_err(I), "UserWarning: The least populated class in y has only %lld members, "
            "which is less than n_splits=%lld.\n", (long long)least, (long long)f->k);
  }
  /* round robin over the sorted classes: the r-th sample of that order goes to fold r % k */
  for (int64_t c = 0, r = 0; good && c < nc; c++)
    for (int64_t m = 0; m < count[c]; m++, r++)
      share[(r % f->k) * nc + c]++;
  bool owned = false;
  NdRandom *rng = good && f->shuffle ? pl_random_state(I, f->random_state, &owned) : NULL;
  good = good && (!f->shuffle || rng);
  int64_t *blocks = good ? base_malloc((size_t)(n ? n : 1) * sizeof *blocks) : NULL;
  good = good && (blocks || (fe_nomem(I), false));
  for (int64_t c = 0; good && c < nc; c++) {
    int64_t m = 0;
    for (int64_t fi = 0; fi < f->k; fi++)
      for (int64_t j = 0; j < share[fi * nc + c]; j++)
        blocks[m++] = fi;
    good = !f->shuffle || shuffled(I, rng, blocks, m);
    for (int64_t i = 0, next = 0; good && i < n; i++)
      if (cls[i] == c)
        fold[i] = blocks[next++];
  }
  if (owned)
    nd_random_free(rng);
  base_free(blocks);
  base_free(count);
  base_free(cls);
  return good;
}

/* [(train, test), ...] for each fold: the indices outside it and in it, ascending. */
static Obj *split_list(Interp *I, const int64_t *fold, int64_t n, int64_t k) {
  Obj *out = fe_list_new(I, 0);
  for (int64_t fi = 0; out && fi < k; fi++) {
    int64_t nt = 0;
    for (int64_t i = 0; i < n; i++)
      nt += fold[i] == fi;
    int64_t sizes[2] = {n - nt, nt};
    NdArray *part[2] = {nd_empty(ND_INT64, 1, &sizes[0]), nd_empty(ND_INT64, 1, &sizes[1])};
    int64_t at[2] = {0, 0};
    for (int64_t i = 0; part[0] && part[1] && i < n; i++) {
      int t = fold[i] == fi;
      ((int64_t *)part[t]->data)[at[t]++] = i;
    }
    Obj *tr = part[0] && part[1] ? pl_array_wrap(I, part[0]) : NULL;
    Obj *te = tr ? pl_array_wrap(I, part[1]) : NULL;
    Obj *pair = te ? fe_tuple_pack(I, 2, tr, te) : NULL;
    if (!tr) {
      nd_unref(part[0]), nd_unref(part[1]);
      pl_nd_raise(I);
    } else if (!te) {
      nd_unref(part[1]);
    }
    if (!pair || fe_list_append(I, out, pair) < 0)
      fe_setref(I, &out, NULL);
    fe_decref(I, tr), fe_decref(I, te), fe_decref(I, pair);
  }
  Obj *it = out ? fe_iter(I, out) : NULL;
  fe_decref(I, out);
  return it;
}

static Obj *split(Interp *I, Obj *self, Obj *x, Obj *y, bool stratified) {
  Folds f = {0};
  int64_t n;
  if (!folds_of(I, self, &f) || !samples_of(I, x, &f, &n))
    return NULL;
  if (stratified && y == &I->none)
    return fe_throw(I, EXC_ValueError, "StratifiedKFold.split needs y, the labels to "
                    "stratify by");
  int64_t *fold = base_malloc((size_t)(n ? n : 1) * sizeof *fold);
  if (!fold)
    return fe_nomem(I);
  bool good = stratified ? stratified_folds(I, &f, y, n, fold) : kfold_folds(I, &f, n, fold);
  Obj *r = good ? split_list(I, fold, n, f.k) : NULL;
  base_free(fold);
  return r;
}

static Obj *kfold_split(Interp *I, Obj *self, Obj **args) {
  return split(I, self, args[0], args[1], false);
}

static Obj *stratified_split(Interp *I, Obj *self, Obj **args) {
  return split(I, self, args[0], args[1], true);
}

static Obj *get_n_splits(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_getattr_str(I, self, "n_splits");
}

#define KFOLD_INIT "(n_splits=5, *, shuffle=False, random_state=None)"

static const FeFnDef kfold_methods[] = {
    {"__init__", kfold_init, KFOLD_INIT, NULL, NULL},
    {"split", kfold_split, "(X, y=None, groups=None)", NULL, NULL},
    {"get_n_splits", get_n_splits, "(X=None, y=None, groups=None)", "int", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef stratified_methods[] = {
    {"__init__", kfold_init, KFOLD_INIT, NULL, NULL},
    {"split", stratified_split, "(X, y, groups=None)", NULL, NULL},
    {"get_n_splits", get_n_splits, "(X=None, y=None, groups=None)", "int", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef pl_kfold_classes[] = {
    {.name = "KFold", .methods = kfold_methods},
    {.name = "StratifiedKFold", .methods = stratified_methods},
    {.name = NULL},
};
