/* vocab.c — the Keras vocabulary a model file may use, as data.
 *
 * fe_vocab is the one table of callables: every layer, loss, optimizer, callback, model method
 * and builtin, with the namespaces it can be found in, what a call returns, and its parameters
 * in Keras's positional order with their types and Keras's defaults (as Python text). The
 * checker and the lowering read it; neither repeats a parameter list in code.
 *
 * The losses' and optimizers' classes come from their tables (names/losses.def,
 * names/optimizers.def): one callable per row, named by its class, with its parameters and
 * defaults as the row gives them. The string names a user may give instead (activations,
 * initializers, losses, optimizers, metrics, monitors) are those tables' too (names.h).
 *
 * Module paths: tensorflow.keras.X and keras.X are the same namespace, so every callable is
 * reachable by the paths a Keras user writes (tf.keras.layers.Dense, keras.losses.MeanSquaredError).
 */
#include <string.h>

#include "frontend.h"

const FeModule fe_modules[] = {
    {"tensorflow", NS_TF},
    {"tensorflow.keras", NS_KERAS},
    {"tensorflow.keras.layers", NS_LAYERS},
    {"tensorflow.keras.losses", NS_LOSSES},
    {"tensorflow.keras.optimizers", NS_OPTIMIZERS},
    {"tensorflow.keras.callbacks", NS_CALLBACKS},
    {"tensorflow.keras.models", NS_MODELS},
    {"tensorflow.keras.metrics", NS_METRICS},
    {"keras", NS_KERAS},
    {"keras.layers", NS_LAYERS},
    {"keras.losses", NS_LOSSES},
    {"keras.optimizers", NS_OPTIMIZERS},
    {"keras.callbacks", NS_CALLBACKS},
    {"keras.models", NS_MODELS},
    {"keras.metrics", NS_METRICS},
    {"numpy", NS_NUMPY},
    {"sklearn.metrics", NS_SKLEARN},
};
const int fe_nmodules = sizeof fe_modules / sizeof fe_modules[0];

#define P(...) {__VA_ARGS__}
#define KW true
/* A params column of a names/NAME.def (HP(name, type, default) each) as Params, and their count:
 * the {0} keeps an empty column a valid initializer. */
#define HP(name, type, def) P(#name, PT_##type, #def, 0),
#define NPARAMS(...) ((int)(sizeof((const Param[]){__VA_ARGS__{0}}) / sizeof(Param)) - 1)

const Callable fe_vocab[] = {
    /* layers */
    {"Input", FN_INPUT, NS_KERAS | NS_LAYERS, VK_SYMBOLIC, false, 3,
     {P("shape", PT_SHAPE, NULL, 0), P("batch_size", PT_POS_INT | FE_OR_NONE, "None", 0),
      P("name", PT_STR | FE_OR_NONE, "None", KW)}},
    {"Dense", FN_DENSE, NS_LAYERS, VK_LAYER, false, 8,
     {P("units", PT_POS_INT, NULL, 0), P("activation", PT_ACTIVATION, "None", 0),
      P("use_bias", PT_BOOL, "True", 0), P("kernel_initializer", PT_INITIALIZER, "'glorot_uniform'", 0),
      P("bias_initializer", PT_INITIALIZER, "'zeros'", 0),
      P("input_shape", PT_SHAPE | FE_OR_NONE, "None", KW), P("input_dim", PT_POS_INT | FE_OR_NONE, "None", KW),
      P("name", PT_STR | FE_OR_NONE, "None", KW)}},
    {"Activation", FN_ACTIVATION, NS_LAYERS, VK_LAYER, false, 2,
     {P("activation", PT_ACTIVATION, NULL, 0), P("name", PT_STR | FE_OR_NONE, "None", KW)}},
    {"Add", FN_ADD, NS_LAYERS, VK_LAYER, false, 1, {P("name", PT_STR | FE_OR_NONE, "None", KW)}},
    {"Concatenate", FN_CONCATENATE, NS_LAYERS, VK_LAYER, false, 2,
     {P("axis", PT_INT, "-1", 0), P("name", PT_STR | FE_OR_NONE, "None", KW)}},
    /* models */
    {"Sequential", FN_SEQUENTIAL, NS_KERAS | NS_MODELS, VK_MODEL, false, 2,
     {P("layers", PT_LAYERS | FE_OR_NONE, "None", 0), P("name", PT_STR | FE_OR_NONE, "None", KW)}},
    {"Model", FN_MODEL, NS_KERAS | NS_MODELS, VK_MODEL, false, 3,
     {P("inputs", PT_SYMBOLICS, NULL, 0), P("outputs", PT_SYMBOLICS, NULL, 0),
      P("name", PT_STR | FE_OR_NONE, "None", 0)}},
    /* losses: one per row of names/losses.def */
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) \
    {cls, FN_LOSS, NS_LOSSES, VK_LOSS, false, NPARAMS(params), {params{0}}},
#include "losses.def"
    /* optimizers: one per row of names/optimizers.def */
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) \
    {cls, FN_OPTIMIZER, NS_OPTIMIZERS, VK_OPTIMIZER, false, NPARAMS(params), {params{0}}},
#include "optimizers.def"
    /* callbacks */
    {"EarlyStopping", FN_EARLY_STOPPING, NS_CALLBACKS, VK_CALLBACK, false, 6,
     {P("monitor", PT_MONITOR, "'val_loss'", 0), P("min_delta", PT_NONNEG_NUM, "0", 0),
      P("patience", PT_NONNEG_INT, "0", 0), P("verbose", PT_NONNEG_INT, "0", 0), P("mode", PT_MODE, "'auto'", 0),
      P("restore_best_weights", PT_BOOL, "False", KW)}},
    /* model methods */
    {"compile", FN_COMPILE, NS_MODEL, VK_NONE, false, 3,
     {P("optimizer", PT_OPTIMIZER, "'rmsprop'", 0), P("loss", PT_LOSS, NULL, 0),
      P("metrics", PT_METRICS | FE_OR_NONE, "None", 0)}},
    {"fit", FN_FIT, NS_MODEL, VK_HISTORY, false, 10,
     {P("x", PT_TENSOR, NULL, 0), P("y", PT_TENSOR, NULL, 0), P("batch_size", PT_POS_INT | FE_OR_NONE, "32", 0),
      P("epochs", PT_POS_INT, "1", 0), P("verbose", PT_VERBOSE, "'auto'", 0),
      P("callbacks", PT_CALLBACKS | FE_OR_NONE, "None", 0), P("validation_split", PT_FRACTION, "0.0", 0),
      P("validation_data", PT_VALIDATION | FE_OR_NONE, "None", 0), P("shuffle", PT_BOOL, "True", 0),
      P("initial_epoch", PT_NONNEG_INT, "0", KW)}},
    {"evaluate", FN_EVALUATE, NS_MODEL, VK_METRICS, false, 4,
     {P("x", PT_TENSOR, NULL, 0), P("y", PT_TENSOR, NULL, 0), P("batch_size", PT_POS_INT | FE_OR_NONE, "32", 0),
      P("verbose", PT_VERBOSE, "'auto'", 0)}},
    {"predict", FN_PREDICT, NS_MODEL, VK_TENSOR, false, 3,
     {P("x", PT_TENSOR, NULL, 0), P("batch_size", PT_POS_INT | FE_OR_NONE, "32", 0),
      P("verbose", PT_VERBOSE, "'auto'", 0)}},
    {"summary", FN_SUMMARY, NS_MODEL, VK_NONE, false, 1,
     {P("line_length", PT_POS_INT | FE_OR_NONE, "None", 0)}},
    {"save_weights", FN_SAVE_WEIGHTS, NS_MODEL, VK_NONE, false, 1, {P("filepath", PT_PATH, NULL, 0)}},
    {"load_weights", FN_LOAD_WEIGHTS, NS_MODEL, VK_NONE, false, 1, {P("filepath", PT_PATH, NULL, 0)}},
    {"save", FN_SAVE_MODEL, NS_MODEL, VK_NONE, false, 2,
     {P("filepath", PT_PATH, NULL, 0), P("include_optimizer", PT_BOOL, "True", KW)}},
    {"add", FN_ADD_LAYER, NS_MODEL, VK_NONE, false, 1, {P("layer", PT_LAYER, NULL, 0)}},
    /* builtins */
    {"load", FN_LOAD, NS_BUILTIN | NS_NUMPY, VK_TENSOR, false, 1, {P("file", PT_PATH, NULL, 0)}},
    {"save", FN_SAVE, NS_BUILTIN, VK_NONE, false, 2, {P("tensor", PT_TENSOR, NULL, 0), P("file", PT_PATH, NULL, 0)}},
    {"print", FN_PRINT, NS_BUILTIN, VK_NONE, true, 0, {{0}}},
    {"r2_score", FN_R2_SCORE, NS_BUILTIN | NS_SKLEARN, VK_FLOAT, false, 2,
     {P("y_true", PT_TENSOR, NULL, 0), P("y_pred", PT_TENSOR, NULL, 0)}},
};
const int fe_nvocab = sizeof fe_vocab / sizeof fe_vocab[0];

#undef P
#undef KW
#undef HP
#undef NPARAMS

int fe_module_find(const char *path, size_t len) {
  for (int i = 0; i < fe_nmodules; i++)
    if (strlen(fe_modules[i].path) == len && memcmp(fe_modules[i].path, path, len) == 0)
      return i;
  return -1;
}

const Callable *fe_vocab_find(const char *name, unsigned ns) {
  for (int i = 0; i < fe_nvocab; i++)
    if ((fe_vocab[i].ns & ns) && strcmp(fe_vocab[i].name, name) == 0)
      return &fe_vocab[i];
  return NULL;
}

int fe_param_index(const Callable *c, const char *name) {
  for (int i = 0; i < c->nparams; i++)
    if (strcmp(c->params[i].name, name) == 0)
      return i;
  return -1;
}

int fe_string_index(const char *const *names, int n, const char *s) {
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], s) == 0)
      return i;
  return -1;
}
