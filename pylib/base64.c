/* base64.c — Python's base64 module: b64encode and b64decode (RFC 4648's standard alphabet,
 * '=' padded), and their urlsafe_ forms ('-' and '_' for '+' and '/'). They take bytes (or,
 * for decoding, an ASCII str) and give bytes; decoding skips characters outside the alphabet
 * unless validate=True, and refuses wrong padding as Python does (binascii.Error, a
 * ValueError). */
#include <string.h>

#include "pylib.h"

static const char std_abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The bytes of a bytes value, or of an ASCII str when str_ok; false with TypeError. */
static bool bytes_of(Interp *I, Obj *v, bool str_ok, const unsigned char **p, int64_t *n) {
  if (FE_ISA(I, v, bytes))
    return *p = FE_BYTES(v)->b, *n = FE_BYTES(v)->len, true;
  if (str_ok && FE_ISA(I, v, str) && FE_STR(v)->len == FE_STR(v)->ncp)
    return *p = (const unsigned char *)FE_STR(v)->s, *n = FE_STR(v)->len, true;
  fe_throw(I, str_ok && FE_ISA(I, v, str) ? EXC_ValueError : EXC_TypeError,
           str_ok && FE_ISA(I, v, str) ? "string argument should contain only ASCII characters"
           : "a bytes-like object is required, not '%s'", fe_typename(v));
  return false;
}

static Obj *encode(Interp *I, Obj *v, const char *abc) {
  const unsigned char *s;
  int64_t n;
  if (!bytes_of(I, v, false, &s, &n))
    return NULL;
  Obj *r = fe_bytes_new(I, NULL, (size_t)((n + 2) / 3 * 4));
  if (!r)
    return NULL;
  unsigned char *o = FE_BYTES(r)->b;
  for (int64_t i = 0; i < n; i += 3) {
    uint32_t w = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) |
                 (i + 2 < n ? s[i + 2] : 0);
    *o++ = (unsigned char)abc[w >> 18], *o++ = (unsigned char)abc[(w >> 12) & 63];
    *o++ = i + 1 < n ? (unsigned char)abc[(w >> 6) & 63] : '=';
    *o++ = i + 2 < n ? (unsigned char)abc[w & 63] : '=';
  }
  return r;
}

static Obj *decode(Interp *I, Obj *v, const char *abc, bool validate) {
  const unsigned char *s;
  int64_t n, m = 0, pad = 0;
  if (!bytes_of(I, v, true, &s, &n))
    return NULL;
  Obj *r = fe_bytes_new(I, NULL, (size_t)(n / 4 * 3 + 3));
  if (!r)
    return NULL;
  uint32_t w = 0;
  int k = 0;
  for (int64_t i = 0; i < n && pad == 0; i++) {
    const char *at = s[i] ? strchr(abc, s[i]) : NULL;
    if (s[i] == '=') {
      pad = 1;
    } else if (at) {
      w = w << 6 | (uint32_t)(at - abc);
      if (++k == 4) {
        unsigned char *o = FE_BYTES(r)->b + m;
        o[0] = (unsigned char)(w >> 16), o[1] = (unsigned char)(w >> 8), o[2] = (unsigned char)w;
        m += 3, k = 0, w = 0;
      }
    } else if (validate) {
      fe_decref(I, r);
      return fe_throw(I, EXC_ValueError, "Only base64 data is allowed");
    }
  }
  if (k == 1) {
    fe_decref(I, r);
    return fe_throw(I, EXC_ValueError, "Invalid base64-encoded string: number of data "
                    "characters cannot be 1 more than a multiple of 4");
  }
  int64_t eq = 0;
  for (int64_t i = 0; i < n; i++)
    eq += s[i] == '=';
  if (k && eq < 4 - k) {
    fe_decref(I, r);
    return fe_throw(I, EXC_ValueError, "Incorrect padding");
  }
  if (k) {   /* 2 or 3 characters before the padding: 1 or 2 bytes */
    w <<= 6 * (4 - k);
    FE_BYTES(r)->b[m++] = (unsigned char)(w >> 16);
    if (k == 3)
      FE_BYTES(r)->b[m++] = (unsigned char)(w >> 8);
  }
  FE_BYTES(r)->len = m;
  FE_BYTES(r)->b[m] = 0;
  return r;
}

/* b64encode(s, altchars=None) */
static Obj *b_encode(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "b64encode(altchars=...) is not supported by "
                    "nnc yet: use urlsafe_b64encode");
  return encode(I, args[0], std_abc);
}

/* b64decode(s, altchars=None, validate=False) */
static Obj *b_decode(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "b64decode(altchars=...) is not supported by "
                    "nnc yet: use urlsafe_b64decode");
  return decode(I, args[0], std_abc, fe_truth(I, args[2]) == 1);
}

static Obj *b_url_encode(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return encode(I, args[0], url_abc);
}

static Obj *b_url_decode(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return decode(I, args[0], url_abc, false);
}

static const FeFnDef fns[] = {
    {"b64encode", b_encode, "(s, altchars=None)", NULL, NULL},
    {"b64decode", b_decode, "(s, altchars=None, validate=False)", NULL, NULL},
    {"urlsafe_b64encode", b_url_encode, "(s)", NULL, NULL},
    {"urlsafe_b64decode", b_url_decode, "(s)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* CPython 3.11's public names of base64 (dir(base64)) that nnc lacks: refused by name, never
 * offered as a slip of another name (base64.b32decode is not base64.b64decode). */
static const char base64_lacks[] =
    "MAXBINSIZE MAXLINESIZE a85decode a85encode b16decode b16encode b32decode b32encode "
    "b32hexdecode b32hexencode b85decode b85encode binascii bytes_types decode decodebytes "
    "encode encodebytes main re standard_b64decode standard_b64encode struct test";

const FeModuleDef pl_base64_def = {.name = "base64", .fns = fns, .lacks = base64_lacks};
