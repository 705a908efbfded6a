/* keras_model.c — keras.Sequential and keras.Model over the Keras level of nnc.h.
 *
 * A Sequential model makes its nnc_model at once and adds each layer as it is given (in
 * the list or by add()); Model(inputs, outputs) adds the layers its output depends on, in
 * the order their Keras tensors were made (a tensor's inputs are always made first). compile,
 * evaluate, predict, summary and the weight files call the runtime; failures become Python
 * exceptions with nnc's message. summary() prints Keras's table.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, isatty */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names.h"
#include "progress.h"
#include "pylib.h"
#include "saving.h"

static void model_clear(Interp *I, Obj *o) {
  pl_model_forget(I, (PlModel *)o);
  fe_setref(I, &((PlModel *)o)->dict, NULL);
}

static void model_finalize(Interp *I, Obj *o) {
  PlState *st = pl_state(I);
  if (st && st->last_model == (PlModel *)o)
    st->last_model = NULL;
  nnc_model_free(((PlModel *)o)->m);
  ((PlModel *)o)->m = NULL;
}

static void model_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PlModel *)o)->dict)
    visit(((PlModel *)o)->dict, arg);
  if (((PlModel *)o)->objs)
    visit(((PlModel *)o)->objs, arg);
}

static Obj *model_repr(Interp *I, Obj *o) {
  PlModel *pm = (PlModel *)o;
  Obj *n = pm->dict ? fe_dict_getstr(I, pm->dict, "name") : NULL;
  const char *name = n && FE_ISA(I, n, str) ? FE_STR(n)->s : pm->functional
      ? "functional" : "sequential";
  return fe_strf(I, "<%s name=%s, built=%s>", pm->functional ? "Functional" : "Sequential", name,
                 pm->compiled ? "True" : "False");
}

static Obj *m_predict(Interp *I, Obj *self, Obj **args);

/* model(x, training=False) on data: the outputs, as predict(x) gives them, with no progress
 * shown (a numpy array where TensorFlow gives an eager tensor). */
static Obj *call_on_data(Interp *I, Obj *f, Obj *x, Obj *const *kw, Obj *kwnames) {
  for (int64_t i = 0; kwnames && i < FE_TUPLE(kwnames)->n; i++) {
    Obj *name = FE_TUPLE(kwnames)->v[i];
    if (!fe_str_is(name, "training"))
      return fe_throw(I, EXC_TypeError, "model() got an unexpected keyword argument '%s'",
                      FE_STR(name)->s);
    int t = fe_truth(I, kw[i]);
    if (t != 0)
      return t < 0 ? NULL : fe_throw(I, EXC_NotImplementedError, "calling a model with "
                                     "training=True is not supported by nnc yet");
  }
  Obj *quiet = fe_int(I, 0);
  Obj *args[5] = {x, &I->none, quiet, &I->none, &I->none};
  Obj *r = quiet ? m_predict(I, f, args) : NULL;
  fe_decref(I, quiet);
  return r;
}

static const char *model_name(Interp *I, Obj *f) {
  Obj *n = ((PlModel *)f)->dict ? fe_dict_getstr(I, ((PlModel *)f)->dict, "name") : NULL;
  return n && FE_ISA(I, n, str) ? FE_STR(n)->s : "?";
}

/* model(x) on a Keras tensor: the model nested in the one being built, as one layer (its
 * weights shared); the tensor of its output, whose shape the model knows. */
static Obj *call_on_tensor(Interp *I, Obj *f, Obj *x) {
  nnc_model *m = ((PlModel *)f)->m;
  nnc_layer_info li = {.rank = 0};
  int n = nnc_model_layer_count(m);
  for (int i = 0; i < n && nnc_model_layer(m, i, &li) == NNC_OK && !li.output; i++)
    ;
  if (!li.output || li.rank < 1)
    return fe_throw(I, EXC_ValueError, "model '%s' is called on a Keras tensor before its input "
                    "shape is known: give it an Input(shape=...) or input_shape= first",
                    model_name(I, f));
  int64_t dim[PL_KT_RANK];
  for (int i = 0; i < li.rank && i < PL_KT_RANK; i++)
    dim[i] = li.shape[i];
  Obj *inputs = fe_tuple_pack(I, 1, x);
  Obj *t = inputs ? pl_ktensor_new(I, f, inputs, li.rank, dim) : NULL;
  fe_decref(I, inputs);
  return t;
}

/* model(x): Keras runs the model eagerly on data (as predict does here), or nests it in
 * another model on Keras tensors. */
static Obj *model_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames) {
  int npos = nargs - (kwnames ? (int)FE_TUPLE(kwnames)->n : 0);
  bool several = nnc_model_input_count(((PlModel *)f)->m, 0, NULL) > 1; /* x: a list */
  if (npos == 1 && !pl_is_ktensor(I, args[0]) && (several || !FE_ISA(I, args[0], list)))
    return call_on_data(I, f, args[0], args + 1, kwnames);
  if (npos == 1 && !kwnames && pl_is_ktensor(I, args[0]))
    return call_on_tensor(I, f, args[0]);
  return fe_throw(I, EXC_TypeError, "a model is called with one argument, its inputs (data, as "
                  "for predict, or a Keras tensor)");
}

static const Layout model_layout = {
    .name = "Model", .size = sizeof(PlModel), .dict_offset = offsetof(PlModel, dict),
    .clear = model_clear, .finalize = model_finalize, .traverse = model_traverse,
    .repr = model_repr, .call = model_call,
};

bool pl_is_model(Interp *I, Obj *v) {
  (void)I;
  return v->cls->layout == &model_layout;
}

static bool ok(Interp *I, nnc_status st) {
  if (st == NNC_OK)
    return true;
  pl_raise_status(I, st);
  return false;
}

static const char *str_or_null(Interp *I, Obj *v) {
  return v && FE_ISA(I, v, str) ? FE_STR(v)->s : NULL;
}

/* A new model of class cls: its nnc_model, its name (None: Keras's next automatic one;
 * NULL: none, for a model whose nnc_model is replaced by a loaded one or a layer's own) and
 * with a name the next model seed. */
static PlModel *new_model(Interp *I, Obj *cls, Obj *name, bool functional) {
  PlModel *pm = (PlModel *)fe_new(I, (Class *)cls, sizeof(PlModel));
  if (!pm)
    return NULL;
  pm->functional = functional;
  PlState *st = pl_state(I);
  char auto_name[64];
  Obj *made = NULL;
  if (name == &I->none) { /* Keras's auto_name: sequential, sequential_1, ... */
    pl_unique_name(I, functional ? "functional" : "sequential", auto_name, sizeof auto_name);
    name = made = fe_str_new(I, auto_name, strlen(auto_name));
  }
  Obj *stop = fe_bool(I, false);
  bool good = (pm->dict = fe_dict_new(I)) && ok(I, nnc_model_new(&pm->m)) &&
              (!name || ok(I, nnc_model_set_seed(pm->m, pl_model_seed(I)))) &&
              fe_dict_setstr(I, pm->dict, "name", name ? name : &I->none) == 0 &&
              fe_dict_setstr(I, pm->dict, "stop_training", stop) == 0;
  fe_decref(I, stop);
  if (good && name && name != &I->none && FE_ISA(I, name, str))
    good = ok(I, nnc_model_set_name(pm->m, FE_STR(name)->s));
  fe_decref(I, made);
  if (!good) {
    fe_decref(I, (Obj *)pm);
    return NULL;
  }
  st->last_model = pm;
  return pm;
}

/* The input's size once the model knows it (a first layer's input_shape= made it). */
static void note_input(PlModel *pm) {
  nnc_layer_info li;
  if (nnc_model_layer(pm->m, 0, &li) == NNC_OK && li.kind == NNC_LAYER_INPUT)
    pm->features = li.units;
}

/* ---- Sequential ---- */

/* keras.Input(shape=...) first in a Sequential model: its InputLayer, of any rank. */
static bool add_input(Interp *I, PlModel *pm, KTensor *t) {
  PlJson j = {0};
  Obj *name = fe_dict_getstr(I, t->config, "name");
  bool good = pl_json_put(I, &j, "{\"shape\": ", fe_dict_getstr(I, t->config, "shape")) &&
              (!str_or_null(I, name) || pl_json_put(I, &j, ", \"name\": ", name)) &&
              pl_json_put(I, &j, "}", NULL) &&
              ok(I, nnc_model_add_layer_config(pm->m, "InputLayer", j.buf));
  pl_json_free(&j);
  note_input(pm);
  return good;
}

/* One item of Sequential([...]) or model.add(...): an Input tensor or a layer. */
static bool add_layer(Interp *I, PlModel *pm, Obj *item) {
  int n = nnc_model_layer_count(pm->m);
  PlJson j = {0};
  if (pl_is_ktensor(I, item) && !((KTensor *)item)->layer)
    return add_input(I, pm, (KTensor *)item);
  char unused[64];
  if (n == 0)   /* Keras makes the InputLayer of a model without Input(...), which counts */
    pl_unique_name(I, "input_layer", unused, sizeof unused);
  if (pl_is_model(I, item)) { /* a model nested as one layer, its weights shared */
    bool good = ok(I, nnc_model_add_model(pm->m, ((PlModel *)item)->m)) &&
                pl_model_note(I, pm, item, n);
    note_input(pm);
    return good;
  }
  if (pl_is_kobj(I, item, KK_DENSE, KK_LAYER) && !pl_is_kobj(I, item, KK_ADD, KK_CONCATENATE) &&
      ((KObj *)item)->model) {
    KObj *k = (KObj *)item;   /* in a model already: the same layer, its weights shared */
    bool good = ok(I, nnc_model_share_layer(pm->m, k->model->m, k->layer_id, 0, NULL, NULL)) &&
                pl_model_note(I, pm, item, n);
    note_input(pm);
    return good;
  }
  if (pl_is_kobj(I, item, KK_LAYER, KK_LAYER) || pl_is_kobj(I, item, KK_DENSE, KK_DENSE)) {
    bool good = pl_config_json(I, item, &j) &&
                ok(I, nnc_model_add_layer_config(pm->m, fe_typename(item), j.buf)) &&
                pl_adapt_in(I, item, pm->m, nnc_model_layer_count(pm->m) - 1) &&
                pl_model_note(I, pm, item, n);
    pl_json_free(&j);
    note_input(pm);
    return good;
  }
  if (pl_is_kobj(I, item, KK_ADD, KK_CONCATENATE)) {
    fe_throw(I, EXC_TypeError,
             "%s joins several tensors and cannot be a layer of a Sequential model; "
             "use the functional API (Model(inputs, outputs))", fe_typename(item));
    return false;
  }
  if (!pl_is_kobj(I, item, KK_ACTIVATION, KK_ACTIVATION)) {
    fe_throw(I, EXC_TypeError,
             "a Sequential model's layers must be layers such as Dense(...), found %s",
             pl_is_ktensor(I, item) ? "a Keras tensor" : fe_typename(item));
    return false;
  }
  if (n == 0) {
    fe_throw(I, EXC_ValueError, "an Activation layer cannot come first: give the input size with "
             "Input(shape=...) or input_shape= before it");
    return false;
  }
  /* by its config: the activation may carry arguments */
  bool good = pl_config_json(I, item, &j) &&
              ok(I, nnc_model_add_layer_config(pm->m, "Activation", j.buf)) &&
              pl_model_note(I, pm, item, n);
  pl_json_free(&j);
  return good;
}

/* ---- a layer called on data ---- */

/* The classes a layer called on an array computes now (Keras's eager call). */
static bool eager_class(const char *cls) {
  static const char *const ok_classes[] = {"Dense", "Normalization", "Flatten", "Dropout",
      "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", NULL};
  for (int i = 0; ok_classes[i]; i++)
    if (strcmp(cls, ok_classes[i]) == 0)
      return true;
  return false;
}

/* The layer alone in a new model of no name whose input is a sample of x (a new
 * reference); NULL raised. */
static PlModel *alone(Interp *I, Obj *layer, Obj *x) {
  const char *cls = fe_typename(layer);
  if (!eager_class(cls))
    return fe_throw(I, EXC_NotImplementedError, "calling a %s layer on data (an array) is "
                    "not supported by nnc yet: put it in a model, or call it on a Keras tensor",
                    cls), NULL;
  NdArray *a = pl_array_arg(I, x);
  if (!a)
    return NULL;
  int64_t dim[PL_KT_RANK];
  int rank = a->ndim - 1;
  for (int d = 0; d < rank && d < PL_KT_RANK; d++)
    dim[d] = a->shape[d + 1];
  nd_unref(a);
  if (rank < 1 || rank > PL_KT_RANK)
    return fe_throw(I, EXC_ValueError, "a %s layer called on data takes a batch of samples of "
                    "rank 1 to %d, found an array of rank %d", cls, PL_KT_RANK, rank + 1), NULL;
  PlState *st = pl_state(I);
  PlModel *last = st->last_model;
  Obj *mod = fe_import(I, "keras.models");
  Obj *seq = mod ? fe_getattr_str(I, mod, "Sequential") : NULL;
  PlModel *pm = seq ? new_model(I, seq, NULL, false) : NULL;
  st->last_model = last;        /* no model of the file's */
  fe_decref(I, seq);
  fe_decref(I, mod);
  if (pm && !(ok(I, nnc_model_add_input_shape(pm->m, rank, dim)) && add_layer(I, pm, layer)))
    fe_setref(I, (Obj **)&pm, NULL);
  return pm;
}

/* layer(x) on an array: the layer alone in a model (alone) predicted on x (Dropout off, as
 * Keras outside training). The first such model keeps the layer (its weights, made by its
 * initializer from the run's seed); a layer already in a model is shared into a new one, so
 * later calls and models see the same weights. */
Obj *pl_layer_on_data(Interp *I, Obj *layer, Obj *x) {
  PlModel *pm = alone(I, layer, x);
  Obj *r = pm ? call_on_data(I, &pm->hd, x, NULL, NULL) : NULL;
  fe_decref(I, pm ? &pm->hd : NULL);
  return r;
}

bool pl_layer_place(Interp *I, Obj *layer, Obj *x) {
  PlModel *pm = alone(I, layer, x);
  fe_decref(I, pm ? &pm->hd : NULL);
  return pm != NULL;
}

/* Keras's Sequential builds a Functional model of its layers once its input is known and it
 * has a layer besides the InputLayer (at the end of Sequential([...]) and after each add), or
 * else at its first fit, evaluate or predict; each build's Functional takes the next
 * automatic name, so a Model(...) made later is "functional_3" after a Sequential of three
 * add()s. */
static void build_named(Interp *I, PlModel *pm) {
  char unused[64];
  pl_unique_name(I, "functional", unused, sizeof unused);
  pm->built = true;
}

static void maybe_rebuild(Interp *I, PlModel *pm) {
  nnc_layer_info li;
  if (nnc_model_layer_count(pm->m) > 1 && nnc_model_layer(pm->m, 0, &li) == NNC_OK &&
      li.kind == NNC_LAYER_INPUT && li.units > 0) /* an input of a known shape */
    build_named(I, pm);
}

/* A Sequential's first use builds it when nothing did before. */
static void build_at_use(Interp *I, PlModel *pm) {
  if (!pm->functional && !pm->built)
    build_named(I, pm);
}

static Obj *sequential_new(Interp *I, Obj *self, Obj **args) {
  PlModel *pm = new_model(I, self, args[2], false);
  if (!pm)
    return NULL;
  if (args[0] != &I->none) {
    Obj *it = fe_iter(I, args[0]);
    for (Obj *x; it && (x = fe_next(I, it));) {
      bool good = add_layer(I, pm, x);
      fe_decref(I, x);
      if (!good)
        break;
    }
    fe_decref(I, it);
  }
  if (I->exc_pending) {
    fe_decref(I, (Obj *)pm);
    return NULL;
  }
  maybe_rebuild(I, pm);
  return (Obj *)pm;
}

static Obj *m_add(Interp *I, Obj *self, Obj **args) {
  PlModel *pm = (PlModel *)self;
  int rebuild = fe_truth(I, args[1]);
  if (rebuild < 0 || !add_layer(I, pm, args[0]))
    return NULL;
  pm->built = false;
  if (rebuild)
    maybe_rebuild(I, pm);
  return fe_none(I);
}

/* ---- Model(inputs, outputs) ---- */

/* The one Keras tensor an argument names (itself, or a list of one). */
static KTensor *one_tensor(Interp *I, Obj *v, const char *what) {
  Obj *const *items;
  int64_t n;
  if (fe_seq_items(I, v, &items, &n)) {
    if (n != 1) {
      fe_throw(I, EXC_NotImplementedError,
               "a model with more than one %s is not supported by nnc run yet", what);
      return NULL;
    }
    v = items[0];
  }
  if (!pl_is_ktensor(I, v)) {
    fe_throw(I, EXC_TypeError, "%ss must be a Keras tensor or a list of them, found %s", what,
             fe_typename(v));
    return NULL;
  }
  return (KTensor *)v;
}

/* Model(inputs=...)'s Keras tensors: one, or a list or tuple of them (borrowed). */
typedef struct {
  int n;
  KTensor *t[64];
} ModelInputs;

static bool model_inputs(Interp *I, Obj *v, ModelInputs *mi) {
  Obj *const *items = &v;
  int64_t n = 1;
  if (fe_seq_items(I, v, &items, &n) && (n < 1 || n > 64)) {
    fe_throw(I, EXC_NotImplementedError, "a model of %lld inputs is not supported by nnc (1 "
             "to 64)", (long long)n);
    return false;
  }
  mi->n = (int)n;
  for (int k = 0; k < mi->n; k++) {
    if (!pl_is_ktensor(I, items[k])) {
      fe_throw(I, EXC_TypeError, "inputs must be a Keras tensor or a list of them, found %s",
               fe_typename(items[k]));
      return false;
    }
    mi->t[k] = (KTensor *)items[k];
    if (mi->t[k]->layer) {
      fe_throw(I, EXC_ValueError,
               "Model's inputs must be Input(...) tensors, not the output of a layer");
      return false;
    }
  }
  return true;
}

/* Adds tensor t (its inputs already in, their ids in ids by serial) to the model. */
static bool add_layer_call(Interp *I, PlModel *pm, KTensor *t, const ModelInputs *mi, int n,
                           const int *in, int *id);

/* first: the tensor of the first call of t's layer when t is a later call (Keras's shared
 * layer: one set of weights, nnc_model_call_layer), else NULL. */
static bool add_tensor(Interp *I, PlModel *pm, KTensor *t, KTensor *first,
                       const ModelInputs *mi, int *ids, int64_t base) {
  int n = (int)FE_TUPLE(t->inputs)->n, *id = &ids[t->serial - base];
  int *in = base_calloc((size_t)n + 1, sizeof *in); /* Add and Concatenate take any number */
  if (!in) {
    fe_nomem(I);
    return false;
  }
  for (int k = 0; k < n; k++)
    in[k] = ids[((KTensor *)FE_TUPLE(t->inputs)->v[k])->serial - base];
  int from = nnc_model_layer_count(pm->m);
  KObj *k = t->layer && !pl_is_model(I, t->layer) ? (KObj *)t->layer : NULL;
  bool good = first ? ok(I, nnc_model_call_layer(pm->m, ids[first->serial - base], n, in, id))
      : k && k->model ? ok(I, nnc_model_share_layer(pm->m, k->model->m, k->layer_id, n, in, id)) &&
                            pl_model_note(I, pm, t->layer, from)   /* another model's layer */
                      : add_layer_call(I, pm, t, mi, n, in, id) &&
                            (!t->layer || pl_model_note(I, pm, t->layer, from));
  base_free(in);
  return good;
}

/* The call of t's layer (or t's Input) on layers in[0..n), its id into *id. */
static bool add_layer_call(Interp *I, PlModel *pm, KTensor *t, const ModelInputs *mi, int n,
                           const int *in, int *id) {
  if (!t->layer) {
    bool given = false;
    for (int k = 0; k < mi->n; k++)
      given = given || mi->t[k] == t;
    if (!given) {
      fe_throw(I, EXC_ValueError,
               "the model's output depends on an Input that is not the model's input");
      return false;
    }
    int64_t width = 1;
    for (int i = 0; i < t->rank; i++)
      width *= t->dim[i];
    pm->features += width;
    return ok(I, nnc_model_input(pm->m, t->rank, t->dim,
                                 str_or_null(I, fe_dict_getstr(I, t->config, "name")), id));
  }
  Obj *layer = t->layer;
  if (pl_is_model(I, layer))
    return ok(I, nnc_model_call_model(pm->m, ((PlModel *)layer)->m, in[0], id));
  const char *name = str_or_null(I, pl_kobj_arg(I, layer, "name"));
  int64_t axis = -1;
  PlJson j = {0};
  bool good;
  switch (((KObj *)layer)->kind) {
  case KK_ACTIVATION:   /* by its config: the activation may carry arguments */
    good = pl_config_json(I, layer, &j) &&
           ok(I, nnc_model_layer_from_config(pm->m, "Activation", j.buf, n, in, id));
    pl_json_free(&j);
    return good;
  case KK_ADD:
    return ok(I, nnc_model_add_layer(pm->m, n, in, name, id));
  case KK_CONCATENATE:
    fe_as_int(I, pl_kobj_arg(I, layer, "axis"), &axis);
    return ok(I, nnc_model_concatenate(pm->m, n, in, (int)axis, name, id));
  case KK_DENSE: case KK_LAYER: case KK_MERGE:
    good = pl_config_json(I, layer, &j) &&
           ok(I, nnc_model_layer_from_config(pm->m, fe_typename(layer), j.buf, n, in, id)) &&
           pl_adapt_in(I, layer, pm->m, *id);
    pl_json_free(&j);
    return good;
  case KK_LOSS: case KK_OPTIMIZER:
  case KK_EARLY_STOPPING: case KK_CALLBACK: case KK_SCHEDULE: case KK_METRIC:
  case KK_CONFIG_OBJECT:
    break;
  }
  fe_throw(I, EXC_TypeError, "%s is not a layer nnc can build", fe_typename(layer));
  return false;
}

/* The tensors out depends on in serial order: a list, collected depth first. */
static bool collect(Interp *I, KTensor *t, Obj *list) {
  for (int64_t k = 0; k < FE_TUPLE(t->inputs)->n; k++)
    if (!collect(I, (KTensor *)FE_TUPLE(t->inputs)->v[k], list))
      return false;
  for (int64_t i = 0; i < FE_LIST(list)->n; i++)
    if (FE_LIST(list)->v[i] == &t->hd)
      return true;
  return fe_list_append(I, list, &t->hd) == 0;
}

static bool in_list(const List *l, const KTensor *t) {
  for (int64_t i = 0; i < l->n; i++)
    if (l->v[i] == &t->hd)
      return true;
  return false;
}

/* The first tensor of l[0..i) that the layer of l[i] made, when that layer is called more
 * than once (a model called twice is nnc_model_call_model's each time); else NULL. */
static KTensor *first_call(Interp *I, const List *l, int64_t i) {
  Obj *layer = ((KTensor *)l->v[i])->layer;
  if (!layer || pl_is_model(I, layer) || ((KObj *)layer)->ncalls < 2)
    return NULL;
  for (int64_t j = 0; j < i; j++)
    if (((KTensor *)l->v[j])->layer == layer)
      return (KTensor *)l->v[j];
  return NULL;
}

static bool lower_graph(Interp *I, PlModel *pm, const ModelInputs *mi, KTensor *output) {
  Obj *list = fe_list_new(I, 0);
  if (!list || !fe_enter_call(I) || !collect(I, output, list)) {
    fe_decref(I, list);
    return false;
  }
  fe_leave_call(I);
  List *l = FE_LIST(list);
  /* in creation order: a tensor's inputs were made before it */
  for (int64_t i = 1; i < l->n; i++)
    for (int64_t j = i; j > 0 &&
         ((KTensor *)l->v[j - 1])->serial > ((KTensor *)l->v[j])->serial; j--) {
      Obj *x = l->v[j];
      l->v[j] = l->v[j - 1];
      l->v[j - 1] = x;
    }
  int64_t base = ((KTensor *)l->v[0])->serial, span = output->serial - base + 1;
  int *ids = base_calloc((size_t)span, sizeof *ids);
  bool good = ids != NULL;
  if (!good)
    fe_nomem(I);
  for (int64_t i = 0; good && i < l->n; i++)
    good = add_tensor(I, pm, (KTensor *)l->v[i], first_call(I, l, i), mi, ids, base);
  if (good)
    good = ok(I, nnc_model_set_outputs(pm->m, 1, &ids[output->serial - base]));
  int order[64];
  for (int k = 0; good && k < mi->n; k++) {
    KTensor *t = mi->t[k];
    if (!in_list(l, t)) {
      fe_throw(I, EXC_NotImplementedError, "input %d of the model does not lead to its output; "
               "nnc needs every input to be used", k);
      good = false;
    } else {
      order[k] = ids[t->serial - base];
    }
  }
  if (good && mi->n > 1)
    good = ok(I, nnc_model_set_inputs(pm->m, mi->n, order));
  base_free(ids);
  fe_decref(I, list);
  return good;
}

static Obj *model_new(Interp *I, Obj *self, Obj **args) {
  ModelInputs mi;
  KTensor *out = model_inputs(I, args[0], &mi) ? one_tensor(I, args[1], "output") : NULL;
  if (!out)
    return NULL;
  if (!out->layer)
    return fe_throw(I, EXC_ValueError,
                    "Model's outputs must come from a layer, not straight from an Input");
  PlModel *pm = new_model(I, self, args[2], true);
  if (pm && !lower_graph(I, pm, &mi, out)) {
    fe_decref(I, (Obj *)pm);
    return NULL;
  }
  return (Obj *)pm;
}

/* ---- compile ---- */

/* The arguments of a row's HP column, read into the nnc struct field of the same name. */
static void read_double(Interp *I, Obj *o, const char *name, double *out) {
  Obj *v = pl_kobj_arg(I, o, name);
  double d;
  if (v && v != &I->none && fe_as_double(I, v, &d) == 0) /* None: the default */
    *out = d;
}

static void read_bool(Interp *I, Obj *o, const char *name, int *out) {
  Obj *v = pl_kobj_arg(I, o, name);
  int b = v ? fe_truth(I, v) : -1;
  if (b >= 0)
    *out = b;
}

/* A number; anything else (a schedule object, None) leaves the default. */
static void read_number(Interp *I, Obj *o, const char *name, double *out) {
  Obj *v = pl_kobj_arg(I, o, name);
  if (v && pl_is_real(I, v))
    fe_as_double(I, v, out);
}

#define READ_LEARNING_RATE read_number
#define READ_NUM read_number
#define READ_NUM_OR_NONE read_number
#define READ_NUMBERS(I, obj, name, out) /* boundaries, values: schedule_lists reads them */
#define READ_POS_NUM read_double
#define READ_NONNEG_NUM read_double
#define READ_POS_NUM_OR_NONE read_double /* None leaves the default, NAN: off */
#define READ_NONNEG_NUM_OR_NONE read_double
#define READ_UNIT read_double
#define READ_FRACTION read_double
#define READ_BOOL read_bool
#define HP(name, type, def) READ_##type(I, obj, #name, &out->name);

/* PiecewiseConstantDecay's lists into the caller's arrays. */
static bool schedule_lists(Interp *I, Obj *obj, PlSchedule *ps) {
  Obj *const *b, *const *v;
  int64_t nb, nv;
  if (!fe_seq_items(I, pl_kobj_arg(I, obj, "boundaries"), &b, &nb) ||
      !fe_seq_items(I, pl_kobj_arg(I, obj, "values"), &v, &nv) || nb < 1 ||
      nv != nb + 1 || nb > PL_MAX_BOUNDARIES) {
    if (!I->exc_pending)
      fe_throw(I, EXC_ValueError, "PiecewiseConstantDecay: boundaries must be a list of 1 to %d "
               "numbers and values a list of one more", PL_MAX_BOUNDARIES);
    return false;
  }
  for (int64_t i = 0; i < nv; i++)
    if ((i < nb && fe_as_double(I, b[i], &ps->boundaries[i]) < 0) ||
        fe_as_double(I, v[i], &ps->values[i]) < 0)
      return false;
  ps->s.nboundaries = (int)nb;
  ps->s.boundaries = ps->boundaries;
  ps->s.values = ps->values;
  return true;
}

/* A schedule object as the nnc_lr_schedule of its row. */
static bool schedule_of(Interp *I, Obj *obj, PlSchedule *ps) {
  nnc_lr_schedule *out = &ps->s;
  *out = nnc_schedule_defaults((nnc_schedule_kind)((KObj *)obj)->id);
  switch (out->kind) {
#define SCHEDULE(id, cls, value, params, doc) case NNC_SCHEDULE_##id: params break;
#include "schedules.def"
  case NNC_SCHEDULE_CUSTOM:
    break;
  }
  if (out->kind == NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY && !schedule_lists(I, obj, ps))
    return false;
  return !I->exc_pending;
}

nnc_optimizer pl_optimizer_options(Interp *I, Obj *opt, PlSchedule *ps) {
  if (FE_ISA(I, opt, str)) {
    int k = pl_optimizer_kind(FE_STR(opt)->s);
    return nnc_optimizer_defaults((nnc_optimizer_kind)(k < 0 ? NNC_OPT_RMSPROP : k));
  }
  nnc_optimizer o = nnc_optimizer_defaults((nnc_optimizer_kind)((KObj *)opt)->id), *out = &o;
  Obj *obj = opt;
  switch (o.kind) {
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) case NNC_OPT_##id: params break;
#include "optimizers.def"
  }
  Obj *lr = pl_kobj_arg(I, opt, "learning_rate");
  if (lr && pl_is_kobj(I, lr, KK_SCHEDULE, KK_SCHEDULE) && schedule_of(I, lr, ps))
    o.learning_rate_schedule = &ps->s;
  return o;
}

#undef HP

/* A loss object's from_logits and other arguments, in its row's order, into the compile
 * options' from_logits and loss_args. */
static void loss_options(Interp *I, Obj *obj, nnc_compile_options *out) {
  int i = 0;
  switch (out->loss) {
#define LOGITS read_bool(I, obj, "from_logits", &out->from_logits);
#define HP(name, type, def) read_double(I, obj, #name, &out->loss_args[i++]);
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) case NNC_LOSS_##id: params break;
#include "losses.def"
#undef HP
  }
}

/* A tensor of y_true, y_pred or sample_weight for nnc_loss_value; NULL with an exception. */
static nnc_tensor *loss_arg(Interp *I, Obj *v, const char *param) {
  return pl_tensor_from(I, v, NNC_F64, false, param);
}

/* loss(y_true, y_pred, sample_weight=None) on data: what a Keras loss object returns, the
 * mean over the batch of each sample's loss (reduction "sum_over_batch_size"), as a float32
 * scalar (TensorFlow's scalar tensor; its .numpy() is itself). */
Obj *pl_loss_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames) {
  Sig *sig = fe_sig_parse(I, "(y_true, y_pred, sample_weight=None)", "Loss.__call__");
  Obj *a[3] = {NULL, NULL, NULL};
  int bound = sig ? fe_bind(I, sig, args, nargs, kwnames, a) : -1;
  fe_decref(I, sig ? &sig->hd : NULL);
  if (bound < 0)
    return NULL;
  nnc_compile_options c = nnc_compile_defaults((nnc_loss_kind)((KObj *)f)->id);
  loss_options(I, f, &c);
  nnc_tensor *y = loss_arg(I, a[0], "y_true"), *p = y ? loss_arg(I, a[1], "y_pred") : NULL;
  nnc_tensor *w = p && a[2] && a[2] != &I->none ? loss_arg(I, a[2], "sample_weight") : NULL;
  Obj *out = NULL;
  double v;
  if (p && (w || !a[2] || a[2] == &I->none) && ok(I, nnc_loss_value(&c, y, p, w, &v)))
    out = pl_scalar_wrap(I, (NdScalar){.dtype = ND_FLOAT32, .f = (float)v});
  nnc_tensor_free(y), nnc_tensor_free(p), nnc_tensor_free(w);
  for (int i = 0; i < 3; i++)
    fe_decref(I, a[i]);
  return out;
}


/* F1Score's or FBetaScore's arguments, which its constructor checked. */
static void f_score_of(Interp *I, Obj *o, nnc_f_score *f) {
  static const char *const averages[] = {"micro", "macro", "weighted"};
  Obj *av = pl_kobj_arg(I, o, "average"), *beta = pl_kobj_arg(I, o, "beta"),
      *th = pl_kobj_arg(I, o, "threshold");
  for (int i = 0; av && i < 3; i++)
    if (fe_str_is(av, averages[i]))
      f->average = (nnc_f_average)(NNC_F_AVERAGE_MICRO + i);
  if (beta && fe_is_number(I, beta))
    fe_as_double(I, beta, &f->beta);
  if (th && fe_is_number(I, th))
    fe_as_double(I, th, &f->threshold);
}

/* A metric object: logged under its name (Keras's default: the metric's), with its
 * argument (BinaryAccuracy's threshold, top-k's k, AUC's curve). */
static void metric_object(Interp *I, Obj *o, nnc_compile_options *c) {
  nnc_metric k = (nnc_metric)((KObj *)o)->id;
  Obj *name = pl_kobj_arg(I, o, "name"), *arg;
  double a = nnc_metric_default_arg(k);
  if (((arg = pl_kobj_arg(I, o, "threshold")) || (arg = pl_kobj_arg(I, o, "k"))) &&
      fe_is_number(I, arg))
    fe_as_double(I, arg, &a);
  else if ((arg = pl_kobj_arg(I, o, "curve")) && FE_ISA(I, arg, str))
    a = fe_str_is(arg, "PR");
  if (k == NNC_METRIC_F1_SCORE || k == NNC_METRIC_FBETA_SCORE)
    f_score_of(I, o, &c->f_scores[c->nmetrics]);
  c->metrics[c->nmetrics] = k;
  c->metric_keys[c->nmetrics] = name && FE_ISA(I, name, str) ? FE_STR(name)->s
                                                              : nnc_metric_name(k);
  c->metric_args[c->nmetrics++] = a;
}

/* A key given before gets Keras's suffix: accuracy, accuracy_1, ... by how many metrics
 * before it had that name (Keras 3's compile makes its metrics' names unique so). */
static void unique_keys(nnc_compile_options *c, char (*buf)[64]) {
  const char *given[NNC_METRICS_MAX];
  memcpy(given, c->metric_keys, sizeof given);
  for (int i = 1; i < c->nmetrics; i++) {
    int before = 0;
    for (int j = 0; j < i; j++)
      before += !strcmp(given[j], given[i]);
    if (before) {
      snprintf(buf[i], 64, "%.50s_%d", given[i], before);
      c->metric_keys[i] = buf[i];
    }
  }
}

/* compile's metrics (names, which the checker vouched for, and metric objects): each its
 * kind, its log key the name as given, as Keras 3 names them. */
static bool metrics_of(Interp *I, Obj *metrics, nnc_compile_options *c) {
  Obj *const *items;
  int64_t n;
  if (metrics == &I->none || !fe_seq_items(I, metrics, &items, &n))
    return true;
  if (n > NNC_METRICS_MAX) {
    fe_throw(I, EXC_ValueError, "compile: nnc takes at most %d metrics, found %lld",
             NNC_METRICS_MAX, (long long)n);
    return false;
  }
  for (int64_t i = 0; i < n; i++) {
    if (pl_is_kobj(I, items[i], KK_METRIC, KK_METRIC)) {
      metric_object(I, items[i], c);
      continue;
    }
    int k = FE_ISA(I, items[i], str) ? names_find(&names_metrics, FE_STR(items[i])->s) : -1;
    if (k < 0)
      continue;
    c->metrics[c->nmetrics] = (nnc_metric)k;
    c->metric_keys[c->nmetrics] = FE_STR(items[i])->s;
    c->metric_args[c->nmetrics++] = nnc_metric_default_arg((nnc_metric)k);
  }
  return true;
}

/* model.optimizer after compile: the object compile was given, or for a name one made as
 * Keras makes it (keras.optimizers.get('adam')); its learning_rate and iterations are the
 * model's from then on (keras_variable.c). */
static bool keep_optimizer(Interp *I, PlModel *pm, Obj *opt, nnc_optimizer_kind kind) {
  Obj *made = NULL;
  if (FE_ISA(I, opt, str)) {
    Obj *mod = fe_import(I, "keras.optimizers");
    Obj *cls = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, names_optimizers.rows[kind].cls)
                   : NULL;
    made = cls ? fe_call(I, cls, NULL, 0, NULL) : NULL;
    fe_decref(I, mod);
    if (!(opt = made))
      return false;
  }
  KObj *k = (KObj *)opt;
  fe_incref(&pm->hd); /* the optimizer's reference (fe_setref takes it) */
  fe_setref(I, (Obj **)&k->model, &pm->hd);
  bool good = fe_dict_setstr(I, pm->dict, "optimizer", opt) == 0;
  fe_decref(I, made);
  return good;
}

static Obj *m_compile(Interp *I, Obj *self, Obj **args) {
  PlModel *pm = (PlModel *)self;
  Obj *opt = args[0], *loss = args[1], *metrics = args[3];
  static const char *const later[] = {"loss_weights", "weighted_metrics"};
  for (int i = 0; i < 2; i++)
    if (args[i == 0 ? 2 : 4] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "compile(%s=...) is not supported by nnc yet",
                      later[i]);
  nnc_compile_options c;
  if (FE_ISA(I, loss, str)) {
    c = nnc_compile_defaults((nnc_loss_kind)pl_loss_kind(FE_STR(loss)->s));
  } else {
    c = nnc_compile_defaults((nnc_loss_kind)((KObj *)loss)->id);
    loss_options(I, loss, &c);
  }
  c.mixed_bfloat16 = pl_state(I)->mixed_bfloat16;
  PlSchedule ps;  /* the optimizer's schedule, until nnc_model_compile copies it */
  char keys[NNC_METRICS_MAX][64]; /* made unique, until nnc_model_compile copies them */
  c.optimizer = pl_optimizer_options(I, opt, &ps);
  if (I->exc_pending || !metrics_of(I, metrics, &c))
    return NULL;
  unique_keys(&c, keys);
  pm->compiled = ok(I, nnc_model_compile(pm->m, &c));
  if (pm->compiled && !keep_optimizer(I, pm, opt, c.optimizer.kind))
    return NULL;
  pm->metrics_given = metrics != &I->none;
  c.nmetrics = 0;               /* the keys pointed into the list; the model copied them */
  pm->copts = c;
  return pm->compiled ? fe_none(I) : NULL;
}

/* ---- evaluate and predict ---- */

static int64_t batch_of(Interp *I, Obj *v) {
  return v && fe_is_int(I, v) ? ((Int *)v)->v : 32;
}

/* The batches of x (NULL: none) in batches of `batch` samples. */
static int64_t steps_of(const nnc_tensor *x, int64_t batch) {
  int64_t n = x ? nnc_tensor_dim(x, 0) : 0;
  return batch > 0 ? (n + batch - 1) / batch : 0;
}

/* 0 (silent), 1 (the bar on a terminal) or 2 (one plain line), 'auto' being 1. */
static int verbosity(Interp *I, Obj *v) {
  return v && fe_is_int(I, v) ? (int)((Int *)v)->v : 1;
}

/* The line Keras prints when evaluate or predict is done, on the file's stderr. */
static void done_line(Interp *I, int verbose, const nnc_tensor *x, int64_t batch, double t0,
                      double loss, int nmetrics, const char *const *keys, const double *vals) {
  if (!verbose)
    return;
  FILE *out = fe_err(I);
  int64_t steps = (nnc_tensor_dim(x, 0) + batch - 1) / batch;
  keras_progress_total(out, verbose == 1 && isatty(fileno(out)), steps, base_seconds() - t0,
                       loss, nmetrics, keys, vals);
}

typedef struct {
  const char *key;
  double v;
  const double *vals;           /* a vector metric's n values, else NULL */
  int64_t n;
} LogItem;

Obj *pl_metric_value(Interp *I, double v, const double *vals, int64_t n) {
  if (!vals || n == 1)
    return fe_float(I, vals ? vals[0] : v);
  NdArray *a = nd_empty(ND_FLOAT32, 1, &n);
  for (int64_t j = 0; a && j < n; j++)
    ((float *)a->data)[j] = (float)vals[j];
  return pl_array_wrap(I, a);
}

static int by_key(const void *a, const void *b) {
  return strcmp(((const LogItem *)a)->key, ((const LogItem *)b)->key);
}

/* items[0..n) as a dict (sorted by then) or a list; NULL, with the error thrown, on failure. */
static Obj *log_object(Interp *I, const LogItem *items, int n, bool as_dict) {
  Obj *r = as_dict ? fe_dict_new(I) : fe_list_new(I, 0);
  for (int i = 0; r && i < n; i++) {
    Obj *v = pl_metric_value(I, items[i].v, items[i].vals, items[i].n);
    if (!v || (as_dict ? fe_dict_setstr(I, r, items[i].key, v) : fe_list_append(I, r, v)) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, v);
  }
  return r;
}

/* evaluate's result as Keras 3's: the loss, then the metrics in compile's order (the loss
 * alone when there are none), or with return_dict a dict in its logs' sorted order. */
static Obj *evaluate_result(Interp *I, const nnc_model *m, const nnc_metrics *met,
                            bool as_dict) {
  LogItem items[NNC_METRICS_MAX + 1] = {{"loss", met->loss, NULL, 0}}, sorted[NNC_METRICS_MAX + 1];
  for (int i = 0; i < met->nmetrics; i++) {
    const double *vals;
    int64_t n = nnc_model_metric_values(m, i, &vals);
    items[i + 1] = (LogItem){met->metric_keys[i], met->metrics[i], vals, n};
  }
  int n = met->nmetrics + 1;
  memcpy(sorted, items, sizeof sorted);
  qsort(sorted, (size_t)n, sizeof *sorted, by_key);
  if (n == 1 && !as_dict)
    return fe_float(I, met->loss);
  return log_object(I, as_dict ? sorted : items, n, as_dict);
}

static Obj *evaluate_arrays(Interp *I, Obj *self, Obj **args) {
  PlModel *pm = (PlModel *)self;
  build_at_use(I, pm);
  if (!pm->compiled)
    return fe_throw(I, EXC_RuntimeError,
                    "the model is not compiled; call compile(...) before evaluate()");
  nnc_tensor *y, *x = pl_model_xy(I, pm, args[0], "x", args[1], &y, "y");
  nnc_tensor *w = y && args[4] != &I->none /* the loss weighs samples; metrics do not */
      ? pl_tensor_from(I, args[4], NNC_F64, false, "sample_weight") : NULL;
  nnc_metrics met = {.loss = NAN, .accuracy = NAN};
  int64_t batch = batch_of(I, args[2]);
  Obj *hooks = y && (w || args[4] == &I->none)
      ? pl_hooks_list(I, args[6], self, verbosity(I, args[3]), steps_of(x, batch)) : NULL;
  bool hooked = hooks && FE_LIST(hooks)->n > 0;
  double t0 = base_seconds();
  bool done = hooks && (hooked ? pl_hooks_evaluate(I, hooks, pm->m, x, y, w, batch, &met)
                        : ok(I, w ? nnc_model_evaluate_weighted(pm->m, x, y, w, batch, &met)
                                  : nnc_model_evaluate(pm->m, x, y, batch, &met)));
  nnc_tensor_free(w);
  if (done)
    done_line(I, verbosity(I, args[3]), x, batch, t0, met.loss, met.nmetrics, met.metric_keys,
              met.metrics);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  Obj *logs = done && hooked ? evaluate_result(I, pm->m, &met, true) : NULL;
  if (hooked && (!logs || !pl_hooks_notify(I, hooks, 0, INT64_MAX, "on_test_end", &logs, 1)))
    done = false;
  fe_decref(I, logs);
  fe_decref(I, hooks);
  if (!done)
    return NULL;
  return evaluate_result(I, pm->m, &met, fe_truth(I, args[7]) == 1);
}

static Obj *predict_arrays(Interp *I, Obj *self, Obj **args) {
  PlModel *pm = (PlModel *)self;
  build_at_use(I, pm);
  /* Keras predicts with an uncompiled model; the runtime compiles first (any loss will do). */
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  if (!pm->compiled && !(pm->compiled = ok(I, nnc_model_compile(pm->m, &c))))
    return NULL;
  nnc_tensor *x = pl_model_xy(I, pm, args[0], "x", NULL, NULL, NULL), *out = NULL;
  int64_t batch = batch_of(I, args[1]);
  Obj *hooks = x ? pl_hooks_list(I, args[4], self, verbosity(I, args[2]), steps_of(x, batch))
                 : NULL;
  double t0 = base_seconds();
  bool done = hooks && (FE_LIST(hooks)->n > 0 ? pl_hooks_predict(I, hooks, pm->m, x, batch, &out)
                                               : ok(I, nnc_model_predict(pm->m, x, batch, &out)));
  fe_decref(I, hooks);
  if (done)
    done_line(I, verbosity(I, args[2]), x, batch, t0, NAN, 0, NULL, NULL);
  nnc_tensor_free(x);
  if (!done)
    return NULL;
  NdArray *a = nd_from_tensor(out);
  nnc_tensor_free(out);
  return pl_array_wrap(I, a);
}

/* ---- the architecture as Keras serializes it ---- */

/* Compact JSON as Python's json.dumps writes it: ", " and ": " between items, outside the
 * strings. */
static Obj *json_dumps_text(Interp *I, const char *text) {
  size_t n = strlen(text), k = 0;
  char *out = base_malloc(2 * n + 1);
  if (!out)
    return fe_nomem(I);
  for (bool in_str = false; *text; text++) {
    out[k++] = *text;
    if (in_str && *text == '\\' && text[1])
      out[k++] = *++text;
    else if (*text == '"')
      in_str = !in_str;
    else if (!in_str && (*text == ',' || *text == ':'))
      out[k++] = ' ';
  }
  out[k] = 0;
  Obj *r = fe_str_cstr(I, out);
  base_free(out);
  return r;
}

/* model.to_json(): nnc_model_to_json's text; get_config(): its config as Python values. */
static Obj *architecture(Interp *I, Obj *self, const char *member) {
  PlModel *pm = (PlModel *)self;
  build_at_use(I, pm);
  char *text = NULL;
  Obj *r = ok(I, nnc_model_to_json(pm->m, &text))
               ? member ? pl_from_json(I, text, member) : json_dumps_text(I, text) : NULL;
  nnc_string_free(text);
  return r;
}

static Obj *m_to_json(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return architecture(I, self, NULL);
}

static Obj *m_get_config(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return architecture(I, self, "config");
}

/* ---- summary ---- */

/* model.summary(line_length=None): Keras 3's table, nnc_model_summary's, on the file's stdout.
 * The other arguments are refused when given. */
static Obj *m_summary(Interp *I, Obj *self, Obj **args) {
  static const char *const later[] = {"positions", "print_fn", "expand_nested", "show_trainable",
                                      "layer_range"};
  for (int i = 0; i < 5; i++)
    if (fe_truth(I, args[i + 1]) != 0)
      return I->exc_pending ? NULL
          : fe_throw(I, EXC_NotImplementedError, "summary(%s=...) is not supported by nnc yet",
                     later[i]);
  int64_t width = 0;
  if (args[0] != &I->none && fe_as_int(I, args[0], &width) < 0)
    return NULL;
  fflush(fe_out(I));
  if (!ok(I, nnc_model_summary(((PlModel *)self)->m, fe_out(I),
                               (int)(width < 0 ? -1 : width > 10000 ? 10000 : width))))
    return NULL;
  return fe_none(I);
}

/* ---- weights ---- */

static const char *path_of(Interp *I, Obj *v) {
  if (FE_ISA(I, v, str))
    return fe_path_bytes(I, v);
  fe_throw(I, EXC_TypeError, "filepath must be a string, found %s", fe_typename(v));
  return NULL;
}

static Obj *m_save_weights(Interp *I, Obj *self, Obj **args) {
  const char *p = path_of(I, args[0]);
  return p && ok(I, nnc_model_save_weights(((PlModel *)self)->m, p)) ? fe_none(I) : NULL;
}

/* load_weights(filepath, skip_mismatch=False, by_name=None): skip_mismatch loads the layers
 * whose weights match and skips the others with Keras's warning (nnc_model_load_weights_with);
 * by_name, Keras 2's, only for a legacy .h5/.hdf5 file, matches its layers by name. */
static Obj *m_load_weights(Interp *I, Obj *self, Obj **args) {
  const char *p = path_of(I, args[0]);
  int skip = p ? fe_truth(I, args[1]) : -1, by_name = skip >= 0 ? fe_truth(I, args[2]) : -1;
  if (by_name < 0)
    return NULL;
  nnc_model *m = ((PlModel *)self)->m;
  if (args[2] != &I->none && !keras_legacy_h5_name(p))
    return fe_throw(I, EXC_ValueError, "`by_name` only supports loading legacy '.h5' or "
                    "'.hdf5' files. Received: %s", p);
  if (by_name)
    return ok(I, keras_legacy_h5_load_weights(m, "nnc_model_load_weights", p, true, skip))
               ? fe_none(I) : NULL;
  return ok(I, skip ? nnc_model_load_weights_with(m, p, 1) : nnc_model_load_checkpoint(m, p))
             ? fe_none(I) : NULL;
}

/* model.save(filepath, include_optimizer=True): a .keras archive (Keras 3's format, by its
 * name) or Keras's legacy .h5 model file (with Keras's warning), else a checkpoint, or the
 * weights alone. */
static Obj *m_save(Interp *I, Obj *self, Obj **args) {
  const char *p = path_of(I, args[0]);
  nnc_model *m = ((PlModel *)self)->m;
  if (!p)
    return NULL;
  bool legacy = keras_legacy_h5_name(p);
  if (legacy)
    fputs(keras_legacy_h5_warning, fe_err(I));
  bool opt = fe_truth(I, args[2]) == 1;
  if (legacy || keras_ends_with(p, ".keras"))
    return ok(I, nnc_model_save_keras_with(m, p, opt)) ? fe_none(I) : NULL;
  return ok(I, opt ? nnc_model_save_checkpoint(m, p) : nnc_model_save_weights(m, p))
      ? fe_none(I) : NULL;
}

/* model.export(filepath, format='onnx'): Keras 3's spelling; ONNX is the one format nnc
 * writes (Keras's default, a TensorFlow SavedModel, is refused by name). */
static Obj *m_export(Interp *I, Obj *self, Obj **args) {
  const char *p = path_of(I, args[0]);
  if (!p)
    return NULL;
  if (!FE_ISA(I, args[1], str) || strcmp(FE_STR(args[1])->s, "onnx") != 0)
    return fe_throw(I, EXC_ValueError, "model.export: nnc exports format='onnx' only, found %s",
                    FE_ISA(I, args[1], str) ? FE_STR(args[1])->s : fe_typename(args[1]));
  return ok(I, nnc_model_export_onnx(((PlModel *)self)->m, p)) ? fe_none(I) : NULL;
}

/* model.build(input_shape): input_shape with its batch dimension first (None or a count), as
 * Keras takes it; the model is then built (weights made, summary() complete), as at its
 * first fit. */
static Obj *m_build(Interp *I, Obj *self, Obj **args) {
  PlModel *pm = (PlModel *)self;
  Obj *const *items;
  int64_t n, dim[4];
  if (!fe_seq_items(I, args[0], &items, &n))
    return NULL;
  if (n < 2 || n > 4)
    return fe_throw(I, EXC_ValueError, "model.build(input_shape): input_shape is the batch "
                    "size (None) and 1 to 3 dimensions of a sample, found %lld items",
                    (long long)n);
  for (int64_t i = 1; i < n; i++)
    if (fe_as_int(I, items[i], &dim[i - 1]) < 0)
      return NULL;
  if (!ok(I, nnc_model_build(pm->m, (int)n - 1, dim)))
    return NULL;
  note_input(pm);
  if (!pm->built)
    maybe_rebuild(I, pm);
  return fe_none(I);
}

/* model.count_params(): every weight, as Keras counts self.weights, so the moving statistics
 * of BatchNormalization count too (the C API's param count is the trainable ones alone). */
static Obj *m_count_params(Interp *I, Obj *self, Obj **args) {
  (void)args;
  nnc_model *m = ((PlModel *)self)->m;
  return fe_int(I, nnc_model_param_count(m) + nnc_model_non_trainable_count(m));
}

/* evaluate and predict of a tf.data.Dataset: its arrays and batch size for x, y,
 * batch_size (and sample_weight), as in fit; predict takes x alone. */
enum { EVALUATE_NARGS = 8, PREDICT_NARGS = 5 };
static Obj *m_evaluate(Interp *I, Obj *self, Obj **args) {
  PlDataset d;
  int r = pl_dataset_unpack(I, args[0], "evaluate", &d);
  if (r <= 0)
    return r < 0 ? NULL : evaluate_arrays(I, self, args);
  Obj *a[EVALUATE_NARGS], *batch = fe_int(I, d.batch), *res = NULL;
  memcpy(a, args, sizeof a);
  a[0] = d.x, a[1] = d.y, a[2] = batch;
  if (d.sw && args[4] == &I->none)
    a[4] = d.sw;
  if (args[1] != &I->none)
    fe_throw(I, EXC_ValueError, "When providing `x` as a tf.data.Dataset, `y` should not be "
             "passed. Instead, the targets should be included as part of the tf.data.Dataset.");
  else if (!d.y)
    fe_throw(I, EXC_ValueError, "evaluate(): the tf.data.Dataset holds no targets: make it "
             "from (x, y)");
  else if (batch)
    res = evaluate_arrays(I, self, a);
  fe_decref(I, batch);
  pl_dataset_free(I, &d);
  return res;
}

static Obj *m_predict(Interp *I, Obj *self, Obj **args) {
  PlDataset d;
  int r = pl_dataset_unpack(I, args[0], "predict", &d);
  if (r <= 0)
    return r < 0 ? NULL : predict_arrays(I, self, args);
  Obj *a[PREDICT_NARGS], *batch = fe_int(I, d.batch);
  memcpy(a, args, sizeof a);
  a[0] = d.x, a[1] = batch;
  Obj *res = batch ? predict_arrays(I, self, a) : NULL;
  fe_decref(I, batch);
  pl_dataset_free(I, &d);
  return res;
}

/* fit on a tf.data.Dataset: its arrays, batch size and shuffling in place of x, y,
 * batch_size, shuffle (and sample_weight), as Keras's dataset adapter feeds them, with
 * Keras's errors for what a dataset cannot come with; validation_data may be one too. */
enum { FIT_NARGS = 16 };
static Obj *m_fit(Interp *I, Obj *self, Obj **args) {
  PlDataset d, v;
  int r = pl_dataset_unpack(I, args[0], "fit", &d);
  int rv = r < 0 ? -1 : pl_dataset_unpack(I, args[7], "fit", &v);
  if (r < 0 || rv < 0) {
    if (r == 1)
      pl_dataset_free(I, &d);
    return NULL;
  }
  if (r == 0 && rv == 0) {
    build_at_use(I, (PlModel *)self);
    return pl_fit(I, (PlModel *)self, args, false);
  }
  Obj *a[FIT_NARGS];
  memcpy(a, args, sizeof a);
  Obj *batch = NULL, *vdata = NULL, *vbatch = NULL, *steps = NULL, *h = NULL;
  double split = 0;
  if (r == 1 && args[1] != &I->none) {
    fe_throw(I, EXC_ValueError, "When providing `x` as a tf.data.Dataset, `y` should not be "
             "passed. Instead, the targets should be included as part of the tf.data.Dataset.");
    goto done;
  }
  if (r == 1 && (fe_as_double(I, args[6], &split) < 0 || split != 0)) {
    if (!I->exc_pending)
      fe_throw(I, EXC_ValueError, "Argument `validation_split` is only supported for tensors "
               "or NumPy arrays.Found incompatible type in the input: [<class "
               "'tensorflow.python.data.ops.batch_op._BatchDataset'>]");
    goto done;
  }
  if (r == 1 && !d.y) {
    fe_throw(I, EXC_ValueError, "fit(): the tf.data.Dataset holds no targets: make it from "
             "(x, y)");
    goto done;
  }
  /* repeat(): an epoch of steps_per_epoch batches, or of all the passes' batches */
  if (r == 1 && d.endless && args[12] == &I->none) {
    fe_throw(I, EXC_ValueError, "fit(): the tf.data.Dataset repeats without end, so an epoch "
             "would never end: give steps_per_epoch, the batches of an epoch");
    goto done;
  }
  if (r == 1 && d.steps && args[12] != &I->none) {
    fe_throw(I, EXC_NotImplementedError, "fit(steps_per_epoch=...) of a Dataset repeated a "
             "number of times is not supported by nnc yet: repeat() it without end");
    goto done;
  }
  if (rv == 1 && (v.endless || v.steps)) {
    fe_throw(I, EXC_NotImplementedError, "fit(validation_data=...) of a repeated Dataset is not "
             "supported by nnc yet");
    goto done;
  }
  PlState *st = pl_state(I);
  if (r == 1 && fe_truth(I, args[8]) == 1 && !st->warned_dataset_shuffle &&
      !st->warnings_off) { /* Python shows a warning of one place once */
    st->warned_dataset_shuffle = true;
    fprintf(fe_err(I), "UserWarning: `shuffle=True` was passed, but will be ignored since the "
            "data `x` was provided as a tf.data.Dataset. The Dataset is expected to already be "
            "shuffled (via `.shuffle(buffer_size)`).\n");
  }
  if (r == 1) {
    a[0] = d.x, a[1] = d.y, a[8] = d.shuffle ? &I->true_.hd : &I->false_.hd;
    a[2] = batch = fe_int(I, d.batch);
    if (d.steps && batch && !(a[12] = steps = fe_int(I, d.steps)))
      goto done;
    if (d.sw && args[10] == &I->none)
      a[10] = d.sw;
  }
  if (rv == 1) {
    if (!v.y) {
      fe_throw(I, EXC_ValueError, "fit(): the validation tf.data.Dataset holds no targets: "
               "make it from (x, y)");
      goto done;
    }
    a[7] = vdata = fe_tuple_pack(I, 2, v.x, v.y);
    if (args[14] == &I->none)
      a[14] = vbatch = fe_int(I, v.batch);
  }
  if ((r != 1 || batch) && (rv != 1 || (vdata && (args[14] != &I->none || vbatch)))) {
    build_at_use(I, (PlModel *)self);
    h = pl_fit(I, (PlModel *)self, a, r == 1 && (d.endless || d.steps));
  }
done:
  fe_decref(I, batch), fe_decref(I, vdata), fe_decref(I, vbatch), fe_decref(I, steps);
  if (r == 1)
    pl_dataset_free(I, &d);
  if (rv == 1)
    pl_dataset_free(I, &v);
  return h;
}

#define FIT_SIG                                                                            \
  "(x=None, y=None, batch_size: posint|None = None, epochs: posint = 1, "                   \
  "verbose: verbose = 'auto', callbacks=None, validation_split: fraction = 0.0, "           \
  "validation_data=None, shuffle=True, class_weight=None, sample_weight=None, "     \
  "initial_epoch: nonneg = 0, steps_per_epoch: posint|None = None, validation_steps=None, " \
  "validation_batch_size: posint|None = None, validation_freq=1)"

static const FeFnDef sequential_methods[] = {
    {"add", m_add, "(layer, rebuild=True)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef model_methods[] = {
    {"compile", m_compile, "(optimizer: optimizer = 'rmsprop', loss: loss, loss_weights=None, "
                           "metrics: metrics = None, weighted_metrics=None, run_eagerly=False, "
                           "steps_per_execution=1, jit_compile='auto', auto_scale_loss=True)",
                               NULL, NULL},
    {"fit", m_fit, FIT_SIG, "keras.callbacks.History", NULL},
    {"to_json", m_to_json, "()", "str", NULL},
    {"get_config", m_get_config, "()", "dict", NULL},
    {"evaluate", m_evaluate,
     "(x=None, y=None, batch_size: posint|None = None, verbose: verbose = 'auto', "
                             "sample_weight=None, steps=None, callbacks=None, return_dict=False)",
                                 NULL, NULL},
    {"predict", m_predict,
     "(x, batch_size: posint|None = None, verbose: verbose = 'auto', steps=None, "
                           "callbacks=None)", PL_ARRAY, NULL},
    {"summary", m_summary, "(line_length=None, positions=None, print_fn=None, expand_nested=False, "
                           "show_trainable=False, layer_range=None)", NULL, NULL},
    {"save_weights", m_save_weights, "(filepath, overwrite=True)", NULL, NULL},
    {"load_weights", m_load_weights, "(filepath, skip_mismatch=False, by_name=None)", NULL,
     NULL},
    {"save", m_save, "(filepath, overwrite=True, include_optimizer: bool = True)", NULL, NULL},
    {"count_params", m_count_params, "()", NULL, NULL},
    {"build", m_build, "(input_shape)", NULL, NULL},
    {"get_layer", pl_model_get_layer, "(name=None, index=None)", NULL, NULL},
    {"get_weights", pl_model_get_weights, "()", NULL, NULL},
    {"set_weights", pl_model_set_weights, "(weights)", NULL, NULL},
    {"export", m_export, "(filepath, format='tf_saved_model', verbose=None, input_signature=None)",
     NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* model.metrics_names, as Keras 3 names its metrics: the loss tracker's, then one
 * 'compile_metrics' for all that compile() was given (so the old idiom
 * `model.metrics_names[1]` is 'compile_metrics', not 'accuracy'); none before compile(). */
static Obj *get_metrics_names(Interp *I, Obj *self) {
  PlModel *pm = (PlModel *)self;
  if (pm->compiled && pm->metrics_given < 0)
    return fe_throw(I, EXC_NotImplementedError,
                    "metrics_names of a model loaded compiled is not supported by nnc yet");
  Obj *l = fe_list_new(I, 0);
  const char *names[] = {"loss", "compile_metrics"};
  for (int i = 0; l && pm->compiled && i < 1 + pm->metrics_given; i++)
    if (fe_list_append_text(I, l, names[i]) < 0)
      fe_decref(I, l), l = NULL;
  return l;
}

/* model.input_shape and output_shape: (None, ...) of its input or output layer, once the
 * model knows them (an unbuilt Sequential raises Keras's AttributeError) */
static Obj *io_shape(Interp *I, Obj *self, bool output) {
  nnc_model *m = ((PlModel *)self)->m;
  nnc_layer_info li = {.rank = 0};
  int n = nnc_model_layer_count(m);
  for (int i = 0; i < n && nnc_model_layer(m, i, &li) == NNC_OK && output && !li.output; i++)
    ;
  if (li.rank < 1)
    return fe_throw(I, EXC_AttributeError, "%s model '%s' has no defined %s shape yet.",
                    fe_typename(self), model_name(I, self), output ? "output" : "input");
  return pl_batch_shape_tuple(I, li.rank, li.shape);
}

/* A model of several inputs has a list of their shapes, in its input order, as in Keras. */
static Obj *get_input_shape(Interp *I, Obj *self) {
  nnc_model *m = ((PlModel *)self)->m;
  int n = nnc_model_input_count(m, 0, NULL);
  if (n <= 1)
    return io_shape(I, self, false);
  Obj *l = fe_list_new(I, 0);
  for (int k = 0; l && k < n; k++) {
    int id;
    nnc_layer_info li;
    nnc_model_input_count(m, k, &id);
    Obj *t = nnc_model_layer(m, id, &li) == NNC_OK ? pl_batch_shape_tuple(I, li.rank, li.shape)
                                                   : NULL;
    if (!t || fe_list_append(I, l, t) < 0)
      fe_decref(I, l), l = NULL;
    fe_decref(I, t);
  }
  return l;
}

static Obj *get_output_shape(Interp *I, Obj *self) {
  return io_shape(I, self, true);
}

static const FeGetDef model_props[] = {
    {"metrics_names", get_metrics_names, NULL},
    {"input_shape", get_input_shape, NULL},
    {"output_shape", get_output_shape, NULL},
    {"layers", pl_model_layers, NULL},
    {"weights", pl_model_weights, NULL},
    {"variables", pl_model_weights, NULL},
    {"trainable_weights", pl_model_trainable_weights, NULL},
    {"trainable_variables", pl_model_trainable_weights, NULL},
    {"non_trainable_weights", pl_model_non_trainable_weights, NULL},
    {"non_trainable_variables", pl_model_non_trainable_weights, NULL},
    {NULL, NULL, NULL},
};

/* Whether every layer after the input reads the one before it, once: Keras's Sequential. */
static bool is_chain(nnc_model *m) {
  nnc_layer_info li;
  for (int i = 1; i < nnc_model_layer_count(m); i++)
    if (nnc_model_layer(m, i, &li) != NNC_OK || li.ninputs != 1 || li.inputs[0] != i - 1 ||
        li.shared >= 0)
      return false;
  return true;
}

Obj *pl_model_wrap(Interp *I, nnc_model *m, bool compiled) {
  bool chain = is_chain(m);
  Obj *mod = fe_import(I, "keras.models");
  Obj *cls = mod ? fe_getattr_str(I, mod, chain ? "Sequential" : "Model") : NULL;
  PlModel *pm = cls ? new_model(I, cls, NULL, !chain) : NULL;
  fe_decref(I, cls);
  fe_decref(I, mod);
  if (!pm) {
    nnc_model_free(m);
    return NULL;
  }
  nnc_model_free(pm->m);
  pm->m = m;
  pm->compiled = compiled;
  pm->built = true; /* as loaded: no name of the file's counts it */
  pm->metrics_given = -1;
  pm->copts = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  nnc_model_set_seed(m, pl_model_seed(I));
  note_input(pm);
  return (Obj *)pm;
}

/* keras.models.load_model(filepath, custom_objects=None, compile=True, safe_mode=True): a
 * .keras archive or a legacy .h5 file as a Sequential or functional model
 * (nnc_model_load_keras), compiled as its compile_config says; with compile=False the
 * model needs compile before fit, as in Keras. */
static Obj *load_model(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *p = path_of(I, args[0]);
  nnc_model *m = NULL;
  if (!p || !ok(I, nnc_model_load_keras(p, &m)))
    return NULL;
  /* a model loaded compiled has a learning rate */
  bool want = fe_truth(I, args[2]) == 1, compiled = !isnan(nnc_model_learning_rate(m));
  size_t n = strlen(p);
  if (want && !compiled && n >= 3 && !strcmp(p + n - 3, ".h5"))
    fprintf(fe_err(I), "WARNING:absl:No training configuration found in the save file, so the "
            "model was *not* compiled. Compile it manually.\n");
  return pl_model_wrap(I, m, want && compiled);
}

const FeFnDef pl_models_fns[] = {
    {"load_model", load_model, "(filepath, custom_objects=None, compile=True, safe_mode=True)",
     "keras.models.Model", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef pl_models_classes[] = {
    {.name = "Model", .layout = &model_layout, .ctor = model_new,
     .ctor_sig = "(inputs, outputs, name: str|None = None, trainable=True)",
         .methods = model_methods, .props = model_props},
    {.name = "Sequential", .base = "Model", .layout = &model_layout, .ctor = sequential_new,
     .ctor_sig = "(layers=None, trainable=True, name: str|None = None)",
         .methods = sequential_methods},
    {.name = NULL},
};
