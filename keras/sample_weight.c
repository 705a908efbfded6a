/* sample_weight.c — fit's class_weight and sample_weight as Keras 3's data adapters make
 * them: one loss weight per sample, which the training step multiplies into the sample's
 * loss before the batch's mean (Keras's sum_over_batch_size: Σ w·loss / batch).
 *
 * A sample's class for class_weight is what keras/src/trainers/data_adapters finds: the
 * largest entry of a one-hot target, else the target rounded to an integer (class ids, 0/1).
 */
#include <math.h>

#include "keras.h"

/* The class of sample i of y [n, k] (k = 1 for ids or one binary output). */
static int64_t class_of(const nnc_tensor *y, int64_t i) {
  int64_t k = y->rank > 1 ? y->numel / y->shape[0] : 1, best = 0;
  if (k == 1)
    return (int64_t)llround(rt_tensor_get(y, i));
  for (int64_t c = 1; c < k; c++)
    if (rt_tensor_get(y, i * k + c) > rt_tensor_get(y, i * k + best))
      best = c;
  return best;
}

static nnc_status from_classes(const nnc_tensor *y, const nnc_fit_options *f, double *w) {
  for (int64_t i = 0; i < y->shape[0]; i++) {
    int64_t c = class_of(y, i);
    if (c < 0 || c >= f->nclass_weights)
      return base_error(NNC_ERR_ARG, "nnc_model_fit: class_weight has no weight for class %lld "
                        "(sample %lld)", (long long)c, (long long)i);
    w[i] = f->class_weight[c];
  }
  return NNC_OK;
}

static nnc_status from_samples(const nnc_tensor *y, const nnc_tensor *sw, double *w,
                               const char *fn) {
  if (base_check_tag(sw->magic, BASE_MAGIC_TENSOR, fn, "sample_weight") != NNC_OK)
    return NNC_ERR_ARG;
  if (sw->numel != y->shape[0] || sw->rank < 1 || sw->rank > 2)
    return base_error(NNC_ERR_SHAPE, "%s: sample_weight must hold one weight per "
                      "sample ([%lld] or [%lld, 1]), found %lld values", fn,
                      (long long)y->shape[0], (long long)y->shape[0], (long long)sw->numel);
  for (int64_t i = 0; i < sw->numel; i++)
    w[i] = rt_tensor_get(sw, i);
  return NNC_OK;
}

/* Every weight finite and >= 0, as Keras needs them. */
static nnc_status check_finite(const double *w, int64_t n, const char *fn) {
  for (int64_t i = 0; i < n; i++)
    if (!isfinite(w[i]) || w[i] < 0)
      return base_error(NNC_ERR_ARG, "%s: the weight of sample %lld is %g; weights must be "
                        "finite and >= 0", fn, (long long)i, w[i]);
  return NNC_OK;
}

nnc_status keras_sample_weight_vector(const nnc_tensor *y, const nnc_tensor *sw, const char *fn,
                                      double **out) {
  *out = NULL;
  if (!sw)
    return NNC_OK;
  double *w = base_malloc((size_t)y->shape[0] * sizeof *w + 1);
  if (!w)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  nnc_status s = from_samples(y, sw, w, fn);
  if (s == NNC_OK)
    s = check_finite(w, y->shape[0], fn);
  if (s != NNC_OK)
    base_free(w);
  else
    *out = w;
  return s;
}

nnc_status keras_sample_weights(const nnc_tensor *y, const nnc_fit_options *f, double **out) {
  *out = NULL;
  bool classes = f->class_weight || f->nclass_weights;
  if (!classes && !f->sample_weight)
    return NNC_OK;
  if (classes && f->sample_weight)
    return base_error(NNC_ERR_ARG, "nnc_model_fit: you cannot use class_weight and "
                      "sample_weight at the same time");
  if (classes && (!f->class_weight || f->nclass_weights < 1))
    return base_error(NNC_ERR_ARG, "nnc_model_fit: class_weight needs nclass_weights >= 1 "
                      "weights");
  double *w = base_malloc((size_t)y->shape[0] * sizeof *w);
  if (!w)
    return base_error(NNC_ERR_NOMEM, "nnc_model_fit: out of memory");
  nnc_status s = classes ? from_classes(y, f, w)
                         : from_samples(y, f->sample_weight, w, "nnc_model_fit");
  if (s == NNC_OK)
    s = check_finite(w, y->shape[0], "nnc_model_fit");
  if (s != NNC_OK)
    base_free(w);
  else
    *out = w;
  return s;
}

void keras_gather_weights(Variant *v, const double *w, const int64_t *idx, int64_t start,
                          int64_t n) {
  for (int64_t r = 0; r < n; r++)
    rt_tensor_set(v->w, r, w[idx ? idx[start + r] : start + r]);
}
