/* options.c — the option structs' defaults, which are Keras's defaults.
 *
 * Optimizers take theirs from the params column of names/optimizers.def, where each
 * argument is named as Keras names it and as nnc_optimizer's field is. Keras 3 otherwise:
 * Dense(use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros');
 * compile(optimizer='rmsprop'); fit(batch_size=32, epochs=1, shuffle=True, verbose='auto').
 * Every field is set, so unused ones are never garbage.
 */
#include <math.h>

#include "keras.h"

/* The params column holds Python literals; None (off) is NAN. */
enum { False = 0, True = 1 };
#define None NAN

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
      .struct_size = sizeof d, .units = units, .activation = activation, .use_bias = 1,
      .kernel_initializer = NNC_INIT_GLOROT_UNIFORM, .bias_initializer = NNC_INIT_ZEROS,
      .name = NULL,
  };
  keras_activation_init(activation, d.args);
  return d;
}

nnc_compile_options nnc_compile_defaults(nnc_loss_kind loss) {
  nnc_compile_options c = {
      .struct_size = sizeof c, .loss = loss, .from_logits = 0, .optimizer = nnc_rmsprop(), .accuracy = 0,
      .dtype = NNC_F32,
  };
  ir_loss_defaults((LossKind)loss, c.loss_args);
  for (int i = 0; i < NNC_METRICS_MAX; i++)
    c.f_scores[i] = (nnc_f_score){NNC_F_AVERAGE_NONE, 1, NAN};
  return c;
}

nnc_early_stopping nnc_early_stopping_defaults(void) {
  nnc_early_stopping e = {.enabled = 1, .monitor = NNC_MONITOR_VAL_LOSS, .min_delta = 0,
                          .patience = 0, .mode = NNC_MODE_AUTO, .restore_best_weights = 0,
                          .verbose = 0, .has_baseline = 0, .baseline = NAN,
                          .start_from_epoch = 0};
  return e;
}

nnc_reduce_lr_on_plateau nnc_reduce_lr_on_plateau_defaults(void) {
  nnc_reduce_lr_on_plateau r = {.enabled = 1, .monitor = NNC_MONITOR_VAL_LOSS, .factor = 0.1,
                                .patience = 10, .verbose = 0, .mode = NNC_MODE_AUTO,
                                .min_delta = 1e-4, .cooldown = 0, .min_lr = 0.0};
  return r;
}

nnc_model_checkpoint nnc_model_checkpoint_defaults(const char *filepath) {
  nnc_model_checkpoint c = {.filepath = filepath, .monitor = NNC_MONITOR_VAL_LOSS, .verbose = 0,
                            .save_best_only = 0, .save_weights_only = 0, .mode = NNC_MODE_AUTO,
                            .initial_value_threshold = NAN};
  return c;
}

nnc_evaluate_options nnc_evaluate_defaults(void) {
  return (nnc_evaluate_options){.struct_size = sizeof(nnc_evaluate_options), .batch_size = 32};
}

nnc_fit_options nnc_fit_defaults(void) {
  nnc_fit_options f = {
      .struct_size = sizeof f, .epochs = 1, .batch_size = 32, .validation_split = 0.0, .shuffle = 1, .verbose = 1,
      .on_epoch = NULL, .user = NULL,
      /* the callbacks' Keras defaults, switched off */
      .reduce_lr_on_plateau = nnc_reduce_lr_on_plateau_defaults(),
      .model_checkpoint = nnc_model_checkpoint_defaults(NULL),
      .csv_logger = {.filename = NULL, .separator = ',', .append = 0},
      .tensorboard = {.log_dir = NULL, .write_graph = 1, .write_steps_per_second = 0},
  };
  f.reduce_lr_on_plateau.enabled = 0;
  return f;
}
