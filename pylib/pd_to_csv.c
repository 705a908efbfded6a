/* pd_to_csv.c — DataFrame.to_csv and Series.to_csv, as tutorials save predictions
 * (pd.DataFrame({...}).to_csv('submission.csv', index=False)): the text pandas 1.5 writes,
 * to a path (through nnc's safe writer: the old file stays until the new one is whole; a
 * relative path is the working directory's), to an open file, or returned with no path.
 *
 * A row per line ending in '\n': the row's label first unless index=False, then each value,
 * sep between them. The header line names the columns, led by the index's name (or
 * index_label=; empty when it has none). Floats are written as numpy writes them (the
 * shortest digits that read back as the same float32 or float64: 0.1, 1e-05, 0.33333334) or
 * through float_format= ('%.2f'), ints in decimal, bools as True and False, a missing value
 * as na_rep (''), text as it is. A field holding sep, '"', '\r' or '\n' is quoted with its
 * quotes doubled, and so is a line's only field when empty, as Python's csv module writes
 * them. A Series is written as its to_frame(). */
#include <string.h>

#include "pylib.h"

typedef struct {
  char sep;
  const char *na_rep;
  Obj *float_format;  /* a str, or NULL: numpy's shortest digits */
} Style;

/* A field, quoted when it must be; alone: the line's only field. */
static void put_field(BaseBuf *b, const char *s, size_t n, const Style *o, bool alone) {
  bool quote = n == 0 && alone;
  for (size_t i = 0; i < n && !quote; i++)
    quote = s[i] == o->sep || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  if (!quote) {
    base_buf_put(b, s, n);
    return;
  }
  base_buf_puts(b, "\"");
  for (size_t i = 0; i < n; i++)
    base_buf_put(b, s[i] == '"' ? "\"\"" : s + i, 1 + (s[i] == '"'));
  base_buf_puts(b, "\"");
}

/* str(v) as a field; false with an exception. */
static bool put_str(Interp *I, BaseBuf *b, Obj *v, const Style *o, bool alone) {
  Obj *text = fe_str(I, v);
  if (text)
    put_field(b, FE_STR(text)->s, (size_t)FE_STR(text)->len, o, alone);
  fe_decref(I, text);
  return text != NULL;
}

/* Value i of column c as a field. */
static bool put_value(Interp *I, BaseBuf *b, Obj *c, int64_t i, const Style *o, bool alone) {
  if (pl_col_missing(I, c, i)) {
    put_field(b, o->na_rep, strlen(o->na_rep), o, alone);
    return true;
  }
  Obj *v = pl_col_item(I, c, i);
  bool floats = v && !pl_col_is_text(I, c) && nd_dtype_is_float(PL_ND(c)->dtype);
  Obj *text = floats && o->float_format ? fe_binop(I, PY_MOD, o->float_format, v) : NULL;
  bool ok = v && (!floats || !o->float_format || text);
  if (ok && floats && !text) {   /* numpy's digits, float32's its own */
    char digits[40];
    NdScalar s = {.dtype = PL_ND(c)->dtype, .f = ((Float *)v)->v};
    size_t n = nd_format_scalar(s, digits);
    put_field(b, digits, n, o, alone);
  } else if (ok) {
    ok = put_str(I, b, text ? text : v, o, alone);
  }
  fe_decref(I, v), fe_decref(I, text);
  return ok;
}

/* The header line: the index's column (label, or none when NULL), then the names. */
static bool put_header(Interp *I, BaseBuf *b, Obj *label, Obj *names, const Style *o) {
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, names, &v, &n))
    return false;
  bool ok = !label || put_str(I, b, label, o, n == 0);
  for (int64_t j = 0; ok && j < n; j++) {
    base_buf_put(b, &o->sep, (size_t)(j > 0 || label));
    ok = put_str(I, b, v[j], o, n == 1 && !label);
  }
  base_buf_puts(b, "\n");
  return ok;
}

/* The rows of cols (n of them), each led by its label unless labels is NULL. */
static bool put_rows(Interp *I, BaseBuf *b, Obj *labels, Obj *const *cols, int64_t n,
                     int64_t rows, const Style *o) {
  bool ok = true, alone = n + (labels != NULL) == 1;
  for (int64_t i = 0; ok && i < rows; i++) {
    Obj *label = labels ? FE_LIST(labels)->v[i] : NULL;
    if (label && pl_is_nan(I, label))
      put_field(b, o->na_rep, strlen(o->na_rep), o, alone);
    else if (label)
      ok = put_str(I, b, label, o, alone);
    for (int64_t j = 0; ok && j < n; j++) {
      base_buf_put(b, &o->sep, (size_t)(j > 0 || labels));
      ok = put_value(I, b, cols[j], i, o, alone);
    }
    base_buf_puts(b, "\n");
  }
  return ok;
}

/* Refuses the arguments nnc does not write (but their defaults, or alike), naming the
 * first. */
static bool supported(Interp *I, Obj **args) {
  static const struct {
    int at;
    const char *name, *also;   /* a str it may be besides None (doublequote: True) */
  } fixed[] = {{8, "mode", "w"}, {9, "encoding", "utf-8"}, {10, "compression", "infer"},
               {11, "quoting", NULL}, {12, "quotechar", "\""}, {13, "lineterminator", "\n"},
               {15, "date_format", NULL}, {16, "doublequote", NULL}, {17, "escapechar", NULL},
               {18, "decimal", "."}, {19, "errors", "strict"}, {20, "storage_options", NULL}};
  for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++) {
    Obj *v = args[fixed[k].at];
    const char *also = fixed[k].also;
    bool plain = fixed[k].at == 16 ? v == &I->true_.hd
                                   : v == &I->none || (also && fe_str_is(v, also));
    if (!plain) {
      fe_throw(I, EXC_NotImplementedError, "to_csv(%s=) is not supported by nnc yet: give "
               "path_or_buf, sep, na_rep, float_format, columns, header, index and index_label",
               fixed[k].name);
      return false;
    }
  }
  if (!FE_IS(args[1], str) || FE_STR(args[1])->len != 1) {
    fe_throw(I, EXC_TypeError, "\"delimiter\" must be a 1-character string");
    return false;
  }
  if (!FE_IS(args[2], str) || (args[3] != &I->none && !FE_IS(args[3], str))) {
    fe_throw(I, EXC_NotImplementedError, "to_csv(na_rep=, float_format=) other than a str is "
             "not supported by nnc yet");
    return false;
  }
  return true;
}

/* The names written above the columns: header= as a list of as many, else the columns'. */
static Obj *header_names(Interp *I, Obj *header, Obj *names) {
  if (!FE_IS(header, list) && !FE_IS(header, tuple)) {
    fe_incref(names);
    return names;
  }
  if (fe_len(I, header) != fe_len(I, names))
    return fe_throw(I, EXC_ValueError, "Writing %lld cols but got %lld aliases",
                    (long long)fe_len(I, names), (long long)fe_len(I, header));
  return fe_list_from_iter(I, header);
}

/* The CSV text of frame df, the columns of names, into b. */
static bool write_frame(Interp *I, BaseBuf *b, Obj *df, Obj *names, Obj **args,
                        const Style *o) {
  int header = fe_truth(I, args[5]);
  int index = header < 0 ? -1 : fe_truth(I, args[6]);
  Obj *const *nv;
  int64_t n, rows = fe_len(I, df);
  if (index < 0 || !fe_seq_items(I, names, &nv, &n))
    return false;
  Obj **cols = base_calloc((size_t)(n ? n : 1), sizeof *cols);
  bool ok = cols != NULL;
  for (int64_t j = 0; ok && j < n; j++)
    ok = (cols[j] = pl_frame_column(I, df, nv[j])) != NULL;
  Obj *label = args[7] != &I->none ? args[7] : pl_frame_index_name(df);
  label = !index || label == &I->false_.hd ? NULL : label ? (fe_incref(label), label)
                                                          : fe_str_cstr(I, "");
  ok = ok && (!index || label || args[7] == &I->false_.hd);
  Obj *shown = ok && header ? header_names(I, args[5], names) : NULL;
  ok = ok && (!header || (shown && put_header(I, b, label, shown, o)));
  Obj *labels = ok && index ? pl_labels(I, pl_frame_index(df), pl_frame_first(df), rows) : NULL;
  ok = ok && (!index || labels) && put_rows(I, b, labels, cols, n, rows, o);
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  if (!cols)
    fe_throw(I, EXC_MemoryError, "out of memory");
  base_free(cols);
  fe_decref(I, shown), fe_decref(I, labels), fe_decref(I, label);
  return ok;
}

/* The text to its destination: a path, an open file (its write()), or returned (None). */
static Obj *deliver(Interp *I, Obj *dest, BaseBuf *b) {
  if (b->nomem) {
    base_buf_free(b);
    return fe_throw(I, EXC_MemoryError, "out of memory");
  }
  if (FE_IS(dest, str)) {
    const char *path = fe_path_bytes(I, dest);
    nnc_status st = path ? fmt_write_file(path, b->p ? b->p : "", b->n) : NNC_OK;
    base_buf_free(b);
    return !path ? NULL : st == NNC_OK ? fe_none(I) : pl_raise_status(I, st);
  }
  Obj *text = fe_str_new(I, b->p ? b->p : "", b->n);
  base_buf_free(b);
  if (!text || dest == &I->none)
    return text;
  Obj *r = fe_call_method(I, dest, "write", &text, 1);
  fe_decref(I, text);
  if (!r)
    return NULL;
  fe_decref(I, r);
  return fe_none(I);
}

/* to_csv(path_or_buf=None, sep=',', na_rep='', float_format=None, columns=None,
 * header=True, index=True, index_label=None, ...): see the head of the file. */
Obj *pl_frame_to_csv(Interp *I, Obj *self, Obj **args) {
  if (!supported(I, args))
    return NULL;
  Style o = {FE_STR(args[1])->s[0], FE_STR(args[2])->s,
             args[3] != &I->none ? args[3] : NULL};
  Obj *names = args[4] == &I->none ? (fe_incref(pl_frame_names(self)), pl_frame_names(self))
                                   : fe_list_from_iter(I, args[4]);
  BaseBuf b = {0};
  bool ok = names && write_frame(I, &b, self, names, args, &o);
  fe_decref(I, names);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return deliver(I, args[0], &b);
}

Obj *pl_series_to_csv(Interp *I, Obj *self, Obj **args) {
  Obj *df = fe_call_method(I, self, "to_frame", NULL, 0);
  Obj *r = df ? pl_frame_to_csv(I, df, args) : NULL;
  fe_decref(I, df);
  return r;
}
