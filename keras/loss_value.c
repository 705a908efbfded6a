/* loss_value.c — a Keras loss object called on arrays, loss(y_true, y_pred, sample_weight):
 * the graph fit's steps build for the loss (ir_loss_with), on inputs of the arrays' shapes,
 * run by the reference evaluator in f64. One copy of each formula: the IR builder's.
 */
#include <math.h>

#include "keras.h"

/* An f64 input of t's shape, its elements converted into vals (rank checked). */
static Value *input(Graph *g, const char *name, const nnc_tensor *t) {
  int rank = nnc_tensor_rank(t);
  if (rank > IR_MAX_RANK) {
    ir_fail(g, NNC_ERR_SHAPE, "loss: %s has %d axes, at most %d", name, rank, IR_MAX_RANK);
    return NULL;
  }
  Shape s = {.rank = rank};
  for (int i = 0; i < rank; i++)
    s.dim[i] = nnc_tensor_dim(t, i);
  return ir_input(g, name, DT_F64, s);
}

static void fill(double *dst, const nnc_tensor *t) {
  const void *p = nnc_tensor_cdata(t);
  for (int64_t i = 0, n = nnc_tensor_numel(t); i < n; i++)
    switch (nnc_tensor_dtype(t)) {
    case NNC_F32: dst[i] = ((const float *)p)[i]; break;
    case NNC_F64: dst[i] = ((const double *)p)[i]; break;
    case NNC_I32: dst[i] = ((const int32_t *)p)[i]; break;
    }
}

/* Evaluates g, whose inputs are the tensors in[0..nin) in id order; *out the scalar l. */
static nnc_status run(Graph *g, const Value *l, const nnc_tensor *const *in, double *out) {
  double **vals = base_calloc((size_t)g->nvalues, sizeof *vals);
  nnc_status s = vals ? NNC_OK : base_error(NNC_ERR_NOMEM, "loss: out of memory");
  for (int i = 0, next = 0; s == NNC_OK && i < g->nvalues; i++) {
    const Value *v = g->values[i];
    vals[i] = base_calloc((size_t)ir_numel(v->shape) + 1, sizeof **vals);
    if (!vals[i])
      s = base_error(NNC_ERR_NOMEM, "loss: out of memory");
    else if (v->op == OP_INPUT)
      fill(vals[i], in[next++]);
  }
  if (s == NNC_OK)
    s = ir_eval(g, vals);
  if (s == NNC_OK)
    *out = vals[l->id][0];
  for (int i = 0; vals && i < g->nvalues; i++)
    base_free(vals[i]);
  base_free(vals);
  return s;
}

nnc_status nnc_loss_value(const nnc_compile_options *c, const nnc_tensor *y_true,
                          const nnc_tensor *y_pred, const nnc_tensor *sample_weight,
                          double *out) {
  if (out)
    *out = NAN;
  if (!c || !y_true || !y_pred || !out)
    return base_error(NNC_ERR_ARG, "nnc_loss_value: NULL argument");
  if (!nnc_loss_name(c->loss))
    return base_error(NNC_ERR_ARG, "nnc_loss_value: unknown loss %d", (int)c->loss);
  Graph *g = ir_graph_new();
  if (!g)
    return base_error(NNC_ERR_NOMEM, "loss: out of memory");
  Value *pred = input(g, "y_pred", y_pred), *y = input(g, "y_true", y_true);
  Value *w = sample_weight ? input(g, "sample_weight", sample_weight) : NULL;
  Value *l = pred && y ? ir_loss_with(g, (LossKind)c->loss, pred, y, c->from_logits != 0,
                                      c->loss_args, w) : NULL;
  nnc_status s = g->status ? base_error(g->status, "%s", g->msg) : NNC_OK;
  if (s == NNC_OK)
    s = run(g, l, (const nnc_tensor *[]){y_pred, y_true, sample_weight}, out);
  ir_graph_free(g);
  return s;
}
