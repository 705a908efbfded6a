/* test_vmath.c — the polynomial exp/log/tanh/sigmoid/erf and gelu emitted in IR, swept over
 * their whole range against libm (in long double where the reference itself would lose bits):
 * f64 within a few ulp (gradient checks run in f64), f32 within 2-3 ulp of the correctly
 * rounded value, and the edges (overflow to inf, underflow to 0, log of 0 / negatives / inf,
 * NaN in, NaN out). Compiled code flushes subnormals to zero (codegen/fpmode.c), so the
 * reference does too: a subnormal input counts as 0 and a subnormal result is 0, which is
 * also what JAX gives (jit(jnp.exp)(float32(-100)) is 0, jit(jnp.log)(1e-310) is -inf). */
#include <float.h>

#include "cgtest.h"

enum { N = 200000 };
enum { F_EXP, F_LOG, F_TANH, F_SIGMOID, F_ERF, F_GELU, F_GELU_TANH, F_COUNT };

static const char *const fnames[F_COUNT] = {"exp", "log", "tanh", "sigmoid", "erf", "gelu",
                                            "gelu(approximate)"};

static Value *apply(Graph *g, int f, Value *x) {
  static const OpKind unary[] = {OP_EXP, OP_LOG, OP_TANH, OP_SIGMOID, OP_ERF};
  return f <= F_ERF ? ir_unary(g, unary[f], x) : ir_gelu(g, x, f == F_GELU_TANH);
}

typedef struct {
  Ct t;
  double *x;
  int n;
} Sweep;

/* One graph: x -> every function, compiled for dt and run on the given inputs. */
static void run(Sweep *s, DType dt, const double *x, int n) {
  Graph *g = ir_graph_new();
  Value *in = ir_input(g, "x", dt, ir_shape(1, (int64_t)n));
  for (int f = 0; f < F_COUNT; f++)
    ir_output(g, apply(g, f, in));
  ct_init(&s->t, g);
  for (int i = 0; i < n; i++)
    ct_put(s->t.buf[0], dt, (size_t)i, x[i]);
  ct_compile(&s->t);
  s->t.fn(s->t.buf, s->t.scratch, cg_serial_pool());
  s->n = n;
}

static double got(Sweep *s, int f, int i) {
  return ct_get(s->t.buf[1 + f], s->t.slots[1 + f]->dtype, (size_t)i);
}

static double ref(int f, double x) {
  long double a = x, w = 2 * 0.797884560802865355879892119868763737L * (a + 0.044715L * a * a * a);
  switch (f) {
  case F_EXP: return exp(x);
  case F_LOG: return log(x);
  case F_TANH: return tanh(x);
  case F_SIGMOID: return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x));
  case F_ERF: return erf(x);
  case F_GELU: return (double)(0.5L * a * erfcl(-a * 0.707106781186547524400844362104849039L));
  }
  return (double)(w >= 0 ? a / (1 + expl(-w)) : a * expl(w) / (1 + expl(w)));
}

/* x as the flushing hardware sees it in dt: a subnormal is a zero of its sign. */
static double flushed(double x, DType dt) {
  double least = dt == DT_F64 ? DBL_MIN : FLT_MIN;
  return fabs(x) < least ? copysign(0.0, x) : x;
}

/* f at x as compiled code computes it in dt: operand and result flushed, rounded to dt. */
static double expected(int f, double x, DType dt) {
  double xi = flushed(dt == DT_F32 ? (double)(float)x : x, dt);
  double r = ref(f, xi);
  return flushed(dt == DT_F32 ? (double)(float)r : r, dt);
}

/* Error in units of the result's dtype epsilon; `tiny` is the absolute slack below which
 * values count as equal (subnormal results carry fewer bits). */
static double ulps(double y, double r, double eps, double tiny) {
  if (isnan(r))
    return isnan(y) ? 0 : INFINITY;
  if (isinf(r))
    return y == r ? 0 : INFINITY;
  double d = fabs(y - r);
  if (d <= tiny)
    return 0;
  return d / (fabs(r) * eps);
}

static void sweep(double *x, int n, double lo, double hi) {
  for (int i = 0; i < n; i++)
    x[i] = lo + (hi - lo) * i / (n - 1);
}

/* Max ulp error of function f over the inputs; the reference is rounded to dt first. */
static double worst(Sweep *s, int f, DType dt, const double *x) {
  double eps = dt == DT_F64 ? DBL_EPSILON : FLT_EPSILON;
  double tiny = dt == DT_F64 ? 4 * DBL_TRUE_MIN : 4 * FLT_TRUE_MIN;
  double w = 0;
  for (int i = 0; i < s->n; i++)
    w = fmax(w, ulps(got(s, f, i), expected(f, x[i], dt), eps, tiny));
  return w;
}

static void check_range(DType dt, int f, double lo, double hi, double max_ulps) {
  double *x = malloc(sizeof *x * N);
  sweep(x, N, lo, hi);
  Sweep s;
  run(&s, dt, x, N);
  double w = worst(&s, f, dt, x);
  cr_log_info("%s %s on [%g, %g]: %.2f ulp", fnames[f], ir_dtype_name(dt), lo, hi, w);
  cr_expect(w <= max_ulps, "%s %s on [%g, %g]: %.2f ulp > %.2f", fnames[f], ir_dtype_name(dt),
            lo, hi, w, max_ulps);
  ct_free(&s.t);
  free(x);
}

Test(codegen, exp_f64_whole_range) {
  check_range(DT_F64, F_EXP, -745, 709.78, 2);
  check_range(DT_F64, F_EXP, -1, 1, 2);
}

Test(codegen, exp_f32_whole_range) {
  check_range(DT_F32, F_EXP, -103, 88.7, 1.5);
  check_range(DT_F32, F_EXP, -1, 1, 1.5);
}

Test(codegen, log_f64_and_f32) {
  check_range(DT_F64, F_LOG, 1e-300, 1e300, 2);
  check_range(DT_F64, F_LOG, 0.5, 2, 2);
  check_range(DT_F64, F_LOG, 1 - 1e-6, 1 + 1e-6, 2);
  check_range(DT_F64, F_LOG, 1e-320, 1e-300, 2); /* subnormal inputs (-inf) and normal ones */
  check_range(DT_F32, F_LOG, 1e-38, 3e38, 1.5);
  check_range(DT_F32, F_LOG, 0.5, 2, 1.5);
}

Test(codegen, tanh_sigmoid) {
  check_range(DT_F64, F_TANH, -25, 25, 3);
  check_range(DT_F64, F_TANH, -1e-5, 1e-5, 3);
  check_range(DT_F32, F_TANH, -12, 12, 2.5);
  check_range(DT_F64, F_SIGMOID, -700, 700, 3);
  check_range(DT_F64, F_SIGMOID, -5, 5, 3);
  check_range(DT_F32, F_SIGMOID, -80, 80, 2.5);
}

/* Inputs far outside the polynomial's range, infinities and NaN: the right limits, and NaN
 * only where the answer is NaN. */
Test(codegen, edges_no_nan) {
  static const double x[] = {-INFINITY, -1e300, -1000, -746, -100, -0.0, 0.0, 1e-310,
                             100, 710, 1000, 1e300, INFINITY, NAN, -1};
  int n = sizeof x / sizeof *x;
  for (int k = 0; k < 2; k++) {
    DType dt = k ? DT_F32 : DT_F64;
    Sweep s;
    run(&s, dt, x, n);
    for (int i = 0; i < n; i++) {
      double xi = dt == DT_F32 ? (double)(float)x[i] : x[i];
      for (int f = 0; f < F_COUNT; f++) {
        double y = got(&s, f, i), r = expected(f, x[i], dt);
        double e = ulps(y, r, dt == DT_F64 ? DBL_EPSILON : FLT_EPSILON,
                        dt == DT_F64 ? 4 * DBL_TRUE_MIN : 4 * FLT_TRUE_MIN);
        cr_expect(e <= 3, "%s %s(%g) = %g, expected %g", ir_dtype_name(dt), fnames[f], xi, y, r);
      }
    }
    ct_free(&s.t);
  }
}

Test(codegen, exp_limits_f32) {
  double x[3] = {-100, 100, 0};
  Sweep s;
  run(&s, DT_F32, x, 3);
  cr_expect(got(&s, F_EXP, 0) >= 0 && got(&s, F_EXP, 0) < 1e-40, "exp(-100) = %g", got(&s, F_EXP, 0));
  cr_expect(isinf(got(&s, F_EXP, 1)) && got(&s, F_EXP, 1) > 0, "exp(100) = %g", got(&s, F_EXP, 1));
  cr_expect_eq(got(&s, F_EXP, 2), 1.0);
  ct_free(&s.t);
}

/* gelu down to where its value nears the end of the normal range (f32: -12.5; near -13 a factor
 * of it leaves the normal range and is flushed to 0). The tanh
 * form's error grows with |w|, w = 2 sqrt(2/pi) (x + 0.044715 x^3), since the sigmoid of w
 * magnifies w's rounding by |w| (Keras's own 1 + tanh cancels to nothing there): it is
 * checked where |w| <= 7. */
Test(codegen, erf_and_gelu) {
  check_range(DT_F64, F_ERF, -7, 7, 3);
  check_range(DT_F64, F_ERF, -1e-3, 1e-3, 3);
  check_range(DT_F32, F_ERF, -5, 5, 2.5);
  check_range(DT_F64, F_GELU, -37, 10, 4);
  check_range(DT_F64, F_GELU, -1, 1, 4);
  check_range(DT_F32, F_GELU, -12.5, 10, 4);
  check_range(DT_F32, F_GELU, -1, 1, 4);
  check_range(DT_F64, F_GELU_TANH, -3, 10, 8);
  check_range(DT_F32, F_GELU_TANH, -3, 5, 8);
}
