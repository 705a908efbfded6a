/* test_fused.c — fusion groups through the JIT: fusion and planning change no result.
 *
 * Each test builds the same training step twice (the full pipeline: autodiff, optimizer,
 * simplify, fuse, plan), once with PASS_NO_FUSE, compiles both, runs them for several steps
 * from the same parameters and data, and compares every slot (parameters, optimizer state,
 * loss, prediction) after every step. A fused element runs the same scalar ops in the same
 * order as the unfused kernels, so the results must be bit for bit equal. The fusion golden
 * inputs (tests/passes/golden/fuse_*.ir: epilogues, loops without head, broadcast operands,
 * an ASSIGN read after it in its group, i32) and random graphs with ASSIGNs in the middle
 * run fused against ir_eval.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>

#include "cg.h"
#include "cgtest.h"

typedef struct {
  Graph *g;
  Value **slots;
  int nslots;
  void **buf;
  void *scratch;
  CgJit *jit;
  CgEntry fn;
} Run;

typedef struct {
  DType dt;
  OpKind act;                 /* OP_SIGMOID, OP_RELU, OP_TANH, OP_GELU */
  LossKind loss;
  nnc_optimizer opt;
  int64_t batch, in, h1, h2, out;
} Spec;

/* Keras's defaults (keras/options.c, which this binary does not link). */
static nnc_optimizer optimizer(nnc_optimizer_kind kind, double lr) {
  return (nnc_optimizer){.kind = kind, .learning_rate = lr, .beta_1 = 0.9, .beta_2 = 0.999,
                         .rho = 0.9, .epsilon = 1e-7};
}

/* The seed model's shape of training step: three dense layers, a loss, an optimizer. */
static Graph *step_graph(const Spec *s, unsigned disabled) {
  Graph *g = ir_graph_new();
  Value *params[6], *grads[6];
  int np = 0;
  Value *x = ir_input(g, "x", s->dt, ir_shape(2, s->batch, s->in));
  Value *h = ct_dense(g, x, s->in, s->h1, s->act, s->dt, "dense", params, &np);
  h = ct_dense(g, h, s->h1, s->h2, s->act, s->dt, "dense_1", params, &np);
  h = ct_dense(g, h, s->h2, s->out, OP_SIGMOID, s->dt, "dense_2", params, &np);
  Value *y = ir_input(g, "y", s->dt, ir_shape(2, s->batch, s->out));
  Value *loss = ir_loss(g, s->loss, h, y, false);
  ir_output(g, loss);
  ir_output(g, h);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  DriverJob job = {.loss = loss, .nwrt = np, .wrt = params, .grads = grads, .opt = &s->opt,
                   .stop = DRIVER_PLANNED, .disabled = disabled};
  DriverOut out;
  cr_assert_eq(driver_compile(g, &job, &out), NNC_OK, "%s", base_last_error());
  return g;
}

static size_t slot_bytes(const Value *v) {
  return (size_t)ir_numel(v->shape) * ir_dtype_size(v->dtype);
}

static void run_init(Run *r, Graph *g) {
  memset(r, 0, sizeof *r);
  r->g = g;
  r->slots = calloc((size_t)(g->nvalues + g->noutputs), sizeof *r->slots);
  r->nslots = ir_slots(g, r->slots);
  r->buf = calloc((size_t)r->nslots, sizeof *r->buf);
  for (int s = 0; s < r->nslots; s++)
    r->buf[s] = calloc(slot_bytes(r->slots[s]) + 8, 1);
  r->scratch = aligned_alloc(64, (size_t)(g->scratch_bytes + 64) / 64 * 64);
  memset(r->scratch, 0xff, (size_t)(g->scratch_bytes + 64) / 64 * 64);
  cr_assert_eq(cg_jit_new(&r->jit), NNC_OK, "%s", base_last_error());
  cr_assert_eq(cg_jit_compile(r->jit, g, &r->fn), NNC_OK, "%s", base_last_error());
}

static void run_free(Run *r) {
  cg_jit_free(r->jit);
  for (int s = 0; s < r->nslots; s++)
    free(r->buf[s]);
  free(r->buf);
  free(r->slots);
  free(r->scratch);
  ir_graph_free(r->g);
}

/* Same random leaves in both (labels 0/1 for y; STATEs their fill). */
static void fill_both(Run *a, Run *b, uint64_t seed) {
  TestRng rng = test_rng(seed);
  cr_assert_eq(a->nslots, b->nslots);
  for (int s = 0; s < a->nslots - a->g->noutputs; s++) {
    const Value *v = a->slots[s];
    cr_assert_str_eq(v->name, b->slots[s]->name, "the calling convention is kept");
    for (int64_t i = 0; i < ir_numel(v->shape); i++) {
      double x = v->op == OP_STATE ? v->num : test_uniform(&rng, -1, 1);
      if (v->op == OP_INPUT && strcmp(v->name, "y") == 0)
        x = x > 0;
      ct_put(a->buf[s], v->dtype, (size_t)i, x);
      ct_put(b->buf[s], v->dtype, (size_t)i, x);
    }
  }
}

/* Largest relative difference over every slot; *same: all bytes equal. */
static double compare(const Run *a, const Run *b, bool *same) {
  double worst = 0;
  *same = true;
  for (int s = 0; s < a->nslots; s++) {
    const Value *v = a->slots[s];
    if (memcmp(a->buf[s], b->buf[s], slot_bytes(v)) != 0)
      *same = false;
    for (int64_t i = 0; i < ir_numel(v->shape); i++) {
      double x = ct_get(a->buf[s], v->dtype, (size_t)i), y = ct_get(b->buf[s], v->dtype, (size_t)i);
      double d = fabs(x - y) / fmax(fabs(y), 1e-30);
      if (!(d <= worst))
        worst = isnan(d) ? INFINITY : d;
    }
  }
  return worst;
}

static int kernels(const Graph *g) {
  int n = 0;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if ((ir_op_flags(v->op) & OPF_LEAF) || ir_numel(v->shape) == 0)
      continue;
    n += !v->group || i == 0 || g->values[i - 1]->group != v->group;
  }
  return n;
}

/* Runs `steps` steps fused and unfused; returns the largest relative difference seen. */
static double fused_vs_unfused(const Spec *s, int steps, bool *bitwise) {
  Run f, u;
  run_init(&f, step_graph(s, 0));
  run_init(&u, step_graph(s, PASS_NO_FUSE));
  cr_assert_lt(kernels(f.g), kernels(u.g) / 2, "fused %d kernels, unfused %d", kernels(f.g),
               kernels(u.g));
  fill_both(&f, &u, 42);
  double worst = 0;
  *bitwise = true;
  for (int k = 0; k < steps; k++) {
    f.fn(f.buf, f.scratch, ct_pool());
    u.fn(u.buf, u.scratch, cg_serial_pool());
    bool same;
    worst = fmax(worst, compare(&f, &u, &same));
    *bitwise = *bitwise && same;
  }
  run_free(&f);
  run_free(&u);
  return worst;
}

static void expect_bitwise(const Spec *s, int steps) {
  bool bitwise;
  double d = fused_vs_unfused(s, steps, &bitwise);
  cr_expect(bitwise, "largest relative difference %.3g", d);
}

static Spec seed(DType dt) {
  return (Spec){.dt = dt, .act = OP_SIGMOID, .loss = LOSS_BCE, .opt = optimizer(NNC_OPT_ADAM, 1e-3), .batch = 32,
                .in = 784, .h1 = 25, .h2 = 15, .out = 1};
}

Test(codegen, fused_seed_step_adam_f32_is_bitwise_the_unfused_step) {
  Spec s = seed(DT_F32);
  expect_bitwise(&s, 5);
}

Test(codegen, fused_seed_step_adam_f64_is_bitwise_the_unfused_step) {
  Spec s = seed(DT_F64);
  expect_bitwise(&s, 5);
}

/* Batch 1 (bench task S1): the weight gradients are outer products (K = 1) whose Adam
 * epilogues run over runs of 16 rows of 25 and 15 columns, merged into one loop each. */
Test(codegen, fused_seed_step_adam_batch1_is_bitwise_the_unfused_step) {
  Spec s = seed(DT_F32);
  s.batch = 1;
  expect_bitwise(&s, 5);
}

/* Row counts that leave blocks after the last whole run (29 = 3 blocks of 8 + 5 rows, 25 =
 * 3 + 1), whose epilogue runs once at the end. */
Test(codegen, fused_adam_with_partial_runs_is_bitwise_the_unfused_step) {
  Spec s = {.dt = DT_F32, .act = OP_SIGMOID, .loss = LOSS_BCE, .opt = optimizer(NNC_OPT_ADAM, 1e-3),
            .batch = 3, .in = 29, .h1 = 25, .h2 = 15, .out = 1};
  expect_bitwise(&s, 4);
}

Test(codegen, fused_relu_mse_sgd_momentum_is_bitwise_the_unfused_step) {
  Spec s = {.dt = DT_F32, .act = OP_RELU, .loss = LOSS_MSE, .opt = optimizer(NNC_OPT_SGD, 0.01), .batch = 16,
            .in = 37, .h1 = 20, .h2 = 9, .out = 3};
  s.opt.momentum = 0.9;
  s.opt.nesterov = 1;
  expect_bitwise(&s, 4);
}

Test(codegen, fused_tanh_rmsprop_f64_is_bitwise_the_unfused_step) {
  Spec s = {.dt = DT_F64, .act = OP_TANH, .loss = LOSS_BCE, .opt = optimizer(NNC_OPT_RMSPROP, 1e-3), .batch = 7,
            .in = 5, .h1 = 6, .h2 = 4, .out = 1};
  expect_bitwise(&s, 4);
}

/* gelu's derivative reads the pre-activation, which the forward kernel must then keep. */
Test(codegen, fused_gelu_adam_is_bitwise_the_unfused_step) {
  Spec s = {.dt = DT_F32, .act = OP_GELU, .loss = LOSS_MSE, .opt = optimizer(NNC_OPT_ADAM, 1e-3),
            .batch = 32, .in = 41, .h1 = 33, .h2 = 17, .out = 2};
  expect_bitwise(&s, 4);
}

/* Layers wide enough that matmuls are split into tasks (run last first by ct_pool), with
 * bias gradients summed in the epilogues of split matmuls. */
Test(codegen, fused_step_split_into_tasks_is_bitwise_the_unfused_step) {
  Spec s = {.dt = DT_F32, .act = OP_RELU, .loss = LOSS_BCE, .opt = optimizer(NNC_OPT_ADAM, 1e-3),
            .batch = 128, .in = 160, .h1 = 160, .h2 = 224, .out = 1};
  expect_bitwise(&s, 4);
}

/* Kernels of g split into runs of rows for threads: groups without a MATMUL head, and
 * transposes. */
static int row_split_kernels(Graph *g) {
  Cg c = {.g = g};
  int n = 0;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    bool starts_group = v->group && (i == 0 || g->values[i - 1]->group != v->group);
    if (starts_group && v->op != OP_MATMUL)
      n += cg_fused_tasks(&c, i) > 0;
    else if (!v->group)
      n += cg_transpose_tasks(&c, v) > 0;
  }
  return n;
}

/* Task L's kind of step in small: the [512, 640] kernel's Adam update streams as a group
 * without head (passes/fuse.c), and the [256, 512] input is transposed for its weight
 * gradient (passes/layout.c); both split into runs of rows, which ct_pool runs last first. */
Test(codegen, fused_step_with_row_tasks_is_bitwise_the_unfused_step) {
  Spec s = {.dt = DT_F32, .act = OP_RELU, .loss = LOSS_BCE, .opt = optimizer(NNC_OPT_ADAM, 1e-3),
            .batch = 256, .in = 512, .h1 = 640, .h2 = 16, .out = 1};
  Graph *g = step_graph(&s, 0);
  cr_expect_eq(row_split_kernels(g), 2, "the update and the transpose split into row tasks");
  ir_graph_free(g);
  expect_bitwise(&s, 3);
}

/* ---- fused graphs against the reference evaluator ---- */

/* g fused and u (the same graph) unfused, from the same leaves, twice (ASSIGNs feed the
 * second call): every slot equal bit for bit, and in f64 both close to ir_eval. */
static void fused_against_eval(Graph *g, Graph *u, const char *name, uint64_t seed) {
  cr_assert_eq(pass_fuse(g, &(PassCtx){0}), NNC_OK, "%s: %s", name, base_last_error());
  cr_assert_eq(ir_verify(g), NNC_OK, "%s: %s", name, base_last_error());
  TestRng r1 = test_rng(seed), r2 = test_rng(seed);
  Ct t, v;
  ct_init(&t, g);
  ct_init(&v, u);
  ct_fill(&t, &r1);
  ct_fill(&v, &r2);
  ct_compile(&t);
  ct_compile(&v);
  for (int k = 0; k < 2; k++) {
    ct_run(&t);
    v.fn(v.buf, v.scratch, cg_serial_pool());
    for (int s = 0; s < t.nslots; s++)
      cr_expect(memcmp(t.buf[s], v.buf[s], ct_count(t.slots[s]) * ir_dtype_size(t.slots[s]->dtype)) == 0,
                "%s call %d: slot %d differs fused and unfused", name, k, s);
    if (g->values[0]->dtype == DT_F64)
      cr_expect(ct_err(&t) <= 1e-12, "%s call %d: error %.3g", name, k, ct_err(&t));
  }
  ct_free(&t);
  ct_free(&v);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = calloc((size_t)n + 1, 1);
  cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  return s;
}

Test(codegen, fused_golden_inputs_run_like_the_reference) {
  const char *dir = NNC_TEST_DATA "/passes/golden";
  DIR *d = opendir(dir);
  cr_assert_not_null(d);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (strncmp(e->d_name, "fuse_", 5) != 0)
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    char *text = slurp(path), *mark = strstr(text, "# expect:");
    if (mark)
      *mark = 0;
    Graph *g = NULL, *u = NULL;
    cr_assert_eq(ir_parse(text, path, &g), NNC_OK, "%s", base_last_error());
    cr_assert_eq(ir_parse(text, path, &u), NNC_OK, "%s", base_last_error());
    fused_against_eval(g, u, path, 7);
    free(text);
    n++;
  }
  closedir(d);
  cr_assert_geq(n, 3);
}

/* Random graphs: elementwise ops, matmuls (transposed too), reductions broadcast back, and
 * ASSIGNs to PARAMs and STATEs in the middle, each followed by a read of the new value. */
static Value *random_value(Graph *g, TestRng *r, Value **pool, int n, Value **leaves) {
  static const OpKind un[] = {OP_TANH, OP_NEG, OP_SIGMOID, OP_RELU, OP_ABS, OP_EXP};
  static const OpKind bin[] = {OP_ADD, OP_SUB, OP_MUL, OP_MAX};
  Value *a = pool[(int)test_uniform(r, 0, n)], *b = pool[(int)test_uniform(r, 0, n)];
  switch ((int)test_uniform(r, 0, 8)) {
  case 0: case 1: return ir_unary(g, un[(int)test_uniform(r, 0, 6)], ir_unary(g, OP_TANH, a));
  case 2: case 3: case 4: return ir_binary(g, bin[(int)test_uniform(r, 0, 4)], a, b);
  case 5: return ir_matmul(g, a, b, test_uniform(r, 0, 1) < 0.3, test_uniform(r, 0, 1) < 0.3);
  case 6: return ir_binary(g, OP_ADD, a, ir_reduce(g, OP_MEAN, b, 1u, false));
  default: {
    Value *t = leaves[(int)test_uniform(r, 0, 3)];
    ir_assign(g, t, ir_unary(g, OP_TANH, a));
    return ir_binary(g, OP_MUL, t, b);
  }
  }
}

static Graph *random_graph(uint64_t seed, DType dt) {
  TestRng r = test_rng(seed);
  Graph *g = ir_graph_new();
  Value *pool[64], *leaves[3];
  Shape s = ir_shape(2, 5L, 5L);
  pool[0] = ir_input(g, "x", dt, s);
  pool[1] = leaves[0] = ir_param(g, "w", dt, s, INIT_ZEROS);
  pool[2] = leaves[1] = ir_param(g, "v", dt, s, INIT_ZEROS);
  pool[3] = leaves[2] = ir_state(g, "s", dt, s, 0.5);
  int n = 4;
  while (n < 36) {
    Value *v = random_value(g, &r, pool, n, leaves);
    pool[n++] = v;
  }
  ir_output(g, pool[n - 1]);
  ir_output(g, pool[n - 5]);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  return g;
}

Test(codegen, fused_random_graphs_run_like_the_reference) {
  for (uint64_t seed = 1; seed <= 12; seed++) {
    char name[32];
    snprintf(name, sizeof name, "random f64 %lu", (unsigned long)seed);
    fused_against_eval(random_graph(seed, DT_F64), random_graph(seed, DT_F64), name, seed);
    snprintf(name, sizeof name, "random f32 %lu", (unsigned long)seed);
    fused_against_eval(random_graph(seed + 100, DT_F32), random_graph(seed + 100, DT_F32), name,
                       seed);
  }
}
