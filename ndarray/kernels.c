/* kernels.c — the inner loops of the ufuncs: one per (ufunc, loop dtype) pair that numpy has.
 *
 * Every loop takes byte strides for its output and inputs and has fast paths for the
 * layouts that matter: all contiguous, and contiguous with the other input a broadcast
 * scalar (x / 255.0). Those paths index plain typed arrays, which the compiler vectorizes;
 * anything else takes the strided path. Inputs always arrive in the loop's dtype (ufunc.c
 * casts them first), so each loop reads and writes one C type.
 *
 * Integer arithmetic wraps as numpy's does: it is done in the unsigned type of the same
 * width, where C defines overflow. Division and remainder by zero give 0 (numpy warns and
 * gives 0), INT_MIN // -1 wraps, and float floor division and remainder follow numpy's
 * npy_divmod so that the signs and the snapping of the quotient match.
 */
#include <math.h>
#include <stdint.h>

#include "ndarray.h"

/* ---- scalar operations that need more than an operator ---- */

#define WRAP(T, U, OP)                                                                      \
  static inline T T##_##OP##_w(T x, T y) { return (T)((U)x OP_##OP (U)y); }
#define OP_add +
#define OP_sub -
#define OP_mul *
WRAP(int32_t, uint32_t, add) WRAP(int32_t, uint32_t, sub) WRAP(int32_t, uint32_t, mul)
WRAP(int64_t, uint64_t, add) WRAP(int64_t, uint64_t, sub) WRAP(int64_t, uint64_t, mul)
static inline uint8_t uint8_t_add_w(uint8_t x, uint8_t y) { return (uint8_t)(x + y); }
static inline uint8_t uint8_t_sub_w(uint8_t x, uint8_t y) { return (uint8_t)(x - y); }
static inline uint8_t uint8_t_mul_w(uint8_t x, uint8_t y) { return (uint8_t)(x * y); }

#define SIGNED_DIV(T, U)                                                                    \
  static inline T T##_fdiv(T x, T y) {                                                    \
    if (y == 0)                                                                           \
      return 0;                                                                           \
    if (y == -1)                                                                          \
      return (T)(0 - (U)x);                                                               \
    T q = x / y;                                                                          \
    return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;                                \
  }                                                                                       \
  static inline T T##_mod(T x, T y) {                                                     \
    if (y == 0 || y == -1)                                                                \
      return 0;                                                                           \
    T r = x % y;                                                                          \
    return (r != 0 && (r < 0) != (y < 0)) ? r + y : r;                                    \
  }                                                                                       \
  static inline T T##_pow(T b, T e) {                                                     \
    U r = 1, x = (U)b;                                                                    \
    for (U k = e < 0 ? 0 : (U)e; k; k >>= 1) {                                            \
      if (k & 1)                                                                          \
        r *= x;                                                                           \
      x *= x;                                                                             \
    }                                                                                     \
    return (T)r;                                                                          \
  }                                                                                       \
  static inline T T##_abs(T x) { return x < 0 ? (T)(0 - (U)x) : x; }                     \
  static inline T T##_neg(T x) { return (T)(0 - (U)x); }
SIGNED_DIV(int32_t, uint32_t)
SIGNED_DIV(int64_t, uint64_t)

static inline uint8_t uint8_t_fdiv(uint8_t x, uint8_t y) { return y ? x / y : 0; }
static inline uint8_t uint8_t_mod(uint8_t x, uint8_t y) { return y ? x % y : 0; }
static inline uint8_t uint8_t_pow(uint8_t b, uint8_t e) {
  uint32_t r = 1, x = b;
  for (uint32_t k = e; k; k >>= 1) {
    if (k & 1)
      r = (r * x) & 0xff;
    x = (x * x) & 0xff;
  }
  return (uint8_t)r;
}
static inline uint8_t uint8_t_abs(uint8_t x) { return x; }
static inline uint8_t uint8_t_neg(uint8_t x) { return (uint8_t)(0 - x); }

/* numpy's npy_divmod: a // b and a % b with Python's signs, the quotient snapped. */
#define FLOAT_DIVMOD(T, SFX)                                                                \
  static inline T T##_divmod(T a, T b, T *modulus) {                                      \
    T mod = fmod##SFX(a, b);                                                              \
    if (!b) {                                                                             \
      *modulus = mod;                                                                     \
      return a / b;                                                                       \
    }                                                                                     \
    T div = (a - mod) / b;                                                                \
    if (mod) {                                                                            \
      if ((b < 0) != (mod < 0)) {                                                         \
        mod += b;                                                                         \
        div -= 1;                                                                         \
      }                                                                                   \
    } else {                                                                              \
      mod = copysign##SFX(0, b);                                                          \
    }                                                                                     \
    T fl;                                                                                 \
    if (div) {                                                                            \
      fl = floor##SFX(div);                                                               \
      if (div - fl > (T)0.5)                                                              \
        fl += 1;                                                                          \
    } else {                                                                              \
      fl = copysign##SFX(0, a / b);                                                       \
    }                                                                                     \
    *modulus = mod;                                                                       \
    return fl;                                                                            \
  }                                                                                       \
  static inline T T##_fdiv(T a, T b) {                                                    \
    T m;                                                                                  \
    return b ? T##_divmod(a, b, &m) : a / b;                                              \
  }                                                                                       \
  static inline T T##_mod(T a, T b) {                                                     \
    T m;                                                                                  \
    if (!b)                                                                               \
      return fmod##SFX(a, b);                                                             \
    T##_divmod(a, b, &m);                                                                 \
    return m;                                                                             \
  }                                                                                       \
  static inline T T##_sign(T x) { return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x; }
FLOAT_DIVMOD(float, f)
FLOAT_DIVMOD(double, )

#define ISIGN(x) (((x) > 0) - ((x) < 0))
/* numpy's on x86 (maxpd and kin): on a tie, -0.0 against 0.0 included, the second operand
 * wins; maximum and minimum propagate NaN, fmax and fmin ignore it. */
#define MAXIMUM(x, y) ((x) > (y) || (x) != (x) ? (x) : (y))
#define MINIMUM(x, y) ((x) < (y) || (x) != (x) ? (x) : (y))
#define FMAX(x, y) ((x) > (y) || (y) != (y) ? (x) : (y))
#define FMIN(x, y) ((x) < (y) || (y) != (y) ? (x) : (y))

/* 1/x for ints as numpy computes it: through a float, so 1/0 is the cast of inf. */
#define IRECIP(T, MIN) ((x) == 1 ? (T)1 : (x) == (T)-1 ? (T)-1 : (x) == 0 ? (T)(MIN) : (T)0)

/* ---- loop templates ---- */

#define BINARY(NAME, T, R, EXPR)                                                            \
  static void NAME(char *o, const char *pa, const char *pb, int64_t n, int64_t so,        \
                   int64_t sa, int64_t sb) {                                              \
    const int64_t st = (int64_t)sizeof(T), sr = (int64_t)sizeof(R);                       \
    if (so == sr && sa == st && sb == st) {                                               \
      R *out = (R *)o;                                                                    \
      const T *A = (const T *)pa, *B = (const T *)pb;                                     \
      for (int64_t i = 0; i < n; i++) {                                                   \
        T x = A[i], y = B[i];                                                             \
        out[i] = (R)(EXPR);                                                               \
      }                                                                                   \
    } else if (so == sr && sa == st && sb == 0) {                                         \
      R *out = (R *)o;                                                                    \
      const T *A = (const T *)pa, y = *(const T *)pb;                                     \
      for (int64_t i = 0; i < n; i++) {                                                   \
        T x = A[i];                                                                       \
        out[i] = (R)(EXPR);                                                               \
      }                                                                                   \
    } else if (so == sr && sa == 0 && sb == st) {                                         \
      R *out = (R *)o;                                                                    \
      const T *B = (const T *)pb, x = *(const T *)pa;                                     \
      for (int64_t i = 0; i < n; i++) {                                                   \
        T y = B[i];                                                                       \
        out[i] = (R)(EXPR);                                                               \
      }                                                                                   \
    } else {                                                                              \
      for (int64_t i = 0; i < n; i++) {                                                   \
        T x = *(const T *)(pa + i * sa), y = *(const T *)(pb + i * sb);                   \
        *(R *)(o + i * so) = (R)(EXPR);                                                   \
      }                                                                                   \
    }                                                                                     \
  }

#define UNARY(NAME, T, R, EXPR)                                                             \
  static void NAME(char *o, const char *pa, const char *pb, int64_t n, int64_t so,        \
                   int64_t sa, int64_t sb) {                                              \
    (void)pb;                                                                             \
    (void)sb;                                                                             \
    if (so == (int64_t)sizeof(R) && sa == (int64_t)sizeof(T)) {                           \
      R *out = (R *)o;                                                                    \
      const T *A = (const T *)pa;                                                         \
      for (int64_t i = 0; i < n; i++) {                                                   \
        T x = A[i];                                                                       \
        out[i] = (R)(EXPR);                                                               \
      }                                                                                   \
    } else {                                                                              \
      for (int64_t i = 0; i < n; i++) {                                                   \
        T x = *(const T *)(pa + i * sa);                                                  \
        *(R *)(o + i * so) = (R)(EXPR);                                                   \
      }                                                                                   \
    }                                                                                     \
  }

/* Loops for a list of types: B_<types>(op, expr) defines op_<short> for each. */
#define B_INT(OP, EXPR)                                                                     \
  BINARY(OP##_u8, uint8_t, uint8_t, EXPR) BINARY(OP##_i32, int32_t, int32_t, EXPR)        \
  BINARY(OP##_i64, int64_t, int64_t, EXPR)
#define B_FLT(OP, EXPR)                                                                     \
  BINARY(OP##_f32, float, float, EXPR) BINARY(OP##_f64, double, double, EXPR)
#define B_CMP(OP, EXPR)                                                                     \
  BINARY(OP##_b, bool, bool, EXPR) BINARY(OP##_u8, uint8_t, bool, EXPR)                   \
  BINARY(OP##_i32, int32_t, bool, EXPR) BINARY(OP##_i64, int64_t, bool, EXPR)             \
  BINARY(OP##_f32, float, bool, EXPR) BINARY(OP##_f64, double, bool, EXPR)
#define U_INT(OP, EXPR)                                                                     \
  UNARY(OP##_u8, uint8_t, uint8_t, EXPR) UNARY(OP##_i32, int32_t, int32_t, EXPR)          \
  UNARY(OP##_i64, int64_t, int64_t, EXPR)
#define U_FLT(OP, EXPR)                                                                     \
  UNARY(OP##_f32, float, float, EXPR) UNARY(OP##_f64, double, double, EXPR)
#define U_TEST(OP, EXPR)                                                                    \
  UNARY(OP##_b, bool, bool, EXPR) UNARY(OP##_u8, uint8_t, bool, EXPR)                     \
  UNARY(OP##_i32, int32_t, bool, EXPR) UNARY(OP##_i64, int64_t, bool, EXPR)               \
  UNARY(OP##_f32, float, bool, EXPR) UNARY(OP##_f64, double, bool, EXPR)
/* The float math of libm, float and double versions. */
#define U_LIBM(OP, FN) UNARY(OP##_f32, float, float, FN##f(x)) UNARY(OP##_f64, double, double, FN(x))
#define B_LIBM(OP, FN)                                                                      \
  BINARY(OP##_f32, float, float, FN##f(x, y)) BINARY(OP##_f64, double, double, FN(x, y))

/* Integer loops whose scalar function is named <C type>_<fn>. */
#define B_INTF(OP, FN)                                                                      \
  BINARY(OP##_u8, uint8_t, uint8_t, uint8_t_##FN(x, y))                                   \
  BINARY(OP##_i32, int32_t, int32_t, int32_t_##FN(x, y))                                  \
  BINARY(OP##_i64, int64_t, int64_t, int64_t_##FN(x, y))
#define B_FLTF(OP, FN)                                                                      \
  BINARY(OP##_f32, float, float, float_##FN(x, y)) BINARY(OP##_f64, double, double, double_##FN(x, y))
#define U_INTF(OP, FN)                                                                      \
  UNARY(OP##_u8, uint8_t, uint8_t, uint8_t_##FN(x)) UNARY(OP##_i32, int32_t, int32_t, int32_t_##FN(x)) \
  UNARY(OP##_i64, int64_t, int64_t, int64_t_##FN(x))

BINARY(add_b, bool, bool, x | y) B_INTF(add, add_w) B_FLT(add, x + y)
B_INTF(subtract, sub_w) B_FLT(subtract, x - y)
BINARY(multiply_b, bool, bool, x & y) B_INTF(multiply, mul_w) B_FLT(multiply, x * y)
B_FLT(true_divide, x / y)
B_INTF(floor_divide, fdiv) B_FLTF(floor_divide, fdiv)
B_INTF(remainder, mod) B_FLTF(remainder, mod)
B_INTF(power, pow) B_LIBM(power, pow)
BINARY(maximum_b, bool, bool, x | y) B_INT(maximum, MAXIMUM(x, y)) B_FLT(maximum, MAXIMUM(x, y))
BINARY(minimum_b, bool, bool, x & y) B_INT(minimum, MINIMUM(x, y)) B_FLT(minimum, MINIMUM(x, y))
BINARY(fmax_b, bool, bool, x | y) B_INT(fmax, MAXIMUM(x, y)) B_FLT(fmax, FMAX(x, y))
BINARY(fmin_b, bool, bool, x & y) B_INT(fmin, MINIMUM(x, y)) B_FLT(fmin, FMIN(x, y))
B_LIBM(arctan2, atan2) B_LIBM(hypot, hypot)
B_CMP(equal, x == y) B_CMP(not_equal, x != y) B_CMP(less, x < y)
B_CMP(less_equal, x <= y) B_CMP(greater, x > y) B_CMP(greater_equal, x >= y)
BINARY(logical_and_b, bool, bool, x && y) BINARY(logical_or_b, bool, bool, x || y)
BINARY(logical_xor_b, bool, bool, x != y)
BINARY(bitwise_and_b, bool, bool, x & y) B_INT(bitwise_and, x & y)
BINARY(bitwise_or_b, bool, bool, x | y) B_INT(bitwise_or, x | y)
BINARY(bitwise_xor_b, bool, bool, x ^ y) B_INT(bitwise_xor, x ^ y)

U_INTF(negative, neg) U_FLT(negative, -x)
U_INT(positive, x) U_FLT(positive, x)
UNARY(absolute_b, bool, bool, x) U_INTF(absolute, abs) U_LIBM(absolute, fabs)
UNARY(sign_u8, uint8_t, uint8_t, x > 0) UNARY(sign_i32, int32_t, int32_t, ISIGN(x))
UNARY(sign_i64, int64_t, int64_t, ISIGN(x)) UNARY(sign_f32, float, float, float_sign(x))
UNARY(sign_f64, double, double, double_sign(x))
UNARY(square_u8, uint8_t, uint8_t, uint8_t_mul_w(x, x))
UNARY(square_i32, int32_t, int32_t, int32_t_mul_w(x, x))
UNARY(square_i64, int64_t, int64_t, int64_t_mul_w(x, x)) U_FLT(square, x * x)
UNARY(reciprocal_u8, uint8_t, uint8_t, x == 1 ? 1 : 0)
UNARY(reciprocal_i32, int32_t, int32_t, IRECIP(int32_t, INT32_MIN))
UNARY(reciprocal_i64, int64_t, int64_t, IRECIP(int64_t, INT64_MIN))
U_FLT(reciprocal, 1 / x)
U_LIBM(sqrt, sqrt) U_LIBM(cbrt, cbrt) U_LIBM(exp, exp) U_LIBM(exp2, exp2)
U_LIBM(expm1, expm1) U_LIBM(log, log) U_LIBM(log2, log2) U_LIBM(log10, log10)
U_LIBM(log1p, log1p) U_LIBM(sin, sin) U_LIBM(cos, cos) U_LIBM(tan, tan)
U_LIBM(arcsin, asin) U_LIBM(arccos, acos) U_LIBM(arctan, atan) U_LIBM(sinh, sinh)
U_LIBM(cosh, cosh) U_LIBM(tanh, tanh) U_LIBM(floor, floor) U_LIBM(ceil, ceil)
U_LIBM(trunc, trunc) U_LIBM(rint, rint)
UNARY(invert_b, bool, bool, !x) U_INT(invert, ~x)
UNARY(logical_not_b, bool, bool, !x)
U_TEST(isnan, x != x) U_TEST(isinf, x - x != x - x && x == x)
U_TEST(isfinite, x - x == x - x)
UNARY(signbit_b, bool, bool, x && false) UNARY(signbit_u8, uint8_t, bool, x && false)
UNARY(signbit_i32, int32_t, bool, x < 0) UNARY(signbit_i64, int64_t, bool, x < 0)
UNARY(signbit_f32, float, bool, signbit(x)) UNARY(signbit_f64, double, bool, signbit(x))

/* ---- the table ---- */

#define K_B(OP) [ND_BOOL] = OP##_b
#define K_INT(OP) [ND_UINT8] = OP##_u8, [ND_INT32] = OP##_i32, [ND_INT64] = OP##_i64
#define K_FLT(OP) [ND_FLOAT32] = OP##_f32, [ND_FLOAT64] = OP##_f64
#define K_NUM(OP) K_INT(OP), K_FLT(OP)
#define K_ALL(OP) K_B(OP), K_NUM(OP)

const NdKernel nd_kernels[ND_NUFUNCS][ND_NDTYPES] = {
    [ND_ADD] = {K_ALL(add)},
    [ND_SUBTRACT] = {K_NUM(subtract)},
    [ND_MULTIPLY] = {K_ALL(multiply)},
    [ND_TRUE_DIVIDE] = {K_FLT(true_divide)},
    [ND_FLOOR_DIVIDE] = {K_NUM(floor_divide)},
    [ND_REMAINDER] = {K_NUM(remainder)},
    [ND_POWER] = {K_NUM(power)},
    [ND_MAXIMUM] = {K_ALL(maximum)},
    [ND_MINIMUM] = {K_ALL(minimum)},
    [ND_FMAX] = {K_ALL(fmax)},
    [ND_FMIN] = {K_ALL(fmin)},
    [ND_ARCTAN2] = {K_FLT(arctan2)},
    [ND_HYPOT] = {K_FLT(hypot)},
    [ND_EQUAL] = {K_ALL(equal)},
    [ND_NOT_EQUAL] = {K_ALL(not_equal)},
    [ND_LESS] = {K_ALL(less)},
    [ND_LESS_EQUAL] = {K_ALL(less_equal)},
    [ND_GREATER] = {K_ALL(greater)},
    [ND_GREATER_EQUAL] = {K_ALL(greater_equal)},
    [ND_LOGICAL_AND] = {K_B(logical_and)},
    [ND_LOGICAL_OR] = {K_B(logical_or)},
    [ND_LOGICAL_XOR] = {K_B(logical_xor)},
    [ND_BITWISE_AND] = {K_B(bitwise_and), K_INT(bitwise_and)},
    [ND_BITWISE_OR] = {K_B(bitwise_or), K_INT(bitwise_or)},
    [ND_BITWISE_XOR] = {K_B(bitwise_xor), K_INT(bitwise_xor)},
    [ND_NEGATIVE] = {K_NUM(negative)},
    [ND_POSITIVE] = {K_NUM(positive)},
    [ND_ABSOLUTE] = {K_ALL(absolute)},
    [ND_SIGN] = {K_NUM(sign)},
    [ND_SQUARE] = {K_NUM(square)},
    [ND_RECIPROCAL] = {K_NUM(reciprocal)},
    [ND_SQRT] = {K_FLT(sqrt)},
    [ND_CBRT] = {K_FLT(cbrt)},
    [ND_EXP] = {K_FLT(exp)},
    [ND_EXP2] = {K_FLT(exp2)},
    [ND_EXPM1] = {K_FLT(expm1)},
    [ND_LOG] = {K_FLT(log)},
    [ND_LOG2] = {K_FLT(log2)},
    [ND_LOG10] = {K_FLT(log10)},
    [ND_LOG1P] = {K_FLT(log1p)},
    [ND_SIN] = {K_FLT(sin)},
    [ND_COS] = {K_FLT(cos)},
    [ND_TAN] = {K_FLT(tan)},
    [ND_ARCSIN] = {K_FLT(arcsin)},
    [ND_ARCCOS] = {K_FLT(arccos)},
    [ND_ARCTAN] = {K_FLT(arctan)},
    [ND_SINH] = {K_FLT(sinh)},
    [ND_COSH] = {K_FLT(cosh)},
    [ND_TANH] = {K_FLT(tanh)},
    [ND_FLOOR] = {K_FLT(floor)},
    [ND_CEIL] = {K_FLT(ceil)},
    [ND_TRUNC] = {K_FLT(trunc)},
    [ND_RINT] = {K_FLT(rint)},
    [ND_INVERT] = {K_B(invert), K_INT(invert)},
    [ND_LOGICAL_NOT] = {K_B(logical_not)},
    [ND_ISNAN] = {K_ALL(isnan)},
    [ND_ISINF] = {K_ALL(isinf)},
    [ND_ISFINITE] = {K_ALL(isfinite)},
    [ND_SIGNBIT] = {K_ALL(signbit)},
};
