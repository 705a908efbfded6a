/* shape.c — shapes, dtypes and the names of comparisons and initializers.
 *
 * Lookups outside an enum's range answer "?" instead of reading out of bounds, so a printer
 * of a corrupt graph still prints something.
 * ir_numel answers -1 when the product overflows int64_t or a dimension is negative;
 * ir_build refuses such shapes, so values of a graph always have a valid count.
 */
#include <stdarg.h>

#include "ir.h"

int64_t ir_numel(Shape s) {
  if (s.rank < 0 || s.rank > IR_MAX_RANK)
    return -1;
  int64_t n = 1;
  for (int i = 0; i < s.rank; i++) {
    int64_t d = s.dim[i];
    if (d < 0)
      return -1;
    if (d != 0 && n > INT64_MAX / d)
      return -1;
    n *= d;
  }
  return n;
}

bool ir_shape_eq(Shape a, Shape b) {
  if (a.rank != b.rank || a.rank < 0 || a.rank > IR_MAX_RANK)
    return false;
  for (int i = 0; i < a.rank; i++)
    if (a.dim[i] != b.dim[i])
      return false;
  return true;
}

bool ir_broadcast_shape(Shape a, Shape b, Shape *out) {
  if (a.rank < 0 || a.rank > IR_MAX_RANK || b.rank < 0 || b.rank > IR_MAX_RANK)
    return false;
  Shape r = {a.rank > b.rank ? a.rank : b.rank, {0}};
  for (int i = 1; i <= r.rank; i++) { /* right-aligned */
    int64_t da = i <= a.rank ? a.dim[a.rank - i] : 1;
    int64_t db = i <= b.rank ? b.dim[b.rank - i] : 1;
    if (da != db && da != 1 && db != 1)
      return false;
    r.dim[r.rank - i] = da == 1 ? db : da;
  }
  if (out)
    *out = r;
  return true;
}

Shape ir_shape(int rank, ...) {
  Shape s = {rank, {0}};
  va_list ap;
  va_start(ap, rank);
  for (int i = 0; i < rank && i < IR_MAX_RANK; i++)
    s.dim[i] = va_arg(ap, int64_t);
  va_end(ap);
  return s; /* a rank beyond IR_MAX_RANK is kept so that ir_build can refuse it */
}

/* The C API casts nnc_dtype and nnc_cmp to these (driver/api_graph.c): same numbering. */
_Static_assert((int)DT_F32 == (int)NNC_F32 && (int)DT_F64 == (int)NNC_F64 &&
               (int)DT_I32 == (int)NNC_I32, "DType follows nnc_dtype");
_Static_assert((int)CMP_LT == (int)NNC_CMP_LT && (int)CMP_LE == (int)NNC_CMP_LE &&
               (int)CMP_GT == (int)NNC_CMP_GT && (int)CMP_GE == (int)NNC_CMP_GE &&
               (int)CMP_EQ == (int)NNC_CMP_EQ && (int)CMP_NE == (int)NNC_CMP_NE,
               "CmpKind follows nnc_cmp");

size_t ir_dtype_size(DType t) {
  switch (t) {
  case DT_F32: return 4;
  case DT_F64: return 8;
  case DT_I32: return 4;
  }
  return 0;
}

bool ir_is_float(DType t) {
  return t == DT_F32 || t == DT_F64;
}

const char *ir_dtype_name(DType t) {
  switch (t) {
  case DT_F32: return "f32";
  case DT_F64: return "f64";
  case DT_I32: return "i32";
  }
  return "?";
}

const char *ir_cmp_name(CmpKind c) {
  static const char *const names[] = {"lt", "le", "gt", "ge", "eq", "ne"};
  return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "?";
}

#define INITIALIZER(id, ...) \
  _Static_assert((int)INIT_##id == (int)NNC_INIT_##id, "InitKind follows nnc_initializer");
#include "initializers.def"

const char *ir_init_name(InitKind k) {
  const char *s = names_name(&names_initializers, (int)k);
  return s ? s : "?";
}
