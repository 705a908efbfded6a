/* test_matmul.c — the register-blocked matmul kernel: against ir_eval on the shapes the
 * models use (25, 15, 10, 1 columns; K = 784; M = 1, 32, 256) and random ones, every
 * trans_a/trans_b combination, f32 and f64; and the epilogue contract of cg.h: called once
 * per finished block, the blocks tile C exactly, and each element is final when its block's
 * epilogue runs. The second part builds a kernel with cg_emit_matmul directly and an
 * epilogue that counts visits and copies C as it is at that moment, and logs every block and
 * panel through a C callback: each column's panel opens once, its blocks follow in row order
 * covering every row, then it closes. A kernel split into tasks (column panels, for threads)
 * is run whole and task by task in reverse order: same bits, same per-column order.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */

#include <llvm-c/Analysis.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

#include "cg.h"
#include "cgtest.h"

typedef struct {
  int64_t M, K, N;
} Dims;

/* The models' shapes, in the (M, K, N) of op(A)[M,K] x op(B)[K,N]. */
static const Dims model_dims[] = {
    {32, 784, 25}, {32, 25, 15}, {32, 15, 1},  {784, 32, 25}, {25, 32, 15}, {15, 32, 1},
    {32, 1, 15},   {32, 15, 25}, {1, 784, 25}, {1, 25, 15},   {1, 15, 1},   {256, 784, 10},
    {784, 256, 10}, {10, 256, 1}, {1, 1, 1},   {17, 33, 65},  {9, 8, 48},   {33, 7, 31},
};

static int irand(TestRng *r, int lo, int hi) { /* inclusive */
  return lo + (int)floor(test_uniform(r, 0, hi - lo + 1 - 1e-9));
}

/* f32 sums of K terms round K times: the bound grows with K. */
static double tol_for(DType dt, int64_t K) {
  return ct_tol(dt) * (1 + (double)K / 256);
}

static Graph *matmul_graph(DType dt, Dims d, bool ta, bool tb) {
  Graph *g = ir_graph_new();
  Value *a = ir_input(g, "a", dt, ta ? ir_shape(2, d.K, d.M) : ir_shape(2, d.M, d.K));
  Value *b = ir_input(g, "b", dt, tb ? ir_shape(2, d.N, d.K) : ir_shape(2, d.K, d.N));
  ir_output(g, ir_matmul(g, a, b, ta, tb));
  return g;
}

/* Operand x of matmul v at (r, s) of op(x), from the reference's leaf values. */
static double operand(const Ct *t, const Value *x, bool trans, int64_t r, int64_t s) {
  if (x->op == OP_CONST)
    return x->num;
  int64_t cols = x->shape.dim[1];
  return t->vals[x->id][trans ? s * cols + r : r * cols + s];
}

/* Largest |C - ref| / sum_k |A(i,k) B(k,j)|: the rounding of a sum is bounded by its
 * terms' magnitudes, not by its (possibly cancelled) value. */
static double matmul_err(const Ct *t, const Value *v) {
  const Value *a = v->args[0], *b = v->args[1];
  int64_t M = v->shape.dim[0], N = v->shape.dim[1];
  int64_t K = v->trans_a ? a->shape.dim[0] : a->shape.dim[1];
  int s = t->nslots - 1;
  double worst = 0;
  for (int64_t i = 0; i < M; i++)
    for (int64_t j = 0; j < N; j++) {
      double mag = 0;
      for (int64_t k = 0; k < K; k++)
        mag += fabs(operand(t, a, v->trans_a, i, k) * operand(t, b, v->trans_b, k, j));
      double got = ct_get(t->buf[s], v->dtype, (size_t)(i * N + j));
      double e = fabs(got - t->vals[v->id][i * N + j]) / fmax(mag, 1e-300);
      worst = isnan(e) ? INFINITY : fmax(worst, e);
    }
  return worst;
}

static double run_graph(Graph *g, TestRng *r, DType dt, int64_t K, const char *what) {
  Ct t;
  ct_init(&t, g);
  ct_fill(&t, r);
  ct_compile(&t);
  ct_run(&t);
  double e = matmul_err(&t, g->outputs[0]), tol = tol_for(dt, K);
  cr_expect(e <= tol, "%s %s: error %.3g > %.3g", what, ir_dtype_name(dt), e, tol);
  ct_free(&t);
  return e;
}

static void check_dims(TestRng *r, Dims d) {
  static const DType dts[2] = {DT_F32, DT_F64};
  char what[96];
  for (int k = 0; k < 2; k++)
    for (int tr = 0; tr < 4; tr++) {
      bool ta = tr & 1, tb = tr >> 1;
      snprintf(what, sizeof what, "%lldx%lldx%lld%s%s", (long long)d.M, (long long)d.K,
               (long long)d.N, ta ? " trans_a" : "", tb ? " trans_b" : "");
      run_graph(matmul_graph(dts[k], d, ta, tb), r, dts[k], d.K, what);
    }
}

Test(codegen, matmul_model_shapes) {
  TestRng r = test_rng(4100);
  for (size_t i = 0; i < sizeof model_dims / sizeof *model_dims; i++)
    check_dims(&r, model_dims[i]);
}

Test(codegen, matmul_random_shapes) {
  TestRng r = test_rng(4200);
  for (int trial = 0; trial < 10; trial++) {
    Dims d = {irand(&r, 1, 70), irand(&r, 1, 90), irand(&r, 1, 70)};
    check_dims(&r, d);
  }
}

/* Rows of B a kilobyte or more apart: the first block of each panel packs it as it
 * multiplies and every block prefetches some of the next panel; a last panel of 12 columns
 * and rows left after the 8-row blocks. */
Test(codegen, matmul_far_rows_of_b) {
  TestRng r = test_rng(4250);
  static const Dims dims[] = {{70, 40, 300}, {72, 33, 130}, {64, 1, 256}};
  for (size_t i = 0; i < sizeof dims / sizeof *dims; i++)
    check_dims(&r, dims[i]);
}

Test(codegen, matmul_const_operand) {
  TestRng r = test_rng(4300);
  for (int tr = 0; tr < 8; tr++) {
    Graph *g = ir_graph_new();
    bool ta = tr & 1, tb = tr & 2, const_a = tr & 4;
    Shape sx = const_a ? (tb ? ir_shape(2, 9, 19) : ir_shape(2, 19, 9))
                       : (ta ? ir_shape(2, 19, 9) : ir_shape(2, 9, 19));
    Value *x = ir_input(g, "x", DT_F32, sx);
    Value *k = ir_const(g, DT_F32, ir_shape(2, 19, 19), 0.5);
    ir_output(g, const_a ? ir_matmul(g, k, x, ta, tb) : ir_matmul(g, x, k, ta, tb));
    run_graph(g, &r, DT_F32, 19, "const operand");
  }
}

/* The AVX2 shapes (8 f32 lanes, 6-row blocks) and the AVX-512 ones, forced on any host: LLVM
 * splits 512-bit vectors on a host without them, so each host checks both. */
Test(codegen, matmul_both_vector_widths) {
  TestRng r = test_rng(4500);
  for (int wide = 0; wide < 2; wide++) {
    setenv("NNC_VECTOR_BYTES", wide ? "64" : "32", 1);
    for (size_t i = 0; i < sizeof model_dims / sizeof *model_dims; i += 2)
      check_dims(&r, model_dims[i]);
  }
  unsetenv("NNC_VECTOR_BYTES");
}

/* ---- the epilogue contract ---- */

typedef struct {
  LLVMValueRef out, visits, seen;  /* the kernel's C, int32 visit counts, copy of C */
  LLVMValueRef log;                /* a ProbeLog function pointer */
  int64_t N;
  DType dt;
} Probe;

/* What the kernel reports: a block (kind 0) or a panel opening (1) or closing (2). */
typedef void (*ProbeLog)(int32_t kind, int64_t i0, int64_t rows, int64_t j0, int64_t cols);

enum { LOG_CAP = 1 << 16 };
static struct {
  int32_t kind;
  int64_t i0, rows, j0, cols;
} events[LOG_CAP];
static int nevents;
/* The probe's epilogue has no panel hook, so the kernel may cut panels into row chunks. */
static bool probe_by_rows;

static void probe_log(int32_t kind, int64_t i0, int64_t rows, int64_t j0, int64_t cols) {
  cr_assert_lt(nevents, LOG_CAP, "too many events");
  events[nevents].kind = kind, events[nevents].i0 = i0, events[nevents].rows = rows;
  events[nevents].j0 = j0, events[nevents++].cols = cols;
}

static void emit_log(Cg *c, const Probe *p, int kind, LLVMValueRef i0, int64_t rows,
                     LLVMValueRef j0, int64_t cols) {
  LLVMTypeRef params[5] = {c->t_i32, c->t_i64, c->t_i64, c->t_i64, c->t_i64};
  LLVMValueRef args[5] = {LLVMConstInt(c->t_i32, (unsigned)kind, 0), i0, cg_i64(c, rows), j0,
                          cg_i64(c, cols)};
  LLVMBuildCall2(c->b, LLVMFunctionType(c->t_void, params, 5, 0), p->log, args, 5, "");
}

static void probe_panel(Cg *c, void *ctx, LLVMValueRef j0, int64_t cols, bool end) {
  emit_log(c, ctx, end ? 2 : 1, cg_i64(c, 0), 0, j0, cols);
}

/* Each column's events, in log order: open, blocks whose rows follow on from 0 to M, close.
 * Without the panel hook (probe_by_rows): blocks alone, each row once (visits counts them). */
static void check_log(int64_t M, int64_t N) {
  if (probe_by_rows) {
    for (int e = 0; e < nevents; e++)
      cr_assert(events[e].kind == 0 && events[e].i0 >= 0 && events[e].i0 + events[e].rows <= M,
                "event %d: kind %d rows %lld+%lld", e, events[e].kind, (long long)events[e].i0,
                (long long)events[e].rows);
    return;
  }
  int64_t *next = calloc((size_t)N, sizeof *next); /* per column: -1 before open, then the next row */
  int *state = calloc((size_t)N, sizeof *state);   /* 0 new, 1 open, 2 closed */
  for (int e = 0; e < nevents; e++)
    for (int64_t j = events[e].j0; j < events[e].j0 + events[e].cols; j++) {
      cr_assert(j >= 0 && j < N, "event %d touches column %lld", e, (long long)j);
      int want = events[e].kind == 1 ? 0 : 1;
      cr_assert_eq(state[j], want, "column %lld: event kind %d in state %d", (long long)j,
                   events[e].kind, state[j]);
      if (events[e].kind == 0) {
        cr_assert_eq(events[e].i0, next[j], "column %lld: rows out of order", (long long)j);
        next[j] += events[e].rows;
      } else if (events[e].kind == 2) {
        cr_assert_eq(next[j], M, "column %lld closed after %lld rows", (long long)j,
                     (long long)next[j]);
      }
      state[j] = events[e].kind == 0 ? 1 : events[e].kind;
    }
  for (int64_t j = 0; j < N; j++)
    cr_assert_eq(state[j], 2, "column %lld never closed", (long long)j);
  free(next), free(state);
}

/* For each element of the block: visits += 1, seen = C as it is now. */
static void probe_emit(Cg *c, void *ctx, LLVMValueRef i0, int64_t rows, LLVMValueRef j0,
                       int64_t cols) {
  Probe *p = ctx;
  CgLoop r, q;
  cg_loop_begin(c, &r, rows);
  cg_loop_begin(c, &q, cols);
  LLVMValueRef row = LLVMBuildAdd(c->b, i0, r.iv, "");
  LLVMValueRef idx = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, row, cg_i64(c, p->N), ""),
                                  LLVMBuildAdd(c->b, j0, q.iv, ""), "");
  Operand vis = {.dt = DT_I32, .base = p->visits}, out = {.dt = p->dt, .base = p->out};
  LLVMValueRef n = LLVMBuildAdd(c->b, cg_load(c, &vis, idx), cg_const(c, DT_I32, 1), "");
  cg_store(c, DT_I32, p->visits, idx, n);
  cg_store(c, p->dt, p->seen, idx, cg_load(c, &out, idx));
  cg_loop_end(c, &q);
  cg_loop_end(c, &r);
  emit_log(c, p, 0, i0, rows, j0, cols);
}

typedef void (*ProbeFn)(void *c, const void *a, const void *b, int32_t *visits, void *seen,
                        ProbeLog log);
typedef void (*ProbeTasksFn)(void *c, const void *a, const void *b, int32_t *visits, void *seen,
                             ProbeLog log, int64_t begin, int64_t end);

/* Emits `void NAME(c, a, b, visits, seen, log[, begin, end])`: the matmul v with the probe as
 * its epilogue, ranged when v splits into tasks (*tasks > 0). */
static LLVMModuleRef probe_module(LLVMContextRef ctx, const Value *v, const char *name,
                                  int64_t *tasks) {
  Cg c = {.ctx = ctx, .g = NULL};
  c.mod = LLVMModuleCreateWithNameInContext(name, ctx);
  c.b = LLVMCreateBuilderInContext(ctx);
  c.t_void = LLVMVoidTypeInContext(ctx);
  c.t_ptr = LLVMPointerTypeInContext(ctx, 0);
  c.t_i1 = LLVMInt1TypeInContext(ctx);
  c.t_i32 = LLVMInt32TypeInContext(ctx);
  c.t_i64 = LLVMInt64TypeInContext(ctx);
  c.t_f32 = LLVMFloatTypeInContext(ctx);
  c.t_f64 = LLVMDoubleTypeInContext(ctx);
  bool ro[6] = {false, true, true, false, false, true};
  *tasks = cg_matmul_tasks(&c, v, probe_by_rows);
  LLVMValueRef fn = cg_kernel_begin(&c, name, 6, ro, *tasks > 0);
  LLVMSetLinkage(fn, LLVMExternalLinkage);
  Probe p = {LLVMGetParam(fn, 0), LLVMGetParam(fn, 3), LLVMGetParam(fn, 4), LLVMGetParam(fn, 5),
             v->shape.dim[1], v->dtype};
  CgEpilogue ep = {probe_emit, probe_by_rows ? NULL : probe_panel, &p};
  LLVMValueRef args[2] = {LLVMGetParam(fn, 1), LLVMGetParam(fn, 2)};
  CgRange range = {*tasks > 0 ? LLVMGetParam(fn, 6) : NULL, *tasks > 0 ? LLVMGetParam(fn, 7) : NULL};
  cg_emit_matmul(&c, v, p.out, args, &ep, *tasks > 0 ? &range : NULL);
  cg_kernel_end(&c);
  LLVMDisposeBuilder(c.b);
  char *msg = NULL;
  cr_assert(!LLVMVerifyModule(c.mod, LLVMReturnStatusAction, &msg), "invalid IR: %s", msg);
  LLVMDisposeMessage(msg);
  return c.mod;
}

typedef struct {
  LLVMOrcLLJITRef jit;
  LLVMTargetMachineRef tm;
  int count;
} ProbeJit;

/* The probe kernel's address; *tasks > 0 when it is a ProbeTasksFn. */
static void *probe_compile(ProbeJit *pj, const Value *v, int64_t *tasks) {
  char name[32];
  snprintf(name, sizeof name, "probe%d", pj->count++);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod = probe_module(ctx, v, name, tasks);
  cg_module_for_target(mod, pj->tm);
  cr_assert_eq(cg_optimize(mod, pj->tm), NNC_OK, "%s", base_last_error());
  char *msg = NULL;
  LLVMMemoryBufferRef obj;
  cr_assert(!LLVMTargetMachineEmitToMemoryBuffer(pj->tm, mod, LLVMObjectFile, &msg, &obj),
            "emit: %s", msg);
  LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  LLVMErrorRef err = LLVMOrcLLJITAddObjectFile(pj->jit, LLVMOrcLLJITGetMainJITDylib(pj->jit), obj);
  cr_assert(!err, "add object");
  LLVMOrcExecutorAddress addr = 0;
  cr_assert(!LLVMOrcLLJITLookup(pj->jit, &addr, name), "lookup %s", name);
  return (void *)(uintptr_t)addr;
}

static double get(const void *p, DType dt, int64_t i) {
  return dt == DT_F32 ? ((const float *)p)[i] : ((const double *)p)[i];
}

/* Runs the probe kernel of op(A) x op(B) and checks visits, seen and C. */
static void check_probe(ProbeJit *pj, TestRng *r, DType dt, Dims d, bool ta, bool tb) {
  Graph *g = matmul_graph(dt, d, ta, tb);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  int64_t tasks;
  void *fn = probe_compile(pj, g->values[2], &tasks);
  size_t es = ir_dtype_size(dt), na = (size_t)(d.M * d.K), nb = (size_t)(d.K * d.N),
         nc = (size_t)(d.M * d.N);
  void *a = malloc(na * es + 1), *b = malloc(nb * es + 1), *c = malloc(nc * es),
       *seen = malloc(nc * es);
  int32_t *visits = calloc(nc, sizeof *visits);
  for (size_t i = 0; i < na; i++)
    ct_put(a, dt, i, test_uniform(r, -2, 2));
  for (size_t i = 0; i < nb; i++)
    ct_put(b, dt, i, test_uniform(r, -2, 2));
  nevents = 0;
  if (tasks > 0)
    ((ProbeTasksFn)fn)(c, a, b, visits, seen, probe_log, 0, tasks);
  else
    ((ProbeFn)fn)(c, a, b, visits, seen, probe_log);
  check_log(d.M, d.N);
  double worst = 0;
  for (int64_t i = 0; i < d.M; i++)
    for (int64_t j = 0; j < d.N; j++) {
      double ref = 0, mag = 0;
      for (int64_t k = 0; k < d.K; k++) {
        double x = get(a, dt, ta ? k * d.M + i : i * d.K + k);
        double y = get(b, dt, tb ? j * d.K + k : k * d.N + j);
        ref += x * y;
        mag += fabs(x * y);
      }
      int64_t at = i * d.N + j;
      cr_assert_eq(visits[at], 1, "C[%lld,%lld] visited %d times (%lldx%lldx%lld ta=%d tb=%d)",
                   (long long)i, (long long)j, visits[at], (long long)d.M, (long long)d.K,
                   (long long)d.N, ta, tb);
      cr_assert_eq(get(seen, dt, at), get(c, dt, at), "C[%lld,%lld] changed after its epilogue",
                   (long long)i, (long long)j);
      worst = fmax(worst, fabs(get(c, dt, at) - ref) / fmax(mag, 1e-300));
    }
  cr_expect(worst <= tol_for(dt, d.K), "%lldx%lldx%lld %s: error %.3g", (long long)d.M,
            (long long)d.K, (long long)d.N, ir_dtype_name(dt), worst);
  if (tasks > 0) { /* one task at a time, last first, as threads might: the same bits */
    void *c2 = malloc(nc * es);
    nevents = 0;
    for (int64_t t = tasks - 1; t >= 0; t--)
      ((ProbeTasksFn)fn)(c2, a, b, visits, seen, probe_log, t, t + 1);
    check_log(d.M, d.N);
    cr_assert(memcmp(c, c2, nc * es) == 0, "%lldx%lldx%lld: tasks changed C", (long long)d.M,
              (long long)d.K, (long long)d.N);
    free(c2);
  }
  free(a), free(b), free(c), free(seen), free(visits);
  ir_graph_free(g);
}

Test(codegen, matmul_epilogue_covers_each_element_once) {
  ProbeJit pj = {0};
  cr_assert_eq(cg_target_machine(&pj.tm), NNC_OK);
  cr_assert(!LLVMOrcCreateLLJIT(&pj.jit, LLVMOrcCreateLLJITBuilder()));
  TestRng r = test_rng(4400);
  static const DType dts[2] = {DT_F32, DT_F64};
  for (size_t i = 0; i < sizeof model_dims / sizeof *model_dims; i++)
    for (int tr = 0; tr < 4; tr++)
      check_probe(&pj, &r, dts[(i + (size_t)tr) & 1], model_dims[i], tr & 1, tr >> 1);
  for (int trial = 0; trial < 16; trial++) {
    Dims d = {irand(&r, 1, 40), irand(&r, 1, 40), irand(&r, 1, 70)};
    if (trial >= 8)
      setenv("NNC_VECTOR_BYTES", "32", 1); /* the AVX2 shapes */
    check_probe(&pj, &r, dts[trial & 1], d, trial & 2, trial & 4);
  }
  unsetenv("NNC_VECTOR_BYTES");
  LLVMConsumeError(LLVMOrcDisposeLLJIT(pj.jit));
  LLVMDisposeTargetMachine(pj.tm);
}

/* Shapes large enough to split into column-panel tasks, with and without a ragged last panel;
 * Task L's 256x1024 input gradient of K = 10 splits too (its elements' stores are the work). */
Test(codegen, matmul_tasks_give_the_same_bits_in_any_order) {
  static const Dims dims[] = {{128, 384, 96}, {96, 512, 100}, {260, 160, 120}, {256, 784, 64},
                              {784, 64, 100}, {256, 10, 1024},
                              {8, 8192, 70}}; /* the last with trans_b: whole */
  ProbeJit pj = {0};
  cr_assert_eq(cg_target_machine(&pj.tm), NNC_OK);
  cr_assert(!LLVMOrcCreateLLJIT(&pj.jit, LLVMOrcCreateLLJITBuilder()));
  TestRng r = test_rng(4600);
  int split = 0;
  for (int avx2 = 0; avx2 < 2; avx2++) {
    if (avx2)
      setenv("NNC_VECTOR_BYTES", "32", 1);
    for (size_t i = 0; i < sizeof dims / sizeof *dims; i++)
      for (int tr = 0; tr < 4; tr++) {
        DType dt = (i + (size_t)tr) & 1 ? DT_F64 : DT_F32;
        Graph *g = matmul_graph(dt, dims[i], tr & 1, tr >> 1);
        Cg c = {.ctx = LLVMContextCreate()};
        c.t_f32 = LLVMFloatTypeInContext(c.ctx), c.t_f64 = LLVMDoubleTypeInContext(c.ctx);
        split += cg_matmul_tasks(&c, g->values[2], false) > 0;
        LLVMContextDispose(c.ctx);
        ir_graph_free(g);
        check_probe(&pj, &r, dt, dims[i], tr & 1, tr >> 1);
      }
  }
  unsetenv("NNC_VECTOR_BYTES");
  cr_expect_geq(split, 48, "only %d of 56 kernels split into tasks", split);
  LLVMConsumeError(LLVMOrcDisposeLLJIT(pj.jit));
  LLVMDisposeTargetMachine(pj.tm);
}

/* Fewer rows than half a block (predict at batch 1 to 3) take panels of up to 8 vectors: the
 * sums, every trans combination, and the epilogue contract, with panels ragged and whole, at
 * both vector widths. */
Test(codegen, matmul_of_few_rows_is_exact_in_wide_panels) {
  static const Dims dims[] = {{1, 784, 1024}, {1, 1024, 10}, {2, 100, 300}, {3, 33, 129},
                              {1, 7, 40},     {2, 1, 257},   {3, 64, 16}};
  ProbeJit pj = {0};
  cr_assert_eq(cg_target_machine(&pj.tm), NNC_OK);
  cr_assert(!LLVMOrcCreateLLJIT(&pj.jit, LLVMOrcCreateLLJITBuilder()));
  TestRng r = test_rng(4800);
  for (int avx2 = 0; avx2 < 2; avx2++) {
    setenv("NNC_VECTOR_BYTES", avx2 ? "32" : "64", 1);
    for (size_t i = 0; i < sizeof dims / sizeof *dims; i++) {
      check_dims(&r, dims[i]);
      for (int tr = 0; tr < 4; tr++)
        check_probe(&pj, &r, (i + (size_t)tr) & 1 ? DT_F64 : DT_F32, dims[i], tr & 1, tr >> 1);
    }
  }
  unsetenv("NNC_VECTOR_BYTES");
  LLVMConsumeError(LLVMOrcDisposeLLJIT(pj.jit));
  LLVMDisposeTargetMachine(pj.tm);
}

/* With an epilogue that has no panel hook, a matmul of fewer than 4 column panels is cut into
 * row chunks as well (a 2-D split): Task L's last layer (256x10, K = 1024) at batch 1024,
 * its weight gradient, ragged chunks and panels, and C of one or two columns, whose masked
 * panel costs what a full one does. Each task's elements have the bits of the whole
 * kernel's, run in any order, and every element's epilogue runs once. */
Test(codegen, matmul_row_chunks_give_the_same_bits_in_any_order) {
  static const Dims dims[] = {{1024, 1024, 10}, {1024, 1024, 16}, {1000, 600, 33},
                              {4100, 1024, 1},  {300, 4000, 20},  {40, 200000, 1},
                              {1024, 1024, 2},  {512, 2048, 1}};
  ProbeJit pj = {0};
  cr_assert_eq(cg_target_machine(&pj.tm), NNC_OK);
  cr_assert(!LLVMOrcCreateLLJIT(&pj.jit, LLVMOrcCreateLLJITBuilder()));
  TestRng r = test_rng(4700);
  probe_by_rows = true;
  for (int avx2 = 0; avx2 < 2; avx2++) {
    if (avx2)
      setenv("NNC_VECTOR_BYTES", "32", 1);
    for (size_t i = 0; i < sizeof dims / sizeof *dims; i++)
      for (int tr = 0; tr < 4; tr++) {
        DType dt = (i + (size_t)tr) & 1 ? DT_F64 : DT_F32;
        Graph *g = matmul_graph(dt, dims[i], tr & 1, tr >> 1);
        Cg c = {.ctx = LLVMContextCreate()};
        c.t_f32 = LLVMFloatTypeInContext(c.ctx), c.t_f64 = LLVMDoubleTypeInContext(c.ctx);
        int64_t cols = cg_matmul_tasks(&c, g->values[2], false);
        int64_t tasks = cg_matmul_tasks(&c, g->values[2], true);
        LLVMContextDispose(c.ctx);
        ir_graph_free(g);
        if (dims[i].N <= 16 && dims[i].M >= 512) /* one or two panels: rows split too */
          cr_expect(tasks >= 4 && tasks > cols, "%lldx%lldx%lld: %lld tasks by panels, %lld by rows",
                    (long long)dims[i].M, (long long)dims[i].K, (long long)dims[i].N,
                    (long long)cols, (long long)tasks);
        check_probe(&pj, &r, dt, dims[i], tr & 1, tr >> 1);
      }
  }
  probe_by_rows = false;
  unsetenv("NNC_VECTOR_BYTES");
  LLVMConsumeError(LLVMOrcDisposeLLJIT(pj.jit));
  LLVMDisposeTargetMachine(pj.tm);
}
