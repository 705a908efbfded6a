/* pd_reduce.c — a DataFrame's reductions down its columns: sum, mean, median, min, max, std,
 * var, count, nunique, idxmax and idxmin, each a Series labelled by the column names.
 * Tutorials print them to look at a data set (df.mean(), df.isnull().sum(), df.nunique()).
 * idxmax and idxmin also go along the rows (axis='columns'): the name of each row's extreme
 * column, as a classifier's table of class probabilities becomes its predicted classes.
 *
 * Each column is reduced by the Series method of the same name, so a frame's numbers are
 * exactly its columns'. The Series of results holds ints when every result is an int, bools
 * when every one is a bool (min and max of bool columns), else float64. Text columns: count
 * and nunique take them; the others leave them out with numeric_only=True and otherwise
 * raise TypeError, as pandas 2 does (pandas 1.5 left them out with a FutureWarning). min and
 * max of bools beside numbers, which pandas holds as objects, are refused by name. */
#include <math.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  const char *name;
  bool text;          /* takes text columns */
  bool labels;        /* gives row labels (idxmax, idxmin), kept as they are */
} Reduction;

NdArray *pl_reduced_array(Interp *I, Obj *results, const char *fn) {
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, results, &v, &n))
    return NULL;
  int64_t bools = 0, ints = 0;
  for (int64_t i = 0; i < n; i++) {
    NdArray *a = pl_is_array(v[i]) ? PL_ND(v[i]) : NULL;
    bool b = FE_ISA(I, v[i], bool) || (a && a->dtype == ND_BOOL);
    bools += b;
    ints += !b && (FE_ISA(I, v[i], int) || (a && nd_dtype_is_int(a->dtype)));
  }
  if (bools && bools < n) {
    fe_throw(I, EXC_NotImplementedError, "DataFrame.%s of bool columns beside numbers (dtype "
             "object) is not supported by nnc yet", fn);
    return NULL;
  }
  NdDtype t = n && bools == n ? ND_BOOL : n && ints == n ? ND_INT64 : ND_FLOAT64;
  return pl_array_of(I, results, t, true);
}

static bool all_numbers(Interp *I, Obj *list) {
  Obj *const *v;
  int64_t n;
  bool all = fe_seq_items(I, list, &v, &n);
  for (int64_t i = 0; all && i < n; i++)
    all = fe_is_number(I, v[i]);
  return all;
}

/* df.fn() down the columns; axis is the call's (None, 0 or 'index'). */
static Obj *reduce(Interp *I, Obj *df, Obj *axis, bool numeric_only, Reduction r) {
  const char *fn = r.name;
  if (axis != &I->none && !(FE_IS(axis, int) && ((Int *)axis)->v == 0) &&
      !(FE_IS(axis, str) && strcmp(FE_STR(axis)->s, "index") == 0))
    return fe_throw(I, EXC_NotImplementedError, "DataFrame.%s along the rows (axis=1) is not "
                    "supported by nnc yet", fn);
  Obj *const *names;
  int64_t n;
  if (!fe_seq_items(I, pl_frame_names(df), &names, &n))
    return NULL;
  Obj *kept = fe_list_new(I, 0), *results = kept ? fe_list_new(I, 0) : NULL;
  for (int64_t j = 0; results && j < n; j++) {
    Obj *col = pl_frame_column(I, df, names[j]);
    bool text = col && pl_col_is_text(I, col), skip = text && !r.text && numeric_only;
    if (text && !r.text && !numeric_only) {
      Obj *s = fe_str(I, names[j]);
      if (s)
        fe_throw(I, EXC_TypeError, "DataFrame.%s of the text column '%s' (dtype object): "
                 "select the numeric columns, or give numeric_only=True", fn, FE_STR(s)->s);
      fe_decref(I, s);
      fe_setref(I, &col, NULL);
    }
    Obj *series = col && !skip ? pl_series_of(I, pl_frame_index(df), pl_frame_first(df), col,
                                               &I->none) : NULL;
    Obj *method = series ? fe_getattr_str(I, series, fn) : NULL;
    Obj *v = method ? fe_call(I, method, NULL, 0, NULL) : NULL;
    if (!skip && (!v || fe_list_append(I, kept, names[j]) < 0 ||
                  fe_list_append(I, results, v) < 0))
      fe_setref(I, &results, NULL);
    fe_decref(I, v), fe_decref(I, method), fe_decref(I, series), fe_decref(I, col);
  }
  bool text = results && r.labels && !all_numbers(I, results);   /* labels that are strs */
  NdArray *a = results && !text ? pl_reduced_array(I, results, fn) : NULL;
  Obj *out = a ? pl_series_make(I, kept, a, &I->none)
             : text ? pl_series_of(I, kept, 0, results, &I->none) : NULL;
  fe_decref(I, results);
  fe_decref(I, kept);
  return out;
}

/* The reductions of numbers: (axis=None, skipna=True, numeric_only=False, **kwargs). */
static Obj *numeric(Interp *I, Obj *self, Obj **args, const char *fn) {
  int numeric_only = fe_truth(I, args[2]);
  return numeric_only < 0 ? NULL
                          : reduce(I, self, args[0], numeric_only, (Reduction){.name = fn});
}

Obj *pl_frame_sum(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "sum"); }
Obj *pl_frame_mean(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "mean"); }
Obj *pl_frame_median(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "median"); }
Obj *pl_frame_min(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "min"); }
Obj *pl_frame_max(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "max"); }
Obj *pl_frame_std(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "std"); }
Obj *pl_frame_var(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "var"); }

Obj *pl_frame_count(Interp *I, Obj *self, Obj **args) {   /* (axis=0, numeric_only=False) */
  int numeric_only = fe_truth(I, args[1]);
  return numeric_only < 0 ? NULL
                          : reduce(I, self, args[0], numeric_only,
                                   (Reduction){.name = "count", .text = true});
}

Obj *pl_frame_nunique(Interp *I, Obj *self, Obj **args) {  /* (axis=0, dropna=True) */
  if (fe_truth(I, args[1]) != 1)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "DataFrame.nunique("
                                            "dropna=False) is not supported by nnc yet");
  return reduce(I, self, args[0], false, (Reduction){.name = "nunique", .text = true});
}

/* Is axis the rows' direction (1 or 'columns'), not the columns' (None, 0 or 'index')? */
static int along_rows(Interp *I, Obj *axis) {
  if (axis == &I->none || (FE_IS(axis, int) && ((Int *)axis)->v == 0) || fe_str_is(axis, "index"))
    return 0;
  if ((FE_IS(axis, int) && ((Int *)axis)->v == 1) || fe_str_is(axis, "columns"))
    return 1;
  fe_throw(I, EXC_ValueError, "No axis named %s for object type DataFrame",
           FE_IS(axis, str) ? FE_STR(axis)->s : "given");
  return -1;
}

/* The name of each row's first largest (max) or smallest present value, NaN where none is
 * (or, skipna false, one is missing), as a Series labelled as the frame's rows. */
static Obj *row_extremes(Interp *I, Obj *df, int skipna, bool max) {
  Obj *const *names;
  int64_t ncols, nrows = -1;
  if (!fe_seq_items(I, pl_frame_names(df), &names, &ncols))
    return NULL;
  NdArray **cols = base_calloc((size_t)ncols + 1, sizeof *cols);
  bool ok = cols != NULL;
  for (int64_t j = 0; ok && j < ncols; j++) {
    Obj *col = pl_frame_column(I, df, names[j]);
    ok = col != NULL;
    if (ok && pl_col_is_text(I, col)) {
      fe_throw(I, EXC_TypeError, "reduction operation '%s' not allowed for this dtype",
               max ? "argmax" : "argmin");
      ok = false;
    }
    if (ok && !(cols[j] = nd_astype(PL_ND(col), ND_FLOAT64))) {
      pl_nd_raise(I);
      ok = false;
    }
    nrows = ok ? cols[j]->size : nrows;
    fe_decref(I, col);
  }
  Obj *out = ok ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; out && i < nrows; i++) {
    int64_t at = -1;
    bool gap = false;
    for (int64_t j = 0; j < ncols; j++) {
      double x = ((double *)cols[j]->data)[i], best = at < 0 ? 0 : ((double *)cols[at]->data)[i];
      gap = gap || isnan(x);
      if (!isnan(x) && (at < 0 || (max ? x > best : x < best)))
        at = j;
    }
    bool none = at < 0 || (gap && !skipna);
    Obj *v = none ? fe_float(I, NAN) : names[at];
    if (v && !none)
      fe_incref(v);
    if (!v || fe_list_append(I, out, v) < 0)
      fe_setref(I, &out, NULL);
    fe_decref(I, v);
  }
  for (int64_t j = 0; cols && j < ncols; j++)
    nd_unref(cols[j]);
  base_free(cols);
  if (!cols)
    return fe_nomem(I);
  Obj *r = out ? pl_series_of(I, pl_frame_index(df), pl_frame_first(df), out, &I->none) : NULL;
  fe_decref(I, out);
  return r;
}

/* idxmax(axis=0, skipna=True, numeric_only=False), idxmin: down the columns, each column's
 * label of its extreme (Series.idxmax); along the rows, row_extremes. */
static Obj *extreme_labels(Interp *I, Obj *self, Obj **args, bool max) {
  int rows = along_rows(I, args[0]), skipna = fe_truth(I, args[1]), numeric_only;
  if (rows < 0 || skipna < 0 || (numeric_only = fe_truth(I, args[2])) < 0)
    return NULL;
  if (rows)
    return row_extremes(I, self, skipna, max);
  if (!skipna)
    return fe_throw(I, EXC_NotImplementedError, "DataFrame.%s(skipna=False) down the columns "
                    "is not supported by nnc yet", max ? "idxmax" : "idxmin");
  return reduce(I, self, &I->none, numeric_only,
                (Reduction){.name = max ? "idxmax" : "idxmin", .labels = true});
}

Obj *pl_frame_idxmax(Interp *I, Obj *self, Obj **args) {
  return extreme_labels(I, self, args, true);
}

Obj *pl_frame_idxmin(Interp *I, Obj *self, Obj **args) {
  return extreme_labels(I, self, args, false);
}
