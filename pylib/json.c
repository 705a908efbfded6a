/* json.c — Python's json module: dumps and dump write Python values as JSON text as CPython
 * 3.11's encoder does (its separators, indent, sort_keys, ensure_ascii, allow_nan, skipkeys
 * and default=), loads and load read text back through cJSON (json_value.c). Tutorials keep
 * history.history and a model's configuration with them.
 *
 * numpy's float64 scalars are written as floats (numpy's float64 is a Python float); other
 * numpy values are refused as Python refuses them ("Object of type float32 is not JSON
 * serializable"), so a file that runs here runs under Python. Reading takes NaN, Infinity
 * and -Infinity as Python does, though cJSON does not (constants_as_numbers).
 */
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pylib.h"

enum { MAX_NESTING = 1000 }; /* containers inside each other: Python's recursion limit */

typedef struct {
  Interp *I;
  BaseBuf *b;
  const char *item_sep, *key_sep;
  const char *indent;         /* one level's indent, or NULL: all on one line */
  bool sort_keys, ensure_ascii, allow_nan, skipkeys;
  Obj *dflt;                  /* default=, or None */
  Obj *open[MAX_NESTING];     /* the containers being written, outermost first */
  int depth;
} Enc;

static bool encode(Enc *e, Obj *o);

/* A newline and `depth` indents, between items when indenting. */
static void newline(Enc *e) {
  if (!e->indent)
    return;
  base_buf_puts(e->b, "\n");
  for (int d = 0; d < e->depth; d++)
    base_buf_puts(e->b, e->indent);
}

/* One code point of s from *i on (advancing *i); UTF-8 as str values hold it. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i) {
  uint32_t c = s[(*i)++];
  int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
  c &= more ? 0x3f >> more : 0x7f;
  while (more-- > 0 && *i < n)
    c = c << 6 | (s[(*i)++] & 0x3f);
  return c;
}

/* s as a JSON string: quotes, backslash escapes, and with ensure_ascii every character
 * outside ' ' .. '~' as \uXXXX (a surrogate pair beyond the BMP). */
static void put_string(Enc *e, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  base_buf_puts(e->b, "\"");
  for (size_t i = 0; i < n;) {
    size_t at = i;
    uint32_t c = next_cp(s, n, &i);
    const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                      : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b"
                      : c == '\f' ? "\\f" : NULL;
    if (esc) {
      base_buf_puts(e->b, esc);
    } else if (c < 0x20 || (e->ensure_ascii && c > 0x7e)) {
      if (c >= 0x10000)
        base_buf_printf(e->b, "\\u%04x\\u%04x", 0xd800 + ((c - 0x10000) >> 10),
                        0xdc00 + ((c - 0x10000) & 0x3ff));
      else
        base_buf_printf(e->b, "\\u%04x", c);
    } else {
      base_buf_put(e->b, str + at, i - at);
    }
  }
  base_buf_puts(e->b, "\"");
}

/* A float as float.__repr__ writes it, or NaN/Infinity/-Infinity where allowed. */
static bool put_float(Enc *e, double v) {
  if (isfinite(v)) {
    Obj *f = fe_float(e->I, v);
    bool ok = f && fe_sb_repr(e->I, e->b, f);
    fe_decref(e->I, f);
    return ok;
  }
  if (!e->allow_nan) {
    fe_throw(e->I, EXC_ValueError, "Out of range float values are not JSON compliant");
    return false;
  }
  base_buf_puts(e->b, isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
  return true;
}

static bool is_np_float64(Interp *I, Obj *o) {
  PlState *st = pl_state(I);
  return st->np_scalar[ND_FLOAT64] && o->cls == st->np_scalar[ND_FLOAT64];
}

/* Marks container o as being written: ValueError when it already is (a cycle). */
static bool enter(Enc *e, Obj *o) {
  for (int d = 0; d < e->depth; d++)
    if (e->open[d] == o) {
      fe_throw(e->I, EXC_ValueError, "Circular reference detected");
      return false;
    }
  if (e->depth == MAX_NESTING || !fe_enter_call(e->I)) {
    if (!e->I->exc_pending)
      fe_throw(e->I, EXC_RecursionError,
               "maximum recursion depth exceeded while encoding a JSON object");
    return false;
  }
  e->open[e->depth++] = o;
  return true;
}

static void leave(Enc *e) {
  e->depth--;
  fe_leave_call(e->I);
}

static bool put_array(Enc *e, Obj *o) {
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(e->I, o, &v, &n))
    return false;
  if (n == 0) {
    base_buf_puts(e->b, "[]");
    return true;
  }
  if (!enter(e, o))
    return false;
  base_buf_puts(e->b, "[");
  bool ok = true;
  for (int64_t i = 0; i < n && ok; i++) {
    if (i > 0)
      base_buf_puts(e->b, e->item_sep);
    newline(e);
    ok = encode(e, v[i]);
  }
  leave(e);
  newline(e);
  base_buf_puts(e->b, "]");
  return ok;
}

/* A dict key as JSON's string: str as it is, float, int, bool and None as their JSON text;
 * 0 for a key skipkeys leaves out, -1 with TypeError. */
static int put_key(Enc *e, Obj *k) {
  Interp *I = e->I;
  if (FE_ISA(I, k, str)) {
    put_string(e, FE_STR(k)->s, (size_t)FE_STR(k)->len);
    return 1;
  }
  bool other = !FE_ISA(I, k, float) && !fe_is_int(I, k) && k != &I->none;
  if (other && e->skipkeys)
    return 0;
  if (other) {
    fe_throw(I, EXC_TypeError, "keys must be str, int, float, bool or None, not %s",
             fe_typename(k));
    return -1;
  }
  BaseBuf text = {0}, *outer = e->b;
  e->b = &text;
  bool ok = encode(e, k);
  e->b = outer;
  if (ok)
    put_string(e, text.p ? text.p : "", text.n);
  base_buf_free(&text);
  return ok ? 1 : -1;
}

static bool put_object(Enc *e, Obj *o) {
  Interp *I = e->I;
  Obj *keys = fe_dict_keys_list(I, o);
  if (!keys || (e->sort_keys && fe_list_sort(I, keys, NULL, false) < 0)) {
    fe_decref(I, keys);
    return false;
  }
  if (FE_LIST(keys)->n == 0) {
    fe_decref(I, keys);
    base_buf_puts(e->b, "{}");
    return true;
  }
  if (!enter(e, o)) {
    fe_decref(I, keys);
    return false;
  }
  base_buf_puts(e->b, "{");
  bool ok = true, first = true;
  for (int64_t i = 0; i < FE_LIST(keys)->n && ok; i++) {
    Obj *k = FE_LIST(keys)->v[i];
    int err = 0;
    Obj *v = fe_dict_get(I, o, k, &err);
    size_t mark = e->b->n;
    if (!first)
      base_buf_puts(e->b, e->item_sep);
    newline(e);
    int put = v ? put_key(e, k) : -1;
    if (put == 0)
      e->b->n = mark; /* skipped: its separator goes too */
    ok = put >= 0;
    if (put > 0) {
      base_buf_puts(e->b, e->key_sep);
      ok = encode(e, v);
      first = false;
    }
  }
  fe_decref(I, keys);
  leave(e);
  if (!first)
    newline(e);
  base_buf_puts(e->b, "}");
  return ok;
}

/* default(o)'s value written in o's place (o counts as open while it is). */
static bool put_default(Enc *e, Obj *o) {
  Interp *I = e->I;
  if (e->dflt == &I->none) {
    fe_throw(I, EXC_TypeError, "Object of type %s is not JSON serializable", fe_typename(o));
    return false;
  }
  if (!enter(e, o))
    return false;
  Obj *v = fe_call1(I, e->dflt, o);
  bool ok = v && encode(e, v);
  fe_decref(I, v);
  leave(e);
  return ok;
}

static bool encode(Enc *e, Obj *o) {
  Interp *I = e->I;
  if (o == &I->none || o == &I->true_.hd || o == &I->false_.hd) {
    base_buf_puts(e->b, o == &I->none ? "null" : o == &I->true_.hd ? "true" : "false");
    return true;
  }
  if (FE_ISA(I, o, str)) {
    put_string(e, FE_STR(o)->s, (size_t)FE_STR(o)->len);
    return true;
  }
  if (FE_ISA(I, o, int))
    return fe_sb_repr(I, e->b, o);
  if (FE_ISA(I, o, float) || is_np_float64(I, o)) {
    double v;
    return fe_as_double(I, o, &v) == 0 && put_float(e, v);
  }
  if (FE_ISA(I, o, list) || FE_ISA(I, o, tuple))
    return put_array(e, o);
  if (FE_ISA(I, o, dict))
    return put_object(e, o);
  return put_default(e, o);
}

/* The text of obj, as dumps's keywords (args[1..]) ask. */
static Obj *dumps_text(Interp *I, Obj *obj, Obj **kw) {
  /* kw: skipkeys, ensure_ascii, check_circular, allow_nan, cls, indent, separators,
   * default, sort_keys */
  if (kw[4] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "json.dumps(cls=...) is not supported by nnc "
                    "yet: use default= for objects json cannot write");
  BaseBuf out = {0}, indent = {0};
  Enc e = {.I = I, .b = &out, .dflt = kw[7], .skipkeys = fe_truth(I, kw[0]) == 1,
           .ensure_ascii = fe_truth(I, kw[1]) == 1, .allow_nan = fe_truth(I, kw[3]) == 1,
           .sort_keys = fe_truth(I, kw[8]) == 1};
  int64_t spaces;
  if (FE_ISA(I, kw[5], str)) {
    e.indent = FE_STR(kw[5])->s;
  } else if (kw[5] != &I->none) {
    if (fe_as_int(I, kw[5], &spaces) < 0)
      return NULL;
    for (int64_t i = 0; i < spaces; i++)
      base_buf_puts(&indent, " ");
    e.indent = indent.p ? indent.p : "";
  }
  e.item_sep = e.indent ? "," : ", ", e.key_sep = ": ";
  if (kw[6] != &I->none) {
    Obj *const *sep;
    int64_t n;
    if (!fe_seq_items(I, kw[6], &sep, &n) || n != 2 || !FE_ISA(I, sep[0], str) ||
        !FE_ISA(I, sep[1], str)) {
      base_buf_free(&indent);
      if (!I->exc_pending)
        fe_throw(I, EXC_TypeError, "separators must be an (item_separator, key_separator) "
                 "tuple of two strs");
      return NULL;
    }
    e.item_sep = FE_STR(sep[0])->s, e.key_sep = FE_STR(sep[1])->s;
  }
  bool ok = encode(&e, obj);
  base_buf_free(&indent);
  if (!ok) {
    base_buf_free(&out);
    return NULL;
  }
  return fe_sb_finish(I, &out);
}

static Obj *j_dumps(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return dumps_text(I, args[0], args + 1);
}

static Obj *j_dump(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *text = dumps_text(I, args[0], args + 2);
  Obj *r = text ? fe_call_method(I, args[1], "write", &text, 1) : NULL;
  fe_decref(I, text);
  fe_decref(I, r);
  return r ? fe_none(I) : NULL;
}

/* Raises json.JSONDecodeError for text that stops parsing at byte `at`, with Python's
 * line, column and character (code points) of that place. */
static Obj *decode_error(Interp *I, const char *text, size_t at) {
  int64_t line = 1, col = 1, ch = 0;
  for (size_t i = 0; i < at; i++) {
    if ((text[i] & 0xc0) == 0x80)
      continue;
    ch++, col++;
    if (text[i] == '\n')
      line++, col = 1;
  }
  Obj *json = fe_import(I, "json");
  Obj *cls = json ? fe_getattr_str(I, json, "JSONDecodeError") : NULL;
  Obj *msg = cls ? fe_strf(I, "Invalid JSON: line %lld column %lld (char %lld)",
                           (long long)line, (long long)col, (long long)ch)
                 : NULL;
  Obj *exc = msg ? fe_call1(I, cls, msg) : NULL;
  if (exc)
    fe_raise(I, exc);
  fe_decref(I, exc), fe_decref(I, msg), fe_decref(I, cls), fe_decref(I, json);
  return NULL;
}

/* text with NaN, Infinity and -Infinity outside strings (which Python writes and reads, and
 * cJSON does not) spelt as 0 or -0 and spaces of the same length: cJSON parses the copy,
 * places stay those of text, and pl_json_value reads those numbers from text itself. */
static char *constants_as_numbers(const char *text, size_t n) {
  char *c = base_malloc(n + 1);
  if (!c)
    return NULL;
  memcpy(c, text, n);
  c[n] = 0;
  bool in_str = false;
  for (size_t i = 0; i < n; i++) {
    size_t len = !in_str && strncmp(c + i, "NaN", 3) == 0 ? 3
                 : !in_str && strncmp(c + i, "Infinity", 8) == 0 ? 8
                 : !in_str && strncmp(c + i, "-Infinity", 9) == 0 ? 9 : 0;
    if (len) {
      memset(c + i, ' ', len);
      c[i] = '0';
      if (len == 9)
        c[i] = '-', c[i + 1] = '0';
      i += len - 1;
    } else if (in_str && c[i] == '\\') {
      i++;
    } else if (c[i] == '"') {
      in_str = !in_str;
    }
  }
  return c;
}

/* The value of JSON text s (a str, or bytes in UTF-8). */
static Obj *parse(Interp *I, Obj *s) {
  const char *text;
  size_t n;
  if (FE_ISA(I, s, str))
    text = FE_STR(s)->s, n = (size_t)FE_STR(s)->len;
  else if (FE_ISA(I, s, bytes))
    text = (const char *)FE_BYTES(s)->b, n = (size_t)FE_BYTES(s)->len;
  else
    return fe_throw(I, EXC_TypeError, "the JSON object must be str, bytes or bytearray, not %s",
                    fe_typename(s));
  char *copy = constants_as_numbers(text, n);
  if (!copy)
    return fe_nomem(I);
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(copy, n, &end, false);
  size_t stop = end ? (size_t)(end - copy) : 0;
  while (root && stop < n && copy[stop] && strchr(" \t\n\r", copy[stop]))
    stop++;
  base_free(copy);
  if (!root || stop < n) {
    cJSON_Delete(root);
    return decode_error(I, text, stop);
  }
  Obj *r = pl_json_value(I, root, text);
  cJSON_Delete(root);
  return r;
}

/* loads's and load's hooks: refused when given. */
static bool no_hooks(Interp *I, Obj **kw, const char *fn) {
  static const char *const names[] = {"cls", "object_hook", "parse_float", "parse_int",
                                      "parse_constant", "object_pairs_hook"};
  for (int i = 0; i < 6; i++)
    if (kw[i] != &I->none) {
      fe_throw(I, EXC_NotImplementedError, "json.%s(%s=...) is not supported by nnc yet", fn,
               names[i]);
      return false;
    }
  return true;
}

static Obj *j_loads(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return no_hooks(I, args + 1, "loads") ? parse(I, args[0]) : NULL;
}

static Obj *j_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!no_hooks(I, args + 1, "load"))
    return NULL;
  Obj *text = fe_call_method(I, args[0], "read", NULL, 0);
  Obj *r = text ? parse(I, text) : NULL;
  fe_decref(I, text);
  return r;
}

#define DUMPS_KW                                                                            \
  "*, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, "  \
  "indent=None, separators=None, default=None, sort_keys=False"
#define LOADS_KW                                                                            \
  "*, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, "  \
  "object_pairs_hook=None"

static const FeFnDef fns[] = {
    {"dumps", j_dumps, "(obj, " DUMPS_KW ")", "str", NULL},
    {"dump", j_dump, "(obj, fp, " DUMPS_KW ")", NULL, NULL},
    {"loads", j_loads, "(s, " LOADS_KW ")", NULL, NULL},
    {"load", j_load, "(fp, " LOADS_KW ")", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "JSONDecodeError", .base = "ValueError"},
    {.name = NULL},
};

/* CPython 3.11's public names of json (dir(json)) that nnc lacks. */
static const char json_lacks[] = "JSONDecoder JSONEncoder codecs decoder detect_encoding "
                                 "encoder scanner";

const FeModuleDef pl_json_def = {.name = "json", .fns = fns, .classes = classes,
                                 .lacks = json_lacks};
