/* keras_backend.c — keras.backend: the few names of Keras 3's backend module that tutorials
 * call around a model (clear_session between the folds of a cross-validation, epsilon,
 * floatx), with nnc's answers. tf.keras 2's get_value and set_value, which Keras 3 dropped,
 * are refused by name with what to write instead.
 */
#include "pylib.h"

/* clear_session(): Keras forgets its global state (layer names' counters, the graph). nnc's
 * models hold no global state between them, so nothing is left to clear. */
static Obj *clear_session(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);
}

static Obj *epsilon(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_float(I, 1e-7);
}

static Obj *floatx(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_str_cstr(I, "float32");
}

static Obj *image_data_format(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_str_cstr(I, "channels_last");
}

static Obj *is_keras_tensor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_bool(I, pl_is_ktensor(I, args[0]));
}

static const FeFnDef backend_fns[] = {
    {"clear_session", clear_session, "(free_memory=True)", NULL, NULL},
    {"epsilon", epsilon, "()", NULL, NULL},
    {"floatx", floatx, "()", NULL, NULL},
    {"image_data_format", image_data_format, "()", NULL, NULL},
    {"is_keras_tensor", is_keras_tensor, "(x)", NULL, NULL},
    {"get_value", NULL, "(x)", NULL,
     "keras.backend.get_value is tf.keras 2's and not in Keras 3: read the value itself, such "
     "as float(model.optimizer.learning_rate)"},
    {"set_value", NULL, "(x, value)", NULL,
     "keras.backend.set_value is tf.keras 2's and not in Keras 3: assign the attribute, such "
     "as model.optimizer.learning_rate = 0.01"},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_keras_backend_def = {.name = "keras.backend", .fns = backend_fns};
const FeModuleDef pl_tf_keras_backend_def = {.name = "tensorflow.keras.backend",
                                             .alias_of = "keras.backend"};
