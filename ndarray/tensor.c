/* tensor.c — ndarrays to and from nnc_tensor, the Keras level's dense C-ordered tensors.
 *
 * Both directions copy and convert: a tensor holds float32, float64 or int32 and at most
 * four dimensions, an ndarray any of its six dtypes, any layout and up to 32 dimensions.
 */
#include <string.h>

#include "ndarray.h"
#include "runtime.h"

static NdDtype nd_of(nnc_dtype t) {
  return t == NNC_F32 ? ND_FLOAT32 : t == NNC_F64 ? ND_FLOAT64 : ND_INT32;
}

nnc_status nd_to_tensor(const NdArray *a, nnc_dtype want, nnc_tensor **out) {
  *out = NULL;
  if (!rt_dtype_ok(want)) {
    nd_fail(ND_E_VALUE, "unknown tensor dtype %d", (int)want);
    return NNC_ERR_ARG;
  }
  if (a->ndim > RT_MAX_RANK) {
    nd_fail(ND_E_VALUE, "an array of %d dimensions cannot become a tensor (at most %d)",
            a->ndim, RT_MAX_RANK);
    return NNC_ERR_SHAPE;
  }
  nnc_status s = rt_tensor_alloc(want, a->ndim, a->shape, out);
  if (s != NNC_OK) {
    nd_fail(s == NNC_ERR_NOMEM ? ND_E_MEMORY : ND_E_VALUE, "%s", base_last_error());
    return s;
  }
  /* a header over the tensor's data (no buffer of its own), so nd_assign converts and
   * lays the elements out */
  NdArray dst = {.refs = 1, .dtype = nd_of(want), .ndim = a->ndim, .size = a->size,
                 .data = (*out)->data};
  for (int i = a->ndim - 1, st = (int)rt_dtype_size(want); i >= 0; i--) {
    dst.shape[i] = a->shape[i];
    dst.strides[i] = st;
    st *= (int)(a->shape[i] ? a->shape[i] : 1);
  }
  if (!nd_assign(&dst, a)) {
    nnc_tensor_free(*out);
    *out = NULL;
    return NNC_ERR_NOMEM;
  }
  return NNC_OK;
}

NdArray *nd_from_tensor(const nnc_tensor *t) {
  NdArray *a = nd_empty(nd_of(t->dtype), t->rank, t->shape);
  if (a)
    memcpy(a->data, t->data, (size_t)nd_nbytes(a));
  return a;
}
