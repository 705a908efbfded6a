/* builtins.c — the builtin functions (len, range is a class, print, sorted, ...) as a
 * module table, and the core's annotation checks (int, str, posint, ...) that signatures of
 * every module may use.
 *
 * What a model file cannot do (input(), eval(), exec()) is in the table as a refusal, so
 * the checker names it before anything runs.
 */
#include <math.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

/* ---- numbers ---- */

static Obj *b_abs(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *x = args[0];
  if (FE_IS(x, float))
    return fe_float(I, fabs(((Float *)x)->v));
  if (fe_is_int(I, x)) {
    int64_t v = ((Int *)x)->v;
    if (v == INT64_MIN)
      return fe_throw(I, EXC_OverflowError, "integer overflow: nnc's integers are 64-bit");
    return fe_int(I, v < 0 ? -v : v);
  }
  Obj *m = fe_getattr_str(I, x, "__abs__");
  if (!m) {
    fe_decref(I, fe_exc_take(I));
    return fe_throw(I, EXC_TypeError, "bad operand type for abs(): '%s'", fe_typename(x));
  }
  Obj *r = fe_call0(I, m);
  fe_decref(I, m);
  return r;
}

static Obj *b_round(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *x = args[0], *nd = args[1];
  if (fe_is_int(I, x) && (!nd || nd == &I->none))
    return fe_int(I, ((Int *)x)->v);
  if (!FE_IS(x, float) && !fe_is_int(I, x)) {
    Obj *m = fe_getattr_str(I, x, "__round__");
    if (!m) {
      fe_decref(I, fe_exc_take(I));
      return fe_throw(I, EXC_TypeError, "type %s doesn't define __round__ method", fe_typename(x));
    }
    Obj *r = nd && nd != &I->none ? fe_call1(I, m, nd) : fe_call0(I, m);
    fe_decref(I, m);
    return r;
  }
  if (!nd || nd == &I->none) {
    double v = ((Float *)x)->v;
    if (isnan(v))
      return fe_throw(I, EXC_ValueError, "cannot convert float NaN to integer");
    if (isinf(v))
      return fe_throw(I, EXC_OverflowError, "cannot convert float infinity to integer");
    double r = fe_round(v, 0);
    if (fabs(r) >= 9.2233720368547758e18)
      return fe_throw(I, EXC_OverflowError, "integer overflow: nnc's integers are 64-bit");
    return fe_int(I, (int64_t)r);
  }
  int64_t digits;
  if (fe_as_int(I, nd, &digits) < 0)
    return NULL;
  if (fe_is_int(I, x)) {
    if (digits >= 0)
      return fe_int(I, ((Int *)x)->v);
    return fe_int(I, (int64_t)fe_round((double)((Int *)x)->v, digits));
  }
  return fe_float(I, fe_round(((Float *)x)->v, digits));
}

static Obj *b_divmod(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *q = fe_binop(I, PY_FLOORDIV, args[0], args[1]);
  Obj *r = q ? fe_binop(I, PY_MOD, args[0], args[1]) : NULL;
  Obj *t = r ? fe_tuple_pack(I, 2, q, r) : NULL;
  fe_decref(I, q);
  fe_decref(I, r);
  return t;
}

static Obj *b_pow(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[2] && args[2] != &I->none) {
    int64_t b, e, m;
    if (fe_as_int(I, args[0], &b) < 0 || fe_as_int(I, args[1], &e) < 0 ||
        fe_as_int(I, args[2], &m) < 0)
      return NULL;
    if (m == 0)
      return fe_throw(I, EXC_ValueError, "pow() 3rd argument cannot be 0");
    if (e < 0)
      return fe_throw(I, EXC_ValueError,
                      "pow() with a negative exponent and a modulus is not supported");
    __int128 r = 1, x = ((b % m) + m) % m;
    for (; e; e >>= 1, x = x * x % m)
      if (e & 1)
        r = r * x % m;
    int64_t res = (int64_t)r;
    if (m < 0 && res > 0)
      res += m;
    return fe_int(I, res);
  }
  return fe_binop(I, PY_POW, args[0], args[1]);
}

/* sum(iterable, start=0): floats add up as Python adds them (left to right). */
static Obj *b_sum(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (FE_IS(args[1], str))
    return fe_throw(I, EXC_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  Obj *it = fe_iter(I, args[0]);
  if (!it)
    return NULL;
  Obj *acc = args[1];
  fe_incref(acc);
  for (Obj *x; acc && (x = fe_next(I, it));) {
    Obj *r = fe_binop(I, PY_ADD, acc, x);
    fe_decref(I, x);
    fe_decref(I, acc);
    acc = r;
  }
  fe_decref(I, it);
  if (I->exc_pending) {
    fe_decref(I, acc);
    return NULL;
  }
  return acc;
}

/* min/max of an iterable or of several arguments, with key and default. */
static Obj *extreme(Interp *I, Obj **args, int cmp, const char *name) {
  Tuple *pos = FE_TUPLE(args[0]);
  Obj *key = args[1], *def = args[2];
  if (pos->n == 0)
    return fe_throw(I, EXC_TypeError, "%s expected at least 1 argument, got 0", name);
  if (pos->n > 1 && def)
    return fe_throw(I, EXC_TypeError,
                    "Cannot specify a default for %s() with multiple positional arguments", name);
  Obj *it = fe_iter(I, pos->n == 1 ? pos->v[0] : args[0]);
  if (!it)
    return NULL;
  Obj *best = NULL, *bestk = NULL;
  for (Obj *x; (x = fe_next(I, it));) {
    Obj *k = key != &I->none ? fe_call1(I, key, x) : (fe_incref(x), x);
    int better = 1;
    if (k && best) {
      Obj *r = fe_compare(I, cmp, k, bestk);
      better = r ? fe_truth(I, r) : -1;
      fe_decref(I, r);
    }
    if (!k || better < 0) {
      fe_decref(I, k);
      fe_decref(I, x);
      break;
    }
    if (better) {
      fe_setref(I, &best, x);
      fe_setref(I, &bestk, k);
    } else {
      fe_decref(I, x);
      fe_decref(I, k);
    }
  }
  fe_decref(I, it);
  fe_decref(I, bestk);
  if (I->exc_pending) {
    fe_decref(I, best);
    return NULL;
  }
  if (!best) {
    if (def) {
      fe_incref(def);
      return def;
    }
    return fe_throw(I, EXC_ValueError, "%s() arg is an empty sequence", name);
  }
  return best;
}

static Obj *b_min(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return extreme(I, args, PYC_LT, "min");
}

static Obj *b_max(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return extreme(I, args, PYC_GT, "max");
}

/* ---- sequences and iteration ---- */

static Obj *b_len(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n = fe_len(I, args[0]);
  return n < 0 ? NULL : fe_int(I, n);
}

static Obj *b_sorted(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *l = fe_list_from_iter(I, args[0]);
  int rev = l ? fe_truth(I, args[2]) : -1;
  if (rev < 0 || fe_list_sort(I, l, args[1], rev) < 0) {
    fe_decref(I, l);
    return NULL;
  }
  return l;
}

static Obj *b_reversed(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_reversed(I, args[0]);
}

static Obj *b_zip(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int strict = fe_truth(I, args[1]);
  return strict < 0 ? NULL : fe_zip(I, args[0], strict);
}

static Obj *b_enumerate(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t start;
  if (fe_as_int(I, args[1], &start) < 0)
    return NULL;
  return fe_enumerate(I, args[0], start);
}

static Obj *b_map(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_map(I, args[0], args[1]);
}

static Obj *b_filter(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_filter(I, args[0], args[1]);
}

static Obj *b_iter(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[1])
    return fe_throw(I, EXC_TypeError,
                    "iter(callable, sentinel) is not supported in nnc model files");
  return fe_iter(I, args[0]);
}

static Obj *b_next(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *r = fe_next(I, args[0]);
  if (r || I->exc_pending)
    return r;
  if (args[1]) {
    fe_incref(args[1]);
    return args[1];
  }
  return fe_throw(I, EXC_StopIteration, "%s", "");
}

/* any/all: the first item whose truth is want decides. */
static Obj *any_all(Interp *I, Obj *iterable, bool want) {
  Obj *it = fe_iter(I, iterable);
  if (!it)
    return NULL;
  bool found = false;
  for (Obj *x; !found && (x = fe_next(I, it));) {
    int t = fe_truth(I, x);
    fe_decref(I, x);
    if (t < 0)
      break;
    found = (t == 1) == want;
  }
  fe_decref(I, it);
  if (I->exc_pending)
    return NULL;
  return fe_bool(I, want ? found : !found);
}

static Obj *b_any(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return any_all(I, args[0], true);
}

static Obj *b_all(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return any_all(I, args[0], false);
}

/* ---- objects ---- */

static Obj *b_isinstance(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *spec = args[1];
  if (FE_IS(spec, tuple)) {
    for (int64_t i = 0; i < FE_TUPLE(spec)->n; i++) {
      Obj *r = b_isinstance(I, NULL, (Obj *[]){args[0], FE_TUPLE(spec)->v[i]});
      if (!r || r == &I->true_.hd)
        return r;
      fe_decref(I, r);
    }
    return fe_bool(I, false);
  }
  if (!FE_IS(spec, type))
    return fe_throw(I, EXC_TypeError, "isinstance() arg 2 must be a type or tuple of types");
  return fe_bool(I, fe_isinstance(args[0], (Class *)spec));
}

static Obj *b_issubclass(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_IS(args[0], type))
    return fe_throw(I, EXC_TypeError, "issubclass() arg 1 must be a class");
  Obj *spec = args[1];
  if (FE_IS(spec, tuple)) {
    for (int64_t i = 0; i < FE_TUPLE(spec)->n; i++)
      if (FE_IS(FE_TUPLE(spec)->v[i], type) &&
          fe_is_subclass((Class *)args[0], (Class *)FE_TUPLE(spec)->v[i]))
        return fe_bool(I, true);
    return fe_bool(I, false);
  }
  if (!FE_IS(spec, type))
    return fe_throw(I, EXC_TypeError, "issubclass() arg 2 must be a class or tuple of classes");
  return fe_bool(I, fe_is_subclass((Class *)args[0], (Class *)spec));
}

static Obj *b_repr(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_repr(I, args[0]);
}

static Obj *b_ascii(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *r = fe_repr(I, args[0]);
  if (!r || FE_STR(r)->ncp == FE_STR(r)->len)
    return r;
  BaseBuf b = {0};
  Str *s = FE_STR(r);
  for (int64_t i = 0; i < s->len; i++) {
    unsigned char c = (unsigned char)s->s[i];
    if (c < 0x80) {
      base_buf_put(&b, s->s + i, 1);
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    uint32_t cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len && i + k < s->len; k++)
      cp = cp << 6 | ((unsigned char)s->s[i + k] & 0x3F);
    i += len - 1;
    base_buf_printf(&b, cp < 0x100 ? "\\x%02x" : cp < 0x10000 ? "\\u%04x" : "\\U%08x", cp);
  }
  fe_decref(I, r);
  return fe_sb_finish(I, &b);
}

static Obj *b_format(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_format(I, args[0], args[1]);
}

static Obj *b_hash(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t h;
  Obj *tmp = fe_dict_new(I);   /* hashing through a dict refuses unhashable types */
  int st = tmp ? fe_dict_set(I, tmp, args[0], &I->none) : -1;
  fe_decref(I, tmp);
  if (st < 0 || fe_hash(I, args[0], &h) < 0)
    return NULL;
  return fe_int(I, h);
}

static Obj *b_id(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_int(I, (int64_t)(uintptr_t)args[0]);
}

static Obj *b_callable(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const Layout *L = args[0]->cls->layout;
  bool c = L->call && (!L->user || FE_IS(args[0], type) || fe_user_method(I, args[0], "__call__"));
  return fe_bool(I, c);
}

static Obj *b_getattr(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_IS(args[1], str))
    return fe_throw(I, EXC_TypeError, "attribute name must be string, not '%s'",
                    fe_typename(args[1]));
  Obj *r = fe_getattr(I, args[0], args[1]);
  if (!r && args[2] && fe_pending(I, EXC_AttributeError)) {
    fe_decref(I, fe_exc_take(I));
    fe_incref(args[2]);
    return args[2];
  }
  return r;
}

static Obj *b_setattr(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_IS(args[1], str))
    return fe_throw(I, EXC_TypeError, "attribute name must be string, not '%s'",
                    fe_typename(args[1]));
  return fe_setattr(I, args[0], args[1], args[2]) < 0 ? NULL : fe_none(I);
}

static Obj *b_delattr(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_IS(args[1], str))
    return fe_throw(I, EXC_TypeError, "attribute name must be string, not '%s'",
                    fe_typename(args[1]));
  return fe_setattr(I, args[0], args[1], NULL) < 0 ? NULL : fe_none(I);
}

static Obj *b_hasattr(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_IS(args[1], str))
    return fe_throw(I, EXC_TypeError, "attribute name must be string, not '%s'",
                    fe_typename(args[1]));
  int r = fe_hasattr(I, args[0], args[1]);
  return r < 0 ? NULL : fe_bool(I, r);
}

static Obj *b_dir(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!args[0]) {
    Frame *f = I->frame;
    return f && f->globals ? fe_dict_keys_list(I, f->globals) : fe_list_new(I, 0);
  }
  return fe_dir(I, args[0]);
}

static Obj *b_vars(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *d = fe_getattr(I, args[0], I->names.dict);
  return d;
}

static Obj *b_globals(Interp *I, Obj *self, Obj **args) {
  (void)self;
  (void)args;
  if (!I->frame || !I->frame->globals)
    return fe_dict_new(I);
  fe_incref(I->frame->globals);
  return I->frame->globals;
}

/* super() in a method: the class the method was defined in and its first argument. */
static Obj *b_super(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[0]) {
    if (!FE_IS(args[0], type) || !args[1])
      return fe_throw(I, EXC_TypeError,
                      "super() takes a class and an object (or no arguments in a method)");
    return fe_super(I, (Class *)args[0], args[1]);
  }
  Frame *f = I->frame;
  if (!f || !f->func || !f->func->owner || f->func->fn->nparams == 0 || !f->locals[0])
    return fe_throw(I, EXC_RuntimeError, "super(): no arguments outside a method of a class");
  Obj *first = f->locals[0];
  if (FE_IS(first, cell))
    first = ((Cell *)first)->value;
  if (!first)
    return fe_throw(I, EXC_RuntimeError, "super(): the first argument is unbound");
  return fe_super(I, f->func->owner, first);
}

/* ---- text ---- */

static Obj *b_chr(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t c;
  if (fe_as_int(I, args[0], &c) < 0)
    return NULL;
  if (c < 0 || c > 0x10FFFF)
    return fe_throw(I, EXC_ValueError, "chr() arg not in range(0x110000)");
  BaseBuf b = {0};
  Obj *v = fe_int(I, c);
  bool ok = v && fe_format_into(I, &b, v, "c", 1);
  fe_decref(I, v);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

static Obj *b_ord(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_IS(args[0], str) || FE_STR(args[0])->ncp != 1)
    return fe_throw(I, EXC_TypeError, "ord() expected a character");
  const unsigned char *p = (const unsigned char *)FE_STR(args[0])->s;
  int len = FE_STR(args[0])->len;
  uint32_t cp = len == 1 ? p[0] : p[0] & (0xFF >> (len + 1));
  for (int k = 1; k < len; k++)
    cp = cp << 6 | (p[k] & 0x3F);
  return fe_int(I, cp);
}

static Obj *radix(Interp *I, Obj *v, const char *spec) {
  int64_t n;
  if (fe_as_int(I, v, &n) < 0)
    return NULL;
  BaseBuf b = {0};
  Obj *x = fe_int(I, n);
  bool ok = x && fe_format_into(I, &b, x, spec, strlen(spec));
  fe_decref(I, x);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

static Obj *b_bin(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return radix(I, args[0], "#b");
}
static Obj *b_oct(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return radix(I, args[0], "#o");
}
static Obj *b_hex(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return radix(I, args[0], "#x");
}

/* print(*values, sep=' ', end='\n', file=None, flush=False) */
static Obj *b_print(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Tuple *v = FE_TUPLE(args[0]);
  Obj *sep = args[1], *end = args[2], *file = args[3];
  if ((sep != &I->none && !FE_IS(sep, str)) || (end != &I->none && !FE_IS(end, str)))
    return fe_throw(I, EXC_TypeError, "sep and end must be None or a string");
  BaseBuf b = {0};
  for (int64_t i = 0; i < v->n; i++) {
    if (i) {
      if (sep == &I->none)
        base_buf_put(&b, " ", 1);
      else
        fe_sb_obj(&b, sep);
    }
    if (!fe_sb_str(I, &b, v->v[i])) {
      base_buf_free(&b);
      return NULL;
    }
  }
  if (end == &I->none)
    base_buf_put(&b, "\n", 1);
  else
    fe_sb_obj(&b, end);
  if (b.nomem) {
    base_buf_free(&b);
    return fe_nomem(I);
  }
  int r;
  if (file == &I->none) {
    r = fwrite(b.p ? b.p : "", 1, b.n, fe_out(I)) == b.n ? 0 : -1;
    if (r < 0)
      fe_throw(I, EXC_OSError, "cannot write to the output");
  } else {
    r = fe_file_write(I, file, b.p ? b.p : "", b.n);
  }
  base_buf_free(&b);
  if (r == 0 && fe_truth(I, args[4]) == 1) {
    fflush(fe_out(I));
    fflush(fe_err(I));
  }
  return r < 0 ? NULL : fe_none(I);
}

static Obj *b_open(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_open(I, args[0], args[1]);
}

static Obj *b_exit(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *e = fe_call1(I, &I->exc[EXC_SystemExit]->hd, args[0]);
  if (!e)
    return NULL;
  fe_raise(I, e);
  fe_decref(I, e);
  return NULL;
}

/* ---- classes as constructors ---- */

static Obj *int_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *x = args[0];
  if (args[1]) {
    int64_t base;
    if (fe_as_int(I, args[1], &base) < 0)
      return NULL;
    if (!FE_IS(x, str))
      return fe_throw(I, EXC_TypeError, "int() can't convert non-string with explicit base");
    if (base != 0 && (base < 2 || base > 36))
      return fe_throw(I, EXC_ValueError, "int() base must be >= 2 and <= 36, or 0");
    return fe_int_parse(I, FE_STR(x)->s, (size_t)FE_STR(x)->len, (int)base);
  }
  if (FE_IS(x, str))
    return fe_int_parse(I, FE_STR(x)->s, (size_t)FE_STR(x)->len, 10);
  if (fe_is_int(I, x))
    return fe_int(I, ((Int *)x)->v);
  if (FE_IS(x, float)) {
    double v = ((Float *)x)->v;
    if (isnan(v))
      return fe_throw(I, EXC_ValueError, "cannot convert float NaN to integer");
    if (isinf(v))
      return fe_throw(I, EXC_OverflowError, "cannot convert float infinity to integer");
    if (fabs(v) >= 9.2233720368547758e18)
      return fe_throw(I, EXC_OverflowError, "integer overflow: nnc's integers are 64-bit");
    return fe_int(I, (int64_t)trunc(v));
  }
  if (x->cls->layout->to_number) {
    Obj *n = x->cls->layout->to_number(I, x);
    Obj *r = n ? int_ctor(I, NULL, (Obj *[]){n, NULL}) : NULL;
    fe_decref(I, n);
    return r;
  }
  return fe_throw(I, EXC_TypeError, "int() argument must be a string or a real number, not '%s'",
                  fe_typename(x));
}

static Obj *float_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *x = args[0];
  if (FE_IS(x, str))
    return fe_float_parse(I, FE_STR(x)->s, (size_t)FE_STR(x)->len);
  double d;
  if (fe_as_double(I, x, &d) < 0) {
    fe_decref(I, fe_exc_take(I));
    return fe_throw(I, EXC_TypeError,
                    "float() argument must be a string or a real number, not '%s'", fe_typename(x));
  }
  return fe_float(I, d);
}

static Obj *bool_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int t = fe_truth(I, args[0]);
  return t < 0 ? NULL : fe_bool(I, t);
}

static Obj *slice_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return args[1]
      ? fe_slice_new(I, args[0], args[1], args[2]) : fe_slice_new(I, NULL, args[0], NULL);
}

static Obj *float_is_integer(Interp *I, Obj *self, Obj **args) {
  (void)args;
  double v = ((Float *)self)->v;
  return fe_bool(I, isfinite(v) && v == floor(v));
}

static Obj *int_bit_length(Interp *I, Obj *self, Obj **args) {
  (void)args;
  uint64_t v = ((Int *)self)->v < 0
      ? (uint64_t)0 - (uint64_t)((Int *)self)->v : (uint64_t)((Int *)self)->v;
  int n = 0;
  while (v) {
    n++;
    v >>= 1;
  }
  return fe_int(I, n);
}

static Obj *num_format(Interp *I, Obj *self, Obj **args) {
  return fe_format(I, self, args[0]);
}

static Obj *get_real(Interp *I, Obj *self) {
  return FE_IS(self, float) ? fe_float(I, ((Float *)self)->v) : fe_int(I, ((Int *)self)->v);
}

static Obj *get_imag(Interp *I, Obj *self) {
  return FE_IS(self, float) ? fe_float(I, 0) : fe_int(I, 0);
}

static const FeFnDef int_methods[] = {
    {"bit_length", int_bit_length, "()", NULL, NULL},
    {"__format__", num_format, "(format_spec: str, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef float_methods[] = {
    {"is_integer", float_is_integer, "()", NULL, NULL},
    {"__format__", num_format, "(format_spec: str, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeGetDef num_props[] = {
    {"real", get_real, NULL}, {"imag", get_imag, NULL}, {NULL, NULL, NULL},
};

const FeClassDef fe_int_class = {
    .name = "int", .layout = &fe_int_layout, .ctor = int_ctor,
        .ctor_sig = "(x=0, /, base=<missing>)",
    .methods = int_methods, .props = num_props,
};
const FeClassDef fe_bool_class = {
    .name = "bool", .base = "int", .layout = &fe_bool_layout, .ctor = bool_ctor,
        .ctor_sig = "(x=False, /)",
};
const FeClassDef fe_float_class = {
    .name = "float", .layout = &fe_float_layout, .ctor = float_ctor, .ctor_sig = "(x=0.0, /)",
    .methods = float_methods, .props = num_props,
};
const FeClassDef fe_slice_class = {
    .name = "slice", .layout = &fe_slice_layout, .ctor = slice_ctor,
    .ctor_sig = "(start_or_stop, stop=<missing>, step=<missing>, /)", .props = fe_slice_props,
};
const FeClassDef fe_type_class = {.name = "type", .layout = &fe_class_layout};

/* ---- the table ---- */

static const FeFnDef builtin_fns[] = {
    {"abs", b_abs, "(x, /)", NULL, NULL},
    {"all", b_all, "(iterable, /)", NULL, NULL},
    {"any", b_any, "(iterable, /)", NULL, NULL},
    {"ascii", b_ascii, "(obj, /)", NULL, NULL},
    {"bin", b_bin, "(number, /)", NULL, NULL},
    {"callable", b_callable, "(obj, /)", NULL, NULL},
    {"chr", b_chr, "(i, /)", NULL, NULL},
    {"delattr", b_delattr, "(obj, name, /)", NULL, NULL},
    {"dir", b_dir, "(object=<missing>, /)", NULL, NULL},
    {"divmod", b_divmod, "(x, y, /)", NULL, NULL},
    {"enumerate", b_enumerate, "(iterable, start=0)", NULL, NULL},
    {"filter", b_filter, "(function, iterable, /)", NULL, NULL},
    {"format", b_format, "(value, format_spec='', /)", NULL, NULL},
    {"getattr", b_getattr, "(object, name, default=<missing>, /)", NULL, NULL},
    {"globals", b_globals, "()", NULL, NULL},
    {"hasattr", b_hasattr, "(obj, name, /)", NULL, NULL},
    {"hash", b_hash, "(obj, /)", NULL, NULL},
    {"hex", b_hex, "(number, /)", NULL, NULL},
    {"id", b_id, "(obj, /)", NULL, NULL},
    {"isinstance", b_isinstance, "(obj, class_or_tuple, /)", NULL, NULL},
    {"issubclass", b_issubclass, "(cls, class_or_tuple, /)", NULL, NULL},
    {"iter", b_iter, "(object, sentinel=<missing>, /)", NULL, NULL},
    {"len", b_len, "(obj, /)", NULL, NULL},
    {"map", b_map, "(function, /, *iterables)", NULL, NULL},
    {"max", b_max, "(*args, key=None, default=<missing>)", NULL, NULL},
    {"min", b_min, "(*args, key=None, default=<missing>)", NULL, NULL},
    {"next", b_next, "(iterator, default=<missing>, /)", NULL, NULL},
    {"oct", b_oct, "(number, /)", NULL, NULL},
    {"open", b_open, "(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)",
     NULL, NULL},
    {"ord", b_ord, "(c, /)", NULL, NULL},
    {"pow", b_pow, "(base, exp, mod=None)", NULL, NULL},
    {"print", b_print, "(*values, sep=' ', end='\\n', file=None, flush=False)", NULL, NULL},
    {"repr", b_repr, "(obj, /)", NULL, NULL},
    {"reversed", b_reversed, "(sequence, /)", NULL, NULL},
    {"round", b_round, "(number, ndigits=None)", NULL, NULL},
    {"setattr", b_setattr, "(obj, name, value, /)", NULL, NULL},
    {"sorted", b_sorted, "(iterable, /, *, key=None, reverse=False)", NULL, NULL},
    {"sum", b_sum, "(iterable, /, start=0)", NULL, NULL},
    {"super", b_super, "(type=<missing>, object_or_type=<missing>, /)", NULL, NULL},
    {"vars", b_vars, "(object, /)", NULL, NULL},
    {"zip", b_zip, "(*iterables, strict=False)", NULL, NULL},
    {"exit", b_exit, "(code=None, /)", NULL, NULL},
    {"quit", b_exit, "(code=None, /)", NULL, NULL},
    {"input", NULL, "(prompt='', /)", NULL,
     "input() is not available in nnc model files: a model file runs without anyone to answer"},
    {"eval", NULL, "(*args, **kwargs)", NULL, "eval() is not available in nnc model files"},
    {"exec", NULL, "(*args, **kwargs)", NULL, "exec() is not available in nnc model files"},
    {"compile", NULL, "(*args, **kwargs)", NULL, "compile() is not available in nnc model files"},
    {"__import__", NULL, "(*args, **kwargs)", NULL,
     "__import__() is not available in nnc model files: use import"},
    {"breakpoint", NULL, "(*args, **kwargs)", NULL,
     "breakpoint() is not available in nnc model files"},
    {"locals", NULL, "()", NULL, "locals() is not available in nnc model files"},
    {"bytearray", NULL, "(*args, **kwargs)", NULL, "bytearray is not supported in nnc model files"},
    {"memoryview", NULL, "(*args, **kwargs)", NULL,
     "memoryview is not supported in nnc model files"},
    {"complex", NULL, "(*args, **kwargs)", NULL,
     "complex numbers are not supported in nnc model files"},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef fe_builtins_def = {.name = "builtins", .fns = builtin_fns};

/* ---- annotation checks ---- */

static void shown(Interp *I, Obj *v, char *buf, size_t n) {
  Obj *r = fe_repr(I, v);
  if (!r) {
    fe_decref(I, fe_exc_take(I));
    snprintf(buf, n, "a %s", fe_typename(v));
    return;
  }
  if (FE_STR(r)->len > 60)
    snprintf(buf, n, "a %s", fe_typename(v));
  else
    snprintf(buf, n, "%s", FE_STR(r)->s);
  fe_decref(I, r);
}

static int c_int(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (fe_is_int(I, v) || (!FE_IS(v, float) && v->cls->layout->to_number && !FE_IS(v, str)))
    return 0;
  char s[80];
  shown(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be an integer, found %s", p, s);
  return FE_TYPE_ERR;
}

static int c_number(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (fe_is_number(I, v) || (v->cls->layout->to_number && !FE_IS(v, str)))
    return 0;
  char s[80];
  shown(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be a number, found %s", p, s);
  return FE_TYPE_ERR;
}

static int c_str(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (FE_IS(v, str))
    return 0;
  char s[80];
  shown(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be a string, found %s", p, s);
  return FE_TYPE_ERR;
}

static int c_bool(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (FE_IS(v, bool) || (fe_is_int(I, v) && (((Int *)v)->v == 0 || ((Int *)v)->v == 1)))
    return 0;
  char s[80];
  shown(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be True or False, found %s", p, s);
  return FE_TYPE_ERR;
}

/* An int in [lo, INT32_MAX] (a count: units, epochs). */
static int int_at_least(Interp *I, const char *p, Obj *v, char *msg, size_t n, int64_t lo,
                        const char *what) {
  char s[80];
  if (!fe_is_int(I, v) || FE_IS(v, bool) || ((Int *)v)->v < lo) {
    int64_t k;
    if (!FE_IS(v, bool) && !FE_IS(v, float) && !FE_IS(v, str) && v->cls->layout->to_number &&
        fe_as_int(I, v, &k) == 0 && k >= lo && k <= INT32_MAX)
      return 0;
    fe_decref(I, fe_exc_take(I));
    shown(I, v, s, sizeof s);
    snprintf(msg, n, "%s must be %s integer, found %s", p, what, s);
    return fe_is_int(I, v) ? FE_VALUE_ERR : FE_TYPE_ERR;
  }
  if (((Int *)v)->v > INT32_MAX) {
    shown(I, v, s, sizeof s);
    snprintf(msg, n, "%s must be at most 2147483647, found %s", p, s);
    return FE_VALUE_ERR;
  }
  return 0;
}

static int c_posint(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  return int_at_least(I, p, v, msg, n, 1, "a positive");
}

static int c_nonneg(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  return int_at_least(I, p, v, msg, n, 0, "a non-negative");
}

/* A number within a range: lo (open or closed) to hi (open or closed; NAN: none). */
static int number_in(Interp *I, const char *p, Obj *v, char *msg, size_t n, double lo, bool lo_open,
                     double hi, bool hi_open, const char *what) {
  double d;
  char s[80];
  if (FE_IS(v, str) || FE_IS(v, bool) || fe_as_double(I, v, &d) < 0) {
    fe_decref(I, fe_exc_take(I));
    shown(I, v, s, sizeof s);
    snprintf(msg, n, "%s must be %s, found %s", p, what, s);
    return FE_TYPE_ERR;
  }
  bool ok = !isnan(d) && (lo_open ? d > lo : d >= lo) &&
      (isnan(hi) || (hi_open ? d < hi : d <= hi));
  if (ok)
    return 0;
  shown(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be %s, found %s", p, what, s);
  return FE_VALUE_ERR;
}

static int c_posnum(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  return number_in(I, p, v, msg, n, 0, true, NAN, false, "a positive number");
}

static int c_nonnegnum(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  return number_in(I, p, v, msg, n, 0, false, NAN, false, "a non-negative number");
}

static int c_fraction(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  return number_in(I, p, v, msg, n, 0, false, 1, true, "a number in [0, 1)");
}

static int c_unit(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  return number_in(I, p, v, msg, n, 0, false, 1, false, "a number in [0, 1]");
}

static int c_callable(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (v->cls->layout->call &&
      (!v->cls->layout->user || FE_IS(v, type) || fe_user_method(I, v, "__call__")))
    return 0;
  char s[80];
  shown(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be callable, found %s", p, s);
  return FE_TYPE_ERR;
}

const FeCheckDef fe_core_checks[] = {
    {"int", c_int}, {"float", c_number}, {"number", c_number}, {"str", c_str}, {"bool", c_bool},
    {"posint", c_posint}, {"nonneg", c_nonneg}, {"posnum", c_posnum}, {"nonnegnum", c_nonnegnum},
    {"fraction", c_fraction}, {"unit", c_unit}, {"callable", c_callable},
    {NULL, NULL},
};
