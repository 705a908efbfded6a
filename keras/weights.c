/* weights.c — a model's weights to and from safetensors files, and the choice of format
 * by the file's name (.weights.h5 goes to h5weights.c).
 *
 * Tensors are named as Keras names its variables, "<layer>/<weight>" ("dense/kernel"
 * [inputs, units], "dense/bias" [units]), with the layer names of the model (dense,
 * dense_1, ... or the user's) and the weight names of names/layers.def, in the model's
 * dtype. Loading checks every expected name, shape and dtype, and
 * that the file holds nothing else, before it copies a single weight; the copy goes into
 * the model's existing tensors, because compiled variants hold their data pointers.
 * Optimizer state is neither saved nor loaded here (Keras's save_weights keeps only
 * variables); checkpoint.c adds it through the same listing and checks (keras_model_tensors,
 * keras_check_tensors).
 */
#include <stdio.h>
#include <string.h>

#include "keras.h"

/* Appends `t` under `name` (or "NAME/SUFFIX") to w; false when the name is too long. */
static bool add_named(TensorRef *w, int *k, const char *name, const char *suffix, nnc_tensor *t) {
  int len = snprintf(w[*k].name, sizeof w->name, suffix ? "%s/%s" : "%s", name, suffix);
  if (len < 0 || (size_t)len >= sizeof w->name)
    return false;
  w[(*k)++].t = t;
  return true;
}

typedef struct {
  TensorRef *w;
  int k, cap;
  bool fits;
} Listing;

static int list_weight(void *user, const char *name, Weight *wt) {
  Listing *l = user;
  if (l->w && l->k < l->cap)
    l->fits = l->fits && add_named(l->w, &l->k, name, NULL, wt->t);
  else
    l->k++;
  return 0;
}

nnc_status keras_model_tensors(nnc_model *m, bool states, const char *fn, TensorRef **out, int *n) {
  Listing l = {NULL, 0, 0, true};
  keras_model_weights(m, list_weight, &l);
  l.cap = l.k + (states ? m->nstates : 0);
  l.k = 0;
  l.w = base_calloc((size_t)l.cap + 1, sizeof *l.w);
  if (!l.w)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  keras_model_weights(m, list_weight, &l);
  for (int i = 0; l.fits && states && i < m->nstates; i++)
    l.fits = add_named(l.w, &l.k, m->states[i].name, NULL, m->states[i].t);
  if (!l.fits) {
    base_free(l.w);
    return base_error(NNC_ERR_ARG, "%s: a layer or state name is longer than %d characters", fn,
                    (int)sizeof l.w->name - 8);
  }
  *out = l.w;
  *n = l.k;
  return NNC_OK;
}

bool keras_ends_with(const char *path, const char *suffix) {
  size_t n = strlen(path), k = strlen(suffix);
  return n >= k && strcmp(path + n - k, suffix) == 0;
}

nnc_status keras_save_tensors(nnc_model *m, bool states, const char *fn, const char *path,
                              const char *meta) {
  TensorRef *w = NULL;
  int n = 0;
  nnc_status s = keras_model_tensors(m, states, fn, &w, &n);
  if (s != NNC_OK)
    return s;
  const char **names = base_calloc((size_t)n + 1, sizeof *names);
  const nnc_tensor **ts = base_calloc((size_t)n + 1, sizeof *ts);
  if (names && ts) {
    for (int i = 0; i < n; i++) {
      names[i] = w[i].name;
      ts[i] = w[i].t;
    }
    s = fmt_st_write(path, n, names, ts, meta);
  } else {
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  base_free(names);
  base_free(ts);
  base_free(w);
  return s;
}

/* The file type comes from the name, as in Keras: any other name is refused rather than
 * written in a format its name does not announce (formats' fmt_name_promises says what a
 * refused name promises; fmt_st_write refuses the same names for checkpoints). */
nnc_status nnc_model_save_weights(nnc_model *m, const char *path) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_save_weights";
  nnc_status s = keras_need_built(m, fn, path, true);
  if (s != NNC_OK)
    return s;
  if (keras_ends_with(path, ".weights.h5"))
    return keras_h5_save(m, fn, path);
  if (keras_ends_with(path, ".safetensors"))
    return keras_save_tensors(m, false, fn, path,
                              "{\"format\":\"nnc\",\"nnc_version\":\"" NNC_VERSION "\"}");
  const char *other = fmt_name_promises(path);
  return base_error(NNC_ERR_ARG, "%s: %s: %s%s (the name must end in '.weights.h5', Keras's "
                    "HDF5 layout, or '.safetensors')", fn, path, other ? "the name promises " :
                    "unknown weights file type", other ? other : "");
}

/* "f32[784,25]" into buf. */
static const char *type_text(const nnc_tensor *t, char *buf, size_t n) {
  size_t k = (size_t)snprintf(buf, n, "%s[", rt_dtype_name(t->dtype));
  for (int i = 0; i < t->rank && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%s%lld", i ? "," : "", (long long)t->shape[i]);
  if (k < n)
    snprintf(buf + k, n - k, "]");
  return buf;
}

static bool same_shape(const nnc_tensor *a, const nnc_tensor *b) {
  if (a->rank != b->rank)
    return false;
  for (int i = 0; i < a->rank; i++)
    if (a->shape[i] != b->shape[i])
      return false;
  return true;
}

nnc_status keras_check_tensors(const char *path, const StSet *set, const TensorRef *w, int n,
                            const char *what) {
  char want[96], got[96];
  for (int i = 0; i < n; i++) {
    const nnc_tensor *t = fmt_st_get(set, w[i].name);
    if (!t)
      return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s' is missing (expected %s)", path,
                      w[i].name, type_text(w[i].t, want, sizeof want));
    if (t->dtype != w[i].t->dtype || !same_shape(t, w[i].t))
      return base_error(t->dtype != w[i].t->dtype ? NNC_ERR_TYPE : NNC_ERR_SHAPE,
                      "%s: tensor '%s': expected %s, found %s", path, w[i].name,
                      type_text(w[i].t, want, sizeof want), type_text(t, got, sizeof got));
  }
  for (int i = 0; i < set->n; i++) {
    int k = 0;
    while (k < n && strcmp(w[k].name, set->tensors[i].name) != 0)
      k++;
    if (k == n)
      return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s' (%s) is not a %s of this model", path,
                      set->tensors[i].name, type_text(set->tensors[i].t, got, sizeof got), what);
  }
  return NNC_OK;
}

nnc_status nnc_model_load_weights(nnc_model *m, const char *path) {
  KERAS_ENTER(m);
  return nnc_model_load_weights_with(m, path, 0);
}

nnc_status nnc_model_load_weights_with(nnc_model *m, const char *path, int skip_mismatch) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_load_weights";
  nnc_status s = keras_need_built(m, fn, path, false);
  if (s == NNC_OK && keras_ends_with(path, ".weights.h5"))
    return keras_h5_load(m, fn, path, skip_mismatch);
  if (s == NNC_OK && keras_ends_with(path, ".keras"))
    return keras_archive_load_weights(m, fn, path, skip_mismatch);
  if (s == NNC_OK && keras_legacy_h5_name(path))
    return keras_legacy_h5_load_weights(m, fn, path, false, skip_mismatch);
  if (s == NNC_OK && skip_mismatch) /* nnc's own files match by name, all or nothing */
    return base_error(NNC_ERR_ARG, "%s: %s: skip_mismatch loads Keras's files only "
                      "('.weights.h5', '.keras')", fn, path);
  StSet *set = NULL;
  if (s == NNC_OK)
    s = fmt_st_read(path, &set);
  if (s == NNC_OK && fmt_st_meta(set, "nnc_checkpoint"))
    s = base_error(NNC_ERR_ARG, "%s: %s is a checkpoint (weights and optimizer state): load it "
                 "with nnc_model_load_checkpoint", fn, path);
  if (s == NNC_OK)
    s = keras_set_weights(m, set, path, fn);
  fmt_st_free(set);
  return s;
}

nnc_status keras_set_weights(nnc_model *m, const StSet *set, const char *path, const char *fn) {
  TensorRef *w = NULL;
  int n = 0;
  nnc_status s = keras_model_tensors(m, false, fn, &w, &n);
  if (s == NNC_OK)
    s = keras_check_tensors(path, set, w, n, "weight");
  if (s == NNC_OK)
    keras_copy_tensors(set, w, n);
  base_free(w);
  return s;
}

void keras_copy_tensors(const StSet *set, const TensorRef *w, int n) {
  for (int i = 0; i < n; i++) {
    const nnc_tensor *t = fmt_st_get(set, w[i].name);
    memcpy(w[i].t->data, t->data, (size_t)t->numel * rt_dtype_size(t->dtype));
  }
}
