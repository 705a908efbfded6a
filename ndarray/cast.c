/* cast.c — converting elements between the six dtypes, as numpy does on x86-64.
 *
 * One loop per (from, to) pair, generated from ND_TYPES. Where C leaves a conversion
 * undefined, numpy's observed answer is computed instead: a float out of an int's range
 * (or NaN) becomes the int's minimum, as the cvttsd2si instruction numpy's casts compile to
 * gives; float to uint8 goes through int32 like numpy's (300.0 -> 44, -1.0 -> 255, NaN -> 0).
 * Loops take byte strides and run contiguously when both are the itemsize, where the
 * compiler vectorizes them.
 */
#include <string.h>

#include "ndarray.h"

static inline int32_t f_to_i32(double x) {
  return x > -2147483649.0 && x < 2147483648.0 ? (int32_t)x : INT32_MIN;
}

static inline int64_t f_to_i64(double x) {
  return x >= -9223372036854775808.0 && x < 9223372036854775808.0 ? (int64_t)x : INT64_MIN;
}

static inline uint8_t f_to_u8(double x) {
  return (uint8_t)f_to_i32(x);
}

#define TO__Bool(x) ((x) != 0) /* bool, as it arrives after expansion */
#define TO_uint8_t(x) _Generic((x), float: f_to_u8(x), double: f_to_u8(x), default: (uint8_t)(x))
#define TO_int32_t(x) _Generic((x), float: f_to_i32(x), double: f_to_i32(x), default: (int32_t)(x))
#define TO_int64_t(x) _Generic((x), float: f_to_i64(x), double: f_to_i64(x), default: (int64_t)(x))
#define TO_float(x) ((float)(x))
#define TO_double(x) ((double)(x))

#define CAST_LOOP(FT, FS, TT, TS)                                                            \
  static void cast_##FS##_##TS(char *dst, const char *src, int64_t n, int64_t ds,         \
                               int64_t ss) {                                              \
    if (ds == (int64_t)sizeof(TT) && ss == (int64_t)sizeof(FT)) {                         \
      TT *d = (TT *)dst;                                                                  \
      const FT *s = (const FT *)src;                                                      \
      for (int64_t i = 0; i < n; i++)                                                     \
        d[i] = TO_##TT(s[i]);                                                             \
    } else {                                                                              \
      for (int64_t i = 0; i < n; i++)                                                     \
        *(TT *)(dst + i * ds) = TO_##TT(*(const FT *)(src + i * ss));                     \
    }                                                                                     \
  }
#define CAST_FROM(FE, FT, FS) ND_TYPES2(CAST_TO, FT, FS)
#define CAST_TO(TE, TT, TS, FT, FS) CAST_LOOP(FT, FS, TT, TS)
ND_TYPES(CAST_FROM)

#define ROW_FROM(FE, FT, FS) [FE] = {ND_TYPES2(ROW_TO, FS, _)},
#define ROW_TO(TE, TT, TS, FS, UNUSED) [TE] = cast_##FS##_##TS,
static const NdCastFn casts[ND_NDTYPES][ND_NDTYPES] = {ND_TYPES(ROW_FROM)};

NdCastFn nd_cast_fn(NdDtype from, NdDtype to) {
  return casts[from][to];
}

NdScalar nd_read(NdDtype t, const char *p) {
  NdScalar v = {.dtype = t};
  switch (t) {
  case ND_BOOL: v.b = *(const bool *)p; break;
  case ND_UINT8: v.i = *(const uint8_t *)p; break;
  case ND_INT32: v.i = *(const int32_t *)p; break;
  case ND_INT64: v.i = *(const int64_t *)p; break;
  case ND_FLOAT32: v.f = *(const float *)p; break;
  case ND_FLOAT64: v.f = *(const double *)p; break;
  case ND_NODTYPE: nnc_unreachable("dtype");
  }
  return v;
}

/* Stores v, converted to t, at p. */
void nd_write(NdDtype t, char *p, NdScalar v) {
  char tmp[8];
  switch (v.dtype) {
  case ND_BOOL: *(bool *)tmp = v.b; break;
  case ND_UINT8: *(uint8_t *)tmp = (uint8_t)v.i; break;
  case ND_INT32: *(int32_t *)tmp = (int32_t)v.i; break;
  case ND_INT64: *(int64_t *)tmp = v.i; break;
  case ND_FLOAT32: *(float *)tmp = (float)v.f; break;
  case ND_FLOAT64: *(double *)tmp = v.f; break;
  case ND_NODTYPE: nnc_unreachable("dtype");
  }
  casts[v.dtype][t](p, tmp, 1, 0, 0);
}

NdScalar nd_scalar_cast(NdScalar v, NdDtype t) {
  char tmp[8];
  nd_write(t, tmp, v);
  return nd_read(t, tmp);
}

double nd_scalar_to_double(NdScalar v) {
  switch (v.dtype) {
  case ND_BOOL: return v.b;
  case ND_UINT8: case ND_INT32: case ND_INT64: return (double)v.i;
  case ND_FLOAT32: case ND_FLOAT64: return v.f;
  case ND_NODTYPE: break;
  }
  nnc_unreachable("dtype");
}
