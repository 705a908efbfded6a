/* pd_sort.c — Series.sort_values, Series.sort_index and DataFrame.sort_values(by), as
 * pandas' nargsort orders rows: the present values sorted (numbers, bools, or text by code
 * point), equal values in the order they came in whichever the direction, then the missing
 * ones (NaN) in their order, last or (na_position='first') first. The labels go with their values unless
 * ignore_index=True numbers the result from 0.
 *
 * Differences from pandas: the sort is always stable; pandas' default kind='quicksort' is
 * stable only up to 16 values (numpy's insertion sort), so ties in longer columns may come
 * out in another order there. DataFrame.sort_values takes one column; inplace=True and
 * key= are refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  double f;           /* a number's value (bools as 0 and 1) */
  int64_t i;          /* an integer's value, compared exactly */
  const char *s;      /* a text value (borrowed from the column), or NULL */
  int64_t pos;        /* the row, which breaks ties */
  int dir;            /* 1 ascending, -1 descending */
} SortKey;

static int key_cmp(const SortKey *a, const SortKey *b) {
  if (a->s)
    return strcmp(a->s, b->s);
  if (a->f != b->f)
    return a->f < b->f ? -1 : 1;
  return (a->i > b->i) - (a->i < b->i);
}

static int by_key(const void *pa, const void *pb) {
  const SortKey *a = pa, *b = pb;
  int c = key_cmp(a, b) * a->dir;
  return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* The present values of column c as keys (n of them) and the missing rows in order;
 * false with an exception. */
static bool collect(Interp *I, Obj *c, int dir, SortKey *keys, int64_t *n, int64_t *missing,
                    int64_t *nmissing) {
  int64_t rows = fe_len(I, c);
  bool text = pl_col_is_text(I, c), ints = !text && nd_dtype_is_int(PL_ND(c)->dtype);
  NdArray *f = text ? NULL : nd_astype(PL_ND(c), ND_FLOAT64);
  NdArray *k = ints ? nd_astype(PL_ND(c), ND_INT64) : NULL;
  if (!text && (!f || (ints && !k))) {
    nd_unref(f), nd_unref(k);
    return pl_nd_raise(I), false;
  }
  *n = *nmissing = 0;
  for (int64_t r = 0; r < rows; r++) {
    Obj *v = text ? ((List *)c)->v[r] : NULL;
    if (pl_col_missing(I, c, r)) {
      missing[(*nmissing)++] = r;
    } else if (text && !FE_ISA(I, v, str)) {
      nd_unref(f), nd_unref(k);
      return fe_throw(I, EXC_TypeError, "'<' not supported between a str and %s in a text "
                      "column", fe_typename(v)), false;
    } else {
      keys[(*n)++] = (SortKey){.f = f ? ((double *)f->data)[r] : 0,
                               .i = k ? ((int64_t *)k->data)[r] : 0,
                               .s = text ? FE_STR(v)->s : NULL, .pos = r, .dir = dir};
    }
  }
  nd_unref(f), nd_unref(k);
  return true;
}

/* The row order that sorts column c: an int64 array wrapped, or NULL with an exception. */
static Obj *sort_order(Interp *I, Obj *c, bool ascending, bool na_first) {
  int64_t rows = fe_len(I, c), n, nm;
  size_t cap = (size_t)(rows ? rows : 1);
  SortKey *keys = base_malloc(cap * sizeof *keys);
  int64_t *missing = keys ? base_malloc(cap * sizeof *missing) : NULL;
  NdArray *order = missing ? nd_empty(ND_INT64, 1, &rows) : NULL;
  if (!order) {
    base_free(keys), base_free(missing);
    return fe_throw(I, EXC_MemoryError, "out of memory");
  }
  Obj *r = NULL;
  if (collect(I, c, ascending ? 1 : -1, keys, &n, missing, &nm)) {
    qsort(keys, (size_t)n, sizeof *keys, by_key);
    int64_t *o = (int64_t *)order->data, at = na_first ? nm : 0;
    for (int64_t i = 0; i < n; i++)
      o[at + i] = keys[i].pos;
    memcpy(o + (na_first ? 0 : n), missing, (size_t)nm * sizeof *missing);
    r = pl_array_wrap(I, nd_ref(order));
  }
  nd_unref(order);
  base_free(keys), base_free(missing);
  return r;
}

/* The options both sort_values share: args from ascending= on, as their signatures order
 * them (ascending, inplace, kind, na_position, ignore_index, key); false with an exception. */
static bool sort_options(Interp *I, Obj **args, bool *ascending, bool *na_first) {
  Obj *a = args[0], *const *v;
  int64_t n;
  if ((FE_IS(a, list) || FE_IS(a, tuple)) && fe_seq_items(I, a, &v, &n) && n == 1)
    a = v[0];   /* one flag per column sorted by, and there is one */
  int asc = fe_truth(I, a);
  if (asc < 0)
    return false;
  if (fe_truth(I, args[1]) != 0 || args[5] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "sort_values(inplace=True, key=) is not "
                    "supported by nnc yet: s = s.sort_values()"), false;
  *na_first = fe_str_is(args[3], "first");
  if (!*na_first && !fe_str_is(args[3], "last")) {
    Obj *s = fe_str(I, args[3]);
    if (s)
      fe_throw(I, EXC_ValueError, "invalid na_position: %s", FE_STR(s)->s);
    fe_decref(I, s);
    return false;
  }
  *ascending = asc == 1;
  return true;
}

/* The rows of Series self in the order of column c; ignore_index numbers them from 0. */
static Obj *series_sorted(Interp *I, Obj *self, Obj *c, Obj **opts) {
  bool ascending, na_first;
  if (!sort_options(I, opts, &ascending, &na_first))
    return NULL;
  Obj *order = sort_order(I, c, ascending, na_first);
  Obj *r = order ? fe_getitem(I, self, order) : NULL;
  if (r && fe_truth(I, opts[4]) == 1) {
    Obj *name = fe_getattr_str(I, self, "name"), *vals = name ? pl_series_column(r) : NULL;
    fe_setref(I, &r, vals ? pl_series_of(I, NULL, 0, vals, name) : NULL);
    fe_decref(I, name), fe_decref(I, vals);
  }
  fe_decref(I, order);
  return r;
}

/* Series.sort_values(axis=0, ascending=True, inplace=False, kind='quicksort',
 * na_position='last', ignore_index=False, key=None) */
Obj *pl_series_sort_values(Interp *I, Obj *self, Obj **args) {
  Obj *c = pl_series_column(self), *r = series_sorted(I, self, c, args + 1);
  fe_decref(I, c);
  return r;
}

/* Series.sort_index(axis=0, level=None, ascending=True, ...): the rows in label order. */
Obj *pl_series_sort_index(Interp *I, Obj *self, Obj **args) {
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "sort_index(level=) is not supported by nnc");
  int64_t first;
  Obj *index = pl_series_index(self, &first);
  Obj *labels = pl_labels(I, index, first, fe_len(I, self));
  Obj *c = labels ? pl_col_of(I, labels) : NULL, *r = c ? series_sorted(I, self, c, args + 2) : NULL;
  fe_decref(I, labels), fe_decref(I, c);
  return r;
}

/* DataFrame.sort_values(by, axis=0, ascending=True, inplace=False, kind='quicksort',
 * na_position='last', ignore_index=False, key=None): the rows in the order of column by. */
Obj *pl_frame_sort_values(Interp *I, Obj *self, Obj **args) {
  Obj *by = args[0], *const *v;
  int64_t nby;
  if (FE_IS(by, list) || FE_IS(by, tuple)) {
    if (!fe_seq_items(I, by, &v, &nby))
      return NULL;
    if (nby != 1)
      return fe_throw(I, EXC_NotImplementedError, "sort_values(by=) of %lld columns is not "
                      "supported by nnc yet: sort by one", (long long)nby);
    by = v[0];
  }
  if (!fe_str_is(args[1], "index") && !(fe_is_int(I, args[1]) && fe_truth(I, args[1]) == 0))
    return fe_throw(I, EXC_NotImplementedError, "sort_values(axis=1) is not supported by nnc "
                    "yet");
  bool ascending, na_first;
  if (!sort_options(I, args + 2, &ascending, &na_first))
    return NULL;
  Obj *s = pl_frame_column(I, self, by), *c = s ? pl_col_of(I, s) : NULL;
  Obj *order = c ? sort_order(I, c, ascending, na_first) : NULL;
  Obj *r = order ? pl_frame_rows(I, self, order) : NULL;
  if (r && fe_truth(I, args[6]) == 1) {
    Obj *labels = pl_labels(I, NULL, 0, fe_len(I, r));
    if (labels)
      pl_frame_set_index(I, r, labels, NULL);
    else
      fe_setref(I, &r, NULL);
    fe_decref(I, labels);
  }
  fe_decref(I, s), fe_decref(I, c), fe_decref(I, order);
  return r;
}
