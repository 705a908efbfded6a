/* pd_transpose.c — df.T and df.transpose(): rows become columns, named by the row labels,
 * and the column names become the row labels. Tutorials write df.describe().T to read a
 * wide table's statistics one column per line.
 *
 * The columns take one dtype, as pandas' do: numbers promote as numpy promotes them (ints
 * and floats to float64), and bools stay bools. A frame mixing bools with numbers, or
 * holding text, would give pandas columns of objects, which nnc's arrays cannot hold:
 * refused by name, as is a frame whose row labels repeat (its columns would). */
#include <string.h>

#include "pylib.h"

/* The error, or NULL when df's columns take one dtype. */
static const char *refusal(Interp *I, Obj *df) {
  Obj *const *names;
  int64_t n;
  if (!fe_seq_items(I, pl_frame_names(df), &names, &n))
    return "";
  int bools = 0;
  for (int64_t j = 0; j < n; j++) {
    Obj *c = pl_frame_column(I, df, names[j]);
    bool text = c && pl_col_is_text(I, c), b = c && !text && PL_ND(c)->dtype == ND_BOOL;
    fe_decref(I, c);
    if (!c)
      return "";
    if (text)
      return "df.T of a frame with text columns (dtype object) is not supported by nnc yet";
    bools += b;
  }
  if (bools && bools < n)
    return "df.T of a frame mixing bool and number columns (dtype object) is not supported by "
           "nnc yet";
  return NULL;
}

Obj *pl_frame_transpose(Interp *I, Obj *df) {
  const char *why = refusal(I, df);
  if (why)
    return why[0] ? fe_throw(I, EXC_NotImplementedError, "%s", why) : NULL;
  NdArray *v = pl_frame_values(I, df), *rows = v ? nd_copy(v) : NULL;   /* C order */
  nd_unref(v);
  if (!rows)
    return pl_nd_raise(I);
  int64_t nrows = rows->shape[0], ncols = rows->shape[1];
  size_t bytes = (size_t)ncols * nd_dtype_size(rows->dtype);
  Obj *labels = pl_labels(I, pl_frame_index(df), pl_frame_first(df), nrows);
  Obj *index = labels ? fe_list_from_iter(I, pl_frame_names(df)) : NULL;
  Obj **cols = index ? base_calloc((size_t)(nrows ? nrows : 1), sizeof *cols) : NULL;
  bool ok = cols != NULL;
  for (int64_t i = 0; ok && i < nrows; i++) {   /* row i becomes column i */
    NdArray *c = nd_empty(rows->dtype, 1, &ncols);
    if (c)
      memcpy(c->data, (char *)rows->data + (size_t)i * bytes, bytes);
    ok = (cols[i] = pl_array_wrap(I, c)) != NULL;
  }
  nd_unref(rows);
  Obj *r = ok ? pl_frame_from(I, labels, cols, ncols) : NULL;
  for (int64_t i = 0; cols && i < nrows; i++)
    fe_decref(I, cols[i]);
  base_free(cols);
  fe_decref(I, labels);
  if (r && fe_len(I, pl_frame_names(r)) != nrows) {
    fe_throw(I, EXC_NotImplementedError, "df.T of a frame whose row labels repeat is not "
             "supported by nnc yet");
    fe_setref(I, &r, NULL);
  }
  if (r) {   /* the axes trade their names too */
    pl_frame_set_index(I, r, index, pl_frame_columns_name(df));
    pl_frame_set_axis_name(I, r, true, pl_frame_index_name(df));
  }
  fe_decref(I, index);
  return r;
}
