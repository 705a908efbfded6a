/* test_ops.c — every row of ir/ops.def end to end, walked from the table itself.
 *
 * For each op, OP_INPUT up to OP_COUNT, a few graphs holding one value of the op, on random
 * shapes (broadcasting where the op broadcasts) and random attributes:
 *   - the text format prints it and parses it back to the same text;
 *   - the JIT runs it as ir_eval does: f64 within 1e-12, f32 within 1e-5 (cgtest.h's error
 *     measure), i32 exactly where the op takes integers; once more with AVX2-wide vectors;
 *   - in f64 the gradient pass_autodiff builds of loss = sum(w * op(x...)) matches central
 *     differences of ir_eval's loss to a relative error of 1e-6, every input element nudged,
 *     inputs drawn away from kinks (NO_GRAD ops must then give exactly zero).
 * What the table does not say, and the test must know (the operands' shapes, dtypes and
 * domains), is one switch over OpKind without a default: -Wswitch-enum makes a new op fail
 * to build here until it is described, and a row without a VJP, reference or kernel fails.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "cgtest.h"

enum { TRIALS = 6 };

static int irand(TestRng *r, int lo, int hi) { /* inclusive */
  return lo + (int)floor(test_uniform(r, 0, hi - lo + 1 - 1e-9));
}

static Shape rand_shape(TestRng *r, int minrank, int maxdim) {
  Shape s = {irand(r, minrank, 4), {0}};
  for (int d = 0; d < s.rank; d++)
    s.dim[d] = irand(r, 1, maxdim);
  return s;
}

/* A shape that broadcasts to s: some leading dims dropped, some dims set to 1. */
static Shape bcast_of(TestRng *r, Shape s) {
  int drop = irand(r, 0, s.rank);
  Shape b = {s.rank - drop, {0}};
  for (int d = 0; d < b.rank; d++)
    b.dim[d] = test_uniform(r, 0, 1) < 0.4 ? 1 : s.dim[d + drop];
  return b;
}

/* ---- one value of an op ---------------------------------------------------------------- */

/* Where a gradient check draws an operand's elements: away from the op's kinks and ties. */
typedef enum {
  D_ANY,  /* U(-2, 2) */
  D_POS,  /* U(0.5, 2) */
  D_AWAY, /* U(0.2, 2) of either sign: away from 0 */
  D_GRID, /* an integer + U(-0.2, 0.2) */
  D_HALF, /* an integer + 0.5 + U(-0.2, 0.2): at least 0.1 from every D_GRID value */
  D_BIT,  /* 0 or 1 */
} Domain;

typedef struct {
  Graph *g;
  Value *y;                  /* the op's value */
  Value *in[IR_MAX_ARGS];    /* its operands: leaves this case made */
  Domain dom[IR_MAX_ARGS];   /* gradient checks: their domains */
  double lo[IR_MAX_ARGS], hi[IR_MAX_ARGS]; /* JIT runs: their ranges */
  int n;
} Case;

typedef struct {
  TestRng *r;
  DType dt;     /* the value's dtype (float operands' too) */
  int variant;  /* the trial: picks ranges and attributes in turn */
  int maxdim;   /* small for gradient checks, which nudge every element */
  bool grad;    /* for a gradient check: differentiable operands are f64 */
} Want;

static Value *operand(Case *c, DType t, Shape s, Domain d, double lo, double hi) {
  char name[16];
  snprintf(name, sizeof name, "x%d", c->n);
  Value *v = ir_input(c->g, name, t, s);
  c->in[c->n] = v;
  c->dom[c->n] = d;
  c->lo[c->n] = lo;
  c->hi[c->n++] = hi;
  return v;
}

static Value *any(Case *c, const Want *w, Shape s) {
  return operand(c, w->dt, s, D_ANY, -2, 2);
}

/* The attributes that need no operand knowledge, chosen by the trial; the op's case sets
 * the others (name, value, init, fill, dtype, shape). */
static void free_attrs(Value *p, const Want *w) {
  static const double exponents[] = {2, 0.5, -1, 3, 1.5, 0, -0.5, 1, -2, 2.7, 7, -1.3, 70};
  static const double slopes[] = {0.3, -0.5, 0, 1.5};
  static const double alphas[] = {1, 0.5, 1.6732632423543772, -0.3}; /* elu, selu */
  int k = w->variant;
  unsigned attrs = ir_op_attrs(p->op);
  for (int a = 0; a < AT_COUNT; a++) {
    if (!(attrs >> a & 1))
      continue;
    switch ((AttrKind)a) {
    case AT_EXPONENT: p->num = exponents[k % 13]; break;
    case AT_SLOPE: p->num = slopes[k % 4]; break;
    case AT_ALPHA: p->num = alphas[k % 4]; break;
    case AT_DEPTH: p->num = 1 + k % 9; break;
    case AT_KEEPDIMS: p->keepdims = k & 1; break;
    case AT_TRANS_A: p->trans_a = k & 1; break;
    case AT_TRANS_B: p->trans_b = k >> 1 & 1; break;
    case AT_APPROXIMATE: p->approximate = k & 1; break;
    case AT_BF16: p->bf16 = (k >> 2 & 1) && p->args[0]->dtype == DT_F32; break;
    case AT_CMP: p->cmp = (CmpKind)(k % 6); break;
    case AT_AXES: p->axes = (unsigned)irand(w->r, 0, (1 << p->args[0]->shape.rank) - 1); break;
    case AT_NAME: case AT_VALUE: case AT_INIT: case AT_FILL: case AT_DTYPE: case AT_SHAPE:
    case AT_START: case AT_SEED: case AT_COUNT:
      break;
    }
  }
}

static Value *build(Case *c, Value p, const Want *w) {
  p.nargs = ir_op_arity(p.op);
  free_attrs(&p, w);
  return c->y = ir_build(c->g, &p);
}

static Value *leaf(Case *c, OpKind op, const Want *w) {
  Value p = {.op = op, .dtype = w->dt, .shape = rand_shape(w->r, 0, w->maxdim)};
  p.name = op == OP_CONST ? NULL : "leaf";
  p.num = w->dt == DT_I32 ? w->variant - 1 : 1.5 - w->variant; /* CONST's and STATE's fill */
  p.init = INIT_GLOROT_UNIFORM;
  Value *v = c->y = ir_build(c->g, &p);
  if (op != OP_CONST && v) { /* the leaf is its own operand: it gets values and a gradient */
    c->in[c->n] = v;
    c->dom[c->n] = D_ANY;
    c->lo[c->n] = -2;
    c->hi[c->n++] = 2;
  }
  return v;
}

/* One operand of shape s, drawn from d (a gradient check) or [lo, hi] (a JIT run). */
static Value *unary(Case *c, OpKind op, const Want *w, Domain d, double lo, double hi) {
  Value *x = operand(c, w->dt, rand_shape(w->r, 0, w->maxdim), d, lo, hi);
  return build(c, (Value){.op = op, .args = {x}}, w);
}

/* Two operands that broadcast: one to the other's shape, in either order, or both to a
 * third ([3,1] and [1,4]). */
static Value *binary(Case *c, OpKind op, const Want *w, Domain da, Domain db, double lo,
                     double hi) {
  Shape s = rand_shape(w->r, 0, w->maxdim), t = bcast_of(w->r, s);
  if (w->variant % 3 == 2)
    s = bcast_of(w->r, s);
  bool swap = w->variant & 1;
  Value *a = operand(c, w->dt, swap ? t : s, da, -2, 2);
  Value *b = operand(c, w->dt, swap ? s : t, db, lo, hi);
  return build(c, (Value){.op = op, .args = {a, b}}, w);
}

/* x ** e: fractional exponents need x > 0, negative ones x away from 0. */
static Value *power(Case *c, const Want *w) {
  Value *y = unary(c, OP_POW, w, D_ANY, -1.5, 1.5);
  double e = y ? y->num : 0;
  if (e != floor(e))
    c->dom[0] = D_POS, c->lo[0] = 0.01, c->hi[0] = 5;
  else if (e < 0)
    c->dom[0] = D_AWAY;
  return y;
}

static Value *cast(Case *c, const Want *w) {
  static const DType from[3] = {DT_F64, DT_F32, DT_I32};
  DType t = w->grad ? DT_F64 : from[w->variant % 3];
  Value *x = operand(c, t, rand_shape(w->r, 0, w->maxdim), D_ANY, -50, 50);
  return build(c, (Value){.op = OP_CAST, .args = {x}, .dtype = w->dt}, w);
}

static Value *select_(Case *c, const Want *w) {
  Shape s = rand_shape(w->r, 0, w->maxdim);
  /* a float condition has a kink at 0: gradient checks give it as i32 */
  DType ct = w->variant % 3 && !w->grad ? w->dt : DT_I32;
  Value *k = operand(c, ct, bcast_of(w->r, s), D_BIT, 0, 2);
  Value *a = any(c, w, s), *b = any(c, w, bcast_of(w->r, s));
  return build(c, (Value){.op = OP_SELECT, .args = {k, a, b}}, w);
}

static Value *matmul(Case *c, const Want *w) {
  int big = w->grad ? 8 : 40; /* the JIT's blocked kernels need the room */
  int64_t m = irand(w->r, 1, big), k = irand(w->r, 1, big), n = irand(w->r, 1, big);
  bool ta = w->variant & 1, tb = w->variant >> 1 & 1; /* as free_attrs chooses them */
  Value *a = any(c, w, ta ? ir_shape(2, k, m) : ir_shape(2, m, k));
  Value *b = any(c, w, tb ? ir_shape(2, n, k) : ir_shape(2, k, n));
  return build(c, (Value){.op = OP_MATMUL, .args = {a, b}}, w);
}

static Value *transpose(Case *c, const Want *w) {
  Value *x = any(c, w, ir_shape(2, (int64_t)irand(w->r, 1, 3 * w->maxdim),
                                (int64_t)irand(w->r, 1, 3 * w->maxdim)));
  return build(c, (Value){.op = OP_TRANSPOSE, .args = {x}}, w);
}

static Value *softmax(Case *c, OpKind op, const Want *w) {
  double wide = w->variant & 2 ? 300 : 5;
  Value *x = operand(c, w->dt, rand_shape(w->r, 1, 2 * w->maxdim), D_ANY, -wide, wide);
  return build(c, (Value){.op = op, .args = {x}}, w);
}

/* RESHAPE to one of the shape's flattenings; BROADCAST from a shape that broadcasts to it. */
static Value *layout(Case *c, OpKind op, const Want *w) {
  Shape s = rand_shape(w->r, 0, w->maxdim);
  Value *x = any(c, w, op == OP_BROADCAST ? bcast_of(w->r, s) : s);
  int64_t n = ir_numel(s), lead = s.rank ? s.dim[0] : 1;
  Shape to = op == OP_BROADCAST ? s : w->variant & 1 ? ir_shape(1, n) : ir_shape(2, lead, n / lead);
  return build(c, (Value){.op = op, .args = {x}, .shape = to}, w);
}

/* ids near integers (of any dtype), some outside [0, depth) */
static Value *one_hot(Case *c, const Want *w) {
  static const DType ids[3] = {DT_F64, DT_I32, DT_F32};
  DType t = w->grad ? DT_F64 : ids[w->variant % 3];
  Shape s = rand_shape(w->r, 0, w->maxdim);
  if (s.rank == IR_MAX_RANK)
    s.rank--;
  Value *x = operand(c, t, s, D_GRID, -1.7, 10.7);
  return build(c, (Value){.op = OP_ONE_HOT, .args = {x}, .dtype = w->dt}, w);
}

/* Two operands that differ along one axis; CONCAT. */
static Value *concat(Case *c, const Want *w) {
  Shape s = rand_shape(w->r, 1, w->maxdim), t = s;
  int k = irand(w->r, 0, s.rank - 1);
  t.dim[k] = irand(w->r, 1, w->maxdim);
  Value *a = any(c, w, s), *b = any(c, w, t);
  Value p = {.op = OP_CONCAT, .args = {a, b}, .nargs = 2, .axes = 1u << k};
  return c->y = ir_build(c->g, &p);
}

/* A random piece along a random axis. */
static Value *slice(Case *c, const Want *w) {
  Shape s = rand_shape(w->r, 1, w->maxdim), to = s;
  int k = irand(w->r, 0, s.rank - 1);
  int64_t start = irand(w->r, 0, (int)s.dim[k] - 1);
  to.dim[k] = irand(w->r, 1, (int)(s.dim[k] - start));
  Value *x = any(c, w, s);
  Value p = {.op = OP_SLICE, .args = {x}, .nargs = 1, .axes = 1u << k, .num = (double)start,
             .shape = to};
  return c->y = ir_build(c->g, &p);
}

/* A counter of any dtype (steps count from 0); the result is a float. */
static Value *random_uniform(Case *c, const Want *w) {
  static const double seeds[] = {0, 1, 42, 0x1p53 - 1};
  if (!ir_is_float(w->dt))
    return NULL;
  Value *k = operand(c, w->grad ? DT_F64 : (DType)(w->variant % 3), ir_shape(0), D_POS, 0, 1e5);
  Value p = {.op = OP_RANDOM_UNIFORM, .args = {k}, .nargs = 1, .num = seeds[w->variant % 4],
             .dtype = w->dt, .shape = rand_shape(w->r, 0, 3 * w->maxdim)};
  return c->y = ir_build(c->g, &p);
}

static Value *assign(Case *c, const Want *w) {
  Shape s = rand_shape(w->r, 0, w->maxdim);
  Value *p = ir_param(c->g, "p", w->dt, s, INIT_ZEROS);
  Value *x = any(c, w, s);
  return build(c, (Value){.op = OP_ASSIGN, .args = {p, x}}, w);
}

/* Appends to c->g inputs and one value of op; NULL when the op cannot have dtype w->dt. */
static Value *make(Case *c, OpKind op, const Want *w) {
  if ((ir_op_flags(op) & OPF_FLOAT) && !ir_is_float(w->dt))
    return NULL;
  double wide = w->variant & 1 ? 10 : 1; /* every other JIT run: well beyond [-2, 2] */
  switch (op) {
  case OP_INPUT: case OP_PARAM: case OP_STATE: case OP_CONST: return leaf(c, op, w);
  case OP_NEG: case OP_SIGMOID: case OP_TANH:
    return unary(c, op, w, D_ANY, -3 * wide, 3 * wide);
  case OP_EXP: return unary(c, op, w, D_ANY, -8 * wide, 8 * wide);
  case OP_ERF: case OP_GELU: return unary(c, op, w, D_ANY, -4 * wide, 4 * wide);
  case OP_SOFTPLUS: return unary(c, op, w, D_ANY, -30 * wide, 30 * wide);
  /* below -60, x e^x nears the end of f32's normal range and exp flushes to 0 */
  case OP_MISH: return unary(c, op, w, D_ANY, -60, 30 * wide);
  case OP_ELU: return unary(c, op, w, D_AWAY, -8 * wide, 8 * wide);
  case OP_LOG: return unary(c, op, w, D_POS, w->variant & 1 ? 1e-6 : 0.5, 2 * wide);
  case OP_SQRT: return unary(c, op, w, D_POS, 0, 10 * wide);
  case OP_ABS: case OP_RELU: case OP_LEAKY_RELU:
    return unary(c, op, w, D_AWAY, -5, 5);
  case OP_FLOOR: return unary(c, op, w, D_HALF, -3 * wide, 3 * wide);
  case OP_POW: return power(c, w);
  case OP_CAST: return cast(c, w);
  case OP_ADD: case OP_SUB: case OP_MUL: return binary(c, op, w, D_ANY, D_ANY, -2, 2);
  case OP_DIV: return binary(c, op, w, D_ANY, D_AWAY, 1, 3.5);
  case OP_MAX: case OP_MIN: case OP_CMP: return binary(c, op, w, D_GRID, D_HALF, -2, 2);
  case OP_SELECT: return select_(c, w);
  case OP_MATMUL: return matmul(c, w);
  case OP_TRANSPOSE: return transpose(c, w);
  case OP_SUM: case OP_MEAN: return unary(c, op, w, D_ANY, -2, 2);
  case OP_SOFTMAX: case OP_LOG_SOFTMAX: return softmax(c, op, w);
  case OP_RESHAPE: case OP_BROADCAST: return layout(c, op, w);
  case OP_ONE_HOT: return one_hot(c, w);
  case OP_CONCAT: return concat(c, w);
  case OP_SLICE: return slice(c, w);
  case OP_RANDOM_UNIFORM: return random_uniform(c, w);
  case OP_ASSIGN: return assign(c, w);
  case OP_COUNT: break;
  }
  cr_assert_fail("op %d is not in ops.def", (int)op);
  return NULL;
}

static bool made(Case *c, OpKind op, const Want *w) {
  memset(c, 0, sizeof *c);
  c->g = ir_graph_new();
  cr_assert_not_null(c->g);
  if (!make(c, op, w)) {
    cr_assert_eq(c->g->status, NNC_OK, "%s: %s", ir_op_name(op), c->g->msg);
    ir_graph_free(c->g);
    return false;
  }
  if (c->y->op != OP_ASSIGN)
    ir_output(c->g, c->y);
  return true;
}

/* ---- the text format ------------------------------------------------------------------- */

Test(ops, every_op_prints_and_parses_back) {
  TestRng r = test_rng(1);
  for (OpKind op = 0; op < OP_COUNT; op++)
    for (int k = 0; k < TRIALS; k++) {
      Case c;
      Want w = {&r, k % 3 == 2 ? DT_I32 : k % 3 ? DT_F32 : DT_F64, k, 6, false};
      if (!made(&c, op, &w))
        continue;
      char *text = ir_print(c.g), key[32];
      snprintf(key, sizeof key, "= %s", ir_op_name(op));
      cr_expect(strstr(text, key), "%s is not in its own text:\n%s", ir_op_name(op), text);
      Graph *back;
      cr_assert_eq(ir_parse(text, "ops", &back), NNC_OK, "%s", base_last_error());
      char *again = ir_print(back);
      cr_expect_str_eq(again, text);
      base_free(again);
      base_free(text);
      ir_graph_free(back);
      ir_graph_free(c.g);
    }
}

/* ---- the JIT against ir_eval ----------------------------------------------------------- */

static double worst_by_dtype[3];

static void jit_op(OpKind op, DType dt, int k, TestRng *r) {
  Case c;
  Want w = {r, dt, k, 9, false};
  if (!made(&c, op, &w))
    return;
  Ct t;
  ct_init(&t, c.g);
  for (int i = 0; i < c.n; i++)
    ct_range(&t, c.in[i], c.lo[i], c.hi[i]);
  ct_fill(&t, r);
  ct_compile(&t);
  ct_run(&t);
  double e = ct_err(&t), tol = dt == DT_I32 ? 0 : ct_tol(dt);
  char text[96];
  ir_print_type(text, sizeof text, dt, c.y->shape);
  cr_expect(e <= tol, "%s %s (trial %d): error %.3g > %.3g", ir_op_name(op), text, k, e, tol);
  worst_by_dtype[dt] = fmax(worst_by_dtype[dt], e);
  ct_free(&t);
}

static void jit_every_op(uint64_t seed, int trials) {
  static const DType all[3] = {DT_F64, DT_F32, DT_I32};
  TestRng r = test_rng(seed);
  for (OpKind op = 0; op < OP_COUNT; op++)
    for (int k = 0; k < trials; k++)
      for (int d = 0; d < 3; d++)
        jit_op(op, all[d], k, &r);
  cr_log_info("worst error f64 %.3g, f32 %.3g, i32 %.3g", worst_by_dtype[DT_F64],
              worst_by_dtype[DT_F32], worst_by_dtype[DT_I32]);
}

Test(ops, every_op_runs_in_the_jit_as_ir_eval) {
  jit_every_op(2, TRIALS);
}

/* Vector bodies of the AVX2 width (8 f32 or 4 f64 lanes) and of AVX-512's (16 or 8), forced
 * on any host: the other test runs at the host's. */
Test(ops, every_op_runs_in_the_jit_with_either_vector_width) {
  setenv("NNC_VECTOR_BYTES", "32", 1);
  jit_every_op(3, 2);
  setenv("NNC_VECTOR_BYTES", "64", 1);
  jit_every_op(5, 2);
  unsetenv("NNC_VECTOR_BYTES");
}

/* ---- VJPs against central differences, in f64 ------------------------------------------ */

#define GRAD_TOL 1e-6
#define H 1e-5

static double sample(TestRng *r, Domain d) {
  switch (d) {
  case D_ANY: return test_uniform(r, -2, 2);
  case D_POS: return test_uniform(r, 0.5, 2);
  case D_AWAY: return (test_uniform(r, 0, 1) < 0.5 ? -1 : 1) * test_uniform(r, 0.2, 2);
  case D_GRID: return round(test_uniform(r, -2, 2)) + test_uniform(r, -0.2, 0.2);
  case D_HALF: return round(test_uniform(r, -2, 2)) + 0.5 + test_uniform(r, -0.2, 0.2);
  case D_BIT: return test_uniform(r, 0, 1) < 0.5;
  }
  return NAN;
}

static double loss_at(const Graph *g, double **vals, const Value *loss) {
  cr_assert_eq(ir_eval(g, vals), NNC_OK, "eval: %s", base_last_error());
  return vals[loss->id][0];
}

static double rel_err(double a, double b) {
  return fabs(a - b) / fmax(fmax(fabs(a), fabs(b)), 1e-3);
}

/* Every element of every differentiated input nudged by ±H; returns the worst error. */
static double differences(const Case *c, double **vals, const Value *loss, Value **wrt,
                          Value **grads, int nwrt) {
  double worst = 0;
  for (int i = 0; i < nwrt; i++) {
    int64_t n = ir_numel(wrt[i]->shape);
    loss_at(c->g, vals, loss);
    double *an = malloc((size_t)(n + 1) * sizeof *an), *x = vals[wrt[i]->id];
    memcpy(an, vals[grads[i]->id], (size_t)n * sizeof *an);
    for (int64_t j = 0; j < n; j++) {
      double x0 = x[j];
      x[j] = x0 + H;
      double lp = loss_at(c->g, vals, loss);
      x[j] = x0 - H;
      double lm = loss_at(c->g, vals, loss), fd = (lp - lm) / (2 * H);
      x[j] = x0;
      double e = rel_err(an[j], fd);
      cr_expect(e <= GRAD_TOL, "%s: d/d%s[%ld]: autodiff %.12g, differences %.12g (rel %.3g)",
                ir_op_name(c->y->op), wrt[i]->name, (long)j, an[j], fd, e);
      worst = fmax(worst, e);
    }
    free(an);
  }
  return worst;
}

/* loss = sum(w * y) over every axis, so every element of y matters */
static Value *weighted_sum(Case *c, Value **w) {
  Value *y = c->y;
  *w = ir_input(c->g, "w", y->dtype, y->shape);
  Value *p = ir_binary(c->g, OP_MUL, y, *w);
  return p->shape.rank ? ir_reduce(c->g, OP_SUM, p, (1u << p->shape.rank) - 1, false) : p;
}

static double grad_op(OpKind op, int k, TestRng *r) {
  Case c;
  Want want = {r, DT_F64, k, 4, true};
  if (op == OP_ASSIGN || !made(&c, op, &want)) /* an effect has no value to differentiate */
    return 0;
  Value *w, *wrt[IR_MAX_ARGS], *grads[IR_MAX_ARGS];
  int nwrt = 0;
  for (int i = 0; i < c.n; i++)
    if (ir_is_float(c.in[i]->dtype))
      wrt[nwrt++] = c.in[i];
  Value *loss = weighted_sum(&c, &w);
  PassCtx cx = {.loss = loss, .nwrt = nwrt, .wrt = wrt, .grads = grads};
  cr_assert_eq(pass_autodiff(c.g, &cx), NNC_OK, "%s: %s", ir_op_name(op), base_last_error());
  cr_assert_eq(ir_verify(c.g), NNC_OK, "%s: verify: %s", ir_op_name(op), base_last_error());
  double **vals = calloc((size_t)c.g->nvalues, sizeof *vals);
  for (int i = 0; i < c.g->nvalues; i++)
    vals[i] = calloc(ct_count(c.g->values[i]), sizeof **vals);
  for (int i = 0; i < c.n; i++)
    for (int64_t j = 0; j < ir_numel(c.in[i]->shape); j++)
      vals[c.in[i]->id][j] = c.in[i]->op == OP_STATE ? c.in[i]->num : sample(r, c.dom[i]);
  for (int64_t j = 0; j < ir_numel(w->shape); j++)
    vals[w->id][j] = sample(r, D_ANY);
  double worst = differences(&c, vals, loss, wrt, grads, nwrt);
  for (int i = 0; i < c.g->nvalues; i++)
    free(vals[i]);
  free(vals);
  ir_graph_free(c.g);
  return worst;
}

Test(ops, every_op_vjp_matches_central_differences) {
  TestRng r = test_rng(4);
  double worst = 0;
  for (OpKind op = 0; op < OP_COUNT; op++) {
    double w = 0;
    for (int k = 0; k < 2 * TRIALS; k++)
      w = fmax(w, grad_op(op, k, &r));
    cr_log_info("%s: worst relative error %.3g", ir_op_name(op), w);
    worst = fmax(worst, w);
  }
  cr_log_info("every op: worst relative error %.3g", worst);
}

/* ---- kernels' special inputs ----------------------------------------------------------- */

/* A CONST operand has no buffer: every kind of kernel must read it as the constant. */
Test(ops, const_operands) {
  TestRng r = test_rng(1200);
  static const DType floats[2] = {DT_F64, DT_F32};
  for (int k = 0; k < 2; k++) {
    DType dt = floats[k];
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", dt, ir_shape(2, 5, 7));
    Value *c = ir_const(g, dt, ir_shape(2, 7, 3), 0.25);
    Value *s = ir_scalar(g, dt, 1.5);
    ir_output(g, ir_matmul(g, x, c, false, false));
    ir_output(g, ir_binary(g, OP_MUL, s, x));
    ir_output(g, ir_unary(g, OP_EXP, s));
    ir_output(g, ir_reduce(g, OP_SUM, c, 1, false));
    ir_output(g, ir_softmax(g, OP_SOFTMAX, c));
    ir_output(g, ir_broadcast(g, s, ir_shape(2, 2, 3)));
    ir_output(g, ir_reshape(g, c, ir_shape(1, 21)));
    ir_output(g, ir_transpose(g, c));
    ir_output(g, ir_one_hot(g, s, 3, dt));
    ir_output(g, c);
    Ct t;
    ct_init(&t, g);
    ct_fill(&t, &r);
    ct_compile(&t);
    ct_run(&t);
    cr_expect(ct_err(&t) <= ct_tol(dt), "const operands %s: error %.3g", ir_dtype_name(dt),
              ct_err(&t));
    ct_free(&t);
  }
}

/* SUM/MEAN over random axes of random shapes: inner axes kept (lanes along the result) and
 * reduced (vectors of partial sums), runs longer and shorter than a vector. */
Test(ops, sum_mean_axes_keepdims) {
  TestRng r = test_rng(800);
  for (int trial = 0; trial < 8 * TRIALS; trial++) {
    DType dt = trial % 7 == 6 ? DT_I32 : trial & 1 ? DT_F32 : DT_F64;
    OpKind op = trial & 2 ? OP_MEAN : OP_SUM;
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", dt, rand_shape(&r, 0, 9));
    unsigned axes = (unsigned)irand(&r, 0, (1 << x->shape.rank) - 1);
    ir_output(g, ir_reduce(g, op, x, axes, trial & 4));
    Ct t;
    ct_init(&t, g);
    ct_range(&t, x, dt == DT_I32 ? -20 : -2, dt == DT_I32 ? 20 : 2);
    ct_fill(&t, &r);
    ct_compile(&t);
    ct_run(&t);
    /* an f32 sum of n terms rounds n times: its error grows with n */
    double n = (double)ir_numel(x->shape) / (double)ct_count(t.g->outputs[0]);
    double tol = ct_tol(dt) * (dt == DT_F32 ? fmax(1, n / 16) : 1), e = ct_err(&t);
    cr_expect(e <= tol, "%s %s axes=0x%x: error %.3g > %.3g", ir_op_name(op),
              ir_dtype_name(dt), axes, e, tol);
    ct_free(&t);
  }
}
