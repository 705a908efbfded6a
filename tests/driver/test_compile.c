/* test_compile.c — the compile driver: the pipeline to each stage, the stages it hands out
 * (copies of the very graph it compiles), the switches, and its errors. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "passes.h"
#include "passes/step.h"
#include "support.h"

typedef struct {
  Graph *g;
  Value *w, *loss;
  Value *wrt[1], *grads[1];
  nnc_optimizer opt;
  DriverJob job;
} Step;

/* The shared step (tests/passes/step.h), to be compiled up to `stop` with SGD. */
static nnc_status step_build(Step *s, DriverStage stop) {
  memset(s, 0, sizeof *s);
  Graph *g = s->g = ir_graph_new();
  if (!g)
    return base_error(NNC_ERR_NOMEM, "ir_graph_new: out of memory");
  s->loss = step_loss(g, &s->w);
  s->wrt[0] = s->w;
  s->opt = (nnc_optimizer){.kind = NNC_OPT_SGD, .learning_rate = 0.01};
  s->job = (DriverJob){.loss = s->loss, .nwrt = 1, .wrt = s->wrt, .grads = s->grads,
                       .opt = &s->opt, .stop = stop};
  return g->status;
}

static void step_init(Step *s, DriverStage stop) {
  cr_assert_eq(step_build(s, stop), NNC_OK, "%s", base_last_error());
}

static int count_op(const Graph *g, OpKind op) {
  int n = 0;
  for (int i = 0; i < g->nvalues; i++)
    n += g->values[i]->op == op;
  return n;
}

static nnc_status compile(Step *s, DriverOut *out) {
  return driver_compile(s->g, &s->job, out);
}

Test(driver, train_builds_a_verified_planned_step) {
  Step s;
  step_init(&s, DRIVER_PLANNED);
  DriverOut out;
  cr_assert_eq(compile(&s, &out), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_verify(s.g), NNC_OK, "%s", base_last_error());
  cr_assert(s.g->planned);
  cr_assert_gt(s.g->scratch_bytes, 0);
  cr_assert_eq(out.scratch_bytes, s.g->scratch_bytes);
  cr_assert_eq(out.loss_output, 0);
  cr_assert_eq(count_op(s.g, OP_ASSIGN), 1, "one SGD update of w");
  driver_out_free(&out);
  ir_graph_free(s.g);
}

Test(driver, stop_at_grad_runs_only_autodiff) {
  Step s;
  step_init(&s, DRIVER_GRAD);
  int before = s.g->nvalues;
  DriverOut out;
  cr_assert_eq(compile(&s, &out), NNC_OK, "%s", base_last_error());
  cr_assert_gt(s.g->nvalues, before, "the backward pass is appended");
  cr_assert_eq(s.grads[0]->shape.dim[0], 3);
  cr_assert_eq(count_op(s.g, OP_ASSIGN), 0, "no optimizer yet");
  cr_assert(!s.g->planned);
  cr_assert_eq(out.scratch_bytes, 0);
  driver_out_free(&out);
  ir_graph_free(s.g);
}

Test(driver, inference_simplifies_and_plans) {
  Step s;
  step_init(&s, DRIVER_PLANNED);
  s.job = (DriverJob){.stop = DRIVER_PLANNED};
  int before = s.g->nvalues;
  DriverOut out;
  cr_assert_eq(compile(&s, &out), NNC_OK, "%s", base_last_error());
  cr_assert(s.g->planned);
  cr_assert_lt(s.g->nvalues, before, "the multiply by 1 is gone");
  cr_assert_eq(count_op(s.g, OP_MATMUL), 1, "no backward pass");
  driver_out_free(&out);
  ir_graph_free(s.g);
}

Test(driver, respects_disabled_passes) {
  Step a, b;
  step_init(&a, DRIVER_PLANNED);
  step_init(&b, DRIVER_PLANNED);
  b.job.disabled = PASS_NO_SIMPLIFY | PASS_NO_PLAN;
  DriverOut oa, ob;
  cr_assert_eq(compile(&a, &oa), NNC_OK, "%s", base_last_error());
  cr_assert_eq(compile(&b, &ob), NNC_OK, "%s", base_last_error());
  cr_assert_lt(a.g->nvalues, b.g->nvalues, "simplify ran only in a");
  cr_assert(b.g->planned, "the plan is not optional; it only stops sharing");
  int64_t sum = 0;
  for (int i = 0; i < b.g->nvalues; i++)
    if (b.g->values[i]->offset >= 0)
      sum += (ir_numel(b.g->values[i]->shape) * 4 + 63) / 64 * 64;
  cr_assert_eq(b.g->scratch_bytes, sum);
  driver_out_free(&oa);
  driver_out_free(&ob);
  ir_graph_free(a.g);
  ir_graph_free(b.g);
}

static char *print_of(const Graph *g) {
  char *s = ir_print(g);
  cr_assert_not_null(s);
  return s;
}

/* Keeping every stage changes nothing in what is compiled; each kept graph is the graph at
 * the end of its stage, and the planned one is the very graph the JIT compiled. */
Test(driver, keeps_each_stage_it_is_asked_for) {
  Step a, b;
  step_init(&a, DRIVER_JIT);
  step_init(&b, DRIVER_JIT);
  DriverJit *jit;
  cr_assert_eq(driver_jit_new(&jit), NNC_OK, "%s", base_last_error());
  a.job.jit = b.job.jit = jit;
  b.job.keep = (1u << DRIVER_NSTAGES) - 1;
  DriverOut oa, ob;
  cr_assert_eq(compile(&a, &oa), NNC_OK, "%s", base_last_error());
  cr_assert_eq(compile(&b, &ob), NNC_OK, "%s", base_last_error());
  for (int st = 0; st < DRIVER_NSTAGES; st++)
    cr_expect(!oa.graph[st] && !oa.text[st], "stage %d kept unasked", st);
  cr_assert(oa.fn.code && ob.fn.code);
  char *pa = print_of(a.g), *pb = print_of(b.g), *planned = print_of(ob.graph[DRIVER_PLANNED]);
  cr_expect_str_eq(pa, pb);
  cr_expect_str_eq(planned, pb);
  const Graph *fwd = ob.graph[DRIVER_FORWARD], *grad = ob.graph[DRIVER_GRAD],
              *opt = ob.graph[DRIVER_OPT];
  cr_expect_eq(count_op(fwd, OP_MATMUL), 1);
  cr_expect_gt(count_op(grad, OP_MATMUL), 1, "the backward pass is appended");
  cr_expect_eq(count_op(grad, OP_ASSIGN), 0);
  cr_expect_eq(count_op(opt, OP_ASSIGN), 1);
  cr_expect(!opt->planned && ob.graph[DRIVER_PLANNED]->planned);
  cr_expect(strstr(ob.text[DRIVER_LLVM], "define "), "%.300s", ob.text[DRIVER_LLVM]);
  cr_expect(strstr(ob.text[DRIVER_ASM], "ret"), "%.300s", ob.text[DRIVER_ASM]);
  cr_expect_eq(ob.graph[DRIVER_JIT], NULL);
  base_free(pa);
  base_free(pb);
  base_free(planned);
  driver_out_free(&oa);
  driver_out_free(&ob);
  driver_jit_free(jit);
  ir_graph_free(a.g);
  ir_graph_free(b.g);
}

Test(driver, the_function_runs_the_planned_graph) {
  Step s;
  step_init(&s, DRIVER_JIT);
  s.job.opt = NULL; /* the loss alone: no update */
  DriverJit *jit;
  cr_assert_eq(driver_jit_new(&jit), NNC_OK, "%s", base_last_error());
  s.job.jit = jit;
  DriverOut out;
  cr_assert_eq(compile(&s, &out), NNC_OK, "%s", base_last_error());
  float x[12], w[6], loss = -1;
  double want = 0;
  for (int i = 0; i < 4; i++) {
    for (int k = 0; k < 3; k++)
      x[i * 3 + k] = 0.1f * (float)(i + 1);
    want += 1 / (1 + exp(-0.3 * (i + 1))) / 4; /* w is all ones: both columns alike */
  }
  for (int i = 0; i < 6; i++)
    w[i] = 1;
  void *slots[3] = {x, w, &loss};
  cr_assert_eq(ir_slots(s.g, NULL), 3);
  void *raw = malloc((size_t)out.scratch_bytes + 64);
  driver_run(out.fn, slots, (void *)(((uintptr_t)raw + 63) & ~(uintptr_t)63));
  cr_expect_float_eq(loss, want, 1e-6);
  free(raw);
  driver_out_free(&out);
  driver_jit_free(jit);
  ir_graph_free(s.g);
}

Test(driver, refuses_bad_jobs_and_graphs) {
  Step s;
  step_init(&s, DRIVER_JIT);
  DriverOut out;
  cr_expect_eq(compile(&s, &out), NNC_ERR_ARG, "a JIT stage without a JIT");
  s.job.stop = DRIVER_PLANNED;
  s.job.loss = NULL;
  cr_expect_eq(compile(&s, &out), NNC_ERR_ARG, "an optimizer without a loss");
  cr_expect_str_eq(base_last_error(), "compile: an optimizer needs a loss");
  s.job.opt = NULL;
  s.loss->dtype = DT_F64; /* the mean disagrees with its operand */
  cr_expect_eq(compile(&s, &out), NNC_ERR_INTERNAL, "the graph is verified before any pass");
  cr_expect(strstr(base_last_error(), "(mean): type is f64[]"), "%s", base_last_error());
  cr_expect(!s.g->planned);
  ir_binary(s.g, OP_ADD, s.w, ir_input(s.g, "bad", DT_F32, ir_shape(1, 7L)));
  cr_assert_neq(s.g->status, NNC_OK);
  cr_expect_eq(compile(&s, &out), s.g->status);
  driver_out_free(&out);
  ir_graph_free(s.g);
}

Test(driver, dumps_after_passes_named_in_the_environment, .init = cr_redirect_stderr) {
  Step s;
  step_init(&s, DRIVER_PLANNED);
  setenv("NNC_DUMP_AFTER", "autodiff,plan", 1);
  DriverOut out;
  nnc_status st = compile(&s, &out);
  unsetenv("NNC_DUMP_AFTER");
  cr_assert_eq(st, NNC_OK, "%s", base_last_error());
  char *err = step_read_stderr();
  cr_assert(strstr(err, "# after pass autodiff\n"), "stderr: %s", err);
  cr_assert(strstr(err, "# after pass plan\nscratch "), "stderr: %s", err);
  cr_assert_null(strstr(err, "# after pass simplify"));
  driver_out_free(&out);
  ir_graph_free(s.g);
}

/* Builds the step (with Adam) and compiles it to the plan, keeping every graph stage. */
static nnc_status build_and_compile(void *arg) {
  (void)arg;
  Step s;
  nnc_status st = step_build(&s, DRIVER_PLANNED);
  s.opt.kind = NNC_OPT_ADAM;
  s.job.keep = (1u << DRIVER_LLVM) - 1;
  DriverOut out = {0};
  if (st == NNC_OK)
    st = compile(&s, &out);
  driver_out_free(&out);
  ir_graph_free(s.g);
  return st;
}

Test(driver, out_of_memory_is_a_clean_error) {
  test_alloc_fail_after(-1);
  Step s;
  nnc_status st = step_build(&s, DRIVER_PLANNED);
  long built = test_alloc_calls();
  ir_graph_free(s.g);
  test_alloc_restore();
  cr_assert_eq(st, NNC_OK, "%s", base_last_error());
  cr_assert_gt(test_until_ok(build_and_compile, NULL, 100000), built,
               "the pipeline allocates, so some budgets past the graph's must fail");
}

/* A data-parallel step in two graphs: the gradients as outputs, then the optimizer's update
 * from gradients given as leaves. */
Test(driver, a_step_splits_into_gradients_and_an_update) {
  Step s;
  step_init(&s, DRIVER_PLANNED);
  s.job.opt = NULL;
  s.job.grads_out = true;
  DriverOut out;
  cr_assert_eq(compile(&s, &out), NNC_OK, "%s", base_last_error());
  cr_expect_eq(s.g->noutputs, 2, "the loss, then d loss / d w");
  cr_expect_eq(s.g->outputs[1]->shape.dim[0], 3);
  cr_expect_eq(s.g->outputs[1]->shape.dim[1], 2);
  cr_expect_eq(count_op(s.g, OP_ASSIGN), 0, "no update in the gradient half");
  driver_out_free(&out);
  ir_graph_free(s.g);

  Graph *g = ir_graph_new();
  Value *w = ir_param(g, "w", DT_F32, ir_shape(2, 3L, 2L), INIT_GLOROT_UNIFORM);
  Value *grad = ir_input(g, "grad:w", DT_F32, ir_shape(2, 3L, 2L));
  nnc_optimizer sgd = {.kind = NNC_OPT_SGD, .learning_rate = 0.01};
  DriverJob job = {.nwrt = 1, .wrt = &w, .grads = &grad, .grads_in = true, .opt = &sgd,
                   .stop = DRIVER_PLANNED};
  cr_assert_eq(driver_compile(g, &job, &out), NNC_OK, "%s", base_last_error());
  cr_expect_eq(count_op(g, OP_ASSIGN), 1, "w -= lr * grad");
  cr_expect_eq(g->noutputs, 0);
  driver_out_free(&out);
  job.grads_in = false;
  cr_expect_eq(driver_compile(g, &job, &out), NNC_ERR_ARG, "an update with no gradients");
  cr_expect_str_eq(base_last_error(), "compile: an optimizer needs a loss");
  driver_out_free(&out);
  ir_graph_free(g);
}
