/* optimizer.c — the model's optimizer at run time: its arguments checked at compile, its
 * learning rate (a variable, or a schedule of the iteration count), the iteration count, and
 * the weights that weight decay skips. The update itself is passes/optimizer.c's, compiled
 * into the training step.
 *
 * Invariant: the training step reads its rate from the STATE "<optimizer>/learning_rate",
 * which fit rewrites before every step from keras_lr_at (so changing the rate, by a schedule,
 * a callback or nnc_model_set_learning_rate, never recompiles). The rate is held rounded to
 * the model's dtype, as Keras's float32 variable holds it: what nnc_model_learning_rate
 * returns, callbacks print and History records is the value the step uses.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

double keras_rounded(const nnc_model *m, double x) {
  return m->copt.dtype == NNC_F32 ? (double)(float)x : x;
}

static bool in01(double x) {
  return x >= 0 && x < 1;
}

/* An argument Keras defaults to None: NaN (off), or a number >= 0 (0: off too). */
static bool none_or_nonneg(double x) {
  return isnan(x) || (x >= 0 && isfinite(x));
}

static nnc_status check_clip(const nnc_optimizer *o, const char *fn) {
  const double c[3] = {o->clipnorm, o->clipvalue, o->global_clipnorm};
  int set = 0;
  for (int i = 0; i < 3; i++) {
    if (!none_or_nonneg(c[i]))
      return base_error(NNC_ERR_ARG, "%s: clipnorm, clipvalue and global_clipnorm must be "
                      ">= 0 or NAN (None), found %g", fn, c[i]);
    set += c[i] > 0;
  }
  if (set > 1)
    return base_error(NNC_ERR_ARG, "%s: only one of clipnorm, clipvalue and global_clipnorm can "
                    "be set, found clipnorm=%g, clipvalue=%g, global_clipnorm=%g", fn, c[0], c[1],
                    c[2]);
  return NNC_OK;
}

nnc_status keras_opt_check(const nnc_optimizer *o, const char *fn) {
  const char *name = nnc_optimizer_name(o->kind);
  if (!name)
    return base_error(NNC_ERR_ARG, "%s: unknown optimizer %d", fn, (int)o->kind);
  if (o->learning_rate_schedule) {
    nnc_status s = keras_schedule_check(o->learning_rate_schedule, fn);
    if (s != NNC_OK)
      return s;
  } else if (!(o->learning_rate >= 0) || !isfinite(o->learning_rate)) {
    return base_error(NNC_ERR_ARG, "%s: learning_rate must be >= 0 and finite, found %g", fn,
                    o->learning_rate);
  }
  if (!(in01(o->momentum) || (o->kind == NNC_OPT_RMSPROP && o->momentum >= 0)) ||
      !in01(o->beta_1) || !in01(o->beta_2) || !in01(o->rho))
    return base_error(NNC_ERR_ARG, "%s: momentum, beta_1, beta_2 and rho must be in [0, 1)", fn);
  if (o->kind == NNC_OPT_LION && o->beta_1 == 0)
    return base_error(NNC_ERR_ARG, "%s: lion: beta_1 must be in (0, 1] (at 0 Lion degenerates "
                    "to SignSGD)", fn);
  if (!(o->epsilon >= 0) || !isfinite(o->epsilon) || !(o->initial_accumulator_value >= 0) ||
      !isfinite(o->initial_accumulator_value))
    return base_error(NNC_ERR_ARG, "%s: epsilon and initial_accumulator_value must be >= 0 and "
                    "finite, found %g and %g", fn, o->epsilon, o->initial_accumulator_value);
  if (!none_or_nonneg(o->weight_decay) || (o->kind == NNC_OPT_ADAMW && isnan(o->weight_decay)))
    return base_error(NNC_ERR_ARG, "%s: weight_decay must be a number >= 0%s, found %g", fn,
                    o->kind == NNC_OPT_ADAMW ? " for adamw" : " or NAN (None)", o->weight_decay);
  return check_clip(o, fn);
}

void keras_opt_free(OptState *s) {
  for (int i = 0; i < s->nno_decay; i++)
    base_free(s->no_decay[i]);
  base_free(s->no_decay);
  base_free(s->arrays);
  memset(s, 0, sizeof *s);
}

/* The optimizer of a new compile: the schedule copied, the rate of step 0, no exclusions. */
nnc_status keras_opt_compile(nnc_model *m, const nnc_optimizer *o) {
  keras_opt_free(&m->opt);
  OptState *s = &m->opt;
  if (o->learning_rate_schedule) {
    s->scheduled = true;
    s->sched = *o->learning_rate_schedule;
    if (s->sched.kind == NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY) {
      int n = s->sched.nboundaries;
      s->arrays = base_malloc((size_t)(2 * n + 1) * sizeof *s->arrays);
      if (!s->arrays)
        return base_error(NNC_ERR_NOMEM, "nnc_model_compile: out of memory");
      memcpy(s->arrays, s->sched.boundaries, (size_t)n * sizeof *s->arrays);
      memcpy(s->arrays + n, s->sched.values, (size_t)(n + 1) * sizeof *s->arrays);
      s->sched.boundaries = s->arrays;
      s->sched.values = s->arrays + n;
    }
  }
  s->lr = keras_rounded(m, o->learning_rate);
  return NNC_OK;
}

double keras_lr_at(const nnc_model *m, int64_t iteration) {
  const OptState *s = &m->opt;
  return s->scheduled ? keras_rounded(m, nnc_schedule_value(&s->sched, iteration)) : s->lr;
}

nnc_tensor *keras_state(const nnc_model *m, const char *name) {
  for (int i = 0; i < m->nstates; i++)
    if (strcmp(m->states[i].name, name) == 0)
      return m->states[i].t;
  return NULL;
}

/* The STATE tensor the training step reads its rate from; NULL before one is compiled. */
static nnc_tensor *lr_state(const nnc_model *m) {
  char name[64];
  snprintf(name, sizeof name, "%s/learning_rate", nnc_optimizer_name(m->copt.optimizer.kind));
  return keras_state(m, name);
}

void keras_lr_write(nnc_model *m, int64_t iteration) {
  nnc_tensor *t = lr_state(m);
  if (t)
    rt_tensor_set(t, 0, keras_lr_at(m, iteration));
}

void keras_lr_read(nnc_model *m) {
  const nnc_tensor *t = lr_state(m);
  if (t && !m->opt.scheduled)
    m->opt.lr = rt_tensor_get(t, 0);
}

double nnc_model_learning_rate(const nnc_model *m) {
  KERAS_GUARD(m, NAN);
  return m && m->compiled ? keras_lr_at(m, m->opt.iterations) : NAN;
}

nnc_status nnc_model_set_learning_rate(nnc_model *m, double lr) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_set_learning_rate";
  if (!m || !m->compiled)
    return base_error(NNC_ERR_ARG, "%s: %s", fn, m ? "the model is not compiled" : "model is NULL");
  if (m->opt.scheduled)
    return base_error(NNC_ERR_ARG, "%s: the optimizer was compiled with a learning-rate schedule "
                    "(%s), so its learning rate is not settable; compile it with a number as "
                    "learning_rate to set it", fn, keras_schedule_class(m->opt.sched.kind));
  if (!(lr >= 0) || !isfinite(lr))
    return base_error(NNC_ERR_ARG, "%s: the learning rate must be >= 0 and finite, found %g", fn, lr);
  m->opt.lr = keras_rounded(m, lr);
  keras_lr_write(m, m->opt.iterations);
  return NNC_OK;
}

int64_t nnc_model_iterations(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? m->opt.iterations : 0;
}

static nnc_status no_decay_set(nnc_model *m, int n, const char *const *names) {
  OptState *s = &m->opt;
  char **list = base_calloc((size_t)n + 1, sizeof *list);
  if (!list)
    return base_error(NNC_ERR_NOMEM, "nnc_model_exclude_from_weight_decay: out of memory");
  for (int i = 0; i < n; i++) {
    size_t len = strlen(names[i]) + 1;
    list[i] = base_malloc(len);
    if (!list[i]) {
      for (int j = 0; j < i; j++)
        base_free(list[j]);
      base_free(list);
      return base_error(NNC_ERR_NOMEM, "nnc_model_exclude_from_weight_decay: out of memory");
    }
    memcpy(list[i], names[i], len);
  }
  for (int i = 0; i < s->nno_decay; i++)
    base_free(s->no_decay[i]);
  base_free(s->no_decay);
  s->no_decay = list;
  s->nno_decay = n;
  return NNC_OK;
}

nnc_status nnc_model_exclude_from_weight_decay(nnc_model *m, int n, const char *const *var_names) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_exclude_from_weight_decay";
  if (!m || n < 0 || (n > 0 && !var_names))
    return base_error(NNC_ERR_ARG, "%s: %s", fn, !m ? "model is NULL" : "bad name list");
  for (int i = 0; i < n; i++)
    if (!var_names[i])
      return base_error(NNC_ERR_ARG, "%s: var_names[%d] is NULL", fn, i);
  if (!m->compiled)
    return base_error(NNC_ERR_ARG, "%s: compile the model first (compiling makes a new "
                    "optimizer, with no exclusions)", fn);
  if (m->optimizer_built)
    return base_error(NNC_ERR_ARG, "%s: can only be configured before the optimizer is built "
                    "(before the first fit after compile)", fn);
  nnc_status s = no_decay_set(m, n, var_names);
  if (s == NNC_OK)
    keras_drop_variants(m); /* their updates decay every weight: compile them anew */
  return s;
}
