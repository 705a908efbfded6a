/* fmt.c — how values become text exactly as Python writes them: the format-spec
 * mini-language of format() and f-strings, printf-style % formatting and str.format. A
 * float's shortest repr is base_repr_double (base/float.c, shared with numpy's printing).
 *
 * Floats go through C's printf, whose output glibc computes exactly (ties to even on the
 * binary value, as Python's dtoa does); this file lays the digits out by Python's rules
 * (when to switch to an exponent, when ".0" is added, how 'g' drops zeros).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

/* ---- the format-spec mini-language ---- */

typedef struct {
  char fill[8];       /* one UTF-8 character */
  char align;         /* '<', '>', '=', '^' or 0 */
  char sign;          /* '+', '-', ' ' or 0 */
  bool alt, zero, z;
  int64_t width;      /* -1: none */
  char group;         /* ',', '_' or 0 */
  int64_t prec;       /* -1: none */
  char type;          /* 0: none */
} Spec;

static bool parse_spec(Interp *I, const char *s, size_t n, Spec *sp) {
  *sp = (Spec){.fill = " ", .width = -1, .prec = -1};
  size_t i = 0;
  size_t clen = n ? 1 : 0;
  while (clen < n && clen < 4 && ((unsigned char)s[clen] & 0xC0) == 0x80)
    clen++;
  if (n > clen && strchr("<>=^", s[clen]) && s[clen]) {
    memcpy(sp->fill, s, clen);
    sp->fill[clen] = '\0';
    sp->align = s[clen];
    i = clen + 1;
  } else if (n > 0 && strchr("<>=^", s[0]) && s[0]) {
    sp->align = s[0];
    i = 1;
  }
  if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' '))
    sp->sign = s[i++];
  if (i < n && s[i] == 'z')
    sp->z = true, i++;
  if (i < n && s[i] == '#')
    sp->alt = true, i++;
  if (i < n && s[i] == '0') {
    sp->zero = true;
    i++;
  }
  if (i < n && isdigit((unsigned char)s[i])) {
    sp->width = 0;
    while (i < n && isdigit((unsigned char)s[i]) && sp->width < 100000000)
      sp->width = sp->width * 10 + (s[i++] - '0');
  }
  if (i < n && (s[i] == ',' || s[i] == '_'))
    sp->group = s[i++];
  if (i < n && s[i] == '.') {
    i++;
    if (i >= n || !isdigit((unsigned char)s[i])) {
      fe_throw(I, EXC_ValueError, "Format specifier missing precision");
      return false;
    }
    sp->prec = 0;
    while (i < n && isdigit((unsigned char)s[i]) && sp->prec < 100000000)
      sp->prec = sp->prec * 10 + (s[i++] - '0');
  }
  if (i < n)
    sp->type = s[i++];
  if (i < n) {
    fe_throw(I, EXC_ValueError, "Invalid format specifier '%.*s' for object", (int)n, s);
    return false;
  }
  if (sp->zero && !sp->align) {
    strcpy(sp->fill, "0");
    sp->align = '=';
  }
  if (sp->width > 1000000 || sp->prec > 1000000) {
    fe_throw(I, EXC_ValueError, "Too many decimal digits in format string");
    return false;
  }
  return true;
}

static int64_t ncp(const char *s, size_t n) {
  int64_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

/* Appends sign + body padded to the spec's width; '=' pads between sign and body. */
static void pad_out(BaseBuf *b, const Spec *sp, const char *sign, const char *body, size_t n,
                    char def_align) {
  char align = sp->align ? sp->align : def_align;
  int64_t len = ncp(sign, strlen(sign)) + ncp(body, n), total = sp->width > len
      ? sp->width - len : 0;
  int64_t left = align == '<' ? 0 : align == '^' ? total / 2 : align == '=' ? 0 : total;
  for (int64_t i = 0; i < left; i++)
    base_buf_puts(b, sp->fill);
  base_buf_puts(b, sign);
  if (align == '=')
    for (int64_t i = 0; i < total; i++)
      base_buf_puts(b, sp->fill);
  base_buf_put(b, body, n);
  if (align != '=')
    for (int64_t i = left; i < total; i++)
      base_buf_puts(b, sp->fill);
}

/* Inserts the grouping character every `every` digits of the leading integer digits of s
 * (digits up to the first non-digit), into out. With zero padding to `minwidth` chars the
 * padding zeros are grouped too, as Python does. */
static void group_digits(BaseBuf *out, const char *s, char sep, int every, int64_t minwidth) {
  size_t nd = strspn(s, "0123456789abcdefABCDEF");
  if (sep == ',' || every == 3)
    nd = strspn(s, "0123456789");
  int64_t digits = (int64_t)nd;
  /* zeros to add so that the grouped integer part reaches minwidth */
  int64_t rest = (int64_t)strlen(s + nd);
  while (minwidth > 0 && digits + (digits - 1) / every + rest < minwidth)
    digits++;
  for (int64_t i = 0; i < digits; i++) {
    if (i && (digits - i) % every == 0)
      base_buf_put(out, &sep, 1);
    char c = i < digits - (int64_t)nd ? '0' : s[i - (digits - (int64_t)nd)];
    base_buf_put(out, &c, 1);
  }
  base_buf_puts(out, s + nd);
}

/* Lays out a number: its sign (from negative), its digits body, grouping and padding. */
static void number_out(BaseBuf *b, const Spec *sp, bool negative, const char *body, int every) {
  char sign[2] = {0};
  if (negative)
    sign[0] = '-';
  else if (sp->sign == '+' || sp->sign == ' ')
    sign[0] = sp->sign;
  BaseBuf g = {0};
  if (sp->group) {
    int64_t minw = sp->align == '=' && sp->fill[0] == '0' && sp->width > 0
        ? sp->width - (sign[0] != 0) : 0;
    const char *digits = body;
    size_t prefix = 0;
    if (body[0] == '0' && body[1] && strchr("xXoObB", body[1]))
      prefix = 2;         /* "0x" stays in front of the grouped digits */
    base_buf_put(&g, body, prefix);
    group_digits(&g, digits + prefix, sp->group, every, minw ? minw - (int64_t)prefix : 0);
    body = g.p ? g.p : "";
  }
  pad_out(b, sp, sign, body, strlen(body), '>');
  base_buf_free(&g);
}

static bool format_int(Interp *I, BaseBuf *b, int64_t v, const Spec *sp0) {
  Spec sp = *sp0;
  char t = sp.type ? sp.type : 'd';
  if (sp.prec >= 0) {
    fe_throw(I, EXC_ValueError, "Precision not allowed in integer format specifier");
    return false;
  }
  if (t == 'c') {
    if (v < 0 || v > 0x10FFFF) {
      fe_throw(I, EXC_OverflowError, "%%c arg not in range(0x110000)");
      return false;
    }
    char u[5] = {0};
    if (v < 0x80) u[0] = (char)v;
    else if (v < 0x800) u[0] = (char)(0xC0 | v >> 6), u[1] = (char)(0x80 | (v & 0x3F));
    else if (v < 0x10000) u[0] = (char)(0xE0 | v >> 12), u[1] = (char)(0x80 | ((v >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (v & 0x3F));
    else u[0] = (char)(0xF0 | v >> 18), u[1] = (char)(0x80 | ((v >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((v >> 6) & 0x3F)), u[3] = (char)(0x80 | (v & 0x3F));
    pad_out(b, &sp, "", u, strlen(u), '<');
    return true;
  }
  uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  char body[80];
  int every = 3;
  switch (t) {
  case 'd': case 'n': snprintf(body, sizeof body, "%llu", (unsigned long long)m); break;
  case 'x': case 'X':
    snprintf(body, sizeof body, t == 'x' ? "%s%llx" : "%s%llX",
             sp.alt ? (t == 'x' ? "0x" : "0X") : "", (unsigned long long)m);
    every = 4;
    break;
  case 'o': snprintf(body, sizeof body, "%s%llo", sp.alt ? "0o" : "",
                     (unsigned long long)m); every = 4; break;
  case 'b': {
    int o = 0;
    if (sp.alt)
      body[o++] = '0', body[o++] = 'b';
    int bits = 64;
    while (bits > 1 && !((m >> (bits - 1)) & 1))
      bits--;
    for (int i = bits - 1; i >= 0; i--)
      body[o++] = (char)('0' + ((m >> i) & 1));
    body[o] = '\0';
    every = 4;
    break;
  }
  default:
    fe_throw(I, EXC_ValueError, "Unknown format code '%c' for object of type 'int'", t);
    return false;
  }
  if (sp.group == ',' && t != 'd' && t != 'n') {
    fe_throw(I, EXC_ValueError, "Cannot specify ',' with '%c'.", t);
    return false;
  }
  number_out(b, &sp, v < 0, body, every);
  return true;
}

/* Strips trailing zeros (and a bare point) from the fraction of a fixed or e-notation body. */
static void strip_zeros(char *s, bool keep_one) {
  char *dot = strchr(s, '.');
  if (!dot)
    return;
  char *e = strpbrk(s, "eE");
  char *end = e ? e : s + strlen(s);
  char *q = end;
  while (q > dot + 1 && q[-1] == '0')
    q--;
  if (q == dot + 1 && !keep_one)
    q = dot;
  else if (q == dot + 1 && keep_one)
    q = dot + 2;              /* keep ".0" */
  memmove(q, end, strlen(end) + 1);
}

/* The body of a float (no sign) for a spec type, Python's way. */
static void float_body(double m, char type, int64_t prec, bool alt, char *out, size_t n) {
  if (isinf(m) || isnan(m)) {
    snprintf(out, n, "%s", isnan(m) ? "nan" : "inf");
    if (type && isupper((unsigned char)type))
      for (char *p = out; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return;
  }
  int p = (int)prec;
  switch (type) {
  case 'e': case 'E':
    snprintf(out, n, type == 'e' ? (alt ? "%#.*e" : "%.*e") : (alt ? "%#.*E" : "%.*E"),
             prec < 0 ? 6 : p, m);
    return;
  case 'f': case 'F':
    snprintf(out, n, alt ? "%#.*f" : "%.*f", prec < 0 ? 6 : p, m);
    return;
  case '%':
    snprintf(out, n, alt ? "%#.*f%%" : "%.*f%%", prec < 0 ? 6 : p, m * 100);
    return;
  case 'g': case 'G': case 'n':
    snprintf(out, n, type == 'G' ? (alt ? "%#.*G" : "%.*G") : (alt ? "%#.*g" : "%.*g"),
             prec < 0 ? 6 : p == 0 ? 1 : p, m);
    return;
  default:
    break;
  }
  /* no type: repr without a precision; with one, 'g' that keeps a digit after the point
   * and turns to an exponent from exp >= p - 1 */
  if (prec < 0) {
    char r[BASE_REPR_MAX];
    base_repr_double(m, r);
    snprintf(out, n, "%s", r);
    return;
  }
  if (p == 0)
    p = 1;
  char e[64];
  snprintf(e, sizeof e, "%.*e", p - 1, m);
  int exp10 = atoi(strchr(e, 'e') + 1);
  if (exp10 >= -4 && exp10 < p - 1) {
    snprintf(out, n, "%.*f", p - 1 - exp10, m);
    if (!alt)
      strip_zeros(out, true);
    if (!strchr(out, '.'))
      snprintf(out + strlen(out), n - strlen(out), ".0");
  } else {
    snprintf(out, n, "%s", e);
    if (!alt)
      strip_zeros(out, false);
  }
}

static bool format_float(Interp *I, BaseBuf *b, double v, const Spec *sp) {
  if (sp->type && !strchr("eEfFgGn%", sp->type)) {
    fe_throw(I, EXC_ValueError, "Unknown format code '%c' for object of type 'float'", sp->type);
    return false;
  }
  if (sp->group && sp->type == 'n') {
    fe_throw(I, EXC_ValueError, "Cannot specify ',' with 'n'.");
    return false;
  }
  bool neg = signbit(v) && !isnan(v);
  double m = fabs(v);
  size_t cap = (size_t)(sp->prec > 0 ? sp->prec : 0) + 400;
  char small[512], *body = cap <= sizeof small ? small : base_malloc(cap);
  if (!body) {
    fe_nomem(I);
    return false;
  }
  float_body(m, sp->type, sp->prec, sp->alt, body, cap);
  if (sp->z && neg) {           /* 'z': a negative zero after rounding shows as zero */
    bool zero = true;
    for (char *p = body; *p && *p != 'e' && *p != 'E'; p++)
      zero &= *p == '0' || *p == '.' || *p == '%';
    if (zero)
      neg = false;
  }
  number_out(b, sp, neg, body, 3);
  if (body != small)
    base_free(body);
  return true;
}

static bool format_str(Interp *I, BaseBuf *b, const Str *s, const Spec *sp) {
  if (sp->type && sp->type != 's') {
    fe_throw(I, EXC_ValueError, "Unknown format code '%c' for object of type 'str'", sp->type);
    return false;
  }
  if (sp->sign || sp->align == '=' || sp->group) {
    fe_throw(I, EXC_ValueError,
             sp->align == '=' ? "'=' alignment not allowed in string format specifier"
                                                 : "Sign not allowed in string format specifier");
    return false;
  }
  int64_t len = s->len;
  if (sp->prec >= 0 && sp->prec < s->ncp)
    len = fe_str_offset(s, sp->prec);
  pad_out(b, sp, "", s->s, (size_t)len, '<');
  return true;
}

bool fe_format_into(Interp *I, BaseBuf *b, Obj *v, const char *spec, size_t n) {
  Spec sp;
  if (v->cls->layout->format) {
    Obj *s = fe_str_new(I, spec, n), *r = s ? v->cls->layout->format(I, v, s) : NULL;
    fe_decref(I, s);
    if (r)
      fe_sb_obj(b, r);
    fe_decref(I, r);
    return r != NULL;
  }
  if (n == 0 && !FE_IS(v, float) && !fe_is_int(I, v))
    return fe_sb_str(I, b, v);
  Obj *user = v->cls->layout->user ? fe_user_method(I, v, "__format__") : NULL;
  if (user) {
    Obj *s = fe_str_new(I, spec, n), *r = s ? fe_call2(I, user, v, s) : NULL;
    fe_decref(I, s);
    if (r && !FE_IS(r, str)) {
      fe_decref(I, r);
      fe_throw(I, EXC_TypeError, "__format__ must return a str, not %s", fe_typename(r));
      return false;
    }
    if (r)
      fe_sb_obj(b, r);
    fe_decref(I, r);
    return r != NULL;
  }
  if (!parse_spec(I, spec, n, &sp))
    return false;
  if (FE_IS(v, str))
    return format_str(I, b, FE_STR(v), &sp);
  if (FE_IS(v, bool) && n == 0)
    return fe_sb_str(I, b, v);
  if (fe_is_int(I, v)) {
    if (sp.type && strchr("eEfFgG%", sp.type))
      return format_float(I, b, (double)((Int *)v)->v, &sp);
    return format_int(I, b, ((Int *)v)->v, &sp);
  }
  if (FE_IS(v, float))
    return format_float(I, b, ((Float *)v)->v, &sp);
  fe_throw(I, EXC_TypeError, "unsupported format string passed to %s.__format__", fe_typename(v));
  return false;
}

Obj *fe_format(Interp *I, Obj *v, Obj *spec) {
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  if (!fe_format_into(I, &b, v, spec ? FE_STR(spec)->s : "",
                      spec ? (size_t)FE_STR(spec)->len : 0)) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

/* ---- printf-style: fmt % args ---- */

typedef struct {
  Obj *args;          /* a tuple of the values */
  int64_t next;
  Obj *map;           /* a mapping for %(name)s, or NULL */
} PctArgs;

static Obj *pct_next(Interp *I, PctArgs *a) {
  if (a->next >= FE_TUPLE(a->args)->n)
    return fe_throw(I, EXC_TypeError, "not enough arguments for format string");
  Obj *v = FE_TUPLE(a->args)->v[a->next++];
  fe_incref(v);
  return v;
}

static bool pct_number(Interp *I, BaseBuf *b, char conv, Obj *v, Spec *sp) {
  double d;
  if (strchr("diouxX", conv)) {
    int64_t k;
    if (FE_IS(v, float)) {
      double f = ((Float *)v)->v;
      if (!isfinite(f)) {
        fe_throw(I, EXC_OverflowError, "cannot convert float %s to integer",
                 isnan(f) ? "NaN" : "infinity");
        return false;
      }
      k = (int64_t)trunc(f);
    } else if (fe_is_int(I, v)) {
      k = ((Int *)v)->v;
    } else if (v->cls->layout->to_number) {
      Obj *num = v->cls->layout->to_number(I, v);
      bool ok = num && pct_number(I, b, conv, num, sp);
      fe_decref(I, num);
      return ok;
    } else {
      fe_throw(I, EXC_TypeError, "%%%c format: %s is required, not %s", conv,
               conv == 'd' || conv == 'i' || conv == 'u' ? "a real number" : "an integer",
                   fe_typename(v));
      return false;
    }
    sp->type = conv == 'i' || conv == 'u' ? 'd' : conv;
    if (conv == 'o' && sp->alt)
      sp->alt = true;
    int64_t prec = sp->prec;
    sp->prec = -1;
    if (prec > 0 && conv != 'x' && conv != 'X' && conv != 'o') {   /* %.3d pads with zeros */
      char digits[32];
      snprintf(digits, sizeof digits, "%0*llu", (int)(prec < 30 ? prec : 30),
               (unsigned long long)(k < 0 ? (uint64_t)0 - (uint64_t)k : (uint64_t)k));
      number_out(b, sp, k < 0, digits, 3);
      return true;
    }
    return format_int(I, b, k, sp);
  }
  if (fe_as_double(I, v, &d) < 0) {
    fe_decref(I, fe_exc_take(I));
    fe_throw(I, EXC_TypeError, "must be real number, not %s", fe_typename(v));
    return false;
  }
  sp->type = conv;
  if (sp->prec < 0)
    sp->prec = 6;
  return format_float(I, b, d, sp);
}

/* One conversion after '%' at s[*i]; appends its text. */
static bool pct_one(Interp *I, BaseBuf *b, const char *s, size_t n, size_t *i, PctArgs *a) {
  Spec sp = {.fill = " ", .width = -1, .prec = -1};
  Obj *v = NULL;
  if (*i < n && s[*i] == '(') {
    size_t j = *i + 1;
    int depth = 1;
    while (j < n && depth)
      depth += s[j] == '(' ? 1 : s[j] == ')' ? -1 : 0, j++;
    if (depth) {
      fe_throw(I, EXC_ValueError, "incomplete format key");
      return false;
    }
    if (!a->map) {
      fe_throw(I, EXC_TypeError, "format requires a mapping");
      return false;
    }
    Obj *key = fe_str_new(I, s + *i + 1, j - *i - 2);
    v = key ? fe_getitem(I, a->map, key) : NULL;
    fe_decref(I, key);
    if (!v)
      return false;
    *i = j;
  }
  for (; *i < n && strchr("#0- +", s[*i]); (*i)++) {
    char f = s[*i];
    if (f == '#') sp.alt = true;
    else if (f == '0') sp.zero = true;
    else if (f == '-') sp.align = '<';
    else sp.sign = f;
  }
  for (int part = 0; part < 2; part++) {
    int64_t *dst = part ? &sp.prec : &sp.width;
    if (part && !(*i < n && s[*i] == '.'))
      break;
    if (part) {
      (*i)++;
      sp.prec = 0;
    }
    if (*i < n && s[*i] == '*') {
      (*i)++;
      Obj *w = pct_next(I, a);
      int st = w ? fe_as_int(I, w, dst) : -1;
      fe_decref(I, w);
      if (st < 0) {
        fe_decref(I, v);
        return false;
      }
      if (!part && *dst < 0) {
        sp.align = '<';
        *dst = -*dst;
      }
    } else {
      if (!part && *i < n && isdigit((unsigned char)s[*i]))
        *dst = 0;
      while (*i < n && isdigit((unsigned char)s[*i]) && *dst < 1000000)
        *dst = *dst * 10 + (s[(*i)++] - '0');
    }
  }
  while (*i < n && strchr("hlL", s[*i]))
    (*i)++;
  if (*i >= n) {
    fe_decref(I, v);
    fe_throw(I, EXC_ValueError, "incomplete format");
    return false;
  }
  char conv = s[(*i)++];
  if (conv == '%') {
    fe_decref(I, v);
    base_buf_put(b, "%", 1);
    return true;
  }
  if (sp.zero && sp.align != '<' && !strchr("sra", conv)) {
    strcpy(sp.fill, "0");
    sp.align = '=';
  }
  if (!v && !(v = pct_next(I, a)))
    return false;
  bool ok = true;
  if (conv == 's' || conv == 'r' || conv == 'a') {
    Obj *t = conv == 's' ? fe_str(I, v) : fe_repr(I, v);
    ok = t != NULL;
    if (ok) {
      Str *st = FE_STR(t);
      int64_t len = sp.prec >= 0 && sp.prec < st->ncp ? fe_str_offset(st, sp.prec) : st->len;
      pad_out(b, &sp, "", st->s, (size_t)len, '>');
    }
    fe_decref(I, t);
  } else if (conv == 'c') {
    if (FE_IS(v, str) && FE_STR(v)->ncp == 1) {
      pad_out(b, &sp, "", FE_STR(v)->s, (size_t)FE_STR(v)->len, '>');
    } else if (fe_is_int(I, v)) {
      sp.type = 'c';
      ok = format_int(I, b, ((Int *)v)->v, &sp);
    } else {
      fe_throw(I, EXC_TypeError, "%%c requires int or char");
      ok = false;
    }
  } else if (strchr("diouxXeEfFgG", conv)) {
    ok = pct_number(I, b, conv, v, &sp);
  } else {
    fe_throw(I, EXC_ValueError, "unsupported format character '%c' (0x%x) at index %zu", conv,
             (unsigned)(unsigned char)conv, *i - 1);
    ok = false;
  }
  fe_decref(I, v);
  return ok;
}

Obj *fe_percent_format(Interp *I, Obj *fmt, Obj *args) {
  PctArgs a = {0};
  bool mapping = !FE_IS(args, tuple) && !FE_IS(args, str) && args->cls->layout->getitem;
  a.args = FE_IS(args, tuple) ? (fe_incref(args), args) : fe_tuple_pack(I, 1, args);
  if (!a.args)
    return NULL;
  if (mapping)
    a.map = args;
  Str *f = FE_STR(fmt);
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  bool ok = true;
  bool used_map = false;
  for (size_t i = 0, n = (size_t)f->len; ok && i < n;) {
    const char *pct = memchr(f->s + i, '%', n - i);
    size_t stop = pct ? (size_t)(pct - f->s) : n;
    base_buf_put(&b, f->s + i, stop - i);
    i = stop;
    if (i < n) {
      i++;
      used_map |= i < n && f->s[i] == '(';
      ok = pct_one(I, &b, f->s, n, &i, &a);
    }
  }
  if (ok && a.next < FE_TUPLE(a.args)->n && !(mapping && (used_map || a.next == 0))) {
    fe_throw(I, EXC_TypeError, "not all arguments converted during string formatting");
    ok = false;
  }
  fe_decref(I, a.args);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

/* ---- str.format ---- */

typedef struct {
  Obj *args, *kwargs;   /* a tuple and a dict (may be NULL) */
  int64_t auto_index;   /* -1 after a manual index */
  bool manual;
} FmtArgs;

/* The value a field name points to: "0", "name", "0.attr", "name[1]", "" (automatic). */
static Obj *field_value(Interp *I, const char *s, size_t n, FmtArgs *fa) {
  size_t i = 0;
  while (i < n && s[i] != '.' && s[i] != '[')
    i++;
  Obj *v;
  if (i == 0 || isdigit((unsigned char)s[0])) {
    int64_t k;
    if (i == 0) {
      if (fa->manual)
        return fe_throw(I, EXC_ValueError,
                        "cannot switch from manual field specification to automatic field "
                        "numbering");
      k = fa->auto_index++;
    } else {
      if (fa->auto_index > 0)
        return fe_throw(I, EXC_ValueError,
                        "cannot switch from automatic field numbering to manual field "
                        "specification");
      fa->manual = true;
      k = strtoll(s, NULL, 10);
    }
    if (k >= FE_TUPLE(fa->args)->n)
      return fe_throw(I, EXC_IndexError,
                      "Replacement index %lld out of range for positional args tuple",
                      (long long)k);
    v = FE_TUPLE(fa->args)->v[k];
    fe_incref(v);
  } else {
    Obj *key = fe_str_new(I, s, i);
    v = key && fa->kwargs ? fe_dict_getstr(I, fa->kwargs, FE_STR(key)->s) : NULL;
    if (v)
      fe_incref(v);
    else if (key)
      fe_throw(I, EXC_KeyError, "'%s'", FE_STR(key)->s);
    fe_decref(I, key);
    if (!v)
      return NULL;
  }
  while (v && i < n) {
    Obj *next;
    if (s[i] == '.') {
      size_t j = ++i;
      while (j < n && s[j] != '.' && s[j] != '[')
        j++;
      Obj *name = fe_str_new(I, s + i, j - i);
      next = name ? fe_getattr(I, v, name) : NULL;
      fe_decref(I, name);
      i = j;
    } else {
      size_t j = i + 1;
      while (j < n && s[j] != ']')
        j++;
      if (j >= n) {
        fe_decref(I, v);
        return fe_throw(I, EXC_ValueError, "Missing ']' in format string");
      }
      bool digits = j > i + 1 && strspn(s + i + 1, "0123456789") == j - i - 1;
      Obj *key = digits
          ? fe_int(I, strtoll(s + i + 1, NULL, 10)) : fe_str_new(I, s + i + 1, j - i - 1);
      next = key ? fe_getitem(I, v, key) : NULL;
      fe_decref(I, key);
      i = j + 1;
    }
    fe_decref(I, v);
    v = next;
  }
  return v;
}

static bool format_text(Interp *I, BaseBuf *b, const char *s, size_t n, FmtArgs *fa, int depth);

/* One {field!conv:spec} with s[*i] just after the '{'. */
static bool format_field(Interp *I, BaseBuf *b, const char *s, size_t n, size_t *i, FmtArgs *fa,
                         int depth) {
  size_t start = *i, j = *i;
  int nest = 0;
  while (j < n && (nest || s[j] != '}')) {
    if (s[j] == '{')
      nest++;
    else if (s[j] == '}')
      nest--;
    else if (s[j] == '[' && !nest)
      while (j + 1 < n && s[j] != ']')
        j++;
    j++;
  }
  if (j >= n) {
    fe_throw(I, EXC_ValueError, "expected '}' before end of string");
    return false;
  }
  size_t name_end = start;
  while (name_end < j && s[name_end] != '!' && s[name_end] != ':') {
    if (s[name_end] == '[')
      while (name_end < j && s[name_end] != ']')
        name_end++;
    name_end++;
  }
  if (name_end > j)
    name_end = j;
  char conv = 0;
  size_t k = name_end;
  if (k < j && s[k] == '!') {
    if (k + 1 >= j || !strchr("rsa", s[k + 1]) || (k + 2 < j && s[k + 2] != ':')) {
      fe_throw(I, EXC_ValueError, "Unknown conversion specifier %c", k + 1 < j ? s[k + 1] : '?');
      return false;
    }
    conv = s[k + 1];
    k += 2;
  }
  Obj *v = field_value(I, s + start, name_end - start, fa);
  if (!v)
    return false;
  if (conv) {
    Obj *t = conv == 's' ? fe_str(I, v) : fe_repr(I, v);
    fe_decref(I, v);
    if (!(v = t))
      return false;
  }
  BaseBuf spec = {0};
  bool ok = true;
  if (k < j && s[k] == ':') {
    if (depth >= 2) {
      fe_throw(I, EXC_ValueError, "Max string recursion exceeded");
      ok = false;
    } else {
      base_buf_put(&spec, "", 0);
      ok = format_text(I, &spec, s + k + 1, j - k - 1, fa, depth + 1);
    }
  }
  if (ok && spec.nomem)
    ok = fe_nomem(I) != NULL;
  ok = ok && fe_format_into(I, b, v, spec.p ? spec.p : "", spec.n);
  base_buf_free(&spec);
  fe_decref(I, v);
  *i = j + 1;
  return ok;
}

static bool format_text(Interp *I, BaseBuf *b, const char *s, size_t n, FmtArgs *fa, int depth) {
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if ((c == '{' || c == '}') && i + 1 < n && s[i + 1] == c) {
      base_buf_put(b, &c, 1);
      i += 2;
    } else if (c == '{') {
      i++;
      if (!format_field(I, b, s, n, &i, fa, depth))
        return false;
    } else if (c == '}') {
      fe_throw(I, EXC_ValueError, "Single '}' encountered in format string");
      return false;
    } else {
      size_t j = i;
      while (j < n && s[j] != '{' && s[j] != '}')
        j++;
      base_buf_put(b, s + i, j - i);
      i = j;
    }
  }
  return true;
}

Obj *fe_str_format(Interp *I, Obj *fmt, Obj *args, Obj *kwargs) {
  FmtArgs fa = {args, kwargs, 0, false};
  BaseBuf b = {0};
  base_buf_put(&b, "", 0);
  if (!format_text(I, &b, FE_STR(fmt)->s, (size_t)FE_STR(fmt)->len, &fa, 0)) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}
