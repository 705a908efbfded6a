/* bytes.c — the bytes type, as far as text round trips need it: str.encode makes one,
 * bytes.decode reads one back ('utf-8' or 'ascii', errors='strict'), and it has a length,
 * items (ints), slices, iteration, comparison, hashing, concatenation and Python's b'...'
 * repr (b'...' literals are its constants). base64 and
 * similar modules (pylib/) make and read them with fe_bytes_new and FE_BYTES. */
#include <stdio.h>
#include <string.h>

#include "frontend.h"

Obj *fe_bytes_new(Interp *I, const void *p, size_t n) {
  Bytes *b = (Bytes *)fe_new(I, I->cls_bytes, sizeof(Bytes) + n + 1);
  if (!b)
    return NULL;
  if (n && p)
    memcpy(b->b, p, n);
  b->b[n] = 0;
  b->len = (int64_t)n;
  return &b->hd;
}

static Obj *bytes_repr(Interp *I, Obj *o) {
  Bytes *b = FE_BYTES(o);
  bool dq = memchr(b->b, '\'', (size_t)b->len) && !memchr(b->b, '"', (size_t)b->len);
  char *s = base_malloc((size_t)b->len * 4 + 4), *p = s;
  if (!s)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  *p++ = 'b', *p++ = dq ? '"' : '\'';
  for (int64_t i = 0; i < b->len; i++) {
    unsigned char c = b->b[i];
    const char *esc = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                    : c == '\\' ? "\\\\" : c == '\'' && !dq ? "\\'" : NULL;
    if (esc)
      p += sprintf(p, "%s", esc);
    else if (c < 32 || c >= 127)
      p += sprintf(p, "\\x%02x", c);
    else
      *p++ = (char)c;
  }
  *p++ = dq ? '"' : '\'';
  Obj *r = fe_str_new(I, s, (size_t)(p - s));
  base_free(s);
  return r;
}

static int bytes_hash(Interp *I, Obj *o, int64_t *h) {
  (void)I;
  uint64_t x = 1469598103934665603u;   /* FNV-1a */
  for (int64_t i = 0; i < FE_BYTES(o)->len; i++)
    x = (x ^ FE_BYTES(o)->b[i]) * 1099511628211u;
  *h = (int64_t)(x >> 1);
  return 0;
}

static Obj *bytes_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (!FE_IS(b, bytes))
    return cmp == PYC_EQ || cmp == PYC_NE ? fe_bool(I, cmp == PYC_NE) : fe_notimpl(I);
  Bytes *x = FE_BYTES(a), *y = FE_BYTES(b);
  return fe_bool(I, fe_order_holds(cmp, fe_bytes_order(x->b, x->len, y->b, y->len)));
}

static int64_t bytes_len(Interp *I, Obj *o) {
  (void)I;
  return FE_BYTES(o)->len;
}

/* b[i] is an int; b[i:j:k] new bytes. */
static Obj *bytes_getitem(Interp *I, Obj *o, Obj *key) {
  Bytes *b = FE_BYTES(o);
  if (FE_IS(key, slice)) {
    int64_t start, stop, step, n;
    if (fe_slice_indices(I, key, b->len, &start, &stop, &step, &n) < 0)
      return NULL;
    Obj *r = fe_bytes_new(I, NULL, (size_t)n);
    for (int64_t i = 0; r && i < n; i++)
      FE_BYTES(r)->b[i] = b->b[start + i * step];
    return r;
  }
  int64_t i;
  if (!fe_is_int(I, key))
    return fe_throw(I, EXC_TypeError, "byte indices must be integers or slices, not %s",
                    fe_typename(key));
  if (fe_as_int(I, key, &i) < 0)
    return NULL;
  if (i < 0)
    i += b->len;
  if (i < 0 || i >= b->len)
    return fe_throw(I, EXC_IndexError, "index out of range");
  return fe_int(I, b->b[i]);
}

static Obj *bytes_iter(Interp *I, Obj *o) {
  Bytes *b = FE_BYTES(o);
  Obj *l = fe_list_new(I, b->len);
  for (int64_t i = 0; l && i < b->len; i++)
    if (!(FE_LIST(l)->v[i] = fe_int(I, b->b[i])))
      fe_setref(I, &l, NULL);
  Obj *it = l ? fe_iter(I, l) : NULL;
  fe_decref(I, l);
  return it;
}

static Obj *bytes_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  if (op != PY_ADD || reflected)
    return fe_notimpl(I);
  if (!FE_IS(b, bytes))
    return fe_throw(I, EXC_TypeError, "can't concat %s to bytes", fe_typename(b));
  Bytes *x = FE_BYTES(a), *y = FE_BYTES(b);
  Bytes *r = (Bytes *)fe_bytes_new(I, NULL, (size_t)(x->len + y->len));
  if (r) {
    memcpy(r->b, x->b, (size_t)x->len);
    memcpy(r->b + x->len, y->b, (size_t)y->len);
  }
  return r ? &r->hd : NULL;
}

const Layout fe_bytes_layout = {
    .name = "bytes", .size = sizeof(Bytes), .repr = bytes_repr, .hash = bytes_hash,
    .binop = bytes_binop,
    .compare = bytes_compare, .len = bytes_len, .getitem = bytes_getitem, .iter = bytes_iter,
};

/* Whether codec name e is name, as Python looks names up: case, '-' and '_' aside. */
static bool codec_is(const char *e, const char *name) {
  for (;; e++, name++) {
    while (*e == '-' || *e == '_')
      e++;
    char c = *e >= 'A' && *e <= 'Z' ? (char)(*e - 'A' + 'a') : *e;
    if (c != *name)
      return false;
    if (!c)
      return true;
  }
}

/* 'utf-8' (any spelling Python takes) or 'ascii'; 0 utf-8, 1 ascii, -1 LookupError. */
static int codec(Interp *I, Obj *enc, Obj *errors) {
  const char *e = FE_IS(enc, str) ? FE_STR(enc)->s : "";
  int k = codec_is(e, "utf8") ? 0 : codec_is(e, "ascii") || codec_is(e, "usascii") ? 1 : -1;
  if (k < 0)
    fe_throw(I, EXC_LookupError, "unknown encoding: %s (nnc has utf-8 and ascii)", e);
  else if (errors != &I->none && !fe_str_is(errors, "strict"))
    fe_throw(I, EXC_NotImplementedError, "errors='%s' is not supported by nnc yet: only "
             "'strict'", FE_IS(errors, str) ? FE_STR(errors)->s : "?");
  return I->exc_pending ? -1 : k;
}

/* The length of the UTF-8 sequence at s (at most n bytes), or 0 when it is not one. */
static int utf8_len(const unsigned char *s, int64_t n) {
  int k = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 && s[0] >= 0xc2 ? 2
        : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 && s[0] <= 0xf4 ? 4 : 0;
  if (k > n)
    return 0;
  for (int i = 1; i < k; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  return k;
}

/* str.encode(encoding, errors): the text's UTF-8 bytes, refused past ASCII for 'ascii'. */
Obj *fe_str_encode(Interp *I, Obj *s, Obj *encoding, Obj *errors) {
  int k = codec(I, encoding, errors);
  if (k < 0)
    return NULL;
  Str *t = FE_STR(s);
  for (int64_t i = 0; k == 1 && i < t->len; i++)
    if ((unsigned char)t->s[i] >= 0x80)
      return fe_throw(I, EXC_ValueError, "'ascii' codec can't encode a character in position "
                      "%lld: ordinal not in range(128)", (long long)i);
  return fe_bytes_new(I, t->s, (size_t)t->len);
}

/* bytes.decode(encoding='utf-8', errors='strict') */
static Obj *m_decode(Interp *I, Obj *self, Obj **args) {
  int k = codec(I, args[0], args[1]);
  if (k < 0)
    return NULL;
  Bytes *b = FE_BYTES(self);
  for (int64_t i = 0, n; i < b->len; i += n)
    if (!(n = k == 1 ? b->b[i] < 0x80 : utf8_len(b->b + i, b->len - i)))
      return fe_throw(I, EXC_ValueError, "'%s' codec can't decode byte 0x%02x in position %lld",
                      k ? "ascii" : "utf-8", b->b[i], (long long)i);
  return fe_str_new(I, (const char *)b->b, (size_t)b->len);
}

/* bytes(source=<missing>, encoding=<missing>, errors=<missing>): of a str with its encoding, of
 * bytes, or of an iterable of ints in range(256). */
static Obj *bytes_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *src = args[0];
  if (!src)
    return fe_bytes_new(I, NULL, 0);
  if (FE_IS(src, str)) {
    if (!args[1])
      return fe_throw(I, EXC_TypeError, "string argument without an encoding");
    return fe_str_encode(I, src, args[1], args[2] ? args[2] : &I->none);
  }
  if (FE_IS(src, bytes)) {
    fe_incref(src);
    return src;
  }
  Obj *l = fe_list_from_iter(I, src);
  Obj *r = l ? fe_bytes_new(I, NULL, (size_t)FE_LIST(l)->n) : NULL;
  for (int64_t i = 0; r && i < FE_LIST(l)->n; i++) {
    int64_t v;
    if (fe_as_int(I, FE_LIST(l)->v[i], &v) < 0 || v < 0 || v > 255) {
      if (!I->exc_pending)
        fe_throw(I, EXC_ValueError, "bytes must be in range(0, 256)");
      fe_setref(I, &r, NULL);
    } else {
      FE_BYTES(r)->b[i] = (unsigned char)v;
    }
  }
  fe_decref(I, l);
  return r;
}

static const FeFnDef bytes_methods[] = {
    {"decode", m_decode, "(encoding='utf-8', errors='strict')", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_bytes_class = {
    .name = "bytes", .layout = &fe_bytes_layout, .ctor = bytes_ctor,
    .ctor_sig = "(source=<missing>, encoding=<missing>, errors=<missing>)",
    .methods = bytes_methods,
};
