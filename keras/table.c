/* table.c — the box table Keras's summary() draws, as the rich library draws it, so that
 * nnc_model_summary prints the same characters as Keras 3.
 *
 * Widths: Keras gives each column int(position·line_length) minus the columns before it,
 * and rich, which adds a space of padding either side and a border between and around the
 * columns, takes back the excess evenly from left to right (rich's ratio_reduce, rounding
 * halves to even as Python's round() does). Cells wrap as rich wraps text: at the spaces
 * after words, a word too long for its line is cut to the width with "…" rather than folded,
 * lines are padded to the width (right-aligned columns on the left), and a row is as tall
 * as its tallest cell, the others' lines at its top (at its bottom in the header). Widths
 * count code points: a character that a terminal draws two columns wide (CJK) is counted as
 * one, where rich counts two.
 */
#define _DEFAULT_SOURCE /* TIOCGWINSZ */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "keras.h"

int keras_terminal_columns(void) {
  const char *env = getenv("COLUMNS");
  char *end;
  long c = env ? strtol(env, &end, 10) : 0;
  if (env && end != env && *end == '\0' && c > 0 && c < 100000)
    return (int)c;
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

/* Takes `excess` characters back from the columns, evenly, from the left (ratio_reduce with
 * every ratio 1). */
static void reduce(int *w, int n, int excess) {
  for (int i = 0; i < n; i++) {
    int d = (int)rint((double)excess / (n - i));
    d = d < w[i] ? d : w[i];
    w[i] -= d;
    excess -= d;
  }
}

nnc_status keras_table_layout(Table *t, int ncols, const double *positions, int line_length) {
  int cur = 0, total = 0, max = line_length - (ncols + 1);
  t->ncols = ncols;
  for (int i = 0; i < ncols; i++) {
    int w = (int)(positions[i] * line_length) - cur;
    if (w < 4)
      return base_error(NNC_ERR_ARG, "nnc_model_summary: line length %d is too narrow for the "
                      "summary's columns", line_length);
    cur += w;
    t->width[i] = w + 2 < max ? w + 2 : max;
    t->right[i] = false;
    total += t->width[i];
  }
  if (total > max)
    reduce(t->width, ncols, total - max);
  for (int i = 0; i < ncols; i++)
    if (t->width[i] < 3)
      return base_error(NNC_ERR_ARG, "nnc_model_summary: line length %d is too narrow for the "
                      "summary's columns", line_length);
  return NNC_OK;
}

/* ---- text, as rich wraps it ---- */

static int cells(const char *s, size_t n) {
  int c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* Bytes of s[0..n) that make its first `want` code points. */
static size_t take(const char *s, size_t n, int want) {
  size_t i = 0;
  for (int c = 0; i < n; i++) {
    if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == want)
      break;
  }
  return i;
}

static bool space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* The end of the word at s[i] (Python's \s*\S+\s*), or i when only spaces are left. */
static size_t word_end(const char *s, size_t n, size_t i) {
  size_t j = i;
  while (j < n && space(s[j]))
    j++;
  if (j == n)
    return i;
  while (j < n && !space(s[j]))
    j++;
  while (j < n && space(s[j]))
    j++;
  return j;
}

static size_t rstrip(const char *s, size_t n) {
  while (n > 0 && space(s[n - 1]))
    n--;
  return n;
}

/* Where rich breaks s[0..n) for `width` (divide_line without folding): up to cap offsets,
 * returns how many. */
static int breaks(const char *s, size_t n, int width, size_t *at, int cap) {
  int nb = 0, offset = 0;
  for (size_t start = 0, end; (end = word_end(s, n, start)) > start; start = end) {
    int len = cells(s + start, rstrip(s + start, end - start));
    int whole = cells(s + start, end - start);
    if (width - offset >= len) {
      offset += whole;
    } else if (len > width || (offset && start)) {
      if (start && nb < cap)
        at[nb++] = start;
      offset = whole;
    }
  }
  return nb;
}

/* One line of a wrapped cell: cut to `width` ("…" last when it was longer), then padded
 * on the right (left-aligned) or left (right-aligned) when pad. */
static void emit_line(FILE *out, const char *s, size_t n, int width, bool right, bool pad) {
  int len = cells(s, n);
  if (len > width) {            /* rich's rstrip_end: trailing spaces go first */
    size_t kept = rstrip(s, n);
    size_t cut = n - kept < (size_t)(len - width) ? n - kept : (size_t)(len - width);
    n -= cut;
    len -= (int)cut;
  }
  if (right) {
    n = rstrip(s, n);
    len = cells(s, n);
  }
  bool ellipsis = len > width;
  if (ellipsis) {
    n = take(s, n, width - 1);
    len = width;
  }
  if (pad && right)
    fprintf(out, "%*s", width - len, "");
  fwrite(s, 1, n, out);
  if (ellipsis)
    fputs("…", out);
  if (pad && !right)
    fprintf(out, "%*s", width - len, "");
}

enum { MAX_LINES = 64 };

/* The lines text wraps to in `width`: their starts and ends, at most MAX_LINES. */
static int wrap(const char *text, int width, size_t *from, size_t *to) {
  int nl = 0;
  size_t n = strlen(text);
  for (size_t seg = 0; seg <= n && nl < MAX_LINES;) {
    size_t end = seg + strcspn(text + seg, "\n");
    size_t at[MAX_LINES];
    int nb = breaks(text + seg, end - seg, width, at, MAX_LINES);
    size_t prev = seg;
    for (int b = 0; b <= nb && nl < MAX_LINES; b++) {
      size_t stop = b < nb ? seg + at[b] : end;
      from[nl] = prev;
      to[nl++] = stop;
      prev = stop;
    }
    seg = end + 1;
  }
  return nl;
}

void keras_print_wrapped(FILE *out, const char *text, int width) {
  size_t from[MAX_LINES], to[MAX_LINES];
  int nl = wrap(text, width, from, to);
  for (int i = 0; i < nl; i++) {
    emit_line(out, text + from[i], to[i] - from[i], width, false, false);
    fputc('\n', out);
  }
}

/* ---- the table ---- */

void keras_table_rule(FILE *out, const Table *t, const char *left, const char *fill,
                      const char *joint, const char *right) {
  fputs(left, out);
  for (int c = 0; c < t->ncols; c++) {
    for (int i = 0; i < t->width[c]; i++)
      fputs(fill, out);
    fputs(c + 1 < t->ncols ? joint : right, out);
  }
  fputc('\n', out);
}

void keras_table_row(FILE *out, const Table *t, const char *bar, const char *const *text,
                     bool bottom) {
  size_t from[TABLE_COLS][MAX_LINES], to[TABLE_COLS][MAX_LINES];
  int nl[TABLE_COLS], height = 1;
  for (int c = 0; c < t->ncols; c++) {
    nl[c] = wrap(text[c], t->width[c] - 2, from[c], to[c]);
    height = nl[c] > height ? nl[c] : height;
  }
  for (int l = 0; l < height; l++) {
    fputs(bar, out);
    for (int c = 0; c < t->ncols; c++) {
      int k = bottom ? l - (height - nl[c]) : l; /* the cell's line on this row, if any */
      fputc(' ', out);
      if (k >= 0 && k < nl[c])
        emit_line(out, text[c] + from[c][k], to[c][k] - from[c][k], t->width[c] - 2, t->right[c],
                  true);
      else
        fprintf(out, "%*s", t->width[c] - 2, "");
      fputs(" ", out);
      fputs(bar, out);
    }
    fputc('\n', out);
  }
}
