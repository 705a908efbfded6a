/* math.c — Python's math module over C's libm, with Python's errors: a domain error is
 * ValueError("math domain error"), a result too large OverflowError("math range error"). */
#include <math.h>

#include "pylib.h"

#define PI 3.141592653589793
#define E_ 2.718281828459045

static Obj *domain(Interp *I) {
  return fe_throw(I, EXC_ValueError, "math domain error");
}

/* A float function of one argument with Python's checks: lo <= x (open when lo_open). */
static Obj *unary(Interp *I, Obj *x, double (*f)(double), double lo, bool lo_open) {
  double v;
  if (fe_as_double(I, x, &v) < 0)
    return NULL;
  if (!isnan(v) && (lo_open ? v <= lo : v < lo))
    return domain(I);
  double r = f(v);
  if (isinf(r) && isfinite(v))
    return lo_open ? domain(I) : fe_throw(I, EXC_OverflowError, "math range error");
  return fe_float(I, r);
}

#define UNARY(name, f, lo, open)                                      \
  static Obj *m_##name(Interp *I, Obj *self, Obj **args) {            \
    (void)self;                                                       \
    return unary(I, args[0], f, lo, open);                            \
  }
UNARY(sqrt, sqrt, 0, false)
UNARY(exp, exp, -INFINITY, false)
UNARY(log2, log2, 0, true)
UNARY(log10, log10, 0, true)
UNARY(log1p, log1p, -1, true)
UNARY(expm1, expm1, -INFINITY, false)
UNARY(sin, sin, -INFINITY, false)
UNARY(cos, cos, -INFINITY, false)
UNARY(tan, tan, -INFINITY, false)
UNARY(atan, atan, -INFINITY, false)
UNARY(sinh, sinh, -INFINITY, false)
UNARY(cosh, cosh, -INFINITY, false)
UNARY(tanh, tanh, -INFINITY, false)
UNARY(fabs, fabs, -INFINITY, false)
UNARY(erf, erf, -INFINITY, false)
UNARY(erfc, erfc, -INFINITY, false)
UNARY(gamma, tgamma, -INFINITY, false)
UNARY(lgamma, lgamma, -INFINITY, false)
#undef UNARY

static Obj *m_asin(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v;
  if (fe_as_double(I, args[0], &v) < 0)
    return NULL;
  return v < -1 || v > 1 ? domain(I) : fe_float(I, asin(v));
}

static Obj *m_acos(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v;
  if (fe_as_double(I, args[0], &v) < 0)
    return NULL;
  return v < -1 || v > 1 ? domain(I) : fe_float(I, acos(v));
}

static Obj *m_log(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v, b = E_;
  if (fe_as_double(I, args[0], &v) < 0 || (args[1] && fe_as_double(I, args[1], &b) < 0))
    return NULL;
  if (v <= 0 || (args[1] && (b <= 0 || b == 1)))
    return args[1] && b == 1
        ? fe_throw(I, EXC_ZeroDivisionError, "float division by zero") : domain(I);
  return fe_float(I, args[1] ? log(v) / log(b) : log(v));
}

static Obj *m_pow(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double a, b;
  if (fe_as_double(I, args[0], &a) < 0 || fe_as_double(I, args[1], &b) < 0)
    return NULL;
  if ((a == 0 && b < 0) || (a < 0 && isfinite(b) && b != floor(b)))
    return domain(I);
  double r = pow(a, b);
  if (isinf(r) && isfinite(a) && isfinite(b))
    return fe_throw(I, EXC_OverflowError, "math range error");
  return fe_float(I, r);
}

static Obj *m_atan2(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double y, x;
  if (fe_as_double(I, args[0], &y) < 0 || fe_as_double(I, args[1], &x) < 0)
    return NULL;
  return fe_float(I, atan2(y, x));
}

static Obj *m_hypot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Tuple *t = (Tuple *)args[0];
  double acc = 0;
  for (int64_t i = 0; i < t->n; i++) {
    double v;
    if (fe_as_double(I, t->v[i], &v) < 0)
      return NULL;
    acc = hypot(acc, v);
  }
  return fe_float(I, acc);
}

/* floor, ceil and trunc give ints (ints stay as they are). */
static Obj *to_int(Interp *I, Obj *x, double (*f)(double)) {
  if (fe_is_int(I, x))
    return fe_int(I, ((Int *)x)->v);
  double v;
  if (fe_as_double(I, x, &v) < 0)
    return NULL;
  if (isnan(v))
    return fe_throw(I, EXC_ValueError, "cannot convert float NaN to integer");
  if (isinf(v))
    return fe_throw(I, EXC_OverflowError, "cannot convert float infinity to integer");
  double r = f(v);
  if (fabs(r) >= 9.2233720368547758e18)
    return fe_throw(I, EXC_OverflowError, "integer overflow: nnc's integers are 64-bit");
  return fe_int(I, (int64_t)r);
}

static Obj *m_floor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return to_int(I, args[0], floor);
}
static Obj *m_ceil(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return to_int(I, args[0], ceil);
}
static Obj *m_trunc(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return to_int(I, args[0], trunc);
}

static Obj *m_isnan(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v;
  return fe_as_double(I, args[0], &v) < 0 ? NULL : fe_bool(I, isnan(v));
}
static Obj *m_isinf(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v;
  return fe_as_double(I, args[0], &v) < 0 ? NULL : fe_bool(I, isinf(v));
}
static Obj *m_isfinite(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v;
  return fe_as_double(I, args[0], &v) < 0 ? NULL : fe_bool(I, isfinite(v));
}

static Obj *m_isclose(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double a, b, rel, abs_;
  if (fe_as_double(I, args[0], &a) < 0 || fe_as_double(I, args[1], &b) < 0 ||
      fe_as_double(I, args[2], &rel) < 0 || fe_as_double(I, args[3], &abs_) < 0)
    return NULL;
  if (rel < 0 || abs_ < 0)
    return fe_throw(I, EXC_ValueError, "tolerances must be non-negative");
  if (a == b)
    return fe_bool(I, true);
  if (isinf(a) || isinf(b))
    return fe_bool(I, false);
  double d = fabs(b - a);
  return fe_bool(I, d <= fabs(rel * b) || d <= fabs(rel * a) || d <= abs_);
}

static Obj *m_factorial(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n, r = 1;
  if (fe_as_int(I, args[0], &n) < 0)
    return NULL;
  if (n < 0)
    return fe_throw(I, EXC_ValueError, "factorial() not defined for negative values");
  for (int64_t k = 2; k <= n; k++)
    if (__builtin_mul_overflow(r, k, &r))
      return fe_throw(I, EXC_OverflowError, "integer overflow: nnc's integers are 64-bit");
  return fe_int(I, r);
}

static Obj *m_gcd(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Tuple *t = (Tuple *)args[0];
  int64_t g = 0;
  for (int64_t i = 0; i < t->n; i++) {
    int64_t v;
    if (fe_as_int(I, t->v[i], &v) < 0)
      return NULL;
    v = v < 0 ? -v : v;
    while (v) {
      int64_t r = g % v;
      g = v;
      v = r;
    }
  }
  return fe_int(I, g);
}

/* prod(iterable, start=1) and fsum(iterable): products and exact float sums. */
static Obj *m_prod(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *it = fe_iter(I, args[0]), *acc = args[1];
  if (!it)
    return NULL;
  fe_incref(acc);
  for (Obj *x; acc && (x = fe_next(I, it));) {
    Obj *r = fe_binop(I, PY_MUL, acc, x);
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

static Obj *m_fsum(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *it = fe_iter(I, args[0]);
  if (!it)
    return NULL;
  double s = 0, c = 0;      /* Neumaier's compensated sum */
  for (Obj *x; (x = fe_next(I, it));) {
    double v;
    int st = fe_as_double(I, x, &v);
    fe_decref(I, x);
    if (st < 0)
      break;
    double t = s + v;
    c += fabs(s) >= fabs(v) ? (s - t) + v : (v - t) + s;
    s = t;
  }
  fe_decref(I, it);
  return I->exc_pending ? NULL : fe_float(I, s + c);
}

static Obj *m_degrees(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v;
  return fe_as_double(I, args[0], &v) < 0 ? NULL : fe_float(I, v * 180.0 / PI);
}
static Obj *m_radians(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double v;
  return fe_as_double(I, args[0], &v) < 0 ? NULL : fe_float(I, v * PI / 180.0);
}

static Obj *m_copysign(Interp *I, Obj *self, Obj **args) {
  (void)self;
  double a, b;
  if (fe_as_double(I, args[0], &a) < 0 || fe_as_double(I, args[1], &b) < 0)
    return NULL;
  return fe_float(I, copysign(a, b));
}

static const FeFnDef fns[] = {
    {"sqrt", m_sqrt, "(x, /)", NULL, NULL}, {"exp", m_exp, "(x, /)", NULL, NULL},
    {"log", m_log, "(x, base=<missing>, /)", NULL, NULL}, {"log2", m_log2, "(x, /)", NULL, NULL},
    {"log10", m_log10, "(x, /)", NULL, NULL}, {"log1p", m_log1p, "(x, /)", NULL, NULL},
    {"expm1", m_expm1, "(x, /)", NULL, NULL}, {"pow", m_pow, "(x, y, /)", NULL, NULL},
    {"sin", m_sin, "(x, /)", NULL, NULL}, {"cos", m_cos, "(x, /)", NULL, NULL},
    {"tan", m_tan, "(x, /)", NULL, NULL}, {"asin", m_asin, "(x, /)", NULL, NULL},
    {"acos", m_acos, "(x, /)", NULL, NULL}, {"atan", m_atan, "(x, /)", NULL, NULL},
    {"atan2", m_atan2, "(y, x, /)", NULL, NULL}, {"sinh", m_sinh, "(x, /)", NULL, NULL},
    {"cosh", m_cosh, "(x, /)", NULL, NULL}, {"tanh", m_tanh, "(x, /)", NULL, NULL},
    {"hypot", m_hypot, "(*coordinates)", NULL, NULL}, {"fabs", m_fabs, "(x, /)", NULL, NULL},
    {"floor", m_floor, "(x, /)", NULL, NULL}, {"ceil", m_ceil, "(x, /)", NULL, NULL},
    {"trunc", m_trunc, "(x, /)", NULL, NULL}, {"isnan", m_isnan, "(x, /)", NULL, NULL},
    {"isinf", m_isinf, "(x, /)", NULL, NULL}, {"isfinite", m_isfinite, "(x, /)", NULL, NULL},
    {"isclose", m_isclose, "(a, b, *, rel_tol=1e-09, abs_tol=0.0)", NULL, NULL},
    {"factorial", m_factorial, "(n, /)", NULL, NULL}, {"gcd", m_gcd, "(*integers)", NULL, NULL},
    {"prod", m_prod, "(iterable, /, *, start=1)", NULL, NULL},
        {"fsum", m_fsum, "(seq, /)", NULL, NULL},
    {"degrees", m_degrees, "(x, /)", NULL, NULL}, {"radians", m_radians, "(x, /)", NULL, NULL},
    {"erf", m_erf, "(x, /)", NULL, NULL}, {"erfc", m_erfc, "(x, /)", NULL, NULL},
    {"gamma", m_gamma, "(x, /)", NULL, NULL}, {"lgamma", m_lgamma, "(x, /)", NULL, NULL},
    {"copysign", m_copysign, "(x, y, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeConstDef consts[] = {
    {"pi", FC_FLOAT, 0, PI, NULL}, {"e", FC_FLOAT, 0, E_, NULL}, {"tau", FC_FLOAT, 0, 2 * PI, NULL},
    {"inf", FC_FLOAT, 0, INFINITY, NULL}, {"nan", FC_FLOAT, 0, NAN, NULL},
    {NULL, FC_NONE, 0, 0, NULL},
};

/* CPython 3.11's public names of math (dir(math)) that nnc lacks: refused by name, never
 * offered as a slip of another name (math.exp2 is not math.exp). */
static const char math_lacks[] =
    "acosh asinh atanh cbrt comb dist exp2 fmod frexp isqrt lcm ldexp modf nextafter perm "
    "remainder ulp";

const FeModuleDef pl_math_def = {.name = "math", .fns = fns, .consts = consts,
                                 .lacks = math_lacks};
