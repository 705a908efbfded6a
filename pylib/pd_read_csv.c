/* pd_read_csv.c — pandas.read_csv for the tables tutorials load: header='infer'
 * (the first row names the columns unless names= is given), header=None (columns 0, 1,
 * ...), names=, sep=, usecols= (names or positions), index_col= (a position or a name:
 * that column labels the rows, as pandas' index named after it, and leaves the values), na_values= and pandas' default missing
 * markers ('', 'NA', 'NaN', 'nan', 'N/A', 'NULL', 'null', '-NaN') as NaN. A column of integers
 * (written without a point or exponent) and without a missing value is int64, any other numbers float64, and a column with a
 * field that is not a number is text (pandas' 'object' dtype: every field a str, missing
 * ones NaN), as pandas infers them. An empty header field names its column "Unnamed: j"
 * (the labels' column to_csv writes), an unnamed index when it is index_col.
 *
 * The file goes through formats/'s safe opener and tokenizer (fmt_read_all, fmt_next_line,
 * fmt_next_field), which trims the blanks around a field and knows no quoting: a field in
 * double quotes loses them, but one holding the separator is split. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  const char *path;
  char sep;                  /* 0: runs of blanks (sep=' ' with skipinitialspace) */
  char comment;              /* comment=: the rest of a line after it is ignored; 0 none */
  Obj *na;                   /* na_values: a list/tuple/set of str, or None */
  int64_t rows, cols;
  double *v;                 /* rows x cols, grown as rows come; NaN where missing */
  const char **raw;          /* rows x cols: each field's text, NULL where missing */
  int *rawlen;               /* rows x cols: its length */
  bool *whole;               /* per column: every value a whole number, none missing */
  bool *text;                /* per column: a field that is not a number */
  bool *unnamed;             /* per column: its header field is empty ("Unnamed: j") */
} Table;

static bool is_missing(Interp *I, const Table *t, const char *s, size_t n) {
  static const char *const dflt[] = {"", "NA", "NaN", "nan", "N/A", "NULL", "null", "-NaN",
                                     "#N/A", "n/a", "<NA>", "None"};
  for (size_t i = 0; i < sizeof dflt / sizeof *dflt; i++)
    if (strlen(dflt[i]) == n && memcmp(dflt[i], s, n) == 0)
      return true;
  if (t->na == &I->none)
    return false;
  Obj *str = fe_str_new(I, s, n);
  int in = str ? fe_contains(I, t->na, str) : -1;
  fe_decref(I, str);
  return in == 1;
}

/* Splits one line into its fields (at most max); their count. */
static int64_t fields(const Table *t, const FmtLine *ln, const char **fs, const char **fe,
                      int64_t max) {
  const char *at = ln->s, *end = ln->e;
  const char *c = t->comment ? memchr(ln->s, t->comment, (size_t)(ln->e - ln->s)) : NULL;
  end = c ? c : end;
  int64_t n = 0;
  while (n < max && fmt_next_field(&at, end, t->sep, &fs[n], &fe[n]))
    n++;
  return n;
}

/* Appends one data row; false with an exception. */
static bool add_row(Interp *I, Table *t, const FmtLine *ln, const char **fs, const char **fe,
                    int64_t n) {
  if (n != t->cols) {
    fe_throw(I, EXC_ValueError, "%s:%lld: Error tokenizing data. Expected %lld fields, saw %lld",
             t->path, (long long)ln->no, (long long)t->cols, (long long)n);
    return false;
  }
  size_t cells = (size_t)((t->rows + 1) * t->cols);
  double *v = base_realloc(t->v, cells * sizeof *v);
  t->v = v ? v : t->v;
  const char **raw = v ? base_realloc(t->raw, cells * sizeof *raw) : NULL;
  t->raw = raw ? raw : t->raw;
  int *rawlen = raw ? base_realloc(t->rawlen, cells * sizeof *rawlen) : NULL;
  t->rawlen = rawlen ? rawlen : t->rawlen;
  if (!rawlen)
    return fe_throw(I, EXC_MemoryError, "out of memory"), false;
  for (int64_t j = 0; j < n; j++) {
    int64_t at = t->rows * t->cols + j;
    const char *s = fs[j], *e = fe[j];
    if (e - s >= 2 && *s == '"' && e[-1] == '"')
      s++, e--;
    size_t len = (size_t)(e - s);
    char buf[128], *end;
    raw[at] = NULL, rawlen[at] = (int)(len < INT32_MAX ? len : INT32_MAX);
    if (is_missing(I, t, s, len)) {
      v[at] = NAN, t->whole[j] = false;
      continue;
    }
    if (I->exc_pending)
      return false;
    raw[at] = s;
    snprintf(buf, sizeof buf, "%.*s", (int)(len < 127 ? len : 127), s);
    v[at] = strtod(buf, &end);
    t->text[j] = t->text[j] || len >= 127 || end == buf || *end;
    /* an int64 column is written as integers: "18.0" makes pandas' column float64 */
    strtoll(buf, &end, 10);
    t->whole[j] = t->whole[j] && !*end && len < 19;
  }
  t->rows++;
  return true;
}

/* The column names of the header line (a list of str): an empty one is "Unnamed: j", as
 * pandas names the labels' column that to_csv writes. */
static Obj *header_names(Interp *I, Table *t, const char **fs, const char **fe, int64_t n) {
  Obj *names = fe_list_new(I, 0);
  for (int64_t j = 0; names && j < n; j++) {
    const char *s = fs[j], *e = fe[j];
    if (e - s >= 2 && *s == '"' && e[-1] == '"')
      s++, e--;
    t->unnamed[j] = s == e;
    Obj *name = s == e ? fe_strf(I, "Unnamed: %lld", (long long)j)
                       : fe_str_new(I, s, (size_t)(e - s));
    if (!name || fe_list_append(I, names, name) < 0)
      fe_setref(I, &names, NULL);
    fe_decref(I, name);
  }
  return names;
}

enum { MAX_FIELDS = 4096 };

/* Reads the lines: the header (when there is one) into *names, the rest into t. */
static bool read_lines(Interp *I, Table *t, const FileBytes *fb, bool header, Obj **names) {
  const char *p = (const char *)fb->data, *end = p + fb->len;
  if (fb->len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  const char **fs = base_malloc(2 * MAX_FIELDS * sizeof *fs);
  if (!fs)
    return fe_throw(I, EXC_MemoryError, "out of memory"), false;
  const char **fe = fs + MAX_FIELDS;
  FmtLine ln = {0};
  bool ok = true, first = true;
  while (ok && fmt_next_line(&p, end, &ln)) {
    if (fmt_blank_line(&ln))
      continue;
    int64_t n = fields(t, &ln, fs, fe, MAX_FIELDS);
    if (first) {
      t->cols = n;
      t->whole = base_malloc((size_t)(n ? n : 1) * sizeof *t->whole);
      t->text = base_calloc((size_t)(n ? n : 1), sizeof *t->text);
      t->unnamed = base_calloc((size_t)(n ? n : 1), sizeof *t->unnamed);
      ok = t->whole && t->text && t->unnamed;
      for (int64_t j = 0; ok && j < n; j++)
        t->whole[j] = true;
      if (!ok)
        fe_throw(I, EXC_MemoryError, "out of memory");
    }
    if (ok && first && header)
      ok = (*names = header_names(I, t, fs, fe, n)) != NULL;
    else if (ok)
      ok = add_row(I, t, &ln, fs, fe, n);
    first = false;
  }
  base_free(fs);
  return ok;
}

/* Text column j: its fields as strs, NaN where missing. */
static Obj *text_column(Interp *I, const Table *t, int64_t j) {
  Obj *r = fe_list_new(I, 0);
  for (int64_t i = 0; r && i < t->rows; i++) {
    int64_t at = i * t->cols + j;
    Obj *v = t->raw[at] ? fe_str_new(I, t->raw[at], (size_t)t->rawlen[at]) : fe_float(I, NAN);
    if (!v || fe_list_append(I, r, v) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, v);
  }
  return r;
}

/* Column j of the table: int64, float64 or text. */
static Obj *column_of(Interp *I, const Table *t, int64_t j) {
  if (t->text[j])
    return text_column(I, t, j);
  bool whole = t->whole[j] && t->rows > 0;
  NdArray *a = nd_empty(whole ? ND_INT64 : ND_FLOAT64, 1, &t->rows);
  for (int64_t i = 0; a && i < t->rows; i++) {
    double v = t->v[i * t->cols + j];
    if (whole)
      ((int64_t *)a->data)[i] = (int64_t)v;
    else
      ((double *)a->data)[i] = v;
  }
  return pl_array_wrap(I, a);
}

/* Whether column j (named name) is index_col (its position or its name): 1, 0, or -1 with
 * an exception. */
static int is_index(Interp *I, Obj *index_col, int64_t j, Obj *name) {
  if (index_col == &I->none || index_col == &I->false_.hd)
    return 0;
  Obj *pos = fe_int(I, j);
  int a = pos ? fe_eq(I, index_col, pos) : -1, b = a == 0 ? fe_eq(I, index_col, name) : a;
  fe_decref(I, pos);
  return b;
}

/* Whether column j (named name) is kept: in usecols (names or positions), not index_col. */
static int keep(Interp *I, Obj *usecols, Obj *index_col, int64_t j, Obj *name) {
  Obj *pos = fe_int(I, j);
  if (!pos)
    return -1;
  int r = 1;
  if (usecols != &I->none) {
    int a = fe_contains(I, usecols, pos), b = a == 0 ? fe_contains(I, usecols, name) : a;
    r = b < 0 ? -1 : b;
  }
  fe_decref(I, pos);
  int ix = r == 1 ? is_index(I, index_col, j, name) : 0;
  return r < 0 || ix < 0 ? -1 : r == 1 && !ix;
}

/* Labels f's rows with column index_col of t, as pandas' index named after it; false with
 * an exception (a ValueError naming index_col when the file lacks it). */
static bool set_index(Interp *I, const Table *t, Obj *f, Obj *const *names, int64_t n,
                      Obj *index_col) {
  if (index_col == &I->none || index_col == &I->false_.hd)
    return true;
  for (int64_t j = 0; j < n; j++) {
    int ix = is_index(I, index_col, j, names[j]);
    if (ix < 0)
      return false;
    if (ix == 0)
      continue;
    Obj *c = column_of(I, t, j);
    Obj *labels = !c ? NULL : pl_col_is_text(I, c) ? fe_list_from_iter(I, c)
                                                   : fe_call_method(I, c, "tolist", NULL, 0);
    if (labels)   /* an unnamed column makes an unnamed index, as pandas */
      pl_frame_set_index(I, f, labels, t->unnamed && t->unnamed[j] ? NULL : names[j]);
    fe_decref(I, c), fe_decref(I, labels);
    return labels != NULL;
  }
  Obj *r = fe_str(I, index_col);
  if (r)
    fe_throw(I, EXC_ValueError, "%s: Index %s invalid", t->path, FE_STR(r)->s);
  fe_decref(I, r);
  return false;
}

static Obj *make_frame(Interp *I, const Table *t, Obj *names, Obj *usecols, Obj *index_col) {
  Obj *const *nv;
  int64_t nn;
  if (!fe_seq_items(I, names, &nv, &nn))
    return NULL;
  if (nn != t->cols)
    return fe_throw(I, EXC_ValueError, "%s: Number of passed names did not match number of "
                    "header fields in the file (%lld names, %lld fields)", t->path,
                    (long long)nn, (long long)t->cols);
  Obj *kept = fe_list_new(I, 0);
  Obj **cols = base_calloc((size_t)(nn ? nn : 1), sizeof *cols);
  int64_t k = 0;
  bool ok = kept && cols;
  for (int64_t j = 0; ok && j < nn; j++) {
    int in = keep(I, usecols, index_col, j, nv[j]);
    ok = in >= 0;
    if (in == 1) {
      cols[k] = column_of(I, t, j);
      ok = cols[k++] && fe_list_append(I, kept, nv[j]) == 0;
    }
  }
  Obj *f = ok ? pl_frame_from(I, kept, cols, t->rows) : NULL;
  if (f && !set_index(I, t, f, nv, nn, index_col))
    fe_setref(I, &f, NULL);
  if (!ok && !I->exc_pending)
    fe_throw(I, EXC_MemoryError, "out of memory");
  for (int64_t j = 0; cols && j < k; j++)
    fe_decref(I, cols[j]);
  base_free(cols);
  fe_decref(I, kept);
  return f;
}

/* The keywords beyond the signature nnc reads: skipinitialspace and comment. */
static bool extra_keywords(Interp *I, Obj *kwargs, Table *t) {
  Obj *key, *v;
  for (int64_t pos = 0; fe_dict_next(kwargs, &pos, &key, &v);) {
    if (fe_str_is(key, "skipinitialspace")) {
      if (fe_truth(I, v) == 1 && t->sep == ' ')
        t->sep = 0;
    } else if (fe_str_is(key, "comment") && FE_IS(v, str) && FE_STR(v)->len == 1) {
      t->comment = FE_STR(v)->s[0];
    } else if (!(fe_str_is(key, "comment") && v == &I->none)) {
      fe_throw(I, EXC_NotImplementedError, "read_csv(%s=...) is not supported by nnc yet",
               FE_IS(key, str) ? FE_STR(key)->s : "?");
      return false;
    }
  }
  return true;
}

/* read_csv(filepath_or_buffer, *, sep=',', delimiter=None, header='infer', names=None,
 * index_col=None, usecols=None, na_values=None, ...) */
Obj *pl_read_csv(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_IS(args[0], str))
    return fe_throw(I, EXC_NotImplementedError, "read_csv takes a file name in nnc, not a %s",
                    fe_typename(args[0]));
  Obj *sep = args[2] != &I->none ? args[2] : args[1];
  if (!FE_IS(sep, str) || FE_STR(sep)->len != 1)
    return fe_throw(I, EXC_NotImplementedError, "read_csv(sep=...) takes one character in nnc");
  Obj *header = args[3], *names = args[4];
  bool has_header = fe_str_is(header, "infer") ? names == &I->none : header != &I->none;
  int64_t hrow = 0;
  if (!fe_str_is(header, "infer") && header != &I->none &&
      (fe_as_int(I, header, &hrow) < 0 || hrow != 0))
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "read_csv(header=%lld) "
                                            "is not supported by nnc yet: header=0 or None", (long long)hrow);
  const char *path = fe_path_bytes(I, args[0]);
  if (!path)
    return NULL;
  FileBytes fb;
  nnc_status st = fmt_read_all(path, &fb);
  if (st != NNC_OK)
    return pl_raise_status(I, st);
  Table t = {.path = path, .sep = FE_STR(sep)->s[0], .na = args[7]};
  Obj *found = NULL, *f = NULL;
  if (extra_keywords(I, args[8], &t) && read_lines(I, &t, &fb, has_header, &found)) {
    Obj *use = names != &I->none ? names : found;
    Obj *dflt = use ? NULL : pl_range_list(I, t.cols); /* no header: columns 0, 1, ... */
    if (use || dflt)
      f = make_frame(I, &t, use ? use : dflt, args[6], args[5]);
    fe_decref(I, dflt);
  }
  fe_decref(I, found);
  base_free(t.v);
  base_free(t.raw);
  base_free(t.rawlen);
  base_free(t.whole);
  base_free(t.text);
  base_free(t.unnamed);
  fmt_file_bytes_free(&fb);
  return f;
}
