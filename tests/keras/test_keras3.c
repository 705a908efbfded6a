/* test_keras3.c — nnc trains as Keras 3 does. reference/keras3_reference.h holds what real
 * Keras 3 (JAX backend, float32) computed: a Dense(2) on 3 inputs from fixed weights, two
 * epochs of two batches of 4 under MSE, for each optimizer with its arguments (clipping,
 * weight decay, schedules as learning rate), the kernel, bias and logged loss after every
 * step; and each schedule's rate at steps 0..11. reference/keras3_reference.py writes it.
 * Arguments are set by their Keras names through the params columns of names/optimizers.def
 * and names/schedules.def, so a row whose field name drifts from Keras's fails here. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keras.h"
#include "reference/keras3_reference.h"

/* A field of a Keras argument, written from a double whatever its C type. */
static void put_int(int *f, double v) { *f = (int)v; }
static void put_double(double *f, double v) { *f = v; }
static void put_none(const void *f, double v) { (void)f, (void)v; cr_assert_fail("a list"); }
#define PUT(field, v)                                                                        \
  _Generic(&(field), int *: put_int, double *: put_double, default: put_none)(&(field), v)

static bool optimizer_arg(nnc_optimizer *o, const char *name, double v) {
#define HP(f, type, def)         \
  if (strcmp(name, #f) == 0) {   \
    PUT(o->f, v);                \
    return true;                 \
  }
#define OPTIMIZER(id, nm, cls, rule, slots, params, doc) params
#include "optimizers.def"
#undef HP
  return false;
}

static bool schedule_arg(nnc_lr_schedule *s, const char *name, double v) {
#define HP(f, type, def)         \
  if (strcmp(name, #f) == 0) {   \
    PUT(s->f, v);                \
    return true;                 \
  }
#define SCHEDULE(id, cls, value, params, doc) params
#include "schedules.def"
#undef HP
  return false;
}

static nnc_lr_schedule schedule(const char *cls, const RefArg *args) {
  static const char *const classes[] = {
#define SCHEDULE(id, c, value, params, doc) [NNC_SCHEDULE_##id] = c,
#include "schedules.def"
  };
  int k = 0;
  while (k < (int)(sizeof classes / sizeof *classes) && strcmp(classes[k], cls) != 0)
    k++;
  cr_assert_lt(k, (int)(sizeof classes / sizeof *classes), "no schedule %s", cls);
  nnc_lr_schedule s = nnc_schedule_defaults((nnc_schedule_kind)k);
  for (const RefArg *a = args; a->name; a++)
    cr_assert(schedule_arg(&s, a->name, a->value), "%s has no argument %s", cls, a->name);
  return s;
}

static bool close_to(double got, double want, double tol) {
  return fabs(got - want) <= tol * (1 + fabs(want));
}

/* What on_batch saw after each step. */
typedef struct {
  nnc_model *m;
  int n;
  float kernel[REF_STEPS][6], bias[REF_STEPS][2], loss[REF_STEPS];
} Steps;

static void keep(const nnc_batch_log *log, void *user) {
  Steps *s = user;
  cr_assert_lt(s->n, REF_STEPS);
  memcpy(s->kernel[s->n], nnc_tensor_cdata(nnc_model_kernel(s->m, 0)), sizeof s->kernel[0]);
  memcpy(s->bias[s->n], nnc_tensor_cdata(nnc_model_bias(s->m, 0)), sizeof s->bias[0]);
  s->loss[s->n++] = (float)log->loss;
}

static nnc_tensor *matrix(int64_t rows, int64_t cols, const float *data) {
  int64_t shape[2] = {rows, cols};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, shape, &t), NNC_OK);
  memcpy(nnc_tensor_data(t), data, (size_t)(rows * cols) * sizeof *data);
  return t;
}

static nnc_model *reference_model(const RefCase *c, nnc_lr_schedule *sched) {
  nnc_optimizer_kind kind;
  cr_assert_eq(nnc_optimizer_from_name(c->cls, &kind), NNC_OK, "%s", nnc_last_error());
  nnc_compile_options co = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  co.optimizer = nnc_optimizer_defaults(kind);
  for (const RefArg *a = c->args; a->name; a++)
    cr_assert(optimizer_arg(&co.optimizer, a->name, a->value), "%s: no argument %s", c->name,
              a->name);
  if (c->schedule) {
    *sched = schedule(c->schedule, c->schedule_args);
    co.optimizer.learning_rate_schedule = sched;
  }
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 3), NNC_OK);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  cr_assert_eq(nnc_model_compile(m, &co), NNC_OK, "%s: %s", c->name, nnc_last_error());
  if (c->exclude)
    cr_assert_eq(nnc_model_exclude_from_weight_decay(m, 1, &c->exclude), NNC_OK, "%s",
                 nnc_last_error());
  memcpy(nnc_tensor_data(nnc_model_kernel(m, 0)), ref_kernel, sizeof ref_kernel);
  memcpy(nnc_tensor_data(nnc_model_bias(m, 0)), ref_bias, sizeof ref_bias);
  return m;
}

static void check_case(const RefCase *c) {
  nnc_lr_schedule sched;
  Steps s = {.m = reference_model(c, &sched)};
  nnc_tensor *x = matrix(8, 3, ref_x[0]), *y = matrix(8, 2, ref_y[0]);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2;
  f.batch_size = 4;
  f.shuffle = 0;
  f.verbose = 0;
  f.on_batch = keep;
  f.user = &s;
  cr_assert_eq(nnc_model_fit(s.m, x, y, &f), NNC_OK, "%s: %s", c->name, nnc_last_error());
  cr_assert_eq(s.n, REF_STEPS);
  for (int t = 0; t < REF_STEPS; t++) {
    for (int i = 0; i < 6; i++)
      cr_expect(close_to(s.kernel[t][i], c->kernel[t][i], 2e-6), "%s step %d kernel[%d]: %.9g, "
                "Keras %.9g", c->name, t + 1, i, s.kernel[t][i], c->kernel[t][i]);
    for (int i = 0; i < 2; i++)
      cr_expect(close_to(s.bias[t][i], c->bias[t][i], 2e-6), "%s step %d bias[%d]: %.9g, Keras "
                "%.9g", c->name, t + 1, i, s.bias[t][i], c->bias[t][i]);
    cr_expect(close_to(s.loss[t], c->loss[t], 2e-6), "%s step %d loss: %.9g, Keras %.9g",
              c->name, t + 1, s.loss[t], c->loss[t]);
  }
  cr_expect_eq(nnc_model_iterations(s.m), REF_STEPS, "%s", c->name);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(s.m);
}

Test(keras3, every_optimizer_trains_as_keras) {
  for (size_t i = 0; i < sizeof ref_cases / sizeof *ref_cases; i++)
    check_case(&ref_cases[i]);
}

Test(keras3, every_schedule_gives_keras_rates) {
  for (size_t i = 0; i < sizeof ref_schedules / sizeof *ref_schedules; i++) {
    const RefSchedule *r = &ref_schedules[i];
    nnc_lr_schedule s = schedule(r->cls, r->args);
    s.nboundaries = r->nboundaries;
    s.boundaries = r->boundaries;
    s.values = r->values;
    for (int step = 0; step < REF_SCHEDULE_STEPS; step++) {
      double v = nnc_schedule_value(&s, step);
      /* Keras computes in float32: its values carry float32 rounding */
      cr_expect(close_to(v, r->value[step], 1e-6), "%s #%zu at step %d: %.9g, Keras %.9g",
                r->cls, i, step, v, r->value[step]);
    }
  }
}

/* The rate is a runtime value: setting it takes effect at the next step with nothing
 * recompiled (the step reads it from its STATE), as assigning Keras's optimizer.learning_rate does; a schedule's is not settable. */
Test(keras3, learning_rate_is_a_value_the_next_step_reads) {
  const RefCase *sgd = &ref_cases[0];
  cr_assert_str_eq(sgd->name, "sgd");
  nnc_lr_schedule sched;
  nnc_model *m = reference_model(sgd, &sched);
  cr_assert_float_eq(nnc_model_learning_rate(m), (float)0.1, 0);
  cr_assert_eq(nnc_model_set_learning_rate(m, 0.5), NNC_OK, "%s", nnc_last_error());
  cr_assert_float_eq(nnc_model_learning_rate(m), 0.5, 0);
  nnc_tensor *x = matrix(4, 3, ref_x[0]), *y = matrix(4, 2, ref_y[0]);
  nnc_fit_options f = nnc_fit_defaults();
  f.batch_size = 4;
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  /* Keras's first SGD step at 0.1 moved the bias by Δ; at 0.5 it moves by 5Δ */
  float want = ref_bias[0] + 5 * (sgd->bias[0][0] - ref_bias[0]);
  cr_assert(close_to(((float *)nnc_tensor_data(nnc_model_bias(m, 0)))[0], want, 1e-5));
  cr_assert_eq(nnc_model_set_learning_rate(m, -1), NNC_ERR_ARG);
  nnc_model_free(m);

  m = reference_model(&ref_cases[sizeof ref_cases / sizeof *ref_cases - 1], &sched);
  cr_assert_eq(nnc_model_set_learning_rate(m, 0.5), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "CosineDecay"), "%s", nnc_last_error());
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* A checkpoint keeps the step count, so a schedule resumes where it was. */
Test(keras3, checkpoint_keeps_the_schedule_step) {
  const RefCase *c = &ref_cases[sizeof ref_cases / sizeof *ref_cases - 2];
  cr_assert_str_eq(c->name, "sgd_exponential_decay");
  nnc_lr_schedule sched;
  nnc_model *m = reference_model(c, &sched);
  nnc_tensor *x = matrix(8, 3, ref_x[0]), *y = matrix(8, 2, ref_y[0]);
  nnc_fit_options f = nnc_fit_defaults();
  f.batch_size = 4;
  f.shuffle = 0;
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  char path[] = "/tmp/nnc_keras3_XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  close(fd);
  cr_assert_eq(nnc_model_save_checkpoint(m, path), NNC_OK, "%s", nnc_last_error());
  nnc_model *r = reference_model(c, &sched);
  cr_assert_eq(nnc_model_load_checkpoint(r, path), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(r), 2);
  cr_assert_float_eq(nnc_model_learning_rate(r), (float)(0.1 * 0.5), 0);
  f.initial_epoch = 1;
  f.epochs = 2;
  cr_assert_eq(nnc_model_fit(r, x, y, &f), NNC_OK, "%s", nnc_last_error());
  for (int i = 0; i < 6; i++)
    cr_expect(close_to(((float *)nnc_tensor_data(nnc_model_kernel(r, 0)))[i], c->kernel[3][i],
                       2e-6), "kernel[%d]", i);
  unlink(path);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  nnc_model_free(r);
}

/* ---- callbacks and fit's arguments: the files Keras's CSVLogger and ModelCheckpoint
 * wrote ---- */

static double halve_at_odd_epochs(int epoch, double lr, void *user) {
  (void)user;
  return epoch % 2 ? lr * 0.5 : lr;
}

/* The callback of reference case r, as keras3_reference.py made it. */
static void set_callback(const RefCallbacks *r, nnc_fit_options *f, const char *dir,
                         char *pattern, size_t cap) {
  if (strcmp(r->name, "reduce_lr_on_plateau") == 0) {
    nnc_reduce_lr_on_plateau p = nnc_reduce_lr_on_plateau_defaults();
    p.monitor = NNC_MONITOR_LOSS, p.factor = 0.5, p.patience = 2, p.min_delta = 10;
    p.cooldown = 1, p.min_lr = 0.02;
    f->reduce_lr_on_plateau = p;
  } else if (strcmp(r->name, "lr_scheduler") == 0) {
    f->lr_scheduler.schedule = halve_at_odd_epochs;
  } else if (strcmp(r->name, "early_stopping") == 0) {
    nnc_early_stopping e = nnc_early_stopping_defaults();
    e.monitor = NNC_MONITOR_LOSS, e.min_delta = 10, e.patience = 2;
    e.has_baseline = 1, e.baseline = 0.5, e.start_from_epoch = 2;
    f->early_stopping = e;
  } else if (strcmp(r->name, "steps_per_epoch") == 0) {
    f->batch_size = 2, f->steps_per_epoch = 3;
  } else if (strcmp(r->name, "validation_batch_size") == 0) {
    f->validation_split = 0.25, f->validation_batch_size = 1;
  } else {
    bool best = strcmp(r->name, "checkpoint_best_only") == 0;
    snprintf(pattern, cap, best ? "%s/best-{epoch}.weights.h5"
                                : "%s/w-{epoch:02d}-{loss:.3f}.weights.h5", dir);
    nnc_model_checkpoint c = nnc_model_checkpoint_defaults(pattern);
    c.monitor = NNC_MONITOR_LOSS, c.save_weights_only = 1;
    if (best)
      c.mode = NNC_MODE_MAX, c.save_best_only = 1;
    f->model_checkpoint = c;
  }
}

/* Field by field: numbers within rounding (Keras logs float32 means), the rest exactly. */
static void same_csv(const char *name, const char *got, const char *want, char sep) {
  const char *g = got, *w = want;
  while (*g && *w) {
    size_t gl = strcspn(g, (char[]){sep, '\r', '\0'}), wl = strcspn(w, (char[]){sep, '\r', '\0'});
    char *ge, *we;
    double gv = strtod(g, &ge), wv = strtod(w, &we);
    if (ge == g + gl && we == w + wl && gl && wl)
      cr_expect(close_to(gv, wv, 2e-6), "%s: %.*s, Keras %.*s", name, (int)gl, g, (int)wl, w);
    else
      cr_expect(gl == wl && strncmp(g, w, gl) == 0, "%s: '%.*s', Keras '%.*s'", name, (int)gl,
                g, (int)wl, w);
    g += gl, w += wl;
    cr_assert_eq(*g, *w, "%s: the CSV's layout differs at '%s' (Keras: '%s')", name, g, w);
    if (*g == '\r')
      g++, w++; /* \r\n, as Python's csv writes rows */
    if (*g)
      g++, w++;
  }
  cr_expect(!*g && !*w, "%s: the CSV's length differs", name);
}

/* The sorted names of the files in dir but log.csv, by spaces; each is removed. */
static void files_in(const char *dir, char *out, size_t cap) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cd '%s' && ls | grep -v '^log.csv$' | LC_ALL=C sort | tr '\\n' ' '",
           dir);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  size_t n = fread(out, 1, cap - 1, p);
  pclose(p);
  while (n > 0 && out[n - 1] == ' ')
    n--;
  out[n] = '\0';
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
}

static void check_callbacks(const RefCallbacks *r) {
  nnc_lr_schedule unused;
  nnc_model *m = reference_model(&ref_cases[0], &unused); /* SGD(learning_rate=0.1) */
  char dir[] = "/tmp/nnc_callbacks_XXXXXX", csv_path[64], pattern[128];
  cr_assert(mkdtemp(dir));
  snprintf(csv_path, sizeof csv_path, "%s/log.csv", dir);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = r->epochs, f.batch_size = 4, f.shuffle = 0, f.verbose = 0;
  f.csv_logger = (nnc_csv_logger){csv_path, r->separator, 0};
  set_callback(r, &f, dir, pattern, sizeof pattern);
  nnc_tensor *x = matrix(8, 3, ref_x[0]), *y = matrix(8, 2, ref_y[0]);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s: %s", r->name, nnc_last_error());
  cr_expect_eq(nnc_model_epoch(m), r->epochs_run, "%s", r->name);
  FILE *csv = fopen(csv_path, "rb");
  cr_assert(csv, "%s: no CSV", r->name);
  char text[4096];
  text[fread(text, 1, sizeof text - 1, csv)] = '\0';
  fclose(csv);
  same_csv(r->name, text, r->csv, r->separator);
  char files[1024];
  files_in(dir, files, sizeof files);
  cr_expect_str_eq(files, r->files, "%s", r->name);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(keras3, callbacks_write_what_keras_writes) {
  for (size_t i = 0; i < sizeof ref_callbacks / sizeof *ref_callbacks; i++)
    check_callbacks(&ref_callbacks[i]);
}
