/* test_split.c — a graph's module cut into parts compiled on separate threads (split.h).
 *
 * The plan: every kernel call lands in exactly one part, each part holds a call and about
 * its share of the instructions, small modules stay whole; each part's cut module verifies,
 * defines step / step.<p>, declares and calls the next part, and keeps only the kernels it
 * calls; a part emitted from the graph is that cut part alone. The JIT: the seed model's training step compiled in 1, 2 and 4 parts
 * (NNC_JIT_THREADS) runs bit for bit the same over several steps, and the reference
 * evaluator agrees with it; so does a forward pass whose matmuls run as pool tasks.
 */
#define _POSIX_C_SOURCE 200809L
#include <llvm-c/Analysis.h>

#include "cg.h"
#include "cgtest.h"
#include "split.h"

/* The seed model's training step (784-25-15-1 sigmoid, BCE, Adam), batch 32, planned. */
static Graph *seed_step(DType dt) {
  Graph *g = ir_graph_new();
  Value *params[6], *grads[6];
  int np = 0;
  Value *x = ir_input(g, "x", dt, ir_shape(2, (int64_t)32, (int64_t)784));
  Value *h = ct_dense(g, x, 784, 25, OP_SIGMOID, dt, "dense", params, &np);
  h = ct_dense(g, h, 25, 15, OP_SIGMOID, dt, "dense_1", params, &np);
  h = ct_dense(g, h, 15, 1, OP_SIGMOID, dt, "dense_2", params, &np);
  Value *y = ir_input(g, "y", dt, ir_shape(2, (int64_t)32, (int64_t)1));
  Value *loss = ir_loss(g, LOSS_BCE, h, y, false);
  ir_output(g, loss);
  ir_output(g, h);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  nnc_optimizer adam = {.kind = NNC_OPT_ADAM, .learning_rate = 1e-3, .beta_1 = 0.9,
                        .beta_2 = 0.999, .epsilon = 1e-7};
  DriverJob job = {.loss = loss, .nwrt = np, .wrt = params, .grads = grads, .opt = &adam,
                   .stop = DRIVER_PLANNED};
  DriverOut out;
  cr_assert_eq(driver_compile(g, &job, &out), NNC_OK, "%s", base_last_error());
  return g;
}

static int insts(LLVMValueRef f) {
  int n = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
      n++;
  return n;
}

/* Instructions of f with its internal callees counted in (once per call). */
static int cost(LLVMValueRef f) {
  int n = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
      LLVMValueRef callee = LLVMIsACallInst(i) ? LLVMGetCalledValue(i) : NULL;
      n += callee && LLVMIsAFunction(callee) && !LLVMIsDeclaration(callee) ? insts(callee) : 1;
    }
  return n;
}

static int calls(LLVMValueRef f) {
  int n = 0;
  for (LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(f)); i;
       i = LLVMGetNextInstruction(i))
    n += LLVMIsACallInst(i) != NULL;
  return n;
}

Test(split, plan_and_cut_the_seed_step) {
  Graph *g = seed_step(DT_F32);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod;
  cr_assert_eq(cg_emit_module(g, ctx, "step", &mod), NNC_OK, "%s", base_last_error());
  LLVMValueRef main = LLVMGetNamedFunction(mod, "step");
  int ncalls = calls(main), total = cost(main);
  cr_assert_geq(ncalls, 8, "the step calls %d kernels", ncalls);

  CgSplit whole;
  cg_split_plan(mod, "step", 2, 1 << 30, 0, &whole);
  cr_expect_eq(whole.nparts, 1, "a module under the threshold stays whole");
  cg_split_plan(mod, "step", 1, 0, 0, &whole);
  cr_expect_eq(whole.nparts, 1, "one thread: whole");

  for (int parts = 2; parts <= CG_MAX_PARTS; parts++) {
    CgSplit s;
    cg_split_plan(mod, "step", parts, 0, 0, &s);
    cr_assert_eq(s.nparts, parts, "%d calls fill %d parts", ncalls, parts);
    cr_expect(s.cut[0] == 0 && s.cut[parts] == ncalls);
    int kept = 0;
    for (int p = 0; p < parts; p++) {
      cr_expect_lt(s.cut[p], s.cut[p + 1], "part %d holds a call", p);
      LLVMModuleRef cut = LLVMCloneModule(mod);
      cg_split_keep(cut, "step", &s, p);
      char *msg = NULL;
      cr_assert(!LLVMVerifyModule(cut, LLVMReturnStatusAction, &msg), "part %d: %s", p, msg);
      LLVMDisposeMessage(msg);
      char name[32], next[32];
      snprintf(name, sizeof name, p ? "step.%d" : "step", p);
      snprintf(next, sizeof next, "step.%d", p + 1);
      LLVMValueRef f = LLVMGetNamedFunction(cut, name);
      cr_assert(f && !LLVMIsDeclaration(f), "part %d defines %s", p, name);
      cr_expect_eq(LLVMGetLinkage(f), LLVMExternalLinkage);
      LLVMValueRef callee = LLVMGetNamedFunction(cut, next);
      cr_expect_eq(callee != NULL, p + 1 < parts, "part %d calls %s: %d", p, next, callee != NULL);
      if (callee)
        cr_expect(LLVMIsDeclaration(callee), "the next part is only declared");
      int c = calls(f) - (p + 1 < parts);
      cr_expect_eq(c, s.cut[p + 1] - s.cut[p], "part %d keeps its calls", p);
      kept += c;
      int load = cost(f);
      cr_expect(load * parts * 3 >= total && load * parts <= total * 3,
                "%d parts: part %d holds %d of %d instructions", parts, p, load, total);
      for (LLVMValueRef k = LLVMGetFirstFunction(cut); k; k = LLVMGetNextFunction(k))
        if (LLVMGetLinkage(k) == LLVMInternalLinkage)
          cr_expect(LLVMGetFirstUse(k) != NULL, "part %d: a kernel it does not call is gone", p);
      LLVMDisposeModule(cut);
    }
    cr_expect_eq(kept, ncalls, "every call is in exactly one part");
  }

  /* a bound on a part's instructions cuts more parts than threads */
  for (int threads = 1; threads <= 2; threads++) {
    CgSplit s;
    cg_split_plan(mod, "step", threads, 0, total / 5, &s);
    cr_expect_geq(s.nparts, 5, "%d thread(s): %d parts", threads, s.nparts);
    cr_expect(s.cut[0] == 0 && s.cut[s.nparts] == ncalls);
    for (int p = 0; p < s.nparts; p++)
      cr_expect_lt(s.cut[p], s.cut[p + 1], "part %d holds a call", p);
  }
  LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  ir_graph_free(g);
}

/* A part emitted from the graph (cg_emit_part, as the JIT makes parts 1..n-1) holds the
 * kernels of the part cut from the whole module, each the same size, and a main of only its
 * own calls' instructions: together the parts' mains are the whole main's size, so a split
 * compile costs one module, not one per part. */
Test(split, parts_emitted_from_the_graph_are_the_cut_parts_alone) {
  Graph *g = seed_step(DT_F32);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod;
  CgMarks marks;
  cr_assert_eq(cg_emit_module_marks(g, ctx, "step", &marks, &mod), NNC_OK, "%s",
               base_last_error());
  int whole = insts(LLVMGetNamedFunction(mod, "step")), mains = 0;
  CgSplit s;
  cg_split_plan(mod, "step", 4, 0, 0, &s);
  cr_assert_eq(s.nparts, 4);
  for (int p = 0; p < s.nparts; p++) {
    LLVMModuleRef cut = LLVMCloneModule(mod), part;
    cg_split_keep(cut, "step", &s, p);
    LLVMContextRef pctx = LLVMContextCreate();
    cr_assert_eq(cg_emit_part(g, pctx, "step", s.cut[p], s.cut[p + 1], &marks,
                              cg_wants_loop_vectorizer(mod), &part), NNC_OK, "%s",
                 base_last_error());
    cg_split_link(part, "step", &s, p);
    int ncut = 0, npart = 0;
    for (LLVMValueRef k = LLVMGetFirstFunction(cut); k; k = LLVMGetNextFunction(k)) {
      if (LLVMIsDeclaration(k))
        continue;
      ncut++;
      size_t len;
      const char *name = LLVMGetValueName2(k, &len);
      LLVMValueRef same = LLVMGetNamedFunction(part, name);
      cr_assert(same && !LLVMIsDeclaration(same), "part %d lacks %s", p, name);
      if (LLVMGetLinkage(k) == LLVMInternalLinkage)
        cr_expect_eq(insts(same), insts(k), "part %d: %s", p, name);
      else
        mains += insts(same);
    }
    for (LLVMValueRef k = LLVMGetFirstFunction(part); k; k = LLVMGetNextFunction(k))
      npart += !LLVMIsDeclaration(k);
    cr_expect_eq(npart, ncut, "part %d defines what the cut part does", p);
    char *msg = NULL;
    cr_assert(!LLVMVerifyModule(part, LLVMReturnStatusAction, &msg), "part %d: %s", p, msg);
    LLVMDisposeMessage(msg);
    LLVMDisposeModule(cut);
    LLVMDisposeModule(part);
    LLVMContextDispose(pctx);
  }
  cr_expect_leq(mains, whole + 2 * s.nparts, "the parts' mains: %d instructions, the whole's %d",
                mains, whole);
  LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  ir_graph_free(g);
}

/* Three steps of the seed model compiled with NNC_JIT_THREADS=threads; returns the Ct. */
static void run_steps(Ct *t, DType dt, const char *threads) {
  ct_init(t, seed_step(dt));
  TestRng r = test_rng(7);
  for (int s = 0; s < t->nslots - t->g->noutputs; s++) {
    const Value *v = t->slots[s];
    if (v->op == OP_INPUT && strcmp(v->name, "y") == 0)
      ct_range(t, v, 0, 2); /* floored to labels 0, 1 below */
    else if (v->op != OP_STATE)
      ct_range(t, v, -1, 1);
  }
  ct_fill(t, &r);
  for (int s = 0; s < t->nslots - t->g->noutputs; s++) {
    const Value *v = t->slots[s];
    if (v->op == OP_INPUT && strcmp(v->name, "y") == 0)
      for (size_t i = 0; i < ct_count(v); i++) {
        double y = floor(t->vals[v->id][i]);
        t->vals[v->id][i] = y;
        ct_put(t->buf[s], v->dtype, i, y);
      }
  }
  cr_assert_eq(setenv("NNC_JIT_THREADS", threads, 1), 0);
  ct_compile(t);
  unsetenv("NNC_JIT_THREADS");
  /* f32 against the f64 reference: Adam divides by the gradients' small second moments, so
   * 784-term f32 sums end ~1e-4 apart after a step (so do the whole compile's). */
  double tol = dt == DT_F32 ? 1e-3 : ct_tol(dt);
  for (int k = 0; k < 3; k++) {
    ct_run(t);
    cr_expect(ct_err(t) <= tol, "%s threads, step %d: error %.3g vs eval", threads, k,
              ct_err(t));
  }
}

static void split_is_bitwise_whole(DType dt) {
  Ct whole, two, four, many;
  run_steps(&whole, dt, "1");
  run_steps(&two, dt, "2");
  run_steps(&four, dt, "4");
  cr_assert_eq(setenv("NNC_JIT_PART_INSTS", "300", 1), 0); /* more parts than threads */
  run_steps(&many, dt, "2");
  unsetenv("NNC_JIT_PART_INSTS");
  for (int s = 0; s < whole.nslots; s++) {
    size_t bytes = ct_count(whole.slots[s]) * ir_dtype_size(whole.slots[s]->dtype);
    cr_expect(memcmp(whole.buf[s], two.buf[s], bytes) == 0, "slot %d (%s): 2 parts differ", s,
              whole.slots[s]->name ? whole.slots[s]->name : "output");
    cr_expect(memcmp(whole.buf[s], four.buf[s], bytes) == 0, "slot %d (%s): 4 parts differ", s,
              whole.slots[s]->name ? whole.slots[s]->name : "output");
    cr_expect(memcmp(whole.buf[s], many.buf[s], bytes) == 0, "slot %d (%s): small parts "
              "differ", s, whole.slots[s]->name ? whole.slots[s]->name : "output");
  }
  ct_free(&many);
  ct_free(&whole);
  ct_free(&two);
  ct_free(&four);
}

Test(split, seed_step_f32_in_parts_is_bitwise_the_whole_compile) {
  split_is_bitwise_whole(DT_F32);
}

Test(split, seed_step_f64_in_parts_is_bitwise_the_whole_compile) {
  split_is_bitwise_whole(DT_F64);
}

/* x[64,512] -> 256 sigmoid -> 128: matmuls big enough to run as pool tasks, so main stores
 * each task's pointers in an alloca'd array and calls pool->run. */
static Graph *pooled(void) {
  Graph *g = ir_graph_new();
  Value *params[4];
  int np = 0;
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)64, (int64_t)512));
  Value *h = ct_dense(g, x, 512, 256, OP_SIGMOID, DT_F32, "dense", params, &np);
  h = ct_dense(g, h, 256, 128, OP_SIGMOID, DT_F32, "dense_1", params, &np);
  ir_output(g, h);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  return g;
}

static bool calls_through_pointer(LLVMValueRef f) {
  for (LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(f)); i;
       i = LLVMGetNextInstruction(i))
    if (LLVMIsACallInst(i) && !LLVMIsAFunction(LLVMGetCalledValue(i)))
      return true;
  return false;
}

Test(split, pool_tasks_are_cut_and_run_bitwise_the_whole_compile) {
  Graph *g = pooled();
  Ct probe;
  ct_init(&probe, g); /* plans g */
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod;
  cr_assert_eq(cg_emit_module(g, ctx, "step", &mod), NNC_OK, "%s", base_last_error());
  cr_assert(calls_through_pointer(LLVMGetNamedFunction(mod, "step")), "main uses the pool");
  CgSplit s;
  cg_split_plan(mod, "step", 2, 0, 0, &s);
  cr_expect_eq(s.nparts, 2, "a main with pool tasks is cut");
  LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  ct_free(&probe);

  Ct t[2];
  const char *threads[2] = {"1", "2"};
  for (int k = 0; k < 2; k++) {
    ct_init(&t[k], pooled());
    TestRng r = test_rng(3);
    ct_fill(&t[k], &r);
    cr_assert_eq(setenv("NNC_JIT_THREADS", threads[k], 1), 0);
    ct_compile(&t[k]);
    unsetenv("NNC_JIT_THREADS");
    ct_run(&t[k]);
    cr_expect(ct_err(&t[k]) <= 1e-4, "%s threads: error %.3g vs eval", threads[k], ct_err(&t[k]));
  }
  for (int i = 0; i < t[0].nslots; i++)
    cr_expect(memcmp(t[0].buf[i], t[1].buf[i],
                     ct_count(t[0].slots[i]) * ir_dtype_size(t[0].slots[i]->dtype)) == 0,
              "slot %d differs in 2 parts", i);
  ct_free(&t[0]);
  ct_free(&t[1]);
}

/* main makes each call's pointers (slot loads, scratch addresses) after the call before
 * it: none lives across a kernel, so the backend's liveness work stays proportional to the
 * function once the kernels are inlined (emit.c). */
Test(split, no_pointer_in_main_lives_across_a_kernel_call) {
  Graph *g = seed_step(DT_F32);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod;
  cr_assert_eq(cg_emit_module(g, ctx, "step", &mod), NNC_OK, "%s", base_last_error());
  LLVMValueRef main = LLVMGetNamedFunction(mod, "step");
  int ncalls = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(main); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
      if (!LLVMIsACallInst(i))
        continue;
      ncalls++;
      for (unsigned k = 0; k < LLVMGetNumArgOperands(i); k++) {
        LLVMValueRef a = LLVMGetOperand(i, k);
        if (!LLVMIsAInstruction(a))
          continue;
        for (LLVMValueRef j = LLVMGetNextInstruction(a); j != i; j = LLVMGetNextInstruction(j))
          cr_assert(j && !LLVMIsACallInst(j), "call %d: argument %d is made before an earlier "
                    "call", ncalls, (int)k);
      }
    }
  cr_assert_gt(ncalls, 5);
  LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  ir_graph_free(g);
}
