/* plt_handles.c — legend handles as matplotlib passes them about: get_legend_handles_labels()
 * gives the objects of an axes' labelled artists (Line2D, BarContainer, PathCollection,
 * PolyCollection, Polygon) with their labels, and legend(handles, labels) makes the legend's
 * entries those handles alone, from any axes (a twin's lines in its host's legend), each
 * drawn as a copy of its artist's look. */
#include <string.h>

#include "pylib.h"

/* The object standing for artist a of axes as a legend handle. */
static Obj *handle_object(Interp *I, Obj *axes, const FmtArtist *a) {
  if (a->kind == FMT_BARS)
    return pl_bar_container(I, axes, a);
  const Layout *l = a->kind == FMT_SCATTER ? &pl_points_layout
                    : a->closed              ? &pl_polygon_layout
                    : a->filled              ? &pl_polys_layout
                    : a->collection          ? &pl_segments_layout
                                             : &pl_line_layout;
  return pl_artist_object(I, l, axes, a);
}

/* Artist i of ax's 2n turns, if it is a legend handle (with a label of its own, when
 * `labelled`): its children first, then its bar sets, as matplotlib lists them. */
static const FmtArtist *handle_at(const FmtAxes *ax, int i, bool labelled) {
  const FmtArtist *a = ax->a[i % ax->n];
  bool container = a->kind == FMT_BARS && !a->patch;
  if (container != (i >= ax->n) || a->kind == FMT_TEXT || a->kind == FMT_IMAGE ||
      a->legend_only || (labelled && (!a->label || !a->label[0] || a->label[0] == '_')))
    return NULL;
  return a;
}

/* Axes.get_legend_handles_labels(legend_handler_map=None): the labelled artists in drawing
 * order, then the bar sets. */
Obj *pl_axes_legend_handles_labels(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtAxes *ax = ((PlAxes *)self)->ax;
  Obj *h = fe_list_new(I, 0), *l = h ? fe_list_new(I, 0) : NULL;
  bool ok = l != NULL;
  for (int i = 0; ok && i < 2 * ax->n; i++) {
    const FmtArtist *a = handle_at(ax, i, true);
    if (!a)
      continue;
    Obj *o = handle_object(I, self, a);
    ok = o && fe_list_append(I, h, o) == 0 && fe_list_append_text(I, l, a->label) == 0;
    fe_decref(I, o);
  }
  Obj *r = ok ? fe_tuple_pack(I, 2, h, l) : NULL;
  fe_decref(I, h), fe_decref(I, l);
  return r;
}

/* A label as matplotlib's mathtext shows it, for the one form labels take in nnc's legends:
 * '$\mathdefault{1.5}$' (legend_elements') as 1.5; any other as it is. */
static const char *shown(const char *label, char *buf, size_t n) {
  static const char open[] = "$\\mathdefault{";
  size_t len = strlen(label), m = sizeof open - 1;
  if (len < m + 2 || strncmp(label, open, m) != 0 || strcmp(label + len - 2, "}$") != 0 ||
      len - m - 2 >= n)
    return label;
  memcpy(buf, label + m, len - m - 2);
  buf[len - m - 2] = 0;
  return buf;
}

/* Axes.get_lines(), Axes.lines: its Line2D objects, in drawing order. */
Obj *pl_axes_lines(Interp *I, Obj *self) {
  const FmtAxes *ax = ((PlAxes *)self)->ax;
  Obj *l = fe_list_new(I, 0);
  for (int i = 0; l && i < ax->n; i++) {
    const FmtArtist *a = ax->a[i];
    if (a->kind != FMT_LINE || a->filled || a->collection || a->legend_only)
      continue;
    Obj *o = pl_artist_object(I, &pl_line_layout, self, a);
    if (!o || fe_list_append(I, l, o) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, o);
  }
  return l;
}

Obj *pl_axes_get_lines(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_axes_lines(I, self);
}

bool pl_figure_handles(Interp *I, FmtAxes *ax, const FmtFigure *fig, Obj *labels) {
  Obj *ls = labels ? fe_list_from_iter(I, labels) : NULL;
  int64_t next = 0;   /* the next label of ls */
  bool ok = !labels || ls;
  fmt_axes_drop_handles(ax);
  for (int j = 0; ok && j < fig->n; j++)
    for (int i = 0; ok && i < 2 * fig->axes[j]->n && (!ls || next < FE_LIST(ls)->n); i++) {
      const FmtArtist *a = handle_at(fig->axes[j], i, !ls);
      Obj *label = a && ls ? fe_str(I, FE_LIST(ls)->v[next++]) : NULL;
      ok = !a || ((!ls || label) &&
                  (fmt_axes_add_handle(ax, a, label ? FE_STR(label)->s : a->label) ||
                   (fe_nomem(I), false)));
      fe_decref(I, label);
    }
  ax->legend_handles = ok;
  fe_decref(I, ls);
  return ok;
}

bool pl_legend_handles(Interp *I, FmtAxes *ax, Obj *handles, Obj *labels) {
  Obj *hs = fe_list_from_iter(I, handles), *ls = hs && labels ? fe_list_from_iter(I, labels)
                                                               : NULL;
  bool ok = hs && (!labels || ls);
  int64_t n = ok ? FE_LIST(hs)->n : 0;
  if (ls && FE_LIST(ls)->n < n)   /* as zip pairs them */
    n = FE_LIST(ls)->n;
  fmt_axes_drop_handles(ax);
  for (int64_t i = 0; ok && i < n; i++) {
    Obj *h = FE_LIST(hs)->v[i];
    const FmtArtist *a = pl_artist_of(h);
    a = a ? a : pl_bars_artist(h);
    if (!a) {
      fe_throw(I, EXC_TypeError, "legend handles must be what plot, bar, scatter, fill_between "
               "or pie drew, still in their figure; not %s", fe_typename(h));
      ok = false;
      break;
    }
    Obj *label = ls ? fe_str(I, FE_LIST(ls)->v[i]) : NULL;
    char buf[128];
    const char *text = label ? FE_STR(label)->s : a->label ? a->label : "";
    ok = (!ls || label) &&
         (fmt_axes_add_handle(ax, a, shown(text, buf, sizeof buf)) || (fe_nomem(I), false));
    fe_decref(I, label);
  }
  ax->legend_handles = ok;
  if (!ok)
    fmt_axes_drop_handles(ax);
  fe_decref(I, hs), fe_decref(I, ls);
  return ok;
}
