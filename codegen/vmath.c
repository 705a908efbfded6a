/* vmath.c — exp, expm1, log, sigmoid, tanh, pow, erf and gelu as straight-line IR.
 *
 * No libm calls and no branches, so they apply lanewise to the vectors of a vector body
 * (x86 would scalarize llvm.exp into per-lane expf calls). f64 is accurate to a few ulp (~1e-15
 * relative), because gradient checks compare the JIT in f64 against libm; f32 to ~1 ulp.
 *
 * exp: clamp, k = rint(x*log2 e), r = x - k*ln2 in two steps (Cody-Waite; ln2_hi has trailing
 * zero bits so k*ln2_hi is exact), e^r - 1 = r*P(r) with Taylor coefficients (|r| <= 0.347:
 * degree 13 for f64, 7 for f32), then 2^k applied as two power-of-two factors 2^(k/2) and
 * 2^(k-k/2), so huge k overflow to inf and tiny k round into subnormals correctly.
 * NaN is replaced by 0 before any float-to-int conversion (which would be poison) and
 * restored at the end.
 * log: x = m*2^e with m in [sqrt(1/2), sqrt(2)), f = m-1, s = f/(2+f),
 * log(1+f) = f - s*(f - R(s^2)) with R the atanh series; subnormals are scaled by 2^54 first.
 * Rounding to an integer adds and subtracts a power of two (add_sub) rather than calling
 * llvm.rint or llvm.round: cores without a rounding instruction (Cortex-M4's
 * FPv4, for nnc build) would make those libm calls. The results are the same bits.
 */
#include <math.h>

#include "cg.h"

typedef struct {
  LLVMTypeRef ft, it;          /* float type and the integer type of the same width */
  LLVMTypeRef ielem;           /* it's element type */
  unsigned lanes;              /* > 1: ft and it are vectors of this many lanes */
  int mbits, bias;             /* mantissa bits, exponent bias */
  double lo, hi;               /* exp input clamp */
  double ln2hi, ln2lo;
  int exp_degree, log_terms;
} FInfo;

static FInfo finfo(Cg *c, DType t) {
  FInfo fi = t == DT_F64 ? (FInfo){c->t_f64, c->t_i64, c->t_i64, 0, 52, 1023, -746.0, 710.0,
                                   6.93147180369123816490e-01, 1.90821492927058770002e-10, 13, 10}
                         : (FInfo){c->t_f32, c->t_i32, c->t_i32, 0, 23, 127, -104.0, 89.0,
                                   0.693359375, -2.12194440e-4, 7, 5};
  fi.lanes = c->lanes;
  if (c->lanes > 1) {
    fi.ft = LLVMVectorType(fi.ft, c->lanes);
    fi.it = LLVMVectorType(fi.it, c->lanes);
  }
  return fi;
}

static LLVMValueRef F(Cg *c, DType t, double x) {
  return cg_const(c, t, x);
}

/* An integer constant of fi's width (a splat in a vector body). */
static LLVMValueRef I(const FInfo *fi, long long x) {
  LLVMValueRef k[64];
  k[0] = LLVMConstInt(fi->ielem, (unsigned long long)x, 1);
  for (unsigned i = 1; i < fi->lanes; i++)
    k[i] = k[0];
  return fi->lanes > 1 ? LLVMConstVector(k, fi->lanes) : k[0];
}

static LLVMValueRef fmuladd(Cg *c, LLVMValueRef a, LLVMValueRef b, LLVMValueRef d) {
  LLVMValueRef args[3] = {a, b, d};
  return cg_intrinsic(c, "llvm.fmuladd", LLVMTypeOf(a), args, 3);
}

static LLVMValueRef call1(Cg *c, const char *name, LLVMValueRef x) {
  return cg_intrinsic(c, name, LLVMTypeOf(x), &x, 1);
}

static LLVMValueRef sel(Cg *c, LLVMValueRef cond, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildSelect(c->b, cond, a, b, "");
}

static LLVMValueRef fcmp(Cg *c, LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildFCmp(c->b, p, a, b, "");
}

/* x rounded to an integer, ties to even, by adding and subtracting k: exact when k is
 * 1.5*2^mbits and |x| < 2^(mbits-1), or when k is 2^mbits and 0 <= x < 2^mbits. */
static LLVMValueRef add_sub(Cg *c, LLVMValueRef x, LLVMValueRef k) {
  return LLVMBuildFSub(c->b, LLVMBuildFAdd(c->b, x, k, ""), k, "");
}

static double pow2_mbits(DType t) {
  return t == DT_F64 ? 0x1p52 : 0x1p23;
}

LLVMValueRef cg_rint(Cg *c, DType t, LLVMValueRef x) {
  return add_sub(c, x, F(c, t, 1.5 * pow2_mbits(t)));
}

LLVMValueRef cg_round(Cg *c, DType t, LLVMValueRef x) {
  LLVMValueRef a = call1(c, "llvm.fabs", x), big = F(c, t, pow2_mbits(t));
  LLVMValueRef r = add_sub(c, a, big);
  LLVMValueRef tie = fcmp(c, LLVMRealOEQ, LLVMBuildFSub(c->b, r, a, ""), F(c, t, -0.5));
  r = sel(c, tie, LLVMBuildFAdd(c->b, r, F(c, t, 1), ""), r); /* ties away from zero */
  r = sel(c, fcmp(c, LLVMRealOGE, a, big), a, r);           /* an integer already, or inf */
  LLVMValueRef args[2] = {r, x};
  r = cg_intrinsic(c, "llvm.copysign", LLVMTypeOf(r), args, 2);
  return sel(c, fcmp(c, LLVMRealUNO, x, x), x, r);
}

/* 2^n for n in the normal exponent range, by building the bits. */
static LLVMValueRef pow2i(Cg *c, const FInfo *fi, LLVMValueRef n) {
  LLVMValueRef e = LLVMBuildAdd(c->b, n, I(fi, fi->bias), "");
  e = LLVMBuildShl(c->b, e, I(fi, fi->mbits), "");
  return LLVMBuildBitCast(c->b, e, fi->ft, "");
}

/* e^x = 2^k * (1 + q): returns q, sets *k (integer) for finite, clamped, non-NaN x. */
static LLVMValueRef exp_parts(Cg *c, DType t, const FInfo *fi, LLVMValueRef x, LLVMValueRef *k) {
  LLVMValueRef xc = sel(c, fcmp(c, LLVMRealOGT, x, F(c, t, fi->hi)), F(c, t, fi->hi), x);
  xc = sel(c, fcmp(c, LLVMRealOLT, xc, F(c, t, fi->lo)), F(c, t, fi->lo), xc);
  xc = sel(c, fcmp(c, LLVMRealUNO, x, x), F(c, t, 0), xc);
  LLVMValueRef kf = cg_rint(c, t, LLVMBuildFMul(c->b, xc, F(c, t, M_LOG2E), ""));
  LLVMValueRef nk = LLVMBuildFNeg(c->b, kf, "");
  LLVMValueRef r = fmuladd(c, nk, F(c, t, fi->ln2hi), xc);
  r = fmuladd(c, nk, F(c, t, fi->ln2lo), r);
  double fact = 1;
  for (int i = 2; i <= fi->exp_degree; i++)
    fact *= i;
  LLVMValueRef p = F(c, t, 1 / fact);        /* 1/degree! */
  for (int i = fi->exp_degree - 1; i >= 1; i--) {
    fact /= (i + 1);
    p = fmuladd(c, p, r, F(c, t, 1 / fact)); /* ... + 1/i! */
  }
  *k = LLVMBuildFPToSI(c->b, kf, fi->it, "");
  return LLVMBuildFMul(c->b, p, r, "");
}

/* y * 2^k without intermediate overflow or double rounding (first factor is exact). */
static LLVMValueRef scale(Cg *c, const FInfo *fi, LLVMValueRef y, LLVMValueRef k) {
  LLVMValueRef k1 = LLVMBuildAShr(c->b, k, I(fi, 1), "");
  LLVMValueRef k2 = LLVMBuildSub(c->b, k, k1, "");
  y = LLVMBuildFMul(c->b, y, pow2i(c, fi, k1), "");
  return LLVMBuildFMul(c->b, y, pow2i(c, fi, k2), "");
}

LLVMValueRef cg_exp(Cg *c, DType t, LLVMValueRef x) {
  FInfo fi = finfo(c, t);
  LLVMValueRef k, q = exp_parts(c, t, &fi, x, &k);
  LLVMValueRef y = scale(c, &fi, LLVMBuildFAdd(c->b, q, F(c, t, 1), ""), k);
  return sel(c, fcmp(c, LLVMRealUNO, x, x), x, y);
}

LLVMValueRef cg_expm1(Cg *c, DType t, LLVMValueRef x) {
  FInfo fi = finfo(c, t);
  LLVMValueRef k, q = exp_parts(c, t, &fi, x, &k);
  LLVMValueRef y = scale(c, &fi, LLVMBuildFAdd(c->b, q, F(c, t, 1), ""), k);
  y = LLVMBuildFSub(c->b, y, F(c, t, 1), "");
  y = sel(c, LLVMBuildICmp(c->b, LLVMIntEQ, k, I(&fi, 0), ""), q, y);
  return sel(c, fcmp(c, LLVMRealUNO, x, x), x, y);
}

/* Splits positive normal-or-subnormal x into m in [sqrt(1/2), sqrt(2)) and float e. */
static LLVMValueRef log_split(Cg *c, DType t, const FInfo *fi, LLVMValueRef x, LLVMValueRef *e) {
  double tiny = t == DT_F64 ? 2.2250738585072014e-308 : 1.17549435e-38;
  int sub_shift = t == DT_F64 ? 54 : 25;
  LLVMValueRef sub = fcmp(c, LLVMRealOLT, x, F(c, t, tiny));
  LLVMValueRef xs = sel(c, sub, LLVMBuildFMul(c->b, x, F(c, t, ldexp(1, sub_shift)), ""), x);
  LLVMValueRef bits = LLVMBuildBitCast(c->b, xs, fi->it, "");
  LLVMValueRef ei = LLVMBuildLShr(c->b, bits, I(fi, fi->mbits), "");
  ei = LLVMBuildAnd(c->b, ei, I(fi, 2 * fi->bias + 1), "");
  ei = LLVMBuildSub(c->b, ei, sel(c, sub, I(fi, fi->bias + sub_shift), I(fi, fi->bias)), "");
  long long mmask = (1LL << fi->mbits) - 1;
  LLVMValueRef mb = LLVMBuildAnd(c->b, bits, I(fi, mmask), "");
  mb = LLVMBuildOr(c->b, mb, I(fi, (long long)fi->bias << fi->mbits), "");
  LLVMValueRef m = LLVMBuildBitCast(c->b, mb, fi->ft, "");
  LLVMValueRef big = fcmp(c, LLVMRealOGT, m, F(c, t, M_SQRT2));
  m = sel(c, big, LLVMBuildFMul(c->b, m, F(c, t, 0.5), ""), m);
  ei = sel(c, big, LLVMBuildAdd(c->b, ei, I(fi, 1), ""), ei);
  *e = LLVMBuildSIToFP(c->b, ei, fi->ft, "");
  return m;
}

LLVMValueRef cg_log(Cg *c, DType t, LLVMValueRef x) {
  FInfo fi = finfo(c, t);
  LLVMValueRef e, m = log_split(c, t, &fi, x, &e);
  LLVMValueRef f = LLVMBuildFSub(c->b, m, F(c, t, 1), "");
  LLVMValueRef s = LLVMBuildFDiv(c->b, f, LLVMBuildFAdd(c->b, f, F(c, t, 2), ""), "");
  LLVMValueRef z = LLVMBuildFMul(c->b, s, s, "");
  LLVMValueRef p = F(c, t, 2.0 / (2 * fi.log_terms + 1));
  for (int j = fi.log_terms - 1; j >= 1; j--)
    p = fmuladd(c, p, z, F(c, t, 2.0 / (2 * j + 1)));
  LLVMValueRef R = LLVMBuildFMul(c->b, p, z, "");
  LLVMValueRef lg = LLVMBuildFSub(c->b, f, LLVMBuildFMul(c->b, s, LLVMBuildFSub(c->b, f, R, ""), ""), "");
  lg = fmuladd(c, e, F(c, t, fi.ln2lo), lg);
  LLVMValueRef y = fmuladd(c, e, F(c, t, fi.ln2hi), lg);
  y = sel(c, fcmp(c, LLVMRealOEQ, x, F(c, t, INFINITY)), x, y);
  y = sel(c, fcmp(c, LLVMRealOEQ, x, F(c, t, 0)), F(c, t, -INFINITY), y);
  y = sel(c, fcmp(c, LLVMRealOLT, x, F(c, t, 0)), F(c, t, NAN), y);
  return sel(c, fcmp(c, LLVMRealUNO, x, x), x, y);
}

/* e = exp(-|x|) never overflows: 1/(1+e) for x >= 0, e/(1+e) below, so very negative x
 * still gets its tiny (even subnormal) value rather than 1/inf. */
LLVMValueRef cg_sigmoid(Cg *c, DType t, LLVMValueRef x) {
  LLVMValueRef e = cg_exp(c, t, LLVMBuildFNeg(c->b, call1(c, "llvm.fabs", x), ""));
  LLVMValueRef num = sel(c, fcmp(c, LLVMRealUGE, x, F(c, t, 0)), F(c, t, 1), e);
  return LLVMBuildFDiv(c->b, num, LLVMBuildFAdd(c->b, e, F(c, t, 1), ""), "");
}

/* tanh|x| = t/(t+2) with t = expm1(2|x|): no cancellation near 0; |x| is clamped where
 * tanh rounds to 1 so t stays finite. */
LLVMValueRef cg_tanh(Cg *c, DType t, LLVMValueRef x) {
  double hi = t == DT_F64 ? 20.0 : 10.0;
  LLVMValueRef a = call1(c, "llvm.fabs", x);
  a = sel(c, fcmp(c, LLVMRealOGT, a, F(c, t, hi)), F(c, t, hi), a);
  LLVMValueRef u = cg_expm1(c, t, LLVMBuildFAdd(c->b, a, a, ""));
  LLVMValueRef y = LLVMBuildFDiv(c->b, u, LLVMBuildFAdd(c->b, u, F(c, t, 2), ""), "");
  LLVMValueRef args[2] = {y, x};
  return cg_intrinsic(c, "llvm.copysign", LLVMTypeOf(y), args, 2);
}

/* log(1 + e^x) = max(x, 0) + log1p(e) with e = e^-|x| in [0, 1]: log1p(e) as
 * log(w) e/(w - 1) with w = 1 + e rounded (w - 1 is exact), and e itself where w rounds to 1,
 * so the far left tail keeps its relative precision. */
static LLVMValueRef softplus(Cg *c, DType t, LLVMValueRef x) {
  LLVMValueRef e = cg_exp(c, t, LLVMBuildFNeg(c->b, call1(c, "llvm.fabs", x), ""));
  LLVMValueRef w = LLVMBuildFAdd(c->b, e, F(c, t, 1), "");
  LLVMValueRef wm1 = LLVMBuildFSub(c->b, w, F(c, t, 1), "");
  LLVMValueRef l = LLVMBuildFMul(c->b, cg_log(c, t, w), LLVMBuildFDiv(c->b, e, wm1, ""), "");
  l = sel(c, fcmp(c, LLVMRealOEQ, wm1, F(c, t, 0)), e, l);
  LLVMValueRef pos = sel(c, fcmp(c, LLVMRealOGT, x, F(c, t, 0)), x, F(c, t, 0));
  return LLVMBuildFAdd(c->b, pos, l, "");
}

LLVMValueRef cg_lane_softplus(Cg *c, const Value *v, LLVMValueRef *x) {
  return softplus(c, v->dtype, x[0]);
}

LLVMValueRef cg_lane_elu(Cg *c, const Value *v, LLVMValueRef *x) {
  DType t = v->dtype;
  LLVMValueRef below = LLVMBuildFMul(c->b, F(c, t, v->num), cg_expm1(c, t, x[0]), "");
  return sel(c, fcmp(c, LLVMRealOGT, x[0], F(c, t, 0)), x[0], below);
}

/* tanh(softplus(x)) = n/(n + 2) with n = e^x (e^x + 2): one exp. x is clamped where the
 * ratio rounds to 1, so n stays finite. */
LLVMValueRef cg_lane_mish(Cg *c, const Value *v, LLVMValueRef *x) {
  DType t = v->dtype;
  double hi = t == DT_F64 ? 20.0 : 10.0;
  LLVMValueRef a = sel(c, fcmp(c, LLVMRealOGT, x[0], F(c, t, hi)), F(c, t, hi), x[0]);
  LLVMValueRef e = cg_exp(c, t, a);
  LLVMValueRef n = LLVMBuildFMul(c->b, e, LLVMBuildFAdd(c->b, e, F(c, t, 2), ""), "");
  LLVMValueRef r = LLVMBuildFDiv(c->b, n, LLVMBuildFAdd(c->b, n, F(c, t, 2), ""), "");
  return LLVMBuildFMul(c->b, x[0], r, "");
}

/* x^n for a small integer n by repeated squaring. */
static LLVMValueRef powi(Cg *c, DType t, LLVMValueRef x, long n) {
  LLVMValueRef acc = NULL, sq = x;
  for (long m = n < 0 ? -n : n; m; m >>= 1) {
    if (m & 1)
      acc = acc ? LLVMBuildFMul(c->b, acc, sq, "") : sq;
    if (m > 1)
      sq = LLVMBuildFMul(c->b, sq, sq, "");
  }
  if (!acc)
    acc = F(c, t, 1);
  return n < 0 ? LLVMBuildFDiv(c->b, F(c, t, 1), acc, "") : acc;
}

LLVMValueRef cg_pow(Cg *c, DType t, LLVMValueRef x, double e) {
  if (e == floor(e) && fabs(e) <= 64)
    return powi(c, t, x, (long)e);
  if (e == 0.5)
    return call1(c, "llvm.sqrt", x);
  bool integer = e == floor(e);
  LLVMValueRef base = integer ? call1(c, "llvm.fabs", x) : x;
  LLVMValueRef y = cg_exp(c, t, LLVMBuildFMul(c->b, F(c, t, e), cg_log(c, t, base), ""));
  if (integer && fmod(e, 2) != 0) {
    LLVMValueRef args[2] = {y, x};
    y = cg_intrinsic(c, "llvm.copysign", LLVMTypeOf(y), args, 2);
  }
  return y;
}

/* ---- erf, erfc and the normal CDF ----
 * erf(a) = a S(a^2) for a < T and erfc(a) = e^(-a^2) t L(t), t = 3/(3+a), above, S and L
 * Chebyshev series (scripts/fit_erf.py derives and prints them; f32 uses the first terms).
 * Both branches run and a select picks one, so the code stays branch-free. e^(-a^2) takes a^2 as an exact
 * sum hi + lo (Dekker's product), because erfc(a)'s relative error is 2a^2 times that of its
 * exponent's: without it the far tail would lose a dozen bits. */

/* erf_small, 6 terms: max relative error 1.5e-09 */
/* erf_small, 10 terms: max relative error 4.4e-16 */
static const double erf_small[] = {
    1.034619819719705, -0.089965163960494282, 0.0036702603925653702,
    -0.00012058945474988755, 3.2577389179929397e-06, -7.4338106832092611e-08,
    1.4651856961989137e-09, -2.538972757781804e-11, 3.9233083695428812e-13,
    -5.4675306387754108e-15,
};
/* erfc_large, 11 terms: max relative error 1.7e-10 */
/* erfc_large, 22 terms: max relative error 6.7e-16 */
static const double erfc_large[] = {
    0.37445771365790598, 0.20445500227693703, 0.04552774131979314,
    0.0080731493754231214, 0.0010713050715153818, 8.8115429055907413e-05,
    1.36632468512628e-07, -1.0176341389060031e-06, -9.2932807588150341e-08,
    7.8234074943844702e-09, 1.9248370043358215e-09, -4.2590955850664445e-11,
    -3.6080590717556716e-11, -4.9500367457472383e-15, 7.2447368373099269e-13,
    1.3281719662411445e-15, -1.5951003420607363e-14, 2.4085781605580397e-16,
    3.7319972469208908e-16, -1.8579750941095064e-17, -8.7181454539621407e-18,
    9.5417892593405967e-19,
};
static const double erf_t = 0.75;                  /* the branch point T */
static const double erfc_y[2] = {2.8504672897196262, -1.280373831775701}; /* y = t k + m */

/* Where erfc has underflowed (27.5 for f64, 10.5 for f32): arguments are clamped to it. */
static double erfc_end(DType t) {
  return t == DT_F64 ? 27.5 : 10.5;
}

/* sum c[k] T_k(y), k < n, by Clenshaw's recurrence */
static LLVMValueRef chebyshev(Cg *c, DType t, LLVMValueRef y, const double *coef, int n) {
  LLVMValueRef y2 = LLVMBuildFAdd(c->b, y, y, ""), b1 = F(c, t, 0), b2 = F(c, t, 0);
  for (int k = n - 1; k >= 1; k--) {
    LLVMValueRef b0 = LLVMBuildFSub(c->b, fmuladd(c, y2, b1, F(c, t, coef[k])), b2, "");
    b2 = b1;
    b1 = b0;
  }
  return LLVMBuildFSub(c->b, fmuladd(c, y, b1, F(c, t, coef[0])), b2, "");
}

/* erf(a) for 0 <= a < T */
static LLVMValueRef erf_below(Cg *c, DType t, LLVMValueRef a) {
  LLVMValueRef u = LLVMBuildFMul(c->b, a, a, "");
  LLVMValueRef y = fmuladd(c, u, F(c, t, 2 / (erf_t * erf_t)), F(c, t, -1));
  int n = t == DT_F64 ? 10 : 6;
  return LLVMBuildFMul(c->b, a, chebyshev(c, t, y, erf_small, n), "");
}

/* e^(-s x^2), s = 1 or 1/2, for |x| <= the clamp: x^2 = hi + lo exactly, e^(-s hi) (1 - s lo) */
static LLVMValueRef exp_neg_square(Cg *c, DType t, LLVMValueRef x, double s) {
  double split = t == DT_F64 ? 134217729.0 : 4097.0; /* 2^27 + 1, 2^12 + 1 */
  LLVMValueRef p = LLVMBuildFMul(c->b, x, F(c, t, split), "");
  LLVMValueRef xh = LLVMBuildFSub(c->b, p, LLVMBuildFSub(c->b, p, x, ""), "");
  LLVMValueRef xl = LLVMBuildFSub(c->b, x, xh, "");
  LLVMValueRef hi = LLVMBuildFMul(c->b, x, x, "");
  LLVMValueRef lo = LLVMBuildFSub(c->b, LLVMBuildFMul(c->b, xh, xh, ""), hi, "");
  lo = LLVMBuildFAdd(c->b, lo, LLVMBuildFMul(c->b, LLVMBuildFAdd(c->b, xh, xh, ""), xl, ""), "");
  lo = LLVMBuildFAdd(c->b, lo, LLVMBuildFMul(c->b, xl, xl, ""), "");
  LLVMValueRef e = cg_exp(c, t, LLVMBuildFMul(c->b, hi, F(c, t, -s), ""));
  return LLVMBuildFMul(c->b, e, fmuladd(c, lo, F(c, t, -s), F(c, t, 1)), "");
}

/* erfc(a) for T <= a <= the clamp, given e = e^(-a^2) */
static LLVMValueRef erfc_above(Cg *c, DType t, LLVMValueRef a, LLVMValueRef e) {
  LLVMValueRef q = LLVMBuildFDiv(c->b, F(c, t, 3), LLVMBuildFAdd(c->b, a, F(c, t, 3), ""), "");
  LLVMValueRef y = fmuladd(c, q, F(c, t, erfc_y[0]), F(c, t, erfc_y[1]));
  int n = t == DT_F64 ? 22 : 11;
  LLVMValueRef l = chebyshev(c, t, y, erfc_large, n);
  return LLVMBuildFMul(c->b, e, LLVMBuildFMul(c->b, q, l, ""), "");
}

static LLVMValueRef clamp_above(Cg *c, DType t, LLVMValueRef a, double hi) {
  return sel(c, fcmp(c, LLVMRealOGT, a, F(c, t, hi)), F(c, t, hi), a); /* NaN stays NaN */
}

/* erf(x); NaN stays NaN, ±inf gives ±1, -0 gives -0 */
LLVMValueRef cg_erf(Cg *c, DType t, LLVMValueRef x) {
  LLVMValueRef a = clamp_above(c, t, call1(c, "llvm.fabs", x), erfc_end(t));
  LLVMValueRef above = LLVMBuildFSub(
      c->b, F(c, t, 1), erfc_above(c, t, a, exp_neg_square(c, t, a, 1)), "");
  LLVMValueRef y = sel(c, fcmp(c, LLVMRealOLT, a, F(c, t, erf_t)), erf_below(c, t, a), above);
  LLVMValueRef args[2] = {y, x};
  return cg_intrinsic(c, "llvm.copysign", LLVMTypeOf(y), args, 2);
}

/* P(X <= x) for X ~ N(0,1): (1 + erf(x/sqrt 2))/2 near 0; beyond, erfc(|x|/sqrt 2)/2 below 0
 * and 1 minus that above, so the left tail keeps its relative accuracy. e^(-x^2/2) is
 * computed from x itself, not from the rounded x/sqrt 2. */
static LLVMValueRef normal_cdf(Cg *c, DType t, LLVMValueRef x) {
  LLVMValueRef ax = clamp_above(c, t, call1(c, "llvm.fabs", x), erfc_end(t) * M_SQRT2);
  LLVMValueRef a = LLVMBuildFMul(c->b, ax, F(c, t, M_SQRT1_2), "");
  LLVMValueRef args[2] = {erf_below(c, t, a), x};
  LLVMValueRef erf = cg_intrinsic(c, "llvm.copysign", LLVMTypeOf(x), args, 2);
  LLVMValueRef near = fmuladd(c, erf, F(c, t, 0.5), F(c, t, 0.5));
  LLVMValueRef tail = LLVMBuildFMul(
      c->b, erfc_above(c, t, a, exp_neg_square(c, t, ax, 0.5)), F(c, t, 0.5), "");
  LLVMValueRef far = sel(c, fcmp(c, LLVMRealOLT, x, F(c, t, 0)), tail,
                         LLVMBuildFSub(c->b, F(c, t, 1), tail, ""));
  return sel(c, fcmp(c, LLVMRealOLT, a, F(c, t, erf_t)), near, far);
}

LLVMValueRef cg_lane_erf(Cg *c, const Value *v, LLVMValueRef *x) {
  return cg_erf(c, v->dtype, x[0]);
}

/* Keras 3's gelu as eval.c's ref_gelu writes it: x P(X <= x), or with approximate
 * x sigmoid(x (2c + 2ck x^2)), c = sqrt(2/pi), k = 0.044715. */
LLVMValueRef cg_lane_gelu(Cg *c, const Value *v, LLVMValueRef *x) {
  DType t = v->dtype;
  LLVMValueRef a = x[0];
  if (!v->approximate)
    return LLVMBuildFMul(c->b, a, normal_cdf(c, t, a), "");
  const double k2 = 2 * 0.79788456080286535588;
  LLVMValueRef a2 = LLVMBuildFMul(c->b, a, a, "");
  LLVMValueRef w = LLVMBuildFMul(c->b, a, fmuladd(c, a2, F(c, t, k2 * 0.044715), F(c, t, k2)), "");
  return LLVMBuildFMul(c->b, a, cg_sigmoid(c, t, w), "");
}
