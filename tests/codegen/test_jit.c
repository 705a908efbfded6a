/* test_jit.c — the calling convention and the JIT's life cycle: ASSIGN and STATE across
 * calls, outputs copied after the updates, many graphs in one JIT, the text of the emitted
 * IR and assembly, and errors (unplanned graph, broken plan, bad arguments) as statuses; and
 * the transpose's two paths. */
#define _POSIX_C_SOURCE 200809L /* setenv */

#include <pthread.h>

#include "cgtest.h"

/* s = state fill 1; p = param; each call: s <- s * 2 + p, p <- p + 1, out = s (after). */
static Graph *counter(DType dt, Value **s_out, Value **p_out, Value **before) {
  Graph *g = ir_graph_new();
  Value *s = ir_state(g, "s", dt, ir_shape(1, (int64_t)5), 1.0);
  Value *p = ir_param(g, "p", dt, ir_shape(1, (int64_t)5), INIT_ZEROS);
  Value *two = ir_scalar(g, dt, 2);
  Value *ns = ir_binary(g, OP_ADD, ir_binary(g, OP_MUL, s, two), p);
  Value *old = ir_binary(g, OP_MUL, s, ir_scalar(g, dt, 1)); /* computed before the assign */
  ir_assign(g, s, ns);
  Value *after = ir_binary(g, OP_ADD, s, ir_scalar(g, dt, 0)); /* reads the new s */
  ir_assign(g, p, ir_binary(g, OP_ADD, p, ir_scalar(g, dt, 1)));
  ir_output(g, after);
  ir_output(g, old);
  ir_output(g, s);
  *s_out = s;
  *p_out = p;
  *before = old;
  return g;
}

Test(codegen, assign_and_state_across_calls) {
  for (int k = 0; k < 2; k++) {
    DType dt = k ? DT_F32 : DT_F64;
    Value *s, *p, *old;
    Graph *g = counter(dt, &s, &p, &old);
    Ct t;
    ct_init(&t, g);
    TestRng r = test_rng(1);
    ct_fill(&t, &r); /* s = 1 everywhere, p random */
    double p0[5];
    for (int i = 0; i < 5; i++)
      p0[i] = ct_get(t.buf[1], dt, (size_t)i);
    ct_compile(&t);
    double s_exp[5] = {1, 1, 1, 1, 1};
    for (int call = 0; call < 2; call++) {
      ct_run(&t);
      cr_expect(ct_err(&t) <= ct_tol(dt), "call %d: error %.3g vs eval", call, ct_err(&t));
      for (int i = 0; i < 5; i++) {
        double prev = s_exp[i];
        s_exp[i] = 2 * s_exp[i] + (p0[i] + call);
        cr_expect(fabs(ct_get(t.buf[0], dt, (size_t)i) - s_exp[i]) <= 1e-5, "state s[%d]", i);
        cr_expect(fabs(ct_get(t.buf[1], dt, (size_t)i) - (p0[i] + call + 1)) <= 1e-5, "p[%d]", i);
        cr_expect(fabs(ct_get(t.buf[2], dt, (size_t)i) - s_exp[i]) <= 1e-5, "out after[%d]", i);
        cr_expect(fabs(ct_get(t.buf[3], dt, (size_t)i) - prev) <= 1e-5, "out before[%d]", i);
        cr_expect(fabs(ct_get(t.buf[4], dt, (size_t)i) - s_exp[i]) <= 1e-5, "out s[%d]", i);
      }
    }
    ct_free(&t);
  }
}

static Graph *small_graph(double k) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, (int64_t)3));
  ir_output(g, ir_binary(g, OP_MUL, x, ir_scalar(g, DT_F64, k)));
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  return g;
}

/* Elementwise work is emitted as vector code, so LLVM's loop vectorizer is asked for only
 * when a loop is left scalar (a transpose here). */
Test(codegen, loop_vectorizer_only_for_scalar_loops) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)5, (int64_t)37));
  Value *e = ir_binary(g, OP_ADD, ir_unary(g, OP_EXP, x), x);
  ir_output(g, ir_reduce(g, OP_SUM, e, 2u, false));
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  char *ir;
  cr_assert_eq(cg_emit_text(g, false, false, &ir), NNC_OK, "%s", base_last_error());
  cr_expect(strstr(ir, " x float> @llvm.masked.load") != NULL, "vector code: %s", ir);
  cr_expect(strstr(ir, "nnc.loop-vectorize") == NULL, "no loop left scalar: %s", ir);
  base_free(ir);
  ir_graph_free(g);

  g = ir_graph_new();
  x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)5, (int64_t)37));
  ir_output(g, ir_transpose(g, x));
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  cr_assert_eq(cg_emit_text(g, false, false, &ir), NNC_OK, "%s", base_last_error());
  cr_expect(strstr(ir, "nnc.loop-vectorize") != NULL, "a scalar loop: %s", ir);
  base_free(ir);
  ir_graph_free(g);
}

/* A transpose of whole w x w tiles runs in registers (emit_layout.c), any other shape element
 * by element: both are exact, for every dtype, at both vector widths (8 and 16 f32 lanes). */
Test(codegen, transpose_in_tiles_and_element_by_element) {
  static const int64_t shapes[][2] = {{8, 16}, {16, 24}, {32, 16}, {48, 64}, {5, 37}, {8, 12}, {1, 8}};
  static const DType dts[] = {DT_F32, DT_F64, DT_I32};
  TestRng r = test_rng(4700);
  for (int wide = 0; wide < 2; wide++) {
    setenv("NNC_VECTOR_BYTES", wide ? "64" : "32", 1);
    for (size_t d = 0; d < sizeof dts / sizeof *dts; d++)
      for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        Graph *g = ir_graph_new();
        Value *x = ir_input(g, "x", dts[d], ir_shape(2, shapes[i][0], shapes[i][1]));
        ir_output(g, ir_transpose(g, x));
        Ct t;
        ct_init(&t, g);
        ct_fill(&t, &r);
        ct_compile(&t);
        ct_run(&t);
        cr_expect(ct_err(&t) == 0, "%s[%lld,%lld] at %d bytes: not exact", ir_dtype_name(dts[d]),
                  (long long)shapes[i][0], (long long)shapes[i][1], wide ? 64 : 32);
        ct_free(&t);
      }
  }
  unsetenv("NNC_VECTOR_BYTES");
}

Test(codegen, many_graphs_one_jit) {
  CgJit *jit;
  cr_assert_eq(cg_jit_new(&jit), NNC_OK, "%s", base_last_error());
  CgEntry fn[5];
  for (int i = 0; i < 5; i++) {
    Graph *g = small_graph(i + 1);
    cr_assert_eq(cg_jit_compile(jit, g, &fn[i]), NNC_OK, "%s", base_last_error());
    ir_graph_free(g); /* compiled code does not depend on the graph */
  }
  for (int i = 0; i < 5; i++) {
    double x[3] = {1, 2, 3}, y[3];
    void *slots[2] = {x, y};
    double scratch[16];
    fn[i](slots, scratch, cg_serial_pool());
    for (int j = 0; j < 3; j++)
      cr_expect_eq(y[j], x[j] * (i + 1));
  }
  cg_jit_free(jit);
}

Test(codegen, emit_text_ir_and_assembly) {
  Graph *g = small_graph(2);
  char *ir, *opt, *as;
  cr_assert_eq(cg_emit_text(g, false, false, &ir), NNC_OK, "%s", base_last_error());
  cr_assert_eq(cg_emit_text(g, false, true, &opt), NNC_OK, "%s", base_last_error());
  cr_assert_eq(cg_emit_text(g, true, true, &as), NNC_OK, "%s", base_last_error());
  cr_expect(strstr(ir, "define void @nnc_main(ptr noalias") != NULL, "%s", ir);
  cr_expect(strstr(ir, "fmul <") != NULL && strstr(ir, " x double>") != NULL,
            "emitted as vector code: %s", ir);
  cr_expect(strstr(ir, "define internal void @k") != NULL, "kernel functions: %s", ir);
  cr_expect(strstr(opt, "define internal") == NULL, "O3 inlines the kernels: %s", opt);
  cr_expect(strstr(as, "nnc_main:") != NULL, "%s", as);
  cr_expect(strstr(as, "ret") != NULL, "%s", as);
  base_free(ir);
  base_free(opt);
  base_free(as);
  ir_graph_free(g);
}

/* exp must be the polynomial: no call to a libm function survives O3, and it vectorizes. */
Test(codegen, exp_is_vector_polynomial) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)32, (int64_t)25));
  ir_output(g, ir_unary(g, OP_SIGMOID, ir_unary(g, OP_TANH, ir_unary(g, OP_EXP, x))));
  ir_output(g, ir_unary(g, OP_LOG, x));
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  char *opt;
  cr_assert_eq(cg_emit_text(g, false, true, &opt), NNC_OK, "%s", base_last_error());
  cr_expect(strstr(opt, "expf") == NULL && strstr(opt, "@exp") == NULL, "libm call in:\n%s", opt);
  cr_expect(strstr(opt, "@logf") == NULL && strstr(opt, "@log") == NULL, "libm call in:\n%s", opt);
  cr_expect(strstr(opt, "x float>") != NULL, "not vectorized:\n%s", opt);
  base_free(opt);
  ir_graph_free(g);
}

Test(codegen, unplanned_graph_is_an_error) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(1, (int64_t)4));
  ir_output(g, ir_unary(g, OP_NEG, x));
  CgJit *jit;
  cr_assert_eq(cg_jit_new(&jit), NNC_OK);
  CgEntry fn = (CgEntry)1;
  cr_expect_eq(cg_jit_compile(jit, g, &fn), NNC_ERR_ARG);
  cr_expect(strstr(base_last_error(), "not planned") != NULL, "%s", base_last_error());
  cr_expect(fn == NULL);
  char *text = (char *)1;
  cr_expect_eq(cg_emit_text(g, false, true, &text), NNC_ERR_ARG);
  cr_expect(text == NULL);
  /* the JIT still works after a failed compile */
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  cr_expect_eq(cg_jit_compile(jit, g, &fn), NNC_OK, "%s", base_last_error());
  cg_jit_free(jit);
  ir_graph_free(g);
}

Test(codegen, broken_plan_is_an_error) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(1, (int64_t)16));
  Value *y = ir_unary(g, OP_NEG, x);
  Value *z = ir_unary(g, OP_EXP, y);
  ir_output(g, z);
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  char *text = NULL;
  z->offset = y->offset; /* a value on top of its operand */
  cr_expect_eq(cg_emit_text(g, false, false, &text), NNC_ERR_INTERNAL);
  cr_expect(strstr(base_last_error(), "overlaps") != NULL, "%s", base_last_error());
  z->offset = g->scratch_bytes; /* outside the arena (the IR verifier sees it first) */
  cr_expect_neq(cg_emit_text(g, false, false, &text), NNC_OK);
  cr_expect(strstr(base_last_error(), "scratch") != NULL, "%s", base_last_error());
  ir_graph_free(g);
}

Test(codegen, bad_arguments) {
  cr_expect_eq(cg_jit_new(NULL), NNC_ERR_ARG);
  CgJit *jit;
  cr_assert_eq(cg_jit_new(&jit), NNC_OK);
  CgEntry fn;
  cr_expect_neq(cg_jit_compile(jit, NULL, &fn), NNC_OK);
  cr_expect_eq(cg_jit_compile(NULL, NULL, &fn), NNC_ERR_ARG);
  cr_expect_neq(cg_emit_text(NULL, false, false, NULL), NNC_OK);
  Graph *g = ir_graph_new();
  ir_unary(g, OP_EXP, NULL); /* a sticky builder error */
  cr_expect_neq(cg_jit_compile(jit, g, &fn), NNC_OK);
  cg_jit_free(jit);
  cg_jit_free(NULL);
  ir_graph_free(g);
}

/* Zero-sized tensors: nothing to compute, nothing to crash on. */
Test(codegen, empty_tensors) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)0, (int64_t)3));
  ir_output(g, ir_unary(g, OP_EXP, x));
  ir_output(g, ir_reduce(g, OP_SUM, x, 1, false));
  ir_output(g, ir_reduce(g, OP_SUM, x, 1u, true));
  Value *w = ir_input(g, "w", DT_F32, ir_shape(2, (int64_t)3, (int64_t)2));
  Value *e = ir_input(g, "e", DT_F32, ir_shape(2, (int64_t)2, (int64_t)0));
  ir_output(g, ir_matmul(g, w, e, false, false));
  Value *sum0 = ir_reduce(g, OP_SUM, x, 1u << 0, false); /* f32[3] of zeros */
  ir_output(g, sum0);
  Ct t;
  ct_init(&t, g);
  TestRng r = test_rng(3);
  ct_fill(&t, &r);
  ct_compile(&t);
  ct_run(&t);
  cr_expect(ct_err(&t) == 0, "error %.3g", ct_err(&t));
  ct_free(&t);
}

/* Two threads compiling into one JIT at once: the mutex keeps ORC's state whole. */
typedef struct {
  CgJit *jit;
  CgEntry fn[6];
  nnc_status st;
  int base;
} Worker;

static void *compile_some(void *arg) {
  Worker *w = arg;
  for (int i = 0; i < 6 && !w->st; i++) {
    Graph *g = small_graph(w->base + i);
    w->st = cg_jit_compile(w->jit, g, &w->fn[i]);
    ir_graph_free(g);
  }
  return NULL;
}

Test(codegen, concurrent_compiles) {
  CgJit *jit;
  cr_assert_eq(cg_jit_new(&jit), NNC_OK);
  Worker w[2] = {{jit, {0}, NNC_OK, 10}, {jit, {0}, NNC_OK, 20}};
  pthread_t th[2];
  for (int k = 0; k < 2; k++)
    pthread_create(&th[k], NULL, compile_some, &w[k]);
  for (int k = 0; k < 2; k++)
    pthread_join(th[k], NULL);
  for (int k = 0; k < 2; k++) {
    cr_assert_eq(w[k].st, NNC_OK, "thread %d", k);
    for (int i = 0; i < 6; i++) {
      double x[3] = {1, 2, 3}, y[3], scratch[16];
      void *slots[2] = {x, y};
      w[k].fn[i](slots, scratch, cg_serial_pool());
      cr_expect_eq(y[2], 3.0 * (w[k].base + i));
    }
  }
  cg_jit_free(jit);
}
