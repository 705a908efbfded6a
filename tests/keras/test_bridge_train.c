/* test_bridge_train.c — nnc_train_step against the Keras level: a graph written as a Dense
 * layer computes (x @ kernel + bias, the mean squared error) and trained with the model's
 * optimizer on the same batches gives the very weights nnc_model_fit gives, bit for bit;
 * with a learning-rate schedule too, whose step the function counts as fit counts the
 * model's iterations. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "nnc.h"

enum { N = 8, F = 3, EPOCHS = 10 };

/* What a caller may do to its schedule's arrays once nnc_train_step and compile returned. */
static void scribble(const nnc_optimizer *opt) {
  const nnc_lr_schedule *s = opt->learning_rate_schedule;
  if (s && s->kind == NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY) {
    memset((double *)s->boundaries, 0, (size_t)s->nboundaries * sizeof *s->boundaries);
    memset((double *)s->values, 0, (size_t)(s->nboundaries + 1) * sizeof *s->values);
  }
}

static void same_weights_as_fit(nnc_optimizer opt) {
  float x[N * F], y[N];
  for (int i = 0; i < N * F; i++)
    x[i] = (float)((i * 7) % 11) / 5 - 1;
  for (int i = 0; i < N; i++)
    y[i] = x[i * F] - 2 * x[i * F + 1] + 0.5f * x[i * F + 2] + 0.25f;

  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 3), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = opt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *kt = nnc_model_weight(m, "dense/kernel"), *bt = nnc_model_weight(m, "dense/bias");
  cr_assert(kt && bt, "%s", nnc_last_error());
  float kernel[F], bias[1];
  memcpy(kernel, nnc_tensor_data(kt), sizeof kernel);
  memcpy(bias, nnc_tensor_data(bt), sizeof bias);

  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  nnc_value *xv = nnc_input(g, "x", NNC_F32, 2, (int64_t[]){N, F});
  nnc_value *yv = nnc_input(g, "y", NNC_F32, 2, (int64_t[]){N, 1});
  nnc_value *params[2] = {nnc_param(g, "kernel", NNC_F32, 2, (int64_t[]){F, 1}, NNC_INIT_ZEROS),
                          nnc_param(g, "bias", NNC_F32, 1, (int64_t[]){1}, NNC_INIT_ZEROS)};
  nnc_value *pred = nnc_add(g, nnc_matmul(g, xv, params[0]), params[1]);
  nnc_value *loss = nnc_loss(g, NNC_LOSS_MEAN_SQUARED_ERROR, pred, yv, 0);
  nnc_function *f;
  cr_assert_eq(nnc_train_step(g, loss, 2, params, &opt, &f), NNC_OK, "%s", nnc_last_error());
  nnc_lr_schedule sched = opt.learning_rate_schedule ? *opt.learning_rate_schedule
                                                     : nnc_schedule_defaults(0);
  double arrays[8];
  if (sched.kind == NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY) { /* the values before scribble */
    memcpy(arrays, sched.boundaries, (size_t)sched.nboundaries * sizeof *arrays);
    memcpy(arrays + sched.nboundaries, sched.values, (size_t)(sched.nboundaries + 1) * sizeof *arrays);
    sched.boundaries = arrays;
    sched.values = arrays + sched.nboundaries;
  }
  scribble(&opt);
  float l;
  void *args[5] = {x, y, kernel, bias, &l};
  for (int e = 0; e < EPOCHS; e++) {
    cr_assert_eq(nnc_function_iterations(f), e);
    double want = opt.learning_rate_schedule ? nnc_schedule_value(&sched, e) : opt.learning_rate;
    cr_assert_eq(nnc_function_learning_rate(f), (double)(float)want, "step %d: rate %.9g, "
                 "the schedule's %.9g", e, nnc_function_learning_rate(f), want);
    cr_assert_eq(nnc_function_call(f, args), NNC_OK, "%s", nnc_last_error());
  }
  cr_assert_eq(nnc_function_iterations(f), EPOCHS);

  nnc_tensor *xt, *yt;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, F}, &xt), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, 1}, &yt), NNC_OK);
  memcpy(nnc_tensor_data(xt), x, sizeof x);
  memcpy(nnc_tensor_data(yt), y, sizeof y);
  nnc_fit_options fo = nnc_fit_defaults();
  fo.epochs = EPOCHS;
  fo.batch_size = N;
  fo.shuffle = 0;
  fo.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, xt, yt, &fo), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), nnc_function_iterations(f));
  cr_assert_eq(nnc_model_learning_rate(m), nnc_function_learning_rate(f), "next rate %.9g, "
               "fit's %.9g", nnc_function_learning_rate(f), nnc_model_learning_rate(m));
  const float *kw = nnc_tensor_data(kt), *bw = nnc_tensor_data(bt);
  for (int i = 0; i < F; i++)
    cr_assert(memcmp(&kernel[i], &kw[i], sizeof *kw) == 0, "%s kernel[%d]: %.9g, fit's %.9g",
              nnc_optimizer_name(opt.kind), i, (double)kernel[i], (double)kw[i]);
  cr_assert(memcmp(bias, bw, sizeof *bw) == 0, "%s bias: %.9g, fit's %.9g",
            nnc_optimizer_name(opt.kind), (double)bias[0], (double)bw[0]);
  nnc_tensor_free(xt);
  nnc_tensor_free(yt);
  nnc_function_free(f);
  nnc_graph_free(g);
  nnc_model_free(m);
}

Test(bridge_train, sgd_gives_fits_weights) {
  nnc_optimizer o = nnc_sgd();
  o.learning_rate = 0.05;
  same_weights_as_fit(o);
}

Test(bridge_train, sgd_momentum_gives_fits_weights) {
  nnc_optimizer o = nnc_sgd();
  o.learning_rate = 0.05;
  o.momentum = 0.9;
  same_weights_as_fit(o);
}

Test(bridge_train, adam_gives_fits_weights) {
  nnc_optimizer o = nnc_adam();
  o.learning_rate = 0.01;
  same_weights_as_fit(o);
}

/* Each schedule of names/schedules.def but the restarts, with steps short enough for the
 * rate to move within the EPOCHS steps, on SGD and Adam. */
static void scheduled_as_fit(nnc_lr_schedule s) {
  nnc_optimizer o = nnc_sgd();
  o.learning_rate_schedule = &s;
  same_weights_as_fit(o);
  o = nnc_adam();
  o.learning_rate_schedule = &s;
  same_weights_as_fit(o);
}

Test(bridge_train, exponential_decay_gives_fits_weights) {
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_EXPONENTIAL_DECAY);
  s.initial_learning_rate = 0.1;
  s.decay_steps = 3;
  s.decay_rate = 0.5;
  scheduled_as_fit(s);
  s.staircase = 1;
  scheduled_as_fit(s);
}

Test(bridge_train, piecewise_constant_decay_gives_fits_weights) {
  for (int k = NNC_OPT_SGD; k <= NNC_OPT_ADAM; k++) {
    double b[2] = {2, 5}, v[3] = {0.1, 0.05, 0.01}; /* scribbled once both have copies */
    nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY);
    s.nboundaries = 2;
    s.boundaries = b;
    s.values = v;
    nnc_optimizer o = nnc_optimizer_defaults((nnc_optimizer_kind)k);
    o.learning_rate_schedule = &s;
    same_weights_as_fit(o);
  }
}

Test(bridge_train, polynomial_decay_gives_fits_weights) {
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_POLYNOMIAL_DECAY);
  s.initial_learning_rate = 0.1;
  s.decay_steps = 4;
  s.power = 2;
  scheduled_as_fit(s);
  s.cycle = 1;
  scheduled_as_fit(s);
}

Test(bridge_train, inverse_time_decay_gives_fits_weights) {
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_INVERSE_TIME_DECAY);
  s.initial_learning_rate = 0.1;
  s.decay_steps = 2;
  s.decay_rate = 0.7;
  scheduled_as_fit(s);
}

Test(bridge_train, cosine_decay_with_warmup_gives_fits_weights) {
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_COSINE_DECAY);
  s.initial_learning_rate = 0.01;
  s.decay_steps = 6;
  s.alpha = 0.1;
  s.warmup_target = 0.1;
  s.warmup_steps = 3;
  scheduled_as_fit(s);
  s.warmup_target = NAN; /* no warmup */
  scheduled_as_fit(s);
}

Test(bridge_train, cosine_decay_restarts_gives_fits_weights) {
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_COSINE_DECAY_RESTARTS);
  s.initial_learning_rate = 0.1;
  s.first_decay_steps = 3;
  scheduled_as_fit(s);
}

static double halving(int64_t step, void *user) {
  return *(const double *)user / (double)(1 + step);
}

Test(bridge_train, custom_schedule_gives_fits_weights) {
  double lr0 = 0.2;
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_CUSTOM);
  s.fn = halving;
  s.user = &lr0;
  scheduled_as_fit(s);
}
