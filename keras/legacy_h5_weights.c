/* legacy_h5_weights.c — load_weights of Keras's legacy HDF5 files (".h5", ".hdf5"): a
 * whole-model file (model.save, ModelCheckpoint) or Keras 2's save_weights file, loaded as
 * Keras 3's legacy_h5_format loads them into a model that already exists.
 *
 * The file lists its layers in the attribute "layer_names" of its group "model_weights", or
 * of the file itself for a Keras 2 weights file; each layer's datasets sit in a group of its
 * name. The file's layers that hold datasets are matched to the model's layers that have
 * weights: in order (Keras's topological loading), or with by_name to the model's layer of
 * the same name, a file layer without one skipped. Within a matched layer, each weight takes
 * the dataset whose path ends as the weight's name does after the layer's ("kernel";
 * "dense/kernel" in a nested model; Keras 2's ":0" dropped): Keras takes them in the order
 * of the group's weight_names, which lists the same datasets in the layer's own order.
 *
 * Counts and shapes are checked as Keras checks them and refused with its messages after
 * the file's name (its "(named dense)for weight", without a space, included). Everything
 * is checked before anything is copied, so a refused file changes nothing. With
 * skip_mismatch, a weight of another shape keeps its value, and with by_name a layer of
 * another weight count too, each with Keras's warning.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

typedef struct {
  const char *name;             /* the model's layer */
  const TensorRef *w;           /* its weights, named "<layer>/..." */
  int n;
} ModelLayer;

typedef struct {
  const char *path;
  const nnc_model *m;
  const StSet *set;
  const char *group;            /* "model_weights/" or "" (a Keras 2 weights file) */
  bool by_name, skip_mismatch, copy; /* copy: the second pass, after every check passed */
} Load;

/* The file: its datasets and the layer_names list (*names, cJSON_Delete), from the group
 * model_weights unless the file itself has layer_names, as Keras's load_weights chooses. */
static nnc_status read_file(Load *ld, StSet **set, cJSON **names) {
  nnc_status s = fmt_h5_read(ld->path, "model_weights/", set);
  if (s == NNC_OK && fmt_st_meta(*set, "layer_names")) {
    fmt_st_free(*set);
    *set = NULL;
    s = fmt_h5_read(ld->path, "", set);
    ld->group = "";
  } else {
    ld->group = "model_weights/";
  }
  const char *list = s == NNC_OK ? fmt_st_meta(*set, *ld->group ? "model_weights/layer_names"
                                                                 : "layer_names") : NULL;
  *names = list ? cJSON_Parse(list) : NULL;
  if (s == NNC_OK && !cJSON_IsArray(*names))
    s = base_error(NNC_ERR_CORRUPT, "%s: no list of layer_names: not a Keras model or weights "
                   "file", ld->path);
  return s;
}

/* The datasets of the file's layer `name`, and the first of them whose path ends in
 * "/<tail>" (Keras 2's ":0" aside) in *found when tail is not NULL. */
static int saved(const Load *ld, const char *name, const char *tail, const nnc_tensor **found) {
  char prefix[400];
  snprintf(prefix, sizeof prefix, "%s%s/", ld->group, name);
  size_t np = strlen(prefix), nt = tail ? strlen(tail) : 0;
  int count = 0;
  for (int i = 0; i < ld->set->n; i++) {
    const char *d = ld->set->tensors[i].name;
    if (strncmp(d, prefix, np) != 0)
      continue;
    count++;
    size_t len = strlen(d);
    if (len > 2 && strcmp(d + len - 2, ":0") == 0)
      len -= 2;
    if (tail && !*found && len > np + nt && strncmp(d + len - nt, tail, nt) == 0 &&
        d[len - nt - 1] == '/')
      *found = ld->set->tensors[i].t;
  }
  return count;
}

/* Keras's variable.path of weight w: after a Sequential model's name. */
static const char *weight_path(const Load *ld, const TensorRef *w, char *buf, size_t n) {
  if (keras_sequential(ld->m))
    snprintf(buf, n, "%s/%s", keras_model_name(ld->m), w->name);
  else
    snprintf(buf, n, "%s", w->name);
  return buf;
}

/* The file's layer `fname` (number k among those with weights) into the model's layer l. */
static nnc_status load_layer(const Load *ld, int k, const char *fname, const ModelLayer *l) {
  int count = saved(ld, fname, NULL, NULL);
  if (count != l->n && ld->by_name && ld->skip_mismatch) {
    if (!ld->copy)
      base_log(NNC_LOG_WARNING, "UserWarning: Skipping loading of weights for layer #%d (named "
               "%s) due to mismatch in number of weights. Layer expects %d weight(s). Received "
               "%d saved weight(s)\n", k, l->name, l->n, count);
    return NNC_OK;
  }
  if (count != l->n && ld->by_name)
    return base_error(NNC_ERR_ARG, "%s: Weight count mismatch for layer #%d (named %s). Layer "
                      "expects %d weight(s). Received %d saved weight(s)", ld->path, k, l->name,
                      l->n, count);
  if (count != l->n)
    return base_error(NNC_ERR_ARG, "%s: Weight count mismatch for layer #%d (named %s in the "
                      "current model, %s in the save file). Layer expects %d weight(s). "
                      "Received %d saved weight(s)", ld->path, k, l->name, fname, l->n, count);
  for (int i = 0; i < l->n; i++) {
    const nnc_tensor *t = NULL, *mine = l->w[i].t;
    saved(ld, fname, l->w[i].name + strlen(l->name) + 1, &t);
    if (!t)
      return base_error(NNC_ERR_CORRUPT, "%s: layer '%s' holds no dataset for '%s'", ld->path,
                        fname, l->w[i].name);
    if (t->dtype != mine->dtype)
      return base_error(NNC_ERR_TYPE, "%s: layer '%s': '%s' is %s, the weight %s", ld->path,
                        fname, l->w[i].name, rt_dtype_name(t->dtype), rt_dtype_name(mine->dtype));
    bool same = t->rank == mine->rank &&
                memcmp(t->shape, mine->shape, (size_t)t->rank * sizeof *t->shape) == 0;
    char path[400], want[128], got[128];
    if (!same && !ld->skip_mismatch)
      return base_error(NNC_ERR_SHAPE, "%s: Shape mismatch in layer #%d (named %s)for weight "
                        "%s. Weight expects shape %s. Received saved weight with shape %s",
                        ld->path, k, l->name, weight_path(ld, &l->w[i], path, sizeof path),
                        base_tuple_text(mine->rank, mine->shape, want, sizeof want),
                        base_tuple_text(t->rank, t->shape, got, sizeof got));
    if (!same && !ld->copy)
      base_log(NNC_LOG_WARNING, "UserWarning: Skipping loading weights for layer #%d (named "
               "%s)due to mismatch in shape for weight %s. Weight expects shape %s. Received "
               "saved weight with shape %s\n", k, l->name,
               weight_path(ld, &l->w[i], path, sizeof path),
               base_tuple_text(mine->rank, mine->shape, want, sizeof want),
               base_tuple_text(t->rank, t->shape, got, sizeof got));
    if (same && ld->copy)
      memcpy(mine->data, t->data, (size_t)t->numel * rt_dtype_size(t->dtype));
  }
  return NNC_OK;
}

/* One pass over the file's layers with datasets: checking (and warning), or copying. */
static nnc_status pass(const Load *ld, const cJSON *names, const ModelLayer *layers, int nl) {
  int k = 0, next = 0;
  nnc_status s = NNC_OK;
  for (const cJSON *n = names->child; s == NNC_OK && n; n = n->next) {
    const char *fname = cJSON_IsString(n) ? n->valuestring : "";
    if (saved(ld, fname, NULL, NULL) == 0)
      continue;
    for (int i = 0; ld->by_name && i < nl; i++)
      if (strcmp(layers[i].name, fname) == 0)
        s = load_layer(ld, k, fname, &layers[i]);
    if (!ld->by_name)
      s = load_layer(ld, k, fname, &layers[next++]);
    k++;
  }
  return s;
}

/* The file's layers that hold datasets. */
static int saved_layers(const Load *ld, const cJSON *names) {
  int n = 0;
  for (const cJSON *x = names->child; x; x = x->next)
    n += cJSON_IsString(x) && saved(ld, x->valuestring, NULL, NULL) > 0;
  return n;
}

/* The model's layers with weights, each with its run of w (named "<layer>/..."). */
static int model_layers(const nnc_model *m, const TensorRef *w, int nw, ModelLayer *out) {
  int n = 0;
  for (int i = 0; i < m->nlayers; i++) {
    const char *name = m->layers[i]->name;
    size_t len = strlen(name);
    ModelLayer l = {name, NULL, 0};
    for (int j = 0; j < nw; j++)
      if (strncmp(w[j].name, name, len) == 0 && w[j].name[len] == '/') {
        l.w = l.w ? l.w : &w[j];
        l.n++;
      }
    if (l.n > 0)
      out[n++] = l;
  }
  return n;
}

nnc_status keras_legacy_h5_load_weights(nnc_model *m, const char *fn, const char *path,
                                        bool by_name, bool skip_mismatch) {
  Load ld = {path, m, NULL, "", by_name, skip_mismatch, false};
  StSet *set = NULL;
  cJSON *names = NULL;
  TensorRef *w = NULL;
  int nw = 0;
  ModelLayer *layers = NULL;
  nnc_status s = keras_need_built(m, fn, path, false);
  if (s == NNC_OK)
    s = read_file(&ld, &set, &names);
  if (s == NNC_OK)
    s = keras_model_tensors(m, false, fn, &w, &nw);
  if (s == NNC_OK && !(layers = base_calloc((size_t)m->nlayers + 1, sizeof *layers)))
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  ld.set = set;
  int nl = s == NNC_OK ? model_layers(m, w, nw, layers) : 0, nsaved = 0;
  if (s == NNC_OK && !by_name && (nsaved = saved_layers(&ld, names)) != nl)
    s = base_error(NNC_ERR_ARG, "%s: Layer count mismatch when loading weights from file. "
                   "Model expected %d layers, found %d saved layers.", path, nl, nsaved);
  if (s == NNC_OK)
    s = pass(&ld, names, layers, nl);
  ld.copy = true;
  if (s == NNC_OK)
    s = pass(&ld, names, layers, nl);
  base_free(layers);
  base_free(w);
  cJSON_Delete(names);
  fmt_st_free(set);
  return s;
}
