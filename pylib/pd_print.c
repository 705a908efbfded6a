/* pd_print.c — DataFrames and Series printed as pandas 1.5 prints them (its default display
 * options): the index left-justified, each column right-justified to its widest cell, one
 * blank apart, every value cell (and a number column's header) led by a blank that a minus
 * sign takes; a float column with one number of decimals for all its cells, the fewest (at
 * least one, at most six) that show every value to six decimals, in scientific notation
 * when a value is below 1e-6; NaN as "NaN", bools as True and False. More than 60 rows show
 * the first and last five around a row of dots, then "[N rows x M columns]". A Series is
 * its index and values (led by the same blank) three spaces apart, then its name and
 * dtype.
 *
 * A frame wider than the terminal (80 characters when stdout is not one) shows its first and
 * last columns around a column of dots, chosen as pandas chooses them, then the dimensions.
 *
 * A frame without rows or columns is "Empty DataFrame" and the labels of both axes.
 *
 * Differences from pandas: index labels are printed with str(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pylib.h"

enum { MAX_ROWS = 60, EDGE = 5, CELL = 64 };

/* The decimals a float column needs, and whether it goes scientific. */
static int float_style(const double *v, int64_t n, bool *sci) {
  int d = 1;
  *sci = false;
  for (int64_t i = 0; i < n; i++) {
    double a = fabs(v[i]);
    if (!isfinite(a))
      continue;
    *sci = *sci || (a > 0 && a < 1e-6);
    char buf[64];
    snprintf(buf, sizeof buf, "%.6f", a);
    int k = 6;
    while (k > d && buf[strlen(buf) - 1 - (6 - k)] == '0')
      k--;
    d = k > d ? k : d;
  }
  return d;
}

/* Cell i of column a (already float64 when `dec` >= 0) into buf. */
static void cell(const NdArray *a, int64_t i, int dec, bool sci, char *buf) {
  NdIndex ix = nd_ix_int(i);
  NdArray *e = nd_getitem((NdArray *)a, 1, &ix);
  NdScalar s = {0};
  if (!e || !nd_item(e, &s)) {
    snprintf(buf, CELL, "?");
  } else if (s.dtype == ND_BOOL) {
    snprintf(buf, CELL, "%s", s.b ? "True" : "False");
  } else if (nd_dtype_is_int(s.dtype)) {
    snprintf(buf, CELL, "%lld", (long long)s.i);
  } else if (isnan(s.f)) {
    snprintf(buf, CELL, "NaN");
  } else if (isinf(s.f)) {
    snprintf(buf, CELL, "%s", s.f > 0 ? "inf" : "-inf");
  } else {
    snprintf(buf, CELL, sci ? "%.*e" : "%.*f", sci ? 6 : dec, s.f);
  }
  nd_unref(e);
}

/* The rows shown: all, or the first and last EDGE around a gap (-1). */
static int64_t shown_rows(int64_t rows, int64_t *pick) {
  if (rows <= MAX_ROWS) {
    for (int64_t i = 0; i < rows; i++)
      pick[i] = i;
    return rows;
  }
  for (int64_t i = 0; i < EDGE; i++)
    pick[i] = i, pick[EDGE + 1 + i] = rows - EDGE + i;
  pick[EDGE] = -1;
  return 2 * EDGE + 1;
}

/* The cells of a text column: str() of each item, NaN where one is missing. */
static bool text_cells(Interp *I, Obj *c, const int64_t *pick, int64_t n, char (*cells)[CELL]) {
  for (int64_t r = 0; r < n; r++) {
    Obj *v = pick[r] < 0 ? NULL : ((List *)c)->v[pick[r]];
    Obj *s = !v || pl_is_nan(I, v) ? NULL : fe_str(I, v);
    if (v && !pl_is_nan(I, v) && !s)
      return false;
    snprintf(cells[r], CELL, "%s", !v ? "..." : s ? FE_STR(s)->s : "NaN");
    fe_decref(I, s);
  }
  return true;
}

/* The cells of column c for the picked rows: cells[r], "..." for the gap. */
static bool column_cells(Interp *I, Obj *c, const int64_t *pick, int64_t n, char (*cells)[CELL]) {
  if (pl_col_is_text(I, c))
    return text_cells(I, c, pick, n, cells);
  const NdArray *a = PL_ND(c);
  int dec = 0;
  bool sci = false;
  if (nd_dtype_is_float(a->dtype)) {
    NdArray *f = nd_astype(a, ND_FLOAT64);
    dec = f ? float_style((const double *)f->data, f->size, &sci) : 1;
    nd_unref(f);
  }
  for (int64_t r = 0; r < n; r++) {
    if (pick[r] < 0)
      snprintf(cells[r], CELL, "...");
    else
      cell(a, pick[r], dec, sci, cells[r]);
  }
  return true;
}

/* str(label) into buf; false with an exception. */
static bool label(Interp *I, Obj *v, char *buf) {
  Obj *s = fe_str(I, v);
  if (s)
    snprintf(buf, CELL, "%s", FE_STR(s)->s);
  fe_decref(I, s);
  return s != NULL;
}

/* Index label r: index[pick] when given, else first + pick; ".." for the gap. */
static bool index_label(Interp *I, Obj *index, int64_t first, int64_t pick, char *buf) {
  if (pick < 0)
    return snprintf(buf, CELL, ".."), true;
  if (!index)
    return snprintf(buf, CELL, "%lld", (long long)(first + pick)), true;
  Obj *const *v;
  int64_t n;
  return fe_seq_items(I, index, &v, &n) && pick < n && label(I, v[pick], buf);
}

/* The labels of the picked rows: float labels (value_counts of a float column) all with
 * the decimals a float column of them would show, others each as index_label says. */
static bool index_cells(Interp *I, Obj *index, int64_t first, const int64_t *pick, int64_t n,
                        char (*cells)[CELL]) {
  Obj *const *v;
  int64_t nv = 0;
  bool floats = index && fe_seq_items(I, index, &v, &nv) && nv > 0;
  for (int64_t i = 0; floats && i < nv; i++)
    floats = FE_IS(v[i], float);
  if (!floats) {
    bool ok = true;
    for (int64_t r = 0; ok && r < n; r++)
      ok = index_label(I, index, first, pick[r], cells[r]);
    return ok;
  }
  NdArray *a = nd_empty(ND_FLOAT64, 1, &nv);
  for (int64_t i = 0; a && i < nv; i++)
    ((double *)a->data)[i] = ((Float *)v[i])->v;
  Obj *c = pl_array_wrap(I, a);
  bool ok = c && column_cells(I, c, pick, n, cells);
  for (int64_t r = 0; ok && r < n; r++)
    if (pick[r] < 0)
      snprintf(cells[r], CELL, "..");
  fe_decref(I, c);
  return ok;
}

static int width_of(const char *s) {
  int w = 0;
  for (; *s; s++)
    w += ((unsigned char)*s & 0xc0) != 0x80;
  return w;
}

/* A value cell's width as pandas lays it out: it leads with a blank, which a negative
 * number's sign takes instead; a missing number's NaN has none (text keeps its blank). */
static int value_width(const char *s, bool text) {
  return width_of(s) + (text || (s[0] != '-' && strcmp(s, "NaN") != 0));
}

static void pad(BaseBuf *b, int n) {
  for (int i = 0; i < n; i++)
    base_buf_put(b, " ", 1);
}

/* The line pandas puts under the header of a frame whose index has a name: the name, then
 * blanks to the header's width, with the header's "  ..." at dots (-1: none) when columns
 * are left out. */
static bool name_line(Interp *I, BaseBuf *b, Obj *index_name, size_t header_start, int dots) {
  char nm[CELL];
  if (!label(I, index_name, nm))
    return false;
  int w = width_of(b->p + header_start) - 1;   /* the header line, without its newline */
  base_buf_puts(b, nm);
  if (dots >= 0) {
    pad(b, dots - width_of(nm));
    base_buf_puts(b, "  ...");
  }
  pad(b, w - (dots >= 0 ? dots + 5 : width_of(nm)));
  base_buf_puts(b, "\n");
  return true;
}

/* Whether column j's header leads with a blank: a number column's does. When columns are
 * left out (half >= 0), pandas 1.5 asks the frame's column at the place j takes among those
 * shown, not j's own (it zips the shown names with all the dtypes), so a column right of
 * the dots takes the blank of a column left of them. */
static bool header_blank(Interp *I, Obj *const *cols, int64_t ncols, int64_t j, int64_t half) {
  int64_t at = half >= 0 && j > ncols - half ? half + j - (ncols - half) : j;
  return !pl_col_is_text(I, cols[at - 1]);
}

/* The widths of the index (wid[0]) and of each column: pandas leads each value cell with a
 * blank (a negative number's sign takes it) and a number's header too (header_blank), and
 * puts one blank between the columns. */
static void column_widths(Interp *I, char (*cells)[CELL], int64_t n, Obj *const *cols,
                          int64_t ncols, int64_t half, int *wid) {
  for (int64_t j = 0; j <= ncols; j++) {
    char (*col)[CELL] = cells + j * (n + 1);
    bool text = j > 0 && pl_col_is_text(I, cols[j - 1]);
    wid[j] = j == 0 ? 0 : width_of(col[0]) + header_blank(I, cols, ncols, j, half);
    for (int64_t k = j == 0 ? 0 : 1; k <= n; k++) {
      int wk = j == 0 ? width_of(col[k]) : value_width(col[k], text);
      wid[j] = wk > wid[j] ? wk : wid[j];
    }
  }
}

/* Int column names as pandas formats them (Index.format: left-justified to the widest of
 * them, so a short name sits left of its column's edge): each header cell padded with
 * blanks to the widest name of the columns shown (all when half < 0, else half from each
 * end). */
static void int_headers(char (*cells)[CELL], int64_t n, int64_t ncols, bool ints,
                        int64_t half) {
  int widest = 0;
  for (int pass = 0; ints && pass < 2; pass++)
    for (int64_t j = 1; j <= ncols; j++) {
      char *h = cells[j * (n + 1)];
      if (pass == 0) {
        h[strcspn(h, " ")] = '\0';   /* an earlier padding */
        if (half < 0 || j <= half || j > ncols - half)
          widest = (int)strlen(h) > widest ? (int)strlen(h) : widest;
      } else {
        size_t len = strlen(h);
        for (; (int)len < widest && len + 1 < CELL; len++)
          h[len] = ' ';
        h[len] = '\0';
      }
    }
}

/* The terminal's width as pandas reads it (shutil.get_terminal_size): $COLUMNS, else the
 * width of the terminal on stdout, else 80. */
static int terminal_width(void) {
  const char *env = getenv("COLUMNS");
  int cols = env ? atoi(env) : 0;
  struct winsize ws;
  if (cols <= 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
    cols = ws.ws_col;
  return cols > 0 ? cols : 80;
}

/* How many columns show on each side of "..." when a frame of widths wid (the index's,
 * then each column's) is wider than the terminal, as pandas fits it
 * (_fit_strcols_to_terminal_width, then _truncate_horizontally); -1: every column shows.
 * pandas drops the middle column (round half to even) until the lines would fit, keeps at
 * least two, and shows half of them from each end. */
static int64_t fitted_half(const int *wid, int64_t ncols) {
  int64_t line = wid[0], n = ncols + 1;
  for (int64_t j = 1; j <= ncols; j++)
    line += 1 + wid[j];
  int *lens = base_malloc((size_t)n * sizeof *lens);
  if (!lens)
    return -1;
  memcpy(lens, wid, (size_t)n * sizeof *lens);
  int64_t over = line - terminal_width() + 1;
  while (over > 0 && n > 1) {
    int64_t mid = n / 2 + (n % 2 && (n / 2) % 2);   /* Python's round(n / 2) */
    over -= lens[mid] + 1;
    memmove(lens + mid, lens + mid + 1, (size_t)(n - mid - 1) * sizeof *lens);
    n--;
  }
  base_free(lens);
  int64_t fitted = n - 1 > 2 ? n - 1 : 2;
  return fitted < ncols ? fitted / 2 : -1;
}

/* "[a, b]": the str() of each item of a sequence (a new list of labels), taken. */
static bool label_list(Interp *I, BaseBuf *b, Obj *labels) {
  Obj *const *v;
  int64_t n;
  bool ok = labels && fe_seq_items(I, labels, &v, &n);
  base_buf_puts(b, "[");
  for (int64_t i = 0; ok && i < n; i++) {
    base_buf_puts(b, i ? ", " : "");
    ok = fe_sb_str(I, b, v[i]);
  }
  base_buf_puts(b, "]");
  fe_decref(I, labels);
  return ok;
}

/* pandas' text of a frame without rows or columns: its labels listed, whole. */
static Obj *empty_table(Interp *I, const PlTable *t, int64_t ncols) {
  BaseBuf b = {0};
  base_buf_puts(&b, "Empty DataFrame\nColumns: ");
  fe_incref(t->names);
  bool ok = label_list(I, &b, t->names);
  base_buf_puts(&b, "\nIndex: ");
  ok = ok && label_list(I, &b, pl_labels(I, t->index, t->first, t->rows));
  if (t->rows > MAX_ROWS)
    base_buf_printf(&b, "\n\n[%lld rows x %lld columns]", (long long)t->rows, (long long)ncols);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

Obj *pl_pd_table(Interp *I, const PlTable *t, Obj *const *cols, int64_t ncols) {
  if (ncols == 0 || t->rows == 0)
    return empty_table(I, t, ncols);
  int64_t pick[2 * EDGE + 1 + MAX_ROWS], n = shown_rows(t->rows, pick);
  char (*cells)[CELL] = base_malloc((size_t)((ncols + 1) * (n + 1)) * CELL);
  if (!cells)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  Obj *const *nv;
  int64_t nn;
  bool ok = fe_seq_items(I, t->names, &nv, &nn) && nn == ncols;
  /* column 0 is the index; row 0 the header, which starts with the columns' name; with an
   * index name, the header's index cell is at least as wide as the name, which the line
   * under the header holds */
  char nm[CELL] = "", cn[CELL] = "";
  ok = ok && (!t->index_name || label(I, t->index_name, nm));
  ok = ok && (!t->columns_name || label(I, t->columns_name, cn));
  int blanks = width_of(nm) - width_of(cn);
  snprintf(cells[0], CELL, "%s%*s", cn, blanks > 0 ? blanks : 0, "");
  ok = ok && index_cells(I, t->index, t->first, pick, n, cells + 1);
  for (int64_t j = 0; ok && j < ncols; j++) {
    char (*col)[CELL] = cells + (j + 1) * (n + 1);
    ok = label(I, nv[j], col[0]) && column_cells(I, cols[j], pick, n, col + 1);
  }
  int *wid = ok ? base_calloc((size_t)(ncols + 1), sizeof *wid) : NULL;
  ok = ok && (wid || (fe_throw(I, EXC_MemoryError, "out of memory"), false));
  bool ints = ok;   /* every column name an int: pandas lines them up as numbers */
  for (int64_t j = 0; ints && j < ncols; j++)
    ints = FE_IS(nv[j], int);
  int64_t half = -1;   /* columns each side of "...", or -1 */
  if (ok) {
    int_headers(cells, n, ncols, ints, -1);
    column_widths(I, cells, n, cols, ncols, -1, wid);
    half = fitted_half(wid, ncols);
  }
  if (half >= 0) {   /* the shown names line up among themselves; pandas' header blanks */
    int_headers(cells, n, ncols, ints, half);
    column_widths(I, cells, n, cols, ncols, half, wid);
  }
  BaseBuf b = {0};
  int dots = -1;   /* where the header's "  ..." starts */
  for (int64_t r = 0; ok && r <= n; r++) {
    for (int64_t j = 0; j <= ncols; j++) {
      if (half >= 0 && j > half && j <= ncols - half) {
        if (j == half + 1 && r == 0)
          dots = width_of(b.p);
        if (j == half + 1)
          base_buf_puts(&b, "  ...");   /* a blank, then pandas' " ..." cell */
        continue;
      }
      char (*col)[CELL] = cells + j * (n + 1);
      int len = width_of(col[r]);
      if (j == 0) {
        base_buf_puts(&b, col[r]);
        pad(&b, wid[0] - len);
      } else {
        pad(&b, 1 + wid[j] - len);
        base_buf_puts(&b, col[r]);
      }
    }
    base_buf_puts(&b, "\n");
    if (r == 0 && t->index_name)
      ok = name_line(I, &b, t->index_name, 0, dots);
  }
  base_free(wid);
  base_free(cells);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  if (t->rows > MAX_ROWS || half >= 0)
    base_buf_printf(&b, "\n[%lld rows x %lld columns]\n", (long long)t->rows, (long long)ncols);
  if (b.n > 0)
    b.n--;   /* repr has no final newline */
  return fe_sb_finish(I, &b);
}

Obj *pl_pd_series(Interp *I, Obj *index, int64_t first, Obj *index_name, Obj *values,
                  Obj *name) {
  int64_t rows = fe_len(I, values), pick[2 * EDGE + 1 + MAX_ROWS], n = shown_rows(rows, pick);
  char (*cells)[CELL] = base_malloc((size_t)(2 * (n ? n : 1)) * CELL);
  if (!cells)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  bool ok = index_cells(I, index, first, pick, n, cells) &&
            column_cells(I, values, pick, n, cells + n);
  int wi = 0, wv = 0;
  bool text = pl_col_is_text(I, values);
  for (int64_t r = 0; r < n; r++) {
    wi = width_of(cells[r]) > wi ? width_of(cells[r]) : wi;
    wv = value_width(cells[n + r], text) > wv ? value_width(cells[n + r], text) : wv;
  }
  BaseBuf b = {0};
  char nm[CELL];
  if (ok && index_name && rows > 0 && (ok = label(I, index_name, nm)))
    base_buf_printf(&b, "%s\n", nm);   /* the index's name, on a line of its own */
  if (rows == 0)
    base_buf_puts(&b, "Series([], ");   /* pandas' text of an empty Series */
  for (int64_t r = 0; ok && r < n; r++) {
    base_buf_puts(&b, cells[r]);
    pad(&b, wi - width_of(cells[r]) + 3 + wv - width_of(cells[n + r]));
    base_buf_puts(&b, cells[n + r]);
    base_buf_puts(&b, "\n");
  }
  base_free(cells);
  if (ok && rows > MAX_ROWS)
    base_buf_printf(&b, "Length: %lld, ", (long long)rows);
  if (ok && name && name != &I->none && (ok = label(I, name, nm)))
    base_buf_printf(&b, "Name: %s, ", nm);
  base_buf_printf(&b, "dtype: %s%s", pl_col_dtype(I, values), rows == 0 ? ")" : "");
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}
