/* ops.c — the op table's columns that every module reads (name, arity, flags, attributes),
 * and the attribute fields they name.
 *
 * Every array here is an expansion of ops.def, never a hand-kept copy. The other columns
 * (type rule, reference, VJP, codegen) are expanded by the file that owns that concern, so
 * each of those functions stays static beside its kind. An attribute names one field of a
 * Value; ir_attrs_copy and ir_attrs_equal are the only code that maps one to the other, so
 * ir_build's canonical form and CSE's notion of "same op" cannot drift apart.
 */
#include <string.h>

#include "ir.h"

static const struct {
  const char *name;
  int arity;
  unsigned flags, attrs;
} ops[OP_COUNT] = {
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) \
  [OP_##id] = {name, arity, flags, attrs},
#include "ops.def"
#undef OP
};

static const char *const attr_words[AT_COUNT] = {
    [AT_NAME] = "name",         [AT_VALUE] = "value",       [AT_INIT] = "init",
    [AT_FILL] = "fill",         [AT_EXPONENT] = "exponent", [AT_SLOPE] = "slope",
    [AT_ALPHA] = "alpha",       [AT_DEPTH] = "depth",       [AT_START] = "start",
    [AT_SEED] = "seed",         [AT_AXES] = "axes",         [AT_KEEPDIMS] = "keepdims",
    [AT_TRANS_A] = "trans_a",   [AT_TRANS_B] = "trans_b",   [AT_APPROXIMATE] = "approximate",
    [AT_BF16] = "bf16",
    [AT_CMP] = "cmp",           [AT_DTYPE] = "dtype",       [AT_SHAPE] = "shape",
};

const char *ir_op_name(OpKind op) {
  return (unsigned)op < OP_COUNT ? ops[op].name : "?";
}

int ir_op_arity(OpKind op) {
  return (unsigned)op < OP_COUNT ? ops[op].arity : -1;
}

unsigned ir_op_flags(OpKind op) {
  return (unsigned)op < OP_COUNT ? ops[op].flags : 0;
}

unsigned ir_op_attrs(OpKind op) {
  return (unsigned)op < OP_COUNT ? ops[op].attrs : 0;
}

const char *ir_attr_word(AttrKind a) {
  return (unsigned)a < AT_COUNT ? attr_words[a] : "?";
}

static void copy_attr(Value *d, const Value *s, AttrKind a) {
  switch (a) {
  case AT_NAME: d->name = s->name; break;
  case AT_VALUE: case AT_FILL: case AT_EXPONENT: case AT_SLOPE: case AT_ALPHA: case AT_DEPTH:
  case AT_START: case AT_SEED:
    d->num = s->num;
    break;
  case AT_INIT: d->init = s->init; break;
  case AT_AXES: d->axes = s->axes; break;
  case AT_KEEPDIMS: d->keepdims = s->keepdims; break;
  case AT_TRANS_A: d->trans_a = s->trans_a; break;
  case AT_TRANS_B: d->trans_b = s->trans_b; break;
  case AT_APPROXIMATE: d->approximate = s->approximate; break;
  case AT_BF16: d->bf16 = s->bf16; break;
  case AT_CMP: d->cmp = s->cmp; break;
  case AT_DTYPE: d->dtype = s->dtype; break;
  case AT_SHAPE: d->shape = s->shape; break;
  case AT_COUNT: nnc_unreachable("AT_COUNT is not an attribute");
  }
}

void ir_attrs_copy(Value *dst, const Value *src) {
  unsigned attrs = ir_op_attrs(src->op);
  for (int a = 0; a < AT_COUNT; a++)
    if (attrs >> a & 1)
      copy_attr(dst, src, (AttrKind)a);
}

/* Numbers compare by their bits: CSE must not merge -0 with +0, and a NaN equals itself. */
static bool same_attr(const Value *x, const Value *y, AttrKind a) {
  switch (a) {
  case AT_NAME: return (!x->name && !y->name) || (x->name && y->name && !strcmp(x->name, y->name));
  case AT_VALUE: case AT_FILL: case AT_EXPONENT: case AT_SLOPE: case AT_ALPHA: case AT_DEPTH:
  case AT_START: case AT_SEED:
    return memcmp(&x->num, &y->num, sizeof x->num) == 0;
  case AT_INIT: return x->init == y->init;
  case AT_AXES: return x->axes == y->axes;
  case AT_KEEPDIMS: return x->keepdims == y->keepdims;
  case AT_TRANS_A: return x->trans_a == y->trans_a;
  case AT_TRANS_B: return x->trans_b == y->trans_b;
  case AT_APPROXIMATE: return x->approximate == y->approximate;
  case AT_BF16: return x->bf16 == y->bf16;
  case AT_CMP: return x->cmp == y->cmp;
  case AT_DTYPE: return x->dtype == y->dtype;
  case AT_SHAPE: return ir_shape_eq(x->shape, y->shape);
  case AT_COUNT: break;
  }
  nnc_unreachable("AT_COUNT is not an attribute");
}

bool ir_attrs_equal(const Value *a, const Value *b) {
  if (a->op != b->op)
    return false;
  unsigned attrs = ir_op_attrs(a->op);
  for (int k = 0; k < AT_COUNT; k++)
    if ((attrs >> k & 1) && !same_attr(a, b, (AttrKind)k))
      return false;
  return true;
}
