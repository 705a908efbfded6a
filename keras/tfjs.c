/* tfjs.c — TensorFlow.js's layers format: model.json and weights.bin, as tfjs's
 * model.save("file://DIR") writes them and tf.loadLayersModel reads them.
 *
 * model.json holds "modelTopology" (the architecture in Keras 2's form, model_config.c),
 * "format": "layers-model", and "weightsManifest": groups of shard files ("paths") whose
 * concatenated bytes are the group's weights in order, each named "LAYER/WEIGHT" (tfjs
 * matches them to its layers' weights by those names, as nnc does), with its shape and
 * dtype. nnc writes one group of one shard, weights.bin beside model.json, float32 little
 * endian (tfjs has no float64). It reads any number of groups and shards, float32 only; a
 * shard must be a plain file name in model.json's directory (tfjs resolves URLs; nnc opens
 * nothing elsewhere), and the bytes must be exactly what the manifest claims. Every weight
 * of the model must be present, once, with its shape (keras_check_tensors).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

enum { TFJS_PATH = 4096, TFJS_WEIGHTS_MAX = 1 << 16 };

/* DIR/name for the file at `path` (its directory, or "." without one). */
static bool beside(const char *path, const char *name, char *out, size_t n) {
  const char *slash = strrchr(path, '/');
  int len = slash ? snprintf(out, n, "%.*s/%s", (int)(slash - path), path, name)
                  : snprintf(out, n, "%s", name);
  return len >= 0 && (size_t)len < n;
}

/* ---- saving ---- */

/* The weights as float32 in the manifest's order, and the manifest's entries. */
static nnc_status weights_blob(const TensorRef *w, int n, cJSON *entries, float **blob,
                               size_t *bytes, const char *fn) {
  int64_t total = 0;
  for (int i = 0; i < n; i++)
    total += w[i].t->numel;
  *bytes = (size_t)total * sizeof(float);
  *blob = base_malloc(*bytes ? *bytes : 1);
  if (!*blob)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  float *p = *blob;
  for (int i = 0; i < n; i++) {
    for (int64_t k = 0; k < w[i].t->numel; k++)
      *p++ = (float)rt_tensor_get(w[i].t, k);
    cJSON *e = cJSON_CreateObject(), *shape = cJSON_AddArrayToObject(e, "shape");
    cJSON_AddStringToObject(e, "name", w[i].name);
    for (int d = 0; d < w[i].t->rank; d++)
      cJSON_AddItemToArray(shape, cJSON_CreateNumber((double)w[i].t->shape[d]));
    cJSON_AddStringToObject(e, "dtype", "float32");
    cJSON_AddItemToArray(entries, e);
  }
  return NNC_OK;
}

/* model.json's text around the topology and the manifest. */
static char *model_json(const char *topology, cJSON *entries) {
  cJSON *top = cJSON_CreateObject(), *group = cJSON_CreateObject();
  cJSON_AddItemToObject(top, "modelTopology", cJSON_Parse(topology));
  cJSON_AddStringToObject(top, "format", "layers-model");
  cJSON_AddStringToObject(top, "generatedBy", "nnc " NNC_VERSION);
  cJSON_AddNullToObject(top, "convertedBy");
  cJSON *paths = cJSON_AddArrayToObject(group, "paths");
  cJSON_AddItemToArray(paths, cJSON_CreateString("weights.bin"));
  cJSON_AddItemToObject(group, "weights", entries);
  cJSON_AddItemToArray(cJSON_AddArrayToObject(top, "weightsManifest"), group);
  char *text = cJSON_Print(top);
  cJSON_Delete(top);
  return text;
}

nnc_status nnc_model_save_tfjs(nnc_model *m, const char *path) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_save_tfjs";
  char bin[TFJS_PATH];
  if (!path)
    return base_error(NNC_ERR_ARG, "%s: path is NULL", fn);
  if (!keras_ends_with(path, ".json") || !beside(path, "weights.bin", bin, sizeof bin))
    return base_error(NNC_ERR_ARG, "%s: %s: tfjs's model file is a .json file (model.json), "
                      "its weights.bin written beside it", fn, path);
  if (!m->built)
    return base_error(NNC_ERR_ARG, "%s: %s: the model has no weights yet (compile it after its "
                      "input is known, or fit it once)", fn, path);
  char *topology = NULL, *text = NULL;
  TensorRef *w = NULL;
  float *blob = NULL;
  size_t bytes = 0;
  int n = 0;
  cJSON *entries = cJSON_CreateArray();
  nnc_status s = entries ? keras_model_config(m, true, fn, &topology)
                         : base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  if (s == NNC_OK)
    s = keras_model_tensors(m, false, fn, &w, &n);
  if (s == NNC_OK)
    s = weights_blob(w, n, entries, &blob, &bytes, fn);
  if (s == NNC_OK) {
    text = model_json(topology, entries);
    entries = NULL; /* model_json's now */
    if (!text)
      s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  /* the weights first: a model.json is never left naming weights that are not there */
  if (s == NNC_OK)
    s = fmt_write_file(bin, blob, bytes);
  if (s == NNC_OK)
    s = fmt_write_file(path, text, strlen(text));
  cJSON_Delete(entries);
  cJSON_free(topology);
  cJSON_free(text);
  base_free(blob);
  base_free(w);
  return s;
}

/* ---- loading ---- */

typedef struct {
  const char *path;             /* model.json, for messages */
  StSet *set;                   /* owned: the manifest's weights by name */
  int cap;
} Manifest;

static nnc_status bad(const Manifest *mf, const char *what) {
  return base_error(NNC_ERR_CORRUPT, "%s: weightsManifest: %s", mf->path, what);
}

/* A group's shards, concatenated (base_malloc'd). */
static nnc_status read_shards(Manifest *mf, const cJSON *paths, FileBytes *all) {
  *all = (FileBytes){0};
  if (!cJSON_IsArray(paths) || !paths->child)
    return bad(mf, "a group without 'paths'");
  for (const cJSON *p = paths->child; p; p = p->next) {
    char file[TFJS_PATH];
    if (!cJSON_IsString(p) || !p->valuestring[0] || strchr(p->valuestring, '/') ||
        !strcmp(p->valuestring, "..") || !beside(mf->path, p->valuestring, file, sizeof file))
      return base_error(NNC_ERR_CORRUPT, "%s: weightsManifest: a shard must be a file name in "
                        "model.json's directory", mf->path);
    FileBytes fb = {0};
    nnc_status s = fmt_read_all(file, &fb);
    if (s == NNC_OK && fb.gz) {
      fmt_file_bytes_free(&fb);
      s = base_error(NNC_ERR_CORRUPT, "%s: a weights shard is gzip-compressed, which tfjs's "
                     "are not", file);
    }
    unsigned char *grown = s == NNC_OK ? base_realloc(all->data, all->len + fb.len + 1) : NULL;
    if (s == NNC_OK && !grown)
      s = base_error(NNC_ERR_NOMEM, "%s: out of memory", mf->path);
    if (s != NNC_OK) {
      fmt_file_bytes_free(&fb);
      fmt_file_bytes_free(all);
      return s;
    }
    memcpy(grown + all->len, fb.data, fb.len);
    all->data = grown;
    all->len += fb.len;
    fmt_file_bytes_free(&fb);
  }
  return NNC_OK;
}

/* One entry: name, float32 dtype, shape of rank <= 4, its bytes from data at *at. */
static nnc_status read_entry(Manifest *mf, const cJSON *e, const FileBytes *data, size_t *at) {
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name"),
              *shape = cJSON_GetObjectItemCaseSensitive(e, "shape"),
              *dtype = cJSON_GetObjectItemCaseSensitive(e, "dtype");
  if (!cJSON_IsString(name) || !cJSON_IsArray(shape) || !cJSON_IsString(dtype))
    return bad(mf, "a weight needs a name, a shape and a dtype");
  if (strcmp(dtype->valuestring, "float32") != 0 ||
      cJSON_GetObjectItemCaseSensitive(e, "quantization"))
    return base_error(NNC_ERR_TYPE, "%s: weight '%.200s': %.20s%s; nnc reads float32 weights",
                      mf->path, name->valuestring, dtype->valuestring,
                      cJSON_GetObjectItemCaseSensitive(e, "quantization") ? ", quantized" : "");
  int rank = cJSON_GetArraySize(shape);
  int64_t dims[RT_MAX_RANK] = {0}, numel = 1;
  if (rank > RT_MAX_RANK)
    return base_error(NNC_ERR_SHAPE, "%s: weight '%.200s': rank above %d", mf->path,
                      name->valuestring, RT_MAX_RANK);
  int d = 0;
  for (const cJSON *j = shape->child; j; j = j->next, d++) {
    if (!cJSON_IsNumber(j) || j->valuedouble < 0 || j->valuedouble > (double)data->len ||
        j->valuedouble != (double)(int64_t)j->valuedouble)
      return bad(mf, "a shape must be sizes the weights' bytes can hold");
    dims[d] = (int64_t)j->valuedouble;
    numel = dims[d] && numel > (int64_t)data->len / dims[d] ? (int64_t)data->len + 1
                                                            : numel * dims[d];
  }
  if ((uint64_t)numel * sizeof(float) > data->len - *at)
    return bad(mf, "the weights need more bytes than the shards hold");
  nnc_tensor *t = NULL;
  size_t len = strlen(name->valuestring) + 1;
  char *copy = base_malloc(len);
  StTensor *grown = mf->set->n < mf->cap ? mf->set->tensors
      : base_realloc(mf->set->tensors, (size_t)(mf->cap ? 2 * mf->cap : 16) * sizeof *grown);
  if (grown && grown != mf->set->tensors) {
    mf->set->tensors = grown;
    mf->cap = mf->cap ? 2 * mf->cap : 16;
  }
  if (!copy || !grown || rt_tensor_alloc(NNC_F32, rank, dims, &t) != NNC_OK) {
    base_free(copy);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", mf->path);
  }
  memcpy(copy, name->valuestring, len);
  memcpy(t->data, data->data + *at, (size_t)numel * sizeof(float));
  *at += (size_t)numel * sizeof(float);
  mf->set->tensors[mf->set->n++] = (StTensor){copy, t};
  return NNC_OK;
}

static nnc_status read_group(Manifest *mf, const cJSON *group) {
  const cJSON *weights = cJSON_GetObjectItemCaseSensitive(group, "weights");
  if (!cJSON_IsArray(weights))
    return bad(mf, "a group without 'weights'");
  FileBytes data;
  nnc_status s = read_shards(mf, cJSON_GetObjectItemCaseSensitive(group, "paths"), &data);
  size_t at = 0;
  for (const cJSON *e = weights->child; s == NNC_OK && e; e = e->next) {
    for (int i = 0; i < mf->set->n && s == NNC_OK; i++)
      if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "name")) &&
          !strcmp(mf->set->tensors[i].name,
                  cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring))
        s = bad(mf, "a weight is named twice");
    if (s == NNC_OK && mf->set->n >= TFJS_WEIGHTS_MAX)
      s = bad(mf, "too many weights");
    if (s == NNC_OK)
      s = read_entry(mf, e, &data, &at);
  }
  if (s == NNC_OK && at != data.len)
    s = base_error(NNC_ERR_CORRUPT, "%s: weightsManifest: the shards hold %zu bytes, the "
                   "weights %zu", mf->path, data.len, at);
  fmt_file_bytes_free(&data);
  return s;
}

/* Every group's weights, by name (*out, fmt_st_free), and their bytes. */
static nnc_status read_manifest(const cJSON *manifest, const char *path, StSet **out,
                                uint64_t *bytes) {
  Manifest mf = {path, base_calloc(1, sizeof(StSet)), 0};
  *out = NULL;
  if (!mf.set)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
  nnc_status s = cJSON_IsArray(manifest) ? NNC_OK : bad(&mf, "missing, or not a list");
  for (const cJSON *g = cJSON_IsArray(manifest) ? manifest->child : NULL; s == NNC_OK && g;
       g = g->next)
    s = read_group(&mf, g);
  *bytes = 0;
  for (int i = 0; s == NNC_OK && i < mf.set->n; i++)
    *bytes += (uint64_t)mf.set->tensors[i].t->numel * sizeof(float);
  if (s != NNC_OK) {
    fmt_st_free(mf.set);
    return s;
  }
  *out = mf.set;
  return NNC_OK;
}

nnc_status nnc_model_load_tfjs(const char *path, nnc_model **out) {
  const char *fn = "nnc_model_load_tfjs";
  if (!path || !out)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, path ? "out" : "path");
  *out = NULL;
  FileBytes fb = {0};
  nnc_status s = fmt_read_all(path, &fb);
  if (s != NNC_OK)
    return s;
  cJSON *top = cJSON_ParseWithLength((const char *)fb.data, fb.len);
  const cJSON *topo = cJSON_GetObjectItemCaseSensitive(top, "modelTopology");
  if (cJSON_GetObjectItemCaseSensitive(topo, "model_config")) /* tfjs's converter's form */
    topo = cJSON_GetObjectItemCaseSensitive(topo, "model_config");
  char *text = cJSON_IsObject(topo) ? cJSON_PrintUnformatted(topo) : NULL;
  nnc_model *m = NULL;
  StSet *set = NULL;
  uint64_t bytes = 0;
  if (!top)
    s = base_error(NNC_ERR_CORRUPT, "%s: not JSON", path);
  else if (!cJSON_IsObject(topo))
    s = base_error(NNC_ERR_CORRUPT, "%s: no modelTopology object (not a tfjs layers model)", path);
  else if (!text)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
  if (s == NNC_OK)
    s = read_manifest(cJSON_GetObjectItemCaseSensitive(top, "weightsManifest"), path, &set,
                      &bytes);
  if (s == NNC_OK)
    s = keras_model_from_config(text, strlen(text), path, bytes, &m);
  if (s == NNC_OK)
    s = keras_set_weights(m, set, path, fn);
  fmt_st_free(set);
  cJSON_free(text);
  cJSON_Delete(top);
  fmt_file_bytes_free(&fb);
  if (s != NNC_OK) {
    nnc_model_free(m);
    return s;
  }
  *out = m;
  return NNC_OK;
}

nnc_status nnc_model_load_tfjs_in(nnc_context *c, const char *path, nnc_model **out) {
  if (out)
    *out = NULL;
  if (c && base_context_check(c, __func__) != NNC_OK)
    return NNC_ERR_ARG;
  const nnc_context *was = base_context_swap(c); /* the model is made in the current one */
  nnc_status s = nnc_model_load_tfjs(path, out);
  base_context_swap(was);
  return s;
}
