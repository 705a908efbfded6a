/* num.c — int, bool and float: construction, arithmetic and comparison with Python's rules.
 *
 * ints are 64-bit: where Python would grow a big integer, nnc raises OverflowError saying so
 * (tutorials never need more). Division and modulo floor as Python's do; int / int is a
 * float; comparisons between ints and floats are exact, as in Python. bool is int's subclass
 * whose two values are immortal; & | ^ of two bools stay bools.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

Obj *fe_int(Interp *I, int64_t v) {
  if (v >= -5 && v <= 256) {
    Obj *o = &I->small[v + 5].hd;
    fe_incref(o);
    return o;
  }
  Obj *o = fe_new(I, I->cls_int, sizeof(Int));
  if (o)
    ((Int *)o)->v = v;
  return o;
}

Obj *fe_float(Interp *I, double v) {
  Obj *o = fe_new(I, I->cls_float, sizeof(Float));
  if (o)
    ((Float *)o)->v = v;
  return o;
}

bool fe_is_int(const Interp *I, const Obj *o) {
  return o->cls == I->cls_int || o->cls == I->cls_bool;
}

bool fe_is_number(const Interp *I, const Obj *o) {
  return fe_is_int(I, o) || o->cls == I->cls_float;
}

int fe_as_int(Interp *I, Obj *o, int64_t *out) {
  if (fe_is_int(I, o)) {
    *out = ((Int *)o)->v;
    return 0;
  }
  if (o->cls->layout->to_number && !FE_IS(o, float)) {
    Obj *n = o->cls->layout->to_number(I, o);
    if (!n)
      return -1;
    int r = fe_is_int(I, n) ? (*out = ((Int *)n)->v, 0) : -2;
    fe_decref(I, n);
    if (r == 0)
      return 0;
  }
  fe_throw(I, EXC_TypeError, "'%s' object cannot be interpreted as an integer", fe_typename(o));
  return -1;
}

int fe_as_double(Interp *I, Obj *o, double *out) {
  if (FE_IS(o, float)) {
    *out = ((Float *)o)->v;
    return 0;
  }
  if (fe_is_int(I, o)) {
    *out = (double)((Int *)o)->v;
    return 0;
  }
  if (o->cls->layout->to_number) {
    Obj *n = o->cls->layout->to_number(I, o);
    if (!n)
      return -1;
    int r = fe_as_double(I, n, out);
    fe_decref(I, n);
    return r;
  }
  fe_throw(I, EXC_TypeError, "must be real number, not %s", fe_typename(o));
  return -1;
}

static Obj *overflow(Interp *I) {
  return fe_throw(I, EXC_OverflowError, "integer overflow: nnc's integers are 64-bit");
}

/* ---- int arithmetic ---- */

static Obj *int_pow(Interp *I, int64_t a, int64_t b) {
  if (b < 0)
    return a == 0 ? fe_throw(I, EXC_ZeroDivisionError, "0.0 cannot be raised to a negative power")
                  : fe_float(I, pow((double)a, (double)b));
  int64_t r = 1, base = a;
  while (b) {
    if ((b & 1) && __builtin_mul_overflow(r, base, &r))
      return overflow(I);
    b >>= 1;
    if (b && __builtin_mul_overflow(base, base, &base))
      return overflow(I);
  }
  return fe_int(I, r);
}

static Obj *int_binop(Interp *I, int op, int64_t a, int64_t b, bool bools) {
  int64_t r;
  switch (op) {
  case PY_ADD: return __builtin_add_overflow(a, b, &r) ? overflow(I) : fe_int(I, r);
  case PY_SUB: return __builtin_sub_overflow(a, b, &r) ? overflow(I) : fe_int(I, r);
  case PY_MUL: return __builtin_mul_overflow(a, b, &r) ? overflow(I) : fe_int(I, r);
  case PY_DIV:
    if (b == 0)
      return fe_throw(I, EXC_ZeroDivisionError, "division by zero");
    return fe_float(I, (double)a / (double)b);
  case PY_FLOORDIV:
  case PY_MOD:
    if (b == 0)
      return fe_throw(I, EXC_ZeroDivisionError, op == PY_MOD ? "integer modulo by zero"
                                                              : "integer division or modulo by "
                                                                  "zero");
    if (a == INT64_MIN && b == -1)
      return op == PY_MOD ? fe_int(I, 0) : overflow(I);
    r = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
      r--;
    return fe_int(I, op == PY_FLOORDIV ? r : a - r * b);
  case PY_POW: return int_pow(I, a, b);
  case PY_AND: return bools ? fe_bool(I, a & b) : fe_int(I, a & b);
  case PY_OR: return bools ? fe_bool(I, a | b) : fe_int(I, a | b);
  case PY_XOR: return bools ? fe_bool(I, a ^ b) : fe_int(I, a ^ b);
  case PY_LSHIFT:
    if (b < 0)
      return fe_throw(I, EXC_ValueError, "negative shift count");
    if (b >= 63 || (a != 0 && (a > (INT64_MAX >> b) || a < (INT64_MIN >> b))))
      return a == 0 ? fe_int(I, 0) : overflow(I);
    return fe_int(I, (int64_t)((uint64_t)a << b));
  case PY_RSHIFT:
    if (b < 0)
      return fe_throw(I, EXC_ValueError, "negative shift count");
    return fe_int(I, b >= 63 ? (a < 0 ? -1 : 0) : a >> b);
  default: return fe_notimpl(I);
  }
}

/* ---- float arithmetic (CPython's float_rem, float_floor_div, float_pow) ---- */

static double py_fmod(double a, double b) {
  double mod = fmod(a, b);
  if (mod != 0) {
    if ((b < 0) != (mod < 0))
      mod += b;
  } else {
    mod = copysign(0.0, b);
  }
  return mod;
}

static double py_floordiv(double a, double b) {
  double mod = fmod(a, b), div = (a - mod) / b;
  if (mod != 0 && (b < 0) != (mod < 0))
    div -= 1.0;
  if (div != 0) {
    double f = floor(div);
    if (div - f > 0.5)
      f += 1.0;
    return f;
  }
  return copysign(0.0, a / b);
}

static Obj *float_pow(Interp *I, double a, double b) {
  if (b == 0)
    return fe_float(I, 1.0);
  if (isnan(a))
    return fe_float(I, a == 1.0 ? 1.0 : a);
  if (a == 0 && b < 0)
    return fe_throw(I, EXC_ZeroDivisionError, "0.0 cannot be raised to a negative power");
  if (a < 0 && b != floor(b) && isfinite(b))
    return fe_throw(I, EXC_ValueError, "a negative number raised to a fractional power is complex, "
                    "which nnc model files do not support");
  errno = 0;
  double r = pow(a, b);
  if (isinf(r) && isfinite(a) && isfinite(b))
    return fe_throw(I, EXC_OverflowError, "(34, 'Numerical result out of range')");
  return fe_float(I, r);
}

static Obj *float_binop(Interp *I, int op, double a, double b) {
  switch (op) {
  case PY_ADD: return fe_float(I, a + b);
  case PY_SUB: return fe_float(I, a - b);
  case PY_MUL: return fe_float(I, a * b);
  case PY_DIV:
    return b == 0
        ? fe_throw(I, EXC_ZeroDivisionError, "float division by zero") : fe_float(I, a / b);
  case PY_FLOORDIV:
    return b == 0 ? fe_throw(I, EXC_ZeroDivisionError, "float floor division by zero")
                  : fe_float(I, py_floordiv(a, b));
  case PY_MOD:
    return b == 0 ? fe_throw(I, EXC_ZeroDivisionError, "float modulo") : fe_float(I, py_fmod(a, b));
  case PY_POW: return float_pow(I, a, b);
  default: return fe_notimpl(I);
  }
}

Obj *fe_num_binop(Interp *I, int op, Obj *a, Obj *b) {
  if (!fe_is_number(I, a) || !fe_is_number(I, b))
    return fe_notimpl(I);
  if (fe_is_int(I, a) && fe_is_int(I, b))
    return int_binop(I, op, ((Int *)a)->v, ((Int *)b)->v, FE_IS(a, bool) && FE_IS(b, bool));
  double x = FE_IS(a, float) ? ((Float *)a)->v : (double)((Int *)a)->v;
  double y = FE_IS(b, float) ? ((Float *)b)->v : (double)((Int *)b)->v;
  return float_binop(I, op, x, y);
}

static Obj *num_binop_slot(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  return reflected ? fe_num_binop(I, op, b, a) : fe_num_binop(I, op, a, b);
}

/* ---- comparison ---- */

/* -1, 0, 1 for i against d exactly; 2 when d is NaN. */
static int cmp_int_double(int64_t i, double d) {
  if (isnan(d))
    return 2;
  if (d >= 9223372036854775808.0)
    return -1;
  if (d < -9223372036854775808.0)
    return 1;
  double t = trunc(d);
  int64_t di = (int64_t)t;
  if (i != di)
    return i < di ? -1 : 1;
  return d > t ? -1 : d < t ? 1 : 0;
}

bool fe_order_holds(int cmp, int c) {
  if (c == 2)
    return cmp == PYC_NE;
  switch (cmp) {
  case PYC_LT: return c < 0;
  case PYC_LE: return c <= 0;
  case PYC_GT: return c > 0;
  case PYC_GE: return c >= 0;
  case PYC_EQ: return c == 0;
  default: return c != 0;
  }
}

Obj *fe_num_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (!fe_is_number(I, a) || !fe_is_number(I, b))
    return fe_notimpl(I);
  int c;
  if (fe_is_int(I, a) && fe_is_int(I, b)) {
    int64_t x = ((Int *)a)->v, y = ((Int *)b)->v;
    c = x < y ? -1 : x > y;
  } else if (fe_is_int(I, a)) {
    c = cmp_int_double(((Int *)a)->v, ((Float *)b)->v);
  } else if (fe_is_int(I, b)) {
    c = cmp_int_double(((Int *)b)->v, ((Float *)a)->v);
    c = c == 2 ? 2 : -c;
  } else {
    double x = ((Float *)a)->v, y = ((Float *)b)->v;
    c = isnan(x) || isnan(y) ? 2 : x < y ? -1 : x > y;
  }
  return fe_bool(I, fe_order_holds(cmp, c));
}

/* ---- unary, truth, hash, repr ---- */

static Obj *num_unary(Interp *I, int op, Obj *a) {
  if (FE_IS(a, float)) {
    double v = ((Float *)a)->v;
    return op == PY_SUB ? fe_float(I, -v) : op == PY_ADD ? fe_float(I, v) : fe_notimpl(I);
  }
  int64_t v = ((Int *)a)->v;
  if (op == PY_SUB)
    return v == INT64_MIN ? overflow(I) : fe_int(I, -v);
  if (op == PY_ADD)
    return fe_int(I, v);
  return op == PY_INVERT ? fe_int(I, ~v) : fe_notimpl(I);
}

static int int_truth(Interp *I, Obj *o) {
  (void)I;
  return ((Int *)o)->v != 0;
}

static int float_truth(Interp *I, Obj *o) {
  (void)I;
  return ((Float *)o)->v != 0;
}

int64_t fe_hash_double(double v) {
  if (isfinite(v) && v == floor(v) && fabs(v) < 9.2e18)
    return (int64_t)v;
  if (isnan(v))
    return 0;
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  bits ^= bits >> 29;
  bits *= 0xbf58476d1ce4e5b9ull;
  return (int64_t)(bits ^ (bits >> 32));
}

static int int_hash(Interp *I, Obj *o, int64_t *h) {
  (void)I;
  *h = ((Int *)o)->v;
  return 0;
}

static int float_hash(Interp *I, Obj *o, int64_t *h) {
  (void)I;
  *h = fe_hash_double(((Float *)o)->v);
  return 0;
}

static Obj *int_repr(Interp *I, Obj *o) {
  return fe_strf(I, "%lld", (long long)((Int *)o)->v);
}

static Obj *bool_repr(Interp *I, Obj *o) {
  return fe_str_cstr(I, ((Int *)o)->v ? "True" : "False");
}

static Obj *float_repr(Interp *I, Obj *o) {
  char buf[BASE_REPR_MAX];
  base_repr_double(((Float *)o)->v, buf);
  return fe_str_cstr(I, buf);
}

static Obj *int_to_number(Interp *I, Obj *o) {
  (void)I;
  fe_incref(o);
  return o;
}

const Layout fe_int_layout = {
    .name = "int", .size = sizeof(Int), .repr = int_repr, .hash = int_hash, .binop = num_binop_slot,
    .unary = num_unary, .compare = fe_num_compare, .truth = int_truth, .to_number = int_to_number,
};
const Layout fe_bool_layout = {
    .name = "bool", .size = sizeof(Int), .repr = bool_repr, .hash = int_hash,
        .binop = num_binop_slot,
    .unary = num_unary, .compare = fe_num_compare, .truth = int_truth, .to_number = int_to_number,
};
const Layout fe_float_layout = {
    .name = "float", .size = sizeof(Float), .repr = float_repr, .hash = float_hash,
    .binop = num_binop_slot, .unary = num_unary, .compare = fe_num_compare, .truth = float_truth,
    .to_number = int_to_number,
};

/* ---- parsing and rounding ---- */

static void trim(const char **s, size_t *n) {
  while (*n && strchr(" \t\n\r\f\v", (*s)[0]))
    (*s)++, (*n)--;
  while (*n && strchr(" \t\n\r\f\v", (*s)[*n - 1]))
    (*n)--;
}

/* Copies the digits of s without single underscores between digits; false when malformed. */
static bool strip_underscores(const char *s, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '_') {
      if (i == 0 || i + 1 == n || s[i + 1] == '_' || !strchr("0123456789abcdefABCDEF", s[i - 1]))
        return false;
      continue;
    }
    if (o + 1 >= cap)
      return false;
    out[o++] = s[i];
  }
  out[o] = '\0';
  return true;
}

Obj *fe_int_parse(Interp *I, const char *s, size_t n, int base) {
  const char *orig = s;
  size_t orig_n = n;
  trim(&s, &n);
  char buf[128];
  bool ok = n > 0 && strip_underscores(s, n, buf, sizeof buf);
  char *p = buf, *end = NULL;
  bool neg = ok && (*p == '-' || *p == '+') ? *p++ == '-' : false;
  if (ok && (base == 0 || base == 16 || base == 8 || base == 2) && p[0] == '0' && p[1] &&
      strchr("xXoObB", p[1])) {
    int b = strchr("xX", p[1]) ? 16 : strchr("oO", p[1]) ? 8 : 2;
    ok = base == 0 || base == b;
    base = b;
    p += 2;
  } else if (base == 0) {
    base = 10;
    ok = ok && !(p[0] == '0' && p[1] && strspn(p, "0") != strlen(p));
  }
  errno = 0;
  unsigned long long v = ok && *p && *p != '-' && *p != '+' ? strtoull(p, &end, base) : 0;
  ok = ok && end && *end == '\0' && end != p;
  if (ok && (errno == ERANGE || v > (unsigned long long)INT64_MAX + neg))
    return fe_throw(I, EXC_OverflowError, "int too large: nnc's integers are 64-bit");
  if (!ok) {
    BaseBuf b = {0};
    fe_str_quote(&b, orig, orig_n);
    Obj *q = fe_sb_finish(I, &b);
    Obj *r = q
        ? fe_throw(I, EXC_ValueError, "invalid literal for int() with base %d: %s", base,
                   FE_STR(q)->s) : NULL;
    fe_decref(I, q);
    return r;
  }
  return fe_int(I, neg ? (int64_t)(0 - v) : (int64_t)v);
}

/* Equal but for ASCII letter case. */
static bool same_word(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if ((*a | 0x20) != (*b | 0x20))
      return false;
  return *a == *b;
}

Obj *fe_float_parse(Interp *I, const char *s, size_t n) {
  const char *orig = s;
  size_t orig_n = n;
  trim(&s, &n);
  char buf[400];
  bool ok = n > 0 && strip_underscores(s, n, buf, sizeof buf);
  char *p = buf, *end = NULL;
  const char *w = buf + (buf[0] == '-' || buf[0] == '+');
  bool special = ok && (same_word(w, "inf") || same_word(w, "infinity") || same_word(w, "nan"));
  double v = ok ? strtod(p, &end) : 0;
  ok = ok && end && *end == '\0' && end != p && (special || !strpbrk(buf, "xXpP"));
  if (ok && !special &&
      (strchr(buf, 'n') || strchr(buf, 'N') || strchr(buf, 'i') || strchr(buf, 'I')))
    ok = false;     /* strtod reads "nanxyz" forms and hex; Python does not */
  if (!ok) {
    BaseBuf b = {0};
    fe_str_quote(&b, orig, orig_n);
    Obj *q = fe_sb_finish(I, &b);
    Obj *r = q
        ? fe_throw(I, EXC_ValueError, "could not convert string to float: %s", FE_STR(q)->s) : NULL;
    fe_decref(I, q);
    return r;
  }
  return fe_float(I, v);
}

/* Rounds the exact decimal expansion of v half to even at 10^-digits (digits < 0). */
static double round_left(double v, int64_t digits) {
  char buf[1500];
  int n = snprintf(buf, sizeof buf, "%.1100f", fabs(v));
  char *dot = strchr(buf, '.');
  int intlen = (int)(dot - buf);
  int64_t keep = intlen + digits;         /* integer digits kept */
  if (keep < 0)
    return copysign(0.0, v);
  bool more = false;                       /* anything after the first dropped digit */
  for (int i = (int)keep + 1; i < n; i++)
    if (buf[i] != '0' && buf[i] != '.')
      more = true;
  int first = keep < intlen ? buf[keep] - '0' : 0;
  int last = keep > 0 ? buf[keep - 1] - '0' : 0;
  bool up = first > 5 || (first == 5 && (more || last % 2 == 1));
  double kept = 0;
  for (int64_t i = 0; i < keep; i++)
    kept = kept * 10 + (buf[i] - '0');
  if (up)
    kept += 1;
  double r = kept * pow(10.0, (double)-digits);
  return copysign(r, v);
}

double fe_round(double v, int64_t digits) {
  if (!isfinite(v) || digits > 323)
    return v;
  if (digits < -308)
    return copysign(0.0, v);
  if (digits < 0)
    return round_left(v, digits);
  char buf[400];
  snprintf(buf, sizeof buf, "%.*f", (int)digits, v);   /* glibc: exact, ties to even */
  return strtod(buf, NULL);
}
