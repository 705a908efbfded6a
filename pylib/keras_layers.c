/* keras_layers.c — a model's layer objects and the weights of layers and models.
 *
 * A model keeps the object of each of its nnc layer ids (the layer a model file added or
 * called, a nested model, or one made here when first asked for: an InputLayer, a loaded
 * model's layers), so model.layers gives back the objects the file made. A layer holds a
 * reference to the last model it joined, whose weights are its own (as a Keras layer keeps
 * its variables), so layer.get_weights() reads them even once the file dropped the model;
 * the cycle this makes is the collector's. Weights are named as
 * nnc_model_weight names them ("dense/kernel", a nested model's "sequential/dense/kernel"),
 * in layers.def's order, which is Keras's; they exist once the model is compiled.
 * model.weights are keras.Variables of those names (keras_variable.c).
 */
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "pylib.h"

enum { MAX_LAYER_WEIGHTS = 8 };

static bool ok(Interp *I, nnc_status st) {
  if (st == NNC_OK)
    return true;
  pl_raise_status(I, st);
  return false;
}

static const char *model_name(Interp *I, PlModel *pm) {
  Obj *n = pm->dict ? fe_dict_getstr(I, pm->dict, "name") : NULL;
  return n && FE_ISA(I, n, str) ? FE_STR(n)->s : "?";
}

/* ---- the model's objects ---- */

/* pm->objs with an item (None until known) for each layer id; false with an exception. */
static bool grow(Interp *I, PlModel *pm) {
  if (!pm->objs && !(pm->objs = fe_list_new(I, 0)))
    return false;
  for (int n = nnc_model_layer_count(pm->m); FE_LIST(pm->objs)->n < n;)
    if (fe_list_append(I, pm->objs, &I->none) < 0)
      return false;
  return true;
}

/* A layer leaving its model (its name is its own: Keras named it when it was made). */
static void leave(Interp *I, KObj *k) {
  Obj *m = &k->model->hd;
  k->model = NULL;
  fe_decref(I, m);
}

static void set_obj(Interp *I, PlModel *pm, int id, Obj *obj) {
  fe_incref(obj);
  fe_setref(I, &FE_LIST(pm->objs)->v[id], obj);
  KObj *k = (KObj *)obj;
  if (!pl_is_kobj(I, obj, KK_DENSE, KK_LAYER))
    return;
  if (k->model != pm) {
    if (k->model)
      leave(I, k);
    fe_incref(&pm->hd);
    k->model = pm;
  }
  k->layer_id = id;
}

bool pl_model_note(Interp *I, PlModel *pm, Obj *obj, int from) {
  if (!grow(I, pm))
    return false;
  int n = nnc_model_layer_count(pm->m);
  /* a layer is the last id it added (an InputLayer its input_shape= made comes first); a
   * nested model is every id it added */
  for (int id = pl_is_model(I, obj) ? from : n - 1; id >= from && id < n; id++)
    set_obj(I, pm, id, obj);
  return true;
}

void pl_model_forget(Interp *I, PlModel *pm) {
  for (int64_t i = 0; pm->objs && i < FE_LIST(pm->objs)->n; i++) {
    Obj *o = FE_LIST(pm->objs)->v[i];
    if (o && pl_is_kobj(I, o, KK_DENSE, KK_LAYER) && ((KObj *)o)->model == pm)
      leave(I, (KObj *)o);        /* a cycle the collector breaks, or the interpreter's end */
  }
  fe_setref(I, &pm->objs, NULL);
}

/* The class of keras.layers named type, or Layer for a type without one (a new reference). */
static Obj *layer_class(Interp *I, const char *type) {
  Obj *mod = fe_import(I, "keras.layers");
  Obj *cls = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, type) : NULL;
  if (!cls || cls->cls != I->cls_type || ((Class *)cls)->layout != &pl_layer_layout)
    cls = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, "Layer") : NULL;
  if (cls)
    fe_incref(cls);
  else if (mod)
    fe_throw(I, EXC_RuntimeError, "keras.layers has no Layer class");
  fe_decref(I, mod);
  return cls;
}

/* A layer object for layer id, which the file did not make: it holds the layer's name. */
static bool make_obj(Interp *I, PlModel *pm, int id, const nnc_layer_info *li) {
  Obj *cls = layer_class(I, li->type), *dict = cls ? fe_dict_new(I) : NULL;
  Obj *name = dict ? fe_str_cstr(I, li->name) : NULL;
  Obj *o = name && fe_dict_setstr(I, dict, "name", name) == 0
      ? pl_config_layer_new(I, cls, dict) : NULL;
  if (o)
    set_obj(I, pm, id, o);
  fe_decref(I, o);
  fe_decref(I, name);
  fe_decref(I, dict);
  fe_decref(I, cls);
  return o != NULL;
}

/* Whether layer id is one of Keras's model.layers: a first call, and for Sequential not
 * the InputLayer. */
static bool listed(PlModel *pm, int id, nnc_layer_info *li) {
  return nnc_model_layer(pm->m, id, li) == NNC_OK && li->shared < 0 &&
         (pm->functional || li->kind != NNC_LAYER_INPUT);
}

/* model.layers: a new list of the layer objects in Keras's order (a nested model once). */
Obj *pl_model_layers(Interp *I, Obj *self) {
  PlModel *pm = (PlModel *)self;
  if (!grow(I, pm))
    return NULL;
  Obj *l = fe_list_new(I, 0), *prev = NULL;
  nnc_layer_info li;
  for (int id = 0; l && id < FE_LIST(pm->objs)->n; id++) {
    if (!listed(pm, id, &li))
      continue;
    if (FE_LIST(pm->objs)->v[id] == &I->none && !make_obj(I, pm, id, &li))
      fe_setref(I, &l, NULL);
    Obj *o = l ? FE_LIST(pm->objs)->v[id] : NULL;
    if (o && o != prev && fe_list_append(I, l, o) < 0)
      fe_setref(I, &l, NULL);
    prev = o;
  }
  return l;
}

/* The name of a layer object or a nested model (borrowed from it or its model), or NULL. */
static const char *layer_name(Interp *I, Obj *layer) {
  if (pl_is_model(I, layer))
    return model_name(I, (PlModel *)layer);
  KObj *k = (KObj *)layer;
  Obj *n = pl_kobj_arg(I, layer, "name");
  nnc_layer_info li;
  if (n && FE_ISA(I, n, str))
    return FE_STR(n)->s;
  return k->model && nnc_model_layer(k->model->m, k->layer_id, &li) == NNC_OK ? li.name : NULL;
}

/* Keras's error for a name none of layers has. */
static void no_such_layer(Interp *I, Obj *name, List *layers) {
  Obj *names = fe_list_new(I, 0), *s = NULL;
  for (int64_t k = 0; names && k < layers->n; k++) {
    const char *n = layer_name(I, layers->v[k]);
    Obj *v = fe_str_cstr(I, n ? n : "?");
    if (!v || fe_list_append(I, names, v) < 0)
      fe_setref(I, &names, NULL);
    fe_decref(I, v);
  }
  Obj *shown = names ? fe_repr(I, names) : NULL;
  if (shown && (s = fe_str(I, name)))
    fe_throw(I, EXC_ValueError, "No such layer: %s. Existing layers are: %s.", FE_STR(s)->s,
             FE_STR(shown)->s);
  fe_decref(I, s);
  fe_decref(I, shown);
  fe_decref(I, names);
}

/* model.get_layer(name=None, index=None), with Keras's messages. */
Obj *pl_model_get_layer(Interp *I, Obj *self, Obj **args) {
  Obj *name = args[0], *index = args[1];
  if (name != &I->none && index != &I->none) {
    Obj *r = fe_str(I, name);
    Obj *e = r ? fe_throw(I, EXC_ValueError, "Provide only a layer name or a layer index. "
                          "Received: index=%lld, name=%s.", (long long)(fe_is_int(I, index)
                              ? ((Int *)index)->v : 0), FE_STR(r)->s) : NULL;
    fe_decref(I, r);
    return e;
  }
  if (name == &I->none && index == &I->none)
    return fe_throw(I, EXC_ValueError, "Provide either a layer name or layer index at "
                    "`get_layer`.");
  Obj *layers = pl_model_layers(I, self), *found = NULL;
  List *l = layers ? FE_LIST(layers) : NULL;
  int64_t i = 0;
  if (l && index != &I->none && fe_as_int(I, index, &i) == 0) {
    if (l->n <= i)
      fe_throw(I, EXC_ValueError, "Was asked to retrieve layer at index %lld but model only has "
               "%lld layers.", (long long)i, (long long)l->n);
    else if (i >= -l->n)
      found = l->v[i < 0 ? i + l->n : i];
    else
      fe_throw(I, EXC_IndexError, "list index out of range");
  }
  for (int64_t k = 0; l && index == &I->none && !found && k < l->n; k++) {
    const char *s = layer_name(I, l->v[k]);
    if (s && FE_ISA(I, name, str) && strcmp(s, FE_STR(name)->s) == 0)
      found = l->v[k];
  }
  if (l && !found && !I->exc_pending)
    no_such_layer(I, name, l);
  if (found)
    fe_incref(found);
  fe_decref(I, layers);
  return found;
}

/* ---- weights ---- */


/* Keras builds a model at its Inputs, so its weights exist before compile: pm's model is
 * built at its inputs' shapes when they are all known (several inputs side by side, as
 * nnc_model_pack_inputs lays them out); otherwise it stays as it is. */
static void build_at_inputs(PlModel *pm) {
  int n = nnc_model_input_count(pm->m, 0, NULL), id;
  int64_t packed = 0;
  nnc_layer_info li;
  for (int k = 0; k < n; k++) {
    if (nnc_model_input_count(pm->m, k, &id) < 1 || nnc_model_layer(pm->m, id, &li) != NNC_OK ||
        li.rank < 1)
      return;
    int64_t numel = 1;
    for (int d = 0; d < li.rank; d++)
      numel *= li.shape[d];
    packed += numel;
  }
  if (n == 1)
    nnc_model_build(pm->m, li.rank, li.shape);
  else if (n > 1)
    nnc_model_build(pm->m, 1, &packed);
}

/* Which weights: all, or those that train (trainable_weights: of a trainable kind, in a
 * layer not frozen), or the others. */
typedef enum { W_ALL, W_TRAINABLE, W_FROZEN } Which;

static bool wanted(Which which, const WeightSpec *w, const nnc_layer_info *li) {
  bool trains = w->kind == WK_TRAINABLE && li->trainable_params > 0;
  return which == W_ALL || trains == (which == W_TRAINABLE);
}

/* The weights of layer id of pm (of the model nested as nest, or NULL) in Keras's order,
 * those `which` asks for appended to t[*n...]: at most MAX_LAYER_WEIGHTS, and as Variables
 * to the list vars unless it is NULL; none while the model is not built (build_at_inputs
 * builds it when it can). False with an exception when a compiled model lacks them. */
static bool layer_tensors(Interp *I, PlModel *pm, int id, const char *nest, Which which,
                          nnc_tensor **t, int *n, Obj *vars) {
  if (!pm->compiled)
    build_at_inputs(pm);
  nnc_layer_info li;
  if (!ok(I, nnc_model_layer(pm->m, id, &li)))
    return false;
  const LayerRow *row = names_layer((int)li.kind);
  int found = 0;
  for (int k = 0; row && k < row->nweights && k < MAX_LAYER_WEIGHTS; k++) {
    char path[512];
    snprintf(path, sizeof path, "%s%s%s/%s", nest ? nest : "", nest ? "/" : "", li.name,
             row->weights[k].name);
    nnc_tensor *w = nnc_model_weight(pm->m, path);
    found += w != NULL;
    if (!wanted(which, &row->weights[k], &li))
      continue;
    if (w)
      t[(*n)++] = w;
    Obj *v = w && vars ? pl_variable_new(I, pm, path) : NULL;
    if (w && vars && (!v || fe_list_append(I, vars, v) < 0)) {
      fe_decref(I, v);
      return false;
    }
    fe_decref(I, v);
  }
  if (found || !row || row->nweights == 0)
    return true;
  if (!pm->compiled) /* not built yet: no weights, as Keras lists them */
    return true;
  fe_throw(I, EXC_NotImplementedError, "nnc cannot find the weights of layer '%s' of model "
           "'%s'", li.name, model_name(I, pm));
  return false;
}

/* The weights of pm `which` asks for, layer by layer, into a new array *t of *n (the caller
 * frees it). */
static bool model_tensors(Interp *I, PlModel *pm, Which which, nnc_tensor ***t, int *n,
                          Obj *vars) {
  int count = nnc_model_layer_count(pm->m);
  *n = 0;
  *t = grow(I, pm) ? base_calloc((size_t)count * MAX_LAYER_WEIGHTS + 1, sizeof **t) : NULL;
  if (!*t) {
    if (!I->exc_pending)
      fe_nomem(I);
    return false;
  }
  nnc_layer_info li;
  bool good = true;
  for (int id = 0; good && id < count; id++) {
    Obj *o = FE_LIST(pm->objs)->v[id];
    const char *nest = pl_is_model(I, o) && o != &pm->hd ? model_name(I, (PlModel *)o) : NULL;
    good = nnc_model_layer(pm->m, id, &li) != NNC_OK || li.shared >= 0 ||
           layer_tensors(I, pm, id, nest, which, *t, n, vars);
  }
  if (!good)
    base_free(*t);
  return good;
}

/* A new list of arrays, copies of t[0..n). */
static Obj *arrays_of(Interp *I, nnc_tensor *const *t, int n) {
  Obj *l = fe_list_new(I, 0);
  for (int i = 0; l && i < n; i++) {
    Obj *a = pl_array_wrap(I, nd_from_tensor(t[i]));
    if (!a || fe_list_append(I, l, a) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, a);
  }
  return l;
}

/* v as a new tensor of w's dtype, once its shape is w's; NULL with Keras's error. */
static nnc_tensor *value_tensor(Interp *I, const char *who, nnc_tensor *w, Obj *v) {
  NdArray *a = pl_array_arg(I, v);
  if (!a)
    return NULL;
  int64_t dim[8];
  int rank = nnc_tensor_rank(w);
  bool same = a->ndim == rank && rank <= 8;
  for (int d = 0; d < rank && d < 8; d++) {
    dim[d] = nnc_tensor_dim(w, d);
    same = same && a->shape[d] == dim[d];
  }
  nnc_tensor *t = NULL;
  if (!same) {
    char x[160], y[160];
    fe_throw(I, EXC_ValueError, "Layer %s weight shape %s is not compatible with provided "
             "weight shape %s.", who, base_tuple_text(rank < 8 ? rank : 8, dim, x, sizeof x),
             base_tuple_text(a->ndim, a->shape, y, sizeof y));
  } else {
    ok(I, nd_to_tensor(a, nnc_tensor_dtype(w), &t));
  }
  nd_unref(a);
  return t;
}

/* Copies values (a sequence of arrays) into t[0..n), the weights of `who`, after checking
 * their count and shapes as Keras does; nothing changes on failure. */
static bool assign(Interp *I, const char *who, nnc_tensor *const *t, int n, Obj *values) {
  Obj *const *v;
  int64_t nv;
  if (!fe_seq_items(I, values, &v, &nv)) {
    fe_throw(I, EXC_TypeError, "set_weights takes a list of arrays, found %s",
             fe_typename(values));
    return false;
  }
  if (nv != n) {
    fe_throw(I, EXC_ValueError, "You called `set_weights(weights)` on layer '%s' with a weight "
             "list of length %lld, but the layer was expecting %d weights.", who, (long long)nv,
             n);
    return false;
  }
  nnc_tensor **src = base_calloc((size_t)n + 1, sizeof *src);
  bool good = src != NULL;
  if (!good)
    fe_nomem(I);
  for (int i = 0; good && i < n; i++)
    good = (src[i] = value_tensor(I, who, t[i], v[i])) != NULL;
  for (int i = 0; good && i < n; i++)
    memcpy(nnc_tensor_data(t[i]), nnc_tensor_cdata(src[i]),
           (size_t)nnc_tensor_numel(t[i]) * rt_dtype_size(nnc_tensor_dtype(t[i])));
  for (int i = 0; src && i < n; i++)
    nnc_tensor_free(src[i]);
  base_free(src);
  return good;
}

/* ---- the members ---- */

/* layer.get_weights(): [] for a layer in no model (Keras's unbuilt layer). */
static Obj *layer_get_weights(Interp *I, Obj *self, Obj **args) {
  (void)args;
  KObj *k = (KObj *)self;
  nnc_tensor *t[MAX_LAYER_WEIGHTS];
  int n = 0;
  if (k->model && !layer_tensors(I, k->model, k->layer_id, NULL, W_ALL, t, &n, NULL))
    return NULL;
  return arrays_of(I, t, n);
}

static Obj *layer_set_weights(Interp *I, Obj *self, Obj **args) {
  KObj *k = (KObj *)self;
  nnc_tensor *t[MAX_LAYER_WEIGHTS];
  int n = 0;
  if (k->model && !layer_tensors(I, k->model, k->layer_id, NULL, W_ALL, t, &n, NULL))
    return NULL;
  return assign(I, layer_name(I, self), t, n, args[0]) ? fe_none(I) : NULL;
}

Obj *pl_model_get_weights(Interp *I, Obj *self, Obj **args) {
  (void)args;
  nnc_tensor **t;
  int n;
  if (!model_tensors(I, (PlModel *)self, W_ALL, &t, &n, NULL))
    return NULL;
  Obj *l = arrays_of(I, t, n);
  base_free(t);
  return l;
}

Obj *pl_model_set_weights(Interp *I, Obj *self, Obj **args) {
  nnc_tensor **t;
  int n;
  if (!model_tensors(I, (PlModel *)self, W_ALL, &t, &n, NULL))
    return NULL;
  bool good = assign(I, model_name(I, (PlModel *)self), t, n, args[0]);
  base_free(t);
  return good ? fe_none(I) : NULL;
}

/* layer.name: the name it was given or Keras's automatic one, given when it was made. */
static Obj *layer_get_name(Interp *I, Obj *self) {
  const char *s = layer_name(I, self);
  return s ? fe_str_cstr(I, s) : fe_none(I);
}

/* layer.weights and its parts: its Variables ([] in no model). */
static Obj *layer_variables(Interp *I, Obj *self, Which which) {
  KObj *k = (KObj *)self;
  nnc_tensor *t[MAX_LAYER_WEIGHTS];
  int n = 0;
  Obj *l = fe_list_new(I, 0);
  if (l && k->model && !layer_tensors(I, k->model, k->layer_id, NULL, which, t, &n, l))
    fe_setref(I, &l, NULL);
  return l;
}

static Obj *layer_weights(Interp *I, Obj *self) {
  return layer_variables(I, self, W_ALL);
}

static Obj *layer_trainable_weights(Interp *I, Obj *self) {
  return layer_variables(I, self, W_TRAINABLE);
}

static Obj *layer_non_trainable_weights(Interp *I, Obj *self) {
  return layer_variables(I, self, W_FROZEN);
}

/* layer.activation: the function, as Keras's activations.get makes it of the argument (a
 * name, None for linear, or a function already). */
static Obj *activation_function(Interp *I, Obj *arg) {
  if (arg && arg != &I->none && !FE_ISA(I, arg, str)) {
    fe_incref(arg);
    return arg;
  }
  Obj *m = fe_import(I, "keras.activations");
  Obj *f = m ? fe_getattr_str(I, m, arg && arg != &I->none ? FE_STR(arg)->s : "linear") : NULL;
  fe_decref(I, m);
  return f;
}

/* The layer's weight named name, as a Variable; NULL with nothing raised when it has none
 * (not in a model, or not one of its kind). */
static Obj *layer_weight(Interp *I, KObj *k, Obj *name) {
  nnc_layer_info li;
  if (!k->model || !FE_ISA(I, name, str))
    return NULL;
  if (!k->model->compiled)
    build_at_inputs(k->model);
  if (nnc_model_layer(k->model->m, k->layer_id, &li) != NNC_OK)
    return NULL;
  const LayerRow *row = names_layer((int)li.kind);
  for (int i = 0; row && i < row->nweights; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", li.name, row->weights[i].name);
    if (strcmp(row->weights[i].name, FE_STR(name)->s) == 0 && nnc_model_weight(k->model->m, path))
      return pl_variable_new(I, k->model, path);
  }
  return NULL;
}

/* Normalization's mean or variance (its weight w) as Keras 3 gives them: reshaped to
 * broadcast over a batch, a dimension for each axis it keeps and 1 for the others ([1, 3]
 * for axis=-1 on samples of 3, [1, 1] for axis=None on samples of 1). */
static Obj *broadcast_statistic(Interp *I, KObj *k, Obj *w) {
  nnc_layer_info li;
  Obj *axis = fe_dict_getstr(I, k->dict, "axis");
  if (nnc_model_layer(k->model->m, k->layer_id, &li) != NNC_OK || !axis || li.rank < 1)
    return fe_incref(w), w;
  int rank = li.rank + 1;
  Obj *shape = fe_tuple_new(I, rank), *kept = NULL;
  if (shape && axis != &I->none)
    kept = FE_ISA(I, axis, int) ? fe_list_new(I, 0) : fe_list_from_iter(I, axis);
  if (kept && FE_ISA(I, axis, int) && fe_list_append(I, kept, axis) < 0)
    fe_setref(I, &kept, NULL);
  bool ok = shape && (axis == &I->none || kept);
  for (int d = 0; ok && d < rank; d++) {
    int64_t dim = 1, a;
    for (int64_t j = 0; kept && ok && j < FE_LIST(kept)->n; j++)
      if ((ok = fe_as_int(I, FE_LIST(kept)->v[j], &a) == 0) && d > 0 && (a + rank) % rank == d)
        dim = li.shape[d - 1];
    ok = ok && (FE_TUPLE(shape)->v[d] = fe_int(I, dim)) != NULL;
  }
  Obj *v = ok ? fe_call_method(I, w, "numpy", NULL, 0) : NULL;
  Obj *r = v ? fe_call_method(I, v, "reshape", &shape, 1) : NULL;
  fe_decref(I, v), fe_decref(I, kept), fe_decref(I, shape);
  return r;
}

/* A layer's attribute; layer.activation as its function; and layer.kernel, layer.bias,
 * layer.gamma, ...: the layer's weight of that name, as a Variable (Normalization's
 * statistics as Keras reshapes them). A library layer's weight
 * wins over its constructor's argument of the same name (Normalization's mean and variance,
 * which Keras keeps as input_mean and input_variance); a subclass's own self.kernel wins over
 * its weight. NULL with nothing raised when the layer has no such attribute or weight. */
Obj *pl_layer_getattr(Interp *I, Obj *self, Obj *name) {
  bool library = !self->cls->layout->user;
  if (FE_ISA(I, name, str) && strcmp(FE_STR(name)->s, "activation") == 0 && library &&
      fe_dict_getstr(I, ((KObj *)self)->dict, "activation"))
    return activation_function(I, fe_dict_getstr(I, ((KObj *)self)->dict, "activation"));
  Obj *r = library ? layer_weight(I, (KObj *)self, name) : NULL;
  if (r && strcmp(fe_typename(self), "Normalization") == 0) /* its mean and variance */
    fe_setref(I, &r, broadcast_statistic(I, (KObj *)self, r));
  if (!r && !I->exc_pending)
    r = fe_generic_getattr(I, self, name);
  if (!r && !I->exc_pending && !library)
    r = layer_weight(I, (KObj *)self, name);
  return r;
}

static Obj *model_variables(Interp *I, Obj *self, Which which) {
  nnc_tensor **t;
  int n;
  Obj *l = fe_list_new(I, 0);
  if (l && !model_tensors(I, (PlModel *)self, which, &t, &n, l))
    fe_setref(I, &l, NULL);
  else if (l)
    base_free(t);
  return l;
}

Obj *pl_model_weights(Interp *I, Obj *self) {
  return model_variables(I, self, W_ALL);
}

Obj *pl_model_trainable_weights(Interp *I, Obj *self) {
  return model_variables(I, self, W_TRAINABLE);
}

Obj *pl_model_non_trainable_weights(Interp *I, Obj *self) {
  return model_variables(I, self, W_FROZEN);
}

const FeGetDef pl_layer_props[] = {
    {"name", layer_get_name, NULL},
    {"weights", layer_weights, NULL},
    {"variables", layer_weights, NULL},
    {"trainable_weights", layer_trainable_weights, NULL},
    {"trainable_variables", layer_trainable_weights, NULL},
    {"non_trainable_weights", layer_non_trainable_weights, NULL},
    {"non_trainable_variables", layer_non_trainable_weights, NULL},
    {NULL, NULL, NULL},
};

/* layer.get_config(): the layer's configuration as Keras writes it, every argument with its
 * value or Keras's default (nnc_model_layer_config); a layer in no model is read as a model
 * of its own would hold it. */
static Obj *layer_get_config(Interp *I, Obj *self, Obj **args) {
  (void)args;
  KObj *k = (KObj *)self;
  char *text = NULL;
  if (k->model) {
    text = nnc_model_layer_config(k->model->m, k->layer_id);
  } else {
    PlJson j = {0};
    nnc_model *m = NULL;
    if (pl_config_json(I, self, &j) && ok(I, nnc_model_new(&m)) &&
        ok(I, nnc_model_add_layer_config(m, fe_typename(self), j.buf)))
      text = nnc_model_layer_config(m, nnc_model_layer_count(m) - 1);
    nnc_model_free(m);
    pl_json_free(&j);
  }
  Obj *r = text ? pl_from_json(I, text, NULL) : I->exc_pending ? NULL : fe_nomem(I);
  nnc_string_free(text);
  return r;
}

const FeFnDef pl_layer_methods[] = {
    {"get_config", layer_get_config, "()", "dict", NULL},
    {"get_weights", layer_get_weights, "()", NULL, NULL},
    {"set_weights", layer_set_weights, "(weights)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
