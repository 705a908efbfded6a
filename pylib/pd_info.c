/* pd_info.c — what pandas says about a DataFrame's columns: df.dtypes (a Series of dtype
 * names) and df.info(), printed as pandas 1.5 prints it: the index line, a table of each
 * column's number, name, non-null count and dtype (each cell left-justified to its column's
 * widest, two spaces apart), the dtypes counted in name order, and the memory usage without
 * deep inspection (8 bytes a value for int64, float64 and text, 1 for bool and uint8, 132
 * for a RangeIndex, "+" when a column holds text, whose strs are not counted). */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

static Obj *column_at(Interp *I, Obj *frame, int64_t j) {
  Obj *const *names;
  int64_t n;
  return fe_seq_items(I, pl_frame_names(frame), &names, &n) ? pl_frame_column(I, frame, names[j])
                                                            : NULL;
}

Obj *pl_frame_dtypes(Interp *I, Obj *self) {
  Obj *names = pl_frame_names(self), *out = fe_list_new(I, 0);
  int64_t n = fe_len(I, names);
  for (int64_t j = 0; out && j < n; j++) {
    Obj *c = column_at(I, self, j), *s = c ? fe_str_cstr(I, pl_col_dtype(I, c)) : NULL;
    if (!s || fe_list_append(I, out, s) < 0)
      fe_setref(I, &out, NULL);
    fe_decref(I, c), fe_decref(I, s);
  }
  Obj *r = out ? pl_series_of(I, names, 0, out, &I->none) : NULL;
  fe_decref(I, out);
  return r;
}

static int64_t item_bytes(Interp *I, Obj *c) {
  return pl_col_is_text(I, c) ? 8 : (int64_t)nd_dtype_size(PL_ND(c)->dtype);
}

/* pandas' _sizeof_fmt: "252.0+ bytes", "22.5 KB". */
static void size_text(BaseBuf *b, double bytes, bool plus) {
  static const char *const units[] = {"bytes", "KB", "MB", "GB", "TB", "PB"};
  int u = 0;
  for (; u < 5 && bytes >= 1024.0; u++)
    bytes /= 1024.0;
  base_buf_printf(b, "%3.1f%s %s", bytes, plus ? "+" : "", units[u]);
}

/* " #", "Column", "Non-Null Count", "Dtype" of column j into row (4 cells of CELL bytes). */
enum { CELL = 96 };
static bool info_row(Interp *I, Obj *frame, int64_t j, Obj *name, char (*row)[CELL]) {
  Obj *c = column_at(I, frame, j), *s = c ? fe_str(I, name) : NULL;
  if (!s) {
    fe_decref(I, c);
    return false;
  }
  int64_t n = fe_len(I, c), k = 0;
  for (int64_t i = 0; i < n; i++)
    k += !pl_col_missing(I, c, i);
  snprintf(row[0], CELL, " %lld", (long long)j);
  snprintf(row[1], CELL, "%s", FE_STR(s)->s);
  snprintf(row[2], CELL, "%lld non-null", (long long)k);
  snprintf(row[3], CELL, "%s", pl_col_dtype(I, c));
  fe_decref(I, c), fe_decref(I, s);
  return true;
}

static void put_cell(BaseBuf *b, const char *s, int w, bool last) {
  base_buf_puts(b, s);
  for (int k = (int)strlen(s); k < w; k++)
    base_buf_puts(b, " ");
  base_buf_puts(b, last ? "\n" : "  ");
}

/* The index line: "RangeIndex: 5 entries, 0 to 4", or Int64Index for a list of labels. */
static void index_line(Interp *I, Obj *frame, int64_t rows, BaseBuf *b) {
  Obj *index = pl_frame_index(frame);
  int64_t first = pl_frame_first(frame);
  base_buf_printf(b, "%s: %lld entries", index ? "Int64Index" : "RangeIndex", (long long)rows);
  if (rows > 0) {
    Obj *lo = index ? ((List *)index)->v[0] : NULL, *hi = index ? ((List *)index)->v[rows - 1] : NULL;
    base_buf_puts(b, ", ");
    lo ? (void)fe_sb_str(I, b, lo) : base_buf_printf(b, "%lld", (long long)first);
    base_buf_puts(b, " to ");
    hi ? (void)fe_sb_str(I, b, hi) : base_buf_printf(b, "%lld", (long long)(first + rows - 1));
  }
  base_buf_puts(b, "\n");
}

/* df.info(verbose=None, buf=None, max_cols=None, memory_usage=None, show_counts=None) */
Obj *pl_frame_info(Interp *I, Obj *self, Obj **args) {
  for (int k = 0; k < 5; k++)
    if (args[k] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "info() takes no arguments in nnc yet");
  Obj *const *names;
  int64_t n, rows = fe_len(I, self);
  if (rows < 0 || !fe_seq_items(I, pl_frame_names(self), &names, &n))
    return NULL;
  if (n > 100)
    return fe_throw(I, EXC_NotImplementedError, "info() of more than 100 columns (pandas' short "
                    "form) is not supported by nnc yet");
  char (*cells)[4][CELL] = base_malloc((size_t)(n + 1) * sizeof *cells);
  if (!cells)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  static const char *const head[4] = {" # ", "Column", "Non-Null Count", "Dtype"};
  int w[4];
  for (int k = 0; k < 4; k++)
    w[k] = (int)strlen(head[k]);
  bool ok = true;
  for (int64_t j = 0; ok && j < n; j++) {
    ok = info_row(I, self, j, names[j], cells[j]);
    for (int k = 0; ok && k < 4; k++)
      w[k] = (int)strlen(cells[j][k]) > w[k] ? (int)strlen(cells[j][k]) : w[k];
  }
  BaseBuf b = {0};
  base_buf_puts(&b, "<class 'pandas.core.frame.DataFrame'>\n");
  index_line(I, self, rows, &b);
  base_buf_printf(&b, "Data columns (total %lld columns):\n", (long long)n);
  for (int k = 0; k < 4; k++)
    put_cell(&b, head[k], w[k], k == 3);
  for (int k = 0; k < 4; k++) {
    char dash[CELL];
    snprintf(dash, sizeof dash, "%.*s", (int)strlen(head[k]), "---------------");
    put_cell(&b, dash, w[k], k == 3);
  }
  /* dtypes counted in name order; memory */
  const char *kinds[16];
  int64_t counts[16], nk = 0, bytes = pl_frame_index(self) ? 8 * rows : 132;
  bool text = false;
  for (int64_t j = 0; ok && j < n; j++) {
    for (int k = 0; k < 4; k++)
      put_cell(&b, cells[j][k], w[k], k == 3);
    Obj *c = column_at(I, self, j);
    ok = c != NULL;
    const char *d = ok ? pl_col_dtype(I, c) : "";
    bytes += ok ? item_bytes(I, c) * rows : 0;
    text = text || (ok && pl_col_is_text(I, c));
    fe_decref(I, c);
    int64_t at = 0;
    while (at < nk && strcmp(kinds[at], d) != 0)
      at++;
    if (at == nk && nk < 16)
      kinds[nk] = d, counts[nk++] = 0;
    counts[at < 16 ? at : 15]++;
  }
  for (int64_t i = 1; i < nk; i++)   /* a handful of dtypes: insertion sort by name */
    for (int64_t j = i; j > 0 && strcmp(kinds[j - 1], kinds[j]) > 0; j--) {
      const char *t = kinds[j];
      int64_t ct = counts[j];
      kinds[j] = kinds[j - 1], counts[j] = counts[j - 1];
      kinds[j - 1] = t, counts[j - 1] = ct;
    }
  base_buf_puts(&b, "dtypes: ");
  for (int64_t i = 0; i < nk; i++)
    base_buf_printf(&b, "%s%s(%lld)", i ? ", " : "", kinds[i], (long long)counts[i]);
  base_buf_puts(&b, "\nmemory usage: ");
  size_text(&b, (double)bytes, text);
  base_buf_puts(&b, "\n");
  base_free(cells);
  Obj *s = ok ? fe_sb_finish(I, &b) : (base_buf_free(&b), NULL);
  if (s)
    fputs(FE_STR(s)->s, fe_out(I));
  fe_decref(I, s);
  return ok ? fe_none(I) : NULL;
}
