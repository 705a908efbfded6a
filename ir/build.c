/* build.c — the one place where values are checked and their types inferred.
 *
 * ir_infer holds every op's type rule (ops.def's type column: the type_* functions below),
 * shared with the verifier; ir_build adds what needs the graph (operands belong to it, leaf
 * names are unique) and appends a canonical copy of the prototype: only the attributes that
 * the op uses are kept (ops.def's attrs column), the others are zero, so two values that
 * compute the same thing compare equal field by field.
 * Sticky errors: once g->status is set, every builder returns NULL without a new message;
 * a NULL operand in a graph without an error is NNC_ERR_ARG.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "ir.h"

typedef struct {
  char *msg;
  size_t n;
  char op[32];                /* the op as the text format names it: "add", "cmp.gt" */
} Ctx;

static nnc_status err(Ctx *c, nnc_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static nnc_status err(Ctx *c, nnc_status code, const char *fmt, ...) {
  int k = snprintf(c->msg, c->n, "%s: ", c->op);
  va_list ap;
  va_start(ap, fmt);
  if (k >= 0 && (size_t)k < c->n)
    vsnprintf(c->msg + k, c->n - (size_t)k, fmt, ap);
  va_end(ap);
  return code;
}

/* "f32[32,784]" into a small buffer; t for shape-only messages */
typedef struct { char s[96]; } TypeStr;

static TypeStr ty(DType t, Shape s) {
  TypeStr r;
  ir_print_type(r.s, sizeof r.s, t, s);
  return r;
}

static TypeStr tyv(const Value *v) {
  return ty(v->dtype, v->shape);
}

static bool valid_dtype(DType t) {
  return t == DT_F32 || t == DT_F64 || t == DT_I32;
}

/* A type given as an attribute: a known dtype, rank 0..4, dims >= 0, bytes fit in int64. */
static nnc_status check_type(Ctx *c, DType t, Shape s) {
  if (!valid_dtype(t))
    return err(c, NNC_ERR_TYPE, "unknown dtype %d", (int)t);
  if (s.rank < 0 || s.rank > IR_MAX_RANK)
    return err(c, NNC_ERR_SHAPE, "rank must be 0 to %d, found %d", IR_MAX_RANK, s.rank);
  for (int i = 0; i < s.rank; i++)
    if (s.dim[i] < 0)
      return err(c, NNC_ERR_SHAPE, "dimension %d is negative: %s", i, ty(t, s).s);
  int64_t n = ir_numel(s);
  if (n < 0 || n > INT64_MAX / (int64_t)ir_dtype_size(t))
    return err(c, NNC_ERR_SHAPE, "too many elements: %s", ty(t, s).s);
  return NNC_OK;
}

static nnc_status check_name(Ctx *c, const char *name) {
  if (!name || !*name)
    return err(c, NNC_ERR_ARG, "a name is required");
  for (const char *p = name; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      return err(c, NNC_ERR_ARG, "name contains control character 0x%02x",
                 (unsigned)(unsigned char)*p);
  return NNC_OK;
}

static nnc_status type_leaf(Ctx *c, const Value *v, DType *t, Shape *s) {
  nnc_status st = v->op == OP_CONST ? NNC_OK : check_name(c, v->name);
  if (st == NNC_OK && v->op == OP_PARAM && (unsigned)v->init >= INIT_COUNT)
    st = err(c, NNC_ERR_ARG, "unknown initializer %d", (int)v->init);
  bool filled = v->op == OP_CONST || v->op == OP_STATE;
  if (st == NNC_OK && filled && v->dtype == DT_I32 &&
      !(v->num >= INT32_MIN && v->num <= INT32_MAX && v->num == floor(v->num)))
    st = err(c, NNC_ERR_TYPE, "i32 value must be an integer in range, found %g", v->num);
  *t = v->dtype;
  *s = v->shape;
  return st ? st : check_type(c, v->dtype, v->shape);
}

/* The operand's type, checked against the op's flags and its numeric attributes. */
static nnc_status type_unary(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *x = v->args[0];
  if ((ir_op_flags(v->op) & OPF_FLOAT) && !ir_is_float(x->dtype))
    return err(c, NNC_ERR_TYPE, "expected a float operand, found %s", tyv(x).s);
  unsigned attrs = ir_op_attrs(v->op);
  unsigned numeric = attrs & (ATTR(EXPONENT) | ATTR(SLOPE) | ATTR(ALPHA));
  if (numeric && !isfinite(v->num))
    return err(c, NNC_ERR_ARG, "%s must be finite, found %g",
               ir_attr_word(numeric & ATTR(EXPONENT) ? AT_EXPONENT
                            : numeric & ATTR(SLOPE) ? AT_SLOPE : AT_ALPHA), v->num);
  *t = x->dtype;
  *s = x->shape;
  return NNC_OK;
}

static nnc_status type_cast(Ctx *c, const Value *v, DType *t, Shape *s) {
  if (!valid_dtype(v->dtype))
    return err(c, NNC_ERR_TYPE, "unknown dtype %d", (int)v->dtype);
  *t = v->dtype;
  *s = v->args[0]->shape;
  return NNC_OK;
}

static nnc_status type_softmax(Ctx *c, const Value *v, DType *t, Shape *s) {
  nnc_status st = type_unary(c, v, t, s);
  if (st == NNC_OK && v->args[0]->shape.rank < 1)
    return err(c, NNC_ERR_SHAPE, "expected rank >= 1, found %s", tyv(v->args[0]).s);
  return st;
}

/* ADD..MIN, CMP, SELECT: same dtype (SELECT: of a and b), shapes broadcast together. */
static nnc_status type_broadcast(Ctx *c, const Value *v, DType *t, Shape *s) {
  int first = v->op == OP_SELECT ? 1 : 0;
  const Value *a = v->args[first], *b = v->args[first + 1];
  if (v->op == OP_CMP && (unsigned)v->cmp > CMP_NE)
    return err(c, NNC_ERR_ARG, "unknown comparison %d", (int)v->cmp);
  if (a->dtype != b->dtype)
    return err(c, NNC_ERR_TYPE, "operand dtypes differ: %s vs %s", tyv(a).s, tyv(b).s);
  Shape r = v->args[0]->shape;
  for (int k = 1; k < v->nargs; k++)
    if (!ir_broadcast_shape(r, v->args[k]->shape, &r)) {
      if (v->nargs == 2)
        return err(c, NNC_ERR_SHAPE, "shapes do not broadcast: %s vs %s", tyv(a).s, tyv(b).s);
      return err(c, NNC_ERR_SHAPE, "shapes do not broadcast: %s, %s, %s", tyv(v->args[0]).s,
                 tyv(v->args[1]).s, tyv(v->args[2]).s);
    }
  *t = a->dtype;
  *s = r;
  return NNC_OK;
}

static nnc_status type_matmul(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *a = v->args[0], *b = v->args[1];
  if (a->shape.rank != 2 || b->shape.rank != 2)
    return err(c, NNC_ERR_SHAPE, "expected 2-D operands, found %s x %s", tyv(a).s, tyv(b).s);
  if (a->dtype != b->dtype)
    return err(c, NNC_ERR_TYPE, "operand dtypes differ: %s x %s", tyv(a).s, tyv(b).s);
  int64_t m = a->shape.dim[v->trans_a ? 1 : 0], ka = a->shape.dim[v->trans_a ? 0 : 1];
  int64_t kb = b->shape.dim[v->trans_b ? 1 : 0], n = b->shape.dim[v->trans_b ? 0 : 1];
  if (v->bf16 && a->dtype != DT_F32)
    return err(c, NNC_ERR_TYPE, "bf16 takes f32 operands, found %s x %s", tyv(a).s, tyv(b).s);
  if (ka != kb)
    return err(c, NNC_ERR_SHAPE, "inner dimensions differ: %s%s x %s%s", tyv(a).s,
               v->trans_a ? " (trans_a)" : "", tyv(b).s, v->trans_b ? " (trans_b)" : "");
  *t = a->dtype;
  *s = ir_shape(2, m, n);
  return NNC_OK;
}

static nnc_status type_transpose(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *x = v->args[0];
  if (x->shape.rank != 2)
    return err(c, NNC_ERR_SHAPE, "expected a 2-D operand, found %s", tyv(x).s);
  *t = x->dtype;
  *s = ir_shape(2, x->shape.dim[1], x->shape.dim[0]);
  return NNC_OK;
}

static nnc_status type_reduce(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *x = v->args[0];
  unsigned all = (1u << x->shape.rank) - 1;
  if (v->axes & ~all) {
    char list[128] = "";
    for (int i = 0, k = 0; i < 32; i++)
      if (v->axes >> i & 1)
        k += snprintf(list + k, sizeof list - (size_t)k, k ? ",%d" : "%d", i);
    return err(c, NNC_ERR_SHAPE, "axes=[%s] reach beyond the rank of %s", list, tyv(x).s);
  }
  Shape r = {0, {0}};
  for (int i = 0; i < x->shape.rank; i++) {
    if (!(v->axes >> i & 1))
      r.dim[r.rank++] = x->shape.dim[i];
    else if (v->keepdims)
      r.dim[r.rank++] = 1;
  }
  *t = x->dtype;
  *s = r;
  return NNC_OK;
}

static nnc_status type_layout(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *x = v->args[0];
  nnc_status st = check_type(c, x->dtype, v->shape);
  if (st)
    return st;
  if (v->op == OP_RESHAPE && ir_numel(x->shape) != ir_numel(v->shape))
    return err(c, NNC_ERR_SHAPE, "element counts differ: %s to %s", tyv(x).s,
               ty(x->dtype, v->shape).s);
  Shape r;
  if (v->op == OP_BROADCAST &&
      (!ir_broadcast_shape(x->shape, v->shape, &r) || !ir_shape_eq(r, v->shape)))
    return err(c, NNC_ERR_SHAPE, "cannot broadcast %s to %s", tyv(x).s,
               ty(x->dtype, v->shape).s);
  *t = x->dtype;
  *s = v->shape;
  return NNC_OK;
}

static nnc_status type_one_hot(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *x = v->args[0];
  if (!(v->num >= 1 && v->num < 0x1p62 && v->num == floor(v->num)))
    return err(c, NNC_ERR_ARG, "depth must be a positive integer, found %g", v->num);
  if (x->shape.rank >= IR_MAX_RANK)
    return err(c, NNC_ERR_SHAPE, "result rank would exceed %d: %s", IR_MAX_RANK, tyv(x).s);
  Shape r = x->shape;
  r.dim[r.rank++] = (int64_t)v->num;
  nnc_status st = check_type(c, v->dtype, r);
  if (st)
    return st;
  *t = v->dtype;
  *s = r;
  return NNC_OK;
}

static nnc_status type_assign(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *dst = v->args[0], *src = v->args[1];
  if (dst->op != OP_PARAM && dst->op != OP_STATE)
    return err(c, NNC_ERR_ARG, "target must be a param or state, found %s %%%d",
               ir_op_name(dst->op), dst->id);
  if (dst->dtype != src->dtype)
    return err(c, NNC_ERR_TYPE, "dtypes differ: target %s, value %s", tyv(dst).s, tyv(src).s);
  if (!ir_shape_eq(dst->shape, src->shape))
    return err(c, NNC_ERR_SHAPE, "shapes differ: target %s, value %s", tyv(dst).s, tyv(src).s);
  *t = dst->dtype;
  *s = dst->shape;
  return NNC_OK;
}

/* CONCAT's and SLICE's axis: exactly one bit of axes, within x's rank. */
static nnc_status one_axis(Ctx *c, const Value *v, const Value *x, int *axis) {
  unsigned a = v->axes;
  if (!a || (a & (a - 1)) || (a >> x->shape.rank))
    return err(c, NNC_ERR_SHAPE, "axes must name one axis of %s, found 0x%x", tyv(x).s, a);
  for (*axis = 0; !(a >> *axis & 1u); ++*axis)
    ;
  return NNC_OK;
}

static nnc_status type_concat(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *a = v->args[0], *b = v->args[1];
  int k = 0;
  nnc_status st = one_axis(c, v, a, &k);
  if (st)
    return st;
  if (a->dtype != b->dtype)
    return err(c, NNC_ERR_TYPE, "operand dtypes differ: %s and %s", tyv(a).s, tyv(b).s);
  bool fit = a->shape.rank == b->shape.rank;
  for (int i = 0; fit && i < a->shape.rank; i++)
    fit = i == k || a->shape.dim[i] == b->shape.dim[i];
  if (!fit)
    return err(c, NNC_ERR_SHAPE, "shapes differ beside axis %d: %s and %s", k, tyv(a).s,
               tyv(b).s);
  *t = a->dtype;
  *s = a->shape;
  s->dim[k] += b->shape.dim[k];
  return NNC_OK;
}

static nnc_status type_slice(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *x = v->args[0];
  int k = 0;
  nnc_status st = one_axis(c, v, x, &k);
  if (st || (st = check_type(c, x->dtype, v->shape)))
    return st;
  bool fit = v->shape.rank == x->shape.rank;
  for (int i = 0; fit && i < x->shape.rank; i++)
    fit = i == k || v->shape.dim[i] == x->shape.dim[i];
  if (!fit)
    return err(c, NNC_ERR_SHAPE, "%s is not a slice of %s along axis %d",
               ty(x->dtype, v->shape).s, tyv(x).s, k);
  if (!(v->num >= 0 && v->num == floor(v->num) && v->num + (double)v->shape.dim[k] <=
                                                       (double)x->shape.dim[k]))
    return err(c, NNC_ERR_SHAPE, "start=%g and length %lld reach beyond axis %d of %s", v->num,
               (long long)v->shape.dim[k], k, tyv(x).s);
  *t = x->dtype;
  *s = v->shape;
  return NNC_OK;
}

static nnc_status type_random(Ctx *c, const Value *v, DType *t, Shape *s) {
  const Value *n = v->args[0];
  if (n->shape.rank != 0)
    return err(c, NNC_ERR_SHAPE, "the counter must be a scalar, found %s", tyv(n).s);
  if (!(v->num >= 0 && v->num < 0x1p53 && v->num == floor(v->num)))
    return err(c, NNC_ERR_ARG, "seed must be an integer in [0, 2^53), found %g", v->num);
  nnc_status st = check_type(c, v->dtype, v->shape);
  if (st)
    return st;
  if (!ir_is_float(v->dtype))
    return err(c, NNC_ERR_TYPE, "the result must be f32 or f64, found %s", tyv(v).s);
  *t = v->dtype;
  *s = v->shape;
  return NNC_OK;
}

typedef nnc_status TypeRule(Ctx *c, const Value *v, DType *t, Shape *s);

static TypeRule *const type_rules[OP_COUNT] = {
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) [OP_##id] = type,
#include "ops.def"
#undef OP
};

/* The result type of v from its op, operands and attributes; the graph is not consulted.
 * Operands must be non-NULL. On failure msg holds "OP: what: expected vs found". */
nnc_status ir_infer(const Value *v, DType *dtype, Shape *shape, char *msg, size_t n) {
  Ctx c = {msg, n, ""};
  if (v->op == OP_CMP)
    snprintf(c.op, sizeof c.op, "cmp.%s", ir_cmp_name(v->cmp));
  else
    snprintf(c.op, sizeof c.op, "%s", ir_op_name(v->op));
  if ((unsigned)v->op >= OP_COUNT)
    return err(&c, NNC_ERR_ARG, "unknown op %d", (int)v->op);
  if (v->nargs != ir_op_arity(v->op))
    return err(&c, NNC_ERR_ARG, "expected %d operands, found %d", ir_op_arity(v->op), v->nargs);
  for (int k = 0; k < v->nargs; k++)
    if (v->args[k]->op == OP_ASSIGN)
      return err(&c, NNC_ERR_ARG, "operand %d is an assign, which has no value", k);
  DType t = DT_F32;
  Shape s = {0, {0}};
  NNC_ASSERT(type_rules[v->op]); /* every row of ops.def names one */
  nnc_status st = type_rules[v->op](&c, v, &t, &s);
  if (st == NNC_OK)
    st = check_type(&c, t, s); /* inferred shapes may overflow too */
  if (st == NNC_OK) {
    *dtype = t;
    *shape = s;
  }
  return st;
}

/* The attributes the op uses, and nothing else. */
static Value canonical(const Value *p) {
  Value v = {0};
  v.op = p->op;
  v.nargs = p->nargs;
  for (int k = 0; k < p->nargs && k < IR_MAX_ARGS; k++)
    v.args[k] = p->args[k];
  v.offset = -1;
  ir_attrs_copy(&v, p);
  return v;
}

static bool owns(const Graph *g, const Value *v) {
  return v->id >= 0 && v->id < g->nvalues && g->values[v->id] == v;
}

static bool operands_ok(Graph *g, const Value *p) {
  const char *op = ir_op_name(p->op);
  if ((unsigned)p->op >= OP_COUNT)
    return !ir_fail(g, NNC_ERR_ARG, "build: unknown op %d", (int)p->op);
  if (p->nargs != ir_op_arity(p->op))
    return !ir_fail(g, NNC_ERR_ARG, "%s: expected %d operands, found %d", op,
                    ir_op_arity(p->op), p->nargs);
  for (int k = 0; k < p->nargs; k++) {
    if (!p->args[k])
      return !ir_fail(g, NNC_ERR_ARG, "%s: operand %d is NULL", op, k);
    if (!owns(g, p->args[k]))
      return !ir_fail(g, NNC_ERR_ARG, "%s: operand %d belongs to another graph", op, k);
  }
  return true;
}

Value *ir_build(Graph *g, const Value *proto) {
  if (!g || g->status != NNC_OK)
    return NULL;
  if (!proto) {
    ir_fail(g, NNC_ERR_ARG, "build: prototype is NULL");
    return NULL;
  }
  if (!operands_ok(g, proto))
    return NULL;
  Value v = canonical(proto);
  char msg[256];
  nnc_status st = ir_infer(&v, &v.dtype, &v.shape, msg, sizeof msg);
  if (st) {
    ir_fail(g, st, "%s", msg);
    return NULL;
  }
  if (v.name) {
    Value *old = ir_find(g, v.name);
    if (old) {
      ir_fail(g, NNC_ERR_ARG, "%s: duplicate leaf name \"%s\" (already %%%d)",
              ir_op_name(v.op), v.name, old->id);
      return NULL;
    }
    if (!(v.name = ir_strdup(g, v.name)))
      return NULL;
  }
  return ir_append(g, &v);
}

/* Typed builders: fill a prototype, let ir_build check it. */

static Value leaf_proto(OpKind op, const char *name, DType t, Shape s) {
  Value p = {0};
  p.op = op;
  p.name = name;
  p.dtype = t;
  p.shape = s;
  return p;
}

Value *ir_input(Graph *g, const char *name, DType t, Shape s) {
  Value p = leaf_proto(OP_INPUT, name, t, s);
  return ir_build(g, &p);
}

Value *ir_param(Graph *g, const char *name, DType t, Shape s, InitKind init) {
  Value p = leaf_proto(OP_PARAM, name, t, s);
  p.init = init;
  return ir_build(g, &p);
}

Value *ir_state(Graph *g, const char *name, DType t, Shape s, double fill) {
  Value p = leaf_proto(OP_STATE, name, t, s);
  p.num = fill;
  return ir_build(g, &p);
}

Value *ir_const(Graph *g, DType t, Shape s, double value) {
  Value p = leaf_proto(OP_CONST, NULL, t, s);
  p.num = value;
  return ir_build(g, &p);
}

Value *ir_scalar(Graph *g, DType t, double value) {
  return ir_const(g, t, ir_shape(0), value);
}

static Value op1(OpKind op, Value *x) {
  Value p = {0};
  p.op = op;
  p.nargs = 1;
  p.args[0] = x;
  return p;
}

static Value op2(OpKind op, Value *a, Value *b) {
  Value p = op1(op, a);
  p.nargs = 2;
  p.args[1] = b;
  return p;
}

/* A builder called with an op of the wrong family: the caller's bug, reported as ARG. */
static Value *wrong_op(Graph *g, const char *builder, OpKind op) {
  if (g && g->status == NNC_OK)
    ir_fail(g, NNC_ERR_ARG, "%s: %s is not an op of this builder", builder, ir_op_name(op));
  return NULL;
}

/* Attributes a generic builder may leave at zero: flags whose default is unset. */
static const unsigned optional_attrs = ATTR(APPROXIMATE);

static bool plain_elementwise(OpKind op, int arity) {
  return (unsigned)op < OP_COUNT && ir_op_arity(op) == arity &&
         (ir_op_flags(op) & OPF_ELEMWISE) && !(ir_op_attrs(op) & ~optional_attrs);
}

Value *ir_unary(Graph *g, OpKind op, Value *x) {
  if (!plain_elementwise(op, 1))
    return wrong_op(g, "ir_unary", op);
  Value p = op1(op, x);
  return ir_build(g, &p);
}

Value *ir_pow(Graph *g, Value *x, double exponent) {
  Value p = op1(OP_POW, x);
  p.num = exponent;
  return ir_build(g, &p);
}

Value *ir_leaky_relu(Graph *g, Value *x, double slope) {
  Value p = op1(OP_LEAKY_RELU, x);
  p.num = slope;
  return ir_build(g, &p);
}

Value *ir_gelu(Graph *g, Value *x, bool approximate) {
  Value p = op1(OP_GELU, x);
  p.approximate = approximate;
  return ir_build(g, &p);
}

Value *ir_elu(Graph *g, Value *x, double alpha) {
  Value p = op1(OP_ELU, x);
  p.num = alpha;
  return ir_build(g, &p);
}

Value *ir_cast(Graph *g, Value *x, DType t) {
  Value p = op1(OP_CAST, x);
  p.dtype = t;
  return ir_build(g, &p);
}

Value *ir_binary(Graph *g, OpKind op, Value *a, Value *b) {
  if (!plain_elementwise(op, 2))
    return wrong_op(g, "ir_binary", op);
  Value p = op2(op, a, b);
  return ir_build(g, &p);
}

Value *ir_cmp(Graph *g, CmpKind c, Value *a, Value *b) {
  Value p = op2(OP_CMP, a, b);
  p.cmp = c;
  return ir_build(g, &p);
}

Value *ir_select(Graph *g, Value *c, Value *a, Value *b) {
  Value p = op2(OP_SELECT, c, a);
  p.nargs = 3;
  p.args[2] = b;
  return ir_build(g, &p);
}

Value *ir_matmul(Graph *g, Value *a, Value *b, bool trans_a, bool trans_b) {
  return ir_matmul_bf16(g, a, b, trans_a, trans_b, false);
}

Value *ir_matmul_bf16(Graph *g, Value *a, Value *b, bool trans_a, bool trans_b, bool bf16) {
  Value p = op2(OP_MATMUL, a, b);
  p.trans_a = trans_a;
  p.trans_b = trans_b;
  p.bf16 = bf16;
  return ir_build(g, &p);
}

Value *ir_transpose(Graph *g, Value *x) {
  Value p = op1(OP_TRANSPOSE, x);
  return ir_build(g, &p);
}

Value *ir_reduce(Graph *g, OpKind op, Value *x, unsigned axes, bool keepdims) {
  if (op != OP_SUM && op != OP_MEAN)
    return wrong_op(g, "ir_reduce", op);
  Value p = op1(op, x);
  p.axes = axes;
  p.keepdims = keepdims;
  return ir_build(g, &p);
}

Value *ir_softmax(Graph *g, OpKind op, Value *x) {
  if (op != OP_SOFTMAX && op != OP_LOG_SOFTMAX)
    return wrong_op(g, "ir_softmax", op);
  Value p = op1(op, x);
  return ir_build(g, &p);
}

Value *ir_reshape(Graph *g, Value *x, Shape s) {
  Value p = op1(OP_RESHAPE, x);
  p.shape = s;
  return ir_build(g, &p);
}

Value *ir_broadcast(Graph *g, Value *x, Shape s) {
  Value p = op1(OP_BROADCAST, x);
  p.shape = s;
  return ir_build(g, &p);
}

Value *ir_one_hot(Graph *g, Value *ids, int64_t depth, DType t) {
  Value p = op1(OP_ONE_HOT, ids);
  p.num = (double)depth;
  p.dtype = t;
  return ir_build(g, &p);
}

Value *ir_assign(Graph *g, Value *target, Value *v) {
  Value p = op2(OP_ASSIGN, target, v);
  return ir_build(g, &p);
}

Value *ir_concat(Graph *g, Value *a, Value *b, int axis) {
  Value p = op2(OP_CONCAT, a, b);
  p.axes = axis >= 0 && axis < IR_MAX_RANK ? 1u << axis : 0;
  return ir_build(g, &p);
}

Value *ir_slice(Graph *g, Value *x, int axis, int64_t start, int64_t len) {
  Value p = op1(OP_SLICE, x);
  p.axes = axis >= 0 && axis < IR_MAX_RANK ? 1u << axis : 0;
  p.num = (double)start;
  if (x && p.axes) {
    p.shape = x->shape;
    p.shape.dim[axis] = len;
  }
  return ir_build(g, &p);
}

Value *ir_random_uniform(Graph *g, Value *counter, uint64_t seed, DType t, Shape s) {
  Value p = op1(OP_RANDOM_UNIFORM, counter);
  p.num = (double)seed;
  p.dtype = t;
  p.shape = s;
  return ir_build(g, &p);
}
