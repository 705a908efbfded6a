/* step.h — the small training step the pass-runner and driver tests share:
 * loss = mean(sigmoid(x @ w) * 1) with x: f32[4,3], w: f32[3,2] (the multiply by 1 is there
 * for simplify to remove), and reading back what a test wrote to a redirected stderr. */
#ifndef NNC_TESTS_PASSES_STEP_H
#define NNC_TESTS_PASSES_STEP_H

#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "ir.h"

/* Builds the step in g; *w is the weight; returns the loss, which is g's one output. */
static inline Value *step_loss(Graph *g, Value **w) {
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, 4L, 3L));
  *w = ir_param(g, "w", DT_F32, ir_shape(2, 3L, 2L), INIT_GLOROT_UNIFORM);
  Value *p = ir_binary(g, OP_MUL, ir_unary(g, OP_SIGMOID, ir_matmul(g, x, *w, false, false)),
                       ir_scalar(g, DT_F32, 1.0));
  Value *loss = ir_reduce(g, OP_MEAN, p, 3u, false);
  ir_output(g, loss);
  return loss;
}

static inline char *step_read_stderr(void) {
  fflush(stderr);
  FILE *f = cr_get_redirected_stderr();
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  return buf;
}

#endif
