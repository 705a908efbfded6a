/* pd_describe.c — df.describe(): a frame of each column's summary, as pandas 1.5 gives it.
 *
 * A number column (not bool) gives count, mean, std, min, the quartiles and max, as pandas'
 * nanops compute them; a text or bool column gives count, unique, top (its most frequent
 * value, as value_counts orders them) and freq. Which columns: by default the number ones
 * (all of them when there are none), include='all' every one, include='O' (or 'object', or
 * a list holding one of them) the text ones, include='number' the number ones. With both
 * kinds the rows are the four then the eight, as pandas orders them, each column NaN where
 * its kind has no value. exclude= and percentiles= are refused by name.
 */
#include <math.h>
#include <stdlib.h>

#include "pylib.h"

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* numpy's sum of a float64 array (pairwise), as pandas' nanops take it. */
static double pairwise_sum(const NdArray *a) {
  NdArray *s = nd_reduce(ND_SUM, a, NULL);
  NdScalar v = {0};
  bool ok = s && nd_item(s, &v);
  nd_unref(s);
  return ok ? v.f : NAN;
}

/* The eight statistics describe() gives of a column's non-missing values, as pandas' nanops
 * compute them: count; mean, the pairwise sum with the missing values as 0 over the count;
 * std (ddof 1) from the pairwise sum of (mean - x)^2, 0 where missing; min, the quartiles
 * (linear interpolation), max. NaN for each when memory runs out. */
static void stats(const NdArray *a, double out[8]) {
  NdArray *f = nd_astype(a, ND_FLOAT64);   /* a copy, C-ordered */
  int64_t m = f ? f->size : 0, n = 0;
  NdArray *sq = f ? nd_empty(ND_FLOAT64, 1, &m) : NULL;
  double *present = sq ? base_malloc((size_t)(m ? m : 1) * sizeof *present) : NULL;
  for (int k = 0; k < 8; k++)
    out[k] = NAN;
  if (present) {
    double *v = (double *)f->data, *q = (double *)sq->data;
    for (int64_t i = 0; i < m; i++) {
      q[i] = isnan(v[i]) ? NAN : 0;   /* marks the missing ones for the squares */
      if (!isnan(v[i]))
        present[n++] = v[i];
      v[i] = isnan(v[i]) ? 0 : v[i];
    }
    double mean = n ? pairwise_sum(f) / (double)n : NAN;
    for (int64_t i = 0; i < m; i++)
      q[i] = isnan(q[i]) ? 0 : (mean - v[i]) * (mean - v[i]);
    qsort(present, (size_t)n, sizeof *present, by_value);
    out[0] = (double)n, out[1] = mean;
    out[2] = n > 1 ? sqrt(pairwise_sum(sq) / (double)(n - 1)) : NAN;
    for (int q4 = 0; n > 0 && q4 <= 4; q4++) {
      double pos = (double)(n - 1) * q4 / 4.0;
      int64_t lo = (int64_t)floor(pos);
      out[3 + q4] = lo + 1 < n ? present[lo] + (present[lo + 1] - present[lo]) * (pos - (double)lo)
                               : present[lo];
    }
  }
  base_free(present);
  nd_unref(sq);
  nd_unref(f);
}


typedef enum { NUMBERS, OBJECTS, ALL, DEFAULT } Include;

/* include= as one of the four; false raised for what nnc does not select by. */
static bool include_of(Interp *I, Obj *v, Include *out) {
  Obj *const *items = &v;
  int64_t n = 1;
  if (v == &I->none)
    return *out = DEFAULT, true;
  if (fe_str_is(v, "all"))
    return *out = ALL, true;
  if ((FE_ISA(I, v, list) || FE_ISA(I, v, tuple)) && !fe_seq_items(I, v, &items, &n))
    return false;
  Obj *np = fe_import(I, "numpy"), *number = np ? fe_getattr_str(I, np, "number") : NULL;
  bool objects = false, numbers = false;
  for (int64_t i = 0; number && i < n; i++) {
    Obj *t = items[i];
    objects |= fe_str_is(t, "O") || fe_str_is(t, "object") || t == (Obj *)I->cls_object;
    numbers |= fe_str_is(t, "number") || t == number;
  }
  fe_decref(I, number), fe_decref(I, np);
  if (objects == numbers)
    return I->exc_pending ? false : (fe_throw(I, EXC_NotImplementedError, "describe(include=) "
                                     "takes 'all', 'O' (object) or 'number' in nnc"), false);
  return *out = objects ? OBJECTS : NUMBERS, true;
}

static bool is_number(Interp *I, Obj *col) {
  return !pl_col_is_text(I, col) && PL_ND(col)->dtype != ND_BOOL;
}

/* count, unique, top, freq of column name of df, as objects into out[0..4). */
static bool categories(Interp *I, Obj *df, Obj *name, Obj **out) {
  Obj *s = fe_getitem(I, df, name);
  Obj *counts = s ? fe_call_method(I, s, "value_counts", NULL, 0) : NULL;
  Obj *index = counts ? fe_getattr_str(I, counts, "index") : NULL;
  out[0] = index ? fe_call_method(I, s, "count", NULL, 0) : NULL;
  out[1] = out[0] ? fe_int(I, fe_len(I, counts)) : NULL;
  bool some = out[1] && fe_len(I, counts) > 0;
  Obj *zero = some ? fe_int(I, 0) : NULL;
  Obj *values = zero ? fe_getattr_str(I, counts, "values") : NULL;
  out[2] = !out[1] ? NULL : some ? (zero ? fe_getitem(I, index, zero) : NULL) : fe_float(I, NAN);
  if (out[2] && FE_ISA(I, out[2], bool))   /* kept as text, so the column stays one of objects */
    fe_setref(I, &out[2], fe_str(I, out[2]));
  out[3] = !out[2] ? NULL : some ? (values ? fe_getitem(I, values, zero) : NULL)
                                 : fe_float(I, NAN);
  fe_decref(I, values), fe_decref(I, zero), fe_decref(I, index), fe_decref(I, counts);
  fe_decref(I, s);
  return out[3] != NULL;
}

/* The result's column for col: count, unique, top, freq when cats, then (nums) mean, std,
 * min, the quartiles and max, NaN where col's kind has no value; count once. A number
 * column stays float64, a text or bool one is an object column. */
static Obj *summary(Interp *I, Obj *df, Obj *name, Obj *col, bool cats, bool nums) {
  int64_t rows = cats && nums ? 11 : cats ? 4 : 8;
  if (is_number(I, col)) {
    double v8[8];
    NdArray *v = nd_empty(ND_FLOAT64, 1, &rows);
    if (!v)
      return pl_nd_raise(I);
    stats(PL_ND(col), v8);
    double *out = (double *)v->data;
    for (int64_t k = 0; k < rows; k++)   /* with cats: count, three NaN, then the rest */
      out[k] = !cats ? v8[k] : k == 0 ? v8[0] : k < 4 ? NAN : v8[k - 3];
    return pl_array_wrap(I, v);
  }
  Obj *items = fe_list_new(I, rows);
  bool ok = items && categories(I, df, name, FE_LIST(items)->v);
  for (int64_t k = 4; ok && k < rows; k++)
    ok = (FE_LIST(items)->v[k] = fe_float(I, NAN)) != NULL;
  if (!ok)
    fe_setref(I, &items, NULL);
  return items ? pl_objarray_new(I, 1, &rows, items) : NULL;
}

/* describe(percentiles=None, include=None, exclude=None) */
Obj *pl_frame_describe(Interp *I, Obj *self, Obj **args) {
  static const char *const labels[] = {"count", "unique", "top", "freq", "count", "mean", "std",
                                       "min", "25%", "50%", "75%", "max"};
  if (args[0] != &I->none || args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "describe(percentiles=, exclude=) is not "
                    "supported by nnc yet: the quartiles are given; choose with include=");
  Include inc;
  Obj *const *names;
  int64_t n;
  if (!include_of(I, args[1], &inc) || !fe_seq_items(I, pl_frame_names(self), &names, &n))
    return NULL;
  Obj **cols = base_calloc(2 * (size_t)n + 1, sizeof *cols), **picked = cols ? cols + n : NULL;
  Obj *kept = cols ? fe_list_new(I, 0) : NULL;   /* picked: borrowed from cols */
  bool ok = kept || (fe_nomem(I), false), any_number = false, cats = false, nums = false;
  for (int64_t j = 0; ok && j < n; j++) {
    ok = (cols[j] = pl_frame_column(I, self, names[j])) != NULL;
    any_number |= ok && is_number(I, cols[j]);
  }
  inc = inc == DEFAULT ? (any_number ? NUMBERS : ALL) : inc;
  int64_t m = 0;
  for (int64_t j = 0; ok && j < n; j++) {
    bool number = is_number(I, cols[j]);
    bool take = inc == ALL || (inc == NUMBERS && number) ||
                (inc == OBJECTS && pl_col_is_text(I, cols[j]));
    if (take)
      ok = fe_list_append(I, kept, names[j]) == 0, cats |= !number, nums |= number,
      picked[m++] = cols[j];
  }
  Obj **out = ok ? base_calloc((size_t)m + 1, sizeof *out) : NULL;
  ok = ok && (out || (fe_nomem(I), false));
  for (int64_t j = 0; ok && j < m; j++)
    ok = (out[j] = summary(I, self, FE_LIST(kept)->v[j], picked[j], cats, nums)) != NULL;
  Obj *index = ok ? fe_list_new(I, 0) : NULL, *r = NULL;
  for (int k = cats ? 0 : 4; index && k < (nums ? 12 : 4); k++) {
    if (k == 4 && cats)
      continue;   /* count is said once */
    Obj *l = fe_str_cstr(I, labels[k]);
    if (!l || fe_list_append(I, index, l) < 0)
      fe_setref(I, &index, NULL);
    fe_decref(I, l);
  }
  if (index && (r = pl_frame_from(I, kept, out, fe_len(I, index))))
    pl_frame_set_index(I, r, index, NULL);
  for (int64_t j = 0; out && j < m; j++)
    fe_decref(I, out[j]);
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  base_free(out), base_free(cols), fe_decref(I, kept), fe_decref(I, index);
  return r;
}
