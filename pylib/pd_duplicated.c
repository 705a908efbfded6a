/* pd_duplicated.c — df.duplicated(), df.drop_duplicates() and Series.duplicated(): which rows
 * repeat an earlier one (keep='first'), a later one ('last') or any other (False). Cleaning
 * cells print df.duplicated().sum() and drop the repeats before training.
 *
 * Rows are compared by their values in the chosen columns (all, or subset=), a missing value
 * (NaN, or None in text) equal to any other missing one, as pandas compares them. A Series
 * tells None from NaN, as pandas' does. */
#include <string.h>

#include "pylib.h"

/* A row's key: its values as a tuple, each missing one as None, or (nulls_equal false) NaN
 * as () so that it differs from None. */
static Obj *row_key(Interp *I, Obj *const *cols, int64_t ncols, int64_t i, bool nulls_equal) {
  Obj *t = fe_tuple_new(I, ncols);
  for (int64_t j = 0; t && j < ncols; j++) {
    Obj *v = !pl_col_missing(I, cols[j], i) ? pl_col_item(I, cols[j], i)
             : nulls_equal || (pl_col_is_text(I, cols[j]) && ((List *)cols[j])->v[i] == &I->none)
                 ? (fe_incref(&I->none), &I->none)
                 : fe_tuple_new(I, 0);
    if (!v)
      fe_setref(I, &t, NULL);
    else
      FE_TUPLE(t)->v[j] = v;
  }
  return t;
}

/* keep: 'first', 'last' or False, as 0, 1 or 2; -1 with ValueError. */
static int keep_arg(Interp *I, Obj *keep) {
  if (keep == &I->false_.hd)
    return 2;
  const char *s = FE_IS(keep, str) ? FE_STR(keep)->s : "";
  if (strcmp(s, "first") == 0 || strcmp(s, "last") == 0)
    return s[0] == 'l';
  fe_throw(I, EXC_ValueError, "keep must be either \"first\", \"last\" or False");
  return -1;
}

/* The mask of repeated rows (a new bool array); NULL with an exception. */
static NdArray *repeats(Interp *I, Obj *const *cols, int64_t ncols, int64_t rows, Obj *keep,
                        bool nulls_equal) {
  int how = keep_arg(I, keep);
  Obj *seen = how < 0 ? NULL : fe_dict_new(I);     /* key -> how many rows have it */
  NdArray *mask = seen ? nd_zeros(ND_BOOL, 1, &rows) : NULL;
  bool ok = mask != NULL;
  for (int pass = 0; ok && pass < 1 + (how == 2); pass++)
    for (int64_t k = 0; ok && k < rows; k++) {
      int64_t i = how == 1 ? rows - 1 - k : k;
      Obj *key = row_key(I, cols, ncols, i, nulls_equal);
      int err = 0;
      Obj *count = key ? fe_dict_get(I, seen, key, &err) : NULL;
      int64_t c = count ? ((Int *)count)->v : 0;
      if (pass == 1) {            /* keep=False: every row whose key came more than once */
        ((bool *)mask->data)[i] = c > 1;
      } else {
        ((bool *)mask->data)[i] = c > 0;
        Obj *c1 = key && !err ? fe_int(I, c + 1) : NULL;
        ok = c1 && fe_dict_set(I, seen, key, c1) == 0;
        fe_decref(I, c1);
      }
      ok = ok && key && !err;
      fe_decref(I, key);
    }
  fe_decref(I, seen);
  if (!ok)
    nd_unref(mask);
  return ok ? mask : NULL;
}

/* The columns subset names (None: all; a name or a list of names), each a new reference. */
static Obj **subset_columns(Interp *I, Obj *df, Obj *subset, int64_t *n) {
  Obj *names = subset == &I->none ? (fe_incref(pl_frame_names(df)), pl_frame_names(df))
               : fe_is_seq(I, subset) ? (fe_incref(subset), subset)
                                                             : fe_tuple_pack(I, 1, subset);
  Obj *const *v;
  Obj **cols = names && fe_seq_items(I, names, &v, n)
                   ? base_calloc((size_t)(*n ? *n : 1), sizeof *cols) : NULL;
  bool ok = cols != NULL;
  for (int64_t j = 0; ok && j < *n; j++)
    ok = (cols[j] = pl_frame_column(I, df, v[j])) != NULL;
  fe_decref(I, names);
  if (!ok && cols) {
    for (int64_t j = 0; j < *n; j++)
      fe_decref(I, cols[j]);
    base_free(cols);
    return NULL;
  }
  return cols;
}

/* df's mask of repeated rows (a new bool array). */
static NdArray *frame_repeats(Interp *I, Obj *df, Obj *subset, Obj *keep) {
  int64_t n;
  Obj **cols = subset_columns(I, df, subset, &n);
  NdArray *mask = cols ? repeats(I, cols, n, fe_len(I, df), keep, true) : NULL;
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  base_free(cols);
  return mask;
}

/* mask as a Series labelled by index, or by first, first + 1, ... (mask taken over). */
static Obj *labelled(Interp *I, NdArray *mask, Obj *index, int64_t first, Obj *name) {
  Obj *labels = mask ? pl_labels(I, index, first, mask->size) : NULL;
  Obj *r = labels ? pl_series_make(I, labels, mask, name) : (nd_unref(mask), NULL);
  fe_decref(I, labels);
  return r;
}

/* duplicated(subset=None, keep='first') */
Obj *pl_frame_duplicated(Interp *I, Obj *self, Obj **args) {
  return labelled(I, frame_repeats(I, self, args[0], args[1]), pl_frame_index(self),
                  pl_frame_first(self), &I->none);
}

/* drop_duplicates(subset=None, *, keep='first', inplace=False, ignore_index=False) */
Obj *pl_frame_drop_duplicates(Interp *I, Obj *self, Obj **args) {
  if (fe_truth(I, args[2]) != 0 || fe_truth(I, args[3]) != 0)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "drop_duplicates("
                                            "inplace=True or ignore_index=True) is not supported "
                                            "by nnc yet: assign the result");
  NdArray *mask = frame_repeats(I, self, args[0], args[1]);
  for (int64_t i = 0; mask && i < mask->size; i++)   /* the rows to keep */
    ((bool *)mask->data)[i] = !((bool *)mask->data)[i];
  Obj *kept = pl_array_wrap(I, mask), *r = kept ? pl_frame_rows(I, self, kept) : NULL;
  fe_decref(I, kept);
  return r;
}

/* Series.duplicated(keep='first'): pandas compares a Series' values by hashing, where None
 * and NaN differ (a frame's rows are compared by factorizing, where they do not). */
Obj *pl_series_duplicated(Interp *I, Obj *self, Obj **args) {
  Obj *col = pl_series_column(self);
  NdArray *mask = col ? repeats(I, &col, 1, fe_len(I, col), args[0], false) : NULL;
  fe_decref(I, col);
  int64_t first;
  Obj *index = pl_series_index(self, &first), *name = mask ? fe_getattr_str(I, self, "name") : NULL;
  Obj *r = name ? labelled(I, mask, index, first, name) : (nd_unref(mask), NULL);
  fe_decref(I, name);
  return r;
}
