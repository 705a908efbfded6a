/* keras_layers.c — a model's layer objects.
 *
 * A model keeps the object of each of its nnc layer ids (the layer a model file added or
 * called, a nested model, or one made here when first asked for: an InputLayer, a loaded
 * model's layers), so model.layers gives back the objects the file made. A layer points
 * back to the last model it joined, without a reference (the model resets that pointer
 * when it goes), so layer.name can be the name its model gave it.
 */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

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

static void set_obj(Interp *I, PlModel *pm, int id, Obj *obj) {
  fe_incref(obj);
  fe_setref(I, &FE_LIST(pm->objs)->v[id], obj);
  if (pl_is_kobj(I, obj, KK_DENSE, KK_LAYER)) {
    ((KObj *)obj)->model = pm;
    ((KObj *)obj)->layer_id = id;
  }
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

/* Leaves its model: a layer the model named keeps that name. */
static void keep_name(Interp *I, KObj *k) {
  Obj *n = pl_kobj_arg(I, &k->hd, "name");
  nnc_layer_info li;
  bool unwinding = I->exc_pending != NULL;
  if (k->dict && (!n || n == &I->none) &&
      nnc_model_layer(k->model->m, k->layer_id, &li) == NNC_OK) {
    Obj *s = fe_str_cstr(I, li.name);
    if ((!s || fe_dict_setstr(I, k->dict, "name", s) < 0) && !unwinding)
      fe_decref(I, fe_exc_take(I));   /* out of memory: the layer stays unnamed */
    fe_decref(I, s);
  }
  k->model = NULL;
}

void pl_model_forget(Interp *I, PlModel *pm) {
  for (int64_t i = 0; pm->objs && i < FE_LIST(pm->objs)->n; i++) {
    Obj *o = FE_LIST(pm->objs)->v[i];
    if (o && pl_is_kobj(I, o, KK_DENSE, KK_LAYER) && ((KObj *)o)->model == pm)
      keep_name(I, (KObj *)o);
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
  if (o) {
    ((KObj *)o)->called = true;   /* it is in a model already */
    set_obj(I, pm, id, o);
  }
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

/* ---- the members ---- */

/* layer.name: the name it was given, else the one its model gave it; None before either
 * (where Keras names a layer when it is made). */
static Obj *layer_get_name(Interp *I, Obj *self) {
  const char *s = layer_name(I, self);
  return s ? fe_str_cstr(I, s) : fe_none(I);
}

const FeGetDef pl_layer_props[] = {{"name", layer_get_name, NULL}, {NULL, NULL, NULL}};

