/* keras_modules.c — the keras and tensorflow modules as tables: where each class and
 * function of the binding lives, the tensorflow.keras spellings (the same module objects),
 * the version, and the seeding calls (tf.random.set_seed, keras.utils.set_random_seed),
 * which seed the run as nnc's --seed does, and keras.mixed_precision's global policy. */
#include <string.h>

#include "pylib.h"

/* tf.random.set_seed seeds the models made afterwards; keras.utils.set_random_seed also
 * Python's random module and numpy's generator, as Keras 3 does. */
static Obj *set_seed(Interp *I, Obj *seed, unsigned also) {
  int64_t s;
  if (fe_as_int(I, seed, &s) < 0)
    return NULL;
  pl_seed_run(I, (uint64_t)s, also);
  return fe_none(I);
}

static Obj *tf_set_seed(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return set_seed(I, args[0], 0);
}

static Obj *utils_set_seed(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return set_seed(I, args[0], PL_SEED_PYTHON | PL_SEED_NUMPY);
}

/* keras.mixed_precision.set_global_policy(policy): 'mixed_bfloat16' or 'float32' (a policy's
 * name; nnc has no Policy objects). Keras reads the policy when a layer is made, nnc when
 * the model is compiled: a file that sets it before building its model, as the guides do,
 * gets the same. */
static Obj *set_global_policy(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_ISA(I, args[0], str))
    return fe_throw(I, EXC_TypeError, "set_global_policy: nnc takes the policy's name as a "
                    "string, such as 'mixed_bfloat16'");
  const char *s = FE_STR(args[0])->s;
  if (strcmp(s, "mixed_bfloat16") && strcmp(s, "float32")) {
    static const char *const known[] = {"mixed_float16", "bfloat16", "float16", "float64"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
      if (!strcmp(s, known[i]))
        return fe_throw(I, EXC_NotImplementedError, "set_global_policy('%s') is not supported "
                        "by nnc yet: only 'mixed_bfloat16' and 'float32'", s);
    return fe_throw(I, EXC_ValueError, "Cannot convert '%s' to a mixed precision DTypePolicy; "
                    "nnc takes 'mixed_bfloat16' or 'float32'", s);
  }
  pl_state(I)->mixed_bfloat16 = s[0] == 'm';
  return fe_none(I);
}

/* keras.utils.to_categorical(x, num_classes=None): one-hot float64 rows of the class ids
 * in x (a trailing axis of 1 dropped), as Keras 3 gives them. */
static Obj *to_categorical(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdArray *a = pl_array_arg(I, args[0]), *ids = a ? nd_astype(a, ND_INT64) : NULL;
  nd_unref(a);
  if (!ids)
    return I->exc_pending ? NULL : pl_nd_raise(I);
  int ndim = ids->ndim;
  int64_t shape[ND_MAXDIM + 1], k = 0, n = ids->size;
  memcpy(shape, ids->shape, sizeof ids->shape);
  if (ndim > 1 && shape[ndim - 1] == 1)
    ndim--;
  const int64_t *v = (const int64_t *)ids->data;
  for (int64_t i = 0; i < n; i++)
    k = v[i] + 1 > k ? v[i] + 1 : k;
  if (args[1] != &I->none && fe_as_int(I, args[1], &k) < 0) {
    nd_unref(ids);
    return NULL;
  }
  shape[ndim] = k;
  NdArray *r = ndim < ND_MAXDIM ? nd_zeros(ND_FLOAT64, ndim + 1, shape) : NULL;
  for (int64_t i = 0; r && i < n; i++) {
    if (v[i] < 0 || v[i] >= k) {
      nd_unref(r);
      nd_unref(ids);
      return fe_throw(I, EXC_IndexError, "index %lld is out of bounds for axis 1 with size %lld",
                      (long long)v[i], (long long)k);
    }
    ((double *)r->data)[i * k + v[i]] = 1;
  }
  nd_unref(ids);
  return r ? pl_array_wrap(I, r) : pl_nd_raise(I);
}

/* Names of keras's submodules the top level repeats: keras.Sequential is keras.models'. */
static int reexport(Interp *I, Obj *m, const char *from, const char *const *names) {
  Obj *src = fe_import(I, from);
  if (!src)
    return -1;
  for (int i = 0; names[i]; i++) {
    Obj *v = fe_dict_getstr(I, ((Module *)src)->dict, names[i]);
    if (!v || fe_dict_setstr(I, ((Module *)m)->dict, names[i], v) < 0) {
      fe_decref(I, src);
      if (!v)
        fe_throw(I, EXC_RuntimeError, "internal error: %s.%s is missing", from, names[i]);
      return -1;
    }
  }
  fe_decref(I, src);
  return 0;
}

static int keras_init(Interp *I, Obj *m) {
  static const char *const models[] = {"Sequential", "Model", NULL},
      *const layers[] = {"Input", NULL};
  return reexport(I, m, "keras.models", models) < 0 || reexport(I, m, "keras.layers", layers) < 0
      ? -1 : 0;
}

/* keras.saving: Keras 3's home of load_model, which keras.models also holds, and
 * save_model(model, filepath), which is model.save(filepath). */
static int saving_init(Interp *I, Obj *m) {
  static const char *const models[] = {"load_model", NULL};
  return reexport(I, m, "keras.models", models);
}

static Obj *save_model(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *save = fe_getattr_str(I, args[0], "save");
  Obj *r = save ? fe_call(I, save, &args[1], 1, NULL) : NULL;
  fe_decref(I, save);
  return r;
}

static const FeFnDef saving_fns[] = {
    {"save_model", save_model, "(model, filepath)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeConstDef version[] = {
    {"__version__", FC_STR, 0, 0, PL_KERAS_VERSION},
    {NULL, FC_NONE, 0, 0, NULL},
};

/* tf.__version__: a TensorFlow whose tf.keras is Keras 3 (2.16 on), as programs that test
 * the version (`tf.__version__ >= "2"`) expect; keras.__version__ is Keras's own. */
static const FeConstDef tf_version[] = {
    {"__version__", FC_STR, 0, 0, "2.20.0"},
    {NULL, FC_NONE, 0, 0, NULL},
};

static const FeFnDef random_fns[] = {
    {"set_seed", tf_set_seed, "(seed)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef utils_fns[] = {
    {"set_random_seed", utils_set_seed, "(seed)", NULL, NULL},
    {"to_categorical", to_categorical, "(x, num_classes=None)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef mixed_precision_fns[] = {
    {"set_global_policy", set_global_policy, "(policy)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef tf_fns[] = {
    {"function", NULL, "(*args, **kwargs)", NULL,
     "tf.function is not available in nnc model files: nnc compiles the whole training step "
         "itself"},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_keras_def = {.name = "keras", .consts = version, .checks = pl_keras_checks,
                                  .init = keras_init};
const FeModuleDef pl_keras_layers_def = {.name = "keras.layers", .fns = pl_layers_fns,
                                         .classes = pl_layers_classes};
const FeModuleDef pl_keras_losses_def = {.name = "keras.losses", .classes = pl_losses_classes};
const FeModuleDef pl_keras_optimizers_def = {.name = "keras.optimizers",
                                             .classes = pl_optimizers_classes};
const FeModuleDef pl_keras_schedules_def = {.name = "keras.optimizers.schedules",
                                            .classes = pl_schedules_classes};
const FeModuleDef pl_tf_keras_schedules_def = {.name = "tensorflow.keras.optimizers.schedules",
                                               .alias_of = "keras.optimizers.schedules"};
const FeModuleDef pl_keras_callbacks_def = {.name = "keras.callbacks",
                                            .classes = pl_callbacks_classes};
const FeModuleDef pl_keras_history_def = {.name = "keras.callbacks", .classes = pl_history_classes};
const FeModuleDef pl_keras_models_def = {.name = "keras.models", .classes = pl_models_classes,
                                         .fns = pl_models_fns};
const FeModuleDef pl_keras_saving_def = {.name = "keras.saving", .fns = saving_fns,
                                         .init = saving_init};
const FeModuleDef pl_tf_keras_saving_def = {.name = "tensorflow.keras.saving",
                                            .alias_of = "keras.saving"};
const FeModuleDef pl_keras_metrics_def = {.name = "keras.metrics", .classes = pl_metrics_classes};
const FeModuleDef pl_keras_utils_def = {.name = "keras.utils", .fns = utils_fns};
const FeModuleDef pl_keras_initializers_def = {.name = "keras.initializers",
                                               .classes = pl_initializers_classes};
const FeModuleDef pl_tf_keras_initializers_def = {.name = "tensorflow.keras.initializers",
                                                  .alias_of = "keras.initializers"};
const FeModuleDef pl_keras_regularizers_def = {.name = "keras.regularizers",
                                               .classes = pl_regularizers_classes};
const FeModuleDef pl_tf_keras_regularizers_def = {.name = "tensorflow.keras.regularizers",
                                                  .alias_of = "keras.regularizers"};
const FeModuleDef pl_keras_constraints_def = {.name = "keras.constraints",
                                              .classes = pl_constraints_classes};
const FeModuleDef pl_tf_keras_constraints_def = {.name = "tensorflow.keras.constraints",
                                                 .alias_of = "keras.constraints"};

const FeModuleDef pl_tensorflow_def = {.name = "tensorflow", .fns = tf_fns,
                                      .consts = tf_version};
const FeModuleDef pl_tf_random_def = {.name = "tensorflow.random", .fns = random_fns};
const FeModuleDef pl_tf_keras_def = {.name = "tensorflow.keras", .alias_of = "keras"};
const FeModuleDef pl_tf_keras_layers_def = {.name = "tensorflow.keras.layers",
                                            .alias_of = "keras.layers"};
const FeModuleDef pl_tf_keras_losses_def = {.name = "tensorflow.keras.losses",
                                            .alias_of = "keras.losses"};
const FeModuleDef pl_tf_keras_optimizers_def = {.name = "tensorflow.keras.optimizers",
                                                .alias_of = "keras.optimizers"};
const FeModuleDef pl_tf_keras_callbacks_def = {.name = "tensorflow.keras.callbacks",
                                               .alias_of = "keras.callbacks"};
const FeModuleDef pl_tf_keras_models_def = {.name = "tensorflow.keras.models",
                                            .alias_of = "keras.models"};
const FeModuleDef pl_tf_keras_metrics_def = {.name = "tensorflow.keras.metrics",
                                             .alias_of = "keras.metrics"};
const FeModuleDef pl_tf_keras_utils_def = {.name = "tensorflow.keras.utils",
                                           .alias_of = "keras.utils"};
const FeModuleDef pl_keras_mixed_precision_def = {.name = "keras.mixed_precision",
                                                 .fns = mixed_precision_fns};
const FeModuleDef pl_tf_keras_mixed_precision_def = {.name = "tensorflow.keras.mixed_precision",
                                                    .alias_of = "keras.mixed_precision"};

/* Keras 2's np_utils, which Keras 3 removed; older tutorials import it for to_categorical. */
#define NP_UTILS "Keras 3 removed it; to_categorical is keras.utils.to_categorical"
const FeModuleDef pl_keras_np_utils_def = {.name = "keras.utils.np_utils", .refusal = NP_UTILS};
const FeModuleDef pl_tf_keras_np_utils_def = {.name = "tensorflow.keras.utils.np_utils",
                                              .refusal = NP_UTILS};
