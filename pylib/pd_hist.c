/* pd_hist.c — df.hist(): a histogram of each number column, on a grid of axes of one new
 * figure, as tutorials look at every feature's distribution before scaling it.
 *
 * As pandas 1.5 draws it: the columns holding numbers (not bools, not text), or those
 * column= names, in order; a grid of pandas' layout (1x1, 1x2, 2x2, 2x2, then the least k x
 * (k-1) or k x k that holds them) or layout= (one side may be -1); each axes titled with its
 * column's name, a grid unless grid=False, and the column's present values as Axes.hist
 * draws them with bins= and hist's other keywords (edgecolor=, color=, alpha=, ...). The
 * result is pandas' 2-D array of axes.
 *
 * pandas' wider gaps between the axes (subplots_adjust(wspace=0.3, hspace=0.3)) are made.
 * A difference from pandas, said here because it shows: a place of the grid past the last
 * column holds None (pandas makes an axes there and hides it). by=, ax=, sharex=, sharey=,
 * legend= and the label sizes and rotations are refused by name. */
#include "pylib.h"

/* pandas' grid for n plots (plotting/_matplotlib/tools.py, _get_layout), or layout's. */
static bool layout_of(Interp *I, Obj *layout, int64_t n, int64_t *rows, int64_t *cols) {
  static const int64_t small[5][2] = {{1, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 2}};
  if (layout == &I->none) {
    int64_t k = 1;
    while (k * k < n)
      k++;
    *rows = n <= 4 ? small[n][0] : k, *cols = n <= 4 ? small[n][1] : (k - 1) * k >= n ? k - 1 : k;
    return true;
  }
  Obj *const *v;
  int64_t len;
  if (!fe_seq_items(I, layout, &v, &len) || len != 2 || !FE_IS(v[0], int) || !FE_IS(v[1], int))
    return fe_throw(I, EXC_ValueError, "Layout must be a tuple of (rows, columns)"), false;
  *rows = ((Int *)v[0])->v, *cols = ((Int *)v[1])->v;
  if (*rows == -1 && *cols > 0)
    *rows = (n + *cols - 1) / *cols;
  else if (*cols == -1 && *rows > 0)
    *cols = (n + *rows - 1) / *rows;
  if (*rows <= 0 || *cols <= 0 || *rows * *cols < n)
    return fe_throw(I, EXC_ValueError, "Layout of %lldx%lld must be larger than required size "
                    "%lld", (long long)*rows, (long long)*cols, (long long)n), false;
  return true;
}

/* The names of the columns drawn: column='a' or a list, else every number column. */
static Obj *drawn_columns(Interp *I, Obj *df, Obj *column) {
  Obj *names = column == &I->none ? fe_list_from_iter(I, pl_frame_names(df))
               : fe_is_seq(I, column) ? fe_list_from_iter(I, column)
                                                             : fe_tuple_pack(I, 1, column);
  Obj *kept = names ? fe_list_new(I, 0) : NULL, *const *v;
  int64_t n;
  bool ok = kept && fe_seq_items(I, names, &v, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = pl_frame_column(I, df, v[j]);
    bool number = c && !pl_col_is_text(I, c) && PL_ND(c)->dtype != ND_BOOL;
    ok = c && (!number || fe_list_append(I, kept, v[j]) == 0);
    fe_decref(I, c);
  }
  fe_decref(I, names);
  if (!ok)
    fe_setref(I, &kept, NULL);
  return kept;
}

/* Draws column name's present values on ax: ax.hist(values, bins=bins, **kwargs), titled. */
static bool draw(Interp *I, Obj *df, Obj *name, Obj *ax, Obj *bins, Obj *kwargs, Obj *grid) {
  Obj *col = pl_frame_column(I, df, name), *values = col ? pl_col_present(I, col) : NULL;
  Obj *kw = values ? pl_kwargs_with(I, kwargs, "bins", bins) : NULL;
  Obj *title = kw ? fe_str(I, name) : NULL;
  bool ok = title && pl_call_kw(I, ax, "hist", &values, 1, kw) &&
            pl_call_kw(I, ax, "set_title", &title, 1, NULL) &&
            pl_call_kw(I, ax, "grid", &grid, 1, NULL);
  fe_decref(I, title), fe_decref(I, kw), fe_decref(I, values);
  fe_decref(I, col);
  return ok;
}

/* hist(column=None, by=None, grid=True, xlabelsize=None, xrot=None, ylabelsize=None,
 * yrot=None, ax=None, sharex=False, sharey=False, figsize=None, layout=None, bins=10,
 * backend=None, legend=False, **kwargs) */
Obj *pl_frame_hist(Interp *I, Obj *self, Obj **args) {
  static const int refused[] = {1, 3, 4, 5, 6, 7, 13};
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
    if (args[refused[i]] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "DataFrame.hist(by=, ax=, backend= or the "
                      "label sizes and rotations) is not supported by nnc yet");
  if (fe_truth(I, args[8]) != 0 || fe_truth(I, args[9]) != 0 || fe_truth(I, args[14]) != 0)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "DataFrame.hist("
                                            "sharex=, sharey=, legend=) is not supported by nnc "
                                            "yet");
  Obj *names = drawn_columns(I, self, args[0]), *const *v;
  int64_t n = 0, rows, cols;
  double w, h;
  if (!names || !fe_seq_items(I, names, &v, &n) || !layout_of(I, args[11], n, &rows, &cols) ||
      !pl_figsize(I, args[10], &w, &h)) {
    fe_decref(I, names);
    return NULL;
  }
  if (n == 0) {
    fe_decref(I, names);
    return fe_throw(I, EXC_ValueError, "hist method requires numerical or datetime columns, "
                    "nothing to plot.");
  }
  Obj *fig = pl_figure_new(I, w, h), *axes = fig ? fe_list_new(I, 0) : NULL;
  if (fig)
    ((PlFigure *)fig)->f->sp.wspace = ((PlFigure *)fig)->f->sp.hspace = 0.3;
  for (int64_t i = 0; axes && i < rows * cols; i++) {
    Obj *ax = i < n ? pl_subplot_of(I, fig, (int)rows, (int)cols, (int)(i + 1)) : &I->none;
    if (ax == &I->none)
      fe_incref(ax);
    if (!ax || (i < n && !draw(I, self, v[i], ax, args[12], args[15], args[2])) ||
        fe_list_append(I, axes, ax) < 0)
      fe_setref(I, &axes, NULL);
    fe_decref(I, ax);
  }
  fe_decref(I, fig);
  fe_decref(I, names);
  int64_t shape[2] = {rows, cols};
  return axes ? pl_objarray_new(I, 2, shape, axes) : NULL;
}
