/* keras_variable.c — keras.Variable, read when asked so that it follows training: one
 * weight of a model (model.weights, named as nnc_model_weight names it), or a compiled
 * model's optimizer's learning rate or iteration count (optimizer.learning_rate,
 * optimizer.iterations), as Keras 3 gives both.
 *
 * An optimizer's variables hold the optimizer object, which holds the model it compiled
 * (KObj.model, set by compile): before that compile the learning rate is the one the
 * optimizer was made with and the iteration count 0, as on a Keras optimizer not yet built.
 * Assigning the learning rate (optimizer.learning_rate = 0.01, or its variable's assign) sets
 * it in the model and in the object, so a later compile keeps it; one that a schedule gives
 * is not settable, with Keras's TypeError.
 */
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pylib.h"
#include "saving.h"

typedef enum { VAR_WEIGHT, VAR_LEARNING_RATE, VAR_ITERATION } VarKind;

typedef struct {
  Obj hd;
  VarKind kind;
  Obj *owner;         /* the PlModel of a weight, the optimizer KObj of the others */
  Obj *path;          /* a str: the weight's name for nnc_model_weight; else Keras's path,
                         "adam/learning_rate" */
} PlVariable;

static void variable_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PlVariable *)o)->owner, NULL);
  fe_setref(I, &((PlVariable *)o)->path, NULL);
}

static void variable_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PlVariable *)o)->owner)
    visit(((PlVariable *)o)->owner, arg);
  if (((PlVariable *)o)->path)
    visit(((PlVariable *)o)->path, arg);
}

static Obj *new_variable(Interp *I, VarKind kind, Obj *owner, const char *path) {
  Obj *mod = fe_import(I, "keras");
  Obj *cls = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, "Variable") : NULL;
  PlVariable *v = cls ? (PlVariable *)fe_new(I, (Class *)cls, sizeof(PlVariable)) : NULL;
  fe_decref(I, mod);
  if (!v)
    return NULL;
  v->kind = kind;
  fe_incref(owner);
  v->owner = owner;
  if (!(v->path = fe_str_cstr(I, path))) {
    fe_decref(I, &v->hd);
    return NULL;
  }
  return &v->hd;
}

Obj *pl_variable_new(Interp *I, PlModel *pm, const char *path) {
  return new_variable(I, VAR_WEIGHT, &pm->hd, path);
}

/* ---- an optimizer's variables ---- */

/* The model the optimizer compiled, or NULL. */
static nnc_model *compiled(Obj *opt) {
  PlModel *pm = ((KObj *)opt)->model;
  return pm && pm->compiled ? pm->m : NULL;
}

/* The name Keras gives the optimizer: its name= or its class's in snake case ("rm_sprop"). */
static void optimizer_name(Interp *I, Obj *opt, char *out, size_t n) {
  Obj *name = pl_kobj_arg(I, opt, "name");
  if (name && FE_ISA(I, name, str))
    snprintf(out, n, "%s", FE_STR(name)->s);
  else
    keras_opt_default_name((nnc_optimizer_kind)((KObj *)opt)->id, out, n);
}

static double learning_rate(Interp *I, Obj *opt) {
  nnc_model *m = compiled(opt);
  Obj *lr = pl_kobj_arg(I, opt, "learning_rate");
  double v = NAN;
  if (m)
    return nnc_model_learning_rate(m);
  if (lr && fe_is_number(I, lr))
    fe_as_double(I, lr, &v);
  else if (lr && pl_is_kobj(I, lr, KK_SCHEDULE, KK_SCHEDULE))
    fe_as_double(I, pl_kobj_arg(I, lr, "initial_learning_rate"), &v);
  return v;
}

static Obj *opt_variable(Interp *I, Obj *opt, VarKind kind) {
  char name[64], path[96];
  optimizer_name(I, opt, name, sizeof name);
  snprintf(path, sizeof path, "%s/%s", name,
           kind == VAR_LEARNING_RATE ? "learning_rate" : "iteration");
  return new_variable(I, kind, opt, path);
}

/* optimizer.learning_rate = value: the model's rate and the object's argument. */
static int set_learning_rate(Interp *I, Obj *opt, Obj *value) {
  Obj *lr = pl_kobj_arg(I, opt, "learning_rate");
  if (lr && pl_is_kobj(I, lr, KK_SCHEDULE, KK_SCHEDULE)) {
    fe_throw(I, EXC_TypeError, "This optimizer was created with a `LearningRateSchedule` "
             "object as its `learning_rate` constructor argument, hence its learning rate is "
             "not settable. If you need the learning rate to be settable, you should "
             "instantiate the optimizer with a float `learning_rate` argument.");
    return -1;
  }
  double v;
  if (fe_as_double(I, value, &v) < 0)
    return -1;
  nnc_model *m = compiled(opt);
  nnc_status st = m ? nnc_model_set_learning_rate(m, v) : NNC_OK;
  if (st != NNC_OK) {
    pl_raise_status(I, st);
    return -1;
  }
  Obj *f = fe_float(I, v);
  int r = f ? fe_dict_setstr(I, ((KObj *)opt)->dict, "learning_rate", f) : -1;
  fe_decref(I, f);
  return r;
}

/* A variable; with a schedule, the schedule's value now as a float32 (Keras's tensor). */
static Obj *opt_learning_rate(Interp *I, Obj *self) {
  Obj *lr = pl_kobj_arg(I, self, "learning_rate");
  if (!lr || !pl_is_kobj(I, lr, KK_SCHEDULE, KK_SCHEDULE))
    return opt_variable(I, self, VAR_LEARNING_RATE);
  NdArray *a = nd_scalar_of(ND_FLOAT32, (NdScalar){.dtype = ND_FLOAT64,
                                                   .f = learning_rate(I, self)});
  return a ? pl_array_wrap(I, a) : pl_nd_raise(I);
}

static Obj *opt_iterations(Interp *I, Obj *self) {
  return opt_variable(I, self, VAR_ITERATION);
}

static Obj *opt_name(Interp *I, Obj *self) {
  char name[64];
  optimizer_name(I, self, name, sizeof name);
  return fe_str_cstr(I, name);
}

/* optimizer.get_config(): Keras 3's dict of its arguments, the learning rate as it is now. */
static Obj *opt_get_config(Interp *I, Obj *self, Obj **args) {
  (void)args;
  PlSchedule ps;
  nnc_optimizer o = pl_optimizer_options(I, self, &ps);
  if (I->exc_pending)
    return NULL;
  if (o.learning_rate_schedule)
    return fe_throw(I, EXC_NotImplementedError, "get_config() of an optimizer with a "
                    "learning-rate schedule is not supported by nnc yet");
  o.learning_rate = (float)learning_rate(I, self);   /* Keras's rate is a float32 variable */
  cJSON *c = keras_optimizer_config(&o);
  char *text = c ? cJSON_PrintUnformatted(c) : NULL, name[64];
  cJSON_Delete(c);
  Obj *r = text ? pl_from_json(I, text, NULL) : fe_nomem(I);
  cJSON_free(text);
  optimizer_name(I, self, name, sizeof name);
  Obj *s = r ? fe_str_cstr(I, name) : NULL;
  if (r && (!s || fe_dict_setstr(I, r, "name", s) < 0))
    fe_setref(I, &r, NULL);
  fe_decref(I, s);
  return r;
}

const FeFnDef pl_optimizer_methods[] = {
    {"get_config", opt_get_config, "()", "dict", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeGetDef pl_optimizer_props[] = {
    {"learning_rate", opt_learning_rate, set_learning_rate},
    {"iterations", opt_iterations, NULL},
    {"name", opt_name, NULL},
    {NULL, NULL, NULL},
};

/* ---- the variable's value ---- */

/* The weight now (training changes it); NULL with an exception if it went. */
static nnc_tensor *weight_tensor(Interp *I, PlVariable *v) {
  nnc_tensor *t = nnc_model_weight(((PlModel *)v->owner)->m, FE_STR(v->path)->s);
  if (!t)
    fe_throw(I, EXC_RuntimeError, "the variable '%s' no longer exists", FE_STR(v->path)->s);
  return t;
}

/* The value as a numpy array: the weight's, or a float32 or int32 scalar's. */
static NdArray *value_of(Interp *I, Obj *self) {
  PlVariable *v = (PlVariable *)self;
  if (v->kind == VAR_WEIGHT) {
    nnc_tensor *t = weight_tensor(I, v);
    NdArray *a = t ? nd_from_tensor(t) : NULL;
    if (t && !a)
      pl_nd_raise(I);
    return a;
  }
  nnc_model *m = compiled(v->owner);
  NdArray *a = v->kind == VAR_LEARNING_RATE
                   ? nd_scalar_of(ND_FLOAT32, (NdScalar){.dtype = ND_FLOAT64,
                                                         .f = learning_rate(I, v->owner)})
                   : nd_scalar_of(ND_INT32, (NdScalar){.dtype = ND_INT64,
                                                       .i = m ? nnc_model_iterations(m) : 0});
  if (!a)
    pl_nd_raise(I);
  return a;
}

bool pl_is_variable(Interp *I, Obj *v) {
  Obj *mod = fe_import(I, "keras");
  Obj *cls = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, "Variable") : NULL;
  fe_decref(I, mod);
  return cls && fe_isinstance(v, (Class *)cls);
}

NdArray *pl_variable_array(Interp *I, Obj *v) {
  return value_of(I, v);
}

static Obj *variable_numpy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  NdArray *a = value_of(I, self);
  return a ? pl_array_wrap(I, a) : NULL;
}

/* A weight's new value, of its shape (Keras's ValueError otherwise), written in place. */
static Obj *assign_weight(Interp *I, PlVariable *v, Obj *value) {
  nnc_tensor *w = weight_tensor(I, v), *t = NULL;
  NdArray *a = w ? pl_array_arg(I, value) : NULL;
  if (!a)
    return NULL;
  int rank = nnc_tensor_rank(w);
  bool same = a->ndim == rank;
  for (int d = 0; same && d < rank; d++)
    same = a->shape[d] == nnc_tensor_dim(w, d);
  if (!same) {
    char x[160], y[160];
    int64_t dim[8];
    for (int d = 0; d < rank && d < 8; d++)
      dim[d] = nnc_tensor_dim(w, d);
    fe_throw(I, EXC_ValueError, "The shape of the target variable and the shape of the target "
             "value in `variable.assign(value)` must match. variable.shape=%s, Received: "
             "value.shape=%s.", base_tuple_text(rank < 8 ? rank : 8, dim, x, sizeof x),
             base_tuple_text(a->ndim, a->shape, y, sizeof y));
  } else if (nd_to_tensor(a, nnc_tensor_dtype(w), &t) != NNC_OK) {
    pl_raise_status(I, NNC_ERR_NOMEM);
  } else {
    memcpy(nnc_tensor_data(w), nnc_tensor_cdata(t),
           (size_t)nnc_tensor_numel(w) * (nnc_tensor_dtype(w) == NNC_F64 ? 8 : 4));
  }
  nd_unref(a);
  nnc_tensor_free(t);
  return I->exc_pending ? NULL : fe_none(I);
}

/* v.assign(value): a weight's value, or an optimizer's learning rate (its iterations are the
 * training's own). */
static Obj *variable_assign(Interp *I, Obj *self, Obj **args) {
  PlVariable *v = (PlVariable *)self;
  if (v->kind == VAR_WEIGHT)
    return assign_weight(I, v, args[0]);
  if (v->kind != VAR_LEARNING_RATE)
    return fe_throw(I, EXC_NotImplementedError, "assign() to '%s' is not supported by nnc yet: "
                    "an optimizer's learning rate and a model's weights are the variables nnc "
                    "assigns", FE_STR(v->path)->s);
  return set_learning_rate(I, v->owner, args[0]) < 0 ? NULL : fe_none(I);
}

static Obj *variable_name(Interp *I, Obj *self) {
  const char *p = FE_STR(((PlVariable *)self)->path)->s, *slash = strrchr(p, '/');
  return fe_str_cstr(I, slash ? slash + 1 : p);
}

/* An optimizer's variable's Keras path ("adam/learning_rate"); a weight's is Keras's layer
 * path, which nnc does not keep. */
static Obj *variable_path(Interp *I, Obj *self) {
  PlVariable *v = (PlVariable *)self;
  if (v->kind == VAR_WEIGHT)
    return fe_throw(I, EXC_NotImplementedError, "a weight's Variable.path is not supported by "
                    "nnc yet: its name is '%s'", FE_STR(v->path)->s);
  fe_incref(v->path);
  return v->path;
}

static Obj *variable_shape(Interp *I, Obj *self) {
  NdArray *a = value_of(I, self);
  Obj *r = a ? pl_shape_tuple(I, a->ndim, a->shape) : NULL;
  nd_unref(a);
  return r;
}

static Obj *variable_dtype(Interp *I, Obj *self) {
  NdArray *a = value_of(I, self);
  Obj *r = a ? fe_str_cstr(I, nd_dtype_name(a->dtype)) : NULL;
  nd_unref(a);
  return r;
}

/* An optimizer's variable as Keras prints it:
 * <Variable path=adam/learning_rate, shape=(), dtype=float32, value=0.0010000000474974513>
 * (the value a Python float of the float32). A weight keeps the generic form. */
static Obj *variable_repr(Interp *I, Obj *self) {
  PlVariable *v = (PlVariable *)self;
  if (v->kind == VAR_WEIGHT)
    return fe_strf(I, "<keras.Variable object>");
  NdArray *a = value_of(I, self);
  if (!a)
    return NULL;
  NdScalar x;
  nd_item(a, &x); /* a scalar's one element */
  nd_unref(a);
  char num[40];
  if (v->kind == VAR_LEARNING_RATE)
    base_repr_double(nd_scalar_to_double(x), num);
  else
    snprintf(num, sizeof num, "%lld", (long long)x.i);
  return fe_strf(I, "<Variable path=%s, shape=(), dtype=%s, value=%s>", FE_STR(v->path)->s,
                 v->kind == VAR_LEARNING_RATE ? "float32" : "int32", num);
}

/* float(v), int(v), and arithmetic with numbers: the value as numpy gives it. */
static Obj *variable_to_number(Interp *I, Obj *self) {
  Obj *arr = variable_numpy(I, self, NULL);
  Obj *n = arr && arr->cls->layout->to_number ? arr->cls->layout->to_number(I, arr) : NULL;
  fe_decref(I, arr);
  return n;
}

/* v * 0.5 and the rest: numpy's result on the value, as Keras computes on the tensor. */
static Obj *variable_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  Obj *self = reflected ? b : a, *arr = variable_numpy(I, self, NULL);
  if (!arr)
    return NULL;
  Obj *r = reflected ? fe_binop(I, op, a, arr) : fe_binop(I, op, arr, b);
  fe_decref(I, arr);
  return r;
}

static const Layout variable_layout = {
    .name = "Variable", .size = sizeof(PlVariable), .clear = variable_clear,
    .traverse = variable_traverse, .repr = variable_repr, .to_number = variable_to_number,
    .binop = variable_binop,
};

static const FeGetDef variable_props[] = {
    {"name", variable_name, NULL}, {"shape", variable_shape, NULL},
    {"dtype", variable_dtype, NULL}, {"path", variable_path, NULL}, {NULL, NULL, NULL},
};
static const FeFnDef variable_methods[] = {
    {"numpy", variable_numpy, "()", PL_ARRAY, NULL},
    {"assign", variable_assign, "(value)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeClassDef variable_classes[] = {
    {.name = "Variable", .layout = &variable_layout, .props = variable_props,
     .methods = variable_methods},
    {.name = NULL},
};
const FeModuleDef pl_keras_variable_def = {.name = "keras", .classes = variable_classes};
