/* seaborn_box.c — seaborn's boxplot, as seaborn 0.12 draws it: how tutorials look for
 * outliers in each feature (sns.boxplot(data=df)) or compare a feature across classes
 * (sns.boxplot(x='Outcome', y='Glucose', data=df)).
 *
 * The boxes: a frame's number columns (or a 2-d array's columns) side by side; or a number
 * variable grouped by a categorical one, its categories ordered as countplot orders them
 * (order= else); or one variable alone. They run vertically unless the categories are on y
 * (text y, or orient='h'), or x alone is given. Each box is matplotlib's (quartiles, whiskers
 * within whis box heights, the values beyond as fliers, missing values left out), width wide
 * at 0, 1, ...: filled in the next desaturated colour, its outline, whiskers, caps and median
 * in one grey (0.6 of the darkest colour's lightness) linewidth wide, the fliers thin grey
 * diamonds of fliersize points. The categorical axis runs from -0.5 to n - 0.5 (downwards
 * when it is y), its ticks named by the categories, and the axes by the variables.
 */
#include <math.h>

#include "pylib.h"

/* boxplot's arguments, in its signature's order. */
enum { DATA, X, Y, HUE, ORDER, HUE_ORDER, ORIENT, COLOR, PALETTE, SATURATION, WIDTH, DODGE,
       FLIERSIZE, LINEWIDTH, WHIS, AX, KWARGS };

typedef struct {
  NdArray **sets;     /* owned: each box's values, float64 */
  int64_t n;
  Obj *names;         /* list of each box's tick label */
  Obj *xname, *yname; /* the axes' names (None: none) */
  bool horizontal;
} Boxes;

static void boxes_free(Interp *I, Boxes *b) {
  for (int64_t i = 0; b->sets && i < b->n; i++)
    nd_unref(b->sets[i]);
  base_free(b->sets);
  fe_decref(I, b->names), fe_decref(I, b->xname), fe_decref(I, b->yname);
}

/* A set's present values (NaN left out), float64; NULL raised. */
static NdArray *present(Interp *I, NdArray *all) {
  NdArray *r = pl_seaborn_present(all);
  if (!r)
    pl_nd_raise(I);
  return r;
}

/* Room for n boxes and their names; false raised. */
static bool make_room(Interp *I, Boxes *b, int64_t n) {
  b->n = n, b->names = fe_list_new(I, 0);
  b->sets = base_calloc((size_t)(n ? n : 1), sizeof *b->sets);
  return (b->names && b->sets) || (fe_nomem(I), false);
}

/* Wide form: a box per number column of a frame, or per column of a 2-d array. */
static bool wide(Interp *I, Obj *data, Boxes *b) {
  bool frame = pl_is_frame(data) && data->cls == pl_state(I)->pd_frame;
  Obj *cols = frame ? fe_list_new(I, 0) : NULL;
  for (int64_t j = 0; cols && j < FE_LIST(pl_frame_names(data))->n; j++) {
    Obj *name = FE_LIST(pl_frame_names(data))->v[j], *c = pl_frame_column(I, data, name);
    if (!c || (!pl_col_is_text(I, c) && fe_list_append(I, cols, name) < 0))
      fe_setref(I, &cols, NULL);
    fe_decref(I, c);
  }
  if (frame && !cols)
    return false;
  NdArray *a = frame ? NULL : pl_seaborn_floats(I, data);
  if (!frame && (!a || a->ndim != 2)) {
    if (a)
      fe_throw(I, EXC_NotImplementedError, "boxplot of wide-form data takes a DataFrame or a "
               "2-d array in nnc, found %d dimensions", a->ndim);
    nd_unref(a);
    return false;
  }
  int64_t n = frame ? FE_LIST(cols)->n : a->shape[1], rows = frame ? 0 : a->shape[0];
  bool ok = make_room(I, b, n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *name = frame ? (fe_incref(FE_LIST(cols)->v[j]), FE_LIST(cols)->v[j]) : fe_int(I, j);
    Obj *s = name && frame ? fe_getitem(I, data, name) : NULL;
    NdArray *all = s ? pl_seaborn_floats(I, s) : frame ? NULL : nd_empty(ND_FLOAT64, 1, &rows);
    for (int64_t i = 0; !frame && all && i < rows; i++)
      ((double *)all->data)[i] = ((double *)a->data)[i * n + j];
    Obj *text = all ? fe_str(I, name) : NULL;
    ok = text && fe_list_append(I, b->names, text) == 0 && (b->sets[j] = present(I, all));
    if (!frame && !all)
      pl_nd_raise(I);
    nd_unref(all), fe_decref(I, text), fe_decref(I, s), fe_decref(I, name);
  }
  nd_unref(a), fe_decref(I, cols);
  fe_incref(b->xname = &I->none), fe_incref(b->yname = &I->none);
  return ok;
}

/* Long form: the number variable num grouped by the categories of cat (order= else, as
 * countplot orders them); or, with no cat, num alone in one box named ''. */
static bool grouped(Interp *I, Obj *num, Obj *cat, Obj *order, Boxes *b) {
  NdArray *v = pl_seaborn_floats(I, num);
  if (!v)
    return false;
  if (!cat) {
    Obj *blank = fe_str_cstr(I, "");
    bool ok = blank && make_room(I, b, 1) && fe_list_append(I, b->names, blank) == 0 &&
              (b->sets[0] = present(I, v));
    fe_decref(I, blank), nd_unref(v);
    return ok;
  }
  PlCategories c = {NULL, NULL};
  Obj *rows = pl_seaborn_categories(I, cat, order, &c) ? fe_list_from_iter(I, cat) : NULL;
  bool ok = rows && make_room(I, b, FE_LIST(c.keys)->n);
  if (ok && FE_LIST(rows)->n != v->size) {
    fe_throw(I, EXC_ValueError, "x and y have %lld and %lld values",
             (long long)FE_LIST(rows)->n, (long long)v->size);
    ok = false;
  }
  int64_t *of = ok ? base_malloc(sizeof *of * (size_t)(v->size + 1)) : NULL;
  ok = ok && (of || (fe_nomem(I), false));
  for (int64_t i = 0; ok && i < v->size; i++)
    ok = (of[i] = pl_seaborn_key_index(I, c.keys, FE_LIST(rows)->v[i])) >= -1;
  for (int64_t j = 0; ok && j < b->n; j++) {
    int64_t k = 0;
    for (int64_t i = 0; i < v->size; i++)
      k += of[i] == j && !isnan(((double *)v->data)[i]);
    ok = (b->sets[j] = nd_empty(ND_FLOAT64, 1, &k)) != NULL || (pl_nd_raise(I), false);
    for (int64_t i = 0, m = 0; ok && i < v->size; i++)
      if (of[i] == j && !isnan(((double *)v->data)[i]))
        ((double *)b->sets[j]->data)[m++] = ((double *)v->data)[i];
  }
  if (ok)
    fe_list_extend(I, b->names, c.keys);
  base_free(of), fe_decref(I, rows), nd_unref(v);
  fe_decref(I, c.keys), base_free(c.count);
  return ok;
}

/* The boxes the arguments ask for, and which way they run. */
static bool boxes_of(Interp *I, Obj **args, Boxes *b) {
  Obj *x = NULL, *y = NULL;
  bool ok = true;
  if (args[X] == &I->none && args[Y] == &I->none) {
    b->horizontal = fe_str_is(args[ORIENT], "h");
    return wide(I, args[DATA], b);
  }
  ok = (args[X] == &I->none || (x = pl_seaborn_variable(I, args[DATA], args[X], &b->xname))) &&
       (args[Y] == &I->none || (y = pl_seaborn_variable(I, args[DATA], args[Y], &b->yname)));
  if (ok && !b->xname)
    fe_incref(b->xname = &I->none);
  if (ok && !b->yname)
    fe_incref(b->yname = &I->none);
  Obj *yc = y ? pl_col_of(I, y) : NULL;
  bool text_y = yc && pl_col_is_text(I, yc);
  ok = ok && (!y || yc);
  fe_decref(I, yc);
  /* seaborn's orient: given, else h when x alone or y holds the categories (text) */
  b->horizontal = ok && (fe_str_is(args[ORIENT], "h") ||
                         (args[ORIENT] == &I->none && (!y || text_y)));
  ok = ok && grouped(I, b->horizontal ? x : y, b->horizontal ? y : x, args[ORDER], b);
  fe_decref(I, x), fe_decref(I, y);
  return ok;
}

/* boxplot(data=None, *, x=None, y=None, hue=None, order=None, hue_order=None, orient=None,
 * color=None, palette=None, saturation=0.75, width=0.8, dodge=True, fliersize=5,
 * linewidth=None, whis=1.5, ax=None, **kwargs) */
Obj *pl_seaborn_boxplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const int refused[] = {HUE, HUE_ORDER};
  static const char *const names[] = {"hue=", "hue_order="};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++)
    if (args[refused[k]] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "boxplot(%s) is not supported by nnc yet: "
                      "give data, x, y, order, orient, color, palette, saturation, width, "
                      "fliersize, linewidth, whis or ax",
                      names[k]);
  if (fe_len(I, args[KWARGS]) > 0)
    return fe_throw(I, EXC_NotImplementedError, "boxplot's matplotlib keywords are not "
                    "supported by nnc yet");
  if (args[ORIENT] != &I->none && !fe_str_is(args[ORIENT], "h") && !fe_str_is(args[ORIENT], "v"))
    return fe_throw(I, EXC_ValueError, "orient must be 'v' or 'h'");
  double width, whis, size, saturation, lw = 1.5; /* lines.linewidth */
  if (fe_as_double(I, args[WIDTH], &width) < 0 || fe_as_double(I, args[WHIS], &whis) < 0 ||
      fe_as_double(I, args[FLIERSIZE], &size) < 0 ||
      fe_as_double(I, args[SATURATION], &saturation) < 0 ||
      (args[LINEWIDTH] != &I->none && fe_as_double(I, args[LINEWIDTH], &lw) < 0))
    return NULL;
  Boxes b = {0};
  uint32_t grey = 0;
  uint32_t *colors = boxes_of(I, args, &b) ? pl_seaborn_level_colors(I, args[COLOR],
                                                                     args[PALETTE], b.names,
                                                                     false, saturation, &grey)
                                           : NULL;
  Obj *axes = colors ? pl_seaborn_axes(I, args[AX]) : NULL;
  FmtAxes *ax = axes ? ((PlAxes *)axes)->ax : NULL;
  bool ok = ax != NULL;
  for (int64_t i = 0; ok && i < b.n; i++) {
    PlBoxStyle st = {.whis = whis, .lw = lw, .horizontal = b.horizontal, .filled = true,
                     .fill = colors[i], .flier = 'd', .flier_size = size,
                     .flier_filled = true, .flier_fill = grey};
    ok = pl_draw_box(ax, b.sets[i], (double)i, width, grey, &st) || (fe_nomem(I), false);
  }
  int k = b.horizontal;   /* the categorical axis */
  if (ok) {
    ax->has_lim[k] = true;
    ax->lim[k][0] = k ? (double)b.n - 0.5 : -0.5, ax->lim[k][1] = k ? -0.5 : (double)b.n - 0.5;
    Obj *ticks[2] = {pl_range_list(I, b.n), b.names};
    Obj *r = ticks[0] ? fe_call_method(I, axes, k ? "set_yticks" : "set_xticks", ticks, 2) : NULL;
    ok = r && pl_seaborn_name_axes(I, ax, b.xname, b.yname);
    fe_decref(I, r), fe_decref(I, ticks[0]);
  }
  boxes_free(I, &b), base_free(colors);
  if (!ok)
    fe_setref(I, &axes, NULL);
  return axes;
}
