/* options.c — the option structs' defaults, which are Keras's defaults.
 *
 * Optimizers take theirs from the params column of names/optimizers.def, where each
 * argument is named as Keras names it and as nnc_optimizer's field is. Keras 3 otherwise:
 * Dense(use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros');
 * compile(optimizer='rmsprop'); fit(batch_size=32, epochs=1, shuffle=True, verbose='auto').
 * Every field is set, so unused ones are never garbage.
 */
#include "keras.h"

/* The params column holds Python literals. */
enum { False = 0, True = 1 };

nnc_optimizer nnc_optimizer_defaults(nnc_optimizer_kind kind) {
  nnc_optimizer o = {.kind = kind};
#define HP(name, type, def) o.name = def;
  /* every field first gets the default of an optimizer that has it, then kind's own */
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) params
#include "optimizers.def"
  switch (kind) {
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) \
  case NNC_OPT_##id: params break;
#include "optimizers.def"
  default: o = nnc_optimizer_defaults(NNC_OPT_SGD);
  }
#undef HP
  return o;
}

nnc_optimizer nnc_sgd(void) {
  return nnc_optimizer_defaults(NNC_OPT_SGD);
}

nnc_optimizer nnc_adam(void) {
  return nnc_optimizer_defaults(NNC_OPT_ADAM);
}

nnc_optimizer nnc_rmsprop(void) {
  return nnc_optimizer_defaults(NNC_OPT_RMSPROP);
}

nnc_dense_options nnc_dense(int64_t units, nnc_activation activation) {
  nnc_dense_options d = {
      .units = units, .activation = activation, .alpha = keras_activation_param(activation),
      .use_bias = 1,
      .kernel_initializer = NNC_INIT_GLOROT_UNIFORM, .bias_initializer = NNC_INIT_ZEROS,
      .name = NULL,
  };
  return d;
}

nnc_compile_options nnc_compile_defaults(nnc_loss_kind loss) {
  nnc_compile_options c = {
      .loss = loss, .from_logits = 0, .optimizer = nnc_rmsprop(), .accuracy = 0,
      .dtype = NNC_F32,
  };
  return c;
}

nnc_fit_options nnc_fit_defaults(void) {
  nnc_fit_options f = {
      .epochs = 1, .batch_size = 32, .validation_split = 0.0, .shuffle = 1, .verbose = 1,
      .on_epoch = NULL, .user = NULL,
  };
  return f;
}
