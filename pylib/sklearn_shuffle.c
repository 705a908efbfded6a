/* sklearn_shuffle.c — sklearn.utils.shuffle(*arrays, random_state=None, n_samples=None), as
 * scikit-learn 1.2 does it (resample without replacement): one permutation of the rows,
 * drawn from numpy's legacy RandomState as RandomState.shuffle(np.arange(n)) draws it, applied
 * to every array, the first n_samples rows kept. So shuffle(X, y, random_state=0) gives
 * scikit-learn's order. Each array comes back as a numpy array, also for list input (where
 * scikit-learn gives a list); one array comes back alone, none gives None. */
#include <string.h>

#include "pylib.h"

/* The arrays of args, all with the same number of rows (*n); NULL with an exception. */
static NdArray **rows_arrays(Interp *I, Obj *const *items, int64_t count, int64_t *n) {
  NdArray **as = base_calloc((size_t)count, sizeof(NdArray *));
  if (!as)
    return fe_nomem(I), NULL;
  *n = -1;
  for (int64_t i = 0; i < count; i++) {
    as[i] = pl_array_arg(I, items[i]);
    if (as[i] && as[i]->ndim == 0)
      fe_throw(I, EXC_TypeError, "Singleton array cannot be considered a valid collection.");
    else if (as[i] && *n >= 0 && as[i]->shape[0] != *n)
      fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
               "[%lld, %lld]", (long long)*n, (long long)as[i]->shape[0]);
    if (I->exc_pending) {
      for (int64_t j = 0; j <= i; j++)
        nd_unref(as[j]);
      base_free(as);
      return NULL;
    }
    *n = as[i]->shape[0];
  }
  return as;
}

/* The first m of a random order of n rows, as scikit-learn's resample(replace=False). */
static NdArray *chosen_rows(Interp *I, Obj *random_state, int64_t n, int64_t m) {
  bool owned;
  NdRandom *rng = pl_random_state(I, random_state, &owned);
  NdArray *perm = rng ? pl_permutation(rng, n) : NULL;
  if (owned)
    nd_random_free(rng);
  if (!perm)
    return rng ? pl_nd_raise(I), NULL : NULL;
  NdIndex head = nd_ix_slice(0, m, 1, ND_HAS_STOP);
  NdArray *first = nd_getitem(perm, 1, &head);
  nd_unref(perm);
  return first ? first : (pl_nd_raise(I), NULL);
}

static Obj *shuffle(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *const *items;
  int64_t count, n, m;
  if (!fe_seq_items(I, args[0], &items, &count))
    return NULL;
  if (count == 0)
    return fe_none(I);
  NdArray **as = rows_arrays(I, items, count, &n);
  if (!as)
    return NULL;
  m = n;
  bool good = args[2] == &I->none || fe_as_int(I, args[2], &m) == 0;
  if (good && (m < 0 || m > n)) {
    fe_throw(I, EXC_ValueError, "Cannot sample %lld out of arrays with dim %lld when replace is "
             "False", (long long)m, (long long)n);
    good = false;
  }
  NdArray *rows = good ? chosen_rows(I, args[1], n, m) : NULL;
  Obj *out = rows && count > 1 ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; rows && i < count && (out || count == 1); i++) {
    NdIndex ix = nd_ix_array(rows);
    Obj *v = pl_array_wrap(I, nd_getitem(as[i], 1, &ix));
    if (count == 1)
      out = v;
    else if (!v || fe_list_append(I, out, v) < 0)
      fe_setref(I, &out, NULL);
    if (count > 1)
      fe_decref(I, v);
  }
  nd_unref(rows);
  for (int64_t i = 0; i < count; i++)
    nd_unref(as[i]);
  base_free(as);
  return out;
}

static const FeFnDef shuffle_fns[] = {
    {"shuffle", shuffle, "(*arrays, random_state=None, n_samples=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_shuffle_def = {.name = "sklearn.utils", .fns = shuffle_fns};
