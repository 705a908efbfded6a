/* cgtest.h — the harness the codegen tests share: plan a graph, fill its leaves with random
 * values, run it through ir_eval (f64) and through the JIT, and measure how far apart the
 * results are. Header-only (static inline) because each test file is its own binary.
 *
 * The error of one element is |jit - ref| / max(|ref|, floor), where floor is a fraction of
 * the largest |ref| in the tensor (1e-3 for f64, 1e-2 for f32): relative where the value is
 * not tiny next to its neighbours, absolute on the tensor's scale where cancellation made it
 * tiny (an f32 sum of a few dozen terms is off by ~1e-7 of its terms, not of its result).
 */
#ifndef NNC_TESTS_CGTEST_H
#define NNC_TESTS_CGTEST_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "driver.h"
#include "passes.h"
#include "support.h"

/* Runs a kernel's tasks one at a time, last first: a kernel whose result depended on the
 * order or grouping of its tasks (as threads would change it) fails the comparisons. */
static inline void ct_run_reversed(CgPool *self, CgTask task, void *ctx, int64_t n) {
  (void)self;
  for (int64_t t = n - 1; t >= 0; t--)
    task(ctx, t, t + 1);
}

static inline CgPool *ct_pool(void) {
  static CgPool reversed = {.run = ct_run_reversed};
  return &reversed;
}

/* A Dense layer act(x W + b) with Keras's parameter names; W and b are appended to params. */
static inline Value *ct_dense(Graph *g, Value *x, int64_t in, int64_t units, OpKind act,
                              DType dt, const char *name, Value **params, int *np) {
  char kn[64], bn[64];
  snprintf(kn, sizeof kn, "%s/kernel", name);
  snprintf(bn, sizeof bn, "%s/bias", name);
  Value *w = ir_param(g, kn, dt, ir_shape(2, in, units), INIT_GLOROT_UNIFORM);
  Value *b = ir_param(g, bn, dt, ir_shape(1, units), INIT_ZEROS);
  params[(*np)++] = w;
  params[(*np)++] = b;
  return ir_unary(g, act, ir_binary(g, OP_ADD, ir_matmul(g, x, w, false, false), b));
}

typedef struct {
  Graph *g;
  double **vals;               /* per value id: the reference's buffers */
  double *lo, *hi;             /* per value id: range of a leaf's random values */
  Value **slots;
  int nslots;
  void **buf;                  /* per slot: the JIT's buffer */
  void *scratch;
  CgJit *jit;
  CgEntry fn;
  double atol;                 /* smallest denominator of the error (default 0): for results
                                  whose exact value is 0 and whose reference is rounding noise */
} Ct;

static inline size_t ct_count(const Value *v) {
  int64_t n = ir_numel(v->shape);
  return n > 0 ? (size_t)n : 1;
}

/* Plans g and allocates both sides' buffers. Leaf ranges default to [-2, 2]. */
static inline void ct_init(Ct *t, Graph *g) {
  memset(t, 0, sizeof *t);
  t->g = g;
  cr_assert_eq(g->status, NNC_OK, "graph: %s", g->msg);
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK, "plan: %s", base_last_error());
  int n = g->nvalues;
  t->vals = calloc((size_t)n, sizeof *t->vals);
  t->lo = calloc((size_t)n, sizeof *t->lo);
  t->hi = calloc((size_t)n, sizeof *t->hi);
  for (int i = 0; i < n; i++) {
    t->vals[i] = calloc(ct_count(g->values[i]), sizeof(double));
    t->lo[i] = -2;
    t->hi[i] = 2;
  }
  t->slots = calloc((size_t)(n + g->noutputs), sizeof *t->slots);
  t->nslots = ir_slots(g, t->slots);
  t->buf = calloc((size_t)t->nslots, sizeof *t->buf);
  for (int s = 0; s < t->nslots; s++)
    t->buf[s] = calloc(ct_count(t->slots[s]), 8);
  size_t sb = (size_t)(cg_scratch_bytes(g) + 63) / 64 * 64 + 64;
  t->scratch = aligned_alloc(64, sb);
  memset(t->scratch, 0xff, sb); /* NaN garbage: reading before writing shows */
}

static inline void ct_range(Ct *t, const Value *v, double lo, double hi) {
  t->lo[v->id] = lo;
  t->hi[v->id] = hi;
}

static inline double ct_get(const void *p, DType dt, size_t i) {
  switch (dt) {
  case DT_F32: return ((const float *)p)[i];
  case DT_F64: return ((const double *)p)[i];
  case DT_I32: return ((const int32_t *)p)[i];
  }
  return NAN;
}

static inline void ct_put(void *p, DType dt, size_t i, double x) {
  switch (dt) {
  case DT_F32: ((float *)p)[i] = (float)x; break;
  case DT_F64: ((double *)p)[i] = x; break;
  case DT_I32: ((int32_t *)p)[i] = (int32_t)x; break;
  }
}

/* Random leaf values (STATE: its fill), stored in the slot's dtype and read back, so both
 * sides start from exactly the same numbers. */
static inline void ct_fill(Ct *t, TestRng *r) {
  for (int s = 0; s < t->nslots; s++) {
    const Value *v = t->slots[s];
    if (!(ir_op_flags(v->op) & OPF_LEAF) || s >= t->nslots - t->g->noutputs)
      continue;
    for (size_t i = 0; i < ct_count(v); i++) {
      double x = v->op == OP_STATE ? v->num : test_uniform(r, t->lo[v->id], t->hi[v->id]);
      if (v->dtype == DT_I32)
        x = floor(x);
      ct_put(t->buf[s], v->dtype, i, x);
      t->vals[v->id][i] = ct_get(t->buf[s], v->dtype, i);
    }
  }
}

static inline void ct_compile(Ct *t) {
  if (!t->jit)
    cr_assert_eq(cg_jit_new(&t->jit), NNC_OK, "jit: %s", base_last_error());
  nnc_status st = cg_jit_compile(t->jit, t->g, &t->fn);
  cr_assert_eq(st, NNC_OK, "compile: %s", base_last_error());
}

/* One call of each side. */
static inline void ct_run(Ct *t) {
  cr_assert_eq(ir_eval(t->g, t->vals), NNC_OK, "eval: %s", base_last_error());
  t->fn(t->buf, t->scratch, ct_pool());
}

/* Largest error of slot s against the reference value ref. */
static inline double ct_slot_err(Ct *t, int s, const Value *ref) {
  const Value *v = t->slots[s];
  if (ref->op == OP_ASSIGN)
    ref = ref->args[0];
  const double *y = t->vals[ref->id];
  size_t n = (size_t)ir_numel(v->shape);
  double big = 0, err = 0, frac = v->dtype == DT_F32 ? 1e-2 : 1e-3;
  for (size_t i = 0; i < n; i++)
    big = fmax(big, fabs(y[i]));
  for (size_t i = 0; i < n; i++) {
    double got = ct_get(t->buf[s], v->dtype, i);
    if (isnan(y[i]) && isnan(got))
      continue;
    if (isinf(y[i]) && got == y[i])
      continue;
    double e = fabs(got - y[i]) / fmax(fmax(fabs(y[i]), frac * big), fmax(t->atol, 1e-300));
    if (!(e <= err))
      err = isnan(e) ? INFINITY : e;
  }
  return err;
}

/* Largest error over the outputs and every leaf slot (PARAM/STATE may have been assigned). */
static inline double ct_err(Ct *t) {
  double err = 0;
  int nleaves = t->nslots - t->g->noutputs;
  for (int s = 0; s < t->nslots; s++) {
    const Value *ref = s < nleaves ? t->slots[s] : t->g->outputs[s - nleaves];
    err = fmax(err, ct_slot_err(t, s, ref));
  }
  return err;
}

static inline void ct_free(Ct *t) {
  cg_jit_free(t->jit);
  for (int i = 0; i < t->g->nvalues; i++)
    free(t->vals[i]);
  for (int s = 0; s < t->nslots; s++)
    free(t->buf[s]);
  free(t->vals);
  free(t->lo);
  free(t->hi);
  free(t->slots);
  free(t->buf);
  free(t->scratch);
  ir_graph_free(t->g);
}

/* Tolerance of the JIT against the f64 reference for a graph of dtype dt. */
static inline double ct_tol(DType dt) {
  return dt == DT_F64 ? 1e-12 : 1e-5;
}

#endif
