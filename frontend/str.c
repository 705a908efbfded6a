/* str.c — the str type: UTF-8 text, its operators and the methods tutorials use.
 *
 * A str holds its bytes (NUL-terminated, so C can print it) and the count of its code points,
 * which is what len() and indexing count. Indexing an ASCII string is direct; others walk
 * to the code point. Letter case changes only ASCII letters. Strings are built in a BaseBuf (base/buf.c).
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

static int64_t count_cp(const char *s, size_t n) {
  int64_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

Obj *fe_str_new(Interp *I, const char *s, size_t n) {
  if (n == 0 && I->names.empty) {
    fe_incref(I->names.empty);
    return I->names.empty;
  }
  Str *o = (Str *)fe_new(I, I->cls_str, sizeof(Str) + n + 1);
  if (!o)
    return NULL;
  if (n)
    memcpy(o->s, s, n);
  o->s[n] = '\0';
  o->len = (int64_t)n;
  o->ncp = count_cp(s, n);
  o->hash = -1;
  return (Obj *)o;
}

Obj *fe_str_cstr(Interp *I, const char *s) {
  return fe_str_new(I, s, strlen(s));
}

Obj *fe_strf(Interp *I, const char *fmt, ...) {
  BaseBuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  base_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return fe_sb_finish(I, &b);
}

const char *fe_path_bytes(Interp *I, Obj *str) {
  const Str *s = FE_STR(str);
  if (memchr(s->s, '\0', (size_t)s->len))
    return fe_throw(I, EXC_ValueError, "embedded null byte"), NULL;
  return s->s;
}

bool fe_str_is(const Obj *o, const char *s) {
  if (!o || o->cls->layout != &fe_str_layout)
    return false;
  const Str *t = (const Str *)o;
  return (size_t)t->len == strlen(s) && memcmp(t->s, s, (size_t)t->len) == 0;
}

int64_t fe_str_hash(Str *s) {
  if (s->hash == -1) {
    uint64_t h = 1469598103934665603ull;
    for (int64_t i = 0; i < s->len; i++)
      h = (h ^ (unsigned char)s->s[i]) * 1099511628211ull;
    s->hash = (int64_t)(h >> 1);
  }
  return s->hash;
}

int64_t fe_str_offset(const Str *s, int64_t i) {
  if (s->ncp == s->len)
    return i;
  int64_t off = 0;
  for (int64_t k = 0; k < i && off < s->len; k++) {
    off++;
    while (off < s->len && ((unsigned char)s->s[off] & 0xC0) == 0x80)
      off++;
  }
  return off;
}

/* ---- building strs ---- */

void fe_sb_obj(BaseBuf *b, const Obj *str) {
  const Str *s = (const Str *)str;
  base_buf_put(b, s->s, (size_t)s->len);
}

Obj *fe_sb_finish(Interp *I, BaseBuf *b) {
  if (b->nomem) {
    base_buf_free(b);
    return fe_nomem(I);
  }
  Obj *r = fe_str_new(I, b->p ? b->p : "", b->n);
  base_buf_free(b);
  return r;
}

bool fe_sb_repr(Interp *I, BaseBuf *b, Obj *o) {
  Obj *r = fe_repr(I, o);
  if (!r)
    return false;
  fe_sb_obj(b, r);
  fe_decref(I, r);
  return true;
}

bool fe_sb_str(Interp *I, BaseBuf *b, Obj *o) {
  Obj *r = fe_str(I, o);
  if (!r)
    return false;
  fe_sb_obj(b, r);
  fe_decref(I, r);
  return true;
}

/* Python's quoting: single quotes unless the text has ' and no ". Printable non-ASCII
 * characters stay as they are; invalid UTF-8 bytes (which Python would not have) as \x. */
void fe_str_quote(BaseBuf *b, const char *s, size_t n) {
  bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
  char q = sq && !dq ? '"' : '\'';
  base_buf_put(b, &q, 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == (unsigned char)q || c == '\\') {
      char e[2] = {'\\', (char)c};
      base_buf_put(b, e, 2);
    } else if (c == '\n') {
      base_buf_puts(b, "\\n");
    } else if (c == '\r') {
      base_buf_puts(b, "\\r");
    } else if (c == '\t') {
      base_buf_puts(b, "\\t");
    } else if (c < 0x20 || c == 0x7f) {
      base_buf_printf(b, "\\x%02x", c);
    } else {
      base_buf_put(b, (const char *)&c, 1);
    }
  }
  base_buf_put(b, &q, 1);
}

/* ---- layout ---- */

static Obj *str_repr(Interp *I, Obj *o) {
  BaseBuf b = {0};
  fe_str_quote(&b, FE_STR(o)->s, (size_t)FE_STR(o)->len);
  return fe_sb_finish(I, &b);
}

static int str_hash(Interp *I, Obj *o, int64_t *h) {
  (void)I;
  *h = fe_str_hash(FE_STR(o));
  return 0;
}

static int64_t str_len(Interp *I, Obj *o) {
  (void)I;
  return FE_STR(o)->ncp;
}

static Obj *concat(Interp *I, Str *a, Str *b) {
  BaseBuf sb = {0};
  base_buf_put(&sb, a->s, (size_t)a->len);
  base_buf_put(&sb, b->s, (size_t)b->len);
  return fe_sb_finish(I, &sb);
}

static Obj *repeat(Interp *I, Str *a, Obj *count) {
  int64_t k;
  if (fe_as_int(I, count, &k) < 0)
    return NULL;
  if (k > 0 && a->len > 0 && k > (int64_t)(1 << 30) / a->len)
    return fe_throw(I, EXC_MemoryError, "repeated string too long");
  BaseBuf sb = {0};
  base_buf_put(&sb, "", 0);
  for (int64_t i = 0; i < k; i++)
    base_buf_put(&sb, a->s, (size_t)a->len);
  return fe_sb_finish(I, &sb);
}

static Obj *str_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  if (op == PY_ADD && !reflected && FE_IS(b, str))
    return concat(I, FE_STR(a), FE_STR(b));
  if (op == PY_ADD && !reflected)
    return fe_throw(I, EXC_TypeError, "can only concatenate str (not \"%s\") to str",
                    fe_typename(b));
  if (op == PY_MUL && fe_is_int(I, b))
    return repeat(I, FE_STR(a), b);
  if (op == PY_MOD && !reflected)
    return fe_percent_format(I, a, b);
  return fe_notimpl(I);
}

static Obj *str_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (!FE_IS(b, str))
    return fe_notimpl(I);
  Str *x = FE_STR(a), *y = FE_STR(b);
  return fe_bool(I, fe_order_holds(cmp, fe_bytes_order(x->s, x->len, y->s, y->len)));
}

int fe_bytes_order(const void *a, int64_t na, const void *b, int64_t nb) {
  int c = memcmp(a, b, (size_t)(na < nb ? na : nb));
  if (c == 0)
    return na < nb ? -1 : na > nb;
  return c < 0 ? -1 : 1;
}

static const char *find_bytes(const char *h, size_t hn, const char *n, size_t nn) {
  if (nn == 0)
    return h;
  for (size_t i = 0; i + nn <= hn; i++)
    if (h[i] == n[0] && memcmp(h + i, n, nn) == 0)
      return h + i;
  return NULL;
}

static int str_contains(Interp *I, Obj *o, Obj *v) {
  if (!FE_IS(v, str)) {
    fe_throw(I, EXC_TypeError, "'in <string>' requires string as left operand, not %s",
             fe_typename(v));
    return -1;
  }
  return find_bytes(FE_STR(o)->s, (size_t)FE_STR(o)->len, FE_STR(v)->s,
                    (size_t)FE_STR(v)->len) != NULL;
}

/* The code points from..to (by offset) of s, as a new str. */
static Obj *substr(Interp *I, Str *s, int64_t from, int64_t to) {
  int64_t a = fe_str_offset(s, from), b = fe_str_offset(s, to);
  return fe_str_new(I, s->s + a, (size_t)(b - a));
}

Obj *fe_str_getitem(Interp *I, Obj *o, Obj *key) {
  Str *s = FE_STR(o);
  if (FE_IS(key, slice)) {
    int64_t start, stop, step, n;
    if (fe_slice_indices(I, key, s->ncp, &start, &stop, &step, &n) < 0)
      return NULL;
    if (step == 1)
      return substr(I, s, start, start + n);
    BaseBuf b = {0};
    base_buf_put(&b, "", 0);
    for (int64_t i = 0, k = start; i < n; i++, k += step) {
      int64_t a = fe_str_offset(s, k), e = fe_str_offset(s, k + 1);
      base_buf_put(&b, s->s + a, (size_t)(e - a));
    }
    return fe_sb_finish(I, &b);
  }
  int64_t i;
  if (fe_seq_index(I, key, s->ncp, "string", &i) < 0)
    return NULL;
  return substr(I, s, i, i + 1);
}

const Layout fe_str_layout = {
    .name = "str", .size = sizeof(Str), .repr = str_repr, .hash = str_hash, .binop = str_binop,
    .compare = str_compare, .len = str_len, .getitem = fe_str_getitem, .contains = str_contains,
    .iter = fe_seq_iter,
};

/* ---- methods ---- */

#define SELF FE_STR(self)

static Obj *opt_str(Interp *I, Obj *v, const char *what) {
  if (v == &I->none || FE_IS(v, str))
    return v;
  fe_throw(I, EXC_TypeError, "%s must be str or None, not %s", what, fe_typename(v));
  return NULL;
}

static bool is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f;
}

static Obj *split_ws(Interp *I, Str *s, int64_t max, bool right) {
  Obj *out = fe_list_new(I, 0);
  int64_t n = s->len;
  const char *p = s->s;
  if (!right) {
    int64_t i = 0;
    while (out && i < n) {
      while (i < n && is_space((unsigned char)p[i]))
        i++;
      if (i >= n)
        break;
      int64_t j = i;
      if (max >= 0 && FE_LIST(out)->n >= max) {
        j = n;
        while (j > i && is_space((unsigned char)p[j - 1]))
          j--;
      } else {
        while (j < n && !is_space((unsigned char)p[j]))
          j++;
      }
      Obj *w = fe_str_new(I, p + i, (size_t)(j - i));
      if (!w || fe_list_append(I, out, w) < 0) {
        fe_decref(I, w);
        fe_decref(I, out);
        return NULL;
      }
      fe_decref(I, w);
      i = j;
    }
    return out;
  }
  /* rsplit: collect from the right, then reverse */
  int64_t j = n;
  while (out && j > 0) {
    while (j > 0 && is_space((unsigned char)p[j - 1]))
      j--;
    if (j <= 0)
      break;
    int64_t i = j;
    if (max >= 0 && FE_LIST(out)->n >= max) {
      i = 0;
      while (i < j && is_space((unsigned char)p[i]))
        i++;
    } else {
      while (i > 0 && !is_space((unsigned char)p[i - 1]))
        i--;
    }
    Obj *w = fe_str_new(I, p + i, (size_t)(j - i));
    if (!w || fe_list_append(I, out, w) < 0) {
      fe_decref(I, w);
      fe_decref(I, out);
      return NULL;
    }
    fe_decref(I, w);
    j = i;
  }
  if (out) {
    List *l = FE_LIST(out);
    for (int64_t a = 0, b = l->n - 1; a < b; a++, b--) {
      Obj *t = l->v[a];
      l->v[a] = l->v[b];
      l->v[b] = t;
    }
  }
  return out;
}

static Obj *split_sep(Interp *I, Str *s, Str *sep, int64_t max, bool right) {
  if (sep->len == 0)
    return fe_throw(I, EXC_ValueError, "empty separator");
  Obj *out = fe_list_new(I, 0);
  const char *p = s->s, *end = s->s + s->len;
  int64_t splits = 0;
  if (!right) {
    while (out) {
      const char *f = max >= 0 && splits >= max
          ? NULL : find_bytes(p, (size_t)(end - p), sep->s, (size_t)sep->len);
      const char *stop = f ? f : end;
      Obj *w = fe_str_new(I, p, (size_t)(stop - p));
      if (!w || fe_list_append(I, out, w) < 0) {
        fe_decref(I, w);
        fe_decref(I, out);
        return NULL;
      }
      fe_decref(I, w);
      if (!f)
        break;
      p = f + sep->len;
      splits++;
    }
    return out;
  }
  const char *e = end;
  while (out) {
    const char *f = NULL;
    if (max < 0 || splits < max)
      for (const char *q = e - sep->len; q >= p; q--)
        if (memcmp(q, sep->s, (size_t)sep->len) == 0) {
          f = q;
          break;
        }
    const char *start = f ? f + sep->len : p;
    Obj *w = fe_str_new(I, start, (size_t)(e - start));
    if (!w || fe_list_append(I, out, w) < 0) {
      fe_decref(I, w);
      fe_decref(I, out);
      return NULL;
    }
    fe_decref(I, w);
    if (!f)
      break;
    e = f;
    splits++;
  }
  List *l = FE_LIST(out);
  for (int64_t a = 0, b = l->n - 1; a < b; a++, b--) {
    Obj *t = l->v[a];
    l->v[a] = l->v[b];
    l->v[b] = t;
  }
  return out;
}

static Obj *do_split(Interp *I, Obj *self, Obj **args, bool right) {
  int64_t max;
  if (!opt_str(I, args[0], "sep") || fe_as_int(I, args[1], &max) < 0)
    return NULL;
  if (args[0] == &I->none)
    return split_ws(I, SELF, max, right);
  return split_sep(I, SELF, FE_STR(args[0]), max, right);
}

static Obj *m_split(Interp *I, Obj *self, Obj **args) {
  return do_split(I, self, args, false);
}

static Obj *m_rsplit(Interp *I, Obj *self, Obj **args) {
  return do_split(I, self, args, true);
}

static Obj *m_splitlines(Interp *I, Obj *self, Obj **args) {
  int keep = fe_truth(I, args[0]);
  Obj *out = fe_list_new(I, 0);
  const char *p = SELF->s, *end = p + SELF->len;
  while (out && p < end) {
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
      q++;
    const char *next = q < end ? q + 1 + (*q == '\r' && q + 1 < end && q[1] == '\n') : end;
    Obj *w = fe_str_new(I, p, (size_t)((keep ? next : q) - p));
    if (!w || fe_list_append(I, out, w) < 0) {
      fe_decref(I, w);
      fe_decref(I, out);
      return NULL;
    }
    fe_decref(I, w);
    p = next;
  }
  return out;
}

/* Decodes the code point at p (n bytes left) into *cp; returns its length. */
static int decode(const char *p, size_t n, uint32_t *cp) {
  unsigned char c = (unsigned char)p[0];
  int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0
      ? 4 : 1;
  if ((size_t)len > n)
    len = 1;
  uint32_t v = len == 1 ? c : c & (0xFF >> (len + 1));
  for (int i = 1; i < len; i++)
    v = v << 6 | ((unsigned char)p[i] & 0x3F);
  *cp = v;
  return len;
}

static bool in_chars(const Str *chars, uint32_t cp) {
  if (!chars)
    return cp < 0x80 && is_space((unsigned char)cp);
  for (int64_t i = 0; i < chars->len;) {
    uint32_t c;
    i += decode(chars->s + i, (size_t)(chars->len - i), &c);
    if (c == cp)
      return true;
  }
  return false;
}

static Obj *do_strip(Interp *I, Obj *self, Obj *chars_arg, bool left, bool right) {
  if (!opt_str(I, chars_arg, "chars"))
    return NULL;
  const Str *chars = chars_arg == &I->none ? NULL : FE_STR(chars_arg);
  int64_t a = 0, b = SELF->len;
  while (left && a < b) {
    uint32_t c;
    int len = decode(SELF->s + a, (size_t)(b - a), &c);
    if (!in_chars(chars, c))
      break;
    a += len;
  }
  while (right && b > a) {
    int64_t k = b - 1;
    while (k > a && ((unsigned char)SELF->s[k] & 0xC0) == 0x80)
      k--;
    uint32_t c;
    decode(SELF->s + k, (size_t)(b - k), &c);
    if (!in_chars(chars, c))
      break;
    b = k;
  }
  return fe_str_new(I, SELF->s + a, (size_t)(b - a));
}

static Obj *m_strip(Interp *I, Obj *self, Obj **args) {
  return do_strip(I, self, args[0], true, true);
}
static Obj *m_lstrip(Interp *I, Obj *self, Obj **args) {
  return do_strip(I, self, args[0], true, false);
}
static Obj *m_rstrip(Interp *I, Obj *self, Obj **args) {
  return do_strip(I, self, args[0], false, true);
}

/* Simple case mappings of the scripts tutorials meet: ASCII, Latin-1, Latin Extended-A,
 * Greek and Cyrillic; other characters stay as they are. */
static uint32_t case_map(uint32_t c, bool upper) {
  if (c < 0x80)
    return upper ? (uint32_t)toupper((int)c) : (uint32_t)tolower((int)c);
  if (upper) {
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
      return c - 0x20;
    if (c == 0x3C2)
      return 0x3A3;
    if (c == 0xFF)
      return 0x178;
    if (c >= 0x450 && c <= 0x45F)
      return c - 0x50;
    if (c >= 0x100 && c <= 0x17F && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F)
      return ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
          ? (c % 2 == 0 ? c - 1 : c) : (c % 2 == 1 ? c - 1 : c);
    return c;
  }
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) ||
      (c >= 0x410 && c <= 0x42F))
    return c + 0x20;
  if (c == 0x178)
    return 0xFF;
  if (c >= 0x400 && c <= 0x40F)
    return c + 0x50;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x17F)
    return ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        ? (c % 2 == 1 ? c + 1 : c) : (c % 2 == 0 ? c + 1 : c);
  return c;
}

static bool cp_alpha(uint32_t c) {
  return c < 0x80 ? isalpha((int)c) != 0 : case_map(c, true) != c || case_map(c, false) != c;
}

static void put_cp(BaseBuf *b, uint32_t cp) {
  char u[4];
  size_t n;
  if (cp < 0x80)
    u[0] = (char)cp, n = 1;
  else if (cp < 0x800)
    u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  base_buf_put(b, u, n);
}

/* mode 0 upper, 1 lower, 2 title, 3 capitalize, 4 swapcase. */
static Obj *map_case(Interp *I, Obj *self, int mode) {
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  bool start = true;
  for (int64_t i = 0; i < SELF->len;) {
    uint32_t c;
    i += decode(SELF->s + i, (size_t)(SELF->len - i), &c);
    bool alpha = cp_alpha(c);
    uint32_t up = case_map(c, true), low = case_map(c, false), out = c;
    switch (mode) {
    case 0: out = up; break;
    case 1: out = low; break;
    case 2: out = alpha ? (start ? up : low) : c; break;
    case 3: out = b.n == 0 ? up : low; break;
    default: out = c == up ? low : up; break;
    }
    put_cp(&b, out);
    start = !alpha;
  }
  return fe_sb_finish(I, &b);
}

static Obj *m_upper(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_case(I, self, 0);
}
static Obj *m_lower(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_case(I, self, 1);
}
static Obj *m_title(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_case(I, self, 2);
}
static Obj *m_capitalize(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_case(I, self, 3);
}
static Obj *m_swapcase(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_case(I, self, 4);
}

static Obj *m_replace(Interp *I, Obj *self, Obj **args) {
  int64_t count;
  if (fe_as_int(I, args[2], &count) < 0)
    return NULL;
  Str *old = FE_STR(args[0]), *new = FE_STR(args[1]);
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  const char *p = SELF->s, *end = p + SELF->len;
  int64_t done = 0;
  if (old->len == 0) {          /* inserts new before every character and at the end */
    while (p <= end) {
      if (count < 0 || done < count) {
        base_buf_put(&b, new->s, (size_t)new->len);
        done++;
      } else {
        base_buf_put(&b, p, (size_t)(end - p));
        break;
      }
      if (p == end)
        break;
      uint32_t cp;
      int len = decode(p, (size_t)(end - p), &cp);
      base_buf_put(&b, p, (size_t)len);
      p += len;
    }
    return fe_sb_finish(I, &b);
  }
  while (p < end) {
    const char *f = count >= 0 && done >= count
        ? NULL : find_bytes(p, (size_t)(end - p), old->s, (size_t)old->len);
    if (!f)
      break;
    base_buf_put(&b, p, (size_t)(f - p));
    base_buf_put(&b, new->s, (size_t)new->len);
    p = f + old->len;
    done++;
  }
  base_buf_put(&b, p, (size_t)(end - p));
  return fe_sb_finish(I, &b);
}

/* start/end arguments (code points, None allowed) as byte offsets into self. */
static int range_args(Interp *I, Str *s, Obj *start, Obj *end, int64_t *a, int64_t *b) {
  int64_t lo = 0, hi = s->ncp;
  if (start != &I->none && fe_as_int(I, start, &lo) < 0)
    return -1;
  if (end != &I->none && fe_as_int(I, end, &hi) < 0)
    return -1;
  if (lo < 0)
    lo = lo + s->ncp < 0 ? 0 : lo + s->ncp;
  if (hi < 0)
    hi = hi + s->ncp < 0 ? 0 : hi + s->ncp;
  if (lo > s->ncp)
    lo = s->ncp + 1;    /* past the end: nothing matches, not even "" */
  if (hi > s->ncp)
    hi = s->ncp;
  *a = lo > s->ncp ? s->len + 1 : fe_str_offset(s, lo);
  *b = fe_str_offset(s, hi);
  return 0;
}

static int64_t byte_to_cp(const Str *s, int64_t off) {
  return s->ncp == s->len ? off : (int64_t)count_cp(s->s, (size_t)off);
}

static Obj *do_find(Interp *I, Obj *self, Obj **args, bool right, bool raise) {
  int64_t a, b;
  if (range_args(I, SELF, args[1], args[2], &a, &b) < 0)
    return NULL;
  Str *sub = FE_STR(args[0]);
  int64_t found = -1;
  if (a <= b && b - a >= sub->len) {
    if (!right) {
      const char *f = find_bytes(SELF->s + a, (size_t)(b - a), sub->s, (size_t)sub->len);
      found = f ? f - SELF->s : -1;
    } else {
      for (int64_t k = b - sub->len; k >= a; k--)
        if (memcmp(SELF->s + k, sub->s, (size_t)sub->len) == 0) {
          found = k;
          break;
        }
    }
  }
  if (found < 0 && raise)
    return fe_throw(I, EXC_ValueError, "substring not found");
  return fe_int(I, found < 0 ? -1 : byte_to_cp(SELF, found));
}

static Obj *m_find(Interp *I, Obj *self, Obj **args) {
  return do_find(I, self, args, false, false);
}
static Obj *m_rfind(Interp *I, Obj *self, Obj **args) {
  return do_find(I, self, args, true, false);
}
static Obj *m_index(Interp *I, Obj *self, Obj **args) {
  return do_find(I, self, args, false, true);
}
static Obj *m_rindex(Interp *I, Obj *self, Obj **args) {
  return do_find(I, self, args, true, true);
}

static Obj *m_count(Interp *I, Obj *self, Obj **args) {
  int64_t a, b;
  if (range_args(I, SELF, args[1], args[2], &a, &b) < 0)
    return NULL;
  Str *sub = FE_STR(args[0]);
  if (a > b)
    return fe_int(I, 0);
  if (sub->len == 0)
    return fe_int(I, byte_to_cp(SELF, b) - byte_to_cp(SELF, a) + 1);
  int64_t n = 0;
  for (const char *p = SELF->s + a, *end = SELF->s + b; p < end;) {
    const char *f = find_bytes(p, (size_t)(end - p), sub->s, (size_t)sub->len);
    if (!f)
      break;
    n++;
    p = f + sub->len;
  }
  return fe_int(I, n);
}

static Obj *affix(Interp *I, Obj *self, Obj **args, bool end) {
  int64_t a, b;
  if (range_args(I, SELF, args[1], args[2], &a, &b) < 0)
    return NULL;
  Obj *const *items = &args[0];
  int64_t n = 1;
  if (FE_IS(args[0], tuple)) {
    items = FE_TUPLE(args[0])->v;
    n = FE_TUPLE(args[0])->n;
  }
  for (int64_t i = 0; i < n; i++) {
    if (!FE_IS(items[i], str))
      return fe_throw(I, EXC_TypeError, "%s first arg must be str or a tuple of str, not %s",
                      end ? "endswith" : "startswith", fe_typename(items[i]));
    Str *x = FE_STR(items[i]);
    if (a > b || b - a < x->len)
      continue;
    if (memcmp(SELF->s + (end ? b - x->len : a), x->s, (size_t)x->len) == 0)
      return fe_bool(I, true);
  }
  return fe_bool(I, false);
}

static Obj *m_startswith(Interp *I, Obj *self, Obj **args) {
  return affix(I, self, args, false);
}
static Obj *m_endswith(Interp *I, Obj *self, Obj **args) {
  return affix(I, self, args, true);
}

/* The fill character argument: a str of one code point. */
static Str *fill_char(Interp *I, Obj *fill) {
  if (!FE_IS(fill, str) || FE_STR(fill)->ncp != 1) {
    fe_throw(I, EXC_TypeError, "The fill character must be exactly one character long");
    return NULL;
  }
  return FE_STR(fill);
}

static Obj *pad(Interp *I, Obj *self, Obj **args, int how) {
  int64_t width;
  Str *fill;
  if (fe_as_int(I, args[0], &width) < 0 || !(fill = fill_char(I, args[1])))
    return NULL;
  int64_t total = width - SELF->ncp;
  if (total <= 0) {
    fe_incref(self);
    return self;
  }
  int64_t left = how == 0 ? 0 : how == 1 ? total : total / 2 + (total & width & 1);
  BaseBuf b = {0};
  for (int64_t i = 0; i < left; i++)
    base_buf_put(&b, fill->s, (size_t)fill->len);
  base_buf_put(&b, SELF->s, (size_t)SELF->len);
  for (int64_t i = left; i < total; i++)
    base_buf_put(&b, fill->s, (size_t)fill->len);
  return fe_sb_finish(I, &b);
}

static Obj *m_ljust(Interp *I, Obj *self, Obj **args) {
  return pad(I, self, args, 0);
}
static Obj *m_rjust(Interp *I, Obj *self, Obj **args) {
  return pad(I, self, args, 1);
}
static Obj *m_center(Interp *I, Obj *self, Obj **args) {
  return pad(I, self, args, 2);
}

static Obj *m_zfill(Interp *I, Obj *self, Obj **args) {
  int64_t width;
  if (fe_as_int(I, args[0], &width) < 0)
    return NULL;
  int64_t total = width - SELF->ncp;
  if (total <= 0) {
    fe_incref(self);
    return self;
  }
  BaseBuf b = {0};
  bool sign = SELF->len && (SELF->s[0] == '-' || SELF->s[0] == '+');
  if (sign)
    base_buf_put(&b, SELF->s, 1);
  for (int64_t i = 0; i < total; i++)
    base_buf_put(&b, "0", 1);
  base_buf_put(&b, SELF->s + sign, (size_t)(SELF->len - sign));
  return fe_sb_finish(I, &b);
}

static Obj *m_join(Interp *I, Obj *self, Obj **args) {
  return fe_str_join(I, self, args[0]);
}

Obj *fe_str_join(Interp *I, Obj *sep, Obj *iterable) {
  Obj *it = fe_iter(I, iterable);
  if (!it)
    return NULL;
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  int64_t i = 0;
  for (Obj *x; (x = fe_next(I, it)); i++) {
    if (!FE_IS(x, str)) {
      fe_throw(I, EXC_TypeError, "sequence item %lld: expected str instance, %s found",
               (long long)i, fe_typename(x));
      fe_decref(I, x);
      break;
    }
    if (i)
      fe_sb_obj(&b, sep);
    fe_sb_obj(&b, x);
    fe_decref(I, x);
  }
  fe_decref(I, it);
  if (I->exc_pending) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

static Obj *m_format(Interp *I, Obj *self, Obj **args) {
  return fe_str_format(I, self, args[0], args[1]);
}

static Obj *classify(Interp *I, Obj *self, int (*pred)(int), bool cased) {
  if (SELF->len == 0)
    return fe_bool(I, false);
  bool any = false;
  for (int64_t i = 0; i < SELF->len; i++) {
    unsigned char c = (unsigned char)SELF->s[i];
    if (c >= 0x80)
      return fe_bool(I, false);
    if (cased) {
      if (isalpha(c)) {
        any = true;
        if (!pred(c))
          return fe_bool(I, false);
      }
    } else if (!pred(c)) {
      return fe_bool(I, false);
    }
  }
  return fe_bool(I, !cased || any);
}

static int space_pred(int c) {
  return is_space((unsigned char)c);
}

static Obj *m_isdigit(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return classify(I, self, isdigit, false);
}
static Obj *m_isalpha(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return classify(I, self, isalpha, false);
}
static Obj *m_isalnum(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return classify(I, self, isalnum, false);
}
static Obj *m_isspace(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return classify(I, self, space_pred, false);
}
static Obj *m_isupper(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return classify(I, self, isupper, true);
}
static Obj *m_islower(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return classify(I, self, islower, true);
}

static Obj *do_partition(Interp *I, Obj *self, Obj *sep_arg, bool right) {
  Str *sep = FE_STR(sep_arg);
  if (sep->len == 0)
    return fe_throw(I, EXC_ValueError, "empty separator");
  const char *f = NULL;
  if (!right) {
    f = find_bytes(SELF->s, (size_t)SELF->len, sep->s, (size_t)sep->len);
  } else {
    for (int64_t k = SELF->len - sep->len; k >= 0 && !f; k--)
      if (memcmp(SELF->s + k, sep->s, (size_t)sep->len) == 0)
        f = SELF->s + k;
  }
  Obj *parts[3];
  if (!f) {
    Obj *e = fe_str_new(I, "", 0);
    parts[0] = right ? e : self;
    parts[1] = e;
    parts[2] = right ? self : e;
    Obj *t = e ? fe_tuple_pack(I, 3, parts[0], parts[1], parts[2]) : NULL;
    fe_decref(I, e);
    return t;
  }
  Obj *a = fe_str_new(I, SELF->s, (size_t)(f - SELF->s));
  Obj *c = fe_str_new(I, f + sep->len, (size_t)(SELF->s + SELF->len - f - sep->len));
  Obj *t = a && c ? fe_tuple_pack(I, 3, a, sep_arg, c) : NULL;
  fe_decref(I, a);
  fe_decref(I, c);
  return t;
}

static Obj *m_partition(Interp *I, Obj *self, Obj **args) {
  return do_partition(I, self, args[0], false);
}
static Obj *m_rpartition(Interp *I, Obj *self, Obj **args) {
  return do_partition(I, self, args[0], true);
}

static Obj *m_removeprefix(Interp *I, Obj *self, Obj **args) {
  Str *p = FE_STR(args[0]);
  if (p->len <= SELF->len && memcmp(SELF->s, p->s, (size_t)p->len) == 0)
    return fe_str_new(I, SELF->s + p->len, (size_t)(SELF->len - p->len));
  fe_incref(self);
  return self;
}

static Obj *m_removesuffix(Interp *I, Obj *self, Obj **args) {
  Str *p = FE_STR(args[0]);
  if (p->len && p->len <= SELF->len &&
      memcmp(SELF->s + SELF->len - p->len, p->s, (size_t)p->len) == 0)
    return fe_str_new(I, SELF->s, (size_t)(SELF->len - p->len));
  fe_incref(self);
  return self;
}

static Obj *m_encode(Interp *I, Obj *self, Obj **args) {
  return fe_str_encode(I, self, args[0], args[1]);
}

static Obj *str_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_str(I, args[0]);
}

static Obj *m_dunder_format(Interp *I, Obj *self, Obj **args) {
  return fe_format(I, self, args[0]);
}

static const FeFnDef str_methods[] = {
    {"split", m_split, "(sep: str|None = None, maxsplit: int = -1)", NULL, NULL},
    {"rsplit", m_rsplit, "(sep: str|None = None, maxsplit: int = -1)", NULL, NULL},
    {"splitlines", m_splitlines, "(keepends=False)", NULL, NULL},
    {"strip", m_strip, "(chars=None, /)", NULL, NULL},
    {"lstrip", m_lstrip, "(chars=None, /)", NULL, NULL},
    {"rstrip", m_rstrip, "(chars=None, /)", NULL, NULL},
    {"upper", m_upper, "()", NULL, NULL},
    {"lower", m_lower, "()", NULL, NULL},
    {"casefold", m_lower, "()", NULL, NULL},
    {"title", m_title, "()", NULL, NULL},
    {"capitalize", m_capitalize, "()", NULL, NULL},
    {"swapcase", m_swapcase, "()", NULL, NULL},
    {"replace", m_replace, "(old: str, new: str, count: int = -1, /)", NULL, NULL},
    {"find", m_find, "(sub: str, start=None, end=None, /)", NULL, NULL},
    {"rfind", m_rfind, "(sub: str, start=None, end=None, /)", NULL, NULL},
    {"index", m_index, "(sub: str, start=None, end=None, /)", NULL, NULL},
    {"rindex", m_rindex, "(sub: str, start=None, end=None, /)", NULL, NULL},
    {"count", m_count, "(sub: str, start=None, end=None, /)", NULL, NULL},
    {"startswith", m_startswith, "(prefix, start=None, end=None, /)", NULL, NULL},
    {"endswith", m_endswith, "(suffix, start=None, end=None, /)", NULL, NULL},
    {"ljust", m_ljust, "(width: int, fillchar=' ', /)", NULL, NULL},
    {"rjust", m_rjust, "(width: int, fillchar=' ', /)", NULL, NULL},
    {"center", m_center, "(width: int, fillchar=' ', /)", NULL, NULL},
    {"zfill", m_zfill, "(width: int, /)", NULL, NULL},
    {"join", m_join, "(iterable, /)", NULL, NULL},
    {"format", m_format, "(*args, **kwargs)", NULL, NULL},
    {"isdigit", m_isdigit, "()", NULL, NULL},
    {"isdecimal", m_isdigit, "()", NULL, NULL},
    {"isnumeric", m_isdigit, "()", NULL, NULL},
    {"isalpha", m_isalpha, "()", NULL, NULL},
    {"isalnum", m_isalnum, "()", NULL, NULL},
    {"isspace", m_isspace, "()", NULL, NULL},
    {"isupper", m_isupper, "()", NULL, NULL},
    {"islower", m_islower, "()", NULL, NULL},
    {"partition", m_partition, "(sep: str, /)", NULL, NULL},
    {"rpartition", m_rpartition, "(sep: str, /)", NULL, NULL},
    {"removeprefix", m_removeprefix, "(prefix: str, /)", NULL, NULL},
    {"removesuffix", m_removesuffix, "(suffix: str, /)", NULL, NULL},
    {"encode", m_encode, "(encoding='utf-8', errors='strict')", NULL, NULL},
    {"__format__", m_dunder_format, "(format_spec: str, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_str_class = {
    .name = "str", .layout = &fe_str_layout, .ctor = str_ctor, .ctor_sig = "(object='')",
    .methods = str_methods,
};
