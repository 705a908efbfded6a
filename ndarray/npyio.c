/* npyio.c — files: np.load and np.save (.npy), np.loadtxt, np.genfromtxt and np.savetxt.
 *
 * .npy goes through formats/npy.c's raw reader and writer, so every check of nnc's .npy
 * loader (sizes against the file before any allocation, offsets in messages) holds here
 * too. Text files are split by formats/csv.c's tokenizer. loadtxt refuses what it cannot
 * read with numpy's messages after the file's name (its row numbers are numpy's: 0-based
 * for a value that does not convert, 1-based for a row whose width changes); genfromtxt
 * reads a missing or
 * unreadable value as nan (or filling_values). Results are shaped as numpy shapes them:
 * [rows, cols], squeezed, then raised to ndmin.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats.h"
#include "ndarray.h"

/* ---- .npy ---- */

static const struct {
  FmtNpyType npy;
  NdDtype nd;
} types[] = {
    {FMT_NPY_B1, ND_BOOL},   {FMT_NPY_U1, ND_UINT8},   {FMT_NPY_I4, ND_INT32},
    {FMT_NPY_I8, ND_INT64},  {FMT_NPY_F4, ND_FLOAT32}, {FMT_NPY_F8, ND_FLOAT64},
};

/* The failure of a formats/ call as the exception numpy raises for it. */
static void *file_error(nnc_status s) {
  NdErrClass k = s == NNC_ERR_NOMEM ? ND_E_MEMORY : s == NNC_ERR_IO ? ND_E_OS
                 : s == NNC_ERR_TYPE ? ND_E_TYPE : ND_E_VALUE;
  return nd_fail(k, "%s", base_last_error());
}

static bool missing(const char *path, const char *fmt) {
  if (access(path, F_OK) == 0 || errno != ENOENT)
    return false;
  nd_fail(ND_E_NOTFOUND, fmt, path);
  return true;
}

/* The array of an opened .npy (file or .npz member), which it closes. */
static NdArray *read_npy(FmtNpy *n, nnc_status s) {
  NdArray *a = NULL;
  if (s == NNC_OK) {
    NdDtype t = ND_NODTYPE;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
      if (types[i].npy == n->type)
        t = types[i].nd;
    /* Fortran order: the C-ordered array of the reversed shape, transposed, then copied */
    int64_t shape[FMT_NPY_MAXDIM];
    for (int i = 0; i < n->rank; i++)
      shape[i] = n->fortran ? n->shape[n->rank - 1 - i] : n->shape[i];
    a = nd_empty(t, n->rank, shape);
    if (a && (s = fmt_npy_read(n, a->data)) != NNC_OK) {
      nd_unref(a);
      a = NULL;
    }
    if (a && n->fortran) {
      int axes[FMT_NPY_MAXDIM];
      for (int i = 0; i < n->rank; i++)
        axes[i] = n->rank - 1 - i;
      NdArray *v = nd_transpose(a, n->rank, axes), *c = v ? nd_copy(v) : NULL;
      nd_unref(v);
      nd_unref(a);
      a = c;
      if (!a)
        return fmt_npy_close(n), NULL;
    }
    for (int64_t i = 0; a && t == ND_BOOL && i < a->size; i++) /* a byte of 2 is True */
      ((unsigned char *)a->data)[i] = ((unsigned char *)a->data)[i] != 0;
  }
  fmt_npy_close(n);
  return s == NNC_OK ? a : file_error(s);
}

NdArray *nd_load(const char *path) {
  if (missing(path, "[Errno 2] No such file or directory: '%s'"))
    return NULL;
  FmtNpy n;
  nnc_status s = fmt_npy_open(path, &n);
  return read_npy(&n, s);
}

NdArray *nd_load_npz(const char *path, const char *key) {
  if (missing(path, "[Errno 2] No such file or directory: '%s'"))
    return NULL;
  FmtNpz z;
  FmtNpy n = {0};
  char label[4096];
  nnc_status s = fmt_npz_open(path, &z);
  if (s == NNC_OK)
    s = fmt_npz_open_member(&z, key, label, sizeof label, &n);
  NdArray *a = read_npy(&n, s);
  fmt_npz_close(&z);
  return a;
}

bool nd_save(const char *path, const NdArray *a) {
  size_t n = strlen(path);
  bool ext = n >= 4 && strcmp(path + n - 4, ".npy") == 0;
  char *full = base_malloc(n + 5);
  NdArray *c = full ? nd_ascontiguous((NdArray *)a, ND_NODTYPE) : NULL;
  if (!c) {
    base_free(full);
    return nd_fail(ND_E_MEMORY, "out of memory saving %s", path), false;
  }
  snprintf(full, n + 5, "%s%s", path, ext ? "" : ".npy");
  FmtNpyType t = FMT_NPY_F8;
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (types[i].nd == a->dtype)
      t = types[i].npy;
  nnc_status s = fmt_npy_write(full, t, c->ndim, c->shape, c->data);
  nd_unref(c);
  base_free(full);
  return s == NNC_OK || (file_error(s), false);
}

/* ---- loadtxt and genfromtxt ---- */

typedef struct {
  const char *path;
  NdTextOpts o;
  bool gen;                     /* genfromtxt: missing values are nan */
  double fill;                  /* genfromtxt's value for them */
  int64_t rows, cols;           /* data rows so far; selected columns (0 before the first) */
  int64_t width;                /* fields in the first data row */
  double *vals;                 /* rows * cols values, grown */
  int64_t cap;
} Text;

/* The value of field [s, e) for dtype t, as numpy's loadtxt parser reads it. */
static bool parse_value(const char *s, const char *e, NdDtype t, double *v) {
  char buf[128];
  size_t n = (size_t)(e - s);
  if (n == 0 || n >= sizeof buf || memchr(s, 'x', n) || memchr(s, 'X', n))
    return false;
  memcpy(buf, s, n);
  buf[n] = 0;
  char *stop;
  if (!nd_dtype_is_float(t)) { /* an int first, then an int through a float (deprecated) */
    errno = 0;
    long long i = strtoll(buf, &stop, 10);
    if (*stop == 0 && errno != ERANGE) {
      *v = (double)i;
      return true;
    }
  }
  *v = strtod(buf, &stop);
  if (*stop != 0)
    return false;
  if (!nd_dtype_is_float(t))
    *v = trunc(*v);
  return !(nd_dtype_is_int(t) && !isfinite(*v));
}

/* Room for one more row of values. */
static bool reserve_row(Text *x) {
  int64_t need = (x->rows + 1) * x->cols;
  if (need <= x->cap)
    return true;
  int64_t cap = need > 2 * x->cap ? need : 2 * x->cap;
  double *p = base_realloc(x->vals, sizeof(double) * (size_t)(cap ? cap : 1));
  if (!p)
    return nd_fail(ND_E_MEMORY, "out of memory reading %s", x->path), false;
  x->vals = p;
  x->cap = cap;
  return true;
}

/* Column k of the selection in a row of `width` fields, or -1 with numpy's error. */
static int64_t column(const Text *x, int64_t k, int64_t width) {
  int64_t c = x->o.nusecols ? x->o.usecols[k] : k;
  if (c < -width || c >= width) {
    nd_fail(ND_E_VALUE, "invalid column index %lld at row %lld with %lld columns", (long long)c,
            (long long)x->rows + 1, (long long)width);
    return -1;
  }
  return c < 0 ? c + width : c;
}

/* One data line: its fields split, the selected ones converted and appended. */
static bool row(Text *x, const char *s, const char *e) {
  enum { MAXF = 4096 };
  const char *fs[MAXF], *fe[MAXF], *at = s;
  int64_t width = 0;
  while (width < MAXF && fmt_next_field(&at, e, x->o.delimiter, &fs[width], &fe[width]))
    width++;
  if (width == MAXF)
    return nd_fail(ND_E_VALUE, "%s: more than %d columns", x->path, MAXF), false;
  if (x->rows == 0) {
    x->width = width;
    x->cols = x->o.nusecols ? x->o.nusecols : width;
  } else if (width != x->width) {
    if (x->gen)
      return nd_fail(ND_E_VALUE, "Some errors were detected ! Line #%lld (got %lld columns "
                     "instead of %lld)", (long long)x->rows + 1 + x->o.skiprows, (long long)width,
                     (long long)x->width), false;
    return nd_fail(ND_E_VALUE, "the number of columns changed from %lld to %lld at row %lld; "
                   "use `usecols` to select a subset and avoid this error", (long long)x->width,
                   (long long)width, (long long)x->rows + 1), false;
  }
  if (!reserve_row(x))
    return false;
  for (int64_t k = 0; k < x->cols; k++) {
    int64_t c = column(x, k, width);
    if (c < 0)
      return false;
    double v;
    if (!parse_value(fs[c], fe[c], x->o.dtype, &v)) {
      if (!x->gen)
        return nd_fail(ND_E_VALUE, "could not convert string '%.*s' to %s at row %lld, column "
                       "%lld.", (int)(fe[c] - fs[c] > 60 ? 60 : fe[c] - fs[c]), fs[c],
                       nd_dtype_name(x->o.dtype), (long long)x->rows, (long long)c + 1), false;
      v = x->fill;
    }
    x->vals[x->rows * x->cols + k] = v;
  }
  x->rows++;
  return true;
}

/* The data lines of the text, comments cut and blank lines dropped, after skiprows. */
static bool read_rows(Text *x, const char *text, const char *end) {
  const char *p = text, *cm = x->o.comments ? x->o.comments : "#";
  size_t cl = strlen(cm);
  FmtLine ln = {0};
  const char **starts = NULL, **ends = NULL;
  int64_t n = 0, cap = 0;
  while (fmt_next_line(&p, end, &ln)) {
    if (ln.no <= x->o.skiprows)
      continue;
    const char *e = ln.e;
    for (const char *q = ln.s; cl && q + cl <= ln.e; q++)
      if (memcmp(q, cm, cl) == 0) {
        e = q;
        break;
      }
    FmtLine cut = {ln.s, e, ln.no};
    if (fmt_blank_line(&cut))
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      const char **s2 = base_realloc(starts, sizeof *s2 * (size_t)cap);
      const char **e2 = s2 ? base_realloc(ends, sizeof *e2 * (size_t)cap) : NULL;
      if (s2)
        starts = s2;
      if (!e2) {
        base_free(starts);
        base_free(ends);
        return nd_fail(ND_E_MEMORY, "out of memory reading %s", x->path), false;
      }
      ends = e2;
    }
    starts[n] = ln.s;
    ends[n++] = e;
  }
  n -= x->gen ? (x->o.skip_footer < n ? x->o.skip_footer : n) : 0;
  bool ok = true;
  for (int64_t i = 0; ok && i < n; i++)
    ok = row(x, starts[i], ends[i]);
  base_free(starts);
  base_free(ends);
  return ok;
}

/* numpy's _ensure_ndmin_ndarray, then unpack's transpose. Consumes a. */
static NdArray *shaped(NdArray *a, int ndmin, bool unpack) {
  NdArray *r = a;
  if (r && r->ndim > ndmin) {
    r = nd_squeeze(a, (NdAxes){0});
    nd_unref(a);
  }
  if (r && r->ndim < ndmin) {
    NdArray *t = nd_atleast_nd(r, ndmin);
    nd_unref(r);
    r = t && ndmin == 2 ? nd_transpose(t, 0, NULL) : t;
    if (ndmin == 2)
      nd_unref(t);
  }
  if (r && unpack) {
    NdArray *t = nd_transpose(r, 0, NULL);
    nd_unref(r);
    r = t;
  }
  return r;
}

static NdArray *read_text(const char *path, const NdTextOpts *opts, bool gen) {
  Text x = {.path = path, .gen = gen, .fill = NAN};
  if (opts)
    x.o = *opts;
  if (!x.o.dtype)
    x.o.dtype = ND_FLOAT64;
  if (gen && x.o.filling_values)
    x.fill = strtod(x.o.filling_values, NULL);
  if (x.o.ndmin < 0 || x.o.ndmin > 2)
    return nd_fail(ND_E_VALUE, "Illegal value of ndmin keyword: %d", x.o.ndmin);
  if (missing(path, gen ? "%s not found." : "%s not found."))
    return NULL;
  FileBytes fb;
  nnc_status s = fmt_read_all(path, &fb);
  if (s != NNC_OK)
    return file_error(s);
  NdArray *a = NULL;
  if (!read_rows(&x, (const char *)fb.data, (const char *)fb.data + fb.len)) {
    char msg[1024]; /* numpy's words, after the file's name */
    snprintf(msg, sizeof msg, "%s", base_last_error());
    nd_fail(nd_error_kind(), "%s: %s", path, msg);
  } else {
    int64_t shape[2] = {x.rows, x.cols};
    a = x.rows ? nd_empty(x.o.dtype, 2, shape) : nd_empty(x.o.dtype, 1, (int64_t[]){0});
    for (int64_t i = 0; a && i < x.rows * x.cols; i++)
      nd_write(a->dtype, a->data + i * (int64_t)nd_dtype_size(a->dtype),
               (NdScalar){.dtype = ND_FLOAT64, .f = x.vals[i]});
    if (a && x.rows)
      a = shaped(a, x.o.ndmin, x.o.unpack);
  }
  base_free(x.vals);
  fmt_file_bytes_free(&fb);
  return a;
}

NdArray *nd_loadtxt(const char *path, const NdTextOpts *o) {
  return read_text(path, o, false);
}

NdArray *nd_genfromtxt(const char *path, const NdTextOpts *o) {
  return read_text(path, o, true);
}

/* ---- savetxt ---- */

/* One printf conversion of fmt at *p: copies its text into spec (with ll for ints) and
 * returns the conversion character, advancing *p; 0 at the end of fmt after copying any
 * literal text into out. '%%' is literal. */
static char next_spec(const char **p, FILE *out, char *spec) {
  for (; **p; (*p)++) {
    if (**p != '%') {
      if (out)
        fputc(**p, out);
      continue;
    }
    if ((*p)[1] == '%') {
      if (out)
        fputc('%', out);
      (*p)++;
      continue;
    }
    size_t k = 0;
    spec[k++] = *(*p)++;
    while (**p && strchr("-+ #0123456789.", **p) && k < 30)
      spec[k++] = *(*p)++;
    char conv = **p;
    if (!conv || !strchr("diouxXeEfFgGcs", conv))
      return '?';
    if (strchr("diouxXc", conv) && conv != 'c') {
      spec[k++] = 'l';
      spec[k++] = 'l';
    }
    spec[k++] = conv == 'i' || conv == 'u' ? 'd' : conv;
    spec[k] = 0;
    (*p)++;
    return conv;
  }
  return 0;
}

static int count_specs(const char *fmt) {
  char spec[40];
  int n = 0;
  for (char c; (c = next_spec(&fmt, NULL, spec)) != 0; n++)
    if (c == '?')
      return -1;
  return n;
}

/* One value through one conversion, as Python's % does it. */
static bool put_value(FILE *f, const char *spec, char conv, NdScalar v) {
  double d = nd_scalar_to_double(v);
  if (strchr("diouxXc", conv)) {
    if (nd_dtype_is_float(v.dtype) && !isfinite(d))
      return nd_fail(isnan(d) ? ND_E_VALUE : ND_E_OVERFLOW, "cannot convert float %s to integer",
                     isnan(d) ? "NaN" : "infinity"), false;
    long long i = nd_dtype_is_float(v.dtype) ? (long long)d : v.dtype == ND_BOOL ? v.b : v.i;
    fprintf(f, spec, i);
  } else if (conv == 's') {
    char buf[BASE_REPR_MAX + 8];
    nd_format_scalar(v, buf);
    char s2[40];
    snprintf(s2, sizeof s2, "%s", spec);
    fprintf(f, s2, buf);
  } else {
    fprintf(f, spec, d);
  }
  return true;
}

static void commented(FILE *f, const char *text, const char *comments, const char *newline) {
  fputs(comments, f);
  for (const char *c = text; *c; c++) {
    if (*c == '\n')
      fprintf(f, "%s%s", newline, comments);
    else
      fputc(*c, f);
  }
  fputs(newline, f);
}

bool nd_savetxt(const char *path, const NdArray *a, const NdSaveTxtOpts *opts) {
  NdSaveTxtOpts o = opts ? *opts : (NdSaveTxtOpts){0};
  const char *fmt = o.fmt ? o.fmt : "%.18e", *delim = o.delimiter ? o.delimiter : " ";
  const char *nl = o.newline ? o.newline : "\n", *cm = o.comments ? o.comments : "# ";
  if (a->ndim == 0 || a->ndim > 2)
    return nd_fail(ND_E_VALUE, "Expected 1D or 2D array, got %dD array instead", a->ndim), false;
  int64_t rows = a->shape[0], cols = a->ndim == 2 ? a->shape[1] : 1;
  int specs = count_specs(fmt);
  if (specs < 0 || (specs != 1 && specs != cols))
    return nd_fail(ND_E_VALUE, "fmt has wrong number of %% formats:  %s", fmt), false;
  FmtOut out;
  nnc_status st = fmt_out_open(&out, path);
  if (st != NNC_OK)
    return file_error(st), false;
  FILE *f = out.f;
  if (o.header && *o.header)
    commented(f, o.header, cm, nl);
  bool ok = true;
  for (int64_t r = 0; ok && r < rows; r++) {
    const char *p = fmt;
    char spec[40];
    for (int64_t c = 0; ok && c < cols; c++) { /* one fmt per value: delimiter-joined copies */
      if (specs == 1 && c > 0) {
        next_spec(&p, f, spec); /* the text after the conversion */
        fputs(delim, f);
        p = fmt;
      }
      char conv = next_spec(&p, f, spec);
      int64_t idx[2] = {r, c};
      ok = put_value(f, spec, conv, nd_get(a, idx));
    }
    next_spec(&p, f, spec);
    fputs(nl, f);
  }
  if (ok && o.footer && *o.footer)
    commented(f, o.footer, cm, nl);
  st = ok ? fmt_out_commit(&out) : NNC_OK; /* a value that does not convert writes nothing */
  fmt_out_close(&out);
  return st == NNC_OK ? ok : (file_error(st), false);
}

/* save(a, "x.csv"): what load() reads back as it was, so only what its CSV reader takes
 * (finite numbers, at least one) is written: float32 with 9 significant digits, float64
 * with 17, integers whole. */
bool nd_save_csv(const char *path, const NdArray *a) {
  if (a->ndim == 0 || a->ndim > 2)
    return nd_fail(ND_E_VALUE, "%s: a CSV file holds a 1D or 2D array, not a %dD one; save "
                   "it as .npy", path, a->ndim), false;
  int64_t rows = a->shape[0], cols = a->ndim == 2 ? a->shape[1] : 1;
  if (rows * cols == 0)
    return nd_fail(ND_E_VALUE, "%s: an empty array has no CSV that load() reads back; save "
                   "it as .npy", path), false;
  for (int64_t r = 0; r < rows; r++)
    for (int64_t c = 0; c < cols; c++) {
      NdScalar v = nd_get(a, (int64_t[2]){r, c});
      if (nd_dtype_is_float(v.dtype) && !isfinite(v.f))
        return nd_fail(ND_E_VALUE, "%s: element [%lld, %lld] is %g, which CSV files that "
                       "load() reads cannot hold; save it as .npy", path, (long long)r,
                       (long long)c, v.f), false;
    }
  NdSaveTxtOpts o = {.fmt = a->dtype == ND_FLOAT32 ? "%.9g" : nd_dtype_is_float(a->dtype)
                                                                ? "%.17g" : "%.0f",
                     .delimiter = ","};
  return nd_savetxt(path, a, &o);
}
