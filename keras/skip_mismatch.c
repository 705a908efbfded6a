/* skip_mismatch.c — load_weights(skip_mismatch=True): the layers whose variables fit.
 *
 * Keras 3's saving_lib loads a .weights.h5 file (or a .keras archive's copy) layer by layer:
 * a layer whose group in the file holds another number of variables than the layer has (a
 * layer the file lacks holds none) takes nothing ("Layer 'out' expected 1 variables, but
 * received 2 variables during loading. ..."); otherwise its variables are assigned in order,
 * and the first one of another shape stops the layer there, those before it keeping what
 * they took (variable.assign's "The shape of the target variable and the shape of the target
 * value ..."). The file's groups no layer asks for are ignored. Keras then warns once,
 * naming the first failure's error and listing every layer that failed, and so does nnc,
 * word for word: the target variable is shown as Keras's repr shows it, its value printed
 * as numpy prints an array (ndarray's str).
 *
 * Two things Keras would load are refused, as nnc refuses them without skip_mismatch, and
 * before anything changes: a dataset of another dtype (Keras casts it) and a layer's
 * datasets not numbered 0, 1, ... (a file nnc or Keras did not write).
 */
#include <stdio.h>
#include <string.h>

#include "keras.h"
#include "ndarray.h"

typedef struct {
  int take;                     /* the leading variables that load */
  int bad;                      /* -1: all load; else the variable of another shape, or ... */
  int saved;                    /* ... with bad == n, the file's count when it differs */
} Fit;

/* The datasets directly under group ("<group>/0", ...) in set. */
static int saved_count(const StSet *set, const char *group) {
  size_t len = strlen(group);
  int n = 0;
  for (int i = 0; i < set->n; i++) {
    const char *name = set->tensors[i].name;
    n += strncmp(name, group, len) == 0 && name[len] == '/' && !strchr(name + len + 1, '/');
  }
  return n;
}

static bool same_shape(const nnc_tensor *a, const nnc_tensor *b) {
  return a->rank == b->rank && memcmp(a->shape, b->shape, (size_t)a->rank * sizeof *a->shape) == 0;
}

/* What of layer l loads, or an error naming path. */
static nnc_status fit_layer(const H5Layer *l, const StSet *set, const char *path, Fit *f) {
  *f = (Fit){0, -1, 0};
  int saved = saved_count(set, l->group);
  if (saved != l->n) {
    *f = (Fit){0, l->n, saved};
    return NNC_OK;
  }
  for (int i = 0; i < l->n; i++) {
    const nnc_tensor *t = fmt_st_get(set, l->w[i].name), *mine = l->w[i].t;
    if (!t)
      return base_error(NNC_ERR_CORRUPT, "%s: tensor '%s' is missing (the group holds %d)",
                        path, l->w[i].name, saved);
    if (t->dtype != mine->dtype)
      return base_error(NNC_ERR_TYPE, "%s: tensor '%s': expected %s, found %s", path,
                        l->w[i].name, rt_dtype_name(mine->dtype), rt_dtype_name(t->dtype));
    if (f->bad < 0 && !same_shape(t, mine))
      f->bad = i;
    if (f->bad < 0)
      f->take = i + 1;
  }
  return NNC_OK;
}

/* Keras's variable.path of layer l's i-th weight: found by its tensor among the model's
 * weights ("out/kernel"), after a Sequential model's name ("seq/out/kernel"), as
 * optimizer_vars.c names the optimizer's slots. */
typedef struct {
  const nnc_tensor *t;
  char path[320];
} PathOf;

static int find_path(void *user, const char *name, Weight *w) {
  PathOf *p = user;
  if (w->t != p->t)
    return 0;
  snprintf(p->path + strlen(p->path), sizeof p->path - strlen(p->path), "%s", name);
  return 1;
}

/* Keras's repr of the layer's variable i: "<Variable path=seq/out/kernel, shape=(4, 5),
 * dtype=float32, value=[[...]]>". */
static void variable_repr(BaseBuf *b, const nnc_model *m, const H5Layer *l, int i) {
  const nnc_tensor *t = l->w[i].t;
  PathOf p = {t, ""};
  if (keras_sequential(m))
    snprintf(p.path, sizeof p.path, "%.200s/", keras_model_name(m));
  keras_model_weights(m, find_path, &p);
  char shape[128];
  NdArray *a = nd_from_tensor(t);
  char *value = a ? nd_str(a) : NULL;
  base_buf_printf(b, "<Variable path=%s, shape=%s, dtype=%s, value=%s>", p.path,
                  base_tuple_text(t->rank, t->shape, shape, sizeof shape),
                  t->dtype == NNC_F64 ? "float64" : "float32", value ? value : "?");
  base_free(value);
  nd_unref(a);
}

/* The error Keras's load_own_variables raises for the layer. */
static void layer_error(BaseBuf *b, const nnc_model *m, const H5Layer *l, const StSet *set,
                        const Fit *f) {
  if (f->bad == l->n) {
    base_buf_printf(b, "Layer '%s' expected %d variables, but received %d variables during "
                    "loading. Expected: [", l->l->name, l->n, f->saved);
    for (int i = 0, k = 0; i < l->l->nweights; i++)
      if (l->l->w[i].used)
        base_buf_printf(b, "%s'%s'", k++ ? ", " : "", l->l->w[i].spec->name);
    base_buf_puts(b, "]");
    return;
  }
  const nnc_tensor *t = l->w[f->bad].t, *saved = fmt_st_get(set, l->w[f->bad].name);
  char want[128], got[128];
  base_buf_printf(b, "The shape of the target variable and the shape of the target value in "
                  "`variable.assign(value)` must match. variable.shape=%s, Received: "
                  "value.shape=%s. Target variable: ",
                  base_tuple_text(t->rank, t->shape, want, sizeof want),
                  base_tuple_text(saved->rank, saved->shape, got, sizeof got));
  variable_repr(b, m, l, f->bad);
}

static void layer_repr(BaseBuf *b, const Layer *l) {
  base_buf_printf(b, "<%s name=%s, built=%s>", names_layer((int)l->kind)->cls, l->name,
                  l->built ? "True" : "False");
}

/* saving_lib's _raise_loading_failure, as a warning: the count, the first failure's error,
 * and every layer that failed. */
static nnc_status warn(const nnc_model *m, const H5Layer *layers, const Fit *fits, int n,
                       int failed, const StSet *set) {
  BaseBuf b = {0};
  int first = 0;
  while (fits[first].bad < 0)
    first++;
  base_buf_printf(&b, "A total of %d objects could not be loaded. Example error message for "
                  "object ", failed);
  layer_repr(&b, layers[first].l);
  base_buf_puts(&b, ":\n\n");
  layer_error(&b, m, &layers[first], set, &fits[first]);
  base_buf_puts(&b, "\n\nList of objects that could not be loaded:\n[");
  for (int i = first, k = 0; i < n; i++) {
    if (fits[i].bad < 0)
      continue;
    base_buf_puts(&b, k++ ? ", " : "");
    layer_repr(&b, layers[i].l);
  }
  base_buf_puts(&b, "]");
  nnc_status s = b.nomem ? base_error(NNC_ERR_NOMEM, "load_weights: out of memory") : NNC_OK;
  if (s == NNC_OK)
    base_log(NNC_LOG_WARNING, "UserWarning: %s\n", b.p); /* as Python prints Keras's warnings */
  base_buf_free(&b);
  return s;
}

nnc_status keras_skip_mismatch_load(const nnc_model *m, const char *path, const StSet *set,
                                    const H5Layer *layers, int n) {
  Fit *fits = base_calloc((size_t)n + 1, sizeof *fits);
  if (!fits)
    return base_error(NNC_ERR_NOMEM, "load_weights: out of memory");
  nnc_status s = NNC_OK;
  int failed = 0;
  for (int i = 0; s == NNC_OK && i < n; i++) {
    s = fit_layer(&layers[i], set, path, &fits[i]);
    failed += fits[i].bad >= 0;
  }
  if (s == NNC_OK && failed)
    s = warn(m, layers, fits, n, failed, set); /* a failed variable keeps its value */
  for (int i = 0; s == NNC_OK && i < n; i++)
    keras_copy_tensors(set, layers[i].w, fits[i].take);
  base_free(fits);
  return s;
}
