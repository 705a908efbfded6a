/* layer_merge.c — Keras's merge layers of names/layers.def other than Concatenate: Add,
 * Subtract, Multiply, Average, Maximum, Minimum. Each takes two or more inputs (Subtract
 * exactly two) and combines them elementwise.
 *
 * Shapes broadcast as Keras's Merge layer broadcasts them: the samples have one rank, and
 * where two sizes differ one of them must be 1 (the output takes the other). The batch axis
 * is never broadcast: every input has the batch's rows.
 */
#include <stdio.h>

#include "keras.h"

nnc_status keras_broadcast_samples(const char *fn, const char *what, Shape a, Shape b,
                                   const char *an, const char *bn, Shape *out) {
  char x[64], y[64];
  if (a.rank == b.rank && ir_broadcast_shape(a, b, out))
    return NNC_OK;
  return base_error(NNC_ERR_SHAPE, "%s: %s needs inputs of one shape (or of size 1 where they "
                    "differ), but '%s' is %s and '%s' is %s", fn, what, an,
                    keras_shape_text(a, x, sizeof x), bn, keras_shape_text(b, y, sizeof y));
}

/* The merge of s's inputs, two or more (exactly two when `two`). */
static nnc_status merge_shape(Shaping *s, bool two) {
  const char *cls = names_layer(s->l->kind)->cls;
  if (s->n < 2 || (two && s->n != 2))
    return base_error(NNC_ERR_ARG, "%s: %s needs %s 2 inputs, found %d", s->fn, cls,
                      two ? "exactly" : "at least", s->n);
  Shape acc = s->in[0];
  for (int i = 1; i < s->n; i++) {
    nnc_status st = keras_broadcast_samples(s->fn, cls, acc, s->in[i], s->names[0],
                                            s->names[i], &acc);
    if (st != NNC_OK)
      return st;
  }
  *s->out = acc;
  return NNC_OK;
}

nnc_status shape_add(Shaping *s) {
  return merge_shape(s, false);
}

nnc_status shape_merge(Shaping *s) {
  return merge_shape(s, false);
}

nnc_status shape_subtract(Shaping *s) {
  return merge_shape(s, true);
}

/* in[0] op in[1] op ... from the left, as Keras's layers fold their inputs. */
static Value *fold(Call *c, OpKind op) {
  Value *acc = c->in[0];
  for (int i = 1; i < c->n; i++)
    acc = ir_binary(c->g, op, acc, c->in[i]);
  return acc;
}

Value *fwd_add(Call *c) {
  return fold(c, OP_ADD);
}

Value *fwd_subtract(Call *c) {
  return fold(c, OP_SUB);
}

Value *fwd_multiply(Call *c) {
  return fold(c, OP_MUL);
}

Value *fwd_maximum(Call *c) {
  return fold(c, OP_MAX);
}

Value *fwd_minimum(Call *c) {
  return fold(c, OP_MIN);
}

/* The sum divided by the count, as Keras's Average. */
Value *fwd_average(Call *c) {
  Value *sum = fold(c, OP_ADD);
  return ir_binary(c->g, OP_DIV, sum, ir_scalar(c->g, c->dt, (double)c->n));
}
