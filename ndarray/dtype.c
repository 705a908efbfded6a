/* dtype.c — the six dtypes: names, parsing, and numpy 1.24's promotion rules.
 *
 * Promotion is computed on numpy's full lattice of numeric types (int8 to uint64, float16
 * to float64), because value-based casting passes through types nnc lacks: uint8_array +
 * 300 is uint16 in numpy, uint8_array + np.int8(-1) is int16. Only the final answer is
 * mapped onto the six dtypes (Lattice -> NdDtype widens: int8/int16/uint16 -> int32,
 * uint32/uint64 -> int64, float16 -> float32), so every answer numpy gives within the six
 * is reproduced exactly.
 */
#include <math.h>
#include <string.h>

#include "ndarray.h"

static const struct {
  const char *name, *str;
  char ch;
  size_t size;
} table[ND_NDTYPES] = {
    [ND_NODTYPE] = {"?", "?", '?', 0},
    [ND_BOOL] = {"bool", "|b1", '?', 1},
    [ND_UINT8] = {"uint8", "|u1", 'B', 1},
    [ND_INT32] = {"int32", "<i4", 'i', 4},
    [ND_INT64] = {"int64", "<i8", 'l', 8},
    [ND_FLOAT32] = {"float32", "<f4", 'f', 4},
    [ND_FLOAT64] = {"float64", "<f8", 'd', 8},
};

static bool valid(NdDtype t) {
  return t > ND_NODTYPE && (int)t < (int)ND_NDTYPES;
}

const char *nd_dtype_name(NdDtype t) {
  return valid(t) ? table[t].name : "?";
}

const char *nd_dtype_str(NdDtype t) {
  return valid(t) ? table[t].str : "?";
}

char nd_dtype_char(NdDtype t) {
  return valid(t) ? table[t].ch : '?';
}

size_t nd_dtype_size(NdDtype t) {
  return valid(t) ? table[t].size : 0;
}

bool nd_dtype_is_float(NdDtype t) {
  return t == ND_FLOAT32 || t == ND_FLOAT64;
}

bool nd_dtype_is_int(NdDtype t) {
  return t == ND_UINT8 || t == ND_INT32 || t == ND_INT64;
}

/* Every spelling np.dtype() accepts for the six (byte-order marks included), and numpy's
 * names for the types nnc lacks, which are refused by name. */
static const struct {
  const char *s;
  NdDtype t;
} spellings[] = {
    {"bool", ND_BOOL},      {"bool_", ND_BOOL},       {"bool8", ND_BOOL},
    {"?", ND_BOOL},         {"b1", ND_BOOL},          {"|b1", ND_BOOL},
    {"uint8", ND_UINT8},    {"u1", ND_UINT8},         {"|u1", ND_UINT8},
    {"<u1", ND_UINT8},      {"B", ND_UINT8},          {"ubyte", ND_UINT8},
    {"int32", ND_INT32},    {"i4", ND_INT32},         {"<i4", ND_INT32},
    {"i", ND_INT32},        {"intc", ND_INT32},
    {"int64", ND_INT64},    {"i8", ND_INT64},         {"<i8", ND_INT64},
    {"int", ND_INT64},      {"int_", ND_INT64},       {"l", ND_INT64},
    {"long", ND_INT64},     {"q", ND_INT64},          {"longlong", ND_INT64},
    {"intp", ND_INT64},     {"p", ND_INT64},
    {"float32", ND_FLOAT32}, {"f4", ND_FLOAT32},      {"<f4", ND_FLOAT32},
    {"f", ND_FLOAT32},      {"single", ND_FLOAT32},
    {"float64", ND_FLOAT64}, {"f8", ND_FLOAT64},      {"<f8", ND_FLOAT64},
    {"float", ND_FLOAT64},  {"float_", ND_FLOAT64},   {"d", ND_FLOAT64},
    {"double", ND_FLOAT64},
};
static const char *const lacking[] = {
    "int8", "i1", "|i1", "byte", "b", "int16", "i2", "<i2", "short", "h", "uint16", "u2",
    "<u2", "ushort", "H", "uint32", "u4", "<u4", "uintc", "I", "uint64", "u8", "<u8", "uint",
    "L", "Q", "ulonglong", "uintp", "float16", "f2", "<f2", "half", "e", "longdouble", "g",
    "float128", "f16", "complex", "complex64", "complex128", "c8", "c16", "complex_", "D",
    "F", "str", "str_", "U", "object", "O", "bytes", "S", "datetime64", "timedelta64",
};

bool nd_dtype_parse(const char *s, NdDtype *out) {
  for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
    if (strcmp(s, spellings[i].s) == 0) {
      *out = spellings[i].t;
      return true;
    }
  for (size_t i = 0; i < sizeof lacking / sizeof lacking[0]; i++)
    if (strcmp(s, lacking[i]) == 0)
      return nd_fail(ND_E_TYPE, "data type '%s' is not supported in nnc (use bool, uint8, "
                     "int32, int64, float32 or float64)", s), false;
  return nd_fail(ND_E_TYPE, "data type '%s' not understood", s), false;
}

/* ---- numpy's lattice ---- */

typedef enum { K_BOOL, K_UINT, K_INT, K_FLOAT } Kind;
typedef struct {
  Kind kind;
  int bits;                     /* 8 for bool */
} Lattice;

static Lattice lattice_of(NdDtype t) {
  static const Lattice l[ND_NDTYPES] = {
      [ND_BOOL] = {K_BOOL, 8},   [ND_UINT8] = {K_UINT, 8},     [ND_INT32] = {K_INT, 32},
      [ND_INT64] = {K_INT, 64},  [ND_FLOAT32] = {K_FLOAT, 32}, [ND_FLOAT64] = {K_FLOAT, 64},
  };
  return l[t];
}

static NdDtype dtype_of(Lattice l) {
  switch (l.kind) {
  case K_BOOL: return ND_BOOL;
  case K_UINT: return l.bits == 8 ? ND_UINT8 : l.bits == 16 ? ND_INT32 : ND_INT64;
  case K_INT: return l.bits <= 32 ? ND_INT32 : ND_INT64;
  case K_FLOAT: return l.bits <= 32 ? ND_FLOAT32 : ND_FLOAT64;
  }
  nnc_unreachable("kind");
}

static Lattice larger(Lattice a, Lattice b) {
  return a.bits >= b.bits ? a : b;
}

/* The smallest float that holds every value of an int type. */
static Lattice float_for(Lattice a) {
  return (Lattice){K_FLOAT, a.bits <= 8 ? 16 : a.bits <= 16 ? 32 : 64};
}

/* np.promote_types on the lattice. */
static Lattice promote(Lattice a, Lattice b) {
  if (a.kind == K_BOOL)
    return b;
  if (b.kind == K_BOOL)
    return a;
  if (a.kind == b.kind)
    return larger(a, b);
  if (a.kind == K_FLOAT || b.kind == K_FLOAT) {
    Lattice f = a.kind == K_FLOAT ? a : b, i = a.kind == K_FLOAT ? b : a;
    return larger(f, float_for(i));
  }
  Lattice u = a.kind == K_UINT ? a : b, s = a.kind == K_UINT ? b : a;
  if (s.bits > u.bits)
    return s;
  if (u.bits < 64)
    return (Lattice){K_INT, u.bits * 2};
  return (Lattice){K_FLOAT, 64};
}

/* np.min_scalar_type of a 0-d array's value; *small is numpy's "is_small_unsigned": an
 * unsigned answer whose value also fits the signed type of its size. */
static Lattice min_scalar(const NdArray *a, bool *small) {
  NdScalar v = nd_get(a, NULL);
  *small = false;
  switch (a->dtype) {
  case ND_BOOL:
    return (Lattice){K_BOOL, 8};
  case ND_UINT8: case ND_INT32: case ND_INT64: {
    int64_t i = v.i;
    static const int bits[] = {8, 16, 32, 64};
    for (int k = 0; k < 4; k++) {
      int b = bits[k];
      if (i >= 0 && (b == 64 || (uint64_t)i < ((uint64_t)1 << b))) {
        *small = b == 64 || (uint64_t)i < ((uint64_t)1 << (b - 1));
        return (Lattice){K_UINT, b};
      }
      if (i < 0 && (b == 64 || i >= -((int64_t)1 << (b - 1))))
        return (Lattice){K_INT, b};
    }
    nnc_unreachable("an int64 fits 64 bits");
  }
  case ND_FLOAT32: case ND_FLOAT64: {
    double f = v.f;
    if (!isfinite(f) || (f > -65000 && f < 65000))
      return (Lattice){K_FLOAT, 16};
    if (f > -3.4e38 && f < 3.4e38)
      return (Lattice){K_FLOAT, 32};
    return (Lattice){K_FLOAT, 64};
  }
  case ND_NODTYPE:
    break;
  }
  nnc_unreachable("dtype");
}

/* numpy's promote_types with the small-unsigned rule: a small unsigned scalar meeting a
 * signed type counts as the signed type of its size (np.int32 array + 2**40 is int64). */
static Lattice promote_small(Lattice a, bool sa, Lattice b, bool sb) {
  if (sa && b.kind != K_BOOL && b.kind != K_UINT)
    a.kind = K_INT;
  else if (sb && a.kind != K_BOOL && a.kind != K_UINT)
    b.kind = K_INT;
  return promote(a, b);
}

NdDtype nd_promote_types(NdDtype a, NdDtype b) {
  return dtype_of(promote(lattice_of(a), lattice_of(b)));
}

static Lattice result_lattice(int n, NdArray *const *args) {
  Kind array_kind = K_BOOL, scalar_kind = K_BOOL;
  bool arrays = false, scalars = false;
  for (int i = 0; i < n; i++) {
    Kind k = lattice_of(args[i]->dtype).kind;
    k = k == K_UINT ? K_INT : k; /* numpy's categories: bool < integer < float */
    if (args[i]->ndim == 0) {
      scalars = true;
      scalar_kind = k > scalar_kind ? k : scalar_kind;
    } else {
      arrays = true;
      array_kind = k > array_kind ? k : array_kind;
    }
  }
  bool by_value = arrays && scalars && scalar_kind <= array_kind;
  Lattice r = {K_BOOL, 8};
  bool small = false;
  for (int i = 0; i < n; i++) {
    bool s = false;
    Lattice t = by_value && args[i]->ndim == 0 ? min_scalar(args[i], &s)
                                               : lattice_of(args[i]->dtype);
    if (i == 0) {
      r = t;
      small = s;
    } else {
      r = promote_small(t, s, r, small);
      small = small && s;
    }
  }
  return r;
}

NdDtype nd_result_type(int n, NdArray *const *args) {
  return dtype_of(result_lattice(n, args));
}

NdDtype nd_result_float(int n, NdArray *const *args) {
  Lattice r = result_lattice(n, args);
  return dtype_of(r.kind == K_FLOAT ? r : float_for(r));
}

/* numpy's can_cast on the six: safe keeps every value, same_kind stays within a kind or
 * goes up the order bool < unsigned < signed < float (int64 to float32 is same_kind,
 * int32 to uint8 is not). */
bool nd_can_cast(NdDtype from, NdDtype to, NdCasting c) {
  if (from == to || c == ND_CAST_UNSAFE)
    return true;
  if (c == ND_CAST_NO)
    return false;
  Lattice f = lattice_of(from), t = lattice_of(to);
  Lattice p = promote(f, t);
  if (p.kind == t.kind && p.bits == t.bits)
    return true;
  if (c == ND_CAST_SAFE)
    return false;
  return f.kind <= t.kind;
}
