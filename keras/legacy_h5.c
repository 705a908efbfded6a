/* legacy_h5.c — Keras's legacy whole-model HDF5 file: model.save("m.h5") and
 * keras.models.load_model("m.h5"), as Keras 3's legacy_h5_format.py writes and reads it
 * (the format of Keras 2 and tf.keras before it).
 *
 * The file's own attributes hold keras_version and backend (Python strs), model_config
 * (the architecture as JSON bytes: Keras 3's config with the layers' "module",
 * "registered_name" and "build_config" left out, as its legacy serialization writes it)
 * and, for a compiled model, training_config (compile_config.c's object without the
 * optimizer, which is "optimizer_config": {"class_name", "config"} instead). The group
 * "model_weights" lists the model's layers in "layer_names" (a Sequential model's without
 * its InputLayer) and holds a group per layer, in name order, whose "weight_names" are its
 * variables' paths ("sequential/dense/kernel" in a Sequential model, "dense/kernel" in a
 * functional one) and whose datasets sit at those paths; "top_level_model_weights" is
 * empty. A compiled model's optimizer variables (optimizer_vars.c's list, Keras's
 * optimizer.variables) are the group "optimizer_weights": its weight_names are their paths
 * ("adam/sequential_dense_kernel_momentum"), each the path of its dataset.
 *
 * Loading rebuilds the architecture from model_config (model_config.c takes Keras 3's and
 * Keras 2's forms), then reads every dataset under "model_weights/<layer>/" as the weight
 * named by its layer group and the last part of its path ("dense/kernel", Keras 2's ":0"
 * dropped): Keras matches layers by order and the groups are the config's own layer names,
 * so the two agree; every weight is checked as load_weights checks it. A training_config is
 * compiled as Keras's load_model compiles it, and then, when the file has optimizer_weights,
 * the optimizer is built and given the datasets weight_names lists, in its order, as Keras's
 * set_weights: with the model's trainable variables (Keras 3.15.1 builds it over
 * model._trainable_variables, empty for these models, so it keeps only the iteration and the
 * rate, and its next fit fails; nnc restores what the file means, as Keras 2 did).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"

enum { LH5_PATH = 320 };

/* ---- saving ---- */

/* model_config: the architecture without what Keras 3's legacy serialization leaves out. */
static char *model_config(const nnc_model *m, const char *fn, nnc_status *s) {
  char *text = NULL;
  *s = keras_model_config(m, false, fn, &text);
  cJSON *top = *s == NNC_OK ? cJSON_Parse(text) : NULL;
  cJSON_free(text);
  if (!top)
    return NULL;
  cJSON *out = cJSON_CreateObject();
  cJSON_AddItemReferenceToObject(out, "class_name",
                                 cJSON_GetObjectItemCaseSensitive(top, "class_name"));
  cJSON *config = cJSON_GetObjectItemCaseSensitive(top, "config");
  cJSON_AddItemReferenceToObject(out, "config", config);
  cJSON *layers = cJSON_GetObjectItemCaseSensitive(config, "layers");
  for (cJSON *l = layers ? layers->child : NULL; l; l = l->next) {
    cJSON_DeleteItemFromObjectCaseSensitive(l, "module");
    cJSON_DeleteItemFromObjectCaseSensitive(l, "registered_name");
    cJSON_DeleteItemFromObjectCaseSensitive(l, "build_config");
  }
  text = cJSON_PrintUnformatted(out);
  cJSON_Delete(out);
  cJSON_Delete(top);
  return text;
}

/* training_config: compile_config with the optimizer as optimizer_config; NULL (and *s
 * unchanged) for a model saved uncompiled. */
static char *training_config(const nnc_model *m) {
  cJSON *cc = keras_compile_config(m);
  if (!cc)
    return NULL;
  cJSON *opt = cJSON_DetachItemFromObjectCaseSensitive(cc, "optimizer");
  cJSON_DeleteItemFromObjectCaseSensitive(opt, "module");
  cJSON_DeleteItemFromObjectCaseSensitive(opt, "registered_name");
  cJSON_AddItemToObject(cc, "optimizer_config", opt);
  char *text = cJSON_PrintUnformatted(cc);
  cJSON_Delete(cc);
  return text;
}

typedef struct {
  FmtH5Item *items;             /* owned */
  FmtH5Attr *attrs;             /* owned */
  char (*paths)[LH5_PATH];      /* owned: items' and attributes' paths, the weights' names */
  const char **strs;            /* owned: the layers' names, then each layer's weight names */
  int nitems, nattrs, npaths, nstrs;
  const char **wnames;          /* owned: every weight's name, "dense/kernel" (in paths) */
  const nnc_tensor **wts;       /* owned: its tensor */
  int nw, capw;
  OptVar *ov;                   /* owned: the optimizer's variables, nov of them */
  nnc_tensor **opt;             /* owned, as each of its tensors: their values */
  int nov, nopt;
} Plan;

static void plan_free(Plan *p) {
  base_free(p->items);
  base_free(p->attrs);
  base_free(p->paths);
  base_free(p->strs);
  base_free(p->wnames);
  base_free(p->wts);
  for (int i = 0; i < p->nopt; i++)
    nnc_tensor_free(p->opt[i]);
  base_free(p->opt);
  base_free(p->ov);
}

static char *path_of(Plan *p, const char *fmt, const char *a, const char *b) {
  char *out = p->paths[p->npaths++];
  int n = snprintf(out, LH5_PATH, fmt, a, b);
  return n >= 0 && n < LH5_PATH ? out : NULL;
}

static int list_weight(void *user, const char *name, Weight *w) {
  Plan *p = user;
  if (p->nw < p->capw && w->t) {
    p->wnames[p->nw] = path_of(p, "%s%s", name, "");
    p->wts[p->nw++] = w->t;
  }
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp((*(Layer *const *)a)->name, (*(Layer *const *)b)->name);
}

/* Layer l's group, its weight_names and its datasets (the weights named "<l>/..."). */
static bool add_layer(Plan *p, const nnc_model *m, const Layer *l, bool seq) {
  const char *group = path_of(p, "model_weights/%s%s", l->name, "");
  if (!group)
    return false;
  p->items[p->nitems++] = (FmtH5Item){group, NULL, NULL};
  const char **names = p->strs + p->nstrs;
  int n = 0;
  size_t len = strlen(l->name);
  for (int i = 0; i < p->nw; i++) {
    if (!p->wnames[i] || strncmp(p->wnames[i], l->name, len) != 0 || p->wnames[i][len] != '/')
      continue;
    const char *name = seq ? path_of(p, "%s/%s", keras_model_name(m), p->wnames[i])
                           : p->wnames[i];
    const char *data = name ? path_of(p, "%s/%s", group, name) : NULL;
    if (!data)
      return false;
    names[n++] = name;
    p->items[p->nitems++] = (FmtH5Item){data, NULL, p->wts[i]};
  }
  p->nstrs += n;
  p->attrs[p->nattrs++] = (FmtH5Attr){group, "weight_names", n, n ? names : NULL};
  return true;
}

/* The group optimizer_weights, as Keras's save_optimizer_weights_to_hdf5_group writes it: its
 * weight_names are the variables' paths in optimizer.variables order, each the path of its
 * dataset ("adam/iteration" is the dataset "iteration" in the group "adam"). */
static nnc_status add_optimizer(Plan *p, const nnc_model *m, const char *fn, const char *path) {
  p->opt = base_calloc((size_t)p->nov + 1, sizeof *p->opt);
  if (!p->opt)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  const char *group = "optimizer_weights", **names = p->strs + p->nstrs;
  p->items[p->nitems++] = (FmtH5Item){group, NULL, NULL};
  for (int i = 0; i < p->nov; i++) {
    nnc_status s = keras_opt_var_value(m, &p->ov[i], &p->opt[p->nopt]);
    if (s != NNC_OK)
      return s;
    const char *data = path_of(p, "%s/%s", group, p->ov[i].path);
    if (!data)
      return base_error(NNC_ERR_ARG, "%s: %s: an optimizer variable's name is too long for the "
                        "file", fn, path);
    names[i] = p->ov[i].path;
    p->items[p->nitems++] = (FmtH5Item){data, NULL, p->opt[p->nopt++]};
  }
  p->nstrs += p->nov;
  p->attrs[p->nattrs++] = (FmtH5Attr){group, "weight_names", p->nov, names};
  return NNC_OK;
}

static nnc_status plan(nnc_model *m, const char *fn, const char *path, bool optimizer, Plan *p) {
  int nl = m->nlayers, nw = 0;
  for (int i = 0; i < nl; i++)
    nw += m->layers[i]->nweights;
  OptVar *ov = NULL;
  int nov = 0;
  nnc_status s = optimizer ? keras_opt_vars(m, fn, &ov, &nov) : NNC_OK;
  if (s != NNC_OK)
    return s;
  size_t slots = (size_t)(3 * nl + 4 * nw + 2 * nov + 8);
  *p = (Plan){.ov = ov, .nov = nov, .items = base_calloc(slots, sizeof *p->items),
              .attrs = base_calloc(slots, sizeof *p->attrs),
              .paths = base_calloc(slots, sizeof *p->paths),
              .strs = base_calloc(slots, sizeof *p->strs),
              .wnames = base_calloc((size_t)nw + 1, sizeof *p->wnames),
              .wts = base_calloc((size_t)nw + 1, sizeof *p->wts), .capw = nw};
  Layer **sorted = base_calloc((size_t)nl + 1, sizeof *sorted);
  if (!p->items || !p->attrs || !p->paths || !p->strs || !p->wnames || !p->wts || !sorted) {
    base_free(sorted);
    plan_free(p);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  keras_model_weights(m, list_weight, p);
  bool seq = keras_sequential(m), ok = true;
  int n = 0;
  p->items[p->nitems++] = (FmtH5Item){"model_weights", NULL, NULL};
  for (int i = 0; i < nl; i++)
    if (!(seq && m->layers[i]->kind == NNC_LAYER_INPUT)) {
      sorted[n] = m->layers[i];
      p->strs[p->nstrs++] = sorted[n++]->name;
    }
  p->attrs[p->nattrs++] = (FmtH5Attr){"model_weights", "layer_names", n, p->strs};
  qsort(sorted, (size_t)n, sizeof *sorted, by_name);
  for (int i = 0; ok && i < n; i++)
    ok = add_layer(p, m, sorted[i], seq);
  p->items[p->nitems++] = (FmtH5Item){"model_weights/top_level_model_weights", NULL, NULL};
  p->attrs[p->nattrs++] =
      (FmtH5Attr){"model_weights/top_level_model_weights", "weight_names", 0, NULL};
  base_free(sorted);
  s = ok ? NNC_OK : base_error(NNC_ERR_ARG, "%s: %s: a layer name is too long for the file", fn,
                               path);
  if (s == NNC_OK && p->nov)
    s = add_optimizer(p, m, fn, path);
  if (s != NNC_OK)
    plan_free(p);
  return s;
}

nnc_status keras_legacy_h5_save(nnc_model *m, const char *fn, const char *path,
                                bool include_optimizer) {
  static const char *const version[] = {KERAS_VERSION}, *const backend[] = {"nnc"};
  nnc_status s = NNC_OK;
  char *config = model_config(m, fn, &s), *training = s == NNC_OK ? training_config(m) : NULL;
  if (s == NNC_OK && !config)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  Plan p = {0};
  if (s == NNC_OK)
    s = plan(m, fn, path, include_optimizer, &p);
  if (s == NNC_OK) {
    const char *mc[] = {config}, *tc[] = {training};
    p.attrs[p.nattrs++] = (FmtH5Attr){"/", "backend", -1, backend};
    p.attrs[p.nattrs++] = (FmtH5Attr){"/", "keras_version", -1, version};
    p.attrs[p.nattrs++] = (FmtH5Attr){"/", "model_config", 0, mc};
    if (training)
      p.attrs[p.nattrs++] = (FmtH5Attr){"/", "training_config", 0, tc};
    p.attrs[p.nattrs++] = (FmtH5Attr){"model_weights", "backend", 0, backend};
    p.attrs[p.nattrs++] = (FmtH5Attr){"model_weights", "keras_version", 0, version};
    s = fmt_h5_write_attrs(path, p.nitems, p.items, p.nattrs, p.attrs);
    plan_free(&p);
  }
  cJSON_free(config);
  cJSON_free(training);
  return s;
}

/* ---- loading ---- */

/* Renames each dataset "model_weights/<layer>/.../<leaf>[:0]" to "<layer>/<leaf>". */
static nnc_status rename_weights(StSet *set, const char *path) {
  const char *prefix = "model_weights/";
  size_t np = strlen(prefix);
  for (int i = 0; i < set->n; i++) {
    char *name = set->tensors[i].name;
    const char *layer = name + np, *slash = strchr(layer, '/'), *leaf = strrchr(name, '/');
    if (strncmp(name, prefix, np) != 0 || !slash || leaf == slash)
      return base_error(NNC_ERR_CORRUPT, "%s: dataset '%s' is not in a layer's group", path,
                        name);
    size_t ll = (size_t)(slash - layer), fl = strcspn(leaf + 1, ":");
    char *renamed = base_malloc(ll + fl + 2);
    if (!renamed)
      return base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
    snprintf(renamed, ll + fl + 2, "%.*s/%.*s", (int)ll, layer, (int)fl, leaf + 1);
    base_free(name);
    set->tensors[i].name = renamed;
  }
  return NNC_OK;
}

/* Compiles m from training_config, its optimizer_config as compile_config's optimizer. */
static nnc_status compile_training(nnc_model *m, const char *text, const char *path) {
  cJSON *tc = cJSON_Parse(text);
  if (!cJSON_IsObject(tc)) {
    cJSON_Delete(tc);
    return base_error(NNC_ERR_CORRUPT, "%s: training_config is not a JSON object", path);
  }
  cJSON *opt = cJSON_DetachItemFromObjectCaseSensitive(tc, "optimizer_config");
  if (opt)
    cJSON_AddItemToObject(tc, "optimizer", opt);
  nnc_status s = keras_compile_from_config(m, tc, path);
  cJSON_Delete(tc);
  return s;
}

/* The group's weight_names: the attribute, else Keras's chunks of a long list
 * ("weight_names0", "weight_names1", ...), else none; a new JSON array (cJSON_Delete). */
static cJSON *weight_names(const StSet *set) {
  const char *whole = fmt_st_meta(set, "optimizer_weights/weight_names");
  if (whole)
    return cJSON_Parse(whole);
  cJSON *names = cJSON_CreateArray();
  for (int i = 0; names; i++) {
    char key[64];
    snprintf(key, sizeof key, "optimizer_weights/weight_names%d", i);
    cJSON *chunk = cJSON_Parse(fmt_st_meta(set, key));
    if (!chunk)
      break;
    while (cJSON_IsArray(chunk) && chunk->child)
      cJSON_AddItemToArray(names, cJSON_DetachItemViaPointer(chunk, chunk->child));
    cJSON_Delete(chunk);
  }
  return names;
}

/* Whether the file has the group optimizer_weights (a dataset or an attribute in it). */
static bool has_optimizer_weights(const StSet *set) {
  const char *group = "optimizer_weights/";
  bool any = set->n > 0;
  for (int i = 0; i < set->nmeta; i++)
    any = any || strncmp(set->meta_keys[i], group, strlen(group)) == 0;
  return any;
}

/* The datasets weight_names lists, in its order (Keras's load_optimizer_weights_from_hdf5_group:
 * a name without its dataset is an error, as its KeyError). */
static nnc_status listed(const StSet *set, const cJSON *names, const char *path,
                         const nnc_tensor **values) {
  int i = 0;
  for (const cJSON *n = names->child; n; n = n->next, i++) {
    char key[400];
    int len = cJSON_IsString(n) ? snprintf(key, sizeof key, "optimizer_weights/%s",
                                           n->valuestring) : -1;
    values[i] = len > 0 && (size_t)len < sizeof key ? fmt_st_get(set, key) : NULL;
    if (!values[i])
      return base_error(NNC_ERR_CORRUPT, "%s: optimizer_weights: no dataset '%s', which its "
                        "weight_names lists", path, cJSON_IsString(n) ? n->valuestring : "?");
  }
  return NNC_OK;
}

/* Keras's load_model after its compile: when the file has optimizer_weights, builds the
 * optimizer and sets its variables from them in weight_names order (set_weights: the first
 * min(count, saved) of them, stopping at one of another shape with Keras's warning). */
static nnc_status restore_optimizer(nnc_model *m, const char *path) {
  StSet *set = NULL;
  nnc_status s = fmt_h5_read(path, "optimizer_weights/", &set);
  if (s != NNC_OK || !has_optimizer_weights(set)) {
    fmt_st_free(set);
    return s;
  }
  m->optimizer_built = true;
  cJSON *names = weight_names(set);
  int n = cJSON_GetArraySize(names), nv = 0;
  const nnc_tensor **values = base_calloc((size_t)n + 1, sizeof *values);
  OptVar *v = NULL;
  if (!values)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
  else if (!cJSON_IsArray(names))
    s = base_error(NNC_ERR_CORRUPT, "%s: optimizer_weights: weight_names is not a list of "
                   "names", path);
  else
    s = listed(set, names, path, values);
  if (s == NNC_OK)
    s = keras_opt_vars(m, "nnc_model_load_keras", &v, &nv);
  if (s == NNC_OK && keras_opt_set_weights(m, v, nv, values, n) >= 0)
    base_log(NNC_LOG_WARNING, "WARNING:absl:Error in loading the saved optimizer state. As a "
             "result, your model is starting with a freshly initialized optimizer.\n");
  base_free(v);
  base_free(values);
  cJSON_Delete(names);
  fmt_st_free(set);
  return s;
}

nnc_status keras_legacy_h5_load(const char *path, nnc_model **out) {
  *out = NULL;
  StSet *set = NULL;
  nnc_status s = fmt_h5_read(path, "model_weights/", &set);
  const char *config = s == NNC_OK ? fmt_st_meta(set, "model_config") : NULL;
  const char *training = s == NNC_OK ? fmt_st_meta(set, "training_config") : NULL;
  if (s == NNC_OK && !config)
    s = base_error(NNC_ERR_CORRUPT, "%s: no model_config attribute: not a Keras model file "
                   "(a weights file is read by load_weights)", path);
  uint64_t bytes = 0;
  for (int i = 0; s == NNC_OK && i < set->n; i++)
    bytes += (uint64_t)set->tensors[i].t->numel * sizeof(float);
  nnc_model *m = NULL;
  if (s == NNC_OK)
    s = keras_model_from_config(config, strlen(config), path, bytes, &m);
  if (s == NNC_OK)
    s = rename_weights(set, path);
  if (s == NNC_OK)
    s = keras_set_weights(m, set, path, "nnc_model_load_keras");
  if (s == NNC_OK && training)
    s = compile_training(m, training, path);
  if (s == NNC_OK && m->compiled)
    s = restore_optimizer(m, path);
  fmt_st_free(set);
  if (s != NNC_OK) {
    nnc_model_free(m);
    return s;
  }
  *out = m;
  return NNC_OK;
}
