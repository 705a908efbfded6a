/* inputs.c — a model of several inputs (Keras's Model(inputs=[a, b], ...)).
 *
 * The compiled functions keep one x: each sample of every input, flattened, side by side
 * in the model's input order (Net.in), so fit's batching, shuffling, validation split and
 * data-parallel steps move one row per sample as for one input, and each InputLayer reads
 * its columns of x (model.c). This file orders the inputs and packs the caller's arrays
 * into that x.
 */
#include <string.h>

#include "keras.h"

int64_t keras_input_offset(const nnc_model *m, int k) {
  int64_t at = 0;
  for (int j = 0; j < k; j++)
    at += keras_shape_numel(m->net.nodes[m->net.in[j]].out);
  return at;
}

nnc_status nnc_model_set_inputs(nnc_model *m, int n, const int *ids) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_set_inputs";
  if (!m || !ids)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "ids" : "model");
  if (m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is already compiled", fn);
  Net *net = &m->net;
  if (n != net->nin)
    return base_error(NNC_ERR_ARG, "%s: the model has %d inputs, found %d ids", fn, net->nin, n);
  for (int i = 0; i < n; i++) {
    bool input = ids[i] >= 0 && ids[i] < net->nnodes &&
                 net->nodes[ids[i]].layer->kind == NNC_LAYER_INPUT;
    if (!input)
      return base_error(NNC_ERR_ARG, "%s: %d is not an InputLayer of this model", fn, ids[i]);
    for (int j = 0; j < i; j++)
      if (ids[j] == ids[i])
        return base_error(NNC_ERR_ARG, "%s: input '%s' is given twice", fn,
                          net->nodes[ids[i]].layer->name);
  }
  memcpy(net->in, ids, (size_t)n * sizeof *ids);
  net->input = net->in[0];
  return NNC_OK;
}

int nnc_model_input_count(const nnc_model *m, int k, int *id) {
  KERAS_GUARD(m, 0);
  if (id)
    *id = m && k >= 0 && k < m->net.nin ? m->net.in[k] : -1;
  return m ? m->net.nin : 0;
}

/* xs against the model's inputs: count, dtype, each sample shape, one sample count. */
static nnc_status check_parts(const nnc_model *m, int n, const nnc_tensor *const *xs,
                              const char *fn) {
  const Net *net = &m->net;
  if (n != net->nin)
    return base_error(NNC_ERR_ARG, "%s: the model has %d inputs, found %d tensors", fn, net->nin,
                      n);
  for (int k = 0; k < n; k++) {
    const LayerNode *in = &net->nodes[net->in[k]];
    char a[64], b[64];
    if (!xs[k] || base_check_tag(xs[k]->magic, BASE_MAGIC_TENSOR, fn, "tensor") != NNC_OK)
      return base_error(NNC_ERR_ARG, "%s: the tensor of input '%s' is NULL or freed", fn,
                        in->layer->name);
    if (xs[k]->dtype != xs[0]->dtype)
      return base_error(NNC_ERR_ARG, "%s: input '%s' is %s, input '%s' %s; give them one dtype",
                        fn, in->layer->name, rt_dtype_name(xs[k]->dtype),
                        net->nodes[net->in[0]].layer->name, rt_dtype_name(xs[0]->dtype));
    Shape got = {xs[k]->rank - 1, {0}};
    if (got.rank >= 0)
      memcpy(got.dim, xs[k]->shape + 1, (size_t)got.rank * sizeof *got.dim);
    bool same = in->out.rank >= 0 && got.rank == in->out.rank &&
                !memcmp(got.dim, in->out.dim, (size_t)got.rank * sizeof *got.dim);
    if (!same)
      return base_error(NNC_ERR_SHAPE, "%s: input '%s' takes samples of shape %s, found %s", fn,
                        in->layer->name, keras_shape_text(in->out, a, sizeof a),
                        got.rank < 0 ? "a scalar" : keras_shape_text(got, b, sizeof b));
    if (xs[k]->shape[0] != xs[0]->shape[0])
      return base_error(NNC_ERR_SHAPE, "%s: input '%s' has %lld samples, input '%s' %lld", fn,
                        in->layer->name, (long long)xs[k]->shape[0],
                        net->nodes[net->in[0]].layer->name, (long long)xs[0]->shape[0]);
  }
  return NNC_OK;
}

nnc_status nnc_model_pack_inputs(const nnc_model *m, int n, const nnc_tensor *const *xs,
                                 nnc_tensor **out) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_pack_inputs";
  if (!m || !xs || !out)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, !m ? "model" : !xs ? "xs" : "out");
  *out = NULL;
  nnc_status s = check_parts(m, n, xs, fn);
  int64_t rows = s == NNC_OK ? xs[0]->shape[0] : 0, width = keras_input_shape(m).dim[0];
  if (s == NNC_OK)
    s = rt_tensor_alloc(xs[0]->dtype, 2, (int64_t[]){rows, width}, out);
  if (s != NNC_OK)
    return s;
  size_t es = rt_dtype_size(xs[0]->dtype);
  for (int k = 0; k < n; k++) {
    int64_t w = xs[k]->numel / (rows ? rows : 1), at = keras_input_offset(m, k);
    for (int64_t r = 0; r < rows; r++)
      memcpy((char *)(*out)->data + (size_t)(r * width + at) * es,
             (const char *)xs[k]->data + (size_t)(r * w) * es, (size_t)w * es);
  }
  return NNC_OK;
}
