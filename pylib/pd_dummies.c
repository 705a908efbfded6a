/* pd_dummies.c — pandas.get_dummies, as pandas 1.5 encodes: one column per distinct value
 * (sorted), 1 where a row holds it and 0 elsewhere (a missing value is 0 everywhere), uint8
 * unless dtype= says otherwise. A Series' columns are named by the values themselves, or
 * prefix + prefix_sep + value; a DataFrame's text columns (or those columns= names) are
 * replaced by theirs, named column + '_' + value, after the columns left as they were. */
#include "pylib.h"

/* The sorted distinct present values of column c, as a list. */
static Obj *categories(Interp *I, Obj *c) {
  int64_t n = fe_len(I, c);
  Obj *seen = fe_dict_new(I), *out = seen ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; out && i < n; i++) {
    if (pl_col_missing(I, c, i))
      continue;
    Obj *v = pl_col_item(I, c, i);
    int err = 0;
    bool fresh = v && !fe_dict_get(I, seen, v, &err) && !err;
    if (!v || err || (fresh && (fe_dict_set(I, seen, v, v) < 0 || fe_list_append(I, out, v) < 0)))
      fe_setref(I, &out, NULL);
    fe_decref(I, v);
  }
  fe_decref(I, seen);
  Obj *sorted = out ? fe_call_method(I, out, "sort", NULL, 0) : NULL;
  if (!sorted)
    fe_setref(I, &out, NULL);
  fe_decref(I, sorted);
  return out;
}

/* A dummy column's name: the value, or prefix + sep + str(value). */
static Obj *dummy_name(Interp *I, Obj *prefix, Obj *sep, Obj *value) {
  if (prefix == &I->none) {
    fe_incref(value);
    return value;
  }
  BaseBuf b = {0};
  if (!fe_sb_str(I, &b, prefix) || !fe_sb_str(I, &b, sep) || !fe_sb_str(I, &b, value)) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

/* Appends column c's dummies (names and columns) to the lists names and cols. */
static bool encode(Interp *I, Obj *c, Obj *prefix, Obj *sep, bool drop_first, NdDtype t,
                   Obj *names, Obj *cols) {
  Obj *cats = categories(I, c);
  int64_t n = fe_len(I, c), k = cats ? fe_len(I, cats) : 0;
  bool ok = cats != NULL;
  for (int64_t j = drop_first ? 1 : 0; ok && j < k; j++) {
    Obj *cat = ((List *)cats)->v[j];
    NdArray *ones = nd_zeros(ND_FLOAT64, 1, &n);
    for (int64_t i = 0; ones && i < n; i++) {
      Obj *v = pl_col_missing(I, c, i) ? NULL : pl_col_item(I, c, i);
      int eq = v ? fe_eq(I, v, cat) : 0;
      fe_decref(I, v);
      ((double *)ones->data)[i] = eq == 1;
    }
    NdArray *typed = ones && !I->exc_pending ? nd_astype(ones, t) : NULL;
    nd_unref(ones);
    Obj *col = typed ? pl_array_wrap(I, typed) : NULL, *name = col ? dummy_name(I, prefix, sep, cat) : NULL;
    ok = name && fe_list_append(I, names, name) == 0 && fe_list_append(I, cols, col) == 0;
    if (!typed && !I->exc_pending)
      pl_nd_raise(I);
    fe_decref(I, col), fe_decref(I, name);
  }
  fe_decref(I, cats);
  return ok;
}

/* The prefix of a frame's column `name` at place j among those encoded: the column's name,
 * or prefix= (one str for all, a list by place, a dict by name); a new reference. */
static Obj *prefix_of(Interp *I, Obj *prefix, Obj *name, int64_t j) {
  if (prefix == &I->none || FE_IS(prefix, str)) {
    Obj *p = prefix == &I->none ? name : prefix;
    fe_incref(p);
    return p;
  }
  if (FE_IS(prefix, dict))
    return fe_getitem(I, prefix, name);
  Obj *at = fe_int(I, j), *r = at ? fe_getitem(I, prefix, at) : NULL;
  fe_decref(I, at);
  return r;
}

/* A frame's get_dummies: the columns kept, then the dummies of the encoded ones (columns='
 * in its order, else the text columns in the frame's). */
static Obj *frame_dummies(Interp *I, Obj *frame, Obj **args, NdDtype t) {
  Obj *prefix = args[1], *sep = args[2], *columns = args[4];
  Obj *const *names;
  int64_t n;
  if (!fe_seq_items(I, pl_frame_names(frame), &names, &n))
    return NULL;
  Obj *kept = fe_list_new(I, 0), *kcols = kept ? fe_list_new(I, 0) : NULL;
  Obj *dnames = kcols ? fe_list_new(I, 0) : NULL, *dcols = dnames ? fe_list_new(I, 0) : NULL;
  Obj *encoded = !dcols ? NULL : columns == &I->none ? fe_list_new(I, 0)
                                                    : fe_list_from_iter(I, columns);
  bool ok = encoded != NULL;
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = pl_frame_column(I, frame, names[j]);
    int in = !c ? -1 : columns == &I->none ? pl_col_is_text(I, c) : fe_contains(I, columns, names[j]);
    ok = in == 0 ? fe_list_append(I, kept, names[j]) == 0 && fe_list_append(I, kcols, c) == 0
                 : in == 1 && (columns != &I->none || fe_list_append(I, encoded, names[j]) == 0);
    fe_decref(I, c);
  }
  for (int64_t j = 0; ok && j < FE_LIST(encoded)->n; j++) {
    Obj *name = FE_LIST(encoded)->v[j], *c = pl_frame_column(I, frame, name);
    Obj *p = c ? prefix_of(I, prefix, name, j) : NULL;
    ok = p && encode(I, c, p, sep, fe_truth(I, args[6]) == 1, t, dnames, dcols);
    fe_decref(I, c), fe_decref(I, p);
  }
  fe_decref(I, encoded);
  Obj *r = NULL;
  for (int64_t j = 0; ok && j < fe_len(I, dnames); j++)
    ok = fe_list_append(I, kept, ((List *)dnames)->v[j]) == 0 &&
         fe_list_append(I, kcols, ((List *)dcols)->v[j]) == 0;
  if (ok) {
    r = pl_frame_from(I, kept, ((List *)kcols)->v, fe_len(I, frame));
    if (r)
      pl_frame_take_labels(I, r, frame);
  }
  fe_decref(I, kept), fe_decref(I, kcols), fe_decref(I, dnames), fe_decref(I, dcols);
  return r;
}

/* get_dummies(data, prefix=None, prefix_sep='_', dummy_na=False, columns=None,
 * sparse=False, drop_first=False, dtype=None) */
Obj *pl_get_dummies(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *data = args[0];
  if (fe_truth(I, args[3]) != 0 || fe_truth(I, args[5]) != 0)
    return fe_throw(I, EXC_NotImplementedError, "get_dummies(dummy_na=True, sparse=True) is not "
                    "supported by nnc yet");
  NdDtype t = ND_UINT8;
  if (args[7] != &I->none && !pl_dtype_of(I, args[7], &t))
    return NULL;
  if (pl_is_frame(data) && data->cls->layout != &pl_series_layout)
    return frame_dummies(I, data, args, t);
  Obj *c = pl_col_of(I, data);
  Obj *names = c ? fe_list_new(I, 0) : NULL, *cols = names ? fe_list_new(I, 0) : NULL;
  Obj *prefix = args[1] != &I->none ? args[1] : NULL;
  Obj *r = NULL;
  if (cols && encode(I, c, prefix ? prefix : &I->none, args[2], fe_truth(I, args[6]) == 1, t,
                     names, cols)) {
    r = pl_frame_from(I, names, ((List *)cols)->v, fe_len(I, c));
    if (r && data->cls->layout == &pl_series_layout)
      pl_frame_take_labels(I, r, data);
  }
  fe_decref(I, c), fe_decref(I, names), fe_decref(I, cols);
  return r;
}
