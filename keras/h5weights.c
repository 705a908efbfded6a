/* h5weights.c — a model's weights in Keras 3's .weights.h5 layout (saving_lib.py's
 * H5IOStore, as model.save_weights writes it), over formats/h5.c.
 *
 * The file holds a group "vars" (attribute name: the model's name) and, for each layer of
 * the model's layer list (a Sequential model's list leaves its InputLayer out), a group
 * "layers/<key>/vars" (attribute name: the layer's name) whose datasets "0", "1", ... are
 * the layer's variables in Keras's order (Dense: kernel, then bias). <key> is the layer's
 * class in snake case, numbered per class along the list: dense, dense_1, activation, ...
 * whatever the layers are called. That key, not the layer's name, is how Keras finds a
 * layer's variables when it loads, so nnc maps tensors the same way: the i-th Dense layer's
 * kernel is "layers/dense_<i>/vars/0" in any model of that shape. A nested model is one item
 * of the list, keyed by its class (sequential, functional), holding its own list:
 * "layers/sequential/layers/dense/vars/0". A compiled model's file (and a .keras archive's
 * copy, keras_h5_image) also holds its optimizer's variables, "optimizer/vars/<i>"
 * (optimizer_vars.c), as Keras's save_weights writes them.
 * Loading checks what is under "layers/" as the safetensors path does and, into a compiled
 * model, the optimizer's variables as Keras's load_weights does (another count: its warning,
 * and the optimizer keeps its state), before anything changes. A model not compiled ignores
 * them, as Keras's does. keras_archive.c restores an archive's variables itself, after it
 * compiles the model. With skip_mismatch the layers load as skip_mismatch.c says.
 */
#include <stdio.h>
#include <string.h>

#include "keras.h"

enum { H5_PATH = 320, H5_KEY = 280, H5_KINDS = 64 }; /* a key leaves room for "/vars/N" */

typedef struct {
  int n;                        /* items */
  FmtH5Item *items;             /* owned; paths point into `paths` */
  char (*paths)[H5_PATH];       /* owned */
  TensorRef *w;                 /* owned; the weights renamed to their paths in the file */
  int nw;
  H5Layer *layers;              /* owned; each layer's group and its part of w */
  int nlayers;
  nnc_tensor **opt;             /* owned, nopt of them: the optimizer's variables' values */
  int nopt;
  char opt_name[32];            /* the optimizer's name, as Keras names it ("rm_sprop") */
} H5Plan;

static void plan_free(H5Plan *p) {
  base_free(p->items);
  base_free(p->paths);
  base_free(p->w);
  base_free(p->layers);
  for (int i = 0; i < p->nopt; i++)
    nnc_tensor_free(p->opt[i]);
  base_free(p->opt);
}

/* Appends an item at path (printf-style) to p; false when the path is too long. */
static bool add_item(H5Plan *p, const char *name, const nnc_tensor *t, const char *fmt,
                     const char *key, int k) {
  int len = snprintf(p->paths[p->n], H5_PATH, fmt, key, k);
  if (len < 0 || len >= H5_PATH)
    return false;
  p->items[p->n] = (FmtH5Item){p->paths[p->n], name, t};
  p->n++;
  return true;
}

/* The key of the next item of class `prefix` in a list: prefix, prefix_1, ... after `under`
 * ("layers/", or a nested model's "layers/sequential/layers/"). */
static void key_of(char *key, size_t n, const char *under, const char *prefix, int c) {
  snprintf(key, n, c ? "%.200s%.60s_%d" : "%.200s%.60s", under, prefix, c);
}

/* Layer l's group and its used weights, "<key>/vars/<i>" in the row's order. */
static bool add_layer(H5Plan *p, const Layer *l, const char *under, int *counts) {
  char key[H5_KEY];
  NNC_ASSERT((int)l->kind < H5_KINDS);
  key_of(key, sizeof key, under, names_layer((int)l->kind)->prefix, counts[l->kind]++);
  if (!add_item(p, l->name, NULL, "%s/vars", key, 0))
    return false;
  H5Layer *hl = &p->layers[p->nlayers++];
  *hl = (H5Layer){l, p->items[p->n - 1].path, &p->w[p->nw], 0};
  for (int i = 0, k = 0; i < l->nweights; i++) {
    if (!l->w[i].used)
      continue;
    if (!add_item(p, NULL, l->w[i].t, "%s/vars/%d", key, k++))
      return false;
    p->w[p->nw] = (TensorRef){.t = l->w[i].t};
    snprintf(p->w[p->nw++].name, sizeof p->w->name, "%s", p->items[p->n - 1].path);
    hl->n++;
  }
  return true;
}

/* The nest whose node first calls l, or NULL for a layer of the model itself. */
static const Nest *nest_of(const nnc_model *m, const Layer *l) {
  for (int i = 0; i < m->net.nnodes; i++)
    if (m->net.nodes[i].layer == l)
      return keras_node_nest(&m->net, i);
  return NULL;
}

/* A nested model as Keras saves one: its group "<key>/vars" (named after the model), then
 * its layer list under "<key>/layers/", a Functional model's InputLayer first: the layers
 * of m's list from `from` on that belong to it. */
static bool add_nest(H5Plan *p, const nnc_model *m, const Nest *nest, int from, int *classes) {
  char key[H5_KEY], under[H5_KEY + 8];
  key_of(key, sizeof key, "layers/", nest->sequential ? "sequential" : "functional",
         classes[nest->sequential]++);
  int counts[H5_KINDS] = {0};
  snprintf(under, sizeof under, "%s/layers/", key);
  if (!add_item(p, nest->name, NULL, "%s/vars", key, 0))
    return false;
  if (!nest->sequential) {
    key_of(key, sizeof key, under, names_layer(NNC_LAYER_INPUT)->prefix,
           counts[NNC_LAYER_INPUT]++);
    if (!add_item(p, nest->input_name, NULL, "%s/vars", key, 0))
      return false;
  }
  for (int i = from; i < m->nlayers; i++)
    if (nest_of(m, m->layers[i]) == nest && !add_layer(p, m->layers[i], under, counts))
      return false;
  return true;
}

/* A compiled model's optimizer: the group "optimizer/vars" (named after the optimizer, as
 * compile_config names it) and its variables "optimizer/vars/<i>" (optimizer_vars.c). */
static nnc_status add_optimizer(H5Plan *p, nnc_model *m, const char *fn) {
  OptVar *v = NULL;
  int n = 0;
  nnc_status s = keras_opt_vars(m, fn, &v, &n);
  if (s != NNC_OK || n == 0)
    return s;
  p->opt = base_calloc((size_t)n, sizeof *p->opt);
  if (!p->opt)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  if (s == NNC_OK) { /* short paths: they fit */
    keras_opt_default_name(m->copt.optimizer.kind, p->opt_name, sizeof p->opt_name);
    add_item(p, NULL, NULL, "%s", "optimizer", 0);
    add_item(p, p->opt_name, NULL, "%s", "optimizer/vars", 0);
  }
  for (int i = 0; s == NNC_OK && i < n; i++) {
    s = keras_opt_var_value(m, &v[i], &p->opt[p->nopt]);
    if (s == NNC_OK)
      add_item(p, NULL, p->opt[p->nopt++], "%s/%d", "optimizer/vars", i);
  }
  base_free(v);
  return s;
}

/* Every group and dataset of the model's file, in Keras's order: its layer list (a
 * Sequential model's without the InputLayer), a nested model where its first layer is, then
 * with `optimizer` a compiled model's optimizer. */
static nnc_status plan(nnc_model *m, const char *fn, const char *path, bool optimizer,
                       H5Plan *p) {
  OptVar *ov = NULL;
  int nov = 0;
  nnc_status s = optimizer ? keras_opt_vars(m, fn, &ov, &nov) : NNC_OK;
  base_free(ov);
  if (s != NNC_OK)
    return s;
  int n = 2 * m->net.nnests + 1 + (nov ? nov + 2 : 0);
  for (int i = 0; i < m->nlayers; i++)
    n += m->layers[i]->nweights + 1;
  *p = (H5Plan){0};
  p->items = base_calloc((size_t)n + 1, sizeof *p->items);
  p->paths = base_calloc((size_t)n + 1, sizeof *p->paths);
  p->w = base_calloc((size_t)n + 1, sizeof *p->w);
  p->layers = base_calloc((size_t)m->nlayers + 1, sizeof *p->layers);
  int counts[H5_KINDS] = {0}, classes[2] = {0};
  bool ok = p->items && p->paths && p->w && p->layers;
  if (ok) {
    p->items[p->n++] = (FmtH5Item){"vars", keras_model_name(m), NULL};
    for (int i = 0; ok && i < m->nlayers; i++) {
      const Nest *nest = nest_of(m, m->layers[i]);
      if (nest && (i == 0 || nest_of(m, m->layers[i - 1]) != nest))
        ok = add_nest(p, m, nest, i, classes);
      else if (!nest && !(m->layers[i]->kind == NNC_LAYER_INPUT && keras_sequential(m)))
        ok = add_layer(p, m->layers[i], "layers/", counts);
    }
    if (!ok)
      s = base_error(NNC_ERR_ARG, "%s: %s: a layer name is too long for the file", fn, path);
    if (s == NNC_OK && optimizer)
      s = add_optimizer(p, m, fn);
  } else {
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  if (s != NNC_OK)
    plan_free(p);
  return s;
}

nnc_status keras_h5_save(nnc_model *m, const char *fn, const char *path) {
  H5Plan p;
  nnc_status s = plan(m, fn, path, true, &p);
  if (s != NNC_OK)
    return s;
  s = fmt_h5_write(path, p.n, p.items);
  plan_free(&p);
  return s;
}

nnc_status keras_h5_image(nnc_model *m, const char *fn, const char *path, void **image,
                          size_t *size) {
  H5Plan p;
  nnc_status s = plan(m, fn, path, true, &p);
  if (s != NNC_OK)
    return s;
  s = fmt_h5_image(path, p.n, p.items, image, size);
  plan_free(&p);
  return s;
}

nnc_status keras_h5_load(nnc_model *m, const char *fn, const char *path, bool skip_mismatch) {
  H5Plan p;
  nnc_status s = plan(m, fn, path, false, &p);
  if (s != NNC_OK)
    return s;
  StSet *set = NULL;
  OptLoad opt = {0};
  char name[32];
  keras_opt_default_name(m->copt.optimizer.kind, name, sizeof name);
  s = fmt_h5_read(path, "layers/", &set);
  if (s == NNC_OK && !skip_mismatch)
    s = keras_check_tensors(path, set, p.w, p.nw, "weight");
  if (s == NNC_OK)
    s = keras_opt_vars_read(m, fn, path, path, name, &opt);
  if (s == NNC_OK && skip_mismatch)
    s = keras_skip_mismatch_load(m, path, set, p.layers, p.nlayers);
  else if (s == NNC_OK)
    keras_copy_tensors(set, p.w, p.nw);
  keras_opt_vars_done(m, &opt, s == NNC_OK);
  fmt_st_free(set);
  plan_free(&p);
  return s;
}
