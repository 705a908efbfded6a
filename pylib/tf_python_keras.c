/* tf_python_keras.c — `tensorflow.python.keras`, the private path of TensorFlow's own copy of
 * Keras that older tutorials import from (`from tensorflow.python.keras.layers import Dense`):
 * each module there is nnc's keras module of the same name, as tensorflow.keras is. */
#include "pylib.h"

#define ALIAS(var, sub)                                                                       \
  static const FeModuleDef var = {.name = "tensorflow.python.keras" sub,                      \
                                  .alias_of = "keras" sub};
ALIAS(keras_def, "")
ALIAS(layers_def, ".layers")
ALIAS(models_def, ".models")
ALIAS(optimizers_def, ".optimizers")
ALIAS(losses_def, ".losses")
ALIAS(metrics_def, ".metrics")
ALIAS(callbacks_def, ".callbacks")
ALIAS(utils_def, ".utils")
ALIAS(backend_def, ".backend")
ALIAS(activations_def, ".activations")
ALIAS(initializers_def, ".initializers")
ALIAS(regularizers_def, ".regularizers")
#undef ALIAS

const FeModuleDef *const pl_tf_python_keras_defs[] = {
    &keras_def,       &layers_def,      &models_def,        &optimizers_def,
    &losses_def,      &metrics_def,     &callbacks_def,     &utils_def,
    &backend_def,     &activations_def, &initializers_def,  &regularizers_def,
};
const int pl_tf_python_keras_count =
    (int)(sizeof pl_tf_python_keras_defs / sizeof pl_tf_python_keras_defs[0]);
