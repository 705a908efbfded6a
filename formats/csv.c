/* csv.c — numeric CSV files (plain or gzip) into a [rows, cols] tensor.
 *
 * The format accepted, and nothing more: fields separated by commas (not ';' nor tabs: a
 * field holding one is reported as such), lines ended by LF or CRLF, the last newline
 * optional, blank lines ignored, spaces and tabs around a field ignored, a UTF-8 byte-order
 * mark skipped. Every data field is a decimal number ([+-]digits[.digits][e[+-]digits]);
 * empty fields, NaN, Inf, hexadecimal and anything else are errors, as is a value out of
 * the dtype's range (I32 also needs whole numbers). An optional first row is a header: in
 * NNC_CSV_HEADER_AUTO it is one when any of its fields is not a number; its contents are
 * never interpreted (quoted names may hold commas). strtod reads the numbers, so the C
 * locale's '.' is the decimal point, as in every CSV writer nnc has met.
 *
 * Two passes over the in-memory text: the first validates every field and counts rows and
 * columns, the second fills the tensor, which therefore is allocated only once the whole
 * file is known good, and never larger than the file (each element took at least one byte).
 * Errors are `FILE:LINE:COL: error: ...`, lines and columns counted from 1 in bytes.
 *
 * The tokenizer (fmt_next_line, fmt_next_field) is shared with ndarray's np.loadtxt and
 * np.genfromtxt, which split at any delimiter or at runs of whitespace.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

typedef struct {
  const char *path;
  const char *end;              /* one past the text; *end == 0 */
  nnc_dtype want;
  nnc_csv_header header;
  int64_t rows, cols;           /* cols 0 until the first data row */
  int64_t first_line;           /* line of the first data row */
  nnc_tensor *t;                /* NULL on the validating pass */
} Csv;

typedef FmtLine Line;

static nnc_status located(const Csv *c, const Line *ln, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static nnc_status located(const Csv *c, const Line *ln, const char *at, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return base_error(NNC_ERR_CORRUPT, "%s:%lld:%lld: error: %s", c->path, (long long)ln->no,
                  (long long)(at - ln->s + 1), msg);
}

bool fmt_next_line(const char **p, const char *end, FmtLine *ln) {
  if (*p >= end)
    return false;
  const char *nl = memchr(*p, '\n', (size_t)(end - *p));
  ln->s = *p;
  ln->e = nl ? nl : end;
  if (ln->e > ln->s && ln->e[-1] == '\r')
    ln->e--;
  ln->no++;
  *p = nl ? nl + 1 : end;
  return true;
}

static bool blank(char ch) {
  return ch == ' ' || ch == '\t';
}

bool fmt_blank_line(const FmtLine *ln) {
  for (const char *q = ln->s; q < ln->e; q++)
    if (!blank(*q))
      return false;
  return true;
}

static const char *digits(const char *s, const char *e) {
  while (s < e && *s >= '0' && *s <= '9')
    s++;
  return s;
}

/* True when [s, e) is exactly a decimal number. */
static bool is_number(const char *s, const char *e) {
  if (s < e && (*s == '+' || *s == '-'))
    s++;
  const char *q = digits(s, e);
  bool any = q > s;
  if (q < e && *q == '.') {
    const char *r = digits(q + 1, e);
    any = any || r > q + 1;
    q = r;
  }
  if (!any)
    return false;
  if (q < e && (*q == 'e' || *q == 'E')) {
    const char *r = q + 1;
    if (r < e && (*r == '+' || *r == '-'))
      r++;
    q = digits(r, e);
    if (q == r)
      return false;
  }
  return q == e;
}

static bool starts_nan_inf(const char *s, const char *e) {
  if (s < e && (*s == '+' || *s == '-'))
    s++;
  size_t n = (size_t)(e - s);
  char low[4] = {0};
  for (size_t i = 0; i < 3 && i < n; i++)
    low[i] = (char)(s[i] | 0x20);
  return n >= 3 && (strcmp(low, "nan") == 0 || strcmp(low, "inf") == 0);
}

/* At most 40 bytes of [s, e) for a message, control bytes escaped (\t, \r, \xNN) so a
 * quoted field stays one readable line; "..." marks a cut. buf holds 4 * 40 + 4 bytes. */
static const char *quote(const char *s, const char *e, char *buf) {
  size_t k = 0;
  for (const char *q = s; q < e && q < s + 40; q++) {
    unsigned char ch = (unsigned char)*q;
    if (ch == '\t' || ch == '\r')
      k += (size_t)sprintf(buf + k, "\\%c", ch == '\t' ? 't' : 'r');
    else if (ch < 0x20 || ch == 0x7f)
      k += (size_t)sprintf(buf + k, "\\x%02x", ch);
    else
      buf[k++] = (char)ch;
  }
  strcpy(buf + k, e - s > 40 ? "..." : "");
  return buf;
}

/* Why [s, e) is not a number, as the error's text. */
static nnc_status not_number(const Csv *c, const Line *ln, const char *s, const char *e) {
  char q[4 * 40 + 4];
  if (s == e)
    return located(c, ln, s, "empty field (a missing value?)");
  if (starts_nan_inf(s, e))
    return located(c, ln, s, "'%s': NaN and Inf are not accepted in data files", quote(s, e, q));
  if (memchr(s, ';', (size_t)(e - s)) || memchr(s, '\t', (size_t)(e - s)))
    return located(c, ln, s, "'%s' is not a number (fields are separated by ',' only)",
                   quote(s, e, q));
  return located(c, ln, s, "'%s' is not a number", quote(s, e, q));
}

/* The value of the number [s, e), checked against the dtype's range. */
static nnc_status number(const Csv *c, const Line *ln, const char *s, const char *e, double *v) {
  if (!is_number(s, e))
    return not_number(c, ln, s, e);
  errno = 0;
  char *stop;
  *v = strtod(s, &stop);
  int n = (int)(e - s > 40 ? 40 : e - s);
  if (stop != e)
    return located(c, ln, s, "'%.*s' does not read as a number (locale?)", n, s);
  if (errno == ERANGE && fabs(*v) > 1)
    return located(c, ln, s, "'%.*s' is out of range for f64", n, s);
  /* what rounds to ±FLT_MAX is in range: "3.40282347e+38", its 9 digits, is above it */
  if (c->want == NNC_F32 && isinf((float)*v))
    return located(c, ln, s, "'%.*s' is out of range for f32", n, s);
  if (c->want == NNC_I32 && (*v != floor(*v) || *v < INT32_MIN || *v > INT32_MAX))
    return located(c, ln, s, "'%.*s' is not an i32 (a whole number in range)", n, s);
  return NNC_OK;
}

/* Field [s, e) of ln with the blanks around it trimmed. */
static void trim(const char **s, const char **e) {
  while (*s < *e && blank(**s))
    (*s)++;
  while (*e > *s && blank((*e)[-1]))
    (*e)--;
}

bool fmt_next_field(const char **at, const char *end, char delim, const char **fs,
                    const char **fe) {
  const char *p = *at;
  if (!p)
    return false;
  if (delim == 0) { /* runs of blanks separate; none before the first or after the last */
    while (p < end && blank(*p))
      p++;
    if (p == end) {
      *at = NULL;
      return false;
    }
    *fs = p;
    while (p < end && !blank(*p))
      p++;
    *fe = p;
    *at = p;
    return true;
  }
  const char *d = memchr(p, delim, (size_t)(end - p));
  *fs = p;
  *fe = d ? d : end;
  trim(fs, fe);
  *at = d ? d + 1 : NULL;
  return true;
}

/* Parses one data row: checks its field count against the first row's and, on the
 * second pass, stores its values as row c->rows. */
static nnc_status data_row(Csv *c, const Line *ln) {
  int64_t j = 0;
  const char *fs, *fe;
  for (const char *at = ln->s; fmt_next_field(&at, ln->e, ',', &fs, &fe); j++) {
    if (c->cols && j >= c->cols)
      return located(c, ln, fs, "ragged row: more than %lld fields, as on line %lld",
                     (long long)c->cols, (long long)c->first_line);
    double v = 0;
    nnc_status st = number(c, ln, fs, fe, &v);
    if (st != NNC_OK)
      return st;
    if (c->t)
      rt_tensor_set(c->t, c->rows * c->cols + j, v);
  }
  if (c->cols && j != c->cols)
    return located(c, ln, ln->e, "ragged row: %lld fields, expected %lld as on line %lld",
                   (long long)j, (long long)c->cols, (long long)c->first_line);
  if (!c->cols) {
    c->cols = j;
    c->first_line = ln->no;
  }
  c->rows++;
  return NNC_OK;
}

/* True when every field of ln is a number (the auto-detected header test). */
static bool numeric_row(const Line *ln) {
  const char *fs, *fe;
  for (const char *at = ln->s; fmt_next_field(&at, ln->e, ',', &fs, &fe);)
    if (!is_number(fs, fe))
      return false;
  return true;
}

/* One pass over the text: rows and cols on the first, the values on the second. */
static nnc_status pass(Csv *c, const char *text) {
  Line ln = {0};
  const char *p = text;
  bool first = true;
  c->rows = 0;
  while (fmt_next_line(&p, c->end, &ln)) {
    if (fmt_blank_line(&ln))
      continue;
    bool header = first && (c->header == NNC_CSV_HEADER_SKIP ||
                            (c->header == NNC_CSV_HEADER_AUTO && !numeric_row(&ln)));
    first = false;
    if (header)
      continue;
    nnc_status s = data_row(c, &ln);
    if (s != NNC_OK)
      return s;
  }
  if (c->rows == 0) {
    ln.s = ln.e = p;
    ln.no++;
    return located(c, &ln, p, first ? "no data: the file is empty"
                                    : "no data rows (only a header)");
  }
  return NNC_OK;
}

static nnc_status parse(const char *path, const FileBytes *fb, nnc_dtype want,
                        nnc_csv_header header, nnc_tensor **out) {
  const char *text = (const char *)fb->data;
  if (fb->len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;
  if (memchr(text, 0, fb->len - (size_t)(text - (const char *)fb->data)))
    return base_error(NNC_ERR_CORRUPT, "%s: offset %zu: a NUL byte: this is not a text file", path,
                    (size_t)((const char *)memchr(fb->data, 0, fb->len) - (const char *)fb->data));
  Csv c = {.path = path, .end = (const char *)fb->data + fb->len, .want = want, .header = header};
  nnc_status s = pass(&c, text);
  if (s != NNC_OK)
    return s;
  int64_t shape[2] = {c.rows, c.cols};
  s = rt_tensor_alloc(want, 2, shape, &c.t);
  if (s != NNC_OK)
    return s;
  s = pass(&c, text); /* cannot fail: the same text passed once */
  if (s != NNC_OK) {
    nnc_tensor_free(c.t);
    return s;
  }
  *out = c.t;
  return NNC_OK;
}

nnc_status nnc_tensor_load_csv(const char *path, nnc_dtype want, nnc_csv_header header,
                               nnc_tensor **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_csv: out is NULL");
  *out = NULL;
  if (!path)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_csv: path is NULL");
  if (!rt_dtype_ok(want))
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_csv: %s: unknown dtype %d", path, (int)want);
  if (header != NNC_CSV_HEADER_AUTO && header != NNC_CSV_HEADER_NONE &&
      header != NNC_CSV_HEADER_SKIP)
    return base_error(NNC_ERR_ARG, "nnc_tensor_load_csv: %s: unknown header mode %d", path,
                    (int)header);
  FileBytes fb;
  nnc_status s = fmt_read_all(path, &fb);
  if (s != NNC_OK)
    return s;
  s = parse(path, &fb, want, header, out);
  fmt_file_bytes_free(&fb);
  return s;
}

nnc_status nnc_tensor_load_csv_in(nnc_context *c, const char *path, nnc_dtype want,
                                  nnc_csv_header header, nnc_tensor **out) {
  if (out)
    *out = NULL;
  if (c && base_context_check(c, __func__) != NNC_OK)
    return NNC_ERR_ARG;
  const nnc_context *was = base_context_swap(c); /* as nnc_tensor_load_in (npy.c) */
  nnc_status s = nnc_tensor_load_csv(path, want, header, out);
  base_context_swap(was);
  return s;
}
