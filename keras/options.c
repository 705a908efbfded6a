/* options.c — the option structs' defaults, which are Keras's defaults.
 *
 * Keras 3: SGD(learning_rate=0.01, momentum=0.0, nesterov=False); Adam(learning_rate=0.001,
 * beta_1=0.9, beta_2=0.999, epsilon=1e-7); RMSprop(learning_rate=0.001, rho=0.9,
 * momentum=0.0, epsilon=1e-7); Dense(use_bias=True, kernel_initializer='glorot_uniform',
 * bias_initializer='zeros'); compile(optimizer='rmsprop'); fit(batch_size=32, epochs=1,
 * shuffle=True, verbose='auto'). Every field is set, so unused ones are never garbage.
 */
#include "keras.h"

static nnc_optimizer base(nnc_optimizer_kind kind, double lr) {
  nnc_optimizer o = {
      .kind = kind, .learning_rate = lr, .momentum = 0.0, .nesterov = 0,
      .beta_1 = 0.9, .beta_2 = 0.999, .rho = 0.9, .epsilon = 1e-7,
  };
  return o;
}

nnc_optimizer nnc_sgd(void) {
  return base(NNC_OPT_SGD, 0.01);
}

nnc_optimizer nnc_adam(void) {
  return base(NNC_OPT_ADAM, 1e-3);
}

nnc_optimizer nnc_rmsprop(void) {
  return base(NNC_OPT_RMSPROP, 1e-3);
}

nnc_dense_options nnc_dense(int64_t units, nnc_activation activation) {
  nnc_dense_options d = {
      .units = units, .activation = activation, .alpha = 0.3, .use_bias = 1,
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
