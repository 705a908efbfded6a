/* keras_inputs.c — the x of fit, evaluate and predict for a model of several inputs.
 *
 * Keras takes one array per input, as a list or tuple in the order of Model(inputs=[...]),
 * or as a dict keyed by the Inputs' names (keys it does not know are ignored, as Keras
 * ignores them). nnc's compiled model reads one x holding every input's sample side by side
 * (keras/inputs.c), so the arrays are packed once here, after Keras's checks and with
 * Keras's words: the count of arrays, a missing key, sample counts that differ.
 */
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

enum { MAX_INPUTS = 64 };

/* Input k's name and width, from the C API. */
static nnc_layer_info input_info(const nnc_model *m, int k) {
  nnc_layer_info li = {.name = "?"};
  int id;
  nnc_model_input_count(m, k, &id);
  nnc_model_layer(m, id, &li);
  return li;
}

/* items as Python prints them between open and close: 'a'TAIL, 'b'TAIL ("['a', 'b']",
 * "{'a': ..., 'b': ...}"). */
static void quoted(char *buf, size_t size, const char *const *items, int n, const char *open,
                   const char *tail, const char *close) {
  size_t at = (size_t)snprintf(buf, size, "%s", open);
  for (int k = 0; k < n && at < size; k++)
    at += (size_t)snprintf(buf + at, size - at, "%s'%s'%s", k ? ", " : "", items[k], tail);
  if (at < size)
    snprintf(buf + at, size - at, "%s", close);
}

/* The model's n Inputs' names, in its order, as Python prints them with tail. */
static void input_names(const nnc_model *m, int n, const char *open, const char *tail,
                        const char *close, char *buf, size_t size) {
  const char *names[MAX_INPUTS] = {0};
  n = n < MAX_INPUTS ? n : MAX_INPUTS;
  for (int k = 0; k < n; k++)
    names[k] = input_info(m, k).name;
  quoted(buf, size, names, n, open, tail, close);
}

static Obj *wrong_count(Interp *I, PlModel *pm, int n, int64_t got) {
  char names[1024], example[1024];
  input_names(pm->m, n, "[", "", "]", names, sizeof names);
  input_names(pm->m, n, "{", ": ...", "}", example, sizeof example);
  Obj *name = fe_dict_getstr(I, pm->dict, "name");
  return fe_throw(I, EXC_ValueError, "Layer \"%s\" expects %d named input(s) with keys %s, but "
                  "it received %lld input tensors. Pass inputs as a dict, e.g. `layer(%s)`.",
                  name && FE_ISA(I, name, str) ? FE_STR(name)->s : "functional", n, names,
                  (long long)got, example);
}

static int by_text(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keras's message for a dict without input k's key: the dict's keys sorted. */
static Obj *missing_key(Interp *I, PlModel *pm, Obj *d, int n, int k) {
  const char *keys[MAX_INPUTS];
  int nkeys = 0;
  Obj *key, *value;
  for (int64_t pos = 0; fe_dict_next(d, &pos, &key, &value) && nkeys < MAX_INPUTS;)
    keys[nkeys++] = FE_ISA(I, key, str) ? FE_STR(key)->s : "?";
  qsort(keys, (size_t)nkeys, sizeof *keys, by_text);
  char given[1024], names[1024];
  quoted(given, sizeof given, keys, nkeys, "[", "", "]");
  input_names(pm->m, n, "[", "", "]", names, sizeof names);
  return fe_throw(I, EXC_ValueError, "Missing data for input \"%s\". You passed a data "
                  "dictionary with keys %s. Expected the following keys: %s",
                  input_info(pm->m, k).name, given, names);
}

/* The arrays of v for the model's n inputs, in their order, into parts (borrowed). */
static bool arrays_of(Interp *I, PlModel *pm, Obj *v, int n, Obj **parts) {
  if (FE_ISA(I, v, dict)) {
    for (int k = 0; k < n; k++)
      if (!(parts[k] = fe_dict_getstr(I, v, input_info(pm->m, k).name))) {
        missing_key(I, pm, v, n, k);
        return false;
      }
    return true;
  }
  Obj *const *items;
  int64_t got = 1;
  if (fe_seq_items(I, v, &items, &got) && got == n) {
    memcpy(parts, items, (size_t)n * sizeof *parts);
    return true;
  }
  wrong_count(I, pm, n, got);
  return false;
}

/* Keras's check that every array holds one count of samples (y too, when given). */
static bool one_cardinality(Interp *I, nnc_tensor *const *xs, int n, const nnc_tensor *y) {
  bool same = !y || nnc_tensor_dim(y, 0) == nnc_tensor_dim(xs[0], 0);
  for (int k = 1; k < n; k++)
    same = same && nnc_tensor_dim(xs[k], 0) == nnc_tensor_dim(xs[0], 0);
  if (same)
    return true;
  char sizes[1024];
  size_t at = 0;
  for (int k = 0; k < n && at < sizeof sizes; k++)
    at += (size_t)snprintf(sizes + at, sizeof sizes - at, "%s%lld", k ? ", " : "",
                           (long long)nnc_tensor_dim(xs[k], 0));
  char ys[64] = "";
  if (y)
    snprintf(ys, sizeof ys, "'y' sizes: %lld\n", (long long)nnc_tensor_dim(y, 0));
  fe_throw(I, EXC_ValueError, "Data cardinality is ambiguous. Make sure all arrays contain the "
           "same number of samples.'x' sizes: %s\n%s", sizes, ys);
  return false;
}

/* Input k's array of parts as a tensor. */
static nnc_tensor *part(Interp *I, PlModel *pm, Obj *v, int k, const char *param) {
  return pl_tensor_from(I, v, pm->copts.dtype, input_info(pm->m, k).units == 1, param);
}

/* The arrays of a model of n > 1 inputs, checked and packed. */
static nnc_tensor *packed(Interp *I, PlModel *pm, int n, Obj *xv, const char *xparam,
                          Obj *yv, nnc_tensor **y, const char *yparam) {
  Obj *parts[MAX_INPUTS];
  nnc_tensor *xs[MAX_INPUTS] = {0}, *out = NULL;
  bool good = arrays_of(I, pm, xv, n, parts);
  for (int k = 0; good && k < n; k++)
    good = (xs[k] = part(I, pm, parts[k], k, xparam)) != NULL;
  if (good && yv)
    good = (*y = pl_tensor_from(I, yv, pm->copts.dtype, false, yparam)) != NULL;
  if (good && one_cardinality(I, xs, n, yv ? *y : NULL)) {
    nnc_status st = nnc_model_pack_inputs(pm->m, n, (const nnc_tensor *const *)xs, &out);
    if (st != NNC_OK)
      pl_raise_status(I, st);
  }
  for (int k = 0; k < n; k++)
    nnc_tensor_free(xs[k]);
  return out;
}

nnc_tensor *pl_model_xy(Interp *I, PlModel *pm, Obj *xv, const char *xparam, Obj *yv,
                        nnc_tensor **y, const char *yparam) {
  int n = nnc_model_input_count(pm->m, 0, NULL);
  nnc_tensor *x;
  if (y)
    *y = NULL;
  if (n > MAX_INPUTS) {
    fe_throw(I, EXC_NotImplementedError, "a model of more than %d inputs is not supported by "
             "nnc yet", MAX_INPUTS);
    return NULL;
  }
  if (n > 1) {
    x = packed(I, pm, n, xv, xparam, yv, y, yparam);
  } else {
    x = pl_tensor_from(I, xv, pm->copts.dtype, pm->features == 1, xparam);
    if (x && yv)
      *y = pl_tensor_from(I, yv, pm->copts.dtype, false, yparam);
  }
  if (x && (!yv || *y))
    return x;
  nnc_tensor_free(x);
  if (y) {
    nnc_tensor_free(*y);
    *y = NULL;
  }
  return NULL;
}
